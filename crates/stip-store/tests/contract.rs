//! One contract for every backend: each behaviour below runs against SQLite and against PostgreSQL.
//!
//! PostgreSQL is expected at `STIP_TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/test`); every test
//! works in a schema of its own. These tests do not skip: `.ci/run` starts PostgreSQL before it runs them.

use sqlx::Connection;
use stip_berichten::{Frequentie, Kanaal};
use stip_store::{AanslagId, AanslagSoort, BetalingId, LegesRepository, NieuweAanslag, NieuweBetaling};
use stip_store::{
    AanvraagGegevens, AanvraagId, AanvraagRepository, AanvraagStatus, Contactvoorkeur, DatabaseUrl, DatasetKind,
    DatasetRepository, GebruikerId, GebruikerRepository, HulpvraagId, HulpvraagRepository, HulpvraagStatus, NewDataset,
    NieuwDocument, NieuwVerslag, NieuweGebeurtenis, NieuweGebruiker, NieuweHulpvraag, NieuweInloglink, NieuweSessie,
    NieuweZaak, PgStore, Rol, SqliteStore, Store, StoreError, VerslagRepository, Zaak, ZaakFilter, ZaakId,
    ZaakRepository, ZaakStand,
};
use stip_store::{AbonnementId, BerichtRepository, BerichtStatus, NieuwAbonnement, NieuwBericht, NieuweMelding};
use stip_store::{BekendmakingFilter, BekendmakingRepository};
use stip_store::{InzendingId, InzendingRepository, InzendingSoort, NieuwStuk, NieuweInzending};
use stip_store::{LeaseRepository, RapportageRepository};
use stip_store::{
    MomentId, NieuwMoment, NieuwVerzoek, NieuweDienstverlening, VerzoekId, VerzoekRepository, VerzoekWijziging,
};
use stip_store::{NieuweReview, ReviewAntwoord, ReviewId, ReviewRepository};
use stip_store::{NieuweSteekproef, ToezichtRepository};
use stip_zaak::rapportage::{Filter, Periode, Sleutel, Telling, telling};
use time::macros::{date, datetime};
use time::{Date, Duration, OffsetDateTime};
use uuid::Uuid;

struct TestStore {
    store: Store,
    sql: Sql,
    _dir: Option<TempDir>,
    /// The PostgreSQL schema to drop afterwards: (server URL, schema).
    schema: Option<(DatabaseUrl, String)>,
}

impl TestStore {
    async fn run<F: std::future::Future<Output = ()>>(self, contract: impl FnOnce(Store) -> F) {
        self.run_sql(|store, _| contract(store)).await;
    }

    async fn run_sql<F: std::future::Future<Output = ()>>(self, contract: impl FnOnce(Store, Sql) -> F) {
        contract(self.store.clone(), self.sql.clone()).await;
        self.store.close().await;
        if let Some((url, schema)) = self.schema {
            PgStore::drop_schema(&url, &schema).await.unwrap();
        }
    }
}

/// A way around the store, straight to its database: to show what the database itself refuses.
#[derive(Clone)]
enum Sql {
    Sqlite(std::path::PathBuf),
    Postgres(String, String),
}

impl Sql {
    /// Runs one statement on a connection of its own; the number of rows it changed.
    async fn execute(&self, statement: &str) -> Result<u64, sqlx::Error> {
        let statement = sqlx::AssertSqlSafe(statement.to_string());
        match self {
            Sql::Sqlite(path) => {
                let options = sqlx::sqlite::SqliteConnectOptions::new().filename(path);
                let mut conn = sqlx::SqliteConnection::connect_with(&options).await?;
                Ok(sqlx::query(statement).execute(&mut conn).await?.rows_affected())
            }
            Sql::Postgres(url, schema) => {
                let options: sqlx::postgres::PgConnectOptions = url.parse()?;
                let options = options.options([("search_path", schema.as_str())]);
                let mut conn = sqlx::PgConnection::connect_with(&options).await?;
                Ok(sqlx::query(statement).execute(&mut conn).await?.rows_affected())
            }
        }
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
    let url = DatabaseUrl::sqlite_in(&dir);
    let store = SqliteStore::open(&url).await.expect("open sqlite");
    let DatabaseUrl::Sqlite { path } = url else { unreachable!("sqlite_in makes a sqlite URL") };
    TestStore { store: Store::Sqlite(store), sql: Sql::Sqlite(path), _dir: Some(TempDir(dir)), schema: None }
}

async fn postgres() -> TestStore {
    let raw = std::env::var("STIP_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string());
    let url = DatabaseUrl::parse(&raw).unwrap();
    let schema = format!("contract_{}", unique());
    let store = PgStore::open_in_schema(&url, Some(&schema))
        .await
        .unwrap_or_else(|e| panic!("PostgreSQL is needed for the contract tests ({url}): {e}"));
    let sql = Sql::Postgres(raw, schema.clone());
    TestStore { store: Store::Postgres(store), sql, _dir: None, schema: Some((url, schema)) }
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
        meldingen: &[],
    }
}

/// Runs each listed contract against both backends as two tests (on a runtime with two threads, so that tasks in a
/// test really run at the same time). Contracts after `sql:` also get a connection around the store.
macro_rules! contract {
    ($($name:ident),* $(,)? ; sql: $($sql_name:ident),* $(,)?) => {
        mod on_sqlite {
            $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
               async fn $name() { super::sqlite().await.run(super::$name).await } )*
            $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
               async fn $sql_name() { super::sqlite().await.run_sql(super::$sql_name).await } )*
        }
        mod on_postgres {
            $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
               async fn $name() { super::postgres().await.run(super::$name).await } )*
            $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
               async fn $sql_name() { super::postgres().await.run_sql(super::$sql_name).await } )*
        }
    };
}

contract!(
    a_saved_verslag_comes_back_by_its_key_with_its_expiry,
    an_unknown_verslag_key_is_none_and_a_key_is_saved_only_once,
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
    an_answered_hulpvraag_keeps_its_question_and_its_asker_and_is_answered_once,
    a_retired_dataset_is_no_longer_current_but_keeps_its_history_and_payload,
    an_account_keeps_its_roles_and_is_found_by_id_and_by_email_in_any_case,
    a_second_account_with_the_same_email_is_a_conflict,
    an_oidc_identity_finds_its_account_and_belongs_to_one_account_only,
    a_password_hash_is_set_and_removed_and_roles_authority_and_team_change,
    accounts_are_found_by_part_of_their_name_or_email_with_wildcards_taken_literally,
    an_unknown_account_is_not_found_for_every_change,
    a_session_finds_its_user_until_it_is_ended,
    an_expired_session_or_an_unknown_token_finds_nobody,
    ending_all_sessions_of_a_user_leaves_other_users_logged_in,
    a_login_link_lets_in_once_and_an_expired_one_not_at_all,
    of_concurrent_uses_of_one_login_link_exactly_one_gets_in,
    a_new_aanvraag_is_a_concept_at_version_one_and_reads_back,
    a_save_over_a_stale_version_is_a_conflict_and_changes_nothing,
    aanvragen_are_listed_per_applicant_last_changed_first,
    an_unknown_aanvraag_or_document_is_not_found,
    a_document_reads_back_byte_for_byte_with_its_sha256,
    a_20_mb_document_is_stored_in_chunks_and_comes_back_whole,
    a_document_can_be_removed_only_while_its_aanvraag_is_a_concept,
    a_submit_makes_one_zaak_with_event_one_and_takes_the_documents_along,
    a_retried_submit_with_the_same_key_returns_the_same_zaak,
    a_submit_under_another_key_or_over_a_stale_version_is_a_conflict,
    zaaknummers_count_up_per_year_from_one,
    a_document_supplied_after_submitting_belongs_to_the_zaak_at_once,
    an_event_appends_in_order_and_writes_the_zaaks_new_state,
    an_event_made_after_a_stale_volgnummer_is_refused,
    racing_submits_of_one_aanvraag_make_exactly_one_zaak,
    a_burst_of_submits_gets_gapless_numbers_and_a_refused_one_takes_no_other_down,
    the_work_queue_filters_by_authority_team_status_behandelaar_applicant_and_deadline,
    paging_through_the_work_queue_returns_every_zaak_exactly_once_in_order,
    a_page_cursor_from_a_url_continues_where_the_page_ended,
    a_case_event_lands_in_the_outbox_and_its_distribution_is_recorded_once,
    a_claimed_outbox_row_or_delivery_is_not_handed_out_again_until_its_claim_runs_out,
    a_failed_delivery_waits_for_its_retry_and_a_dead_letter_is_sent_again_when_retried,
    concurrent_claims_never_hand_out_one_delivery_twice,
    a_subscription_is_found_by_its_key_confirmed_and_cancelled_and_then_nothing_waits_for_it,
    the_inbox_lists_newest_first_counts_unread_and_only_its_owner_marks_read,
    a_plan_change_published_with_its_dataset_is_in_the_outbox,
    an_objection_is_recorded_with_its_documents_and_the_cases_event_in_one_transaction,
    a_submission_after_a_stale_volgnummer_writes_nothing,
    an_assessment_is_made_once_per_case_and_reason,
    a_payment_settles_its_assessments_and_changes_status_only_from_the_status_it_had,
    open_payments_and_the_finance_rows_of_a_day_are_found_per_authority,
    a_review_is_asked_once_per_case_answered_once_and_listed_per_authority,
    an_initiative_is_found_by_id_and_code_and_changes_only_over_the_version_read,
    public_initiatives_are_found_by_a_box_around_their_plan_and_open_with_a_happening_in_the_outbox,
    a_kept_key_is_made_once_whoever_asks_first,
    a_request_gets_the_next_number_of_its_year_and_moves_on_only_from_the_status_it_had,
    of_requesters_racing_for_one_visit_slot_exactly_one_gets_it_and_a_request_holds_one_slot,
    the_pool_counts_each_initiatiefmanagers_open_assignments_and_a_second_choice_replaces_the_first,
    a_sample_keeps_its_seed_and_inputs_and_is_listed_per_authority_newest_first,
    an_inspection_is_found_by_its_id_on_its_case,
    an_imported_open_data_set_is_kept_once_per_municipality_and_period,
    of_instances_asking_at_once_exactly_one_holds_a_lease_until_it_runs_out,
    a_small_box_pages_through_the_same_notices_newest_first_as_the_whole_table,
    several_zaken_are_read_with_their_histories_in_the_order_asked;
    sql:
    a_submit_and_every_event_keep_the_cases_report_facts_current_and_an_earlier_case_gets_them_from_its_history,
    the_report_rollup_equals_the_rollup_of_the_facts_before_and_after_folding_and_earlier_facts_are_counted_once,
    the_database_refuses_to_change_or_delete_a_gebeurtenis,
    zaaknummers_keep_counting_past_six_digits,
    an_event_the_law_publishes_writes_its_notice_in_its_own_transaction,
    the_previous_release_still_opens_a_database_a_newer_release_migrated,
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

async fn a_saved_verslag_comes_back_by_its_key_with_its_expiry(store: Store) {
    let inhoud = serde_json::json!({"plek": {"x": 1.5, "y": 2}, "oordeel": "past niet", "tekst": "één meter te hoog"});
    let verloopt = OffsetDateTime::now_utc().replace_nanosecond(0).unwrap() + Duration::days(90);
    store.bewaar_verslag(NieuwVerslag { sleutel_hash: "abc", inhoud: &inhoud, verloopt }).await.unwrap();
    let terug = store.verslag("abc").await.unwrap().expect("saved verslag is found");
    assert_eq!(terug.inhoud, inhoud);
    assert_eq!(terug.verloopt, verloopt);
    assert!(terug.gemaakt <= OffsetDateTime::now_utc() && terug.gemaakt < terug.verloopt);
}

async fn an_unknown_verslag_key_is_none_and_a_key_is_saved_only_once(store: Store) {
    assert!(store.verslag("nooit").await.unwrap().is_none());
    let inhoud = serde_json::json!({});
    let verloopt = OffsetDateTime::now_utc();
    store.bewaar_verslag(NieuwVerslag { sleutel_hash: "k", inhoud: &inhoud, verloopt }).await.unwrap();
    let tweede =
        store.bewaar_verslag(NieuwVerslag { sleutel_hash: "k", inhoud: &serde_json::json!({"b": 1}), verloopt }).await;
    assert!(tweede.is_err(), "a second verslag under the same key must not overwrite the first");
    assert_eq!(store.verslag("k").await.unwrap().unwrap().inhoud, inhoud);
}

fn hulpvraag(naam: &str, contactvoorkeur: Contactvoorkeur) -> NieuweHulpvraag<'_> {
    NieuweHulpvraag {
        pagina: "/vergunningcheck/uitkomst?activiteit=a.1&x=1&y=2",
        context: serde_json::json!({"activiteiten": ["a.1"], "locatie": {"x": "1", "y": "2"}}),
        naam,
        vraag: "Wat betekent bouwvlak?",
        contactvoorkeur,
        gebruiker: None,
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

async fn an_answered_hulpvraag_keeps_its_question_and_its_asker_and_is_answered_once(store: Store) {
    let asker = GebruikerId(uuid::Uuid::new_v4());
    let nieuw = NieuweHulpvraag {
        gebruiker: Some(asker),
        ..hulpvraag("D", Contactvoorkeur::Email { email: "d@example.nl".into() })
    };
    let h = store.dien_hulpvraag_in(nieuw).await.unwrap();
    assert_eq!((h.gebruiker, h.antwoord.as_ref()), (Some(asker), None));
    let antwoord = stip_store::HulpAntwoord {
        tekst: "Een bouwvlak is het deel van de kavel waar u mag bouwen.".into(),
        op: datetime!(2026-12-03 15:04:13 UTC),
        door: GebruikerId(uuid::Uuid::new_v4()),
        door_naam: "Bram Behandelaar".into(),
    };
    let b = store.beantwoord_hulpvraag(h.id, &antwoord).await.unwrap();
    assert_eq!(b.antwoord.as_ref(), Some(&antwoord));
    assert_eq!(b.status, HulpvraagStatus::Afgehandeld);
    assert_eq!(b.afgehandeld, Some(antwoord.op));
    assert_eq!(b.vraag, "Wat betekent bouwvlak?", "the question stays as asked");
    assert_eq!(store.hulpvraag(h.id).await.unwrap(), b);
    let nog_eens = stip_store::HulpAntwoord { tekst: "Anders".into(), ..antwoord.clone() };
    let err = store.beantwoord_hulpvraag(h.id, &nog_eens).await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err}");
    assert_eq!(store.hulpvraag(h.id).await.unwrap().antwoord, Some(antwoord), "the first answer stays");
    let err = store.beantwoord_hulpvraag(HulpvraagId(987_654), &nog_eens).await.unwrap_err();
    assert!(matches!(err, StoreError::NotFound(_)), "{err}");
}

async fn a_retired_dataset_is_no_longer_current_but_keeps_its_history_and_payload(store: Store) {
    let demo = store.publish(dataset("demo", "v1", b"demo")).await.unwrap();
    let echt = store.publish(dataset("gm0297", "v1", b"echt")).await.unwrap();
    store.retire(&[demo.id, stip_store::DatasetId(987_654)]).await.unwrap();
    let current = store.current(DatasetKind::Regeling).await.unwrap();
    assert_eq!(current.iter().map(|m| m.id).collect::<Vec<_>>(), [echt.id], "only the retired one left service");
    let history = store.history(DatasetKind::Regeling, "demo").await.unwrap();
    assert_eq!(history.iter().map(|m| m.actueel).collect::<Vec<_>>(), [false]);
    assert_eq!(store.payload(demo.id).await.unwrap(), b"demo");
    store.retire(&[demo.id]).await.unwrap();
    let again = store.publish(dataset("demo", "v2", b"weer")).await.unwrap();
    assert!(again.actueel, "a retired dataset can be published again");
}

fn persoon<'a>(email: &'a str, naam: &'a str) -> NieuweGebruiker<'a> {
    NieuweGebruiker { email: Some(email), naam, rollen: &[Rol::Initiatiefnemer], ..NieuweGebruiker::default() }
}

fn over(minuten: i64) -> OffsetDateTime {
    OffsetDateTime::now_utc() + Duration::minutes(minuten)
}

async fn an_account_keeps_its_roles_and_is_found_by_id_and_by_email_in_any_case(store: Store) {
    let nieuw = NieuweGebruiker {
        email: Some("  Ambtenaar@Voorbeeldstad.Example "),
        naam: "Anna Ambtenaar",
        wachtwoord_hash: Some("$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaA"),
        rollen: &[Rol::Behandelaar, Rol::Initiatiefnemer, Rol::Behandelaar],
        bevoegd_gezag: Some("gm9999"),
        team: Some("bouwen"),
        oidc: None,
    };
    let g = store.maak_gebruiker(nieuw).await.unwrap();
    assert_eq!(g.id.0.get_version_num(), 7, "ids are UUID v7");
    assert_eq!(g.email.as_deref(), Some("ambtenaar@voorbeeldstad.example"), "trimmed and lower-cased");
    assert_eq!(g.rollen, [Rol::Initiatiefnemer, Rol::Behandelaar], "each role once, in a fixed order");
    assert_eq!((g.bevoegd_gezag.as_deref(), g.team.as_deref()), (Some("gm9999"), Some("bouwen")));
    assert_eq!(g.wachtwoord_hash.as_deref(), Some("$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaA"));
    assert!(g.oidc.is_none());
    assert_eq!(store.gebruiker(g.id).await.unwrap(), g);
    assert_eq!(store.gebruiker_per_email("AMBTENAAR@voorbeeldstad.example").await.unwrap(), Some(g.clone()));
    assert_eq!(store.gebruiker_per_email("iemand@anders.example").await.unwrap(), None);
    let zonder = store.maak_gebruiker(NieuweGebruiker { naam: "Zonder rol", ..NieuweGebruiker::default() }).await;
    let zonder = zonder.unwrap();
    assert!(zonder.rollen.is_empty() && zonder.email.is_none());
    assert!(zonder.id > g.id, "v7 ids sort by creation");
}

async fn a_second_account_with_the_same_email_is_a_conflict(store: Store) {
    store.maak_gebruiker(persoon("jan@example.nl", "Jan")).await.unwrap();
    let err = store.maak_gebruiker(persoon("JAN@example.nl", "Jan 2")).await.unwrap_err();
    assert!(matches!(&err, StoreError::Conflict(m) if m.contains("e-mail")), "{err}");
    assert_eq!(store.gebruikers("", 10).await.unwrap().len(), 1, "the refused account left nothing behind");
}

async fn an_oidc_identity_finds_its_account_and_belongs_to_one_account_only(store: Store) {
    let issuer = "https://broker.example/digid";
    let nieuw = NieuweGebruiker { naam: "Via DigiD", oidc: Some((issuer, "s-1")), ..persoon("", "") };
    let digid = store.maak_gebruiker(NieuweGebruiker { email: None, ..nieuw }).await.unwrap();
    let koppeling = digid.oidc.clone().unwrap();
    assert_eq!((koppeling.issuer.as_str(), koppeling.subject.as_str()), (issuer, "s-1"));
    assert_eq!(store.gebruiker_per_oidc(issuer, "s-1").await.unwrap(), Some(digid.clone()));
    assert_eq!(store.gebruiker_per_oidc("https://ander.example", "s-1").await.unwrap(), None, "the issuer counts");

    let jan = store.maak_gebruiker(persoon("jan@example.nl", "Jan")).await.unwrap();
    let err = store.koppel_oidc(jan.id, issuer, "s-1").await.unwrap_err();
    assert!(matches!(&err, StoreError::Conflict(m) if m.contains("OpenID")), "{err}");
    let jan = store.koppel_oidc(jan.id, issuer, "s-2").await.unwrap();
    assert_eq!(store.gebruiker_per_oidc(issuer, "s-2").await.unwrap().map(|g| g.id), Some(jan.id));
    let err = store
        .maak_gebruiker(NieuweGebruiker { oidc: Some((issuer, "s-2")), ..persoon("ander@example.nl", "Ander") })
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err}");
}

async fn a_password_hash_is_set_and_removed_and_roles_authority_and_team_change(store: Store) {
    let g = store.maak_gebruiker(persoon("p@example.nl", "P")).await.unwrap();
    assert_eq!(g.wachtwoord_hash, None);
    store.zet_wachtwoord(g.id, Some("$argon2id$nieuw")).await.unwrap();
    assert_eq!(store.gebruiker(g.id).await.unwrap().wachtwoord_hash.as_deref(), Some("$argon2id$nieuw"));
    store.zet_wachtwoord(g.id, None).await.unwrap();
    assert_eq!(store.gebruiker(g.id).await.unwrap().wachtwoord_hash, None);

    let g = store.zet_rollen(g.id, &[Rol::Bestuur, Rol::Behandelaar], Some("gm0297"), Some("groen")).await.unwrap();
    assert_eq!(g.rollen, [Rol::Behandelaar, Rol::Bestuur], "the old role is gone");
    assert_eq!((g.bevoegd_gezag.as_deref(), g.team.as_deref()), (Some("gm0297"), Some("groen")));
    let g = store.zet_rollen(g.id, &[], None, None).await.unwrap();
    assert!(g.rollen.is_empty() && g.bevoegd_gezag.is_none() && g.team.is_none());
    assert_eq!(store.gebruiker(g.id).await.unwrap(), g);
}

async fn accounts_are_found_by_part_of_their_name_or_email_with_wildcards_taken_literally(store: Store) {
    for (email, naam) in [
        ("jan@example.nl", "Jan de Vries"),
        ("piet@bakkerij.example", "Piet Bakker"),
        ("a_b@example.nl", "Anna 100% Zeker"),
        ("marie@example.nl", "marie jansen"),
    ] {
        store.maak_gebruiker(persoon(email, naam)).await.unwrap();
    }
    let namen = |lijst: Vec<stip_store::Gebruiker>| lijst.into_iter().map(|g| g.naam).collect::<Vec<_>>();
    assert_eq!(namen(store.gebruikers("JAN", 10).await.unwrap()), ["Jan de Vries", "marie jansen"]);
    assert_eq!(namen(store.gebruikers("bakkerij", 10).await.unwrap()), ["Piet Bakker"], "by e-mail");
    assert_eq!(namen(store.gebruikers("%", 10).await.unwrap()), ["Anna 100% Zeker"], "% is a character");
    assert_eq!(namen(store.gebruikers("_", 10).await.unwrap()), ["Anna 100% Zeker"], "_ is a character");
    assert_eq!(
        namen(store.gebruikers("", 10).await.unwrap()),
        ["Anna 100% Zeker", "Jan de Vries", "marie jansen", "Piet Bakker"],
        "everyone, by name regardless of case"
    );
    assert_eq!(store.gebruikers("", 2).await.unwrap().len(), 2, "at most the limit");
}

async fn an_unknown_account_is_not_found_for_every_change(store: Store) {
    let id = GebruikerId::nieuw();
    let not_found = |r: Result<(), StoreError>| assert!(matches!(r, Err(StoreError::NotFound(_))), "{r:?}");
    not_found(store.gebruiker(id).await.map(drop));
    not_found(store.koppel_oidc(id, "i", "s").await.map(drop));
    not_found(store.zet_wachtwoord(id, None).await);
    not_found(store.zet_rollen(id, &[], None, None).await.map(drop));
    not_found(
        store
            .start_sessie(NieuweSessie {
                token_hash: "h",
                gebruiker: id,
                verloopt: over(60),
                begint: OffsetDateTime::now_utc(),
            })
            .await
            .map(drop),
    );
    let link = NieuweInloglink { token_hash: "h", email: "x@example.nl", gebruiker: id, verloopt: over(15) };
    not_found(store.maak_inloglink(link).await);
}

async fn a_session_finds_its_user_until_it_is_ended(store: Store) {
    let g = store.maak_gebruiker(persoon("s@example.nl", "S")).await.unwrap();
    let verloopt = over(60).replace_nanosecond(0).unwrap();
    let s = store
        .start_sessie(NieuweSessie {
            token_hash: "hash-1",
            gebruiker: g.id,
            verloopt,
            begint: OffsetDateTime::now_utc(),
        })
        .await
        .unwrap();
    assert_eq!((s.gebruiker, s.verloopt), (g.id, verloopt));
    assert_eq!(s.laatst_gebruikt, s.aangemaakt);
    let (gevonden, wie) =
        store.sessie("hash-1", time::OffsetDateTime::now_utc()).await.unwrap().expect("a running session");
    assert_eq!((gevonden, wie), (s.clone(), g.clone()));

    store.ververs_sessie(s.id, s.laatst_gebruikt + time::Duration::seconds(1)).await.unwrap();
    let (ververst, _) = store.sessie("hash-1", time::OffsetDateTime::now_utc()).await.unwrap().unwrap();
    assert!(ververst.laatst_gebruikt > s.laatst_gebruikt, "the last use moved on");
    assert_eq!(ververst.verloopt, verloopt, "refreshing never moves the absolute end");

    store.beeindig_sessie(s.id).await.unwrap();
    assert_eq!(store.sessie("hash-1", time::OffsetDateTime::now_utc()).await.unwrap(), None);
    store.beeindig_sessie(s.id).await.unwrap();
    let dubbel = store
        .start_sessie(NieuweSessie {
            token_hash: "hash-1",
            gebruiker: g.id,
            verloopt,
            begint: OffsetDateTime::now_utc(),
        })
        .await;
    assert!(dubbel.is_err(), "a token hash is used for one session only");
}

async fn an_expired_session_or_an_unknown_token_finds_nobody(store: Store) {
    let g = store.maak_gebruiker(persoon("e@example.nl", "E")).await.unwrap();
    let nieuw =
        NieuweSessie { token_hash: "oud", gebruiker: g.id, verloopt: over(-1), begint: OffsetDateTime::now_utc() };
    store.start_sessie(nieuw).await.unwrap();
    assert_eq!(store.sessie("oud", time::OffsetDateTime::now_utc()).await.unwrap(), None);
    assert_eq!(store.sessie("nooit-gezien", time::OffsetDateTime::now_utc()).await.unwrap(), None);
}

async fn ending_all_sessions_of_a_user_leaves_other_users_logged_in(store: Store) {
    let a = store.maak_gebruiker(persoon("a@example.nl", "A")).await.unwrap();
    let b = store.maak_gebruiker(persoon("b@example.nl", "B")).await.unwrap();
    for (hash, wie) in [("a1", a.id), ("a2", a.id), ("b1", b.id)] {
        store
            .start_sessie(NieuweSessie {
                token_hash: hash,
                gebruiker: wie,
                verloopt: over(60),
                begint: OffsetDateTime::now_utc(),
            })
            .await
            .unwrap();
    }
    assert_eq!(store.beeindig_sessies_van(a.id).await.unwrap(), 2);
    assert_eq!(store.sessie("a1", time::OffsetDateTime::now_utc()).await.unwrap(), None);
    assert_eq!(store.sessie("a2", time::OffsetDateTime::now_utc()).await.unwrap(), None);
    assert_eq!(store.sessie("b1", time::OffsetDateTime::now_utc()).await.unwrap().map(|(_, g)| g.id), Some(b.id));
    assert_eq!(store.beeindig_sessies_van(a.id).await.unwrap(), 0);
}

async fn a_login_link_lets_in_once_and_an_expired_one_not_at_all(store: Store) {
    let g = store.maak_gebruiker(persoon("l@example.nl", "L")).await.unwrap();
    let verloopt = over(15).replace_nanosecond(0).unwrap();
    let link = NieuweInloglink { token_hash: "link-1", email: "L@example.nl", gebruiker: g.id, verloopt };
    store.maak_inloglink(link).await.unwrap();
    let gebruikt = store.gebruik_inloglink("link-1").await.unwrap().expect("the first use gets in");
    assert_eq!((gebruikt.gebruiker, gebruikt.email.as_str(), gebruikt.verloopt), (g.id, "l@example.nl", verloopt));
    assert_eq!(store.gebruik_inloglink("link-1").await.unwrap(), None, "a second use does not");
    assert_eq!(store.gebruik_inloglink("onbekend").await.unwrap(), None);

    let oud = NieuweInloglink { token_hash: "link-2", email: "l@example.nl", gebruiker: g.id, verloopt: over(-1) };
    store.maak_inloglink(oud).await.unwrap();
    assert_eq!(store.gebruik_inloglink("link-2").await.unwrap(), None, "expired");
}

async fn of_concurrent_uses_of_one_login_link_exactly_one_gets_in(store: Store) {
    let g = store.maak_gebruiker(persoon("c@example.nl", "C")).await.unwrap();
    for ronde in 0..5 {
        let hash = format!("gelijktijdig-{ronde}");
        let link = NieuweInloglink { token_hash: &hash, email: "c@example.nl", gebruiker: g.id, verloopt: over(15) };
        store.maak_inloglink(link).await.unwrap();
        let pogingen: Vec<_> = (0..8)
            .map(|_| {
                let (store, hash) = (store.clone(), hash.clone());
                tokio::spawn(async move { store.gebruik_inloglink(&hash).await })
            })
            .collect();
        let mut binnen = 0;
        for p in pogingen {
            binnen += usize::from(p.await.unwrap().unwrap().is_some());
        }
        assert_eq!(binnen, 1, "round {ronde}: exactly one use gets in");
    }
}
// --- aanvragen, documenten, zaken -----------------------------------------------------------------------------------

fn gegevens<'a>(titel: &'a str, inhoud: &'a serde_json::Value) -> AanvraagGegevens<'a> {
    AanvraagGegevens { bevoegd_gezag: "gm9999", titel, inhoud }
}

async fn concept(store: &Store, aanvrager: Uuid, bevoegd_gezag: &str) -> stip_store::Aanvraag {
    let inhoud = serde_json::json!({"activiteiten": ["bouwen"], "locatie": "Dorpsstraat 1"});
    store
        .maak_aanvraag(aanvrager, AanvraagGegevens { bevoegd_gezag, titel: "Dakkapel", inhoud: &inhoud })
        .await
        .unwrap()
}

/// What the domain would hand to `dien_in` for a concept; the fields a test varies are arguments.
struct Indienen {
    sleutel: String,
    ingediend: OffsetDateTime,
    status: &'static str,
    team: Option<&'static str>,
    behandelaar: Option<Uuid>,
    termijn: Date,
    /// The place (RD) in what is submitted, if any.
    locatie: Option<(f64, f64)>,
}

impl Indienen {
    fn standaard() -> Indienen {
        Indienen {
            sleutel: unique(),
            ingediend: datetime!(2026-03-02 10:00 +01:00),
            status: "ontvangen",
            team: Some("vergunningen"),
            behandelaar: None,
            termijn: date!(2026 - 04 - 27),
            locatie: None,
        }
    }

    async fn dien_in(
        &self,
        store: &Store,
        aanvraag: &stip_store::Aanvraag,
    ) -> Result<stip_store::Indiening, StoreError> {
        let mut inhoud = serde_json::json!({"aanvraag": aanvraag.inhoud, "bijlagen": 1});
        if let Some((x, y)) = self.locatie {
            inhoud["locatie"] = serde_json::json!({"adres": "Dorpsstraat 12", "x": x, "y": y});
        }
        let gegevens = serde_json::json!({"procedure": "regulier"});
        store
            .dien_in(NieuweZaak {
                aanvraag_id: aanvraag.id,
                aanvraag_versie: aanvraag.versie,
                idempotentie_sleutel: &self.sleutel,
                ingediend: self.ingediend,
                titel: &aanvraag.titel,
                locatie: "Dorpsstraat 1, Gemeentestad",
                perceel: Some("Gemeentestad A 100"),
                openbaar: false,
                inhoud: &inhoud,
                procedure: "regulier",
                status: self.status,
                uiterste_beslisdatum: self.termijn,
                team: self.team,
                behandelaar: self.behandelaar,
                eerste_gebeurtenis: NieuweGebeurtenis {
                    soort: "ingediend",
                    door: Some(aanvraag.aanvrager),
                    door_naam: "Jan Jansen",
                    op: self.ingediend,
                    gegevens: &gegevens,
                },
            })
            .await
    }
}

/// A concept of a new applicant, submitted as `indienen` says.
async fn zaak(store: &Store, bevoegd_gezag: &str, indienen: Indienen) -> Zaak {
    let aanvraag = concept(store, Uuid::now_v7(), bevoegd_gezag).await;
    indienen.dien_in(store, &aanvraag).await.unwrap().zaak
}

fn stand(status: &str) -> ZaakStand<'_> {
    ZaakStand { status, uiterste_beslisdatum: date!(2026 - 04 - 27), team: None, behandelaar: None, openbaar: None }
}

fn gebeurtenis<'a>(soort: &'a str, gegevens: &'a serde_json::Value) -> NieuweGebeurtenis<'a> {
    NieuweGebeurtenis { soort, door: None, door_naam: "stip", op: datetime!(2026-03-03 09:00 UTC), gegevens }
}

fn conflict<T: std::fmt::Debug>(r: Result<T, StoreError>) -> String {
    match r {
        Err(StoreError::Conflict(waarom)) => waarom,
        other => panic!("expected a conflict, got {other:?}"),
    }
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

async fn a_new_aanvraag_is_a_concept_at_version_one_and_reads_back(store: Store) {
    let aanvrager = Uuid::now_v7();
    let inhoud = serde_json::json!({"activiteiten": [{"id": "a.1", "conclusie": "vergunningplicht"}], "é": "ü"});
    let a = store.maak_aanvraag(aanvrager, gegevens("Uitbouw", &inhoud)).await.unwrap();
    assert_eq!((a.status, a.versie, a.aanvrager), (AanvraagStatus::Concept, 1, aanvrager));
    assert_eq!(a.inhoud, inhoud);
    assert_eq!(a.aangemaakt, a.gewijzigd);
    assert_eq!(store.aanvraag(a.id).await.unwrap(), a);
}

async fn a_save_over_a_stale_version_is_a_conflict_and_changes_nothing(store: Store) {
    let a = concept(&store, Uuid::now_v7(), "gm9999").await;
    let v2 = serde_json::json!({"versie": 2});
    let b = store.werk_aanvraag_bij(a.id, 1, gegevens("Tweede", &v2)).await.unwrap();
    assert_eq!((b.versie, b.titel.as_str(), &b.inhoud), (2, "Tweede", &v2));
    assert!(b.gewijzigd >= a.gewijzigd);
    let laat = serde_json::json!({"versie": "oud"});
    let waarom = conflict(store.werk_aanvraag_bij(a.id, 1, gegevens("Oud", &laat)).await);
    assert!(waarom.contains("version 2"), "{waarom}");
    assert_eq!(store.aanvraag(a.id).await.unwrap(), b, "the stale save changed nothing");
}

async fn aanvragen_are_listed_per_applicant_last_changed_first(store: Store) {
    let jan = Uuid::now_v7();
    let eerst = concept(&store, jan, "gm9999").await;
    let dan = concept(&store, jan, "gm9999").await;
    concept(&store, Uuid::now_v7(), "gm9999").await;
    let lijst = store.aanvragen_van(jan).await.unwrap();
    assert_eq!(lijst.iter().map(|a| a.id).collect::<Vec<_>>(), [dan.id, eerst.id]);
    let nieuw = serde_json::json!({});
    store.werk_aanvraag_bij(eerst.id, 1, gegevens("Bijgewerkt", &nieuw)).await.unwrap();
    let lijst = store.aanvragen_van(jan).await.unwrap();
    assert_eq!(lijst.iter().map(|a| a.id).collect::<Vec<_>>(), [eerst.id, dan.id]);
    assert!(store.aanvragen_van(Uuid::now_v7()).await.unwrap().is_empty());
}

async fn an_unknown_aanvraag_or_document_is_not_found(store: Store) {
    let niet = |r: Result<_, StoreError>| matches!(r, Err(StoreError::NotFound(_)));
    let id = AanvraagId::nieuw();
    assert!(niet(store.aanvraag(id).await.map(|_| ())));
    let leeg = serde_json::json!({});
    assert!(niet(store.werk_aanvraag_bij(id, 1, gegevens("x", &leeg)).await.map(|_| ())));
    let doc =
        NieuwDocument { aanvraag_id: id, naam: "a.pdf", mediatype: "application/pdf", soort: "x", inhoud: b"%PDF" };
    assert!(niet(store.voeg_document_toe(doc).await.map(|_| ())));
    let doc = stip_store::DocumentId::nieuw();
    assert!(niet(store.document(doc).await.map(|_| ())));
    assert!(niet(store.document_inhoud(doc).await.map(|_| ())));
    assert!(niet(store.verwijder_document(doc).await));
    assert!(niet(store.zaak(ZaakId::nieuw()).await.map(|_| ())));
    assert!(niet(store.zaak_per_nummer("Z-2026-999999").await.map(|_| ())));
    let onbekend = stip_store::Aanvraag { id, ..concept(&store, Uuid::now_v7(), "gm9999").await };
    assert!(niet(Indienen::standaard().dien_in(&store, &onbekend).await.map(|_| ())));
    assert_eq!(store.zaak_van_aanvraag(id).await.unwrap(), None);
}

async fn a_document_reads_back_byte_for_byte_with_its_sha256(store: Store) {
    let a = concept(&store, Uuid::now_v7(), "gm9999").await;
    let bytes: Vec<u8> = (0..=255u8).cycle().take(70_001).collect();
    let doc = store
        .voeg_document_toe(NieuwDocument {
            aanvraag_id: a.id,
            naam: "Plattegrond begane grond.pdf",
            mediatype: "application/pdf",
            soort: "plattegrond",
            inhoud: &bytes,
        })
        .await
        .unwrap();
    assert_eq!((doc.grootte, doc.sha256.as_str(), doc.zaak_id), (70_001, sha256(&bytes).as_str(), None));
    assert_eq!(doc.naam, "Plattegrond begane grond.pdf");
    let terug = store.document_inhoud(doc.id).await.unwrap();
    assert_eq!(sha256(&terug), doc.sha256);
    assert_eq!(terug, bytes);
    assert_eq!(store.document(doc.id).await.unwrap(), doc);
    let leeg = store
        .voeg_document_toe(NieuwDocument {
            aanvraag_id: a.id,
            naam: "leeg.txt",
            mediatype: "text/plain",
            soort: "x",
            inhoud: b"",
        })
        .await
        .unwrap();
    assert_eq!(store.document_inhoud(leeg.id).await.unwrap(), b"");
    assert_eq!(store.documenten(a.id).await.unwrap(), vec![doc, leeg], "in upload order");
}

async fn a_20_mb_document_is_stored_in_chunks_and_comes_back_whole(store: Store) {
    let a = concept(&store, Uuid::now_v7(), "gm9999").await;
    let groot: Vec<u8> = (0..20 * 1024 * 1024).map(|i: usize| (i * 31 % 253) as u8).collect();
    assert!(groot.len() > 2 * stip_store::CHUNK_BYTES, "more than two chunks");
    let doc = store
        .voeg_document_toe(NieuwDocument {
            aanvraag_id: a.id,
            naam: "model.ifc",
            mediatype: "application/x-step",
            soort: "bim",
            inhoud: &groot,
        })
        .await
        .unwrap();
    assert_eq!(doc.grootte as usize, groot.len());
    let terug = store.document_inhoud(doc.id).await.unwrap();
    assert_eq!(terug.len(), groot.len());
    assert!(terug == groot, "the bytes differ");
    assert_eq!(sha256(&terug), doc.sha256);
}

async fn a_document_can_be_removed_only_while_its_aanvraag_is_a_concept(store: Store) {
    let a = concept(&store, Uuid::now_v7(), "gm9999").await;
    let doc = |naam| NieuwDocument { aanvraag_id: a.id, naam, mediatype: "image/png", soort: "foto", inhoud: b"png" };
    let weg = store.voeg_document_toe(doc("weg.png")).await.unwrap();
    let blijft = store.voeg_document_toe(doc("blijft.png")).await.unwrap();
    store.verwijder_document(weg.id).await.unwrap();
    assert!(matches!(store.document_inhoud(weg.id).await, Err(StoreError::NotFound(_))), "the bytes went too");
    assert_eq!(store.documenten(a.id).await.unwrap(), vec![blijft.clone()]);
    Indienen::standaard().dien_in(&store, &a).await.unwrap();
    let waarom = conflict(store.verwijder_document(blijft.id).await);
    assert!(waarom.contains("submitted"), "{waarom}");
    assert_eq!(store.document_inhoud(blijft.id).await.unwrap(), b"png");
}

async fn a_submit_makes_one_zaak_with_event_one_and_takes_the_documents_along(store: Store) {
    let jan = Uuid::now_v7();
    let a = concept(&store, jan, "gm0297").await;
    let doc = NieuwDocument {
        aanvraag_id: a.id,
        naam: "tekening.pdf",
        mediatype: "application/pdf",
        soort: "tekening",
        inhoud: b"%PDF-1.7",
    };
    let doc = store.voeg_document_toe(doc).await.unwrap();
    let indienen = Indienen { behandelaar: Some(Uuid::now_v7()), ..Indienen::standaard() };
    let indiening = indienen.dien_in(&store, &a).await.unwrap();
    assert!(indiening.nieuw);
    let z = indiening.zaak;
    assert_eq!(z.zaaknummer, "Z-2026-000001");
    assert_eq!((z.aanvraag_id, z.aanvrager, z.bevoegd_gezag.as_str()), (a.id, jan, "gm0297"), "from the aanvraag");
    assert_eq!(
        (z.status.as_str(), z.procedure.as_str(), z.team.as_deref()),
        ("ontvangen", "regulier", Some("vergunningen"))
    );
    assert_eq!(
        (z.behandelaar, z.uiterste_beslisdatum, z.laatste_volgnummer),
        (indienen.behandelaar, indienen.termijn, 1)
    );
    assert_eq!(z.ingediend, indienen.ingediend);
    assert_eq!(z.inhoud["aanvraag"], a.inhoud);
    assert_eq!(store.zaak(z.id).await.unwrap(), z);
    assert_eq!(store.zaak_per_nummer("Z-2026-000001").await.unwrap(), z);
    assert_eq!(store.zaak_van_aanvraag(a.id).await.unwrap(), Some(z.clone()));
    assert_eq!(store.zaken_van(jan).await.unwrap(), vec![z.clone()]);
    assert_eq!(z.perceel.as_deref(), Some("Gemeentestad A 100"));
    let a100 = "Gemeentestad A 100";
    let gevonden = store.zaken_op_perceel(a100, &["besluit", "ontvangen"]).await.unwrap();
    assert_eq!(gevonden, vec![z.clone()], "found by its parcel");
    assert_eq!(store.zaken_op_perceel(a100, &["besluit"]).await.unwrap(), vec![], "only in the statuses asked");
    assert_eq!(store.zaken_op_perceel(a100, &[]).await.unwrap(), vec![], "no status asked, none found");
    assert_eq!(store.zaken_op_perceel("Gemeentestad A 101", &["ontvangen"]).await.unwrap(), vec![]);
    let na = store.aanvraag(a.id).await.unwrap();
    assert_eq!((na.status, na.versie), (AanvraagStatus::Ingediend, 2));
    let geschiedenis = store.gebeurtenissen(z.id).await.unwrap();
    assert_eq!(geschiedenis.len(), 1);
    let g = &geschiedenis[0];
    assert_eq!(
        (g.volgnummer, g.soort.as_str(), g.door, g.door_naam.as_str()),
        (1, "ingediend", Some(jan), "Jan Jansen")
    );
    assert_eq!((g.op, &g.gegevens), (indienen.ingediend, &serde_json::json!({"procedure": "regulier"})));
    assert_eq!(store.document(doc.id).await.unwrap().zaak_id, Some(z.id), "the document belongs to the zaak");
    let leeg = serde_json::json!({});
    let waarom = conflict(store.werk_aanvraag_bij(a.id, 2, gegevens("Te laat", &leeg)).await);
    assert!(waarom.contains("submitted"), "{waarom}");
}

async fn a_retried_submit_with_the_same_key_returns_the_same_zaak(store: Store) {
    let a = concept(&store, Uuid::now_v7(), "gm9999").await;
    let indienen = Indienen::standaard();
    let eerst = indienen.dien_in(&store, &a).await.unwrap();
    let nog_eens = indienen.dien_in(&store, &a).await.unwrap();
    assert!(eerst.nieuw && !nog_eens.nieuw);
    assert_eq!(nog_eens.zaak, eerst.zaak);
    assert_eq!(store.gebeurtenissen(eerst.zaak.id).await.unwrap().len(), 1, "no second event");
    let volgende = zaak(&store, "gm9999", Indienen::standaard()).await;
    assert_eq!(volgende.zaaknummer, "Z-2026-000002", "the retry took no number");
}

async fn a_submit_under_another_key_or_over_a_stale_version_is_a_conflict(store: Store) {
    let a = concept(&store, Uuid::now_v7(), "gm9999").await;
    let eerst = Indienen::standaard().dien_in(&store, &a).await.unwrap();
    let waarom = conflict(Indienen::standaard().dien_in(&store, &a).await);
    assert!(waarom.contains(&eerst.zaak.zaaknummer), "names the zaak it became: {waarom}");

    let b = concept(&store, Uuid::now_v7(), "gm9999").await;
    let nieuw = serde_json::json!({"gewijzigd": true});
    store.werk_aanvraag_bij(b.id, 1, gegevens("Gewijzigd", &nieuw)).await.unwrap();
    let waarom = conflict(Indienen::standaard().dien_in(&store, &b).await);
    assert!(waarom.contains("version 2"), "{waarom}");
    assert_eq!(store.aanvraag(b.id).await.unwrap().status, AanvraagStatus::Concept, "nothing was submitted");
    assert_eq!(store.zaak_van_aanvraag(b.id).await.unwrap(), None);
}

async fn zaaknummers_count_up_per_year_from_one(store: Store) {
    let in_jaar = |ingediend| Indienen { ingediend, ..Indienen::standaard() };
    let mut nummers = Vec::new();
    for ingediend in [
        datetime!(2026-01-05 09:00 +01:00),
        datetime!(2026-06-05 09:00 +02:00),
        // Still 2026 in UTC, already 2027 in the Netherlands: the year of the moment as given counts.
        datetime!(2027-01-01 00:30 +01:00),
        datetime!(2026-12-31 22:00 +01:00),
        datetime!(2027-02-01 12:00 +01:00),
    ] {
        nummers.push(zaak(&store, "gm9999", in_jaar(ingediend)).await.zaaknummer);
    }
    assert_eq!(nummers, ["Z-2026-000001", "Z-2026-000002", "Z-2027-000001", "Z-2026-000003", "Z-2027-000002"]);
}

async fn a_document_supplied_after_submitting_belongs_to_the_zaak_at_once(store: Store) {
    let a = concept(&store, Uuid::now_v7(), "gm9999").await;
    let z = Indienen::standaard().dien_in(&store, &a).await.unwrap().zaak;
    let doc = NieuwDocument {
        aanvraag_id: a.id,
        naam: "aanvulling.pdf",
        mediatype: "application/pdf",
        soort: "constructie",
        inhoud: b"%PDF",
    };
    let doc = store.voeg_document_toe(doc).await.unwrap();
    assert_eq!(doc.zaak_id, Some(z.id));
}

async fn an_event_appends_in_order_and_writes_the_zaaks_new_state(store: Store) {
    let z = zaak(&store, "gm9999", Indienen::standaard()).await;
    let behandelaar = Uuid::now_v7();
    let leeg = serde_json::json!({});
    let toegewezen = store
        .voeg_gebeurtenis_toe(
            z.id,
            1,
            gebeurtenis("toegewezen", &leeg),
            ZaakStand { behandelaar: Some(Some(behandelaar)), team: Some(Some("bouwen")), ..stand("in-behandeling") },
        )
        .await
        .unwrap();
    assert_eq!((toegewezen.laatste_volgnummer, toegewezen.status.as_str()), (2, "in-behandeling"));
    assert_eq!((toegewezen.behandelaar, toegewezen.team.as_deref()), (Some(behandelaar), Some("bouwen")));
    let vraag = serde_json::json!({"gevraagd": ["constructieberekening"]});
    let opgeschort = store
        .voeg_gebeurtenis_toe(
            z.id,
            2,
            gebeurtenis("aanvulling-gevraagd", &vraag),
            ZaakStand {
                uiterste_beslisdatum: date!(2026 - 06 - 01),
                openbaar: Some(true),
                team: Some(None),
                ..stand("aanvulling-gevraagd")
            },
        )
        .await
        .unwrap();
    assert_eq!(opgeschort.behandelaar, Some(behandelaar), "unchanged unless asked");
    assert_eq!((opgeschort.team.as_deref(), opgeschort.openbaar), (None, true));
    assert_eq!(opgeschort.uiterste_beslisdatum, date!(2026 - 06 - 01));
    assert_eq!(store.zaak(z.id).await.unwrap(), opgeschort);
    let geschiedenis = store.gebeurtenissen(z.id).await.unwrap();
    let soorten: Vec<_> = geschiedenis.iter().map(|g| (g.volgnummer, g.soort.as_str())).collect();
    assert_eq!(soorten, [(1, "ingediend"), (2, "toegewezen"), (3, "aanvulling-gevraagd")]);
    assert_eq!(geschiedenis[2].gegevens, vraag);
    assert!(matches!(
        store.voeg_gebeurtenis_toe(ZaakId::nieuw(), 1, gebeurtenis("x", &leeg), stand("x")).await,
        Err(StoreError::NotFound(_))
    ));
}

async fn an_event_made_after_a_stale_volgnummer_is_refused(store: Store) {
    let z = zaak(&store, "gm9999", Indienen::standaard()).await;
    let leeg = serde_json::json!({});
    let eerst =
        store.voeg_gebeurtenis_toe(z.id, 1, gebeurtenis("advies-gevraagd", &leeg), stand("advies")).await.unwrap();
    let waarom = conflict(store.voeg_gebeurtenis_toe(z.id, 1, gebeurtenis("besluit", &leeg), stand("besluit")).await);
    assert!(waarom.contains("event 2"), "{waarom}");
    assert_eq!(store.zaak(z.id).await.unwrap(), eerst, "the zaak kept the state of the event that came first");
    assert_eq!(store.gebeurtenissen(z.id).await.unwrap().len(), 2);

    // Two officials at once on the same volgnummer: exactly one wins.
    let gelijk = tokio::sync::Barrier::new(2);
    let leeg = &leeg;
    let poging = |status: &'static str| {
        let (store, gelijk) = (&store, &gelijk);
        async move {
            gelijk.wait().await;
            store.voeg_gebeurtenis_toe(z.id, 2, gebeurtenis(status, leeg), stand(status)).await
        }
    };
    let (a, b) = tokio::join!(poging("besluit"), poging("ontwerpbesluit"));
    assert_eq!(usize::from(a.is_ok()) + usize::from(b.is_ok()), 1, "{a:?} {b:?}");
    assert!(matches!(a.and(b), Err(StoreError::Conflict(_))));
    assert_eq!(store.gebeurtenissen(z.id).await.unwrap().len(), 3);
}

async fn racing_submits_of_one_aanvraag_make_exactly_one_zaak(store: Store) {
    for ronde in 0..12 {
        let a = concept(&store, Uuid::now_v7(), "gm9999").await;
        let zelfde_sleutel = ronde % 2 == 0;
        let eerste = Indienen::standaard();
        let tweede = if zelfde_sleutel {
            Indienen { sleutel: eerste.sleutel.clone(), ..Indienen::standaard() }
        } else {
            Indienen::standaard()
        };
        let gelijk = std::sync::Arc::new(tokio::sync::Barrier::new(2));
        let taken: Vec<_> = [eerste, tweede]
            .into_iter()
            .map(|indienen| {
                let (store, a, gelijk) = (store.clone(), a.clone(), gelijk.clone());
                tokio::spawn(async move {
                    gelijk.wait().await;
                    indienen.dien_in(&store, &a).await
                })
            })
            .collect();
        let mut uitkomsten = Vec::new();
        for taak in taken {
            uitkomsten.push(taak.await.unwrap());
        }
        let nieuw: Vec<&Zaak> =
            uitkomsten.iter().filter_map(|u| u.as_ref().ok().filter(|i| i.nieuw).map(|i| &i.zaak)).collect();
        assert_eq!(nieuw.len(), 1, "round {ronde}: {uitkomsten:?}");
        let gemaakt = nieuw[0].clone();
        for u in &uitkomsten {
            match u {
                Ok(i) => assert_eq!(i.zaak, gemaakt, "a retry sees the zaak that was made"),
                Err(StoreError::Conflict(_)) => assert!(!zelfde_sleutel, "the same key never conflicts"),
                Err(e) => panic!("round {ronde}: {e}"),
            }
        }
        assert_eq!(store.zaak_van_aanvraag(a.id).await.unwrap(), Some(gemaakt.clone()));
        assert_eq!(store.gebeurtenissen(gemaakt.id).await.unwrap().len(), 1);
    }
    let filter = ZaakFilter::default();
    assert_eq!(store.tel_zaken(&filter).await.unwrap(), 12);
    let alle = store.zaken(&filter, 100).await.unwrap().zaken;
    let mut nummers: Vec<_> = alle.iter().map(|z| z.zaaknummer.clone()).collect();
    nummers.sort();
    assert_eq!(nummers, (1..=12).map(|n| format!("Z-2026-{n:06}")).collect::<Vec<_>>(), "no gaps, no doubles");
}

/// One zaak of a test work queue: (bevoegd gezag, team, status, behandelaar, deadline).
type Regel = (&'static str, Option<&'static str>, &'static str, Option<Uuid>, Date);

/// Fills a small work queue.
async fn werkvoorraad(store: &Store, behandelaar: Uuid) -> Vec<Zaak> {
    let rijen: [Regel; 8] = [
        ("gm0001", Some("bouwen"), "ontvangen", None, date!(2026 - 04 - 01)),
        ("gm0001", Some("bouwen"), "in-behandeling", Some(behandelaar), date!(2026 - 03 - 15)),
        ("gm0001", Some("milieu"), "in-behandeling", Some(behandelaar), date!(2026 - 05 - 01)),
        ("gm0001", None, "ontvangen", None, date!(2026 - 03 - 20)),
        ("gm0001", Some("bouwen"), "besluit", None, date!(2026 - 03 - 10)),
        ("gm0002", Some("bouwen"), "ontvangen", None, date!(2026 - 03 - 01)),
        ("gm0002", Some("bouwen"), "in-behandeling", Some(Uuid::now_v7()), date!(2026 - 03 - 05)),
        ("gm0001", Some("bouwen"), "ontvangen", None, date!(2026 - 04 - 01)),
    ];
    let mut zaken = Vec::new();
    for (bg, team, status, behandelaar, termijn) in rijen {
        let indienen = Indienen { team, status, behandelaar, termijn, ..Indienen::standaard() };
        zaken.push(zaak(store, bg, indienen).await);
    }
    zaken
}

async fn the_work_queue_filters_by_authority_team_status_behandelaar_applicant_and_deadline(store: Store) {
    let behandelaar = Uuid::now_v7();
    let z = werkvoorraad(&store, behandelaar).await;
    let nummers = |zaken: &[Zaak]| zaken.iter().map(|z| z.zaaknummer.clone()).collect::<Vec<_>>();
    let verwacht = |idx: &[usize]| idx.iter().map(|&i| z[i].zaaknummer.clone()).collect::<Vec<_>>();
    let gm0001 = ZaakFilter { bevoegd_gezag: Some("gm0001".into()), ..ZaakFilter::default() };
    let gevallen: Vec<(&str, ZaakFilter, Vec<usize>)> = vec![
        // Ties on the deadline (zaken 0 and 7) go by zaaknummer.
        ("bevoegd gezag", gm0001.clone(), vec![4, 1, 3, 0, 7, 2]),
        ("team", ZaakFilter { team: Some("bouwen".into()), ..gm0001.clone() }, vec![4, 1, 0, 7]),
        ("status", ZaakFilter { status: vec!["ontvangen".into()], ..gm0001.clone() }, vec![3, 0, 7]),
        (
            "statuses",
            ZaakFilter { status: vec!["ontvangen".into(), "in-behandeling".into()], ..gm0001.clone() },
            vec![1, 3, 0, 7, 2],
        ),
        ("behandelaar", ZaakFilter { behandelaar: Some(behandelaar), ..ZaakFilter::default() }, vec![1, 2]),
        ("deadline", ZaakFilter { uiterlijk_voor: Some(date!(2026 - 03 - 20)), ..gm0001.clone() }, vec![4, 1]),
        ("applicant", ZaakFilter { aanvrager: Some(z[5].aanvrager), ..ZaakFilter::default() }, vec![5]),
        (
            "team and status and deadline",
            ZaakFilter {
                team: Some("bouwen".into()),
                status: vec!["ontvangen".into()],
                uiterlijk_voor: Some(date!(2026 - 04 - 02)),
                ..gm0001.clone()
            },
            vec![0, 7],
        ),
        ("everything", ZaakFilter::default(), vec![5, 6, 4, 1, 3, 0, 7, 2]),
        ("nothing", ZaakFilter { team: Some("onbekend".into()), ..gm0001.clone() }, vec![]),
    ];
    for (wat, filter, idx) in gevallen {
        let pagina = store.zaken(&filter, 50).await.unwrap();
        assert_eq!(nummers(&pagina.zaken), verwacht(&idx), "{wat}");
        assert_eq!(pagina.volgende, None, "{wat}: one page holds all");
        assert_eq!(store.tel_zaken(&filter).await.unwrap(), idx.len() as i64, "{wat}: count");
    }
}

async fn paging_through_the_work_queue_returns_every_zaak_exactly_once_in_order(store: Store) {
    let mut gemaakt = Vec::new();
    for i in 0..41u32 {
        // Few distinct deadlines, so that many pages break inside a run of equal dates.
        let termijn = date!(2026 - 04 - 01) + Duration::days(i64::from((i * 7) % 5));
        let team = if i % 3 == 0 { Some("milieu") } else { Some("bouwen") };
        gemaakt.push(zaak(&store, "gm0001", Indienen { termijn, team, ..Indienen::standaard() }).await);
    }
    zaak(&store, "gm0002", Indienen::standaard()).await;
    for (filter, grootte) in [
        (ZaakFilter { bevoegd_gezag: Some("gm0001".into()), ..ZaakFilter::default() }, 4u32),
        (ZaakFilter { bevoegd_gezag: Some("gm0001".into()), ..ZaakFilter::default() }, 41),
        (ZaakFilter { bevoegd_gezag: Some("gm0001".into()), team: Some("bouwen".into()), ..ZaakFilter::default() }, 3),
    ] {
        let mut verwacht: Vec<&Zaak> =
            gemaakt.iter().filter(|z| filter.team.is_none() || z.team == filter.team).collect();
        verwacht.sort_by(|a, b| (a.uiterste_beslisdatum, &a.zaaknummer).cmp(&(b.uiterste_beslisdatum, &b.zaaknummer)));
        let mut gezien = Vec::new();
        let mut f = filter.clone();
        let mut paginas = 0;
        loop {
            let pagina = store.zaken(&f, grootte).await.unwrap();
            assert!(pagina.zaken.len() <= grootte as usize);
            paginas += 1;
            gezien.extend(pagina.zaken);
            match pagina.volgende {
                Some(cursor) => f.na = Some(cursor),
                None => break,
            }
            assert!(paginas <= 100, "the pages never end");
        }
        let gezien: Vec<&str> = gezien.iter().map(|z| z.zaaknummer.as_str()).collect();
        let verwacht: Vec<&str> = verwacht.iter().map(|z| z.zaaknummer.as_str()).collect();
        assert_eq!(gezien, verwacht, "every zaak once, in (deadline, zaaknummer) order, page size {grootte}");
        assert_eq!(paginas, verwacht.len().div_ceil(grootte as usize), "no empty last page");
    }
}

async fn a_page_cursor_from_a_url_continues_where_the_page_ended(store: Store) {
    for dag in [3, 1, 2] {
        let termijn = date!(2026 - 05 - 01) + Duration::days(dag);
        zaak(&store, "gm0001", Indienen { termijn, ..Indienen::standaard() }).await;
    }
    let eerste = store.zaken(&ZaakFilter::default(), 1).await.unwrap();
    let cursor = eerste.volgende.expect("more pages").to_string();
    let f = ZaakFilter { na: Some(cursor.parse().unwrap()), ..ZaakFilter::default() };
    let rest = store.zaken(&f, 10).await.unwrap();
    let data: Vec<Date> = rest.zaken.iter().map(|z| z.uiterste_beslisdatum).collect();
    assert_eq!(data, [date!(2026 - 05 - 03), date!(2026 - 05 - 04)]);
    assert_eq!(eerste.zaken[0].uiterste_beslisdatum, date!(2026 - 05 - 02));
}

async fn the_database_refuses_to_change_or_delete_a_gebeurtenis(store: Store, sql: Sql) {
    let z = zaak(&store, "gm9999", Indienen::standaard()).await;
    assert_eq!(sql.execute("UPDATE zaak SET titel = titel").await.unwrap(), 1, "the connection around the store works");
    for statement in ["UPDATE gebeurtenis SET soort = 'vervalst'", "DELETE FROM gebeurtenis"] {
        let err = sql.execute(statement).await.expect_err(statement).to_string();
        assert!(err.contains("append-only"), "{statement}: {err}");
    }
    if matches!(sql, Sql::Postgres(..)) {
        let err = sql.execute("TRUNCATE gebeurtenis CASCADE").await.expect_err("truncate").to_string();
        assert!(err.contains("append-only"), "{err}");
    }
    let geschiedenis = store.gebeurtenissen(z.id).await.unwrap();
    assert_eq!(geschiedenis.iter().map(|g| g.soort.as_str()).collect::<Vec<_>>(), ["ingediend"]);
}

/// A rolling upgrade: the first new instance migrates while the previous release's instances run on, and one of them
/// may restart meanwhile (or the upgrade is rolled back). It must not refuse a migration it does not know.
async fn the_previous_release_still_opens_a_database_a_newer_release_migrated(store: Store, sql: Sql) {
    let later = "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
                 VALUES (99990001, 'a later release', true, X'00', 0)";
    let later = match &sql {
        Sql::Sqlite(_) => later.to_string(),
        Sql::Postgres(..) => later.replace("X'00'", "'\\x00'::bytea"),
    };
    assert_eq!(sql.execute(&later).await.unwrap(), 1);
    let opnieuw = match &sql {
        Sql::Sqlite(path) => Store::open(&DatabaseUrl::Sqlite { path: path.clone() }).await,
        Sql::Postgres(url, schema) => {
            PgStore::open_in_schema(&DatabaseUrl::parse(url).unwrap(), Some(schema)).await.map(Store::Postgres)
        }
    };
    let opnieuw = opnieuw.expect("the previous release starts beside a newer migration");
    opnieuw.ping().await.unwrap();
    opnieuw.close().await;
    store.ping().await.unwrap();
}

async fn zaaknummers_keep_counting_past_six_digits(store: Store, sql: Sql) {
    assert_eq!(zaak(&store, "gm9999", Indienen::standaard()).await.zaaknummer, "Z-2026-000001");
    assert_eq!(sql.execute("UPDATE zaaknummer_teller SET laatste = 999998 WHERE jaar = 2026").await.unwrap(), 1);
    assert_eq!(zaak(&store, "gm9999", Indienen::standaard()).await.zaaknummer, "Z-2026-999999");
    assert_eq!(zaak(&store, "gm9999", Indienen::standaard()).await.zaaknummer, "Z-2026-1000000");
}

async fn a_burst_of_submits_gets_gapless_numbers_and_a_refused_one_takes_no_other_down(store: Store) {
    let mut aanvragen = Vec::new();
    for i in 0..40 {
        let mut a = concept(&store, Uuid::now_v7(), "gm9999").await;
        if i % 10 == 3 {
            a.versie = 7; // a stale version: this one must be refused, alone
        }
        aanvragen.push(a);
    }
    let gelijk = std::sync::Arc::new(tokio::sync::Barrier::new(aanvragen.len()));
    let taken: Vec<_> = aanvragen
        .iter()
        .cloned()
        .map(|a| {
            let (store, gelijk) = (store.clone(), gelijk.clone());
            tokio::spawn(async move {
                gelijk.wait().await;
                Indienen::standaard().dien_in(&store, &a).await
            })
        })
        .collect();
    let mut nummers = Vec::new();
    for (a, taak) in aanvragen.iter().zip(taken) {
        match taak.await.unwrap() {
            Ok(i) => {
                assert!(i.nieuw && a.versie == 1);
                assert_eq!(store.zaak(i.zaak.id).await.unwrap(), i.zaak, "acknowledged means stored");
                nummers.push(i.zaak.zaaknummer);
            }
            Err(StoreError::Conflict(_)) => {
                assert_eq!(a.versie, 7, "only the stale ones are refused");
                assert_eq!(store.aanvraag(a.id).await.unwrap().status, AanvraagStatus::Concept);
            }
            Err(e) => panic!("{e}"),
        }
    }
    nummers.sort();
    assert_eq!(nummers, (1..=36).map(|n| format!("Z-2026-{n:06}")).collect::<Vec<_>>());
}

fn nieuw_abonnement<'a>(gebruiker: Option<Uuid>, email: Option<&'a str>, sleutel: &'a str) -> NieuwAbonnement<'a> {
    NieuwAbonnement {
        gebruiker,
        email,
        bevestigd: gebruiker.is_some(),
        sleutel,
        omschrijving: "200 m rond Dorpsstraat 12",
        gebied: Some(serde_json::json!({"Straal": {"midden": {"x": 155000.0, "y": 463000.0}, "meter": 200.0}})),
        gemeente: None,
        zaak_id: None,
        soorten: &[],
        activiteitgroepen: &[],
        kanaal: Kanaal::Email,
        frequentie: Frequentie::Direct,
        webhook_url: None,
        webhook_geheim: None,
        aangemaakt: datetime!(2026-03-02 09:00 UTC),
    }
}

fn melding_voor(id: Uuid, zaak: Option<ZaakId>) -> NieuweMelding {
    NieuweMelding {
        id,
        soort: "aanvraag-ontvangen".into(),
        zaak_id: zaak,
        openbaar: true,
        op: datetime!(2026-03-02 10:00 UTC),
        inhoud: serde_json::json!({"titel": "Aanvraag ontvangen"}),
    }
}

fn bericht_aan(melding: Uuid, kanaal: Kanaal, ontvanger: &str, gebruiker: Option<Uuid>) -> NieuwBericht {
    NieuwBericht {
        melding_id: melding,
        abonnement_id: None,
        kanaal,
        ontvanger: ontvanger.into(),
        gebruiker,
        frequentie: Frequentie::Direct,
        verzenden_op: datetime!(2026-03-02 10:00 UTC),
    }
}

const NU: OffsetDateTime = datetime!(2026-03-02 10:00 UTC);

async fn a_case_event_lands_in_the_outbox_and_its_distribution_is_recorded_once(store: Store) {
    let z = zaak(&store, "gm0297", Indienen::standaard()).await;
    let bronnen = store.claim_bronnen(10, NU, NU + Duration::seconds(30)).await.unwrap();
    assert_eq!(bronnen.len(), 1, "the submit's first event is in the outbox");
    assert_eq!(bronnen[0].gebeurtenis, Some((z.id, 1)));
    let m = Uuid::now_v7();
    let jan = Uuid::now_v7();
    let meldingen = [melding_voor(m, Some(z.id))];
    let berichten = [
        bericht_aan(m, Kanaal::Email, "buur@example.nl", None),
        bericht_aan(m, Kanaal::Inbox, &format!("gebruiker:{jan}"), Some(jan)),
    ];
    store.verspreid(&[bronnen[0].id], &meldingen, &berichten, NU).await.unwrap();
    // A second distributor that worked on the same row records nothing twice.
    store.verspreid(&[bronnen[0].id], &meldingen, &berichten, NU).await.unwrap();
    assert!(store.claim_bronnen(10, NU + Duration::hours(1), NU + Duration::hours(2)).await.unwrap().is_empty());
    assert_eq!(store.melding(m).await.unwrap().zaak_id, Some(z.id));
    let telling = store.tel_berichten().await.unwrap();
    assert_eq!((telling.wachtend, telling.afgeleverd, telling.mislukt), (1, 1, 0), "the inbox copy is delivered");
    let te_bezorgen = store.claim_berichten(10, NU, NU + Duration::seconds(30)).await.unwrap();
    assert_eq!(te_bezorgen.len(), 1);
    assert_eq!((te_bezorgen[0].ontvanger.as_str(), te_bezorgen[0].pogingen), ("buur@example.nl", 1));
    assert_eq!(te_bezorgen[0].melding.inhoud["titel"], "Aanvraag ontvangen");
    store.bezorgd(&[te_bezorgen[0].id], NU).await.unwrap();
    let telling = store.tel_berichten().await.unwrap();
    assert_eq!((telling.wachtend, telling.afgeleverd), (0, 2));
}

async fn a_claimed_outbox_row_or_delivery_is_not_handed_out_again_until_its_claim_runs_out(store: Store) {
    zaak(&store, "gm0297", Indienen::standaard()).await;
    let tot = NU + Duration::seconds(30);
    assert_eq!(store.claim_bronnen(10, NU, tot).await.unwrap().len(), 1);
    assert!(store.claim_bronnen(10, NU + Duration::seconds(10), tot).await.unwrap().is_empty(), "still claimed");
    assert_eq!(store.claim_bronnen(10, tot + Duration::seconds(1), tot + Duration::minutes(1)).await.unwrap().len(), 1);

    let m = Uuid::now_v7();
    store
        .verspreid(&[], &[melding_voor(m, None)], &[bericht_aan(m, Kanaal::Email, "a@example.nl", None)], NU)
        .await
        .unwrap();
    assert_eq!(store.claim_berichten(10, NU, tot).await.unwrap().len(), 1);
    assert!(store.claim_berichten(10, NU + Duration::seconds(10), tot).await.unwrap().is_empty(), "still claimed");
    let weer = store.claim_berichten(10, tot + Duration::seconds(1), tot + Duration::minutes(1)).await.unwrap();
    assert_eq!(weer.len(), 1, "a crashed sender's claim runs out");
    assert_eq!(weer[0].pogingen, 2);
    store.bezorgd(&[weer[0].id], NU).await.unwrap();
    assert!(store.claim_berichten(10, NU + Duration::hours(1), NU + Duration::hours(2)).await.unwrap().is_empty());
}

async fn a_failed_delivery_waits_for_its_retry_and_a_dead_letter_is_sent_again_when_retried(store: Store) {
    let m = Uuid::now_v7();
    store
        .verspreid(&[], &[melding_voor(m, None)], &[bericht_aan(m, Kanaal::Webhook, "webhook:x", None)], NU)
        .await
        .unwrap();
    let b = store.claim_berichten(10, NU, NU + Duration::seconds(30)).await.unwrap().remove(0);
    store.niet_bezorgd(b.id, "503 Service Unavailable", Some(NU + Duration::seconds(10))).await.unwrap();
    assert!(store.claim_berichten(10, NU + Duration::seconds(5), NU + Duration::minutes(1)).await.unwrap().is_empty());
    let b = store.claim_berichten(10, NU + Duration::seconds(11), NU + Duration::minutes(1)).await.unwrap().remove(0);
    assert_eq!(b.laatste_fout.as_deref(), Some("503 Service Unavailable"));
    store.niet_bezorgd(b.id, "connection refused", None).await.unwrap();
    let dood = store.berichten_met_status(BerichtStatus::Mislukt, 10).await.unwrap();
    assert_eq!(
        dood.iter().map(|d| (d.id, d.laatste_fout.as_deref())).collect::<Vec<_>>(),
        [(b.id, Some("connection refused"))]
    );
    assert!(store.claim_berichten(10, NU + Duration::days(9), NU + Duration::days(10)).await.unwrap().is_empty());
    store.probeer_opnieuw(b.id, NU + Duration::days(9)).await.unwrap();
    let weer = store.claim_berichten(10, NU + Duration::days(9), NU + Duration::days(10)).await.unwrap();
    assert_eq!((weer.len(), weer[0].pogingen), (1, 1), "a retried dead letter starts counting again");
    assert!(matches!(store.probeer_opnieuw(weer[0].id, NU).await, Err(StoreError::NotFound(_))), "not dead");
}

async fn concurrent_claims_never_hand_out_one_delivery_twice(store: Store) {
    let mut meldingen = Vec::new();
    let mut berichten = Vec::new();
    for i in 0..200 {
        let m = Uuid::now_v7();
        meldingen.push(melding_voor(m, None));
        berichten.push(bericht_aan(m, Kanaal::Email, &format!("buur{i}@example.nl"), None));
    }
    store.verspreid(&[], &meldingen, &berichten, NU).await.unwrap();
    let taken: Vec<_> = (0..4)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move {
                let mut mijn = Vec::new();
                loop {
                    let deel = store.claim_berichten(7, NU, NU + Duration::minutes(5)).await.unwrap();
                    if deel.is_empty() {
                        return mijn;
                    }
                    mijn.extend(deel.into_iter().map(|b| b.id));
                }
            })
        })
        .collect();
    let mut alle = Vec::new();
    for t in taken {
        alle.extend(t.await.unwrap());
    }
    let n = alle.len();
    alle.sort();
    alle.dedup();
    assert_eq!((n, alle.len()), (200, 200), "every delivery claimed exactly once");
}

async fn a_subscription_is_found_by_its_key_confirmed_and_cancelled_and_then_nothing_waits_for_it(store: Store) {
    let a = store.maak_abonnement(nieuw_abonnement(None, Some("buur@example.nl"), "geheim-1")).await.unwrap();
    assert!(!a.bevestigd && !a.actief());
    assert_eq!(a.gebied.as_ref().unwrap()["Straal"]["meter"], 200.0);
    assert!(store.actieve_abonnementen().await.unwrap().is_empty(), "unconfirmed: not live");
    assert_eq!(store.abonnement_per_sleutel("geheim-1").await.unwrap(), Some(a.clone()));
    assert_eq!(store.abonnement_per_sleutel("anders").await.unwrap(), None);
    assert_eq!(a.gewijzigd, datetime!(2026-03-02 09:00 UTC), "made");
    let a = store.bevestig_abonnement(a.id, NU).await.unwrap();
    assert!(a.actief());
    assert_eq!(a.gewijzigd, NU, "confirmed");
    assert_eq!(store.actieve_abonnementen().await.unwrap(), vec![a.clone()]);
    assert_eq!(store.abonnementen_gewijzigd_sinds(NU).await.unwrap(), vec![a.clone()], "a change to follow");
    assert!(store.abonnementen_gewijzigd_sinds(NU + Duration::seconds(1)).await.unwrap().is_empty());

    let m = Uuid::now_v7();
    let mut b = bericht_aan(m, Kanaal::Email, "buur@example.nl", None);
    b.abonnement_id = Some(a.id);
    store.verspreid(&[], &[melding_voor(m, None)], &[b], NU).await.unwrap();
    let later = NU + Duration::minutes(1);
    let op = store.zeg_abonnement_op(a.id, later).await.unwrap();
    assert_eq!((op.opgezegd, op.gewijzigd), (Some(later), later));
    let weer = store.zeg_abonnement_op(a.id, NU + Duration::hours(1)).await.unwrap();
    assert_eq!((weer.opgezegd, weer.gewijzigd), (Some(later), later), "the first cancellation counts");
    assert_eq!(store.abonnementen_gewijzigd_sinds(later).await.unwrap(), vec![op.clone()], "the cancellation too");
    assert!(store.actieve_abonnementen().await.unwrap().is_empty());
    assert!(store.claim_berichten(10, NU, NU + Duration::minutes(1)).await.unwrap().is_empty(), "not sent any more");

    let jan = Uuid::now_v7();
    let eigen = store.maak_abonnement(nieuw_abonnement(Some(jan), None, "geheim-2")).await.unwrap();
    assert_eq!(store.abonnementen_van(jan).await.unwrap(), vec![eigen]);
    assert!(matches!(store.abonnement(AbonnementId(Uuid::now_v7())).await, Err(StoreError::NotFound(_))));
}

async fn the_inbox_lists_newest_first_counts_unread_and_only_its_owner_marks_read(store: Store) {
    let jan = Uuid::now_v7();
    let (m1, m2) = (Uuid::now_v7(), Uuid::now_v7());
    let ontvanger = format!("gebruiker:{jan}");
    store
        .verspreid(&[], &[melding_voor(m1, None)], &[bericht_aan(m1, Kanaal::Inbox, &ontvanger, Some(jan))], NU)
        .await
        .unwrap();
    let later = NU + Duration::minutes(1);
    store
        .verspreid(&[], &[melding_voor(m2, None)], &[bericht_aan(m2, Kanaal::Inbox, &ontvanger, Some(jan))], later)
        .await
        .unwrap();
    let inbox = store.inbox(jan, 0, 10).await.unwrap();
    assert_eq!(inbox.iter().map(|b| b.melding.id).collect::<Vec<_>>(), [m2, m1]);
    assert_eq!(store.inbox(jan, 1, 10).await.unwrap().len(), 1);
    assert_eq!(store.tel_inbox(jan).await.unwrap(), (2, 2));
    assert!(matches!(store.markeer_gelezen(inbox[0].id, Uuid::now_v7(), NU).await, Err(StoreError::NotFound(_))));
    store.markeer_gelezen(inbox[0].id, jan, NU).await.unwrap();
    assert_eq!(store.tel_inbox(jan).await.unwrap(), (2, 1));
    assert!(store.inbox(Uuid::now_v7(), 0, 10).await.unwrap().is_empty());
}

async fn a_plan_change_published_with_its_dataset_is_in_the_outbox(store: Store) {
    let wijziging = serde_json::json!({"norm": "maximale bouwhoogte", "oud": 10.0, "nieuw": 9.0});
    let meldingen = [wijziging.clone()];
    store.publish(NewDataset { meldingen: &meldingen, ..dataset("gm0297", "v2", b"twee") }).await.unwrap();
    let bronnen = store.claim_bronnen(10, NU, NU + Duration::seconds(30)).await.unwrap();
    assert_eq!(
        bronnen.iter().map(|b| (b.gebeurtenis, b.melding.clone())).collect::<Vec<_>>(),
        [(None, Some(wijziging))]
    );
}

fn bezwaarschrift<'a>(id: InzendingId, indiener: Uuid, stukken: &'a [NieuwStuk<'a>]) -> NieuweInzending<'a> {
    NieuweInzending {
        id,
        soort: InzendingSoort::Bezwaar,
        nummer: "Z-2026-000001-B1",
        indiener,
        naam: "Fatma Şahin",
        adres: "Dorpsstraat 14, Voorbeeldstad",
        email: Some("fatma@example.org"),
        tekst: "De aanbouw neemt het licht uit mijn tuin.",
        gehoord_worden: true,
        te_laat: false,
        reden_te_laat: None,
        ontvangen: datetime!(2026-03-03 09:00 UTC),
        documenten: stukken,
    }
}

async fn an_objection_is_recorded_with_its_documents_and_the_cases_event_in_one_transaction(store: Store) {
    let z = zaak(&store, "gm9999", Indienen::standaard()).await;
    let (id, indiener) = (InzendingId::nieuw(), Uuid::now_v7());
    let foto = b"\x89PNG foto van de tuin".as_slice();
    let stukken = [NieuwStuk { naam: "tuin.png", mediatype: "image/png", inhoud: foto }];
    let gegevens = serde_json::json!({"bezwaar": id.0, "nummer": "Z-2026-000001-B1", "teLaat": false});
    let (na, inzending) = store
        .dien_inzending_in(
            z.id,
            1,
            bezwaarschrift(id, indiener, &stukken),
            gebeurtenis("bezwaar_ontvangen", &gegevens),
            stand("bezwaar"),
        )
        .await
        .unwrap();
    assert_eq!((na.status.as_str(), na.laatste_volgnummer), ("bezwaar", 2));
    assert_eq!(store.inzending(id).await.unwrap(), inzending);
    assert_eq!((inzending.naam.as_str(), inzending.gehoord_worden), ("Fatma Şahin", true));
    assert_eq!(store.inzendingen(z.id).await.unwrap(), vec![inzending.clone()]);
    assert_eq!(store.inzendingen_van(indiener).await.unwrap(), vec![inzending]);
    let docs = store.documenten_van_inzending(id).await.unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!((docs[0].inzending_id, docs[0].zaak_id, docs[0].sha256.clone()), (Some(id.0), Some(z.id), sha256(foto)));
    assert_eq!(store.document_inhoud(docs[0].id).await.unwrap(), foto);
    assert!(
        store.documenten(z.aanvraag_id).await.unwrap().iter().all(|d| d.inzending_id.is_none()),
        "the application's own list never shows another person's documents"
    );
    let events = store.gebeurtenissen(z.id).await.unwrap();
    assert_eq!(events.last().map(|g| g.soort.as_str()), Some("bezwaar_ontvangen"));
    let history = serde_json::to_string(&events).unwrap();
    assert!(!history.contains("Şahin") && !history.contains("fatma@"), "the history holds no personal data");
    assert!(matches!(store.inzending(InzendingId::nieuw()).await, Err(StoreError::NotFound(_))));
}

async fn a_submission_after_a_stale_volgnummer_writes_nothing(store: Store) {
    let z = zaak(&store, "gm9999", Indienen::standaard()).await;
    let leeg = serde_json::json!({});
    store.voeg_gebeurtenis_toe(z.id, 1, gebeurtenis("advies_gevraagd", &leeg), stand("advies")).await.unwrap();
    let id = InzendingId::nieuw();
    let stukken = [NieuwStuk { naam: "a.pdf", mediatype: "application/pdf", inhoud: b"%PDF-1.7" }];
    let r = store
        .dien_inzending_in(
            z.id,
            1,
            bezwaarschrift(id, Uuid::now_v7(), &stukken),
            gebeurtenis("bezwaar_ontvangen", &leeg),
            stand("bezwaar"),
        )
        .await;
    conflict(r);
    assert!(matches!(store.inzending(id).await, Err(StoreError::NotFound(_))));
    assert!(store.documenten_van_inzending(id).await.unwrap().is_empty());
    assert_eq!(store.gebeurtenissen(z.id).await.unwrap().len(), 2);
}

async fn an_event_the_law_publishes_writes_its_notice_in_its_own_transaction(store: Store, sql: Sql) {
    let z = zaak(&store, "gm9999", Indienen::standaard()).await;
    let notices = |bs: &[stip_store::Bekendmaking]| -> Vec<(i64, String)> {
        bs.iter().map(|b| (b.volgnummer, b.soort.clone())).collect()
    };
    let eerst = store.bekendmakingen_van_zaak(z.id).await.unwrap();
    assert_eq!(notices(&eerst), [(1, "aanvraag".to_string())], "the submit's event publishes the application");
    assert_eq!((eerst[0].datum, eerst[0].bevoegd_gezag.as_str()), (date!(2026 - 03 - 02), "gm9999"));
    assert_eq!((eerst[0].x, eerst[0].y), (None, None), "submitted without a place");

    // An event the law does not publish writes none; a publication writes one with the day it names.
    let leeg = serde_json::json!({});
    store.voeg_gebeurtenis_toe(z.id, 1, gebeurtenis("advies_gevraagd", &leeg), stand("advies")).await.unwrap();
    let op = serde_json::json!({"datum": "2026-03-10"});
    store.voeg_gebeurtenis_toe(z.id, 2, gebeurtenis("bekendgemaakt", &op), stand("bekendgemaakt")).await.unwrap();
    // A refused append writes nothing.
    conflict(store.voeg_gebeurtenis_toe(z.id, 2, gebeurtenis("bekendgemaakt", &op), stand("bekendgemaakt")).await);
    // A statement that fails after its first event leaves neither the event nor its notice.
    let id = match &sql {
        Sql::Sqlite(_) => format!("X'{}'", z.id.0.simple()),
        Sql::Postgres(..) => format!("'{}'", z.id.0),
    };
    let rij = format!("({id}, 4, 'bekendgemaakt', 'stip', '2026-03-12T09:00:00Z', '{{\"datum\": \"2026-03-12\"}}')");
    let statement =
        format!("INSERT INTO gebeurtenis (zaak_id, volgnummer, soort, door_naam, op, gegevens) VALUES {rij}, {rij}");
    sql.execute(&statement).await.expect_err("the second row repeats the first's key");
    let na = store.bekendmakingen_van_zaak(z.id).await.unwrap();
    assert_eq!(notices(&na), [(1, "aanvraag".to_string()), (3, "besluit".to_string())]);
    assert_eq!(na[1].datum, date!(2026 - 03 - 10));
    assert_eq!(store.bekendmaking(na[1].id).await.unwrap(), na[1]);
    assert_eq!(na[1].id.get_version_num(), 7);
    assert!(matches!(store.bekendmaking(Uuid::now_v7()).await, Err(StoreError::NotFound(_))));

    // A case with a place is found by a box around it, by kind and by day; newest first.
    let hier =
        zaak(&store, "gm9999", Indienen { locatie: Some((155_000.0, 463_000.0)), ..Indienen::standaard() }).await;
    let in_box = |bbox: [f64; 4]| BekendmakingFilter { bbox: Some(bbox), ..BekendmakingFilter::default() };
    let gevonden = store.bekendmakingen(&in_box([154_900.0, 462_900.0, 155_100.0, 463_100.0]), 10).await.unwrap();
    assert_eq!(gevonden.bekendmakingen.iter().map(|b| b.zaak_id).collect::<Vec<_>>(), [hier.id]);
    assert_eq!((gevonden.bekendmakingen[0].x, gevonden.bekendmakingen[0].y), (Some(155_000.0), Some(463_000.0)));
    assert!(
        store.bekendmakingen(&in_box([0.0, 300_000.0, 100.0, 300_100.0]), 10).await.unwrap().bekendmakingen.is_empty()
    );
    let besluiten = BekendmakingFilter { soorten: vec!["besluit".into()], ..BekendmakingFilter::default() };
    assert_eq!(store.bekendmakingen(&besluiten, 10).await.unwrap().bekendmakingen, [na[1].clone()]);
    let later = BekendmakingFilter { sinds: Some(date!(2026 - 03 - 03)), ..BekendmakingFilter::default() };
    assert_eq!(store.bekendmakingen(&later, 10).await.unwrap().bekendmakingen, [na[1].clone()]);
    let eerste = store.bekendmakingen(&BekendmakingFilter::default(), 2).await.unwrap();
    assert_eq!(eerste.bekendmakingen[0], na[1], "newest first");
    let rest = BekendmakingFilter { na: eerste.volgende.clone(), ..BekendmakingFilter::default() };
    let tweede = store.bekendmakingen(&rest, 2).await.unwrap();
    assert_eq!((eerste.bekendmakingen.len(), tweede.bekendmakingen.len(), tweede.volgende), (2, 1, None));
}

/// The map's question: a box of a kilometre or two is read per square kilometre; around a corner of four squares,
/// with notices just outside it, it must find exactly what a box over the whole area finds there, in the same order.
async fn a_small_box_pages_through_the_same_notices_newest_first_as_the_whole_table(store: Store) {
    let plekken = [
        (154_999.0, 462_999.0),
        (155_000.0, 463_000.0),
        (154_600.0, 463_400.0),
        (155_400.0, 462_600.0),
        (155_600.0, 463_000.0), // east of the box
        (155_000.0, 462_400.0), // south of the box
        (158_000.0, 466_000.0), // far away
    ];
    for (i, plek) in plekken.into_iter().enumerate() {
        for j in 0..3 {
            let z = zaak(&store, "gm9999", Indienen { locatie: Some(plek), ..Indienen::standaard() }).await;
            // notices of several days, interleaved between the places
            let dag = serde_json::json!({ "datum": format!("2026-03-{:02}", 10 + (i * 3 + j) % 7) });
            let leeg = serde_json::json!({});
            store.voeg_gebeurtenis_toe(z.id, 1, gebeurtenis("advies_gevraagd", &leeg), stand("advies")).await.unwrap();
            store
                .voeg_gebeurtenis_toe(z.id, 2, gebeurtenis("bekendgemaakt", &dag), stand("bekendgemaakt"))
                .await
                .unwrap();
        }
    }
    let alles = |filter: BekendmakingFilter| {
        let store = store.clone();
        async move {
            let (mut gevonden, mut filter) = (Vec::new(), filter);
            loop {
                let pagina = store.bekendmakingen(&filter, 4).await.unwrap();
                gevonden.extend(pagina.bekendmakingen);
                match pagina.volgende {
                    Some(na) => filter.na = Some(na),
                    None => return gevonden,
                }
            }
        }
    };
    let klein = [154_500.0, 462_500.0, 155_500.0, 463_500.0];
    let binnen = |b: &stip_store::Bekendmaking| {
        let (x, y) = (b.x.unwrap(), b.y.unwrap());
        (klein[0]..=klein[2]).contains(&x) && (klein[1]..=klein[3]).contains(&y)
    };
    for soorten in [vec![], vec!["besluit".to_string()], vec!["aanvraag".to_string()]] {
        let filter = |bbox| BekendmakingFilter { bbox: Some(bbox), soorten: soorten.clone(), ..Default::default() };
        let groot = alles(filter([150_000.0, 458_000.0, 160_000.0, 468_000.0])).await;
        assert_eq!(groot.len(), if soorten.is_empty() { 42 } else { 21 }, "every notice of the area, {soorten:?}");
        let verwacht: Vec<_> = groot.into_iter().filter(binnen).collect();
        assert_eq!(verwacht.len(), if soorten.is_empty() { 24 } else { 12 }, "four places in the box, {soorten:?}");
        assert_eq!(alles(filter(klein)).await, verwacht, "page by page, newest first, {soorten:?}");
    }
}

async fn several_zaken_are_read_with_their_histories_in_the_order_asked(store: Store) {
    let a = zaak(&store, "gm9999", Indienen::standaard()).await;
    let b = zaak(&store, "gm9999", Indienen::standaard()).await;
    let leeg = serde_json::json!({});
    let b = store.voeg_gebeurtenis_toe(b.id, 1, gebeurtenis("advies_gevraagd", &leeg), stand("advies")).await.unwrap();
    let gelezen = store.zaken_met_geschiedenis(&[b.id, ZaakId::nieuw(), a.id]).await.unwrap();
    let verwacht = vec![
        (b.clone(), store.gebeurtenissen(b.id).await.unwrap()),
        (a.clone(), store.gebeurtenissen(a.id).await.unwrap()),
    ];
    assert_eq!(gelezen, verwacht, "in the order asked, an unknown id left out");
    assert_eq!(gelezen[0].1.iter().map(|g| g.volgnummer).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(store.zaken_met_geschiedenis(&[]).await.unwrap(), vec![], "none asked, none read");
}

fn aanslag<'a>(zaak: &Zaak, reden: &'a str, bedrag_cent: i64, regels: &'a serde_json::Value) -> NieuweAanslag<'a> {
    NieuweAanslag {
        id: AanslagId::nieuw(),
        zaak_id: zaak.id,
        soort: if reden == "ontvangen" { AanslagSoort::Aanslag } else { AanslagSoort::Teruggaaf },
        reden,
        regels,
        bedrag_cent,
        kostenplaats: "leges-bouw",
        aangemaakt: datetime!(2026-03-03 10:00 UTC),
    }
}

fn betaling<'a>(psp_id: &'a str, posten: &'a [(AanslagId, i64)], op: OffsetDateTime) -> NieuweBetaling<'a> {
    NieuweBetaling {
        id: BetalingId::nieuw(),
        psp: "simulator",
        psp_id,
        checkout_url: "https://psp.example/checkout/1",
        betaler: Uuid::now_v7(),
        posten,
        aangemaakt: op,
    }
}

async fn an_assessment_is_made_once_per_case_and_reason(store: Store) {
    let z = zaak(&store, "gm9999", Indienen::standaard()).await;
    let regels = serde_json::json!([{ "omschrijving": "Bouwen", "bedragCent": 25000 }]);
    let eerste = store.maak_aanslag(aanslag(&z, "ontvangen", 25_000, &regels)).await.unwrap();
    assert_eq!(
        (eerste.bedrag_cent, eerste.regels.clone(), eerste.kostenplaats.as_str()),
        (25_000, regels.clone(), "leges-bouw")
    );
    let nog_eens = store.maak_aanslag(aanslag(&z, "ontvangen", 99, &regels)).await.unwrap();
    assert_eq!(nog_eens, eerste, "the second one with the same reason changes nothing");
    let terug = store.maak_aanslag(aanslag(&z, "geweigerd", 12_500, &regels)).await.unwrap();
    assert_eq!(terug.soort, AanslagSoort::Teruggaaf);
    assert_eq!(store.aanslagen(z.id).await.unwrap().len(), 2);
    let ander = zaak(&store, "gm9999", Indienen::standaard()).await;
    assert!(store.aanslagen(ander.id).await.unwrap().is_empty());
}

async fn a_payment_settles_its_assessments_and_changes_status_only_from_the_status_it_had(store: Store) {
    let regels = serde_json::json!([]);
    let een = zaak(&store, "gm9999", Indienen::standaard()).await;
    let twee = zaak(&store, "gm9999", Indienen::standaard()).await;
    let a = store.maak_aanslag(aanslag(&een, "ontvangen", 25_000, &regels)).await.unwrap();
    let b = store.maak_aanslag(aanslag(&twee, "ontvangen", 10_000, &regels)).await.unwrap();
    let posten = [(a.id, 25_000), (b.id, 10_000)];
    let bet = store.maak_betaling(betaling("tr_een", &posten, datetime!(2026-03-03 11:00 UTC))).await.unwrap();
    assert_eq!((bet.status.as_str(), bet.bedrag_cent, bet.betaald_op), ("open", 35_000, None));
    let mut verwacht = posten.to_vec();
    verwacht.sort();
    assert_eq!(bet.posten, verwacht);
    assert_eq!(store.betaling(bet.id).await.unwrap(), bet);
    assert_eq!(store.betaling_per_psp_id("simulator", "tr_een").await.unwrap(), Some(bet.clone()));
    assert_eq!(store.betaling_per_psp_id("mollie", "tr_een").await.unwrap(), None);
    assert_eq!(store.betalingen_van_zaak(twee.id).await.unwrap(), vec![bet.clone()]);

    let op = datetime!(2026-03-03 11:05 UTC);
    let betaald = store.zet_betaalstatus(bet.id, "open", "betaald", op).await.unwrap().unwrap();
    assert_eq!((betaald.status.as_str(), betaald.betaald_op), ("betaald", Some(op)));
    assert_eq!(store.zet_betaalstatus(bet.id, "open", "betaald", op).await.unwrap(), None, "a repeat changes nothing");
    assert_eq!(store.zet_betaalstatus(bet.id, "open", "mislukt", op).await.unwrap(), None);
    let terug = store.zet_betaalstatus(bet.id, "betaald", "terugbetaald", op).await.unwrap().unwrap();
    assert_eq!((terug.status.as_str(), terug.betaald_op), ("terugbetaald", Some(op)), "the day it was paid stays");
    let dubbel = store.maak_betaling(betaling("tr_een", &posten, op)).await;
    assert!(dubbel.is_err(), "a provider's id is one payment");
    assert!(matches!(store.betaling(BetalingId::nieuw()).await, Err(StoreError::NotFound(_))));
}

async fn open_payments_and_the_finance_rows_of_a_day_are_found_per_authority(store: Store) {
    let regels = serde_json::json!([]);
    let hier = zaak(&store, "gm9999", Indienen::standaard()).await;
    let elders = zaak(&store, "gm0001", Indienen::standaard()).await;
    let a = store.maak_aanslag(aanslag(&hier, "ontvangen", 25_000, &regels)).await.unwrap();
    let e = store.maak_aanslag(aanslag(&elders, "ontvangen", 5_000, &regels)).await.unwrap();
    let oud = datetime!(2026-03-03 10:30 UTC);
    let open = store.maak_betaling(betaling("tr_open", &[(a.id, 25_000)], oud)).await.unwrap();
    let betaald = store.maak_betaling(betaling("tr_betaald", &[(a.id, 25_000)], oud)).await.unwrap();
    store.maak_betaling(betaling("tr_elders", &[(e.id, 5_000)], oud)).await.unwrap();
    store.zet_betaalstatus(betaald.id, "open", "betaald", datetime!(2026-03-03 10:40 UTC)).await.unwrap();
    store.zet_betaalstatus(betaald.id, "open", "betaald", datetime!(2026-03-03 10:40 UTC)).await.unwrap();

    let nog_open = store.open_betalingen(datetime!(2026-03-03 10:35 UTC), 10).await.unwrap();
    assert!(nog_open.iter().any(|b| b.id == open.id) && nog_open.iter().all(|b| b.status == "open"));
    assert!(store.open_betalingen(datetime!(2026-03-03 10:00 UTC), 10).await.unwrap().is_empty());

    let dag = |d: Date| (d.midnight().assume_utc(), d.next_day().unwrap().midnight().assume_utc());
    let (van, tot) = dag(date!(2026 - 03 - 03));
    let rijen = store.financiele_regels("gm9999", van, tot).await.unwrap();
    let soorten: Vec<(&str, i64)> = rijen.iter().map(|r| (r.soort.as_str(), r.bedrag_cent)).collect();
    assert_eq!(soorten, [("aanslag", 25_000), ("betaling", 25_000)], "the other authority's rows stay out");
    assert!(rijen.iter().all(|r| r.zaaknummer == hier.zaaknummer && r.kostenplaats == "leges-bouw"));
    let (van, tot) = dag(date!(2026 - 03 - 04));
    assert!(store.financiele_regels("gm9999", van, tot).await.unwrap().is_empty());
}

async fn a_review_is_asked_once_per_case_answered_once_and_listed_per_authority(store: Store) {
    let z = zaak(&store, "gm9999", Indienen::standaard()).await;
    let nu = OffsetDateTime::now_utc();
    let nieuw = |zaak_id, hash| NieuweReview {
        id: ReviewId::nieuw(),
        zaak_id,
        token_hash: hash,
        bevoegd_gezag: "gm9999",
        team: Some("Team Bouwen"),
        aangemaakt: nu,
    };
    let r = store.maak_review(nieuw(z.id, "aaaa")).await.unwrap().expect("the first review of a case");
    assert!(store.maak_review(nieuw(z.id, "bbbb")).await.unwrap().is_none(), "one review per case");
    assert_eq!(store.review_per_token("aaaa").await.unwrap().id, r.id);
    assert!(matches!(store.review_per_token("bbbb").await, Err(StoreError::NotFound(_))));
    assert!(store.reviews("gm9999", 10).await.unwrap().is_empty(), "unanswered reviews are not listed");

    let antwoord = ReviewAntwoord { gemak: 4, tevredenheid: 5, verbetering: "Sneller graag.", beantwoord: nu };
    let beantwoord = store.beantwoord_review(r.id, antwoord).await.unwrap().expect("answered the first time");
    assert_eq!((beantwoord.gemak, beantwoord.tevredenheid), (Some(4), Some(5)));
    let weer = ReviewAntwoord { gemak: 1, tevredenheid: 1, verbetering: "", beantwoord: nu };
    assert!(store.beantwoord_review(r.id, weer).await.unwrap().is_none(), "the link works once");
    let lijst = store.reviews("gm9999", 10).await.unwrap();
    assert_eq!(lijst.len(), 1);
    assert_eq!(lijst[0].verbetering.as_deref(), Some("Sneller graag."));
    assert!(store.reviews("gm0297", 10).await.unwrap().is_empty(), "another authority sees none");
}

fn initiatief_gegevens<'a>(
    code: &'a str,
    wie: Uuid,
    openbaar: bool,
    bbox: [f64; 4],
    inhoud: &'a serde_json::Value,
    melding: Option<&'a serde_json::Value>,
) -> stip_store::InitiatiefGegevens<'a> {
    stip_store::InitiatiefGegevens { code, initiatiefnemer: wie, openbaar, bbox, inhoud, melding }
}

async fn an_initiative_is_found_by_id_and_code_and_changes_only_over_the_version_read(store: Store) {
    use stip_store::{InitiatiefId, InitiatiefRepository};
    let (id, wie, nu) = (InitiatiefId::nieuw(), Uuid::now_v7(), datetime!(2026-12-03 10:00 UTC));
    let v1 = serde_json::json!({ "titel": "Aanbouw", "versie": 1 });
    let rij = store
        .maak_initiatief(id, initiatief_gegevens("ABCD2345", wie, false, [0.0, 0.0, 10.0, 10.0], &v1, None), nu)
        .await
        .unwrap();
    assert_eq!((rij.versie, rij.openbaar, rij.inhoud.clone()), (1, false, v1.clone()));
    assert_eq!(store.initiatief(id).await.unwrap(), rij);
    assert_eq!(store.initiatief_per_code("ABCD2345").await.unwrap().map(|r| r.id), Some(id));
    assert_eq!(store.initiatief_per_code("ZZZZ9999").await.unwrap(), None);
    let dubbel = store
        .maak_initiatief(InitiatiefId::nieuw(), initiatief_gegevens("ABCD2345", wie, false, [0.0; 4], &v1, None), nu)
        .await;
    assert!(dubbel.is_err(), "a code opens one initiative");

    let v2 = serde_json::json!({ "titel": "Aanbouw", "versie": 2 });
    let later = nu + Duration::minutes(5);
    let nieuw = store
        .werk_initiatief_bij(
            id,
            1,
            initiatief_gegevens("ABCD2345", wie, true, [0.0, 0.0, 10.0, 10.0], &v2, None),
            later,
        )
        .await
        .unwrap();
    assert_eq!((nieuw.versie, nieuw.openbaar, nieuw.inhoud.clone(), nieuw.gewijzigd), (2, true, v2.clone(), later));
    let oud =
        store.werk_initiatief_bij(id, 1, initiatief_gegevens("ABCD2345", wie, false, [0.0; 4], &v1, None), later).await;
    assert!(matches!(oud, Err(StoreError::Conflict(_))), "{oud:?}");
    assert_eq!(store.initiatief(id).await.unwrap().inhoud, v2, "a stale change writes nothing");
    assert!(matches!(store.initiatief(InitiatiefId::nieuw()).await, Err(StoreError::NotFound(_))));
    assert_eq!(store.initiatieven_van(wie).await.unwrap().len(), 1);
    assert!(store.initiatieven_van(Uuid::now_v7()).await.unwrap().is_empty());
}

async fn public_initiatives_are_found_by_a_box_around_their_plan_and_open_with_a_happening_in_the_outbox(store: Store) {
    use stip_store::{InitiatiefId, InitiatiefRepository};
    let nu = datetime!(2026-12-03 10:00 UTC);
    let inhoud = serde_json::json!({});
    let melding = serde_json::json!({ "soort": "initiatief_geopend", "titel": "Nieuw initiatief" });
    let hier = InitiatiefId::nieuw();
    store
        .maak_initiatief(
            hier,
            initiatief_gegevens(
                "HIER2345",
                Uuid::now_v7(),
                true,
                [100.0, 100.0, 110.0, 110.0],
                &inhoud,
                Some(&melding),
            ),
            nu,
        )
        .await
        .unwrap();
    store
        .maak_initiatief(
            InitiatiefId::nieuw(),
            initiatief_gegevens("VERR2345", Uuid::now_v7(), true, [900.0, 900.0, 910.0, 910.0], &inhoud, None),
            nu,
        )
        .await
        .unwrap();
    store
        .maak_initiatief(
            InitiatiefId::nieuw(),
            initiatief_gegevens("GEHE2345", Uuid::now_v7(), false, [100.0, 100.0, 110.0, 110.0], &inhoud, None),
            nu,
        )
        .await
        .unwrap();
    let gevonden: Vec<_> = store
        .openbare_initiatieven([105.0, 105.0, 200.0, 200.0], 10)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(gevonden, [hier], "public, and meeting the box");
    let bronnen = store.claim_bronnen(10, nu, nu + Duration::minutes(1)).await.unwrap();
    assert_eq!(bronnen.len(), 1, "one happening: the public initiative that asked for one");
    assert_eq!(bronnen[0].melding.as_ref().unwrap()["titel"], "Nieuw initiatief");
}

async fn a_kept_key_is_made_once_whoever_asks_first(store: Store) {
    use stip_store::InitiatiefRepository;
    let nu = datetime!(2026-12-03 10:00 UTC);
    let (a, b) = tokio::join!(store.sleutel("test.sleutel", "eerste", nu), store.sleutel("test.sleutel", "tweede", nu));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a, b, "both askers get the same key");
    assert_eq!(store.sleutel("test.sleutel", "derde", nu).await.unwrap(), a);
    assert_eq!(store.sleutel("andere.sleutel", "vierde", nu).await.unwrap(), "vierde");
}

// --- verzoeken (vooroverleg) ---------------------------------------------------------------------------------------

async fn verzoek(store: &Store, aanvrager: Uuid, soort: &str, ontvangen: OffsetDateTime) -> stip_store::Verzoek {
    store
        .maak_verzoek(NieuwVerzoek {
            id: VerzoekId::nieuw(),
            soort,
            letter: 'B',
            aanvrager,
            bevoegd_gezag: "gm9999",
            onderwerp: "Aanbouw",
            vraag: "Kan dit?",
            aanvraag_id: None,
            verslag: None,
            initiatief: None,
            ontvangen,
            uiterlijk: ontvangen.date() + Duration::days(14),
        })
        .await
        .unwrap()
}

async fn a_request_gets_the_next_number_of_its_year_and_moves_on_only_from_the_status_it_had(store: Store) {
    let g = store.maak_gebruiker(persoon("v@example.nl", "V")).await.unwrap();
    let a = verzoek(&store, g.id.0, "quickscan", datetime!(2026-03-03 10:00 UTC)).await;
    let b = verzoek(&store, g.id.0, "bezoek", datetime!(2026-03-04 10:00 UTC)).await;
    assert_eq!((a.nummer.as_str(), b.nummer.as_str()), ("V-2026-000001-B", "V-2026-000002-B"));
    assert_eq!(store.verzoek(a.id).await.unwrap(), a);
    assert_eq!(store.verzoeken_van(g.id.0).await.unwrap().iter().map(|v| v.id).collect::<Vec<_>>(), [b.id, a.id]);
    let nu = datetime!(2026-03-05 09:00 UTC);
    let w = VerzoekWijziging { status: "beantwoord", behandelaar: Some(g.id.0), antwoord: Some(("Ja.", nu)), nu };
    let beantwoord = store.werk_verzoek_bij(a.id, "ontvangen", w).await.unwrap().unwrap();
    assert_eq!((beantwoord.status.as_str(), beantwoord.antwoord.as_deref()), ("beantwoord", Some("Ja.")));
    assert_eq!(beantwoord.beantwoord, Some(nu));
    assert_eq!(store.werk_verzoek_bij(a.id, "ontvangen", w).await.unwrap(), None, "someone else was first");
    let open = store.verzoeken_voor("gm9999", &["ontvangen", "in_behandeling"]).await.unwrap();
    assert_eq!(open.iter().map(|v| v.id).collect::<Vec<_>>(), [b.id]);
    assert!(store.verzoeken_voor("gm0001", &[]).await.unwrap().is_empty());
    assert!(matches!(store.verzoek(VerzoekId::nieuw()).await, Err(StoreError::NotFound(_))));
}

async fn of_requesters_racing_for_one_visit_slot_exactly_one_gets_it_and_a_request_holds_one_slot(store: Store) {
    let ambtenaar = store.maak_gebruiker(persoon("a@example.nl", "A")).await.unwrap();
    let van = datetime!(2026-03-10 09:00 UTC);
    for ronde in 0..3 {
        let m = store
            .publiceer_moment(NieuwMoment {
                id: MomentId::nieuw(),
                bevoegd_gezag: "gm9999",
                van: van + Duration::days(ronde),
                tot: van + Duration::days(ronde) + Duration::hours(1),
                toelichting: "Twee medewerkers",
                door: ambtenaar.id.0,
                aangemaakt: datetime!(2026-03-01 09:00 UTC),
            })
            .await
            .unwrap();
        let mut verzoeken = Vec::new();
        for i in 0..6 {
            let g = store.maak_gebruiker(persoon(&format!("r{ronde}-{i}@example.nl"), "R")).await.unwrap();
            verzoeken.push(verzoek(&store, g.id.0, "bezoek", datetime!(2026-03-02 10:00 UTC)).await);
        }
        let pogingen: Vec<_> = verzoeken
            .iter()
            .map(|v| {
                let (store, id, moment) = (store.clone(), v.id, m.id);
                tokio::spawn(async move { store.reserveer_moment(moment, id).await })
            })
            .collect();
        let mut winnaars = Vec::new();
        for p in pogingen {
            match p.await.unwrap() {
                Ok(m) => winnaars.push(m.verzoek_id),
                Err(StoreError::Conflict(_)) => {}
                Err(e) => panic!("round {ronde}: {e}"),
            }
        }
        assert_eq!(winnaars.len(), 1, "round {ronde}: exactly one requester takes the slot");
        assert_eq!(store.moment_van(winnaars[0].unwrap()).await.unwrap().map(|x| x.id), Some(m.id));
    }
    let vrij = store.momenten("gm9999", datetime!(2026-03-01 00:00 UTC), true).await.unwrap();
    assert!(vrij.is_empty(), "every slot is taken");
    assert_eq!(store.momenten("gm9999", datetime!(2026-03-01 00:00 UTC), false).await.unwrap().len(), 3);
    // A request that holds a slot cannot take a second one.
    let tweede = store
        .publiceer_moment(NieuwMoment {
            id: MomentId::nieuw(),
            bevoegd_gezag: "gm9999",
            van: van + Duration::days(7),
            tot: van + Duration::days(7) + Duration::hours(1),
            toelichting: "",
            door: ambtenaar.id.0,
            aangemaakt: datetime!(2026-03-01 09:00 UTC),
        })
        .await
        .unwrap();
    let houder = vrij_of_genomen(&store).await;
    assert!(matches!(store.reserveer_moment(tweede.id, houder).await, Err(StoreError::Conflict(_))));
    assert!(matches!(store.reserveer_moment(MomentId::nieuw(), houder).await, Err(StoreError::NotFound(_))));
}

/// A request that holds one of the slots.
async fn vrij_of_genomen(store: &Store) -> VerzoekId {
    let alle = store.momenten("gm9999", datetime!(2026-03-01 00:00 UTC), false).await.unwrap();
    alle.iter().find_map(|m| m.verzoek_id).unwrap()
}

async fn the_pool_counts_each_initiatiefmanagers_open_assignments_and_a_second_choice_replaces_the_first(store: Store) {
    let a = store.maak_gebruiker(persoon("im-a@example.nl", "Anna")).await.unwrap();
    let b = store.maak_gebruiker(persoon("im-b@example.nl", "Bram")).await.unwrap();
    let burger = store.maak_gebruiker(persoon("burger@example.nl", "Ilse")).await.unwrap();
    store
        .zet_initiatiefmanager(a.id.0, "gm9999", true, Some("14 9999"), datetime!(2026-03-01 09:00 UTC))
        .await
        .unwrap();
    store.zet_initiatiefmanager(b.id.0, "gm9999", true, None, datetime!(2026-03-01 10:00 UTC)).await.unwrap();
    let kies = |pakket: &'static str, manager: Option<Uuid>, initiatief: Option<Uuid>| NieuweDienstverlening {
        aanvrager: burger.id.0,
        initiatief,
        bevoegd_gezag: "gm9999",
        pakket,
        initiatiefmanager: manager,
        gekozen: datetime!(2026-03-02 09:00 UTC),
    };
    let initiatief = Some(Uuid::now_v7());
    store.kies_dienstverlening(kies("begeleid", Some(a.id.0), initiatief)).await.unwrap();
    let pool = store.initiatiefmanagers("gm9999").await.unwrap();
    let telling: Vec<(&str, i64)> = pool.iter().map(|m| (m.naam.as_str(), m.open)).collect();
    assert_eq!(telling, [("Anna", 1), ("Bram", 0)], "in the order they joined");
    assert_eq!(pool[0].telefoon.as_deref(), Some("14 9999"));
    assert_eq!(pool[0].email.as_deref(), Some("im-a@example.nl"));
    // Chosen again for the same initiative: one choice, now without a manager.
    store.kies_dienstverlening(kies("zelf_doen", None, initiatief)).await.unwrap();
    assert_eq!(store.dienstverlening_van(burger.id.0).await.unwrap().len(), 1);
    assert_eq!(store.initiatiefmanagers("gm9999").await.unwrap()[0].open, 0);
    store.kies_dienstverlening(kies("ontzorgd", Some(b.id.0), None)).await.unwrap();
    assert_eq!(store.dienstverlening_van(burger.id.0).await.unwrap().len(), 2, "another initiative is another choice");
    store.zet_initiatiefmanager(a.id.0, "gm9999", false, None, datetime!(2026-03-03 09:00 UTC)).await.unwrap();
    assert_eq!(store.initiatiefmanager(a.id.0).await.unwrap(), None);
    assert_eq!(store.initiatiefmanagers("gm9999").await.unwrap().len(), 1);
}

async fn a_sample_keeps_its_seed_and_inputs_and_is_listed_per_authority_newest_first(store: Store) {
    let door = Uuid::now_v7();
    let inhoud = serde_json::json!({ "omvang": "5%", "zaken": [{ "zaaknummer": "Z-2026-000001", "score": 13.5 }] });
    // The largest seed there is: kept as its decimal text, not squeezed into a signed integer.
    let seed = u64::MAX.to_string();
    let mut ids = Vec::new();
    for gezag in ["gm9999", "gm9999", "gm0001"] {
        let id = Uuid::now_v7();
        let s = store
            .bewaar_steekproef(NieuweSteekproef {
                id,
                bevoegd_gezag: gezag,
                seed: &seed,
                inhoud: &inhoud,
                door,
                door_naam: "Ilse",
            })
            .await
            .unwrap();
        assert_eq!((s.id, s.seed.as_str(), &s.inhoud, s.door), (id, seed.as_str(), &inhoud, door));
        assert_eq!(store.steekproef(id).await.unwrap(), s);
        ids.push(id);
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    }
    let eigen: Vec<Uuid> = store.steekproeven("gm9999", 10).await.unwrap().iter().map(|s| s.id).collect();
    assert_eq!(eigen, [ids[1], ids[0]]);
    assert!(matches!(store.steekproef(Uuid::now_v7()).await, Err(StoreError::NotFound(_))));
}

async fn an_inspection_is_found_by_its_id_on_its_case(store: Store) {
    let z = zaak(&store, "gm9999", Indienen::standaard()).await;
    let id = Uuid::now_v7();
    store.koppel_inspectie(id, z.id).await.unwrap();
    assert_eq!(store.zaak_van_inspectie(id).await.unwrap(), Some(z.id));
    assert_eq!(store.zaak_van_inspectie(Uuid::now_v7()).await.unwrap(), None);
    assert!(store.koppel_inspectie(id, z.id).await.is_err(), "an inspection belongs to one case");
}

async fn a_submit_and_every_event_keep_the_cases_report_facts_current_and_an_earlier_case_gets_them_from_its_history(
    store: Store,
    sql: Sql,
) {
    let z = zaak(&store, "gm0297", Indienen::standaard()).await;
    let (van, tot) = (date!(2026 - 01 - 01), date!(2026 - 04 - 01));
    let feiten = store.feiten("gm0297", van, tot).await.unwrap();
    assert_eq!(feiten.len(), 1, "the submit wrote the fact in its own transaction");
    assert_eq!((feiten[0].zaaknummer.as_str(), feiten[0].bevoegd_gezag.as_str()), (z.zaaknummer.as_str(), "gm0297"));
    assert_eq!(feiten[0].ontvangen, date!(2026 - 03 - 02));
    assert_eq!(store.open_feiten("gm0297").await.unwrap().len(), 1);
    assert_eq!(store.instroom("gm0297", van, tot).await.unwrap(), vec![(date!(2026 - 03 - 02), 1)]);
    // An advice and the decision, each written with its event.
    let advies = serde_json::json!({"adviseur": "Omgevingsdienst", "vraag": "Geluid?"});
    let z =
        store.voeg_gebeurtenis_toe(z.id, 1, gebeurtenis("advies_gevraagd", &advies), stand("advies")).await.unwrap();
    let besluit = serde_json::json!({"besluit": {"uitkomst": "geweigerd", "motivering": "Te hoog."}});
    let mut g = gebeurtenis("besluit_genomen", &besluit);
    g.op = datetime!(2026-03-20 09:00 UTC);
    store.voeg_gebeurtenis_toe(z.id, z.laatste_volgnummer, g, stand("besluit")).await.unwrap();
    let f = store.feiten("gm0297", van, tot).await.unwrap().remove(0);
    assert_eq!((f.besloten, f.uitkomst.as_deref()), (Some(date!(2026 - 03 - 20)), Some("geweigerd")));
    assert_eq!((f.doorlooptijd(), f.binnen_termijn()), (Some(18), Some(true)));
    assert_eq!(f.adviezen[0].adviseur, "Omgevingsdienst");
    assert!(store.open_feiten("gm0297").await.unwrap().is_empty(), "decided: no longer open work");
    assert!(store.feiten("gm0001", van, tot).await.unwrap().is_empty(), "another authority's report is empty");
    // A case from before reporting (its fact removed around the store) gets it back from its history.
    let tweede = zaak(&store, "gm0297", Indienen::standaard()).await;
    let weg = format!(
        "DELETE FROM zaak_feit WHERE zaak_id = (SELECT id FROM zaak WHERE zaaknummer = '{}')",
        tweede.zaaknummer
    );
    assert_eq!(sql.execute(&weg).await.unwrap(), 1);
    assert_eq!(store.feiten("gm0297", van, tot).await.unwrap().len(), 1);
    assert_eq!(store.vul_feiten_aan().await.unwrap(), 1);
    assert_eq!(store.vul_feiten_aan().await.unwrap(), 0, "made once");
    assert_eq!(store.feiten("gm0297", van, tot).await.unwrap().len(), 2);
}

/// The rollup rows as one sum per key, as a report adds them up.
async fn rollup(store: &Store, van: Date, tot: Date) -> std::collections::BTreeMap<Sleutel, Telling> {
    telling::samen(store.tellingen("gm0297", van, tot).await.unwrap())
}

async fn the_report_rollup_equals_the_rollup_of_the_facts_before_and_after_folding_and_earlier_facts_are_counted_once(
    store: Store,
    sql: Sql,
) {
    let (van, tot) = (date!(2026 - 01 - 01), date!(2026 - 07 - 01));
    let eerste = zaak(&store, "gm0297", Indienen::standaard()).await;
    let tweede = zaak(&store, "gm0297", Indienen::standaard()).await;
    zaak(&store, "gm0001", Indienen::standaard()).await;
    let advies = serde_json::json!({"adviseur": "Omgevingsdienst", "vraag": "Geluid?"});
    let z = store
        .voeg_gebeurtenis_toe(eerste.id, 1, gebeurtenis("advies_gevraagd", &advies), stand("advies"))
        .await
        .unwrap();
    let besluit = serde_json::json!({"besluit": {"uitkomst": "verleend", "motivering": "Past."}});
    let mut g = gebeurtenis("besluit_genomen", &besluit);
    g.op = datetime!(2026-04-20 09:00 UTC);
    store.voeg_gebeurtenis_toe(z.id, z.laatste_volgnummer, g, stand("besluit")).await.unwrap();
    let uit_feiten = || async {
        telling::samen(store.feiten("gm0297", van, tot).await.unwrap().iter().flat_map(telling::bijdragen))
    };
    let verwacht = uit_feiten().await;
    assert_eq!(verwacht.values().map(|t| t.ontvangen).sum::<i64>(), 2);
    assert_eq!(verwacht.values().map(|t| t.besloten).sum::<i64>(), 1);
    assert_eq!(rollup(&store, van, tot).await, verwacht, "the writers' differences, not folded yet");
    assert!(store.vouw_tellingen().await.unwrap() > 0);
    assert_eq!(store.vouw_tellingen().await.unwrap(), 0, "folded once");
    assert_eq!(rollup(&store, van, tot).await, verwacht, "the totals, folded");
    // The undecided case is open past its term at the end of the year's third quarter; the SQL counts as the domain.
    let q3 = Periode::parse("2026-Q3").unwrap();
    let feiten = store.feiten("gm0297", q3.van, q3.tot).await.unwrap();
    for filter in [Filter::default(), Filter { team: Some("geen".into()), ..Filter::default() }] {
        assert_eq!(
            store.open_over_termijn("gm0297", q3, &filter).await.unwrap(),
            telling::open_over_termijn(&feiten, q3, &filter)
        );
    }
    assert_eq!(store.open_over_termijn("gm0297", q3, &Filter::default()).await.unwrap(), 1, "{}", tweede.zaaknummer);
    // Facts from before the rollup (an earlier release wrote them): counted once, beside the writers.
    for weg in ["DELETE FROM zaak_telling", "DELETE FROM zaak_telling_verschil", "UPDATE zaak_feit SET geteld = false"]
    {
        sql.execute(weg).await.unwrap();
    }
    assert!(rollup(&store, van, tot).await.is_empty());
    assert_eq!(store.tel_aan().await.unwrap(), 3, "every authority's facts");
    assert_eq!(store.tel_aan().await.unwrap(), 0, "counted once");
    assert_eq!(rollup(&store, van, tot).await, verwacht);
    // A later event on a counted fact moves its counts: withdrawn, the second case is no longer open.
    let ingetrokken = serde_json::json!({"reden": "Plan gaat niet door."});
    store
        .voeg_gebeurtenis_toe(tweede.id, 1, gebeurtenis("aanvraag_ingetrokken", &ingetrokken), stand("ingetrokken"))
        .await
        .unwrap();
    store.vouw_tellingen().await.unwrap();
    let na = rollup(&store, van, tot).await;
    assert_eq!(na, uit_feiten().await);
    assert_eq!(na.values().map(|t| t.ingetrokken).sum::<i64>(), 1);
    assert_eq!(store.open_over_termijn("gm0297", q3, &Filter::default()).await.unwrap(), 0);
}

async fn of_instances_asking_at_once_exactly_one_holds_a_lease_until_it_runs_out(store: Store) {
    let nu = datetime!(2026-12-04 10:00 UTC);
    let tot = nu + Duration::minutes(5);
    let vragen = (0..8).map(|i| {
        let store = store.clone();
        tokio::spawn(async move { store.neem_lease("herinneren", &format!("instantie-{i}"), nu, tot).await.unwrap() })
    });
    let mut houders = Vec::new();
    for (i, v) in vragen.enumerate() {
        if v.await.unwrap() {
            houders.push(format!("instantie-{i}"));
        }
    }
    assert_eq!(houders.len(), 1, "{houders:?}");
    let houder = &houders[0];
    let ander = if houder == "instantie-0" { "instantie-1" } else { "instantie-0" };
    assert!(!store.neem_lease("herinneren", ander, nu + Duration::minutes(4), tot).await.unwrap());
    assert!(store.neem_lease("afstemmen", ander, nu, tot).await.unwrap(), "another task has its own lease");
    assert!(
        store.neem_lease("herinneren", houder, nu + Duration::minutes(4), tot + Duration::minutes(4)).await.unwrap()
    );
    assert!(!store.neem_lease("herinneren", ander, tot, tot + Duration::minutes(5)).await.unwrap(), "renewed");
    let later = tot + Duration::minutes(4);
    assert!(store.neem_lease("herinneren", ander, later, later + Duration::minutes(5)).await.unwrap(), "ran out");
    assert!(!store.neem_lease("herinneren", houder, later, later + Duration::minutes(5)).await.unwrap());
}

async fn an_imported_open_data_set_is_kept_once_per_municipality_and_period(store: Store) {
    let nu = datetime!(2027-01-10 10:00 UTC);
    let een = serde_json::json!({"schema": "stip-kpi/1", "besloten": 3});
    let twee = serde_json::json!({"schema": "stip-kpi/1", "besloten": 4});
    store.bewaar_open_data("gm0001", "2026-Q4", &een, nu).await.unwrap();
    store.bewaar_open_data("gm0001", "2026-Q4", &twee, nu).await.unwrap();
    store.bewaar_open_data("gm0001", "2026-Q3", &een, nu).await.unwrap();
    let sets = store.open_data_sets().await.unwrap();
    assert_eq!(sets.len(), 2);
    assert_eq!(
        (sets[1].periode.as_str(), sets[1].inhoud["besloten"].as_i64()),
        ("2026-Q4", Some(4)),
        "a newer import replaces"
    );
}
