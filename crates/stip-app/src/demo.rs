//! The demo municipality on a fresh store: when `stip serve` finds no data at all, it publishes the built-in
//! Gemeente Voorbeeldstad through the same path as `stip import` (read by the real importers, then published), so
//! a newcomer can walk the whole journey at once. The first real import retires it (see `kennis::publiceer`). The
//! binary hands the demo's sources over (from `stip-demo`), so that the adapters do not carry the generator.

use crate::kennis::{Bron, LaadFout, actuele_datasets, inlezen, publiceer, verpak};
use stip_store::{DatasetRepository, GebruikerRepository, NieuweGebruiker, Rol, Store, VerzoekRepository};

/// Every demo source's name starts with this: how a store tells demo data from real data.
pub const PREFIX: &str = "demo:";

/// Whether a source (by its name) is demo data.
pub fn is_demo(bron: &str) -> bool {
    bron.starts_with(PREFIX)
}

/// A demo municipality: its name and its sources (each named `demo:…`), as the real importers read them.
pub struct Demo {
    pub gemeente: &'static str,
    pub bronnen: Vec<Bron>,
}

/// Loads the demo when the store holds no current dataset, and renews it when only demo data is in service and this
/// stip writes a different demo (a newer version). With the demo switched off, a demo loaded earlier is taken out of
/// service, so the server starts empty. `demo` is asked only when the demo is switched on.
pub async fn bereid_voor(store: &Store, aan: bool, demo: impl FnOnce() -> Demo) -> Result<(), LaadFout> {
    let in_dienst = laad(store, aan.then(demo)).await?;
    demo_accounts(store, in_dienst).await
}

/// The password of the demo accounts: known to everyone, so the accounts only work while the demo is in service.
pub const DEMO_WACHTWOORD: &str = "voorbeeldstad-demo";

/// A demo account: e-mail, name, role, authority and team.
type DemoAccount = (&'static str, &'static str, Rol, Option<&'static str>, Option<&'static str>);

/// One account per role for walking the whole journey in the demo.
const DEMO_ACCOUNTS: [DemoAccount; 5] = [
    ("ilse@voorbeeldstad.example", "Ilse Initiatief", Rol::Initiatiefnemer, None, None),
    ("buur@voorbeeldstad.example", "Bea Buur", Rol::Belanghebbende, None, None),
    (
        "behandelaar@voorbeeldstad.example",
        "Bram Behandelaar",
        Rol::Behandelaar,
        Some("gm9999"),
        Some("Team Vergunningen Bouwen"),
    ),
    ("bestuur@voorbeeldstad.example", "Wethouder De Wit", Rol::Bestuur, Some("gm9999"), None),
    ("beheer@voorbeeldstad.example", "Ben Beheer", Rol::Beheerder, Some("gm9999"), None),
];

/// While the demo is in service, its accounts exist with [`DEMO_WACHTWOORD`]; once real data replaces it, they lose
/// their password and sessions, so a known password never opens a real municipality's cases.
async fn demo_accounts(store: &Store, in_dienst: bool) -> Result<(), LaadFout> {
    let mut hash: Option<String> = None;
    for (email, naam, rol, gezag, team) in DEMO_ACCOUNTS {
        let bestaand = store.gebruiker_per_email(email).await?;
        match (bestaand, in_dienst) {
            (Some(g), false) if g.wachtwoord_hash.is_some() => {
                store.zet_wachtwoord(g.id, None).await?;
                store.beeindig_sessies_van(g.id).await?;
                tracing::info!(email, "demo account closed: the demo is no longer in service");
            }
            (None, true) => {
                if hash.is_none() {
                    let wachtwoord = DEMO_WACHTWOORD.to_string();
                    hash = Some(crate::wachtwoord::maak_hash(wachtwoord).await.map_err(LaadFout::Intern)?);
                }
                let nieuw = NieuweGebruiker {
                    email: Some(email),
                    naam,
                    wachtwoord_hash: hash.as_deref(),
                    rollen: &[rol],
                    bevoegd_gezag: gezag,
                    team,
                    ..NieuweGebruiker::default()
                };
                let g = store.maak_gebruiker(nieuw).await?;
                // The demo's official is its initiatiefmanager, reached at the team's number.
                if let (Rol::Behandelaar, Some(gezag)) = (rol, gezag) {
                    let telefoon = Some("14 9999 (keuze 1)");
                    store.zet_initiatiefmanager(g.id.0, gezag, true, telefoon, g.aangemaakt).await?;
                }
            }
            _ => {}
        }
    }
    if in_dienst {
        tracing::info!(
            wachtwoord = DEMO_WACHTWOORD,
            "demo accounts: ilse@ (initiatiefnemer), buur@ (belanghebbende), behandelaar@, bestuur@, beheer@ — all @voorbeeldstad.example"
        );
    }
    Ok(())
}

/// Publishes or retires the demo datasets; returns whether the demo is in service.
async fn laad(store: &Store, demo: Option<Demo>) -> Result<bool, LaadFout> {
    let actueel = actuele_datasets(store).await?;
    let oud: Vec<_> = actueel.iter().filter(|m| is_demo(&m.bron)).map(|m| m.id).collect();
    let Some(Demo { gemeente, bronnen }) = demo else {
        if !oud.is_empty() {
            store.retire(&oud).await?;
            tracing::info!(datasets = oud.len(), "demo data switched off: the demo datasets are retired");
        }
        return Ok(false);
    };
    if oud.len() != actueel.len() {
        return Ok(false); // real data is in service
    }
    let mut gelijk = !actueel.is_empty();
    for bron in &bronnen {
        let (_, sha256) = verpak(bron)?;
        gelijk &= actueel.iter().any(|m| m.bron == bron.naam && m.sha256 == sha256);
    }
    if gelijk {
        tracing::info!("demo data shown: {} — import real data with `stip import`", gemeente);
        return Ok(true);
    }
    let gelezen = tokio::task::spawn_blocking(move || {
        bronnen
            .into_iter()
            .map(|bron| {
                let ingelezen = inlezen(&bron, None).map_err(|e| LaadFout::Dataset {
                    id: 0,
                    bron: bron.naam.clone(),
                    reden: e.to_string(),
                })?;
                Ok((bron, ingelezen))
            })
            .collect::<Result<Vec<_>, LaadFout>>()
    })
    .await
    .map_err(|e| LaadFout::Intern(e.to_string()))??;
    for (bron, ingelezen) in &gelezen {
        publiceer(store, bron, ingelezen).await?;
    }
    // versions this stip no longer writes (the new ones replaced those with the same key already)
    store.retire(&oud).await?;
    tracing::info!("demo data loaded: {} — import real data with `stip import`", gemeente);
    Ok(true)
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

    fn voorbeeldstad() -> Demo {
        let bronnen = stip_demo::bronnen().into_iter().map(|b| Bron { naam: b.naam, bestanden: b.bestanden }).collect();
        Demo { gemeente: stip_demo::GEMEENTE, bronnen }
    }

    #[test]
    fn every_source_of_the_demo_is_known_as_demo_data() {
        assert_eq!(PREFIX, stip_demo::PREFIX);
        assert!(voorbeeldstad().bronnen.iter().all(|b| is_demo(&b.naam)));
        assert!(!is_demo("../shared/dso-fixtures/imro"));
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
                meldingen: &[],
            })
            .await
            .unwrap();
        bereid_voor(&store, true, voorbeeldstad).await.unwrap();
        assert_eq!(
            bronnen(&store).await,
            ["demo:bag", "demo:brk", "demo:leges", "demo:omgevingsplan", "demo:toepasbare-regels"]
        );
        assert!(!actuele_datasets(&store).await.unwrap().iter().any(|m| m.id == oud.id));
        let ids: Vec<_> = actuele_datasets(&store).await.unwrap().into_iter().map(|m| m.id).collect();
        bereid_voor(&store, true, voorbeeldstad).await.unwrap();
        let opnieuw: Vec<_> = actuele_datasets(&store).await.unwrap().into_iter().map(|m| m.id).collect();
        assert_eq!(ids, opnieuw, "the same demo is not published again");
        store.close().await;
        let _ = std::fs::remove_dir_all(dir);
    }

    #[tokio::test]
    async fn the_demo_accounts_open_while_the_demo_is_in_service_and_close_when_it_is_switched_off() {
        let (store, dir) = store("accounts").await;
        bereid_voor(&store, true, voorbeeldstad).await.unwrap();
        let ilse = store.gebruiker_per_email("ilse@voorbeeldstad.example").await.unwrap().expect("a demo account");
        assert_eq!(ilse.rollen, [Rol::Initiatiefnemer]);
        let hash = ilse.wachtwoord_hash.clone().expect("with the demo password");
        assert!(crate::wachtwoord::controleer_wachtwoord(&hash, DEMO_WACHTWOORD));
        let bram = store.gebruiker_per_email("behandelaar@voorbeeldstad.example").await.unwrap().unwrap();
        assert_eq!((bram.bevoegd_gezag.as_deref(), bram.rollen.as_slice()), (Some("gm9999"), &[Rol::Behandelaar][..]));
        let pool = store.initiatiefmanagers("gm9999").await.unwrap();
        assert_eq!(pool.iter().map(|m| m.gebruiker).collect::<Vec<_>>(), [bram.id.0], "the demo's initiatiefmanager");
        bereid_voor(&store, false, voorbeeldstad).await.unwrap();
        let dicht = store.gebruiker_per_email("ilse@voorbeeldstad.example").await.unwrap().unwrap();
        assert_eq!(dicht.wachtwoord_hash, None, "a known password must not open a real municipality's cases");
        store.close().await;
        let _ = std::fs::remove_dir_all(dir);
    }
}
