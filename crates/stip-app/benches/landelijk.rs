//! The national serving state: 10 M panden each with a BAG address, the 1 M-locatie plan and 7 M BRK percelen at
//! `STIP_BENCH_SCALE=1` (default 0.1), built as a running stip builds its [`Kennis`]. Prints the build time, the
//! peak resident memory while building (VmHWM, reset before each stage so the generator's own peak is not counted;
//! the stage's input is, as a delivery held while importing), the resident memory while serving (VmRSS after the
//! build, with the generator's input dropped and freed memory handed back to the system), point query and address
//! lookup p50/p99, and restart-to-ready: from "the process has the stored data" to "Kennis ready". Does not assert.

use std::time::{Duration, Instant};

use stip_app::kennis::Adresboek;
use stip_regels::RegelIndex;
use stip_regels::synth::{self, Rng, SynthConfig};

fn status_mb(key: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .map(|l| l.split_whitespace().nth(1).unwrap_or("0").parse::<f64>().unwrap_or(0.0))
        })
        .unwrap_or(0.0)
        / 1024.0
}

/// Resets VmHWM to the current RSS (Linux ≥ 4.0); false when not allowed.
fn reset_peak() -> bool {
    std::fs::OpenOptions::new()
        .write(true)
        .open("/proc/self/clear_refs")
        .and_then(|mut f| std::io::Write::write_all(&mut f, b"5"))
        .is_ok()
}

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

    // Stage 1: the address book (BAG verblijfsobjecten, nummeraanduidingen, openbare ruimten).
    let t = Instant::now();
    let panden = synth::panden(&cfg);
    let (vbos, nummers, straten) = synth::adressen(&cfg, &panden);
    println!("generate panden + addresses (not timed): {:.1?}", t.elapsed());
    let reset = reset_peak();
    let t = Instant::now();
    let adressen = Adresboek::bouw(&vbos, &nummers, &straten);
    let t_adressen = t.elapsed();
    let hwm_adressen = status_mb("VmHWM:");
    let mut rng = Rng::new(7);
    let vragen: Vec<String> = (0..2_000)
        .map(|_| {
            let n = &nummers[rng.below(nummers.len())];
            let letter = n.huisletter.as_deref().unwrap_or("");
            format!("{} {}{letter}", n.postcode.as_deref().unwrap_or(""), n.huisnummer.unwrap_or(0))
        })
        .collect();
    drop((vbos, nummers, straten));
    println!(
        "address book: {} addresses in {t_adressen:.2?}; peak {hwm_adressen:.0} MB (input included)",
        adressen.len()
    );

    // Stage 2: the rules index (plan, panden, percelen).
    let t = Instant::now();
    let plan = synth::plan(&cfg);
    let percelen = synth::percelen(&cfg);
    println!("generate plan + percelen (not timed): {:.1?}", t.elapsed());
    trim();
    reset_peak();
    let t = Instant::now();
    let regels = RegelIndex::build(vec![plan], panden, percelen);
    let t_regels = t.elapsed();
    let hwm_regels = status_mb("VmHWM:");
    println!("rules index: {} panden in {t_regels:.2?}; peak {hwm_regels:.0} MB (input included)", regels.pand_count());
    trim();
    let serving = status_mb("VmRSS:");
    println!(
        "== build {:.2?}; import peak {:.0} MB{}; resident while serving {serving:.0} MB (process at start {start_rss:.0} MB)",
        t_adressen + t_regels,
        hwm_adressen.max(hwm_regels),
        if reset { "" } else { " (peak could not be reset: includes the generator)" }
    );

    // The compact state still answers fast.
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
    println!(
        "restart-to-ready without snapshot: the build above ({:.2?}) plus reading every delivery (see the import bench)",
        t_adressen + t_regels
    );
}
