//! Track & Trace: a case as a progress list for the applicant — what is done (with its date), what happens now
//! (and what is asked of them), what comes next (with the date it is expected), and with a permit to use, the works:
//! the start notice, the building, the completion notice. The texts are
//! `voortgang.<sleutel>` in the web layer's catalogue.

use crate::procedure::Procedure;
use crate::status::Status;
use crate::zaak::Zaak;
use serde::Serialize;
use time::Date;

/// Where a step stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Stand {
    Gedaan,
    Nu,
    Straks,
}

/// One step of the progress list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Stap {
    pub sleutel: &'static str,
    pub stand: Stand,
    /// Done: the day it happened. Now or next: the day it is expected (or the deadline).
    #[serde(with = "crate::datum::option")]
    pub datum: Option<Date>,
    /// Whether the applicant must act in this step.
    pub actie_aanvrager: bool,
}

/// The progress list of `zaak` on `vandaag`.
pub fn voortgang(zaak: &Zaak, vandaag: Date) -> Vec<Stap> {
    let termijn = zaak.termijn(vandaag);
    let bereikt = |s: Status| {
        zaak.statusverloop
            .iter()
            .rev()
            .find(|(x, _)| *x == s)
            .and_then(|(_, d)| Date::parse(d, &time::format_description::well_known::Iso8601::DATE).ok())
    };
    let mut stappen = Vec::new();
    let genomen = bereikt(Status::InBehandeling).or_else(|| zaak.behandelaar.and(Some(vandaag)));
    stappen.push(("ingediend", Some(zaak.ingediend.date()), None, false));
    stappen.push(("in_behandeling", genomen, None, false));
    if let Some(v) = &zaak.open_verzoek {
        stappen.push(("aanvullen", None, Some(v.uiterlijk), true));
    } else if zaak.statusverloop.iter().any(|(s, _)| *s == Status::AanvullingGevraagd) {
        stappen.push(("aanvullen", bereikt(Status::AanvullingGevraagd), None, false));
    }
    let beslis = termijn.uiterste_beslisdatum;
    match zaak.procedure {
        Procedure::Uitgebreid => {
            stappen.push(("ontwerpbesluit", zaak.ontwerpbesluit.as_ref().map(|o| o.datum), None, false));
            stappen.push((
                "zienswijzen",
                zaak.zienswijzen_tot().filter(|d| *d < vandaag),
                zaak.zienswijzen_tot(),
                false,
            ));
            stappen.push(("besluit", zaak.besluit.as_ref().map(|b| b.datum), beslis, false));
        }
        Procedure::Melding => {
            stappen.push(("beoordeling", zaak.besluit.as_ref().map(|b| b.datum), None, false));
            stappen.push(("starten", termijn.starten_vanaf.filter(|d| *d <= vandaag), termijn.starten_vanaf, false));
        }
        _ => stappen.push(("besluit", zaak.besluit.as_ref().map(|b| b.datum), beslis, false)),
    }
    if zaak.procedure != Procedure::Melding {
        stappen.push(("bekendgemaakt", zaak.bekendgemaakt, None, false));
        stappen.push(("bezwaartermijn", zaak.bezwaar_tot().filter(|d| *d < vandaag), zaak.bezwaar_tot(), false));
        if !zaak.bezwaren.is_empty() {
            // Done when no objection runs any more: on the day the last was decided and made known, or withdrawn.
            let klaar = (!zaak.bezwaren.iter().any(|b| b.loopt()))
                .then(|| zaak.bezwaren.iter().filter_map(|b| b.bekendgemaakt.or(b.ingetrokken)).max())
                .flatten();
            stappen.push(("bezwaar", klaar, zaak.bezwaar_termijn(), false));
        }
        stappen.push((
            "onherroepelijk",
            bereikt(Status::Onherroepelijk),
            zaak.bezwaar_tot().map(|d| d.next_day().unwrap_or(d)),
            false,
        ));
    }
    // With a permit to use: the holder's own steps of the works.
    if zaak.vergunning_bruikbaar_sinds().is_some() {
        let r = &zaak.realisatie;
        stappen.push(("startmelding", r.start.as_ref().map(|s| s.gemeld), None, true));
        stappen.push(("bouw", r.gereed.as_ref().map(|g| g.gereed), r.start.as_ref().map(|s| s.startdatum), false));
        stappen.push(("gereedmelding", r.gereed.as_ref().map(|g| g.gemeld), None, true));
    }
    let mut nu_gezet = false;
    stappen
        .into_iter()
        .map(|(sleutel, klaar, verwacht, actie)| {
            let stand = if klaar.is_some() {
                Stand::Gedaan
            } else if !nu_gezet {
                nu_gezet = true;
                Stand::Nu
            } else {
                Stand::Straks
            };
            Stap { sleutel, stand, datum: klaar.or(verwacht), actie_aanvrager: actie && stand == Stand::Nu }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gebeurtenis::{Gebeurtenis, GebeurtenisSoort};
    use time::macros::{date, datetime};
    use uuid::Uuid;

    fn zaak(procedure: &str, meer: Vec<(i64, GebeurtenisSoort)>) -> Zaak {
        let start = datetime!(2026-01-05 10:00 UTC);
        let mut g = vec![Gebeurtenis {
            volgnummer: 1,
            soort: GebeurtenisSoort::Ingediend { procedure: procedure.into() },
            door: None,
            door_naam: "A".into(),
            op: start,
        }];
        for (i, (dag, soort)) in meer.into_iter().enumerate() {
            g.push(Gebeurtenis {
                volgnummer: i as i64 + 2,
                soort,
                door: None,
                door_naam: "B".into(),
                op: start + time::Duration::days(dag),
            });
        }
        Zaak::uit(&g).unwrap()
    }

    fn neem() -> GebeurtenisSoort {
        GebeurtenisSoort::InBehandelingGenomen { behandelaar: Uuid::nil(), behandelaar_naam: "B".into(), team: None }
    }

    fn lijst(z: &Zaak, vandaag: Date) -> Vec<String> {
        voortgang(z, vandaag)
            .into_iter()
            .map(|s| {
                let stand = match s.stand {
                    Stand::Gedaan => "gedaan",
                    Stand::Nu => "nu",
                    Stand::Straks => "straks",
                };
                format!("{} {stand} {}", s.sleutel, s.datum.map(|d| d.to_string()).unwrap_or_default())
            })
            .collect()
    }

    #[test]
    fn a_fresh_regular_case_shows_what_is_done_now_and_next_with_the_expected_decision_date() {
        let z = zaak("regulier", vec![]);
        assert_eq!(
            lijst(&z, date!(2026 - 01 - 06)),
            [
                "ingediend gedaan 2026-01-05",
                "in_behandeling nu ",
                "besluit straks 2026-03-02",
                "bekendgemaakt straks ",
                "bezwaartermijn straks ",
                "onherroepelijk straks ",
            ]
        );
    }

    #[test]
    fn an_open_request_is_the_applicants_step_now_with_its_last_day() {
        let z = zaak(
            "regulier",
            vec![
                (1, neem()),
                (
                    7,
                    GebeurtenisSoort::AanvullingGevraagd {
                        vraag: "Gevel".into(),
                        documenten: vec![],
                        uiterlijk: date!(2026 - 02 - 12),
                    },
                ),
            ],
        );
        let stappen = voortgang(&z, date!(2026 - 01 - 13));
        let nu = stappen.iter().find(|s| s.stand == Stand::Nu).unwrap();
        assert_eq!((nu.sleutel, nu.datum, nu.actie_aanvrager), ("aanvullen", Some(date!(2026 - 02 - 12)), true));
    }

    #[test]
    fn a_final_permit_goes_on_with_the_holders_start_notice_the_works_and_the_completion_notice() {
        let besluit = crate::Besluit {
            uitkomst: crate::Uitkomst::Verleend,
            motivering: "Past.".into(),
            voorschriften: vec![],
            verleende_activiteiten: vec![],
            zienswijzen: vec![],
        };
        let mut z = zaak(
            "regulier",
            vec![
                (1, neem()),
                (10, GebeurtenisSoort::BesluitGenomen { besluit }),
                (10, GebeurtenisSoort::Bekendgemaakt { datum: date!(2026 - 01 - 15) }),
                (60, GebeurtenisSoort::Onherroepelijk),
            ],
        );
        let staart = |z: &Zaak| lijst(z, date!(2026 - 03 - 10)).split_off(6);
        assert_eq!(staart(&z), ["startmelding nu ", "bouw straks ", "gereedmelding straks "]);
        let start = Gebeurtenis {
            volgnummer: z.laatste_volgnummer + 1,
            soort: GebeurtenisSoort::StartGemeld { startdatum: date!(2026 - 03 - 16), uitvoerder: "Bouw BV".into() },
            door: None,
            door_naam: "A".into(),
            op: datetime!(2026-03-10 09:00 UTC),
        };
        z.pas_toe(&start);
        assert_eq!(staart(&z), ["startmelding gedaan 2026-03-10", "bouw nu 2026-03-16", "gereedmelding straks "]);
    }

    #[test]
    fn a_melding_shows_the_first_day_the_work_may_start() {
        let z = zaak("melding", vec![]);
        assert_eq!(
            lijst(&z, date!(2026 - 01 - 06)),
            ["ingediend gedaan 2026-01-05", "in_behandeling nu ", "beoordeling straks ", "starten straks 2026-02-02"]
        );
    }
}
