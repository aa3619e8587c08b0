//! Recognises what a source is and reads it with the importer for that format — the one dispatch used by
//! `stip import` (before storing) and by the server (when it loads what is stored).

use super::Bron;
use stip_regels::PlanVersie;
use stip_regels::import::{Format, Progress, bag, brk, detect, detect_package, imro, stop_tpod};
use stip_store::DatasetKind;

/// A source, read.
#[derive(Debug)]
pub enum Ingelezen {
    Plan(Box<PlanVersie>),
    Bag(bag::BagExtract),
    Brk(Vec<stip_regels::Perceel>),
    ToepasbareRegels {
        models: Vec<stip_sttr::Model>,
        activiteiten: Vec<stip_sttr::Activiteit>,
    },
    /// A tarieventabel (leges) of one authority and year.
    Leges(Box<stip_leges::Tarieventabel>),
}

/// Why a source could not be read.
#[derive(Debug, thiserror::Error)]
pub enum InleesFout {
    #[error(
        "unsupported format: {0}: stip recognises no omgevingsdocument, bestemmingsplan, STTR, BAG, BRK or tarieventabel data in it"
    )]
    Onbekend(String),
    // transparent: the message is the importer's, once (with `{0}` it was also the source, printed a second time
    // by every reporter that walks the source chain)
    #[error(transparent)]
    Regels(#[from] stip_regels::ImportError),
    #[error(transparent)]
    Sttr(#[from] stip_sttr::ImportError),
    #[error(transparent)]
    Leges(#[from] stip_leges::TabelFout),
}

/// What a source is, before reading it all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Soort {
    Regels(Format),
    Sttr,
    /// A tarieventabel in TOML.
    Leges,
}

/// Recognises a source: a STOP/TPOD folder as a whole; otherwise by its (first recognisable) file.
pub fn herken(bron: &Bron) -> Option<Soort> {
    if bron.bestanden.len() > 1 && detect_package(&bron.bestanden) == Some(Format::StopTpod) {
        return Some(Soort::Regels(Format::StopTpod));
    }
    bron.bestanden.iter().find_map(|(name, bytes)| {
        if stip_sttr::detect(name, bytes).is_some() {
            Some(Soort::Sttr)
        } else if stip_leges::tabel::herken(name, bytes) {
            Some(Soort::Leges)
        } else {
            detect(name, bytes).map(Soort::Regels)
        }
    })
}

/// Recognises a zip from its central directory and the first bytes of its entries, read from any seekable reader
/// (a file: nothing is read whole, nothing inflated whole).
pub fn herken_zip<R: std::io::Read + std::io::Seek>(naam: &str, mut zip: R) -> Option<Soort> {
    if stip_sttr::detect_zip(&mut zip).is_some() {
        return Some(Soort::Sttr);
    }
    zip.rewind().ok()?;
    stip_regels::import::detect_zip(naam, zip).map(Soort::Regels)
}

/// Reads a whole source. An error leaves nothing behind: the caller stores only a complete result.
pub fn inlezen(bron: &Bron, progress: Option<&mut dyn FnMut(Progress)>) -> Result<Ingelezen, InleesFout> {
    let soort = herken(bron).ok_or_else(|| InleesFout::Onbekend(bron.naam.clone()))?;
    let enige = || bron.bestanden.first().map(|(n, b)| (n.as_str(), b.as_slice())).unwrap_or(("", &[]));
    Ok(match soort {
        Soort::Regels(Format::StopTpod) => {
            Ingelezen::Plan(Box::new(stop_tpod::import(bron.bestanden.clone(), progress)?))
        }
        Soort::Regels(Format::Imro) => {
            let (name, bytes) = enige();
            Ingelezen::Plan(Box::new(imro::import(name, bytes, progress)?))
        }
        Soort::Regels(Format::Bag) => Ingelezen::Bag(bag::import(&bron.bestanden, Default::default(), progress)?),
        Soort::Regels(Format::Brk) => {
            let (name, bytes) = enige();
            Ingelezen::Brk(brk::import(name, bytes, progress)?)
        }
        Soort::Sttr => {
            let stip_sttr::Levering { models, activiteiten, .. } = stip_sttr::import_bestanden(&bron.bestanden)?;
            Ingelezen::ToepasbareRegels { models, activiteiten }
        }
        Soort::Leges => {
            let (name, bytes) = enige();
            let tekst = std::str::from_utf8(bytes).map_err(|e| stip_leges::TabelFout {
                bestand: bron.naam.clone(),
                regel: None,
                veld: "toml".into(),
                melding: format!("not UTF-8: {e}"),
            })?;
            let naam = if bron.naam.ends_with(name) { bron.naam.as_str() } else { name };
            Ingelezen::Leges(Box::new(stip_leges::Tarieventabel::lees(naam, tekst)?))
        }
    })
}

impl Ingelezen {
    pub fn kind(&self) -> DatasetKind {
        match self {
            Ingelezen::Plan(_) => DatasetKind::Regeling,
            Ingelezen::Bag(_) => DatasetKind::Bag,
            Ingelezen::Brk(_) => DatasetKind::Brk,
            Ingelezen::ToepasbareRegels { .. } => DatasetKind::ToepasbareRegels,
            Ingelezen::Leges(_) => DatasetKind::Leges,
        }
    }

    /// What identifies "the same dataset" across versions: a newer version with this key replaces the older one.
    pub fn sleutel(&self, bron: &Bron) -> String {
        match self {
            Ingelezen::Plan(plan) => plan.id.clone(),
            Ingelezen::ToepasbareRegels { models, activiteiten } => {
                let mut ids: Vec<&str> = models.iter().map(|m| m.id.as_str()).collect();
                ids.extend(activiteiten.iter().map(|a| a.id.as_str()));
                ids.sort();
                ids.dedup();
                if ids.is_empty() { bron.naam.clone() } else { ids.join(" ") }
            }
            Ingelezen::Leges(t) => format!("{} {}", t.gezag, t.jaar),
            Ingelezen::Bag(_) | Ingelezen::Brk(_) => bron.naam.clone(),
        }
    }

    pub fn versie(&self) -> String {
        match self {
            Ingelezen::Plan(plan) => plan.versie.clone(),
            Ingelezen::Leges(t) => t.jaar.to_string(),
            _ => String::new(),
        }
    }

    pub fn titel(&self, bron: &Bron) -> String {
        match self {
            Ingelezen::Plan(plan) => plan.titel.clone(),
            Ingelezen::Leges(t) => t.naam.clone(),
            Ingelezen::ToepasbareRegels { models, .. } if !models.is_empty() => {
                models.iter().map(|m| m.naam.as_str()).collect::<Vec<_>>().join(", ")
            }
            _ => bron.naam.clone(),
        }
    }

    /// Counts per element, for the import summary and the dataset list.
    pub fn samenvatting(&self) -> serde_json::Value {
        match self {
            Ingelezen::Plan(p) => serde_json::json!({
                "artikelen": p.artikelen.len(),
                "regelteksten": p.regelteksten.len(),
                "juridischeRegels": p.juridische_regels.len(),
                "locaties": p.locaties.len(),
                "activiteiten": p.activiteiten.len(),
                "gebiedsaanwijzingen": p.gebiedsaanwijzingen.len(),
                "normen": p.normen.len(),
                "planobjecten": p.planobjecten.len(),
            }),
            Ingelezen::Bag(b) => serde_json::json!({
                "panden": b.panden.len(),
                "verblijfsobjecten": b.verblijfsobjecten.len(),
                "nummeraanduidingen": b.nummeraanduidingen.len(),
                "openbareRuimten": b.openbare_ruimten.len(),
            }),
            Ingelezen::Brk(p) => serde_json::json!({ "percelen": p.len() }),
            Ingelezen::ToepasbareRegels { models, activiteiten } => serde_json::json!({
                "modellen": models.len(),
                "beslissingen": models.iter().map(|m| m.decisions.len()).sum::<usize>(),
                "vragen": models.iter().map(|m| m.uitvoeringsregels.len()).sum::<usize>(),
                "activiteiten": activiteiten.len(),
            }),
            Ingelezen::Leges(t) => serde_json::json!({
                "regels": t.regels.len(),
                "toeslagen": t.toeslagen.len(),
                "kortingen": t.kortingen.len(),
                "teruggaven": t.teruggaven.len(),
                "dienstverlening": t.dienstverlening.len(),
            }),
        }
    }
}
