//! Participation before applying over the API, on the demo village (Dorpsstraat 12): an initiative with a plan, the
//! letters for the addresses around it, a neighbour with the code who pins a concern and consents, the certificate
//! that verifies (and fails after one changed character), a second version that raises the height and marks the
//! consent as for an earlier version, the consent again, and the application that carries the participatieverslag.

mod common;

use common::persoon::{Persoon, api, api_bytes, persoon, upload};
use common::voorbeeldstad::{DAKKAPEL, adres, voorbeeldstad_met};
use common::{TestApp, pdf_structuurtekst, pdf_tekst};
use serde_json::{Value, json};
use stip_web::WebConfig;
use stip_zaak::Rol;

/// A rectangle relative to the demo village's origin (RD 170 000, 470 000) as a GeoJSON Polygon in RD New.
fn rechthoek(a: f64, b: f64, c: f64, d: f64) -> Value {
    let p = |x: f64, y: f64| json!([170_000.0 + x, 470_000.0 + y]);
    json!({ "type": "Polygon", "coordinates": [[p(a, b), p(c, b), p(c, d), p(a, d), p(a, b)]] })
}

/// An extension behind Dorpsstraat 12 (12 × 7 m, inside the bouwvlak) of the given height.
fn aanbouw(hoogte: f64) -> Value {
    json!({ "geometrie": rechthoek(34.0, 17.0, 46.0, 24.0), "crs": "EPSG:28992", "bouwhoogte": hoogte })
}

struct Dorp {
    app: TestApp,
    jan: Persoon,
    fatma: Persoon,
    piet: Persoon,
}

async fn dorp() -> Dorp {
    let config = WebConfig { publieke_url: Some("http://stip.test".into()), ..WebConfig::default() };
    let (app, _) = voorbeeldstad_met(config).await;
    let jan = persoon(&app, "Jan Jansen", &[Rol::Initiatiefnemer], None).await;
    let fatma = persoon(&app, "Fatma Sahin", &[Rol::Initiatiefnemer], None).await;
    let piet = persoon(&app, "Piet de Vries", &[Rol::Initiatiefnemer], None).await;
    Dorp { app, jan, fatma, piet }
}

async fn ok(app: &TestApp, method: &str, uri: &str, wie: Option<&Persoon>, body: Option<Value>) -> Value {
    let a = api(app, method, uri, wie, body).await;
    assert!(a.status == 201 || a.status == 200, "{method} {uri}: {} {}", a.status, a.body);
    a.json()
}

/// Jan opens an initiative (invited only) for a 6 m high extension at Dorpsstraat 12.
async fn initiatief(d: &Dorp, openbaar: bool) -> Value {
    let plek = adres("Dorpsstraat", 12);
    let mut body = aanbouw(6.0);
    body["titel"] = json!("Aanbouw achter Dorpsstraat 12");
    body["omschrijving"] = json!("Een aanbouw van één laag achter ons huis, met een plat dak.");
    body["locatie"] = json!({ "x": plek.0, "y": plek.1 });
    body["openbaar"] = json!(openbaar);
    ok(&d.app, "POST", "/api/v1/initiatieven", Some(&d.jan), Some(body)).await
}

#[tokio::test]
async fn from_initiative_to_application_the_consent_follows_the_plan_version_and_the_report_carries_it() {
    let d = dorp().await;
    let ini = initiatief(&d, false).await;
    let id = ini["id"].as_str().unwrap().to_string();
    assert_eq!(ini["versie"], 1);
    let code = ini["code"].as_str().unwrap().to_string();
    assert!(code.len() == 9 && code.as_bytes()[4] == b'-', "a short code people can type: {code}");
    assert_eq!(ini["adres"], "Dorpsstraat 12, 1234 AB");
    let norm =
        |v: &Value, soort: &str| v["normen"].as_array().unwrap().iter().find(|n| n["soort"] == soort).cloned().unwrap();
    assert_eq!(norm(&ini["versies"][0], "MaximumBouwhoogte")["oordeel"], "past", "{}", ini["versies"][0]);
    assert_eq!(ini["versies"][0]["oppervlakteM2"], 84.0);
    assert!(ini["participatiegids"]["verwacht"].as_str().unwrap().contains("buren"), "the municipality's guide");

    // The letters: the addresses around the plan (BAG), on their parcels (BRK).
    let rond = ok(&d.app, "GET", &format!("/api/v1/initiatieven/{id}/omgeving"), Some(&d.jan), None).await;
    let adressen: Vec<&str> =
        rond["adressen"].as_array().unwrap().iter().map(|a| a["adres"].as_str().unwrap()).collect();
    assert!(
        adressen.contains(&"Dorpsstraat 10, 1234 AB") && adressen.contains(&"Dorpsstraat 14, 1234 AB"),
        "{adressen:?}"
    );
    assert!(rond["percelen"].as_array().unwrap().len() >= 3, "{}", rond["percelen"]);
    let buren = json!({ "adressen": ["Dorpsstraat 10, 1234 AB", "Dorpsstraat 14, 1234 AB"] });
    let (status, pdf) =
        api_bytes(&d.app, "POST", &format!("/api/v1/initiatieven/{id}/uitnodigingen"), Some(&d.jan), Some(buren)).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&pdf));
    let brieven = pdf_tekst(&pdf);
    assert_eq!(brieven.matches("Uw buren hebben een plan").count(), 2, "one letter per address: {brieven}");
    assert!(brieven.contains("Dorpsstraat 14, 1234 AB") && brieven.contains(&code), "{brieven}");
    assert!(brieven.contains(&format!("http://stip.test/initiatieven/code/{}", code.replace('-', ""))), "{brieven}");

    // Without the code the initiative does not exist for others; with it, it does (without the code itself).
    assert_eq!(api(&d.app, "GET", &format!("/api/v1/initiatieven/{id}"), Some(&d.fatma), None).await.status, 404);
    let gezien = ok(&d.app, "GET", &format!("/api/v1/initiatieven/{id}?code={code}"), Some(&d.fatma), None).await;
    assert!(gezien["code"].is_null() && !gezien["eigen"].as_bool().unwrap());
    let plek = gezien["plekken"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["omschrijving"] == "Noordkant van het plan")
        .unwrap()
        .clone();

    // Fatma pins a concern on the map and consents to version 1.
    let zorg = json!({ "soort": "zorg", "tekst": "Neemt de aanbouw het licht uit mijn keuken?", "plek": { "x": plek["x"], "y": plek["y"] }, "code": code });
    let r = ok(&d.app, "POST", &format!("/api/v1/initiatieven/{id}/reacties"), Some(&d.fatma), Some(zorg)).await;
    assert_eq!(r["soort"], "zorg");
    assert!(r["naam"].is_null() && r["sleutel"].is_null());
    let t1 = ok(
        &d.app,
        "POST",
        &format!("/api/v1/initiatieven/{id}/toestemmingen"),
        Some(&d.fatma),
        Some(json!({ "versie": 1, "code": code })),
    )
    .await;
    assert_eq!(
        (t1["versie"].clone(), t1["actueel"].clone(), t1["niveau"].clone()),
        (json!(1), json!(true), json!("email_bevestigd"))
    );
    let jws = t1["certificaat"].as_str().unwrap().to_string();

    // The certificate verifies against the key at /.well-known/jwks.json, and fails after one changed character.
    let v = ok(&d.app, "POST", "/api/v1/toestemmingen/_verifieer", None, Some(json!({ "certificaat": jws }))).await;
    assert_eq!(v["geldig"], true, "{v}");
    assert_eq!(v["inhoud"]["versie"], 1);
    assert_eq!(v["inhoud"]["planHash"], ini["versies"][0]["hash"]);
    let mut anders = jws.clone().into_bytes();
    let i = jws.find('.').unwrap() + 10;
    anders[i] = if anders[i] == b'A' { b'B' } else { b'A' };
    let v = ok(
        &d.app,
        "POST",
        "/api/v1/toestemmingen/_verifieer",
        None,
        Some(json!({ "certificaat": String::from_utf8(anders).unwrap() })),
    )
    .await;
    assert_eq!(v["geldig"], false, "{v}");
    let jwks = d.app.get("/.well-known/jwks.json").await.json();
    assert_eq!((jwks["keys"][0]["kty"].clone(), jwks["keys"][0]["crv"].clone()), (json!("OKP"), json!("Ed25519")));

    // Version 2 raises the height by 5 m: above the 10 m of the plan, and the consent is for an earlier version.
    let v2 = ok(&d.app, "POST", &format!("/api/v1/initiatieven/{id}/versies"), Some(&d.jan), Some(aanbouw(11.0))).await;
    assert_eq!(v2["versie"], 2);
    assert_eq!(v2["verschil"]["samenvatting"], "hoogte +5 m");
    let hoogte =
        v2["verschil"]["normen"].as_array().unwrap().iter().find(|n| n["soort"] == "MaximumBouwhoogte").unwrap();
    assert_eq!((hoogte["was"].clone(), hoogte["nu"].clone()), (json!("past"), json!("past niet")));
    let gezien = ok(&d.app, "GET", &format!("/api/v1/initiatieven/{id}?code={code}"), Some(&d.fatma), None).await;
    let t = &gezien["toestemmingen"][0];
    assert_eq!(
        (t["versie"].clone(), t["actueel"].clone(), t["status"].clone()),
        (json!(1), json!(false), json!("eerdere_versie"))
    );
    assert!(
        t["statusTekst"].as_str().unwrap().contains("voor een eerdere versie")
            && t["statusTekst"].as_str().unwrap().contains("hoogte +5 m"),
        "{t}"
    );
    let v = ok(&d.app, "POST", "/api/v1/toestemmingen/_verifieer", None, Some(json!({ "certificaat": jws }))).await;
    assert_eq!((v["geldig"].clone(), v["actueel"].clone()), (json!(true), json!(false)), "{v}");

    // Consenting to the old version again is refused; to the new one it holds.
    let oud = api(
        &d.app,
        "POST",
        &format!("/api/v1/initiatieven/{id}/toestemmingen"),
        Some(&d.fatma),
        Some(json!({ "versie": 1, "code": code })),
    )
    .await;
    assert_eq!(oud.status, 409, "{}", oud.body);
    let t2 = ok(
        &d.app,
        "POST",
        &format!("/api/v1/initiatieven/{id}/toestemmingen"),
        Some(&d.fatma),
        Some(json!({ "versie": 2, "code": code, "voorwaarden": "Geen ramen aan mijn kant." })),
    )
    .await;
    assert_eq!(t2["actueel"], true);

    // Jan answers the concern; the thread is kept.
    let reactie = r["id"].as_str().unwrap();
    let a = ok(
        &d.app,
        "POST",
        &format!("/api/v1/initiatieven/{id}/reacties/{reactie}/antwoorden"),
        Some(&d.jan),
        Some(json!({ "tekst": "De aanbouw staat ten noorden van uw keuken; de zon komt van het zuiden." })),
    )
    .await;
    assert_eq!(a["thread"][0]["van"], "initiatiefnemer");

    let eigen = ok(&d.app, "GET", &format!("/api/v1/initiatieven/{id}"), Some(&d.jan), None).await;
    let actueel: Vec<bool> =
        eigen["toestemmingen"].as_array().unwrap().iter().map(|t| t["actueel"].as_bool().unwrap()).collect();
    assert_eq!(actueel, [false, true]);
    assert_eq!(eigen["actueleToestemmingen"], 1);

    // The application from the initiative carries the participatieverslag as its participation requirement.
    let start = json!({ "initiatief": id, "activiteiten": [DAKKAPEL], "antwoorden": {} });
    let aanvraag = ok(&d.app, "POST", "/api/v1/aanvragen", Some(&d.jan), Some(start)).await;
    let documenten = aanvraag["aanvraag"]["documenten"].as_array().unwrap();
    let verslag = documenten.iter().find(|d| d["vereiste"] == "participatieverslag").expect("the report is attached");
    let vereisten = aanvraag["aanvraag"]["activiteiten"][0]["vereisten"].as_array().unwrap();
    assert!(vereisten.iter().any(|v| v["id"] == "participatieverslag"), "{vereisten:?}");
    assert!(!aanvraag["ontbreekt"].as_array().unwrap().iter().any(|o| o["veld"] == "vereiste.participatieverslag"));
    assert_eq!(aanvraag["aanvraag"]["titel"], "Aanbouw achter Dorpsstraat 12");
    let aanvraag_id = aanvraag["id"].as_str().unwrap().to_string();
    let opnieuw = api(
        &d.app,
        "POST",
        "/api/v1/aanvragen",
        Some(&d.jan),
        Some(json!({ "initiatief": id, "activiteiten": [DAKKAPEL] })),
    )
    .await;
    assert_eq!(opnieuw.status, 409, "one application per initiative: {}", opnieuw.body);

    // Submitted: the consents are fixed and the receipt names the report.
    let (zaak, ontvangst) = dien_in(&d, &aanvraag_id).await;
    assert!(ontvangst.contains("Participatieverslag"), "{ontvangst}");
    let uri = format!("/api/v1/zaken/{zaak}/documenten/{}", verslag["id"].as_str().unwrap());
    let (status, pdf) = api_bytes(&d.app, "GET", &uri, Some(&d.jan), None).await;
    assert_eq!(status, 200);
    let verslag = pdf_tekst(&pdf).split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(verslag.matches("Belanghebbendencertificaat").count(), 2, "both consents with their certificates");
    for wat in [
        "Participatieverslag",
        "Dorpsstraat 14, 1234 AB",
        "Neemt de aanbouw het licht",
        "ten noorden van uw keuken",
        "hoogte +5 m",
        "Fatma Sahin",
        "geldig voor de nieuwste versie",
        "Geen ramen aan mijn kant",
    ] {
        assert!(verslag.contains(wat), "the report names {wat}: {verslag}");
    }
    // The changed norms wrap in their table cell beside the difference: read per cell, as a screen reader does.
    // (pdfinfo quotes each line of a cell on its own.)
    let cellen = pdf_structuurtekst(&pdf).replace('"', " ").split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(cellen.contains("MaximumBouwhoogte: van past naar past niet"), "{cellen}");
    let t2id = t2["id"].as_str().unwrap();
    let intrekken = api(
        &d.app,
        "POST",
        &format!("/api/v1/initiatieven/{id}/toestemmingen/{t2id}/_intrekken"),
        Some(&d.fatma),
        None,
    )
    .await;
    assert_eq!(intrekken.status, 409, "{}", intrekken.body);
}

/// Completes the draft's other requirements and submits it; returns the case and the receipt's text.
async fn dien_in(d: &Dorp, id: &str) -> (String, String) {
    let a = ok(&d.app, "GET", &format!("/api/v1/aanvragen/{id}"), Some(&d.jan), None).await;
    let vereisten: Vec<Value> = a["aanvraag"]["activiteiten"][0]["vereisten"].as_array().cloned().unwrap_or_default();
    let gegevens: serde_json::Map<String, Value> = vereisten
        .iter()
        .filter(|v| v["soort"] == "gegeven")
        .map(|v| (v["id"].as_str().unwrap().to_string(), json!("ja")))
        .collect();
    ok(
        &d.app,
        "PATCH",
        &format!("/api/v1/aanvragen/{id}"),
        Some(&d.jan),
        Some(json!({ "versie": a["versie"], "gegevens": gegevens })),
    )
    .await;
    for v in vereisten.iter().filter(|v| v["soort"] == "document" && v["id"] != "participatieverslag") {
        let uri = format!(
            "/api/v1/aanvragen/{id}/documenten?naam=tekening.pdf&vereiste={}",
            common::encode(v["id"].as_str().unwrap())
        );
        assert_eq!(upload(&d.app, &uri, &d.jan, common::gemeentestad::PDF.to_vec()).await.status, 201);
    }
    let z = ok(&d.app, "POST", &format!("/api/v1/aanvragen/{id}/indienen"), Some(&d.jan), None).await;
    let zaak = z["zaak"].as_str().unwrap();
    let (status, pdf) =
        api_bytes(&d.app, "GET", &format!("/api/v1/zaken/{zaak}/ontvangstbevestiging.pdf"), Some(&d.jan), None).await;
    assert_eq!(status, 200);
    (zaak.to_string(), pdf_tekst(&pdf))
}

#[tokio::test]
async fn a_reactors_name_and_email_never_reach_the_initiator_or_other_neighbours_unless_they_chose_to_show_a_name() {
    let d = dorp().await;
    let ini = initiatief(&d, true).await;
    let id = ini["id"].as_str().unwrap();
    // Piet reacts logged in, without choosing to show his name; then someone without an account, with the code.
    let r = ok(
        &d.app,
        "POST",
        &format!("/api/v1/initiatieven/{id}/reacties"),
        Some(&d.piet),
        Some(json!({ "soort": "vraag", "tekst": "Hoe hoog wordt de schutting?", "openbaar": true })),
    )
    .await;
    let anoniem = ok(
        &d.app,
        "POST",
        &format!("/api/v1/initiatieven/{id}/reacties"),
        None,
        Some(json!({ "soort": "steun", "tekst": "Mooi plan!", "naam": "Buurvrouw Els", "openbaar": true })),
    )
    .await;
    let sleutel = anoniem["sleutel"].as_str().expect("a key to follow the thread without an account").to_string();

    let geen_persoon = |v: &Value, wie: &str| {
        let tekst = v.to_string();
        for verboden in ["Piet de Vries", "piet.de.vries@example.nl", &d.piet.id.to_string()] {
            assert!(!tekst.contains(verboden), "{wie} sees {verboden}: {tekst}");
        }
    };
    let eigen = ok(&d.app, "GET", &format!("/api/v1/initiatieven/{id}"), Some(&d.jan), None).await;
    geen_persoon(&eigen, "the initiator");
    assert_eq!(eigen["reacties"].as_array().unwrap().len(), 2, "the initiator reads every reaction");
    let els = eigen["reacties"].as_array().unwrap().iter().find(|r| r["soort"] == "steun").unwrap();
    assert_eq!(els["naam"], "Buurvrouw Els", "a name the reactor chose to show");

    // Others see a reaction only once both made it public; never who wrote it.
    let buiten = ok(&d.app, "GET", &format!("/api/v1/initiatieven/{id}"), Some(&d.fatma), None).await;
    assert_eq!(buiten["reacties"].as_array().unwrap().len(), 0, "{}", buiten["reacties"]);
    let rid = r["id"].as_str().unwrap();
    ok(
        &d.app,
        "POST",
        &format!("/api/v1/initiatieven/{id}/reacties/{rid}/antwoorden"),
        Some(&d.jan),
        Some(json!({ "tekst": "Twee meter.", "openbaar": true })),
    )
    .await;
    let buiten = ok(&d.app, "GET", &format!("/api/v1/initiatieven/{id}"), None, None).await;
    geen_persoon(&buiten, "anyone");
    assert_eq!(buiten["reacties"].as_array().unwrap().len(), 1);
    assert!(buiten["reacties"][0]["naam"].is_null());
    assert_eq!(buiten["reacties"][0]["thread"][0]["tekst"], "Twee meter.");

    // The reactor without an account follows and answers their own thread with its key.
    let aid = anoniem["id"].as_str().unwrap();
    let terug = ok(
        &d.app,
        "POST",
        &format!("/api/v1/initiatieven/{id}/reacties/{aid}/antwoorden"),
        None,
        Some(json!({ "tekst": "Wanneer begint u?", "sleutel": sleutel })),
    )
    .await;
    assert_eq!(terug["thread"][0]["van"], "reageerder");
    let vreemd = api(
        &d.app,
        "POST",
        &format!("/api/v1/initiatieven/{id}/reacties/{aid}/antwoorden"),
        Some(&d.fatma),
        Some(json!({ "tekst": "Ik ook" })),
    )
    .await;
    assert_eq!(vreemd.status, 403, "{}", vreemd.body);

    // The public list and the Praktijkoverzicht show the plan, with no person in it.
    let p = adres("Dorpsstraat", 12);
    let bbox = format!("{},{},{},{}", p.0 - 100.0, p.1 - 100.0, p.0 + 100.0, p.1 + 100.0);
    let lijst = ok(&d.app, "GET", &format!("/api/v1/initiatieven?bbox={bbox}"), None, None).await;
    assert_eq!(lijst["initiatieven"][0]["id"], id);
    geen_persoon(&lijst, "the list");
    let overzicht = ok(&d.app, "GET", &format!("/api/v1/praktijkoverzicht?bbox={bbox}"), None, None).await;
    assert_eq!(overzicht["initiatieven"].as_array().unwrap().len(), 1);
    geen_persoon(&overzicht, "the Praktijkoverzicht");
    assert!(!overzicht.to_string().contains("Jan Jansen"));
}

#[tokio::test]
async fn a_consent_can_be_withdrawn_before_the_application_and_then_no_longer_verifies() {
    let d = dorp().await;
    let ini = initiatief(&d, true).await;
    let id = ini["id"].as_str().unwrap();
    let t = ok(
        &d.app,
        "POST",
        &format!("/api/v1/initiatieven/{id}/toestemmingen"),
        Some(&d.fatma),
        Some(json!({ "versie": 1 })),
    )
    .await;
    let eigen = api(
        &d.app,
        "POST",
        &format!("/api/v1/initiatieven/{id}/toestemmingen"),
        Some(&d.jan),
        Some(json!({ "versie": 1 })),
    )
    .await;
    assert_eq!(eigen.status, 403, "not for one's own plan");
    let tid = t["id"].as_str().unwrap();
    let vreemd =
        api(&d.app, "POST", &format!("/api/v1/initiatieven/{id}/toestemmingen/{tid}/_intrekken"), Some(&d.piet), None)
            .await;
    assert_eq!(vreemd.status, 404, "only the signer withdraws");
    let weg =
        ok(&d.app, "POST", &format!("/api/v1/initiatieven/{id}/toestemmingen/{tid}/_intrekken"), Some(&d.fatma), None)
            .await;
    assert_eq!(weg["status"], "ingetrokken");
    let v =
        ok(&d.app, "POST", "/api/v1/toestemmingen/_verifieer", None, Some(json!({ "certificaat": t["certificaat"] })))
            .await;
    assert_eq!((v["geldig"].clone(), v["reden"].clone()), (json!(false), json!("de toestemming is ingetrokken")));
    // The PDF rendering carries the verification address.
    let (status, pdf) = api_bytes(
        &d.app,
        "GET",
        &format!("/api/v1/initiatieven/{id}/toestemmingen/{tid}/certificaat.pdf"),
        Some(&d.fatma),
        None,
    )
    .await;
    assert_eq!(status, 200);
    let tekst = pdf_tekst(&pdf);
    assert!(tekst.contains("Belanghebbendencertificaat") && tekst.contains("ingetrokken"), "{tekst}");
}
