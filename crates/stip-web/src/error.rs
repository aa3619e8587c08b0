//! The one error catalogue: every error the API can answer, with its stable code, HTTP status and Dutch title,
//! rendered as `application/problem+json` (RFC 9457).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// Every kind of error stip answers. The `code` is stable: clients may rely on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    NotFound,
    MethodNotAllowed,
    InvalidRequest,
    InvalidCoordinates,
    InvalidGeometry,
    UnsupportedCrs,
    UnsupportedMediaType,
    PayloadTooLarge,
    DatabaseUnavailable,
    Internal,
    UnknownActivity,
    InvalidAnswer,
    Unauthenticated,
    Forbidden,
    Conflict,
    Incomplete,
    InvalidStep,
    TooManyRequests,
}

impl ErrorCode {
    /// Every code, for the catalogue listing and its tests.
    pub const ALL: [ErrorCode; 18] = [
        ErrorCode::NotFound,
        ErrorCode::MethodNotAllowed,
        ErrorCode::InvalidRequest,
        ErrorCode::InvalidCoordinates,
        ErrorCode::InvalidGeometry,
        ErrorCode::UnsupportedCrs,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::PayloadTooLarge,
        ErrorCode::DatabaseUnavailable,
        ErrorCode::Internal,
        ErrorCode::UnknownActivity,
        ErrorCode::InvalidAnswer,
        ErrorCode::Unauthenticated,
        ErrorCode::Forbidden,
        ErrorCode::Conflict,
        ErrorCode::Incomplete,
        ErrorCode::InvalidStep,
        ErrorCode::TooManyRequests,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ErrorCode::NotFound => "not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::InvalidRequest => "invalid_request",
            ErrorCode::InvalidCoordinates => "invalid_coordinates",
            ErrorCode::InvalidGeometry => "invalid_geometry",
            ErrorCode::UnsupportedCrs => "unsupported_crs",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::DatabaseUnavailable => "database_unavailable",
            ErrorCode::Internal => "internal",
            ErrorCode::UnknownActivity => "unknown_activity",
            ErrorCode::InvalidAnswer => "invalid_answer",
            ErrorCode::Unauthenticated => "unauthenticated",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::Conflict => "conflict",
            ErrorCode::Incomplete => "incomplete",
            ErrorCode::InvalidStep => "invalid_step",
            ErrorCode::TooManyRequests => "too_many_requests",
        }
    }

    pub fn status(self) -> StatusCode {
        match self {
            ErrorCode::NotFound => StatusCode::NOT_FOUND,
            ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::InvalidRequest
            | ErrorCode::InvalidCoordinates
            | ErrorCode::InvalidGeometry
            | ErrorCode::UnsupportedCrs
            | ErrorCode::UnknownActivity
            | ErrorCode::InvalidAnswer => StatusCode::BAD_REQUEST,
            ErrorCode::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::DatabaseUnavailable => StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Unauthenticated => StatusCode::UNAUTHORIZED,
            ErrorCode::Forbidden => StatusCode::FORBIDDEN,
            ErrorCode::Conflict | ErrorCode::InvalidStep => StatusCode::CONFLICT,
            ErrorCode::Incomplete => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
        }
    }

    /// A short Dutch title, the same for every occurrence of this code.
    pub fn title(self) -> &'static str {
        match self {
            ErrorCode::NotFound => "Niet gevonden",
            ErrorCode::MethodNotAllowed => "Deze methode kan hier niet",
            ErrorCode::InvalidRequest => "Het verzoek klopt niet",
            ErrorCode::InvalidCoordinates => "Deze plek kan stip niet vinden",
            ErrorCode::InvalidGeometry => "Deze vorm kan stip niet gebruiken",
            ErrorCode::UnsupportedCrs => "Dit coördinatenstelsel kent stip niet",
            ErrorCode::UnsupportedMediaType => "Dit soort inhoud kan stip niet lezen",
            ErrorCode::PayloadTooLarge => "Het verzoek is te groot",
            ErrorCode::DatabaseUnavailable => "De database is nu niet bereikbaar",
            ErrorCode::Internal => "Er ging iets mis bij stip",
            ErrorCode::UnknownActivity => "Deze activiteit kent de vergunningcheck niet",
            ErrorCode::InvalidAnswer => "Een of meer antwoorden kloppen niet",
            ErrorCode::Unauthenticated => "Log eerst in",
            ErrorCode::Forbidden => "Dit mag u niet doen of zien",
            ErrorCode::Conflict => "Iemand anders veranderde dit net, of het is al gebeurd",
            ErrorCode::Incomplete => "De aanvraag is nog niet compleet",
            ErrorCode::InvalidStep => "Deze stap kan nu niet in deze zaak",
            ErrorCode::TooManyRequests => "Te veel pogingen",
        }
    }

    /// The code that belongs to an HTTP status produced outside stip's handlers (routing, extractors, limits).
    pub fn for_status(status: StatusCode) -> Option<ErrorCode> {
        // An extractor's 422 (a body of the wrong shape) is an invalid request, not an incomplete application.
        match status {
            StatusCode::UNPROCESSABLE_ENTITY | StatusCode::LENGTH_REQUIRED => Some(ErrorCode::InvalidRequest),
            _ => ErrorCode::ALL.into_iter().find(|c| c.status() == status),
        }
    }
}

/// A problem document (RFC 9457) with stip's stable `code`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// `urn:stip:problem:<code>`
    #[serde(rename = "type")]
    pub type_: String,
    /// A stable, machine-readable code from the error catalogue, e.g. `not_found`.
    pub code: &'static str,
    pub title: &'static str,
    pub status: u16,
    /// What went wrong in this case.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The path of the request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// One entry per wrong answer (code `invalid_answer`) or, for a plan check, per wrong field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fouten: Vec<Fout>,
}

/// One wrong answer: which question, a stable code for the kind of mistake, and a plain-Dutch message.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Fout {
    /// The question id (for a plan check: the request field, e.g. `bouwhoogte`).
    pub vraag: String,
    /// e.g. `verwacht-getal`, `verwacht-ja-nee`, `onbekende-optie`, `getal-te-klein`.
    pub code: String,
    /// What is wrong and how to answer, in Dutch.
    pub melding: String,
}

/// An error answered by the API. Handlers return `Result<_, ApiError>`.
#[derive(Debug)]
pub struct ApiError {
    pub code: ErrorCode,
    pub detail: Option<String>,
    pub instance: Option<String>,
    /// Per-answer messages (code `invalid_answer`).
    pub fouten: Vec<Fout>,
}

impl ApiError {
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> ApiError {
        ApiError { code, detail: Some(detail.into()), instance: None, fouten: Vec::new() }
    }

    pub fn with_fouten(mut self, fouten: Vec<Fout>) -> ApiError {
        self.fouten = fouten;
        self
    }

    pub fn with_instance(mut self, instance: impl Into<String>) -> ApiError {
        self.instance = Some(instance.into());
        self
    }

    pub fn problem(&self) -> Problem {
        Problem {
            type_: format!("urn:stip:problem:{}", self.code.code()),
            code: self.code.code(),
            title: self.code.title(),
            status: self.code.status().as_u16(),
            detail: self.detail.clone(),
            instance: self.instance.clone(),
            fouten: self.fouten.clone(),
        }
    }
}

pub const PROBLEM_JSON: &str = "application/problem+json";

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if self.code == ErrorCode::Internal || self.code == ErrorCode::DatabaseUnavailable {
            tracing::error!(code = self.code.code(), detail = ?self.detail, "request failed");
        }
        let body = serde_json::to_vec(&self.problem()).unwrap_or_default();
        let mut response = (self.code.status(), body).into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        response
    }
}

impl From<stip_store::StoreError> for ApiError {
    fn from(err: stip_store::StoreError) -> Self {
        match err {
            stip_store::StoreError::NotFound(what) => ApiError::new(ErrorCode::NotFound, what),
            stip_store::StoreError::Conflict(what) => ApiError::new(ErrorCode::Conflict, what),
            stip_store::StoreError::InvalidCursor(what) => {
                ApiError::new(ErrorCode::InvalidRequest, format!("unknown page cursor {what}"))
            }
            stip_store::StoreError::Connect { .. } | stip_store::StoreError::Database(_) => {
                ApiError::new(ErrorCode::DatabaseUnavailable, err.to_string())
            }
            other => ApiError::new(ErrorCode::Internal, other.to_string()),
        }
    }
}

impl From<stip_sttr::CheckError> for ApiError {
    fn from(err: stip_sttr::CheckError) -> Self {
        use stip_sttr::CheckError;
        match err {
            CheckError::GeenActiviteit => {
                ApiError::new(ErrorCode::InvalidRequest, "activiteiten: kies ten minste één activiteit")
            }
            CheckError::OnbekendeActiviteit(_) => ApiError::new(ErrorCode::UnknownActivity, err.to_string()),
            CheckError::OngeldigeAntwoorden(ref fouten) => {
                let fouten = fouten
                    .iter()
                    .map(|f| Fout { vraag: f.vraag.clone(), code: f.code.to_string(), melding: f.melding.clone() })
                    .collect();
                ApiError::new(ErrorCode::InvalidAnswer, err.to_string()).with_fouten(fouten)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_in_the_catalogue_is_unique_and_snake_case() {
        let mut codes: Vec<_> = ErrorCode::ALL.iter().map(|c| c.code()).collect();
        assert!(codes.iter().all(|c| c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_')));
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), ErrorCode::ALL.len());
    }

    #[test]
    fn a_status_from_outside_the_handlers_maps_to_a_catalogue_code() {
        assert_eq!(ErrorCode::for_status(StatusCode::PAYLOAD_TOO_LARGE), Some(ErrorCode::PayloadTooLarge));
        assert_eq!(ErrorCode::for_status(StatusCode::UNPROCESSABLE_ENTITY), Some(ErrorCode::InvalidRequest));
        assert_eq!(ErrorCode::for_status(StatusCode::OK), None);
    }
}
