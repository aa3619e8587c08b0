//! A spatial index over keyed geometries: a static packed R-tree (Hilbert-sorted, flatbush style) with one envelope
//! per part (each polygon of a multipolygon, each line, each point) plus an exact test per candidate
//! ([`PreparedPolygon`] for areas).
//!
//! The tree is a few flat arrays: every node's children are [`NODE_SIZE`] consecutive boxes, stored as `f32`
//! rounded outwards (conservative, so they only ever admit more candidates; the exact test decides). A node is
//! four cache lines and a descent follows no pointers, which matters on layers of millions of parts.
//!
//! Point queries are boundary inclusive for areas; lines and points match a query point within
//! [`POINT_QUERY_TOLERANCE_M`]. The index is immutable after building and `Send + Sync`.

use geo::{BoundingRect, Distance, Euclidean, Intersects};
use geo_types::{Coord, Geometry, LineString, Point, Polygon, Rect};

use crate::point_in_polygon::PreparedPolygon;
use crate::rd::RdBbox;

/// A query point hits a line or point feature when it is at most this far away (metres).
pub const POINT_QUERY_TOLERANCE_M: f64 = 0.5;

/// Children per R-tree node.
pub const NODE_SIZE: usize = 16;

/// An axis-aligned box in `f32`, rounded outwards from the `f64` envelope: `[min_x, min_y, max_x, max_y]`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Kader(pub(crate) [f32; 4]);

impl Kader {
    const LEEG: Kader = Kader([f32::INFINITY, f32::INFINITY, f32::NEG_INFINITY, f32::NEG_INFINITY]);

    pub(crate) fn from_f64(min_x: f64, min_y: f64, max_x: f64, max_y: f64) -> Self {
        fn down(v: f64) -> f32 {
            let f = v as f32;
            if f as f64 > v { f.next_down() } else { f }
        }
        fn up(v: f64) -> f32 {
            let f = v as f32;
            if (f as f64) < v { f.next_up() } else { f }
        }
        Kader([down(min_x), down(min_y), up(max_x), up(max_y)])
    }

    #[inline(always)]
    fn covers(&self, p: Coord<f64>) -> bool {
        let b = &self.0;
        p.x >= b[0] as f64 && p.y >= b[1] as f64 && p.x <= b[2] as f64 && p.y <= b[3] as f64
    }

    #[inline(always)]
    pub(crate) fn meets(&self, o: &Kader) -> bool {
        let (a, b) = (&self.0, &o.0);
        a[0] <= b[2] && a[1] <= b[3] && b[0] <= a[2] && b[1] <= a[3]
    }

    fn extend(&mut self, o: &Kader) {
        let (a, b) = (&mut self.0, &o.0);
        a[0] = a[0].min(b[0]);
        a[1] = a[1].min(b[1]);
        a[2] = a[2].max(b[2]);
        a[3] = a[3].max(b[3]);
    }
}

/// Position of (x, y) in `0..2^16` squared on the Hilbert curve.
fn hilbert(x: u32, y: u32) -> u32 {
    let (mut x, mut y) = (x, y);
    let mut d = 0u32;
    let mut s = 1u32 << 15;
    while s > 0 {
        let rx = u32::from(x & s > 0);
        let ry = u32::from(y & s > 0);
        d += s * s * ((3 * rx) ^ ry);
        if ry == 0 {
            if rx == 1 {
                x = 0xffff - x;
                y = 0xffff - y;
            }
            std::mem::swap(&mut x, &mut y);
        }
        s >>= 1;
    }
    d
}

/// The packed tree: `boxes[levels[l]..levels[l + 1]]` is level `l` (0 = the parts, sorted along the Hilbert
/// curve; the last level is the root). Children of box `i` of level `l + 1` are boxes `i * NODE_SIZE ..` of level
/// `l`. `ids[i]` is the part of leaf box `i`.
#[derive(Debug, Default)]
pub(crate) struct PackedTree {
    boxes: Vec<Kader>,
    levels: Vec<usize>,
    ids: Vec<u32>,
}

impl PackedTree {
    pub(crate) fn build(envelopes: Vec<Kader>) -> Self {
        let n = envelopes.len();
        if n == 0 {
            return Self::default();
        }
        let mut all = Kader::LEEG;
        envelopes.iter().for_each(|e| all.extend(e));
        let (w, h) = (
            ((all.0[2] - all.0[0]) as f64).max(f64::MIN_POSITIVE),
            ((all.0[3] - all.0[1]) as f64).max(f64::MIN_POSITIVE),
        );
        let mut order: Vec<(u32, u32)> = envelopes
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let cx = ((e.0[0] as f64 + e.0[2] as f64) / 2.0 - all.0[0] as f64) / w;
                let cy = ((e.0[1] as f64 + e.0[3] as f64) / 2.0 - all.0[1] as f64) / h;
                (hilbert((cx * 65535.0) as u32, (cy * 65535.0) as u32), i as u32)
            })
            .collect();
        order.sort_unstable();
        let ids: Vec<u32> = order.into_iter().map(|(_, i)| i).collect();
        let mut boxes: Vec<Kader> = ids.iter().map(|&i| envelopes[i as usize]).collect();
        drop(envelopes);
        let mut levels = vec![0usize];
        let (mut start, mut len) = (0usize, n);
        loop {
            levels.push(start + len);
            if len == 1 {
                break;
            }
            let parents = len.div_ceil(NODE_SIZE);
            for j in 0..parents {
                let mut k = Kader::LEEG;
                for c in &boxes[start + j * NODE_SIZE..start + ((j + 1) * NODE_SIZE).min(len)] {
                    k.extend(c);
                }
                boxes.push(k);
            }
            start += len;
            len = parents;
        }
        Self { boxes, levels, ids }
    }

    /// Numbers the leaves by their position in the tree instead of by input position, and returns the input
    /// position of each leaf (for callers that store their items in tree order).
    pub(crate) fn renumber_in_tree_order(&mut self) -> Vec<u32> {
        let n = self.ids.len() as u32;
        std::mem::replace(&mut self.ids, (0..n).collect())
    }

    /// The arrays (boxes, level starts, leaf ids), copied out.
    pub(crate) fn to_parts(&self) -> (Vec<[f32; 4]>, Vec<u64>, Vec<u32>) {
        (self.boxes.iter().map(|k| k.0).collect(), self.levels.iter().map(|&l| l as u64).collect(), self.ids.clone())
    }

    /// A tree from arrays of [`Self::to_parts`]; an error when they do not fit together.
    pub(crate) fn from_parts(boxes: Vec<[f32; 4]>, levels: Vec<u64>, ids: Vec<u32>) -> Result<Self, String> {
        let levels: Vec<usize> = levels.into_iter().map(|l| l as usize).collect();
        let fits = if ids.is_empty() {
            boxes.is_empty() && levels.len() <= 1
        } else {
            levels.len() >= 2
                && levels[0] == 0
                && levels[1] == ids.len()
                && levels.windows(2).all(|w| w[0] < w[1])
                && levels.last() == Some(&boxes.len())
                && levels[levels.len() - 1] - levels[levels.len() - 2] == 1
                && ids.iter().all(|&i| (i as usize) < ids.len())
        };
        if !fits {
            return Err("packed tree: the levels do not fit the boxes".into());
        }
        Ok(Self { boxes: boxes.into_iter().map(Kader).collect(), levels, ids })
    }

    /// Number of leaves.
    pub(crate) fn leaf_count(&self) -> usize {
        self.ids.len()
    }

    /// Calls `hit` with the part of every leaf box for which `test` holds on the whole path down.
    #[inline]
    pub(crate) fn search(&self, test: impl Fn(&Kader) -> bool, mut hit: impl FnMut(u32)) {
        if self.ids.is_empty() {
            return;
        }
        let top = self.levels.len() - 2;
        self.visit(top, 0, self.levels[top + 1] - self.levels[top], &test, &mut hit);
    }

    fn visit(&self, level: usize, from: usize, to: usize, test: &impl Fn(&Kader) -> bool, hit: &mut impl FnMut(u32)) {
        let base = self.levels[level];
        for i in from..to {
            if test(&self.boxes[base + i]) {
                if level == 0 {
                    hit(self.ids[i]);
                } else {
                    let below = self.levels[level] - self.levels[level - 1];
                    self.visit(level - 1, i * NODE_SIZE, ((i + 1) * NODE_SIZE).min(below), test, hit);
                }
            }
        }
    }
}

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
    tree: PackedTree,
    parts: Vec<Part<K>>,
    /// Whether the parts are in ascending key order (then [`Self::areas_of`] searches instead of scanning).
    sorted: bool,
}

impl<K: Copy + Ord> Default for SpatialIndex<K> {
    fn default() -> Self {
        Self { tree: PackedTree::default(), parts: Vec::new(), sorted: true }
    }
}

fn rect_envelope(r: Rect<f64>, grow: f64) -> Kader {
    Kader::from_f64(r.min().x - grow, r.min().y - grow, r.max().x + grow, r.max().y + grow)
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
        let entries: Vec<Kader> = parts.iter().map(|p| rect_envelope(part_envelope(p), 0.0)).collect();
        let sorted = parts.is_sorted_by_key(|p| p.key);
        Self { tree: PackedTree::build(entries), parts, sorted }
    }

    /// The areas indexed under `key` (each polygon of a multipolygon, in the order given; line and point parts are
    /// skipped). A binary search when the keys were given in ascending order, a scan otherwise.
    pub fn areas_of(&self, key: K) -> Vec<&PreparedPolygon> {
        let parts = if self.sorted {
            let start = self.parts.partition_point(|p| p.key < key);
            let end = start + self.parts[start..].partition_point(|p| p.key <= key);
            &self.parts[start..end]
        } else {
            &self.parts[..]
        };
        parts
            .iter()
            .filter(|p| p.key == key)
            .filter_map(|p| match &p.geom {
                PartGeom::Area(a) => Some(a),
                _ => None,
            })
            .collect()
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
        self.tree.search(
            |k| k.covers(p),
            |i| {
                let part = &self.parts[i as usize];
                let hit = match &part.geom {
                    PartGeom::Area(a) => a.covers(p),
                    PartGeom::Line(l) => Euclidean.distance(&Point(p), l) <= POINT_QUERY_TOLERANCE_M,
                    PartGeom::Point(c) => Euclidean.distance(Point(p), Point(*c)) <= POINT_QUERY_TOLERANCE_M,
                };
                if hit {
                    f(part.key);
                }
            },
        );
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
        let env = Kader::from_f64(bbox.min_x, bbox.min_y, bbox.max_x, bbox.max_y);
        let mut out: Vec<K> = Vec::new();
        self.tree.search(
            |k| k.meets(&env),
            |i| {
                // the tree's boxes are rounded outwards: decide on the exact envelope
                let part = &self.parts[i as usize];
                let e = part_envelope(part);
                if e.min().x <= bbox.max_x
                    && e.min().y <= bbox.max_y
                    && bbox.min_x <= e.max().x
                    && bbox.min_y <= e.max().y
                {
                    out.push(part.key);
                }
            },
        );
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Calls `f` with the key and polygon of every area part (each polygon of a multipolygon) whose envelope meets
    /// `r`, unsorted; line and point parts are skipped. For callers that clip against the parts themselves.
    pub fn for_each_area_meeting(&self, r: Rect<f64>, mut f: impl FnMut(K, &PreparedPolygon)) {
        let env = rect_envelope(r, 0.0);
        self.tree.search(
            |k| k.meets(&env),
            |i| {
                let part = &self.parts[i as usize];
                if let PartGeom::Area(a) = &part.geom {
                    let b = a.bbox();
                    if b.min().x <= r.max().x
                        && b.min().y <= r.max().y
                        && r.min().x <= b.max().x
                        && r.min().y <= b.max().y
                    {
                        f(part.key, a);
                    }
                }
            },
        );
    }

    /// Sorted, deduplicated keys of geometries that intersect the polygon (exact test, boundary inclusive).
    pub fn intersecting(&self, area: &Polygon<f64>) -> Vec<K> {
        let Some(r) = area.bounding_rect() else { return Vec::new() };
        let env = rect_envelope(r, 0.0);
        let mut out = Vec::new();
        self.tree.search(
            |k| k.meets(&env),
            |i| {
                let part = &self.parts[i as usize];
                let hit = match &part.geom {
                    PartGeom::Area(a) => a.to_polygon().intersects(area),
                    PartGeom::Line(l) => l.intersects(area),
                    PartGeom::Point(c) => Point(*c).intersects(area),
                };
                if hit {
                    out.push(part.key);
                }
            },
        );
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// The exact `f64` envelope of a part (lines and points grown by the point query tolerance).
fn part_envelope<K>(p: &Part<K>) -> Rect<f64> {
    let grow = |r: Rect<f64>, g: f64| {
        Rect::new(Coord { x: r.min().x - g, y: r.min().y - g }, Coord { x: r.max().x + g, y: r.max().y + g })
    };
    match &p.geom {
        PartGeom::Area(a) => a.bbox(),
        PartGeom::Line(l) => grow(l.bounding_rect().expect("non-empty line"), POINT_QUERY_TOLERANCE_M),
        PartGeom::Point(c) => grow(Rect::new(*c, *c), POINT_QUERY_TOLERANCE_M),
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
    fn the_areas_of_a_key_give_back_its_polygons_whether_keys_came_sorted_or_not() {
        let sq = |x: f64| polygon![(x: x, y: 0.), (x: x + 1., y: 0.), (x: x + 1., y: 1.), (x: x, y: 1.), (x: x, y: 0.)];
        let items = || {
            vec![
                (1u32, Geometry::Polygon(sq(0.0))),
                (2, Geometry::MultiPolygon(MultiPolygon(vec![sq(2.0), sq(4.0)]))),
                (3, Geometry::Point(Point::new(9.0, 9.0))),
                (4, Geometry::Polygon(sq(6.0))),
            ]
        };
        let gesorteerd = SpatialIndex::build(items());
        let geschud = SpatialIndex::build(items().into_iter().rev());
        for idx in [&gesorteerd, &geschud] {
            let polygonen = |k| idx.areas_of(k).iter().map(|a| a.to_polygon()).collect::<Vec<_>>();
            assert_eq!(polygonen(1), vec![sq(0.0)]);
            assert_eq!(polygonen(2), vec![sq(2.0), sq(4.0)], "a multipolygon's parts in their order");
            assert!(polygonen(3).is_empty(), "a point is no area");
            assert_eq!(polygonen(4), vec![sq(6.0)]);
            assert!(polygonen(5).is_empty(), "an unknown key");
        }
    }

    #[test]
    fn the_packed_tree_finds_what_a_brute_force_scan_finds() {
        // deterministic pseudo-random squares of very different sizes, some nested, over an RD-like extent
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut rnd = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let squares: Vec<(u32, Rect<f64>)> = (0..5_000u32)
            .map(|i| {
                let (x, y) = (100_000.0 + 20_000.0 * rnd(), 400_000.0 + 20_000.0 * rnd());
                let r = if i % 500 == 0 { 5_000.0 * rnd() } else { 0.01 + 200.0 * rnd() * rnd() };
                (i, Rect::new(Coord { x: x - r, y: y - r }, Coord { x: x + r, y: y + r }))
            })
            .collect();
        let idx = SpatialIndex::build(squares.iter().map(|(k, r)| (*k, Geometry::Polygon(r.to_polygon()))));
        let inside =
            |r: &Rect<f64>, p: Coord<f64>| p.x >= r.min().x && p.x <= r.max().x && p.y >= r.min().y && p.y <= r.max().y;
        for i in 0..2_000 {
            let p = if i % 4 == 0 {
                squares[i % squares.len()].1.max() // exactly on a corner: boundary inclusive
            } else {
                Coord { x: 100_000.0 + 20_000.0 * rnd(), y: 400_000.0 + 20_000.0 * rnd() }
            };
            let want: Vec<u32> = squares.iter().filter(|(_, r)| inside(r, p)).map(|(k, _)| *k).collect();
            assert_eq!(idx.at_point(p), want, "at {p:?}");
            let b = RdBbox { min_x: p.x, min_y: p.y, max_x: p.x + 300.0, max_y: p.y + 100.0 };
            let want: Vec<u32> = squares
                .iter()
                .filter(|(_, r)| {
                    r.min().x <= b.max_x && r.min().y <= b.max_y && b.min_x <= r.max().x && b.min_y <= r.max().y
                })
                .map(|(k, _)| *k)
                .collect();
            assert_eq!(idx.in_bbox(b), want, "box at {p:?}");
        }
    }

    #[test]
    fn a_line_is_hit_within_the_tolerance() {
        let idx = SpatialIndex::build([(7u32, Geometry::LineString(LineString::from(vec![(0.0, 0.0), (10.0, 0.0)])))]);
        assert_eq!(idx.at_point(Coord { x: 5.0, y: 0.4 }), vec![7]);
        assert!(idx.at_point(Coord { x: 5.0, y: 0.6 }).is_empty());
    }
}
