//! Applications over the API: `POST /aanvragen` (from a Vergunningcheck at a place), read, change (`PATCH` with the
//! version read), upload documents, and `POST /aanvragen/{id}/indienen` with an `Idempotency-Key`. The work itself is
//! `stip_app::dossier`; this adapts JSON.

use super::locatie::Punt;
use crate::AppState;
use crate::auth::Ingelogd;
use crate::error::{ApiError, ErrorCode, Problem};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use stip_app::dossier::{self, NieuweAanvraag, actor};
use stip_app::uitnodiging;
use stip_store::{AanvraagId, AanvraagRepository, Indiening};
use stip_zaak::Actie;
use stip_zaak::aanvraag::{Aanvraag, Betrokkene, Stuk};
use utoipa::{IntoParams, ToSchema};

/// A new application: the activities and answers of a finished Vergunningcheck at a place.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct NieuweAanvraagVraag {
    /// A short name; empty: made from the first activity and the address.
    pub titel: String,
    /// What the applicant wants to do, in their own words.
    pub omschrijving: String,
    /// IMOW activity ids, as in the Vergunningcheck.
    pub activiteiten: Vec<String>,
    /// The Vergunningcheck's answers: question id → answer.
    #[schema(value_type = Object)]
    pub antwoorden: BTreeMap<String, Value>,
    /// RD New x (metres), with `y`; or `lon`/`lat`.
    pub x: Option<f64>,
    pub y: Option<f64>,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    /// The id of one's own initiative to apply from: its place and newest plan, with the generated
    /// participatieverslag (document of `vereiste` `participatieverslag`) as the participation requirement.
    pub initiatief: Option<String>,
}

/// An application as stored, with what is still missing before it can be submitted.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AanvraagAntwoord {
    pub id: String,
    /// Send this back with a change: a change over an older version is refused (409).
    pub versie: i64,
    /// `concept` or `ingediend`.
    pub status: String,
    /// `regulier`, `uitgebreid` or `melding`, from the strictest activity.
    pub procedure: Option<&'static str>,
    /// The application: activities with their Indieningsvereisten, place, plan, data, documents, co-applicants,
    /// correspondence preferences and what stip attached itself.
    #[schema(value_type = Object)]
    pub aanvraag: Aanvraag,
    /// What is missing before submitting (empty: complete): `veld` and a Dutch `melding`.
    #[schema(value_type = Vec<Object>)]
    pub ontbreekt: Vec<stip_zaak::Ontbreekt>,
}

fn antwoord(rij: &stip_store::Aanvraag, a: Aanvraag) -> AanvraagAntwoord {
    AanvraagAntwoord {
        id: rij.id.to_string(),
        versie: rij.versie,
        status: rij.status.as_str().to_string(),
        procedure: a.procedure().map(|p| p.soort()),
        ontbreekt: a.volledigheid(),
        aanvraag: uitnodiging::zonder_geheimen(a),
    }
}

pub(crate) fn aanvraag_id(s: &str) -> Result<AanvraagId, ApiError> {
    s.parse().map_err(|_| ApiError::new(ErrorCode::NotFound, format!("er is geen aanvraag {s}")))
}

/// Starts an application from a finished Vergunningcheck.
#[utoipa::path(post, path = "/aanvragen", tag = "aanvragen", request_body = NieuweAanvraagVraag,
    security(("bearer" = [])),
    responses(
        (status = 201, body = AanvraagAntwoord, description = "The draft, with its checklist"),
        (status = 400, body = Problem, content_type = "application/problem+json", description = "an unfinished check (`invalid_answer`), a wrong place or activity"),
        (status = 401, body = Problem, content_type = "application/problem+json", description = "not logged in"),
        (status = 403, body = Problem, content_type = "application/problem+json", description = "not an initiatiefnemer, or not your initiative"),
        (status = 404, body = Problem, content_type = "application/problem+json", description = "an unknown initiative"),
        (status = 409, body = Problem, content_type = "application/problem+json", description = "an application was already started from the initiative"),
    ))]
pub(crate) async fn maak(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Json(vraag): Json<NieuweAanvraagVraag>,
) -> Result<Response, ApiError> {
    let punt = Punt { x: vraag.x, y: vraag.y, lon: vraag.lon, lat: vraag.lat }.misschien()?;
    let nieuw = NieuweAanvraag {
        titel: vraag.titel,
        omschrijving: vraag.omschrijving,
        activiteiten: vraag.activiteiten,
        antwoorden: vraag.antwoorden,
        punt,
        ..NieuweAanvraag::default()
    };
    let wie = actor(&ingelogd.gebruiker);
    if let Some(i) = vraag.initiatief.as_deref() {
        let id = super::initiatieven::initiatief_id(i)?;
        let basis = super::initiatieven::basis(&state);
        let (rij, a) = stip_app::participatie::start_aanvraag(&state, &wie, id, nieuw, &basis).await?;
        return Ok((StatusCode::CREATED, Json(antwoord(&rij, a))).into_response());
    }
    let rij = dossier::nieuwe_aanvraag(&state, &wie, nieuw).await?;
    let a = serde_json::from_value(rij.inhoud.clone()).unwrap_or_default();
    Ok((StatusCode::CREATED, Json(antwoord(&rij, a))).into_response())
}

/// One's own applications, drafts and submitted, last changed first.
#[utoipa::path(get, path = "/aanvragen", tag = "aanvragen", security(("bearer" = [])),
    responses((status = 200, body = Vec<AanvraagAntwoord>, description = "Own applications"),
              (status = 401, body = Problem, content_type = "application/problem+json", description = "not logged in")))]
pub(crate) async fn lijst(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
) -> Result<Json<Vec<AanvraagAntwoord>>, ApiError> {
    let rijen = state.store().aanvragen_van(ingelogd.gebruiker.id.0).await?;
    Ok(Json(rijen.iter().map(|r| antwoord(r, serde_json::from_value(r.inhoud.clone()).unwrap_or_default())).collect()))
}

/// One application.
#[utoipa::path(get, path = "/aanvragen/{id}", tag = "aanvragen", security(("bearer" = [])),
    params(("id" = String, Path, description = "The application's id")),
    responses((status = 200, body = AanvraagAntwoord, description = "The application"),
              (status = 404, body = Problem, content_type = "application/problem+json", description = "unknown, or not yours")))]
pub(crate) async fn lees(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
) -> Result<Json<AanvraagAntwoord>, ApiError> {
    let (rij, a) =
        dossier::lees_aanvraag(&state, &actor(&ingelogd.gebruiker), aanvraag_id(&id)?, Actie::LeesAanvraag).await?;
    Ok(Json(antwoord(&rij, a)))
}

/// A change to a draft; absent fields stay as they are.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct AanvraagWijziging {
    /// The version the change was made on (from the last answer).
    pub versie: i64,
    pub titel: Option<String>,
    pub omschrijving: Option<String>,
    /// Answers to the data the Indieningsvereisten ask for: question id → text (merged; an empty text removes).
    pub gegevens: Option<BTreeMap<String, String>>,
    /// Co-applicants and representatives (replaces the list): `naam`, `email`, `rol`, `ontvangt`. A new address is
    /// invited by e-mail and takes part only after accepting with the account of that address; one left out is
    /// removed (its open invitation withdrawn). `gebruiker` cannot be set: naming an account id other than the one
    /// that accepted is refused (400, `invalid_request`, the field named in `fouten`).
    #[schema(value_type = Option<Vec<Object>>)]
    pub betrokkenen: Option<Vec<Betrokkene>>,
    /// Which documents the applicant receives: `ontvangstbevestiging`, `verzoek_aanvulling`, `berichten`, `besluit`.
    #[schema(value_type = Option<Vec<String>>)]
    pub correspondentie: Option<Vec<Stuk>>,
}

/// Applies a change (pages and API share it); the invitations it made, to be e-mailed once it is saved.
pub(crate) fn pas_toe(
    w: AanvraagWijziging,
    a: &mut Aanvraag,
    nu: time::OffsetDateTime,
) -> Result<Vec<uitnodiging::TeVersturen>, ApiError> {
    if let Some(t) = w.titel {
        a.titel = t.trim().chars().take(120).collect();
    }
    if let Some(o) = w.omschrijving {
        a.omschrijving = o.trim().chars().take(5000).collect();
    }
    if let Some(g) = w.gegevens {
        for (k, v) in g {
            if v.trim().is_empty() {
                a.gegevens.remove(&k);
            } else {
                a.gegevens.insert(k, v.trim().chars().take(2000).collect());
            }
        }
    }
    let mut versturen = Vec::new();
    if let Some(b) = w.betrokkenen {
        let (lijst, nieuw) = uitnodiging::voeg_samen(&a.betrokkenen, b, nu)?;
        a.betrokkenen = lijst;
        versturen = nieuw;
    }
    if let Some(c) = w.correspondentie {
        a.correspondentie = c;
    }
    Ok(versturen)
}

/// Changes a draft.
#[utoipa::path(patch, path = "/aanvragen/{id}", tag = "aanvragen", request_body = AanvraagWijziging, security(("bearer" = [])),
    params(("id" = String, Path, description = "The application's id")),
    responses((status = 200, body = AanvraagAntwoord, description = "The changed draft"),
              (status = 409, body = Problem, content_type = "application/problem+json", description = "changed meanwhile (an old `versie`) or already submitted")))]
pub(crate) async fn wijzig(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
    Json(w): Json<AanvraagWijziging>,
) -> Result<Json<AanvraagAntwoord>, ApiError> {
    let versie = w.versie;
    let nu = state.klok().nu();
    let mut versturen = Vec::new();
    let (rij, a) =
        dossier::wijzig_aanvraag(&state, &actor(&ingelogd.gebruiker), aanvraag_id(&id)?, Some(versie), |a| {
            versturen = pas_toe(w, a, nu)?;
            Ok::<_, ApiError>(())
        })
        .await?;
    uitnodiging::verstuur(&state, &rij, &a, &versturen).await?;
    Ok(Json(antwoord(&rij, a)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UploadParams {
    /// The file name.
    pub naam: String,
    /// The Indieningsvereiste (id from the checklist) the document fulfils; otherwise `overig`.
    #[serde(default)]
    pub vereiste: String,
}

/// A document as stored.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DocumentAntwoord {
    pub id: String,
    pub naam: String,
    /// Read from the content: `application/pdf`, `image/png`, `image/jpeg`, `application/x-step` (IFC).
    pub mediatype: String,
    pub grootte: i64,
    pub sha256: String,
}

impl From<stip_store::Document> for DocumentAntwoord {
    fn from(d: stip_store::Document) -> Self {
        DocumentAntwoord {
            id: d.id.to_string(),
            naam: d.naam,
            mediatype: d.mediatype,
            grootte: d.grootte,
            sha256: d.sha256,
        }
    }
}

/// Uploads a document (the raw bytes as the body; at most 50 MB; PDF, PNG, JPEG or IFC, recognised by content).
#[utoipa::path(post, path = "/aanvragen/{id}/documenten", tag = "aanvragen", security(("bearer" = [])),
    params(("id" = String, Path, description = "The application's id"), UploadParams),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = DocumentAntwoord, description = "Stored durably, with its SHA-256"),
              (status = 413, body = Problem, content_type = "application/problem+json", description = "larger than 50 MB"),
              (status = 415, body = Problem, content_type = "application/problem+json", description = "not a PDF, PNG, JPEG or IFC file")))]
pub(crate) async fn upload(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
    Query(p): Query<UploadParams>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let doc =
        dossier::voeg_document_toe(&state, &actor(&ingelogd.gebruiker), aanvraag_id(&id)?, &p.vereiste, &p.naam, &body)
            .await?;
    Ok((StatusCode::CREATED, Json(DocumentAntwoord::from(doc))).into_response())
}

/// The receipt of a submission.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Ontvangstbevestiging {
    pub zaak: String,
    pub zaaknummer: String,
    /// When it was received (RFC 3339).
    pub ontvangen: String,
    pub procedure: String,
    /// The legal term: `uitersteBeslisdatum` (or `startenVanaf` for a melding), weeks, grondslag.
    #[schema(value_type = Object)]
    pub termijn: stip_zaak::Termijnstand,
    /// The receipt as PDF, with exactly what was submitted.
    pub pdf: String,
}

pub(crate) fn ontvangstbevestiging(i: &Indiening) -> Result<Ontvangstbevestiging, ApiError> {
    let z = &i.zaak;
    let procedure =
        stip_zaak::procedure::Procedure::parse(&z.procedure).unwrap_or(stip_zaak::procedure::Procedure::Regulier);
    let ingediend = stip_zaak::tijd::nederlands(z.ingediend);
    let termijn = stip_zaak::termijn::bereken(procedure, ingediend.date(), &[], 0, false, ingediend.date());
    Ok(Ontvangstbevestiging {
        zaak: z.id.to_string(),
        zaaknummer: z.zaaknummer.clone(),
        ontvangen: ingediend.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
        procedure: z.procedure.clone(),
        termijn,
        pdf: format!("/api/v1/zaken/{}/ontvangstbevestiging.pdf", z.id),
    })
}

/// Submits a draft. Send an `Idempotency-Key` header: a retry with the same key returns the same case (200) instead
/// of a second one. The answer comes only after the case is committed and synced to disk.
#[utoipa::path(post, path = "/aanvragen/{id}/indienen", tag = "aanvragen", security(("bearer" = [])),
    params(("id" = String, Path, description = "The application's id"),
           ("Idempotency-Key" = String, Header, pattern = "^[!-~]{1,200}$", description = "A unique key per submission attempt, e.g. a UUID (visible ASCII)")),
    responses((status = 201, body = Ontvangstbevestiging, description = "Submitted: the receipt"),
              (status = 200, body = Ontvangstbevestiging, description = "Already submitted with this key: the same receipt"),
              (status = 409, body = Problem, content_type = "application/problem+json", description = "already submitted under another key"),
              (status = 422, body = Problem, content_type = "application/problem+json", description = "not complete: `fouten` lists what is missing")))]
pub(crate) async fn dien_in(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let sleutel = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| ApiError::new(ErrorCode::InvalidRequest, "stuur een Idempotency-Key-header mee"))?;
    let i = dossier::dien_in(&state, &actor(&ingelogd.gebruiker), aanvraag_id(&id)?, sleutel).await?;
    let status = if i.nieuw { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(ontvangstbevestiging(&i)?)).into_response())
}
