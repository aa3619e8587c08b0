//! What applies but is not a check: qualitative norms (a welstand level), norms stip does not compare, gebieds-
//! aanwijzingen, dubbelbestemmingen and aanduidingen, activities with their kwalificatie, the pand extended. Each
//! sentence once, in the words of the "what applies here" answer.

use super::{Context, Informatie, bebouwing, maat};
use crate::antwoord::{aanduiding_zin, activiteit_zin, bestemming_zin, gebiedsaanwijzing_zin, norm_zin};
use crate::model::PlanobjectSoort;

pub(crate) fn verzamel(cx: &Context<'_>) -> Vec<Informatie> {
    let mut uit: Vec<Informatie> = Vec::new();
    let mut voeg_toe = |i: Informatie| {
        if !uit.iter().any(|x| x.tekst == i.tekst) {
            uit.push(i);
        }
    };
    if let Some((p, _)) = &cx.uitbreiding {
        let tekst = match p.bouwjaar {
            Some(j) if j != 9999 => format!("Uw plan is een uitbreiding van het gebouw {} uit {j}.", p.identificatie),
            _ => format!("Uw plan is een uitbreiding van het gebouw {}.", p.identificatie),
        };
        voeg_toe(Informatie { soort: "Plan", tekst, plan: None, regeltekst: None });
    }
    let functie = cx.plan.functie.as_deref().map(|f| f.trim().to_lowercase()).filter(|f| !f.is_empty());
    for d in &cx.delen {
        let w = &d.wat;
        for n in &w.normen {
            if maat::getoetst(n) || (bebouwing::TYPES.contains(&n.type_.as_str()) && !maat::kwalitatief(n)) {
                continue;
            }
            let Some(tekst) = norm_zin(n) else { continue };
            let soort = if n.naam.to_lowercase().contains("welstand") { "Welstand" } else { "Norm" };
            voeg_toe(Informatie { soort, tekst, plan: Some(n.plan.clone()), regeltekst: n.regeltekst.clone() });
        }
        for g in &w.gebiedsaanwijzingen {
            voeg_toe(Informatie {
                soort: "Gebiedsaanwijzing",
                tekst: gebiedsaanwijzing_zin(g),
                plan: Some(g.plan.clone()),
                regeltekst: g.regelteksten.first().cloned(),
            });
        }
        for b in w.bestemmingen.iter().filter(|b| b.soort == PlanobjectSoort::Dubbelbestemming) {
            voeg_toe(Informatie {
                soort: "Bestemming",
                tekst: bestemming_zin(b),
                plan: Some(b.plan.clone()),
                regeltekst: None,
            });
        }
        for a in &w.aanduidingen {
            voeg_toe(Informatie {
                soort: "Aanduiding",
                tekst: aanduiding_zin(a),
                plan: Some(a.plan.clone()),
                regeltekst: None,
            });
        }
        for a in &w.activiteiten {
            // activities about the plan's use are checks (see gebruik)
            if functie.as_deref().is_some_and(|f| a.naam.to_lowercase().contains(f)) {
                continue;
            }
            voeg_toe(Informatie {
                soort: "Activiteit",
                tekst: activiteit_zin(a),
                plan: Some(a.plan.clone()),
                regeltekst: a.regeltekst.clone(),
            });
        }
    }
    uit
}
