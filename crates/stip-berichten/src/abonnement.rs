//! What a subscription asks for: which kinds of happening ([`Soort`]), on which channel ([`Kanaal`]) and how often
//! ([`Frequentie`]), and when a digest is due.

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime, Time, UtcOffset, Weekday};

/// The kinds of happening people can hear of. The strings are stable (store, API, CloudEvent type).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = MeldingSoort))]
#[serde(rename_all = "kebab-case")]
pub enum Soort {
    /// An initiative opened for participation.
    InitiatiefGeopend,
    /// An application was received (its public part).
    AanvraagOntvangen,
    /// A draft decision lies open for views.
    OntwerpbesluitTerInzage,
    /// A decision was published.
    BesluitBekendgemaakt,
    /// A plan (omgevingsplan, bestemmingsplan) changed in the area.
    PlanGewijzigd,
    /// A public step of a followed case.
    ZaakStap,
    /// The municipality's message to everyone concerned with a case.
    BerichtGemeente,
    /// A step of one's own case (applicant, official).
    EigenZaak,
    /// A term of one's own case is about to run out.
    TermijnHerinnering,
}

impl Soort {
    pub const ALLE: [Soort; 9] = [
        Soort::InitiatiefGeopend,
        Soort::AanvraagOntvangen,
        Soort::OntwerpbesluitTerInzage,
        Soort::BesluitBekendgemaakt,
        Soort::PlanGewijzigd,
        Soort::ZaakStap,
        Soort::BerichtGemeente,
        Soort::EigenZaak,
        Soort::TermijnHerinnering,
    ];

    /// What an area or municipality subscription without a choice of kinds gets: the news of the area, not every
    /// step of every case in it.
    pub const GEBIED: [Soort; 6] = [
        Soort::InitiatiefGeopend,
        Soort::AanvraagOntvangen,
        Soort::OntwerpbesluitTerInzage,
        Soort::BesluitBekendgemaakt,
        Soort::PlanGewijzigd,
        Soort::BerichtGemeente,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Soort::InitiatiefGeopend => "initiatief-geopend",
            Soort::AanvraagOntvangen => "aanvraag-ontvangen",
            Soort::OntwerpbesluitTerInzage => "ontwerpbesluit-ter-inzage",
            Soort::BesluitBekendgemaakt => "besluit-bekendgemaakt",
            Soort::PlanGewijzigd => "plan-gewijzigd",
            Soort::ZaakStap => "zaak-stap",
            Soort::BerichtGemeente => "bericht-gemeente",
            Soort::EigenZaak => "eigen-zaak",
            Soort::TermijnHerinnering => "termijn-herinnering",
        }
    }

    pub fn parse(s: &str) -> Option<Soort> {
        Soort::ALLE.into_iter().find(|x| x.as_str() == s)
    }

    /// Whether it is about one's own case (never sent to others, whatever they subscribed to).
    pub fn persoonlijk(self) -> bool {
        matches!(self, Soort::EigenZaak | Soort::TermijnHerinnering)
    }
}

/// Where messages go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Kanaal {
    Email,
    /// The inbox in "Mijn omgeving" (needs an account).
    Inbox,
    /// A system's HTTPS endpoint, as CloudEvents.
    Webhook,
}

impl Kanaal {
    pub fn as_str(self) -> &'static str {
        match self {
            Kanaal::Email => "email",
            Kanaal::Inbox => "inbox",
            Kanaal::Webhook => "webhook",
        }
    }

    pub fn parse(s: &str) -> Option<Kanaal> {
        [Kanaal::Email, Kanaal::Inbox, Kanaal::Webhook].into_iter().find(|k| k.as_str() == s)
    }
}

/// How often: each message at once, or collected in a daily or weekly digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Frequentie {
    Direct,
    Dagelijks,
    Wekelijks,
}

/// The hour (Dutch time) at which digests go out.
pub const DIGEST_UUR: u8 = 7;

impl Frequentie {
    pub fn as_str(self) -> &'static str {
        match self {
            Frequentie::Direct => "direct",
            Frequentie::Dagelijks => "dagelijks",
            Frequentie::Wekelijks => "wekelijks",
        }
    }

    pub fn parse(s: &str) -> Option<Frequentie> {
        [Frequentie::Direct, Frequentie::Dagelijks, Frequentie::Wekelijks].into_iter().find(|k| k.as_str() == s)
    }

    /// When a message that arrives at `nu` goes out: at once, or at the next digest moment — 07:00 Dutch time the
    /// next morning (daily) or on the next Monday (weekly). `zone` is the Dutch offset at that time (CET/CEST), which
    /// the caller knows from its calendar.
    pub fn verzenden_op(self, nu: OffsetDateTime, zone: UtcOffset) -> OffsetDateTime {
        let lokaal = nu.to_offset(zone);
        let om =
            |d: time::Date| d.with_time(Time::from_hms(DIGEST_UUR, 0, 0).expect("a valid hour")).assume_offset(zone);
        match self {
            Frequentie::Direct => nu,
            Frequentie::Dagelijks => {
                let vandaag = om(lokaal.date());
                if vandaag > lokaal { vandaag } else { om(lokaal.date() + Duration::days(1)) }
            }
            Frequentie::Wekelijks => {
                let mut d = lokaal.date();
                loop {
                    if d.weekday() == Weekday::Monday && om(d) > lokaal {
                        return om(d);
                    }
                    d += Duration::days(1);
                }
            }
        }
    }
}

/// The wait before the next attempt after `pogingen` failed ones: 10 s, 20 s, 40 s … up to 6 hours; after
/// [`MAX_POGINGEN`] the message is a dead letter.
pub fn wachttijd(pogingen: u32) -> Duration {
    let seconden = 10u64.saturating_mul(1u64 << pogingen.saturating_sub(1).min(20));
    Duration::seconds(seconden.min(6 * 3600) as i64)
}

/// Attempts before a message is given up (a dead letter officials see and can retry): about two days of back-off.
pub const MAX_POGINGEN: u32 = 16;

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{datetime, offset};

    #[test]
    fn a_daily_digest_goes_out_at_seven_the_next_morning_dutch_time() {
        let nu = datetime!(2026-12-02 15:04 UTC);
        assert_eq!(Frequentie::Dagelijks.verzenden_op(nu, offset!(+1)), datetime!(2026-12-03 07:00 +1));
        let vroeg = datetime!(2026-12-02 05:00 UTC);
        assert_eq!(Frequentie::Dagelijks.verzenden_op(vroeg, offset!(+1)), datetime!(2026-12-02 07:00 +1));
    }

    #[test]
    fn a_weekly_digest_goes_out_on_the_next_monday_morning() {
        // Wednesday 2 December 2026 → Monday 7 December.
        let nu = datetime!(2026-12-02 15:04 UTC);
        assert_eq!(Frequentie::Wekelijks.verzenden_op(nu, offset!(+1)), datetime!(2026-12-07 07:00 +1));
        let maandag_laat = datetime!(2026-12-07 10:00 UTC);
        assert_eq!(Frequentie::Wekelijks.verzenden_op(maandag_laat, offset!(+1)), datetime!(2026-12-14 07:00 +1));
    }

    #[test]
    fn a_direct_message_goes_out_at_once() {
        let nu = datetime!(2026-12-02 15:04 UTC);
        assert_eq!(Frequentie::Direct.verzenden_op(nu, offset!(+1)), nu);
    }

    #[test]
    fn the_back_off_doubles_and_stops_at_six_hours() {
        assert_eq!(wachttijd(1), Duration::seconds(10));
        assert_eq!(wachttijd(2), Duration::seconds(20));
        assert_eq!(wachttijd(5), Duration::seconds(160));
        assert_eq!(wachttijd(40), Duration::hours(6));
    }

    #[test]
    fn every_kind_reads_back_from_its_name() {
        for s in Soort::ALLE {
            assert_eq!(Soort::parse(s.as_str()), Some(s));
        }
        assert_eq!(Kanaal::parse("webhook"), Some(Kanaal::Webhook));
        assert_eq!(Frequentie::parse("wekelijks"), Some(Frequentie::Wekelijks));
        assert_eq!(Frequentie::parse("maandelijks"), None);
    }
}
