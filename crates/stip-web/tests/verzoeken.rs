//! Talking to the municipality early over the API, with the test clock and a real SMTP server: a "Bestuur op maat"
//! request in the officials' work queue with its one-week deadline and its risk as the days pass, the answer in the
//! requester's inbox and e-mail; a site visit at a published slot with an iCalendar invitation an independent parser
//! (python3 icalendar) reads, and a second requester who cannot take that slot; the begeleid package with the
//! initiatiefmanager's work contact details; nobody else sees a request.

mod common;

use common::persoon::{Persoon, api, persoon};
use common::smtp::{Mail, Smtp, ical};
use common::{TestApp, spawn_app_met_state};
use serde_json::{Value, json};
use stip_web::{AppState, AuthConfig, MailConfig, WebConfig};
use stip_zaak::Rol;
use time::{Duration, OffsetDateTime};

async fn app(smtp: Option<&Smtp>) -> (TestApp, AppState) {
    let mut c = WebConfig { publieke_url: Some("http://stip.test".into()), ..WebConfig::default() };
    let mail =
        smtp.map(|s| MailConfig::new(&s.url(), "Gemeente Voorbeeldstad <noreply@voorbeeldstad.example>").unwrap());
    // The clock moves on by days between one person's requests: their sessions must not idle out.
    c.auth = AuthConfig { mail, sessie_inactief: std::time::Duration::from_secs(30 * 86_400), ..AuthConfig::default() };
    spawn_app_met_state(c).await
}

async fn ronde(state: &AppState) {
    stip_app::berichten::verspreid(state).await.unwrap();
    stip_app::berichten::bezorg(state, state.post()).await.unwrap();
}

async fn ok(app: &TestApp, method: &str, uri: &str, wie: &Persoon, body: Option<Value>) -> Value {
    let a = api(app, method, uri, Some(wie), body).await;
    assert!(a.status == 201 || a.status == 200, "{method} {uri}: {} {}", a.status, a.body);
    a.json()
}

fn vandaag(app: &TestApp) -> time::Date {
    stip_zaak::tijd::nederlands(stip_app::Klok::nu(&app.klok)).date()
}

async fn verzoek(app: &TestApp, wie: &Persoon, soort: &str) -> Value {
    let v = json!({ "soort": soort, "onderwerp": "Aanbouw aan de achterkant", "vraag": "Kan een aanbouw van 4 meter diep?" });
    ok(app, "POST", "/api/v1/verzoeken", wie, Some(v)).await
}

#[tokio::test]
async fn a_bestuur_op_maat_request_shows_up_in_the_work_queue_with_its_one_week_deadline_and_the_answer_reaches_the_requester()
 {
    let smtp = Smtp::start();
    let (app, state) = app(Some(&smtp)).await;
    let ilse = persoon(&app, "Ilse Initiatief", &[Rol::Initiatiefnemer], None).await;
    let anna = persoon(&app, "Anna Ambtenaar", &[Rol::Behandelaar], Some("gm9999")).await;

    let v = verzoek(&app, &ilse, "bestuur_op_maat").await;
    let uiterlijk = stip_zaak::kalender::einde(vandaag(&app) + Duration::weeks(1));
    assert_eq!(v["uiterlijk"], uiterlijk.to_string(), "{v}");
    assert_eq!(v["norm"], "1 week");
    assert_eq!(v["status"], "ontvangen");
    assert_eq!(v["aanvrager"], Value::Null, "the requester is not told their own name as a party");
    insta::assert_json_snapshot!(v, {
        ".id" => "[id]", ".nummer" => "[nummer]", ".ontvangen" => "[moment]", ".uiterlijk" => "[datum]",
        ".dagenOver" => "[dagen]",
    });
    let id = v["id"].as_str().unwrap();
    assert!(v["nummer"].as_str().unwrap().ends_with("-M"), "{v}");

    let rij = |wv: &Value| wv["verzoeken"].as_array().unwrap().iter().find(|r| r["id"] == id).cloned().unwrap();
    let wv = ok(&app, "GET", "/api/v1/werkvoorraad/verzoeken", &anna, None).await;
    let r = rij(&wv);
    assert_eq!(r["soortNaam"], "Bestuur op maat");
    assert_eq!(r["uiterlijk"], uiterlijk.to_string());
    assert_eq!(r["aanvrager"], "Ilse Initiatief");
    assert_eq!(r["mogelijkeStappen"], json!(["in_behandeling_genomen", "beantwoord", "gesloten"]));

    // Two days before the deadline the queue warns; after it, the request is late.
    let dagen = (uiterlijk - vandaag(&app)).whole_days();
    app.klok.verzet(Duration::days(dagen - 2));
    assert_eq!(rij(&ok(&app, "GET", "/api/v1/werkvoorraad/verzoeken", &anna, None).await)["risico"], "let_op");
    app.klok.verzet(Duration::days(3));
    assert_eq!(rij(&ok(&app, "GET", "/api/v1/werkvoorraad/verzoeken", &anna, None).await)["risico"], "verlopen");

    // The requester cannot answer their own request.
    let zelf =
        api(&app, "POST", &format!("/api/v1/verzoeken/{id}/stappen"), Some(&ilse), Some(json!({"soort": "gesloten"})))
            .await;
    assert_eq!(zelf.status, 403, "{}", zelf.body);

    let antwoord = json!({ "soort": "beantwoord", "antwoord": "Het college staat positief tegenover uw plan." });
    let b = ok(&app, "POST", &format!("/api/v1/verzoeken/{id}/stappen"), &anna, Some(antwoord)).await;
    assert_eq!(b["status"], "beantwoord");
    assert_eq!(b["risico"], "besloten");
    assert_eq!(b["behandelaar"], "Anna Ambtenaar");
    let nog = ok(&app, "GET", "/api/v1/werkvoorraad/verzoeken", &anna, None).await;
    assert!(nog["verzoeken"].as_array().unwrap().iter().all(|r| r["id"] != id), "answered: out of the open queue");

    ronde(&state).await;
    let inbox = ok(&app, "GET", "/api/v1/berichten", &ilse, None).await;
    let titels: Vec<&str> =
        inbox["berichten"].as_array().unwrap().iter().map(|b| b["titel"].as_str().unwrap()).collect();
    assert!(titels.iter().any(|t| t.starts_with("Antwoord op uw verzoek V-")), "{titels:?}");
    let mails = smtp.wacht_op(1).await;
    let mail = Mail::lees(&mails[0]);
    assert!(mail.header("To").unwrap().contains(&ilse.email), "{}", mail.kop);
    assert!(mail.tekst.contains("Het college staat positief tegenover uw plan."), "{}", mail.tekst);
    let gelezen = ok(&app, "GET", &format!("/api/v1/verzoeken/{id}"), &ilse, None).await;
    assert_eq!(gelezen["antwoord"], "Het college staat positief tegenover uw plan.");
    assert_eq!(gelezen["mogelijkeStappen"], json!([]));
}

#[tokio::test]
async fn an_applicant_cannot_see_or_handle_another_persons_request_nor_can_an_official_of_another_municipality() {
    let (app, _) = app(None).await;
    let ilse = persoon(&app, "Ilse Initiatief", &[Rol::Initiatiefnemer], None).await;
    let piet = persoon(&app, "Piet Pieters", &[Rol::Initiatiefnemer], None).await;
    let elders = persoon(&app, "Els Elders", &[Rol::Behandelaar], Some("gm0297")).await;
    let v = verzoek(&app, &ilse, "quickscan").await;
    let id = v["id"].as_str().unwrap();
    for wie in [&piet, &elders] {
        let lees = api(&app, "GET", &format!("/api/v1/verzoeken/{id}"), Some(wie), None).await;
        assert_eq!(lees.status, 404, "{}", lees.body);
        assert!(!lees.body.contains("Aanbouw"), "{}", lees.body);
        let stap = api(
            &app,
            "POST",
            &format!("/api/v1/verzoeken/{id}/stappen"),
            Some(wie),
            Some(json!({"soort": "gesloten"})),
        )
        .await;
        assert_eq!(stap.status, 404, "{}", stap.body);
    }
    let lijst = ok(&app, "GET", "/api/v1/verzoeken", &piet, None).await;
    assert_eq!(lijst["verzoeken"], json!([]));
    let queue = api(&app, "GET", "/api/v1/werkvoorraad/verzoeken", Some(&piet), None).await;
    assert_eq!(queue.status, 403, "{}", queue.body);
    let anoniem = api(&app, "GET", &format!("/api/v1/verzoeken/{id}"), None, None).await;
    assert_eq!(anoniem.status, 401);
    let eigen = ok(&app, "GET", "/api/v1/verzoeken", &ilse, None).await;
    assert_eq!(eigen["verzoeken"][0]["id"], id);
    assert_eq!(eigen["verzoeken"][0]["norm"], "2 weken");
}

#[tokio::test]
async fn a_visit_request_takes_a_published_slot_with_an_icalendar_invitation_and_a_second_requester_cannot_take_it() {
    let smtp = Smtp::start();
    let (app, state) = app(Some(&smtp)).await;
    let ilse = persoon(&app, "Ilse Initiatief", &[Rol::Initiatiefnemer], None).await;
    let piet = persoon(&app, "Piet Pieters", &[Rol::Initiatiefnemer], None).await;
    let anna = persoon(&app, "Anna Ambtenaar", &[Rol::Behandelaar], Some("gm9999")).await;

    let morgen = (stip_app::Klok::nu(&app.klok) + Duration::days(3)).replace_nanosecond(0).unwrap();
    let van = morgen.replace_time(time::macros::time!(9:00)).to_offset(time::UtcOffset::UTC);
    let rfc = |t: OffsetDateTime| t.format(&time::format_description::well_known::Rfc3339).unwrap();
    let slot = json!({ "van": rfc(van), "tot": rfc(van + Duration::hours(1)), "toelichting": "Twee medewerkers van Team Vergunningen Bouwen komen langs." });
    let m = ok(&app, "POST", "/api/v1/bezoekmomenten", &anna, Some(slot.clone())).await;
    assert_eq!(m["vrij"], true);
    let burger = api(&app, "POST", "/api/v1/bezoekmomenten", Some(&ilse), Some(slot)).await;
    assert_eq!(burger.status, 403, "only officials publish slots: {}", burger.body);

    let v1 = verzoek(&app, &ilse, "bezoek").await;
    assert_eq!(v1["momentKiezen"], true);
    let id1 = v1["id"].as_str().unwrap();
    let vrij = ok(&app, "GET", &format!("/api/v1/verzoeken/{id1}/bezoekmomenten"), &ilse, None).await;
    assert_eq!(vrij["momenten"].as_array().unwrap().len(), 1, "{vrij}");
    let keuze = json!({ "moment": m["id"] });
    let gekozen = ok(&app, "POST", &format!("/api/v1/verzoeken/{id1}/bezoekmoment"), &ilse, Some(keuze.clone())).await;
    assert_eq!(gekozen["bezoek"]["id"], m["id"]);
    assert_eq!(gekozen["momentKiezen"], false);

    let v2 = verzoek(&app, &piet, "bezoek").await;
    let id2 = v2["id"].as_str().unwrap();
    let vrij = ok(&app, "GET", &format!("/api/v1/verzoeken/{id2}/bezoekmomenten"), &piet, None).await;
    assert_eq!(vrij["momenten"], json!([]), "a taken slot is not offered again");
    let tweede = api(&app, "POST", &format!("/api/v1/verzoeken/{id2}/bezoekmoment"), Some(&piet), Some(keuze)).await;
    assert_eq!(tweede.status, 409, "{}", tweede.body);
    assert_eq!(tweede.json()["code"], "conflict");
    let alle = ok(&app, "GET", "/api/v1/bezoekmomenten", &anna, None).await;
    assert_eq!(alle["momenten"][0]["verzoek"], gekozen["nummer"], "officials see which request took it");

    ronde(&state).await;
    let mails = smtp.wacht_op(1).await;
    assert_eq!(mails.len(), 1, "only the requester who took the slot is invited");
    let mail = Mail::lees(&mails[0]);
    assert!(mail.header("To").unwrap().contains(&ilse.email), "{}", mail.kop);
    let ics = ical(&mails[0]);
    assert_eq!(ics["method"], "REQUEST");
    assert_eq!(ics["events"], 1);
    assert_eq!(ics["dtstart"], van.unix_timestamp());
    assert_eq!(ics["attendees"], json!([format!("mailto:{}", ilse.email)]));
    assert!(ics["organizer"].as_str().unwrap().starts_with("mailto:"), "{ics}");
    let inbox = ok(&app, "GET", "/api/v1/berichten", &ilse, None).await;
    assert!(
        inbox["berichten"][0]["titel"].as_str().unwrap().starts_with("Uitnodiging: bezoek van Gemeente Voorbeeldstad")
    );
}

#[tokio::test]
async fn a_begeleid_package_shows_the_initiatiefmanager_with_the_fewest_open_assignments_and_their_work_contact_details()
 {
    let (app, _) = app(None).await;
    let ilse = persoon(&app, "Ilse Initiatief", &[Rol::Initiatiefnemer], None).await;
    let piet = persoon(&app, "Piet Pieters", &[Rol::Initiatiefnemer], None).await;
    let anna = persoon(&app, "Anna Ambtenaar", &[Rol::Behandelaar], Some("gm9999")).await;
    let bram = persoon(&app, "Bram Behandelaar", &[Rol::Behandelaar], Some("gm9999")).await;
    let beheer = persoon(&app, "Bea Beheer", &[Rol::Beheerder], None).await;

    // Without anyone in the pool, a guided package says what happens instead.
    let d = ok(&app, "POST", "/api/v1/dienstverlening", &ilse, Some(json!({ "pakket": "begeleid" }))).await;
    assert_eq!(d["initiatiefmanager"], Value::Null);
    assert!(d["toelichting"].as_str().unwrap().contains("geen initiatiefmanager vrij"), "{d}");

    let pool = |t: &str| json!({ "inPool": true, "telefoon": t });
    let a = api(
        &app,
        "PUT",
        &format!("/api/v1/initiatiefmanagers/{}", anna.id),
        Some(&anna),
        Some(pool("14 9999 (keuze 5)")),
    )
    .await;
    assert_eq!(a.status, 204, "{}", a.body);
    let b =
        api(&app, "PUT", &format!("/api/v1/initiatiefmanagers/{}", bram.id), Some(&beheer), Some(pool("06 1234 5678")))
            .await;
    assert_eq!(b.status, 204, "{}", b.body);
    let burger =
        api(&app, "PUT", &format!("/api/v1/initiatiefmanagers/{}", bram.id), Some(&piet), Some(pool("1"))).await;
    assert_eq!(burger.status, 403, "{}", burger.body);
    let geen_ambtenaar =
        api(&app, "PUT", &format!("/api/v1/initiatiefmanagers/{}", ilse.id), Some(&beheer), Some(pool("1"))).await;
    assert_eq!(geen_ambtenaar.status, 400, "{}", geen_ambtenaar.body);

    let initiatief = uuid::Uuid::now_v7();
    let keuze = json!({ "pakket": "begeleid", "initiatief": initiatief });
    let d = ok(&app, "POST", "/api/v1/dienstverlening", &ilse, Some(keuze)).await;
    assert_eq!(
        d["initiatiefmanager"],
        json!({ "naam": "Anna Ambtenaar", "email": anna.email, "telefoon": "14 9999 (keuze 5)" }),
        "the first in the pool, with no one yet: {d}"
    );
    assert_eq!(d["initiatief"], initiatief.to_string());
    // Anna now guides one initiator: the next goes to Bram.
    let d = ok(&app, "POST", "/api/v1/dienstverlening", &piet, Some(json!({ "pakket": "ontzorgd" }))).await;
    assert_eq!(d["initiatiefmanager"]["naam"], "Bram Behandelaar", "{d}");
    assert_eq!(d["initiatiefmanager"]["telefoon"], "06 1234 5678");
    assert!(!d.to_string().contains("Ilse"), "another initiator is never named: {d}");
    // Choosing again for the same initiative keeps the same manager; zelf doen has none.
    let d = ok(
        &app,
        "POST",
        "/api/v1/dienstverlening",
        &ilse,
        Some(json!({ "pakket": "ontzorgd", "initiatief": initiatief })),
    )
    .await;
    assert_eq!(d["initiatiefmanager"]["naam"], "Anna Ambtenaar");
    let d = ok(&app, "POST", "/api/v1/dienstverlening", &ilse, Some(json!({ "pakket": "zelf_doen" }))).await;
    assert_eq!(d["initiatiefmanager"], Value::Null);
    assert_eq!(d["toelichting"], Value::Null);
    let mijn = ok(&app, "GET", "/api/v1/dienstverlening", &ilse, None).await;
    assert_eq!(mijn["pakketten"].as_array().unwrap().len(), 2, "one choice per initiative: {mijn}");
}

#[tokio::test]
async fn a_request_refers_only_to_the_requesters_own_draft_and_a_saved_plan_check_that_exists() {
    let (app, _) = app(None).await;
    let ilse = persoon(&app, "Ilse Initiatief", &[Rol::Initiatiefnemer], None).await;
    let piet = persoon(&app, "Piet Pieters", &[Rol::Initiatiefnemer], None).await;
    let concept = ok(&app, "POST", "/api/v1/aanvragen", &ilse, Some(json!({ "titel": "Dakkapel" }))).await;
    let vraag = |extra: Value| {
        let mut v = json!({ "soort": "wethouder", "onderwerp": "Dakkapel", "vraag": "Mag dit aan de voorkant?" });
        v.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        v
    };
    let eigen = ok(&app, "POST", "/api/v1/verzoeken", &ilse, Some(vraag(json!({ "aanvraag": concept["id"] })))).await;
    assert_eq!(eigen["aanvraag"], concept["id"]);
    assert_eq!(eigen["norm"], "5 werkdagen");
    assert_eq!(eigen["uiterlijk"], stip_zaak::kalender::werkdagen_na(vandaag(&app), 5).to_string());
    let vreemd =
        api(&app, "POST", "/api/v1/verzoeken", Some(&piet), Some(vraag(json!({ "aanvraag": concept["id"] })))).await;
    assert_eq!(vreemd.status, 404, "{}", vreemd.body);
    let verzonnen =
        api(&app, "POST", "/api/v1/verzoeken", Some(&ilse), Some(vraag(json!({ "plancheck": "bestaat-niet" })))).await;
    assert_eq!(verzonnen.status, 404, "{}", verzonnen.body);
    let leeg = api(
        &app,
        "POST",
        "/api/v1/verzoeken",
        Some(&ilse),
        Some(json!({ "soort": "quickscan", "onderwerp": " ", "vraag": "?" })),
    )
    .await;
    assert_eq!(leeg.status, 400, "{}", leeg.body);
    assert!(leeg.body.contains("onderwerp"), "{}", leeg.body);
}
