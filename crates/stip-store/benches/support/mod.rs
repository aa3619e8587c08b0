//! What the stip-store benchmarks share: settings from the environment, percentiles, a small random generator, and a
//! store of each backend made for one run and removed after it.

#![allow(dead_code)] // each benchmark uses its own part of this

use std::time::Duration;
use stip_store::{DatabaseUrl, PgStore, SqliteStore, Store};

/// A setting from the environment (`STIP_BENCH_ZAKEN`, …), or its default when absent or unreadable.
pub fn env<T: std::str::FromStr>(k: &str, d: T) -> T {
    std::env::var(k).ok().and_then(|v| v.parse().ok()).unwrap_or(d)
}

pub fn pct(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// Prints one line: p50, p99 and max of the timings (sorted here).
pub fn report(label: &str, times: &mut [Duration]) -> Duration {
    times.sort_unstable();
    let p99 = pct(times, 0.99);
    println!(
        "  {label:<44} n={:<5} p50 {:>9.2?}  p99 {:>9.2?}  max {:>9.2?}",
        times.len(),
        pct(times, 0.5),
        p99,
        times[times.len() - 1]
    );
    p99
}

/// SplitMix64: reproducible data without a dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Where a benchmark's store lives, to reach its database around the store and to remove it afterwards.
pub enum Plek {
    Sqlite { dir: std::path::PathBuf, path: std::path::PathBuf },
    Postgres { url: DatabaseUrl, raw: String, schema: String },
}

/// A fresh SQLite store in a temporary directory (`STIP_BENCH_DIR`, default the system's temp dir: put it on the
/// disk you want to measure).
pub async fn sqlite(naam: &str) -> (Store, Plek) {
    let basis = std::env::var("STIP_BENCH_DIR").map(std::path::PathBuf::from).unwrap_or_else(|_| std::env::temp_dir());
    let dir = basis.join(format!("stip-bench-{naam}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = DatabaseUrl::sqlite_in(&dir);
    let store = SqliteStore::open(&url).await.expect("open sqlite");
    let DatabaseUrl::Sqlite { path } = url else { unreachable!("sqlite_in makes a sqlite URL") };
    (Store::Sqlite(store), Plek::Sqlite { dir, path })
}

/// A fresh PostgreSQL store in a schema of its own at `DATABASE_URL` (default
/// `postgres://postgres@127.0.0.1:5432/test`), or `None` when PostgreSQL is not reachable.
pub async fn postgres(naam: &str) -> Option<(Store, Plek)> {
    let raw = std::env::var("DATABASE_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    let url = DatabaseUrl::parse(&raw).unwrap();
    let schema = format!("bench_{naam}_{}", std::process::id());
    match PgStore::open_in_schema(&url, Some(&schema)).await {
        Ok(store) => Some((Store::Postgres(store), Plek::Postgres { url, raw, schema })),
        Err(e) => {
            println!("PostgreSQL not reachable at {url}: {e} — skipped");
            None
        }
    }
}

impl Plek {
    /// Removes the database (the SQLite directory, the PostgreSQL schema).
    pub async fn opruimen(self) {
        match self {
            Plek::Sqlite { dir, .. } => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Plek::Postgres { url, schema, .. } => PgStore::drop_schema(&url, &schema).await.unwrap(),
        }
    }
}
