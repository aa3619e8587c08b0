//! Load benchmark of `GET /api/v1/regels` over real HTTP on loopback: an open-loop load generator sends a fixed
//! rate of requests (latency counted from the scheduled send time, so a stall is not hidden) to stip serving the
//! national-scale synthetic plan. Prints achieved rate and latency percentiles; does not assert.
//!
//! `STIP_BENCH_SCALE` (default 0.01; 1 = 1,000,000 locaties and 10,000,000 panden), `STIP_BENCH_RATE` (requests/s,
//! default 1000), `STIP_BENCH_SECONDS` (default 10), `STIP_BENCH_CONNECTIONS` (default 32).

#[allow(dead_code)] // the answers' bodies are for benchmarks that follow them
mod support;

use std::time::Instant;
use stip_app::kennis::Kennis;
use stip_regels::RegelIndex;
use stip_regels::synth::{self, Rng, SynthConfig};
use stip_store::{DatabaseUrl, SqliteStore, Store};
use stip_web::{AppState, WebConfig};

fn env<T: std::str::FromStr>(k: &str, d: T) -> T {
    std::env::var(k).ok().and_then(|v| v.parse().ok()).unwrap_or(d)
}

fn main() {
    let scale: f64 = env("STIP_BENCH_SCALE", 0.01);
    let rate: f64 = env("STIP_BENCH_RATE", 1000.0);
    let seconds: f64 = env("STIP_BENCH_SECONDS", 10.0);
    let connections: usize = env("STIP_BENCH_CONNECTIONS", 32);
    let cfg = SynthConfig::national(scale);
    println!("== stip HTTP load: GET /api/v1/regels, scale {scale} ({} locaties, {} panden)", cfg.locaties, cfg.panden);
    let t = Instant::now();
    let index = RegelIndex::build(vec![synth::plan(&cfg)], synth::panden(&cfg), Vec::new());
    println!("index built in {:.1} s", t.elapsed().as_secs_f64());

    let server = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let dir = std::env::temp_dir().join(format!("stip-bench-http-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let addr = server.block_on(async {
        let store = Store::Sqlite(SqliteStore::open(&DatabaseUrl::sqlite_in(&dir)).await.unwrap());
        let state = AppState::new(store, WebConfig::default());
        state.vervang_kennis(Kennis { regels: index, ..Kennis::leeg() });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, stip_web::router(state)).await.unwrap() });
        addr
    });

    let load = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let verbindingen = (0..connections)
        .map(|c| {
            let mut rng = Rng::new(cfg.seed ^ ((c as u64 + 1) * 7919));
            let punten = (0..(rate * seconds) as usize / connections).map(|_| synth::random_point(&mut rng)).collect();
            (addr, Punten(punten))
        })
        .collect();
    let uitslag = load.block_on(support::open_loop(verbindingen, rate, seconds));
    println!(
        "target {rate:.0} req/s for {seconds:.0} s over {connections} connections (goal: p99 <= 20 ms at 1000 req/s)"
    );
    support::druk_af(&["GET /api/v1/regels?x&y"], &uitslag);
    let _ = std::fs::remove_dir_all(&dir);
}

/// One connection's requests: a point query for each of its random points.
struct Punten(Vec<geo_types::Coord<f64>>);

impl support::Verkeer for Punten {
    fn volgende(&mut self, i: usize) -> (usize, Vec<u8>) {
        let p = self.0[i];
        (0, support::verzoek("GET", &format!("/api/v1/regels?x={:.2}&y={:.2}", p.x, p.y), "", b""))
    }
}
