//! The neighbour's legal side over the API, on the real Gemeentestad fixtures with the test clock: objections within
//! and after the term, the decision that cannot become final while one runs, a hearing whose invitation arrives by
//! e-mail (a real SMTP server) as an iCalendar file an independent parser (python3 icalendar) reads, the decision on
//! the objection with the appeal term, and views on a draft decision in the uitgebreide procedure.

mod common;

use common::gemeentestad::{complete_aanvraag, config};
use common::persoon::{Persoon, api, persoon};
use common::smtp::{Smtp, ical};
use common::{TestApp, app_met_config};
use serde_json::{Value, json};
use stip_web::{AppState, AuthConfig, MailConfig, WebConfig};
use stip_zaak::Rol;
use time::Duration;

async fn gemeentestad(smtp: Option<&Smtp>) -> Option<(TestApp, AppState)> {
    let mut c: WebConfig = config();
    c.publieke_url = Some("http://stip.test".into());
    let mail =
        smtp.map(|s| MailConfig::new(&s.url(), "Gemeente Voorbeeldstad <noreply@voorbeeldstad.example>").unwrap());
    // These tests move the clock on by months between one person's requests: their sessions must not idle out.
    c.auth =
        AuthConfig { mail, sessie_inactief: std::time::Duration::from_secs(400 * 86_400), ..AuthConfig::default() };
    app_met_config(&["imro/stationspleinzuidoost.gml", "gemeentestad/toepasbareRegels"], c).await
}

async fn ronde(state: &AppState) {
    stip_app::berichten::verspreid(state).await.unwrap();
    stip_app::berichten::bezorg(state, state.post()).await.unwrap();
}

async fn ok(app: &TestApp, method: &str, uri: &str, wie: &Persoon, body: Value) -> Value {
    let a = api(app, method, uri, Some(wie), Some(body)).await;
    assert!(a.status == 201 || a.status == 200, "{method} {uri}: {} {}", a.status, a.body);
    a.json()
}

/// A case of Jan's taken by the official, with the procedure switched by the municipality where asked.
async fn zaak(app: &TestApp, jan: &Persoon, ambtenaar: &Persoon) -> String {
    let a = complete_aanvraag(app, jan).await;
    let z = api(app, "POST", &format!("/api/v1/aanvragen/{}/indienen", a["id"].as_str().unwrap()), Some(jan), None)
        .await
        .json();
    let zaak = z["zaak"].as_str().unwrap().to_string();
    let neem = json!({ "soort": "in_behandeling_genomen", "behandelaar": uuid::Uuid::nil(), "behandelaarNaam": "", "team": null });
    ok(app, "POST", &format!("/api/v1/zaken/{zaak}/gebeurtenissen"), ambtenaar, neem).await;
    zaak
}

/// Decided and published today.
async fn beslist_en_bekendgemaakt(app: &TestApp, zaak: &str, ambtenaar: &Persoon) {
    let besluit = json!({ "uitkomst": "verleend", "motivering": "De schuur past in het omgevingsplan." });
    ok(app, "POST", &format!("/api/v1/zaken/{zaak}/besluit"), ambtenaar, besluit).await;
    let vandaag = stip_app::Klok::nu(&app.klok).date();
    let b = json!({ "soort": "bekendgemaakt", "datum": vandaag.to_string() });
    ok(app, "POST", &format!("/api/v1/zaken/{zaak}/gebeurtenissen"), ambtenaar, b).await;
}

fn verzet(app: &TestApp, dagen: i64) {
    app.klok.verzet(Duration::days(dagen));
}

#[tokio::test]
async fn a_neighbour_objects_on_day_42_another_on_day_43_is_marked_late_and_the_decision_stays_open_until_both_are_decided()
 {
    let smtp = Smtp::start();
    let Some((app, state)) = gemeentestad(Some(&smtp)).await else { return };
    let jan = persoon(&app, "Jan Jansen", &[Rol::Initiatiefnemer], None).await;
    let buur = persoon(&app, "Fatma Sahin", &[Rol::Initiatiefnemer], None).await;
    let andere = persoon(&app, "Piet de Vries", &[Rol::Initiatiefnemer], None).await;
    let ambtenaar = persoon(&app, "Anna Ambtenaar", &[Rol::Behandelaar], Some("gm0297")).await;
    let zaak = zaak(&app, &jan, &ambtenaar).await;
    beslist_en_bekendgemaakt(&app, &zaak, &ambtenaar).await;
    let bekendgemaakt = stip_app::Klok::nu(&app.klok).date();
    let tot = stip_zaak::besluit::bezwaar_tot(bekendgemaakt);

    // Day 42 after publication (or the working day the Algemene termijnenwet moves it to) is the last day.
    verzet(&app, (tot - bekendgemaakt).whole_days());
    let gronden = json!({ "gronden": "De schuur neemt het licht uit mijn tuin.", "gehoordWorden": true, "adres": "Dorpsstraat 14" });
    let b1 = ok(&app, "POST", &format!("/api/v1/zaken/{zaak}/bezwaren"), &buur, gronden).await;
    assert_eq!(b1["telaat"], false, "{b1}");
    assert_eq!(b1["zaak"], zaak.as_str());
    assert!(b1["nummer"].as_str().unwrap().ends_with("-B1"));
    assert!(b1["termijn"]["uitersteBeslisdatum"].is_string());
    assert_eq!(b1["termijn"]["weken"], 6);
    insta::assert_json_snapshot!(b1, {
        ".id" => "[id]", ".zaak" => "[id]", ".nummer" => "[nummer]", ".zaaknummer" => "[zaaknummer]",
        ".ontvangen" => "[moment]", ".termijn.uitersteBeslisdatum" => "[datum]", ".termijn.bellenVoor" => "[datum]",
        ".indiener.email" => "[email]",
    });
    verzet(&app, 1);
    let b2 = ok(
        &app,
        "POST",
        &format!("/api/v1/zaken/{zaak}/bezwaren"),
        &andere,
        json!({ "gronden": "Te hoog.", "gehoordWorden": false }),
    )
    .await;
    assert_eq!(b2["telaat"], true, "{b2}");
    assert!(b2["vraag"].as_str().unwrap().contains("Waarom was u te laat"));

    // The case cannot become final while the objections run.
    let onherroepelijk = api(
        &app,
        "POST",
        &format!("/api/v1/zaken/{zaak}/gebeurtenissen"),
        Some(&ambtenaar),
        Some(json!({"soort": "onherroepelijk"})),
    )
    .await;
    assert_eq!(onherroepelijk.status, 409, "{}", onherroepelijk.body);
    assert!(onherroepelijk.body.contains("bezwaar"), "{}", onherroepelijk.body);
    let z = api(&app, "GET", &format!("/api/v1/zaken/{zaak}"), Some(&ambtenaar), None).await.json();
    assert_eq!(z["status"], "bezwaar");

    // The applicant sees the objection as a party, without the objector's name, address or e-mail; a stranger not.
    let id1 = b1["id"].as_str().unwrap();
    let voor_jan = api(&app, "GET", &format!("/api/v1/bezwaren/{id1}"), Some(&jan), None).await;
    assert_eq!(voor_jan.status, 200, "{}", voor_jan.body);
    for persoonlijk in ["Sahin", "Fatma", "Dorpsstraat 14", buur.email.as_str()] {
        assert!(!voor_jan.body.contains(persoonlijk), "{persoonlijk} leaked to the applicant: {}", voor_jan.body);
    }
    assert_eq!(api(&app, "GET", &format!("/api/v1/bezwaren/{id1}"), Some(&andere), None).await.status, 404);
    let eigen = api(&app, "GET", "/api/v1/bezwaren", Some(&buur), None).await.json();
    assert_eq!(eigen["bezwaren"].as_array().unwrap().len(), 1);
    assert_eq!(eigen["bezwaren"][0]["indiener"]["naam"], "Fatma Sahin");

    // A hearing with all parties: each gets an invitation with an iCalendar file naming only themselves.
    ronde(&state).await;
    let begin = stip_app::Klok::nu(&app.klok) + Duration::days(7);
    let afspraak = json!({ "soort": "afspraak_gepland", "afspraak": {
        "soort": "hoorzitting",
        "begin": begin.format(&time::format_description::well_known::Rfc3339).unwrap(),
        "eind": (begin + Duration::hours(1)).format(&time::format_description::well_known::Rfc3339).unwrap(),
        "plaats": "Stadhuis, zaal 2, Markt 1 Voorbeeldstad" } });
    let na = ok(&app, "POST", &format!("/api/v1/bezwaren/{id1}/gebeurtenissen"), &ambtenaar, afspraak).await;
    assert_eq!(na["status"], "in_behandeling");
    ronde(&state).await;
    let uitnodigingen: Vec<String> = smtp.mails().into_iter().filter(|m| m.contains("text/calendar")).collect();
    for wie in [&buur, &jan, &ambtenaar] {
        let mail = uitnodigingen
            .iter()
            .find(|m| m.contains(&format!("To: {}", wie.email)) || m.contains(&format!("<{}>", wie.email)))
            .unwrap_or_else(|| panic!("no invitation for {}: {} invitations", wie.email, uitnodigingen.len()));
        let ics = ical(mail);
        assert_eq!(ics["method"], "REQUEST", "{ics}");
        assert_eq!(ics["events"], 1);
        assert_eq!(ics["dtstart"], begin.to_offset(time::UtcOffset::UTC).unix_timestamp(), "{ics}");
        assert_eq!(ics["location"], "Stadhuis, zaal 2, Markt 1 Voorbeeldstad");
        assert_eq!(ics["attendees"], json!([format!("mailto:{}", wie.email)]), "only its own address");
        assert_eq!(ics["organizer"], "mailto:noreply@voorbeeldstad.example");
    }

    // Both decided (ongegrond) and made known: the appeal term is given; the decision becomes final only after it.
    for id in [id1, b2["id"].as_str().unwrap()] {
        let beslist = json!({ "soort": "beslist", "uitkomst": "ongegrond", "motivering": "De schuur past binnen de regels; de schaduw blijft beperkt." });
        ok(&app, "POST", &format!("/api/v1/bezwaren/{id}/gebeurtenissen"), &ambtenaar, beslist).await;
        let vandaag = stip_app::Klok::nu(&app.klok).date();
        let bekend = json!({ "soort": "bekendgemaakt", "datum": vandaag.to_string() });
        let b = ok(&app, "POST", &format!("/api/v1/bezwaren/{id}/gebeurtenissen"), &ambtenaar, bekend).await;
        assert_eq!(b["status"], "bekendgemaakt");
        assert_eq!(b["beslissing"]["uitkomst"], "ongegrond");
        assert_eq!(b["beroepTot"], stip_zaak::besluit::bezwaar_tot(vandaag).to_string());
    }
    let z = api(&app, "GET", &format!("/api/v1/zaken/{zaak}"), Some(&ambtenaar), None).await.json();
    assert_eq!(z["status"], "bekendgemaakt");

    // The decision on the objection is a public notice with the appeal term, without anyone's name.
    let (x, y) = common::gemeentestad::PLEK;
    let lijst = app
        .get(&format!(
            "/api/v1/bekendmakingen?soort=beslissing_op_bezwaar&bbox={},{},{},{}",
            x - 50.0,
            y - 50.0,
            x + 50.0,
            y + 50.0
        ))
        .await;
    assert_eq!(lijst.status, 200, "{}", lijst.body);
    let notices = lijst.json()["bekendmakingen"].as_array().cloned().unwrap_or_default();
    assert_eq!(notices.len(), 2, "one per decision on an objection: {}", lijst.body);
    assert_eq!(notices[0]["uitkomst"], "ongegrond");
    assert!(notices[0]["termijnen"]["beroepTot"].is_string(), "{}", notices[0]);
    assert!(notices[0]["tekst"].as_str().unwrap().contains("ongegrond"));
    for persoonlijk in ["Sahin", "Piet", "Jan Jansen", buur.email.as_str(), jan.email.as_str()] {
        assert!(!lijst.body.contains(persoonlijk), "{persoonlijk} in a public notice");
    }
    let nog = api(
        &app,
        "POST",
        &format!("/api/v1/zaken/{zaak}/gebeurtenissen"),
        Some(&ambtenaar),
        Some(json!({"soort": "onherroepelijk"})),
    )
    .await;
    assert_eq!(nog.status, 409, "the appeal term runs: {}", nog.body);
    verzet(&app, 50);
    ok(&app, "POST", &format!("/api/v1/zaken/{zaak}/gebeurtenissen"), &ambtenaar, json!({"soort": "onherroepelijk"}))
        .await;

    // The appeal file (Awb 8:42): the official's holds both objections and their decisions; the applicant's the
    // decisions but no objector's letter; the objector's their own letter and what is public, not the application.
    let pad = format!("/api/v1/zaken/{zaak}/dossier.zip");
    let (_, a) = common::persoon::bytes(&app, &pad, &ambtenaar).await;
    let (_, j) = common::persoon::bytes(&app, &pad, &jan).await;
    let (_, f) = common::persoon::bytes(&app, &pad, &buur).await;
    let heeft = |namen: &[String], deel: &str| namen.iter().any(|n| n.contains(deel));
    let ambtelijk = namen(a);
    assert!(heeft(&ambtelijk, "Bezwaarschrift") && heeft(&ambtelijk, "Beslissing op bezwaar"), "{ambtelijk:?}");
    assert_eq!(ambtelijk.iter().filter(|n| n.contains("Bezwaarschrift")).count(), 2, "{ambtelijk:?}");
    let aanvrager = namen(j);
    assert!(!heeft(&aanvrager, "Bezwaarschrift") && heeft(&aanvrager, "Beslissing op bezwaar"), "{aanvrager:?}");
    let bezwaarmaker = namen(f);
    assert_eq!(bezwaarmaker.iter().filter(|n| n.contains("Bezwaarschrift")).count(), 1, "{bezwaarmaker:?}");
    assert!(!heeft(&bezwaarmaker, "Ontvangstbevestiging"), "not the application's receipt: {bezwaarmaker:?}");

    // The objector heard of each step, in words, with the receipt first.
    ronde(&state).await;
    let inbox = api(&app, "GET", "/api/v1/berichten", Some(&buur), None).await.json();
    let titels: Vec<&str> = inbox["berichten"].as_array().unwrap().iter().filter_map(|b| b["titel"].as_str()).collect();
    assert!(titels.iter().any(|t| t.contains("is ontvangen")), "{titels:?}");
    assert!(titels.iter().any(|t| t.starts_with("Uitnodiging: hoorzitting")), "{titels:?}");
    assert!(titels.iter().any(|t| t.contains("bekendgemaakt")), "{titels:?}");
}

/// The file names in a zip.
fn namen(zip: Vec<u8>) -> Vec<String> {
    let mut a = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    (0..a.len()).map(|i| a.by_index(i).unwrap().name().unwrap().to_string()).collect()
}

#[tokio::test]
async fn an_uitgebreide_case_takes_views_for_six_weeks_answers_them_in_the_decision_and_refuses_an_objection_with_the_way_to_the_court()
 {
    use stip_store::AanvraagRepository;
    let Some((app, state)) = gemeentestad(None).await else { return };
    let jan = persoon(&app, "Jan Jansen", &[Rol::Initiatiefnemer], None).await;
    let buur = persoon(&app, "Fatma Şahin", &[Rol::Initiatiefnemer], None).await;
    let ambtenaar = persoon(&app, "Anna Ambtenaar", &[Rol::Behandelaar], Some("gm0297")).await;
    // The municipality prepares this activity with the uitgebreide procedure (the STTR files do not say; the
    // application's activity carries the procedure the municipality set).
    let a = complete_aanvraag(&app, &jan).await;
    let id: stip_store::AanvraagId = a["id"].as_str().unwrap().parse().unwrap();
    let rij = app.store.aanvraag(id).await.unwrap();
    let mut inhoud = rij.inhoud.clone();
    inhoud["activiteiten"][0]["procedure"] = json!("uitgebreid");
    let gegevens =
        stip_store::AanvraagGegevens { bevoegd_gezag: &rij.bevoegd_gezag, titel: &rij.titel, inhoud: &inhoud };
    app.store.werk_aanvraag_bij(id, rij.versie, gegevens).await.unwrap();
    let z = api(&app, "POST", &format!("/api/v1/aanvragen/{id}/indienen"), Some(&jan), None).await.json();
    let zaak = z["zaak"].as_str().unwrap().to_string();
    let neem = json!({ "soort": "in_behandeling_genomen", "behandelaar": uuid::Uuid::nil(), "behandelaarNaam": "", "team": null });
    ok(&app, "POST", &format!("/api/v1/zaken/{zaak}/gebeurtenissen"), &ambtenaar, neem).await;
    let ontwerp = json!({ "soort": "ontwerpbesluit_genomen", "besluit": { "uitkomst": "verleend", "motivering": "De schuur past." } });
    let z = ok(&app, "POST", &format!("/api/v1/zaken/{zaak}/gebeurtenissen"), &ambtenaar, ontwerp).await;
    assert_eq!(z["procedure"], "uitgebreid");
    let tot: time::Date =
        time::Date::parse(z["zienswijzenTot"].as_str().unwrap(), &time::format_description::well_known::Iso8601::DATE)
            .unwrap();

    // A neighbour gives a view, with a receipt; the official reads it with its giver, the neighbour cannot list them.
    let v = ok(
        &app,
        "POST",
        &format!("/api/v1/zaken/{zaak}/zienswijzen"),
        &buur,
        json!({ "tekst": "De schuur maakt mijn tuin donker." }),
    )
    .await;
    assert_eq!(v["nummer"], 1, "{v}");
    assert!(v["ontvangen"].is_string());
    let lijst = api(&app, "GET", &format!("/api/v1/zaken/{zaak}/zienswijzen"), Some(&ambtenaar), None).await.json();
    assert_eq!(lijst["zienswijzen"][0]["indiener"]["naam"], "Fatma Şahin");
    assert_eq!(lijst["zienswijzen"][0]["tekst"], "De schuur maakt mijn tuin donker.");
    assert_eq!(api(&app, "GET", &format!("/api/v1/zaken/{zaak}/zienswijzen"), Some(&buur), None).await.status, 403);
    // The applicant's own view of the case history holds no trace of who gave it.
    let voor_jan = api(&app, "GET", &format!("/api/v1/zaken/{zaak}"), Some(&jan), None).await;
    assert!(!voor_jan.body.contains("Şahin") && !voor_jan.body.contains("tuin donker"), "{}", voor_jan.body);

    // After the six weeks: no more views; the decision must answer the one given.
    let vandaag = stip_app::Klok::nu(&app.klok).date();
    verzet(&app, (tot - vandaag).whole_days() + 1);
    let laat = api(
        &app,
        "POST",
        &format!("/api/v1/zaken/{zaak}/zienswijzen"),
        Some(&buur),
        Some(json!({ "tekst": "Nog iets." })),
    )
    .await;
    assert_eq!(laat.status, 409, "{}", laat.body);
    assert!(laat.body.contains("tot en met"), "{}", laat.body);
    let zonder = json!({ "uitkomst": "verleend", "motivering": "De schuur past." });
    let r = api(&app, "POST", &format!("/api/v1/zaken/{zaak}/besluit"), Some(&ambtenaar), Some(zonder)).await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert!(r.body.contains("zienswijze 1"), "{}", r.body);
    let met = json!({ "uitkomst": "verleend", "motivering": "De schuur past.", "zienswijzen": [
        { "nummer": 1, "samenvatting": "Zorg over schaduw in de tuin.", "antwoord": "De schaduw valt binnen wat het plan toestaat; het besluit verandert niet." } ] });
    let z = ok(&app, "POST", &format!("/api/v1/zaken/{zaak}/besluit"), &ambtenaar, met).await;
    assert_eq!(z["besluit"]["besluit"]["zienswijzen"][0]["samenvatting"], "Zorg over schaduw in de tuin.");
    let vandaag = stip_app::Klok::nu(&app.klok).date();
    ok(
        &app,
        "POST",
        &format!("/api/v1/zaken/{zaak}/gebeurtenissen"),
        &ambtenaar,
        json!({ "soort": "bekendgemaakt", "datum": vandaag.to_string() }),
    )
    .await;

    // No objection after the uitgebreide procedure: stip says why and where to go.
    let bezwaar = api(
        &app,
        "POST",
        &format!("/api/v1/zaken/{zaak}/bezwaren"),
        Some(&buur),
        Some(json!({ "gronden": "Te donker.", "gehoordWorden": false })),
    )
    .await;
    assert_eq!(bezwaar.status, 409, "{}", bezwaar.body);
    assert!(bezwaar.body.contains("7:1") && bezwaar.body.contains("rechtbank"), "{}", bezwaar.body);

    // The neighbour got a receipt for the view.
    ronde(&state).await;
    let inbox = api(&app, "GET", "/api/v1/berichten", Some(&buur), None).await.json();
    assert!(
        inbox["berichten"].as_array().unwrap().iter().any(|b| b["titel"] == "Uw zienswijze is ontvangen"),
        "{inbox}"
    );
}
