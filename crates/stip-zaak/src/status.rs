//! The statuses of a zaak, in the order a case passes them; the text people read is `zaak.status_<sleutel>` in the
//! web layer's catalogue.

use serde::{Deserialize, Serialize};

/// Where a case stands. The strings are stable (store, API, ZGW-like status types).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Ontvangen,
    InBehandeling,
    /// More information asked; the decision term is suspended until it is supplied.
    AanvullingGevraagd,
    /// Advice asked of another body.
    Advies,
    /// The draft decision lies open for views (uitgebreide procedure).
    Ontwerpbesluit,
    Besluit,
    /// The decision was made known; the objection term runs.
    Bekendgemaakt,
    /// An objection against the decision is being handled.
    Bezwaar,
    /// No objection or appeal is possible any more.
    Onherroepelijk,
    /// The applicant withdrew the application before the decision; the case ended.
    Ingetrokken,
}

impl Status {
    pub const ALL: [Status; 10] = [
        Status::Ontvangen,
        Status::InBehandeling,
        Status::AanvullingGevraagd,
        Status::Advies,
        Status::Ontwerpbesluit,
        Status::Besluit,
        Status::Bekendgemaakt,
        Status::Bezwaar,
        Status::Onherroepelijk,
        Status::Ingetrokken,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ontvangen => "ontvangen",
            Status::InBehandeling => "in_behandeling",
            Status::AanvullingGevraagd => "aanvulling_gevraagd",
            Status::Advies => "advies",
            Status::Ontwerpbesluit => "ontwerpbesluit",
            Status::Besluit => "besluit",
            Status::Bekendgemaakt => "bekendgemaakt",
            Status::Bezwaar => "bezwaar",
            Status::Onherroepelijk => "onherroepelijk",
            Status::Ingetrokken => "ingetrokken",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Whether the decision has been taken (the decision term no longer matters).
    pub fn besloten(self) -> bool {
        matches!(self, Status::Besluit | Status::Bekendgemaakt | Status::Bezwaar | Status::Onherroepelijk)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_reads_back_from_its_string() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
    }
}
