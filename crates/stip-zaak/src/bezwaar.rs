//! The objection (bezwaar) against a published decision, as its own case: received in time or late (Awb 6:7, 6:8,
//! 6:11), the informal call within 5 working days, a mediation meeting or hearing (Awb 7:2), the decision term of 6 or
//! — with an advisory committee — 12 weeks counted from the day after the objection term ended (Awb 7:10 lid 1), one
//! extension of at most 6 weeks (Awb 7:10 lid 3), withdrawal (Awb 6:21), the decision on the objection (Awb 7:11,
//! 7:12) and the appeal term after it is made known (Awb 6:7). Folded from the events of the decided case that carry
//! the objection's id; no IO.

use crate::besluit::{Besluit, bezwaar_tot};
use crate::gebeurtenis::GebeurtenisSoort;
use crate::procedure::Termijn;
use serde::{Deserialize, Serialize};
use time::{Date, Duration, OffsetDateTime};
use uuid::Uuid;

/// The decision term on an objection without an advisory committee.
pub const BESLISTERMIJN_BEZWAAR: Termijn =
    Termijn { weken: 6, verlenging_weken: Some(6), grondslag: "Algemene wet bestuursrecht, artikel 7:10" };
/// The decision term on an objection with an advisory committee (bezwaarcommissie).
pub const BESLISTERMIJN_BEZWAAR_COMMISSIE: Termijn =
    Termijn { weken: 12, verlenging_weken: Some(6), grondslag: "Algemene wet bestuursrecht, artikel 7:10" };
/// Working days within which the municipality calls the objector (the informal approach).
pub const BELLEN_BINNEN_WERKDAGEN: u32 = 5;

/// Where an objection stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BezwaarStatus {
    Ontvangen,
    /// A call, meeting or hearing is planned or held.
    InBehandeling,
    /// Decided, not yet made known.
    Beslist,
    /// The decision on the objection is made known; the appeal term runs.
    Bekendgemaakt,
    Ingetrokken,
}

impl BezwaarStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            BezwaarStatus::Ontvangen => "ontvangen",
            BezwaarStatus::InBehandeling => "in_behandeling",
            BezwaarStatus::Beslist => "beslist",
            BezwaarStatus::Bekendgemaakt => "bekendgemaakt",
            BezwaarStatus::Ingetrokken => "ingetrokken",
        }
    }
}

/// The decision on an objection (Awb 7:11): not admissible, unfounded, partly or wholly founded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BezwaarUitkomst {
    NietOntvankelijk,
    Ongegrond,
    DeelsGegrond,
    Gegrond,
}

impl BezwaarUitkomst {
    pub const ALL: [BezwaarUitkomst; 4] = [
        BezwaarUitkomst::NietOntvankelijk,
        BezwaarUitkomst::Ongegrond,
        BezwaarUitkomst::DeelsGegrond,
        BezwaarUitkomst::Gegrond,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            BezwaarUitkomst::NietOntvankelijk => "niet_ontvankelijk",
            BezwaarUitkomst::Ongegrond => "ongegrond",
            BezwaarUitkomst::DeelsGegrond => "deels_gegrond",
            BezwaarUitkomst::Gegrond => "gegrond",
        }
    }

    pub fn parse(s: &str) -> Option<BezwaarUitkomst> {
        BezwaarUitkomst::ALL.into_iter().find(|u| u.as_str() == s)
    }

    /// Whether the decision is reconsidered: revoked, and where needed replaced (Awb 7:11 lid 2).
    pub fn herroept(self) -> bool {
        matches!(self, BezwaarUitkomst::DeelsGegrond | BezwaarUitkomst::Gegrond)
    }

    /// In words, for a sentence: "Het bezwaar is {ongegrond}".
    pub fn in_woorden(self) -> &'static str {
        match self {
            BezwaarUitkomst::NietOntvankelijk => "niet-ontvankelijk",
            BezwaarUitkomst::Ongegrond => "ongegrond",
            BezwaarUitkomst::DeelsGegrond => "deels gegrond",
            BezwaarUitkomst::Gegrond => "gegrond",
        }
    }
}

/// The kind of a planned meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AfspraakSoort {
    /// The informal call (telephone) about the objection.
    Gesprek,
    /// A mediation meeting with the objector and the applicant.
    Mediation,
    /// The hearing (hoorzitting, Awb 7:2) with all parties.
    Hoorzitting,
}

impl AfspraakSoort {
    pub fn in_woorden(self) -> &'static str {
        match self {
            AfspraakSoort::Gesprek => "gesprek over het bezwaar",
            AfspraakSoort::Mediation => "mediationgesprek",
            AfspraakSoort::Hoorzitting => "hoorzitting",
        }
    }
}

/// A planned meeting: when and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Afspraak {
    pub soort: AfspraakSoort,
    #[serde(with = "time::serde::rfc3339")]
    pub begin: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub eind: OffsetDateTime,
    /// Where: an address and room, or "telefonisch", or a video link.
    pub plaats: String,
}

/// A report of a call, meeting or hearing, added to the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Verslag {
    #[serde(with = "crate::datum")]
    pub datum: Date,
    pub tekst: String,
}

/// The decision on the objection.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BeslissingOpBezwaar {
    pub uitkomst: BezwaarUitkomst,
    pub motivering: String,
    #[serde(with = "crate::datum")]
    pub datum: Date,
    /// The decision taken in place of the revoked one, if one was needed.
    pub nieuw_besluit: Option<Besluit>,
}

/// Why a step on an objection cannot be taken now. Dutch, for the official or objector who tried.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BezwaarFout {
    #[error("dit kan niet als het bezwaar de status '{0}' heeft")]
    NietInDezeStatus(&'static str),
    #[error("een afspraak eindigt na het begin")]
    AfspraakOmgekeerd,
    #[error("een afspraak wordt in de toekomst gepland")]
    AfspraakVoorbij,
    #[error("schrijf wat er besproken is")]
    LeegVerslag,
    #[error("de beslistermijn op dit bezwaar is al een keer verlengd")]
    AlVerlengd,
    #[error("de beslistermijn op een bezwaar kan één keer worden verlengd met ten hoogste 6 weken")]
    TeLangVerlengd,
    #[error("verlengen kan alleen voordat de beslistermijn op het bezwaar is verstreken")]
    TermijnVerstreken,
    #[error("er is al een adviescommissie voor dit bezwaar")]
    AlCommissie,
    #[error("schrijf waarom u zo beslist (de motivering)")]
    GeenMotivering,
    #[error("alleen bij een (deels) gegrond bezwaar komt er een nieuw besluit in de plaats van het oude")]
    NieuwBesluitZonderGegrond,
    #[error("de datum van bekendmaking kan niet voor de beslissing of in de toekomst liggen")]
    OngeldigeBekendmaking,
}

/// One objection as it stands after its events.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Bezwaar {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub id: Uuid,
    /// `Z-2026-000012-B1`: the case number with the objection's number on it.
    pub nummer: String,
    #[serde(with = "crate::datum")]
    pub ontvangen: Date,
    /// Received after the objection term ended; the official decides whether that is excusable (Awb 6:11).
    pub te_laat: bool,
    /// The last day of the objection term.
    #[serde(with = "crate::datum")]
    pub bezwaartermijn_tot: Date,
    pub status: BezwaarStatus,
    pub adviescommissie: bool,
    pub verlengd_weken: u16,
    pub afspraken: Vec<Afspraak>,
    pub verslagen: Vec<Verslag>,
    pub beslissing: Option<BeslissingOpBezwaar>,
    #[serde(with = "crate::datum::option")]
    pub bekendgemaakt: Option<Date>,
    #[serde(with = "crate::datum::option")]
    pub ingetrokken: Option<Date>,
}

impl Bezwaar {
    /// An objection received on `ontvangen` against a decision whose objection term ends on `bezwaartermijn_tot`.
    pub fn nieuw(id: Uuid, nummer: String, ontvangen: Date, bezwaartermijn_tot: Date) -> Bezwaar {
        Bezwaar {
            id,
            nummer,
            ontvangen,
            te_laat: ontvangen > bezwaartermijn_tot,
            bezwaartermijn_tot,
            status: BezwaarStatus::Ontvangen,
            adviescommissie: false,
            verlengd_weken: 0,
            afspraken: Vec::new(),
            verslagen: Vec::new(),
            beslissing: None,
            bekendgemaakt: None,
            ingetrokken: None,
        }
    }

    /// The decision term that applies: 6 weeks, or 12 with an advisory committee.
    pub fn beslistermijn(&self) -> Termijn {
        if self.adviescommissie { BESLISTERMIJN_BEZWAAR_COMMISSIE } else { BESLISTERMIJN_BEZWAAR }
    }

    /// The last day to decide: the term counts from the day after the objection term ended (for a late objection:
    /// from the day after it came in), plus the extension, moved past a weekend or holiday (Atw).
    pub fn uiterste_beslisdatum(&self) -> Date {
        let vanaf = self.bezwaartermijn_tot.max(self.ontvangen);
        crate::kalender::einde(
            vanaf
                .saturating_add(self.beslistermijn().duur())
                .saturating_add(Duration::weeks(self.verlengd_weken.into())),
        )
    }

    /// The day by which the municipality calls the objector (5 working days after receipt).
    pub fn bellen_voor(&self) -> Date {
        crate::kalender::werkdagen_na(self.ontvangen, BELLEN_BINNEN_WERKDAGEN)
    }

    /// Whether the objection still runs: received and not withdrawn nor decided and made known.
    pub fn loopt(&self) -> bool {
        matches!(self.status, BezwaarStatus::Ontvangen | BezwaarStatus::InBehandeling | BezwaarStatus::Beslist)
    }

    /// The last day to appeal to the court against the decision on the objection.
    pub fn beroep_tot(&self) -> Option<Date> {
        self.bekendgemaakt.map(bezwaar_tot)
    }

    /// Whether `soort` is a step on this objection.
    pub fn gaat_over(&self, soort: &GebeurtenisSoort) -> bool {
        soort.bezwaar() == Some(self.id)
    }

    /// Checks whether step `soort` may happen on `vandaag`; returns the objection's status after it.
    pub fn controleer(&self, soort: &GebeurtenisSoort, vandaag: Date) -> Result<BezwaarStatus, BezwaarFout> {
        use BezwaarStatus as S;
        use GebeurtenisSoort as G;
        let nu = self.status;
        let niet = || BezwaarFout::NietInDezeStatus(nu.as_str());
        let lopend = matches!(nu, S::Ontvangen | S::InBehandeling);
        match soort {
            G::BezwaarAfspraakGepland { afspraak, .. } => {
                if !lopend {
                    return Err(niet());
                }
                if afspraak.eind <= afspraak.begin {
                    return Err(BezwaarFout::AfspraakOmgekeerd);
                }
                if afspraak.begin.date() < vandaag {
                    return Err(BezwaarFout::AfspraakVoorbij);
                }
                Ok(S::InBehandeling)
            }
            G::BezwaarVerslag { tekst, .. } => {
                if !lopend {
                    return Err(niet());
                }
                if tekst.trim().is_empty() {
                    return Err(BezwaarFout::LeegVerslag);
                }
                Ok(S::InBehandeling)
            }
            G::BezwaarAdviescommissie { .. } => {
                if !lopend {
                    return Err(niet());
                }
                if self.adviescommissie {
                    return Err(BezwaarFout::AlCommissie);
                }
                Ok(nu)
            }
            G::BezwaarTermijnVerlengd { weken, .. } => {
                if !lopend {
                    return Err(niet());
                }
                if self.verlengd_weken > 0 {
                    return Err(BezwaarFout::AlVerlengd);
                }
                if *weken == 0 || *weken > self.beslistermijn().verlenging_weken.unwrap_or(0) {
                    return Err(BezwaarFout::TeLangVerlengd);
                }
                if vandaag > self.uiterste_beslisdatum() {
                    return Err(BezwaarFout::TermijnVerstreken);
                }
                Ok(nu)
            }
            G::BezwaarIngetrokken { .. } => {
                if lopend {
                    Ok(S::Ingetrokken)
                } else {
                    Err(niet())
                }
            }
            G::BezwaarBeslist { uitkomst, motivering, nieuw_besluit, .. } => {
                if !lopend {
                    return Err(niet());
                }
                if motivering.trim().is_empty() {
                    return Err(BezwaarFout::GeenMotivering);
                }
                if nieuw_besluit.is_some() && !uitkomst.herroept() {
                    return Err(BezwaarFout::NieuwBesluitZonderGegrond);
                }
                Ok(S::Beslist)
            }
            G::BezwaarBekendgemaakt { datum, .. } => {
                let Some(b) = self.beslissing.as_ref().filter(|_| nu == S::Beslist) else { return Err(niet()) };
                if *datum < b.datum || *datum > vandaag {
                    return Err(BezwaarFout::OngeldigeBekendmaking);
                }
                Ok(S::Bekendgemaakt)
            }
            _ => Ok(nu),
        }
    }

    /// Applies a step already checked (or read back) that happened on `dag`.
    pub fn pas_toe(&mut self, soort: &GebeurtenisSoort, dag: Date) {
        use GebeurtenisSoort as G;
        let nieuw = self.controleer(soort, dag).unwrap_or(self.status);
        match soort {
            G::BezwaarAfspraakGepland { afspraak, .. } => self.afspraken.push(afspraak.clone()),
            G::BezwaarVerslag { tekst, .. } => self.verslagen.push(Verslag { datum: dag, tekst: tekst.clone() }),
            G::BezwaarAdviescommissie { .. } => self.adviescommissie = true,
            G::BezwaarTermijnVerlengd { weken, .. } => self.verlengd_weken = *weken,
            G::BezwaarIngetrokken { .. } => self.ingetrokken = Some(dag),
            G::BezwaarBeslist { uitkomst, motivering, nieuw_besluit, .. } => {
                self.beslissing = Some(BeslissingOpBezwaar {
                    uitkomst: *uitkomst,
                    motivering: motivering.clone(),
                    datum: dag,
                    nieuw_besluit: nieuw_besluit.clone(),
                })
            }
            G::BezwaarBekendgemaakt { datum, .. } => self.bekendgemaakt = Some(*datum),
            _ => {}
        }
        self.status = nieuw;
    }

    /// The steps an official can take now (by [`GebeurtenisSoort::naam`]), asked of [`Bezwaar::controleer`] with the
    /// most lenient example of each.
    pub fn mogelijke_stappen(&self, vandaag: Date) -> Vec<&'static str> {
        let bezwaar = self.id;
        let morgen = vandaag.midnight().assume_utc() + Duration::days(1);
        let voorbeelden = [
            GebeurtenisSoort::BezwaarAfspraakGepland {
                bezwaar,
                afspraak: Afspraak {
                    soort: AfspraakSoort::Hoorzitting,
                    begin: morgen,
                    eind: morgen + Duration::hours(1),
                    plaats: String::new(),
                },
            },
            GebeurtenisSoort::BezwaarVerslag { bezwaar, tekst: "-".into() },
            GebeurtenisSoort::BezwaarAdviescommissie { bezwaar },
            GebeurtenisSoort::BezwaarTermijnVerlengd { bezwaar, weken: 1, reden: String::new() },
            GebeurtenisSoort::BezwaarIngetrokken { bezwaar, reden: String::new() },
            GebeurtenisSoort::BezwaarBeslist {
                bezwaar,
                uitkomst: BezwaarUitkomst::Ongegrond,
                motivering: "-".into(),
                nieuw_besluit: None,
            },
            GebeurtenisSoort::BezwaarBekendgemaakt { bezwaar, datum: vandaag },
        ];
        voorbeelden.iter().filter(|s| self.controleer(s, vandaag).is_ok()).map(|s| s.naam()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    fn bezwaar(ontvangen: Date) -> Bezwaar {
        // The decision was made known on Tuesday 1 December 2026: the objection term ends Tuesday 12 January 2027.
        Bezwaar::nieuw(Uuid::nil(), "Z-2026-000001-B1".into(), ontvangen, date!(2027 - 01 - 12))
    }

    #[test]
    fn an_objection_on_the_last_day_is_in_time_and_one_a_day_later_is_late() {
        assert!(!bezwaar(date!(2027 - 01 - 12)).te_laat);
        assert!(bezwaar(date!(2027 - 01 - 13)).te_laat);
    }

    #[test]
    fn the_decision_term_counts_six_weeks_from_the_day_after_the_objection_term_or_twelve_with_a_committee() {
        let mut b = bezwaar(date!(2026 - 12 - 10));
        // 12 January + 6 weeks = Tuesday 23 February 2027.
        assert_eq!(b.uiterste_beslisdatum(), date!(2027 - 02 - 23));
        b.pas_toe(&GebeurtenisSoort::BezwaarAdviescommissie { bezwaar: b.id }, date!(2026 - 12 - 11));
        assert_eq!(b.uiterste_beslisdatum(), date!(2027 - 04 - 06));
        b.pas_toe(
            &GebeurtenisSoort::BezwaarTermijnVerlengd { bezwaar: b.id, weken: 6, reden: "advies".into() },
            date!(2027 - 01 - 20),
        );
        assert_eq!(b.uiterste_beslisdatum(), date!(2027 - 05 - 18));
        assert_eq!(
            b.controleer(
                &GebeurtenisSoort::BezwaarTermijnVerlengd { bezwaar: b.id, weken: 1, reden: String::new() },
                date!(2027 - 01 - 21)
            ),
            Err(BezwaarFout::AlVerlengd)
        );
    }

    #[test]
    fn a_late_objection_gets_its_term_from_the_day_it_came_in() {
        let b = bezwaar(date!(2027 - 01 - 20));
        assert_eq!(b.uiterste_beslisdatum(), date!(2027 - 03 - 03));
    }

    #[test]
    fn the_call_is_due_within_five_working_days_skipping_the_weekend_and_christmas() {
        // Wednesday 23 December 2026: Thursday 24, Monday 28, Tuesday 29, Wednesday 30, Thursday 31.
        assert_eq!(bezwaar(date!(2026 - 12 - 23)).bellen_voor(), date!(2026 - 12 - 31));
    }

    #[test]
    fn a_hearing_is_planned_in_the_future_and_ends_after_it_begins() {
        let b = bezwaar(date!(2026 - 12 - 10));
        let plan = |begin: OffsetDateTime, eind: OffsetDateTime| GebeurtenisSoort::BezwaarAfspraakGepland {
            bezwaar: b.id,
            afspraak: Afspraak { soort: AfspraakSoort::Hoorzitting, begin, eind, plaats: "Stadhuis".into() },
        };
        let vandaag = date!(2026 - 12 - 11);
        assert_eq!(
            b.controleer(&plan(datetime!(2026-12-20 10:00 UTC), datetime!(2026-12-20 09:00 UTC)), vandaag),
            Err(BezwaarFout::AfspraakOmgekeerd)
        );
        assert_eq!(
            b.controleer(&plan(datetime!(2026-12-01 10:00 UTC), datetime!(2026-12-01 11:00 UTC)), vandaag),
            Err(BezwaarFout::AfspraakVoorbij)
        );
        assert_eq!(
            b.controleer(&plan(datetime!(2026-12-20 10:00 UTC), datetime!(2026-12-20 11:00 UTC)), vandaag),
            Ok(BezwaarStatus::InBehandeling)
        );
    }

    #[test]
    fn a_decided_objection_is_made_known_and_then_the_appeal_term_runs() {
        let mut b = bezwaar(date!(2026 - 12 - 10));
        let beslist = GebeurtenisSoort::BezwaarBeslist {
            bezwaar: b.id,
            uitkomst: BezwaarUitkomst::Ongegrond,
            motivering: "Het besluit blijft in stand.".into(),
            nieuw_besluit: None,
        };
        b.pas_toe(&beslist, date!(2027 - 02 - 01));
        assert!(b.loopt(), "decided but not yet made known still runs");
        assert_eq!(b.mogelijke_stappen(date!(2027 - 02 - 01)), ["bezwaar_bekendgemaakt"]);
        b.pas_toe(
            &GebeurtenisSoort::BezwaarBekendgemaakt { bezwaar: b.id, datum: date!(2027 - 02 - 02) },
            date!(2027 - 02 - 02),
        );
        assert!(!b.loopt());
        assert_eq!(b.beroep_tot(), Some(date!(2027 - 03 - 16)));
        assert_eq!(b.controleer(&beslist, date!(2027 - 02 - 03)), Err(BezwaarFout::NietInDezeStatus("bekendgemaakt")));
    }

    #[test]
    fn only_a_founded_objection_puts_a_new_decision_in_place_of_the_old() {
        let b = bezwaar(date!(2026 - 12 - 10));
        let nieuw = Besluit {
            uitkomst: crate::besluit::Uitkomst::Geweigerd,
            motivering: "Na bezwaar geweigerd.".into(),
            voorschriften: vec![],
            verleende_activiteiten: vec![],
            zienswijzen: vec![],
        };
        let met = |uitkomst| GebeurtenisSoort::BezwaarBeslist {
            bezwaar: b.id,
            uitkomst,
            motivering: "Zo.".into(),
            nieuw_besluit: Some(nieuw.clone()),
        };
        let vandaag = date!(2027 - 01 - 20);
        assert_eq!(
            b.controleer(&met(BezwaarUitkomst::Ongegrond), vandaag),
            Err(BezwaarFout::NieuwBesluitZonderGegrond)
        );
        assert_eq!(b.controleer(&met(BezwaarUitkomst::Gegrond), vandaag), Ok(BezwaarStatus::Beslist));
    }

    #[test]
    fn a_withdrawn_objection_takes_no_further_steps() {
        let mut b = bezwaar(date!(2026 - 12 - 10));
        b.pas_toe(
            &GebeurtenisSoort::BezwaarIngetrokken { bezwaar: b.id, reden: "Opgelost".into() },
            date!(2026 - 12 - 14),
        );
        assert_eq!(b.status, BezwaarStatus::Ingetrokken);
        assert!(!b.loopt());
        assert!(b.mogelijke_stappen(date!(2026 - 12 - 15)).is_empty());
    }
}
