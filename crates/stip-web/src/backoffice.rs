//! Access to the backoffice (`/backoffice/…`) until it uses the accounts of `crate::auth`: HTTP Basic authentication against one configured
//! user with an argon2 password hash (PHC string). Without configuration the backoffice answers 403 "not set up";
//! without or with wrong credentials 401 with a `WWW-Authenticate` challenge. The user name is compared in constant
//! time and the password checked by argon2 (which compares in constant time) even when the name is wrong, so the
//! answer time tells nothing; neither the password nor the hash is ever logged.

use crate::AppState;
use crate::i18n::RequestLang;
use argon2::password_hash::PasswordHash;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use base64::Engine;
use minijinja::context;
use subtle::ConstantTimeEq;

/// The one backoffice user: `[backoffice] gebruiker` and `wachtwoord_hash`.
#[derive(Clone, PartialEq)]
pub struct BackofficeConfig {
    gebruiker: String,
    wachtwoord_hash: String,
}

impl std::fmt::Debug for BackofficeConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BackofficeConfig").field("gebruiker", &self.gebruiker).field("wachtwoord_hash", &"***").finish()
    }
}

impl BackofficeConfig {
    /// Checks the settings: a user name and an argon2 PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`).
    pub fn new(gebruiker: &str, wachtwoord_hash: &str) -> Result<BackofficeConfig, String> {
        if gebruiker.trim().is_empty() || gebruiker.contains(':') {
            return Err("backoffice.gebruiker: give a user name without a colon".into());
        }
        let hash = PasswordHash::new(wachtwoord_hash).map_err(|e| {
            format!("backoffice.wachtwoord_hash: not a PHC string ({e}); make one with `stip wachtwoord-hash`")
        })?;
        if !hash.algorithm.as_str().starts_with("argon2") {
            return Err(format!("backoffice.wachtwoord_hash: {} is not argon2; use argon2id", hash.algorithm));
        }
        Ok(BackofficeConfig { gebruiker: gebruiker.to_string(), wachtwoord_hash: wachtwoord_hash.to_string() })
    }

    /// Whether the name and password are right.
    pub fn controleer(&self, gebruiker: &str, wachtwoord: &str) -> bool {
        let naam_goed = bool::from(self.gebruiker.as_bytes().ct_eq(gebruiker.as_bytes()));
        let wachtwoord_goed = crate::auth::controleer_wachtwoord(&self.wachtwoord_hash, wachtwoord);
        naam_goed & wachtwoord_goed
    }
}

/// An official who passed the Basic authentication (extractor for backoffice handlers).
#[derive(Debug, Clone)]
pub struct Ambtenaar {
    pub gebruiker: String,
}

impl FromRequestParts<AppState> for Ambtenaar {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let lang = RequestLang::from_request_parts(parts, state)
            .await
            .unwrap_or(RequestLang { lang: crate::Lang::Nl, chosen: false });
        let weiger = |status: StatusCode, reden: &str| {
            let mut r = state.templates().render(
                "backoffice-geweigerd.html",
                lang,
                status,
                context! { page => "backoffice", reden => reden },
            );
            if status == StatusCode::UNAUTHORIZED {
                r.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Basic realm=\"stip backoffice\", charset=\"UTF-8\""),
                );
            }
            r
        };
        let Some(config) = state.config().backoffice.clone() else {
            return Err(weiger(StatusCode::FORBIDDEN, "niet_ingesteld"));
        };
        let Some((gebruiker, wachtwoord)) = basic(parts) else {
            return Err(weiger(StatusCode::UNAUTHORIZED, "inloggen"));
        };
        let naam = gebruiker.clone();
        let goed =
            tokio::task::spawn_blocking(move || config.controleer(&gebruiker, &wachtwoord)).await.unwrap_or(false);
        if goed {
            Ok(Ambtenaar { gebruiker: naam })
        } else {
            tracing::info!("backoffice: wrong user name or password");
            Err(weiger(StatusCode::UNAUTHORIZED, "fout"))
        }
    }
}

/// The user name and password of an `Authorization: Basic …` header.
fn basic(parts: &Parts) -> Option<(String, String)> {
    let waarde = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (schema, code) = waarde.split_once(' ')?;
    if !schema.eq_ignore_ascii_case("basic") {
        return None;
    }
    let bytes = base64::engine::general_purpose::STANDARD.decode(code.trim()).ok()?;
    let tekst = String::from_utf8(bytes).ok()?;
    let (g, w) = tekst.split_once(':')?;
    Some((g.to_string(), w.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_right_name_and_password_pass() {
        let hash = "$argon2id$v=19$m=8,t=1,p=1$c3RpcHN0aXBzdGlw$QqQIOsrA3Nz1GqWkF9S9vT4m2QfL6q0QZk6Nw8hZ0vM";
        let c = BackofficeConfig::new("beheer", &wachtwoord_hash_met_lage_kosten("geheim")).unwrap();
        assert!(c.controleer("beheer", "geheim"));
        assert!(!c.controleer("beheer", "fout"));
        assert!(!c.controleer("ander", "geheim"));
        assert!(BackofficeConfig::new("beheer", hash).is_ok(), "a PHC string parses");
        assert!(BackofficeConfig::new("beheer", "geheim").unwrap_err().starts_with("backoffice.wachtwoord_hash:"));
        assert!(!format!("{c:?}").contains("argon2"), "the hash stays out of logs");
    }

    /// A hash cheap enough for debug-build tests.
    fn wachtwoord_hash_met_lage_kosten(w: &str) -> String {
        use argon2::password_hash::{PasswordHasher, SaltString};
        let params = argon2::Params::new(8, 1, 1, None).unwrap();
        let a = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
        a.hash_password(w.as_bytes(), &SaltString::from_b64("c3RpcHN0aXBzdGlw").unwrap()).unwrap().to_string()
    }
}
