//! Who may open the officials' pages under `/backoffice/…`: someone logged in (the accounts of [`crate::auth`]) as
//! behandelaar or bestuur. Someone not logged in is sent to the login page; a logged-in person without such a role
//! gets a Dutch 403 page that says so.

use crate::AppState;
use crate::auth::Ingelogd;
use crate::i18n::RequestLang;
use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::Response;
use minijinja::context;
use stip_store::Gebruiker;
use stip_zaak::Rol;

/// An official who passed (extractor for backoffice handlers).
#[derive(Debug, Clone)]
pub struct Ambtenaar {
    pub gebruiker: Gebruiker,
}

impl FromRequestParts<AppState> for Ambtenaar {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let ingelogd = Ingelogd::from_request_parts(parts, state).await?;
        if ingelogd.gebruiker.heeft_rol(Rol::Behandelaar) || ingelogd.gebruiker.heeft_rol(Rol::Bestuur) {
            return Ok(Ambtenaar { gebruiker: ingelogd.gebruiker });
        }
        let lang = RequestLang::from_request_parts(parts, state)
            .await
            .unwrap_or(RequestLang { lang: crate::Lang::Nl, chosen: false });
        Err(state.templates().render(
            "backoffice-geweigerd.html",
            lang,
            StatusCode::FORBIDDEN,
            context! { page => "backoffice", reden => "geen_medewerker" },
        ))
    }
}
