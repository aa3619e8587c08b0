//! Server time per page of the journey on the fixture data, in-process (no network): what applies here, the
//! Vergunningcheck's start, question and outcome, "Teken uw plan" and the droog-oefenen report (a POST that runs the
//! plan check, the point query and the Vergunningcheck). Prints p50, p99 and max per page; the goal is p99 ≤ 50 ms.
//!
//! Run with `cargo bench -p stip-web --bench journey` (needs `../shared/dso-fixtures` or `$STIP_FIXTURES`).
//! `STIP_BENCH_REQUESTS` sets the requests per page (default 2000).

use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use std::time::{Duration, Instant};
use stip_store::{DatabaseUrl, SqliteStore, Store};
use stip_web::{AppState, WebConfig};
use tower::ServiceExt;

const WONEN_7M: (f64, f64) = (51637.34, 390864.23);
const KAPPEN: &str = "nl.imow-gm0297.activiteit.2019000810";

fn fixtures() -> std::path::PathBuf {
    let dir = std::env::var_os("STIP_FIXTURES")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/dso-fixtures"));
    assert!(dir.join("README.md").exists(), "fixtures missing at {}", dir.display());
    dir
}

fn bron(path: &std::path::Path) -> stip_app::kennis::Bron {
    let mut bestanden = Vec::new();
    let files: Vec<std::path::PathBuf> = if path.is_dir() {
        let mut v: Vec<_> =
            std::fs::read_dir(path).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_file()).collect();
        v.sort();
        v
    } else {
        vec![path.to_path_buf()]
    };
    for p in files {
        bestanden.push((p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()));
    }
    stip_app::kennis::Bron { naam: path.display().to_string(), bestanden }
}

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let dir = std::env::temp_dir().join(format!("stip-bench-journey-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let store = Store::Sqlite(rt.block_on(SqliteStore::open(&DatabaseUrl::sqlite_in(&dir))).unwrap());
    let state = AppState::new(store.clone(), WebConfig::default());
    let fx = fixtures();
    for pad in [
        "imro/stationspleinzuidoost.gml",
        "gemeentestad/opdracht",
        "gemeentestad/toepasbareRegels",
        "bag-brk/bag-doesburg-0221/0221NUM15092020-000001.xml",
        "bag-brk/bag-doesburg-0221/0221VBO15092020-000001.xml",
    ] {
        let b = bron(&fx.join(pad));
        let ingelezen = stip_app::kennis::inlezen(&b, None).unwrap();
        rt.block_on(stip_app::kennis::publiceer(&store, &b, &ingelezen)).unwrap();
    }
    rt.block_on(state.vernieuw()).unwrap();
    let router = stip_web::router(state);

    // A CSRF token as a browser holds it, for the report's form.
    let token = rt.block_on(async {
        let r = router.clone().oneshot(Request::get("/").body(Body::empty()).unwrap()).await.unwrap();
        let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
        cookie.split(';').next().unwrap().split_once('=').unwrap().1.to_string()
    });
    let (x, y) = WONEN_7M;
    let form = format!(
        "x={x}&y={y}&bron=rechthoek&breedte=4&diepte=3&bouwhoogte=8&goothoogte=3&functie=wonen&activiteit={KAPPEN}&csrf={token}"
    );
    let pages: Vec<(&str, MaakVerzoek)> = vec![
        ("GET  /", Box::new(|| Request::get("/").body(Body::empty()).unwrap())),
        (
            "GET  /kaart?x&y (what applies here)",
            Box::new(move || Request::get(format!("/kaart?x={x}&y={y}")).body(Body::empty()).unwrap()),
        ),
        (
            "GET  /kaart?adres=6981CH 4",
            Box::new(|| Request::get("/kaart?adres=6981CH%204").body(Body::empty()).unwrap()),
        ),
        (
            "GET  /vergunningcheck?x&y (Wat wilt u doen?)",
            Box::new(move || Request::get(format!("/vergunningcheck?x={x}&y={y}")).body(Body::empty()).unwrap()),
        ),
        (
            "GET  /vergunningcheck/vraag (first question)",
            Box::new(move || {
                Request::get(format!("/vergunningcheck/vraag?activiteit={KAPPEN}&x={x}&y={y}"))
                    .body(Body::empty())
                    .unwrap()
            }),
        ),
        (
            "GET  /plancheck?x&y (Teken uw plan)",
            Box::new(move || {
                Request::get(format!("/plancheck?x={x}&y={y}&activiteit={KAPPEN}")).body(Body::empty()).unwrap()
            }),
        ),
        (
            "POST /droog-oefenen (the report)",
            Box::new(move || {
                Request::post("/droog-oefenen")
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header("cookie", format!("stip_csrf={token}"))
                    .body(Body::from(form.clone()))
                    .unwrap()
            }),
        ),
    ];
    let n: usize = std::env::var("STIP_BENCH_REQUESTS").ok().and_then(|v| v.parse().ok()).unwrap_or(2000);
    println!("server time per page, in-process, {n} requests each, on the fixture data (goal: p99 ≤ 50 ms)");
    println!("{:<48} {:>10} {:>10} {:>10} {:>9}", "page", "p50", "p99", "max", "bytes");
    for (naam, maak) in &pages {
        let mut tijden = Vec::with_capacity(n);
        let mut bytes = 0;
        for i in 0..n + 50 {
            let t = Instant::now();
            let (status, len) = rt.block_on(async {
                let r = router.clone().oneshot(maak()).await.unwrap();
                let status = r.status();
                (status, r.into_body().collect().await.unwrap().to_bytes().len())
            });
            let d = t.elapsed();
            assert!(status.is_success(), "{naam}: {status}");
            bytes = len;
            if i >= 50 {
                tijden.push(d); // the first 50 warm up
            }
        }
        tijden.sort();
        let p = |q: f64| tijden[((tijden.len() as f64 * q) as usize).min(tijden.len() - 1)];
        println!("{naam:<48} {:>10} {:>10} {:>10} {bytes:>9}", ms(p(0.5)), ms(p(0.99)), ms(*tijden.last().unwrap()));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Builds one request of a page, anew for every round.
type MaakVerzoek = Box<dyn Fn() -> Request<Body>>;

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}
