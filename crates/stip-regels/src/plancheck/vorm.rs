//! Geometry for the plan check: dissolving, union, difference and intersection of footprints (geo's boolean
//! operations), rounding of areas, and [`Geometrie`], the answer's geometry that serialises as GeoJSON.

use geo::{BooleanOps, unary_union};
use geo_types::{Coord, Geometry, MultiPolygon, Rect};
use serde::{Serialize, Serializer};

/// A geometry of the answer: RD New until [`Geometrie::naar_wgs84`]; serialises as a GeoJSON geometry.
#[derive(Debug, Clone, PartialEq)]
pub struct Geometrie(pub MultiPolygon<f64>);

impl Serialize for Geometrie {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        geojson::Geometry::from(&self.0).serialize(s)
    }
}

/// In the API document: a GeoJSON MultiPolygon, as [`Serialize`] writes it.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Geometrie {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};
        let getal = ObjectBuilder::new().schema_type(Type::Number);
        let positie = ArrayBuilder::new().items(getal).min_items(Some(2)).max_items(Some(3));
        let ring = ArrayBuilder::new().items(positie).min_items(Some(4));
        let vlak = ArrayBuilder::new().items(ring).min_items(Some(1));
        ObjectBuilder::new()
            .description(Some("A GeoJSON MultiPolygon (RFC 7946), in the request's CRS"))
            .property("type", ObjectBuilder::new().schema_type(Type::String).enum_values(Some(["MultiPolygon"])))
            .required("type")
            .property("coordinates", ArrayBuilder::new().items(vlak))
            .required("coordinates")
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Geometrie {}

impl Geometrie {
    /// Transforms RD New to WGS84 lon/lat in place.
    pub fn naar_wgs84(&mut self) -> Result<(), stip_geo::GeoError> {
        use geo::MapCoords;
        self.0 = self.0.try_map_coords(|c| {
            let w = stip_geo::transform::rd_to_wgs84(stip_geo::RdPoint::new(c.x, c.y)?)?;
            Ok::<_, stip_geo::GeoError>(Coord { x: w.lon(), y: w.lat() })
        })?;
        Ok(())
    }
}

/// An area in m² as the answer gives it: two decimals.
pub fn m2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// An area in m² as a sentence gives it: one decimal.
pub fn m2_tekst(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// The footprint dissolved: overlapping polygons of a drawing merged, so no area counts twice.
pub fn los_op(mp: &MultiPolygon<f64>) -> MultiPolygon<f64> {
    if mp.0.len() <= 1 {
        return mp.clone();
    }
    unary_union(mp.0.iter())
}

/// The union of several multipolygons.
pub fn vereniging<'a>(delen: impl IntoIterator<Item = &'a MultiPolygon<f64>>) -> MultiPolygon<f64> {
    let polygons: Vec<&geo_types::Polygon<f64>> = delen.into_iter().flat_map(|m| m.0.iter()).collect();
    match polygons.len() {
        0 => MultiPolygon(Vec::new()),
        1 => MultiPolygon(vec![polygons[0].clone()]),
        _ => unary_union(polygons),
    }
}

/// `a` minus `b`.
pub fn verschil(a: &MultiPolygon<f64>, b: &MultiPolygon<f64>) -> MultiPolygon<f64> {
    if b.0.is_empty() {
        return a.clone();
    }
    a.difference(b)
}

/// `a` intersected with `b`.
pub fn doorsnede(a: &MultiPolygon<f64>, b: &MultiPolygon<f64>) -> MultiPolygon<f64> {
    if a.0.is_empty() || b.0.is_empty() {
        return MultiPolygon(Vec::new());
    }
    a.intersection(b)
}

/// An area geometry as a multipolygon (lines, points and collections without area give none).
pub fn vlakken(g: &Geometry<f64>) -> Option<MultiPolygon<f64>> {
    match g {
        Geometry::Polygon(p) => Some(MultiPolygon(vec![p.clone()])),
        Geometry::MultiPolygon(mp) => Some(mp.clone()),
        Geometry::Rect(r) => Some(MultiPolygon(vec![r.to_polygon()])),
        _ => None,
    }
}

/// A box grown by `d` metres on every side.
pub fn groter(r: Rect<f64>, d: f64) -> Rect<f64> {
    Rect::new(Coord { x: r.min().x - d, y: r.min().y - d }, Coord { x: r.max().x + d, y: r.max().y + d })
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::Area;
    use geo_types::polygon;

    #[test]
    fn overlapping_polygons_of_a_drawing_count_once() {
        let a = polygon![(x: 0., y: 0.), (x: 10., y: 0.), (x: 10., y: 10.), (x: 0., y: 10.)];
        let b = polygon![(x: 5., y: 0.), (x: 15., y: 0.), (x: 15., y: 10.), (x: 5., y: 10.)];
        assert!((los_op(&MultiPolygon(vec![a, b])).unsigned_area() - 150.0).abs() < 1e-9);
    }

    #[test]
    fn an_answer_geometry_serialises_as_geojson() {
        let g = Geometrie(MultiPolygon(vec![polygon![(x: 0., y: 0.), (x: 1., y: 0.), (x: 1., y: 1.)]]));
        let j = serde_json::to_value(&g).unwrap();
        assert_eq!(j["type"], "MultiPolygon");
    }
}
