//! Login with OpenID Connect (DigiD and eHerkenning are reached through an OIDC broker): the authorization code flow
//! with PKCE (S256), `state` and `nonce`. `GET /inloggen/oidc` sends the browser to the provider with a fresh state,
//! nonce and code verifier, kept in a short-lived cookie signed with the server key (so any instance behind a load
//! balancer can finish the login); `GET /inloggen/oidc/terug` checks the state, exchanges the code at the token
//! endpoint (`client_secret_basic`, or `client_secret_post` when the provider offers only that) and checks the ID
//! token ([`super::idtoken`]: signature against the JWKS, iss, aud, exp, iat, nonce). The first login of a subject
//! makes an initiatiefnemer account linked by (issuer, subject).
//!
//! The provider's metadata comes from `{issuer}/.well-known/openid-configuration`; metadata and keys are kept for an
//! hour (keys are fetched again at once when a token names an unknown key). HTTP goes through `ureq` on a blocking
//! thread, over rustls with the system's root certificates.

use super::idtoken::{self, Claims, Jwk, Jwks, Verwacht};
use super::token::nieuw_token;
use super::{Ingelogd, pagina, sessie, terug};
use crate::AppState;
use crate::i18n::RequestLang;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use base64::Engine;
use minijinja::context;
use serde::{Deserialize, Serialize};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use stip_store::{Gebruiker, GebruikerRepository, NieuweGebruiker, Rol, StoreError};

/// The cookie that carries a login in progress.
pub const OIDC_COOKIE: &str = "stip_oidc";
/// Where the provider sends the browser back to (the path of `redirect_url`).
pub const TERUG_PAD: &str = "/inloggen/oidc/terug";
/// How long a login at the provider may take.
const LOPEND_GELDIG: Duration = Duration::from_secs(10 * 60);
/// How long metadata and keys are kept.
const BEWAAR: Duration = Duration::from_secs(60 * 60);
/// The longest wait for the provider.
const TIMEOUT: Duration = Duration::from_secs(10);

/// `[oidc]`: the provider and this client's registration there.
#[derive(Clone, PartialEq)]
pub struct OidcConfig {
    /// The provider's issuer URL, e.g. `https://broker.example/oidc`.
    pub issuer: String,
    pub client_id: String,
    client_secret: String,
    /// This stip's callback, registered at the provider: `https://<stip>/inloggen/oidc/terug`.
    pub redirect_url: String,
    /// The button's text on the login page, e.g. "Inloggen met DigiD".
    pub knop: String,
}

impl std::fmt::Debug for OidcConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcConfig")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("client_secret", &"***")
            .field("redirect_url", &self.redirect_url)
            .field("knop", &self.knop)
            .finish()
    }
}

impl OidcConfig {
    /// Checks the settings.
    pub fn new(
        issuer: &str,
        client_id: &str,
        client_secret: &str,
        redirect_url: &str,
        knop: &str,
    ) -> Result<OidcConfig, String> {
        let http = |u: &str| u.starts_with("https://") || u.starts_with("http://");
        if !http(issuer) {
            return Err(format!("oidc.issuer: {issuer} is not an http(s) URL"));
        }
        if !http(redirect_url) || !redirect_url.split('?').next().unwrap_or_default().ends_with(TERUG_PAD) {
            return Err(format!("oidc.redirect_url: give stip's address followed by {TERUG_PAD}"));
        }
        if client_id.is_empty() || client_secret.is_empty() || knop.trim().is_empty() {
            return Err("oidc: client_id, client_secret and knop must not be empty".into());
        }
        Ok(OidcConfig {
            issuer: issuer.to_string(),
            client_id: client_id.to_string(),
            client_secret: client_secret.to_string(),
            redirect_url: redirect_url.to_string(),
            knop: knop.trim().to_string(),
        })
    }
}

/// What the provider publishes about itself (the parts stip uses).
#[derive(Debug, Clone, Deserialize)]
struct Metadata {
    issuer: String,
    authorization_endpoint: String,
    token_endpoint: String,
    jwks_uri: String,
    #[serde(default)]
    userinfo_endpoint: Option<String>,
    #[serde(default)]
    token_endpoint_auth_methods_supported: Vec<String>,
}

/// The token endpoint's answer (the part stip uses).
#[derive(Debug, Deserialize)]
struct TokenAntwoord {
    id_token: String,
    #[serde(default)]
    access_token: Option<String>,
}

/// What the UserInfo endpoint says about the person (the parts stip uses).
#[derive(Debug, Deserialize)]
struct Profiel {
    sub: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    given_name: Option<String>,
    #[serde(default)]
    family_name: Option<String>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    email_verified: Option<bool>,
}

/// Why a login at the provider did not work (for the log; the person sees one message).
#[derive(Debug, thiserror::Error)]
pub(crate) enum OidcFout {
    #[error("the provider could not be reached or answered nonsense: {0}")]
    Provider(String),
    #[error(transparent)]
    IdToken(#[from] idtoken::Geweigerd),
}

/// The client: its configuration, an HTTP agent, and what it learnt from the provider.
pub(crate) struct Oidc {
    pub(crate) config: OidcConfig,
    agent: ureq::Agent,
    metadata: Mutex<Option<(Instant, Arc<Metadata>)>>,
    sleutels: Mutex<Option<(Instant, Arc<Vec<Jwk>>)>>,
}

impl std::fmt::Debug for Oidc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Oidc").field("config", &self.config).finish_non_exhaustive()
    }
}

/// GETs a JSON document.
fn haal<T: serde::de::DeserializeOwned>(agent: &ureq::Agent, url: &str) -> Result<T, OidcFout> {
    let mut r = agent
        .get(url)
        .header("accept", "application/json")
        .call()
        .map_err(|e| OidcFout::Provider(format!("{url}: {e}")))?;
    let status = r.status();
    let tekst = r.body_mut().read_to_string().map_err(|e| OidcFout::Provider(format!("{url}: {e}")))?;
    if !status.is_success() {
        return Err(OidcFout::Provider(format!("{url}: HTTP {status}")));
    }
    serde_json::from_str(&tekst).map_err(|e| OidcFout::Provider(format!("{url}: {e}")))
}

/// Runs blocking HTTP off the async threads.
async fn blokkerend<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, OidcFout> + Send + 'static,
) -> Result<T, OidcFout> {
    tokio::task::spawn_blocking(f).await.map_err(|e| OidcFout::Provider(e.to_string()))?
}

impl Oidc {
    pub(crate) fn new(config: OidcConfig) -> Oidc {
        Oidc {
            config,
            agent: stip_app::post::http_agent(TIMEOUT),
            metadata: Mutex::new(None),
            sleutels: Mutex::new(None),
        }
    }

    async fn metadata(&self) -> Result<Arc<Metadata>, OidcFout> {
        if let Some((t, m)) = &*self.metadata.lock().unwrap_or_else(|e| e.into_inner())
            && t.elapsed() < BEWAAR
        {
            return Ok(m.clone());
        }
        let url = format!("{}/.well-known/openid-configuration", self.config.issuer.trim_end_matches('/'));
        let agent = self.agent.clone();
        let m: Metadata = blokkerend(move || haal(&agent, &url)).await?;
        if m.issuer.trim_end_matches('/') != self.config.issuer.trim_end_matches('/') {
            return Err(OidcFout::Provider(format!(
                "the metadata names issuer {}, not {}",
                m.issuer, self.config.issuer
            )));
        }
        let m = Arc::new(m);
        *self.metadata.lock().unwrap_or_else(|e| e.into_inner()) = Some((Instant::now(), m.clone()));
        Ok(m)
    }

    async fn sleutels(&self, meta: &Metadata, opnieuw: bool) -> Result<Arc<Vec<Jwk>>, OidcFout> {
        if !opnieuw
            && let Some((t, s)) = &*self.sleutels.lock().unwrap_or_else(|e| e.into_inner())
            && t.elapsed() < BEWAAR
        {
            return Ok(s.clone());
        }
        let (agent, url) = (self.agent.clone(), meta.jwks_uri.clone());
        let jwks: Jwks = blokkerend(move || haal(&agent, &url)).await?;
        let s = Arc::new(jwks.keys);
        *self.sleutels.lock().unwrap_or_else(|e| e.into_inner()) = Some((Instant::now(), s.clone()));
        Ok(s)
    }

    /// Exchanges the code for the tokens at the token endpoint, with the code verifier (PKCE).
    async fn wissel(&self, meta: &Metadata, code: &str, verifier: &str) -> Result<TokenAntwoord, OidcFout> {
        let c = &self.config;
        let mut velden = vec![
            ("grant_type", "authorization_code".to_string()),
            ("code", code.to_string()),
            ("redirect_uri", c.redirect_url.clone()),
            ("code_verifier", verifier.to_string()),
        ];
        let methoden = &meta.token_endpoint_auth_methods_supported;
        let post = !methoden.is_empty()
            && !methoden.iter().any(|m| m == "client_secret_basic")
            && methoden.iter().any(|m| m == "client_secret_post");
        let basic = if post {
            velden.push(("client_id", c.client_id.clone()));
            velden.push(("client_secret", c.client_secret.clone()));
            None
        } else {
            // RFC 6749 2.3.1: id and secret are form-encoded before they are joined.
            let enc = |s: &str| crate::pages::url_encode(s);
            let paar = format!("{}:{}", enc(&c.client_id), enc(&c.client_secret));
            Some(format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(paar)))
        };
        let (agent, url) = (self.agent.clone(), meta.token_endpoint.clone());
        let antwoord: TokenAntwoord = blokkerend(move || {
            let mut verzoek = agent.post(&url).header("accept", "application/json");
            if let Some(b) = &basic {
                verzoek = verzoek.header("authorization", b);
            }
            let mut r = verzoek.send_form(velden).map_err(|e| OidcFout::Provider(format!("{url}: {e}")))?;
            let status = r.status();
            let tekst = r.body_mut().read_to_string().map_err(|e| OidcFout::Provider(format!("{url}: {e}")))?;
            if !status.is_success() {
                // The error document names the problem (e.g. invalid_grant); it holds no secret.
                let uitleg: String = tekst.chars().take(300).collect();
                return Err(OidcFout::Provider(format!("token endpoint: HTTP {status}: {uitleg}")));
            }
            serde_json::from_str(&tekst).map_err(|e| OidcFout::Provider(format!("token endpoint: {e}")))
        })
        .await?;
        Ok(antwoord)
    }

    /// Completes name and e-mail address from the UserInfo endpoint when the ID token lacks them (many providers put
    /// only `sub` in the ID token). Only an answer about the same subject counts (OIDC Core 5.3.2); a failure here
    /// costs only the name.
    async fn vul_aan(&self, meta: &Metadata, access_token: Option<String>, claims: &mut Claims) {
        let (Some(url), Some(token)) = (meta.userinfo_endpoint.clone(), access_token) else { return };
        if claims.name.is_some() || claims.given_name.is_some() || claims.email.is_some() {
            return;
        }
        let agent = self.agent.clone();
        let profiel: Result<Profiel, OidcFout> = blokkerend(move || {
            let mut r = agent
                .get(&url)
                .header("accept", "application/json")
                .header("authorization", &format!("Bearer {token}"))
                .call()
                .map_err(|e| OidcFout::Provider(format!("userinfo: {e}")))?;
            let status = r.status();
            let tekst = r.body_mut().read_to_string().map_err(|e| OidcFout::Provider(format!("userinfo: {e}")))?;
            if !status.is_success() {
                return Err(OidcFout::Provider(format!("userinfo: HTTP {status}")));
            }
            serde_json::from_str(&tekst).map_err(|e| OidcFout::Provider(format!("userinfo: {e}")))
        })
        .await;
        match profiel {
            Ok(p) if p.sub == claims.sub => {
                claims.name = p.name;
                claims.given_name = p.given_name;
                claims.family_name = p.family_name;
                claims.email = p.email;
                claims.email_verified = p.email_verified;
            }
            Ok(_) => tracing::warn!("OIDC userinfo is about another subject: ignored"),
            Err(e) => tracing::warn!(error = %e, "OIDC userinfo could not be read: the account gets no name"),
        }
    }

    /// Checks the ID token, fetching the keys again once when it names an unknown one.
    async fn controleer(&self, meta: &Metadata, id_token: &str, nonce: &str) -> Result<Claims, OidcFout> {
        let mut sleutels = self.sleutels(meta, false).await?;
        if idtoken::onbekende_sleutel(id_token, &sleutels) {
            sleutels = self.sleutels(meta, true).await?;
        }
        let verwacht = Verwacht {
            issuer: &meta.issuer,
            client_id: &self.config.client_id,
            nonce,
            nu: time::OffsetDateTime::now_utc().unix_timestamp(),
        };
        Ok(idtoken::controleer(id_token, &sleutels, verwacht)?)
    }
}

/// A login in progress, in the signed cookie.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Lopend {
    state: String,
    nonce: String,
    verifier: String,
    terug: String,
    /// Unix time after which the cookie is no good.
    tot: i64,
}

const DOEL: &str = "oidc";

fn cookie_waarde(state: &AppState, l: &Lopend) -> String {
    let data = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(serde_json::to_vec(l).unwrap_or_default());
    let tag = state.csrf_sleutel().onderteken(DOEL, &data);
    format!("{data}.{tag}")
}

fn lees_cookie(state: &AppState, waarde: &str) -> Option<Lopend> {
    let (data, tag) = waarde.split_once('.')?;
    if !state.csrf_sleutel().klopt(DOEL, data, tag) {
        return None;
    }
    let json = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(data).ok()?;
    let l: Lopend = serde_json::from_slice(&json).ok()?;
    (l.tot > state.klok().nu_utc().unix_timestamp()).then_some(l)
}

fn zet_cookie(state: &AppState, headers: &HeaderMap, waarde: &str, max_age: u64) -> HeaderValue {
    let secure = if sessie::secure(state, headers) { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{OIDC_COOKIE}={waarde}; Path=/inloggen/oidc; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .expect("base64url and hex are valid in a header")
}

/// The page for a login that did not work.
fn mislukt(state: &AppState, lang: RequestLang, reden: &'static str, status: StatusCode) -> Response {
    let knop = state.auth().oidc.as_ref().map(|o| o.config.knop.clone());
    state.templates().render("oidc-fout.html", lang, status, context! { page => "inloggen", reden, knop })
}

/// `GET /inloggen/oidc`: to the provider, with state, nonce and the PKCE challenge.
pub(crate) async fn start(
    State(state): State<AppState>,
    lang: RequestLang,
    headers: HeaderMap,
    Query(p): Query<pagina::TerugParam>,
) -> Response {
    let Some(oidc) = state.auth().oidc.clone() else {
        return crate::pages::not_found_page(&state, lang, "/inloggen/oidc");
    };
    let meta = match oidc.metadata().await {
        Ok(m) => m,
        Err(e) => {
            tracing::error!(error = %e, "OIDC login could not start");
            return mislukt(&state, lang, "onbereikbaar", StatusCode::SERVICE_UNAVAILABLE);
        }
    };
    let lopend = Lopend {
        state: nieuw_token(),
        nonce: nieuw_token(),
        verifier: nieuw_token(),
        terug: terug::veilig(p.terug()).to_string(),
        tot: (state.klok().nu_utc() + LOPEND_GELDIG).unix_timestamp(),
    };
    let challenge = {
        use sha2::Digest;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(lopend.verifier.as_bytes()))
    };
    let enc = crate::pages::url_encode;
    let scheiding = if meta.authorization_endpoint.contains('?') { '&' } else { '?' };
    let url = format!(
        "{}{scheiding}response_type=code&client_id={}&redirect_uri={}&scope=openid%20profile%20email&state={}&nonce={}\
         &code_challenge={challenge}&code_challenge_method=S256",
        meta.authorization_endpoint,
        enc(&oidc.config.client_id),
        enc(&oidc.config.redirect_url),
        lopend.state,
        lopend.nonce,
    );
    let mut r = Redirect::to(&url).into_response();
    let waarde = cookie_waarde(&state, &lopend);
    r.headers_mut().append(header::SET_COOKIE, zet_cookie(&state, &headers, &waarde, LOPEND_GELDIG.as_secs()));
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Terugkomst {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// `GET /inloggen/oidc/terug`: the provider's answer; on success a session and back to where the person was.
pub(crate) async fn terugkomst(
    State(state): State<AppState>,
    lang: RequestLang,
    headers: HeaderMap,
    vorige: Option<Ingelogd>,
    Query(q): Query<Terugkomst>,
) -> Response {
    let Some(oidc) = state.auth().oidc.clone() else {
        return crate::pages::not_found_page(&state, lang, TERUG_PAD);
    };
    let lopend = sessie::cookie(&headers, OIDC_COOKIE).and_then(|w| lees_cookie(&state, w));
    let state_goed = match (&lopend, &q.state) {
        (Some(l), Some(s)) => {
            use subtle::ConstantTimeEq;
            bool::from(l.state.as_bytes().ct_eq(s.as_bytes()))
        }
        _ => false,
    };
    let mut r = match (lopend, state_goed) {
        (Some(l), true) => match (&q.error, &q.code) {
            (Some(fout), _) => {
                tracing::info!(error = fout.as_str(), "OIDC login refused or stopped at the provider");
                mislukt(&state, lang, "afgebroken", StatusCode::BAD_REQUEST)
            }
            (None, Some(code)) => rond_af(&state, &oidc, lang, &headers, vorige, &l, code).await,
            (None, None) => mislukt(&state, lang, "afgebroken", StatusCode::BAD_REQUEST),
        },
        _ => {
            tracing::info!("OIDC answer without a matching login in progress (state missing, wrong or too old)");
            mislukt(&state, lang, "verlopen", StatusCode::BAD_REQUEST)
        }
    };
    // The login in progress is used up, whatever happened.
    r.headers_mut().append(header::SET_COOKIE, zet_cookie(&state, &headers, "", 0));
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

async fn rond_af(
    state: &AppState,
    oidc: &Oidc,
    lang: RequestLang,
    headers: &HeaderMap,
    vorige: Option<Ingelogd>,
    lopend: &Lopend,
    code: &str,
) -> Response {
    let claims = async {
        let meta = oidc.metadata().await?;
        let tokens = oidc.wissel(&meta, code, &lopend.verifier).await?;
        let mut claims = oidc.controleer(&meta, &tokens.id_token, &lopend.nonce).await?;
        oidc.vul_aan(&meta, tokens.access_token, &mut claims).await;
        Ok::<_, OidcFout>(claims)
    };
    let claims = match claims.await {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!(error = %e, "OIDC login failed");
            return mislukt(state, lang, "geweigerd", StatusCode::BAD_GATEWAY);
        }
    };
    let gebruiker = match account(state, &claims).await {
        Ok(g) => g,
        Err(e) => {
            tracing::error!(error = %e, "OIDC login: the account could not be found or made");
            return pagina::storing(state, lang);
        }
    };
    match sessie::start(state, gebruiker.id, vorige.map(|i| i.sessie)).await {
        Ok((token, _)) => pagina::ingelogd_naar(state, headers, &token, &lopend.terug),
        Err(e) => {
            tracing::error!(error = %e, "a session could not be started");
            pagina::storing(state, lang)
        }
    }
}

/// The account of this (issuer, subject): found, or made as an initiatiefnemer on the first login. The e-mail
/// address is taken only when the provider says it is verified and no other account has it.
async fn account(state: &AppState, claims: &Claims) -> Result<Gebruiker, StoreError> {
    let store = state.store();
    if let Some(g) = store.gebruiker_per_oidc(&claims.iss, &claims.sub).await? {
        return Ok(g);
    }
    let naam = claims
        .name
        .clone()
        .or_else(|| {
            let delen: Vec<&str> =
                [&claims.given_name, &claims.family_name].into_iter().flatten().map(String::as_str).collect();
            (!delen.is_empty()).then(|| delen.join(" "))
        })
        .unwrap_or_default();
    let email = claims.email.as_deref().filter(|_| claims.email_verified == Some(true));
    let nieuw = |email| NieuweGebruiker {
        email,
        naam: naam.trim(),
        rollen: &[Rol::Initiatiefnemer],
        oidc: Some((claims.iss.as_str(), claims.sub.as_str())),
        ..NieuweGebruiker::default()
    };
    let gemaakt = match store.maak_gebruiker(nieuw(email)).await {
        Err(StoreError::Conflict(_)) if email.is_some() => {
            match store.gebruiker_per_oidc(&claims.iss, &claims.sub).await? {
                // Two first logins at once: the other one made it.
                Some(g) => return Ok(g),
                // Another account has this e-mail address: this one goes without.
                None => store.maak_gebruiker(nieuw(None)).await,
            }
        }
        other => other,
    };
    match gemaakt {
        Ok(g) => {
            tracing::info!(gebruiker = %g.id, issuer = claims.iss, "account made at the first OIDC login");
            Ok(g)
        }
        Err(StoreError::Conflict(_)) => {
            store.gebruiker_per_oidc(&claims.iss, &claims.sub).await?.ok_or_else(|| StoreError::NotFound("oidc".into()))
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(sub: &str, extra: serde_json::Value) -> Claims {
        let mut c = serde_json::json!({"iss": "https://broker.example", "sub": sub, "aud": "stip", "exp": 0, "iat": 0});
        c.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        serde_json::from_value(c).unwrap()
    }

    #[tokio::test]
    async fn the_first_login_of_a_subject_makes_an_initiatiefnemer_and_the_next_finds_it() {
        let dir = std::env::temp_dir().join(format!("stip-oidc-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        let store = stip_store::SqliteStore::open(&stip_store::DatabaseUrl::sqlite_in(&dir)).await.unwrap();
        let state = AppState::new(stip_store::Store::Sqlite(store), crate::WebConfig::default());

        let jan = claims(
            "s-1",
            serde_json::json!({"given_name": "Jan", "family_name": "Jansen",
                                                    "email": "Jan@Voorbeeld.nl", "email_verified": true}),
        );
        let eerst = account(&state, &jan).await.unwrap();
        assert_eq!((eerst.naam.as_str(), eerst.email.as_deref()), ("Jan Jansen", Some("jan@voorbeeld.nl")));
        assert_eq!(eerst.rollen, [Rol::Initiatiefnemer]);
        assert_eq!(eerst.oidc.as_ref().map(|o| o.subject.as_str()), Some("s-1"));
        assert_eq!(account(&state, &jan).await.unwrap().id, eerst.id, "the second login finds the account");

        let onbevestigd = claims("s-2", serde_json::json!({"name": "Piet", "email": "piet@voorbeeld.nl"}));
        assert_eq!(account(&state, &onbevestigd).await.unwrap().email, None, "an unverified address is not taken");
        let zelfde_adres = claims(
            "s-3",
            serde_json::json!({"name": "Ander", "email": "jan@voorbeeld.nl",
                                                             "email_verified": true}),
        );
        let ander = account(&state, &zelfde_adres).await.unwrap();
        assert_ne!(ander.id, eerst.id, "an e-mail address never links a subject to someone else's account");
        assert_eq!(ander.email, None);
        state.store().close().await;
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_oidc_settings_are_checked_and_never_print_the_secret() {
        let c = OidcConfig::new(
            "https://broker.example",
            "stip",
            "zeer-geheim",
            "https://stip.example/inloggen/oidc/terug",
            "Inloggen met DigiD",
        )
        .unwrap();
        assert!(!format!("{c:?}").contains("zeer-geheim"));
        let fout = OidcConfig::new("https://broker.example", "stip", "g", "https://stip.example/ergens", "DigiD");
        assert!(fout.unwrap_err().starts_with("oidc.redirect_url"));
        assert!(OidcConfig::new("broker", "stip", "g", "https://stip.example/inloggen/oidc/terug", "D").is_err());
        assert!(OidcConfig::new("https://b.example", "", "g", "https://s.example/inloggen/oidc/terug", "D").is_err());
    }
}
