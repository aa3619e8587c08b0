//! BAG panden (Doesburg, from the zip) and BRK percelen (DKK) at a point.

mod common;

use geo::{Centroid, InteriorPoint};
use stip_regels::import::bag;
use stip_regels::{RdPoint, RegelIndex};

#[test]
fn the_doesburg_zip_gives_every_current_pand_and_one_is_found_under_a_point_in_its_footprint() {
    let Some(f) = common::fixtures() else { return };
    let name = "0221PND15092020-all-panden.zip";
    let zip = std::fs::read(f.join("bag-brk/bag-doesburg-0221").join(name)).unwrap();
    let all = bag::import(&[(name.to_string(), zip)], bag::BagOptions { historie: true, ..Default::default() }, None)
        .unwrap();
    assert_eq!(all.panden.len(), 13_098, "every voorkomen");
    let panden = common::doesburg_panden(&f);
    let ids: std::collections::HashSet<_> = panden.iter().map(|p| p.identificatie.clone()).collect();
    assert_eq!(ids.len(), panden.len(), "one current voorkomen per pand");
    assert_eq!(panden.len(), 7_797);
    let p = panden
        .iter()
        .find(|p| p.bouwjaar.is_some_and(|b| b > 1900 && b < 2020) && p.status == "Pand in gebruik")
        .unwrap()
        .clone();
    let inside = p.geometrie.interior_point().unwrap();
    let idx = RegelIndex::build(vec![], panden, vec![]);
    let a = idx.at_point(RdPoint::new(inside.x(), inside.y()).unwrap());
    let hit = a.panden.iter().find(|h| h.identificatie == p.identificatie).expect("pand found");
    assert_eq!(hit.bouwjaar, p.bouwjaar);
    assert!(a.samenvatting.iter().any(|z| z.starts_with("Hier staat een gebouw uit")), "{:?}", a.samenvatting);
}

#[test]
fn only_the_current_voorkomen_is_kept_unless_history_is_asked() {
    let Some(f) = common::fixtures() else { return };
    let dir = f.join("bag-brk/bag-doesburg-0221");
    let files: Vec<_> = ["0221PND15092020-000001.xml", "0221VBO15092020-000001.xml", "0221NUM15092020-000001.xml"]
        .iter()
        .map(|n| (n.to_string(), std::fs::read(dir.join(n)).unwrap()))
        .collect();
    let cur = bag::import(&files, bag::BagOptions::default(), None).unwrap();
    let all = bag::import(&files, bag::BagOptions { historie: true, ..Default::default() }, None).unwrap();
    assert_eq!(all.panden.len(), 6);
    assert_eq!(all.verblijfsobjecten.len(), 5);
    assert!(cur.panden.len() < all.panden.len());
    assert!(cur.panden.iter().all(|p| p.voorkomen.as_ref().unwrap().eind_geldigheid.is_none()));
    let ids: std::collections::HashSet<_> = cur.panden.iter().map(|p| &p.identificatie).collect();
    assert_eq!(ids.len(), cur.panden.len(), "one voorkomen per pand");
    let vbo = &all.verblijfsobjecten[0];
    assert_eq!(vbo.gebruiksdoelen, vec!["woonfunctie".to_string()]);
    assert_eq!(vbo.panden, vec!["0221100000312938".to_string()]);
    assert!(vbo.punt.is_some() && vbo.oppervlakte == Some(306));
    let num = cur.nummeraanduidingen.iter().find(|n| n.identificatie == "0221200000330151").unwrap();
    assert_eq!(num.postcode.as_deref(), Some("6982CZ"));
    assert_eq!(num.huisnummer, Some(2));
    assert_eq!(num.openbare_ruimte.as_deref(), Some("0221300000311239"));
    assert_eq!(stip_regels::import::detect(&files[0].0, &files[0].1), Some(stip_regels::import::Format::Bag));
}

#[test]
fn a_perceel_is_found_at_a_point_inside_it_with_its_kadastrale_aanduiding() {
    let Some(f) = common::fixtures() else { return };
    let percelen = common::percelen(&f);
    assert_eq!(percelen.len(), 11);
    let p = percelen.iter().find(|p| p.kadastrale_aanduiding.perceelnummer == "2298").unwrap().clone();
    assert_eq!(p.kadastrale_grootte, Some(222.0));
    let c = p.geometrie.centroid().unwrap();
    let idx = RegelIndex::build(vec![], vec![], percelen);
    let a = idx.at_point(RdPoint::new(c.x(), c.y()).unwrap());
    assert_eq!(a.percelen.len(), 1);
    assert_eq!(a.percelen[0].kadastrale_aanduiding, "Otterlo B 2298");
    assert!(a.samenvatting.contains(&"Dit is perceel Otterlo B 2298.".to_string()));
}
