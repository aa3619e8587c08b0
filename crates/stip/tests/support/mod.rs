//! What the binary's tests share: where the national fixtures are.

use std::path::{Path, PathBuf};

/// The fixtures folder (`$STIP_FIXTURES`, else `../shared/dso-fixtures` beside the repo). `None`, with a note, when it
/// is missing; with `STIP_REQUIRE_FIXTURES=1` a missing folder fails the test instead.
pub fn fixtures() -> Option<PathBuf> {
    let dir = std::env::var_os("STIP_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/dso-fixtures"));
    if dir.join("README.md").exists() {
        return Some(dir);
    }
    assert!(std::env::var("STIP_REQUIRE_FIXTURES").as_deref() != Ok("1"), "fixtures missing at {}", dir.display());
    eprintln!("note: fixtures missing at {}; skipping", dir.display());
    None
}
