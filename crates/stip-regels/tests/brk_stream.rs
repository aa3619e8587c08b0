//! The streaming BRK import and the compact percelen built from it, against the batch import and `Percelen::new`
//! (with, of a perceel in two extracts, only the later kept) on the DKK fixture and on synthetic extracts.

mod common;

use stip_regels::import::brk;
use stip_regels::model::Perceel;
use stip_regels::objecten::{Percelen, PercelenBuilder};
use stip_regels::synth::{self, SynthConfig};

fn gelijk(a: &Percelen, b: &Percelen) {
    assert_eq!(format!("{:?}", a.to_parts()), format!("{:?}", b.to_parts()));
}

/// Every extract streamed into one builder, one after the other.
fn gestroomd(extracten: &[(&str, &[u8])]) -> Result<Percelen, stip_regels::ImportError> {
    let mut b = PercelenBuilder::default();
    for (naam, bytes) in extracten {
        brk::stream(naam, bytes, None, &mut |p| b.push(&p))?;
    }
    Ok(b.finish())
}

/// The plain rule: of an identificatie only the perceel read last, listed where it came in.
fn laatste_per_id(percelen: Vec<Perceel>) -> Vec<Perceel> {
    let mut gezien = std::collections::HashSet::new();
    let mut uniek: Vec<Perceel> =
        percelen.into_iter().rev().filter(|p| gezien.insert(p.identificatie.clone())).collect();
    uniek.reverse();
    uniek
}

fn dkk(f: &std::path::Path) -> Vec<u8> {
    std::fs::read(f.join("bag-brk/brk-dkk-v5/kadastralekaart_perceel.gml")).unwrap()
}

#[test]
fn streamed_dkk_percelen_equal_the_compact_percelen_of_the_batch_import_and_a_zip_streams_like_its_file() {
    let Some(f) = common::fixtures() else { return };
    let gml = dkk(&f);
    let batch = brk::import("kadastralekaart_perceel.gml", &gml, None).unwrap();
    assert_eq!(batch.len(), 11);
    let mut gelezen = Vec::new();
    brk::stream("kadastralekaart_perceel.gml", &gml, None, &mut |p| gelezen.push(p)).unwrap();
    assert_eq!(gelezen, batch, "every perceel, in the order of the file");
    let verwacht = Percelen::new(batch.clone());
    gelijk(&gestroomd(&[("kadastralekaart_perceel.gml", &gml)]).unwrap(), &verwacht);
    let z = common::zip_of(&[("leesmij.txt", b"DKK"), ("kadastralekaart_perceel.gml", &gml)]);
    gelijk(&gestroomd(&[("dkk.zip", &z)]).unwrap(), &verwacht);
    for (i, p) in batch.iter().enumerate() {
        assert_eq!(&verwacht.perceel(i), p);
    }
}

#[test]
fn the_dkk_read_twice_keeps_each_perceel_once_as_the_second_extract_has_it() {
    let Some(f) = common::fixtures() else { return };
    let gml = dkk(&f);
    let eerst = brk::import("a.gml", &gml, None).unwrap();
    // the second extract: the same percelen, one with another grootte
    let anders =
        String::from_utf8(gml.clone()).unwrap().replacen("<oz:waarde>222</oz:waarde>", "<oz:waarde>223</oz:waarde>", 1);
    let herschikt = brk::import("b.gml", anders.as_bytes(), None).unwrap();
    assert_ne!(herschikt, eerst, "the second extract differs");
    let percelen = gestroomd(&[("a.gml", &gml), ("b.gml", anders.as_bytes())]).unwrap();
    let mut alle = eerst.clone();
    alle.extend(herschikt.clone());
    gelijk(&percelen, &Percelen::new(laatste_per_id(alle)));
    assert_eq!(percelen.len(), 11);
    assert_eq!(percelen.kadastrale_grootte(0), Some(223.0), "the later extract's");
}

#[test]
fn synthetic_percelen_in_two_extracts_build_the_compact_percelen_of_the_later_of_each() {
    let cfg = SynthConfig { panden: 3_000, ..SynthConfig::national(0.0) };
    let alle = synth::percelen(&cfg);
    assert_eq!(alle.len(), 2_100);
    assert_eq!(synth::percelen_stroom(&cfg).collect::<Vec<_>>(), alle, "the stream makes the same percelen");
    // extract 1: the first 1,500; extract 2: from 1,000 on, changed, and one perceel twice
    let eerste = &alle[..1_500];
    let mut tweede: Vec<Perceel> = alle[1_000..]
        .iter()
        .cloned()
        .map(|mut p| {
            p.kadastrale_grootte = p.kadastrale_grootte.map(|g| g + 1.0);
            p.kadastrale_aanduiding.sectie = format!("{}2", p.kadastrale_aanduiding.sectie);
            p.geometrie = synth::star(
                &mut synth::Rng::new(p.geometrie.exterior().0.len() as u64),
                p.geometrie.exterior().0[0],
                6,
                5.0,
                9.0,
            );
            p.plaatscoordinaten = None;
            p
        })
        .collect();
    let mut nogmaals = tweede[0].clone();
    nogmaals.kadastrale_grootte = Some(1.0);
    tweede.push(nogmaals);

    let mut b = PercelenBuilder::default();
    for p in eerste.iter().chain(&tweede) {
        b.push(p);
    }
    let gestroomd = b.finish();
    let mut invoer = eerste.to_vec();
    invoer.extend(tweede.iter().cloned());
    let verwacht = laatste_per_id(invoer);
    assert_eq!(verwacht.len(), 2_100);
    gelijk(&gestroomd, &Percelen::new(verwacht.clone()));
    for (i, p) in verwacht.iter().enumerate() {
        assert_eq!(gestroomd.identificatie(i), p.identificatie);
        assert_eq!(gestroomd.kadastrale_aanduiding(i), p.kadastrale_aanduiding);
    }
    assert_eq!(gestroomd.kadastrale_grootte(2_099), Some(1.0), "read last, listed last");

    // every perceel once, in order: the builder gives exactly `Percelen::new`
    let mut b = PercelenBuilder::default();
    synth::percelen_stroom(&cfg).for_each(|p| b.push(&p));
    gelijk(&b.finish(), &Percelen::new(alle));
}

#[test]
fn a_malformed_gml_in_a_streamed_zip_fails_naming_zip_entry_and_perceel() {
    let Some(f) = common::fixtures() else { return };
    let gml = String::from_utf8(dkk(&f)).unwrap();
    // the third perceel without its perceelnummer
    let derde = gml.match_indices("<oz:Perceel ").nth(2).unwrap().0;
    let slecht = format!("{}{}", &gml[..derde], gml[derde..].replacen("oz:perceelnummer>", "oz:nummer>", 2));
    let z = common::zip_of(&[("goed.gml", gml.as_bytes()), ("slecht.gml", slecht.as_bytes())]);
    let mut gelezen = 0;
    let err = brk::stream("dkk.zip", &z, None, &mut |_| gelezen += 1).unwrap_err();
    assert_eq!(err.file, "dkk.zip!slecht.gml", "{err}");
    let derde_id = &brk::import("goed.gml", gml.as_bytes(), None).unwrap()[2].identificatie;
    assert_eq!(err.element, format!("Perceel {derde_id}"), "{err}");
    assert!(err.to_string().contains("perceelnummer"), "{err}");
    assert_eq!(gelezen, 11 + 2, "the percelen before it were handed on");
    assert!(gestroomd(&[("dkk.zip", &z)]).is_err());
}
