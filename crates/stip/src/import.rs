//! `stip import PATH…`: reads each path (file, folder or zip) as it was delivered, recognises its format, imports
//! it completely, and only then publishes it to the store in one transaction — a failed import changes nothing.

use crate::config::Config;
use crate::serve::open_store;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use stip_app::kennis::{Bron, Ingelezen, MAX_BRON_BYTES, Soort, herken, herken_zip, inlezen, publiceer};
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
/// gives one source per recognised file (unrecognised files are named and skipped). A file is recognised from its
/// first bytes before it is read whole, so a large file in another format is refused without reading it.
fn lees_pad(path: &Path) -> anyhow::Result<Vec<Bron>> {
    let naam = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| anyhow::anyhow!("{naam}: {e}"))?;
    if meta.is_file() {
        return match lees_herkend(path)? {
            Some(bytes) => Ok(vec![Bron { naam, bestanden: vec![(bestandsnaam(path), bytes)] }]),
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

/// Files up to this size are read whole to be recognised; of a larger one only its first bytes (or, of a zip, its
/// central directory and the first bytes of its entries) are read until it is recognised.
const HERKEN_BYTES: u64 = 1 << 20;

/// Reads a file whose format stip recognises; `None` (having read at most its first bytes) when it is not.
fn lees_herkend(path: &Path) -> anyhow::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let fout = |e: std::io::Error| anyhow::anyhow!("{}: {e}", path.display());
    let naam = bestandsnaam(path);
    let len = std::fs::metadata(path).map_err(fout)?.len();
    if len <= HERKEN_BYTES {
        let bytes = lees_bestand(path)?;
        let bron = Bron { naam: naam.clone(), bestanden: vec![(naam, bytes)] };
        return Ok(herken(&bron).is_some().then(|| bron.bestanden.into_iter().next().map(|(_, b)| b)).flatten());
    }
    let mut file = std::fs::File::open(path).map_err(fout)?;
    let mut kop = Vec::with_capacity(HERKEN_BYTES as usize);
    (&mut file).take(HERKEN_BYTES).read_to_end(&mut kop).map_err(fout)?;
    let herkend = if stip_regels::import::package::is_zip(&kop) {
        herken_zip(&naam, &mut file).is_some()
    } else {
        herken(&Bron { naam: naam.clone(), bestanden: vec![(naam, kop)] }).is_some()
    };
    if !herkend {
        return Ok(None);
    }
    lees_bestand(path).map(Some)
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
            if std::fs::metadata(&path)?.len() <= HERKEN_BYTES {
                out.push((rel, lees_bestand(&path)?));
            } else if let Some(bytes) = lees_herkend(&path)? {
                out.push((rel, bytes));
            } else {
                // a large file in no format stip reads is not read whole (a small one may be a companion)
                eprintln!("skipped {}: not a format stip imports", path.display());
            }
        }
    }
    Ok(())
}
