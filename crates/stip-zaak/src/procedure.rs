//! The one home of procedures and their terms: what happens after a Vergunningcheck outcome, the procedure's steps
//! and legal terms (termijnen) as data, and the expected decision date computed from a submission date by the same
//! calendar as a case's term ([`crate::kalender`]). No IO; texts for people live in the web layer's message catalogue
//! under `proces.<stap>`.
//!
//! Terms (Omgevingswet and Awb, as they stand):
//! - reguliere voorbereidingsprocedure: decision within 8 weeks, extendable once by 6 weeks (Omgevingswet art. 16.64);
//! - uitgebreide voorbereidingsprocedure (afdeling 3.4 Awb): decision within 26 weeks, extendable once by 6 weeks;
//!   the draft decision lies open for views (zienswijzen) for 6 weeks;
//! - melding and informatieplicht: at least 4 weeks before the start of the activity, unless the rule says otherwise;
//! - bezwaar (and for the uitgebreide procedure beroep): 6 weeks after the decision is made known (Awb art. 6:7).
//!
//! Dates count calendar days, and a term whose last day falls on a Saturday, Sunday or public holiday ends on the next
//! working day (Algemene termijnenwet): the expected decision date of an application is the same last day its case
//! gets when it is submitted that day (before any suspension or extension).

use serde::Serialize;
use stip_sttr::Conclusie;
use time::{Date, Duration};

/// The procedure that follows an outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Procedure {
    /// Reguliere voorbereidingsprocedure (most permits).
    Regulier,
    /// Uitgebreide voorbereidingsprocedure (afdeling 3.4 Awb), for activities the law names.
    Uitgebreid,
    /// A melding before the start.
    Melding,
    /// Information before the start (informatieplicht).
    Informatie,
    /// No permit and no melding needed.
    Geen,
    /// The check could not decide: contact the municipality.
    Onbepaald,
}

/// A legal term: a number of weeks, optionally extendable once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Termijn {
    pub weken: u16,
    /// Weeks the authority may add once (with notice before the term ends).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verlenging_weken: Option<u16>,
    /// Where the law says so.
    pub grondslag: &'static str,
}

impl Termijn {
    /// The term as days.
    pub fn duur(self) -> Duration {
        Duration::weeks(i64::from(self.weken))
    }

    /// The term with its extension, as days.
    pub fn duur_met_verlenging(self) -> Duration {
        Duration::weeks(i64::from(self.weken + self.verlenging_weken.unwrap_or(0)))
    }
}

/// One step of a procedure: a stable key (its text is `proces.stap_<sleutel>` in the catalogue) and its term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Stap {
    pub sleutel: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub termijn: Option<Termijn>,
}

/// The decision term of the reguliere procedure.
pub const BESLISTERMIJN_REGULIER: Termijn =
    Termijn { weken: 8, verlenging_weken: Some(6), grondslag: "Omgevingswet, artikel 16.64" };
/// The decision term of the uitgebreide procedure.
pub const BESLISTERMIJN_UITGEBREID: Termijn =
    Termijn { weken: 26, verlenging_weken: Some(6), grondslag: "Algemene wet bestuursrecht, artikel 3:18" };
/// How long a draft decision lies open for views.
pub const ZIENSWIJZE_TERMIJN: Termijn =
    Termijn { weken: 6, verlenging_weken: None, grondslag: "Algemene wet bestuursrecht, artikel 3:16" };
/// How long before the start a melding or information must be given (unless the rule says otherwise).
pub const MELDING_VOORAF: Termijn = Termijn {
    weken: 4,
    verlenging_weken: None,
    grondslag: "Omgevingswet, artikel 4.4; de regel van de activiteit kan een andere termijn noemen",
};
/// The objection term after the decision is made known.
pub const BEZWAARTERMIJN: Termijn =
    Termijn { weken: 6, verlenging_weken: None, grondslag: "Algemene wet bestuursrecht, artikel 6:7" };

impl Procedure {
    pub const ALL: [Procedure; 6] = [
        Procedure::Regulier,
        Procedure::Uitgebreid,
        Procedure::Melding,
        Procedure::Informatie,
        Procedure::Geen,
        Procedure::Onbepaald,
    ];

    /// The procedure that usually follows an outcome. A vergunning gets the reguliere procedure: the STTR files do
    /// not say when the uitgebreide applies, so the municipality tells.
    pub fn voor(c: Conclusie) -> Procedure {
        match c {
            Conclusie::Vergunningplicht => Procedure::Regulier,
            Conclusie::Meldingsplicht => Procedure::Melding,
            Conclusie::Informatieplicht => Procedure::Informatie,
            Conclusie::Toestemmingsvrij | Conclusie::NietVanToepassing => Procedure::Geen,
            Conclusie::Verbod | Conclusie::NeemContactOpMet | Conclusie::Onbepaald => Procedure::Onbepaald,
        }
    }

    /// The name used in URLs and JSON: `regulier`, `uitgebreid`, `melding`, `informatie`, `geen`, `onbepaald`.
    pub fn soort(self) -> &'static str {
        match self {
            Procedure::Regulier => "regulier",
            Procedure::Uitgebreid => "uitgebreid",
            Procedure::Melding => "melding",
            Procedure::Informatie => "informatie",
            Procedure::Geen => "geen",
            Procedure::Onbepaald => "onbepaald",
        }
    }

    pub fn parse(soort: &str) -> Option<Procedure> {
        Procedure::ALL.into_iter().find(|p| p.soort() == soort)
    }

    /// The decision term, for procedures that end in a decision.
    pub fn beslistermijn(self) -> Option<Termijn> {
        match self {
            Procedure::Regulier => Some(BESLISTERMIJN_REGULIER),
            Procedure::Uitgebreid => Some(BESLISTERMIJN_UITGEBREID),
            _ => None,
        }
    }

    /// The steps, in order.
    pub fn stappen(self) -> &'static [Stap] {
        const fn s(sleutel: &'static str, termijn: Option<Termijn>) -> Stap {
            Stap { sleutel, termijn }
        }
        /// A constant list (const fn calls in a plain array literal are not promoted to 'static).
        macro_rules! lijst {
            ($($stap:expr),* $(,)?) => {{
                const STAPPEN: &[Stap] = &[$($stap),*];
                STAPPEN
            }};
        }
        match self {
            Procedure::Regulier => lijst![
                s("aanvragen", None),
                s("ontvangst", None),
                s("aanvullen", None),
                s("beslissen_regulier", Some(BESLISTERMIJN_REGULIER)),
                s("bekendmaken", None),
                s("bezwaar", Some(BEZWAARTERMIJN)),
                s("leges", None),
            ],
            Procedure::Uitgebreid => lijst![
                s("aanvragen", None),
                s("ontvangst", None),
                s("aanvullen", None),
                s("ontwerpbesluit", Some(ZIENSWIJZE_TERMIJN)),
                s("beslissen_uitgebreid", Some(BESLISTERMIJN_UITGEBREID)),
                s("bekendmaken", None),
                s("beroep", Some(BEZWAARTERMIJN)),
                s("leges", None),
            ],
            Procedure::Melding => {
                lijst![
                    s("melden", Some(MELDING_VOORAF)),
                    s("melding_reactie", None),
                    s("beginnen", None),
                    s("leges", None)
                ]
            }
            Procedure::Informatie => lijst![s("informeren", Some(MELDING_VOORAF)), s("beginnen", None)],
            Procedure::Geen => lijst![s("geen_toestemming", None), s("andere_regels", None)],
            Procedure::Onbepaald => lijst![s("contact", None), s("na_contact", None)],
        }
    }

    /// When a decision is expected for an application submitted on `ingediend`: the date the decision term ends, and
    /// the latest date if the authority extends it once. `None` for procedures without a decision. The last day moves
    /// past weekends and holidays as the Algemene termijnenwet says (see the module documentation).
    pub fn verwachte_beslisdatum(self, ingediend: Date) -> Option<Beslisdatum> {
        let t = self.beslistermijn()?;
        Some(Beslisdatum {
            uiterlijk: crate::kalender::einde(ingediend.checked_add(t.duur())?),
            met_verlenging: crate::kalender::einde(ingediend.checked_add(t.duur_met_verlenging())?),
        })
    }

    /// The procedure in a line, for an action list: its name, its term in words and the law behind it. `None` when
    /// no application or notice follows.
    pub fn samenvatting(self) -> Option<Samenvatting> {
        let weken = |w: u16| if w == 1 { "1 week".to_string() } else { format!("{w} weken") };
        let vooraf = || {
            format!(
                "ten minste {} voor het begin van de activiteit (tenzij de regel een andere termijn noemt)",
                weken(MELDING_VOORAF.weken)
            )
        };
        let (naam, termijn, grondslag) = match self {
            Procedure::Regulier | Procedure::Uitgebreid => {
                let t = self.beslistermijn()?;
                let verlenging = t.verlenging_weken.map(|v| format!(", eenmaal te verlengen met {}", weken(v)));
                let naam = if self == Procedure::Regulier {
                    "reguliere voorbereidingsprocedure"
                } else {
                    "uitgebreide voorbereidingsprocedure"
                };
                (naam, format!("beslistermijn {}{}", weken(t.weken), verlenging.unwrap_or_default()), t.grondslag)
            }
            Procedure::Melding => {
                ("melding", vooraf(), "Omgevingswet, artikel 4.4 (algemene regels met meldingsplicht)")
            }
            Procedure::Informatie => {
                ("informatieplicht", vooraf(), "Omgevingswet, artikel 4.4 (algemene regels met informatieplicht)")
            }
            Procedure::Geen | Procedure::Onbepaald => return None,
        };
        Some(Samenvatting { naam, termijn, grondslag })
    }
}

/// A procedure in a line (see [`Procedure::samenvatting`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Samenvatting {
    pub naam: &'static str,
    pub termijn: String,
    pub grondslag: &'static str,
}

/// The expected end of a decision term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Beslisdatum {
    pub uiterlijk: Date,
    pub met_verlenging: Date,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_permit_follows_the_regular_procedure_of_8_weeks_extendable_by_6() {
        let p = Procedure::voor(Conclusie::Vergunningplicht);
        assert_eq!(p, Procedure::Regulier);
        let t = p.beslistermijn().unwrap();
        assert_eq!((t.weken, t.verlenging_weken), (8, Some(6)));
    }

    #[test]
    fn the_extended_procedure_takes_26_weeks_and_lays_the_draft_open_for_6() {
        let t = Procedure::Uitgebreid.beslistermijn().unwrap();
        assert_eq!((t.weken, t.verlenging_weken), (26, Some(6)));
        let ontwerp = Procedure::Uitgebreid.stappen().iter().find(|s| s.sleutel == "ontwerpbesluit").unwrap();
        assert_eq!(ontwerp.termijn.unwrap().weken, 6);
    }

    #[test]
    fn the_decision_date_counts_calendar_weeks_from_submission() {
        let d = Procedure::Regulier.verwachte_beslisdatum(date!(2026 - 01 - 05)).unwrap();
        assert_eq!(d.uiterlijk, date!(2026 - 03 - 02));
        assert_eq!(d.met_verlenging, date!(2026 - 04 - 13));
        let u = Procedure::Uitgebreid.verwachte_beslisdatum(date!(2026 - 01 - 05)).unwrap();
        assert_eq!(u.uiterlijk, date!(2026 - 07 - 06));
        assert!(Procedure::Melding.verwachte_beslisdatum(date!(2026 - 01 - 05)).is_none());
    }

    #[test]
    fn an_expected_decision_date_on_a_saturday_moves_to_monday_as_the_case_term_does() {
        // 7 March 2026 + 8 weeks = Saturday 2 May: the Algemene termijnenwet makes it Monday 4 May, for the
        // explanation of the procedure and for a case submitted that day alike.
        let d = Procedure::Regulier.verwachte_beslisdatum(date!(2026 - 03 - 07)).unwrap();
        assert_eq!(d.uiterlijk, date!(2026 - 05 - 04));
        let zaak =
            crate::termijn::bereken(Procedure::Regulier, date!(2026 - 03 - 07), &[], 0, false, date!(2026 - 03 - 07));
        assert_eq!(zaak.uiterste_beslisdatum, Some(d.uiterlijk));
    }

    #[test]
    fn a_melding_is_made_at_least_4_weeks_before_the_start() {
        let p = Procedure::voor(Conclusie::Meldingsplicht);
        assert_eq!(p.stappen()[0].termijn.unwrap().weken, 4);
        assert_eq!(Procedure::voor(Conclusie::Informatieplicht).stappen()[0].termijn.unwrap().weken, 4);
    }

    #[test]
    fn every_outcome_has_a_procedure_with_steps_and_the_soort_reads_back() {
        for p in Procedure::ALL {
            assert!(!p.stappen().is_empty());
            assert_eq!(Procedure::parse(p.soort()), Some(p));
        }
        assert_eq!(Procedure::voor(Conclusie::Onbepaald), Procedure::Onbepaald);
        assert_eq!(Procedure::voor(Conclusie::Toestemmingsvrij), Procedure::Geen);
    }

    #[test]
    fn the_summary_for_an_action_list_states_the_terms_of_the_procedure() {
        let v = Procedure::Regulier.samenvatting().unwrap();
        assert_eq!(v.naam, "reguliere voorbereidingsprocedure");
        assert_eq!(v.termijn, "beslistermijn 8 weken, eenmaal te verlengen met 6 weken");
        assert_eq!(v.grondslag, BESLISTERMIJN_REGULIER.grondslag);
        let m = Procedure::voor(Conclusie::Meldingsplicht).samenvatting().unwrap();
        assert!(m.termijn.starts_with("ten minste 4 weken voor het begin"), "{}", m.termijn);
        assert!(Procedure::Geen.samenvatting().is_none());
    }
}
