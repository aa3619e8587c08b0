//! The STTR conclusion outcomes, their order of severity and the Dutch sentences about them.

use serde::Serialize;

/// Outcome of a Conclusie model (TConclusie), plus `Onbepaald` when the rules give no outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Conclusie {
    Verbod,
    NeemContactOpMet,
    Onbepaald,
    Vergunningplicht,
    Meldingsplicht,
    Informatieplicht,
    Toestemmingsvrij,
    NietVanToepassing,
}

impl Conclusie {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s.trim() {
            "Verbod" => Conclusie::Verbod,
            "NeemContactOpMet" => Conclusie::NeemContactOpMet,
            "Vergunningplicht" => Conclusie::Vergunningplicht,
            "Meldingsplicht" => Conclusie::Meldingsplicht,
            "Informatieplicht" => Conclusie::Informatieplicht,
            "Toestemmingsvrij" => Conclusie::Toestemmingsvrij,
            "NietVanToepassing" => Conclusie::NietVanToepassing,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Conclusie::Verbod => "Verbod",
            Conclusie::NeemContactOpMet => "NeemContactOpMet",
            Conclusie::Onbepaald => "Onbepaald",
            Conclusie::Vergunningplicht => "Vergunningplicht",
            Conclusie::Meldingsplicht => "Meldingsplicht",
            Conclusie::Informatieplicht => "Informatieplicht",
            Conclusie::Toestemmingsvrij => "Toestemmingsvrij",
            Conclusie::NietVanToepassing => "NietVanToepassing",
        }
    }

    /// "Dan …" sentence used in explanations.
    pub fn dan_zin(self) -> &'static str {
        match self {
            Conclusie::Verbod => "Dan is de activiteit hier niet toegestaan.",
            Conclusie::NeemContactOpMet => "Dan moet u contact opnemen met de gemeente.",
            Conclusie::Onbepaald => "Dan zijn er meer vragen nodig om dit te bepalen.",
            Conclusie::Vergunningplicht => "Dan hebt u een omgevingsvergunning nodig.",
            Conclusie::Meldingsplicht => "Dan moet u een melding doen.",
            Conclusie::Informatieplicht => "Dan moet u vooraf informatie aanleveren.",
            Conclusie::Toestemmingsvrij => "Dan hebt u geen vergunning of melding nodig.",
            Conclusie::NietVanToepassing => "Dan zijn deze regels niet op u van toepassing.",
        }
    }
}

/// Sort rank across activities: Verbod, NeemContactOpMet, (no outcome), Vergunningplicht with
/// Meldingsplicht, Vergunningplicht, Meldingsplicht, Informatieplicht, Toestemmingsvrij, NietVanToepassing.
pub(crate) fn rang(hoofd: Conclusie, alle: &[Conclusie]) -> u8 {
    let both = alle.contains(&Conclusie::Vergunningplicht) && alle.contains(&Conclusie::Meldingsplicht);
    match hoofd {
        Conclusie::Verbod => 0,
        Conclusie::NeemContactOpMet => 1,
        Conclusie::Onbepaald => 2,
        Conclusie::Vergunningplicht if both => 3,
        Conclusie::Vergunningplicht => 4,
        Conclusie::Meldingsplicht => 5,
        Conclusie::Informatieplicht => 6,
        Conclusie::Toestemmingsvrij => 7,
        Conclusie::NietVanToepassing => 8,
    }
}
