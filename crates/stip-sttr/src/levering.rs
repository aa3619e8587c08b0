//! DSO delivery zips (manifest + opdracht + dmn/json), read by the hardened zip reader of [`stip_geo::container`], and
//! recognising STTR input (`detect`).

use crate::activiteit::{self, Activiteit};
use crate::error::ImportError;
use crate::model::Model;
use crate::xml;
use serde::Serialize;
use stip_geo::container::{self, SizeLimit, ZipError, ZipLimits, ZipProblem};

/// What a delivery zip contained.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Levering {
    pub models: Vec<Model>,
    pub activiteiten: Vec<Activiteit>,
    /// Names of the entries read.
    pub bestanden: Vec<String>,
}

/// What kind of STTR input a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Kind {
    /// A DMN file.
    Dmn,
    /// A DSO delivery zip with STTR files or toepasbaar-maken activities.
    Levering,
    /// A toepasbaar-maken activity JSON.
    ActiviteitJson,
}

/// A refused delivery zip in the importer's (Dutch) words; the limits are [`ZipLimits::STTR_LEVERING`].
fn import_error(e: ZipError) -> ImportError {
    let file = e.zip;
    let name = e.entry.unwrap_or_default();
    let reason = match e.problem {
        ZipProblem::Malformed(m) if name.is_empty() => return ImportError::Zip { file, reason: m },
        ZipProblem::Malformed(m) => return ImportError::Zip { file, reason: format!("{name}: {m}") },
        ZipProblem::TooManyEntries { found: Some(n) } => {
            format!("{n} bestanden, meer dan MAX_ZIP_ENTRIES = {}", ZipLimits::STTR_LEVERING.max_entries)
        }
        ZipProblem::TooManyEntries { found: None } => {
            format!("meer dan MAX_ZIP_ENTRIES = {} bestanden", ZipLimits::STTR_LEVERING.max_entries)
        }
        ZipProblem::TooLarge { limit: SizeLimit::PerEntry, declared: Some(size) } => {
            format!("'{name}' is uitgepakt {size} bytes, meer dan MAX_ZIP_ENTRY_BYTES")
        }
        ZipProblem::TooLarge { limit: SizeLimit::PerEntry, declared: None } => {
            format!("'{name}' pakt uit tot meer dan MAX_ZIP_ENTRY_BYTES")
        }
        ZipProblem::TooLarge { limit: SizeLimit::Total, .. } => "samen meer dan MAX_ZIP_TOTAL_BYTES uitgepakt".into(),
        ZipProblem::TooLarge { limit: SizeLimit::Ratio, .. } => format!(
            "'{name}' pakt uit tot meer dan {} keer de ingepakte grootte (mogelijk een zip-bom)",
            ZipLimits::STTR_LEVERING.max_ratio
        ),
        ZipProblem::TooDeep(depth) => format!("'{name}': zip dieper genest dan {depth}"),
    };
    ImportError::ZipLimit { file, reason }
}

/// Reads every entry of a zip within the limits: (name, bytes).
fn read_entries(file: &str, bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, ImportError> {
    container::unzip(file, bytes, &ZipLimits::STTR_LEVERING).map_err(import_error)
}

fn ends_with_ci(name: &str, ext: &str) -> bool {
    // bytes, not a str slice: the cut may fall inside a multibyte character of a name from a zip
    name.len() >= ext.len() && name.as_bytes()[name.len() - ext.len()..].eq_ignore_ascii_case(ext.as_bytes())
}

/// Imports a DSO delivery zip: every DMN inside (by extension, or an XML whose root is a DMN
/// `definitions`), and toepasbaar-maken activity JSON (id from the opdracht, else the file name).
pub(crate) fn import_zip(file: &str, bytes: &[u8]) -> Result<Levering, ImportError> {
    let entries = read_entries(file, bytes)?;
    // opdracht: bestandsnaam -> activiteitIdentifier
    let mut activity_ids: Vec<(String, String)> = Vec::new();
    for (name, data) in &entries {
        if ends_with_ci(name, ".xml")
            && let Ok(root) = xml::parse(data)
            && root.name == "opdrachten"
        {
            for upd in root.descendants_named("updateActiviteit") {
                if let (Some(id), Some(f)) = (upd.child_text("activiteitIdentifier"), upd.child_text("bestandsnaam")) {
                    activity_ids.push((f, id));
                }
            }
        }
    }
    let mut lev = Levering { models: Vec::new(), activiteiten: Vec::new(), bestanden: Vec::new() };
    for (name, data) in &entries {
        let inner = format!("{file}/{name}");
        if ends_with_ci(name, ".dmn") {
            lev.models.push(crate::dmn::import(&inner, data)?);
            lev.bestanden.push(name.clone());
        } else if ends_with_ci(name, ".xml") {
            if let Ok(root) = xml::parse(data)
                && crate::dmn::dmn_version(&root).is_ok()
            {
                lev.models.push(crate::dmn::import(&inner, data)?);
                lev.bestanden.push(name.clone());
            }
        } else if ends_with_ci(name, ".json") {
            let base = name.rsplit('/').next().unwrap_or(name);
            let id = activity_ids.iter().find(|(f, _)| f == base).map(|(_, id)| id.as_str());
            if id.is_some() || base.starts_with("nl.imow") {
                lev.activiteiten.push(activiteit::parse(&inner, data, id)?);
                lev.bestanden.push(name.clone());
            }
        }
    }
    if lev.models.is_empty() && lev.activiteiten.is_empty() {
        return Err(ImportError::NoSttr { file: file.into() });
    }
    Ok(lev)
}

/// Says whether a file is STTR input stip can import, without importing it fully.
/// A zip without STTR content (a plan delivery, BAG extract, …) gives `None`.
pub fn detect(name: &str, bytes: &[u8]) -> Option<Kind> {
    if container::is_zip(bytes) {
        return detect_zip(std::io::Cursor::new(bytes));
    }
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head);
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('<') {
        // look at the root element only, in the first bytes
        let root = stip_geo::xml::sniff_root(bytes)?;
        if root.name != "definitions" {
            return None;
        }
        let is_dmn = |v: &str| crate::dmn::DMN_NAMESPACES.iter().any(|(u, _)| *u == v);
        let ns_ok = is_dmn(&root.ns) || root.attrs.iter().any(|(_, v)| is_dmn(v));
        return ns_ok.then_some(Kind::Dmn);
    }
    if ends_with_ci(name, ".json") || trimmed.starts_with('{') {
        let sleutel =
            |v: &serde_json::Value| v.get("regelbeheerobjecten").is_some() || v.get("werkzaamheden").is_some();
        return match serde_json::from_slice::<serde_json::Value>(bytes) {
            Ok(v) => sleutel(&v).then_some(Kind::ActiviteitJson),
            // only the first bytes of a large file: its keys, as far as they go
            Err(e) if e.is_eof() && bytes.len() > 4096 => {
                let text = String::from_utf8_lossy(&bytes[..bytes.len().min(stip_geo::xml::SNIFF_BYTES)]);
                (text.contains("\"regelbeheerobjecten\"") || text.contains("\"werkzaamheden\""))
                    .then_some(Kind::ActiviteitJson)
            }
            Err(_) => None,
        };
    }
    None
}

/// Whether a zip (read from any seekable reader, e.g. a file, by its central directory only) is an STTR delivery.
pub fn detect_zip<R: std::io::Read + std::io::Seek>(zip: R) -> Option<Kind> {
    let names = container::entry_names(zip, &ZipLimits::STTR_LEVERING)?;
    let sttr = names.iter().any(|n| {
        ends_with_ci(n, ".dmn")
            || n.ends_with("opdrachtAanleverenToepasbareRegels.xml")
            || n.ends_with("opdrachtToepasbaarMaken.xml")
    });
    sttr.then_some(Kind::Levering)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_name_with_a_multibyte_character_where_the_extension_would_start_is_compared_without_a_panic() {
        // "binnenÇzip": the last four bytes start inside the two bytes of 'Ç'
        assert!(!ends_with_ci("binnenÇzip", ".zip"));
        assert!(!ends_with_ci("GIO003-Zone_A\u{a0}xml", ".xml"));
        assert!(ends_with_ci("Regels.DMN", ".dmn"));
        assert!(ends_with_ci("ÇÇ.xml", ".XML"));
        assert!(!ends_with_ci("ml", ".xml"));
    }
}
