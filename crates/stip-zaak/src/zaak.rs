//! A case as the fold of its events: its status with the dates each was reached, its handler, its suspensions and
//! extension, its (draft) decision — and which event may come next. Every change is a new event checked here first;
//! nothing is ever overwritten.

use crate::besluit::{Besluit, bezwaar_tot};
use crate::bezwaar::{Bezwaar, BezwaarFout};
use crate::gebeurtenis::{Gebeurtenis, GebeurtenisSoort};
use crate::procedure::{Procedure, ZIENSWIJZE_TERMIJN};
use crate::realisatie::{Gereed, Realisatie, RealisatieFout, Start, Wijziging};
use crate::status::Status;
use crate::termijn::{Opschorting, Termijnstand, bereken};
use crate::tijd::nederlands;
use crate::toezicht::{Toezicht, ToezichtFout};
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
    #[error("er ligt geen ontwerpbesluit ter inzage; een zienswijze kan alleen dan")]
    GeenZienswijzeMogelijk,
    #[error("zienswijzen konden worden gegeven tot en met {0}")]
    ZienswijzeTermijnVoorbij(Date),
    #[error("beantwoord eerst alle zienswijzen in het besluit: nog open is zienswijze {0}")]
    ZienswijzeOnbeantwoord(u32),
    #[error("er is geen zienswijze {0} bij deze zaak")]
    OnbekendeZienswijze(u32),
    #[error(
        "tegen een besluit na de uitgebreide procedure kunt u geen bezwaar maken (artikel 7:1 Algemene wet \
         bestuursrecht); wie een zienswijze gaf op het ontwerpbesluit, kan in beroep gaan bij de rechtbank"
    )]
    GeenBezwaarNaUitgebreid,
    #[error("het besluit is nog niet bekendgemaakt; bezwaar maken kan daarna")]
    NogNietBekendgemaakt,
    #[error("er is geen bezwaar {0} bij deze zaak")]
    OnbekendBezwaar(Uuid),
    #[error(transparent)]
    Bezwaar(#[from] BezwaarFout),
    #[error("er loopt nog een bezwaar; het besluit staat pas vast als daarop is beslist")]
    BezwaarInBehandeling,
    #[error("de beroepstermijn na de beslissing op bezwaar loopt tot en met {0}")]
    BeroeptermijnLoopt(Date),
    #[error("er loopt een beroep bij de rechtbank")]
    BeroepLoopt,
    #[error("er is geen beroep ingesteld")]
    GeenBeroep,
    #[error(transparent)]
    Realisatie(#[from] RealisatieFout),
    #[error(transparent)]
    Toezicht(#[from] ToezichtFout),
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
    /// The numbers of the views given on the draft decision, in order.
    pub zienswijzen: Vec<u32>,
    /// The objections against the decision, each its own case.
    pub bezwaren: Vec<Bezwaar>,
    /// The decision as it stands after a founded objection revoked it (`None`: not revoked).
    pub herzien: Option<Herzien>,
    /// An appeal at the court is pending.
    pub beroep: bool,
    /// The works the permit allows: start, changes, completion, aftercare.
    pub realisatie: Realisatie,
    /// Supervision of the permit: inspections and requests for evidence.
    pub toezicht: Toezicht,
    pub laatste_volgnummer: i64,
}

/// A decision revoked on objection, and what took its place.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Herzien {
    pub nummer: String,
    #[serde(with = "crate::datum")]
    pub datum: Date,
    /// The new decision, when one was needed.
    pub besluit: Option<Besluit>,
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
            zienswijzen: Vec::new(),
            bezwaren: Vec::new(),
            herzien: None,
            beroep: false,
            realisatie: Realisatie::default(),
            toezicht: Toezicht::default(),
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

    /// Whether the case has a permit people can use: granted (in part) and made known, not revoked on objection
    /// without a new permit in its place.
    pub fn vergunning(&self) -> bool {
        let besluit = match &self.herzien {
            Some(h) => h.besluit.as_ref(),
            None => self.besluit.as_ref().map(|b| &b.besluit),
        };
        self.bekendgemaakt.is_some() && besluit.is_some_and(|b| b.uitkomst.is_vergunning())
    }

    /// The permit's conditions as they stand (after an objection, the new decision's).
    pub fn voorschriften(&self) -> Vec<String> {
        match &self.herzien {
            Some(h) => h.besluit.as_ref().map(|b| b.voorschriften.clone()).unwrap_or_default(),
            None => self.besluit.as_ref().map(|b| b.besluit.voorschriften.clone()).unwrap_or_default(),
        }
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

    /// Whether an objection made on `vandaag` is late.
    pub fn bezwaar_te_laat(&self, vandaag: Date) -> bool {
        self.bezwaar_tot().is_some_and(|tot| vandaag > tot)
    }

    /// An objection by its id.
    pub fn bezwaar(&self, id: Uuid) -> Option<&Bezwaar> {
        self.bezwaren.iter().find(|b| b.id == id)
    }

    /// The number the next objection gets: `Z-2026-000012-B2`.
    pub fn volgend_bezwaarnummer(&self, zaaknummer: &str) -> String {
        format!("{zaaknummer}-B{}", self.bezwaren.len() + 1)
    }

    /// The earliest last day to decide on a running objection: the deadline of a decided case's work.
    pub fn bezwaar_termijn(&self) -> Option<Date> {
        self.bezwaren.iter().filter(|b| b.loopt()).map(Bezwaar::uiterste_beslisdatum).min()
    }

    /// The decision that stands: the one taken, or what replaced it after a founded objection (`None` when it was
    /// revoked without a new one).
    pub fn geldend_besluit(&self) -> Option<&Besluit> {
        match &self.herzien {
            Some(h) => h.besluit.as_ref(),
            None => self.besluit.as_ref().map(|b| &b.besluit),
        }
    }

    /// The day a granted permit became usable: the day it was made known (`None`: no permit to use).
    pub fn vergunning_bruikbaar_sinds(&self) -> Option<Date> {
        self.bekendgemaakt.filter(|_| {
            self.status != Status::Ingetrokken && self.geldend_besluit().is_some_and(|b| b.uitkomst.is_vergunning())
        })
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
            zienswijzen: self
                .zienswijzen
                .iter()
                .map(|&nummer| crate::besluit::Beantwoording { nummer, samenvatting: "-".into(), antwoord: "-".into() })
                .collect(),
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
            GebeurtenisSoort::BeroepIngesteld { toelichting: String::new() },
            GebeurtenisSoort::BeroepAfgedaan { toelichting: String::new() },
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
        // A withdrawn application ends its case: only messages follow.
        if nu == S::Ingetrokken && !matches!(nieuw, G::Bericht { .. } | G::BerichtAanBelanghebbenden { .. }) {
            return Err(niet());
        }
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
            G::BesluitGenomen { besluit } => {
                if self.procedure == Procedure::Uitgebreid {
                    if nu != S::Ontwerpbesluit {
                        return Err(niet());
                    }
                    let tot = self.zienswijzen_tot().unwrap_or(vandaag);
                    if vandaag <= tot {
                        return Err(ZaakFout::ZienswijzenLopen(tot));
                    }
                    if let Some(b) = besluit.zienswijzen.iter().find(|b| !self.zienswijzen.contains(&b.nummer)) {
                        return Err(ZaakFout::OnbekendeZienswijze(b.nummer));
                    }
                    let beantwoord =
                        |n: &u32| besluit.zienswijzen.iter().any(|b| b.nummer == *n && !b.antwoord.trim().is_empty());
                    if let Some(n) = self.zienswijzen.iter().find(|n| !beantwoord(n)) {
                        return Err(ZaakFout::ZienswijzeOnbeantwoord(*n));
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
                if nu == S::Bezwaar {
                    return Err(ZaakFout::BezwaarInBehandeling);
                }
                if nu != S::Bekendgemaakt {
                    return Err(niet());
                }
                let tot = self.bezwaar_tot().unwrap_or(vandaag);
                if vandaag <= tot {
                    return Err(ZaakFout::BezwaarLoopt(tot));
                }
                if self.beroep {
                    return Err(ZaakFout::BeroepLoopt);
                }
                if let Some(tot) = self.bezwaren.iter().filter_map(Bezwaar::beroep_tot).max().filter(|t| vandaag <= *t)
                {
                    return Err(ZaakFout::BeroeptermijnLoopt(tot));
                }
                Ok(S::Onherroepelijk)
            }
            G::ZienswijzeOntvangen { .. } => {
                if nu != S::Ontwerpbesluit {
                    return Err(ZaakFout::GeenZienswijzeMogelijk);
                }
                match self.zienswijzen_tot() {
                    Some(tot) if vandaag > tot => Err(ZaakFout::ZienswijzeTermijnVoorbij(tot)),
                    _ => Ok(nu),
                }
            }
            G::BezwaarOntvangen { .. } => {
                if self.procedure == Procedure::Uitgebreid {
                    return Err(ZaakFout::GeenBezwaarNaUitgebreid);
                }
                match nu {
                    S::Bekendgemaakt | S::Bezwaar => Ok(S::Bezwaar),
                    // A late objection against a final decision is received all the same: whether the lateness is
                    // excusable (Awb 6:11) is for the official to judge.
                    S::Onherroepelijk => Ok(nu),
                    _ => Err(ZaakFout::NogNietBekendgemaakt),
                }
            }
            G::BezwaarAfspraakGepland { .. }
            | G::BezwaarVerslag { .. }
            | G::BezwaarAdviescommissie { .. }
            | G::BezwaarTermijnVerlengd { .. }
            | G::BezwaarIngetrokken { .. }
            | G::BezwaarBeslist { .. }
            | G::BezwaarBekendgemaakt { .. } => {
                let id = nieuw.bezwaar().unwrap_or_default();
                let bezwaar = self.bezwaar(id).ok_or(ZaakFout::OnbekendBezwaar(id))?;
                let na = bezwaar.controleer(nieuw, vandaag)?;
                let nog_een = self.bezwaren.iter().any(|b| b.id != id && b.loopt());
                let loopt = matches!(
                    na,
                    crate::bezwaar::BezwaarStatus::Ontvangen
                        | crate::bezwaar::BezwaarStatus::InBehandeling
                        | crate::bezwaar::BezwaarStatus::Beslist
                );
                Ok(if nu == S::Bezwaar && !loopt && !nog_een { S::Bekendgemaakt } else { nu })
            }
            G::BeroepIngesteld { .. } => {
                if self.bekendgemaakt.is_none() || nu == S::Onherroepelijk {
                    return Err(ZaakFout::NogNietBekendgemaakt);
                }
                if self.beroep {
                    return Err(ZaakFout::BeroepLoopt);
                }
                Ok(nu)
            }
            G::AanvraagIngetrokken { .. } => {
                if nu.besloten() {
                    return Err(niet());
                }
                Ok(S::Ingetrokken)
            }
            G::BeroepAfgedaan { .. } => {
                if self.beroep {
                    Ok(nu)
                } else {
                    Err(ZaakFout::GeenBeroep)
                }
            }
            G::StartGemeld { startdatum, uitvoerder } => {
                self.vergunning_bruikbaar_sinds().ok_or(RealisatieFout::GeenVergunning)?;
                self.realisatie.controleer_start(*startdatum, uitvoerder, vandaag)?;
                Ok(nu)
            }
            G::GereedGemeld { gereed, .. } => {
                self.realisatie.controleer_gereed(*gereed, vandaag)?;
                Ok(nu)
            }
            G::WijzigingGemeld { nummer, .. } => {
                self.vergunning_bruikbaar_sinds().ok_or(RealisatieFout::GeenVergunning)?;
                self.realisatie.controleer_wijziging(*nummer)?;
                Ok(nu)
            }
            G::WijzigingBevestigd { nummer, .. } => {
                self.realisatie.controleer_bevestiging(*nummer)?;
                Ok(nu)
            }
            G::NazorgGevraagd { .. } => {
                self.realisatie.controleer_nazorg()?;
                Ok(nu)
            }
            G::NazorgGehad { .. } => {
                self.realisatie.nazorg.as_ref().ok_or(RealisatieFout::GeenNazorg)?;
                Ok(nu)
            }
            G::InspectieGepland { .. }
            | G::InspectieUitgevoerd { .. }
            | G::BewijsGevraagd { .. }
            | G::BewijsGeleverd { .. }
            | G::BewijsBeoordeeld { .. } => {
                self.toezicht.controleer(nieuw, self.vergunning(), vandaag)?;
                Ok(nu)
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
            | G::AdviesOntvangen { .. }
            | G::AanvraagIngetrokken { .. } => {}
            G::Onherroepelijk => {}
            G::StartGemeld { startdatum, uitvoerder } => {
                self.realisatie.start =
                    Some(Start { startdatum: *startdatum, uitvoerder: uitvoerder.clone(), gemeld: dag })
            }
            G::GereedGemeld { gereed, documenten, .. } => {
                self.realisatie.gereed = Some(Gereed { gereed: *gereed, gemeld: dag, documenten: documenten.clone() })
            }
            G::WijzigingGemeld { nummer, oordeel, verschillen, .. } => self.realisatie.wijzigingen.push(Wijziging {
                nummer: *nummer,
                oordeel: *oordeel,
                verschillen: verschillen.clone(),
                gemeld: dag,
                bevestigd: None,
            }),
            G::WijzigingBevestigd { nummer, .. } => {
                if let Some(w) = self.realisatie.wijzigingen.iter_mut().find(|w| w.nummer == *nummer) {
                    w.bevestigd = Some(dag);
                }
            }
            G::NazorgGevraagd { vraag } => self.realisatie.nazorg = Some(vraag.clone()),
            G::NazorgGehad { .. } => {
                self.realisatie.nazorg = None;
                self.realisatie.nazorg_gehad += 1;
            }
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
            G::ZienswijzeOntvangen { nummer, .. } => self.zienswijzen.push(*nummer),
            G::BezwaarOntvangen { bezwaar, nummer, .. } => {
                let tot = self.bezwaar_tot().unwrap_or(dag);
                self.bezwaren.push(Bezwaar::nieuw(*bezwaar, nummer.clone(), dag, tot));
            }
            G::BezwaarAfspraakGepland { .. }
            | G::BezwaarVerslag { .. }
            | G::BezwaarAdviescommissie { .. }
            | G::BezwaarTermijnVerlengd { .. }
            | G::BezwaarIngetrokken { .. }
            | G::BezwaarBeslist { .. }
            | G::BezwaarBekendgemaakt { .. } => {
                let id = g.soort.bezwaar().unwrap_or_default();
                if let Some(b) = self.bezwaren.iter_mut().find(|b| b.id == id) {
                    b.pas_toe(&g.soort, dag);
                    if let G::BezwaarBeslist { uitkomst, nieuw_besluit, .. } = &g.soort
                        && uitkomst.herroept()
                    {
                        self.herzien =
                            Some(Herzien { nummer: b.nummer.clone(), datum: dag, besluit: nieuw_besluit.clone() });
                    }
                }
            }
            G::BeroepIngesteld { .. } => self.beroep = true,
            G::BeroepAfgedaan { .. } => self.beroep = false,
            G::InspectieGepland { .. }
            | G::InspectieUitgevoerd { .. }
            | G::BewijsGevraagd { .. }
            | G::BewijsGeleverd { .. }
            | G::BewijsBeoordeeld { .. } => self.toezicht.pas_toe(&g.soort, g.op),
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

    #[derive(Clone)]
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
            zienswijzen: vec![],
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

    fn gepubliceerd() -> Verloop {
        // Submitted Monday 5 January 2026, decided on day 20, made known on day 21 (Monday 26 January): the objection
        // term ends Monday 9 March.
        Verloop::ingediend("regulier")
            .dan(1, neem())
            .unwrap()
            .dan(20, GebeurtenisSoort::BesluitGenomen { besluit: besluit() })
            .unwrap()
            .dan(21, GebeurtenisSoort::Bekendgemaakt { datum: date!(2026 - 01 - 26) })
            .unwrap()
    }

    fn bezwaar_op(v: &Verloop, dag: i64) -> GebeurtenisSoort {
        let z = v.zaak();
        let op = date!(2026 - 01 - 05) + Duration::days(dag);
        GebeurtenisSoort::BezwaarOntvangen {
            bezwaar: Uuid::now_v7(),
            nummer: z.volgend_bezwaarnummer("Z-2026-000001"),
            te_laat: z.bezwaar_te_laat(op),
        }
    }

    #[test]
    fn an_objection_on_the_last_day_is_in_time_the_next_day_late_and_both_keep_the_decision_from_becoming_final() {
        let v = gepubliceerd();
        // Day 63 is Monday 9 March, the last day; day 64 is one too late.
        let op_tijd = bezwaar_op(&v, 63);
        let v = v.dan(63, op_tijd).unwrap();
        let te_laat = bezwaar_op(&v, 64);
        let v = v.dan(64, te_laat).unwrap();
        let z = v.zaak();
        assert_eq!(z.status, Status::Bezwaar);
        assert_eq!(
            z.bezwaren.iter().map(|b| (b.nummer.as_str(), b.te_laat)).collect::<Vec<_>>(),
            [("Z-2026-000001-B1", false), ("Z-2026-000001-B2", true)]
        );
        assert_eq!(v.clone().dan(70, GebeurtenisSoort::Onherroepelijk).err(), Some(ZaakFout::BezwaarInBehandeling));
        // Both decided on day 80 (ongegrond) and made known the next day: the case returns to "bekendgemaakt" and
        // becomes final only once the appeal term after the decision on the objection has passed.
        let mut v = v;
        for b in z.bezwaren.iter().map(|b| b.id) {
            v = v
                .dan(
                    80,
                    GebeurtenisSoort::BezwaarBeslist {
                        bezwaar: b,
                        uitkomst: crate::bezwaar::BezwaarUitkomst::Ongegrond,
                        motivering: "Het besluit blijft.".into(),
                        nieuw_besluit: None,
                    },
                )
                .unwrap()
                .dan(81, GebeurtenisSoort::BezwaarBekendgemaakt { bezwaar: b, datum: date!(2026 - 03 - 27) })
                .unwrap();
        }
        assert_eq!(v.zaak().status, Status::Bekendgemaakt);
        assert_eq!(
            v.clone().dan(90, GebeurtenisSoort::Onherroepelijk).err(),
            Some(ZaakFout::BeroeptermijnLoopt(date!(2026 - 05 - 08)))
        );
        assert!(v.clone().dan(124, GebeurtenisSoort::Onherroepelijk).is_ok());
    }

    #[test]
    fn an_appeal_at_the_court_keeps_the_decision_from_becoming_final_until_it_is_settled() {
        let v = gepubliceerd().dan(30, GebeurtenisSoort::BeroepIngesteld { toelichting: "Rechtbank".into() }).unwrap();
        assert_eq!(v.clone().dan(70, GebeurtenisSoort::Onherroepelijk).err(), Some(ZaakFout::BeroepLoopt));
        let v = v.dan(71, GebeurtenisSoort::BeroepAfgedaan { toelichting: "Ongegrond".into() }).unwrap();
        assert!(v.clone().dan(72, GebeurtenisSoort::Onherroepelijk).is_ok());
    }

    #[test]
    fn a_founded_objection_revokes_the_decision_and_puts_the_new_one_in_its_place() {
        let v = gepubliceerd();
        let b = bezwaar_op(&v, 30);
        let id = b.bezwaar().unwrap();
        let mut nieuw = besluit();
        nieuw.uitkomst = Uitkomst::Geweigerd;
        let v = v
            .dan(30, b)
            .unwrap()
            .dan(
                60,
                GebeurtenisSoort::BezwaarBeslist {
                    bezwaar: id,
                    uitkomst: crate::bezwaar::BezwaarUitkomst::Gegrond,
                    motivering: "De bouwhoogte past niet.".into(),
                    nieuw_besluit: Some(nieuw.clone()),
                },
            )
            .unwrap();
        let herzien = v.zaak().herzien.unwrap();
        assert_eq!(herzien.nummer, "Z-2026-000001-B1");
        assert_eq!(herzien.besluit, Some(nieuw));
    }

    #[test]
    fn the_extended_procedure_takes_views_for_six_weeks_answers_each_in_the_decision_and_refuses_objections() {
        let v = Verloop::ingediend("uitgebreid")
            .dan(1, neem())
            .unwrap()
            .dan(10, GebeurtenisSoort::OntwerpbesluitGenomen { besluit: besluit() })
            .unwrap();
        let zienswijze = |nummer| GebeurtenisSoort::ZienswijzeOntvangen { zienswijze: Uuid::now_v7(), nummer };
        // The draft lies open from day 10 (15 January) to 26 February (day 52).
        let v = v.dan(52, zienswijze(1)).unwrap();
        assert_eq!(
            v.clone().dan(53, zienswijze(2)).err(),
            Some(ZaakFout::ZienswijzeTermijnVoorbij(date!(2026 - 02 - 26)))
        );
        assert_eq!(
            v.clone().dan(60, GebeurtenisSoort::BesluitGenomen { besluit: besluit() }).err(),
            Some(ZaakFout::ZienswijzeOnbeantwoord(1))
        );
        assert!(v.zaak().mogelijke_stappen(date!(2026 - 03 - 06)).contains(&"besluit_genomen"), "a nota is offered");
        let mut met_nota = besluit();
        met_nota.zienswijzen = vec![crate::besluit::Beantwoording {
            nummer: 1,
            samenvatting: "Zorg over schaduw in de tuin.".into(),
            antwoord: "De schaduw blijft binnen de norm; het besluit verandert niet.".into(),
        }];
        let v = v
            .dan(60, GebeurtenisSoort::BesluitGenomen { besluit: met_nota })
            .unwrap()
            .dan(61, GebeurtenisSoort::Bekendgemaakt { datum: date!(2026 - 03 - 07) })
            .unwrap();
        let b = bezwaar_op(&v, 62);
        assert_eq!(v.clone().dan(62, b).err(), Some(ZaakFout::GeenBezwaarNaUitgebreid));
    }

    #[test]
    fn no_objection_before_the_decision_is_made_known() {
        let v = Verloop::ingediend("regulier").dan(1, neem()).unwrap();
        let b = bezwaar_op(&v, 2);
        assert_eq!(v.clone().dan(2, b).err(), Some(ZaakFout::NogNietBekendgemaakt));
        let z = v.zaak();
        assert_eq!(
            z.controleer(
                &GebeurtenisSoort::ZienswijzeOntvangen { zienswijze: Uuid::nil(), nummer: 1 },
                date!(2026 - 01 - 07)
            ),
            Err(ZaakFout::GeenZienswijzeMogelijk)
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
