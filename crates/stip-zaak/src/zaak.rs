//! A case as the fold of its events: its status with the dates each was reached, its handler, its suspensions and
//! extension, its (draft) decision — and which event may come next. Every change is a new event checked here first;
//! nothing is ever overwritten.

use crate::besluit::{Besluit, bezwaar_tot};
use crate::gebeurtenis::{Gebeurtenis, GebeurtenisSoort};
use crate::procedure::{Procedure, ZIENSWIJZE_TERMIJN};
use crate::status::Status;
use crate::termijn::{Opschorting, Termijnstand, bereken};
use crate::tijd::nederlands;
use serde::Serialize;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// Why an event cannot be added now. The texts are Dutch, for the official or applicant who tried.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ZaakFout {
    #[error("een zaak begint met de indiening")]
    GeenIndiening,
    #[error("de zaak is al ingediend")]
    AlIngediend,
    #[error("dit kan niet als de zaak de status '{0}' heeft")]
    NietInDezeStatus(&'static str),
    #[error("er staat al een vraag om aanvulling open")]
    VerzoekLoopt,
    #[error("de datum voor aanvullen moet na vandaag liggen")]
    UiterlijkVoorbij,
    #[error("de beslistermijn is al een keer verlengd")]
    AlVerlengd,
    #[error("verlengen kan met ten hoogste {0} weken")]
    TeLangVerlengd(u16),
    #[error("verlengen kan alleen voordat de beslistermijn is verstreken")]
    TermijnVerstreken,
    #[error("deze procedure heeft geen beslistermijn")]
    GeenTermijn,
    #[error("een ontwerpbesluit hoort alleen bij de uitgebreide procedure")]
    GeenOntwerpNodig,
    #[error("het ontwerpbesluit ligt ter inzage tot en met {0}; daarna kan het besluit worden genomen")]
    ZienswijzenLopen(Date),
    #[error("de bezwaartermijn loopt tot en met {0}")]
    BezwaarLoopt(Date),
    #[error("de datum van bekendmaking kan niet voor het besluit of in de toekomst liggen")]
    OngeldigeBekendmaking,
    #[error("de gebeurtenissen lopen niet op volgorde")]
    Volgorde,
}

/// The decision with the day it was taken.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GenomenBesluit {
    pub besluit: Besluit,
    #[serde(with = "crate::datum")]
    pub datum: Date,
}

/// An open request for more information.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Verzoek {
    pub vraag: String,
    pub documenten: Vec<String>,
    #[serde(with = "crate::datum")]
    pub uiterlijk: Date,
    #[serde(with = "crate::datum")]
    pub gevraagd: Date,
}

/// The state of a case after its events.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Zaak {
    #[serde(serialize_with = "procedure_soort")]
    pub procedure: Procedure,
    pub status: Status,
    #[serde(with = "time::serde::rfc3339")]
    pub ingediend: OffsetDateTime,
    /// When each status was reached, in order (a status reached twice appears twice).
    pub statusverloop: Vec<(Status, String)>,
    pub behandelaar: Option<Uuid>,
    pub behandelaar_naam: Option<String>,
    pub team: Option<String>,
    #[serde(skip)]
    pub opschortingen: Vec<Opschorting>,
    pub open_verzoek: Option<Verzoek>,
    pub verlengd_weken: u16,
    pub ontwerpbesluit: Option<GenomenBesluit>,
    pub besluit: Option<GenomenBesluit>,
    #[serde(with = "crate::datum::option")]
    pub bekendgemaakt: Option<Date>,
    pub laatste_volgnummer: i64,
}

fn procedure_soort<S: serde::Serializer>(p: &Procedure, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(p.soort())
}

impl Zaak {
    /// The state after `gebeurtenissen` (in volgnummer order, the first being the submission).
    pub fn uit(gebeurtenissen: &[Gebeurtenis]) -> Result<Zaak, ZaakFout> {
        let (eerste, rest) = gebeurtenissen.split_first().ok_or(ZaakFout::GeenIndiening)?;
        let GebeurtenisSoort::Ingediend { procedure } = &eerste.soort else {
            return Err(ZaakFout::GeenIndiening);
        };
        let procedure = Procedure::parse(procedure).unwrap_or(Procedure::Regulier);
        let mut zaak = Zaak {
            procedure,
            status: Status::Ontvangen,
            ingediend: nederlands(eerste.op),
            statusverloop: vec![(Status::Ontvangen, nederlands(eerste.op).date().to_string())],
            behandelaar: None,
            behandelaar_naam: None,
            team: None,
            opschortingen: Vec::new(),
            open_verzoek: None,
            verlengd_weken: 0,
            ontwerpbesluit: None,
            besluit: None,
            bekendgemaakt: None,
            laatste_volgnummer: eerste.volgnummer,
        };
        for g in rest {
            if g.volgnummer != zaak.laatste_volgnummer + 1 {
                return Err(ZaakFout::Volgorde);
            }
            zaak.pas_toe(g);
        }
        Ok(zaak)
    }

    /// The decision term on `vandaag`.
    pub fn termijn(&self, vandaag: Date) -> Termijnstand {
        bereken(
            self.procedure,
            self.ingediend.date(),
            &self.opschortingen,
            self.verlengd_weken,
            self.status.besloten(),
            vandaag,
        )
    }

    /// Whether neighbours may see the case: once the draft decision lies open for views or the decision is public.
    pub fn openbaar(&self) -> bool {
        self.ontwerpbesluit.is_some() || self.bekendgemaakt.is_some()
    }

    /// The last day to object, once the decision is made known.
    pub fn bezwaar_tot(&self) -> Option<Date> {
        self.bekendgemaakt.map(bezwaar_tot)
    }

    /// The last day for views on the draft decision.
    pub fn zienswijzen_tot(&self) -> Option<Date> {
        self.ontwerpbesluit.as_ref().map(|o| crate::kalender::einde(o.datum.saturating_add(ZIENSWIJZE_TERMIJN.duur())))
    }

    /// The kinds of event an official can add now (by [`GebeurtenisSoort::naam`]), in the order of the procedure.
    /// Asked of [`Zaak::controleer`] itself with the most lenient example of each kind (a request for information due
    /// tomorrow, an extension of one week, publication today), so the rules live in one place.
    pub fn mogelijke_stappen(&self, vandaag: Date) -> Vec<&'static str> {
        let leeg = Besluit {
            uitkomst: crate::besluit::Uitkomst::Verleend,
            motivering: String::new(),
            voorschriften: vec![],
            verleende_activiteiten: vec![],
        };
        let morgen = vandaag.next_day().unwrap_or(vandaag);
        let voorbeelden = [
            GebeurtenisSoort::InBehandelingGenomen {
                behandelaar: Uuid::nil(),
                behandelaar_naam: String::new(),
                team: None,
            },
            GebeurtenisSoort::AanvullingGevraagd { vraag: String::new(), documenten: vec![], uiterlijk: morgen },
            GebeurtenisSoort::AdviesGevraagd { adviseur: String::new(), vraag: String::new() },
            GebeurtenisSoort::AdviesOntvangen { adviseur: String::new(), advies: String::new() },
            GebeurtenisSoort::TermijnVerlengd { weken: 1, reden: String::new() },
            GebeurtenisSoort::OntwerpbesluitGenomen { besluit: leeg.clone() },
            GebeurtenisSoort::BesluitGenomen { besluit: leeg },
            GebeurtenisSoort::Bekendgemaakt { datum: vandaag },
            GebeurtenisSoort::Onherroepelijk,
        ];
        voorbeelden.iter().filter(|s| self.controleer(s, vandaag).is_ok()).map(|s| s.naam()).collect()
    }

    /// Checks whether `nieuw` may happen on `vandaag`, and returns the status the case then has.
    pub fn controleer(&self, nieuw: &GebeurtenisSoort, vandaag: Date) -> Result<Status, ZaakFout> {
        use GebeurtenisSoort as G;
        use Status as S;
        let nu = self.status;
        let niet = || ZaakFout::NietInDezeStatus(nu.as_str());
        match nieuw {
            G::Ingediend { .. } => Err(ZaakFout::AlIngediend),
            G::Bericht { .. } | G::BerichtAanBelanghebbenden { .. } => Ok(nu),
            G::InBehandelingGenomen { .. } => match nu {
                S::Ontvangen => Ok(S::InBehandeling),
                S::InBehandeling | S::AanvullingGevraagd | S::Advies | S::Ontwerpbesluit => Ok(nu),
                _ => Err(niet()),
            },
            G::AanvullingGevraagd { uiterlijk, .. } => {
                if self.open_verzoek.is_some() {
                    return Err(ZaakFout::VerzoekLoopt);
                }
                if !matches!(nu, S::Ontvangen | S::InBehandeling) {
                    return Err(niet());
                }
                if *uiterlijk <= vandaag {
                    return Err(ZaakFout::UiterlijkVoorbij);
                }
                Ok(S::AanvullingGevraagd)
            }
            G::Aangevuld { .. } => {
                if nu == S::AanvullingGevraagd {
                    Ok(S::InBehandeling)
                } else {
                    Err(niet())
                }
            }
            G::AdviesGevraagd { .. } => {
                if nu == S::InBehandeling {
                    Ok(S::Advies)
                } else {
                    Err(niet())
                }
            }
            G::AdviesOntvangen { .. } => {
                if nu == S::Advies {
                    Ok(S::InBehandeling)
                } else {
                    Err(niet())
                }
            }
            G::TermijnVerlengd { weken, .. } => {
                let termijn = self.procedure.beslistermijn().ok_or(ZaakFout::GeenTermijn)?;
                if nu.besloten() {
                    return Err(niet());
                }
                if self.verlengd_weken > 0 {
                    return Err(ZaakFout::AlVerlengd);
                }
                let max = termijn.verlenging_weken.unwrap_or(0);
                if *weken == 0 || *weken > max {
                    return Err(ZaakFout::TeLangVerlengd(max));
                }
                match self.termijn(vandaag).uiterste_beslisdatum {
                    Some(d) if vandaag <= d => Ok(nu),
                    _ => Err(ZaakFout::TermijnVerstreken),
                }
            }
            G::OntwerpbesluitGenomen { .. } => {
                if self.procedure != Procedure::Uitgebreid {
                    return Err(ZaakFout::GeenOntwerpNodig);
                }
                if nu == S::InBehandeling { Ok(S::Ontwerpbesluit) } else { Err(niet()) }
            }
            G::BesluitGenomen { .. } => {
                if self.procedure == Procedure::Uitgebreid {
                    if nu != S::Ontwerpbesluit {
                        return Err(niet());
                    }
                    let tot = self.zienswijzen_tot().unwrap_or(vandaag);
                    if vandaag <= tot {
                        return Err(ZaakFout::ZienswijzenLopen(tot));
                    }
                    return Ok(S::Besluit);
                }
                if nu == S::InBehandeling { Ok(S::Besluit) } else { Err(niet()) }
            }
            G::Bekendgemaakt { datum } => {
                let Some(b) = self.besluit.as_ref().filter(|_| nu == S::Besluit) else {
                    return Err(niet());
                };
                if *datum < b.datum || *datum > vandaag {
                    return Err(ZaakFout::OngeldigeBekendmaking);
                }
                Ok(S::Bekendgemaakt)
            }
            G::Onherroepelijk => {
                if nu != S::Bekendgemaakt {
                    return Err(niet());
                }
                let tot = self.bezwaar_tot().unwrap_or(vandaag);
                if vandaag <= tot {
                    return Err(ZaakFout::BezwaarLoopt(tot));
                }
                Ok(S::Onherroepelijk)
            }
        }
    }

    /// Applies an event already checked (or read back from the store).
    pub fn pas_toe(&mut self, g: &Gebeurtenis) {
        use GebeurtenisSoort as G;
        let dag = nederlands(g.op).date();
        let nieuw = self.controleer(&g.soort, dag).unwrap_or(self.status);
        match &g.soort {
            G::Ingediend { .. }
            | G::Bericht { .. }
            | G::BerichtAanBelanghebbenden { .. }
            | G::AdviesGevraagd { .. }
            | G::AdviesOntvangen { .. } => {}
            G::Onherroepelijk => {}
            G::InBehandelingGenomen { behandelaar, behandelaar_naam, team } => {
                self.behandelaar = Some(*behandelaar);
                self.behandelaar_naam = Some(behandelaar_naam.clone());
                self.team.clone_from(team);
            }
            G::AanvullingGevraagd { vraag, documenten, uiterlijk } => {
                self.opschortingen.push(Opschorting { van: dag, uiterlijk: *uiterlijk, tot: None });
                self.open_verzoek = Some(Verzoek {
                    vraag: vraag.clone(),
                    documenten: documenten.clone(),
                    uiterlijk: *uiterlijk,
                    gevraagd: dag,
                });
            }
            G::Aangevuld { .. } => {
                if let Some(o) = self.opschortingen.last_mut().filter(|o| o.tot.is_none()) {
                    o.tot = Some(dag);
                }
                self.open_verzoek = None;
            }
            G::TermijnVerlengd { weken, .. } => self.verlengd_weken = *weken,
            G::OntwerpbesluitGenomen { besluit } => {
                self.ontwerpbesluit = Some(GenomenBesluit { besluit: besluit.clone(), datum: dag })
            }
            G::BesluitGenomen { besluit } => {
                self.besluit = Some(GenomenBesluit { besluit: besluit.clone(), datum: dag })
            }
            G::Bekendgemaakt { datum } => self.bekendgemaakt = Some(*datum),
        }
        if nieuw != self.status {
            self.status = nieuw;
            self.statusverloop.push((nieuw, dag.to_string()));
        }
        self.laatste_volgnummer = g.volgnummer;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::besluit::Uitkomst;
    use time::macros::datetime;
    use time::{Duration, macros::date};

    struct Verloop {
        gebeurtenissen: Vec<Gebeurtenis>,
    }

    impl Verloop {
        fn ingediend(procedure: &str) -> Verloop {
            Verloop {
                gebeurtenissen: vec![Gebeurtenis {
                    volgnummer: 1,
                    soort: GebeurtenisSoort::Ingediend { procedure: procedure.into() },
                    door: None,
                    door_naam: "Aanvrager".into(),
                    op: datetime!(2026-01-05 10:00 UTC),
                }],
            }
        }

        fn zaak(&self) -> Zaak {
            Zaak::uit(&self.gebeurtenissen).unwrap()
        }

        /// Adds an event on `dag` days after submission, checked like the web layer does.
        fn dan(mut self, dag: i64, soort: GebeurtenisSoort) -> Result<Verloop, ZaakFout> {
            let zaak = self.zaak();
            let op = datetime!(2026-01-05 10:00 UTC) + Duration::days(dag);
            zaak.controleer(&soort, op.date())?;
            self.gebeurtenissen.push(Gebeurtenis {
                volgnummer: zaak.laatste_volgnummer + 1,
                soort,
                door: None,
                door_naam: "Behandelaar".into(),
                op,
            });
            Ok(self)
        }
    }

    fn neem() -> GebeurtenisSoort {
        GebeurtenisSoort::InBehandelingGenomen { behandelaar: Uuid::nil(), behandelaar_naam: "B".into(), team: None }
    }

    fn besluit() -> Besluit {
        Besluit {
            uitkomst: Uitkomst::Verleend,
            motivering: "Past.".into(),
            voorschriften: vec![],
            verleende_activiteiten: vec![],
        }
    }

    #[test]
    fn a_regular_case_runs_from_received_to_final_with_a_date_for_each_status() {
        let v = Verloop::ingediend("regulier")
            .dan(1, neem())
            .unwrap()
            .dan(20, GebeurtenisSoort::BesluitGenomen { besluit: besluit() })
            .unwrap()
            .dan(21, GebeurtenisSoort::Bekendgemaakt { datum: date!(2026 - 01 - 26) })
            .unwrap();
        let z = v.zaak();
        assert_eq!(z.status, Status::Bekendgemaakt);
        assert_eq!(z.bezwaar_tot(), Some(date!(2026 - 03 - 09)));
        assert!(z.openbaar());
        let verloop: Vec<_> = z.statusverloop.iter().map(|(s, d)| format!("{}:{d}", s.as_str())).collect();
        assert_eq!(
            verloop,
            ["ontvangen:2026-01-05", "in_behandeling:2026-01-06", "besluit:2026-01-25", "bekendgemaakt:2026-01-26"]
        );
        assert_eq!(
            v.dan(40, GebeurtenisSoort::Onherroepelijk).err(),
            Some(ZaakFout::BezwaarLoopt(date!(2026 - 03 - 09)))
        );
    }

    #[test]
    fn a_request_for_information_suspends_the_term_until_it_is_supplied() {
        let v = Verloop::ingediend("regulier")
            .dan(1, neem())
            .unwrap()
            .dan(
                7,
                GebeurtenisSoort::AanvullingGevraagd {
                    vraag: "Stuur de gevel.".into(),
                    documenten: vec![],
                    uiterlijk: date!(2026 - 02 - 12),
                },
            )
            .unwrap();
        assert_eq!(v.zaak().status, Status::AanvullingGevraagd);
        let dubbel = v.zaak().controleer(
            &GebeurtenisSoort::AanvullingGevraagd {
                vraag: "x".into(),
                documenten: vec![],
                uiterlijk: date!(2026 - 03 - 01),
            },
            date!(2026 - 01 - 13),
        );
        assert_eq!(dubbel, Err(ZaakFout::VerzoekLoopt));
        let v =
            v.dan(17, GebeurtenisSoort::Aangevuld { toelichting: "Bijgevoegd".into(), documenten: vec![] }).unwrap();
        let z = v.zaak();
        assert_eq!(z.status, Status::InBehandeling);
        assert_eq!(z.termijn(date!(2026 - 02 - 01)).opgeschort_dagen, 10);
        assert_eq!(z.termijn(date!(2026 - 02 - 01)).uiterste_beslisdatum, Some(date!(2026 - 03 - 12)));
    }

    #[test]
    fn the_term_can_be_extended_once_by_at_most_six_weeks_before_it_ends() {
        let v = Verloop::ingediend("regulier").dan(1, neem()).unwrap();
        assert_eq!(
            v.zaak()
                .controleer(&GebeurtenisSoort::TermijnVerlengd { weken: 7, reden: "x".into() }, date!(2026 - 01 - 10)),
            Err(ZaakFout::TeLangVerlengd(6))
        );
        assert_eq!(
            v.zaak()
                .controleer(&GebeurtenisSoort::TermijnVerlengd { weken: 6, reden: "x".into() }, date!(2026 - 03 - 03)),
            Err(ZaakFout::TermijnVerstreken)
        );
        let v = v.dan(50, GebeurtenisSoort::TermijnVerlengd { weken: 6, reden: "Advies nodig".into() }).unwrap();
        assert_eq!(v.zaak().termijn(date!(2026 - 02 - 24)).uiterste_beslisdatum, Some(date!(2026 - 04 - 13)));
        assert_eq!(
            v.dan(51, GebeurtenisSoort::TermijnVerlengd { weken: 1, reden: "x".into() }).err(),
            Some(ZaakFout::AlVerlengd)
        );
    }

    #[test]
    fn the_extended_procedure_decides_only_after_the_draft_lay_open_for_six_weeks() {
        let v = Verloop::ingediend("uitgebreid").dan(1, neem()).unwrap();
        assert_eq!(
            v.zaak().controleer(&GebeurtenisSoort::BesluitGenomen { besluit: besluit() }, date!(2026 - 01 - 10)),
            Err(ZaakFout::NietInDezeStatus("in_behandeling"))
        );
        let v = v.dan(30, GebeurtenisSoort::OntwerpbesluitGenomen { besluit: besluit() }).unwrap();
        assert!(v.zaak().openbaar(), "the draft lies open for everyone");
        let tot = v.zaak().zienswijzen_tot().unwrap();
        assert_eq!(tot, date!(2026 - 03 - 18));
        assert_eq!(
            v.zaak().controleer(&GebeurtenisSoort::BesluitGenomen { besluit: besluit() }, tot),
            Err(ZaakFout::ZienswijzenLopen(tot))
        );
        assert!(v.dan(73, GebeurtenisSoort::BesluitGenomen { besluit: besluit() }).is_ok());
    }

    #[test]
    fn a_draft_decision_belongs_only_to_the_extended_procedure() {
        let v = Verloop::ingediend("regulier").dan(1, neem()).unwrap();
        assert_eq!(
            v.dan(2, GebeurtenisSoort::OntwerpbesluitGenomen { besluit: besluit() }).err(),
            Some(ZaakFout::GeenOntwerpNodig)
        );
    }

    #[test]
    fn a_case_cannot_be_decided_before_an_official_takes_it_nor_twice() {
        let v = Verloop::ingediend("regulier");
        assert_eq!(
            v.zaak().controleer(&GebeurtenisSoort::BesluitGenomen { besluit: besluit() }, date!(2026 - 01 - 06)),
            Err(ZaakFout::NietInDezeStatus("ontvangen"))
        );
        let v = v.dan(1, neem()).unwrap().dan(2, GebeurtenisSoort::BesluitGenomen { besluit: besluit() }).unwrap();
        assert_eq!(
            v.zaak().controleer(&GebeurtenisSoort::BesluitGenomen { besluit: besluit() }, date!(2026 - 01 - 08)),
            Err(ZaakFout::NietInDezeStatus("besluit"))
        );
    }

    #[test]
    fn events_out_of_order_are_refused_when_read_back() {
        let mut v = Verloop::ingediend("regulier").dan(1, neem()).unwrap();
        v.gebeurtenissen[1].volgnummer = 5;
        assert_eq!(Zaak::uit(&v.gebeurtenissen), Err(ZaakFout::Volgorde));
        assert_eq!(Zaak::uit(&[]), Err(ZaakFout::GeenIndiening));
    }
}
