//! Errors as HTTP answers: the application layer's one error table (`stip_app::fout`: code, status, title key)
//! rendered as `application/problem+json` (RFC 9457) for the API, with the title in the reader's language. Internal
//! and database errors are logged with their text and answered with a request id only.

use crate::i18n::Lang;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

pub use stip_app::{FoutCode as ErrorCode, VeldFout as Fout};

/// The HTTP status of a code of the table.
pub fn status(code: ErrorCode) -> StatusCode {
    StatusCode::from_u16(code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// The title of a code in a language.
pub fn titel(code: ErrorCode, lang: Lang) -> &'static str {
    lang.text(&code.sleutel())
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

/// An error answered by the API. Handlers return `Result<_, ApiError>`; a use case's `stip_app::Fout` converts.
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

    /// The problem document as a reader of `lang` gets it. An internal error's text is logged here, under a fresh
    /// request id that is all the reader sees of it.
    pub fn problem(&self, lang: Lang) -> Problem {
        let detail = if self.code.intern() {
            let verzoek = uuid::Uuid::new_v4();
            tracing::error!(code = self.code.code(), %verzoek, detail = ?self.detail, "request failed");
            Some(format!("{} {verzoek}", lang.text("foutcode.verzoeknummer")))
        } else {
            self.detail.clone()
        };
        Problem {
            type_: format!("urn:stip:problem:{}", self.code.code()),
            code: self.code.code(),
            title: titel(self.code, lang),
            status: self.code.status(),
            detail,
            instance: self.instance.clone(),
            fouten: self.fouten.clone(),
        }
    }
}

impl From<stip_app::Fout> for ApiError {
    fn from(f: stip_app::Fout) -> Self {
        ApiError { code: f.code, detail: f.detail, instance: None, fouten: f.fouten }
    }
}

/// An adapter's own error (a wrong id in a path, a form field) inside a use case's closure.
impl From<ApiError> for stip_app::Fout {
    fn from(e: ApiError) -> Self {
        stip_app::Fout { code: e.code, detail: e.detail, fouten: e.fouten }
    }
}

impl From<stip_store::StoreError> for ApiError {
    fn from(err: stip_store::StoreError) -> Self {
        stip_app::Fout::from(err).into()
    }
}

impl From<stip_sttr::CheckError> for ApiError {
    fn from(err: stip_sttr::CheckError) -> Self {
        stip_app::Fout::from(err).into()
    }
}

pub const PROBLEM_JSON: &str = "application/problem+json";

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::to_vec(&self.problem(Lang::Nl)).unwrap_or_default();
        let mut response = (status(self.code), body).into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if self.code == ErrorCode::Busy {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_title_in_dutch_and_in_english() {
        for code in ErrorCode::ALL {
            for lang in [Lang::Nl, Lang::En] {
                assert_ne!(titel(code, lang), code.sleutel(), "{} in {}", code.code(), lang.code());
            }
            assert_ne!(titel(code, Lang::Nl), titel(code, Lang::En), "{}", code.code());
        }
    }

    #[test]
    fn a_database_error_reaches_the_reader_as_a_request_id_without_its_text() {
        let e = ApiError::new(ErrorCode::DatabaseUnavailable, "connection refused to postgres://stip:geheim@db");
        let p = e.problem(Lang::En);
        let detail = p.detail.unwrap();
        assert!(!detail.contains("geheim") && !detail.contains("postgres"), "{detail}");
        assert!(detail.starts_with("Something went wrong"), "{detail}");
        let gewoon = ApiError::new(ErrorCode::NotFound, "deze zaak bestaat niet").problem(Lang::Nl);
        assert_eq!(gewoon.detail.as_deref(), Some("deze zaak bestaat niet"));
    }
}
