//! Reading zip containers from bytes in memory, with zip-bomb limits: the one hardened zip reader of stip (STOP/TPOD,
//! IMRO, BAG and BRK packages in stip-regels, STTR deliveries in stip-sttr).
//!
//! Each caller states its limits ([`ZipLimits`]): how many entries, how many bytes per entry and in total, and
//! whether (and how deep) zips inside the zip are opened. An entry whose declared size is over a limit is refused
//! before it is inflated; sizes are also counted while inflating (the declared sizes are not trusted), so a lying
//! header cannot get past them. Errors are structured ([`ZipProblem`]) so each caller words them its own way.

use std::io::{Cursor, Read};

/// The limits one kind of container is read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZipLimits {
    /// Most entries (nested zips included).
    pub max_entries: usize,
    /// Most bytes one entry may inflate to.
    pub max_entry_bytes: u64,
    /// Most bytes all entries together may inflate to.
    pub max_total_bytes: u64,
    /// Deepest zip-in-zip nesting opened; `None`: an inner zip is an entry like any other.
    pub max_depth: Option<usize>,
}

impl ZipLimits {
    /// Plan and registry packages (STOP/TPOD, IMRO, BAG, BRK): 100 000 entries, 2 GiB per entry, 32 GiB in total
    /// (a national BAG extract is about 80 GB of XML in many nested zips; import it per deelbestand), zips inside
    /// the zip opened two deep.
    pub const PACKAGE: ZipLimits =
        ZipLimits { max_entries: 100_000, max_entry_bytes: 2 << 30, max_total_bytes: 32 << 30, max_depth: Some(2) };
    /// An STTR delivery (manifest + opdracht + dmn/json; real ones hold 3 entries, well below 1 MiB): 1 000 entries,
    /// 32 MiB per entry, 128 MiB in total; an inner zip is not opened.
    pub const STTR_LEVERING: ZipLimits =
        ZipLimits { max_entries: 1_000, max_entry_bytes: 32 << 20, max_total_bytes: 128 << 20, max_depth: None };
}

/// Whether these bytes start like a zip (a local file header, or the end record of an empty zip).
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// Which size limit an entry went over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SizeLimit {
    PerEntry,
    Total,
}

/// Why a zip was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZipProblem {
    /// Not a readable zip, or an entry that could not be read (the zip crate's message).
    Malformed(String),
    /// More entries than `max_entries`: `found` is the count in the central directory when known up front.
    TooManyEntries { found: Option<usize> },
    /// An entry over a size limit: `declared` is the size stated in the zip when that was already too large,
    /// `None` when the limit was reached while inflating.
    TooLarge { limit: SizeLimit, declared: Option<u64> },
    /// A zip inside a zip nested deeper than `max_depth`.
    TooDeep(usize),
}

/// A refused zip: the zip's name (`outer.zip!inner.zip` for a nested one), the entry (if one) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZipError {
    pub zip: String,
    pub entry: Option<String>,
    pub problem: ZipProblem,
}

impl ZipError {
    fn new(zip: &str, entry: Option<&str>, problem: ZipProblem) -> Self {
        Self { zip: zip.to_string(), entry: entry.map(str::to_string), problem }
    }
}

/// Visitor of zip entries: (entry name, content) → go on? (`E`: the caller's error).
pub type EntryVisitor<'a, E> = dyn FnMut(&str, &[u8]) -> Result<bool, E> + 'a;

/// Why [`for_each_entry`] stopped with an error: the zip was refused, or the visitor failed.
pub enum Visit<E> {
    Zip(ZipError),
    Caller(E),
}

struct Budget {
    entries: usize,
    total: u64,
}

/// Calls `f(entry name, content)` for every file entry, one at a time (nested zips are opened when the limits
/// say so). `f` returns `Ok(false)` to stop early; its errors come back as [`Visit::Caller`].
pub fn for_each_entry<E>(
    zip_name: &str,
    bytes: &[u8],
    limits: &ZipLimits,
    f: &mut EntryVisitor<'_, E>,
) -> Result<(), Visit<E>> {
    let mut budget = Budget { entries: 0, total: 0 };
    walk(zip_name, bytes, limits, &mut budget, 0, f).map(|_| ())
}

/// All file entries of a zip in memory (nested zips opened when the limits say so): (name, content).
pub fn unzip(zip_name: &str, bytes: &[u8], limits: &ZipLimits) -> Result<Vec<(String, Vec<u8>)>, ZipError> {
    let mut out = Vec::new();
    for_each_entry::<std::convert::Infallible>(zip_name, bytes, limits, &mut |name, content| {
        out.push((name.to_string(), content.to_vec()));
        Ok(true)
    })
    .map_err(|e| match e {
        Visit::Zip(e) => e,
        Visit::Caller(never) => match never {},
    })?;
    Ok(out)
}

/// The names in the central directory (directories included), without inflating anything; `None` when the bytes
/// are not a zip or it has more than `max_entries` entries.
pub fn entry_names(bytes: &[u8], limits: &ZipLimits) -> Option<Vec<String>> {
    let archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    if archive.len() > limits.max_entries {
        return None;
    }
    Some(archive.file_names().flatten().map(|n| n.to_string()).collect())
}

fn walk<E>(
    zip_name: &str,
    bytes: &[u8],
    limits: &ZipLimits,
    budget: &mut Budget,
    depth: usize,
    f: &mut EntryVisitor<'_, E>,
) -> Result<bool, Visit<E>> {
    let zerr = |entry: Option<&str>, problem: ZipProblem| Visit::Zip(ZipError::new(zip_name, entry, problem));
    let malformed = |entry: Option<&str>, e: &dyn std::fmt::Display| zerr(entry, ZipProblem::Malformed(e.to_string()));
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| malformed(None, &e))?;
    if archive.len() > limits.max_entries.saturating_sub(budget.entries) {
        return Err(zerr(None, ZipProblem::TooManyEntries { found: Some(archive.len()) }));
    }
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|e| malformed(None, &e))?;
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().map_err(|e| malformed(None, &e))?.to_string();
        budget.entries += 1;
        if budget.entries > limits.max_entries {
            return Err(zerr(Some(&name), ZipProblem::TooManyEntries { found: None }));
        }
        let which = |size: u64| if size > limits.max_entry_bytes { SizeLimit::PerEntry } else { SizeLimit::Total };
        let room = limits.max_entry_bytes.min(limits.max_total_bytes - budget.total);
        if entry.size() > room {
            let declared = entry.size();
            return Err(zerr(Some(&name), ZipProblem::TooLarge { limit: which(declared), declared: Some(declared) }));
        }
        let mut content = Vec::with_capacity(entry.size().min(room).min(64 << 20) as usize);
        (&mut entry).take(room + 1).read_to_end(&mut content).map_err(|e| malformed(Some(&name), &e))?;
        if content.len() as u64 > room {
            return Err(zerr(Some(&name), ZipProblem::TooLarge { limit: which(content.len() as u64), declared: None }));
        }
        budget.total += content.len() as u64;
        drop(entry);
        if let Some(max_depth) = limits.max_depth
            && name.to_ascii_lowercase().ends_with(".zip")
            && is_zip(&content)
        {
            if depth + 1 > max_depth {
                return Err(zerr(Some(&name), ZipProblem::TooDeep(max_depth)));
            }
            let full = format!("{zip_name}!{name}");
            if !walk(&full, &content, limits, budget, depth + 1, f)? {
                return Ok(false);
            }
            continue;
        }
        if !f(&name, &content).map_err(Visit::Caller)? {
            return Ok(false);
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    const ROOMY: ZipLimits =
        ZipLimits { max_entries: 1_000, max_entry_bytes: 1 << 30, max_total_bytes: 1 << 32, max_depth: Some(2) };

    fn make_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, content) in entries {
            w.start_file(*name, opts).unwrap();
            w.write_all(content).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn a_zip_bomb_entry_is_refused_before_it_is_inflated() {
        let zeros = vec![0u8; 4 << 20];
        let z = make_zip(&[("bomb.xml", &zeros)]);
        assert!(z.len() < 64 << 10, "compresses well: {}", z.len());
        let limits = ZipLimits { max_entry_bytes: 1 << 20, ..ROOMY };
        let err = unzip("bomb.zip", &z, &limits).unwrap_err();
        assert_eq!(err.entry.as_deref(), Some("bomb.xml"));
        assert_eq!(err.problem, ZipProblem::TooLarge { limit: SizeLimit::PerEntry, declared: Some(4 << 20) });
    }

    #[test]
    fn the_total_and_entry_count_limits_hold_across_entries() {
        let one = vec![b'a'; 600 << 10];
        let z = make_zip(&[("a.xml", &one), ("b.xml", &one)]);
        let limits = ZipLimits { max_total_bytes: 1 << 20, ..ROOMY };
        let err = unzip("t.zip", &z, &limits).unwrap_err();
        assert!(matches!(err.problem, ZipProblem::TooLarge { limit: SizeLimit::Total, .. }), "{err:?}");
        let limits = ZipLimits { max_entries: 1, ..ROOMY };
        let err = unzip("t.zip", &z, &limits).unwrap_err();
        assert_eq!(err.problem, ZipProblem::TooManyEntries { found: Some(2) });
        assert_eq!(unzip("t.zip", &z, &ROOMY).unwrap().len(), 2);
    }

    #[test]
    fn nested_zips_are_opened_only_when_the_limits_say_so_and_only_so_deep() {
        let inner = make_zip(&[("x.xml", b"<a/>")]);
        let outer = make_zip(&[("inner.zip", &inner)]);
        let files = unzip("outer.zip", &outer, &ROOMY).unwrap();
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].0, "x.xml");
        let files = unzip("outer.zip", &outer, &ZipLimits { max_depth: None, ..ROOMY }).unwrap();
        assert_eq!(files[0].0, "inner.zip");
        let err = unzip("outer.zip", &outer, &ZipLimits { max_depth: Some(0), ..ROOMY }).unwrap_err();
        assert_eq!(err.problem, ZipProblem::TooDeep(0));
    }

    #[test]
    fn bytes_that_are_not_a_zip_are_malformed() {
        let err = unzip("x.zip", b"PK\x03\x04 not really", &ROOMY).unwrap_err();
        assert!(matches!(err.problem, ZipProblem::Malformed(_)), "{err:?}");
        assert_eq!(entry_names(b"nope", &ROOMY), None);
    }
}
