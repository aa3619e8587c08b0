//! `GET /api/v1/adressen?q=…`: address search and suggestions from the imported BAG.

use crate::AppState;
use crate::error::{ApiError, ErrorCode, Problem};
use axum::Json;
use axum::extract::{Query, State};
use serde::Deserialize;
use stip_app::kennis::Adres;
use utoipa::IntoParams;

/// Most suggestions returned at once.
const MAX_SUGGESTIES: usize = 10;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AdresVraag {
    /// What was typed: "6981 AB 12", "6981AB12a", "Kerkstraat 12", or a postcode alone for suggestions
    pub q: String,
}

/// Addresses that match, best first (at most 10).
#[utoipa::path(get, path = "/adressen", tag = "regels", operation_id = "adressen_zoek", params(AdresVraag), responses(
    (status = 200, body = [Adres], description = "Matching addresses with their place"),
    (status = 400, body = Problem, content_type = "application/problem+json", description = "q is missing or too long"),
))]
pub(super) async fn zoek(
    State(state): State<AppState>,
    Query(vraag): Query<AdresVraag>,
) -> Result<Json<Vec<Adres>>, ApiError> {
    if vraag.q.len() > 200 {
        return Err(ApiError::new(ErrorCode::InvalidRequest, "q: at most 200 characters"));
    }
    let kennis = state.kennis();
    Ok(Json(kennis.adressen.zoek(&vraag.q, MAX_SUGGESTIES)))
}
