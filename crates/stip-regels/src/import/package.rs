//! Reading zip packages from bytes in memory, with zip-bomb limits.
//!
//! Limits (defaults, see [`ZipLimits`]): at most [`MAX_ZIP_ENTRIES`] entries, at most
//! [`MAX_ZIP_ENTRY_UNCOMPRESSED`] bytes per entry and [`MAX_ZIP_TOTAL_UNCOMPRESSED`] bytes in total, nested zips
//! at most [`MAX_ZIP_DEPTH`] deep. Sizes are counted while inflating (the declared sizes in the zip are not
//! trusted), so a lying header cannot get past them.

use std::io::{Cursor, Read};

use crate::error::{ImportError, Reason};
use crate::import::Bestand;

/// Most entries accepted in one zip (nested zips included).
pub const MAX_ZIP_ENTRIES: usize = 100_000;
/// Most bytes one entry may inflate to (2 GiB).
pub const MAX_ZIP_ENTRY_UNCOMPRESSED: u64 = 2 << 30;
/// Most bytes all entries together may inflate to (32 GiB: a national BAG extract is about 80 GB of XML in
/// many nested zips; import it per deelbestand).
pub const MAX_ZIP_TOTAL_UNCOMPRESSED: u64 = 32 << 30;
/// Deepest zip-in-zip nesting.
pub const MAX_ZIP_DEPTH: usize = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZipLimits {
    pub max_entries: usize,
    pub max_entry_bytes: u64,
    pub max_total_bytes: u64,
}

impl Default for ZipLimits {
    fn default() -> Self {
        Self {
            max_entries: MAX_ZIP_ENTRIES,
            max_entry_bytes: MAX_ZIP_ENTRY_UNCOMPRESSED,
            max_total_bytes: MAX_ZIP_TOTAL_UNCOMPRESSED,
        }
    }
}

pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// Visitor of zip entries: (entry name, content) → continue?
pub type EntryVisitor<'a> = dyn FnMut(&str, &[u8]) -> Result<bool, ImportError> + 'a;

struct Budget {
    entries: usize,
    total: u64,
}

/// Calls `f(entry name, content)` for every file entry, one at a time (nested zips are opened). `f` returns
/// `Ok(false)` to stop early.
pub fn for_each_entry(
    zip_name: &str,
    bytes: &[u8],
    limits: &ZipLimits,
    f: &mut EntryVisitor<'_>,
) -> Result<(), ImportError> {
    let mut budget = Budget { entries: 0, total: 0 };
    walk(zip_name, bytes, limits, &mut budget, 0, f).map(|_| ())
}

fn walk(
    zip_name: &str,
    bytes: &[u8],
    limits: &ZipLimits,
    budget: &mut Budget,
    depth: usize,
    f: &mut EntryVisitor<'_>,
) -> Result<bool, ImportError> {
    let zerr = |element: &str, why: String| ImportError::new(zip_name, element, Reason::Zip(why));
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| zerr("zip", e.to_string()))?;
    if archive.len() > limits.max_entries.saturating_sub(budget.entries) {
        return Err(zerr("zip", format!("more than {} entries", limits.max_entries)));
    }
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|e| zerr("zip", e.to_string()))?;
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().map_err(|e| zerr("zip", e.to_string()))?.to_string();
        budget.entries += 1;
        if budget.entries > limits.max_entries {
            return Err(zerr(&name, format!("more than {} entries", limits.max_entries)));
        }
        let room = limits.max_entry_bytes.min(limits.max_total_bytes - budget.total);
        let mut content = Vec::with_capacity(entry.size().min(room).min(64 << 20) as usize);
        (&mut entry).take(room + 1).read_to_end(&mut content).map_err(|e| zerr(&name, e.to_string()))?;
        if content.len() as u64 > room {
            let which = if room == limits.max_entry_bytes { "per-entry" } else { "total" };
            return Err(zerr(
                &name,
                format!(
                    "inflates beyond the {which} limit ({} bytes per entry, {} bytes in total): refused as a possible zip bomb",
                    limits.max_entry_bytes, limits.max_total_bytes
                ),
            ));
        }
        budget.total += content.len() as u64;
        drop(entry);
        let full = format!("{zip_name}!{name}");
        if name.to_ascii_lowercase().ends_with(".zip") && is_zip(&content) {
            if depth + 1 > MAX_ZIP_DEPTH {
                return Err(zerr(&name, format!("zip nested deeper than {MAX_ZIP_DEPTH}")));
            }
            if !walk(&full, &content, limits, budget, depth + 1, f)? {
                return Ok(false);
            }
            continue;
        }
        if !f(&name, &content)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// All file entries of a zip in memory (nested zips opened), within the limits.
pub fn unzip(zip_name: &str, bytes: &[u8], limits: &ZipLimits) -> Result<Vec<Bestand>, ImportError> {
    let mut out = Vec::new();
    for_each_entry(zip_name, bytes, limits, &mut |name, content| {
        out.push((name.to_string(), content.to_vec()));
        Ok(true)
    })?;
    Ok(out)
}

/// Expands zips among the given files (each within the limits) into a flat list of files.
pub fn expand(files: Vec<Bestand>, limits: &ZipLimits) -> Result<Vec<Bestand>, ImportError> {
    let mut out = Vec::new();
    for (name, bytes) in files {
        if is_zip(&bytes) {
            out.extend(unzip(&name, &bytes, limits)?);
        } else {
            out.push((name, bytes));
        }
    }
    Ok(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    pub(crate) fn make_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, content) in entries {
            w.start_file(*name, opts).unwrap();
            w.write_all(content).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn a_zip_bomb_entry_is_refused_while_inflating() {
        let zeros = vec![0u8; 4 << 20];
        let z = make_zip(&[("bomb.xml", &zeros)]);
        assert!(z.len() < 64 << 10, "compresses well: {}", z.len());
        let limits = ZipLimits { max_entry_bytes: 1 << 20, ..ZipLimits::default() };
        let err = unzip("bomb.zip", &z, &limits).unwrap_err();
        assert!(err.to_string().contains("zip bomb"), "{err}");
        assert!(err.to_string().contains("bomb.xml"), "{err}");
    }

    #[test]
    fn the_total_and_entry_count_limits_hold_across_entries() {
        let one = vec![b'a'; 600 << 10];
        let z = make_zip(&[("a.xml", &one), ("b.xml", &one)]);
        let limits = ZipLimits { max_total_bytes: 1 << 20, ..ZipLimits::default() };
        assert!(unzip("t.zip", &z, &limits).unwrap_err().to_string().contains("total"));
        let limits = ZipLimits { max_entries: 1, ..ZipLimits::default() };
        assert!(unzip("t.zip", &z, &limits).unwrap_err().to_string().contains("entries"));
        assert_eq!(unzip("t.zip", &z, &ZipLimits::default()).unwrap().len(), 2);
    }

    #[test]
    fn nested_zips_are_opened() {
        let inner = make_zip(&[("x.xml", b"<a/>")]);
        let outer = make_zip(&[("inner.zip", &inner)]);
        let files = unzip("outer.zip", &outer, &ZipLimits::default()).unwrap();
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].0, "x.xml");
    }
}
