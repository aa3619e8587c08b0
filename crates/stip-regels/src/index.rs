//! `RegelIndex`: everything needed to answer "what applies here", built once from stored plan versions, panden
//! and percelen. One R-tree per layer (IMOW locaties, IMRO planobjecten, BAG panden, BRK percelen) with exact
//! boundary-inclusive tests (stip-geo), and per plan a precomputed list of what applies on each geometry locatie
//! (norms, activiteiten, gebiedsaanwijzingen, planobjecten, regels — group membership already resolved), so a
//! point query is a few R-tree lookups plus building the answer. Immutable, `Send + Sync`.
//!
//! Ambtsgebied: a package carries no geometry for it. It applies where the bevoegd gezag's boundary lies when one
//! is given ([`RegelIndex::build_with_ambtsgebieden`]); otherwise, as an approximation, within the bounding box of
//! all geometry of that plan.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use geo::{Area, BooleanOps, BoundingRect};
use geo_types::{Coord, Geometry, MultiPolygon, Polygon, Rect};
use serde::{Deserialize, Serialize};
use stip_geo::edge_index::EdgeIndex;
use stip_geo::{PreparedPolygon, RdBbox, RdPoint, SpatialIndex};

use crate::antwoord::*;
use crate::model::*;
use crate::objecten::{Panden, Percelen};

/// Map layers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Laag {
    /// IMOW locaties (omgevingsplan etc.).
    Locaties,
    /// IMRO planobjecten (bestemmingsplannen).
    Planobjecten,
    Panden,
    Percelen,
}

/// A feature for a map layer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Kaartobject {
    pub laag: Laag,
    pub id: String,
    pub naam: Option<String>,
    pub plan: Option<String>,
    pub geometrie: Geometry<f64>,
}

/// Pieces smaller than this (m²) are where a shape only touches an area along its boundary; they are dropped.
pub const MIN_DEEL_M2: f64 = 1e-4;

/// One area of an imported plan (IMOW locatie or IMRO planobject) that a shape overlaps: the area, the piece of the
/// shape inside it, and what applies on the area (see [`RegelIndex::gebiedsdelen`]).
#[derive(Debug)]
pub struct Gebiedsdeel<'a> {
    pub plan: &'a PlanRef,
    pub locatie: &'a LocatieRef,
    /// The whole area (RD New).
    pub geometrie: Cow<'a, Geometry<f64>>,
    /// The IMRO planobject this area is the geometry of (none for IMOW locaties).
    pub planobject: Option<&'a PlanobjectAntwoord>,
    /// The piece of the shape inside the area (RD New).
    pub deel: MultiPolygon<f64>,
    /// Area of `deel` in m².
    pub oppervlakte: f64,
    /// The area where the shape is: a few small polygons that agree with the area on the shape (a heavy area cut
    /// to the shape's box, or that box when the area holds the shape whole). Cheaper to overlay than `deel`, which
    /// follows the shape's own (possibly jagged) outline.
    pub gebied_bij: MultiPolygon<f64>,
    /// What applies on this area (groups resolved), as in a point answer; without `samenvatting`.
    pub wat: Antwoord,
}

/// Hit counts per layer of a point (see [`RegelIndex::treffers`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Treffers {
    pub locaties: usize,
    pub planobjecten: usize,
    pub panden: usize,
    pub percelen: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Subject {
    Planobject(u32),
    Norm(u32),
    Gebiedsaanwijzing(u32),
    /// (juridische regel, activiteitlocatieaanduiding)
    Activiteit(u32, u32),
    Regel(u32),
}

struct PlanData {
    plan: PlanVersie,
    /// What applies on each locatie (index = locatie index), groups resolved.
    subjects: Vec<Box<[Subject]>>,
    regeltekst_idx: HashMap<String, u32>,
    artikel_idx: HashMap<String, u32>,
    activiteit_idx: HashMap<String, u32>,
    /// Ambtsgebied locatie index → the geometry used for it.
    ambtsgebied: HashMap<u32, Geometry<f64>>,
    /// By locatie index: where its own geometry is kept (areas are moved into the R-tree, so their coordinates
    /// are held once; the plan's `geometrie` is then `None`).
    bewaard: Vec<Bewaard>,
    /// Answer fragments prepared once at build; a query clones them (reference-count bumps) and fills in the
    /// locatie that was hit. Regeltekst by regeltekst index, bovenliggende chain by activiteit index.
    regeltekst_cache: Vec<Option<Arc<RegeltekstAntwoord>>>,
    parents_cache: Vec<Arc<[ActiviteitRef]>>,
    plan_ref: PlanRef,
    /// By locatie index.
    locatie_refs: Vec<LocatieRef>,
    /// By norm index.
    normen: Vec<Voorbereid<NormAntwoord>>,
    /// By `ala_start[regel] + activiteitlocatieaanduiding`.
    activiteiten: Vec<Voorbereid<ActiviteitAntwoord>>,
    ala_start: Vec<u32>,
    /// By gebiedsaanwijzing index.
    gebiedsaanwijzingen: Vec<Voorbereid<GebiedsaanwijzingAntwoord>>,
    /// By planobject index.
    planobjecten: Vec<Voorbereid<PlanobjectAntwoord>>,
    /// By juridische regel index.
    regels: Vec<RegelAntwoord>,
}

/// Where a locatie's own geometry is kept once the index is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bewaard {
    /// In the plan (lines, points, anything not an area of closed rings; or no geometry).
    InPlan,
    /// As the one prepared polygon of its key in the R-tree.
    Polygon,
    /// As the prepared polygons of its key in the R-tree, one per polygon.
    MultiPolygon,
}

impl Bewaard {
    /// How `g` can be kept in the R-tree and given back exactly: areas whose rings are all closed and not empty.
    fn voor(g: &Geometry<f64>) -> Bewaard {
        let ring = |r: &geo_types::LineString<f64>| !r.0.is_empty() && r.0.first() == r.0.last();
        let vlak = |p: &Polygon<f64>| ring(p.exterior()) && p.interiors().iter().all(ring);
        match g {
            Geometry::Polygon(p) if vlak(p) => Bewaard::Polygon,
            Geometry::MultiPolygon(mp) if !mp.0.is_empty() && mp.0.iter().all(vlak) => Bewaard::MultiPolygon,
            _ => Bewaard::InPlan,
        }
    }
}

/// An answer item prepared at build (for items with a `locatie`, a placeholder there) with its summary sentence.
struct Voorbereid<T> {
    item: T,
    zin: Option<Tekst>,
}

/// Interns texts at build so equal texts share one allocation (fewer cache lines touched per query).
#[derive(Default)]
struct Pool(std::collections::HashSet<Tekst>);

impl Pool {
    fn get(&mut self, s: &str) -> Tekst {
        if let Some(t) = self.0.get(s) {
            return t.clone();
        }
        let t = Tekst::from(s);
        self.0.insert(t.clone());
        t
    }
    fn opt(&mut self, s: &Option<String>) -> Option<Tekst> {
        s.as_deref().map(|s| self.get(s))
    }
}

pub struct RegelIndex {
    plannen: Vec<PlanData>,
    /// BAG panden and BRK percelen, compact, each with their own R-tree.
    panden: Panden,
    percelen: Percelen,
    locaties: SpatialIndex<u64>,
    planobjecten: SpatialIndex<u64>,
}

fn key(plan: usize, locatie: usize) -> u64 {
    ((plan as u64) << 32) | locatie as u64
}
fn unkey(k: u64) -> (usize, usize) {
    ((k >> 32) as usize, (k & 0xffff_ffff) as usize)
}

impl RegelIndex {
    /// Builds the index; Ambtsgebied locaties use the bounding-box approximation.
    pub fn build(plannen: Vec<PlanVersie>, panden: Vec<Pand>, percelen: Vec<Perceel>) -> Self {
        Self::build_with_ambtsgebieden(plannen, panden, percelen, &[])
    }

    /// Builds the index with known boundaries of bevoegde gezagen: (`gm0297` / `GM0297`, boundary in RD).
    pub fn build_with_ambtsgebieden(
        plannen: Vec<PlanVersie>,
        panden: Vec<Pand>,
        percelen: Vec<Perceel>,
        ambtsgebieden: &[(String, Geometry<f64>)],
    ) -> Self {
        Self::build_compact(plannen, Panden::new(panden), Percelen::new(percelen), ambtsgebieden)
    }

    /// Builds the index over panden and percelen already made compact (as read back from a snapshot).
    pub fn build_compact(
        plannen: Vec<PlanVersie>,
        panden: Panden,
        percelen: Percelen,
        ambtsgebieden: &[(String, Geometry<f64>)],
    ) -> Self {
        let mut loc_items: Vec<(u64, Geometry<f64>)> = Vec::new();
        let mut po_items: Vec<(u64, Geometry<f64>)> = Vec::new();
        let mut data = Vec::with_capacity(plannen.len());
        let mut pool = Pool::default();
        for (pi, plan) in plannen.into_iter().enumerate() {
            let mut d = prepare_plan(plan, ambtsgebieden, &mut pool);
            let items = if d.plan.soort == PlanSoort::Imro { &mut po_items } else { &mut loc_items };
            d.bewaard = vec![Bewaard::InPlan; d.plan.locaties.len()];
            for (li, l) in d.plan.locaties.iter_mut().enumerate() {
                // an area's coordinates move into the R-tree; anything else stays in the plan and is copied
                let g = match l.geometrie.take() {
                    Some(g) => match Bewaard::voor(&g) {
                        Bewaard::InPlan => l.geometrie.insert(g).clone(),
                        bewaard => {
                            d.bewaard[li] = bewaard;
                            g
                        }
                    },
                    None => match d.ambtsgebied.get(&(li as u32)) {
                        Some(g) => g.clone(),
                        None => continue,
                    },
                };
                items.push((key(pi, li), g));
            }
            data.push(d);
        }
        Self {
            plannen: data,
            panden,
            percelen,
            locaties: SpatialIndex::build(loc_items),
            planobjecten: SpatialIndex::build(po_items),
        }
    }

    /// The panden, compact (to write them out).
    pub fn panden(&self) -> &Panden {
        &self.panden
    }

    /// The percelen, compact (to write them out).
    pub fn percelen(&self) -> &Percelen {
        &self.percelen
    }

    /// The plan versions. Their locaties hold only the geometries that are not areas: an area's coordinates are
    /// kept once, in the R-tree ([`Self::eigen_geometrie`] gives them back).
    pub fn plannen(&self) -> impl Iterator<Item = &PlanVersie> {
        self.plannen.iter().map(|d| &d.plan)
    }

    pub fn pand_count(&self) -> usize {
        self.panden.len()
    }

    /// Everything that applies at a point.
    pub fn at_point(&self, p: RdPoint) -> Antwoord {
        let c = p.coord();
        let mut hits: Vec<u64> = Vec::with_capacity(8);
        self.locaties.for_each_at_point(c, |k| hits.push(k));
        self.planobjecten.for_each_at_point(c, |k| hits.push(k));
        let mut panden = Vec::with_capacity(2);
        self.panden.vlakken().for_each_at_point(c, |k| panden.push(k));
        let mut percelen = Vec::with_capacity(2);
        self.percelen.vlakken().for_each_at_point(c, |k| percelen.push(k));
        self.antwoord(hits, panden, percelen)
    }

    /// Only the spatial part of a point query: how many features of each layer are hit (for diagnostics and
    /// benchmarks: the cost of the R-trees and exact tests without building an answer).
    pub fn treffers(&self, p: RdPoint) -> Treffers {
        let c = p.coord();
        let mut t = Treffers::default();
        self.locaties.for_each_at_point(c, |_| t.locaties += 1);
        self.planobjecten.for_each_at_point(c, |_| t.planobjecten += 1);
        self.panden.vlakken().for_each_at_point(c, |_| t.panden += 1);
        self.percelen.vlakken().for_each_at_point(c, |_| t.percelen += 1);
        t
    }

    /// Everything that applies somewhere in an area (boundary inclusive).
    pub fn in_area(&self, area: &Polygon<f64>) -> Antwoord {
        let mut hits = self.locaties.intersecting(area);
        hits.extend(self.planobjecten.intersecting(area));
        self.antwoord(hits, self.panden.vlakken().intersecting(area), self.percelen.vlakken().intersecting(area))
    }

    fn antwoord(&self, mut hits: Vec<u64>, mut panden: Vec<u32>, mut percelen: Vec<u32>) -> Antwoord {
        hits.sort_unstable();
        hits.dedup();
        panden.sort_unstable();
        panden.dedup();
        percelen.sort_unstable();
        percelen.dedup();
        let mut a = Antwoord::default();
        let mut subjects: Vec<(usize, Subject, usize)> = Vec::with_capacity(hits.len() * 4);
        let mut plan_seen: Vec<usize> = Vec::with_capacity(2);
        a.gebieden.reserve_exact(hits.len());
        for &h in &hits {
            let (pi, li) = unkey(h);
            let d = &self.plannen[pi];
            if !plan_seen.contains(&pi) {
                plan_seen.push(pi);
            }
            let l = &d.locatie_refs[li];
            a.gebieden.push(GebiedRef { plan: d.plan_ref.id.clone(), locatie: l.id.clone(), naam: l.naam.clone() });
            subjects.extend(d.subjects[li].iter().map(|s| (pi, *s, li)));
        }
        subjects.sort_unstable_by_key(|(p, s, _)| (*p, *s));
        subjects.dedup_by_key(|(p, s, _)| (*p, *s));
        a.plannen.reserve_exact(plan_seen.len());
        for pi in &plan_seen {
            let d = &self.plannen[*pi];
            a.plannen.push(d.plan_ref.clone());
            if !a.bevoegd_gezag.iter().any(|b| b.code == d.plan.bevoegd_gezag.code) {
                a.bevoegd_gezag.push(d.plan.bevoegd_gezag.clone());
            }
        }
        // exact capacities: no regrowth, one allocation per non-empty list
        let (mut n_norm, mut n_act, mut n_ga, mut n_po, mut n_regel) = (0, 0, 0, 0, 0);
        for (_, s, _) in &subjects {
            match s {
                Subject::Norm(_) => n_norm += 1,
                Subject::Activiteit(..) => n_act += 1,
                Subject::Gebiedsaanwijzing(_) => n_ga += 1,
                Subject::Planobject(_) => n_po += 1,
                Subject::Regel(_) => n_regel += 1,
            }
        }
        let mut z = Zinnen::default();
        a.normen.reserve_exact(n_norm);
        z.normen.reserve_exact(n_norm);
        a.activiteiten.reserve_exact(n_act);
        z.activiteiten.reserve_exact(n_act);
        a.gebiedsaanwijzingen.reserve_exact(n_ga);
        z.gebiedsaanwijzingen.reserve_exact(n_ga);
        a.regels.reserve_exact(n_regel);
        if n_po > 0 {
            a.bestemmingen.reserve(n_po);
            z.bestemmingen.reserve(n_po);
        }
        for (pi, s, li) in subjects {
            let d = &self.plannen[pi];
            match s {
                Subject::Norm(ni) => {
                    let v = &d.normen[ni as usize];
                    let n = &v.item;
                    a.normen.push(NormAntwoord {
                        type_: n.type_.clone(),
                        naam: n.naam.clone(),
                        soort: n.soort,
                        waarde: n.waarde,
                        kwalitatieve_waarde: n.kwalitatieve_waarde.clone(),
                        waarde_in_regeltekst: n.waarde_in_regeltekst.clone(),
                        eenheid: n.eenheid.clone(),
                        locatie: d.locatie_refs[li].clone(),
                        regeltekst: n.regeltekst.clone(),
                        plan: n.plan.clone(),
                    });
                    z.normen.push(v.zin.as_deref());
                }
                Subject::Activiteit(ri, ai) => {
                    let v = &d.activiteiten[(d.ala_start[ri as usize] + ai) as usize];
                    let x = &v.item;
                    a.activiteiten.push(ActiviteitAntwoord {
                        id: x.id.clone(),
                        naam: x.naam.clone(),
                        groep: x.groep.clone(),
                        kwalificatie: x.kwalificatie.clone(),
                        bovenliggende: x.bovenliggende.clone(),
                        locatie: d.locatie_refs[li].clone(),
                        regeltekst: x.regeltekst.clone(),
                        plan: x.plan.clone(),
                    });
                    z.activiteiten.push(v.zin.as_deref().unwrap_or_default());
                }
                Subject::Gebiedsaanwijzing(gi) => {
                    let v = &d.gebiedsaanwijzingen[gi as usize];
                    a.gebiedsaanwijzingen.push(v.item.clone());
                    z.gebiedsaanwijzingen.push(v.zin.as_deref().unwrap_or_default());
                }
                Subject::Planobject(oi) => {
                    let v = &d.planobjecten[oi as usize];
                    let zin = v.zin.as_deref().unwrap_or_default();
                    match v.item.soort {
                        PlanobjectSoort::Enkelbestemming | PlanobjectSoort::Dubbelbestemming => {
                            a.bestemmingen.push(v.item.clone());
                            z.bestemmingen.push(zin);
                        }
                        PlanobjectSoort::Bouwvlak => a.bouwvlakken.push(v.item.clone()),
                        PlanobjectSoort::Functieaanduiding
                        | PlanobjectSoort::Bouwaanduiding
                        | PlanobjectSoort::Gebiedsaanduiding
                        | PlanobjectSoort::Lettertekenaanduiding
                        | PlanobjectSoort::Figuur => {
                            a.aanduidingen.push(v.item.clone());
                            z.aanduidingen.push(zin);
                        }
                        PlanobjectSoort::Maatvoering | PlanobjectSoort::Bestemmingsplangebied => {}
                    }
                }
                Subject::Regel(ri) => a.regels.push(d.regels[ri as usize].clone()),
            }
        }
        a.panden.reserve_exact(panden.len());
        for i in panden {
            let i = i as usize;
            a.panden.push(PandAntwoord {
                identificatie: Tekst::from(self.panden.identificatie(i)),
                bouwjaar: self.panden.bouwjaar(i),
                status: Tekst::from(self.panden.status(i)),
            });
        }
        a.percelen.reserve_exact(percelen.len());
        for i in percelen {
            let i = i as usize;
            a.percelen.push(PerceelAntwoord {
                identificatie: Tekst::from(self.percelen.identificatie(i)),
                kadastrale_aanduiding: Tekst::from(self.percelen.kadastrale_aanduiding(i).tekst()),
                kadastrale_grootte: self.percelen.kadastrale_grootte(i),
            });
        }
        a.samenvatting = a.samenvatting_uit(&z);
        a
    }

    /// Every area (IMOW locatie or IMRO planobject; lines and points are not areas) that a shape overlaps by more
    /// than [`MIN_DEEL_M2`], with the piece of the shape inside it, in plan order. Candidates come from the R-trees;
    /// an area whose boundary stays clear of the shape's bounding box contains the shape whole (or not at all) and
    /// needs no clipping, so large areas cost a lookup in their edge index, not an overlay of all their vertices.
    pub fn gebiedsdelen(&self, vorm: &MultiPolygon<f64>) -> Vec<Gebiedsdeel<'_>> {
        let (Some(r), Some(probe)) =
            (vorm.bounding_rect(), vorm.0.iter().find_map(|p| p.exterior().0.first().copied()))
        else {
            return Vec::new();
        };
        let mut stukken: Vec<(u64, MultiPolygon<f64>, Polygon<f64>)> = Vec::new();
        // the shape's edges, indexed once for every area whose boundary comes near (most do not cross it)
        let mut randen: Option<EdgeIndex> = None;
        for idx in [&self.locaties, &self.planobjecten] {
            idx.for_each_area_meeting(r, |k, part| {
                let (stuk, bij) = if part.boundary_meets(r) {
                    // a heavy area is first cut to (a little more than) the shape's box: the overlay then sees
                    // only the few edges near the shape, not all of them
                    let vlak = if part.has_edge_index() {
                        part.clipped_to(Rect::new(
                            Coord { x: r.min().x - 1.0, y: r.min().y - 1.0 },
                            Coord { x: r.max().x + 1.0, y: r.max().y + 1.0 },
                        ))
                    } else {
                        part.to_polygon()
                    };
                    if vlak.exterior().0.is_empty() {
                        return;
                    }
                    let randen = randen.get_or_insert_with(|| EdgeIndex::new(vorm));
                    match zonder_kruising(part, &vlak, vorm, randen) {
                        Some(true) => (vorm.clone(), vlak),
                        Some(false) => return,
                        None => (vlak.intersection(vorm), vlak),
                    }
                } else if part.covers(probe) {
                    (vorm.clone(), r.to_polygon())
                } else {
                    return;
                };
                if stuk.unsigned_area() > MIN_DEEL_M2 {
                    stukken.push((k, stuk, bij));
                }
            });
        }
        stukken.sort_by_key(|(k, _, _)| *k);
        let mut delen: Vec<Gebiedsdeel<'_>> = Vec::with_capacity(stukken.len());
        let mut vorige: Option<u64> = None;
        for (k, stuk, bij) in stukken {
            if vorige == Some(k) {
                // another polygon of the same (multi-polygon) area: its parts do not overlap, so the pieces add up
                let d = delen.last_mut().expect("previous piece");
                d.oppervlakte += stuk.unsigned_area();
                d.deel.0.extend(stuk.0);
                d.gebied_bij.0.push(bij);
                continue;
            }
            vorige = Some(k);
            let (pi, li) = unkey(k);
            let d = &self.plannen[pi];
            let Some(geometrie) = self.locatie_geometrie(pi, li) else { continue };
            let planobject = d.subjects[li].iter().find_map(|s| match s {
                Subject::Planobject(oi) if d.plan.planobjecten[*oi as usize].locatie == d.plan.locaties[li].id => {
                    Some(&d.planobjecten[*oi as usize].item)
                }
                _ => None,
            });
            let mut wat = self.antwoord(vec![k], Vec::new(), Vec::new());
            wat.samenvatting.clear();
            delen.push(Gebiedsdeel {
                plan: &d.plan_ref,
                locatie: &d.locatie_refs[li],
                geometrie,
                planobject,
                oppervlakte: stuk.unsigned_area(),
                deel: stuk,
                gebied_bij: MultiPolygon(vec![bij]),
                wat,
            });
        }
        delen
    }

    /// BAG panden whose footprint envelope meets the box, with their footprints (RD New); the pand itself without
    /// its footprint.
    pub fn panden_bij(&self, r: Rect<f64>) -> Vec<(Pand, Polygon<f64>)> {
        let mut out = Vec::new();
        let vlakken = self.panden.vlakken();
        vlakken.for_each_meeting(r, |i| out.push((self.panden.pand(i as usize), vlakken.polygon(i as usize))));
        out.sort_by(|a, b| a.0.identificatie.cmp(&b.0.identificatie));
        out
    }

    /// A BAG pand by its identificatie, with its footprint. A scan over all panden: for the one pand a request
    /// names, not for loops.
    pub fn pand(&self, identificatie: &str) -> Option<(Pand, Polygon<f64>)> {
        let i = self.panden.position(identificatie)?;
        Some((self.panden.pand(i), self.panden.vlakken().polygon(i)))
    }

    /// BRK percelen whose envelope meets the box.
    pub fn percelen_bij(&self, r: Rect<f64>) -> Vec<Perceel> {
        let mut keys = Vec::new();
        self.percelen.vlakken().for_each_meeting(r, |i| keys.push(i));
        keys.sort_unstable();
        keys.into_iter().map(|i| self.percelen.perceel(i as usize)).collect()
    }

    /// An imported plan version by id.
    pub fn plan(&self, id: &str) -> Option<&PlanVersie> {
        self.plannen.iter().map(|d| &d.plan).find(|p| p.id == id)
    }

    /// Features of a layer whose envelope meets the box (for map layers).
    pub fn features_in_bbox(&self, laag: Laag, bbox: RdBbox) -> Vec<Kaartobject> {
        match laag {
            Laag::Locaties | Laag::Planobjecten => {
                let idx = if laag == Laag::Locaties { &self.locaties } else { &self.planobjecten };
                idx.in_bbox(bbox)
                    .into_iter()
                    .filter_map(|k| {
                        let (pi, li) = unkey(k);
                        let d = &self.plannen[pi];
                        let l = &d.plan.locaties[li];
                        let g = self.locatie_geometrie(pi, li)?;
                        Some(Kaartobject {
                            laag,
                            id: l.id.clone(),
                            naam: l.noemer.clone(),
                            plan: Some(d.plan.id.clone()),
                            geometrie: g.into_owned(),
                        })
                    })
                    .collect()
            }
            Laag::Panden => self
                .panden
                .vlakken()
                .in_bbox(bbox)
                .into_iter()
                .map(|i| Kaartobject {
                    laag,
                    id: self.panden.identificatie(i as usize),
                    naam: self.panden.bouwjaar(i as usize).map(|b| b.to_string()),
                    plan: None,
                    geometrie: Geometry::Polygon(self.panden.vlakken().polygon(i as usize)),
                })
                .collect(),
            Laag::Percelen => self
                .percelen
                .vlakken()
                .in_bbox(bbox)
                .into_iter()
                .map(|i| Kaartobject {
                    laag,
                    id: self.percelen.identificatie(i as usize),
                    naam: Some(self.percelen.kadastrale_aanduiding(i as usize).tekst()),
                    plan: None,
                    geometrie: Geometry::Polygon(self.percelen.vlakken().polygon(i as usize)),
                })
                .collect(),
        }
    }

    /// Geometry of a locatie of a plan (Ambtsgebied: the geometry used for it).
    pub fn geometrie(&self, plan_id: &str, locatie_id: &str) -> Option<Cow<'_, Geometry<f64>>> {
        let pi = self.plannen.iter().position(|d| d.plan.id == plan_id)?;
        let li = self.plannen[pi].plan.locaties.iter().position(|l| l.id == locatie_id)?;
        self.locatie_geometrie(pi, li)
    }

    /// Geometry of locatie `li` of plan `pi` (in [`Self::plannen`] order): its own, or for an Ambtsgebied the
    /// geometry used for it.
    fn locatie_geometrie(&self, pi: usize, li: usize) -> Option<Cow<'_, Geometry<f64>>> {
        let d = &self.plannen[pi];
        self.eigen_geometrie(pi, li).or_else(|| d.ambtsgebied.get(&(li as u32)).map(Cow::Borrowed))
    }

    /// The geometry locatie `li` of plan `pi` (in [`Self::plannen`] order) was delivered with. The plans that
    /// [`Self::plannen`] shows hold only the geometries that are not areas: the areas' coordinates are kept once,
    /// in the R-tree, and come back from there exactly as delivered.
    pub fn eigen_geometrie(&self, pi: usize, li: usize) -> Option<Cow<'_, Geometry<f64>>> {
        let d = self.plannen.get(pi)?;
        let boom = if d.plan.soort == PlanSoort::Imro { &self.planobjecten } else { &self.locaties };
        let vlakken = || boom.areas_of(key(pi, li)).into_iter().map(PreparedPolygon::to_polygon);
        match d.bewaard.get(li)? {
            Bewaard::InPlan => d.plan.locaties[li].geometrie.as_ref().map(Cow::Borrowed),
            Bewaard::Polygon => vlakken().next().map(|p| Cow::Owned(Geometry::Polygon(p))),
            Bewaard::MultiPolygon => Some(Cow::Owned(Geometry::MultiPolygon(MultiPolygon(vlakken().collect())))),
        }
    }

    /// The matched areas of an answer as a GeoJSON FeatureCollection (RD New, or WGS84 lon/lat when asked).
    pub fn gebieden_geojson(&self, antwoord: &Antwoord, wgs84: bool) -> geojson::FeatureCollection {
        let mut features = Vec::new();
        for g in &antwoord.gebieden {
            let Some(geom) = self.geometrie(&g.plan, &g.locatie) else { continue };
            let geom = if wgs84 {
                match stip_geo::transform::geometry_rd_to_wgs84(&geom) {
                    Ok(w) => w,
                    Err(_) => continue,
                }
            } else {
                geom.into_owned()
            };
            let mut props = geojson::JsonObject::new();
            props.insert("plan".into(), g.plan.clone().into());
            props.insert("locatie".into(), g.locatie.clone().into());
            props.insert("naam".into(), g.naam.clone().into());
            features.push(geojson::Feature {
                geometry: Some(geojson::Geometry::from(&geom)),
                properties: Some(props),
                ..Default::default()
            });
        }
        geojson::FeatureCollection { features, bbox: None, foreign_members: None }
    }
}

impl PlanData {
    fn build_regeltekst(&self, i: usize, pool: &mut Pool) -> Option<RegeltekstAntwoord> {
        let rt = &self.plan.regelteksten[i];
        let art = &self.plan.artikelen[*self.artikel_idx.get(&rt.artikel_wid)? as usize];
        let (artikel, tekst) = match art.leden.iter().find(|l| l.wid == rt.wid) {
            Some(lid) => (format!("{} lid {}", art.nummer, lid.nummer.trim_end_matches('.')), lid.tekst.clone()),
            None => {
                let mut t = art.tekst.clone();
                for l in &art.leden {
                    if !t.is_empty() {
                        t.push('\n');
                    }
                    t.push_str(&format!("{} {}", l.nummer, l.tekst));
                }
                (art.nummer.clone(), t)
            }
        };
        Some(RegeltekstAntwoord {
            id: rt.id.as_str().into(),
            wid: rt.wid.as_str().into(),
            artikel: pool.get(&artikel),
            opschrift: pool.opt(&art.opschrift),
            tekst: pool.get(&tekst),
            toelichting: pool.opt(&art.toelichting),
        })
    }

    fn parents(&self, id: &str, pool: &mut Pool) -> Vec<ActiviteitRef> {
        let mut out = Vec::new();
        let mut cur =
            self.activiteit_idx.get(id).and_then(|&i| self.plan.activiteiten[i as usize].bovenliggende.as_deref());
        while let Some(p) = cur {
            if out.len() >= 32 || out.iter().any(|a: &ActiviteitRef| a.id == p) {
                break;
            }
            match self.activiteit_idx.get(p) {
                Some(&i) => {
                    let act = &self.plan.activiteiten[i as usize];
                    out.push(ActiviteitRef { id: pool.get(p), naam: Some(pool.get(&act.naam)) });
                    cur = act.bovenliggende.as_deref();
                }
                None => {
                    out.push(ActiviteitRef { id: pool.get(p), naam: None });
                    cur = None;
                }
            }
        }
        out
    }

    /// Prepares every answer fragment of the plan (after the lookup tables are filled).
    fn prepare_answers(&mut self, gebiedsaanwijzing_regels: &HashMap<u32, Vec<u32>>, pool: &mut Pool) {
        let plan_id = pool.get(&self.plan.id);
        let geen_locatie = LocatieRef { id: pool.get(""), naam: None };
        self.plan_ref = PlanRef {
            id: plan_id.clone(),
            versie: pool.get(&self.plan.versie),
            titel: pool.get(&self.plan.titel),
            soort: self.plan.soort,
            bevoegd_gezag: pool.get(&self.plan.bevoegd_gezag.code),
        };
        self.regeltekst_cache =
            (0..self.plan.regelteksten.len()).map(|i| self.build_regeltekst(i, pool).map(Arc::new)).collect();
        self.parents_cache = self.plan.activiteiten.iter().map(|a| self.parents(&a.id, pool).into()).collect();
        let plan = &self.plan;
        self.locatie_refs =
            plan.locaties.iter().map(|l| LocatieRef { id: pool.get(&l.id), naam: pool.opt(&l.noemer) }).collect();
        let rt = |id: &str| self.regeltekst_idx.get(id).and_then(|&i| self.regeltekst_cache[i as usize].clone());
        self.normen = plan
            .normen
            .iter()
            .map(|n| {
                let item = NormAntwoord {
                    type_: n.type_.clone(),
                    naam: n.naam.clone(),
                    soort: n.soort,
                    waarde: n.waarde,
                    kwalitatieve_waarde: n.kwalitatieve_waarde.clone(),
                    waarde_in_regeltekst: n.waarde_in_regeltekst.clone(),
                    eenheid: n.eenheid.clone(),
                    locatie: geen_locatie.clone(),
                    regeltekst: n.regeltekst.as_deref().and_then(rt),
                    plan: plan_id.clone(),
                };
                let zin = norm_zin(&item).map(|z| pool.get(&z));
                Voorbereid { item, zin }
            })
            .collect();
        self.ala_start = Vec::with_capacity(plan.juridische_regels.len());
        self.activiteiten = Vec::new();
        for r in &plan.juridische_regels {
            self.ala_start.push(self.activiteiten.len() as u32);
            for ala in &r.activiteiten {
                let act = self.activiteit_idx.get(&ala.activiteit).map(|&i| (i, &plan.activiteiten[i as usize]));
                let item = ActiviteitAntwoord {
                    id: pool.get(&ala.activiteit),
                    naam: pool.get(act.map_or(&ala.activiteit, |(_, a)| &a.naam)),
                    groep: act.and_then(|(_, a)| pool.opt(&a.groep)),
                    kwalificatie: ala.kwalificatie.clone(),
                    bovenliggende: act.map(|(i, _)| self.parents_cache[i as usize].clone()).unwrap_or_default(),
                    locatie: geen_locatie.clone(),
                    regeltekst: rt(&r.regeltekst),
                    plan: plan_id.clone(),
                };
                let zin = Some(pool.get(&activiteit_zin(&item)));
                self.activiteiten.push(Voorbereid { item, zin });
            }
        }
        self.gebiedsaanwijzingen = plan
            .gebiedsaanwijzingen
            .iter()
            .enumerate()
            .map(|(gi, g)| {
                let item = GebiedsaanwijzingAntwoord {
                    id: g.id.as_str().into(),
                    type_: pool.get(&g.type_),
                    naam: pool.get(&g.naam),
                    groep: pool.opt(&g.groep),
                    regelteksten: gebiedsaanwijzing_regels
                        .get(&(gi as u32))
                        .map(|rs| {
                            rs.iter().filter_map(|r| rt(&plan.juridische_regels[*r as usize].regeltekst)).collect()
                        })
                        .unwrap_or_default(),
                    plan: plan_id.clone(),
                };
                let zin = Some(pool.get(&gebiedsaanwijzing_zin(&item)));
                Voorbereid { item, zin }
            })
            .collect();
        self.planobjecten = plan
            .planobjecten
            .iter()
            .map(|o| {
                let item = PlanobjectAntwoord {
                    id: o.id.as_str().into(),
                    soort: o.soort,
                    naam: pool.get(&o.naam),
                    hoofdgroep: pool.opt(&o.hoofdgroep),
                    artikelnummer: pool.opt(&o.artikelnummer),
                    tekst_verwijzingen: o.tekst_verwijzingen.iter().map(|t| pool.get(t)).collect(),
                    plan: plan_id.clone(),
                };
                let zin = match o.soort {
                    PlanobjectSoort::Enkelbestemming | PlanobjectSoort::Dubbelbestemming => Some(bestemming_zin(&item)),
                    PlanobjectSoort::Functieaanduiding
                    | PlanobjectSoort::Bouwaanduiding
                    | PlanobjectSoort::Gebiedsaanduiding
                    | PlanobjectSoort::Lettertekenaanduiding
                    | PlanobjectSoort::Figuur => Some(aanduiding_zin(&item)),
                    PlanobjectSoort::Bouwvlak
                    | PlanobjectSoort::Maatvoering
                    | PlanobjectSoort::Bestemmingsplangebied => None,
                };
                Voorbereid { item, zin: zin.map(|z| pool.get(&z)) }
            })
            .collect();
        self.regels = plan
            .juridische_regels
            .iter()
            .map(|r| RegelAntwoord {
                id: r.id.as_str().into(),
                soort: r.soort.clone(),
                regeltekst: rt(&r.regeltekst),
                plan: plan_id.clone(),
            })
            .collect();
    }
}

fn prepare_plan(mut plan: PlanVersie, ambtsgebieden: &[(String, Geometry<f64>)], pool: &mut Pool) -> PlanData {
    // a norm's repeating texts: one of each, shared by the plan and the prepared answers
    for n in &mut plan.normen {
        for t in [&mut n.norm_id, &mut n.type_, &mut n.naam] {
            *t = pool.get(t);
        }
        for t in
            [&mut n.kwalitatieve_waarde, &mut n.waarde_in_regeltekst, &mut n.eenheid, &mut n.groep, &mut n.regeltekst]
                .into_iter()
                .flatten()
        {
            *t = pool.get(t);
        }
    }
    // references to locaties: the one text of the locatie's id, shared with its place in the answers
    for ids in plan
        .normen
        .iter_mut()
        .map(|n| &mut n.locaties)
        .chain(plan.gebiedsaanwijzingen.iter_mut().map(|g| &mut g.locaties))
    {
        ids.iter_mut().for_each(|t| *t = pool.get(t));
    }
    for r in &mut plan.juridische_regels {
        r.locaties.iter_mut().for_each(|t| *t = pool.get(t));
        for a in &mut r.activiteiten {
            a.locaties.iter_mut().for_each(|t| *t = pool.get(t));
        }
    }
    let locatie_idx: HashMap<&str, u32> =
        plan.locaties.iter().enumerate().map(|(i, l)| (l.id.as_str(), i as u32)).collect();
    let mut direct: Vec<Vec<Subject>> = vec![Vec::new(); plan.locaties.len()];
    let mut add = |ids: &[Tekst], s: Subject| {
        for id in ids {
            if let Some(&i) = locatie_idx.get(id.as_str()) {
                direct[i as usize].push(s);
            }
        }
    };
    for (i, n) in plan.normen.iter().enumerate() {
        add(&n.locaties, Subject::Norm(i as u32));
    }
    for (i, g) in plan.gebiedsaanwijzingen.iter().enumerate() {
        add(&g.locaties, Subject::Gebiedsaanwijzing(i as u32));
    }
    for (i, o) in plan.planobjecten.iter().enumerate() {
        add(&[pool.get(&o.locatie)], Subject::Planobject(i as u32));
    }
    let mut gebiedsaanwijzing_regels: HashMap<u32, Vec<u32>> = HashMap::new();
    let ga_idx: HashMap<&str, u32> =
        plan.gebiedsaanwijzingen.iter().enumerate().map(|(i, g)| (g.id.as_str(), i as u32)).collect();
    for (ri, r) in plan.juridische_regels.iter().enumerate() {
        // a rule is listed on its own only when nothing else (activiteit, norm, gebiedsaanwijzing) shows its text
        if r.activiteiten.is_empty()
            && r.omgevingsnormen.is_empty()
            && r.omgevingswaarden.is_empty()
            && r.gebiedsaanwijzingen.is_empty()
        {
            add(&r.locaties, Subject::Regel(ri as u32));
        }
        for (ai, ala) in r.activiteiten.iter().enumerate() {
            add(&ala.locaties, Subject::Activiteit(ri as u32, ai as u32));
        }
        for g in &r.gebiedsaanwijzingen {
            if let Some(&gi) = ga_idx.get(g.as_str()) {
                gebiedsaanwijzing_regels.entry(gi).or_default().push(ri as u32);
            }
        }
    }
    // groups: members inherit what applies to the group (groups may nest)
    let mut subjects = direct.clone();
    for (gi, l) in plan.locaties.iter().enumerate() {
        if l.leden.is_empty() {
            continue;
        }
        let mut stack: Vec<&str> = l.leden.iter().map(String::as_str).collect();
        let mut seen = 0usize;
        while let Some(m) = stack.pop() {
            seen += 1;
            if seen > 100_000 {
                break;
            }
            if let Some(&mi) = locatie_idx.get(m) {
                let extra = direct[gi].clone();
                subjects[mi as usize].extend(extra);
                stack.extend(plan.locaties[mi as usize].leden.iter().map(String::as_str));
            }
        }
    }
    let subjects: Vec<Box<[Subject]>> = subjects
        .into_iter()
        .map(|mut v| {
            v.sort_unstable();
            v.dedup();
            v.into_boxed_slice()
        })
        .collect();
    // Ambtsgebied geometry
    let mut ambtsgebied = HashMap::new();
    let amb: Vec<usize> = plan
        .locaties
        .iter()
        .enumerate()
        .filter(|(_, l)| l.soort == LocatieSoort::Ambtsgebied)
        .map(|(i, _)| i)
        .collect();
    if !amb.is_empty() {
        let bbox = plan_bbox(&plan);
        for i in amb {
            let l = &plan.locaties[i];
            let code = l.ambtsgebied.clone().unwrap_or_else(|| plan.bevoegd_gezag.code.clone());
            let known = ambtsgebieden
                .iter()
                .find(|(c, _)| c.eq_ignore_ascii_case(&code) || c.eq_ignore_ascii_case(&plan.bevoegd_gezag.code))
                .map(|(_, g)| g.clone());
            if let Some(g) = known.or_else(|| bbox.map(|r| Geometry::Polygon(r.to_polygon()))) {
                ambtsgebied.insert(i as u32, g);
            }
        }
    }
    let mut d = PlanData {
        regeltekst_idx: plan.regelteksten.iter().enumerate().map(|(i, r)| (r.id.clone(), i as u32)).collect(),
        artikel_idx: plan.artikelen.iter().enumerate().map(|(i, a)| (a.wid.clone(), i as u32)).collect(),
        activiteit_idx: plan.activiteiten.iter().enumerate().map(|(i, a)| (a.id.clone(), i as u32)).collect(),
        ambtsgebied,
        bewaard: Vec::new(),
        subjects,
        regeltekst_cache: Vec::new(),
        parents_cache: Vec::new(),
        plan_ref: PlanRef {
            id: Tekst::default(),
            versie: Tekst::default(),
            titel: Tekst::default(),
            soort: plan.soort,
            bevoegd_gezag: Tekst::default(),
        },
        locatie_refs: Vec::new(),
        normen: Vec::new(),
        activiteiten: Vec::new(),
        ala_start: Vec::new(),
        gebiedsaanwijzingen: Vec::new(),
        planobjecten: Vec::new(),
        regels: Vec::new(),
        plan,
    };
    d.prepare_answers(&gebiedsaanwijzing_regels, pool);
    d
}

fn plan_bbox(plan: &PlanVersie) -> Option<Rect<f64>> {
    plannen_bbox([plan])
}

/// The bounding box of all locatie geometry of these plans (the Ambtsgebied approximation).
pub(crate) fn plannen_bbox<'a>(plannen: impl IntoIterator<Item = &'a PlanVersie>) -> Option<Rect<f64>> {
    let mut acc: Option<Rect<f64>> = None;
    for g in plannen.into_iter().flat_map(|p| &p.locaties).filter_map(|l| l.geometrie.as_ref()) {
        if let Some(r) = g.bounding_rect() {
            acc = Some(match acc {
                None => r,
                Some(a) => Rect::new(
                    Coord { x: a.min().x.min(r.min().x), y: a.min().y.min(r.min().y) },
                    Coord { x: a.max().x.max(r.max().x), y: a.max().y.max(r.max().y) },
                ),
            });
        }
    }
    acc
}

/// Whether `vorm` lies inside the area (`Some(true)`) or outside it (`Some(false)`) when their boundaries do not
/// meet, so no overlay is needed; `None` when they meet or the answer is mixed (then clip). `vlak` is the area as
/// clipped near the shape (its own edges are what can meet the shape's); `part` answers point-in-area.
///
/// With disjoint boundaries every ring lies wholly inside or outside the other polygon: the shape is inside when no
/// ring of the area lies in the shape and every polygon of the shape starts inside the area, and outside when none
/// does.
fn zonder_kruising(
    part: &PreparedPolygon,
    vlak: &Polygon<f64>,
    vorm: &MultiPolygon<f64>,
    randen: &EdgeIndex,
) -> Option<bool> {
    use geo::Intersects;
    if randen.meets_polygon(vlak) {
        return None;
    }
    if std::iter::once(vlak.exterior())
        .chain(vlak.interiors())
        .any(|ring| ring.0.first().is_some_and(|c| vorm.intersects(c)))
    {
        return None;
    }
    let mut binnen = vorm.0.iter().filter_map(|p| p.exterior().0.first()).map(|&c| part.covers(c));
    let eerste = binnen.next()?;
    binnen.all(|b| b == eerste).then_some(eerste)
}
