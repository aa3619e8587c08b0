//! Importers, one folder per format, and format detection. Importers take bytes (a file, or a package as a list
//! of (file name, bytes)) and return values; they never touch the filesystem. An import returns a complete result
//! or an error, never a partial one.

pub mod bag;
pub mod brk;
pub mod imro;
pub mod package;
pub mod stop_tpod;

use serde::{Deserialize, Serialize};

pub use package::{ZipLimits, unzip};

/// A file of a package: name (path inside the package) and content.
pub type Bestand = (String, Vec<u8>);

/// Progress of an import, for a progress bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// What is being done (`lezen`, `koppelen`, ...).
    pub stap: &'static str,
    /// The file being read.
    pub bestand: String,
    /// Units done and total (bytes of the package, or objects).
    pub gedaan: u64,
    pub totaal: u64,
}

/// The optional progress callback every importer accepts.
pub type ProgressFn<'a> = Option<&'a mut dyn FnMut(Progress)>;

pub(crate) fn report(progress: &mut ProgressFn<'_>, p: Progress) {
    if let Some(f) = progress.as_mut() {
        f(p);
    }
}

/// The formats stip can import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Format {
    /// STOP/TPOD delivery (AKN besluit + OW files + GIO) of an omgevingsdocument.
    StopTpod,
    /// IMRO2012/2008/2006 bestemmingsplan GML.
    Imro,
    /// BAG 2.0 extract (XML or zip).
    Bag,
    /// BRK Kadastrale Kaart (DKK) GML.
    Brk,
}

impl Format {
    pub fn naam(self) -> &'static str {
        match self {
            Format::StopTpod => "STOP/TPOD",
            Format::Imro => "IMRO",
            Format::Bag => "BAG 2.0 extract",
            Format::Brk => "BRK Kadastrale Kaart",
        }
    }
}

/// Which format one file is, from its first bytes (XML by its root element, zip by the first bytes of its
/// entries; nothing is inflated or read whole); `None` when unsupported.
pub fn detect(name: &str, bytes: &[u8]) -> Option<Format> {
    if package::is_zip(bytes) {
        return detect_zip(name, std::io::Cursor::new(bytes));
    }
    detect_xml(bytes)
}

/// Which format a zip is (read from any seekable reader, e.g. a file): that of its first recognised entry, from
/// the entries' first bytes.
pub fn detect_zip<R: std::io::Read + std::io::Seek>(name: &str, zip: R) -> Option<Format> {
    let mut found = None;
    let head = stip_geo::xml::SNIFF_BYTES;
    let _ = stip_geo::container::for_each_head(name, zip, &ZipLimits::PACKAGE, head, &mut |entry, content| {
        if found.is_none() {
            found = detect(entry, content);
        }
        found.is_none()
    });
    found
}

/// Which format a package (folder content) is: the format most of its files have.
pub fn detect_package(files: &[Bestand]) -> Option<Format> {
    let mut counts: Vec<(Format, usize)> = Vec::new();
    for (name, bytes) in files {
        if let Some(f) = detect(name, bytes) {
            match counts.iter_mut().find(|(g, _)| *g == f) {
                Some((_, n)) => *n += 1,
                None => counts.push((f, 1)),
            }
        }
    }
    counts.into_iter().max_by_key(|(_, n)| *n).map(|(f, _)| f)
}

fn detect_xml(bytes: &[u8]) -> Option<Format> {
    let root = stip_geo::xml::sniff_root(bytes)?;
    match root.name.as_str() {
        "AanleveringBesluit"
        | "AanleveringInformatieObject"
        | "GeoInformatieObjectVaststelling"
        | "owBestand"
        | "Aanleveringen"
        | "publicatieOpdracht"
        | "Modules" => Some(Format::StopTpod),
        "manifest" if root.ns.contains("lvbb") => Some(Format::StopTpod),
        "FeatureCollectionIMRO" | "FeatureCollection" if root.ns.contains("geonovum.nl/imro") => Some(Format::Imro),
        "bagStand" | "BAG-Extract-Deelbestand-LVC" | "bagMutaties" => Some(Format::Bag),
        "DKK" | "FeatureCollection" if root.ns.contains("kadastralekaart") => Some(Format::Brk),
        _ => None,
    }
}
