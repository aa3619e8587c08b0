//! The SQLite backend: the embedded default, in WAL mode with full durability for acknowledged writes.

use crate::dataset::{CHUNK_BYTES, join_parts, meta_columns, meta_from_parts};
use crate::hulpvraag::{hulpvraag_columns, hulpvraag_from_parts, insert_waarden, niet_gevonden};
use crate::{
    DatabaseUrl, DatasetId, DatasetKind, DatasetMeta, DatasetRepository, Hulpvraag, HulpvraagId, HulpvraagRepository,
    NewDataset, NieuweHulpvraag, StoreError,
};
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

impl crate::VerslagRepository for SqliteStore {
    async fn bewaar_verslag(&self, nieuw: crate::NieuwVerslag<'_>) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO verslag (sleutel_hash, inhoud, gemaakt, verloopt) VALUES (?, ?, ?, ?)")
            .bind(nieuw.sleutel_hash)
            .bind(nieuw.inhoud.to_string())
            .bind(OffsetDateTime::now_utc())
            .bind(nieuw.verloopt)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn verslag(&self, sleutel_hash: &str) -> Result<Option<crate::Verslag>, StoreError> {
        let Some(row) = sqlx::query("SELECT inhoud, gemaakt, verloopt FROM verslag WHERE sleutel_hash = ?")
            .bind(sleutel_hash)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        Ok(Some(crate::Verslag {
            inhoud: crate::verslag::inhoud(row.try_get("inhoud")?)?,
            gemaakt: row.try_get("gemaakt")?,
            verloopt: row.try_get("verloopt")?,
        }))
    }
}

fn hulpvraag(row: &SqliteRow) -> Result<Hulpvraag, StoreError> {
    hulpvraag_from_parts(
        row.try_get("id")?,
        row.try_get("ingediend")?,
        row.try_get("pagina")?,
        row.try_get("context")?,
        row.try_get("naam")?,
        row.try_get("vraag")?,
        row.try_get("contactvoorkeur")?,
        row.try_get("email")?,
        row.try_get("telefoon")?,
        row.try_get("tijdvak")?,
        row.try_get("status")?,
        row.try_get("afgehandeld")?,
    )
}

impl HulpvraagRepository for SqliteStore {
    async fn dien_hulpvraag_in(&self, nieuw: NieuweHulpvraag<'_>) -> Result<Hulpvraag, StoreError> {
        let (voorkeur, email, telefoon, tijdvak, context) = insert_waarden(&nieuw);
        let row = sqlx::query(concat!(
            "INSERT INTO hulpvragen (ingediend, pagina, context, naam, vraag, contactvoorkeur, email, telefoon, tijdvak, status)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open') RETURNING ",
            hulpvraag_columns!()
        ))
        .bind(OffsetDateTime::now_utc())
        .bind(nieuw.pagina)
        .bind(context)
        .bind(nieuw.naam)
        .bind(nieuw.vraag)
        .bind(voorkeur)
        .bind(email)
        .bind(telefoon)
        .bind(tijdvak)
        .fetch_one(&self.pool)
        .await?;
        hulpvraag(&row)
    }

    async fn hulpvraag(&self, id: HulpvraagId) -> Result<Hulpvraag, StoreError> {
        let row = sqlx::query(concat!("SELECT ", hulpvraag_columns!(), " FROM hulpvragen WHERE id = ?"))
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(hulpvraag).unwrap_or_else(|| Err(niet_gevonden(id)))
    }

    async fn hulpvragen(&self) -> Result<Vec<Hulpvraag>, StoreError> {
        sqlx::query(concat!("SELECT ", hulpvraag_columns!(), " FROM hulpvragen ORDER BY id DESC"))
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(hulpvraag)
            .collect()
    }

    async fn handel_hulpvraag_af(&self, id: HulpvraagId) -> Result<Hulpvraag, StoreError> {
        let row = sqlx::query(concat!(
            "UPDATE hulpvragen SET status = 'afgehandeld', afgehandeld = COALESCE(afgehandeld, ?) WHERE id = ? RETURNING ",
            hulpvraag_columns!()
        ))
        .bind(OffsetDateTime::now_utc())
        .bind(id.0)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(hulpvraag).unwrap_or_else(|| Err(niet_gevonden(id)))
    }
}
