//! Protection against cross-site request forgery on every form, and the page a request is for (the "Ik snap het
//! niet" link carries it).
//!
//! Signed double submit bound to the session: each browser gets a random token in the cookie `stip_csrf`
//! (`HttpOnly; SameSite=Strict`), `<nonce>.<HMAC-SHA256(server key, nonce + the session cookie)>`, so a token made for
//! one session (or for no session) is no good for another: a pair an attacker obtained anonymously does not work on a
//! victim's logged-in session. A login or logout changes the session, and the same answer gives the browser a new
//! token. Every form carries the same token in the hidden field `csrf`
//! (templates write it with `{{ csrf_field() }}`). A state-changing request (POST, PUT, PATCH, DELETE) on a page
//! path passes only when the cookie's signature is good and the field (or an `X-CSRF-Token` header) equals it,
//! compared in constant time; else a Dutch 403 page. The key is configured (several instances behind one load
//! balancer must share it) or drawn at start (then a restart asks for a reload of open forms).
//!
//! Exempt: `/api/…` — the JSON API reads no cookies and no browser credentials, so a forged request gains nothing
//! (and a cross-site `application/json` POST needs a CORS preflight that stip never grants); `/assets/` and
//! `/health/` change nothing. One POST path skips the check but not the rest: the one-click unsubscribe link of
//! e-mails (`/abonnementen/afmelden/<key>`, RFC 8058), whose secret key is its own proof.

use crate::AppState;
use crate::i18n::RequestLang;
use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hmac::{Hmac, Mac};
use minijinja::context;
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// The cookie that holds the token.
pub const CSRF_COOKIE: &str = "stip_csrf";
/// The form field that repeats it.
pub const CSRF_VELD: &str = "csrf";

/// The server's key for signing tokens.
#[derive(Clone)]
pub struct CsrfSleutel([u8; 32]);

impl std::fmt::Debug for CsrfSleutel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CsrfSleutel(***)")
    }
}

impl CsrfSleutel {
    /// A key from configuration (any length; hashed to 32 bytes), or a random one.
    pub fn new(geheim: Option<&str>) -> CsrfSleutel {
        use sha2::Digest;
        match geheim {
            Some(g) => CsrfSleutel(Sha256::digest(g.as_bytes()).into()),
            None => CsrfSleutel(willekeurig()),
        }
    }

    fn mac(&self, nonce: &str) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(nonce.as_bytes());
        mac
    }

    /// The MAC of a token's nonce for the session `sessie` (the session cookie's value; empty without one).
    fn token_mac(&self, nonce: &str, sessie: &str) -> Hmac<Sha256> {
        self.mac(&format!("csrf\n{nonce}\n{sessie}"))
    }

    /// A fresh token for the session `sessie` (the session cookie's value; empty without one).
    pub fn token(&self, sessie: &str) -> String {
        let nonce = hex(&willekeurig());
        let tag = hex(&self.token_mac(&nonce, sessie).finalize().into_bytes());
        format!("{nonce}.{tag}")
    }

    /// An HMAC-SHA256 tag (hex) over `data` for another use (`doel`) of this key, such as the OIDC state cookie; a
    /// tag for one use is no good for another, nor a CSRF token.
    pub(crate) fn onderteken(&self, doel: &str, data: &str) -> String {
        hex(&self.mac(&format!("{doel}\n{data}")).finalize().into_bytes())
    }

    /// Whether `tag` is this server's [`CsrfSleutel::onderteken`] of `data` for `doel` (compared in constant time).
    pub(crate) fn klopt(&self, doel: &str, data: &str, tag: &str) -> bool {
        unhex(tag).is_some_and(|t| self.mac(&format!("{doel}\n{data}")).verify_slice(&t).is_ok())
    }

    /// Whether this server signed the token for the session `sessie`.
    pub fn geldig(&self, token: &str, sessie: &str) -> bool {
        let Some((nonce, tag)) = token.split_once('.') else { return false };
        let Some(tag) = unhex(tag) else { return false };
        nonce.len() == 64 && self.token_mac(nonce, sessie).verify_slice(&tag).is_ok()
    }
}

/// 32 random bytes from the operating system (CSRF nonces and keys, session tokens).
pub(crate) fn willekeurig() -> [u8; 32] {
    let mut b = [0u8; 32];
    getrandom::getrandom(&mut b).expect("the operating system gives random bytes");
    b
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || !s.is_ascii() {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok()).collect()
}

/// What a request's page rendering may know about the request.
#[derive(Clone, Debug)]
pub(crate) struct Verzoek {
    /// The CSRF token for forms on this page.
    pub csrf: String,
    /// Path and query of the page.
    pub pagina: String,
    /// The address that shows this page again (for the language switch): the page itself after a GET; after a form
    /// was sent, the page the form was on (which the form's result cannot be fetched from).
    pub taal_basis: String,
}

tokio::task_local! {
    static VERZOEK: Verzoek;
}

/// The request being answered, while a page renders.
pub(crate) fn verzoek() -> Option<Verzoek> {
    VERZOEK.try_with(Clone::clone).ok()
}

/// The template function `csrf_field()`: the hidden input with this browser's token.
pub(crate) fn csrf_field() -> minijinja::Value {
    let token = verzoek().map(|v| v.csrf).unwrap_or_default();
    minijinja::Value::from_safe_string(format!(
        r#"<input type="hidden" name="{CSRF_VELD}" value="{}">"#,
        minijinja::HtmlEscape(&token)
    ))
}

/// The one-click unsubscribe of RFC 8058: a mail client POSTs `List-Unsubscribe=One-Click` to the link in the
/// message, without cookies. The secret key in the path is the proof, and stopping messages is all it can do, so
/// exactly `POST /abonnementen/afmelden/<key>` needs no token.
fn afmelden_met_een_klik(method: &Method, path: &str) -> bool {
    *method == Method::POST
        && path.strip_prefix("/abonnementen/afmelden/").is_some_and(|k| !k.is_empty() && !k.contains('/'))
}

fn vrijgesteld(path: &str) -> bool {
    // The payment simulator stands in for a provider's own site (enabled only by configuration).
    ["/api/", "/assets/", "/health/", "/simulator/"].iter().any(|p| path.starts_with(p))
}

fn uit_cookie(request: &Request) -> Option<String> {
    request.headers().get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|c| {
        c.split(';').find_map(|kv| kv.trim().strip_prefix(&format!("{CSRF_COOKIE}="))).map(str::to_string)
    })
}

/// The middleware: checks the token on state-changing requests, hands the token and page to rendering, and gives a
/// browser without a (good) token a new one.
pub(crate) async fn bewaak(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if vrijgesteld(request.uri().path()) {
        return next.run(request).await;
    }
    let sleutel = state.csrf_sleutel();
    let sessie = crate::auth::sessie::cookie(request.headers(), crate::auth::SESSIE_COOKIE).unwrap_or("").to_string();
    let cookie = uit_cookie(&request).filter(|t| sleutel.geldig(t, &sessie));
    let wijzigt = !matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE);
    let (mut parts, body) = request.into_parts();
    let request = if wijzigt {
        let limiet =
            if crate::is_upload(parts.uri.path()) { crate::UPLOAD_BODY_BYTES } else { state.config().max_body_bytes };
        let soort = parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
        // An upload form: read up to its token and hand the rest on unread (a document is not held twice).
        let gelezen = match crate::lichaam::grens(soort) {
            Some(grens) => crate::lichaam::veld_uit_multipart(body, &grens, CSRF_VELD, limiet).await.ok(),
            None => axum::body::to_bytes(body, limiet).await.ok().map(|bytes| {
                let is_form = soort.starts_with("application/x-www-form-urlencoded");
                let gestuurd = is_form
                    .then(|| form_urlencoded::parse(&bytes).find(|(k, _)| k == CSRF_VELD).map(|(_, v)| v.into_owned()))
                    .flatten();
                (gestuurd, Body::from(bytes))
            }),
        };
        let Some((gestuurd, body)) = gelezen else {
            return StatusCode::PAYLOAD_TOO_LARGE.into_response();
        };
        let gestuurd =
            gestuurd.or_else(|| parts.headers.get("x-csrf-token").and_then(|v| v.to_str().ok()).map(str::to_string));
        let goed = match (&cookie, &gestuurd) {
            (Some(c), Some(g)) => bool::from(c.as_bytes().ct_eq(g.as_bytes())),
            _ => false,
        };
        if !goed && !afmelden_met_een_klik(&parts.method, parts.uri.path()) {
            tracing::info!(
                path = parts.uri.path(),
                cookie = cookie.is_some(),
                "form refused: CSRF token missing or wrong"
            );
            let lang = RequestLang::from_request_parts(&mut parts, &state)
                .await
                .unwrap_or(RequestLang { lang: crate::Lang::Nl, chosen: false });
            let terug = parts.uri.path().to_string();
            return state.templates().render(
                "csrf.html",
                lang,
                StatusCode::FORBIDDEN,
                context! { page => "csrf", terug => terug },
            );
        }
        Request::from_parts(parts, body)
    } else {
        Request::from_parts(parts, body)
    };
    let mut nieuw = cookie.is_none();
    // Behind a TLS-terminating proxy the cookie travels over HTTPS only.
    let https = request.headers().get("x-forwarded-proto").is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"));
    let secure = if https { "; Secure" } else { "" };
    let mut token = cookie.unwrap_or_else(|| sleutel.token(&sessie));
    let pagina = request.uri().path_and_query().map(|p| p.as_str().to_string()).unwrap_or_else(|| "/".into());
    let taal_basis = if wijzigt { crate::i18n::vorige_pagina(request.headers()) } else { pagina.clone() };
    let mut response = VERZOEK.scope(Verzoek { csrf: token.clone(), pagina, taal_basis }, next.run(request)).await;
    // A login or logout in this answer changes the session: the browser gets a token for the new one.
    if let Some(na) = nieuwe_sessie(&response).filter(|na| *na != sessie) {
        token = sleutel.token(&na);
        nieuw = true;
    }
    if nieuw
        && let Ok(v) =
            HeaderValue::from_str(&format!("{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict{secure}"))
    {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

/// The session cookie an answer sets (its value; empty when it removes it), if it sets one.
fn nieuwe_sessie(response: &Response) -> Option<String> {
    let voorvoegsel = format!("{}=", crate::auth::SESSIE_COOKIE);
    response.headers().get_all(header::SET_COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|c| {
        let waarde = c.strip_prefix(&voorvoegsel)?;
        let waarde = waarde.split(';').next().unwrap_or("");
        let gewist = c.to_ascii_lowercase().contains("max-age=0");
        Some(if gewist { String::new() } else { waarde.to_string() })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_post_to_one_unsubscribe_key_is_exempt() {
        assert!(afmelden_met_een_klik(&Method::POST, "/abonnementen/afmelden/abc123"));
        assert!(!afmelden_met_een_klik(&Method::POST, "/abonnementen/afmelden/"));
        assert!(!afmelden_met_een_klik(&Method::POST, "/abonnementen/afmelden/abc/x"));
        assert!(!afmelden_met_een_klik(&Method::POST, "/abonnementen/bevestigen/abc123"));
        assert!(!afmelden_met_een_klik(&Method::POST, "/abonnementen"));
    }

    #[test]
    fn a_token_signed_by_this_server_is_good_and_a_changed_one_is_not() {
        let k = CsrfSleutel::new(Some("geheim"));
        let t = k.token("");
        assert!(k.geldig(&t, ""));
        let mut kapot = t.clone();
        kapot.replace_range(0..1, if t.starts_with('a') { "b" } else { "a" });
        assert!(!k.geldig(&kapot, ""));
        assert!(!CsrfSleutel::new(Some("ander")).geldig(&t, ""), "another key did not sign it");
        assert!(!k.geldig("", "") && !k.geldig("abc.def", "") && !k.geldig("x.y.z", ""));
    }

    #[test]
    fn a_token_holds_only_for_the_session_it_was_made_for() {
        let k = CsrfSleutel::new(Some("geheim"));
        let anoniem = k.token("");
        assert!(!k.geldig(&anoniem, "sessie-van-jan"), "an anonymous pair is no good on a logged-in session");
        let jan = k.token("sessie-van-jan");
        assert!(k.geldig(&jan, "sessie-van-jan"));
        assert!(!k.geldig(&jan, "sessie-van-piet") && !k.geldig(&jan, ""));
    }

    #[test]
    fn a_signature_holds_only_for_its_own_data_use_and_key() {
        let k = CsrfSleutel::new(Some("geheim"));
        let tag = k.onderteken("oidc", "gegevens");
        assert!(k.klopt("oidc", "gegevens", &tag));
        assert!(!k.klopt("oidc", "gegevens!", &tag));
        assert!(!k.klopt("ander", "gegevens", &tag));
        assert!(!CsrfSleutel::new(Some("ander")).klopt("oidc", "gegevens", &tag));
        assert!(!k.klopt("oidc", "gegevens", "zz"));
    }
}
