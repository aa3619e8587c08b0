//! Gemeentestad for the case tests: the Stationsplein plan and the Gemeentestad toepasbare regels imported, the
//! municipality configured with one team, and a complete application for a 30 m² bijgebouw at a verified place.

use super::persoon::{Persoon, api, upload};
use super::{TestApp, app_met_config};
use serde_json::{Value, json};
use stip_app::host::{BevoegdGezagConfig, HostConfig, TeamConfig};
use stip_web::WebConfig;

pub const BIJGEBOUW: &str = "nl.imow-gm0297.activiteit.2019000800";
pub const OPPERVLAKTE: &str = "_0d28736f-5b50-4d24-9e3e-327304ae6807#UitvId0001";
pub const PLEK: (f64, f64) = (51637.34, 390864.23);
pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
/// Gemeentestad as a configured authority with one team, covering the test place.
pub fn config() -> WebConfig {
    let gezag = BevoegdGezagConfig {
        naam: "Gemeente Gemeentestad".into(),
        code: "gm0297".into(),
        website: None,
        telefoon: Some("14 0297".into()),
        email: None,
        bezoekadres: None,
        openingstijden: None,
        ambtsgebied: Some([0.0, 300_000.0, 300_000.0, 630_000.0]),
        realisatie: Default::default(),
        team: vec![TeamConfig {
            naam: "Vergunningen".into(),
            telefoon: None,
            email: None,
            bereikbaar: None,
            activiteiten: vec![],
            bbox: None,
        }],
        participatiegids: vec![],
        normtijden: Default::default(),
    };
    WebConfig { host: HostConfig { bevoegd_gezag: vec![gezag] }, ..WebConfig::default() }
}

pub async fn gemeentestad() -> Option<TestApp> {
    app_met_config(&["imro/stationspleinzuidoost.gml", "gemeentestad/toepasbareRegels"], config()).await.map(|(a, _)| a)
}

/// Starts an application for a 30 m² bijgebouw (Vergunningplicht) and fills in everything the checklist asks.
pub async fn complete_aanvraag(app: &TestApp, jan: &Persoon) -> Value {
    let start = json!({ "activiteiten": [BIJGEBOUW], "antwoorden": { OPPERVLAKTE: 30 }, "x": PLEK.0, "y": PLEK.1 });
    maak_compleet(app, jan, start, "Een schuur van 30 m² achter het huis.").await
}

/// Starts an application from `start` (the body of `POST /api/v1/aanvragen`) and fills in everything its checklist
/// asks: every piece of data "ja", the description, a PDF for every document; returns it as read back.
pub async fn maak_compleet(app: &TestApp, wie: &Persoon, start: Value, omschrijving: &str) -> Value {
    let a = api(app, "POST", "/api/v1/aanvragen", Some(wie), Some(start)).await;
    assert_eq!(a.status, 201, "{}", a.body);
    let a = a.json();
    let id = a["id"].as_str().unwrap().to_string();
    let vereisten: Vec<Value> = a["aanvraag"]["activiteiten"][0]["vereisten"].as_array().cloned().unwrap_or_default();
    let gegevens: serde_json::Map<String, Value> = vereisten
        .iter()
        .filter(|v| v["soort"] == "gegeven")
        .map(|v| (v["id"].as_str().unwrap().to_string(), json!("ja")))
        .collect();
    let w = api(
        app,
        "PATCH",
        &format!("/api/v1/aanvragen/{id}"),
        Some(wie),
        Some(json!({ "versie": a["versie"], "omschrijving": omschrijving, "gegevens": gegevens })),
    )
    .await;
    assert_eq!(w.status, 200, "{}", w.body);
    for v in vereisten.iter().filter(|v| v["soort"] == "document") {
        let uri = format!(
            "/api/v1/aanvragen/{id}/documenten?naam=tekening.pdf&vereiste={}",
            super::encode(v["id"].as_str().unwrap())
        );
        assert_eq!(upload(app, &uri, wie, PDF.to_vec()).await.status, 201);
    }
    api(app, "GET", &format!("/api/v1/aanvragen/{id}"), Some(wie), None).await.json()
}
