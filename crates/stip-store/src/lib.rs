//! stip's storage: one [`Store`] over SQLite (embedded default) or PostgreSQL, with a repository trait per aggregate.
//!
//! Domain crates never see this crate; the web layer and the binary do. Every backend implements every repository
//! trait, and `tests/contract.rs` runs one suite against both.

mod dataset;
mod error;
mod gebruiker;
mod hulpvraag;
mod postgres;
mod sqlite;
mod url;
mod verslag;

pub use dataset::{CHUNK_BYTES, DatasetId, DatasetKind, DatasetMeta, DatasetRepository, NewDataset};
pub use error::StoreError;
pub use gebruiker::{
    Gebruiker, GebruikerId, GebruikerRepository, Inloglink, NieuweGebruiker, NieuweInloglink, NieuweSessie,
    OidcKoppeling, Rol, Sessie, SessieId, normaliseer_email,
};
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

impl GebruikerRepository for Store {
    async fn maak_gebruiker(&self, nieuw: NieuweGebruiker<'_>) -> Result<Gebruiker, StoreError> {
        dispatch!(self.maak_gebruiker(nieuw))
    }
    async fn gebruiker(&self, id: GebruikerId) -> Result<Gebruiker, StoreError> {
        dispatch!(self.gebruiker(id))
    }
    async fn gebruiker_per_email(&self, email: &str) -> Result<Option<Gebruiker>, StoreError> {
        dispatch!(self.gebruiker_per_email(email))
    }
    async fn gebruiker_per_oidc(&self, issuer: &str, subject: &str) -> Result<Option<Gebruiker>, StoreError> {
        dispatch!(self.gebruiker_per_oidc(issuer, subject))
    }
    async fn koppel_oidc(&self, id: GebruikerId, issuer: &str, subject: &str) -> Result<Gebruiker, StoreError> {
        dispatch!(self.koppel_oidc(id, issuer, subject))
    }
    async fn zet_wachtwoord(&self, id: GebruikerId, wachtwoord_hash: Option<&str>) -> Result<(), StoreError> {
        dispatch!(self.zet_wachtwoord(id, wachtwoord_hash))
    }
    async fn zet_rollen(
        &self,
        id: GebruikerId,
        rollen: &[Rol],
        bevoegd_gezag: Option<&str>,
        team: Option<&str>,
    ) -> Result<Gebruiker, StoreError> {
        dispatch!(self.zet_rollen(id, rollen, bevoegd_gezag, team))
    }
    async fn gebruikers(&self, zoek: &str, limiet: u32) -> Result<Vec<Gebruiker>, StoreError> {
        dispatch!(self.gebruikers(zoek, limiet))
    }
    async fn start_sessie(&self, nieuw: NieuweSessie<'_>) -> Result<Sessie, StoreError> {
        dispatch!(self.start_sessie(nieuw))
    }
    async fn sessie(&self, token_hash: &str) -> Result<Option<(Sessie, Gebruiker)>, StoreError> {
        dispatch!(self.sessie(token_hash))
    }
    async fn ververs_sessie(&self, id: SessieId) -> Result<(), StoreError> {
        dispatch!(self.ververs_sessie(id))
    }
    async fn beeindig_sessie(&self, id: SessieId) -> Result<(), StoreError> {
        dispatch!(self.beeindig_sessie(id))
    }
    async fn beeindig_sessies_van(&self, gebruiker: GebruikerId) -> Result<u64, StoreError> {
        dispatch!(self.beeindig_sessies_van(gebruiker))
    }
    async fn maak_inloglink(&self, nieuw: NieuweInloglink<'_>) -> Result<(), StoreError> {
        dispatch!(self.maak_inloglink(nieuw))
    }
    async fn gebruik_inloglink(&self, token_hash: &str) -> Result<Option<Inloglink>, StoreError> {
        dispatch!(self.gebruik_inloglink(token_hash))
    }
}
