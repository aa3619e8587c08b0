//! Reading zip containers, with zip-bomb limits: the one hardened zip reader of stip (STOP/TPOD, IMRO, BAG and BRK
//! packages in stip-regels, STTR deliveries in stip-sttr, `stip import` sniffing a zip on disk).
//!
//! Each caller states its limits ([`ZipLimits`]): how many entries, how many bytes per entry and in total, how far
//! an entry may inflate beyond its compressed size (the ratio), and whether (and how deep) zips inside the zip are
//! opened. An entry whose declared size is over a limit is refused before it is inflated; sizes are also counted
//! while inflating (the declared sizes are not trusted), so a lying header cannot get past them. Entries are
//! inflated one at a time, and [`for_each_head`] reads only the first bytes of each (to recognise a format without
//! inflating anything whole). Errors are structured ([`ZipProblem`]) so each caller words them its own way.

use std::io::{Cursor, Read, Seek};

/// The limits one kind of container is read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZipLimits {
    /// Most entries (nested zips included).
    pub max_entries: usize,
    /// Most bytes one entry may inflate to.
    pub max_entry_bytes: u64,
    /// Most bytes all entries together may inflate to.
    pub max_total_bytes: u64,
    /// Most bytes an entry may inflate to per compressed byte, and all entries together per byte of the zip
    /// (entries and zips under [`RATIO_FREE_BYTES`] are not held to it). Deflate reaches about 1 000; real XML and
    /// GML deliveries stay below 25.
    pub max_ratio: u64,
    /// Deepest zip-in-zip nesting opened; `None`: an inner zip is an entry like any other.
    pub max_depth: Option<usize>,
}

/// Inflated sizes up to this many bytes are allowed whatever the ratio (a tiny, very regular file is no bomb).
pub const RATIO_FREE_BYTES: u64 = 1 << 20;

impl ZipLimits {
    /// Plan and registry packages (STOP/TPOD, IMRO, BAG, BRK): 100 000 entries, 2 GiB per entry, 32 GiB in total
    /// (a national BAG extract is about 80 GB of XML in many nested zips; import it per deelbestand), at most 100
    /// times the compressed size, zips inside the zip opened two deep.
    pub const PACKAGE: ZipLimits = ZipLimits {
        max_entries: 100_000,
        max_entry_bytes: 2 << 30,
        max_total_bytes: 32 << 30,
        max_ratio: 100,
        max_depth: Some(2),
    };
    /// An STTR delivery (manifest + opdracht + dmn/json; real ones hold 3 entries, well below 1 MiB): 1 000 entries,
    /// 32 MiB per entry, 128 MiB in total, at most 100 times the compressed size; an inner zip is not opened.
    pub const STTR_LEVERING: ZipLimits = ZipLimits {
        max_entries: 1_000,
        max_entry_bytes: 32 << 20,
        max_total_bytes: 128 << 20,
        max_ratio: 100,
        max_depth: None,
    };
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
    /// Inflating too far beyond the compressed size (the entry's, or the whole zip's).
    Ratio,
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
    /// The total allowed: `max_total_bytes`, or less for a small zip (the ratio).
    max_total: u64,
}

impl Budget {
    fn new(limits: &ZipLimits, zip_len: u64) -> Budget {
        let by_ratio = limits.max_ratio.saturating_mul(zip_len).max(RATIO_FREE_BYTES);
        Budget { entries: 0, total: 0, max_total: limits.max_total_bytes.min(by_ratio) }
    }
}

/// Calls `f(entry name, content)` for every file entry, one at a time (nested zips are opened when the limits
/// say so). `f` returns `Ok(false)` to stop early; its errors come back as [`Visit::Caller`].
pub fn for_each_entry<E>(
    zip_name: &str,
    bytes: &[u8],
    limits: &ZipLimits,
    f: &mut EntryVisitor<'_, E>,
) -> Result<(), Visit<E>> {
    let mut budget = Budget::new(limits, bytes.len() as u64);
    walk(zip_name, Cursor::new(bytes), limits, &mut budget, 0, None, &mut |name, content| f(name, &content)).map(|_| ())
}

/// Calls `f(entry name, first bytes)` for every file entry with at most `head` bytes of it, inflating no more
/// than that (a nested zip, when the limits open it, is inflated whole within the limits to reach its entries).
/// Reads the zip from any seekable reader, so a zip on disk is sniffed without reading it. `f` returns `false`
/// to stop early.
pub fn for_each_head<R: Read + Seek>(
    zip_name: &str,
    mut reader: R,
    limits: &ZipLimits,
    head: usize,
    f: &mut dyn FnMut(&str, &[u8]) -> bool,
) -> Result<(), ZipError> {
    let len = reader.seek(std::io::SeekFrom::End(0)).map_err(|e| ZipError::new(zip_name, None, malformed(&e)))?;
    reader.rewind().map_err(|e| ZipError::new(zip_name, None, malformed(&e)))?;
    let mut budget = Budget::new(limits, len);
    walk::<_, std::convert::Infallible>(zip_name, reader, limits, &mut budget, 0, Some(head), &mut |name, content| {
        Ok(f(name, &content))
    })
    .map(|_| ())
    .map_err(|e| match e {
        Visit::Zip(e) => e,
        Visit::Caller(never) => match never {},
    })
}

/// All file entries of a zip in memory (nested zips opened when the limits say so): (name, content).
pub fn unzip(zip_name: &str, bytes: &[u8], limits: &ZipLimits) -> Result<Vec<(String, Vec<u8>)>, ZipError> {
    let mut out = Vec::new();
    let mut budget = Budget::new(limits, bytes.len() as u64);
    walk::<_, std::convert::Infallible>(zip_name, Cursor::new(bytes), limits, &mut budget, 0, None, &mut |n, c| {
        out.push((n.to_string(), c));
        Ok(true)
    })
    .map_err(|e| match e {
        Visit::Zip(e) => e,
        Visit::Caller(never) => match never {},
    })?;
    Ok(out)
}

/// The names in the central directory (directories included), without inflating anything; `None` when the reader
/// (bytes in a `Cursor`, or a file) holds no zip or it has more than `max_entries` entries.
pub fn entry_names<R: Read + Seek>(zip: R, limits: &ZipLimits) -> Option<Vec<String>> {
    let archive = zip::ZipArchive::new(zip).ok()?;
    if archive.len() > limits.max_entries {
        return None;
    }
    Some(archive.file_names().flatten().map(|n| n.to_string()).collect())
}

fn malformed(e: &dyn std::fmt::Display) -> ZipProblem {
    ZipProblem::Malformed(e.to_string())
}

/// What [`walk`] calls with each entry's name and bytes.
type Visitor<'a, E> = dyn FnMut(&str, Vec<u8>) -> Result<bool, E> + 'a;

fn walk<R: Read + Seek, E>(
    zip_name: &str,
    reader: R,
    limits: &ZipLimits,
    budget: &mut Budget,
    depth: usize,
    head: Option<usize>,
    f: &mut Visitor<'_, E>,
) -> Result<bool, Visit<E>> {
    let zerr = |entry: Option<&str>, problem: ZipProblem| Visit::Zip(ZipError::new(zip_name, entry, problem));
    let mut archive = zip::ZipArchive::new(reader).map_err(|e| zerr(None, malformed(&e)))?;
    if archive.len() > limits.max_entries.saturating_sub(budget.entries) {
        return Err(zerr(None, ZipProblem::TooManyEntries { found: Some(archive.len()) }));
    }
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|e| zerr(None, malformed(&e)))?;
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().map_err(|e| zerr(None, malformed(&e)))?.to_string();
        budget.entries += 1;
        if budget.entries > limits.max_entries {
            return Err(zerr(Some(&name), ZipProblem::TooManyEntries { found: None }));
        }
        let nested = limits.max_depth.is_some() && name.to_ascii_lowercase().ends_with(".zip");
        // the room this entry has, and the limit that sets it (the smallest)
        let by_ratio = limits.max_ratio.saturating_mul(entry.compressed_size()).max(RATIO_FREE_BYTES);
        let total_left = budget.max_total - budget.total;
        let total_limit = if budget.max_total < limits.max_total_bytes { SizeLimit::Ratio } else { SizeLimit::Total };
        let (room, limit) =
            [(limits.max_entry_bytes, SizeLimit::PerEntry), (by_ratio, SizeLimit::Ratio), (total_left, total_limit)]
                .into_iter()
                .min_by_key(|(room, _)| *room)
                .expect("three limits");
        let wanted = match head {
            Some(h) if !nested => (h as u64).min(room),
            _ => room,
        };
        if head.is_none() && entry.size() > room {
            return Err(zerr(Some(&name), ZipProblem::TooLarge { limit, declared: Some(entry.size()) }));
        }
        let mut content = Vec::with_capacity(entry.size().min(wanted).min(64 << 20) as usize);
        let read_up_to = if wanted < room { wanted } else { room + 1 };
        (&mut entry).take(read_up_to).read_to_end(&mut content).map_err(|e| zerr(Some(&name), malformed(&e)))?;
        if content.len() as u64 > room {
            return Err(zerr(Some(&name), ZipProblem::TooLarge { limit, declared: None }));
        }
        budget.total += content.len() as u64;
        drop(entry);
        if let Some(max_depth) = limits.max_depth
            && nested
            && is_zip(&content)
        {
            if depth + 1 > max_depth {
                return Err(zerr(Some(&name), ZipProblem::TooDeep(max_depth)));
            }
            let full = format!("{zip_name}!{name}");
            if !walk(&full, Cursor::new(content), limits, budget, depth + 1, head, f)? {
                return Ok(false);
            }
            continue;
        }
        if !f(&name, content).map_err(Visit::Caller)? {
            return Ok(false);
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    const ROOMY: ZipLimits = ZipLimits {
        max_entries: 1_000,
        max_entry_bytes: 1 << 30,
        max_total_bytes: 1 << 32,
        max_ratio: u64::MAX,
        max_depth: Some(2),
    };

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
    fn an_entry_inflating_a_hundred_times_its_compressed_size_is_refused_by_the_ratio_before_it_is_inflated() {
        let bomb = make_zip(&[("bomb.xml", &vec![b' '; 8 << 20])]);
        assert!(bomb.len() < 64 << 10, "compresses well: {}", bomb.len());
        let err = unzip("bomb.zip", &bomb, &ZipLimits::PACKAGE).unwrap_err();
        assert_eq!(err.entry.as_deref(), Some("bomb.xml"));
        assert_eq!(err.problem, ZipProblem::TooLarge { limit: SizeLimit::Ratio, declared: Some(8 << 20) });
        // a small, very regular entry is no bomb, and real data (20 times) passes
        assert!(unzip("klein.zip", &make_zip(&[("a.xml", &[b' '; 100_000])]), &ZipLimits::PACKAGE).is_ok());
    }

    #[test]
    fn many_entries_each_within_the_ratio_are_refused_by_the_ratio_of_the_whole_zip() {
        // each entry stays under the free 1 MiB; together they are far more than twice the zip
        let one = vec![b'x'; 600 << 10];
        let entries: Vec<(String, &[u8])> = (0..4).map(|i| (format!("{i}.xml"), one.as_slice())).collect();
        let refs: Vec<(&str, &[u8])> = entries.iter().map(|(n, b)| (n.as_str(), *b)).collect();
        let z = make_zip(&refs);
        let limits = ZipLimits { max_ratio: 2, ..ZipLimits::PACKAGE };
        let err = unzip("t.zip", &z, &limits).unwrap_err();
        assert!(matches!(err.problem, ZipProblem::TooLarge { limit: SizeLimit::Ratio, .. }), "{err:?}");
    }

    #[test]
    fn heads_give_the_first_bytes_of_each_entry_without_inflating_it_whole() {
        let mut big = b"<a>".to_vec();
        big.resize(8 << 20, b' ');
        let z = make_zip(&[("groot.xml", &big), ("klein.xml", b"<b/>")]);
        let mut seen = Vec::new();
        for_each_head("z.zip", Cursor::new(&z), &ZipLimits::PACKAGE, 4096, &mut |name, head| {
            seen.push((name.to_string(), head.len(), head[..3].to_vec()));
            true
        })
        .unwrap();
        assert_eq!(
            seen,
            vec![("groot.xml".to_string(), 4096, b"<a>".to_vec()), ("klein.xml".to_string(), 4, b"<b/".to_vec())]
        );
    }

    #[test]
    fn bytes_that_are_not_a_zip_are_malformed() {
        let err = unzip("x.zip", b"PK\x03\x04 not really", &ROOMY).unwrap_err();
        assert!(matches!(err.problem, ZipProblem::Malformed(_)), "{err:?}");
        assert_eq!(entry_names(Cursor::new(b"nope"), &ROOMY), None);
    }
}
