//! Accounts and login: who is asking, for pages and for the API.
//!
//! People log in with e-mail address and password (argon2id) and get a session cookie; API clients exchange the same
//! credentials for a bearer token (`POST /api/v1/sessies`). Handlers ask for [`Ingelogd`] or `Option<Ingelogd>`.
//! One concern per file: [`token`] (secrets and their hashes), [`wachtwoord`] (hashing and the password login),
//! [`pogingen`] (the brake on guessing), [`sessie`] (cookies, tokens, timeouts, rotation), [`extractor`], [`terug`]
//! (the way back after login), [`pagina`] (the pages) and [`api`] (the endpoints).

pub(crate) mod api;
mod extractor;
pub(crate) mod pagina;
mod pogingen;
pub(crate) mod sessie;
mod terug;
mod token;
mod wachtwoord;

pub use extractor::Ingelogd;
pub use sessie::SESSIE_COOKIE;
pub use token::token_hash;
pub use wachtwoord::{MIN_TEKENS, controleer_wachtwoord, wachtwoord_hash};

use std::time::Duration;

/// Settings of login and sessions.
#[derive(Clone, Debug, PartialEq)]
pub struct AuthConfig {
    /// A session not used for this long ends (idle timeout).
    pub sessie_inactief: Duration,
    /// A session ends this long after login, used or not (absolute timeout).
    pub sessie_max: Duration,
    /// Always mark the session cookie `Secure` (else only when `X-Forwarded-Proto: https` says the request came over
    /// TLS).
    pub cookie_secure: bool,
}

impl Default for AuthConfig {
    fn default() -> Self {
        AuthConfig {
            sessie_inactief: Duration::from_secs(30 * 60),
            sessie_max: Duration::from_secs(12 * 60 * 60),
            cookie_secure: false,
        }
    }
}

/// What login keeps while stip runs.
#[derive(Debug, Default)]
pub(crate) struct AuthState {
    pub(crate) pogingen: pogingen::Pogingen,
}
