//! Talking to the municipality early (vooroverleg): the four kinds of request — a quickscan (a feasibility opinion on
//! the plan), "Bel de wethouder" (a call), "We komen naar u toe" (a site visit at a time slot the team publishes) and
//! "Bestuur op maat" (a principle decision by the board) — each a small case with its own service norm, counted on
//! the one calendar ([`crate::kalender`]); the steps an official takes (take, answer, close); how close the deadline
//! is; the service package (Dienstverleningspakket) and the fair choice of an initiatiefmanager from a team's pool.
//! No IO.

use crate::termijn::Risico;
use serde::{Deserialize, Serialize};
use time::{Date, Duration};
use uuid::Uuid;

/// Days before the deadline of a request at which the work queue warns (the norms are one to two weeks).
pub const WAARSCHUWING_DAGEN: i64 = 2;

/// The kind of an early request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum VerzoekSoort {
    /// Quickscan / vooroverleg: a written opinion whether the plan is feasible.
    Quickscan,
    /// "Bel de wethouder": the alderman calls the requester.
    Wethouder,
    /// "We komen naar u toe": a site visit at a time slot the team published.
    Bezoek,
    /// "Bestuur op maat": the board takes a principle decision on the plan.
    BestuurOpMaat,
}

/// A service norm: calendar weeks (moved past a weekend or holiday) or working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Norm {
    Weken(u16),
    Werkdagen(u32),
}

impl Norm {
    /// The last day of the norm for a request received on `ontvangen`.
    pub fn uiterlijk(self, ontvangen: Date) -> Date {
        match self {
            Norm::Weken(w) => crate::kalender::einde(ontvangen.saturating_add(Duration::weeks(i64::from(w)))),
            Norm::Werkdagen(n) => crate::kalender::werkdagen_na(ontvangen, n),
        }
    }

    /// In words: "2 weken", "5 werkdagen".
    pub fn in_woorden(self) -> String {
        match self {
            Norm::Weken(1) => "1 week".into(),
            Norm::Weken(w) => format!("{w} weken"),
            Norm::Werkdagen(1) => "1 werkdag".into(),
            Norm::Werkdagen(n) => format!("{n} werkdagen"),
        }
    }
}

impl VerzoekSoort {
    pub const ALLE: [VerzoekSoort; 4] =
        [VerzoekSoort::Quickscan, VerzoekSoort::Wethouder, VerzoekSoort::Bezoek, VerzoekSoort::BestuurOpMaat];

    pub fn as_str(self) -> &'static str {
        match self {
            VerzoekSoort::Quickscan => "quickscan",
            VerzoekSoort::Wethouder => "wethouder",
            VerzoekSoort::Bezoek => "bezoek",
            VerzoekSoort::BestuurOpMaat => "bestuur_op_maat",
        }
    }

    pub fn parse(s: &str) -> Option<VerzoekSoort> {
        VerzoekSoort::ALLE.into_iter().find(|v| v.as_str() == s)
    }

    /// The service norm: a quickscan in 2 weeks, a call within 5 working days, a visit planned within 10 working
    /// days, a principle decision by the board in one week.
    pub fn norm(self) -> Norm {
        match self {
            VerzoekSoort::Quickscan => Norm::Weken(2),
            VerzoekSoort::Wethouder => Norm::Werkdagen(5),
            VerzoekSoort::Bezoek => Norm::Werkdagen(10),
            VerzoekSoort::BestuurOpMaat => Norm::Weken(1),
        }
    }

    /// Its name as people know it.
    pub fn naam(self) -> &'static str {
        match self {
            VerzoekSoort::Quickscan => "Quickscan",
            VerzoekSoort::Wethouder => "Bel de wethouder",
            VerzoekSoort::Bezoek => "We komen naar u toe",
            VerzoekSoort::BestuurOpMaat => "Bestuur op maat",
        }
    }

    /// The short letter in a request's number (`V-2026-000001-Q`): not needed, but people read the kind in it.
    pub fn letter(self) -> char {
        match self {
            VerzoekSoort::Quickscan => 'Q',
            VerzoekSoort::Wethouder => 'W',
            VerzoekSoort::Bezoek => 'B',
            VerzoekSoort::BestuurOpMaat => 'M',
        }
    }
}

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum VerzoekStatus {
    Ontvangen,
    InBehandeling,
    /// The municipality answered (the opinion, the call's summary, the visit's report, the board's decision).
    Beantwoord,
    Gesloten,
}

impl VerzoekStatus {
    pub const ALLE: [VerzoekStatus; 4] =
        [VerzoekStatus::Ontvangen, VerzoekStatus::InBehandeling, VerzoekStatus::Beantwoord, VerzoekStatus::Gesloten];

    pub fn as_str(self) -> &'static str {
        match self {
            VerzoekStatus::Ontvangen => "ontvangen",
            VerzoekStatus::InBehandeling => "in_behandeling",
            VerzoekStatus::Beantwoord => "beantwoord",
            VerzoekStatus::Gesloten => "gesloten",
        }
    }

    pub fn parse(s: &str) -> Option<VerzoekStatus> {
        VerzoekStatus::ALLE.into_iter().find(|v| v.as_str() == s)
    }

    /// Whether the municipality still owes an answer.
    pub fn open(self) -> bool {
        matches!(self, VerzoekStatus::Ontvangen | VerzoekStatus::InBehandeling)
    }
}

/// A step an official takes on a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stap {
    /// Takes it in hand (becomes its handler).
    Neem,
    /// Gives the answer.
    Beantwoord,
    /// Closes it (answered, or no longer needed).
    Sluit,
}

impl Stap {
    pub const ALLE: [Stap; 3] = [Stap::Neem, Stap::Beantwoord, Stap::Sluit];

    pub fn as_str(self) -> &'static str {
        match self {
            Stap::Neem => "in_behandeling_genomen",
            Stap::Beantwoord => "beantwoord",
            Stap::Sluit => "gesloten",
        }
    }

    /// The status after this step from `status`, or why it cannot be taken (Dutch, for the official).
    pub fn na(self, status: VerzoekStatus) -> Result<VerzoekStatus, &'static str> {
        use VerzoekStatus as S;
        match (self, status) {
            (Stap::Neem, S::Ontvangen | S::InBehandeling) => Ok(S::InBehandeling),
            (Stap::Beantwoord, S::Ontvangen | S::InBehandeling) => Ok(S::Beantwoord),
            (Stap::Sluit, S::Ontvangen | S::InBehandeling | S::Beantwoord) => Ok(S::Gesloten),
            (Stap::Neem | Stap::Beantwoord, _) => Err("dit verzoek is al beantwoord of gesloten"),
            (Stap::Sluit, _) => Err("dit verzoek is al gesloten"),
        }
    }

    /// The steps possible from `status`.
    pub fn mogelijk(status: VerzoekStatus) -> Vec<&'static str> {
        Stap::ALLE.into_iter().filter(|s| s.na(status).is_ok()).map(Stap::as_str).collect()
    }
}

/// How close a request's deadline is on `vandaag`: answered or closed requests are done ([`Risico::Besloten`]).
pub fn risico(status: VerzoekStatus, uiterlijk: Date, vandaag: Date) -> Risico {
    let over = (uiterlijk - vandaag).whole_days();
    if !status.open() {
        Risico::Besloten
    } else if over < 0 {
        Risico::Verlopen
    } else if over <= WAARSCHUWING_DAGEN {
        Risico::LetOp
    } else {
        Risico::OpSchema
    }
}

/// The service package an initiator chooses (Dienstverleningspakket).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Pakket {
    /// The initiator finds their own way with stip.
    ZelfDoen,
    /// An initiatiefmanager guides the initiator.
    Begeleid,
    /// An initiatiefmanager arranges the whole process with the initiator.
    Ontzorgd,
}

impl Pakket {
    pub const ALLE: [Pakket; 3] = [Pakket::ZelfDoen, Pakket::Begeleid, Pakket::Ontzorgd];

    pub fn as_str(self) -> &'static str {
        match self {
            Pakket::ZelfDoen => "zelf_doen",
            Pakket::Begeleid => "begeleid",
            Pakket::Ontzorgd => "ontzorgd",
        }
    }

    pub fn parse(s: &str) -> Option<Pakket> {
        Pakket::ALLE.into_iter().find(|v| v.as_str() == s)
    }

    /// Whether the package comes with an initiatiefmanager.
    pub fn met_initiatiefmanager(self) -> bool {
        !matches!(self, Pakket::ZelfDoen)
    }
}

/// The fair choice from a pool of (official, open assignments): the one with the fewest; among equals the one who
/// joined the pool first (the pool's order). `None` for an empty pool.
pub fn kies_initiatiefmanager(pool: &[(Uuid, i64)]) -> Option<Uuid> {
    pool.iter().enumerate().min_by_key(|(i, (_, open))| (*open, *i)).map(|(_, (id, _))| *id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn each_kind_has_its_own_norm_counted_on_the_calendar() {
        // Thursday 17 December 2026.
        let ontvangen = date!(2026 - 12 - 17);
        // Two weeks: Thursday 31 December.
        assert_eq!(VerzoekSoort::Quickscan.norm().uiterlijk(ontvangen), date!(2026 - 12 - 31));
        // One week: Thursday 24 December.
        assert_eq!(VerzoekSoort::BestuurOpMaat.norm().uiterlijk(ontvangen), date!(2026 - 12 - 24));
        // Five working days skip the weekend and Christmas: 18, 21, 22, 23, 24 December.
        assert_eq!(VerzoekSoort::Wethouder.norm().uiterlijk(ontvangen), date!(2026 - 12 - 24));
        // Ten working days: 18, 21, 22, 23, 24, 28, 29, 30, 31 December (nine), New Year's Day, Monday 4 January.
        assert_eq!(VerzoekSoort::Bezoek.norm().uiterlijk(ontvangen), date!(2027 - 01 - 04));
    }

    #[test]
    fn a_one_week_norm_ending_on_a_holiday_runs_on_to_the_next_working_day() {
        // Friday 18 December + 1 week = Friday 25 December (Christmas), Boxing Day on Saturday, Sunday: Monday 28.
        assert_eq!(VerzoekSoort::BestuurOpMaat.norm().uiterlijk(date!(2026 - 12 - 18)), date!(2026 - 12 - 28));
    }

    #[test]
    fn the_norms_read_in_words() {
        let woorden: Vec<String> = VerzoekSoort::ALLE.iter().map(|s| s.norm().in_woorden()).collect();
        assert_eq!(woorden, ["2 weken", "5 werkdagen", "10 werkdagen", "1 week"]);
    }

    #[test]
    fn every_kind_and_status_reads_back_from_its_string() {
        for s in VerzoekSoort::ALLE {
            assert_eq!(VerzoekSoort::parse(s.as_str()), Some(s));
        }
        for s in VerzoekStatus::ALLE {
            assert_eq!(VerzoekStatus::parse(s.as_str()), Some(s));
        }
        for p in Pakket::ALLE {
            assert_eq!(Pakket::parse(p.as_str()), Some(p));
        }
        assert_eq!(VerzoekSoort::parse("bellen"), None);
    }

    #[test]
    fn an_answered_request_can_only_be_closed_and_a_closed_one_not_at_all() {
        assert_eq!(Stap::Neem.na(VerzoekStatus::Ontvangen), Ok(VerzoekStatus::InBehandeling));
        assert_eq!(Stap::Beantwoord.na(VerzoekStatus::Ontvangen), Ok(VerzoekStatus::Beantwoord));
        assert!(Stap::Beantwoord.na(VerzoekStatus::Beantwoord).is_err());
        assert_eq!(Stap::mogelijk(VerzoekStatus::Beantwoord), ["gesloten"]);
        assert!(Stap::mogelijk(VerzoekStatus::Gesloten).is_empty());
    }

    #[test]
    fn the_risk_warns_two_days_before_the_deadline_and_ends_with_the_answer() {
        let uiterlijk = date!(2026 - 12 - 24);
        let open = VerzoekStatus::Ontvangen;
        assert_eq!(risico(open, uiterlijk, date!(2026 - 12 - 21)), Risico::OpSchema);
        assert_eq!(risico(open, uiterlijk, date!(2026 - 12 - 22)), Risico::LetOp);
        assert_eq!(risico(open, uiterlijk, date!(2026 - 12 - 25)), Risico::Verlopen);
        assert_eq!(risico(VerzoekStatus::Beantwoord, uiterlijk, date!(2026 - 12 - 25)), Risico::Besloten);
    }

    #[test]
    fn the_initiatiefmanager_with_the_fewest_open_assignments_is_chosen_and_the_first_among_equals() {
        let (a, b, c) = (Uuid::from_u128(3), Uuid::from_u128(1), Uuid::from_u128(2));
        assert_eq!(kies_initiatiefmanager(&[(a, 2), (b, 1), (c, 1)]), Some(b));
        assert_eq!(kies_initiatiefmanager(&[(a, 0), (b, 1)]), Some(a));
        assert_eq!(kies_initiatiefmanager(&[]), None);
        assert!(!Pakket::ZelfDoen.met_initiatiefmanager());
        assert!(Pakket::Begeleid.met_initiatiefmanager() && Pakket::Ontzorgd.met_initiatiefmanager());
    }
}
