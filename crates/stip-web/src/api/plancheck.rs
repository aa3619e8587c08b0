//! "Binnen de lijntjes" over the API: `POST /api/v1/plancheck` takes a drawn plan (GeoJSON with a stated CRS,
//! heights, storeys, dwellings, use, the pand it extends) and answers per norm whether it fits. The check itself is
//! `stip_app::plancheck` (reading the request, one message per wrong field) over `stip_regels::plancheck`; this
//! module adapts.

use crate::AppState;
use crate::error::{ApiError, ErrorCode, Problem};
use axum::Json;
use axum::extract::State;
use serde::Serialize;
use stip_app::plancheck::{Planvraag, plancheck};
use stip_regels::plancheck::Plancheck;
use utoipa::ToSchema;

/// The plan check's answer.
///
/// `{"oordeel": "past" | "past niet" | "niet te bepalen", "samenvatting", "toetsingen": [{"soort", "oordeel",
/// "toelichting", "norm": {"type", "waarde", "eenheid", "plan", "locatie", "regeltekst"}, "planobject", "activiteit",
/// "gevraagd", "toegestaan", "verschil", "eenheid", "ontbreekt", "berekening", "oppervlakteM2", "geometrie",
/// "conflict"}], "buitenBouwvlakM2", "buitenBouwvlak", "bebouwingspercentage": {"referentie", "referentieNaam",
/// "referentieM2", "bestaandM2", "planM2", "planOpBestaandM2", "totaalM2", "percentage", "maximum", "panden",
/// "berekening"}, "informatie": [{"soort", "tekst", "plan", "regeltekst"}], "plan": {"oppervlakteM2", "geometrie",
/// "buitenPlannenM2", "uitbreidingVan"}, "plannen", "kaart": FeatureCollection of the conflicts}` — geometry as
/// GeoJSON in the request's CRS. A plan outside every imported plan is `niet te bepalen`, with a summary that says
/// so (not an error).
#[derive(Debug, Serialize, ToSchema)]
pub struct PlancheckAntwoord {
    #[serde(flatten)]
    pub plancheck: Plancheck,
}

/// Checks a drawn plan against every norm where it lies: past, past niet or niet te bepalen per norm.
#[utoipa::path(post, path = "/plancheck", tag = "plancheck", request_body = Planvraag, responses(
    (status = 200, body = PlancheckAntwoord, description = "The verdict per norm and for the whole plan, with the geometry of every conflict"),
    (status = 400, body = Problem, content_type = "application/problem+json", description = "a missing or unknown `crs` (`unsupported_crs`), a footprint that is empty, self-intersecting, outside the Netherlands or of more than 10,000 vertices (`invalid_geometry`), or wrong numbers or an unknown pand (`invalid_request`); one message per field in `fouten`"),
))]
pub(super) async fn toets(
    State(state): State<AppState>,
    Json(vraag): Json<Planvraag>,
) -> Result<Json<PlancheckAntwoord>, ApiError> {
    // the check is CPU work (validation, overlays: up to milliseconds for a large drawing): off the async threads,
    // as the data load and the password check are
    let kennis = state.kennis();
    let uitkomst = tokio::task::spawn_blocking(move || plancheck(&kennis.regels, vraag))
        .await
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("plan check task: {e}")))??;
    Ok(Json(PlancheckAntwoord { plancheck: uitkomst }))
}
