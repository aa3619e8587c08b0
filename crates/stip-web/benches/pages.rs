//! Server time per request, in-process (no network): the home page and the OpenAPI document.
//! Run with `cargo bench -p stip-web --bench pages`; divan prints median and spread per request.

use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use stip_store::{DatabaseUrl, SqliteStore, Store};
use stip_web::{AppState, WebConfig};
use tower::ServiceExt;

fn main() {
    divan::main();
}

fn app() -> (tokio::runtime::Runtime, axum::Router) {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let dir = std::env::temp_dir().join(format!("stip-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let store = rt.block_on(SqliteStore::open(&DatabaseUrl::sqlite_in(&dir))).unwrap();
    let router = stip_web::router(AppState::new(Store::Sqlite(store), WebConfig::default()));
    (rt, router)
}

fn get(rt: &tokio::runtime::Runtime, router: &axum::Router, uri: &str) -> usize {
    rt.block_on(async {
        let response = router.clone().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
        response.into_body().collect().await.unwrap().to_bytes().len()
    })
}

#[divan::bench(sample_count = 2000)]
fn home_page(bencher: divan::Bencher) {
    let (rt, router) = app();
    bencher.bench_local(|| get(&rt, &router, "/"));
}

#[divan::bench(sample_count = 2000)]
fn openapi_document(bencher: divan::Bencher) {
    let (rt, router) = app();
    bencher.bench_local(|| get(&rt, &router, "/api/v1/openapi.json"));
}
