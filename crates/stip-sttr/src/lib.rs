//! STTR toepasbare regels: DMN reading, the FEEL subset STTR uses, the interactive questionnaire engine, explanations.
//!
//! # Public API
//!
//! Import (no IO: the caller reads files and passes bytes):
//! - [`import_dmn`]`(name, bytes) -> Result<Vec<Model>, ImportError>`: one STTR `.dmn` (DMN 1.1–1.5;
//!   DSO extension elements matched by local name, so `v1.0` and `v2.0` extension namespaces both work).
//! - [`import_zip`]`(name, bytes) -> Result<Levering, ImportError>`: a DSO delivery zip (manifest, opdracht,
//!   dmn and/or toepasbaar-maken activity JSON). Zip bombs are refused: the limits are
//!   [`ZipLimits::STTR_LEVERING`] (read by stip-geo's hardened zip reader, [`stip_geo::container`]).
//! - [`import_activiteit_json`]`(name, bytes) -> Result<Activiteit, ImportError>`: the activity JSON
//!   (`nl.imow-gm0297.activiteit.2019000800.json`; the id comes from the file name).
//! - [`import_bestanden`]`(files) -> Result<Levering, ImportError>`: a whole source at once (all of the above by
//!   kind, other files skipped), parsed on all cores; what stip does when it loads STTR.
//! - [`detect`]`(name, bytes) -> Option<Kind>`: is this an STTR file, delivery zip or activity JSON?
//!
//! XML with a DOCTYPE is refused (no entity expansion, so no entity bombs). FEEL is parsed once at import;
//! an unsupported construct is an [`ImportError::Feel`] naming file, decision, rule and text; a cycle of
//! requiredDecisions is an [`ImportError::Cycle`].
//!
//! Catalog: [`Catalog`]`::default()`, [`Catalog::add_models`], [`Catalog::add_activiteiten`],
//! [`Catalog::activiteiten`] (checkable activities with names). Clone is cheap (`Arc`), `Send + Sync`.
//!
//! Check: [`step`]`(&Catalog, &CheckRequest) -> Result<CheckState, CheckError>`. The request holds the
//! chosen activities (IMOW ids), the answers so far (question id → JSON value), the location and a
//! [`GeoResolver`] for `geoVerwijzing` questions ([`OnbekendeKaart`], [`VasteKaart`] are simple ones).
//! The state serializes as `{"status":"vraag","vraag":{…}}` or
//! `{"status":"conclusie","conclusies":[…],"actielijst":[…],"suggesties":[…]}`.
//!
//! Question ids are `<definitions id>#<uitvoeringsregel id>` (or `#<inputData id>` without one), or
//! `herbruikbaar:<herbruikbaarId>` for reusable questions shared across files.
//!
//! What follows an outcome (the procedure, its steps and legal terms) is case law, not a decision table: it lives in
//! `stip_zaak::procedure`.
//!
//! Strict DMN evaluation of one decision (for tests and tools): [`Model::evaluate`].
//!
//! [`synth`]: a seeded generator of a synthetic national set of STTR files (real DMN bytes), for benchmarks.

mod activiteit;
mod bekend;
mod catalog;
mod check;
mod conclusie;
mod dmn;
mod error;
mod eval;
pub mod feel;
mod levering;
mod model;
pub mod synth;
mod text;
mod value;
mod vraag;
mod xml;

pub use activiteit::{Activiteit, Regelbeheerobject};
pub use bekend::{Bekend, vul_voor};
pub use catalog::{ActiviteitInfo, Catalog};
pub use check::{
    Actie, ActiviteitConclusie, AlsAnders, Beslissing, Cel, CheckRequest, CheckState, Document, Gegeven,
    GegevenAntwoord, GeoResolver, GeoVraag, GevuurdeRegel, Indieningsvereisten, Locatie, OnbekendeKaart, Optie,
    Suggestie, Uitleg, VasteKaart, Vraag, step,
};
pub use conclusie::Conclusie;
pub use error::{AntwoordFout, CheckError, ImportError};
pub use levering::{Kind, Levering, detect, detect_zip};
pub use model::*;
pub use stip_geo::container::ZipLimits;
pub use stip_geo::xml::XmlLimits;
pub use text::clean_markdown;
pub use value::Value;
pub use vraag::GeoAntwoord;

/// Imports one STTR DMN file. Returns one model (a Vec so callers treat files and zips alike).
pub fn import_dmn(name: &str, bytes: &[u8]) -> Result<Vec<Model>, ImportError> {
    Ok(vec![dmn::import(name, bytes)?])
}

/// Imports a DSO delivery zip.
pub fn import_zip(name: &str, bytes: &[u8]) -> Result<Levering, ImportError> {
    levering::import_zip(name, bytes)
}

/// Imports a whole STTR source at once — DMN files, delivery zips and activity JSON; other files are skipped — parsing
/// on all cores (the files are independent). Models and activities come out in file order; the first file (in order)
/// that fails is the error.
pub fn import_bestanden<B: AsRef<[u8]> + Sync>(bestanden: &[(String, B)]) -> Result<Levering, ImportError> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    fn een(name: &str, bytes: &[u8]) -> Result<Levering, ImportError> {
        let mut l = Levering { models: Vec::new(), activiteiten: Vec::new(), bestanden: vec![name.to_string()] };
        match detect(name, bytes) {
            Some(Kind::Dmn) => l.models.extend(import_dmn(name, bytes)?),
            Some(Kind::Levering) => l = import_zip(name, bytes)?,
            Some(Kind::ActiviteitJson) => l.activiteiten.push(import_activiteit_json(name, bytes)?),
            None => l.bestanden.clear(),
        }
        Ok(l)
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(bestanden.len()).max(1);
    let volgende = AtomicUsize::new(0);
    let mut delen: Vec<(usize, Result<Levering, ImportError>)> = std::thread::scope(|scope| {
        let werkers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut uit = Vec::new();
                    loop {
                        let i = volgende.fetch_add(1, Ordering::Relaxed);
                        let Some((name, bytes)) = bestanden.get(i) else { break };
                        let r = een(name, bytes.as_ref());
                        let fout = r.is_err();
                        uit.push((i, r));
                        if fout {
                            // stop handing out work; files before this one still finish, so the first error wins
                            volgende.fetch_max(bestanden.len(), Ordering::Relaxed);
                        }
                    }
                    uit
                })
            })
            .collect();
        werkers.into_iter().flat_map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p))).collect()
    });
    delen.sort_unstable_by_key(|(i, _)| *i);
    let mut alles = Levering { models: Vec::new(), activiteiten: Vec::new(), bestanden: Vec::new() };
    for (_, deel) in delen {
        let deel = deel?;
        alles.models.extend(deel.models);
        alles.activiteiten.extend(deel.activiteiten);
        alles.bestanden.extend(deel.bestanden);
    }
    Ok(alles)
}

/// Imports a toepasbaar-maken activity JSON.
pub fn import_activiteit_json(name: &str, bytes: &[u8]) -> Result<Activiteit, ImportError> {
    activiteit::parse(name, bytes, None)
}
