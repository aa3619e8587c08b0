//! The PostgreSQL backend: the production store for larger municipalities and several stip instances.

use crate::aanvraag::{
    aanvraag_columns, aanvraag_niet_gevonden, aanvraag_uit, bijwerken_geweigerd, document_niet_gevonden,
    document_select, document_uit, heel_document, sha256_hex, verwijderen_mag,
};
use crate::dataset::{CHUNK_BYTES, join_parts, meta_columns, meta_from_parts};
use crate::gebruiker::{self, gebruiker_columns, gebruiker_from_parts, sessie_columns};
use crate::hulpvraag::{hulpvraag_columns, hulpvraag_from_parts, insert_waarden, niet_gevonden};
use crate::rij::{moment, nu};
use crate::zaak::{
    gebeurtenis_columns, gebeurtenis_geweigerd, gebeurtenis_uit, indiening_geweigerd, pagina, paginagrootte, tel_sql,
    werkvoorraad_sql, zaak_columns, zaak_niet_gevonden, zaak_uit,
};
use crate::{
    Aanvraag, AanvraagGegevens, AanvraagId, AanvraagRepository, DatabaseUrl, DatasetId, DatasetKind, DatasetMeta,
    DatasetRepository, Document, DocumentId, Gebeurtenis, Gebruiker, GebruikerId, GebruikerRepository, Hulpvraag,
    HulpvraagId, HulpvraagRepository, Indiening, Inloglink, NewDataset, NieuwDocument, NieuweGebeurtenis,
    NieuweGebruiker, NieuweHulpvraag, NieuweInloglink, NieuweSessie, NieuweZaak, Rol, Sessie, SessieId, StoreError,
    Zaak, ZaakFilter, ZaakId, ZaakPagina, ZaakRepository, ZaakStand, normaliseer_email,
};
use sqlx::Row;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions, PgRow, Postgres};
use std::str::FromStr;
use time::OffsetDateTime;
use uuid::Uuid;

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
        // An acknowledged write is on disk, whatever the server's default says.
        let options = options.options([("synchronous_commit", "on")]);
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

fn gebruiker(row: &PgRow) -> Result<Gebruiker, StoreError> {
    gebruiker_from_parts(
        row.try_get("id")?,
        row.try_get("email")?,
        row.try_get("naam")?,
        row.try_get("wachtwoord_hash")?,
        row.try_get("bevoegd_gezag")?,
        row.try_get("team")?,
        row.try_get("oidc_issuer")?,
        row.try_get("oidc_subject")?,
        row.try_get("aangemaakt")?,
        row.try_get("rollen")?,
    )
}

fn sessie(row: &PgRow, prefix: &str) -> Result<Sessie, StoreError> {
    let kolom = |k: &str| format!("{prefix}{k}");
    Ok(Sessie {
        id: SessieId(row.try_get(kolom("id").as_str())?),
        gebruiker: GebruikerId(row.try_get("gebruiker_id")?),
        aangemaakt: row.try_get(kolom("aangemaakt").as_str())?,
        laatst_gebruikt: row.try_get("laatst_gebruikt")?,
        verloopt: row.try_get("verloopt")?,
    })
}

impl PgStore {
    async fn gebruiker_in(conn: &mut sqlx::PgConnection, id: GebruikerId) -> Result<Gebruiker, StoreError> {
        let row = sqlx::query(concat!("SELECT ", gebruiker_columns!(), " FROM gebruikers_met_rollen WHERE id = $1"))
            .bind(id.0)
            .fetch_optional(conn)
            .await?;
        row.as_ref().map(gebruiker).unwrap_or_else(|| Err(gebruiker::niet_gevonden(id)))
    }

    async fn zet_rollen_in(conn: &mut sqlx::PgConnection, id: GebruikerId, rollen: &[Rol]) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM gebruiker_rollen WHERE gebruiker_id = $1").bind(id.0).execute(&mut *conn).await?;
        for rol in Rol::ALLE.into_iter().filter(|r| rollen.contains(r)) {
            sqlx::query("INSERT INTO gebruiker_rollen (gebruiker_id, rol) VALUES ($1, $2)")
                .bind(id.0)
                .bind(rol.as_str())
                .execute(&mut *conn)
                .await?;
        }
        Ok(())
    }
}

impl GebruikerRepository for PgStore {
    async fn maak_gebruiker(&self, nieuw: NieuweGebruiker<'_>) -> Result<Gebruiker, StoreError> {
        let id = GebruikerId::nieuw();
        let email = nieuw.email.map(normaliseer_email);
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO gebruikers (id, email, naam, wachtwoord_hash, bevoegd_gezag, team, oidc_issuer, oidc_subject, aangemaakt)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(id.0)
        .bind(email)
        .bind(nieuw.naam)
        .bind(nieuw.wachtwoord_hash)
        .bind(nieuw.bevoegd_gezag)
        .bind(nieuw.team)
        .bind(nieuw.oidc.map(|o| o.0))
        .bind(nieuw.oidc.map(|o| o.1))
        .bind(gebruiker::nu())
        .execute(&mut *tx)
        .await
        .map_err(|e| gebruiker::vertaal(e, id))?;
        Self::zet_rollen_in(&mut tx, id, nieuw.rollen).await?;
        let g = Self::gebruiker_in(&mut tx, id).await?;
        tx.commit().await?;
        Ok(g)
    }

    async fn gebruiker(&self, id: GebruikerId) -> Result<Gebruiker, StoreError> {
        Self::gebruiker_in(&mut *self.pool.acquire().await?, id).await
    }

    async fn gebruiker_per_email(&self, email: &str) -> Result<Option<Gebruiker>, StoreError> {
        let row = sqlx::query(concat!("SELECT ", gebruiker_columns!(), " FROM gebruikers_met_rollen WHERE email = $1"))
            .bind(normaliseer_email(email))
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(gebruiker).transpose()
    }

    async fn gebruiker_per_oidc(&self, issuer: &str, subject: &str) -> Result<Option<Gebruiker>, StoreError> {
        let row = sqlx::query(concat!(
            "SELECT ",
            gebruiker_columns!(),
            " FROM gebruikers_met_rollen WHERE oidc_issuer = $1 AND oidc_subject = $2"
        ))
        .bind(issuer)
        .bind(subject)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(gebruiker).transpose()
    }

    async fn koppel_oidc(&self, id: GebruikerId, issuer: &str, subject: &str) -> Result<Gebruiker, StoreError> {
        let mut tx = self.pool.begin().await?;
        let r = sqlx::query("UPDATE gebruikers SET oidc_issuer = $1, oidc_subject = $2 WHERE id = $3")
            .bind(issuer)
            .bind(subject)
            .bind(id.0)
            .execute(&mut *tx)
            .await
            .map_err(|e| gebruiker::vertaal(e, id))?;
        if r.rows_affected() == 0 {
            return Err(gebruiker::niet_gevonden(id));
        }
        let g = Self::gebruiker_in(&mut tx, id).await?;
        tx.commit().await?;
        Ok(g)
    }

    async fn zet_wachtwoord(&self, id: GebruikerId, wachtwoord_hash: Option<&str>) -> Result<(), StoreError> {
        let r = sqlx::query("UPDATE gebruikers SET wachtwoord_hash = $1 WHERE id = $2")
            .bind(wachtwoord_hash)
            .bind(id.0)
            .execute(&self.pool)
            .await?;
        if r.rows_affected() == 0 { Err(gebruiker::niet_gevonden(id)) } else { Ok(()) }
    }

    async fn zet_rollen(
        &self,
        id: GebruikerId,
        rollen: &[Rol],
        bevoegd_gezag: Option<&str>,
        team: Option<&str>,
    ) -> Result<Gebruiker, StoreError> {
        let mut tx = self.pool.begin().await?;
        let r = sqlx::query("UPDATE gebruikers SET bevoegd_gezag = $1, team = $2 WHERE id = $3")
            .bind(bevoegd_gezag)
            .bind(team)
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        if r.rows_affected() == 0 {
            return Err(gebruiker::niet_gevonden(id));
        }
        Self::zet_rollen_in(&mut tx, id, rollen).await?;
        let g = Self::gebruiker_in(&mut tx, id).await?;
        tx.commit().await?;
        Ok(g)
    }

    async fn gebruikers(&self, zoek: &str, limiet: u32) -> Result<Vec<Gebruiker>, StoreError> {
        let patroon = gebruiker::zoekpatroon(zoek);
        sqlx::query(concat!(
            "SELECT ",
            gebruiker_columns!(),
            " FROM gebruikers_met_rollen WHERE lower(naam) LIKE $1 ESCAPE '\\' OR email LIKE $2 ESCAPE '\\'
             ORDER BY lower(naam), id LIMIT $3"
        ))
        .bind(&patroon)
        .bind(&patroon)
        .bind(i64::from(limiet))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(gebruiker)
        .collect()
    }

    async fn start_sessie(&self, nieuw: NieuweSessie<'_>) -> Result<Sessie, StoreError> {
        let nu = gebruiker::nu();
        let row = sqlx::query(concat!(
            "INSERT INTO sessies (id, token_hash, gebruiker_id, aangemaakt, laatst_gebruikt, verloopt)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING ",
            sessie_columns!()
        ))
        .bind(Uuid::now_v7())
        .bind(nieuw.token_hash)
        .bind(nieuw.gebruiker.0)
        .bind(nu)
        .bind(nu)
        .bind(nieuw.verloopt)
        .fetch_one(&self.pool)
        .await
        .map_err(|e| gebruiker::vertaal(e, nieuw.gebruiker))?;
        sessie(&row, "")
    }

    async fn sessie(&self, token_hash: &str) -> Result<Option<(Sessie, Gebruiker)>, StoreError> {
        let row = sqlx::query(
            "SELECT s.id AS sessie_id, s.gebruiker_id, s.aangemaakt AS sessie_aangemaakt, s.laatst_gebruikt, s.verloopt,
                    g.id, g.email, g.naam, g.wachtwoord_hash, g.bevoegd_gezag, g.team, g.oidc_issuer, g.oidc_subject,
                    g.aangemaakt, g.rollen
             FROM sessies s JOIN gebruikers_met_rollen g ON g.id = s.gebruiker_id
             WHERE s.token_hash = $1 AND s.beeindigd IS NULL",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let s = sessie(&row, "sessie_")?;
        if s.verloopt <= OffsetDateTime::now_utc() {
            return Ok(None);
        }
        Ok(Some((s, gebruiker(&row)?)))
    }

    async fn ververs_sessie(&self, id: SessieId) -> Result<(), StoreError> {
        sqlx::query("UPDATE sessies SET laatst_gebruikt = $1 WHERE id = $2 AND beeindigd IS NULL")
            .bind(gebruiker::nu())
            .bind(id.0)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn beeindig_sessie(&self, id: SessieId) -> Result<(), StoreError> {
        sqlx::query("UPDATE sessies SET beeindigd = $1 WHERE id = $2 AND beeindigd IS NULL")
            .bind(gebruiker::nu())
            .bind(id.0)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn beeindig_sessies_van(&self, gebruiker: GebruikerId) -> Result<u64, StoreError> {
        let r = sqlx::query("UPDATE sessies SET beeindigd = $1 WHERE gebruiker_id = $2 AND beeindigd IS NULL")
            .bind(gebruiker::nu())
            .bind(gebruiker.0)
            .execute(&self.pool)
            .await?;
        Ok(r.rows_affected())
    }

    async fn maak_inloglink(&self, nieuw: NieuweInloglink<'_>) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO inloglinks (token_hash, email, gebruiker_id, aangemaakt, verloopt) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(nieuw.token_hash)
        .bind(normaliseer_email(nieuw.email))
        .bind(nieuw.gebruiker.0)
        .bind(gebruiker::nu())
        .bind(nieuw.verloopt)
        .execute(&self.pool)
        .await
        .map_err(|e| gebruiker::vertaal(e, nieuw.gebruiker))?;
        Ok(())
    }

    async fn gebruik_inloglink(&self, token_hash: &str) -> Result<Option<Inloglink>, StoreError> {
        let row = sqlx::query(
            "UPDATE inloglinks SET gebruikt = $1 WHERE token_hash = $2 AND gebruikt IS NULL
             RETURNING email, gebruiker_id, aangemaakt, verloopt",
        )
        .bind(gebruiker::nu())
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let link = Inloglink {
            email: row.try_get("email")?,
            gebruiker: GebruikerId(row.try_get("gebruiker_id")?),
            aangemaakt: row.try_get("aangemaakt")?,
            verloopt: row.try_get("verloopt")?,
        };
        Ok((link.verloopt > OffsetDateTime::now_utc()).then_some(link))
    }
}
impl AanvraagRepository for PgStore {
    async fn maak_aanvraag(&self, aanvrager: Uuid, gegevens: AanvraagGegevens<'_>) -> Result<Aanvraag, StoreError> {
        let nu = nu();
        let row = sqlx::query(concat!(
            "INSERT INTO aanvraag (id, aanvrager, bevoegd_gezag, titel, inhoud, status, aangemaakt, gewijzigd, versie)
             VALUES ($1, $2, $3, $4, $5, 'concept', $6, $6, 1) RETURNING ",
            aanvraag_columns!()
        ))
        .bind(AanvraagId::nieuw().0)
        .bind(aanvrager)
        .bind(gegevens.bevoegd_gezag)
        .bind(gegevens.titel)
        .bind(gegevens.inhoud.to_string())
        .bind(nu)
        .fetch_one(&self.pool)
        .await?;
        aanvraag_uit(&row)
    }

    async fn aanvraag(&self, id: AanvraagId) -> Result<Aanvraag, StoreError> {
        let row = sqlx::query(concat!("SELECT ", aanvraag_columns!(), " FROM aanvraag WHERE id = $1"))
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(aanvraag_uit).unwrap_or_else(|| Err(aanvraag_niet_gevonden(id)))
    }

    async fn werk_aanvraag_bij(
        &self,
        id: AanvraagId,
        verwachte_versie: i64,
        gegevens: AanvraagGegevens<'_>,
    ) -> Result<Aanvraag, StoreError> {
        // One statement: the row lock makes a concurrent save wait, then re-check the version and find it stale.
        let row = sqlx::query(concat!(
            "UPDATE aanvraag SET bevoegd_gezag = $1, titel = $2, inhoud = $3, gewijzigd = $4, versie = versie + 1
             WHERE id = $5 AND versie = $6 AND status = 'concept' RETURNING ",
            aanvraag_columns!()
        ))
        .bind(gegevens.bevoegd_gezag)
        .bind(gegevens.titel)
        .bind(gegevens.inhoud.to_string())
        .bind(nu())
        .bind(id.0)
        .bind(verwachte_versie)
        .fetch_optional(&self.pool)
        .await?;
        if let Some(row) = row {
            return aanvraag_uit(&row);
        }
        let nu: Option<(String, i64)> = sqlx::query_as("SELECT status, versie FROM aanvraag WHERE id = $1")
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?;
        bijwerken_geweigerd(id, verwachte_versie, nu)
    }

    async fn aanvragen_van(&self, aanvrager: Uuid) -> Result<Vec<Aanvraag>, StoreError> {
        sqlx::query(concat!(
            "SELECT ",
            aanvraag_columns!(),
            " FROM aanvraag WHERE aanvrager = $1 ORDER BY gewijzigd DESC, id DESC"
        ))
        .bind(aanvrager)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(aanvraag_uit)
        .collect()
    }

    async fn voeg_document_toe(&self, nieuw: NieuwDocument<'_>) -> Result<Document, StoreError> {
        let sha256 = sha256_hex(nieuw.inhoud);
        let id = DocumentId::nieuw();
        let mut tx = self.pool.begin().await?;
        let toegevoegd = sqlx::query(
            "INSERT INTO document (id, aanvraag_id, naam, mediatype, soort, grootte, sha256, geupload)
             SELECT $1, id, $2, $3, $4, $5, $6, $7 FROM aanvraag WHERE id = $8",
        )
        .bind(id.0)
        .bind(nieuw.naam)
        .bind(nieuw.mediatype)
        .bind(nieuw.soort)
        .bind(nieuw.inhoud.len() as i64)
        .bind(&sha256)
        .bind(nu())
        .bind(nieuw.aanvraag_id.0)
        .execute(&mut *tx)
        .await?;
        if toegevoegd.rows_affected() == 0 {
            return Err(aanvraag_niet_gevonden(nieuw.aanvraag_id));
        }
        for (volgnummer, deel) in nieuw.inhoud.chunks(CHUNK_BYTES).enumerate() {
            sqlx::query("INSERT INTO document_deel (document_id, volgnummer, inhoud) VALUES ($1, $2, $3)")
                .bind(id.0)
                .bind(volgnummer as i32)
                .bind(deel)
                .execute(&mut *tx)
                .await?;
        }
        let row = sqlx::query(concat!(document_select!(), " WHERE d.id = $1")).bind(id.0).fetch_one(&mut *tx).await?;
        let document = document_uit(&row)?;
        tx.commit().await?;
        Ok(document)
    }

    async fn document(&self, id: DocumentId) -> Result<Document, StoreError> {
        let row =
            sqlx::query(concat!(document_select!(), " WHERE d.id = $1")).bind(id.0).fetch_optional(&self.pool).await?;
        row.as_ref().map(document_uit).unwrap_or_else(|| Err(document_niet_gevonden(id)))
    }

    async fn document_inhoud(&self, id: DocumentId) -> Result<Vec<u8>, StoreError> {
        // A document's chunks never change once committed; no snapshot across the two reads is needed.
        let bestaat: Option<i64> = sqlx::query_scalar("SELECT grootte FROM document WHERE id = $1")
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?;
        let Some(grootte) = bestaat else { return Err(document_niet_gevonden(id)) };
        let delen: Vec<Vec<u8>> =
            sqlx::query_scalar("SELECT inhoud FROM document_deel WHERE document_id = $1 ORDER BY volgnummer")
                .bind(id.0)
                .fetch_all(&self.pool)
                .await?;
        heel_document(id, grootte, delen)
    }

    async fn documenten(&self, aanvraag_id: AanvraagId) -> Result<Vec<Document>, StoreError> {
        sqlx::query(concat!(document_select!(), " WHERE d.aanvraag_id = $1 ORDER BY d.geupload, d.id"))
            .bind(aanvraag_id.0)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(document_uit)
            .collect()
    }

    async fn verwijder_document(&self, id: DocumentId) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        // Share-lock the aanvraag so that a submit cannot slip in between the check and the delete.
        let status: Option<String> = sqlx::query_scalar(
            "SELECT a.status FROM document d JOIN aanvraag a ON a.id = d.aanvraag_id WHERE d.id = $1 FOR SHARE OF a",
        )
        .bind(id.0)
        .fetch_optional(&mut *tx)
        .await?;
        verwijderen_mag(id, status.as_deref())?;
        sqlx::query("DELETE FROM document WHERE id = $1").bind(id.0).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }
}

impl ZaakRepository for PgStore {
    async fn dien_in(&self, nieuw: NieuweZaak<'_>) -> Result<Indiening, StoreError> {
        // One statement, so one round trip and one implicit transaction, committed and flushed (synchronous_commit
        // is on for every connection of this store) before the answer comes. It claims the aanvraag first: a
        // concurrent submit of the same one waits for that row, then finds it submitted and makes nothing. The
        // year's counter row stays locked only until this commit: numbers follow commit order, without gaps.
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
            )
            SELECT ",
            zaak_columns!(),
            " FROM nieuw"
        ))
        .bind(nu())
        .bind(nieuw.aanvraag_id.0)
        .bind(nieuw.aanvraag_versie)
        .bind(i64::from(nieuw.ingediend.year()))
        .bind(ZaakId::nieuw().0)
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
        .fetch_optional(&self.pool)
        .await?;
        if let Some(row) = row {
            return Ok(Indiening { zaak: zaak_uit(&row)?, nieuw: true });
        }
        let stand: Option<(String, i64)> = sqlx::query_as("SELECT status, versie FROM aanvraag WHERE id = $1")
            .bind(nieuw.aanvraag_id.0)
            .fetch_optional(&self.pool)
            .await?;
        let bestaand =
            sqlx::query(concat!("SELECT ", zaak_columns!(), ", idempotentie_sleutel FROM zaak WHERE aanvraag_id = $1"))
                .bind(nieuw.aanvraag_id.0)
                .fetch_optional(&self.pool)
                .await?;
        let bestaand = match bestaand {
            Some(row) => Some((zaak_uit(&row)?, row.try_get("idempotentie_sleutel")?)),
            None => None,
        };
        indiening_geweigerd(nieuw.aanvraag_id, nieuw.aanvraag_versie, nieuw.idempotentie_sleutel, stand, bestaand)
    }

    async fn zaak(&self, id: ZaakId) -> Result<Zaak, StoreError> {
        let row = sqlx::query(concat!("SELECT ", zaak_columns!(), " FROM zaak WHERE id = $1"))
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(zaak_uit).unwrap_or_else(|| Err(zaak_niet_gevonden(id)))
    }

    async fn zaak_per_nummer(&self, nummer: &str) -> Result<Zaak, StoreError> {
        let row = sqlx::query(concat!("SELECT ", zaak_columns!(), " FROM zaak WHERE zaaknummer = $1"))
            .bind(nummer)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(zaak_uit).unwrap_or_else(|| Err(zaak_niet_gevonden(nummer)))
    }

    async fn zaak_van_aanvraag(&self, aanvraag_id: AanvraagId) -> Result<Option<Zaak>, StoreError> {
        let row = sqlx::query(concat!("SELECT ", zaak_columns!(), " FROM zaak WHERE aanvraag_id = $1"))
            .bind(aanvraag_id.0)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(zaak_uit).transpose()
    }

    async fn zaken_op_perceel(&self, perceel: &str) -> Result<Vec<Zaak>, StoreError> {
        sqlx::query(concat!("SELECT ", zaak_columns!(), " FROM zaak WHERE perceel = $1 ORDER BY ingediend, zaaknummer"))
            .bind(perceel)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(zaak_uit)
            .collect()
    }

    async fn zaken_van(&self, aanvrager: Uuid) -> Result<Vec<Zaak>, StoreError> {
        sqlx::query(concat!(
            "SELECT ",
            zaak_columns!(),
            " FROM zaak WHERE aanvrager = $1 ORDER BY ingediend DESC, zaaknummer DESC"
        ))
        .bind(aanvrager)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(zaak_uit)
        .collect()
    }

    async fn voeg_gebeurtenis_toe(
        &self,
        zaak_id: ZaakId,
        verwacht_volgnummer: i64,
        gebeurtenis: NieuweGebeurtenis<'_>,
        stand: ZaakStand<'_>,
    ) -> Result<Zaak, StoreError> {
        let mut tx = self.pool.begin().await?;
        // The zaak's row lock serialises appends: a concurrent one waits, then re-checks the volgnummer and misses.
        let row = sqlx::query(concat!(
            "UPDATE zaak SET laatste_volgnummer = laatste_volgnummer + 1, status = $1, uiterste_beslisdatum = $2,
                team = CASE WHEN $3 THEN $4 ELSE team END,
                behandelaar = CASE WHEN $5 THEN $6 ELSE behandelaar END,
                openbaar = COALESCE($7, openbaar), gewijzigd = $8
             WHERE id = $9 AND laatste_volgnummer = $10 RETURNING ",
            zaak_columns!()
        ))
        .bind(stand.status)
        .bind(stand.uiterste_beslisdatum)
        .bind(stand.team.is_some())
        .bind(stand.team.flatten())
        .bind(stand.behandelaar.is_some())
        .bind(stand.behandelaar.flatten())
        .bind(stand.openbaar)
        .bind(nu())
        .bind(zaak_id.0)
        .bind(verwacht_volgnummer)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            tx.rollback().await?;
            let laatste: Option<i64> = sqlx::query_scalar("SELECT laatste_volgnummer FROM zaak WHERE id = $1")
                .bind(zaak_id.0)
                .fetch_optional(&self.pool)
                .await?;
            return gebeurtenis_geweigerd(zaak_id, verwacht_volgnummer, laatste);
        };
        let zaak = zaak_uit(&row)?;
        voeg_gebeurtenis_in(&mut tx, zaak_id, verwacht_volgnummer + 1, &gebeurtenis).await?;
        tx.commit().await?;
        Ok(zaak)
    }

    async fn gebeurtenissen(&self, zaak_id: ZaakId) -> Result<Vec<Gebeurtenis>, StoreError> {
        sqlx::query(concat!(
            "SELECT ",
            gebeurtenis_columns!(),
            " FROM gebeurtenis WHERE zaak_id = $1 ORDER BY volgnummer"
        ))
        .bind(zaak_id.0)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(gebeurtenis_uit)
        .collect()
    }

    async fn zaken(&self, filter: &ZaakFilter, limiet: u32) -> Result<ZaakPagina, StoreError> {
        let grootte = paginagrootte(limiet);
        let rows = werkvoorraad_sql::<Postgres>(filter, grootte).build().fetch_all(&self.pool).await?;
        Ok(pagina(rows.iter().map(zaak_uit).collect::<Result<_, _>>()?, grootte))
    }

    async fn tel_zaken(&self, filter: &ZaakFilter) -> Result<i64, StoreError> {
        Ok(tel_sql::<Postgres>(filter).build_query_scalar().fetch_one(&self.pool).await?)
    }
}

/// Inserts event `volgnummer` of a zaak inside a running transaction.
async fn voeg_gebeurtenis_in(
    tx: &mut sqlx::Transaction<'static, Postgres>,
    zaak_id: ZaakId,
    volgnummer: i64,
    g: &NieuweGebeurtenis<'_>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO gebeurtenis (zaak_id, volgnummer, soort, door, door_naam, op, gegevens)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(zaak_id.0)
    .bind(volgnummer)
    .bind(g.soort)
    .bind(g.door)
    .bind(g.door_naam)
    .bind(moment(g.op))
    .bind(g.gegevens.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}
