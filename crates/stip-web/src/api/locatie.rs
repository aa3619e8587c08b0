//! Where a question is asked: a point in RD New (`x`, `y`, metres) or WGS84 (`lon`, `lat`), and GeoJSON geometry with
//! a stated CRS — parsed once into RD New, the working CRS, with a clear message per field when it is wrong.

use crate::error::{ApiError, ErrorCode};
use geo_types::Geometry;
use serde::Deserialize;
use stip_geo::transform::{geometry_wgs84_to_rd, wgs84_to_rd};
use stip_geo::{Crs, RdPoint, Wgs84Point};
use utoipa::{IntoParams, ToSchema};

/// A point: `x` and `y` in RD New (EPSG:28992, metres), or `lon` and `lat` in WGS84.
#[derive(Debug, Default, Clone, Deserialize, IntoParams, ToSchema, clap::Args)]
#[into_params(parameter_in = Query)]
pub struct Punt {
    /// RD New x (metres), with `y`
    #[arg(long, allow_hyphen_values = true)]
    pub x: Option<f64>,
    /// RD New y (metres), with `x`
    #[arg(long, allow_hyphen_values = true)]
    pub y: Option<f64>,
    /// WGS84 longitude (degrees), with `lat`
    #[arg(long, allow_hyphen_values = true)]
    pub lon: Option<f64>,
    /// WGS84 latitude (degrees), with `lon`
    #[arg(long, allow_hyphen_values = true)]
    pub lat: Option<f64>,
}

impl Punt {
    /// The point in RD New.
    pub fn rd(&self) -> Result<RdPoint, ApiError> {
        let bad = |detail: String| ApiError::new(ErrorCode::InvalidCoordinates, detail);
        match (self.x, self.y, self.lon, self.lat) {
            (Some(x), Some(y), None, None) => RdPoint::new(x, y).map_err(|e| bad(format!("x, y: {}", e.kind))),
            (None, None, Some(lon), Some(lat)) => {
                let p = Wgs84Point::new(lat, lon).map_err(|e| bad(format!("lon, lat: {}", e.kind)))?;
                wgs84_to_rd(p).map_err(|e| bad(format!("lon, lat: {}", e.kind)))
            }
            (None, None, None, None) => {
                Err(bad("give a place: x and y (RD New, metres) or lon and lat (WGS84)".into()))
            }
            _ => Err(bad(
                "give either x and y (RD New) or lon and lat (WGS84), both of the pair and not both pairs".into()
            )),
        }
    }
}

/// The CRS named in a request: `EPSG:28992` (RD New) or `EPSG:4326` (WGS84, lon/lat order as in GeoJSON).
pub fn crs(value: Option<&str>) -> Result<Crs, ApiError> {
    let value = value.ok_or_else(|| {
        ApiError::new(ErrorCode::UnsupportedCrs, "crs: missing; state \"EPSG:28992\" (RD New) or \"EPSG:4326\" (WGS84)")
    })?;
    Crs::parse(value).map_err(|e| ApiError::new(ErrorCode::UnsupportedCrs, format!("crs: {}", e.kind)))
}

/// A GeoJSON geometry in `crs`, as a valid RD New geometry (polygons: closed rings, no self-intersection).
pub fn geometrie_rd(geometrie: &serde_json::Value, crs: Crs) -> Result<Geometry<f64>, ApiError> {
    let g = lees_geometrie(geometrie, crs)?;
    valideer(&g).map_err(|e| ApiError::new(ErrorCode::InvalidGeometry, format!("geometrie: {e}")))?;
    Ok(g)
}

/// A GeoJSON geometry in `crs`, in RD New, not yet validated (for callers that validate with their own messages).
pub fn lees_geometrie(geometrie: &serde_json::Value, crs: Crs) -> Result<Geometry<f64>, ApiError> {
    let bad = |detail: String| ApiError::new(ErrorCode::InvalidGeometry, detail);
    let parsed: geojson::Geometry =
        serde_json::from_value(geometrie.clone()).map_err(|e| bad(format!("geometrie: not GeoJSON: {e}")))?;
    let g: Geometry<f64> =
        Geometry::try_from(parsed).map_err(|e| bad(format!("geometrie: cannot use this GeoJSON: {e}")))?;
    match crs {
        Crs::RdNew => Ok(g),
        Crs::Wgs84 => geometry_wgs84_to_rd(&g).map_err(|e| bad(format!("geometrie: {}", e.kind))),
    }
}

fn valideer(g: &Geometry<f64>) -> Result<(), String> {
    let rings = |p: &geo_types::Polygon<f64>| -> Result<(), String> {
        std::iter::once(p.exterior()).chain(p.interiors()).enumerate().try_for_each(|(i, ring)| {
            let mut cs: Vec<_> = ring.0.clone();
            cs.dedup();
            stip_geo::validate::validate_ring(&cs, i).map_err(|e| e.to_string())
        })
    };
    match g {
        Geometry::Point(p) => RdPoint::new(p.x(), p.y()).map(|_| ()).map_err(|e| e.kind.to_string()),
        Geometry::Polygon(p) => rings(p),
        Geometry::MultiPolygon(mp) if mp.0.is_empty() => Err("the multipolygon is empty".into()),
        Geometry::MultiPolygon(mp) => mp.0.iter().try_for_each(rings),
        _ => Err("only Point, Polygon and MultiPolygon are supported here".into()),
    }
}
