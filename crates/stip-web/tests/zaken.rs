//! From plan to permit, in-process: an application made from a real Vergunningcheck (the Gemeentestad toepasbare
//! regels at the Stationsplein plan), completed, submitted once however often it is sent, handled by an official
//! with a request for information that stops the clock, decided with conditions, made public — with the PDFs read
//! back by poppler's pdftotext as an independent reader. Then every endpoint for every role.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::browser::Browser;
use common::gemeentestad::{BIJGEBOUW, OPPERVLAKTE, PDF, PLEK, complete_aanvraag, gemeentestad};
use common::persoon::{Persoon, api, bytes, persoon, upload};
use common::spawn_app;
use serde_json::{Value, json};
use stip_store::Rol;
use time::{Duration, OffsetDateTime};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";

/// The text of a PDF as poppler reads it; `None` (with a note) without pdftotext unless fixtures are required.
fn pdftotext(pdf: &[u8]) -> Option<String> {
    let pad = std::env::temp_dir().join(format!("stip-zaak-{}.pdf", uuid::Uuid::new_v4().simple()));
    std::fs::write(&pad, pdf).unwrap();
    let uit = std::process::Command::new("pdftotext").arg("-layout").arg(&pad).arg("-").output();
    let _ = std::fs::remove_file(&pad);
    match uit {
        Ok(o) if o.status.success() => Some(String::from_utf8_lossy(&o.stdout).into_owned()),
        _ if std::env::var("STIP_REQUIRE_FIXTURES").as_deref() == Ok("1") => {
            panic!("pdftotext is needed (poppler-utils)")
        }
        _ => {
            eprintln!("note: pdftotext missing; the PDF's text is not checked");
            None
        }
    }
}

/// One line per run of white space, so wrapped PDF text can be searched for a phrase.
fn vlak(tekst: &str) -> String {
    tekst.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn datum_nl(d: time::Date) -> String {
    const M: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    format!("{} {} {}", d.day(), M[usize::from(u8::from(d.month())) - 1], d.year())
}

#[tokio::test]
async fn an_application_goes_from_the_vergunningcheck_to_a_public_permit_with_every_step_on_record() {
    let Some(app) = gemeentestad().await else { return };
    let jan = persoon(&app, "Jan Jansen", &[Rol::Initiatiefnemer], None).await;
    let ambtenaar = persoon(&app, "Aisha Ambtenaar", &[Rol::Behandelaar], Some("gm0297")).await;
    let buur = persoon(&app, "Bea Buur", &[Rol::Belanghebbende], None).await;

    // A draft from the check: the activity with its conclusion, the authority, and what is still missing.
    let leeg = api(
        &app,
        "POST",
        "/api/v1/aanvragen",
        Some(&jan),
        Some(json!({ "activiteiten": [BIJGEBOUW], "antwoorden": { OPPERVLAKTE: 30 }, "x": PLEK.0, "y": PLEK.1 })),
    )
    .await;
    assert_eq!(leeg.status, 201, "{}", leeg.body);
    let leeg = leeg.json();
    assert_eq!(leeg["procedure"], "regulier");
    assert_eq!(leeg["aanvraag"]["activiteiten"][0]["conclusie"], "Vergunningplicht");
    assert_eq!(leeg["aanvraag"]["bevoegdGezag"], "gm0297");
    let ontbreekt: Vec<&str> =
        leeg["ontbreekt"].as_array().unwrap().iter().map(|o| o["veld"].as_str().unwrap()).collect();
    assert!(ontbreekt.contains(&"omschrijving"), "{ontbreekt:?}");
    let zonder_sleutel = Request::post(format!("/api/v1/aanvragen/{}/indienen", leeg["id"].as_str().unwrap()))
        .header("authorization", format!("Bearer {}", jan.token))
        .body(Body::empty())
        .unwrap();
    let onvolledig = app.request(zonder_sleutel).await;
    assert_eq!(onvolledig.status, 400, "without an Idempotency-Key: {}", onvolledig.body);
    let r = Request::post(format!("/api/v1/aanvragen/{}/indienen", leeg["id"].as_str().unwrap()))
        .header("authorization", format!("Bearer {}", jan.token))
        .header("idempotency-key", "k0")
        .body(Body::empty())
        .unwrap();
    let onvolledig = app.request(r).await;
    assert_eq!(onvolledig.status, 422, "{}", onvolledig.body);
    assert_eq!(onvolledig.json()["code"], "incomplete");
    assert!(onvolledig.json()["fouten"].as_array().unwrap().iter().any(|f| f["vraag"] == "omschrijving"));

    // Complete it, then submit twice at once with one key: one case, the same receipt twice.
    let a = complete_aanvraag(&app, &jan).await;
    assert_eq!(a["ontbreekt"], json!([]), "{a}");
    let id = a["id"].as_str().unwrap().to_string();
    let stuur = || {
        let r = Request::post(format!("/api/v1/aanvragen/{id}/indienen"))
            .header("authorization", format!("Bearer {}", jan.token))
            .header("idempotency-key", "dubbelklik-1")
            .body(Body::empty())
            .unwrap();
        app.request(r)
    };
    let (een, twee) = tokio::join!(stuur(), stuur());
    let mut statussen = [een.status, twee.status];
    statussen.sort();
    assert_eq!(statussen, [200, 201], "{} / {}", een.body, twee.body);
    let (e, t) = (een.json(), twee.json());
    assert_eq!(e["zaaknummer"], t["zaaknummer"], "one case");
    let zaak = e["zaak"].as_str().unwrap().to_string();
    let zaaknummer = e["zaaknummer"].as_str().unwrap().to_string();
    // Dated by the Dutch calendar (stip_zaak::tijd), whatever the server's clock zone.
    let nu = stip_app::Klok::nu(&app.klok);
    assert!(zaaknummer.starts_with(&format!("Z-{}-", nu.year())), "{zaaknummer}");
    let vandaag = nu.date();
    // 8 weeks, moved past a weekend or public holiday (Algemene termijnenwet).
    let beslissen_voor = stip_zaak::kalender::einde(vandaag + Duration::weeks(8));
    assert_eq!(e["termijn"]["uitersteBeslisdatum"], beslissen_voor.to_string());
    assert_eq!(e["termijn"]["beslistermijnWeken"], 8);
    insta::assert_json_snapshot!("ontvangstbevestiging", e, {
        ".zaak" => "[zaak-id]", ".zaaknummer" => "[zaaknummer]", ".ontvangen" => "[tijdstip]", ".pdf" => "[pdf]",
        ".termijn.ingediend" => "[vandaag]", ".termijn.uitersteBeslisdatum" => "[vandaag + 8 weken, op een werkdag]",
        ".termijn.dagenOver" => "[56 of meer]",
    });
    let anders = Request::post(format!("/api/v1/aanvragen/{id}/indienen"))
        .header("authorization", format!("Bearer {}", jan.token))
        .header("idempotency-key", "een-andere-poging")
        .body(Body::empty())
        .unwrap();
    assert_eq!(app.request(anders).await.status, 409, "another key on a submitted application");
    let mijn = api(&app, "GET", "/api/v1/zaken", Some(&jan), None).await.json();
    assert_eq!(mijn["zaken"].as_array().unwrap().len(), 1);

    // The receipt holds exactly what was submitted.
    let (status, pdf) = bytes(&app, &format!("/api/v1/zaken/{zaak}/ontvangstbevestiging.pdf"), &jan).await;
    assert_eq!(status, 200);
    if let Some(tekst) = pdftotext(&pdf) {
        let tekst = vlak(&tekst);
        assert!(tekst.contains(&zaaknummer), "{tekst}");
        assert!(tekst.contains("Een schuur van 30 m² achter het huis."), "{tekst}");
        assert!(tekst.contains(&datum_nl(beslissen_voor)), "{tekst}");
        assert!(tekst.contains("Vingerafdruk (SHA-256)"), "{tekst}");
    }

    // The official sees it in the queue, takes it and asks for a photo: the clock stops.
    let rij = api(&app, "GET", "/api/v1/zaken", Some(&ambtenaar), None).await.json();
    assert_eq!(rij["zaken"][0]["zaaknummer"], zaaknummer.as_str());
    assert_eq!(rij["zaken"][0]["team"], "Vergunningen");
    let neem = json!({ "soort": "in_behandeling_genomen", "behandelaar": uuid::Uuid::nil(), "behandelaarNaam": "", "team": null });
    let z = api(&app, "POST", &format!("/api/v1/zaken/{zaak}/gebeurtenissen"), Some(&ambtenaar), Some(neem)).await;
    assert_eq!(z.status, 201, "{}", z.body);
    assert_eq!(z.json()["behandelaarNaam"], "Aisha Ambtenaar");
    let uiterlijk = (vandaag + Duration::weeks(2)).to_string();
    let vraag = json!({ "soort": "aanvulling_gevraagd", "vraag": "Stuur een foto van de plek.", "documenten": ["Foto"], "uiterlijk": uiterlijk });
    let z =
        api(&app, "POST", &format!("/api/v1/zaken/{zaak}/gebeurtenissen"), Some(&ambtenaar), Some(vraag)).await.json();
    assert_eq!(z["status"], "aanvulling_gevraagd");
    assert_eq!(z["termijn"]["risico"], "opgeschort");
    let nu = z["voortgang"].as_array().unwrap().iter().find(|s| s["stand"] == "nu").unwrap().clone();
    assert_eq!((nu["sleutel"].as_str(), nu["actieAanvrager"].as_bool()), (Some("aanvullen"), Some(true)));

    // Jan supplies the photo; a renamed program is refused by its content, with the file named.
    let nep =
        upload(&app, &format!("/api/v1/zaken/{zaak}/documenten?naam=foto.png"), &jan, b"MZ\x90\0 program".to_vec())
            .await;
    assert_eq!(nep.status, 415, "{}", nep.body);
    assert!(nep.json()["detail"].as_str().unwrap().starts_with("foto.png is geen PDF"), "{}", nep.body);
    let foto = upload(&app, &format!("/api/v1/zaken/{zaak}/documenten?naam=foto.png"), &jan, PNG.to_vec()).await;
    assert_eq!(foto.status, 201, "{}", foto.body);
    let foto = foto.json();
    assert_eq!(foto["mediatype"], "image/png");
    // A supplement cannot name a document that is not this case's own.
    let vreemd = json!({ "soort": "aangevuld", "toelichting": "x", "documenten": [uuid::Uuid::now_v7()] });
    let z = api(&app, "POST", &format!("/api/v1/zaken/{zaak}/gebeurtenissen"), Some(&jan), Some(vreemd)).await;
    assert_eq!(z.status, 400, "{}", z.body);
    assert!(z.body.contains("hoort niet bij deze zaak"), "{}", z.body);
    let aangevuld = json!({ "soort": "aangevuld", "toelichting": "Hierbij de foto.", "documenten": [foto["id"]] });
    let z = api(&app, "POST", &format!("/api/v1/zaken/{zaak}/gebeurtenissen"), Some(&jan), Some(aangevuld)).await;
    assert_eq!(z.status, 201, "{}", z.body);
    assert_eq!(z.json()["status"], "in_behandeling");
    let (status, terug) =
        bytes(&app, &format!("/api/v1/zaken/{zaak}/documenten/{}", foto["id"].as_str().unwrap()), &ambtenaar).await;
    assert_eq!((status, terug.as_slice()), (200, PNG), "the official reads the photo byte for byte");

    // Jan cannot decide; the official decides with a condition and makes it known.
    let besluit = json!({ "uitkomst": "verleend", "motivering": "De schuur past in het omgevingsplan.", "voorschriften": ["Gebruik geen glanzende dakpannen."] });
    assert_eq!(
        api(&app, "POST", &format!("/api/v1/zaken/{zaak}/besluit"), Some(&jan), Some(besluit.clone())).await.status,
        403
    );
    let z = api(&app, "POST", &format!("/api/v1/zaken/{zaak}/besluit"), Some(&ambtenaar), Some(besluit)).await;
    assert_eq!(z.status, 201, "{}", z.body);
    let bekend = json!({ "soort": "bekendgemaakt", "datum": vandaag.to_string() });
    let z =
        api(&app, "POST", &format!("/api/v1/zaken/{zaak}/gebeurtenissen"), Some(&ambtenaar), Some(bekend)).await.json();
    assert_eq!(z["status"], "bekendgemaakt");
    let bezwaar = stip_zaak::kalender::einde(vandaag + Duration::weeks(6));
    assert_eq!(z["bezwaarTot"], bezwaar.to_string());
    let soorten: Vec<&str> =
        z["gebeurtenissen"].as_array().unwrap().iter().map(|g| g["soort"].as_str().unwrap()).collect();
    assert_eq!(
        soorten,
        ["ingediend", "in_behandeling_genomen", "aanvulling_gevraagd", "aangevuld", "besluit_genomen", "bekendgemaakt"]
    );
    let volgnummers: Vec<i64> =
        z["gebeurtenissen"].as_array().unwrap().iter().map(|g| g["volgnummer"].as_i64().unwrap()).collect();
    assert_eq!(volgnummers, [1, 2, 3, 4, 5, 6]);
    // The case view as the OpenAPI document describes it, events and all; the queue row too.
    let doc = app.get("/api/v1/openapi.json").await.json();
    let afwijkingen = common::schema::afwijkingen(&doc, "post", "/zaken/{id}/gebeurtenissen", "201", &z);
    assert!(afwijkingen.is_empty(), "{afwijkingen:#?}");
    let rij = api(&app, "GET", "/api/v1/zaken", Some(&ambtenaar), None).await.json();
    let afwijkingen = common::schema::afwijkingen(&doc, "get", "/zaken", "200", &rij);
    assert!(afwijkingen.is_empty(), "{afwijkingen:#?}");
    let te_vroeg = api(
        &app,
        "POST",
        &format!("/api/v1/zaken/{zaak}/gebeurtenissen"),
        Some(&ambtenaar),
        Some(json!({"soort": "onherroepelijk"})),
    )
    .await;
    assert_eq!(te_vroeg.status, 409, "final only after the objection term: {}", te_vroeg.body);
    assert_eq!(te_vroeg.json()["code"], "invalid_step");

    // The permit as PDF: decision, condition, objection date.
    let (status, pdf) = bytes(&app, &format!("/api/v1/zaken/{zaak}/besluit.pdf"), &jan).await;
    assert_eq!(status, 200);
    if let Some(tekst) = pdftotext(&pdf) {
        let tekst = vlak(&tekst);
        assert!(tekst.contains("Omgevingsvergunning"), "{tekst}");
        assert!(tekst.contains("Gebruik geen glanzende dakpannen."), "{tekst}");
        assert!(tekst.contains(&format!("tot en met {}", datum_nl(bezwaar))), "{tekst}");
    }

    // Now it is public: the neighbour sees the decision, not the application's documents or history.
    let publiek = api(&app, "GET", &format!("/api/v1/zaken/{zaak}"), Some(&buur), None).await;
    assert_eq!(publiek.status, 200, "{}", publiek.body);
    let publiek = publiek.json();
    assert_eq!(publiek["alleenOpenbaar"], true);
    assert_eq!(publiek["besluit"]["besluit"]["uitkomst"], "verleend");
    assert!(publiek.get("aanvraag").is_none() && publiek.get("gebeurtenissen").is_none(), "{publiek}");
    let afwijkingen = common::schema::afwijkingen(&doc, "get", "/zaken/{id}", "200", &publiek);
    assert!(afwijkingen.is_empty(), "{afwijkingen:#?}");
    assert!(!publiek.to_string().contains("Een schuur van 30"), "not the applicant's own description: {publiek}");
    let (status, pdf) = bytes(&app, &format!("/api/v1/zaken/{zaak}/besluit.pdf"), &buur).await;
    assert_eq!(status, 200);
    if let Some(tekst) = pdftotext(&pdf) {
        assert!(!tekst.contains("Jan Jansen"), "the neighbour gets the anonymised decision: {tekst}");
        assert!(tekst.contains("de aanvrager") || tekst.contains("De aanvrager"), "{tekst}");
    }
    assert_eq!(bytes(&app, &format!("/api/v1/zaken/{zaak}/ontvangstbevestiging.pdf"), &buur).await.0, 404);
}

#[tokio::test]
async fn uploads_of_the_wrong_kind_or_too_large_get_a_message_that_names_the_file_and_the_limit() {
    let Some(app) = gemeentestad().await else { return };
    let jan = persoon(&app, "Jan Jansen", &[Rol::Initiatiefnemer], None).await;
    let a = complete_aanvraag(&app, &jan).await;
    let id = a["id"].as_str().unwrap();
    let html =
        upload(&app, &format!("/api/v1/aanvragen/{id}/documenten?naam=plan.pdf"), &jan, b"<html><script>".to_vec())
            .await;
    assert_eq!(html.status, 415);
    assert_eq!(
        html.json()["detail"],
        "plan.pdf is geen PDF, PNG, JPEG of IFC-bestand (stip kijkt naar de inhoud, niet naar de naam)"
    );
    let mut groot = PDF.to_vec();
    groot.resize(stip_zaak::document::MAX_DOCUMENT_BYTES + 1, b' ');
    let te_groot = upload(&app, &format!("/api/v1/aanvragen/{id}/documenten?naam=groot.pdf"), &jan, groot).await;
    assert_eq!(te_groot.status, 413, "{}", te_groot.body);
    assert!(te_groot.json()["detail"].as_str().unwrap().contains("50 MB"), "{}", te_groot.body);
    let mut veel_te_groot = PDF.to_vec();
    veel_te_groot.resize(stip_web::UPLOAD_BODY_BYTES + 1, b' ');
    let weg = upload(&app, &format!("/api/v1/aanvragen/{id}/documenten?naam=enorm.pdf"), &jan, veel_te_groot).await;
    assert_eq!(weg.status, 413, "{}", weg.body);
    let ifc = b"ISO-10303-21;\nHEADER;\nFILE_DESCRIPTION(('ViewDefinition'),'2;1');\nFILE_SCHEMA(('IFC4'));\nENDSEC;\nDATA;\nENDSEC;\nEND-ISO-10303-21;\n";
    let model = upload(&app, &format!("/api/v1/aanvragen/{id}/documenten?naam=model.ifc"), &jan, ifc.to_vec()).await;
    assert_eq!(model.status, 201, "{}", model.body);
    assert_eq!(model.json()["mediatype"], "application/x-step");
    let na = api(&app, "GET", &format!("/api/v1/aanvragen/{id}"), Some(&jan), None).await.json();
    let namen: Vec<&str> =
        na["aanvraag"]["documenten"].as_array().unwrap().iter().map(|d| d["naam"].as_str().unwrap()).collect();
    assert!(!namen.contains(&"plan.pdf") && !namen.contains(&"groot.pdf") && namen.contains(&"model.ifc"), "{namen:?}");
}

#[tokio::test]
async fn a_person_walks_from_the_check_outcome_through_the_draft_to_the_receipt_and_the_official_takes_it_in_the_backoffice()
 {
    let Some(app) = gemeentestad().await else { return };
    let jan = persoon(&app, "Jan Jansen", &[Rol::Initiatiefnemer], None).await;
    let ambtenaar = persoon(&app, "Aisha Ambtenaar", &[Rol::Behandelaar], Some("gm0297")).await;
    let mut b = Browser::new(&app);
    let query = format!(
        "activiteit={}&x={}&y={}&antwoord.{}=30",
        common::encode(BIJGEBOUW),
        PLEK.0,
        PLEK.1,
        common::encode(OPPERVLAKTE)
    );
    let niet_ingelogd = b.post_form(&format!("/aanvragen?{query}"), &[]).await;
    assert_eq!(niet_ingelogd.status, 303, "first log in");
    assert!(niet_ingelogd.header("location").unwrap().starts_with("/inloggen"));
    b.zet_cookie(stip_web::auth::SESSIE_COOKIE, &jan.token);
    let uitkomst = b.get(&format!("/vergunningcheck/uitkomst?{query}")).await;
    assert!(uitkomst.body.contains("Begin uw aanvraag"), "the outcome offers to start an application");
    let nieuw = b.post_form(&format!("/aanvragen?{query}"), &[]).await;
    assert_eq!(nieuw.status, 303, "{}", nieuw.body);
    let pagina = nieuw.header("location").unwrap().to_string();
    let concept = b.get(&pagina).await;
    assert_eq!(concept.status, 200);
    assert!(concept.body.contains("Uw aanvraag is nog niet compleet"), "{}", concept.body);
    assert!(
        concept.body.contains("Beschrijf in een paar zinnen wat u wilt doen."),
        "the checklist says what is missing"
    );
    let id = pagina.trim_start_matches("/aanvragen/").to_string();
    let a = api(&app, "GET", &format!("/api/v1/aanvragen/{id}"), Some(&jan), None).await.json();
    assert_eq!(a["aanvraag"]["activiteiten"][0]["antwoorden"][OPPERVLAKTE], "30", "the check's answers come along");
    let mut velden = vec![
        ("versie".to_string(), a["versie"].to_string()),
        ("titel".into(), "Schuur".into()),
        ("omschrijving".into(), "Een schuur.".into()),
    ];
    for v in
        a["aanvraag"]["activiteiten"][0]["vereisten"].as_array().unwrap().iter().filter(|v| v["soort"] == "gegeven")
    {
        velden.push((format!("gegeven.{}", v["id"].as_str().unwrap()), "ja".into()));
    }
    let paren: Vec<(&str, &str)> = velden.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let bewaard = b.post_form(&pagina, &paren).await;
    assert_eq!(bewaard.status, 200, "{}", bewaard.body);
    assert!(bewaard.body.contains("Uw wijzigingen zijn bewaard."));
    for v in
        a["aanvraag"]["activiteiten"][0]["vereisten"].as_array().unwrap().iter().filter(|v| v["soort"] == "document")
    {
        let r = b
            .post_multipart(
                &format!("{pagina}/documenten"),
                &[("vereiste", v["id"].as_str().unwrap())],
                &[("bestand", "tekening.pdf", PDF)],
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert!(r.body.contains("Het document is toegevoegd."), "{}", r.body);
    }
    let fout = b
        .post_multipart(&format!("{pagina}/documenten"), &[("vereiste", "overig")], &[("bestand", "virus.pdf", b"MZ")])
        .await;
    assert!(fout.body.contains("virus.pdf is geen PDF"), "the page names the refused file: {}", fout.body);
    let zonder_token = app
        .request(
            Request::post(format!("{pagina}/documenten"))
                .header("cookie", format!("{}={}", stip_web::auth::SESSIE_COOKIE, jan.token))
                .header("content-type", "multipart/form-data; boundary=x")
                .body(Body::from("--x\r\nContent-Disposition: form-data; name=\"bestand\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.4\r\n--x--\r\n"))
                .unwrap(),
        )
        .await;
    assert_eq!(zonder_token.status, 403, "an upload without the CSRF token is refused");
    let klaar = b.get(&pagina).await;
    assert!(klaar.body.contains("Uw aanvraag is compleet."), "{}", klaar.body);
    let sleutel = klaar.body.split("name=\"sleutel\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let ingediend = b.post_form(&format!("{pagina}/indienen"), &[("sleutel", &sleutel)]).await;
    assert_eq!(ingediend.status, 303, "{}", ingediend.body);
    let nogmaals = b.post_form(&format!("{pagina}/indienen"), &[("sleutel", &sleutel)]).await;
    assert_eq!(nogmaals.header("location"), ingediend.header("location"), "a double click lands on the same case");
    let ontvangen = b.get(ingediend.header("location").unwrap()).await;
    assert!(ontvangen.body.contains("Uw aanvraag is ontvangen"), "{}", ontvangen.body);
    assert!(ontvangen.body.contains("Ontvangstbevestiging (PDF)"));
    let mijn = b.get("/mijn").await;
    assert!(mijn.body.contains("Schuur") && mijn.body.contains("Ontvangen"), "{}", mijn.body);

    // From scratch: an empty draft, then the check for it adds its activity to that same draft.
    let leeg = b.post_form("/aanvragen", &[]).await;
    assert_eq!(leeg.status, 303, "{}", leeg.body);
    let leeg_pagina = leeg.header("location").unwrap().to_string();
    let leeg_id = leeg_pagina.trim_start_matches("/aanvragen/").to_string();
    let html = b.get(&leeg_pagina).await.body;
    let versie = html.split("name=\"versie\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let naar_check = b.post_form(&leeg_pagina, &[("versie", &versie), ("naar", "check")]).await;
    assert!(
        naar_check.header("location").is_some_and(|l| l.contains(&format!("aanvraag={leeg_id}"))),
        "the draft goes on to the check for itself"
    );
    let uitkomst = b.get(&format!("/vergunningcheck/uitkomst?{query}&aanvraag={leeg_id}")).await;
    assert!(uitkomst.body.contains("Voeg toe aan uw aanvraag"), "{}", uitkomst.body);
    let toegevoegd = b.post_form(&format!("/aanvragen?{query}&aanvraag={leeg_id}"), &[]).await;
    assert_eq!(toegevoegd.header("location"), Some(leeg_pagina.as_str()), "the same draft, no second one");
    let a = api(&app, "GET", &format!("/api/v1/aanvragen/{leeg_id}"), Some(&jan), None).await.json();
    assert_eq!(a["aanvraag"]["activiteiten"][0]["id"], BIJGEBOUW);
    assert_eq!(a["aanvraag"]["bevoegdGezag"], "gm0297", "the place and authority come with the check");

    let mut o = Browser::new(&app);
    o.zet_cookie(stip_web::auth::SESSIE_COOKIE, &ambtenaar.token);
    let rij = o.get("/backoffice/zaken").await;
    assert_eq!(rij.status, 200, "{}", rij.body);
    let zaak = rij.body.split("href=\"/backoffice/zaken/").nth(1).unwrap().split('"').next().unwrap().to_string();
    let genomen = o.post_form(&format!("/backoffice/zaken/{zaak}/in_behandeling_genomen"), &[]).await;
    assert_eq!(genomen.status, 303, "{}", genomen.body);
    let zicht = o.get(&format!("/backoffice/zaken/{zaak}")).await;
    assert!(zicht.body.contains("Aisha Ambtenaar") && zicht.body.contains("Vraag meer gegevens"), "{}", zicht.body);
    assert!(!zicht.body.contains("Neem in behandeling"), "she handles it already: nothing left to take");
    let vraag = [("adviseur", "Welstandscommissie"), ("vraag", "Past de dakkapel in de straat?")];
    assert_eq!(o.post_form(&format!("/backoffice/zaken/{zaak}/advies_gevraagd"), &vraag).await.status, 303);
    let advies = [("adviseur", "Welstandscommissie"), ("advies", "Akkoord, mits de kozijnen wit blijven.")];
    let gegeven = o.post_form(&format!("/backoffice/zaken/{zaak}/advies_ontvangen"), &advies).await;
    assert_eq!(gegeven.status, 303, "{}", gegeven.body);
    let zicht = o.get(&format!("/backoffice/zaken/{zaak}")).await;
    assert!(
        zicht.body.contains("Welstandscommissie: Akkoord, mits de kozijnen wit blijven."),
        "the advice stays readable"
    );
    let te_vroeg = o.post_form(&format!("/backoffice/zaken/{zaak}/onherroepelijk"), &[]).await;
    assert_eq!(te_vroeg.status, 409, "the page says why the step cannot be taken now");
    assert!(te_vroeg.body.contains("dit kan niet als de zaak de status"), "{}", te_vroeg.body);
    let jan_backoffice = b.get(&format!("/backoffice/zaken/{zaak}")).await;
    assert_eq!(jan_backoffice.status, 403, "the applicant has no backoffice");
}

/// A page form: where it posts, its fields, and the status expected per role.
type Formulier<'a> = (String, Vec<(&'a str, &'a str)>, [u16; 8]);

/// Everything a role may reach, for every endpoint: the expected status per role.
#[tokio::test]
async fn every_endpoint_answers_every_role_as_the_policy_says() {
    let app = spawn_app().await;
    let eigenaar = persoon(&app, "Eigenaar", &[Rol::Initiatiefnemer], None).await;
    let ander = persoon(&app, "Ander", &[Rol::Initiatiefnemer], None).await;
    let buur = persoon(&app, "Buur", &[Rol::Belanghebbende], None).await;
    let behandelaar = persoon(&app, "Behandelaar", &[Rol::Behandelaar], Some("gm9999")).await;
    let vreemde = persoon(&app, "Vreemde", &[Rol::Behandelaar], Some("gm0001")).await;
    let bestuur = persoon(&app, "Bestuur", &[Rol::Bestuur], Some("gm9999")).await;
    let beheerder = persoon(&app, "Beheerder", &[Rol::Beheerder], Some("gm9999")).await;

    // A draft and a submitted case of the owner (made through the store: the matrix needs no rules data).
    use stip_store::{AanvraagGegevens, AanvraagRepository, NieuweGebeurtenis, NieuweZaak, ZaakRepository};
    let inhoud = json!({ "titel": "Schuur", "bevoegdGezag": "gm9999", "activiteiten": [{ "id": "a", "naam": "Bouwen", "procedure": "regulier" }] });
    let gegevens = AanvraagGegevens { bevoegd_gezag: "gm9999", titel: "Schuur", inhoud: &inhoud };
    let concept = app.store.maak_aanvraag(eigenaar.id, gegevens).await.unwrap();
    let ingediend = app.store.maak_aanvraag(eigenaar.id, gegevens).await.unwrap();
    let nu = OffsetDateTime::now_utc();
    let eerste = json!({ "procedure": "regulier" });
    let zaak = app
        .store
        .dien_in(NieuweZaak {
            aanvraag_id: ingediend.id,
            aanvraag_versie: ingediend.versie,
            idempotentie_sleutel: "m",
            ingediend: nu,
            titel: "Schuur",
            locatie: "",
            perceel: None,
            openbaar: false,
            inhoud: &inhoud,
            procedure: "regulier",
            status: "ontvangen",
            uiterste_beslisdatum: nu.date() + Duration::weeks(8),
            team: None,
            behandelaar: None,
            eerste_gebeurtenis: NieuweGebeurtenis {
                soort: "ingediend",
                door: Some(eigenaar.id),
                door_naam: "Eigenaar",
                op: nu,
                gegevens: &eerste,
            },
        })
        .await
        .unwrap()
        .zaak;
    let (a, z) = (concept.id.to_string(), zaak.id.to_string());

    let rollen: [(&str, Option<&Persoon>); 8] = [
        ("anoniem", None),
        ("eigenaar", Some(&eigenaar)),
        ("ander", Some(&ander)),
        ("buur", Some(&buur)),
        ("behandelaar", Some(&behandelaar)),
        ("vreemde", Some(&vreemde)),
        ("bestuur", Some(&bestuur)),
        ("beheerder", Some(&beheerder)),
    ];
    let bericht = json!({ "soort": "bericht", "tekst": "Vraagje", "vanAanvrager": true });
    let besluit = json!({ "uitkomst": "verleend", "motivering": "Past." });
    let nieuw = json!({ "activiteiten": [] });
    let wijziging = json!({ "versie": 1, "titel": "Schuur" });
    // endpoint, body, expected status for: anoniem, eigenaar, ander, buur, behandelaar, vreemde, bestuur, beheerder
    let matrix: Vec<(&str, String, Option<Value>, [u16; 8])> = vec![
        ("GET", "/api/v1/sessies/huidige".into(), None, [401, 200, 200, 200, 200, 200, 200, 200]),
        ("POST", "/api/v1/aanvragen".into(), Some(nieuw), [401, 201, 201, 403, 403, 403, 403, 403]),
        ("GET", "/api/v1/aanvragen".into(), None, [401, 200, 200, 200, 200, 200, 200, 200]),
        ("GET", format!("/api/v1/aanvragen/{a}"), None, [401, 200, 404, 404, 404, 404, 404, 404]),
        ("PATCH", format!("/api/v1/aanvragen/{a}"), Some(wijziging), [401, 200, 404, 404, 404, 404, 404, 404]),
        (
            "POST",
            format!("/api/v1/aanvragen/{a}/documenten?naam=a.pdf"),
            None,
            [401, 415, 404, 404, 404, 404, 404, 404],
        ),
        ("POST", format!("/api/v1/aanvragen/{a}/indienen"), None, [401, 422, 404, 404, 404, 404, 404, 404]),
        ("GET", "/api/v1/zaken".into(), None, [401, 200, 200, 200, 200, 200, 200, 200]),
        ("GET", format!("/api/v1/zaken/{z}"), None, [401, 200, 404, 404, 200, 404, 200, 404]),
        ("POST", format!("/api/v1/zaken/{z}/gebeurtenissen"), Some(bericht), [401, 201, 404, 404, 201, 404, 403, 404]),
        ("POST", format!("/api/v1/zaken/{z}/besluit"), Some(besluit), [401, 403, 404, 404, 409, 404, 403, 404]),
        ("GET", format!("/api/v1/zaken/{z}/ontvangstbevestiging.pdf"), None, [401, 200, 404, 404, 200, 404, 200, 404]),
        ("GET", format!("/api/v1/zaken/{z}/besluit.pdf"), None, [401, 404, 404, 404, 404, 404, 404, 404]),
        (
            "GET",
            format!("/api/v1/zaken/{z}/documenten/{}", uuid::Uuid::now_v7()),
            None,
            [401, 404, 404, 404, 404, 404, 404, 404],
        ),
        ("POST", format!("/api/v1/zaken/{z}/documenten?naam=a.pdf"), None, [401, 409, 404, 404, 403, 404, 403, 404]),
        ("GET", "/mijn".into(), None, [303, 200, 200, 200, 200, 200, 200, 200]),
        ("GET", format!("/aanvragen/{a}"), None, [303, 200, 404, 404, 404, 404, 404, 404]),
        ("GET", format!("/zaken/{z}"), None, [303, 200, 404, 404, 200, 404, 200, 404]),
        ("GET", format!("/zaken/{z}/ontvangstbevestiging.pdf"), None, [303, 200, 404, 404, 200, 404, 200, 404]),
        ("GET", "/backoffice/zaken".into(), None, [303, 403, 403, 403, 200, 200, 200, 403]),
        ("GET", format!("/backoffice/zaken/{z}"), None, [303, 403, 403, 403, 200, 404, 200, 403]),
        ("GET", format!("/backoffice/klanten/{}", eigenaar.id), None, [303, 403, 403, 403, 200, 404, 200, 403]),
    ];
    let mut fouten = Vec::new();
    for (method, uri, body, verwacht) in &matrix {
        for ((rol, wie), verwacht) in rollen.iter().zip(verwacht) {
            let antwoord = if uri.starts_with("/api/") {
                api(&app, method, uri, *wie, body.clone()).await
            } else {
                let mut r = Request::builder().method(*method).uri(uri.as_str());
                if let Some(p) = wie {
                    r = r.header("cookie", format!("{}={}", stip_web::auth::SESSIE_COOKIE, p.token));
                }
                app.request(r.body(Body::empty()).unwrap()).await
            };
            if antwoord.status != *verwacht {
                fouten.push(format!(
                    "{method} {uri} as {rol}: {} (expected {verwacht}) {}",
                    antwoord.status,
                    antwoord.body.chars().take(160).collect::<String>()
                ));
            }
        }
    }
    // Every page form, for every role (a browser with the role's session and a good CSRF token).
    let versie = app.store.aanvraag(concept.id).await.unwrap().versie.to_string();
    let formulieren: Vec<Formulier> = vec![
        ("/aanvragen".into(), vec![], [303, 303, 303, 403, 403, 403, 403, 403]),
        (
            format!("/aanvragen/{a}"),
            vec![("versie", versie.as_str()), ("titel", "Schuur")],
            [303, 200, 404, 404, 404, 404, 404, 404],
        ),
        (
            format!("/aanvragen/{a}/betrokkenen"),
            vec![("naam", "Piet"), ("email", "piet@example.nl")],
            [303, 200, 404, 404, 404, 404, 404, 404],
        ),
        (format!("/aanvragen/{a}/indienen"), vec![("sleutel", "matrix")], [303, 400, 404, 404, 404, 404, 404, 404]),
        (format!("/zaken/{z}/berichten"), vec![("tekst", "Hallo")], [303, 303, 404, 404, 303, 404, 403, 404]),
        (format!("/backoffice/zaken/{z}/bericht"), vec![("tekst", "Hallo")], [303, 403, 403, 403, 303, 404, 403, 403]),
        (
            format!("/backoffice/zaken/{z}/besluit_genomen"),
            vec![("uitkomst", "verleend"), ("motivering", "Past.")],
            [303, 403, 403, 403, 409, 404, 403, 403],
        ),
    ];
    for (uri, velden, verwacht) in &formulieren {
        for ((rol, wie), verwacht) in rollen.iter().zip(verwacht) {
            let mut b = Browser::new(&app);
            if let Some(p) = wie {
                b.zet_cookie(stip_web::auth::SESSIE_COOKIE, &p.token);
            }
            let antwoord = b.post_form(uri, velden).await;
            if antwoord.status != *verwacht {
                fouten.push(format!("form {uri} as {rol}: {} (expected {verwacht})", antwoord.status));
            }
        }
    }
    let uploads: [(String, [u16; 8]); 2] = [
        (format!("/aanvragen/{a}/documenten"), [303, 200, 404, 404, 404, 404, 404, 404]),
        (format!("/zaken/{z}/aanvullen"), [303, 409, 404, 404, 403, 404, 403, 404]),
    ];
    for (uri, verwacht) in &uploads {
        for ((rol, wie), verwacht) in rollen.iter().zip(verwacht) {
            let mut b = Browser::new(&app);
            if let Some(p) = wie {
                b.zet_cookie(stip_web::auth::SESSIE_COOKIE, &p.token);
            }
            let antwoord = b.post_multipart(uri, &[("vereiste", "overig")], &[("bestand", "a.pdf", PDF)]).await;
            if antwoord.status != *verwacht {
                fouten.push(format!("upload {uri} as {rol}: {} (expected {verwacht})", antwoord.status));
            }
        }
    }
    assert!(fouten.is_empty(), "{}", fouten.join("\n"));
    // Refused forms stored nothing: the history holds the submission and the allowed messages only.
    let history = app.store.gebeurtenissen(zaak.id).await.unwrap();
    assert_eq!(history.iter().filter(|g| g.soort != "bericht").count(), 1, "no refused action left a trace");
    let berichten: Vec<&str> = history.iter().filter(|g| g.soort == "bericht").map(|g| g.door_naam.as_str()).collect();
    assert_eq!(
        berichten,
        ["Eigenaar", "Behandelaar", "Eigenaar", "Behandelaar", "Behandelaar"],
        "only the allowed wrote"
    );
}
