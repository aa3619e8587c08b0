//! The PostgreSQL backend: the production store for larger municipalities and several stip instances.

use crate::dataset::{CHUNK_BYTES, join_parts, meta_columns, meta_from_parts};
use crate::hulpvraag::{hulpvraag_columns, hulpvraag_from_parts, insert_waarden, niet_gevonden};
use crate::{
    DatabaseUrl, DatasetId, DatasetKind, DatasetMeta, DatasetRepository, Hulpvraag, HulpvraagId, HulpvraagRepository,
    NewDataset, NieuweHulpvraag, StoreError,
};
use sqlx::Row;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions, PgRow};
use std::str::FromStr;
use time::OffsetDateTime;

/// A PostgreSQL database (optionally one schema in it).
#[derive(Clone, Debug)]
pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// Connects and applies the PostgreSQL migrations.
    pub async fn open(url: &DatabaseUrl) -> Result<PgStore, StoreError> {
        Self::open_in_schema(url, None).await
    }

    /// Connects with `search_path` set to `schema` (created if missing), so that several stips — or several test
    /// runs — can share one database.
    pub async fn open_in_schema(url: &DatabaseUrl, schema: Option<&str>) -> Result<PgStore, StoreError> {
        let DatabaseUrl::Postgres { url: raw } = url else {
            return Err(StoreError::InvalidUrl(format!("{url} is not a postgres URL")));
        };
        let connect_err = |source| StoreError::Connect { url: url.redacted(), source };
        let mut options = PgConnectOptions::from_str(raw).map_err(connect_err)?;
        if let Some(schema) = schema {
            valid_schema(schema)?;
            let setup = PgPoolOptions::new()
                .max_connections(1)
                .acquire_timeout(crate::CONNECT_TIMEOUT)
                .connect_with(options.clone())
                .await
                .map_err(connect_err)?;
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA IF NOT EXISTS {schema}"))).execute(&setup).await?;
            setup.close().await;
            options = options.options([("search_path", schema)]);
        }
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(crate::CONNECT_TIMEOUT)
            .connect_with(options)
            .await
            .map_err(connect_err)?;
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
        Ok(PgStore { pool })
    }

    /// Drops a schema made by [`PgStore::open_in_schema`], with everything in it (for tests and tear-down). Connects
    /// on its own and runs no migrations, so tear-down never touches the database's default schema.
    pub async fn drop_schema(url: &DatabaseUrl, schema: &str) -> Result<(), StoreError> {
        valid_schema(schema)?;
        let DatabaseUrl::Postgres { url: raw } = url else {
            return Err(StoreError::InvalidUrl(format!("{url} is not a postgres URL")));
        };
        let connect_err = |source| StoreError::Connect { url: url.redacted(), source };
        let options = PgConnectOptions::from_str(raw).map_err(connect_err)?;
        let pool = PgPoolOptions::new()
            .max_connections(1)
            .acquire_timeout(crate::CONNECT_TIMEOUT)
            .connect_with(options)
            .await
            .map_err(connect_err)?;
        sqlx::query(sqlx::AssertSqlSafe(format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))).execute(&pool).await?;
        pool.close().await;
        Ok(())
    }

    pub(crate) async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub(crate) async fn close(&self) {
        self.pool.close().await;
    }
}

fn valid_schema(schema: &str) -> Result<(), StoreError> {
    let ok = !schema.is_empty() && schema.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ok { Ok(()) } else { Err(StoreError::InvalidUrl(format!("invalid schema name \"{schema}\""))) }
}

fn meta(row: &PgRow) -> Result<DatasetMeta, StoreError> {
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

impl DatasetRepository for PgStore {
    async fn publish(&self, new: NewDataset<'_>) -> Result<DatasetMeta, StoreError> {
        let mut tx = self.pool.begin().await?;
        // Serialise publishers of the same dataset so that exactly one version ends up current.
        sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))")
            .bind(format!("{}/{}", new.kind, new.sleutel))
            .execute(&mut *tx)
            .await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO dataset (kind, sleutel, versie, titel, bron, sha256, samenvatting, grootte, geimporteerd, actueel)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, false) RETURNING id",
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
            sqlx::query("INSERT INTO dataset_deel (dataset_id, volgnummer, inhoud) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(volgnummer as i32)
                .bind(deel)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("UPDATE dataset SET actueel = false WHERE kind = $1 AND sleutel = $2 AND actueel")
            .bind(new.kind.as_str())
            .bind(new.sleutel)
            .execute(&mut *tx)
            .await?;
        let row = sqlx::query(concat!("UPDATE dataset SET actueel = true WHERE id = $1 RETURNING ", meta_columns!()))
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        let meta = meta(&row)?;
        tx.commit().await?;
        Ok(meta)
    }

    async fn current(&self, kind: DatasetKind) -> Result<Vec<DatasetMeta>, StoreError> {
        sqlx::query(concat!("SELECT ", meta_columns!(), " FROM dataset WHERE kind = $1 AND actueel ORDER BY sleutel"))
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
            " FROM dataset WHERE kind = $1 AND sleutel = $2 ORDER BY id DESC"
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
            sqlx::query("UPDATE dataset SET actueel = false WHERE id = $1").bind(id.0).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn payload(&self, id: DatasetId) -> Result<Vec<u8>, StoreError> {
        let exists: Option<i64> =
            sqlx::query_scalar("SELECT id FROM dataset WHERE id = $1").bind(id.0).fetch_optional(&self.pool).await?;
        let parts: Vec<Vec<u8>> =
            sqlx::query_scalar("SELECT inhoud FROM dataset_deel WHERE dataset_id = $1 ORDER BY volgnummer")
                .bind(id.0)
                .fetch_all(&self.pool)
                .await?;
        join_parts(id, parts, exists.is_some())
    }
}

impl crate::VerslagRepository for PgStore {
    async fn bewaar_verslag(&self, nieuw: crate::NieuwVerslag<'_>) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO verslag (sleutel_hash, inhoud, gemaakt, verloopt) VALUES ($1, $2::jsonb, $3, $4)")
            .bind(nieuw.sleutel_hash)
            .bind(nieuw.inhoud.to_string())
            .bind(OffsetDateTime::now_utc())
            .bind(nieuw.verloopt)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn verslag(&self, sleutel_hash: &str) -> Result<Option<crate::Verslag>, StoreError> {
        let Some(row) =
            sqlx::query("SELECT inhoud::text AS inhoud, gemaakt, verloopt FROM verslag WHERE sleutel_hash = $1")
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

fn hulpvraag(row: &PgRow) -> Result<Hulpvraag, StoreError> {
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

impl HulpvraagRepository for PgStore {
    async fn dien_hulpvraag_in(&self, nieuw: NieuweHulpvraag<'_>) -> Result<Hulpvraag, StoreError> {
        let (voorkeur, email, telefoon, tijdvak, context) = insert_waarden(&nieuw);
        let row = sqlx::query(concat!(
            "INSERT INTO hulpvragen (ingediend, pagina, context, naam, vraag, contactvoorkeur, email, telefoon, tijdvak, status)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open') RETURNING ",
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
        let row = sqlx::query(concat!("SELECT ", hulpvraag_columns!(), " FROM hulpvragen WHERE id = $1"))
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
            "UPDATE hulpvragen SET status = 'afgehandeld', afgehandeld = COALESCE(afgehandeld, $1) WHERE id = $2 RETURNING ",
            hulpvraag_columns!()
        ))
        .bind(OffsetDateTime::now_utc())
        .bind(id.0)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(hulpvraag).unwrap_or_else(|| Err(niet_gevonden(id)))
    }
}
