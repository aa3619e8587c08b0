//! A real `stip serve` killed with SIGKILL while its messages wait: the mail server is down, so every message for
//! the neighbours is queued with its back-off. After the kill the mail server comes up and stip starts again: every
//! neighbour gets every message, and no one gets one twice. The subscriptions and cases are put into the SQLite file
//! beforehand, as earlier requests would have.

#[path = "../../stip-web/tests/common/smtp.rs"]
#[allow(dead_code)]
mod smtp;

use smtp::{Mail, Smtp};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use stip_berichten::{Frequentie, Kanaal};
use stip_store::{
    AanvraagGegevens, AanvraagRepository, BerichtRepository, DatabaseUrl, NieuwAbonnement, NieuweGebeurtenis,
    NieuweZaak, Store, ZaakRepository,
};

const BUREN: usize = 20;
const ZAKEN: usize = 10;

fn vrije_poort() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn serve(data: &Path, smtp_poort: u16) -> Child {
    let addr: SocketAddr = format!("127.0.0.1:{}", vrije_poort()).parse().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_stip"));
    for (key, _) in std::env::vars() {
        if key.starts_with("STIP_") {
            cmd.env_remove(key);
        }
    }
    let child = cmd
        .env("STIP_LOG", "warn")
        .env("STIP_DEMO__ENABLED", "false")
        .env("STIP_SERVER__PUBLIEKE_URL", "http://stip.test")
        .env("STIP_MAIL__SMTP_URL", format!("smtp://127.0.0.1:{smtp_poort}"))
        .env("STIP_MAIL__AFZENDER", "stip <noreply@voorbeeldstad.example>")
        .args(["serve", "--bind", &addr.to_string(), "--data-dir", data.to_str().unwrap()])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while TcpStream::connect(addr).is_err() {
        assert!(start.elapsed() < Duration::from_secs(30), "stip did not start within 30 s");
        std::thread::sleep(Duration::from_millis(50));
    }
    child
}

/// Neighbours subscribed by e-mail around the Dorpsstraat, and cases submitted there.
async fn bereid_voor(store: &Store) {
    let gebied = serde_json::json!({ "Straal": { "midden": { "x": 155_000.0, "y": 463_000.0 }, "meter": 500.0 } });
    for i in 0..BUREN {
        let email = format!("buur{i}@example.nl");
        let sleutel = format!("sleutel-{i}");
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
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn messages_queued_when_stip_is_killed_are_delivered_after_the_restart_once_each() {
    let data = std::env::temp_dir().join(format!("stip-berichten-crash-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&data).unwrap();
    let store = Store::open(&DatabaseUrl::sqlite_in(&data)).await.unwrap();
    bereid_voor(&store).await;

    // The mail server is down: stip distributes and tries, and every message waits for its next attempt.
    let smtp_poort = vrije_poort();
    let mut stip = serve(&data, smtp_poort);
    let verwacht = (BUREN * ZAKEN) as i64;
    let start = Instant::now();
    loop {
        let t = store.tel_berichten().await.unwrap();
        let geprobeerd = store.berichten_met_status(stip_store::BerichtStatus::Wachtend, 1000).await.unwrap();
        if t.wachtend == verwacht && geprobeerd.iter().all(|b| b.laatste_fout.is_some()) {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(30), "the messages were not queued: {t:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    stip.kill().unwrap();
    stip.wait().unwrap();

    // The mail server comes up; stip starts again and delivers what waited.
    let smtp = Smtp::start_op(smtp_poort);
    let mut stip = serve(&data, smtp_poort);
    let start = Instant::now();
    while store.tel_berichten().await.unwrap().afgeleverd < verwacht {
        assert!(start.elapsed() < Duration::from_secs(60), "not delivered: {:?}", store.tel_berichten().await.unwrap());
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // The server has taken every message; its mailbox may write the last one a moment later. Then wait a little
    // longer, so that a duplicate would show too.
    smtp.wacht_op(BUREN * ZAKEN).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mails: Vec<Mail> = smtp.mails().iter().map(|m| Mail::lees(m)).collect();
    assert_eq!(mails.len(), BUREN * ZAKEN, "every message once");
    let mut per_ontvanger = std::collections::BTreeMap::<String, Vec<String>>::new();
    for m in &mails {
        per_ontvanger.entry(m.header("To").unwrap()).or_default().push(m.header("Subject").unwrap());
    }
    assert_eq!(per_ontvanger.len(), BUREN);
    for (ontvanger, mut onderwerpen) in per_ontvanger {
        onderwerpen.sort();
        onderwerpen.dedup();
        assert_eq!(onderwerpen.len(), ZAKEN, "{ontvanger} gets each case's message exactly once");
    }
    stip.kill().unwrap();
    stip.wait().unwrap();
    store.close().await;
    let _ = std::fs::remove_dir_all(&data);
}
