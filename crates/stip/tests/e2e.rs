//! Starts the real `stip` binary on the embedded default and runs the browser and contract checks in `e2e/`
//! (Node.js, playwright-core driving Debian's Chromium, axe-core, swagger-parser) against it.
//!
//! `scripts/test` installs what this needs (Chromium, the e2e npm packages); this test fails, not skips, without them.

mod support;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

struct Server(std::process::Child, PathBuf);
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
        let _ = std::fs::remove_dir_all(&self.1);
    }
}

/// Imports the fixture plans the browser checks walk through (when the fixtures are here).
fn importeer_fixtures(data: &Path) {
    let Some(fx) = support::fixtures() else { return };
    let out = Command::new(env!("CARGO_BIN_EXE_stip"))
        .arg("import")
        .arg(fx.join("imro/stationspleinzuidoost.gml"))
        .arg(fx.join("bag-brk/bag-doesburg-0221/0221NUM15092020-000001.xml"))
        .arg(fx.join("bag-brk/bag-doesburg-0221/0221VBO15092020-000001.xml"))
        .arg(fx.join("gemeentestad/opdracht"))
        .arg(fx.join("gemeentestad/toepasbareRegels"))
        .args(["--data-dir", data.to_str().unwrap(), "--log", "warn"])
        .output()
        .unwrap();
    assert!(out.status.success(), "import for the browser checks failed: {}", String::from_utf8_lossy(&out.stderr));
}

/// Starts `stip serve` on a free port with this data directory and waits until it answers.
fn start_stip(data: PathBuf) -> (std::net::SocketAddr, Server) {
    let addr = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_stip"))
        .args(["serve", "--bind", &addr.to_string(), "--data-dir", data.to_str().unwrap(), "--log", "warn"])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let server = Server(child, data);
    let start = Instant::now();
    while std::net::TcpStream::connect(addr).is_err() {
        assert!(start.elapsed() < Duration::from_secs(60), "stip did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    (addr, server)
}

#[test]
fn the_site_passes_the_browser_checks_in_chromium() {
    let root = repo_root();
    let e2e = root.join("e2e");
    assert!(
        e2e.join("node_modules/playwright-core").exists(),
        "e2e/node_modules is missing: run ./scripts/test (it runs `npm ci` in e2e/ and installs Chromium)"
    );
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(Path::new(&chromium).exists(), "{chromium} is missing: run ./scripts/test (it installs Debian's chromium)");

    // One stip with the fixtures imported, one fresh (it serves the built-in demo municipality).
    let data = std::env::temp_dir().join(format!("stip-e2e-{}", std::process::id()));
    importeer_fixtures(&data);
    let (addr, _server) = start_stip(data);
    let (demo_addr, _demo) = start_stip(std::env::temp_dir().join(format!("stip-e2e-demo-{}", std::process::id())));

    let artifacts = root.join("target/e2e-artifacts");
    let output = Command::new("node")
        .arg("--test")
        .arg("--test-reporter=spec")
        .args([
            "pages.test.mjs",
            "openapi.test.mjs",
            "vergunningcheck.test.mjs",
            "reis.test.mjs",
            "inloggen.test.mjs",
            "zaken.test.mjs",
        ])
        .current_dir(&e2e)
        .env("STIP_URL", format!("http://{addr}"))
        .env("STIP_DEMO_URL", format!("http://{demo_addr}"))
        .env("STIP_ARTIFACTS", &artifacts)
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node must be installed");
    let report = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    println!("{report}\nscreenshots: {}", artifacts.display());
    assert!(output.status.success(), "browser checks failed:\n{report}");
}
