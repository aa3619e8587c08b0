//! Accounts and login: who is asking, for pages and for the API.
//!
//! People log in with e-mail address and password (argon2id), a one-time link by e-mail or an OpenID Connect provider
//! (DigiD, eHerkenning), and get a session cookie;
//! API clients exchange e-mail address and password for a bearer token (`POST /api/v1/sessies`). Handlers ask for
//! [`Ingelogd`] or `Option<Ingelogd>`. One concern per file: [`token`] (secrets and their hashes), [`wachtwoord`]
//! (hashing and the password login), [`pogingen`] (the brake on guessing) with [`bron`] (where a request comes from), [`sessie`] (cookies, tokens, timeouts,
//! rotation), [`extractor`], [`terug`] (the way back after login), [`pagina`] (the login pages), `stip_app::post` (SMTP),
//! [`inloglink`] (the one-time link), [`oidc`] (OpenID Connect) with [`idtoken`], and [`api`] (the endpoints).

pub(crate) mod api;
pub(crate) mod bron;
mod extractor;
mod idtoken;
pub(crate) mod inloglink;
pub(crate) mod oidc;
pub(crate) mod pagina;
mod pogingen;
pub(crate) mod sessie;
pub(crate) mod terug;
mod token;
mod wachtwoord;

pub use bron::Netwerk;
pub use extractor::Ingelogd;
pub use oidc::OidcConfig;
pub use sessie::SESSIE_COOKIE;
pub use stip_app::post::MailConfig;
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
    /// The SMTP server for one-time login links (needs `WebConfig::publieke_url` for the link); without it the login
    /// page offers no link.
    pub mail: Option<MailConfig>,
    /// An OpenID Connect provider (a DigiD/eHerkenning broker); without it the login page offers no such button.
    pub oidc: Option<OidcConfig>,
}

impl Default for AuthConfig {
    fn default() -> Self {
        AuthConfig {
            sessie_inactief: Duration::from_secs(30 * 60),
            sessie_max: Duration::from_secs(12 * 60 * 60),
            cookie_secure: false,
            mail: None,
            oidc: None,
        }
    }
}

/// What login keeps while stip runs.
#[derive(Debug, Default)]
pub(crate) struct AuthState {
    /// Wrong passwords per e-mail address and source, and per address.
    pub(crate) pogingen: pogingen::Inlogrem,
    /// Login links asked per e-mail address (the same brake: 5 per quarter).
    pub(crate) linkverzoeken: pogingen::Pogingen,
    pub(crate) mailer: Option<std::sync::Arc<stip_app::post::Mailer>>,
    /// Where login links point to (stip's public address); set only when mail works.
    pub(crate) link_basis: Option<String>,
    pub(crate) oidc: Option<std::sync::Arc<oidc::Oidc>>,
}

impl AuthState {
    pub(crate) fn new(config: &crate::WebConfig, post: &stip_app::berichten::Post) -> AuthState {
        let mut state = AuthState {
            oidc: config.auth.oidc.clone().map(|c| std::sync::Arc::new(oidc::Oidc::new(c))),
            ..AuthState::default()
        };
        let Some(mailer) = post.mailer.clone() else { return state };
        let Some(basis) = config.publieke_url.clone() else {
            tracing::error!("mail is configured but stip's public address is not: login links are off");
            return state;
        };
        state.mailer = Some(mailer);
        state.link_basis = Some(basis);
        state
    }
}
