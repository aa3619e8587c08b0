//! The answer to "what applies here" and its plain-Dutch (B1) summary, generated from the data.
//! Serialises to camelCase JSON.

use serde::{Deserialize, Serialize};

use crate::model::{BevoegdGezag, Kwalificatie, NormSoort, PlanSoort, PlanobjectSoort};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Antwoord {
    /// Short sentences for people, most important first.
    pub samenvatting: Vec<String>,
    pub bevoegd_gezag: Vec<BevoegdGezag>,
    pub plannen: Vec<PlanRef>,
    pub activiteiten: Vec<ActiviteitAntwoord>,
    pub normen: Vec<NormAntwoord>,
    pub gebiedsaanwijzingen: Vec<GebiedsaanwijzingAntwoord>,
    /// IMRO enkel- and dubbelbestemmingen.
    pub bestemmingen: Vec<PlanobjectAntwoord>,
    pub bouwvlakken: Vec<PlanobjectAntwoord>,
    /// IMRO functie-, bouw-, gebieds- en lettertekenaanduidingen and figuren.
    pub aanduidingen: Vec<PlanobjectAntwoord>,
    /// Juridische regels whose werkingsgebied is here (with their text).
    pub regels: Vec<RegelAntwoord>,
    pub panden: Vec<PandAntwoord>,
    pub percelen: Vec<PerceelAntwoord>,
    /// The matched areas (plan, locatie), for drawing: fetch geometry with `RegelIndex::gebieden_geojson`.
    pub gebieden: Vec<GebiedRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanRef {
    pub id: String,
    pub versie: String,
    pub titel: String,
    pub soort: PlanSoort,
    pub bevoegd_gezag: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegeltekstAntwoord {
    pub id: String,
    pub wid: String,
    /// Article number, with the lid when the text is one lid: `2.14`, `2.6 lid 1`.
    pub artikel: String,
    pub opschrift: Option<String>,
    pub tekst: String,
    pub toelichting: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LocatieRef {
    pub id: String,
    pub naam: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActiviteitRef {
    pub id: String,
    pub naam: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActiviteitAntwoord {
    pub id: String,
    pub naam: String,
    pub groep: Option<String>,
    pub kwalificatie: Kwalificatie,
    /// bovenliggendeActiviteit chain, nearest parent first.
    pub bovenliggende: Vec<ActiviteitRef>,
    pub locatie: LocatieRef,
    pub regeltekst: Option<RegeltekstAntwoord>,
    pub plan: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NormAntwoord {
    #[serde(rename = "type")]
    pub type_: String,
    pub naam: String,
    pub soort: NormSoort,
    pub waarde: Option<f64>,
    pub kwalitatieve_waarde: Option<String>,
    pub waarde_in_regeltekst: Option<String>,
    pub eenheid: Option<String>,
    pub locatie: LocatieRef,
    pub regeltekst: Option<RegeltekstAntwoord>,
    pub plan: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GebiedsaanwijzingAntwoord {
    pub id: String,
    #[serde(rename = "type")]
    pub type_: String,
    pub naam: String,
    pub groep: Option<String>,
    pub regelteksten: Vec<RegeltekstAntwoord>,
    pub plan: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanobjectAntwoord {
    pub id: String,
    pub soort: PlanobjectSoort,
    pub naam: String,
    pub hoofdgroep: Option<String>,
    pub artikelnummer: Option<String>,
    pub tekst_verwijzingen: Vec<String>,
    pub plan: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegelAntwoord {
    pub id: String,
    pub soort: crate::model::RegelSoort,
    pub regeltekst: Option<RegeltekstAntwoord>,
    pub plan: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PandAntwoord {
    pub identificatie: String,
    pub bouwjaar: Option<i32>,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PerceelAntwoord {
    pub identificatie: String,
    pub kadastrale_aanduiding: String,
    pub kadastrale_grootte: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GebiedRef {
    pub plan: String,
    pub locatie: String,
    pub naam: Option<String>,
}

/// `7` → "7", `7.5` → "7,5" (Dutch decimal comma).
pub fn getal(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{}", (v * 1000.0).round() / 1000.0).replace('.', ",")
    }
}

fn hoofdletter(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn norm_zin(n: &NormAntwoord) -> Option<String> {
    let eenheid = n.eenheid.as_deref().unwrap_or("");
    if let Some(w) = n.waarde {
        let w = getal(w);
        let zin = match n.type_.as_str() {
            "MaximumBouwhoogte" if eenheid == "m" => format!("Hier mag u maximaal {w} meter hoog bouwen."),
            "MaximumGoothoogte" if eenheid == "m" => {
                format!("De goot van een gebouw mag hier maximaal {w} meter hoog zijn.")
            }
            "MinimumBouwhoogte" if eenheid == "m" => format!("Een gebouw moet hier minimaal {w} meter hoog zijn."),
            "MaximumBebouwingspercentage" => format!("U mag hier maximaal {w}% van het bouwperceel bebouwen."),
            "MaximumAantalBouwlagen" => format!("Een gebouw mag hier maximaal {w} bouwlagen hebben."),
            "MaximumAantalWooneenheden" => format!("Hier mogen maximaal {w} woningen komen."),
            _ => {
                let unit = match eenheid {
                    "" => String::new(),
                    "%" => "%".into(),
                    u => format!(" {u}"),
                };
                format!("{}: {w}{unit}.", hoofdletter(&crate::norm::label(&n.type_)))
            }
        };
        return Some(zin);
    }
    if let Some(k) = &n.kwalitatieve_waarde {
        if n.naam.to_lowercase().contains("welstand") {
            return Some(format!("Voor het uiterlijk van gebouwen geldt hier welstandsniveau {k}."));
        }
        return Some(format!("{}: {k}.", hoofdletter(&n.naam)));
    }
    n.waarde_in_regeltekst.as_ref().map(|_| format!("Voor {} staat de waarde in de regels.", n.naam))
}

fn activiteit_zin(a: &ActiviteitAntwoord) -> String {
    let naam = &a.naam;
    match &a.kwalificatie {
        Kwalificatie::Vergunningplicht => format!("Voor {naam} heeft u hier een vergunning nodig."),
        Kwalificatie::Meldingsplicht => format!("Voor {naam} moet u hier eerst een melding doen."),
        Kwalificatie::Informatieplicht => format!("Voor {naam} moet u hier informatie geven aan de gemeente."),
        Kwalificatie::Verbod => format!("{} is hier verboden.", hoofdletter(naam)),
        Kwalificatie::Gebod => format!("Voor {naam} geldt hier een plicht."),
        Kwalificatie::Toegestaan => format!("{} mag hier zonder vergunning of melding.", hoofdletter(naam)),
        Kwalificatie::AndersGeduid | Kwalificatie::Anders(_) => format!("Voor {naam} gelden hier regels."),
    }
}

impl Antwoord {
    /// Fills `samenvatting` from the rest of the answer.
    pub fn vat_samen(&mut self) {
        let mut zinnen: Vec<String> = Vec::new();
        let mut push = |z: String| {
            if !zinnen.contains(&z) {
                zinnen.push(z);
            }
        };
        let mut bestemmingen: Vec<&PlanobjectAntwoord> = self.bestemmingen.iter().collect();
        bestemmingen.sort_by_key(|b| b.soort);
        for b in bestemmingen {
            match b.soort {
                PlanobjectSoort::Dubbelbestemming => push(format!("Hier geldt ook de dubbelbestemming {}.", b.naam)),
                _ => push(format!("Dit is een bestemming {}.", b.naam)),
            }
        }
        if !self.bouwvlakken.is_empty() {
            push("U staat in een bouwvlak.".into());
        } else if !self.bestemmingen.is_empty() {
            push("U staat niet in een bouwvlak.".into());
        }
        let rank = |t: &str| match t {
            "MaximumBouwhoogte" => 0,
            "MaximumGoothoogte" => 1,
            _ => 2,
        };
        let mut normen: Vec<&NormAntwoord> = self.normen.iter().collect();
        normen.sort_by_key(|n| rank(&n.type_));
        for n in normen {
            if let Some(z) = norm_zin(n) {
                push(z);
            }
        }
        for g in &self.gebiedsaanwijzingen {
            push(format!("Dit gebied is aangewezen als {} ({}).", g.naam, crate::norm::label(&g.type_)));
        }
        for a in &self.aanduidingen {
            push(format!("Hier geldt de aanduiding '{}'.", a.naam));
        }
        let mut acts: Vec<&ActiviteitAntwoord> = self.activiteiten.iter().collect();
        acts.sort_by(|a, b| a.kwalificatie.cmp(&b.kwalificatie).then(a.naam.cmp(&b.naam)));
        for a in &acts {
            let soorten = acts
                .iter()
                .filter(|b| b.id == a.id)
                .map(|b| &b.kwalificatie)
                .collect::<std::collections::BTreeSet<_>>();
            if soorten.len() > 1 {
                push(format!(
                    "Of u voor {} een vergunning of melding nodig heeft, hangt af van uw situatie. Doe de vergunningcheck.",
                    a.naam
                ));
            } else {
                push(activiteit_zin(a));
            }
        }
        for p in &self.panden {
            match p.bouwjaar {
                Some(j) if j != 9999 => push(format!("Hier staat een gebouw uit {j}.")),
                _ => push("Hier staat een gebouw.".into()),
            }
        }
        for p in &self.percelen {
            push(format!("Dit is perceel {}.", p.kadastrale_aanduiding));
        }
        if zinnen.is_empty() {
            zinnen.push("Voor deze plek zijn geen regels gevonden.".into());
        }
        self.samenvatting = zinnen;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_use_a_dutch_decimal_comma() {
        assert_eq!(getal(7.0), "7");
        assert_eq!(getal(7.5), "7,5");
    }
}
