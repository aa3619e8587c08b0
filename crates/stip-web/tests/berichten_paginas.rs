//! Messages and alerts as pages, in-process: "Houd mij op de hoogte" on the map, confirming and one-click
//! unsubscribing by the links in e-mails, Mijn berichten and Mijn attenties, a public melding's page with "Volg deze
//! zaak", and the officials' outbox and message to those concerned.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::browser::Browser;
use common::gemeentestad::{PLEK, complete_aanvraag, config};
use common::persoon::{api, persoon};
use common::{TestApp, app_met_config, spawn_app, spawn_app_with};
use serde_json::json;
use stip_store::{BerichtRepository, NieuwAbonnement, Rol};
use stip_web::WebConfig;
use time::OffsetDateTime;

/// A subscription made in the store with a known key, as the confirmation e-mail would carry it.
async fn met_sleutel(app: &TestApp, sleutel: &str, bevestigd: bool) {
    app.store
        .maak_abonnement(NieuwAbonnement {
            gebruiker: None,
            email: Some("buur@example.nl"),
            bevestigd,
            sleutel,
            omschrijving: "200 m rond Dorpsstraat 12, Voorbeeldstad",
            gebied: None,
            gemeente: Some("gm9999"),
            zaak_id: None,
            soorten: &[],
            activiteitgroepen: &[],
            kanaal: serde_json::from_value(json!("email")).unwrap(),
            frequentie: serde_json::from_value(json!("direct")).unwrap(),
            webhook_url: None,
            webhook_geheim: None,
            aangemaakt: OffsetDateTime::now_utc(),
        })
        .await
        .unwrap();
}

/// The text between `voor` and `na`, in HTML whose attribute values minijinja escaped (`/` as `&#x2f;`).
fn tussen(html: &str, voor: &str, na: &str) -> Option<String> {
    Some(html.replace("&#x2f;", "/").split(voor).nth(1)?.split(na).next()?.to_string())
}

/// The HTML as a browser reads its attributes: `&#x2f;` is `/`.
fn ontsnapt(html: &str) -> String {
    html.replace("&#x2f;", "/")
}

#[tokio::test]
async fn the_map_page_offers_houd_mij_op_de_hoogte_for_the_place_shown() {
    let app = spawn_app().await;
    let zonder = app.get("/kaart").await;
    assert!(!zonder.body.contains("Houd mij op de hoogte"), "no place, no form");
    let kaart = app.get("/kaart?x=155000&y=463000").await;
    assert_eq!(kaart.status, 200);
    assert!(kaart.body.contains("<h2 class=\"utrecht-heading-2\" id=\"volg-kop\">Houd mij op de hoogte</h2>"));
    assert!(kaart.body.contains("action=\"/abonnementen\""));
    assert!(kaart.body.contains("name=\"straal\" value=\"200\" checked"), "200 m is the default radius");
    assert!(kaart.body.contains("Uw e-mailadres"), "someone not logged in subscribes by e-mail");
    let en = app.get("/kaart?x=155000&y=463000&lang=en").await;
    assert!(en.body.contains("Keep me informed"));
}

#[tokio::test]
async fn a_logged_in_user_subscribes_with_a_200_m_radius_sees_it_under_mijn_attenties_and_stops_it() {
    let app = spawn_app().await;
    let bea = persoon(&app, "Bea Buur", &[Rol::Belanghebbende], None).await;
    let mut b = Browser::als(&app, &bea);
    let kaart = b.get("/kaart?x=155000&y=463000").await;
    assert!(kaart.body.contains("In Mijn berichten op stip"), "logged in: the inbox is offered");
    let r = b
        .post_form(
            "/abonnementen",
            &[
                ("terug", "/kaart?x=155000&y=463000"),
                ("x", "155000.00"),
                ("y", "463000.00"),
                ("straal", "200"),
                ("soort", "aanvraag-ontvangen"),
                ("soort", "besluit-bekendgemaakt"),
                ("groep", "kappen"),
                ("frequentie", "dagelijks"),
                ("kanaal", "inbox"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let uitkomst = b.get(r.header("location").unwrap()).await;
    assert!(uitkomst.body.contains("U krijgt berichten"), "{}", uitkomst.body);
    assert!(ontsnapt(&uitkomst.body).contains("href=\"/kaart?x=155000&amp;y=463000\""), "the way back");

    let lijst = b.get("/mijn-omgeving/attenties").await;
    assert_eq!(lijst.status, 200);
    assert!(lijst.body.contains("200 m rond"), "{}", lijst.body);
    assert!(lijst.body.contains("In Mijn berichten op stip") && lijst.body.contains("Eén keer per dag"));
    assert!(lijst.body.contains("Bomen kappen") && lijst.body.contains("Besluiten"));
    let stop = tussen(&lijst.body, "action=\"/mijn-omgeving/attenties/", "\"").unwrap();
    let gestopt = b.post_form(&format!("/mijn-omgeving/attenties/{stop}"), &[]).await;
    assert_eq!(gestopt.status, 303);
    let na = b.get(gestopt.header("location").unwrap()).await;
    assert!(na.body.contains("U krijgt deze berichten niet meer."));
    assert!(!na.body.contains("200 m rond"), "stopped: gone from the list");

    let zonder_kanaal =
        b.post_form("/abonnementen", &[("x", "155000"), ("y", "463000"), ("soort", "plan-gewijzigd")]).await;
    assert_eq!(zonder_kanaal.status, 400);
    assert!(zonder_kanaal.body.contains("Kies waar u de berichten wilt krijgen"));
    let niet_ingelogd = Browser::new(&app).get("/mijn-omgeving/attenties").await;
    assert_eq!(niet_ingelogd.status, 303, "Mijn attenties needs a login");
}

#[tokio::test]
async fn the_one_click_unsubscribe_post_works_without_a_csrf_token_or_login_and_a_second_time_says_it_is_already_stopped()
 {
    let app = spawn_app().await;
    met_sleutel(&app, "a1b2c3", true).await;
    let een_klik = || {
        Request::post("/abonnementen/afmelden/a1b2c3")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from("List-Unsubscribe=One-Click"))
            .unwrap()
    };
    let eerst = app.request(een_klik()).await;
    assert_eq!(eerst.status, 200, "{}", eerst.body);
    assert!(eerst.body.contains("U krijgt deze berichten niet meer"), "{}", eerst.body);
    assert!(eerst.body.contains("200 m rond Dorpsstraat 12"));
    assert!(!eerst.body.contains("buur@example.nl"), "the page does not show the address");
    let a = app.store.abonnement_per_sleutel("a1b2c3").await.unwrap().unwrap();
    assert!(a.opgezegd.is_some());
    let nog_eens = app.request(een_klik()).await;
    assert_eq!(nog_eens.status, 200);
    assert!(nog_eens.body.contains("Deze berichten zijn al gestopt"), "{}", nog_eens.body);

    let onbekend = app
        .request(
            Request::post("/abonnementen/afmelden/bestaat-niet")
                .body(Body::from("List-Unsubscribe=One-Click"))
                .unwrap(),
        )
        .await;
    assert_eq!(onbekend.status, 404);
    assert!(onbekend.body.contains("Deze link werkt niet (meer)"));
    let pagina = app.get("/abonnementen/afmelden/a1b2c3").await;
    assert!(
        pagina.body.contains("Deze berichten zijn al gestopt")
            && !ontsnapt(&pagina.body).contains("<form method=\"post\" action=\"/abonnementen")
    );
    let bevestigen = app.request(Request::post("/abonnementen/bevestigen/a1b2c3").body(Body::empty()).unwrap()).await;
    assert_eq!(bevestigen.status, 403, "only the unsubscribe POST is exempt from the token");

    met_sleutel(&app, "d4e5f6", true).await;
    let knop = app.get("/abonnementen/afmelden/d4e5f6").await;
    assert!(
        ontsnapt(&knop.body).contains("action=\"/abonnementen/afmelden/d4e5f6\"")
            && knop.body.contains("Stop deze berichten")
    );
    assert!(
        app.store.abonnement_per_sleutel("d4e5f6").await.unwrap().unwrap().opgezegd.is_none(),
        "a GET stops nothing"
    );
}

#[tokio::test]
async fn the_confirm_link_opened_by_get_does_not_confirm_and_the_button_does() {
    let app = spawn_app().await;
    met_sleutel(&app, "bevestig123", false).await;
    let mut b = Browser::new(&app);
    let pagina = b.get("/abonnementen/bevestigen/bevestig123").await;
    assert_eq!(pagina.status, 200);
    assert!(pagina.body.contains("Bevestig uw aanmelding") && pagina.body.contains("Ja, ik wil deze berichten"));
    assert!(
        !app.store.abonnement_per_sleutel("bevestig123").await.unwrap().unwrap().bevestigd,
        "a GET confirms nothing"
    );
    let knop = b.post_form("/abonnementen/bevestigen/bevestig123", &[]).await;
    assert_eq!(knop.status, 200, "{}", knop.body);
    assert!(knop.body.contains("U krijgt vanaf nu berichten"));
    assert!(app.store.abonnement_per_sleutel("bevestig123").await.unwrap().unwrap().bevestigd);
    let weer = b.get("/abonnementen/bevestigen/bevestig123").await;
    assert!(weer.body.contains("Al bevestigd"));
    let onbekend = b.get("/abonnementen/bevestigen/onbekend").await;
    assert_eq!(onbekend.status, 404);
    assert!(onbekend.body.contains("We kennen deze link niet"));
}

#[tokio::test]
async fn someone_without_an_account_subscribes_by_e_mail_and_is_asked_to_confirm_it() {
    let mail = stip_web::MailConfig::new("smtp://127.0.0.1:9", "stip <noreply@voorbeeldstad.example>").unwrap();
    let mut config =
        WebConfig { publieke_url: Some("https://stip.voorbeeldstad.example".into()), ..WebConfig::default() };
    config.auth.mail = Some(mail);
    let app = spawn_app_with(config).await;
    let mut b = Browser::new(&app);
    let velden = [("x", "155000"), ("y", "463000"), ("straal", "1000"), ("soort", "plan-gewijzigd")];
    let fout = b.post_form("/abonnementen", &[velden.as_slice(), &[("email", "geen-adres")]].concat()).await;
    assert_eq!(fout.status, 400);
    assert!(fout.body.contains("Vul een goed e-mailadres in"));
    let r = b.post_form("/abonnementen", &[velden.as_slice(), &[("email", "Buur@Example.nl")]].concat()).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let uitkomst = b.get(r.header("location").unwrap()).await;
    assert!(uitkomst.body.contains("Kijk in uw e-mail en klik op de link om te bevestigen."), "{}", uitkomst.body);
}

#[tokio::test]
async fn a_neighbour_reads_the_news_of_her_area_in_mijn_berichten_follows_the_case_and_the_melding_names_nobody() {
    let Some((app, state)) =
        app_met_config(&["imro/stationspleinzuidoost.gml", "gemeentestad/toepasbareRegels"], config()).await
    else {
        return;
    };
    let jan = persoon(&app, "Jan Jansen", &[Rol::Initiatiefnemer], None).await;
    let bea = persoon(&app, "Bea Buur", &[Rol::Belanghebbende], None).await;
    let aisha = persoon(&app, "Aisha Ambtenaar", &[Rol::Behandelaar], Some("gm0297")).await;
    let mut b = Browser::als(&app, &bea);
    let (x, y) = (PLEK.0.to_string(), PLEK.1.to_string());
    let r = b
        .post_form(
            "/abonnementen",
            &[
                ("x", &x),
                ("y", &y),
                ("straal", "200"),
                ("soort", "aanvraag-ontvangen"),
                ("soort", "bericht-gemeente"),
                ("frequentie", "direct"),
                ("kanaal", "inbox"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);

    // Jan applies for a shed on that spot.
    let a = complete_aanvraag(&app, &jan).await;
    let id = a["id"].as_str().unwrap();
    let ingediend = api(&app, "POST", &format!("/api/v1/aanvragen/{id}/indienen"), Some(&jan), None).await;
    assert!(ingediend.status == 201 || ingediend.status == 200, "{}", ingediend.body);
    let zaak_id = ingediend.json()["zaak"].as_str().unwrap().to_string();
    stip_app::berichten::verspreid(state.app()).await.unwrap();

    // Her inbox: the application, unread, counted in the menu.
    let inbox = b.get("/mijn-omgeving/berichten").await;
    assert_eq!(inbox.status, 200, "{}", inbox.body);
    assert!(inbox.body.contains("Aanvraag ontvangen"), "{}", inbox.body);
    assert!(inbox.body.contains("U hebt 1 ongelezen berichten."), "{}", inbox.body);
    assert!(inbox.body.contains("class=\"stip-teller\">1<"), "the menu counts the unread message");
    let melding = tussen(&inbox.body, "href=\"/meldingen/", "\"").unwrap();
    let bericht = tussen(&inbox.body, "action=\"/mijn-omgeving/berichten/", "\"").unwrap();
    let gelezen = b.post_form(&format!("/mijn-omgeving/berichten/{bericht}"), &[("pagina", "1")]).await;
    assert_eq!(gelezen.status, 303);
    let na = b.get(gelezen.header("location").unwrap()).await;
    assert!(na.body.contains("U hebt alle berichten gelezen.") && !na.body.contains("Markeer als gelezen"));
    assert!(!na.body.contains("stip-teller"), "nothing unread: no count");

    // The public melding: what and where, "Volg deze zaak", and nobody's name or e-mail.
    let m = Browser::new(&app).get(&format!("/meldingen/{melding}")).await;
    assert_eq!(m.status, 200, "{}", m.body);
    assert!(m.body.contains("Aanvraag ontvangen: "), "{}", m.body);
    assert!(m.body.contains("Volg deze zaak") && m.body.contains("name=\"zaak\""));
    for persoonlijk in ["Jan Jansen", "jan.jansen@example.nl", "Een schuur van 30 m²"] {
        assert!(!m.body.contains(persoonlijk), "the melding page shows {persoonlijk}");
    }
    assert_eq!(Browser::new(&app).get("/meldingen/00000000-0000-0000-0000-000000000000").await.status, 404);
    assert_eq!(Browser::new(&app).get("/meldingen/geen-id").await.status, 404);

    // The official writes to those concerned from the case page; it reaches her inbox.
    let mut o = Browser::als(&app, &aisha);
    let zaak = o.get(&format!("/backoffice/zaken/{zaak_id}")).await;
    assert!(
        zaak.body.contains("Bericht aan belanghebbenden") && zaak.body.contains("Het is openbaar"),
        "{}",
        zaak.body
    );
    let leeg =
        o.post_form(&format!("/backoffice/zaken/{zaak_id}/bericht_aan_belanghebbenden"), &[("tekst", "  ")]).await;
    assert_eq!(leeg.status, 400, "{}", leeg.body);
    let verstuurd = o
        .post_form(
            &format!("/backoffice/zaken/{zaak_id}/bericht_aan_belanghebbenden"),
            &[("tekst", "Op 3 maart is er een inloopavond in het gemeentehuis.")],
        )
        .await;
    assert_eq!(verstuurd.status, 303, "{}", verstuurd.body);
    stip_app::berichten::verspreid(state.app()).await.unwrap();
    let inbox = b.get("/mijn-omgeving/berichten").await;
    assert!(
        inbox.body.contains("Bericht van de gemeente over") && inbox.body.contains("inloopavond"),
        "{}",
        inbox.body
    );

    // The outbox: officials only.
    let uit = o.get("/backoffice/berichten").await;
    assert_eq!(uit.status, 200, "{}", uit.body);
    assert!(uit.body.contains("Uitgaande berichten") && uit.body.contains("Verstuurd"));
    assert_eq!(b.get("/backoffice/berichten").await.status, 403, "a neighbour has no outbox");
    let anoniem = Browser::new(&app).get("/backoffice/berichten").await;
    assert_eq!(anoniem.status, 303);
    assert!(anoniem.header("location").unwrap().starts_with("/inloggen"));
}
