//! The serving state written next to the data, so that a restart serves in seconds instead of reading every
//! delivery again: one file `kennis.snapshot` in the snapshot directory (`<data_dir>/snapshots/`, per instance),
//! holding the plans, the compact panden and percelen with their R-trees, and the address book with its tree, as
//! flat arrays. The toepasbare regels and tariff tables are small and read from their deliveries as before.
//!
//! Layout (little endian): magic `STIPKNIS`, format version (u32), stip version (string), key (string: the sorted
//! current dataset ids with their SHA-256), body length (u64), CRC-32 of the body (u32), body. Strings are a u64
//! length and UTF-8 bytes; every array a u64 count and its elements. A snapshot is used only when magic, format
//! version, stip version and key are the expected ones and the body reads back whole with the right checksum;
//! otherwise the state is built from the deliveries and the reason logged. Written to a temporary file and renamed,
//! so a reader never sees half a file; the one file is replaced, so older snapshots do not pile up.
//!
//! A plan is kept as JSON without its areas (its model is many small records) followed by its areas as one binary
//! blob (locatie, kind, and per ring the coordinates as `f64`: exact, where JSON could round the last bit); the
//! plans are decoded on a second thread while the arrays are read. Their R-trees are rebuilt on reading; those of
//! panden, percelen and addresses are read as they are, straight into memory.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use bytemuck::Pod;
use geo_types::{Geometry, LineString, MultiPolygon, Polygon};
use stip_geo::PolygonSetParts;
use stip_regels::PlanVersie;
use stip_regels::objecten::{Panden, PandenParts, Percelen, PercelenParts};
use stip_store::DatasetMeta;

use super::adressen::{Adresboek, AdresboekParts};

const MAGIC: &[u8; 8] = b"STIPKNIS";
/// Bump whenever the layout of the body changes.
pub const FORMAT_VERSIE: u32 = 6;
const BESTAND: &str = "kennis.snapshot";

/// What a snapshot holds: the serving state except the toepasbare regels and tariff tables.
pub struct Inhoud {
    pub plannen: Vec<PlanVersie>,
    pub panden: Panden,
    pub percelen: Percelen,
    pub adressen: Adresboek,
    pub middelpunt: Option<stip_geo::RdPoint>,
}

/// Why a snapshot was not used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Reden {
    #[error("no snapshot yet")]
    Ontbreekt,
    #[error("the snapshot has another format or stip version ({0})")]
    AndereVersie(String),
    #[error("the snapshot was made for other datasets")]
    AndereDatasets,
    #[error("the snapshot is damaged: {0}")]
    Beschadigd(String),
}

/// The key of a set of datasets: their ids and SHA-256, sorted by id.
pub fn sleutel(metas: &[DatasetMeta]) -> String {
    let mut delen: Vec<(i64, &str)> = metas.iter().map(|m| (m.id.0, m.sha256.as_str())).collect();
    delen.sort_unstable();
    delen.iter().map(|(id, sha)| format!("{id}:{sha}")).collect::<Vec<_>>().join(",")
}

/// The snapshot file in `map`.
pub fn pad(map: &Path) -> PathBuf {
    map.join(BESTAND)
}

/// Writes the snapshot of this state for the datasets with key `sleutel` (replacing any older one).
pub fn schrijf(map: &Path, sleutel: &str, kennis: &super::Kennis) -> std::io::Result<()> {
    // one write at a time (they go on in the background): two would share the temporary file
    static SCHRIJVEN: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _beurt = SCHRIJVEN.lock().unwrap_or_else(|e| e.into_inner());
    std::fs::create_dir_all(map)?;
    // a write cut short by a stop (it runs in the background) left its temporary file, as large as a snapshot
    for oud in std::fs::read_dir(map)?.filter_map(Result::ok) {
        let naam = oud.file_name();
        if naam.to_str().is_some_and(|n| n.starts_with(&format!("{BESTAND}.")) && n.ends_with(".tmp")) {
            let _ = std::fs::remove_file(oud.path());
        }
    }
    let tijdelijk = map.join(format!("{BESTAND}.{}.tmp", std::process::id()));
    let mut f = File::create(&tijdelijk)?;
    let mut kop = Vec::new();
    kop.extend_from_slice(MAGIC);
    kop.extend_from_slice(&FORMAT_VERSIE.to_le_bytes());
    tekst_in(&mut kop, env!("CARGO_PKG_VERSION"));
    tekst_in(&mut kop, sleutel);
    let lengte_op = kop.len() as u64;
    kop.extend_from_slice(&[0u8; 12]);
    f.write_all(&kop)?;
    let mut s = Schrijver { w: BufWriter::with_capacity(1 << 20, f), crc: crc32fast::Hasher::new(), lengte: 0 };
    schrijf_body(&mut s, kennis)?;
    let Schrijver { w, crc, lengte } = s;
    let mut f = w.into_inner().map_err(|e| e.into_error())?;
    f.seek(SeekFrom::Start(lengte_op))?;
    f.write_all(&lengte.to_le_bytes())?;
    f.write_all(&crc.finalize().to_le_bytes())?;
    f.sync_all()?;
    drop(f);
    std::fs::rename(&tijdelijk, pad(map))
}

/// Reads the snapshot in `map` when it was made for the datasets with key `sleutel`, by this stip, and is whole.
pub fn lees(map: &Path, sleutel: &str) -> Result<Inhoud, Reden> {
    let f = match File::open(pad(map)) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Reden::Ontbreekt),
        Err(e) => return Err(Reden::Beschadigd(e.to_string())),
    };
    let totaal = f.metadata().map_err(|e| Reden::Beschadigd(e.to_string()))?.len();
    let mut r = BufReader::with_capacity(1 << 20, f);
    let kapot = |e: std::io::Error| Reden::Beschadigd(e.to_string());
    let mut magic = [0u8; 8];
    r.read_exact(&mut magic).map_err(kapot)?;
    if &magic != MAGIC {
        return Err(Reden::Beschadigd("not a stip snapshot".into()));
    }
    let versie = u32::from_le_bytes(bytes(&mut r).map_err(kapot)?);
    if versie != FORMAT_VERSIE {
        return Err(Reden::AndereVersie(format!("format {versie}, expected {FORMAT_VERSIE}")));
    }
    let stip = kop_tekst(&mut r, totaal).map_err(kapot)?;
    if stip != env!("CARGO_PKG_VERSION") {
        return Err(Reden::AndereVersie(format!("stip {stip}, this is {}", env!("CARGO_PKG_VERSION"))));
    }
    let key = kop_tekst(&mut r, totaal).map_err(kapot)?;
    if key != sleutel {
        return Err(Reden::AndereDatasets);
    }
    let lengte = u64::from_le_bytes(bytes(&mut r).map_err(kapot)?);
    let crc = u32::from_le_bytes(bytes(&mut r).map_err(kapot)?);
    let kop = (8 + 4 + 8 + stip.len() + 8 + key.len() + 8 + 4) as u64;
    if kop.checked_add(lengte) != Some(totaal) {
        return Err(Reden::Beschadigd("the file is shorter or longer than its header says".into()));
    }
    let mut l = Lezer { r, crc: crc32fast::Hasher::new(), rest: lengte };
    let inhoud = lees_body(&mut l).map_err(kapot)?;
    if l.rest != 0 {
        return Err(Reden::Beschadigd("the body is longer than what was read".into()));
    }
    let mut meer = [0u8; 1];
    if l.r.read(&mut meer).map_err(kapot)? != 0 {
        return Err(Reden::Beschadigd("bytes after the body".into()));
    }
    if l.crc.finalize() != crc {
        return Err(Reden::Beschadigd("checksum mismatch".into()));
    }
    inhoud.map_err(Reden::Beschadigd)
}

fn tekst_in(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u64).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

fn bytes<const N: usize>(r: &mut impl Read) -> std::io::Result<[u8; N]> {
    let mut b = [0u8; N];
    r.read_exact(&mut b)?;
    Ok(b)
}

fn kop_tekst(r: &mut impl Read, totaal: u64) -> std::io::Result<String> {
    let n = u64::from_le_bytes(bytes(r)?);
    if n > totaal {
        return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, "a header text longer than the file"));
    }
    let mut b = vec![0u8; n as usize];
    r.read_exact(&mut b)?;
    String::from_utf8(b).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

// The body's arrays are written and read as the bytes of their elements: little endian, as the layout says.
#[cfg(not(target_endian = "little"))]
compile_error!("the snapshot layout is little endian");

struct Schrijver {
    w: BufWriter<File>,
    crc: crc32fast::Hasher,
    lengte: u64,
}

impl Schrijver {
    fn bytes(&mut self, b: &[u8]) -> std::io::Result<()> {
        self.crc.update(b);
        self.lengte += b.len() as u64;
        self.w.write_all(b)
    }

    fn rij<T: Pod>(&mut self, v: &[T]) -> std::io::Result<()> {
        self.bytes(&(v.len() as u64).to_le_bytes())?;
        self.bytes(bytemuck::cast_slice(v))
    }

    fn blob(&mut self, b: &[u8]) -> std::io::Result<()> {
        self.bytes(&(b.len() as u64).to_le_bytes())?;
        self.bytes(b)
    }

    fn teksten(&mut self, v: &[String]) -> std::io::Result<()> {
        self.bytes(&(v.len() as u64).to_le_bytes())?;
        v.iter().try_for_each(|s| self.blob(s.as_bytes()))
    }

    fn vlakken(&mut self, p: &PolygonSetParts) -> std::io::Result<()> {
        self.rij(&p.coords)?;
        self.rij(&p.oorsprong)?;
        self.rij(&p.coords_mm)?;
        self.rij(&p.breed)?;
        self.rij(&p.ring_ends)?;
        self.rij(&p.polygon_ends)?;
        self.boom(&p.boxes, &p.levels, &p.ids)
    }

    fn boom(&mut self, boxes: &[[f32; 4]], levels: &[u64], ids: &[u32]) -> std::io::Result<()> {
        self.rij(boxes)?;
        self.rij(levels)?;
        self.rij(ids)
    }
}

struct Lezer {
    r: BufReader<File>,
    crc: crc32fast::Hasher,
    /// Body bytes not read yet.
    rest: u64,
}

fn ongeldig(s: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, s.to_string())
}

impl Lezer {
    fn vul(&mut self, b: &mut [u8]) -> std::io::Result<()> {
        if b.len() as u64 > self.rest {
            return Err(ongeldig("the body ends early"));
        }
        self.r.read_exact(b)?;
        self.crc.update(b);
        self.rest -= b.len() as u64;
        Ok(())
    }

    fn aantal(&mut self, grootte: usize) -> std::io::Result<usize> {
        let mut b = [0u8; 8];
        self.vul(&mut b)?;
        let n = u64::from_le_bytes(b);
        // a damaged count must not ask for more memory than the file holds
        if n.saturating_mul(grootte.max(1) as u64) > self.rest {
            return Err(ongeldig("an array longer than the file"));
        }
        Ok(n as usize)
    }

    fn rij<T: Pod>(&mut self) -> std::io::Result<Vec<T>> {
        let n = self.aantal(std::mem::size_of::<T>())?;
        let mut v = vec![T::zeroed(); n];
        self.vul(bytemuck::cast_slice_mut(&mut v))?;
        Ok(v)
    }

    fn blob(&mut self) -> std::io::Result<Vec<u8>> {
        let n = self.aantal(1)?;
        let mut b = vec![0u8; n];
        self.vul(&mut b)?;
        Ok(b)
    }

    fn teksten(&mut self) -> std::io::Result<Vec<String>> {
        let n = self.aantal(8)?;
        (0..n).map(|_| String::from_utf8(self.blob()?).map_err(|_| ongeldig("a text that is not UTF-8"))).collect()
    }

    fn vlakken(&mut self) -> std::io::Result<PolygonSetParts> {
        Ok(PolygonSetParts {
            coords: self.rij()?,
            oorsprong: self.rij()?,
            coords_mm: self.rij()?,
            breed: self.rij()?,
            ring_ends: self.rij()?,
            polygon_ends: self.rij()?,
            boxes: self.rij()?,
            levels: self.rij()?,
            ids: self.rij()?,
        })
    }
}

/// One area of a plan: locatie index, 1 (a polygon) or 2 (a multipolygon), the number of polygons, and per polygon
/// its number of rings, per ring its number of coordinates and the coordinates (x, y as f64).
fn vlak_in(out: &mut Vec<u8>, li: usize, g: Option<&Geometry<f64>>) {
    let (soort, polygonen): (u32, &[Polygon<f64>]) = match g {
        Some(Geometry::Polygon(p)) => (1, std::slice::from_ref(p)),
        Some(Geometry::MultiPolygon(mp)) => (2, &mp.0),
        // a locatie without geometry (a group, an Ambtsgebied)
        _ => (0, &[]),
    };
    for x in [li as u32, soort, polygonen.len() as u32] {
        out.extend_from_slice(&x.to_le_bytes());
    }
    for p in polygonen {
        out.extend_from_slice(&(1 + p.interiors().len() as u32).to_le_bytes());
        for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
            out.extend_from_slice(&(ring.0.len() as u32).to_le_bytes());
            for c in &ring.0 {
                out.extend_from_slice(&c.x.to_le_bytes());
                out.extend_from_slice(&c.y.to_le_bytes());
            }
        }
    }
}

/// A locatie index with the area it has (none: a locatie without geometry).
type Vlak = (u32, Option<Geometry<f64>>);

/// The areas of one plan, as [`vlak_in`] wrote them one after the other.
fn vlakken_uit(mut b: &[u8]) -> Result<Vec<Vlak>, String> {
    let u32_uit = |b: &mut &[u8]| -> Result<u32, String> {
        let (kop, rest) = b.split_first_chunk::<4>().ok_or("an area ends early")?;
        *b = rest;
        Ok(u32::from_le_bytes(*kop))
    };
    let mut uit = Vec::new();
    while !b.is_empty() {
        let (li, soort, n) = (u32_uit(&mut b)?, u32_uit(&mut b)?, u32_uit(&mut b)?);
        let mut polygonen = Vec::with_capacity((n as usize).min(b.len() / 4));
        for _ in 0..n {
            let ringen = u32_uit(&mut b)?;
            let mut rings = Vec::with_capacity((ringen as usize).min(b.len() / 4));
            for _ in 0..ringen {
                let k = u32_uit(&mut b)? as usize;
                let (xy, rest) = b.split_at_checked(k * 16).ok_or("a ring longer than its area")?;
                b = rest;
                rings.push(LineString(
                    xy.chunks_exact(16)
                        .map(|c| {
                            let (x, y) = c.split_at(8);
                            geo_types::coord! { x: f64::from_le_bytes(x.try_into().expect("8 bytes")), y: f64::from_le_bytes(y.try_into().expect("8 bytes")) }
                        })
                        .collect(),
                ));
            }
            let mut it = rings.into_iter();
            let ext = it.next().unwrap_or_else(|| LineString(Vec::new()));
            polygonen.push(Polygon::new(ext, it.collect()));
        }
        let g = match (soort, polygonen.len()) {
            (0, 0) => None,
            (1, 1) => Some(Geometry::Polygon(polygonen.pop().expect("one polygon"))),
            (2, _) => Some(Geometry::MultiPolygon(MultiPolygon(polygonen))),
            _ => return Err("an area that is neither a polygon nor a multipolygon".into()),
        };
        uit.push((li, g));
    }
    Ok(uit)
}

/// A plan from its JSON (without its areas) and its areas.
fn plan_uit(json: &[u8], vlakken: &[u8]) -> Result<PlanVersie, String> {
    let mut plan = serde_json::from_slice::<PlanVersie>(json).map_err(|e| e.to_string())?;
    for (li, g) in vlakken_uit(vlakken)? {
        let l = plan.locaties.get_mut(li as usize).ok_or("an area of a locatie the plan does not have")?;
        l.geometrie = g;
    }
    Ok(plan)
}

fn schrijf_body(s: &mut Schrijver, kennis: &super::Kennis) -> std::io::Result<()> {
    let m = kennis.middelpunt.map_or([f64::NAN; 2], |p| [p.x(), p.y()]);
    s.rij(&[m])?;
    s.bytes(&(kennis.regels.plannen().count() as u64).to_le_bytes())?;
    for (pi, plan) in kennis.regels.plannen().enumerate() {
        // the plan without its areas (the index holds those), then the areas' coordinates
        s.blob(&serde_json::to_vec(plan).map_err(std::io::Error::other)?)?;
        // one blob, so that a reader can take it whole and decode it beside the rest; its length first
        let vlakken: Vec<usize> =
            (0..plan.locaties.len()).filter(|&li| plan.locaties[li].geometrie.is_none()).collect();
        let mut buf = Vec::new();
        let mut lengte = 0u64;
        for &li in &vlakken {
            buf.clear();
            vlak_in(&mut buf, li, kennis.regels.eigen_geometrie(pi, li).as_deref());
            lengte += buf.len() as u64;
        }
        s.bytes(&lengte.to_le_bytes())?;
        for &li in &vlakken {
            buf.clear();
            vlak_in(&mut buf, li, kennis.regels.eigen_geometrie(pi, li).as_deref());
            s.bytes(&buf)?;
        }
    }
    let p = kennis.regels.panden().to_parts();
    s.rij(&p.id_waarde)?;
    s.rij(&p.id_vorm)?;
    s.teksten(&p.id_prefixen)?;
    s.rij(&p.bouwjaar)?;
    s.rij(&p.status)?;
    s.rij(&p.voorkomen)?;
    s.teksten(&p.teksten)?;
    s.vlakken(&p.vlakken)?;
    drop(p);
    let p = kennis.regels.percelen().to_parts();
    s.rij(&p.id_waarde)?;
    s.rij(&p.id_vorm)?;
    s.teksten(&p.id_prefixen)?;
    s.rij(&p.aanduiding)?;
    s.teksten(&p.teksten)?;
    s.rij(&p.grootte)?;
    s.rij(&p.plaats)?;
    s.vlakken(&p.vlakken)?;
    drop(p);
    let a = kennis.adressen.to_parts();
    s.rij(&a.postcode)?;
    s.rij(&a.huisnummer)?;
    s.rij(&a.huisletter)?;
    s.rij(&a.toevoeging)?;
    s.rij(&a.straat)?;
    s.rij(&a.xy)?;
    s.teksten(&a.postcodes)?;
    s.teksten(&a.straten)?;
    s.teksten(&a.teksten)?;
    s.boom(&a.boxes, &a.levels, &a.ids)?;
    s.w.flush()
}

/// Reads the body; the outer error is a read failure, the inner one parts that do not fit together (only looked at
/// after the checksum held).
fn lees_body(l: &mut Lezer) -> std::io::Result<Result<Inhoud, String>> {
    let m: Vec<[f64; 2]> = l.rij()?;
    let middelpunt = m.first().and_then(|&[x, y]| stip_geo::RdPoint::new(x, y).ok());
    let n = l.aantal(8)?;
    let mut ruw = Vec::with_capacity(n);
    for _ in 0..n {
        ruw.push((l.blob()?, l.blob()?));
    }
    // the plans are decoded on another core while the arrays below are read
    std::thread::scope(|scope| {
        let plannen = scope.spawn(move || ruw.into_iter().map(|(json, vlakken)| plan_uit(&json, &vlakken)).collect());
        let rest = lees_arrays(l);
        let plannen: Result<Vec<PlanVersie>, String> =
            plannen.join().unwrap_or_else(|_| Err("a plan could not be decoded".into()));
        rest.map(|r| {
            r.and_then(|Objecten { panden, percelen, adressen }| {
                Ok(Inhoud { plannen: plannen?, panden, percelen, adressen, middelpunt })
            })
        })
    })
}

/// The compact objects of a snapshot.
struct Objecten {
    panden: Panden,
    percelen: Percelen,
    adressen: Adresboek,
}

/// The panden, percelen and addresses of the body.
fn lees_arrays(l: &mut Lezer) -> std::io::Result<Result<Objecten, String>> {
    let panden = PandenParts {
        id_waarde: l.rij()?,
        id_vorm: l.rij()?,
        id_prefixen: l.teksten()?,
        bouwjaar: l.rij()?,
        status: l.rij()?,
        voorkomen: l.rij()?,
        teksten: l.teksten()?,
        vlakken: l.vlakken()?,
    };
    let percelen = PercelenParts {
        id_waarde: l.rij()?,
        id_vorm: l.rij()?,
        id_prefixen: l.teksten()?,
        aanduiding: l.rij()?,
        teksten: l.teksten()?,
        grootte: l.rij()?,
        plaats: l.rij()?,
        vlakken: l.vlakken()?,
    };
    let adressen = AdresboekParts {
        postcode: l.rij()?,
        huisnummer: l.rij()?,
        huisletter: l.rij()?,
        toevoeging: l.rij()?,
        straat: l.rij()?,
        xy: l.rij()?,
        postcodes: l.teksten()?,
        straten: l.teksten()?,
        teksten: l.teksten()?,
        boxes: l.rij()?,
        levels: l.rij()?,
        ids: l.rij()?,
    };
    let in_elkaar = || -> Result<_, String> {
        Ok(Objecten {
            panden: Panden::from_parts(panden)?,
            percelen: Percelen::from_parts(percelen)?,
            adressen: Adresboek::from_parts(adressen)?,
        })
    };
    Ok(in_elkaar())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kennis::{Bron, Kennis, actuele_datasets, inlezen, laad_met, publiceer};
    use stip_regels::Laag;
    use stip_store::{DatabaseUrl, Store};

    async fn demo_store(naam: &str) -> (Store, PathBuf) {
        let dir = std::env::temp_dir().join(format!("stip-snapshot-{naam}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let store = Store::open(&DatabaseUrl::sqlite_in(&dir)).await.unwrap();
        crate::demo::bereid_voor(&store, true, || crate::demo::Demo {
            gemeente: stip_demo::GEMEENTE,
            bronnen: stip_demo::bronnen().into_iter().map(|b| Bron { naam: b.naam, bestanden: b.bestanden }).collect(),
        })
        .await
        .unwrap();
        (store, dir)
    }

    /// Loads as a (re)start does and waits until the snapshot it writes in the background, if any, is on disk.
    async fn laad(store: &Store, map: &Path) -> std::sync::Arc<Kennis> {
        let geladen = laad_met(store, Some(map)).await.unwrap();
        assert_eq!(geladen.snapshot.is_some(), !geladen.kennis.uit_snapshot, "a build writes a snapshot, a read not");
        if let Some(schrijven) = geladen.snapshot {
            schrijven.await.unwrap();
        }
        geladen.kennis
    }

    /// What the state answers: points on a grid over the demo, every map layer, panden and percelen in a box,
    /// addresses by place and by what is typed.
    fn antwoorden(k: &Kennis) -> String {
        let m = k.middelpunt.expect("the demo has plans");
        let (x, y) = (m.x(), m.y());
        let mut uit = Vec::new();
        for i in 0..15 {
            for j in 0..15 {
                let p = stip_geo::RdPoint::new(x - 700.0 + 100.0 * f64::from(i), y - 700.0 + 100.0 * f64::from(j));
                uit.push(serde_json::to_string(&k.regels.at_point(p.unwrap())).unwrap());
            }
        }
        let bbox = stip_geo::RdBbox::new(x - 2_000.0, y - 2_000.0, x + 2_000.0, y + 2_000.0).unwrap();
        for laag in [Laag::Locaties, Laag::Planobjecten, Laag::Panden, Laag::Percelen] {
            uit.push(serde_json::to_string(&k.regels.features_in_bbox(laag, bbox)).unwrap());
        }
        let r = geo_types::Rect::new((x - 2_000.0, y - 2_000.0), (x + 2_000.0, y + 2_000.0));
        uit.push(serde_json::to_string(&k.regels.panden_bij(r)).unwrap());
        uit.push(serde_json::to_string(&k.regels.percelen_bij(r)).unwrap());
        let adressen = k.adressen.binnen([x - 2_000.0, y - 2_000.0, x + 2_000.0, y + 2_000.0]);
        assert!(!adressen.is_empty() && !k.regels.panden_bij(r).is_empty(), "the demo has addresses and panden");
        for a in adressen.iter().take(20) {
            uit.push(serde_json::to_string(&k.adressen.zoek(&a.weergave, 3)).unwrap());
            uit.push(serde_json::to_string(&k.adressen.dichtstbij(a.punt, 30.0)).unwrap());
        }
        uit.push(serde_json::to_string(&adressen).unwrap());
        uit.push(format!("{:?} {:?} {} {}", k.datasets, k.versies, k.demo, k.leges.len()));
        uit.join("\n")
    }

    #[tokio::test]
    async fn a_restart_serves_from_the_snapshot_and_answers_as_the_build_did() {
        let (store, dir) = demo_store("herstart").await;
        let map = dir.join("snapshots");
        let gebouwd = laad(&store, &map).await;
        assert!(!gebouwd.uit_snapshot, "the first start builds");
        assert!(pad(&map).exists(), "and writes the snapshot");
        let herstart = laad(&store, &map).await;
        assert!(herstart.uit_snapshot, "a restart reads it");
        assert_eq!(antwoorden(&herstart), antwoorden(&gebouwd));
        assert_eq!(herstart.sttr.activiteiten().len(), gebouwd.sttr.activiteiten().len());
        store.close().await;
        let _ = std::fs::remove_dir_all(dir);
    }

    #[tokio::test]
    async fn a_damaged_truncated_old_or_foreign_snapshot_is_never_served_but_rebuilt_and_says_why() {
        let (store, dir) = demo_store("kapot").await;
        let map = dir.join("snapshots");
        let sleutel = sleutel(&actuele_datasets(&store).await.unwrap());
        assert_eq!(lees(&map, &sleutel).err(), Some(Reden::Ontbreekt));
        let gebouwd = laad(&store, &map).await;
        let goed = std::fs::read(pad(&map)).unwrap();
        assert!(lees(&map, &sleutel).is_ok());
        let midden = goed.len() / 2;
        let schade: [(&str, Vec<u8>, Reden); 4] = [
            (
                "a flipped byte",
                {
                    let mut b = goed.clone();
                    b[midden] ^= 0x20;
                    b
                },
                Reden::Beschadigd("checksum mismatch".into()),
            ),
            (
                "truncated",
                goed[..midden].to_vec(),
                Reden::Beschadigd("the file is shorter or longer than its header says".into()),
            ),
            (
                "old format",
                {
                    let mut b = goed.clone();
                    b[8..12].copy_from_slice(&0u32.to_le_bytes());
                    b
                },
                Reden::AndereVersie(format!("format 0, expected {FORMAT_VERSIE}")),
            ),
            ("not a snapshot", b"hello".to_vec(), Reden::Beschadigd("failed to fill whole buffer".into())),
        ];
        for (wat, bytes, reden) in schade {
            std::fs::write(pad(&map), &bytes).unwrap();
            assert_eq!(lees(&map, &sleutel).err(), Some(reden), "{wat}");
            let herbouwd = laad(&store, &map).await;
            assert!(!herbouwd.uit_snapshot, "{wat}: not served");
            assert_eq!(antwoorden(&herbouwd), antwoorden(&gebouwd), "{wat}");
            assert!(lees(&map, &sleutel).is_ok(), "{wat}: a good snapshot is written again");
        }
        assert_eq!(lees(&map, "1:ab").err(), Some(Reden::AndereDatasets));
        store.close().await;
        let _ = std::fs::remove_dir_all(dir);
    }

    #[tokio::test]
    async fn a_new_import_makes_a_new_snapshot() {
        let (store, dir) = demo_store("import").await;
        let map = dir.join("snapshots");
        laad(&store, &map).await;
        let oude_sleutel = sleutel(&actuele_datasets(&store).await.unwrap());
        // the demo's tariff table imported again: a new version of one dataset
        let leges = stip_demo::bronnen().into_iter().find(|b| b.naam.contains("leges")).expect("the demo has leges");
        let bron = Bron { naam: leges.naam, bestanden: leges.bestanden };
        publiceer(&store, &bron, &inlezen(&bron, None).unwrap()).await.unwrap();
        let nieuwe_sleutel = sleutel(&actuele_datasets(&store).await.unwrap());
        assert_ne!(nieuwe_sleutel, oude_sleutel);
        assert_eq!(lees(&map, &nieuwe_sleutel).err(), Some(Reden::AndereDatasets));
        // a write a stop cut short left its temporary file behind
        std::fs::write(map.join(format!("{BESTAND}.1.tmp")), b"half").unwrap();
        let na_import = laad(&store, &map).await;
        assert!(!na_import.uit_snapshot, "built for the new datasets");
        assert!(lees(&map, &nieuwe_sleutel).is_ok(), "and its snapshot written");
        assert_eq!(lees(&map, &oude_sleutel).err(), Some(Reden::AndereDatasets), "the old one is gone");
        let files: Vec<_> = std::fs::read_dir(&map).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(files, [BESTAND], "one snapshot, no leftovers");
        store.close().await;
        let _ = std::fs::remove_dir_all(dir);
    }
}
