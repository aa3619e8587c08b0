//! The case work behind both the pages and the API: start, change and submit an application, add documents, read a
//! case, add an event, list the work queue. Every function asks the authorisation policy (`stip_zaak::mag`) first,
//! checks the domain rules, then lets the store do the one transaction; pages and API are thin adapters over this.

use crate::App;
use crate::fout::{Fout, FoutCode, VeldFout};
use crate::kennis::Kennis;
use std::collections::BTreeMap;
use stip_geo::RdPoint;
use stip_regels::antwoord::Antwoord;
use stip_store::{
    AanvraagGegevens, AanvraagId, AanvraagRepository, AanvraagStatus, Document, DocumentId, Gebruiker,
    GebruikerRepository, Indiening, InzendingRepository, NieuwDocument, NieuweGebeurtenis, NieuweZaak, ZaakFilter,
    ZaakId, ZaakPagina, ZaakRepository, ZaakStand,
};
use stip_zaak::aanvraag::{Aanvraag, AanvraagActiviteit, AutomatischeBijlage, DocumentVerwijzing, Locatie, Plan, Stuk};
use stip_zaak::document::{MAX_DOCUMENTEN, herken, naam_voor};
use stip_zaak::{Actie, Actor, Bron, Gebeurtenis, GebeurtenisSoort, Weigering, Zaak, mag};
use uuid::Uuid;

/// Who is acting, as the domain sees them.
pub fn actor(g: &Gebruiker) -> Actor {
    Actor {
        id: g.id.0,
        naam: g.naam.clone(),
        rollen: g.rollen.clone(),
        bevoegd_gezag: g.bevoegd_gezag.clone(),
        team: g.team.clone(),
    }
}

/// The policy's refusal as an API error: hidden resources are "not found", the rest "forbidden".
pub(crate) fn weiger(w: Weigering, wat: &str) -> Fout {
    match w {
        Weigering::Verborgen => Fout::new(FoutCode::NotFound, format!("{wat} bestaat niet of u mag het niet zien")),
        Weigering::Verboden => Fout::new(FoutCode::Forbidden, format!("dit mag u niet doen met {wat}")),
    }
}

/// The stored application read back as the domain's.
pub(crate) fn domein(a: &stip_store::Aanvraag) -> Result<Aanvraag, Fout> {
    serde_json::from_value(a.inhoud.clone())
        .map_err(|e| Fout::new(FoutCode::Internal, format!("aanvraag {} kan niet worden gelezen: {e}", a.id)))
}

fn betrokken_ids(a: &Aanvraag) -> Vec<Uuid> {
    a.betrokkenen.iter().filter_map(|b| b.gebruiker).collect()
}

/// What a new application starts from: a Vergunningcheck (activities with answers) at a place, optionally with the
/// plan of a droog-oefenen report.
#[derive(Debug, Default)]
pub struct NieuweAanvraag {
    pub titel: String,
    pub omschrijving: String,
    pub activiteiten: Vec<String>,
    pub antwoorden: BTreeMap<String, serde_json::Value>,
    pub punt: Option<RdPoint>,
    pub plan: Option<Plan>,
    pub uit_verslag: Option<String>,
}

/// The activities of a finished Vergunningcheck, with their Indieningsvereisten; an unfinished check is an error
/// that says so (the check asks the questions, the application form does not).
fn activiteiten(
    kennis: &Kennis,
    gevraagd: &[String],
    punt: Option<RdPoint>,
    antwoorden: &BTreeMap<String, serde_json::Value>,
) -> Result<Vec<AanvraagActiviteit>, Fout> {
    if gevraagd.is_empty() {
        return Ok(Vec::new());
    }
    match crate::vergunningcheck::check(kennis, gevraagd.to_vec(), punt, antwoorden.clone())? {
        crate::vergunningcheck::CheckStap::Conclusie { actielijst, conclusies, .. } => Ok(actielijst
            .iter()
            .filter(|a| matches!(a.actie, "aanvragen" | "melden" | "informeren"))
            .map(|a| {
                let gegeven = conclusies.iter().find(|c| c.activiteit == a.activiteit).map(|c| &c.uitleg.antwoorden);
                AanvraagActiviteit::uit_check(a, gegeven.map_or(&[], Vec::as_slice), antwoorden)
            })
            .collect()),
        crate::vergunningcheck::CheckStap::Vraag { vraag } => Err(Fout::new(
            FoutCode::InvalidAnswer,
            format!("de vergunningcheck is nog niet af: beantwoord eerst de vraag '{}'", vraag.tekst),
        )),
    }
}

/// What stip knows at the place and attaches itself: the address, the parcel, the buildings (BAG).
fn plek(kennis: &Kennis, rd: RdPoint) -> (Locatie, Vec<AutomatischeBijlage>) {
    let antwoord: Antwoord = kennis.regels.at_point(rd);
    let adres = kennis.adressen.dichtstbij(rd, 30.0).map(|a| a.weergave.clone());
    let perceel = antwoord.percelen.first().map(|p| p.kadastrale_aanduiding.to_string());
    let mut bijlagen = Vec::new();
    for p in &antwoord.percelen {
        bijlagen.push(AutomatischeBijlage {
            soort: "brk_perceel".into(),
            titel: format!(
                "Perceel {}{}",
                p.kadastrale_aanduiding,
                p.kadastrale_grootte.map(|g| format!(", {g:.0} m²")).unwrap_or_default()
            ),
            gegevens: serde_json::to_value(p).unwrap_or_default(),
        });
    }
    for p in &antwoord.panden {
        let bouwjaar = p.bouwjaar.filter(|j| *j != 9999).map(|j| format!(", bouwjaar {j}")).unwrap_or_default();
        bijlagen.push(AutomatischeBijlage {
            soort: "bag_pand".into(),
            titel: format!("Gebouw (BAG-pand {}){bouwjaar}, status {}", p.identificatie, p.status),
            gegevens: serde_json::to_value(p).unwrap_or_default(),
        });
    }
    (Locatie { adres, x: rd.x(), y: rd.y(), perceel }, bijlagen)
}

/// Starts a draft for `actor`.
pub async fn nieuwe_aanvraag(app: &App, actor: &Actor, nieuw: NieuweAanvraag) -> Result<stip_store::Aanvraag, Fout> {
    mag(actor, Actie::MaakAanvraag, &Bron::Niets).map_err(|w| weiger(w, "een aanvraag"))?;
    let kennis = app.kennis();
    let activiteiten = activiteiten(&kennis, &nieuw.activiteiten, nieuw.punt, &nieuw.antwoorden)?;
    let (locatie, automatisch) = match nieuw.punt {
        Some(p) => {
            let (l, b) = plek(&kennis, p);
            (Some(l), b)
        }
        None => (None, Vec::new()),
    };
    let verwijzing = crate::host::verwijzing(app, &kennis, activiteiten.first().map(|a| a.id.as_str()), nieuw.punt);
    let bevoegd_gezag = verwijzing.bevoegd_gezag.map(|g| g.code).unwrap_or_default();
    let titel = if nieuw.titel.trim().is_empty() {
        let wat = activiteiten.first().map(|a| a.naam.clone()).unwrap_or_default();
        match locatie.as_ref().and_then(|l| l.adres.clone()) {
            Some(adres) if !wat.is_empty() => format!("{wat}, {adres}"),
            _ => wat,
        }
    } else {
        nieuw.titel.trim().to_string()
    };
    let mut aanvraag = Aanvraag {
        titel,
        omschrijving: nieuw.omschrijving,
        bevoegd_gezag,
        locatie,
        activiteiten,
        plan: nieuw.plan,
        correspondentie: Stuk::ALL.to_vec(),
        automatisch,
        uit_verslag: nieuw.uit_verslag,
        ..Aanvraag::default()
    };
    eerdere_vergunningen(app, actor, &mut aanvraag).await?;
    let inhoud = serde_json::to_value(&aanvraag).unwrap_or_default();
    let gegevens = AanvraagGegevens { bevoegd_gezag: &aanvraag.bevoegd_gezag, titel: &aanvraag.titel, inhoud: &inhoud };
    Ok(app.store().maak_aanvraag(actor.id, gegevens).await?)
}

/// Adds the activities of a finished Vergunningcheck to a draft (an activity checked again replaces its earlier
/// outcome); a draft without a place takes the check's place with what stip knows there.
pub async fn voeg_activiteiten_toe(
    app: &App,
    actor: &Actor,
    id: AanvraagId,
    nieuw: NieuweAanvraag,
) -> Result<stip_store::Aanvraag, Fout> {
    let kennis = app.kennis();
    let erbij = activiteiten(&kennis, &nieuw.activiteiten, nieuw.punt, &nieuw.antwoorden)?;
    let gezag = crate::host::verwijzing(app, &kennis, erbij.first().map(|a| a.id.as_str()), nieuw.punt)
        .bevoegd_gezag
        .map(|g| g.code);
    let (rij, _) = wijzig_aanvraag(app, actor, id, None, |a| {
        for act in erbij {
            a.activiteiten.retain(|x| x.id != act.id);
            a.activiteiten.push(act);
        }
        if let (None, Some(p)) = (&a.locatie, nieuw.punt) {
            let (locatie, bijlagen) = plek(&kennis, p);
            a.locatie = Some(locatie);
            a.automatisch.extend(bijlagen);
        }
        if a.bevoegd_gezag.is_empty() {
            a.bevoegd_gezag = gezag.unwrap_or_default();
        }
        if nieuw.plan.is_some() {
            a.plan = nieuw.plan;
        }
        if a.titel.trim().is_empty() {
            a.titel = a.activiteiten.first().map(|x| x.naam.clone()).unwrap_or_default();
        }
        Ok::<_, Fout>(())
    })
    .await?;
    Ok(rij)
}

/// Earlier decisions stip knows on the same parcel, attached to the application. Someone else's case only once its
/// decision is published, and then as published: by its activities, never by the title its applicant typed.
async fn eerdere_vergunningen(app: &App, actor: &Actor, aanvraag: &mut Aanvraag) -> Result<(), Fout> {
    let Some(perceel) = aanvraag.locatie.as_ref().and_then(|l| l.perceel.clone()) else { return Ok(()) };
    // Only a decided case has a decision to name: the others are not even read (a parcel with many open cases made
    // every new draft there read and parse them all, its memory and time growing with each case).
    let besloten: Vec<&str> = stip_zaak::Status::ALL.iter().filter(|s| s.besloten()).map(|s| s.as_str()).collect();
    for z in app.store().zaken_op_perceel(&perceel, &besloten).await? {
        let zaak =
            Zaak::uit(&gebeurtenissen(app, z.id).await?).map_err(|e| Fout::new(FoutCode::Internal, e.to_string()))?;
        let eigen = z.aanvrager == actor.id;
        let Some(b) = zaak.besluit.filter(|_| eigen || zaak.bekendgemaakt.is_some()).map(|b| b.besluit) else {
            continue;
        };
        let wat = if eigen {
            z.titel.clone()
        } else {
            let inhoud: Aanvraag = serde_json::from_value(z.inhoud.clone()).unwrap_or_default();
            let namen: Vec<String> = inhoud.activiteiten.iter().map(|a| a.naam.clone()).collect();
            stip_zaak::tekst::activiteiten(&namen)
        };
        aanvraag.automatisch.push(AutomatischeBijlage {
            soort: "eerdere_vergunning".into(),
            titel: format!("Eerder besluit {} ({wat}): {}", z.zaaknummer, b.uitkomst.as_str().replace('_', " ")),
            gegevens: serde_json::json!({ "zaaknummer": z.zaaknummer, "uitkomst": b.uitkomst.as_str() }),
        });
    }
    Ok(())
}

/// A draft or submitted application, if `actor` may read it.
pub async fn lees_aanvraag(
    app: &App,
    actor: &Actor,
    id: AanvraagId,
    actie: Actie,
) -> Result<(stip_store::Aanvraag, Aanvraag), Fout> {
    let rij = app.store().aanvraag(id).await.map_err(|e| match e {
        stip_store::StoreError::NotFound(_) => weiger(Weigering::Verborgen, "deze aanvraag"),
        e => e.into(),
    })?;
    let a = domein(&rij)?;
    let ids = betrokken_ids(&a);
    // A draft is its authors' alone: no authority sees it before it is submitted.
    let gezag = if rij.status == AanvraagStatus::Concept { "" } else { rij.bevoegd_gezag.as_str() };
    let bron = Bron::Dossier { aanvrager: rij.aanvrager, betrokkenen: &ids, bevoegd_gezag: gezag, openbaar: false };
    mag(actor, actie, &bron).map_err(|w| weiger(w, "deze aanvraag"))?;
    Ok((rij, a))
}

/// Changes a draft with `wijzig` and saves it over `versie` (the version the person saw; `None`: the current one).
pub async fn wijzig_aanvraag<E>(
    app: &App,
    actor: &Actor,
    id: AanvraagId,
    versie: Option<i64>,
    wijzig: impl FnOnce(&mut Aanvraag) -> Result<(), E>,
) -> Result<(stip_store::Aanvraag, Aanvraag), Fout>
where
    E: Into<Fout>,
{
    let (rij, mut a) = lees_aanvraag(app, actor, id, Actie::WijzigAanvraag).await?;
    if rij.status != AanvraagStatus::Concept {
        return Err(Fout::new(FoutCode::Conflict, "deze aanvraag is al ingediend en kan niet meer veranderen"));
    }
    wijzig(&mut a).map_err(Into::into)?;
    let inhoud = serde_json::to_value(&a).unwrap_or_default();
    let gegevens = AanvraagGegevens { bevoegd_gezag: &a.bevoegd_gezag, titel: &a.titel, inhoud: &inhoud };
    let rij = app.store().werk_aanvraag_bij(id, versie.unwrap_or(rij.versie), gegevens).await?;
    Ok((rij, a))
}

/// Adds an upload to a draft: its kind read from its bytes, its size limited, stored durably with its SHA-256.
pub async fn voeg_document_toe(
    app: &App,
    actor: &Actor,
    id: AanvraagId,
    vereiste: &str,
    naam: &str,
    inhoud: &[u8],
) -> Result<Document, Fout> {
    let (rij, a) = lees_aanvraag(app, actor, id, Actie::WijzigAanvraag).await?;
    if rij.status != AanvraagStatus::Concept {
        return Err(Fout::new(FoutCode::Conflict, "deze aanvraag is al ingediend; stuur stukken bij de zaak"));
    }
    if a.documenten.len() >= MAX_DOCUMENTEN {
        return Err(document_fout(stip_zaak::document::DocumentFout::TeVeel(a.documenten.len())));
    }
    let vereiste =
        if a.vereisten().iter().any(|v| v.id == vereiste && v.soort == "document") { vereiste } else { "overig" };
    let soort = herken(naam, inhoud).map_err(document_fout)?;
    let naam = naam_voor(naam, soort);
    let doc = app
        .store()
        .voeg_document_toe(NieuwDocument {
            aanvraag_id: id,
            naam: &naam,
            mediatype: soort.mediatype(),
            soort: vereiste,
            inhoud,
        })
        .await?;
    let verwijzing = DocumentVerwijzing {
        id: doc.id.0,
        vereiste: vereiste.to_string(),
        naam: doc.naam.clone(),
        mediatype: doc.mediatype.clone(),
        grootte: doc.grootte as u64,
        sha256: doc.sha256.clone(),
    };
    let opnieuw = wijzig_aanvraag(app, actor, id, None, |a| {
        a.documenten.push(verwijzing.clone());
        Ok::<_, Fout>(())
    })
    .await;
    if let Err(e) = opnieuw {
        // The draft changed meanwhile or was submitted: the document must not stay behind unlisted.
        let _ = app.store().verwijder_document(doc.id).await;
        return Err(e);
    }
    Ok(doc)
}

pub(crate) fn document_fout(e: stip_zaak::document::DocumentFout) -> Fout {
    use stip_zaak::document::DocumentFout as F;
    let code = match e {
        F::TeGroot { .. } => FoutCode::PayloadTooLarge,
        F::OnbekendeSoort { .. } | F::Leeg { .. } => FoutCode::UnsupportedMediaType,
        F::TeVeel(_) => FoutCode::InvalidRequest,
    };
    Fout::new(code, e.to_string())
}

/// Removes a document from a draft.
pub async fn verwijder_document(app: &App, actor: &Actor, id: AanvraagId, document: DocumentId) -> Result<(), Fout> {
    wijzig_aanvraag(app, actor, id, None, |a| {
        let voor = a.documenten.len();
        a.documenten.retain(|d| d.id != document.0);
        if a.documenten.len() == voor {
            return Err(Fout::new(FoutCode::NotFound, "dit document hoort niet bij deze aanvraag"));
        }
        Ok(())
    })
    .await?;
    Ok(app.store().verwijder_document(document).await?)
}

/// A document with its bytes, if `actor` may read the application (or case) it belongs to.
pub async fn document(app: &App, actor: &Actor, id: DocumentId) -> Result<(Document, Vec<u8>), Fout> {
    let doc = app.store().document(id).await.map_err(|e| match e {
        stip_store::StoreError::NotFound(_) => weiger(Weigering::Verborgen, "dit document"),
        e => e.into(),
    })?;
    match doc.inzending_id {
        // A view's or objection's document: its giver and the officials only, never the applicant.
        Some(inzending) => crate::bezwaar::mag_documenten_lezen(app, actor, inzending).await?,
        None => {
            lees_aanvraag(app, actor, doc.aanvraag_id, Actie::LeesAanvraag).await?;
        }
    }
    let inhoud = app.store().document_inhoud(id).await?;
    Ok((doc, inhoud))
}

/// The completeness check, as a problem when something is missing.
fn onvolledig(a: &Aanvraag) -> Result<(), Fout> {
    let mist = a.volledigheid();
    if mist.is_empty() {
        return Ok(());
    }
    let fouten =
        mist.into_iter().map(|o| VeldFout { vraag: o.veld, code: "ontbreekt".into(), melding: o.melding }).collect();
    Err(Fout::new(FoutCode::Incomplete, "de aanvraag is nog niet compleet").with_fouten(fouten))
}

/// Submits a draft, once: committed and synced before it returns; a retry with the same key gets the same case.
pub async fn dien_in(app: &App, actor: &Actor, id: AanvraagId, sleutel: &str) -> Result<Indiening, Fout> {
    let sleutel = sleutel.trim();
    if sleutel.is_empty() || sleutel.len() > 200 {
        return Err(Fout::new(FoutCode::InvalidRequest, "geef een idempotentiesleutel van 1 tot 200 tekens mee"));
    }
    let (rij, a) = lees_aanvraag(app, actor, id, Actie::DienIn).await?;
    // A retry of a submitted one goes straight to the store: the same key gets the same case, another a conflict.
    if rij.status == AanvraagStatus::Concept {
        onvolledig(&a)?;
    }
    let procedure = a
        .procedure()
        .ok_or_else(|| Fout::new(FoutCode::Incomplete, "geen activiteit vraagt een aanvraag of melding"))?;
    let ingediend = app.klok().nu();
    let termijn = stip_zaak::termijn::bereken(procedure, ingediend.date(), &[], 0, false, ingediend.date());
    let uiterst = termijn.uiterste_beslisdatum.or(termijn.starten_vanaf).unwrap_or(ingediend.date());
    let inhoud = serde_json::to_value(&a).unwrap_or_default();
    let soort = GebeurtenisSoort::Ingediend { procedure: procedure.soort().to_string() };
    let gegevens = soort.gegevens();
    let plek = a.locatie.as_ref().and_then(|l| RdPoint::new(l.x, l.y).ok());
    let team = crate::host::verwijzing(app, &app.kennis(), a.activiteiten.first().map(|x| x.id.as_str()), plek)
        .team
        .map(|t| t.naam);
    let locatie = a.locatie.as_ref().and_then(|l| l.adres.clone()).unwrap_or_default();
    let nieuw = NieuweZaak {
        aanvraag_id: id,
        aanvraag_versie: rij.versie,
        idempotentie_sleutel: sleutel,
        ingediend,
        titel: &a.titel,
        locatie: &locatie,
        perceel: a.locatie.as_ref().and_then(|l| l.perceel.as_deref()),
        openbaar: false,
        inhoud: &inhoud,
        procedure: procedure.soort(),
        status: stip_zaak::Status::Ontvangen.as_str(),
        uiterste_beslisdatum: uiterst,
        team: team.as_deref(),
        behandelaar: None,
        eerste_gebeurtenis: NieuweGebeurtenis {
            soort: soort.naam(),
            door: Some(actor.id),
            door_naam: &actor.naam,
            op: ingediend,
            gegevens: &gegevens,
        },
    };
    let indiening = app.store().dien_in(nieuw).await?;
    app.wek_berichten();
    crate::betalen::na_indienen(app, &indiening).await;
    Ok(indiening)
}

/// A case as its reader sees it: the stored row, the submitted application, its events and its app.
pub struct ZaakBeeld {
    pub rij: stip_store::Zaak,
    pub aanvraag: Aanvraag,
    pub gebeurtenissen: Vec<Gebeurtenis>,
    pub zaak: Zaak,
}

impl ZaakBeeld {
    fn bron(&self) -> (Vec<Uuid>, bool) {
        (betrokken_ids(&self.aanvraag), self.zaak.openbaar())
    }

    /// Asks the policy about `actie` on this case.
    pub fn mag(&self, actor: &Actor, actie: Actie) -> Result<(), Fout> {
        let (ids, openbaar) = self.bron();
        let bron = Bron::Dossier {
            aanvrager: self.rij.aanvrager,
            betrokkenen: &ids,
            bevoegd_gezag: &self.rij.bevoegd_gezag,
            openbaar,
        };
        mag(actor, actie, &bron).map_err(|w| weiger(w, "deze zaak"))
    }
}

/// A case's history as the domain reads it.
pub(crate) async fn gebeurtenissen(app: &App, id: ZaakId) -> Result<Vec<Gebeurtenis>, Fout> {
    gelezen(id, app.store().gebeurtenissen(id).await?)
}

/// A case's history as the store gave it, as the domain reads it.
pub(crate) fn gelezen(id: ZaakId, rijen: Vec<stip_store::Gebeurtenis>) -> Result<Vec<Gebeurtenis>, Fout> {
    rijen
        .into_iter()
        .map(|g| {
            let soort = GebeurtenisSoort::lees(&g.soort, &g.gegevens).map_err(|e| {
                Fout::new(FoutCode::Internal, format!("gebeurtenis {} van zaak {id}: {e}", g.volgnummer))
            })?;
            Ok(Gebeurtenis { volgnummer: g.volgnummer, soort, door: g.door, door_naam: g.door_naam, op: g.op })
        })
        .collect()
}

/// Reads a case for `actie` (`LeesZaak`: in full; `LeesOpenbaar`: what is public).
pub async fn lees_zaak(app: &App, actor: &Actor, id: ZaakId, actie: Actie) -> Result<ZaakBeeld, Fout> {
    let rij = app.store().zaak(id).await.map_err(|e| match e {
        stip_store::StoreError::NotFound(_) => weiger(Weigering::Verborgen, "deze zaak"),
        e => e.into(),
    })?;
    beeld_van(app, actor, rij, actie).await
}

/// [`lees_zaak`] for a case row already read (a list of someone's cases): its history, app and the policy's answer.
pub async fn beeld_van(app: &App, actor: &Actor, rij: stip_store::Zaak, actie: Actie) -> Result<ZaakBeeld, Fout> {
    let beeld = beeld_ongetoetst(app, rij).await?;
    beeld.mag(actor, actie)?;
    Ok(beeld)
}

/// How the history names an event by someone who is neither the applicant nor an official.
pub const DERDE: &str = "Een belanghebbende";

/// A case row with its application, history and fold, not yet put to the policy: only for a caller that asks the
/// policy itself before anything leaves (the procesdossier, whose reader decides which items they get).
pub(crate) async fn beeld_ongetoetst(app: &App, rij: stip_store::Zaak) -> Result<ZaakBeeld, Fout> {
    let aanvraag: Aanvraag = serde_json::from_value(rij.inhoud.clone())
        .map_err(|e| Fout::new(FoutCode::Internal, format!("zaak {} kan niet worden gelezen: {e}", rij.zaaknummer)))?;
    let gebeurtenissen = gebeurtenissen(app, rij.id).await?;
    let zaak = Zaak::uit(&gebeurtenissen).map_err(|e| Fout::new(FoutCode::Internal, e.to_string()))?;
    Ok(ZaakBeeld { rij, aanvraag, gebeurtenissen, zaak })
}

/// Adds an event to a case: authorised for the event's own action, checked against the procedure, appended after
/// the last event the case had when it was read (a concurrent change makes this a conflict, not a lost update).
pub async fn voeg_toe(app: &App, actor: &Actor, id: ZaakId, soort: GebeurtenisSoort) -> Result<ZaakBeeld, Fout> {
    let beeld = lees_zaak(app, actor, id, soort.actie()).await?;
    if let GebeurtenisSoort::Aangevuld { documenten, .. } | GebeurtenisSoort::GereedGemeld { documenten, .. } = &soort {
        // A supplement names only documents uploaded to this case as its applicant's own (not another case's, and not
        // a neighbour's view or objection).
        for d in documenten {
            let van_deze_zaak = match app.store().document(DocumentId(*d)).await {
                Ok(doc) => doc.aanvraag_id == beeld.rij.aanvraag_id && doc.inzending_id.is_none(),
                Err(stip_store::StoreError::NotFound(_)) => false,
                Err(e) => return Err(e.into()),
            };
            if !van_deze_zaak {
                return Err(Fout::new(FoutCode::InvalidRequest, format!("document {d} hoort niet bij deze zaak")));
            }
        }
    }
    Ok(schrijf(app, actor, beeld, soort, None).await?.0)
}

/// Appends `soort` to a case already read and authorised, with a view or objection recorded in the same transaction
/// when one comes with it: checked against the procedure first, the case's new standing (status, the deadline of its
/// work, whether it is public) written with it.
pub(crate) async fn schrijf(
    app: &App,
    actor: &Actor,
    beeld: ZaakBeeld,
    soort: GebeurtenisSoort,
    inzending: Option<stip_store::NieuweInzending<'_>>,
) -> Result<(ZaakBeeld, Option<stip_store::Inzending>), Fout> {
    let nu = app.klok().nu();
    let status =
        beeld.zaak.controleer(&soort, nu.date()).map_err(|e| Fout::new(FoutCode::InvalidStep, e.to_string()))?;
    crate::betalen::mag_verder(app, &beeld, &soort).await?;
    let gegevens = soort.gegevens();
    let mut na = beeld.zaak.clone();
    // Someone other than the applicant and the officials (a neighbour giving a view or objecting) stays out of the
    // case's history, which the applicant reads: who they are is kept with their submission.
    let derde = actor.id != beeld.rij.aanvrager && beeld.mag(actor, Actie::Behandel).is_err();
    let (door, door_naam) = if derde { (None, DERDE.to_string()) } else { (Some(actor.id), actor.naam.clone()) };
    let gebeurtenis = Gebeurtenis {
        volgnummer: beeld.zaak.laatste_volgnummer + 1,
        soort: soort.clone(),
        door,
        door_naam: door_naam.clone(),
        op: nu,
    };
    na.pas_toe(&gebeurtenis);
    let termijn = na.termijn(nu.date());
    // While an objection runs, its decision term is what the case's work waits on.
    let uiterst = na
        .bezwaar_termijn()
        .or(termijn.uiterste_beslisdatum)
        .or(termijn.starten_vanaf)
        .unwrap_or(beeld.rij.uiterste_beslisdatum);
    let (team, behandelaar) = match &soort {
        GebeurtenisSoort::InBehandelingGenomen { behandelaar, team, .. } => {
            (Some(team.as_deref()), Some(Some(*behandelaar)))
        }
        _ => (None, None),
    };
    let stand = ZaakStand {
        status: status.as_str(),
        uiterste_beslisdatum: uiterst,
        team,
        behandelaar,
        openbaar: Some(na.openbaar()),
    };
    let nieuw = NieuweGebeurtenis { soort: soort.naam(), door, door_naam: &door_naam, op: nu, gegevens: &gegevens };
    let laatste = beeld.zaak.laatste_volgnummer;
    let (rij, inzending) = match inzending {
        Some(i) => {
            let (rij, i) = app.store().dien_inzending_in(beeld.rij.id, laatste, i, nieuw, stand).await?;
            (rij, Some(i))
        }
        None => (app.store().voeg_gebeurtenis_toe(beeld.rij.id, laatste, nieuw, stand).await?, None),
    };
    app.wek_berichten();
    let mut gebeurtenissen = beeld.gebeurtenissen;
    gebeurtenissen.push(gebeurtenis);
    let beeld = ZaakBeeld { rij, aanvraag: beeld.aanvraag, gebeurtenissen, zaak: na };
    crate::betalen::na_stap(app, &beeld).await;
    Ok((beeld, inzending))
}

/// Stores a document of the applicant's for the case: what the official asked for while information is asked (the
/// supplement), or, while the works run under a usable permit, what the completion notice asks for.
pub async fn document_bij_zaak(
    app: &App,
    actor: &Actor,
    id: ZaakId,
    naam: &str,
    inhoud: &[u8],
) -> Result<Document, Fout> {
    let beeld = lees_zaak(app, actor, id, Actie::Aanvullen).await?;
    let vandaag = app.klok().vandaag();
    let aanvullen =
        beeld.zaak.controleer(&GebeurtenisSoort::Aangevuld { toelichting: String::new(), documenten: vec![] }, vandaag);
    let bouwen = beeld.zaak.vergunning_bruikbaar_sinds().is_some() && beeld.zaak.realisatie.gereed.is_none();
    let soort_stuk = match aanvullen {
        Ok(_) => "aanvulling",
        Err(_) if bouwen => "realisatie",
        Err(e) => return Err(Fout::new(FoutCode::InvalidStep, e.to_string())),
    };
    let soort = herken(naam, inhoud).map_err(document_fout)?;
    let naam = naam_voor(naam, soort);
    let nieuw = NieuwDocument {
        aanvraag_id: beeld.rij.aanvraag_id,
        naam: &naam,
        mediatype: soort.mediatype(),
        soort: soort_stuk,
        inhoud,
    };
    Ok(app.store().voeg_document_toe(nieuw).await?)
}

/// The applicant's supplement from a form: the files first (each checked before any is stored), then the event
/// that lets the clock run again.
pub async fn vul_aan(
    app: &App,
    actor: &Actor,
    id: ZaakId,
    toelichting: String,
    bestanden: Vec<(String, Vec<u8>)>,
) -> Result<ZaakBeeld, Fout> {
    for (naam, inhoud) in &bestanden {
        herken(naam, inhoud).map_err(document_fout)?;
    }
    let mut ids = Vec::new();
    for (naam, inhoud) in &bestanden {
        ids.push(document_bij_zaak(app, actor, id, naam, inhoud).await?.id.0);
    }
    voeg_toe(app, actor, id, GebeurtenisSoort::Aangevuld { toelichting, documenten: ids }).await
}

/// One page of the work queue of the actor's authority.
pub async fn werkvoorraad(app: &App, actor: &Actor, mut filter: ZaakFilter, limiet: u32) -> Result<ZaakPagina, Fout> {
    let gezag = actor.bevoegd_gezag.clone().unwrap_or_default();
    mag(actor, Actie::Werkvoorraad, &Bron::Gezag(&gezag)).map_err(|w| weiger(w, "de werkvoorraad"))?;
    filter.bevoegd_gezag = Some(gezag);
    Ok(app.store().zaken(&filter, limiet).await?)
}

/// The name of an account, for pages that show who applied.
pub async fn naam_van(app: &App, id: Uuid) -> String {
    app.store().gebruiker(stip_store::GebruikerId(id)).await.map(|g| g.naam).unwrap_or_else(|_| "onbekend".into())
}
