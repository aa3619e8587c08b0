//! One contract for every backend: each behaviour below runs against SQLite and against PostgreSQL.
//!
//! PostgreSQL is expected at `STIP_TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/test`); every test
//! works in a schema of its own. These tests do not skip: `.ci/run` starts PostgreSQL before it runs them.

use stip_store::{
    Contactvoorkeur, DatabaseUrl, DatasetKind, DatasetRepository, GebruikerId, GebruikerRepository, HulpvraagId,
    HulpvraagRepository, HulpvraagStatus, NewDataset, NieuwVerslag, NieuweGebruiker, NieuweHulpvraag, NieuweInloglink,
    NieuweSessie, PgStore, Rol, SqliteStore, Store, StoreError, VerslagRepository,
};
use time::{Duration, OffsetDateTime};

struct TestStore {
    store: Store,
    _dir: Option<TempDir>,
    /// The PostgreSQL schema to drop afterwards: (server URL, schema).
    schema: Option<(DatabaseUrl, String)>,
}

impl TestStore {
    async fn run<F: std::future::Future<Output = ()>>(self, contract: impl FnOnce(Store) -> F) {
        contract(self.store.clone()).await;
        self.store.close().await;
        if let Some((url, schema)) = self.schema {
            PgStore::drop_schema(&url, &schema).await.unwrap();
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
    TestStore { store: Store::Postgres(store), _dir: None, schema: Some((url, schema)) }
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
    not_found(store.start_sessie(NieuweSessie { token_hash: "h", gebruiker: id, verloopt: over(60) }).await.map(drop));
    let link = NieuweInloglink { token_hash: "h", email: "x@example.nl", gebruiker: id, verloopt: over(15) };
    not_found(store.maak_inloglink(link).await);
}

async fn a_session_finds_its_user_until_it_is_ended(store: Store) {
    let g = store.maak_gebruiker(persoon("s@example.nl", "S")).await.unwrap();
    let verloopt = over(60).replace_nanosecond(0).unwrap();
    let s = store.start_sessie(NieuweSessie { token_hash: "hash-1", gebruiker: g.id, verloopt }).await.unwrap();
    assert_eq!((s.gebruiker, s.verloopt), (g.id, verloopt));
    assert_eq!(s.laatst_gebruikt, s.aangemaakt);
    let (gevonden, wie) = store.sessie("hash-1").await.unwrap().expect("a running session");
    assert_eq!((gevonden, wie), (s.clone(), g.clone()));

    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    store.ververs_sessie(s.id).await.unwrap();
    let (ververst, _) = store.sessie("hash-1").await.unwrap().unwrap();
    assert!(ververst.laatst_gebruikt > s.laatst_gebruikt, "the last use moved on");
    assert_eq!(ververst.verloopt, verloopt, "refreshing never moves the absolute end");

    store.beeindig_sessie(s.id).await.unwrap();
    assert_eq!(store.sessie("hash-1").await.unwrap(), None);
    store.beeindig_sessie(s.id).await.unwrap();
    let dubbel = store.start_sessie(NieuweSessie { token_hash: "hash-1", gebruiker: g.id, verloopt }).await;
    assert!(dubbel.is_err(), "a token hash is used for one session only");
}

async fn an_expired_session_or_an_unknown_token_finds_nobody(store: Store) {
    let g = store.maak_gebruiker(persoon("e@example.nl", "E")).await.unwrap();
    let nieuw = NieuweSessie { token_hash: "oud", gebruiker: g.id, verloopt: over(-1) };
    store.start_sessie(nieuw).await.unwrap();
    assert_eq!(store.sessie("oud").await.unwrap(), None);
    assert_eq!(store.sessie("nooit-gezien").await.unwrap(), None);
}

async fn ending_all_sessions_of_a_user_leaves_other_users_logged_in(store: Store) {
    let a = store.maak_gebruiker(persoon("a@example.nl", "A")).await.unwrap();
    let b = store.maak_gebruiker(persoon("b@example.nl", "B")).await.unwrap();
    for (hash, wie) in [("a1", a.id), ("a2", a.id), ("b1", b.id)] {
        store.start_sessie(NieuweSessie { token_hash: hash, gebruiker: wie, verloopt: over(60) }).await.unwrap();
    }
    assert_eq!(store.beeindig_sessies_van(a.id).await.unwrap(), 2);
    assert_eq!(store.sessie("a1").await.unwrap(), None);
    assert_eq!(store.sessie("a2").await.unwrap(), None);
    assert_eq!(store.sessie("b1").await.unwrap().map(|(_, g)| g.id), Some(b.id));
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
