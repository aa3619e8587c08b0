//! The neighbour's legal side of a case: a view (zienswijze) on a draft decision while it lies open, and an objection
//! (bezwaar) against a published decision as its own case — received with a receipt, marked when late, handled with a
//! call, meetings and reports, withdrawn or decided, and made known with the appeal term. The submission (its giver's
//! name, address and words, and its files) is kept apart from the case's history, which gets only an event with its id
//! and number, in one transaction.
//!
//! Who reads an objection: its objector and the authority's officials in full; the applicant (a party to it) without
//! the objector's name, address or e-mail; nobody else.

use crate::App;
use crate::dossier::{ZaakBeeld, lees_zaak, schrijf};
use crate::fout::{Fout, FoutCode, VeldFout};
use serde::{Deserialize, Serialize};
use stip_store::{
    AanvraagRepository, GebruikerRepository, Inzending, InzendingId, InzendingRepository, InzendingSoort, NieuwStuk,
    NieuweInzending, StoreError, ZaakId, ZaakRepository,
};
use stip_zaak::bezwaar::{Afspraak, Bezwaar, BezwaarUitkomst};
use stip_zaak::document::{MAX_DOCUMENTEN, herken, naam_voor};
use stip_zaak::{Actie, Actor, Besluit, GebeurtenisSoort};
use time::Date;
use utoipa::ToSchema;
use uuid::Uuid;

// A date in JSON as `YYYY-MM-DD`.
time::serde::format_description!(datum, Date, "[year]-[month]-[day]");

/// The longest text a view or the grounds of an objection may have.
pub const MAX_TEKST: usize = 20_000;
/// How often a submission is tried again when another event came in between (it does not depend on that event).
const POGINGEN: usize = 5;

/// An objection as it is made (Awb 6:5: name, address, date, the decision, the grounds).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BezwaarVerzoek {
    /// Why you do not agree with the decision.
    #[schema(min_length = 1, max_length = 20000)]
    pub gronden: String,
    /// Whether you want to explain your objection in person (hoorzitting).
    pub gehoord_worden: bool,
    /// Your postal address; without it the municipality asks you for it (Awb 6:6).
    #[serde(default)]
    #[schema(max_length = 500)]
    pub adres: Option<String>,
    /// Only when the term has passed: why you object late.
    #[serde(default)]
    #[schema(max_length = 20000)]
    pub reden_te_laat: Option<String>,
}

/// A view on a draft decision.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ZienswijzeVerzoek {
    /// What you think of the draft decision.
    #[schema(min_length = 1, max_length = 20000)]
    pub tekst: String,
    /// Your postal address.
    #[serde(default)]
    #[schema(max_length = 500)]
    pub adres: Option<String>,
}

/// A file that comes with a view or objection: its name and bytes.
pub type Bestand = (String, Vec<u8>);

/// Who submitted, as only they and the officials see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Indiener {
    pub naam: String,
    pub adres: String,
    pub email: Option<String>,
}

/// A document of a view or objection.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InzendingDocument {
    #[schema(value_type = String, format = Uuid)]
    pub id: Uuid,
    pub naam: String,
    pub mediatype: String,
    pub grootte: i64,
    pub sha256: String,
}

/// The decision term of an objection.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BezwaarTermijn {
    /// The last day to decide on the objection.
    #[schema(value_type = String, format = Date)]
    pub uiterste_beslisdatum: String,
    /// 6 weeks, or 12 with an advisory committee.
    pub weken: u16,
    pub verlengd_weken: u16,
    pub adviescommissie: bool,
    /// The day by which the municipality calls the objector.
    #[schema(value_type = String, format = Date)]
    pub bellen_voor: String,
    pub grondslag: &'static str,
}

/// An objection as its reader may see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BezwaarBeeld {
    #[schema(value_type = String, format = Uuid)]
    pub id: Uuid,
    /// `Z-2026-000012-B1`.
    pub nummer: String,
    /// The case of the decision objected to.
    #[schema(value_type = String, format = Uuid)]
    pub zaak: Uuid,
    pub zaaknummer: String,
    /// Where the decision is about (the address).
    pub plaats: Option<String>,
    #[schema(value_type = String, format = DateTime)]
    #[serde(with = "time::serde::rfc3339")]
    pub ontvangen: time::OffsetDateTime,
    /// Received after the objection term ended.
    pub telaat: bool,
    /// When late and no reason was given yet: the question why.
    pub vraag: Option<String>,
    pub reden_te_laat: Option<String>,
    pub gronden: String,
    pub gehoord_worden: bool,
    /// `ontvangen`, `in_behandeling`, `beslist`, `bekendgemaakt`, `ingetrokken`.
    pub status: &'static str,
    pub termijn: BezwaarTermijn,
    pub afspraken: Vec<Afspraak>,
    pub verslagen: Vec<stip_zaak::bezwaar::Verslag>,
    pub beslissing: Option<stip_zaak::bezwaar::BeslissingOpBezwaar>,
    #[schema(value_type = Option<String>, format = Date)]
    pub bekendgemaakt: Option<String>,
    /// After the decision on the objection is made known: the last day to appeal to the court.
    #[schema(value_type = Option<String>, format = Date)]
    pub beroep_tot: Option<String>,
    /// Only for the objector and the officials.
    pub indiener: Option<Indiener>,
    /// Only for the objector and the officials.
    pub documenten: Vec<InzendingDocument>,
    /// Steps an official can take now (empty for others).
    pub mogelijke_stappen: Vec<&'static str>,
    /// Whether the reader may withdraw it (the objector, while it runs).
    pub intrekken: bool,
}

/// A view as the official and its giver see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ZienswijzeBeeld {
    #[schema(value_type = String, format = Uuid)]
    pub id: Uuid,
    #[schema(value_type = String, format = Uuid)]
    pub zaak: Uuid,
    pub zaaknummer: String,
    /// Its number on the case (1, 2, …): the decision answers it by this number.
    pub nummer: u32,
    #[schema(value_type = String, format = DateTime)]
    #[serde(with = "time::serde::rfc3339")]
    pub ontvangen: time::OffsetDateTime,
    pub tekst: String,
    pub indiener: Indiener,
    pub documenten: Vec<InzendingDocument>,
}

/// A step on an objection, as an official (or, to withdraw, its objector) takes it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(tag = "soort", rename_all = "snake_case", rename_all_fields = "camelCase", deny_unknown_fields)]
pub enum BezwaarStap {
    /// Plan the call, a mediation meeting or the hearing; every party gets an invitation (with an iCalendar file).
    AfspraakGepland { afspraak: Afspraak },
    /// Add the report of a call, meeting or hearing to the file.
    Verslag { tekst: String },
    /// An advisory committee hears the objection: 12 weeks instead of 6.
    Adviescommissie,
    /// Extend the decision term once, by at most 6 weeks.
    TermijnVerlengd { weken: u16, reden: String },
    /// The objector withdraws the objection.
    Ingetrokken {
        #[serde(default)]
        reden: String,
    },
    /// The decision on the objection; when (partly) founded, the decision that takes the old one's place, if needed.
    Beslist {
        uitkomst: BezwaarUitkomst,
        motivering: String,
        #[serde(default)]
        nieuw_besluit: Option<Besluit>,
    },
    /// The decision on the objection is made known (published) on `datum`.
    Bekendgemaakt {
        #[schema(value_type = String, format = Date)]
        #[serde(with = "datum")]
        datum: Date,
    },
}

impl BezwaarStap {
    fn gebeurtenis(self, bezwaar: Uuid) -> GebeurtenisSoort {
        use GebeurtenisSoort as G;
        match self {
            BezwaarStap::AfspraakGepland { afspraak } => G::BezwaarAfspraakGepland { bezwaar, afspraak },
            BezwaarStap::Verslag { tekst } => G::BezwaarVerslag { bezwaar, tekst },
            BezwaarStap::Adviescommissie => G::BezwaarAdviescommissie { bezwaar },
            BezwaarStap::TermijnVerlengd { weken, reden } => G::BezwaarTermijnVerlengd { bezwaar, weken, reden },
            BezwaarStap::Ingetrokken { reden } => G::BezwaarIngetrokken { bezwaar, reden },
            BezwaarStap::Beslist { uitkomst, motivering, nieuw_besluit } => {
                G::BezwaarBeslist { bezwaar, uitkomst, motivering, nieuw_besluit }
            }
            BezwaarStap::Bekendgemaakt { datum } => G::BezwaarBekendgemaakt { bezwaar, datum },
        }
    }
}

fn tekstfout(veld: &str, melding: &str) -> Fout {
    Fout::new(FoutCode::InvalidRequest, melding).with_fouten(vec![VeldFout {
        vraag: veld.into(),
        code: "ongeldig".into(),
        melding: melding.into(),
    }])
}

/// A text that must be given and not be too long.
fn tekst(veld: &str, s: &str, wat: &str) -> Result<String, Fout> {
    let s = s.trim();
    if s.is_empty() {
        return Err(tekstfout(veld, &format!("schrijf {wat}")));
    }
    if s.chars().count() > MAX_TEKST {
        return Err(tekstfout(veld, &format!("{wat} mag ten hoogste {MAX_TEKST} tekens hebben")));
    }
    Ok(s.to_string())
}

/// A file checked: its safe name, sniffed media type and bytes.
type Gecontroleerd<'a> = (String, &'static str, &'a [u8]);

/// Checks every file before any is stored; returns them with their sniffed media type and a safe name.
fn stukken(bestanden: &[Bestand]) -> Result<Vec<Gecontroleerd<'_>>, Fout> {
    if bestanden.len() > MAX_DOCUMENTEN {
        return Err(Fout::new(FoutCode::InvalidRequest, format!("stuur ten hoogste {MAX_DOCUMENTEN} bestanden mee")));
    }
    bestanden
        .iter()
        .map(|(naam, inhoud)| {
            let soort = herken(naam, inhoud).map_err(crate::dossier::document_fout)?;
            Ok((naam_voor(naam, soort), soort.mediatype(), inhoud.as_slice()))
        })
        .collect()
}

/// What a submission holds besides its event.
struct Inzendingsgegevens<'a> {
    soort: InzendingSoort,
    tekst: &'a str,
    adres: &'a str,
    gehoord_worden: bool,
    reden_te_laat: Option<&'a str>,
    stukken: Vec<Gecontroleerd<'a>>,
}

/// Records a view or objection on case `zaak`: the event is made from the case as read (its number, lateness), and
/// made again when another event came in meanwhile.
async fn dien_in(
    app: &App,
    actor: &Actor,
    zaak: ZaakId,
    g: Inzendingsgegevens<'_>,
    maak: impl Fn(&ZaakBeeld, InzendingId, Date) -> (GebeurtenisSoort, String, bool),
) -> Result<(ZaakBeeld, Inzending), Fout> {
    let id = InzendingId::nieuw();
    let email = app.store().gebruiker(stip_store::GebruikerId(actor.id)).await.ok().and_then(|g| g.email);
    let stukken: Vec<NieuwStuk<'_>> =
        g.stukken.iter().map(|(naam, mediatype, inhoud)| NieuwStuk { naam, mediatype, inhoud }).collect();
    let mut poging = 0;
    loop {
        poging += 1;
        let beeld = lees_zaak(app, actor, zaak, Actie::Inspraak).await?;
        let nu = app.klok().nu();
        let (soort, nummer, te_laat) = maak(&beeld, id, nu.date());
        let nieuw = NieuweInzending {
            id,
            soort: g.soort,
            nummer: &nummer,
            indiener: actor.id,
            naam: &actor.naam,
            adres: g.adres,
            email: email.as_deref(),
            tekst: g.tekst,
            gehoord_worden: g.gehoord_worden,
            te_laat,
            reden_te_laat: g.reden_te_laat,
            ontvangen: nu,
            documenten: &stukken,
        };
        match schrijf(app, actor, beeld, soort, Some(nieuw)).await {
            Ok((beeld, Some(i))) => return Ok((beeld, i)),
            Ok((_, None)) => return Err(Fout::intern("a submission was recorded without its row")),
            Err(e) if e.code == FoutCode::Conflict && poging < POGINGEN => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Gives a view on a draft decision while it lies open (uitgebreide procedure).
pub async fn geef_zienswijze(
    app: &App,
    actor: &Actor,
    zaak: ZaakId,
    v: ZienswijzeVerzoek,
    bestanden: Vec<Bestand>,
) -> Result<ZienswijzeBeeld, Fout> {
    let tekst = tekst("tekst", &v.tekst, "uw zienswijze")?;
    let adres = v.adres.as_deref().map(str::trim).unwrap_or_default();
    let g = Inzendingsgegevens {
        soort: InzendingSoort::Zienswijze,
        tekst: &tekst,
        adres,
        gehoord_worden: false,
        reden_te_laat: None,
        stukken: stukken(&bestanden)?,
    };
    let (beeld, i) = dien_in(app, actor, zaak, g, |b, id, _| {
        let nummer = b.zaak.zienswijzen.len() as u32 + 1;
        (GebeurtenisSoort::ZienswijzeOntvangen { zienswijze: id.0, nummer }, nummer.to_string(), false)
    })
    .await?;
    zienswijze_beeld(app, &beeld, i).await
}

/// Every view on a case, for its officials (they answer each in the decision).
pub async fn zienswijzen(app: &App, actor: &Actor, zaak: ZaakId) -> Result<Vec<ZienswijzeBeeld>, Fout> {
    let beeld = lees_zaak(app, actor, zaak, Actie::Behandel).await?;
    let mut uit = Vec::new();
    for i in app.store().inzendingen(zaak).await? {
        if i.soort == InzendingSoort::Zienswijze {
            uit.push(zienswijze_beeld(app, &beeld, i).await?);
        }
    }
    Ok(uit)
}

async fn zienswijze_beeld(app: &App, beeld: &ZaakBeeld, i: Inzending) -> Result<ZienswijzeBeeld, Fout> {
    Ok(ZienswijzeBeeld {
        id: i.id.0,
        zaak: beeld.rij.id.0,
        zaaknummer: beeld.rij.zaaknummer.clone(),
        nummer: i.nummer.parse().unwrap_or_default(),
        ontvangen: i.ontvangen,
        documenten: documenten(app, i.id).await?,
        indiener: Indiener { naam: i.naam, adres: i.adres, email: i.email },
        tekst: i.tekst,
    })
}

async fn documenten(app: &App, id: InzendingId) -> Result<Vec<InzendingDocument>, Fout> {
    Ok(app
        .store()
        .documenten_van_inzending(id)
        .await?
        .into_iter()
        .map(|d| InzendingDocument {
            id: d.id.0,
            naam: d.naam,
            mediatype: d.mediatype,
            grootte: d.grootte,
            sha256: d.sha256,
        })
        .collect())
}

/// Objects to a published decision (reguliere procedure). A late objection is received and marked.
pub async fn maak_bezwaar(
    app: &App,
    actor: &Actor,
    zaak: ZaakId,
    v: BezwaarVerzoek,
    bestanden: Vec<Bestand>,
) -> Result<BezwaarBeeld, Fout> {
    let gronden = tekst("gronden", &v.gronden, "waarom u het niet eens bent met het besluit")?;
    let reden = v.reden_te_laat.as_deref().map(str::trim).filter(|r| !r.is_empty());
    if reden.is_some_and(|r| r.chars().count() > MAX_TEKST) {
        return Err(tekstfout("redenTeLaat", "de reden mag ten hoogste 20000 tekens hebben"));
    }
    let adres = v.adres.as_deref().map(str::trim).unwrap_or_default();
    let g = Inzendingsgegevens {
        soort: InzendingSoort::Bezwaar,
        tekst: &gronden,
        adres,
        gehoord_worden: v.gehoord_worden,
        reden_te_laat: reden,
        stukken: stukken(&bestanden)?,
    };
    let (beeld, i) = dien_in(app, actor, zaak, g, |b, id, vandaag| {
        let nummer = b.zaak.volgend_bezwaarnummer(&b.rij.zaaknummer);
        let te_laat = b.zaak.bezwaar_te_laat(vandaag);
        (GebeurtenisSoort::BezwaarOntvangen { bezwaar: id.0, nummer: nummer.clone(), te_laat }, nummer, te_laat)
    })
    .await?;
    bezwaar_beeld(app, actor, &beeld, i, Lezer::Indiener).await
}

/// How a reader stands to an objection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lezer {
    Indiener,
    Ambtelijk,
    /// The applicant: a party, but not the objector's details.
    Aanvrager,
}

/// A submission and its case, if `actor` may read it; and as whom.
async fn lees_inzending(app: &App, actor: &Actor, id: InzendingId) -> Result<(Inzending, ZaakBeeld, Lezer), Fout> {
    let niet = || Fout::new(FoutCode::NotFound, "dit bezwaar of deze zienswijze bestaat niet of u mag het niet zien");
    let i = app.store().inzending(id).await.map_err(|e| match e {
        StoreError::NotFound(_) => niet(),
        e => e.into(),
    })?;
    let beeld = lees_zaak(app, actor, i.zaak_id, Actie::LeesOpenbaar).await.map_err(|_| niet())?;
    let lezer = if beeld.mag(actor, Actie::Behandel).is_ok() {
        Lezer::Ambtelijk
    } else if i.indiener == actor.id {
        Lezer::Indiener
    } else if i.soort == InzendingSoort::Bezwaar && beeld.mag(actor, Actie::LeesZaak).is_ok() {
        Lezer::Aanvrager
    } else {
        return Err(niet());
    };
    Ok((i, beeld, lezer))
}

/// Whether `actor` may read the documents of a submission: its giver and the officials.
pub(crate) async fn mag_documenten_lezen(app: &App, actor: &Actor, id: Uuid) -> Result<(), Fout> {
    match lees_inzending(app, actor, InzendingId(id)).await?.2 {
        Lezer::Indiener | Lezer::Ambtelijk => Ok(()),
        Lezer::Aanvrager => Err(Fout::new(FoutCode::NotFound, "dit document bestaat niet of u mag het niet zien")),
    }
}

/// An objection, for its objector, the officials and the applicant.
pub async fn lees_bezwaar(app: &App, actor: &Actor, id: InzendingId) -> Result<BezwaarBeeld, Fout> {
    let (i, beeld, lezer) = lees_inzending(app, actor, id).await?;
    if i.soort != InzendingSoort::Bezwaar {
        return Err(Fout::new(FoutCode::NotFound, "dit bezwaar bestaat niet of u mag het niet zien"));
    }
    bezwaar_beeld(app, actor, &beeld, i, lezer).await
}

/// Every objection against a case's decision, for its officials.
pub async fn bezwaren(app: &App, actor: &Actor, zaak: ZaakId) -> Result<Vec<BezwaarBeeld>, Fout> {
    let beeld = lees_zaak(app, actor, zaak, Actie::Behandel).await?;
    let mut uit = Vec::new();
    for i in app.store().inzendingen(zaak).await? {
        if i.soort == InzendingSoort::Bezwaar {
            uit.push(bezwaar_beeld(app, actor, &beeld, i, Lezer::Ambtelijk).await?);
        }
    }
    Ok(uit)
}

/// The objections `actor` made, newest first.
pub async fn mijn_bezwaren(app: &App, actor: &Actor) -> Result<Vec<BezwaarBeeld>, Fout> {
    let mut uit = Vec::new();
    for i in app.store().inzendingen_van(actor.id).await? {
        if i.soort == InzendingSoort::Bezwaar
            && let Ok(b) = lees_bezwaar(app, actor, i.id).await
        {
            uit.push(b);
        }
    }
    Ok(uit)
}

/// Takes a step on an objection: officials handle and decide; the objector may withdraw.
pub async fn bezwaar_stap(app: &App, actor: &Actor, id: InzendingId, stap: BezwaarStap) -> Result<BezwaarBeeld, Fout> {
    let (i, beeld, lezer) = lees_inzending(app, actor, id).await?;
    if i.soort != InzendingSoort::Bezwaar {
        return Err(Fout::new(FoutCode::NotFound, "dit bezwaar bestaat niet of u mag het niet zien"));
    }
    let mag = match (&stap, lezer) {
        (BezwaarStap::Ingetrokken { .. }, Lezer::Indiener | Lezer::Ambtelijk) => true,
        (BezwaarStap::Beslist { .. } | BezwaarStap::Bekendgemaakt { .. }, Lezer::Ambtelijk) => {
            beeld.mag(actor, Actie::Beslis).is_ok()
        }
        (_, Lezer::Ambtelijk) => true,
        _ => false,
    };
    if !mag {
        return Err(Fout::new(FoutCode::Forbidden, "dit mag u niet doen met dit bezwaar"));
    }
    let stap = match stap {
        BezwaarStap::Beslist { uitkomst, motivering, nieuw_besluit: Some(b) } => {
            let aangevraagd: Vec<String> = beeld.aanvraag.activiteiten.iter().map(|a| a.id.clone()).collect();
            let b = b.controleer(&aangevraagd).map_err(|e| Fout::new(FoutCode::InvalidRequest, e.to_string()))?;
            BezwaarStap::Beslist { uitkomst, motivering, nieuw_besluit: Some(b) }
        }
        s => s,
    };
    let (beeld, _) = schrijf(app, actor, beeld, stap.gebeurtenis(i.id.0), None).await?;
    bezwaar_beeld(app, actor, &beeld, i, lezer).await
}

async fn bezwaar_beeld(
    app: &App,
    actor: &Actor,
    beeld: &ZaakBeeld,
    i: Inzending,
    lezer: Lezer,
) -> Result<BezwaarBeeld, Fout> {
    let b: &Bezwaar = beeld
        .zaak
        .bezwaar(i.id.0)
        .ok_or_else(|| Fout::intern(format!("bezwaar {} is not in the history of its case", i.id)))?;
    let vandaag = app.klok().vandaag();
    let eigen = matches!(lezer, Lezer::Indiener | Lezer::Ambtelijk);
    let termijn = b.beslistermijn();
    Ok(BezwaarBeeld {
        id: i.id.0,
        nummer: b.nummer.clone(),
        zaak: beeld.rij.id.0,
        zaaknummer: beeld.rij.zaaknummer.clone(),
        plaats: beeld.aanvraag.locatie.as_ref().and_then(|l| l.adres.clone()),
        ontvangen: i.ontvangen,
        telaat: b.te_laat,
        vraag: (b.te_laat && i.reden_te_laat.is_none()).then(|| {
            format!(
                "U maakte bezwaar na het einde van de termijn ({}). Waarom was u te laat? Schrijf het in een bericht \
                 aan de gemeente; zij beoordeelt of zij uw bezwaar toch behandelt.",
                crate::tekst::datum(b.bezwaartermijn_tot, false)
            )
        }),
        reden_te_laat: i.reden_te_laat.clone(),
        gronden: i.tekst.clone(),
        gehoord_worden: i.gehoord_worden,
        status: b.status.as_str(),
        termijn: BezwaarTermijn {
            uiterste_beslisdatum: b.uiterste_beslisdatum().to_string(),
            weken: termijn.weken,
            verlengd_weken: b.verlengd_weken,
            adviescommissie: b.adviescommissie,
            bellen_voor: b.bellen_voor().to_string(),
            grondslag: termijn.grondslag,
        },
        afspraken: b.afspraken.clone(),
        verslagen: b.verslagen.clone(),
        beslissing: b.beslissing.clone(),
        bekendgemaakt: b.bekendgemaakt.map(|d| d.to_string()),
        beroep_tot: b.beroep_tot().map(|d| d.to_string()),
        indiener: eigen.then(|| Indiener { naam: i.naam.clone(), adres: i.adres.clone(), email: i.email.clone() }),
        documenten: if eigen { documenten(app, i.id).await? } else { Vec::new() },
        mogelijke_stappen: if lezer == Lezer::Ambtelijk && beeld.mag(actor, Actie::Behandel).is_ok() {
            b.mogelijke_stappen(vandaag)
        } else {
            Vec::new()
        },
        intrekken: lezer == Lezer::Indiener && b.loopt() && b.beslissing.is_none(),
    })
}

/// The views and objections of a case as items of its procesdossier (Awb 8:42): each submission as received with its
/// files (for its giver and the officials), and each decision on an objection (public).
pub(crate) async fn dossierstukken(app: &App, zaak: ZaakId) -> Result<Vec<crate::procesdossier::DossierStuk>, Fout> {
    use crate::procesdossier::{DossierStuk, Zichtbaarheid};
    let inzendingen = app.store().inzendingen(zaak).await?;
    if inzendingen.is_empty() {
        return Ok(Vec::new());
    }
    let rij = app.store().zaak(zaak).await?;
    let beeld = crate::dossier::beeld_ongetoetst(app, rij).await?;
    let kop = crate::stukken::kop(app, &beeld).await;
    let dag = |t: time::OffsetDateTime| stip_zaak::tijd::nederlands(t).date();
    let mut uit = Vec::new();
    for i in &inzendingen {
        let zichtbaar = Zichtbaarheid::Indiener(i.indiener);
        let documenten = app.store().documenten_van_inzending(i.id).await?;
        let namen: Vec<String> = documenten.iter().map(|d| d.naam.clone()).collect();
        let (wat, naam) = match i.soort {
            InzendingSoort::Bezwaar => ("Bezwaarschrift", format!("Bezwaarschrift {}.pdf", i.nummer)),
            InzendingSoort::Zienswijze => {
                ("Zienswijze", format!("Zienswijze {} bij {}.pdf", i.nummer, beeld.rij.zaaknummer))
            }
        };
        uit.push(DossierStuk {
            naam,
            mediatype: "application/pdf".into(),
            datum: dag(i.ontvangen),
            omschrijving: format!("{wat} {} zoals ontvangen", i.nummer),
            zichtbaarheid: zichtbaar,
            inhoud: crate::stukken::inzending(&kop, i, &namen),
        });
        for d in documenten {
            uit.push(DossierStuk {
                omschrijving: format!("Bijlage bij {} {}", wat.to_lowercase(), i.nummer),
                datum: dag(d.geupload),
                mediatype: d.mediatype.clone(),
                zichtbaarheid: zichtbaar,
                inhoud: app.store().document_inhoud(d.id).await?,
                naam: d.naam,
            });
        }
        if let Some(b) = beeld.zaak.bezwaar(i.id.0)
            && let Some(pdf) = crate::stukken::beslissing_op_bezwaar(&kop, b)
        {
            uit.push(DossierStuk {
                naam: format!("Beslissing op bezwaar {}.pdf", b.nummer),
                mediatype: "application/pdf".into(),
                datum: b.beslissing.as_ref().map_or(dag(i.ontvangen), |x| x.datum),
                omschrijving: format!("Beslissing op bezwaar {}", b.nummer),
                zichtbaarheid: Zichtbaarheid::Openbaar,
                inhoud: pdf,
            });
        }
    }
    Ok(uit)
}
