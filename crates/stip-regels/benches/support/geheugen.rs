//! The process's memory as the kernel counts it, for the benchmarks that print it (stip-regels' own, and the
//! national benchmarks of stip-sttr and stip-app, which include this file by path).
#![allow(dead_code)]

/// A `/proc/self/status` figure in MB (`"VmRSS:"` resident now, `"VmHWM:"` the peak so far); 0 where `/proc` does
/// not tell.
pub fn status_mb(key: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .map(|l| l.split_whitespace().nth(1).unwrap_or("0").parse::<f64>().unwrap_or(0.0))
        })
        .unwrap_or(0.0)
        / 1024.0
}

/// The process's peak resident memory so far (`VmHWM`), in MB.
pub fn vm_hwm_mb() -> f64 {
    status_mb("VmHWM:")
}

/// Resets VmHWM to the current RSS (Linux ≥ 4.0); false when not allowed.
pub fn reset_peak() -> bool {
    std::fs::OpenOptions::new()
        .write(true)
        .open("/proc/self/clear_refs")
        .and_then(|mut f| std::io::Write::write_all(&mut f, b"5"))
        .is_ok()
}
