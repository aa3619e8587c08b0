//! One contract for every backend: each behaviour below runs against SQLite and against PostgreSQL.
//!
//! PostgreSQL is expected at `STIP_TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/test`); every test
//! works in a schema of its own. These tests do not skip: `.ci/run` starts PostgreSQL before it runs them.

use stip_store::{
    Contactvoorkeur, DatabaseUrl, DatasetKind, DatasetRepository, HulpvraagId, HulpvraagRepository, HulpvraagStatus,
    NewDataset, NieuweHulpvraag, PgStore, SqliteStore, Store,
};

struct TestStore {
    store: Store,
    _dir: Option<TempDir>,
    /// The PostgreSQL schema to drop afterwards.
    schema: Option<String>,
}

impl TestStore {
    async fn run<F: std::future::Future<Output = ()>>(self, contract: impl FnOnce(Store) -> F) {
        contract(self.store.clone()).await;
        // Drop the schema over the test's own connection: a second one without a schema would migrate the
        // database's public schema, which other branches' stips may have moved to migrations this one lacks.
        if let (Some(schema), Store::Postgres(pg)) = (&self.schema, &self.store) {
            pg.drop_schema(schema).await.unwrap();
        }
        self.store.close().await;
    }
}

/// A directory removed when dropped.
struct TempDir(std::path::PathBuf);
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn unique() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

async fn sqlite() -> TestStore {
    let dir = std::env::temp_dir().join(format!("stip-contract-{}", unique()));
    std::fs::create_dir_all(&dir).unwrap();
    let store = SqliteStore::open(&DatabaseUrl::sqlite_in(&dir)).await.expect("open sqlite");
    TestStore { store: Store::Sqlite(store), _dir: Some(TempDir(dir)), schema: None }
}

async fn postgres() -> TestStore {
    let url = std::env::var("STIP_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string());
    let url = DatabaseUrl::parse(&url).unwrap();
    let schema = format!("contract_{}", unique());
    let store = PgStore::open_in_schema(&url, Some(&schema))
        .await
        .unwrap_or_else(|e| panic!("PostgreSQL is needed for the contract tests ({url}): {e}"));
    TestStore { store: Store::Postgres(store), _dir: None, schema: Some(schema) }
}

fn dataset<'a>(sleutel: &'a str, versie: &'a str, payload: &'a [u8]) -> NewDataset<'a> {
    NewDataset {
        kind: DatasetKind::Regeling,
        sleutel,
        versie,
        titel: "Omgevingsplan Gemeentestad",
        bron: "opdracht.zip",
        sha256: "00",
        samenvatting: serde_json::json!({"locaties": 3}),
        payload,
    }
}

/// Runs each listed contract against both backends as two tests.
macro_rules! contract {
    ($($name:ident),* $(,)?) => {
        mod on_sqlite { $( #[tokio::test] async fn $name() { super::sqlite().await.run(super::$name).await } )* }
        mod on_postgres { $( #[tokio::test] async fn $name() { super::postgres().await.run(super::$name).await } )* }
    };
}

contract!(
    a_published_dataset_is_current_with_its_payload_intact,
    a_new_version_replaces_the_old_one_and_keeps_it_in_history,
    a_payload_larger_than_one_chunk_comes_back_whole,
    datasets_of_other_kinds_and_keys_stay_apart,
    an_unknown_dataset_id_is_not_found,
    concurrent_publishes_of_one_dataset_leave_exactly_one_current,
    the_store_answers_a_ping,
    a_hulpvraag_is_stored_open_with_its_context_and_contact_preference,
    hulpvragen_are_listed_newest_first,
    a_hulpvraag_marked_handled_stays_handled_with_its_first_moment,
    an_unknown_hulpvraag_is_not_found,
);

async fn a_published_dataset_is_current_with_its_payload_intact(store: Store) {
    let meta = store.publish(dataset("gm0297", "v1", b"inhoud")).await.unwrap();
    assert!(meta.actueel);
    assert_eq!(meta.grootte, 6);
    assert_eq!(meta.samenvatting, serde_json::json!({"locaties": 3}));
    let current = store.current(DatasetKind::Regeling).await.unwrap();
    assert_eq!(current, vec![meta.clone()]);
    assert_eq!(store.payload(meta.id).await.unwrap(), b"inhoud");
}

async fn a_new_version_replaces_the_old_one_and_keeps_it_in_history(store: Store) {
    let v1 = store.publish(dataset("gm0297", "v1", b"een")).await.unwrap();
    let v2 = store.publish(dataset("gm0297", "v2", b"twee")).await.unwrap();
    let current = store.current(DatasetKind::Regeling).await.unwrap();
    assert_eq!(current.iter().map(|m| m.versie.as_str()).collect::<Vec<_>>(), ["v2"]);
    let history = store.history(DatasetKind::Regeling, "gm0297").await.unwrap();
    assert_eq!(
        history.iter().map(|m| (m.versie.as_str(), m.actueel)).collect::<Vec<_>>(),
        [("v2", true), ("v1", false)]
    );
    assert_eq!(store.payload(v1.id).await.unwrap(), b"een", "old versions keep their payload");
    assert_eq!(store.payload(v2.id).await.unwrap(), b"twee");
}

async fn a_payload_larger_than_one_chunk_comes_back_whole(store: Store) {
    let big: Vec<u8> = (0..(stip_store::CHUNK_BYTES * 2 + 12345)).map(|i| (i * 7 % 251) as u8).collect();
    let meta = store.publish(dataset("groot", "v1", &big)).await.unwrap();
    assert_eq!(meta.grootte as usize, big.len());
    assert_eq!(store.payload(meta.id).await.unwrap(), big);
}

async fn datasets_of_other_kinds_and_keys_stay_apart(store: Store) {
    store.publish(dataset("b", "v1", b"b")).await.unwrap();
    store.publish(dataset("a", "v1", b"a")).await.unwrap();
    let mut sttr = dataset("a", "v9", b"dmn");
    sttr.kind = DatasetKind::ToepasbareRegels;
    store.publish(sttr).await.unwrap();
    let regelingen = store.current(DatasetKind::Regeling).await.unwrap();
    assert_eq!(regelingen.iter().map(|m| m.sleutel.as_str()).collect::<Vec<_>>(), ["a", "b"], "ordered by sleutel");
    let sttr = store.current(DatasetKind::ToepasbareRegels).await.unwrap();
    assert_eq!(sttr.iter().map(|m| m.versie.as_str()).collect::<Vec<_>>(), ["v9"]);
    assert!(store.current(DatasetKind::Bag).await.unwrap().is_empty());
}

async fn an_unknown_dataset_id_is_not_found(store: Store) {
    let err = store.payload(stip_store::DatasetId(987_654)).await.unwrap_err();
    assert!(matches!(err, stip_store::StoreError::NotFound(_)), "{err}");
}

async fn concurrent_publishes_of_one_dataset_leave_exactly_one_current(store: Store) {
    let payloads: Vec<String> = (0..8).map(|i| format!("versie {i}")).collect();
    let publishes = payloads.iter().enumerate().map(|(i, p)| {
        let store = store.clone();
        let versie = format!("v{i}");
        let p = p.clone();
        tokio::spawn(async move { store.publish(dataset("gm0297", &versie, p.as_bytes())).await.map(|m| m.id) })
    });
    for handle in publishes.collect::<Vec<_>>() {
        handle.await.unwrap().unwrap();
    }
    let current = store.current(DatasetKind::Regeling).await.unwrap();
    assert_eq!(current.len(), 1);
    assert_eq!(store.history(DatasetKind::Regeling, "gm0297").await.unwrap().len(), 8);
    let newest = store.history(DatasetKind::Regeling, "gm0297").await.unwrap()[0].clone();
    assert_eq!(current[0].id, newest.id, "the last one committed is the current one");
}

async fn the_store_answers_a_ping(store: Store) {
    store.ping().await.unwrap();
}

fn hulpvraag(naam: &str, contactvoorkeur: Contactvoorkeur) -> NieuweHulpvraag<'_> {
    NieuweHulpvraag {
        pagina: "/vergunningcheck/uitkomst?activiteit=a.1&x=1&y=2",
        context: serde_json::json!({"activiteiten": ["a.1"], "locatie": {"x": "1", "y": "2"}}),
        naam,
        vraag: "Wat betekent bouwvlak?",
        contactvoorkeur,
    }
}

async fn a_hulpvraag_is_stored_open_with_its_context_and_contact_preference(store: Store) {
    let voorkeur = Contactvoorkeur::Terugbellen { telefoon: "0612345678".into(), tijdvak: "ochtend".into() };
    let h = store.dien_hulpvraag_in(hulpvraag("Jan", voorkeur.clone())).await.unwrap();
    assert_eq!(h.status, HulpvraagStatus::Open);
    assert_eq!(h.afgehandeld, None);
    assert_eq!(h.contactvoorkeur, voorkeur);
    assert_eq!(h.context["activiteiten"][0], "a.1");
    assert_eq!(store.hulpvraag(h.id).await.unwrap(), h);
    assert!(h.id.referentie().starts_with("HV-"));
}

async fn hulpvragen_are_listed_newest_first(store: Store) {
    let a = store.dien_hulpvraag_in(hulpvraag("A", Contactvoorkeur::Email { email: "a@example.nl".into() })).await;
    let b = store.dien_hulpvraag_in(hulpvraag("B", Contactvoorkeur::Telefoon { telefoon: "010".into() })).await;
    let lijst = store.hulpvragen().await.unwrap();
    assert_eq!(lijst.iter().map(|h| h.naam.as_str()).collect::<Vec<_>>(), ["B", "A"]);
    assert_eq!(lijst[0].id, b.unwrap().id);
    assert_eq!(lijst[1].id, a.unwrap().id);
}

async fn a_hulpvraag_marked_handled_stays_handled_with_its_first_moment(store: Store) {
    let h = store.dien_hulpvraag_in(hulpvraag("C", Contactvoorkeur::Email { email: "c@example.nl".into() })).await;
    let id = h.unwrap().id;
    let eerst = store.handel_hulpvraag_af(id).await.unwrap();
    assert_eq!(eerst.status, HulpvraagStatus::Afgehandeld);
    let moment = eerst.afgehandeld.expect("the moment is kept");
    let nog_eens = store.handel_hulpvraag_af(id).await.unwrap();
    assert_eq!(nog_eens.afgehandeld, Some(moment));
    assert_eq!(store.hulpvragen().await.unwrap()[0].status, HulpvraagStatus::Afgehandeld);
}

async fn an_unknown_hulpvraag_is_not_found(store: Store) {
    let err = store.hulpvraag(HulpvraagId(987_654)).await.unwrap_err();
    assert!(matches!(err, stip_store::StoreError::NotFound(_)), "{err}");
    let err = store.handel_hulpvraag_af(HulpvraagId(987_654)).await.unwrap_err();
    assert!(matches!(err, stip_store::StoreError::NotFound(_)), "{err}");
}
