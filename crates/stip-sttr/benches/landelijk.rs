//! National STTR benchmark: the synthetic national set of toepasbare regels ([`stip_sttr::synth`]: real DMN bytes and
//! activity JSON, in memory, not timed), then loading all of it into one `Catalog` the way stip loads it at start
//! (`import_bestanden` on all cores + `Catalog::add_models`/`add_activiteiten`), timed; then the activity search
//! (`Catalog::zoek`, what the pages and the API search with) and Vergunningcheck steps (`step`) with everything
//! loaded: random activities (one to three at once) and random answer paths until the conclusion. Prints figures;
//! does not assert. Nothing is written to disk.
//!
//! `STIP_BENCH_SCALE` (default 0.01): 1 = the national register, about 52,500 rule files in 17,600 namespaces with
//! 118,000 uitvoeringsregels. `STIP_BENCH_CHECKS` (default 5,000): checks walked. Goals at scale 1: load ≤ 30 s and
//! ≤ 2 GB, the search instant, a step p99 ≤ 50 µs. Memory: VmRSS/VmHWM from /proc/self/status; the peak is reset
//! (`clear_refs` 5) after generating, so the peak during the load excludes the generator's own.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use stip_sttr::synth::{self, Rng, SynthConfig};
use stip_sttr::{Catalog, CheckRequest, CheckState, OnbekendeKaart, import_bestanden, step};

#[path = "../../stip-regels/benches/support/geheugen.rs"]
mod geheugen;
use geheugen::{reset_peak, status_mb};

/// How often the kernel has preempted this thread so far (`nonvoluntary_ctxt_switches`); `None` where `/proc` does not
/// tell.
fn verdrongen() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/status").ok()?;
    s.lines().find_map(|l| l.strip_prefix("nonvoluntary_ctxt_switches:")).and_then(|v| v.trim().parse().ok())
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 * p) as usize).min(sorted.len() - 1)]
}

fn main() {
    let scale: f64 = std::env::var("STIP_BENCH_SCALE").ok().and_then(|v| v.parse().ok()).unwrap_or(0.01);
    let checks: usize = std::env::var("STIP_BENCH_CHECKS").ok().and_then(|v| v.parse().ok()).unwrap_or(5_000);
    let cfg = SynthConfig::national(scale);
    println!(
        "== stip national STTR benchmark: scale {scale} ({} bevoegde gezagen, {} namespaces, ~{} files, ~{} uitvoeringsregels)",
        cfg.gezagen, cfg.namespaces, cfg.bestanden, cfg.uitvoeringsregels
    );

    let t = Instant::now();
    let set = synth::set(&cfg);
    let mut bestanden: Vec<(String, Vec<u8>)> = set.dmn;
    let n_dmn = bestanden.len();
    bestanden.extend(set.activiteiten);
    let bytes: usize = bestanden.iter().map(|(_, b)| b.len()).sum();
    println!(
        "generate (not timed): {:.1?}; {n_dmn} DMN files + {} activity JSON, {:.0} MB, {} uitvoeringsregels",
        t.elapsed(),
        bestanden.len() - n_dmn,
        bytes as f64 / 1e6,
        set.uitvoeringsregels
    );
    let hwm_generate = status_mb("VmHWM:");
    let reset = reset_peak();
    let rss_before = status_mb("VmRSS:");
    println!(
        "before load: VmRSS {rss_before:.0} MB (the files' bytes), VmHWM {hwm_generate:.0} MB (generator peak){}",
        if reset { "; peak reset" } else { "; peak could not be reset, VmHWM below includes the generator" }
    );

    let t0 = Instant::now();
    let levering = import_bestanden(&bestanden).expect("the synthetic set imports");
    let parse = t0.elapsed();
    let mut catalog = Catalog::default();
    catalog.add_models(levering.models);
    catalog.add_activiteiten(levering.activiteiten);
    let load = t0.elapsed();
    let t = Instant::now();
    let n_activiteiten = catalog.activiteiten().len();
    let afgeleid = t.elapsed();
    let hwm_load = status_mb("VmHWM:");
    let rss_load = status_mb("VmRSS:");
    drop(bestanden);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "load (import_bestanden on {threads} threads + Catalog): {load:.2?} (parse {parse:.2?}, catalog {:.2?}); {} models, {n_activiteiten} activities, {} checkable (goal ≤ 30 s at scale 1)",
        load - parse,
        catalog.models().len(),
        catalog.activiteiten().iter().filter(|a| a.checkbaar).count()
    );
    println!(
        "  the catalogue's derived index (activity list, search text, related activities, question ids), built on first use: {afgeleid:.2?}"
    );
    println!(
        "memory: peak during load VmHWM {hwm_load:.0} MB (of which {rss_before:.0} MB the files' bytes); VmRSS grew by {:.0} MB during the load = the loaded catalogue (goal ≤ 2 GB)",
        rss_load - rss_before
    );

    // the activity search: words from the activity names, one or two per query, as people type them
    let woorden = [
        "boom",
        "bouwen",
        "dakkapel",
        "kappen",
        "zonnepanelen",
        "monument",
        "uitweg",
        "bijgebouw",
        "evenement",
        "schuur",
        "plaatsen van",
        "bouwen schuur",
        "laadpaal",
        "water",
        "verbouwen",
        "grondwater",
        "slopen",
        "xyz",
    ];
    let mut tijden = Vec::new();
    let mut hits = 0usize;
    for r in 0..2_000 {
        let w = woorden[r % woorden.len()];
        let t = Instant::now();
        hits += std::hint::black_box(catalog.zoek(w)).len();
        tijden.push(t.elapsed());
    }
    tijden.sort();
    println!(
        "search (Catalog::zoek, {} queries over {} activities): p50 {:.2?}, p99 {:.2?}, max {:.2?}; {:.0} hits per query",
        tijden.len(),
        catalog.activiteiten().len(),
        pct(&tijden, 0.5),
        pct(&tijden, 0.99),
        tijden[tijden.len() - 1],
        hits as f64 / tijden.len() as f64
    );

    // checks: random activities, random answers, every step timed
    let ids: Vec<String> = catalog.activiteiten().iter().filter(|a| a.checkbaar).map(|a| a.id.clone()).collect();
    let mut rng = Rng::new(2026);
    let mut stappen = Vec::new();
    let mut conclusie_stappen = Vec::new();
    // the first step of a check meets its activities' models cold (one of 52,518, not touched since the load)
    let mut eerste_stappen = Vec::new();
    let mut conclusies = BTreeMap::<String, usize>::new();
    let mut per_aantal: [Vec<Duration>; 3] = Default::default();
    let mut snelste = Vec::new();
    let mut ongestoord = Vec::new();
    let mut onderbroken = 0usize;
    let mut laatst = verdrongen();
    let t = Instant::now();
    for _ in 0..checks {
        let n = match rng.below(10) {
            0 => 3,
            1 | 2 => 2,
            _ => 1,
        };
        let activiteiten: Vec<String> = (0..n).map(|_| ids[rng.below(ids.len())].clone()).collect();
        let mut antwoorden = BTreeMap::new();
        for nr in 0..40 {
            let req = CheckRequest {
                activiteiten: activiteiten.clone(),
                antwoorden: antwoorden.clone(),
                locatie: None,
                geo: &OnbekendeKaart,
            };
            // the shared machine preempts: each step is also timed again twice, the fastest of the three is its cost;
            // and the kernel's count of this thread's preemptions, read after each single measure (reading it just
            // before would disturb the caches the measure starts with), tells which ones another process may have cut:
            // those with a preemption since the previous reading (which also spans the two repeats before)
            let t = Instant::now();
            let state = step(&catalog, &req).expect("a step on the synthetic set");
            let d = t.elapsed();
            let nu = verdrongen();
            match (laatst, nu) {
                (Some(a), Some(b)) if a == b => ongestoord.push(d),
                (Some(_), Some(_)) => onderbroken += 1,
                _ => {}
            }
            laatst = nu;
            let mut snelst = d;
            for _ in 0..2 {
                let t = Instant::now();
                std::hint::black_box(step(&catalog, &req).ok());
                snelst = snelst.min(t.elapsed());
            }
            snelste.push(snelst);
            stappen.push(d);
            if nr == 0 {
                eerste_stappen.push(d);
            }
            per_aantal[n - 1].push(snelst);
            match state {
                CheckState::Vraag { vraag } => {
                    let a = synth::antwoord(&mut rng, &vraag);
                    antwoorden.insert(vraag.id, a);
                }
                CheckState::Conclusie { conclusies: c, .. } => {
                    conclusie_stappen.push(d);
                    for c in c {
                        *conclusies.entry(format!("{:?}", c.conclusie)).or_default() += 1;
                    }
                    break;
                }
            }
        }
    }
    let totaal = t.elapsed();
    stappen.sort();
    conclusie_stappen.sort();
    // the machine's load beside the figures: on shared cores the single measure's tail is mostly other processes
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "steps (step with everything loaded, {checks} checks, {} steps in {totaal:.2?}): p50 {:.1?}, p99 {:.1?}, max {:.1?} (goal p99 ≤ 50 µs; load average {})",
        stappen.len(),
        pct(&stappen, 0.5),
        pct(&stappen, 0.99),
        stappen[stappen.len() - 1],
        load.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
    );
    ongestoord.sort();
    if !ongestoord.is_empty() {
        println!(
            "  the same single measures without the {onderbroken} the kernel may have preempted (its count of this thread's preemptions rose since the last): p50 {:.1?}, p99 {:.1?}, max {:.1?}",
            pct(&ongestoord, 0.5),
            pct(&ongestoord, 0.99),
            ongestoord[ongestoord.len() - 1]
        );
    }
    snelste.sort();
    println!(
        "  each step the fastest of three runs (without the shared machine's preemptions): p50 {:.1?}, p99 {:.1?}, max {:.1?}",
        pct(&snelste, 0.5),
        pct(&snelste, 0.99),
        snelste[snelste.len() - 1]
    );
    for (i, t) in per_aantal.iter_mut().enumerate() {
        t.sort();
        if !t.is_empty() {
            println!(
                "  checks of {} activit{} at once ({} steps): p50 {:.1?}, p99 {:.1?}",
                i + 1,
                if i == 0 { "y" } else { "ies" },
                t.len(),
                pct(t, 0.5),
                pct(t, 0.99)
            );
        }
    }
    eerste_stappen.sort();
    let later: Vec<Duration> = {
        // every step but the first of its check: the multiset difference of the two sorted lists
        let (mut later, mut e) = (Vec::with_capacity(stappen.len()), eerste_stappen.iter().peekable());
        for d in &stappen {
            if e.peek() == Some(&d) {
                e.next();
            } else {
                later.push(*d);
            }
        }
        later
    };
    println!(
        "  the first step of each check (its models cold) ({}): p50 {:.1?}, p99 {:.1?}; every later step ({}): p50 {:.1?}, p99 {:.1?}",
        eerste_stappen.len(),
        pct(&eerste_stappen, 0.5),
        pct(&eerste_stappen, 0.99),
        later.len(),
        pct(&later, 0.5),
        pct(&later, 0.99)
    );
    if !conclusie_stappen.is_empty() {
        println!(
            "  the concluding steps alone ({}): p50 {:.1?}, p99 {:.1?}; outcomes {conclusies:?}",
            conclusie_stappen.len(),
            pct(&conclusie_stappen, 0.5),
            pct(&conclusie_stappen, 0.99)
        );
    }
    println!("VmRSS at the end {:.0} MB", status_mb("VmRSS:"));
    std::hint::black_box(catalog);
}
