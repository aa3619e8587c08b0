//! The procesdossier of a case (Awb 8:42): every item of the case and its objection in a fixed order, each with who
//! may see it, filtered for the reader and packed as one zip with a numbered file per item and an inventory
//! (`inventaris.json` and `inventaris.pdf`) that names each file with its SHA-256. The same case gives the same bytes.

use crate::App;
use crate::dossier::{ZaakBeeld, beeld_ongetoetst, weiger};
use crate::fout::{Fout, FoutCode};
use crate::stukken;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::io::{Cursor, Write};
use stip_store::{AanvraagRepository, ZaakId, ZaakRepository};
use stip_zaak::document::veilige_naam;
use stip_zaak::{Actie, Actor, Weigering};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// Who may see an item of the dossier. Officials of the case's authority see every item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zichtbaarheid {
    /// Everyone who may have the dossier.
    Openbaar,
    /// The applicant (with co-applicants and representatives) and officials.
    Aanvrager,
    /// One objector or giver of a view (this account) and officials.
    Indiener(Uuid),
    /// Officials only.
    Ambtelijk,
}

/// One item of the dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierStuk {
    /// The file name (made safe when packed), e.g. `Besluit Z-2026-000001.pdf`.
    pub naam: String,
    pub mediatype: String,
    /// The day of the item (Dutch time): received, uploaded or decided.
    pub datum: Date,
    /// What it is, for the inventory (Dutch, plain).
    pub omschrijving: String,
    pub zichtbaarheid: Zichtbaarheid,
    pub inhoud: Vec<u8>,
}

/// Who reads the dossier, as far as the items are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lezer {
    /// An official who handles or decides cases of the case's authority: every item.
    Ambtenaar,
    /// The applicant (or someone else who may read the case in full): public items and the applicant's.
    Aanvrager,
    /// Anyone else who is logged in: public items and their own objection or view.
    Ander(Uuid),
}

impl Zichtbaarheid {
    /// Whether `lezer` gets an item with this visibility.
    pub fn voor(self, lezer: Lezer) -> bool {
        match (lezer, self) {
            (Lezer::Ambtenaar, _) | (_, Zichtbaarheid::Openbaar) => true,
            (Lezer::Aanvrager, z) => z == Zichtbaarheid::Aanvrager,
            (Lezer::Ander(id), z) => z == Zichtbaarheid::Indiener(id),
        }
    }
}

/// The items `lezer` gets, in their order.
pub fn voor_lezer(stukken: Vec<DossierStuk>, lezer: Lezer) -> Vec<DossierStuk> {
    stukken.into_iter().filter(|s| s.zichtbaarheid.voor(lezer)).collect()
}

/// The reader of the dossier of the case `b` as the policy sees `actor`.
pub fn lezer(b: &ZaakBeeld, actor: &Actor) -> Lezer {
    if b.mag(actor, Actie::Behandel).is_ok() || b.mag(actor, Actie::Beslis).is_ok() {
        Lezer::Ambtenaar
    } else if b.mag(actor, Actie::LeesZaak).is_ok() {
        Lezer::Aanvrager
    } else {
        Lezer::Ander(actor.id)
    }
}

/// The case's items in their fixed order: the receipt, every uploaded document of the application and its
/// supplements (oldest first), the draft decision, the decision, the history as `gebeurtenissen.json`, then
/// `extra` (the objection and view documents) as given.
pub async fn stukken_van(app: &App, b: &ZaakBeeld, extra: Vec<DossierStuk>) -> Result<Vec<DossierStuk>, Fout> {
    let kop = stukken::kop(app, b).await;
    let zaaknummer = &b.rij.zaaknummer;
    let pdf = |naam: String, datum: Date, omschrijving: &str, inhoud: Vec<u8>| DossierStuk {
        naam,
        mediatype: "application/pdf".into(),
        datum,
        omschrijving: omschrijving.into(),
        zichtbaarheid: Zichtbaarheid::Aanvrager,
        inhoud,
    };
    let soort = if b.aanvraag.is_melding() { "melding" } else { "aanvraag" };
    let mut uit = vec![pdf(
        format!("Ontvangstbevestiging {zaaknummer}.pdf"),
        b.zaak.ingediend.date(),
        &format!("Ontvangstbevestiging van de {soort}"),
        stukken::ontvangstbevestiging_van(&kop, b, stukken::kaart(&app.kennis(), &b.aanvraag)),
    )];
    let vereisten = b.aanvraag.vereisten();
    for d in app.store().documenten(b.rij.aanvraag_id).await? {
        let omschrijving = match d.soort.as_str() {
            "aanvulling" => "Aanvulling van de aanvrager".to_string(),
            v => match vereisten.iter().find(|x| x.id == v) {
                Some(x) => format!("Bij de {soort}: {}", x.omschrijving),
                None => format!("Bij de {soort}"),
            },
        };
        uit.push(DossierStuk {
            naam: d.naam.clone(),
            mediatype: d.mediatype.clone(),
            datum: stip_zaak::tijd::nederlands(d.geupload).date(),
            omschrijving,
            zichtbaarheid: Zichtbaarheid::Aanvrager,
            inhoud: app.store().document_inhoud(d.id).await?,
        });
    }
    let kaart = || stukken::kaart(&app.kennis(), &b.aanvraag);
    if let (Some(o), Some(inhoud)) =
        (&b.zaak.ontwerpbesluit, stukken::ontwerpbesluit(&kop, &b.aanvraag, &b.zaak, kaart()))
    {
        uit.push(pdf(format!("Ontwerpbesluit {zaaknummer}.pdf"), o.datum, "Ontwerpbesluit", inhoud));
    }
    if let (Some(g), Some(inhoud)) = (&b.zaak.besluit, stukken::besluit(&kop, &b.aanvraag, &b.zaak, kaart())) {
        let omschrijving =
            if g.besluit.uitkomst.is_vergunning() { "Besluit en omgevingsvergunning" } else { "Besluit" };
        uit.push(pdf(format!("Besluit {zaaknummer}.pdf"), g.datum, omschrijving, inhoud));
    }
    let historie = serde_json::to_vec_pretty(&b.gebeurtenissen)
        .map_err(|e| Fout::new(FoutCode::Internal, format!("de geschiedenis van {zaaknummer}: {e}")))?;
    uit.push(DossierStuk {
        naam: "gebeurtenissen.json".into(),
        mediatype: "application/json".into(),
        datum: laatst(b).date(),
        omschrijving: "Het verloop van de zaak: elke stap met datum en wie hem zette".into(),
        zichtbaarheid: Zichtbaarheid::Aanvrager,
        inhoud: historie,
    });
    uit.extend(extra);
    Ok(uit)
}

/// When the case last changed (its last event, Dutch time): the time of the dossier and its files.
fn laatst(b: &ZaakBeeld) -> OffsetDateTime {
    stip_zaak::tijd::nederlands(b.gebeurtenissen.last().map_or(b.rij.ingediend, |g| g.op))
}

/// One line of the inventory: the file in the zip, its SHA-256 and what it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InventarisRegel {
    pub nummer: u32,
    /// The file's name in the zip.
    pub naam: String,
    /// SHA-256 of the file, lower-case hex.
    pub sha256: String,
    /// Size in bytes.
    pub grootte: u64,
    pub mediatype: String,
    /// `YYYY-MM-DD`.
    pub datum: String,
    pub omschrijving: String,
}

/// The dossier as a file: its name and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Procesdossier {
    /// `procesdossier-Z-2026-000001.zip`.
    pub naam: String,
    pub inhoud: Vec<u8>,
}

/// A name that every file system takes: [`veilige_naam`] without the characters some refuse.
fn bestandsnaam(naam: &str) -> String {
    veilige_naam(naam).chars().map(|c| if matches!(c, ':' | '*' | '?' | '|' | '/') { '_' } else { c }).collect()
}

pub(crate) fn sha256(inhoud: &[u8]) -> String {
    Sha256::digest(inhoud).iter().map(|b| format!("{b:02x}")).collect()
}

/// The inventory lines of `stukken`, numbered from 1 in their order.
pub fn inventaris(stukken: &[DossierStuk]) -> Vec<InventarisRegel> {
    stukken
        .iter()
        .zip(1u32..)
        .map(|(s, nummer)| InventarisRegel {
            nummer,
            naam: format!("{nummer:03} {}", bestandsnaam(&s.naam)),
            sha256: sha256(&s.inhoud),
            grootte: s.inhoud.len() as u64,
            mediatype: s.mediatype.clone(),
            datum: s.datum.to_string(),
            omschrijving: s.omschrijving.clone(),
        })
        .collect()
}

/// The inventory as a PDF: which case, then a table of number, file, date and SHA-256.
fn inventaris_pdf(
    kop: &stukken::Kop,
    regels: &[InventarisRegel],
    stukken: &[DossierStuk],
    gemaakt: OffsetDateTime,
) -> Vec<u8> {
    let mut doc = stip_pdf::Document::new(stip_pdf::Metadata {
        titel: format!("Inventarislijst procesdossier {}", kop.zaaknummer),
        auteur: kop.gezag.clone(),
        onderwerp: "De stukken van de zaak, genummerd, met hun vingerafdruk (artikel 8:42 Algemene wet bestuursrecht)"
            .into(),
        taal: "nl-NL".into(),
        gemaakt,
    });
    doc.voettekst(&format!("{} · zaak {} · inventarislijst", kop.gezag, kop.zaaknummer));
    doc.kop(1, &format!("Inventarislijst procesdossier {}", kop.zaaknummer));
    doc.alinea(&format!(
        "Dit zijn de stukken van zaak {} van {}, genummerd in de volgorde van de zaak. Elk stuk staat als eigen bestand \
         in het procesdossier. De vingerafdruk (SHA-256) laat zien dat een bestand niet is veranderd.",
        kop.zaaknummer, kop.gezag
    ));
    let rijen: Vec<Vec<String>> = regels
        .iter()
        .zip(stukken)
        .map(|(r, s)| {
            vec![
                r.nummer.to_string(),
                format!("{}\n{}", r.naam, r.omschrijving),
                crate::tekst::datum(s.datum, false),
                r.sha256.clone(),
            ]
        })
        .collect();
    doc.tabel(&["Nummer", "Stuk", "Datum", "Vingerafdruk (SHA-256)"], &rijen);
    doc.bytes()
}

/// Packs the items with their inventory: `inventaris.json`, `inventaris.pdf`, then each item under its numbered
/// name. Fixed entry order, file time and compression: the same items give the same bytes.
pub fn pak_in(kop: &stukken::Kop, stukken: &[DossierStuk], gemaakt: OffsetDateTime) -> Result<Vec<u8>, Fout> {
    let regels = inventaris(stukken);
    let mut json = serde_json::to_vec_pretty(&regels).map_err(|e| Fout::new(FoutCode::Internal, e.to_string()))?;
    json.push(b'\n');
    let pdf = inventaris_pdf(kop, &regels, stukken, gemaakt);
    let tijd = zip::DateTime::from_date_and_time(
        u16::try_from(gemaakt.year()).unwrap_or(1980),
        u8::from(gemaakt.month()),
        gemaakt.day(),
        gemaakt.hour(),
        gemaakt.minute(),
        gemaakt.second(),
    )
    .unwrap_or_default();
    let opties = zip::write::SimpleFileOptions::default()
        .last_modified_time(tijd)
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(6))
        .unix_permissions(0o644);
    let bestanden = [("inventaris.json", json.as_slice()), ("inventaris.pdf", pdf.as_slice())]
        .into_iter()
        .chain(regels.iter().zip(stukken).map(|(r, s)| (r.naam.as_str(), s.inhoud.as_slice())));
    let fout = |e: &dyn std::fmt::Display| Fout::new(FoutCode::Internal, format!("het procesdossier: {e}"));
    let mut uit = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (naam, inhoud) in bestanden {
        uit.start_file(naam, opties).map_err(|e| fout(&e))?;
        uit.write_all(inhoud).map_err(|e| fout(&e))?;
    }
    Ok(uit.finish().map_err(|e| fout(&e))?.into_inner())
}

/// The procesdossier of case `id` as `actor` may have it: officials of its authority get every item, the applicant
/// the public ones and their own, anyone else the public ones and their own objection or view — and a case in which
/// they have none stays "not found" to them, as the policy answers.
pub async fn procesdossier(app: &App, actor: &Actor, id: ZaakId) -> Result<Procesdossier, Fout> {
    let extra = crate::bezwaar::dossierstukken(app, id).await?;
    procesdossier_met(app, actor, id, extra).await
}

/// [`procesdossier`] with `extra` items after the case's own.
pub async fn procesdossier_met(
    app: &App,
    actor: &Actor,
    id: ZaakId,
    extra: Vec<DossierStuk>,
) -> Result<Procesdossier, Fout> {
    let verborgen = || weiger(Weigering::Verborgen, "deze zaak");
    let rij = app.store().zaak(id).await.map_err(|e| match e {
        stip_store::StoreError::NotFound(_) => verborgen(),
        e => e.into(),
    })?;
    let b = beeld_ongetoetst(app, rij).await?;
    let lezer = lezer(&b, actor);
    if let Lezer::Ander(wie) = lezer
        && !extra.iter().any(|s| s.zichtbaarheid == Zichtbaarheid::Indiener(wie))
    {
        return Err(verborgen());
    }
    let items = voor_lezer(stukken_van(app, &b, extra).await?, lezer);
    let kop = stukken::kop(app, &b).await;
    Ok(Procesdossier {
        naam: format!("procesdossier-{}.zip", b.rij.zaaknummer),
        inhoud: pak_in(&kop, &items, laatst(&b))?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    fn stuk(naam: &str, zichtbaarheid: Zichtbaarheid) -> DossierStuk {
        DossierStuk {
            naam: naam.into(),
            mediatype: "application/pdf".into(),
            datum: date!(2026 - 03 - 05),
            omschrijving: format!("Stuk {naam}"),
            zichtbaarheid,
            inhoud: format!("%PDF-1.7 {naam}").into_bytes(),
        }
    }

    fn kop() -> stukken::Kop {
        stukken::Kop {
            zaaknummer: "Z-2026-000001".into(),
            gezag: "Gemeente Voorbeeldstad".into(),
            aanvrager: "Jan Jansen".into(),
            ingediend: datetime!(2026-03-05 10:00 +01:00),
        }
    }

    #[test]
    fn each_reader_gets_the_public_items_and_only_their_own_of_the_rest() {
        let bezwaarmaker = Uuid::now_v7();
        let buur = Uuid::now_v7();
        let alles = vec![
            stuk("openbaar", Zichtbaarheid::Openbaar),
            stuk("aanvrager", Zichtbaarheid::Aanvrager),
            stuk("bezwaar", Zichtbaarheid::Indiener(bezwaarmaker)),
            stuk("zienswijze", Zichtbaarheid::Indiener(buur)),
            stuk("advies", Zichtbaarheid::Ambtelijk),
        ];
        let namen = |lezer| -> Vec<String> { voor_lezer(alles.clone(), lezer).into_iter().map(|s| s.naam).collect() };
        assert_eq!(namen(Lezer::Ambtenaar), ["openbaar", "aanvrager", "bezwaar", "zienswijze", "advies"]);
        assert_eq!(namen(Lezer::Aanvrager), ["openbaar", "aanvrager"]);
        assert_eq!(namen(Lezer::Ander(bezwaarmaker)), ["openbaar", "bezwaar"]);
        assert_eq!(namen(Lezer::Ander(Uuid::now_v7())), ["openbaar"]);
    }

    #[test]
    fn the_inventory_numbers_the_items_with_safe_names_and_the_hash_of_their_bytes() {
        let regels = inventaris(&[stuk("../a:b.pdf", Zichtbaarheid::Openbaar), stuk("c.pdf", Zichtbaarheid::Openbaar)]);
        assert_eq!(regels[0].naam, "001 a_b.pdf");
        assert_eq!(regels[1].nummer, 2);
        assert_eq!(regels[1].naam, "002 c.pdf");
        assert_eq!(regels[1].sha256, sha256(b"%PDF-1.7 c.pdf"));
        assert_eq!(regels[1].grootte, 14);
        assert_eq!(regels[1].datum, "2026-03-05");
    }

    #[test]
    fn a_draft_decision_has_a_pdf_of_its_own_that_asks_for_views_and_no_decision_pdf_yet() {
        use stip_zaak::{Besluit, Gebeurtenis, GebeurtenisSoort, Uitkomst, Zaak};
        let op = datetime!(2026-03-05 10:00 +01:00);
        let soorten = [
            GebeurtenisSoort::Ingediend { procedure: "uitgebreid".into() },
            GebeurtenisSoort::InBehandelingGenomen {
                behandelaar: Uuid::nil(),
                behandelaar_naam: "A".into(),
                team: None,
            },
            GebeurtenisSoort::OntwerpbesluitGenomen {
                besluit: Besluit {
                    uitkomst: Uitkomst::Verleend,
                    motivering: "Past in het plan.".into(),
                    voorschriften: vec![],
                    verleende_activiteiten: vec![],
                    zienswijzen: vec![],
                },
            },
        ];
        let gebeurtenissen: Vec<Gebeurtenis> = soorten
            .into_iter()
            .zip(1..)
            .map(|(soort, volgnummer)| Gebeurtenis { volgnummer, soort, door: None, door_naam: String::new(), op })
            .collect();
        let zaak = Zaak::uit(&gebeurtenissen).unwrap();
        let aanvraag = stip_zaak::Aanvraag::default();
        assert!(stukken::besluit(&kop(), &aanvraag, &zaak, None).is_none());
        let pdf = stukken::ontwerpbesluit(&kop(), &aanvraag, &zaak, None).expect("the draft's PDF");
        assert!(pdf.starts_with(b"%PDF-"));
        let Some(tekst) = pdf_tekst(&pdf) else { return };
        assert!(tekst.contains("Ontwerpbesluit"), "{tekst}");
        assert!(tekst.contains("zienswijze") && !tekst.contains("bezwaar maken"), "{tekst}");
    }

    /// The text of a PDF as poppler's pdftotext reads it (the content streams are compressed, the text in them
    /// glyph numbers). `None` when poppler-utils is missing, a failure with `STIP_REQUIRE_FIXTURES=1`.
    fn pdf_tekst(pdf: &[u8]) -> Option<String> {
        let pad = std::env::temp_dir().join(format!("stip-app-{}-{}.pdf", std::process::id(), pdf.len()));
        std::fs::write(&pad, pdf).unwrap();
        let uit = std::process::Command::new("pdftotext").arg(&pad).arg("-").output();
        let _ = std::fs::remove_file(&pad);
        match uit {
            Ok(o) if o.status.success() => Some(String::from_utf8(o.stdout).unwrap()),
            _ if std::env::var("STIP_REQUIRE_FIXTURES").as_deref() == Ok("1") => panic!("pdftotext is needed"),
            _ => {
                eprintln!("note: pdftotext missing (poppler-utils); the PDF's text is not checked");
                None
            }
        }
    }

    #[test]
    fn the_same_items_pack_to_the_same_bytes_and_another_item_to_others() {
        let gemaakt = datetime!(2026-04-01 09:30 +02:00);
        let items = vec![stuk("a.pdf", Zichtbaarheid::Aanvrager), stuk("b.pdf", Zichtbaarheid::Aanvrager)];
        let een = pak_in(&kop(), &items, gemaakt).unwrap();
        assert_eq!(een, pak_in(&kop(), &items, gemaakt).unwrap());
        assert_ne!(een, pak_in(&kop(), &items[..1], gemaakt).unwrap());
        let mut gelezen = zip::ZipArchive::new(Cursor::new(een)).unwrap();
        let namen: Vec<String> =
            (0..gelezen.len()).map(|i| gelezen.by_index(i).unwrap().name().unwrap().to_string()).collect();
        assert_eq!(namen, ["inventaris.json", "inventaris.pdf", "001 a.pdf", "002 b.pdf"]);
        let f = gelezen.by_name("001 a.pdf").unwrap();
        let t = f.last_modified().unwrap();
        assert_eq!((t.year(), t.month(), t.day(), t.hour(), t.minute()), (2026, 4, 1, 9, 30));
    }
}
