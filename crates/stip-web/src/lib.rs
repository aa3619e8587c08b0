//! stip's HTTP face: the router with the JSON API, the HTML pages and the embedded assets — adapters only.
//!
//! `router(state)` builds everything; the binary serves it and tests call it in-process.

pub mod api;
mod assets;
mod error;
mod health;
mod i18n;
pub mod kennis;
mod pages;

pub use error::{ApiError, ErrorCode};
pub use i18n::Lang;

use axum::extract::DefaultBodyLimit;
use axum::{Router, middleware};
use kennis::Kennis;
use std::sync::{Arc, RwLock};
use stip_store::Store;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

/// Settings of the web layer, from the binary's configuration.
#[derive(Clone, Debug)]
pub struct WebConfig {
    /// Largest request body accepted, in bytes; larger ones get 413 with a problem document.
    pub max_body_bytes: usize,
    /// An optional raster tile URL (`…/{z}/{x}/{y}.png`) drawn under stip's own map layers. Without it the map uses
    /// only stip's data and needs no network.
    pub basemap_url: Option<String>,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig { max_body_bytes: 2 * 1024 * 1024, basemap_url: None }
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
    kennis: RwLock<Arc<Kennis>>,
}

impl AppState {
    /// A state that knows nothing yet; [`AppState::vernieuw`] loads what the store holds.
    pub fn new(store: Store, config: WebConfig) -> AppState {
        let kennis = RwLock::new(Arc::new(Kennis::leeg()));
        AppState { inner: Arc::new(Inner { store, config, pages: pages::Templates::load(), kennis }) }
    }

    /// What stip knows now. Hold the `Arc` for one request: a swap meanwhile does not disturb it.
    pub fn kennis(&self) -> Arc<Kennis> {
        self.inner.kennis.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Reloads the imported data when the store's current datasets differ from the loaded ones; on an error the
    /// previous version stays in service. Returns whether it swapped.
    pub async fn vernieuw(&self) -> Result<bool, kennis::LaadFout> {
        let actueel: Vec<_> = kennis::actuele_datasets(self.store()).await?.into_iter().map(|m| m.id).collect();
        if actueel == self.kennis().datasets {
            return Ok(false);
        }
        self.vervang_kennis(kennis::laad(self.store()).await?);
        Ok(true)
    }

    /// Puts new knowledge in service at once (requests in flight keep the version they started with).
    pub fn vervang_kennis(&self, nieuw: Kennis) {
        *self.inner.kennis.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(nieuw);
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
