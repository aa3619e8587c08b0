//! What a running stip knows: the imported plans, buildings and parcels (one spatial index) and the toepasbare
//! regels (one catalogue) and the tariff tables, built from the store's current datasets and swapped whole when a new import lands —
//! requests see the old version or the new one, never a mix.

mod adressen;
mod bron;
mod geo;
mod inlezen;
pub mod snapshot;

pub use adressen::{Adres, Adresboek, AdresboekBuilder, AdresboekParts};
pub use bron::{Bron, MAX_BRON_BYTES};
pub use geo::KaartResolver;
pub use inlezen::{Ingelezen, InleesFout, Soort, herken, herken_zip, inlezen};

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;
use stip_regels::RegelIndex;
use stip_regels::import::ZipLimits;
use stip_regels::import::bag::{self, BagObject};
use stip_regels::import::brk;
use stip_regels::objecten::{Panden, PandenBuilder, Percelen, PercelenBuilder};
use stip_store::{DatasetId, DatasetKind, DatasetMeta, DatasetRepository, Store, StoreError};

/// Everything imported, ready to answer questions.
pub struct Kennis {
    pub regels: RegelIndex,
    pub sttr: stip_sttr::Catalog,
    /// The dataset versions this was built from (sorted), to see whether the store has moved on.
    pub datasets: Vec<DatasetId>,
    /// The same versions as an operator reads them (readiness names them, so that instances can be compared).
    pub versies: Vec<DatasetVersie>,
    /// The middle of the imported plans, where the map opens when no place is asked.
    pub middelpunt: Option<stip_geo::RdPoint>,
    /// Addresses from the BAG, for the address search.
    pub adressen: Adresboek,
    /// Whether the built-in demo municipality is (part of) what is shown.
    pub demo: bool,
    /// The tariff tables (leges), per authority and year.
    pub leges: Vec<stip_leges::Tarieventabel>,
    /// Whether the plans, panden, percelen and addresses were read from a snapshot rather than built.
    pub uit_snapshot: bool,
}

impl Kennis {
    /// Nothing imported yet.
    pub fn leeg() -> Kennis {
        Kennis {
            regels: RegelIndex::build(Vec::new(), Vec::new(), Vec::new()),
            sttr: Default::default(),
            datasets: Vec::new(),
            versies: Vec::new(),
            middelpunt: None,
            adressen: Adresboek::default(),
            demo: false,
            leges: Vec::new(),
            uit_snapshot: false,
        }
    }
}

/// One dataset version in service: the store's id (the same on every instance of one database), its kind, name
/// and version as delivered.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct DatasetVersie {
    pub id: i64,
    pub soort: &'static str,
    pub sleutel: String,
    pub versie: String,
}

/// Why the stored datasets could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LaadFout {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("stored dataset {id} ({bron}) cannot be read: {reden}")]
    Dataset { id: i64, bron: String, reden: String },
    /// A task that could not finish (a panic or shutdown), or a failure outside the data.
    #[error("{0}")]
    Intern(String),
}

/// Stores a completely read source as the new current version of its dataset (one transaction): the delivery
/// as received, zipped, with its SHA-256 and the counts of what was read. Real data replaces the demo: once a
/// source that is not demo data (see [`crate::demo::is_demo`]) is published, every demo dataset is retired.
pub async fn publiceer(store: &Store, bron: &Bron, ingelezen: &Ingelezen) -> Result<DatasetMeta, LaadFout> {
    let (payload, sha256) = verpak(bron)?;
    let meldingen = planwijzigingen(store, ingelezen).await?;
    let meta = store
        .publish(stip_store::NewDataset {
            kind: ingelezen.kind(),
            sleutel: &ingelezen.sleutel(bron),
            versie: &ingelezen.versie(),
            titel: &ingelezen.titel(bron),
            bron: &bron.naam,
            sha256: &sha256,
            samenvatting: ingelezen.samenvatting(),
            payload: &payload,
            meldingen: &meldingen,
        })
        .await?;
    if !crate::demo::is_demo(&bron.naam) {
        let demo: Vec<DatasetId> = actuele_datasets(store)
            .await?
            .into_iter()
            .filter(|m| crate::demo::is_demo(&m.bron))
            .map(|m| m.id)
            .collect();
        if !demo.is_empty() {
            store.retire(&demo).await?;
            tracing::info!(datasets = demo.len(), "real data imported: the demo data is retired");
        }
    }
    Ok(meta)
}

/// The plan changes a new version of a plan brings against the current one, as public messages (one per changed
/// norm and area) for the outbox: "maximale bouwhoogte 10 m → 9 m" to everyone subscribed there. A first version,
/// or another kind of data, brings none.
async fn planwijzigingen(store: &Store, ingelezen: &Ingelezen) -> Result<Vec<serde_json::Value>, LaadFout> {
    let Ingelezen::Plan(nieuw) = ingelezen else { return Ok(Vec::new()) };
    let Some(vorige) = store.history(ingelezen.kind(), &nieuw.id).await?.into_iter().find(|m| m.actueel) else {
        return Ok(Vec::new());
    };
    let payload = store.payload(vorige.id).await?;
    let nieuw = nieuw.clone();
    let op = time::OffsetDateTime::now_utc();
    tokio::task::spawn_blocking(move || {
        let fout = |reden: String| LaadFout::Dataset { id: vorige.id.0, bron: vorige.bron.clone(), reden };
        let bron = Bron::from_zip(&vorige.bron, &payload).map_err(fout)?;
        let Ingelezen::Plan(oud) = inlezen(&bron, None).map_err(|e| fout(e.to_string()))? else {
            return Ok(Vec::new());
        };
        let gemeente = nieuw.bevoegd_gezag.naam.clone();
        Ok(stip_regels::verschil(&oud, &nieuw)
            .into_iter()
            .map(|w| {
                let geometrie = serde_json::to_value(geojson::Geometry::from(&w.geometrie)).unwrap_or_default();
                let wijziging = stip_berichten::melding::Normwijziging {
                    plan: w.plan_naam,
                    norm: w.norm,
                    eenheid: w.eenheid,
                    oud: w.oud,
                    nieuw: w.nieuw,
                };
                let m = stip_berichten::melding::van_normwijziging(wijziging, gemeente.as_deref(), geometrie, op);
                serde_json::to_value(m).unwrap_or_default()
            })
            .collect())
    })
    .await
    .map_err(|e| LaadFout::Intern(e.to_string()))?
}

/// A source as the store keeps it: zipped, with the SHA-256 (hex) of the zip.
pub fn verpak(bron: &Bron) -> Result<(Vec<u8>, String), LaadFout> {
    use sha2::Digest;
    let payload = bron.to_zip().map_err(|reden| LaadFout::Dataset { id: 0, bron: bron.naam.clone(), reden })?;
    let sha256: String = sha2::Sha256::digest(&payload).iter().map(|b| format!("{b:02x}")).collect();
    Ok((payload, sha256))
}

/// The ids of every current dataset, sorted: cheap, to poll for changes.
pub async fn actuele_datasets(store: &Store) -> Result<Vec<DatasetMeta>, StoreError> {
    let mut all = Vec::new();
    for kind in DatasetKind::ALL {
        all.extend(store.current(kind).await?);
    }
    all.sort_by_key(|m| m.id);
    Ok(all)
}

/// Reads every current dataset from the store and builds the index and catalogue (the CPU work runs on a
/// blocking thread, so the server keeps answering meanwhile).
pub async fn laad(store: &Store) -> Result<Arc<Kennis>, LaadFout> {
    Ok(laad_met(store, None).await?.kennis)
}

/// What [`laad_met`] loaded, ready to serve, and the snapshot of it still being written.
pub struct Geladen {
    pub kennis: Arc<Kennis>,
    /// Writes the snapshot of what was built in the background, so the new state serves at once (at national scale
    /// the writing takes some 10 s); none when it came from a snapshot or there is no snapshot directory. Dropping
    /// it lets the writing go on; a write cut short by the process ending leaves only a temporary file, which the
    /// next write removes.
    pub snapshot: Option<tokio::task::JoinHandle<()>>,
}

/// As [`laad`], with a snapshot directory: when it holds a whole snapshot of exactly the current datasets, the
/// plans, panden, percelen and addresses come from it and only the other deliveries (toepasbare regels, leges) are
/// read; otherwise everything is built from the deliveries, the reason is logged, and a new snapshot is written
/// beside the serving (see [`Geladen::snapshot`]).
pub async fn laad_met(store: &Store, snapshots: Option<&Path>) -> Result<Geladen, LaadFout> {
    let started = Instant::now();
    let metas = actuele_datasets(store).await?;
    let sleutel = snapshot::sleutel(&metas);
    let inhoud = match snapshots {
        Some(map) => {
            let (map, s) = (map.to_path_buf(), sleutel.clone());
            match tokio::task::spawn_blocking(move || snapshot::lees(&map, &s))
                .await
                .map_err(|e| LaadFout::Intern(e.to_string()))?
            {
                Ok(inhoud) => Some(inhoud),
                Err(reden) => {
                    tracing::info!(reden = %reden, "snapshot not used: building from the deliveries");
                    None
                }
            }
        }
        None => None,
    };
    let uit_snapshot = inhoud.is_some();
    let te_lezen: Vec<DatasetMeta> = metas.iter().filter(|m| !(uit_snapshot && in_snapshot(m.kind))).cloned().collect();
    let (winkel, runtime) = (store.clone(), tokio::runtime::Handle::current());
    let kennis = tokio::task::spawn_blocking(move || {
        // one delivery's payload at a time, read when its turn comes and dropped once built
        let haal = |meta: &DatasetMeta| runtime.block_on(winkel.payload(meta.id)).map_err(LaadFout::from);
        bouw(&metas, te_lezen, haal, inhoud)
    })
    .await
    .map_err(|e| LaadFout::Intern(e.to_string()))??;
    let kennis = Arc::new(kennis);
    tracing::info!(
        datasets = kennis.datasets.len(),
        plannen = kennis.regels.plannen().count(),
        panden = kennis.regels.pand_count(),
        snapshot = uit_snapshot,
        ms = started.elapsed().as_millis() as u64,
        "kennis geladen"
    );
    let snapshot = snapshots.filter(|_| !uit_snapshot).map(|map| {
        let (map, kennis) = (map.to_path_buf(), kennis.clone());
        tokio::task::spawn_blocking(move || {
            let t = Instant::now();
            match snapshot::schrijf(&map, &sleutel, &kennis) {
                Ok(()) => tracing::info!(ms = t.elapsed().as_millis() as u64, "snapshot written"),
                Err(e) => tracing::warn!(error = %e, map = %map.display(), "cannot write the snapshot"),
            }
        })
    });
    Ok(Geladen { kennis, snapshot })
}

/// Whether a snapshot holds what was built from datasets of this kind.
fn in_snapshot(kind: DatasetKind) -> bool {
    matches!(kind, DatasetKind::Regeling | DatasetKind::Bag | DatasetKind::Brk)
}

/// The address book and the compact panden of BAG extracts, built as each extract streams in (one deelbestand at a
/// time, never an extract's objects at once), one extract after the other; of an object in two, the later extract's
/// counts.
#[derive(Debug, Default)]
pub struct BagBouw {
    adressen: AdresboekBuilder,
    panden: PandenBuilder,
}

impl BagBouw {
    /// Reads the next extract into what is being built. An error (naming the file, the element and the reason)
    /// leaves nothing: what was built is gone with it.
    pub fn lees(mut self, bron: &Bron) -> Result<BagBouw, InleesFout> {
        self.volgend_extract();
        bag::stream(&bron.bestanden, &ZipLimits::PACKAGE, None, &mut |o| self.push(&o))?;
        Ok(self)
    }

    /// What follows comes from the next extract: it wins over what came before.
    pub fn volgend_extract(&mut self) {
        self.adressen.volgend_extract();
        self.panden.volgend_extract();
    }

    /// Takes in one object (one voorkomen) of the current extract.
    pub fn push(&mut self, o: &BagObject) {
        match o {
            BagObject::Pand(p) => self.panden.push(p),
            o => self.adressen.push(o),
        }
    }

    pub fn finish(self) -> (Adresboek, Panden) {
        let adressen = self.adressen.finish();
        (adressen, self.panden.finish())
    }
}

/// Reads a BRK extract (its file, as [`inlezen`] reads it) into the percelen being built, one perceel at a time (never
/// the extract's percelen at once); of a perceel in two extracts, the later extract's counts. An error (naming the
/// file, the element and the reason) leaves nothing: what was built is gone with it.
fn lees_brk(mut percelen: PercelenBuilder, bron: &Bron) -> Result<PercelenBuilder, InleesFout> {
    let (naam, bytes) = bron.bestanden.first().map(|(n, b)| (n.as_str(), b.as_slice())).unwrap_or(("", &[]));
    brk::stream(naam, bytes, None, &mut |p| percelen.push(&p))?;
    Ok(percelen)
}

/// Builds the state of the datasets `metas` from the deliveries of `te_lezen` (their payloads fetched by `haal`, one
/// at a time, each dropped once read), or, given the content of a snapshot, from that and the deliveries of the kinds
/// it does not hold.
///
/// One kind at a time, so that only one kind's delivered objects are held at once: the BAG extracts stream into
/// the address book and the compact panden, then the BRK extracts into the compact percelen (their objects are never
/// held), then the plans; the toepasbare regels and tariff tables (small) first.
fn bouw(
    metas: &[DatasetMeta],
    mut te_lezen: Vec<DatasetMeta>,
    mut haal: impl FnMut(&DatasetMeta) -> Result<Vec<u8>, LaadFout>,
    inhoud: Option<snapshot::Inhoud>,
) -> Result<Kennis, LaadFout> {
    let volgorde = |kind: DatasetKind| match kind {
        DatasetKind::Bag => 1,
        DatasetKind::Brk => 2,
        DatasetKind::Regeling => 3,
        _ => 0,
    };
    te_lezen.sort_by_key(|meta| volgorde(meta.kind));
    let mut plannen = Vec::new();
    let mut percelen = PercelenBuilder::default();
    let mut bag = BagBouw::default();
    let mut sttr = stip_sttr::Catalog::default();
    let mut leges = Vec::new();
    let mut compact: (Option<Adresboek>, Option<Panden>, Option<Percelen>) = (None, None, None);
    let mut te_lezen = te_lezen.into_iter().peekable();
    while let Some(meta) = te_lezen.next() {
        let fout = |reden: String| LaadFout::Dataset { id: meta.id.0, bron: meta.bron.clone(), reden };
        let payload = haal(&meta)?;
        let bron = Bron::from_zip(&meta.bron, &payload).map_err(fout)?;
        drop(payload);
        if meta.kind == DatasetKind::Bag {
            bag = bag.lees(&bron).map_err(|e| fout(e.to_string()))?;
        } else if meta.kind == DatasetKind::Brk {
            percelen = lees_brk(percelen, &bron).map_err(|e| fout(e.to_string()))?;
        } else {
            match inlezen(&bron, None).map_err(|e| fout(e.to_string()))? {
                Ingelezen::Plan(plan) => plannen.push(*plan),
                Ingelezen::Bag(_) | Ingelezen::Brk(_) => {}
                Ingelezen::ToepasbareRegels { models, activiteiten } => {
                    sttr.add_models(models);
                    sttr.add_activiteiten(activiteiten);
                }
                Ingelezen::Leges(tabel) => leges.push(*tabel),
            }
        }
        drop(bron);
        let volgende = te_lezen.peek().map(|m| volgorde(m.kind));
        if volgende != Some(volgorde(meta.kind)) && inhoud.is_none() {
            // the last delivery of its kind: made compact, the delivered objects freed before the next kind
            match meta.kind {
                DatasetKind::Bag => {
                    let (adressen, panden) = std::mem::take(&mut bag).finish();
                    (compact.0, compact.1) = (Some(adressen), Some(panden));
                }
                DatasetKind::Brk => compact.2 = Some(std::mem::take(&mut percelen).finish()),
                _ => {}
            }
        }
    }
    let datasets = metas.iter().map(|m| m.id).collect();
    let versies = metas
        .iter()
        .map(|meta| DatasetVersie {
            id: meta.id.0,
            soort: meta.kind.as_str(),
            sleutel: meta.sleutel.clone(),
            versie: meta.versie.clone(),
        })
        .collect();
    let demo = metas.iter().any(|meta| crate::demo::is_demo(&meta.bron));
    let uit_snapshot = inhoud.is_some();
    let (regels, adressen, middelpunt) = match inhoud {
        Some(s) => (RegelIndex::build_compact(s.plannen, s.panden, s.percelen, &[]), s.adressen, s.middelpunt),
        None => {
            let middelpunt = middelpunt(&plannen);
            let (adressen, panden, percelen) = compact;
            let (panden, percelen) = (
                panden.unwrap_or_else(|| Panden::new(Vec::new())),
                percelen.unwrap_or_else(|| Percelen::new(Vec::new())),
            );
            (RegelIndex::build_compact(plannen, panden, percelen, &[]), adressen.unwrap_or_default(), middelpunt)
        }
    };
    Ok(Kennis { regels, sttr, datasets, versies, middelpunt, adressen, demo, leges, uit_snapshot })
}

/// The centre of the bounding box of every located thing in the plans.
fn middelpunt(plannen: &[stip_regels::PlanVersie]) -> Option<stip_geo::RdPoint> {
    use ::geo::BoundingRect;
    let rect =
        plannen.iter().flat_map(|p| p.locaties.iter()).filter_map(|l| l.geometrie.as_ref()?.bounding_rect()).reduce(
            |a, b| {
                geo_types::Rect::new(
                    geo_types::coord! { x: a.min().x.min(b.min().x), y: a.min().y.min(b.min().y) },
                    geo_types::coord! { x: a.max().x.max(b.max().x), y: a.max().y.max(b.max().y) },
                )
            },
        )?;
    stip_geo::RdPoint::new(rect.center().x, rect.center().y).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(id: i64, bron: &str) -> DatasetMeta {
        DatasetMeta {
            id: DatasetId(id),
            kind: DatasetKind::Bag,
            sleutel: bron.into(),
            versie: String::new(),
            titel: bron.into(),
            bron: bron.into(),
            sha256: String::new(),
            samenvatting: serde_json::Value::Null,
            grootte: 0,
            geimporteerd: time::OffsetDateTime::UNIX_EPOCH,
            actueel: true,
        }
    }

    fn bag_bron(naam: &str, panden: &[&str]) -> (DatasetMeta, Vec<u8>) {
        let deel = |i: usize, id: &str| {
            let body = format!(
                "<Objecten:Pand><Objecten:identificatie>{id}</Objecten:identificatie><Objecten:geometrie><gml:Polygon><gml:exterior><gml:LinearRing><gml:posList>0 0 10 0 10 10 0 0</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></Objecten:geometrie></Objecten:Pand>"
            );
            let xml = format!(
                r#"<sl-bag-extract:bagStand xmlns:sl-bag-extract="x" xmlns:Objecten="y" xmlns:gml="http://www.opengis.net/gml/3.2">{body}</sl-bag-extract:bagStand>"#
            );
            (format!("PND-{i:06}.xml"), xml.into_bytes())
        };
        let bestanden = panden.iter().enumerate().map(|(i, id)| deel(i + 1, id)).collect();
        let bron = Bron { naam: naam.into(), bestanden };
        (meta(1, naam), bron.to_zip().unwrap())
    }

    /// A BRK delivery of one zip with a GML per list of (identificatie, perceelnummer; "" for none).
    fn brk_bron(id: i64, naam: &str, gmls: &[&[(&str, &str)]]) -> (DatasetMeta, Vec<u8>) {
        let perceel = |(id, nummer): &(&str, &str)| {
            let nummer = if nummer.is_empty() {
                String::new()
            } else {
                format!("<oz:perceelnummer>{nummer}</oz:perceelnummer>")
            };
            format!(
                "<oz:Perceel><oz:identificatie>{id}</oz:identificatie><oz:kadastraleAanduiding><oz:sectie>B</oz:sectie>{nummer}</oz:kadastraleAanduiding><oz:begrenzingPerceel><gml:Polygon><gml:exterior><gml:LinearRing><gml:posList>0 0 10 0 10 10 0 0</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></oz:begrenzingPerceel></oz:Perceel>"
            )
        };
        let gml = |percelen: &[(&str, &str)]| {
            let body: String = percelen.iter().map(perceel).collect();
            format!(
                r#"<kk:DKK xmlns:kk="http://www.kadaster.nl/schemas/brkkadastralekaart/v5/stand" xmlns:oz="o" xmlns:gml="http://www.opengis.net/gml/3.2">{body}</kk:DKK>"#
            )
        };
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (i, percelen) in gmls.iter().enumerate() {
            w.start_file(format!("kadastralekaart_perceel_{}.gml", i + 1), zip::write::SimpleFileOptions::default())
                .unwrap();
            std::io::Write::write_all(&mut w, gml(percelen).as_bytes()).unwrap();
        }
        let zip = w.finish().unwrap().into_inner();
        let bron = Bron { naam: naam.into(), bestanden: vec![("dkk.zip".into(), zip)] };
        (DatasetMeta { id: DatasetId(id), kind: DatasetKind::Brk, ..meta(id, naam) }, bron.to_zip().unwrap())
    }

    fn payloads(
        bronnen: Vec<(DatasetMeta, Vec<u8>)>,
    ) -> (Vec<DatasetMeta>, impl FnMut(&DatasetMeta) -> Result<Vec<u8>, LaadFout>) {
        let metas: Vec<DatasetMeta> = bronnen.iter().map(|(m, _)| m.clone()).collect();
        let haal = move |m: &DatasetMeta| Ok(bronnen.iter().find(|(b, _)| b.id == m.id).unwrap().1.clone());
        (metas, haal)
    }

    #[test]
    fn brk_deliveries_stream_into_the_percelen_the_later_wins_and_a_malformed_gml_in_the_middle_builds_nothing() {
        let eerste =
            brk_bron(1, "eerste", &[&[("NL.IMKAD.KadastraalObject.1", "10"), ("NL.IMKAD.KadastraalObject.2", "20")]]);
        let tweede = brk_bron(
            2,
            "tweede",
            &[&[("NL.IMKAD.KadastraalObject.2", "21")], &[("NL.IMKAD.KadastraalObject.3", "30")]],
        );
        let (metas, haal) = payloads(vec![eerste.clone(), tweede]);
        let kennis = bouw(&metas, metas.clone(), haal, None).unwrap();
        let percelen = kennis.regels.percelen();
        let ids: Vec<String> = (0..percelen.len()).map(|i| percelen.identificatie(i)).collect();
        assert_eq!(ids, ["NL.IMKAD.KadastraalObject.1", "NL.IMKAD.KadastraalObject.2", "NL.IMKAD.KadastraalObject.3"]);
        assert_eq!(percelen.kadastrale_aanduiding(1).perceelnummer, "21", "the later delivery's");

        let slecht = brk_bron(
            2,
            "slecht",
            &[
                &[("NL.IMKAD.KadastraalObject.4", "40")],
                &[("NL.IMKAD.KadastraalObject.5", "")],
                &[("NL.IMKAD.KadastraalObject.6", "60")],
            ],
        );
        let (metas, haal) = payloads(vec![eerste, slecht]);
        let tekst = bouw(&metas, metas.clone(), haal, None).err().unwrap().to_string();
        assert!(
            tekst.contains("slecht")
                && tekst.contains("dkk.zip!kadastralekaart_perceel_2.gml")
                && tekst.contains("Perceel NL.IMKAD.KadastraalObject.5")
                && tekst.contains("perceelnummer"),
            "{tekst}"
        );
    }

    #[test]
    fn bag_deliveries_stream_into_the_panden_and_a_malformed_deelbestand_in_the_middle_builds_nothing() {
        let goed = bag_bron("goed", &["0221100000000001", "0221100000000002"]);
        let (metas, haal) = payloads(vec![goed.clone()]);
        let kennis = bouw(&metas, metas.clone(), haal, None).unwrap();
        assert_eq!(kennis.regels.pand_count(), 2);
        let (mut slecht, payload) = bag_bron("slecht", &["0221100000000003", "", "0221100000000004"]);
        slecht.id = DatasetId(2);
        let (metas, haal) = payloads(vec![goed, (slecht, payload)]);
        let fout = bouw(&metas, metas.clone(), haal, None).err().unwrap();
        let tekst = fout.to_string();
        assert!(tekst.contains("slecht") && tekst.contains("PND-000002.xml"), "{tekst}");
    }
}
