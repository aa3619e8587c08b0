//! Participation over the API: initiatives (`POST /initiatieven`, the public ones by box, one by id), plan versions,
//! reactions and their threads, consents with their certificates (`POST /initiatieven/{id}/toestemmingen`), the
//! certificate's verification (`POST /toestemmingen/_verifieer`), the addresses around a plan and the invitation
//! letters, the Praktijkoverzicht, and the public signing key at `/.well-known/jwks.json`. The work is
//! `stip_app::participatie`.

use crate::AppState;
use crate::auth::Ingelogd;
use crate::error::{ApiError, ErrorCode, Problem};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use stip_app::dossier::actor;
use stip_app::participatie::{
    self as p, InitiatiefBeeld, Initiatieven, NieuwAntwoord, NieuwInitiatief, NieuweReactie, NieuweToestemming,
    NieuweVersie, Omgeving, Praktijkoverzicht, ReactieAntwoord, ReactieBeeld, Toegang, ToestemmingBeeld, Verificatie,
    VersieAntwoord,
};
use stip_store::InitiatiefId;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

pub(crate) fn initiatief_id(s: &str) -> Result<InitiatiefId, ApiError> {
    s.parse().map_err(|_| ApiError::new(ErrorCode::NotFound, format!("er is geen initiatief {s}")))
}

fn uuid(s: &str, wat: &str) -> Result<Uuid, ApiError> {
    s.parse().map_err(|_| ApiError::new(ErrorCode::NotFound, format!("er is geen {wat} {s}")))
}

/// The address the letters and certificates link to.
pub(crate) fn basis(state: &AppState) -> String {
    // `stip serve` gives paying the address it bound when no public one is configured: letters use the same.
    state.config().publieke_url.clone().or_else(|| state.betalen().config.publieke_url.clone()).unwrap_or_default()
}

/// The code or reaction key that opens an initiative besides an account.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ToegangParams {
    /// The invitation code from the letter (`ABCD-EFGH`), for an initiative that is not public.
    #[param(max_length = 20)]
    pub code: Option<String>,
    /// A reaction's own key (given when one reacted without an account).
    #[param(max_length = 100)]
    pub sleutel: Option<String>,
}

/// The box of a list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BboxParams {
    /// `minx,miny,maxx,maxy` in RD New (metres).
    #[param(example = "169900,469900,170200,470100")]
    pub bbox: Option<String>,
}

fn lees_bbox(b: Option<&str>) -> Result<[f64; 4], ApiError> {
    match b {
        Some(b) => Ok(stip_app::openbaar::lees_bbox(b)?),
        None => Err(ApiError::new(ErrorCode::InvalidRequest, "bbox: give minx,miny,maxx,maxy in RD New (metres)")),
    }
}

#[utoipa::path(post, path = "/initiatieven", tag = "participatie", security(("bearer" = [])),
    description = "Opens an initiative: the plan (a footprint with its height) at a place, checked against the norms \
                   where it lies, visible to those with its invitation code (`openbaar: false`) or to everyone. The \
                   answer has its first version and the code for the letters.",
    request_body = NieuwInitiatief,
    responses((status = 201, body = InitiatiefBeeld, description = "Opened"),
              (status = 400, body = Problem, content_type = "application/problem+json", description = "a wrong field, place or geometry")))]
pub(crate) async fn maak(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Json(v): Json<NieuwInitiatief>,
) -> Result<Response, ApiError> {
    let b = p::maak(&state, &actor(&ingelogd.gebruiker), v).await?;
    Ok((StatusCode::CREATED, Json(b)).into_response())
}

#[utoipa::path(get, path = "/initiatieven", tag = "participatie",
    description = "The public initiatives whose plan lies in the box, newest first: outline, height, area, the plan \
                   check's outcome and counts — no person.",
    params(BboxParams),
    responses((status = 200, body = Initiatieven, description = "Public initiatives"),
              (status = 400, body = Problem, content_type = "application/problem+json", description = "no or a wrong bbox")))]
pub(crate) async fn lijst(
    State(state): State<AppState>,
    Query(q): Query<BboxParams>,
) -> Result<Json<Initiatieven>, ApiError> {
    Ok(Json(p::openbare(&state, lees_bbox(q.bbox.as_deref())?).await?))
}

#[utoipa::path(get, path = "/initiatieven/{id}", tag = "participatie", security((), ("bearer" = [])),
    description = "One initiative as the reader may see it: its versions side by side with what changed, the \
                   reactions the reader may read (never a reactor's name unless they chose to show it), the consents \
                   (the initiator all, a neighbour their own, each with `versie` and `actueel`), the participation \
                   guide and the places to pin a reaction to.",
    params(("id" = String, Path, description = "The initiative's id"), ToegangParams),
    responses((status = 200, body = InitiatiefBeeld, description = "The initiative")))]
pub(crate) async fn lees(
    State(state): State<AppState>,
    ingelogd: Option<Ingelogd>,
    Path(id): Path<String>,
    Query(q): Query<ToegangParams>,
) -> Result<Json<InitiatiefBeeld>, ApiError> {
    let a = ingelogd.map(|i| actor(&i.gebruiker));
    let t = Toegang { actor: a.as_ref(), code: q.code.as_deref(), sleutel: q.sleutel.as_deref() };
    Ok(Json(p::lees(&state, initiatief_id(&id)?, &t).await?))
}

#[utoipa::path(post, path = "/initiatieven/{id}/versies", tag = "participatie", security(("bearer" = [])),
    description = "A new version of the plan, by its initiator: checked against the norms again and compared with \
                   the previous one (height, footprint area, which norms now pass or fail). Consents to earlier \
                   versions are then marked as such.",
    params(("id" = String, Path, description = "The initiative's id")),
    request_body = NieuweVersie,
    responses((status = 201, body = VersieAntwoord, description = "The new version with what changed"),
              (status = 403, body = Problem, content_type = "application/problem+json", description = "not the initiator"),
              (status = 409, body = Problem, content_type = "application/problem+json", description = "the application is already submitted")))]
pub(crate) async fn versie(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
    Json(v): Json<NieuweVersie>,
) -> Result<Response, ApiError> {
    let a = p::nieuwe_versie(&state, &actor(&ingelogd.gebruiker), initiatief_id(&id)?, v).await?;
    Ok((StatusCode::CREATED, Json(a)).into_response())
}

#[utoipa::path(post, path = "/initiatieven/{id}/reacties", tag = "participatie", security((), ("bearer" = [])),
    description = "A reaction: support (`steun`), a question (`vraag`) or a concern (`zorg`), with text and \
                   optionally a place on the plan map. With an account, or with the invitation code: then the answer \
                   holds the reaction's own key to follow its thread.",
    params(("id" = String, Path, description = "The initiative's id")),
    request_body = NieuweReactie,
    responses((status = 201, body = ReactieAntwoord, description = "Received")))]
pub(crate) async fn reageer(
    State(state): State<AppState>,
    ingelogd: Option<Ingelogd>,
    Path(id): Path<String>,
    Json(v): Json<NieuweReactie>,
) -> Result<Response, ApiError> {
    let a = ingelogd.map(|i| actor(&i.gebruiker));
    let t = Toegang { actor: a.as_ref(), ..Toegang::default() };
    let r = p::reageer(&state, initiatief_id(&id)?, &t, v).await?;
    Ok((StatusCode::CREATED, Json(r)).into_response())
}

#[utoipa::path(post, path = "/initiatieven/{id}/reacties/{reactie}/antwoorden", tag = "participatie",
    security((), ("bearer" = [])),
    description = "An answer in a reaction's thread: the initiator answers each reaction; the reactor may answer \
                   back. `openbaar` records the writer's agreement to show the reaction publicly (it is public when \
                   both agreed).",
    params(("id" = String, Path, description = "The initiative's id"), ("reactie" = String, Path, description = "The reaction's id")),
    request_body = NieuwAntwoord,
    responses((status = 201, body = ReactieBeeld, description = "The thread as it is now"),
              (status = 403, body = Problem, content_type = "application/problem+json", description = "neither the initiator nor the reactor")))]
pub(crate) async fn antwoord(
    State(state): State<AppState>,
    ingelogd: Option<Ingelogd>,
    Path((id, reactie)): Path<(String, String)>,
    Json(v): Json<NieuwAntwoord>,
) -> Result<Response, ApiError> {
    let a = ingelogd.map(|i| actor(&i.gebruiker));
    let t = Toegang { actor: a.as_ref(), ..Toegang::default() };
    let r = p::antwoord(&state, initiatief_id(&id)?, uuid(&reactie, "reactie")?, &t, v).await?;
    Ok((StatusCode::CREATED, Json(r)).into_response())
}

#[utoipa::path(post, path = "/initiatieven/{id}/toestemmingen", tag = "participatie", security(("bearer" = [])),
    description = "A neighbour consents to the newest plan version (Belanghebbenden certificaat), with or without \
                   written conditions. The consent is bound to the version by the hash of its content and carries \
                   the signer's identity level; the answer holds the certificate: a JWS signed with EdDSA, whose \
                   public key is at `/.well-known/jwks.json`.",
    params(("id" = String, Path, description = "The initiative's id")),
    request_body = NieuweToestemming,
    responses((status = 201, body = ToestemmingBeeld, description = "The consent with its certificate"),
              (status = 403, body = Problem, content_type = "application/problem+json", description = "the initiator's own plan"),
              (status = 409, body = Problem, content_type = "application/problem+json", description = "not the newest version, already given, or the application is submitted")))]
pub(crate) async fn toestemming(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
    Json(v): Json<NieuweToestemming>,
) -> Result<Response, ApiError> {
    let t = p::geef_toestemming(&state, &actor(&ingelogd.gebruiker), initiatief_id(&id)?, v).await?;
    Ok((StatusCode::CREATED, Json(t)).into_response())
}

#[utoipa::path(post, path = "/initiatieven/{id}/toestemmingen/{toestemming}/_intrekken", tag = "participatie",
    security(("bearer" = [])),
    description = "The signer withdraws their consent; possible until the application is submitted.",
    params(("id" = String, Path, description = "The initiative's id"), ("toestemming" = String, Path, description = "The consent's id")),
    responses((status = 200, body = ToestemmingBeeld, description = "Withdrawn"),
              (status = 409, body = Problem, content_type = "application/problem+json", description = "already withdrawn, or the application is submitted")))]
pub(crate) async fn trek_in(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path((id, toestemming)): Path<(String, String)>,
) -> Result<Json<ToestemmingBeeld>, ApiError> {
    let t = p::trek_in(&state, &actor(&ingelogd.gebruiker), initiatief_id(&id)?, uuid(&toestemming, "toestemming")?)
        .await?;
    Ok(Json(t))
}

#[utoipa::path(get, path = "/initiatieven/{id}/toestemmingen/{toestemming}/certificaat.pdf", tag = "participatie",
    security(("bearer" = [])),
    description = "The certificate as PDF, with a QR code of its verification address; for its signer and the \
                   initiator.",
    params(("id" = String, Path, description = "The initiative's id"), ("toestemming" = String, Path, description = "The consent's id")),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>, description = "The certificate")))]
pub(crate) async fn certificaat(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path((id, toestemming)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let (naam, pdf) = p::certificaat_pdf(
        &state,
        &actor(&ingelogd.gebruiker),
        initiatief_id(&id)?,
        uuid(&toestemming, "toestemming")?,
        &basis(&state),
    )
    .await?;
    Ok(pdf_antwoord(&naam, pdf))
}

pub(crate) fn pdf_antwoord(naam: &str, pdf: Vec<u8>) -> Response {
    let veilig: String =
        naam.chars().map(|c| if c.is_ascii_alphanumeric() || " .-_".contains(c) { c } else { '_' }).collect();
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (header::CONTENT_DISPOSITION, format!("inline; filename=\"{veilig}\"")),
        ],
        pdf,
    )
        .into_response()
}

/// A certificate to verify.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerificatieVerzoek {
    /// The certificate: the compact JWS as issued.
    #[schema(max_length = 20000)]
    pub certificaat: String,
}

#[utoipa::path(post, path = "/toestemmingen/_verifieer", tag = "participatie",
    description = "Verifies a consent certificate: the EdDSA signature over every byte (one changed character fails), \
                   then whether the consent still stands (not withdrawn) and is about the plan's newest version. The \
                   body is `{\"certificaat\": \"<JWS>\"}`, or the JWS itself as `application/jose` or text.",
    request_body(content = VerificatieVerzoek, description = "The certificate"),
    responses((status = 200, body = Verificatie, description = "`geldig` with the `reden`")))]
pub(crate) async fn verifieer(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Verificatie>, ApiError> {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let jws = if json {
        serde_json::from_slice::<VerificatieVerzoek>(&body)
            .map_err(|e| ApiError::new(ErrorCode::InvalidRequest, format!("give {{\"certificaat\": \"<JWS>\"}}: {e}")))?
            .certificaat
    } else {
        String::from_utf8(body.to_vec())
            .map_err(|_| ApiError::new(ErrorCode::InvalidRequest, "the certificate is not text"))?
    };
    Ok(Json(p::verifieer(&state, &jws).await?))
}

#[utoipa::path(get, path = "/initiatieven/{id}/omgeving", tag = "participatie", security(("bearer" = [])),
    description = "The addresses (BAG) and parcels (BRK) around the plan, nearest first, to pick whom to invite; for \
                   the initiator.",
    params(("id" = String, Path, description = "The initiative's id")),
    responses((status = 200, body = Omgeving, description = "Around the plan"),
              (status = 403, body = Problem, content_type = "application/problem+json", description = "not the initiator")))]
pub(crate) async fn omgeving(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
) -> Result<Json<Omgeving>, ApiError> {
    Ok(Json(p::omgeving(&state, &actor(&ingelogd.gebruiker), initiatief_id(&id)?).await?))
}

/// The addresses to write to.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UitnodigingVerzoek {
    /// Addresses as `GET …/omgeving` lists them.
    #[schema(min_items = 1, max_items = 500)]
    pub adressen: Vec<String>,
}

#[utoipa::path(post, path = "/initiatieven/{id}/uitnodigingen", tag = "participatie", security(("bearer" = [])),
    description = "Prints one invitation letter per chosen address (a PDF, one page each) with the invitation code and \
                   a QR code to the initiative's page, and records whom was invited.",
    params(("id" = String, Path, description = "The initiative's id")),
    request_body = UitnodigingVerzoek,
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>, description = "The letters"),
              (status = 403, body = Problem, content_type = "application/problem+json", description = "not the initiator")))]
pub(crate) async fn uitnodigingen(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
    Json(v): Json<UitnodigingVerzoek>,
) -> Result<Response, ApiError> {
    let pdf =
        p::uitnodigingen(&state, &actor(&ingelogd.gebruiker), initiatief_id(&id)?, &v.adressen, &basis(&state)).await?;
    Ok(pdf_antwoord("Uitnodigingen.pdf", pdf))
}

#[utoipa::path(get, path = "/praktijkoverzicht", tag = "participatie",
    description = "What did others build here? Public initiatives and decided cases (their public notices) in the \
                   box, with the plan outline and the outcome; no person.",
    params(BboxParams),
    responses((status = 200, body = Praktijkoverzicht, description = "Initiatives and decisions nearby")))]
pub(crate) async fn praktijkoverzicht(
    State(state): State<AppState>,
    Query(q): Query<BboxParams>,
) -> Result<Json<Praktijkoverzicht>, ApiError> {
    Ok(Json(p::praktijkoverzicht(&state, lees_bbox(q.bbox.as_deref())?).await?))
}

/// The public key that signs consent certificates (RFC 7517, with RFC 8037's OKP for Ed25519).
pub(crate) async fn jwks(State(state): State<AppState>) -> Result<Response, ApiError> {
    let s = p::ondertekening(&state).await?;
    Ok(([(header::CACHE_CONTROL, "public, max-age=3600")], Json(s.jwks())).into_response())
}
