//! After the permit, over the API on the demo municipality (Dorpsstraat 12, in the Dorpskern: at most 10 m high):
//! the start notice two working days ahead with "Veel succes!", changes during the works judged against the permit
//! (within the norms, or a new permit with the height named and a new draft), the official's confirmation, the
//! completion notice with its one-time review link, aftercare, and the lapse of a permit left unused.

mod common;

use common::TestApp;
use common::browser::Browser;
use common::persoon::{Persoon, api, persoon};
use common::voorbeeldstad::{adres, complete_aanvraag, voorbeeldstad_met};
use serde_json::{Value, json};
use stip_web::{AppState, AuthConfig, WebConfig};
use stip_zaak::Rol;
use time::Duration;

async fn ok(app: &TestApp, method: &str, uri: &str, wie: &Persoon, body: Value) -> Value {
    let a = api(app, method, uri, Some(wie), Some(body)).await;
    assert!(a.status == 201 || a.status == 200, "{method} {uri}: {} {}", a.status, a.body);
    a.json()
}

/// The demo, with sessions that survive the months these tests move the clock on.
async fn voorbeeldstad() -> (TestApp, AppState) {
    let config = WebConfig {
        auth: AuthConfig { sessie_inactief: std::time::Duration::from_secs(400 * 86_400), ..AuthConfig::default() },
        ..WebConfig::default()
    };
    voorbeeldstad_met(config).await
}

async fn ronde(state: &AppState) {
    stip_app::berichten::verspreid(state).await.unwrap();
}

fn vandaag(app: &TestApp) -> time::Date {
    stip_zaak::tijd::nederlands(stip_app::Klok::nu(&app.klok)).date()
}

/// A dormer at Dorpsstraat 12, granted with a condition and made known today: Jan's permit.
async fn vergunning(app: &TestApp, jan: &Persoon, ambtenaar: &Persoon) -> String {
    let a = complete_aanvraag(app, jan, adres("Dorpsstraat", 12)).await;
    let z = api(app, "POST", &format!("/api/v1/aanvragen/{}/indienen", a["id"].as_str().unwrap()), Some(jan), None)
        .await
        .json();
    let zaak = z["zaak"].as_str().unwrap().to_string();
    let neem = json!({ "soort": "in_behandeling_genomen", "behandelaar": uuid::Uuid::nil(), "behandelaarNaam": "", "team": null });
    ok(app, "POST", &format!("/api/v1/zaken/{zaak}/gebeurtenissen"), ambtenaar, neem).await;
    let besluit = json!({ "uitkomst": "verleend", "motivering": "De dakkapel past in het omgevingsplan.",
        "voorschriften": ["De dakkapel krijgt dezelfde kleur als het dak."] });
    ok(app, "POST", &format!("/api/v1/zaken/{zaak}/besluit"), ambtenaar, besluit).await;
    let b = json!({ "soort": "bekendgemaakt", "datum": vandaag(app).to_string() });
    ok(app, "POST", &format!("/api/v1/zaken/{zaak}/gebeurtenissen"), ambtenaar, b).await;
    zaak
}

/// Jan's permit, made final after the objection term.
async fn onherroepelijke_vergunning(app: &TestApp, jan: &Persoon, ambtenaar: &Persoon) -> String {
    let zaak = vergunning(app, jan, ambtenaar).await;
    let tot = stip_zaak::besluit::bezwaar_tot(vandaag(app));
    app.klok.verzet(Duration::days((tot - vandaag(app)).whole_days() + 1));
    ok(app, "POST", &format!("/api/v1/zaken/{zaak}/gebeurtenissen"), ambtenaar, json!({"soort": "onherroepelijk"}))
        .await;
    zaak
}

/// A plan of 3 by 4 metres just behind the address point, `hoog` metres high, in RD New.
fn plan(hoog: f64) -> Value {
    let (x, y) = adres("Dorpsstraat", 12);
    let (x, y) = (x + 1.0, y + 1.0);
    json!({
        "geometrie": { "type": "Polygon", "coordinates": [[[x, y], [x + 3.0, y], [x + 3.0, y + 4.0], [x, y + 4.0], [x, y]]] },
        "crs": "EPSG:28992", "bouwhoogte": hoog, "goothoogte": 3.0, "functie": "wonen"
    })
}

async fn inbox(app: &TestApp, wie: &Persoon) -> Vec<Value> {
    api(app, "GET", "/api/v1/berichten", Some(wie), None).await.json()["berichten"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_final_permit_at_dorpsstraat_12_takes_a_start_notice_two_working_days_ahead_and_wishes_the_holder_success() {
    let (app, state) = voorbeeldstad().await;
    let jan = persoon(&app, "Jan Jansen", &[Rol::Initiatiefnemer], None).await;
    let buur = persoon(&app, "Fatma Sahin", &[Rol::Initiatiefnemer], None).await;
    let ambtenaar = persoon(&app, "Anna Ambtenaar", &[Rol::Behandelaar], Some("gm9999")).await;
    let zaak = onherroepelijke_vergunning(&app, &jan, &ambtenaar).await;

    let stand = ok(&app, "GET", &format!("/api/v1/zaken/{zaak}/realisatie"), &jan, Value::Null).await;
    assert_eq!(stand["vergunningBruikbaar"], true);
    assert!(stand["risico"].is_null(), "a final permit carries no risk: {stand}");
    let vroegst = stip_zaak::kalender::werkdagen_na(vandaag(&app), 2);
    assert_eq!(stand["vroegsteStart"], vroegst.to_string());
    assert!(stand["vervaltOp"].is_string());

    // Tomorrow is too soon: the answer names the first possible day in words.
    let morgen = vandaag(&app).next_day().unwrap();
    let te_vroeg = api(
        &app,
        "POST",
        &format!("/api/v1/zaken/{zaak}/startmelding"),
        Some(&jan),
        Some(json!({ "startdatum": morgen.to_string(), "uitvoerder": "Bouwbedrijf De Vries" })),
    )
    .await;
    assert_eq!(te_vroeg.status, 409, "{}", te_vroeg.body);
    assert!(te_vroeg.body.contains("twee werkdagen"), "{}", te_vroeg.body);
    assert!(te_vroeg.body.contains(&stip_zaak::tekst::datum(vroegst, false)), "{}", te_vroeg.body);

    // A neighbour cannot report for Jan.
    let vreemd = api(
        &app,
        "POST",
        &format!("/api/v1/zaken/{zaak}/startmelding"),
        Some(&buur),
        Some(json!({ "startdatum": vroegst.to_string(), "uitvoerder": "Ik" })),
    )
    .await;
    assert!(vreemd.status == 403 || vreemd.status == 404, "{}", vreemd.status);

    let zaaknummer = ok(&app, "GET", &format!("/api/v1/zaken/{zaak}"), &jan, Value::Null).await["zaaknummer"].clone();
    ok(&app, "POST", "/api/v1/abonnementen", &buur, json!({ "zaak": zaaknummer, "kanaal": "inbox" })).await;
    let start = json!({ "startdatum": vroegst.to_string(), "uitvoerder": "Bouwbedrijf De Vries" });
    let na = ok(&app, "POST", &format!("/api/v1/zaken/{zaak}/startmelding"), &jan, start).await;
    assert_eq!(na["start"]["startdatum"], vroegst.to_string());
    assert!(na["vervaltOp"].is_null(), "a started permit does not lapse: {na}");

    // "Veel succes!" with the condition in it and whom to call; the progress list moves on to the works.
    ronde(&state).await;
    let berichten = inbox(&app, &jan).await;
    let succes =
        berichten.iter().find(|b| b["titel"].as_str().unwrap().starts_with("Veel succes")).expect("Veel succes");
    let tekst = succes["tekst"].as_str().unwrap();
    assert!(tekst.contains("dezelfde kleur als het dak"), "{tekst}");
    assert!(tekst.contains("Gemeente Voorbeeldstad") && tekst.contains("14 9999"), "{tekst}");
    let z = ok(&app, "GET", &format!("/api/v1/zaken/{zaak}"), &jan, Value::Null).await;
    let stappen: Vec<(&str, &str)> = z["voortgang"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["sleutel"].as_str().unwrap(), s["stand"].as_str().unwrap()))
        .collect();
    assert!(stappen.contains(&("startmelding", "gedaan")) && stappen.contains(&("bouw", "nu")), "{stappen:?}");

    // The neighbour who follows the case hears the works start, without the builder's or Jan's name.
    let berichten = inbox(&app, &buur).await;
    let gehoord = berichten
        .iter()
        .find(|b| b["titel"].as_str().unwrap().starts_with("De bouw begint"))
        .unwrap_or_else(|| panic!("the follower hears of the start: {berichten:?}"));
    let tekst = gehoord.to_string();
    for persoonlijk in ["Jan", "Jansen", "De Vries", jan.email.as_str()] {
        assert!(!tekst.contains(persoonlijk), "{persoonlijk} leaked: {tekst}");
    }
}

#[tokio::test]
async fn a_change_within_the_norms_fits_the_permit_and_a_higher_one_needs_a_new_permit_with_the_height_named() {
    let (app, state) = voorbeeldstad().await;
    let jan = persoon(&app, "Jan Jansen", &[Rol::Initiatiefnemer], None).await;
    let ambtenaar = persoon(&app, "Anna Ambtenaar", &[Rol::Behandelaar], Some("gm9999")).await;
    let zaak = onherroepelijke_vergunning(&app, &jan, &ambtenaar).await;

    let past = ok(&app, "POST", &format!("/api/v1/zaken/{zaak}/wijzigingen"), &jan, plan(6.0)).await;
    assert_eq!(past["oordeel"], "past binnen vergunning", "{past}");
    assert!(past["concept"].is_null());
    insta::assert_json_snapshot!("wijziging_past", past);

    let te_hoog = ok(&app, "POST", &format!("/api/v1/zaken/{zaak}/wijzigingen"), &jan, plan(12.0)).await;
    assert_eq!(te_hoog["oordeel"], "nieuwe vergunning nodig", "{te_hoog}");
    assert_eq!(te_hoog["nummer"], 2);
    let bezwaarlijk: Vec<&Value> =
        te_hoog["verschillen"].as_array().unwrap().iter().filter(|v| v["bezwaarlijk"] == true).collect();
    assert!(
        bezwaarlijk.iter().any(|v| v["onderwerp"] == "MaximumBouwhoogte"
            && v["tekst"].as_str().unwrap().contains("12")
            && v["tekst"].as_str().unwrap().contains("10")),
        "the height and the norm are named: {te_hoog}"
    );
    insta::assert_json_snapshot!("wijziging_nieuwe_vergunning", te_hoog, { ".concept" => "[id]" });

    // The new draft is Jan's, at the same place, with the changed plan.
    let concept = te_hoog["concept"].as_str().unwrap();
    let a = ok(&app, "GET", &format!("/api/v1/aanvragen/{concept}"), &jan, Value::Null).await;
    let a = &a["aanvraag"];
    assert!(a["titel"].as_str().unwrap().starts_with("Wijziging van"), "{a}");
    assert!(a["locatie"]["adres"].as_str().unwrap().contains("Dorpsstraat 12"), "{a}");
    assert_eq!(a["activiteiten"][0]["id"], common::voorbeeldstad::DAKKAPEL, "{a}");
    assert!(a["plan"]["geometrie"]["type"].is_string(), "{a}");
    assert_eq!(a["plan"]["maten"]["bouwhoogte"], 12.0, "the draft carries the changed measures: {a}");

    // The official confirms the change that fits, not the other; followers hear of the confirmation.
    let bevestigd =
        ok(&app, "POST", &format!("/api/v1/zaken/{zaak}/wijzigingen/1/bevestiging"), &ambtenaar, json!({})).await;
    assert!(bevestigd["wijzigingen"][0]["bevestigd"].is_string(), "{bevestigd}");
    let nee = api(
        &app,
        "POST",
        &format!("/api/v1/zaken/{zaak}/wijzigingen/2/bevestiging"),
        Some(&ambtenaar),
        Some(json!({})),
    )
    .await;
    assert_eq!(nee.status, 409, "{}", nee.body);
    assert!(nee.body.contains("nieuwe vergunning"), "{}", nee.body);
    let zelf =
        api(&app, "POST", &format!("/api/v1/zaken/{zaak}/wijzigingen/1/bevestiging"), Some(&jan), Some(json!({})))
            .await;
    assert_eq!(zelf.status, 403, "the holder does not confirm their own change");
    ronde(&state).await;

    // A wrong plan is refused field by field and nothing is recorded.
    let mut fout = plan(6.0);
    fout["bouwhoogte"] = json!("hoog");
    let f = api(&app, "POST", &format!("/api/v1/zaken/{zaak}/wijzigingen"), Some(&jan), Some(fout)).await;
    assert_eq!(f.status, 400, "{}", f.body);
    let stand = ok(&app, "GET", &format!("/api/v1/zaken/{zaak}/realisatie"), &jan, Value::Null).await;
    assert_eq!(stand["wijzigingen"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn the_completion_notice_brings_a_review_link_that_works_once_and_shows_in_the_teams_view() {
    let (app, state) = voorbeeldstad().await;
    let jan = persoon(&app, "Jan Jansen", &[Rol::Initiatiefnemer], None).await;
    let ambtenaar = persoon(&app, "Anna Ambtenaar", &[Rol::Behandelaar], Some("gm9999")).await;
    let zaak = onherroepelijke_vergunning(&app, &jan, &ambtenaar).await;

    // Completion before a start is refused.
    let vroeg = api(&app, "POST", &format!("/api/v1/zaken/{zaak}/gereedmelding"), Some(&jan), Some(json!({}))).await;
    assert_eq!(vroeg.status, 409, "{}", vroeg.body);
    assert!(vroeg.body.contains("start"), "{}", vroeg.body);

    let vroegst = stip_zaak::kalender::werkdagen_na(vandaag(&app), 2);
    let start = json!({ "startdatum": vroegst.to_string(), "uitvoerder": "in eigen beheer" });
    ok(&app, "POST", &format!("/api/v1/zaken/{zaak}/startmelding"), &jan, start).await;
    app.klok.verzet(Duration::days(30));

    // A photo of the result goes with the completion notice.
    let foto = common::persoon::upload(
        &app,
        &format!("/api/v1/zaken/{zaak}/documenten?naam=resultaat.pdf"),
        &jan,
        common::gemeentestad::PDF.to_vec(),
    )
    .await;
    assert_eq!(foto.status, 201, "{}", foto.body);
    let doc = foto.json()["id"].as_str().unwrap().to_string();
    let gereed = json!({ "toelichting": "Klaar, netjes opgeruimd.", "documenten": [doc] });
    let na = ok(&app, "POST", &format!("/api/v1/zaken/{zaak}/gereedmelding"), &jan, gereed).await;
    assert_eq!(na["gereed"]["gereed"], vandaag(&app).to_string());
    let weer = api(&app, "POST", &format!("/api/v1/zaken/{zaak}/gereedmelding"), Some(&jan), Some(json!({}))).await;
    assert_eq!(weer.status, 409, "only once: {}", weer.body);

    // The review link arrives in Jan's messages.
    ronde(&state).await;
    let berichten = inbox(&app, &jan).await;
    let review = berichten.iter().find(|b| b["link"].as_str().unwrap().starts_with("/review/")).expect("a review link");
    let token = review["link"].as_str().unwrap().trim_start_matches("/review/").to_string();
    let vraag = app.get(&format!("/api/v1/reviews/{token}")).await;
    assert_eq!(vraag.status, 200, "{}", vraag.body);
    assert!(vraag.json()["onderwerp"].as_str().unwrap().contains("Dorpsstraat 12"), "{}", vraag.body);
    assert!(!vraag.body.contains("Jan"), "the link does not name the holder: {}", vraag.body);

    // Wrong scores are named; the link still works after that.
    let fout = api(&app, "POST", &format!("/api/v1/reviews/{token}"), None, Some(json!({ "gemak": 9 }))).await;
    assert_eq!(fout.status, 400, "{}", fout.body);
    assert!(fout.body.contains("tevredenheid") && fout.body.contains("gemak"), "{}", fout.body);
    let antwoord =
        json!({ "gemak": 4, "tevredenheid": 5, "verbetering": "De tekening uploaden was lastig.", "nazorg": true });
    let eerste = api(&app, "POST", &format!("/api/v1/reviews/{token}"), None, Some(antwoord.clone())).await;
    assert_eq!(eerste.status, 201, "{}", eerste.body);
    let tweede = api(&app, "POST", &format!("/api/v1/reviews/{token}"), None, Some(antwoord)).await;
    assert_eq!(tweede.status, 409, "the link works once: {}", tweede.body);
    assert_eq!(
        api(&app, "POST", "/api/v1/reviews/abc", None, Some(json!({"gemak": 1, "tevredenheid": 1}))).await.status,
        404
    );

    // The team sees the answer with its text; the holder cannot read the team's reviews.
    let team = ok(&app, "GET", "/api/v1/reviews", &ambtenaar, Value::Null).await;
    assert_eq!(team["reviews"].as_array().unwrap().len(), 1, "{team}");
    assert_eq!(team["reviews"][0]["verbetering"], "De tekening uploaden was lastig.");
    assert_eq!(team["reviews"][0]["gemak"], 4);
    assert_eq!(api(&app, "GET", "/api/v1/reviews", Some(&jan), None).await.status, 403);

    // The aftercare asked for in the review is open until the official records the conversation.
    let stand = ok(&app, "GET", &format!("/api/v1/zaken/{zaak}/realisatie"), &ambtenaar, Value::Null).await;
    assert_eq!(stand["nazorg"], "De tekening uploaden was lastig.", "{stand}");
    let verslag = json!({ "tekst": "Gebeld; uitgelegd hoe tekeningen worden geüpload." });
    let na = ok(&app, "POST", &format!("/api/v1/zaken/{zaak}/nazorg/verslag"), &ambtenaar, verslag).await;
    assert!(na["nazorg"].is_null() && na["nazorgGehad"] == 1, "{na}");
}

#[tokio::test]
async fn an_unused_permit_reminds_its_holder_before_it_lapses_and_then_takes_no_start_notice() {
    let (app, state) = voorbeeldstad().await;
    let jan = persoon(&app, "Jan Jansen", &[Rol::Initiatiefnemer], None).await;
    let ambtenaar = persoon(&app, "Anna Ambtenaar", &[Rol::Behandelaar], Some("gm9999")).await;
    let zaak = vergunning(&app, &jan, &ambtenaar).await;

    // Before the permit is final the holder may start, at their own risk.
    let stand = ok(&app, "GET", &format!("/api/v1/zaken/{zaak}/realisatie"), &jan, Value::Null).await;
    assert!(stand["risico"].as_str().unwrap().contains("eigen risico"), "{stand}");
    let vervalt: time::Date =
        time::Date::parse(stand["vervaltOp"].as_str().unwrap(), &time::format_description::well_known::Iso8601::DATE)
            .unwrap();
    assert_eq!((vervalt - vandaag(&app)).whole_weeks(), 52);

    // Three weeks before the lapse: one reminder, however often the worker runs.
    app.klok.verzet(Duration::days((vervalt - vandaag(&app)).whole_days() - 21));
    assert_eq!(stip_app::berichten::herinner(&state).await.unwrap(), 1);
    stip_app::berichten::herinner(&state).await.unwrap();
    ronde(&state).await;
    let herinneringen: Vec<Value> =
        inbox(&app, &jan).await.into_iter().filter(|b| b["tekst"].as_str().unwrap().contains("vervalt op")).collect();
    assert_eq!(herinneringen.len(), 1, "{herinneringen:?}");

    app.klok.verzet(Duration::days(22));
    let start =
        json!({ "startdatum": stip_zaak::kalender::werkdagen_na(vandaag(&app), 3).to_string(), "uitvoerder": "X" });
    let laat = api(&app, "POST", &format!("/api/v1/zaken/{zaak}/startmelding"), Some(&jan), Some(start)).await;
    assert_eq!(laat.status, 409, "{}", laat.body);
    assert!(laat.body.contains("vervallen"), "{}", laat.body);
}

#[tokio::test]
async fn the_holder_reports_start_and_completion_on_the_case_page_and_keeps_what_was_typed_on_a_mistake() {
    let (app, state) = voorbeeldstad().await;
    let jan = persoon(&app, "Jan Jansen", &[Rol::Initiatiefnemer], None).await;
    let ambtenaar = persoon(&app, "Anna Ambtenaar", &[Rol::Behandelaar], Some("gm9999")).await;
    let zaak = vergunning(&app, &jan, &ambtenaar).await;
    let mut b = Browser::als(&app, &jan);

    let pagina = b.get(&format!("/zaken/{zaak}")).await;
    assert_eq!(pagina.status, 200);
    assert!(pagina.body.contains("Meld de start van de bouw"), "the start form is on the case page");
    assert!(pagina.body.contains("eigen risico"), "the risk before the permit is final is named");
    let mijn = b.get("/mijn").await;
    assert!(mijn.body.contains("De vergunning is verleend. Besloten op"), "a sentence after a sentence: {}", mijn.body);
    assert!(!mijn.body.contains("verleend. op"), "no dangling \"op\" after the outcome");

    // Too soon: the error names the first possible day and the builder's name stays in the form.
    let morgen = vandaag(&app).next_day().unwrap().to_string();
    let fout = b
        .post_form(
            &format!("/zaken/{zaak}/startmelding"),
            &[("startdatum", &morgen), ("uitvoerder", "Bouwbedrijf Ödemiş")],
        )
        .await;
    assert_eq!(fout.status, 409, "{}", fout.body);
    assert!(fout.body.contains("twee werkdagen"), "{}", fout.body);
    assert!(fout.body.contains("value=\"Bouwbedrijf Ödemiş\""), "typed text kept");

    let vroegst = stip_zaak::kalender::werkdagen_na(vandaag(&app), 2).to_string();
    let goed = b
        .post_form(
            &format!("/zaken/{zaak}/startmelding"),
            &[("startdatum", &vroegst), ("uitvoerder", "Bouwbedrijf Ödemiş")],
        )
        .await;
    assert_eq!(goed.status, 200, "{}", goed.body);
    assert!(goed.body.contains("De start van de bouw is gemeld"), "{}", goed.body);

    // After the start: the completion notice with a document, then the review page by its link, once.
    app.klok.verzet(Duration::days(20));
    let gereed = b
        .post_multipart(
            &format!("/zaken/{zaak}/gereedmelding"),
            &[("toelichting", "Klaar.")],
            &[("bestand", "resultaat.pdf", common::gemeentestad::PDF)],
        )
        .await;
    assert_eq!(gereed.status, 200, "{}", gereed.body);
    assert!(gereed.body.contains("De bouw is gereedgemeld"), "{}", gereed.body);
    assert!(gereed.body.contains("resultaat.pdf"), "the document is among the case's documents");

    ronde(&state).await;
    let link = inbox(&app, &jan)
        .await
        .into_iter()
        .find_map(|m| m["link"].as_str().filter(|l| l.starts_with("/review/")).map(str::to_string))
        .expect("a review link");
    let mut anoniem = common::browser::Browser::new(&app);
    let formulier = anoniem.get(&link).await;
    assert_eq!(formulier.status, 200);
    assert!(formulier.body.contains("Dorpsstraat 12") && !formulier.body.contains("Jan Jansen"), "{}", formulier.body);
    let half = anoniem.post_form(&link, &[("gemak", "4"), ("verbetering", "Meer uitleg over de tekening.")]).await;
    assert_eq!(half.status, 400, "{}", half.body);
    assert!(half.body.contains("Meer uitleg over de tekening."), "typed text kept");
    let klaar = anoniem
        .post_form(&link, &[("gemak", "4"), ("tevredenheid", "3"), ("verbetering", "Meer uitleg over de tekening.")])
        .await;
    assert_eq!(klaar.status, 200, "{}", klaar.body);
    assert!(klaar.body.contains("Dank u wel"), "{}", klaar.body);
    let weer = anoniem.get(&link).await;
    assert!(weer.body.contains("al ingevuld"), "{}", weer.body);
}

#[tokio::test]
async fn the_official_confirms_a_fitting_change_and_records_the_aftercare_from_the_teams_page() {
    let (app, _state) = voorbeeldstad().await;
    let jan = persoon(&app, "Jan Jansen", &[Rol::Initiatiefnemer], None).await;
    let ambtenaar = persoon(&app, "Anna Ambtenaar", &[Rol::Behandelaar], Some("gm9999")).await;
    let zaak = onherroepelijke_vergunning(&app, &jan, &ambtenaar).await;
    let start = json!({ "startdatum": stip_zaak::kalender::werkdagen_na(vandaag(&app), 2).to_string(), "uitvoerder": "Bouwbedrijf Ödemiş" });
    ok(&app, "POST", &format!("/api/v1/zaken/{zaak}/startmelding"), &jan, start).await;
    let past = ok(&app, "POST", &format!("/api/v1/zaken/{zaak}/wijzigingen"), &jan, plan(6.0)).await;
    assert_eq!(past["oordeel"], "past binnen vergunning", "{past}");
    app.klok.verzet(Duration::days(30));
    ok(&app, "POST", &format!("/api/v1/zaken/{zaak}/gereedmelding"), &jan, json!({ "toelichting": "Klaar." })).await;
    ok(
        &app,
        "POST",
        &format!("/api/v1/zaken/{zaak}/nazorg"),
        &jan,
        json!({ "tekst": "Kunt u uitleggen wat de keuring inhoudt?" }),
    )
    .await;

    let mut b = Browser::als(&app, &ambtenaar);
    let team = b.get("/backoffice/realisatie").await;
    assert_eq!(team.status, 200, "{}", team.body);
    assert!(
        team.body.contains("Kunt u uitleggen wat de keuring inhoudt?"),
        "the aftercare question waits: {}",
        team.body
    );
    assert!(team.body.contains("Wijziging 1"), "the change to confirm waits");
    assert!(!team.body.contains("Jan Jansen"), "the team's list names the case, not the holder");

    let pagina = b.get(&format!("/backoffice/zaken/{zaak}")).await;
    assert!(pagina.body.contains("Bouwbedrijf Ödemiş"), "the start and its builder are on the official's page");
    let tijden: Vec<&str> =
        pagina.body.split("<time datetime=\"").skip(1).map(|t| t.split("</time>").next().unwrap()).collect();
    assert!(
        !tijden.is_empty() && tijden.iter().all(|t| t.ends_with(" uur")),
        "history times in Dutch words: {tijden:?}"
    );
    assert!(pagina.body.contains("Bevestig: past binnen de vergunning"), "{}", pagina.body);
    let bevestigd = b
        .post_form(
            &format!("/backoffice/zaken/{zaak}/wijziging_bevestigd"),
            &[("nummer", "1"), ("toelichting", "Akkoord.")],
        )
        .await;
    assert_eq!(bevestigd.status, 303, "{}", bevestigd.body);
    let pagina = b.get(&format!("/backoffice/zaken/{zaak}")).await;
    assert!(!pagina.body.contains("Bevestig: past binnen de vergunning"), "confirmed once");
    assert!(pagina.body.contains("Wijziging bevestigd: 1 Akkoord."), "the history names it in words");

    let verslag = b
        .post_form(&format!("/backoffice/zaken/{zaak}/nazorg_gehad"), &[("verslag", "Gebeld en de keuring uitgelegd.")])
        .await;
    assert_eq!(verslag.status, 303, "{}", verslag.body);
    let team = b.get("/backoffice/realisatie").await;
    assert!(team.body.contains("Er wacht niets"), "{}", team.body);

    let mut holder = Browser::als(&app, &jan);
    assert_eq!(holder.get("/backoffice/realisatie").await.status, 403);
}
