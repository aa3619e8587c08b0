//! The PostgreSQL backend: the production store for larger municipalities and several stip instances.

use crate::gedeeld::{Backend, gedeelde_repositories};
use crate::rij::{moment, nu};
use crate::zaak::{zaak_columns, zaak_uit};
use crate::{DatabaseUrl, DatasetKind, Indiening, NieuweZaak, StoreError, ZaakId};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions, Postgres};
use sqlx::{Pool, Transaction};
use std::str::FromStr;

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
        let mut options = opties(url)?;
        if let Some(schema) = schema {
            valid_schema(schema)?;
            op_eigen_verbinding(url, options.clone(), format!("CREATE SCHEMA IF NOT EXISTS {schema}")).await?;
            options = options.options([("search_path", schema)]);
        }
        // An acknowledged write is on disk, whatever the server's default says.
        let options = options.options([("synchronous_commit", "on")]);
        let pool = verbind(url, options, 16).await?;
        crate::migraties(sqlx::migrate!("./migrations/postgres")).run(&pool).await?;
        Ok(PgStore { pool })
    }

    /// Drops a schema made by [`PgStore::open_in_schema`], with everything in it (for tests and tear-down). Connects
    /// on its own and runs no migrations, so tear-down never touches the database's default schema.
    pub async fn drop_schema(url: &DatabaseUrl, schema: &str) -> Result<(), StoreError> {
        valid_schema(schema)?;
        op_eigen_verbinding(url, opties(url)?, format!("DROP SCHEMA IF EXISTS {schema} CASCADE")).await
    }

    /// A connection of its own that listens on [`crate::PUBLICATIE_KANAAL`].
    pub(crate) async fn publicaties(&self) -> Result<Publicaties, StoreError> {
        let mut listener = sqlx::postgres::PgListener::connect_with(&self.pool).await?;
        listener.listen(crate::PUBLICATIE_KANAAL).await?;
        Ok(Publicaties(listener))
    }

    pub(crate) async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub(crate) async fn close(&self) {
        self.pool.close().await;
    }
}

/// Notices that some instance changed which dataset versions are current ([`crate::Store::publicaties`]).
#[derive(Debug)]
pub struct Publicaties(sqlx::postgres::PgListener);

impl Publicaties {
    /// Waits for the next notice. A lost connection is made again here; notices sent while it was down are lost,
    /// which is why the caller also polls.
    pub async fn volgende(&mut self) -> Result<(), StoreError> {
        self.0.recv().await?;
        Ok(())
    }
}

/// The connect options of a postgres URL.
fn opties(url: &DatabaseUrl) -> Result<PgConnectOptions, StoreError> {
    let DatabaseUrl::Postgres { url: raw } = url else {
        return Err(StoreError::InvalidUrl(format!("{url} is not a postgres URL")));
    };
    PgConnectOptions::from_str(raw).map_err(|source| StoreError::Connect { url: url.redacted(), source })
}

/// A pool of at most `max` connections; an error names the (redacted) URL.
async fn verbind(url: &DatabaseUrl, options: PgConnectOptions, max: u32) -> Result<PgPool, StoreError> {
    PgPoolOptions::new()
        .max_connections(max)
        .acquire_timeout(crate::CONNECT_TIMEOUT)
        .connect_with(options)
        .await
        .map_err(|source| StoreError::Connect { url: url.redacted(), source })
}

/// Runs one statement (about a schema: checked names only) on a connection of its own.
async fn op_eigen_verbinding(url: &DatabaseUrl, options: PgConnectOptions, sql: String) -> Result<(), StoreError> {
    let pool = verbind(url, options, 1).await?;
    sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&pool).await?;
    pool.close().await;
    Ok(())
}

fn valid_schema(schema: &str) -> Result<(), StoreError> {
    let ok = !schema.is_empty() && schema.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ok { Ok(()) } else { Err(StoreError::InvalidUrl(format!("invalid schema name \"{schema}\""))) }
}

impl Backend for PgStore {
    type DB = Postgres;

    // Share-lock the aanvraag so that a submit cannot slip in between the check and the delete.
    const CLAIM: &'static str = "FOR UPDATE SKIP LOCKED";

    const EEN_TEGELIJK: Option<&'static str> = Some("SELECT pg_try_advisory_xact_lock(hashtext($1))");

    const MELD_PUBLICATIE: Option<&'static str> = Some("SELECT pg_notify($1, '')");

    const DOCUMENT_STATUS_SQL: &'static str =
        "SELECT a.status FROM document d JOIN aanvraag a ON a.id = d.aanvraag_id WHERE d.id = $1 FOR SHARE OF a";

    fn lezers(&self) -> &Pool<Postgres> {
        &self.pool
    }

    fn schrijver(&self) -> &Pool<Postgres> {
        &self.pool
    }

    async fn begin_schrijven(&self) -> Result<Transaction<'static, Postgres>, StoreError> {
        Ok(self.pool.begin().await?)
    }

    /// Takes a transaction-scoped advisory lock on the dataset's name.
    async fn begin_publicatie(
        &self,
        kind: DatasetKind,
        sleutel: &str,
    ) -> Result<Transaction<'static, Postgres>, StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))")
            .bind(format!("{kind}/{sleutel}"))
            .execute(&mut *tx)
            .await?;
        Ok(tx)
    }

    async fn indienen(&self, nieuw: NieuweZaak<'_>) -> Result<Indiening, StoreError> {
        // One statement, so one round trip and one implicit transaction, committed and flushed (synchronous_commit
        // is on for every connection of this store) before the answer comes. It claims the aanvraag first: a
        // concurrent submit of the same one waits for that row, then finds it submitted and makes nothing. The
        // year's counter row stays locked only until this commit: numbers follow commit order, without gaps.
        let id = ZaakId::nieuw();
        let feit = stip_zaak::rapportage::Feit::nieuw(
            id.0,
            "",
            "",
            nieuw.team,
            nieuw.behandelaar,
            nieuw.procedure,
            nieuw.status,
            nieuw.ingediend,
            nieuw.uiterste_beslisdatum,
            nieuw.inhoud,
        );
        let (feit_ontvangen, feit_groepen) = (feit.ontvangen, crate::rapportage::groepen_kolom(&feit));
        // A new case counts on one day only, the day it came in.
        let [(sleutel, telling)]: [_; 1] = stip_zaak::rapportage::telling::verschil(None, &feit)
            .try_into()
            .map_err(|_| StoreError::Corrupt("a new case counts on its day of receipt only".into()))?;
        let (team, procedure, groepen) = crate::rapportage::sleutel_kolommen(&sleutel);
        let feit = serde_json::to_value(&feit).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let row = sqlx::query(concat!(
            "WITH claim AS (
                UPDATE aanvraag SET status = 'ingediend', gewijzigd = $1, versie = versie + 1
                WHERE id = $2 AND status = 'concept' AND versie = $3
                RETURNING id, aanvrager, bevoegd_gezag
            ), teller AS (
                INSERT INTO zaaknummer_teller (jaar, laatste) SELECT $4, 1 FROM claim
                ON CONFLICT (jaar) DO UPDATE SET laatste = zaaknummer_teller.laatste + 1
                RETURNING laatste
            ), nieuw AS (
                INSERT INTO zaak (id, zaaknummer, aanvraag_id, idempotentie_sleutel, aanvrager, bevoegd_gezag, team,
                    behandelaar, procedure, status, ingediend, uiterste_beslisdatum, titel, locatie, perceel, openbaar,
                    inhoud, laatste_volgnummer, gewijzigd)
                SELECT $5, 'Z-' || $4::text || '-' || lpad(t.laatste::text, greatest(6, length(t.laatste::text)), '0'),
                    c.id, $6, c.aanvrager, c.bevoegd_gezag, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 1, $1
                FROM claim c, teller t
                RETURNING *
            ), eerste AS (
                INSERT INTO gebeurtenis (zaak_id, volgnummer, soort, door, door_naam, op, gegevens)
                SELECT id, 1, $18, $19, $20, $21, $22 FROM nieuw
            ), feit AS (
                -- The reports' rollup, in this one statement: the fact made in Rust, with the number and authority
                -- the statement gives.
                INSERT INTO zaak_feit (zaak_id, bevoegd_gezag, ontvangen, besloten, open_zaak, termijn, team,
                    procedure, groepen, feit, geteld)
                SELECT id, bevoegd_gezag, $24, NULL, TRUE, uiterste_beslisdatum, team, procedure, $25,
                    jsonb_set(jsonb_set($23::jsonb, '{zaaknummer}', to_jsonb(zaaknummer)),
                        '{bevoegdGezag}', to_jsonb(bevoegd_gezag))::text, TRUE
                FROM nieuw
            ), verschil AS (
                -- And what it adds to the per-day rollup, appended (a report reads it until it is folded in).
                INSERT INTO zaak_telling_verschil (bevoegd_gezag, dag, team, procedure, groepen, telling)
                SELECT bevoegd_gezag, $24, $26, $27, $28, $29 FROM nieuw
            )
            SELECT ",
            zaak_columns!(),
            " FROM nieuw"
        ))
        .bind(nu())
        .bind(nieuw.aanvraag_id.0)
        .bind(nieuw.aanvraag_versie)
        .bind(i64::from(nieuw.ingediend.year()))
        .bind(id.0)
        .bind(nieuw.idempotentie_sleutel)
        .bind(nieuw.team)
        .bind(nieuw.behandelaar)
        .bind(nieuw.procedure)
        .bind(nieuw.status)
        .bind(moment(nieuw.ingediend))
        .bind(nieuw.uiterste_beslisdatum)
        .bind(nieuw.titel)
        .bind(nieuw.locatie)
        .bind(nieuw.perceel)
        .bind(nieuw.openbaar)
        .bind(nieuw.inhoud.to_string())
        .bind(nieuw.eerste_gebeurtenis.soort)
        .bind(nieuw.eerste_gebeurtenis.door)
        .bind(nieuw.eerste_gebeurtenis.door_naam)
        .bind(moment(nieuw.eerste_gebeurtenis.op))
        .bind(nieuw.eerste_gebeurtenis.gegevens.to_string())
        .bind(feit.to_string())
        .bind(feit_ontvangen)
        .bind(feit_groepen)
        .bind(team)
        .bind(procedure)
        .bind(groepen)
        .bind(crate::rapportage::telling_json(&telling)?)
        .fetch_optional(&self.pool)
        .await?;
        if let Some(row) = row {
            return Ok(Indiening { zaak: zaak_uit(&row)?, nieuw: true });
        }
        let mut conn = self.pool.acquire().await?;
        PgStore::waarom_geen_zaak(&mut conn, nieuw.aanvraag_id, nieuw.aanvraag_versie, nieuw.idempotentie_sleutel).await
    }
}

gedeelde_repositories!(PgStore, Postgres);
crate::leges::leges_repository!(PgStore);
crate::review::review_repository!(PgStore);
crate::initiatief::initiatief_repository!(PgStore);
crate::verzoek::verzoek_repository!(PgStore);
crate::toezicht::toezicht_repository!(PgStore);
crate::rapportage::rapportage_repository!(PgStore);
crate::bekendmaking::bekendmaking_repository!(PgStore, Postgres);
