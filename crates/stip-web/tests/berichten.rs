//! Messages and alerts end to end, in-process with real parts around: a neighbour's webhook receiver (a real HTTP
//! server), a real SMTP server (aiosmtpd), the real fixtures. A neighbour 200 m from a plan hears of the application
//! and of its decision — signed CloudEvents without the applicant's name or e-mail, the same in the inbox — and a
//! subscriber 5 km away hears nothing; e-mail subscriptions need a confirmed address, can be stopped from the e-mail,
//! and can come as a daily digest; a plan that lowers a norm tells the subscribers there which norm and both values.

mod common;

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use common::gemeentestad::{PLEK, complete_aanvraag, config};
use common::persoon::{Persoon, api, persoon};
use common::smtp::{Mail, Smtp};
use common::{TestApp, app_met_config};
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use stip_store::Rol;
use stip_web::{AppState, AuthConfig, MailConfig, WebConfig};

/// A real HTTP server that keeps every request it gets: (path, signature header, body).
#[derive(Clone, Default)]
struct Ontvanger {
    ontvangen: Arc<Mutex<Vec<(String, String, String)>>>,
    adres: Arc<Mutex<String>>,
}

impl Ontvanger {
    async fn start() -> Ontvanger {
        let o = Ontvanger::default();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        *o.adres.lock().unwrap() = format!("http://{}", listener.local_addr().unwrap());
        let app = axum::Router::new()
            .route(
                "/{*pad}",
                axum::routing::post(
                    |State(o): State<Ontvanger>, Path(pad): Path<String>, headers: HeaderMap, body: String| async move {
                        let handtekening =
                            headers.get("stip-signature").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
                        o.ontvangen.lock().unwrap().push((pad, handtekening, body));
                        axum::http::StatusCode::NO_CONTENT
                    },
                ),
            )
            .with_state(o.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        o
    }

    fn url(&self, pad: &str) -> String {
        format!("{}/{pad}", self.adres.lock().unwrap())
    }

    fn op(&self, pad: &str) -> Vec<(String, Value)> {
        self.ontvangen
            .lock()
            .unwrap()
            .iter()
            .filter(|(p, _, _)| p == pad)
            .map(|(_, h, b)| (h.clone(), serde_json::from_str(b).unwrap()))
            .collect()
    }

    fn ruw(&self, pad: &str) -> Vec<(String, String)> {
        self.ontvangen
            .lock()
            .unwrap()
            .iter()
            .filter(|(p, _, _)| p == pad)
            .map(|(_, h, b)| (h.clone(), b.clone()))
            .collect()
    }

    /// Waits (at most 10 s) until `n` requests arrived at `pad`.
    async fn wacht_op(&self, pad: &str, n: usize) -> Vec<(String, Value)> {
        let start = Instant::now();
        loop {
            let er = self.op(pad);
            if er.len() >= n {
                return er;
            }
            assert!(start.elapsed() < Duration::from_secs(10), "{n} event(s) expected at /{pad}, {} arrived", er.len());
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// Gemeentestad with webhooks to this machine allowed (as tests and development configure it), and optionally mail.
async fn gemeentestad_met_berichten(smtp: Option<&Smtp>) -> Option<(TestApp, AppState)> {
    let mut c: WebConfig = config();
    c.berichten.webhook_toegestaan = vec!["127.0.0.1".into()];
    c.publieke_url = Some("http://stip.test".into());
    if let Some(smtp) = smtp {
        let mail = MailConfig::new(&smtp.url(), "stip <noreply@voorbeeldstad.example>").unwrap();
        c.auth = AuthConfig { mail: Some(mail), ..AuthConfig::default() };
    }
    app_met_config(&["imro/stationspleinzuidoost.gml", "gemeentestad/toepasbareRegels"], c).await
}

/// One round of the worker, as the background task runs it.
async fn ronde(state: &AppState) {
    stip_app::berichten::verspreid(state).await.unwrap();
    stip_app::berichten::bezorg(state, state.post()).await.unwrap();
}

async fn dien_in(app: &TestApp, jan: &Persoon) -> (String, String) {
    let a = complete_aanvraag(app, jan).await;
    let z =
        api(app, "POST", &format!("/api/v1/aanvragen/{}/indienen", a["id"].as_str().unwrap()), Some(jan), None).await;
    assert_eq!(z.status, 201, "{}", z.body);
    let z = z.json();
    (z["zaak"].as_str().unwrap().to_string(), z["zaaknummer"].as_str().unwrap().to_string())
}

async fn stap(app: &TestApp, zaak: &str, wie: &Persoon, gebeurtenis: Value) {
    let z = api(app, "POST", &format!("/api/v1/zaken/{zaak}/gebeurtenissen"), Some(wie), Some(gebeurtenis)).await;
    assert_eq!(z.status, 201, "{}", z.body);
}

async fn besluit_en_bekendmaking(app: &TestApp, zaak: &str, ambtenaar: &Persoon) {
    let besluit =
        json!({ "uitkomst": "verleend", "motivering": "De schuur past in het omgevingsplan.", "voorschriften": [] });
    let z = api(app, "POST", &format!("/api/v1/zaken/{zaak}/besluit"), Some(ambtenaar), Some(besluit)).await;
    assert_eq!(z.status, 201, "{}", z.body);
    let vandaag = stip_app::Klok::nu(&app.klok).date();
    stap(app, zaak, ambtenaar, json!({ "soort": "bekendgemaakt", "datum": vandaag.to_string() })).await;
}

fn neem_in_behandeling() -> Value {
    json!({ "soort": "in_behandeling_genomen", "behandelaar": uuid::Uuid::nil(), "behandelaarNaam": "", "team": null })
}

/// A webhook subscription at `punt` (RD) with a radius, for the receiver's path `pad`.
async fn webhook(app: &TestApp, wie: &Persoon, punt: (f64, f64), url: &str) -> common::Answer {
    let vraag = json!({
        "punt": [punt.0, punt.1], "crs": "EPSG:28992", "straalM": 200, "kanaal": "webhook", "webhookUrl": url,
    });
    api(app, "POST", "/api/v1/abonnementen", Some(wie), Some(vraag)).await
}

fn hmac_sha256(geheim: &str, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(geheim.as_bytes()).unwrap();
    mac.update(body.as_bytes());
    format!("sha256={}", mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect::<String>())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_neighbour_200_m_away_gets_signed_cloudevents_for_the_application_and_its_decision_and_one_5_km_away_nothing()
{
    let ontvanger = Ontvanger::start().await;
    let Some((app, state)) = gemeentestad_met_berichten(None).await else { return };
    tokio::spawn(stip_app::berichten::werk(state.app().clone(), state.post().clone()));
    let jan = persoon(&app, "Jan Jansen", &[Rol::Initiatiefnemer], None).await;
    let ambtenaar = persoon(&app, "Aisha Ambtenaar", &[Rol::Behandelaar], Some("gm0297")).await;
    let buur = persoon(&app, "Bea Buur", &[Rol::Belanghebbende], None).await;
    let verre = persoon(&app, "Vera Ver", &[Rol::Belanghebbende], None).await;

    // A webhook to a private address is refused, also when it is named by a host that is not on the list.
    for doel in ["https://10.0.0.1/hook", "https://169.254.169.254/latest", "http://ontvanger.example/hook"] {
        let geweigerd = webhook(&app, &buur, PLEK, doel).await;
        assert_eq!(geweigerd.status, 400, "{doel}: {}", geweigerd.body);
        assert_eq!(geweigerd.json()["code"], "invalid_request");
    }
    let dichtbij = webhook(&app, &buur, (PLEK.0 + 150.0, PLEK.1), &ontvanger.url("dichtbij")).await;
    assert_eq!(dichtbij.status, 201, "{}", dichtbij.body);
    let dichtbij = dichtbij.json();
    let geheim = dichtbij["webhookGeheim"].as_str().unwrap().to_string();
    assert_eq!(dichtbij["omschrijving"], "200 m rond het gekozen punt");
    let lijst = api(&app, "GET", "/api/v1/abonnementen", Some(&buur), None).await.json();
    assert_eq!(lijst.as_array().unwrap().len(), 1);
    assert!(lijst[0].get("webhookGeheim").is_none(), "the key is given once, when made");
    let ver = webhook(&app, &verre, (PLEK.0 + 5_000.0, PLEK.1), &ontvanger.url("ver")).await;
    assert_eq!(ver.status, 201, "{}", ver.body);

    // The application arrives: a CloudEvent within seconds, signed, public data only.
    let (zaak, zaaknummer) = dien_in(&app, &jan).await;
    let events = ontvanger.wacht_op("dichtbij", 1).await;
    let (handtekening, e) = &events[0];
    assert_eq!(e["specversion"], "1.0");
    assert_eq!(e["type"], "nl.stip.zaak.aanvraag-ontvangen");
    assert_eq!(e["source"], "urn:nld:stip");
    assert_eq!(e["subject"], zaaknummer);
    assert_eq!(e["datacontenttype"], "application/json");
    assert_eq!(e["data"]["gemeente"], "Gemeente Gemeentestad");
    assert_eq!(e["data"]["activiteitgroepen"], json!(["bouwen"]));
    let (_, body) = &ontvanger.ruw("dichtbij")[0];
    assert_eq!(handtekening, &hmac_sha256(&geheim, body), "HMAC-SHA256 of the body with the subscription's key");
    for persoonlijk in ["Jan", "Jansen", "jan.jansen@example.nl", "Een schuur van 30 m²", &jan.id.to_string()] {
        assert!(!body.contains(persoonlijk), "the webhook carries no personal data ({persoonlijk}): {body}");
    }
    let dataref = e["dataref"].as_str().unwrap();
    let pad = dataref.strip_prefix("http://stip.test").expect("dataref on stip's public address");
    let publiek = api(&app, "GET", pad, None, None).await;
    assert_eq!(publiek.status, 200, "the dataref is public: {}", publiek.body);
    assert_eq!(publiek.json(), e["data"]);

    // Taking the case in is not public; the decision is.
    stap(&app, &zaak, &ambtenaar, neem_in_behandeling()).await;
    besluit_en_bekendmaking(&app, &zaak, &ambtenaar).await;
    let events = ontvanger.wacht_op("dichtbij", 2).await;
    assert_eq!(events[1].1["type"], "nl.stip.zaak.besluit-bekendgemaakt");
    assert_ne!(events[0].1["id"], events[1].1["id"]);
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(ontvanger.op("dichtbij").len(), 2, "exactly two public happenings");
    assert!(ontvanger.op("ver").is_empty(), "5 km away hears nothing");

    // The neighbour's inbox lists the same happenings; the applicant's has his own case's steps, not his own submit.
    let inbox = api(&app, "GET", "/api/v1/berichten", Some(&buur), None).await.json();
    let titels: Vec<&str> =
        inbox["berichten"].as_array().unwrap().iter().map(|b| b["titel"].as_str().unwrap()).collect();
    assert_eq!(
        titels,
        [events[1].1["data"]["titel"].as_str().unwrap(), events[0].1["data"]["titel"].as_str().unwrap()]
    );
    assert_eq!(inbox["ongelezen"], 2);
    let eerste = inbox["berichten"][0]["id"].as_str().unwrap();
    assert_eq!(api(&app, "POST", &format!("/api/v1/berichten/{eerste}/gelezen"), Some(&jan), None).await.status, 404);
    assert_eq!(api(&app, "POST", &format!("/api/v1/berichten/{eerste}/gelezen"), Some(&buur), None).await.status, 204);
    assert_eq!(api(&app, "GET", "/api/v1/berichten", Some(&buur), None).await.json()["ongelezen"], 1);
    let eigen = api(&app, "GET", "/api/v1/berichten", Some(&jan), None).await.json();
    let teksten: Vec<&str> =
        eigen["berichten"].as_array().unwrap().iter().map(|b| b["tekst"].as_str().unwrap()).collect();
    assert!(teksten.iter().any(|t| t.contains("in behandeling genomen")), "{teksten:?}");
    assert!(teksten.iter().any(|t| t.contains("bekendgemaakt")), "{teksten:?}");
    assert!(!teksten.iter().any(|t| t.contains("is ontvangen")), "no message about one's own submit: {teksten:?}");

    // Officials see the outbox; others do not.
    assert_eq!(api(&app, "GET", "/api/v1/berichten/uitgaand", Some(&buur), None).await.status, 403);
    let uit = api(&app, "GET", "/api/v1/berichten/uitgaand", Some(&ambtenaar), None).await.json();
    assert_eq!(uit["telling"]["mislukt"], 0, "{uit}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_e_mail_subscription_needs_a_confirmed_address_and_stops_with_the_link_in_every_message() {
    let smtp = Smtp::start();
    let Some((app, state)) = gemeentestad_met_berichten(Some(&smtp)).await else { return };
    let jan = persoon(&app, "Jan Jansen", &[Rol::Initiatiefnemer], None).await;
    let ambtenaar = persoon(&app, "Aisha Ambtenaar", &[Rol::Behandelaar], Some("gm0297")).await;

    let vraag = json!({
        "punt": [PLEK.0, PLEK.1 + 100.0], "crs": "EPSG:28992", "straalM": 200, "kanaal": "email", "email": "Buur@Example.nl",
    });
    let a = api(&app, "POST", "/api/v1/abonnementen", None, Some(vraag)).await;
    assert_eq!(a.status, 201, "{}", a.body);
    assert_eq!((a.json()["bevestigd"].clone(), a.json()["bevestigingVerstuurd"].clone()), (json!(false), json!(true)));
    let bevestiging = Mail::lees(&smtp.wacht_op(1).await[0]);
    assert_eq!(bevestiging.header("To").as_deref(), Some("buur@example.nl"));
    let link = bevestiging.tekst.lines().find(|l| l.contains("/abonnementen/bevestigen/")).unwrap().trim().to_string();
    let sleutel = link.rsplit('/').next().unwrap().to_string();

    // Unconfirmed: nothing goes out.
    let (zaak, _) = dien_in(&app, &jan).await;
    ronde(&state).await;
    stap(&app, &zaak, &ambtenaar, neem_in_behandeling()).await;
    ronde(&state).await;
    let mails = smtp.wacht_op(2).await;
    assert_eq!(mails.len(), 2, "the confirmation and Jan's own message only");
    let aan_jan =
        mails.iter().map(|m| Mail::lees(m)).find(|m| m.header("To").as_deref() == Some("jan.jansen@example.nl"));
    assert!(aan_jan.unwrap().tekst.contains("in behandeling genomen"), "the applicant hears his case is taken in");

    // Confirmed, the decision reaches the neighbour, with the one-click unsubscribe headers (RFC 8058).
    stip_app::berichten::bevestig(&state, &sleutel).await.unwrap();
    besluit_en_bekendmaking(&app, &zaak, &ambtenaar).await;
    ronde(&state).await;
    let mails: Vec<Mail> = smtp.wacht_op(4).await.iter().map(|m| Mail::lees(m)).collect();
    let aan_buur: Vec<&Mail> = mails.iter().filter(|m| m.header("To").as_deref() == Some("buur@example.nl")).collect();
    assert_eq!(aan_buur.len(), 2, "the confirmation and the decision");
    let besluit = aan_buur.iter().find(|m| m.tekst.contains("Besluit bekendgemaakt")).expect("the decision's e-mail");
    let afmelden = format!("<http://stip.test/abonnementen/afmelden/{sleutel}>");
    assert_eq!(besluit.header("List-Unsubscribe").as_deref(), Some(afmelden.as_str()));
    assert_eq!(besluit.header("List-Unsubscribe-Post").as_deref(), Some("List-Unsubscribe=One-Click"));
    assert!(besluit.header("Message-ID").is_some_and(|id| id.ends_with("@stip.test>")));
    for persoonlijk in ["Jan", "jan.jansen@example.nl", "Een schuur van 30 m²"] {
        assert!(!besluit.tekst.contains(persoonlijk), "no personal data ({persoonlijk}): {}", besluit.tekst);
    }

    // Stopped from the e-mail: the next step reaches only Jan.
    stip_app::berichten::zeg_op_met_sleutel(&state, &sleutel).await.unwrap();
    let bericht =
        json!({ "soort": "bericht_aan_belanghebbenden", "tekst": "Op maandag wordt de bouwplaats ingericht." });
    stap(&app, &zaak, &ambtenaar, bericht).await;
    ronde(&state).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let na: Vec<Mail> = smtp.mails().iter().map(|m| Mail::lees(m)).collect();
    assert_eq!(na.iter().filter(|m| m.header("To").as_deref() == Some("buur@example.nl")).count(), 2, "stopped");
    assert!(stip_app::berichten::bevestig(&state, &sleutel).await.is_err(), "a stopped subscription stays stopped");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_daily_digest_collects_the_days_messages_in_one_e_mail_the_next_morning() {
    let smtp = Smtp::start();
    let Some((app, state)) = gemeentestad_met_berichten(Some(&smtp)).await else { return };
    let jan = persoon(&app, "Jan Jansen", &[Rol::Initiatiefnemer], None).await;
    let ambtenaar = persoon(&app, "Aisha Ambtenaar", &[Rol::Behandelaar], Some("gm0297")).await;
    let buur = persoon(&app, "Bea Buur", &[Rol::Belanghebbende], None).await;
    let vraag = json!({
        "punt": [PLEK.0, PLEK.1], "crs": "EPSG:28992", "straalM": 500, "kanaal": "email", "frequentie": "dagelijks",
    });
    assert_eq!(api(&app, "POST", "/api/v1/abonnementen", Some(&buur), Some(vraag)).await.status, 201);

    let (zaak, _) = dien_in(&app, &jan).await;
    stap(&app, &zaak, &ambtenaar, neem_in_behandeling()).await;
    besluit_en_bekendmaking(&app, &zaak, &ambtenaar).await;
    ronde(&state).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let aan_buur = |mails: Vec<String>| -> Vec<Mail> {
        mails
            .iter()
            .map(|m| Mail::lees(m))
            .filter(|m| m.header("To").as_deref() == Some("bea.buur@example.nl"))
            .collect()
    };
    assert!(aan_buur(smtp.mails()).is_empty(), "nothing before the digest's moment");
    assert_eq!(
        api(&app, "GET", "/api/v1/berichten", Some(&buur), None).await.json()["totaal"],
        2,
        "the inbox has them"
    );

    // The next morning at 07:00 Dutch time (at most 32 hours on).
    app.klok.verzet(time::Duration::hours(32));
    ronde(&state).await;
    let start = Instant::now();
    while aan_buur(smtp.mails()).is_empty() {
        assert!(start.elapsed() < Duration::from_secs(10), "the digest did not arrive");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let digest = aan_buur(smtp.mails());
    assert_eq!(digest.len(), 1, "one e-mail");
    assert_eq!(digest[0].header("Subject").as_deref(), Some("2 berichten over uw omgeving"));
    assert!(digest[0].tekst.contains("Aanvraag ontvangen") && digest[0].tekst.contains("Besluit bekendgemaakt"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_plan_version_that_lowers_the_building_height_tells_the_subscribers_there_the_norm_and_both_values() {
    let Some((app, state)) = gemeentestad_met_berichten(None).await else { return };
    let buur = persoon(&app, "Bea Buur", &[Rol::Belanghebbende], None).await;
    let ver = persoon(&app, "Vera Ver", &[Rol::Belanghebbende], None).await;
    for (wie, punt) in [(&buur, PLEK), (&ver, (PLEK.0 + 5_000.0, PLEK.1))] {
        let vraag = json!({ "punt": [punt.0, punt.1], "crs": "EPSG:28992", "straalM": 25, "kanaal": "inbox" });
        assert_eq!(api(&app, "POST", "/api/v1/abonnementen", Some(wie), Some(vraag)).await.status, 201);
    }

    // The same plan, its maximum building height of 7 m lowered to 6 m, read and published as an import does.
    let pad = common::fixtures().unwrap().join("imro/stationspleinzuidoost.gml");
    let gml = std::fs::read_to_string(&pad).unwrap();
    let mut nieuw = String::new();
    let mut rest = gml.as_str();
    while let Some(i) = rest.find("<imro:waarde>7</imro:waarde>") {
        let (voor, na) = rest.split_at(i);
        let na = &na["<imro:waarde>7</imro:waarde>".len()..];
        let bouwhoogte = na.trim_start().starts_with("<imro:waardeType>maximum bouwhoogte (m)");
        nieuw.push_str(voor);
        nieuw.push_str(if bouwhoogte { "<imro:waarde>6</imro:waarde>" } else { "<imro:waarde>7</imro:waarde>" });
        rest = na;
    }
    nieuw.push_str(rest);
    assert_ne!(nieuw, gml, "the fixture holds the 7 m maatvoering");
    let bron = stip_app::kennis::Bron {
        naam: "stationspleinzuidoost.gml".into(),
        bestanden: vec![("stationspleinzuidoost.gml".into(), nieuw.into_bytes())],
    };
    let ingelezen = stip_app::kennis::inlezen(&bron, None).unwrap();
    stip_app::kennis::publiceer(&app.store, &bron, &ingelezen).await.unwrap();
    ronde(&state).await;

    let inbox = api(&app, "GET", "/api/v1/berichten", Some(&buur), None).await.json();
    let berichten = inbox["berichten"].as_array().unwrap();
    assert!(!berichten.is_empty(), "{inbox}");
    let bouwhoogte = berichten.iter().find(|b| b["titel"].as_str().unwrap().contains("bouwhoogte")).expect("{inbox}");
    assert!(bouwhoogte["titel"].as_str().unwrap().contains("maximale bouwhoogte 7 m → 6 m"), "{bouwhoogte}");
    assert_eq!(bouwhoogte["soort"], "plan-gewijzigd");
    assert_eq!(api(&app, "GET", "/api/v1/berichten", Some(&ver), None).await.json()["totaal"], 0, "5 km away: nothing");
    // Importing the same version again changes nothing and tells nobody anything new.
    stip_app::kennis::publiceer(&app.store, &bron, &ingelezen).await.unwrap();
    ronde(&state).await;
    assert_eq!(api(&app, "GET", "/api/v1/berichten", Some(&buur), None).await.json()["totaal"], inbox["totaal"]);
}

#[tokio::test]
async fn a_subscription_without_an_account_is_by_e_mail_only_and_its_area_must_be_sensible() {
    let Some((app, _)) = gemeentestad_met_berichten(None).await else { return };
    let buur = persoon(&app, "Bea Buur", &[Rol::Belanghebbende], None).await;
    let cases = [
        (None, json!({ "punt": [PLEK.0, PLEK.1], "crs": "EPSG:28992", "kanaal": "inbox" }), 401),
        (
            None,
            json!({ "punt": [PLEK.0, PLEK.1], "crs": "EPSG:28992", "kanaal": "webhook", "webhookUrl": "https://a.example/" }),
            401,
        ),
        (
            None,
            json!({ "punt": [PLEK.0, PLEK.1], "crs": "EPSG:28992", "kanaal": "email", "email": "buur@example.nl" }),
            400,
        ),
        (Some(&buur), json!({ "punt": [PLEK.0, PLEK.1], "crs": "EPSG:28992", "straalM": 10, "kanaal": "inbox" }), 400),
        (
            Some(&buur),
            json!({ "punt": [PLEK.0, PLEK.1], "crs": "EPSG:28992", "straalM": 6000, "kanaal": "inbox" }),
            400,
        ),
        (Some(&buur), json!({ "punt": [PLEK.0, PLEK.1], "gemeente": "gm0297", "kanaal": "inbox" }), 400),
        (Some(&buur), json!({ "kanaal": "inbox" }), 400),
        (Some(&buur), json!({ "zaak": "Z-2026-999999", "kanaal": "inbox" }), 404),
        (Some(&buur), json!({ "gemeente": "gm0297", "kanaal": "inbox", "activiteitgroepen": ["sport"] }), 400),
        (Some(&buur), json!({ "gemeente": "gm0297", "kanaal": "inbox", "soorten": ["eigen-zaak"] }), 400),
    ];
    for (wie, vraag, status) in cases {
        let a = api(&app, "POST", "/api/v1/abonnementen", wie, Some(vraag.clone())).await;
        assert_eq!(a.status, status, "{vraag}: {}", a.body);
    }
    let gemeente = api(
        &app,
        "POST",
        "/api/v1/abonnementen",
        Some(&buur),
        Some(json!({ "gemeente": "gm0297", "kanaal": "inbox" })),
    )
    .await;
    assert_eq!(gemeente.status, 201, "{}", gemeente.body);
    assert_eq!(gemeente.json()["omschrijving"], "Heel Gemeente Gemeentestad");
    let id = gemeente.json()["id"].as_str().unwrap().to_string();
    assert_eq!(api(&app, "DELETE", &format!("/api/v1/abonnementen/{id}"), Some(&buur), None).await.status, 204);
    assert_eq!(api(&app, "GET", "/api/v1/abonnementen", Some(&buur), None).await.json(), json!([]));
}

#[tokio::test]
async fn the_official_is_reminded_once_14_and_once_3_days_before_the_decision_term_ends() {
    use stip_store::GebruikerRepository;
    let Some((app, state)) = gemeentestad_met_berichten(None).await else { return };
    let jan = persoon(&app, "Jan Jansen", &[Rol::Initiatiefnemer], None).await;
    let ambtenaar = persoon(&app, "Aisha Ambtenaar", &[Rol::Behandelaar], Some("gm0297")).await;
    let (zaak, zaaknummer) = dien_in(&app, &jan).await;
    stap(&app, &zaak, &ambtenaar, neem_in_behandeling()).await;
    use stip_store::ZaakRepository;
    let uiterst = app.store.zaak(zaak.parse().unwrap()).await.unwrap().uiterste_beslisdatum;
    let g = app.store.gebruiker(stip_store::GebruikerId(ambtenaar.id)).await.unwrap();
    let aisha = stip_app::dossier::actor(&g);
    let herinneringen = || async {
        let inbox = stip_app::berichten::inbox(&state, &aisha, 1).await.unwrap();
        inbox.berichten.into_iter().filter(|b| b.soort == "termijn-herinnering").collect::<Vec<_>>()
    };

    assert_eq!(stip_app::berichten::herinner(&state).await.unwrap(), 0, "eight weeks ahead: nothing yet");
    let tot = |dagen: i64| {
        let nu = stip_app::Klok::nu(&app.klok);
        let doel = uiterst - time::Duration::days(dagen);
        app.klok.verzet(doel.midnight().assume_utc() + time::Duration::hours(10) - nu);
    };
    tot(14);
    stip_app::berichten::herinner(&state).await.unwrap();
    stip_app::berichten::herinner(&state).await.unwrap();
    let eerst = herinneringen().await;
    assert_eq!(eerst.len(), 1, "once, however often it looks");
    assert!(eerst[0].titel.contains(&zaaknummer) && eerst[0].tekst.contains("nog 14 dagen"), "{:?}", eerst[0]);
    assert_eq!(eerst[0].link, format!("/backoffice/zaken/{zaak}"));
    tot(3);
    stip_app::berichten::herinner(&state).await.unwrap();
    assert_eq!(herinneringen().await.len(), 2, "and again three days before");
    let jan_g = app.store.gebruiker(stip_store::GebruikerId(jan.id)).await.unwrap();
    let jan_inbox = stip_app::berichten::inbox(&state, &stip_app::dossier::actor(&jan_g), 1).await.unwrap();
    assert!(jan_inbox.berichten.iter().all(|b| b.soort != "termijn-herinnering"), "the official's term, not Jan's");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_subscription_made_through_one_instance_is_matched_by_another_instances_distributor() {
    let Some((app, _eerste)) = gemeentestad_met_berichten(None).await else { return };
    // A second stip on the same database, with its own subscriptions in memory, loaded before the subscription.
    let mut c: WebConfig = config();
    c.publieke_url = Some("http://stip.test".into());
    let tweede = AppState::met_klok(app.store.clone(), c, std::sync::Arc::new(app.klok.clone()));
    tweede.vernieuw().await.unwrap();
    assert_eq!(tweede.laad_abonnementen().await.unwrap(), 0);

    let jan = persoon(&app, "Jan Jansen", &[Rol::Initiatiefnemer], None).await;
    let buur = persoon(&app, "Bea Buur", &[Rol::Belanghebbende], None).await;
    let vraag = json!({ "punt": [PLEK.0, PLEK.1], "crs": "EPSG:28992", "straalM": 100, "kanaal": "inbox" });
    assert_eq!(api(&app, "POST", "/api/v1/abonnementen", Some(&buur), Some(vraag)).await.status, 201);
    assert_eq!(tweede.volg_abonnementen().await.unwrap(), 1, "the second instance follows the change");
    assert_eq!(tweede.volg_abonnementen().await.unwrap(), 1, "read again within the margin: harmless");

    dien_in(&app, &jan).await;
    stip_app::berichten::verspreid(&tweede).await.unwrap();
    let inbox = api(&app, "GET", "/api/v1/berichten", Some(&buur), None).await.json();
    assert_eq!(inbox["totaal"], 1, "{inbox}");

    // Stopped through the first, the second stops matching it.
    let id =
        api(&app, "GET", "/api/v1/abonnementen", Some(&buur), None).await.json()[0]["id"].as_str().unwrap().to_string();
    assert_eq!(api(&app, "DELETE", &format!("/api/v1/abonnementen/{id}"), Some(&buur), None).await.status, 204);
    tweede.volg_abonnementen().await.unwrap();
    dien_in(&app, &jan).await;
    stip_app::berichten::verspreid(&tweede).await.unwrap();
    assert_eq!(api(&app, "GET", "/api/v1/berichten", Some(&buur), None).await.json()["totaal"], 1, "no second");
}
