//! The Gemeentestad STOP/TPOD delivery: norms and activiteiten at verified points, links, snapshot.

mod common;

use std::collections::{BTreeSet, HashMap, HashSet};

use quick_xml::events::Event;
use stip_regels::antwoord::Antwoord;
use stip_regels::model::{Kwalificatie, PlanSoort};
use stip_regels::{RdPoint, RegelIndex};

fn at(idx: &RegelIndex, x: f64, y: f64) -> Antwoord {
    idx.at_point(RdPoint::new(x, y).unwrap())
}

fn bouwhoogte(a: &Antwoord) -> Vec<f64> {
    a.normen
        .iter()
        .filter(|n| n.type_ == "MaximumBouwhoogte" && n.eenheid.as_deref() == Some("m"))
        .filter_map(|n| n.waarde)
        .collect()
}

#[test]
fn the_bouwhoogte_norm_has_the_verified_value_at_each_test_point() {
    let Some(f) = common::fixtures() else { return };
    let idx = RegelIndex::build(vec![common::gemeentestad(&f)], vec![], vec![]);
    for (x, y, want) in [
        (138247.7, 423827.1, Some(7.0)),
        (137969.5, 423906.7, Some(7.0)),
        (138398.3, 424546.8, Some(13.0)),
        (138430.7, 424243.0, Some(13.0)),
        (137000.0, 423000.0, None),
    ] {
        let a = at(&idx, x, y);
        assert_eq!(bouwhoogte(&a), want.into_iter().collect::<Vec<_>>(), "at ({x}, {y})");
        if let Some(w) = want {
            let zin = format!("Hier mag u maximaal {} meter hoog bouwen.", w as i64);
            assert!(a.samenvatting.contains(&zin), "{:?}", a.samenvatting);
            let n = a.normen.iter().find(|n| n.type_ == "MaximumBouwhoogte").unwrap();
            let rt = n.regeltekst.as_ref().expect("norm links to its regeltekst");
            assert_eq!(rt.artikel, "2.14");
            assert!(rt.tekst.contains("maximum bouwhoogte van een bedrijfsgebouw"), "{}", rt.tekst);
        }
    }
}

#[test]
fn the_plan_knows_its_regeling_bevoegd_gezag_and_links() {
    let Some(f) = common::fixtures() else { return };
    let p = common::gemeentestad(&f);
    assert_eq!(p.id, "/akn/nl/act/gm0297/2019/reg456");
    assert_eq!(p.versie, "nld@1");
    assert_eq!(p.bevoegd_gezag.code, "gm0297");
    assert_eq!(p.soort, PlanSoort::Imow);
    let rvi =
        p.juridische_regels.iter().filter(|r| r.soort == stip_regels::model::RegelSoort::RegelVoorIedereen).count();
    assert_eq!(rvi, 20);
    assert_eq!(p.juridische_regels.len(), 21, "plus one Omgevingswaarderegel");
    let mut k: HashMap<String, usize> = HashMap::new();
    for r in &p.juridische_regels {
        for a in &r.activiteiten {
            *k.entry(format!("{:?}", a.kwalificatie)).or_default() += 1;
        }
    }
    // the AndersGeduid one in the file is commented out
    assert_eq!(k.get("Toegestaan"), Some(&10));
    assert_eq!(k.get("Vergunningplicht"), Some(&4));
    assert_eq!(k.get("Verbod"), Some(&3));
    assert_eq!(k.get("Meldingsplicht"), Some(&2));
    let art = p.artikelen.iter().find(|a| a.wid == "gm0297_1__chp_2__subchp_2.5__art_2.14").unwrap();
    assert!(art.informatieobjecten.iter().any(|io| io.contains("Bouwhoogte")), "IntIoRef → ExtIoRef → GIO");
    let welstand: BTreeSet<_> =
        p.normen.iter().filter_map(|n| n.kwalitatieve_waarde.as_deref().map(String::from)).collect();
    assert_eq!(welstand, ["hoog", "laag", "midden"].into_iter().map(String::from).collect());
}

/// Independent read of owLocaties (group → members) and owRegeltekst (activiteit, kwalificatie, locaties).
type Groepen = HashMap<String, Vec<String>>;
/// (activiteit, kwalificatie, locaties) per ActiviteitLocatieaanduiding.
type Aanduidingen = Vec<(String, String, Vec<String>)>;

fn independent_activiteiten(f: &std::path::Path) -> (Groepen, Aanduidingen) {
    let dir = f.join("gemeentestad/opdracht");
    let mut groups: HashMap<String, Vec<String>> = HashMap::new();
    let text = std::fs::read_to_string(dir.join("owLocaties-Gemeentestad.xml")).unwrap();
    let mut r = quick_xml::Reader::from_str(&text);
    let (mut cur, mut in_id, mut in_group) = (String::new(), false, false);
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) => {
                let n = e.local_name().as_ref().to_string();
                match n.as_str() {
                    "Gebiedengroep" => in_group = true,
                    "identificatie" => in_id = in_group,
                    "GebiedRef" if in_group => {
                        let href = e.attributes().flatten().find(|a| a.key.local_name().as_ref() == "href").unwrap();
                        groups.entry(cur.clone()).or_default().push(href.value.to_string());
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_id => {
                cur = t.xml10_content().trim().to_string();
                in_id = false;
            }
            Event::End(e) if e.local_name().as_ref() == "Gebiedengroep" => in_group = false,
            Event::Eof => break,
            _ => {}
        }
    }
    let text = std::fs::read_to_string(dir.join("owRegeltekst-Gemeentestad.xml")).unwrap();
    let mut r = quick_xml::Reader::from_str(&text);
    let mut out = Vec::new();
    let (mut act, mut kw, mut locs, mut in_ala, mut in_kw) = (String::new(), String::new(), Vec::new(), false, false);
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) => {
                let n = e.local_name().as_ref().to_string();
                let href = || {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == "href")
                        .map(|a| a.value.to_string())
                };
                match n.as_str() {
                    "ActiviteitRef" => act = href().unwrap(),
                    "ActiviteitLocatieaanduiding" => {
                        in_ala = true;
                        locs.clear();
                    }
                    "activiteitregelkwalificatie" => in_kw = true,
                    "LocatieRef" if in_ala => locs.push(href().unwrap()),
                    _ => {}
                }
            }
            Event::Text(t) if in_kw => {
                kw = t.xml10_content().trim().rsplit('/').next().unwrap().to_string();
                in_kw = false;
            }
            Event::End(e) if e.local_name().as_ref() == "ActiviteitLocatieaanduiding" => {
                in_ala = false;
                out.push((act.clone(), kw.clone(), locs.clone()));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    (groups, out)
}

#[test]
fn activiteiten_and_kwalificaties_at_the_test_points_match_an_independent_read_of_the_ow_files() {
    let Some(f) = common::fixtures() else { return };
    let idx = RegelIndex::build(vec![common::gemeentestad(&f)], vec![], vec![]);
    let (groups, alas) = independent_activiteiten(&f);
    assert_eq!(alas.len(), 19);
    for (x, y) in
        [(138247.7, 423827.1), (137969.5, 423906.7), (138398.3, 424546.8), (138430.7, 424243.0), (137000.0, 423000.0)]
    {
        let a = at(&idx, x, y);
        // locaties here: the geometry hits (from stip's geometry), the groups holding them, and the ambtsgebied
        let mut here: HashSet<String> = a.gebieden.iter().map(|g| g.locatie.to_string()).collect();
        for (g, members) in &groups {
            if members.iter().any(|m| here.contains(m)) {
                here.insert(g.clone());
            }
        }
        let expected: BTreeSet<(String, String)> = alas
            .iter()
            .filter(|(_, _, ls)| ls.iter().any(|l| here.contains(l)))
            .map(|(a, k, _)| (a.clone(), k.clone()))
            .collect();
        let got: BTreeSet<(String, String)> = a
            .activiteiten
            .iter()
            .map(|x| {
                (
                    x.id.to_string(),
                    match &x.kwalificatie {
                        Kwalificatie::Anders(s) => s.clone(),
                        k => format!("{k:?}"),
                    },
                )
            })
            .collect();
        assert_eq!(got, expected, "at ({x}, {y})");
        assert!(!got.is_empty());
    }
}

#[test]
fn known_activiteiten_have_their_kwalificatie_parent_chain_and_article() {
    let Some(f) = common::fixtures() else { return };
    let idx = RegelIndex::build(vec![common::gemeentestad(&f)], vec![], vec![]);
    let a = at(&idx, 138398.3, 424546.8);
    let lpg = a.activiteiten.iter().find(|x| x.id == "nl.imow-gm0297.activiteit.2019000540").expect("lpg verkooppunt");
    assert_eq!(lpg.kwalificatie, Kwalificatie::Vergunningplicht);
    assert_eq!(lpg.regeltekst.as_ref().unwrap().artikel, "2.7 lid 1");
    assert_eq!(
        lpg.bovenliggende.first().map(|b| b.id.as_str()),
        Some("nl.imow-gm0297.activiteit.ActInOmgevingsplanGem")
    );
    let verbod = a.activiteiten.iter().find(|x| x.id == "nl.imow-gm0297.activiteit.2019000730").unwrap();
    assert_eq!(verbod.kwalificatie, Kwalificatie::Verbod);
    assert!(a.gebiedsaanwijzingen.iter().any(|g| g.naam == "Bedrijf categorie 2" && g.type_ == "Functie"));
    assert_eq!(a.bevoegd_gezag[0].code, "gm0297");
}

#[test]
fn the_answer_people_read_at_industriegebied_1_is_stable() {
    let Some(f) = common::fixtures() else { return };
    let idx = RegelIndex::build(vec![common::gemeentestad(&f)], vec![], vec![]);
    let a = at(&idx, 138247.7, 423827.1);
    let view = serde_json::json!({
        "samenvatting": a.samenvatting,
        "normen": a.normen.iter().map(|n| serde_json::json!({"type": n.type_, "waarde": n.waarde, "kwalitatieveWaarde": n.kwalitatieve_waarde, "eenheid": n.eenheid, "artikel": n.regeltekst.as_ref().map(|r| r.artikel.clone())})).collect::<Vec<_>>(),
        "activiteiten": a.activiteiten.iter().map(|x| serde_json::json!({"id": x.id, "kwalificatie": x.kwalificatie})).collect::<Vec<_>>(),
        "gebieden": a.gebieden,
    });
    insta::assert_json_snapshot!(view);
}

#[test]
fn a_rule_pointing_to_a_missing_locatie_is_an_error_naming_file_element_and_id() {
    let Some(f) = common::fixtures() else { return };
    let mut files = common::read_folder(&f.join("gemeentestad/opdracht"));
    let ow = files.iter_mut().find(|(n, _)| n == "owRegeltekst-Gemeentestad.xml").unwrap();
    let text = String::from_utf8(ow.1.clone()).unwrap().replacen(
        r#"<l:LocatieRef xlink:href="nl.imow-gm0297.gebiedengroep.zoneB"/>"#,
        r#"<l:LocatieRef xlink:href="nl.imow-gm0297.gebied.bestaatniet"/>"#,
        1,
    );
    ow.1 = text.into_bytes();
    let err = stip_regels::import::stop_tpod::import(files, None).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("owRegeltekst-Gemeentestad.xml"), "{msg}");
    assert!(msg.contains("nl.imow-gm0297.juridischeregel.2019000011"), "{msg}");
    assert!(msg.contains("nl.imow-gm0297.gebied.bestaatniet"), "{msg}");
}

#[test]
fn the_package_imports_the_same_from_a_zip_and_reports_progress() {
    let Some(f) = common::fixtures() else { return };
    let files = common::read_folder(&f.join("gemeentestad/opdracht"));
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (n, b) in &files {
        w.start_file(n.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut w, b).unwrap();
    }
    let z = w.finish().unwrap().into_inner();
    assert_eq!(stip_regels::import::detect("levering.zip", &z), Some(stip_regels::import::Format::StopTpod));
    let mut steps = 0;
    let mut cb = |_p: stip_regels::import::Progress| steps += 1;
    let from_zip = stip_regels::import::stop_tpod::import(vec![("levering.zip".into(), z)], Some(&mut cb)).unwrap();
    assert!(steps > 10);
    let from_folder = common::gemeentestad(&f);
    assert_eq!(from_zip.normen, from_folder.normen);
    assert_eq!(from_zip.locaties.len(), from_folder.locaties.len());
}
