//! The demo municipality on a fresh store: when `stip serve` finds no data at all, it publishes the built-in
//! Gemeente Voorbeeldstad through the same path as `stip import` (read by the real importers, then published), so
//! a newcomer can walk the whole journey at once. The first real import retires it (see `kennis::publiceer`).

use stip_store::{DatasetRepository, Store};
use stip_web::kennis::{Bron, actuele_datasets, inlezen, publiceer};

/// Loads the demo when the store holds no current dataset. With the demo switched off, a demo loaded earlier is
/// taken out of service, so the server starts empty.
pub async fn bereid_voor(store: &Store, aan: bool) -> anyhow::Result<()> {
    let actueel = actuele_datasets(store).await?;
    let demo: Vec<_> = actueel.iter().filter(|m| stip_demo::is_demo(&m.bron)).map(|m| m.id).collect();
    if !aan {
        if !demo.is_empty() {
            store.retire(&demo).await?;
            tracing::info!(datasets = demo.len(), "demo data switched off: the demo datasets are retired");
        }
        return Ok(());
    }
    if !actueel.is_empty() {
        if demo.len() == actueel.len() {
            tracing::info!("demo data shown: {} — import real data with `stip import`", stip_demo::GEMEENTE);
        }
        return Ok(());
    }
    let gelezen = tokio::task::spawn_blocking(|| {
        stip_demo::bronnen()
            .into_iter()
            .map(|b| {
                let bron = Bron { naam: b.naam, bestanden: b.bestanden };
                let ingelezen = inlezen(&bron, None).map_err(|e| anyhow::anyhow!("{}: {e}", bron.naam))?;
                Ok((bron, ingelezen))
            })
            .collect::<anyhow::Result<Vec<_>>>()
    })
    .await??;
    for (bron, ingelezen) in &gelezen {
        publiceer(store, bron, ingelezen).await?;
    }
    tracing::info!("demo data loaded: {} — import real data with `stip import`", stip_demo::GEMEENTE);
    Ok(())
}
