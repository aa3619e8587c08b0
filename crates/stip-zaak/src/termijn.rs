//! The legal decision term of a case, computed from its events: the term of the procedure, plus the days it was
//! suspended while information was asked (Awb 4:15), plus the one extension (Omgevingswet 16.64 lid 2, Awb 3:18),
//! and how close the end is.
//!
//! Under the Omgevingswet a permit is no longer granted by operation of law when the term passes (the Wabo's
//! "vergunning van rechtswege" did not return). What follows a missed term is the Awb's penalty for late decisions:
//! after a written notice of default (ingebrekestelling) the authority owes the applicant a penalty for every day it
//! stays late (Awb 4:17), and the applicant may appeal directly. stip warns officials [`WAARSCHUWING_DAGEN`] days
//! before the end, and tells the applicant the same facts.
//!
//! Counting: calendar days; a suspension counts the days from the request to the day the information came in (or the
//! day the term for it ran out unused); a last day on a Saturday, Sunday or public holiday runs on to the next working
//! day (Algemene termijnenwet, see [`crate::kalender`]).

use crate::procedure::{MELDING_VOORAF, Procedure};
use serde::Serialize;
use time::{Date, Duration};

/// How many days before the end a case is flagged.
pub const WAARSCHUWING_DAGEN: i64 = 14;

/// How the term stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Risico {
    /// More than [`WAARSCHUWING_DAGEN`] days left.
    OpSchema,
    /// The end is near: decide or extend now.
    LetOp,
    /// The term has passed without a decision.
    Verlopen,
    /// The clock stands still: information was asked.
    Opgeschort,
    /// Decided: the term no longer runs.
    Besloten,
    /// This procedure has no decision term (a melding).
    GeenTermijn,
}

impl Risico {
    pub fn as_str(self) -> &'static str {
        match self {
            Risico::OpSchema => "op_schema",
            Risico::LetOp => "let_op",
            Risico::Verlopen => "verlopen",
            Risico::Opgeschort => "opgeschort",
            Risico::Besloten => "besloten",
            Risico::GeenTermijn => "geen_termijn",
        }
    }
}

/// A period the term was suspended: from the request to the day it ended (`None`: still suspended).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opschorting {
    pub van: Date,
    /// The last day the applicant has to supply; the suspension ends then at the latest.
    pub uiterlijk: Date,
    pub tot: Option<Date>,
}

impl Opschorting {
    fn dagen(self, vandaag: Date) -> i64 {
        let eind = self.tot.unwrap_or(vandaag).min(self.uiterlijk).max(self.van);
        (eind - self.van).whole_days()
    }
}

/// The term of one case on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Termijnstand {
    pub procedure: &'static str,
    #[serde(with = "crate::datum")]
    pub ingediend: Date,
    /// Weeks of the legal term (0 for a melding).
    pub beslistermijn_weken: u16,
    pub grondslag: Option<&'static str>,
    /// Days the clock stood still so far.
    pub opgeschort_dagen: i64,
    /// Whether the clock stands still now.
    pub opgeschort: bool,
    pub verlengd_weken: u16,
    /// The last day to decide; while suspended, the earliest it can be (it moves with every suspended day).
    #[serde(with = "crate::datum::option")]
    pub uiterste_beslisdatum: Option<Date>,
    /// For a melding: the first day the activity may start.
    #[serde(with = "crate::datum::option")]
    pub starten_vanaf: Option<Date>,
    /// Days left until the last day (negative: past).
    pub dagen_over: Option<i64>,
    pub risico: Risico,
}

/// Computes the term of a case submitted on `ingediend`, as it stands on `vandaag`.
pub fn bereken(
    procedure: Procedure,
    ingediend: Date,
    opschortingen: &[Opschorting],
    verlengd_weken: u16,
    besloten: bool,
    vandaag: Date,
) -> Termijnstand {
    let opgeschort_dagen: i64 = opschortingen.iter().map(|o| o.dagen(vandaag)).sum();
    let opgeschort = opschortingen.iter().any(|o| o.tot.is_none() && vandaag < o.uiterlijk);
    let Some(t) = procedure.beslistermijn() else {
        let starten_vanaf = (procedure == Procedure::Melding).then(|| ingediend.saturating_add(MELDING_VOORAF.duur()));
        return Termijnstand {
            procedure: procedure.soort(),
            ingediend,
            beslistermijn_weken: 0,
            grondslag: (procedure == Procedure::Melding).then_some(MELDING_VOORAF.grondslag),
            opgeschort_dagen,
            opgeschort,
            verlengd_weken: 0,
            uiterste_beslisdatum: None,
            starten_vanaf,
            dagen_over: None,
            risico: if besloten { Risico::Besloten } else { Risico::GeenTermijn },
        };
    };
    let uiterste = crate::kalender::einde(
        ingediend
            .saturating_add(t.duur())
            .saturating_add(Duration::weeks(i64::from(verlengd_weken)))
            .saturating_add(Duration::days(opgeschort_dagen)),
    );
    let dagen_over = (uiterste - vandaag).whole_days();
    let risico = if besloten {
        Risico::Besloten
    } else if opgeschort {
        Risico::Opgeschort
    } else if dagen_over < 0 {
        Risico::Verlopen
    } else if dagen_over <= WAARSCHUWING_DAGEN {
        Risico::LetOp
    } else {
        Risico::OpSchema
    };
    Termijnstand {
        procedure: procedure.soort(),
        ingediend,
        beslistermijn_weken: t.weken,
        grondslag: Some(t.grondslag),
        opgeschort_dagen,
        opgeschort,
        verlengd_weken,
        uiterste_beslisdatum: Some(uiterste),
        starten_vanaf: None,
        dagen_over: Some(dagen_over),
        risico,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const IN: Date = date!(2026 - 01 - 05);

    #[test]
    fn a_regular_case_must_be_decided_within_eight_weeks() {
        let t = bereken(Procedure::Regulier, IN, &[], 0, false, date!(2026 - 01 - 06));
        assert_eq!(t.uiterste_beslisdatum, Some(date!(2026 - 03 - 02)));
        assert_eq!(t.risico, Risico::OpSchema);
        assert_eq!(t.dagen_over, Some(55));
    }

    #[test]
    fn an_extended_procedure_takes_twenty_six_weeks_and_an_extension_adds_six() {
        let t = bereken(Procedure::Uitgebreid, IN, &[], 6, false, IN);
        assert_eq!(t.uiterste_beslisdatum, Some(IN + Duration::weeks(32)));
    }

    #[test]
    fn asking_for_information_stops_the_clock_until_it_is_supplied() {
        let o = Opschorting {
            van: date!(2026 - 01 - 12),
            uiterlijk: date!(2026 - 02 - 12),
            tot: Some(date!(2026 - 01 - 22)),
        };
        let t = bereken(Procedure::Regulier, IN, &[o], 0, false, date!(2026 - 01 - 23));
        assert_eq!(t.opgeschort_dagen, 10);
        assert_eq!(t.uiterste_beslisdatum, Some(date!(2026 - 03 - 12)));
        assert!(!t.opgeschort);
    }

    #[test]
    fn while_suspended_the_deadline_moves_each_day_and_stops_moving_when_the_term_to_supply_runs_out() {
        let o = Opschorting { van: date!(2026 - 01 - 12), uiterlijk: date!(2026 - 01 - 26), tot: None };
        let t = bereken(Procedure::Regulier, IN, &[o], 0, false, date!(2026 - 01 - 19));
        assert!(t.opgeschort);
        assert_eq!(t.risico, Risico::Opgeschort);
        assert_eq!(t.opgeschort_dagen, 7);
        let later = bereken(Procedure::Regulier, IN, &[o], 0, false, date!(2026 - 02 - 20));
        assert!(!later.opgeschort, "the term to supply ran out unused");
        assert_eq!(later.opgeschort_dagen, 14);
    }

    #[test]
    fn a_case_is_flagged_two_weeks_before_its_last_day_and_late_after_it() {
        let laatste = date!(2026 - 03 - 02);
        assert_eq!(
            bereken(Procedure::Regulier, IN, &[], 0, false, laatste - Duration::days(15)).risico,
            Risico::OpSchema
        );
        assert_eq!(bereken(Procedure::Regulier, IN, &[], 0, false, laatste - Duration::days(14)).risico, Risico::LetOp);
        assert_eq!(bereken(Procedure::Regulier, IN, &[], 0, false, laatste).risico, Risico::LetOp);
        assert_eq!(
            bereken(Procedure::Regulier, IN, &[], 0, false, laatste + Duration::days(1)).risico,
            Risico::Verlopen
        );
        assert_eq!(
            bereken(Procedure::Regulier, IN, &[], 0, true, laatste + Duration::days(1)).risico,
            Risico::Besloten
        );
    }

    #[test]
    fn a_term_that_would_end_on_a_saturday_ends_on_the_monday_after() {
        let zaterdag = date!(2026 - 11 - 28);
        let t = bereken(Procedure::Regulier, zaterdag - Duration::weeks(8), &[], 0, false, zaterdag);
        assert_eq!(t.uiterste_beslisdatum, Some(date!(2026 - 11 - 30)));
    }

    #[test]
    fn a_melding_has_no_decision_term_but_a_first_day_to_start() {
        let t = bereken(Procedure::Melding, IN, &[], 0, false, IN);
        assert_eq!(t.uiterste_beslisdatum, None);
        assert_eq!(t.starten_vanaf, Some(date!(2026 - 02 - 02)));
        assert_eq!(t.risico, Risico::GeenTermijn);
    }

    proptest::proptest! {
        #[test]
        fn the_deadline_never_comes_before_the_plain_term(
            dagen in proptest::collection::vec((0i64..200, 0i64..60, proptest::option::of(0i64..60)), 0..4),
            verlengd in 0u16..=6,
            vandaag in 0i64..400,
        ) {
            let opschortingen: Vec<Opschorting> = dagen.iter().map(|(van, duur, tot)| Opschorting {
                van: IN + Duration::days(*van),
                uiterlijk: IN + Duration::days(van + duur),
                tot: tot.map(|t| IN + Duration::days(van + t)),
            }).collect();
            let t = bereken(Procedure::Regulier, IN, &opschortingen, verlengd, false, IN + Duration::days(vandaag));
            let plain = IN + Duration::weeks(8 + i64::from(verlengd));
            proptest::prop_assert!(t.uiterste_beslisdatum.unwrap() >= plain);
            let geteld = plain + Duration::days(t.opgeschort_dagen);
            proptest::prop_assert_eq!(t.uiterste_beslisdatum.unwrap(), crate::kalender::einde(geteld));
            proptest::prop_assert!(t.uiterste_beslisdatum.unwrap() - geteld <= Duration::days(5), "at most a long weekend on");
        }
    }
}
