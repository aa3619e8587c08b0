//! The extractors for handlers that need to know who is asking: [`Ingelogd`] (must be logged in) and
//! `Option<Ingelogd>` (may be). On pages someone not logged in is sent to `/inloggen?terug=<page>` (303); on `/api/…`
//! they get a 401 problem with a `WWW-Authenticate: Bearer` challenge. The API reads only the bearer token, pages only
//! the cookie.

use super::sessie::{self, Herkend};
use crate::AppState;
use crate::error::{ApiError, ErrorCode};
use crate::i18n::RequestLang;
use axum::extract::{FromRequestParts, OptionalFromRequestParts, OriginalUri};
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use stip_store::{Gebruiker, SessieId};

/// A logged-in user and the session they came with.
#[derive(Clone, Debug)]
pub struct Ingelogd {
    pub gebruiker: Gebruiker,
    pub sessie: SessieId,
}

/// The request's path and query as the client sent it (before routers nested it).
fn adres(parts: &Parts) -> String {
    let uri = parts.extensions.get::<OriginalUri>().map_or(&parts.uri, |o| &o.0);
    uri.path_and_query().map_or_else(|| uri.path().to_string(), |p| p.as_str().to_string())
}

async fn herkend(parts: &Parts, state: &AppState) -> Herkend {
    let adres = adres(parts);
    let token = if sessie::is_api(&adres) {
        sessie::bearer(&parts.headers)
    } else if let Some(h) = parts.extensions.get::<Herkend>() {
        return h.clone();
    } else {
        sessie::cookie(&parts.headers, sessie::SESSIE_COOKIE)
    };
    let Some(token) = token else { return Herkend::Niemand };
    match sessie::zoek(state, token).await {
        Ok(Some(i)) => Herkend::Ingelogd(Box::new(i)),
        Ok(None) => Herkend::Niemand,
        Err(e) => {
            tracing::error!(error = %e, "the session could not be read");
            Herkend::Storing
        }
    }
}

/// The answer for someone who must log in first.
fn niet_ingelogd(parts: &Parts) -> Response {
    let adres = adres(parts);
    if !sessie::is_api(&adres) {
        return Redirect::to(&super::terug::inloggen_url(&adres)).into_response();
    }
    let uitleg = if sessie::bearer(&parts.headers).is_some() {
        "the bearer token is unknown, expired or ended; log in again with POST /api/v1/sessies"
    } else {
        "log in with POST /api/v1/sessies and send the token as Authorization: Bearer <token>"
    };
    let pad = adres.split('?').next().unwrap_or_default().to_string();
    let mut r = ApiError::new(ErrorCode::Unauthenticated, uitleg).with_instance(pad).into_response();
    let uitdaging = if sessie::bearer(&parts.headers).is_some() {
        "Bearer realm=\"stip\", error=\"invalid_token\""
    } else {
        "Bearer realm=\"stip\""
    };
    r.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static(uitdaging));
    r
}

/// The answer when the store cannot say who is logged in.
async fn storing(parts: &mut Parts, state: &AppState) -> Response {
    let adres = adres(parts);
    if sessie::is_api(&adres) {
        return ApiError::new(ErrorCode::DatabaseUnavailable, "the session could not be read").into_response();
    }
    let lang = RequestLang::from_request_parts(parts, state)
        .await
        .unwrap_or(RequestLang { lang: crate::Lang::Nl, chosen: false });
    super::pagina::storing(state, lang)
}

impl FromRequestParts<AppState> for Ingelogd {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        match herkend(parts, state).await {
            Herkend::Ingelogd(i) => Ok(*i),
            Herkend::Niemand => Err(niet_ingelogd(parts)),
            Herkend::Storing => Err(storing(parts, state).await),
        }
    }
}

impl OptionalFromRequestParts<AppState> for Ingelogd {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Option<Self>, Self::Rejection> {
        match herkend(parts, state).await {
            Herkend::Ingelogd(i) => Ok(Some(*i)),
            Herkend::Niemand => Ok(None),
            Herkend::Storing => Err(storing(parts, state).await),
        }
    }
}
