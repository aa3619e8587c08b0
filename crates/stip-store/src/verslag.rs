//! The verslag aggregate: a saved "droog oefenen" report (place, rules, Vergunningcheck, plan check), opened by a
//! share link until it expires. The store keeps only the SHA-256 of the link's secret, never the secret itself.

use crate::StoreError;
use crate::rij::Rij;
use std::future::Future;
use time::OffsetDateTime;

/// A report to keep.
#[derive(Clone, Debug)]
pub struct NieuwVerslag<'a> {
    /// SHA-256 (hex) of the secret in the share link.
    pub sleutel_hash: &'a str,
    /// The report as it was shown: its inputs and the answers given then.
    pub inhoud: &'a serde_json::Value,
    pub verloopt: OffsetDateTime,
}

/// A kept report.
#[derive(Clone, Debug, PartialEq)]
pub struct Verslag {
    pub inhoud: serde_json::Value,
    pub gemaakt: OffsetDateTime,
    pub verloopt: OffsetDateTime,
}

/// Saved reports. Saving is durable before it returns (the share link shown afterwards always works until it
/// expires); an expired report is still returned, so the page can say that it expired rather than that it never was.
pub trait VerslagRepository {
    fn bewaar_verslag(&self, nieuw: NieuwVerslag<'_>) -> impl Future<Output = Result<(), StoreError>> + Send;
    fn verslag(&self, sleutel_hash: &str) -> impl Future<Output = Result<Option<Verslag>, StoreError>> + Send;
}

/// Reads a [`Verslag`] from a row of (inhoud as text, gemaakt, verloopt).
pub(crate) fn verslag_uit(rij: &impl Rij) -> Result<Verslag, StoreError> {
    Ok(Verslag {
        inhoud: serde_json::from_str(&rij.tekst("inhoud")?)
            .map_err(|e| StoreError::Corrupt(format!("stored verslag is not JSON: {e}")))?,
        gemaakt: rij.moment("gemaakt")?,
        verloopt: rij.moment("verloopt")?,
    })
}
