//! "Waar moet ik zijn?" over the API: `GET /api/v1/host?activiteit=…&x=…&y=…` (or `lon`, `lat`) — the bevoegd gezag
//! and team for an activity at a place. The matching is `crate::host`; this adapts.

use super::locatie::Punt;
use crate::AppState;
use crate::error::{ApiError, Problem};
use crate::host::{Activiteit, PlanGezag, Verwijzing};
use crate::kennis::Kennis;
use axum::Json;
use axum::extract::{Query, State};
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HostParams {
    /// An activity: its IMOW identificatie (see `/vergunningcheck/activiteiten`) or words such as `dakkapel` or
    /// `boom kappen`.
    pub activiteit: Option<String>,
}

/// Who handles an activity at a place: on `kennis` (activity names, the bevoegd gezag the plans name) and the
/// configuration; the function behind the API and the pages.
pub fn verwijzing(
    state: &AppState,
    kennis: &Kennis,
    activiteit: Option<&str>,
    punt: Option<&Punt>,
) -> Result<Verwijzing, ApiError> {
    let plek = punt.map(Punt::rd).transpose()?;
    let plan: Vec<PlanGezag> = plek
        .map(|p| {
            kennis
                .regels
                .at_point(p)
                .bevoegd_gezag
                .into_iter()
                .map(|g| PlanGezag { code: g.code, naam: g.naam })
                .collect()
        })
        .unwrap_or_default();
    let activiteit = activiteit.map(str::trim).filter(|a| !a.is_empty()).map(|a| {
        let naam = kennis.sttr.activiteiten().into_iter().find(|c| c.id == a).map(|c| c.naam);
        Activiteit { id: a.to_string(), naam: naam.unwrap_or_else(|| a.to_string()) }
    });
    Ok(state.config().host.verwijs(activiteit.as_ref(), plek.map(|p| (p.x(), p.y())), &plan))
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
    let gevraagd = punt.x.is_some() || punt.y.is_some() || punt.lon.is_some() || punt.lat.is_some();
    let kennis = state.kennis();
    Ok(Json(verwijzing(&state, &kennis, params.activiteit.as_deref(), gevraagd.then_some(&punt))?))
}
