//! "Waar moet ik zijn?": which bevoegd gezag and which team handles an activity at a place, from the authorities and
//! teams an administrator configures (`[[host.bevoegd_gezag]]`). No IO: the caller passes the activity and the
//! bevoegde gezagen the imported plans name at the place.
//!
//! [`verwijzing`] is the use case: it reads the activity's name and the bevoegde gezagen from what stip knows at the
//! place and asks the configuration.
//!
//! Order: a configured authority whose code the plan at the place names (or whose `ambtsgebied` box holds the place),
//! then its best team; without a configured match the bevoegd gezag the plan names (without contact details); without
//! that, "contact the municipality". Without a place, the first configured authority (the one running this stip).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The configured authorities. Without any configured, the demo municipality Gemeente Voorbeeldstad (gm9999).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HostConfig {
    pub bevoegd_gezag: Vec<BevoegdGezagConfig>,
}

impl Default for HostConfig {
    fn default() -> Self {
        HostConfig::voorbeeldstad()
    }
}

/// One bevoegd gezag with its general contact details.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BevoegdGezagConfig {
    pub naam: String,
    /// TOOI code as in the plans: `gm0344`, `pv26`, `ws0155`.
    pub code: String,
    pub website: Option<String>,
    pub telefoon: Option<String>,
    pub email: Option<String>,
    pub bezoekadres: Option<String>,
    pub openingstijden: Option<String>,
    /// Optional box around the area (RD New: min x, min y, max x, max y), for places where no imported plan names
    /// an authority.
    pub ambtsgebied: Option<[f64; 4]>,
    #[serde(default)]
    pub team: Vec<TeamConfig>,
    /// The works after a permit: when an unused permit lapses, what the completion notice asks, "Veel succes!".
    #[serde(default)]
    pub realisatie: crate::realisatie::RealisatieConfig,
    /// The participation guide (Participatiegids): what the authority expects of an initiator before applying, per
    /// activity (`[[host.bevoegd_gezag.participatiegids]]`).
    #[serde(default)]
    pub participatiegids: Vec<ParticipatiegidsConfig>,
    /// Hours of work per case by procedure, for the capacity view (`[host.bevoegd_gezag.normtijden]`,
    /// `regulier = 6.0`); a procedure not named takes the default of [`stip_zaak::rapportage::NORMTIJDEN`].
    #[serde(default)]
    pub normtijden: std::collections::BTreeMap<String, f64>,
}

/// The authority's own words on participation for some activities.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ParticipatiegidsConfig {
    /// Which activities it is for, matched as a team's (`bouwen`, a prefix of the identificatie, a word in the
    /// name). Empty: every activity without a more specific guide.
    #[serde(default)]
    pub activiteiten: Vec<String>,
    /// What is expected, in plain words.
    pub verwacht: String,
    /// By when, in words ("voordat u de aanvraag indient").
    pub termijn: Option<String>,
    /// Examples of good participation.
    #[serde(default)]
    pub voorbeelden: Vec<String>,
    /// Whether the authority requires participation for these activities (the application then asks for the
    /// participatieverslag).
    #[serde(default)]
    pub verplicht: bool,
}

/// A desk or team and what it handles.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamConfig {
    pub naam: String,
    pub telefoon: Option<String>,
    pub email: Option<String>,
    /// When and how to reach the team, in a sentence.
    pub bereikbaar: Option<String>,
    /// What it handles: groups (`bouwen`, `kappen`, `milieu`/`bedrijf`, `uitrit`), a prefix of the activity
    /// identificatie (`nl.imow-gm0344.activiteit.`), or a word in the activity's name. Empty: everything.
    #[serde(default)]
    pub activiteiten: Vec<String>,
    /// Only for this part of the ambtsgebied (RD New: min x, min y, max x, max y); absent: the whole ambtsgebied.
    pub bbox: Option<[f64; 4]>,
}

impl HostConfig {
    /// The demo municipality, so that "Waar moet ik zijn?" answers out of the box.
    pub fn voorbeeldstad() -> HostConfig {
        let team = |naam: &str, telefoon: &str, email: &str, activiteiten: &[&str]| TeamConfig {
            naam: naam.into(),
            telefoon: Some(telefoon.into()),
            email: Some(email.into()),
            bereikbaar: Some("Op werkdagen van 9.00 tot 12.00 uur.".into()),
            activiteiten: activiteiten.iter().map(|a| a.to_string()).collect(),
            bbox: None,
        };
        HostConfig {
            bevoegd_gezag: vec![BevoegdGezagConfig {
                naam: "Gemeente Voorbeeldstad".into(),
                code: "gm9999".into(),
                website: Some("https://www.voorbeeldstad.example".into()),
                telefoon: Some("14 9999".into()),
                email: Some("info@voorbeeldstad.example".into()),
                bezoekadres: Some("Stadhuisplein 1, 9999 AA Voorbeeldstad".into()),
                openingstijden: Some("Maandag tot en met vrijdag van 9.00 tot 17.00 uur, alleen op afspraak.".into()),
                ambtsgebied: None,
                realisatie: Default::default(),
                normtijden: Default::default(),
                team: vec![
                    team("Team Vergunningen Bouwen", "14 9999 (keuze 1)", "bouwen@voorbeeldstad.example", &["bouwen"]),
                    team("Team Groen en Bomen", "14 9999 (keuze 2)", "groen@voorbeeldstad.example", &["kappen"]),
                    team(
                        "Team Milieu en Bedrijven",
                        "14 9999 (keuze 3)",
                        "milieu@voorbeeldstad.example",
                        &["milieu", "uitrit"],
                    ),
                    team("Omgevingsloket Voorbeeldstad", "14 9999", "omgevingsloket@voorbeeldstad.example", &[]),
                ],
                participatiegids: vec![ParticipatiegidsConfig {
                    activiteiten: vec!["bouwen".into()],
                    verwacht: "Praat met uw buren voordat u een vergunning aanvraagt. Laat hun uw plan zien, vraag \
                               wat zij ervan vinden en schrijf op wat u met hun reacties doet."
                        .into(),
                    termijn: Some("Voordat u de aanvraag indient. Geef uw buren minstens twee weken.".into()),
                    voorbeelden: vec![
                        "Een brief met uw plan bij de buren in de bus en een avond waarop zij kunnen langskomen."
                            .into(),
                        "Een gesprek aan de keukentafel met de buren aan weerszijden.".into(),
                    ],
                    verplicht: false,
                }],
            }],
        }
    }

    /// Checks the configuration at start; the message names the wrong key, e.g.
    /// `host.bevoegd_gezag[0].team[1].bbox: the minimum must lie below the maximum`.
    pub fn valideer(&self) -> Result<(), String> {
        let mut codes = Vec::new();
        for (i, g) in self.bevoegd_gezag.iter().enumerate() {
            let pad = format!("host.bevoegd_gezag[{i}]");
            if g.naam.trim().is_empty() {
                return Err(format!("{pad}.naam: give the name, e.g. \"Gemeente Voorbeeldstad\""));
            }
            if !geldige_code(&g.code) {
                return Err(format!(
                    "{pad}.code: \"{}\" is no TOOI code; use e.g. gm0344 (gemeente), pv26 (provincie), ws0155 (waterschap)",
                    g.code
                ));
            }
            if codes.contains(&g.code.to_ascii_lowercase()) {
                return Err(format!("{pad}.code: \"{}\" is configured twice", g.code));
            }
            codes.push(g.code.to_ascii_lowercase());
            valideer_email(&format!("{pad}.email"), g.email.as_deref())?;
            if let Some(b) = g.ambtsgebied {
                valideer_bbox(&format!("{pad}.ambtsgebied"), b)?;
            }
            for (j, t) in g.team.iter().enumerate() {
                let pad = format!("{pad}.team[{j}]");
                if t.naam.trim().is_empty() {
                    return Err(format!("{pad}.naam: give the team's name"));
                }
                valideer_email(&format!("{pad}.email"), t.email.as_deref())?;
                if t.activiteiten.iter().any(|a| a.trim().is_empty()) {
                    return Err(format!("{pad}.activiteiten: an empty entry; leave the list empty for everything"));
                }
                if let Some(b) = t.bbox {
                    valideer_bbox(&format!("{pad}.bbox"), b)?;
                }
            }
            for (j, p) in g.participatiegids.iter().enumerate() {
                if p.verwacht.trim().is_empty() {
                    return Err(format!("{pad}.participatiegids[{j}].verwacht: say what you expect of an initiator"));
                }
            }
        }
        Ok(())
    }

    /// The configured authority with this code (`gm9999`, in any case).
    pub fn gezag(&self, code: &str) -> Option<&BevoegdGezagConfig> {
        self.bevoegd_gezag.iter().find(|g| g.code.eq_ignore_ascii_case(code))
    }

    /// Who handles `activiteit` at `plek` (RD New), given the bevoegde gezagen the imported plans name there.
    pub fn verwijs(&self, activiteit: Option<&Activiteit>, plek: Option<(f64, f64)>, plan: &[PlanGezag]) -> Verwijzing {
        let gezag = match plek {
            None => self.bevoegd_gezag.first(),
            Some(p) => plan
                .iter()
                .find_map(|pg| self.gezag(&pg.code))
                .or_else(|| self.bevoegd_gezag.iter().find(|g| g.ambtsgebied.is_some_and(|b| in_bbox(b, p)))),
        };
        let activiteit_naam = activiteit.map(|a| a.naam.clone());
        let Some(gezag) = gezag else {
            // Not configured: the bevoegd gezag the plan names, a municipality first.
            let uit_plan = plan.iter().find(|g| g.code.starts_with("gm")).or(plan.first());
            return match uit_plan {
                Some(g) => Verwijzing {
                    soort: Soort::Plan,
                    bevoegd_gezag: Some(Gezag {
                        naam: g.naam.clone().unwrap_or_else(|| soort_gezag(&g.code).to_string()),
                        code: g.code.clone(),
                        ..Gezag::default()
                    }),
                    team: None,
                    activiteit: activiteit_naam,
                },
                None => {
                    Verwijzing { soort: Soort::Onbekend, bevoegd_gezag: None, team: None, activiteit: activiteit_naam }
                }
            };
        };
        let team = gezag
            .team
            .iter()
            .filter_map(|t| {
                let plaats = match (t.bbox, plek) {
                    (None, _) => 0,
                    (Some(b), Some(p)) if in_bbox(b, p) => 1,
                    _ => return None,
                };
                let score = if t.activiteiten.is_empty() {
                    0
                } else {
                    t.activiteiten.iter().filter_map(|e| activiteit.and_then(|a| past(e, a))).max()?
                };
                Some(((score, plaats), t))
            })
            // the first configured wins among equals
            .fold(None::<((u8, u8), &TeamConfig)>, |best, (k, t)| match best {
                Some((bk, _)) if bk >= k => best,
                _ => Some((k, t)),
            })
            .map(|(_, t)| Team {
                naam: t.naam.clone(),
                telefoon: t.telefoon.clone(),
                email: t.email.clone(),
                bereikbaar: t.bereikbaar.clone(),
            });
        Verwijzing {
            soort: if team.is_some() { Soort::Team } else { Soort::BevoegdGezag },
            bevoegd_gezag: Some(Gezag {
                naam: gezag.naam.clone(),
                code: gezag.code.to_ascii_lowercase(),
                website: gezag.website.clone(),
                telefoon: gezag.telefoon.clone(),
                email: gezag.email.clone(),
                bezoekadres: gezag.bezoekadres.clone(),
                openingstijden: gezag.openingstijden.clone(),
            }),
            team,
            activiteit: activiteit_naam,
        }
    }
}

impl BevoegdGezagConfig {
    /// The participation guide for `activiteit`: the best-fitting entry (as for a team), else one for every activity.
    pub fn gids(&self, activiteit: Option<&Activiteit>) -> Option<&ParticipatiegidsConfig> {
        let mut best: Option<(u8, &ParticipatiegidsConfig)> = None;
        for p in &self.participatiegids {
            let score = if p.activiteiten.is_empty() {
                0
            } else {
                match p.activiteiten.iter().filter_map(|e| activiteit.and_then(|a| past(e, a))).max() {
                    Some(s) => s,
                    None => continue,
                }
            };
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, p));
            }
        }
        best.map(|(_, p)| p)
    }
}

/// How well a team's entry fits an activity: 3 a prefix of its identificatie, 2 a word in its name, 1 a group.
fn past(entry: &str, a: &Activiteit) -> Option<u8> {
    let e = entry.trim().to_lowercase();
    let naam = a.naam.to_lowercase();
    if a.id.to_lowercase().starts_with(&e) {
        return Some(3);
    }
    if stip_zaak::activiteitgroep::bekend(&e) {
        let hoort = |t: &str| stip_zaak::activiteitgroep::hoort_bij(&e, t);
        return (hoort(&naam) || hoort(&a.id)).then_some(1);
    }
    naam.contains(&e).then_some(2)
}

fn in_bbox(b: [f64; 4], (x, y): (f64, f64)) -> bool {
    x >= b[0] && y >= b[1] && x <= b[2] && y <= b[3]
}

fn geldige_code(code: &str) -> bool {
    let c = code.to_ascii_lowercase();
    ["gm", "pv", "ws", "mnre"]
        .iter()
        .any(|p| c.strip_prefix(p).is_some_and(|rest| !rest.is_empty() && rest.chars().all(|ch| ch.is_ascii_digit())))
}

fn valideer_email(pad: &str, email: Option<&str>) -> Result<(), String> {
    match email {
        Some(e) if !e.contains('@') || e.contains(char::is_whitespace) => {
            Err(format!("{pad}: \"{e}\" is no e-mail address"))
        }
        _ => Ok(()),
    }
}

fn valideer_bbox(pad: &str, b: [f64; 4]) -> Result<(), String> {
    if b.iter().any(|v| !v.is_finite()) {
        return Err(format!("{pad}: give four numbers (RD New metres: min x, min y, max x, max y)"));
    }
    if b[0] >= b[2] || b[1] >= b[3] {
        return Err(format!("{pad}: the minimum must lie below the maximum ([min x, min y, max x, max y])"));
    }
    Ok(())
}

/// The activity asked about: its identificatie (or what was typed) and its name.
#[derive(Debug, Clone)]
pub struct Activiteit {
    pub id: String,
    pub naam: String,
}

/// A bevoegd gezag the imported plan at the place names.
#[derive(Debug, Clone)]
pub struct PlanGezag {
    pub code: String,
    pub naam: Option<String>,
}

/// Where to go.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Verwijzing {
    /// `team`: a configured team handles it; `bevoegdGezag`: the configured authority, no team for this activity;
    /// `plan`: the bevoegd gezag the plan names (stip has no contact details for it); `onbekend`: contact the
    /// municipality.
    pub soort: Soort,
    #[serde(rename = "bevoegdGezag")]
    pub bevoegd_gezag: Option<Gezag>,
    pub team: Option<Team>,
    /// The activity's name, when one was asked about.
    pub activiteit: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum Soort {
    Team,
    BevoegdGezag,
    Plan,
    Onbekend,
}

impl Soort {
    pub fn as_str(self) -> &'static str {
        match self {
            Soort::Team => "team",
            Soort::BevoegdGezag => "bevoegdGezag",
            Soort::Plan => "plan",
            Soort::Onbekend => "onbekend",
        }
    }
}

/// A bevoegd gezag's contact details.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct Gezag {
    pub naam: String,
    pub code: String,
    pub website: Option<String>,
    pub telefoon: Option<String>,
    pub email: Option<String>,
    pub bezoekadres: Option<String>,
    pub openingstijden: Option<String>,
}

/// A team's contact details.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Team {
    pub naam: String,
    pub telefoon: Option<String>,
    pub email: Option<String>,
    pub bereikbaar: Option<String>,
}

/// An authority whose name is unknown, in words by the kind its code names (`gm0297` → "de gemeente"): a page never
/// shows the code itself.
pub fn soort_gezag(code: &str) -> &'static str {
    match code.get(..2).map(str::to_ascii_lowercase).as_deref() {
        Some("gm") => "de gemeente",
        Some("pv") => "de provincie",
        Some("ws") => "het waterschap",
        Some("mn") => "het Rijk",
        _ => "de overheid die hier beslist",
    }
}

/// Who handles an activity at a place: on `kennis` (activity names, the bevoegd gezag the plans name) and the
/// configured desks; the function behind the API, the pages and a new application.
pub fn verwijzing(
    app: &crate::App,
    kennis: &crate::Kennis,
    activiteit: Option<&str>,
    plek: Option<stip_geo::RdPoint>,
) -> Verwijzing {
    let plan: Vec<PlanGezag> = plek
        .map(|p| {
            kennis
                .regels
                .at_point(p)
                .bevoegd_gezag
                .into_iter()
                .map(|g| PlanGezag { code: g.code, naam: g.naam })
                .collect()
        })
        .unwrap_or_default();
    let activiteit = activiteit.map(str::trim).filter(|a| !a.is_empty()).map(|a| {
        let naam = kennis.sttr.activiteit_info(a).map(|c| c.naam.clone());
        Activiteit { id: a.to_string(), naam: naam.unwrap_or_else(|| a.to_string()) }
    });
    app.host().verwijs(activiteit.as_ref(), plek.map(|p| (p.x(), p.y())), &plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn act(id: &str, naam: &str) -> Activiteit {
        Activiteit { id: id.into(), naam: naam.into() }
    }

    fn gm9999() -> Vec<PlanGezag> {
        vec![PlanGezag { code: "gm9999".into(), naam: Some("Voorbeeldstad".into()) }]
    }

    #[test]
    fn a_dormer_in_voorbeeldstad_goes_to_the_building_team() {
        let v = HostConfig::default().verwijs(
            Some(&act("nl.imow-gm9999.activiteit.dakkapel", "Dakkapel plaatsen")),
            Some((1.0, 1.0)),
            &gm9999(),
        );
        assert_eq!(v.soort, Soort::Team);
        assert_eq!(v.team.unwrap().naam, "Team Vergunningen Bouwen");
        assert_eq!(v.bevoegd_gezag.unwrap().code, "gm9999");
    }

    #[test]
    fn felling_a_tree_goes_to_the_green_team_and_anything_else_to_the_desk() {
        let c = HostConfig::default();
        let boom = c.verwijs(Some(&act("x", "Een boom kappen")), None, &[]);
        assert_eq!(boom.team.unwrap().naam, "Team Groen en Bomen");
        let anders = c.verwijs(Some(&act("x", "Een evenement organiseren")), None, &[]);
        assert_eq!(anders.team.unwrap().naam, "Omgevingsloket Voorbeeldstad");
    }

    #[test]
    fn an_identificatie_prefix_beats_a_group_and_a_bbox_team_only_serves_its_part() {
        let mut c = HostConfig::default();
        c.bevoegd_gezag[0].team.insert(
            0,
            TeamConfig {
                naam: "Team Binnenstad".into(),
                telefoon: None,
                email: None,
                bereikbaar: None,
                activiteiten: vec!["bouwen".into()],
                bbox: Some([0.0, 0.0, 10.0, 10.0]),
            },
        );
        c.bevoegd_gezag[0].team.push(TeamConfig {
            naam: "Team Speciaal".into(),
            telefoon: None,
            email: None,
            bereikbaar: None,
            activiteiten: vec!["nl.imow-gm9999.activiteit.".into()],
            bbox: None,
        });
        let dakkapel = act("nl.imow-gm0001.activiteit.1", "dakkapel bouwen");
        assert_eq!(c.verwijs(Some(&dakkapel), Some((5.0, 5.0)), &gm9999()).team.unwrap().naam, "Team Binnenstad");
        assert_eq!(
            c.verwijs(Some(&dakkapel), Some((50.0, 5.0)), &gm9999()).team.unwrap().naam,
            "Team Vergunningen Bouwen"
        );
        let eigen = act("nl.imow-gm9999.activiteit.1", "dakkapel bouwen");
        assert_eq!(c.verwijs(Some(&eigen), Some((5.0, 5.0)), &gm9999()).team.unwrap().naam, "Team Speciaal");
    }

    #[test]
    fn an_authority_stip_does_not_know_falls_back_to_the_plan_then_to_the_municipality() {
        let c = HostConfig::default();
        let plan = vec![
            PlanGezag { code: "pv26".into(), naam: Some("Provincie Utrecht".into()) },
            PlanGezag { code: "gm0344".into(), naam: Some("Utrecht".into()) },
        ];
        let v = c.verwijs(None, Some((1.0, 1.0)), &plan);
        assert_eq!(v.soort, Soort::Plan);
        assert_eq!(v.bevoegd_gezag.unwrap().code, "gm0344", "a municipality first");
        let naamloos = c.verwijs(None, Some((1.0, 1.0)), &[PlanGezag { code: "gm0297".into(), naam: None }]);
        assert_eq!(naamloos.bevoegd_gezag.unwrap().naam, "de gemeente", "a person never reads the code gm0297");
        let niets = c.verwijs(None, Some((1.0, 1.0)), &[]);
        assert_eq!(niets.soort, Soort::Onbekend);
        assert!(niets.bevoegd_gezag.is_none());
    }

    #[test]
    fn the_demo_configuration_is_valid_and_mistakes_name_their_key() {
        HostConfig::default().valideer().unwrap();
        let mut c = HostConfig::default();
        c.bevoegd_gezag[0].code = "Voorbeeldstad".into();
        assert!(c.valideer().unwrap_err().starts_with("host.bevoegd_gezag[0].code:"));
        let mut c = HostConfig::default();
        c.bevoegd_gezag[0].team[1].bbox = Some([10.0, 0.0, 1.0, 5.0]);
        assert!(c.valideer().unwrap_err().starts_with("host.bevoegd_gezag[0].team[1].bbox:"));
    }
}
