//! Where a question is asked: a point in RD New (`x`, `y`, metres) or WGS84 (`lon`, `lat`), and GeoJSON geometry with
//! a stated CRS — parsed once into RD New, the working CRS, with a clear message per field when it is wrong.

use crate::error::{ApiError, ErrorCode};
use geo_types::Geometry;
use serde::Deserialize;
use stip_geo::transform::{geometry_wgs84_to_rd, wgs84_to_rd};
use stip_geo::{Crs, RdPoint, Wgs84Point};
use utoipa::{IntoParams, ToSchema};

/// A point: `x` and `y` in RD New (EPSG:28992, metres), or `lon` and `lat` in WGS84.
///
/// As query parameters the four are optional each (the answer says which pair is missing); as a JSON body it is
/// one of the two pairs.
#[derive(Debug, Default, Clone, Deserialize, IntoParams, clap::Args)]
#[into_params(parameter_in = Query)]
pub struct Punt {
    /// RD New x (metres), with `y`
    #[arg(long, allow_hyphen_values = true)]
    #[param(minimum = -100000, maximum = 400000)]
    pub x: Option<f64>,
    /// RD New y (metres), with `x`
    #[arg(long, allow_hyphen_values = true)]
    #[param(minimum = 200000, maximum = 800000)]
    pub y: Option<f64>,
    /// WGS84 longitude (degrees), with `lat`
    #[arg(long, allow_hyphen_values = true)]
    #[param(minimum = -180, maximum = 180)]
    pub lon: Option<f64>,
    /// WGS84 latitude (degrees), with `lon`
    #[arg(long, allow_hyphen_values = true)]
    #[param(minimum = -90, maximum = 90)]
    pub lat: Option<f64>,
}

/// In the API document: `x` and `y` (RD New) or `lon` and `lat` (WGS84), as `oneOf`.
impl utoipa::PartialSchema for Punt {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Type};
        let getal = |beschrijving: &str, min: f64, max: f64| {
            ObjectBuilder::new()
                .schema_type(Type::Number)
                .description(Some(beschrijving))
                .minimum(Some(min))
                .maximum(Some(max))
        };
        let rd = ObjectBuilder::new()
            .title(Some("RD New"))
            .property("x", getal("RD New x (EPSG:28992, metres)", -100_000.0, 400_000.0))
            .property("y", getal("RD New y (EPSG:28992, metres)", 200_000.0, 800_000.0))
            .required("x")
            .required("y");
        let wgs84 = ObjectBuilder::new()
            .title(Some("WGS84"))
            .property("lon", getal("WGS84 longitude (degrees)", -180.0, 180.0))
            .property("lat", getal("WGS84 latitude (degrees)", -90.0, 90.0))
            .required("lon")
            .required("lat");
        OneOfBuilder::new()
            .item(rd)
            .item(wgs84)
            .description(Some("A point: x and y in RD New, or lon and lat in WGS84 (one pair, not both)"))
            .into()
    }
}

impl ToSchema for Punt {}

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
