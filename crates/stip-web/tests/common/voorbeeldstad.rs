//! The demo municipality Voorbeeldstad (gm9999) for tests that need real addresses: its plan, BAG, BRK and toepasbare
//! regels published as `stip serve` does on an empty store, the default host configuration (the demo authority), and
//! a complete application for a dakkapel at an address (in the welstandsgebied Dorpskern: Vergunningplicht).

use super::TestApp;
use super::persoon::Persoon;
use serde_json::{Value, json};
use stip_store::{DatabaseUrl, SqliteStore, Store};
use stip_web::{AppState, WebConfig};

pub const DAKKAPEL: &str = "nl.imow-gm9999.activiteit.dakkapel";

/// A fresh stip serving the demo, with its state for calling the application layer.
#[allow(dead_code)]
pub async fn voorbeeldstad() -> (TestApp, AppState) {
    voorbeeldstad_met(WebConfig::default()).await
}

/// [`voorbeeldstad`] with its own configuration (the default host: the demo authority).
pub async fn voorbeeldstad_met(config: WebConfig) -> (TestApp, AppState) {
    let dir = std::env::temp_dir().join(format!("stip-web-test-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let store = Store::Sqlite(SqliteStore::open(&DatabaseUrl::sqlite_in(&dir)).await.unwrap());
    let demo = || stip_app::demo::Demo {
        gemeente: stip_demo::GEMEENTE,
        bronnen: stip_demo::bronnen()
            .into_iter()
            .map(|b| stip_app::kennis::Bron { naam: b.naam, bestanden: b.bestanden })
            .collect(),
    };
    stip_app::demo::bereid_voor(&store, true, demo).await.unwrap();
    let klok = stip_app::TestKlok::op(time::OffsetDateTime::now_utc());
    let state = AppState::met_klok(store.clone(), config, std::sync::Arc::new(klok.clone()));
    state.vernieuw().await.unwrap();
    let app = TestApp { router: stip_web::router(state.clone()), store, klok, dir };
    (app, state)
}

/// The RD point of a demo address (`"Dorpsstraat", 12`).
pub fn adres(straat: &str, huisnummer: u32) -> (f64, f64) {
    stip_demo::kavels()
        .into_iter()
        .find(|k| k.straat == straat && k.huisnummer == huisnummer)
        .unwrap_or_else(|| panic!("{straat} {huisnummer} is not a demo address"))
        .punt()
}

/// Starts an application for a dakkapel at `plek` and fills in everything its checklist asks; returns it.
pub async fn complete_aanvraag(app: &TestApp, wie: &Persoon, plek: (f64, f64)) -> Value {
    let start = json!({ "activiteiten": [DAKKAPEL], "antwoorden": {}, "x": plek.0, "y": plek.1 });
    super::gemeentestad::maak_compleet(app, wie, start, "Een dakkapel aan de voorkant.").await
}
