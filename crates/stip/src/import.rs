//! `stip import PATH…`: reads each path (file, folder or zip) as it was delivered, recognises its format, imports
//! it completely, and only then publishes it to the store in one transaction — a failed import changes nothing.

use crate::config::Config;
use crate::serve::open_store;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use stip_app::kennis::{Bron, Ingelezen, MAX_BRON_BYTES, Soort, herken, inlezen, publiceer};
use stip_store::Store;

pub async fn import(config: Config, paths: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let mut bronnen = Vec::new();
    let mut failed = 0usize;
    for path in paths {
        match lees_pad(path) {
            Ok(found) => bronnen.extend(found),
            Err(e) => {
                eprintln!("error: {e}");
                failed += 1;
            }
        }
    }
    let store = if bronnen.is_empty() { None } else { Some(open_store(&config).await?) };
    for bron in bronnen {
        let store = store.as_ref().expect("opened when there are sources");
        match importeer(store, bron).await {
            Ok(regel) => println!("{regel}"),
            Err(e) => {
                eprintln!("error: {e:#}");
                failed += 1;
            }
        }
    }
    if let Some(store) = store {
        store.close().await;
    }
    Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// Imports one source and publishes it; returns the summary line.
async fn importeer(store: &Store, bron: Bron) -> anyhow::Result<String> {
    let bar = voortgang(&bron);
    let (bron, ingelezen) = tokio::task::spawn_blocking(move || {
        let mut tick = |p: stip_regels::import::Progress| {
            bar.set_length(p.totaal.max(1));
            bar.set_position(p.gedaan);
            bar.set_message(format!("{} {}", p.stap, p.bestand));
        };
        let result = inlezen(&bron, Some(&mut tick));
        bar.finish_and_clear();
        (bron, result)
    })
    .await?;
    let ingelezen = ingelezen?;
    let samenvatting = ingelezen.samenvatting();
    let meta = publiceer(store, &bron, &ingelezen).await?;
    Ok(format!(
        "imported {}: {} \"{}\" {} — {}",
        bron.naam,
        soort_naam(&ingelezen),
        meta.titel,
        if meta.versie.is_empty() { String::new() } else { format!("versie {}", meta.versie) },
        telling(&samenvatting)
    ))
}

fn soort_naam(i: &Ingelezen) -> &'static str {
    match i {
        Ingelezen::Plan(p) if p.soort == stip_regels::model::PlanSoort::Imro => "bestemmingsplan (IMRO)",
        Ingelezen::Plan(_) => "omgevingsdocument (STOP/TPOD)",
        Ingelezen::Bag(_) => "BAG-extract",
        Ingelezen::Brk(_) => "BRK kadastrale kaart",
        Ingelezen::ToepasbareRegels { .. } => "toepasbare regels (STTR)",
        Ingelezen::Leges(_) => "tarieventabel leges",
    }
}

fn telling(v: &serde_json::Value) -> String {
    v.as_object().map(|m| m.iter().map(|(k, v)| format!("{v} {k}")).collect::<Vec<_>>().join(", ")).unwrap_or_default()
}

fn voortgang(bron: &Bron) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(bron.grootte().max(1));
    bar.set_style(
        ProgressStyle::with_template("{spinner} {prefix} [{bar:30}] {percent:>3}% {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_prefix(bron.naam.clone());
    bar
}

/// Reads a path into sources: a file is one source; a STOP/TPOD delivery folder is one source; any other folder
/// gives one source per recognised file (unrecognised files are named and skipped).
fn lees_pad(path: &Path) -> anyhow::Result<Vec<Bron>> {
    let naam = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| anyhow::anyhow!("{naam}: {e}"))?;
    if meta.is_file() {
        let bron = Bron { naam: naam.clone(), bestanden: vec![(bestandsnaam(path), lees_bestand(path)?)] };
        return match herken(&bron) {
            Some(_) => Ok(vec![bron]),
            None => anyhow::bail!("unsupported format: {naam}: stip recognises no importable data in it"),
        };
    }
    let mut bestanden = Vec::new();
    verzamel(path, path, &mut bestanden)?;
    bestanden.sort_by(|a, b| a.0.cmp(&b.0));
    let geheel = Bron { naam: naam.clone(), bestanden };
    if herken(&geheel) == Some(Soort::Regels(stip_regels::import::Format::StopTpod)) {
        return Ok(vec![geheel]);
    }
    let mut bronnen = Vec::new();
    for (rel, bytes) in geheel.bestanden {
        let bron = Bron {
            naam: path.join(&rel).display().to_string(),
            bestanden: vec![(bestandsnaam(Path::new(&rel)), bytes)],
        };
        if herken(&bron).is_some() {
            bronnen.push(bron);
        } else {
            eprintln!("skipped {}: not a format stip imports", bron.naam);
        }
    }
    if bronnen.is_empty() {
        anyhow::bail!("unsupported format: {naam}: the folder holds nothing stip can import");
    }
    Ok(bronnen)
}

fn bestandsnaam(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

fn lees_bestand(path: &Path) -> anyhow::Result<Vec<u8>> {
    let len = std::fs::metadata(path)?.len();
    if len > MAX_BRON_BYTES {
        anyhow::bail!("{}: {len} bytes is larger than stip imports ({MAX_BRON_BYTES} bytes)", path.display());
    }
    std::fs::read(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

fn verzamel(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) -> anyhow::Result<()> {
    for entry in std::fs::read_dir(dir).map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            verzamel(root, &path, out)?;
        } else if path.is_file() {
            let rel = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().into_owned();
            out.push((rel, lees_bestand(&path)?));
        }
    }
    Ok(())
}
