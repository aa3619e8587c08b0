//! The officials' case list as an official gets it: `GET /api/v1/zaken` through the whole router (session lookup,
//! authorisation, the keyset page, the JSON), in-process, over 100,000 zaken in SQLite and in PostgreSQL. First pages
//! and pages at random depths, with the filters of the work queue. Prints p50/p99/max; the goal is p99 ≤ 50 ms (the
//! reference Dutch case system is reported at 2–9 s for 62,000 cases). Does not assert.
//!
//! The same synthetic zaken as `stip-store`'s work-queue benchmark (one file, included from there):
//! `STIP_BENCH_ZAKEN` (default 100,000), `STIP_BENCH_PAGINAS` (default 200 requests per shape), `STIP_BENCH_DIR`,
//! `DATABASE_URL`.

#[path = "../../stip-store/benches/support/mod.rs"]
mod support;
#[path = "../../stip-store/benches/support/zaken.rs"]
mod zaken;

use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use std::time::{Duration, Instant};
use stip_store::{GebruikerRepository, NieuweGebruiker, NieuweSessie, Rol, Store};
use stip_web::{AppState, WebConfig};
use support::{Plek, Rng, env, report};
use tower::ServiceExt;
use uuid::Uuid;
use zaken::{PAGINA, Regel, genereer, vul_plek};

/// One request shape: the query, and whether to start at a random depth of what it matches.
struct Vorm {
    label: &'static str,
    query: &'static str,
    past: fn(&Regel) -> bool,
    diep: bool,
}

const VORMEN: [Vorm; 6] = [
    Vorm { label: "first page", query: "", past: |_| true, diep: false },
    Vorm { label: "deep page", query: "", past: |_| true, diep: true },
    Vorm {
        label: "status in_behandeling, deep",
        query: "status=in_behandeling",
        past: |r| r.status == "in_behandeling",
        diep: true,
    },
    Vorm { label: "team milieu, deep", query: "team=milieu", past: |r| r.team == Some("milieu"), diep: true },
    Vorm { label: "mine (behandelaar=mij)", query: "behandelaar=mij", past: |_| false, diep: false },
    Vorm { label: "deadline risk (risico=let_op)", query: "risico=let_op", past: |_| false, diep: false },
];

async fn meet(naam: &str, store: Store, plek: Plek, regels: &[Regel], bram: Uuid, n: usize) {
    let t = Instant::now();
    vul_plek(&plek, regels).await;
    println!("{naam}: fill {} zaken: {:.2?}", regels.len(), t.elapsed());
    let token: String = "b".repeat(43);
    let verloopt = time::OffsetDateTime::now_utc() + time::Duration::hours(1);
    let hash = stip_web::auth::token_hash(&token);
    store
        .start_sessie(NieuweSessie {
            token_hash: &hash,
            gebruiker: stip_store::GebruikerId(bram),
            verloopt,
            begint: time::OffsetDateTime::now_utc(),
        })
        .await
        .unwrap();
    let router = stip_web::router(AppState::new(store.clone(), WebConfig::default()));
    let mut rng = Rng::new(3);
    let mut slechtste = Duration::ZERO;
    for vorm in &VORMEN {
        let passend: Vec<&Regel> = regels.iter().filter(|r| r.bevoegd_gezag == "gm0001" && (vorm.past)(r)).collect();
        let mut tijden = Vec::with_capacity(n);
        for i in 0..n + 5 {
            let mut query = format!("limiet={PAGINA}&{}", vorm.query);
            if vorm.diep && !passend.is_empty() {
                let r = passend[rng.below(passend.len())];
                query.push_str(&format!("&na={}_{}", r.termijn, r.zaaknummer));
            }
            let request = Request::get(format!("/api/v1/zaken?{query}"))
                .header("authorization", format!("Bearer {token}"))
                .body(Body::empty())
                .unwrap();
            let t = Instant::now();
            let answer = router.clone().oneshot(request).await.unwrap();
            let status = answer.status();
            let body = answer.into_body().collect().await.unwrap().to_bytes();
            let tijd = t.elapsed();
            assert!(status.is_success(), "{query}: {status} {}", String::from_utf8_lossy(&body));
            if i >= 5 {
                tijden.push(tijd); // the first five warm the caches
            }
        }
        slechtste = slechtste.max(report(vorm.label, &mut tijden));
    }
    println!("  {naam}: worst p99 {slechtste:.2?} through HTTP (goal ≤ 50 ms)");
    store.close().await;
    plek.opruimen().await;
}

fn main() {
    let n: usize = env("STIP_BENCH_ZAKEN", 100_000);
    let paginas: usize = env("STIP_BENCH_PAGINAS", 200);
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    rt.block_on(async {
        println!(
            "== stip officials' case list over HTTP: {n} zaken, {paginas} requests per shape, {} cores",
            std::thread::available_parallelism().map_or(0, |n| n.get())
        );
        for backend in ["sqlite", "postgres"] {
            let (store, plek) = match backend {
                "sqlite" => support::sqlite("werkvoorraad-http").await,
                _ => match support::postgres("werkvoorraad_http").await {
                    Some(x) => x,
                    None => continue,
                },
            };
            // Bram, official of gm0001, who handles some of the cases.
            let bram = store
                .maak_gebruiker(NieuweGebruiker {
                    email: Some("bram@example.nl"),
                    naam: "Bram",
                    rollen: &[Rol::Behandelaar],
                    bevoegd_gezag: Some("gm0001"),
                    ..NieuweGebruiker::default()
                })
                .await
                .unwrap()
                .id
                .0;
            let mut behandelaars: Vec<Uuid> = (0..59).map(|_| Uuid::new_v4()).collect();
            behandelaars.push(bram);
            let regels = genereer(n, &behandelaars);
            meet(backend, store, plek, &regels, bram, paginas).await;
        }
    });
}
