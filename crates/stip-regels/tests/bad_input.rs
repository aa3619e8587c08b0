//! Hostile and broken input: every error names file, element and reason; nothing partial comes back.

mod common;

use stip_regels::import::{self, Format, ZipLimits, imro, stop_tpod};

const IMRO_HEAD: &str = r#"<?xml version="1.0"?><imro:FeatureCollectionIMRO xmlns:imro="http://www.geonovum.nl/imro/2012/1.1" xmlns:gml="http://www.opengis.net/gml/3.2" xmlns:xlink="http://www.w3.org/1999/xlink">"#;

fn imro_doc(geometry: &str) -> String {
    format!(
        r#"{IMRO_HEAD}<imro:featureMember><imro:Bestemmingsplangebied gml:id="NL.IMRO.9999.TEST-0001"><imro:naam>Test</imro:naam><imro:overheidsCode>9999</imro:overheidsCode>
        <imro:geometrie><gml:Polygon gml:id="pg" srsName="urn:ogc:def:crs:EPSG::28992"><gml:exterior><gml:LinearRing><gml:posList>0 0 100 0 100 100 0 100 0 0</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></imro:geometrie>
        </imro:Bestemmingsplangebied></imro:featureMember>
        <imro:featureMember><imro:Bouwvlak gml:id="NL.IMRO.9999.BV1"><imro:naam>bouwvlak</imro:naam><imro:geometrie>{geometry}</imro:geometrie></imro:Bouwvlak></imro:featureMember>
        </imro:FeatureCollectionIMRO>"#
    )
}

#[test]
fn a_minimal_imro_document_imports() {
    let doc = imro_doc(
        r#"<gml:Polygon gml:id="ok"><gml:exterior><gml:LinearRing><gml:posList>1 1 5 1 5 5 1 1</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>"#,
    );
    let p = imro::import("t.gml", doc.as_bytes(), None).unwrap();
    assert_eq!(p.bevoegd_gezag.code, "gm9999");
    assert_eq!(import::detect("t.gml", doc.as_bytes()), Some(Format::Imro));
}

#[test]
fn malformed_xml_is_an_error_naming_the_file() {
    let doc = imro_doc("<gml:Polygon>").replace("</imro:Bouwvlak>", "");
    let err = imro::import("kapot.gml", doc.as_bytes(), None).unwrap_err();
    assert_eq!(err.file, "kapot.gml");
    assert!(err.to_string().contains("XML"), "{err}");
}

#[test]
fn an_unknown_namespace_is_refused() {
    let doc = imro_doc("").replace("http://www.geonovum.nl/imro/2012/1.1", "http://example.org/not-imro");
    let err = imro::import("vreemd.gml", doc.as_bytes(), None).unwrap_err();
    assert!(
        matches!(err.reason, stip_regels::Reason::UnknownNamespace(ref ns) if ns == "http://example.org/not-imro"),
        "{err}"
    );
    assert_eq!(import::detect("vreemd.gml", doc.as_bytes()), None);
}

#[test]
fn a_self_intersecting_ring_is_refused_with_feature_ring_and_place() {
    let doc = imro_doc(
        r#"<gml:Polygon gml:id="vlinder"><gml:exterior><gml:LinearRing><gml:posList>0 0 10 10 10 0 0 10 0 0</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>"#,
    );
    let err = imro::import("zelfsnijdend.gml", doc.as_bytes(), None).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("zelfsnijdend.gml")
            && msg.contains("vlinder")
            && msg.contains("ring 0")
            && msg.contains("(5.000, 5.000)"),
        "{msg}"
    );
}

#[test]
fn an_unclosed_ring_is_refused() {
    let doc = imro_doc(
        r#"<gml:Polygon gml:id="open"><gml:exterior><gml:LinearRing><gml:posList>0 0 10 0 10 10 0 10</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>"#,
    );
    let msg = imro::import("open.gml", doc.as_bytes(), None).unwrap_err().to_string();
    assert!(msg.contains("not closed") && msg.contains("open"), "{msg}");
}

#[test]
fn an_unknown_crs_is_refused() {
    let doc = imro_doc(
        r#"<gml:Polygon gml:id="merc" srsName="EPSG:3857"><gml:exterior><gml:LinearRing><gml:posList>0 0 10 0 10 10 0 0</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>"#,
    );
    let msg = imro::import("crs.gml", doc.as_bytes(), None).unwrap_err().to_string();
    assert!(msg.contains("EPSG:3857") && msg.contains("merc"), "{msg}");
}

#[test]
fn an_entity_bomb_in_a_package_is_refused_and_nothing_is_returned() {
    let bomb = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><ow-dc:owBestand xmlns:ow-dc="http://www.geostandaarden.nl/imow/bestanden/deelbestand">&lol1;</ow-dc:owBestand>"#;
    let err = stop_tpod::import(vec![("owBom.xml".into(), bomb.as_bytes().to_vec())], None).unwrap_err();
    assert_eq!(err.file, "owBom.xml");
    assert!(err.to_string().contains("DOCTYPE"), "{err}");
    let err = imro::import("bom.gml", bomb.as_bytes(), None).unwrap_err();
    assert!(err.to_string().contains("DOCTYPE"), "{err}");
}

#[test]
fn a_zip_bomb_package_or_one_with_too_many_entries_is_refused_naming_the_entry_and_the_limit() {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    w.start_file("owGroot.xml", zip::write::SimpleFileOptions::default()).unwrap();
    std::io::Write::write_all(&mut w, &vec![b' '; 3 << 20]).unwrap();
    let z = w.finish().unwrap().into_inner();
    let limits = ZipLimits { max_total_bytes: 1 << 20, ..ZipLimits::PACKAGE };
    let err = stop_tpod::import_with_limits(vec![("bom.zip".into(), z.clone())], &limits, None).unwrap_err();
    assert!(err.to_string().contains("zip bomb") && err.to_string().contains("owGroot.xml"), "{err}");
    let limits = ZipLimits { max_entries: 0, ..ZipLimits::PACKAGE };
    let err = stop_tpod::import_with_limits(vec![("bom.zip".into(), z)], &limits, None).unwrap_err();
    assert!(err.to_string().contains("more than 0 entries"), "{err}");
}

#[test]
fn a_package_without_a_besluit_is_an_error() {
    let err = stop_tpod::import(vec![], None).unwrap_err();
    assert!(err.to_string().contains("AKN besluit"), "{err}");
}

#[test]
fn a_gebied_pointing_to_a_missing_gio_geometry_is_a_broken_reference() {
    let Some(f) = common::fixtures() else { return };
    let files: Vec<_> = common::read_folder(&f.join("gemeentestad/opdracht"))
        .into_iter()
        .filter(|(n, _)| n != "Speelhal.gml")
        .collect();
    let err = stop_tpod::import(files, None).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("owLocaties-Gemeentestad.xml")
            && msg.contains("Gebied nl.imow-gm0297.gebied.2019000007")
            && msg.contains("33B7D2D0"),
        "{msg}"
    );
}

#[test]
fn formats_are_detected_and_other_files_are_unsupported() {
    let Some(f) = common::fixtures() else { return };
    let read = |p: &str| std::fs::read(f.join(p)).unwrap();
    assert_eq!(import::detect("x", &read("gemeentestad/opdracht/owLocaties-Gemeentestad.xml")), Some(Format::StopTpod));
    assert_eq!(import::detect("x", &read("imro/stationspleinzuidoost.gml")), Some(Format::Imro));
    assert_eq!(
        import::detect("x", &read("bag-brk/bag-doesburg-0221/0221PND15092020-all-panden.zip")),
        Some(Format::Bag)
    );
    assert_eq!(import::detect("x", &read("bag-brk/brk-dkk-v5/kadastralekaart_perceel.gml")), Some(Format::Brk));
    assert_eq!(import::detect("x", &read("amsterdam-vergunningcheck/geo.dmn")), None);
    assert_eq!(import::detect_package(&common::read_folder(&f.join("gemeentestad/opdracht"))), Some(Format::StopTpod));
}

#[test]
fn a_brk_gml_inside_a_zip_imports_the_same_percelen_as_the_file_itself() {
    let Some(f) = common::fixtures() else { return };
    let gml = std::fs::read(f.join("bag-brk/brk-dkk-v5/kadastralekaart_perceel.gml")).unwrap();
    let direct = import::brk::import("kadastralekaart_perceel.gml", &gml, None).unwrap();
    let z = common::zip_of(&[("leesmij.txt", b"DKK"), ("kadastralekaart_perceel.gml", &gml)]);
    assert_eq!(import::detect("dkk.zip", &z), Some(Format::Brk));
    let zipped = import::brk::import("dkk.zip", &z, None).unwrap();
    assert_eq!(zipped.len(), 11);
    assert_eq!(zipped, direct);
    let err = import::brk::import("leeg.zip", &common::zip_of(&[("leesmij.txt", b"DKK")]), None).unwrap_err();
    assert_eq!((err.file.as_str(), err.element.as_str()), ("leeg.zip", "zip"), "{err}");
}

#[test]
fn an_imro_gml_inside_a_zip_imports_like_the_file_itself_and_errors_name_zip_and_entry() {
    let Some(f) = common::fixtures() else { return };
    let gml = std::fs::read(f.join("imro/NL.IMRO.0798.BPDoornboom-ON01.gml")).unwrap();
    let direct = imro::import("NL.IMRO.0798.BPDoornboom-ON01.gml", &gml, None).unwrap();
    let zipped =
        imro::import("plan.zip", &common::zip_of(&[("NL.IMRO.0798.BPDoornboom-ON01.gml", &gml)]), None).unwrap();
    assert_eq!((zipped.id.as_str(), zipped.locaties.len()), (direct.id.as_str(), direct.locaties.len()));
    let kapot = imro_doc(
        "<gml:Polygon><gml:exterior><gml:LinearRing><gml:posList>0 0 1 1</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>",
    );
    let err = imro::import("plan.zip", &common::zip_of(&[("kapot.gml", kapot.as_bytes())]), None).unwrap_err();
    assert_eq!(err.file, "plan.zip!kapot.gml", "{err}");
}

#[test]
fn a_small_zip_inflating_far_beyond_its_size_is_refused_as_a_zip_bomb_naming_the_entry() {
    let mut xml = br#"<sl-bag-extract:bagStand xmlns:sl-bag-extract="http://www.kadaster.nl/schemas/lvbag/extract-deelbestand-lvc/v20200601">"#.to_vec();
    xml.resize(16 << 20, b' ');
    xml.extend_from_slice(b"</sl-bag-extract:bagStand>");
    let bomb = common::zip_of(&[("0221PND-bom.xml", &xml)]);
    assert!(bomb.len() < 100 << 10, "{}", bomb.len());
    assert_eq!(import::detect("bom.zip", &bomb), Some(Format::Bag), "recognised from the first bytes");
    let err = import::bag::import(&[("bom.zip".into(), bomb)], Default::default(), None).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("0221PND-bom.xml") && msg.contains("100 times") && msg.contains("zip bomb"), "{msg}");
}
