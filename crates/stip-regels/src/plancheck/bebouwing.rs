//! Bebouwingspercentage: what is built on the parcel (BAG panden clipped to the BRK perceel) plus what the plan
//! adds, over the parcel's area, against the maximum. Without a parcel the bestemmingsvlak is the reference, and
//! without that the norm's own area. Built area is a union: where the plan covers an existing pand (the one it
//! extends or another), that ground counts once.

use geo::{Area, BooleanOps, BoundingRect};
use geo_types::MultiPolygon;
use serde::Serialize;

use super::vorm::{self, m2, m2_tekst};
use super::{Context, Oordeel, Toetsing};
use crate::antwoord::getal;
use crate::index::Gebiedsdeel;
use crate::model::PlanobjectSoort;

/// Norm types checked here.
pub const TYPES: &[&str] = &["MaximumBebouwingspercentage"];

/// A reference area larger than this (m²) is no bouwperceel; the check is then not decided.
pub const MAX_REFERENTIE_M2: f64 = 100_000.0;

/// BAG statuses of panden that do not (or no longer) stand.
const NIET_GEBOUWD: &[&str] = &["Niet gerealiseerd pand", "Pand gesloopt", "Pand ten onrechte opgevoerd"];

/// The arithmetic of a bebouwingspercentage.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Bebouwing {
    /// `perceel`, `bestemmingsvlak` or `normgebied`: what the percentage is of.
    pub referentie: &'static str,
    /// Kadastrale aanduiding(en) or the bestemming's name.
    pub referentie_naam: String,
    pub referentie_m2: f64,
    /// Existing panden on the reference area, clipped to it.
    pub bestaand_m2: f64,
    /// The plan's footprint on the reference area.
    pub plan_m2: f64,
    /// Part of the plan on ground already built (counted once, under bestaand).
    pub plan_op_bestaand_m2: f64,
    pub totaal_m2: f64,
    pub percentage: f64,
    pub maximum: f64,
    /// The BAG panden counted.
    pub panden: Vec<String>,
    /// "bestaand 62 m² + plan 30 m² = 92 m² van 200 m² = 46 % ≤ 80 %"
    pub berekening: String,
}

/// The reference area of a norm piece: the parcels under the plan, else the bestemmingsvlak, else the norm's area.
fn referentie<'a>(
    cx: &'a Context<'_>,
    norm_deel: &'a Gebiedsdeel<'_>,
) -> Option<(&'static str, String, MultiPolygon<f64>)> {
    let r = cx.vorm.bounding_rect()?;
    let percelen: Vec<_> = cx
        .index
        .percelen_bij(r)
        .into_iter()
        .filter(|p| vorm::doorsnede(&MultiPolygon(vec![p.geometrie.clone()]), &norm_deel.deel).unsigned_area() > 0.01)
        .collect();
    if !percelen.is_empty() {
        let naam = percelen.iter().map(|p| p.kadastrale_aanduiding.tekst()).collect::<Vec<_>>().join(", ");
        let vlak = MultiPolygon(percelen.iter().map(|p| p.geometrie.clone()).collect());
        return Some(("perceel", naam, vorm::los_op(&vlak)));
    }
    let bestemming = cx
        .delen
        .iter()
        .filter(|d| d.plan.id == norm_deel.plan.id)
        .filter(|d| d.planobject.is_some_and(|o| o.soort == PlanobjectSoort::Enkelbestemming))
        // the piece against the norm's area near the plan (small), once per candidate
        .map(|d| (d, vorm::doorsnede(&d.deel, &norm_deel.gebied_bij).unsigned_area()))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(d, _)| d);
    if let Some(b) = bestemming
        && let Some(vlak) = vorm::vlakken(&b.geometrie)
    {
        let naam = b.planobject.map(|o| o.naam.to_string()).unwrap_or_default();
        return Some(("bestemmingsvlak", naam, vlak));
    }
    let naam = norm_deel.locatie.naam.as_deref().unwrap_or(&norm_deel.locatie.id).to_string();
    Some(("normgebied", naam, vorm::vlakken(&norm_deel.geometrie)?))
}

/// The arithmetic on one reference area against `maximum` (percent).
pub(crate) fn reken(
    cx: &Context<'_>,
    soort: &'static str,
    naam: String,
    vlak: &MultiPolygon<f64>,
    maximum: f64,
) -> Option<Bebouwing> {
    let referentie_m2 = vlak.unsigned_area();
    if referentie_m2 <= 0.0 {
        return None;
    }
    let r = vlak.bounding_rect()?;
    let mut ids = Vec::new();
    let mut voetafdrukken = Vec::new();
    for (p, g) in cx.index.panden_bij(r) {
        if NIET_GEBOUWD.contains(&p.status.as_str()) {
            continue;
        }
        let g = MultiPolygon(vec![g]);
        let op = vorm::doorsnede(&g, vlak);
        if op.unsigned_area() > 0.01 {
            if !ids.contains(&p.identificatie) {
                ids.push(p.identificatie.clone());
            }
            voetafdrukken.push(op);
        }
    }
    let bestaand = vorm::vereniging(voetafdrukken.iter());
    let bestaand_m2 = bestaand.unsigned_area();
    let plan_op_vlak = vorm::doorsnede(&cx.vorm, vlak);
    let plan_m2 = plan_op_vlak.unsigned_area();
    let nieuw_m2 = if bestaand.0.is_empty() { plan_m2 } else { plan_op_vlak.difference(&bestaand).unsigned_area() };
    let op_bestaand = (plan_m2 - nieuw_m2).max(0.0);
    let totaal_m2 = bestaand_m2 + nieuw_m2;
    let percentage = totaal_m2 / referentie_m2 * 100.0;
    let pct = |v: f64| (v * 10.0).round() / 10.0;
    let (b, n) = (m2_tekst(bestaand_m2), m2_tekst(nieuw_m2));
    let plan_tekst = if op_bestaand > 0.05 {
        format!(
            "plan {} m² (van {} m²; {} m² staat al op bestaande bebouwing)",
            getal(n),
            getal(m2_tekst(plan_m2)),
            getal(m2_tekst(op_bestaand))
        )
    } else {
        format!("plan {} m²", getal(n))
    };
    let teken = if percentage <= maximum + 1e-9 { "≤" } else { ">" };
    let berekening = format!(
        "bestaand {} m² + {plan_tekst} = {} m² van {} m² = {} % {teken} {} %",
        getal(b),
        getal(m2_tekst(b + n)),
        getal(m2_tekst(referentie_m2)),
        getal(pct(percentage)),
        getal(maximum)
    );
    Some(Bebouwing {
        referentie: soort,
        referentie_naam: naam,
        referentie_m2: m2(referentie_m2),
        bestaand_m2: m2(bestaand_m2),
        plan_m2: m2(plan_m2),
        plan_op_bestaand_m2: m2(op_bestaand),
        totaal_m2: m2(totaal_m2),
        percentage: (percentage * 100.0).round() / 100.0,
        maximum,
        panden: ids,
        berekening,
    })
}

pub(crate) fn toets(cx: &Context<'_>) -> (Vec<Toetsing>, Option<Bebouwing>) {
    let mut toetsingen = Vec::new();
    let mut eerste: Option<Bebouwing> = None;
    let mut gezien: Vec<(String, u64)> = Vec::new();
    for d in &cx.delen {
        for n in d.wat.normen.iter().filter(|n| TYPES.contains(&n.type_.as_str()) && !super::maat::kwalitatief(n)) {
            let waarde = n.waarde.filter(|_| matches!(n.eenheid.as_deref(), None | Some("%")));
            let Some(maximum) = waarde else {
                let mut t = Toetsing::op(
                    n.type_.as_str(),
                    Oordeel::NietTeBepalen,
                    "Het maximale bebouwingspercentage staat hier niet als getal in procenten; lees de regels.".into(),
                    &d.deel,
                );
                t.norm = Some(n.clone());
                t.planobject = d.planobject.cloned();
                t.kort = Some("het bebouwingspercentage staat in de regels".into());
                toetsingen.push(t);
                continue;
            };
            let Some((soort, naam, vlak)) = referentie(cx, d) else { continue };
            // one check per reference area and maximum
            let sleutel = (format!("{soort}:{naam}"), maximum.to_bits());
            if gezien.contains(&sleutel) {
                continue;
            }
            gezien.push(sleutel);
            let vlak_m2 = vlak.unsigned_area();
            let uitkomst = if vlak_m2 > MAX_REFERENTIE_M2 { None } else { reken(cx, soort, naam, &vlak, maximum) };
            let mut t = match uitkomst {
                None => {
                    let mut t = Toetsing::op(
                        n.type_.as_str(),
                        Oordeel::NietTeBepalen,
                        format!(
                            "Hier mag maximaal {} % bebouwd zijn, maar stip kent het bouwperceel niet, dus niet \
                             waarover dat percentage gaat.",
                            getal(maximum)
                        ),
                        &d.deel,
                    );
                    t.toegestaan = Some(maximum);
                    t.kort = Some("stip kent het bouwperceel niet".into());
                    t
                }
                Some(b) => {
                    let over = ((b.percentage - maximum) * 10.0).round() / 10.0;
                    let waarover = match b.referentie {
                        "perceel" => "het perceel",
                        "bestemmingsvlak" => "het bestemmingsvlak",
                        _ => "het gebied van de norm",
                    };
                    let mut zin = format!(
                        "Op {waarover} staat al {} m² aan gebouwen. Met uw plan erbij is {} m² van de {} m² bebouwd: \
                         {} %. Hier mag maximaal {} %.",
                        getal(m2_tekst(b.bestaand_m2)),
                        getal(m2_tekst(b.totaal_m2)),
                        getal(m2_tekst(b.referentie_m2)),
                        getal((b.percentage * 10.0).round() / 10.0),
                        getal(maximum)
                    );
                    let oordeel = if over > 0.0 {
                        zin.push_str(&format!(" Dat is {} procentpunt te veel.", getal(over)));
                        Oordeel::PastNiet
                    } else {
                        zin.push_str(" Dat past.");
                        Oordeel::Past
                    };
                    let mut t = Toetsing::op(n.type_.as_str(), oordeel, zin, &d.deel);
                    t.gevraagd = Some(b.percentage);
                    t.toegestaan = Some(maximum);
                    if over > 0.0 {
                        t.verschil = Some(over);
                        t.conflict = Some(super::Geometrie(d.deel.clone()));
                        t.kort = Some(format!(
                            "er wordt {} % bebouwd, waar {} % mag",
                            getal((b.percentage * 10.0).round() / 10.0),
                            getal(maximum)
                        ));
                    }
                    t.berekening = Some(b.berekening.clone());
                    if eerste.is_none() {
                        eerste = Some(b);
                    }
                    t
                }
            };
            t.eenheid = Some("%".into());
            t.norm = Some(n.clone());
            t.planobject = d.planobject.cloned();
            toetsingen.push(t);
        }
    }
    (toetsingen, eerste)
}
