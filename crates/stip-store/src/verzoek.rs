//! Early requests to the municipality (vooroverleg): the requests with their numbers and deadlines, the site-visit
//! time slots a team publishes and their reservation (one request per slot, taken by one conditional UPDATE, so two
//! requesters racing for a slot get one winner on either backend), the pool of initiatiefmanagers and the service
//! package an initiator chose.

use crate::StoreError;
use crate::aanvraag::uuid_id;
use crate::rij::Rij;
use serde::{Deserialize, Serialize};
use std::future::Future;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

uuid_id!(
    /// The store's id of an early request.
    VerzoekId
);
uuid_id!(
    /// The store's id of a published visit time slot.
    MomentId
);

/// A request to record; its number is given by the store.
#[derive(Clone, Copy, Debug)]
pub struct NieuwVerzoek<'a> {
    pub id: VerzoekId,
    /// `quickscan`, `wethouder`, `bezoek` or `bestuur_op_maat`.
    pub soort: &'a str,
    /// The kind's letter at the end of the number.
    pub letter: char,
    pub aanvrager: Uuid,
    pub bevoegd_gezag: &'a str,
    pub onderwerp: &'a str,
    pub vraag: &'a str,
    pub aanvraag_id: Option<Uuid>,
    pub verslag: Option<&'a str>,
    pub initiatief: Option<Uuid>,
    pub ontvangen: OffsetDateTime,
    pub uiterlijk: Date,
}

/// A stored request.
#[derive(Clone, Debug, PartialEq)]
pub struct Verzoek {
    pub id: VerzoekId,
    /// `V-2026-000001-M`.
    pub nummer: String,
    pub soort: String,
    pub aanvrager: Uuid,
    pub bevoegd_gezag: String,
    pub onderwerp: String,
    pub vraag: String,
    pub aanvraag_id: Option<Uuid>,
    pub verslag: Option<String>,
    pub initiatief: Option<Uuid>,
    pub status: String,
    pub ontvangen: OffsetDateTime,
    pub uiterlijk: Date,
    pub behandelaar: Option<Uuid>,
    pub antwoord: Option<String>,
    pub beantwoord: Option<OffsetDateTime>,
    pub gewijzigd: OffsetDateTime,
}

/// A step on a request: its new status, and what comes with it.
#[derive(Clone, Copy, Debug)]
pub struct VerzoekWijziging<'a> {
    pub status: &'a str,
    /// Set (or kept, when `None`) the handler.
    pub behandelaar: Option<Uuid>,
    /// The answer, with its moment.
    pub antwoord: Option<(&'a str, OffsetDateTime)>,
    pub nu: OffsetDateTime,
}

/// A visit time slot to publish.
#[derive(Clone, Copy, Debug)]
pub struct NieuwMoment<'a> {
    pub id: MomentId,
    pub bevoegd_gezag: &'a str,
    pub van: OffsetDateTime,
    pub tot: OffsetDateTime,
    pub toelichting: &'a str,
    pub door: Uuid,
    pub aangemaakt: OffsetDateTime,
}

/// A published visit time slot, free or taken.
#[derive(Clone, Debug, PartialEq)]
pub struct Moment {
    pub id: MomentId,
    pub bevoegd_gezag: String,
    pub van: OffsetDateTime,
    pub tot: OffsetDateTime,
    pub toelichting: String,
    pub verzoek_id: Option<VerzoekId>,
}

/// An official in an authority's pool of initiatiefmanagers, with how many initiators they guide now.
#[derive(Clone, Debug, PartialEq)]
pub struct Initiatiefmanager {
    pub gebruiker: Uuid,
    pub naam: String,
    pub email: Option<String>,
    pub telefoon: Option<String>,
    pub bevoegd_gezag: String,
    pub open: i64,
}

/// A service package chosen (or chosen again).
#[derive(Clone, Copy, Debug)]
pub struct NieuweDienstverlening<'a> {
    pub aanvrager: Uuid,
    pub initiatief: Option<Uuid>,
    pub bevoegd_gezag: &'a str,
    pub pakket: &'a str,
    pub initiatiefmanager: Option<Uuid>,
    pub gekozen: OffsetDateTime,
}

/// A stored choice of service package.
#[derive(Clone, Debug, PartialEq)]
pub struct Dienstverlening {
    pub id: Uuid,
    pub aanvrager: Uuid,
    pub initiatief: Option<Uuid>,
    pub bevoegd_gezag: String,
    pub pakket: String,
    pub initiatiefmanager: Option<Uuid>,
    pub gekozen: OffsetDateTime,
}

impl NieuweDienstverlening<'_> {
    /// One choice per requester and initiative.
    pub(crate) fn sleutel(&self) -> String {
        format!("{}/{}", self.aanvrager, self.initiatief.map(|i| i.to_string()).unwrap_or_default())
    }
}

/// Early requests, visit slots, initiatiefmanagers and service packages.
pub trait VerzoekRepository {
    /// Records a request with the next number of its year (`V-2026-000001-Q`), status `ontvangen`.
    fn maak_verzoek(&self, nieuw: NieuwVerzoek<'_>) -> impl Future<Output = Result<Verzoek, StoreError>> + Send;
    /// An unknown id is [`StoreError::NotFound`].
    fn verzoek(&self, id: VerzoekId) -> impl Future<Output = Result<Verzoek, StoreError>> + Send;
    /// Someone's requests, newest first.
    fn verzoeken_van(&self, aanvrager: Uuid) -> impl Future<Output = Result<Vec<Verzoek>, StoreError>> + Send;
    /// An authority's requests with one of `statussen` (all when empty), the nearest deadline first.
    fn verzoeken_voor(
        &self,
        gezag: &str,
        statussen: &[&str],
    ) -> impl Future<Output = Result<Vec<Verzoek>, StoreError>> + Send;
    /// Moves a request from status `van` on; `None` when it no longer had status `van` (someone else was first).
    fn werk_verzoek_bij(
        &self,
        id: VerzoekId,
        van: &str,
        w: VerzoekWijziging<'_>,
    ) -> impl Future<Output = Result<Option<Verzoek>, StoreError>> + Send;
    fn publiceer_moment(&self, nieuw: NieuwMoment<'_>) -> impl Future<Output = Result<Moment, StoreError>> + Send;
    /// An authority's slots that begin after `na`, earliest first; only the free ones when `alleen_vrij`.
    fn momenten(
        &self,
        gezag: &str,
        na: OffsetDateTime,
        alleen_vrij: bool,
    ) -> impl Future<Output = Result<Vec<Moment>, StoreError>> + Send;
    /// Takes a free slot for a request: [`StoreError::Conflict`] when it is taken already (by another request, in the
    /// same instant or before) or the request holds a slot; [`StoreError::NotFound`] for an unknown slot.
    fn reserveer_moment(
        &self,
        moment: MomentId,
        verzoek: VerzoekId,
    ) -> impl Future<Output = Result<Moment, StoreError>> + Send;
    /// The slot a request took, if any.
    fn moment_van(&self, verzoek: VerzoekId) -> impl Future<Output = Result<Option<Moment>, StoreError>> + Send;
    /// Puts an official of `gezag` in its pool (again: changes the phone), or takes them out (`telefoon` ignored).
    fn zet_initiatiefmanager(
        &self,
        gebruiker: Uuid,
        gezag: &str,
        in_pool: bool,
        telefoon: Option<&str>,
        nu: OffsetDateTime,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// An authority's pool, in the order they joined, each with their open assignments.
    fn initiatiefmanagers(
        &self,
        gezag: &str,
    ) -> impl Future<Output = Result<Vec<Initiatiefmanager>, StoreError>> + Send;
    /// One pool member by account, if in a pool.
    fn initiatiefmanager(
        &self,
        gebruiker: Uuid,
    ) -> impl Future<Output = Result<Option<Initiatiefmanager>, StoreError>> + Send;
    /// Records the choice of a package; a second choice for the same requester and initiative replaces the first.
    fn kies_dienstverlening(
        &self,
        nieuw: NieuweDienstverlening<'_>,
    ) -> impl Future<Output = Result<Dienstverlening, StoreError>> + Send;
    /// Someone's choices, latest first.
    fn dienstverlening_van(
        &self,
        aanvrager: Uuid,
    ) -> impl Future<Output = Result<Vec<Dienstverlening>, StoreError>> + Send;
}

macro_rules! verzoek_columns {
    () => {
        "id, nummer, soort, aanvrager, bevoegd_gezag, onderwerp, vraag, aanvraag_id, verslag, initiatief, status, \
         ontvangen, uiterlijk, behandelaar, antwoord, beantwoord, gewijzigd"
    };
}
pub(crate) use verzoek_columns;

macro_rules! moment_columns {
    () => {
        "id, bevoegd_gezag, van, tot, toelichting, verzoek_id"
    };
}
pub(crate) use moment_columns;

macro_rules! dienstverlening_columns {
    () => {
        "id, aanvrager, initiatief, bevoegd_gezag, pakket, initiatiefmanager, gekozen"
    };
}
pub(crate) use dienstverlening_columns;

/// The pool's query: `$1` the authority, or `$2` one account.
macro_rules! manager_sql {
    ($waar:literal) => {
        concat!(
            "SELECT m.gebruiker_id AS gebruiker_id, g.naam AS naam, g.email AS email, m.telefoon AS telefoon,
                m.bevoegd_gezag AS bevoegd_gezag,
                (SELECT count(*) FROM dienstverlening d WHERE d.initiatiefmanager = m.gebruiker_id) AS open
             FROM initiatiefmanager m JOIN gebruikers g ON g.id = m.gebruiker_id WHERE ",
            $waar,
            " ORDER BY m.sinds, m.gebruiker_id"
        )
    };
}
pub(crate) use manager_sql;

pub(crate) fn verzoek_uit(rij: &impl Rij) -> Result<Verzoek, StoreError> {
    Ok(Verzoek {
        id: VerzoekId(rij.uuid("id")?),
        nummer: rij.tekst("nummer")?,
        soort: rij.tekst("soort")?,
        aanvrager: rij.uuid("aanvrager")?,
        bevoegd_gezag: rij.tekst("bevoegd_gezag")?,
        onderwerp: rij.tekst("onderwerp")?,
        vraag: rij.tekst("vraag")?,
        aanvraag_id: rij.uuid_of_niets("aanvraag_id")?,
        verslag: rij.tekst_of_niets("verslag")?,
        initiatief: rij.uuid_of_niets("initiatief")?,
        status: rij.tekst("status")?,
        ontvangen: rij.moment("ontvangen")?,
        uiterlijk: rij.datum("uiterlijk")?,
        behandelaar: rij.uuid_of_niets("behandelaar")?,
        antwoord: rij.tekst_of_niets("antwoord")?,
        beantwoord: rij.moment_of_niets("beantwoord")?,
        gewijzigd: rij.moment("gewijzigd")?,
    })
}

pub(crate) fn moment_uit(rij: &impl Rij) -> Result<Moment, StoreError> {
    Ok(Moment {
        id: MomentId(rij.uuid("id")?),
        bevoegd_gezag: rij.tekst("bevoegd_gezag")?,
        van: rij.moment("van")?,
        tot: rij.moment("tot")?,
        toelichting: rij.tekst("toelichting")?,
        verzoek_id: rij.uuid_of_niets("verzoek_id")?.map(VerzoekId),
    })
}

pub(crate) fn manager_uit(rij: &impl Rij) -> Result<Initiatiefmanager, StoreError> {
    Ok(Initiatiefmanager {
        gebruiker: rij.uuid("gebruiker_id")?,
        naam: rij.tekst("naam")?,
        email: rij.tekst_of_niets("email")?,
        telefoon: rij.tekst_of_niets("telefoon")?,
        bevoegd_gezag: rij.tekst("bevoegd_gezag")?,
        open: rij.getal("open")?,
    })
}

pub(crate) fn dienstverlening_uit(rij: &impl Rij) -> Result<Dienstverlening, StoreError> {
    Ok(Dienstverlening {
        id: rij.uuid("id")?,
        aanvrager: rij.uuid("aanvrager")?,
        initiatief: rij.uuid_of_niets("initiatief")?,
        bevoegd_gezag: rij.tekst("bevoegd_gezag")?,
        pakket: rij.tekst("pakket")?,
        initiatiefmanager: rij.uuid_of_niets("initiatiefmanager")?,
        gekozen: rij.moment("gekozen")?,
    })
}

/// Implements [`VerzoekRepository`] for `$store` (a [`crate::gedeeld::Backend`]): one SQL text for both backends.
macro_rules! verzoek_repository {
    ($store:ty) => {
        const _: () = {
            use $crate::StoreError;
            use $crate::gedeeld::Backend;
            use $crate::rij::moment;
            use $crate::verzoek::{
                Dienstverlening, Initiatiefmanager, Moment, MomentId, NieuwMoment, NieuwVerzoek,
                NieuweDienstverlening, Verzoek, VerzoekId, VerzoekRepository, VerzoekWijziging,
                dienstverlening_columns, dienstverlening_uit, manager_sql, manager_uit, moment_columns, moment_uit,
                verzoek_columns, verzoek_uit,
            };

            impl VerzoekRepository for $store {
                async fn maak_verzoek(&self, n: NieuwVerzoek<'_>) -> Result<Verzoek, StoreError> {
                    let mut tx = self.begin_schrijven().await?;
                    let jaar = i64::from(n.ontvangen.year());
                    let laatste: i64 = sqlx::query_scalar(
                        "INSERT INTO verzoeknummer_teller (jaar, laatste) VALUES ($1, 1)
                         ON CONFLICT (jaar) DO UPDATE SET laatste = verzoeknummer_teller.laatste + 1
                         RETURNING laatste",
                    )
                    .bind(jaar)
                    .fetch_one(&mut *tx)
                    .await?;
                    let nummer = format!("V-{jaar}-{laatste:06}-{}", n.letter);
                    sqlx::query(
                        "INSERT INTO verzoek (id, nummer, soort, aanvrager, bevoegd_gezag, onderwerp, vraag,
                            aanvraag_id, verslag, initiatief, status, ontvangen, uiterlijk, gewijzigd)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'ontvangen', $11, $12, $11)",
                    )
                    .bind(n.id.0)
                    .bind(&nummer)
                    .bind(n.soort)
                    .bind(n.aanvrager)
                    .bind(n.bevoegd_gezag)
                    .bind(n.onderwerp)
                    .bind(n.vraag)
                    .bind(n.aanvraag_id)
                    .bind(n.verslag)
                    .bind(n.initiatief)
                    .bind(moment(n.ontvangen))
                    .bind(n.uiterlijk)
                    .execute(&mut *tx)
                    .await?;
                    tx.commit().await?;
                    self.verzoek(n.id).await
                }

                async fn verzoek(&self, id: VerzoekId) -> Result<Verzoek, StoreError> {
                    sqlx::query(concat!("SELECT ", verzoek_columns!(), " FROM verzoek WHERE id = $1"))
                        .bind(id.0)
                        .fetch_optional(self.lezers())
                        .await?
                        .as_ref()
                        .map(verzoek_uit)
                        .unwrap_or_else(|| Err(StoreError::NotFound(format!("er is geen verzoek {id}"))))
                }

                async fn verzoeken_van(&self, aanvrager: uuid::Uuid) -> Result<Vec<Verzoek>, StoreError> {
                    sqlx::query(concat!(
                        "SELECT ",
                        verzoek_columns!(),
                        " FROM verzoek WHERE aanvrager = $1 ORDER BY ontvangen DESC, id DESC"
                    ))
                    .bind(aanvrager)
                    .fetch_all(self.lezers())
                    .await?
                    .iter()
                    .map(verzoek_uit)
                    .collect()
                }

                async fn verzoeken_voor(&self, gezag: &str, statussen: &[&str]) -> Result<Vec<Verzoek>, StoreError> {
                    let alle: Vec<Verzoek> = sqlx::query(concat!(
                        "SELECT ",
                        verzoek_columns!(),
                        " FROM verzoek WHERE bevoegd_gezag = $1 ORDER BY uiterlijk, ontvangen, id"
                    ))
                    .bind(gezag)
                    .fetch_all(self.lezers())
                    .await?
                    .iter()
                    .map(verzoek_uit)
                    .collect::<Result<_, _>>()?;
                    Ok(alle
                        .into_iter()
                        .filter(|v| statussen.is_empty() || statussen.contains(&v.status.as_str()))
                        .collect())
                }

                async fn werk_verzoek_bij(
                    &self,
                    id: VerzoekId,
                    van: &str,
                    w: VerzoekWijziging<'_>,
                ) -> Result<Option<Verzoek>, StoreError> {
                    let (antwoord, beantwoord) = match w.antwoord {
                        Some((a, op)) => (Some(a), Some(moment(op))),
                        None => (None, None),
                    };
                    let row = sqlx::query(concat!(
                        "UPDATE verzoek SET status = $3, behandelaar = COALESCE($4, behandelaar),
                            antwoord = COALESCE($5, antwoord), beantwoord = COALESCE($6, beantwoord), gewijzigd = $7
                         WHERE id = $1 AND status = $2 RETURNING ",
                        verzoek_columns!()
                    ))
                    .bind(id.0)
                    .bind(van)
                    .bind(w.status)
                    .bind(w.behandelaar)
                    .bind(antwoord)
                    .bind(beantwoord)
                    .bind(moment(w.nu))
                    .fetch_optional(self.schrijver())
                    .await?;
                    row.as_ref().map(verzoek_uit).transpose()
                }

                async fn publiceer_moment(&self, n: NieuwMoment<'_>) -> Result<Moment, StoreError> {
                    let row = sqlx::query(concat!(
                        "INSERT INTO bezoekmoment (id, bevoegd_gezag, van, tot, toelichting, gepubliceerd_door,
                            aangemaakt) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ",
                        moment_columns!()
                    ))
                    .bind(n.id.0)
                    .bind(n.bevoegd_gezag)
                    .bind(moment(n.van))
                    .bind(moment(n.tot))
                    .bind(n.toelichting)
                    .bind(n.door)
                    .bind(moment(n.aangemaakt))
                    .fetch_one(self.schrijver())
                    .await?;
                    moment_uit(&row)
                }

                async fn momenten(
                    &self,
                    gezag: &str,
                    na: time::OffsetDateTime,
                    alleen_vrij: bool,
                ) -> Result<Vec<Moment>, StoreError> {
                    sqlx::query(concat!(
                        "SELECT ",
                        moment_columns!(),
                        " FROM bezoekmoment WHERE bevoegd_gezag = $1 AND van > $2
                            AND ($3 = 0 OR verzoek_id IS NULL) ORDER BY van, id"
                    ))
                    .bind(gezag)
                    .bind(moment(na))
                    .bind(i64::from(alleen_vrij))
                    .fetch_all(self.lezers())
                    .await?
                    .iter()
                    .map(moment_uit)
                    .collect()
                }

                async fn reserveer_moment(&self, id: MomentId, verzoek: VerzoekId) -> Result<Moment, StoreError> {
                    let genomen = sqlx::query(concat!(
                        "UPDATE bezoekmoment SET verzoek_id = $2 WHERE id = $1 AND verzoek_id IS NULL
                            AND NOT EXISTS (SELECT 1 FROM bezoekmoment b WHERE b.verzoek_id = $2)
                         RETURNING ",
                        moment_columns!()
                    ))
                    .bind(id.0)
                    .bind(verzoek.0)
                    .fetch_optional(self.schrijver())
                    .await;
                    let genomen = match genomen {
                        Ok(r) => r,
                        // The unique verzoek_id refused a second slot for one request that raced the check.
                        Err(sqlx::Error::Database(db)) if db.is_unique_violation() => None,
                        Err(e) => return Err(e.into()),
                    };
                    if let Some(row) = genomen {
                        return moment_uit(&row);
                    }
                    let bestaat = sqlx::query("SELECT verzoek_id FROM bezoekmoment WHERE id = $1")
                        .bind(id.0)
                        .fetch_optional(self.schrijver())
                        .await?;
                    match bestaat {
                        None => Err(StoreError::NotFound(format!("er is geen bezoekmoment {id}"))),
                        Some(_) => Err(StoreError::Conflict(
                            "dit moment is al gekozen, of u heeft al een moment gekozen".into(),
                        )),
                    }
                }

                async fn moment_van(&self, verzoek: VerzoekId) -> Result<Option<Moment>, StoreError> {
                    sqlx::query(concat!("SELECT ", moment_columns!(), " FROM bezoekmoment WHERE verzoek_id = $1"))
                        .bind(verzoek.0)
                        .fetch_optional(self.lezers())
                        .await?
                        .as_ref()
                        .map(moment_uit)
                        .transpose()
                }

                async fn zet_initiatiefmanager(
                    &self,
                    gebruiker: uuid::Uuid,
                    gezag: &str,
                    in_pool: bool,
                    telefoon: Option<&str>,
                    nu: time::OffsetDateTime,
                ) -> Result<(), StoreError> {
                    if in_pool {
                        sqlx::query(
                            "INSERT INTO initiatiefmanager (gebruiker_id, bevoegd_gezag, telefoon, sinds)
                             VALUES ($1, $2, $3, $4)
                             ON CONFLICT (gebruiker_id) DO UPDATE SET bevoegd_gezag = $2, telefoon = $3",
                        )
                        .bind(gebruiker)
                        .bind(gezag)
                        .bind(telefoon)
                        .bind(moment(nu))
                        .execute(self.schrijver())
                        .await?;
                    } else {
                        sqlx::query("DELETE FROM initiatiefmanager WHERE gebruiker_id = $1")
                            .bind(gebruiker)
                            .execute(self.schrijver())
                            .await?;
                    }
                    Ok(())
                }

                async fn initiatiefmanagers(&self, gezag: &str) -> Result<Vec<Initiatiefmanager>, StoreError> {
                    sqlx::query(manager_sql!("m.bevoegd_gezag = $1"))
                        .bind(gezag)
                        .fetch_all(self.lezers())
                        .await?
                        .iter()
                        .map(manager_uit)
                        .collect()
                }

                async fn initiatiefmanager(
                    &self,
                    gebruiker: uuid::Uuid,
                ) -> Result<Option<Initiatiefmanager>, StoreError> {
                    sqlx::query(manager_sql!("m.gebruiker_id = $1"))
                        .bind(gebruiker)
                        .fetch_optional(self.lezers())
                        .await?
                        .as_ref()
                        .map(manager_uit)
                        .transpose()
                }

                async fn kies_dienstverlening(
                    &self,
                    n: NieuweDienstverlening<'_>,
                ) -> Result<Dienstverlening, StoreError> {
                    let row = sqlx::query(concat!(
                        "INSERT INTO dienstverlening (id, sleutel, aanvrager, initiatief, bevoegd_gezag, pakket,
                            initiatiefmanager, gekozen) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                         ON CONFLICT (sleutel) DO UPDATE SET bevoegd_gezag = $5, pakket = $6,
                            initiatiefmanager = $7, gekozen = $8
                         RETURNING ",
                        dienstverlening_columns!()
                    ))
                    .bind(uuid::Uuid::now_v7())
                    .bind(n.sleutel())
                    .bind(n.aanvrager)
                    .bind(n.initiatief)
                    .bind(n.bevoegd_gezag)
                    .bind(n.pakket)
                    .bind(n.initiatiefmanager)
                    .bind(moment(n.gekozen))
                    .fetch_one(self.schrijver())
                    .await?;
                    dienstverlening_uit(&row)
                }

                async fn dienstverlening_van(&self, aanvrager: uuid::Uuid) -> Result<Vec<Dienstverlening>, StoreError> {
                    sqlx::query(concat!(
                        "SELECT ",
                        dienstverlening_columns!(),
                        " FROM dienstverlening WHERE aanvrager = $1 ORDER BY gekozen DESC, id DESC"
                    ))
                    .bind(aanvrager)
                    .fetch_all(self.lezers())
                    .await?
                    .iter()
                    .map(dienstverlening_uit)
                    .collect()
                }
            }
        };
    };
}
pub(crate) use verzoek_repository;
