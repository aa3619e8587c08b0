//! The one error table: every error a use case can end in, with its stable code, its HTTP status and the key of its
//! title in the message catalogue (`foutcode.<code>`), so that every adapter answers the same error the same way, in the
//! reader's language. Internal and database errors carry their text for the log only.

use serde::Serialize;
use utoipa::ToSchema;

/// Every kind of error stip answers. The `code` is stable: clients may rely on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FoutCode {
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
    /// Heavy work is full right now: try again in a moment (503 with `Retry-After`).
    Busy,
}

impl FoutCode {
    /// Every code, for the catalogue listing and its tests.
    pub const ALL: [FoutCode; 19] = [
        FoutCode::NotFound,
        FoutCode::MethodNotAllowed,
        FoutCode::InvalidRequest,
        FoutCode::InvalidCoordinates,
        FoutCode::InvalidGeometry,
        FoutCode::UnsupportedCrs,
        FoutCode::UnsupportedMediaType,
        FoutCode::PayloadTooLarge,
        FoutCode::DatabaseUnavailable,
        FoutCode::Internal,
        FoutCode::UnknownActivity,
        FoutCode::InvalidAnswer,
        FoutCode::Unauthenticated,
        FoutCode::Forbidden,
        FoutCode::Conflict,
        FoutCode::Incomplete,
        FoutCode::InvalidStep,
        FoutCode::TooManyRequests,
        FoutCode::Busy,
    ];

    /// The table: stable code and HTTP status.
    const fn rij(self) -> (&'static str, u16) {
        match self {
            FoutCode::NotFound => ("not_found", 404),
            FoutCode::MethodNotAllowed => ("method_not_allowed", 405),
            FoutCode::InvalidRequest => ("invalid_request", 400),
            FoutCode::InvalidCoordinates => ("invalid_coordinates", 400),
            FoutCode::InvalidGeometry => ("invalid_geometry", 400),
            FoutCode::UnsupportedCrs => ("unsupported_crs", 400),
            FoutCode::UnsupportedMediaType => ("unsupported_media_type", 415),
            FoutCode::PayloadTooLarge => ("payload_too_large", 413),
            FoutCode::DatabaseUnavailable => ("database_unavailable", 503),
            FoutCode::Internal => ("internal", 500),
            FoutCode::UnknownActivity => ("unknown_activity", 400),
            FoutCode::InvalidAnswer => ("invalid_answer", 400),
            FoutCode::Unauthenticated => ("unauthenticated", 401),
            FoutCode::Forbidden => ("forbidden", 403),
            FoutCode::Conflict => ("conflict", 409),
            FoutCode::Incomplete => ("incomplete", 422),
            FoutCode::InvalidStep => ("invalid_step", 409),
            FoutCode::TooManyRequests => ("too_many_requests", 429),
            FoutCode::Busy => ("busy", 503),
        }
    }

    /// The stable, machine-readable code, e.g. `not_found`.
    pub fn code(self) -> &'static str {
        self.rij().0
    }

    /// The HTTP status this error is answered with.
    pub fn status(self) -> u16 {
        self.rij().1
    }

    /// The key of its title in the message catalogue: `foutcode.<code>`.
    pub fn sleutel(self) -> String {
        format!("foutcode.{}", self.code())
    }

    /// Whether the text is for the log only: the reader gets a request id, never a database's or a bug's words.
    pub fn intern(self) -> bool {
        matches!(self, FoutCode::Internal | FoutCode::DatabaseUnavailable)
    }

    /// The code that belongs to an HTTP status produced outside the use cases (routing, extractors, limits).
    pub fn voor_status(status: u16) -> Option<FoutCode> {
        // An extractor's 422 (a body of the wrong shape) is an invalid request, not an incomplete application.
        match status {
            422 | 411 => Some(FoutCode::InvalidRequest),
            _ => FoutCode::ALL.into_iter().find(|c| c.status() == status),
        }
    }
}

/// One wrong answer or field: which question (or request field), a stable code for the kind of mistake, and a
/// message.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct VeldFout {
    /// The question id (for a plan check: the request field, e.g. `bouwhoogte`).
    pub vraag: String,
    /// e.g. `verwacht-getal`, `verwacht-ja-nee`, `onbekende-optie`, `getal-te-klein`.
    pub code: String,
    /// What is wrong and how to answer.
    pub melding: String,
}

/// An error of a use case: its code from the table, what went wrong in this case, and per-field messages.
#[derive(Debug, Clone, PartialEq)]
pub struct Fout {
    pub code: FoutCode,
    pub detail: Option<String>,
    pub fouten: Vec<VeldFout>,
}

impl Fout {
    pub fn new(code: FoutCode, detail: impl Into<String>) -> Fout {
        Fout { code, detail: Some(detail.into()), fouten: Vec::new() }
    }

    pub fn with_fouten(mut self, fouten: Vec<VeldFout>) -> Fout {
        self.fouten = fouten;
        self
    }

    /// An internal error: the text goes to the log, the reader learns only that something went wrong.
    pub fn intern(detail: impl Into<String>) -> Fout {
        Fout::new(FoutCode::Internal, detail)
    }
}

impl std::fmt::Display for Fout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.code.code())?;
        if let Some(d) = &self.detail {
            write!(f, ": {d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Fout {}

impl From<stip_store::StoreError> for Fout {
    fn from(err: stip_store::StoreError) -> Self {
        use stip_store::StoreError;
        match err {
            StoreError::NotFound(what) => Fout::new(FoutCode::NotFound, what),
            StoreError::Conflict(what) => Fout::new(FoutCode::Conflict, what),
            StoreError::InvalidCursor(what) => {
                Fout::new(FoutCode::InvalidRequest, format!("unknown page cursor {what}"))
            }
            StoreError::Connect { .. } | StoreError::Database(_) => {
                Fout::new(FoutCode::DatabaseUnavailable, err.to_string())
            }
            other => Fout::intern(other.to_string()),
        }
    }
}

impl From<stip_sttr::CheckError> for Fout {
    fn from(err: stip_sttr::CheckError) -> Self {
        use stip_sttr::CheckError;
        match err {
            CheckError::GeenActiviteit => {
                Fout::new(FoutCode::InvalidRequest, "activiteiten: kies ten minste één activiteit")
            }
            CheckError::OnbekendeActiviteit(_) => Fout::new(FoutCode::UnknownActivity, err.to_string()),
            CheckError::OngeldigeAntwoorden(ref fouten) => {
                let fouten = fouten
                    .iter()
                    .map(|f| VeldFout { vraag: f.vraag.clone(), code: f.code.to_string(), melding: f.melding.clone() })
                    .collect();
                Fout::new(FoutCode::InvalidAnswer, err.to_string()).with_fouten(fouten)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_in_the_table_is_unique_and_snake_case() {
        let mut codes: Vec<_> = FoutCode::ALL.iter().map(|c| c.code()).collect();
        assert!(codes.iter().all(|c| c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_')));
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), FoutCode::ALL.len());
    }

    #[test]
    fn a_status_from_outside_the_use_cases_maps_to_a_code_of_the_table() {
        assert_eq!(FoutCode::voor_status(413), Some(FoutCode::PayloadTooLarge));
        assert_eq!(FoutCode::voor_status(422), Some(FoutCode::InvalidRequest));
        assert_eq!(FoutCode::voor_status(200), None);
    }

    #[test]
    fn a_database_error_is_for_the_log_and_a_missing_row_is_not() {
        let db = Fout::from(stip_store::StoreError::NotFound("zaak".into()));
        assert_eq!(db.code, FoutCode::NotFound);
        assert!(!db.code.intern());
        assert!(FoutCode::DatabaseUnavailable.intern() && FoutCode::Internal.intern());
    }
}
