//! Starts the real `stip` binary on the embedded default and runs the browser and contract checks in `e2e/`
//! (Node.js, playwright-core driving Debian's Chromium, axe-core, swagger-parser) against it; a third stip logs in
//! through a local OpenID Connect provider (panva's oidc-provider, `e2e/oidc-provider.mjs`).
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

fn vrije_poort() -> std::net::SocketAddr {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap()
}

fn wacht_tot_open(addr: std::net::SocketAddr, wat: &str) {
    let start = Instant::now();
    while std::net::TcpStream::connect(addr).is_err() {
        assert!(start.elapsed() < Duration::from_secs(60), "{wat} did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Starts `stip serve` on a free port with this data directory and waits until it answers.
fn start_stip(data: PathBuf) -> (std::net::SocketAddr, Server) {
    let addr = vrije_poort();
    (addr, start_stip_op(addr, data, None))
}

/// Starts `stip serve` on `addr`, with a configuration file when given.
fn start_stip_op(addr: std::net::SocketAddr, data: PathBuf, config: Option<&Path>) -> Server {
    let mut command = Command::new(env!("CARGO_BIN_EXE_stip"));
    if let Some(c) = config {
        command.arg("--config").arg(c);
    }
    let child = command
        .args(["serve", "--bind", &addr.to_string(), "--data-dir", data.to_str().unwrap(), "--log", "warn"])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let server = Server(child, data);
    wacht_tot_open(addr, "stip");
    server
}

/// Starts the local OpenID Connect provider for a stip at `stip` and a stip that logs in there (with a login link
/// offered too, its mail going to a closed port). Returns the stip's and the provider's addresses.
fn start_stip_met_oidc(e2e: &Path) -> (std::net::SocketAddr, String, Server, Server) {
    let (stip, poort) = (vrije_poort(), vrije_poort());
    let issuer = format!("http://{poort}");
    let provider = Command::new("node")
        .arg("oidc-provider.mjs")
        .current_dir(e2e)
        .env("OIDC_PORT", poort.port().to_string())
        .env("STIP_URL", format!("http://{stip}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("node must be installed");
    let data = std::env::temp_dir().join(format!("stip-e2e-oidc-{}", std::process::id()));
    let provider = Server(provider, data.join("provider"));
    wacht_tot_open(poort, "the OIDC provider");
    std::fs::create_dir_all(&data).unwrap();
    let config = data.join("stip.toml");
    let gesloten = vrije_poort();
    std::fs::write(
        &config,
        format!(
            "[server]\npublieke_url = \"http://{stip}\"\n\
             [mail]\nsmtp_url = \"smtp://{gesloten}\"\nafzender = \"stip <noreply@voorbeeldstad.example>\"\n\
             [oidc]\nissuer = \"{issuer}\"\nclient_id = \"stip\"\nclient_secret = \"stip-test-geheim-dat-lang-genoeg-is\"\n\
             redirect_url = \"http://{stip}/inloggen/oidc/terug\"\nknop = \"Inloggen met DigiD\"\n"
        ),
    )
    .unwrap();
    let server = start_stip_op(stip, data.clone(), Some(&config));
    (stip, issuer, server, provider)
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
    let (oidc_addr, issuer, _oidc_stip, _provider) = start_stip_met_oidc(&e2e);

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
            "vooroverleg.test.mjs",
            "oidc.test.mjs",
            "participatie.test.mjs",
            "toezicht.test.mjs",
            "realisatie.test.mjs",
            "woorden.test.mjs",
            "doorgaan.test.mjs",
            "hulp.test.mjs",
            "rapportage.test.mjs",
        ])
        .current_dir(&e2e)
        .env("STIP_URL", format!("http://{addr}"))
        .env("STIP_DEMO_URL", format!("http://{demo_addr}"))
        .env("STIP_OIDC_URL", format!("http://{oidc_addr}"))
        .env("OIDC_ISSUER", &issuer)
        .env("STIP_ARTIFACTS", &artifacts)
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node must be installed");
    let report = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    println!("{report}\nscreenshots: {}", artifacts.display());
    assert!(output.status.success(), "browser checks failed:\n{report}");
}
