//! The public notice (bekendmaking) of a case, as neighbours read it: an application received, a draft decision open
//! for views, a decision, a decision on objection — where, which activities, the dates and terms with their article,
//! and what the reader can do now. Built from the case's fold, the submitted application and the stored notice's
//! facts, and never from what the applicant typed (name, e-mail, title, description): activity names and the address
//! only.

use crate::aanvraag::Aanvraag;
use crate::besluit::bezwaar_tot;
use crate::procedure::{BEZWAARTERMIJN, Procedure, ZIENSWIJZE_TERMIJN};
use crate::tekst;
use crate::zaak::Zaak;
use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

/// What kind of notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = BekendmakingSoort))]
#[serde(rename_all = "snake_case")]
pub enum Soort {
    /// An application was received (kennisgeving).
    Aanvraag,
    /// A draft decision lies open for views (uitgebreide procedure).
    Ontwerpbesluit,
    /// The decision was made known.
    Besluit,
    /// The decision on an objection was made known.
    BeslissingOpBezwaar,
}

impl Soort {
    pub const ALLE: [Soort; 4] = [Soort::Aanvraag, Soort::Ontwerpbesluit, Soort::Besluit, Soort::BeslissingOpBezwaar];

    pub fn as_str(self) -> &'static str {
        match self {
            Soort::Aanvraag => "aanvraag",
            Soort::Ontwerpbesluit => "ontwerpbesluit",
            Soort::Besluit => "besluit",
            Soort::BeslissingOpBezwaar => "beslissing_op_bezwaar",
        }
    }

    pub fn parse(s: &str) -> Option<Soort> {
        Soort::ALLE.into_iter().find(|k| k.as_str() == s)
    }
}

/// The place of a notice as GeoJSON geometries: the drawn plan's outline when there is one, else the point.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = BekendmakingPlek))]
pub struct Plek {
    /// In RD New (EPSG:28992).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub rd: serde_json::Value,
    /// In WGS84 (longitude, latitude), for the map.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub wgs84: serde_json::Value,
}

/// What the store and the app know beside the case: the notice's own facts and the authority's name.
#[derive(Debug, Clone)]
pub struct Feiten<'a> {
    pub id: Uuid,
    pub zaak_id: Uuid,
    pub zaaknummer: &'a str,
    pub soort: Soort,
    /// The day it was made known.
    pub datum: Date,
    pub bevoegd_gezag: &'a str,
    /// The authority's name ("Gemeente Voorbeeldstad").
    pub gemeente: Option<&'a str>,
    pub plek: Option<Plek>,
}

/// The terms that run from this notice, each with the article that sets it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = BekendmakingTermijnen))]
#[serde(rename_all = "camelCase")]
pub struct Termijnen {
    /// The last day to give a view on the draft decision.
    #[serde(with = "crate::datum::option", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub zienswijzen_tot: Option<Date>,
    /// The last day to object (after the reguliere procedure).
    #[serde(with = "crate::datum::option", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub bezwaar_tot: Option<Date>,
    /// The last day to appeal to the court (after the uitgebreide procedure, or a decision on objection).
    #[serde(with = "crate::datum::option", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub beroep_tot: Option<Date>,
    /// The law that sets the term ("Algemene wet bestuursrecht, artikel 6:7").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grondslag: Option<String>,
}

/// Something the reader can do now.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = BekendmakingMogelijkheid))]
pub struct Mogelijkheid {
    /// `volgen`, `zienswijze`, `bezwaar` or `beroep`.
    pub soort: &'static str,
    /// What it is and how, in plain Dutch.
    pub tekst: String,
    /// Where to do it in stip, if there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

/// A public notice, as anyone may read it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Bekendmaking {
    pub id: Uuid,
    pub soort: Soort,
    /// The case's id.
    pub zaak: Uuid,
    pub zaaknummer: String,
    /// The day it was made known.
    #[serde(with = "crate::datum")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub datum: Date,
    /// One line for people ("Besluit: dakkapel plaatsen op Dorpsstraat 12").
    pub titel: String,
    /// What happened, in plain Dutch.
    pub tekst: String,
    /// The address it is about.
    pub plaats: Option<String>,
    /// The authority's name.
    pub gemeente: Option<String>,
    /// The authority's code (`gm9999`).
    pub bevoegd_gezag: String,
    /// The activities by name.
    pub activiteiten: Vec<String>,
    /// `regulier` or `uitgebreid`.
    pub procedure: String,
    /// For a (draft) decision: `verleend`, `deels_verleend`, `geweigerd` or `niet_vereist`; for a decision on an
    /// objection: `niet_ontvankelijk`, `ongegrond`, `deels_gegrond` or `gegrond`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uitkomst: Option<String>,
    /// Where: the drawn plan's outline, else the point.
    pub locatie: Option<Plek>,
    pub termijnen: Termijnen,
    /// What the reader can do now (on the day asked).
    pub mogelijkheden: Vec<Mogelijkheid>,
}

fn uitkomst_in_woorden(uitkomst: &str, ontwerp: bool) -> &'static str {
    match (uitkomst, ontwerp) {
        ("verleend", true) => "is van plan de vergunning te verlenen",
        ("deels_verleend", true) => "is van plan de vergunning voor een deel te verlenen",
        ("geweigerd", true) => "is van plan de vergunning te weigeren",
        (_, true) => "is van plan te besluiten dat er geen vergunning nodig is",
        ("verleend", false) => "heeft de vergunning verleend",
        ("deels_verleend", false) => "heeft de vergunning voor een deel verleend",
        ("geweigerd", false) => "heeft de vergunning geweigerd",
        (_, false) => "heeft besloten dat er geen vergunning nodig is",
    }
}

/// The notice of `feiten` about the case `zaak` (its fold) with its submitted `aanvraag`, as read on `vandaag`.
pub fn bekendmaking(feiten: Feiten<'_>, zaak: &Zaak, aanvraag: &Aanvraag, vandaag: Date) -> Bekendmaking {
    let activiteiten: Vec<String> = aanvraag.activiteiten.iter().map(|a| a.naam.clone()).collect();
    let plaats = aanvraag.locatie.as_ref().and_then(|l| l.adres.clone());
    let wat = tekst::activiteiten(&activiteiten);
    let waar = plaats.as_ref().map(|p| format!(" op {p}")).unwrap_or_default();
    let gemeente = feiten.gemeente.unwrap_or("De gemeente");
    let datum = |d: Date| tekst::datum(d, false);
    let uitgebreid = zaak.procedure == Procedure::Uitgebreid;
    let link = |pad: &str| Some(format!("/zaken/{}/{pad}", feiten.zaak_id));
    let mut termijnen = Termijnen::default();
    let mut mogelijkheden = Vec::new();
    let mut uitkomst = None;
    let (titel, tekst) = match feiten.soort {
        Soort::Aanvraag => (
            format!("Aanvraag ontvangen: {wat}{waar}"),
            format!(
                "{gemeente} heeft op {} een aanvraag om een omgevingsvergunning ontvangen voor {wat}{waar}. {}",
                datum(feiten.datum),
                if uitgebreid {
                    "De gemeente maakt eerst een ontwerpbesluit. Dat ligt daarna 6 weken ter inzage; dan kunt u \
                     zeggen wat u ervan vindt."
                } else {
                    "De gemeente beslist meestal binnen 8 weken. Tegen dit bericht kunt u nog niets doen; als er een \
                     besluit is, kunt u bezwaar maken als u het er niet mee eens bent."
                }
            ),
        ),
        Soort::Ontwerpbesluit => {
            let tot = zaak.zienswijzen_tot();
            termijnen.zienswijzen_tot = tot;
            termijnen.grondslag = Some(ZIENSWIJZE_TERMIJN.grondslag.to_string());
            uitkomst = zaak.ontwerpbesluit.as_ref().map(|o| o.besluit.uitkomst.as_str().to_string());
            let plan = uitkomst_in_woorden(uitkomst.as_deref().unwrap_or("verleend"), true);
            if let Some(tot) = tot.filter(|t| vandaag <= *t) {
                mogelijkheden.push(Mogelijkheid {
                    soort: "zienswijze",
                    tekst: format!(
                        "Geef uw zienswijze: laat tot en met {} weten wat u van het ontwerpbesluit vindt. Dat kan \
                         iedereen.",
                        datum(tot)
                    ),
                    link: link("zienswijze"),
                });
            }
            (
                format!("Ontwerpbesluit ter inzage: {wat}{waar}"),
                format!(
                    "{gemeente} {plan} voor {wat}{waar}. Het ontwerpbesluit ligt vanaf {} 6 weken ter inzage{}.",
                    datum(feiten.datum),
                    tot.map(|t| format!(", tot en met {}", datum(t))).unwrap_or_default()
                ),
            )
        }
        Soort::Besluit => {
            let tot = bezwaar_tot(feiten.datum);
            uitkomst = zaak.besluit.as_ref().map(|b| b.besluit.uitkomst.as_str().to_string());
            let besloten = uitkomst_in_woorden(uitkomst.as_deref().unwrap_or("verleend"), false);
            let open = vandaag <= tot;
            let vervolg = if uitgebreid {
                termijnen.beroep_tot = Some(tot);
                termijnen.grondslag = Some(format!("{}; artikel 6:13 (beroep)", BEZWAARTERMIJN.grondslag));
                if open {
                    mogelijkheden.push(Mogelijkheid {
                        soort: "beroep",
                        tekst: format!(
                            "Bezwaar maken kan niet na deze procedure. Gaf u een zienswijze op het ontwerpbesluit? Dan \
                             kunt u tot en met {} in beroep gaan bij de rechtbank.",
                            datum(tot)
                        ),
                        link: None,
                    });
                }
                format!("Wie een zienswijze gaf, kan tot en met {} in beroep gaan bij de rechtbank.", datum(tot))
            } else {
                termijnen.bezwaar_tot = Some(tot);
                termijnen.grondslag = Some(BEZWAARTERMIJN.grondslag.to_string());
                if open {
                    mogelijkheden.push(Mogelijkheid {
                        soort: "bezwaar",
                        tekst: format!(
                            "Bent u het niet eens met het besluit en raakt het u rechtstreeks, bijvoorbeeld als buur? \
                             Dan kunt u tot en met {} bezwaar maken.",
                            datum(tot)
                        ),
                        link: link("bezwaar"),
                    });
                }
                format!("Wie het er niet mee eens is, kan tot en met {} bezwaar maken.", datum(tot))
            };
            (
                format!("Besluit: {wat}{waar}"),
                format!(
                    "{gemeente} {besloten} voor {wat}{waar}. Het besluit is bekendgemaakt op {}. {vervolg}",
                    datum(feiten.datum)
                ),
            )
        }
        Soort::BeslissingOpBezwaar => {
            let tot = bezwaar_tot(feiten.datum);
            termijnen.beroep_tot = Some(tot);
            termijnen.grondslag = Some(BEZWAARTERMIJN.grondslag.to_string());
            if vandaag <= tot {
                mogelijkheden.push(Mogelijkheid {
                    soort: "beroep",
                    tekst: format!(
                        "Maakte u bezwaar en bent u het niet eens met deze beslissing? Dan kunt u tot en met {} in \
                         beroep gaan bij de rechtbank.",
                        datum(tot)
                    ),
                    link: None,
                });
            }
            // The objection made known that day (its decision; never who objected).
            let beslissing = zaak
                .bezwaren
                .iter()
                .filter(|b| b.bekendgemaakt == Some(feiten.datum))
                .find_map(|b| b.beslissing.as_ref());
            uitkomst = beslissing.map(|b| b.uitkomst.as_str().to_string());
            let gevolg = match beslissing {
                Some(b) if b.uitkomst.herroept() => format!(
                    " Het bezwaar is {}: het besluit is herroepen{}.",
                    b.uitkomst.in_woorden(),
                    b.nieuw_besluit
                        .as_ref()
                        .map(|n| format!(
                            " en in de plaats daarvan {}",
                            uitkomst_in_woorden(n.uitkomst.as_str(), false)
                        ))
                        .unwrap_or_default()
                ),
                Some(b) => format!(" Het bezwaar is {}: het besluit blijft zoals het was.", b.uitkomst.in_woorden()),
                None => String::new(),
            };
            (
                format!("Beslissing op bezwaar: {wat}{waar}"),
                format!(
                    "{gemeente} heeft op {} beslist op een bezwaar tegen het besluit over {wat}{waar}.{gevolg}",
                    datum(feiten.datum)
                ),
            )
        }
    };
    mogelijkheden.push(Mogelijkheid {
        soort: "volgen",
        tekst: "Volg deze zaak: u krijgt bericht bij elke volgende stap.".into(),
        link: Some(format!("/bekendmakingen/{}#volg-kop", feiten.id)),
    });
    Bekendmaking {
        id: feiten.id,
        soort: feiten.soort,
        zaak: feiten.zaak_id,
        zaaknummer: feiten.zaaknummer.to_string(),
        datum: feiten.datum,
        titel,
        tekst,
        plaats,
        gemeente: feiten.gemeente.map(str::to_string),
        bevoegd_gezag: feiten.bevoegd_gezag.to_string(),
        activiteiten,
        procedure: zaak.procedure.soort().to_string(),
        uitkomst,
        locatie: feiten.plek,
        termijnen,
        mogelijkheden,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aanvraag::{AanvraagActiviteit, Betrokkene, Locatie};
    use crate::besluit::{Besluit, Uitkomst};
    use crate::gebeurtenis::{Gebeurtenis, GebeurtenisSoort};
    use time::macros::{date, datetime};

    fn aanvraag() -> Aanvraag {
        Aanvraag {
            titel: "Mijn geheime dakkapel van Jan".into(),
            omschrijving: "Jan Jansen wil een dakkapel.".into(),
            locatie: Some(Locatie { adres: Some("Dorpsstraat 12".into()), x: 1.0, y: 2.0, perceel: None }),
            activiteiten: vec![AanvraagActiviteit { naam: "Dakkapel plaatsen".into(), ..Default::default() }],
            betrokkenen: vec![Betrokkene {
                naam: "Jan Jansen".into(),
                email: "jan@example.nl".into(),
                ..Default::default()
            }],
            ..Aanvraag::default()
        }
    }

    fn zaak(procedure: &str, verder: Vec<(i64, GebeurtenisSoort)>) -> Zaak {
        let begin = datetime!(2026-01-05 10:00 UTC);
        let mut g = vec![Gebeurtenis {
            volgnummer: 1,
            soort: GebeurtenisSoort::Ingediend { procedure: procedure.into() },
            door: None,
            door_naam: "Jan Jansen".into(),
            op: begin,
        }];
        for (dag, soort) in verder {
            let volgnummer = g.len() as i64 + 1;
            g.push(Gebeurtenis {
                volgnummer,
                soort,
                door: None,
                door_naam: "B".into(),
                op: begin + time::Duration::days(dag),
            });
        }
        Zaak::uit(&g).unwrap()
    }

    fn besluit() -> Besluit {
        Besluit {
            uitkomst: Uitkomst::Verleend,
            motivering: "Past.".into(),
            voorschriften: vec![],
            verleende_activiteiten: vec![],
            zienswijzen: vec![],
        }
    }

    fn neem() -> GebeurtenisSoort {
        GebeurtenisSoort::InBehandelingGenomen { behandelaar: Uuid::nil(), behandelaar_naam: "B".into(), team: None }
    }

    fn feiten(soort: Soort, datum: Date) -> Feiten<'static> {
        Feiten {
            id: Uuid::nil(),
            zaak_id: Uuid::max(),
            zaaknummer: "Z-2026-000001",
            soort,
            datum,
            bevoegd_gezag: "gm9999",
            gemeente: Some("Gemeente Voorbeeldstad"),
            plek: None,
        }
    }

    #[test]
    fn a_notice_names_the_activities_and_address_and_never_what_the_applicant_typed() {
        let z = zaak("regulier", vec![]);
        let b = bekendmaking(feiten(Soort::Aanvraag, date!(2026 - 01 - 05)), &z, &aanvraag(), date!(2026 - 01 - 06));
        assert_eq!(b.titel, "Aanvraag ontvangen: dakkapel plaatsen op Dorpsstraat 12");
        let json = serde_json::to_string(&b).unwrap();
        for geheim in ["Jan", "jan@example.nl", "geheime"] {
            assert!(!json.contains(geheim), "{geheim} in {json}");
        }
        assert_eq!(b.mogelijkheden.iter().map(|m| m.soort).collect::<Vec<_>>(), ["volgen"]);
    }

    #[test]
    fn a_draft_offers_a_view_until_its_last_day_and_not_after() {
        let z =
            zaak("uitgebreid", vec![(1, neem()), (30, GebeurtenisSoort::OntwerpbesluitGenomen { besluit: besluit() })]);
        let tot = z.zienswijzen_tot().unwrap();
        let f = || feiten(Soort::Ontwerpbesluit, date!(2026 - 02 - 04));
        let open = bekendmaking(f(), &z, &aanvraag(), tot);
        assert_eq!(open.termijnen.zienswijzen_tot, Some(tot));
        assert_eq!(open.termijnen.grondslag.as_deref(), Some("Algemene wet bestuursrecht, artikel 3:16"));
        let zienswijze = open.mogelijkheden.iter().find(|m| m.soort == "zienswijze").unwrap();
        assert_eq!(zienswijze.link.as_deref(), Some(format!("/zaken/{}/zienswijze", Uuid::max()).as_str()));
        let dicht = bekendmaking(f(), &z, &aanvraag(), tot.next_day().unwrap());
        assert!(dicht.mogelijkheden.iter().all(|m| m.soort != "zienswijze"));
        assert_eq!(dicht.termijnen.zienswijzen_tot, Some(tot), "the term stays on record");
    }

    #[test]
    fn after_a_regular_decision_one_objects_and_after_the_extended_procedure_one_appeals() {
        let gepubliceerd = date!(2026 - 01 - 26);
        let regulier = zaak(
            "regulier",
            vec![
                (1, neem()),
                (20, GebeurtenisSoort::BesluitGenomen { besluit: besluit() }),
                (21, GebeurtenisSoort::Bekendgemaakt { datum: gepubliceerd }),
            ],
        );
        let b = bekendmaking(feiten(Soort::Besluit, gepubliceerd), &regulier, &aanvraag(), gepubliceerd);
        assert_eq!(b.termijnen.bezwaar_tot, Some(date!(2026 - 03 - 09)));
        assert_eq!(b.termijnen.beroep_tot, None);
        assert_eq!(b.uitkomst.as_deref(), Some("verleend"));
        assert!(b.mogelijkheden.iter().any(|m| m.soort == "bezwaar" && m.link.is_some()));
        let laat = bekendmaking(feiten(Soort::Besluit, gepubliceerd), &regulier, &aanvraag(), date!(2026 - 03 - 10));
        assert!(laat.mogelijkheden.iter().all(|m| m.soort != "bezwaar"));

        let uitgebreid = zaak("uitgebreid", vec![(1, neem())]);
        let b = bekendmaking(feiten(Soort::Besluit, gepubliceerd), &uitgebreid, &aanvraag(), gepubliceerd);
        assert_eq!((b.termijnen.bezwaar_tot, b.termijnen.beroep_tot), (None, Some(date!(2026 - 03 - 09))));
        assert!(b.mogelijkheden.iter().all(|m| m.soort != "bezwaar"));
        assert!(b.mogelijkheden.iter().any(|m| m.soort == "beroep"));
    }

    #[test]
    fn every_kind_reads_back_from_its_stored_name() {
        for s in Soort::ALLE {
            assert_eq!(Soort::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        assert_eq!(Soort::parse("melding"), None);
    }
}
