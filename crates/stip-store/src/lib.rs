//! stip's storage: one [`Store`] over SQLite (embedded default) or PostgreSQL, with a repository trait per aggregate.
//!
//! Domain crates never see this crate; the web layer and the binary do. Every backend implements every repository
//! trait, and `tests/contract.rs` runs one suite against both.

mod aanvraag;
mod bekendmaking;
mod bericht;
mod dataset;
mod error;
mod gebruiker;
mod gedeeld;
mod groepscommit;
mod hulpvraag;
mod initiatief;
mod inzending;
mod lease;
mod leges;
mod postgres;
mod rapportage;
mod review;
mod rij;
mod sqlite;
mod toezicht;
mod url;
mod verslag;
mod verzoek;
mod zaak;

pub use aanvraag::{
    Aanvraag, AanvraagGegevens, AanvraagId, AanvraagRepository, AanvraagStatus, Document, DocumentId, NieuwDocument,
};
pub use bekendmaking::{
    Bekendmaking, BekendmakingCursor, BekendmakingFilter, BekendmakingPagina, BekendmakingRepository,
    MAX_BEKENDMAKINGEN,
};
pub use bericht::{
    Abonnement, AbonnementId, Bericht, BerichtBron, BerichtId, BerichtRepository, BerichtStatus, BerichtTelling,
    Melding, NieuwAbonnement, NieuwBericht, NieuweMelding,
};
pub use dataset::{CHUNK_BYTES, DatasetId, DatasetKind, DatasetMeta, DatasetRepository, NewDataset};
pub use error::StoreError;
pub use gebruiker::{
    Gebruiker, GebruikerId, GebruikerRepository, Inloglink, NieuweGebruiker, NieuweInloglink, NieuweSessie,
    OidcKoppeling, Rol, Sessie, SessieId, normaliseer_email,
};
pub use hulpvraag::{
    Contactvoorkeur, HulpAntwoord, Hulpvraag, HulpvraagId, HulpvraagRepository, HulpvraagStatus, NieuweHulpvraag,
};
pub use initiatief::{InitiatiefGegevens, InitiatiefId, InitiatiefRepository, InitiatiefRij, MAX_INITIATIEVEN};
pub use inzending::{Inzending, InzendingId, InzendingRepository, InzendingSoort, NieuwStuk, NieuweInzending};
pub use lease::LeaseRepository;
pub use leges::{
    Aanslag, AanslagId, AanslagSoort, Betaling, BetalingId, FinancieleRegel, LegesRepository, NieuweAanslag,
    NieuweBetaling,
};
pub use postgres::{PgStore, Publicaties};
pub use rapportage::{OpenDataSet, Overig, RapportageRepository, TERUGKIJK_DAGEN, groepen_kolom};
pub use review::{NieuweReview, Review, ReviewAntwoord, ReviewId, ReviewRepository};
pub use sqlite::SqliteStore;
pub use toezicht::{NieuweSteekproef, Steekproef, ToezichtRepository};
pub use url::DatabaseUrl;
pub use verslag::{NieuwVerslag, Verslag, VerslagRepository};
pub use verzoek::{
    Dienstverlening, Initiatiefmanager, Moment, MomentId, NieuwMoment, NieuwVerzoek, NieuweDienstverlening, Verzoek,
    VerzoekId, VerzoekRepository, VerzoekWijziging,
};
pub use zaak::{
    Gebeurtenis, Indiening, MAX_PAGINA, NieuweGebeurtenis, NieuweZaak, Zaak, ZaakCursor, ZaakFilter, ZaakId,
    ZaakPagina, ZaakRepository, ZaakStand,
};

use std::time::Duration;

/// How long start-up waits for a database before it gives up with a clear error.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// This release's migrations, run so that a migration of a newer release already in the database is no error: during
/// a rolling upgrade an instance of the previous release may start (or restart) after the first new one migrated, and
/// a rollback starts the previous release on the newer schema. Every migration is therefore one the previous release
/// can run beside (README, "Deployment").
pub(crate) fn migraties(mut m: sqlx::migrate::Migrator) -> sqlx::migrate::Migrator {
    m.set_ignore_missing(true);
    m
}

/// The PostgreSQL notification channel on which a publish or retire of a dataset version tells every instance on the
/// database, at its commit, to look for new data.
pub const PUBLICATIE_KANAAL: &str = "stip_publicatie";

/// The store behind a running stip: one of the backends, chosen by the database URL.
#[derive(Clone, Debug)]
pub enum Store {
    Sqlite(SqliteStore),
    Postgres(PgStore),
}

impl Store {
    /// Connects to the database named by `url` and applies this backend's pending migrations.
    pub async fn open(url: &DatabaseUrl) -> Result<Store, StoreError> {
        match url {
            DatabaseUrl::Sqlite { .. } => Ok(Store::Sqlite(SqliteStore::open(url).await?)),
            DatabaseUrl::Postgres { .. } => Ok(Store::Postgres(PgStore::open(url).await?)),
        }
    }

    /// The backend's name, for logs and the readiness answer.
    pub fn backend(&self) -> &'static str {
        match self {
            Store::Sqlite(_) => "sqlite",
            Store::Postgres(_) => "postgres",
        }
    }

    /// Answers whether the database takes a query now (readiness).
    pub async fn ping(&self) -> Result<(), StoreError> {
        match self {
            Store::Sqlite(s) => s.ping().await,
            Store::Postgres(s) => s.ping().await,
        }
    }

    /// Notices of dataset versions published or retired by any process on this database (PostgreSQL `LISTEN`, on a
    /// connection of its own); `None` on SQLite, where a running stip finds them only by looking.
    pub async fn publicaties(&self) -> Result<Option<Publicaties>, StoreError> {
        match self {
            Store::Sqlite(_) => Ok(None),
            Store::Postgres(s) => s.publicaties().await.map(Some),
        }
    }

    /// Closes every connection; waits for running queries to finish.
    pub async fn close(&self) {
        match self {
            Store::Sqlite(s) => s.close().await,
            Store::Postgres(s) => s.close().await,
        }
    }
}

/// Forwards a repository method to the backend in use.
macro_rules! dispatch {
    ($self:ident . $method:ident ( $($arg:expr),* )) => {
        match $self {
            Store::Sqlite(s) => s.$method($($arg),*).await,
            Store::Postgres(s) => s.$method($($arg),*).await,
        }
    };
}

impl DatasetRepository for Store {
    async fn publish(&self, new: NewDataset<'_>) -> Result<DatasetMeta, StoreError> {
        dispatch!(self.publish(new))
    }
    async fn current(&self, kind: DatasetKind) -> Result<Vec<DatasetMeta>, StoreError> {
        dispatch!(self.current(kind))
    }
    async fn history(&self, kind: DatasetKind, sleutel: &str) -> Result<Vec<DatasetMeta>, StoreError> {
        dispatch!(self.history(kind, sleutel))
    }
    async fn payload(&self, id: DatasetId) -> Result<Vec<u8>, StoreError> {
        dispatch!(self.payload(id))
    }
    async fn retire(&self, ids: &[DatasetId]) -> Result<(), StoreError> {
        dispatch!(self.retire(ids))
    }
}

impl VerslagRepository for Store {
    async fn bewaar_verslag(&self, nieuw: NieuwVerslag<'_>) -> Result<(), StoreError> {
        dispatch!(self.bewaar_verslag(nieuw))
    }
    async fn verslag(&self, sleutel_hash: &str) -> Result<Option<Verslag>, StoreError> {
        dispatch!(self.verslag(sleutel_hash))
    }
}

impl HulpvraagRepository for Store {
    async fn dien_hulpvraag_in(&self, nieuw: NieuweHulpvraag<'_>) -> Result<Hulpvraag, StoreError> {
        dispatch!(self.dien_hulpvraag_in(nieuw))
    }
    async fn hulpvraag(&self, id: HulpvraagId) -> Result<Hulpvraag, StoreError> {
        dispatch!(self.hulpvraag(id))
    }
    async fn hulpvragen(&self) -> Result<Vec<Hulpvraag>, StoreError> {
        dispatch!(self.hulpvragen())
    }
    async fn handel_hulpvraag_af(&self, id: HulpvraagId) -> Result<Hulpvraag, StoreError> {
        dispatch!(self.handel_hulpvraag_af(id))
    }
    async fn beantwoord_hulpvraag(&self, id: HulpvraagId, antwoord: &HulpAntwoord) -> Result<Hulpvraag, StoreError> {
        dispatch!(self.beantwoord_hulpvraag(id, antwoord))
    }
}

impl GebruikerRepository for Store {
    async fn maak_gebruiker(&self, nieuw: NieuweGebruiker<'_>) -> Result<Gebruiker, StoreError> {
        dispatch!(self.maak_gebruiker(nieuw))
    }
    async fn gebruiker(&self, id: GebruikerId) -> Result<Gebruiker, StoreError> {
        dispatch!(self.gebruiker(id))
    }
    async fn gebruiker_per_email(&self, email: &str) -> Result<Option<Gebruiker>, StoreError> {
        dispatch!(self.gebruiker_per_email(email))
    }
    async fn gebruiker_per_oidc(&self, issuer: &str, subject: &str) -> Result<Option<Gebruiker>, StoreError> {
        dispatch!(self.gebruiker_per_oidc(issuer, subject))
    }
    async fn koppel_oidc(&self, id: GebruikerId, issuer: &str, subject: &str) -> Result<Gebruiker, StoreError> {
        dispatch!(self.koppel_oidc(id, issuer, subject))
    }
    async fn zet_wachtwoord(&self, id: GebruikerId, wachtwoord_hash: Option<&str>) -> Result<(), StoreError> {
        dispatch!(self.zet_wachtwoord(id, wachtwoord_hash))
    }
    async fn zet_rollen(
        &self,
        id: GebruikerId,
        rollen: &[Rol],
        bevoegd_gezag: Option<&str>,
        team: Option<&str>,
    ) -> Result<Gebruiker, StoreError> {
        dispatch!(self.zet_rollen(id, rollen, bevoegd_gezag, team))
    }
    async fn gebruikers(&self, zoek: &str, limiet: u32) -> Result<Vec<Gebruiker>, StoreError> {
        dispatch!(self.gebruikers(zoek, limiet))
    }
    async fn start_sessie(&self, nieuw: NieuweSessie<'_>) -> Result<Sessie, StoreError> {
        dispatch!(self.start_sessie(nieuw))
    }
    async fn sessie(
        &self,
        token_hash: &str,
        nu: time::OffsetDateTime,
    ) -> Result<Option<(Sessie, Gebruiker)>, StoreError> {
        dispatch!(self.sessie(token_hash, nu))
    }
    async fn ververs_sessie(&self, id: SessieId, nu: time::OffsetDateTime) -> Result<(), StoreError> {
        dispatch!(self.ververs_sessie(id, nu))
    }
    async fn beeindig_sessie(&self, id: SessieId) -> Result<(), StoreError> {
        dispatch!(self.beeindig_sessie(id))
    }
    async fn beeindig_sessies_van(&self, gebruiker: GebruikerId) -> Result<u64, StoreError> {
        dispatch!(self.beeindig_sessies_van(gebruiker))
    }
    async fn maak_inloglink(&self, nieuw: NieuweInloglink<'_>) -> Result<(), StoreError> {
        dispatch!(self.maak_inloglink(nieuw))
    }
    async fn gebruik_inloglink(&self, token_hash: &str) -> Result<Option<Inloglink>, StoreError> {
        dispatch!(self.gebruik_inloglink(token_hash))
    }
}

impl AanvraagRepository for Store {
    async fn maak_aanvraag(
        &self,
        aanvrager: uuid::Uuid,
        gegevens: AanvraagGegevens<'_>,
    ) -> Result<Aanvraag, StoreError> {
        dispatch!(self.maak_aanvraag(aanvrager, gegevens))
    }
    async fn aanvraag(&self, id: AanvraagId) -> Result<Aanvraag, StoreError> {
        dispatch!(self.aanvraag(id))
    }
    async fn werk_aanvraag_bij(
        &self,
        id: AanvraagId,
        verwachte_versie: i64,
        gegevens: AanvraagGegevens<'_>,
    ) -> Result<Aanvraag, StoreError> {
        dispatch!(self.werk_aanvraag_bij(id, verwachte_versie, gegevens))
    }
    async fn aanvragen_van(&self, aanvrager: uuid::Uuid) -> Result<Vec<Aanvraag>, StoreError> {
        dispatch!(self.aanvragen_van(aanvrager))
    }
    async fn voeg_document_toe(&self, nieuw: NieuwDocument<'_>) -> Result<Document, StoreError> {
        dispatch!(self.voeg_document_toe(nieuw))
    }
    async fn document(&self, id: DocumentId) -> Result<Document, StoreError> {
        dispatch!(self.document(id))
    }
    async fn document_inhoud(&self, id: DocumentId) -> Result<Vec<u8>, StoreError> {
        dispatch!(self.document_inhoud(id))
    }
    async fn documenten(&self, aanvraag_id: AanvraagId) -> Result<Vec<Document>, StoreError> {
        dispatch!(self.documenten(aanvraag_id))
    }
    async fn verwijder_document(&self, id: DocumentId) -> Result<(), StoreError> {
        dispatch!(self.verwijder_document(id))
    }
}

impl ZaakRepository for Store {
    async fn dien_in(&self, nieuw: NieuweZaak<'_>) -> Result<Indiening, StoreError> {
        dispatch!(self.dien_in(nieuw))
    }
    async fn zaak(&self, id: ZaakId) -> Result<Zaak, StoreError> {
        dispatch!(self.zaak(id))
    }
    async fn zaak_per_nummer(&self, zaaknummer: &str) -> Result<Zaak, StoreError> {
        dispatch!(self.zaak_per_nummer(zaaknummer))
    }
    async fn zaak_van_aanvraag(&self, aanvraag_id: AanvraagId) -> Result<Option<Zaak>, StoreError> {
        dispatch!(self.zaak_van_aanvraag(aanvraag_id))
    }
    async fn zaken_op_perceel(&self, perceel: &str, statussen: &[&str]) -> Result<Vec<Zaak>, StoreError> {
        dispatch!(self.zaken_op_perceel(perceel, statussen))
    }
    async fn zaken_van(&self, aanvrager: uuid::Uuid) -> Result<Vec<Zaak>, StoreError> {
        dispatch!(self.zaken_van(aanvrager))
    }
    async fn voeg_gebeurtenis_toe(
        &self,
        zaak_id: ZaakId,
        verwacht_volgnummer: i64,
        gebeurtenis: NieuweGebeurtenis<'_>,
        stand: ZaakStand<'_>,
    ) -> Result<Zaak, StoreError> {
        dispatch!(self.voeg_gebeurtenis_toe(zaak_id, verwacht_volgnummer, gebeurtenis, stand))
    }
    async fn gebeurtenissen(&self, zaak_id: ZaakId) -> Result<Vec<Gebeurtenis>, StoreError> {
        dispatch!(self.gebeurtenissen(zaak_id))
    }
    async fn zaken_met_geschiedenis(&self, ids: &[ZaakId]) -> Result<Vec<(Zaak, Vec<Gebeurtenis>)>, StoreError> {
        dispatch!(self.zaken_met_geschiedenis(ids))
    }
    async fn zaken(&self, filter: &ZaakFilter, limiet: u32) -> Result<ZaakPagina, StoreError> {
        dispatch!(self.zaken(filter, limiet))
    }
    async fn tel_zaken(&self, filter: &ZaakFilter) -> Result<i64, StoreError> {
        dispatch!(self.tel_zaken(filter))
    }
}

impl BerichtRepository for Store {
    async fn maak_abonnement(&self, nieuw: NieuwAbonnement<'_>) -> Result<Abonnement, StoreError> {
        dispatch!(self.maak_abonnement(nieuw))
    }
    async fn abonnement(&self, id: AbonnementId) -> Result<Abonnement, StoreError> {
        dispatch!(self.abonnement(id))
    }
    async fn abonnement_per_sleutel(&self, sleutel: &str) -> Result<Option<Abonnement>, StoreError> {
        dispatch!(self.abonnement_per_sleutel(sleutel))
    }
    async fn bevestig_abonnement(&self, id: AbonnementId, nu: time::OffsetDateTime) -> Result<Abonnement, StoreError> {
        dispatch!(self.bevestig_abonnement(id, nu))
    }
    async fn zeg_abonnement_op(&self, id: AbonnementId, nu: time::OffsetDateTime) -> Result<Abonnement, StoreError> {
        dispatch!(self.zeg_abonnement_op(id, nu))
    }
    async fn abonnementen_van(&self, gebruiker: uuid::Uuid) -> Result<Vec<Abonnement>, StoreError> {
        dispatch!(self.abonnementen_van(gebruiker))
    }
    async fn actieve_abonnementen(&self) -> Result<Vec<Abonnement>, StoreError> {
        dispatch!(self.actieve_abonnementen())
    }
    async fn abonnementen_gewijzigd_sinds(&self, sinds: time::OffsetDateTime) -> Result<Vec<Abonnement>, StoreError> {
        dispatch!(self.abonnementen_gewijzigd_sinds(sinds))
    }
    async fn claim_bronnen(
        &self,
        limiet: u32,
        nu: time::OffsetDateTime,
        tot: time::OffsetDateTime,
    ) -> Result<Vec<BerichtBron>, StoreError> {
        dispatch!(self.claim_bronnen(limiet, nu, tot))
    }
    async fn verspreid(
        &self,
        bronnen: &[i64],
        meldingen: &[NieuweMelding],
        berichten: &[NieuwBericht],
        nu: time::OffsetDateTime,
    ) -> Result<(), StoreError> {
        dispatch!(self.verspreid(bronnen, meldingen, berichten, nu))
    }
    async fn claim_berichten(
        &self,
        limiet: u32,
        nu: time::OffsetDateTime,
        tot: time::OffsetDateTime,
    ) -> Result<Vec<Bericht>, StoreError> {
        dispatch!(self.claim_berichten(limiet, nu, tot))
    }
    async fn bezorgd(&self, ids: &[BerichtId], nu: time::OffsetDateTime) -> Result<(), StoreError> {
        dispatch!(self.bezorgd(ids, nu))
    }
    async fn niet_bezorgd(
        &self,
        id: BerichtId,
        fout: &str,
        opnieuw_op: Option<time::OffsetDateTime>,
    ) -> Result<(), StoreError> {
        dispatch!(self.niet_bezorgd(id, fout, opnieuw_op))
    }
    async fn probeer_opnieuw(&self, id: BerichtId, nu: time::OffsetDateTime) -> Result<(), StoreError> {
        dispatch!(self.probeer_opnieuw(id, nu))
    }
    async fn berichten_met_status(&self, status: BerichtStatus, limiet: u32) -> Result<Vec<Bericht>, StoreError> {
        dispatch!(self.berichten_met_status(status, limiet))
    }
    async fn tel_berichten(&self) -> Result<BerichtTelling, StoreError> {
        dispatch!(self.tel_berichten())
    }
    async fn inbox(&self, gebruiker: uuid::Uuid, vanaf: u32, limiet: u32) -> Result<Vec<Bericht>, StoreError> {
        dispatch!(self.inbox(gebruiker, vanaf, limiet))
    }
    async fn tel_inbox(&self, gebruiker: uuid::Uuid) -> Result<(i64, i64), StoreError> {
        dispatch!(self.tel_inbox(gebruiker))
    }
    async fn markeer_gelezen(
        &self,
        id: BerichtId,
        gebruiker: uuid::Uuid,
        nu: time::OffsetDateTime,
    ) -> Result<(), StoreError> {
        dispatch!(self.markeer_gelezen(id, gebruiker, nu))
    }
    async fn melding(&self, id: uuid::Uuid) -> Result<Melding, StoreError> {
        dispatch!(self.melding(id))
    }
}

impl InzendingRepository for Store {
    async fn dien_inzending_in(
        &self,
        zaak_id: ZaakId,
        verwacht_volgnummer: i64,
        nieuw: NieuweInzending<'_>,
        gebeurtenis: NieuweGebeurtenis<'_>,
        stand: ZaakStand<'_>,
    ) -> Result<(Zaak, Inzending), StoreError> {
        dispatch!(self.dien_inzending_in(zaak_id, verwacht_volgnummer, nieuw, gebeurtenis, stand))
    }
    async fn inzending(&self, id: InzendingId) -> Result<Inzending, StoreError> {
        dispatch!(self.inzending(id))
    }
    async fn inzendingen(&self, zaak_id: ZaakId) -> Result<Vec<Inzending>, StoreError> {
        dispatch!(self.inzendingen(zaak_id))
    }
    async fn inzendingen_van(&self, indiener: uuid::Uuid) -> Result<Vec<Inzending>, StoreError> {
        dispatch!(self.inzendingen_van(indiener))
    }
    async fn documenten_van_inzending(&self, id: InzendingId) -> Result<Vec<Document>, StoreError> {
        dispatch!(self.documenten_van_inzending(id))
    }
}

impl BekendmakingRepository for Store {
    async fn bekendmakingen(&self, filter: &BekendmakingFilter, limiet: u32) -> Result<BekendmakingPagina, StoreError> {
        dispatch!(self.bekendmakingen(filter, limiet))
    }
    async fn bekendmaking(&self, id: uuid::Uuid) -> Result<Bekendmaking, StoreError> {
        dispatch!(self.bekendmaking(id))
    }
    async fn bekendmakingen_van_zaak(&self, zaak_id: ZaakId) -> Result<Vec<Bekendmaking>, StoreError> {
        dispatch!(self.bekendmakingen_van_zaak(zaak_id))
    }
}

impl ReviewRepository for Store {
    async fn maak_review(&self, nieuw: NieuweReview<'_>) -> Result<Option<Review>, StoreError> {
        dispatch!(self.maak_review(nieuw))
    }
    async fn review_per_token(&self, token_hash: &str) -> Result<Review, StoreError> {
        dispatch!(self.review_per_token(token_hash))
    }
    async fn beantwoord_review(
        &self,
        id: ReviewId,
        antwoord: ReviewAntwoord<'_>,
    ) -> Result<Option<Review>, StoreError> {
        dispatch!(self.beantwoord_review(id, antwoord))
    }
    async fn reviews(&self, gezag: &str, limiet: u32) -> Result<Vec<Review>, StoreError> {
        dispatch!(self.reviews(gezag, limiet))
    }
}

impl ToezichtRepository for Store {
    async fn bewaar_steekproef(&self, nieuw: NieuweSteekproef<'_>) -> Result<Steekproef, StoreError> {
        dispatch!(self.bewaar_steekproef(nieuw))
    }
    async fn steekproef(&self, id: uuid::Uuid) -> Result<Steekproef, StoreError> {
        dispatch!(self.steekproef(id))
    }
    async fn steekproeven(&self, bevoegd_gezag: &str, limiet: u32) -> Result<Vec<Steekproef>, StoreError> {
        dispatch!(self.steekproeven(bevoegd_gezag, limiet))
    }
    async fn koppel_inspectie(&self, id: uuid::Uuid, zaak: ZaakId) -> Result<(), StoreError> {
        dispatch!(self.koppel_inspectie(id, zaak))
    }
    async fn zaak_van_inspectie(&self, id: uuid::Uuid) -> Result<Option<ZaakId>, StoreError> {
        dispatch!(self.zaak_van_inspectie(id))
    }
}

impl LegesRepository for Store {
    async fn maak_aanslag(&self, nieuw: NieuweAanslag<'_>) -> Result<Aanslag, StoreError> {
        dispatch!(self.maak_aanslag(nieuw))
    }
    async fn aanslagen(&self, zaak_id: ZaakId) -> Result<Vec<Aanslag>, StoreError> {
        dispatch!(self.aanslagen(zaak_id))
    }
    async fn maak_betaling(&self, nieuw: NieuweBetaling<'_>) -> Result<Betaling, StoreError> {
        dispatch!(self.maak_betaling(nieuw))
    }
    async fn betaling(&self, id: BetalingId) -> Result<Betaling, StoreError> {
        dispatch!(self.betaling(id))
    }
    async fn betaling_per_psp_id(&self, psp: &str, psp_id: &str) -> Result<Option<Betaling>, StoreError> {
        dispatch!(self.betaling_per_psp_id(psp, psp_id))
    }
    async fn zet_betaalstatus(
        &self,
        id: BetalingId,
        van: &str,
        naar: &str,
        nu: time::OffsetDateTime,
    ) -> Result<Option<Betaling>, StoreError> {
        dispatch!(self.zet_betaalstatus(id, van, naar, nu))
    }
    async fn betalingen_van_zaak(&self, zaak_id: ZaakId) -> Result<Vec<Betaling>, StoreError> {
        dispatch!(self.betalingen_van_zaak(zaak_id))
    }
    async fn open_betalingen(&self, voor: time::OffsetDateTime, limiet: u32) -> Result<Vec<Betaling>, StoreError> {
        dispatch!(self.open_betalingen(voor, limiet))
    }
    async fn financiele_regels(
        &self,
        gezag: &str,
        van: time::OffsetDateTime,
        tot: time::OffsetDateTime,
    ) -> Result<Vec<FinancieleRegel>, StoreError> {
        dispatch!(self.financiele_regels(gezag, van, tot))
    }
}

impl InitiatiefRepository for Store {
    async fn maak_initiatief(
        &self,
        id: InitiatiefId,
        gegevens: InitiatiefGegevens<'_>,
        op: time::OffsetDateTime,
    ) -> Result<InitiatiefRij, StoreError> {
        dispatch!(self.maak_initiatief(id, gegevens, op))
    }
    async fn initiatief(&self, id: InitiatiefId) -> Result<InitiatiefRij, StoreError> {
        dispatch!(self.initiatief(id))
    }
    async fn initiatief_per_code(&self, code: &str) -> Result<Option<InitiatiefRij>, StoreError> {
        dispatch!(self.initiatief_per_code(code))
    }
    async fn werk_initiatief_bij(
        &self,
        id: InitiatiefId,
        verwachte_versie: i64,
        gegevens: InitiatiefGegevens<'_>,
        op: time::OffsetDateTime,
    ) -> Result<InitiatiefRij, StoreError> {
        dispatch!(self.werk_initiatief_bij(id, verwachte_versie, gegevens, op))
    }
    async fn openbare_initiatieven(&self, bbox: [f64; 4], limiet: u32) -> Result<Vec<InitiatiefRij>, StoreError> {
        dispatch!(self.openbare_initiatieven(bbox, limiet))
    }
    async fn initiatieven_van(&self, initiatiefnemer: uuid::Uuid) -> Result<Vec<InitiatiefRij>, StoreError> {
        dispatch!(self.initiatieven_van(initiatiefnemer))
    }
    async fn sleutel(&self, naam: &str, nieuw: &str, op: time::OffsetDateTime) -> Result<String, StoreError> {
        dispatch!(self.sleutel(naam, nieuw, op))
    }
}

impl VerzoekRepository for Store {
    async fn maak_verzoek(&self, nieuw: NieuwVerzoek<'_>) -> Result<Verzoek, StoreError> {
        dispatch!(self.maak_verzoek(nieuw))
    }
    async fn verzoek(&self, id: VerzoekId) -> Result<Verzoek, StoreError> {
        dispatch!(self.verzoek(id))
    }
    async fn verzoeken_van(&self, aanvrager: uuid::Uuid) -> Result<Vec<Verzoek>, StoreError> {
        dispatch!(self.verzoeken_van(aanvrager))
    }
    async fn verzoeken_voor(&self, gezag: &str, statussen: &[&str]) -> Result<Vec<Verzoek>, StoreError> {
        dispatch!(self.verzoeken_voor(gezag, statussen))
    }
    async fn werk_verzoek_bij(
        &self,
        id: VerzoekId,
        van: &str,
        w: VerzoekWijziging<'_>,
    ) -> Result<Option<Verzoek>, StoreError> {
        dispatch!(self.werk_verzoek_bij(id, van, w))
    }
    async fn publiceer_moment(&self, nieuw: NieuwMoment<'_>) -> Result<Moment, StoreError> {
        dispatch!(self.publiceer_moment(nieuw))
    }
    async fn momenten(
        &self,
        gezag: &str,
        na: time::OffsetDateTime,
        alleen_vrij: bool,
    ) -> Result<Vec<Moment>, StoreError> {
        dispatch!(self.momenten(gezag, na, alleen_vrij))
    }
    async fn reserveer_moment(&self, moment: MomentId, verzoek: VerzoekId) -> Result<Moment, StoreError> {
        dispatch!(self.reserveer_moment(moment, verzoek))
    }
    async fn moment_van(&self, verzoek: VerzoekId) -> Result<Option<Moment>, StoreError> {
        dispatch!(self.moment_van(verzoek))
    }
    async fn zet_initiatiefmanager(
        &self,
        gebruiker: uuid::Uuid,
        gezag: &str,
        in_pool: bool,
        telefoon: Option<&str>,
        nu: time::OffsetDateTime,
    ) -> Result<(), StoreError> {
        dispatch!(self.zet_initiatiefmanager(gebruiker, gezag, in_pool, telefoon, nu))
    }
    async fn initiatiefmanagers(&self, gezag: &str) -> Result<Vec<Initiatiefmanager>, StoreError> {
        dispatch!(self.initiatiefmanagers(gezag))
    }
    async fn initiatiefmanager(&self, gebruiker: uuid::Uuid) -> Result<Option<Initiatiefmanager>, StoreError> {
        dispatch!(self.initiatiefmanager(gebruiker))
    }
    async fn kies_dienstverlening(&self, nieuw: NieuweDienstverlening<'_>) -> Result<Dienstverlening, StoreError> {
        dispatch!(self.kies_dienstverlening(nieuw))
    }
    async fn dienstverlening_van(&self, aanvrager: uuid::Uuid) -> Result<Vec<Dienstverlening>, StoreError> {
        dispatch!(self.dienstverlening_van(aanvrager))
    }
}

impl LeaseRepository for Store {
    async fn neem_lease(
        &self,
        taak: &str,
        houder: &str,
        nu: time::OffsetDateTime,
        tot: time::OffsetDateTime,
    ) -> Result<bool, StoreError> {
        dispatch!(self.neem_lease(taak, houder, nu, tot))
    }
}

impl RapportageRepository for Store {
    async fn feiten(
        &self,
        gezag: &str,
        van: time::Date,
        tot: time::Date,
    ) -> Result<Vec<stip_zaak::rapportage::Feit>, StoreError> {
        dispatch!(self.feiten(gezag, van, tot))
    }
    async fn tellingen(
        &self,
        gezag: &str,
        van: time::Date,
        tot: time::Date,
    ) -> Result<Vec<(stip_zaak::rapportage::Sleutel, stip_zaak::rapportage::Telling)>, StoreError> {
        dispatch!(self.tellingen(gezag, van, tot))
    }
    async fn open_over_termijn(
        &self,
        gezag: &str,
        periode: stip_zaak::rapportage::Periode,
        filter: &stip_zaak::rapportage::Filter,
    ) -> Result<u64, StoreError> {
        dispatch!(self.open_over_termijn(gezag, periode, filter))
    }
    async fn tel_aan(&self) -> Result<u64, StoreError> {
        dispatch!(self.tel_aan())
    }
    async fn vouw_tellingen(&self) -> Result<u64, StoreError> {
        dispatch!(self.vouw_tellingen())
    }
    async fn open_feiten(&self, gezag: &str) -> Result<Vec<stip_zaak::rapportage::Feit>, StoreError> {
        dispatch!(self.open_feiten(gezag))
    }
    async fn instroom(
        &self,
        gezag: &str,
        van: time::Date,
        tot: time::Date,
    ) -> Result<Vec<(time::Date, u64)>, StoreError> {
        dispatch!(self.instroom(gezag, van, tot))
    }
    async fn vul_feiten_aan(&self) -> Result<u64, StoreError> {
        dispatch!(self.vul_feiten_aan())
    }
    async fn overig(
        &self,
        gezag: &str,
        van: time::OffsetDateTime,
        tot: time::OffsetDateTime,
    ) -> Result<Overig, StoreError> {
        dispatch!(self.overig(gezag, van, tot))
    }
    async fn bewaar_open_data(
        &self,
        gemeente: &str,
        periode: &str,
        inhoud: &serde_json::Value,
        nu: time::OffsetDateTime,
    ) -> Result<OpenDataSet, StoreError> {
        dispatch!(self.bewaar_open_data(gemeente, periode, inhoud, nu))
    }
    async fn open_data_sets(&self) -> Result<Vec<OpenDataSet>, StoreError> {
        dispatch!(self.open_data_sets())
    }
}
