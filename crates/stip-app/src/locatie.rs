//! Where a question is asked, parsed once into RD New (the working CRS): a point given as `x`, `y` (RD New, metres)
//! or `lon`, `lat` (WGS84), and GeoJSON geometry with a stated CRS — with a clear message per field when it is wrong.

use crate::fout::{Fout, FoutCode};
use geo_types::Geometry;
use stip_geo::transform::{geometry_wgs84_to_rd, wgs84_to_rd};
use stip_geo::{Crs, RdPoint, Wgs84Point};

/// A point from its optional parts: `x` and `y` in RD New, or `lon` and `lat` in WGS84 (one pair, whole).
pub fn punt(x: Option<f64>, y: Option<f64>, lon: Option<f64>, lat: Option<f64>) -> Result<RdPoint, Fout> {
    let bad = |detail: String| Fout::new(FoutCode::InvalidCoordinates, detail);
    match (x, y, lon, lat) {
        (Some(x), Some(y), None, None) => RdPoint::new(x, y).map_err(|e| bad(format!("x, y: {}", e.kind))),
        (None, None, Some(lon), Some(lat)) => {
            let p = Wgs84Point::new(lat, lon).map_err(|e| bad(format!("lon, lat: {}", e.kind)))?;
            wgs84_to_rd(p).map_err(|e| bad(format!("lon, lat: {}", e.kind)))
        }
        (None, None, None, None) => Err(bad("give a place: x and y (RD New, metres) or lon and lat (WGS84)".into())),
        _ => {
            Err(bad("give either x and y (RD New) or lon and lat (WGS84), both of the pair and not both pairs".into()))
        }
    }
}

/// A point when any part is given, `None` when none is (a place is optional there).
pub fn misschien_punt(
    x: Option<f64>,
    y: Option<f64>,
    lon: Option<f64>,
    lat: Option<f64>,
) -> Result<Option<RdPoint>, Fout> {
    if x.is_none() && y.is_none() && lon.is_none() && lat.is_none() {
        return Ok(None);
    }
    punt(x, y, lon, lat).map(Some)
}

/// The CRS named in a request: `EPSG:28992` (RD New) or `EPSG:4326` (WGS84, lon/lat order as in GeoJSON).
pub fn crs(value: Option<&str>) -> Result<Crs, Fout> {
    let value = value.ok_or_else(|| {
        Fout::new(FoutCode::UnsupportedCrs, "crs: missing; state \"EPSG:28992\" (RD New) or \"EPSG:4326\" (WGS84)")
    })?;
    Crs::parse(value).map_err(|e| Fout::new(FoutCode::UnsupportedCrs, format!("crs: {}", e.kind)))
}

/// A GeoJSON geometry in `crs`, as a valid RD New geometry (polygons: closed rings, no self-intersection).
pub fn geometrie_rd(geometrie: &serde_json::Value, crs: Crs) -> Result<Geometry<f64>, Fout> {
    let g = lees_geometrie(geometrie, crs)?;
    let hoekpunten = geo::CoordsIter::coords_count(&g);
    if hoekpunten > MAX_HOEKPUNTEN {
        return Err(Fout::new(
            FoutCode::InvalidGeometry,
            format!("geometrie: {hoekpunten} hoekpunten; stip neemt er hoogstens {MAX_HOEKPUNTEN}"),
        ));
    }
    valideer(&g).map_err(|e| Fout::new(FoutCode::InvalidGeometry, format!("geometrie: {e}")))?;
    Ok(g)
}

/// The most vertices a geometry sent to stip may have (as the plan check takes).
pub const MAX_HOEKPUNTEN: usize = stip_regels::plancheck::MAX_HOEKPUNTEN;

/// A GeoJSON geometry in `crs`, in RD New, not yet validated (for callers that validate with their own messages).
pub fn lees_geometrie(geometrie: &serde_json::Value, crs: Crs) -> Result<Geometry<f64>, Fout> {
    let bad = |detail: String| Fout::new(FoutCode::InvalidGeometry, detail);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_is_one_whole_pair_and_never_both() {
        assert!(punt(Some(155000.0), Some(463000.0), None, None).is_ok());
        assert_eq!(punt(Some(155000.0), None, None, None).unwrap_err().code, FoutCode::InvalidCoordinates);
        assert!(punt(Some(155000.0), Some(463000.0), Some(5.3), Some(52.1)).is_err());
        assert_eq!(misschien_punt(None, None, None, None).unwrap(), None);
    }
}
