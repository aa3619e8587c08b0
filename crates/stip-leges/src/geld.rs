//! Money as integer cents, written the Dutch way (`€ 1.234,56`), percentages kept exact as thousandths of a percent,
//! and the rounding a table asks for.

use serde::{Deserialize, Serialize};

/// How a table rounds each computed line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Afronding {
    /// To the cent, half up.
    #[default]
    Cent,
    /// To whole euros, half up.
    Euro,
    /// To whole euros, down.
    EuroOmlaag,
}

impl Afronding {
    /// `teller / noemer` cents (both non-negative, `noemer > 0`), rounded.
    pub fn deel(self, teller: i128, noemer: i128) -> i64 {
        let stap = match self {
            Afronding::Cent => 1,
            Afronding::Euro | Afronding::EuroOmlaag => 100,
        };
        let n = noemer * stap;
        let q = match self {
            Afronding::EuroOmlaag => teller / n,
            Afronding::Cent | Afronding::Euro => (2 * teller + n) / (2 * n),
        };
        i64::try_from(q * stap).unwrap_or(i64::MAX)
    }

    /// A whole number of cents, rounded the same way.
    pub fn rond(self, cent: i64) -> i64 {
        let neg = cent < 0;
        let r = self.deel(i128::from(cent.unsigned_abs()), 1);
        if neg { -r } else { r }
    }
}

/// A percentage in thousandths of a percent: `2500` is 2,5 %.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Procent(pub u32);

impl Procent {
    /// From a TOML number with at most three decimals, between 0 and 100 000 %.
    pub fn uit(getal: f64) -> Option<Procent> {
        let milli = (getal * 1000.0).round();
        let exact = ((getal * 1000.0) - milli).abs() < 1e-6;
        (getal.is_finite() && getal >= 0.0 && exact && milli <= 100_000_000.0).then_some(Procent(milli as u32))
    }

    /// This percentage of an amount in cents, rounded.
    pub fn van(self, cent: i64, afronding: Afronding) -> i64 {
        let neg = cent < 0;
        let r = afronding.deel(i128::from(cent.unsigned_abs()) * i128::from(self.0), 100_000);
        if neg { -r } else { r }
    }
}

impl std::fmt::Display for Procent {
    /// `2,5 %`, `10 %`, `0,125 %`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let heel = self.0 / 1000;
        let rest = self.0 % 1000;
        if rest == 0 {
            write!(f, "{heel} %")
        } else {
            let d = format!("{rest:03}");
            write!(f, "{heel},{} %", d.trim_end_matches('0'))
        }
    }
}

/// An amount in cents as people read it: `€ 1.234,56`, `-€ 12,50`.
pub fn euro(cent: i64) -> String {
    let teken = if cent < 0 { "-" } else { "" };
    let c = cent.unsigned_abs();
    let euros = (c / 100).to_string();
    let mut groepen = Vec::new();
    let mut rest = euros.as_str();
    while rest.len() > 3 {
        let (kop, staart) = rest.split_at(rest.len() - 3);
        groepen.push(staart);
        rest = kop;
    }
    groepen.push(rest);
    groepen.reverse();
    format!("{teken}€ {},{:02}", groepen.join("."), c % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_written_the_dutch_way() {
        assert_eq!(euro(2_500_000), "€ 25.000,00");
        assert_eq!(euro(62_550), "€ 625,50");
        assert_eq!(euro(5), "€ 0,05");
        assert_eq!(euro(-1_250), "-€ 12,50");
        assert_eq!(euro(12_345_678_900), "€ 123.456.789,00");
    }

    #[test]
    fn percentages_stay_exact_and_read_with_a_comma() {
        assert_eq!(Procent::uit(2.5), Some(Procent(2500)));
        assert_eq!(Procent::uit(2.35), Some(Procent(2350)));
        assert_eq!(Procent::uit(0.0004), None, "more than three decimals");
        assert_eq!(Procent::uit(-1.0), None);
        assert_eq!(Procent(2500).to_string(), "2,5 %");
        assert_eq!(Procent(10_000).to_string(), "10 %");
        assert_eq!(Procent(125).to_string(), "0,125 %");
    }

    #[test]
    fn rounding_follows_the_table() {
        assert_eq!(Procent(2500).van(2_500_000, Afronding::Cent), 62_500);
        assert_eq!(Procent(2350).van(1_234_567, Afronding::Cent), 29_012); // 29 012,32 cent
        assert_eq!(Procent(2350).van(1_234_567, Afronding::Euro), 29_000);
        assert_eq!(Afronding::Euro.rond(12_350), 12_400);
        assert_eq!(Afronding::EuroOmlaag.rond(12_399), 12_300);
        assert_eq!(Afronding::Cent.rond(-12_399), -12_399);
    }
}
