//! Ring validation that says where: finite coordinates, closure, at least 4 points, no self-intersection.
//!
//! Self-intersection is found with a sweep over x-sorted segments (O(n log n + k) on real rings), comparing only
//! non-adjacent segments; touching counts as intersecting (an OGC ring may not touch itself). Interactions between
//! different rings of one polygon are not checked here.

use geo::kernels::{Kernel, Orientation, RobustKernel};
use geo_types::Coord;

use crate::error::GeoErrorKind;

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

/// The first found point where a closed ring touches or crosses itself.
pub fn self_intersection(cs: &[Coord<f64>]) -> Option<Coord<f64>> {
    let n = cs.len() - 1; // segments i: cs[i] -> cs[i+1]
    if n < 3 {
        return None;
    }
    let mut order: Vec<u32> = (0..n as u32).collect();
    let minx = |i: usize| cs[i].x.min(cs[i + 1].x);
    let maxx = |i: usize| cs[i].x.max(cs[i + 1].x);
    order.sort_unstable_by(|&a, &b| minx(a as usize).total_cmp(&minx(b as usize)));
    let mut active: Vec<u32> = Vec::new();
    for &i in &order {
        let i = i as usize;
        let x0 = minx(i);
        active.retain(|&j| maxx(j as usize) >= x0);
        for &j in &active {
            let j = j as usize;
            let adjacent = i.abs_diff(j) == 1 || (i.min(j) == 0 && i.max(j) == n - 1);
            if adjacent {
                // adjacent segments share one point; they may not fold back onto each other
                if let Some(p) = collinear_overlap(cs[i], cs[i + 1], cs[j], cs[j + 1]) {
                    return Some(p);
                }
                continue;
            }
            // the sweep guarantees overlapping x ranges; disjoint y ranges cannot meet (cheap before the
            // robust orientation tests, which matter on jagged rings with many segments active at once)
            if cs[i].y.max(cs[i + 1].y) < cs[j].y.min(cs[j + 1].y)
                || cs[j].y.max(cs[j + 1].y) < cs[i].y.min(cs[i + 1].y)
            {
                continue;
            }
            if let Some(p) = intersection(cs[i], cs[i + 1], cs[j], cs[j + 1]) {
                return Some(p);
            }
        }
        active.push(i as u32);
    }
    None
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
