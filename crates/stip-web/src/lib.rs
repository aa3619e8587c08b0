//! stip's HTTP face: the router with the JSON API, the HTML pages and the embedded assets — adapters only.
//!
//! `router(state)` builds everything; the binary serves it and tests call it in-process.

pub mod api;
mod assets;
mod error;
mod health;
mod i18n;
mod pages;

pub use error::{ApiError, ErrorCode};
pub use i18n::Lang;

use axum::extract::DefaultBodyLimit;
use axum::{Router, middleware};
use std::sync::Arc;
use stip_store::Store;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

/// Settings of the web layer, from the binary's configuration.
#[derive(Clone, Debug)]
pub struct WebConfig {
    /// Largest request body accepted, in bytes; larger ones get 413 with a problem document.
    pub max_body_bytes: usize,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig { max_body_bytes: 2 * 1024 * 1024 }
    }
}

/// What every handler can reach. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    config: WebConfig,
    pages: pages::Templates,
}

impl AppState {
    pub fn new(store: Store, config: WebConfig) -> AppState {
        AppState { inner: Arc::new(Inner { store, config, pages: pages::Templates::load() }) }
    }

    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    pub fn config(&self) -> &WebConfig {
        &self.inner.config
    }

    pub(crate) fn templates(&self) -> &pages::Templates {
        &self.inner.pages
    }
}

/// The whole application: pages at `/`, the API at `/api/v1`, health at `/health`, assets at `/assets`.
pub fn router(state: AppState) -> Router {
    let max_body = state.config().max_body_bytes;
    Router::new()
        .merge(pages::router())
        .merge(health::router())
        .nest("/api/v1", api::router())
        .merge(assets::router())
        .fallback(pages::not_found)
        .layer(DefaultBodyLimit::max(max_body))
        .layer(RequestBodyLimitLayer::new(max_body))
        .layer(middleware::map_response(api::finish_api_response))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .with_state(state)
}
