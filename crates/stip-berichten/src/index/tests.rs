//! Tests of the subscription index against a brute-force oracle (geo's `Euclidean` distance and `Intersects`).

use std::collections::BTreeMap;

use geo::{Distance, Euclidean, Intersects};
use geo_types::{Coord, Geometry, LineString, MultiPolygon, Point, Polygon, polygon};
use proptest::prelude::*;
use uuid::Uuid;

use super::*;

/// A tiny xorshift for reproducible random cases.
struct Rnd(u64);

impl Rnd {
    fn f(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.f()
    }
    fn below(&mut self, n: usize) -> usize {
        (self.f() * n as f64) as usize
    }
    fn id(&mut self) -> Uuid {
        Uuid::from_u64_pair(self.0.wrapping_mul(0x9e37_79b9_7f4a_7c15), {
            self.f();
            self.0
        })
    }
}

const X0: f64 = 155_000.0;
const Y0: f64 = 463_000.0;

fn c(x: f64, y: f64) -> Coord<f64> {
    Coord { x, y }
}

/// A star-shaped (so simple) ring around (x, y), radii between `lo` and `hi`; on whole metres when `grid`.
fn ster(r: &mut Rnd, x: f64, y: f64, n: usize, lo: f64, hi: f64, grid: bool) -> LineString<f64> {
    let pts: Vec<Coord<f64>> = (0..n)
        .map(|i| {
            let t = std::f64::consts::TAU * (i as f64 + 0.5 * r.f()) / n as f64;
            let s = r.range(lo, hi);
            let p = c(x + s * t.cos(), y + s * t.sin());
            if grid { c(p.x.round(), p.y.round()) } else { p }
        })
        .collect();
    let mut ls = LineString(pts);
    ls.close();
    ls
}

fn veelhoek(r: &mut Rnd, x: f64, y: f64, n: usize, size: f64, grid: bool) -> Polygon<f64> {
    let buiten = ster(r, x, y, n, 0.6 * size, size, grid);
    let gaten = if r.f() < 0.25 && !grid { vec![ster(r, x, y, 5, 0.1 * size, 0.4 * size, false)] } else { vec![] };
    Polygon::new(buiten, gaten)
}

fn willekeurig_gebied(r: &mut Rnd) -> Gebied {
    let grid = r.f() < 0.5;
    let (mut x, mut y) = (X0 + r.range(0.0, 1_000.0), Y0 + r.range(0.0, 1_000.0));
    if grid {
        (x, y) = (x.round(), y.round());
    }
    if r.f() < 0.7 {
        let m = if grid { r.range(1.0, 150.0).round() } else { r.range(0.5, 150.0) };
        Gebied::Straal { midden: c(x, y), meter: m }
    } else {
        let (n, s) = (3 + r.below(12), r.range(3.0, 120.0));
        let mut delen = vec![veelhoek(r, x, y, n, s, grid)];
        if r.f() < 0.2 {
            let (n, s) = (3 + r.below(8), r.range(3.0, 50.0));
            delen.push(veelhoek(r, x + 300.0, y, n, s, grid));
        }
        Gebied::Vlak(MultiPolygon(delen))
    }
}

fn willekeurige_vraag(r: &mut Rnd) -> Geometry<f64> {
    let grid = r.f() < 0.4;
    let (mut x, mut y) = (X0 + r.range(-50.0, 1_050.0), Y0 + r.range(-50.0, 1_050.0));
    if grid {
        (x, y) = (x.round(), y.round());
    }
    let (n1, s1) = (4 + r.below(30), r.range(1.0, 60.0));
    let (n2, s2) = (260 + r.below(100), r.range(5.0, 40.0));
    let (s3, s4) = (r.range(1.0, 30.0), r.range(1.0, 30.0));
    match r.below(6) {
        0 | 1 => Geometry::Point(Point::new(x, y)),
        2 => Geometry::Polygon(veelhoek(r, x, y, n1, s1, grid)),
        3 => Geometry::Polygon(veelhoek(r, x, y, n2, s2, false)),
        4 => {
            let n = 2 + r.below(5);
            let mut pts = Vec::new();
            for _ in 0..n {
                pts.push(c(x + r.range(-80.0, 80.0), y + r.range(-80.0, 80.0)));
            }
            Geometry::LineString(LineString(pts))
        }
        _ => Geometry::MultiPolygon(MultiPolygon(vec![
            veelhoek(r, x, y, 6, s3, grid),
            veelhoek(r, x + 100.0, y + 40.0, 50, s4, false),
        ])),
    }
}

fn orakel_raakt(a: &Gebied, g: &Geometry<f64>) -> bool {
    match a {
        Gebied::Straal { midden, meter } => Euclidean.distance(&Point(*midden), g) <= *meter,
        Gebied::Vlak(mp) => mp.intersects(g),
    }
}

fn orakel(items: &BTreeMap<Uuid, Gebied>, g: &Geometry<f64>) -> Vec<Uuid> {
    items.iter().filter(|(_, a)| orakel_raakt(a, g)).map(|(id, _)| *id).collect()
}

/// Compares `n` random queries with the oracle; returns the number of hits (so a test can see it tested some).
fn vergelijk(idx: &AbonnementIndex, items: &BTreeMap<Uuid, Gebied>, r: &mut Rnd, n: usize) -> usize {
    assert_eq!(idx.len(), items.len());
    let mut treffers = 0;
    for _ in 0..n {
        let g = willekeurige_vraag(r);
        let want = orakel(items, &g);
        assert_eq!(idx.treffers(&g), want, "query {g:?}");
        treffers += want.len();
    }
    treffers
}

fn straal(x: f64, y: f64, m: f64) -> Gebied {
    Gebied::Straal { midden: c(x, y), meter: m }
}

fn id(n: u64) -> Uuid {
    Uuid::from_u64_pair(0, n)
}

#[test]
fn the_index_is_send_and_sync() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<AbonnementIndex>();
}

#[test]
fn a_circle_that_touches_the_plan_boundary_is_a_hit() {
    let plan = Geometry::Polygon(polygon![(x: 10., y: 0.), (x: 20., y: 0.), (x: 20., y: 20.), (x: 10., y: 20.)]);
    let idx = AbonnementIndex::bouw([(id(1), straal(0.0, 5.0, 10.0)), (id(2), straal(23.0, 24.0, 5.0))]);
    assert_eq!(idx.treffers(&plan), vec![id(1), id(2)], "touching an edge and touching a corner (3-4-5)");
}

#[test]
fn a_circle_just_short_of_the_plan_is_not_a_hit() {
    let plan = Geometry::Polygon(polygon![(x: 10., y: 0.), (x: 20., y: 0.), (x: 20., y: 20.), (x: 10., y: 20.)]);
    let idx = AbonnementIndex::bouw([(id(1), straal(0.0, 5.0, 9.999_999)), (id(2), straal(23.0, 24.0, 4.999_999))]);
    assert!(idx.treffers(&plan).is_empty());
}

#[test]
fn a_circle_that_holds_the_whole_plan_or_lies_inside_it_is_a_hit() {
    let plan = Geometry::Polygon(polygon![(x: 0., y: 0.), (x: 100., y: 0.), (x: 100., y: 100.), (x: 0., y: 100.)]);
    let idx = AbonnementIndex::bouw([(id(1), straal(50.0, 50.0, 1_000.0)), (id(2), straal(50.0, 50.0, 1.0))]);
    assert_eq!(idx.treffers(&plan), vec![id(1), id(2)]);
}

#[test]
fn a_polygon_that_shares_only_a_corner_with_the_plan_is_a_hit() {
    let plan = Geometry::Polygon(polygon![(x: 0., y: 0.), (x: 10., y: 0.), (x: 10., y: 10.), (x: 0., y: 10.)]);
    let hoek = polygon![(x: 10., y: 10.), (x: 20., y: 10.), (x: 20., y: 20.), (x: 10., y: 20.)];
    let los = polygon![(x: 10.5, y: 10.5), (x: 20., y: 10.5), (x: 20., y: 20.), (x: 10.5, y: 20.)];
    let idx = AbonnementIndex::bouw([
        (id(1), Gebied::Vlak(MultiPolygon(vec![hoek]))),
        (id(2), Gebied::Vlak(MultiPolygon(vec![los]))),
    ]);
    assert_eq!(idx.treffers(&plan), vec![id(1)]);
}

#[test]
fn a_plan_inside_a_hole_of_a_subscription_polygon_is_not_a_hit_but_one_across_its_edge_is() {
    let ring = polygon!(
        exterior: [(x: 0., y: 0.), (x: 100., y: 0.), (x: 100., y: 100.), (x: 0., y: 100.)],
        interiors: [[(x: 20., y: 20.), (x: 80., y: 20.), (x: 80., y: 80.), (x: 20., y: 80.)]],
    );
    let idx = AbonnementIndex::bouw([(id(1), Gebied::Vlak(MultiPolygon(vec![ring])))]);
    let in_gat = polygon![(x: 30., y: 30.), (x: 40., y: 30.), (x: 40., y: 40.), (x: 30., y: 40.)];
    assert!(idx.treffers(&Geometry::Polygon(in_gat)).is_empty());
    let over_rand = polygon![(x: 10., y: 30.), (x: 40., y: 30.), (x: 40., y: 40.), (x: 10., y: 40.)];
    assert_eq!(idx.treffers(&Geometry::Polygon(over_rand)), vec![id(1)]);
    assert!(idx.treffers(&Geometry::Point(Point::new(50.0, 50.0))).is_empty());
    assert_eq!(idx.treffers(&Geometry::Point(Point::new(20.0, 50.0))), vec![id(1)], "on the hole's edge");
}

#[test]
fn a_line_crossing_a_polygon_without_a_vertex_inside_it_is_a_hit() {
    let vak = polygon![(x: 0., y: 0.), (x: 10., y: 0.), (x: 10., y: 10.), (x: 0., y: 10.)];
    let idx = AbonnementIndex::bouw([(id(1), Gebied::Vlak(MultiPolygon(vec![vak])))]);
    let lijn = Geometry::LineString(LineString::from(vec![(-5.0, 5.0), (15.0, 5.0)]));
    assert_eq!(idx.treffers(&lijn), vec![id(1)]);
    let ernaast = Geometry::LineString(LineString::from(vec![(-5.0, 11.0), (15.0, 11.0)]));
    assert!(idx.treffers(&ernaast).is_empty());
}

#[test]
fn a_subscription_with_the_same_id_replaces_the_earlier_one_in_the_build_and_after_it() {
    let vak = Gebied::Vlak(MultiPolygon(vec![polygon![(x: 0., y: 0.), (x: 1., y: 0.), (x: 1., y: 1.)]]));
    let mut idx = AbonnementIndex::bouw([
        (id(1), straal(0.0, 0.0, 10.0)),
        (id(1), straal(500.0, 500.0, 10.0)),
        (id(2), vak.clone()),
        (id(2), straal(900.0, 900.0, 1.0)),
        (id(3), straal(900.0, 900.0, 1.0)),
        (id(3), vak),
    ]);
    assert_eq!(idx.len(), 3);
    let hier = Geometry::Point(Point::new(0.5, 0.2));
    assert_eq!(idx.treffers(&hier), vec![id(3)]);
    idx.voeg_toe(id(3), straal(0.0, 0.0, 0.1));
    idx.voeg_toe(id(4), straal(0.0, 0.0, 1.0));
    idx.voeg_toe(id(4), straal(0.5, 0.2, 0.0));
    assert_eq!(idx.len(), 4);
    assert_eq!(idx.treffers(&hier), vec![id(4)]);
    idx.verwijder(id(4));
    idx.verwijder(id(99));
    assert_eq!(idx.len(), 3);
    assert!(idx.treffers(&hier).is_empty());
    idx.samenvoegen();
    assert_eq!((idx.len(), idx.delta_len()), (3, 0));
    assert_eq!(idx.treffers(&Geometry::Point(Point::new(500.0, 505.0))), vec![id(1)]);
}

#[test]
fn the_index_agrees_with_brute_force_on_random_subscriptions_and_queries() {
    let mut r = Rnd(0x5eed_0001);
    let mut items = BTreeMap::new();
    for _ in 0..1_500 {
        items.insert(r.id(), willekeurig_gebied(&mut r));
    }
    let idx = AbonnementIndex::bouw(items.iter().map(|(k, v)| (*k, v.clone())));
    let treffers = vergelijk(&idx, &items, &mut r, 200);
    assert!(treffers > 1_000, "the random cases hit often enough to test something: {treffers}");
}

#[test]
fn after_additions_cancellations_and_delta_merges_the_index_still_agrees_with_brute_force() {
    let mut r = Rnd(0x5eed_0002);
    let mut items = BTreeMap::new();
    for _ in 0..600 {
        items.insert(r.id(), willekeurig_gebied(&mut r));
    }
    let mut idx = AbonnementIndex::bouw(items.iter().map(|(k, v)| (*k, v.clone())));
    let mut samengevoegd = 0;
    for stap in 0..1_800 {
        let voor = idx.delta_len();
        let bestaand = || items.keys().copied().collect::<Vec<_>>();
        match r.below(4) {
            0 | 1 => {
                let (k, g) = (r.id(), willekeurig_gebied(&mut r));
                idx.voeg_toe(k, g.clone());
                items.insert(k, g);
            }
            2 => {
                let ids = bestaand();
                let k = ids[r.below(ids.len())];
                let g = willekeurig_gebied(&mut r);
                idx.voeg_toe(k, g.clone());
                items.insert(k, g);
            }
            _ => {
                let ids = bestaand();
                let k = if r.f() < 0.1 { r.id() } else { ids[r.below(ids.len())] };
                idx.verwijder(k);
                items.remove(&k);
            }
        }
        if idx.delta_len() + 1 < voor {
            samengevoegd += 1;
            vergelijk(&idx, &items, &mut r, 20);
        }
        if stap % 300 == 0 {
            vergelijk(&idx, &items, &mut r, 20);
        }
    }
    assert!(samengevoegd >= 1, "the delta grew past its threshold and was merged");
    vergelijk(&idx, &items, &mut r, 50);
    idx.samenvoegen();
    assert_eq!(idx.delta_len(), 0);
    vergelijk(&idx, &items, &mut r, 50);
}

#[test]
fn an_empty_index_or_an_empty_geometry_has_no_hits() {
    let idx = AbonnementIndex::bouw([]);
    assert!(idx.is_empty());
    assert!(idx.treffers(&Geometry::Point(Point::new(1.0, 1.0))).is_empty());
    let idx = AbonnementIndex::bouw([(id(1), straal(0.0, 0.0, 10.0))]);
    assert!(idx.treffers(&Geometry::MultiPolygon(MultiPolygon(vec![]))).is_empty());
}

proptest! {
    #[test]
    fn a_circle_matches_exactly_when_geo_puts_the_geometry_within_its_radius(
        x in -30i32..30, y in -30i32..30, m in 0i32..40, n in 3usize..400, seed in 0u64..1_000,
    ) {
        let mut r = Rnd(seed * 7919 + 1);
        let plan = Geometry::Polygon(veelhoek(&mut r, 0.0, 0.0, n, 12.0, n < 20));
        let a = straal(f64::from(x), f64::from(y), f64::from(m) * 0.5);
        let idx = AbonnementIndex::bouw([(id(1), a.clone())]);
        prop_assert_eq!(!idx.treffers(&plan).is_empty(), orakel_raakt(&a, &plan));
    }
}
