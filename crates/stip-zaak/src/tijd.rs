//! Dutch legal time (Europe/Amsterdam): CET (UTC+1), and CEST (UTC+2) from 01:00 UTC on the last Sunday of March to
//! 01:00 UTC on the last Sunday of October (EU summer time). A submission is dated by the Dutch calendar day, and its
//! case number by the Dutch year.

use time::{Date, Month, OffsetDateTime, UtcOffset, Weekday};

fn laatste_zondag(jaar: i32, maand: Month) -> Date {
    let mut d = Date::from_calendar_date(jaar, maand, maand.length(jaar)).expect("the last day of a month exists");
    while d.weekday() != Weekday::Sunday {
        d = d.previous_day().expect("a day before the last Sunday exists");
    }
    d
}

/// The moment in Dutch legal time.
pub fn nederlands(t: OffsetDateTime) -> OffsetDateTime {
    let utc = t.to_offset(UtcOffset::UTC);
    let jaar = utc.year();
    let zomer_van = laatste_zondag(jaar, Month::March).with_hms(1, 0, 0).expect("01:00 exists").assume_utc();
    let zomer_tot = laatste_zondag(jaar, Month::October).with_hms(1, 0, 0).expect("01:00 exists").assume_utc();
    let uren = if utc >= zomer_van && utc < zomer_tot { 2 } else { 1 };
    utc.to_offset(UtcOffset::from_hms(uren, 0, 0).expect("a whole-hour offset"))
}

/// Now, in Dutch legal time.
pub fn nu() -> OffsetDateTime {
    nederlands(OffsetDateTime::now_utc())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn winter_is_an_hour_ahead_of_utc_and_summer_two() {
        assert_eq!(nederlands(datetime!(2026-01-15 12:00 UTC)).offset().whole_hours(), 1);
        assert_eq!(nederlands(datetime!(2026-07-15 12:00 UTC)).offset().whole_hours(), 2);
    }

    #[test]
    fn the_clock_changes_at_one_utc_on_the_last_sundays_of_march_and_october() {
        assert_eq!(nederlands(datetime!(2026-03-29 00:59 UTC)).offset().whole_hours(), 1);
        assert_eq!(nederlands(datetime!(2026-03-29 01:00 UTC)).offset().whole_hours(), 2);
        assert_eq!(nederlands(datetime!(2026-10-25 00:59 UTC)).offset().whole_hours(), 2);
        assert_eq!(nederlands(datetime!(2026-10-25 01:00 UTC)).offset().whole_hours(), 1);
    }

    #[test]
    fn a_submission_half_an_hour_into_new_year_in_the_netherlands_belongs_to_the_new_year() {
        let t = nederlands(datetime!(2026-12-31 23:30 UTC));
        assert_eq!((t.year(), t.month(), t.day(), t.hour()), (2027, Month::January, 1, 0));
    }
}
