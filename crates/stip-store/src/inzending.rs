//! What others submit on a case — views on a draft decision (zienswijze) and objections (bezwaar) — with their
//! documents: kept apart from the case's history (which holds only the submission's id and number), written with that
//! history's event in one transaction.

use crate::aanvraag::uuid_id;
use crate::rij::Rij;
use crate::{Document, NieuweGebeurtenis, StoreError, Zaak, ZaakId, ZaakStand};
use serde::{Deserialize, Serialize};
use std::future::Future;
use time::OffsetDateTime;
use uuid::Uuid;

uuid_id!(
    /// The store's id of a submission (a view or an objection).
    InzendingId
);

/// The kind of a submission.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InzendingSoort {
    Zienswijze,
    Bezwaar,
}

impl InzendingSoort {
    pub fn as_str(self) -> &'static str {
        match self {
            InzendingSoort::Zienswijze => "zienswijze",
            InzendingSoort::Bezwaar => "bezwaar",
        }
    }

    fn parse(s: &str) -> Result<InzendingSoort, StoreError> {
        match s {
            "zienswijze" => Ok(InzendingSoort::Zienswijze),
            "bezwaar" => Ok(InzendingSoort::Bezwaar),
            other => Err(StoreError::Corrupt(format!("inzending of unknown kind {other:?}"))),
        }
    }
}

/// A file that comes with a submission.
#[derive(Clone, Copy, Debug)]
pub struct NieuwStuk<'a> {
    pub naam: &'a str,
    /// Sniffed from the content by the caller.
    pub mediatype: &'a str,
    pub inhoud: &'a [u8],
}

/// A submission to record, with the event it adds to the case.
#[derive(Clone, Copy, Debug)]
pub struct NieuweInzending<'a> {
    pub id: InzendingId,
    pub soort: InzendingSoort,
    pub nummer: &'a str,
    pub indiener: Uuid,
    pub naam: &'a str,
    pub adres: &'a str,
    pub email: Option<&'a str>,
    pub tekst: &'a str,
    pub gehoord_worden: bool,
    pub te_laat: bool,
    pub reden_te_laat: Option<&'a str>,
    pub ontvangen: OffsetDateTime,
    pub documenten: &'a [NieuwStuk<'a>],
}

/// A recorded submission.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Inzending {
    pub id: InzendingId,
    pub zaak_id: ZaakId,
    pub soort: InzendingSoort,
    pub nummer: String,
    pub indiener: Uuid,
    pub naam: String,
    pub adres: String,
    pub email: Option<String>,
    pub tekst: String,
    pub gehoord_worden: bool,
    pub te_laat: bool,
    pub reden_te_laat: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub ontvangen: OffsetDateTime,
}

/// Views and objections. The submit is durable before it returns.
pub trait InzendingRepository {
    /// Records a submission, its documents and the case's event in ONE transaction, appended after event
    /// `verwacht_volgnummer` (another event meanwhile: [`StoreError::Conflict`]; nothing is written then).
    fn dien_inzending_in(
        &self,
        zaak_id: ZaakId,
        verwacht_volgnummer: i64,
        nieuw: NieuweInzending<'_>,
        gebeurtenis: NieuweGebeurtenis<'_>,
        stand: ZaakStand<'_>,
    ) -> impl Future<Output = Result<(Zaak, Inzending), StoreError>> + Send;
    fn inzending(&self, id: InzendingId) -> impl Future<Output = Result<Inzending, StoreError>> + Send;
    /// The submissions on a case, oldest first.
    fn inzendingen(&self, zaak_id: ZaakId) -> impl Future<Output = Result<Vec<Inzending>, StoreError>> + Send;
    /// Someone's own submissions, newest first.
    fn inzendingen_van(&self, indiener: Uuid) -> impl Future<Output = Result<Vec<Inzending>, StoreError>> + Send;
    /// The documents that came with a submission, in order.
    fn documenten_van_inzending(
        &self,
        id: InzendingId,
    ) -> impl Future<Output = Result<Vec<Document>, StoreError>> + Send;
}

macro_rules! inzending_columns {
    () => {
        "id, zaak_id, soort, nummer, indiener, naam, adres, email, tekst, gehoord_worden, te_laat, reden_te_laat, \
         ontvangen"
    };
}
pub(crate) use inzending_columns;

pub(crate) fn inzending_uit(rij: &impl Rij) -> Result<Inzending, StoreError> {
    Ok(Inzending {
        id: InzendingId(rij.uuid("id")?),
        zaak_id: ZaakId(rij.uuid("zaak_id")?),
        soort: InzendingSoort::parse(&rij.tekst("soort")?)?,
        nummer: rij.tekst("nummer")?,
        indiener: rij.uuid("indiener")?,
        naam: rij.tekst("naam")?,
        adres: rij.tekst("adres")?,
        email: rij.tekst_of_niets("email")?,
        tekst: rij.tekst("tekst")?,
        gehoord_worden: rij.waar("gehoord_worden")?,
        te_laat: rij.waar("te_laat")?,
        reden_te_laat: rij.tekst_of_niets("reden_te_laat")?,
        ontvangen: rij.moment("ontvangen")?,
    })
}

pub(crate) fn inzending_niet_gevonden(id: InzendingId) -> StoreError {
    StoreError::NotFound(format!("er is geen zienswijze of bezwaar {id}"))
}
