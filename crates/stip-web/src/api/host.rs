//! "Waar moet ik zijn?" over the API: `GET /api/v1/host?activiteit=…&x=…&y=…` (or `lon`, `lat`) — the bevoegd gezag
//! and team for an activity at a place. The use case is `stip_app::host::verwijzing`; this adapts.

use super::locatie::Punt;
use crate::AppState;
use crate::error::{ApiError, Problem};
use axum::Json;
use axum::extract::{Query, State};
use serde::Deserialize;
use stip_app::host::Verwijzing;
use utoipa::IntoParams;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HostParams {
    /// An activity: its IMOW identificatie (see `/vergunningcheck/activiteiten`) or words such as `dakkapel` or
    /// `boom kappen`.
    pub activiteit: Option<String>,
}

/// Where to go for an activity at a place: the bevoegd gezag and the team that handles it, with contact details.
#[utoipa::path(get, path = "/host", tag = "regels", params(HostParams, Punt), responses(
    (status = 200, body = Verwijzing, description = "The authority and team (`soort` `team`), the authority alone (`bevoegdGezag`), the bevoegd gezag the plan names without contact details (`plan`), or `onbekend`: contact the municipality"),
    (status = 400, body = Problem, content_type = "application/problem+json", description = "a wrong place (`invalid_coordinates`)"),
))]
pub(super) async fn host(
    State(state): State<AppState>,
    Query(params): Query<HostParams>,
    Query(punt): Query<Punt>,
) -> Result<Json<Verwijzing>, ApiError> {
    let plek = punt.misschien()?;
    Ok(Json(stip_app::host::verwijzing(&state, &state.kennis(), params.activiteit.as_deref(), plek)))
}
