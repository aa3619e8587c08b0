//! Writes an example besluit (a kant-en-klare vergunning with a map) to the file named as the first argument:
//! `cargo run -p stip-pdf --example besluit -- /tmp/besluit.pdf`.

use stip_pdf::{Document, Kaart, Metadata, Stijl, Vlak};
use time::macros::datetime;

fn main() {
    let pad = std::env::args().nth(1).expect("usage: besluit <out.pdf>");
    let mut d = Document::new(Metadata {
        titel: "Besluit omgevingsvergunning Z-2026-000123".into(),
        auteur: "Gemeente Voorbeeld".into(),
        onderwerp: "Omgevingsvergunning voor het bouwen van een dakkapel en een aanbouw".into(),
        taal: "nl-NL".into(),
        gemaakt: datetime!(2026-04-14 10:30:00 +02:00),
    });
    d.voettekst("Gemeente Voorbeeld · Besluit Z-2026-000123 · Kerkstraat 12, Voorbeeld");
    d.kop(1, "Besluit op uw aanvraag omgevingsvergunning");
    d.gegevens(&[
        ("Zaaknummer", "Z-2026-000123"),
        ("Datum besluit", "14 april 2026"),
        ("Aanvrager", "J. de Vries-van Hoëvell"),
        ("Locatie", "Kerkstraat 12, 1234 AB Voorbeeld (perceel Voorbeeld A 1234)"),
        ("Bezwaar mogelijk tot en met", "26 mei 2026"),
    ]);
    d.kop(2, "Ons besluit");
    d.alinea(
        "Wij verlenen de omgevingsvergunning voor het bouwen van een aanbouw aan de achterkant van de woning en een \
         dakkapel op het voordakvlak. De leges zijn € 1.234,56. Aan de vergunning zijn voorschriften verbonden; u \
         leest ze hieronder. Lees ze goed, want u moet zich eraan houden (zie ook artikel 5.1 \\ lid 2 Omgevingswet).",
    );
    d.kop(2, "Activiteiten");
    d.opsomming(&[
        "Bouwactiviteit (technisch): een aanbouw van 4 bij 6 meter",
        "Omgevingsplanactiviteit: bouwen buiten het bouwvlak, met een afwijking van de regels over de maximale \
         diepte van aanbouwen",
    ]);
    d.kop(2, "Kaart");
    d.kaart(&Kaart {
        vlakken: vec![
            Vlak {
                ringen: vec![vec![
                    (155000.0, 463000.0),
                    (155030.0, 463000.0),
                    (155030.0, 463045.0),
                    (155000.0, 463045.0),
                ]],
                stijl: Stijl::Perceel,
                label: Some("A 1234".into()),
            },
            Vlak {
                ringen: vec![vec![
                    (155003.0, 463025.0),
                    (155027.0, 463025.0),
                    (155027.0, 463042.0),
                    (155003.0, 463042.0),
                ]],
                stijl: Stijl::Bouwvlak,
                label: None,
            },
            Vlak {
                ringen: vec![
                    vec![(155005.0, 463028.0), (155025.0, 463028.0), (155025.0, 463040.0), (155005.0, 463040.0)],
                    vec![(155012.0, 463032.0), (155018.0, 463032.0), (155018.0, 463036.0), (155012.0, 463036.0)],
                ],
                stijl: Stijl::Pand,
                label: Some("Woning".into()),
            },
            Vlak {
                ringen: vec![vec![
                    (155008.0, 463020.0),
                    (155022.0, 463020.0),
                    (155022.0, 463028.0),
                    (155008.0, 463028.0),
                ]],
                stijl: Stijl::Plan,
                label: Some("Aanbouw".into()),
            },
            Vlak {
                ringen: vec![vec![
                    (155008.0, 463020.0),
                    (155022.0, 463020.0),
                    (155022.0, 463025.0),
                    (155008.0, 463025.0),
                ]],
                stijl: Stijl::Conflict,
                label: None,
            },
        ],
        hoogte_mm: 80.0,
        bijschrift: "De aanbouw (blauw) ligt voor een deel buiten het bouwvlak (rood gearceerd).".into(),
        beschrijving: String::new(),
    });
    d.kop(2, "Voorschriften");
    d.genummerde_opsomming(&[
        "U begint pas met bouwen als wij de constructieberekeningen hebben goedgekeurd.",
        "U meldt het begin van de bouw uiterlijk twee werkdagen van tevoren.",
        "De aanbouw krijgt dezelfde kleur stenen als de bestaande woning.",
    ]);
    d.kop(2, "Wat u heeft ingediend");
    let rijen: Vec<Vec<String>> = (1..=45)
        .map(|i| {
            vec![
                format!("document-{i:02}.pdf"),
                "Bouwtekening (plattegronden, gevels en doorsneden)".into(),
                format!("{} kB", 100 + i * 7),
            ]
        })
        .collect();
    d.tabel(&["Bestand".to_string(), "Soort".to_string(), "Grootte".to_string()], &rijen);
    d.kop(2, "Bezwaar maken");
    d.alinea("Bent u het niet eens met dit besluit? Dan kunt u tot en met 26 mei 2026 bezwaar maken.");
    std::fs::write(&pad, d.bytes()).unwrap();
}
