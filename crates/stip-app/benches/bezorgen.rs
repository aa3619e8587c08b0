//! Delivery benchmark: messages per second from the outbox to a local webhook receiver (a real HTTP server), and the
//! time from a submitted case to its delivered CloudEvent with the worker running — on SQLite and on PostgreSQL.
//! The goals: ≥ 2,000 messages/s, event to delivered webhook p99 ≤ 2 s for `direct`. Prints; does not
//! assert.
//!
//! `STIP_BENCH_BERICHTEN` (default 20,000) messages for the throughput run; `STIP_BENCH_ZAKEN` (default 300) cases
//! for the latency run, one every `STIP_BENCH_INTERVAL_MS` (default 20); `STIP_BENCH_DIR`, `DATABASE_URL` as in the
//! store's benchmarks.

#[path = "../../stip-store/benches/support/mod.rs"]
mod support;

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use stip_app::App;
use stip_app::berichten::BerichtenConfig;
use stip_berichten::{Frequentie, Kanaal};
use stip_store::{
    AanvraagGegevens, AanvraagRepository, BerichtRepository, NieuwAbonnement, NieuwBericht, NieuweGebeurtenis,
    NieuweMelding, NieuweZaak, Store, ZaakRepository,
};
use support::{env, report};

/// A real HTTP server that counts CloudEvents and notes when each subject arrived.
#[derive(Clone, Default)]
struct Ontvanger {
    aantal: Arc<AtomicUsize>,
    aankomst: Arc<Mutex<HashMap<String, Instant>>>,
}

async fn ontvanger() -> (Ontvanger, String) {
    let o = Ontvanger::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let app = axum::Router::new()
        .route(
            "/hook",
            axum::routing::post(|axum::extract::State(o): axum::extract::State<Ontvanger>, body: String| async move {
                o.aantal.fetch_add(1, Ordering::Relaxed);
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(&body)
                    && let Some(s) = v["subject"].as_str()
                {
                    o.aankomst.lock().unwrap().entry(s.to_string()).or_insert_with(Instant::now);
                }
                axum::http::StatusCode::NO_CONTENT
            }),
        )
        .with_state(o.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (o, url)
}

async fn abonnement(store: &Store, url: &str) -> stip_store::Abonnement {
    let gebied = serde_json::json!({ "Straal": { "midden": { "x": 155_000.0, "y": 463_000.0 }, "meter": 1_000.0 } });
    store
        .maak_abonnement(NieuwAbonnement {
            gebruiker: Some(uuid::Uuid::now_v7()),
            email: None,
            bevestigd: true,
            sleutel: &uuid::Uuid::new_v4().to_string(),
            omschrijving: "1 km rond Dorpsstraat 12",
            gebied: Some(gebied),
            gemeente: None,
            zaak_id: None,
            soorten: &[],
            activiteitgroepen: &[],
            kanaal: Kanaal::Webhook,
            frequentie: Frequentie::Direct,
            webhook_url: Some(url),
            webhook_geheim: Some("geheim"),
            aangemaakt: time::OffsetDateTime::now_utc(),
        })
        .await
        .unwrap()
}

fn app(store: Store) -> App {
    let config = BerichtenConfig {
        publieke_url: Some("http://stip.bench".into()),
        webhook_toegestaan: vec!["127.0.0.1".into()],
        ..BerichtenConfig::default()
    };
    App::new(store, stip_app::HostConfig::default(), stip_app::systeemklok(), config)
}

/// Messages per second from a full outbox.
async fn doorvoer(store: &Store, naam: &str) {
    let (o, url) = ontvanger().await;
    let a = abonnement(store, &url).await;
    let app = app(store.clone());
    let n: usize = env("STIP_BENCH_BERICHTEN", 20_000);
    let nu = time::OffsetDateTime::now_utc();
    let melding = stip_berichten::melding::van_normwijziging(
        stip_berichten::melding::Normwijziging {
            plan: "Omgevingsplan".into(),
            norm: "maximale bouwhoogte".into(),
            eenheid: Some("m".into()),
            oud: Some(10.0),
            nieuw: Some(9.0),
        },
        None,
        serde_json::json!({ "type": "Point", "coordinates": [155_000.0, 463_000.0] }),
        nu,
    );
    let inhoud = serde_json::to_value(&melding).unwrap();
    for deel in (0..n).collect::<Vec<_>>().chunks(1_000) {
        let meldingen: Vec<NieuweMelding> = deel
            .iter()
            .map(|_| NieuweMelding {
                id: uuid::Uuid::now_v7(),
                soort: "plan-gewijzigd".into(),
                zaak_id: None,
                openbaar: true,
                op: nu,
                inhoud: inhoud.clone(),
            })
            .collect();
        let berichten: Vec<NieuwBericht> = meldingen
            .iter()
            .map(|m| NieuwBericht {
                melding_id: m.id,
                abonnement_id: Some(a.id),
                kanaal: Kanaal::Webhook,
                ontvanger: format!("webhook:{}", a.id),
                gebruiker: None,
                frequentie: Frequentie::Direct,
                verzenden_op: nu,
            })
            .collect();
        store.verspreid(&[], &meldingen, &berichten, nu).await.unwrap();
    }
    let t = Instant::now();
    while stip_app::berichten::bezorg(&app, app.post()).await.unwrap() > 0 {}
    let duur = t.elapsed();
    let telling = store.tel_berichten().await.unwrap();
    println!(
        "  {naam:<10} {n} webhooks delivered in {duur:.2?}: {:.0} messages/s (receiver got {}, delivered {}, failed {})",
        n as f64 / duur.as_secs_f64(),
        o.aantal.load(Ordering::Relaxed),
        telling.afgeleverd,
        telling.mislukt
    );
}

/// From a submitted case to its delivered CloudEvent, with the worker running as `stip serve` runs it.
async fn vertraging(store: &Store, naam: &str) {
    let (o, url) = ontvanger().await;
    abonnement(store, &url).await;
    let app = app(store.clone());
    app.laad_abonnementen().await.unwrap();
    let werker = tokio::spawn(stip_app::berichten::werk(app.clone(), app.post().clone()));
    let zaken: usize = env("STIP_BENCH_ZAKEN", 300);
    let interval = Duration::from_millis(env("STIP_BENCH_INTERVAL_MS", 20));
    let inhoud = serde_json::json!({
        "titel": "Dakkapel", "bevoegdGezag": "gm9999",
        "locatie": { "adres": "Dorpsstraat 12", "x": 155_000.0, "y": 463_000.0 },
        "activiteiten": [{ "id": "nl.imow-gm9999.activiteit.dakkapel", "naam": "Bouwen van een dakkapel" }],
    });
    let mut ingediend = HashMap::new();
    for _ in 0..zaken {
        let g = AanvraagGegevens { bevoegd_gezag: "gm9999", titel: "Dakkapel", inhoud: &inhoud };
        let a = store.maak_aanvraag(uuid::Uuid::now_v7(), g).await.unwrap();
        let nu = time::OffsetDateTime::now_utc();
        let leeg = serde_json::json!({ "procedure": "regulier" });
        let i = store
            .dien_in(NieuweZaak {
                aanvraag_id: a.id,
                aanvraag_versie: a.versie,
                idempotentie_sleutel: "k",
                ingediend: nu,
                titel: "Dakkapel",
                locatie: "Dorpsstraat 12",
                perceel: None,
                openbaar: false,
                inhoud: &inhoud,
                procedure: "regulier",
                status: "ontvangen",
                uiterste_beslisdatum: nu.date() + time::Duration::weeks(8),
                team: None,
                behandelaar: None,
                eerste_gebeurtenis: NieuweGebeurtenis {
                    soort: "ingediend",
                    door: None,
                    door_naam: "Aanvrager",
                    op: nu,
                    gegevens: &leeg,
                },
            })
            .await
            .unwrap();
        ingediend.insert(i.zaak.zaaknummer.clone(), Instant::now());
        app.wek_berichten();
        tokio::time::sleep(interval).await;
    }
    let start = Instant::now();
    while o.aankomst.lock().unwrap().len() < zaken && start.elapsed() < Duration::from_secs(60) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    werker.abort();
    let aankomst = o.aankomst.lock().unwrap().clone();
    let mut tijden: Vec<Duration> =
        ingediend.iter().filter_map(|(nr, t)| aankomst.get(nr).map(|a| a.duration_since(*t))).collect();
    println!("  {naam:<10} {} of {zaken} cases' CloudEvents arrived", tijden.len());
    if !tijden.is_empty() {
        report(&format!("{naam}: submitted case → delivered webhook"), &mut tijden);
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    println!("stip-app bezorgen: outbox → webhook receiver (goals: ≥ 2,000 messages/s; event → webhook p99 ≤ 2 s)");
    let (store, plek) = support::sqlite("bezorgen").await;
    doorvoer(&store, "sqlite").await;
    store.close().await;
    plek.opruimen().await;
    let (store, plek) = support::sqlite("vertraging").await;
    vertraging(&store, "sqlite").await;
    store.close().await;
    plek.opruimen().await;
    if let Some((store, plek)) = support::postgres("bezorgen").await {
        doorvoer(&store, "postgres").await;
        store.close().await;
        plek.opruimen().await;
    }
    if let Some((store, plek)) = support::postgres("vertraging").await {
        vertraging(&store, "postgres").await;
        store.close().await;
        plek.opruimen().await;
    }
}
