//! The dataset aggregate: imported source data (plan versions, toepasbare regels, BAG, BRK, tariff tables), one current version each.

use crate::StoreError;
use crate::rij::Rij;
use serde::Serialize;
use std::fmt;
use std::future::Future;
use std::str::FromStr;
use time::OffsetDateTime;

/// Which kind of source a dataset holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DatasetKind {
    /// An omgevingsdocument or bestemmingsplan version (STOP/TPOD/IMOW or IMRO).
    Regeling,
    /// STTR toepasbare regels (DMN) and their activities.
    ToepasbareRegels,
    /// A BAG extract (panden, verblijfsobjecten, adressen).
    Bag,
    /// A BRK kadastrale kaart (percelen).
    Brk,
    /// A municipality's tarieventabel (leges) for one year.
    Leges,
}

impl DatasetKind {
    pub const ALL: [DatasetKind; 5] =
        [DatasetKind::Regeling, DatasetKind::ToepasbareRegels, DatasetKind::Bag, DatasetKind::Brk, DatasetKind::Leges];

    pub fn as_str(self) -> &'static str {
        match self {
            DatasetKind::Regeling => "regeling",
            DatasetKind::ToepasbareRegels => "toepasbareregels",
            DatasetKind::Bag => "bag",
            DatasetKind::Brk => "brk",
            DatasetKind::Leges => "leges",
        }
    }
}

impl fmt::Display for DatasetKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DatasetKind {
    type Err = StoreError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DatasetKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown dataset kind \"{s}\"")))
    }
}

/// The store's id of one dataset version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct DatasetId(pub i64);

/// A dataset version to publish. The payload is opaque to the store.
#[derive(Clone, Debug)]
pub struct NewDataset<'a> {
    pub kind: DatasetKind,
    /// What identifies "the same dataset" across versions, e.g. a plan's identification.
    pub sleutel: &'a str,
    pub versie: &'a str,
    pub titel: &'a str,
    /// Where it came from (file name), for the import log.
    pub bron: &'a str,
    /// SHA-256 of the source, hex.
    pub sha256: &'a str,
    /// A short machine-readable summary (counts per element) shown in listings.
    pub samenvatting: serde_json::Value,
    pub payload: &'a [u8],
    /// Happenings this version causes (e.g. the plan changes against the previous version), put in the outbox in the
    /// publish's own transaction.
    pub meldingen: &'a [serde_json::Value],
}

/// What the store knows about a dataset version, without its payload.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DatasetMeta {
    pub id: DatasetId,
    pub kind: DatasetKind,
    pub sleutel: String,
    pub versie: String,
    pub titel: String,
    pub bron: String,
    pub sha256: String,
    pub samenvatting: serde_json::Value,
    /// Payload size in bytes.
    pub grootte: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub geimporteerd: OffsetDateTime,
    /// Whether this is the version users see.
    pub actueel: bool,
}

/// Payloads are stored in parts of at most this many bytes.
pub const CHUNK_BYTES: usize = 8 * 1024 * 1024;

/// Imported datasets. Publishing is atomic: the new version and its whole payload become current together, and the
/// previous version of the same (kind, sleutel) stops being current in the same transaction; on any error nothing
/// changes.
pub trait DatasetRepository {
    fn publish(&self, new: NewDataset<'_>) -> impl Future<Output = Result<DatasetMeta, StoreError>> + Send;
    /// The current version of every dataset of a kind, ordered by sleutel.
    fn current(&self, kind: DatasetKind) -> impl Future<Output = Result<Vec<DatasetMeta>, StoreError>> + Send;
    /// Every version of one dataset, newest first.
    fn history(
        &self,
        kind: DatasetKind,
        sleutel: &str,
    ) -> impl Future<Output = Result<Vec<DatasetMeta>, StoreError>> + Send;
    fn payload(&self, id: DatasetId) -> impl Future<Output = Result<Vec<u8>, StoreError>> + Send;
    /// Takes these versions out of service (one transaction) without publishing a successor: they stay in history
    /// with their payload. Unknown or already retired ids are left alone.
    fn retire(&self, ids: &[DatasetId]) -> impl Future<Output = Result<(), StoreError>> + Send;
}

/// The columns every backend selects for a [`DatasetMeta`] (a literal, so that queries stay static strings).
macro_rules! meta_columns {
    () => {
        "id, kind, sleutel, versie, titel, bron, sha256, samenvatting, grootte, geimporteerd, actueel"
    };
}
pub(crate) use meta_columns;

/// Reads a [`DatasetMeta`] from a row of [`meta_columns`].
pub(crate) fn meta_uit(rij: &impl Rij) -> Result<DatasetMeta, StoreError> {
    let id = rij.getal("id")?;
    Ok(DatasetMeta {
        id: DatasetId(id),
        kind: rij.tekst("kind")?.parse()?,
        sleutel: rij.tekst("sleutel")?,
        versie: rij.tekst("versie")?,
        titel: rij.tekst("titel")?,
        bron: rij.tekst("bron")?,
        sha256: rij.tekst("sha256")?,
        samenvatting: serde_json::from_str(&rij.tekst("samenvatting")?)
            .map_err(|e| StoreError::Corrupt(format!("dataset {id} samenvatting: {e}")))?,
        grootte: rij.getal("grootte")?,
        geimporteerd: rij.moment("geimporteerd")?,
        actueel: rij.waar("actueel")?,
    })
}

/// Joins payload parts read in order; an empty list means the dataset does not exist.
pub(crate) fn join_parts(id: DatasetId, parts: Vec<Vec<u8>>, exists: bool) -> Result<Vec<u8>, StoreError> {
    if !exists {
        return Err(StoreError::NotFound(format!("dataset {}", id.0)));
    }
    Ok(parts.concat())
}
