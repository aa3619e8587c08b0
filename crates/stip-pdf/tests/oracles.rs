//! The PDFs checked by independent readers: qpdf (structure, objects, bookmarks) and poppler (text and word
//! positions with its own font metrics, document information, structure tree, rendering).

mod common;

use common::*;
use stip_pdf::{Document, Kaart, Metadata, Stijl, Vlak};
use time::macros::datetime;

const MM: f64 = 72.0 / 25.4;
const PAGINA_HOOGTE: f64 = 841.89;
/// The text column: 25 mm margins left and right on A4.
const LINKERMARGE: f64 = 25.0 * MM;
const RECHTERMARGE: f64 = 595.28 - 25.0 * MM;
/// The bottom of the text area (25 mm from the bottom edge); the footer lies below.
const ONDERKANT: f64 = PAGINA_HOOGTE - 25.0 * MM;

fn meta(titel: &str) -> Metadata {
    Metadata {
        titel: titel.to_string(),
        auteur: "Gemeente Voorbeeld".to_string(),
        onderwerp: "Ontvangstbevestiging van uw aanvraag omgevingsvergunning".to_string(),
        taal: "nl-NL".to_string(),
        gemaakt: datetime!(2026-04-14 10:30:00 +02:00),
    }
}

fn genormaliseerd(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

const ALINEA: &str = "Wij hebben uw aanvraag ontvangen. De leges zijn € 250,00. Café ‘De Eenhoorn’ (naast nr. 12) \
    krijgt een terras van de coöperatie; de aanvraag van Brüder \\ Zoon volgt later. Wij nemen uiterlijk op 9 juni \
    2026 een besluit.";

fn ontvangstbevestiging() -> Document {
    let mut d = Document::new(meta("Ontvangstbevestiging – café De Eenhoorn"));
    d.kop(1, "Ontvangstbevestiging");
    d.gegevens(&[
        ("Zaaknummer", "Z-2026-000123"),
        ("Ontvangen op", "14 april 2026"),
        ("Uiterste beslisdatum", "9 juni 2026 (8 weken, één keer te verlengen met 6 weken)"),
    ]);
    d.alinea(ALINEA);
    d.kop(2, "Wat u heeft ingediend");
    d.tabel(
        &["Document", "Soort"],
        &[vec!["plattegrond.pdf", "Bouwtekening"], vec!["foto (voorkant).jpg", "Foto's van de situatie"]],
    );
    d.voettekst("Gemeente Voorbeeld · Ontvangstbevestiging Z-2026-000123");
    d
}

/// A long paragraph of varied Dutch words, `n` words.
fn lange_alinea(zaad: usize, n: usize) -> String {
    const WOORDEN: [&str; 16] = [
        "omgevingsvergunning",
        "de",
        "aanvraag",
        "bevoegd",
        "gezag",
        "één",
        "bouwactiviteit",
        "wij",
        "beoordelen",
        "uw",
        "plan",
        "aan",
        "het",
        "omgevingsplan",
        "coördinatie",
        "€ 12,50",
    ];
    (0..n).map(|i| WOORDEN[(i * 7 + zaad * 3 + i / 5) % WOORDEN.len()]).collect::<Vec<_>>().join(" ")
}

fn vierkant(x: f64, y: f64, zijde: f64) -> Vec<(f64, f64)> {
    vec![(x, y), (x + zijde, y), (x + zijde, y + zijde), (x, y + zijde)]
}

#[test]
fn a_receipt_passes_qpdf_check_and_its_text_comes_back_with_accents_and_euro() {
    if !gereedschap() {
        return;
    }
    let pdf = schrijf("ontvangst", &ontvangstbevestiging().bytes());
    qpdf_check(&pdf);
    let tekst = tekst(&pdf);
    let regels: Vec<Vec<&str>> = tekst.lines().map(|l| l.split_whitespace().collect()).collect();
    assert!(regels.contains(&vec!["Ontvangstbevestiging"]), "{tekst}");
    // Label and value on one line, in that order.
    assert!(regels.contains(&vec!["Zaaknummer", "Z-2026-000123"]), "{tekst}");
    assert!(regels.contains(&vec!["Ontvangen", "op", "14", "april", "2026"]), "{tekst}");
    assert!(genormaliseerd(&tekst).contains(&genormaliseerd(ALINEA)), "{tekst}");
    assert!(tekst.contains("één keer"), "{tekst}");
    assert!(regels.iter().any(|r| r.starts_with(&["plattegrond.pdf"]) && r.ends_with(&["Bouwtekening"])), "{tekst}");
    assert!(regels.iter().any(|r| r.ends_with(&["Pagina", "1", "van", "1"])), "{tekst}");
}

#[test]
fn pdfinfo_and_qpdf_read_the_title_author_date_language_and_tagging() {
    if !gereedschap() {
        return;
    }
    let pdf = schrijf("info", &ontvangstbevestiging().bytes());
    let info = info(&pdf);
    assert_eq!(info_veld(&info, "Title"), "Ontvangstbevestiging – café De Eenhoorn");
    assert_eq!(info_veld(&info, "Author"), "Gemeente Voorbeeld");
    assert_eq!(info_veld(&info, "Subject"), "Ontvangstbevestiging van uw aanvraag omgevingsvergunning");
    assert_eq!(info_veld(&info, "CreationDate"), "2026-04-14T10:30:00+02");
    assert_eq!(info_veld(&info, "Pages"), "1");
    assert_eq!(info_veld(&info, "Tagged"), "yes");
    assert_eq!(info_veld(&info, "Metadata Stream"), "yes");
    assert!(info_veld(&info, "Page size").ends_with("(A4)"), "{info}");
    let meta = draai("pdfinfo", &["-meta"], &pdf.pad);
    assert!(meta.contains("<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">Ontvangstbevestiging – café De Eenhoorn"));
    assert!(meta.contains("<rdf:li>nl-NL</rdf:li>"), "{meta}");

    let json = qpdf_json(&pdf);
    let root = object(&json, "trailer")["/Root"].as_str().unwrap();
    let catalogus = object(&json, root);
    assert_eq!(catalogus["/Lang"], "u:nl-NL");
    assert_eq!(catalogus["/ViewerPreferences"]["/DisplayDocTitle"], true);
    assert_eq!(catalogus["/MarkInfo"]["/Marked"], true);
    let id = object(&json, "trailer")["/ID"].as_array().unwrap();
    assert_eq!(id.len(), 2);
}

#[test]
fn wrapped_lines_fit_the_text_column_and_are_filled_as_far_as_poppler_measures() {
    if !gereedschap() {
        return;
    }
    let tekst = lange_alinea(1, 160);
    let mut d = Document::new(meta("Afbreken"));
    d.alinea(&tekst);
    let pdf = schrijf("afbreken", &d.bytes());
    let woorden: Vec<Woord> = woorden(&pdf).into_iter().filter(|w| w.y_max < ONDERKANT).collect();
    let gelezen: Vec<&str> = woorden.iter().map(|w| w.tekst.as_str()).collect();
    assert_eq!(gelezen, tekst.split_whitespace().collect::<Vec<_>>(), "reading order");
    let regels = regels(&woorden);
    assert!(regels.len() >= 8, "{} lines", regels.len());
    // A space of DejaVu Sans (651/2048 em) at 10.5 pt; poppler measures the words with the embedded font's widths.
    let spatie = 651.0 / 2048.0 * 10.5;
    for (i, regel) in regels.iter().enumerate() {
        let (eerste, laatste) = (&regel[0], regel.last().unwrap());
        assert!((eerste.x_min - LINKERMARGE).abs() < 0.5, "line {i} starts at {}", eerste.x_min);
        assert!(laatste.x_max <= RECHTERMARGE + 0.1, "line {i} ends at {} > {RECHTERMARGE}", laatste.x_max);
        if let Some(volgende) = regels.get(i + 1) {
            let woord = volgende[0].x_max - volgende[0].x_min;
            assert!(
                laatste.x_max + spatie + woord > RECHTERMARGE - 0.1,
                "line {i} ends at {} but '{}' ({woord} pt) would have fitted",
                laatste.x_max,
                volgende[0].tekst
            );
        }
    }
}

#[test]
fn a_long_document_breaks_pages_and_repeats_the_table_header_on_each_page() {
    if !gereedschap() {
        return;
    }
    let mut d = Document::new(meta("Lang document"));
    d.voettekst("Besluit Z-2026-000999");
    d.kop(1, "Besluit");
    let alineas: Vec<String> = (0..24).map(|i| format!("Alinea {i}: {}", lange_alinea(i, 60 + i * 3))).collect();
    for a in &alineas {
        d.alinea(a);
    }
    d.kop(2, "Ingediende stukken");
    let rijen: Vec<Vec<String>> = (0..70)
        .map(|i| {
            let omschrijving = if i % 9 == 0 { lange_alinea(i, 30) } else { format!("Bouwtekening {i}") };
            vec![format!("rij-{i:02}"), omschrijving, format!("{} kB", 10 + i)]
        })
        .collect();
    d.tabel(&["Kenmerk", "Omschrijving", "Grootte"], &rijen);
    d.alinea("Einde van het document.");
    let pdf = schrijf("lang", &d.bytes());
    qpdf_check(&pdf);
    let paginas: usize = info_veld(&info(&pdf), "Pages").parse().unwrap();
    assert!(paginas >= 4, "{paginas} pages");
    for p in 1..=paginas {
        let tekst = tekst_van_pagina(&pdf, p);
        let voet = format!("Pagina {p} van {paginas}");
        assert!(tekst.lines().any(|l| genormaliseerd(l).ends_with(&voet)), "page {p} lacks '{voet}':\n{tekst}");
    }

    let woorden = woorden(&pdf);
    // Nothing runs into the footer: below the text area only the footer line itself.
    for w in &woorden {
        assert!(w.y_max <= ONDERKANT + 0.5 || w.y_min > ONDERKANT + 8.0, "{w:?} overlaps the bottom margin");
    }
    let romp: Vec<&Woord> = woorden.iter().filter(|w| w.y_max <= ONDERKANT + 0.5).collect();
    // Every paragraph comes back whole and in order, across the page breaks.
    let eind = romp.iter().position(|w| w.tekst == "Ingediende").unwrap();
    let gelezen: Vec<&str> = romp[..eind].iter().map(|w| w.tekst.as_str()).collect();
    let verwacht: Vec<&str> =
        std::iter::once("Besluit").chain(alineas.iter().flat_map(|a| a.split_whitespace())).collect();
    assert_eq!(gelezen, verwacht);
    // Each row exactly once; on every page with rows the header comes first.
    for i in 0..70 {
        let kenmerk = format!("rij-{i:02}");
        assert_eq!(romp.iter().filter(|w| w.tekst == kenmerk).count(), 1, "{kenmerk}");
    }
    let tabelpaginas: Vec<usize> = {
        let mut p: Vec<usize> = romp.iter().filter(|w| w.tekst.starts_with("rij-")).map(|w| w.pagina).collect();
        p.dedup();
        p
    };
    assert!(tabelpaginas.len() >= 2, "the table should span pages: {tabelpaginas:?}");
    for p in &tabelpaginas {
        let kop = romp.iter().find(|w| w.pagina == *p && w.tekst == "Kenmerk");
        let kop = kop.unwrap_or_else(|| panic!("page {p} has table rows but no header"));
        let eerste_rij = romp.iter().filter(|w| w.pagina == *p && w.tekst.starts_with("rij-")).map(|w| w.y_min);
        assert!(eerste_rij.fold(f64::INFINITY, f64::min) > kop.y_max, "header below a row on page {p}");
        for kolom in ["Omschrijving", "Grootte"] {
            assert!(romp.iter().any(|w| w.pagina == *p && w.tekst == kolom && (w.y_min - kop.y_min).abs() < 1.0));
        }
    }
    // A wrapped cell keeps its words in order within its column.
    let cel = lange_alinea(9, 30);
    let kolom = |naam: &str| romp.iter().find(|w| w.tekst == naam).unwrap().x_min;
    let (van, tot) = (kolom("Omschrijving") - 0.5, kolom("Grootte") - 0.5);
    let rij9 = romp.iter().find(|w| w.tekst == "rij-09").unwrap();
    let rij10 = romp.iter().find(|w| w.tekst == "rij-10").unwrap();
    let onder = if rij10.pagina == rij9.pagina { rij10.y_min } else { ONDERKANT };
    let mut celwoorden: Vec<&&Woord> = romp
        .iter()
        .filter(|w| w.pagina == rij9.pagina && w.y_min >= rij9.y_min - 1.0 && w.y_max < onder)
        .filter(|w| w.x_min >= van && w.x_max <= tot)
        .collect();
    celwoorden.sort_by(|a, b| (a.y_min.round(), a.x_min).partial_cmp(&(b.y_min.round(), b.x_min)).unwrap());
    let gelezen: Vec<&str> = celwoorden.iter().map(|w| w.tekst.as_str()).collect();
    assert_eq!(gelezen.join(" "), cel);
    assert!(celwoorden.last().unwrap().y_min > rij9.y_max, "the cell did not wrap");
}

/// A paragraph of `n` short lines (hard breaks), to move what follows down the page one line at a time.
fn vulregels(n: usize) -> String {
    (0..n).map(|i| format!("Regel {i}.")).collect::<Vec<_>>().join("\n")
}

#[test]
fn a_heading_is_never_left_alone_at_the_bottom_of_a_page() {
    if !gereedschap() {
        return;
    }
    let mut gebroken = 0;
    for vulling in 30..50 {
        let mut d = Document::new(meta("Koppen"));
        d.alinea(&vulregels(vulling));
        d.kop(2, "Kop boven de tekst");
        d.alinea(&lange_alinea(vulling, 70));
        let pdf = schrijf(&format!("kop-{vulling}"), &d.bytes());
        let woorden: Vec<Woord> = woorden(&pdf).into_iter().filter(|w| w.y_max <= ONDERKANT + 0.5).collect();
        let kop = woorden.iter().find(|w| w.tekst == "Kop").unwrap();
        let regels_eronder = regels(&woorden)
            .into_iter()
            .filter(|r| r[0].pagina == kop.pagina && r[0].y_min > kop.y_max && r[0].tekst != "Regel")
            .count();
        assert!(regels_eronder >= 2, "after {vulling} lines the heading has {regels_eronder} lines under it");
        if kop.pagina == 2 && woorden.iter().any(|w| w.pagina == 1 && w.tekst == "Regel") {
            gebroken += 1;
        }
    }
    assert!(gebroken > 0, "no case moved the heading to the next page; the test does not test");
}

#[test]
fn a_paragraph_leaves_at_least_two_lines_on_either_side_of_a_page_break() {
    if !gereedschap() {
        return;
    }
    let mut gesplitst = 0;
    for vulling in 30..50 {
        let mut d = Document::new(meta("Weduwen en wezen"));
        d.alinea(&vulregels(vulling));
        d.alinea(&format!("Start {}", lange_alinea(vulling, 75)));
        let pdf = schrijf(&format!("wees-{vulling}"), &d.bytes());
        let woorden: Vec<Woord> = woorden(&pdf).into_iter().filter(|w| w.y_max <= ONDERKANT + 0.5).collect();
        let begin = woorden.iter().position(|w| w.tekst == "Start").unwrap();
        let regels = regels(&woorden[begin..]);
        let op_eerste = regels.iter().filter(|r| r[0].pagina == regels[0][0].pagina).count();
        let rest = regels.len() - op_eerste;
        if rest > 0 {
            gesplitst += 1;
            assert!(op_eerste >= 2 && rest >= 2, "after {vulling} lines: {op_eerste} + {rest} lines");
        }
    }
    assert!(gesplitst > 0, "no paragraph was split; the test does not test");
}

fn kaart_met_gat(beschrijving: &str) -> Document {
    let mut d = Document::new(meta("Kaart"));
    d.kaart(&Kaart {
        vlakken: vec![
            Vlak {
                ringen: vec![vierkant(155_000.0, 463_000.0, 100.0), vierkant(155_030.0, 463_030.0, 40.0)],
                stijl: Stijl::Pand,
                label: Some("Hofje".to_string()),
            },
            Vlak { ringen: vec![vierkant(154_990.0, 462_990.0, 120.0)], stijl: Stijl::Perceel, label: None },
        ],
        hoogte_mm: 100.0,
        bijschrift: "Het hofje met de binnentuin (het gat in het pand).".to_string(),
        beschrijving: beschrijving.to_string(),
    });
    d
}

#[test]
fn a_map_with_a_hole_renders_the_hole_open_with_legend_scale_bar_and_north_arrow() {
    if !gereedschap() {
        return;
    }
    let pdf = schrijf("kaart", &kaart_met_gat("").bytes());
    qpdf_check(&pdf);
    let tekst = tekst(&pdf);
    for verwacht in ["Hofje", "Perceel", "Bestaand gebouw", "Het hofje met de binnentuin (het gat in het pand)."] {
        assert!(tekst.contains(verwacht), "{verwacht} missing:\n{tekst}");
    }
    let woorden: Vec<&str> = tekst.split_whitespace().collect();
    assert!(woorden.contains(&"N"), "north arrow missing:\n{tekst}");
    assert!(woorden.windows(2).any(|w| w[1] == "m" && w[0].parse::<u32>().is_ok()), "scale bar missing:\n{tekst}");

    // Rendered by poppler: the building's grey fill surrounds a hole that shows the map background. The building
    // is where rows have long runs of its grey (the legend's sample and anti-aliased edges have short ones).
    let beeld = render(&pdf, 1, 72);
    let grijs = |p: [u8; 3]| p.iter().all(|c| c.abs_diff(204) <= 3);
    let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
    for y in 0..beeld.hoogte {
        let mut x = 0;
        while x < beeld.breedte {
            let begin = x;
            while x < beeld.breedte && grijs(beeld.pixel(x, y)) {
                x += 1;
            }
            if x - begin >= 40 {
                (x0, y0, x1, y1) = (x0.min(begin), y0.min(y), x1.max(x - 1), y1.max(y));
            }
            x += 1;
        }
    }
    assert!(x1 > x0 + 50 && y1 > y0 + 50, "no grey building found: ({x0}, {y0}) – ({x1}, {y1})");
    let (cx, cy) = ((x0 + x1) / 2, (y0 + y1) / 2);
    let midden = beeld.pixel(cx, cy);
    assert!(!grijs(midden) && midden.iter().all(|&c| c > 235), "the hole is filled: {midden:?}");
    assert!(grijs(beeld.pixel(x0 + (x1 - x0) / 8, cy)), "the ring left of the hole is not grey");
    // Square world, square on paper.
    let (b, h) = ((x1 - x0) as f64, (y1 - y0) as f64);
    assert!((b / h - 1.0).abs() < 0.05, "{b} x {h}");
}

#[test]
fn the_map_is_a_figure_whose_alternate_text_describes_it() {
    if !gereedschap() {
        return;
    }
    for (beschrijving, verwacht) in [
        ("", "Kaart: Het hofje met de binnentuin (het gat in het pand). Legenda: Perceel, Bestaand gebouw."),
        ("Pand Hofje 3 met binnentuin op perceel A 1.", "Pand Hofje 3 met binnentuin op perceel A 1."),
    ] {
        let pdf = schrijf("alt", &kaart_met_gat(beschrijving).bytes());
        let json = qpdf_json(&pdf);
        let figuren: Vec<&serde_json::Value> = json["qpdf"][1]
            .as_object()
            .unwrap()
            .values()
            .map(|o| &o["value"])
            .filter(|v| v["/S"] == "/Figure")
            .collect();
        assert_eq!(figuren.len(), 1);
        let alt = figuren[0]["/Alt"].as_str().unwrap().trim_start_matches("u:");
        assert!(alt.starts_with(verwacht), "{alt}");
        assert!(bbox(figuren[0]).is_some_and(|b| b.len() == 4), "{}", figuren[0]);
    }
}

#[test]
fn the_structure_tree_has_headings_paragraphs_lists_a_table_and_a_figure() {
    if !gereedschap() {
        return;
    }
    let mut d = ontvangstbevestiging();
    d.genummerde_opsomming(&["Eerste voorschrift.", "Tweede voorschrift."]);
    d.opsomming(&["Een punt."]);
    d.kaart(&Kaart {
        vlakken: vec![Vlak { ringen: vec![vierkant(0.0, 0.0, 20.0)], stijl: Stijl::Plan, label: None }],
        hoogte_mm: 50.0,
        ..Kaart::default()
    });
    let pdf = schrijf("structuur", &d.bytes());
    let structuur = draai("pdfinfo", &["-struct-text"], &pdf.pad);
    let rollen: Vec<&str> =
        structuur.lines().filter_map(|l| l.split_whitespace().next()).map(|r| r.trim_end_matches(':')).collect();
    for rol in ["Document", "H1", "H2", "P", "L", "LI", "Lbl", "LBody", "Table", "THead", "TBody", "TR", "TH", "TD"] {
        assert!(rollen.contains(&rol), "{rol} missing:\n{structuur}");
    }
    assert!(rollen.contains(&"Figure"), "{structuur}");
    assert!(structuur.contains("/ListNumbering /Decimal") && structuur.contains("/Scope /Column"), "{structuur}");
    // A wrapped paragraph reads as one text with spaces between its lines (what a screen reader gets).
    let alinea = structuur.lines().find(|l| l.contains("Wij hebben uw aanvraag")).unwrap();
    assert!(genormaliseerd(alinea).contains(&genormaliseerd(ALINEA)), "{alinea}");
    // Footers are artifacts, not content.
    assert!(!structuur.contains("Pagina 1"), "{structuur}");
}

#[test]
fn bookmarks_follow_the_headings_and_their_levels() {
    if !gereedschap() {
        return;
    }
    let mut d = Document::new(meta("Bladwijzers"));
    d.kop(1, "Besluit");
    d.alinea("Tekst.");
    d.kop(2, "Voorschriften");
    d.kop(3, "Bouwen");
    d.kop(2, "Bezwaar");
    d.nieuwe_pagina();
    d.kop(1, "Bijlage");
    let pdf = schrijf("bladwijzers", &d.bytes());
    let json: serde_json::Value =
        serde_json::from_str(&draai("qpdf", &["--json", "--json-key=outlines"], &pdf.pad)).unwrap();
    let titels = |v: &serde_json::Value| -> Vec<String> {
        v.as_array().unwrap().iter().map(|o| o["title"].as_str().unwrap().to_string()).collect()
    };
    let top = &json["outlines"];
    assert_eq!(titels(top), ["Besluit", "Bijlage"]);
    assert_eq!(titels(&top[0]["kids"]), ["Voorschriften", "Bezwaar"]);
    assert_eq!(titels(&top[0]["kids"][0]["kids"]), ["Bouwen"]);
    assert_eq!(top[0]["destpageposfrom1"], 1);
    assert_eq!(top[1]["destpageposfrom1"], 2);
    assert!(tekst_van_pagina(&pdf, 2).contains("Bijlage"));
}

#[test]
fn polish_turkish_and_vietnamese_names_come_back_from_embedded_subsetted_fonts() {
    if !gereedschap() {
        return;
    }
    let mut d = Document::new(meta("Tekens"));
    d.kop(1, "Aanvragers: Ayşe Şahin");
    d.alinea("Łukasz Wróbel uit Łódź, Nguyễn Thị Thu, Çağla Öztürk, ĳs € ≥ 3");
    d.alinea("Şahin Łukasz Nguyễn Đức");
    let pdf = schrijf("tekens", &d.bytes());
    qpdf_check(&pdf);
    // The names of issue 13, exactly as typed (precomposed ễ and ứ), on a line of their own.
    let namen = "Şahin Łukasz Nguyễn Đức";
    assert!(tekst(&pdf).lines().any(|l| l.trim() == namen), "{}", tekst(&pdf));
    let tekst = genormaliseerd(&tekst(&pdf));
    for naam in ["Ayşe Şahin", "Łukasz Wróbel uit Łódź,", "Nguyễn Thị Thu,", "Çağla Öztürk,", "ĳs € ≥ 3"]
    {
        assert!(tekst.contains(naam), "{naam} missing: {tekst}");
    }
    // Every font is embedded, subsetted (a tag before its name) and maps to Unicode; no standard-14 font is left.
    let fonts = draai("pdffonts", &[], &pdf.pad);
    let regels: Vec<Vec<&str>> = fonts.lines().skip(2).map(|l| l.split_whitespace().collect()).collect();
    assert_eq!(regels.len(), 2, "regular and bold:\n{fonts}");
    for r in &regels {
        assert!(r[0].contains('+') && r[0].contains("DejaVuSans"), "{fonts}");
        let n = r.len();
        assert_eq!(&r[n - 5..n - 2], ["yes", "yes", "yes"], "emb, sub, uni:\n{fonts}");
    }
}

/// PDF/A-2 level A ("accessible"), not B: decisions and receipts are kept for years and must stay readable by
/// anyone, screen readers too, and level A only adds what stip writes anyway (a tagged structure with reading order,
/// Unicode for every glyph, /Lang). krilla checks both levels' rules while writing. veraPDF, the reference
/// validator, is a Java program not published on the registries this project can reach (crates.io, PyPI, Debian,
/// npm), so these oracles check what independent tools can: the XMP identification, the output intent,
/// `qpdf --check`, every font embedded and subsetted with a Unicode map (`pdffonts`, above), the structure tree and
/// the alternate texts of figures.
#[test]
fn the_file_is_pdf_a_2a_with_its_xmp_identification_and_an_srgb_output_intent_with_an_embedded_profile() {
    if !gereedschap() {
        return;
    }
    let mut d = ontvangstbevestiging();
    d.qr("https://stip.example/zaken/Z-2026-000123", "QR-code met de link naar zaak Z-2026-000123");
    let pdf = schrijf("pdfa", &d.bytes());
    qpdf_check(&pdf);
    let bytes = std::fs::read(&pdf.pad).unwrap();
    assert!(bytes.starts_with(b"%PDF-1.7"), "PDF/A-2 is based on PDF 1.7");
    let json = qpdf_json(&pdf);
    let root = object(&json, object(&json, "trailer")["/Root"].as_str().unwrap()).clone();
    // The XMP packet identifies the part and conformance level.
    let xmp_ref = root["/Metadata"].as_str().unwrap().to_string();
    let nummer = xmp_ref.split(' ').next().unwrap();
    let xmp = draai("qpdf", &[&format!("--show-object={nummer}"), "--filtered-stream-data"], &pdf.pad);
    assert!(xmp.contains("<pdfaid:part>2</pdfaid:part>"), "{xmp}");
    assert!(xmp.contains("<pdfaid:conformance>A</pdfaid:conformance>"), "{xmp}");
    assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "PDF/UA-1 too: {xmp}");
    assert!(xmp.contains("Ontvangstbevestiging – café De Eenhoorn"), "the title is in the XMP too: {xmp}");
    // One output intent for PDF/A with an embedded ICC profile of three components (RGB).
    let intents = match &root["/OutputIntents"] {
        serde_json::Value::String(r) => object(&json, r).clone(),
        v => v.clone(),
    };
    let intents = intents.as_array().unwrap();
    assert_eq!(intents.len(), 1);
    let intent = match &intents[0] {
        serde_json::Value::String(r) => object(&json, r).clone(),
        v => v.clone(),
    };
    assert_eq!(intent["/S"], "/GTS_PDFA1");
    let profiel_ref = intent["/DestOutputProfile"].as_str().unwrap();
    let profiel = &json["qpdf"][1][format!("obj:{profiel_ref}")];
    assert_eq!(profiel["stream"]["dict"]["/N"], 3, "{profiel}");
    let nummer = profiel_ref.split(' ').next().unwrap();
    let icc = std::process::Command::new("qpdf")
        .args([&format!("--show-object={nummer}"), "--filtered-stream-data"])
        .arg(&pdf.pad)
        .output()
        .unwrap()
        .stdout;
    assert_eq!(&icc[36..40], b"acsp", "an ICC profile (its signature at byte 36)");
    // Tagged: a structure tree, marked content, and every figure with its alternate text.
    let boom = object(&json, root["/StructTreeRoot"].as_str().expect("a /StructTreeRoot"));
    assert_eq!(boom["/Type"], "/StructTreeRoot");
    assert_eq!(root["/MarkInfo"]["/Marked"], true);
    let figuren: Vec<&serde_json::Value> =
        json["qpdf"][1].as_object().unwrap().values().map(|o| &o["value"]).filter(|v| v["/S"] == "/Figure").collect();
    assert!(!figuren.is_empty());
    assert!(figuren.iter().all(|f| f["/Alt"].as_str().is_some_and(|a| a.len() > 2)), "{figuren:?}");
    // Nothing PDF/A forbids: no encryption, no JavaScript, no launch actions (in any object, as qpdf parsed them).
    assert!(object(&json, "trailer")["/Encrypt"].is_null());
    let alles = json["qpdf"][1].to_string();
    for verboden in ["/JavaScript", "\"/JS\"", "/Launch"] {
        assert!(!alles.contains(verboden), "{verboden}");
    }
}

#[test]
fn an_english_document_numbers_its_pages_in_english_and_a_long_footer_is_cut() {
    if !gereedschap() {
        return;
    }
    let mut d = Document::new(Metadata { taal: "en-GB".to_string(), ..meta("Receipt") });
    d.alinea("Received.");
    d.voettekst(&"A very long footer text. ".repeat(20));
    let pdf = schrijf("engels", &d.bytes());
    let tekst = tekst(&pdf);
    let voet = tekst.lines().find(|l| l.contains("Page 1 of 1")).unwrap();
    assert!(voet.starts_with("A very long footer text.") && voet.contains('…'), "{voet}");
}

#[test]
fn an_empty_document_is_still_a_valid_one_page_pdf() {
    if !gereedschap() {
        return;
    }
    let pdf = schrijf("leeg", &Document::new(meta("Leeg")).bytes());
    qpdf_check(&pdf);
    assert_eq!(info_veld(&info(&pdf), "Pages"), "1");
}

#[test]
fn the_same_document_gives_the_same_bytes_and_another_document_another_id() {
    let a = ontvangstbevestiging().bytes();
    assert_eq!(a, ontvangstbevestiging().bytes());
    // In another process too (other hash seeds, other addresses): the receipt as the helper below writes it.
    let pad = std::env::temp_dir().join(format!("stip-pdf-{}-ander-proces.pdf", std::process::id()));
    let uit = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "writes_the_receipt_to_the_file_named_in_stip_pdf_uit", "--ignored", "--test-threads=1"])
        .env("STIP_PDF_UIT", &pad)
        .output()
        .unwrap();
    assert!(uit.status.success(), "{}", String::from_utf8_lossy(&uit.stderr));
    let ander = std::fs::read(&pad).unwrap();
    let _ = std::fs::remove_file(&pad);
    assert!(ander == a, "another process wrote other bytes");
    let mut anders = ontvangstbevestiging();
    anders.alinea("Nog iets.");
    let id = |pdf: &[u8]| {
        let s = String::from_utf8_lossy(pdf);
        s[s.rfind("/ID").unwrap()..].split(']').next().unwrap().to_string()
    };
    assert_ne!(id(&a), id(&anders.bytes()));
}

/// Run by the test above in a process of its own; does nothing without `STIP_PDF_UIT`.
#[test]
#[ignore = "a helper of the_same_document_gives_the_same_bytes_and_another_document_another_id"]
fn writes_the_receipt_to_the_file_named_in_stip_pdf_uit() {
    if let Some(pad) = std::env::var_os("STIP_PDF_UIT") {
        std::fs::write(pad, ontvangstbevestiging().bytes()).unwrap();
    }
}

#[test]
fn every_cross_reference_offset_points_at_its_object() {
    let pdf = ontvangstbevestiging().bytes();
    let zoek = |naald: &[u8]| pdf.windows(naald.len()).rposition(|w| w == naald).unwrap();
    let na_startxref = std::str::from_utf8(&pdf[zoek(b"startxref") + 9..]).unwrap();
    let startxref: usize = na_startxref.split_whitespace().next().unwrap().parse().unwrap();
    assert_eq!(startxref, zoek(b"xref\n0 "));
    let tabel = std::str::from_utf8(&pdf[startxref..]).unwrap();
    let aantal: usize = tabel.lines().nth(1).unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    assert!(aantal > 10);
    let regels: Vec<&str> = tabel.split_inclusive('\n').skip(3).take(aantal - 1).collect();
    for (n, regel) in regels.iter().enumerate() {
        assert_eq!(regel.len(), 20, "entries are 20 bytes with their end of line: {regel:?}");
        let offset: usize = regel[..10].parse().unwrap();
        let kop = format!("{} 0 obj", n + 1);
        assert!(pdf[offset..].starts_with(kop.as_bytes()), "object {} not at {offset}", n + 1);
    }
}

#[test]
fn odd_input_still_makes_a_valid_pdf() {
    if !gereedschap() {
        return;
    }
    let mut d = Document::new(Metadata { taal: String::new(), titel: String::new(), ..meta("") });
    d.kop(0, "Niveau nul wordt één");
    d.kop(9, "Niveau negen wordt drie");
    d.kop(2, "   ");
    d.alinea("");
    d.alinea("\u{1}\u{7}\r\n\t");
    d.opsomming::<&str>(&[]);
    d.genummerde_opsomming(&[""]);
    d.gegevens(&[("", "")]);
    d.tabel::<&str, &str>(&[], &[]);
    d.tabel(&["Alleen een kop"], &Vec::<Vec<&str>>::new());
    d.tabel(&["A"], &[vec!["1", "extra cel", "nog een"], vec![]]);
    // One cell longer than a page, and a word wider than its column.
    d.tabel(&["Kort", "Lang"], &[vec!["x".to_string(), lange_alinea(3, 1500)], vec!["W".repeat(200), "y".into()]]);
    d.kaart(&Kaart {
        vlakken: vec![
            Vlak { ringen: vec![], stijl: Stijl::Plan, label: Some("leeg".into()) },
            Vlak { ringen: vec![vec![(f64::NAN, 1.0), (2.0, f64::INFINITY)]], stijl: Stijl::Pand, label: None },
            Vlak { ringen: vec![vec![(5.0, 5.0); 4]], stijl: Stijl::Conflict, label: Some("punt".into()) },
            Vlak {
                ringen: vec![vierkant(0.0, 0.0, 10.0)],
                stijl: Stijl::Perceel,
                label: Some("twee\nregels, zacht\u{AD}afgebroken \u{1}漢".into()),
            },
        ],
        hoogte_mm: f64::NAN,
        ..Kaart::default()
    });
    d.kaart(&Kaart { hoogte_mm: 10_000.0, ..Kaart::default() });
    // A QR code without a description, and a footer with a line break, a soft hyphen and a tab.
    d.qr("https://stip.example/z", "  ");
    d.voettekst("Voet\nmet zacht\u{AD}streepje\t漢");
    d.nieuwe_pagina();
    d.nieuwe_pagina();
    let pdf = schrijf("vreemd", &d.bytes());
    qpdf_check(&pdf);
    let tekst = tekst(&pdf);
    assert!(
        tekst.contains("Niveau nul wordt één") && tekst.contains("extra cel") && tekst.contains("Geen kaartgegevens")
    );
    assert!(genormaliseerd(&tekst).contains("Voet met zachtstreepje ?"), "{tekst}");
    let json = qpdf_json(&pdf);
    let alts: Vec<&str> =
        json["qpdf"][1].as_object().unwrap().values().filter_map(|o| o["value"]["/Alt"].as_str()).collect();
    assert!(alts.contains(&"u:QR-code: https://stip.example/z"), "{alts:?}");
    let paginas: usize = info_veld(&info(&pdf), "Pages").parse().unwrap();
    assert!(paginas >= 4, "{paginas}");
    let lang =
        object(&qpdf_json(&pdf), object(&qpdf_json(&pdf), "trailer")["/Root"].as_str().unwrap())["/Lang"].clone();
    assert_eq!(lang, "u:nl-NL", "an empty language falls back to Dutch");
}

#[test]
fn every_character_in_every_kind_of_block_still_makes_a_pdf_krilla_accepts() {
    // krilla refuses to write what breaks PDF/A or PDF/UA (a .notdef glyph, a figure without alternate text);
    // `bytes` would panic. Controls, combining marks, scripts the fonts lack, surrogate neighbours, emoji.
    let bereiken = [
        0..0x250,           // controls, Latin, Latin Extended
        0x300..0x370,       // combining marks
        0x590..0x640,       // Hebrew, Arabic (right to left)
        0x1E00..0x1F00,     // Latin Extended Additional (Vietnamese)
        0x2000..0x2070,     // spaces, bidi controls, punctuation
        0x20A0..0x20C0,     // currency
        0x3000..0x3040,     // CJK punctuation, hiragana
        0xD7F0..0xE010,     // around the surrogates, private use
        0xFEF0..0x10000,    // byte order mark, replacement character
        0x1F600..0x1F610,   // emoji
        0x10FFF0..0x110000, // the last code points
    ];
    let tekens: Vec<char> = bereiken.into_iter().flatten().filter_map(char::from_u32).collect();
    for stuk in tekens.chunks(500) {
        let s: String = stuk.iter().collect();
        let mut d = Document::new(meta(&s));
        d.kop(1, &s);
        d.alinea(&s);
        d.opsomming(&[&s]);
        d.gegevens(&[(&s, &s)]);
        d.tabel(&[&s], &[vec![&s]]);
        d.kaart(&Kaart {
            vlakken: vec![Vlak { ringen: vec![vierkant(0.0, 0.0, 10.0)], stijl: Stijl::Plan, label: Some(s.clone()) }],
            bijschrift: s.clone(),
            beschrijving: s.clone(),
            ..Kaart::default()
        });
        d.qr(&s, &s);
        d.voettekst(&s);
        assert!(d.bytes().starts_with(b"%PDF-"));
    }
}

#[test]
fn a_qr_code_read_back_from_the_rendered_page_gives_its_content_and_is_a_figure_with_its_alternate_text() {
    if !gereedschap() {
        return;
    }
    let mut d = Document::new(meta("QR"));
    d.alinea("Scan de code om uw aanvraag te volgen.");
    let link = "https://stip.example/mijn/zaken/Z-2026-000123?taal=nl";
    d.qr(link, "QR-code met de link naar uw aanvraag Z-2026-000123");
    let pdf = schrijf("qr", &d.bytes());
    qpdf_check(&pdf);

    // poppler renders the page, rqrr (an independent decoder) finds and reads the symbol.
    let beeld = render(&pdf, 1, 150);
    let mut grijs = rqrr::PreparedImage::prepare_from_greyscale(beeld.breedte, beeld.hoogte, |x, y| {
        let [r, g, b] = beeld.pixel(x, y);
        ((u16::from(r) + u16::from(g) + u16::from(b)) / 3) as u8
    });
    let codes = grijs.detect_grids();
    assert_eq!(codes.len(), 1, "one QR code on the page");
    let (_, gelezen) = codes[0].decode().unwrap();
    assert_eq!(gelezen, link);

    let json = qpdf_json(&pdf);
    let figuren: Vec<&serde_json::Value> =
        json["qpdf"][1].as_object().unwrap().values().map(|o| &o["value"]).filter(|v| v["/S"] == "/Figure").collect();
    assert_eq!(figuren.len(), 1);
    assert_eq!(figuren[0]["/Alt"], "u:QR-code met de link naar uw aanvraag Z-2026-000123");
    let bbox = bbox(figuren[0]).unwrap();
    assert!((bbox[2] - bbox[0] - (bbox[3] - bbox[1])).abs() < 0.5 && bbox[2] - bbox[0] >= 30.0 * MM - 0.5, "{bbox:?}");
}

#[test]
fn content_too_long_for_a_qr_code_is_shown_as_its_description() {
    if !gereedschap() {
        return;
    }
    let mut d = Document::new(meta("QR"));
    d.qr(&"x".repeat(4000), "Te lang voor een QR-code.");
    let pdf = schrijf("qr-lang", &d.bytes());
    assert!(tekst(&pdf).contains("Te lang voor een QR-code."));
}
