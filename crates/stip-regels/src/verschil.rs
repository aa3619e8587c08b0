//! What changed between two versions of one plan: per norm type and place, the old and the new value ([`verschil`]).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};

use geo::{Area, BoundingRect, Intersects};
use geo_types::{MultiPolygon, Rect};
use serde::{Deserialize, Serialize};

use crate::antwoord::Tekst;
use crate::index::{MIN_DEEL_M2, plannen_bbox};
use crate::model::{LocatieSoort, PlanVersie};
use crate::norm::label;
use crate::plancheck::vorm::{doorsnede, vereniging, verschil as zonder, vlakken};

/// One change of a norm's value (or a norm added/removed) at a place, between two versions of the same plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NormWijziging {
    /// The norm as people read it (`maximale bouwhoogte`), from [`crate::norm::label`].
    pub norm: String,
    /// `m`, `%`, ... or none.
    pub eenheid: Option<String>,
    /// `None`: the norm did not apply here before.
    pub oud: Option<f64>,
    /// `None`: it no longer applies here.
    pub nieuw: Option<f64>,
    /// Where the value changed (RD New), serialised as geo-types does (as the stored plan versions are).
    pub geometrie: MultiPolygon<f64>,
    /// [`PlanVersie::id`] of the new version (the regeling work id for IMOW, the plan id for IMRO).
    pub plan_id: String,
    /// [`PlanVersie::titel`] of the new version.
    pub plan_naam: String,
}

/// The changed norm values between two versions of one plan, for telling people who follow an area.
///
/// The caller decides that `oud` and `nieuw` are versions of the same plan; the result names the plan as `nieuw`
/// does. Norms are compared per norm type and unit (so an IMOW omgevingsnorm and an IMRO maatvoering of the same
/// type compare alike, and two norms of one type count as one set of values per place), each numeric normwaarde on
/// the areas of its locaties (groups resolved to their members; an Ambtsgebied as the bounding box of both versions'
/// geometry, as [`crate::RegelIndex::build`] approximates it, so an unchanged ambtsgebied norm stays unchanged).
///
/// - A value on exactly the same area in both versions is unchanged, whatever the locatie ids are.
/// - An area whose geometry is unchanged but whose value changed gives one change with that area, when no other
///   area of that norm overlaps it; an area that overlaps nothing of that norm in the other version is added or
///   removed whole. These keep the locatie's own geometry, one change per locatie.
/// - Everything else (areas that moved, grew, shrank, split or overlap) is computed with boolean operations: where
///   a value `v` no longer applies and `w` now does, `v → w`; where `v` was lost and nothing came instead, removed;
///   where `w` came and nothing was lost, added. One change per (norm, old, new) pair, slivers under
///   [`MIN_DEEL_M2`] dropped.
///
/// Left out: qualitative values (`kwalitatieveWaarde`, a value only in the regeltekst) and norms on lines or points
/// (no area to match a subscription with). Identical plans give nothing. Order: by norm, then by the position in the
/// plan of the norm the change comes from (new version first, removals after), then by values and place.
///
/// Cost: unchanged values are found by hashing their areas; each changed one is compared by bounding box with the
/// areas of its norm in both versions (so a version that changes everything is quadratic in the number of areas),
/// and boolean operations run only on what changed.
pub fn verschil(oud: &PlanVersie, nieuw: &PlanVersie) -> Vec<NormWijziging> {
    let ambtsgebied = plannen_bbox([oud, nieuw]);
    let mut o = stukken(oud, ambtsgebied);
    let mut n = stukken(nieuw, ambtsgebied);
    let soorten: BTreeSet<Soort> = o.keys().chain(n.keys()).cloned().collect();
    let mut uit: Vec<(NormWijziging, usize)> = Vec::new();
    for soort in soorten {
        let so = o.remove(&soort).unwrap_or_default();
        let sn = n.remove(&soort).unwrap_or_default();
        let naam = label(&soort.0);
        for w in vergelijk(&so, &sn, nieuw.normen.len()) {
            uit.push((
                NormWijziging {
                    norm: naam.clone(),
                    eenheid: soort.1.as_deref().map(str::to_string),
                    oud: w.oud,
                    nieuw: w.nieuw,
                    geometrie: w.geometrie,
                    plan_id: nieuw.id.clone(),
                    plan_naam: nieuw.titel.clone(),
                },
                w.positie,
            ));
        }
    }
    uit.sort_by(|(a, pa), (b, pb)| {
        let hoek = |w: &NormWijziging| w.geometrie.bounding_rect().map(|r| (r.min().x, r.min().y)).unwrap_or_default();
        let getal = |v: Option<f64>| v.unwrap_or(f64::NEG_INFINITY);
        (&a.norm, &a.eenheid, pa)
            .cmp(&(&b.norm, &b.eenheid, pb))
            .then(getal(a.oud).total_cmp(&getal(b.oud)))
            .then(getal(a.nieuw).total_cmp(&getal(b.nieuw)))
            .then(hoek(a).0.total_cmp(&hoek(b).0))
            .then(hoek(a).1.total_cmp(&hoek(b).1))
    });
    uit.into_iter().map(|(w, _)| w).collect()
}

/// What a norm is compared by: its type (its name when it has none) and unit.
type Soort = (Tekst, Option<Tekst>);

/// One numeric value on one area of a plan version.
struct Stuk {
    waarde: f64,
    geometrie: MultiPolygon<f64>,
    /// Hash of the coordinates, to find the same area in the other version quickly.
    vingerafdruk: u64,
    kader: Rect<f64>,
    /// Index of the norm in its plan.
    positie: usize,
}

impl Stuk {
    fn zelfde_vlak(&self, ander: &Stuk) -> bool {
        self.vingerafdruk == ander.vingerafdruk && self.geometrie == ander.geometrie
    }

    /// Whether the two areas share more than [`MIN_DEEL_M2`] (touching along a boundary is not overlapping).
    fn overlapt(&self, ander: &Stuk) -> bool {
        self.kader.intersects(&ander.kader)
            && doorsnede(&self.geometrie, &ander.geometrie).unsigned_area() > MIN_DEEL_M2
    }
}

/// A change before it is named: values, area and sort position.
struct Wijziging {
    oud: Option<f64>,
    nieuw: Option<f64>,
    geometrie: MultiPolygon<f64>,
    positie: usize,
}

/// Every numeric norm value of a plan on every area it applies to, per norm type; the same value on the same area
/// counts once.
fn stukken(plan: &PlanVersie, ambtsgebied: Option<Rect<f64>>) -> BTreeMap<Soort, Vec<Stuk>> {
    let index: HashMap<&str, usize> = plan.locaties.iter().enumerate().map(|(i, l)| (l.id.as_str(), i)).collect();
    let mut uit: BTreeMap<Soort, Vec<Stuk>> = BTreeMap::new();
    let mut gezien: HashMap<(Soort, u64, u64), Vec<usize>> = HashMap::new();
    for (positie, norm) in plan.normen.iter().enumerate() {
        let Some(waarde) = norm.waarde.filter(|v| v.is_finite()) else { continue };
        let soort = (if norm.type_.is_empty() { norm.naam.clone() } else { norm.type_.clone() }, norm.eenheid.clone());
        let lijst = uit.entry(soort.clone()).or_default();
        for li in gebieden(plan, &index, &norm.locaties) {
            let l = &plan.locaties[li];
            let geometrie = match (&l.geometrie, l.soort) {
                (Some(g), _) => vlakken(g),
                (None, LocatieSoort::Ambtsgebied) => ambtsgebied.map(|r| MultiPolygon(vec![r.to_polygon()])),
                (None, _) => None,
            };
            let Some(geometrie) = geometrie.filter(|g| !g.0.is_empty()) else { continue };
            let Some(kader) = geometrie.bounding_rect() else { continue };
            let stuk = Stuk { waarde, vingerafdruk: vingerafdruk(&geometrie), geometrie, kader, positie };
            let zelfde = gezien.entry((soort.clone(), stuk.vingerafdruk, waarde.to_bits())).or_default();
            if !zelfde.iter().any(|&i| lijst[i].zelfde_vlak(&stuk)) {
                zelfde.push(lijst.len());
                lijst.push(stuk);
            }
        }
    }
    uit
}

/// The locaties with an area (or Ambtsgebied) that these locatie ids stand for: groups resolved to their members,
/// nested groups too; each once.
fn gebieden(plan: &PlanVersie, index: &HashMap<&str, usize>, ids: &[Tekst]) -> Vec<usize> {
    let mut gezien = HashSet::new();
    let mut stapel: Vec<&str> = ids.iter().rev().map(Tekst::as_str).collect();
    let mut uit = Vec::new();
    while let Some(id) = stapel.pop() {
        let Some(&i) = index.get(id) else { continue };
        if !gezien.insert(i) {
            continue;
        }
        let l = &plan.locaties[i];
        if l.geometrie.is_some() || l.soort == LocatieSoort::Ambtsgebied {
            uit.push(i);
        }
        stapel.extend(l.leden.iter().rev().map(String::as_str));
    }
    uit
}

fn vingerafdruk(mp: &MultiPolygon<f64>) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for p in &mp.0 {
        for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
            ring.0.len().hash(&mut h);
            for c in &ring.0 {
                (c.x.to_bits(), c.y.to_bits()).hash(&mut h);
            }
        }
    }
    h.finish()
}

/// The polygons of an overlay result that are more than a sliver.
fn zonder_snippers(mp: MultiPolygon<f64>) -> MultiPolygon<f64> {
    MultiPolygon(mp.0.into_iter().filter(|p| p.unsigned_area() > MIN_DEEL_M2).collect())
}

/// The changes of one norm type. `removal_offset` puts removals (positions in the old plan) after the rest.
fn vergelijk(oud: &[Stuk], nieuw: &[Stuk], removal_offset: usize) -> Vec<Wijziging> {
    // the same value on the same area in both versions: unchanged
    let vlakken_van = |stukken: &[Stuk]| {
        let mut m: HashMap<u64, Vec<usize>> = HashMap::new();
        for (i, s) in stukken.iter().enumerate() {
            m.entry(s.vingerafdruk).or_default().push(i);
        }
        m
    };
    let (vlakken_oud, vlakken_nieuw) = (vlakken_van(oud), vlakken_van(nieuw));
    // pieces of `ander` (indexed by `vlakken`) on the same area as `s`
    let op_zelfde_vlak = |s: &Stuk, ander: &[Stuk], vlakken: &HashMap<u64, Vec<usize>>| -> Vec<usize> {
        let kandidaten = vlakken.get(&s.vingerafdruk).map(Vec::as_slice).unwrap_or_default();
        kandidaten.iter().copied().filter(|&k| ander[k].zelfde_vlak(s)).collect()
    };
    let ongewijzigd = |s: &Stuk, ander: &[Stuk], vlakken: &HashMap<u64, Vec<usize>>| {
        op_zelfde_vlak(s, ander, vlakken).iter().any(|&k| ander[k].waarde == s.waarde)
    };
    let mut ou: Vec<usize> = (0..oud.len()).filter(|&i| !ongewijzigd(&oud[i], nieuw, &vlakken_nieuw)).collect();
    let mut nu: Vec<usize> = (0..nieuw.len()).filter(|&j| !ongewijzigd(&nieuw[j], oud, &vlakken_oud)).collect();
    let mut uit = Vec::new();

    // an area kept with another value, overlapping nothing else of this norm: the change on that area
    let mut klaar_o = HashSet::new();
    let mut klaar_n = HashSet::new();
    let open_n: HashSet<usize> = nu.iter().copied().collect();
    for &i in &ou {
        let s = &oud[i];
        let gelijk: Vec<usize> =
            op_zelfde_vlak(s, nieuw, &vlakken_nieuw).into_iter().filter(|j| open_n.contains(j)).collect();
        let [j] = gelijk[..] else { continue };
        let alleen = oud.iter().enumerate().all(|(k, a)| k == i || !a.overlapt(s))
            && nieuw.iter().enumerate().all(|(k, a)| k == j || !a.overlapt(s));
        if alleen {
            uit.push(Wijziging {
                oud: Some(s.waarde),
                nieuw: Some(nieuw[j].waarde),
                geometrie: nieuw[j].geometrie.clone(),
                positie: nieuw[j].positie,
            });
            klaar_o.insert(i);
            klaar_n.insert(j);
        }
    }
    ou.retain(|i| !klaar_o.contains(i));
    nu.retain(|j| !klaar_n.contains(j));
    // an area that overlaps nothing of this norm in the other version: removed or added whole
    ou.retain(|&i| {
        let s = &oud[i];
        let los = !nieuw.iter().any(|a| a.overlapt(s));
        if los {
            uit.push(Wijziging {
                oud: Some(s.waarde),
                nieuw: None,
                geometrie: s.geometrie.clone(),
                positie: removal_offset + s.positie,
            });
        }
        !los
    });
    nu.retain(|&j| {
        let s = &nieuw[j];
        let los = !oud.iter().any(|a| a.overlapt(s));
        if los {
            uit.push(Wijziging {
                oud: None,
                nieuw: Some(s.waarde),
                geometrie: s.geometrie.clone(),
                positie: s.positie,
            });
        }
        !los
    });

    // the rest by overlay: where each value was lost and where each was gained
    let verloren = per_waarde(oud, &ou, nieuw);
    let gewonnen = per_waarde(nieuw, &nu, oud);
    let alle_gewonnen = vereniging(gewonnen.iter().map(|w| &w.1));
    let alle_verloren = vereniging(verloren.iter().map(|v| &v.1));
    for (v, weg, pos_o) in &verloren {
        for (w, erbij, pos_n) in &gewonnen {
            let d = zonder_snippers(doorsnede(weg, erbij));
            if !d.0.is_empty() {
                uit.push(Wijziging { oud: Some(*v), nieuw: Some(*w), geometrie: d, positie: *pos_n });
            }
        }
        let d = zonder_snippers(zonder(weg, &alle_gewonnen));
        if !d.0.is_empty() {
            uit.push(Wijziging { oud: Some(*v), nieuw: None, geometrie: d, positie: removal_offset + pos_o });
        }
    }
    for (w, erbij, pos_n) in &gewonnen {
        let d = zonder_snippers(zonder(erbij, &alle_verloren));
        if !d.0.is_empty() {
            uit.push(Wijziging { oud: None, nieuw: Some(*w), geometrie: d, positie: *pos_n });
        }
    }
    uit
}

/// Per value of the pieces `open` of `van`: the area where that value applied in `van` but does not in `ander`,
/// with the first position of a norm it comes from. Values without such an area are left out.
fn per_waarde(van: &[Stuk], open: &[usize], ander: &[Stuk]) -> Vec<(f64, MultiPolygon<f64>, usize)> {
    let mut waarden: Vec<f64> = open.iter().map(|&i| van[i].waarde).collect();
    waarden.sort_by(f64::total_cmp);
    waarden.dedup();
    waarden
        .into_iter()
        .filter_map(|v| {
            let eigen: Vec<&Stuk> = open.iter().map(|&i| &van[i]).filter(|s| s.waarde == v).collect();
            let hier = vereniging(eigen.iter().map(|s| &s.geometrie));
            let kader = hier.bounding_rect()?;
            let daar =
                vereniging(ander.iter().filter(|a| a.waarde == v && a.kader.intersects(&kader)).map(|a| &a.geometrie));
            let rest = zonder_snippers(zonder(&hier, &daar));
            let positie = eigen.iter().map(|s| s.positie).min()?;
            (!rest.0.is_empty()).then_some((v, rest, positie))
        })
        .collect()
}
