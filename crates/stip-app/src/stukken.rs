//! The documents a case produces, as PDF from stip's own templates: the ontvangstbevestiging (the receipt with
//! exactly what was submitted) and the besluit with the kant-en-klare vergunning (decision, activities, location
//! map, conditions, objection date). The documents are legal texts and so are in Dutch.

use crate::kennis::Kennis;
use sha2::{Digest, Sha256};
use stip_pdf::{Document, Kaart, Metadata, Stijl, Vlak};
use stip_zaak::aanvraag::{Aanvraag, BetrokkeneRol, Stuk};
use stip_zaak::besluit::Uitkomst;
use stip_zaak::termijn::Termijnstand;
use stip_zaak::zaak::Zaak;
use time::OffsetDateTime;

/// Who and what the document is about.
pub struct Kop {
    pub zaaknummer: String,
    /// The authority's name (the author of the document).
    pub gezag: String,
    pub aanvrager: String,
    pub ingediend: OffsetDateTime,
}

fn document(kop: &Kop, titel: &str, onderwerp: &str, gemaakt: OffsetDateTime) -> Document {
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

fn tijdstip(t: OffsetDateTime) -> String {
    let t = stip_zaak::tijd::nederlands(t);
    format!("{} om {:02}:{:02} uur", datum(t.date()), t.hour(), t.minute())
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

/// The receipt: case number, date and time of receipt, the legal term, and everything that was submitted.
pub fn ontvangstbevestiging(
    kop: &Kop,
    aanvraag: &Aanvraag,
    inhoud: &serde_json::Value,
    termijn: &Termijnstand,
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
        ("Ontvangen op".to_string(), tijdstip(kop.ingediend)),
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

    doc.kop(2, "Activiteiten");
    for a in &aanvraag.activiteiten {
        doc.kop(3, &a.naam);
        let mut regels = vec![
            ("Uitkomst vergunningcheck".to_string(), a.conclusie.clone()),
            ("Procedure".to_string(), a.procedure.clone()),
        ];
        regels.extend(a.antwoorden.iter().map(|(v, w)| (format!("Antwoord {v}"), antwoord(w))));
        for v in a.vereisten.iter().filter(|v| v.soort != "document") {
            regels.push((v.omschrijving.clone(), aanvraag.gegevens.get(&v.id).cloned().unwrap_or_default()));
        }
        doc.gegevens(&regels);
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

fn antwoord(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Bool(true) => "ja".into(),
        serde_json::Value::Bool(false) => "nee".into(),
        other => other.to_string(),
    }
}

/// The decision and, when (partly) granted, the permit: decision text, activities, the location map, conditions,
/// and until when an objection can be made.
pub fn besluit(kop: &Kop, aanvraag: &Aanvraag, zaak: &Zaak, kaart: Option<Kaart>) -> Option<Vec<u8>> {
    besluit_voor(kop, aanvraag, zaak, kaart, false)
}

/// The decision as published (the anonymised version anyone may read): named by its activities and address instead
/// of the title the applicant gave it, about "de aanvrager" instead of to them by name.
pub fn besluit_openbaar(kop: &Kop, aanvraag: &Aanvraag, zaak: &Zaak, kaart: Option<Kaart>) -> Option<Vec<u8>> {
    besluit_voor(kop, aanvraag, zaak, kaart, true)
}

fn besluit_voor(kop: &Kop, aanvraag: &Aanvraag, zaak: &Zaak, kaart: Option<Kaart>, openbaar: bool) -> Option<Vec<u8>> {
    let genomen = zaak.besluit.as_ref()?;
    let b = &genomen.besluit;
    let titel = if b.uitkomst.is_vergunning() { "Omgevingsvergunning" } else { "Besluit" };
    let gemaakt = genomen.datum.midnight().assume_utc();
    let onderwerp = if openbaar {
        let wat: Vec<&str> = aanvraag.activiteiten.iter().map(|a| a.naam.as_str()).collect();
        let waar = aanvraag.locatie.as_ref().and_then(|l| l.adres.as_deref()).map(|a| format!(", {a}"));
        format!("{}{}", wat.join(", "), waar.unwrap_or_default())
    } else {
        aanvraag.titel.clone()
    };
    let mut doc = document(kop, titel, &format!("Besluit op aanvraag {onderwerp}"), gemaakt);
    doc.kop(1, &format!("{titel}: {onderwerp}"));
    let uitkomst = match b.uitkomst {
        Uitkomst::Verleend => "verleent de omgevingsvergunning",
        Uitkomst::DeelsVerleend => "verleent de omgevingsvergunning voor een deel",
        Uitkomst::Geweigerd => "weigert de omgevingsvergunning",
        Uitkomst::NietVereist => "stelt vast dat voor wat u aanvroeg geen vergunning nodig is",
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
        ("Datum besluit".to_string(), datum(genomen.datum)),
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
    if let Some(k) = kaart {
        doc.kop(2, "Waar geldt dit besluit?");
        doc.kaart(&k);
    }
    doc.kop(2, "Bent u het er niet mee eens?");
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
