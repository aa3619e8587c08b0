//! Exact point-in-polygon for prepared polygons, boundary inclusive, fast on heavy polygons.
//!
//! Semantics (the same as PostGIS `ST_Covers` / `ST_Intersects` for a point):
//! - a point on an edge or vertex of any ring (exterior or hole) is **inside** ([`Location::Boundary`]);
//! - a point strictly inside a hole is **outside**;
//! - crossing parity over all rings decides otherwise (valid polygons only).
//!
//! Orientation tests use geo's robust kernel. Polygons with more than [`HEAVY_POLYGON_VERTICES`] vertices get an
//! edge index at preparation: the bounding box is cut into horizontal strips and every strip lists the edges that
//! overlap it, so a query tests only the edges of one strip (a handful) instead of all 5,000+.

use geo::kernels::{Kernel, Orientation, RobustKernel};
use geo_types::{Coord, LineString, Polygon, Rect};
use serde::{Deserialize, Serialize};

/// Vertex count above which a polygon gets an edge index.
pub const HEAVY_POLYGON_VERTICES: usize = 256;
/// Aimed edges per strip in the edge index.
const EDGES_PER_STRIP: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    Inside,
    Boundary,
    Outside,
}

/// A polygon ready for repeated point queries.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PreparedPolygon {
    /// All rings, each closed, one after the other.
    coords: Box<[Coord<f64>]>,
    /// Exclusive end of each ring in `coords` (first ring = exterior).
    ring_ends: Box<[u32]>,
    bbox: Rect<f64>,
    strips: Option<Box<EdgeStrips>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct EdgeStrips {
    min_y: f64,
    strip_height: f64,
    /// `offsets[s]..offsets[s+1]` indexes `edges` for strip s.
    offsets: Box<[u32]>,
    /// Start index of each edge in `coords` (edge = coords[i] → coords[i+1]).
    edges: Box<[u32]>,
}

impl PreparedPolygon {
    pub fn new(p: &Polygon<f64>) -> Self {
        let mut coords =
            Vec::with_capacity(p.exterior().0.len() + p.interiors().iter().map(|r| r.0.len()).sum::<usize>());
        let mut ring_ends = Vec::with_capacity(1 + p.interiors().len());
        for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
            coords.extend_from_slice(&ring.0);
            if ring.0.first() != ring.0.last() {
                coords.push(ring.0[0]);
            }
            ring_ends.push(coords.len() as u32);
        }
        let bbox = bbox_of(&coords);
        let mut me =
            Self { coords: coords.into_boxed_slice(), ring_ends: ring_ends.into_boxed_slice(), bbox, strips: None };
        if me.coords.len() > HEAVY_POLYGON_VERTICES {
            me.strips = Some(Box::new(me.build_strips()));
        }
        me
    }

    pub fn bbox(&self) -> Rect<f64> {
        self.bbox
    }

    pub fn vertex_count(&self) -> usize {
        self.coords.len()
    }

    pub fn has_edge_index(&self) -> bool {
        self.strips.is_some()
    }

    /// Rebuilds the geo-types polygon.
    pub fn to_polygon(&self) -> Polygon<f64> {
        let mut start = 0usize;
        let mut rings = Vec::with_capacity(self.ring_ends.len());
        for &end in self.ring_ends.iter() {
            rings.push(LineString(self.coords[start..end as usize].to_vec()));
            start = end as usize;
        }
        let mut it = rings.into_iter();
        let ext = it.next().unwrap_or_else(|| LineString(vec![]));
        Polygon::new(ext, it.collect())
    }

    fn edge_starts(&self) -> impl Iterator<Item = usize> + '_ {
        let mut start = 0usize;
        self.ring_ends.iter().flat_map(move |&end| {
            let s = start;
            start = end as usize;
            s..(end as usize).saturating_sub(1)
        })
    }

    fn build_strips(&self) -> EdgeStrips {
        let n_edges = self.edge_starts().count();
        let height = (self.bbox.max().y - self.bbox.min().y).max(f64::MIN_POSITIVE);
        let mut n_strips = (n_edges / EDGES_PER_STRIP).max(1);
        loop {
            let strip_height = height / n_strips as f64;
            let range = |i: usize| -> (usize, usize) {
                let (a, b) = (self.coords[i].y, self.coords[i + 1].y);
                let lo = ((a.min(b) - self.bbox.min().y) / strip_height).floor().max(0.0) as usize;
                let hi = ((a.max(b) - self.bbox.min().y) / strip_height).floor().max(0.0) as usize;
                (lo.min(n_strips - 1), hi.min(n_strips - 1))
            };
            let total: usize = self
                .edge_starts()
                .map(|i| {
                    let (lo, hi) = range(i);
                    hi - lo + 1
                })
                .sum();
            if total > 16 * n_edges && n_strips > 1 {
                n_strips /= 2;
                continue;
            }
            let mut counts = vec![0u32; n_strips + 1];
            for i in self.edge_starts() {
                let (lo, hi) = range(i);
                for c in &mut counts[lo + 1..=hi + 1] {
                    *c += 1;
                }
            }
            for s in 1..=n_strips {
                counts[s] += counts[s - 1];
            }
            let mut fill = counts.clone();
            let mut edges = vec![0u32; total];
            for i in self.edge_starts() {
                let (lo, hi) = range(i);
                for f in &mut fill[lo..=hi] {
                    edges[*f as usize] = i as u32;
                    *f += 1;
                }
            }
            return EdgeStrips {
                min_y: self.bbox.min().y,
                strip_height,
                offsets: counts.into_boxed_slice(),
                edges: edges.into_boxed_slice(),
            };
        }
    }

    /// Where `p` lies relative to the polygon.
    pub fn locate(&self, p: Coord<f64>) -> Location {
        let (min, max) = (self.bbox.min(), self.bbox.max());
        if p.x < min.x || p.x > max.x || p.y < min.y || p.y > max.y {
            return Location::Outside;
        }
        let mut inside = false;
        match &self.strips {
            Some(s) => {
                let n = s.offsets.len() - 1;
                let k = (((p.y - s.min_y) / s.strip_height).floor().max(0.0) as usize).min(n - 1);
                for &e in &s.edges[s.offsets[k] as usize..s.offsets[k + 1] as usize] {
                    let e = e as usize;
                    match crossing(self.coords[e], self.coords[e + 1], p) {
                        Crossing::OnEdge => return Location::Boundary,
                        Crossing::Yes => inside = !inside,
                        Crossing::No => {}
                    }
                }
            }
            None => {
                for e in self.edge_starts() {
                    match crossing(self.coords[e], self.coords[e + 1], p) {
                        Crossing::OnEdge => return Location::Boundary,
                        Crossing::Yes => inside = !inside,
                        Crossing::No => {}
                    }
                }
            }
        }
        if inside { Location::Inside } else { Location::Outside }
    }

    /// Boundary-inclusive containment.
    pub fn covers(&self, p: Coord<f64>) -> bool {
        self.locate(p) != Location::Outside
    }

    /// The polygon clipped to the box `r`, ring by ring (Sutherland–Hodgman). Inside `r` it covers exactly what
    /// the polygon covers; along the box's sides a clipped concave ring may run back and forth (zero width). So it
    /// is an input for an overlay with a shape that lies inside `r` — the cheap first cut of a heavy polygon before
    /// clipping a small shape against it — not a geometry to show. Rings that fall wholly outside are dropped.
    pub fn clipped_to(&self, r: Rect<f64>) -> Polygon<f64> {
        let mut rings = Vec::with_capacity(self.ring_ends.len());
        let mut start = 0usize;
        for &end in self.ring_ends.iter() {
            let ring = &self.coords[start..end as usize];
            start = end as usize;
            let mut pts: Vec<Coord<f64>> = ring[..ring.len().saturating_sub(1)].to_vec();
            let (min, max) = (r.min(), r.max());
            pts = clip_side(&pts, |c| c.x >= min.x, |a, b| at_x(a, b, min.x));
            pts = clip_side(&pts, |c| c.x <= max.x, |a, b| at_x(a, b, max.x));
            pts = clip_side(&pts, |c| c.y >= min.y, |a, b| at_y(a, b, min.y));
            pts = clip_side(&pts, |c| c.y <= max.y, |a, b| at_y(a, b, max.y));
            if pts.len() >= 3 {
                pts.push(pts[0]);
                rings.push(LineString(pts));
            } else if rings.is_empty() {
                // the exterior falls outside: nothing is left
                return Polygon::new(LineString(Vec::new()), Vec::new());
            }
        }
        let mut it = rings.into_iter();
        let ext = it.next().unwrap_or_else(|| LineString(vec![]));
        Polygon::new(ext, it.collect())
    }

    /// Whether any edge (of any ring) has a bounding box that meets `r`. When none does, `r` lies wholly inside or
    /// wholly outside the polygon, and one point of `r` decides which: the fast path of clipping a small shape
    /// against a large area. Uses the edge index of a heavy polygon (only the strips `r` spans are read).
    pub fn boundary_meets(&self, r: Rect<f64>) -> bool {
        let (min, max) = (r.min(), r.max());
        if max.x < self.bbox.min().x
            || min.x > self.bbox.max().x
            || max.y < self.bbox.min().y
            || min.y > self.bbox.max().y
        {
            return false;
        }
        let meets = |e: usize| {
            let (a, b) = (self.coords[e], self.coords[e + 1]);
            a.x.min(b.x) <= max.x && a.x.max(b.x) >= min.x && a.y.min(b.y) <= max.y && a.y.max(b.y) >= min.y
        };
        match &self.strips {
            Some(s) => {
                let n = s.offsets.len() - 1;
                let strip = |y: f64| (((y - s.min_y) / s.strip_height).floor().max(0.0) as usize).min(n - 1);
                let (lo, hi) = (strip(min.y), strip(max.y));
                s.edges[s.offsets[lo] as usize..s.offsets[hi + 1] as usize].iter().any(|&e| meets(e as usize))
            }
            None => self.edge_starts().any(meets),
        }
    }
}

/// Where `p` lies relative to a polygon given as ring slices (the exterior first, then the holes; each ring closed):
/// the same rule as [`PreparedPolygon::locate`], for callers that keep many small polygons in one flat array
/// instead of a [`PreparedPolygon`] each.
pub fn locate_in_rings<'a>(rings: impl IntoIterator<Item = &'a [Coord<f64>]>, p: Coord<f64>) -> Location {
    let mut inside = false;
    for ring in rings {
        for w in ring.windows(2) {
            match crossing(w[0], w[1], p) {
                Crossing::OnEdge => return Location::Boundary,
                Crossing::Yes => inside = !inside,
                Crossing::No => {}
            }
        }
    }
    if inside { Location::Inside } else { Location::Outside }
}

enum Crossing {
    Yes,
    No,
    OnEdge,
}

/// Does the ray from `p` to +x cross edge a→b (half-open in y), or is `p` on the edge?
#[inline]
fn crossing(a: Coord<f64>, b: Coord<f64>, p: Coord<f64>) -> Crossing {
    let (lo, hi) = if a.y <= b.y { (a, b) } else { (b, a) };
    if p.y < lo.y || p.y > hi.y {
        return Crossing::No;
    }
    if p.x > a.x.max(b.x) {
        return Crossing::No;
    }
    let o = RobustKernel::orient2d(lo, hi, p);
    if o == Orientation::Collinear {
        if p.x >= a.x.min(b.x) {
            return Crossing::OnEdge;
        }
        return Crossing::No;
    }
    // half-open rule: count edges with lo.y <= p.y < hi.y
    if p.y < hi.y && p.y >= lo.y && o == Orientation::CounterClockwise { Crossing::Yes } else { Crossing::No }
}

/// One Sutherland–Hodgman pass: keeps the part of the open ring `pts` on the inner side of one box side.
fn clip_side(
    pts: &[Coord<f64>],
    inside: impl Fn(Coord<f64>) -> bool,
    cut: impl Fn(Coord<f64>, Coord<f64>) -> Coord<f64>,
) -> Vec<Coord<f64>> {
    let mut out = Vec::with_capacity(pts.len() + 4);
    let Some(&last) = pts.last() else { return out };
    let mut prev = last;
    for &cur in pts {
        match (inside(prev), inside(cur)) {
            (true, true) => out.push(cur),
            (true, false) => out.push(cut(prev, cur)),
            (false, true) => {
                out.push(cut(prev, cur));
                out.push(cur);
            }
            (false, false) => {}
        }
        prev = cur;
    }
    out
}

fn at_x(a: Coord<f64>, b: Coord<f64>, x: f64) -> Coord<f64> {
    let t = (x - a.x) / (b.x - a.x);
    Coord { x, y: a.y + t * (b.y - a.y) }
}

fn at_y(a: Coord<f64>, b: Coord<f64>, y: f64) -> Coord<f64> {
    let t = (y - a.y) / (b.y - a.y);
    Coord { x: a.x + t * (b.x - a.x), y }
}

fn bbox_of(cs: &[Coord<f64>]) -> Rect<f64> {
    let mut min = Coord { x: f64::INFINITY, y: f64::INFINITY };
    let mut max = Coord { x: f64::NEG_INFINITY, y: f64::NEG_INFINITY };
    for c in cs {
        min.x = min.x.min(c.x);
        min.y = min.y.min(c.y);
        max.x = max.x.max(c.x);
        max.y = max.y.max(c.y);
    }
    Rect::new(min, max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::Contains;
    use geo_types::polygon;
    use proptest::prelude::*;

    fn square_with_hole() -> Polygon<f64> {
        polygon!(
            exterior: [(x: 0., y: 0.), (x: 10., y: 0.), (x: 10., y: 10.), (x: 0., y: 10.)],
            interiors: [[(x: 4., y: 4.), (x: 6., y: 4.), (x: 6., y: 6.), (x: 4., y: 6.)]],
        )
    }

    #[test]
    fn a_point_on_an_edge_or_vertex_counts_as_inside() {
        let p = PreparedPolygon::new(&square_with_hole());
        assert_eq!(p.locate(Coord { x: 10.0, y: 5.0 }), Location::Boundary);
        assert_eq!(p.locate(Coord { x: 0.0, y: 0.0 }), Location::Boundary);
        assert_eq!(p.locate(Coord { x: 3.0, y: 0.0 }), Location::Boundary);
        assert!(p.covers(Coord { x: 5.0, y: 4.0 }), "edge of the hole is boundary, so covered");
    }

    #[test]
    fn a_box_away_from_every_edge_does_not_meet_the_boundary() {
        let light = PreparedPolygon::new(&square_with_hole());
        let r = |x0: f64, y0: f64, x1: f64, y1: f64| Rect::new(Coord { x: x0, y: y0 }, Coord { x: x1, y: y1 });
        assert!(!light.boundary_meets(r(1.0, 1.0, 3.0, 3.0)), "inside, away from the hole");
        assert!(light.boundary_meets(r(3.0, 3.0, 4.5, 4.5)), "reaches the hole");
        assert!(light.boundary_meets(r(9.0, 1.0, 11.0, 2.0)), "crosses the exterior");
        assert!(!light.boundary_meets(r(20.0, 20.0, 21.0, 21.0)), "far outside");
        // a heavy polygon (edge index): a circle of 2,000 vertices
        let ring: Vec<Coord<f64>> = (0..=2000)
            .map(|i| {
                let t = std::f64::consts::TAU * (i % 2000) as f64 / 2000.0;
                Coord { x: 1000.0 * t.cos(), y: 1000.0 * t.sin() }
            })
            .collect();
        let heavy = PreparedPolygon::new(&Polygon::new(LineString(ring), vec![]));
        assert!(heavy.has_edge_index());
        assert!(!heavy.boundary_meets(r(-10.0, -10.0, 10.0, 10.0)));
        assert!(heavy.boundary_meets(r(990.0, -10.0, 1010.0, 10.0)));
        assert!(heavy.boundary_meets(r(-1010.0, -10.0, -990.0, 10.0)));
    }

    #[test]
    fn a_polygon_clipped_to_a_box_covers_the_same_area_inside_it() {
        use geo::{Area, BooleanOps};
        // a concave U: clipping it to a box across both arms leaves two pieces joined along the box side
        let u = polygon![(x: 0., y: 0.), (x: 10., y: 0.), (x: 10., y: 10.), (x: 7., y: 10.), (x: 7., y: 3.),
                         (x: 3., y: 3.), (x: 3., y: 10.), (x: 0., y: 10.)];
        let r = Rect::new(Coord { x: -1.0, y: 5.0 }, Coord { x: 11.0, y: 11.0 });
        let clipped = PreparedPolygon::new(&u).clipped_to(r);
        let shape = Rect::new(Coord { x: 1.0, y: 6.0 }, Coord { x: 9.0, y: 9.0 }).to_polygon();
        let want = u.intersection(&shape).unsigned_area();
        assert!((clipped.intersection(&shape).unsigned_area() - want).abs() < 1e-9);
        assert!((want - 2.0 * 2.0 * 3.0).abs() < 1e-9, "two arms of 2 × 3 m");
        let hole = PreparedPolygon::new(&square_with_hole());
        let r = Rect::new(Coord { x: 3.0, y: 3.0 }, Coord { x: 7.0, y: 7.0 });
        assert!((hole.clipped_to(r).unsigned_area() - (16.0 - 4.0)).abs() < 1e-9, "the hole stays a hole");
        let far = Rect::new(Coord { x: 20.0, y: 20.0 }, Coord { x: 21.0, y: 21.0 });
        assert!(hole.clipped_to(far).exterior().0.is_empty());
    }

    #[test]
    fn a_point_in_a_hole_is_outside() {
        let p = PreparedPolygon::new(&square_with_hole());
        assert_eq!(p.locate(Coord { x: 5.0, y: 5.0 }), Location::Outside);
        assert_eq!(p.locate(Coord { x: 2.0, y: 5.0 }), Location::Inside);
        assert_eq!(p.locate(Coord { x: 11.0, y: 5.0 }), Location::Outside);
    }

    fn star(n: usize, cx: f64, cy: f64, seed: u64) -> Polygon<f64> {
        let mut s = seed;
        let pts: Vec<Coord<f64>> = (0..n)
            .map(|i| {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let r = 500.0 + ((s >> 33) as f64 / (1u64 << 31) as f64) * 500.0;
                let t = std::f64::consts::TAU * i as f64 / n as f64;
                Coord { x: cx + r * t.cos(), y: cy + r * t.sin() }
            })
            .collect();
        Polygon::new(LineString(pts), vec![])
    }

    #[test]
    fn heavy_polygons_get_an_edge_index() {
        let p = PreparedPolygon::new(&star(6000, 0.0, 0.0, 7));
        assert!(p.has_edge_index());
        assert!(!PreparedPolygon::new(&square_with_hole()).has_edge_index());
    }

    #[test]
    fn rings_given_as_slices_are_located_like_the_prepared_polygon() {
        let poly = square_with_hole();
        let prepared = PreparedPolygon::new(&poly);
        let rings = || std::iter::once(poly.exterior()).chain(poly.interiors()).map(|r| r.0.as_slice());
        for x in -2..=22 {
            for y in -2..=22 {
                let p = Coord { x: f64::from(x) * 0.5, y: f64::from(y) * 0.5 };
                assert_eq!(locate_in_rings(rings(), p), prepared.locate(p), "at {p:?}");
            }
        }
    }

    proptest! {
        #[test]
        fn the_edge_index_agrees_with_geo_on_heavy_polygons(x in -1100.0f64..1100.0, y in -1100.0f64..1100.0, seed in 0u64..20) {
            let poly = star(1000, 0.0, 0.0, seed);
            let prepared = PreparedPolygon::new(&poly);
            let pt = geo_types::Point::new(x, y);
            if prepared.locate(pt.0) != Location::Boundary {
                prop_assert_eq!(prepared.covers(pt.0), poly.contains(&pt));
            }
        }
    }
}
