//! The Vergunningcheck over the API: `POST /api/v1/vergunningcheck` takes the chosen activities, the place and the
//! answers so far and returns the next question or the conclusions; `GET /api/v1/vergunningcheck/activiteiten`
//! lists what can be checked. The use case is `stip_app::vergunningcheck`; this module only adapts.

use super::locatie::Punt;
use crate::AppState;
use crate::error::{ApiError, Problem};
use axum::Json;
use axum::extract::{Query, State};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use stip_app::vergunningcheck::{CheckActiviteit, CheckStap, checkbare_activiteiten};
use utoipa::ToSchema;

/// One step of a check.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckVraag {
    /// IMOW activity ids, e.g. `nl.imow-gm0297.activiteit.2019000800` (see `/vergunningcheck/activiteiten`).
    #[schema(min_items = 1)]
    pub activiteiten: Vec<String>,
    /// Where: `x`, `y` in RD New or `lon`, `lat` in WGS84. Optional; with it, location questions are answered
    /// from the map where it can tell.
    #[serde(default)]
    pub locatie: Option<Punt>,
    /// The answers so far: question id → `true`/`false` (or `"ja"`/`"nee"`), a number, an option, a text, a
    /// date `JJJJ-MM-DD`, or `"ja"`/`"nee"`/`"deels"` for a location question.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub antwoorden: BTreeMap<String, serde_json::Value>,
}

/// The next question (`status` `vraag`) or the outcome (`status` `conclusie`).
///
/// `{"status":"vraag","vraag":{"id","tekst","type","opties","toelichting","langeToelichting","eenheid","minimum",
/// "prefill","activiteit","activiteitNaam"}}` — `type` is `boolean`, `number`, `list`, `string`, `date` or
/// `geoVerwijzing`.
///
/// `{"status":"conclusie","conclusies":[{"activiteit","activiteitNaam","conclusie","conclusies","model","uitleg":
/// {"antwoorden","beslissingen","conclusieToelichting","alsAnders"}}],"actielijst":[{"actie","activiteit","tekst",
/// "procedure","indieningsvereisten"}],"suggesties":[…]}` — strictest conclusion first.
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckAntwoord {
    #[serde(flatten)]
    pub stap: CheckStap,
}

/// Which activities to list: all, or those matching words, and with a place the ones with rules there first.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActiviteitenVraag {
    /// Words that must all occur in the name or the werkzaamheden (case-insensitive), e.g. `dakkapel`.
    pub zoek: Option<String>,
    /// RD New x (metres), with `y` (a place is optional)
    pub x: Option<f64>,
    /// RD New y (metres), with `x`
    pub y: Option<f64>,
    /// WGS84 longitude, with `lat`
    pub lon: Option<f64>,
    /// WGS84 latitude, with `lon`
    pub lat: Option<f64>,
}

/// One step of the Vergunningcheck: the next question, or the conclusions with explanation and action list.
#[utoipa::path(post, path = "/vergunningcheck", tag = "vergunningcheck", request_body = CheckVraag, responses(
    (status = 200, body = CheckAntwoord, description = "The next question, or the conclusions when every chosen activity is decided"),
    (status = 400, body = Problem, content_type = "application/problem+json", description = "no or unknown activity (`unknown_activity`), an answer of the wrong kind (`invalid_answer`, with one message per question in `fouten`), or a wrong place"),
))]
pub(super) async fn stap(
    State(state): State<AppState>,
    Json(vraag): Json<CheckVraag>,
) -> Result<Json<CheckAntwoord>, ApiError> {
    let plek = vraag.locatie.as_ref().map(Punt::rd).transpose()?;
    let stap = stip_app::vergunningcheck::check(&state.kennis(), vraag.activiteiten, plek, vraag.antwoorden)?;
    Ok(Json(CheckAntwoord { stap }))
}

/// The activities that can be checked.
#[utoipa::path(get, path = "/vergunningcheck/activiteiten", tag = "vergunningcheck", params(ActiviteitenVraag), responses(
    (status = 200, body = Vec<CheckActiviteit>, description = "The activities with conclusion rules, by name; with a place, those with rules there first"),
    (status = 400, body = Problem, description = "The place is not valid (`invalid_coordinates`)"),
))]
pub(super) async fn activiteiten(
    State(state): State<AppState>,
    Query(vraag): Query<ActiviteitenVraag>,
) -> Result<Json<Vec<CheckActiviteit>>, ApiError> {
    let plek = Punt { x: vraag.x, y: vraag.y, lon: vraag.lon, lat: vraag.lat }.misschien()?;
    Ok(Json(checkbare_activiteiten(&state.kennis(), plek, vraag.zoek.as_deref().unwrap_or(""))))
}
