//! Submit benchmark: durable submissions per second with N concurrent submitters, on SQLite (WAL, synchronous=FULL,
//! submits group-committed) and on PostgreSQL (synchronous_commit on). Every submit is the real `dien_in` from an
//! aanvraag in concept: claim the aanvraag, the year's next zaaknummer, the zaak, event 1 — acknowledged once
//! committed and synced. Prints submits/s and p50/p99 latency per backend and concurrency; the goal is ≥ 500/s on
//! each. Does not assert.
//!
//! `STIP_BENCH_INDIENERS` (default `1,8,32`) concurrent submitters; `STIP_BENCH_INDIENINGEN` (default 4,000) submits
//! per run; `STIP_BENCH_DIR` where the SQLite file goes (put it on the disk you want to measure: the figures are
//! bounded by its fsync); `DATABASE_URL` (default `postgres://postgres@127.0.0.1:5432/test`) for PostgreSQL, in a
//! schema of its own that is dropped afterwards.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use stip_store::{
    Aanvraag, AanvraagGegevens, AanvraagRepository, NieuweGebeurtenis, NieuweZaak, Store, ZaakRepository,
};
use time::OffsetDateTime;
use uuid::Uuid;

mod support;
use support::{env, report};

/// Makes `n` concepts, a few tasks at a time.
async fn concepten(store: &Store, n: usize) -> Vec<Aanvraag> {
    let inhoud = serde_json::json!({
        "activiteiten": [{"id": "nl.imow-gm0001.activiteit.bouwen", "conclusie": "vergunningplicht"}],
        "locatie": {"adres": "Dorpsstraat 1, Gemeentestad", "perceel": "GMS00-A-1234"},
        "omschrijving": "Een dakkapel op het achterdakvlak, 3 meter breed, met een plat dak."
    });
    let taken: Vec<_> = (0..8)
        .map(|t| {
            let (store, inhoud) = (store.clone(), inhoud.clone());
            tokio::spawn(async move {
                let mut gemaakt = Vec::new();
                for _ in (t..n).step_by(8) {
                    let g = AanvraagGegevens { bevoegd_gezag: "gm0001", titel: "Dakkapel", inhoud: &inhoud };
                    gemaakt.push(store.maak_aanvraag(Uuid::now_v7(), g).await.unwrap());
                }
                gemaakt
            })
        })
        .collect();
    let mut alle = Vec::with_capacity(n);
    for t in taken {
        alle.extend(t.await.unwrap());
    }
    alle
}

async fn dien_in(store: &Store, a: &Aanvraag) -> Duration {
    let sleutel = Uuid::new_v4().to_string();
    let inhoud = serde_json::json!({"aanvraag": a.inhoud, "ontvangstbevestiging": true});
    let gegevens = serde_json::json!({"procedure": "regulier", "termijn": "8 weken"});
    let nu = OffsetDateTime::now_utc();
    let t = Instant::now();
    let indiening = store
        .dien_in(NieuweZaak {
            aanvraag_id: a.id,
            aanvraag_versie: a.versie,
            idempotentie_sleutel: &sleutel,
            ingediend: nu,
            titel: &a.titel,
            locatie: "Dorpsstraat 1, Gemeentestad",
            perceel: Some("GMS00-A-1234"),
            openbaar: false,
            inhoud: &inhoud,
            procedure: "regulier",
            status: "ontvangen",
            uiterste_beslisdatum: nu.date() + time::Duration::weeks(8),
            team: Some("bouwen"),
            behandelaar: None,
            eerste_gebeurtenis: NieuweGebeurtenis {
                soort: "ingediend",
                door: Some(a.aanvrager),
                door_naam: "Jan Jansen",
                op: nu,
                gegevens: &gegevens,
            },
        })
        .await
        .unwrap();
    let tijd = t.elapsed();
    assert!(indiening.nieuw);
    tijd
}

/// Submits every concept with `indieners` tasks at once; prints the rate and the latencies.
async fn meet(naam: &str, store: &Store, indieners: usize, n: usize) -> f64 {
    let aanvragen = Arc::new(concepten(store, n).await);
    let volgende = Arc::new(AtomicUsize::new(0));
    let t = Instant::now();
    let taken: Vec<_> = (0..indieners)
        .map(|_| {
            let (store, aanvragen, volgende) = (store.clone(), aanvragen.clone(), volgende.clone());
            tokio::spawn(async move {
                let mut tijden = Vec::new();
                loop {
                    let i = volgende.fetch_add(1, Ordering::Relaxed);
                    let Some(a) = aanvragen.get(i) else { break };
                    tijden.push(dien_in(&store, a).await);
                }
                tijden
            })
        })
        .collect();
    let mut tijden = Vec::with_capacity(n);
    for taak in taken {
        tijden.extend(taak.await.unwrap());
    }
    let totaal = t.elapsed();
    let per_seconde = n as f64 / totaal.as_secs_f64();
    report(&format!("{naam}, {indieners:>2} submitters: {per_seconde:>6.0} submits/s, latency"), &mut tijden);
    per_seconde
}

fn main() {
    let indieners: Vec<usize> = std::env::var("STIP_BENCH_INDIENERS")
        .ok()
        .map(|v| v.split(',').filter_map(|s| s.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1, 8, 32]);
    let n: usize = env("STIP_BENCH_INDIENINGEN", 4_000);
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    rt.block_on(async {
        println!(
            "== stip submit benchmark: {n} submits per run, submitters {indieners:?}, {} cores",
            std::thread::available_parallelism().map_or(0, |n| n.get())
        );
        let (store, plek) = support::sqlite("indienen").await;
        let mut beste = 0f64;
        for &k in &indieners {
            beste = beste.max(meet("sqlite", &store, k, n).await);
        }
        println!("  sqlite: best {beste:.0} durable submits/s (goal ≥ 500/s)");
        store.close().await;
        plek.opruimen().await;

        if let Some((store, plek)) = support::postgres("indienen").await {
            let mut beste = 0f64;
            for &k in &indieners {
                beste = beste.max(meet("postgres", &store, k, n).await);
            }
            println!("  postgres: best {beste:.0} durable submits/s (goal ≥ 500/s)");
            store.close().await;
            plek.opruimen().await;
        }
    });
}
