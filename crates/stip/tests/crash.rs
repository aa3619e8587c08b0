//! A real `stip serve` killed with SIGKILL while applicants submit: every submission it acknowledged is there after
//! the restart, with its case number and its first event, and retrying the unanswered ones makes exactly one case
//! each. The applications and sessions are put into the same SQLite file beforehand, as earlier requests would have.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use stip_store::{
    AanvraagGegevens, AanvraagId, AanvraagRepository, DatabaseUrl, GebruikerRepository, NieuweGebruiker, NieuweSessie,
    Rol, Store, ZaakRepository,
};

const AANVRAGEN: usize = 240;
const INDIENERS: usize = 8;

fn free_port() -> SocketAddr {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap()
}

fn serve(data: &Path) -> (SocketAddr, Child) {
    let addr = free_port();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_stip"));
    for (key, _) in std::env::vars() {
        if key.starts_with("STIP_") {
            cmd.env_remove(key);
        }
    }
    let mut child = cmd
        .env("STIP_LOG", "warn")
        .env("STIP_DEMO__ENABLED", "false")
        .args(["serve", "--bind", &addr.to_string(), "--data-dir", data.to_str().unwrap()])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while http(addr, "GET", "/health/ready", None, &[]).map(|(s, _)| s) != Some(200) {
        assert!(child.try_wait().unwrap().is_none(), "stip exited while starting");
        assert!(start.elapsed() < Duration::from_secs(30), "stip did not start within 30 s");
        std::thread::sleep(Duration::from_millis(50));
    }
    (addr, child)
}

/// One HTTP/1.1 request; `None` when the connection fails or breaks (the server was killed).
fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    token: Option<&str>,
    headers: &[(&str, &str)],
) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_millis(500)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: 0\r\n");
    if let Some(t) = token {
        request.push_str(&format!("Authorization: Bearer {t}\r\n"));
    }
    for (k, v) in headers {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).ok()?;
    let mut text = String::new();
    stream.read_to_string(&mut text).ok()?;
    let status = text.split_whitespace().nth(1)?.parse().ok()?;
    Some((status, text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default()))
}

/// Complete applications and a session for their applicant, written to the store the server will use.
async fn bereid_voor(data: &Path) -> (String, Vec<AanvraagId>) {
    let store = Store::open(&DatabaseUrl::sqlite_in(data)).await.unwrap();
    let ilse = store
        .maak_gebruiker(NieuweGebruiker {
            email: Some("ilse@example.nl"),
            naam: "Ilse",
            rollen: &[Rol::Initiatiefnemer],
            ..NieuweGebruiker::default()
        })
        .await
        .unwrap();
    let token = "k".repeat(43);
    let verloopt = time::OffsetDateTime::now_utc() + time::Duration::hours(1);
    let hash = stip_web::auth::token_hash(&token);
    store
        .start_sessie(NieuweSessie {
            token_hash: &hash,
            gebruiker: ilse.id,
            verloopt,
            begint: time::OffsetDateTime::now_utc(),
        })
        .await
        .unwrap();
    let inhoud = serde_json::json!({
        "titel": "Schuur", "omschrijving": "Een schuur achter het huis.", "bevoegdGezag": "gm9999",
        "locatie": { "x": 155000.0, "y": 463000.0 },
        "activiteiten": [{ "id": "nl.imow-gm9999.activiteit.bouwen", "naam": "Bouwen", "conclusie": "Vergunningplicht", "procedure": "regulier" }],
    });
    let mut ids = Vec::new();
    for _ in 0..AANVRAGEN {
        let gegevens = AanvraagGegevens { bevoegd_gezag: "gm9999", titel: "Schuur", inhoud: &inhoud };
        ids.push(store.maak_aanvraag(ilse.id.0, gegevens).await.unwrap().id);
    }
    store.close().await;
    (token, ids)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_during_submits_keeps_every_acknowledged_case_and_a_retry_makes_no_second_one() {
    let dir = std::env::temp_dir().join(format!("stip-crash-{}", uuid::Uuid::new_v4().simple()));
    let data: PathBuf = dir.join("data");
    std::fs::create_dir_all(&data).unwrap();
    let (token, ids) = bereid_voor(&data).await;
    let (addr, mut child) = serve(&data);

    // Submitters work through the applications; the server is killed once a third has been acknowledged.
    let bevestigd: Arc<Mutex<Vec<(AanvraagId, String)>>> = Arc::default();
    let wachtrij = Arc::new(Mutex::new(ids.clone()));
    let indieners: Vec<_> = (0..INDIENERS)
        .map(|_| {
            let (bevestigd, wachtrij, token) = (bevestigd.clone(), wachtrij.clone(), token.clone());
            std::thread::spawn(move || {
                while let Some(id) = wachtrij.lock().unwrap().pop() {
                    let sleutel = format!("poging-{id}");
                    let pad = format!("/api/v1/aanvragen/{id}/indienen");
                    match http(addr, "POST", &pad, Some(&token), &[("Idempotency-Key", &sleutel)]) {
                        Some((201, body)) => {
                            let v: serde_json::Value = serde_json::from_str(&body).unwrap();
                            bevestigd.lock().unwrap().push((id, v["zaaknummer"].as_str().unwrap().to_string()));
                        }
                        Some((status, body)) => panic!("submit of {id} answered {status}: {body}"),
                        None => return, // killed
                    }
                }
            })
        })
        .collect();
    let start = Instant::now();
    while bevestigd.lock().unwrap().len() < AANVRAGEN / 3 {
        assert!(start.elapsed() < Duration::from_secs(60), "submits too slow");
        std::thread::sleep(Duration::from_millis(2));
    }
    Command::new("kill").args(["-KILL", &child.id().to_string()]).status().unwrap();
    child.wait().unwrap();
    for i in indieners {
        i.join().unwrap();
    }
    let bevestigd = bevestigd.lock().unwrap().clone();
    assert!(bevestigd.len() >= AANVRAGEN / 3 && bevestigd.len() < AANVRAGEN, "killed mid-way: {}", bevestigd.len());

    // After the restart every acknowledged case is there, whole.
    let (addr, child) = serve(&data);
    let store = Store::open(&DatabaseUrl::sqlite_in(&data)).await.unwrap();
    for (id, zaaknummer) in &bevestigd {
        let zaak =
            store.zaak_van_aanvraag(*id).await.unwrap().unwrap_or_else(|| panic!("acknowledged {zaaknummer} lost"));
        assert_eq!(&zaak.zaaknummer, zaaknummer);
        let history = store.gebeurtenissen(zaak.id).await.unwrap();
        assert_eq!(history.first().map(|g| g.soort.as_str()), Some("ingediend"), "{zaaknummer} has its first event");
    }
    // Retrying every submission with its own key: the acknowledged ones answer with the same case, the rest are made
    // now, and no application has two cases.
    for id in &ids {
        let sleutel = format!("poging-{id}");
        let (status, body) = http(
            addr,
            "POST",
            &format!("/api/v1/aanvragen/{id}/indienen"),
            Some(&token),
            &[("Idempotency-Key", &sleutel)],
        )
        .unwrap();
        assert!(status == 200 || status == 201, "retry of {id}: {status} {body}");
        if let Some((_, nummer)) = bevestigd.iter().find(|(b, _)| b == id) {
            assert_eq!(status, 200, "an acknowledged submit is not made twice");
            assert!(body.contains(nummer.as_str()), "{body}");
        }
    }
    let filter = stip_store::ZaakFilter { bevoegd_gezag: Some("gm9999".into()), ..Default::default() };
    assert_eq!(store.tel_zaken(&filter).await.unwrap(), AANVRAGEN as i64, "one case per application");
    store.close().await;
    Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
