//! Inside the bouwvlak: in a plan that has bouwvlakken, the part of the plan (within that plan's area) outside every
//! bouwvlak, in m² and as geometry. IMRO: the planobjecten Bouwvlak within the bestemmingsplangebied (or the
//! enkelbestemmingen). IMOW: the locaties of a gebiedsaanwijzing of type Bouwaanduiding named (or grouped) "bouwvlak",
//! within the areas with a Functie gebiedsaanwijzing (the omgevingsplan's counterpart of a bestemming), else within
//! every area of that plan the plan touches.

use geo::Area;
use geo_types::MultiPolygon;

use super::vorm::{self, m2_tekst};
use super::{Context, Oordeel, Toetsing};
use crate::antwoord::getal;
use crate::index::Gebiedsdeel;
use crate::model::{PlanSoort, PlanVersie, PlanobjectSoort};

/// An IMOW gebiedsaanwijzing that marks a bouwvlak: type Bouwaanduiding, named or grouped "bouwvlak".
fn is_imow_bouwvlak(type_: &str, naam: &str, groep: Option<&str>) -> bool {
    let bouwvlak = |s: &str| crate::model::last_segment(s).trim().eq_ignore_ascii_case("bouwvlak");
    crate::model::last_segment(type_).eq_ignore_ascii_case("Bouwaanduiding")
        && (bouwvlak(naam) || groep.is_some_and(bouwvlak))
}

/// Whether a plan has bouwvlakken at all (then being outside them says something).
fn heeft_bouwvlakken(plan: &PlanVersie) -> bool {
    match plan.soort {
        PlanSoort::Imro => plan.planobjecten.iter().any(|o| o.soort == PlanobjectSoort::Bouwvlak),
        _ => plan.gebiedsaanwijzingen.iter().any(|g| is_imow_bouwvlak(&g.type_, &g.naam, g.groep.as_deref())),
    }
}

/// Whether this area of the plan is a bouwvlak.
fn is_bouwvlak(d: &Gebiedsdeel<'_>) -> bool {
    match d.planobject {
        Some(o) => o.soort == PlanobjectSoort::Bouwvlak,
        None => d
            .wat
            .gebiedsaanwijzingen
            .iter()
            .any(|g| is_imow_bouwvlak(g.type_.as_str(), g.naam.as_str(), g.groep.as_ref().map(|t| t.as_str()))),
    }
}

/// Below this many m² outside, a plan counts as inside (drawing on the line).
pub const TOLERANTIE_M2: f64 = 0.01;

pub(crate) struct Uitkomst {
    pub toetsingen: Vec<Toetsing>,
    pub buiten_m2: Option<f64>,
    pub buiten: Option<MultiPolygon<f64>>,
}

/// The part of the plan in any of `delen`: the one piece, or the plan cut by the union of the areas near it (one
/// overlay against small polygons, where a union of pieces that all follow the plan's outline is slow).
fn op_plan(cx: &Context<'_>, delen: &[&crate::index::Gebiedsdeel<'_>]) -> MultiPolygon<f64> {
    match delen {
        [] => MultiPolygon(Vec::new()),
        [d] => d.deel.clone(),
        _ => vorm::doorsnede(&cx.vorm, &vorm::vereniging(delen.iter().map(|d| &d.gebied_bij))),
    }
}

pub(crate) fn toets(cx: &Context<'_>) -> Uitkomst {
    let mut uit = Uitkomst { toetsingen: Vec::new(), buiten_m2: None, buiten: None };
    let mut plannen: Vec<&str> = Vec::new();
    for d in cx.delen.iter() {
        if !plannen.contains(&d.plan.id.as_str()) {
            plannen.push(d.plan.id.as_str());
        }
    }
    let mut buiten_alles: Vec<MultiPolygon<f64>> = Vec::new();
    for plan_id in plannen {
        let Some(plan) = cx.index.plan(plan_id).filter(|p| heeft_bouwvlakken(p)) else { continue };
        let van_plan = || cx.delen.iter().filter(|d| d.plan.id == plan_id);
        let soort = |d: &&Gebiedsdeel<'_>| d.planobject.map(|o| o.soort);
        let gebied: Vec<&Gebiedsdeel<'_>> = if plan.soort == PlanSoort::Imro {
            let gebied: Vec<_> =
                van_plan().filter(|d| soort(d) == Some(PlanobjectSoort::Bestemmingsplangebied)).collect();
            if gebied.is_empty() {
                van_plan().filter(|d| soort(d) == Some(PlanobjectSoort::Enkelbestemming)).collect()
            } else {
                gebied
            }
        } else {
            let functie = |d: &&Gebiedsdeel<'_>| {
                d.wat.gebiedsaanwijzingen.iter().any(|g| crate::model::last_segment(g.type_.as_str()) == "Functie")
            };
            let gebied: Vec<_> = van_plan().filter(functie).collect();
            if gebied.is_empty() { van_plan().collect() } else { gebied }
        };
        let in_plan = op_plan(cx, &gebied);
        if in_plan.unsigned_area() <= TOLERANTIE_M2 {
            continue;
        }
        let bouwvlakken: Vec<&Gebiedsdeel<'_>> = van_plan().filter(|d| is_bouwvlak(d)).collect();
        // less the bouwvlakken near the plan (small polygons), not their pieces: those follow the plan's outline
        let binnen = vorm::vereniging(bouwvlakken.iter().map(|d| &d.gebied_bij));
        let buiten = vorm::verschil(&in_plan, &binnen);
        let buiten_m2 = buiten.unsigned_area();
        let in_plan_m2 = in_plan.unsigned_area();
        let mut t = if buiten_m2 <= TOLERANTIE_M2 {
            let waar = if bouwvlakken.len() > 1 { "binnen de bouwvlakken" } else { "binnen het bouwvlak" };
            Toetsing::op("Bouwvlak", Oordeel::Past, format!("Uw plan ligt helemaal {waar}."), &in_plan)
        } else {
            let a = getal(m2_tekst(buiten_m2));
            let toelichting = if bouwvlakken.is_empty() {
                format!(
                    "Uw plan ligt niet in een bouwvlak ({a} m²). Buiten een bouwvlak mag u hier meestal geen \
                     gebouw bouwen; lees de regels van de bestemming."
                )
            } else {
                format!(
                    "Uw plan ligt voor {a} m² buiten het bouwvlak. Buiten het bouwvlak mag u hier meestal geen \
                     gebouw bouwen; lees de regels van de bestemming."
                )
            };
            let mut t = Toetsing::op("Bouwvlak", Oordeel::PastNiet, toelichting, &in_plan);
            t.kort = Some(format!("{a} m² ligt buiten het bouwvlak"));
            t.verschil = Some(vorm::m2(buiten_m2));
            t.conflict = Some(super::Geometrie(buiten.clone()));
            t
        };
        t.gevraagd = Some(vorm::m2(in_plan_m2));
        t.toegestaan = Some(vorm::m2(in_plan_m2 - buiten_m2));
        t.eenheid = Some("m2".into());
        t.planobject = bouwvlakken
            .iter()
            .max_by(|a, b| a.oppervlakte.total_cmp(&b.oppervlakte))
            .and_then(|d| d.planobject.cloned());
        uit.toetsingen.push(t);
        uit.buiten_m2 = Some(uit.buiten_m2.unwrap_or(0.0) + buiten_m2);
        buiten_alles.push(buiten);
    }
    if let Some(m) = uit.buiten_m2 {
        uit.buiten_m2 = Some(vorm::m2(m));
        uit.buiten = Some(vorm::vereniging(buiten_alles.iter()));
    }
    uit
}
