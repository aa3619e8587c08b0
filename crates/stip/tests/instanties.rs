//! Two real `stip serve` processes on one PostgreSQL database, configured as the README's "Deployment" section says
//! (the same variables, checked against the README): a login on one is a login on the other, a form served by one is
//! accepted by the other, an import is live on both within a second, the same submit to both makes one case, every
//! queued message is sent once although both run the worker, and both name the same dataset versions in readiness.
//!
//! Runs on a database of its own (made and dropped here) in the server of `STIP_TEST_POSTGRES_URL`; without that
//! variable it is skipped with a note (with `STIP_REQUIRE_POSTGRES=1` it fails instead).

#[path = "../../stip-web/tests/common/smtp.rs"]
#[allow(dead_code)]
mod smtp;
mod support;

use smtp::{Mail, Smtp};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use stip_berichten::{Frequentie, Kanaal};
use stip_store::{
    AanvraagGegevens, AanvraagRepository, BerichtRepository, DatabaseUrl, GebruikerRepository, NieuwAbonnement,
    NieuweGebeurtenis, NieuweGebruiker, NieuweZaak, Rol, Store, ZaakRepository,
};

const WACHTWOORD: &str = "twee-instanties-een-database";
const BUREN: usize = 10;
const ZAKEN: usize = 10;

/// A database of its own on the test server, dropped when the test ends (also when it fails).
struct Database {
    beheer: String,
    naam: String,
    url: String,
}

impl Database {
    fn maak() -> Option<Database> {
        let Ok(beheer) = std::env::var("STIP_TEST_POSTGRES_URL") else {
            assert!(std::env::var("STIP_REQUIRE_POSTGRES").as_deref() != Ok("1"), "STIP_TEST_POSTGRES_URL is not set");
            eprintln!("note: STIP_TEST_POSTGRES_URL is not set; skipping the two-instance test");
            return None;
        };
        let naam = format!("stip_instanties_{}", uuid::Uuid::new_v4().simple());
        voer_uit(&beheer, &format!("CREATE DATABASE {naam}"));
        let (server, _) = beheer.split('?').next().unwrap().rsplit_once('/').unwrap();
        Some(Database { url: format!("{server}/{naam}"), beheer, naam })
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

fn vrije_poort() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The variables every instance gets alike, as the README's "Deployment" section lists them (values for this test).
fn gedeelde_omgeving(db: &Database, smtp_poort: u16) -> Vec<(&'static str, String)> {
    vec![
        ("STIP_DATABASE_URL", db.url.clone()),
        ("STIP_SERVER__PUBLIEKE_URL", "https://stip.test".into()),
        ("STIP_SESSIE__COOKIE_SECURE", "true".into()),
        ("STIP_DEMO__ENABLED", "false".into()),
        ("STIP_MAIL__SMTP_URL", format!("smtp://127.0.0.1:{smtp_poort}")),
        ("STIP_MAIL__AFZENDER", "stip <noreply@voorbeeldstad.example>".into()),
        ("STIP_LOG", "warn".into()),
    ]
}

/// The variables that differ per instance.
fn eigen_omgeving(addr: SocketAddr, data: &Path) -> Vec<(&'static str, String)> {
    vec![("STIP_BIND", addr.to_string()), ("STIP_DATA_DIR", data.display().to_string())]
}

/// The variable names of the README's example (the block after `<!-- deployment-env -->`).
fn readme_variabelen() -> BTreeSet<String> {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md")).unwrap();
    let (_, na) = readme.split_once("<!-- deployment-env -->").expect("the README has the deployment example");
    let blok = na.split("```").nth(1).expect("a code block follows the marker");
    blok.lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('=').map(|(k, _)| k.to_string()))
        .collect()
}

fn stip(omgeving: &[(&'static str, String)]) -> Command {
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

fn serve(omgeving: Vec<(&'static str, String)>, addr: SocketAddr) -> Child {
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
struct Instantie {
    addr: SocketAddr,
    proces: Child,
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

struct Antwoord {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Antwoord {
    /// The value a `Set-Cookie` header gives the cookie `naam`.
    fn cookie(&self, naam: &str) -> Option<String> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
            .filter_map(|(_, v)| v.split(';').next()?.trim().strip_prefix(&format!("{naam}=")).map(str::to_string))
            .next()
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

/// One HTTP/1.1 request; `None` when the connection fails.
fn http(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Option<Antwoord> {
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
fn formulier(velden: &[(&str, &str)]) -> String {
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

/// The dataset versions an instance says it serves.
fn versies(addr: SocketAddr) -> serde_json::Value {
    let a = http(addr, "GET", "/health/ready", &[], "").unwrap();
    assert_eq!(a.status, 200, "{}", a.body);
    a.json()["datasets"].clone()
}

/// An applicant with a password, a draft ready to submit, neighbours subscribed by e-mail and cases near them whose
/// first events wait in the outbox.
async fn bereid_voor(store: &Store) -> stip_store::AanvraagId {
    let hash = stip_app::wachtwoord::maak_hash(WACHTWOORD.into()).await.unwrap();
    let ilse = store
        .maak_gebruiker(NieuweGebruiker {
            email: Some("ilse@example.nl"),
            naam: "Ilse Initiatief",
            wachtwoord_hash: Some(&hash),
            rollen: &[Rol::Initiatiefnemer],
            ..NieuweGebruiker::default()
        })
        .await
        .unwrap();
    let gebied = serde_json::json!({ "Straal": { "midden": { "x": 155_000.0, "y": 463_000.0 }, "meter": 500.0 } });
    for i in 0..BUREN {
        let (email, sleutel) = (format!("buur{i}@example.nl"), format!("sleutel-{i}"));
        store
            .maak_abonnement(NieuwAbonnement {
                gebruiker: None,
                email: Some(&email),
                bevestigd: true,
                sleutel: &sleutel,
                omschrijving: "500 m rond Dorpsstraat 12",
                gebied: Some(gebied.clone()),
                gemeente: None,
                zaak_id: None,
                soorten: &[],
                activiteitgroepen: &[],
                kanaal: Kanaal::Email,
                frequentie: Frequentie::Direct,
                webhook_url: None,
                webhook_geheim: None,
                aangemaakt: time::OffsetDateTime::now_utc(),
            })
            .await
            .unwrap();
    }
    for i in 0..ZAKEN {
        let inhoud = serde_json::json!({
            "titel": format!("Dakkapel {i}"),
            "bevoegdGezag": "gm9999",
            "locatie": { "adres": format!("Dorpsstraat {}", 10 + i), "x": 155_000.0 + i as f64, "y": 463_000.0 },
            "activiteiten": [{ "id": "nl.imow-gm9999.activiteit.dakkapel", "naam": "Bouwen van een dakkapel" }],
        });
        let gegevens = AanvraagGegevens { bevoegd_gezag: "gm9999", titel: "Dakkapel", inhoud: &inhoud };
        let a = store.maak_aanvraag(uuid::Uuid::now_v7(), gegevens).await.unwrap();
        let nu = time::OffsetDateTime::now_utc();
        let leeg = serde_json::json!({ "procedure": "regulier" });
        store
            .dien_in(NieuweZaak {
                aanvraag_id: a.id,
                aanvraag_versie: a.versie,
                idempotentie_sleutel: "k",
                ingediend: nu,
                titel: "Dakkapel",
                locatie: "Dorpsstraat",
                perceel: None,
                openbaar: false,
                inhoud: &inhoud,
                procedure: "regulier",
                status: "ontvangen",
                uiterste_beslisdatum: nu.date() + time::Duration::weeks(8),
                team: None,
                behandelaar: None,
                eerste_gebeurtenis: NieuweGebeurtenis {
                    soort: "ingediend",
                    door: None,
                    door_naam: "Aanvrager",
                    op: nu,
                    gegevens: &leeg,
                },
            })
            .await
            .unwrap();
    }
    let inhoud = serde_json::json!({
        "titel": "Schuur", "omschrijving": "Een schuur achter het huis.", "bevoegdGezag": "gm9999",
        "locatie": { "x": 140000.0, "y": 470000.0 },
        "activiteiten": [{ "id": "nl.imow-gm9999.activiteit.bouwen", "naam": "Bouwen", "conclusie": "Vergunningplicht", "procedure": "regulier" }],
    });
    let gegevens = AanvraagGegevens { bevoegd_gezag: "gm9999", titel: "Schuur", inhoud: &inhoud };
    store.maak_aanvraag(ilse.id.0, gegevens).await.unwrap().id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_database_share_sessions_forms_imports_submits_and_background_work() {
    let Some(fx) = support::fixtures() else { return };
    let Some(db) = Database::maak() else { return };
    let dir = std::env::temp_dir().join(format!("stip-instanties-{}", uuid::Uuid::new_v4().simple()));
    let store = Store::open(&DatabaseUrl::parse(&db.url).unwrap()).await.unwrap();
    let aanvraag = bereid_voor(&store).await;

    // The configuration is the README's, word for word: the same variables, shared and per instance.
    let smtp = Smtp::start();
    let smtp_poort: u16 = smtp.url().rsplit(':').next().unwrap().parse().unwrap();
    let (addr_a, addr_b): (SocketAddr, SocketAddr) = (
        format!("127.0.0.1:{}", vrije_poort()).parse().unwrap(),
        format!("127.0.0.1:{}", vrije_poort()).parse().unwrap(),
    );
    let omgeving = |addr, data: &Path| [gedeelde_omgeving(&db, smtp_poort), eigen_omgeving(addr, data)].concat();
    let gebruikt: BTreeSet<String> =
        omgeving(addr_a, &dir).iter().map(|(k, _)| k.to_string()).filter(|k| k != "STIP_LOG").collect();
    assert_eq!(gebruikt, readme_variabelen(), "the test sets exactly the README's variables");
    let a = Instantie { addr: addr_a, proces: serve(omgeving(addr_a, &dir.join("a")), addr_a) };
    let b = Instantie { addr: addr_b, proces: serve(omgeving(addr_b, &dir.join("b")), addr_b) };

    // Log in on A with the login form; the session works on B.
    let formulier_a = http(a.addr, "GET", "/inloggen", &[], "").unwrap();
    let csrf = formulier_a.cookie("stip_csrf").expect("the login form sets the form token");
    let inlog = formulier(&[("email", "ilse@example.nl"), ("wachtwoord", WACHTWOORD), ("csrf", &csrf), ("terug", "/")]);
    let cookie = format!("stip_csrf={csrf}");
    let headers = [("Content-Type", "application/x-www-form-urlencoded"), ("Cookie", cookie.as_str())];
    let ingelogd = http(a.addr, "POST", "/inloggen", &headers, &inlog).unwrap();
    assert_eq!(ingelogd.status, 303, "logged in on A: {}", ingelogd.body);
    let sessie = ingelogd.cookie("stip_sessie").expect("a session cookie");
    let csrf = ingelogd.cookie("stip_csrf").expect("a new form token for the new session");
    let cookies = format!("stip_sessie={sessie}; stip_csrf={csrf}");
    let pagina_b = http(b.addr, "GET", "/", &[("Cookie", &cookies)], "").unwrap();
    assert_eq!(pagina_b.status, 200);
    assert!(pagina_b.body.contains("Uitloggen"), "B knows the session A started");

    // An API session made on A (a bearer token) works on B too; the same submit to both makes one case.
    let vraag = serde_json::json!({ "email": "ilse@example.nl", "wachtwoord": WACHTWOORD }).to_string();
    let token = http(a.addr, "POST", "/api/v1/sessies", &[("Content-Type", "application/json")], &vraag).unwrap();
    assert_eq!(token.status, 201, "{}", token.body);
    let bearer = format!("Bearer {}", token.json()["token"].as_str().unwrap());
    let pad = format!("/api/v1/aanvragen/{aanvraag}/indienen");
    let indieners: Vec<_> = [a.addr, b.addr]
        .into_iter()
        .map(|addr| {
            let (pad, bearer) = (pad.clone(), bearer.clone());
            std::thread::spawn(move || {
                let headers = [("Authorization", bearer.as_str()), ("Idempotency-Key", "schuur-1")];
                let a = http(addr, "POST", &pad, &headers, "").unwrap();
                assert!(a.status == 200 || a.status == 201, "{}: {}", a.status, a.body);
                (a.status, a.json()["zaaknummer"].as_str().unwrap().to_string())
            })
        })
        .collect();
    let antwoorden: Vec<(u16, String)> = indieners.into_iter().map(|t| t.join().unwrap()).collect();
    assert_eq!(antwoorden[0].1, antwoorden[1].1, "both instances answer with the same case");
    let mut statussen: Vec<u16> = antwoorden.iter().map(|(s, _)| *s).collect();
    statussen.sort();
    assert_eq!(statussen, [200, 201], "one made it, the other found it");
    assert!(store.zaak_van_aanvraag(aanvraag).await.unwrap().is_some());
    let filter = stip_store::ZaakFilter { bevoegd_gezag: Some("gm9999".into()), ..Default::default() };
    assert_eq!(store.tel_zaken(&filter).await.unwrap(), (ZAKEN + 1) as i64, "one case for the submitted draft");

    // Import with `stip import` on the same database: live on both within a second of its commit.
    assert_eq!(versies(a.addr), serde_json::json!([]));
    let plan = fx.join("imro/NL.IMRO.0798.BPDoornboom-ON01.gml");
    let import =
        stip(&omgeving(addr_a, &dir.join("import"))).args(["import", plan.to_str().unwrap()]).output().unwrap();
    assert!(import.status.success(), "{}", String::from_utf8_lossy(&import.stderr));
    let gepubliceerd = Instant::now();
    let mut live = BTreeMap::new();
    while live.len() < 2 {
        for (naam, addr) in [("A", a.addr), ("B", b.addr)] {
            if !live.contains_key(naam) && versies(addr).as_array().is_some_and(|v| !v.is_empty()) {
                live.insert(naam, gepubliceerd.elapsed());
            }
        }
        assert!(gepubliceerd.elapsed() < Duration::from_secs(10), "the import did not come into service: {live:?}");
        std::thread::sleep(Duration::from_millis(5));
    }
    eprintln!("import live after its commit: A {:?}, B {:?}", live["A"], live["B"]);
    for (naam, na) in &live {
        assert!(*na < Duration::from_secs(1), "{naam} served the import only after {na:?}");
    }
    let (va, vb) = (versies(a.addr), versies(b.addr));
    assert_eq!(va, vb, "both instances name the same dataset versions");
    assert_eq!(va.as_array().map(Vec::len), Some(1), "{va}");
    assert!(va[0]["sleutel"].as_str().is_some_and(|s| s.contains("BPDoornboom")), "{va}");

    // Every message is sent once, although both instances run the worker on the same outbox.
    let verwacht = BUREN * ZAKEN;
    let start = Instant::now();
    while store.tel_berichten().await.unwrap().afgeleverd < verwacht as i64 {
        assert!(start.elapsed() < Duration::from_secs(60), "not delivered: {:?}", store.tel_berichten().await.unwrap());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    smtp.wacht_op(verwacht).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let mut per_buur = BTreeMap::<String, Vec<String>>::new();
    for m in smtp.mails().iter().map(|m| Mail::lees(m)) {
        let aan = m.header("To").unwrap();
        if aan.contains("buur") {
            per_buur.entry(aan).or_default().push(m.header("Subject").unwrap());
        }
    }
    assert_eq!(per_buur.len(), BUREN);
    for (buur, onderwerpen) in &per_buur {
        let uniek: BTreeSet<_> = onderwerpen.iter().collect();
        assert_eq!((onderwerpen.len(), uniek.len()), (ZAKEN, ZAKEN), "{buur} gets each case's message exactly once");
    }

    // A form token A gave is accepted by B: logging out there works (a per-process key would refuse it with 403).
    let headers = [("Content-Type", "application/x-www-form-urlencoded"), ("Cookie", cookies.as_str())];
    let uit = http(b.addr, "POST", "/uitloggen", &headers, &formulier(&[("csrf", &csrf)])).unwrap();
    assert_eq!(uit.status, 303, "B accepts A's form token: {}", uit.body);
    let pagina_a = http(a.addr, "GET", "/", &[("Cookie", &cookies)], "").unwrap();
    assert!(!pagina_a.body.contains("Uitloggen"), "the session B ended is ended on A too");

    drop((a, b));
    store.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}
