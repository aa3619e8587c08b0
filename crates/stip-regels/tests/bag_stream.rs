//! The streaming BAG import and the compact panden built from it, against the plain rules (one voorkomen per
//! object, the later extract wins) on the Doesburg fixtures and on synthetic extracts with history.

mod common;

use stip_regels::import::bag::{self, BagObject};
use stip_regels::import::{Bestand, ZipLimits};
use stip_regels::model::Pand;
use stip_regels::objecten::{Panden, PandenBuilder};
use stip_regels::synth::{self, SynthConfig};

fn doesburg(f: &std::path::Path) -> Vec<Bestand> {
    let dir = f.join("bag-brk/bag-doesburg-0221");
    [
        "0221PND15092020-all-panden.zip",
        "0221PND15092020-000001.xml",
        "0221VBO15092020-000001.xml",
        "0221NUM15092020-000001.xml",
    ]
    .iter()
    .map(|n| (n.to_string(), std::fs::read(dir.join(n)).unwrap()))
    .collect()
}

fn gestroomd(files: &[Bestand]) -> Vec<BagObject> {
    let mut alle = Vec::new();
    bag::stream(files, &ZipLimits::PACKAGE, None, &mut |o| alle.push(o)).unwrap();
    alle
}

fn panden(objecten: &[BagObject]) -> Vec<Pand> {
    objecten.iter().filter_map(|o| if let BagObject::Pand(p) = o { Some(p.clone()) } else { None }).collect()
}

fn gelijk(a: &Panden, b: &Panden) {
    assert_eq!(format!("{:?}", a.to_parts()), format!("{:?}", b.to_parts()));
}

#[test]
fn the_streamed_doesburg_extract_is_every_voorkomen_in_order_and_the_import_keeps_what_the_plain_rules_keep() {
    let Some(f) = common::fixtures() else { return };
    let files = doesburg(&f);
    let alle = gestroomd(&files);
    let historie = bag::import(&files, bag::BagOptions { historie: true, ..Default::default() }, None).unwrap();
    assert_eq!(panden(&alle), historie.panden, "every voorkomen, in the order of the files");
    assert_eq!(historie.panden.len(), 13_098 + 6);
    let huidig = synth::bag_huidig(&[alle]);
    let import = bag::import(&files, bag::BagOptions::default(), None).unwrap();
    assert_eq!(import.panden, panden(&huidig));
    assert!(import.panden.len() < 7_797 + 6, "the small file's panden are in the zip too: one voorkomen each");
    let vbos: Vec<_> = huidig
        .iter()
        .filter_map(|o| if let BagObject::Verblijfsobject(v) = o { Some(v.clone()) } else { None })
        .collect();
    assert_eq!(import.verblijfsobjecten, vbos);
    let nummers: Vec<_> = huidig
        .iter()
        .filter_map(|o| if let BagObject::Nummeraanduiding(n) = o { Some(n.clone()) } else { None })
        .collect();
    assert_eq!(import.nummeraanduidingen, nummers);
}

#[test]
fn panden_built_as_the_doesburg_extract_streams_in_equal_panden_made_from_the_import() {
    let Some(f) = common::fixtures() else { return };
    let files = doesburg(&f);
    let mut builder = PandenBuilder::default();
    bag::stream(&files, &ZipLimits::PACKAGE, None, &mut |o| {
        if let BagObject::Pand(p) = o {
            builder.push(&p);
        }
    })
    .unwrap();
    let gebouwd = builder.finish();
    let import = bag::import(&files, bag::BagOptions::default(), None).unwrap();
    assert_eq!(gebouwd.len(), import.panden.len());
    gelijk(&gebouwd, &Panden::new(import.panden));
}

#[test]
fn panden_built_from_two_streamed_extracts_with_history_equal_panden_of_what_the_plain_rules_keep() {
    let cfg = SynthConfig { panden: 3_000, ..SynthConfig::national(0.0) };
    let extracten = synth::bag_met_historie(&cfg);
    let mut builder = PandenBuilder::default();
    for extract in &extracten {
        builder.volgend_extract();
        for o in extract {
            if let BagObject::Pand(p) = o {
                builder.push(p);
            }
        }
    }
    let gebouwd = builder.finish();
    let verwacht = panden(&synth::bag_huidig(&extracten));
    assert!(verwacht.len() < cfg.panden, "objects with only an ended voorkomen are gone");
    assert!(verwacht.iter().any(|p| p.bouwjaar == Some(1800)), "the second extract's version is in");
    gelijk(&gebouwd, &Panden::new(verwacht));
}

#[test]
fn a_malformed_deelbestand_in_the_middle_of_a_stream_fails_naming_it_after_the_objects_before_it() {
    let pand = |id: &str| {
        format!(
            "<Objecten:Pand><Objecten:identificatie>{id}</Objecten:identificatie><Objecten:geometrie><gml:Polygon><gml:exterior><gml:LinearRing><gml:posList>0 0 10 0 10 10 0 0</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></Objecten:geometrie></Objecten:Pand>"
        )
    };
    let deel = |body: String| {
        format!(
            r#"<sl-bag-extract:bagStand xmlns:sl-bag-extract="x" xmlns:Objecten="y" xmlns:gml="http://www.opengis.net/gml/3.2">{body}</sl-bag-extract:bagStand>"#
        )
        .into_bytes()
    };
    let files: Vec<Bestand> = vec![
        ("PND-000001.xml".into(), deel(pand("0221100000000001"))),
        (
            "PND-000002.xml".into(),
            deel(
                pand("0221100000000002")
                    .replace("<Objecten:identificatie>0221100000000002</Objecten:identificatie>", ""),
            ),
        ),
        ("PND-000003.xml".into(), deel(pand("0221100000000003"))),
    ];
    let mut gezien = Vec::new();
    let fout = bag::stream(&files, &ZipLimits::PACKAGE, None, &mut |o| gezien.push(o)).unwrap_err();
    assert!(fout.to_string().contains("PND-000002.xml"), "{fout}");
    assert!(fout.to_string().contains("identificatie"), "{fout}");
    assert_eq!(gezien.len(), 1, "the first deelbestand's pand, nothing after the error");
    assert!(bag::import(&files, Default::default(), None).is_err(), "the collecting import gives nothing");
}
