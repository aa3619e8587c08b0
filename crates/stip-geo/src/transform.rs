//! WGS84 ⇄ RD New (EPSG:28992) with proj4rs, using the RD New proj string with its 7-parameter `towgs84` datum
//! shift (the EPSG:28992 definition). Accuracy against RDNAPTRANS is in the order of a metre, enough for
//! "where did the user click"; stip stores and computes everything in RD.

use std::sync::OnceLock;

use proj4rs::proj::Proj;

use crate::error::{GeoError, GeoErrorKind};
use crate::rd::{RdPoint, Wgs84Point};

/// The proj string of EPSG:28992 (Amersfoort / RD New) with its datum shift to WGS84.
pub const RD_NEW_PROJ: &str = "+proj=sterea +lat_0=52.15616055555555 +lon_0=5.38763888888889 +k=0.9999079 \
+x_0=155000 +y_0=463000 +ellps=bessel \
+towgs84=565.417,50.3319,465.552,-0.398957,0.343988,-1.8774,4.0725 +units=m +no_defs";
const WGS84_PROJ: &str = "+proj=longlat +ellps=WGS84 +datum=WGS84 +no_defs";

struct Projs {
    rd: Proj,
    wgs84: Proj,
}

fn projs() -> &'static Projs {
    static P: OnceLock<Projs> = OnceLock::new();
    P.get_or_init(|| Projs {
        rd: Proj::from_proj_string(RD_NEW_PROJ).expect("RD New proj string is valid"),
        wgs84: Proj::from_proj_string(WGS84_PROJ).expect("WGS84 proj string is valid"),
    })
}

fn err(e: impl std::fmt::Display) -> GeoError {
    GeoError::new("transform", GeoErrorKind::Transform(e.to_string()))
}

/// WGS84 (degrees) → RD New.
pub fn wgs84_to_rd(p: Wgs84Point) -> Result<RdPoint, GeoError> {
    let pj = projs();
    let mut pt = (p.lon().to_radians(), p.lat().to_radians(), 0.0);
    proj4rs::transform::transform(&pj.wgs84, &pj.rd, &mut pt).map_err(err)?;
    RdPoint::new(pt.0, pt.1)
}

/// RD New → WGS84 (degrees).
pub fn rd_to_wgs84(p: RdPoint) -> Result<Wgs84Point, GeoError> {
    let pj = projs();
    let mut pt = (p.x(), p.y(), 0.0);
    proj4rs::transform::transform(&pj.rd, &pj.wgs84, &mut pt).map_err(err)?;
    Wgs84Point::new(pt.1.to_degrees(), pt.0.to_degrees())
}

/// Transforms every coordinate of a geometry from WGS84 (x = longitude, y = latitude, degrees) to RD New.
pub fn geometry_wgs84_to_rd(g: &geo_types::Geometry<f64>) -> Result<geo_types::Geometry<f64>, GeoError> {
    use geo::MapCoords;
    g.try_map_coords(|c| Wgs84Point::new(c.y, c.x).and_then(wgs84_to_rd).map(|p| p.coord()))
}

/// Transforms every coordinate of a geometry from RD New to WGS84 (x = longitude, y = latitude, degrees).
pub fn geometry_rd_to_wgs84(g: &geo_types::Geometry<f64>) -> Result<geo_types::Geometry<f64>, GeoError> {
    use geo::MapCoords;
    g.try_map_coords(|c| {
        RdPoint::new(c.x, c.y).and_then(rd_to_wgs84).map(|w| geo_types::coord! { x: w.lon(), y: w.lat() })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amersfoort_tower_maps_to_the_rd_origin() {
        // Onze Lieve Vrouwetoren, Amersfoort: RD (155000, 463000) ≈ 52.15517 N, 5.38721 E.
        let w = rd_to_wgs84(RdPoint::new(155_000.0, 463_000.0).unwrap()).unwrap();
        assert!((w.lat() - 52.155_17).abs() < 2e-5, "lat {}", w.lat());
        assert!((w.lon() - 5.387_21).abs() < 2e-5, "lon {}", w.lon());
        let back = wgs84_to_rd(w).unwrap();
        assert!((back.x() - 155_000.0).abs() < 0.01 && (back.y() - 463_000.0).abs() < 0.01, "{back:?}");
    }

    #[test]
    fn a_point_in_zaltbommel_round_trips_within_a_centimetre() {
        let p = RdPoint::new(138_247.7, 423_827.1).unwrap();
        let w = rd_to_wgs84(p).unwrap();
        assert!((51.7..51.9).contains(&w.lat()) && (5.1..5.3).contains(&w.lon()), "{w:?}");
        let back = wgs84_to_rd(w).unwrap();
        assert!((back.x() - p.x()).abs() < 0.01 && (back.y() - p.y()).abs() < 0.01);
    }
}
