//! The one-time login link over real SMTP: stip mails the link to a local SMTP server (aiosmtpd, as `scripts/test`
//! installs it), the test reads the mail from its maildir, follows the link and ends up logged in. Without `[mail]`
//! the login page offers no link.

mod common;

use common::browser::Browser;
use common::smtp::{Mail, Smtp};
use common::{TestApp, spawn_app, spawn_app_with};
use std::time::Duration;
use stip_store::{GebruikerRepository, NieuweGebruiker, Rol};
use stip_web::{AuthConfig, MailConfig, WebConfig};

async fn app_met_mail(smtp: &Smtp) -> TestApp {
    let mail = MailConfig::new(&smtp.url(), "stip <noreply@voorbeeldstad.example>").unwrap();
    let auth = AuthConfig { mail: Some(mail), ..AuthConfig::default() };
    let app = spawn_app_with(WebConfig { auth, publieke_url: Some("http://stip.test".into()), ..WebConfig::default() });
    let app = app.await;
    let nieuw = NieuweGebruiker {
        email: Some("jan@example.nl"),
        naam: "Jan de Vries",
        rollen: &[Rol::Initiatiefnemer],
        ..NieuweGebruiker::default()
    };
    app.store.maak_gebruiker(nieuw).await.unwrap();
    app
}

#[tokio::test]
async fn a_login_link_goes_by_real_smtp_and_logs_in_once_when_its_button_is_pressed() {
    let smtp = Smtp::start();
    let app = app_met_mail(&smtp).await;
    let mut b = Browser::new(&app);
    let inloggen = b.get("/inloggen?terug=/kaart").await;
    assert!(inloggen.body.contains("Stuur mij een inloglink"), "the link is offered");

    let onbekend = b.post_form("/inloggen/link", &[("email", "niemand@example.nl"), ("terug", "/kaart")]).await;
    let bekend = b.post_form("/inloggen/link", &[("email", " JAN@example.nl"), ("terug", "/kaart")]).await;
    for a in [&onbekend, &bekend] {
        assert_eq!(a.status, 200);
        assert!(a.body.contains("Kijk in uw e-mail"), "one answer whether or not the account exists");
    }

    let mails = smtp.wacht_op(1).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(smtp.mails().len(), 1, "no mail for an address without an account");
    let mail = Mail::lees(&mails[0]);
    let tekst = &mail.tekst;
    assert!(mail.header("To").unwrap().contains("<jan@example.nl>"), "{:?}", mail.header("To"));
    assert_eq!(mail.header("From").as_deref(), Some("stip <noreply@voorbeeldstad.example>"));
    assert_eq!(mail.header("Subject").as_deref(), Some("Uw link om in te loggen bij stip"));
    assert!(tekst.starts_with("Beste Jan de Vries,"), "{tekst}");
    assert!(tekst.contains("De link werkt 15 minuten en maar één keer."), "{tekst}");
    let link = tekst.split_whitespace().find(|w| w.starts_with("http://stip.test/")).expect("a link").to_string();
    let pad = link.strip_prefix("http://stip.test").unwrap();
    assert!(pad.starts_with("/inloggen/link/") && pad.ends_with("?terug=%2Fkaart"), "{pad}");

    // A mail scanner (or a second look) follows the link: that uses nothing up.
    let mut jan = Browser::new(&app);
    for _ in 0..2 {
        let knop = jan.get(pad).await;
        assert_eq!(knop.status, 200);
        assert_eq!(knop.header("cache-control"), Some("no-store"));
        assert!(knop.body.contains("Klik op de knop om in te loggen"));
    }
    let token = pad.trim_start_matches("/inloggen/link/").split('?').next().unwrap();
    let post = format!("/inloggen/link/{token}");
    let binnen = jan.post_form(&post, &[("terug", "/kaart")]).await;
    assert_eq!((binnen.status, binnen.header("location")), (303, Some("/kaart")), "{}", binnen.body);
    assert!(jan.get("/").await.body.contains("Jan de Vries"), "logged in");

    let nog_eens = Browser::new(&app).post_form(&post, &[]).await;
    assert_eq!(nog_eens.status, 410);
    assert!(nog_eens.body.contains("Deze link werkt niet meer"));
}

#[tokio::test]
async fn the_login_link_still_lets_in_from_a_source_that_is_braked_for_passwords() {
    let smtp = Smtp::start();
    let app = app_met_mail(&smtp).await;
    let mut jan = Browser::van(&app, "198.51.100.7");
    for i in 0..5 {
        assert_eq!(jan.log_in("jan@example.nl", &format!("vergeten {i}")).await.status, 400);
    }
    assert_eq!(jan.log_in("jan@example.nl", "vergeten 6").await.status, 429, "braked");
    let gevraagd = jan.post_form("/inloggen/link", &[("email", "jan@example.nl"), ("terug", "/kaart")]).await;
    assert!(gevraagd.body.contains("Kijk in uw e-mail"), "{}", gevraagd.body);
    let mails = smtp.wacht_op(1).await;
    let tekst = Mail::lees(&mails[0]).tekst;
    let link = tekst.split_whitespace().find(|w| w.starts_with("http://stip.test/")).expect("a link").to_string();
    let token = link.trim_start_matches("http://stip.test/inloggen/link/").split('?').next().unwrap().to_string();
    let binnen = jan.post_form(&format!("/inloggen/link/{token}"), &[("terug", "/kaart")]).await;
    assert_eq!(binnen.status, 303, "{}", binnen.body);
    assert!(jan.get("/").await.body.contains("Jan de Vries"), "logged in by the link");
}

#[tokio::test]
async fn a_wrong_address_for_a_link_is_explained_beside_its_field_and_sends_nothing() {
    let smtp = Smtp::start();
    let app = app_met_mail(&smtp).await;
    let mut b = Browser::new(&app);
    let fout = b.post_form("/inloggen/link", &[("email", "jan@")]).await;
    assert_eq!(fout.status, 400);
    assert!(fout.body.contains("Dit e-mailadres klopt niet") && fout.body.contains(r##"href="#link-email""##));
    assert!(Browser::new(&app).get("/inloggen/link/kort").await.status == 404, "not a token");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(smtp.mails().is_empty());
}

#[tokio::test]
async fn without_mail_settings_the_login_page_offers_no_link() {
    let app = spawn_app().await;
    let mut b = Browser::new(&app);
    assert!(!b.get("/inloggen").await.body.contains("inloglink"));
    assert_eq!(b.post_form("/inloggen/link", &[("email", "jan@example.nl")]).await.status, 404);

    let mail = MailConfig::new("smtp://127.0.0.1:1", "noreply@voorbeeldstad.example").unwrap();
    let auth = AuthConfig { mail: Some(mail), ..AuthConfig::default() };
    let zonder_adres = spawn_app_with(WebConfig { auth, ..WebConfig::default() }).await;
    let pagina = Browser::new(&zonder_adres).get("/inloggen").await;
    assert!(!pagina.body.contains("inloglink"), "a link needs stip's public address, never the Host header");
}
