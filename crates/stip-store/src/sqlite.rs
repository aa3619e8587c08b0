//! The SQLite backend: the embedded default, in WAL mode with full durability for acknowledged writes.

use crate::gedeeld::{Backend, gedeelde_repositories};
use crate::groepscommit::Groepscommit;
use crate::{DatabaseUrl, DatasetKind, Indiening, NieuweZaak, StoreError};
use sqlx::sqlite::{Sqlite, SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Pool, Transaction};

/// How long a write waits for its turn at the one writer connection before it fails.
const SCHRIJVER_WACHTTIJD: std::time::Duration = std::time::Duration::from_secs(30);

/// A SQLite database file.
#[derive(Clone, Debug)]
pub struct SqliteStore {
    /// For reads: WAL lets them run beside the writer.
    pool: SqlitePool,
    /// For writes: one connection, handed out first come, first served. SQLite takes one writer at a time anyway;
    /// queueing here instead of in SQLite's busy handler (which sleeps and polls) keeps a burst of submits in order
    /// and without multi-second stragglers.
    schrijver: SqlitePool,
    /// Submits, committed in groups on the writer connection.
    groepscommit: Groepscommit,
}

impl SqliteStore {
    /// Opens (creating if missing) the file and applies the SQLite migrations.
    pub async fn open(url: &DatabaseUrl) -> Result<SqliteStore, StoreError> {
        let DatabaseUrl::Sqlite { path } = url else {
            return Err(StoreError::InvalidUrl(format!("{url} is not a sqlite URL")));
        };
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: a commit is on disk (WAL fsync) before it is acknowledged.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(std::time::Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .acquire_timeout(crate::CONNECT_TIMEOUT)
            .connect_with(options.clone())
            .await
            .map_err(|source| StoreError::Connect { url: url.redacted(), source })?;
        sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
        let schrijver = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(SCHRIJVER_WACHTTIJD)
            .connect_with(options)
            .await
            .map_err(|source| StoreError::Connect { url: url.redacted(), source })?;
        let groepscommit = Groepscommit::start(schrijver.clone());
        Ok(SqliteStore { pool, schrijver, groepscommit })
    }

    pub(crate) async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub(crate) async fn close(&self) {
        self.schrijver.close().await;
        self.pool.close().await;
    }
}

impl Backend for SqliteStore {
    type DB = Sqlite;

    // BEGIN IMMEDIATE already keeps every other writer out until the removal commits.
    const DOCUMENT_STATUS_SQL: &'static str =
        "SELECT a.status FROM document d JOIN aanvraag a ON a.id = d.aanvraag_id WHERE d.id = $1";

    fn lezers(&self) -> &Pool<Sqlite> {
        &self.pool
    }

    fn schrijver(&self) -> &Pool<Sqlite> {
        &self.schrijver
    }

    /// On the writer connection, taking the write lock at once: a transaction that reads first and writes later
    /// could otherwise find the lock taken when it wants to write, and fail instead of waiting.
    async fn begin_schrijven(&self) -> Result<Transaction<'static, Sqlite>, StoreError> {
        Ok(self.schrijver.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// The write lock serialises publishers already.
    async fn begin_publicatie(&self, _: DatasetKind, _: &str) -> Result<Transaction<'static, Sqlite>, StoreError> {
        self.begin_schrijven().await
    }

    /// Queued for the group commit.
    async fn indienen(&self, nieuw: NieuweZaak<'_>) -> Result<Indiening, StoreError> {
        self.groepscommit.dien_in(nieuw).await
    }
}

gedeelde_repositories!(SqliteStore, Sqlite);
