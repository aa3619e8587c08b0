//! Test support: a stip app on a fresh SQLite store, called in-process.

#![allow(dead_code)]

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response};
use http_body_util::BodyExt;
use stip_store::{DatabaseUrl, SqliteStore, Store};
use stip_web::{AppState, WebConfig};
use tower::ServiceExt;

pub mod browser;
pub mod foto;
pub mod gemeentestad;
pub mod persoon;
pub mod schema;
pub mod smtp;
pub mod voorbeeldstad;

pub struct TestApp {
    pub router: Router,
    pub store: Store,
    /// The app's clock: it stands still until a test moves it (`app.klok.verzet(…)`), so no test sleeps.
    pub klok: stip_app::TestKlok,
    dir: std::path::PathBuf,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub struct Answer {
    pub status: u16,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(WebConfig::default()).await
}

pub async fn spawn_app_with(config: WebConfig) -> TestApp {
    spawn_app_met_state(config).await.0
}

/// [`spawn_app_with`], with the app's state (for running the message worker's rounds in a test).
pub async fn spawn_app_met_state(config: WebConfig) -> (TestApp, AppState) {
    let dir = std::env::temp_dir().join(format!("stip-web-test-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let store = Store::Sqlite(SqliteStore::open(&DatabaseUrl::sqlite_in(&dir)).await.unwrap());
    let klok = stip_app::TestKlok::op(time::OffsetDateTime::now_utc());
    let state = AppState::met_klok(store.clone(), config, std::sync::Arc::new(klok.clone()));
    (TestApp { router: stip_web::router(state.clone()), store, klok, dir }, state)
}

impl TestApp {
    pub async fn request(&self, request: Request<Body>) -> Answer {
        let response: Response<Body> = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Answer { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    pub async fn get(&self, uri: &str) -> Answer {
        self.request(Request::get(uri).body(Body::empty()).unwrap()).await
    }

    /// The CSRF token a browser gets with any page: the cookie's value, which a form repeats in its `csrf` field.
    pub async fn csrf_token(&self) -> String {
        let page = self.get("/").await;
        let cookie = page.header("set-cookie").expect("a page sets the CSRF cookie");
        let value = cookie.split(';').next().unwrap().strip_prefix(&format!("{}=", stip_web::CSRF_COOKIE)).unwrap();
        value.to_string()
    }

    /// Sends a form as a browser does: urlencoded, with the CSRF cookie and the same token in the `csrf` field.
    pub async fn post_form(&self, uri: &str, velden: &[(&str, &str)]) -> Answer {
        let token = self.csrf_token().await;
        let mut body: Vec<String> = velden.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect();
        body.push(format!("{}={}", stip_web::CSRF_VELD, encode(&token)));
        self.request(
            Request::post(uri)
                .header("content-type", "application/x-www-form-urlencoded")
                .header("cookie", format!("{}={token}", stip_web::CSRF_COOKIE))
                .body(Body::from(body.join("&")))
                .unwrap(),
        )
        .await
    }
}

/// Percent-encodes a form value.
pub fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The national fixtures (`$STIP_FIXTURES`, else `../shared/dso-fixtures` beside the repo). `None` (with a note) when
/// missing, unless `STIP_REQUIRE_FIXTURES=1`: then a missing fixture fails the test.
pub fn fixtures() -> Option<std::path::PathBuf> {
    let dir = std::env::var_os("STIP_FIXTURES")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/dso-fixtures"));
    if dir.join("README.md").exists() {
        return Some(dir);
    }
    if std::env::var("STIP_REQUIRE_FIXTURES").as_deref() == Ok("1") {
        panic!("fixtures missing at {} and STIP_REQUIRE_FIXTURES=1", dir.display());
    }
    eprintln!("note: fixtures missing at {}; skipping", dir.display());
    None
}

/// Reads a fixture path as `stip import` does: a file is one source, a folder one source of all its files.
pub fn bron(path: &std::path::Path) -> stip_app::kennis::Bron {
    let mut bestanden = Vec::new();
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            let p = entry.unwrap().path();
            if p.is_file() {
                bestanden.push((p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()));
            }
        }
        bestanden.sort();
    } else {
        bestanden.push((path.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(path).unwrap()));
    }
    stip_app::kennis::Bron { naam: path.display().to_string(), bestanden }
}

impl TestApp {
    /// Imports fixture paths through the import pipeline, publishes them, and has the app load them.
    pub async fn importeer(&self, state: &stip_web::AppState, paths: &[std::path::PathBuf]) {
        for path in paths {
            let bron = bron(path);
            let ingelezen =
                stip_app::kennis::inlezen(&bron, None).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            stip_app::kennis::publiceer(&self.store, &bron, &ingelezen).await.unwrap();
        }
        assert!(state.vernieuw().await.unwrap(), "the app loads what was published");
    }
}

/// An app with the given fixture paths (relative to the fixtures folder) imported, or `None` without fixtures.
pub async fn app_met(paths: &[&str]) -> Option<(TestApp, stip_web::AppState)> {
    app_met_config(paths, WebConfig::default()).await
}

/// [`app_met`] with a configuration of its own.
pub async fn app_met_config(paths: &[&str], config: WebConfig) -> Option<(TestApp, stip_web::AppState)> {
    let dir = fixtures()?;
    let tmp = std::env::temp_dir().join(format!("stip-web-test-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&tmp).unwrap();
    let store = Store::Sqlite(SqliteStore::open(&DatabaseUrl::sqlite_in(&tmp)).await.unwrap());
    let klok = stip_app::TestKlok::op(time::OffsetDateTime::now_utc());
    let state = AppState::met_klok(store.clone(), config, std::sync::Arc::new(klok.clone()));
    let app = TestApp { router: stip_web::router(state.clone()), store, klok, dir: tmp };
    app.importeer(&state, &paths.iter().map(|p| dir.join(p)).collect::<Vec<_>>()).await;
    Some((app, state))
}

/// The text of a tagged PDF as a screen reader gets it: each structure element's text in reading order, by
/// `pdfinfo -struct-text` (poppler-utils). A table cell's wrapped lines stay together, where `pdftotext` reads the
/// lines of side-by-side cells across.
pub fn pdf_structuurtekst(bytes: &[u8]) -> String {
    let pad = std::env::temp_dir().join(format!("stip-pdf-{}.pdf", uuid::Uuid::new_v4().simple()));
    std::fs::write(&pad, bytes).unwrap();
    let uit =
        std::process::Command::new("pdfinfo").arg("-struct-text").arg(&pad).output().expect("pdfinfo is installed");
    let _ = std::fs::remove_file(&pad);
    assert!(uit.status.success(), "pdfinfo: {}", String::from_utf8_lossy(&uit.stderr));
    String::from_utf8_lossy(&uit.stdout).into_owned()
}

/// The text of a PDF, by `pdftotext` (poppler-utils).
pub fn pdf_tekst(bytes: &[u8]) -> String {
    let pad = std::env::temp_dir().join(format!("stip-pdf-{}.pdf", uuid::Uuid::new_v4().simple()));
    std::fs::write(&pad, bytes).unwrap();
    let uit = std::process::Command::new("pdftotext").arg(&pad).arg("-").output().expect("pdftotext is installed");
    let _ = std::fs::remove_file(&pad);
    assert!(uit.status.success(), "pdftotext: {}", String::from_utf8_lossy(&uit.stderr));
    String::from_utf8_lossy(&uit.stdout).into_owned()
}
