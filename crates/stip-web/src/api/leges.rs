//! "Wat kost het?" over the API: `GET /api/v1/leges?activiteiten=a,b&bouwkosten=25000&gezag=gm9999` — the estimate
//! of the fees (leges) under the authority's tarieventabel valid today, line by line. The use case is
//! `stip_app::leges`; this module only adapts.

use crate::AppState;
use crate::error::{ApiError, ErrorCode, Problem};
use axum::Json;
use axum::extract::{Query, State};
use serde::Deserialize;
use stip_leges::{Feiten, Raming, Vraag};
use utoipa::IntoParams;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LegesParams {
    /// IMOW activity ids, separated by commas (see `/vergunningcheck/activiteiten`).
    pub activiteiten: Option<String>,
    /// The building costs (bouwkosten) in whole euros, without separators, e.g. `25000`. Needed for lines that are
    /// a percentage of them; without it such lines are left out and `ontbreekt` holds `bouwkosten`.
    pub bouwkosten: Option<String>,
    /// The authority whose tarieventabel applies: its code, e.g. `gm9999` (see `/host`).
    pub gezag: Option<String>,
    /// A service level the table prices, e.g. `spoed`, `begeleid` or `ontzorgd`.
    pub dienstverlening: Option<String>,
    /// `true` when the uitgebreide voorbereidingsprocedure applies.
    pub uitgebreid: Option<bool>,
}

/// What it costs: the fees for activities under the authority's tarieventabel valid today, each line with its legal
/// ground (the article of the table) and how it was computed, in cents; the lines sum to `totaalCent`.
#[utoipa::path(get, path = "/leges", tag = "vergunningcheck", params(LegesParams), responses(
    (status = 200, body = Raming, description = "The estimate: its lines and their sum in cents, what is still needed (`ontbreekt`: `bouwkosten`) and activities the table has no line for"),
    (status = 400, body = Problem, content_type = "application/problem+json", description = "no activity or authority, or building costs that are no whole number of euros (`invalid_request`)"),
    (status = 404, body = Problem, content_type = "application/problem+json", description = "no tarieventabel known for the authority today (`not_found`)"),
))]
pub(super) async fn raming(
    State(state): State<AppState>,
    Query(p): Query<LegesParams>,
) -> Result<Json<Raming>, ApiError> {
    let (gezag, vraag) = vraag_uit(&state, p)?;
    let vandaag = state.klok().vandaag();
    Ok(Json(stip_app::leges::raming(&state.kennis(), &gezag, &vraag, vandaag)?))
}

/// The authority and the question from the query: activities, building costs in whole euros, service level.
pub(super) fn vraag_uit(state: &AppState, p: LegesParams) -> Result<(String, Vraag), ApiError> {
    let ids: Vec<String> = p
        .activiteiten
        .as_deref()
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    if ids.is_empty() {
        return Err(ApiError::new(ErrorCode::InvalidRequest, "activiteiten: give one or more IMOW activity ids"));
    }
    let gezag = p
        .gezag
        .as_deref()
        .map(str::trim)
        .filter(|g| !g.is_empty())
        .ok_or_else(|| ApiError::new(ErrorCode::InvalidRequest, "gezag: give the authority's code, e.g. gm9999"))?;
    let bouwkosten_cent = p
        .bouwkosten
        .as_deref()
        .map(|b| {
            let b = b.trim();
            b.parse::<i64>()
                .ok()
                .filter(|e| (0..=1_000_000_000_000).contains(e) && b.chars().all(|c| c.is_ascii_digit()))
                .map(|e| e * 100)
                .ok_or_else(|| {
                    ApiError::new(ErrorCode::InvalidRequest, format!("bouwkosten: \"{b}\" is no whole number of euros"))
                })
        })
        .transpose()?;
    let kennis = state.kennis();
    let vraag = Vraag {
        activiteiten: ids.iter().map(|id| stip_app::leges::activiteit(&kennis, id, None)).collect(),
        bouwkosten_cent,
        uitgebreide_procedure: p.uitgebreid.unwrap_or(false),
        feiten: Feiten::default(),
        dienstverlening: p.dienstverlening.filter(|d| !d.trim().is_empty()),
    };
    Ok((gezag.to_string(), vraag))
}
