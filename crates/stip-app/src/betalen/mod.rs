//! Leges and paying them: the assessment (aanslag) made once when a case is received, the refund (teruggaaf) on a
//! withdrawal or a refusal, online payment of one or several cases through a payment service provider (the webhook
//! only says "look again": stip asks the provider), the reconciliation of payments left open, the invoice PDF and the
//! finance export. Amounts always come from the assessment, never from a request.

pub mod psp;
pub mod simulator;

use crate::App;
use crate::dossier::{ZaakBeeld, lees_zaak, weiger};
use crate::fout::{Fout, FoutCode};
use psp::{Mollie, Psp, PspVerzoek};
use serde::Serialize;
use std::sync::Arc;
use stip_leges::Legesregel;
use stip_store::{
    Aanslag, AanslagId, AanslagSoort, Betaling, BetalingId, LegesRepository, NieuweAanslag, NieuweBetaling, ZaakId,
};
use stip_zaak::betaling::Betaalstatus;
use stip_zaak::{Actie, Actor, Bron, GebeurtenisSoort, Status, Uitkomst, mag};
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;

/// Which provider takes the payments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PspSoort {
    Mollie,
    /// stip's own simulator of Mollie's API (demo, tests).
    Simulator,
}

/// `[betalen]`: the provider, its key and address, and whether payment comes before the decision.
#[derive(Clone, PartialEq)]
pub struct BetalenConfig {
    /// Without one, assessments are made but nobody can pay online.
    pub psp: Option<PspSoort>,
    pub api_key: Option<String>,
    /// Mollie: `https://api.mollie.com/v2`; the simulator: `<publieke_url>/simulator/mollie/v2`.
    pub api_url: Option<String>,
    /// Whether the decision waits until the fees are paid (a step in Track & Trace).
    pub betalen_voor_besluit: bool,
    /// The cost centre the finance export books the fees on.
    pub kostenplaats: String,
    /// The address people (and the provider's webhook) reach stip at; set by the web layer.
    pub publieke_url: Option<String>,
}

impl Default for BetalenConfig {
    fn default() -> Self {
        BetalenConfig {
            psp: None,
            api_key: None,
            api_url: None,
            betalen_voor_besluit: false,
            kostenplaats: "leges-omgevingsvergunning".into(),
            publieke_url: None,
        }
    }
}

impl std::fmt::Debug for BetalenConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BetalenConfig")
            .field("psp", &self.psp)
            .field("api_key", &self.api_key.as_ref().map(|_| "***"))
            .field("api_url", &self.api_url)
            .field("betalen_voor_besluit", &self.betalen_voor_besluit)
            .field("kostenplaats", &self.kostenplaats)
            .field("publieke_url", &self.publieke_url)
            .finish()
    }
}

/// The running part: the settings, the provider's client and (when configured) the simulator.
pub struct Betalen {
    pub config: BetalenConfig,
    psp: Option<Arc<dyn Psp>>,
    simulator: Option<Arc<simulator::Simulator>>,
}

impl Betalen {
    pub fn new(config: BetalenConfig) -> Betalen {
        let publiek = config.publieke_url.clone().unwrap_or_else(|| "http://127.0.0.1:8080".into());
        let publiek = publiek.trim_end_matches('/');
        let (psp, simulator): (Option<Arc<dyn Psp>>, _) = match config.psp {
            None => (None, None),
            Some(PspSoort::Mollie) => {
                let url = config.api_url.clone().unwrap_or_else(|| "https://api.mollie.com/v2".into());
                (Some(Arc::new(Mollie::new("mollie", &url, config.api_key.as_deref().unwrap_or_default()))), None)
            }
            Some(PspSoort::Simulator) => {
                let url = config.api_url.clone().unwrap_or_else(|| format!("{publiek}/simulator/mollie/v2"));
                let key = config.api_key.clone().unwrap_or_else(|| "test_simulator".into());
                let sim = Arc::new(simulator::Simulator::new(&url));
                (Some(Arc::new(Mollie::new("simulator", &url, &key))), Some(sim))
            }
        };
        Betalen { config, psp, simulator }
    }

    /// The simulator, when it is the configured provider.
    pub fn simulator(&self) -> Option<&simulator::Simulator> {
        self.simulator.as_deref()
    }

    fn publiek(&self) -> String {
        self.config.publieke_url.clone().unwrap_or_else(|| "http://127.0.0.1:8080".into()).trim_end_matches('/').into()
    }
}

/// Runs a provider call off the async threads.
async fn bij_psp<T: Send + 'static>(
    psp: &Arc<dyn Psp>,
    f: impl FnOnce(&dyn Psp) -> Result<T, String> + Send + 'static,
) -> Result<T, Fout> {
    let psp = psp.clone();
    tokio::task::spawn_blocking(move || f(psp.as_ref()))
        .await
        .map_err(|e| Fout::intern(e.to_string()))?
        .map_err(|e| Fout::new(FoutCode::DatabaseUnavailable, format!("de betaaldienst: {e}")))
}

/// Why an assessment or refund was made; stable strings (store, export).
pub const ONTVANGEN: &str = "ontvangen";
pub const INGETROKKEN_VOOR_BEHANDELING: &str = "ingetrokken_voor_behandeling";
pub const INGETROKKEN_IN_BEHANDELING: &str = "ingetrokken_in_behandeling";
pub const GEWEIGERD: &str = "geweigerd";

/// An assessment or refund as its reader sees it.
#[derive(Clone, Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AanslagBeeld {
    pub id: uuid::Uuid,
    /// `aanslag` or `teruggaaf`.
    pub soort: String,
    /// `ontvangen`, `ingetrokken_voor_behandeling`, `ingetrokken_in_behandeling` or `geweigerd`.
    pub reden: String,
    pub regels: Vec<Legesregel>,
    pub bedrag_cent: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub aangemaakt: OffsetDateTime,
}

/// A payment as its payer sees it.
#[derive(Clone, Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BetalingBeeld {
    pub id: uuid::Uuid,
    pub status: Betaalstatus,
    pub bedrag_cent: i64,
    /// Where the payer pays (the provider's checkout); only while open.
    pub checkout_url: Option<String>,
    /// The cases it pays for.
    pub zaken: Vec<uuid::Uuid>,
    #[serde(with = "time::serde::rfc3339")]
    pub aangemaakt: OffsetDateTime,
}

/// The fees of a case: assessments and refunds, payments, and what is still to be paid.
#[derive(Clone, Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Legesbeeld {
    pub aanslagen: Vec<AanslagBeeld>,
    pub betalingen: Vec<BetalingBeeld>,
    /// What is still to be paid (0: paid or nothing due).
    pub open_cent: i64,
    pub betaald: bool,
    /// Whether the municipality decides only after payment.
    pub betalen_voor_besluit: bool,
    /// Whether online payment is possible now (a provider is configured and something is open).
    pub kan_betalen: bool,
}

fn aanslag_beeld(a: &Aanslag) -> AanslagBeeld {
    AanslagBeeld {
        id: a.id.0,
        soort: a.soort.as_str().into(),
        reden: a.reden.clone(),
        regels: serde_json::from_value(a.regels.clone()).unwrap_or_default(),
        bedrag_cent: a.bedrag_cent,
        aangemaakt: a.aangemaakt,
    }
}

fn betaling_beeld(b: &Betaling, zaken: Vec<uuid::Uuid>) -> BetalingBeeld {
    let status = Betaalstatus::parse(&b.status).unwrap_or(Betaalstatus::Open);
    BetalingBeeld {
        id: b.id.0,
        status,
        bedrag_cent: b.bedrag_cent,
        checkout_url: (status == Betaalstatus::Open).then(|| b.checkout_url.clone()),
        zaken,
        aangemaakt: b.aangemaakt,
    }
}

fn status_van(b: &Betaling) -> Betaalstatus {
    Betaalstatus::parse(&b.status).unwrap_or(Betaalstatus::Open)
}

fn kennis_fout(e: Fout) -> Fout {
    Fout::intern(format!("de leges kunnen niet worden berekend: {}", e.detail.unwrap_or_default()))
}

/// The refund a case's course gives, if any: a withdrawal before or after it was taken into handling, or a refusal.
fn teruggaafreden(b: &ZaakBeeld) -> Option<&'static str> {
    if b.zaak.status == Status::Ingetrokken {
        return Some(if b.zaak.behandelaar.is_some() {
            INGETROKKEN_IN_BEHANDELING
        } else {
            INGETROKKEN_VOOR_BEHANDELING
        });
    }
    b.zaak.besluit.as_ref().filter(|g| g.besluit.uitkomst == Uitkomst::Geweigerd).map(|_| GEWEIGERD)
}

/// Makes what the case's course calls for and is not there yet — the assessment at receipt, the refund after a
/// withdrawal or refusal (and gives a paid amount back through the provider) — and returns all of them. Idempotent:
/// the store makes each once per case and reason, so a retry or a crash in between is harmless.
pub async fn zorg_voor_aanslagen(app: &App, b: &ZaakBeeld) -> Result<Vec<Aanslag>, Fout> {
    let mut aanslagen = app.store().aanslagen(b.rij.id).await?;
    let kostenplaats = app.betalen().config.kostenplaats.clone();
    let aanslag = match aanslagen.iter().find(|a| a.reden == ONTVANGEN) {
        Some(a) => a.clone(),
        None => {
            // Without a tarieventabel of the authority stip assesses nothing: the municipality sets the fees itself.
            let raming = match crate::leges::voor_aanvraag(&app.kennis(), &b.aanvraag, b.rij.ingediend.date(), None) {
                Ok(r) => r,
                Err(e) if e.code == crate::fout::FoutCode::NotFound => return Ok(aanslagen),
                Err(e) => return Err(kennis_fout(e)),
            };
            let a = maak(
                app,
                b.rij.id,
                AanslagSoort::Aanslag,
                ONTVANGEN,
                &raming.regels,
                raming.totaal_cent,
                &kostenplaats,
            )
            .await?;
            aanslagen.push(a.clone());
            a
        }
    };
    if let Some(reden) = teruggaafreden(b)
        && !aanslagen.iter().any(|a| a.reden == reden)
        && let Some(stadium) = stip_leges::Stadium::parse(reden)
    {
        let vandaag = app.klok().vandaag();
        let regel = crate::leges::teruggaaf(&app.kennis(), &b.rij.bevoegd_gezag, aanslag.bedrag_cent, stadium, vandaag)
            .map_err(kennis_fout)?;
        // The table may give nothing back at this stage.
        if let Some(regel) = regel.filter(|r| r.bedrag_cent != 0) {
            let terug = regel.bedrag_cent.abs();
            let t =
                maak(app, b.rij.id, AanslagSoort::Teruggaaf, reden, std::slice::from_ref(&regel), terug, &kostenplaats)
                    .await?;
            aanslagen.push(t.clone());
            betaal_terug(app, &aanslag, &t).await?;
        }
    }
    Ok(aanslagen)
}

async fn maak(
    app: &App,
    zaak: ZaakId,
    soort: AanslagSoort,
    reden: &str,
    regels: &[Legesregel],
    bedrag_cent: i64,
    kostenplaats: &str,
) -> Result<Aanslag, Fout> {
    let regels = serde_json::to_value(regels).unwrap_or_default();
    let nieuw = NieuweAanslag {
        id: AanslagId::nieuw(),
        zaak_id: zaak,
        soort,
        reden,
        regels: &regels,
        bedrag_cent: bedrag_cent.max(0),
        kostenplaats,
        aangemaakt: app.klok().nu(),
    };
    Ok(app.store().maak_aanslag(nieuw).await?)
}

/// Gives a refund back through the provider when the assessment was paid: the payment is marked refunded first (once,
/// by whoever gets there first), then the provider is asked.
async fn betaal_terug(app: &App, aanslag: &Aanslag, teruggaaf: &Aanslag) -> Result<(), Fout> {
    if teruggaaf.bedrag_cent <= 0 {
        return Ok(());
    }
    let betalingen = app.store().betalingen_van_zaak(aanslag.zaak_id).await?;
    let Some(b) = betalingen.iter().find(|b| status_van(b) == Betaalstatus::Betaald) else { return Ok(()) };
    let Some(psp) = app.betalen().psp.clone().filter(|p| p.naam() == b.psp) else { return Ok(()) };
    let Some(b) = app.store().zet_betaalstatus(b.id, "betaald", "terugbetaald", app.klok().nu()).await? else {
        return Ok(());
    };
    let (id, bedrag) = (b.psp_id.clone(), teruggaaf.bedrag_cent.min(b.bedrag_cent));
    bij_psp(&psp, move |p| p.terugbetalen(&id, bedrag, "Teruggaaf leges")).await
}

/// The open amount of a case: the assessment less its refund, unless a payment settled it.
fn open_van(aanslagen: &[Aanslag], betalingen: &[Betaling]) -> Vec<(AanslagId, i64)> {
    let teruggaaf: i64 = aanslagen.iter().filter(|a| a.soort == AanslagSoort::Teruggaaf).map(|a| a.bedrag_cent).sum();
    aanslagen
        .iter()
        .filter(|a| a.soort == AanslagSoort::Aanslag)
        .filter(|a| !betalingen.iter().any(|b| status_van(b).voldaan() && b.posten.iter().any(|(id, _)| *id == a.id)))
        .map(|a| (a.id, (a.bedrag_cent - teruggaaf).max(0)))
        .filter(|(_, bedrag)| *bedrag > 0)
        .collect()
}

/// Reads a case whose fees `actor` may see: the applicant and the authority's officials.
async fn lees(app: &App, actor: &Actor, id: ZaakId) -> Result<ZaakBeeld, Fout> {
    lees_zaak(app, actor, id, Actie::LeesZaak).await
}

/// The fees of a case (`GET /zaken/{id}/leges`); makes the assessment first when a crash left it unmade.
pub async fn leges_van_zaak(app: &App, actor: &Actor, id: ZaakId) -> Result<Legesbeeld, Fout> {
    let b = lees(app, actor, id).await?;
    legesbeeld(app, &b).await
}

/// [`leges_van_zaak`] for a case already read and authorised.
pub async fn legesbeeld(app: &App, b: &ZaakBeeld) -> Result<Legesbeeld, Fout> {
    let aanslagen = zorg_voor_aanslagen(app, b).await?;
    let betalingen = app.store().betalingen_van_zaak(b.rij.id).await?;
    let open: i64 = open_van(&aanslagen, &betalingen).iter().map(|(_, c)| c).sum();
    let mut beelden = Vec::new();
    for bet in &betalingen {
        beelden.push(betaling_beeld(bet, zaken_van(app, bet).await?));
    }
    Ok(Legesbeeld {
        aanslagen: aanslagen.iter().map(aanslag_beeld).collect(),
        betaald: open == 0 && betalingen.iter().any(|b| status_van(b).voldaan()),
        open_cent: open,
        betalingen: beelden,
        betalen_voor_besluit: app.betalen().config.betalen_voor_besluit,
        kan_betalen: open > 0 && app.betalen().psp.is_some() && b.zaak.status != Status::Ingetrokken,
    })
}

async fn zaken_van(app: &App, b: &Betaling) -> Result<Vec<uuid::Uuid>, Fout> {
    let mut zaken = Vec::new();
    for (aanslag, _) in &b.posten {
        // The parts name assessments; their cases are few, read through the case's own list.
        if let Some(z) = zaak_van_aanslag(app, *aanslag, b).await?
            && !zaken.contains(&z)
        {
            zaken.push(z);
        }
    }
    Ok(zaken)
}

async fn zaak_van_aanslag(app: &App, aanslag: AanslagId, b: &Betaling) -> Result<Option<uuid::Uuid>, Fout> {
    // A payment's parts were made from its payer's cases: look among those.
    for z in stip_store::ZaakRepository::zaken_van(app.store(), b.betaler).await? {
        if app.store().aanslagen(z.id).await?.iter().any(|a| a.id == aanslag) {
            return Ok(Some(z.id.0));
        }
    }
    Ok(None)
}

/// Starts one payment for the open fees of one or more of the actor's own cases (bulkbetaling): the amount is the
/// sum of the assessments, never taken from the request. Answers the provider's checkout address.
pub async fn start_betaling(app: &App, actor: &Actor, zaken: &[ZaakId]) -> Result<BetalingBeeld, Fout> {
    let betalen = app.betalen();
    let Some(psp) = betalen.psp.clone() else {
        return Err(Fout::new(FoutCode::InvalidStep, "online betalen is hier niet mogelijk"));
    };
    if zaken.is_empty() || zaken.len() > 50 {
        return Err(Fout::new(FoutCode::InvalidRequest, "noem 1 tot 50 zaken om te betalen"));
    }
    let mut posten = Vec::new();
    let mut nummers = Vec::new();
    for id in zaken {
        let b = lees(app, actor, *id).await?;
        // Paying is the applicant's: an official reads the fees but does not pay them.
        if b.rij.aanvrager != actor.id {
            return Err(weiger(stip_zaak::Weigering::Verboden, "deze zaak"));
        }
        let aanslagen = zorg_voor_aanslagen(app, &b).await?;
        let betalingen = app.store().betalingen_van_zaak(b.rij.id).await?;
        let open = open_van(&aanslagen, &betalingen);
        if !open.is_empty() && b.zaak.status != Status::Ingetrokken {
            nummers.push(b.rij.zaaknummer.clone());
            posten.extend(open);
        }
    }
    if posten.is_empty() {
        return Err(Fout::new(FoutCode::InvalidStep, "er is niets meer te betalen voor deze zaken"));
    }
    let id = BetalingId::nieuw();
    let bedrag: i64 = posten.iter().map(|(_, c)| c).sum();
    let publiek = betalen.publiek();
    let terug = match zaken {
        [een] => format!("{publiek}/zaken/{een}"),
        _ => format!("{publiek}/mijn"),
    };
    let verzoek = PspVerzoek {
        bedrag_cent: bedrag,
        omschrijving: format!("Leges {}", nummers.join(", ")),
        redirect_url: terug,
        webhook_url: format!("{publiek}/api/v1/betalingen/webhook"),
    };
    let gemaakt = bij_psp(&psp, move |p| p.maak(&verzoek)).await?;
    let nieuw = NieuweBetaling {
        id,
        psp: psp.naam(),
        psp_id: &gemaakt.id,
        checkout_url: &gemaakt.checkout_url,
        betaler: actor.id,
        posten: &posten,
        aangemaakt: app.klok().nu(),
    };
    let b = app.store().maak_betaling(nieuw).await?;
    Ok(betaling_beeld(&b, zaken.iter().map(|z| z.0).collect()))
}

/// A payment as its payer reads it (anyone else: not found).
pub async fn lees_betaling(app: &App, actor: &Actor, id: BetalingId) -> Result<BetalingBeeld, Fout> {
    let b = match app.store().betaling(id).await {
        Ok(b) if b.betaler == actor.id => b,
        Ok(_) | Err(stip_store::StoreError::NotFound(_)) => {
            return Err(weiger(stip_zaak::Weigering::Verborgen, "deze betaling"));
        }
        Err(e) => return Err(e.into()),
    };
    let zaken = zaken_van(app, &b).await?;
    Ok(betaling_beeld(&b, zaken))
}

/// The provider's webhook (`id=<provider id>`): stip asks the provider for the status and records a change once.
/// An id stip does not know, or a report that changes nothing, leaves everything as it was. Returns whether it changed.
pub async fn verwerk_webhook(app: &App, psp_id: &str) -> Result<bool, Fout> {
    let Some(psp) = app.betalen().psp.clone() else { return Ok(false) };
    let Some(b) = app.store().betaling_per_psp_id(psp.naam(), psp_id).await? else {
        tracing::info!(psp_id, "a payment webhook for a payment stip does not know; nothing changed");
        return Ok(false);
    };
    kijk_opnieuw(app, &psp, b).await
}

async fn kijk_opnieuw(app: &App, psp: &Arc<dyn Psp>, b: Betaling) -> Result<bool, Fout> {
    let id = b.psp_id.clone();
    let gemeld = bij_psp(psp, move |p| p.status(&id)).await?;
    let Some(naar) = status_van(&b).na(gemeld) else { return Ok(false) };
    let gewijzigd = app.store().zet_betaalstatus(b.id, &b.status, naar.as_str(), app.klok().nu()).await?;
    if gewijzigd.is_some() {
        tracing::info!(betaling = %b.id, status = naar.as_str(), "payment status changed");
    }
    Ok(gewijzigd.is_some())
}

/// How long a payment stays open before the reconciliation asks the provider about it.
pub const OPEN_WACHT: time::Duration = time::Duration::minutes(15);

/// One reconciliation round: asks the provider about payments left open (a webhook that never came). Returns how
/// many changed.
pub async fn stem_af(app: &App) -> Result<usize, Fout> {
    let Some(psp) = app.betalen().psp.clone() else { return Ok(0) };
    let open = app.store().open_betalingen(app.klok().nu() - OPEN_WACHT, 100).await?;
    let mut n = 0;
    for b in open.into_iter().filter(|b| b.psp == psp.naam()) {
        match kijk_opnieuw(app, &psp, b).await {
            Ok(true) => n += 1,
            Ok(false) => {}
            Err(e) => tracing::warn!(error = ?e, "asking the payment provider about an open payment failed"),
        }
    }
    Ok(n)
}

/// How often the background worker (`berichten::werk`) reconciles open payments.
pub const AFSTEMMEN: std::time::Duration = std::time::Duration::from_secs(300);

/// One [`stem_af`] round for the background worker, its outcome logged.
pub async fn stem_af_gelogd(app: &App) {
    match stem_af(app).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(n, "reconciliation: payments left open changed at the provider"),
        Err(e) => tracing::warn!(error = ?e, "reconciling open payments failed"),
    }
}

/// Whether `soort` may be written now: when the municipality requires payment before the decision, a decision waits
/// until the fees are paid.
pub async fn mag_verder(app: &App, b: &ZaakBeeld, soort: &GebeurtenisSoort) -> Result<(), Fout> {
    if !app.betalen().config.betalen_voor_besluit
        || !matches!(soort, GebeurtenisSoort::BesluitGenomen { .. } | GebeurtenisSoort::OntwerpbesluitGenomen { .. })
    {
        return Ok(());
    }
    let l = legesbeeld(app, b).await?;
    if l.open_cent > 0 {
        return Err(Fout::new(
            FoutCode::InvalidStep,
            "de leges zijn nog niet betaald; de gemeente beslist na betaling",
        ));
    }
    Ok(())
}

/// Right after a submit committed: the assessment, from the frozen application. A failure is logged; the first reading
/// of the fees makes it.
pub async fn na_indienen(app: &App, indiening: &stip_store::Indiening) {
    let gemaakt = async {
        let b = crate::dossier::beeld_ongetoetst(app, indiening.zaak.clone()).await?;
        zorg_voor_aanslagen(app, &b).await
    };
    if let Err(e) = gemaakt.await {
        tracing::warn!(error = ?e, zaak = %indiening.zaak.zaaknummer, "making the assessment failed; it is made when next asked");
    }
}

/// After an event was written: the refund a withdrawal or refusal gives. A failure is logged; the next reading of the
/// fees makes it.
pub async fn na_stap(app: &App, b: &ZaakBeeld) {
    if teruggaafreden(b).is_some()
        && let Err(e) = zorg_voor_aanslagen(app, b).await
    {
        tracing::warn!(error = ?e, zaak = %b.rij.zaaknummer, "making the refund failed; it is made when next asked");
    }
}

/// The invoice (factuur) of a case's fees as PDF, for the applicant and officials.
pub async fn factuur(app: &App, actor: &Actor, id: ZaakId) -> Result<(String, Vec<u8>), Fout> {
    let b = lees(app, actor, id).await?;
    let l = legesbeeld(app, &b).await?;
    let kop = crate::stukken::kop(app, &b).await;
    let mut doc = crate::stukken::document(&kop, "Factuur leges", "De leges van de aanvraag", app.klok().nu());
    doc.kop(1, &format!("Factuur leges, zaak {}", kop.zaaknummer));
    let ingediend = crate::tekst::datum(kop.ingediend.date(), false);
    doc.gegevens(&[
        ("Aan", kop.aanvrager.as_str()),
        ("Van", kop.gezag.as_str()),
        ("Zaak", kop.zaaknummer.as_str()),
        ("Datum aanvraag", ingediend.as_str()),
    ]);
    for a in &l.aanslagen {
        doc.kop(2, if a.soort == "teruggaaf" { "Teruggaaf" } else { "Aanslag" });
        let rijen: Vec<Vec<String>> = a
            .regels
            .iter()
            .map(|r| vec![r.omschrijving.clone(), r.grondslag.clone(), r.berekening.clone(), euro(r.bedrag_cent)])
            .collect();
        doc.tabel(&["Omschrijving", "Grondslag", "Berekening", "Bedrag"], &rijen);
        doc.alinea(&format!("Totaal: {}", euro(a.bedrag_cent)));
    }
    doc.kop(2, "Betaling");
    doc.alinea(&if l.open_cent > 0 {
        format!("Nog te betalen: {}. U kunt online betalen op de pagina van uw zaak in stip.", euro(l.open_cent))
    } else {
        "Er is niets meer te betalen.".to_string()
    });
    Ok((format!("factuur-{}.pdf", kop.zaaknummer), doc.bytes()))
}

/// An amount as people read it: "€ 250,00".
pub fn euro(cent: i64) -> String {
    let teken = if cent < 0 { "-" } else { "" };
    let c = cent.abs();
    format!("{teken}€ {},{:02}", c / 100, c % 100)
}

/// One row of the finance view.
#[derive(Clone, Debug, Serialize)]
pub struct Financieel {
    pub regels: Vec<stip_store::FinancieleRegel>,
    /// Per cost centre: (kostenplaats, aanslagen, teruggaven, betalingen), in cents.
    pub totalen: Vec<(String, i64, i64, i64)>,
}

/// The finance rows of the actor's authority on `datum` (a Dutch day), for officials.
pub async fn financien(app: &App, actor: &Actor, datum: Date) -> Result<Financieel, Fout> {
    let gezag = actor.bevoegd_gezag.clone().unwrap_or_default();
    mag(actor, Actie::Werkvoorraad, &Bron::Gezag(&gezag)).map_err(|w| weiger(w, "de financiën"))?;
    let van = stip_zaak::tijd::in_nederland(datum.midnight());
    let tot = stip_zaak::tijd::in_nederland(datum.next_day().unwrap_or(datum).midnight());
    let regels = app.store().financiele_regels(&gezag, van, tot).await?;
    let mut totalen: Vec<(String, i64, i64, i64)> = Vec::new();
    for r in &regels {
        let i = match totalen.iter().position(|t| t.0 == r.kostenplaats) {
            Some(i) => i,
            None => {
                totalen.push((r.kostenplaats.clone(), 0, 0, 0));
                totalen.len() - 1
            }
        };
        match r.soort.as_str() {
            "aanslag" => totalen[i].1 += r.bedrag_cent,
            "teruggaaf" => totalen[i].2 += r.bedrag_cent,
            _ => totalen[i].3 += r.bedrag_cent,
        }
    }
    Ok(Financieel { regels, totalen })
}

/// The finance export as CSV (`;`-separated, amounts in euros with a decimal point), one row per assessment, refund
/// and payment part, then one total row per cost centre.
pub fn als_csv(f: &Financieel) -> String {
    let bedrag = |c: i64| format!("{}{}.{:02}", if c < 0 { "-" } else { "" }, c.abs() / 100, c.abs() % 100);
    let veld = |s: &str| {
        if s.contains([';', '"', '\n']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
    };
    let mut uit = String::from("soort;datum;zaaknummer;kostenplaats;bedrag;toelichting;referentie\r\n");
    for r in &f.regels {
        let op = stip_zaak::tijd::nederlands(r.op);
        uit.push_str(&format!(
            "{};{};{};{};{};{};{}\r\n",
            r.soort,
            op.date(),
            veld(&r.zaaknummer),
            veld(&r.kostenplaats),
            bedrag(r.bedrag_cent),
            veld(&r.toelichting),
            r.referentie
        ));
    }
    for (kp, aanslagen, teruggaven, betalingen) in &f.totalen {
        uit.push_str(&format!("totaal_aanslagen;;;{};{};;\r\n", veld(kp), bedrag(*aanslagen)));
        uit.push_str(&format!("totaal_teruggaven;;;{};{};;\r\n", veld(kp), bedrag(*teruggaven)));
        uit.push_str(&format!("totaal_betalingen;;;{};{};;\r\n", veld(kp), bedrag(*betalingen)));
    }
    uit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_amount_reads_as_euros_with_a_decimal_comma() {
        assert_eq!(euro(25_000), "€ 250,00");
        assert_eq!(euro(1_205), "€ 12,05");
    }

    #[test]
    fn the_export_totals_each_cost_centre_and_quotes_what_needs_it() {
        let regel = |soort: &str, bedrag_cent| stip_store::FinancieleRegel {
            soort: soort.into(),
            op: time::macros::datetime!(2026-12-03 10:00 UTC),
            zaaknummer: "Z-2026-000001".into(),
            kostenplaats: "leges;bouw".into(),
            bedrag_cent,
            toelichting: "betaald".into(),
            referentie: uuid::Uuid::nil(),
        };
        let f = Financieel {
            regels: vec![regel("aanslag", 25_000), regel("betaling", 25_000)],
            totalen: vec![("leges;bouw".into(), 25_000, 0, 25_000)],
        };
        let csv = als_csv(&f);
        assert!(csv.contains("betaling;2026-12-03;Z-2026-000001;\"leges;bouw\";250.00;betaald;"), "{csv}");
        assert!(csv.contains("totaal_betalingen;;;\"leges;bouw\";250.00;;"), "{csv}");
    }
}
