//! The SQLite backend: the embedded default, in WAL mode with full durability for acknowledged writes.

use crate::dataset::{CHUNK_BYTES, join_parts, meta_columns, meta_from_parts};
use crate::{DatabaseUrl, DatasetId, DatasetKind, DatasetMeta, DatasetRepository, NewDataset, StoreError};
use sqlx::Row;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow, SqliteSynchronous,
};
use time::OffsetDateTime;

/// A SQLite database file.
#[derive(Clone, Debug)]
pub struct SqliteStore {
    pool: SqlitePool,
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
            .connect_with(options)
            .await
            .map_err(|source| StoreError::Connect { url: url.redacted(), source })?;
        sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
        Ok(SqliteStore { pool })
    }

    pub(crate) async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub(crate) async fn close(&self) {
        self.pool.close().await;
    }
}

fn meta(row: &SqliteRow) -> Result<DatasetMeta, StoreError> {
    meta_from_parts(
        row.try_get("id")?,
        row.try_get("kind")?,
        row.try_get("sleutel")?,
        row.try_get("versie")?,
        row.try_get("titel")?,
        row.try_get("bron")?,
        row.try_get("sha256")?,
        row.try_get("samenvatting")?,
        row.try_get("grootte")?,
        row.try_get("geimporteerd")?,
        row.try_get("actueel")?,
    )
}

impl DatasetRepository for SqliteStore {
    async fn publish(&self, new: NewDataset<'_>) -> Result<DatasetMeta, StoreError> {
        let mut tx = self.pool.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO dataset (kind, sleutel, versie, titel, bron, sha256, samenvatting, grootte, geimporteerd, actueel)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0) RETURNING id",
        )
        .bind(new.kind.as_str())
        .bind(new.sleutel)
        .bind(new.versie)
        .bind(new.titel)
        .bind(new.bron)
        .bind(new.sha256)
        .bind(new.samenvatting.to_string())
        .bind(new.payload.len() as i64)
        .bind(OffsetDateTime::now_utc())
        .fetch_one(&mut *tx)
        .await?;
        for (volgnummer, deel) in new.payload.chunks(CHUNK_BYTES).enumerate() {
            sqlx::query("INSERT INTO dataset_deel (dataset_id, volgnummer, inhoud) VALUES (?, ?, ?)")
                .bind(id)
                .bind(volgnummer as i64)
                .bind(deel)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("UPDATE dataset SET actueel = 0 WHERE kind = ? AND sleutel = ? AND actueel = 1")
            .bind(new.kind.as_str())
            .bind(new.sleutel)
            .execute(&mut *tx)
            .await?;
        let row = sqlx::query(concat!("UPDATE dataset SET actueel = 1 WHERE id = ? RETURNING ", meta_columns!()))
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        let meta = meta(&row)?;
        tx.commit().await?;
        Ok(meta)
    }

    async fn current(&self, kind: DatasetKind) -> Result<Vec<DatasetMeta>, StoreError> {
        sqlx::query(concat!(
            "SELECT ",
            meta_columns!(),
            " FROM dataset WHERE kind = ? AND actueel = 1 ORDER BY sleutel"
        ))
        .bind(kind.as_str())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(meta)
        .collect()
    }

    async fn history(&self, kind: DatasetKind, sleutel: &str) -> Result<Vec<DatasetMeta>, StoreError> {
        sqlx::query(concat!(
            "SELECT ",
            meta_columns!(),
            " FROM dataset WHERE kind = ? AND sleutel = ? ORDER BY id DESC"
        ))
        .bind(kind.as_str())
        .bind(sleutel)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(meta)
        .collect()
    }

    async fn retire(&self, ids: &[DatasetId]) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        for id in ids {
            sqlx::query("UPDATE dataset SET actueel = 0 WHERE id = ?").bind(id.0).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn payload(&self, id: DatasetId) -> Result<Vec<u8>, StoreError> {
        let exists: Option<i64> =
            sqlx::query_scalar("SELECT id FROM dataset WHERE id = ?").bind(id.0).fetch_optional(&self.pool).await?;
        let parts: Vec<Vec<u8>> =
            sqlx::query_scalar("SELECT inhoud FROM dataset_deel WHERE dataset_id = ? ORDER BY volgnummer")
                .bind(id.0)
                .fetch_all(&self.pool)
                .await?;
        join_parts(id, parts, exists.is_some())
    }
}
