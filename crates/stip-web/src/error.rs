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
}

impl ErrorCode {
    /// Every code, for the catalogue listing and its tests.
    pub const ALL: [ErrorCode; 10] = [
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
        }
    }

    pub fn status(self) -> StatusCode {
        match self {
            ErrorCode::NotFound => StatusCode::NOT_FOUND,
            ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::InvalidRequest
            | ErrorCode::InvalidCoordinates
            | ErrorCode::InvalidGeometry
            | ErrorCode::UnsupportedCrs => StatusCode::BAD_REQUEST,
            ErrorCode::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::DatabaseUnavailable => StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
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
        }
    }

    /// The code that belongs to an HTTP status produced outside stip's handlers (routing, extractors, limits).
    pub fn for_status(status: StatusCode) -> Option<ErrorCode> {
        ErrorCode::ALL.into_iter().find(|c| c.status() == status).or(match status {
            StatusCode::UNPROCESSABLE_ENTITY | StatusCode::LENGTH_REQUIRED => Some(ErrorCode::InvalidRequest),
            _ => None,
        })
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
}

/// An error answered by the API. Handlers return `Result<_, ApiError>`.
#[derive(Debug)]
pub struct ApiError {
    pub code: ErrorCode,
    pub detail: Option<String>,
    pub instance: Option<String>,
}

impl ApiError {
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> ApiError {
        ApiError { code, detail: Some(detail.into()), instance: None }
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
            stip_store::StoreError::Connect { .. } | stip_store::StoreError::Database(_) => {
                ApiError::new(ErrorCode::DatabaseUnavailable, err.to_string())
            }
            other => ApiError::new(ErrorCode::Internal, other.to_string()),
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
