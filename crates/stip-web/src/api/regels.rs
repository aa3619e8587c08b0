//! "What applies here?": `GET /api/v1/regels` for a point, `POST /api/v1/regels/_zoek` for a GeoJSON point or
//! area, the matched areas as GeoJSON for the map, and the map layers themselves.

use super::locatie::Punt;
use crate::AppState;
use crate::error::{ApiError, ErrorCode, Problem};
use axum::Json;
use axum::extract::{Path, Query, State};
use serde::Deserialize;
use stip_app::locatie::{crs, geometrie_rd};
use stip_app::regels::RegelsAntwoord;
use stip_geo::transform::geometry_rd_to_wgs84;
use stip_geo::{RdBbox, Wgs84Point};
use stip_regels::Laag;
use utoipa::ToSchema;

/// What applies at a point.
#[utoipa::path(get, path = "/regels", tag = "regels", params(Punt), responses(
    (status = 200, body = RegelsAntwoord, description = "What applies at this point"),
    (status = 400, body = Problem, content_type = "application/problem+json", description = "the point is missing or outside the Netherlands"),
))]
pub(super) async fn regels(
    State(state): State<AppState>,
    Query(punt): Query<Punt>,
) -> Result<Json<RegelsAntwoord>, ApiError> {
    Ok(Json(stip_app::regels::op_punt(&state.kennis(), punt.rd()?)))
}

/// A search by geometry.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Zoekvraag {
    /// A GeoJSON Point or Polygon.
    #[schema(value_type = Object)]
    pub geometrie: serde_json::Value,
    /// `EPSG:28992` (RD New) or `EPSG:4326` (WGS84, lon/lat as GeoJSON orders it).
    pub crs: Option<String>,
}

/// What applies at a point or anywhere in an area.
#[utoipa::path(post, path = "/regels/_zoek", tag = "regels", request_body = Zoekvraag, responses(
    (status = 200, body = RegelsAntwoord, description = "What applies at this point or in this area"),
    (status = 400, body = Problem, content_type = "application/problem+json", description = "invalid geometry or CRS, or more than 10,000 vertices"),
    (status = 503, body = Problem, content_type = "application/problem+json", description = "too many large areas at once (`busy`): try again after `Retry-After` seconds"),
))]
pub(super) async fn zoek(
    State(state): State<AppState>,
    Json(vraag): Json<Zoekvraag>,
) -> Result<Json<RegelsAntwoord>, ApiError> {
    let g = geometrie_rd(&vraag.geometrie, crs(vraag.crs.as_deref())?)?;
    Ok(Json(stip_app::regels::in_gebied_beperkt(state.kennis(), g).await?))
}

/// The areas that apply at a point, as GeoJSON in WGS84 (for drawing on the map).
#[utoipa::path(get, path = "/regels/gebieden", tag = "regels", params(Punt), responses(
    (status = 200, description = "GeoJSON FeatureCollection (WGS84) of the areas whose rules apply here", content_type = "application/geo+json"),
    (status = 400, body = Problem, content_type = "application/problem+json", description = "the point is missing or outside the Netherlands"),
))]
pub(super) async fn gebieden(State(state): State<AppState>, Query(punt): Query<Punt>) -> Result<GeoJson, ApiError> {
    let kennis = state.kennis();
    let antwoord = kennis.regels.at_point(punt.rd()?);
    Ok(GeoJson(kennis.regels.gebieden_geojson(&antwoord, true)))
}

/// A map layer request: the visible area in WGS84 as `minLon,minLat,maxLon,maxLat`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct KaartVraag {
    /// `minLon,minLat,maxLon,maxLat` (WGS84)
    pub bbox: String,
}

/// Largest map area served in one request, in km² (a few municipalities); zoom in for more.
const MAX_KAART_KM2: f64 = 400.0;

/// Most addresses labelled in one map request; a view with more shows street names only (zoom in for numbers).
const MAX_KAART_ADRESSEN: usize = 600;

/// The features of one map layer (locaties, planobjecten, panden, percelen) in view, as GeoJSON in WGS84; the
/// layer `adressen` gives the labels from the BAG: house numbers (`soort` `nummer`) and street names (`soort`
/// `straat`, placed in the middle of that street's addresses in view), each with its `tekst`.
#[utoipa::path(get, path = "/kaart/{laag}", tag = "regels", params(("laag" = String, Path, description = "locaties, planobjecten, panden, percelen or adressen"), KaartVraag), responses(
    (status = 200, description = "GeoJSON FeatureCollection (WGS84)", content_type = "application/geo+json"),
    (status = 400, body = Problem, content_type = "application/problem+json", description = "unknown layer or bad bbox"),
))]
pub(super) async fn kaart(
    State(state): State<AppState>,
    Path(laag): Path<String>,
    Query(vraag): Query<KaartVraag>,
) -> Result<GeoJson, ApiError> {
    if laag == "adressen" {
        let bbox = bbox_rd(&vraag.bbox)?;
        return Ok(GeoJson(adreslabels(&state.kennis().adressen, bbox)));
    }
    let laag: Laag = serde_json::from_value(serde_json::Value::String(laag.clone())).map_err(|_| {
        ApiError::new(
            ErrorCode::NotFound,
            format!("map layer \"{laag}\" does not exist; use locaties, planobjecten, panden, percelen or adressen"),
        )
    })?;
    let bbox = bbox_rd(&vraag.bbox)?;
    let kennis = state.kennis();
    let features = kennis
        .regels
        .features_in_bbox(laag, bbox)
        .into_iter()
        .filter_map(|o| {
            let g = geometry_rd_to_wgs84(&o.geometrie).ok()?;
            let mut properties = serde_json::Map::new();
            properties.insert("id".into(), o.id.into());
            if let Some(naam) = o.naam {
                properties.insert("naam".into(), naam.into());
            }
            if let Some(plan) = o.plan {
                properties.insert("plan".into(), plan.into());
            }
            Some(geojson::Feature {
                geometry: Some(geojson::Geometry::from(&g)),
                properties: Some(properties),
                ..Default::default()
            })
        })
        .collect();
    Ok(GeoJson(geojson::FeatureCollection { features, bbox: None, foreign_members: None }))
}

/// The BAG's labels in a box: a point per house number (when not too many) and one per street name.
fn adreslabels(adressen: &stip_app::kennis::Adresboek, bbox: RdBbox) -> geojson::FeatureCollection {
    let in_beeld = adressen.binnen([bbox.min_x, bbox.min_y, bbox.max_x, bbox.max_y]);
    let punt = |x: f64, y: f64, soort: &str, tekst: String| {
        let p = stip_geo::RdPoint::new(x, y).ok().and_then(|p| stip_geo::transform::rd_to_wgs84(p).ok())?;
        let mut properties = serde_json::Map::new();
        properties.insert("soort".into(), soort.into());
        properties.insert("tekst".into(), tekst.into());
        Some(geojson::Feature {
            geometry: Some(geojson::Geometry::from(&geo_types::Point::new(p.lon(), p.lat()))),
            properties: Some(properties),
            ..Default::default()
        })
    };
    let mut straten: std::collections::BTreeMap<&str, (f64, f64, usize)> = std::collections::BTreeMap::new();
    for a in &in_beeld {
        if let Some(s) = &a.straat {
            let e = straten.entry(s.as_str()).or_default();
            (e.0, e.1, e.2) = (e.0 + a.x, e.1 + a.y, e.2 + 1);
        }
    }
    let mut features: Vec<_> = straten
        .iter()
        .filter_map(|(s, (x, y, n))| punt(x / *n as f64, y / *n as f64, "straat", s.to_string()))
        .collect();
    if in_beeld.len() <= MAX_KAART_ADRESSEN {
        features.extend(in_beeld.iter().filter_map(|a| punt(a.x, a.y, "nummer", a.nummer())));
    }
    geojson::FeatureCollection { features, bbox: None, foreign_members: None }
}

fn bbox_rd(s: &str) -> Result<RdBbox, ApiError> {
    let bad = |d: &str| ApiError::new(ErrorCode::InvalidCoordinates, format!("bbox: {d}"));
    let n: Vec<f64> = s
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| bad("four numbers expected"))?;
    let [min_lon, min_lat, max_lon, max_lat] = n[..] else {
        return Err(bad("four numbers expected: minLon,minLat,maxLon,maxLat"));
    };
    let corner = |lon: f64, lat: f64| {
        Wgs84Point::new(lat, lon).and_then(stip_geo::transform::wgs84_to_rd).map_err(|e| bad(&e.kind.to_string()))
    };
    let (a, b) = (corner(min_lon, min_lat)?, corner(max_lon, max_lat)?);
    let bbox = RdBbox::new(a.x().min(b.x()), a.y().min(b.y()), a.x().max(b.x()), a.y().max(b.y()))
        .map_err(|e| bad(&e.kind.to_string()))?;
    let km2 = (a.x() - b.x()).abs() * (a.y() - b.y()).abs() / 1e6;
    if km2 > MAX_KAART_KM2 {
        return Err(bad(&format!("{km2:.0} km² is more than {MAX_KAART_KM2} km² at once; zoom in")));
    }
    Ok(bbox)
}

/// A GeoJSON answer with its media type.
pub(super) struct GeoJson(geojson::FeatureCollection);

impl axum::response::IntoResponse for GeoJson {
    fn into_response(self) -> axum::response::Response {
        let body = serde_json::to_vec(&self.0).unwrap_or_default();
        ([(axum::http::header::CONTENT_TYPE, "application/geo+json")], body).into_response()
    }
}
