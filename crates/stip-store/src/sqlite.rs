//! The SQLite backend: the embedded default, in WAL mode with full durability for acknowledged writes.

use crate::dataset::{CHUNK_BYTES, join_parts, meta_columns, meta_from_parts};
use crate::gebruiker::{self, gebruiker_columns, gebruiker_from_parts, sessie_columns};
use crate::hulpvraag::{hulpvraag_columns, hulpvraag_from_parts, insert_waarden, niet_gevonden};
use crate::{
    DatabaseUrl, DatasetId, DatasetKind, DatasetMeta, DatasetRepository, Gebruiker, GebruikerId, GebruikerRepository,
    Hulpvraag, HulpvraagId, HulpvraagRepository, Inloglink, NewDataset, NieuweGebruiker, NieuweHulpvraag,
    NieuweInloglink, NieuweSessie, Rol, Sessie, SessieId, StoreError, normaliseer_email,
};
use sqlx::Row;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow, SqliteSynchronous,
};
use time::OffsetDateTime;
use uuid::Uuid;

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

fn gebruiker(row: &SqliteRow) -> Result<Gebruiker, StoreError> {
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

fn sessie(row: &SqliteRow, prefix: &str) -> Result<Sessie, StoreError> {
    let kolom = |k: &str| format!("{prefix}{k}");
    Ok(Sessie {
        id: SessieId(row.try_get(kolom("id").as_str())?),
        gebruiker: GebruikerId(row.try_get("gebruiker_id")?),
        aangemaakt: row.try_get(kolom("aangemaakt").as_str())?,
        laatst_gebruikt: row.try_get("laatst_gebruikt")?,
        verloopt: row.try_get("verloopt")?,
    })
}

impl SqliteStore {
    async fn gebruiker_in(conn: &mut sqlx::SqliteConnection, id: GebruikerId) -> Result<Gebruiker, StoreError> {
        let row = sqlx::query(concat!("SELECT ", gebruiker_columns!(), " FROM gebruikers_met_rollen WHERE id = ?"))
            .bind(id.0)
            .fetch_optional(conn)
            .await?;
        row.as_ref().map(gebruiker).unwrap_or_else(|| Err(gebruiker::niet_gevonden(id)))
    }

    async fn zet_rollen_in(
        conn: &mut sqlx::SqliteConnection,
        id: GebruikerId,
        rollen: &[Rol],
    ) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM gebruiker_rollen WHERE gebruiker_id = ?").bind(id.0).execute(&mut *conn).await?;
        for rol in Rol::ALLE.into_iter().filter(|r| rollen.contains(r)) {
            sqlx::query("INSERT INTO gebruiker_rollen (gebruiker_id, rol) VALUES (?, ?)")
                .bind(id.0)
                .bind(rol.as_str())
                .execute(&mut *conn)
                .await?;
        }
        Ok(())
    }
}

impl GebruikerRepository for SqliteStore {
    async fn maak_gebruiker(&self, nieuw: NieuweGebruiker<'_>) -> Result<Gebruiker, StoreError> {
        let id = GebruikerId::nieuw();
        let email = nieuw.email.map(normaliseer_email);
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO gebruikers (id, email, naam, wachtwoord_hash, bevoegd_gezag, team, oidc_issuer, oidc_subject, aangemaakt)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
        let row = sqlx::query(concat!("SELECT ", gebruiker_columns!(), " FROM gebruikers_met_rollen WHERE email = ?"))
            .bind(normaliseer_email(email))
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(gebruiker).transpose()
    }

    async fn gebruiker_per_oidc(&self, issuer: &str, subject: &str) -> Result<Option<Gebruiker>, StoreError> {
        let row = sqlx::query(concat!(
            "SELECT ",
            gebruiker_columns!(),
            " FROM gebruikers_met_rollen WHERE oidc_issuer = ? AND oidc_subject = ?"
        ))
        .bind(issuer)
        .bind(subject)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(gebruiker).transpose()
    }

    async fn koppel_oidc(&self, id: GebruikerId, issuer: &str, subject: &str) -> Result<Gebruiker, StoreError> {
        let mut tx = self.pool.begin().await?;
        let r = sqlx::query("UPDATE gebruikers SET oidc_issuer = ?, oidc_subject = ? WHERE id = ?")
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
        let r = sqlx::query("UPDATE gebruikers SET wachtwoord_hash = ? WHERE id = ?")
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
        let r = sqlx::query("UPDATE gebruikers SET bevoegd_gezag = ?, team = ? WHERE id = ?")
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
            " FROM gebruikers_met_rollen WHERE lower(naam) LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\'
             ORDER BY lower(naam), id LIMIT ?"
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
             VALUES (?, ?, ?, ?, ?, ?) RETURNING ",
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
             WHERE s.token_hash = ? AND s.beeindigd IS NULL",
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
        sqlx::query("UPDATE sessies SET laatst_gebruikt = ? WHERE id = ? AND beeindigd IS NULL")
            .bind(gebruiker::nu())
            .bind(id.0)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn beeindig_sessie(&self, id: SessieId) -> Result<(), StoreError> {
        sqlx::query("UPDATE sessies SET beeindigd = ? WHERE id = ? AND beeindigd IS NULL")
            .bind(gebruiker::nu())
            .bind(id.0)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn beeindig_sessies_van(&self, gebruiker: GebruikerId) -> Result<u64, StoreError> {
        let r = sqlx::query("UPDATE sessies SET beeindigd = ? WHERE gebruiker_id = ? AND beeindigd IS NULL")
            .bind(gebruiker::nu())
            .bind(gebruiker.0)
            .execute(&self.pool)
            .await?;
        Ok(r.rows_affected())
    }

    async fn maak_inloglink(&self, nieuw: NieuweInloglink<'_>) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO inloglinks (token_hash, email, gebruiker_id, aangemaakt, verloopt) VALUES (?, ?, ?, ?, ?)",
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
            "UPDATE inloglinks SET gebruikt = ? WHERE token_hash = ? AND gebruikt IS NULL
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
