//! Nothing a person did is lost on the way: "Begin uw aanvraag" before logging in carries the check (and the drawn
//! plan) through the login into the new draft; `GET /aanvragen` is a page; typed text survives an upload and every
//! other button on the draft page; the language switch keeps the page and its answers; and a co-applicant joins a
//! draft only by accepting the e-mailed invitation with the account of the invited address (a real SMTP server).

mod common;

use common::browser::Browser;
use common::gemeentestad::{BIJGEBOUW, OPPERVLAKTE, PDF, PLEK, config};
use common::persoon::{api, persoon};
use common::smtp::{Mail, Smtp};
use common::{app_met_config, encode};
use serde_json::json;
use stip_store::{AanvraagRepository, Rol};
use stip_web::{AuthConfig, MailConfig};

const BRONNEN: [&str; 2] = ["imro/stationspleinzuidoost.gml", "gemeentestad/toepasbareRegels"];

/// The check's state at the Stationsplein: a 30 m² bijgebouw (Vergunningplicht).
fn check_query() -> String {
    format!("activiteit={}&x={}&y={}&antwoord.{}=30", encode(BIJGEBOUW), PLEK.0, PLEK.1, encode(OPPERVLAKTE))
}

/// A query parameter's value, percent-decoded.
fn param(url: &str, naam: &str) -> Option<String> {
    let waarde = url.split_once('?')?.1.split('&').find_map(|kv| kv.strip_prefix(&format!("{naam}=")))?;
    let b = waarde.as_bytes();
    let (mut out, mut i) = (Vec::new(), 0);
    while i < b.len() {
        match (b[i], waarde.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(x)) => {
                out.push(x);
                i += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                i += 1;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

fn html_tekst(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The hidden fields of the form that posts to `action` on a page.
fn verborgen_velden(html: &str, action: &str) -> Vec<(String, String)> {
    let form = html.split(&format!("action=\"{action}\"")).nth(1).expect("the form").split("</form>").next().unwrap();
    form.split("<input type=\"hidden\" name=\"")
        .skip(1)
        .map(|rest| {
            let naam = rest.split('"').next().unwrap();
            let waarde = rest.split("value=\"").nth(1).unwrap().split('"').next().unwrap();
            (html_tekst(naam), html_tekst(waarde))
        })
        .collect()
}

fn versie(html: &str) -> String {
    html.split("name=\"versie\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string()
}

#[tokio::test]
async fn begin_uw_aanvraag_before_logging_in_leads_through_the_login_to_a_draft_with_the_checks_answers_and_plan() {
    let Some((app, _)) = app_met_config(&BRONNEN, config()).await else { return };
    let mut b = Browser::new(&app);
    let query = check_query();
    let uitkomst = b.get(&format!("/vergunningcheck/uitkomst?{query}")).await;
    assert!(uitkomst.body.contains("Begin uw aanvraag"), "{}", uitkomst.body);

    // The outcome's button, not logged in: to the login page, which leads back to a continuation naming the check.
    let knop = b.post_form(&format!("/aanvragen?{query}"), &[]).await;
    assert_eq!(knop.status, 303);
    let login = knop.header("location").unwrap().to_string();
    assert!(login.starts_with("/inloggen?terug="), "{login}");
    let terug = param(&login, "terug").unwrap();
    assert!(terug.starts_with("/aanvragen/nieuw?"), "{terug}");
    assert!(terug.contains(&format!("antwoord.{}=30", encode(OPPERVLAKTE))), "the answers travel along: {terug}");
    assert!(!terug.contains("csrf"), "never the CSRF token: {terug}");

    // GET /aanvragen is a page (after login), never 405.
    assert_eq!(b.get("/aanvragen").await.status, 303, "first log in");

    // Registering on the way (the login page's link keeps the way back) lands on the continuation.
    let formulier = b.get(&login).await;
    assert!(formulier.body.contains("/registreren?terug="), "the login page offers registering with the way back");
    let registratie = b
        .post_form(
            "/registreren",
            &[
                ("naam", "Noor Nieuw"),
                ("email", "noor@example.nl"),
                ("wachtwoord", "een goed lang wachtwoord"),
                ("terug", &terug),
            ],
        )
        .await;
    assert_eq!(registratie.status, 303, "{}", registratie.body);
    assert_eq!(registratie.header("location"), Some(terug.as_str()));
    let vervolg = b.get(&terug).await;
    assert_eq!(vervolg.status, 200, "{}", vervolg.body);
    assert!(vervolg.body.contains("Begin de aanvraag"), "{}", vervolg.body);
    assert!(vervolg.body.contains("30"), "the page shows the answers that go along");
    let velden = verborgen_velden(&vervolg.body, "/aanvragen");
    let velden: Vec<(&str, &str)> = velden.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let gestart = b.post_form("/aanvragen", &velden).await;
    assert_eq!(gestart.status, 303, "{}", gestart.body);
    let pagina = gestart.header("location").unwrap().to_string();
    let id = pagina.trim_start_matches("/aanvragen/").to_string();
    let concept = b.get(&pagina).await;
    assert_eq!(concept.status, 200);
    let a = app.store.aanvraag(id.parse().unwrap()).await.unwrap().inhoud;
    assert_eq!(a["activiteiten"][0]["id"], BIJGEBOUW, "the check's activity");
    assert_eq!(a["activiteiten"][0]["antwoorden"][OPPERVLAKTE], "30", "and its answers");
    assert!(a["locatie"]["x"].as_f64().is_some_and(|x| (x - PLEK.0).abs() < 0.01), "and its place");

    let lijst = b.get("/aanvragen").await;
    assert_eq!(lijst.status, 200, "{}", lijst.body);
    assert!(lijst.body.contains(&format!("href=\"/aanvragen/{id}\"")), "the draft is listed: {}", lijst.body);
    assert!(lijst.body.contains("Begin een lege aanvraag"), "and a way to start one");
    // An old address with the check's state in it goes on to the continuation.
    let oud = b.get(&format!("/aanvragen?{query}")).await;
    assert_eq!(oud.status, 303);
    assert!(oud.header("location").unwrap().starts_with("/aanvragen/nieuw?"));

    // From the droog-oefenen report, its plan in the form's body: the plan comes along through the login too.
    let mut anoniem = Browser::new(&app);
    let plan = [("bron", "rechthoek"), ("breedte", "4"), ("diepte", "3"), ("bouwhoogte", "3")];
    let knop = anoniem.post_form(&format!("/aanvragen?{query}"), &plan).await;
    let terug = param(knop.header("location").unwrap(), "terug").unwrap();
    assert!(terug.contains("breedte=4") && terug.contains("diepte=3"), "{terug}");
    let vervolg = b.get(&terug).await;
    assert!(vervolg.body.contains("12 m²"), "the drawn plan is named: {}", vervolg.body);
    let velden = verborgen_velden(&vervolg.body, "/aanvragen");
    let velden: Vec<(&str, &str)> = velden.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let gestart = b.post_form("/aanvragen", &velden).await;
    let id = gestart.header("location").unwrap().trim_start_matches("/aanvragen/").to_string();
    let a = app.store.aanvraag(id.parse().unwrap()).await.unwrap().inhoud;
    assert!(a["plan"]["geometrie"].is_object(), "the plan is in the draft: {a}");
    assert_eq!(a["plan"]["maten"]["bouwhoogte"], 3.0);
}

#[tokio::test]
async fn typed_title_and_description_survive_an_upload_and_every_other_button_on_the_draft_page() {
    let Some((app, _)) = app_met_config(&BRONNEN, config()).await else { return };
    let jan = persoon(&app, "Jan Jansen", &[Rol::Initiatiefnemer], None).await;
    let start = json!({ "activiteiten": [BIJGEBOUW], "antwoorden": { OPPERVLAKTE: 30 }, "x": PLEK.0, "y": PLEK.1 });
    let a = api(&app, "POST", "/api/v1/aanvragen", Some(&jan), Some(start)).await.json();
    let id = a["id"].as_str().unwrap().to_string();
    let pagina = format!("/aanvragen/{id}");
    let mut b = Browser::als(&app, &jan);
    let html = b.get(&pagina).await.body;
    // Every button on the page sends the one form: the upload and the others carry the typed fields.
    for actie in ["/documenten\" formenctype=\"multipart/form-data\"", "/betrokkenen\"", "/indienen\""] {
        assert!(html.contains(&format!("form=\"gegevens-formulier\" formaction=\"{pagina}{actie}")), "{actie}: {html}");
    }

    let getypt = [
        ("versie", versie(&html)),
        ("titel", "Schuur in de tuin".to_string()),
        ("omschrijving", "Een houten schuur achter het huis.".to_string()),
        ("vereiste", "overig".to_string()),
    ];
    let velden: Vec<(&str, &str)> = getypt.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let geladen = b.post_multipart(&format!("{pagina}/documenten"), &velden, &[("bestand", "tekening.pdf", PDF)]).await;
    assert_eq!(geladen.status, 200, "{}", geladen.body);
    assert!(geladen.body.contains("tekening.pdf"), "the document is added");
    assert!(geladen.body.contains("value=\"Schuur in de tuin\""), "the typed title is still there");
    assert!(geladen.body.contains("Een houten schuur achter het huis."), "and the description");
    let opgeslagen = api(&app, "GET", &format!("/api/v1/aanvragen/{id}"), Some(&jan), None).await.json();
    assert_eq!(opgeslagen["aanvraag"]["titel"], "Schuur in de tuin", "saved, not only shown");
    assert_eq!(opgeslagen["aanvraag"]["omschrijving"], "Een houten schuur achter het huis.");

    // Removing the document with a newly typed title: both happen.
    let doc = opgeslagen["aanvraag"]["documenten"][0]["id"].as_str().unwrap().to_string();
    let nu = [("versie", versie(&geladen.body)), ("titel", "Schuur met berging".to_string())];
    let velden: Vec<(&str, &str)> = nu.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let weg = b.post_form(&format!("{pagina}/documenten/{doc}/verwijderen"), &velden).await;
    assert_eq!(weg.status, 200, "{}", weg.body);
    let opgeslagen = api(&app, "GET", &format!("/api/v1/aanvragen/{id}"), Some(&jan), None).await.json();
    assert_eq!(opgeslagen["aanvraag"]["titel"], "Schuur met berging");
    assert_eq!(opgeslagen["aanvraag"]["documenten"], json!([]));

    // A failed step (a wrong co-applicant address) keeps the newly typed text on the page to try again.
    let nu = [
        ("versie", "1".to_string()),
        ("titel", "Nog een titel".to_string()),
        ("naam", "Piet".to_string()),
        ("email", "geen-adres".to_string()),
    ];
    let velden: Vec<(&str, &str)> = nu.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mis = b.post_form(&format!("{pagina}/betrokkenen"), &velden).await;
    assert_eq!(mis.status, 400, "{}", mis.body);
    assert!(mis.body.contains("value=\"Nog een titel\""), "the typed title stays on the page");
    assert!(mis.body.contains("value=\"geen-adres\""), "and the typed address, to correct it");

    // "Doe de vergunningcheck" saves first, then goes to the check for this draft.
    let nu = [("versie", versie(&weg.body)), ("titel", "Schuur en meer".to_string()), ("naar", "check".to_string())];
    let velden: Vec<(&str, &str)> = nu.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let check = b.post_form(&pagina, &velden).await;
    assert_eq!(check.status, 303, "{}", check.body);
    assert!(check.header("location").unwrap().contains(&format!("aanvraag={id}")));
    let opgeslagen = api(&app, "GET", &format!("/api/v1/aanvragen/{id}"), Some(&jan), None).await.json();
    assert_eq!(opgeslagen["aanvraag"]["titel"], "Schuur en meer");
}

#[tokio::test]
async fn the_language_switch_keeps_the_page_and_its_answers_and_a_first_visit_follows_accept_language() {
    let Some((app, _)) = app_met_config(&BRONNEN, config()).await else { return };
    let mut b = Browser::new(&app);
    let query = check_query();
    let nl = b.get(&format!("/vergunningcheck/uitkomst?{query}")).await;
    let schakel = nl.body.split("class=\"utrecht-link stip-lang\" href=\"").nth(1).unwrap().split('"').next().unwrap();
    let schakel = html_tekst(schakel);
    assert_eq!(schakel, format!("/vergunningcheck/uitkomst?{query}&lang=en"), "the whole address, lang replaced");
    let en = b.get(&schakel).await;
    assert_eq!(en.status, 200);
    assert!(en.body.contains("<html lang=\"en\""), "English");
    assert!(en.body.contains("Start your application"), "still the outcome, with its answers");
    // Texts from the data stay Dutch and say so (WCAG 3.1.2); the Dutch page has no such marks.
    assert!(en.body.contains("id=\"activiteit-1\" lang=\"nl\""), "the activity's name is marked Dutch");
    assert!(!nl.body.contains(" lang=\"nl\">"), "a Dutch page marks nothing");
    let terug = html_tekst(
        en.body.split("class=\"utrecht-link stip-lang\" href=\"").nth(1).unwrap().split('"').next().unwrap(),
    );
    assert_eq!(terug, format!("/vergunningcheck/uitkomst?{query}&lang=nl"));

    // The map keeps its address.
    let kaart = b.get("/kaart?adres=Stationsplein&lang=nl").await;
    assert!(kaart.body.contains("href=\"&#x2f;kaart?adres=Stationsplein&amp;lang=en\""), "{}", kaart.body);

    // The report of a plan (the result of a form) switches to the same report, fetched again from its fields.
    let verslag = b
        .post_form(
            "/droog-oefenen",
            &[
                ("x", &PLEK.0.to_string()),
                ("y", &PLEK.1.to_string()),
                ("bron", "rechthoek"),
                ("breedte", "4"),
                ("diepte", "3"),
            ],
        )
        .await;
    assert_eq!(verslag.status, 200, "{}", verslag.body);
    let schakel = html_tekst(
        verslag.body.split("class=\"utrecht-link stip-lang\" href=\"").nth(1).unwrap().split('"').next().unwrap(),
    );
    assert!(schakel.starts_with("/droog-oefenen?") && schakel.contains("breedte=4"), "{schakel}");
    let engels = b.get(&schakel).await;
    assert_eq!(engels.status, 200, "no browser error: {}", engels.body);
    assert!(engels.body.contains("<html lang=\"en\""));

    // A first visit without a choice follows the browser; a choice (the cookie) wins over it.
    let eerste = app
        .request(
            axum::http::Request::get("/")
                .header("accept-language", "en-GB,en;q=0.9,nl;q=0.5")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert!(eerste.body.contains("<html lang=\"en\""), "English for an English browser");
    assert!(eerste.header("vary").is_some_and(|v| v.contains("Accept-Language")));
    let gekozen = app
        .request(
            axum::http::Request::get("/")
                .header("accept-language", "en")
                .header("cookie", "stip_lang=nl")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert!(gekozen.body.contains("<html lang=\"nl\""), "the chosen language wins");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_co_applicant_joins_only_by_accepting_the_e_mailed_invitation_with_the_invited_account() {
    let smtp = Smtp::start();
    let mut c = config();
    c.publieke_url = Some("http://stip.test".into());
    c.auth = AuthConfig {
        mail: Some(MailConfig::new(&smtp.url(), "stip <noreply@voorbeeldstad.example>").unwrap()),
        ..AuthConfig::default()
    };
    let Some((app, state)) = app_met_config(&BRONNEN, c).await else { return };
    let ronde = || async {
        stip_app::berichten::verspreid(&state).await.unwrap();
        stip_app::berichten::bezorg(&state, state.post()).await.unwrap();
    };
    let jan = persoon(&app, "Jan Jansen", &[Rol::Initiatiefnemer], None).await;
    let piet = persoon(&app, "Piet Pieters", &[Rol::Initiatiefnemer], None).await;
    let mallory = persoon(&app, "Mallory Mol", &[Rol::Initiatiefnemer], None).await;
    let start = json!({ "activiteiten": [BIJGEBOUW], "antwoorden": { OPPERVLAKTE: 30 }, "x": PLEK.0, "y": PLEK.1 });
    let a = api(&app, "POST", "/api/v1/aanvragen", Some(&jan), Some(start)).await.json();
    let id = a["id"].as_str().unwrap().to_string();
    let api_pad = format!("/api/v1/aanvragen/{id}");

    // The API never grants access by naming an account.
    let kaping = json!({ "versie": a["versie"], "betrokkenen": [{ "naam": "Mallory", "email": mallory.email, "gebruiker": mallory.id }] });
    let geweigerd = api(&app, "PATCH", &api_pad, Some(&jan), Some(kaping)).await;
    assert_eq!(geweigerd.status, 400, "{}", geweigerd.body);
    assert_eq!(geweigerd.json()["code"], "invalid_request");
    assert_eq!(geweigerd.json()["fouten"][0]["vraag"], "betrokkenen[0].gebruiker", "{}", geweigerd.body);
    assert_eq!(api(&app, "GET", &api_pad, Some(&mallory), None).await.status, 404, "no access");

    // Invited on the page: listed as invited, no access yet, an e-mail with the link.
    let mut jb = Browser::als(&app, &jan);
    let uitgenodigd = jb
        .post_form(&format!("/aanvragen/{id}/betrokkenen"), &[("naam", "Piet Pieters"), ("email", &piet.email)])
        .await;
    assert_eq!(uitgenodigd.status, 200, "{}", uitgenodigd.body);
    assert!(uitgenodigd.body.contains("uitgenodigd"), "{}", uitgenodigd.body);
    assert!(uitgenodigd.body.contains("Trek uitnodiging in"));
    assert_eq!(api(&app, "GET", &api_pad, Some(&piet), None).await.status, 404, "no access before accepting");
    let gelezen = api(&app, "GET", &api_pad, Some(&jan), None).await;
    assert!(!gelezen.body.contains("tokenHash"), "the API never shows the token's hash: {}", gelezen.body);
    assert_eq!(gelezen.json()["aanvraag"]["betrokkenen"][0]["gebruiker"], json!(null));
    ronde().await;
    let mail = Mail::lees(&smtp.wacht_op(1).await[0]);
    assert_eq!(mail.header("To").as_deref(), Some(piet.email.as_str()));
    assert!(mail.tekst.contains("Jan Jansen nodigt u uit"), "{}", mail.tekst);
    let link = mail.tekst.split_whitespace().find(|w| w.contains("/uitnodigingen/")).unwrap().to_string();
    let pad = link.trim_start_matches("http://stip.test").to_string();
    assert!(pad.starts_with(&format!("/uitnodigingen/{id}/")), "{pad}");

    // Someone else with the link: not logged in → the login leads back; another account cannot accept it.
    let anoniem = Browser::new(&app).get(&pad).await;
    assert_eq!(anoniem.status, 303);
    assert!(anoniem.header("location").unwrap().starts_with("/inloggen?terug="));
    let mut mb = Browser::als(&app, &mallory);
    let ander = mb.get(&pad).await;
    assert_eq!(ander.status, 403, "{}", ander.body);
    assert!(ander.body.contains("ander e-mailadres") && ander.body.contains("p…@example.nl"), "{}", ander.body);
    let main = ander.body.split("<main").nth(1).unwrap();
    let titel = a["aanvraag"]["titel"].as_str().unwrap();
    assert!(!titel.is_empty());
    for persoonlijk in ["Jan Jansen", "piet.pieters@example.nl", titel] {
        assert!(!main.contains(persoonlijk), "not who invites, to what or whom ({persoonlijk}): {main}");
    }
    assert_eq!(mb.post_form(&pad, &[]).await.status, 403);
    assert_eq!(api(&app, "GET", &api_pad, Some(&mallory), None).await.status, 404);

    // The invited account accepts: from now on Piet takes part, and the link is used up.
    let mut pb = Browser::als(&app, &piet);
    let uitnodiging = pb.get(&pad).await;
    assert_eq!(uitnodiging.status, 200, "{}", uitnodiging.body);
    assert!(uitnodiging.body.contains("Neem de uitnodiging aan"));
    let aangenomen = pb.post_form(&pad, &[]).await;
    assert_eq!(aangenomen.status, 303, "{}", aangenomen.body);
    assert_eq!(aangenomen.header("location"), Some(format!("/aanvragen/{id}").as_str()));
    assert_eq!(api(&app, "GET", &api_pad, Some(&piet), None).await.status, 200, "Piet takes part");
    assert_eq!(pb.post_form(&pad, &[]).await.status, 404, "single use");
    assert!(jb.get(&format!("/aanvragen/{id}")).await.body.contains("doet mee"));

    // A round trip over the API keeps Piet as he is; a new address there is invited the same way.
    let a = api(&app, "GET", &api_pad, Some(&jan), None).await.json();
    let mut lijst = a["aanvraag"]["betrokkenen"].as_array().unwrap().clone();
    assert_eq!(lijst[0]["gebruiker"], piet.id.to_string());
    lijst.push(json!({ "naam": "Anna", "email": "anna@example.nl", "rol": "gemachtigde" }));
    let patch =
        api(&app, "PATCH", &api_pad, Some(&jan), Some(json!({ "versie": a["versie"], "betrokkenen": lijst }))).await;
    assert_eq!(patch.status, 200, "{}", patch.body);
    assert_eq!(patch.json()["aanvraag"]["betrokkenen"][0]["gebruiker"], piet.id.to_string());
    assert!(patch.json()["aanvraag"]["betrokkenen"][1]["uitnodiging"]["geldigTot"].is_string());
    ronde().await;
    let mails = smtp.wacht_op(2).await;
    let aan_anna =
        mails.iter().map(|m| Mail::lees(m)).find(|m| m.header("To").as_deref() == Some("anna@example.nl")).unwrap();
    let anna_pad = aan_anna
        .tekst
        .split_whitespace()
        .find(|w| w.contains("/uitnodigingen/"))
        .unwrap()
        .trim_start_matches("http://stip.test")
        .to_string();

    // Withdrawn (removed from the draft): Anna's link no longer works, even once she has an account.
    let weg = jb.post_form(&format!("/aanvragen/{id}/betrokkenen/1/verwijderen"), &[]).await;
    assert_eq!(weg.status, 200, "{}", weg.body);
    let anna = persoon(&app, "Anna", &[Rol::Initiatiefnemer], None).await;
    assert_eq!(anna.email, "anna@example.nl");
    assert_eq!(Browser::als(&app, &anna).get(&anna_pad).await.status, 404);
    assert_eq!(api(&app, "GET", &api_pad, Some(&anna), None).await.status, 404);
}
