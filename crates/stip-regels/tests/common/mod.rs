//! Shared test helpers: locating the real fixtures (`$STIP_FIXTURES` or `../shared/dso-fixtures`).
#![allow(dead_code)]

use std::path::PathBuf;

use stip_regels::RegelIndex;
use stip_regels::import::{self, bag, brk, imro, stop_tpod};
use stip_regels::model::{Pand, Perceel, PlanVersie};

/// The fixture folder, or `None` (with a printed note) when it is missing; panics when
/// `STIP_REQUIRE_FIXTURES=1`.
pub fn fixtures() -> Option<PathBuf> {
    let dir = std::env::var_os("STIP_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/dso-fixtures"));
    if dir.join("README.md").exists() {
        return Some(dir);
    }
    if std::env::var("STIP_REQUIRE_FIXTURES").as_deref() == Ok("1") {
        panic!("STIP_REQUIRE_FIXTURES=1 but the fixtures are not at {} (set STIP_FIXTURES)", dir.display());
    }
    eprintln!("note: skipping, fixtures not found at {} (set STIP_FIXTURES)", dir.display());
    None
}

pub fn read_folder(dir: &std::path::Path) -> Vec<import::Bestand> {
    let mut files: Vec<import::Bestand> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

pub fn gemeentestad(f: &std::path::Path) -> PlanVersie {
    stop_tpod::import(read_folder(&f.join("gemeentestad/opdracht")), None).expect("gemeentestad imports")
}

pub fn imro_plan(f: &std::path::Path, name: &str) -> PlanVersie {
    let bytes = std::fs::read(f.join("imro").join(name)).unwrap();
    imro::import(name, &bytes, None).unwrap_or_else(|e| panic!("{name}: {e}"))
}

pub fn doesburg_panden(f: &std::path::Path) -> Vec<Pand> {
    let name = "0221PND15092020-all-panden.zip";
    let bytes = std::fs::read(f.join("bag-brk/bag-doesburg-0221").join(name)).unwrap();
    bag::import(&[(name.to_string(), bytes)], bag::BagOptions::default(), None).unwrap().panden
}

pub fn percelen(f: &std::path::Path) -> Vec<Perceel> {
    let name = "kadastralekaart_perceel.gml";
    let bytes = std::fs::read(f.join("bag-brk/brk-dkk-v5").join(name)).unwrap();
    brk::import(name, &bytes, None).unwrap()
}

/// An index of all fixture plans, the Doesburg panden and the DKK percelen.
pub fn full_index(f: &std::path::Path) -> RegelIndex {
    let plannen = vec![
        gemeentestad(f),
        imro_plan(f, "stationspleinzuidoost.gml"),
        imro_plan(f, "NL.IMRO.0664.BPBS03-ON99.gml"),
        imro_plan(f, "NL.IMRO.0798.BPDoornboom-ON01.gml"),
    ];
    RegelIndex::build(plannen, doesburg_panden(f), percelen(f))
}

/// A PostgreSQL connection for oracle tests (`$STIP_TEST_POSTGRES_URL`, else `$DATABASE_URL`, else
/// `postgres://postgres@127.0.0.1:5432/test`), or `None` (with a note) when unreachable; panics when
/// `STIP_REQUIRE_POSTGRES` is set.
pub async fn postgres() -> Option<sqlx::PgConnection> {
    use sqlx::Connection;
    let url = std::env::var("STIP_TEST_POSTGRES_URL")
        .or_else(|_| std::env::var("DATABASE_URL"))
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    match sqlx::PgConnection::connect(&url).await {
        Ok(mut c) => {
            sqlx::raw_sql("CREATE EXTENSION IF NOT EXISTS postgis").execute(&mut c).await.ok()?;
            Some(c)
        }
        Err(e) => {
            if std::env::var_os("STIP_REQUIRE_POSTGRES").is_some() {
                panic!("STIP_REQUIRE_POSTGRES is set but PostgreSQL at {url} is unreachable: {e}");
            }
            eprintln!("note: skipping the PostGIS comparison, PostgreSQL at {url} is unreachable: {e}");
            None
        }
    }
}

/// A zip (deflated) of these entries, in this order.
pub fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        w.start_file(*name, opts).unwrap();
        std::io::Write::write_all(&mut w, bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}
