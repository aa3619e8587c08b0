//! Time: the clock (`Klok`) every use case reads instead of the system clock, and Dutch legal time (Europe/Amsterdam):
//! CET (UTC+1), and CEST (UTC+2) from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of
//! October (EU summer time). A submission is dated by the Dutch calendar day, and its case number by the Dutch year.

use std::sync::{Arc, Mutex};
use time::{Date, Duration, Month, OffsetDateTime, UtcOffset, Weekday};

/// Where "now" comes from. Services get one passed in; tests set and move a [`TestKlok`] instead of sleeping.
pub trait Klok: Send + Sync + std::fmt::Debug {
    /// Now, in UTC.
    fn nu_utc(&self) -> OffsetDateTime;

    /// Now, in Dutch legal time.
    fn nu(&self) -> OffsetDateTime {
        nederlands(self.nu_utc())
    }

    /// Today, by the Dutch calendar.
    fn vandaag(&self) -> Date {
        self.nu().date()
    }
}

/// The system's clock: the one place stip reads it.
#[derive(Debug, Clone, Copy, Default)]
pub struct SysteemKlok;

impl Klok for SysteemKlok {
    fn nu_utc(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// A clock that stands still until a test moves it. Clones share the same time.
#[derive(Debug, Clone)]
pub struct TestKlok(Arc<Mutex<OffsetDateTime>>);

impl TestKlok {
    pub fn op(moment: OffsetDateTime) -> TestKlok {
        TestKlok(Arc::new(Mutex::new(moment)))
    }

    /// Sets the time.
    pub fn zet(&self, moment: OffsetDateTime) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = moment;
    }

    /// Lets `duur` pass at once.
    pub fn verzet(&self, duur: Duration) {
        let mut t = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *t += duur;
    }
}

impl Klok for TestKlok {
    fn nu_utc(&self) -> OffsetDateTime {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).to_offset(UtcOffset::UTC)
    }
}

/// A clock to share between services.
pub type GedeeldeKlok = Arc<dyn Klok>;

/// The system clock, shared.
pub fn systeemklok() -> GedeeldeKlok {
    Arc::new(SysteemKlok)
}

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

/// A Dutch wall-clock time (a meeting at "10:00") as the moment it is; in the hour the clocks go back, the first.
pub fn in_nederland(t: time::PrimitiveDateTime) -> OffsetDateTime {
    let winter = t.assume_offset(UtcOffset::from_hms(1, 0, 0).expect("a whole-hour offset"));
    let zomer = t.assume_offset(UtcOffset::from_hms(2, 0, 0).expect("a whole-hour offset"));
    if nederlands(zomer).offset().whole_hours() == 2 { zomer } else { winter }
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
    fn a_dutch_wall_clock_time_is_an_hour_ahead_of_utc_in_winter_and_two_in_summer() {
        assert_eq!(in_nederland(datetime!(2026-12-15 10:00)), datetime!(2026-12-15 09:00 UTC));
        assert_eq!(in_nederland(datetime!(2026-07-15 10:00)), datetime!(2026-07-15 08:00 UTC));
    }

    #[test]
    fn a_test_clock_moves_only_when_told_and_its_clones_move_with_it() {
        let klok = TestKlok::op(datetime!(2026-03-07 10:00 UTC));
        let kopie = klok.clone();
        klok.verzet(Duration::minutes(31));
        assert_eq!(kopie.nu_utc(), datetime!(2026-03-07 10:31 UTC));
        assert_eq!(kopie.vandaag(), time::macros::date!(2026 - 03 - 07));
    }

    #[test]
    fn a_submission_half_an_hour_into_new_year_in_the_netherlands_belongs_to_the_new_year() {
        let t = nederlands(datetime!(2026-12-31 23:30 UTC));
        assert_eq!((t.year(), t.month(), t.day(), t.hour()), (2027, Month::January, 1, 0));
    }
}
