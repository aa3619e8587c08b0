//! The works after a permit over the API: their state (`GET /zaken/{id}/realisatie`), the holder's start notice,
//! completion notice and changes (`POST /zaken/{id}/startmelding|gereedmelding|wijzigingen`), the official's
//! confirmation of a change, aftercare, and reviews by their one-time link (`/reviews/{token}`, no login). The work is
//! `stip_app::realisatie` and `stip_app::review`.

use super::zaken::zaak_id;
use crate::AppState;
use crate::auth::Ingelogd;
use crate::error::{ApiError, Problem};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use stip_app::dossier::actor;
use stip_app::plancheck::Planvraag;
use stip_app::realisatie::{self, Gereedmelding, RealisatieWeergave, Startmelding, WijzigingAntwoord};
use stip_app::review::{self, ReviewInvoer, ReviewVraag, ReviewWeergave};
use utoipa::ToSchema;

#[utoipa::path(get, path = "/zaken/{id}/realisatie", tag = "realisatie", security(("bearer" = [])),
    description = "Where the works under a permit stand: the start notice, changes with their judgement, the \
                   completion notice, the first day works may start if reported today, the day an unused permit \
                   lapses, and the risk while objections may still come.",
    params(("id" = String, Path, description = "The case's id")),
    responses((status = 200, body = RealisatieWeergave, description = "The works' state")))]
pub(crate) async fn lees(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
) -> Result<Json<RealisatieWeergave>, ApiError> {
    Ok(Json(realisatie::lees(&state, &actor(&ingelogd.gebruiker), zaak_id(&id)?).await?))
}

async fn stand(state: &AppState, beeld: &stip_app::dossier::ZaakBeeld) -> Response {
    (StatusCode::CREATED, Json(realisatie::weergave(state, beeld))).into_response()
}

#[utoipa::path(post, path = "/zaken/{id}/startmelding", tag = "realisatie", security(("bearer" = [])),
    description = "The holder reports the start of the works, at least two working days ahead (Bbl 2.19), with who \
                   carries them out. The first notice brings \"Veel succes!\": what matters during the works, the \
                   conditions and whom to call. Possible once a granted permit is made known (before it is final at \
                   the holder's own risk); the start can be moved until the works began.",
    params(("id" = String, Path, description = "The case's id")),
    request_body(content = Startmelding, description = "E.g. {\"startdatum\":\"2026-12-14\",\"uitvoerder\":\"Bouwbedrijf De Vries\"}"),
    responses((status = 201, body = RealisatieWeergave, description = "Recorded"),
              (status = 403, body = Problem, content_type = "application/problem+json", description = "not the holder of this permit"),
              (status = 409, body = Problem, content_type = "application/problem+json", description = "no permit to use, the start is less than two working days away, the works began already, or the permit lapsed")))]
pub(crate) async fn startmelding(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
    Json(m): Json<Startmelding>,
) -> Result<Response, ApiError> {
    let b = realisatie::meld_start(&state, &actor(&ingelogd.gebruiker), zaak_id(&id)?, m).await?;
    Ok(stand(&state, &b).await)
}

#[utoipa::path(post, path = "/zaken/{id}/gereedmelding", tag = "realisatie", security(("bearer" = [])),
    description = "The holder reports the works finished, with the documents the municipality asks for then \
                   (uploaded first with `POST /zaken/{id}/documenten`). A one-time review link follows by message.",
    params(("id" = String, Path, description = "The case's id")),
    request_body(content = Gereedmelding, description = "E.g. {\"gereed\":\"2026-12-18\",\"documenten\":[\"…\"]}"),
    responses((status = 201, body = RealisatieWeergave, description = "Recorded"),
              (status = 403, body = Problem, content_type = "application/problem+json", description = "not the holder of this permit"),
              (status = 409, body = Problem, content_type = "application/problem+json", description = "no start was reported, or the completion was reported already")))]
pub(crate) async fn gereedmelding(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
    Json(m): Json<Gereedmelding>,
) -> Result<Response, ApiError> {
    let b = realisatie::meld_gereed(&state, &actor(&ingelogd.gebruiker), zaak_id(&id)?, m).await?;
    Ok(stand(&state, &b).await)
}

#[utoipa::path(post, path = "/zaken/{id}/wijzigingen", tag = "realisatie", security(("bearer" = [])),
    description = "Wijzigingsprint: the holder reports a changed plan during the works (the plan check's fields). \
                   stip checks it against the norms at the place and the permit: `past binnen vergunning` (recorded; \
                   the official confirms) or `nieuwe vergunning nodig`, with every difference named and, then, a new \
                   draft prefilled with the place, activities and changed plan (`concept`).",
    params(("id" = String, Path, description = "The case's id")),
    request_body(content = Planvraag, description = "E.g. {\"geometrie\":{…},\"crs\":\"EPSG:28992\",\"bouwhoogte\":7.5,\"goothoogte\":3,\"functie\":\"wonen\"}"),
    responses((status = 201, body = WijzigingAntwoord, description = "The judgement"),
              (status = 400, body = Problem, content_type = "application/problem+json", description = "a field of the plan is wrong (each named)"),
              (status = 403, body = Problem, content_type = "application/problem+json", description = "not the holder of this permit"),
              (status = 409, body = Problem, content_type = "application/problem+json", description = "no permit to use, or the works are finished")))]
pub(crate) async fn wijziging(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
    Json(vraag): Json<Planvraag>,
) -> Result<Response, ApiError> {
    let a = realisatie::meld_wijziging(&state, &actor(&ingelogd.gebruiker), zaak_id(&id)?, vraag).await?;
    Ok((StatusCode::CREATED, Json(a)).into_response())
}

/// The official's confirmation of a change.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Bevestiging {
    #[schema(max_length = 5000)]
    pub toelichting: String,
}

#[utoipa::path(post, path = "/zaken/{id}/wijzigingen/{nummer}/bevestiging", tag = "realisatie", security(("bearer" = [])),
    description = "The official confirms that a reported change fits the permit; those who follow the case hear of it.",
    params(("id" = String, Path, description = "The case's id"), ("nummer" = u32, Path, description = "The change's number")),
    request_body(content = Bevestiging),
    responses((status = 201, body = RealisatieWeergave, description = "Confirmed"),
              (status = 403, body = Problem, content_type = "application/problem+json", description = "not an official of this authority"),
              (status = 409, body = Problem, content_type = "application/problem+json", description = "the change needs a new permit, or is confirmed already")))]
pub(crate) async fn bevestiging(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path((id, nummer)): Path<(String, u32)>,
    Json(b): Json<Bevestiging>,
) -> Result<Response, ApiError> {
    let a = actor(&ingelogd.gebruiker);
    let b = realisatie::bevestig_wijziging(&state, &a, zaak_id(&id)?, nummer, b.toelichting).await?;
    Ok(stand(&state, &b).await)
}

/// A request for, or the record of, an aftercare conversation.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Nazorg {
    /// The holder's question (asking), or what was discussed (the official's record).
    #[schema(max_length = 5000)]
    pub tekst: String,
}

#[utoipa::path(post, path = "/zaken/{id}/nazorg", tag = "realisatie", security(("bearer" = [])),
    description = "Persoonlijke nazorg: after the completion notice the holder asks for an aftercare conversation; it \
                   lands in the team's queue.",
    params(("id" = String, Path, description = "The case's id")),
    request_body(content = Nazorg),
    responses((status = 201, body = RealisatieWeergave, description = "Asked"),
              (status = 403, body = Problem, content_type = "application/problem+json", description = "not the holder of this permit"),
              (status = 409, body = Problem, content_type = "application/problem+json", description = "not yet completed, or a request is open already")))]
pub(crate) async fn nazorg(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
    Json(n): Json<Nazorg>,
) -> Result<Response, ApiError> {
    let b = realisatie::vraag_nazorg(&state, &actor(&ingelogd.gebruiker), zaak_id(&id)?, n.tekst).await?;
    Ok(stand(&state, &b).await)
}

#[utoipa::path(post, path = "/zaken/{id}/nazorg/verslag", tag = "realisatie", security(("bearer" = [])),
    description = "The official records the aftercare conversation held.",
    params(("id" = String, Path, description = "The case's id")),
    request_body(content = Nazorg),
    responses((status = 201, body = RealisatieWeergave, description = "Recorded"),
              (status = 403, body = Problem, content_type = "application/problem+json", description = "not an official of this authority"),
              (status = 409, body = Problem, content_type = "application/problem+json", description = "no aftercare was asked")))]
pub(crate) async fn nazorg_verslag(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
    Json(n): Json<Nazorg>,
) -> Result<Response, ApiError> {
    let b = realisatie::nazorg_gehad(&state, &actor(&ingelogd.gebruiker), zaak_id(&id)?, n.tekst).await?;
    Ok(stand(&state, &b).await)
}

#[utoipa::path(get, path = "/reviews/{token}", tag = "realisatie",
    description = "What a review link is about (no login: the link is the key): the works in words and whether the \
                   link was used.",
    params(("token" = String, Path, description = "The secret of the link")),
    responses((status = 200, body = ReviewVraag, description = "The review's subject")))]
pub(crate) async fn review_vraag(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Json<ReviewVraag>, ApiError> {
    Ok(Json(review::vraag(&state, &token).await?))
}

/// Thanks for a review.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewOntvangen {
    pub ontvangen: bool,
}

#[utoipa::path(post, path = "/reviews/{token}", tag = "realisatie",
    description = "Answers a review once, without login: how easy (1–5), how satisfied (1–5), what could be better, \
                   and whether the holder wants an aftercare conversation.",
    params(("token" = String, Path, description = "The secret of the link")),
    request_body(content = ReviewInvoer, description = "E.g. {\"gemak\":4,\"tevredenheid\":5,\"verbetering\":\"…\"}"),
    responses((status = 201, body = ReviewOntvangen, description = "Received"),
              (status = 409, body = Problem, content_type = "application/problem+json", description = "the link was used already")))]
pub(crate) async fn review_antwoord(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Json(invoer): Json<ReviewInvoer>,
) -> Result<Response, ApiError> {
    review::beantwoord(&state, &token, invoer).await?;
    Ok((StatusCode::CREATED, Json(ReviewOntvangen { ontvangen: true })).into_response())
}

/// The reviews of an authority's cases.
#[derive(Debug, Serialize, ToSchema)]
pub struct Reviews {
    pub reviews: Vec<ReviewWeergave>,
}

#[utoipa::path(get, path = "/reviews", tag = "realisatie", security(("bearer" = [])),
    description = "The answered reviews of the official's authority with their free text, newest first.",
    responses((status = 200, body = Reviews, description = "The reviews"),
              (status = 403, body = Problem, content_type = "application/problem+json", description = "not an official")))]
pub(crate) async fn reviews(State(state): State<AppState>, ingelogd: Ingelogd) -> Result<Json<Reviews>, ApiError> {
    Ok(Json(Reviews { reviews: review::van_team(&state, &actor(&ingelogd.gebruiker)).await? }))
}
