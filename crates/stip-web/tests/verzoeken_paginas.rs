//! Talking to the municipality early as pages, in-process: the public page explains the four kinds and the packages
//! in Dutch (and English); a logged-in initiator asks for a site visit, sees it in Mijn omgeving and takes a slot the
//! official published on the backoffice page; the official finds a "Bestuur op maat" request in the queue with its
//! one-week deadline and answers it; a begeleid package names the initiatiefmanager with their work details.

mod common;

use common::browser::Browser;
use common::persoon::persoon;
use common::spawn_app;
use stip_zaak::Rol;
use time::Duration;

fn tekst(html: &str) -> String {
    html.replace("&#x2f;", "/").replace("&#x27;", "'").replace("&quot;", "\"")
}

fn locatie(a: &common::Answer) -> String {
    a.header("location").unwrap_or_else(|| panic!("a redirect: {} {}", a.status, a.body)).to_string()
}

#[tokio::test]
async fn the_public_page_explains_the_four_kinds_with_their_norms_and_asks_a_visitor_to_log_in() {
    let app = spawn_app().await;
    let nl = app.get("/vooroverleg").await;
    assert_eq!(nl.status, 200);
    let html = tekst(&nl.body);
    for (naam, norm) in [
        ("Quickscan", "2 weken"),
        ("Bel de wethouder", "5 werkdagen"),
        ("We komen naar u toe", "10 werkdagen"),
        ("Bestuur op maat", "1 week"),
    ] {
        assert!(html.contains(&format!("<dt>{naam}</dt>")), "{naam} is explained");
        assert!(html.contains(norm), "{norm}");
    }
    for pakket in ["Zelf doen", "Begeleid", "Volledig ontzorgd"] {
        assert!(html.contains(pakket), "{pakket}");
    }
    assert!(html.contains("/inloggen?terug=%2Fvooroverleg"), "a visitor is asked to log in");
    assert!(!html.contains("name=\"vraag\""), "no form without an account");
    let en = app.get("/vooroverleg?lang=en").await;
    assert!(tekst(&en.body).contains("Board decision in principle"));
    assert!(app.get("/").await.body.contains("/vooroverleg"), "the home page links to it");
}

#[tokio::test]
async fn an_initiator_asks_for_a_visit_takes_a_slot_the_official_published_and_follows_it_in_mijn_omgeving() {
    let app = spawn_app().await;
    let ilse = persoon(&app, "Ilse Initiatief", &[Rol::Initiatiefnemer], None).await;
    let anna = persoon(&app, "Anna Ambtenaar", &[Rol::Behandelaar], Some("gm9999")).await;

    // The official publishes a slot in three days, 10:00 to 11:00 Dutch time.
    let dag = (stip_zaak::tijd::nederlands(stip_app::Klok::nu(&app.klok)) + Duration::days(3)).date().to_string();
    let mut ambtenaar = Browser::als(&app, &anna);
    let fout =
        ambtenaar.post_form("/backoffice/verzoeken/momenten", &[("datum", &dag), ("van", "10"), ("tot", "")]).await;
    assert_eq!(fout.status, 400, "{}", fout.body);
    assert!(tekst(&fout.body).contains("Vul de dag en de begin- en eindtijd in"));
    let gepubliceerd = ambtenaar
        .post_form(
            "/backoffice/verzoeken/momenten",
            &[("datum", &dag), ("van", "10:00"), ("tot", "11:00"), ("toelichting", "")],
        )
        .await;
    assert_eq!(gepubliceerd.status, 303, "{}", gepubliceerd.body);

    let mut b = Browser::als(&app, &ilse);
    let leeg = b.post_form("/vooroverleg", &[("soort", "bezoek"), ("onderwerp", "Aanbouw"), ("vraag", " ")]).await;
    assert_eq!(leeg.status, 400, "{}", leeg.body);
    assert!(tekst(&leeg.body).contains("value=\"Aanbouw\""), "what was typed is kept");
    let verstuurd = b
        .post_form("/vooroverleg", &[("soort", "bezoek"), ("onderwerp", "Aanbouw"), ("vraag", "Komt u kijken?")])
        .await;
    let pad = locatie(&verstuurd);
    assert!(pad.starts_with("/verzoeken/") && pad.ends_with("?ontvangen=1"), "{pad}");
    let pagina = tekst(&b.get(&pad).await.body);
    assert!(pagina.contains("De gemeente heeft uw vraag ontvangen"), "{pagina}");
    assert!(pagina.contains("10:00–11:00 uur"), "the slot in Dutch time: {pagina}");
    let id = pad.trim_start_matches("/verzoeken/").trim_end_matches("?ontvangen=1").to_string();
    let moment = pagina.split("name=\"moment\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let gekozen = b.post_form(&format!("/verzoeken/{id}/bezoekmoment"), &[("moment", &moment)]).await;
    assert_eq!(locatie(&gekozen), format!("/verzoeken/{id}"));
    let pagina = tekst(&b.get(&format!("/verzoeken/{id}")).await.body);
    assert!(pagina.contains("Het bezoek"), "{pagina}");
    assert!(!pagina.contains("name=\"moment\""), "no second slot to take");
    let mijn = tekst(&b.get("/mijn").await.body);
    assert!(mijn.contains("Mijn vragen aan de gemeente") && mijn.contains(&format!("/verzoeken/{id}")), "{mijn}");

    // Someone else does not see it.
    let piet = persoon(&app, "Piet Pieters", &[Rol::Initiatiefnemer], None).await;
    let vreemd = Browser::als(&app, &piet).get(&format!("/verzoeken/{id}")).await;
    assert_eq!(vreemd.status, 404);
    assert!(!vreemd.body.contains("Aanbouw"));
    let backoffice = tekst(&ambtenaar.get("/backoffice/verzoeken").await.body);
    assert!(backoffice.contains("gekozen bij V-"), "the official sees the slot taken: {backoffice}");
}

#[tokio::test]
async fn the_official_finds_a_bestuur_op_maat_request_with_its_one_week_deadline_answers_it_and_the_requester_reads_it()
{
    let app = spawn_app().await;
    let ilse = persoon(&app, "Ilse Initiatief", &[Rol::Initiatiefnemer], None).await;
    let anna = persoon(&app, "Anna Ambtenaar", &[Rol::Behandelaar], Some("gm9999")).await;
    let mut b = Browser::als(&app, &ilse);
    let v = b
        .post_form(
            "/vooroverleg",
            &[("soort", "bestuur_op_maat"), ("onderwerp", "Tiny house"), ("vraag", "Wil het college meewerken?")],
        )
        .await;
    let id = locatie(&v).trim_start_matches("/verzoeken/").trim_end_matches("?ontvangen=1").to_string();

    let vandaag = stip_zaak::tijd::nederlands(stip_app::Klok::nu(&app.klok)).date();
    let uiterlijk = stip_app::tekst::datum(stip_zaak::kalender::einde(vandaag + Duration::weeks(1)), false);
    let mut ambtenaar = Browser::als(&app, &anna);
    let lijst = tekst(&ambtenaar.get("/backoffice/verzoeken").await.body);
    let rij = lijst.split(&format!("/verzoeken/{id}")).nth(1).unwrap().split("</tr>").next().unwrap().to_string();
    assert!(rij.contains("Bestuur op maat") && rij.contains(&uiterlijk), "one week: {rij}");
    assert!(tekst(&ambtenaar.get("/backoffice/zaken").await.body).contains("/backoffice/verzoeken"));

    let pagina = tekst(&ambtenaar.get(&format!("/verzoeken/{id}")).await.body);
    assert!(pagina.contains("Gevraagd door") && pagina.contains("Ilse Initiatief"), "{pagina}");
    let a = ambtenaar
        .post_form(
            &format!("/verzoeken/{id}/beantwoord"),
            &[("antwoord", "Het college wil meewerken, onder voorwaarden.")],
        )
        .await;
    assert_eq!(locatie(&a), format!("/verzoeken/{id}"));
    let eigen = tekst(&b.get(&format!("/verzoeken/{id}")).await.body);
    assert!(eigen.contains("Het college wil meewerken, onder voorwaarden."), "{eigen}");
    assert!(!eigen.contains("Verstuur het antwoord"), "the requester gets no handling forms");
    let zelf = b.post_form(&format!("/verzoeken/{id}/gesloten"), &[]).await;
    assert_eq!(zelf.status, 403, "{}", zelf.body);
}

#[tokio::test]
async fn a_begeleid_package_chosen_on_the_page_names_the_initiatiefmanager_with_their_work_email_and_phone() {
    let app = spawn_app().await;
    let ilse = persoon(&app, "Ilse Initiatief", &[Rol::Initiatiefnemer], None).await;
    let anna = persoon(&app, "Anna Ambtenaar", &[Rol::Behandelaar], Some("gm9999")).await;
    let mut ambtenaar = Browser::als(&app, &anna);
    let pool = ambtenaar
        .post_form("/backoffice/verzoeken/initiatiefmanager", &[("in_pool", "ja"), ("telefoon", "14 9999 (keuze 5)")])
        .await;
    assert_eq!(locatie(&pool), "/backoffice/verzoeken#pool");
    assert!(tekst(&ambtenaar.get("/backoffice/verzoeken").await.body).contains("U bent initiatiefmanager"));

    let mut b = Browser::als(&app, &ilse);
    let gekozen = b.post_form("/vooroverleg/pakket", &[("pakket", "begeleid")]).await;
    assert_eq!(locatie(&gekozen), "/vooroverleg?gekozen=1#pakket");
    let html = tekst(&b.get("/vooroverleg").await.body);
    assert!(html.contains("Uw initiatiefmanager is <strong>Anna Ambtenaar</strong>"), "{html}");
    assert!(html.contains(&format!("mailto:{}", anna.email)) && html.contains("14 9999 (keuze 5)"), "{html}");
}
