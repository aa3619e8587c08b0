//! The Vergunningcheck at a place: one step on the STTR toepasbare regels with location questions answered from the
//! map and known building data offered as answers, each action with the procedure that follows it; and the
//! activities that can be checked, those with rules at the place first.

use crate::fout::Fout;
use crate::kennis::{KaartResolver, Kennis};
use serde::Serialize;
use std::collections::BTreeMap;
use stip_geo::RdPoint;
use stip_sttr::{ActiviteitConclusie, CheckRequest, CheckState, Locatie, Suggestie, Vraag};
use stip_zaak::procedure::{Procedure, Samenvatting};
use utoipa::ToSchema;

/// One step of the check: the next question (`status` `vraag`) or the outcome (`status` `conclusie`).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(tag = "status", rename_all = "camelCase")]
pub enum CheckStap {
    /// The next question.
    Vraag { vraag: Vraag },
    /// Every chosen activity is decided: the conclusions (strictest first), what to do, and related activities.
    #[serde(rename_all = "camelCase")]
    Conclusie { conclusies: Vec<ActiviteitConclusie>, actielijst: Vec<Actiepunt>, suggesties: Vec<Suggestie> },
}

/// One item of the action list, with the procedure that follows it (its name, term and legal ground).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Actiepunt {
    #[serde(flatten)]
    pub wat: stip_sttr::Actie,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub procedure: Option<Samenvatting>,
}

impl std::ops::Deref for Actiepunt {
    type Target = stip_sttr::Actie;

    fn deref(&self) -> &stip_sttr::Actie {
        &self.wat
    }
}

impl From<CheckState> for CheckStap {
    fn from(s: CheckState) -> CheckStap {
        match s {
            CheckState::Vraag { vraag } => CheckStap::Vraag { vraag },
            CheckState::Conclusie { conclusies, actielijst, suggesties } => CheckStap::Conclusie {
                conclusies,
                actielijst: actielijst
                    .into_iter()
                    .map(|wat| Actiepunt { procedure: Procedure::voor(wat.conclusie).samenvatting(), wat })
                    .collect(),
                suggesties,
            },
        }
    }
}

/// One check step on what stip knows, with location questions answered from the map: the function behind the API
/// and the pages.
pub fn check(
    kennis: &Kennis,
    activiteiten: Vec<String>,
    plek: Option<RdPoint>,
    antwoorden: BTreeMap<String, serde_json::Value>,
) -> Result<CheckStap, Fout> {
    let locatie = plek.map(|p| Locatie { x: p.x(), y: p.y() });
    let geo = KaartResolver::new(&kennis.regels);
    let req = CheckRequest { activiteiten, antwoorden, locatie, geo: &geo };
    let mut state = stip_sttr::step(&kennis.sttr, &req)?;
    if let (CheckState::Vraag { vraag }, Some(p)) = (&mut state, plek) {
        stip_sttr::vul_voor(vraag, &bekend_op(&geo, p));
    }
    Ok(state.into())
}

/// What the BAG and BRK say about the building and parcel at a place, to offer as answers (from the same point
/// query the location questions use).
fn bekend_op(geo: &KaartResolver, p: RdPoint) -> stip_sttr::Bekend {
    let hier = geo.at(p);
    stip_sttr::Bekend {
        bouwjaar: hier.panden.first().and_then(|p| p.bouwjaar),
        perceeloppervlakte: hier.percelen.first().and_then(|p| p.kadastrale_grootte),
        gebruiksoppervlakte: None,
    }
}

/// A checkable activity.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CheckActiviteit {
    /// IMOW activity id.
    pub id: String,
    pub naam: String,
    /// Everyday words for the work this covers ("dakkapel plaatsen"), from the STTR activity.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub werkzaamheden: Vec<String>,
    /// With a place: why it is suggested there — the plan at that place has rules for this activity (or for the
    /// activity it belongs to). Suggested activities come first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hier: Option<String>,
}

/// The activities the Vergunningcheck can check (those with conclusion rules), by name; only those matching every
/// word of `zoek` (the catalogue's search, [`stip_sttr::Catalog::zoek`]); with a place, those the plan there has rules
/// for first, with the reason.
pub fn checkbare_activiteiten(kennis: &Kennis, plek: Option<RdPoint>, zoek: &str) -> Vec<CheckActiviteit> {
    // activity id at the place (itself and every parent) → the rule that names it
    let mut hier: BTreeMap<String, String> = BTreeMap::new();
    if let Some(p) = plek {
        let antwoord = kennis.regels.at_point(p);
        for a in &antwoord.activiteiten {
            let plan = antwoord.plannen.iter().find(|p| p.id == a.plan).map_or(a.plan.as_str(), |p| p.titel.as_str());
            let reden = format!("{} ({plan})", a.naam.as_str());
            hier.entry(a.id.as_str().to_string()).or_insert_with(|| reden.clone());
            for ouder in a.bovenliggende.iter() {
                hier.entry(ouder.id.as_str().to_string()).or_insert_with(|| reden.clone());
            }
        }
    }
    let mut lijst: Vec<CheckActiviteit> = kennis
        .sttr
        .zoek(zoek)
        .into_iter()
        .map(|a| CheckActiviteit {
            hier: hier.get(&a.id).cloned(),
            werkzaamheden: a.werkzaamheden.iter().map(|w| stip_regels::norm::in_woorden(w)).collect(),
            id: a.id.clone(),
            naam: a.naam.clone(),
        })
        .collect();
    lijst.sort_by_key(|a| a.hier.is_none());
    lijst
}
