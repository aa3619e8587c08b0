//! The documents a case produces, as PDF from stip's own templates: the ontvangstbevestiging (the receipt with
//! exactly what was submitted) and the besluit with the kant-en-klare vergunning (decision, activities, location
//! map, conditions, objection date). The documents are legal texts and so are in Dutch.

use crate::App;
use crate::dossier::ZaakBeeld;
use crate::kennis::Kennis;
use sha2::{Digest, Sha256};
use stip_pdf::{Document, Kaart, Metadata, Stijl, Vlak};
use stip_zaak::aanvraag::{Aanvraag, BetrokkeneRol, Stuk};
use stip_zaak::besluit::Uitkomst;
use stip_zaak::termijn::Termijnstand;
use stip_zaak::zaak::{GenomenBesluit, Zaak};
use time::OffsetDateTime;

/// Who and what the document is about.
pub struct Kop {
    pub zaaknummer: String,
    /// The authority's name (the author of the document).
    pub gezag: String,
    pub aanvrager: String,
    pub ingediend: OffsetDateTime,
}

/// The configured name of an authority (or its code).
pub fn gezag_naam(app: &App, code: &str) -> String {
    app.host().gezag(code).map(|g| g.naam.clone()).unwrap_or_else(|| code.to_string())
}

/// Who and what a case's documents are about.
pub async fn kop(app: &App, b: &ZaakBeeld) -> Kop {
    Kop {
        zaaknummer: b.rij.zaaknummer.clone(),
        gezag: gezag_naam(app, &b.rij.bevoegd_gezag),
        aanvrager: crate::dossier::naam_van(app, b.rij.aanvrager).await,
        ingediend: b.rij.ingediend,
    }
}

/// The receipt of a case as it was read, with the term as it stood on the day of submission and the map of the
/// plan ([`kaart`]).
pub fn ontvangstbevestiging_van(kop: &Kop, b: &ZaakBeeld, kaart: Option<Kaart>) -> Vec<u8> {
    ontvangstbevestiging(kop, &b.aanvraag, &b.rij.inhoud, &b.zaak.termijn(b.zaak.ingediend.date()), kaart)
}

pub(crate) fn document(kop: &Kop, titel: &str, onderwerp: &str, gemaakt: OffsetDateTime) -> Document {
    let mut doc = Document::new(Metadata {
        titel: format!("{titel} {}", kop.zaaknummer),
        auteur: kop.gezag.to_string(),
        onderwerp: onderwerp.to_string(),
        taal: "nl-NL".into(),
        gemaakt,
    });
    doc.voettekst(&format!("{} · zaak {} · {}", kop.gezag, kop.zaaknummer, titel.to_lowercase()));
    doc
}

/// The documents are Dutch: dates as "9 januari 2027".
fn datum(d: time::Date) -> String {
    crate::tekst::datum(d, false)
}

fn grootte(bytes: u64) -> String {
    match bytes {
        b if b >= 1024 * 1024 => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
        b if b >= 1024 => format!("{} kB", b.div_ceil(1024)),
        b => format!("{b} bytes"),
    }
}

/// The SHA-256 of exactly what was submitted (the stored JSON), printed on the receipt as its fingerprint.
pub fn vingerafdruk(inhoud: &serde_json::Value) -> String {
    Sha256::digest(inhoud.to_string().as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

fn stuk_naam(s: Stuk) -> &'static str {
    match s {
        Stuk::Ontvangstbevestiging => "ontvangstbevestiging",
        Stuk::VerzoekAanvulling => "vragen om aanvulling",
        Stuk::Berichten => "berichten",
        Stuk::Besluit => "besluit",
    }
}

/// The receipt: case number, date and time of receipt, the legal term, and everything that was submitted: the
/// plan with its dimensions and map, per activity the questions of the check with their answers, the documents.
pub fn ontvangstbevestiging(
    kop: &Kop,
    aanvraag: &Aanvraag,
    inhoud: &serde_json::Value,
    termijn: &Termijnstand,
    kaart: Option<Kaart>,
) -> Vec<u8> {
    let soort = if aanvraag.is_melding() { "melding" } else { "aanvraag" };
    let mut doc = document(kop, "Ontvangstbevestiging", &format!("Ontvangstbevestiging van uw {soort}"), kop.ingediend);
    doc.kop(1, &format!("Ontvangstbevestiging van uw {soort}"));
    doc.alinea(&format!(
        "Beste {}, {} heeft uw {soort} '{}' ontvangen en bewaard. Hieronder staat precies wat u hebt ingediend.",
        kop.aanvrager, kop.gezag, aanvraag.titel
    ));
    let mut feiten = vec![
        ("Zaaknummer".to_string(), kop.zaaknummer.to_string()),
        ("Ontvangen op".to_string(), crate::tekst::tijdstip(kop.ingediend)),
        ("Behandeld door".to_string(), kop.gezag.to_string()),
    ];
    if let (Some(d), Some(g)) = (termijn.uiterste_beslisdatum, termijn.grondslag) {
        feiten.push((
            "Beslissing uiterlijk".to_string(),
            format!(
                "{} ({} weken, {g}; de termijn kan één keer met 6 weken worden verlengd)",
                datum(d),
                termijn.beslistermijn_weken
            ),
        ));
    }
    if let (Some(d), Some(g)) = (termijn.starten_vanaf, termijn.grondslag) {
        feiten.push((
            "U mag beginnen op".to_string(),
            format!("{} ({g}), tenzij de gemeente iets anders laat weten", datum(d)),
        ));
    }
    feiten.push(("Vingerafdruk (SHA-256)".to_string(), vingerafdruk(inhoud)));
    doc.gegevens(&feiten);

    doc.kop(2, "Uw plan");
    doc.alinea(&aanvraag.omschrijving);
    if let Some(l) = &aanvraag.locatie {
        let mut plek =
            vec![("Plek".to_string(), l.adres.clone().unwrap_or_else(|| format!("x {:.2}, y {:.2} (RD)", l.x, l.y)))];
        if let Some(p) = &l.perceel {
            plek.push(("Perceel".to_string(), p.clone()));
        }
        doc.gegevens(&plek);
    }
    if let Some(plan) = &aanvraag.plan {
        doc.kop(3, "Uw tekening");
        doc.gegevens(&planmaten(plan));
        if let Some(k) = kaart {
            doc.kaart(&Kaart {
                bijschrift: "Uw tekening op de kaart, met het perceel en de gebouwen eromheen.".into(),
                ..k
            });
        }
    }

    doc.kop(2, "Activiteiten");
    for a in &aanvraag.activiteiten {
        doc.kop(3, &a.naam);
        let mut regels = vec![
            ("Uitkomst vergunningcheck".to_string(), a.conclusie.clone()),
            ("Procedure".to_string(), a.procedure.clone()),
        ];
        for v in a.vereisten.iter().filter(|v| v.soort != "document") {
            regels.push((v.omschrijving.clone(), aanvraag.gegevens.get(&v.id).cloned().unwrap_or_default()));
        }
        doc.gegevens(&regels);
        if !a.vragen.is_empty() {
            let rijen: Vec<Vec<String>> =
                a.vragen.iter().map(|v| vec![v.tekst.clone(), antwoord(&v.antwoord)]).collect();
            doc.tabel(&["Vraag in de vergunningcheck", "Uw antwoord"], &rijen);
        }
    }

    doc.kop(2, "Documenten");
    if aanvraag.documenten.is_empty() {
        doc.alinea("U hebt geen documenten meegestuurd.");
    } else {
        let kop_rij = ["Bestand", "Voor", "Soort en grootte", "SHA-256"].map(String::from);
        let rijen: Vec<Vec<String>> = aanvraag
            .documenten
            .iter()
            .map(|d| {
                let voor = aanvraag.vereisten().iter().find(|v| v.id == d.vereiste).map(|v| v.omschrijving.clone());
                vec![
                    d.naam.clone(),
                    voor.unwrap_or_else(|| "overig".into()),
                    format!("{}, {}", d.mediatype, grootte(d.grootte)),
                    d.sha256.clone(),
                ]
            })
            .collect();
        doc.tabel(&kop_rij, &rijen);
    }

    if !aanvraag.betrokkenen.is_empty() {
        doc.kop(2, "Mede-aanvragers en gemachtigden");
        let items: Vec<String> = aanvraag
            .betrokkenen
            .iter()
            .map(|b| {
                let rol = match b.rol {
                    BetrokkeneRol::Medeaanvrager => "mede-aanvrager",
                    BetrokkeneRol::Gemachtigde => "gemachtigde",
                };
                let post: Vec<&str> = b.ontvangt.iter().map(|s| stuk_naam(*s)).collect();
                format!(
                    "{} ({rol}, {}); ontvangt: {}",
                    b.naam,
                    b.email,
                    if post.is_empty() { "niets".into() } else { post.join(", ") }
                )
            })
            .collect();
        doc.opsomming(&items);
    }
    if !aanvraag.automatisch.is_empty() {
        doc.kop(2, "Door stip toegevoegd");
        let items: Vec<String> = aanvraag.automatisch.iter().map(|b| b.titel.clone()).collect();
        doc.opsomming(&items);
    }
    doc.kop(2, "Wat gebeurt er nu?");
    doc.alinea(
        "Een behandelaar bekijkt uw aanvraag. Ontbreekt er iets, dan vraagt de gemeente u om aanvulling; zolang staat de \
         tijd voor het besluit stil. U volgt uw aanvraag in stip onder Mijn omgeving.",
    );
    doc.bytes()
}

/// An answer in words: ja/nee, a number with a decimal comma, a list joined.
fn antwoord(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Bool(true) => "ja".into(),
        serde_json::Value::Bool(false) => "nee".into(),
        serde_json::Value::Number(n) => n.to_string().replace('.', ","),
        serde_json::Value::Array(l) => l.iter().map(antwoord).collect::<Vec<_>>().join(", "),
        serde_json::Value::Null | serde_json::Value::Object(_) => String::new(),
    }
}

/// A number in Dutch: at most `n` decimals, a decimal comma, no trailing zeros (`4,5`, `30`).
fn decimaal(v: f64, n: usize) -> String {
    let s = format!("{v:.n$}");
    let s = if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.') } else { &s };
    s.replace('.', ",")
}

/// The plan's dimensions as label/value lines: the area (as the plan check measured it, else from the drawing),
/// the heights, storeys and use given, and the plan check's outcome.
fn planmaten(plan: &stip_zaak::aanvraag::Plan) -> Vec<(String, String)> {
    use geo::Area;
    let meters = |m: f64| format!("{} m", decimaal(m, 2));
    let oppervlakte = plan
        .maten
        .oppervlakte_m2
        .or_else(|| plan_rd(&plan.geometrie).map(|p| p.iter().map(|p| p.unsigned_area()).sum::<f64>()));
    let mut regels = Vec::new();
    if let Some(m2) = oppervlakte {
        regels.push(("Oppervlakte".to_string(), format!("{} m²", decimaal(m2, 1))));
    }
    if let Some(h) = plan.maten.bouwhoogte {
        regels.push(("Bouwhoogte".to_string(), meters(h)));
    }
    if let Some(h) = plan.maten.goothoogte {
        regels.push(("Goothoogte".to_string(), meters(h)));
    }
    if let Some(n) = plan.maten.bouwlagen {
        regels.push(("Bouwlagen".to_string(), n.to_string()));
    }
    if let Some(f) = plan.maten.functie.as_deref().filter(|f| !f.trim().is_empty()) {
        regels.push(("Functie".to_string(), f.trim().to_string()));
    }
    if let Some(s) = plan.toetsing["samenvatting"].as_str().filter(|s| !s.trim().is_empty()) {
        regels.push(("Uitkomst plancheck".to_string(), s.to_string()));
    }
    regels
}

/// The decision and, when (partly) granted, the permit: decision text, activities, the location map, conditions,
/// and until when an objection can be made.
pub fn besluit(kop: &Kop, aanvraag: &Aanvraag, zaak: &Zaak, kaart: Option<Kaart>) -> Option<Vec<u8>> {
    Some(besluit_stuk(kop, aanvraag, zaak, zaak.besluit.as_ref()?, false, false, kaart))
}

/// The decision as published (the anonymised version anyone may read): named by its activities and address instead
/// of the title the applicant gave it, about "de aanvrager" instead of to them by name.
pub fn besluit_openbaar(kop: &Kop, aanvraag: &Aanvraag, zaak: &Zaak, kaart: Option<Kaart>) -> Option<Vec<u8>> {
    Some(besluit_stuk(kop, aanvraag, zaak, zaak.besluit.as_ref()?, false, true, kaart))
}

/// The draft decision (extended procedure) as it lay open for views: the same parts as [`besluit`], with until when
/// views can be given instead of the objection.
pub fn ontwerpbesluit(kop: &Kop, aanvraag: &Aanvraag, zaak: &Zaak, kaart: Option<Kaart>) -> Option<Vec<u8>> {
    Some(besluit_stuk(kop, aanvraag, zaak, zaak.ontwerpbesluit.as_ref()?, true, false, kaart))
}

/// A decision or draft decision as PDF; `openbaar`: the anonymised version for everyone.
fn besluit_stuk(
    kop: &Kop,
    aanvraag: &Aanvraag,
    zaak: &Zaak,
    genomen: &GenomenBesluit,
    ontwerp: bool,
    openbaar: bool,
    kaart: Option<Kaart>,
) -> Vec<u8> {
    let b = &genomen.besluit;
    let titel = match (ontwerp, b.uitkomst.is_vergunning()) {
        (true, _) => "Ontwerpbesluit",
        (false, true) => "Omgevingsvergunning",
        (false, false) => "Besluit",
    };
    let gemaakt = genomen.datum.midnight().assume_utc();
    let onderwerp = if openbaar {
        let wat: Vec<&str> = aanvraag.activiteiten.iter().map(|a| a.naam.as_str()).collect();
        let waar = aanvraag.locatie.as_ref().and_then(|l| l.adres.as_deref()).map(|a| format!(", {a}"));
        format!("{}{}", wat.join(", "), waar.unwrap_or_default())
    } else {
        aanvraag.titel.clone()
    };
    let soort = if ontwerp { "Ontwerpbesluit op aanvraag" } else { "Besluit op aanvraag" };
    let mut doc = document(kop, titel, &format!("{soort} {onderwerp}"), gemaakt);
    doc.kop(1, &format!("{titel}: {onderwerp}"));
    let uitkomst = match (ontwerp, b.uitkomst) {
        (false, Uitkomst::Verleend) => "verleent de omgevingsvergunning",
        (false, Uitkomst::DeelsVerleend) => "verleent de omgevingsvergunning voor een deel",
        (false, Uitkomst::Geweigerd) => "weigert de omgevingsvergunning",
        (false, Uitkomst::NietVereist) => "stelt vast dat voor wat u aanvroeg geen vergunning nodig is",
        (true, Uitkomst::Verleend) => "is van plan de omgevingsvergunning te verlenen",
        (true, Uitkomst::DeelsVerleend) => "is van plan de omgevingsvergunning voor een deel te verlenen",
        (true, Uitkomst::Geweigerd) => "is van plan de omgevingsvergunning te weigeren",
        (true, Uitkomst::NietVereist) => "is van plan vast te stellen dat voor wat u aanvroeg geen vergunning nodig is",
    };
    let aangevraagd = datum(stip_zaak::tijd::nederlands(kop.ingediend).date());
    if openbaar {
        doc.alinea(&format!(
            "{} {uitkomst}. De aanvrager vroeg dit aan op {aangevraagd} onder zaaknummer {}.",
            kop.gezag, kop.zaaknummer
        ));
    } else {
        doc.alinea(&format!(
            "Beste {}, {} {uitkomst}. U vroeg dit aan op {aangevraagd} onder zaaknummer {}.",
            kop.aanvrager, kop.gezag, kop.zaaknummer
        ));
    }
    let mut feiten = vec![
        ("Zaaknummer".to_string(), kop.zaaknummer.to_string()),
        ((if ontwerp { "Datum ontwerpbesluit" } else { "Datum besluit" }).to_string(), datum(genomen.datum)),
    ];
    if let Some(l) = &aanvraag.locatie {
        feiten
            .push(("Plek".to_string(), l.adres.clone().unwrap_or_else(|| format!("x {:.2}, y {:.2} (RD)", l.x, l.y))));
        if let Some(p) = &l.perceel {
            feiten.push(("Perceel".to_string(), p.clone()));
        }
    }
    doc.gegevens(&feiten);
    doc.kop(2, "Activiteiten");
    let rijen: Vec<Vec<String>> = aanvraag
        .activiteiten
        .iter()
        .map(|a| {
            let verleend = b.verleende_activiteiten.contains(&a.id);
            vec![a.naam.clone(), if verleend { "verleend".into() } else { "niet verleend".into() }]
        })
        .collect();
    doc.tabel(&["Activiteit".to_string(), "Besluit".to_string()], &rijen);
    doc.kop(2, "Waarom dit besluit?");
    doc.alinea(&b.motivering);
    if !b.voorschriften.is_empty() {
        doc.kop(2, "Voorschriften");
        doc.alinea("Aan deze vergunning zijn voorschriften verbonden. U moet zich daaraan houden.");
        doc.genummerde_opsomming(&b.voorschriften);
    }
    if !ontwerp && !b.zienswijzen.is_empty() {
        doc.kop(2, "Nota van zienswijzen");
        doc.alinea("Op het ontwerpbesluit kwamen zienswijzen binnen. Hieronder staat per zienswijze wat erin staat en ons antwoord.");
        for z in &b.zienswijzen {
            doc.kop(3, &format!("Zienswijze {}", z.nummer));
            doc.alinea(&z.samenvatting);
            doc.alinea(&format!("Antwoord: {}", z.antwoord));
        }
    }
    if let Some(k) = kaart {
        doc.kop(2, "Waar geldt dit besluit?");
        doc.kaart(&k);
    }
    doc.kop(2, "Bent u het er niet mee eens?");
    if !ontwerp && zaak.procedure == stip_zaak::procedure::Procedure::Uitgebreid {
        // No objection after the uitgebreide procedure (Awb 7:1): appeal at the court, for those who gave a view.
        doc.alinea(&format!(
            "Tegen dit besluit kunt u geen bezwaar maken. Gaf u een zienswijze op het ontwerpbesluit, of kon u dat \
             redelijkerwijs niet? Dan kunt u{} in beroep gaan bij de rechtbank (artikel 6:7 en 7:1 Algemene wet \
             bestuursrecht).",
            zaak.bezwaar_tot().map(|d| format!(" tot en met {}", datum(d))).unwrap_or_default()
        ));
        return doc.bytes();
    }
    if ontwerp {
        doc.alinea(&format!(
            "Dan kunt u{} een zienswijze geven bij {}: schrijf of vertel waarom u het niet eens bent met dit \
             ontwerp (afdeling 3.4 Algemene wet bestuursrecht). Ook anderen, zoals buren, kunnen dat doen. Daarna \
             neemt {} het besluit.",
            zaak.zienswijzen_tot().map(|d| format!(" tot en met {}", datum(d))).unwrap_or_default(),
            kop.gezag,
            kop.gezag
        ));
        return doc.bytes();
    }
    match zaak.bezwaar_tot() {
        Some(tot) => doc.alinea(&format!(
            "Dan kunt u tot en met {} bezwaar maken bij {} (zes weken na de bekendmaking op {}, artikel 6:7 en 6:8 \
             Algemene wet bestuursrecht). Schrijf in uw bezwaar uw naam en adres, de datum, het zaaknummer en waarom u \
             het niet eens bent met het besluit, en onderteken het. Ook belanghebbenden, zoals buren, kunnen bezwaar maken.",
            datum(tot),
            kop.gezag,
            zaak.bekendgemaakt.map(datum).unwrap_or_default()
        )),
        None => doc.alinea(
            "Dan kunt u bezwaar maken binnen zes weken nadat dit besluit is bekendgemaakt (artikel 6:7 en 6:8 Algemene \
             wet bestuursrecht). De datum van bekendmaking ziet u in stip bij uw zaak.",
        ),
    }
    if b.uitkomst.is_vergunning() && !openbaar {
        doc.kop(2, "Wanneer mag u beginnen?");
        doc.alinea(
            "De vergunning geldt vanaf de dag na de bekendmaking. Begint u eerder dan het einde van de bezwaartermijn, \
             dan doet u dat op eigen risico: na een bezwaar kan het besluit nog veranderen. Meld de start van de \
             bouw minstens twee werkdagen van tevoren bij de gemeente.",
        );
    }
    doc.bytes()
}

/// A view or objection as it was received (for the file and its giver): who, when, the text, and what came with it.
pub fn inzending(kop: &Kop, i: &stip_store::Inzending, bijlagen: &[String]) -> Vec<u8> {
    let (titel, tekst_kop) = match i.soort {
        stip_store::InzendingSoort::Bezwaar => (format!("Bezwaarschrift {}", i.nummer), "Gronden van het bezwaar"),
        stip_store::InzendingSoort::Zienswijze => (format!("Zienswijze {}", i.nummer), "De zienswijze"),
    };
    let mut doc = document(kop, &titel, &format!("{titel} bij zaak {}", kop.zaaknummer), i.ontvangen);
    doc.kop(1, &titel);
    let mut feiten = vec![
        ("Zaak".to_string(), kop.zaaknummer.clone()),
        ("Ontvangen op".to_string(), crate::tekst::tijdstip(i.ontvangen)),
        ("Ingediend door".to_string(), i.naam.clone()),
        ("Adres".to_string(), if i.adres.is_empty() { "niet opgegeven".into() } else { i.adres.clone() }),
    ];
    if i.soort == stip_store::InzendingSoort::Bezwaar {
        feiten.push(("Mondeling toelichten".to_string(), if i.gehoord_worden { "ja" } else { "nee" }.to_string()));
        if i.te_laat {
            feiten.push((
                "Na de termijn".to_string(),
                i.reden_te_laat.clone().unwrap_or_else(|| "ja, zonder reden".into()),
            ));
        }
    }
    doc.gegevens(&feiten);
    doc.kop(2, tekst_kop);
    doc.alinea(&i.tekst);
    if !bijlagen.is_empty() {
        doc.kop(2, "Meegestuurde bestanden");
        doc.opsomming(bijlagen);
    }
    doc.bytes()
}

/// The decision on an objection, as published: no objector's name, the outcome, the reasons and the appeal term.
pub fn beslissing_op_bezwaar(kop: &Kop, b: &stip_zaak::bezwaar::Bezwaar) -> Option<Vec<u8>> {
    let beslissing = b.beslissing.as_ref()?;
    let titel = format!("Beslissing op bezwaar {}", b.nummer);
    let mut doc = document(
        kop,
        &titel,
        &format!("{titel} bij zaak {}", kop.zaaknummer),
        beslissing.datum.midnight().assume_utc(),
    );
    doc.kop(1, &titel);
    doc.gegevens(&[
        ("Zaak".to_string(), kop.zaaknummer.clone()),
        ("Bezwaar ontvangen op".to_string(), datum(b.ontvangen)),
        ("Datum beslissing".to_string(), datum(beslissing.datum)),
    ]);
    doc.alinea(&format!("{} verklaart het bezwaar {}.", kop.gezag, beslissing.uitkomst.in_woorden()));
    doc.kop(2, "Waarom deze beslissing?");
    doc.alinea(&beslissing.motivering);
    doc.kop(2, "Bent u het er niet mee eens?");
    doc.alinea(&match b.beroep_tot() {
        Some(tot) => format!(
            "Dan kunt u tot en met {} in beroep gaan bij de rechtbank (zes weken na de bekendmaking, artikel 6:7 \
             Algemene wet bestuursrecht).",
            datum(tot)
        ),
        None => "Dan kunt u in beroep gaan bij de rechtbank, binnen zes weken nadat deze beslissing is bekendgemaakt \
                 (artikel 6:7 Algemene wet bestuursrecht)."
            .into(),
    });
    Some(doc.bytes())
}

/// The location map of a decision: the parcel, the existing buildings and the drawn plan around the place (RD).
pub fn kaart(kennis: &Kennis, aanvraag: &Aanvraag) -> Option<Kaart> {
    let l = aanvraag.locatie.as_ref()?;
    let (x, y) = (l.x, l.y);
    let mut vlakken = Vec::new();
    let r = geo_types::Rect::new(
        geo_types::coord! { x: x - 40.0, y: y - 40.0 },
        geo_types::coord! { x: x + 40.0, y: y + 40.0 },
    );
    let punt = geo_types::Point::new(x, y);
    use geo::Contains;
    for p in kennis.regels.percelen_bij(r) {
        if p.geometrie.contains(&punt) {
            vlakken.push(Vlak {
                ringen: ringen(&p.geometrie),
                stijl: Stijl::Perceel,
                label: Some(p.kadastrale_aanduiding.tekst()),
            });
        }
    }
    for (_, g) in kennis.regels.panden_bij(r) {
        vlakken.push(Vlak { ringen: ringen(&g), stijl: Stijl::Pand, label: None });
    }
    if let Some(plan) = aanvraag.plan.as_ref().and_then(|p| plan_rd(&p.geometrie)) {
        for poly in plan {
            vlakken.push(Vlak { ringen: ringen(&poly), stijl: Stijl::Plan, label: Some("bouwplan".into()) });
        }
    }
    if vlakken.is_empty() {
        return None;
    }
    Some(Kaart {
        vlakken,
        hoogte_mm: 90.0,
        bijschrift: format!(
            "{} (RD x {:.0}, y {:.0})",
            l.adres.clone().unwrap_or_else(|| "De plek van het besluit".into()),
            x,
            y
        ),
        beschrijving: String::new(),
    })
}

fn ringen(p: &geo_types::Polygon<f64>) -> Vec<Vec<(f64, f64)>> {
    std::iter::once(p.exterior()).chain(p.interiors()).map(|r| r.coords().map(|c| (c.x, c.y)).collect()).collect()
}

/// The plan's GeoJSON geometry (WGS84, as the report keeps it) in RD.
fn plan_rd(geojson: &serde_json::Value) -> Option<Vec<geo_types::Polygon<f64>>> {
    let g: geojson::Geometry = serde_json::from_value(geojson.clone()).ok()?;
    let g: geo_types::Geometry<f64> = g.try_into().ok()?;
    let rd = stip_geo::transform::geometry_wgs84_to_rd(&g).ok()?;
    match rd {
        geo_types::Geometry::Polygon(p) => Some(vec![p]),
        geo_types::Geometry::MultiPolygon(m) => Some(m.0),
        _ => None,
    }
}
