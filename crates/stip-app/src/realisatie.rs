//! Realisatie: the holder's start notice ("Veel succes!" with it), completion notice (a one-time review link with
//! it) and changes during the works (Wijzigingsprint: the plan check again, judged against the permit, a new draft
//! when a new permit is needed), the official's confirmation, aftercare, and the lapse of a permit left unused.

use crate::App;
use crate::dossier::{self, ZaakBeeld};
use crate::fout::{Fout, FoutCode, VeldFout};
use crate::plancheck::{Planvraag, plancheck};
use serde::{Deserialize, Serialize};
use stip_store::{AanvraagId, ZaakId};
use stip_zaak::realisatie::{self, Maten, Normuitkomst, Realisatie, Verschil, WijzigingOordeel};
use stip_zaak::{Actor, GebeurtenisSoort, Status};
use time::Date;
use utoipa::ToSchema;

/// An authority's settings for the works after a permit (`[host.bevoegd_gezag.realisatie]`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RealisatieConfig {
    /// Weeks after it was made known that an unused permit lapses (no start notice by then).
    pub vervaltermijn_weken: u16,
    /// Weeks before the lapse that the holder is reminded.
    pub herinnering_weken: u16,
    /// What the municipality asks with the completion notice, one line each.
    pub gereedmelding_stukken: Vec<String>,
    /// "Veel succes!": what matters during the works, per activity group (`bouwen`, `kappen`, …; `*` for all).
    pub succes: Vec<SuccesTekst>,
}

/// The municipality's own text for the start of the works of one activity group.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuccesTekst {
    pub groep: String,
    pub tekst: String,
}

impl Default for RealisatieConfig {
    fn default() -> Self {
        RealisatieConfig {
            vervaltermijn_weken: 52,
            herinnering_weken: 4,
            gereedmelding_stukken: vec![
                "Foto's van het resultaat, van buiten en (waar het om een verbouwing gaat) van binnen.".into(),
            ],
            succes: vec![
                SuccesTekst {
                    groep: "bouwen".into(),
                    tekst: "Zorg dat de vergunning op de bouwplaats ligt: de toezichthouder kan ernaar vragen. \
                            Vertel uw buren wanneer het werk begint en hoe lang het duurt. Meld wijzigingen in het \
                            plan voordat u ze bouwt: stip zegt meteen of ze binnen de vergunning passen."
                        .into(),
                },
                SuccesTekst {
                    groep: "*".into(),
                    tekst: "Zorg dat de vergunning op de plek van het werk te vinden is: de toezichthouder kan \
                            ernaar vragen. Houd u aan de voorschriften hieronder."
                        .into(),
                },
            ],
        }
    }
}

/// A start notice.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Startmelding {
    /// The first day of the works, `JJJJ-MM-DD`: at least two working days after today.
    #[schema(format = Date, example = "2026-12-14")]
    pub startdatum: String,
    /// Who carries out the works: the builder's name, or "in eigen beheer".
    #[schema(min_length = 1, max_length = 200)]
    pub uitvoerder: String,
}

/// A completion notice.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
pub struct Gereedmelding {
    /// The day the works were finished, `JJJJ-MM-DD` (default: today).
    #[schema(format = Date, example = "2026-12-18")]
    pub gereed: Option<String>,
    #[schema(max_length = 5000)]
    pub toelichting: String,
    /// Documents uploaded to the case (`POST /zaken/{id}/documenten`) that the municipality asks for now.
    pub documenten: Vec<uuid::Uuid>,
}

/// Where the works stand, as the holder and the official see them.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RealisatieWeergave {
    #[serde(flatten)]
    pub realisatie: Realisatie,
    /// Whether there is a permit to use (granted and made known).
    pub vergunning_bruikbaar: bool,
    /// The first day works may start if the start is reported today.
    #[serde(with = "stip_zaak::datum::option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub vroegste_start: Option<Date>,
    /// The day an unused permit lapses (while no start was reported).
    #[serde(with = "stip_zaak::datum::option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub vervalt_op: Option<Date>,
    /// While objections may still come or run: the holder builds at their own risk.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risico: Option<String>,
    /// What the municipality asks with the completion notice.
    pub gereedmelding_stukken: Vec<String>,
}

/// The answer to a reported change.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WijzigingAntwoord {
    pub nummer: u32,
    pub oordeel: WijzigingOordeel,
    pub verschillen: Vec<Verschil>,
    /// One or two sentences for the holder.
    pub samenvatting: String,
    /// When a new permit is needed: the new draft, prefilled with the place, the activities and the changed plan.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub concept: Option<uuid::Uuid>,
}

fn config(app: &App, gezag: &str) -> RealisatieConfig {
    app.host().gezag(gezag).map(|g| g.realisatie.clone()).unwrap_or_default()
}

fn stap_fout(e: impl ToString) -> Fout {
    Fout::new(FoutCode::InvalidStep, e.to_string())
}

fn datum(veld: &str, tekst: &str) -> Result<Date, Fout> {
    Date::parse(tekst.trim(), &time::format_description::well_known::Iso8601::DATE).map_err(|_| {
        Fout::new(FoutCode::InvalidRequest, format!("{veld}: schrijf een datum als JJJJ-MM-DD")).with_fouten(vec![
            VeldFout {
                vraag: veld.into(),
                code: "geen-datum".into(),
                melding: "Vul een datum in, zoals 2026-12-14.".into(),
            },
        ])
    })
}

/// The works' state of a case already read.
pub fn weergave(app: &App, beeld: &ZaakBeeld) -> RealisatieWeergave {
    let vandaag = app.klok().vandaag();
    let cfg = config(app, &beeld.rij.bevoegd_gezag);
    let zaak = &beeld.zaak;
    let sinds = zaak.vergunning_bruikbaar_sinds();
    let r = &zaak.realisatie;
    let vervalt_op = sinds.filter(|_| r.start.is_none()).map(|d| realisatie::vervalt_op(d, cfg.vervaltermijn_weken));
    let risico = sinds.filter(|_| zaak.status != stip_zaak::Status::Onherroepelijk).map(|_| {
        let tot = zaak.bezwaar_tot().map(|d| stip_zaak::tekst::datum(d, false)).unwrap_or_default();
        if zaak.status == stip_zaak::Status::Bezwaar {
            "Er loopt een bezwaar tegen de vergunning. U mag bouwen, maar op eigen risico: als het bezwaar slaagt, \
             kan de vergunning vervallen en moet u misschien terugbouwen."
                .to_string()
        } else {
            format!(
                "De vergunning staat nog niet vast: tot en met {tot} kan iemand bezwaar maken. U mag al bouwen, maar \
                 op eigen risico."
            )
        }
    });
    RealisatieWeergave {
        realisatie: r.clone(),
        vergunning_bruikbaar: sinds.is_some(),
        vroegste_start: sinds.filter(|_| r.gereed.is_none()).map(|_| realisatie::vroegste_start(vandaag)),
        vervalt_op,
        risico,
        gereedmelding_stukken: cfg.gereedmelding_stukken,
    }
}

/// Reads the works' state of a case (its holder and the officials).
pub async fn lees(app: &App, actor: &Actor, id: ZaakId) -> Result<RealisatieWeergave, Fout> {
    let beeld = dossier::lees_zaak(app, actor, id, stip_zaak::Actie::LeesZaak).await?;
    Ok(weergave(app, &beeld))
}

/// The holder reports the start of the works: refused when the start is less than two working days away or the
/// permit lapsed unused; "Veel succes!" goes to the holder with what matters during the works.
pub async fn meld_start(app: &App, actor: &Actor, id: ZaakId, melding: Startmelding) -> Result<ZaakBeeld, Fout> {
    let startdatum = datum("startdatum", &melding.startdatum)?;
    let uitvoerder = melding.uitvoerder.trim().chars().take(200).collect::<String>();
    let beeld = dossier::lees_zaak(app, actor, id, stip_zaak::Actie::Aanvullen).await?;
    let w = weergave(app, &beeld);
    if let Some(vervalt) = w.vervalt_op.filter(|d| *d < app.klok().vandaag()) {
        return Err(stap_fout(format!(
            "de vergunning is niet gebruikt en is vervallen op {}; vraag een nieuwe vergunning aan",
            stip_zaak::tekst::datum(vervalt, false)
        )));
    }
    let eerste = beeld.zaak.realisatie.start.is_none();
    let soort = GebeurtenisSoort::StartGemeld { startdatum, uitvoerder };
    let beeld = dossier::schrijf(app, actor, beeld, soort, None).await?.0;
    if eerste {
        veel_succes(app, &beeld).await?;
    }
    Ok(beeld)
}

/// "Veel succes!": the municipality's text for the activity group, the conditions in plain words and whom to call.
async fn veel_succes(app: &App, beeld: &ZaakBeeld) -> Result<(), Fout> {
    let cfg = config(app, &beeld.rij.bevoegd_gezag);
    let namen: Vec<String> = beeld.aanvraag.activiteiten.iter().map(|a| a.naam.clone()).collect();
    let groepen = stip_zaak::activiteitgroep::groepen(&namen);
    let tekst = cfg
        .succes
        .iter()
        .find(|s| groepen.iter().any(|g| **g == *s.groep))
        .or_else(|| cfg.succes.iter().find(|s| s.groep == "*"))
        .map(|s| s.tekst.clone())
        .unwrap_or_default();
    let mut delen = vec![format!("Veel succes met de bouw! {tekst}")];
    let voorschriften = beeld.zaak.geldend_besluit().map(|b| b.voorschriften.clone()).unwrap_or_default();
    if !voorschriften.is_empty() {
        let lijst: Vec<String> = voorschriften.iter().enumerate().map(|(i, v)| format!("{}. {v}", i + 1)).collect();
        delen.push(format!("De voorschriften van uw vergunning:\n{}", lijst.join("\n")));
    }
    if let Some(g) = app.host().gezag(&beeld.rij.bevoegd_gezag) {
        let team = beeld.zaak.team.as_deref().and_then(|t| g.team.iter().find(|x| x.naam == t));
        let telefoon = team.and_then(|t| t.telefoon.clone()).or_else(|| g.telefoon.clone());
        if let Some(tel) = telefoon {
            delen.push(format!("Vragen tijdens de bouw? Bel {} op {tel}.", g.naam));
        }
    }
    let zaak = &beeld.rij;
    let titel = format!("Veel succes met de bouw: {}", zaak.zaaknummer);
    let tekst = delen.join("\n\n");
    let bericht = crate::berichten::Persoonlijk {
        id: crate::berichten::afgeleid(&[b"veel-succes", zaak.id.0.as_bytes()]),
        titel: &titel,
        tekst: &tekst,
        link: format!("/zaken/{}", zaak.id),
        reden: "Dit bericht gaat over uw eigen vergunning.",
        afspraak: None,
        zaak: Some(zaak),
    };
    crate::berichten::stuur_persoonlijk(app, zaak.aanvrager, bericht).await
}

/// The holder reports the works finished (with the documents asked for then); a one-time review link follows.
pub async fn meld_gereed(app: &App, actor: &Actor, id: ZaakId, melding: Gereedmelding) -> Result<ZaakBeeld, Fout> {
    let gereed = match melding.gereed.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(d) => datum("gereed", d)?,
        None => app.klok().vandaag(),
    };
    let toelichting = melding.toelichting.trim().chars().take(5000).collect();
    let soort = GebeurtenisSoort::GereedGemeld { gereed, toelichting, documenten: melding.documenten };
    let beeld = dossier::voeg_toe(app, actor, id, soort).await?;
    crate::review::nodig_uit(app, &beeld).await?;
    Ok(beeld)
}

/// The measures of the plan the permit was given for, as far as the application holds them.
fn vergund(beeld: &ZaakBeeld) -> Maten {
    let Some(plan) = &beeld.aanvraag.plan else { return Maten::default() };
    let m = &plan.maten;
    Maten {
        bouwhoogte: m.bouwhoogte,
        goothoogte: m.goothoogte,
        oppervlakte_m2: m.oppervlakte_m2,
        functie: m.functie.clone(),
    }
}

/// Wijzigingsprint: the holder reports a changed plan during the works. The plan check runs again at the place and
/// the change is judged against the permit: "past binnen vergunning" (recorded; the official confirms and followers
/// hear of it) or "nieuwe vergunning nodig" with the difference named and a new draft prefilled.
pub async fn meld_wijziging(app: &App, actor: &Actor, id: ZaakId, vraag: Planvraag) -> Result<WijzigingAntwoord, Fout> {
    let beeld = dossier::lees_zaak(app, actor, id, stip_zaak::Actie::Aanvullen).await?;
    let functie = vraag.functie.clone();
    let bouwhoogte = vraag.bouwhoogte.as_ref().and_then(serde_json::Value::as_f64);
    let goothoogte = vraag.goothoogte.as_ref().and_then(serde_json::Value::as_f64);
    let vraag_json = serde_json::json!({
        "geometrie": vraag.geometrie, "crs": vraag.crs, "bouwhoogte": bouwhoogte, "goothoogte": goothoogte,
        "functie": functie,
    });
    let kennis = app.kennis();
    let uitkomst = tokio::task::spawn_blocking(move || plancheck(&kennis.regels, vraag))
        .await
        .map_err(|e| Fout::intern(format!("plancheck task: {e}")))??;
    let normen: Vec<Normuitkomst> = uitkomst
        .toetsingen
        .iter()
        .map(|t| Normuitkomst {
            soort: t.soort.clone(),
            oordeel: serde_json::to_value(t.oordeel)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            toelichting: t.toelichting.clone(),
            ontbreekt: t.ontbreekt.clone(),
        })
        .collect();
    let nieuw = Maten { bouwhoogte, goothoogte, oppervlakte_m2: Some(uitkomst.plan.oppervlakte_m2), functie };
    let (oordeel, verschillen) = realisatie::beoordeel(&vergund(&beeld), &nieuw, &normen);
    let nummer = beeld.zaak.realisatie.volgende_wijziging();
    let soort =
        GebeurtenisSoort::WijzigingGemeld { nummer, oordeel, verschillen: verschillen.clone(), plan: vraag_json };
    let beeld = dossier::schrijf(app, actor, beeld, soort, None).await?.0;
    let (samenvatting, concept) = match oordeel {
        WijzigingOordeel::PastBinnenVergunning => (
            "Uw wijziging past binnen uw vergunning. De gemeente bevestigt dit nog; u hoort het als dat gebeurd is."
                .to_string(),
            None,
        ),
        WijzigingOordeel::NieuweVergunningNodig => {
            let concept = nieuw_concept(app, actor, &beeld, &uitkomst, &nieuw).await?;
            (
                "Voor deze wijziging is een nieuwe vergunning nodig: bouw haar niet voordat u die hebt. stip heeft een \
                 nieuwe aanvraag voor u klaargezet met de plek, de activiteiten en het gewijzigde plan."
                    .to_string(),
                Some(concept.0),
            )
        }
    };
    Ok(WijzigingAntwoord { nummer, oordeel, verschillen, samenvatting, concept })
}

/// The new draft for a change that needs a new permit: the place, the activities of the permit and the changed plan.
async fn nieuw_concept(
    app: &App,
    actor: &Actor,
    beeld: &ZaakBeeld,
    uitkomst: &stip_regels::plancheck::Plancheck,
    maten: &Maten,
) -> Result<AanvraagId, Fout> {
    let mut plancheck = uitkomst.clone();
    let geometrie = match plancheck.naar_wgs84() {
        Ok(()) => serde_json::to_value(&plancheck.plan.geometrie).unwrap_or_default(),
        Err(_) => serde_json::Value::Null,
    };
    let plan = stip_zaak::aanvraag::Plan {
        geometrie,
        toetsing: serde_json::json!({ "oordeel": plancheck.oordeel, "samenvatting": plancheck.samenvatting }),
        maten: stip_zaak::aanvraag::PlanMaten {
            bouwhoogte: maten.bouwhoogte,
            goothoogte: maten.goothoogte,
            oppervlakte_m2: maten.oppervlakte_m2,
            functie: maten.functie.clone(),
            bouwlagen: None,
        },
    };
    let punt = beeld.aanvraag.locatie.as_ref().and_then(|l| stip_geo::RdPoint::new(l.x, l.y).ok());
    let antwoorden = beeld.aanvraag.activiteiten.iter().flat_map(|a| a.antwoorden.clone()).collect();
    let nieuw = dossier::NieuweAanvraag {
        titel: format!("Wijziging van {}", beeld.aanvraag.titel),
        omschrijving: format!(
            "Gewijzigd plan tijdens de bouw onder vergunning {}. {}",
            beeld.rij.zaaknummer, beeld.aanvraag.omschrijving
        ),
        activiteiten: beeld.aanvraag.activiteiten.iter().map(|a| a.id.clone()).collect(),
        antwoorden,
        punt,
        plan: Some(plan),
        uit_verslag: None,
    };
    match dossier::nieuwe_aanvraag(app, actor, nieuw).await {
        Ok(a) => Ok(a.id),
        // The activities' questions may since have changed: the draft then starts from the place and plan alone.
        Err(e) if e.code == FoutCode::InvalidAnswer => {
            let nieuw = dossier::NieuweAanvraag {
                titel: format!("Wijziging van {}", beeld.aanvraag.titel),
                punt,
                ..Default::default()
            };
            Ok(dossier::nieuwe_aanvraag(app, actor, nieuw).await?.id)
        }
        Err(e) => Err(e),
    }
}

/// The official confirms that change `nummer` fits the permit; followers hear of it.
pub async fn bevestig_wijziging(
    app: &App,
    actor: &Actor,
    id: ZaakId,
    nummer: u32,
    toelichting: String,
) -> Result<ZaakBeeld, Fout> {
    let toelichting = toelichting.trim().chars().take(5000).collect();
    dossier::voeg_toe(app, actor, id, GebeurtenisSoort::WijzigingBevestigd { nummer, toelichting }).await
}

/// The holder asks for an aftercare conversation after the completion notice; it lands in the team's queue.
pub async fn vraag_nazorg(app: &App, actor: &Actor, id: ZaakId, vraag: String) -> Result<ZaakBeeld, Fout> {
    let vraag = vraag.trim().chars().take(5000).collect::<String>();
    let vraag = if vraag.is_empty() { "Ik wil graag een nazorggesprek.".to_string() } else { vraag };
    dossier::voeg_toe(app, actor, id, GebeurtenisSoort::NazorgGevraagd { vraag }).await
}

/// The official records the aftercare conversation held.
pub async fn nazorg_gehad(app: &App, actor: &Actor, id: ZaakId, verslag: String) -> Result<ZaakBeeld, Fout> {
    let verslag = verslag.trim().chars().take(5000).collect::<String>();
    if verslag.is_empty() {
        return Err(Fout::new(FoutCode::InvalidRequest, "schrijf kort op wat er besproken is"));
    }
    dossier::voeg_toe(app, actor, id, GebeurtenisSoort::NazorgGehad { verslag }).await
}

/// A permit whose works need the team: an aftercare conversation asked for, or a change that fits and awaits
/// confirmation.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OpenWerk {
    pub zaak_id: uuid::Uuid,
    pub zaaknummer: String,
    pub titel: String,
    pub team: Option<String>,
    /// The holder's question for the aftercare conversation, while it is not held.
    pub nazorg: Option<String>,
    /// The changes that fit the permit and wait for the official's confirmation.
    pub te_bevestigen: Vec<u32>,
}

/// How many made-known permits the team's queue looks through for open works (newest deadlines first per page).
const OPEN_WERK_ZAKEN: u32 = 500;

/// The team's queue after the permit: the authority's made-known permits with aftercare asked for or a change to
/// confirm. Only officials of the authority.
pub async fn open_werk(app: &App, actor: &Actor) -> Result<Vec<OpenWerk>, Fout> {
    let filter = stip_store::ZaakFilter {
        status: [Status::Bekendgemaakt, Status::Bezwaar, Status::Onherroepelijk]
            .map(|s| s.as_str().to_string())
            .to_vec(),
        ..Default::default()
    };
    let pagina = dossier::werkvoorraad(app, actor, filter, OPEN_WERK_ZAKEN).await?;
    let mut uit = Vec::new();
    for rij in pagina.zaken {
        let beeld = dossier::beeld_van(app, actor, rij, stip_zaak::Actie::LeesZaak).await?;
        let r = &beeld.zaak.realisatie;
        let te_bevestigen: Vec<u32> = r
            .wijzigingen
            .iter()
            .filter(|w| w.oordeel == WijzigingOordeel::PastBinnenVergunning && w.bevestigd.is_none())
            .map(|w| w.nummer)
            .collect();
        if r.nazorg.is_some() || !te_bevestigen.is_empty() {
            uit.push(OpenWerk {
                zaak_id: beeld.rij.id.0,
                zaaknummer: beeld.rij.zaaknummer.clone(),
                titel: beeld.rij.titel.clone(),
                team: beeld.rij.team.clone(),
                nazorg: r.nazorg.clone(),
                te_bevestigen,
            });
        }
    }
    Ok(uit)
}
