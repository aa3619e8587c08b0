//! `stip serve`: prepares the data directory and database, binds the port, serves until SIGTERM or Ctrl-C, then
//! finishes running requests and closes the database.

use crate::config::Config;
use anyhow::Context;
use std::path::Path;
use stip_store::{DatabaseUrl, Store};
use stip_web::{AppState, WebConfig};

pub async fn serve(config: Config) -> anyhow::Result<()> {
    let url = config.database_url()?;
    prepare_data_dir(&config.storage.data_dir, &url)?;
    let store = Store::open(&url).await?;
    tracing::info!(database = %url, backend = store.backend(), "database ready");
    let listener = tokio::net::TcpListener::bind(config.server.bind)
        .await
        .with_context(|| format!("cannot listen on {}", config.server.bind))?;
    let web = WebConfig { max_body_bytes: config.server.max_body_bytes };
    let app = stip_web::router(AppState::new(store.clone(), web));
    tracing::info!(address = %config.server.bind, "stip is serving on http://{}/", config.server.bind);
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("the server stopped with an error")?;
    store.close().await;
    tracing::info!("stopped");
    Ok(())
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
