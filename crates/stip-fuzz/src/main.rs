//! `stip-fuzz PARSER [--inputs N] [--seed S] [--max-len BYTES] [--out DIR]`: feeds byte mutations of the real
//! fixtures (`$STIP_FIXTURES`, else `../shared/dso-fixtures`) to one parser (or `all`, one after the other) and
//! reports panics, the slowest input and the peak memory. Every input that panics is written to `--out` (default
//! `target/fuzz`) to become a regression test. Run it in release: `cargo run --release -p stip-fuzz -- all`.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use stip_fuzz::{Doel, Mutator, Rng, zaden};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut doelen = Vec::new();
    let mut inputs: u64 = 1_000_000;
    let mut seed: u64 = 0x5717_f022;
    let mut max_len: usize = 1 << 20;
    let mut out = PathBuf::from("target/fuzz");
    let mut i = 0;
    let waarde = |i: usize| args.get(i + 1).cloned().unwrap_or_else(|| fout(&format!("{} needs a value", args[i])));
    while i < args.len() {
        match args[i].as_str() {
            "--inputs" => inputs = waarde(i).replace('_', "").parse().unwrap_or_else(|_| fout("--inputs: a number")),
            "--seed" => seed = waarde(i).parse().unwrap_or_else(|_| fout("--seed: a number")),
            "--max-len" => max_len = waarde(i).parse().unwrap_or_else(|_| fout("--max-len: a number")),
            "--out" => out = PathBuf::from(waarde(i)),
            "-h" | "--help" => {
                println!("usage: stip-fuzz PARSER… [--inputs N] [--seed S] [--max-len BYTES] [--out DIR]");
                println!("parsers: all {}", Doel::ALLE.map(Doel::naam).join(" "));
                return;
            }
            naam => match Doel::ALLE.into_iter().find(|d| d.naam() == naam) {
                Some(d) => doelen.push(d),
                None if naam == "all" => doelen.extend(Doel::ALLE),
                None => {
                    fout(&format!("unknown parser '{naam}' (one of: all {})", Doel::ALLE.map(Doel::naam).join(" ")))
                }
            },
        }
        i += if args[i].starts_with("--") { 2 } else { 1 };
    }
    if doelen.is_empty() {
        fout("name a parser (or all); --help lists them");
    }
    let fixtures = stip_fuzz::fixtures().unwrap_or_else(|| fout("no fixtures: set STIP_FIXTURES"));
    // panics are caught and counted; their message is printed once per place
    std::panic::set_hook(Box::new(|_| {}));
    let mut totaal_panics = 0;
    for doel in doelen {
        let corpus = zaden(doel, &fixtures);
        let mut mutator = Mutator::new(Rng::new(seed ^ doel as u64), corpus, max_len);
        let start = Instant::now();
        let mut traagst = (Duration::ZERO, 0u64);
        let mut plaatsen: Vec<String> = Vec::new();
        let mut panics = 0u64;
        for n in 0..inputs {
            let input = mutator.volgende();
            let t = Instant::now();
            let uitkomst = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| doel.voer(&input)));
            let duur = t.elapsed();
            if duur > traagst.0 {
                traagst = (duur, n);
            }
            if let Err(p) = uitkomst {
                panics += 1;
                let melding = p
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                let dir = out.join(doel.naam());
                let _ = std::fs::create_dir_all(&dir);
                let pad = dir.join(format!("panic-{n}.bin"));
                let _ = std::fs::write(&pad, &input);
                if !plaatsen.contains(&melding) {
                    eprintln!("{}: input {n} panicked: {melding} (saved as {})", doel.naam(), pad.display());
                    plaatsen.push(melding);
                }
            }
            if (n + 1) % 100_000 == 0 {
                eprintln!("{}: {} inputs, {panics} panics, {:.0} s", doel.naam(), n + 1, start.elapsed().as_secs_f64());
            }
        }
        let s = start.elapsed().as_secs_f64();
        println!(
            "{}: {inputs} inputs in {s:.0} s ({:.0}/s), {panics} panics ({} distinct), slowest input {} ms (#{}), peak memory {} MB",
            doel.naam(),
            inputs as f64 / s.max(1e-9),
            plaatsen.len(),
            traagst.0.as_millis(),
            traagst.1,
            stip_fuzz::piek_geheugen_mb().map_or("?".into(), |m| m.to_string()),
        );
        totaal_panics += panics;
    }
    std::process::exit(if totaal_panics == 0 { 0 } else { 1 });
}

fn fout(melding: &str) -> ! {
    eprintln!("stip-fuzz: {melding}");
    std::process::exit(2)
}
