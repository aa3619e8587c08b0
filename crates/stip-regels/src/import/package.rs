//! Packages as zips: the import's wording of [`stip_geo::container`] (the hardened zip reader, with zip-bomb limits)
//! in [`ImportError`]s, and expanding zips among a package's files.
//!
//! Limits: [`ZipLimits::PACKAGE`] unless the caller passes others.

use stip_geo::container::{self, EntryVisitor, SizeLimit, Visit, ZipError, ZipProblem};

pub use stip_geo::container::{ZipLimits, is_zip};

use crate::error::{ImportError, Reason};
use crate::import::Bestand;

/// A refused zip in the import's words: the zip, the entry (or `zip`) and why.
fn import_error(e: ZipError, limits: &ZipLimits) -> ImportError {
    let why = match e.problem {
        ZipProblem::Malformed(m) => m,
        ZipProblem::TooManyEntries { .. } => format!("more than {} entries", limits.max_entries),
        ZipProblem::TooLarge { limit: SizeLimit::Ratio, .. } => format!(
            "inflates to more than {} times its compressed size: refused as a possible zip bomb",
            limits.max_ratio
        ),
        ZipProblem::TooLarge { limit, .. } => {
            let which = if limit == SizeLimit::PerEntry { "per-entry" } else { "total" };
            format!(
                "inflates beyond the {which} limit ({} bytes per entry, {} bytes in total): refused as a possible zip bomb",
                limits.max_entry_bytes, limits.max_total_bytes
            )
        }
        ZipProblem::TooDeep(depth) => format!("zip nested deeper than {depth}"),
    };
    ImportError::new(e.zip, e.entry.unwrap_or_else(|| "zip".into()), Reason::Zip(why))
}

/// Calls `f(entry name, content)` for every file entry, one at a time (nested zips are opened). `f` returns
/// `Ok(false)` to stop early.
pub fn for_each_entry(
    zip_name: &str,
    bytes: &[u8],
    limits: &ZipLimits,
    f: &mut EntryVisitor<'_, ImportError>,
) -> Result<(), ImportError> {
    container::for_each_entry(zip_name, bytes, limits, f).map_err(|e| match e {
        Visit::Zip(e) => import_error(e, limits),
        Visit::Caller(e) => e,
    })
}

/// All file entries of a zip in memory (nested zips opened), within the limits.
pub fn unzip(zip_name: &str, bytes: &[u8], limits: &ZipLimits) -> Result<Vec<Bestand>, ImportError> {
    container::unzip(zip_name, bytes, limits).map_err(|e| import_error(e, limits))
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
