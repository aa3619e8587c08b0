//! SQLite's group commit for submits: one task takes the submits that are waiting, runs each in a savepoint of one
//! transaction, commits (one fsync for all), and only then answers each caller.
//!
//! With `synchronous=FULL` every SQLite commit waits for an fsync of the WAL, and a submit writes a dozen pages
//! (zaak with its indexes, gebeurtenis, aanvraag, the counter); one after the other that caps submits at one fsync
//! each. Committed together, submits that arrive while a commit is running share the next one. A submit that fails
//! (refused, or a database error) is rolled back to its savepoint and answered with its error; the others go on. If
//! the commit itself fails, every caller of that batch gets the error and nothing of the batch is stored.

use crate::AanvraagId;
use crate::rij::{moment, nu};
use crate::zaak::{zaak_columns, zaak_uit, zaaknummer};
use crate::{Indiening, NieuweZaak, SqliteStore, StoreError, ZaakId};
use sqlx::Row;
use sqlx::sqlite::{Sqlite, SqlitePool};
use time::{Date, OffsetDateTime};
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

/// The most submits one commit takes.
const MAX_GROEP: usize = 64;

/// The most submits that wait for a commit. A burst beyond it waits for a free place (back-pressure) instead of
/// growing the queue: a place takes a few hundred bytes, and a full queue is 16 commits of work already.
pub(crate) const WACHTRIJ_CAPACITEIT: usize = 1024;

/// The sending side, kept by every clone of the store.
#[derive(Clone, Debug)]
pub(crate) struct Groepscommit {
    wachtrij: mpsc::Sender<Opdracht>,
}

impl Groepscommit {
    /// Starts the task that commits on `schrijver` (the store's one writer connection), with a queue of
    /// [`WACHTRIJ_CAPACITEIT`]. It ends when the last clone of the store is gone.
    pub(crate) fn start(schrijver: SqlitePool) -> Groepscommit {
        Groepscommit::start_met_capaciteit(schrijver, WACHTRIJ_CAPACITEIT)
    }

    /// [`Groepscommit::start`] with a queue of `capaciteit` submits.
    pub(crate) fn start_met_capaciteit(schrijver: SqlitePool, capaciteit: usize) -> Groepscommit {
        let (wachtrij, ontvanger) = mpsc::channel(capaciteit);
        tokio::spawn(werk(schrijver, ontvanger));
        Groepscommit { wachtrij }
    }

    /// Queues a submit — waiting for a place while the queue is full — and waits until it is committed (or
    /// refused).
    pub(crate) async fn dien_in(&self, nieuw: NieuweZaak<'_>) -> Result<Indiening, StoreError> {
        let (antwoord, uitkomst) = oneshot::channel();
        let opdracht = Opdracht { zaak: Indienen::van(&nieuw), antwoord };
        self.wachtrij.send(opdracht).await.map_err(|_| gestopt())?;
        uitkomst.await.map_err(|_| gestopt())?
    }

    /// How many submits wait in the queue now (not counting those in the commit that runs).
    #[cfg(test)]
    pub(crate) fn in_wachtrij(&self) -> usize {
        self.wachtrij.max_capacity() - self.wachtrij.capacity()
    }
}

fn gestopt() -> StoreError {
    StoreError::Database(sqlx::Error::PoolClosed)
}

/// A submit on its way to the writer, with where its answer goes.
struct Opdracht {
    zaak: Indienen,
    antwoord: oneshot::Sender<Result<Indiening, StoreError>>,
}

/// [`NieuweZaak`] owned, its JSON already text.
struct Indienen {
    aanvraag_id: AanvraagId,
    aanvraag_versie: i64,
    idempotentie_sleutel: String,
    ingediend: OffsetDateTime,
    jaar: i32,
    titel: String,
    locatie: String,
    perceel: Option<String>,
    openbaar: bool,
    inhoud: String,
    procedure: String,
    status: String,
    uiterste_beslisdatum: Date,
    team: Option<String>,
    behandelaar: Option<Uuid>,
    soort: String,
    door: Option<Uuid>,
    door_naam: String,
    op: OffsetDateTime,
    gegevens: String,
}

impl Indienen {
    fn van(n: &NieuweZaak<'_>) -> Indienen {
        let g = &n.eerste_gebeurtenis;
        Indienen {
            aanvraag_id: n.aanvraag_id,
            aanvraag_versie: n.aanvraag_versie,
            idempotentie_sleutel: n.idempotentie_sleutel.to_string(),
            ingediend: moment(n.ingediend),
            jaar: n.ingediend.year(),
            titel: n.titel.to_string(),
            locatie: n.locatie.to_string(),
            perceel: n.perceel.map(str::to_string),
            openbaar: n.openbaar,
            inhoud: n.inhoud.to_string(),
            procedure: n.procedure.to_string(),
            status: n.status.to_string(),
            uiterste_beslisdatum: n.uiterste_beslisdatum,
            team: n.team.map(str::to_string),
            behandelaar: n.behandelaar,
            soort: g.soort.to_string(),
            door: g.door,
            door_naam: g.door_naam.to_string(),
            op: moment(g.op),
            gegevens: g.gegevens.to_string(),
        }
    }
}

async fn werk(schrijver: SqlitePool, mut ontvanger: mpsc::Receiver<Opdracht>) {
    let mut groep = Vec::with_capacity(MAX_GROEP);
    while ontvanger.recv_many(&mut groep, MAX_GROEP).await > 0 {
        let (zaken, antwoorden): (Vec<Indienen>, Vec<_>) = groep.drain(..).map(|o| (o.zaak, o.antwoord)).unzip();
        match commit(&schrijver, &zaken).await {
            Ok(uitkomsten) => {
                for (antwoord, uitkomst) in antwoorden.into_iter().zip(uitkomsten) {
                    // A caller that stopped waiting still has its zaak; nothing to undo.
                    let _ = antwoord.send(uitkomst);
                }
            }
            Err(fout) => {
                tracing::error!(error = %fout, submits = antwoorden.len(), "group commit of submits failed");
                let tekst = fout.to_string();
                for antwoord in antwoorden {
                    let fout = sqlx::Error::Io(std::io::Error::other(format!("the submit was not stored: {tekst}")));
                    let _ = antwoord.send(Err(StoreError::Database(fout)));
                }
            }
        }
    }
}

/// One transaction for the whole group: each submit in a savepoint of its own, then one commit. The answers are
/// only valid once this returns `Ok`.
async fn commit(schrijver: &SqlitePool, zaken: &[Indienen]) -> Result<Vec<Result<Indiening, StoreError>>, StoreError> {
    let mut tx = schrijver.begin_with("BEGIN IMMEDIATE").await?;
    let mut uitkomsten = Vec::with_capacity(zaken.len());
    for zaak in zaken {
        sqlx::query("SAVEPOINT indiening").execute(&mut *tx).await?;
        let uitkomst = dien_in(&mut tx, zaak).await;
        if uitkomst.as_ref().is_ok_and(|i| i.nieuw) {
            sqlx::query("RELEASE indiening").execute(&mut *tx).await?;
        } else {
            sqlx::query("ROLLBACK TO indiening").execute(&mut *tx).await?;
            sqlx::query("RELEASE indiening").execute(&mut *tx).await?;
        }
        uitkomsten.push(uitkomst);
    }
    tx.commit().await?;
    Ok(uitkomsten)
}

/// One submit's statements, inside the group's transaction.
async fn dien_in(tx: &mut sqlx::Transaction<'static, Sqlite>, n: &Indienen) -> Result<Indiening, StoreError> {
    let nu = nu();
    let aanvraag = sqlx::query(
        "UPDATE aanvraag SET status = 'ingediend', gewijzigd = ?, versie = versie + 1
         WHERE id = ? AND status = 'concept' AND versie = ? RETURNING aanvrager, bevoegd_gezag",
    )
    .bind(nu)
    .bind(n.aanvraag_id.0)
    .bind(n.aanvraag_versie)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(aanvraag) = aanvraag else {
        return SqliteStore::waarom_geen_zaak(tx, n.aanvraag_id, n.aanvraag_versie, &n.idempotentie_sleutel).await;
    };
    let aanvrager: Uuid = aanvraag.try_get("aanvrager")?;
    let bevoegd_gezag: String = aanvraag.try_get("bevoegd_gezag")?;
    let volgnummer: i64 = sqlx::query_scalar(
        "INSERT INTO zaaknummer_teller (jaar, laatste) VALUES (?, 1)
         ON CONFLICT (jaar) DO UPDATE SET laatste = zaaknummer_teller.laatste + 1 RETURNING laatste",
    )
    .bind(i64::from(n.jaar))
    .fetch_one(&mut **tx)
    .await?;
    let id = ZaakId::nieuw();
    let row = sqlx::query(concat!(
        "INSERT INTO zaak (id, zaaknummer, aanvraag_id, idempotentie_sleutel, aanvrager, bevoegd_gezag, team,
            behandelaar, procedure, status, ingediend, uiterste_beslisdatum, titel, locatie, perceel, openbaar,
            inhoud, laatste_volgnummer, gewijzigd)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?) RETURNING ",
        zaak_columns!()
    ))
    .bind(id.0)
    .bind(zaaknummer(n.jaar, volgnummer))
    .bind(n.aanvraag_id.0)
    .bind(&n.idempotentie_sleutel)
    .bind(aanvrager)
    .bind(bevoegd_gezag)
    .bind(&n.team)
    .bind(n.behandelaar)
    .bind(&n.procedure)
    .bind(&n.status)
    .bind(n.ingediend)
    .bind(n.uiterste_beslisdatum)
    .bind(&n.titel)
    .bind(&n.locatie)
    .bind(&n.perceel)
    .bind(n.openbaar)
    .bind(&n.inhoud)
    .bind(nu)
    .fetch_one(&mut **tx)
    .await?;
    let zaak = zaak_uit(&row)?;
    sqlx::query(
        "INSERT INTO gebeurtenis (zaak_id, volgnummer, soort, door, door_naam, op, gegevens)
         VALUES (?, 1, ?, ?, ?, ?, ?)",
    )
    .bind(id.0)
    .bind(&n.soort)
    .bind(n.door)
    .bind(&n.door_naam)
    .bind(n.op)
    .bind(&n.gegevens)
    .execute(&mut **tx)
    .await?;
    // The reports' rollup, in the submit's own transaction.
    crate::rapportage::FeitSchrijver::schrijf_feit(&mut **tx, &crate::rapportage::feit_van(&zaak), None).await?;
    Ok(Indiening { zaak, nieuw: true })
}
