//! A spatial index over keyed geometries: an rstar R-tree bulk-loaded with one envelope per part (each polygon of a
//! multipolygon, each line, each point) plus an exact test per candidate ([`PreparedPolygon`] for areas).
//!
//! Point queries are boundary inclusive for areas; lines and points match a query point within
//! [`POINT_QUERY_TOLERANCE_M`]. The index is immutable after building and `Send + Sync`.

use geo::{BoundingRect, Distance, Euclidean, Intersects};
use geo_types::{Coord, Geometry, LineString, Point, Polygon, Rect};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, ParentNode, RStarInsertionStrategy, RTree, RTreeNode, RTreeObject, RTreeParams};

use crate::point_in_polygon::PreparedPolygon;
use crate::rd::RdBbox;

/// A query point hits a line or point feature when it is at most this far away (metres).
pub const POINT_QUERY_TOLERANCE_M: f64 = 0.5;

type Entry = GeomWithData<Rectangle<[f64; 2]>, u32>;

/// Node capacity of the (static, bulk-loaded) tree: wider nodes than rstar's default 6 mean fewer levels and
/// fewer pointer chases per point query on large, overlapping layers.
#[derive(Debug, Clone, Copy)]
pub struct WideNodes;

impl RTreeParams for WideNodes {
    const MIN_SIZE: usize = 4;
    const MAX_SIZE: usize = NODE_SIZE;
    const REINSERTION_COUNT: usize = 3;
    type DefaultInsertionStrategy = RStarInsertionStrategy;
}

/// Children per R-tree node.
pub const NODE_SIZE: usize = 16;

#[derive(Debug)]
enum PartGeom {
    Area(PreparedPolygon),
    Line(LineString<f64>),
    Point(Coord<f64>),
}

#[derive(Debug)]
struct Part<K> {
    key: K,
    geom: PartGeom,
}

/// Keyed geometries with an R-tree over their parts.
#[derive(Debug)]
pub struct SpatialIndex<K> {
    tree: RTree<Entry, WideNodes>,
    parts: Vec<Part<K>>,
}

impl<K: Copy + Ord> Default for SpatialIndex<K> {
    fn default() -> Self {
        Self { tree: RTree::new_with_params(), parts: Vec::new() }
    }
}

fn rect_envelope(r: Rect<f64>, grow: f64) -> Rectangle<[f64; 2]> {
    Rectangle::from_corners([r.min().x - grow, r.min().y - grow], [r.max().x + grow, r.max().y + grow])
}

impl<K: Copy + Ord> SpatialIndex<K> {
    /// Builds the index (bulk load). Geometries are split into parts; empty ones are skipped.
    pub fn build(items: impl IntoIterator<Item = (K, Geometry<f64>)>) -> Self {
        let mut parts = Vec::new();
        for (key, g) in items {
            push_parts(key, g, &mut parts);
        }
        Self::from_parts(parts)
    }

    /// Builds from already prepared polygons (cheaper when the caller prepared them).
    pub fn build_prepared(items: impl IntoIterator<Item = (K, PreparedPolygon)>) -> Self {
        let parts = items.into_iter().map(|(key, p)| Part { key, geom: PartGeom::Area(p) }).collect();
        Self::from_parts(parts)
    }

    fn from_parts(parts: Vec<Part<K>>) -> Self {
        let entries: Vec<Entry> = parts
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let env = match &p.geom {
                    PartGeom::Area(a) => rect_envelope(a.bbox(), 0.0),
                    PartGeom::Line(l) => {
                        rect_envelope(l.bounding_rect().expect("non-empty line"), POINT_QUERY_TOLERANCE_M)
                    }
                    PartGeom::Point(c) => rect_envelope(Rect::new(*c, *c), POINT_QUERY_TOLERANCE_M),
                };
                GeomWithData::new(env, i as u32)
            })
            .collect();
        Self { tree: RTree::bulk_load_with_params(entries), parts }
    }

    /// The prepared polygon of part `i` (for [`Self::build_prepared`] part `i` is item `i`).
    pub fn area(&self, i: usize) -> Option<&PreparedPolygon> {
        match &self.parts.get(i)?.geom {
            PartGeom::Area(a) => Some(a),
            _ => None,
        }
    }

    /// Number of indexed parts.
    pub fn part_count(&self) -> usize {
        self.parts.len()
    }

    /// Calls `f` with the key of every part covering `p` (a key can come more than once for multi-part geometries
    /// with overlapping parts; use [`Self::at_point`] for a deduplicated list).
    #[inline]
    pub fn for_each_at_point(&self, p: Coord<f64>, mut f: impl FnMut(K)) {
        // A hand-written descent: children are tested before they are visited, with no traversal stack
        // (rstar's generic iterator pushes every child of a visited node, which dominated profiles).
        fn visit(node: &ParentNode<Entry>, p: Coord<f64>, hit: &mut impl FnMut(u32)) {
            for child in node.children() {
                match child {
                    RTreeNode::Leaf(e) => {
                        let env = e.envelope();
                        let (lo, hi) = (env.lower(), env.upper());
                        if p.x >= lo[0] && p.x <= hi[0] && p.y >= lo[1] && p.y <= hi[1] {
                            hit(e.data);
                        }
                    }
                    RTreeNode::Parent(n) => {
                        let env = n.envelope();
                        let (lo, hi) = (env.lower(), env.upper());
                        if p.x >= lo[0] && p.x <= hi[0] && p.y >= lo[1] && p.y <= hi[1] {
                            visit(n, p, hit);
                        }
                    }
                }
            }
        }
        visit(self.tree.root(), p, &mut |i| {
            let part = &self.parts[i as usize];
            let hit = match &part.geom {
                PartGeom::Area(a) => a.covers(p),
                PartGeom::Line(l) => Euclidean.distance(&Point(p), l) <= POINT_QUERY_TOLERANCE_M,
                PartGeom::Point(c) => Euclidean.distance(Point(p), Point(*c)) <= POINT_QUERY_TOLERANCE_M,
            };
            if hit {
                f(part.key);
            }
        });
    }

    /// Sorted, deduplicated keys of the geometries at `p`.
    pub fn at_point(&self, p: Coord<f64>) -> Vec<K> {
        let mut out = Vec::new();
        self.for_each_at_point(p, |k| out.push(k));
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Sorted, deduplicated keys whose part envelope intersects the box (for map layers).
    pub fn in_bbox(&self, bbox: RdBbox) -> Vec<K> {
        let env = AABB::from_corners([bbox.min_x, bbox.min_y], [bbox.max_x, bbox.max_y]);
        let mut out: Vec<K> =
            self.tree.locate_in_envelope_intersecting(env).map(|e| self.parts[e.data as usize].key).collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Sorted, deduplicated keys of geometries that intersect the polygon (exact test, boundary inclusive).
    pub fn intersecting(&self, area: &Polygon<f64>) -> Vec<K> {
        let Some(r) = area.bounding_rect() else { return Vec::new() };
        let env = AABB::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]);
        let mut out = Vec::new();
        for e in self.tree.locate_in_envelope_intersecting(env) {
            let part = &self.parts[e.data as usize];
            let hit = match &part.geom {
                PartGeom::Area(a) => a.to_polygon().intersects(area),
                PartGeom::Line(l) => l.intersects(area),
                PartGeom::Point(c) => Point(*c).intersects(area),
            };
            if hit {
                out.push(part.key);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

fn push_parts<K: Copy>(key: K, g: Geometry<f64>, parts: &mut Vec<Part<K>>) {
    match g {
        Geometry::Polygon(p) => {
            if !p.exterior().0.is_empty() {
                parts.push(Part { key, geom: PartGeom::Area(PreparedPolygon::new(&p)) })
            }
        }
        Geometry::MultiPolygon(mp) => {
            for p in mp.0 {
                push_parts(key, Geometry::Polygon(p), parts);
            }
        }
        Geometry::LineString(l) => {
            if !l.0.is_empty() {
                parts.push(Part { key, geom: PartGeom::Line(l) })
            }
        }
        Geometry::MultiLineString(ml) => {
            for l in ml.0 {
                push_parts(key, Geometry::LineString(l), parts);
            }
        }
        Geometry::Point(p) => parts.push(Part { key, geom: PartGeom::Point(p.0) }),
        Geometry::MultiPoint(mp) => mp.0.into_iter().for_each(|p| parts.push(Part { key, geom: PartGeom::Point(p.0) })),
        Geometry::GeometryCollection(gc) => gc.0.into_iter().for_each(|g| push_parts(key, g, parts)),
        Geometry::Rect(r) => push_parts(key, Geometry::Polygon(r.to_polygon()), parts),
        Geometry::Triangle(t) => push_parts(key, Geometry::Polygon(t.to_polygon()), parts),
        Geometry::Line(l) => push_parts(key, Geometry::LineString(LineString(vec![l.start, l.end])), parts),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::{MultiPolygon, polygon};

    #[test]
    fn multipolygon_parts_each_count_and_the_index_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<SpatialIndex<u32>>();
        let a = polygon![(x: 0., y: 0.), (x: 1., y: 0.), (x: 1., y: 1.), (x: 0., y: 1.)];
        let b = polygon![(x: 5., y: 5.), (x: 6., y: 5.), (x: 6., y: 6.), (x: 5., y: 6.)];
        let idx = SpatialIndex::build([(1u32, Geometry::MultiPolygon(MultiPolygon(vec![a, b])))]);
        assert_eq!(idx.at_point(Coord { x: 0.5, y: 0.5 }), vec![1]);
        assert_eq!(idx.at_point(Coord { x: 5.5, y: 5.5 }), vec![1]);
        assert!(idx.at_point(Coord { x: 3.0, y: 3.0 }).is_empty());
        assert_eq!(idx.at_point(Coord { x: 6.0, y: 5.5 }), vec![1], "edge of the second part");
    }

    #[test]
    fn a_line_is_hit_within_the_tolerance() {
        let idx = SpatialIndex::build([(7u32, Geometry::LineString(LineString::from(vec![(0.0, 0.0), (10.0, 0.0)])))]);
        assert_eq!(idx.at_point(Coord { x: 5.0, y: 0.4 }), vec![7]);
        assert!(idx.at_point(Coord { x: 5.0, y: 0.6 }).is_empty());
    }
}
