//! The receipt PDF of an application with two activities and a drawn plan, read back by poppler's pdftotext: each
//! activity lists the questions of its own check in words with the answers, and the plan is on it with its
//! dimensions and map.

mod common;

use common::browser::Browser;
use common::gemeentestad::{BIJGEBOUW, PDF, PLEK, gemeentestad};
use common::persoon::{api, bytes, persoon, upload};
use serde_json::{Value, json};
use stip_store::Rol;

const KAPPEN: &str = "nl.imow-gm0297.activiteit.2019000810";

fn pdftotext(pdf: &[u8]) -> Option<String> {
    let pad = std::env::temp_dir().join(format!("stip-ontvangst-{}.pdf", std::process::id()));
    std::fs::write(&pad, pdf).unwrap();
    let uit = std::process::Command::new("pdftotext").arg("-layout").arg(&pad).arg("-").output();
    let _ = std::fs::remove_file(&pad);
    match uit {
        Ok(o) if o.status.success() => Some(String::from_utf8(o.stdout).unwrap()),
        _ if std::env::var("STIP_REQUIRE_FIXTURES").as_deref() == Ok("1") => panic!("pdftotext is needed"),
        _ => {
            eprintln!("note: pdftotext missing; the receipt's text is not checked");
            None
        }
    }
}

#[tokio::test]
async fn the_receipt_shows_each_question_in_words_under_its_own_activity_and_the_plan_with_its_dimensions_and_map() {
    let Some(app) = gemeentestad().await else { return };
    let jan = persoon(&app, "Jan Jansen", &[Rol::Initiatiefnemer], None).await;

    // The check for both activities, answered question by question; the questions as the check asks them.
    let mut antwoorden = serde_json::Map::new();
    let mut gevraagd: Vec<(String, String)> = Vec::new();
    let kappen_antwoorden = [json!(80), json!(true), json!(false), json!(false)];
    let mut kappen = kappen_antwoorden.iter();
    let conclusie = loop {
        let s = api(
            &app,
            "POST",
            "/api/v1/vergunningcheck",
            None,
            Some(json!({ "activiteiten": [BIJGEBOUW, KAPPEN], "antwoorden": antwoorden, "locatie": { "x": PLEK.0, "y": PLEK.1 } })),
        )
        .await;
        assert_eq!(s.status, 200, "{}", s.body);
        let s = s.json();
        if s["status"] == "conclusie" {
            break s;
        }
        let v = &s["vraag"];
        let antwoord = if v["activiteit"] == BIJGEBOUW { json!(30) } else { kappen.next().unwrap().clone() };
        gevraagd.push((v["activiteitNaam"].as_str().unwrap().to_string(), v["tekst"].as_str().unwrap().to_string()));
        antwoorden.insert(v["id"].as_str().unwrap().to_string(), antwoord);
    };
    let namen: Vec<&str> = conclusie["actielijst"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["actie"] == "aanvragen" || a["actie"] == "melden")
        .map(|a| a["activiteitNaam"].as_str().unwrap())
        .collect();
    assert_eq!(namen.len(), 2, "both activities go on the application: {conclusie}");

    // An application from that check with a drawn plan of 5 by 6 metres (the plan form's rectangle).
    let mut b = Browser::new(&app);
    b.zet_cookie(stip_web::auth::SESSIE_COOKIE, &jan.token);
    let mut query = format!(
        "activiteit={}&activiteit={}&x={}&y={}",
        common::encode(BIJGEBOUW),
        common::encode(KAPPEN),
        PLEK.0,
        PLEK.1
    );
    for (id, w) in &antwoorden {
        let w = match w {
            Value::Bool(true) => "ja".to_string(),
            Value::Bool(false) => "nee".to_string(),
            w => w.to_string(),
        };
        query.push_str(&format!("&antwoord.{}={w}", common::encode(id)));
    }
    let plan = [
        ("bron", "rechthoek"),
        ("breedte", "5"),
        ("diepte", "6"),
        ("bouwhoogte", "3"),
        ("goothoogte", "2,5"),
        ("functie", "wonen"),
    ];
    let nieuw = b.post_form(&format!("/aanvragen?{query}"), &plan).await;
    assert_eq!(nieuw.status, 303, "{}", nieuw.body);
    let id = nieuw.header("location").unwrap().trim_start_matches("/aanvragen/").to_string();
    let a = api(&app, "GET", &format!("/api/v1/aanvragen/{id}"), Some(&jan), None).await.json();
    let vereisten: Vec<Value> = a["aanvraag"]["activiteiten"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["vereisten"].as_array().unwrap().clone())
        .collect();
    let gegevens: serde_json::Map<String, Value> = vereisten
        .iter()
        .filter(|v| v["soort"] == "gegeven")
        .map(|v| (v["id"].as_str().unwrap().to_string(), json!("ja")))
        .collect();
    let w = api(
        &app,
        "PATCH",
        &format!("/api/v1/aanvragen/{id}"),
        Some(&jan),
        Some(json!({ "versie": a["versie"], "omschrijving": "Een schuur en een boom weg.", "gegevens": gegevens })),
    )
    .await;
    assert_eq!(w.status, 200, "{}", w.body);
    for v in vereisten.iter().filter(|v| v["soort"] == "document") {
        let uri = format!(
            "/api/v1/aanvragen/{id}/documenten?naam=tekening.pdf&vereiste={}",
            common::encode(v["id"].as_str().unwrap())
        );
        assert_eq!(upload(&app, &uri, &jan, PDF.to_vec()).await.status, 201);
    }
    let r = axum::http::Request::post(format!("/api/v1/aanvragen/{id}/indienen"))
        .header("authorization", format!("Bearer {}", jan.token))
        .header("idempotency-key", "ontvangst-1")
        .body(axum::body::Body::empty())
        .unwrap();
    let ingediend = app.request(r).await;
    assert_eq!(ingediend.status, 201, "{}", ingediend.body);
    let zaak = ingediend.json()["zaak"].as_str().unwrap().to_string();

    let (status, pdf) = bytes(&app, &format!("/api/v1/zaken/{zaak}/ontvangstbevestiging.pdf"), &jan).await;
    assert_eq!(status, 200);
    let Some(tekst) = pdftotext(&pdf) else { return };
    let vlak = tekst.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(!vlak.contains("UitvId") && !vlak.contains('#'), "no question ids where people read:\n{tekst}");

    // Each question under its own activity: after that activity's heading and before the next one.
    let kop = |naam: &str| {
        vlak.find(&format!("{naam} Uitkomst vergunningcheck")).unwrap_or_else(|| panic!("{naam}:\n{tekst}"))
    };
    let mut koppen: Vec<(usize, &str)> = namen.iter().map(|n| (kop(n), *n)).collect();
    koppen.sort();
    for (activiteit, vraag) in &gevraagd {
        // Long questions wrap in their cell, beside the answer: their first words are on one line.
        let begin = vraag.split_whitespace().take(6).collect::<Vec<_>>().join(" ");
        let plek = vlak.rfind(&begin).unwrap_or_else(|| panic!("{vraag} missing:\n{tekst}"));
        let onder = koppen.iter().rev().find(|(p, _)| *p < plek).map(|(_, n)| *n);
        assert_eq!(onder, Some(activiteit.as_str()), "{vraag} stands under the wrong activity:\n{tekst}");
    }
    assert!(vlak.contains("Uw antwoord"), "{tekst}");

    // The plan: its dimensions and the map with it.
    let plan_deel = &vlak[vlak.find("Uw tekening").unwrap_or_else(|| panic!("no plan:\n{tekst}"))..];
    let zonder_spaties = plan_deel.replace(' ', "");
    for verwacht in ["Oppervlakte30m²", "Bouwhoogte3m", "Goothoogte2,5m", "Uitkomstplancheck", "Bouwplan"] {
        assert!(zonder_spaties.contains(verwacht), "{verwacht} missing:\n{tekst}");
    }
    assert!(plan_deel.contains("Uw tekening op de kaart"), "{tekst}");
}
