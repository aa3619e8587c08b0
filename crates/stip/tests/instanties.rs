//! Two real `stip serve` processes on one PostgreSQL database, configured as the README's "Deployment" section says
//! (the same variables, checked against the README): a login on one is a login on the other, a form served by one is
//! accepted by the other, an import is live on both within a second, the same submit to both makes one case, every
//! queued message is sent once although both run the worker, and both name the same dataset versions in readiness.
//!
//! Runs on a database of its own (made and dropped here) in the server of `STIP_TEST_POSTGRES_URL`; without that
//! variable it is skipped with a note (with `STIP_REQUIRE_POSTGRES=1` it fails instead).

#[path = "support/proces.rs"]
mod proces;
#[path = "../../stip-web/tests/common/smtp.rs"]
#[allow(dead_code)]
mod smtp;
mod support;

use proces::{Database, Instantie, formulier, http, serve, stip, vrije_poort};
use smtp::{Mail, Smtp};
use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;
use std::path::Path;
use std::time::{Duration, Instant};
use stip_berichten::{Frequentie, Kanaal};
use stip_store::{
    AanvraagGegevens, AanvraagRepository, BerichtRepository, DatabaseUrl, GebruikerRepository, LeaseRepository,
    NieuwAbonnement, NieuweGebeurtenis, NieuweGebruiker, NieuweZaak, Rol, Store, ZaakRepository,
};

const WACHTWOORD: &str = "twee-instanties-een-database";
const BUREN: usize = 10;
const ZAKEN: usize = 10;

/// A database of its own on the server of `STIP_TEST_POSTGRES_URL`; `None`, with a note, without that variable.
fn database() -> Option<Database> {
    let Ok(beheer) = std::env::var("STIP_TEST_POSTGRES_URL") else {
        assert!(std::env::var("STIP_REQUIRE_POSTGRES").as_deref() != Ok("1"), "STIP_TEST_POSTGRES_URL is not set");
        eprintln!("note: STIP_TEST_POSTGRES_URL is not set; skipping the two-instance test");
        return None;
    };
    Some(Database::maak_op(&beheer, "stip_instanties"))
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
    let Some(db) = database() else { return };
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

    // Periodic rounds (reminders, reconciling payments) are done by one instance each: both workers asked for every
    // task's lease at start, and each lease is held by A or by B, the instances /health/ready names.
    let instanties: BTreeSet<String> = [a.addr, b.addr]
        .into_iter()
        .map(|addr| {
            http(addr, "GET", "/health/ready", &[], "").unwrap().json()["instantie"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(instanties.len(), 2, "each instance has its own id");
    let pool = sqlx::PgPool::connect(&db.url).await.unwrap();
    let leases: Vec<(String, String)> =
        sqlx::query_as("SELECT taak, houder FROM taak_lease ORDER BY taak").fetch_all(&pool).await.unwrap();
    let taken: Vec<&str> = leases.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(taken, ["betalingen_afstemmen", "herinneren"], "{leases:?}");
    for (taak, houder) in &leases {
        assert!(instanties.contains(houder), "{taak} is held by {houder}, not by A or B: {instanties:?}");
        let nu = time::OffsetDateTime::now_utc();
        assert!(!store.neem_lease(taak, "een derde", nu, nu + time::Duration::minutes(1)).await.unwrap());
    }
    pool.close().await;

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
