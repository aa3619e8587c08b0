//! Import benchmark at national scale: the synthetic plan written as a real STOP/TPOD delivery (AKN besluit, OW
//! files, GIO XML + GML; in memory, not timed), then `stop_tpod::import` of those bytes and `RegelIndex::build` of
//! the imported plan (no panden), timed. Prints figures; does not assert. Nothing is written to disk.
//!
//! `STIP_BENCH_SCALE` (default 0.01): 1 = 1,000,000 locaties (20 heavy, 5,000–20,000 vertices); `STIP_BENCH_HEAVY`
//! overrides the number of heavy locaties. Target: import + index ≤ 60 s. Memory: VmHWM (peak resident set) from /proc/self/status; the peak is reset (`clear_refs` 5) after
//! writing the delivery when the kernel allows, so "peak during import + index" excludes the generator's own peak.

use std::time::Instant;

use geo::CoordsIter;
use stip_regels::RegelIndex;
use stip_regels::import::{Progress, stop_tpod};
use stip_regels::model::LocatieSoort;
use stip_regels::synth::SynthConfig;
use stip_regels::synth_levering;

#[path = "support/geheugen.rs"]
mod geheugen;
use geheugen::{reset_peak, status_mb};

fn main() {
    let scale: f64 = std::env::var("STIP_BENCH_SCALE").ok().and_then(|v| v.parse().ok()).unwrap_or(0.01);
    let mut cfg = SynthConfig::national(scale);
    if let Some(h) = std::env::var("STIP_BENCH_HEAVY").ok().and_then(|v| v.parse().ok()) {
        cfg.heavy = h;
    }
    println!("== stip import benchmark: scale {scale} ({} locaties, {} heavy)", cfg.locaties, cfg.heavy);

    let t = Instant::now();
    let levering = synth_levering::levering(&cfg);
    let bytes: usize = levering.iter().map(|(_, b)| b.len()).sum();
    let gml: usize = levering.iter().filter(|(n, _)| n.ends_with(".gml")).map(|(_, b)| b.len()).sum();
    println!(
        "write delivery (not timed): {:.1?}; {} files, {:.0} MB ({:.0} MB GIO GML, {:.0} MB OW/AKN/IO XML)",
        t.elapsed(),
        levering.len(),
        bytes as f64 / 1e6,
        gml as f64 / 1e6,
        (bytes - gml) as f64 / 1e6
    );
    let hwm_generate = status_mb("VmHWM:");
    let reset = reset_peak();
    let rss_before = status_mb("VmRSS:");
    println!(
        "before import: VmRSS {rss_before:.0} MB (the delivery bytes), VmHWM {hwm_generate:.0} MB (generator peak){}",
        if reset { "; peak reset" } else { "; peak could not be reset, VmHWM below includes the generator" }
    );

    // (step, file, when) of every progress report
    let mut phases: Vec<(&'static str, String, Instant)> = Vec::new();
    let mut on_progress = |p: Progress| phases.push((p.stap, p.bestand, Instant::now()));
    let t0 = Instant::now();
    let plan = stop_tpod::import(levering, Some(&mut on_progress)).expect("the synthetic delivery imports");
    let import = t0.elapsed();
    let hwm_import = status_mb("VmHWM:");
    let gebieden = plan.locaties.iter().filter(|l| l.soort == LocatieSoort::Gebied).count();
    let groepen = plan.locaties.iter().filter(|l| l.soort == LocatieSoort::Gebiedengroep).count();
    let verts: usize = plan.locaties.iter().filter_map(|l| l.geometrie.as_ref()).map(|g| g.coords_count()).sum();
    println!(
        "import (stop_tpod::import): {import:.2?}; {} locaties ({gebieden} Gebied, {groepen} Gebiedengroep), {verts} vertices, {} normwaarden, {} juridische regels; VmHWM {hwm_import:.0} MB",
        plan.locaties.len(),
        plan.normen.len(),
        plan.juridische_regels.len()
    );
    let at = |stap: &str| phases.iter().find(|(s, _, _)| *s == stap).map(|p| p.2);
    if let (Some(k), Some(e)) = (at("koppelen"), at("klaar")) {
        println!("  reading the files: {:.2?}; linking: {:.2?}", k - t0, e - k);
    }

    let t1 = Instant::now();
    let index = RegelIndex::build(vec![plan], vec![], vec![]);
    let build = t1.elapsed();
    let total = t0.elapsed();
    let hwm_after = status_mb("VmHWM:");
    println!("index build (RegelIndex::build, no panden): {build:.2?}; VmHWM {hwm_after:.0} MB");
    println!(
        "total import + index: {total:.2?} (target ≤ 60 s at scale 1); peak memory during import + index: VmHWM {hwm_after:.0} MB (before {rss_before:.0} MB resident), VmRSS after {:.0} MB",
        status_mb("VmRSS:")
    );
    std::hint::black_box(index);
}
