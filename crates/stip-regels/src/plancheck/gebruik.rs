//! Use: the plan's `functie` against the IMRO enkelbestemming of each part (and its functieaanduidingen), and
//! against the kwalificatie of IMOW activities whose name mentions that use (Verbod, Toegestaan, …). A mixed
//! bestemming (gemengd, centrum) or a permit duty cannot be decided here and says so.

use super::vorm::m2_tekst;
use super::{Context, Oordeel, Toetsing};
use crate::antwoord::{getal, hoofdletter};
use crate::model::{Kwalificatie, PlanobjectSoort};

/// Hoofdgroepen that allow several uses: whether a use fits depends on the article.
const GEMENGD: &[&str] = &["gemengd", "centrum", "overig", "woongebied"];

/// Words that mean the same use in a bestemming and in a plan.
const ZELFDE: &[(&str, &str)] = &[("wonen", "woongebied"), ("wonen", "woning"), ("bedrijf", "bedrijventerrein")];

fn normaal(s: &str) -> String {
    s.trim().to_lowercase()
}

/// Whether a bestemming or aanduiding named `naam` (hoofdgroep `groep`) is the use `functie`.
pub fn zelfde_functie(functie: &str, naam: &str, groep: Option<&str>) -> bool {
    let f = normaal(functie);
    let naam = normaal(naam);
    let groep = groep.map(normaal);
    let is = |woord: &str| {
        woord == f
            || woord.starts_with(&format!("{f} "))
            || woord.starts_with(&format!("{f}-"))
            || ZELFDE.iter().any(|(a, b)| (*a == f && woord.starts_with(b)) || (*b == f && woord.starts_with(a)))
    };
    is(&naam) || groep.as_deref().is_some_and(is) || naam.contains(&f)
}

pub(crate) fn toets(cx: &Context<'_>) -> Vec<Toetsing> {
    let functie = cx.plan.functie.as_deref().map(str::trim).filter(|f| !f.is_empty());
    let mut uit = Vec::new();
    for d in &cx.delen {
        let Some(b) = d.planobject.filter(|o| o.soort == PlanobjectSoort::Enkelbestemming) else { continue };
        let waar = if d.oppervlakte < cx.oppervlakte - 0.05 {
            format!(" Dit geldt voor {} m² van uw plan.", getal(m2_tekst(d.oppervlakte)))
        } else {
            String::new()
        };
        let artikel = b.artikelnummer.as_deref().map(|a| format!(" (artikel {a})")).unwrap_or_default();
        let mut t = match functie {
            None => {
                let mut t = Toetsing::op(
                    "Gebruik",
                    Oordeel::NietTeBepalen,
                    format!(
                        "Hier geldt de bestemming {}{artikel}. Geef de functie van uw plan op (bijvoorbeeld wonen) \
                         om te toetsen of die past.{waar}",
                        b.naam
                    ),
                    &d.deel,
                );
                t.ontbreekt = Some("functie".into());
                t.kort = Some("geef de functie op".into());
                t
            }
            Some(f) => {
                // a functieaanduiding is its own area: one of the same plan under the plan
                let aanduiding = cx
                    .delen
                    .iter()
                    .filter(|a| a.plan.id == d.plan.id)
                    .filter_map(|a| a.planobject)
                    .find(|a| a.soort == PlanobjectSoort::Functieaanduiding && zelfde_functie(f, &a.naam, None));
                let groep = b.hoofdgroep.as_deref().map(normaal);
                if zelfde_functie(f, &b.naam, b.hoofdgroep.as_deref()) {
                    Toetsing::op(
                        "Gebruik",
                        Oordeel::Past,
                        format!("{} past bij de bestemming {}{artikel}.{waar}", hoofdletter(f), b.naam),
                        &d.deel,
                    )
                } else if let Some(a) = aanduiding {
                    Toetsing::op(
                        "Gebruik",
                        Oordeel::Past,
                        format!(
                            "Hier geldt de bestemming {}{artikel} met de aanduiding '{}'; {f} past daarbij.{waar}",
                            b.naam, a.naam
                        ),
                        &d.deel,
                    )
                } else if groep.as_deref().is_some_and(|g| GEMENGD.contains(&g))
                    || GEMENGD.iter().any(|g| normaal(&b.naam).starts_with(g))
                {
                    let mut t = Toetsing::op(
                        "Gebruik",
                        Oordeel::NietTeBepalen,
                        format!(
                            "Hier geldt de bestemming {}{artikel}. Die staat meer functies toe; of {f} daarbij hoort, \
                             staat in de regels van de bestemming.{waar}",
                            b.naam
                        ),
                        &d.deel,
                    );
                    t.kort = Some(format!("of {f} past bij de bestemming {} staat in de regels", b.naam));
                    t
                } else {
                    let mut t = Toetsing::op(
                        "Gebruik",
                        Oordeel::PastNiet,
                        format!("Hier geldt de bestemming {}{artikel}. Daar past {f} niet bij.{waar}", b.naam),
                        &d.deel,
                    );
                    t.conflict = Some(super::Geometrie(d.deel.clone()));
                    t.kort = Some(format!("{f} past niet bij de bestemming {}", b.naam));
                    t
                }
            }
        };
        t.planobject = Some(b.clone());
        uit.push(t);
    }
    // IMOW: activities about this use
    if let Some(f) = functie {
        let fl = normaal(f);
        let mut gezien: Vec<(String, Kwalificatie)> = Vec::new();
        for d in &cx.delen {
            for a in d.wat.activiteiten.iter().filter(|a| normaal(&a.naam).contains(&fl)) {
                let sleutel = (a.id.to_string(), a.kwalificatie.clone());
                if gezien.contains(&sleutel) {
                    continue;
                }
                gezien.push(sleutel);
                let (oordeel, zin, kort) = match &a.kwalificatie {
                    Kwalificatie::Toegestaan => (Oordeel::Past, format!("{} mag hier.", hoofdletter(&a.naam)), None),
                    Kwalificatie::Verbod => (
                        Oordeel::PastNiet,
                        format!("{} is hier verboden.", hoofdletter(&a.naam)),
                        Some(format!("{} is hier verboden", a.naam)),
                    ),
                    Kwalificatie::Vergunningplicht => (
                        Oordeel::NietTeBepalen,
                        format!(
                            "Voor {} heeft u hier een vergunning nodig. Of u die krijgt, beslist de gemeente.",
                            a.naam
                        ),
                        Some(format!("voor {} heeft u een vergunning nodig", a.naam)),
                    ),
                    Kwalificatie::Meldingsplicht => (
                        Oordeel::NietTeBepalen,
                        format!("Voor {} moet u hier eerst een melding doen.", a.naam),
                        Some(format!("voor {} moet u een melding doen", a.naam)),
                    ),
                    _ => (
                        Oordeel::NietTeBepalen,
                        format!("Voor {} gelden hier regels; lees de regeltekst.", a.naam),
                        Some(format!("voor {} gelden regels", a.naam)),
                    ),
                };
                let mut t = Toetsing::op("Gebruik", oordeel, zin, &d.deel);
                if oordeel == Oordeel::PastNiet {
                    t.conflict = Some(super::Geometrie(d.deel.clone()));
                }
                t.kort = kort;
                t.activiteit = Some(a.clone());
                uit.push(t);
            }
        }
    }
    uit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wonen_fits_a_bestemming_wonen_and_not_verkeer() {
        assert!(zelfde_functie("wonen", "Wonen", Some("wonen")));
        assert!(zelfde_functie("Wonen", "Wonen - 2", None));
        assert!(zelfde_functie("wonen", "Woongebied", None));
        assert!(!zelfde_functie("wonen", "Verkeer", Some("verkeer")));
        assert!(zelfde_functie("bedrijf", "Bedrijf", Some("bedrijf")));
    }
}
