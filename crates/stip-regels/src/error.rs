//! Import errors: every error names the file, the element (identificatie / gml:id / element name) and the reason.

use stip_geo::GeoError;
use thiserror::Error;

#[derive(Debug, Error)]
#[error("{file}: {element}: {reason}")]
pub struct ImportError {
    pub file: String,
    pub element: String,
    pub reason: Reason,
}

#[derive(Debug, Error)]
pub enum Reason {
    /// The element is already the error's `element`: only the reason is said here (once).
    #[error("{}", .0.kind)]
    Geometry(GeoError),
    #[error("broken reference: {kind} '{id}' does not exist in the package")]
    BrokenReference { kind: &'static str, id: String },
    #[error("unknown namespace '{0}' for this format")]
    UnknownNamespace(String),
    #[error("not a {expected} document (root element '{found}')")]
    WrongDocument { expected: &'static str, found: String },
    #[error("required element '{0}' is missing")]
    Missing(&'static str),
    #[error("invalid value '{value}' for {what}")]
    Invalid { what: &'static str, value: String },
    #[error("zip refused: {0}")]
    Zip(String),
    #[error("duplicate identificatie '{0}'")]
    Duplicate(String),
    #[error("the package contains no {0}")]
    Empty(&'static str),
}

impl ImportError {
    pub fn new(file: impl Into<String>, element: impl Into<String>, reason: Reason) -> Self {
        Self { file: file.into(), element: element.into(), reason }
    }
    /// A geometry/XML error from stip-geo, placed in a file.
    pub fn geo(file: &str, e: GeoError) -> Self {
        Self { file: file.to_string(), element: e.element.clone(), reason: Reason::Geometry(e) }
    }
}
