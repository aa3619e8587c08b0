//! Streaming GML (3.2 and 3.1.1) geometry reading into geo-types, in RD New.
//!
//! Reads Point, LineString, Curve (segments: LineStringSegment, Arc, ArcString, Circle), LinearRing, Ring
//! (curveMember), Polygon, PolygonPatch, Surface (patches), MultiSurface, MultiPolygon, CompositeSurface,
//! MultiCurve, MultiLineString, MultiPoint; coordinates from `posList`, `pos` or `coordinates`.
//! `srsDimension="3"` drops Z. `srsName` is inherited from the outer geometry; absent everywhere means RD New.
//! Arcs are densified with [`crate::arc::MAX_CHORD_DEVIATION_M`]. Rings are checked with [`crate::validate`]
//! (closed, ≥ 4 points, finite, not self-intersecting) and consecutive duplicate points are dropped.

use geo_types::{Coord, Geometry, LineString, MultiLineString, MultiPoint, MultiPolygon, Point, Polygon};

use crate::arc;
use crate::crs::Crs;
use crate::error::{GeoError, GeoErrorKind};
use crate::validate;
use crate::xml::{Tag, XmlReader};

/// GML elements that are a geometry (and so can be read by [`read_geometry`]).
pub fn is_geometry_element(local: &str) -> bool {
    matches!(
        local,
        "Point"
            | "LineString"
            | "Curve"
            | "CompositeCurve"
            | "LinearRing"
            | "Ring"
            | "Polygon"
            | "Surface"
            | "PolygonPatch"
            | "MultiSurface"
            | "MultiPolygon"
            | "CompositeSurface"
            | "MultiCurve"
            | "MultiLineString"
            | "MultiPoint"
            | "MultiGeometry"
    )
}

/// Inherited reading state: CRS, coordinate dimension and the label of the nearest element with a gml:id.
#[derive(Debug, Clone)]
pub struct Context {
    pub crs: Crs,
    pub dimension: usize,
    pub label: String,
}

impl Default for Context {
    fn default() -> Self {
        Self { crs: Crs::RdNew, dimension: 2, label: String::new() }
    }
}

impl Context {
    fn enter(&self, tag: &Tag) -> Result<Context, GeoError> {
        let mut c = self.clone();
        let label = if c.label.is_empty() || tag.attr("id").is_some() { tag.label() } else { c.label.clone() };
        c.label = label;
        if let Some(s) = tag.attr("srsName") {
            c.crs = Crs::parse(s).map_err(|e| GeoError::new(format!("gml:{}", c.label), e.kind))?;
        }
        if let Some(d) = tag.attr("srsDimension") {
            c.dimension = parse_dimension(d).map_err(|k| GeoError::new(format!("gml:{}", c.label), k))?;
        }
        Ok(c)
    }
    fn err(&self, element: &str, kind: GeoErrorKind) -> GeoError {
        if self.label.is_empty() || self.label.starts_with(element) {
            GeoError::new(format!("gml:{}", if self.label.is_empty() { element } else { &self.label }), kind)
        } else {
            GeoError::new(format!("gml:{} in gml:{}", element, self.label), kind)
        }
    }
}

fn parse_dimension(d: &str) -> Result<usize, GeoErrorKind> {
    match d.trim() {
        "2" => Ok(2),
        "3" => Ok(3),
        other => Err(GeoErrorKind::BadDimension(other.to_string())),
    }
}

/// Parses a standalone GML geometry document fragment (its root must be a GML geometry element).
pub fn parse_geometry(bytes: &[u8]) -> Result<Geometry<f64>, GeoError> {
    let mut r = XmlReader::from_bytes(bytes)?;
    let root = r.root()?;
    if !crate::xml::is_gml_ns(&root.ns) || !is_geometry_element(&root.name) {
        return Err(GeoError::new(
            root.label(),
            GeoErrorKind::UnsupportedGeometry(format!("{{{}}}{}", root.ns, root.name)),
        ));
    }
    read_geometry(&mut r, &root, &Context::default())
}

/// Reads the geometry whose start tag `tag` was just read; consumes through its end tag.
pub fn read_geometry(r: &mut XmlReader, tag: &Tag, ctx: &Context) -> Result<Geometry<f64>, GeoError> {
    let ctx = ctx.enter(tag)?;
    let g = match tag.name.as_str() {
        "Point" => {
            let cs = read_positions(r, &ctx, &tag.name)?;
            match cs.as_slice() {
                [c] => Geometry::Point(Point(*c)),
                [] => return Err(ctx.err(&tag.name, GeoErrorKind::Empty)),
                _ => Geometry::MultiPoint(MultiPoint(cs.into_iter().map(Point).collect())),
            }
        }
        "LineString" => Geometry::LineString(line(read_positions(r, &ctx, &tag.name)?, &ctx, &tag.name)?),
        "Curve" | "CompositeCurve" => Geometry::LineString(line(read_curve(r, &ctx)?, &ctx, &tag.name)?),
        "LinearRing" | "Ring" => {
            let ring = read_ring_content(r, tag, &ctx)?;
            Geometry::Polygon(polygon_from_rings(vec![ring], &ctx, &tag.name)?)
        }
        "Polygon" | "PolygonPatch" => Geometry::Polygon(read_polygon(r, &ctx, &tag.name)?),
        "Surface" => surfaces(read_surface(r, &ctx)?),
        "MultiSurface" | "MultiPolygon" | "CompositeSurface" | "MultiCurve" | "MultiLineString" | "MultiPoint"
        | "MultiGeometry" => read_multi(r, &ctx)?,
        other => return Err(ctx.err(other, GeoErrorKind::UnsupportedGeometry(other.to_string()))),
    };
    Ok(g)
}

fn surfaces(mut polys: Vec<Polygon<f64>>) -> Geometry<f64> {
    if polys.len() == 1 {
        Geometry::Polygon(polys.pop().expect("one"))
    } else {
        Geometry::MultiPolygon(MultiPolygon(polys))
    }
}

fn line(cs: Vec<Coord<f64>>, ctx: &Context, element: &str) -> Result<LineString<f64>, GeoError> {
    let cs = dedup(cs);
    if cs.len() < 2 {
        return Err(ctx.err(element, GeoErrorKind::TooFewLinePoints { points: cs.len() }));
    }
    Ok(LineString(cs))
}

/// Reads the children of a multi geometry (`*Member`, `*Members`) and flattens them.
fn read_multi(r: &mut XmlReader, ctx: &Context) -> Result<Geometry<f64>, GeoError> {
    let mut polys = Vec::new();
    let mut lines = Vec::new();
    let mut points = Vec::new();
    fn collect(
        g: Geometry<f64>,
        polys: &mut Vec<Polygon<f64>>,
        lines: &mut Vec<LineString<f64>>,
        points: &mut Vec<Point<f64>>,
    ) {
        match g {
            Geometry::Polygon(p) => polys.push(p),
            Geometry::MultiPolygon(mp) => polys.extend(mp.0),
            Geometry::LineString(l) => lines.push(l),
            Geometry::MultiLineString(ml) => lines.extend(ml.0),
            Geometry::Point(p) => points.push(p),
            Geometry::MultiPoint(mp) => points.extend(mp.0),
            Geometry::GeometryCollection(gc) => gc.0.into_iter().for_each(|g| collect(g, polys, lines, points)),
            _ => {}
        }
    }
    while let Some(member) = r.next_child()? {
        // member property (surfaceMember, polygonMember, curveMember, lineStringMember, pointMember, *Members)
        while let Some(child) = r.next_child()? {
            if is_geometry_element(&child.name) {
                let g = read_geometry(r, &child, ctx)?;
                collect(g, &mut polys, &mut lines, &mut points);
            } else {
                return Err(ctx.err(
                    &child.name,
                    GeoErrorKind::UnsupportedGeometry(format!("{} in {}", child.name, member.name)),
                ));
            }
        }
    }
    let kinds = [!polys.is_empty(), !lines.is_empty(), !points.is_empty()].iter().filter(|b| **b).count();
    Ok(match kinds {
        0 => return Err(ctx.err("Multi", GeoErrorKind::Empty)),
        1 if !polys.is_empty() => Geometry::MultiPolygon(MultiPolygon(polys)),
        1 if !lines.is_empty() => Geometry::MultiLineString(MultiLineString(lines)),
        1 => Geometry::MultiPoint(MultiPoint(points)),
        _ => {
            let mut gc = Vec::new();
            if !polys.is_empty() {
                gc.push(Geometry::MultiPolygon(MultiPolygon(polys)));
            }
            if !lines.is_empty() {
                gc.push(Geometry::MultiLineString(MultiLineString(lines)));
            }
            if !points.is_empty() {
                gc.push(Geometry::MultiPoint(MultiPoint(points)));
            }
            Geometry::GeometryCollection(geo_types::GeometryCollection(gc))
        }
    })
}

/// `Surface`: `patches` with `PolygonPatch` children.
fn read_surface(r: &mut XmlReader, ctx: &Context) -> Result<Vec<Polygon<f64>>, GeoError> {
    let mut out = Vec::new();
    while let Some(child) = r.next_child()? {
        match child.name.as_str() {
            "patches" | "polygonPatches" => {
                while let Some(patch) = r.next_child()? {
                    let pctx = ctx.enter(&patch)?;
                    match patch.name.as_str() {
                        "PolygonPatch" | "Polygon" => out.push(read_polygon(r, &pctx, &patch.name)?),
                        other => return Err(pctx.err(other, GeoErrorKind::UnsupportedGeometry(other.to_string()))),
                    }
                }
            }
            _ => r.skip()?,
        }
    }
    if out.is_empty() {
        return Err(ctx.err("Surface", GeoErrorKind::Empty));
    }
    Ok(out)
}

/// Polygon / PolygonPatch content: `exterior` and `interior` (GML 2: outerBoundaryIs / innerBoundaryIs).
fn read_polygon(r: &mut XmlReader, ctx: &Context, element: &str) -> Result<Polygon<f64>, GeoError> {
    let mut rings: Vec<Vec<Coord<f64>>> = Vec::new();
    let mut exterior_seen = false;
    while let Some(child) = r.next_child()? {
        match child.name.as_str() {
            "exterior" | "outerBoundaryIs" | "interior" | "innerBoundaryIs" => {
                let is_exterior = matches!(child.name.as_str(), "exterior" | "outerBoundaryIs");
                while let Some(ring_tag) = r.next_child()? {
                    let rctx = ctx.enter(&ring_tag)?;
                    let ring = read_ring_content(r, &ring_tag, &rctx)?;
                    if is_exterior {
                        exterior_seen = true;
                        rings.insert(0, ring);
                    } else {
                        rings.push(ring);
                    }
                }
            }
            _ => r.skip()?,
        }
    }
    if !exterior_seen {
        return Err(ctx.err(element, GeoErrorKind::Empty));
    }
    polygon_from_rings(rings, ctx, element)
}

fn polygon_from_rings(rings: Vec<Vec<Coord<f64>>>, ctx: &Context, element: &str) -> Result<Polygon<f64>, GeoError> {
    let mut out = Vec::with_capacity(rings.len());
    for (i, ring) in rings.into_iter().enumerate() {
        let ring = dedup(ring);
        validate::validate_ring(&ring, i).map_err(|k| ctx.err(element, k))?;
        out.push(LineString(ring));
    }
    let mut it = out.into_iter();
    let exterior = it.next().ok_or_else(|| ctx.err(element, GeoErrorKind::Empty))?;
    Ok(Polygon::new(exterior, it.collect()))
}

/// Content of LinearRing (positions) or Ring (curveMember*).
fn read_ring_content(r: &mut XmlReader, tag: &Tag, ctx: &Context) -> Result<Vec<Coord<f64>>, GeoError> {
    match tag.name.as_str() {
        "LinearRing" => read_positions(r, ctx, "LinearRing"),
        "Ring" => {
            let mut out: Vec<Coord<f64>> = Vec::new();
            while let Some(member) = r.next_child()? {
                if member.name != "curveMember" {
                    r.skip()?;
                    continue;
                }
                while let Some(curve) = r.next_child()? {
                    let cctx = ctx.enter(&curve)?;
                    let cs = match curve.name.as_str() {
                        "Curve" | "CompositeCurve" => read_curve(r, &cctx)?,
                        "LineString" => read_positions(r, &cctx, "LineString")?,
                        other => return Err(cctx.err(other, GeoErrorKind::UnsupportedGeometry(other.to_string()))),
                    };
                    append(&mut out, cs);
                }
            }
            Ok(out)
        }
        other => Err(ctx.err(other, GeoErrorKind::UnsupportedGeometry(other.to_string()))),
    }
}

/// Curve content: `segments` with LineStringSegment, Arc, ArcString, Circle (or, for CompositeCurve, curveMember).
fn read_curve(r: &mut XmlReader, ctx: &Context) -> Result<Vec<Coord<f64>>, GeoError> {
    let mut out: Vec<Coord<f64>> = Vec::new();
    while let Some(child) = r.next_child()? {
        match child.name.as_str() {
            "segments" => {
                while let Some(seg) = r.next_child()? {
                    let sctx = ctx.enter(&seg)?;
                    let cs = read_positions(r, &sctx, &seg.name)?;
                    let cs = match seg.name.as_str() {
                        "LineStringSegment" | "GeodesicString" => cs,
                        "Arc" | "ArcString" => {
                            if cs.len() < 3 || cs.len() % 2 == 0 || (seg.name == "Arc" && cs.len() != 3) {
                                return Err(sctx.err(&seg.name, GeoErrorKind::BadArc(cs.len())));
                            }
                            arc::densify_arc_string(&cs, arc::MAX_CHORD_DEVIATION_M)
                        }
                        "Circle" => {
                            if cs.len() != 3 {
                                return Err(sctx.err(&seg.name, GeoErrorKind::BadArc(cs.len())));
                            }
                            arc::densify_circle(cs[0], cs[1], cs[2], arc::MAX_CHORD_DEVIATION_M)
                        }
                        other => return Err(sctx.err(other, GeoErrorKind::UnsupportedGeometry(other.to_string()))),
                    };
                    append(&mut out, cs);
                }
            }
            "curveMember" => {
                while let Some(curve) = r.next_child()? {
                    let g = read_geometry(r, &curve, ctx)?;
                    if let Geometry::LineString(l) = g {
                        append(&mut out, l.0);
                    }
                }
            }
            _ => r.skip()?,
        }
    }
    Ok(out)
}

/// Appends a coordinate run, dropping the shared join point.
fn append(out: &mut Vec<Coord<f64>>, cs: Vec<Coord<f64>>) {
    let skip = matches!((out.last(), cs.first()), (Some(a), Some(b)) if a == b);
    out.extend(cs.into_iter().skip(usize::from(skip)));
}

fn dedup(mut cs: Vec<Coord<f64>>) -> Vec<Coord<f64>> {
    cs.dedup();
    cs
}

/// Reads coordinate-bearing content (posList, pos*, coordinates, pointProperty/Point) until the element ends.
fn read_positions(r: &mut XmlReader, ctx: &Context, element: &str) -> Result<Vec<Coord<f64>>, GeoError> {
    let mut out = Vec::new();
    while let Some(child) = r.next_child()? {
        match child.name.as_str() {
            "posList" | "pos" => {
                let dim = match child.attr("srsDimension") {
                    Some(d) => parse_dimension(d).map_err(|k| ctx.err(&child.name, k))?,
                    None => ctx.dimension,
                };
                let text = r.read_text()?;
                parse_pos_list(&text, dim, ctx, &child.name, &mut out)?;
            }
            "coordinates" => {
                let text = r.read_text()?;
                for tuple in text.split_whitespace() {
                    let mut vals = tuple.split(',');
                    let x = num(vals.next().unwrap_or(""), ctx, "coordinates")?;
                    let y = num(vals.next().unwrap_or(""), ctx, "coordinates")?;
                    out.push(to_rd(x, y, ctx, "coordinates")?);
                }
            }
            "pointProperty" | "pointRep" => {
                while let Some(p) = r.next_child()? {
                    let pctx = ctx.enter(&p)?;
                    out.extend(read_positions(r, &pctx, "Point")?);
                }
            }
            _ => r.skip()?,
        }
    }
    if out.is_empty() {
        return Err(ctx.err(element, GeoErrorKind::Empty));
    }
    Ok(out)
}

fn num(s: &str, ctx: &Context, element: &str) -> Result<f64, GeoError> {
    let v: f64 = s.parse().map_err(|_| ctx.err(element, GeoErrorKind::BadNumber(s.to_string())))?;
    if !v.is_finite() {
        return Err(ctx.err(element, GeoErrorKind::NotFinite));
    }
    Ok(v)
}

fn parse_pos_list(
    text: &str,
    dim: usize,
    ctx: &Context,
    element: &str,
    out: &mut Vec<Coord<f64>>,
) -> Result<(), GeoError> {
    let mut vals = Vec::with_capacity(text.len() / 10);
    for tok in text.split_ascii_whitespace() {
        vals.push(num(tok, ctx, element)?);
    }
    if vals.len() % dim != 0 {
        return Err(ctx.err(element, GeoErrorKind::OddCoordinates { count: vals.len(), dimension: dim }));
    }
    out.reserve(vals.len() / dim);
    for c in vals.chunks_exact(dim) {
        out.push(to_rd(c[0], c[1], ctx, element)?);
    }
    Ok(())
}

fn to_rd(a: f64, b: f64, ctx: &Context, element: &str) -> Result<Coord<f64>, GeoError> {
    match ctx.crs {
        Crs::RdNew => Ok(Coord { x: a, y: b }),
        Crs::Wgs84 => {
            // EPSG axis order for 4326: latitude, longitude.
            let w = crate::rd::Wgs84Point::new(a, b).map_err(|e| ctx.err(element, e.kind))?;
            let p = crate::transform::wgs84_to_rd(w).map_err(|e| ctx.err(element, e.kind))?;
            Ok(p.coord())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: &str = r#"xmlns:gml="http://www.opengis.net/gml/3.2""#;

    #[test]
    fn a_multisurface_with_a_hole_reads_into_a_multipolygon() {
        let doc = format!(
            r#"<gml:MultiSurface {NS} gml:id="m1" srsName="urn:ogc:def:crs:EPSG::28992"><gml:surfaceMember><gml:Polygon>
            <gml:exterior><gml:LinearRing><gml:posList>0 0 10 0 10 10 0 10 0 0</gml:posList></gml:LinearRing></gml:exterior>
            <gml:interior><gml:LinearRing><gml:posList>2 2 4 2 4 4 2 4 2 2</gml:posList></gml:LinearRing></gml:interior>
            </gml:Polygon></gml:surfaceMember></gml:MultiSurface>"#
        );
        let Geometry::MultiPolygon(mp) = parse_geometry(doc.as_bytes()).unwrap() else { panic!() };
        assert_eq!(mp.0.len(), 1);
        assert_eq!(mp.0[0].interiors().len(), 1);
        assert_eq!(mp.0[0].exterior().0.len(), 5);
    }

    #[test]
    fn three_dimensional_coordinates_lose_their_z() {
        let doc = format!(
            r#"<gml:Polygon {NS} srsName="urn:ogc:def:crs:EPSG::28992" srsDimension="3"><gml:exterior><gml:LinearRing>
            <gml:posList count="4">0 0 1.5 10 0 1.5 10 10 1.5 0 0 1.5</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>"#
        );
        let Geometry::Polygon(p) = parse_geometry(doc.as_bytes()).unwrap() else { panic!() };
        assert_eq!(p.exterior().0[1], Coord { x: 10.0, y: 0.0 });
    }

    #[test]
    fn a_surface_ring_of_segments_with_an_arc_is_densified() {
        let doc = format!(
            r#"<gml:Surface {NS} gml:id="s1" srsName="EPSG:28992"><gml:patches><gml:PolygonPatch><gml:exterior><gml:Ring>
            <gml:curveMember><gml:Curve><gml:segments>
            <gml:LineStringSegment><gml:posList>0 0 10 0</gml:posList></gml:LineStringSegment>
            <gml:Arc><gml:posList>10 0 15 5 10 10</gml:posList></gml:Arc>
            <gml:LineStringSegment><gml:posList>10 10 0 10 0 0</gml:posList></gml:LineStringSegment>
            </gml:segments></gml:Curve></gml:curveMember></gml:Ring></gml:exterior></gml:PolygonPatch></gml:patches></gml:Surface>"#
        );
        let Geometry::Polygon(p) = parse_geometry(doc.as_bytes()).unwrap() else { panic!() };
        let n = p.exterior().0.len();
        assert!(n > 20, "arc densified into many points, got {n}");
        assert!(p.exterior().0.iter().all(|c| c.x <= 15.0 + 1e-9));
    }

    #[test]
    fn an_unknown_crs_is_refused_with_the_element_named() {
        let doc = format!(r#"<gml:Point {NS} gml:id="p9" srsName="EPSG:3857"><gml:pos>1 2</gml:pos></gml:Point>"#);
        let err = parse_geometry(doc.as_bytes()).unwrap_err();
        assert!(matches!(err.kind, GeoErrorKind::UnknownCrs(_)));
        assert!(err.element.contains("p9"), "{err}");
    }

    #[test]
    fn an_unclosed_ring_is_refused_with_ring_and_coordinates() {
        let doc = format!(
            r#"<gml:Polygon {NS} gml:id="open"><gml:exterior><gml:LinearRing><gml:posList>0 0 10 0 10 10 0 10</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>"#
        );
        let err = parse_geometry(doc.as_bytes()).unwrap_err();
        assert!(matches!(err.kind, GeoErrorKind::UnclosedRing { ring: 0, .. }), "{err}");
        assert!(err.to_string().contains("open"));
    }

    #[test]
    fn a_bow_tie_ring_is_refused_as_self_intersecting() {
        let doc = format!(
            r#"<gml:Polygon {NS} gml:id="bowtie"><gml:exterior><gml:LinearRing><gml:posList>0 0 10 10 10 0 0 10 0 0</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>"#
        );
        let err = parse_geometry(doc.as_bytes()).unwrap_err();
        match err.kind {
            GeoErrorKind::SelfIntersection { ring, x, y } => {
                assert_eq!(ring, 0);
                assert!((x - 5.0).abs() < 1e-9 && (y - 5.0).abs() < 1e-9, "{x} {y}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn nan_and_garbage_coordinates_are_refused() {
        let doc = format!(r#"<gml:Point {NS}><gml:pos>NaN 2</gml:pos></gml:Point>"#);
        assert_eq!(parse_geometry(doc.as_bytes()).unwrap_err().kind, GeoErrorKind::NotFinite);
        let doc = format!(r#"<gml:Point {NS}><gml:pos>1,5 2</gml:pos></gml:Point>"#);
        assert!(matches!(parse_geometry(doc.as_bytes()).unwrap_err().kind, GeoErrorKind::BadNumber(_)));
    }

    #[test]
    fn gml2_coordinates_and_wgs84_points_are_read_into_rd() {
        let doc = format!(
            r#"<gml:Point {NS} srsName="urn:ogc:def:crs:EPSG::4326"><gml:pos>52.15517 5.38721</gml:pos></gml:Point>"#
        );
        let Geometry::Point(p) = parse_geometry(doc.as_bytes()).unwrap() else { panic!() };
        assert!((p.x() - 155_000.0).abs() < 5.0 && (p.y() - 463_000.0).abs() < 5.0, "{p:?}");
        let doc = format!(r#"<gml:LineString {NS}><gml:coordinates>1,2 3,4</gml:coordinates></gml:LineString>"#);
        let Geometry::LineString(l) = parse_geometry(doc.as_bytes()).unwrap() else { panic!() };
        assert_eq!(l.0.len(), 2);
    }
}
