//! Coordinate newtypes: `RdPoint` (EPSG:28992, metres), `Wgs84Point` (degrees) and `RdBbox`.
//! Parse, don't validate: a value of these types is finite and plausible for its CRS. Also the one conversion
//! between metres and whole millimetres, the precision in which BAG and BRK give RD coordinates.

use serde::{Deserialize, Serialize};

use crate::error::{GeoError, GeoErrorKind};

/// Generous bounds of RD New around the Netherlands (incl. the EEZ part stip could meet), in metres.
pub const RD_BOUNDS: RdBbox = RdBbox { min_x: -100_000.0, min_y: 200_000.0, max_x: 400_000.0, max_y: 800_000.0 };

/// A point in RD New (EPSG:28992), metres. Finite and within [`RD_BOUNDS`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "(f64, f64)", into = "(f64, f64)")]
pub struct RdPoint {
    x: f64,
    y: f64,
}

impl RdPoint {
    pub fn new(x: f64, y: f64) -> Result<Self, GeoError> {
        if !x.is_finite() || !y.is_finite() {
            return Err(GeoError::new("RdPoint", GeoErrorKind::NotFinite));
        }
        if !RD_BOUNDS.contains(x, y) {
            return Err(GeoError::new(
                "RdPoint",
                GeoErrorKind::Transform(format!("({x}, {y}) lies outside the RD New area")),
            ));
        }
        Ok(Self { x, y })
    }
    pub fn x(self) -> f64 {
        self.x
    }
    pub fn y(self) -> f64 {
        self.y
    }
    pub fn coord(self) -> geo_types::Coord<f64> {
        geo_types::coord! { x: self.x, y: self.y }
    }
}

impl TryFrom<(f64, f64)> for RdPoint {
    type Error = GeoError;
    fn try_from((x, y): (f64, f64)) -> Result<Self, Self::Error> {
        Self::new(x, y)
    }
}

impl From<RdPoint> for (f64, f64) {
    fn from(p: RdPoint) -> Self {
        (p.x, p.y)
    }
}

/// A WGS84 point in degrees (latitude, longitude).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Wgs84Point {
    lat: f64,
    lon: f64,
}

impl Wgs84Point {
    pub fn new(lat: f64, lon: f64) -> Result<Self, GeoError> {
        if !lat.is_finite() || !lon.is_finite() || !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            return Err(GeoError::new("Wgs84Point", GeoErrorKind::NotFinite));
        }
        Ok(Self { lat, lon })
    }
    pub fn lat(self) -> f64 {
        self.lat
    }
    pub fn lon(self) -> f64 {
        self.lon
    }
}

/// An axis-aligned box in RD New metres.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RdBbox {
    pub min_x: f64,
    pub min_y: f64,
    pub max_x: f64,
    pub max_y: f64,
}

impl RdBbox {
    pub fn new(min_x: f64, min_y: f64, max_x: f64, max_y: f64) -> Result<Self, GeoError> {
        if ![min_x, min_y, max_x, max_y].iter().all(|v| v.is_finite()) || min_x > max_x || min_y > max_y {
            return Err(GeoError::new("RdBbox", GeoErrorKind::NotFinite));
        }
        Ok(Self { min_x, min_y, max_x, max_y })
    }
    pub fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.min_x && x <= self.max_x && y >= self.min_y && y <= self.max_y
    }
}

/// A coordinate in metres as whole millimetres (rounded to the nearest), when it fits `i32` (within ±2,147 km).
pub fn naar_mm(v: f64) -> Option<i32> {
    let k = (v * 1000.0).round();
    (k.abs() < 2_147_483_647.0).then_some(k as i32)
}

/// Whole millimetres back in metres: the very `f64` a coordinate of at most three decimals was read as.
pub fn uit_mm(k: i32) -> f64 {
    f64::from(k) / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_coordinate_of_three_decimals_comes_back_from_millimetres_as_the_same_f64_and_one_beyond_i32_has_none() {
        for v in [194_315.123, 444_002.5, -0.001, 0.0, 289_999.999] {
            assert_eq!(naar_mm(v).map(uit_mm), Some(v), "{v}");
        }
        assert_eq!(naar_mm(194_315.123_4), Some(194_315_123), "rounded to the nearest millimetre");
        assert_eq!(naar_mm(3e6), None);
        assert_eq!(naar_mm(f64::NAN), None);
    }
}
