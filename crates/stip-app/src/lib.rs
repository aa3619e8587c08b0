//! stip's application layer: the use cases between the domain crates (no IO) and the adapters (web pages, JSON API,
//! CLI), one module per capability, each with typed inputs and results and the one error table ([`fout`]).
//!
//! ```text
//!  adapters:  stip-web (pages + /api/v1)          stip (CLI: serve, import, regels)
//!                         \                          /
//!  use cases: stip-app  —  App { store, kennis, host, klok }: dossier, vergunningcheck, regels, plancheck, host,
//!                          hulp, stukken, openbaar, kennis (load + import), demo, berichten (+ worker), post,
//!                          bezwaar, leges, realisatie, review, participatie, verzoek, toezicht
//!                         /                          \
//!  domain:    stip-regels · stip-sttr · stip-zaak · stip-berichten · stip-geo · stip-pdf    store: stip-store
//! ```
//!
//! A new capability (participation, objection, fees, supervision, reports) is a domain module plus one
//! module here, whose results pages and API share (`Serialize + ToSchema`).

pub mod berichten;
pub mod betalen;
pub mod bezwaar;
pub mod demo;
pub mod dossier;
pub mod fout;
pub mod gegevens;
pub mod host;
pub mod hulp;
pub mod kennis;
pub mod leges;
pub mod locatie;
pub mod openbaar;
pub mod participatie;
pub mod plancheck;
pub mod post;
pub mod procesdossier;
pub mod rapportage;
pub mod realisatie;
pub mod regels;
pub mod review;
pub mod stukken;
pub mod toezicht;
pub mod uitnodiging;
pub use stip_zaak::tekst;
pub mod vergunningcheck;
pub mod verzoek;
pub mod wachtwoord;

pub use fout::{Fout, FoutCode, VeldFout};
pub use host::HostConfig;
pub use kennis::Kennis;
pub use stip_zaak::tijd::{GedeeldeKlok, Klok, SysteemKlok, TestKlok, systeemklok};

use std::sync::{Arc, RwLock};
use stip_store::Store;

/// A secret every instance on one database shares (e.g. the key that signs the forms' tokens when none is
/// configured): the one kept in the store under `naam`, made (32 random bytes, hex) by whichever instance asks first,
/// so that a token one instance made is good on every other and after a restart.
pub async fn gedeeld_geheim(store: &Store, naam: &str, op: time::OffsetDateTime) -> Result<String, Fout> {
    use stip_store::InitiatiefRepository;
    let nieuw = berichten::geheim()?;
    Ok(store.sleutel(naam, &nieuw, op).await?)
}

/// What every use case can reach: the store, what stip knows now, the configured desks and the clock. Cheap to
/// clone; adapters hold one.
#[derive(Clone)]
pub struct App {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    kennis: RwLock<Arc<Kennis>>,
    host: HostConfig,
    klok: GedeeldeKlok,
    berichten: berichten::Berichten,
    betalen: std::sync::OnceLock<betalen::Betalen>,
    ondertekening: std::sync::OnceLock<Arc<participatie::Ondertekening>>,
    /// This process among the instances on one database: who holds a lease on periodic work.
    instantie: String,
    /// Where this instance keeps its snapshot of the serving state ([`kennis::snapshot`]); none: no snapshot.
    snapshots: std::sync::OnceLock<std::path::PathBuf>,
}

impl App {
    /// An application that knows nothing yet; [`App::vernieuw`] loads what the store holds.
    pub fn new(store: Store, host: HostConfig, klok: GedeeldeKlok, berichten: berichten::BerichtenConfig) -> App {
        let kennis = RwLock::new(Arc::new(Kennis::leeg()));
        let berichten = berichten::Berichten::new(berichten);
        App {
            inner: Arc::new(Inner {
                store,
                kennis,
                host,
                klok,
                berichten,
                betalen: Default::default(),
                ondertekening: Default::default(),
                instantie: uuid::Uuid::new_v4().to_string(),
                snapshots: Default::default(),
            }),
        }
    }

    /// This process's id among the instances on one database (random per start): the holder of the leases it takes.
    pub fn instantie(&self) -> &str {
        &self.inner.instantie
    }

    /// Whether this instance does this round of the periodic task `taak` (a round every `ronde`): it takes the
    /// task's lease when no other instance holds it, so that N instances on one database do each round once. A
    /// lease that cannot be read counts as held elsewhere (the next round tries again).
    pub async fn neem_ronde(&self, taak: &str, ronde: std::time::Duration) -> bool {
        use stip_store::LeaseRepository;
        let nu = self.klok().nu();
        // A little shorter than the round, so the holder finds its own lease run out or renews it at its next round.
        let duur = time::Duration::try_from(ronde).unwrap_or(time::Duration::MINUTE) * 0.95;
        match self.store().neem_lease(taak, &self.inner.instantie, nu, nu + duur).await {
            Ok(genomen) => genomen,
            Err(e) => {
                tracing::warn!(error = %e, taak, "cannot read the lease of a periodic task; skipping this round");
                false
            }
        }
    }

    /// What stip knows now. Hold the `Arc` for one request: a swap meanwhile does not disturb it.
    pub fn kennis(&self) -> Arc<Kennis> {
        self.inner.kennis.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Reloads the imported data when the store's current datasets differ from the loaded ones; on an error the
    /// previous version stays in service. Returns whether it swapped.
    pub async fn vernieuw(&self) -> Result<bool, kennis::LaadFout> {
        let actueel: Vec<_> = kennis::actuele_datasets(self.store()).await?.into_iter().map(|m| m.id).collect();
        if actueel == self.kennis().datasets {
            return Ok(false);
        }
        let geladen = kennis::laad_met(self.store(), self.inner.snapshots.get().map(|p| p.as_path())).await?;
        // its snapshot (if one is being written) goes on being written while the new state serves
        self.vervang_kennis(geladen.kennis);
        Ok(true)
    }

    /// Keeps a snapshot of the serving state in `map` (once, before the app serves): a restart then reads it
    /// instead of every delivery.
    pub fn zet_snapshotmap(&self, map: std::path::PathBuf) {
        let _ = self.inner.snapshots.set(map);
    }

    /// Puts new knowledge in service at once (requests in flight keep the version they started with).
    pub fn vervang_kennis(&self, nieuw: impl Into<Arc<Kennis>>) {
        *self.inner.kennis.write().unwrap_or_else(|e| e.into_inner()) = nieuw.into();
    }

    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// The configured authorities and teams ("Waar moet ik zijn?").
    pub fn host(&self) -> &HostConfig {
        &self.inner.host
    }

    /// Sets up paying (`[betalen]`), once, before the app serves; without it nobody can pay online.
    pub fn zet_betalen(&self, config: betalen::BetalenConfig) {
        let _ = self.inner.betalen.set(betalen::Betalen::new(config));
    }

    /// Paying: the provider, its settings and the simulator.
    pub fn betalen(&self) -> &betalen::Betalen {
        static GEEN: std::sync::LazyLock<betalen::Betalen> =
            std::sync::LazyLock::new(|| betalen::Betalen::new(betalen::BetalenConfig::default()));
        self.inner.betalen.get().unwrap_or(&GEEN)
    }

    /// Sets the configured key that signs consent certificates (`[participatie] sleutel`), once, before the app
    /// serves; without it stip makes a key on first use and keeps it in the store.
    pub fn zet_participatie_sleutel(&self, sleutel: participatie::Ondertekening) {
        let _ = self.inner.ondertekening.set(Arc::new(sleutel));
    }

    pub(crate) fn ondertekening_geladen(&self) -> Option<Arc<participatie::Ondertekening>> {
        self.inner.ondertekening.get().cloned()
    }

    /// Keeps the key read from the store (the first one set wins; every instance reads the same one).
    pub(crate) fn zet_ondertekening(&self, s: participatie::Ondertekening) -> Arc<participatie::Ondertekening> {
        let _ = self.inner.ondertekening.set(Arc::new(s));
        self.inner.ondertekening.get().cloned().expect("just set")
    }

    /// The clock every use case reads.
    pub fn klok(&self) -> &dyn Klok {
        self.inner.klok.as_ref()
    }
}
