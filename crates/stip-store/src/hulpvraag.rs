//! The hulpvraag aggregate ("Ik snap het niet"): a question someone asked on a page, with that page's context and how
//! they want to be answered (and their account, when they were logged in); officials answer it once, or mark it
//! afgehandeld. The question's text is never changed.

use crate::rij::Rij;
use crate::{GebruikerId, StoreError};
use serde::Serialize;
use std::fmt;
use std::future::Future;
use time::OffsetDateTime;

/// The store's id of a hulpvraag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct HulpvraagId(pub i64);

impl HulpvraagId {
    /// The reference number people quote: `HV-000042`.
    pub fn referentie(self) -> String {
        format!("HV-{:06}", self.0)
    }

    /// Reads a reference number back (`HV-000042`, case-insensitive, or the bare number).
    pub fn parse_referentie(s: &str) -> Option<HulpvraagId> {
        let s = s.trim();
        let digits = s.get(..3).filter(|p| p.eq_ignore_ascii_case("HV-")).map_or(s, |_| &s[3..]);
        digits.parse::<i64>().ok().filter(|n| *n > 0).map(HulpvraagId)
    }
}

impl fmt::Display for HulpvraagId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.referentie())
    }
}

/// How the asker wants an answer, with what is needed for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "soort", rename_all = "lowercase")]
pub enum Contactvoorkeur {
    Email {
        email: String,
    },
    Telefoon {
        telefoon: String,
    },
    /// Call back, in a time slot the asker chose (e.g. `ochtend`).
    Terugbellen {
        telefoon: String,
        tijdvak: String,
    },
}

impl Contactvoorkeur {
    pub fn soort(&self) -> &'static str {
        match self {
            Contactvoorkeur::Email { .. } => "email",
            Contactvoorkeur::Telefoon { .. } => "telefoon",
            Contactvoorkeur::Terugbellen { .. } => "terugbellen",
        }
    }

    /// The columns (email, telefoon, tijdvak).
    fn kolommen(&self) -> (Option<&str>, Option<&str>, Option<&str>) {
        match self {
            Contactvoorkeur::Email { email } => (Some(email), None, None),
            Contactvoorkeur::Telefoon { telefoon } => (None, Some(telefoon), None),
            Contactvoorkeur::Terugbellen { telefoon, tijdvak } => (None, Some(telefoon), Some(tijdvak)),
        }
    }

    fn uit_kolommen(
        soort: &str,
        email: Option<String>,
        telefoon: Option<String>,
        tijdvak: Option<String>,
    ) -> Result<Contactvoorkeur, StoreError> {
        let ontbreekt =
            |veld: &str| StoreError::Corrupt(format!("hulpvraag with contactvoorkeur {soort} lacks {veld}"));
        match soort {
            "email" => Ok(Contactvoorkeur::Email { email: email.ok_or_else(|| ontbreekt("email"))? }),
            "telefoon" => Ok(Contactvoorkeur::Telefoon { telefoon: telefoon.ok_or_else(|| ontbreekt("telefoon"))? }),
            "terugbellen" => Ok(Contactvoorkeur::Terugbellen {
                telefoon: telefoon.ok_or_else(|| ontbreekt("telefoon"))?,
                tijdvak: tijdvak.ok_or_else(|| ontbreekt("tijdvak"))?,
            }),
            other => Err(StoreError::Corrupt(format!("unknown contactvoorkeur \"{other}\""))),
        }
    }
}

/// Whether someone has taken care of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HulpvraagStatus {
    Open,
    Afgehandeld,
}

impl HulpvraagStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            HulpvraagStatus::Open => "open",
            HulpvraagStatus::Afgehandeld => "afgehandeld",
        }
    }

    fn parse(s: &str) -> Result<HulpvraagStatus, StoreError> {
        match s {
            "open" => Ok(HulpvraagStatus::Open),
            "afgehandeld" => Ok(HulpvraagStatus::Afgehandeld),
            other => Err(StoreError::Corrupt(format!("unknown hulpvraag status \"{other}\""))),
        }
    }
}

/// A question to store; its fields are checked by the caller.
#[derive(Clone, Debug)]
pub struct NieuweHulpvraag<'a> {
    /// The page (path and query) the question was asked on.
    pub pagina: &'a str,
    /// What the page's URL told about the situation (place, activities, answers, plan), as JSON.
    pub context: serde_json::Value,
    pub naam: &'a str,
    pub vraag: &'a str,
    pub contactvoorkeur: Contactvoorkeur,
    /// The asker's account, when they were logged in.
    pub gebruiker: Option<GebruikerId>,
}

/// An official's answer to a hulpvraag.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HulpAntwoord {
    pub tekst: String,
    #[serde(with = "time::serde::rfc3339")]
    pub op: OffsetDateTime,
    pub door: GebruikerId,
    /// The official's name as it was when they answered.
    pub door_naam: String,
}

/// A stored hulpvraag.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hulpvraag {
    pub id: HulpvraagId,
    #[serde(with = "time::serde::rfc3339")]
    pub ingediend: OffsetDateTime,
    pub pagina: String,
    pub context: serde_json::Value,
    pub naam: String,
    pub vraag: String,
    pub contactvoorkeur: Contactvoorkeur,
    pub status: HulpvraagStatus,
    #[serde(with = "time::serde::rfc3339::option")]
    pub afgehandeld: Option<OffsetDateTime>,
    pub gebruiker: Option<GebruikerId>,
    pub antwoord: Option<HulpAntwoord>,
}

/// Help requests: stored as asked, listed newest first, marked afgehandeld once.
pub trait HulpvraagRepository {
    fn dien_hulpvraag_in(
        &self,
        nieuw: NieuweHulpvraag<'_>,
    ) -> impl Future<Output = Result<Hulpvraag, StoreError>> + Send;
    fn hulpvraag(&self, id: HulpvraagId) -> impl Future<Output = Result<Hulpvraag, StoreError>> + Send;
    /// Every hulpvraag, newest first.
    fn hulpvragen(&self) -> impl Future<Output = Result<Vec<Hulpvraag>, StoreError>> + Send;
    /// Marks it afgehandeld (again: keeps the first moment). An unknown id is [`StoreError::NotFound`].
    fn handel_hulpvraag_af(&self, id: HulpvraagId) -> impl Future<Output = Result<Hulpvraag, StoreError>> + Send;
    /// Records the answer and marks it afgehandeld (keeping an earlier moment). Answered already:
    /// [`StoreError::Conflict`]; an unknown id: [`StoreError::NotFound`].
    fn beantwoord_hulpvraag(
        &self,
        id: HulpvraagId,
        antwoord: &HulpAntwoord,
    ) -> impl Future<Output = Result<Hulpvraag, StoreError>> + Send;
}

/// The columns every backend selects for a [`Hulpvraag`].
macro_rules! hulpvraag_columns {
    () => {
        "id, ingediend, pagina, context, naam, vraag, contactvoorkeur, email, telefoon, tijdvak, status, afgehandeld, \
         gebruiker, antwoord, beantwoord, beantwoord_door, beantwoord_door_naam"
    };
}
pub(crate) use hulpvraag_columns;

/// The values to bind for an insert: (contactvoorkeur, email, telefoon, tijdvak, context as text).
pub(crate) fn insert_waarden<'a>(
    n: &'a NieuweHulpvraag<'_>,
) -> (&'static str, Option<&'a str>, Option<&'a str>, Option<&'a str>, String) {
    let (email, telefoon, tijdvak) = n.contactvoorkeur.kolommen();
    (n.contactvoorkeur.soort(), email, telefoon, tijdvak, n.context.to_string())
}

/// Reads a [`Hulpvraag`] from a row of [`hulpvraag_columns`].
pub(crate) fn hulpvraag_uit(rij: &impl Rij) -> Result<Hulpvraag, StoreError> {
    let id = rij.getal("id")?;
    let soort = rij.tekst("contactvoorkeur")?;
    Ok(Hulpvraag {
        id: HulpvraagId(id),
        ingediend: rij.moment("ingediend")?,
        pagina: rij.tekst("pagina")?,
        context: serde_json::from_str(&rij.tekst("context")?)
            .map_err(|e| StoreError::Corrupt(format!("hulpvraag {id} context: {e}")))?,
        naam: rij.tekst("naam")?,
        vraag: rij.tekst("vraag")?,
        contactvoorkeur: Contactvoorkeur::uit_kolommen(
            &soort,
            rij.tekst_of_niets("email")?,
            rij.tekst_of_niets("telefoon")?,
            rij.tekst_of_niets("tijdvak")?,
        )?,
        status: HulpvraagStatus::parse(&rij.tekst("status")?)?,
        afgehandeld: rij.moment_of_niets("afgehandeld")?,
        gebruiker: rij.uuid_of_niets("gebruiker")?.map(GebruikerId),
        antwoord: match (rij.tekst_of_niets("antwoord")?, rij.moment_of_niets("beantwoord")?) {
            (Some(tekst), Some(op)) => Some(HulpAntwoord {
                tekst,
                op,
                door: GebruikerId(rij.uuid_of_niets("beantwoord_door")?.unwrap_or_default()),
                door_naam: rij.tekst_of_niets("beantwoord_door_naam")?.unwrap_or_default(),
            }),
            _ => None,
        },
    })
}

/// The error for an id that is not there.
pub(crate) fn niet_gevonden(id: HulpvraagId) -> StoreError {
    StoreError::NotFound(format!("hulpvraag {}", id.referentie()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_number_reads_back_to_its_id() {
        assert_eq!(HulpvraagId(42).referentie(), "HV-000042");
        assert_eq!(HulpvraagId::parse_referentie("hv-000042"), Some(HulpvraagId(42)));
        assert_eq!(HulpvraagId::parse_referentie("42"), Some(HulpvraagId(42)));
        assert_eq!(HulpvraagId::parse_referentie("HV-x"), None);
        assert_eq!(HulpvraagId::parse_referentie("0"), None);
    }
}
