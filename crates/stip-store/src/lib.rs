//! stip's storage: one [`Store`] over SQLite (embedded default) or PostgreSQL, with a repository trait per aggregate.
//!
//! Domain crates never see this crate; the web layer and the binary do. Every backend implements every repository
//! trait, and `tests/contract.rs` runs one suite against both.

mod dataset;
mod error;
mod hulpvraag;
mod postgres;
mod sqlite;
mod url;
mod verslag;

pub use dataset::{CHUNK_BYTES, DatasetId, DatasetKind, DatasetMeta, DatasetRepository, NewDataset};
pub use error::StoreError;
pub use hulpvraag::{Contactvoorkeur, Hulpvraag, HulpvraagId, HulpvraagRepository, HulpvraagStatus, NieuweHulpvraag};
pub use postgres::PgStore;
pub use sqlite::SqliteStore;
pub use url::DatabaseUrl;
pub use verslag::{NieuwVerslag, Verslag, VerslagRepository};

use std::time::Duration;

/// How long start-up waits for a database before it gives up with a clear error.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// The store behind a running stip: one of the backends, chosen by the database URL.
#[derive(Clone, Debug)]
pub enum Store {
    Sqlite(SqliteStore),
    Postgres(PgStore),
}

impl Store {
    /// Connects to the database named by `url` and applies this backend's pending migrations.
    pub async fn open(url: &DatabaseUrl) -> Result<Store, StoreError> {
        match url {
            DatabaseUrl::Sqlite { .. } => Ok(Store::Sqlite(SqliteStore::open(url).await?)),
            DatabaseUrl::Postgres { .. } => Ok(Store::Postgres(PgStore::open(url).await?)),
        }
    }

    /// The backend's name, for logs and the readiness answer.
    pub fn backend(&self) -> &'static str {
        match self {
            Store::Sqlite(_) => "sqlite",
            Store::Postgres(_) => "postgres",
        }
    }

    /// Answers whether the database takes a query now (readiness).
    pub async fn ping(&self) -> Result<(), StoreError> {
        match self {
            Store::Sqlite(s) => s.ping().await,
            Store::Postgres(s) => s.ping().await,
        }
    }

    /// Closes every connection; waits for running queries to finish.
    pub async fn close(&self) {
        match self {
            Store::Sqlite(s) => s.close().await,
            Store::Postgres(s) => s.close().await,
        }
    }
}

/// Forwards a repository method to the backend in use.
macro_rules! dispatch {
    ($self:ident . $method:ident ( $($arg:expr),* )) => {
        match $self {
            Store::Sqlite(s) => s.$method($($arg),*).await,
            Store::Postgres(s) => s.$method($($arg),*).await,
        }
    };
}

impl DatasetRepository for Store {
    async fn publish(&self, new: NewDataset<'_>) -> Result<DatasetMeta, StoreError> {
        dispatch!(self.publish(new))
    }
    async fn current(&self, kind: DatasetKind) -> Result<Vec<DatasetMeta>, StoreError> {
        dispatch!(self.current(kind))
    }
    async fn history(&self, kind: DatasetKind, sleutel: &str) -> Result<Vec<DatasetMeta>, StoreError> {
        dispatch!(self.history(kind, sleutel))
    }
    async fn payload(&self, id: DatasetId) -> Result<Vec<u8>, StoreError> {
        dispatch!(self.payload(id))
    }
    async fn retire(&self, ids: &[DatasetId]) -> Result<(), StoreError> {
        dispatch!(self.retire(ids))
    }
}

impl VerslagRepository for Store {
    async fn bewaar_verslag(&self, nieuw: NieuwVerslag<'_>) -> Result<(), StoreError> {
        dispatch!(self.bewaar_verslag(nieuw))
    }
    async fn verslag(&self, sleutel_hash: &str) -> Result<Option<Verslag>, StoreError> {
        dispatch!(self.verslag(sleutel_hash))
    }
}

impl HulpvraagRepository for Store {
    async fn dien_hulpvraag_in(&self, nieuw: NieuweHulpvraag<'_>) -> Result<Hulpvraag, StoreError> {
        dispatch!(self.dien_hulpvraag_in(nieuw))
    }
    async fn hulpvraag(&self, id: HulpvraagId) -> Result<Hulpvraag, StoreError> {
        dispatch!(self.hulpvraag(id))
    }
    async fn hulpvragen(&self) -> Result<Vec<Hulpvraag>, StoreError> {
        dispatch!(self.hulpvragen())
    }
    async fn handel_hulpvraag_af(&self, id: HulpvraagId) -> Result<Hulpvraag, StoreError> {
        dispatch!(self.handel_hulpvraag_af(id))
    }
}
