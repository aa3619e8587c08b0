//! The API's login: `POST /api/v1/sessies` exchanges e-mail address and password for a bearer token,
//! `GET /api/v1/sessies/huidige` says whose token it is, `DELETE /api/v1/sessies/huidige` ends it. The API reads
//! no cookies: a browser's session never authenticates an API call, which keeps the CSRF exemption of `/api/` sound.

use super::wachtwoord::{self, InlogFout};
use super::{Ingelogd, sessie};
use crate::AppState;
use crate::error::{ApiError, ErrorCode};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use stip_store::{Gebruiker, GebruikerRepository};
use utoipa::ToSchema;

/// Credentials of an account with a password.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Inlogvraag {
    /// The account's e-mail address (any case).
    #[schema(example = "jan@voorbeeld.nl")]
    pub email: String,
    pub wachtwoord: String,
}

/// A new session: send `token` as `Authorization: Bearer <token>` until `verloopt` (or until it is idle too long).
#[derive(Debug, Serialize, ToSchema)]
pub struct Sessieantwoord {
    pub token: String,
    /// The absolute end of the session (RFC 3339).
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub verloopt: time::OffsetDateTime,
    pub gebruiker: GebruikerInfo,
}

/// Who is logged in.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GebruikerInfo {
    #[schema(value_type = String, format = Uuid)]
    pub id: uuid::Uuid,
    pub naam: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// `initiatiefnemer`, `belanghebbende`, `behandelaar`, `bestuur`, `beheerder`.
    pub rollen: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bevoegd_gezag: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
}

impl From<&Gebruiker> for GebruikerInfo {
    fn from(g: &Gebruiker) -> Self {
        GebruikerInfo {
            id: g.id.0,
            naam: g.naam.clone(),
            email: g.email.clone(),
            rollen: g.rollen.iter().map(|r| r.as_str().to_string()).collect(),
            bevoegd_gezag: g.bevoegd_gezag.clone(),
            team: g.team.clone(),
        }
    }
}

/// Log in: a bearer token for an e-mail address and password.
#[utoipa::path(post, path = "/sessies", tag = "sessies", request_body = Inlogvraag,
    responses(
        (status = 201, body = Sessieantwoord, description = "Logged in: the token and until when it is valid"),
        (status = 400, body = crate::error::Problem, description = "The body is not an Inlogvraag", content_type = "application/problem+json"),
        (status = 401, body = crate::error::Problem, description = "Unknown e-mail address or wrong password (one answer for both)", content_type = "application/problem+json"),
        (status = 429, body = crate::error::Problem, description = "Too many wrong passwords for this address: try again in a quarter of an hour", content_type = "application/problem+json"),
    ))]
pub(crate) async fn start(
    State(state): State<AppState>,
    bron: super::bron::Bron,
    Json(vraag): Json<Inlogvraag>,
) -> Result<Response, ApiError> {
    let gebruiker = match wachtwoord::log_in(&state, &vraag.email, &vraag.wachtwoord, &bron).await {
        Ok(g) => g,
        Err(InlogFout::Fout) => {
            let mut r = ApiError::new(ErrorCode::Unauthenticated, "unknown e-mail address or wrong password")
                .with_instance("/api/v1/sessies")
                .into_response();
            r.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"stip\""));
            return Ok(r);
        }
        Err(InlogFout::TeVaak) => {
            let mut r = ApiError::new(
                ErrorCode::TooManyRequests,
                "te vaak een verkeerd wachtwoord voor dit e-mailadres; probeer het over een kwartier opnieuw",
            )
            .into_response();
            let wacht = super::pogingen::VENSTER.as_secs().to_string();
            r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_str(&wacht).expect("digits"));
            return Ok(r);
        }
        Err(InlogFout::Storing(e)) => return Err(e.into()),
    };
    let (token, s) = sessie::start(&state, gebruiker.id, None).await?;
    let antwoord = Sessieantwoord { token, verloopt: s.verloopt, gebruiker: GebruikerInfo::from(&gebruiker) };
    let mut r = (StatusCode::CREATED, Json(antwoord)).into_response();
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(r)
}

/// Whose token this is.
#[utoipa::path(get, path = "/sessies/huidige", tag = "sessies", security(("bearer" = [])),
    responses(
        (status = 200, body = GebruikerInfo, description = "The logged-in user"),
        (status = 401, body = crate::error::Problem, description = "No, an unknown or an ended token", content_type = "application/problem+json"),
    ))]
pub(crate) async fn huidige(ingelogd: Ingelogd) -> Json<GebruikerInfo> {
    Json(GebruikerInfo::from(&ingelogd.gebruiker))
}

/// Log out: ends the session of this token.
#[utoipa::path(delete, path = "/sessies/huidige", tag = "sessies", security(("bearer" = [])),
    responses(
        (status = 204, description = "The token no longer works"),
        (status = 401, body = crate::error::Problem, description = "No, an unknown or an ended token", content_type = "application/problem+json"),
    ))]
pub(crate) async fn stop(State(state): State<AppState>, ingelogd: Ingelogd) -> Result<StatusCode, ApiError> {
    state.store().beeindig_sessie(ingelogd.sessie).await?;
    tracing::info!(gebruiker = %ingelogd.gebruiker.id, sessie = %ingelogd.sessie, "logged out (API)");
    Ok(StatusCode::NO_CONTENT)
}

/// Declares the bearer scheme in the OpenAPI document.
pub(crate) struct BearerSchema;

impl utoipa::Modify for BearerSchema {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let schema = HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .description(Some("The token from POST /api/v1/sessies"))
            .build();
        openapi
            .components
            .get_or_insert_with(Default::default)
            .add_security_scheme("bearer", SecurityScheme::Http(schema));
    }
}
