//! The Algemene termijnenwet (Atw): a term set by law that ends on a Saturday, a Sunday or a generally recognised
//! public holiday runs on to the next day that is none of these (art. 1). The holidays are those of art. 3: New
//! Year's Day, Easter Monday, Ascension Day, Whit Monday, Christmas Day and Boxing Day, King's Day (27 April, or 26
//! April when the 27th is a Sunday), 5 May, and Good Friday (art. 3 lid 2). Days a royal decree adds for a few years
//! at a time (art. 3 lid 3, such as the Friday after Ascension) are not known to stip.

use time::{Date, Duration, Month, Weekday};

/// Easter Sunday (Gregorian calendar; the anonymous algorithm of Meeus, Jones and Butcher).
pub fn pasen(jaar: i32) -> Date {
    let a = jaar % 19;
    let (b, c) = (jaar / 100, jaar % 100);
    let (d, e) = (b / 4, b % 4);
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let maand = (h + l - 7 * m + 114) / 31;
    let dag = (h + l - 7 * m + 114) % 31 + 1;
    let maand = Month::try_from(maand as u8).expect("Easter falls in March or April");
    Date::from_calendar_date(jaar, maand, dag as u8).expect("a valid Easter date")
}

/// Whether `d` is a generally recognised public holiday (or Good Friday) in the sense of the Atw.
pub fn is_feestdag(d: Date) -> bool {
    let (jaar, maand, dag) = (d.year(), d.month(), d.day());
    let vast =
        matches!((maand, dag), (Month::January, 1) | (Month::May, 5) | (Month::December, 25) | (Month::December, 26));
    let koningsdag = Date::from_calendar_date(jaar, Month::April, 27).expect("27 April exists");
    let koningsdag = if koningsdag.weekday() == Weekday::Sunday { koningsdag - Duration::days(1) } else { koningsdag };
    let pasen = pasen(jaar);
    let van_pasen = [-2i64, 1, 39, 50].map(|n| pasen + Duration::days(n));
    vast || d == koningsdag || van_pasen.contains(&d)
}

/// Whether a term cannot end on `d`: a Saturday, a Sunday or a public holiday.
pub fn is_vrij(d: Date) -> bool {
    matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) || is_feestdag(d)
}

/// The last day of a term that by counting ends on `d` (Atw art. 1 lid 1).
pub fn einde(mut d: Date) -> Date {
    while is_vrij(d) {
        d = d.next_day().expect("a next day exists");
    }
    d
}

/// The `n`-th working day after `d` (Saturdays, Sundays and public holidays skipped).
pub fn werkdagen_na(mut d: Date, n: u32) -> Date {
    let mut geteld = 0;
    while geteld < n {
        d = d.next_day().expect("a next day exists");
        if !is_vrij(d) {
            geteld += 1;
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn easter_falls_on_the_known_sundays() {
        for (jaar, verwacht) in [
            (2024, date!(2024 - 03 - 31)),
            (2025, date!(2025 - 04 - 20)),
            (2026, date!(2026 - 04 - 05)),
            (2027, date!(2027 - 03 - 28)),
            (2038, date!(2038 - 04 - 25)),
        ] {
            assert_eq!(pasen(jaar), verwacht, "{jaar}");
        }
    }

    #[test]
    fn the_holidays_of_2026_are_recognised_and_ordinary_days_are_not() {
        for d in [
            date!(2026 - 01 - 01),
            date!(2026 - 04 - 03), // Good Friday
            date!(2026 - 04 - 06), // Easter Monday
            date!(2026 - 04 - 27), // King's Day (a Monday)
            date!(2026 - 05 - 05),
            date!(2026 - 05 - 14), // Ascension Day
            date!(2026 - 05 - 25), // Whit Monday
            date!(2026 - 12 - 25),
            date!(2026 - 12 - 26),
        ] {
            assert!(is_feestdag(d), "{d}");
        }
        for d in [date!(2026 - 04 - 05), date!(2026 - 05 - 15), date!(2026 - 11 - 30)] {
            assert!(!is_feestdag(d), "{d}");
        }
        assert!(is_feestdag(date!(2025 - 04 - 26)), "King's Day moves to Saturday when the 27th is a Sunday");
        assert!(!is_feestdag(date!(2025 - 04 - 27)));
    }

    #[test]
    fn a_term_ending_on_a_weekend_or_holiday_runs_on_to_the_next_working_day() {
        assert_eq!(einde(date!(2026 - 03 - 02)), date!(2026 - 03 - 02), "a Monday stays");
        assert_eq!(einde(date!(2026 - 11 - 28)), date!(2026 - 11 - 30), "a Saturday moves to Monday");
        assert_eq!(einde(date!(2026 - 04 - 03)), date!(2026 - 04 - 07), "Good Friday, the weekend and Easter Monday");
        assert_eq!(einde(date!(2026 - 12 - 25)), date!(2026 - 12 - 28), "Christmas, Boxing Day on Saturday, Sunday");
    }
}
