//! What the stip-regels benchmarks share: settings from the environment and the process's peak memory.

pub mod geheugen;
pub use geheugen::vm_hwm_mb;

/// A setting from the environment (`STIP_BENCH_SCALE`, …), or its default when absent or unreadable.
pub fn env<T: std::str::FromStr>(k: &str, d: T) -> T {
    std::env::var(k).ok().and_then(|v| v.parse().ok()).unwrap_or(d)
}
