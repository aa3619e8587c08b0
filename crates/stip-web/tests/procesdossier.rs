//! The procesdossier (Awb 8:42) of a decided, published case, downloaded as officials, the applicant and others:
//! every file is in the inventory with the SHA-256 of its bytes (checked again by python3's zipfile as an independent
//! reader, the inventory PDF by qpdf), the same case gives the same bytes, and each reader gets only their items.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::gemeentestad::{PDF, complete_aanvraag, config};
use common::persoon::{Persoon, api, bytes, persoon, upload};
use common::{TestApp, app_met_config};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use stip_app::procesdossier::{DossierStuk, Zichtbaarheid};
use stip_store::{GebruikerId, GebruikerRepository, Rol, ZaakId};
use time::Duration;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";

struct Zaak {
    jan: Persoon,
    ambtenaar: Persoon,
    id: String,
    zaaknummer: String,
}

/// A case taken, supplied with a photo, decided with a condition and made public (as in `tests/zaken.rs`).
async fn besloten_zaak(app: &TestApp) -> Zaak {
    let jan = persoon(app, "Jan Jansen", &[Rol::Initiatiefnemer], None).await;
    let ambtenaar = persoon(app, "Aisha Ambtenaar", &[Rol::Behandelaar], Some("gm0297")).await;
    let a = complete_aanvraag(app, &jan).await;
    let uri = format!("/api/v1/aanvragen/{}/documenten?naam=tekening.pdf", a["id"].as_str().unwrap());
    assert_eq!(upload(app, &uri, &jan, PDF.to_vec()).await.status, 201);
    let ingediend =
        api(app, "POST", &format!("/api/v1/aanvragen/{}/indienen", a["id"].as_str().unwrap()), Some(&jan), None).await;
    assert_eq!(ingediend.status, 201, "{}", ingediend.body);
    let ingediend = ingediend.json();
    let id = ingediend["zaak"].as_str().unwrap().to_string();
    let zaaknummer = ingediend["zaaknummer"].as_str().unwrap().to_string();
    let stap = |wie: &Persoon, soort: Value| {
        let uri = format!("/api/v1/zaken/{id}/gebeurtenissen");
        let wie = Persoon { id: wie.id, token: wie.token.clone(), email: wie.email.clone() };
        async move {
            let z = api(app, "POST", &uri, Some(&wie), Some(soort)).await;
            assert_eq!(z.status, 201, "{}", z.body);
        }
    };
    let vandaag = stip_app::Klok::nu(&app.klok).date();
    stap(&ambtenaar, json!({ "soort": "in_behandeling_genomen", "behandelaar": uuid::Uuid::nil(), "behandelaarNaam": "", "team": null })).await;
    let uiterlijk = (vandaag + Duration::weeks(2)).to_string();
    stap(&ambtenaar, json!({ "soort": "aanvulling_gevraagd", "vraag": "Stuur een foto.", "documenten": ["Foto"], "uiterlijk": uiterlijk })).await;
    let foto = upload(app, &format!("/api/v1/zaken/{id}/documenten?naam=foto.png"), &jan, PNG.to_vec()).await;
    assert_eq!(foto.status, 201, "{}", foto.body);
    stap(&jan, json!({ "soort": "aangevuld", "toelichting": "Hierbij.", "documenten": [foto.json()["id"]] })).await;
    let besluit = json!({ "uitkomst": "verleend", "motivering": "Past in het plan.", "voorschriften": ["Geen glanzende dakpannen."] });
    let z = api(app, "POST", &format!("/api/v1/zaken/{id}/besluit"), Some(&ambtenaar), Some(besluit)).await;
    assert_eq!(z.status, 201, "{}", z.body);
    let vandaag = stip_app::Klok::nu(&app.klok).date();
    stap(&ambtenaar, json!({ "soort": "bekendgemaakt", "datum": vandaag.to_string() })).await;
    Zaak { jan, ambtenaar, id, zaaknummer }
}

async fn gemeentestad() -> Option<(TestApp, stip_web::AppState)> {
    app_met_config(&["imro/stationspleinzuidoost.gml", "gemeentestad/toepasbareRegels"], config()).await
}

fn sha256(b: &[u8]) -> String {
    Sha256::digest(b).iter().map(|x| format!("{x:02x}")).collect()
}

/// The zip's files by name, in the zip's order, with their bytes.
fn bestanden(zip: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut a = zip::ZipArchive::new(std::io::Cursor::new(zip)).expect("a zip");
    (0..a.len())
        .map(|i| {
            let mut f = a.by_index(i).unwrap();
            let mut inhoud = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut inhoud).unwrap();
            (f.name().unwrap().to_string(), inhoud)
        })
        .collect()
}

/// What a reader finds in a file: its bytes as text and, for a PDF that poppler reads (the uploads here are stubs),
/// the text it extracts too (the content streams are compressed and their text is glyph numbers, so the bytes
/// alone would hide a name).
fn leesbaar(naam: &str, inhoud: &[u8]) -> String {
    let mut tekst = String::from_utf8_lossy(inhoud).into_owned();
    if naam.ends_with(".pdf") {
        let pad = std::env::temp_dir().join(format!("stip-dossier-{}.pdf", uuid::Uuid::new_v4().simple()));
        std::fs::write(&pad, inhoud).unwrap();
        if let Some(o) = gereedschap("pdftotext", &[pad.to_str().unwrap(), "-"]).filter(|o| o.status.success()) {
            tekst.push_str(&String::from_utf8_lossy(&o.stdout));
        }
        let _ = std::fs::remove_file(&pad);
    }
    tekst
}

fn inventaris(zip: &[u8]) -> Vec<Value> {
    let (_, json) = bestanden(zip).into_iter().find(|(n, _)| n == "inventaris.json").expect("inventaris.json");
    serde_json::from_slice::<Vec<Value>>(&json).unwrap()
}

fn namen(zip: &[u8]) -> Vec<String> {
    inventaris(zip).iter().map(|r| r["naam"].as_str().unwrap().to_string()).collect()
}

/// An independent tool's verdict, or `None` (with a note) when it is missing and fixtures are not required.
fn gereedschap(programma: &str, args: &[&str]) -> Option<std::process::Output> {
    match std::process::Command::new(programma).args(args).output() {
        Ok(o) => Some(o),
        Err(_) if std::env::var("STIP_REQUIRE_FIXTURES").as_deref() == Ok("1") => panic!("{programma} is needed"),
        Err(_) => {
            eprintln!("note: {programma} missing; not checked by it");
            None
        }
    }
}

#[tokio::test]
async fn the_dossier_lists_every_file_with_the_hash_of_its_bytes_and_is_the_same_when_made_twice() {
    let Some((app, _)) = gemeentestad().await else { return };
    let z = besloten_zaak(&app).await;
    let uri = format!("/api/v1/zaken/{}/dossier.zip", z.id);

    let r = Request::get(&uri).header("authorization", format!("Bearer {}", z.ambtenaar.token)).body(Body::empty());
    let antwoord = app.request(r.unwrap()).await;
    assert_eq!(antwoord.status, 200, "{}", antwoord.body);
    assert_eq!(antwoord.header("content-type"), Some("application/zip"));
    assert_eq!(
        antwoord.header("content-disposition"),
        Some(format!("attachment; filename=\"procesdossier-{}.zip\"", z.zaaknummer).as_str())
    );
    let (status, zip) = bytes(&app, &uri, &z.ambtenaar).await;
    assert_eq!(status, 200);

    // Every entry of the inventory is a file with that hash and size; every other file is in the inventory.
    let regels = inventaris(&zip);
    let inhoud: BTreeMap<String, Vec<u8>> = bestanden(&zip).into_iter().collect();
    for (i, r) in regels.iter().enumerate() {
        let naam = r["naam"].as_str().unwrap();
        assert_eq!(r["nummer"], i + 1, "{r}");
        assert!(naam.starts_with(&format!("{:03} ", i + 1)), "{naam}");
        let bestand = inhoud.get(naam).unwrap_or_else(|| panic!("{naam} is listed but not in the zip"));
        assert_eq!(r["sha256"], sha256(bestand), "{naam}");
        assert_eq!(r["grootte"], bestand.len(), "{naam}");
        assert!(!r["omschrijving"].as_str().unwrap().is_empty() && r["datum"].as_str().unwrap().len() == 10, "{r}");
    }
    let in_zip: Vec<String> = bestanden(&zip).into_iter().map(|(n, _)| n).collect();
    assert_eq!(&in_zip[..2], ["inventaris.json", "inventaris.pdf"]);
    assert_eq!(in_zip[2..], namen(&zip), "and the other way round");

    // In the order of the case: receipt, the uploads, the decision, the history.
    let n = &z.zaaknummer;
    let namen = namen(&zip);
    assert_eq!(namen.first().unwrap(), &format!("001 Ontvangstbevestiging {n}.pdf"));
    assert!(namen.iter().any(|x| x.ends_with(" tekening.pdf")), "{namen:?}");
    assert!(namen.iter().any(|x| x.ends_with(" foto.png")), "{namen:?}");
    let besluit = namen.iter().find(|x| x.ends_with(&format!(" Besluit {n}.pdf"))).expect("the decision");
    assert_eq!(namen.last().unwrap(), &format!("{:03} gebeurtenissen.json", namen.len()));
    let historie: Vec<Value> = serde_json::from_slice(&inhoud[namen.last().unwrap()]).unwrap();
    let soorten: Vec<&str> = historie.iter().map(|g| g["soort"].as_str().unwrap()).collect();
    assert_eq!(
        soorten,
        ["ingediend", "in_behandeling_genomen", "aanvulling_gevraagd", "aangevuld", "besluit_genomen", "bekendgemaakt"]
    );
    // The same documents as their own downloads, byte for byte.
    let (_, ontvangst) = bytes(&app, &format!("/api/v1/zaken/{}/ontvangstbevestiging.pdf", z.id), &z.jan).await;
    assert_eq!(inhoud[&namen[0]], ontvangst);
    let (_, besluit_pdf) = bytes(&app, &format!("/api/v1/zaken/{}/besluit.pdf", z.id), &z.jan).await;
    assert_eq!(&inhoud[besluit], &besluit_pdf);
    assert_eq!(inhoud[namen.iter().find(|x| x.ends_with(" foto.png")).unwrap()], PNG);

    // Made again, and half an hour later (the sessions last an hour): the same bytes.
    assert_eq!(bytes(&app, &uri, &z.ambtenaar).await.1, zip, "the same case gives the same bytes");
    app.klok.verzet(Duration::minutes(30));
    assert_eq!(bytes(&app, &uri, &z.ambtenaar).await.1, zip, "also later");

    // Independent readers: python3's zipfile checks every CRC and hashes every file; qpdf checks the inventory PDF.
    let dir = std::env::temp_dir().join(format!("stip-procesdossier-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let pad = dir.join("dossier.zip");
    std::fs::write(&pad, &zip).unwrap();
    let script = "import hashlib, json, sys, zipfile\n\
                  z = zipfile.ZipFile(sys.argv[1])\n\
                  assert z.testzip() is None\n\
                  print(json.dumps({i.filename: hashlib.sha256(z.read(i)).hexdigest() for i in z.infolist()}))";
    if let Some(o) = gereedschap("python3", &["-c", script, pad.to_str().unwrap()]) {
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let hashes: BTreeMap<String, String> = serde_json::from_slice(&o.stdout).unwrap();
        for r in &regels {
            assert_eq!(hashes[r["naam"].as_str().unwrap()], r["sha256"].as_str().unwrap(), "{r}");
        }
        assert_eq!(hashes.len(), regels.len() + 2);
    }
    let pdf = dir.join("inventaris.pdf");
    std::fs::write(&pdf, &inhoud["inventaris.pdf"]).unwrap();
    if let Some(o) = gereedschap("qpdf", &["--check", pdf.to_str().unwrap()]) {
        assert!(o.status.success(), "{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    }
    if let Some(o) = gereedschap("pdftotext", &[pdf.to_str().unwrap(), "-"]) {
        let tekst = String::from_utf8_lossy(&o.stdout).split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(tekst.contains(&format!("Inventarislijst procesdossier {n}")), "{tekst}");
        assert!(tekst.contains(&format!("Ontvangstbevestiging {n}.pdf")), "{tekst}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn the_applicant_gets_their_items_and_a_stranger_gets_not_found() {
    let Some((app, state)) = gemeentestad().await else { return };
    let z = besloten_zaak(&app).await;
    let buur = persoon(&app, "Bea Buur", &[Rol::Belanghebbende], None).await;
    let vreemde = persoon(&app, "Vera Vreemd", &[Rol::Initiatiefnemer], None).await;
    let elders = persoon(&app, "Eddy Elders", &[Rol::Behandelaar], Some("gm0001")).await;
    let uri = format!("/api/v1/zaken/{}/dossier.zip", z.id);

    let (status, van_ambtenaar) = bytes(&app, &uri, &z.ambtenaar).await;
    assert_eq!(status, 200);
    let (status, van_jan) = bytes(&app, &uri, &z.jan).await;
    assert_eq!(status, 200);
    assert_eq!(namen(&van_jan), namen(&van_ambtenaar), "the case's own items are all the applicant's");
    for wie in [&buur, &vreemde, &elders] {
        let r = api(&app, "GET", &uri, Some(wie), None).await;
        assert_eq!(r.status, 404, "{}", r.body);
        assert_eq!(r.header("content-type"), Some("application/problem+json"));
    }
    assert_eq!(app.get(&uri).await.status, 401);
    assert_eq!(
        api(&app, "GET", "/api/v1/zaken/0197a1b2-0000-7000-8000-000000000000/dossier.zip", Some(&z.jan), None)
            .await
            .status,
        404
    );

    // With an official-only item and a neighbour's view in the file: each reader gets only theirs.
    let stuk = |naam: &str, zichtbaarheid| DossierStuk {
        naam: naam.into(),
        mediatype: "application/pdf".into(),
        datum: stip_app::Klok::nu(&app.klok).date(),
        omschrijving: naam.into(),
        zichtbaarheid,
        inhoud: format!("%PDF-1.7 {naam}").into_bytes(),
    };
    let extra = vec![
        stuk("Intern advies.pdf", Zichtbaarheid::Ambtelijk),
        stuk("Zienswijze.pdf", Zichtbaarheid::Indiener(buur.id)),
    ];
    let id: ZaakId = z.id.parse().unwrap();
    let dossier = |wie: uuid::Uuid| {
        let (state, extra) = (state.clone(), extra.clone());
        async move {
            let g = state.store().gebruiker(GebruikerId(wie)).await.unwrap();
            stip_app::procesdossier::procesdossier_met(&state, &stip_app::dossier::actor(&g), id, extra).await
        }
    };
    let alles = namen(&dossier(z.ambtenaar.id).await.unwrap().inhoud);
    assert!(
        alles.iter().any(|n| n.ends_with(" Intern advies.pdf")) && alles.iter().any(|n| n.ends_with(" Zienswijze.pdf")),
        "{alles:?}"
    );
    let jan = namen(&dossier(z.jan.id).await.unwrap().inhoud);
    assert_eq!(jan, namen(&van_jan), "the applicant's zip leaves out the official-only item and the neighbour's view");
    let van_buur = dossier(buur.id).await.unwrap().inhoud;
    assert_eq!(namen(&van_buur), ["001 Zienswijze.pdf"]);
    // Nothing of the applicant reaches the neighbour: not in the inventory, not in its PDF (the official's has it).
    let heeft_naam = |zip: &[u8]| bestanden(zip).iter().any(|(n, b)| leesbaar(n, b).contains("Jan Jansen"));
    assert!(heeft_naam(&van_ambtenaar) && !heeft_naam(&van_buur));
    for (naam, inhoud) in bestanden(&van_buur) {
        let tekst = leesbaar(&naam, &inhoud);
        assert!(!tekst.contains("Jan Jansen") && !tekst.contains("jan.jansen@example.nl"), "{naam}: {tekst}");
    }
    assert_eq!(dossier(vreemde.id).await.unwrap_err().code, stip_app::FoutCode::NotFound);
}

#[tokio::test]
async fn the_case_pages_link_to_the_dossier_and_the_link_gives_the_same_zip() {
    let Some((app, _)) = gemeentestad().await else { return };
    let z = besloten_zaak(&app).await;
    let met_sessie = |pad: String, wie: &Persoon| {
        Request::get(pad)
            .header("cookie", format!("{}={}", stip_web::auth::SESSIE_COOKIE, wie.token))
            .body(Body::empty())
            .unwrap()
    };
    let link = format!("href=\"/zaken/{}/dossier.zip\"", z.id);
    for (pad, wie) in [(format!("/zaken/{}", z.id), &z.jan), (format!("/backoffice/zaken/{}", z.id), &z.ambtenaar)] {
        let pagina = app.request(met_sessie(pad.clone(), wie)).await;
        assert_eq!(pagina.status, 200, "{pad}");
        assert!(pagina.body.contains(&link) && pagina.body.contains("Procesdossier downloaden (zip)"), "{pad}");
    }
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let r = app.router.clone().oneshot(met_sessie(format!("/zaken/{}/dossier.zip", z.id), &z.jan)).await.unwrap();
    assert_eq!(r.status(), 200);
    let zip = r.into_body().collect().await.unwrap().to_bytes().to_vec();
    assert_eq!(zip, bytes(&app, &format!("/api/v1/zaken/{}/dossier.zip", z.id), &z.jan).await.1);
}
