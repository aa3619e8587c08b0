//! Login sessions: the cookie `stip_sessie` for pages (`HttpOnly; SameSite=Lax; Path=/`, `Secure` when configured or
//! when the request came over HTTPS through a proxy), the `Authorization: Bearer` token for the API, starting a
//! session on login (always a new token; the session the request came with is ended: rotation), the idle and absolute
//! timeouts, and the middleware that recognises the logged-in user on every page (and counts their unread messages
//! for the menu, once per page shown).
//!
//! The token is a random secret ([`super::token`]); the store knows only its SHA-256.

use super::Ingelogd;
use super::token::{lijkt_op_token, nieuw_token, token_hash};
use crate::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use stip_store::{GebruikerId, GebruikerRepository, NieuweSessie, Sessie, SessieId, StoreError};

/// The cookie that carries a page session's token.
pub const SESSIE_COOKIE: &str = "stip_sessie";

/// What the middleware found about the request's session (a request extension, read by the extractors).
#[derive(Clone, Debug)]
pub(crate) enum Herkend {
    Niemand,
    Ingelogd(Box<Ingelogd>),
    /// The store did not answer: neither logged in nor out.
    Storing,
}

tokio::task_local! {
    static HUIDIGE: Option<Ingelogd>;
    static ONGELEZEN: Option<i64>;
}

/// How many unread messages the logged-in user has, for the menu (counted once per page shown).
pub(crate) fn ongelezen() -> Option<i64> {
    ONGELEZEN.try_with(|o| *o).ok().flatten()
}

/// The user logged in on the page being rendered (the header shows the name and a logout button).
pub(crate) fn huidige() -> Option<Ingelogd> {
    HUIDIGE.try_with(Clone::clone).ok().flatten()
}

/// Whether this path belongs to the JSON API, which authenticates by bearer token and never by cookie.
pub(crate) fn is_api(pad: &str) -> bool {
    pad.starts_with("/api/")
}

/// The value of a cookie sent with the request.
pub(crate) fn cookie<'a>(headers: &'a HeaderMap, naam: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.split(';').find_map(|kv| kv.trim().strip_prefix(naam).and_then(|rest| rest.strip_prefix('='))))
}

/// The token of an `Authorization: Bearer …` header.
pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
    let waarde = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (schema, token) = waarde.split_once(' ')?;
    schema.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// Whether cookies get `Secure`: configured, or the request reached a TLS-terminating proxy.
pub(crate) fn secure(state: &AppState, headers: &HeaderMap) -> bool {
    state.config().auth.cookie_secure
        || headers.get("x-forwarded-proto").is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"))
}

/// The `Set-Cookie` value that gives the browser a session token. No `Max-Age`: the browser forgets it when it
/// closes; the server ends it earlier on idle or absolute timeout.
pub(crate) fn zet_cookie(state: &AppState, headers: &HeaderMap, token: &str) -> HeaderValue {
    let s = if secure(state, headers) { "; Secure" } else { "" };
    HeaderValue::from_str(&format!("{SESSIE_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax{s}"))
        .expect("a token is a valid header value")
}

/// The `Set-Cookie` value that removes the session cookie.
pub(crate) fn wis_cookie(state: &AppState, headers: &HeaderMap) -> HeaderValue {
    let s = if secure(state, headers) { "; Secure" } else { "" };
    HeaderValue::from_str(&format!("{SESSIE_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{s}"))
        .expect("a fixed header value")
}

/// The running session of a token and its user. Ends a session idle too long; records the use at most once per
/// [`ververs_interval`] (so most requests only read).
pub(crate) async fn zoek(state: &AppState, token: &str) -> Result<Option<Ingelogd>, StoreError> {
    if !lijkt_op_token(token) {
        return Ok(None);
    }
    let nu = state.klok().nu_utc();
    let Some((sessie, gebruiker)) = state.store().sessie(&token_hash(token), nu).await? else { return Ok(None) };
    let stil = nu - sessie.laatst_gebruikt;
    let config = &state.config().auth;
    if stil >= config.sessie_inactief {
        state.store().beeindig_sessie(sessie.id).await?;
        tracing::info!(sessie = %sessie.id, "session ended after being idle too long");
        return Ok(None);
    }
    if stil >= ververs_interval(config.sessie_inactief) {
        state.store().ververs_sessie(sessie.id, nu).await?;
    }
    Ok(Some(Ingelogd { gebruiker, sessie: sessie.id }))
}

/// How long a session's last use may lag: a minute, or a quarter of a shorter idle timeout.
fn ververs_interval(inactief: std::time::Duration) -> std::time::Duration {
    (inactief / 4).min(std::time::Duration::from_secs(60))
}

/// Starts a session for a user who just proved who they are: always a new token. `vorige`, the session the request
/// came with, is ended first (rotation: a token planted before the login is worth nothing after it).
pub(crate) async fn start(
    state: &AppState,
    gebruiker: GebruikerId,
    vorige: Option<SessieId>,
) -> Result<(String, Sessie), StoreError> {
    if let Some(v) = vorige {
        state.store().beeindig_sessie(v).await?;
    }
    let token = nieuw_token();
    let begint = state.klok().nu_utc();
    let verloopt = begint + state.config().auth.sessie_max;
    let nieuw = NieuweSessie { token_hash: &token_hash(&token), gebruiker, verloopt, begint };
    let sessie = state.store().start_sessie(nieuw).await?;
    tracing::info!(gebruiker = %gebruiker, sessie = %sessie.id, "session started");
    Ok((token, sessie))
}

/// The middleware for pages: recognises the session cookie once per request, for the extractors and for the
/// header of every page; removes a cookie whose session is over; keeps pages of a logged-in user out of caches.
pub(crate) async fn herken(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let pad = request.uri().path();
    if is_api(pad) || pad.starts_with("/assets/") || pad.starts_with("/health") {
        return next.run(request).await;
    }
    let token = cookie(request.headers(), SESSIE_COOKIE).filter(|t| !t.is_empty()).map(str::to_string);
    let (herkend, verlopen) = match token {
        None => (Herkend::Niemand, false),
        Some(t) => match zoek(&state, &t).await {
            Ok(Some(i)) => (Herkend::Ingelogd(Box::new(i)), false),
            Ok(None) => (Herkend::Niemand, true),
            Err(e) => {
                tracing::error!(error = %e, "the session could not be read");
                (Herkend::Storing, false)
            }
        },
    };
    let huidige = match &herkend {
        Herkend::Ingelogd(i) => Some(Ingelogd::clone(i)),
        _ => None,
    };
    let ingelogd = huidige.is_some();
    let headers = request.headers().clone();
    request.extensions_mut().insert(herkend);
    // One count per page a logged-in user opens (GET): the menu shows the unread messages.
    let ongelezen = match &huidige {
        Some(i) if request.method() == axum::http::Method::GET => {
            stip_app::berichten::ongelezen(&state, &stip_app::dossier::actor(&i.gebruiker)).await.ok()
        }
        _ => None,
    };
    let mut response = HUIDIGE.scope(huidige, ONGELEZEN.scope(ongelezen, next.run(request))).await;
    let zet_zelf = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .any(|v| v.as_bytes().starts_with(format!("{SESSIE_COOKIE}=").as_bytes()));
    if verlopen && !zet_zelf {
        response.headers_mut().append(header::SET_COOKIE, wis_cookie(&state, &headers));
    }
    if ingelogd && !response.headers().contains_key(header::CACHE_CONTROL) {
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cookie_is_found_by_its_exact_name_among_others() {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_static("stip_sessie_oud=x; stip_lang=en; stip_sessie=abc"));
        assert_eq!(cookie(&h, SESSIE_COOKIE), Some("abc"));
        assert_eq!(cookie(&h, "stip_lang"), Some("en"));
        assert_eq!(cookie(&h, "stip"), None);
    }

    #[test]
    fn a_bearer_token_is_read_in_any_case_of_the_scheme_and_basic_is_not_one() {
        let mut h = HeaderMap::new();
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("bearer abc"));
        assert_eq!(bearer(&h), Some("abc"));
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic YTpi"));
        assert_eq!(bearer(&h), None);
    }

    #[test]
    fn the_last_use_is_written_at_most_every_minute() {
        use std::time::Duration;
        assert_eq!(ververs_interval(Duration::from_secs(3600)), Duration::from_secs(60));
        assert_eq!(ververs_interval(Duration::from_secs(8)), Duration::from_secs(2));
    }
}
