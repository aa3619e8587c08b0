//! The `stip` binary as a newcomer meets it: help, version, serving on the embedded default, graceful shutdown,
//! and one clear error line for every kind of bad start-up input.

mod support;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn stip() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_stip"));
    for (key, _) in std::env::vars() {
        if key.starts_with("STIP_") {
            cmd.env_remove(key);
        }
    }
    cmd.env("STIP_LOG", "warn");
    cmd
}

struct TempDir(PathBuf);
impl TempDir {
    fn new() -> TempDir {
        let dir = std::env::temp_dir().join(format!("stip-cli-{}-{}", std::process::id(), rand_suffix()));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos()
}

fn free_port() -> SocketAddr {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap()
}

/// Asserts that a failed start said exactly one `error:` line and nothing that looks like a crash.
fn assert_one_clear_error(output: &Output, expected: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "it should fail; stderr: {stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "exactly one error line, got: {stderr}");
    assert!(errors[0].contains(expected), "error line {:?} should mention {expected:?}", errors[0]);
    assert!(!stderr.contains("panicked") && !stderr.contains("backtrace"), "no panic: {stderr}");
}

fn http_get(addr: SocketAddr, path: &str) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_millis(200)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").ok()?;
    let mut text = String::new();
    stream.read_to_string(&mut text).ok()?;
    let status = text.split_whitespace().nth(1)?.parse().ok()?;
    Some((status, text))
}

fn wait_until_ready(addr: SocketAddr, child: &mut Child) -> (u16, String) {
    let start = Instant::now();
    loop {
        if let Some(answer) = http_get(addr, "/health/ready") {
            return answer;
        }
        if let Ok(Some(status)) = child.try_wait() {
            let mut err = String::new();
            child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
            panic!("stip exited early with {status}: {err}");
        }
        assert!(start.elapsed() < Duration::from_secs(30), "stip did not start within 30 s");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn help_and_version_describe_every_subcommand() {
    let out = stip().arg("--version").output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("stip "));
    let help = String::from_utf8_lossy(&stip().arg("--help").output().unwrap().stdout).into_owned();
    for sub in ["serve", "import", "openapi"] {
        assert!(help.contains(sub), "{help}");
        let sub_help = stip().args([sub, "--help"]).output().unwrap();
        assert!(sub_help.status.success(), "{sub} --help");
        assert!(String::from_utf8_lossy(&sub_help.stdout).contains("Usage: stip"));
    }
}

#[test]
fn serve_creates_the_database_on_first_start_answers_ready_and_stops_cleanly_on_sigterm() {
    let dir = TempDir::new();
    let data = dir.0.join("nieuw").join("stip-data");
    let addr = free_port();
    let mut child = stip()
        .args(["serve", "--bind", &addr.to_string(), "--data-dir", data.to_str().unwrap()])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (status, body) = wait_until_ready(addr, &mut child);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(r#""database":"sqlite""#), "{body}");
    assert!(data.join("stip.db").exists(), "the embedded database is created in the data directory");
    let (status, home) = http_get(addr, "/").unwrap();
    assert_eq!(status, 200);
    assert!(home.contains(r#"<html lang="nl""#));
    Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    let exit = child.wait().unwrap();
    assert!(exit.success(), "a graceful shutdown exits 0, got {exit}");
}

#[test]
fn an_unknown_key_in_the_config_file_stops_start_up_with_one_line_naming_it() {
    let dir = TempDir::new();
    let file = dir.0.join("stip.toml");
    std::fs::write(&file, "[server]\nbnd = \"127.0.0.1:1\"\n").unwrap();
    let out = stip().args(["--config", file.to_str().unwrap(), "serve"]).output().unwrap();
    assert_one_clear_error(&out, "unknown field `bnd`");
}

#[test]
fn an_unreachable_database_stops_start_up_with_one_line_and_no_password() {
    let dir = TempDir::new();
    let out = stip()
        .args(["serve", "--data-dir", dir.0.to_str().unwrap(), "--bind", &free_port().to_string()])
        .env("STIP_DATABASE_URL", "postgres://stip:geheim@127.0.0.1:1/stip")
        .output()
        .unwrap();
    assert_one_clear_error(&out, "cannot open the database at postgres://stip:***@127.0.0.1:1/stip");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("geheim"));
}

#[test]
fn a_database_url_mounted_as_a_secret_file_is_used_and_its_password_never_shown() {
    let dir = TempDir::new();
    let secret = dir.0.join("db");
    std::fs::write(&secret, "postgres://stip:geheim@127.0.0.1:1/stip\n").unwrap();
    let out = stip()
        .args(["serve", "--data-dir", dir.0.to_str().unwrap(), "--bind", &free_port().to_string()])
        .env("STIP_DATABASE_URL_FILE", &secret)
        .output()
        .unwrap();
    assert_one_clear_error(&out, "cannot open the database at postgres://stip:***@127.0.0.1:1/stip");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("geheim"));
}

#[test]
fn an_unknown_stip_variable_stops_start_up_with_one_line_naming_it_and_its_key() {
    let out = stip().args(["serve", "--bind", &free_port().to_string()]).env("STIP_SERVER__BND", "x").output().unwrap();
    assert_one_clear_error(&out, "STIP_SERVER__BND: server.bnd: unknown field `bnd`");
    let out = stip().args(["--set", "server.max_body_bytes=veel", "serve"]).output().unwrap();
    assert_one_clear_error(&out, "--set: server.max_body_bytes");
}

#[test]
fn a_port_in_use_stops_start_up_with_one_line_naming_the_address() {
    let dir = TempDir::new();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let out = stip().args(["serve", "--data-dir", dir.0.to_str().unwrap(), "--bind", &addr]).output().unwrap();
    assert_one_clear_error(&out, &format!("cannot listen on {addr}"));
}

#[test]
fn a_data_directory_that_cannot_be_written_stops_start_up_with_one_line() {
    let dir = TempDir::new();
    let file = dir.0.join("een-bestand");
    std::fs::write(&file, "geen map").unwrap();
    let data = file.join("stip-data");
    let out = stip()
        .args(["serve", "--data-dir", data.to_str().unwrap(), "--bind", &free_port().to_string()])
        .output()
        .unwrap();
    assert_one_clear_error(&out, "is not writable");
}

#[test]
fn an_unsupported_database_scheme_stops_start_up_with_one_line() {
    let out = stip().args(["serve", "--database-url", "mysql://localhost/stip"]).output().unwrap();
    assert_one_clear_error(&out, "unsupported scheme \"mysql\"");
}

#[test]
fn import_of_something_unrecognised_says_unsupported_format_and_fails() {
    let dir = TempDir::new();
    let file = dir.0.join("notities.txt");
    std::fs::write(&file, "dit is geen plan").unwrap();
    let out = stip().args(["import", file.to_str().unwrap(), "--data-dir", dir.0.to_str().unwrap()]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("unsupported format") && stderr.contains("notities.txt"), "{stderr}");
}

#[test]
fn openapi_prints_the_api_document() {
    let out = stip().arg("openapi").output().unwrap();
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
}

#[test]
fn a_running_server_picks_up_a_new_import_and_keeps_serving_through_a_failed_one() {
    let Some(fx) = support::fixtures() else { return };
    let dir = TempDir::new();
    let data = dir.0.join("data");
    let addr = free_port();
    let mut child = stip()
        .args(["serve", "--bind", &addr.to_string(), "--data-dir", data.to_str().unwrap()])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_until_ready(addr, &mut child);
    let hoogte = || {
        let (_, body) = http_get(addr, "/api/v1/regels?x=51540.06&y=390835.00").unwrap();
        body.contains(r#""type":"MaximumBouwhoogte""#)
    };
    assert!(!hoogte(), "nothing imported yet");

    let import = |path: &std::path::Path| {
        stip().args(["import", path.to_str().unwrap(), "--data-dir", data.to_str().unwrap()]).output().unwrap()
    };
    assert!(import(&fx.join("imro/stationspleinzuidoost.gml")).status.success());
    let start = Instant::now();
    while !hoogte() {
        assert!(start.elapsed() < Duration::from_secs(30), "the server did not pick up the import");
        std::thread::sleep(Duration::from_millis(200));
    }

    let broken = dir.0.join("kapot.gml");
    std::fs::write(&broken, "<imro:FeatureCollectionIMRO xmlns:imro=\"http://www.geonovum.nl/imro/2012/1.1\"><kapot")
        .unwrap();
    assert!(!import(&broken).status.success());
    std::thread::sleep(Duration::from_secs(6));
    assert!(hoogte(), "the previous version stays in service");
    let _ = child.kill();
    let _ = child.wait();
}

/// The JSON body of a GET (the server answers with a Content-Length, so the body follows the blank line).
fn get_json(addr: SocketAddr, path: &str) -> serde_json::Value {
    let (status, text) = http_get(addr, path).unwrap();
    assert_eq!(status, 200, "{path}: {text}");
    serde_json::from_str(text.split_once("\r\n\r\n").unwrap().1).unwrap()
}

fn serve(data: &std::path::Path, extra: &[&str]) -> (SocketAddr, Child) {
    let addr = free_port();
    let mut child = stip()
        .args(["serve", "--bind", &addr.to_string(), "--data-dir", data.to_str().unwrap()])
        .args(extra)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_until_ready(addr, &mut child);
    (addr, child)
}

fn stop(mut child: Child) -> String {
    Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(child.wait().unwrap().success());
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    err
}

fn demo_activiteiten(addr: SocketAddr) -> Vec<String> {
    let lijst = get_json(addr, "/api/v1/vergunningcheck/activiteiten");
    lijst.as_array().unwrap().iter().map(|a| a["naam"].as_str().unwrap().to_string()).collect()
}

#[test]
fn a_fresh_data_directory_serves_the_demo_municipality_until_real_data_is_imported() {
    let dir = TempDir::new();
    let data = dir.0.join("data");
    let (addr, child) = serve(&data, &["--log", "info"]);

    let adressen = get_json(addr, "/api/v1/adressen?q=Dorpsstraat%2012");
    assert_eq!(adressen[0]["weergave"], "Dorpsstraat 12, 1234 AB", "{adressen}");
    assert_eq!(get_json(addr, "/api/v1/adressen?q=1234%20AB%2012")[0]["straat"], "Dorpsstraat");
    let (x, y) = (adressen[0]["x"].as_f64().unwrap(), adressen[0]["y"].as_f64().unwrap());
    let regels = get_json(addr, &format!("/api/v1/regels?x={x}&y={y}"));
    let norm = |regels: &serde_json::Value, t: &str| {
        regels["normen"].as_array().unwrap().iter().find(|n| n["type"] == t).map(|n| n["waarde"].clone())
    };
    assert_eq!(norm(&regels, "MaximumBouwhoogte"), Some(serde_json::json!(10.0)), "{regels}");
    assert_eq!(norm(&regels, "MaximumGoothoogte"), Some(serde_json::json!(7.0)));
    let lindelaan = get_json(addr, "/api/v1/adressen?q=Lindelaan%203");
    let (lx, ly) = (lindelaan[0]["x"].as_f64().unwrap(), lindelaan[0]["y"].as_f64().unwrap());
    assert_eq!(
        norm(&get_json(addr, &format!("/api/v1/regels?x={lx}&y={ly}")), "MaximumBouwhoogte"),
        Some(serde_json::json!(7.0))
    );
    assert_eq!(demo_activiteiten(addr), ["Bijbehorend bouwwerk bouwen", "Boom kappen", "Dakkapel plaatsen"]);
    let (_, home) = http_get(addr, "/").unwrap();
    assert!(home.contains("U ziet voorbeeldgegevens."), "the home page says that demo data is shown");

    if let Some(fx) = support::fixtures() {
        let out = stip()
            .args(["import", fx.join("gemeentestad/opdracht").to_str().unwrap(), "--data-dir", data.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let start = Instant::now();
        while !get_json(addr, "/api/v1/adressen?q=Dorpsstraat%2012").as_array().unwrap().is_empty() {
            assert!(start.elapsed() < Duration::from_secs(30), "the import did not retire the demo");
            std::thread::sleep(Duration::from_millis(200));
        }
        assert!(demo_activiteiten(addr).is_empty(), "the demo's toepasbare regels are gone too");
        assert!(norm(&get_json(addr, &format!("/api/v1/regels?x={x}&y={y}")), "MaximumBouwhoogte").is_none());
        let (_, home) = http_get(addr, "/").unwrap();
        assert!(!home.contains("U ziet voorbeeldgegevens."));
        let gemeentestad = get_json(addr, "/api/v1/regels?x=138398.3&y=424546.8");
        assert_eq!(norm(&gemeentestad, "MaximumBouwhoogte"), Some(serde_json::json!(13.0)), "the real data serves");
    }
    let log = stop(child);
    assert!(log.contains("demo data loaded: Gemeente Voorbeeldstad — import real data with `stip import`"), "{log}");
}

#[test]
fn with_no_demo_a_fresh_server_starts_empty_a_restart_keeps_the_same_demo_and_switching_it_off_retires_it() {
    let dir = TempDir::new();
    let data = dir.0.join("data");
    let (addr, child) = serve(&data, &["--no-demo"]);
    assert!(get_json(addr, "/api/v1/adressen?q=Dorpsstraat%2012").as_array().unwrap().is_empty());
    assert!(demo_activiteiten(addr).is_empty());
    let (_, home) = http_get(addr, "/").unwrap();
    assert!(!home.contains("U ziet voorbeeldgegevens."));
    stop(child);

    let (addr, child) = serve(&data, &["--log", "info"]);
    assert_eq!(demo_activiteiten(addr).len(), 3, "on by default");
    assert!(stop(child).contains("demo data loaded"));
    let (addr, child) = serve(&data, &["--log", "info"]);
    assert_eq!(demo_activiteiten(addr).len(), 3);
    let log = stop(child);
    assert!(log.contains("demo data shown") && !log.contains("demo data loaded"), "the same demo is kept: {log}");
    let addr = free_port();
    let mut child = stip()
        .args(["serve", "--bind", &addr.to_string(), "--data-dir", data.to_str().unwrap()])
        .env("STIP_DEMO__ENABLED", "false")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_until_ready(addr, &mut child);
    assert!(demo_activiteiten(addr).is_empty(), "STIP_DEMO__ENABLED=false takes the demo out of service");
    stop(child);
}

/// Starts `serve` with a config file and returns its output (it should fail before binding).
fn serve_with_config(toml: &str) -> Output {
    let dir = TempDir::new();
    let file = dir.0.join("stip.toml");
    std::fs::write(&file, toml).unwrap();
    stip()
        .args(["--config", file.to_str().unwrap(), "serve", "--data-dir", dir.0.to_str().unwrap()])
        .args(["--bind", &free_port().to_string()])
        .output()
        .unwrap()
}

#[test]
fn a_bevoegd_gezag_with_a_wrong_code_stops_start_up_with_one_line_naming_the_key() {
    let out = serve_with_config("[[host.bevoegd_gezag]]\nnaam = \"Gemeente Utrecht\"\ncode = \"Utrecht\"\n");
    assert_one_clear_error(&out, "host.bevoegd_gezag[0].code");
}

#[test]
fn a_team_with_an_unknown_key_or_a_reversed_bbox_stops_start_up_with_one_line() {
    let base = "[[host.bevoegd_gezag]]\nnaam = \"Gemeente Utrecht\"\ncode = \"gm0344\"\n[[host.bevoegd_gezag.team]]\nnaam = \"Bouwen\"\n";
    let out = serve_with_config(&format!("{base}activiteit = [\"bouwen\"]\n"));
    assert_one_clear_error(&out, "unknown field `activiteit`");
    let out = serve_with_config(&format!("{base}bbox = [10.0, 0.0, 1.0, 5.0]\n"));
    assert_one_clear_error(&out, "host.bevoegd_gezag[0].team[0].bbox");
}

#[test]
fn the_old_backoffice_user_section_stops_start_up_with_one_line_naming_it() {
    // Officials log in with their accounts now; a [backoffice] user and password would be a second way in.
    let out = serve_with_config("[backoffice]\ngebruiker = \"beheer\"\nwachtwoord_hash = \"geheim123\"\n");
    assert_one_clear_error(&out, "backoffice");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("geheim123"));
}
