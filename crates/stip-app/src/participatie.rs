//! Participation before applying (issue 15, all but "talking to the municipality early"): an initiator opens an
//! initiative from a drawn plan, prints invitation letters for the addresses around it, neighbours react (support, a
//! question, a concern, pinned to a place) and the initiator answers in a thread; neighbours consent to one plan
//! version, and stip signs that as a certificate (JWS, EdDSA) anyone can verify; new versions are re-checked against
//! the norms and shown beside the previous one; the application started from the initiative carries the generated
//! participatieverslag; the Praktijkoverzicht shows public initiatives and decided cases nearby.
//!
//! Who reads what: the initiator sees everything of their initiative, but a reactor's name only when the reactor chose
//! to show it; a neighbour (with the invitation code, or anyone for a public initiative) sees the plan, their own
//! reactions and consents, and the reactions both sides made public — never another person's name or account.

use crate::App;
use crate::fout::{Fout, FoutCode, VeldFout};
use crate::locatie::{crs, lees_geometrie};
use crate::plancheck::{Planvraag, plancheck};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use geo::BoundingRect;
use ring::signature::{self, Ed25519KeyPair, KeyPair};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::sync::Arc;
use stip_berichten::melding::OpenbareMelding;
use stip_pdf::{Document, Kaart, Metadata, Stijl, Vlak};
use stip_store::{
    AanvraagId, AanvraagRepository, AanvraagStatus, GebruikerId, GebruikerRepository, InitiatiefGegevens, InitiatiefId,
    InitiatiefRepository, InitiatiefRij, NieuwDocument,
};
use stip_zaak::Actor;
use stip_zaak::aanvraag::{DocumentVerwijzing, Plan, Vereiste};
use stip_zaak::initiatief::{
    Afzender, Bericht, Identiteitsniveau, Initiatief, InitiatiefFout, Normuitkomst, Planversie, Plek, Reactie,
    ReactieSoort, Reageerder, Toestemming, Uitnodiging, Verschil, verschil,
};
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

/// The longest title, description, reaction or answer.
pub const MAX_TEKST: usize = 5_000;
/// How far from the plan a reaction may be pinned, metres.
const PLEK_STRAAL: f64 = 250.0;
/// How far around the plan stip looks for addresses and parcels to invite, metres.
pub const OMGEVING_M: f64 = 50.0;
/// The Vereiste id stip adds when the authority's rules name no participation document of their own.
pub const VEREISTE: &str = "participatieverslag";
/// The key name under which stip keeps the signing key it made itself.
const SLEUTEL_NAAM: &str = "participatie.ed25519";
/// Letters of an invitation code: no 0/O, 1/I/L, so that it can be typed from paper.
const CODE_TEKENS: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

// ---------------------------------------------------------------------------------------------------------------
// Requests

/// A place (RD New).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RdPunt {
    pub x: f64,
    pub y: f64,
}

/// A new initiative: what, where, the plan and who may see it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NieuwInitiatief {
    #[schema(min_length = 1, max_length = 200)]
    pub titel: String,
    #[schema(min_length = 1, max_length = 5000)]
    pub omschrijving: String,
    /// The place (RD New); its nearest address names the initiative.
    pub locatie: RdPunt,
    /// The footprint: a GeoJSON Polygon or MultiPolygon.
    #[schema(value_type = Object)]
    pub geometrie: serde_json::Value,
    /// `EPSG:28992` (RD New) or `EPSG:4326` (WGS84).
    pub crs: String,
    /// Height of the highest point, metres.
    #[schema(minimum = 0, maximum = 300)]
    pub bouwhoogte: f64,
    /// `true`: anyone may see it (and the Praktijkoverzicht shows it); `false`: only those with the code.
    pub openbaar: bool,
    /// The activity (IMOW id) the plan is about, for the participation guide.
    #[serde(default)]
    pub activiteit: Option<String>,
}

/// A new version of the plan.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NieuweVersie {
    #[schema(value_type = Object)]
    pub geometrie: serde_json::Value,
    pub crs: String,
    #[schema(minimum = 0, maximum = 300)]
    pub bouwhoogte: f64,
    /// What changed and why, in the initiator's words.
    #[serde(default)]
    #[schema(max_length = 5000)]
    pub toelichting: Option<String>,
}

/// A reaction on an initiative.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NieuweReactie {
    pub soort: ReactieSoort,
    #[schema(min_length = 1, max_length = 5000)]
    pub tekst: String,
    /// Where on the plan map it is about (RD New), as clicked or picked from the list of places.
    #[serde(default)]
    pub plek: Option<Plek>,
    /// The invitation code (needed for an initiative that is not public).
    #[serde(default)]
    pub code: Option<String>,
    /// Show this name with the reaction (otherwise nobody sees who reacted).
    #[serde(default)]
    #[schema(max_length = 200)]
    pub naam: Option<String>,
    /// The reactor agrees that everyone may read it once the initiator agrees too.
    #[serde(default)]
    pub openbaar: bool,
}

/// An answer in a reaction's thread.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NieuwAntwoord {
    #[schema(min_length = 1, max_length = 5000)]
    pub tekst: String,
    /// The initiator's (or the reactor's) agreement to make the reaction public.
    #[serde(default)]
    pub openbaar: Option<bool>,
    #[serde(default)]
    pub code: Option<String>,
    /// The reaction's own key, for a reactor without an account.
    #[serde(default)]
    pub sleutel: Option<String>,
}

/// A consent to one plan version.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NieuweToestemming {
    /// The version seen and agreed to (the newest).
    pub versie: u32,
    /// The invitation code (needed for an initiative that is not public).
    #[serde(default)]
    pub code: Option<String>,
    /// Agreed under these conditions, written; absent: without conditions.
    #[serde(default)]
    #[schema(max_length = 5000)]
    pub voorwaarden: Option<String>,
}

/// How someone reaches an initiative besides their account.
#[derive(Debug, Clone, Default)]
pub struct Toegang<'a> {
    pub actor: Option<&'a Actor>,
    pub code: Option<&'a str>,
    /// A reaction's own key (a reactor without an account).
    pub sleutel: Option<&'a str>,
}

// ---------------------------------------------------------------------------------------------------------------
// Answers

/// A version with what changed since the one before.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VersieBeeld {
    #[serde(flatten)]
    pub versie: Planversie,
    /// What changed since the previous version (absent for the first).
    pub verschil: Option<Verschil>,
}

/// A reaction as its reader may see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReactieBeeld {
    #[schema(value_type = String, format = Uuid)]
    pub id: Uuid,
    pub versie: u32,
    pub soort: ReactieSoort,
    pub tekst: String,
    pub plek: Option<Plek>,
    /// Only when the reactor chose to show a name.
    pub naam: Option<String>,
    /// Public: both the reactor and the initiator chose so.
    pub openbaar: bool,
    pub openbaar_reageerder: bool,
    pub openbaar_initiatiefnemer: bool,
    /// The reader wrote it.
    pub eigen: bool,
    pub thread: Vec<Bericht>,
    #[schema(value_type = String, format = DateTime)]
    #[serde(with = "time::serde::rfc3339")]
    pub op: OffsetDateTime,
}

/// A consent as the initiator or its signer sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ToestemmingBeeld {
    #[schema(value_type = String, format = Uuid)]
    pub id: Uuid,
    pub versie: u32,
    /// `true` while it is about the newest version and not withdrawn.
    pub actueel: bool,
    /// `geldig`, `eerdere_versie` or `ingetrokken`.
    pub status: &'static str,
    /// In words: "geldig", "voor een eerdere versie (versie 1): hoogte +1 m", "ingetrokken".
    pub status_tekst: String,
    /// For a consent to an earlier version: what changed since.
    pub verschil: Option<Verschil>,
    /// The signer's name (the initiator and the signer see it; it is part of the certificate).
    pub naam: String,
    pub niveau: Identiteitsniveau,
    pub voorwaarden: Option<String>,
    #[schema(value_type = String, format = DateTime)]
    #[serde(with = "time::serde::rfc3339")]
    pub gegeven: OffsetDateTime,
    /// The certificate: a JWS (compact, EdDSA).
    pub certificaat: String,
    /// The reader gave it (and may withdraw it while the application is not submitted).
    pub eigen: bool,
    pub intrekbaar: bool,
}

/// The participation guide that applies.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Participatiegids {
    pub gemeente: String,
    pub verwacht: String,
    pub termijn: Option<String>,
    pub voorbeelden: Vec<String>,
    pub verplicht: bool,
}

/// A place to pin a reaction to, for the keyboard list beside the map.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PlekKeuze {
    pub omschrijving: String,
    pub x: f64,
    pub y: f64,
}

/// An initiative as its reader may see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InitiatiefBeeld {
    #[schema(value_type = String, format = Uuid)]
    pub id: Uuid,
    /// The newest version's number.
    pub versie: u32,
    /// The invitation code (`ABCD-EFGH`), for the initiator only.
    pub code: Option<String>,
    pub titel: String,
    pub omschrijving: String,
    pub adres: Option<String>,
    pub locatie: Plek,
    pub openbaar: bool,
    pub gemeente: String,
    /// The activity the plan is about (IMOW id), when known.
    pub activiteit: Option<String>,
    /// The reader is the initiator.
    pub eigen: bool,
    pub versies: Vec<VersieBeeld>,
    pub reacties: Vec<ReactieBeeld>,
    /// The initiator sees every consent; a neighbour their own.
    pub toestemmingen: Vec<ToestemmingBeeld>,
    /// How many consents hold for the newest version.
    pub actuele_toestemmingen: usize,
    /// The addresses invited by letter (initiator only).
    pub uitnodigingen: Vec<Uitnodiging>,
    pub participatiegids: Option<Participatiegids>,
    /// Places to pin a reaction to, for those who do not use the map.
    pub plekken: Vec<PlekKeuze>,
    /// The application started from it (initiator only).
    pub aanvraag: Option<String>,
    /// Whether the application is submitted (consents are then fixed).
    pub ingediend: bool,
}

/// An initiative on the public list and map (no person in it).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InitiatiefKort {
    #[schema(value_type = String, format = Uuid)]
    pub id: Uuid,
    pub titel: String,
    pub adres: Option<String>,
    pub versie: u32,
    pub bouwhoogte: f64,
    pub oppervlakte_m2: f64,
    /// The plan check's outcome of the newest version.
    pub oordeel: String,
    /// The outline (GeoJSON, RD New).
    #[schema(value_type = Object)]
    pub geometrie: serde_json::Value,
    pub reacties: usize,
    pub toestemmingen: usize,
    /// An application was started from it.
    pub aangevraagd: bool,
}

/// Public initiatives in a box.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Initiatieven {
    pub initiatieven: Vec<InitiatiefKort>,
}

/// A reaction received: the reaction, and for a reactor without an account the key to follow its thread.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReactieAntwoord {
    #[serde(flatten)]
    pub reactie: ReactieBeeld,
    /// Keep this to read and answer the thread later (only without an account).
    pub sleutel: Option<String>,
}

/// A new version with what changed.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VersieAntwoord {
    pub versie: u32,
    pub verschil: Verschil,
    pub initiatief: InitiatiefBeeld,
}

/// What the certificate says (the JWS payload).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Certificaatinhoud {
    /// Who issued it: stip, for the authority.
    pub iss: String,
    /// The consent's id.
    pub jti: String,
    pub initiatief: String,
    pub titel: String,
    pub adres: Option<String>,
    pub versie: u32,
    /// SHA-256 (hex) of the plan version's content.
    pub plan_hash: String,
    pub naam: String,
    pub niveau: Identiteitsniveau,
    pub voorwaarden: Option<String>,
    /// Unix time of the consent.
    pub iat: i64,
}

/// The outcome of verifying a certificate.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Verificatie {
    pub geldig: bool,
    /// Why (not): "de handtekening klopt", "de handtekening klopt niet", "ingetrokken", …
    pub reden: String,
    /// What the certificate says, when its signature holds.
    pub inhoud: Option<Certificaatinhoud>,
    /// Whether it is about the plan's newest version.
    pub actueel: Option<bool>,
}

/// An address around the plan to invite.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Buuradres {
    pub adres: String,
    pub x: f64,
    pub y: f64,
    /// Metres from the plan's outline.
    pub afstand_m: f64,
    /// The parcel (BRK) it lies on.
    pub perceel: Option<String>,
    /// Already invited.
    pub uitgenodigd: bool,
}

/// A parcel around the plan.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Buurperceel {
    pub aanduiding: String,
    /// The addresses on it.
    pub adressen: Vec<String>,
}

/// Addresses (BAG) and parcels (BRK) around the plan.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Omgeving {
    pub adressen: Vec<Buuradres>,
    pub percelen: Vec<Buurperceel>,
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

fn veldfout(veld: &str, melding: impl Into<String>) -> Fout {
    let melding = melding.into();
    Fout::new(FoutCode::InvalidRequest, format!("{veld}: {melding}")).with_fouten(vec![VeldFout {
        vraag: veld.into(),
        code: "ongeldig".into(),
        melding,
    }])
}

fn tekst(veld: &str, s: &str, wat: &str, max: usize) -> Result<String, Fout> {
    let s = s.trim();
    if s.is_empty() {
        return Err(veldfout(veld, format!("schrijf {wat}")));
    }
    if s.chars().count() > max {
        return Err(veldfout(veld, format!("{wat} mag ten hoogste {max} tekens hebben")));
    }
    Ok(s.to_string())
}

fn niet_gevonden() -> Fout {
    Fout::new(FoutCode::NotFound, "dit initiatief bestaat niet of u mag het niet zien")
}

fn domein_fout(e: InitiatiefFout) -> Fout {
    Fout::new(FoutCode::Conflict, e.to_string())
}

fn hash(s: &str) -> String {
    Sha256::digest(s.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// A fresh invitation code: 8 letters and digits that cannot be mistaken for each other.
fn nieuwe_code() -> Result<String, Fout> {
    let mut bytes = [0u8; 8];
    getrandom::getrandom(&mut bytes).map_err(|e| Fout::intern(format!("no randomness: {e}")))?;
    Ok(bytes.iter().map(|b| CODE_TEKENS[*b as usize % CODE_TEKENS.len()] as char).collect())
}

/// A code as typed (`abcd-efgh`, `ABCD EFGH`) as stored.
pub fn normaliseer_code(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect()
}

/// A stored code as people read it: `ABCD-EFGH`.
pub fn toon_code(code: &str) -> String {
    if code.len() == 8 { format!("{}-{}", &code[..4], &code[4..]) } else { code.to_string() }
}

fn random_sleutel() -> Result<String, Fout> {
    let mut bytes = [0u8; 24];
    getrandom::getrandom(&mut bytes).map_err(|e| Fout::intern(format!("no randomness: {e}")))?;
    Ok(B64.encode(bytes))
}

fn lees_initiatief(rij: &InitiatiefRij) -> Result<Initiatief, Fout> {
    serde_json::from_value(rij.inhoud.clone())
        .map_err(|e| Fout::intern(format!("initiatief {} cannot be read: {e}", rij.id)))
}

/// The box (RD) around a GeoJSON geometry in RD.
fn bbox(geometrie: &serde_json::Value) -> Option<[f64; 4]> {
    let g = lees_geometrie(geometrie, stip_geo::Crs::RdNew).ok()?;
    let r = g.bounding_rect()?;
    Some([r.min().x, r.min().y, r.max().x, r.max().y])
}

/// How sure stip is of who the account is.
async fn niveau(app: &App, actor: &Actor) -> Identiteitsniveau {
    match app.store().gebruiker(GebruikerId(actor.id)).await {
        Ok(g) if g.oidc.is_some() => Identiteitsniveau::OpenidConnect,
        Ok(g) if g.wachtwoord_hash.is_none() && g.email.is_some() => Identiteitsniveau::EmailBevestigd,
        _ => Identiteitsniveau::Account,
    }
}

/// Whether the application started from the initiative is submitted.
async fn ingediend(app: &App, ini: &Initiatief) -> Result<bool, Fout> {
    match ini.aanvraag {
        Some(id) => Ok(app.store().aanvraag(AanvraagId(id)).await?.status == AanvraagStatus::Ingediend),
        None => Ok(false),
    }
}

/// Checks a plan: the footprint in RD (as GeoJSON), its area, the outcome per norm.
fn toets(app: &App, geometrie: &serde_json::Value, crs_naam: &str, bouwhoogte: f64) -> Result<Gecontroleerd, Fout> {
    let c = crs(Some(crs_naam))?;
    let rd = lees_geometrie(geometrie, c)?;
    let rd_json = serde_json::to_value(geojson::Geometry::from(&rd)).map_err(|e| Fout::intern(e.to_string()))?;
    let kennis = app.kennis();
    let uitkomst = plancheck(
        &kennis.regels,
        Planvraag {
            geometrie: Some(rd_json.clone()),
            crs: Some("EPSG:28992".into()),
            bouwhoogte: Some(serde_json::json!(bouwhoogte)),
            ..Planvraag::default()
        },
    )?;
    let oordeel = |o: &stip_regels::plancheck::Oordeel| {
        serde_json::to_value(o).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
    };
    let mut normen: Vec<(stip_regels::plancheck::Oordeel, Normuitkomst)> = Vec::new();
    for t in &uitkomst.toetsingen {
        match normen.iter_mut().find(|(_, n)| n.soort == t.soort) {
            Some((o, n)) if t.oordeel > *o => {
                *o = t.oordeel;
                n.oordeel = oordeel(&t.oordeel);
                n.toelichting = t.toelichting.clone();
            }
            Some(_) => {}
            None => normen.push((
                t.oordeel,
                Normuitkomst {
                    soort: t.soort.clone(),
                    oordeel: oordeel(&t.oordeel),
                    toelichting: t.toelichting.clone(),
                },
            )),
        }
    }
    Ok(Gecontroleerd {
        geometrie: rd_json,
        oppervlakte_m2: (uitkomst.plan.oppervlakte_m2 * 10.0).round() / 10.0,
        oordeel: oordeel(&uitkomst.oordeel),
        normen: normen.into_iter().map(|(_, n)| n).collect(),
    })
}

struct Gecontroleerd {
    geometrie: serde_json::Value,
    oppervlakte_m2: f64,
    oordeel: String,
    normen: Vec<Normuitkomst>,
}

fn bouwhoogte(h: f64) -> Result<f64, Fout> {
    if !(0.0..=300.0).contains(&h) || !h.is_finite() {
        return Err(veldfout("bouwhoogte", "geef de hoogte in meters, tussen 0 en 300"));
    }
    Ok(h)
}

/// The public happening for subscribers of the area: an initiative opened (no person in it).
fn melding(app: &App, id: InitiatiefId, ini: &Initiatief, op: OffsetDateTime) -> OpenbareMelding {
    let gemeente = app.host().gezag(&ini.bevoegd_gezag).map(|g| g.naam.clone());
    OpenbareMelding {
        soort: stip_berichten::Soort::InitiatiefGeopend,
        titel: format!("Nieuw initiatief: {}", ini.titel),
        tekst: format!(
            "Iemand in uw buurt wil iets bouwen en vraagt wat u ervan vindt: {}. Bekijk het plan en reageer op \
             /initiatieven/{id}.",
            ini.titel
        ),
        plaats: ini.adres.clone(),
        gemeente,
        bevoegd_gezag: Some(ini.bevoegd_gezag.clone()),
        activiteiten: Vec::new(),
        activiteitgroepen: vec!["bouwen".into()],
        zaaknummer: None,
        geometrie: Some(ini.laatste().geometrie.clone()),
        op,
        wijziging: None,
    }
}

/// Writes an initiative over the version read, telling the area's subscribers once when it is (or becomes) public.
async fn bewaar(app: &App, rij: &InitiatiefRij, ini: &mut Initiatief, gemeld: bool) -> Result<InitiatiefRij, Fout> {
    let nu = app.klok().nu();
    let box_ = bbox(&ini.laatste().geometrie).unwrap_or([ini.locatie.x, ini.locatie.y, ini.locatie.x, ini.locatie.y]);
    let m = (ini.openbaar && !gemeld).then(|| serde_json::to_value(melding(app, rij.id, ini, nu)).unwrap_or_default());
    let inhoud = serde_json::to_value(&*ini).map_err(|e| Fout::intern(e.to_string()))?;
    let g = InitiatiefGegevens {
        code: &rij.code,
        initiatiefnemer: ini.initiatiefnemer,
        openbaar: ini.openbaar,
        bbox: box_,
        inhoud: &inhoud,
        melding: m.as_ref(),
    };
    let nieuw = app.store().werk_initiatief_bij(rij.id, rij.versie, g, nu).await?;
    if m.is_some() {
        app.wek_berichten();
    }
    Ok(nieuw)
}

/// Reads, changes and writes an initiative, again when another change came in between.
async fn wijzig<T>(
    app: &App,
    id: InitiatiefId,
    mut stap: impl FnMut(&InitiatiefRij, &mut Initiatief, bool) -> Result<T, Fout>,
) -> Result<(InitiatiefRij, Initiatief, T), Fout> {
    for poging in 1.. {
        let rij = app.store().initiatief(id).await.map_err(|_| niet_gevonden())?;
        let mut ini = lees_initiatief(&rij)?;
        let was_openbaar = ini.openbaar;
        let al_ingediend = ingediend(app, &ini).await?;
        let uit = stap(&rij, &mut ini, al_ingediend)?;
        match bewaar(app, &rij, &mut ini, was_openbaar).await {
            Ok(rij) => return Ok((rij, ini, uit)),
            Err(e) if e.code == FoutCode::Conflict && poging < 5 => continue,
            Err(e) => return Err(e),
        }
    }
    unreachable!("the loop returns")
}

// ---------------------------------------------------------------------------------------------------------------
// Who reads

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lezer {
    Initiatiefnemer,
    /// With the code, or anyone for a public initiative.
    Buur,
}

fn lezer(rij: &InitiatiefRij, ini: &Initiatief, t: &Toegang<'_>) -> Result<Lezer, Fout> {
    if t.actor.is_some_and(|a| a.id == ini.initiatiefnemer) {
        return Ok(Lezer::Initiatiefnemer);
    }
    let code_klopt = t.code.is_some_and(|c| normaliseer_code(c) == rij.code);
    let eigen_reactie = t.sleutel.is_some_and(|s| {
        let h = hash(s);
        ini.reacties.iter().any(|r| r.reageerder.sleutel_hash.as_deref() == Some(h.as_str()))
    });
    if ini.openbaar || code_klopt || eigen_reactie { Ok(Lezer::Buur) } else { Err(niet_gevonden()) }
}

fn is_eigen(r: &Reactie, t: &Toegang<'_>) -> bool {
    let account = t.actor.is_some_and(|a| r.reageerder.gebruiker == Some(a.id));
    let sleutel = t.sleutel.is_some_and(|s| r.reageerder.sleutel_hash.as_deref() == Some(hash(s).as_str()));
    account || sleutel
}

fn reactie_beeld(r: &Reactie, eigen: bool) -> ReactieBeeld {
    ReactieBeeld {
        id: r.id,
        versie: r.versie,
        soort: r.soort,
        tekst: r.tekst.clone(),
        plek: r.plek.clone(),
        naam: r.reageerder.getoonde_naam.clone(),
        openbaar: r.openbaar(),
        openbaar_reageerder: r.openbaar_reageerder,
        openbaar_initiatiefnemer: r.openbaar_initiatiefnemer,
        eigen,
        thread: r.thread.clone(),
        op: r.op,
    }
}

fn toestemming_beeld(ini: &Initiatief, t: &Toestemming, eigen: bool, ingediend: bool) -> ToestemmingBeeld {
    let actueel = ini.actueel(t);
    let verschil = ini.sinds(t);
    let (status, status_tekst) = if t.ingetrokken.is_some() {
        ("ingetrokken", "ingetrokken".to_string())
    } else if actueel {
        ("geldig", format!("geldig voor versie {}", t.versie))
    } else {
        let wat = verschil.as_ref().map(|v| v.samenvatting.clone()).unwrap_or_default();
        ("eerdere_versie", format!("voor een eerdere versie (versie {}); sindsdien veranderd: {wat}", t.versie))
    };
    ToestemmingBeeld {
        id: t.id,
        versie: t.versie,
        actueel,
        status,
        status_tekst,
        verschil,
        naam: t.naam.clone(),
        niveau: t.niveau,
        voorwaarden: t.voorwaarden.clone(),
        gegeven: t.gegeven,
        certificaat: t.certificaat.clone(),
        eigen,
        intrekbaar: eigen && t.ingetrokken.is_none() && !ingediend,
    }
}

/// The places the keyboard list offers: the plan's middle and sides, and the neighbouring addresses.
fn plekken(app: &App, ini: &Initiatief) -> Vec<PlekKeuze> {
    let mut uit = Vec::new();
    if let Some([a, b, c, d]) = bbox(&ini.laatste().geometrie) {
        let (mx, my) = ((a + c) / 2.0, (b + d) / 2.0);
        let r = |v: f64| (v * 100.0).round() / 100.0;
        for (omschrijving, x, y) in [
            ("Midden van het plan", mx, my),
            ("Noordkant van het plan", mx, d),
            ("Oostkant van het plan", c, my),
            ("Zuidkant van het plan", mx, b),
            ("Westkant van het plan", a, my),
        ] {
            uit.push(PlekKeuze { omschrijving: omschrijving.into(), x: r(x), y: r(y) });
        }
        let kennis = app.kennis();
        for adres in kennis.adressen.binnen([a - OMGEVING_M, b - OMGEVING_M, c + OMGEVING_M, d + OMGEVING_M]) {
            if Some(&adres.weergave) != ini.adres.as_ref() {
                uit.push(PlekKeuze { omschrijving: format!("Bij {}", adres.weergave), x: adres.x, y: adres.y });
            }
        }
    }
    uit
}

fn gids(app: &App, ini: &Initiatief) -> Option<Participatiegids> {
    let gezag = app.host().gezag(&ini.bevoegd_gezag).or_else(|| app.host().bevoegd_gezag.first())?;
    let activiteit = ini.activiteit.as_ref().map(|id| {
        let naam = app.kennis().sttr.naam(id);
        crate::host::Activiteit { id: id.clone(), naam }
    });
    let activiteit = activiteit.or_else(|| Some(crate::host::Activiteit { id: String::new(), naam: "bouwen".into() }));
    let g = gezag.gids(activiteit.as_ref())?;
    Some(Participatiegids {
        gemeente: gezag.naam.clone(),
        verwacht: g.verwacht.clone(),
        termijn: g.termijn.clone(),
        voorbeelden: g.voorbeelden.clone(),
        verplicht: g.verplicht,
    })
}

async fn beeld(app: &App, rij: &InitiatiefRij, ini: &Initiatief, t: &Toegang<'_>) -> Result<InitiatiefBeeld, Fout> {
    let lezer = lezer(rij, ini, t)?;
    let eigen = lezer == Lezer::Initiatiefnemer;
    let ingediend = ingediend(app, ini).await?;
    let versies = ini
        .versies
        .iter()
        .enumerate()
        .map(|(i, v)| VersieBeeld {
            versie: v.clone(),
            verschil: i.checked_sub(1).map(|j| verschil(&ini.versies[j], v)),
        })
        .collect();
    let reacties = ini
        .reacties
        .iter()
        .filter(|r| eigen || r.openbaar() || is_eigen(r, t))
        .map(|r| reactie_beeld(r, is_eigen(r, t)))
        .collect();
    let toestemmingen = ini
        .toestemmingen
        .iter()
        .filter_map(|x| {
            let van_lezer = t.actor.is_some_and(|a| a.id == x.ondertekenaar);
            (eigen || van_lezer).then(|| toestemming_beeld(ini, x, van_lezer, ingediend))
        })
        .collect();
    Ok(InitiatiefBeeld {
        id: rij.id.0,
        versie: ini.laatste().nummer,
        code: eigen.then(|| toon_code(&rij.code)),
        titel: ini.titel.clone(),
        omschrijving: ini.omschrijving.clone(),
        adres: ini.adres.clone(),
        locatie: ini.locatie.clone(),
        openbaar: ini.openbaar,
        gemeente: crate::stukken::gezag_naam(app, &ini.bevoegd_gezag),
        activiteit: ini.activiteit.clone(),
        eigen,
        versies,
        reacties,
        toestemmingen,
        actuele_toestemmingen: ini.toestemmingen.iter().filter(|x| ini.actueel(x)).count(),
        uitnodigingen: if eigen { ini.uitnodigingen.clone() } else { Vec::new() },
        participatiegids: gids(app, ini),
        plekken: plekken(app, ini),
        aanvraag: if eigen { ini.aanvraag.map(|a| a.to_string()) } else { None },
        ingediend,
    })
}

// ---------------------------------------------------------------------------------------------------------------
// Use cases

/// Opens an initiative with its first plan version, checked against the norms where it lies.
pub async fn maak(app: &App, actor: &Actor, v: NieuwInitiatief) -> Result<InitiatiefBeeld, Fout> {
    let titel = tekst("titel", &v.titel, "een korte titel", 200)?;
    let omschrijving = tekst("omschrijving", &v.omschrijving, "wat u wilt doen", MAX_TEKST)?;
    let punt = crate::locatie::punt(Some(v.locatie.x), Some(v.locatie.y), None, None)?;
    let hoogte = bouwhoogte(v.bouwhoogte)?;
    let g = toets(app, &v.geometrie, &v.crs, hoogte)?;
    let kennis = app.kennis();
    let adres = kennis.adressen.dichtstbij(punt, 30.0).map(|a| a.weergave.clone());
    let activiteit = v.activiteit.filter(|a| !a.trim().is_empty());
    let verwijzing = crate::host::verwijzing(app, &kennis, activiteit.as_deref(), Some(punt));
    let bevoegd_gezag = verwijzing.bevoegd_gezag.map(|g| g.code).unwrap_or_default();
    let nu = app.klok().nu();
    let versie = Planversie {
        nummer: 1,
        hash: Planversie::bereken_hash(&titel, &omschrijving, 1, &g.geometrie, hoogte),
        geometrie: g.geometrie,
        bouwhoogte: hoogte,
        oppervlakte_m2: g.oppervlakte_m2,
        toelichting: String::new(),
        oordeel: g.oordeel,
        normen: g.normen,
        gemaakt: nu,
    };
    let ini = Initiatief {
        titel,
        omschrijving,
        locatie: Plek { x: punt.x(), y: punt.y(), omschrijving: None },
        adres,
        bevoegd_gezag,
        activiteit,
        openbaar: v.openbaar,
        initiatiefnemer: actor.id,
        versies: vec![versie],
        uitnodigingen: Vec::new(),
        reacties: Vec::new(),
        toestemmingen: Vec::new(),
        aanvraag: None,
    };
    let id = InitiatiefId::nieuw();
    let inhoud = serde_json::to_value(&ini).map_err(|e| Fout::intern(e.to_string()))?;
    let m = ini.openbaar.then(|| serde_json::to_value(melding(app, id, &ini, nu)).unwrap_or_default());
    let box_ = bbox(&ini.laatste().geometrie).unwrap_or([punt.x(), punt.y(), punt.x(), punt.y()]);
    let mut rij = None;
    for _ in 0..5 {
        let code = nieuwe_code()?;
        let g = InitiatiefGegevens {
            code: &code,
            initiatiefnemer: actor.id,
            openbaar: ini.openbaar,
            bbox: box_,
            inhoud: &inhoud,
            melding: m.as_ref(),
        };
        match app.store().maak_initiatief(id, g, nu).await {
            Ok(r) => {
                rij = Some(r);
                break;
            }
            // a code already in use (one in a billion): draw again
            Err(stip_store::StoreError::Database(e))
                if e.as_database_error().is_some_and(|d| d.is_unique_violation()) =>
            {
                continue;
            }
            Err(e) => return Err(e.into()),
        }
    }
    let rij = rij.ok_or_else(|| Fout::intern("no free invitation code after 5 draws"))?;
    if m.is_some() {
        app.wek_berichten();
    }
    beeld(app, &rij, &ini, &Toegang { actor: Some(actor), ..Toegang::default() }).await
}

/// Reads an initiative as `toegang` may see it.
pub async fn lees(app: &App, id: InitiatiefId, toegang: &Toegang<'_>) -> Result<InitiatiefBeeld, Fout> {
    let rij = app.store().initiatief(id).await.map_err(|_| niet_gevonden())?;
    let ini = lees_initiatief(&rij)?;
    beeld(app, &rij, &ini, toegang).await
}

/// The initiative an invitation code opens.
pub async fn per_code(app: &App, code: &str) -> Result<InitiatiefId, Fout> {
    let rij = app.store().initiatief_per_code(&normaliseer_code(code)).await?;
    rij.map(|r| r.id)
        .ok_or_else(|| Fout::new(FoutCode::NotFound, "deze code kent stip niet; kijk of u hem goed overnam"))
}

/// One's own initiatives.
pub async fn mijn(app: &App, actor: &Actor) -> Result<Vec<InitiatiefKort>, Fout> {
    app.store().initiatieven_van(actor.id).await?.iter().map(kort).collect()
}

fn kort(rij: &InitiatiefRij) -> Result<InitiatiefKort, Fout> {
    let ini = lees_initiatief(rij)?;
    let v = ini.laatste();
    Ok(InitiatiefKort {
        id: rij.id.0,
        titel: ini.titel.clone(),
        adres: ini.adres.clone(),
        versie: v.nummer,
        bouwhoogte: v.bouwhoogte,
        oppervlakte_m2: v.oppervlakte_m2,
        oordeel: v.oordeel.clone(),
        geometrie: v.geometrie.clone(),
        reacties: ini.reacties.len(),
        toestemmingen: ini.toestemmingen.iter().filter(|t| ini.actueel(t)).count(),
        aangevraagd: ini.aanvraag.is_some(),
    })
}

/// Public initiatives whose plan lies in `bbox` (RD New), newest first.
pub async fn openbare(app: &App, bbox: [f64; 4]) -> Result<Initiatieven, Fout> {
    let rijen = app.store().openbare_initiatieven(bbox, stip_store::MAX_INITIATIEVEN).await?;
    Ok(Initiatieven { initiatieven: rijen.iter().map(kort).collect::<Result<_, _>>()? })
}

fn alleen_initiatiefnemer(actor: &Actor, ini: &Initiatief) -> Result<(), Fout> {
    if actor.id == ini.initiatiefnemer {
        Ok(())
    } else {
        Err(Fout::new(FoutCode::Forbidden, "alleen wie het initiatief opende, kan dit doen"))
    }
}

/// A new version of the plan: checked again and compared with the previous one.
pub async fn nieuwe_versie(
    app: &App,
    actor: &Actor,
    id: InitiatiefId,
    v: NieuweVersie,
) -> Result<VersieAntwoord, Fout> {
    let hoogte = bouwhoogte(v.bouwhoogte)?;
    let g = toets(app, &v.geometrie, &v.crs, hoogte)?;
    let toelichting = v.toelichting.map(|t| t.trim().chars().take(MAX_TEKST).collect::<String>()).unwrap_or_default();
    let nu = app.klok().nu();
    let (rij, ini, verschil) = wijzig(app, id, |_, ini, ingediend| {
        alleen_initiatiefnemer(actor, ini)?;
        if ingediend {
            return Err(domein_fout(InitiatiefFout::AlIngediend));
        }
        let nummer = ini.volgende_versie();
        let nieuw = Planversie {
            nummer,
            hash: Planversie::bereken_hash(&ini.titel, &ini.omschrijving, nummer, &g.geometrie, hoogte),
            geometrie: g.geometrie.clone(),
            bouwhoogte: hoogte,
            oppervlakte_m2: g.oppervlakte_m2,
            toelichting: toelichting.clone(),
            oordeel: g.oordeel.clone(),
            normen: g.normen.clone(),
            gemaakt: nu,
        };
        let d = verschil(ini.laatste(), &nieuw);
        ini.versies.push(nieuw);
        Ok(d)
    })
    .await?;
    let initiatief = beeld(app, &rij, &ini, &Toegang { actor: Some(actor), ..Toegang::default() }).await?;
    Ok(VersieAntwoord { versie: ini.laatste().nummer, verschil, initiatief })
}

fn plek(ini: &Initiatief, p: Option<Plek>) -> Result<Option<Plek>, Fout> {
    let Some(mut p) = p else { return Ok(None) };
    if !p.x.is_finite() || !p.y.is_finite() || (p.x - ini.locatie.x).hypot(p.y - ini.locatie.y) > PLEK_STRAAL {
        return Err(veldfout(
            "plek",
            format!("kies een plek op de kaart van het plan (binnen {PLEK_STRAAL:.0} meter)"),
        ));
    }
    p.omschrijving = p.omschrijving.map(|o| o.trim().chars().take(200).collect()).filter(|o: &String| !o.is_empty());
    Ok(Some(p))
}

/// A neighbour reacts (logged in, or with the code); without an account they get the reaction's own key.
pub async fn reageer(
    app: &App,
    id: InitiatiefId,
    toegang: &Toegang<'_>,
    v: NieuweReactie,
) -> Result<ReactieAntwoord, Fout> {
    let tekst = tekst("tekst", &v.tekst, "uw reactie", MAX_TEKST)?;
    let naam = v.naam.map(|n| n.trim().chars().take(200).collect::<String>()).filter(|n| !n.is_empty());
    let sleutel = if toegang.actor.is_none() { Some(random_sleutel()?) } else { None };
    let code = v.code.as_deref().or(toegang.code);
    let t = Toegang { actor: toegang.actor, code, sleutel: None };
    let reactie_id = Uuid::now_v7();
    let nu = app.klok().nu();
    let (_, ini, _) = wijzig(app, id, |rij, ini, _| {
        lezer(rij, ini, &t)?;
        let plek = plek(ini, v.plek.clone())?;
        ini.reacties.push(Reactie {
            id: reactie_id,
            versie: ini.laatste().nummer,
            soort: v.soort,
            tekst: tekst.clone(),
            plek,
            reageerder: Reageerder {
                gebruiker: toegang.actor.map(|a| a.id),
                sleutel_hash: sleutel.as_deref().map(hash),
                getoonde_naam: naam.clone(),
            },
            openbaar_reageerder: v.openbaar,
            openbaar_initiatiefnemer: false,
            thread: Vec::new(),
            op: nu,
        });
        Ok(())
    })
    .await?;
    let r = ini.reacties.iter().find(|r| r.id == reactie_id).ok_or_else(|| Fout::intern("reaction not kept"))?;
    Ok(ReactieAntwoord { reactie: reactie_beeld(r, true), sleutel })
}

/// An answer in a reaction's thread: the initiator answers; the reactor may answer back.
pub async fn antwoord(
    app: &App,
    id: InitiatiefId,
    reactie: Uuid,
    toegang: &Toegang<'_>,
    v: NieuwAntwoord,
) -> Result<ReactieBeeld, Fout> {
    let tekst = tekst("tekst", &v.tekst, "uw antwoord", MAX_TEKST)?;
    let t = Toegang {
        actor: toegang.actor,
        code: v.code.as_deref().or(toegang.code),
        sleutel: v.sleutel.as_deref().or(toegang.sleutel),
    };
    let nu = app.klok().nu();
    let (_, ini, eigen) = wijzig(app, id, |rij, ini, _| {
        let l = lezer(rij, ini, &t)?;
        let r = ini.reacties.iter_mut().find(|r| r.id == reactie).ok_or_else(niet_gevonden)?;
        let van = if l == Lezer::Initiatiefnemer {
            Afzender::Initiatiefnemer
        } else if is_eigen(r, &t) {
            Afzender::Reageerder
        } else {
            return Err(Fout::new(FoutCode::Forbidden, "alleen de initiatiefnemer en wie reageerde, schrijven hier"));
        };
        if let Some(o) = v.openbaar {
            match van {
                Afzender::Initiatiefnemer => r.openbaar_initiatiefnemer = o,
                Afzender::Reageerder => r.openbaar_reageerder = o,
            }
        }
        r.thread.push(Bericht { van, tekst: tekst.clone(), op: nu });
        Ok(van == Afzender::Reageerder)
    })
    .await?;
    let r = ini.reacties.iter().find(|r| r.id == reactie).ok_or_else(niet_gevonden)?;
    Ok(reactie_beeld(r, eigen))
}

/// A neighbour consents to the newest plan version: stip signs the certificate.
pub async fn geef_toestemming(
    app: &App,
    actor: &Actor,
    id: InitiatiefId,
    v: NieuweToestemming,
) -> Result<ToestemmingBeeld, Fout> {
    let voorwaarden =
        v.voorwaarden.map(|t| t.trim().chars().take(MAX_TEKST).collect::<String>()).filter(|t| !t.is_empty());
    let niveau = niveau(app, actor).await;
    let sleutel = ondertekening(app).await?;
    let t = Toegang { actor: Some(actor), code: v.code.as_deref(), sleutel: None };
    let toestemming_id = Uuid::now_v7();
    let nu = app.klok().nu();
    let (_, ini, ingediend) = wijzig(app, id, |rij, ini, ingediend| {
        if lezer(rij, ini, &t)? == Lezer::Initiatiefnemer {
            return Err(Fout::new(FoutCode::Forbidden, "u kunt geen toestemming geven voor uw eigen plan"));
        }
        let versie = ini.kan_toestemmen(v.versie, ingediend).map_err(domein_fout)?.clone();
        if ini.toestemmingen.iter().any(|x| x.ondertekenaar == actor.id && ini.actueel(x)) {
            return Err(Fout::new(FoutCode::Conflict, "u gaf al toestemming voor deze versie van het plan"));
        }
        let inhoud = Certificaatinhoud {
            iss: "stip".into(),
            jti: toestemming_id.to_string(),
            initiatief: rij.id.to_string(),
            titel: ini.titel.clone(),
            adres: ini.adres.clone(),
            versie: versie.nummer,
            plan_hash: versie.hash.clone(),
            naam: actor.naam.clone(),
            niveau,
            voorwaarden: voorwaarden.clone(),
            iat: nu.unix_timestamp(),
        };
        ini.toestemmingen.push(Toestemming {
            id: toestemming_id,
            versie: versie.nummer,
            hash: versie.hash.clone(),
            ondertekenaar: actor.id,
            naam: actor.naam.clone(),
            niveau,
            voorwaarden: voorwaarden.clone(),
            gegeven: nu,
            ingetrokken: None,
            certificaat: sleutel.onderteken(&inhoud)?,
        });
        Ok(ingediend)
    })
    .await?;
    let x =
        ini.toestemmingen.iter().find(|x| x.id == toestemming_id).ok_or_else(|| Fout::intern("consent not kept"))?;
    Ok(toestemming_beeld(&ini, x, true, ingediend))
}

/// The signer withdraws their consent, until the application is submitted.
pub async fn trek_in(app: &App, actor: &Actor, id: InitiatiefId, toestemming: Uuid) -> Result<ToestemmingBeeld, Fout> {
    let nu = app.klok().nu();
    let (_, ini, ingediend) = wijzig(app, id, |_, ini, ingediend| {
        if !ini.toestemmingen.iter().any(|x| x.id == toestemming && x.ondertekenaar == actor.id) {
            return Err(Fout::new(FoutCode::NotFound, "deze toestemming bestaat niet of is niet van u"));
        }
        ini.trek_in(toestemming, ingediend, nu).map_err(domein_fout)?;
        Ok(ingediend)
    })
    .await?;
    let x = ini.toestemmingen.iter().find(|x| x.id == toestemming).ok_or_else(niet_gevonden)?;
    Ok(toestemming_beeld(&ini, x, true, ingediend))
}

// ---------------------------------------------------------------------------------------------------------------
// Signing

/// The key that signs certificates.
pub struct Ondertekening {
    paar: Ed25519KeyPair,
    /// The key id: the first 16 hex digits of the SHA-256 of the public key.
    pub kid: String,
}

impl Ondertekening {
    fn uit_bytes(bytes: &[u8]) -> Result<Ondertekening, String> {
        let paar = if bytes.len() == 32 {
            Ed25519KeyPair::from_seed_unchecked(bytes).map_err(|e| e.to_string())?
        } else {
            Ed25519KeyPair::from_pkcs8_maybe_unchecked(bytes).map_err(|e| e.to_string())?
        };
        let kid = hash_bytes(paar.public_key().as_ref())[..16].to_string();
        Ok(Ondertekening { paar, kid })
    }

    /// A key from configuration: base64 (standard or URL-safe) of a 32-byte seed or a PKCS#8 document.
    pub fn uit_config(s: &str) -> Result<Ondertekening, String> {
        let s = s.trim();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(s)
            .or_else(|_| B64.decode(s.trim_end_matches('=')))
            .map_err(|_| {
                "participatie.sleutel: not base64 (give a 32-byte Ed25519 seed or PKCS#8, base64)".to_string()
            })?;
        Ondertekening::uit_bytes(&bytes).map_err(|e| format!("participatie.sleutel: not an Ed25519 key ({e})"))
    }

    /// The compact JWS (EdDSA) over `inhoud`.
    pub fn onderteken(&self, inhoud: &Certificaatinhoud) -> Result<String, Fout> {
        let kop = serde_json::json!({ "alg": "EdDSA", "kid": self.kid, "typ": "JWT" });
        let lichaam = serde_json::to_vec(inhoud).map_err(|e| Fout::intern(e.to_string()))?;
        let invoer = format!("{}.{}", B64.encode(kop.to_string()), B64.encode(lichaam));
        let handtekening = self.paar.sign(invoer.as_bytes());
        Ok(format!("{invoer}.{}", B64.encode(handtekening.as_ref())))
    }

    /// The public key as a JSON Web Key Set (RFC 8037: OKP, Ed25519).
    pub fn jwks(&self) -> serde_json::Value {
        serde_json::json!({ "keys": [{
            "kty": "OKP", "crv": "Ed25519", "x": B64.encode(self.paar.public_key().as_ref()),
            "kid": self.kid, "alg": "EdDSA", "use": "sig",
        }]})
    }

    fn controleer(&self, jws: &str) -> Result<Certificaatinhoud, &'static str> {
        let delen: Vec<&str> = jws.trim().split('.').collect();
        let [kop, lichaam, handtekening] = delen[..] else { return Err("dit is geen certificaat (geen JWS)") };
        let kop: serde_json::Value = B64
            .decode(kop)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .ok_or("de kop van het certificaat is onleesbaar")?;
        if kop.get("alg").and_then(|a| a.as_str()) != Some("EdDSA") {
            return Err("het certificaat is niet met EdDSA ondertekend");
        }
        if kop.get("kid").and_then(|a| a.as_str()) != Some(self.kid.as_str()) {
            return Err("het certificaat is niet met de sleutel van deze stip ondertekend");
        }
        let handtekening = B64.decode(handtekening).map_err(|_| "de handtekening klopt niet")?;
        let publiek = signature::UnparsedPublicKey::new(&signature::ED25519, self.paar.public_key().as_ref());
        let invoer = &jws.trim()[..kop_lengte(jws.trim())];
        publiek.verify(invoer.as_bytes(), &handtekening).map_err(|_| "de handtekening klopt niet")?;
        B64.decode(lichaam)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .ok_or("de inhoud van het certificaat is onleesbaar")
    }
}

/// The length of `header.payload` in a compact JWS.
fn kop_lengte(jws: &str) -> usize {
    jws.rfind('.').unwrap_or(0)
}

fn hash_bytes(b: &[u8]) -> String {
    Sha256::digest(b).iter().map(|b| format!("{b:02x}")).collect()
}

/// The signing key: the configured one, else the one stip made and keeps in the store (made on first use).
pub async fn ondertekening(app: &App) -> Result<Arc<Ondertekening>, Fout> {
    if let Some(s) = app.ondertekening_geladen() {
        return Ok(s);
    }
    let mut pkcs8 = Vec::new();
    let rng = ring::rand::SystemRandom::new();
    if let Ok(doc) = Ed25519KeyPair::generate_pkcs8(&rng) {
        pkcs8 = doc.as_ref().to_vec();
    }
    let bewaard = app.store().sleutel(SLEUTEL_NAAM, &B64.encode(&pkcs8), app.klok().nu()).await?;
    let bytes = B64.decode(&bewaard).map_err(|e| Fout::intern(format!("stored signing key: {e}")))?;
    let s = Ondertekening::uit_bytes(&bytes).map_err(|e| Fout::intern(format!("stored signing key: {e}")))?;
    Ok(app.zet_ondertekening(s))
}

/// Verifies a certificate: the signature over every byte, then whether the consent still stands.
pub async fn verifieer(app: &App, jws: &str) -> Result<Verificatie, Fout> {
    let sleutel = ondertekening(app).await?;
    let inhoud = match sleutel.controleer(jws) {
        Ok(i) => i,
        Err(reden) => return Ok(Verificatie { geldig: false, reden: reden.into(), inhoud: None, actueel: None }),
    };
    let gevonden = match inhoud.initiatief.parse::<Uuid>() {
        Ok(id) => app.store().initiatief(InitiatiefId(id)).await.ok(),
        Err(_) => None,
    };
    let Some(rij) = gevonden else {
        return Ok(Verificatie {
            geldig: false,
            reden: "de handtekening klopt, maar het initiatief bestaat niet meer".into(),
            inhoud: Some(inhoud),
            actueel: None,
        });
    };
    let ini = lees_initiatief(&rij)?;
    let t = ini.toestemmingen.iter().find(|t| t.id.to_string() == inhoud.jti);
    Ok(match t {
        None => Verificatie {
            geldig: false,
            reden: "de handtekening klopt, maar deze toestemming is niet bekend".into(),
            inhoud: Some(inhoud),
            actueel: None,
        },
        Some(t) if t.ingetrokken.is_some() => Verificatie {
            geldig: false,
            reden: "de toestemming is ingetrokken".into(),
            actueel: Some(false),
            inhoud: Some(inhoud),
        },
        Some(t) => {
            let actueel = ini.actueel(t);
            let reden = if actueel {
                "de handtekening klopt; de toestemming geldt voor de nieuwste versie van het plan".to_string()
            } else {
                let wat = ini.sinds(t).map(|v| v.samenvatting).unwrap_or_default();
                format!("de handtekening klopt; de toestemming is voor een eerdere versie (versie {}): {wat}", t.versie)
            };
            Verificatie { geldig: true, reden, actueel: Some(actueel), inhoud: Some(inhoud) }
        }
    })
}

// ---------------------------------------------------------------------------------------------------------------
// Around the plan, letters, certificate, report

/// The addresses (BAG) and parcels (BRK) around the plan, nearest first; for the initiator.
pub async fn omgeving(app: &App, actor: &Actor, id: InitiatiefId) -> Result<Omgeving, Fout> {
    let rij = app.store().initiatief(id).await.map_err(|_| niet_gevonden())?;
    let ini = lees_initiatief(&rij)?;
    alleen_initiatiefnemer(actor, &ini)?;
    Ok(omgeving_van(app, &ini))
}

fn omgeving_van(app: &App, ini: &Initiatief) -> Omgeving {
    use geo::{Contains, Distance, Euclidean};
    let kennis = app.kennis();
    let plan = lees_geometrie(&ini.laatste().geometrie, stip_geo::Crs::RdNew).ok();
    let Some([a, b, c, d]) = bbox(&ini.laatste().geometrie) else {
        return Omgeving { adressen: Vec::new(), percelen: Vec::new() };
    };
    let r = geo_types::Rect::new(
        geo_types::coord! { x: a - OMGEVING_M, y: b - OMGEVING_M },
        geo_types::coord! { x: c + OMGEVING_M, y: d + OMGEVING_M },
    );
    let percelen = kennis.regels.percelen_bij(r);
    let mut adressen: Vec<Buuradres> = kennis
        .adressen
        .binnen([a - OMGEVING_M, b - OMGEVING_M, c + OMGEVING_M, d + OMGEVING_M])
        .into_iter()
        .map(|adres| {
            let p = geo_types::Point::new(adres.x, adres.y);
            let afstand = plan.as_ref().map_or(0.0, |g| Euclidean.distance(&p, g));
            Buuradres {
                adres: adres.weergave.clone(),
                x: adres.x,
                y: adres.y,
                afstand_m: (afstand * 10.0).round() / 10.0,
                perceel: percelen.iter().find(|q| q.geometrie.contains(&p)).map(|q| q.kadastrale_aanduiding.tekst()),
                uitgenodigd: ini.uitnodigingen.iter().any(|u| u.adres == adres.weergave),
            }
        })
        .collect();
    adressen.sort_by(|x, y| x.afstand_m.total_cmp(&y.afstand_m).then(x.adres.cmp(&y.adres)));
    let percelen = percelen
        .iter()
        .map(|q| Buurperceel {
            aanduiding: q.kadastrale_aanduiding.tekst(),
            adressen: adressen
                .iter()
                .filter(|a| a.perceel.as_deref() == Some(&q.kadastrale_aanduiding.tekst()))
                .map(|a| a.adres.clone())
                .collect(),
        })
        .collect();
    Omgeving { adressen, percelen }
}

fn pdf(titel: &str, onderwerp: &str, gezag: &str, nu: OffsetDateTime) -> Document {
    let mut doc = Document::new(Metadata {
        titel: titel.to_string(),
        auteur: gezag.to_string(),
        onderwerp: onderwerp.to_string(),
        taal: "nl-NL".into(),
        gemaakt: nu,
    });
    doc.voettekst(&format!("{gezag} · {}", titel.to_lowercase()));
    doc
}

/// The plan map: parcels, existing buildings and the plan's outline, around the place.
fn kaart(app: &App, ini: &Initiatief, bijschrift: &str) -> Option<Kaart> {
    let kennis = app.kennis();
    let (x, y) = (ini.locatie.x, ini.locatie.y);
    let r = geo_types::Rect::new(
        geo_types::coord! { x: x - 40.0, y: y - 40.0 },
        geo_types::coord! { x: x + 40.0, y: y + 40.0 },
    );
    let ringen = |p: &geo_types::Polygon<f64>| -> Vec<Vec<(f64, f64)>> {
        std::iter::once(p.exterior()).chain(p.interiors()).map(|r| r.coords().map(|c| (c.x, c.y)).collect()).collect()
    };
    let mut vlakken = Vec::new();
    for p in kennis.regels.percelen_bij(r) {
        vlakken.push(Vlak { ringen: ringen(&p.geometrie), stijl: Stijl::Perceel, label: None });
    }
    for (_, g) in kennis.regels.panden_bij(r) {
        vlakken.push(Vlak { ringen: ringen(&g), stijl: Stijl::Pand, label: None });
    }
    match lees_geometrie(&ini.laatste().geometrie, stip_geo::Crs::RdNew).ok()? {
        geo_types::Geometry::Polygon(p) => {
            vlakken.push(Vlak { ringen: ringen(&p), stijl: Stijl::Plan, label: Some("plan".into()) })
        }
        geo_types::Geometry::MultiPolygon(m) => {
            for p in m.0 {
                vlakken.push(Vlak { ringen: ringen(&p), stijl: Stijl::Plan, label: Some("plan".into()) });
            }
        }
        _ => {}
    }
    Some(Kaart { vlakken, hoogte_mm: 70.0, bijschrift: bijschrift.to_string(), beschrijving: String::new() })
}

/// Prints one invitation letter per chosen address (of those around the plan) and records them.
pub async fn uitnodigingen(
    app: &App,
    actor: &Actor,
    id: InitiatiefId,
    gekozen: &[String],
    basis: &str,
) -> Result<Vec<u8>, Fout> {
    let nu = app.klok().nu();
    let (rij, ini, adressen) = wijzig(app, id, |_, ini, _| {
        alleen_initiatiefnemer(actor, ini)?;
        let rond = omgeving_van(app, ini);
        let mut adressen = Vec::new();
        for g in gekozen {
            let a = rond
                .adressen
                .iter()
                .find(|a| &a.adres == g)
                .ok_or_else(|| veldfout("adressen", format!("'{g}' ligt niet rond het plan; kies uit de lijst")))?;
            if !adressen.contains(&a.adres) {
                adressen.push(a.adres.clone());
            }
        }
        if adressen.is_empty() {
            return Err(veldfout("adressen", "kies minstens één adres"));
        }
        for a in &adressen {
            if !ini.uitnodigingen.iter().any(|u| &u.adres == a) {
                ini.uitnodigingen.push(Uitnodiging { adres: a.clone(), gemaakt: nu });
            }
        }
        Ok(adressen)
    })
    .await?;
    let gezag = crate::stukken::gezag_naam(app, &ini.bevoegd_gezag);
    let code = toon_code(&rij.code);
    let link = format!("{}/initiatieven/code/{}", basis.trim_end_matches('/'), rij.code);
    let mut doc = pdf("Uitnodiging om mee te denken", &ini.titel, &gezag, nu);
    for (i, adres) in adressen.iter().enumerate() {
        if i > 0 {
            doc.nieuwe_pagina();
        }
        doc.alinea(&format!("Aan de bewoners van\n{adres}"));
        doc.kop(1, "Uw buren hebben een plan. Wat vindt u ervan?");
        doc.alinea(&format!(
            "Uw buren willen bouwen{}: {}. Voordat zij een vergunning aanvragen bij {gezag}, horen zij graag wat u \
             ervan vindt. U kunt het plan bekijken, een vraag stellen, steun of een zorg laten weten en, als u \
             wilt, toestemming geven.",
            ini.adres.as_ref().map(|a| format!(" op {a}")).unwrap_or_default(),
            ini.titel
        ));
        doc.alinea(&ini.omschrijving);
        doc.gegevens(&[
            ("Uw code", code.as_str()),
            ("Ga naar", link.as_str()),
            ("Of scan", "de QR-code hieronder met de camera van uw telefoon"),
        ]);
        doc.qr(&link, &format!("QR-code naar {link}"));
        if let Some(k) = kaart(
            app,
            &ini,
            &format!("Het plan{}", ini.adres.as_ref().map(|a| format!(" bij {a}")).unwrap_or_default()),
        ) {
            doc.kaart(&k);
        }
        doc.alinea(
            "Uw naam ziet niemand, tenzij u daar zelf voor kiest. Heeft u geen internet? Bel de gemeente; zij helpt u.",
        );
    }
    Ok(doc.bytes())
}

/// The certificate as PDF, with a QR code of its verification address; for its signer and the initiator.
pub async fn certificaat_pdf(
    app: &App,
    actor: &Actor,
    id: InitiatiefId,
    toestemming: Uuid,
    basis: &str,
) -> Result<(String, Vec<u8>), Fout> {
    let rij = app.store().initiatief(id).await.map_err(|_| niet_gevonden())?;
    let ini = lees_initiatief(&rij)?;
    let t = ini
        .toestemmingen
        .iter()
        .find(|t| t.id == toestemming && (t.ondertekenaar == actor.id || ini.initiatiefnemer == actor.id))
        .ok_or_else(|| Fout::new(FoutCode::NotFound, "deze toestemming bestaat niet of u mag haar niet zien"))?;
    let gezag = crate::stukken::gezag_naam(app, &ini.bevoegd_gezag);
    let mut doc = pdf("Belanghebbendencertificaat", &ini.titel, &gezag, app.klok().nu());
    certificaat_blok(&mut doc, &ini, t, basis);
    Ok((format!("Toestemming {} versie {}.pdf", t.naam, t.versie), doc.bytes()))
}

/// The verification address of a certificate.
pub fn verificatie_url(basis: &str, jws: &str) -> String {
    format!("{}/toestemmingen/verifieer?certificaat={jws}", basis.trim_end_matches('/'))
}

fn certificaat_blok(doc: &mut Document, ini: &Initiatief, t: &Toestemming, basis: &str) {
    doc.kop(1, "Belanghebbendencertificaat: toestemming voor een plan");
    let status = if t.ingetrokken.is_some() {
        "ingetrokken".to_string()
    } else if ini.actueel(t) {
        "geldig voor de nieuwste versie".to_string()
    } else {
        format!(
            "voor een eerdere versie; sindsdien veranderd: {}",
            ini.sinds(t).map(|v| v.samenvatting).unwrap_or_default()
        )
    };
    let mut rijen = vec![
        ("Plan", ini.titel.clone()),
        ("Plek", ini.adres.clone().unwrap_or_else(|| format!("x {:.0}, y {:.0} (RD)", ini.locatie.x, ini.locatie.y))),
        ("Versie van het plan", t.versie.to_string()),
        ("Vingerafdruk van die versie (SHA-256)", t.hash.clone()),
        ("Toestemming van", t.naam.clone()),
        ("Zekerheid over wie dit is", t.niveau.in_woorden().to_string()),
        ("Gegeven op", crate::tekst::tijdstip(t.gegeven)),
        ("Voorwaarden", t.voorwaarden.clone().unwrap_or_else(|| "geen".into())),
        ("Stand", status),
    ];
    if let Some(i) = t.ingetrokken {
        rijen.push(("Ingetrokken op", crate::tekst::tijdstip(i)));
    }
    doc.gegevens(&rijen);
    let url = verificatie_url(basis, &t.certificaat);
    doc.alinea(
        "Dit certificaat is digitaal ondertekend (JWS, EdDSA). Controleer het met de QR-code of op de pagina \
         Toestemming controleren van stip: één veranderd teken en de controle mislukt.",
    );
    doc.qr(&url, "QR-code naar de pagina waar u dit certificaat controleert");
    doc.alinea(&format!("Het ondertekende certificaat:\n{}", t.certificaat));
}

/// The participatieverslag: who was invited, the reactions and answers, the consents with their certificates, what
/// changed between the versions.
pub fn participatieverslag(app: &App, ini: &Initiatief, basis: &str) -> Vec<u8> {
    let gezag = crate::stukken::gezag_naam(app, &ini.bevoegd_gezag);
    let nu = app.klok().nu();
    let mut doc = pdf("Participatieverslag", &ini.titel, &gezag, nu);
    doc.kop(1, &format!("Participatieverslag: {}", ini.titel));
    doc.alinea(&format!(
        "Dit verslag maakte stip op {} uit wat er rond dit initiatief gebeurde. Het hoort bij de aanvraag en laat \
         zien wie werd uitgenodigd, welke reacties er kwamen en wat de initiatiefnemer antwoordde, welke buren \
         toestemming gaven en wat er in het plan veranderde.",
        crate::tekst::tijdstip(nu)
    ));
    doc.gegevens(&[
        ("Plek", ini.adres.clone().unwrap_or_default()),
        ("Versies van het plan", ini.versies.len().to_string()),
        ("Uitgenodigde adressen", ini.uitnodigingen.len().to_string()),
        ("Reacties", ini.reacties.len().to_string()),
        ("Geldige toestemmingen", ini.toestemmingen.iter().filter(|t| ini.actueel(t)).count().to_string()),
    ]);
    if let Some(k) = kaart(app, ini, "Het plan zoals het nu is") {
        doc.kaart(&k);
    }
    doc.kop(2, "Wie werd uitgenodigd");
    if ini.uitnodigingen.is_empty() {
        doc.alinea("Er zijn geen uitnodigingsbrieven gemaakt.");
    } else {
        let adressen: Vec<String> = ini.uitnodigingen.iter().map(|u| u.adres.clone()).collect();
        doc.opsomming(&adressen);
    }
    doc.kop(2, "Versies van het plan en wat er veranderde");
    let mut rijen = Vec::new();
    for (i, v) in ini.versies.iter().enumerate() {
        let veranderd = i.checked_sub(1).map(|j| verschil(&ini.versies[j], v));
        let normen = veranderd
            .as_ref()
            .map(|d| {
                d.normen
                    .iter()
                    .map(|n| {
                        let was = n.was.as_deref().unwrap_or("niet getoetst");
                        format!("{}: van {was} naar {}", n.soort, n.nu.as_deref().unwrap_or("niet getoetst"))
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            })
            .unwrap_or_default();
        rijen.push(vec![
            v.nummer.to_string(),
            format!("{} m hoog, {} m²", v.bouwhoogte, v.oppervlakte_m2),
            v.oordeel.clone(),
            veranderd.map(|d| d.samenvatting).unwrap_or_else(|| "eerste versie".into()),
            normen,
            v.toelichting.clone(),
        ]);
    }
    doc.tabel(&["Versie", "Plan", "Regels", "Verschil", "Normen die veranderden", "Toelichting"], &rijen);
    doc.kop(2, "Reacties en antwoorden");
    if ini.reacties.is_empty() {
        doc.alinea("Er kwamen geen reacties.");
    }
    for (i, r) in ini.reacties.iter().enumerate() {
        let wie = r.reageerder.getoonde_naam.clone().unwrap_or_else(|| "een buur (naam niet getoond)".into());
        let waar =
            r.plek.as_ref().and_then(|p| p.omschrijving.clone()).map(|o| format!(", bij: {o}")).unwrap_or_default();
        doc.kop(3, &format!("Reactie {} ({}, over versie {}{waar})", i + 1, r.soort.in_woorden(), r.versie));
        doc.alinea(&format!("{wie}: {}", r.tekst));
        for b in &r.thread {
            let van = match b.van {
                Afzender::Initiatiefnemer => "Antwoord van de initiatiefnemer",
                Afzender::Reageerder => "Reactie terug",
            };
            doc.alinea(&format!("{van}: {}", b.tekst));
        }
        if !r.beantwoord() {
            doc.alinea("De initiatiefnemer heeft (nog) niet geantwoord.");
        }
    }
    doc.kop(2, "Toestemmingen");
    if ini.toestemmingen.is_empty() {
        doc.alinea("Niemand gaf toestemming.");
    }
    for t in &ini.toestemmingen {
        doc.nieuwe_pagina();
        certificaat_blok(&mut doc, ini, t, basis);
    }
    doc.bytes()
}

/// Starts the application from the initiative: the place and the newest plan, and the generated participatieverslag
/// as the participation document of the checklist.
pub async fn start_aanvraag(
    app: &App,
    actor: &Actor,
    id: InitiatiefId,
    mut nieuw: crate::dossier::NieuweAanvraag,
    basis: &str,
) -> Result<(stip_store::Aanvraag, stip_zaak::aanvraag::Aanvraag), Fout> {
    let rij = app.store().initiatief(id).await.map_err(|_| niet_gevonden())?;
    let ini = lees_initiatief(&rij)?;
    alleen_initiatiefnemer(actor, &ini)?;
    if ini.aanvraag.is_some() {
        return Err(Fout::new(FoutCode::Conflict, "er is al een aanvraag gestart vanuit dit initiatief"));
    }
    if nieuw.punt.is_none() {
        nieuw.punt = Some(crate::locatie::punt(Some(ini.locatie.x), Some(ini.locatie.y), None, None)?);
    }
    if nieuw.titel.trim().is_empty() {
        nieuw.titel = ini.titel.clone();
    }
    if nieuw.omschrijving.trim().is_empty() {
        nieuw.omschrijving = ini.omschrijving.clone();
    }
    if nieuw.plan.is_none() {
        let rd = lees_geometrie(&ini.laatste().geometrie, stip_geo::Crs::RdNew)?;
        let wgs84 = stip_geo::transform::geometry_rd_to_wgs84(&rd)
            .map_err(|e| Fout::intern(format!("plan to WGS84: {}", e.kind)))?;
        nieuw.plan = Some(Plan {
            geometrie: serde_json::to_value(geojson::Geometry::from(&wgs84)).unwrap_or_default(),
            toetsing: serde_json::to_value(&ini.laatste().normen).unwrap_or_default(),
            maten: stip_zaak::aanvraag::PlanMaten {
                bouwhoogte: Some(ini.laatste().bouwhoogte),
                oppervlakte_m2: Some(ini.laatste().oppervlakte_m2),
                ..Default::default()
            },
        });
    }
    let aanvraag = crate::dossier::nieuwe_aanvraag(app, actor, nieuw).await?;
    let verslag = participatieverslag(app, &ini, basis);
    // The authority's own participation requirement, if its rules name one; else stip's.
    let inhoud: stip_zaak::aanvraag::Aanvraag = serde_json::from_value(aanvraag.inhoud.clone()).unwrap_or_default();
    let eigen = inhoud
        .vereisten()
        .iter()
        .find(|v| v.soort == "document" && v.omschrijving.to_lowercase().contains("participatie"))
        .map(|v| v.id.clone());
    let vereiste = eigen.clone().unwrap_or_else(|| VEREISTE.to_string());
    let doc = app
        .store()
        .voeg_document_toe(NieuwDocument {
            aanvraag_id: aanvraag.id,
            naam: "Participatieverslag.pdf",
            mediatype: "application/pdf",
            soort: &vereiste,
            inhoud: &verslag,
        })
        .await?;
    let verwijzing = DocumentVerwijzing {
        id: doc.id.0,
        vereiste: vereiste.clone(),
        naam: doc.naam.clone(),
        mediatype: doc.mediatype.clone(),
        grootte: doc.grootte as u64,
        sha256: doc.sha256.clone(),
    };
    let verplicht = gids(app, &ini).is_some_and(|g| g.verplicht);
    let (rij_aanvraag, a) = crate::dossier::wijzig_aanvraag(app, actor, aanvraag.id, None, |a| {
        if eigen.is_none() {
            let v = Vereiste {
                id: VEREISTE.into(),
                soort: "document".into(),
                omschrijving: "Participatieverslag".into(),
                toelichting: Some(if verplicht {
                    "De gemeente vraagt bij deze activiteit om participatie. stip maakte dit verslag uit uw initiatief."
                        .into()
                } else {
                    "stip maakte dit verslag uit uw initiatief: wie u uitnodigde, de reacties en toestemmingen.".into()
                }),
            };
            for act in a.activiteiten.iter_mut() {
                act.vereisten.push(v.clone());
            }
        }
        a.documenten.push(verwijzing.clone());
        Ok::<_, Fout>(())
    })
    .await?;
    let aanvraag_id = rij_aanvraag.id.0;
    wijzig(app, id, |_, ini, _| {
        ini.aanvraag = Some(aanvraag_id);
        Ok(())
    })
    .await?;
    Ok((rij_aanvraag, a))
}

/// The Praktijkoverzicht: public initiatives and decided cases (their public notices) in a box, without persons.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Praktijkoverzicht {
    pub initiatieven: Vec<InitiatiefKort>,
    /// Decisions made known nearby, as their public notices.
    pub besluiten: Vec<stip_zaak::bekendmaking::Bekendmaking>,
}

pub async fn praktijkoverzicht(app: &App, bbox: [f64; 4]) -> Result<Praktijkoverzicht, Fout> {
    let initiatieven = openbare(app, bbox).await?.initiatieven;
    let vraag = crate::openbaar::Zoekvraag {
        bbox: Some(bbox),
        soorten: vec![stip_zaak::bekendmaking::Soort::Besluit],
        sinds: None,
        limiet: crate::openbaar::STANDAARD_LIMIET,
        na: None,
    };
    let besluiten = crate::openbaar::zoek(app, &vraag).await?.bekendmakingen;
    Ok(Praktijkoverzicht { initiatieven, besluiten })
}
