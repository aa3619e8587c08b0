//! The static assets embedded in the binary (vendored NL Design System CSS, MapLibre, stip's own CSS and scripts),
//! served at `/assets/…` so that no request leaves the machine, and the site's icon at `/favicon.ico`. Text assets go gzipped to browsers that accept it
//! (compressed once, on first request): the NL Design System CSS alone is 600 kB as text and 50 kB gzipped.

use crate::AppState;
use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use rust_embed::RustEmbed;
use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, LazyLock, Mutex};

#[derive(RustEmbed)]
#[folder = "assets/"]
struct Assets;

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/assets/{*path}", get(serve))
        .route("/favicon.ico", get(|| async { axum::response::Redirect::permanent(FAVICON) }))
}

/// stip's icon (the dot of its logo); `/favicon.ico`, which browsers ask for by themselves, points to it.
const FAVICON: &str = "/assets/img/stip.svg";

/// Gzipped text assets by path, made on first request.
static GZIPPED: LazyLock<Mutex<HashMap<String, Arc<[u8]>>>> = LazyLock::new(Default::default);

fn gzipped(path: &str, data: &[u8]) -> Arc<[u8]> {
    let mut cache = GZIPPED.lock().unwrap_or_else(|e| e.into_inner());
    cache
        .entry(path.to_string())
        .or_insert_with(|| {
            let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            encoder.write_all(data).expect("writing to memory");
            encoder.finish().expect("writing to memory").into()
        })
        .clone()
}

/// Whether the request's `Accept-Encoding` takes gzip (and does not refuse it with `q=0`).
fn accepts_gzip(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()) else { return false };
    value.split(',').any(|part| {
        let mut it = part.split(';');
        let name = it.next().unwrap_or("").trim();
        let refused = it.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
        (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
    })
}

async fn serve(Path(path): Path<String>, request_headers: HeaderMap) -> Response {
    let Some(file) = Assets::get(&path) else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    let mime = file.metadata.mimetype();
    let text =
        mime.starts_with("text/") || mime.contains("javascript") || mime.contains("json") || mime.contains("svg");
    let gzip = text && accepts_gzip(&request_headers);
    let mut response =
        if gzip { gzipped(&path, &file.data).to_vec().into_response() } else { file.data.into_owned().into_response() };
    let headers = response.headers_mut();
    if text {
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    if gzip {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    if let Ok(v) = HeaderValue::from_str(mime) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600"));
    // one ETag per representation: the gzipped bytes are not the same as the plain ones
    let hash: String = file.metadata.sha256_hash().iter().take(8).map(|b| format!("{b:02x}")).collect();
    let etag = format!("\"{hash}{}\"", if gzip { "-gz" } else { "" });
    if let Ok(v) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, v);
    }
    response
}
