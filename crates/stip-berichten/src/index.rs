//! Which subscriptions a happening reaches: an in-memory spatial index over the areas of all active subscriptions.
//!
//! Built LSM style from two parts:
//! - a **static part**, bulk built with the project's packed Hilbert R-tree ([`stip_geo::BoxIndex`]): one tree over
//!   the circles' boxes, one over the polygon parts' boxes. Its data lives in flat arrays without a heap allocation
//!   per item: circles as `(x, y, r)` stored in tree order (a search reads them nearly sequentially, not at random
//!   over a gigabyte), polygons in one coordinate arena with ring and part offsets. Ids are found by binary search
//!   (polygons sorted by id, circles through a sorted permutation), not through a hash map of ten million entries;
//! - a small **delta**: subscriptions added since the build (a plain list, scanned by envelope) and the ids of
//!   static subscriptions that were cancelled or replaced (a set, filtered out of static hits).
//!
//! When the delta grows past [`AbonnementIndex::drempel`] (at least [`DELTA_MIN`], else one per [`DELTA_DEEL`] of
//! the static part) it is merged into a rebuilt static part, so a query scans at most a few thousand delta items
//! and rebuilds are amortised over many changes. [`AbonnementIndex::samenvoegen`] merges on demand.
//!
//! Semantics, boundary inclusive: a circle matches when the Euclidean distance from its centre to the geometry is
//! at most the radius (as geo's `Euclidean` distance computes it); a polygon matches when it intersects the
//! geometry (as geo's `Intersects`). Fast paths before the exact tests: envelope rejects (tree, then the exact
//! nearest-point distance to the geometry's box), a circle that holds the geometry's whole box is a hit, a polygon
//! that covers one vertex of the geometry is a hit.

use std::cell::OnceCell;
use std::collections::HashSet;

use geo_types::{Coord, Geometry, Polygon, Rect};
use stip_geo::point_in_polygon::{Location, locate_in_rings};
use stip_geo::validate::intersection;
use stip_geo::{BoxIndex, PreparedPolygon};
use uuid::Uuid;

use crate::gebied::Gebied;

/// The delta is merged into the static part when it holds more than this many changes, or more than one per
/// [`DELTA_DEEL`] static subscriptions, whichever is larger.
pub const DELTA_MIN: usize = 1_024;
/// See [`DELTA_MIN`].
pub const DELTA_DEEL: usize = 1_000;

/// A geometry with more segments than this gets a box tree over its segments (built on first use in a query).
const SEGMENTEN_ZONDER_BOOM: usize = 32;

/// Relative slack on the envelope shortcuts of circles, so they never decide a case that the exact distance
/// (computed with other rounding) would decide otherwise: such near-ties fall through to the exact test.
const MARGE: f64 = 1e-9;

/// The areas of all active subscriptions, to find which ones a happening's geometry reaches.
#[derive(Debug, Default)]
pub struct AbonnementIndex {
    vast: Vast,
    /// Added or replaced since the static part was built, with their envelopes.
    erbij: Vec<(Uuid, Gebied, Rect<f64>)>,
    /// Ids in the static part that no longer count (cancelled, or replaced by an entry in `erbij`).
    weg: HashSet<Uuid>,
}

impl AbonnementIndex {
    /// Bulk build at start-up. When an id comes more than once, the last one counts.
    pub fn bouw(items: impl IntoIterator<Item = (Uuid, Gebied)>) -> AbonnementIndex {
        let mut b = Bouwer::default();
        for (id, g) in items {
            b.gebied(id, &g);
        }
        AbonnementIndex { vast: b.klaar(), erbij: Vec::new(), weg: HashSet::new() }
    }

    /// A new subscription (replaces one with the same id).
    pub fn voeg_toe(&mut self, id: Uuid, gebied: Gebied) {
        self.haal_weg(id);
        let kader = kader_van(&gebied);
        self.erbij.push((id, gebied, kader));
        self.misschien_samenvoegen();
    }

    /// A cancelled subscription; an unknown id is ignored.
    pub fn verwijder(&mut self, id: Uuid) {
        self.haal_weg(id);
        self.misschien_samenvoegen();
    }

    fn haal_weg(&mut self, id: Uuid) {
        if self.vast.bevat(id) {
            self.weg.insert(id);
        }
        if let Some(i) = self.erbij.iter().position(|(e, _, _)| *e == id) {
            self.erbij.swap_remove(i);
        }
    }

    /// Number of active subscriptions.
    pub fn len(&self) -> usize {
        self.vast.len() - self.weg.len() + self.erbij.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The delta size at which it is merged into the static part.
    pub fn drempel(&self) -> usize {
        (self.vast.len() / DELTA_DEEL).max(DELTA_MIN)
    }

    /// Changes held in the delta (added items plus removed static ids).
    pub fn delta_len(&self) -> usize {
        self.erbij.len() + self.weg.len()
    }

    fn misschien_samenvoegen(&mut self) {
        if self.delta_len() > self.drempel() {
            self.samenvoegen();
        }
    }

    /// Merges the delta into a rebuilt static part (also done automatically past [`Self::drempel`]).
    pub fn samenvoegen(&mut self) {
        let mut b = Bouwer::default();
        let vast = std::mem::take(&mut self.vast);
        for (id, c) in vast.cirkel_ids.iter().zip(&vast.cirkels) {
            if !self.weg.contains(id) {
                b.cirkel(*id, *c);
            }
        }
        let mut deel = 0usize;
        for (item, id) in vast.vlak_ids.iter().enumerate() {
            let begin = deel;
            while deel < vast.deel_item.len() && vast.deel_item[deel] as usize == item {
                deel += 1;
            }
            if !self.weg.contains(id) {
                b.vlak(*id, (begin..deel).map(|p| vast.ringen_van(p)));
            }
        }
        drop(vast);
        for (id, g, _) in self.erbij.drain(..) {
            b.gebied(id, &g);
        }
        self.weg.clear();
        self.vast = b.klaar();
    }

    /// Every subscription whose area intersects `g` (point, polygon, multipolygon, line), boundary inclusive, each
    /// once, sorted.
    pub fn treffers(&self, g: &Geometry<f64>) -> Vec<Uuid> {
        let Some(doel) = Doel::new(g) else { return Vec::new() };
        let mut uit = Vec::new();
        let vast = &self.vast;
        let telt = |id: &Uuid| self.weg.is_empty() || !self.weg.contains(id);
        vast.cirkel_boom.for_each_meeting(doel.kader, |k| {
            let c = &vast.cirkels[k as usize];
            if cirkel_raakt(c.midden(), c.r, &doel) {
                let id = vast.cirkel_ids[k as usize];
                if telt(&id) {
                    uit.push(id);
                }
            }
        });
        vast.deel_boom.for_each_meeting(doel.kader, |p| {
            if deel_raakt(vast.ringen_van(p as usize), &doel) {
                let id = vast.vlak_ids[vast.deel_item[p as usize] as usize];
                if telt(&id) {
                    uit.push(id);
                }
            }
        });
        for (id, g, k) in &self.erbij {
            if raakt(k, &doel.kader) && gebied_raakt(g, &doel) {
                uit.push(*id);
            }
        }
        uit.sort_unstable();
        uit.dedup();
        uit
    }
}

/// A circle in the static part.
#[derive(Debug, Clone, Copy)]
struct Cirkel {
    x: f64,
    y: f64,
    r: f64,
}

impl Cirkel {
    fn midden(&self) -> Coord<f64> {
        Coord { x: self.x, y: self.y }
    }
}

/// The static part: circles and polygon parts, each behind a box tree.
#[derive(Debug, Default)]
struct Vast {
    /// Circle `k` is at tree position `k`: `cirkels[k]` belongs to `cirkel_ids[k]`.
    cirkel_boom: BoxIndex,
    cirkel_ids: Vec<Uuid>,
    cirkels: Vec<Cirkel>,
    /// Circle positions sorted by id.
    cirkel_op_id: Vec<u32>,
    /// Part `p` is leaf `p`.
    deel_boom: BoxIndex,
    /// Sorted, unique; the parts of item `i` are the consecutive parts with `deel_item == i`.
    vlak_ids: Vec<Uuid>,
    deel_item: Vec<u32>,
    /// Part `p` has rings `deel_ringen[p]..deel_ringen[p + 1]`; ring `k` is `coords[ringen[k]..ringen[k + 1]]`.
    deel_ringen: Vec<u32>,
    ringen: Vec<u32>,
    coords: Vec<Coord<f64>>,
}

impl Vast {
    fn len(&self) -> usize {
        self.cirkel_ids.len() + self.vlak_ids.len()
    }

    fn bevat(&self, id: Uuid) -> bool {
        self.cirkel_op_id.binary_search_by_key(&id, |&k| self.cirkel_ids[k as usize]).is_ok()
            || self.vlak_ids.binary_search(&id).is_ok()
    }

    /// The rings of part `p`, exterior first, each closed.
    fn ringen_van(&self, p: usize) -> impl Iterator<Item = &[Coord<f64>]> + Clone {
        (self.deel_ringen[p] as usize..self.deel_ringen[p + 1] as usize)
            .map(move |k| &self.coords[self.ringen[k] as usize..self.ringen[k + 1] as usize])
    }
}

/// Flat polygon storage while building.
#[derive(Debug)]
struct Arena {
    deel_ringen: Vec<u32>,
    ringen: Vec<u32>,
    coords: Vec<Coord<f64>>,
}

impl Default for Arena {
    fn default() -> Self {
        Arena { deel_ringen: vec![0], ringen: vec![0], coords: Vec::new() }
    }
}

impl Arena {
    fn delen(&self) -> usize {
        self.deel_ringen.len() - 1
    }

    /// Appends a part (rings closed on the way); a part without an exterior is skipped.
    fn deel<'a>(&mut self, rings: impl Iterator<Item = &'a [Coord<f64>]>) {
        let voor = self.ringen.len();
        for (k, ring) in rings.enumerate() {
            if ring.is_empty() {
                if k == 0 {
                    break;
                }
                continue;
            }
            self.coords.extend_from_slice(ring);
            if ring.first() != ring.last() {
                self.coords.push(ring[0]);
            }
            self.ringen.push(u32::try_from(self.coords.len()).expect("fewer than 2^32 coordinates"));
        }
        if self.ringen.len() > voor {
            self.deel_ringen.push((self.ringen.len() - 1) as u32);
        }
    }

    fn ringen_van(&self, p: usize) -> impl Iterator<Item = &[Coord<f64>]> + Clone {
        (self.deel_ringen[p] as usize..self.deel_ringen[p + 1] as usize)
            .map(move |k| &self.coords[self.ringen[k] as usize..self.ringen[k + 1] as usize])
    }
}

/// Collects subscriptions and builds a static part; the last entry of an id counts.
#[derive(Debug, Default)]
struct Bouwer {
    volgnr: u32,
    cirkels: Vec<(Uuid, u32, Cirkel)>,
    /// Id, sequence number, parts `begin..eind` in the arena.
    vlakken: Vec<(Uuid, u32, u32, u32)>,
    arena: Arena,
}

impl Bouwer {
    fn volgende(&mut self) -> u32 {
        self.volgnr += 1;
        self.volgnr
    }

    fn cirkel(&mut self, id: Uuid, c: Cirkel) {
        let n = self.volgende();
        self.cirkels.push((id, n, c));
    }

    fn vlak<'a, R: Iterator<Item = &'a [Coord<f64>]>>(&mut self, id: Uuid, delen: impl Iterator<Item = R>) {
        let n = self.volgende();
        let begin = self.arena.delen() as u32;
        for rings in delen {
            self.arena.deel(rings);
        }
        self.vlakken.push((id, n, begin, self.arena.delen() as u32));
    }

    fn gebied(&mut self, id: Uuid, g: &Gebied) {
        match g {
            Gebied::Straal { midden, meter } => self.cirkel(id, Cirkel { x: midden.x, y: midden.y, r: *meter }),
            Gebied::Vlak(mp) => self.vlak(id, mp.0.iter().map(ringen_van_polygon)),
        }
    }

    fn klaar(mut self) -> Vast {
        // the last entry of an id wins: highest sequence number first, then keep the first of each id
        self.cirkels.sort_unstable_by_key(|(id, n, _)| (*id, std::cmp::Reverse(*n)));
        self.cirkels.dedup_by_key(|(id, _, _)| *id);
        self.vlakken.sort_unstable_by_key(|(id, n, _, _)| (*id, std::cmp::Reverse(*n)));
        self.vlakken.dedup_by_key(|(id, _, _, _)| *id);
        // an id both as circle and as polygon: the later one wins
        let (mut i, mut j) = (0, 0);
        while i < self.cirkels.len() && j < self.vlakken.len() {
            let (c, v) = (&mut self.cirkels[i], &mut self.vlakken[j]);
            match c.0.cmp(&v.0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    if c.1 > v.1 {
                        v.1 = 0
                    } else {
                        c.1 = 0
                    }
                    i += 1;
                    j += 1;
                }
            }
        }
        self.cirkels.retain(|c| c.1 != 0);
        self.vlakken.retain(|v| v.1 != 0);

        // circles in tree order; they are sorted by id now, so the tree order's inverse is the by-id permutation
        let (cirkel_boom, volgorde) = BoxIndex::new_in_tree_order(self.cirkels.iter().map(|(_, _, c)| {
            let r = if c.r >= 0.0 { c.r } else { 0.0 };
            Rect::new(Coord { x: c.x - r, y: c.y - r }, Coord { x: c.x + r, y: c.y + r })
        }));
        let cirkel_ids: Vec<Uuid> = volgorde.iter().map(|&i| self.cirkels[i as usize].0).collect();
        let cirkels: Vec<Cirkel> = volgorde.iter().map(|&i| self.cirkels[i as usize].2).collect();
        drop(self.cirkels);
        let mut cirkel_op_id = vec![0u32; volgorde.len()];
        for (k, &i) in volgorde.iter().enumerate() {
            cirkel_op_id[i as usize] = k as u32;
        }
        drop(volgorde);
        // copy the polygons into a compact arena in id order
        let mut arena = Arena::default();
        let mut vlak_ids = Vec::with_capacity(self.vlakken.len());
        let mut deel_item = Vec::new();
        for (item, &(id, _, begin, eind)) in self.vlakken.iter().enumerate() {
            vlak_ids.push(id);
            for p in begin..eind {
                arena.deel(self.arena.ringen_van(p as usize));
                deel_item.push(item as u32);
            }
        }
        drop(self.arena);
        drop(self.vlakken);
        let deel_kaders = (0..arena.delen()).map(|p| {
            let ext = arena.ringen_van(p).next().expect("a part has an exterior");
            kader_van_coords(ext).expect("a non-empty exterior")
        });
        let deel_boom = BoxIndex::new(deel_kaders);
        Vast {
            cirkel_boom,
            cirkel_ids,
            cirkels,
            cirkel_op_id,
            deel_boom,
            vlak_ids,
            deel_item,
            deel_ringen: arena.deel_ringen,
            ringen: arena.ringen,
            coords: arena.coords,
        }
    }
}

fn ringen_van_polygon(p: &Polygon<f64>) -> impl Iterator<Item = &[Coord<f64>]> + Clone {
    std::iter::once(p.exterior()).chain(p.interiors()).map(|r| r.0.as_slice())
}

fn kader_van_coords(cs: &[Coord<f64>]) -> Option<Rect<f64>> {
    let first = *cs.first()?;
    let (mut min, mut max) = (first, first);
    for c in cs {
        min.x = min.x.min(c.x);
        min.y = min.y.min(c.y);
        max.x = max.x.max(c.x);
        max.y = max.y.max(c.y);
    }
    Some(Rect::new(min, max))
}

fn samen(a: Option<Rect<f64>>, b: Option<Rect<f64>>) -> Option<Rect<f64>> {
    match (a, b) {
        (Some(a), Some(b)) => Some(Rect::new(
            Coord { x: a.min().x.min(b.min().x), y: a.min().y.min(b.min().y) },
            Coord { x: a.max().x.max(b.max().x), y: a.max().y.max(b.max().y) },
        )),
        (a, None) => a,
        (None, b) => b,
    }
}

/// The envelope of an area (an empty one far away, so that it meets nothing).
fn kader_van(g: &Gebied) -> Rect<f64> {
    match g {
        Gebied::Straal { midden, meter } => {
            let r = meter.max(0.0);
            Rect::new(Coord { x: midden.x - r, y: midden.y - r }, Coord { x: midden.x + r, y: midden.y + r })
        }
        Gebied::Vlak(mp) => mp.0.iter().map(|p| kader_van_coords(&p.exterior().0)).fold(None, samen).unwrap_or(
            Rect::new(Coord { x: f64::INFINITY, y: f64::INFINITY }, Coord { x: f64::INFINITY, y: f64::INFINITY }),
        ),
    }
}

fn raakt(a: &Rect<f64>, b: &Rect<f64>) -> bool {
    a.min().x <= b.max().x && a.min().y <= b.max().y && b.min().x <= a.max().x && b.min().y <= a.max().y
}

/// The query geometry, taken apart once per query: isolated points, the first vertex of every line and polygon,
/// every segment (lines and all rings), and the polygons prepared for point location.
struct Doel {
    kader: Rect<f64>,
    punten: Vec<Coord<f64>>,
    eerste: Vec<Coord<f64>>,
    segmenten: Vec<(Coord<f64>, Coord<f64>)>,
    vlakken: Vec<PreparedPolygon>,
    segment_boom: OnceCell<BoxIndex>,
}

impl Doel {
    fn new(g: &Geometry<f64>) -> Option<Doel> {
        let mut d = Doel {
            kader: Rect::new(Coord { x: 0.0, y: 0.0 }, Coord { x: 0.0, y: 0.0 }),
            punten: Vec::new(),
            eerste: Vec::new(),
            segmenten: Vec::new(),
            vlakken: Vec::new(),
            segment_boom: OnceCell::new(),
        };
        d.voeg(g);
        let k = samen(
            kader_van_coords(&d.punten),
            d.segmenten.iter().map(|&(a, b)| kader_van_coords(&[a, b])).fold(None, samen),
        )?;
        d.kader = k;
        Some(d)
    }

    fn voeg(&mut self, g: &Geometry<f64>) {
        match g {
            Geometry::Point(p) => self.punten.push(p.0),
            Geometry::MultiPoint(mp) => self.punten.extend(mp.0.iter().map(|p| p.0)),
            Geometry::Line(l) => self.lijn(&[l.start, l.end]),
            Geometry::LineString(ls) => self.lijn(&ls.0),
            Geometry::MultiLineString(ml) => ml.0.iter().for_each(|l| self.lijn(&l.0)),
            Geometry::Polygon(p) => self.vlak(p),
            Geometry::MultiPolygon(mp) => mp.0.iter().for_each(|p| self.vlak(p)),
            Geometry::Rect(r) => self.vlak(&r.to_polygon()),
            Geometry::Triangle(t) => self.vlak(&t.to_polygon()),
            Geometry::GeometryCollection(gc) => gc.0.iter().for_each(|g| self.voeg(g)),
        }
    }

    fn lijn(&mut self, cs: &[Coord<f64>]) {
        match cs {
            [] => {}
            [p] => self.punten.push(*p),
            _ => {
                self.eerste.push(cs[0]);
                self.segmenten.extend(cs.windows(2).map(|w| (w[0], w[1])));
            }
        }
    }

    fn vlak(&mut self, p: &Polygon<f64>) {
        let Some(&eerste) = p.exterior().0.first() else { return };
        self.eerste.push(eerste);
        for ring in ringen_van_polygon(p) {
            self.segmenten.extend(ring.windows(2).map(|w| (w[0], w[1])));
        }
        self.vlakken.push(PreparedPolygon::new(p));
    }

    /// Whether segment ab touches or crosses a segment of the geometry.
    fn segment_raakt(&self, a: Coord<f64>, b: Coord<f64>) -> bool {
        let exact = |&(c, d): &(Coord<f64>, Coord<f64>)| intersection(a, b, c, d).is_some();
        let r = Rect::new(a, b);
        if self.segmenten.len() <= SEGMENTEN_ZONDER_BOOM {
            return self.segmenten.iter().any(|s| raakt(&r, &Rect::new(s.0, s.1)) && exact(s));
        }
        self.segment_boom().any_meeting(r, |i| exact(&self.segmenten[i as usize]))
    }

    /// The box tree over the segments, built on first use.
    fn segment_boom(&self) -> &BoxIndex {
        self.segment_boom.get_or_init(|| BoxIndex::new(self.segmenten.iter().map(|&(c, d)| Rect::new(c, d))))
    }
}

/// Distance from `p` to segment ab, computed as geo computes it (`line_segment_distance`), so ties are decided
/// the same way.
fn segment_afstand(p: Coord<f64>, a: Coord<f64>, b: Coord<f64>) -> f64 {
    let punt = |q: Coord<f64>| (p.x - q.x).hypot(p.y - q.y);
    if a == b {
        return punt(a);
    }
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let d2 = dx * dx + dy * dy;
    let t = ((p.x - a.x) * dx + (p.y - a.y) * dy) / d2;
    if t <= 0.0 {
        return punt(a);
    }
    if t >= 1.0 {
        return punt(b);
    }
    let s = ((a.y - p.y) * dx - (a.x - p.x) * dy) / d2;
    s.abs() * dx.hypot(dy)
}

/// Whether the circle (m, r) reaches the geometry: distance at most r.
fn cirkel_raakt(m: Coord<f64>, r: f64, d: &Doel) -> bool {
    if r.is_nan() || r < 0.0 {
        return false;
    }
    let (min, max) = (d.kader.min(), d.kader.max());
    // nearest point of the box farther than r: no point of the geometry is nearer
    let (nx, ny) = ((min.x - m.x).max(m.x - max.x).max(0.0), (min.y - m.y).max(m.y - max.y).max(0.0));
    let r2 = r * r;
    if nx > r || ny > r || nx * nx + ny * ny > r2 * (1.0 + MARGE) {
        return false;
    }
    // the farthest corner of the box within r: the whole geometry is
    let (fx, fy) = ((m.x - min.x).abs().max((max.x - m.x).abs()), (m.y - min.y).abs().max((max.y - m.y).abs()));
    if fx * fx + fy * fy <= r2 * (1.0 - MARGE) {
        return true;
    }
    if d.vlakken.iter().any(|v| v.covers(m)) {
        return true;
    }
    if d.punten.iter().any(|p| (p.x - m.x).hypot(p.y - m.y) <= r) {
        return true;
    }
    let dichtbij = |&(a, b): &(Coord<f64>, Coord<f64>)| segment_afstand(m, a, b) <= r;
    if d.segmenten.len() <= SEGMENTEN_ZONDER_BOOM {
        return d.segmenten.iter().any(|s| binnen_bereik(&Rect::new(s.0, s.1), m, r) && dichtbij(s));
    }
    // through the segment tree, descending only into boxes within reach: a circle that misses the geometry
    // stops near the top, one that reaches it finds a segment within reach early
    d.segment_boom().any_where(|k| binnen_bereik(k, m, r), |i| dichtbij(&d.segmenten[i as usize]))
}

/// Whether a box may hold a point within `r` of `m` (conservative: near-ties count as within).
fn binnen_bereik(k: &Rect<f64>, m: Coord<f64>, r: f64) -> bool {
    let (min, max) = (k.min(), k.max());
    let (nx, ny) = ((min.x - m.x).max(m.x - max.x).max(0.0), (min.y - m.y).max(m.y - max.y).max(0.0));
    nx <= r && ny <= r && nx * nx + ny * ny <= r * r * (1.0 + MARGE)
}

/// Whether a polygon part (rings, exterior first, each closed) intersects the geometry.
fn deel_raakt<'a>(rings: impl Iterator<Item = &'a [Coord<f64>]> + Clone, d: &Doel) -> bool {
    let Some(ext) = rings.clone().next() else { return false };
    let Some(k) = kader_van_coords(ext) else { return false };
    if !raakt(&k, &d.kader) {
        return false;
    }
    // a vertex of the geometry (an isolated point, the first vertex of a line or polygon) in the part
    let binnen = |p: &Coord<f64>| {
        p.x >= k.min().x
            && p.x <= k.max().x
            && p.y >= k.min().y
            && p.y <= k.max().y
            && locate_in_rings(rings.clone(), *p) != Location::Outside
    };
    if d.punten.iter().chain(&d.eerste).any(binnen) {
        return true;
    }
    // the part's first vertex in a polygon of the geometry
    if d.vlakken.iter().any(|v| v.covers(ext[0])) {
        return true;
    }
    // otherwise they meet only where their boundaries do
    if d.segmenten.is_empty() {
        return false;
    }
    rings.flat_map(|ring| ring.windows(2)).any(|w| {
        let r = Rect::new(w[0], w[1]);
        raakt(&r, &d.kader) && d.segment_raakt(w[0], w[1])
    })
}

fn gebied_raakt(g: &Gebied, d: &Doel) -> bool {
    match g {
        Gebied::Straal { midden, meter } => cirkel_raakt(*midden, *meter, d),
        Gebied::Vlak(mp) => mp.0.iter().any(|p| deel_raakt(ringen_van_polygon(p), d)),
    }
}

#[cfg(test)]
mod tests;
