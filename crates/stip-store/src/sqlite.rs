//! The SQLite backend: the embedded default, in WAL mode with full durability for acknowledged writes.

use crate::aanvraag::{
    aanvraag_columns, aanvraag_niet_gevonden, aanvraag_uit, bijwerken_geweigerd, document_niet_gevonden,
    document_select, document_uit, heel_document, sha256_hex, verwijderen_mag,
};
use crate::dataset::{CHUNK_BYTES, join_parts, meta_columns, meta_from_parts};
use crate::gebruiker::{self, gebruiker_columns, gebruiker_from_parts, sessie_columns};
use crate::groepscommit::Groepscommit;
use crate::hulpvraag::{hulpvraag_columns, hulpvraag_from_parts, insert_waarden, niet_gevonden};
use crate::rij::{moment, nu};
use crate::zaak::{
    gebeurtenis_columns, gebeurtenis_geweigerd, gebeurtenis_uit, pagina, paginagrootte, tel_sql, werkvoorraad_sql,
    zaak_columns, zaak_niet_gevonden, zaak_uit,
};
use crate::{
    Aanvraag, AanvraagGegevens, AanvraagId, AanvraagRepository, DatabaseUrl, DatasetId, DatasetKind, DatasetMeta,
    DatasetRepository, Document, DocumentId, Gebeurtenis, Gebruiker, GebruikerId, GebruikerRepository, Hulpvraag,
    HulpvraagId, HulpvraagRepository, Indiening, Inloglink, NewDataset, NieuwDocument, NieuweGebeurtenis,
    NieuweGebruiker, NieuweHulpvraag, NieuweInloglink, NieuweSessie, NieuweZaak, Rol, Sessie, SessieId, StoreError,
    Zaak, ZaakFilter, ZaakId, ZaakPagina, ZaakRepository, ZaakStand, normaliseer_email,
};
use sqlx::Row;
use sqlx::sqlite::{
    Sqlite, SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow, SqliteSynchronous,
};
use time::OffsetDateTime;
use uuid::Uuid;

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
        let mut tx = self.schrijver.begin_with("BEGIN IMMEDIATE").await?;
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
        let mut tx = self.schrijver.begin_with("BEGIN IMMEDIATE").await?;
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
            .execute(&self.schrijver)
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
        .fetch_one(&self.schrijver)
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
        .fetch_optional(&self.schrijver)
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
impl AanvraagRepository for SqliteStore {
    async fn maak_aanvraag(&self, aanvrager: Uuid, gegevens: AanvraagGegevens<'_>) -> Result<Aanvraag, StoreError> {
        let nu = nu();
        let row = sqlx::query(concat!(
            "INSERT INTO aanvraag (id, aanvrager, bevoegd_gezag, titel, inhoud, status, aangemaakt, gewijzigd, versie)
             VALUES (?, ?, ?, ?, ?, 'concept', ?, ?, 1) RETURNING ",
            aanvraag_columns!()
        ))
        .bind(AanvraagId::nieuw().0)
        .bind(aanvrager)
        .bind(gegevens.bevoegd_gezag)
        .bind(gegevens.titel)
        .bind(gegevens.inhoud.to_string())
        .bind(nu)
        .bind(nu)
        .fetch_one(&self.schrijver)
        .await?;
        aanvraag_uit(&row)
    }

    async fn aanvraag(&self, id: AanvraagId) -> Result<Aanvraag, StoreError> {
        let row = sqlx::query(concat!("SELECT ", aanvraag_columns!(), " FROM aanvraag WHERE id = ?"))
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
        let mut tx = self.schrijver.begin_with("BEGIN IMMEDIATE").await?;
        let row = sqlx::query(concat!(
            "UPDATE aanvraag SET bevoegd_gezag = ?, titel = ?, inhoud = ?, gewijzigd = ?, versie = versie + 1
             WHERE id = ? AND versie = ? AND status = 'concept' RETURNING ",
            aanvraag_columns!()
        ))
        .bind(gegevens.bevoegd_gezag)
        .bind(gegevens.titel)
        .bind(gegevens.inhoud.to_string())
        .bind(nu())
        .bind(id.0)
        .bind(verwachte_versie)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(row) = row {
            let aanvraag = aanvraag_uit(&row)?;
            tx.commit().await?;
            return Ok(aanvraag);
        }
        let nu: Option<(String, i64)> = sqlx::query_as("SELECT status, versie FROM aanvraag WHERE id = ?")
            .bind(id.0)
            .fetch_optional(&mut *tx)
            .await?;
        tx.rollback().await?;
        bijwerken_geweigerd(id, verwachte_versie, nu)
    }

    async fn aanvragen_van(&self, aanvrager: Uuid) -> Result<Vec<Aanvraag>, StoreError> {
        sqlx::query(concat!(
            "SELECT ",
            aanvraag_columns!(),
            " FROM aanvraag WHERE aanvrager = ? ORDER BY gewijzigd DESC, id DESC"
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
        let mut tx = self.schrijver.begin_with("BEGIN IMMEDIATE").await?;
        let toegevoegd = sqlx::query(
            "INSERT INTO document (id, aanvraag_id, naam, mediatype, soort, grootte, sha256, geupload)
             SELECT ?, id, ?, ?, ?, ?, ?, ? FROM aanvraag WHERE id = ?",
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
            sqlx::query("INSERT INTO document_deel (document_id, volgnummer, inhoud) VALUES (?, ?, ?)")
                .bind(id.0)
                .bind(volgnummer as i64)
                .bind(deel)
                .execute(&mut *tx)
                .await?;
        }
        let row = sqlx::query(concat!(document_select!(), " WHERE d.id = ?")).bind(id.0).fetch_one(&mut *tx).await?;
        let document = document_uit(&row)?;
        tx.commit().await?;
        Ok(document)
    }

    async fn document(&self, id: DocumentId) -> Result<Document, StoreError> {
        let row =
            sqlx::query(concat!(document_select!(), " WHERE d.id = ?")).bind(id.0).fetch_optional(&self.pool).await?;
        row.as_ref().map(document_uit).unwrap_or_else(|| Err(document_niet_gevonden(id)))
    }

    async fn document_inhoud(&self, id: DocumentId) -> Result<Vec<u8>, StoreError> {
        let mut tx = self.pool.begin().await?;
        let bestaat: Option<i64> =
            sqlx::query_scalar("SELECT grootte FROM document WHERE id = ?").bind(id.0).fetch_optional(&mut *tx).await?;
        let Some(grootte) = bestaat else { return Err(document_niet_gevonden(id)) };
        let delen: Vec<Vec<u8>> =
            sqlx::query_scalar("SELECT inhoud FROM document_deel WHERE document_id = ? ORDER BY volgnummer")
                .bind(id.0)
                .fetch_all(&mut *tx)
                .await?;
        tx.commit().await?;
        heel_document(id, grootte, delen)
    }

    async fn documenten(&self, aanvraag_id: AanvraagId) -> Result<Vec<Document>, StoreError> {
        sqlx::query(concat!(document_select!(), " WHERE d.aanvraag_id = ? ORDER BY d.geupload, d.id"))
            .bind(aanvraag_id.0)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(document_uit)
            .collect()
    }

    async fn verwijder_document(&self, id: DocumentId) -> Result<(), StoreError> {
        let mut tx = self.schrijver.begin_with("BEGIN IMMEDIATE").await?;
        let status: Option<String> = sqlx::query_scalar(
            "SELECT a.status FROM document d JOIN aanvraag a ON a.id = d.aanvraag_id WHERE d.id = ?",
        )
        .bind(id.0)
        .fetch_optional(&mut *tx)
        .await?;
        verwijderen_mag(id, status.as_deref())?;
        sqlx::query("DELETE FROM document WHERE id = ?").bind(id.0).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }
}

impl ZaakRepository for SqliteStore {
    async fn dien_in(&self, nieuw: NieuweZaak<'_>) -> Result<Indiening, StoreError> {
        self.groepscommit.dien_in(nieuw).await
    }

    async fn zaak(&self, id: ZaakId) -> Result<Zaak, StoreError> {
        let row = sqlx::query(concat!("SELECT ", zaak_columns!(), " FROM zaak WHERE id = ?"))
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(zaak_uit).unwrap_or_else(|| Err(zaak_niet_gevonden(id)))
    }

    async fn zaak_per_nummer(&self, nummer: &str) -> Result<Zaak, StoreError> {
        let row = sqlx::query(concat!("SELECT ", zaak_columns!(), " FROM zaak WHERE zaaknummer = ?"))
            .bind(nummer)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(zaak_uit).unwrap_or_else(|| Err(zaak_niet_gevonden(nummer)))
    }

    async fn zaak_van_aanvraag(&self, aanvraag_id: AanvraagId) -> Result<Option<Zaak>, StoreError> {
        let row = sqlx::query(concat!("SELECT ", zaak_columns!(), " FROM zaak WHERE aanvraag_id = ?"))
            .bind(aanvraag_id.0)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(zaak_uit).transpose()
    }

    async fn zaken_op_perceel(&self, perceel: &str) -> Result<Vec<Zaak>, StoreError> {
        sqlx::query(concat!("SELECT ", zaak_columns!(), " FROM zaak WHERE perceel = ? ORDER BY ingediend, zaaknummer"))
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
            " FROM zaak WHERE aanvrager = ? ORDER BY ingediend DESC, zaaknummer DESC"
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
        let mut tx = self.schrijver.begin_with("BEGIN IMMEDIATE").await?;
        let row = sqlx::query(concat!(
            "UPDATE zaak SET laatste_volgnummer = laatste_volgnummer + 1, status = ?, uiterste_beslisdatum = ?,
                team = CASE WHEN ? THEN ? ELSE team END,
                behandelaar = CASE WHEN ? THEN ? ELSE behandelaar END,
                openbaar = COALESCE(?, openbaar), gewijzigd = ?
             WHERE id = ? AND laatste_volgnummer = ? RETURNING ",
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
            let laatste: Option<i64> = sqlx::query_scalar("SELECT laatste_volgnummer FROM zaak WHERE id = ?")
                .bind(zaak_id.0)
                .fetch_optional(&mut *tx)
                .await?;
            tx.rollback().await?;
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
            " FROM gebeurtenis WHERE zaak_id = ? ORDER BY volgnummer"
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
        let rows = werkvoorraad_sql::<Sqlite>(filter, grootte).build().fetch_all(&self.pool).await?;
        Ok(pagina(rows.iter().map(zaak_uit).collect::<Result<_, _>>()?, grootte))
    }

    async fn tel_zaken(&self, filter: &ZaakFilter) -> Result<i64, StoreError> {
        Ok(tel_sql::<Sqlite>(filter).build_query_scalar().fetch_one(&self.pool).await?)
    }
}

/// Inserts event `volgnummer` of a zaak inside a running transaction.
async fn voeg_gebeurtenis_in(
    tx: &mut sqlx::Transaction<'static, Sqlite>,
    zaak_id: ZaakId,
    volgnummer: i64,
    g: &NieuweGebeurtenis<'_>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO gebeurtenis (zaak_id, volgnummer, soort, door, door_naam, op, gegevens)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
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
