//! Messages and alerts: subscriptions (abonnement), the outbox of happenings (bericht_bron), happenings as their
//! readers may see them (melding) and deliveries (bericht) with their claims, retries, dead letters and the inbox.
//!
//! The outbox is filled in the transaction of the change itself: a trigger adds a row for every case event, and a
//! dataset's publish adds the plan changes it was given. The distributor claims rows, and writes the meldingen and
//! berichten they lead to and deletes the rows in one transaction ([`BerichtRepository::verspreid`]); the unique
//! (melding, channel, recipient) makes a repeated distribution harmless. Claims are leases (`claim_tot`), taken with
//! `FOR UPDATE SKIP LOCKED` on PostgreSQL, so several instances share the work and a crashed one's work comes back.

use crate::aanvraag::uuid_id;
use crate::rij::Rij;
use crate::{StoreError, ZaakId};
use serde::{Deserialize, Serialize};
use std::future::Future;
use stip_berichten::{Frequentie, Kanaal};
use time::OffsetDateTime;
use uuid::Uuid;

uuid_id!(
    /// The store's id of a subscription.
    AbonnementId
);
uuid_id!(
    /// The store's id of one delivery.
    BerichtId
);

/// A subscription to store; its fields are checked by the caller.
#[derive(Clone, Debug)]
pub struct NieuwAbonnement<'a> {
    pub gebruiker: Option<Uuid>,
    pub email: Option<&'a str>,
    /// Live at once (an account, or a webhook) or after the e-mail address is confirmed.
    pub bevestigd: bool,
    pub sleutel: &'a str,
    pub omschrijving: &'a str,
    /// The area (the domain's JSON), or `None` for a municipality or a case.
    pub gebied: Option<serde_json::Value>,
    pub gemeente: Option<&'a str>,
    pub zaak_id: Option<ZaakId>,
    pub soorten: &'a [String],
    pub activiteitgroepen: &'a [String],
    pub kanaal: Kanaal,
    pub frequentie: Frequentie,
    pub webhook_url: Option<&'a str>,
    pub webhook_geheim: Option<&'a str>,
    pub aangemaakt: OffsetDateTime,
}

/// A stored subscription.
#[derive(Clone, Debug, PartialEq)]
pub struct Abonnement {
    pub id: AbonnementId,
    pub gebruiker: Option<Uuid>,
    pub email: Option<String>,
    pub bevestigd: bool,
    pub sleutel: String,
    pub omschrijving: String,
    pub gebied: Option<serde_json::Value>,
    pub gemeente: Option<String>,
    pub zaak_id: Option<ZaakId>,
    pub soorten: Vec<String>,
    pub activiteitgroepen: Vec<String>,
    pub kanaal: Kanaal,
    pub frequentie: Frequentie,
    pub webhook_url: Option<String>,
    pub webhook_geheim: Option<String>,
    pub aangemaakt: OffsetDateTime,
    pub opgezegd: Option<OffsetDateTime>,
    /// The last change (made, confirmed, cancelled).
    pub gewijzigd: OffsetDateTime,
}

impl Abonnement {
    /// Whether messages go out for it now: confirmed and not cancelled.
    pub fn actief(&self) -> bool {
        self.bevestigd && self.opgezegd.is_none()
    }
}

/// A row of the outbox: a case event, or a prepared happening.
#[derive(Clone, Debug, PartialEq)]
pub struct BerichtBron {
    pub id: i64,
    /// The case event (zaak, volgnummer) it stands for.
    pub gebeurtenis: Option<(ZaakId, i64)>,
    /// A happening prepared by the change itself (e.g. a plan change), as the domain serialised it.
    pub melding: Option<serde_json::Value>,
    pub aangemaakt: OffsetDateTime,
}

/// A happening to record.
#[derive(Clone, Debug)]
pub struct NieuweMelding {
    /// Derived from its source, so that distributing a source twice records it once (and receivers can
    /// deduplicate by it: it is the CloudEvent id).
    pub id: Uuid,
    pub soort: String,
    pub zaak_id: Option<ZaakId>,
    pub openbaar: bool,
    pub op: OffsetDateTime,
    pub inhoud: serde_json::Value,
}

/// A stored happening.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Melding {
    pub id: Uuid,
    pub soort: String,
    pub zaak_id: Option<ZaakId>,
    pub openbaar: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub op: OffsetDateTime,
    pub inhoud: serde_json::Value,
}

/// A delivery to record.
#[derive(Clone, Debug)]
pub struct NieuwBericht {
    pub melding_id: Uuid,
    pub abonnement_id: Option<AbonnementId>,
    pub kanaal: Kanaal,
    /// Who: the e-mail address, `gebruiker:<id>` for an inbox, `webhook:<abonnement id>`.
    pub ontvanger: String,
    /// The account whose inbox it is in.
    pub gebruiker: Option<Uuid>,
    pub frequentie: Frequentie,
    /// When it is due (now, or the digest's moment).
    pub verzenden_op: OffsetDateTime,
}

/// Where a delivery stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BerichtStatus {
    Wachtend,
    Afgeleverd,
    /// Given up after the last attempt: a dead letter, which an official can send again.
    Mislukt,
}

impl BerichtStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            BerichtStatus::Wachtend => "wachtend",
            BerichtStatus::Afgeleverd => "afgeleverd",
            BerichtStatus::Mislukt => "mislukt",
        }
    }

    pub(crate) fn parse(s: &str) -> Result<BerichtStatus, StoreError> {
        match s {
            "wachtend" => Ok(BerichtStatus::Wachtend),
            "afgeleverd" => Ok(BerichtStatus::Afgeleverd),
            "mislukt" => Ok(BerichtStatus::Mislukt),
            other => Err(StoreError::Corrupt(format!("unknown bericht status \"{other}\""))),
        }
    }
}

/// A stored delivery with its happening.
#[derive(Clone, Debug, PartialEq)]
pub struct Bericht {
    pub id: BerichtId,
    pub melding: Melding,
    pub abonnement_id: Option<AbonnementId>,
    pub kanaal: Kanaal,
    pub ontvanger: String,
    pub gebruiker: Option<Uuid>,
    pub frequentie: Frequentie,
    pub status: BerichtStatus,
    /// Attempts so far (a claim counts as one).
    pub pogingen: i64,
    pub volgende_poging: OffsetDateTime,
    pub laatste_fout: Option<String>,
    pub afgeleverd: Option<OffsetDateTime>,
    pub gelezen: Option<OffsetDateTime>,
    pub aangemaakt: OffsetDateTime,
}

/// How many deliveries stand where (the officials' outbox view).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct BerichtTelling {
    pub wachtend: i64,
    pub afgeleverd: i64,
    pub mislukt: i64,
}

/// Subscriptions, the outbox and deliveries.
pub trait BerichtRepository {
    fn maak_abonnement(
        &self,
        nieuw: NieuwAbonnement<'_>,
    ) -> impl Future<Output = Result<Abonnement, StoreError>> + Send;
    fn abonnement(&self, id: AbonnementId) -> impl Future<Output = Result<Abonnement, StoreError>> + Send;
    /// The subscription whose confirm/unsubscribe link carries `sleutel`.
    fn abonnement_per_sleutel(
        &self,
        sleutel: &str,
    ) -> impl Future<Output = Result<Option<Abonnement>, StoreError>> + Send;
    /// Confirms the e-mail address at `nu` (again: no change).
    fn bevestig_abonnement(
        &self,
        id: AbonnementId,
        nu: OffsetDateTime,
    ) -> impl Future<Output = Result<Abonnement, StoreError>> + Send;
    /// Cancels it (again: keeps the first moment). Messages already waiting for it are not sent.
    fn zeg_abonnement_op(
        &self,
        id: AbonnementId,
        nu: OffsetDateTime,
    ) -> impl Future<Output = Result<Abonnement, StoreError>> + Send;
    /// An account's subscriptions that are not cancelled, newest first.
    fn abonnementen_van(&self, gebruiker: Uuid) -> impl Future<Output = Result<Vec<Abonnement>, StoreError>> + Send;
    /// Every confirmed, not cancelled subscription (to build the matching index).
    fn actieve_abonnementen(&self) -> impl Future<Output = Result<Vec<Abonnement>, StoreError>> + Send;
    /// Every subscription made, confirmed or cancelled at or after `sinds`, oldest change first (to keep the matching
    /// index of each instance up to date).
    fn abonnementen_gewijzigd_sinds(
        &self,
        sinds: OffsetDateTime,
    ) -> impl Future<Output = Result<Vec<Abonnement>, StoreError>> + Send;

    /// Claims up to `limiet` outbox rows, oldest first, until `tot`; rows claimed by another whose claim has not
    /// run out are skipped.
    fn claim_bronnen(
        &self,
        limiet: u32,
        nu: OffsetDateTime,
        tot: OffsetDateTime,
    ) -> impl Future<Output = Result<Vec<BerichtBron>, StoreError>> + Send;
    /// Records what the outbox rows `bronnen` led to and removes them, in one transaction. Meldingen and berichten
    /// that exist already are left as they are.
    fn verspreid(
        &self,
        bronnen: &[i64],
        meldingen: &[NieuweMelding],
        berichten: &[NieuwBericht],
        nu: OffsetDateTime,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Claims up to `limiet` due deliveries by e-mail or webhook (grouped by recipient, so a digest comes whole)
    /// until `tot`, counting an attempt for each.
    fn claim_berichten(
        &self,
        limiet: u32,
        nu: OffsetDateTime,
        tot: OffsetDateTime,
    ) -> impl Future<Output = Result<Vec<Bericht>, StoreError>> + Send;
    /// Marks deliveries as delivered.
    fn bezorgd(&self, ids: &[BerichtId], nu: OffsetDateTime) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Records a failed attempt: try again at `opnieuw_op`, or (`None`) give up — a dead letter.
    fn niet_bezorgd(
        &self,
        id: BerichtId,
        fout: &str,
        opnieuw_op: Option<OffsetDateTime>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Sends a dead letter again (an official's retry): due now, with a fresh count of attempts.
    fn probeer_opnieuw(&self, id: BerichtId, nu: OffsetDateTime)
    -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Deliveries with `status`, newest first (the outbox view).
    fn berichten_met_status(
        &self,
        status: BerichtStatus,
        limiet: u32,
    ) -> impl Future<Output = Result<Vec<Bericht>, StoreError>> + Send;
    fn tel_berichten(&self) -> impl Future<Output = Result<BerichtTelling, StoreError>> + Send;

    /// An account's inbox, newest first, `limiet` from `vanaf`.
    fn inbox(
        &self,
        gebruiker: Uuid,
        vanaf: u32,
        limiet: u32,
    ) -> impl Future<Output = Result<Vec<Bericht>, StoreError>> + Send;
    fn tel_inbox(&self, gebruiker: Uuid) -> impl Future<Output = Result<(i64, i64), StoreError>> + Send;
    /// Marks an inbox message read; someone else's message is [`StoreError::NotFound`].
    fn markeer_gelezen(
        &self,
        id: BerichtId,
        gebruiker: Uuid,
        nu: OffsetDateTime,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    fn melding(&self, id: Uuid) -> impl Future<Output = Result<Melding, StoreError>> + Send;
}

/// The columns every backend selects for an [`Abonnement`].
macro_rules! abonnement_columns {
    () => {
        "id, gebruiker, email, bevestigd, sleutel, omschrijving, gebied, gemeente, zaak_id, soorten, \
         activiteitgroepen, kanaal, frequentie, webhook_url, webhook_geheim, aangemaakt, opgezegd, gewijzigd"
    };
}
pub(crate) use abonnement_columns;

/// The columns every backend selects for a [`Bericht`] (`b`) with its [`Melding`] (`m`).
macro_rules! bericht_columns {
    () => {
        "b.id, b.abonnement_id, b.kanaal, b.ontvanger, b.gebruiker, b.frequentie, b.status, b.pogingen, \
         b.volgende_poging, b.laatste_fout, b.afgeleverd, b.gelezen, b.aangemaakt, m.id AS m_id, m.soort AS m_soort, \
         m.zaak_id AS m_zaak_id, m.openbaar AS m_openbaar, m.op AS m_op, m.inhoud AS m_inhoud"
    };
}
pub(crate) use bericht_columns;

fn lijst(rij: &impl Rij, kolom: &str) -> Result<Vec<String>, StoreError> {
    serde_json::from_value(rij.json(kolom)?).map_err(|e| StoreError::Corrupt(format!("abonnement {kolom}: {e}")))
}

fn kanaal(s: &str) -> Result<Kanaal, StoreError> {
    Kanaal::parse(s).ok_or_else(|| StoreError::Corrupt(format!("unknown kanaal \"{s}\"")))
}

fn frequentie(s: &str) -> Result<Frequentie, StoreError> {
    Frequentie::parse(s).ok_or_else(|| StoreError::Corrupt(format!("unknown frequentie \"{s}\"")))
}

/// Reads an [`Abonnement`] from a row of [`abonnement_columns`].
pub(crate) fn abonnement_uit(rij: &impl Rij) -> Result<Abonnement, StoreError> {
    let gebied = match rij.tekst_of_niets("gebied")? {
        Some(t) => Some(serde_json::from_str(&t).map_err(|e| StoreError::Corrupt(format!("abonnement gebied: {e}")))?),
        None => None,
    };
    Ok(Abonnement {
        id: AbonnementId(rij.uuid("id")?),
        gebruiker: rij.uuid_of_niets("gebruiker")?,
        email: rij.tekst_of_niets("email")?,
        bevestigd: rij.waar("bevestigd")?,
        sleutel: rij.tekst("sleutel")?,
        omschrijving: rij.tekst("omschrijving")?,
        gebied,
        gemeente: rij.tekst_of_niets("gemeente")?,
        zaak_id: rij.uuid_of_niets("zaak_id")?.map(ZaakId),
        soorten: lijst(rij, "soorten")?,
        activiteitgroepen: lijst(rij, "activiteitgroepen")?,
        kanaal: kanaal(&rij.tekst("kanaal")?)?,
        frequentie: frequentie(&rij.tekst("frequentie")?)?,
        webhook_url: rij.tekst_of_niets("webhook_url")?,
        webhook_geheim: rij.tekst_of_niets("webhook_geheim")?,
        aangemaakt: rij.moment("aangemaakt")?,
        opgezegd: rij.moment_of_niets("opgezegd")?,
        gewijzigd: rij.moment("gewijzigd")?,
    })
}

/// Reads a [`Melding`] from columns prefixed with `voorvoegsel` (`""` or `"m_"`).
pub(crate) fn melding_uit(rij: &impl Rij, voorvoegsel: &str) -> Result<Melding, StoreError> {
    let k = |naam: &str| format!("{voorvoegsel}{naam}");
    Ok(Melding {
        id: rij.uuid(&k("id"))?,
        soort: rij.tekst(&k("soort"))?,
        zaak_id: rij.uuid_of_niets(&k("zaak_id"))?.map(ZaakId),
        openbaar: rij.waar(&k("openbaar"))?,
        op: rij.moment(&k("op"))?,
        inhoud: rij.json(&k("inhoud"))?,
    })
}

/// Reads a [`Bericht`] from a row of [`bericht_columns`].
pub(crate) fn bericht_uit(rij: &impl Rij) -> Result<Bericht, StoreError> {
    Ok(Bericht {
        id: BerichtId(rij.uuid("id")?),
        melding: melding_uit(rij, "m_")?,
        abonnement_id: rij.uuid_of_niets("abonnement_id")?.map(AbonnementId),
        kanaal: kanaal(&rij.tekst("kanaal")?)?,
        ontvanger: rij.tekst("ontvanger")?,
        gebruiker: rij.uuid_of_niets("gebruiker")?,
        frequentie: frequentie(&rij.tekst("frequentie")?)?,
        status: BerichtStatus::parse(&rij.tekst("status")?)?,
        pogingen: rij.getal("pogingen")?,
        volgende_poging: rij.moment("volgende_poging")?,
        laatste_fout: rij.tekst_of_niets("laatste_fout")?,
        afgeleverd: rij.moment_of_niets("afgeleverd")?,
        gelezen: rij.moment_of_niets("gelezen")?,
        aangemaakt: rij.moment("aangemaakt")?,
    })
}

/// Reads a [`BerichtBron`] row.
pub(crate) fn bron_uit(rij: &impl Rij) -> Result<BerichtBron, StoreError> {
    let zaak = rij.uuid_of_niets("zaak_id")?;
    let volgnummer: Option<i64> = match zaak {
        Some(_) => Some(rij.getal("volgnummer")?),
        None => None,
    };
    let melding = match rij.tekst_of_niets("melding")? {
        Some(t) => Some(serde_json::from_str(&t).map_err(|e| StoreError::Corrupt(format!("bericht_bron: {e}")))?),
        None => None,
    };
    Ok(BerichtBron {
        id: rij.getal("id")?,
        gebeurtenis: zaak.zip(volgnummer).map(|(z, v)| (ZaakId(z), v)),
        melding,
        aangemaakt: rij.moment("aangemaakt")?,
    })
}

/// `$first, $first+1, …` for `n` values.
pub(crate) fn plaatshouders(first: usize, n: usize) -> String {
    (first..first + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

pub(crate) fn abonnement_niet_gevonden(id: AbonnementId) -> StoreError {
    StoreError::NotFound(format!("abonnement {id}"))
}
