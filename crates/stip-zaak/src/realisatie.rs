//! Realisatie: from a usable permit to finished work — the start notice (at least two working days ahead), the
//! completion notice, changes during the works judged against the permit (Wijzigingsprint), the lapse of a permit
//! left unused, and the aftercare conversation asked for afterwards. A sub-fold of the case, like the objection.

use crate::kalender::werkdagen_na;
use serde::{Deserialize, Serialize};
use time::{Date, Duration};
use uuid::Uuid;

/// Working days a start notice must come before the works start (Bouwbesluit/Bbl art. 2.19 lid 1).
pub const STARTMELDING_WERKDAGEN: u32 = 2;

/// How a change during the works relates to the permit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum WijzigingOordeel {
    /// Every norm is still met and nothing the permit is about changes: build it, the official confirms.
    #[serde(rename = "past binnen vergunning")]
    PastBinnenVergunning,
    /// A norm is no longer met, the use changes, or it cannot be told: a new permit is needed first.
    #[serde(rename = "nieuwe vergunning nodig")]
    NieuweVergunningNodig,
}

/// One difference between the permitted plan and the changed one, in words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Verschil {
    /// What differs: `bouwhoogte`, `goothoogte`, `oppervlakte`, `functie`, or the norm (`MaximumBouwhoogte`, …).
    pub onderwerp: String,
    /// Plain Dutch: what it was, what it becomes, and what the rules allow.
    pub tekst: String,
    /// Whether this difference is why a new permit is needed.
    pub bezwaarlijk: bool,
}

/// A plan's measures as far as a change is judged on them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Maten {
    pub bouwhoogte: Option<f64>,
    pub goothoogte: Option<f64>,
    pub oppervlakte_m2: Option<f64>,
    pub functie: Option<String>,
}

/// What the plan check said of the changed plan, per norm.
#[derive(Debug, Clone, PartialEq)]
pub struct Normuitkomst {
    pub soort: String,
    /// `past`, `niet te bepalen` or `past niet`.
    pub oordeel: String,
    /// The plan check's own plain-Dutch sentence.
    pub toelichting: String,
    /// The plan's field that was not given, when that is why the norm could not be told.
    pub ontbreekt: Option<String>,
}

/// Judges a change: a norm not met, a norm that cannot be told, or another use makes a new permit needed; the
/// measures that changed are named either way.
pub fn beoordeel(vergund: &Maten, nieuw: &Maten, normen: &[Normuitkomst]) -> (WijzigingOordeel, Vec<Verschil>) {
    let mut verschillen = Vec::new();
    for n in normen {
        match n.oordeel.as_str() {
            "past niet" => verschillen.push(Verschil {
                onderwerp: n.soort.clone(),
                tekst: n.toelichting.clone(),
                bezwaarlijk: true,
            }),
            // A field the change does not give (the number of storeys of a shed) leaves the permit's own judgement
            // of it standing; a norm that cannot be told for another reason is not taken as met.
            "niet te bepalen" => verschillen.push(Verschil {
                onderwerp: n.soort.clone(),
                tekst: format!("Niet getoetst: {}", n.toelichting),
                bezwaarlijk: n.ontbreekt.is_none(),
            }),
            _ => {}
        }
    }
    let maat = |onderwerp: &str, naam: &str, eenheid: &str, was: Option<f64>, wordt: Option<f64>| {
        let (Some(was), Some(wordt)) = (was, wordt) else { return None };
        if (was - wordt).abs() < 0.005 {
            return None;
        }
        let richting = if wordt > was { "hoger" } else { "lager" };
        let richting = if eenheid == "m²" { if wordt > was { "groter" } else { "kleiner" } } else { richting };
        Some(Verschil {
            onderwerp: onderwerp.to_string(),
            tekst: format!(
                "{naam}: vergund {} {eenheid}, nu {} {eenheid} ({} {eenheid} {richting}).",
                getal(was),
                getal(wordt),
                getal((wordt - was).abs())
            ),
            bezwaarlijk: false,
        })
    };
    verschillen.extend(maat("bouwhoogte", "Bouwhoogte", "m", vergund.bouwhoogte, nieuw.bouwhoogte));
    verschillen.extend(maat("goothoogte", "Goothoogte", "m", vergund.goothoogte, nieuw.goothoogte));
    verschillen.extend(maat("oppervlakte", "Oppervlakte", "m²", vergund.oppervlakte_m2, nieuw.oppervlakte_m2));
    let functie = |f: &Option<String>| f.as_deref().map(|s| s.trim().to_lowercase()).filter(|s| !s.is_empty());
    if let (Some(was), Some(wordt)) = (functie(&vergund.functie), functie(&nieuw.functie))
        && was != wordt
    {
        verschillen.push(Verschil {
            onderwerp: "functie".into(),
            tekst: format!(
                "Gebruik: vergund voor {was}, nu {wordt}. Voor ander gebruik is een nieuwe vergunning nodig."
            ),
            bezwaarlijk: true,
        });
    }
    let oordeel = if verschillen.iter().any(|v| v.bezwaarlijk) {
        WijzigingOordeel::NieuweVergunningNodig
    } else {
        WijzigingOordeel::PastBinnenVergunning
    };
    (oordeel, verschillen)
}

/// A number in Dutch: `3`, `2,5`, `12,25`.
fn getal(v: f64) -> String {
    let s = format!("{:.2}", (v * 100.0).round() / 100.0);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.replace('.', ",")
}

/// The start notice.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Start {
    #[serde(with = "crate::datum")]
    pub startdatum: Date,
    /// Who carries out the works (the builder, or "in eigen beheer").
    pub uitvoerder: String,
    #[serde(with = "crate::datum")]
    pub gemeld: Date,
}

/// The completion notice.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Gereed {
    #[serde(with = "crate::datum")]
    pub gereed: Date,
    #[serde(with = "crate::datum")]
    pub gemeld: Date,
    pub documenten: Vec<Uuid>,
}

/// A change reported during the works, with its judgement.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Wijziging {
    pub nummer: u32,
    pub oordeel: WijzigingOordeel,
    pub verschillen: Vec<Verschil>,
    #[serde(with = "crate::datum")]
    pub gemeld: Date,
    /// The day the official confirmed a change that fits.
    #[serde(with = "crate::datum::option")]
    pub bevestigd: Option<Date>,
}

/// Where the works stand.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Realisatie {
    pub start: Option<Start>,
    pub gereed: Option<Gereed>,
    pub wijzigingen: Vec<Wijziging>,
    /// An aftercare conversation asked for and not yet held (its question).
    pub nazorg: Option<String>,
    /// The aftercare conversations held.
    pub nazorg_gehad: u32,
}

/// Why a realisation step cannot happen now. The texts are Dutch, for the holder or official who tried.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RealisatieFout {
    #[error("er is (nog) geen vergunning om te gebruiken: dat kan pas als een verleende vergunning is bekendgemaakt")]
    GeenVergunning,
    #[error(
        "meld de start ten minste twee werkdagen van tevoren: de bouw kan op zijn vroegst beginnen op {}",
        crate::tekst::datum(*.0, false)
    )]
    StartTeVroeg(Date),
    #[error("de bouw is al begonnen op {}; de start kan niet meer worden verzet", crate::tekst::datum(*.0, false))]
    AlBegonnen(Date),
    #[error("meld eerst de start van de bouw")]
    NietGestart,
    #[error("de gereedmelding is al gedaan op {}", crate::tekst::datum(*.0, false))]
    AlGereed(Date),
    #[error("de datum van gereedkomen ligt tussen de start ({}) en vandaag", crate::tekst::datum(*.0, false))]
    OngeldigeGereeddatum(Date),
    #[error("er is geen wijziging {0} bij deze zaak")]
    OnbekendeWijziging(u32),
    #[error("wijziging {0} past niet binnen de vergunning; daarvoor is een nieuwe vergunning nodig")]
    WijzigingPastNiet(u32),
    #[error("wijziging {0} is al bevestigd")]
    AlBevestigd(u32),
    #[error("de wijzigingen worden genummerd: de volgende is {0}")]
    Nummering(u32),
    #[error("nazorg kan na de gereedmelding")]
    NogNietGereed,
    #[error("er staat al een vraag om nazorg open")]
    NazorgLoopt,
    #[error("er staat geen vraag om nazorg open")]
    GeenNazorg,
    #[error("vul in wie de bouw uitvoert (of \"in eigen beheer\")")]
    GeenUitvoerder,
}

impl Realisatie {
    /// Checks a start notice made on `vandaag` for `startdatum`.
    pub fn controleer_start(&self, startdatum: Date, uitvoerder: &str, vandaag: Date) -> Result<(), RealisatieFout> {
        if let Some(g) = &self.gereed {
            return Err(RealisatieFout::AlGereed(g.gereed));
        }
        if let Some(s) = &self.start
            && s.startdatum <= vandaag
        {
            return Err(RealisatieFout::AlBegonnen(s.startdatum));
        }
        if uitvoerder.trim().is_empty() {
            return Err(RealisatieFout::GeenUitvoerder);
        }
        let vroegst = vroegste_start(vandaag);
        if startdatum < vroegst {
            return Err(RealisatieFout::StartTeVroeg(vroegst));
        }
        Ok(())
    }

    /// Checks a completion notice made on `vandaag` for works finished on `gereed`.
    pub fn controleer_gereed(&self, gereed: Date, vandaag: Date) -> Result<(), RealisatieFout> {
        let start = self.start.as_ref().ok_or(RealisatieFout::NietGestart)?;
        if let Some(g) = &self.gereed {
            return Err(RealisatieFout::AlGereed(g.gereed));
        }
        if gereed < start.startdatum || gereed > vandaag {
            return Err(RealisatieFout::OngeldigeGereeddatum(start.startdatum));
        }
        Ok(())
    }

    /// Checks a change numbered `nummer`.
    pub fn controleer_wijziging(&self, nummer: u32) -> Result<(), RealisatieFout> {
        if let Some(g) = &self.gereed {
            return Err(RealisatieFout::AlGereed(g.gereed));
        }
        let volgende = self.volgende_wijziging();
        if nummer != volgende {
            return Err(RealisatieFout::Nummering(volgende));
        }
        Ok(())
    }

    /// Checks the official's confirmation of change `nummer`.
    pub fn controleer_bevestiging(&self, nummer: u32) -> Result<(), RealisatieFout> {
        let w = self.wijziging(nummer).ok_or(RealisatieFout::OnbekendeWijziging(nummer))?;
        if w.oordeel != WijzigingOordeel::PastBinnenVergunning {
            return Err(RealisatieFout::WijzigingPastNiet(nummer));
        }
        if w.bevestigd.is_some() {
            return Err(RealisatieFout::AlBevestigd(nummer));
        }
        Ok(())
    }

    /// Checks a request for an aftercare conversation.
    pub fn controleer_nazorg(&self) -> Result<(), RealisatieFout> {
        if self.gereed.is_none() {
            return Err(RealisatieFout::NogNietGereed);
        }
        if self.nazorg.is_some() {
            return Err(RealisatieFout::NazorgLoopt);
        }
        Ok(())
    }

    pub fn wijziging(&self, nummer: u32) -> Option<&Wijziging> {
        self.wijzigingen.iter().find(|w| w.nummer == nummer)
    }

    /// The number the next reported change gets.
    pub fn volgende_wijziging(&self) -> u32 {
        self.wijzigingen.len() as u32 + 1
    }

    /// Whether the works run on `vandaag`: started and not finished.
    pub fn loopt(&self, vandaag: Date) -> bool {
        self.start.as_ref().is_some_and(|s| s.startdatum <= vandaag) && self.gereed.is_none()
    }
}

/// The first day works may start when the notice is made on `vandaag`.
pub fn vroegste_start(vandaag: Date) -> Date {
    werkdagen_na(vandaag, STARTMELDING_WERKDAGEN)
}

/// The day an unused permit lapses: `weken` after it became usable (made known).
pub fn vervalt_op(bruikbaar_sinds: Date, weken: u16) -> Date {
    bruikbaar_sinds.saturating_add(Duration::weeks(weken.into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn norm(soort: &str, oordeel: &str, toelichting: &str) -> Normuitkomst {
        Normuitkomst { soort: soort.into(), oordeel: oordeel.into(), toelichting: toelichting.into(), ontbreekt: None }
    }

    #[test]
    fn a_change_that_keeps_every_norm_fits_the_permit_and_names_what_changed() {
        let vergund = Maten { bouwhoogte: Some(6.0), oppervlakte_m2: Some(20.0), ..Maten::default() };
        let nieuw = Maten { bouwhoogte: Some(6.5), oppervlakte_m2: Some(20.0), ..Maten::default() };
        let (oordeel, verschillen) = beoordeel(&vergund, &nieuw, &[norm("MaximumBouwhoogte", "past", "past")]);
        assert_eq!(oordeel, WijzigingOordeel::PastBinnenVergunning);
        assert_eq!(verschillen.len(), 1);
        assert_eq!(verschillen[0].tekst, "Bouwhoogte: vergund 6 m, nu 6,5 m (0,5 m hoger).");
        assert!(!verschillen[0].bezwaarlijk);
    }

    #[test]
    fn a_norm_no_longer_met_or_another_use_needs_a_new_permit_and_says_why() {
        let vergund = Maten { bouwhoogte: Some(6.0), functie: Some("wonen".into()), ..Maten::default() };
        let nieuw = Maten { bouwhoogte: Some(12.0), functie: Some("Bedrijf".into()), ..Maten::default() };
        let te_hoog = norm("MaximumBouwhoogte", "past niet", "De bouwhoogte is 12 m; toegestaan is 10 m.");
        let (oordeel, verschillen) = beoordeel(&vergund, &nieuw, &[te_hoog]);
        assert_eq!(oordeel, WijzigingOordeel::NieuweVergunningNodig);
        let onderwerpen: Vec<_> = verschillen.iter().map(|v| (v.onderwerp.as_str(), v.bezwaarlijk)).collect();
        assert_eq!(onderwerpen, [("MaximumBouwhoogte", true), ("bouwhoogte", false), ("functie", true)]);
        assert!(verschillen[2].tekst.contains("wonen") && verschillen[2].tekst.contains("bedrijf"));
    }

    #[test]
    fn a_norm_that_cannot_be_told_is_not_taken_as_fitting_unless_only_a_field_the_change_leaves_out_is_missing() {
        let onbepaald = norm("Gebruik", "niet te bepalen", "Onduidelijk welke regel geldt.");
        let (oordeel, _) = beoordeel(&Maten::default(), &Maten::default(), &[onbepaald]);
        assert_eq!(oordeel, WijzigingOordeel::NieuweVergunningNodig);
        let lagen = Normuitkomst {
            ontbreekt: Some("bouwlagen".into()),
            ..norm("MaximumAantalBouwlagen", "niet te bepalen", "Geef de bouwlagen op.")
        };
        let (oordeel, verschillen) = beoordeel(&Maten::default(), &Maten::default(), &[lagen]);
        assert_eq!(oordeel, WijzigingOordeel::PastBinnenVergunning);
        assert_eq!(verschillen[0].tekst, "Niet getoetst: Geef de bouwlagen op.");
    }

    #[test]
    fn a_start_less_than_two_working_days_ahead_is_refused_with_the_first_possible_day() {
        let r = Realisatie::default();
        // Thursday 3 December 2026: two working days later is Monday 7 December.
        let vandaag = date!(2026 - 12 - 03);
        assert_eq!(
            r.controleer_start(date!(2026 - 12 - 04), "Bouwbedrijf", vandaag),
            Err(RealisatieFout::StartTeVroeg(date!(2026 - 12 - 07)))
        );
        assert_eq!(r.controleer_start(date!(2026 - 12 - 07), "Bouwbedrijf", vandaag), Ok(()));
        assert_eq!(r.controleer_start(date!(2026 - 12 - 07), " ", vandaag), Err(RealisatieFout::GeenUitvoerder));
        let tekst = RealisatieFout::StartTeVroeg(date!(2026 - 12 - 07)).to_string();
        assert!(tekst.contains("7 december 2026"), "{tekst}");
    }

    #[test]
    fn a_start_can_be_moved_until_the_works_began_and_completion_needs_a_start() {
        let mut r = Realisatie::default();
        assert_eq!(r.controleer_gereed(date!(2026 - 12 - 03), date!(2026 - 12 - 03)), Err(RealisatieFout::NietGestart));
        r.start =
            Some(Start { startdatum: date!(2026 - 12 - 10), uitvoerder: "X".into(), gemeld: date!(2026 - 12 - 03) });
        assert_eq!(r.controleer_start(date!(2026 - 12 - 14), "X", date!(2026 - 12 - 04)), Ok(()));
        assert_eq!(
            r.controleer_start(date!(2026 - 12 - 20), "X", date!(2026 - 12 - 10)),
            Err(RealisatieFout::AlBegonnen(date!(2026 - 12 - 10)))
        );
        assert_eq!(
            r.controleer_gereed(date!(2026 - 12 - 09), date!(2026 - 12 - 20)),
            Err(RealisatieFout::OngeldigeGereeddatum(date!(2026 - 12 - 10)))
        );
        assert_eq!(r.controleer_gereed(date!(2026 - 12 - 18), date!(2026 - 12 - 20)), Ok(()));
        assert!(r.loopt(date!(2026 - 12 - 11)));
    }

    #[test]
    fn only_a_fitting_change_is_confirmed_and_only_once() {
        let mut r = Realisatie::default();
        assert_eq!(r.controleer_wijziging(2), Err(RealisatieFout::Nummering(1)));
        r.wijzigingen.push(Wijziging {
            nummer: 1,
            oordeel: WijzigingOordeel::NieuweVergunningNodig,
            verschillen: vec![],
            gemeld: date!(2026 - 12 - 03),
            bevestigd: None,
        });
        assert_eq!(r.controleer_bevestiging(1), Err(RealisatieFout::WijzigingPastNiet(1)));
        assert_eq!(r.controleer_bevestiging(2), Err(RealisatieFout::OnbekendeWijziging(2)));
    }

    #[test]
    fn an_unused_permit_lapses_the_configured_weeks_after_it_became_usable() {
        assert_eq!(vervalt_op(date!(2026 - 01 - 05), 52), date!(2027 - 01 - 04));
    }
}
