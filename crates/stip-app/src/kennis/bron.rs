//! A source as received: its name and its files, byte for byte. The binary reads it from disk; the store keeps it
//! (as a zip) so that what was imported can always be read again, whatever version of stip reads it.

use std::io::{Cursor, Write};

/// Largest stored source stip reads back (a national plan with 1 M locaties is a few GB of GML at most).
pub const MAX_BRON_BYTES: u64 = 16 * 1024 * 1024 * 1024;

/// One source: a single file, or the files of a delivery folder (names relative to it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bron {
    /// The path or file name the user gave, for messages and the dataset list.
    pub naam: String,
    pub bestanden: Vec<(String, Vec<u8>)>,
}

impl Bron {
    /// The total size of the files.
    pub fn grootte(&self) -> u64 {
        self.bestanden.iter().map(|(_, b)| b.len() as u64).sum()
    }

    /// Packs the files into a zip (deflated) for the store.
    pub fn to_zip(&self) -> Result<Vec<u8>, String> {
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        // a fixed file time: the same source packs to the same bytes, so its SHA-256 tells whether it changed
        let options = zip::write::SimpleFileOptions::default()
            .last_modified_time(zip::DateTime::default())
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        for (name, bytes) in &self.bestanden {
            out.start_file(name.as_str(), options).map_err(|e| format!("{}: {name}: {e}", self.naam))?;
            out.write_all(bytes).map_err(|e| format!("{}: {name}: {e}", self.naam))?;
        }
        out.finish().map(Cursor::into_inner).map_err(|e| format!("{}: {e}", self.naam))
    }

    /// Reads back what [`Bron::to_zip`] wrote, through stip's one hardened zip reader: the source's own files (a zip
    /// it holds stays a file), at most [`MAX_BRON_BYTES`] in all.
    pub fn from_zip(naam: &str, bytes: &[u8]) -> Result<Bron, String> {
        use stip_geo::container::{SizeLimit, ZipLimits, ZipProblem, unzip};
        const OPGESLAGEN: ZipLimits = ZipLimits {
            max_entries: 1_000_000,
            max_entry_bytes: MAX_BRON_BYTES,
            max_total_bytes: MAX_BRON_BYTES,
            // stip packed it itself, from files that passed the import's limits
            max_ratio: u64::MAX,
            max_depth: None,
        };
        let bestanden = unzip(naam, bytes, &OPGESLAGEN).map_err(|e| {
            let reden = match e.problem {
                ZipProblem::Malformed(m) => m,
                ZipProblem::TooManyEntries { .. } => format!("more than {} files", OPGESLAGEN.max_entries),
                ZipProblem::TooLarge { limit: SizeLimit::PerEntry | SizeLimit::Total | SizeLimit::Ratio, .. } => {
                    format!("larger than {MAX_BRON_BYTES} bytes")
                }
                ZipProblem::TooDeep(d) => format!("zip nested deeper than {d}"),
            };
            match e.entry {
                Some(entry) => format!("{}: {entry}: {reden}", e.zip),
                None => format!("{}: {reden}", e.zip),
            }
        })?;
        Ok(Bron { naam: naam.to_string(), bestanden })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_source_packs_to_the_same_bytes() {
        let bron = Bron { naam: "demo:bag".into(), bestanden: vec![("a.xml".into(), b"<a/>".to_vec())] };
        assert_eq!(bron.to_zip().unwrap(), bron.clone().to_zip().unwrap());
    }

    #[test]
    fn a_source_comes_back_from_its_zip_byte_for_byte() {
        let bron = Bron {
            naam: "opdracht".into(),
            bestanden: vec![("a b.xml".into(), b"<a/>".to_vec()), ("sub/c.gml".into(), vec![0, 1, 2, 255])],
        };
        assert_eq!(Bron::from_zip("opdracht", &bron.to_zip().unwrap()).unwrap(), bron);
    }

    #[test]
    fn a_zip_the_source_holds_stays_a_file_and_broken_bytes_are_named() {
        let binnen = Bron { naam: "bag".into(), bestanden: vec![("a.xml".into(), b"<a/>".to_vec())] };
        let bron = Bron { naam: "levering".into(), bestanden: vec![("bag.zip".into(), binnen.to_zip().unwrap())] };
        assert_eq!(Bron::from_zip("levering", &bron.to_zip().unwrap()).unwrap(), bron);
        let fout = Bron::from_zip("dataset 7", b"geen zip").unwrap_err();
        assert!(fout.starts_with("dataset 7: "), "{fout}");
    }
}
