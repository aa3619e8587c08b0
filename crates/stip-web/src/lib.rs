//! stip's HTTP face: the router with the JSON API, the HTML pages and the embedded assets — adapters only.
//!
//! `router(state)` builds everything; the binary serves it and tests call it in-process.

pub mod api;
mod assets;
pub mod auth;
pub mod backoffice;
mod csrf;
mod error;
mod health;
mod i18n;
mod lichaam;
mod pages;

pub use auth::{AuthConfig, Ingelogd, MailConfig, Netwerk, OidcConfig};
pub use csrf::{CSRF_COOKIE, CSRF_VELD};
pub use error::{ApiError, ErrorCode};
pub use i18n::Lang;
pub use stip_app::HostConfig;

use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, header};
use axum::{Router, middleware};
use std::sync::Arc;
use stip_app::{App, GedeeldeKlok};
use stip_store::Store;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultMakeSpan, TraceLayer};
use tracing::Level;

/// The largest body of an upload route: one document at its limit plus the form around it.
pub const UPLOAD_BODY_BYTES: usize = stip_zaak::document::MAX_DOCUMENT_BYTES + 1024 * 1024;

/// Whether a path takes files (and so the larger body limit): a draft's or a case's documents, a supplement.
pub(crate) fn is_upload(path: &str) -> bool {
    let pad = path.strip_prefix("/api/v1").unwrap_or(path);
    (pad.starts_with("/aanvragen/") || pad.starts_with("/zaken/"))
        && (pad.ends_with("/documenten") || pad.ends_with("/aanvullen"))
}

/// The body limit per path: [`UPLOAD_BODY_BYTES`] for uploads, the configured limit elsewhere. A declared length
/// over it is refused at once (413); a body that turns out longer fails when read.
async fn lichaam_limiet(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: axum::extract::Request,
    next: middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let limiet = if is_upload(request.uri().path()) { UPLOAD_BODY_BYTES } else { state.config().max_body_bytes };
    let lengte = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if lengte.is_some_and(|l| l > limiet) {
        return axum::http::StatusCode::PAYLOAD_TOO_LARGE.into_response();
    }
    let (parts, body) = request.into_parts();
    let body = axum::body::Body::new(http_body_util::Limited::new(body, limiet));
    next.run(axum::extract::Request::from_parts(parts, body)).await
}

/// Settings of the web layer, from the binary's configuration. `Debug` hides the CSRF key.
#[derive(Clone)]
pub struct WebConfig {
    /// Largest request body accepted, in bytes; larger ones get 413 with a problem document.
    pub max_body_bytes: usize,
    /// An optional raster tile URL (`…/{z}/{x}/{y}.png`) drawn under stip's own map layers. Without it the map uses
    /// only stip's data and needs no network.
    pub basemap_url: Option<String>,
    /// Authorities and teams for "Waar moet ik zijn?" (default: the demo municipality Voorbeeldstad).
    pub host: HostConfig,
    /// The key that signs CSRF tokens; drawn at start when absent (instances behind one load balancer share one).
    pub csrf_sleutel: Option<String>,
    /// Login and sessions.
    pub auth: AuthConfig,
    /// The address people reach this stip at (`https://stip.voorbeeldstad.nl`), for links in e-mails. Never taken
    /// from a request's `Host` header, which a sender of the request chooses.
    pub publieke_url: Option<String>,
    /// Messages and alerts (`[berichten]`); its public address and mail server are taken from above.
    pub berichten: stip_app::berichten::BerichtenConfig,
    /// Leges and online payment (`[betalen]`); its public address is taken from above.
    pub betalen: stip_app::betalen::BetalenConfig,
    /// The Ed25519 key that signs consent certificates (`[participatie] sleutel`: base64 of a 32-byte seed or
    /// PKCS#8); absent: stip makes one on first use and keeps it in the store.
    pub participatie_sleutel: Option<String>,
    /// Reverse proxies whose `X-Forwarded-For` names the client (`[server] vertrouwde_proxies`); from any other peer
    /// the header is ignored. The brake on password guessing counts per client address.
    pub vertrouwde_proxies: Vec<Netwerk>,
    /// Heavy uploads (a body over 1 MB to an upload path) handled at once (`[server] gelijktijdige_uploads`); more wait
    /// briefly, then get 503 with `Retry-After`. Each holds about one copy of its document in memory.
    pub gelijktijdige_uploads: usize,
}

impl std::fmt::Debug for WebConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebConfig")
            .field("max_body_bytes", &self.max_body_bytes)
            .field("basemap_url", &self.basemap_url)
            .field("host", &self.host)
            .field("csrf_sleutel", &self.csrf_sleutel.as_ref().map(|_| "***"))
            .field("auth", &self.auth)
            .field("publieke_url", &self.publieke_url)
            .field("berichten", &self.berichten)
            .field("betalen", &self.betalen)
            .field("participatie_sleutel", &self.participatie_sleutel.as_ref().map(|_| "***"))
            .field("vertrouwde_proxies", &self.vertrouwde_proxies)
            .field("gelijktijdige_uploads", &self.gelijktijdige_uploads)
            .finish()
    }
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            max_body_bytes: 2 * 1024 * 1024,
            basemap_url: None,
            host: HostConfig::default(),
            csrf_sleutel: None,
            auth: AuthConfig::default(),
            publieke_url: None,
            berichten: Default::default(),
            betalen: Default::default(),
            participatie_sleutel: None,
            vertrouwde_proxies: Vec::new(),
            gelijktijdige_uploads: 4,
        }
    }
}

/// What every handler can reach: the application layer ([`App`], which handlers reach through `Deref`) and the web's
/// own parts (templates, CSRF key, login). Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    app: App,
    config: WebConfig,
    pages: pages::Templates,
    csrf: csrf::CsrfSleutel,
    auth: auth::AuthState,
    uploadplekken: Arc<tokio::sync::Semaphore>,
}

impl std::ops::Deref for AppState {
    type Target = App;

    fn deref(&self) -> &App {
        &self.inner.app
    }
}

impl AppState {
    /// A state on the system clock that knows nothing yet; [`App::vernieuw`] loads what the store holds.
    pub fn new(store: Store, config: WebConfig) -> AppState {
        AppState::met_klok(store, config, stip_app::systeemklok())
    }

    /// A state on a given clock (tests pass a `TestKlok` and move it instead of sleeping).
    pub fn met_klok(store: Store, config: WebConfig, klok: GedeeldeKlok) -> AppState {
        let berichten = stip_app::berichten::BerichtenConfig {
            publieke_url: config.publieke_url.clone(),
            mail: config.auth.mail.clone(),
            ..config.berichten.clone()
        };
        let app = App::new(store, config.host.clone(), klok, berichten);
        app.zet_betalen(stip_app::betalen::BetalenConfig {
            publieke_url: config.publieke_url.clone().or_else(|| config.betalen.publieke_url.clone()),
            ..config.betalen.clone()
        });
        if let Some(s) = config.participatie_sleutel.as_deref() {
            match stip_app::participatie::Ondertekening::uit_config(s) {
                Ok(s) => app.zet_participatie_sleutel(s),
                // the binary checks it at start; a wrong key here falls back to the kept one
                Err(e) => tracing::error!(error = %e, "the configured participation key is not used"),
            }
        }
        let csrf = csrf::CsrfSleutel::new(config.csrf_sleutel.as_deref());
        let auth = auth::AuthState::new(&config, app.post());
        let uploadplekken = Arc::new(tokio::sync::Semaphore::new(config.gelijktijdige_uploads.max(1)));
        AppState { inner: Arc::new(Inner { app, config, pages: pages::Templates::load(), csrf, auth, uploadplekken }) }
    }

    /// The application layer.
    pub fn app(&self) -> &App {
        &self.inner.app
    }

    pub fn config(&self) -> &WebConfig {
        &self.inner.config
    }

    pub(crate) fn templates(&self) -> &pages::Templates {
        &self.inner.pages
    }

    pub(crate) fn csrf_sleutel(&self) -> &csrf::CsrfSleutel {
        &self.inner.csrf
    }

    pub(crate) fn auth(&self) -> &auth::AuthState {
        &self.inner.auth
    }

    /// The permits for heavy uploads ([`WebConfig::gelijktijdige_uploads`]).
    pub(crate) fn uploadplekken(&self) -> Arc<tokio::sync::Semaphore> {
        self.inner.uploadplekken.clone()
    }
}

/// The Content-Security-Policy: everything from stip itself; MapLibre needs `blob:` workers and `data:`/`blob:`
/// images, the Utrecht components inline styles; a configured background map adds its origin for tiles.
fn content_security_policy(basemap_url: Option<&str>) -> String {
    let basemap = basemap_url
        .and_then(|u| {
            let (scheme, rest) = u.split_once("://")?;
            let host = rest.split('/').next()?;
            Some(format!(" {scheme}://{host}"))
        })
        .unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:{basemap}; \
         connect-src 'self'{basemap}; worker-src 'self' blob:; child-src 'self' blob:; font-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The whole application: pages at `/`, the API at `/api/v1`, health at `/health`, assets at `/assets`.
pub fn router(state: AppState) -> Router {
    let max_body = state.config().max_body_bytes;
    let mut csp = content_security_policy(state.config().basemap_url.as_deref());
    // A payment form sends the person on to the provider's checkout: the form may go there.
    if state.betalen().config.psp == Some(stip_app::betalen::PspSoort::Mollie) {
        csp = csp.replace("form-action 'self'", "form-action 'self' https://www.mollie.com");
    }
    let csp = HeaderValue::from_str(&csp).unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"));
    let hsts = hsts(state.config().publieke_url.as_deref());
    Router::new()
        .merge(pages::router())
        .merge(health::router())
        .nest("/api/v1", api::router())
        // the nest routes `/api/v1`; the OpenAPI document's server plus `/` is `/api/v1/`
        .route("/api/v1/", axum::routing::get(api::index))
        .route("/.well-known/jwks.json", axum::routing::get(api::initiatieven::jwks))
        .merge(assets::router())
        .fallback(pages::not_found)
        .layer(middleware::from_fn_with_state(state.clone(), auth::sessie::herken))
        .layer(middleware::from_fn_with_state(state.clone(), csrf::bewaak))
        .layer(DefaultBodyLimit::max(max_body))
        .layer(middleware::from_fn_with_state(state.clone(), lichaam_limiet))
        .layer(middleware::from_fn_with_state(state.clone(), lichaam::uploadplek))
        .layer(middleware::map_response(api::finish_api_response))
        .layer(SetResponseHeaderLayer::if_not_present(header::CONTENT_SECURITY_POLICY, csp))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(SetResponseHeaderLayer::if_not_present(header::STRICT_TRANSPORT_SECURITY, hsts))
        .layer(middleware::from_fn(niet_bewaren))
        .layer(
            // Every request at debug; slow ones (≥ 1 s) at info; server errors are logged where they happen.
            TraceLayer::new_for_http().make_span_with(DefaultMakeSpan::new().level(Level::INFO)).on_response(
                |response: &axum::http::Response<_>, latency: std::time::Duration, _span: &tracing::Span| {
                    if latency >= std::time::Duration::from_secs(1) {
                        tracing::info!(
                            status = response.status().as_u16(),
                            ms = latency.as_millis() as u64,
                            "slow request"
                        );
                    } else {
                        tracing::debug!(
                            status = response.status().as_u16(),
                            us = latency.as_micros() as u64,
                            "request"
                        );
                    }
                },
            ),
        )
        .with_state(state)
}

/// An answer to someone who is logged in (a bearer token or the session cookie) is theirs: no shared cache and no
/// browser cache may keep it (`Cache-Control: private, no-store`), unless the handler said otherwise.
async fn niet_bewaren(request: axum::extract::Request, next: middleware::Next) -> axum::response::Response {
    let headers = request.headers();
    let persoonlijk =
        headers.contains_key(header::AUTHORIZATION) || auth::sessie::cookie(headers, auth::SESSIE_COOKIE).is_some();
    let mut response = next.run(request).await;
    if persoonlijk && !response.headers().contains_key(header::CACHE_CONTROL) {
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    }
    response
}

/// Strict-Transport-Security when stip is reached over https (its public address says so): browsers then never use
/// plain http for it again. Empty (not sent) otherwise.
fn hsts(publieke_url: Option<&str>) -> Option<HeaderValue> {
    publieke_url
        .filter(|u| u.starts_with("https://"))
        .map(|_| HeaderValue::from_static("max-age=31536000; includeSubDomains"))
}
