//! Measures against their norm: bouwhoogte, goothoogte, bouwlagen and wooneenheden against the maximum (or
//! minimum) that applies on each part of the plan. A missing value in the plan or a norm without a number is
//! "niet te bepalen", saying what is missing.

use super::vorm::m2_tekst;
use super::{Context, Oordeel, Toetsing};
use crate::antwoord::{NormAntwoord, getal};

/// Which plan field a norm type is checked with, and in which direction.
#[derive(Debug, Clone, Copy)]
struct Maat {
    type_: &'static str,
    veld: Veld,
    maximum: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Veld {
    Bouwhoogte,
    Goothoogte,
    Bouwlagen,
    Wooneenheden,
}

const MATEN: &[Maat] = &[
    Maat { type_: "MaximumBouwhoogte", veld: Veld::Bouwhoogte, maximum: true },
    Maat { type_: "MinimumBouwhoogte", veld: Veld::Bouwhoogte, maximum: false },
    Maat { type_: "MaximumGoothoogte", veld: Veld::Goothoogte, maximum: true },
    Maat { type_: "MinimumGoothoogte", veld: Veld::Goothoogte, maximum: false },
    Maat { type_: "MaximumAantalBouwlagen", veld: Veld::Bouwlagen, maximum: true },
    Maat { type_: "MinimumAantalBouwlagen", veld: Veld::Bouwlagen, maximum: false },
    Maat { type_: "MaximumAantalWooneenheden", veld: Veld::Wooneenheden, maximum: true },
];

/// Whether a norm is checked here: a type with a plan field, unless it only has a qualitative value (then it is
/// information, like Gemeentestad's welstandsniveau that is typed as a bouwhoogte).
pub fn getoetst(n: &NormAntwoord) -> bool {
    MATEN.iter().any(|m| m.type_ == n.type_.as_str()) && !kwalitatief(n)
}

/// A norm with only a qualitative value (`laag`, `midden`).
pub fn kwalitatief(n: &NormAntwoord) -> bool {
    n.waarde.is_none() && n.kwalitatieve_waarde.is_some()
}

impl Veld {
    fn naam(self) -> &'static str {
        match self {
            Veld::Bouwhoogte => "bouwhoogte",
            Veld::Goothoogte => "goothoogte",
            Veld::Bouwlagen => "bouwlagen",
            Veld::Wooneenheden => "wooneenheden",
        }
    }
    fn eenheid(self) -> Option<&'static str> {
        match self {
            Veld::Bouwhoogte | Veld::Goothoogte => Some("m"),
            Veld::Bouwlagen | Veld::Wooneenheden => None,
        }
    }
    /// "1 meter", "2 bouwlagen", "1 woning".
    fn hoeveel(self, v: f64) -> String {
        let een = (v - 1.0).abs() < 1e-9;
        let woord = match self {
            Veld::Bouwhoogte | Veld::Goothoogte => "meter",
            Veld::Bouwlagen if een => "bouwlaag",
            Veld::Bouwlagen => "bouwlagen",
            Veld::Wooneenheden if een => "woning",
            Veld::Wooneenheden => "woningen",
        };
        format!("{} {woord}", getal(v))
    }
}

/// The norm's value in the unit of the plan field (heights in metres), or why there is none.
fn normwaarde(n: &NormAntwoord, veld: Veld) -> Result<f64, String> {
    let Some(w) = n.waarde else {
        return Err(if n.waarde_in_regeltekst.is_some() {
            "De waarde van deze norm staat in de regels; stip kan die niet lezen.".to_string()
        } else {
            "Deze norm heeft geen getal dat stip kan toetsen.".to_string()
        });
    };
    match (veld.eenheid(), n.eenheid.as_deref()) {
        (Some("m"), None | Some("m")) => Ok(w),
        (Some("m"), Some("cm")) => Ok(w / 100.0),
        (Some("m"), Some("mm")) => Ok(w / 1000.0),
        (Some(_), Some(e)) => Err(format!("De norm is in '{e}'; stip kan die niet met meters vergelijken.")),
        _ => Ok(w),
    }
}

fn plan_waarde(cx: &Context<'_>, veld: Veld) -> Option<f64> {
    match veld {
        Veld::Bouwhoogte => cx.plan.bouwhoogte,
        Veld::Goothoogte => cx.plan.goothoogte,
        Veld::Bouwlagen => cx.plan.bouwlagen.map(f64::from),
        Veld::Wooneenheden => cx.plan.wooneenheden.map(f64::from),
    }
}

/// The sentences: what the plan has, what is allowed, and the verdict.
fn zinnen(veld: Veld, maximum: bool, gevraagd: f64, toegestaan: f64, verschil: f64) -> (String, Option<String>) {
    let (g, t) = (veld.hoeveel(gevraagd), veld.hoeveel(toegestaan));
    let grens = if maximum { "maximaal" } else { "minimaal" };
    let (heeft, mag) = match veld {
        Veld::Bouwhoogte => (format!("Uw plan is {g} hoog."), format!("Hier mag {grens} {t}.")),
        Veld::Goothoogte => {
            (format!("De goot van uw plan is {g} hoog."), format!("Hier mag de goot {grens} {t} hoog zijn."))
        }
        Veld::Bouwlagen => (format!("Uw plan heeft {g}."), format!("Hier mogen {grens} {t}.")),
        Veld::Wooneenheden => (format!("Uw plan heeft {g}."), format!("Hier mogen {grens} {t} komen.")),
    };
    if verschil <= 0.0 {
        return (format!("{heeft} {mag} Dat past."), None);
    }
    let v = veld.hoeveel(verschil);
    let kort = match (veld, maximum) {
        (Veld::Bouwhoogte, true) => format!("het is {v} te hoog"),
        (Veld::Bouwhoogte, false) => format!("het is {v} te laag"),
        (Veld::Goothoogte, true) => format!("de goot is {v} te hoog"),
        (Veld::Goothoogte, false) => format!("de goot is {v} te laag"),
        (_, true) => format!("het heeft {v} te veel"),
        (_, false) => format!("het heeft {v} te weinig"),
    };
    let zin = match (veld, maximum) {
        (Veld::Bouwhoogte, true) => format!("Het is {v} te hoog."),
        (Veld::Bouwhoogte, false) => format!("Het is {v} te laag."),
        (Veld::Goothoogte, true) => format!("De goot is {v} te hoog."),
        (Veld::Goothoogte, false) => format!("De goot is {v} te laag."),
        (_, true) => format!("Dat is {v} te veel."),
        (_, false) => format!("Dat is {v} te weinig."),
    };
    (format!("{heeft} {mag} {zin}"), Some(kort))
}

pub(crate) fn toets(cx: &Context<'_>) -> Vec<Toetsing> {
    let mut uit = Vec::new();
    for d in &cx.delen {
        for n in &d.wat.normen {
            let Some(maat) = MATEN.iter().find(|m| m.type_ == n.type_.as_str()) else { continue };
            if kwalitatief(n) {
                continue;
            }
            let veld = maat.veld;
            let deel_van_plan = d.oppervlakte < cx.oppervlakte - 0.05;
            let waar = if deel_van_plan {
                format!(" Dit geldt voor {} m² van uw plan.", getal(m2_tekst(d.oppervlakte)))
            } else {
                String::new()
            };
            let mut t = match (normwaarde(n, veld), plan_waarde(cx, veld)) {
                (Err(waarom), _) => {
                    let mut t =
                        Toetsing::op(n.type_.as_str(), Oordeel::NietTeBepalen, format!("{waarom}{waar}"), &d.deel);
                    t.kort = Some(format!("de {} staat in de regels", crate::norm::label(&n.type_)));
                    t
                }
                (Ok(toegestaan), None) => {
                    let grens = if maat.maximum { "maximaal" } else { "minimaal" };
                    let toelichting = format!(
                        "Hier geldt {grens} {}. Geef de {} van uw plan op om dit te toetsen.{waar}",
                        veld.hoeveel(toegestaan),
                        veld.naam()
                    );
                    let mut t = Toetsing::op(n.type_.as_str(), Oordeel::NietTeBepalen, toelichting, &d.deel);
                    t.toegestaan = Some(toegestaan);
                    t.ontbreekt = Some(veld.naam().into());
                    t.kort = Some(format!("geef de {} op", veld.naam()));
                    t
                }
                (Ok(toegestaan), Some(gevraagd)) => {
                    let over = if maat.maximum { gevraagd - toegestaan } else { toegestaan - gevraagd };
                    let verschil = (over * 1000.0).round() / 1000.0;
                    let (zin, kort) = zinnen(veld, maat.maximum, gevraagd, toegestaan, verschil);
                    let oordeel = if kort.is_some() { Oordeel::PastNiet } else { Oordeel::Past };
                    let mut t = Toetsing::op(n.type_.as_str(), oordeel, format!("{zin}{waar}"), &d.deel);
                    t.gevraagd = Some(gevraagd);
                    t.toegestaan = Some(toegestaan);
                    if verschil > 0.0 {
                        t.verschil = Some(verschil);
                        t.conflict = Some(super::Geometrie(d.deel.clone()));
                    }
                    t.kort = kort;
                    t
                }
            };
            t.eenheid = veld.eenheid().map(str::to_string);
            t.norm = Some(n.clone());
            t.planobject = d.planobject.cloned();
            uit.push(t);
        }
    }
    uit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eight_metres_where_seven_are_allowed_is_one_metre_too_high() {
        let (zin, kort) = zinnen(Veld::Bouwhoogte, true, 8.0, 7.0, 1.0);
        assert_eq!(zin, "Uw plan is 8 meter hoog. Hier mag maximaal 7 meter. Het is 1 meter te hoog.");
        assert_eq!(kort.as_deref(), Some("het is 1 meter te hoog"));
    }

    #[test]
    fn storeys_and_dwellings_count_in_singular_and_plural() {
        let (zin, _) = zinnen(Veld::Bouwlagen, true, 4.0, 3.0, 1.0);
        assert_eq!(zin, "Uw plan heeft 4 bouwlagen. Hier mogen maximaal 3 bouwlagen. Dat is 1 bouwlaag te veel.");
        let (zin, kort) = zinnen(Veld::Wooneenheden, true, 1.0, 2.0, -1.0);
        assert_eq!(zin, "Uw plan heeft 1 woning. Hier mogen maximaal 2 woningen komen. Dat past.");
        assert!(kort.is_none());
    }
}
