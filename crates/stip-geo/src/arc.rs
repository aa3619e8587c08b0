//! Densification of GML circular arcs (`Arc`, `ArcString`, `Circle`) into line segments.
//!
//! Every chord of the result deviates at most [`MAX_CHORD_DEVIATION_M`] from the true arc (the sagitta
//! `r·(1 − cos(θ/2))` of each step angle θ is ≤ the deviation). Three (nearly) collinear points are a straight line.
//! One arc yields at most [`MAX_SEGMENTS_PER_ARC`] segments, so hostile input cannot explode memory.

use geo_types::Coord;

/// Largest distance between a chord and the true arc, in metres (1 cm: far below the precision of plan maps).
pub const MAX_CHORD_DEVIATION_M: f64 = 0.01;
/// Upper bound of segments produced for one arc.
pub const MAX_SEGMENTS_PER_ARC: usize = 4096;

/// Circle through three points: centre and radius, or `None` when (nearly) collinear.
pub fn circumcircle(a: Coord<f64>, b: Coord<f64>, c: Coord<f64>) -> Option<(Coord<f64>, f64)> {
    // Work relative to `a` for numerical stability with RD's large coordinates.
    let (bx, by) = (b.x - a.x, b.y - a.y);
    let (cx, cy) = (c.x - a.x, c.y - a.y);
    let d = 2.0 * (bx * cy - by * cx);
    let scale = (bx * bx + by * by).max(cx * cx + cy * cy);
    if d.abs() <= 1e-12 * scale || scale == 0.0 {
        return None;
    }
    let b2 = bx * bx + by * by;
    let c2 = cx * cx + cy * cy;
    let ux = (cy * b2 - by * c2) / d;
    let uy = (bx * c2 - cx * b2) / d;
    let r = (ux * ux + uy * uy).sqrt();
    if !r.is_finite() {
        return None;
    }
    Some((Coord { x: a.x + ux, y: a.y + uy }, r))
}

fn step_angle(r: f64, max_dev: f64) -> f64 {
    if max_dev >= r {
        std::f64::consts::FRAC_PI_2
    } else {
        (2.0 * (1.0 - max_dev / r).acos()).min(std::f64::consts::FRAC_PI_2)
    }
}

/// Densifies one arc from `a` through `b` to `c`; the result starts with `a` and ends with `c` exactly.
pub fn densify_arc(a: Coord<f64>, b: Coord<f64>, c: Coord<f64>, max_dev: f64) -> Vec<Coord<f64>> {
    let Some((o, r)) = circumcircle(a, b, c) else {
        return vec![a, b, c];
    };
    let ang = |p: Coord<f64>| (p.y - o.y).atan2(p.x - o.x);
    let (a0, a1, a2) = (ang(a), ang(b), ang(c));
    let tau = std::f64::consts::TAU;
    let ccw_from = |from: f64, to: f64| (to - from).rem_euclid(tau);
    // Counter-clockwise when the middle point lies on the ccw sweep from start to end.
    let ccw = ccw_from(a0, a1) < ccw_from(a0, a2);
    let sweep = if ccw { ccw_from(a0, a2) } else { ccw_from(a2, a0) };
    let n = ((sweep / step_angle(r, max_dev)).ceil() as usize).clamp(2, MAX_SEGMENTS_PER_ARC);
    let dir = if ccw { 1.0 } else { -1.0 };
    let mut out = Vec::with_capacity(n + 1);
    out.push(a);
    for i in 1..n {
        let t = a0 + dir * sweep * (i as f64) / (n as f64);
        out.push(Coord { x: o.x + r * t.cos(), y: o.y + r * t.sin() });
    }
    out.push(c);
    out
}

/// Densifies an ArcString (2n+1 points: n arcs sharing end points).
pub fn densify_arc_string(points: &[Coord<f64>], max_dev: f64) -> Vec<Coord<f64>> {
    let mut out: Vec<Coord<f64>> = Vec::new();
    let mut i = 0;
    while i + 2 < points.len() {
        let part = densify_arc(points[i], points[i + 1], points[i + 2], max_dev);
        let skip = usize::from(!out.is_empty());
        out.extend(part.into_iter().skip(skip));
        i += 2;
    }
    out
}

/// Densifies a full circle through three points; closed (first == last).
pub fn densify_circle(a: Coord<f64>, b: Coord<f64>, c: Coord<f64>, max_dev: f64) -> Vec<Coord<f64>> {
    let Some((o, r)) = circumcircle(a, b, c) else {
        return vec![a, b, c, a];
    };
    let a0 = (a.y - o.y).atan2(a.x - o.x);
    let n = ((std::f64::consts::TAU / step_angle(r, max_dev)).ceil() as usize).clamp(4, MAX_SEGMENTS_PER_ARC);
    let mut out: Vec<Coord<f64>> = (0..n)
        .map(|i| a0 + std::f64::consts::TAU * i as f64 / n as f64)
        .map(|t| Coord { x: o.x + r * t.cos(), y: o.y + r * t.sin() })
        .collect();
    out[0] = a;
    out.push(a);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn max_sagitta(points: &[Coord<f64>], o: Coord<f64>, r: f64) -> f64 {
        points
            .windows(2)
            .map(|w| {
                let m = Coord { x: (w[0].x + w[1].x) / 2.0, y: (w[0].y + w[1].y) / 2.0 };
                r - ((m.x - o.x).powi(2) + (m.y - o.y).powi(2)).sqrt()
            })
            .fold(0.0, f64::max)
    }

    #[test]
    fn a_half_circle_stays_within_the_stated_chord_deviation() {
        let (a, b, c) = (
            Coord { x: 51_000.0, y: 390_000.0 },
            Coord { x: 51_010.0, y: 390_010.0 },
            Coord { x: 51_020.0, y: 390_000.0 },
        );
        let pts = densify_arc(a, b, c, MAX_CHORD_DEVIATION_M);
        let (o, r) = circumcircle(a, b, c).unwrap();
        assert!((r - 10.0).abs() < 1e-9);
        assert!(max_sagitta(&pts, o, r) <= MAX_CHORD_DEVIATION_M + 1e-9);
        assert_eq!(pts.first(), Some(&a));
        assert_eq!(pts.last(), Some(&c));
        // the arc bulges up through b, so every point is at or above y = 390000
        assert!(pts.iter().all(|p| p.y >= 390_000.0 - 1e-9));
    }

    #[test]
    fn collinear_points_stay_a_straight_line() {
        let pts = densify_arc(Coord { x: 0.0, y: 0.0 }, Coord { x: 1.0, y: 1.0 }, Coord { x: 2.0, y: 2.0 }, 0.01);
        assert_eq!(pts.len(), 3);
    }

    proptest! {
        #[test]
        fn every_densified_arc_is_within_tolerance(
            cx in 0.0f64..300_000.0, cy in 300_000.0f64..600_000.0, r in 0.5f64..2_000.0,
            t0 in 0.0f64..6.2, d1 in 0.05f64..3.0, d2 in 0.05f64..3.0, ccw in any::<bool>()
        ) {
            let s = if ccw { 1.0 } else { -1.0 };
            let p = |t: f64| Coord { x: cx + r * t.cos(), y: cy + r * t.sin() };
            let (a, b, c) = (p(t0), p(t0 + s * d1), p(t0 + s * (d1 + d2)));
            let pts = densify_arc(a, b, c, MAX_CHORD_DEVIATION_M);
            if let Some((o, rr)) = circumcircle(a, b, c) {
                prop_assert!(pts.len() <= MAX_SEGMENTS_PER_ARC + 1);
                prop_assert!(max_sagitta(&pts, o, rr) <= MAX_CHORD_DEVIATION_M * 1.0001 + 1e-7);
                for q in &pts {
                    let d = ((q.x - o.x).powi(2) + (q.y - o.y).powi(2)).sqrt();
                    prop_assert!((d - rr).abs() < 1e-6);
                }
            }
        }
    }
}
