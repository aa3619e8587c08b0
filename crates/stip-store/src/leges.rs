//! Leges: a case's assessments (aanslag) and refunds (teruggaaf), made once per case and reason, and the online
//! payments that settle them (one payment may settle several assessments), with the finance export's rows.

use crate::aanvraag::uuid_id;
use crate::rij::Rij;
use crate::{StoreError, ZaakId};
use serde::{Deserialize, Serialize};
use std::future::Future;
use time::OffsetDateTime;
use uuid::Uuid;

uuid_id!(
    /// The store's id of an assessment or refund.
    AanslagId
);
uuid_id!(
    /// The store's id of a payment.
    BetalingId
);

/// An assessment (what is owed) or a refund (what is given back).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AanslagSoort {
    Aanslag,
    Teruggaaf,
}

impl AanslagSoort {
    pub fn as_str(self) -> &'static str {
        match self {
            AanslagSoort::Aanslag => "aanslag",
            AanslagSoort::Teruggaaf => "teruggaaf",
        }
    }

    fn parse(s: &str) -> Result<AanslagSoort, StoreError> {
        match s {
            "aanslag" => Ok(AanslagSoort::Aanslag),
            "teruggaaf" => Ok(AanslagSoort::Teruggaaf),
            other => Err(StoreError::Corrupt(format!("aanslag of unknown kind {other:?}"))),
        }
    }
}

/// An assessment or refund to record.
#[derive(Clone, Copy, Debug)]
pub struct NieuweAanslag<'a> {
    pub id: AanslagId,
    pub zaak_id: ZaakId,
    pub soort: AanslagSoort,
    pub reden: &'a str,
    pub regels: &'a serde_json::Value,
    pub bedrag_cent: i64,
    pub kostenplaats: &'a str,
    pub aangemaakt: OffsetDateTime,
}

/// A recorded assessment or refund.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Aanslag {
    pub id: AanslagId,
    pub zaak_id: ZaakId,
    pub soort: AanslagSoort,
    pub reden: String,
    pub regels: serde_json::Value,
    pub bedrag_cent: i64,
    pub kostenplaats: String,
    #[serde(with = "time::serde::rfc3339")]
    pub aangemaakt: OffsetDateTime,
}

/// A payment to record: made at the provider already (its id and checkout address), status `open`.
#[derive(Clone, Copy, Debug)]
pub struct NieuweBetaling<'a> {
    pub id: BetalingId,
    pub psp: &'a str,
    pub psp_id: &'a str,
    pub checkout_url: &'a str,
    pub betaler: Uuid,
    /// The assessments it settles, each with its part of the amount; the payment's amount is their sum.
    pub posten: &'a [(AanslagId, i64)],
    pub aangemaakt: OffsetDateTime,
}

/// A recorded payment.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Betaling {
    pub id: BetalingId,
    pub psp: String,
    pub psp_id: String,
    pub status: String,
    pub bedrag_cent: i64,
    pub checkout_url: String,
    pub betaler: Uuid,
    #[serde(with = "time::serde::rfc3339")]
    pub aangemaakt: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub gewijzigd: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub betaald_op: Option<OffsetDateTime>,
    /// The assessments it settles, with their parts.
    pub posten: Vec<(AanslagId, i64)>,
}

/// One row of the finance export: an assessment, a refund or a payment's part for one case.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FinancieleRegel {
    /// `aanslag`, `teruggaaf` or `betaling`.
    pub soort: String,
    #[serde(with = "time::serde::rfc3339")]
    pub op: OffsetDateTime,
    pub zaaknummer: String,
    pub kostenplaats: String,
    pub bedrag_cent: i64,
    /// The payment's status (a payment's row) or the assessment's reason.
    pub toelichting: String,
    /// The assessment's or payment's id.
    pub referentie: Uuid,
}

/// Assessments and payments. Amounts are whole euro cents.
pub trait LegesRepository {
    /// Records an assessment or refund once per case and reason: a second one with the same reason changes nothing
    /// and returns the first.
    fn maak_aanslag(&self, nieuw: NieuweAanslag<'_>) -> impl Future<Output = Result<Aanslag, StoreError>> + Send;
    /// A case's assessments and refunds, oldest first.
    fn aanslagen(&self, zaak_id: ZaakId) -> impl Future<Output = Result<Vec<Aanslag>, StoreError>> + Send;
    /// Records a payment with its parts in one transaction.
    fn maak_betaling(&self, nieuw: NieuweBetaling<'_>) -> impl Future<Output = Result<Betaling, StoreError>> + Send;
    fn betaling(&self, id: BetalingId) -> impl Future<Output = Result<Betaling, StoreError>> + Send;
    /// The payment the provider knows by `psp_id`, if any.
    fn betaling_per_psp_id(
        &self,
        psp: &str,
        psp_id: &str,
    ) -> impl Future<Output = Result<Option<Betaling>, StoreError>> + Send;
    /// Moves a payment from status `van` to `naar`; `None` when it no longer had status `van` (someone else moved it
    /// first: a repeated webhook), so that each change is recorded exactly once.
    fn zet_betaalstatus(
        &self,
        id: BetalingId,
        van: &str,
        naar: &str,
        nu: OffsetDateTime,
    ) -> impl Future<Output = Result<Option<Betaling>, StoreError>> + Send;
    /// The payments that settle (part of) a case's assessments, newest first.
    fn betalingen_van_zaak(&self, zaak_id: ZaakId) -> impl Future<Output = Result<Vec<Betaling>, StoreError>> + Send;
    /// Payments still open that were last changed before `voor` (the reconciliation's work), oldest first.
    fn open_betalingen(
        &self,
        voor: OffsetDateTime,
        limiet: u32,
    ) -> impl Future<Output = Result<Vec<Betaling>, StoreError>> + Send;
    /// The finance rows of the authority `gezag` in `[van, tot)`: assessments and refunds made, and the parts of
    /// payments paid, in that time.
    fn financiele_regels(
        &self,
        gezag: &str,
        van: OffsetDateTime,
        tot: OffsetDateTime,
    ) -> impl Future<Output = Result<Vec<FinancieleRegel>, StoreError>> + Send;
}

macro_rules! aanslag_columns {
    () => {
        "id, zaak_id, soort, reden, regels, bedrag_cent, kostenplaats, aangemaakt"
    };
}
pub(crate) use aanslag_columns;

macro_rules! betaling_columns {
    () => {
        "id, psp, psp_id, status, bedrag_cent, checkout_url, betaler, aangemaakt, gewijzigd, betaald_op"
    };
}
pub(crate) use betaling_columns;

pub(crate) fn aanslag_uit(rij: &impl Rij) -> Result<Aanslag, StoreError> {
    Ok(Aanslag {
        id: AanslagId(rij.uuid("id")?),
        zaak_id: ZaakId(rij.uuid("zaak_id")?),
        soort: AanslagSoort::parse(&rij.tekst("soort")?)?,
        reden: rij.tekst("reden")?,
        regels: rij.json("regels")?,
        bedrag_cent: rij.getal("bedrag_cent")?,
        kostenplaats: rij.tekst("kostenplaats")?,
        aangemaakt: rij.moment("aangemaakt")?,
    })
}

/// A payment row without its parts (the caller reads those).
pub(crate) fn betaling_uit(rij: &impl Rij) -> Result<Betaling, StoreError> {
    Ok(Betaling {
        id: BetalingId(rij.uuid("id")?),
        psp: rij.tekst("psp")?,
        psp_id: rij.tekst("psp_id")?,
        status: rij.tekst("status")?,
        bedrag_cent: rij.getal("bedrag_cent")?,
        checkout_url: rij.tekst("checkout_url")?,
        betaler: rij.uuid("betaler")?,
        aangemaakt: rij.moment("aangemaakt")?,
        gewijzigd: rij.moment("gewijzigd")?,
        betaald_op: rij.moment_of_niets("betaald_op")?,
        posten: Vec::new(),
    })
}

pub(crate) fn regel_uit(rij: &impl Rij) -> Result<FinancieleRegel, StoreError> {
    Ok(FinancieleRegel {
        soort: rij.tekst("soort")?,
        op: rij.moment("op")?,
        zaaknummer: rij.tekst("zaaknummer")?,
        kostenplaats: rij.tekst("kostenplaats")?,
        bedrag_cent: rij.getal("bedrag_cent")?,
        toelichting: rij.tekst("toelichting")?,
        referentie: rij.uuid("referentie")?,
    })
}

pub(crate) fn betaling_niet_gevonden(id: BetalingId) -> StoreError {
    StoreError::NotFound(format!("er is geen betaling {id}"))
}

/// Implements [`LegesRepository`] for `$store` (a [`crate::gedeeld::Backend`]): one SQL text for both backends.
macro_rules! leges_repository {
    ($store:ty) => {
        const _: () = {
            use sqlx::Row;
            use $crate::gedeeld::Backend;
            use $crate::leges::{
                Aanslag, AanslagId, Betaling, BetalingId, FinancieleRegel, LegesRepository, NieuweAanslag,
                NieuweBetaling, aanslag_columns, aanslag_uit, betaling_columns, betaling_niet_gevonden, betaling_uit,
                regel_uit,
            };
            use $crate::rij::moment;
            use $crate::{StoreError, ZaakId};

            impl $store {
                async fn met_posten(&self, mut b: Betaling) -> Result<Betaling, StoreError> {
                    b.posten = sqlx::query(
                        "SELECT aanslag_id, bedrag_cent FROM betaling_post WHERE betaling_id = $1
                         ORDER BY aanslag_id",
                    )
                    .bind(b.id.0)
                    .fetch_all(self.lezers())
                    .await?
                    .iter()
                    .map(|r| Ok((AanslagId(r.try_get("aanslag_id")?), r.try_get("bedrag_cent")?)))
                    .collect::<Result<_, sqlx::Error>>()?;
                    Ok(b)
                }

                async fn alle_met_posten(&self, rijen: Vec<Betaling>) -> Result<Vec<Betaling>, StoreError> {
                    let mut uit = Vec::with_capacity(rijen.len());
                    for b in rijen {
                        uit.push(self.met_posten(b).await?);
                    }
                    Ok(uit)
                }
            }

            impl LegesRepository for $store {
                async fn maak_aanslag(&self, n: NieuweAanslag<'_>) -> Result<Aanslag, StoreError> {
                    sqlx::query(
                        "INSERT INTO aanslag (id, zaak_id, soort, reden, regels, bedrag_cent, kostenplaats, aangemaakt)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (zaak_id, reden) DO NOTHING",
                    )
                    .bind(n.id.0)
                    .bind(n.zaak_id.0)
                    .bind(n.soort.as_str())
                    .bind(n.reden)
                    .bind(n.regels.to_string())
                    .bind(n.bedrag_cent)
                    .bind(n.kostenplaats)
                    .bind(moment(n.aangemaakt))
                    .execute(self.schrijver())
                    .await?;
                    let row = sqlx::query(concat!(
                        "SELECT ",
                        aanslag_columns!(),
                        " FROM aanslag WHERE zaak_id = $1 AND reden = $2"
                    ))
                    .bind(n.zaak_id.0)
                    .bind(n.reden)
                    .fetch_one(self.schrijver())
                    .await?;
                    aanslag_uit(&row)
                }

                async fn aanslagen(&self, zaak_id: ZaakId) -> Result<Vec<Aanslag>, StoreError> {
                    sqlx::query(concat!(
                        "SELECT ",
                        aanslag_columns!(),
                        " FROM aanslag WHERE zaak_id = $1 ORDER BY aangemaakt, id"
                    ))
                    .bind(zaak_id.0)
                    .fetch_all(self.lezers())
                    .await?
                    .iter()
                    .map(aanslag_uit)
                    .collect()
                }

                async fn maak_betaling(&self, n: NieuweBetaling<'_>) -> Result<Betaling, StoreError> {
                    let bedrag: i64 = n.posten.iter().map(|(_, b)| b).sum();
                    let mut tx = self.begin_schrijven().await?;
                    sqlx::query(
                        "INSERT INTO betaling (id, psp, psp_id, status, bedrag_cent, checkout_url, betaler, aangemaakt,
                            gewijzigd)
                         VALUES ($1, $2, $3, 'open', $4, $5, $6, $7, $7)",
                    )
                    .bind(n.id.0)
                    .bind(n.psp)
                    .bind(n.psp_id)
                    .bind(bedrag)
                    .bind(n.checkout_url)
                    .bind(n.betaler)
                    .bind(moment(n.aangemaakt))
                    .execute(&mut *tx)
                    .await?;
                    for (aanslag, deel) in n.posten {
                        sqlx::query(
                            "INSERT INTO betaling_post (betaling_id, aanslag_id, bedrag_cent) VALUES ($1, $2, $3)",
                        )
                        .bind(n.id.0)
                        .bind(aanslag.0)
                        .bind(*deel)
                        .execute(&mut *tx)
                        .await?;
                    }
                    tx.commit().await?;
                    self.betaling(n.id).await
                }

                async fn betaling(&self, id: BetalingId) -> Result<Betaling, StoreError> {
                    let row = sqlx::query(concat!("SELECT ", betaling_columns!(), " FROM betaling WHERE id = $1"))
                        .bind(id.0)
                        .fetch_optional(self.lezers())
                        .await?;
                    match row {
                        Some(row) => self.met_posten(betaling_uit(&row)?).await,
                        None => Err(betaling_niet_gevonden(id)),
                    }
                }

                async fn betaling_per_psp_id(&self, psp: &str, psp_id: &str) -> Result<Option<Betaling>, StoreError> {
                    let row = sqlx::query(concat!(
                        "SELECT ",
                        betaling_columns!(),
                        " FROM betaling WHERE psp = $1 AND psp_id = $2"
                    ))
                    .bind(psp)
                    .bind(psp_id)
                    .fetch_optional(self.lezers())
                    .await?;
                    match row {
                        Some(row) => Ok(Some(self.met_posten(betaling_uit(&row)?).await?)),
                        None => Ok(None),
                    }
                }

                async fn zet_betaalstatus(
                    &self,
                    id: BetalingId,
                    van: &str,
                    naar: &str,
                    nu: time::OffsetDateTime,
                ) -> Result<Option<Betaling>, StoreError> {
                    let row = sqlx::query(concat!(
                        "UPDATE betaling SET status = $3, gewijzigd = $4,
                            betaald_op = CASE WHEN $3 = 'betaald' THEN $4 ELSE betaald_op END
                         WHERE id = $1 AND status = $2 RETURNING ",
                        betaling_columns!()
                    ))
                    .bind(id.0)
                    .bind(van)
                    .bind(naar)
                    .bind(moment(nu))
                    .fetch_optional(self.schrijver())
                    .await?;
                    match row {
                        Some(row) => Ok(Some(self.met_posten(betaling_uit(&row)?).await?)),
                        None => Ok(None),
                    }
                }

                async fn betalingen_van_zaak(&self, zaak_id: ZaakId) -> Result<Vec<Betaling>, StoreError> {
                    let rijen = sqlx::query(concat!(
                        "SELECT ",
                        betaling_columns!(),
                        " FROM betaling WHERE id IN (SELECT p.betaling_id FROM betaling_post p
                            JOIN aanslag a ON a.id = p.aanslag_id WHERE a.zaak_id = $1)
                          ORDER BY aangemaakt DESC, id DESC"
                    ))
                    .bind(zaak_id.0)
                    .fetch_all(self.lezers())
                    .await?
                    .iter()
                    .map(betaling_uit)
                    .collect::<Result<Vec<_>, _>>()?;
                    self.alle_met_posten(rijen).await
                }

                async fn open_betalingen(&self, voor: time::OffsetDateTime, limiet: u32) -> Result<Vec<Betaling>, StoreError> {
                    let rijen = sqlx::query(concat!(
                        "SELECT ",
                        betaling_columns!(),
                        " FROM betaling WHERE status = 'open' AND gewijzigd < $1 ORDER BY gewijzigd, id LIMIT $2"
                    ))
                    .bind(moment(voor))
                    .bind(i64::from(limiet))
                    .fetch_all(self.lezers())
                    .await?
                    .iter()
                    .map(betaling_uit)
                    .collect::<Result<Vec<_>, _>>()?;
                    self.alle_met_posten(rijen).await
                }

                async fn financiele_regels(
                    &self,
                    gezag: &str,
                    van: time::OffsetDateTime,
                    tot: time::OffsetDateTime,
                ) -> Result<Vec<FinancieleRegel>, StoreError> {
                    let mut regels: Vec<FinancieleRegel> = sqlx::query(
                        "SELECT a.soort AS soort, a.aangemaakt AS op, z.zaaknummer AS zaaknummer,
                            a.kostenplaats AS kostenplaats, a.bedrag_cent AS bedrag_cent, a.reden AS toelichting,
                            a.id AS referentie
                         FROM aanslag a JOIN zaak z ON z.id = a.zaak_id
                         WHERE a.aangemaakt >= $1 AND a.aangemaakt < $2 AND z.bevoegd_gezag = $3",
                    )
                    .bind(moment(van))
                    .bind(moment(tot))
                    .bind(gezag)
                    .fetch_all(self.lezers())
                    .await?
                    .iter()
                    .map(regel_uit)
                    .collect::<Result<_, _>>()?;
                    let betaald = sqlx::query(
                        "SELECT 'betaling' AS soort, b.betaald_op AS op, z.zaaknummer AS zaaknummer,
                            a.kostenplaats AS kostenplaats, p.bedrag_cent AS bedrag_cent, b.status AS toelichting,
                            b.id AS referentie
                         FROM betaling b JOIN betaling_post p ON p.betaling_id = b.id
                            JOIN aanslag a ON a.id = p.aanslag_id JOIN zaak z ON z.id = a.zaak_id
                         WHERE b.betaald_op >= $1 AND b.betaald_op < $2 AND z.bevoegd_gezag = $3",
                    )
                    .bind(moment(van))
                    .bind(moment(tot))
                    .bind(gezag)
                    .fetch_all(self.lezers())
                    .await?;
                    for row in &betaald {
                        regels.push(regel_uit(row)?);
                    }
                    regels.sort_by(|a, b| (a.op, &a.zaaknummer, a.referentie).cmp(&(b.op, &b.zaaknummer, b.referentie)));
                    Ok(regels)
                }
            }
        };
    };
}
pub(crate) use leges_repository;
