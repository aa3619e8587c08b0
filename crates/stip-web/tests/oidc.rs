//! OpenID Connect over HTTP: the start of a login at a real local provider (panva's oidc-provider from `e2e/`, as
//! `scripts/test` installs it) with PKCE, state and nonce in a signed short-lived cookie, and the refusals of an answer
//! that no login of this browser asked for. The whole login in a browser is `e2e/oidc.test.mjs`.

mod common;

use common::browser::Browser;
use common::{TestApp, spawn_app, spawn_app_with};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use stip_web::{AuthConfig, OidcConfig, WebConfig};

const STIP: &str = "http://stip.test";

struct Provider(Child);
impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `e2e/oidc-provider.mjs` on a free port; returns its issuer.
fn provider() -> (String, Provider) {
    let e2e = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../e2e");
    assert!(
        e2e.join("node_modules/oidc-provider").exists(),
        "e2e/node_modules is missing: run ./scripts/test (it runs `npm ci` in e2e/)"
    );
    let addr = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let child = Command::new("node")
        .arg("oidc-provider.mjs")
        .current_dir(&e2e)
        .env("OIDC_PORT", addr.port().to_string())
        .env("STIP_URL", STIP)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("node must be installed");
    let provider = Provider(child);
    let start = Instant::now();
    while std::net::TcpStream::connect(addr).is_err() {
        assert!(start.elapsed() < Duration::from_secs(30), "the OIDC provider did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    (format!("http://{addr}"), provider)
}

async fn app_met_oidc(issuer: &str) -> TestApp {
    let redirect = format!("{STIP}/inloggen/oidc/terug");
    let oidc = OidcConfig::new(issuer, "stip", "stip-test-geheim-dat-lang-genoeg-is", &redirect, "Inloggen met DigiD");
    let auth = AuthConfig { oidc: Some(oidc.unwrap()), ..AuthConfig::default() };
    spawn_app_with(WebConfig { auth, ..WebConfig::default() }).await
}

fn query(url: &str) -> Vec<(String, String)> {
    let uri: axum::http::Uri = url.parse().unwrap();
    axum::extract::Query::<Vec<(String, String)>>::try_from_uri(&uri).unwrap().0
}

#[tokio::test]
async fn a_login_starts_at_the_provider_with_pkce_state_and_nonce_kept_in_a_signed_short_lived_cookie() {
    let (issuer, _provider) = provider();
    let app = app_met_oidc(&issuer).await;
    let mut b = Browser::new(&app);
    let inloggen = b.get("/inloggen?terug=/kaart").await;
    assert!(inloggen.body.contains("Inloggen met DigiD"), "the login page shows the configured button");

    let weg = b.get("/inloggen/oidc?terug=/kaart").await;
    assert_eq!(weg.status, 303, "{}", weg.body);
    let naar = weg.header("location").unwrap();
    assert!(naar.starts_with(&format!("{issuer}/auth?")), "{naar}");
    let q = query(naar);
    let waarde = |k: &str| q.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    assert_eq!(waarde("response_type"), Some("code"));
    assert_eq!(waarde("client_id"), Some("stip"));
    assert_eq!(waarde("redirect_uri"), Some("http://stip.test/inloggen/oidc/terug"));
    assert_eq!(waarde("code_challenge_method"), Some("S256"));
    assert_eq!(waarde("code_challenge").map(str::len), Some(43));
    assert!(waarde("scope").unwrap().split(' ').any(|s| s == "openid"));
    let (state, nonce) = (waarde("state").unwrap().to_string(), waarde("nonce").unwrap());
    assert!(state.len() >= 43 && nonce.len() >= 43 && state != nonce);

    let cookie = weg
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("stip_oidc="))
        .expect("the login in progress is kept in a cookie");
    assert!(cookie.contains("; Path=/inloggen/oidc; HttpOnly; SameSite=Lax; Max-Age=600"), "{cookie}");
    let inhoud = cookie.split(';').next().unwrap().trim_start_matches("stip_oidc=");
    assert!(!inhoud.contains(&state), "the cookie is encoded, and signed");

    // The answer with the state of another login, or with a cookie changed by hand, is refused.
    let ander = b.get("/inloggen/oidc/terug?code=x&state=ander").await;
    assert_eq!(ander.status, 400);
    assert!(ander.body.contains("Inloggen is niet gelukt"));
    assert!(b.cookie("stip_oidc").is_none(), "a refused answer uses the login in progress up");
    let weg = b.get("/inloggen/oidc").await;
    let (data, tag) =
        b.cookie("stip_oidc").unwrap().split_once('.').map(|(d, t)| (d.to_string(), t.to_string())).unwrap();
    let state = query(weg.header("location").unwrap()).into_iter().find(|(k, _)| k == "state").unwrap().1;
    let laatste = if data.ends_with('A') { "B" } else { "A" };
    let vervalst = format!("{}{laatste}.{tag}", &data[..data.len() - 1]);
    b.zet_cookie("stip_oidc", &vervalst);
    let geknoeid = b.get(&format!("/inloggen/oidc/terug?code=x&state={state}")).await;
    assert_eq!(geknoeid.status, 400, "a cookie changed by hand is refused");
    assert!(b.cookie(stip_web::auth::SESSIE_COOKIE).is_none());
}

#[tokio::test]
async fn an_unreachable_provider_gets_a_plain_message_and_no_provider_no_button() {
    let dicht = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let app = app_met_oidc(&format!("http://{dicht}")).await;
    let a = app.get("/inloggen/oidc").await;
    assert_eq!(a.status, 503);
    assert!(a.body.contains("We kunnen de inlogdienst nu niet bereiken"));

    let zonder = spawn_app().await;
    assert!(!zonder.get("/inloggen").await.body.contains("/inloggen/oidc"));
    assert_eq!(zonder.get("/inloggen/oidc").await.status, 404);
    assert_eq!(zonder.get("/inloggen/oidc/terug?code=x&state=y").await.status, 404);
}
