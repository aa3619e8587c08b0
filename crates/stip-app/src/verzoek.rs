//! Talking to the municipality early (vooroverleg): an initiator asks for a quickscan, a call from the alderman, a
//! site visit or a principle decision by the board, each a small case with its own service norm; officials of the
//! authority find them in their work queue with deadline and risk, take, answer and close them (the answer reaches
//! the requester in Mijn berichten and by e-mail); a team publishes visit time slots and a requester takes one (one
//! requester per slot), with an iCalendar invitation by e-mail; the service package (zelf doen, begeleid, ontzorgd)
//! with an initiatiefmanager chosen fairly from the authority's pool, whose work contact details the initiator sees.
//!
//! Who reads a request: its requester and the authority's officials (behandelaar, bestuur); nobody else, who gets
//! "not found". The requester never sees other requesters; the initiator sees the official's work details only.

use crate::App;
use crate::fout::{Fout, FoutCode, VeldFout};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use stip_store::{
    AanvraagId, AanvraagRepository, GebruikerId, GebruikerRepository, MomentId, NieuwMoment, NieuwVerzoek,
    NieuweDienstverlening, VerslagRepository, Verzoek, VerzoekId, VerzoekRepository, VerzoekWijziging,
};
use stip_zaak::verzoek::{self as domein, Pakket, Stap, VerzoekSoort, VerzoekStatus};
use stip_zaak::{Actor, Risico, Rol};
use time::{Duration, OffsetDateTime};
use utoipa::ToSchema;
use uuid::Uuid;

/// The longest subject and question accepted (characters).
pub const MAX_ONDERWERP: usize = 200;
pub const MAX_VRAAG: usize = 20_000;
/// The longest a visit slot may last.
const MAX_BEZOEK: Duration = Duration::hours(8);

/// A request to the municipality, as the requester makes it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VerzoekVraag {
    pub soort: VerzoekSoort,
    /// In a few words: what the plan is ("Aanbouw aan de achterkant").
    #[schema(min_length = 1, max_length = 200)]
    pub onderwerp: String,
    /// What you want to know or discuss.
    #[schema(min_length = 1, max_length = 20000)]
    pub vraag: String,
    /// Your draft application this is about.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Uuid)]
    pub aanvraag: Option<Uuid>,
    /// The key of your saved plan check (the last part of its link `/verslag/{key}`).
    #[serde(default)]
    #[schema(max_length = 200)]
    pub plancheck: Option<String>,
    /// Your initiative this is about.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Uuid)]
    pub initiatief: Option<Uuid>,
    /// The authority to ask (`gm9999`); without it, the one of the draft or else the one running this stip.
    #[serde(default)]
    #[schema(max_length = 20)]
    pub bevoegd_gezag: Option<String>,
}

/// A visit time slot.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MomentBeeld {
    #[schema(value_type = String, format = Uuid)]
    pub id: Uuid,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub van: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub tot: OffsetDateTime,
    /// Who comes and how, in words.
    pub toelichting: String,
    /// Whether nobody took it yet.
    pub vrij: bool,
    /// For officials: the number of the request that took it.
    pub verzoek: Option<String>,
}

/// A request as its reader may see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VerzoekBeeld {
    #[schema(value_type = String, format = Uuid)]
    pub id: Uuid,
    /// `V-2026-000001-M`.
    pub nummer: String,
    pub soort: VerzoekSoort,
    /// The kind as people know it: "Bestuur op maat".
    pub soort_naam: &'static str,
    pub onderwerp: String,
    pub vraag: String,
    pub status: VerzoekStatus,
    /// The municipality that handles it.
    pub gemeente: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub ontvangen: OffsetDateTime,
    /// The last day of the service norm.
    #[schema(value_type = String, format = Date)]
    pub uiterlijk: String,
    /// The service norm in words: "1 week", "5 werkdagen".
    pub norm: String,
    pub risico: Risico,
    /// Days until the last day (negative: past).
    pub dagen_over: i64,
    #[schema(value_type = Option<String>, format = Uuid)]
    pub aanvraag: Option<Uuid>,
    /// The link to the saved plan check, when the request refers to one.
    pub plancheck: Option<String>,
    #[schema(value_type = Option<String>, format = Uuid)]
    pub initiatief: Option<Uuid>,
    /// The answer of the municipality.
    pub antwoord: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub beantwoord: Option<OffsetDateTime>,
    /// For a site visit: the slot taken.
    pub bezoek: Option<MomentBeeld>,
    /// For officials: who asked, and who handles it.
    pub aanvrager: Option<String>,
    pub behandelaar: Option<String>,
    /// Steps an official can take now (`in_behandeling_genomen`, `beantwoord`, `gesloten`); empty for others.
    pub mogelijke_stappen: Vec<&'static str>,
    /// For the requester of a site visit without a slot yet: whether they can take one now.
    pub moment_kiezen: bool,
}

/// A step an official takes on a request.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(tag = "soort", rename_all = "snake_case", rename_all_fields = "camelCase", deny_unknown_fields)]
pub enum VerzoekStap {
    /// Take it in hand: you become its handler.
    InBehandelingGenomen,
    /// Give the answer; it reaches the requester in Mijn berichten and by e-mail.
    Beantwoord {
        #[schema(min_length = 1, max_length = 20000)]
        antwoord: String,
    },
    /// Close it.
    Gesloten,
}

/// A visit slot to publish.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MomentVraag {
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub van: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub tot: OffsetDateTime,
    /// Who comes and how: "Twee medewerkers van Team Vergunningen Bouwen".
    #[serde(default)]
    #[schema(max_length = 500)]
    pub toelichting: String,
}

/// The slot a requester takes.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MomentKeuze {
    #[schema(value_type = String, format = Uuid)]
    pub moment: Uuid,
}

/// The service package an initiator chooses.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PakketKeuze {
    pub pakket: Pakket,
    /// The initiative it is for; without it, for your plans in general.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Uuid)]
    pub initiatief: Option<Uuid>,
    /// The authority (`gm9999`); without it the one running this stip.
    #[serde(default)]
    #[schema(max_length = 20)]
    pub bevoegd_gezag: Option<String>,
}

/// How the initiator reaches their initiatiefmanager: the official's own work details.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Contactpersoon {
    pub naam: String,
    pub email: Option<String>,
    pub telefoon: Option<String>,
}

/// A chosen service package.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DienstverleningBeeld {
    pub pakket: Pakket,
    #[schema(value_type = Option<String>, format = Uuid)]
    pub initiatief: Option<Uuid>,
    pub gemeente: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub gekozen: OffsetDateTime,
    /// For `begeleid` and `ontzorgd`: your initiatiefmanager.
    pub initiatiefmanager: Option<Contactpersoon>,
    /// When a package with an initiatiefmanager has none yet: what happens now.
    pub toelichting: Option<String>,
}

/// An official joins or leaves the authority's pool of initiatiefmanagers.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InitiatiefmanagerVraag {
    pub in_pool: bool,
    /// The work phone initiators may call.
    #[serde(default)]
    #[schema(max_length = 40)]
    pub telefoon: Option<String>,
}

fn veldfout(veld: &str, melding: &str) -> Fout {
    Fout::new(FoutCode::InvalidRequest, format!("{veld}: {melding}")).with_fouten(vec![VeldFout {
        vraag: veld.into(),
        code: "ongeldig".into(),
        melding: melding.into(),
    }])
}

fn tekst(veld: &str, s: &str, max: usize, wat: &str) -> Result<String, Fout> {
    let s = s.trim();
    if s.is_empty() {
        return Err(veldfout(veld, &format!("schrijf {wat}")));
    }
    if s.chars().count() > max {
        return Err(veldfout(veld, &format!("ten hoogste {max} tekens")));
    }
    Ok(s.to_string())
}

fn niet_gevonden() -> Fout {
    Fout::new(FoutCode::NotFound, "dit verzoek bestaat niet of u mag het niet zien")
}

/// The configured authority `code`, or the one running this stip.
fn gezag(app: &App, code: Option<&str>) -> Result<String, Fout> {
    match code.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => app
            .host()
            .gezag(c)
            .map(|g| g.code.clone())
            .ok_or_else(|| veldfout("bevoegdGezag", &format!("\"{c}\" is hier niet bekend"))),
        None => app
            .host()
            .bevoegd_gezag
            .first()
            .map(|g| g.code.clone())
            .ok_or_else(|| Fout::new(FoutCode::InvalidRequest, "er is geen gemeente ingesteld")),
    }
}

fn gemeente(app: &App, code: &str) -> String {
    app.host().gezag(code).map(|g| g.naam.clone()).unwrap_or_else(|| code.to_string())
}

/// Whether `actor` is an official of `gezag` who reads requests (behandelaar or bestuur), or who handles them.
fn ambtelijk(actor: &Actor, gezag: &str, behandelen: bool) -> bool {
    let rollen: &[Rol] = if behandelen { &[Rol::Behandelaar] } else { &[Rol::Behandelaar, Rol::Bestuur] };
    actor.werkt_voor(gezag, rollen)
}

/// Asks the municipality early: a small case with its own deadline.
pub async fn dien_in(app: &App, actor: &Actor, v: VerzoekVraag) -> Result<VerzoekBeeld, Fout> {
    let onderwerp = tekst("onderwerp", &v.onderwerp, MAX_ONDERWERP, "waar uw plan over gaat")?;
    let vraag = tekst("vraag", &v.vraag, MAX_VRAAG, "wat u wilt weten of bespreken")?;
    let mut code = v.bevoegd_gezag.clone();
    if let Some(a) = v.aanvraag {
        let aanvraag = app.store().aanvraag(AanvraagId(a)).await.ok().filter(|x| x.aanvrager == actor.id);
        let Some(aanvraag) = aanvraag else {
            return Err(Fout::new(FoutCode::NotFound, "aanvraag: deze aanvraag bestaat niet of is niet van u"));
        };
        code = code.or(Some(aanvraag.bevoegd_gezag));
    }
    let plancheck = v.plancheck.as_deref().map(str::trim).filter(|p| !p.is_empty());
    if let Some(sleutel) = plancheck {
        let hash = hex::encode(Sha256::digest(sleutel.as_bytes()));
        let geldig = sleutel.len() <= 200 && app.store().verslag(&hash).await?.is_some();
        if !geldig {
            return Err(Fout::new(FoutCode::NotFound, "plancheck: deze bewaarde plancheck bestaat niet"));
        }
    }
    let gezag = gezag(app, code.as_deref())?;
    let nu = app.klok().nu();
    let v = app
        .store()
        .maak_verzoek(NieuwVerzoek {
            id: VerzoekId::nieuw(),
            soort: v.soort.as_str(),
            letter: v.soort.letter(),
            aanvrager: actor.id,
            bevoegd_gezag: &gezag,
            onderwerp: &onderwerp,
            vraag: &vraag,
            aanvraag_id: v.aanvraag,
            verslag: plancheck,
            initiatief: v.initiatief,
            ontvangen: nu,
            uiterlijk: v.soort.norm().uiterlijk(nu.date()),
        })
        .await?;
    beeld(app, actor, v).await
}

/// A request and whether `actor` reads it as an official; "not found" for anyone else.
async fn lees_rij(app: &App, actor: &Actor, id: VerzoekId) -> Result<(Verzoek, bool), Fout> {
    let v = app.store().verzoek(id).await.map_err(|_| niet_gevonden())?;
    if ambtelijk(actor, &v.bevoegd_gezag, false) {
        Ok((v, true))
    } else if v.aanvrager == actor.id {
        Ok((v, false))
    } else {
        Err(niet_gevonden())
    }
}

/// One request, for its requester and the authority's officials.
pub async fn lees(app: &App, actor: &Actor, id: VerzoekId) -> Result<VerzoekBeeld, Fout> {
    let (v, _) = lees_rij(app, actor, id).await?;
    beeld(app, actor, v).await
}

/// The requests `actor` made, newest first (Track & Trace).
pub async fn mijn(app: &App, actor: &Actor) -> Result<Vec<VerzoekBeeld>, Fout> {
    let mut uit = Vec::new();
    for v in app.store().verzoeken_van(actor.id).await? {
        uit.push(beeld(app, actor, v).await?);
    }
    Ok(uit)
}

/// The authority's requests for its officials, the nearest deadline first; only those still to answer when
/// `alleen_open`.
pub async fn werkvoorraad(app: &App, actor: &Actor, alleen_open: bool) -> Result<Vec<VerzoekBeeld>, Fout> {
    let Some(gezag) = actor.bevoegd_gezag.clone().filter(|g| ambtelijk(actor, g, false)) else {
        return Err(Fout::new(FoutCode::Forbidden, "alleen medewerkers van de gemeente zien de verzoeken"));
    };
    let statussen: &[&str] = if alleen_open { &["ontvangen", "in_behandeling"] } else { &[] };
    let mut uit = Vec::new();
    for v in app.store().verzoeken_voor(&gezag, statussen).await? {
        uit.push(beeld(app, actor, v).await?);
    }
    Ok(uit)
}

/// An official takes a step on a request; the answer goes to the requester.
pub async fn stap(app: &App, actor: &Actor, id: VerzoekId, stap: VerzoekStap) -> Result<VerzoekBeeld, Fout> {
    let (v, _) = lees_rij(app, actor, id).await?;
    if !ambtelijk(actor, &v.bevoegd_gezag, true) {
        return Err(Fout::new(FoutCode::Forbidden, "alleen een behandelaar van de gemeente handelt verzoeken af"));
    }
    let status = VerzoekStatus::parse(&v.status).ok_or_else(|| Fout::intern(format!("verzoek {id}: status")))?;
    let nu = app.klok().nu();
    let (domeinstap, antwoord) = match &stap {
        VerzoekStap::InBehandelingGenomen => (Stap::Neem, None),
        VerzoekStap::Beantwoord { antwoord } => {
            (Stap::Beantwoord, Some(tekst("antwoord", antwoord, MAX_VRAAG, "uw antwoord")?))
        }
        VerzoekStap::Gesloten => (Stap::Sluit, None),
    };
    let na = domeinstap.na(status).map_err(|m| Fout::new(FoutCode::InvalidStep, m))?;
    let w = VerzoekWijziging {
        status: na.as_str(),
        behandelaar: matches!(domeinstap, Stap::Neem | Stap::Beantwoord).then_some(actor.id),
        antwoord: antwoord.as_deref().map(|a| (a, nu)),
        nu,
    };
    let Some(nieuw) = app.store().werk_verzoek_bij(id, &v.status, w).await? else {
        return Err(Fout::new(FoutCode::Conflict, "iemand anders heeft dit verzoek net gewijzigd; kijk opnieuw"));
    };
    if let Some(antwoord) = &antwoord {
        let titel = format!("Antwoord op uw verzoek {}", nieuw.nummer);
        let soort = VerzoekSoort::parse(&nieuw.soort).map(VerzoekSoort::naam).unwrap_or("verzoek");
        let tekst = format!(
            "{} antwoordt op uw verzoek \"{soort}\" ({}):\n\n{antwoord}",
            gemeente(app, &nieuw.bevoegd_gezag),
            nieuw.onderwerp
        );
        let bericht = crate::berichten::Persoonlijk {
            id: crate::berichten::afgeleid(&[b"verzoek-antwoord", nieuw.id.0.as_bytes()]),
            titel: &titel,
            tekst: &tekst,
            link: format!("/verzoeken/{}", nieuw.id),
            reden: "Dit bericht gaat over uw eigen verzoek aan de gemeente.",
            afspraak: None,
            zaak: None,
        };
        crate::berichten::stuur_persoonlijk(app, nieuw.aanvrager, bericht).await?;
    }
    beeld(app, actor, nieuw).await
}

fn moment_beeld(m: stip_store::Moment, nummer: Option<String>) -> MomentBeeld {
    MomentBeeld {
        id: m.id.0,
        van: stip_zaak::tijd::nederlands(m.van),
        tot: stip_zaak::tijd::nederlands(m.tot),
        toelichting: m.toelichting,
        vrij: m.verzoek_id.is_none(),
        verzoek: nummer,
    }
}

/// An official of the authority publishes a visit time slot.
pub async fn publiceer_moment(app: &App, actor: &Actor, v: MomentVraag) -> Result<MomentBeeld, Fout> {
    let Some(gezag) = actor.bevoegd_gezag.clone().filter(|g| ambtelijk(actor, g, true)) else {
        return Err(Fout::new(FoutCode::Forbidden, "alleen een behandelaar van de gemeente publiceert momenten"));
    };
    let nu = app.klok().nu();
    if v.van <= nu {
        return Err(veldfout("van", "kies een moment in de toekomst"));
    }
    if v.tot <= v.van || v.tot - v.van > MAX_BEZOEK {
        return Err(veldfout("tot", "een bezoek eindigt na het begin en duurt ten hoogste 8 uur"));
    }
    let toelichting = v.toelichting.trim();
    if toelichting.chars().count() > 500 {
        return Err(veldfout("toelichting", "ten hoogste 500 tekens"));
    }
    let toelichting = if toelichting.is_empty() {
        format!("Een medewerker van {} komt bij u langs.", gemeente(app, &gezag))
    } else {
        toelichting.to_string()
    };
    let m = app
        .store()
        .publiceer_moment(NieuwMoment {
            id: MomentId::nieuw(),
            bevoegd_gezag: &gezag,
            van: v.van,
            tot: v.tot,
            toelichting: &toelichting,
            door: actor.id,
            aangemaakt: nu,
        })
        .await?;
    Ok(moment_beeld(m, None))
}

/// The authority's coming visit slots for its officials, free and taken (with the request's number).
pub async fn momenten(app: &App, actor: &Actor) -> Result<Vec<MomentBeeld>, Fout> {
    let Some(gezag) = actor.bevoegd_gezag.clone().filter(|g| ambtelijk(actor, g, false)) else {
        return Err(Fout::new(FoutCode::Forbidden, "alleen medewerkers van de gemeente zien alle momenten"));
    };
    let mut uit = Vec::new();
    for m in app.store().momenten(&gezag, app.klok().nu(), false).await? {
        let nummer = match m.verzoek_id {
            Some(id) => app.store().verzoek(id).await.ok().map(|v| v.nummer),
            None => None,
        };
        uit.push(moment_beeld(m, nummer));
    }
    Ok(uit)
}

/// The free coming slots a requester of a site visit can choose from.
pub async fn vrije_momenten(app: &App, actor: &Actor, id: VerzoekId) -> Result<Vec<MomentBeeld>, Fout> {
    let (v, _) = lees_rij(app, actor, id).await?;
    if v.soort != VerzoekSoort::Bezoek.as_str() {
        return Ok(Vec::new());
    }
    let vrij = app.store().momenten(&v.bevoegd_gezag, app.klok().nu(), true).await?;
    Ok(vrij.into_iter().map(|m| moment_beeld(m, None)).collect())
}

/// The requester of a site visit takes a free slot; the invitation comes by e-mail with an iCalendar file.
pub async fn kies_moment(app: &App, actor: &Actor, id: VerzoekId, keuze: MomentKeuze) -> Result<VerzoekBeeld, Fout> {
    let (v, _) = lees_rij(app, actor, id).await?;
    if v.aanvrager != actor.id {
        return Err(Fout::new(FoutCode::Forbidden, "alleen wie het bezoek vroeg kiest een moment"));
    }
    let open = VerzoekStatus::parse(&v.status).is_some_and(VerzoekStatus::open);
    if v.soort != VerzoekSoort::Bezoek.as_str() || !open {
        return Err(Fout::new(FoutCode::InvalidStep, "u kiest alleen een moment voor een open verzoek om een bezoek"));
    }
    let nu = app.klok().nu();
    let vrij = app.store().momenten(&v.bevoegd_gezag, nu, true).await?;
    if !vrij.iter().any(|m| m.id.0 == keuze.moment) {
        return Err(Fout::new(FoutCode::Conflict, "dit moment is niet (meer) vrij; kies een ander moment"));
    }
    let m = app.store().reserveer_moment(MomentId(keuze.moment), v.id).await?;
    let gemeente = gemeente(app, &v.bevoegd_gezag);
    let wanneer = stip_zaak::tekst::tijdstip(m.van);
    let titel = format!("Uitnodiging: bezoek van {gemeente} op {wanneer}");
    let tekst = format!(
        "{gemeente} komt bij u langs op {wanneer} over \"{}\" ({}). {} Bij de e-mail zit de afspraak voor uw agenda.",
        v.onderwerp, v.nummer, m.toelichting
    );
    let rfc = |t: OffsetDateTime| t.format(&time::format_description::well_known::Rfc3339).unwrap_or_default();
    let afspraak = serde_json::json!({
        "uid": format!("{}-{}@stip", v.id, m.id),
        "begin": rfc(m.van),
        "eind": rfc(m.tot),
        "plaats": "Bij u, op de plek van uw plan",
        "onderwerp": format!("Bezoek van {gemeente} over {}", v.onderwerp),
        "organisator": gemeente,
    });
    let bericht = crate::berichten::Persoonlijk {
        id: crate::berichten::afgeleid(&[b"verzoek-bezoek", v.id.0.as_bytes(), m.id.0.as_bytes()]),
        titel: &titel,
        tekst: &tekst,
        link: format!("/verzoeken/{}", v.id),
        reden: "Dit bericht gaat over uw eigen verzoek aan de gemeente.",
        afspraak: Some(afspraak),
        zaak: None,
    };
    crate::berichten::stuur_persoonlijk(app, v.aanvrager, bericht).await?;
    beeld(app, actor, v).await
}

/// Joins or leaves an authority's pool of initiatiefmanagers: the official themself, a behandelaar of the same
/// authority, or an administrator.
pub async fn zet_initiatiefmanager(
    app: &App,
    actor: &Actor,
    gebruiker: Uuid,
    v: InitiatiefmanagerVraag,
) -> Result<(), Fout> {
    let g = app
        .store()
        .gebruiker(GebruikerId(gebruiker))
        .await
        .map_err(|_| Fout::new(FoutCode::NotFound, "deze medewerker bestaat niet"))?;
    let Some(gezag) = g.bevoegd_gezag.clone().filter(|_| g.heeft_rol(Rol::Behandelaar)) else {
        return Err(Fout::new(
            FoutCode::InvalidRequest,
            "alleen een behandelaar van een gemeente kan initiatiefmanager zijn",
        ));
    };
    if !(actor.heeft(Rol::Beheerder) || ambtelijk(actor, &gezag, true)) {
        return Err(Fout::new(FoutCode::Forbidden, "dit mag alleen de gemeente van deze medewerker"));
    }
    let telefoon = v.telefoon.as_deref().map(str::trim).filter(|t| !t.is_empty());
    if telefoon.is_some_and(|t| t.chars().count() > 40) {
        return Err(veldfout("telefoon", "ten hoogste 40 tekens"));
    }
    app.store().zet_initiatiefmanager(gebruiker, &gezag, v.in_pool, telefoon, app.klok().nu()).await?;
    Ok(())
}

/// The initiator chooses a service package; "begeleid" and "ontzorgd" get the initiatiefmanager of the authority's
/// pool with the fewest open assignments (kept when chosen again).
pub async fn kies_pakket(app: &App, actor: &Actor, k: PakketKeuze) -> Result<DienstverleningBeeld, Fout> {
    let gezag = gezag(app, k.bevoegd_gezag.as_deref())?;
    let manager = if k.pakket.met_initiatiefmanager() {
        let pool = app.store().initiatiefmanagers(&gezag).await?;
        let eerder = app
            .store()
            .dienstverlening_van(actor.id)
            .await?
            .into_iter()
            .find(|d| d.initiatief == k.initiatief)
            .and_then(|d| d.initiatiefmanager)
            .filter(|m| pool.iter().any(|p| p.gebruiker == *m));
        let kandidaten: Vec<(Uuid, i64)> =
            pool.iter().filter(|p| p.gebruiker != actor.id).map(|p| (p.gebruiker, p.open)).collect();
        eerder.or_else(|| domein::kies_initiatiefmanager(&kandidaten))
    } else {
        None
    };
    let d = app
        .store()
        .kies_dienstverlening(NieuweDienstverlening {
            aanvrager: actor.id,
            initiatief: k.initiatief,
            bevoegd_gezag: &gezag,
            pakket: k.pakket.as_str(),
            initiatiefmanager: manager,
            gekozen: app.klok().nu(),
        })
        .await?;
    pakket_beeld(app, d).await
}

/// The packages `actor` chose, latest first.
pub async fn mijn_pakketten(app: &App, actor: &Actor) -> Result<Vec<DienstverleningBeeld>, Fout> {
    let mut uit = Vec::new();
    for d in app.store().dienstverlening_van(actor.id).await? {
        uit.push(pakket_beeld(app, d).await?);
    }
    Ok(uit)
}

async fn pakket_beeld(app: &App, d: stip_store::Dienstverlening) -> Result<DienstverleningBeeld, Fout> {
    let pakket = Pakket::parse(&d.pakket).ok_or_else(|| Fout::intern(format!("dienstverlening {}: pakket", d.id)))?;
    let initiatiefmanager = match d.initiatiefmanager {
        Some(m) => match app.store().initiatiefmanager(m).await? {
            Some(p) => Some(Contactpersoon { naam: p.naam, email: p.email, telefoon: p.telefoon }),
            None => app.store().gebruiker(GebruikerId(m)).await.ok().map(|g| Contactpersoon {
                naam: g.naam,
                email: g.email,
                telefoon: None,
            }),
        },
        None => None,
    };
    let gemeente = gemeente(app, &d.bevoegd_gezag);
    let toelichting = (pakket.met_initiatiefmanager() && initiatiefmanager.is_none())
        .then(|| format!("Er is nu geen initiatiefmanager vrij. {gemeente} neemt contact met u op zodra er een is."));
    Ok(DienstverleningBeeld {
        pakket,
        initiatief: d.initiatief,
        gemeente,
        gekozen: d.gekozen,
        initiatiefmanager,
        toelichting,
    })
}

async fn beeld(app: &App, actor: &Actor, v: Verzoek) -> Result<VerzoekBeeld, Fout> {
    let soort = VerzoekSoort::parse(&v.soort).ok_or_else(|| Fout::intern(format!("verzoek {}: soort", v.id)))?;
    let status = VerzoekStatus::parse(&v.status).ok_or_else(|| Fout::intern(format!("verzoek {}: status", v.id)))?;
    let vandaag = app.klok().vandaag();
    let ambtenaar = ambtelijk(actor, &v.bevoegd_gezag, false);
    let behandelaar = ambtelijk(actor, &v.bevoegd_gezag, true);
    let bezoek = app.store().moment_van(v.id).await?;
    let naam = |id: Option<Uuid>| async move {
        match id {
            Some(id) => Some(crate::dossier::naam_van(app, id).await),
            None => None,
        }
    };
    Ok(VerzoekBeeld {
        id: v.id.0,
        soort_naam: soort.naam(),
        soort,
        onderwerp: v.onderwerp,
        vraag: v.vraag,
        status,
        gemeente: gemeente(app, &v.bevoegd_gezag),
        ontvangen: stip_zaak::tijd::nederlands(v.ontvangen),
        uiterlijk: v.uiterlijk.to_string(),
        norm: soort.norm().in_woorden(),
        risico: domein::risico(status, v.uiterlijk, vandaag),
        dagen_over: (v.uiterlijk - vandaag).whole_days(),
        aanvraag: v.aanvraag_id,
        plancheck: v.verslag.map(|s| format!("/verslag/{s}")),
        initiatief: v.initiatief,
        antwoord: v.antwoord,
        beantwoord: v.beantwoord.map(stip_zaak::tijd::nederlands),
        moment_kiezen: soort == VerzoekSoort::Bezoek && bezoek.is_none() && status.open() && v.aanvrager == actor.id,
        bezoek: bezoek.map(|m| moment_beeld(m, None)),
        aanvrager: if ambtenaar { naam(Some(v.aanvrager)).await } else { None },
        behandelaar: if ambtenaar { naam(v.behandelaar).await } else { None },
        mogelijke_stappen: if behandelaar { Stap::mogelijk(status) } else { Vec::new() },
        nummer: v.nummer,
    })
}
