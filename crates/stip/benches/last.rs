//! Load benchmark of the mixed journey (issue 20, "load held"): real `stip serve` processes with the demo
//! municipality on loopback, the sessions logged in first (not timed), then an open-loop mix of map layers, address
//! search, what applies here, the Vergunningcheck's pages and API, the plan check (API, page and droog-oefenen
//! report), the home page, the official's case list and submits (draft, data, documents, submit with an
//! Idempotency-Key). Latency counts from the scheduled send. Prints per request type and overall: count, errors,
//! achieved rate, p50/p99/p99.9/max, and the server's resident memory (VmRSS) and the machine's load average every
//! 10 s. The goal: 0 errors and p99 ≤ 20 ms at 1,000 requests/s for 10 minutes on one instance, memory flat; the
//! same at 2× on two.
//!
//! Run with `cargo bench -p stip --bench last`: it lives beside the binary so that cargo builds `stip` (optimised,
//! the bench profile) and hands this bench its path. SQLite in a temporary data dir; with `STIP_BENCH_PG_URL` (or
//! `DATABASE_URL`) a PostgreSQL database of its own on that server, dropped after. `STIP_BENCH_RATE` (requests/s per
//! instance, default 1000), `STIP_BENCH_SECONDS` (default 600), `STIP_BENCH_CONNECTIONS` (keep-alive connections per
//! instance, default 32), `STIP_BENCH_INSTANCES` (default 1; 2 or more need PostgreSQL; the connections go to the
//! instances round robin), `STIP_BENCH_INDIENEN` (the submits' weight per 100 requests, default 5; 0 leaves them out).

#[path = "../tests/support/proces.rs"]
#[allow(dead_code)]
mod proces;
#[path = "../../stip-web/benches/support/mod.rs"]
#[allow(dead_code)]
mod support;

use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use stip_regels::synth::Rng;
use support::{Antwoord, Verkeer, verzoek};

const ILSE: &str = "ilse@voorbeeldstad.example";
const BEHANDELAAR: &str = "behandelaar@voorbeeldstad.example";
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

/// The request types and their weights in the mix (per 100 requests). The submit steps share one weight: each
/// connection goes through draft, data, documents and submit in turn, one step per slot.
const SOORTEN: &[(&str, u32)] = &[
    ("kaart: GET /api/v1/kaart/{laag}?bbox", 26),
    ("adres: GET /api/v1/adressen?q", 4),
    ("wat geldt hier: GET /api/v1/regels?x&y", 10),
    ("wat geldt hier: GET /kaart?x&y", 8),
    ("home: GET /", 5),
    ("vergunningcheck: GET /vergunningcheck?x&y", 4),
    ("vergunningcheck: GET /vergunningcheck/vraag", 5),
    ("vergunningcheck: GET /vergunningcheck/uitkomst", 5),
    ("vergunningcheck: POST /api/v1/vergunningcheck", 6),
    ("plancheck: GET /plancheck?x&y", 4),
    ("plancheck: POST /api/v1/plancheck", 8),
    ("plancheck: POST /droog-oefenen", 3),
    ("zaken: GET /backoffice/zaken (behandelaar)", 7),
    ("indienen: POST /api/v1/aanvragen", 5),
    ("indienen: PATCH /api/v1/aanvragen/{id}", 0),
    ("indienen: POST /api/v1/aanvragen/{id}/documenten", 0),
    ("indienen: POST /api/v1/aanvragen/{id}/indienen", 0),
];
const KAART: usize = 0;
const ADRES: usize = 1;
const REGELS: usize = 2;
const KAART_PAGINA: usize = 3;
const HOME: usize = 4;
const CHECK_START: usize = 5;
const CHECK_VRAAG: usize = 6;
const CHECK_UITKOMST: usize = 7;
const CHECK_API: usize = 8;
const PLANCHECK_PAGINA: usize = 9;
const PLANCHECK_API: usize = 10;
const DROOG_OEFENEN: usize = 11;
const ZAKEN: usize = 12;
const MAAK: usize = 13;
const INVULLEN: usize = 14;
const DOCUMENT: usize = 15;
const INDIENEN: usize = 16;

const LAGEN: [&str; 5] = ["locaties", "planobjecten", "panden", "percelen", "adressen"];

fn env<T: std::str::FromStr>(k: &str, d: T) -> T {
    std::env::var(k).ok().and_then(|v| v.parse().ok()).unwrap_or(d)
}

fn main() {
    let rate: f64 = env("STIP_BENCH_RATE", 1000.0);
    let seconds: f64 = env("STIP_BENCH_SECONDS", 600.0);
    let per_instantie: usize = env("STIP_BENCH_CONNECTIONS", 32);
    let aantal: usize = env("STIP_BENCH_INSTANCES", 1usize).max(1);
    let pg = std::env::var("STIP_BENCH_PG_URL").or_else(|_| std::env::var("DATABASE_URL")).ok();
    assert!(aantal == 1 || pg.is_some(), "STIP_BENCH_INSTANCES={aantal} needs PostgreSQL: set STIP_BENCH_PG_URL");

    // Declared before the instances, so dropped after them: the processes stop before their database goes.
    let db = pg.as_deref().map(|beheer| proces::Database::maak_op(beheer, "stip_last"));
    let dir = std::env::temp_dir().join(format!("stip-bench-last-{}", std::process::id()));
    let mut instanties = Vec::new();
    for i in 0..aantal {
        let addr: std::net::SocketAddr = format!("127.0.0.1:{}", proces::vrije_poort()).parse().unwrap();
        let mut omgeving = vec![
            ("STIP_BIND", addr.to_string()),
            ("STIP_DATA_DIR", dir.join(format!("instantie-{i}")).display().to_string()),
            ("STIP_LOG", "warn".to_string()),
        ];
        if let Some(db) = &db {
            omgeving.push(("STIP_DATABASE_URL", db.url.clone()));
        }
        let t = Instant::now();
        // One after the other: the first loads the demo into an empty database, the others find it there.
        let proces = proces::serve(omgeving, addr);
        println!("instance {i}: pid {} on {addr}, ready in {:.1} s", proces.id(), t.elapsed().as_secs_f64());
        instanties.push(proces::Instantie { addr, proces });
    }
    let backend = if db.is_some() { "PostgreSQL" } else { "SQLite" };

    let t = Instant::now();
    let reis = Arc::new(bereid_voor(instanties[0].addr));
    println!(
        "prepared in {:.1} s: {} places, {} checks ({} questions answered), a submit takes {} requests",
        t.elapsed().as_secs_f64(),
        reis.plekken.len(),
        reis.checks.len(),
        reis.checks.iter().map(|c| c.antwoorden.len()).sum::<usize>(),
        3 + reis.documenten
    );

    let totaal = rate * aantal as f64;
    let verbindingen: Vec<_> =
        (0..per_instantie * aantal).map(|c| (instanties[c % aantal].addr, Reiziger::new(reis.clone(), c))).collect();
    println!(
        "== mixed journey: {totaal:.0} req/s for {seconds:.0} s over {} keep-alive connections, {aantal} instance(s) \
         on {backend} (goal: 0 errors, p99 <= 20 ms, memory flat)",
        verbindingen.len()
    );
    let pids: Vec<u32> = instanties.iter().map(|i| i.proces.id()).collect();
    let cpu_voor: Vec<f64> = pids.iter().map(|p| cpu_seconden(&p.to_string())).collect();
    let eigen_voor = cpu_seconden("self");
    let geheugen = Geheugen::start(pids.clone());
    let load = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let uitslag = load.block_on(support::open_loop(verbindingen, totaal, seconds));
    let (monsters, belasting) = geheugen.stop();
    let eigen = cpu_seconden("self") - eigen_voor;
    let n = uitslag.metingen.len() as f64;

    let namen: Vec<&str> = SOORTEN.iter().map(|(n, _)| *n).collect();
    support::druk_af(&namen, &uitslag);
    for (i, m) in monsters.iter().enumerate() {
        let mb: Vec<String> = m.iter().map(|kb| format!("{:.0}", *kb as f64 / 1024.0)).collect();
        println!(
            "instance {i} VmRSS every 10 s (MB): first {}, last {}, max {:.0} — {}",
            mb.first().map_or("?", String::as_str),
            mb.last().map_or("?", String::as_str),
            m.iter().max().copied().unwrap_or(0) as f64 / 1024.0,
            mb.join(" ")
        );
    }
    let belasting: Vec<String> = belasting.iter().map(|l| format!("{l:.1}")).collect();
    println!("load average (1 min) every 10 s: {} (2 cores here are shared)", belasting.join(" "));
    for (i, (pid, voor)) in pids.iter().zip(cpu_voor).enumerate() {
        let cpu = cpu_seconden(&pid.to_string()) - voor;
        println!("instance {i} CPU {cpu:.1} s ({:.2} ms per request it answered)", cpu * 1000.0 / (n / aantal as f64));
    }
    println!("load generator CPU {eigen:.1} s ({:.2} ms per request)", eigen * 1000.0 / n);
    drop(instanties);
    drop(db);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A place in the demo village: its point (RD), a map view around it (WGS84 bbox) and its address in words.
struct Plek {
    x: f64,
    y: f64,
    bbox: String,
    adres: String,
}

/// A Vergunningcheck walked to its conclusion at setup: the activity, the place and the answers given.
struct Check {
    activiteit: String,
    x: f64,
    y: f64,
    antwoorden: Vec<(String, String)>,
}

impl Check {
    /// The pages' query string (answers as `antwoord.<id>`), with the first `n` answers.
    fn query(&self, n: usize) -> String {
        let mut q = format!("activiteit={}&x={:.2}&y={:.2}", codeer(&self.activiteit), self.x, self.y);
        for (k, v) in self.antwoorden.iter().take(n) {
            q.push_str(&format!("&{}={}", codeer(&format!("antwoord.{k}")), codeer(v)));
        }
        q
    }

    fn antwoorden_json(&self, n: usize) -> Value {
        Value::Object(self.antwoorden.iter().take(n).map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect())
    }
}

/// What every connection draws its requests from, prepared before the clock starts.
struct Reis {
    plekken: Vec<Plek>,
    checks: Vec<Check>,
    /// The check submits start from (a dakkapel where there is one).
    aanvraag: usize,
    /// Documents a submit uploads (the checklist of the draft, learnt at setup).
    documenten: usize,
    /// An anonymous visitor's form token (the `stip_csrf` cookie and field).
    csrf: String,
    /// The weight of each request type (`SOORTEN`'s, with `STIP_BENCH_INDIENEN` for the submits).
    gewichten: Vec<u32>,
    /// The official's session cookies.
    behandelaar: String,
    /// The applicant's API token (`Bearer …`).
    ilse: String,
}

/// Percent-encoding for query strings and forms.
fn codeer(s: &str) -> String {
    proces::formulier(&[("", s)]).trim_start_matches('=').to_string()
}

/// Logs in, starts the sessions and walks every checkable activity at every demo address to its conclusion, with
/// the one-shot client (nothing here is timed).
fn bereid_voor(addr: std::net::SocketAddr) -> Reis {
    let vraag = |method: &str, pad: &str, headers: &[(&str, &str)], body: &str| {
        let a = proces::http(addr, method, pad, headers, body).unwrap_or_else(|| panic!("{method} {pad}: no answer"));
        assert!(a.status < 400, "{method} {pad}: {} {}", a.status, a.body);
        a
    };
    let csrf = vraag("GET", "/", &[], "").cookie("stip_csrf").expect("the home page sets a form token");
    let cookie = format!("stip_csrf={csrf}");
    let inlog = proces::formulier(&[
        ("email", BEHANDELAAR),
        ("wachtwoord", stip_app::demo::DEMO_WACHTWOORD),
        ("csrf", &csrf),
        ("terug", "/"),
    ]);
    let headers = [("Content-Type", "application/x-www-form-urlencoded"), ("Cookie", cookie.as_str())];
    let ingelogd = vraag("POST", "/inloggen", &headers, &inlog);
    let behandelaar = format!(
        "stip_sessie={}; stip_csrf={}",
        ingelogd.cookie("stip_sessie").expect("a session cookie"),
        ingelogd.cookie("stip_csrf").expect("a form token for the session")
    );
    let body = json!({ "email": ILSE, "wachtwoord": stip_app::demo::DEMO_WACHTWOORD }).to_string();
    let token = vraag("POST", "/api/v1/sessies", &[("Content-Type", "application/json")], &body).json();
    let ilse = format!("Bearer {}", token["token"].as_str().expect("a token"));

    let mut plekken = Vec::new();
    let mut checks = Vec::new();
    for kavel in stip_demo::kavels() {
        let (x, y) = kavel.punt();
        let hoek = |dx: f64, dy: f64| {
            let w = stip_geo::transform::rd_to_wgs84(stip_geo::RdPoint::new(x + dx, y + dy).unwrap()).unwrap();
            (w.lon(), w.lat())
        };
        let ((w, s), (o, n)) = (hoek(-200.0, -120.0), hoek(200.0, 120.0));
        let adres = format!("{} {}", kavel.straat, kavel.huisnummer);
        plekken.push(Plek { x, y, bbox: format!("{w:.6},{s:.6},{o:.6},{n:.6}"), adres });
        let lijst = vraag("GET", &format!("/api/v1/vergunningcheck/activiteiten?x={x:.2}&y={y:.2}"), &[], "").json();
        for a in lijst.as_array().expect("a list of activities") {
            let activiteit = a["id"].as_str().unwrap().to_string();
            if let Some(antwoorden) = loop_check(&vraag, &activiteit, x, y) {
                checks.push(Check { activiteit, x, y, antwoorden });
            }
        }
    }
    assert!(!checks.is_empty(), "no activity could be checked at the demo addresses");
    let aanvraag = checks.iter().position(|c| c.activiteit.ends_with(".dakkapel")).unwrap_or(0);

    // A draft at setup tells how many documents the checklist asks (and that applying works).
    let headers = [("Content-Type", "application/json"), ("Authorization", ilse.as_str())];
    let a = vraag("POST", "/api/v1/aanvragen", &headers, &nieuwe_aanvraag(&checks[aanvraag]).to_string()).json();
    let documenten = vereisten(&a, "document").len();
    let mut gewichten: Vec<u32> = SOORTEN.iter().map(|(_, w)| *w).collect();
    gewichten[MAAK] = env("STIP_BENCH_INDIENEN", gewichten[MAAK]);
    Reis { plekken, checks, aanvraag, documenten, gewichten, csrf, behandelaar, ilse }
}

/// The body of `POST /api/v1/aanvragen` from a finished check.
fn nieuwe_aanvraag(c: &Check) -> Value {
    json!({ "activiteiten": [c.activiteit], "antwoorden": c.antwoorden_json(usize::MAX), "x": c.x, "y": c.y })
}

/// The ids of a draft's Indieningsvereisten of one `soort` (`gegeven` or `document`).
fn vereisten(aanvraag: &Value, soort: &str) -> Vec<String> {
    let activiteiten = aanvraag["aanvraag"]["activiteiten"].as_array().into_iter().flatten();
    activiteiten
        .flat_map(|a| a["vereisten"].as_array().into_iter().flatten())
        .filter(|v| v["soort"] == soort)
        .filter_map(|v| v["id"].as_str().map(str::to_string))
        .collect()
}

/// Walks one activity's check at (x, y) through the API, answering every question plausibly; the answers, or
/// `None` when the check cannot be finished with such answers.
fn loop_check(
    vraag: &impl Fn(&str, &str, &[(&str, &str)], &str) -> proces::Antwoord,
    activiteit: &str,
    x: f64,
    y: f64,
) -> Option<Vec<(String, String)>> {
    let mut antwoorden: Vec<(String, String)> = Vec::new();
    for _ in 0..20 {
        let body = json!({
            "activiteiten": [activiteit],
            "locatie": { "x": x, "y": y },
            "antwoorden": antwoorden.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect::<serde_json::Map<_, _>>(),
        });
        let stap =
            vraag("POST", "/api/v1/vergunningcheck", &[("Content-Type", "application/json")], &body.to_string()).json();
        if stap["status"] == "conclusie" {
            return Some(antwoorden);
        }
        let v = &stap["vraag"];
        let antwoord = match (&v["prefill"], v["type"].as_str()?) {
            (Value::String(s), _) => s.clone(),
            (Value::Bool(b), _) => if *b { "ja" } else { "nee" }.to_string(),
            (Value::Number(n), _) => n.to_string(),
            (_, "boolean") => "ja".into(),
            (_, "number") => format!("{}", v["minimum"].as_f64().unwrap_or(0.0) + 1.5),
            (_, "list") => v["opties"][0]["waarde"].as_str()?.to_string(),
            (_, "date") => "2026-06-01".into(),
            (_, "geoVerwijzing") => "ja".into(),
            _ => "een schuur".into(),
        };
        antwoorden.push((v["id"].as_str()?.to_string(), antwoord));
    }
    None
}

/// Where a connection is in its submit: the next step and what it needs.
enum Indiening {
    Maak,
    Invullen { id: String, versie: i64, gegevens: Vec<String>, documenten: Vec<String> },
    Document { id: String, documenten: Vec<String> },
    Indienen { id: String },
}

/// One connection's visitor: draws request types by weight, places and checks at random, and walks its own submits.
struct Reiziger {
    reis: Arc<Reis>,
    rng: Rng,
    verbinding: usize,
    indiening: Indiening,
    ingediend: usize,
}

impl Reiziger {
    fn new(reis: Arc<Reis>, verbinding: usize) -> Self {
        Reiziger {
            reis,
            rng: Rng::new(0x5717 ^ verbinding as u64),
            verbinding,
            indiening: Indiening::Maak,
            ingediend: 0,
        }
    }

    fn plek(&mut self) -> &Plek {
        &self.reis.plekken[self.rng.below(self.reis.plekken.len())]
    }

    fn check(&mut self) -> &Check {
        &self.reis.checks[self.rng.below(self.reis.checks.len())]
    }

    /// The next step of this connection's submit.
    fn indienen(&mut self) -> (usize, Vec<u8>) {
        let json = "Content-Type: application/json\r\n";
        let auth = format!("Authorization: {}\r\n", self.reis.ilse);
        match &self.indiening {
            Indiening::Maak => {
                let body = nieuwe_aanvraag(&self.reis.checks[self.reis.aanvraag]);
                (MAAK, verzoek("POST", "/api/v1/aanvragen", &format!("{json}{auth}"), body.to_string().as_bytes()))
            }
            Indiening::Invullen { id, versie, gegevens, .. } => {
                let gegevens: serde_json::Map<String, Value> =
                    gegevens.iter().map(|g| (g.clone(), json!("ja"))).collect();
                let body =
                    json!({ "versie": versie, "omschrijving": "Een dakkapel aan de voorkant.", "gegevens": gegevens });
                (
                    INVULLEN,
                    verzoek(
                        "PATCH",
                        &format!("/api/v1/aanvragen/{id}"),
                        &format!("{json}{auth}"),
                        body.to_string().as_bytes(),
                    ),
                )
            }
            Indiening::Document { id, documenten } => {
                let pad =
                    format!("/api/v1/aanvragen/{id}/documenten?naam=tekening.pdf&vereiste={}", codeer(&documenten[0]));
                (DOCUMENT, verzoek("POST", &pad, &format!("Content-Type: application/octet-stream\r\n{auth}"), PDF))
            }
            Indiening::Indienen { id } => {
                let sleutel =
                    format!("Idempotency-Key: last-{}-{}-{}\r\n", std::process::id(), self.verbinding, self.ingediend);
                (
                    INDIENEN,
                    verzoek("POST", &format!("/api/v1/aanvragen/{id}/indienen"), &format!("{auth}{sleutel}"), b""),
                )
            }
        }
    }
}

impl Verkeer for Reiziger {
    fn volgende(&mut self, _i: usize) -> (usize, Vec<u8>) {
        let gewichten = &self.reis.gewichten;
        let mut lot = self.rng.below(gewichten.iter().sum::<u32>() as usize) as u32;
        let mut soort = 0;
        while lot >= gewichten[soort] {
            lot -= gewichten[soort];
            soort += 1;
        }
        let anoniem = format!("Cookie: stip_csrf={}\r\n", self.reis.csrf);
        let get = |pad: String| verzoek("GET", &pad, "", b"");
        let r = match soort {
            KAART => {
                let laag = LAGEN[self.rng.below(LAGEN.len())];
                get(format!("/api/v1/kaart/{laag}?bbox={}", self.plek().bbox))
            }
            ADRES => get(format!("/api/v1/adressen?q={}", codeer(&self.plek().adres))),
            REGELS => {
                let p = self.plek();
                get(format!("/api/v1/regels?x={:.2}&y={:.2}", p.x, p.y))
            }
            KAART_PAGINA => {
                let p = self.plek();
                get(format!("/kaart?x={:.2}&y={:.2}", p.x, p.y))
            }
            HOME => get("/".into()),
            CHECK_START => {
                let p = self.plek();
                get(format!("/vergunningcheck?x={:.2}&y={:.2}", p.x, p.y))
            }
            CHECK_VRAAG => {
                let c = self.check();
                get(format!("/vergunningcheck/vraag?{}", c.query(0)))
            }
            CHECK_UITKOMST => {
                let c = self.check();
                get(format!("/vergunningcheck/uitkomst?{}", c.query(usize::MAX)))
            }
            CHECK_API => {
                let c = &self.reis.checks[self.rng.below(self.reis.checks.len())];
                let n = self.rng.below(c.antwoorden.len() + 1);
                let body = json!({ "activiteiten": [c.activiteit], "locatie": { "x": c.x, "y": c.y }, "antwoorden": c.antwoorden_json(n) });
                verzoek(
                    "POST",
                    "/api/v1/vergunningcheck",
                    "Content-Type: application/json\r\n",
                    body.to_string().as_bytes(),
                )
            }
            PLANCHECK_PAGINA => {
                let c = self.check();
                get(format!("/plancheck?x={:.2}&y={:.2}&activiteit={}", c.x, c.y, codeer(&c.activiteit)))
            }
            PLANCHECK_API => {
                let p = self.plek();
                let (x, y) = (p.x, p.y);
                let ring = json!([
                    [x - 2.0, y - 1.5],
                    [x + 2.0, y - 1.5],
                    [x + 2.0, y + 1.5],
                    [x - 2.0, y + 1.5],
                    [x - 2.0, y - 1.5]
                ]);
                let body = json!({ "geometrie": { "type": "Polygon", "coordinates": [ring] }, "crs": "EPSG:28992", "bouwhoogte": 6, "goothoogte": 3, "functie": "wonen" });
                verzoek("POST", "/api/v1/plancheck", "Content-Type: application/json\r\n", body.to_string().as_bytes())
            }
            DROOG_OEFENEN => {
                let csrf = self.reis.csrf.clone();
                let c = self.check();
                let form = proces::formulier(&[
                    ("x", &format!("{:.2}", c.x)),
                    ("y", &format!("{:.2}", c.y)),
                    ("bron", "rechthoek"),
                    ("breedte", "4"),
                    ("diepte", "3"),
                    ("bouwhoogte", "6"),
                    ("goothoogte", "3"),
                    ("functie", "wonen"),
                    ("activiteit", &c.activiteit),
                    ("csrf", &csrf),
                ]);
                let kop = format!("Content-Type: application/x-www-form-urlencoded\r\n{anoniem}");
                verzoek("POST", "/droog-oefenen", &kop, form.as_bytes())
            }
            ZAKEN => verzoek("GET", "/backoffice/zaken", &format!("Cookie: {}\r\n", self.reis.behandelaar), b""),
            _ => return self.indienen(),
        };
        (soort, r)
    }

    fn antwoord(&mut self, soort: usize, antwoord: Option<&Antwoord<'_>>) {
        if !(MAAK..=INDIENEN).contains(&soort) {
            return;
        }
        let Some(a) = antwoord.filter(|a| (200..300).contains(&a.status)) else {
            self.indiening = Indiening::Maak; // start a new draft after a failed step
            return;
        };
        self.indiening = match std::mem::replace(&mut self.indiening, Indiening::Maak) {
            Indiening::Maak => {
                let a: Value = serde_json::from_slice(a.body).unwrap_or_default();
                Indiening::Invullen {
                    id: a["id"].as_str().unwrap_or_default().to_string(),
                    versie: a["versie"].as_i64().unwrap_or_default(),
                    gegevens: vereisten(&a, "gegeven"),
                    documenten: vereisten(&a, "document"),
                }
            }
            Indiening::Invullen { id, documenten, .. } if documenten.is_empty() => Indiening::Indienen { id },
            Indiening::Invullen { id, documenten, .. } => Indiening::Document { id, documenten },
            Indiening::Document { id, mut documenten } => {
                documenten.remove(0);
                if documenten.is_empty() { Indiening::Indienen { id } } else { Indiening::Document { id, documenten } }
            }
            Indiening::Indienen { .. } => {
                self.ingediend += 1;
                Indiening::Maak
            }
        };
    }
}

/// Samples the resident memory (VmRSS, kB) of the server processes and the machine's load average every 10 s, from
/// the start of the load.
struct Geheugen {
    stop: Arc<AtomicBool>,
    draad: std::thread::JoinHandle<(Vec<Vec<u64>>, Vec<f64>)>,
}

impl Geheugen {
    fn start(pids: Vec<u32>) -> Geheugen {
        let stop = Arc::new(AtomicBool::new(false));
        let s = stop.clone();
        let draad = std::thread::spawn(move || {
            let mut monsters = vec![Vec::new(); pids.len()];
            let mut belasting = Vec::new();
            let mut volgende = Instant::now();
            while !s.load(Ordering::Relaxed) {
                if Instant::now() >= volgende {
                    for (m, pid) in monsters.iter_mut().zip(&pids) {
                        m.extend(vm_rss(*pid));
                    }
                    belasting.extend(load_average());
                    volgende += Duration::from_secs(10);
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            for (m, pid) in monsters.iter_mut().zip(&pids) {
                m.extend(vm_rss(*pid));
            }
            belasting.extend(load_average());
            (monsters, belasting)
        });
        Geheugen { stop, draad }
    }

    /// Stops sampling (one last sample now); the memory samples per process, and the load averages.
    fn stop(self) -> (Vec<Vec<u64>>, Vec<f64>) {
        self.stop.store(true, Ordering::Relaxed);
        self.draad.join().unwrap()
    }
}

/// The CPU time (user + system) a process (`self` or a pid) has used, in seconds, from `/proc/<pid>/stat`.
fn cpu_seconden(pid: &str) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // the fields after the command name (which is in parentheses and may hold spaces): utime and stime are 14 and 15
    let velden: Vec<&str> = stat.rsplit_once(')').map_or("", |(_, r)| r).split_whitespace().collect();
    let ticks: f64 = velden.get(11..13).map_or(0.0, |v| v.iter().filter_map(|t| t.parse::<f64>().ok()).sum());
    ticks / 100.0 // USER_HZ
}

/// The resident memory of a process in kB, from `/proc/<pid>/status`.
fn vm_rss(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status.lines().find_map(|r| r.strip_prefix("VmRSS:"))?.split_whitespace().next()?.parse().ok()
}

/// The machine's load average over the last minute, from `/proc/loadavg`.
fn load_average() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg").ok()?.split_whitespace().next()?.parse().ok()
}
