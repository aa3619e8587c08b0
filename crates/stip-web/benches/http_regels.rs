//! Load benchmark of `GET /api/v1/regels` over real HTTP on loopback: an open-loop load generator sends a fixed
//! rate of requests (latency counted from the scheduled send time, so a stall is not hidden) to stip serving the
//! national-scale synthetic plan. Prints achieved rate and latency percentiles; does not assert.
//!
//! `STIP_BENCH_SCALE` (default 0.01; 1 = 1,000,000 locaties and 10,000,000 panden), `STIP_BENCH_RATE` (requests/s,
//! default 1000), `STIP_BENCH_SECONDS` (default 10), `STIP_BENCH_CONNECTIONS` (default 32).

use std::time::{Duration, Instant};
use stip_app::kennis::Kennis;
use stip_regels::RegelIndex;
use stip_regels::synth::{self, Rng, SynthConfig};
use stip_store::{DatabaseUrl, SqliteStore, Store};
use stip_web::{AppState, WebConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

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
    let (latencies, errors, elapsed) = load.block_on(run_load(addr, &cfg, rate, seconds, connections));
    let mut sorted = latencies;
    sorted.sort();
    let p = |q: f64| sorted.get(((sorted.len() as f64 - 1.0) * q).round() as usize).copied().unwrap_or_default();
    println!(
        "target {rate:.0} req/s for {seconds:.0} s over {connections} connections: {} answered ({:.0} req/s), {errors} errors",
        sorted.len(),
        sorted.len() as f64 / elapsed.as_secs_f64()
    );
    println!(
        "latency p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms (goal: p99 <= 20 ms at 1000 req/s)",
        ms(p(0.5)),
        ms(p(0.9)),
        ms(p(0.99)),
        ms(p(1.0))
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

async fn run_load(
    addr: std::net::SocketAddr,
    cfg: &SynthConfig,
    rate: f64,
    seconds: f64,
    connections: usize,
) -> (Vec<Duration>, usize, Duration) {
    let total = (rate * seconds) as usize;
    let interval = Duration::from_secs_f64(connections as f64 / rate);
    let start = Instant::now() + Duration::from_millis(100);
    let mut tasks = Vec::new();
    for c in 0..connections {
        let mut rng = Rng::new(cfg.seed ^ ((c as u64 + 1) * 7919));
        let points: Vec<_> = (0..total / connections).map(|_| synth::random_point(&mut rng)).collect();
        let offset = interval.mul_f64(c as f64 / connections as f64);
        tasks.push(tokio::spawn(async move {
            let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
            stream.set_nodelay(true).unwrap();
            let mut latencies = Vec::with_capacity(points.len());
            let mut errors = 0;
            let mut buf = vec![0u8; 1 << 16];
            for (i, p) in points.iter().enumerate() {
                let scheduled = start + offset + interval.mul_f64(i as f64);
                tokio::time::sleep_until(scheduled.into()).await;
                let req = format!("GET /api/v1/regels?x={:.2}&y={:.2} HTTP/1.1\r\nHost: stip\r\n\r\n", p.x, p.y);
                if stream.write_all(req.as_bytes()).await.is_err() || !read_response(&mut stream, &mut buf).await {
                    errors += 1;
                    stream = tokio::net::TcpStream::connect(addr).await.unwrap();
                    continue;
                }
                latencies.push(scheduled.elapsed());
            }
            (latencies, errors)
        }));
    }
    let mut all = Vec::with_capacity(total);
    let mut errors = 0;
    for t in tasks {
        let (l, e) = t.await.unwrap();
        all.extend(l);
        errors += e;
    }
    (all, errors, start.elapsed())
}

/// Reads one HTTP/1.1 response with a Content-Length; true when it was a 200.
async fn read_response(stream: &mut tokio::net::TcpStream, buf: &mut Vec<u8>) -> bool {
    let mut filled = 0;
    loop {
        if !read_more(stream, buf, &mut filled).await {
            return false;
        }
        if let Some(end) = buf[..filled].windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let len: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            while filled < end + 4 + len {
                if !read_more(stream, buf, &mut filled).await {
                    return false;
                }
            }
            return head.starts_with("http/1.1 200");
        }
    }
}

/// Reads what the socket has into `buf` after `filled`, growing it when full; false on error or end of stream.
async fn read_more(stream: &mut tokio::net::TcpStream, buf: &mut Vec<u8>, filled: &mut usize) -> bool {
    if *filled == buf.len() {
        buf.resize(buf.len() * 2, 0);
    }
    match stream.read(&mut buf[*filled..]).await {
        Ok(0) | Err(_) => false,
        Ok(n) => {
            *filled += n;
            true
        }
    }
}
