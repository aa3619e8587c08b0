//! "Binnen de lijntjes": a drawn building plan checked against every norm that applies where it lies.
//!
//! [`toets`] takes a [`Bouwplan`] (footprint in RD New, heights, storeys, dwellings, use, the BAG pand it extends)
//! and answers per norm — IMOW omgevingsnormen and IMRO maatvoeringen alike — *past*, *past niet* or *niet te
//! bepalen*, with the numbers, the rule and the geometry of the part concerned. A plan that spans several areas
//! (two bouwvlakken with different heights) is checked per part. No IO: the [`RegelIndex`] finds the areas
//! ([`RegelIndex::gebiedsdelen`]) and the checks clip with geo's boolean operations.
//!
//! One check per module: [`bouwvlak`] (inside the bouwvlak), [`maat`] (heights, storeys, dwellings against their
//! maximum or minimum), [`bebouwing`] (bebouwingspercentage on the parcel), [`gebruik`] (the use against the
//! bestemming and the activities), [`informatie`] (what cannot be checked but should be known). [`invoer`]
//! validates the plan; [`vorm`] holds the geometry helpers and the GeoJSON form of the answer's geometry.

pub mod bebouwing;
pub mod bouwvlak;
pub mod gebruik;
pub mod informatie;
pub mod invoer;
pub mod maat;
pub mod vorm;

use std::sync::Arc;

use geo::{Area, BoundingRect};
use geo_types::{MultiPolygon, Polygon};
use serde::Serialize;

use crate::antwoord::{
    ActiviteitAntwoord, NormAntwoord, PandAntwoord, PlanRef, PlanobjectAntwoord, RegeltekstAntwoord, Tekst, getal,
};
use crate::index::{Gebiedsdeel, RegelIndex};

pub use bebouwing::Bebouwing;
pub use invoer::{Invoerfout, MAX_BOUWLAGEN, MAX_HOEKPUNTEN, MAX_HOOGTE_M};
pub use vorm::Geometrie;

/// A building plan as drawn or uploaded. Geometry in RD New (EPSG:28992).
#[derive(Debug, Clone, PartialEq)]
pub struct Bouwplan {
    /// The footprint: one or more polygons.
    pub geometrie: MultiPolygon<f64>,
    /// Height of the highest point, in metres above ground.
    pub bouwhoogte: Option<f64>,
    /// Gutter height, in metres.
    pub goothoogte: Option<f64>,
    pub bouwlagen: Option<u32>,
    pub wooneenheden: Option<u32>,
    /// The intended use, in words: `wonen`, `bedrijf`, `kantoor`.
    pub functie: Option<String>,
    /// BAG pand identificatie of the existing building this plan extends (the footprint is the extension).
    pub uitbreiding_van: Option<String>,
}

impl Default for Bouwplan {
    fn default() -> Self {
        Bouwplan {
            geometrie: MultiPolygon(Vec::new()),
            bouwhoogte: None,
            goothoogte: None,
            bouwlagen: None,
            wooneenheden: None,
            functie: None,
            uitbreiding_van: None,
        }
    }
}

/// The outcome of one check, or of the whole plan. Orders from good to bad: the plan's oordeel is the worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Oordeel {
    #[serde(rename = "past")]
    Past,
    #[serde(rename = "niet te bepalen")]
    NietTeBepalen,
    #[serde(rename = "past niet")]
    PastNiet,
}

/// One check of (a part of) the plan against one norm or rule.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Toetsing {
    /// What is checked: the norm type (`MaximumBouwhoogte`, `MaximumBebouwingspercentage`, …), `Bouwvlak` or
    /// `Gebruik`.
    pub soort: String,
    pub oordeel: Oordeel,
    /// Plain Dutch: the plan's value, what is allowed, the difference.
    pub toelichting: String,
    /// The norm checked (type, waarde, eenheid, plan, locatie, regeltekst).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub norm: Option<NormAntwoord>,
    /// The IMRO planobject concerned (the maatvoering, bouwvlak or bestemming, with its article).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub planobject: Option<PlanobjectAntwoord>,
    /// The activity concerned (use checks), with its kwalificatie and regeltekst.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub activiteit: Option<ActiviteitAntwoord>,
    /// The plan's value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gevraagd: Option<f64>,
    /// The norm's value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub toegestaan: Option<f64>,
    /// How far the plan exceeds (or falls short of) the norm; only when it does not fit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verschil: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eenheid: Option<String>,
    /// The plan's field that is missing to decide (`bouwhoogte`, `functie`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ontbreekt: Option<String>,
    /// The arithmetic, where there is some (bebouwingspercentage).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub berekening: Option<String>,
    /// Area of the part of the plan this check concerns, m².
    pub oppervlakte_m2: f64,
    /// The part of the plan this check concerns.
    pub geometrie: Geometrie,
    /// Where it does not fit (the part outside the bouwvlak, or the part that is too high).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conflict: Option<Geometrie>,
    /// A short clause for the summary ("het is 1 meter te hoog").
    #[serde(skip)]
    pub(crate) kort: Option<String>,
}

impl Toetsing {
    /// A check of `soort` on the part `deel` (area `m2`), to be filled in.
    pub(crate) fn op(
        soort: impl Into<String>,
        oordeel: Oordeel,
        toelichting: String,
        deel: &MultiPolygon<f64>,
    ) -> Self {
        Toetsing {
            soort: soort.into(),
            oordeel,
            toelichting,
            norm: None,
            planobject: None,
            activiteit: None,
            gevraagd: None,
            toegestaan: None,
            verschil: None,
            eenheid: None,
            ontbreekt: None,
            berekening: None,
            oppervlakte_m2: vorm::m2(deel.unsigned_area()),
            geometrie: Geometrie(deel.clone()),
            conflict: None,
            kort: None,
        }
    }
}

/// Something worth knowing that is not a check: a welstand level, a gebiedsaanwijzing, a dubbelbestemming, an
/// activity's kwalificatie.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Informatie {
    /// `Norm`, `Welstand`, `Gebiedsaanwijzing`, `Bestemming`, `Aanduiding`, `Activiteit`, `Plan`.
    pub soort: &'static str,
    pub tekst: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<Tekst>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regeltekst: Option<Arc<RegeltekstAntwoord>>,
}

/// The plan as checked.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PlanGegevens {
    pub oppervlakte_m2: f64,
    pub geometrie: Geometrie,
    /// Area of the plan outside every imported plan (not checked), m².
    pub buiten_plannen_m2: f64,
    /// The existing pand the plan extends.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uitbreiding_van: Option<PandAntwoord>,
}

/// The answer of a plan check.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Plancheck {
    /// `past niet` if any check fails, else `niet te bepalen` if any cannot be decided, else `past`.
    pub oordeel: Oordeel,
    /// One or two plain-Dutch (B1) sentences.
    pub samenvatting: String,
    pub toetsingen: Vec<Toetsing>,
    /// Area of the plan outside the bouwvlakken (IMRO plans that have bouwvlakken), m².
    #[serde(skip_serializing_if = "Option::is_none")]
    pub buiten_bouwvlak_m2: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub buiten_bouwvlak: Option<Geometrie>,
    /// The bebouwingspercentage with its arithmetic (the first such norm; each is also a toetsing).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bebouwingspercentage: Option<Bebouwing>,
    pub informatie: Vec<Informatie>,
    pub plan: PlanGegevens,
    /// The imported plans the plan lies in.
    pub plannen: Vec<PlanRef>,
    /// The conflicts as a GeoJSON FeatureCollection for the map (properties `soort`, `oordeel`, `toelichting`).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub kaart: geojson::FeatureCollection,
}

/// Why a plan cannot be checked at all.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlancheckFout {
    #[error("the plan is not valid: {}", .0.iter().map(|f| format!("{}: {}", f.veld, f.melding)).collect::<Vec<_>>().join("; "))]
    Ongeldig(Vec<Invoerfout>),
    #[error("uitbreidingVan: pand {0} is not known to stip")]
    OnbekendPand(String),
}

/// What every check reads: the index, the plan, its (dissolved) footprint and the areas it overlaps.
pub(crate) struct Context<'a> {
    pub index: &'a RegelIndex,
    pub plan: &'a Bouwplan,
    pub vorm: MultiPolygon<f64>,
    pub oppervlakte: f64,
    pub delen: Vec<Gebiedsdeel<'a>>,
    /// The pand the plan extends, with its footprint.
    pub uitbreiding: Option<(crate::model::Pand, Polygon<f64>)>,
}

/// Checks a plan against every norm that applies where it lies.
///
/// A plan outside every imported plan is not an error: its oordeel is `niet te bepalen`, and the summary says
/// that stip knows no plan there.
pub fn toets(index: &RegelIndex, plan: &Bouwplan) -> Result<Plancheck, PlancheckFout> {
    let fouten = plan.valideer();
    if !fouten.is_empty() {
        return Err(PlancheckFout::Ongeldig(fouten));
    }
    let vorm = vorm::los_op(&plan.geometrie);
    let oppervlakte = vorm.unsigned_area();
    let uitbreiding = match &plan.uitbreiding_van {
        None => None,
        Some(id) => Some(pand_bij(index, &vorm, id).ok_or_else(|| PlancheckFout::OnbekendPand(id.clone()))?),
    };
    let delen = index.gebiedsdelen(&vorm);
    let cx = Context { index, plan, vorm, oppervlakte, delen, uitbreiding };

    let mut toetsingen = Vec::new();
    let bouwvlak = bouwvlak::toets(&cx);
    toetsingen.extend(bouwvlak.toetsingen);
    toetsingen.extend(maat::toets(&cx));
    let (bebouwing_toetsingen, bebouwingspercentage) = bebouwing::toets(&cx);
    toetsingen.extend(bebouwing_toetsingen);
    toetsingen.extend(gebruik::toets(&cx));
    let informatie = informatie::verzamel(&cx);

    let buiten_plannen = buiten_plannen(&cx);
    let mut plannen: Vec<PlanRef> = Vec::new();
    for d in &cx.delen {
        if !plannen.iter().any(|p| p.id == d.plan.id) {
            plannen.push(d.plan.clone());
        }
    }
    let oordeel = if toetsingen.is_empty() {
        Oordeel::NietTeBepalen
    } else {
        toetsingen.iter().map(|t| t.oordeel).max().unwrap_or(Oordeel::NietTeBepalen)
    };
    let samenvatting = samenvatting(oordeel, &toetsingen, plannen.is_empty(), buiten_plannen);
    let mut uitkomst = Plancheck {
        oordeel,
        samenvatting,
        toetsingen,
        buiten_bouwvlak_m2: bouwvlak.buiten_m2,
        buiten_bouwvlak: bouwvlak.buiten.map(Geometrie),
        bebouwingspercentage,
        informatie,
        plan: PlanGegevens {
            oppervlakte_m2: vorm::m2(cx.oppervlakte),
            geometrie: Geometrie(cx.vorm.clone()),
            buiten_plannen_m2: vorm::m2(buiten_plannen),
            uitbreiding_van: cx.uitbreiding.as_ref().map(|(p, _)| PandAntwoord {
                identificatie: p.identificatie.as_str().into(),
                bouwjaar: p.bouwjaar,
                status: p.status.as_str().into(),
            }),
        },
        plannen,
        kaart: geojson::FeatureCollection { bbox: None, features: Vec::new(), foreign_members: None },
    };
    uitkomst.vul_kaart();
    Ok(uitkomst)
}

/// The pand a plan extends: looked for near the plan first (cheap), then among all panden.
fn pand_bij(index: &RegelIndex, vorm: &MultiPolygon<f64>, id: &str) -> Option<(crate::model::Pand, Polygon<f64>)> {
    let dichtbij = vorm.bounding_rect().and_then(|r| {
        let r = vorm::groter(r, 50.0);
        index.panden_bij(r).into_iter().find(|(p, _)| p.identificatie == id)
    });
    dichtbij.or_else(|| index.pand(id))
}

/// Area of the plan outside every imported plan's areas: the plan less the union of the areas near it (small
/// polygons), not the union of the pieces, which all follow the plan's outline and make a slow overlay (tens of
/// milliseconds for three pieces of a jagged 1,000-vertex plan).
fn buiten_plannen(cx: &Context<'_>) -> f64 {
    if cx.delen.is_empty() {
        return cx.oppervlakte;
    }
    if cx.delen.iter().any(|d| d.oppervlakte >= cx.oppervlakte - 0.01) {
        return 0.0;
    }
    let gebied = vorm::vereniging(cx.delen.iter().map(|d| &d.gebied_bij));
    (cx.oppervlakte - vorm::doorsnede(&cx.vorm, &gebied).unsigned_area()).max(0.0)
}

/// The summary sentence: the verdict first, then what does not fit or what is missing.
fn samenvatting(oordeel: Oordeel, toetsingen: &[Toetsing], geen_plan: bool, buiten_plannen: f64) -> String {
    if geen_plan {
        return "Op deze plek kent stip geen plan. Daarom kan stip uw plan hier niet toetsen.".into();
    }
    let mut kort: Vec<&str> = Vec::new();
    for t in toetsingen.iter().filter(|t| t.oordeel == oordeel) {
        if let Some(k) = t.kort.as_deref()
            && !kort.contains(&k)
        {
            kort.push(k);
        }
    }
    let mut zin = match oordeel {
        Oordeel::Past => format!(
            "Uw plan past binnen de {} regels die stip hier heeft getoetst.",
            if toetsingen.len() == 1 { "ene".to_string() } else { getal(toetsingen.len() as f64) }
        ),
        Oordeel::PastNiet => format!("Uw plan past niet: {}.", opsomming(&kort)),
        Oordeel::NietTeBepalen if toetsingen.is_empty() => {
            "Stip vond hier geen regels waaraan het uw plan kan toetsen.".to_string()
        }
        Oordeel::NietTeBepalen if kort.is_empty() => "Stip kan niet alles bepalen; lees de toelichting.".to_string(),
        Oordeel::NietTeBepalen => format!("Stip kan niet alles bepalen: {}.", opsomming(&kort)),
    };
    if buiten_plannen > 0.05 {
        zin.push_str(&format!(
            " {} m² van uw plan ligt buiten de plannen die stip kent; dat deel is niet getoetst.",
            getal(vorm::m2_tekst(buiten_plannen))
        ));
    }
    zin
}

/// "a", "a en b", "a, b en c".
pub(crate) fn opsomming(delen: &[&str]) -> String {
    match delen {
        [] => String::new(),
        [a] => (*a).to_string(),
        [rest @ .., laatste] => format!("{} en {laatste}", rest.join(", ")),
    }
}

impl Plancheck {
    /// Every geometry of the answer in WGS84 (lon/lat), for a request asked in EPSG:4326.
    pub fn naar_wgs84(&mut self) -> Result<(), stip_geo::GeoError> {
        for t in &mut self.toetsingen {
            t.geometrie.naar_wgs84()?;
            if let Some(c) = &mut t.conflict {
                c.naar_wgs84()?;
            }
        }
        if let Some(b) = &mut self.buiten_bouwvlak {
            b.naar_wgs84()?;
        }
        self.plan.geometrie.naar_wgs84()?;
        self.vul_kaart();
        Ok(())
    }

    /// The conflicts (checks that do not fit) as map features.
    fn vul_kaart(&mut self) {
        self.kaart.features = self
            .toetsingen
            .iter()
            .filter(|t| t.oordeel == Oordeel::PastNiet)
            .map(|t| {
                let g = t.conflict.as_ref().unwrap_or(&t.geometrie);
                let mut props = geojson::JsonObject::new();
                props.insert("soort".into(), t.soort.clone().into());
                props.insert("oordeel".into(), serde_json::to_value(t.oordeel).unwrap_or_default());
                props.insert("toelichting".into(), t.toelichting.clone().into());
                geojson::Feature {
                    geometry: Some(geojson::Geometry::from(&g.0)),
                    properties: Some(props),
                    ..Default::default()
                }
            })
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worst_oordeel_wins() {
        assert!(Oordeel::PastNiet > Oordeel::NietTeBepalen && Oordeel::NietTeBepalen > Oordeel::Past);
        assert_eq!(serde_json::to_value(Oordeel::NietTeBepalen).unwrap(), "niet te bepalen");
    }

    #[test]
    fn a_list_of_clauses_reads_as_dutch() {
        assert_eq!(opsomming(&["a"]), "a");
        assert_eq!(opsomming(&["a", "b"]), "a en b");
        assert_eq!(opsomming(&["a", "b", "c"]), "a, b en c");
    }
}
