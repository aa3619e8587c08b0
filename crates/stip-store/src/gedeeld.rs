//! What SQLite and PostgreSQL do alike: every repository method written once — one SQL text (`$1, $2, …`
//! placeholders, which both backends take) and one row mapping — over a [`Backend`] that says only what differs.
//!
//! The methods are expanded per backend by [`gedeelde_repositories!`] rather than written generically over
//! `sqlx::Database`: a generic version needs an `Encode + Type` bound for every value type and a higher-ranked
//! `Executor` bound, restated on every impl; each expansion here is plain code for one concrete backend.

use crate::{DatasetKind, Indiening, NieuweZaak, StoreError};
use sqlx::{Database, Pool, Transaction};
use std::future::Future;

/// What one backend does its own way; everything else is in [`gedeelde_repositories!`].
pub(crate) trait Backend {
    type DB: Database;

    /// Reads a document's aanvraag status before the document is removed (`$1`: the document id), holding back a
    /// submit of that aanvraag until the removal commits where the transaction alone does not.
    const DOCUMENT_STATUS_SQL: &'static str;

    /// What a claim's inner SELECT ends with: PostgreSQL skips rows another instance holds; SQLite has one writer.
    const CLAIM: &'static str;

    /// A statement (`$1`: the channel) run in the transaction that changes which dataset versions are current,
    /// telling every other instance at its commit (PostgreSQL `NOTIFY` on [`crate::PUBLICATIE_KANAAL`], see [`crate::Store::publicaties`]); SQLite has nobody to tell.
    const MELD_PUBLICATIE: Option<&'static str>;

    /// A statement (`$1`: a name) that takes a transaction-scoped lock on that name if it is free and answers whether
    /// it did, so that one instance at a time does a piece of background work (PostgreSQL advisory lock); SQLite has
    /// one writer, whose transaction is the lock.
    const EEN_TEGELIJK: Option<&'static str>;

    /// Where reads run.
    fn lezers(&self) -> &Pool<Self::DB>;

    /// Where a single-statement write runs.
    fn schrijver(&self) -> &Pool<Self::DB>;

    /// Starts a transaction that is going to write.
    fn begin_schrijven(&self) -> impl Future<Output = Result<Transaction<'static, Self::DB>, StoreError>> + Send;

    /// Starts the transaction that publishes a version of the dataset (`kind`, `sleutel`), serialised with every
    /// other publish of that dataset so that exactly one version ends up current.
    fn begin_publicatie(
        &self,
        kind: DatasetKind,
        sleutel: &str,
    ) -> impl Future<Output = Result<Transaction<'static, Self::DB>, StoreError>> + Send;

    /// [`crate::ZaakRepository::dien_in`]: durable, idempotent, one zaak per aanvraag.
    fn indienen(&self, nieuw: NieuweZaak<'_>) -> impl Future<Output = Result<Indiening, StoreError>> + Send;
}

/// Implements every repository trait for `$store` (a [`Backend`] over the database `$db`), and
/// `$store::waarom_geen_zaak` for its submit.
macro_rules! gedeelde_repositories {
    ($store:ty, $db:ty) => {
        const _: () = {
            use sqlx::Row;
            use uuid::Uuid;
            use $crate::bericht::{
                abonnement_columns, abonnement_niet_gevonden, abonnement_uit, bericht_columns, bericht_uit, bron_uit,
                melding_uit, plaatshouders,
            };
            use $crate::aanvraag::{
                aanvraag_columns, aanvraag_niet_gevonden, aanvraag_uit, bijwerken_geweigerd, document_niet_gevonden,
                document_select, document_uit, heel_document, sha256_hex, verwijderen_mag,
            };
            use $crate::dataset::{CHUNK_BYTES, join_parts, meta_columns, meta_uit};
            use $crate::gebruiker::{
                self, gebruiker_columns, gebruiker_uit, inloglink_uit, sessie_columns, sessie_uit,
            };
            use $crate::gedeeld::Backend;
            use $crate::hulpvraag::{hulpvraag_columns, hulpvraag_uit, insert_waarden, niet_gevonden};
            use $crate::rij::{Rij, moment, nu};
            use $crate::verslag::verslag_uit;
            use $crate::zaak::{
                gebeurtenis_columns, gebeurtenis_geweigerd, gebeurtenis_uit, indiening_geweigerd, pagina,
                paginagrootte, perceel_sql, tel_sql, werkvoorraad_sql, zaak_columns, zaak_niet_gevonden, zaak_uit,
            };
            use $crate::{
                Aanvraag, AanvraagGegevens, AanvraagId, AanvraagRepository, DatasetId, DatasetKind, DatasetMeta,
                DatasetRepository, Document, DocumentId, Gebeurtenis, Gebruiker, GebruikerId, GebruikerRepository,
                HulpAntwoord, Hulpvraag, HulpvraagId, HulpvraagRepository, Indiening, Inloglink, NewDataset, NieuwDocument,
                NieuwVerslag, NieuweGebeurtenis, NieuweGebruiker, NieuweHulpvraag, NieuweInloglink, NieuweSessie,
                NieuweZaak, Rol, Sessie, SessieId, StoreError, Verslag, VerslagRepository, Zaak, ZaakFilter, ZaakId,
                ZaakPagina, ZaakRepository, ZaakStand, normaliseer_email,
            };

            type Verbinding = <$db as sqlx::Database>::Connection;

            impl DatasetRepository for $store {
                async fn publish(&self, new: NewDataset<'_>) -> Result<DatasetMeta, StoreError> {
                    let mut tx = self.begin_publicatie(new.kind, new.sleutel).await?;
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO dataset (kind, sleutel, versie, titel, bron, sha256, samenvatting, grootte,
                            geimporteerd, actueel)
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
                    .bind(nu())
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
                    let row = sqlx::query(concat!(
                        "UPDATE dataset SET actueel = true WHERE id = $1 RETURNING ",
                        meta_columns!()
                    ))
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
                    let meta = meta_uit(&row)?;
                    if let Some(meld) = Self::MELD_PUBLICATIE {
                        sqlx::query(meld).bind(crate::PUBLICATIE_KANAAL).execute(&mut *tx).await?;
                    }
                    for melding in new.meldingen {
                        sqlx::query("INSERT INTO bericht_bron (melding, aangemaakt) VALUES ($1, $2)")
                            .bind(melding.to_string())
                            .bind(nu())
                            .execute(&mut *tx)
                            .await?;
                    }
                    tx.commit().await?;
                    Ok(meta)
                }

                async fn current(&self, kind: DatasetKind) -> Result<Vec<DatasetMeta>, StoreError> {
                    sqlx::query(concat!(
                        "SELECT ",
                        meta_columns!(),
                        " FROM dataset WHERE kind = $1 AND actueel ORDER BY sleutel"
                    ))
                    .bind(kind.as_str())
                    .fetch_all(self.lezers())
                    .await?
                    .iter()
                    .map(meta_uit)
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
                    .fetch_all(self.lezers())
                    .await?
                    .iter()
                    .map(meta_uit)
                    .collect()
                }

                async fn retire(&self, ids: &[DatasetId]) -> Result<(), StoreError> {
                    let mut tx = self.begin_schrijven().await?;
                    for id in ids {
                        sqlx::query("UPDATE dataset SET actueel = false WHERE id = $1")
                            .bind(id.0)
                            .execute(&mut *tx)
                            .await?;
                    }
                    if let Some(meld) = Self::MELD_PUBLICATIE {
                        sqlx::query(meld).bind(crate::PUBLICATIE_KANAAL).execute(&mut *tx).await?;
                    }
                    tx.commit().await?;
                    Ok(())
                }

                async fn payload(&self, id: DatasetId) -> Result<Vec<u8>, StoreError> {
                    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM dataset WHERE id = $1")
                        .bind(id.0)
                        .fetch_optional(self.lezers())
                        .await?;
                    let parts: Vec<Vec<u8>> =
                        sqlx::query_scalar("SELECT inhoud FROM dataset_deel WHERE dataset_id = $1 ORDER BY volgnummer")
                            .bind(id.0)
                            .fetch_all(self.lezers())
                            .await?;
                    join_parts(id, parts, exists.is_some())
                }
            }

            impl $crate::LeaseRepository for $store {
                async fn neem_lease(
                    &self,
                    taak: &str,
                    houder: &str,
                    nu: time::OffsetDateTime,
                    tot: time::OffsetDateTime,
                ) -> Result<bool, StoreError> {
                    // One statement: of instances asking at once, the first insert or the first update wins and
                    // the others find a lease that has not run out.
                    let rij = sqlx::query(
                        "INSERT INTO taak_lease (taak, houder, tot) VALUES ($1, $2, $3)
                         ON CONFLICT (taak) DO UPDATE SET houder = excluded.houder, tot = excluded.tot
                         WHERE taak_lease.tot <= $4 OR taak_lease.houder = excluded.houder
                         RETURNING houder",
                    )
                    .bind(taak)
                    .bind(houder)
                    .bind($crate::rij::moment(tot))
                    .bind($crate::rij::moment(nu))
                    .fetch_optional(self.schrijver())
                    .await?;
                    Ok(rij.is_some())
                }
            }

            impl VerslagRepository for $store {
                async fn bewaar_verslag(&self, nieuw: NieuwVerslag<'_>) -> Result<(), StoreError> {
                    // As JSON: PostgreSQL keeps it as jsonb, SQLite as its text.
                    sqlx::query(
                        "INSERT INTO verslag (sleutel_hash, inhoud, gemaakt, verloopt) VALUES ($1, $2, $3, $4)",
                    )
                    .bind(nieuw.sleutel_hash)
                    .bind(sqlx::types::Json(nieuw.inhoud))
                    .bind(nu())
                    .bind(nieuw.verloopt)
                    .execute(self.schrijver())
                    .await?;
                    Ok(())
                }

                async fn verslag(&self, sleutel_hash: &str) -> Result<Option<Verslag>, StoreError> {
                    sqlx::query(
                        "SELECT CAST(inhoud AS TEXT) AS inhoud, gemaakt, verloopt FROM verslag WHERE sleutel_hash = $1",
                    )
                    .bind(sleutel_hash)
                    .fetch_optional(self.lezers())
                    .await?
                    .as_ref()
                    .map(verslag_uit)
                    .transpose()
                }
            }

            impl HulpvraagRepository for $store {
                async fn dien_hulpvraag_in(&self, nieuw: NieuweHulpvraag<'_>) -> Result<Hulpvraag, StoreError> {
                    let (voorkeur, email, telefoon, tijdvak, context) = insert_waarden(&nieuw);
                    let row = sqlx::query(concat!(
                        "INSERT INTO hulpvragen (ingediend, pagina, context, naam, vraag, contactvoorkeur, email,
                            telefoon, tijdvak, status, gebruiker)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open', $10) RETURNING ",
                        hulpvraag_columns!()
                    ))
                    .bind(nu())
                    .bind(nieuw.pagina)
                    .bind(context)
                    .bind(nieuw.naam)
                    .bind(nieuw.vraag)
                    .bind(voorkeur)
                    .bind(email)
                    .bind(telefoon)
                    .bind(tijdvak)
                    .bind(nieuw.gebruiker.map(|g| g.0))
                    .fetch_one(self.schrijver())
                    .await?;
                    hulpvraag_uit(&row)
                }

                async fn hulpvraag(&self, id: HulpvraagId) -> Result<Hulpvraag, StoreError> {
                    let row = sqlx::query(concat!("SELECT ", hulpvraag_columns!(), " FROM hulpvragen WHERE id = $1"))
                        .bind(id.0)
                        .fetch_optional(self.lezers())
                        .await?;
                    row.as_ref().map(hulpvraag_uit).unwrap_or_else(|| Err(niet_gevonden(id)))
                }

                async fn hulpvragen(&self) -> Result<Vec<Hulpvraag>, StoreError> {
                    sqlx::query(concat!("SELECT ", hulpvraag_columns!(), " FROM hulpvragen ORDER BY id DESC"))
                        .fetch_all(self.lezers())
                        .await?
                        .iter()
                        .map(hulpvraag_uit)
                        .collect()
                }

                async fn handel_hulpvraag_af(&self, id: HulpvraagId) -> Result<Hulpvraag, StoreError> {
                    let row = sqlx::query(concat!(
                        "UPDATE hulpvragen SET status = 'afgehandeld', afgehandeld = COALESCE(afgehandeld, $1)
                         WHERE id = $2 RETURNING ",
                        hulpvraag_columns!()
                    ))
                    .bind(nu())
                    .bind(id.0)
                    .fetch_optional(self.schrijver())
                    .await?;
                    row.as_ref().map(hulpvraag_uit).unwrap_or_else(|| Err(niet_gevonden(id)))
                }

                async fn beantwoord_hulpvraag(
                    &self,
                    id: HulpvraagId,
                    antwoord: &HulpAntwoord,
                ) -> Result<Hulpvraag, StoreError> {
                    let row = sqlx::query(concat!(
                        "UPDATE hulpvragen SET antwoord = $1, beantwoord = $2, beantwoord_door = $3,
                            beantwoord_door_naam = $4, status = 'afgehandeld', afgehandeld = COALESCE(afgehandeld, $2)
                         WHERE id = $5 AND antwoord IS NULL RETURNING ",
                        hulpvraag_columns!()
                    ))
                    .bind(&antwoord.tekst)
                    .bind(antwoord.op)
                    .bind(antwoord.door.0)
                    .bind(&antwoord.door_naam)
                    .bind(id.0)
                    .fetch_optional(self.schrijver())
                    .await?;
                    match row {
                        Some(row) => hulpvraag_uit(&row),
                        None => {
                            self.hulpvraag(id).await?;
                            Err(StoreError::Conflict(format!("hulpvraag {} is al beantwoord", id.referentie())))
                        }
                    }
                }
            }

            async fn gebruiker_in(conn: &mut Verbinding, id: GebruikerId) -> Result<Gebruiker, StoreError> {
                let row =
                    sqlx::query(concat!("SELECT ", gebruiker_columns!(), " FROM gebruikers_met_rollen WHERE id = $1"))
                        .bind(id.0)
                        .fetch_optional(conn)
                        .await?;
                row.as_ref().map(gebruiker_uit).unwrap_or_else(|| Err(gebruiker::niet_gevonden(id)))
            }

            async fn zet_rollen_in(conn: &mut Verbinding, id: GebruikerId, rollen: &[Rol]) -> Result<(), StoreError> {
                sqlx::query("DELETE FROM gebruiker_rollen WHERE gebruiker_id = $1")
                    .bind(id.0)
                    .execute(&mut *conn)
                    .await?;
                for rol in Rol::ALLE.into_iter().filter(|r| rollen.contains(r)) {
                    sqlx::query("INSERT INTO gebruiker_rollen (gebruiker_id, rol) VALUES ($1, $2)")
                        .bind(id.0)
                        .bind(rol.as_str())
                        .execute(&mut *conn)
                        .await?;
                }
                Ok(())
            }

            impl GebruikerRepository for $store {
                async fn maak_gebruiker(&self, nieuw: NieuweGebruiker<'_>) -> Result<Gebruiker, StoreError> {
                    let id = GebruikerId::nieuw();
                    let email = nieuw.email.map(normaliseer_email);
                    let mut tx = self.begin_schrijven().await?;
                    sqlx::query(
                        "INSERT INTO gebruikers (id, email, naam, wachtwoord_hash, bevoegd_gezag, team, oidc_issuer,
                            oidc_subject, aangemaakt)
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
                    .bind(nu())
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| gebruiker::vertaal(e, id))?;
                    zet_rollen_in(&mut tx, id, nieuw.rollen).await?;
                    let g = gebruiker_in(&mut tx, id).await?;
                    tx.commit().await?;
                    Ok(g)
                }

                async fn gebruiker(&self, id: GebruikerId) -> Result<Gebruiker, StoreError> {
                    gebruiker_in(&mut *self.lezers().acquire().await?, id).await
                }

                async fn gebruiker_per_email(&self, email: &str) -> Result<Option<Gebruiker>, StoreError> {
                    sqlx::query(concat!(
                        "SELECT ",
                        gebruiker_columns!(),
                        " FROM gebruikers_met_rollen WHERE email = $1"
                    ))
                    .bind(normaliseer_email(email))
                    .fetch_optional(self.lezers())
                    .await?
                    .as_ref()
                    .map(gebruiker_uit)
                    .transpose()
                }

                async fn gebruiker_per_oidc(
                    &self,
                    issuer: &str,
                    subject: &str,
                ) -> Result<Option<Gebruiker>, StoreError> {
                    sqlx::query(concat!(
                        "SELECT ",
                        gebruiker_columns!(),
                        " FROM gebruikers_met_rollen WHERE oidc_issuer = $1 AND oidc_subject = $2"
                    ))
                    .bind(issuer)
                    .bind(subject)
                    .fetch_optional(self.lezers())
                    .await?
                    .as_ref()
                    .map(gebruiker_uit)
                    .transpose()
                }

                async fn koppel_oidc(
                    &self,
                    id: GebruikerId,
                    issuer: &str,
                    subject: &str,
                ) -> Result<Gebruiker, StoreError> {
                    let mut tx = self.begin_schrijven().await?;
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
                    let g = gebruiker_in(&mut tx, id).await?;
                    tx.commit().await?;
                    Ok(g)
                }

                async fn zet_wachtwoord(
                    &self,
                    id: GebruikerId,
                    wachtwoord_hash: Option<&str>,
                ) -> Result<(), StoreError> {
                    let r = sqlx::query("UPDATE gebruikers SET wachtwoord_hash = $1 WHERE id = $2")
                        .bind(wachtwoord_hash)
                        .bind(id.0)
                        .execute(self.schrijver())
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
                    let mut tx = self.begin_schrijven().await?;
                    let r = sqlx::query("UPDATE gebruikers SET bevoegd_gezag = $1, team = $2 WHERE id = $3")
                        .bind(bevoegd_gezag)
                        .bind(team)
                        .bind(id.0)
                        .execute(&mut *tx)
                        .await?;
                    if r.rows_affected() == 0 {
                        return Err(gebruiker::niet_gevonden(id));
                    }
                    zet_rollen_in(&mut tx, id, rollen).await?;
                    let g = gebruiker_in(&mut tx, id).await?;
                    tx.commit().await?;
                    Ok(g)
                }

                async fn gebruikers(&self, zoek: &str, limiet: u32) -> Result<Vec<Gebruiker>, StoreError> {
                    let patroon = gebruiker::zoekpatroon(zoek);
                    sqlx::query(concat!(
                        "SELECT ",
                        gebruiker_columns!(),
                        " FROM gebruikers_met_rollen WHERE lower(naam) LIKE $1 ESCAPE '\\' OR email LIKE $1 ESCAPE '\\'
                         ORDER BY lower(naam), id LIMIT $2"
                    ))
                    .bind(&patroon)
                    .bind(i64::from(limiet))
                    .fetch_all(self.lezers())
                    .await?
                    .iter()
                    .map(gebruiker_uit)
                    .collect()
                }

                async fn start_sessie(&self, nieuw: NieuweSessie<'_>) -> Result<Sessie, StoreError> {
                    let row = sqlx::query(concat!(
                        "INSERT INTO sessies (id, token_hash, gebruiker_id, aangemaakt, laatst_gebruikt, verloopt)
                         VALUES ($1, $2, $3, $4, $4, $5) RETURNING ",
                        sessie_columns!()
                    ))
                    .bind(Uuid::now_v7())
                    .bind(nieuw.token_hash)
                    .bind(nieuw.gebruiker.0)
                    .bind(moment(nieuw.begint))
                    .bind(nieuw.verloopt)
                    .fetch_one(self.schrijver())
                    .await
                    .map_err(|e| gebruiker::vertaal(e, nieuw.gebruiker))?;
                    sessie_uit(&row, "")
                }

                async fn sessie(
                    &self,
                    token_hash: &str,
                    nu: time::OffsetDateTime,
                ) -> Result<Option<(Sessie, Gebruiker)>, StoreError> {
                    let row = sqlx::query(
                        "SELECT s.id AS sessie_id, s.gebruiker_id, s.aangemaakt AS sessie_aangemaakt,
                                s.laatst_gebruikt, s.verloopt, g.id, g.email, g.naam, g.wachtwoord_hash,
                                g.bevoegd_gezag, g.team, g.oidc_issuer, g.oidc_subject, g.aangemaakt, g.rollen
                         FROM sessies s JOIN gebruikers_met_rollen g ON g.id = s.gebruiker_id
                         WHERE s.token_hash = $1 AND s.beeindigd IS NULL",
                    )
                    .bind(token_hash)
                    .fetch_optional(self.lezers())
                    .await?;
                    let Some(row) = row else { return Ok(None) };
                    let s = sessie_uit(&row, "sessie_")?;
                    if s.verloopt <= nu {
                        return Ok(None);
                    }
                    Ok(Some((s, gebruiker_uit(&row)?)))
                }

                async fn ververs_sessie(&self, id: SessieId, nu: time::OffsetDateTime) -> Result<(), StoreError> {
                    sqlx::query("UPDATE sessies SET laatst_gebruikt = $1 WHERE id = $2 AND beeindigd IS NULL")
                        .bind(crate::rij::moment(nu))
                        .bind(id.0)
                        .execute(self.schrijver())
                        .await?;
                    Ok(())
                }

                async fn beeindig_sessie(&self, id: SessieId) -> Result<(), StoreError> {
                    sqlx::query("UPDATE sessies SET beeindigd = $1 WHERE id = $2 AND beeindigd IS NULL")
                        .bind(nu())
                        .bind(id.0)
                        .execute(self.schrijver())
                        .await?;
                    Ok(())
                }

                async fn beeindig_sessies_van(&self, gebruiker: GebruikerId) -> Result<u64, StoreError> {
                    let r =
                        sqlx::query("UPDATE sessies SET beeindigd = $1 WHERE gebruiker_id = $2 AND beeindigd IS NULL")
                            .bind(nu())
                            .bind(gebruiker.0)
                            .execute(self.schrijver())
                            .await?;
                    Ok(r.rows_affected())
                }

                async fn maak_inloglink(&self, nieuw: NieuweInloglink<'_>) -> Result<(), StoreError> {
                    sqlx::query(
                        "INSERT INTO inloglinks (token_hash, email, gebruiker_id, aangemaakt, verloopt)
                         VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(nieuw.token_hash)
                    .bind(normaliseer_email(nieuw.email))
                    .bind(nieuw.gebruiker.0)
                    .bind(nu())
                    .bind(nieuw.verloopt)
                    .execute(self.schrijver())
                    .await
                    .map_err(|e| gebruiker::vertaal(e, nieuw.gebruiker))?;
                    Ok(())
                }

                async fn gebruik_inloglink(&self, token_hash: &str) -> Result<Option<Inloglink>, StoreError> {
                    let nu = nu();
                    let row = sqlx::query(
                        "UPDATE inloglinks SET gebruikt = $1 WHERE token_hash = $2 AND gebruikt IS NULL
                         RETURNING email, gebruiker_id, aangemaakt, verloopt",
                    )
                    .bind(nu)
                    .bind(token_hash)
                    .fetch_optional(self.schrijver())
                    .await?;
                    let Some(row) = row else { return Ok(None) };
                    let link = inloglink_uit(&row)?;
                    Ok((link.verloopt > nu).then_some(link))
                }
            }

            impl AanvraagRepository for $store {
                async fn maak_aanvraag(
                    &self,
                    aanvrager: Uuid,
                    gegevens: AanvraagGegevens<'_>,
                ) -> Result<Aanvraag, StoreError> {
                    let row = sqlx::query(concat!(
                        "INSERT INTO aanvraag (id, aanvrager, bevoegd_gezag, titel, inhoud, status, aangemaakt,
                            gewijzigd, versie)
                         VALUES ($1, $2, $3, $4, $5, 'concept', $6, $6, 1) RETURNING ",
                        aanvraag_columns!()
                    ))
                    .bind(AanvraagId::nieuw().0)
                    .bind(aanvrager)
                    .bind(gegevens.bevoegd_gezag)
                    .bind(gegevens.titel)
                    .bind(gegevens.inhoud.to_string())
                    .bind(nu())
                    .fetch_one(self.schrijver())
                    .await?;
                    aanvraag_uit(&row)
                }

                async fn aanvraag(&self, id: AanvraagId) -> Result<Aanvraag, StoreError> {
                    let row = sqlx::query(concat!("SELECT ", aanvraag_columns!(), " FROM aanvraag WHERE id = $1"))
                        .bind(id.0)
                        .fetch_optional(self.lezers())
                        .await?;
                    row.as_ref().map(aanvraag_uit).unwrap_or_else(|| Err(aanvraag_niet_gevonden(id)))
                }

                async fn werk_aanvraag_bij(
                    &self,
                    id: AanvraagId,
                    verwachte_versie: i64,
                    gegevens: AanvraagGegevens<'_>,
                ) -> Result<Aanvraag, StoreError> {
                    // One statement: a concurrent save waits for the row, then re-checks the version and misses.
                    let row = sqlx::query(concat!(
                        "UPDATE aanvraag SET bevoegd_gezag = $1, titel = $2, inhoud = $3, gewijzigd = $4,
                            versie = versie + 1
                         WHERE id = $5 AND versie = $6 AND status = 'concept' RETURNING ",
                        aanvraag_columns!()
                    ))
                    .bind(gegevens.bevoegd_gezag)
                    .bind(gegevens.titel)
                    .bind(gegevens.inhoud.to_string())
                    .bind(nu())
                    .bind(id.0)
                    .bind(verwachte_versie)
                    .fetch_optional(self.schrijver())
                    .await?;
                    if let Some(row) = row {
                        return aanvraag_uit(&row);
                    }
                    let nu: Option<(String, i64)> = sqlx::query_as("SELECT status, versie FROM aanvraag WHERE id = $1")
                        .bind(id.0)
                        .fetch_optional(self.lezers())
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
                    .fetch_all(self.lezers())
                    .await?
                    .iter()
                    .map(aanvraag_uit)
                    .collect()
                }

                async fn voeg_document_toe(&self, nieuw: NieuwDocument<'_>) -> Result<Document, StoreError> {
                    let mut tx = self.begin_schrijven().await?;
                    let document = document_in(&mut tx, nieuw, None).await?;
                    tx.commit().await?;
                    Ok(document)
                }

                async fn document(&self, id: DocumentId) -> Result<Document, StoreError> {
                    let row = sqlx::query(concat!(document_select!(), " WHERE d.id = $1"))
                        .bind(id.0)
                        .fetch_optional(self.lezers())
                        .await?;
                    row.as_ref().map(document_uit).unwrap_or_else(|| Err(document_niet_gevonden(id)))
                }

                async fn document_inhoud(&self, id: DocumentId) -> Result<Vec<u8>, StoreError> {
                    // One statement, so the size and the chunks are read from one state of the database.
                    let rows = sqlx::query(
                        "SELECT d.grootte, dd.inhoud FROM document d
                         LEFT JOIN document_deel dd ON dd.document_id = d.id
                         WHERE d.id = $1 ORDER BY dd.volgnummer",
                    )
                    .bind(id.0)
                    .fetch_all(self.lezers())
                    .await?;
                    let Some(eerste) = rows.first() else { return Err(document_niet_gevonden(id)) };
                    let grootte = eerste.getal("grootte")?;
                    let delen = rows
                        .iter()
                        .map(|row| row.try_get::<Option<Vec<u8>>, _>("inhoud"))
                        .filter_map(Result::transpose)
                        .collect::<Result<Vec<_>, _>>()?;
                    heel_document(id, grootte, delen)
                }

                async fn documenten(&self, aanvraag_id: AanvraagId) -> Result<Vec<Document>, StoreError> {
                    sqlx::query(concat!(document_select!(), " WHERE d.aanvraag_id = $1 AND d.inzending_id IS NULL ORDER BY d.geupload, d.id"))
                        .bind(aanvraag_id.0)
                        .fetch_all(self.lezers())
                        .await?
                        .iter()
                        .map(document_uit)
                        .collect()
                }

                async fn verwijder_document(&self, id: DocumentId) -> Result<(), StoreError> {
                    let mut tx = self.begin_schrijven().await?;
                    let status: Option<String> = sqlx::query_scalar(<$store as Backend>::DOCUMENT_STATUS_SQL)
                        .bind(id.0)
                        .fetch_optional(&mut *tx)
                        .await?;
                    verwijderen_mag(id, status.as_deref())?;
                    sqlx::query("DELETE FROM document WHERE id = $1").bind(id.0).execute(&mut *tx).await?;
                    tx.commit().await?;
                    Ok(())
                }
            }

            impl $store {
                /// Why a submit of aanvraag `id` made no zaak, read on `conn`: see
                /// [`indiening_geweigerd`](crate::zaak::indiening_geweigerd).
                pub(crate) async fn waarom_geen_zaak(
                    conn: &mut Verbinding,
                    id: AanvraagId,
                    aanvraag_versie: i64,
                    sleutel: &str,
                ) -> Result<Indiening, StoreError> {
                    let stand: Option<(String, i64)> =
                        sqlx::query_as("SELECT status, versie FROM aanvraag WHERE id = $1")
                            .bind(id.0)
                            .fetch_optional(&mut *conn)
                            .await?;
                    let bestaand = sqlx::query(concat!(
                        "SELECT ",
                        zaak_columns!(),
                        ", idempotentie_sleutel FROM zaak WHERE aanvraag_id = $1"
                    ))
                    .bind(id.0)
                    .fetch_optional(&mut *conn)
                    .await?;
                    let bestaand = match bestaand {
                        Some(row) => Some((zaak_uit(&row)?, row.tekst("idempotentie_sleutel")?)),
                        None => None,
                    };
                    indiening_geweigerd(id, aanvraag_versie, sleutel, stand, bestaand)
                }
            }

            /// Inserts a document with its bytes inside a running transaction: of an aanvraag, or (`inzending`) of a view
            /// or objection on the case that aanvraag became.
            async fn document_in(
                conn: &mut Verbinding,
                nieuw: NieuwDocument<'_>,
                inzending: Option<$crate::InzendingId>,
            ) -> Result<Document, StoreError> {
                let id = DocumentId::nieuw();
                let toegevoegd = sqlx::query(
                    "INSERT INTO document (id, aanvraag_id, naam, mediatype, soort, grootte, sha256, geupload,
                        inzending_id)
                     SELECT $1, id, $2, $3, $4, $5, $6, $7, $9 FROM aanvraag WHERE id = $8",
                )
                .bind(id.0)
                .bind(nieuw.naam)
                .bind(nieuw.mediatype)
                .bind(nieuw.soort)
                .bind(nieuw.inhoud.len() as i64)
                .bind(sha256_hex(nieuw.inhoud))
                .bind(nu())
                .bind(nieuw.aanvraag_id.0)
                .bind(inzending.map(|i| i.0))
                .execute(&mut *conn)
                .await?;
                if toegevoegd.rows_affected() == 0 {
                    return Err(aanvraag_niet_gevonden(nieuw.aanvraag_id));
                }
                for (volgnummer, deel) in nieuw.inhoud.chunks(CHUNK_BYTES).enumerate() {
                    sqlx::query("INSERT INTO document_deel (document_id, volgnummer, inhoud) VALUES ($1, $2, $3)")
                        .bind(id.0)
                        .bind(volgnummer as i32)
                        .bind(deel)
                        .execute(&mut *conn)
                        .await?;
                }
                let row =
                    sqlx::query(concat!(document_select!(), " WHERE d.id = $1")).bind(id.0).fetch_one(&mut *conn).await?;
                document_uit(&row)
            }

            /// Appends event `verwacht_volgnummer + 1` to a zaak with its new standing, inside a running transaction. The
            /// zaak's row (PostgreSQL) or the database (SQLite) is locked from the UPDATE on: a concurrent append waits,
            /// then re-checks the volgnummer and misses ([`StoreError::Conflict`]).
            async fn zaak_verder_in(
                conn: &mut Verbinding,
                zaak_id: ZaakId,
                verwacht_volgnummer: i64,
                gebeurtenis: &NieuweGebeurtenis<'_>,
                stand: &ZaakStand<'_>,
            ) -> Result<Zaak, StoreError> {
                let row = sqlx::query(concat!(
                    "UPDATE zaak SET laatste_volgnummer = laatste_volgnummer + 1, status = $1,
                        uiterste_beslisdatum = $2,
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
                .fetch_optional(&mut *conn)
                .await?;
                let Some(row) = row else {
                    let laatste: Option<i64> = sqlx::query_scalar("SELECT laatste_volgnummer FROM zaak WHERE id = $1")
                        .bind(zaak_id.0)
                        .fetch_optional(&mut *conn)
                        .await?;
                    return gebeurtenis_geweigerd(zaak_id, verwacht_volgnummer, laatste);
                };
                let zaak = zaak_uit(&row)?;
                voeg_gebeurtenis_in(&mut *conn, zaak_id, verwacht_volgnummer + 1, gebeurtenis).await?;
                // The reports' rollup, in this same transaction: a report never misses a written event.
                $crate::rapportage::FeitSchrijver::werk_feit_bij(
                    &mut *conn,
                    &zaak,
                    gebeurtenis.soort,
                    gebeurtenis.gegevens,
                    gebeurtenis.op,
                )
                .await?;
                Ok(zaak)
            }

            impl $crate::InzendingRepository for $store {
                async fn dien_inzending_in(
                    &self,
                    zaak_id: ZaakId,
                    verwacht_volgnummer: i64,
                    n: $crate::NieuweInzending<'_>,
                    gebeurtenis: NieuweGebeurtenis<'_>,
                    stand: ZaakStand<'_>,
                ) -> Result<(Zaak, $crate::Inzending), StoreError> {
                    let mut tx = self.begin_schrijven().await?;
                    let zaak = zaak_verder_in(&mut tx, zaak_id, verwacht_volgnummer, &gebeurtenis, &stand).await?;
                    let row = sqlx::query(concat!(
                        "INSERT INTO inzending (id, zaak_id, soort, nummer, indiener, naam, adres, email, tekst,
                            gehoord_worden, te_laat, reden_te_laat, ontvangen)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING ",
                        $crate::inzending::inzending_columns!()
                    ))
                    .bind(n.id.0)
                    .bind(zaak_id.0)
                    .bind(n.soort.as_str())
                    .bind(n.nummer)
                    .bind(n.indiener)
                    .bind(n.naam)
                    .bind(n.adres)
                    .bind(n.email)
                    .bind(n.tekst)
                    .bind(n.gehoord_worden)
                    .bind(n.te_laat)
                    .bind(n.reden_te_laat)
                    .bind(moment(n.ontvangen))
                    .fetch_one(&mut *tx)
                    .await?;
                    let inzending = $crate::inzending::inzending_uit(&row)?;
                    for stuk in n.documenten {
                        let document = NieuwDocument {
                            aanvraag_id: zaak.aanvraag_id,
                            naam: stuk.naam,
                            mediatype: stuk.mediatype,
                            soort: n.soort.as_str(),
                            inhoud: stuk.inhoud,
                        };
                        document_in(&mut tx, document, Some(n.id)).await?;
                    }
                    tx.commit().await?;
                    Ok((zaak, inzending))
                }

                async fn inzending(&self, id: $crate::InzendingId) -> Result<$crate::Inzending, StoreError> {
                    let row = sqlx::query(concat!(
                        "SELECT ",
                        $crate::inzending::inzending_columns!(),
                        " FROM inzending WHERE id = $1"
                    ))
                    .bind(id.0)
                    .fetch_optional(self.lezers())
                    .await?;
                    match row {
                        Some(row) => $crate::inzending::inzending_uit(&row),
                        None => Err($crate::inzending::inzending_niet_gevonden(id)),
                    }
                }

                async fn inzendingen(&self, zaak_id: ZaakId) -> Result<Vec<$crate::Inzending>, StoreError> {
                    sqlx::query(concat!(
                        "SELECT ",
                        $crate::inzending::inzending_columns!(),
                        " FROM inzending WHERE zaak_id = $1 ORDER BY ontvangen, id"
                    ))
                    .bind(zaak_id.0)
                    .fetch_all(self.lezers())
                    .await?
                    .iter()
                    .map($crate::inzending::inzending_uit)
                    .collect()
                }

                async fn inzendingen_van(&self, indiener: uuid::Uuid) -> Result<Vec<$crate::Inzending>, StoreError> {
                    sqlx::query(concat!(
                        "SELECT ",
                        $crate::inzending::inzending_columns!(),
                        " FROM inzending WHERE indiener = $1 ORDER BY ontvangen DESC, id DESC"
                    ))
                    .bind(indiener)
                    .fetch_all(self.lezers())
                    .await?
                    .iter()
                    .map($crate::inzending::inzending_uit)
                    .collect()
                }

                async fn documenten_van_inzending(&self, id: $crate::InzendingId) -> Result<Vec<Document>, StoreError> {
                    sqlx::query(concat!(document_select!(), " WHERE d.inzending_id = $1 ORDER BY d.geupload, d.id"))
                        .bind(id.0)
                        .fetch_all(self.lezers())
                        .await?
                        .iter()
                        .map(document_uit)
                        .collect()
                }
            }

            /// Inserts event `volgnummer` of a zaak inside a running transaction.
            async fn voeg_gebeurtenis_in(
                conn: &mut Verbinding,
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
                .execute(conn)
                .await?;
                Ok(())
            }

            impl $crate::BerichtRepository for $store {
                async fn maak_abonnement(
                    &self,
                    n: $crate::NieuwAbonnement<'_>,
                ) -> Result<$crate::Abonnement, StoreError> {
                    let row = sqlx::query(concat!(
                        "INSERT INTO abonnement (id, gebruiker, email, bevestigd, sleutel, omschrijving, gebied,
                            gemeente, zaak_id, soorten, activiteitgroepen, kanaal, frequentie, webhook_url,
                            webhook_geheim, aangemaakt, gewijzigd)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) RETURNING ",
                        abonnement_columns!()
                    ))
                    .bind(Uuid::now_v7())
                    .bind(n.gebruiker)
                    .bind(n.email)
                    .bind(n.bevestigd)
                    .bind(n.sleutel)
                    .bind(n.omschrijving)
                    .bind(n.gebied.as_ref().map(|g| g.to_string()))
                    .bind(n.gemeente)
                    .bind(n.zaak_id.map(|z| z.0))
                    .bind(serde_json::to_string(n.soorten).unwrap_or_else(|_| "[]".into()))
                    .bind(serde_json::to_string(n.activiteitgroepen).unwrap_or_else(|_| "[]".into()))
                    .bind(n.kanaal.as_str())
                    .bind(n.frequentie.as_str())
                    .bind(n.webhook_url)
                    .bind(n.webhook_geheim)
                    .bind(moment(n.aangemaakt))
                    .fetch_one(self.schrijver())
                    .await?;
                    abonnement_uit(&row)
                }

                async fn abonnement(&self, id: $crate::AbonnementId) -> Result<$crate::Abonnement, StoreError> {
                    sqlx::query(concat!("SELECT ", abonnement_columns!(), " FROM abonnement WHERE id = $1"))
                        .bind(id.0)
                        .fetch_optional(self.lezers())
                        .await?
                        .as_ref()
                        .map(abonnement_uit)
                        .unwrap_or_else(|| Err(abonnement_niet_gevonden(id)))
                }

                async fn abonnement_per_sleutel(
                    &self,
                    sleutel: &str,
                ) -> Result<Option<$crate::Abonnement>, StoreError> {
                    sqlx::query(concat!("SELECT ", abonnement_columns!(), " FROM abonnement WHERE sleutel = $1"))
                        .bind(sleutel)
                        .fetch_optional(self.lezers())
                        .await?
                        .as_ref()
                        .map(abonnement_uit)
                        .transpose()
                }

                async fn bevestig_abonnement(
                    &self,
                    id: $crate::AbonnementId,
                    nu: time::OffsetDateTime,
                ) -> Result<$crate::Abonnement, StoreError> {
                    sqlx::query(concat!(
                        "UPDATE abonnement SET gewijzigd = CASE WHEN bevestigd THEN gewijzigd ELSE $2 END,
                            bevestigd = true
                         WHERE id = $1 RETURNING ",
                        abonnement_columns!()
                    ))
                    .bind(id.0)
                    .bind(moment(nu))
                    .fetch_optional(self.schrijver())
                    .await?
                    .as_ref()
                    .map(abonnement_uit)
                    .unwrap_or_else(|| Err(abonnement_niet_gevonden(id)))
                }

                async fn zeg_abonnement_op(
                    &self,
                    id: $crate::AbonnementId,
                    nu: time::OffsetDateTime,
                ) -> Result<$crate::Abonnement, StoreError> {
                    let mut tx = self.begin_schrijven().await?;
                    let row = sqlx::query(concat!(
                        "UPDATE abonnement SET gewijzigd = CASE WHEN opgezegd IS NULL THEN $2 ELSE gewijzigd END,
                            opgezegd = COALESCE(opgezegd, $2)
                         WHERE id = $1 RETURNING ",
                        abonnement_columns!()
                    ))
                    .bind(id.0)
                    .bind(moment(nu))
                    .fetch_optional(&mut *tx)
                    .await?;
                    let abonnement =
                        row.as_ref().map(abonnement_uit).unwrap_or_else(|| Err(abonnement_niet_gevonden(id)))?;
                    // What waits for it is not sent any more; what was delivered (the inbox) stays.
                    sqlx::query(
                        "UPDATE bericht SET status = 'mislukt', laatste_fout = 'abonnement opgezegd'
                         WHERE abonnement_id = $1 AND status = 'wachtend' AND kanaal <> 'inbox'",
                    )
                    .bind(id.0)
                    .execute(&mut *tx)
                    .await?;
                    tx.commit().await?;
                    Ok(abonnement)
                }

                async fn abonnementen_van(&self, gebruiker: Uuid) -> Result<Vec<$crate::Abonnement>, StoreError> {
                    sqlx::query(concat!(
                        "SELECT ",
                        abonnement_columns!(),
                        " FROM abonnement WHERE gebruiker = $1 AND opgezegd IS NULL ORDER BY aangemaakt DESC, id"
                    ))
                    .bind(gebruiker)
                    .fetch_all(self.lezers())
                    .await?
                    .iter()
                    .map(abonnement_uit)
                    .collect()
                }

                async fn actieve_abonnementen(&self) -> Result<Vec<$crate::Abonnement>, StoreError> {
                    sqlx::query(concat!(
                        "SELECT ",
                        abonnement_columns!(),
                        " FROM abonnement WHERE bevestigd AND opgezegd IS NULL ORDER BY id"
                    ))
                    .fetch_all(self.lezers())
                    .await?
                    .iter()
                    .map(abonnement_uit)
                    .collect()
                }

                async fn abonnementen_gewijzigd_sinds(
                    &self,
                    sinds: time::OffsetDateTime,
                ) -> Result<Vec<$crate::Abonnement>, StoreError> {
                    sqlx::query(concat!(
                        "SELECT ",
                        abonnement_columns!(),
                        " FROM abonnement WHERE gewijzigd >= $1 ORDER BY gewijzigd, id"
                    ))
                    .bind(moment(sinds))
                    .fetch_all(self.lezers())
                    .await?
                    .iter()
                    .map(abonnement_uit)
                    .collect()
                }

                async fn claim_bronnen(
                    &self,
                    limiet: u32,
                    nu: time::OffsetDateTime,
                    tot: time::OffsetDateTime,
                ) -> Result<Vec<$crate::BerichtBron>, StoreError> {
                    let sql = format!(
                        "UPDATE bericht_bron SET claim_tot = $1 WHERE id IN (
                            SELECT id FROM bericht_bron WHERE claim_tot IS NULL OR claim_tot < $2
                            ORDER BY id LIMIT $3 {})
                         RETURNING id, zaak_id, volgnummer, melding, aangemaakt",
                        <Self as Backend>::CLAIM
                    );
                    let mut bronnen = sqlx::query(sqlx::AssertSqlSafe(sql))
                        .bind(moment(tot))
                        .bind(moment(nu))
                        .bind(i64::from(limiet))
                        .fetch_all(self.schrijver())
                        .await?
                        .iter()
                        .map(bron_uit)
                        .collect::<Result<Vec<_>, _>>()?;
                    bronnen.sort_by_key(|b| b.id);
                    Ok(bronnen)
                }

                async fn verspreid(
                    &self,
                    bronnen: &[i64],
                    meldingen: &[$crate::NieuweMelding],
                    berichten: &[$crate::NieuwBericht],
                    nu: time::OffsetDateTime,
                ) -> Result<(), StoreError> {
                    let mut tx = self.begin_schrijven().await?;
                    for m in meldingen {
                        sqlx::query(
                            "INSERT INTO melding (id, soort, zaak_id, openbaar, op, inhoud)
                             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING",
                        )
                        .bind(m.id)
                        .bind(&m.soort)
                        .bind(m.zaak_id.map(|z| z.0))
                        .bind(m.openbaar)
                        .bind(moment(m.op))
                        .bind(m.inhoud.to_string())
                        .execute(&mut *tx)
                        .await?;
                    }
                    for b in berichten {
                        let inbox = b.kanaal == stip_berichten::Kanaal::Inbox;
                        sqlx::query(
                            "INSERT INTO bericht (id, melding_id, abonnement_id, kanaal, ontvanger, gebruiker,
                                frequentie, status, pogingen, volgende_poging, afgeleverd, aangemaakt)
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, $10, $11)
                             ON CONFLICT (melding_id, kanaal, ontvanger) DO NOTHING",
                        )
                        .bind(Uuid::now_v7())
                        .bind(b.melding_id)
                        .bind(b.abonnement_id.map(|a| a.0))
                        .bind(b.kanaal.as_str())
                        .bind(&b.ontvanger)
                        .bind(b.gebruiker)
                        .bind(b.frequentie.as_str())
                        .bind(if inbox { "afgeleverd" } else { "wachtend" })
                        .bind(moment(b.verzenden_op))
                        .bind(inbox.then(|| moment(nu)))
                        .bind(moment(nu))
                        .execute(&mut *tx)
                        .await?;
                    }
                    for id in bronnen {
                        sqlx::query("DELETE FROM bericht_bron WHERE id = $1").bind(id).execute(&mut *tx).await?;
                    }
                    tx.commit().await?;
                    Ok(())
                }

                async fn claim_berichten(
                    &self,
                    limiet: u32,
                    nu: time::OffsetDateTime,
                    tot: time::OffsetDateTime,
                ) -> Result<Vec<$crate::Bericht>, StoreError> {
                    let mut tx = self.begin_schrijven().await?;
                    let sql = format!(
                        "UPDATE bericht SET claim_tot = $1, pogingen = pogingen + 1 WHERE id IN (
                            SELECT id FROM bericht
                            WHERE status = 'wachtend' AND volgende_poging <= $2 AND kanaal <> 'inbox'
                              AND (claim_tot IS NULL OR claim_tot < $2)
                            ORDER BY volgende_poging, ontvanger LIMIT $3 {})
                         RETURNING id",
                        <Self as Backend>::CLAIM
                    );
                    let ids: Vec<Uuid> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                        .bind(moment(tot))
                        .bind(moment(nu))
                        .bind(i64::from(limiet))
                        .fetch_all(&mut *tx)
                        .await?;
                    if ids.is_empty() {
                        tx.commit().await?;
                        return Ok(Vec::new());
                    }
                    let sql = format!(
                        "SELECT {} FROM bericht b JOIN melding m ON m.id = b.melding_id WHERE b.id IN ({})
                         ORDER BY b.ontvanger, b.aangemaakt, b.id",
                        bericht_columns!(),
                        plaatshouders(1, ids.len())
                    );
                    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                    for id in &ids {
                        q = q.bind(*id);
                    }
                    let berichten = q.fetch_all(&mut *tx).await?.iter().map(bericht_uit).collect();
                    tx.commit().await?;
                    berichten
                }

                async fn bezorgd(&self, ids: &[$crate::BerichtId], nu: time::OffsetDateTime) -> Result<(), StoreError> {
                    for deel in ids.chunks(500) {
                        let sql = format!(
                            "UPDATE bericht SET status = 'afgeleverd', afgeleverd = $1, claim_tot = NULL,
                                laatste_fout = NULL
                             WHERE id IN ({}) AND status = 'wachtend'",
                            plaatshouders(2, deel.len())
                        );
                        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(moment(nu));
                        for id in deel {
                            q = q.bind(id.0);
                        }
                        q.execute(self.schrijver()).await?;
                    }
                    Ok(())
                }

                async fn niet_bezorgd(
                    &self,
                    id: $crate::BerichtId,
                    fout: &str,
                    opnieuw_op: Option<time::OffsetDateTime>,
                ) -> Result<(), StoreError> {
                    let status = if opnieuw_op.is_some() { "wachtend" } else { "mislukt" };
                    sqlx::query(
                        "UPDATE bericht SET status = $2, laatste_fout = $3, claim_tot = NULL,
                            volgende_poging = COALESCE($4, volgende_poging)
                         WHERE id = $1 AND status = 'wachtend'",
                    )
                    .bind(id.0)
                    .bind(status)
                    .bind(fout)
                    .bind(opnieuw_op.map(moment))
                    .execute(self.schrijver())
                    .await?;
                    Ok(())
                }

                async fn probeer_opnieuw(
                    &self,
                    id: $crate::BerichtId,
                    nu: time::OffsetDateTime,
                ) -> Result<(), StoreError> {
                    let n = sqlx::query(
                        "UPDATE bericht SET status = 'wachtend', pogingen = 0, volgende_poging = $2, claim_tot = NULL
                         WHERE id = $1 AND status = 'mislukt'",
                    )
                    .bind(id.0)
                    .bind(moment(nu))
                    .execute(self.schrijver())
                    .await?
                    .rows_affected();
                    if n == 0 {
                        return Err(StoreError::NotFound(format!("undelivered bericht {id}")));
                    }
                    Ok(())
                }

                async fn berichten_met_status(
                    &self,
                    status: $crate::BerichtStatus,
                    limiet: u32,
                ) -> Result<Vec<$crate::Bericht>, StoreError> {
                    sqlx::query(concat!(
                        "SELECT ",
                        bericht_columns!(),
                        " FROM bericht b JOIN melding m ON m.id = b.melding_id WHERE b.status = $1
                          ORDER BY b.aangemaakt DESC, b.id DESC LIMIT $2"
                    ))
                    .bind(status.as_str())
                    .bind(i64::from(limiet))
                    .fetch_all(self.lezers())
                    .await?
                    .iter()
                    .map(bericht_uit)
                    .collect()
                }

                async fn tel_berichten(&self) -> Result<$crate::BerichtTelling, StoreError> {
                    let rows = sqlx::query("SELECT status, COUNT(*) AS n FROM bericht GROUP BY status")
                        .fetch_all(self.lezers())
                        .await?;
                    let mut t = $crate::BerichtTelling::default();
                    for row in &rows {
                        let n = row.getal("n")?;
                        match row.tekst("status")?.as_str() {
                            "wachtend" => t.wachtend = n,
                            "afgeleverd" => t.afgeleverd = n,
                            _ => t.mislukt = n,
                        }
                    }
                    Ok(t)
                }

                async fn inbox(
                    &self,
                    gebruiker: Uuid,
                    vanaf: u32,
                    limiet: u32,
                ) -> Result<Vec<$crate::Bericht>, StoreError> {
                    sqlx::query(concat!(
                        "SELECT ",
                        bericht_columns!(),
                        " FROM bericht b JOIN melding m ON m.id = b.melding_id
                          WHERE b.gebruiker = $1 AND b.kanaal = 'inbox'
                          ORDER BY b.aangemaakt DESC, b.id DESC LIMIT $2 OFFSET $3"
                    ))
                    .bind(gebruiker)
                    .bind(i64::from(limiet))
                    .bind(i64::from(vanaf))
                    .fetch_all(self.lezers())
                    .await?
                    .iter()
                    .map(bericht_uit)
                    .collect()
                }

                async fn tel_inbox(&self, gebruiker: Uuid) -> Result<(i64, i64), StoreError> {
                    let row = sqlx::query(
                        "SELECT COUNT(*) AS totaal, COUNT(gelezen) AS gelezen FROM bericht
                         WHERE gebruiker = $1 AND kanaal = 'inbox'",
                    )
                    .bind(gebruiker)
                    .fetch_one(self.lezers())
                    .await?;
                    let totaal = row.getal("totaal")?;
                    Ok((totaal, totaal - row.getal("gelezen")?))
                }

                async fn markeer_gelezen(
                    &self,
                    id: $crate::BerichtId,
                    gebruiker: Uuid,
                    nu: time::OffsetDateTime,
                ) -> Result<(), StoreError> {
                    let n = sqlx::query(
                        "UPDATE bericht SET gelezen = COALESCE(gelezen, $3)
                         WHERE id = $1 AND gebruiker = $2 AND kanaal = 'inbox'",
                    )
                    .bind(id.0)
                    .bind(gebruiker)
                    .bind(moment(nu))
                    .execute(self.schrijver())
                    .await?
                    .rows_affected();
                    if n == 0 {
                        return Err(StoreError::NotFound(format!("bericht {id}")));
                    }
                    Ok(())
                }

                async fn melding(&self, id: Uuid) -> Result<$crate::Melding, StoreError> {
                    sqlx::query("SELECT id, soort, zaak_id, openbaar, op, inhoud FROM melding WHERE id = $1")
                        .bind(id)
                        .fetch_optional(self.lezers())
                        .await?
                        .as_ref()
                        .map(|r| melding_uit(r, ""))
                        .unwrap_or_else(|| Err(StoreError::NotFound(format!("melding {id}"))))
                }
            }

            impl ZaakRepository for $store {
                async fn dien_in(&self, nieuw: NieuweZaak<'_>) -> Result<Indiening, StoreError> {
                    self.indienen(nieuw).await
                }

                async fn zaak(&self, id: ZaakId) -> Result<Zaak, StoreError> {
                    let row = sqlx::query(concat!("SELECT ", zaak_columns!(), " FROM zaak WHERE id = $1"))
                        .bind(id.0)
                        .fetch_optional(self.lezers())
                        .await?;
                    row.as_ref().map(zaak_uit).unwrap_or_else(|| Err(zaak_niet_gevonden(id)))
                }

                async fn zaak_per_nummer(&self, nummer: &str) -> Result<Zaak, StoreError> {
                    let row = sqlx::query(concat!("SELECT ", zaak_columns!(), " FROM zaak WHERE zaaknummer = $1"))
                        .bind(nummer)
                        .fetch_optional(self.lezers())
                        .await?;
                    row.as_ref().map(zaak_uit).unwrap_or_else(|| Err(zaak_niet_gevonden(nummer)))
                }

                async fn zaak_van_aanvraag(&self, aanvraag_id: AanvraagId) -> Result<Option<Zaak>, StoreError> {
                    sqlx::query(concat!("SELECT ", zaak_columns!(), " FROM zaak WHERE aanvraag_id = $1"))
                        .bind(aanvraag_id.0)
                        .fetch_optional(self.lezers())
                        .await?
                        .as_ref()
                        .map(zaak_uit)
                        .transpose()
                }

                async fn zaken_op_perceel(&self, perceel: &str, statussen: &[&str]) -> Result<Vec<Zaak>, StoreError> {
                    // unprepared, planned for the statuses asked: a plan made once for any statuses reads every
                    // case on the parcel (on PostgreSQL a scan of the whole table when one parcel holds them all)
                    let rows = perceel_sql::<$db>(perceel, statussen)
                        .build()
                        .persistent(false)
                        .fetch_all(self.lezers())
                        .await?;
                    rows.iter().map(zaak_uit).collect()
                }

                async fn zaken_van(&self, aanvrager: Uuid) -> Result<Vec<Zaak>, StoreError> {
                    sqlx::query(concat!(
                        "SELECT ",
                        zaak_columns!(),
                        " FROM zaak WHERE aanvrager = $1 ORDER BY ingediend DESC, zaaknummer DESC"
                    ))
                    .bind(aanvrager)
                    .fetch_all(self.lezers())
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
                    let mut tx = self.begin_schrijven().await?;
                    let zaak = zaak_verder_in(&mut tx, zaak_id, verwacht_volgnummer, &gebeurtenis, &stand).await?;
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
                    .fetch_all(self.lezers())
                    .await?
                    .iter()
                    .map(gebeurtenis_uit)
                    .collect()
                }

                async fn zaken_met_geschiedenis(
                    &self,
                    ids: &[ZaakId],
                ) -> Result<Vec<(Zaak, Vec<Gebeurtenis>)>, StoreError> {
                    // the rows first: their events up to `laatste_volgnummer` are all there when read after them
                    let zaken = $crate::zaak::met_ids_sql::<$db>(zaak_columns!(), "zaak", "id", ids)
                        .build()
                        .fetch_all(self.lezers())
                        .await?
                        .iter()
                        .map(zaak_uit)
                        .collect::<Result<Vec<_>, _>>()?;
                    let gebeurtenissen =
                        $crate::zaak::met_ids_sql::<$db>(gebeurtenis_columns!(), "gebeurtenis", "zaak_id", ids)
                            .build()
                            .fetch_all(self.lezers())
                            .await?
                            .iter()
                            .map(gebeurtenis_uit)
                            .collect::<Result<Vec<_>, _>>()?;
                    Ok($crate::zaak::met_geschiedenis(ids, zaken, gebeurtenissen))
                }

                async fn zaken(&self, filter: &ZaakFilter, limiet: u32) -> Result<ZaakPagina, StoreError> {
                    let grootte = paginagrootte(limiet);
                    let rows = werkvoorraad_sql::<$db>(filter, grootte).build().fetch_all(self.lezers()).await?;
                    Ok(pagina(rows.iter().map(zaak_uit).collect::<Result<_, _>>()?, grootte))
                }

                async fn tel_zaken(&self, filter: &ZaakFilter) -> Result<i64, StoreError> {
                    Ok(tel_sql::<$db>(filter).build_query_scalar().fetch_one(self.lezers()).await?)
                }
            }
        };
    };
}
pub(crate) use gedeelde_repositories;
