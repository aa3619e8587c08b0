//! Where a closed ring touches or crosses itself. A simple ring (the common case) is recognised by the
//! [`crate::simple_ring`] sweep in O(n log n); otherwise a packed R-tree over the segments' boxes finds the point,
//! every segment tested only against the earlier ones (in order of their smallest x) whose box meets its own.
//!
//! The answer is the same as that of testing every pair in that order (the plain O(n²) check the tests compare
//! with): the first segment, in x order, that meets an earlier one, and of those earlier ones the first. Boxes are
//! taken relative to the ring's first point before they are rounded outwards to `f32`, so they stay tight on a
//! small drawing far from the RD origin; they only select candidates, the exact (robust) test decides.

use geo_types::Coord;

use crate::simple_ring::{Eenvoud, simple_ring};
use crate::spatial_index::{Kader, PackedTree};
use crate::validate::segments_meet;

/// The first found point where a closed ring touches or crosses itself (`cs` closed, consecutive duplicates
/// removed).
pub fn self_intersection(cs: &[Coord<f64>]) -> Option<Coord<f64>> {
    let Some(n) = cs.len().checked_sub(1).filter(|&n| n >= 3) else {
        return None; // segments i: cs[i] -> cs[i+1]
    };
    if simple_ring(cs) == Eenvoud::Eenvoudig {
        return None; // the common case, proven in O(n log n) without the candidate pairs
    }
    let order = x_order(cs);
    let mut rank = vec![0u32; n];
    for (r, &i) in order.iter().enumerate() {
        rank[i as usize] = r as u32;
    }
    let o = cs[0];
    let kader = |i: usize| {
        let (a, b) = (cs[i], cs[i + 1]);
        Kader::from_f64(a.x.min(b.x) - o.x, a.y.min(b.y) - o.y, a.x.max(b.x) - o.x, a.y.max(b.y) - o.y)
    };
    let kaders: Vec<Kader> = (0..n).map(kader).collect();
    let tree = PackedTree::build(kaders.clone());
    let mut eerder: Vec<u32> = Vec::new();
    for (r, &i) in order.iter().enumerate() {
        let k = &kaders[i as usize];
        eerder.clear();
        tree.search(
            |b| b.meets(k),
            |j| {
                if (rank[j as usize] as usize) < r {
                    eerder.push(rank[j as usize]);
                }
            },
        );
        eerder.sort_unstable();
        for &rj in &eerder {
            if let Some(p) = segments_meet(cs, i as usize, order[rj as usize] as usize) {
                return Some(p);
            }
        }
    }
    None
}

/// The segments of a closed ring in order of their smallest x.
pub(crate) fn x_order(cs: &[Coord<f64>]) -> Vec<u32> {
    let minx = |i: usize| cs[i].x.min(cs[i + 1].x);
    let mut order: Vec<u32> = (0..cs.len().saturating_sub(1) as u32).collect();
    order.sort_unstable_by(|&a, &b| minx(a as usize).total_cmp(&minx(b as usize)));
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every pair, the later segment in x order against each earlier one: the specification of the fast check.
    fn every_pair(cs: &[Coord<f64>]) -> Option<Coord<f64>> {
        if cs.len() < 4 {
            return None;
        }
        let order = x_order(cs);
        for b in 1..order.len() {
            for &j in &order[..b] {
                if let Some(p) = segments_meet(cs, order[b] as usize, j as usize) {
                    return Some(p);
                }
            }
        }
        None
    }

    fn closed(pts: Vec<(f64, f64)>) -> Vec<Coord<f64>> {
        let mut cs: Vec<Coord<f64>> = pts.into_iter().map(|(x, y)| Coord { x, y }).collect();
        cs.dedup();
        if let Some(&first) = cs.first() {
            cs.push(first);
        }
        cs.dedup();
        cs
    }

    /// A star of `n` vertices around an RD point, every vertex at its own radius: simple when the radii are
    /// positive.
    fn star(radii: &[f64]) -> Vec<Coord<f64>> {
        let n = radii.len();
        closed(
            radii
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let t = std::f64::consts::TAU * i as f64 / n as f64;
                    (155_000.0 + r * t.cos(), 463_000.0 + r * t.sin())
                })
                .collect(),
        )
    }

    #[test]
    fn a_jagged_star_of_a_thousand_vertices_is_simple() {
        let radii: Vec<f64> = (0..1000).map(|i| 12.0 + 8.0 * ((i * 7919) % 101) as f64 / 101.0).collect();
        assert_eq!(self_intersection(&star(&radii)), None);
    }

    #[test]
    fn a_star_with_one_vertex_pulled_through_the_centre_crosses_itself() {
        let mut radii: Vec<f64> = (0..200).map(|i| 12.0 + 8.0 * ((i * 7919) % 101) as f64 / 101.0).collect();
        radii[50] = -25.0; // out beyond the far side
        let cs = star(&radii);
        assert!(self_intersection(&cs).is_some());
        assert_eq!(self_intersection(&cs), every_pair(&cs));
    }

    proptest! {
        /// Small rings on a coarse grid: many vertices touch, segments overlap collinearly, spikes fold back.
        #[test]
        fn the_fast_check_finds_the_same_point_as_every_pair_on_grid_rings(
            pts in prop::collection::vec((0i32..6, 0i32..6), 3..14)
        ) {
            let cs = closed(pts.into_iter().map(|(x, y)| (155_000.0 + f64::from(x), 463_000.0 + f64::from(y))).collect());
            prop_assert_eq!(self_intersection(&cs), every_pair(&cs));
        }

        /// Random rings of free coordinates: mostly crossing, at arbitrary points.
        #[test]
        fn the_fast_check_finds_the_same_point_as_every_pair_on_random_rings(
            pts in prop::collection::vec((0.0f64..20.0, 0.0f64..20.0), 3..60)
        ) {
            let cs = closed(pts.into_iter().map(|(x, y)| (155_000.0 + x, 463_000.0 + y)).collect());
            prop_assert_eq!(self_intersection(&cs), every_pair(&cs));
        }

        /// A ring the sweep calls simple has no pair of segments that meet.
        #[test]
        fn a_ring_the_sweep_calls_simple_is_simple(pts in prop::collection::vec((0i32..5, 0i32..5), 3..12)) {
            let cs = closed(pts.into_iter().map(|(x, y)| (f64::from(x), f64::from(y))).collect());
            if simple_ring(&cs) == Eenvoud::Eenvoudig {
                prop_assert_eq!(every_pair(&cs), None);
            }
        }

        /// Simple jagged stars are proven simple by the sweep (the fast path), without the search.
        #[test]
        fn the_sweep_proves_a_jagged_star_simple(radii in prop::collection::vec(5.0f64..20.0, 3..300)) {
            prop_assert_eq!(simple_ring(&star(&radii)), Eenvoud::Eenvoudig);
        }

        /// Jagged stars, simple or with some vertices pulled through the centre.
        #[test]
        fn the_fast_check_agrees_with_every_pair_on_jagged_stars(
            radii in prop::collection::vec(prop_oneof![9 => 5.0f64..20.0, 1 => -20.0f64..-5.0], 3..300)
        ) {
            let cs = star(&radii);
            prop_assert_eq!(self_intersection(&cs), every_pair(&cs));
        }
    }
}
