//! Help for people who get stuck, over HTTP: "Waar moet ik zijn?" (host), "Ik snap het niet" (a help request from
//! form to backoffice), "Leg het proces uit" (procedures and terms), and the CSRF protection and security headers
//! that every form and page carries.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::{Answer, TestApp, app_met, spawn_app, spawn_app_with};
use serde_json::{Value, json};
use stip_store::{GebruikerRepository, HulpvraagRepository, NieuweGebruiker, NieuweSessie, Rol};
use stip_web::WebConfig;

/// A session cookie of a new account with these roles (made in the store, as a login would).
async fn sessie(app: &TestApp, rollen: &[Rol]) -> String {
    let g = app
        .store
        .maak_gebruiker(NieuweGebruiker {
            naam: "Medewerker",
            rollen,
            bevoegd_gezag: Some("gm9999"),
            ..Default::default()
        })
        .await
        .unwrap();
    let token = format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple())[..43].to_string();
    let verloopt = time::OffsetDateTime::now_utc() + time::Duration::hours(1);
    let hash = stip_web::auth::token_hash(&token);
    app.store
        .start_sessie(NieuweSessie {
            token_hash: &hash,
            gebruiker: g.id,
            verloopt,
            begint: time::OffsetDateTime::now_utc(),
        })
        .await
        .unwrap();
    format!("{}={token}", stip_web::auth::SESSIE_COOKIE)
}

/// The browser's CSRF cookie (from a page's `Set-Cookie`) and the token its form carries.
fn csrf(page: &Answer) -> (String, String) {
    let cookie = page
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("stip_csrf="))
        .expect("the page gives a CSRF cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    let cookie = cookie.split(';').next().unwrap().to_string();
    let field = page.body.split(r#"name="csrf" value=""#).nth(1).expect("the form has a csrf field");
    (cookie, field[..field.find('"').unwrap()].to_string())
}

fn form(pairs: &[(&str, &str)]) -> String {
    pairs.iter().map(|(k, v)| format!("{k}={}", common::encode(v))).collect::<Vec<_>>().join("&")
}

async fn post_form(app: &TestApp, uri: &str, cookie: Option<&str>, body: String) -> Answer {
    let mut r = Request::post(uri).header("content-type", "application/x-www-form-urlencoded");
    if let Some(c) = cookie {
        r = r.header("cookie", c);
    }
    app.request(r.body(Body::from(body)).unwrap()).await
}

async fn get_met(app: &TestApp, uri: &str, headers: &[(&str, &str)]) -> Answer {
    let mut r = Request::get(uri);
    for (k, v) in headers {
        r = r.header(*k, *v);
    }
    app.request(r.body(Body::empty()).unwrap()).await
}

const VAN: &str =
    "/vergunningcheck/uitkomst?activiteit=nl.imow-gm9999.activiteit.dakkapel&x=155000&y=463000&antwoord.m%23q1=ja";

// ---- Waar moet ik zijn? ----

#[tokio::test]
async fn the_host_api_sends_a_dormer_to_the_building_team_of_voorbeeldstad() {
    let app = spawn_app().await;
    let answer = app.get("/api/v1/host?activiteit=dakkapel%20plaatsen").await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    insta::assert_json_snapshot!(answer.json(), @r#"
    {
      "activiteit": "dakkapel plaatsen",
      "bevoegdGezag": {
        "bezoekadres": "Stadhuisplein 1, 9999 AA Voorbeeldstad",
        "code": "gm9999",
        "email": "info@voorbeeldstad.example",
        "naam": "Gemeente Voorbeeldstad",
        "openingstijden": "Maandag tot en met vrijdag van 9.00 tot 17.00 uur, alleen op afspraak.",
        "telefoon": "14 9999",
        "website": "https://www.voorbeeldstad.example"
      },
      "soort": "team",
      "team": {
        "bereikbaar": "Op werkdagen van 9.00 tot 12.00 uur.",
        "email": "bouwen@voorbeeldstad.example",
        "naam": "Team Vergunningen Bouwen",
        "telefoon": "14 9999 (keuze 1)"
      }
    }
    "#);
}

#[tokio::test]
async fn a_place_no_plan_and_no_configured_authority_knows_says_contact_the_municipality() {
    let app = spawn_app().await;
    let answer = app.get("/api/v1/host?activiteit=boom%20kappen&x=155000&y=463000").await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json()["soort"], "onbekend");
    let wrong = app.get("/api/v1/host?x=1&y=2").await;
    assert_eq!(wrong.status, 400);
    assert_eq!(wrong.json()["code"], "invalid_coordinates");
}

#[tokio::test]
async fn at_a_place_in_an_imported_plan_the_plans_bevoegd_gezag_answers_when_stip_has_no_contact_for_it() {
    let Some((app, _state)) = app_met(&["gemeentestad/opdracht"]).await else { return };
    let answer = app.get("/api/v1/host?activiteit=boom%20kappen&x=138398.3&y=424546.8").await.json();
    assert_eq!(answer["soort"], "plan", "{answer}");
    assert_eq!(answer["bevoegdGezag"]["code"], "gm0297");
}

#[tokio::test]
async fn the_page_waar_moet_ik_zijn_shows_the_team_with_its_contact_details() {
    let app = spawn_app().await;
    let page = app.get("/waar-moet-ik-zijn?activiteit=boom+kappen").await;
    assert_eq!(page.status, 200);
    for tekst in ["Waar moet ik zijn?", "Team Groen en Bomen", "groen@voorbeeldstad.example", "Gemeente Voorbeeldstad"]
    {
        assert!(page.body.contains(tekst), "the page says {tekst}");
    }
    let half = app.get("/waar-moet-ik-zijn?x=155000").await;
    assert_eq!(half.status, 400);
    assert!(half.body.contains("Vul x en y allebei in"));
}

// ---- Ik snap het niet ----

#[tokio::test]
async fn every_page_offers_ik_snap_het_niet_with_its_own_address() {
    let app = spawn_app().await;
    let home = app.get("/kaart?x=155000&y=463000").await;
    let body = home.body.replace("&#x2f;", "/");
    assert!(body.contains(r#"href="/hulp?van=/kaart%3Fx%3D155000%26y%3D463000""#), "{body}");
    assert!(home.body.contains("Ik snap het niet"));
}

#[tokio::test]
async fn a_help_request_goes_from_the_form_to_a_reference_number_to_the_backoffice_list() {
    let app = spawn_app().await;
    let formulier = app.get(&format!("/hulp?van={}", common::encode(VAN))).await;
    assert_eq!(formulier.status, 200);
    assert!(formulier.body.contains("nl.imow-gm9999.activiteit.dakkapel"), "the form shows the context it carries");
    let (cookie, token) = csrf(&formulier);
    let body = form(&[
        ("csrf", &token),
        ("van", VAN),
        ("naam", "Jan de Vries"),
        ("vraag", "Wat betekent bouwvlak?"),
        ("contact", "terugbellen"),
        ("telefoon", "06 12345678"),
        ("tijdvak", "ochtend"),
    ]);
    let verstuurd = post_form(&app, "/hulp", Some(&cookie), body).await;
    assert_eq!(verstuurd.status, 303, "{}", verstuurd.body);
    let location = verstuurd.header("location").unwrap().to_string();
    assert_eq!(location, "/hulp/verstuurd?referentie=HV-000001");
    let bevestiging = app.get(&location).await;
    assert!(bevestiging.body.contains("HV-000001") && bevestiging.body.contains("Binnen 3 werkdagen"));

    let opgeslagen = &app.store.hulpvragen().await.unwrap()[0];
    assert_eq!(opgeslagen.pagina, VAN);
    assert_eq!(opgeslagen.context["activiteiten"], json!(["nl.imow-gm9999.activiteit.dakkapel"]));
    assert_eq!(opgeslagen.context["antwoorden"]["m#q1"], "ja");
    assert_eq!(opgeslagen.context["locatie"]["x"], "155000");

    let medewerker = sessie(&app, &[Rol::Behandelaar]).await;
    let lijst = get_met(&app, "/backoffice/hulpvragen", &[("cookie", &medewerker)]).await;
    assert_eq!(lijst.status, 200, "{}", lijst.body);
    for tekst in ["HV-000001", "Jan de Vries", "Wat betekent bouwvlak?", "06 12345678", "ochtend", "Open"] {
        assert!(lijst.body.contains(tekst), "the list shows {tekst}");
    }
    let body = lijst.body.replace("&#x2f;", "/");
    assert!(body.contains(r#"href="/vergunningcheck/uitkomst?activiteit="#), "a link to the page of the question");

    // Marking it handled is a form too: CSRF and the login both apply.
    // (The page's token belongs to the official's session; someone not logged in has their own.)
    let (cookie, token) = csrf(&lijst);
    let url = format!("/backoffice/hulpvragen/{}/afgehandeld", opgeslagen.id.0);
    let (anoniem, anoniem_token) = csrf(&app.get("/hulp").await);
    let zonder_login = post_form(&app, &url, Some(&anoniem), form(&[("csrf", &anoniem_token)])).await;
    assert_eq!(zonder_login.status, 303, "not logged in: to the login page");
    let geleend = post_form(&app, &url, Some(&cookie), form(&[("csrf", &token)])).await;
    assert_eq!(geleend.status, 403, "a session's token is no good without the session");
    let beide = format!("{cookie}; {medewerker}");
    let klaar = post_form(&app, &url, Some(&beide), form(&[("csrf", &token)])).await;
    assert_eq!(klaar.status, 303, "{}", klaar.body);
    assert_eq!(klaar.header("location"), Some("/backoffice/hulpvragen"));
    let lijst = get_met(&app, "/backoffice/hulpvragen", &[("cookie", &medewerker)]).await;
    assert!(lijst.body.contains("Afgehandeld") && !lijst.body.contains("Markeer als afgehandeld"));
}

#[tokio::test]
async fn the_backoffice_sends_someone_not_logged_in_to_the_login_page_and_refuses_an_applicant() {
    let app = spawn_app().await;
    let zonder = app.get("/backoffice/hulpvragen").await;
    assert_eq!(zonder.status, 303);
    assert_eq!(zonder.header("location"), Some("/inloggen?terug=%2Fbackoffice%2Fhulpvragen"));
    let aanvrager = sessie(&app, &[Rol::Initiatiefnemer]).await;
    let geweigerd = get_met(&app, "/backoffice/hulpvragen", &[("cookie", &aanvrager)]).await;
    assert_eq!(geweigerd.status, 403);
    assert!(geweigerd.body.contains("Deze pagina is voor medewerkers"), "{}", geweigerd.body);
    let bestuur = sessie(&app, &[Rol::Bestuur]).await;
    assert_eq!(get_met(&app, "/backoffice/hulpvragen", &[("cookie", &bestuur)]).await.status, 200);
}

#[tokio::test]
async fn a_help_form_with_mistakes_comes_back_with_a_dutch_message_beside_each_field_and_a_summary() {
    let app = spawn_app().await;
    let formulier = app.get("/hulp?van=%2Fkaart").await;
    let (cookie, token) = csrf(&formulier);
    let body = form(&[("csrf", &token), ("van", "/kaart"), ("naam", ""), ("contact", "email"), ("email", "jan@")]);
    let answer = post_form(&app, "/hulp", Some(&cookie), body).await;
    assert_eq!(answer.status, 400);
    for tekst in [
        "Vul uw naam in.",
        "Vul uw vraag in.",
        "Dit e-mailadres klopt niet. Een e-mailadres ziet er zo uit: naam@voorbeeld.nl.",
        r##"href="#naam""##,
        r##"href="#email""##,
        r#"id="fout-naam""#,
        r#"aria-describedby="email-uitleg fout-email""#,
        r#"value="jan@""#,
    ] {
        assert!(answer.body.contains(tekst), "the page has {tekst}");
    }
    let body = form(&[("csrf", &token), ("naam", "An"), ("vraag", "?"), ("contact", "telefoon"), ("telefoon", "12")]);
    let answer = post_form(&app, "/hulp", Some(&cookie), body).await;
    assert!(answer.body.contains("Dit telefoonnummer klopt niet."));
    let body = form(&[("csrf", &token), ("naam", "An"), ("vraag", "?")]);
    let answer = post_form(&app, "/hulp", Some(&cookie), body).await;
    assert!(answer.body.contains("Kies hoe u antwoord wilt krijgen."));
    assert!(app.store.hulpvragen().await.unwrap().is_empty(), "nothing is stored");
}

// ---- CSRF and headers ----

#[tokio::test]
async fn a_form_without_or_with_a_tampered_csrf_token_is_refused_with_a_dutch_403_page() {
    let app = spawn_app().await;
    let formulier = app.get("/hulp").await;
    let (cookie, token) = csrf(&formulier);
    let velden = [("naam", "An"), ("vraag", "Wat?"), ("contact", "email"), ("email", "an@voorbeeld.nl")];

    let zonder_veld = post_form(&app, "/hulp", Some(&cookie), form(&velden)).await;
    assert_eq!(zonder_veld.status, 403);
    assert!(zonder_veld.body.contains("Uw formulier is niet verstuurd"));
    assert!(zonder_veld.header("content-type").unwrap().starts_with("text/html"));

    let mut met = vec![("csrf", token.as_str())];
    met.extend(velden);
    let zonder_cookie = post_form(&app, "/hulp", None, form(&met)).await;
    assert_eq!(zonder_cookie.status, 403);

    let mut vervalst = token.clone();
    vervalst.replace_range(..1, if token.starts_with('0') { "1" } else { "0" });
    let vervalste_cookie = format!("stip_csrf={vervalst}");
    let mut met_vervalst = vec![("csrf", vervalst.as_str())];
    met_vervalst.extend(velden);
    let answer = post_form(&app, "/hulp", Some(&vervalste_cookie), form(&met_vervalst)).await;
    assert_eq!(answer.status, 403, "a token this server did not sign");

    let goed = post_form(&app, "/hulp", Some(&cookie), form(&met)).await;
    assert_eq!(goed.status, 303);
    assert_eq!(app.store.hulpvragen().await.unwrap().len(), 1, "only the good one is stored");
}

#[tokio::test]
async fn json_api_posts_need_no_csrf_token() {
    let app = spawn_app().await;
    let request = Request::post("/api/v1/vergunningcheck")
        .header("content-type", "application/json")
        .body(Body::from(json!({"activiteiten": []}).to_string()))
        .unwrap();
    let answer = app.request(request).await;
    assert_eq!(answer.status, 400, "the API answers its own problem, not a CSRF refusal");
    assert_eq!(answer.json()["code"], "invalid_request");
}

#[tokio::test]
async fn pages_and_api_answers_carry_the_security_headers() {
    let app = spawn_app().await;
    for uri in ["/", "/kaart", "/api/v1/datasets", "/bestaat-niet"] {
        let a = app.get(uri).await;
        assert_eq!(a.header("x-content-type-options"), Some("nosniff"), "{uri}");
        assert_eq!(a.header("referrer-policy"), Some("same-origin"), "{uri}");
        let csp = a.header("content-security-policy").unwrap();
        assert!(csp.contains("default-src 'self'") && csp.contains("worker-src 'self' blob:"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    }
}

#[tokio::test]
async fn a_configured_background_map_is_allowed_by_the_content_security_policy() {
    let config = WebConfig {
        basemap_url: Some(
            "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png".into(),
        ),
        ..WebConfig::default()
    };
    let app = spawn_app_with(config).await;
    let csp = app.get("/kaart").await.header("content-security-policy").unwrap().to_string();
    assert!(csp.contains("img-src 'self' data: blob: https://service.pdok.nl"), "{csp}");
    assert!(csp.contains("connect-src 'self' https://service.pdok.nl"), "{csp}");
}

// ---- Leg het proces uit ----

#[tokio::test]
async fn the_regular_procedure_explains_8_weeks_extendable_by_6_objection_in_6_and_that_fees_follow_the_table() {
    let app = spawn_app().await;
    let answer = app.get("/api/v1/procedures/regulier?ingediend=2026-01-05").await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let v = answer.json();
    insta::assert_json_snapshot!(v, @r#"
    {
      "leges": "Leges: de gemeente stelt de kosten vast volgens haar tarieventabel (legesverordening).",
      "naam": "reguliere procedure",
      "samenvatting": "U vraagt een omgevingsvergunning aan. De gemeente beslist meestal binnen 8 weken.",
      "soort": "regulier",
      "stappen": [
        {
          "sleutel": "aanvragen",
          "tekst": "U dient de aanvraag in, met de gegevens en stukken die gevraagd worden.",
          "titel": "Aanvragen"
        },
        {
          "sleutel": "ontvangst",
          "tekst": "U krijgt een bevestiging dat de gemeente uw aanvraag heeft ontvangen.",
          "titel": "Ontvangst"
        },
        {
          "sleutel": "aanvullen",
          "tekst": "Mist er iets? Dan vraagt de gemeente u om het aan te vullen. De termijn stopt tot u dat gedaan hebt.",
          "titel": "Aanvullen"
        },
        {
          "sleutel": "beslissen_regulier",
          "tekst": "De gemeente beslist binnen 8 weken. De gemeente mag die termijn één keer met 6 weken verlengen. Dat hoort u dan op tijd.",
          "termijn": {
            "grondslag": "Omgevingswet, artikel 16.64",
            "verlengingWeken": 6,
            "weken": 8
          },
          "titel": "Besluit"
        },
        {
          "sleutel": "bekendmaken",
          "tekst": "U krijgt het besluit. De gemeente maakt het ook bekend, zodat buren en anderen het kunnen lezen.",
          "titel": "Bekendmaking"
        },
        {
          "sleutel": "bezwaar",
          "tekst": "Bent u het niet eens met het besluit? Of een buur? Dan kan iedereen die erdoor geraakt wordt bezwaar maken binnen 6 weken nadat het besluit is bekendgemaakt.",
          "termijn": {
            "grondslag": "Algemene wet bestuursrecht, artikel 6:7",
            "weken": 6
          },
          "titel": "Bezwaar"
        },
        {
          "sleutel": "leges",
          "tekst": "Leges: de gemeente stelt de kosten vast volgens haar tarieventabel (legesverordening).",
          "titel": "Kosten"
        }
      ],
      "verwachteBeslisdatum": {
        "ingediend": "2026-01-05",
        "metVerlenging": "2026-04-13",
        "uiterlijk": "2026-03-02"
      }
    }
    "#);
}

#[tokio::test]
async fn the_extended_procedure_and_a_melding_state_their_terms_and_an_unknown_one_is_a_problem() {
    let app = spawn_app().await;
    let u = app.get("/api/v1/procedures/uitgebreid").await.json();
    let teksten: Vec<&str> = u["stappen"].as_array().unwrap().iter().map(|s| s["tekst"].as_str().unwrap()).collect();
    assert!(teksten.iter().any(|t| t.contains("ligt 6 weken ter inzage")), "{teksten:?}");
    assert!(
        teksten.iter().any(|t| t.contains("binnen 26 weken") && t.contains("met 6 weken verlengen")),
        "{teksten:?}"
    );
    let m = app.get("/api/v1/procedures/melding").await.json();
    assert!(m["stappen"][0]["tekst"].as_str().unwrap().contains("ten minste 4 weken voordat u begint"));
    let onbekend = app.get("/api/v1/procedures/snel").await;
    assert_eq!(onbekend.status, 404);
    assert_eq!(onbekend.json()["code"], "not_found");
    let datum = app.get("/api/v1/procedures/regulier?ingediend=morgen").await;
    assert_eq!(datum.status, 400);
}

#[tokio::test]
async fn the_vergunningcheck_outcome_explains_the_procedure_that_follows() {
    let Some((app, _state)) = app_met(&["gemeentestad/toepasbareRegels"]).await else { return };
    const KAPPEN: &str = "nl.imow-gm0297.activiteit.2019000810";
    let mut antwoorden = serde_json::Map::new();
    for antwoord in ["80", "ja", "nee", "nee"] {
        let body = json!({ "activiteiten": [KAPPEN], "antwoorden": antwoorden });
        let r = app
            .request(
                Request::post("/api/v1/vergunningcheck")
                    .header("content-type", "application/json")
                    .body(Body::from(body.to_string()))
                    .unwrap(),
            )
            .await
            .json();
        let id = r["vraag"]["id"].as_str().unwrap().to_string();
        antwoorden.insert(id, Value::String(antwoord.into()));
    }
    let query: String = antwoorden
        .iter()
        .map(|(k, v)| format!("&antwoord.{}={}", common::encode(k), common::encode(v.as_str().unwrap())))
        .collect();
    let page = app.get(&format!("/vergunningcheck/uitkomst?activiteit={KAPPEN}{query}")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    for tekst in [
        "Hoe gaat het verder?",
        "<strong>Reguliere procedure.</strong>",
        "De gemeente beslist binnen 8 weken",
        "Bezwaar",
        "Leges: de gemeente stelt de kosten vast volgens haar tarieventabel",
        "Stip kent de tarieven van deze gemeente nog niet",
    ] {
        assert!(page.body.contains(tekst), "the outcome says {tekst}");
    }
    assert!(page.body.contains(r#"<ol class="utrecht-ordered-list stip-proces__stappen">"#));
}

#[tokio::test]
async fn the_map_page_says_who_decides_at_the_place_asked_about() {
    let Some((app, _state)) = app_met(&["gemeentestad/opdracht"]).await else { return };
    let page = app.get("/kaart?x=138398.3&y=424546.8").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(r#"id="host-kop""#), "the host box is on the map page");
    assert!(page.body.contains("beslist <strong>de gemeente</strong>"), "an authority without a known name in words");
    assert!(!page.body.contains("gm0297"), "a person never reads the authority's code");
}

#[tokio::test]
async fn the_openapi_document_describes_host_and_procedures() {
    let app = spawn_app().await;
    let doc = app.get("/api/v1/openapi.json").await.json();
    for path in ["/host", "/procedures/{soort}"] {
        assert!(doc["paths"][path]["get"]["responses"]["200"].is_object(), "{path}");
    }
    assert!(doc["components"]["schemas"]["Verwijzing"].is_object());
    assert!(doc["components"]["schemas"]["ProcesUitleg"].is_object());
}

#[tokio::test]
async fn behind_an_https_proxy_the_csrf_cookie_is_secure_and_the_backoffice_list_is_not_cached() {
    let app = spawn_app().await;
    let page = get_met(&app, "/hulp", &[("x-forwarded-proto", "https")]).await;
    assert!(page.header("set-cookie").unwrap().ends_with("; Secure"));
    let medewerker = sessie(&app, &[Rol::Behandelaar]).await;
    let lijst = get_met(&app, "/backoffice/hulpvragen", &[("cookie", &medewerker)]).await;
    assert_eq!(lijst.header("cache-control"), Some("no-store"));
}

#[tokio::test]
async fn the_expected_decision_date_of_the_api_is_the_last_day_a_case_submitted_that_day_gets() {
    // 7 March 2026 + 8 weeks is Saturday 2 May: by the Algemene termijnenwet the term ends Monday 4 May, and the
    // explanation of the procedure says the same as the case's own term (one calendar, in stip_zaak).
    let app = spawn_app().await;
    let v = app.get("/api/v1/procedures/regulier?ingediend=2026-03-07").await.json();
    assert_eq!(v["verwachteBeslisdatum"]["uiterlijk"], "2026-05-04", "{v}");
    let ingediend = time::macros::date!(2026 - 03 - 07);
    let zaak =
        stip_zaak::termijn::bereken(stip_zaak::procedure::Procedure::Regulier, ingediend, &[], 0, false, ingediend);
    assert_eq!(v["verwachteBeslisdatum"]["uiterlijk"], zaak.uiterste_beslisdatum.unwrap().to_string());
}

// ---- Answering a help request ----

mod antwoord {
    use super::common::browser::Browser;
    use super::common::persoon::persoon;
    use super::common::smtp::{Mail, Smtp};
    use super::common::{TestApp, spawn_app_met_state};
    use stip_store::{HulpvraagRepository, Rol};
    use stip_web::{AppState, AuthConfig, MailConfig, WebConfig};

    async fn app_met_mail(smtp: &Smtp) -> (TestApp, AppState) {
        let mail = MailConfig::new(&smtp.url(), "Gemeente Voorbeeldstad <noreply@voorbeeldstad.example>").unwrap();
        let auth = AuthConfig { mail: Some(mail), ..AuthConfig::default() };
        spawn_app_met_state(WebConfig { auth, publieke_url: Some("http://stip.test".into()), ..WebConfig::default() })
            .await
    }

    async fn ronde(state: &AppState) {
        stip_app::berichten::verspreid(state).await.unwrap();
        stip_app::berichten::bezorg(state, state.post()).await.unwrap();
    }

    const VRAAG: &str = "Wat betekent bouwvlak?\nIk zie het woord op de kaart.";
    const ANTWOORD: &str = "Een bouwvlak is het deel van uw kavel waar u mag bouwen.\nDaarbuiten mag het meestal niet.";

    #[tokio::test]
    async fn an_official_answers_by_e_mail_someone_who_asked_without_logging_in_and_the_question_stays_readable() {
        let smtp = Smtp::start();
        let (app, state) = app_met_mail(&smtp).await;
        let mut vrager = Browser::new(&app);
        let velden = [
            ("van", "/kaart?adres=Dorpsstraat+12"),
            ("naam", "An de Wit"),
            ("vraag", VRAAG),
            ("contact", "email"),
            ("email", "an@example.nl"),
        ];
        assert_eq!(vrager.post_form("/hulp", &velden).await.status, 303);
        let h = app.store.hulpvragen().await.unwrap().remove(0);
        assert_eq!(h.gebruiker, None, "not logged in");

        let bram = persoon(&app, "Bram Behandelaar", &[Rol::Behandelaar], Some("gm9999")).await;
        let mut medewerker = Browser::als(&app, &bram);
        let pagina = format!("/backoffice/hulpvragen/{}", h.id.0);
        let open = medewerker.get(&pagina).await;
        assert_eq!(open.status, 200, "{}", open.body);
        assert!(open.body.contains("Het antwoord gaat per e-mail naar an@example.nl."), "{}", open.body);
        assert!(open.body.contains("Ik zie het woord op de kaart."));

        let leeg = medewerker.post_form(&format!("{pagina}/antwoord"), &[("antwoord", "  ")]).await;
        assert_eq!(leeg.status, 400);
        assert!(leeg.body.contains("Schrijf een antwoord."), "{}", leeg.body);

        let mut aanvrager = Browser::als(&app, &persoon(&app, "Ilse", &[Rol::Initiatiefnemer], None).await);
        let geweigerd = aanvrager.post_form(&format!("{pagina}/antwoord"), &[("antwoord", "Ha")]).await;
        assert_eq!(geweigerd.status, 403, "only officials answer");

        let verstuurd = medewerker.post_form(&format!("{pagina}/antwoord"), &[("antwoord", ANTWOORD)]).await;
        assert_eq!(
            (verstuurd.status, verstuurd.header("location")),
            (303, Some(pagina.as_str())),
            "{}",
            verstuurd.body
        );
        ronde(&state).await;
        let mails = smtp.wacht_op(1).await;
        let mail = Mail::lees(&mails[0]);
        assert!(mail.header("To").unwrap().contains("an@example.nl"), "{:?}", mail.header("To"));
        assert_eq!(mail.header("Subject").as_deref(), Some("Antwoord op uw vraag HV-000001"));
        for tekst in ["Ik zie het woord op de kaart.", "Een bouwvlak is het deel van uw kavel waar u mag bouwen."] {
            assert!(mail.tekst.contains(tekst), "the mail has {tekst}: {}", mail.tekst);
        }
        assert!(mail.tekst.contains("omdat u een vraag stelde via \"Ik snap het niet\""), "{}", mail.tekst);

        let beantwoord = medewerker.get(&pagina).await;
        let nu = stip_zaak::tijd::nederlands(stip_app::Klok::nu(&app.klok));
        let wanneer = format!("{} om {:02}:{:02}", stip_app::tekst::datum(nu.date(), false), nu.hour(), nu.minute());
        for tekst in [
            "Daarbuiten mag het meestal niet.",
            "Ik zie het woord op de kaart.",
            &format!("Beantwoord door Bram Behandelaar op {wanneer}."),
        ] {
            assert!(beantwoord.body.contains(tekst), "the request shows {tekst}: {}", beantwoord.body);
        }
        assert!(!beantwoord.body.contains("Verstuur het antwoord"), "answered once");
        let lijst = medewerker.get("/backoffice/hulpvragen").await;
        assert!(lijst.body.contains(&format!("Beantwoord: Beantwoord door Bram Behandelaar op {wanneer}")));
        assert!(!lijst.body.contains("UTC"), "Dutch local time");
        let nog_eens = medewerker.post_form(&format!("{pagina}/antwoord"), &[("antwoord", "Iets anders")]).await;
        assert_eq!(nog_eens.status, 409);
        let h = app.store.hulpvraag(h.id).await.unwrap();
        assert_eq!(h.vraag, VRAAG, "the question is never lost");
        assert_eq!(h.antwoord.unwrap().tekst, ANTWOORD, "the first answer stays");
    }

    #[tokio::test]
    async fn someone_who_asked_while_logged_in_reads_the_answer_in_mijn_omgeving_and_gets_it_by_mail() {
        let smtp = Smtp::start();
        let (app, state) = app_met_mail(&smtp).await;
        let ilse = persoon(&app, "Ilse Jansen", &[Rol::Initiatiefnemer], None).await;
        let mut vrager = Browser::als(&app, &ilse);
        let velden = [("naam", "Ilse"), ("vraag", VRAAG), ("contact", "telefoon"), ("telefoon", "06 12345678")];
        assert_eq!(vrager.post_form("/hulp", &velden).await.status, 303);
        let h = app.store.hulpvragen().await.unwrap().remove(0);
        assert_eq!(h.gebruiker.map(|g| g.0), Some(ilse.id), "the asker's account is kept");

        let bram = persoon(&app, "Bram Behandelaar", &[Rol::Behandelaar], Some("gm9999")).await;
        let mut medewerker = Browser::als(&app, &bram);
        let pagina = format!("/backoffice/hulpvragen/{}", h.id.0);
        assert!(
            medewerker.get(&pagina).await.body.contains("Het antwoord komt ook in Mijn omgeving van deze persoon.")
        );
        let verstuurd = medewerker.post_form(&format!("{pagina}/antwoord"), &[("antwoord", ANTWOORD)]).await;
        assert_eq!(verstuurd.status, 303, "{}", verstuurd.body);
        ronde(&state).await;

        let inbox = vrager.get("/mijn-omgeving/berichten").await;
        assert_eq!(inbox.status, 200);
        assert!(inbox.body.contains("Antwoord op uw vraag HV-000001"), "{}", inbox.body);
        assert!(inbox.body.contains("Een bouwvlak is het deel van uw kavel waar u mag bouwen."), "{}", inbox.body);
        let mails = smtp.wacht_op(1).await;
        assert!(Mail::lees(&mails[0]).header("To").unwrap().contains(&ilse.email), "to the account's address");
    }

    #[tokio::test]
    async fn without_an_address_or_an_account_the_official_records_what_was_said_on_the_phone_and_nothing_is_sent() {
        let smtp = Smtp::start();
        let (app, state) = app_met_mail(&smtp).await;
        let velden = [("naam", "Piet"), ("vraag", VRAAG), ("contact", "telefoon"), ("telefoon", "06 12345678")];
        assert_eq!(Browser::new(&app).post_form("/hulp", &velden).await.status, 303);
        let h = app.store.hulpvragen().await.unwrap().remove(0);
        let bram = persoon(&app, "Bram Behandelaar", &[Rol::Behandelaar], Some("gm9999")).await;
        let mut medewerker = Browser::als(&app, &bram);
        let pagina = format!("/backoffice/hulpvragen/{}", h.id.0);
        assert!(medewerker.get(&pagina).await.body.contains("Bel terug en schrijf hier wat u hebt gezegd."));
        let gedaan = medewerker.post_form(&format!("{pagina}/antwoord"), &[("antwoord", "Teruggebeld.")]).await;
        assert_eq!(gedaan.status, 303);
        ronde(&state).await;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert!(smtp.mails().is_empty(), "no one to send it to");
        assert!(medewerker.get(&pagina).await.body.contains("Teruggebeld."));
    }
}
