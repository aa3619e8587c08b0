//! The decision on an application: its outcome per the law's words, its conditions (voorschriften), and the date
//! until which an objection can be made.

use crate::procedure::BEZWAARTERMIJN;
use serde::{Deserialize, Serialize};
use time::Date;

/// The outcome of a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Uitkomst {
    Verleend,
    DeelsVerleend,
    Geweigerd,
    /// No permit was needed for what was applied for.
    NietVereist,
}

impl Uitkomst {
    pub const ALL: [Uitkomst; 4] =
        [Uitkomst::Verleend, Uitkomst::DeelsVerleend, Uitkomst::Geweigerd, Uitkomst::NietVereist];

    pub fn as_str(self) -> &'static str {
        match self {
            Uitkomst::Verleend => "verleend",
            Uitkomst::DeelsVerleend => "deels_verleend",
            Uitkomst::Geweigerd => "geweigerd",
            Uitkomst::NietVereist => "niet_vereist",
        }
    }

    pub fn parse(s: &str) -> Option<Uitkomst> {
        Uitkomst::ALL.into_iter().find(|u| u.as_str() == s)
    }

    /// Whether the decision permits (some of) the activities, so that it is a permit people can use.
    pub fn is_vergunning(self) -> bool {
        matches!(self, Uitkomst::Verleend | Uitkomst::DeelsVerleend)
    }
}

/// A decision as the official takes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Besluit {
    pub uitkomst: Uitkomst,
    /// Why: the reasoning in plain words (motivering).
    #[cfg_attr(feature = "openapi", schema(min_length = 1))]
    pub motivering: String,
    /// Conditions attached to the permit, in order.
    #[serde(default)]
    pub voorschriften: Vec<String>,
    /// Activities (IMOW ids) the decision permits; for `deels_verleend` a proper subset of those applied for.
    #[serde(default)]
    pub verleende_activiteiten: Vec<String>,
    /// The answer to every view given on the draft decision (the nota van zienswijzen, uitgebreide procedure),
    /// published with the decision: the official's own summary of each view and the answer, never the giver's name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub zienswijzen: Vec<Beantwoording>,
}

/// The answer to one view in the decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Beantwoording {
    /// The view's number on the case (1, 2, …).
    pub nummer: u32,
    /// What the view says, in the official's words.
    pub samenvatting: String,
    /// The answer, and whether the decision changed because of it.
    pub antwoord: String,
}

/// What is wrong with a decision before it may be taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BesluitFout {
    #[error("schrijf waarom u zo beslist (de motivering)")]
    GeenMotivering,
    #[error("bij 'deels verleend' kiest u welke activiteiten wel zijn verleend, niet alle en niet geen")]
    DeelsZonderKeuze,
    #[error("activiteit {0} zit niet in de aanvraag")]
    OnbekendeActiviteit(String),
    #[error("voorschriften horen alleen bij een vergunning die (deels) wordt verleend")]
    VoorschriftenBijWeigering,
}

impl Besluit {
    /// Checks the decision against the activities applied for; fills `verleende_activiteiten` for a full grant.
    pub fn controleer(mut self, aangevraagd: &[String]) -> Result<Besluit, BesluitFout> {
        if self.motivering.trim().is_empty() {
            return Err(BesluitFout::GeenMotivering);
        }
        self.voorschriften.retain(|v| !v.trim().is_empty());
        if let Some(a) = self.verleende_activiteiten.iter().find(|a| !aangevraagd.contains(a)) {
            return Err(BesluitFout::OnbekendeActiviteit(a.clone()));
        }
        match self.uitkomst {
            Uitkomst::Verleend => self.verleende_activiteiten = aangevraagd.to_vec(),
            Uitkomst::DeelsVerleend => {
                let n = self.verleende_activiteiten.len();
                if n == 0 || n >= aangevraagd.len() {
                    return Err(BesluitFout::DeelsZonderKeuze);
                }
            }
            Uitkomst::Geweigerd | Uitkomst::NietVereist => {
                if !self.voorschriften.is_empty() {
                    return Err(BesluitFout::VoorschriftenBijWeigering);
                }
                self.verleende_activiteiten.clear();
            }
        }
        Ok(self)
    }
}

/// The last day an objection (or, after the uitgebreide procedure, an appeal) can be lodged: 6 weeks after the
/// decision was made known (Awb 6:7, 6:8: the term starts the day after publication), moved past a weekend or public
/// holiday (Algemene termijnenwet).
pub fn bezwaar_tot(bekendgemaakt: Date) -> Date {
    crate::kalender::einde(bekendgemaakt.saturating_add(BEZWAARTERMIJN.duur()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn besluit(uitkomst: Uitkomst, verleend: &[&str], voorschriften: &[&str]) -> Besluit {
        Besluit {
            uitkomst,
            motivering: "Het plan past in het omgevingsplan.".into(),
            voorschriften: voorschriften.iter().map(|s| s.to_string()).collect(),
            verleende_activiteiten: verleend.iter().map(|s| s.to_string()).collect(),
            zienswijzen: vec![],
        }
    }

    #[test]
    fn a_full_grant_covers_every_activity_applied_for() {
        let aangevraagd = vec!["a".to_string(), "b".to_string()];
        let b = besluit(Uitkomst::Verleend, &[], &["Bouw binnen 26 weken"]).controleer(&aangevraagd).unwrap();
        assert_eq!(b.verleende_activiteiten, aangevraagd);
    }

    #[test]
    fn a_partial_grant_names_some_but_not_all_activities() {
        let aangevraagd = vec!["a".to_string(), "b".to_string()];
        assert_eq!(
            besluit(Uitkomst::DeelsVerleend, &["a", "b"], &[]).controleer(&aangevraagd),
            Err(BesluitFout::DeelsZonderKeuze)
        );
        assert!(besluit(Uitkomst::DeelsVerleend, &["a"], &[]).controleer(&aangevraagd).is_ok());
        assert_eq!(
            besluit(Uitkomst::DeelsVerleend, &["x"], &[]).controleer(&aangevraagd),
            Err(BesluitFout::OnbekendeActiviteit("x".into()))
        );
    }

    #[test]
    fn a_refusal_has_reasons_and_no_conditions() {
        let aangevraagd = vec!["a".to_string()];
        assert_eq!(
            besluit(Uitkomst::Geweigerd, &[], &["Iets"]).controleer(&aangevraagd),
            Err(BesluitFout::VoorschriftenBijWeigering)
        );
        let mut zonder = besluit(Uitkomst::Geweigerd, &[], &[]);
        zonder.motivering = "  ".into();
        assert_eq!(zonder.controleer(&aangevraagd), Err(BesluitFout::GeenMotivering));
    }

    #[test]
    fn an_objection_can_be_made_until_six_weeks_after_publication() {
        assert_eq!(bezwaar_tot(date!(2026 - 12 - 01)), date!(2027 - 01 - 12));
        assert_eq!(bezwaar_tot(date!(2026 - 11 - 14)), date!(2026 - 12 - 28), "not on Christmas, Boxing Day or Sunday");
    }
}
