//! The zaak aggregate: a submitted aanvraag as a case with a zaaknummer, its append-only history of events
//! (gebeurtenis), the idempotent durable submit that makes it, and the officials' work queue over all of them.
//!
//! Status, procedure and event kinds are text: the domain (stip-zaak) owns their meaning and checks them; the store
//! keeps them and orders by them, nothing more.

use crate::aanvraag::uuid_id;
use crate::rij::Rij;
use crate::{AanvraagId, StoreError};
use serde::{Deserialize, Serialize};
use sqlx::{Database, Encode, QueryBuilder, Type};
use std::fmt;
use std::future::Future;
use std::str::FromStr;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

uuid_id!(
    /// The store's id of a zaak.
    ZaakId
);

/// An event to append to a zaak's history.
#[derive(Clone, Copy, Debug)]
pub struct NieuweGebeurtenis<'a> {
    /// The kind of event (e.g. `ingediend`, `aanvulling-gevraagd`), as the domain names it.
    pub soort: &'a str,
    /// Who did it (GebruikerId); `None` for stip itself.
    pub door: Option<Uuid>,
    /// Their name as shown in the history (kept, so the history reads the same after an account is gone).
    pub door_naam: &'a str,
    pub op: OffsetDateTime,
    /// The event's data, as the domain serialises it.
    pub gegevens: &'a serde_json::Value,
}

/// One event in a zaak's history.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Gebeurtenis {
    pub zaak_id: ZaakId,
    /// 1, 2, … within the zaak.
    pub volgnummer: i64,
    pub soort: String,
    pub door: Option<Uuid>,
    pub door_naam: String,
    #[serde(with = "time::serde::rfc3339")]
    pub op: OffsetDateTime,
    pub gegevens: serde_json::Value,
}

/// A submit: the zaak to make from an aanvraag in `concept`, with its first event.
#[derive(Clone, Copy, Debug)]
pub struct NieuweZaak<'a> {
    pub aanvraag_id: AanvraagId,
    /// The aanvraag's version the caller checked for completeness; a newer one is [`StoreError::Conflict`], so what
    /// was checked is what is submitted.
    pub aanvraag_versie: i64,
    /// Chosen by the client once per submit intent (e.g. a hidden form field); a retry with the same key returns the
    /// zaak the first attempt made.
    pub idempotentie_sleutel: &'a str,
    /// The moment of submitting. The zaaknummer's year is this moment's year in the offset given (pass Dutch time).
    pub ingediend: OffsetDateTime,
    pub titel: &'a str,
    /// The location in words (e.g. an address).
    pub locatie: &'a str,
    /// The parcel's kadastrale aanduiding, when known.
    pub perceel: Option<&'a str>,
    pub openbaar: bool,
    /// Exactly what is submitted; frozen from now on.
    pub inhoud: &'a serde_json::Value,
    pub procedure: &'a str,
    pub status: &'a str,
    pub uiterste_beslisdatum: Date,
    pub team: Option<&'a str>,
    pub behandelaar: Option<Uuid>,
    /// Event 1 (e.g. `ingediend`).
    pub eerste_gebeurtenis: NieuweGebeurtenis<'a>,
}

/// A stored zaak. The applicant and bevoegd gezag are the aanvraag's.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Zaak {
    pub id: ZaakId,
    /// `Z-2026-000123`.
    pub zaaknummer: String,
    pub aanvraag_id: AanvraagId,
    pub aanvrager: Uuid,
    pub bevoegd_gezag: String,
    pub team: Option<String>,
    pub behandelaar: Option<Uuid>,
    pub procedure: String,
    pub status: String,
    #[serde(with = "time::serde::rfc3339")]
    pub ingediend: OffsetDateTime,
    pub uiterste_beslisdatum: Date,
    pub titel: String,
    pub locatie: String,
    pub perceel: Option<String>,
    pub openbaar: bool,
    pub inhoud: serde_json::Value,
    /// The volgnummer of the last event: pass it to [`ZaakRepository::voeg_gebeurtenis_toe`].
    pub laatste_volgnummer: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub gewijzigd: OffsetDateTime,
}

/// What [`ZaakRepository::dien_in`] answers: the zaak, and whether this call made it (`false`: a retry).
#[derive(Clone, Debug, PartialEq)]
pub struct Indiening {
    pub zaak: Zaak,
    pub nieuw: bool,
}

/// The zaak's state after an event, as the domain computed it.
#[derive(Clone, Copy, Debug)]
pub struct ZaakStand<'a> {
    pub status: &'a str,
    pub uiterste_beslisdatum: Date,
    /// `None`: unchanged; `Some(None)`: no team any more.
    pub team: Option<Option<&'a str>>,
    /// `None`: unchanged; `Some(None)`: no behandelaar any more.
    pub behandelaar: Option<Option<Uuid>>,
    /// `None`: unchanged.
    pub openbaar: Option<bool>,
}

/// Where a page of the work queue ends: the next page starts after this zaak. Printed as
/// `2026-03-01_Z-2026-000123` for a URL.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ZaakCursor {
    pub uiterste_beslisdatum: Date,
    pub zaaknummer: String,
}

impl fmt::Display for ZaakCursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.uiterste_beslisdatum;
        write!(f, "{:04}-{:02}-{:02}_{}", d.year(), u8::from(d.month()), d.day(), self.zaaknummer)
    }
}

impl FromStr for ZaakCursor {
    type Err = StoreError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let ongeldig = || StoreError::InvalidCursor(s.chars().take(64).collect());
        let (datum, zaaknummer) = s.split_once('_').ok_or_else(ongeldig)?;
        let formaat = time::macros::format_description!("[year]-[month]-[day]");
        let uiterste_beslisdatum = Date::parse(datum, formaat).map_err(|_| ongeldig())?;
        if zaaknummer.is_empty() || zaaknummer.len() > 32 {
            return Err(ongeldig());
        }
        Ok(ZaakCursor { uiterste_beslisdatum, zaaknummer: zaaknummer.to_string() })
    }
}

/// Which zaken a work-queue page shows; every field that is set must hold.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ZaakFilter {
    pub bevoegd_gezag: Option<String>,
    pub team: Option<String>,
    /// Any of these statuses; empty: every status.
    pub status: Vec<String>,
    pub behandelaar: Option<Uuid>,
    pub aanvrager: Option<Uuid>,
    /// Only zaken whose uiterste beslisdatum is before this date (deadline risk).
    pub uiterlijk_voor: Option<Date>,
    /// Start after this zaak (the previous page's [`ZaakPagina::volgende`]).
    pub na: Option<ZaakCursor>,
}

/// One page of the work queue, ordered by (uiterste_beslisdatum, zaaknummer).
#[derive(Clone, Debug, PartialEq)]
pub struct ZaakPagina {
    pub zaken: Vec<Zaak>,
    /// Where the next page starts; `None` on the last page.
    pub volgende: Option<ZaakCursor>,
}

/// The most zaken one page holds, whatever limit is asked.
pub const MAX_PAGINA: u32 = 500;

/// Zaken and their history.
pub trait ZaakRepository {
    /// Submits an aanvraag in ONE transaction, durable (committed and synced) before it returns: the zaak with the
    /// next zaaknummer of its year, event 1, the aanvraag `ingediend`; the aanvraag's documents belong to the zaak
    /// from then on.
    ///
    /// A retry with the same idempotency key returns the zaak made before (`nieuw: false`), also while the first
    /// attempt is still running (it waits for it). An aanvraag that is no longer a concept (submitted under another
    /// key) or changed since `aanvraag_versie` is [`StoreError::Conflict`]; an unknown one [`StoreError::NotFound`].
    /// Concurrent submits of one aanvraag make exactly one zaak.
    fn dien_in(&self, nieuw: NieuweZaak<'_>) -> impl Future<Output = Result<Indiening, StoreError>> + Send;
    /// An unknown id is [`StoreError::NotFound`].
    fn zaak(&self, id: ZaakId) -> impl Future<Output = Result<Zaak, StoreError>> + Send;
    /// By zaaknummer (`Z-2026-000123`, exactly); an unknown one is [`StoreError::NotFound`].
    fn zaak_per_nummer(&self, zaaknummer: &str) -> impl Future<Output = Result<Zaak, StoreError>> + Send;
    /// The zaak an aanvraag became, if it was submitted.
    fn zaak_van_aanvraag(
        &self,
        aanvraag_id: AanvraagId,
    ) -> impl Future<Output = Result<Option<Zaak>, StoreError>> + Send;
    /// Every zaak of one applicant, newest first.
    fn zaken_van(&self, aanvrager: Uuid) -> impl Future<Output = Result<Vec<Zaak>, StoreError>> + Send;
    /// The zaken about one parcel in one of `statussen`, oldest first (earlier decisions on it). Only those rows are
    /// read: a parcel with many open zaken costs an asker of its decided ones nothing.
    fn zaken_op_perceel(
        &self,
        perceel: &str,
        statussen: &[&str],
    ) -> impl Future<Output = Result<Vec<Zaak>, StoreError>> + Send;
    /// Appends event `verwacht_volgnummer + 1` and writes the zaak's new state, in one transaction.
    /// [`StoreError::Conflict`] when another event came first (the zaak's last volgnummer is not
    /// `verwacht_volgnummer`); nothing changes then.
    fn voeg_gebeurtenis_toe(
        &self,
        zaak_id: ZaakId,
        verwacht_volgnummer: i64,
        gebeurtenis: NieuweGebeurtenis<'_>,
        stand: ZaakStand<'_>,
    ) -> impl Future<Output = Result<Zaak, StoreError>> + Send;
    /// The history of a zaak, in order. An unknown zaak has none.
    fn gebeurtenissen(&self, zaak_id: ZaakId) -> impl Future<Output = Result<Vec<Gebeurtenis>, StoreError>> + Send;
    /// Several zaken, each with its history in order up to the state the row was read in, in the order asked
    /// (an unknown id is left out): two queries however many zaken, for a page that shows a case per line.
    fn zaken_met_geschiedenis(
        &self,
        ids: &[ZaakId],
    ) -> impl Future<Output = Result<Vec<(Zaak, Vec<Gebeurtenis>)>, StoreError>> + Send;
    /// One page of the work queue: at most `limiet` (capped at [`MAX_PAGINA`], at least 1) zaken matching the filter
    /// after its cursor (keyset pagination: a page costs the same at any depth).
    fn zaken(&self, filter: &ZaakFilter, limiet: u32) -> impl Future<Output = Result<ZaakPagina, StoreError>> + Send;
    /// How many zaken match the filter (its cursor ignored).
    fn tel_zaken(&self, filter: &ZaakFilter) -> impl Future<Output = Result<i64, StoreError>> + Send;
}

/// The columns every backend selects for a [`Zaak`].
macro_rules! zaak_columns {
    () => {
        "id, zaaknummer, aanvraag_id, aanvrager, bevoegd_gezag, team, behandelaar, procedure, status, ingediend, \
         uiterste_beslisdatum, titel, locatie, perceel, openbaar, inhoud, laatste_volgnummer, gewijzigd"
    };
}
pub(crate) use zaak_columns;

/// The columns every backend selects for a [`Gebeurtenis`].
macro_rules! gebeurtenis_columns {
    () => {
        "zaak_id, volgnummer, soort, door, door_naam, op, gegevens"
    };
}
pub(crate) use gebeurtenis_columns;

pub(crate) fn zaak_uit(rij: &impl Rij) -> Result<Zaak, StoreError> {
    Ok(Zaak {
        id: ZaakId(rij.uuid("id")?),
        zaaknummer: rij.tekst("zaaknummer")?,
        aanvraag_id: AanvraagId(rij.uuid("aanvraag_id")?),
        aanvrager: rij.uuid("aanvrager")?,
        bevoegd_gezag: rij.tekst("bevoegd_gezag")?,
        team: rij.tekst_of_niets("team")?,
        behandelaar: rij.uuid_of_niets("behandelaar")?,
        procedure: rij.tekst("procedure")?,
        status: rij.tekst("status")?,
        ingediend: rij.moment("ingediend")?,
        uiterste_beslisdatum: rij.datum("uiterste_beslisdatum")?,
        titel: rij.tekst("titel")?,
        locatie: rij.tekst("locatie")?,
        perceel: rij.tekst_of_niets("perceel")?,
        openbaar: rij.waar("openbaar")?,
        inhoud: rij.json("inhoud")?,
        laatste_volgnummer: rij.getal("laatste_volgnummer")?,
        gewijzigd: rij.moment("gewijzigd")?,
    })
}

pub(crate) fn gebeurtenis_uit(rij: &impl Rij) -> Result<Gebeurtenis, StoreError> {
    Ok(Gebeurtenis {
        zaak_id: ZaakId(rij.uuid("zaak_id")?),
        volgnummer: rij.getal("volgnummer")?,
        soort: rij.tekst("soort")?,
        door: rij.uuid_of_niets("door")?,
        door_naam: rij.tekst("door_naam")?,
        op: rij.moment("op")?,
        gegevens: rij.json("gegevens")?,
    })
}

/// `Z-2026-000123`: at least six digits, more when a year has more zaken. PostgreSQL's `dien_in` writes the same
/// in SQL (one statement); the contract test `zaaknummers_keep_counting_past_six_digits` holds the two together.
pub(crate) fn zaaknummer(jaar: i32, volgnummer: i64) -> String {
    format!("Z-{jaar:04}-{volgnummer:06}")
}

/// The page size actually used for a requested limit.
pub(crate) fn paginagrootte(limiet: u32) -> u32 {
    limiet.clamp(1, MAX_PAGINA)
}

/// Cuts the rows read (one more than the page holds) into a page and the cursor of the next one.
pub(crate) fn pagina(mut zaken: Vec<Zaak>, grootte: u32) -> ZaakPagina {
    let meer = zaken.len() > grootte as usize;
    zaken.truncate(grootte as usize);
    let volgende = meer
        .then(|| zaken.last())
        .flatten()
        .map(|z| ZaakCursor { uiterste_beslisdatum: z.uiterste_beslisdatum, zaaknummer: z.zaaknummer.clone() });
    ZaakPagina { zaken, volgende }
}

/// The work-queue query for one page: the filter, the cursor, the order, one row more than the page holds.
///
/// The cursor is written as `d >= ? AND (d > ? OR n > ?)` rather than as a row comparison: both backends then walk
/// the (…, uiterste_beslisdatum, zaaknummer) index from the cursor on, in order, and stop after the page.
pub(crate) fn werkvoorraad_sql<DB>(filter: &ZaakFilter, grootte: u32) -> QueryBuilder<DB>
where
    DB: Database,
    DB::Arguments: Default,
    for<'t> String: Encode<'t, DB> + Type<DB>,
    for<'t> Uuid: Encode<'t, DB> + Type<DB>,
    for<'t> Date: Encode<'t, DB> + Type<DB>,
    for<'t> i64: Encode<'t, DB> + Type<DB>,
{
    let mut qb = QueryBuilder::new(concat!("SELECT ", zaak_columns!(), " FROM zaak WHERE 1 = 1"));
    filter_sql(&mut qb, filter);
    if let Some(na) = &filter.na {
        qb.push(" AND uiterste_beslisdatum >= ").push_bind(na.uiterste_beslisdatum);
        qb.push(" AND (uiterste_beslisdatum > ").push_bind(na.uiterste_beslisdatum);
        qb.push(" OR zaaknummer > ").push_bind(na.zaaknummer.clone()).push(")");
    }
    qb.push(" ORDER BY uiterste_beslisdatum, zaaknummer LIMIT ").push_bind(i64::from(grootte) + 1);
    qb
}

/// The zaken about one parcel in one of `statussen`, oldest first; none when `statussen` is empty.
pub(crate) fn perceel_sql<DB>(perceel: &str, statussen: &[&str]) -> QueryBuilder<DB>
where
    DB: Database,
    DB::Arguments: Default,
    for<'t> String: Encode<'t, DB> + Type<DB>,
{
    let mut qb = QueryBuilder::new(concat!("SELECT ", zaak_columns!(), " FROM zaak WHERE perceel = "));
    qb.push_bind(perceel.to_string()).push(" AND status IN (");
    let mut lijst = qb.separated(", ");
    // `IN ()` is no SQL: an empty list asks for a status no zaak has.
    for status in if statussen.is_empty() { &[""][..] } else { statussen } {
        lijst.push_bind(status.to_string());
    }
    qb.push(") ORDER BY ingediend, zaaknummer");
    qb
}

/// The zaken with these ids (`kolommen` of table `tabel` where `kolom` is one of them), in no particular order.
pub(crate) fn met_ids_sql<DB>(kolommen: &str, tabel: &str, kolom: &str, ids: &[ZaakId]) -> QueryBuilder<DB>
where
    DB: Database,
    DB::Arguments: Default,
    for<'t> Uuid: Encode<'t, DB> + Type<DB>,
{
    let mut qb = QueryBuilder::new(format!("SELECT {kolommen} FROM {tabel} WHERE {kolom} IN ("));
    let mut lijst = qb.separated(", ");
    // `IN ()` is no SQL: an empty list asks for an id no zaak has.
    let geen = [ZaakId(Uuid::nil())];
    for id in if ids.is_empty() { &geen[..] } else { ids } {
        lijst.push_bind(id.0);
    }
    qb.push(")");
    qb
}

/// Puts zaken and their events (any order) together in the order of `ids`: each zaak's events in order, cut at the
/// zaak's `laatste_volgnummer` (an event appended after the row was read is not yet part of that state).
pub(crate) fn met_geschiedenis(
    ids: &[ZaakId],
    zaken: Vec<Zaak>,
    gebeurtenissen: Vec<Gebeurtenis>,
) -> Vec<(Zaak, Vec<Gebeurtenis>)> {
    let mut per_zaak: std::collections::HashMap<ZaakId, (Zaak, Vec<Gebeurtenis>)> =
        zaken.into_iter().map(|z| (z.id, (z, Vec::new()))).collect();
    for g in gebeurtenissen {
        if let Some((z, lijst)) = per_zaak.get_mut(&g.zaak_id)
            && g.volgnummer <= z.laatste_volgnummer
        {
            lijst.push(g);
        }
    }
    let mut uit = Vec::with_capacity(per_zaak.len());
    for id in ids {
        if let Some((z, mut lijst)) = per_zaak.remove(id) {
            lijst.sort_by_key(|g| g.volgnummer);
            uit.push((z, lijst));
        }
    }
    uit
}

/// The count of zaken matching a filter (its cursor ignored).
pub(crate) fn tel_sql<DB>(filter: &ZaakFilter) -> QueryBuilder<DB>
where
    DB: Database,
    DB::Arguments: Default,
    for<'t> String: Encode<'t, DB> + Type<DB>,
    for<'t> Uuid: Encode<'t, DB> + Type<DB>,
    for<'t> Date: Encode<'t, DB> + Type<DB>,
{
    let mut qb = QueryBuilder::new("SELECT COUNT(*) FROM zaak WHERE 1 = 1");
    filter_sql(&mut qb, filter);
    qb
}

fn filter_sql<DB>(qb: &mut QueryBuilder<DB>, filter: &ZaakFilter)
where
    DB: Database,
    for<'t> String: Encode<'t, DB> + Type<DB>,
    for<'t> Uuid: Encode<'t, DB> + Type<DB>,
    for<'t> Date: Encode<'t, DB> + Type<DB>,
{
    if let Some(bg) = &filter.bevoegd_gezag {
        qb.push(" AND bevoegd_gezag = ").push_bind(bg.clone());
    }
    if let Some(team) = &filter.team {
        qb.push(" AND team = ").push_bind(team.clone());
    }
    if !filter.status.is_empty() {
        qb.push(" AND status IN (");
        let mut lijst = qb.separated(", ");
        for status in &filter.status {
            lijst.push_bind(status.clone());
        }
        qb.push(")");
    }
    if let Some(behandelaar) = filter.behandelaar {
        qb.push(" AND behandelaar = ").push_bind(behandelaar);
    }
    if let Some(aanvrager) = filter.aanvrager {
        qb.push(" AND aanvrager = ").push_bind(aanvrager);
    }
    if let Some(voor) = filter.uiterlijk_voor {
        qb.push(" AND uiterste_beslisdatum < ").push_bind(voor);
    }
}

pub(crate) fn zaak_niet_gevonden(wat: impl fmt::Display) -> StoreError {
    StoreError::NotFound(format!("zaak {wat}"))
}

/// Why a submit made no zaak, given the aanvraag's state now (`None`: no such aanvraag) and the zaak it already
/// became with its key (if any): a retry with the same key gets that zaak back.
pub(crate) fn indiening_geweigerd(
    id: AanvraagId,
    aanvraag_versie: i64,
    sleutel: &str,
    aanvraag: Option<(String, i64)>,
    bestaand: Option<(Zaak, String)>,
) -> Result<Indiening, StoreError> {
    match (aanvraag, bestaand) {
        (None, _) => Err(crate::aanvraag::aanvraag_niet_gevonden(id)),
        (Some(_), Some((zaak, eerder))) if eerder == sleutel => Ok(Indiening { zaak, nieuw: false }),
        (Some(_), Some((zaak, _))) => {
            Err(StoreError::Conflict(format!("aanvraag {id} is already submitted as zaak {}", zaak.zaaknummer)))
        }
        (Some((status, _)), None) if status != crate::AanvraagStatus::Concept.as_str() => {
            Err(StoreError::Conflict(format!("aanvraag {id} is {status} without a zaak")))
        }
        (Some((_, versie)), None) => Err(StoreError::Conflict(format!(
            "aanvraag {id} was changed meanwhile (version {versie}, the submit checked version {aanvraag_versie})"
        ))),
    }
}

/// Why an event was not appended, given the zaak's last volgnummer now (`None`: no such zaak).
pub(crate) fn gebeurtenis_geweigerd(
    zaak_id: ZaakId,
    verwacht_volgnummer: i64,
    laatste: Option<i64>,
) -> Result<Zaak, StoreError> {
    match laatste {
        None => Err(zaak_niet_gevonden(zaak_id)),
        Some(laatste) => Err(StoreError::Conflict(format!(
            "zaak {zaak_id} has event {laatste} already; this event was made after event {verwacht_volgnummer}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_zaaknummer_has_the_year_and_six_digits() {
        assert_eq!(zaaknummer(2026, 123), "Z-2026-000123");
        assert_eq!(zaaknummer(2026, 1_234_567), "Z-2026-1234567");
    }

    #[test]
    fn a_cursor_prints_for_a_url_and_reads_back() {
        let c = ZaakCursor { uiterste_beslisdatum: date!(2026 - 03 - 01), zaaknummer: "Z-2026-000123".into() };
        assert_eq!(c.to_string(), "2026-03-01_Z-2026-000123");
        assert_eq!(c.to_string().parse::<ZaakCursor>().unwrap(), c);
        for fout in ["", "2026-03-01", "2026-13-01_Z-1", "gisteren_Z-1", "2026-03-01_"] {
            assert!(matches!(fout.parse::<ZaakCursor>(), Err(StoreError::InvalidCursor(_))), "{fout}");
        }
    }

    #[test]
    fn a_page_read_with_one_row_extra_has_a_next_cursor_and_a_short_one_has_none() {
        let zaak = |n: i64| Zaak {
            id: ZaakId::nieuw(),
            zaaknummer: zaaknummer(2026, n),
            aanvraag_id: AanvraagId::nieuw(),
            aanvrager: Uuid::nil(),
            bevoegd_gezag: "gm9999".into(),
            team: None,
            behandelaar: None,
            procedure: "regulier".into(),
            status: "ontvangen".into(),
            ingediend: OffsetDateTime::UNIX_EPOCH,
            uiterste_beslisdatum: date!(2026 - 03 - 01),
            titel: String::new(),
            locatie: String::new(),
            perceel: None,
            openbaar: false,
            inhoud: serde_json::Value::Null,
            laatste_volgnummer: 1,
            gewijzigd: OffsetDateTime::UNIX_EPOCH,
        };
        let vol = pagina((1..=3).map(zaak).collect(), 2);
        assert_eq!(vol.zaken.len(), 2);
        assert_eq!(vol.volgende.unwrap().zaaknummer, "Z-2026-000002");
        let kort = pagina((1..=2).map(zaak).collect(), 2);
        assert_eq!((kort.zaken.len(), kort.volgende), (2, None));
        assert_eq!(paginagrootte(0), 1);
        assert_eq!(paginagrootte(10_000), MAX_PAGINA);
    }
}
