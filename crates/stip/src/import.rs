//! `stip import PATH…`: recognises each path's format and hands it to the importer for that format.

use crate::config::Config;
use std::path::PathBuf;
use std::process::ExitCode;

pub async fn import(_config: Config, paths: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let mut failed = false;
    for path in paths {
        if !path.exists() {
            eprintln!("error: {}: no such file or directory", path.display());
        } else {
            eprintln!(
                "error: unsupported format: {}: stip recognises no importable data in it \
                 (supported: none yet)",
                path.display()
            );
        }
        failed = true;
    }
    Ok(if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}
