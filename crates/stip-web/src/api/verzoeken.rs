//! Talking to the municipality early over the API: a request (`POST /verzoeken`: quickscan, wethouder, bezoek,
//! bestuur_op_maat), one's own requests (`GET /verzoeken`), one request (`GET /verzoeken/{id}`) and its steps
//! (`POST /verzoeken/{id}/stappen`), the officials' queue (`GET /werkvoorraad/verzoeken`), visit slots
//! (`GET|POST /bezoekmomenten`, `GET /verzoeken/{id}/bezoekmomenten`, `POST /verzoeken/{id}/bezoekmoment`), the
//! service package (`GET|POST /dienstverlening`) and the pool of initiatiefmanagers
//! (`PUT /initiatiefmanagers/{id}`). The work is `stip_app::verzoek`.

use crate::AppState;
use crate::auth::Ingelogd;
use crate::error::{ApiError, ErrorCode, Problem};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use stip_app::dossier::actor;
use stip_app::verzoek::{
    self, DienstverleningBeeld, InitiatiefmanagerVraag, MomentBeeld, MomentKeuze, MomentVraag, PakketKeuze,
    VerzoekBeeld, VerzoekStap, VerzoekVraag,
};
use stip_store::VerzoekId;
use utoipa::ToSchema;

pub(crate) fn verzoek_id(s: &str) -> Result<VerzoekId, ApiError> {
    s.parse().map_err(|_| ApiError::new(ErrorCode::NotFound, format!("er is geen verzoek {s}")))
}

#[utoipa::path(post, path = "/verzoeken", tag = "verzoeken", security(("bearer" = [])),
    description = "Asks the municipality early, before applying: `quickscan` (a feasibility opinion on the plan, norm \
                   2 weeks), `wethouder` (a call from the alderman, 5 working days), `bezoek` (a site visit at a slot \
                   the team published, planned within 10 working days) or `bestuur_op_maat` (a principle decision by \
                   the board, 1 week). It may name your draft, saved plan check or initiative. The answer is the \
                   request with its deadline.",
    request_body(content = VerzoekVraag, description = "The request, e.g. {\"soort\":\"bestuur_op_maat\",\"onderwerp\":\"…\",\"vraag\":\"…\"}"),
    responses((status = 201, body = VerzoekBeeld, description = "Received")))]
pub(crate) async fn maak(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Json(v): Json<VerzoekVraag>,
) -> Result<Response, ApiError> {
    let v = verzoek::dien_in(&state, &actor(&ingelogd.gebruiker), v).await?;
    Ok((StatusCode::CREATED, Json(v)).into_response())
}

/// Requests.
#[derive(Debug, Serialize, ToSchema)]
pub struct Verzoeken {
    pub verzoeken: Vec<VerzoekBeeld>,
}

#[utoipa::path(get, path = "/verzoeken", tag = "verzoeken", security(("bearer" = [])),
    description = "The requests you made, newest first (Track & Trace).",
    responses((status = 200, body = Verzoeken, description = "Your requests")))]
pub(crate) async fn mijn(State(state): State<AppState>, ingelogd: Ingelogd) -> Result<Json<Verzoeken>, ApiError> {
    Ok(Json(Verzoeken { verzoeken: verzoek::mijn(&state, &actor(&ingelogd.gebruiker)).await? }))
}

#[utoipa::path(get, path = "/werkvoorraad/verzoeken", tag = "verzoeken", security(("bearer" = [])),
    description = "The open requests of your authority, for its officials: the nearest deadline first, each with its \
                   risk (`op_schema`, `let_op` two days before, `verlopen`).",
    responses((status = 200, body = Verzoeken, description = "The queue"),
              (status = 403, body = Problem, content_type = "application/problem+json", description = "not an official")))]
pub(crate) async fn werkvoorraad(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
) -> Result<Json<Verzoeken>, ApiError> {
    Ok(Json(Verzoeken { verzoeken: verzoek::werkvoorraad(&state, &actor(&ingelogd.gebruiker), true).await? }))
}

#[utoipa::path(get, path = "/verzoeken/{id}", tag = "verzoeken", security(("bearer" = [])),
    description = "One request: for its requester and the authority's officials; for anyone else it does not exist.",
    params(("id" = String, Path, description = "The request's id")),
    responses((status = 200, body = VerzoekBeeld, description = "The request")))]
pub(crate) async fn lees(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
) -> Result<Json<VerzoekBeeld>, ApiError> {
    Ok(Json(verzoek::lees(&state, &actor(&ingelogd.gebruiker), verzoek_id(&id)?).await?))
}

#[utoipa::path(post, path = "/verzoeken/{id}/stappen", tag = "verzoeken", security(("bearer" = [])),
    description = "An official takes a request in hand, answers it (the answer reaches the requester in Mijn berichten \
                   and by e-mail) or closes it.",
    params(("id" = String, Path, description = "The request's id")),
    request_body(content = VerzoekStap, description = "The step, e.g. {\"soort\":\"beantwoord\",\"antwoord\":\"…\"}"),
    responses((status = 201, body = VerzoekBeeld, description = "The request after the step"),
              (status = 403, body = Problem, content_type = "application/problem+json", description = "not a handler of this authority"),
              (status = 409, body = Problem, content_type = "application/problem+json", description = "not possible now, or someone else was first")))]
pub(crate) async fn stap(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
    Json(s): Json<VerzoekStap>,
) -> Result<Response, ApiError> {
    let v = verzoek::stap(&state, &actor(&ingelogd.gebruiker), verzoek_id(&id)?, s).await?;
    Ok((StatusCode::CREATED, Json(v)).into_response())
}

/// Visit time slots.
#[derive(Debug, Serialize, ToSchema)]
pub struct Bezoekmomenten {
    pub momenten: Vec<MomentBeeld>,
}

#[utoipa::path(get, path = "/verzoeken/{id}/bezoekmomenten", tag = "verzoeken", security(("bearer" = [])),
    description = "The free coming time slots for the site visit of this request (empty for other kinds).",
    params(("id" = String, Path, description = "The request's id")),
    responses((status = 200, body = Bezoekmomenten, description = "Free slots, earliest first")))]
pub(crate) async fn vrije_momenten(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
) -> Result<Json<Bezoekmomenten>, ApiError> {
    let momenten = verzoek::vrije_momenten(&state, &actor(&ingelogd.gebruiker), verzoek_id(&id)?).await?;
    Ok(Json(Bezoekmomenten { momenten }))
}

#[utoipa::path(post, path = "/verzoeken/{id}/bezoekmoment", tag = "verzoeken", security(("bearer" = [])),
    description = "The requester of a site visit takes a free slot. Each slot goes to one request: whoever comes \
                   second gets 409. The invitation comes by e-mail with an iCalendar file.",
    params(("id" = String, Path, description = "The request's id")),
    request_body(content = MomentKeuze, description = "The slot, e.g. {\"moment\":\"…\"}"),
    responses((status = 201, body = VerzoekBeeld, description = "The request with its visit"),
              (status = 403, body = Problem, content_type = "application/problem+json", description = "not your request"),
              (status = 409, body = Problem, content_type = "application/problem+json", description = "the slot is taken, or this request cannot take one")))]
pub(crate) async fn kies_moment(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
    Json(k): Json<MomentKeuze>,
) -> Result<Response, ApiError> {
    let v = verzoek::kies_moment(&state, &actor(&ingelogd.gebruiker), verzoek_id(&id)?, k).await?;
    Ok((StatusCode::CREATED, Json(v)).into_response())
}

#[utoipa::path(get, path = "/bezoekmomenten", tag = "verzoeken", security(("bearer" = [])),
    description = "The coming visit slots of your authority, free and taken, for its officials.",
    responses((status = 200, body = Bezoekmomenten, description = "Slots, earliest first"),
              (status = 403, body = Problem, content_type = "application/problem+json", description = "not an official")))]
pub(crate) async fn momenten(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
) -> Result<Json<Bezoekmomenten>, ApiError> {
    Ok(Json(Bezoekmomenten { momenten: verzoek::momenten(&state, &actor(&ingelogd.gebruiker)).await? }))
}

#[utoipa::path(post, path = "/bezoekmomenten", tag = "verzoeken", security(("bearer" = [])),
    description = "An official publishes a time slot for site visits (in the future, at most 8 hours).",
    request_body(content = MomentVraag, description = "The slot, e.g. {\"van\":\"2026-12-10T10:00:00+01:00\",\"tot\":\"2026-12-10T11:00:00+01:00\"}"),
    responses((status = 201, body = MomentBeeld, description = "Published"),
              (status = 403, body = Problem, content_type = "application/problem+json", description = "not a handler")))]
pub(crate) async fn publiceer_moment(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Json(m): Json<MomentVraag>,
) -> Result<Response, ApiError> {
    let m = verzoek::publiceer_moment(&state, &actor(&ingelogd.gebruiker), m).await?;
    Ok((StatusCode::CREATED, Json(m)).into_response())
}

/// Chosen service packages.
#[derive(Debug, Serialize, ToSchema)]
pub struct Dienstverlening {
    pub pakketten: Vec<DienstverleningBeeld>,
}

#[utoipa::path(post, path = "/dienstverlening", tag = "verzoeken", security(("bearer" = [])),
    description = "Chooses the service package (Dienstverleningspakket): `zelf_doen`, `begeleid` or `ontzorgd`. The \
                   last two come with an initiatiefmanager of the authority's pool (the one with the fewest open \
                   assignments), whose name and work e-mail and phone the answer gives.",
    request_body(content = PakketKeuze, description = "The choice, e.g. {\"pakket\":\"begeleid\"}"),
    responses((status = 201, body = DienstverleningBeeld, description = "Chosen")))]
pub(crate) async fn kies_pakket(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Json(k): Json<PakketKeuze>,
) -> Result<Response, ApiError> {
    let d = verzoek::kies_pakket(&state, &actor(&ingelogd.gebruiker), k).await?;
    Ok((StatusCode::CREATED, Json(d)).into_response())
}

#[utoipa::path(get, path = "/dienstverlening", tag = "verzoeken", security(("bearer" = [])),
    description = "The service packages you chose, latest first, with your initiatiefmanager.",
    responses((status = 200, body = Dienstverlening, description = "Your packages")))]
pub(crate) async fn mijn_pakketten(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
) -> Result<Json<Dienstverlening>, ApiError> {
    Ok(Json(Dienstverlening { pakketten: verzoek::mijn_pakketten(&state, &actor(&ingelogd.gebruiker)).await? }))
}

#[utoipa::path(put, path = "/initiatiefmanagers/{id}", tag = "verzoeken", security(("bearer" = [])),
    description = "Puts an official (a behandelaar) in the authority's pool of initiatiefmanagers, with the work phone \
                   initiators may call, or takes them out. For officials of the same authority and administrators.",
    params(("id" = String, Path, description = "The official's account id")),
    request_body(content = InitiatiefmanagerVraag, description = "E.g. {\"inPool\":true,\"telefoon\":\"14 9999\"}"),
    responses((status = 204, description = "Done"),
              (status = 403, body = Problem, content_type = "application/problem+json", description = "not yours to do")))]
pub(crate) async fn zet_initiatiefmanager(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
    Json(v): Json<InitiatiefmanagerVraag>,
) -> Result<StatusCode, ApiError> {
    let gebruiker: uuid::Uuid =
        id.parse().map_err(|_| ApiError::new(ErrorCode::NotFound, format!("er is geen medewerker {id}")))?;
    verzoek::zet_initiatiefmanager(&state, &actor(&ingelogd.gebruiker), gebruiker, v).await?;
    Ok(StatusCode::NO_CONTENT)
}
