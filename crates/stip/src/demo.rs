//! The demo municipality on a fresh store: when `stip serve` finds no data at all, it publishes the built-in
//! Gemeente Voorbeeldstad through the same path as `stip import` (read by the real importers, then published), so
//! a newcomer can walk the whole journey at once. The first real import retires it (see `kennis::publiceer`).

use stip_store::{DatasetRepository, Store};
use stip_web::kennis::{Bron, actuele_datasets, inlezen, publiceer, verpak};

/// Loads the demo when the store holds no current dataset, and renews it when only demo data is in service and this
/// stip writes a different demo (a newer version). With the demo switched off, a demo loaded earlier is taken out of
/// service, so the server starts empty.
pub async fn bereid_voor(store: &Store, aan: bool) -> anyhow::Result<()> {
    let actueel = actuele_datasets(store).await?;
    let oud: Vec<_> = actueel.iter().filter(|m| stip_demo::is_demo(&m.bron)).map(|m| m.id).collect();
    if !aan {
        if !oud.is_empty() {
            store.retire(&oud).await?;
            tracing::info!(datasets = oud.len(), "demo data switched off: the demo datasets are retired");
        }
        return Ok(());
    }
    if oud.len() != actueel.len() {
        return Ok(()); // real data is in service
    }
    let bronnen: Vec<Bron> =
        stip_demo::bronnen().into_iter().map(|b| Bron { naam: b.naam, bestanden: b.bestanden }).collect();
    let mut gelijk = !actueel.is_empty();
    for bron in &bronnen {
        let (_, sha256) = verpak(bron)?;
        gelijk &= actueel.iter().any(|m| m.bron == bron.naam && m.sha256 == sha256);
    }
    if gelijk {
        tracing::info!("demo data shown: {} — import real data with `stip import`", stip_demo::GEMEENTE);
        return Ok(());
    }
    let gelezen = tokio::task::spawn_blocking(move || {
        bronnen
            .into_iter()
            .map(|bron| {
                let ingelezen = inlezen(&bron, None).map_err(|e| anyhow::anyhow!("{}: {e}", bron.naam))?;
                Ok((bron, ingelezen))
            })
            .collect::<anyhow::Result<Vec<_>>>()
    })
    .await??;
    for (bron, ingelezen) in &gelezen {
        publiceer(store, bron, ingelezen).await?;
    }
    // versions this stip no longer writes (the new ones replaced those with the same key already)
    store.retire(&oud).await?;
    tracing::info!("demo data loaded: {} — import real data with `stip import`", stip_demo::GEMEENTE);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use stip_store::{DatabaseUrl, NewDataset};

    async fn store(naam: &str) -> (Store, std::path::PathBuf) {
        let dir = std::env::temp_dir().join(format!("stip-demo-{naam}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        (Store::open(&DatabaseUrl::sqlite_in(&dir)).await.unwrap(), dir)
    }

    async fn bronnen(store: &Store) -> Vec<String> {
        let mut b: Vec<String> = actuele_datasets(store).await.unwrap().into_iter().map(|m| m.bron).collect();
        b.sort();
        b
    }

    #[tokio::test]
    async fn a_demo_of_an_older_stip_is_replaced_by_this_stips_demo_and_its_leftovers_retired() {
        let (store, dir) = store("ouder").await;
        let oud = store
            .publish(NewDataset {
                kind: stip_store::DatasetKind::Bag,
                sleutel: "demo:oude-bag",
                versie: "",
                titel: "demo:oude-bag",
                bron: "demo:oude-bag",
                sha256: "00",
                samenvatting: serde_json::json!({}),
                payload: b"oud",
            })
            .await
            .unwrap();
        bereid_voor(&store, true).await.unwrap();
        assert_eq!(bronnen(&store).await, ["demo:bag", "demo:brk", "demo:omgevingsplan", "demo:toepasbare-regels"]);
        assert!(!actuele_datasets(&store).await.unwrap().iter().any(|m| m.id == oud.id));
        let ids: Vec<_> = actuele_datasets(&store).await.unwrap().into_iter().map(|m| m.id).collect();
        bereid_voor(&store, true).await.unwrap();
        let opnieuw: Vec<_> = actuele_datasets(&store).await.unwrap().into_iter().map(|m| m.id).collect();
        assert_eq!(ids, opnieuw, "the same demo is not published again");
        store.close().await;
        let _ = std::fs::remove_dir_all(dir);
    }
}
