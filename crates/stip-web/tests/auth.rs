//! Accounts and login over HTTP: registering, logging in and out with a password, the session cookie and its
//! rotation and timeouts, the brake on guessing, the way back after login, and the API's bearer tokens.

mod common;

use axum::body::Body;
use axum::http::Request;
use axum::routing::get;
use common::browser::Browser;
use common::{Answer, TestApp, spawn_app, spawn_app_with};
use serde_json::json;
use std::time::{Duration, Instant};
use stip_store::{Gebruiker, GebruikerRepository, NieuweGebruiker, Rol};
use stip_web::{AuthConfig, Ingelogd, WebConfig};

/// The argon2id hash (argon2's default cost, as stip makes them) of [`WACHTWOORD`], made once.
const HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c3RpcHN0aXBzdGlw$9YTQiXW4HMmxw/0aNepYgqxY9hVVUD7C0OdPZVAGyec";
const WACHTWOORD: &str = "geheimgeheim";

async fn jan(app: &TestApp) -> Gebruiker {
    let nieuw = NieuweGebruiker {
        email: Some("jan@example.nl"),
        naam: "Jan de Vries",
        wachtwoord_hash: Some(HASH),
        rollen: &[Rol::Initiatiefnemer],
        ..NieuweGebruiker::default()
    };
    app.store.maak_gebruiker(nieuw).await.unwrap()
}

fn set_cookie<'a>(a: &'a Answer, naam: &str) -> Option<&'a str> {
    a.headers.get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).find(|c| c.starts_with(&format!("{naam}=")))
}

/// A session token's store hash is all the store has: this finds the user of a browser's session cookie, as the
/// server does.
async fn wie(app: &TestApp, token: &str) -> Option<Gebruiker> {
    app.store
        .sessie(&stip_web::auth::token_hash(token), stip_app::Klok::nu_utc(&app.klok))
        .await
        .unwrap()
        .map(|(_, g)| g)
}

async fn api(app: &TestApp, method: &str, uri: &str, bearer: Option<&str>, body: Option<serde_json::Value>) -> Answer {
    let mut r = Request::builder().method(method).uri(uri);
    if let Some(t) = bearer {
        r = r.header("authorization", format!("Bearer {t}"));
    }
    let body = match body {
        Some(b) => {
            r = r.header("content-type", "application/json");
            Body::from(b.to_string())
        }
        None => Body::empty(),
    };
    app.request(r.body(body).unwrap()).await
}

#[tokio::test]
async fn registering_makes_an_initiatiefnemer_who_is_logged_in_at_once_with_a_safe_session_cookie() {
    let app = spawn_app().await;
    let mut b = Browser::new(&app);
    let formulier = b.get("/registreren?terug=/kaart%3Fx%3D1").await;
    assert_eq!(formulier.status, 200);
    for attribuut in [r#"autocomplete="name""#, r#"autocomplete="email""#, r#"autocomplete="new-password""#] {
        assert!(formulier.body.contains(attribuut), "{attribuut}");
    }
    let velden = [("naam", " Jan de Vries "), ("email", "Jan@Example.nl"), ("wachtwoord", "correct paard batterij")];
    let mut velden = velden.to_vec();
    velden.push(("terug", "/kaart?x=1"));
    let klaar = b.post_form("/registreren", &velden).await;
    assert_eq!(klaar.status, 303, "{}", klaar.body);
    assert_eq!(klaar.header("location"), Some("/kaart?x=1"), "back to where the person came from");
    let cookie = set_cookie(&klaar, stip_web::auth::SESSIE_COOKIE).expect("a session cookie");
    assert!(cookie.ends_with("; Path=/; HttpOnly; SameSite=Lax"), "{cookie}");

    let g = app.store.gebruiker_per_email("jan@example.nl").await.unwrap().expect("the account exists");
    assert_eq!((g.naam.as_str(), g.rollen.as_slice()), ("Jan de Vries", &[Rol::Initiatiefnemer][..]));
    assert!(g.wachtwoord_hash.as_deref().unwrap().starts_with("$argon2id$"), "only an argon2id hash is kept");
    let token = b.cookie(stip_web::auth::SESSIE_COOKIE).unwrap().to_string();
    assert_eq!(token.len(), 43, "32 random bytes, base64url");
    assert_eq!(wie(&app, &token).await.map(|g| g.id), Some(g.id));
    let home = b.get("/").await;
    assert!(home.body.contains("Ingelogd als") && home.body.contains("Jan de Vries"), "the header says who");
    assert_eq!(home.header("cache-control"), Some("no-store"), "a logged-in page stays out of caches");
}

#[tokio::test]
async fn a_registration_says_beside_each_field_what_is_wrong_and_a_taken_address_is_one_of_them() {
    let app = spawn_app().await;
    jan(&app).await;
    let mut b = Browser::new(&app);
    let fout = b.post_form("/registreren", &[("naam", ""), ("email", "jan@"), ("wachtwoord", "elf tekens!")]).await;
    assert_eq!(fout.status, 400);
    for tekst in ["Vul uw naam in.", "Dit e-mailadres klopt niet", "Gebruik minstens 12 tekens."] {
        assert!(fout.body.contains(tekst), "{tekst}");
    }
    assert!(fout.body.contains(r##"href="#wachtwoord""##) && fout.body.contains(r#"aria-invalid="true""#));
    assert!(!fout.body.contains("elf tekens!"), "a password is never sent back");
    let bestaat =
        b.post_form("/registreren", &[("naam", "Jan"), ("email", "JAN@example.nl"), ("wachtwoord", WACHTWOORD)]).await;
    assert_eq!(bestaat.status, 409);
    assert!(bestaat.body.contains("Er is al een account met dit e-mailadres"));
    assert!(b.cookie(stip_web::auth::SESSIE_COOKIE).is_none());
}

#[tokio::test]
async fn logging_in_starts_a_new_session_and_ends_the_one_the_browser_came_with() {
    let app = spawn_app().await;
    let g = jan(&app).await;
    let mut b = Browser::new(&app);
    let formulier = b.get("/inloggen").await;
    assert!(formulier.body.contains(r#"autocomplete="username""#));
    assert!(formulier.body.contains(r#"autocomplete="current-password""#));
    let eerste = b.log_in("jan@example.nl", WACHTWOORD).await;
    assert_eq!((eerste.status, eerste.header("location")), (303, Some("/")));
    let oud = b.cookie(stip_web::auth::SESSIE_COOKIE).unwrap().to_string();
    assert_eq!(wie(&app, &oud).await.map(|g| g.id), Some(g.id));

    let tweede = b.log_in(" JAN@example.nl ", WACHTWOORD).await;
    assert_eq!(tweede.status, 303);
    let nieuw = b.cookie(stip_web::auth::SESSIE_COOKIE).unwrap().to_string();
    assert_ne!(nieuw, oud, "every login gets a new token");
    assert!(wie(&app, &oud).await.is_none(), "the old session ended");
    assert_eq!(wie(&app, &nieuw).await.map(|g| g.id), Some(g.id));

    // A token planted in a browser before the login is worth nothing after it (session fixation).
    let mut ander = Browser::new(&app);
    ander.zet_cookie(stip_web::auth::SESSIE_COOKIE, &nieuw);
    ander.log_in("jan@example.nl", WACHTWOORD).await;
    assert!(wie(&app, &nieuw).await.is_none());
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_address_get_the_same_answer() {
    let app = spawn_app().await;
    jan(&app).await;
    let mut b = Browser::new(&app);
    let fout = b.log_in("jan@example.nl", "geheimgeheim!").await;
    let onbekend = b.log_in("niemand@example.nl", WACHTWOORD).await;
    for a in [&fout, &onbekend] {
        assert_eq!(a.status, 400);
        assert!(a.body.contains("Het e-mailadres of het wachtwoord klopt niet"));
        assert!(set_cookie(a, stip_web::auth::SESSIE_COOKIE).is_none());
    }
    let leeg = b.log_in("", "").await;
    assert!(leeg.body.contains("Vul uw e-mailadres in.") && leeg.body.contains("Vul uw wachtwoord in."));
}

#[tokio::test]
async fn a_login_with_an_unknown_address_takes_as_long_as_one_with_a_wrong_password() {
    let app = spawn_app().await;
    jan(&app).await;
    let mut b = Browser::new(&app);
    b.log_in("warm@example.nl", "opwarmen").await; // makes the stand-in hash once
    let (mut bekend, mut onbekend) = (Vec::new(), Vec::new());
    for i in 0..5 {
        for (email, tijden) in
            [("jan@example.nl".to_string(), &mut bekend), (format!("niemand{i}@example.nl"), &mut onbekend)]
        {
            let start = Instant::now();
            b.log_in(&email, &format!("fout-{i}")).await;
            tijden.push(start.elapsed());
        }
    }
    bekend.sort();
    onbekend.sort();
    let (b_mediaan, o_mediaan) = (bekend[2], onbekend[2]);
    assert!(
        o_mediaan * 2 > b_mediaan && b_mediaan * 2 > o_mediaan,
        "an unknown address {o_mediaan:?}, a wrong password {b_mediaan:?}: the time tells whether an account exists"
    );
}

#[tokio::test]
async fn after_five_wrong_passwords_within_a_quarter_even_the_right_one_waits() {
    let app = spawn_app().await;
    jan(&app).await;
    let mut b = Browser::new(&app);
    for i in 0..5 {
        let a = b.log_in("jan@example.nl", &format!("fout {i}")).await;
        assert_eq!(a.status, 400, "attempt {i}");
    }
    let geremd = b.log_in("Jan@example.nl", WACHTWOORD).await;
    assert_eq!(geremd.status, 429);
    assert!(geremd.body.contains("Probeer het over een kwartier opnieuw"), "{}", geremd.body);
    assert!(b.cookie(stip_web::auth::SESSIE_COOKIE).is_none());
    let api =
        api(&app, "POST", "/api/v1/sessies", None, Some(json!({"email": "jan@example.nl", "wachtwoord": WACHTWOORD})));
    let api = api.await;
    assert_eq!(api.status, 429);
    assert_eq!(api.json()["code"], "too_many_requests");
    assert_eq!(api.header("retry-after"), Some("900"));
}

#[tokio::test]
async fn an_attacker_from_one_source_cannot_lock_the_owner_out_who_logs_in_from_another() {
    let app = spawn_app().await;
    jan(&app).await;
    let mut aanvaller = Browser::van(&app, "203.0.113.9");
    for i in 0..5 {
        assert_eq!(aanvaller.log_in("jan@example.nl", &format!("gok {i}")).await.status, 400, "guess {i}");
    }
    assert_eq!(aanvaller.log_in("jan@example.nl", WACHTWOORD).await.status, 429, "the same source is braked after 5");
    let mut eigenaar = Browser::van(&app, "198.51.100.7");
    let binnen = eigenaar.log_in("jan@example.nl", WACHTWOORD).await;
    assert_eq!(binnen.status, 303, "the owner elsewhere gets in: {}", binnen.body);
    assert!(eigenaar.cookie(stip_web::auth::SESSIE_COOKIE).is_some());
}

#[tokio::test]
async fn x_forwarded_for_from_an_untrusted_peer_is_ignored_and_from_a_trusted_proxy_names_the_client() {
    let config = WebConfig { vertrouwde_proxies: vec!["10.0.0.0/8".parse().unwrap()], ..WebConfig::default() };
    let app = spawn_app_with(config).await;
    jan(&app).await;
    // Someone not behind the proxy writes a new X-Forwarded-For each time: still one source.
    let mut aanvaller = Browser::van(&app, "203.0.113.9");
    for i in 0..5 {
        aanvaller.headers = vec![("x-forwarded-for".into(), format!("192.0.2.{i}"))];
        assert_eq!(aanvaller.log_in("jan@example.nl", &format!("gok {i}")).await.status, 400);
    }
    aanvaller.headers = vec![("x-forwarded-for".into(), "192.0.2.200".into())];
    assert_eq!(aanvaller.log_in("jan@example.nl", WACHTWOORD).await.status, 429, "the header changed nothing");

    // Behind the trusted proxy every client counts apart: one braked client leaves the next one free.
    let mut via_proxy = Browser::van(&app, "10.0.0.2");
    via_proxy.headers = vec![("x-forwarded-for".into(), "198.51.100.1".into())];
    for i in 0..5 {
        assert_eq!(via_proxy.log_in("jan@example.nl", &format!("gok {i}")).await.status, 400);
    }
    assert_eq!(via_proxy.log_in("jan@example.nl", WACHTWOORD).await.status, 429);
    let mut eigenaar = Browser::van(&app, "10.0.0.2");
    eigenaar.headers = vec![("x-forwarded-for".into(), "1.2.3.4, 198.51.100.7".into())];
    assert_eq!(eigenaar.log_in("jan@example.nl", WACHTWOORD).await.status, 303);
}

/// An app with two routes that need a login, as the pages and API of other parts will have.
async fn app_met_afgeschermd(config: WebConfig) -> TestApp {
    let mut app = spawn_app_with(config.clone()).await;
    let state = stip_web::AppState::met_klok(app.store.clone(), config, std::sync::Arc::new(app.klok.clone()));
    let afgeschermd = axum::Router::new()
        .route("/mijn-test", get(|i: Ingelogd| async move { format!("hallo {}", i.gebruiker.naam) }))
        .route("/api/v1/mijn-test", get(|i: Ingelogd| async move { format!("hallo {}", i.gebruiker.naam) }))
        .route(
            "/misschien",
            get(|i: Option<Ingelogd>| async move { i.map_or("niemand".to_string(), |i| i.gebruiker.naam) }),
        )
        .with_state(state.clone());
    app.router = afgeschermd.merge(stip_web::router(state));
    app
}

#[tokio::test]
async fn a_page_that_needs_a_login_sends_to_inloggen_and_back_and_the_api_answers_401() {
    let app = app_met_afgeschermd(WebConfig::default()).await;
    jan(&app).await;
    let mut b = Browser::new(&app);
    let weg = b.get("/mijn-test?x=1&y=2").await;
    assert_eq!(weg.status, 303);
    assert_eq!(weg.header("location"), Some("/inloggen?terug=%2Fmijn-test%3Fx%3D1%26y%3D2"));
    assert_eq!(b.get("/misschien").await.body, "niemand");
    let formulier = b.get(weg.header("location").unwrap()).await;
    let formulier = formulier.body.replace("&#x2f;", "/");
    assert!(formulier.contains(r#"name="terug" value="/mijn-test?x=1&amp;y=2""#), "{formulier}");

    let a = b.post_form(
        "/inloggen",
        &[("email", "jan@example.nl"), ("wachtwoord", WACHTWOORD), ("terug", "/mijn-test?x=1&y=2")],
    );
    let a = a.await;
    assert_eq!(a.header("location"), Some("/mijn-test?x=1&y=2"));
    assert_eq!(b.get("/mijn-test").await.body, "hallo Jan de Vries");
    assert_eq!(b.get("/misschien").await.body, "Jan de Vries");

    let api = b.get("/api/v1/mijn-test").await;
    assert_eq!(api.status, 401, "the API reads no cookies");
    assert_eq!(api.json()["code"], "unauthenticated");
    assert_eq!(api.header("www-authenticate"), Some("Bearer realm=\"stip\""));
    assert_eq!(api.header("content-type"), Some("application/problem+json"));
}

#[tokio::test]
async fn the_way_back_after_login_is_never_another_site() {
    let app = spawn_app().await;
    jan(&app).await;
    for kwaad in ["https://kwaad.example/", "//kwaad.example/x", "/\\kwaad.example"] {
        let mut b = Browser::new(&app);
        let velden = [("email", "jan@example.nl"), ("wachtwoord", WACHTWOORD), ("terug", kwaad)];
        let a = b.post_form("/inloggen", &velden).await;
        assert_eq!(a.header("location"), Some("/"), "{kwaad}");
        let formulier = b.get(&format!("/inloggen?terug={}", common::encode(kwaad))).await.body.replace("&#x2f;", "/");
        assert!(formulier.contains(r#"name="terug" value="/">"#), "{kwaad}");
    }
}

#[tokio::test]
async fn logging_out_ends_the_session_removes_the_cookie_and_needs_the_csrf_token() {
    let app = spawn_app().await;
    jan(&app).await;
    let mut b = Browser::new(&app);
    b.log_in("jan@example.nl", WACHTWOORD).await;
    let token = b.cookie(stip_web::auth::SESSIE_COOKIE).unwrap().to_string();
    let home = b.get("/").await;
    assert!(home.body.contains(r#"action="/uitloggen""#), "the header offers logging out");

    let zonder_csrf = app
        .request(
            Request::post("/uitloggen")
                .header("cookie", format!("{}={token}", stip_web::auth::SESSIE_COOKIE))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(zonder_csrf.status, 403, "a forged logout is refused");
    assert!(wie(&app, &token).await.is_some());

    let uit = b.post_form("/uitloggen", &[]).await;
    assert_eq!((uit.status, uit.header("location")), (303, Some("/")));
    assert!(set_cookie(&uit, stip_web::auth::SESSIE_COOKIE).unwrap().contains("Max-Age=0"));
    assert!(wie(&app, &token).await.is_none(), "the session is over on the server, not only in the browser");
    assert!(b.cookie(stip_web::auth::SESSIE_COOKIE).is_none());
    assert!(b.get("/").await.body.contains(r#"href="/inloggen""#));
}

#[tokio::test]
async fn an_idle_session_ends_and_the_browser_is_told_to_forget_its_cookie() {
    let auth = AuthConfig { sessie_inactief: Duration::from_millis(600), ..AuthConfig::default() };
    let app = app_met_afgeschermd(WebConfig { auth, ..WebConfig::default() }).await;
    jan(&app).await;
    let mut b = Browser::new(&app);
    b.log_in("jan@example.nl", WACHTWOORD).await;
    let token = b.cookie(stip_web::auth::SESSIE_COOKIE).unwrap().to_string();
    for _ in 0..3 {
        app.klok.verzet(time::Duration::milliseconds(300));
        assert_eq!(b.get("/mijn-test").await.status, 200, "use keeps the session alive");
    }
    app.klok.verzet(time::Duration::milliseconds(700));
    let home = b.get("/").await;
    assert!(!home.body.contains("Ingelogd als"), "idle too long");
    assert!(set_cookie(&home, stip_web::auth::SESSIE_COOKIE).unwrap().contains("Max-Age=0"));
    assert!(
        app.store
            .sessie(&stip_web::auth::token_hash(&token), stip_app::Klok::nu_utc(&app.klok))
            .await
            .unwrap()
            .is_none(),
        "ended on the server"
    );
    b.zet_cookie(stip_web::auth::SESSIE_COOKIE, &token);
    assert_eq!(b.get("/mijn-test").await.status, 303);
}

#[tokio::test]
async fn a_session_ends_at_its_absolute_end_however_much_it_is_used() {
    let auth = AuthConfig { sessie_max: Duration::from_millis(900), ..AuthConfig::default() };
    let app = app_met_afgeschermd(WebConfig { auth, ..WebConfig::default() }).await;
    jan(&app).await;
    let mut b = Browser::new(&app);
    b.log_in("jan@example.nl", WACHTWOORD).await;
    assert_eq!(b.get("/mijn-test").await.status, 200);
    app.klok.verzet(time::Duration::milliseconds(1000));
    assert_eq!(b.get("/mijn-test").await.status, 303);
}

#[tokio::test]
async fn the_session_cookie_is_secure_behind_an_https_proxy_or_when_configured() {
    let app = spawn_app().await;
    jan(&app).await;
    let mut b = Browser::new(&app);
    b.headers.push(("x-forwarded-proto".into(), "https".into()));
    let a = b.log_in("jan@example.nl", WACHTWOORD).await;
    assert!(set_cookie(&a, stip_web::auth::SESSIE_COOKIE).unwrap().ends_with("; Secure"));

    let auth = AuthConfig { cookie_secure: true, ..AuthConfig::default() };
    let app = spawn_app_with(WebConfig { auth, ..WebConfig::default() }).await;
    jan(&app).await;
    let a = Browser::new(&app).log_in("jan@example.nl", WACHTWOORD).await;
    assert!(set_cookie(&a, stip_web::auth::SESSIE_COOKIE).unwrap().ends_with("; Secure"));
}

#[tokio::test]
async fn the_api_exchanges_e_mail_and_password_for_a_bearer_token_that_works_until_it_is_deleted() {
    let app = spawn_app().await;
    let g = jan(&app).await;
    let body = json!({"email": "JAN@example.nl", "wachtwoord": WACHTWOORD});
    let start = api(&app, "POST", "/api/v1/sessies", None, Some(body)).await;
    assert_eq!(start.status, 201, "{}", start.body);
    assert!(set_cookie(&start, stip_web::auth::SESSIE_COOKIE).is_none(), "the API sets no cookie");
    let v = start.json();
    let token = v["token"].as_str().unwrap().to_string();
    assert_eq!(v["gebruiker"]["id"], g.id.0.to_string());
    assert_eq!(v["gebruiker"]["rollen"], json!(["initiatiefnemer"]));
    let verloopt =
        time::OffsetDateTime::parse(v["verloopt"].as_str().unwrap(), &time::format_description::well_known::Rfc3339);
    assert!(verloopt.unwrap() > time::OffsetDateTime::now_utc() + time::Duration::hours(11));

    let ik = api(&app, "GET", "/api/v1/sessies/huidige", Some(&token), None).await;
    assert_eq!((ik.status, ik.json()["naam"].clone()), (200, json!("Jan de Vries")));
    let cookie_alleen = app
        .request(
            Request::get("/api/v1/sessies/huidige")
                .header("cookie", format!("{}={token}", stip_web::auth::SESSIE_COOKIE))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(cookie_alleen.status, 401, "a cookie does not authenticate an API call");

    let stop = api(&app, "DELETE", "/api/v1/sessies/huidige", Some(&token), None).await;
    assert_eq!(stop.status, 204);
    let daarna = api(&app, "GET", "/api/v1/sessies/huidige", Some(&token), None).await;
    assert_eq!(daarna.status, 401);
    assert_eq!(daarna.header("www-authenticate"), Some("Bearer realm=\"stip\", error=\"invalid_token\""));

    let fout = api(&app, "POST", "/api/v1/sessies", None, Some(json!({"email": "jan@example.nl", "wachtwoord": "x"})));
    let fout = fout.await;
    assert_eq!((fout.status, fout.json()["code"].clone()), (401, json!("unauthenticated")));
    let kapot = api(&app, "POST", "/api/v1/sessies", None, Some(json!({"email": "jan@example.nl"}))).await;
    assert_eq!(kapot.status, 400, "{}", kapot.body);
}

#[tokio::test]
async fn the_openapi_document_describes_the_session_endpoints_and_the_bearer_scheme() {
    let app = spawn_app().await;
    let doc = app.get("/api/v1/openapi.json").await.json();
    assert!(doc["paths"]["/sessies"]["post"]["responses"]["201"].is_object());
    assert!(doc["paths"]["/sessies/huidige"]["delete"]["responses"]["204"].is_object());
    assert_eq!(doc["paths"]["/sessies/huidige"]["get"]["security"], json!([{"bearer": []}]));
    assert_eq!(doc["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
    assert!(doc["components"]["schemas"]["Sessieantwoord"].is_object());
}

#[tokio::test]
async fn the_login_pages_speak_english_when_asked() {
    let app = spawn_app().await;
    let inloggen = app.get("/inloggen?lang=en").await;
    assert!(inloggen.body.contains("E-mail address") && inloggen.body.contains("Create an account"));
    let registreren = app.get("/registreren?lang=en").await;
    assert!(registreren.body.contains("At least 12 characters"));
}

#[tokio::test]
async fn a_login_gives_the_browser_a_new_form_token_and_the_anonymous_one_no_longer_works() {
    let app = spawn_app().await;
    jan(&app).await;
    let mut b = Browser::new(&app);
    b.get("/inloggen").await;
    let anoniem = b.cookie(stip_web::CSRF_COOKIE).unwrap().to_string();
    let ingelogd = b.log_in("jan@example.nl", WACHTWOORD).await;
    assert_eq!(ingelogd.status, 303, "{}", ingelogd.body);
    let nieuw = b.cookie(stip_web::CSRF_COOKIE).unwrap().to_string();
    assert_ne!(nieuw, anoniem, "the login answer brings a token for the new session");
    assert_eq!(b.post_form("/uitloggen", &[]).await.status, 303, "the new token works on the session");
    // An attacker's anonymous pair, planted in a logged-in browser, does not.
    let mut aanvaller = Browser::new(&app);
    aanvaller.log_in("jan@example.nl", WACHTWOORD).await;
    aanvaller.zet_cookie(stip_web::CSRF_COOKIE, &anoniem);
    assert_eq!(aanvaller.post_form("/uitloggen", &[]).await.status, 403);
}
