//! A packed R-tree over plain boxes, for callers that keep their own items and exact tests: the same static
//! Hilbert-packed tree as [`crate::spatial_index`], handing back item numbers whose box meets a query box.
//!
//! Boxes are stored as `f32` rounded outwards, so a search returns a superset of the items whose `f64` box meets
//! the query box: the caller's exact test decides. Immutable after building, `Send + Sync`.

use geo_types::Rect;

use crate::spatial_index::{Kader, PackedTree};

/// Item numbers (positions in the input) indexed by their boxes.
#[derive(Debug, Default)]
pub struct BoxIndex {
    tree: PackedTree,
    len: usize,
}

fn kader(r: Rect<f64>) -> Kader {
    Kader::from_f64(r.min().x, r.min().y, r.max().x, r.max().y)
}

impl BoxIndex {
    /// Builds the tree (bulk load); item `i` is the `i`-th box. At most `u32::MAX` boxes.
    pub fn new(boxes: impl IntoIterator<Item = Rect<f64>>) -> Self {
        let kaders: Vec<Kader> = boxes.into_iter().map(kader).collect();
        assert!(u32::try_from(kaders.len()).is_ok(), "at most u32::MAX boxes");
        let len = kaders.len();
        Self { tree: PackedTree::build(kaders), len }
    }

    /// Builds the tree and numbers the items in tree order (along the Hilbert curve of their box centres): searches
    /// report positions in that order, and `order[k]` is the input position of the item at position `k`. Callers
    /// that store their items in this order read them nearly sequentially along a search instead of at random.
    pub fn new_in_tree_order(boxes: impl IntoIterator<Item = Rect<f64>>) -> (Self, Vec<u32>) {
        let mut me = Self::new(boxes);
        let order = me.tree.renumber_in_tree_order();
        (me, order)
    }

    /// The tree's arrays (boxes, level starts, leaf item numbers), copied out to be written.
    pub fn to_parts(&self) -> (Vec<[f32; 4]>, Vec<u64>, Vec<u32>) {
        self.tree.to_parts()
    }

    /// The index from arrays of [`Self::to_parts`], without rebuilding; an error when they do not fit together.
    pub fn from_parts(boxes: Vec<[f32; 4]>, levels: Vec<u64>, ids: Vec<u32>) -> Result<Self, String> {
        let tree = PackedTree::from_parts(boxes, levels, ids)?;
        Ok(Self { len: tree.leaf_count(), tree })
    }

    /// Number of boxes.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Calls `f` with every item whose box may meet `r` (touching counts), in tree order, each once.
    #[inline]
    pub fn for_each_meeting(&self, r: Rect<f64>, f: impl FnMut(u32)) {
        let env = kader(r);
        self.tree.search(|k| k.meets(&env), f);
    }

    /// Whether `test` holds for an item reached through boxes (as `f64`, rounded outwards) for which `box_test`
    /// holds; stops at the first that does. For searches by other shapes than a box (within a distance of a point).
    pub fn any_where(&self, box_test: impl Fn(&Rect<f64>) -> bool, mut test: impl FnMut(u32) -> bool) -> bool {
        let found = std::cell::Cell::new(false);
        self.tree.search(
            |k| {
                let b = k.0;
                !found.get()
                    && box_test(&Rect::new(
                        geo_types::Coord { x: f64::from(b[0]), y: f64::from(b[1]) },
                        geo_types::Coord { x: f64::from(b[2]), y: f64::from(b[3]) },
                    ))
            },
            |i| {
                if !found.get() && test(i) {
                    found.set(true);
                }
            },
        );
        found.get()
    }

    /// Whether `test` holds for an item whose box may meet `r`; stops at the first that does.
    pub fn any_meeting(&self, r: Rect<f64>, mut test: impl FnMut(u32) -> bool) -> bool {
        let env = kader(r);
        let found = std::cell::Cell::new(false);
        self.tree.search(
            |k| !found.get() && k.meets(&env),
            |i| {
                if !found.get() && test(i) {
                    found.set(true);
                }
            },
        );
        found.get()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::Coord;

    fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> Rect<f64> {
        Rect::new(Coord { x: x0, y: y0 }, Coord { x: x1, y: y1 })
    }

    #[test]
    fn the_box_index_returns_every_box_a_brute_force_scan_finds_and_each_once() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut rnd = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let boxes: Vec<Rect<f64>> = (0..3_000)
            .map(|_| {
                let (x, y, w) = (150_000.0 + 5_000.0 * rnd(), 450_000.0 + 5_000.0 * rnd(), 300.0 * rnd() * rnd());
                rect(x, y, x + w, y + w * rnd())
            })
            .collect();
        let idx = BoxIndex::new(boxes.iter().copied());
        assert_eq!(idx.len(), boxes.len());
        for _ in 0..500 {
            let (x, y) = (150_000.0 + 5_000.0 * rnd(), 450_000.0 + 5_000.0 * rnd());
            let q = rect(x, y, x + 100.0 * rnd(), y + 100.0 * rnd());
            let mut got = Vec::new();
            idx.for_each_meeting(q, |i| got.push(i));
            let n = got.len();
            got.sort_unstable();
            got.dedup();
            assert_eq!(got.len(), n, "each item once");
            let meets = |b: &Rect<f64>| {
                b.min().x <= q.max().x && b.min().y <= q.max().y && q.min().x <= b.max().x && q.min().y <= b.max().y
            };
            for (i, b) in boxes.iter().enumerate() {
                if meets(b) {
                    assert!(got.binary_search(&(i as u32)).is_ok(), "box {i} is missing");
                }
            }
            let want_any = boxes.iter().enumerate().any(|(i, b)| meets(b) && i % 7 == 0);
            assert_eq!(idx.any_meeting(q, |i| i % 7 == 0 && meets(&boxes[i as usize])), want_any);
        }
    }

    #[test]
    fn in_tree_order_the_positions_map_back_to_the_input_and_a_distance_search_finds_the_near_boxes() {
        let boxes: Vec<Rect<f64>> = (0..500)
            .map(|i| {
                let (x, y) = (f64::from(i % 25) * 10.0, f64::from(i / 25) * 10.0);
                rect(x, y, x + 2.0, y + 2.0)
            })
            .collect();
        let (idx, order) = BoxIndex::new_in_tree_order(boxes.iter().copied());
        let mut seen = order.clone();
        seen.sort_unstable();
        assert_eq!(seen, (0..500).collect::<Vec<u32>>(), "a permutation");
        let q = rect(51.0, 51.0, 61.0, 61.0);
        let mut got: Vec<u32> = Vec::new();
        idx.for_each_meeting(q, |k| got.push(order[k as usize]));
        got.sort_unstable();
        assert_eq!(got, vec![5 * 25 + 5, 5 * 25 + 6, 6 * 25 + 5, 6 * 25 + 6]);
        // within √33 m of (26, 26): the four boxes around it (√32 away), found through the boxes' distance
        let m = Coord { x: 26.0, y: 26.0 };
        let near = |b: &Rect<f64>| {
            let dx = (b.min().x - m.x).max(m.x - b.max().x).max(0.0);
            let dy = (b.min().y - m.y).max(m.y - b.max().y).max(0.0);
            dx * dx + dy * dy <= 33.0
        };
        let mut hits = 0;
        assert!(!idx.any_where(near, |k| {
            hits += 1;
            !near(&boxes[order[k as usize] as usize])
        }));
        assert_eq!(hits, 4);
    }

    #[test]
    fn an_empty_box_index_finds_nothing() {
        let idx = BoxIndex::new(std::iter::empty());
        assert!(idx.is_empty());
        idx.for_each_meeting(rect(0.0, 0.0, 1.0, 1.0), |_| panic!("no items"));
        assert!(!idx.any_meeting(rect(0.0, 0.0, 1.0, 1.0), |_| true));
    }
}
