//! What the stip-regels benchmarks share: settings from the environment and the process's peak memory.

/// A setting from the environment (`STIP_BENCH_SCALE`, …), or its default when absent or unreadable.
pub fn env<T: std::str::FromStr>(k: &str, d: T) -> T {
    std::env::var(k).ok().and_then(|v| v.parse().ok()).unwrap_or(d)
}

/// The process's peak resident memory so far (`VmHWM`), in MB; 0 where `/proc` does not tell.
pub fn vm_hwm_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.split_whitespace().nth(1).unwrap_or("0").parse::<f64>().unwrap_or(0.0))
        })
        .unwrap_or(0.0)
        / 1024.0
}
