//! Reviews after the works: one per case, asked by a one-time link whose secret the store never keeps (only its
//! SHA-256), answered once; read back per authority for the officials and as anonymous figures for reports.

use crate::aanvraag::uuid_id;
use crate::rij::Rij;
use crate::{StoreError, ZaakId};
use serde::{Deserialize, Serialize};
use std::future::Future;
use time::OffsetDateTime;
use uuid::Uuid;

uuid_id!(
    /// The store's id of a review.
    ReviewId
);

/// A review to ask for.
#[derive(Clone, Copy, Debug)]
pub struct NieuweReview<'a> {
    pub id: ReviewId,
    pub zaak_id: ZaakId,
    /// SHA-256 (hex) of the link's secret.
    pub token_hash: &'a str,
    pub bevoegd_gezag: &'a str,
    pub team: Option<&'a str>,
    pub aangemaakt: OffsetDateTime,
}

/// The answer to a review.
#[derive(Clone, Copy, Debug)]
pub struct ReviewAntwoord<'a> {
    pub gemak: i64,
    pub tevredenheid: i64,
    pub verbetering: &'a str,
    pub beantwoord: OffsetDateTime,
}

/// A review as stored.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Review {
    pub id: ReviewId,
    pub zaak_id: ZaakId,
    pub bevoegd_gezag: String,
    pub team: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub aangemaakt: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub beantwoord: Option<OffsetDateTime>,
    pub gemak: Option<i64>,
    pub tevredenheid: Option<i64>,
    pub verbetering: Option<String>,
}

/// Reviews.
pub trait ReviewRepository {
    /// Records the review of a case once: a second for the same case changes nothing and returns `None`.
    fn maak_review(&self, nieuw: NieuweReview<'_>) -> impl Future<Output = Result<Option<Review>, StoreError>> + Send;
    /// The review whose link has this hash.
    fn review_per_token(&self, token_hash: &str) -> impl Future<Output = Result<Review, StoreError>> + Send;
    /// Answers a review once: `None` when it was answered already (the link is used).
    fn beantwoord_review(
        &self,
        id: ReviewId,
        antwoord: ReviewAntwoord<'_>,
    ) -> impl Future<Output = Result<Option<Review>, StoreError>> + Send;
    /// The answered reviews of an authority, newest first.
    fn reviews(&self, gezag: &str, limiet: u32) -> impl Future<Output = Result<Vec<Review>, StoreError>> + Send;
}

macro_rules! review_columns {
    () => {
        "id, zaak_id, bevoegd_gezag, team, aangemaakt, beantwoord, gemak, tevredenheid, verbetering"
    };
}
pub(crate) use review_columns;

pub(crate) fn review_uit(rij: &impl Rij) -> Result<Review, StoreError> {
    Ok(Review {
        id: ReviewId(rij.uuid("id")?),
        zaak_id: ZaakId(rij.uuid("zaak_id")?),
        bevoegd_gezag: rij.tekst("bevoegd_gezag")?,
        team: rij.tekst_of_niets("team")?,
        aangemaakt: rij.moment("aangemaakt")?,
        beantwoord: rij.moment_of_niets("beantwoord")?,
        gemak: rij.getal_of_niets("gemak")?,
        tevredenheid: rij.getal_of_niets("tevredenheid")?,
        verbetering: rij.tekst_of_niets("verbetering")?,
    })
}

/// Implements [`ReviewRepository`] for `$store` (a [`crate::gedeeld::Backend`]): one SQL text for both backends.
macro_rules! review_repository {
    ($store:ty) => {
        const _: () = {
            use $crate::StoreError;
            use $crate::gedeeld::Backend;
            use $crate::review::{
                NieuweReview, Review, ReviewAntwoord, ReviewId, ReviewRepository, review_columns, review_uit,
            };
            use $crate::rij::moment;

            impl ReviewRepository for $store {
                async fn maak_review(&self, n: NieuweReview<'_>) -> Result<Option<Review>, StoreError> {
                    let row = sqlx::query(concat!(
                        "INSERT INTO review (id, zaak_id, token_hash, bevoegd_gezag, team, aangemaakt)
                         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (zaak_id) DO NOTHING RETURNING ",
                        review_columns!()
                    ))
                    .bind(n.id.0)
                    .bind(n.zaak_id.0)
                    .bind(n.token_hash)
                    .bind(n.bevoegd_gezag)
                    .bind(n.team)
                    .bind(moment(n.aangemaakt))
                    .fetch_optional(self.schrijver())
                    .await?;
                    row.as_ref().map(review_uit).transpose()
                }

                async fn review_per_token(&self, token_hash: &str) -> Result<Review, StoreError> {
                    let row = sqlx::query(concat!("SELECT ", review_columns!(), " FROM review WHERE token_hash = $1"))
                        .bind(token_hash)
                        .fetch_optional(self.lezers())
                        .await?
                        .ok_or_else(|| StoreError::NotFound("deze link voor een review bestaat niet".into()))?;
                    review_uit(&row)
                }

                async fn beantwoord_review(
                    &self,
                    id: ReviewId,
                    a: ReviewAntwoord<'_>,
                ) -> Result<Option<Review>, StoreError> {
                    let row = sqlx::query(concat!(
                        "UPDATE review SET beantwoord = $2, gemak = $3, tevredenheid = $4, verbetering = $5
                         WHERE id = $1 AND beantwoord IS NULL RETURNING ",
                        review_columns!()
                    ))
                    .bind(id.0)
                    .bind(moment(a.beantwoord))
                    .bind(a.gemak)
                    .bind(a.tevredenheid)
                    .bind(a.verbetering)
                    .fetch_optional(self.schrijver())
                    .await?;
                    row.as_ref().map(review_uit).transpose()
                }

                async fn reviews(&self, gezag: &str, limiet: u32) -> Result<Vec<Review>, StoreError> {
                    sqlx::query(concat!(
                        "SELECT ",
                        review_columns!(),
                        " FROM review WHERE bevoegd_gezag = $1 AND beantwoord IS NOT NULL
                         ORDER BY beantwoord DESC, id LIMIT $2"
                    ))
                    .bind(gezag)
                    .bind(i64::from(limiet))
                    .fetch_all(self.lezers())
                    .await?
                    .iter()
                    .map(review_uit)
                    .collect()
                }
            }
        };
    };
}
pub(crate) use review_repository;
