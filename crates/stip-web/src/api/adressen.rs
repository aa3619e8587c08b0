//! `GET /api/v1/adressen?q=…`: address search and suggestions from the imported BAG.

use crate::AppState;
use crate::error::{ApiError, ErrorCode, Problem};
use axum::Json;
use axum::extract::{Query, State};
use serde::{Deserialize, Serialize};
use stip_geo::transform::rd_to_wgs84;
use utoipa::{IntoParams, ToSchema};

/// Most suggestions returned at once.
const MAX_SUGGESTIES: usize = 10;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AdresVraag {
    /// What was typed: "6981 AB 12", "6981AB12a", "Kerkstraat 12", or a postcode alone for suggestions
    pub q: String,
}

/// An address with its place (the verblijfsobject's point).
#[derive(Debug, Serialize, ToSchema)]
pub struct AdresAntwoord {
    pub weergave: String,
    pub postcode: String,
    pub huisnummer: u32,
    pub huisletter: Option<String>,
    pub toevoeging: Option<String>,
    pub straat: Option<String>,
    /// RD New
    pub x: f64,
    pub y: f64,
    /// WGS84
    pub lon: f64,
    pub lat: f64,
}

/// Addresses that match, best first (at most 10).
#[utoipa::path(get, path = "/adressen", tag = "regels", params(AdresVraag), responses(
    (status = 200, body = [AdresAntwoord], description = "Matching addresses with their place"),
    (status = 400, body = Problem, content_type = "application/problem+json", description = "q is missing or too long"),
))]
pub(super) async fn zoek(
    State(state): State<AppState>,
    Query(vraag): Query<AdresVraag>,
) -> Result<Json<Vec<AdresAntwoord>>, ApiError> {
    if vraag.q.len() > 200 {
        return Err(ApiError::new(ErrorCode::InvalidRequest, "q: at most 200 characters"));
    }
    let kennis = state.kennis();
    Ok(Json(kennis.adressen.zoek(&vraag.q, MAX_SUGGESTIES).into_iter().map(antwoord).collect()))
}

pub(crate) fn antwoord(a: &crate::kennis::Adres) -> AdresAntwoord {
    let w = rd_to_wgs84(a.punt).ok();
    AdresAntwoord {
        weergave: a.weergave.clone(),
        postcode: a.postcode.clone(),
        huisnummer: a.huisnummer,
        huisletter: a.huisletter.clone(),
        toevoeging: a.toevoeging.clone(),
        straat: a.straat.clone(),
        x: a.x,
        y: a.y,
        lon: w.map(|w| w.lon()).unwrap_or_default(),
        lat: w.map(|w| w.lat()).unwrap_or_default(),
    }
}
