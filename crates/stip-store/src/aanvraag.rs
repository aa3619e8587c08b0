//! The aanvraag aggregate: a draft application (aanvraag or melding) with its uploaded documents, from the first save
//! until it is submitted; after that its documents belong to the zaak too.

use crate::rij::Rij;
use crate::{StoreError, ZaakId};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::future::Future;
use time::OffsetDateTime;
use uuid::Uuid;

/// Declares an id newtype over a UUID (v7: ordered by creation time), printed and parsed as the hyphenated UUID.
macro_rules! uuid_id {
    ($(#[$doc:meta])* $naam:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $naam(pub Uuid);

        impl $naam {
            /// A new id (UUID v7).
            pub fn nieuw() -> $naam {
                $naam(Uuid::now_v7())
            }
        }

        impl std::fmt::Display for $naam {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl std::str::FromStr for $naam {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map($naam)
            }
        }
    };
}
pub(crate) use uuid_id;

uuid_id!(
    /// The store's id of an aanvraag.
    AanvraagId
);
uuid_id!(
    /// The store's id of an uploaded document.
    DocumentId
);

/// Where an aanvraag is: still being written, or submitted (then a zaak exists for it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AanvraagStatus {
    Concept,
    Ingediend,
}

impl AanvraagStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AanvraagStatus::Concept => "concept",
            AanvraagStatus::Ingediend => "ingediend",
        }
    }

    fn parse(s: &str) -> Result<AanvraagStatus, StoreError> {
        match s {
            "concept" => Ok(AanvraagStatus::Concept),
            "ingediend" => Ok(AanvraagStatus::Ingediend),
            other => Err(StoreError::Corrupt(format!("unknown aanvraag status \"{other}\""))),
        }
    }
}

/// What the applicant writes in an aanvraag: saved as a whole on every change.
#[derive(Clone, Copy, Debug)]
pub struct AanvraagGegevens<'a> {
    /// The authority the aanvraag goes to (code as in the host config, e.g. `gm9999`).
    pub bevoegd_gezag: &'a str,
    pub titel: &'a str,
    /// The domain's aanvraag, serialised; the store does not interpret it.
    pub inhoud: &'a serde_json::Value,
}

/// A stored aanvraag.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Aanvraag {
    pub id: AanvraagId,
    /// The applicant's user id (GebruikerId).
    pub aanvrager: Uuid,
    pub bevoegd_gezag: String,
    pub titel: String,
    pub inhoud: serde_json::Value,
    pub status: AanvraagStatus,
    #[serde(with = "time::serde::rfc3339")]
    pub aangemaakt: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub gewijzigd: OffsetDateTime,
    /// Starts at 1 and goes up by one with every save; a save names the version it started from.
    pub versie: i64,
}

/// A file to store with an aanvraag. Its size and SHA-256 are computed by the store from the bytes.
#[derive(Clone, Copy, Debug)]
pub struct NieuwDocument<'a> {
    pub aanvraag_id: AanvraagId,
    /// The file name as given.
    pub naam: &'a str,
    /// The media type, sniffed from the content by the caller.
    pub mediatype: &'a str,
    /// The indieningsvereiste it fulfils (free text).
    pub soort: &'a str,
    pub inhoud: &'a [u8],
}

/// What the store knows about a document, without its bytes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Document {
    pub id: DocumentId,
    pub aanvraag_id: AanvraagId,
    /// The zaak it belongs to: the one its aanvraag became, once submitted (also for documents supplied later).
    pub zaak_id: Option<ZaakId>,
    /// The view or objection it came with (`None`: the application's own); only its submitter and officials read it.
    pub inzending_id: Option<Uuid>,
    pub naam: String,
    pub mediatype: String,
    pub soort: String,
    /// Size in bytes.
    pub grootte: i64,
    /// SHA-256 of the bytes, lower-case hex.
    pub sha256: String,
    #[serde(with = "time::serde::rfc3339")]
    pub geupload: OffsetDateTime,
}

/// Draft applications and their documents. Every write is one transaction, durable before it returns.
pub trait AanvraagRepository {
    /// A new aanvraag in `concept`, versie 1.
    fn maak_aanvraag(
        &self,
        aanvrager: Uuid,
        gegevens: AanvraagGegevens<'_>,
    ) -> impl Future<Output = Result<Aanvraag, StoreError>> + Send;
    /// An unknown id is [`StoreError::NotFound`].
    fn aanvraag(&self, id: AanvraagId) -> impl Future<Output = Result<Aanvraag, StoreError>> + Send;
    /// Saves a concept over the version `verwachte_versie`. [`StoreError::Conflict`] when someone saved meanwhile
    /// or the aanvraag is no longer a concept; nothing changes then.
    fn werk_aanvraag_bij(
        &self,
        id: AanvraagId,
        verwachte_versie: i64,
        gegevens: AanvraagGegevens<'_>,
    ) -> impl Future<Output = Result<Aanvraag, StoreError>> + Send;
    /// Every aanvraag of one applicant (concepts and submitted), last changed first.
    fn aanvragen_van(&self, aanvrager: Uuid) -> impl Future<Output = Result<Vec<Aanvraag>, StoreError>> + Send;
    /// Stores the bytes (in chunks of [`crate::CHUNK_BYTES`]) with their SHA-256. Allowed after submitting too (a
    /// requested supplement): the document then belongs to the zaak at once.
    fn voeg_document_toe(&self, nieuw: NieuwDocument<'_>) -> impl Future<Output = Result<Document, StoreError>> + Send;
    fn document(&self, id: DocumentId) -> impl Future<Output = Result<Document, StoreError>> + Send;
    fn document_inhoud(&self, id: DocumentId) -> impl Future<Output = Result<Vec<u8>, StoreError>> + Send;
    /// The documents of an aanvraag, in upload order.
    fn documenten(&self, aanvraag_id: AanvraagId) -> impl Future<Output = Result<Vec<Document>, StoreError>> + Send;
    /// Removes a document with its bytes, only while its aanvraag is a concept ([`StoreError::Conflict`] after).
    fn verwijder_document(&self, id: DocumentId) -> impl Future<Output = Result<(), StoreError>> + Send;
}

/// The columns every backend selects for an [`Aanvraag`].
macro_rules! aanvraag_columns {
    () => {
        "id, aanvrager, bevoegd_gezag, titel, inhoud, status, aangemaakt, gewijzigd, versie"
    };
}
pub(crate) use aanvraag_columns;

/// The select every backend reads a [`Document`] with: its zaak is the one its aanvraag became.
macro_rules! document_select {
    () => {
        "SELECT d.id, d.aanvraag_id, z.id AS zaak_id, d.naam, d.mediatype, d.soort, d.grootte, d.sha256, d.geupload,
            d.inzending_id
         FROM document d LEFT JOIN zaak z ON z.aanvraag_id = d.aanvraag_id"
    };
}
pub(crate) use document_select;

pub(crate) fn aanvraag_uit(rij: &impl Rij) -> Result<Aanvraag, StoreError> {
    Ok(Aanvraag {
        id: AanvraagId(rij.uuid("id")?),
        aanvrager: rij.uuid("aanvrager")?,
        bevoegd_gezag: rij.tekst("bevoegd_gezag")?,
        titel: rij.tekst("titel")?,
        inhoud: rij.json("inhoud")?,
        status: AanvraagStatus::parse(&rij.tekst("status")?)?,
        aangemaakt: rij.moment("aangemaakt")?,
        gewijzigd: rij.moment("gewijzigd")?,
        versie: rij.getal("versie")?,
    })
}

pub(crate) fn document_uit(rij: &impl Rij) -> Result<Document, StoreError> {
    Ok(Document {
        id: DocumentId(rij.uuid("id")?),
        aanvraag_id: AanvraagId(rij.uuid("aanvraag_id")?),
        zaak_id: rij.uuid_of_niets("zaak_id")?.map(ZaakId),
        inzending_id: rij.uuid_of_niets("inzending_id")?,
        naam: rij.tekst("naam")?,
        mediatype: rij.tekst("mediatype")?,
        soort: rij.tekst("soort")?,
        grootte: rij.getal("grootte")?,
        sha256: rij.tekst("sha256")?,
        geupload: rij.moment("geupload")?,
    })
}

/// SHA-256 of a document's bytes, lower-case hex.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Joins a document's chunks read in order, checking that they add up to its recorded size.
pub(crate) fn heel_document(id: DocumentId, grootte: i64, delen: Vec<Vec<u8>>) -> Result<Vec<u8>, StoreError> {
    let bytes = delen.concat();
    if bytes.len() as i64 != grootte {
        return Err(StoreError::Corrupt(format!("document {id} has {} bytes stored of {grootte}", bytes.len())));
    }
    Ok(bytes)
}

/// Whether a document may be removed, given its aanvraag's status (`None`: no such document).
pub(crate) fn verwijderen_mag(id: DocumentId, status: Option<&str>) -> Result<(), StoreError> {
    match status {
        None => Err(document_niet_gevonden(id)),
        Some(s) if s == AanvraagStatus::Concept.as_str() => Ok(()),
        Some(_) => Err(StoreError::Conflict(format!(
            "document {id} belongs to a submitted aanvraag and can no longer be removed"
        ))),
    }
}

pub(crate) fn aanvraag_niet_gevonden(id: AanvraagId) -> StoreError {
    StoreError::NotFound(format!("aanvraag {id}"))
}

pub(crate) fn document_niet_gevonden(id: DocumentId) -> StoreError {
    StoreError::NotFound(format!("document {id}"))
}

/// Why a save over `verwachte_versie` did not happen, given what is stored now (`None`: nothing).
pub(crate) fn bijwerken_geweigerd(
    id: AanvraagId,
    verwachte_versie: i64,
    nu: Option<(String, i64)>,
) -> Result<Aanvraag, StoreError> {
    match nu {
        None => Err(aanvraag_niet_gevonden(id)),
        Some((status, _)) if status != AanvraagStatus::Concept.as_str() => {
            Err(StoreError::Conflict(format!("aanvraag {id} is already submitted and can no longer be changed")))
        }
        Some((_, versie)) => Err(StoreError::Conflict(format!(
            "aanvraag {id} was changed meanwhile (version {versie}, this change started from version {verwachte_versie})"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_prints_as_its_uuid_and_parses_back() {
        let id = AanvraagId::nieuw();
        assert_eq!(id.to_string().parse::<AanvraagId>().unwrap(), id);
        assert!("geen-uuid".parse::<AanvraagId>().is_err());
    }

    #[test]
    fn ids_made_later_sort_later() {
        let a = DocumentId::nieuw();
        let b = DocumentId::nieuw();
        assert!(a < b);
    }

    #[test]
    fn the_sha256_of_known_bytes_is_the_published_one() {
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
