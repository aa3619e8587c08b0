//! Ring validation that says where: finite coordinates, closure, at least 4 points, no self-intersection.
//!
//! Self-intersection is found by [`crate::self_intersection`] (O(n log n + k)); this module holds the test of
//! one pair of segments. Touching counts as intersecting (an OGC ring may not touch itself); adjacent segments
//! may only not fold back onto each other. Interactions between different rings of one polygon are not checked
//! here.

use geo::kernels::{Kernel, Orientation, RobustKernel};
use geo_types::Coord;

use crate::error::GeoErrorKind;
pub use crate::self_intersection::self_intersection;

/// Validates one ring (`ring` is its index in the polygon: 0 = exterior). Expects consecutive duplicates removed.
pub fn validate_ring(cs: &[Coord<f64>], ring: usize) -> Result<(), GeoErrorKind> {
    if cs.iter().any(|c| !c.x.is_finite() || !c.y.is_finite()) {
        return Err(GeoErrorKind::NotFinite);
    }
    if let (Some(first), Some(last)) = (cs.first(), cs.last())
        && first != last
    {
        return Err(GeoErrorKind::UnclosedRing { ring, x0: first.x, y0: first.y, x1: last.x, y1: last.y });
    }
    if cs.len() < 4 {
        return Err(GeoErrorKind::TooFewPoints { ring, points: cs.len() });
    }
    if let Some(at) = self_intersection(cs) {
        return Err(GeoErrorKind::SelfIntersection { ring, x: at.x, y: at.y });
    }
    Ok(())
}

/// Whether segment `i` (the later one in x order) and segment `j` of a closed ring touch or cross, and where.
/// Adjacent segments share one point; they may not fold back onto each other.
pub(crate) fn segments_meet(cs: &[Coord<f64>], i: usize, j: usize) -> Option<Coord<f64>> {
    let n = cs.len() - 1;
    let adjacent = i.abs_diff(j) == 1 || (i.min(j) == 0 && i.max(j) == n - 1);
    if adjacent {
        return collinear_overlap(cs[i], cs[i + 1], cs[j], cs[j + 1]);
    }
    // disjoint x or y ranges cannot meet (cheap before the robust orientation tests)
    if cs[i].x.max(cs[i + 1].x) < cs[j].x.min(cs[j + 1].x)
        || cs[j].x.max(cs[j + 1].x) < cs[i].x.min(cs[i + 1].x)
        || cs[i].y.max(cs[i + 1].y) < cs[j].y.min(cs[j + 1].y)
        || cs[j].y.max(cs[j + 1].y) < cs[i].y.min(cs[i + 1].y)
    {
        return None;
    }
    intersection(cs[i], cs[i + 1], cs[j], cs[j + 1])
}

fn orient(a: Coord<f64>, b: Coord<f64>, c: Coord<f64>) -> Orientation {
    RobustKernel::orient2d(a, b, c)
}

fn on_segment(a: Coord<f64>, b: Coord<f64>, p: Coord<f64>) -> bool {
    p.x >= a.x.min(b.x) && p.x <= a.x.max(b.x) && p.y >= a.y.min(b.y) && p.y <= a.y.max(b.y)
}

/// Whether segments ab and cd intersect (touching included); returns an (approximate) intersection point.
pub fn intersection(a: Coord<f64>, b: Coord<f64>, c: Coord<f64>, d: Coord<f64>) -> Option<Coord<f64>> {
    let o1 = orient(a, b, c);
    let o2 = orient(a, b, d);
    if o1 == o2 && o1 != Orientation::Collinear {
        return None; // c and d strictly on one side of ab: no point of cd is on it (the common case, decided early)
    }
    let o3 = orient(c, d, a);
    let o4 = orient(c, d, b);
    use Orientation::Collinear as C;
    if o1 != o2 && o3 != o4 {
        return Some(line_point(a, b, c, d));
    }
    if o1 == C && on_segment(a, b, c) {
        return Some(c);
    }
    if o2 == C && on_segment(a, b, d) {
        return Some(d);
    }
    if o3 == C && on_segment(c, d, a) {
        return Some(a);
    }
    if o4 == C && on_segment(c, d, b) {
        return Some(b);
    }
    None
}

/// Two adjacent segments (sharing one end point) that overlap along a line (a spike).
fn collinear_overlap(a: Coord<f64>, b: Coord<f64>, c: Coord<f64>, d: Coord<f64>) -> Option<Coord<f64>> {
    if orient(a, b, c) != Orientation::Collinear || orient(a, b, d) != Orientation::Collinear {
        return None;
    }
    // the non-shared end of one segment lies on the other
    let shared = if a == c || a == d { a } else { b };
    [a, b, c, d].into_iter().find(|&p| p != shared && on_segment(a, b, p) && on_segment(c, d, p))
}

fn line_point(a: Coord<f64>, b: Coord<f64>, c: Coord<f64>, d: Coord<f64>) -> Coord<f64> {
    let r = Coord { x: b.x - a.x, y: b.y - a.y };
    let s = Coord { x: d.x - c.x, y: d.y - c.y };
    let den = r.x * s.y - r.y * s.x;
    if den == 0.0 {
        return c;
    }
    let t = ((c.x - a.x) * s.y - (c.y - a.y) * s.x) / den;
    Coord { x: a.x + t * r.x, y: a.y + t * r.y }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring(pts: &[(f64, f64)]) -> Vec<Coord<f64>> {
        pts.iter().map(|&(x, y)| Coord { x, y }).collect()
    }

    #[test]
    fn a_square_is_valid() {
        assert_eq!(validate_ring(&ring(&[(0., 0.), (1., 0.), (1., 1.), (0., 1.), (0., 0.)]), 0), Ok(()));
    }

    #[test]
    fn a_ring_touching_itself_in_a_vertex_is_invalid() {
        let r = ring(&[(0., 0.), (4., 0.), (4., 4.), (2., 0.), (0., 4.), (0., 0.)]);
        assert!(
            matches!(validate_ring(&r, 2), Err(GeoErrorKind::SelfIntersection { ring: 2, x, y }) if x == 2.0 && y == 0.0)
        );
    }

    #[test]
    fn a_spike_folding_back_is_invalid() {
        let r = ring(&[(0., 0.), (4., 0.), (6., 0.), (4., 0.), (4., 4.), (0., 0.)]);
        assert!(validate_ring(&r, 0).is_err());
    }

    #[test]
    fn too_few_points_and_nan_are_reported() {
        assert!(matches!(
            validate_ring(&ring(&[(0., 0.), (1., 0.), (0., 0.)]), 1),
            Err(GeoErrorKind::TooFewPoints { ring: 1, points: 3 })
        ));
        assert_eq!(
            validate_ring(&ring(&[(0., 0.), (f64::NAN, 0.), (1., 1.), (0., 0.)]), 0),
            Err(GeoErrorKind::NotFinite)
        );
    }
}
