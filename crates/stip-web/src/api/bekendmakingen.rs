//! Public notices over the API, without login: the list by place (`bbox` in RD), kind and date — as JSON, or as a
//! GeoJSON FeatureCollection in WGS84 when asked with `Accept: application/geo+json`, or an Atom feed with `Accept:
//! application/atom+xml` or at `/bekendmakingen.atom` — one notice, and the anonymised decision PDF. The work is
//! `stip_app::openbaar`.

use crate::AppState;
use crate::error::{ApiError, ErrorCode, Problem};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use stip_app::openbaar::{self, Bekendmakingen, STANDAARD_LIMIET, Zoekvraag};
use stip_zaak::bekendmaking::Bekendmaking;
use utoipa::IntoParams;
use uuid::Uuid;

/// The media type of GeoJSON (RFC 7946).
pub(crate) const GEO_JSON: &str = "application/geo+json";

/// Which notices: an area, kinds, a first day, a page.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct BekendmakingenParams {
    /// The area as `minx,miny,maxx,maxy` in RD New (EPSG:28992), e.g. `155000,463000,155500,463500`.
    pub bbox: Option<String>,
    /// Only these kinds (comma-separated): `aanvraag`, `ontwerpbesluit`, `besluit`, `beslissing_op_bezwaar`.
    pub soort: Option<String>,
    /// Only notices made known on or after this day (`YYYY-MM-DD`).
    #[param(format = Date)]
    pub sinds: Option<String>,
    /// The `volgende` of the previous page.
    pub na: Option<String>,
    /// Page size (1–200, default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limiet: Option<u32>,
}

/// The question of a list from the query (pages and API share it).
pub(crate) fn zoekvraag(p: &BekendmakingenParams) -> Result<Zoekvraag, ApiError> {
    let leeg = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    let sinds = leeg(&p.sinds)
        .map(|s| {
            time::Date::parse(&s, &time::format_description::well_known::Iso8601::DATE)
                .map_err(|_| ApiError::new(ErrorCode::InvalidRequest, "sinds: geef een datum als JJJJ-MM-DD"))
        })
        .transpose()?;
    let limiet = p.limiet.unwrap_or(STANDAARD_LIMIET);
    if !(1..=stip_store::MAX_BEKENDMAKINGEN).contains(&limiet) {
        return Err(ApiError::new(ErrorCode::InvalidRequest, "limiet: kies 1 tot en met 200"));
    }
    Ok(Zoekvraag {
        bbox: leeg(&p.bbox).map(|b| openbaar::lees_bbox(&b)).transpose()?,
        soorten: leeg(&p.soort).map(|s| openbaar::lees_soorten(&s)).transpose()?.unwrap_or_default(),
        sinds,
        limiet,
        na: leeg(&p.na),
    })
}

fn met_type(mut r: Response, media: &'static str) -> Response {
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(media));
    r
}

/// Public notices, newest first: applications received, draft decisions open for views, decisions and decisions on
/// objection, each with its place, activities, terms and what a reader can do — never the applicant's name or
/// e-mail. With `Accept: application/geo+json`: a GeoJSON FeatureCollection in WGS84 (open data); with
/// `Accept: application/atom+xml`: an Atom feed (RFC 4287) with one entry per notice, linking to its page (for feed
/// readers, which send no such header, the same feed is at `/api/v1/bekendmakingen.atom?bbox=…`).
#[utoipa::path(get, path = "/bekendmakingen", tag = "bekendmakingen", params(BekendmakingenParams),
    responses((status = 200, description = "A page of notices",
        content((Bekendmakingen = "application/json"), (Object = "application/geo+json"), (String = "application/atom+xml")))))]
pub(crate) async fn lijst(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(p): Query<BekendmakingenParams>,
) -> Result<Response, ApiError> {
    let lijst = openbaar::zoek(&state, &zoekvraag(&p)?).await?;
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or_default();
    if accept.contains(GEO_JSON) {
        return Ok(met_type(Json(openbaar::geojson(&lijst)).into_response(), GEO_JSON));
    }
    if accept.contains(ATOM) {
        return Ok(atom_antwoord(&state, &p, &lijst));
    }
    Ok(Json(lijst).into_response())
}

/// The media type of Atom (RFC 4287).
const ATOM: &str = "application/atom+xml";

fn atom_antwoord(state: &AppState, p: &BekendmakingenParams, lijst: &Bekendmakingen) -> Response {
    let basis = state.config().publieke_url.clone().unwrap_or_default();
    let mut zelf = String::from("/api/v1/bekendmakingen.atom");
    if let Some(b) = p.bbox.as_deref().filter(|b| !b.is_empty()) {
        zelf.push_str(&format!("?bbox={}", crate::pages::url_encode(b)));
    }
    let titel = if p.bbox.is_some() { "Bekendmakingen in dit gebied" } else { "Bekendmakingen" };
    let xml = openbaar::atom(lijst, titel, &basis, &zelf, state.klok().nu());
    met_type(xml.into_response(), "application/atom+xml; charset=utf-8")
}

fn id(tekst: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(tekst).map_err(|_| ApiError::new(ErrorCode::NotFound, format!("er is geen bekendmaking {tekst}")))
}

/// One public notice.
#[utoipa::path(get, path = "/bekendmakingen/{id}", tag = "bekendmakingen",
    params(("id" = String, Path, description = "The notice's id")),
    responses((status = 200, body = Bekendmaking, description = "The notice")))]
pub(crate) async fn lees(State(state): State<AppState>, Path(b): Path<String>) -> Result<Json<Bekendmaking>, ApiError> {
    Ok(Json(openbaar::lees(&state, id(&b)?).await?))
}

/// The feed of an area's notices (Atom) at an address a feed reader can follow: `GET /bekendmakingen` answered as
/// with `Accept: application/atom+xml`. Not in the OpenAPI document, whose path rules (ADR 2.2: kebab-case, a dot
/// only after the first segment) it does not meet; the documented way is the `Accept` header.
pub(crate) async fn atom(
    State(state): State<AppState>,
    Query(p): Query<BekendmakingenParams>,
) -> Result<Response, ApiError> {
    let lijst: Bekendmakingen = openbaar::zoek(&state, &zoekvraag(&p)?).await?;
    Ok(atom_antwoord(&state, &p, &lijst))
}

/// The decision of a notice as PDF, as published: the anonymised version, without the applicant's name or the title
/// they gave their application.
#[utoipa::path(get, path = "/bekendmakingen/{id}/besluit.pdf", tag = "bekendmakingen",
    params(("id" = String, Path, description = "The notice's id")),
    responses((status = 200, content_type = "application/pdf", description = "The decision as published"),
              (status = 404, body = Problem, content_type = "application/problem+json", description = "unknown, or the decision is not yet made known")))]
pub(crate) async fn besluit_pdf(State(state): State<AppState>, Path(b): Path<String>) -> Result<Response, ApiError> {
    let (naam, bytes) = openbaar::besluit_pdf(&state, id(&b)?).await?;
    Ok(super::zaken::pdf(&naam, bytes))
}
