//! The store's errors: what went wrong, said so that an operator can act on it.

/// An error from the store. Messages never contain a password.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("invalid database URL: {0}")]
    InvalidUrl(String),
    #[error("cannot open the database at {url}: {source}")]
    Connect {
        url: String,
        #[source]
        source: sqlx::Error,
    },
    #[error("cannot bring the database schema up to date: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("not found: {0}")]
    NotFound(String),
    /// Someone else changed it first (a stale version or volgnummer), or the change no longer fits its state
    /// (e.g. a submitted aanvraag). Nothing was changed; reload and decide again.
    #[error("conflict: {0}")]
    Conflict(String),
    /// A work-queue cursor that this store did not hand out.
    #[error("invalid page cursor \"{0}\"")]
    InvalidCursor(String),
    #[error("invalid value stored in the database: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}
