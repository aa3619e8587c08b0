//! The national serving state: 10 M panden each with a BAG address, the 1 M-locatie plan and 7 M BRK percelen at
//! `STIP_BENCH_SCALE=1` (default 0.1), built as a running stip builds its [`Kennis`]. Prints the build time, the peak
//! resident memory while building (VmHWM, reset before each stage so the generator's own peak is not counted; the
//! stage's input is, as a delivery held while importing; the BAG and the BRK stream in deelbestanden of 10,000
//! objects, so a stage's peak holds one of them), the resident memory while serving (VmRSS after the build, with the generator's input
//! dropped and freed memory handed back to the system), point query and address lookup p50/p99, and restart-to-ready:
//! from "the process has the stored data" to "Kennis ready" — with a snapshot (read back and the plan's R-trees
//! rebuilt), and without (the build; reading the deliveries comes on top). Built stage by stage (BAG: addresses and
//! panden; percelen; plan + index), each stage's input dropped before the next, so the print shows what each part keeps
//! resident. Does not assert.

use std::time::{Duration, Instant};

use stip_app::kennis::{BagBouw, Kennis, snapshot};
use stip_regels::RegelIndex;
use stip_regels::import::bag::BagObject;
use stip_regels::model::Perceel;
use stip_regels::objecten::PercelenBuilder;
use stip_regels::synth::{self, Rng, SynthConfig};

#[path = "../../stip-regels/benches/support/geheugen.rs"]
mod geheugen;
use geheugen::{reset_peak, status_mb};

unsafe extern "C" {
    /// glibc: hands freed heap memory back to the system, so VmRSS shows what is still in use.
    fn malloc_trim(pad: usize) -> i32;
}

fn trim() {
    // SAFETY: malloc_trim only releases free memory of the allocator (glibc, the target of this benchmark).
    unsafe {
        malloc_trim(0);
    }
}

fn pct(v: &mut [Duration], p: f64) -> Duration {
    v.sort_unstable();
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let scale: f64 = std::env::var("STIP_BENCH_SCALE").ok().and_then(|v| v.parse().ok()).unwrap_or(0.1);
    let cfg = SynthConfig::national(scale);
    println!(
        "== stip national serving state: scale {scale} ({} panden with an address, {} locaties ({} heavy), {} percelen)",
        cfg.panden,
        cfg.locaties,
        cfg.heavy,
        cfg.panden * 7 / 10
    );
    let start_rss = status_mb("VmRSS:");
    let mut peak = 0f64;
    // Each stage: its input generated (not timed), the peak reset, the stage timed, its peak read (input included,
    // as a delivery held while importing), the input dropped and what the stage keeps measured.
    let mut stage = |naam: &str, t: Duration, rss_voor: f64, bij_start: f64| {
        let hwm = status_mb("VmHWM:");
        peak = peak.max(hwm);
        trim();
        let rss = status_mb("VmRSS:");
        println!("{naam}: {t:.2?}; peak {hwm:.0} MB ({bij_start:.0} MB at its start); keeps {:.0} MB", rss - rss_voor);
    };

    // Stage 1: the BAG (verblijfsobjecten, nummeraanduidingen, openbare ruimten, panden) streamed into the address
    // book and the compact panden (their footprints in one flat array with an R-tree), as a running stip reads an
    // extract: one deelbestand of 10,000 objects at a time, generated as it is asked.
    let rss = status_mb("VmRSS:");
    trim();
    let reset = reset_peak();
    let bij_start = status_mb("VmRSS:");
    let mut t_bag = Duration::ZERO;
    let mut bag = BagBouw::default();
    bag.volgend_extract();
    let mut stroom = synth::bag_stroom(&cfg);
    let mut vragen: Vec<String> = Vec::with_capacity(2_000);
    let elke = (cfg.panden / 2_000).max(1);
    let mut nummers = 0usize;
    loop {
        let deelbestand: Vec<BagObject> = stroom.by_ref().take(10_000).collect();
        if deelbestand.is_empty() {
            break;
        }
        for o in &deelbestand {
            if let BagObject::Nummeraanduiding(n) = o {
                if nummers.is_multiple_of(elke) && vragen.len() < 2_000 {
                    let letter = n.huisletter.as_deref().unwrap_or("");
                    vragen.push(format!(
                        "{} {}{letter}",
                        n.postcode.as_deref().unwrap_or(""),
                        n.huisnummer.unwrap_or(0)
                    ));
                }
                nummers += 1;
            }
        }
        let t = Instant::now();
        for o in &deelbestand {
            bag.push(o);
        }
        t_bag += t.elapsed();
    }
    drop(stroom);
    let t = Instant::now();
    let (adressen, panden) = bag.finish();
    t_bag += t.elapsed();
    stage(&format!("BAG streamed: address book ({} addresses) + panden", adressen.len()), t_bag, rss, bij_start);

    // Stage 3: the BRK streamed into the compact percelen, as a running stip reads an extract: 10,000 percelen at a
    // time, generated as they are asked.
    let rss = status_mb("VmRSS:");
    trim();
    reset_peak();
    let bij_start = status_mb("VmRSS:");
    let mut t_percelen = Duration::ZERO;
    let mut brk = PercelenBuilder::default();
    let mut stroom = synth::percelen_stroom(&cfg);
    loop {
        let deel: Vec<Perceel> = stroom.by_ref().take(10_000).collect();
        if deel.is_empty() {
            break;
        }
        let t = Instant::now();
        for p in &deel {
            brk.push(p);
        }
        t_percelen += t.elapsed();
    }
    let t = Instant::now();
    let percelen = brk.finish();
    t_percelen += t.elapsed();
    stage(&format!("BRK streamed: percelen ({})", percelen.len()), t_percelen, rss, bij_start);

    // Stage 4: the plan and the index over everything.
    let rss = status_mb("VmRSS:");
    let plan = synth::plan(&cfg);
    reset_peak();
    let bij_start = status_mb("VmRSS:");
    let t = Instant::now();
    let regels = RegelIndex::build_compact(vec![plan], panden, percelen, &[]);
    let t_regels = t.elapsed();
    stage("plan + rules index", t_regels, rss, bij_start);
    let build = t_bag + t_percelen + t_regels;
    trim();
    let serving = status_mb("VmRSS:");
    println!(
        "== build {build:.2?}; import peak {peak:.0} MB{}; resident while serving {serving:.0} MB (process at start {start_rss:.0} MB)",
        if reset { "" } else { " (peak could not be reset: includes the generator)" }
    );

    // The compact state still answers fast.
    let mut rng = Rng::new(7);
    let mut tijden: Vec<Duration> = Vec::with_capacity(10_000);
    let mut treffers = 0usize;
    for _ in 0..10_000 {
        let c = synth::random_point(&mut rng);
        let p = stip_regels::RdPoint::new(c.x, c.y).expect("in the RD box");
        let t = Instant::now();
        let a = regels.at_point(p);
        tijden.push(t.elapsed());
        treffers += a.panden.len() + a.percelen.len() + a.normen.len();
    }
    println!(
        "point query (at_point, random points): p50 {:.1?}, p99 {:.1?} ({treffers} hits in 10,000)",
        pct(&mut tijden, 0.5),
        pct(&mut tijden, 0.99)
    );
    let mut zoek: Vec<Duration> = Vec::with_capacity(2_000);
    let mut gevonden = 0usize;
    for v in &vragen {
        let t = Instant::now();
        gevonden += adressen.zoek(v, 5).len();
        zoek.push(t.elapsed());
    }
    let mut dichtbij: Vec<Duration> = Vec::with_capacity(2_000);
    for _ in 0..2_000 {
        let c = synth::random_point(&mut rng);
        let p = stip_regels::RdPoint::new(c.x, c.y).expect("in the RD box");
        let t = Instant::now();
        gevonden += usize::from(adressen.dichtstbij(p, 30.0).is_some());
        dichtbij.push(t.elapsed());
    }
    println!(
        "address lookup (postcode + number): p50 {:.1?}, p99 {:.1?}; nearest address: p50 {:.1?}, p99 {:.1?} ({gevonden} found)",
        pct(&mut zoek, 0.5),
        pct(&mut zoek, 0.99),
        pct(&mut dichtbij, 0.5),
        pct(&mut dichtbij, 0.99)
    );

    // Restart: the state written as a snapshot, dropped, and read back as a starting stip does.
    let map = std::env::temp_dir().join(format!("stip-bench-landelijk-{}", std::process::id()));
    let sleutel = "bench";
    let kennis = Kennis { regels, adressen, ..Kennis::leeg() };
    let t = Instant::now();
    snapshot::schrijf(&map, sleutel, &kennis).expect("the snapshot is written");
    let grootte = std::fs::metadata(snapshot::pad(&map)).map(|m| m.len()).unwrap_or(0);
    println!("snapshot written: {:.2?}, {:.0} MB", t.elapsed(), grootte as f64 / 1e6);
    drop(kennis);
    trim();
    // the file's bytes alone (from the page cache when it still holds them): what reading costs before decoding
    let t = Instant::now();
    let ruw = std::fs::read(snapshot::pad(&map)).map(|b| b.len()).unwrap_or(0);
    println!("the snapshot's {:.0} MB read as bytes: {:.2?}", ruw as f64 / 1e6, t.elapsed());
    trim();
    let t = Instant::now();
    let inhoud = snapshot::lees(&map, sleutel).expect("the snapshot reads back");
    let gelezen = t.elapsed();
    let regels = RegelIndex::build_compact(inhoud.plannen, inhoud.panden, inhoud.percelen, &[]);
    let klaar = t.elapsed();
    let kennis = Kennis { regels, adressen: inhoud.adressen, ..Kennis::leeg() };
    trim();
    println!(
        "== restart-to-ready with snapshot: {klaar:.2?} (read {:.0} MB in {gelezen:.2?}, then the plan's index built; resident {:.0} MB); without: the build above ({build:.2?}) plus reading every delivery (see the import bench)",
        grootte as f64 / 1e6,
        status_mb("VmRSS:")
    );
    assert_eq!(kennis.regels.pand_count(), cfg.panden);
    let _ = std::fs::remove_dir_all(&map);
}
