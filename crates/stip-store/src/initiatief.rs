//! Initiatives (participation before applying): one row per initiative holding the domain's document, found by id,
//! by invitation code, by initiator and (the public ones) by the box around their plan; changed only over the version
//! read. And the keys stip makes itself and keeps (`sleutel`), made once whichever instance asks first.

use crate::StoreError;
use crate::aanvraag::uuid_id;
use crate::rij::Rij;
use serde::{Deserialize, Serialize};
use std::future::Future;
use time::OffsetDateTime;
use uuid::Uuid;

uuid_id!(
    /// The store's id of an initiative.
    InitiatiefId
);

/// What is stored of an initiative besides its id: the searchable columns and the document.
#[derive(Clone, Copy, Debug)]
pub struct InitiatiefGegevens<'a> {
    pub code: &'a str,
    pub initiatiefnemer: Uuid,
    pub openbaar: bool,
    /// RD New: min x, min y, max x, max y of the plan.
    pub bbox: [f64; 4],
    pub inhoud: &'a serde_json::Value,
    /// A public happening (an `OpenbareMelding` as JSON) for the messages outbox, written in the same transaction.
    pub melding: Option<&'a serde_json::Value>,
}

/// A stored initiative.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InitiatiefRij {
    pub id: InitiatiefId,
    pub code: String,
    pub initiatiefnemer: Uuid,
    pub openbaar: bool,
    pub inhoud: serde_json::Value,
    /// The row's version: a change over an older one is refused.
    pub versie: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub aangemaakt: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub gewijzigd: OffsetDateTime,
}

/// The most public initiatives one search answers.
pub const MAX_INITIATIEVEN: u32 = 200;

/// Initiatives and stip's own keys.
pub trait InitiatiefRepository {
    fn maak_initiatief(
        &self,
        id: InitiatiefId,
        gegevens: InitiatiefGegevens<'_>,
        op: OffsetDateTime,
    ) -> impl Future<Output = Result<InitiatiefRij, StoreError>> + Send;
    fn initiatief(&self, id: InitiatiefId) -> impl Future<Output = Result<InitiatiefRij, StoreError>> + Send;
    /// The initiative an invitation code opens (codes are compared as given; the caller normalises them).
    fn initiatief_per_code(&self, code: &str)
    -> impl Future<Output = Result<Option<InitiatiefRij>, StoreError>> + Send;
    /// Changes an initiative over `verwachte_versie`; another change meanwhile is a conflict.
    fn werk_initiatief_bij(
        &self,
        id: InitiatiefId,
        verwachte_versie: i64,
        gegevens: InitiatiefGegevens<'_>,
        op: OffsetDateTime,
    ) -> impl Future<Output = Result<InitiatiefRij, StoreError>> + Send;
    /// Public initiatives whose plan box meets `bbox`, newest first, at most `limiet`.
    fn openbare_initiatieven(
        &self,
        bbox: [f64; 4],
        limiet: u32,
    ) -> impl Future<Output = Result<Vec<InitiatiefRij>, StoreError>> + Send;
    /// One's own initiatives, last changed first.
    fn initiatieven_van(
        &self,
        initiatiefnemer: Uuid,
    ) -> impl Future<Output = Result<Vec<InitiatiefRij>, StoreError>> + Send;
    /// The key kept under `naam`; when there is none yet, `nieuw` is kept and returned. Every caller gets the
    /// same value, also when several ask at once.
    fn sleutel(
        &self,
        naam: &str,
        nieuw: &str,
        op: OffsetDateTime,
    ) -> impl Future<Output = Result<String, StoreError>> + Send;
}

macro_rules! initiatief_columns {
    () => {
        "id, code, initiatiefnemer, openbaar, inhoud, versie, aangemaakt, gewijzigd"
    };
}
pub(crate) use initiatief_columns;

pub(crate) fn initiatief_uit(rij: &impl Rij) -> Result<InitiatiefRij, StoreError> {
    Ok(InitiatiefRij {
        id: InitiatiefId(rij.uuid("id")?),
        code: rij.tekst("code")?,
        initiatiefnemer: rij.uuid("initiatiefnemer")?,
        openbaar: rij.waar("openbaar")?,
        inhoud: rij.json("inhoud")?,
        versie: rij.getal("versie")?,
        aangemaakt: rij.moment("aangemaakt")?,
        gewijzigd: rij.moment("gewijzigd")?,
    })
}

pub(crate) fn initiatief_niet_gevonden(id: InitiatiefId) -> StoreError {
    StoreError::NotFound(format!("er is geen initiatief {id}"))
}

/// Implements [`InitiatiefRepository`] for `$store` (a [`crate::gedeeld::Backend`]): one SQL text for both backends.
macro_rules! initiatief_repository {
    ($store:ty) => {
        const _: () = {
            use $crate::gedeeld::Backend;
            use $crate::initiatief::{
                InitiatiefGegevens, InitiatiefId, InitiatiefRepository, InitiatiefRij, initiatief_columns,
                initiatief_niet_gevonden, initiatief_uit,
            };
            use $crate::rij::moment;
            use $crate::StoreError;

            async fn meld(
                tx: &mut sqlx::Transaction<'static, <$store as Backend>::DB>,
                melding: Option<&serde_json::Value>,
                op: time::OffsetDateTime,
            ) -> Result<(), StoreError> {
                if let Some(m) = melding {
                    sqlx::query("INSERT INTO bericht_bron (melding, aangemaakt) VALUES ($1, $2)")
                        .bind(m.to_string())
                        .bind(moment(op))
                        .execute(&mut **tx)
                        .await?;
                }
                Ok(())
            }

            impl InitiatiefRepository for $store {
                async fn maak_initiatief(
                    &self,
                    id: InitiatiefId,
                    g: InitiatiefGegevens<'_>,
                    op: time::OffsetDateTime,
                ) -> Result<InitiatiefRij, StoreError> {
                    let mut tx = self.begin_schrijven().await?;
                    let row = sqlx::query(concat!(
                        "INSERT INTO initiatief (id, code, initiatiefnemer, openbaar, minx, miny, maxx, maxy, inhoud,
                            versie, aangemaakt, gewijzigd)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10, $10) RETURNING ",
                        initiatief_columns!()
                    ))
                    .bind(id.0)
                    .bind(g.code)
                    .bind(g.initiatiefnemer)
                    .bind(g.openbaar)
                    .bind(g.bbox[0])
                    .bind(g.bbox[1])
                    .bind(g.bbox[2])
                    .bind(g.bbox[3])
                    .bind(g.inhoud.to_string())
                    .bind(moment(op))
                    .fetch_one(&mut *tx)
                    .await?;
                    meld(&mut tx, g.melding, op).await?;
                    tx.commit().await?;
                    initiatief_uit(&row)
                }

                async fn initiatief(&self, id: InitiatiefId) -> Result<InitiatiefRij, StoreError> {
                    let row =
                        sqlx::query(concat!("SELECT ", initiatief_columns!(), " FROM initiatief WHERE id = $1"))
                            .bind(id.0)
                            .fetch_optional(self.lezers())
                            .await?;
                    row.as_ref().map(initiatief_uit).unwrap_or_else(|| Err(initiatief_niet_gevonden(id)))
                }

                async fn initiatief_per_code(&self, code: &str) -> Result<Option<InitiatiefRij>, StoreError> {
                    let row =
                        sqlx::query(concat!("SELECT ", initiatief_columns!(), " FROM initiatief WHERE code = $1"))
                            .bind(code)
                            .fetch_optional(self.lezers())
                            .await?;
                    row.as_ref().map(initiatief_uit).transpose()
                }

                async fn werk_initiatief_bij(
                    &self,
                    id: InitiatiefId,
                    verwachte_versie: i64,
                    g: InitiatiefGegevens<'_>,
                    op: time::OffsetDateTime,
                ) -> Result<InitiatiefRij, StoreError> {
                    let mut tx = self.begin_schrijven().await?;
                    let row = sqlx::query(concat!(
                        "UPDATE initiatief SET openbaar = $1, minx = $2, miny = $3, maxx = $4, maxy = $5,
                            inhoud = $6, gewijzigd = $7, versie = versie + 1
                         WHERE id = $8 AND versie = $9 RETURNING ",
                        initiatief_columns!()
                    ))
                    .bind(g.openbaar)
                    .bind(g.bbox[0])
                    .bind(g.bbox[1])
                    .bind(g.bbox[2])
                    .bind(g.bbox[3])
                    .bind(g.inhoud.to_string())
                    .bind(moment(op))
                    .bind(id.0)
                    .bind(verwachte_versie)
                    .fetch_optional(&mut *tx)
                    .await?;
                    match row {
                        Some(row) => {
                            meld(&mut tx, g.melding, op).await?;
                            tx.commit().await?;
                            initiatief_uit(&row)
                        }
                        None => {
                            drop(tx);
                            // Either it does not exist or someone changed it meanwhile.
                            self.initiatief(id).await?;
                            Err(StoreError::Conflict(format!(
                                "het initiatief is intussen gewijzigd (u las versie {verwachte_versie})"
                            )))
                        }
                    }
                }

                async fn openbare_initiatieven(
                    &self,
                    bbox: [f64; 4],
                    limiet: u32,
                ) -> Result<Vec<InitiatiefRij>, StoreError> {
                    sqlx::query(concat!(
                        "SELECT ",
                        initiatief_columns!(),
                        " FROM initiatief WHERE openbaar = $1 AND maxx >= $2 AND maxy >= $3 AND minx <= $4
                           AND miny <= $5 ORDER BY aangemaakt DESC, id LIMIT $6"
                    ))
                    .bind(true)
                    .bind(bbox[0])
                    .bind(bbox[1])
                    .bind(bbox[2])
                    .bind(bbox[3])
                    .bind(i64::from(limiet.min($crate::initiatief::MAX_INITIATIEVEN)))
                    .fetch_all(self.lezers())
                    .await?
                    .iter()
                    .map(initiatief_uit)
                    .collect()
                }

                async fn initiatieven_van(&self, initiatiefnemer: uuid::Uuid) -> Result<Vec<InitiatiefRij>, StoreError> {
                    sqlx::query(concat!(
                        "SELECT ",
                        initiatief_columns!(),
                        " FROM initiatief WHERE initiatiefnemer = $1 ORDER BY gewijzigd DESC, id"
                    ))
                    .bind(initiatiefnemer)
                    .fetch_all(self.lezers())
                    .await?
                    .iter()
                    .map(initiatief_uit)
                    .collect()
                }

                async fn sleutel(&self, naam: &str, nieuw: &str, op: time::OffsetDateTime) -> Result<String, StoreError> {
                    sqlx::query(
                        "INSERT INTO sleutel (naam, waarde, aangemaakt) VALUES ($1, $2, $3) ON CONFLICT (naam) DO NOTHING",
                    )
                    .bind(naam)
                    .bind(nieuw)
                    .bind(moment(op))
                    .execute(self.schrijver())
                    .await?;
                    let (waarde,): (String,) = sqlx::query_as("SELECT waarde FROM sleutel WHERE naam = $1")
                        .bind(naam)
                        .fetch_one(self.schrijver())
                        .await?;
                    Ok(waarde)
                }
            }
        };
    };
}
pub(crate) use initiatief_repository;
