//! Views and objections over the API: a view on a draft decision (`POST /zaken/{id}/zienswijzen`, officials read them
//! with `GET`), an objection against a published decision (`POST /zaken/{id}/bezwaren` → the objection's own case),
//! one's own objections (`GET /bezwaren`), one objection (`GET /bezwaren/{id}`) and its steps
//! (`POST /bezwaren/{id}/gebeurtenissen`). The work is `stip_app::bezwaar`.

use super::zaken::zaak_id;
use crate::AppState;
use crate::auth::Ingelogd;
use crate::error::{ApiError, ErrorCode, Problem};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use stip_app::bezwaar::{self, BezwaarBeeld, BezwaarStap, BezwaarVerzoek, ZienswijzeBeeld, ZienswijzeVerzoek};
use stip_app::dossier::actor;
use stip_store::InzendingId;
use utoipa::ToSchema;

fn bezwaar_id(s: &str) -> Result<InzendingId, ApiError> {
    s.parse().map_err(|_| ApiError::new(ErrorCode::NotFound, format!("er is geen bezwaar {s}")))
}

#[utoipa::path(post, path = "/zaken/{id}/zienswijzen", tag = "bezwaren", security(("bearer" = [])),
    description = "Gives a view (zienswijze) on a draft decision while it lies open for 6 weeks (uitgebreide procedure, \
                   Awb 3:16). Anyone with an account may; the answer is the receipt. The official answers every view \
                   in the decision.",
    params(("id" = String, Path, description = "The case's id")),
    request_body(content = ZienswijzeVerzoek, description = "The view, e.g. {\"tekst\":\"…\"}"),
    responses((status = 201, body = ZienswijzeBeeld, description = "Received: the receipt"),
              (status = 409, body = Problem, content_type = "application/problem+json", description = "no draft decision lies open, or the 6 weeks have passed")))]
pub(crate) async fn geef_zienswijze(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
    Json(v): Json<ZienswijzeVerzoek>,
) -> Result<Response, ApiError> {
    let z = bezwaar::geef_zienswijze(&state, &actor(&ingelogd.gebruiker), zaak_id(&id)?, v, Vec::new()).await?;
    Ok((StatusCode::CREATED, Json(z)).into_response())
}

/// The views on a case.
#[derive(Debug, Serialize, ToSchema)]
pub struct Zienswijzen {
    pub zienswijzen: Vec<ZienswijzeBeeld>,
}

#[utoipa::path(get, path = "/zaken/{id}/zienswijzen", tag = "bezwaren", security(("bearer" = [])),
    description = "The views given on a case's draft decision, for its officials: each with its number (answer it by \
                   that number in the decision), text, giver and documents.",
    params(("id" = String, Path, description = "The case's id")),
    responses((status = 200, body = Zienswijzen, description = "The views, oldest first"),
              (status = 403, body = Problem, content_type = "application/problem+json", description = "not an official of this authority")))]
pub(crate) async fn zienswijzen(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
) -> Result<Json<Zienswijzen>, ApiError> {
    let zienswijzen = bezwaar::zienswijzen(&state, &actor(&ingelogd.gebruiker), zaak_id(&id)?).await?;
    Ok(Json(Zienswijzen { zienswijzen }))
}

#[utoipa::path(post, path = "/zaken/{id}/bezwaren", tag = "bezwaren", security(("bearer" = [])),
    description = "Objects (bezwaar) to a published decision after the reguliere procedure: within 6 weeks from the day \
                   after publication (Awb 6:7, 6:8); a later objection is received and marked `telaat`, with the \
                   question why. The objection is its own case with its own decision term. After the uitgebreide \
                   procedure there is no objection (Awb 7:1): the answer is 409 with where to go instead.",
    params(("id" = String, Path, description = "The case's id")),
    request_body(content = BezwaarVerzoek, description = "The objection, e.g. {\"gronden\":\"…\",\"gehoordWorden\":true}"),
    responses((status = 201, body = BezwaarBeeld, description = "Received: the objection's case"),
              (status = 409, body = Problem, content_type = "application/problem+json", description = "not published yet, or no objection possible after this procedure")))]
pub(crate) async fn maak_bezwaar(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
    Json(v): Json<BezwaarVerzoek>,
) -> Result<Response, ApiError> {
    let b = bezwaar::maak_bezwaar(&state, &actor(&ingelogd.gebruiker), zaak_id(&id)?, v, Vec::new()).await?;
    Ok((StatusCode::CREATED, Json(b)).into_response())
}

/// One's objections.
#[derive(Debug, Serialize, ToSchema)]
pub struct Bezwaren {
    pub bezwaren: Vec<BezwaarBeeld>,
}

#[utoipa::path(get, path = "/bezwaren", tag = "bezwaren", security(("bearer" = [])),
    description = "The objections you made, newest first.",
    responses((status = 200, body = Bezwaren, description = "Your objections")))]
pub(crate) async fn mijn(State(state): State<AppState>, ingelogd: Ingelogd) -> Result<Json<Bezwaren>, ApiError> {
    Ok(Json(Bezwaren { bezwaren: bezwaar::mijn_bezwaren(&state, &actor(&ingelogd.gebruiker)).await? }))
}

#[utoipa::path(get, path = "/bezwaren/{id}", tag = "bezwaren", security(("bearer" = [])),
    description = "One objection with its term, meetings, reports and decision: in full for its objector and the \
                   authority's officials; for the applicant without the objector's name, address, e-mail or documents.",
    params(("id" = String, Path, description = "The objection's id")),
    responses((status = 200, body = BezwaarBeeld, description = "The objection")))]
pub(crate) async fn lees(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
) -> Result<Json<BezwaarBeeld>, ApiError> {
    Ok(Json(bezwaar::lees_bezwaar(&state, &actor(&ingelogd.gebruiker), bezwaar_id(&id)?).await?))
}

#[utoipa::path(post, path = "/bezwaren/{id}/gebeurtenissen", tag = "bezwaren", security(("bearer" = [])),
    description = "A step on an objection: plan a call, mediation meeting or hearing (every party is invited by e-mail \
                   with an iCalendar file), add a report, an advisory committee (12 weeks), extend once (≤ 6 weeks), \
                   decide (niet_ontvankelijk, ongegrond, deels_gegrond, gegrond — with the new decision when one is \
                   needed) and make the decision known (the appeal term starts). Officials; the objector may withdraw.",
    params(("id" = String, Path, description = "The objection's id")),
    request_body(content = BezwaarStap, description = "The step, e.g. {\"soort\":\"beslist\",\"uitkomst\":\"ongegrond\",\"motivering\":\"…\"}"),
    responses((status = 201, body = BezwaarBeeld, description = "The objection after the step"),
              (status = 403, body = Problem, content_type = "application/problem+json", description = "not yours to do"),
              (status = 409, body = Problem, content_type = "application/problem+json", description = "not possible now (`invalid_step`) or someone else changed the case first (`conflict`)")))]
pub(crate) async fn stap(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
    Json(stap): Json<BezwaarStap>,
) -> Result<Response, ApiError> {
    let b = bezwaar::bezwaar_stap(&state, &actor(&ingelogd.gebruiker), bezwaar_id(&id)?, stap).await?;
    Ok((StatusCode::CREATED, Json(b)).into_response())
}
