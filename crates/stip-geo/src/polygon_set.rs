//! Many small polygons (building footprints, parcels) in a few flat arrays: every coordinate in one buffer, ring
//! and polygon ends as offsets, and a packed R-tree ([`BoxIndex`]) over their boxes. Per polygon that is its
//! coordinates plus a few bytes, instead of a `Vec` per ring and a [`crate::PreparedPolygon`] each; the arrays can
//! be written out and read back as they are ([`PolygonSet::from_parts`]), without rebuilding the tree.
//!
//! Coordinates that are whole millimetres (as BAG and BRK deliver them) are kept as millimetres when every
//! coordinate of the set is one: per polygon its lower-left corner as `i32` and per coordinate the offset from it as
//! two `u16` (a quarter of the bytes of `f64`); a polygon wider or higher than 65.535 m keeps its coordinates as
//! `i32` apart. They come back as the very same `f64` values.
//!
//! Point tests are exact and boundary inclusive, with the rule of [`crate::point_in_polygon`]. Polygon `i` is the
//! `i`-th input; an empty polygon is kept (it has no box and is never found).

use geo::{BoundingRect, Intersects};
use geo_types::{Coord, LineString, Polygon, Rect};

use crate::box_index::BoxIndex;
use crate::point_in_polygon::{Location, locate_in_rings};
use crate::rd::{RdBbox, naar_mm, uit_mm};

/// The corner of a polygon whose coordinates are in `breed`: never a coordinate in RD (-2,147 km).
const BREED: i32 = i32::MIN;

/// Polygons in flat arrays with an R-tree over them. Immutable after building, `Send + Sync`.
#[derive(Debug, Default)]
pub struct PolygonSet {
    /// Every ring, closed, one after the other (empty when the set is in millimetres).
    coords: Vec<Coord<f64>>,
    /// In millimetres: per polygon its lower-left corner (mm); for a polygon too big for `u16` offsets
    /// `[BREED, start of its coordinates in breed]`. Empty when the set is not in millimetres.
    oorsprong: Vec<[i32; 2]>,
    /// In millimetres: every coordinate as its offset from its polygon's corner (a big polygon's are zero).
    mm: Vec<[u16; 2]>,
    /// In millimetres: the coordinates of the big polygons, one after the other.
    breed: Vec<[i32; 2]>,
    /// Exclusive end in `coords` of each ring.
    ring_ends: Vec<u32>,
    /// Exclusive end in `ring_ends` of each polygon (its first ring is the exterior).
    polygon_ends: Vec<u32>,
    index: BoxIndex,
}

/// The arrays of a [`PolygonSet`], to write out and read back.
#[derive(Debug, Default)]
pub struct PolygonSetParts {
    pub coords: Vec<[f64; 2]>,
    pub oorsprong: Vec<[i32; 2]>,
    pub coords_mm: Vec<[u16; 2]>,
    pub breed: Vec<[i32; 2]>,
    pub ring_ends: Vec<u32>,
    pub polygon_ends: Vec<u32>,
    pub boxes: Vec<[f32; 4]>,
    pub levels: Vec<u64>,
    pub ids: Vec<u32>,
}

impl PolygonSet {
    /// Copies the polygons into flat arrays (rings closed) and builds the tree. Panics beyond `u32::MAX` rings or
    /// coordinates (some 70 GB of coordinates).
    pub fn new<'a>(polygons: impl IntoIterator<Item = &'a Polygon<f64>>) -> Self {
        let mut builder = PolygonSetBuilder::default();
        for p in polygons {
            builder.push(p);
        }
        builder.finish()
    }

    /// Number of polygons.
    pub fn len(&self) -> usize {
        self.polygon_ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.polygon_ends.is_empty()
    }

    /// Number of coordinates held.
    pub fn coord_count(&self) -> usize {
        self.coords.len().max(self.mm.len())
    }

    /// Whether the coordinates are kept as whole millimetres.
    pub fn in_millimetres(&self) -> bool {
        !self.oorsprong.is_empty()
    }

    /// The rings of polygon `i`, as a range of ring numbers.
    fn ring_range(&self, i: usize) -> (usize, usize) {
        let from = if i == 0 { 0 } else { self.polygon_ends[i - 1] as usize };
        (from, self.polygon_ends[i] as usize)
    }

    /// Where the coordinates of polygon `i` are (in `coords` or `mm`).
    fn coord_range(&self, i: usize) -> (usize, usize) {
        let (from, to) = self.ring_range(i);
        let ring_start = |r: usize| if r == 0 { 0 } else { self.ring_ends[r - 1] as usize };
        if from == to { (0, 0) } else { (ring_start(from), self.ring_ends[to - 1] as usize) }
    }

    /// The coordinates of polygon `i` (every ring, closed, one after the other) and the ranges of its rings in
    /// them (exterior first).
    fn vlak(&self, i: usize) -> (std::borrow::Cow<'_, [Coord<f64>]>, Vec<std::ops::Range<usize>>) {
        let (from, to) = self.ring_range(i);
        let (start, end) = self.coord_range(i);
        let ring_start = |r: usize| if r == 0 { 0 } else { self.ring_ends[r - 1] as usize };
        let ranges = (from..to).map(|r| ring_start(r) - start..self.ring_ends[r] as usize - start).collect();
        let coords = if self.oorsprong.is_empty() {
            std::borrow::Cow::Borrowed(&self.coords[start..end])
        } else {
            let [x0, y0] = self.oorsprong[i];
            std::borrow::Cow::Owned(if x0 == BREED {
                let b = y0 as usize;
                self.breed[b..b + (end - start)].iter().map(|&[x, y]| Coord { x: uit_mm(x), y: uit_mm(y) }).collect()
            } else {
                self.mm[start..end]
                    .iter()
                    .map(|&[x, y]| Coord { x: uit_mm(x0 + i32::from(x)), y: uit_mm(y0 + i32::from(y)) })
                    .collect()
            })
        };
        (coords, ranges)
    }

    /// Polygon `i` as geo-types.
    pub fn polygon(&self, i: usize) -> Polygon<f64> {
        let (coords, ranges) = self.vlak(i);
        let mut rings = ranges.into_iter().map(|r| LineString(coords[r].to_vec()));
        let ext = rings.next().unwrap_or_else(|| LineString(Vec::new()));
        Polygon::new(ext, rings.collect())
    }

    /// The exact box of polygon `i`; none when it is empty.
    pub fn bbox(&self, i: usize) -> Option<Rect<f64>> {
        let (coords, _) = self.vlak(i);
        let mut it = coords.iter();
        let first = *it.next()?;
        let (mut min, mut max) = (first, first);
        for c in it {
            min = Coord { x: min.x.min(c.x), y: min.y.min(c.y) };
            max = Coord { x: max.x.max(c.x), y: max.y.max(c.y) };
        }
        Some(Rect::new(min, max))
    }

    /// Whether polygon `i` covers `p` (boundary inclusive).
    pub fn covers(&self, i: usize, p: Coord<f64>) -> bool {
        let (coords, ranges) = self.vlak(i);
        locate_in_rings(ranges.into_iter().map(|r| &coords[r]), p) != Location::Outside
    }

    /// Calls `f` with every polygon covering `p`, in tree order.
    pub fn for_each_at_point(&self, p: Coord<f64>, mut f: impl FnMut(u32)) {
        self.index.for_each_meeting(Rect::new(p, p), |i| {
            if self.covers(i as usize, p) {
                f(i)
            }
        });
    }

    /// Calls `f` with every polygon whose exact box meets `r` (touching counts), in tree order.
    pub fn for_each_meeting(&self, r: Rect<f64>, mut f: impl FnMut(u32)) {
        self.index.for_each_meeting(r, |i| {
            if self.bbox(i as usize).is_some_and(|b| {
                b.min().x <= r.max().x && b.min().y <= r.max().y && r.min().x <= b.max().x && r.min().y <= b.max().y
            }) {
                f(i)
            }
        });
    }

    /// Sorted polygons whose exact box meets the box (for map layers).
    pub fn in_bbox(&self, bbox: RdBbox) -> Vec<u32> {
        let mut out = Vec::new();
        self.for_each_meeting(
            Rect::new(Coord { x: bbox.min_x, y: bbox.min_y }, Coord { x: bbox.max_x, y: bbox.max_y }),
            |i| out.push(i),
        );
        out.sort_unstable();
        out
    }

    /// Sorted polygons that intersect `area` (exact, boundary inclusive).
    pub fn intersecting(&self, area: &Polygon<f64>) -> Vec<u32> {
        let Some(r) = area.bounding_rect() else { return Vec::new() };
        let mut out = Vec::new();
        self.for_each_meeting(r, |i| {
            if self.polygon(i as usize).intersects(area) {
                out.push(i)
            }
        });
        out.sort_unstable();
        out
    }

    /// The arrays, copied out (to write them).
    pub fn to_parts(&self) -> PolygonSetParts {
        let (boxes, levels, ids) = self.index.to_parts();
        PolygonSetParts {
            coords: self.coords.iter().map(|c| [c.x, c.y]).collect(),
            oorsprong: self.oorsprong.clone(),
            coords_mm: self.mm.clone(),
            breed: self.breed.clone(),
            ring_ends: self.ring_ends.clone(),
            polygon_ends: self.polygon_ends.clone(),
            boxes,
            levels,
            ids,
        }
    }

    /// The set from arrays written by [`Self::to_parts`], without rebuilding the tree; an error when they do not
    /// fit together.
    pub fn from_parts(p: PolygonSetParts) -> Result<Self, String> {
        let rings_ok = p.ring_ends.windows(2).all(|w| w[0] <= w[1])
            && (p.coords.is_empty() || p.coords_mm.is_empty())
            && p.ring_ends.last().is_none_or(|&e| e as usize == p.coords.len().max(p.coords_mm.len()));
        let polygons_ok = p.polygon_ends.windows(2).all(|w| w[0] <= w[1])
            && p.polygon_ends.last().is_none_or(|&e| e as usize == p.ring_ends.len());
        if !rings_ok || !polygons_ok {
            return Err("polygon set: ring or polygon ends do not fit the coordinates".into());
        }
        let index = BoxIndex::from_parts(p.boxes, p.levels, p.ids)?;
        if index.len() != p.polygon_ends.len() {
            return Err("polygon set: the tree does not hold every polygon".into());
        }
        let me = PolygonSet {
            coords: p.coords.into_iter().map(|[x, y]| Coord { x, y }).collect(),
            oorsprong: p.oorsprong,
            mm: p.coords_mm,
            breed: p.breed,
            ring_ends: p.ring_ends,
            polygon_ends: p.polygon_ends,
            index,
        };
        let mm_ok = if me.oorsprong.is_empty() {
            me.mm.is_empty() && me.breed.is_empty()
        } else {
            me.oorsprong.len() == me.len()
                && (0..me.len()).all(|i| {
                    let (start, end) = me.coord_range(i);
                    let [x0, y0] = me.oorsprong[i];
                    x0 != BREED
                        || (y0 >= 0 && (y0 as usize).checked_add(end - start).is_some_and(|e| e <= me.breed.len()))
                })
        };
        if !mm_ok {
            return Err("polygon set: the millimetre corners do not fit the coordinates".into());
        }
        Ok(me)
    }
}

/// A [`PolygonSet`] built one polygon at a time, without holding the input: polygon `i` is the `i`-th pushed. The
/// coordinates are kept as millimetres while every one so far is a whole millimetre; the first that is not turns the
/// whole set to `f64` — the same arrays as [`PolygonSet::new`] makes of the same polygons.
#[derive(Debug)]
pub struct PolygonSetBuilder {
    /// Without its tree until [`Self::finish`].
    set: PolygonSet,
    in_mm: bool,
    /// The rings of the polygon being pushed, and in millimetres.
    vlak: Vec<Coord<f64>>,
    vlak_mm: Vec<[i32; 2]>,
}

impl Default for PolygonSetBuilder {
    fn default() -> Self {
        PolygonSetBuilder { set: PolygonSet::default(), in_mm: true, vlak: Vec::new(), vlak_mm: Vec::new() }
    }
}

impl PolygonSetBuilder {
    /// Adds a polygon (its rings closed). Panics beyond `u32::MAX` rings or coordinates.
    pub fn push(&mut self, p: &Polygon<f64>) {
        let me = &mut self.set;
        let base = me.coord_count();
        self.vlak.clear();
        if !p.exterior().0.is_empty() {
            for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
                self.vlak.extend_from_slice(&ring.0);
                if ring.0.first() != ring.0.last() {
                    self.vlak.push(ring.0[0]);
                }
                me.ring_ends.push(u32::try_from(base + self.vlak.len()).expect("at most u32::MAX coordinates"));
            }
        }
        me.polygon_ends.push(u32::try_from(me.ring_ends.len()).expect("at most u32::MAX rings"));
        let in_mm = |v: f64| naar_mm(v).filter(|&k| uit_mm(k) == v);
        if self.in_mm && !self.vlak.iter().all(|c| in_mm(c.x).is_some() && in_mm(c.y).is_some()) {
            // the first coordinate finer than a millimetre: every polygon so far back to f64
            let mut coords = Vec::with_capacity(base + self.vlak.len());
            for i in 0..me.len() - 1 {
                coords.extend_from_slice(&me.vlak(i).0);
            }
            me.coords = coords;
            (me.oorsprong, me.mm, me.breed) = (Vec::new(), Vec::new(), Vec::new());
            self.in_mm = false;
        }
        if !self.in_mm {
            me.coords.extend_from_slice(&self.vlak);
            return;
        }
        let mm = &mut self.vlak_mm;
        mm.clear();
        mm.extend(self.vlak.iter().map(|c| [in_mm(c.x).unwrap_or(0), in_mm(c.y).unwrap_or(0)]));
        let hoek = |k: usize| mm.iter().map(|c| c[k]).min().unwrap_or(0);
        let (x0, y0) = (hoek(0), hoek(1));
        let past = mm.iter().all(|c| i64::from(c[0]) - i64::from(x0) <= i64::from(u16::MAX))
            && mm.iter().all(|c| i64::from(c[1]) - i64::from(y0) <= i64::from(u16::MAX));
        if past {
            me.oorsprong.push([x0, y0]);
            me.mm.extend(mm.iter().map(|c| [(c[0] - x0) as u16, (c[1] - y0) as u16]));
        } else {
            me.oorsprong.push([BREED, u32::try_from(me.breed.len()).expect("at most u32::MAX") as i32]);
            me.mm.extend(mm.iter().map(|_| [0, 0]));
            me.breed.extend_from_slice(mm);
        }
    }

    /// Number of polygons pushed.
    pub fn len(&self) -> usize {
        self.set.len()
    }

    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }

    /// Polygon `i` as pushed (rings closed).
    pub fn polygon(&self, i: usize) -> Polygon<f64> {
        self.set.polygon(i)
    }

    /// The set, with its tree.
    pub fn finish(self) -> PolygonSet {
        let mut me = self.set;
        for v in [&mut me.oorsprong, &mut me.breed] {
            v.shrink_to_fit();
        }
        me.coords.shrink_to_fit();
        me.mm.shrink_to_fit();
        me.ring_ends.shrink_to_fit();
        me.polygon_ends.shrink_to_fit();
        let nan = Coord { x: f64::NAN, y: f64::NAN };
        me.index = BoxIndex::new((0..me.len()).map(|i| me.bbox(i).unwrap_or(Rect::new(nan, nan))));
        me
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PreparedPolygon;
    use geo_types::polygon;

    fn vierkant(x: f64, y: f64, w: f64) -> Polygon<f64> {
        polygon![(x: x, y: y), (x: x + w, y: y), (x: x + w, y: y + w), (x: x, y: y + w)]
    }

    #[test]
    fn a_set_built_one_polygon_at_a_time_turns_to_f64_at_the_first_finer_coordinate_and_loses_nothing() {
        let invoer = [vierkant(1000.0, 2000.0, 10.0), vierkant(0.0, 0.0, 70_000.0), vierkant(5.0, 5.0, 1.000_5)];
        let mut builder = PolygonSetBuilder::default();
        builder.push(&invoer[0]);
        builder.push(&Polygon::new(LineString(Vec::new()), Vec::new()));
        builder.push(&invoer[1]);
        assert_eq!(builder.polygon(1).exterior().0.len(), 0, "an empty polygon is kept");
        builder.push(&invoer[2]);
        let set = builder.finish();
        assert!(!set.in_millimetres());
        assert_eq!(set.len(), 4);
        for (i, p) in [0, 2, 3].into_iter().zip(&invoer) {
            let mut closed = p.clone();
            closed.exterior_mut(|r| r.close());
            assert_eq!(set.polygon(i), closed, "polygon {i} exactly as pushed");
        }
        let mut hits = Vec::new();
        set.for_each_at_point(Coord { x: 1005.0, y: 2005.0 }, |i| hits.push(i));
        assert_eq!(hits, [0, 2]);
    }

    #[test]
    fn a_polygon_set_answers_as_prepared_polygons_do_and_keeps_polygons_in_input_order() {
        let mut with_hole = vierkant(100.0, 100.0, 50.0);
        with_hole.interiors_push(vec![(110.0, 110.0), (120.0, 110.0), (120.0, 120.0), (110.0, 120.0), (110.0, 110.0)]);
        let mut mm = vierkant(300.0, 300.0, 1.0);
        mm.exterior_mut(|r| r.0[2] = Coord { x: 301.123, y: 301.007 });
        let polygons = vec![
            vierkant(0.0, 0.0, 10.0),
            Polygon::new(LineString(vec![]), vec![]),
            with_hole,
            mm,
            vierkant(1_000.0, 1_000.0, 70.123),
        ];
        let set = PolygonSet::new(&polygons);
        assert_eq!(set.len(), 5);
        assert!(set.in_millimetres(), "coordinates in whole millimetres are kept as such");
        for (i, p) in polygons.iter().enumerate() {
            if p.exterior().0.is_empty() {
                assert!(set.bbox(i).is_none(), "an empty polygon has no box");
                continue;
            }
            let prepared = PreparedPolygon::new(p);
            assert_eq!(set.polygon(i), prepared.to_polygon());
            assert_eq!(set.bbox(i), Some(prepared.bbox()));
        }
        let at = |x: f64, y: f64| {
            let mut v = Vec::new();
            set.for_each_at_point(Coord { x, y }, |i| v.push(i));
            v
        };
        assert_eq!(at(10.0, 5.0), vec![0], "on the edge counts");
        assert_eq!(at(115.0, 115.0), Vec::<u32>::new(), "inside the hole is outside");
        assert_eq!(at(110.0, 115.0), vec![2], "on the hole's edge counts");
        assert!(at(50.0, 50.0).is_empty());
        let r = RdBbox { min_x: -5.0, min_y: -5.0, max_x: 100.0, max_y: 100.0 };
        assert_eq!(set.in_bbox(r), vec![0, 2], "touching at a corner counts; the empty polygon never");
        assert_eq!(at(301.0, 300.5), vec![3]);
        assert_eq!(at(1_070.123, 1_035.0), vec![4], "a polygon wider than 65.535 m, on its edge");
        assert_eq!(set.intersecting(&vierkant(5.0, 5.0, 100.0)), vec![0, 2]);
    }

    #[test]
    fn a_polygon_set_read_back_from_its_parts_answers_the_same_and_bad_parts_are_refused() {
        let polygons: Vec<Polygon<f64>> =
            (0..500).map(|i| vierkant(f64::from(i % 25) * 20.0, f64::from(i / 25) * 20.0, 15.0)).collect();
        let set = PolygonSet::new(&polygons);
        let back = PolygonSet::from_parts(set.to_parts()).expect("parts fit");
        for i in 0..500 {
            assert_eq!(back.polygon(i), set.polygon(i));
        }
        let r = RdBbox { min_x: 30.0, min_y: 30.0, max_x: 90.0, max_y: 70.0 };
        assert_eq!(back.in_bbox(r), set.in_bbox(r));
        assert!(set.in_millimetres(), "whole metres are whole millimetres");
        let mut parts = set.to_parts();
        parts.coords_mm.pop();
        assert!(PolygonSet::from_parts(parts).is_err());
        let mut parts = set.to_parts();
        parts.oorsprong.pop();
        assert!(PolygonSet::from_parts(parts).is_err());
        // big polygons (more than 65.535 m across) among small ones come back whole, and their place is checked
        let mut groot = polygons.clone();
        groot[7] = vierkant(2_000.0, 2_000.0, 100.0);
        groot[9] = vierkant(3_000.0, 3_000.0, 65.535);
        let groot_set = PolygonSet::from_parts(PolygonSet::new(&groot).to_parts()).expect("parts fit");
        for (i, p) in groot.iter().enumerate() {
            assert_eq!(groot_set.polygon(i), PreparedPolygon::new(p).to_polygon());
        }
        let mut parts = PolygonSet::new(&groot).to_parts();
        assert_eq!(parts.breed.len(), 5, "one polygon too big for offsets (65.535 m still fits)");
        parts.breed.pop();
        assert!(PolygonSet::from_parts(parts).is_err());
        // one coordinate finer than a millimetre: the set keeps f64, with the same answers
        let mut fijn = polygons.clone();
        fijn[3].exterior_mut(|r| r.0[1].x += 1e-4);
        let fijn_set = PolygonSet::new(&fijn);
        assert!(!fijn_set.in_millimetres());
        for (i, p) in fijn.iter().enumerate() {
            assert_eq!(fijn_set.polygon(i), PreparedPolygon::new(p).to_polygon());
        }
        let mut parts = fijn_set.to_parts();
        parts.coords.pop();
        assert!(PolygonSet::from_parts(parts).is_err());
        let mut parts = set.to_parts();
        parts.ids.pop();
        assert!(PolygonSet::from_parts(parts).is_err());
    }
}
