//! Real `stip serve` processes for the binary's tests and benchmarks: a PostgreSQL database of their own, the
//! `stip` command with a clean environment, starting until ready and stopping with SIGTERM, and a one-shot HTTP/1.1
//! client with cookies and forms for talking to them.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A database of its own on a PostgreSQL server, dropped when it goes out of scope (also on a panic).
pub struct Database {
    beheer: String,
    naam: String,
    pub url: String,
}

impl Database {
    /// Makes a database named `<voorvoegsel>_<random>` on the server of `beheer` (a URL that may create databases).
    pub fn maak_op(beheer: &str, voorvoegsel: &str) -> Database {
        let naam = format!("{voorvoegsel}_{}", uuid::Uuid::new_v4().simple());
        voer_uit(beheer, &format!("CREATE DATABASE {naam}"));
        let (server, _) = beheer.split('?').next().unwrap().rsplit_once('/').unwrap();
        Database { url: format!("{server}/{naam}"), beheer: beheer.to_string(), naam }
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        voer_uit(&self.beheer, &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.naam));
    }
}

/// Runs one statement on a connection of its own, on a thread of its own (also from inside the test's runtime).
fn voer_uit(url: &str, sql: &str) {
    let (url, sql) = (url.to_string(), sql.to_string());
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            use sqlx::Connection;
            let mut c = sqlx::PgConnection::connect(&url).await.unwrap();
            sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut c).await.unwrap();
            c.close().await.unwrap();
        });
    })
    .join()
    .unwrap();
}

pub fn vrije_poort() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

pub fn stip(omgeving: &[(&'static str, String)]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_stip"));
    for (key, _) in std::env::vars() {
        if key.starts_with("STIP_") {
            cmd.env_remove(key);
        }
    }
    for (k, v) in omgeving {
        cmd.env(k, v);
    }
    cmd
}

pub fn serve(omgeving: Vec<(&'static str, String)>, addr: SocketAddr) -> Child {
    let mut child = stip(&omgeving).arg("serve").stderr(Stdio::inherit()).spawn().unwrap();
    let start = Instant::now();
    while http(addr, "GET", "/health/ready", &[], "").map(|a| a.status) != Some(200) {
        assert!(child.try_wait().unwrap().is_none(), "stip exited while starting");
        assert!(start.elapsed() < Duration::from_secs(60), "stip did not start within 60 s");
        std::thread::sleep(Duration::from_millis(50));
    }
    child
}

/// An instance that is stopped (SIGTERM, then waited for) when the test ends, also when it fails.
pub struct Instantie {
    pub addr: SocketAddr,
    pub proces: Child,
}

impl Drop for Instantie {
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.proces.id().to_string()]).status();
        let start = Instant::now();
        while self.proces.try_wait().ok().flatten().is_none() {
            if start.elapsed() > Duration::from_secs(20) {
                let _ = self.proces.kill();
                let _ = self.proces.wait();
                assert!(std::thread::panicking(), "stip did not stop within 20 s of SIGTERM");
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

pub struct Antwoord {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Antwoord {
    /// The value a `Set-Cookie` header gives the cookie `naam`.
    pub fn cookie(&self, naam: &str) -> Option<String> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
            .filter_map(|(_, v)| v.split(';').next()?.trim().strip_prefix(&format!("{naam}=")).map(str::to_string))
            .next()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

/// One HTTP/1.1 request; `None` when the connection fails.
pub fn http(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Option<Antwoord> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_millis(500)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(20))).ok()?;
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: stip.test\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).ok()?;
    let mut text = String::new();
    stream.read_to_string(&mut text).ok()?;
    let (kop, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut regels = kop.lines();
    let status = regels.next()?.split_whitespace().nth(1)?.parse().ok()?;
    let headers =
        regels.filter_map(|r| r.split_once(':')).map(|(k, v)| (k.to_string(), v.trim().to_string())).collect();
    Some(Antwoord { status, headers, body: body.to_string() })
}

/// `application/x-www-form-urlencoded` of the pairs.
pub fn formulier(velden: &[(&str, &str)]) -> String {
    let codeer = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    velden.iter().map(|(k, v)| format!("{}={}", codeer(k), codeer(v))).collect::<Vec<_>>().join("&")
}
