//! The SQLite backend: the embedded default, in WAL mode with full durability for acknowledged writes.

use crate::gedeeld::{Backend, gedeelde_repositories};
use crate::groepscommit::Groepscommit;
use crate::{DatabaseUrl, DatasetKind, Indiening, NieuweZaak, StoreError};
use sqlx::sqlite::{Sqlite, SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Pool, Transaction};

/// How long a write waits for its turn at the one writer connection before it fails.
const SCHRIJVER_WACHTTIJD: std::time::Duration = std::time::Duration::from_secs(30);

/// A SQLite database file.
#[derive(Clone, Debug)]
pub struct SqliteStore {
    /// For reads: WAL lets them run beside the writer.
    pool: SqlitePool,
    /// For writes: one connection, handed out first come, first served. SQLite takes one writer at a time anyway;
    /// queueing here instead of in SQLite's busy handler (which sleeps and polls) keeps a burst of submits in order
    /// and without multi-second stragglers.
    schrijver: SqlitePool,
    /// Submits, committed in groups on the writer connection.
    groepscommit: Groepscommit,
}

impl SqliteStore {
    /// Opens (creating if missing) the file and applies the SQLite migrations.
    pub async fn open(url: &DatabaseUrl) -> Result<SqliteStore, StoreError> {
        let DatabaseUrl::Sqlite { path } = url else {
            return Err(StoreError::InvalidUrl(format!("{url} is not a sqlite URL")));
        };
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: a commit is on disk (WAL fsync) before it is acknowledged.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(std::time::Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .acquire_timeout(crate::CONNECT_TIMEOUT)
            .connect_with(options.clone())
            .await
            .map_err(|source| StoreError::Connect { url: url.redacted(), source })?;
        crate::migraties(sqlx::migrate!("./migrations/sqlite")).run(&pool).await?;
        let schrijver = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(SCHRIJVER_WACHTTIJD)
            .connect_with(options)
            .await
            .map_err(|source| StoreError::Connect { url: url.redacted(), source })?;
        let groepscommit = Groepscommit::start(schrijver.clone());
        Ok(SqliteStore { pool, schrijver, groepscommit })
    }

    pub(crate) async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub(crate) async fn close(&self) {
        self.schrijver.close().await;
        self.pool.close().await;
    }
}

impl Backend for SqliteStore {
    type DB = Sqlite;

    // BEGIN IMMEDIATE already keeps every other writer out until the removal commits.
    const CLAIM: &'static str = "";

    const EEN_TEGELIJK: Option<&'static str> = None;

    const MELD_PUBLICATIE: Option<&'static str> = None;

    const DOCUMENT_STATUS_SQL: &'static str =
        "SELECT a.status FROM document d JOIN aanvraag a ON a.id = d.aanvraag_id WHERE d.id = $1";

    fn lezers(&self) -> &Pool<Sqlite> {
        &self.pool
    }

    fn schrijver(&self) -> &Pool<Sqlite> {
        &self.schrijver
    }

    /// On the writer connection, taking the write lock at once: a transaction that reads first and writes later
    /// could otherwise find the lock taken when it wants to write, and fail instead of waiting.
    async fn begin_schrijven(&self) -> Result<Transaction<'static, Sqlite>, StoreError> {
        Ok(self.schrijver.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// The write lock serialises publishers already.
    async fn begin_publicatie(&self, _: DatasetKind, _: &str) -> Result<Transaction<'static, Sqlite>, StoreError> {
        self.begin_schrijven().await
    }

    /// Queued for the group commit.
    async fn indienen(&self, nieuw: NieuweZaak<'_>) -> Result<Indiening, StoreError> {
        self.groepscommit.dien_in(nieuw).await
    }
}

gedeelde_repositories!(SqliteStore, Sqlite);
crate::leges::leges_repository!(SqliteStore);
crate::review::review_repository!(SqliteStore);
crate::initiatief::initiatief_repository!(SqliteStore);
crate::verzoek::verzoek_repository!(SqliteStore);
crate::toezicht::toezicht_repository!(SqliteStore);
crate::rapportage::rapportage_repository!(SqliteStore);
crate::bekendmaking::bekendmaking_repository!(SqliteStore, Sqlite);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{AanvraagGegevens, AanvraagRepository, NieuweGebeurtenis};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use time::macros::date;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_burst_of_submits_waits_for_room_in_the_full_queue_and_then_every_submit_is_committed() {
        const CAPACITEIT: usize = 2;
        const SUBMITS: usize = 20;
        let dir = std::env::temp_dir().join(format!("stip-groepscommit-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        let store = SqliteStore::open(&DatabaseUrl::sqlite_in(&dir)).await.unwrap();
        let groepscommit = Groepscommit::start_met_capaciteit(store.schrijver.clone(), CAPACITEIT);
        let inhoud = serde_json::json!({});
        let mut aanvragen = Vec::new();
        for _ in 0..SUBMITS {
            let gegevens = AanvraagGegevens { bevoegd_gezag: "gm9999", titel: "Dakkapel", inhoud: &inhoud };
            aanvragen.push(store.maak_aanvraag(uuid::Uuid::now_v7(), gegevens).await.unwrap());
        }

        // While the writer connection is taken, the first commit cannot start: the submits pile up.
        let bezet = store.schrijver.acquire().await.unwrap();
        let gestart = Arc::new(AtomicUsize::new(0));
        let taken: Vec<_> = aanvragen
            .into_iter()
            .map(|aanvraag| {
                let (groepscommit, gestart) = (groepscommit.clone(), gestart.clone());
                tokio::spawn(async move {
                    let leeg = serde_json::json!({});
                    let ingediend = crate::rij::nu();
                    gestart.fetch_add(1, Ordering::SeqCst);
                    groepscommit
                        .dien_in(NieuweZaak {
                            aanvraag_id: aanvraag.id,
                            aanvraag_versie: aanvraag.versie,
                            idempotentie_sleutel: "sleutel",
                            ingediend,
                            titel: "Dakkapel",
                            locatie: "Dorpsstraat 1",
                            perceel: None,
                            openbaar: false,
                            inhoud: &leeg,
                            procedure: "regulier",
                            status: "ontvangen",
                            uiterste_beslisdatum: date!(2026 - 03 - 01),
                            team: None,
                            behandelaar: None,
                            eerste_gebeurtenis: NieuweGebeurtenis {
                                soort: "ingediend",
                                door: None,
                                door_naam: "Jan Jansen",
                                op: ingediend,
                                gegevens: &leeg,
                            },
                        })
                        .await
                })
            })
            .collect();
        let mut beurten = 0;
        while gestart.load(Ordering::SeqCst) < SUBMITS || groepscommit.in_wachtrij() < CAPACITEIT {
            tokio::task::yield_now().await;
            beurten += 1;
            assert!(beurten < 1_000_000, "the submits never filled the queue");
        }
        for _ in 0..1_000 {
            tokio::task::yield_now().await;
            assert!(groepscommit.in_wachtrij() <= CAPACITEIT, "the queue holds no more than its capacity");
        }
        assert!(taken.iter().all(|t| !t.is_finished()), "no submit is answered before it is committed");

        drop(bezet);
        let mut zaaknummers = Vec::new();
        for taak in taken {
            let indiening = taak.await.unwrap().expect("every waiting submit is committed in the end");
            assert!(indiening.nieuw);
            zaaknummers.push(indiening.zaak.zaaknummer);
        }
        zaaknummers.sort();
        zaaknummers.dedup();
        assert_eq!(zaaknummers.len(), SUBMITS);
        store.close().await;
        let _ = std::fs::remove_dir_all(&dir);
    }
}
