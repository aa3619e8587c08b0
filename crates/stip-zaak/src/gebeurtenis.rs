//! The events of a case: append-only facts (who, what, when) from which the case's state, its terms, the
//! applicant's progress list and the audit trail are all derived.

use crate::autorisatie::Actie;
use crate::besluit::Besluit;
use crate::bezwaar::{Afspraak, BezwaarUitkomst};
use crate::realisatie::{Verschil, WijzigingOordeel};
use crate::toezicht::{Bevinding, Bewijsfoto, Controlepunt};
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// What happened. Serialised with `soort` as the tag; the store keeps `soort` as a column and the rest as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "soort", rename_all = "snake_case", rename_all_fields = "camelCase")]
pub enum GebeurtenisSoort {
    /// The application arrived (the receipt's date is `op`).
    Ingediend {
        procedure: String,
    },
    /// An official took the case (or it was handed to another).
    #[serde(rename_all = "camelCase")]
    InBehandelingGenomen {
        behandelaar: Uuid,
        behandelaar_naam: String,
        team: Option<String>,
    },
    /// More information is asked; the decision term is suspended from now until it is supplied or `uiterlijk` passes.
    AanvullingGevraagd {
        vraag: String,
        documenten: Vec<String>,
        #[serde(with = "crate::datum")]
        uiterlijk: Date,
    },
    /// The applicant supplied what was asked; the clock runs again.
    Aangevuld {
        toelichting: String,
        documenten: Vec<Uuid>,
    },
    /// Advice asked of another body (e.g. welstand, brandweer).
    AdviesGevraagd {
        adviseur: String,
        vraag: String,
    },
    /// The advice came in.
    AdviesOntvangen {
        adviseur: String,
        advies: String,
    },
    /// The decision term extended once (Omgevingswet 16.64 lid 2, Awb 3:18).
    TermijnVerlengd {
        weken: u16,
        reden: String,
    },
    /// The draft decision, open for views for 6 weeks (uitgebreide procedure).
    OntwerpbesluitGenomen {
        besluit: Besluit,
    },
    BesluitGenomen {
        besluit: Besluit,
    },
    /// The decision was made known (sent to the applicant, published); the objection term starts.
    Bekendgemaakt {
        #[serde(with = "crate::datum")]
        datum: Date,
    },
    /// The objection term passed without objection.
    Onherroepelijk,
    /// A message between applicant and official; changes nothing else.
    #[serde(rename_all = "camelCase")]
    Bericht {
        tekst: String,
        van_aanvrager: bool,
    },
    /// The municipality's message to everyone concerned with the case (neighbours, followers): public text, written
    /// to be published.
    BerichtAanBelanghebbenden {
        tekst: String,
    },
    /// Someone gave a view on the draft decision (its content and its giver are kept apart, not in the history).
    ZienswijzeOntvangen {
        zienswijze: Uuid,
        nummer: u32,
    },
    /// Someone objected to the published decision: the objection's own case starts (see [`crate::bezwaar`]).
    #[serde(rename_all = "camelCase")]
    BezwaarOntvangen {
        bezwaar: Uuid,
        nummer: String,
        te_laat: bool,
    },
    /// A call, mediation meeting or hearing on an objection is planned.
    BezwaarAfspraakGepland {
        bezwaar: Uuid,
        afspraak: Afspraak,
    },
    /// The report of a call, meeting or hearing is added to the objection's file.
    BezwaarVerslag {
        bezwaar: Uuid,
        tekst: String,
    },
    /// An advisory committee hears the objection: the decision term becomes 12 weeks.
    BezwaarAdviescommissie {
        bezwaar: Uuid,
    },
    /// The decision term on the objection extended once.
    BezwaarTermijnVerlengd {
        bezwaar: Uuid,
        weken: u16,
        reden: String,
    },
    /// The objector withdrew the objection.
    BezwaarIngetrokken {
        bezwaar: Uuid,
        reden: String,
    },
    /// The decision on the objection; when (partly) founded the decision is revoked and, where needed, replaced.
    #[serde(rename_all = "camelCase")]
    BezwaarBeslist {
        bezwaar: Uuid,
        uitkomst: BezwaarUitkomst,
        motivering: String,
        nieuw_besluit: Option<Besluit>,
    },
    /// The decision on the objection was made known; the appeal term starts.
    BezwaarBekendgemaakt {
        bezwaar: Uuid,
        #[serde(with = "crate::datum")]
        datum: Date,
    },
    /// An appeal was lodged at the court: the decision cannot become final until it is settled.
    BeroepIngesteld {
        toelichting: String,
    },
    /// The court settled the appeal (or it was withdrawn).
    BeroepAfgedaan {
        toelichting: String,
    },
    /// The applicant withdrew the application before the decision: the case ends.
    AanvraagIngetrokken {
        reden: String,
    },
    /// The holder reports when the works start and who carries them out (at least two working days ahead).
    StartGemeld {
        #[serde(with = "crate::datum")]
        startdatum: Date,
        uitvoerder: String,
    },
    /// The holder reports the works finished, with the documents the municipality asks for then.
    GereedGemeld {
        #[serde(with = "crate::datum")]
        gereed: Date,
        toelichting: String,
        documenten: Vec<Uuid>,
    },
    /// The holder reports a change during the works; stip judged it against the permit (see [`crate::realisatie`]).
    WijzigingGemeld {
        nummer: u32,
        oordeel: WijzigingOordeel,
        verschillen: Vec<Verschil>,
        /// The changed plan as reported (geometry in RD New, measures, use).
        #[cfg_attr(feature = "openapi", schema(value_type = Object))]
        plan: serde_json::Value,
    },
    /// The official confirms that a reported change fits the permit.
    WijzigingBevestigd {
        nummer: u32,
        toelichting: String,
    },
    /// After completion the holder asks for an aftercare conversation (Persoonlijke nazorg).
    NazorgGevraagd {
        vraag: String,
    },
    /// The aftercare conversation was held.
    NazorgGehad {
        verslag: String,
    },

    // Supervision (toezicht, issue 18): inspections and Controle op afstand, folded in [`crate::toezicht`].
    /// An inspection visit is planned, with its checklist from the permit's conditions and the plan's norms.
    InspectieGepland {
        inspectie: Uuid,
        #[serde(with = "crate::datum")]
        datum: Date,
        inspecteur: String,
        checklist: Vec<Controlepunt>,
    },
    /// The inspection was carried out: a finding on every item of its checklist.
    InspectieUitgevoerd {
        inspectie: Uuid,
        bevindingen: Vec<Bevinding>,
    },
    /// The official asks the holder for evidence (photos) instead of a visit.
    BewijsGevraagd {
        verzoek: Uuid,
        vraag: String,
        #[serde(with = "crate::datum")]
        uiterlijk: Date,
    },
    /// The holder sent a photo as evidence, with what stip read from it.
    BewijsGeleverd {
        verzoek: Uuid,
        foto: Bewijsfoto,
        toelichting: String,
    },
    /// The official accepted the evidence, or asks again.
    BewijsBeoordeeld {
        verzoek: Uuid,
        akkoord: bool,
        toelichting: String,
    },
}

impl GebeurtenisSoort {
    /// The stable name of the kind (`ingediend`, `aanvulling_gevraagd`, …), as stored.
    pub fn naam(&self) -> &'static str {
        match self {
            GebeurtenisSoort::Ingediend { .. } => "ingediend",
            GebeurtenisSoort::InBehandelingGenomen { .. } => "in_behandeling_genomen",
            GebeurtenisSoort::AanvullingGevraagd { .. } => "aanvulling_gevraagd",
            GebeurtenisSoort::Aangevuld { .. } => "aangevuld",
            GebeurtenisSoort::AdviesGevraagd { .. } => "advies_gevraagd",
            GebeurtenisSoort::AdviesOntvangen { .. } => "advies_ontvangen",
            GebeurtenisSoort::TermijnVerlengd { .. } => "termijn_verlengd",
            GebeurtenisSoort::OntwerpbesluitGenomen { .. } => "ontwerpbesluit_genomen",
            GebeurtenisSoort::BesluitGenomen { .. } => "besluit_genomen",
            GebeurtenisSoort::Bekendgemaakt { .. } => "bekendgemaakt",
            GebeurtenisSoort::Onherroepelijk => "onherroepelijk",
            GebeurtenisSoort::Bericht { .. } => "bericht",
            GebeurtenisSoort::BerichtAanBelanghebbenden { .. } => "bericht_aan_belanghebbenden",
            GebeurtenisSoort::ZienswijzeOntvangen { .. } => "zienswijze_ontvangen",
            GebeurtenisSoort::BezwaarOntvangen { .. } => "bezwaar_ontvangen",
            GebeurtenisSoort::BezwaarAfspraakGepland { .. } => "bezwaar_afspraak_gepland",
            GebeurtenisSoort::BezwaarVerslag { .. } => "bezwaar_verslag",
            GebeurtenisSoort::BezwaarAdviescommissie { .. } => "bezwaar_adviescommissie",
            GebeurtenisSoort::BezwaarTermijnVerlengd { .. } => "bezwaar_termijn_verlengd",
            GebeurtenisSoort::BezwaarIngetrokken { .. } => "bezwaar_ingetrokken",
            GebeurtenisSoort::BezwaarBeslist { .. } => "bezwaar_beslist",
            GebeurtenisSoort::BezwaarBekendgemaakt { .. } => "bezwaar_bekendgemaakt",
            GebeurtenisSoort::BeroepIngesteld { .. } => "beroep_ingesteld",
            GebeurtenisSoort::BeroepAfgedaan { .. } => "beroep_afgedaan",
            GebeurtenisSoort::AanvraagIngetrokken { .. } => "aanvraag_ingetrokken",
            GebeurtenisSoort::StartGemeld { .. } => "start_gemeld",
            GebeurtenisSoort::GereedGemeld { .. } => "gereed_gemeld",
            GebeurtenisSoort::WijzigingGemeld { .. } => "wijziging_gemeld",
            GebeurtenisSoort::WijzigingBevestigd { .. } => "wijziging_bevestigd",
            GebeurtenisSoort::NazorgGevraagd { .. } => "nazorg_gevraagd",
            GebeurtenisSoort::NazorgGehad { .. } => "nazorg_gehad",
            GebeurtenisSoort::InspectieGepland { .. } => "inspectie_gepland",
            GebeurtenisSoort::InspectieUitgevoerd { .. } => "inspectie_uitgevoerd",
            GebeurtenisSoort::BewijsGevraagd { .. } => "bewijs_gevraagd",
            GebeurtenisSoort::BewijsGeleverd { .. } => "bewijs_geleverd",
            GebeurtenisSoort::BewijsBeoordeeld { .. } => "bewijs_beoordeeld",
        }
    }

    /// The objection a step is about, for the steps of an objection's own case.
    pub fn bezwaar(&self) -> Option<Uuid> {
        use GebeurtenisSoort as G;
        match self {
            G::BezwaarOntvangen { bezwaar, .. }
            | G::BezwaarAfspraakGepland { bezwaar, .. }
            | G::BezwaarVerslag { bezwaar, .. }
            | G::BezwaarAdviescommissie { bezwaar }
            | G::BezwaarTermijnVerlengd { bezwaar, .. }
            | G::BezwaarIngetrokken { bezwaar, .. }
            | G::BezwaarBeslist { bezwaar, .. }
            | G::BezwaarBekendgemaakt { bezwaar, .. } => Some(*bezwaar),
            _ => None,
        }
    }

    /// The action this event takes, for the authorisation policy: applicants supply and write as applicant,
    /// officials handle, decisions and their publication are [`Actie::Beslis`].
    pub fn actie(&self) -> Actie {
        match self {
            GebeurtenisSoort::Ingediend { .. } => Actie::DienIn,
            GebeurtenisSoort::Aangevuld { .. } | GebeurtenisSoort::AanvraagIngetrokken { .. } => Actie::Aanvullen,
            // The holder reports on the works they carry out.
            GebeurtenisSoort::StartGemeld { .. }
            | GebeurtenisSoort::GereedGemeld { .. }
            | GebeurtenisSoort::WijzigingGemeld { .. }
            | GebeurtenisSoort::NazorgGevraagd { .. } => Actie::Aanvullen,
            GebeurtenisSoort::Bericht { van_aanvrager: true, .. } => Actie::Aanvullen,
            // The holder sends the evidence asked of them.
            GebeurtenisSoort::BewijsGeleverd { .. } => Actie::Aanvullen,
            GebeurtenisSoort::OntwerpbesluitGenomen { .. }
            | GebeurtenisSoort::BesluitGenomen { .. }
            | GebeurtenisSoort::Bekendgemaakt { .. }
            | GebeurtenisSoort::Onherroepelijk
            | GebeurtenisSoort::BezwaarBeslist { .. }
            | GebeurtenisSoort::BezwaarBekendgemaakt { .. } => Actie::Beslis,
            // Anyone may give a view on a public draft or object to a public decision; an objector may withdraw their
            // own objection (the use case checks it is theirs).
            GebeurtenisSoort::ZienswijzeOntvangen { .. } | GebeurtenisSoort::BezwaarOntvangen { .. } => Actie::Inspraak,
            _ => Actie::Behandel,
        }
    }

    /// The JSON the store keeps beside the `soort` column (everything but the tag).
    pub fn gegevens(&self) -> serde_json::Value {
        let mut v = serde_json::to_value(self).unwrap_or(serde_json::Value::Null);
        if let Some(o) = v.as_object_mut() {
            o.remove("soort");
        }
        v
    }

    /// Reads a stored event back from its `soort` column and its JSON.
    pub fn lees(soort: &str, gegevens: &serde_json::Value) -> Result<GebeurtenisSoort, serde_json::Error> {
        let mut v = match gegevens {
            serde_json::Value::Object(o) => serde_json::Value::Object(o.clone()),
            _ => serde_json::json!({}),
        };
        v["soort"] = serde_json::Value::String(soort.to_string());
        serde_json::from_value(v)
    }
}

/// One event with its place in the history, its author and its time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Gebeurtenis {
    pub volgnummer: i64,
    #[serde(flatten)]
    pub soort: GebeurtenisSoort,
    /// Who did it (`None`: stip itself).
    pub door: Option<Uuid>,
    pub door_naam: String,
    #[serde(with = "time::serde::rfc3339")]
    pub op: OffsetDateTime,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn an_event_reads_back_from_its_stored_kind_and_data() {
        let e = GebeurtenisSoort::AanvullingGevraagd {
            vraag: "Stuur een tekening van de gevel.".into(),
            documenten: vec!["Tekening gevel".into()],
            uiterlijk: date!(2026 - 12 - 20),
        };
        assert_eq!(e.naam(), "aanvulling_gevraagd");
        assert_eq!(e.gegevens()["uiterlijk"], "2026-12-20");
        assert_eq!(GebeurtenisSoort::lees(e.naam(), &e.gegevens()).unwrap(), e);
        assert_eq!(
            GebeurtenisSoort::lees("onherroepelijk", &serde_json::Value::Null).unwrap(),
            GebeurtenisSoort::Onherroepelijk
        );
        assert!(GebeurtenisSoort::lees("verzonnen", &serde_json::json!({})).is_err());
    }

    #[test]
    fn supervision_steps_read_back_from_their_stored_kind_and_data() {
        use crate::toezicht::{Bevinding, Oordeel, beoordeel_foto, checklist};
        let stappen = [
            GebeurtenisSoort::InspectieGepland {
                inspectie: Uuid::nil(),
                datum: date!(2026 - 12 - 10),
                inspecteur: "Ilse".into(),
                checklist: checklist(&["Rode pannen".into()], &[]),
            },
            GebeurtenisSoort::InspectieUitgevoerd {
                inspectie: Uuid::nil(),
                bevindingen: vec![
                    Bevinding {
                        punt: 1,
                        oordeel: Oordeel::Afwijking,
                        tekst: "Zwart".into(),
                        fotos: vec![Uuid::nil()],
                        hercontrole: Some(date!(2027 - 01 - 10)),
                    },
                    Bevinding {
                        punt: 2,
                        oordeel: Oordeel::InOrde,
                        tekst: String::new(),
                        fotos: vec![],
                        hercontrole: None,
                    },
                ],
            },
            GebeurtenisSoort::BewijsGeleverd {
                verzoek: Uuid::nil(),
                foto: beoordeel_foto(Uuid::nil(), "a.jpg".into(), None, Some(3.0), OffsetDateTime::UNIX_EPOCH),
                toelichting: String::new(),
            },
        ];
        for s in stappen {
            assert_eq!(GebeurtenisSoort::lees(s.naam(), &s.gegevens()).unwrap(), s, "{}", s.gegevens());
        }
    }

    #[test]
    fn only_the_applicant_supplies_and_only_a_decision_maker_publishes() {
        let aangevuld = GebeurtenisSoort::Aangevuld { toelichting: String::new(), documenten: vec![] };
        assert_eq!(aangevuld.actie(), Actie::Aanvullen);
        assert_eq!(GebeurtenisSoort::Bericht { tekst: "x".into(), van_aanvrager: false }.actie(), Actie::Behandel);
        assert_eq!(GebeurtenisSoort::Bekendgemaakt { datum: date!(2026 - 01 - 01) }.actie(), Actie::Beslis);
    }
}
