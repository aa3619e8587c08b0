//! `stip serve`: prepares the data directory and database, binds the port, serves until SIGTERM or Ctrl-C, then
//! finishes running requests and closes the database.

use crate::config::Config;
use anyhow::Context;
use std::path::Path;
use stip_store::{DatabaseUrl, Store};
use stip_web::{AppState, WebConfig};

/// How often a running stip looks whether an import has published new data. On PostgreSQL a notice from the
/// publishing process wakes it at once; this is then the fallback for a notice lost while its connection was down.
const VERNIEUW_INTERVAL: std::time::Duration = std::time::Duration::from_secs(5);
/// How often the report rollup is brought up to date (counting earlier facts, folding the writers' differences).
const RAPPORTAGE_INTERVAL: std::time::Duration = std::time::Duration::from_secs(10);

/// The name under which the forms' signing key is kept in the database when none is configured.
const CSRF_GEHEIM: &str = "csrf";

/// Prepares the data directory and opens (and migrates) the configured database.
pub async fn open_store(config: &Config) -> anyhow::Result<Store> {
    let url = config.database_url()?;
    prepare_data_dir(&config.storage.data_dir, &url)?;
    let store = Store::open(&url).await?;
    tracing::info!(database = %url, backend = store.backend(), "database ready");
    Ok(store)
}

pub async fn serve(config: Config) -> anyhow::Result<()> {
    let store = open_store(&config).await?;
    let listener = tokio::net::TcpListener::bind(config.server.bind)
        .await
        .with_context(|| format!("cannot listen on {}", config.server.bind))?;
    // The address actually bound (a port 0 becomes a real one): the payment simulator's default address.
    let gebonden = listener.local_addr().unwrap_or(config.server.bind);
    // Without a configured key, every instance on this database uses the one kept in it: a form one instance
    // served is accepted by any other, also after a restart.
    let csrf_sleutel = match &config.server.csrf_sleutel {
        Some(s) => s.0.clone(),
        None => stip_app::gedeeld_geheim(&store, CSRF_GEHEIM, stip_app::systeemklok().nu())
            .await
            .map_err(|e| anyhow::anyhow!("cannot read or keep the forms' signing key: {e}"))?,
    };
    let web = WebConfig {
        max_body_bytes: config.server.max_body_bytes,
        basemap_url: config.kaart.basemap_url.clone(),
        host: config.host.clone(),
        csrf_sleutel: Some(csrf_sleutel),
        auth: stip_web::AuthConfig { mail: config.mail.clone(), oidc: config.oidc.clone(), ..config.sessie.auth()? },
        publieke_url: config.server.publieke_url.clone(),
        berichten: stip_app::berichten::BerichtenConfig {
            webhook_toegestaan: config.berichten.webhook_toegestaan.clone(),
            bron: config.berichten.bron.clone(),
            ..Default::default()
        },
        betalen: stip_app::betalen::BetalenConfig {
            publieke_url: Some(config.server.publieke_url.clone().unwrap_or_else(|| format!("http://{}", gebonden))),
            ..config.betalen.config(config.demo.enabled)?
        },
        participatie_sleutel: config.participatie.sleutel.as_ref().map(|s| s.0.clone()),
        gelijktijdige_uploads: config.server.gelijktijdige_uploads.max(1),
        vertrouwde_proxies: config
            .server
            .proxies()
            .map_err(|e| anyhow::anyhow!("config: server.vertrouwde_proxies: {e}"))?,
    };
    stip_app::demo::bereid_voor(&store, config.demo.enabled, voorbeeldstad)
        .await
        .context("cannot prepare the demo data")?;
    let state = AppState::new(store.clone(), web);
    // each instance keeps its own snapshot next to its data, also when several share one database
    state.app().zet_snapshotmap(config.storage.data_dir.join("snapshots"));
    state.vernieuw().await.context("cannot load the imported data")?;
    let publicaties = match store.publicaties().await {
        Ok(p) => p,
        Err(e) => {
            tracing::warn!(error = %e, "cannot listen for imports by other processes; looking every few seconds");
            None
        }
    };
    let vernieuwer = tokio::spawn(vernieuw_steeds(state.clone(), publicaties));
    let abonnementen = state.laad_abonnementen().await.context("cannot load the subscriptions")?;
    tracing::info!(abonnementen, "subscriptions ready");
    let werker = tokio::spawn(stip_app::berichten::werk(state.app().clone(), state.post().clone()));
    // Cases from before reporting get their facts from their history, once; then the per-day rollup is kept
    // current beside serving.
    let rapportage = state.app().clone();
    let aanvuller = tokio::spawn(async move {
        match stip_app::rapportage::vul_aan(&rapportage).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(zaken = n, "report rollups made for earlier cases"),
            Err(e) => tracing::warn!(error = %e, "report rollups of earlier cases failed"),
        }
        let mut interval = tokio::time::interval(RAPPORTAGE_INTERVAL);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            match stip_app::rapportage::houd_bij(&rapportage).await {
                Ok((0, _)) => {}
                Ok((geteld, _)) => tracing::info!(zaken = geteld, "earlier cases counted in the report rollup"),
                Err(e) => tracing::warn!(error = %e, "keeping the report rollup current failed; trying again"),
            }
        }
    });
    let app = stip_web::router(state);
    tracing::info!(address = %config.server.bind, "stip is serving on http://{}/", config.server.bind);
    // The peer's address reaches the handlers (the password brake counts per client address).
    axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("the server stopped with an error")?;
    // The background loops end first: the listener holds a connection of the pool, which closing waits for.
    for taak in [vernieuwer, werker, aanvuller] {
        taak.abort();
        let _ = taak.await;
    }
    store.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// The built-in demo municipality, Gemeente Voorbeeldstad, in the real delivery formats.
fn voorbeeldstad() -> stip_app::demo::Demo {
    let bronnen = stip_demo::bronnen()
        .into_iter()
        .map(|b| stip_app::kennis::Bron { naam: b.naam, bestanden: b.bestanden })
        .collect();
    stip_app::demo::Demo { gemeente: stip_demo::GEMEENTE, bronnen }
}

/// Picks up what `stip import` (or another instance) publishes while the server runs: at once when the database
/// sends a notice (PostgreSQL), else at the next look; a failed reload keeps the previous data in service.
async fn vernieuw_steeds(state: AppState, mut publicaties: Option<stip_store::Publicaties>) {
    let mut interval = tokio::time::interval(VERNIEUW_INTERVAL);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        match publicaties.as_mut() {
            Some(p) => tokio::select! {
                _ = interval.tick() => {}
                gemeld = p.volgende() => {
                    if let Err(e) = gemeld {
                        tracing::warn!(error = %e, "listening for imports failed; looking every few seconds until it works");
                        tokio::time::sleep(VERNIEUW_INTERVAL).await;
                    }
                }
            },
            None => {
                interval.tick().await;
            }
        }
        match state.vernieuw().await {
            Ok(true) => tracing::info!("new imported data is in service"),
            Ok(false) => {}
            Err(e) => tracing::warn!(error = %e, "reloading imported data failed; the previous data stays in service"),
        }
    }
}

/// Makes sure the data directory exists and is writable (it also holds the SQLite file when that is in use).
pub fn prepare_data_dir(dir: &Path, url: &DatabaseUrl) -> anyhow::Result<()> {
    let check = || -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        let probe = dir.join(".stip-write-test");
        std::fs::write(&probe, b"ok")?;
        std::fs::remove_file(&probe)
    };
    check().with_context(|| format!("data directory {} is not writable", dir.display()))?;
    if let DatabaseUrl::Sqlite { path } = url
        && let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create the directory for the database file {}", path.display()))?;
    }
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing running requests");
}
