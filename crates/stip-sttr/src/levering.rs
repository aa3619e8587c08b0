//! DSO delivery zips (manifest + opdracht + dmn/json) with zip-bomb limits, and recognising STTR input (`detect`).

use crate::activiteit::{self, Activiteit};
use crate::error::ImportError;
use crate::model::Model;
use crate::xml;
use serde::Serialize;
use std::io::{Cursor, Read};

/// Most entries accepted in a delivery zip (real ones hold 3).
pub const MAX_ZIP_ENTRIES: usize = 1_000;
/// Largest uncompressed entry accepted.
pub const MAX_ZIP_ENTRY_BYTES: u64 = 32 * 1024 * 1024;
/// Largest total uncompressed size accepted.
pub const MAX_ZIP_TOTAL_BYTES: u64 = 128 * 1024 * 1024;

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

fn zip_err(file: &str, e: impl std::fmt::Display) -> ImportError {
    ImportError::Zip { file: file.into(), reason: e.to_string() }
}

/// Reads every entry of a zip within the limits: (name, bytes).
fn read_entries(file: &str, bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, ImportError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| zip_err(file, e))?;
    let limit = |reason: String| ImportError::ZipLimit { file: file.into(), reason };
    if archive.len() > MAX_ZIP_ENTRIES {
        return Err(limit(format!("{} bestanden, meer dan MAX_ZIP_ENTRIES = {MAX_ZIP_ENTRIES}", archive.len())));
    }
    let mut total = 0u64;
    let mut out = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|e| zip_err(file, e))?;
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().map_err(|e| zip_err(file, e))?.to_string();
        if entry.size() > MAX_ZIP_ENTRY_BYTES {
            return Err(limit(format!("'{name}' is uitgepakt {} bytes, meer dan MAX_ZIP_ENTRY_BYTES", entry.size())));
        }
        total += entry.size();
        if total > MAX_ZIP_TOTAL_BYTES {
            return Err(limit("samen meer dan MAX_ZIP_TOTAL_BYTES uitgepakt".into()));
        }
        // the declared size may lie: never read more than the limit
        let mut buf = Vec::new();
        (&mut entry)
            .take(MAX_ZIP_ENTRY_BYTES + 1)
            .read_to_end(&mut buf)
            .map_err(|e| zip_err(file, format!("{name}: {e}")))?;
        if buf.len() as u64 > MAX_ZIP_ENTRY_BYTES {
            return Err(limit(format!("'{name}' pakt uit tot meer dan MAX_ZIP_ENTRY_BYTES")));
        }
        out.push((name, buf));
    }
    Ok(out)
}

fn ends_with_ci(name: &str, ext: &str) -> bool {
    name.len() >= ext.len() && name[name.len() - ext.len()..].eq_ignore_ascii_case(ext)
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
    if bytes.starts_with(b"PK\x03\x04") {
        let archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
        if archive.len() > MAX_ZIP_ENTRIES {
            return None;
        }
        let sttr = archive.file_names().flatten().any(|n| {
            ends_with_ci(&n, ".dmn")
                || n.ends_with("opdrachtAanleverenToepasbareRegels.xml")
                || n.ends_with("opdrachtToepasbaarMaken.xml")
        });
        return sttr.then_some(Kind::Levering);
    }
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head);
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('<') {
        // look at the root element only
        let mut reader = quick_xml::Reader::from_reader(bytes);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Start(e)) | Ok(quick_xml::events::Event::Empty(e)) => {
                    let local = e.local_name();
                    if local.as_ref() != "definitions" {
                        return None;
                    }
                    let ns_ok = e.attributes().flatten().any(|a| {
                        let v: &str = a.value.as_ref();
                        crate::dmn::DMN_NAMESPACES.iter().any(|(u, _)| *u == v)
                    });
                    return ns_ok.then_some(Kind::Dmn);
                }
                Ok(quick_xml::events::Event::Eof) | Err(_) => return None,
                Ok(quick_xml::events::Event::DocType(_)) => return None,
                Ok(_) => {}
            }
        }
    }
    if ends_with_ci(name, ".json") || trimmed.starts_with('{') {
        let v: serde_json::Value = serde_json::from_slice(bytes).ok()?;
        if v.get("regelbeheerobjecten").is_some() || v.get("werkzaamheden").is_some() {
            return Some(Kind::ActiviteitJson);
        }
    }
    None
}
