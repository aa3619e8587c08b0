//! The states of an online payment and which changes between them may happen: a payment starts `open`, ends once
//! (betaald, mislukt, geannuleerd, verlopen) and a paid one may be refunded; anything else a provider says later
//! changes nothing.

use serde::{Deserialize, Serialize};

/// Where a payment stands. The strings are stable (store, API).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Betaalstatus {
    Open,
    Betaald,
    Mislukt,
    Geannuleerd,
    Verlopen,
    Terugbetaald,
}

impl Betaalstatus {
    pub const ALL: [Betaalstatus; 6] = [
        Betaalstatus::Open,
        Betaalstatus::Betaald,
        Betaalstatus::Mislukt,
        Betaalstatus::Geannuleerd,
        Betaalstatus::Verlopen,
        Betaalstatus::Terugbetaald,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Betaalstatus::Open => "open",
            Betaalstatus::Betaald => "betaald",
            Betaalstatus::Mislukt => "mislukt",
            Betaalstatus::Geannuleerd => "geannuleerd",
            Betaalstatus::Verlopen => "verlopen",
            Betaalstatus::Terugbetaald => "terugbetaald",
        }
    }

    pub fn parse(s: &str) -> Option<Betaalstatus> {
        Betaalstatus::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Whether the amount it was for is settled by it.
    pub fn voldaan(self) -> bool {
        matches!(self, Betaalstatus::Betaald | Betaalstatus::Terugbetaald)
    }

    /// Whether the payment ended without money (it may be tried again with a new payment).
    pub fn mislukt(self) -> bool {
        matches!(self, Betaalstatus::Mislukt | Betaalstatus::Geannuleerd | Betaalstatus::Verlopen)
    }

    /// The status after the provider reports `gemeld`: `None` when that changes nothing (the same status again, or a
    /// payment that already ended).
    pub fn na(self, gemeld: Betaalstatus) -> Option<Betaalstatus> {
        use Betaalstatus as B;
        match (self, gemeld) {
            (B::Open, B::Betaald | B::Mislukt | B::Geannuleerd | B::Verlopen) => Some(gemeld),
            (B::Betaald, B::Terugbetaald) => Some(gemeld),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Betaalstatus as B;

    #[test]
    fn an_open_payment_ends_once_and_a_later_report_changes_nothing() {
        assert_eq!(B::Open.na(B::Betaald), Some(B::Betaald));
        assert_eq!(B::Open.na(B::Verlopen), Some(B::Verlopen));
        assert_eq!(B::Open.na(B::Open), None);
        assert_eq!(B::Betaald.na(B::Betaald), None);
        assert_eq!(B::Betaald.na(B::Mislukt), None);
        assert_eq!(B::Mislukt.na(B::Betaald), None);
        assert_eq!(B::Geannuleerd.na(B::Open), None);
    }

    #[test]
    fn only_a_paid_payment_is_refunded() {
        assert_eq!(B::Betaald.na(B::Terugbetaald), Some(B::Terugbetaald));
        assert_eq!(B::Open.na(B::Terugbetaald), None);
        assert_eq!(B::Terugbetaald.na(B::Terugbetaald), None);
    }

    #[test]
    fn a_failed_payment_may_be_tried_again_and_a_paid_one_settles() {
        assert!(B::ALL.iter().all(|s| B::parse(s.as_str()) == Some(*s)));
        assert!(B::Mislukt.mislukt() && B::Geannuleerd.mislukt() && B::Verlopen.mislukt());
        assert!(B::Betaald.voldaan() && B::Terugbetaald.voldaan() && !B::Open.voldaan());
    }
}
