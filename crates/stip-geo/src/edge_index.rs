//! Whether a polygon's boundary meets a shape's boundary: a packed R-tree over the shape's edges, built once, so a
//! shape checked against many polygons (a drawn plan against the areas around it) indexes its own edges once and
//! each polygon edge costs a tree descent and a few exact tests.
//!
//! Touching counts as meeting. Exact: boxes only select candidates, the robust segment test decides.

use geo_types::{Coord, MultiPolygon, Polygon};

use crate::spatial_index::{Kader, PackedTree};
use crate::validate::intersection;

/// The edges of a (multi)polygon, indexed.
#[derive(Debug)]
pub struct EdgeIndex {
    tree: PackedTree,
    edges: Vec<(Coord<f64>, Coord<f64>)>,
    /// Boxes are taken relative to this point (tight `f32` boxes far from the RD origin).
    origin: Coord<f64>,
}

impl EdgeIndex {
    /// Indexes every edge of every ring of `mp`.
    pub fn new(mp: &MultiPolygon<f64>) -> Self {
        let edges: Vec<(Coord<f64>, Coord<f64>)> =
            mp.0.iter()
                .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
                .flat_map(|ring| ring.0.windows(2).map(|w| (w[0], w[1])))
                .filter(|(a, b)| a != b)
                .collect();
        let origin = edges.first().map_or(Coord { x: 0.0, y: 0.0 }, |e| e.0);
        let tree = PackedTree::build(edges.iter().map(|&(a, b)| kader(a, b, origin)).collect());
        EdgeIndex { tree, edges, origin }
    }

    /// Whether segment ab touches or crosses an indexed edge.
    pub fn meets_segment(&self, a: Coord<f64>, b: Coord<f64>) -> bool {
        let k = kader(a, b, self.origin);
        let raak = std::cell::Cell::new(false);
        self.tree.search(
            |b| !raak.get() && b.meets(&k),
            |i| {
                let (c, d) = self.edges[i as usize];
                if !raak.get() && intersection(a, b, c, d).is_some() {
                    raak.set(true);
                }
            },
        );
        raak.get()
    }

    /// Whether an edge of any ring of `p` touches or crosses an indexed edge.
    pub fn meets_polygon(&self, p: &Polygon<f64>) -> bool {
        std::iter::once(p.exterior())
            .chain(p.interiors())
            .any(|ring| ring.0.windows(2).any(|w| self.meets_segment(w[0], w[1])))
    }
}

fn kader(a: Coord<f64>, b: Coord<f64>, o: Coord<f64>) -> Kader {
    Kader::from_f64(a.x.min(b.x) - o.x, a.y.min(b.y) - o.y, a.x.max(b.x) - o.x, a.y.max(b.y) - o.y)
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::polygon;
    use proptest::prelude::*;

    fn vierkant(x: f64, y: f64, w: f64) -> Polygon<f64> {
        polygon![(x: x, y: y), (x: x + w, y: y), (x: x + w, y: y + w), (x: x, y: y + w)]
    }

    #[test]
    fn a_square_inside_another_does_not_meet_its_boundary() {
        let idx = EdgeIndex::new(&MultiPolygon(vec![vierkant(155_000.0, 463_000.0, 10.0)]));
        assert!(!idx.meets_polygon(&vierkant(155_002.0, 463_002.0, 3.0)));
        assert!(!idx.meets_polygon(&vierkant(154_000.0, 462_000.0, 3_000.0)));
    }

    #[test]
    fn crossing_and_touching_squares_meet() {
        let idx = EdgeIndex::new(&MultiPolygon(vec![vierkant(155_000.0, 463_000.0, 10.0)]));
        assert!(idx.meets_polygon(&vierkant(155_005.0, 463_005.0, 10.0)));
        assert!(idx.meets_polygon(&vierkant(155_010.0, 463_002.0, 3.0)));
    }

    proptest! {
        /// The tree finds what testing every pair of edges finds.
        #[test]
        fn the_index_agrees_with_testing_every_pair(
            a in prop::collection::vec((0i32..8, 0i32..8), 3..10),
            b in prop::collection::vec((0i32..8, 0i32..8), 3..10),
        ) {
            let ring = |pts: &[(i32, i32)]| {
                Polygon::new(pts.iter().map(|&(x, y)| (155_000.0 + f64::from(x), 463_000.0 + f64::from(y))).collect(), vec![])
            };
            let (pa, pb) = (ring(&a), ring(&b));
            let edges = |p: &Polygon<f64>| p.exterior().0.windows(2).map(|w| (w[0], w[1])).collect::<Vec<_>>();
            let every_pair = edges(&pa).iter().any(|&(p, q)| edges(&pb).iter().any(|&(r, s)| intersection(p, q, r, s).is_some()));
            prop_assert_eq!(EdgeIndex::new(&MultiPolygon(vec![pa])).meets_polygon(&pb), every_pair);
        }
    }
}
