//! Shared test helpers: locating the DSO fixtures and loading them into a catalog.
#![allow(dead_code, unused_macros, unused_imports)]

use std::path::{Path, PathBuf};
use stip_sttr::{Catalog, Model};

/// The fixture directory: `$STIP_FIXTURES`, else `../../../shared/dso-fixtures` from the crate.
/// Missing: prints a note and returns None, unless `STIP_REQUIRE_FIXTURES=1`, then panics.
pub fn fixtures() -> Option<PathBuf> {
    let dir = std::env::var_os("STIP_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/dso-fixtures"));
    if dir.join("gemeentestad").is_dir() {
        return Some(dir);
    }
    if std::env::var("STIP_REQUIRE_FIXTURES").as_deref() == Ok("1") {
        panic!(
            "STIP_REQUIRE_FIXTURES=1 but the DSO fixtures are missing at {} (set STIP_FIXTURES to the dso-fixtures directory)",
            dir.display()
        );
    }
    eprintln!("note: DSO fixtures not found at {}; skipping this test", dir.display());
    None
}

macro_rules! fixtures_or_skip {
    () => {
        match common::fixtures() {
            Some(d) => d,
            None => return,
        }
    };
}
pub(crate) use fixtures_or_skip;

pub fn read(dir: &Path, rel: &str) -> Vec<u8> {
    std::fs::read(dir.join(rel)).unwrap_or_else(|e| panic!("reading fixture {rel}: {e}"))
}

/// Every STTR DMN fixture: (relative path, bytes).
pub fn dmn_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for sub in ["gemeentestad/toepasbareRegels/extracted", "amsterdam-vergunningcheck"] {
        let mut names: Vec<_> = std::fs::read_dir(dir.join(sub))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.ends_with(".dmn"))
            .collect();
        names.sort();
        for n in names {
            let rel = format!("{sub}/{n}");
            out.push((rel.clone(), read(dir, &rel)));
        }
    }
    out
}

/// Every delivery zip fixture.
pub fn zip_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let sub = "gemeentestad/toepasbareRegels";
    let mut names: Vec<_> = std::fs::read_dir(dir.join(sub))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".zip"))
        .collect();
    names.sort();
    names.into_iter().map(|n| (format!("{sub}/{n}"), read(dir, &format!("{sub}/{n}")))).collect()
}

/// All fixture models (from the single .dmn files).
pub fn models(dir: &Path) -> Vec<(String, Model)> {
    dmn_files(dir)
        .into_iter()
        .map(|(n, b)| {
            let m = stip_sttr::import_dmn(&n, &b).unwrap_or_else(|e| panic!("{e}")).remove(0);
            (n, m)
        })
        .collect()
}

/// A catalog as the application would build it: Gemeentestad delivery zips plus the Amsterdam files.
pub fn catalog(dir: &Path) -> Catalog {
    let mut c = Catalog::default();
    for (n, b) in zip_files(dir) {
        let lev = stip_sttr::import_zip(&n, &b).unwrap_or_else(|e| panic!("{e}"));
        c.add_models(lev.models);
        c.add_activiteiten(lev.activiteiten);
    }
    for (n, b) in dmn_files(dir) {
        if n.starts_with("amsterdam") {
            c.add_models(stip_sttr::import_dmn(&n, &b).unwrap());
        }
    }
    c
}

pub const BIJGEBOUW: &str = "nl.imow-gm0297.activiteit.2019000800";
pub const KAPPEN: &str = "nl.imow-gm0297.activiteit.2019000810";
