//! Supervision (toezicht) of permits: the risk-weighted sample an authority's officials draw (kept with its seed and
//! inputs, each case's score explained), planned inspections with a checklist from the permit's conditions and the
//! norms where it lies, their findings with photos and the report as PDF, and Controle op afstand — the official asks
//! the holder for photos, stip reads each photo's EXIF time and GPS position and says whether it was taken at the place
//! and after the request, the official accepts or asks again. Every step is an event of the case
//! ([`stip_zaak::toezicht`]), so the holder hears of it and the public hears of an inspection's outcome through the
//! messages machinery.
//!
//! Who: only officials (behandelaar) of the case's authority draw, plan, record and judge; the holder sees their own
//! case's requests and outcomes and sends the photos.

use crate::App;
use crate::dossier::{ZaakBeeld, lees_zaak, schrijf, weiger};
use crate::fout::{Fout, FoutCode};
use serde::{Deserialize, Serialize};
use stip_geo::{RdPoint, Wgs84Point};
use stip_store::{
    AanvraagRepository, DocumentId, NieuwDocument, NieuweSteekproef, StoreError, ToezichtRepository, ZaakFilter,
    ZaakId, ZaakRepository,
};
use stip_zaak::document::{herken, naam_voor};
use stip_zaak::steekproef::{Factoren, Getrokken, Kandidaat, Omvang, Score, trek};
use stip_zaak::toezicht::{Bevinding, Bewijsverzoek, Inspectie, Toezicht, beoordeel_foto, checklist};
use stip_zaak::{Actie, Actor, Bron, GebeurtenisSoort, Rol, Weigering, mag};
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;
use uuid::Uuid;

time::serde::format_description!(datum, Date, "[year]-[month]-[day]");

/// The statuses of a case with a published decision.
const GEPUBLICEERD: [&str; 3] = ["bekendgemaakt", "bezwaar", "onherroepelijk"];
/// The document kind of an inspection photo and of evidence.
const FOTO_INSPECTIE: &str = "inspectiefoto";
const FOTO_BEWIJS: &str = "bewijsfoto";

/// A draw as asked.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SteekproefVerzoek {
    /// How many: a number of cases (`10`) or a percentage of the permits (`"5%"`, `"2,5%"`).
    pub omvang: Omvang,
    /// The seed of the draw: the same seed with the same cases and factors gives the same sample.
    #[schema(minimum = 0, maximum = 9007199254740991_u64)]
    pub seed: u64,
    /// The weights of the risk factors; without them the authority's standard weights.
    #[serde(default)]
    pub factoren: Option<Factoren>,
}

/// A drawn case with where it is.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SteekproefZaak {
    #[serde(flatten)]
    pub getrokken: Getrokken,
    /// The address of the permit.
    pub plaats: Option<String>,
}

/// A kept draw: what was asked, the inputs, every case's score and the drawn cases.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SteekproefBeeld {
    #[schema(value_type = String, format = Uuid)]
    pub id: Uuid,
    pub seed: u64,
    pub omvang: Omvang,
    /// The number of cases drawn.
    pub aantal: usize,
    /// The number of permits drawn from.
    pub populatie: usize,
    pub factoren: Factoren,
    /// The drawn cases, in the order they were drawn, each with its score and why.
    pub zaken: Vec<SteekproefZaak>,
    /// Every permit that could be drawn, with its score and its chance to be drawn first.
    pub scores: Vec<Score>,
    /// The inputs per permit, as they were at the draw.
    pub kandidaten: Vec<Kandidaat>,
    pub door: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub gemaakt: OffsetDateTime,
}

fn ongeldig(e: impl ToString) -> Fout {
    Fout::new(FoutCode::InvalidRequest, e.to_string())
}

/// The actor's authority, if they are an official (behandelaar) of one.
fn eigen_gezag(actor: &Actor) -> Result<String, Fout> {
    let gezag = actor.bevoegd_gezag.clone().unwrap_or_default();
    mag(actor, Actie::Werkvoorraad, &Bron::Gezag(&gezag)).map_err(|w| weiger(w, "het toezicht"))?;
    if !actor.werkt_voor(&gezag, &[Rol::Behandelaar]) {
        return Err(weiger(Weigering::Verboden, "het toezicht"));
    }
    Ok(gezag)
}

/// What the sample knows of one case: its activity groups, the place (monument, welstand), the size of the plan, the
/// permit's conditions and deviations found before.
fn kandidaat(app: &App, beeld: &ZaakBeeld) -> Kandidaat {
    let activiteiten: Vec<String> = beeld.aanvraag.activiteiten.iter().map(|a| a.naam.clone()).collect();
    let (mut monument, mut welstand) = (false, false);
    if let Some(p) = beeld.aanvraag.locatie.as_ref().and_then(|l| RdPoint::new(l.x, l.y).ok()) {
        let antwoord = app.kennis().regels.at_point(p);
        let namen = antwoord
            .gebiedsaanwijzingen
            .iter()
            .map(|g| format!("{} {}", g.type_, g.naam))
            .chain(antwoord.aanduidingen.iter().map(|a| a.naam.to_string()));
        for naam in namen {
            let naam = naam.to_lowercase();
            monument |= ["monument", "erfgoed", "beschermd stads", "beschermd dorps"].iter().any(|w| naam.contains(w));
            welstand |= naam.contains("welstand");
        }
    }
    Kandidaat {
        zaak: beeld.rij.id.0,
        zaaknummer: beeld.rij.zaaknummer.clone(),
        activiteitgroepen: stip_zaak::activiteitgroep::groepen(&activiteiten),
        monument,
        welstand,
        oppervlakte_m2: beeld.aanvraag.plan.as_ref().and_then(|p| oppervlakte(&p.geometrie)),
        voorschriften: beeld.zaak.voorschriften().len() as u32,
        eerdere_afwijkingen: beeld.zaak.toezicht.afwijkingen(),
    }
}

/// The area in m² of a plan drawn in WGS84 GeoJSON, measured in RD.
fn oppervlakte(geometrie: &serde_json::Value) -> Option<f64> {
    use geo::Area;
    let g: geojson::Geometry = serde_json::from_value(geometrie.clone()).ok()?;
    let g: geo_types::Geometry<f64> = g.try_into().ok()?;
    let rd = stip_geo::transform::geometry_wgs84_to_rd(&g).ok()?;
    Some(rd.unsigned_area()).filter(|a| *a > 0.0)
}

/// Every permit of the authority that can be inspected: granted and published.
async fn vergunningen(app: &App, gezag: &str) -> Result<Vec<ZaakBeeld>, Fout> {
    let mut filter = ZaakFilter {
        bevoegd_gezag: Some(gezag.to_string()),
        status: GEPUBLICEERD.iter().map(|s| s.to_string()).collect(),
        ..ZaakFilter::default()
    };
    let mut uit = Vec::new();
    loop {
        let pagina = app.store().zaken(&filter, stip_store::MAX_PAGINA).await?;
        for rij in pagina.zaken {
            let beeld = crate::dossier::beeld_ongetoetst(app, rij).await?;
            if beeld.zaak.vergunning() {
                uit.push(beeld);
            }
        }
        match pagina.volgende {
            Some(c) => filter.na = Some(c),
            None => return Ok(uit),
        }
    }
}

/// Draws a risk-weighted sample of the actor's authority's permits and keeps it with its seed and inputs.
pub async fn trek_steekproef(app: &App, actor: &Actor, v: SteekproefVerzoek) -> Result<SteekproefBeeld, Fout> {
    let gezag = eigen_gezag(actor)?;
    let factoren = v.factoren.unwrap_or_default();
    factoren.controleer().map_err(ongeldig)?;
    let beelden = vergunningen(app, &gezag).await?;
    let aantal = v.omvang.aantal(beelden.len()).map_err(ongeldig)?;
    let kandidaten: Vec<Kandidaat> = beelden.iter().map(|b| kandidaat(app, b)).collect();
    let trekking = trek(&factoren, &kandidaten, aantal, v.seed);
    let plaats = |zaak: Uuid| {
        beelden.iter().find(|b| b.rij.id.0 == zaak).and_then(|b| b.aanvraag.locatie.as_ref()?.adres.clone())
    };
    let beeld = SteekproefBeeld {
        id: Uuid::now_v7(),
        seed: v.seed,
        omvang: v.omvang,
        aantal,
        populatie: kandidaten.len(),
        factoren,
        zaken: trekking.zaken.into_iter().map(|g| SteekproefZaak { plaats: plaats(g.zaak), getrokken: g }).collect(),
        scores: trekking.scores,
        kandidaten,
        door: actor.naam.clone(),
        gemaakt: app.klok().nu(),
    };
    let inhoud = serde_json::to_value(&beeld).map_err(|e| Fout::intern(e.to_string()))?;
    let seed = v.seed.to_string();
    let nieuw = NieuweSteekproef {
        id: beeld.id,
        bevoegd_gezag: &gezag,
        seed: &seed,
        inhoud: &inhoud,
        door: actor.id,
        door_naam: &actor.naam,
    };
    app.store().bewaar_steekproef(nieuw).await?;
    Ok(beeld)
}

fn steekproef_uit(s: stip_store::Steekproef) -> Result<SteekproefBeeld, Fout> {
    serde_json::from_value(s.inhoud).map_err(|e| Fout::intern(format!("steekproef {}: {e}", s.id)))
}

/// A kept draw, for the officials of its authority.
pub async fn steekproef(app: &App, actor: &Actor, id: Uuid) -> Result<SteekproefBeeld, Fout> {
    let niet = || Fout::new(FoutCode::NotFound, "deze steekproef bestaat niet of u mag hem niet zien");
    let s = app.store().steekproef(id).await.map_err(|e| match e {
        StoreError::NotFound(_) => niet(),
        e => e.into(),
    })?;
    mag(actor, Actie::Werkvoorraad, &Bron::Gezag(&s.bevoegd_gezag)).map_err(|_| niet())?;
    steekproef_uit(s)
}

/// The authority's draws, newest first.
pub async fn steekproeven(app: &App, actor: &Actor) -> Result<Vec<SteekproefBeeld>, Fout> {
    let gezag = actor.bevoegd_gezag.clone().unwrap_or_default();
    mag(actor, Actie::Werkvoorraad, &Bron::Gezag(&gezag)).map_err(|w| weiger(w, "het toezicht"))?;
    app.store().steekproeven(&gezag, 50).await?.into_iter().map(steekproef_uit).collect()
}

/// An inspection to plan.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InspectieVerzoek {
    /// The case with the permit.
    #[schema(value_type = String, format = Uuid)]
    pub zaak: Uuid,
    /// The day of the visit: today or later.
    #[serde(with = "datum")]
    #[schema(value_type = String, format = Date)]
    pub datum: Date,
    /// Who inspects; without it, the official who plans.
    #[serde(default)]
    #[schema(max_length = 200)]
    pub inspecteur: Option<String>,
}

/// An inspection with its case, as the official and the holder see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InspectieBeeld {
    #[serde(flatten)]
    pub inspectie: Inspectie,
    #[schema(value_type = String, format = Uuid)]
    pub zaak: Uuid,
    pub zaaknummer: String,
    pub plaats: Option<String>,
    /// The worst finding (`in_orde`, `afwijking`, `ernstige_afwijking`), once carried out.
    pub uitkomst: Option<stip_zaak::toezicht::Oordeel>,
    /// Where the report (PDF) is, once carried out.
    pub rapport: Option<String>,
}

fn inspectie_beeld(beeld: &ZaakBeeld, id: Uuid) -> Result<InspectieBeeld, Fout> {
    let i = beeld.zaak.toezicht.inspectie(id).ok_or_else(|| niet_gevonden("deze inspectie"))?;
    Ok(InspectieBeeld {
        uitkomst: i.uitkomst(),
        rapport: i.uitgevoerd.map(|_| format!("/api/v1/inspecties/{id}/rapport")),
        inspectie: i.clone(),
        zaak: beeld.rij.id.0,
        zaaknummer: beeld.rij.zaaknummer.clone(),
        plaats: beeld.aanvraag.locatie.as_ref().and_then(|l| l.adres.clone()),
    })
}

fn niet_gevonden(wat: &str) -> Fout {
    Fout::new(FoutCode::NotFound, format!("{wat} bestaat niet of u mag het niet zien"))
}

fn stapfout(e: stip_zaak::ZaakFout) -> Fout {
    Fout::new(FoutCode::InvalidStep, e.to_string())
}

/// The norms where the permit lies, in words: "Maximum bouwhoogte: 10 m".
fn normen(app: &App, beeld: &ZaakBeeld) -> Vec<String> {
    let Some(p) = beeld.aanvraag.locatie.as_ref().and_then(|l| RdPoint::new(l.x, l.y).ok()) else { return vec![] };
    let mut uit: Vec<String> = app
        .kennis()
        .regels
        .at_point(p)
        .normen
        .iter()
        .filter_map(|n| {
            let waarde = match (n.waarde, n.kwalitatieve_waarde.as_ref()) {
                (Some(w), _) => stip_berichten::melding::met_eenheid(w, n.eenheid.as_deref()),
                (None, Some(k)) => k.to_string(),
                (None, None) => return None,
            };
            Some(format!("{}: {waarde}", n.naam))
        })
        .collect();
    uit.sort();
    uit.dedup();
    uit
}

/// Plans an inspection on a case with a published permit; the checklist comes from its conditions and the norms.
pub async fn plan_inspectie(app: &App, actor: &Actor, v: InspectieVerzoek) -> Result<InspectieBeeld, Fout> {
    let zaak = ZaakId(v.zaak);
    let beeld = lees_zaak(app, actor, zaak, Actie::Behandel).await?;
    let id = Uuid::now_v7();
    let inspecteur = v.inspecteur.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let soort = GebeurtenisSoort::InspectieGepland {
        inspectie: id,
        datum: v.datum,
        inspecteur: inspecteur.unwrap_or_else(|| actor.naam.clone()),
        checklist: checklist(&beeld.zaak.voorschriften(), &normen(app, &beeld)),
    };
    beeld.zaak.controleer(&soort, app.klok().vandaag()).map_err(stapfout)?;
    app.store().koppel_inspectie(id, zaak).await?;
    let (beeld, _) = schrijf(app, actor, beeld, soort, None).await?;
    inspectie_beeld(&beeld, id)
}

/// An inspection's case, read for `actie`.
async fn inspectie_zaak(app: &App, actor: &Actor, id: Uuid, actie: Actie) -> Result<ZaakBeeld, Fout> {
    let zaak = app.store().zaak_van_inspectie(id).await?.ok_or_else(|| niet_gevonden("deze inspectie"))?;
    let beeld = lees_zaak(app, actor, zaak, actie).await.map_err(|e| match e.code {
        FoutCode::NotFound => niet_gevonden("deze inspectie"),
        _ => e,
    })?;
    if beeld.zaak.toezicht.inspectie(id).is_none() {
        return Err(niet_gevonden("deze inspectie"));
    }
    Ok(beeld)
}

/// An inspection, for the officials and the holder.
pub async fn inspectie(app: &App, actor: &Actor, id: Uuid) -> Result<InspectieBeeld, Fout> {
    inspectie_beeld(&inspectie_zaak(app, actor, id, Actie::LeesZaak).await?, id)
}

/// A photo stored with a case: its kind read from its bytes (a JPEG or PNG), kept as a document of the application.
async fn bewaar_foto(
    app: &App,
    beeld: &ZaakBeeld,
    soort: &str,
    naam: &str,
    inhoud: &[u8],
) -> Result<stip_store::Document, Fout> {
    let herkend = herken(naam, inhoud).map_err(crate::dossier::document_fout)?;
    if !matches!(herkend, stip_zaak::document::Soort::Jpeg | stip_zaak::document::Soort::Png) {
        return Err(Fout::new(FoutCode::UnsupportedMediaType, format!("{naam} is geen foto (JPEG of PNG)")));
    }
    let naam = naam_voor(naam, herkend);
    let nieuw = NieuwDocument {
        aanvraag_id: beeld.rij.aanvraag_id,
        naam: &naam,
        mediatype: herkend.mediatype(),
        soort,
        inhoud,
    };
    Ok(app.store().voeg_document_toe(nieuw).await?)
}

/// A stored photo, as the answer to its upload.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Foto {
    #[schema(value_type = String, format = Uuid)]
    pub id: Uuid,
    pub naam: String,
    pub mediatype: String,
}

/// Adds a photo to a planned inspection (the findings name it by its id).
pub async fn foto_bij_inspectie(app: &App, actor: &Actor, id: Uuid, naam: &str, inhoud: &[u8]) -> Result<Foto, Fout> {
    let beeld = inspectie_zaak(app, actor, id, Actie::Behandel).await?;
    let d = bewaar_foto(app, &beeld, FOTO_INSPECTIE, naam, inhoud).await?;
    Ok(Foto { id: d.id.0, naam: d.naam, mediatype: d.mediatype })
}

/// The findings of a visit.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BevindingenVerzoek {
    /// A finding on every item of the checklist.
    pub bevindingen: Vec<Bevinding>,
}

/// Records the findings of an inspection: one on every item; a deviation with a text and a follow-up date. The
/// holder hears the outcome, and those who follow the case or the area hear it without personal data.
pub async fn leg_bevindingen_vast(
    app: &App,
    actor: &Actor,
    id: Uuid,
    v: BevindingenVerzoek,
) -> Result<InspectieBeeld, Fout> {
    let beeld = inspectie_zaak(app, actor, id, Actie::Behandel).await?;
    for b in &v.bevindingen {
        if b.tekst.chars().count() > 5000 {
            return Err(ongeldig(format!("de tekst bij controlepunt {} is te lang", b.punt)));
        }
        for f in &b.fotos {
            let van_deze_zaak = match app.store().document(DocumentId(*f)).await {
                Ok(d) => d.aanvraag_id == beeld.rij.aanvraag_id && d.soort == FOTO_INSPECTIE,
                Err(StoreError::NotFound(_)) => false,
                Err(e) => return Err(e.into()),
            };
            if !van_deze_zaak {
                return Err(ongeldig(format!("foto {f} hoort niet bij deze inspectie")));
            }
        }
    }
    let soort = GebeurtenisSoort::InspectieUitgevoerd { inspectie: id, bevindingen: v.bevindingen };
    let (beeld, _) = schrijf(app, actor, beeld, soort, None).await?;
    inspectie_beeld(&beeld, id)
}

/// The inspection report as PDF: the case, the visit, every item with its finding, photos and follow-up date.
pub async fn rapport(app: &App, actor: &Actor, id: Uuid) -> Result<(String, Vec<u8>), Fout> {
    let beeld = inspectie_zaak(app, actor, id, Actie::LeesZaak).await?;
    let i = beeld.zaak.toezicht.inspectie(id).ok_or_else(|| niet_gevonden("deze inspectie"))?;
    let Some(uitgevoerd) = i.uitgevoerd else {
        return Err(Fout::new(FoutCode::InvalidStep, "het rapport is er zodra de inspectie is uitgevoerd"));
    };
    let kop = crate::stukken::kop(app, &beeld).await;
    let mut doc = crate::stukken::document(
        &kop,
        "Inspectierapport",
        "Rapport van een controle op de vergunning",
        app.klok().nu(),
    );
    doc.kop(1, "Inspectierapport");
    let plaats = beeld.aanvraag.locatie.as_ref().and_then(|l| l.adres.clone()).unwrap_or_else(|| "-".into());
    let uitkomst = match i.uitkomst() {
        Some(stip_zaak::toezicht::Oordeel::InOrde) | None => "Alles in orde".to_string(),
        Some(o) => {
            format!("{} gevonden ({} in totaal)", stip_zaak::tekst::hoofdletter(o.in_woorden()), i.afwijkingen())
        }
    };
    doc.gegevens(&[
        ("Zaak", beeld.rij.zaaknummer.clone()),
        ("Vergunning voor", beeld.rij.titel.clone()),
        ("Adres", plaats),
        ("Gepland op", stip_zaak::tekst::datum(i.datum, false)),
        ("Uitgevoerd op", stip_zaak::tekst::datum(uitgevoerd, false)),
        ("Inspecteur", i.inspecteur.clone()),
        ("Uitkomst", uitkomst),
    ]);
    doc.kop(2, "Bevindingen per controlepunt");
    let mut rijen = Vec::new();
    for p in &i.checklist {
        let b = i.bevindingen.iter().find(|b| b.punt == p.nummer);
        let mut fotos = Vec::new();
        for f in b.map(|b| b.fotos.as_slice()).unwrap_or_default() {
            fotos.push(app.store().document(DocumentId(*f)).await.map(|d| d.naam).unwrap_or_else(|_| "foto".into()));
        }
        rijen.push(vec![
            p.nummer.to_string(),
            p.tekst.clone(),
            b.map(|b| stip_zaak::tekst::hoofdletter(b.oordeel.in_woorden())).unwrap_or_default(),
            b.map(|b| b.tekst.clone()).unwrap_or_default(),
            fotos.join(", "),
            b.and_then(|b| b.hercontrole).map(|d| stip_zaak::tekst::datum(d, false)).unwrap_or_default(),
        ]);
    }
    doc.tabel(&["Nr.", "Controlepunt", "Oordeel", "Toelichting", "Foto's", "Hercontrole"], &rijen);
    if i.afwijkingen() > 0 {
        doc.alinea(
            "Herstel de afwijkingen vóór de datum van de hercontrole. Dan kijkt de gemeente opnieuw. Hebt u vragen \
             over dit rapport? Neem dan contact op met de gemeente en noem het zaaknummer.",
        );
    }
    let naam = format!("Inspectierapport {} {}.pdf", beeld.rij.zaaknummer, uitgevoerd);
    Ok((naam, doc.bytes()))
}

/// Supervision on a case: its inspections and requests for evidence, for the officials and the holder.
pub async fn toezicht(app: &App, actor: &Actor, zaak: ZaakId) -> Result<Toezicht, Fout> {
    Ok(lees_zaak(app, actor, zaak, Actie::LeesZaak).await?.zaak.toezicht)
}

/// A request for evidence, as the official makes it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BewijsVerzoek {
    /// What the holder should photograph, in plain words.
    #[schema(min_length = 1, max_length = 5000)]
    pub vraag: String,
    /// The day by which the photos should be in: after today.
    #[serde(with = "datum")]
    #[schema(value_type = String, format = Date)]
    pub uiterlijk: Date,
}

/// Asks the holder of a permit for evidence (Controle op afstand).
pub async fn vraag_bewijs(app: &App, actor: &Actor, zaak: ZaakId, v: BewijsVerzoek) -> Result<Bewijsverzoek, Fout> {
    if v.vraag.chars().count() > 5000 {
        return Err(ongeldig("de vraag mag ten hoogste 5000 tekens hebben"));
    }
    let beeld = lees_zaak(app, actor, zaak, Actie::Behandel).await?;
    let id = Uuid::now_v7();
    let soort =
        GebeurtenisSoort::BewijsGevraagd { verzoek: id, vraag: v.vraag.trim().to_string(), uiterlijk: v.uiterlijk };
    let (beeld, _) = schrijf(app, actor, beeld, soort, None).await?;
    verzoek_van(&beeld, id)
}

fn verzoek_van(beeld: &ZaakBeeld, id: Uuid) -> Result<Bewijsverzoek, Fout> {
    beeld.zaak.toezicht.bewijsverzoek(id).cloned().ok_or_else(|| niet_gevonden("dit verzoek om bewijs"))
}

/// What stip reads from a photo: when it was taken and where.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FotoGegevens {
    pub genomen: Option<OffsetDateTime>,
    pub positie: Option<Wgs84Point>,
}

/// Reads a photo's EXIF data: the GPS time (UTC) or else the time it was taken (with its offset, or as Dutch time),
/// and the GPS position. A photo without EXIF data gives nothing, never an error.
pub fn lees_exif(inhoud: &[u8]) -> FotoGegevens {
    use exif::{In, Tag, Value};
    let Ok(exif) = exif::Reader::new().read_from_container(&mut std::io::Cursor::new(inhoud)) else {
        return FotoGegevens::default();
    };
    let veld = |tag| exif.get_field(tag, In::PRIMARY);
    let tekst = |tag| match veld(tag).map(|f| &f.value) {
        Some(Value::Ascii(v)) => v.first().map(|b| String::from_utf8_lossy(b).trim().to_string()),
        _ => None,
    };
    let graden = |tag, ref_tag, negatief: &str| {
        let Some(Value::Rational(r)) = veld(tag).map(|f| &f.value) else { return None };
        if r.len() < 3 {
            return None;
        }
        let g = r[0].to_f64() + r[1].to_f64() / 60.0 + r[2].to_f64() / 3600.0;
        Some(if tekst(ref_tag).as_deref() == Some(negatief) { -g } else { g })
    };
    let positie = match (
        graden(Tag::GPSLatitude, Tag::GPSLatitudeRef, "S"),
        graden(Tag::GPSLongitude, Tag::GPSLongitudeRef, "W"),
    ) {
        (Some(lat), Some(lon)) => Wgs84Point::new(lat, lon).ok(),
        _ => None,
    };
    let gps_tijd = || {
        let dag =
            Date::parse(&tekst(Tag::GPSDateStamp)?, time::macros::format_description!("[year]:[month]:[day]")).ok()?;
        let Some(Value::Rational(r)) = veld(Tag::GPSTimeStamp).map(|f| &f.value) else { return None };
        let (u, m, s) = (r.first()?.to_f64(), r.get(1)?.to_f64(), r.get(2)?.to_f64());
        let tijd = time::Time::from_hms(u as u8, m as u8, s as u8).ok()?;
        Some(dag.with_time(tijd).assume_utc())
    };
    let opname = || {
        let ruw = tekst(Tag::DateTimeOriginal).or_else(|| tekst(Tag::DateTime))?;
        let t = time::PrimitiveDateTime::parse(
            &ruw,
            time::macros::format_description!("[year]:[month]:[day] [hour]:[minute]:[second]"),
        )
        .ok()?;
        match tekst(Tag::OffsetTimeOriginal).and_then(|o| {
            time::UtcOffset::parse(&o, time::macros::format_description!("[offset_hour]:[offset_minute]")).ok()
        }) {
            Some(o) => Some(t.assume_offset(o)),
            None => Some(stip_zaak::tijd::in_nederland(t)),
        }
    };
    FotoGegevens { genomen: gps_tijd().or_else(opname), positie }
}

/// The holder sends a photo as evidence: stip reads where and when it was taken and judges it against the place and
/// the moment of the request.
pub async fn lever_bewijs(
    app: &App,
    actor: &Actor,
    zaak: ZaakId,
    verzoek: Uuid,
    naam: &str,
    inhoud: &[u8],
    toelichting: &str,
) -> Result<Bewijsverzoek, Fout> {
    let beeld = lees_zaak(app, actor, zaak, Actie::Aanvullen).await?;
    let v = verzoek_van(&beeld, verzoek)?;
    // Checked before the photo is stored, so a refused step leaves no document behind.
    let proef = GebeurtenisSoort::BewijsGeleverd {
        verzoek,
        foto: beoordeel_foto(Uuid::nil(), String::new(), None, None, v.gevraagd),
        toelichting: String::new(),
    };
    beeld.zaak.controleer(&proef, app.klok().vandaag()).map_err(stapfout)?;
    if toelichting.chars().count() > 5000 {
        return Err(ongeldig("de toelichting mag ten hoogste 5000 tekens hebben"));
    }
    let gegevens = lees_exif(inhoud);
    let d = bewaar_foto(app, &beeld, FOTO_BEWIJS, naam, inhoud).await?;
    let plek = beeld.aanvraag.locatie.as_ref().and_then(|l| RdPoint::new(l.x, l.y).ok());
    let afstand = match (plek, gegevens.positie.and_then(|p| stip_geo::transform::wgs84_to_rd(p).ok())) {
        (Some(a), Some(b)) => Some(((a.x() - b.x()).powi(2) + (a.y() - b.y()).powi(2)).sqrt()),
        _ => None,
    };
    let foto = beoordeel_foto(d.id.0, d.naam.clone(), gegevens.genomen, afstand, v.gevraagd);
    let soort = GebeurtenisSoort::BewijsGeleverd { verzoek, foto, toelichting: toelichting.trim().to_string() };
    let (beeld, _) = schrijf(app, actor, beeld, soort, None).await?;
    verzoek_van(&beeld, verzoek)
}

/// The official's judgement of the evidence.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BewijsOordeel {
    /// `true`: accepted; `false`: ask again (the holder sends new photos, taken after now).
    pub akkoord: bool,
    /// Why, in plain words (the holder reads it).
    #[serde(default)]
    #[schema(max_length = 5000)]
    pub toelichting: String,
}

/// The official accepts the evidence or asks again.
pub async fn beoordeel_bewijs(
    app: &App,
    actor: &Actor,
    zaak: ZaakId,
    verzoek: Uuid,
    o: BewijsOordeel,
) -> Result<Bewijsverzoek, Fout> {
    if o.toelichting.chars().count() > 5000 {
        return Err(ongeldig("de toelichting mag ten hoogste 5000 tekens hebben"));
    }
    let beeld = lees_zaak(app, actor, zaak, Actie::Behandel).await?;
    verzoek_van(&beeld, verzoek)?;
    let soort = GebeurtenisSoort::BewijsBeoordeeld {
        verzoek,
        akkoord: o.akkoord,
        toelichting: o.toelichting.trim().to_string(),
    };
    let (beeld, _) = schrijf(app, actor, beeld, soort, None).await?;
    verzoek_van(&beeld, verzoek)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_photo_without_exif_data_says_nothing_rather_than_failing() {
        assert_eq!(lees_exif(b"\xFF\xD8\xFF\xE0 geen exif"), FotoGegevens::default());
        assert_eq!(lees_exif(b""), FotoGegevens::default());
    }
}
