//! Plan check benchmark ("Binnen de lijntjes") at national scale: `plancheck::toets` on drawn plans of 4 to 1,000
//! vertices at random places in the synthetic national index, plus plans drawn across the boundary of the heavy
//! (5,000–20,000 vertex) locaties, the worst case for clipping. The random plans are jagged stars (the worst case for
//! validation and overlay); smooth outlines of 500 and 1,000 vertices are timed apart. Prints p50/p99/max; does not
//! assert.
//!
//! `STIP_BENCH_SCALE` (default 0.01): 1 = 1,000,000 locaties (20 heavy) and 10,000,000 panden, as in the point
//! query benchmark. `STIP_BENCH_PLANS` (default 5,000) random plans; `STIP_BENCH_PANDEN=0` leaves the panden out
//! (the plan check reads them only for a bebouwingspercentage, which the synthetic plan has none of).

use std::time::{Duration, Instant};

use geo_types::{Coord, MultiPolygon};
use stip_regels::RegelIndex;
use stip_regels::plancheck::{Bouwplan, Oordeel, toets};
use stip_regels::synth::{self, Rng, SynthConfig};

mod support;
use support::{env, vm_hwm_mb};

fn pct(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// Vertex counts of the drawn plans: most are simple, some are traced outlines.
const HOEKPUNTEN: &[usize] = &[4, 8, 20, 50, 100, 250, 500, 1000];

/// A plan of `n` vertices around `c`: `ruw` draws a jagged star (every vertex at a random radius between 60 % and
/// 100 %: the worst case for validation and overlay), otherwise a smooth outline (97–100 %, like a traced curved
/// building).
fn bouwplan(rng: &mut Rng, c: Coord<f64>, n: usize, ruw: bool) -> Bouwplan {
    let r = rng.range(5.0, 20.0);
    let binnen = if ruw { 0.6 } else { 0.97 };
    Bouwplan {
        geometrie: MultiPolygon(vec![synth::star(rng, c, n, r * binnen, r)]),
        bouwhoogte: Some(rng.range(3.0, 25.0)),
        goothoogte: Some(3.0),
        bouwlagen: Some(3),
        wooneenheden: Some(1),
        functie: Some("wonen".into()),
        uitbreiding_van: None,
    }
}

fn report(label: &str, times: &mut [Duration]) {
    if times.is_empty() {
        return;
    }
    times.sort_unstable();
    println!(
        "  {label:<34} n={:<6} p50 {:>9.2?}  p99 {:>9.2?}  max {:>9.2?}",
        times.len(),
        pct(times, 0.5),
        pct(times, 0.99),
        times[times.len() - 1]
    );
}

fn main() {
    let scale: f64 = env("STIP_BENCH_SCALE", 0.01);
    let n_plans: usize = env("STIP_BENCH_PLANS", 5_000);
    let cfg = SynthConfig::national(scale);
    let panden = if env("STIP_BENCH_PANDEN", 1) == 1 { cfg.panden } else { 0 };
    println!(
        "== stip plan check benchmark: scale {scale} ({} locaties, {} heavy, {panden} panden), {n_plans} plans",
        cfg.locaties, cfg.heavy
    );
    let t = Instant::now();
    let plan = synth::plan(&cfg);
    // a point on the boundary of each heavy locatie, for the worst-case plans
    let randen: Vec<Coord<f64>> = plan.locaties[..cfg.heavy]
        .iter()
        .filter_map(|l| match l.geometrie.as_ref()? {
            geo_types::Geometry::Polygon(p) => Some(p.exterior().0.clone()),
            _ => None,
        })
        .flat_map(|ring| ring.into_iter().step_by(97))
        .collect();
    let panden = if panden > 0 { synth::panden(&cfg) } else { Vec::new() };
    println!("generate: {:.1?}", t.elapsed());
    let t = Instant::now();
    let index = RegelIndex::build(vec![plan], panden, vec![]);
    println!("build index: {:.1?}; VmHWM {:.0} MB", t.elapsed(), vm_hwm_mb());

    let mut rng = Rng::new(7);
    let plannen: Vec<(usize, Bouwplan)> = (0..n_plans)
        .map(|i| {
            let n = HOEKPUNTEN[i % HOEKPUNTEN.len()];
            let c = synth::random_point(&mut rng);
            (n, bouwplan(&mut rng, c, n, true))
        })
        .collect();
    let rand_plannen: Vec<(usize, Bouwplan)> = randen
        .iter()
        .take(n_plans / 10)
        .enumerate()
        .map(|(i, c)| {
            let n = HOEKPUNTEN[i % HOEKPUNTEN.len()];
            (n, bouwplan(&mut rng, *c, n, true))
        })
        .collect();
    for (_, p) in plannen.iter().take(200) {
        std::hint::black_box(toets(&index, p).unwrap());
    }

    let mut alle = Vec::with_capacity(plannen.len());
    let mut per_n: Vec<Vec<Duration>> = vec![Vec::new(); HOEKPUNTEN.len()];
    let (mut met_norm, mut past_niet) = (0usize, 0usize);
    for (n, p) in &plannen {
        let t = Instant::now();
        let uitkomst = toets(&index, p).unwrap();
        let d = t.elapsed();
        alle.push(d);
        per_n[HOEKPUNTEN.iter().position(|h| h == n).unwrap()].push(d);
        met_norm += usize::from(uitkomst.toetsingen.iter().any(|t| t.norm.is_some()));
        past_niet += usize::from(uitkomst.oordeel == Oordeel::PastNiet);
        std::hint::black_box(uitkomst);
    }
    let gladde: Vec<Bouwplan> = (0..n_plans / 5)
        .map(|i| {
            let c = synth::random_point(&mut rng);
            bouwplan(&mut rng, c, HOEKPUNTEN[HOEKPUNTEN.len() - 1 - i % 2], false)
        })
        .collect();
    let mut glad: Vec<Duration> = gladde
        .iter()
        .map(|p| {
            let t = Instant::now();
            std::hint::black_box(toets(&index, p).unwrap());
            t.elapsed()
        })
        .collect();
    let mut rand = Vec::with_capacity(rand_plannen.len());
    for (_, p) in &rand_plannen {
        let t = Instant::now();
        std::hint::black_box(toets(&index, p).unwrap());
        rand.push(t.elapsed());
    }
    let mut valideren: Vec<Duration> = plannen
        .iter()
        .filter(|(n, _)| *n == 1000)
        .map(|(_, p)| {
            let t = Instant::now();
            std::hint::black_box(p.valideer());
            t.elapsed()
        })
        .collect();
    let mut delen: Vec<Duration> = plannen
        .iter()
        .filter(|(n, _)| *n == 1000)
        .map(|(_, p)| {
            let t = Instant::now();
            std::hint::black_box(index.gebiedsdelen(&p.geometrie));
            t.elapsed()
        })
        .collect();
    println!("plancheck::toets ({met_norm} of {} random plans meet a norm, {past_niet} do not fit):", plannen.len());
    report("all random plans", &mut alle);
    for (n, times) in HOEKPUNTEN.iter().zip(per_n.iter_mut()) {
        report(&format!("{n} vertices"), times);
    }
    report("across a heavy locatie's boundary", &mut rand);
    report("smooth outlines, 500 and 1000 vertices", &mut glad);
    report("of which validation, 1000 vertices", &mut valideren);
    report("of which finding and clipping areas", &mut delen);
    let mut samen: Vec<Duration> = alle.iter().chain(rand.iter()).copied().collect();
    samen.sort_unstable();
    println!("overall p99 {:.2?} (target ≤ 5 ms); VmHWM {:.0} MB", pct(&samen, 0.99), vm_hwm_mb());
}
