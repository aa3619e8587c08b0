//! The toezicht aggregate: the samples (steekproeven) officials draw, kept with their seed and inputs, and which case
//! an inspection belongs to. The inspection's own steps are events of its case.

use crate::rij::Rij;
use crate::{StoreError, ZaakId};
use std::future::Future;
use time::OffsetDateTime;
use uuid::Uuid;

/// A draw to keep.
#[derive(Clone, Debug)]
pub struct NieuweSteekproef<'a> {
    pub id: Uuid,
    pub bevoegd_gezag: &'a str,
    /// The seed as decimal text (an unsigned 64-bit number).
    pub seed: &'a str,
    /// The size asked, the factors, the candidates and the outcome.
    pub inhoud: &'a serde_json::Value,
    pub door: Uuid,
    pub door_naam: &'a str,
}

/// A kept draw.
#[derive(Clone, Debug, PartialEq)]
pub struct Steekproef {
    pub id: Uuid,
    pub bevoegd_gezag: String,
    pub seed: String,
    pub inhoud: serde_json::Value,
    pub door: Uuid,
    pub door_naam: String,
    pub gemaakt: OffsetDateTime,
}

/// Samples and the inspections' cases.
pub trait ToezichtRepository {
    fn bewaar_steekproef(
        &self,
        nieuw: NieuweSteekproef<'_>,
    ) -> impl Future<Output = Result<Steekproef, StoreError>> + Send;
    /// An unknown id is [`StoreError::NotFound`].
    fn steekproef(&self, id: Uuid) -> impl Future<Output = Result<Steekproef, StoreError>> + Send;
    /// An authority's draws, newest first.
    fn steekproeven(
        &self,
        bevoegd_gezag: &str,
        limiet: u32,
    ) -> impl Future<Output = Result<Vec<Steekproef>, StoreError>> + Send;
    /// Records that inspection `id` belongs to case `zaak` (before its event is appended).
    fn koppel_inspectie(&self, id: Uuid, zaak: ZaakId) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// The case of an inspection, if it is known.
    fn zaak_van_inspectie(&self, id: Uuid) -> impl Future<Output = Result<Option<ZaakId>, StoreError>> + Send;
}

macro_rules! steekproef_kolommen {
    () => {
        "id, bevoegd_gezag, seed, CAST(inhoud AS TEXT) AS inhoud, door, door_naam, gemaakt"
    };
}
pub(crate) use steekproef_kolommen;

pub(crate) fn steekproef_uit(rij: &impl Rij) -> Result<Steekproef, StoreError> {
    Ok(Steekproef {
        id: rij.uuid("id")?,
        bevoegd_gezag: rij.tekst("bevoegd_gezag")?,
        seed: rij.tekst("seed")?,
        inhoud: rij.json("inhoud")?,
        door: rij.uuid("door")?,
        door_naam: rij.tekst("door_naam")?,
        gemaakt: rij.moment("gemaakt")?,
    })
}

macro_rules! toezicht_repository {
    ($store:ty) => {
        const _: () = {
            use $crate::gedeeld::Backend;
            use $crate::rij::nu;
            use $crate::toezicht::{
                NieuweSteekproef, Steekproef, ToezichtRepository, steekproef_kolommen, steekproef_uit,
            };
            use $crate::{StoreError, ZaakId};

            impl ToezichtRepository for $store {
                async fn bewaar_steekproef(&self, nieuw: NieuweSteekproef<'_>) -> Result<Steekproef, StoreError> {
                    let rij = sqlx::query(concat!(
                        "INSERT INTO steekproef (id, bevoegd_gezag, seed, inhoud, door, door_naam, gemaakt)
                         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ",
                        steekproef_kolommen!()
                    ))
                    .bind(nieuw.id)
                    .bind(nieuw.bevoegd_gezag)
                    .bind(nieuw.seed)
                    .bind(sqlx::types::Json(nieuw.inhoud))
                    .bind(nieuw.door)
                    .bind(nieuw.door_naam)
                    .bind(nu())
                    .fetch_one(self.schrijver())
                    .await?;
                    steekproef_uit(&rij)
                }

                async fn steekproef(&self, id: uuid::Uuid) -> Result<Steekproef, StoreError> {
                    let rij = sqlx::query(concat!("SELECT ", steekproef_kolommen!(), " FROM steekproef WHERE id = $1"))
                        .bind(id)
                        .fetch_optional(self.lezers())
                        .await?
                        .ok_or_else(|| StoreError::NotFound(format!("steekproef {id}")))?;
                    steekproef_uit(&rij)
                }

                async fn steekproeven(&self, bevoegd_gezag: &str, limiet: u32) -> Result<Vec<Steekproef>, StoreError> {
                    sqlx::query(concat!(
                        "SELECT ",
                        steekproef_kolommen!(),
                        " FROM steekproef WHERE bevoegd_gezag = $1 ORDER BY gemaakt DESC, id DESC LIMIT $2"
                    ))
                    .bind(bevoegd_gezag)
                    .bind(i64::from(limiet.min(crate::MAX_PAGINA)))
                    .fetch_all(self.lezers())
                    .await?
                    .iter()
                    .map(steekproef_uit)
                    .collect()
                }

                async fn koppel_inspectie(&self, id: uuid::Uuid, zaak: ZaakId) -> Result<(), StoreError> {
                    sqlx::query("INSERT INTO inspectie (id, zaak_id, gemaakt) VALUES ($1, $2, $3)")
                        .bind(id)
                        .bind(zaak.0)
                        .bind(nu())
                        .execute(self.schrijver())
                        .await?;
                    Ok(())
                }

                async fn zaak_van_inspectie(&self, id: uuid::Uuid) -> Result<Option<ZaakId>, StoreError> {
                    let zaak: Option<uuid::Uuid> = sqlx::query_scalar("SELECT zaak_id FROM inspectie WHERE id = $1")
                        .bind(id)
                        .fetch_optional(self.lezers())
                        .await?;
                    Ok(zaak.map(ZaakId))
                }
            }
        };
    };
}
pub(crate) use toezicht_repository;
