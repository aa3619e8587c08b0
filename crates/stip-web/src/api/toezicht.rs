//! Supervision (toezicht) over the API: the risk-weighted sample (`POST /toezicht/steekproeven`, read back by id),
//! inspections (`POST /inspecties`, photos, findings, the report as PDF), and Controle op afstand
//! (`POST /zaken/{id}/bewijsverzoeken`, the holder's photos, the official's judgement). The work is
//! `stip_app::toezicht`.

use super::zaken::{pdf, zaak_id};
use crate::AppState;
use crate::auth::Ingelogd;
use crate::error::{ApiError, ErrorCode, Problem};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use stip_app::dossier::actor;
use stip_app::toezicht::{
    self, BevindingenVerzoek, BewijsOordeel, BewijsVerzoek, Foto, InspectieBeeld, InspectieVerzoek, SteekproefBeeld,
    SteekproefVerzoek,
};
use stip_zaak::toezicht::{Bewijsverzoek, Toezicht};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

fn id(s: &str, wat: &str) -> Result<Uuid, ApiError> {
    s.parse().map_err(|_| ApiError::new(ErrorCode::NotFound, format!("er is geen {wat} {s}")))
}

#[utoipa::path(post, path = "/toezicht/steekproeven", tag = "toezicht", security(("bearer" = [])),
    description = "Draws a risk-weighted sample of the authority's published permits to inspect. Each permit gets a \
                   score from the factors (activity group, monument, welstand, m² built, conditions, earlier \
                   deviations; every permit at least the base score, so every permit has a chance) and the draw is \
                   weighted by score, without replacement, from the seed: the same seed with the same permits and \
                   factors gives the same sample. `omvang` is a number (`10`) or a percentage (`\"5%\"`, rounded up). \
                   The draw is kept with its seed and inputs. Officials (behandelaar) of the authority only.",
    request_body(content = SteekproefVerzoek, description = "e.g. {\"omvang\": 10, \"seed\": 20261203}"),
    responses((status = 201, body = SteekproefBeeld, description = "The sample: the drawn cases with score and reasons, and every permit's score"),
              (status = 400, body = Problem, content_type = "application/problem+json", description = "a size or factor out of range"),
              (status = 403, body = Problem, content_type = "application/problem+json", description = "not an official of an authority")))]
pub(crate) async fn trek(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Json(v): Json<SteekproefVerzoek>,
) -> Result<Response, ApiError> {
    let s = toezicht::trek_steekproef(&state, &actor(&ingelogd.gebruiker), v).await?;
    Ok((StatusCode::CREATED, Json(s)).into_response())
}

/// An authority's samples.
#[derive(Debug, Serialize, ToSchema)]
pub struct Steekproeven {
    pub steekproeven: Vec<SteekproefBeeld>,
}

#[utoipa::path(get, path = "/toezicht/steekproeven", tag = "toezicht", security(("bearer" = [])),
    description = "The samples drawn for your authority, newest first.",
    responses((status = 200, body = Steekproeven, description = "The samples"),
              (status = 403, body = Problem, content_type = "application/problem+json", description = "not an official of an authority")))]
pub(crate) async fn lijst(State(state): State<AppState>, ingelogd: Ingelogd) -> Result<Json<Steekproeven>, ApiError> {
    Ok(Json(Steekproeven { steekproeven: toezicht::steekproeven(&state, &actor(&ingelogd.gebruiker)).await? }))
}

#[utoipa::path(get, path = "/toezicht/steekproeven/{id}", tag = "toezicht", security(("bearer" = [])),
    description = "A kept sample as it was drawn: its seed, size, factors, every permit's inputs and score, and the drawn cases.",
    params(("id" = String, Path, description = "The sample's id")),
    responses((status = 200, body = SteekproefBeeld, description = "The sample"),
              (status = 404, body = Problem, content_type = "application/problem+json", description = "no such sample for your authority")))]
pub(crate) async fn lees(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(s): Path<String>,
) -> Result<Json<SteekproefBeeld>, ApiError> {
    Ok(Json(toezicht::steekproef(&state, &actor(&ingelogd.gebruiker), id(&s, "steekproef")?).await?))
}

#[utoipa::path(post, path = "/inspecties", tag = "toezicht", security(("bearer" = [])),
    description = "Plans an inspection visit on a case with a published permit: the date and the inspector. The \
                   checklist is built from the permit's conditions (voorschriften), the norms of the omgevingsplan \
                   where it lies, and the approved drawings. The holder hears of the visit.",
    request_body(content = InspectieVerzoek, description = "e.g. {\"zaak\": \"…\", \"datum\": \"2026-12-10\"}"),
    responses((status = 201, body = InspectieBeeld, description = "The planned inspection with its checklist"),
              (status = 409, body = Problem, content_type = "application/problem+json", description = "no published permit, or a date in the past")))]
pub(crate) async fn plan(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Json(v): Json<InspectieVerzoek>,
) -> Result<Response, ApiError> {
    let i = toezicht::plan_inspectie(&state, &actor(&ingelogd.gebruiker), v).await?;
    Ok((StatusCode::CREATED, Json(i)).into_response())
}

#[utoipa::path(get, path = "/inspecties/{id}", tag = "toezicht", security(("bearer" = [])),
    description = "An inspection with its checklist and findings, for the officials and the holder.",
    params(("id" = String, Path, description = "The inspection's id")),
    responses((status = 200, body = InspectieBeeld, description = "The inspection")))]
pub(crate) async fn inspectie(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(s): Path<String>,
) -> Result<Json<InspectieBeeld>, ApiError> {
    Ok(Json(toezicht::inspectie(&state, &actor(&ingelogd.gebruiker), id(&s, "inspectie")?).await?))
}

/// The name of an uploaded photo.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FotoParams {
    /// The file name.
    pub naam: String,
    /// A note with the photo (evidence only).
    #[serde(default)]
    pub toelichting: String,
}

#[utoipa::path(post, path = "/inspecties/{id}/fotos", tag = "toezicht", security(("bearer" = [])),
    description = "Adds a photo (JPEG or PNG) taken at the inspection; name it by its id in the findings.",
    params(("id" = String, Path, description = "The inspection's id"), FotoParams),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = Foto, description = "Stored"),
              (status = 415, body = Problem, content_type = "application/problem+json", description = "not a JPEG or PNG")))]
pub(crate) async fn foto(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(s): Path<String>,
    Query(p): Query<FotoParams>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let f =
        toezicht::foto_bij_inspectie(&state, &actor(&ingelogd.gebruiker), id(&s, "inspectie")?, &p.naam, &body).await?;
    Ok((StatusCode::CREATED, Json(f)).into_response())
}

#[utoipa::path(post, path = "/inspecties/{id}/bevindingen", tag = "toezicht", security(("bearer" = [])),
    description = "Records the findings of the visit: one per checklist item (`in_orde`, `afwijking`, \
                   `ernstige_afwijking`) with a text, photos (ids from `/inspecties/{id}/fotos`) and, for a deviation, \
                   the follow-up date. The holder gets the outcome; those who follow the case or the area get it \
                   without personal data.",
    params(("id" = String, Path, description = "The inspection's id")),
    request_body(content = BevindingenVerzoek, description = "e.g. {\"bevindingen\": [{\"punt\": 1, \"oordeel\": \"in_orde\"}]}"),
    responses((status = 201, body = InspectieBeeld, description = "The inspection carried out, with its report's address"),
              (status = 409, body = Problem, content_type = "application/problem+json", description = "an item without a finding, a deviation without follow-up date, or already carried out")))]
pub(crate) async fn bevindingen(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(s): Path<String>,
    Json(v): Json<BevindingenVerzoek>,
) -> Result<Response, ApiError> {
    let i = toezicht::leg_bevindingen_vast(&state, &actor(&ingelogd.gebruiker), id(&s, "inspectie")?, v).await?;
    Ok((StatusCode::CREATED, Json(i)).into_response())
}

#[utoipa::path(get, path = "/inspecties/{id}/rapport", tag = "toezicht", security(("bearer" = [])),
    description = "The inspection report as PDF, once carried out: the visit, every item with its finding, photos and follow-up date.",
    params(("id" = String, Path, description = "The inspection's id")),
    responses((status = 200, content_type = "application/pdf", description = "The report"),
              (status = 409, body = Problem, content_type = "application/problem+json", description = "not carried out yet")))]
pub(crate) async fn rapport(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(s): Path<String>,
) -> Result<Response, ApiError> {
    let (naam, bytes) = toezicht::rapport(&state, &actor(&ingelogd.gebruiker), id(&s, "inspectie")?).await?;
    Ok(pdf(&naam, bytes))
}

#[utoipa::path(get, path = "/zaken/{id}/toezicht", tag = "toezicht", security(("bearer" = [])),
    description = "The supervision of a case: its inspections and requests for evidence, for the officials and the holder.",
    params(("id" = String, Path, description = "The case's id")),
    responses((status = 200, body = Toezicht, description = "Inspections and requests for evidence")))]
pub(crate) async fn van_zaak(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(z): Path<String>,
) -> Result<Json<Toezicht>, ApiError> {
    Ok(Json(toezicht::toezicht(&state, &actor(&ingelogd.gebruiker), zaak_id(&z)?).await?))
}

#[utoipa::path(post, path = "/zaken/{id}/bewijsverzoeken", tag = "toezicht", security(("bearer" = [])),
    description = "Controle op afstand: instead of a visit, the official asks the holder of the permit for evidence \
                   (photos). The holder hears of it and sends photos from a phone.",
    params(("id" = String, Path, description = "The case's id")),
    request_body(content = BewijsVerzoek, description = "e.g. {\"vraag\": \"Maak een foto van de achtergevel\", \"uiterlijk\": \"2026-12-20\"}"),
    responses((status = 201, body = Bewijsverzoek, description = "The request"),
              (status = 409, body = Problem, content_type = "application/problem+json", description = "no published permit, or a date not after today")))]
pub(crate) async fn vraag_bewijs(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(z): Path<String>,
    Json(v): Json<BewijsVerzoek>,
) -> Result<Response, ApiError> {
    let b = toezicht::vraag_bewijs(&state, &actor(&ingelogd.gebruiker), zaak_id(&z)?, v).await?;
    Ok((StatusCode::CREATED, Json(b)).into_response())
}

#[utoipa::path(post, path = "/zaken/{id}/bewijsverzoeken/{verzoek}/fotos", tag = "toezicht", security(("bearer" = [])),
    description = "The holder sends a photo as evidence. stip reads its EXIF time and GPS position and says whether \
                   it was taken at the place (within 100 m) and after the request.",
    params(("id" = String, Path, description = "The case's id"), ("verzoek" = String, Path, description = "The request's id"), FotoParams),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = Bewijsverzoek, description = "The request with the photo and what stip read from it"),
              (status = 415, body = Problem, content_type = "application/problem+json", description = "not a JPEG or PNG")))]
pub(crate) async fn lever_bewijs(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path((z, v)): Path<(String, String)>,
    Query(p): Query<FotoParams>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let a = actor(&ingelogd.gebruiker);
    let b =
        toezicht::lever_bewijs(&state, &a, zaak_id(&z)?, id(&v, "verzoek")?, &p.naam, &body, &p.toelichting).await?;
    Ok((StatusCode::CREATED, Json(b)).into_response())
}

#[utoipa::path(post, path = "/zaken/{id}/bewijsverzoeken/{verzoek}/beoordeling", tag = "toezicht", security(("bearer" = [])),
    description = "The official accepts the evidence (`akkoord: true`) or asks again (`false`: new photos, taken after now).",
    params(("id" = String, Path, description = "The case's id"), ("verzoek" = String, Path, description = "The request's id")),
    request_body(content = BewijsOordeel, description = "e.g. {\"akkoord\": true}"),
    responses((status = 201, body = Bewijsverzoek, description = "The request after the judgement"),
              (status = 409, body = Problem, content_type = "application/problem+json", description = "no evidence yet, or already accepted")))]
pub(crate) async fn beoordeel(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path((z, v)): Path<(String, String)>,
    Json(o): Json<BewijsOordeel>,
) -> Result<Response, ApiError> {
    let b =
        toezicht::beoordeel_bewijs(&state, &actor(&ingelogd.gebruiker), zaak_id(&z)?, id(&v, "verzoek")?, o).await?;
    Ok((StatusCode::CREATED, Json(b)).into_response())
}
