//! A stored plan version (serialized blob) rebuilds an index that answers the same.

mod common;

use stip_regels::model::PlanVersie;
use stip_regels::{RdPoint, RegelIndex};

#[test]
fn plan_versions_survive_a_json_round_trip_and_answer_the_same() {
    let Some(f) = common::fixtures() else { return };
    let plannen = vec![common::gemeentestad(&f), common::imro_plan(&f, "stationspleinzuidoost.gml")];
    let blobs: Vec<Vec<u8>> = plannen.iter().map(|p| serde_json::to_vec(p).unwrap()).collect();
    let restored: Vec<PlanVersie> = blobs.iter().map(|b| serde_json::from_slice(b).unwrap()).collect();
    // (serde_json may round the last bit of a coordinate; everything else is identical)
    for (r, p) in restored.iter().zip(&plannen) {
        assert_eq!(
            (&r.id, &r.normen, &r.juridische_regels, &r.artikelen, &r.planobjecten),
            (&p.id, &p.normen, &p.juridische_regels, &p.artikelen, &p.planobjecten)
        );
        assert_eq!(r.locaties.len(), p.locaties.len());
    }
    let a = RegelIndex::build(plannen, vec![], vec![]);
    let b = RegelIndex::build(restored, vec![], vec![]);
    for (x, y) in [(138247.7, 423827.1), (51637.34, 390864.23), (137000.0, 423000.0)] {
        let p = RdPoint::new(x, y).unwrap();
        assert_eq!(a.at_point(p), b.at_point(p));
    }
    let json = serde_json::to_value(a.at_point(RdPoint::new(51637.34, 390864.23).unwrap())).unwrap();
    assert!(json.get("samenvatting").is_some() && json.get("bevoegdGezag").is_some(), "camelCase JSON");
}

#[test]
fn an_area_query_finds_everything_a_point_inside_it_finds() {
    let Some(f) = common::fixtures() else { return };
    let idx = RegelIndex::build(vec![common::imro_plan(&f, "stationspleinzuidoost.gml")], vec![], vec![]);
    let (x, y) = (51637.34, 390864.23);
    let ring = vec![(x - 1.0, y - 1.0), (x + 1.0, y - 1.0), (x + 1.0, y + 1.0), (x - 1.0, y + 1.0), (x - 1.0, y - 1.0)];
    let area = geo_types::Polygon::new(geo_types::LineString::from(ring), vec![]);
    let in_area = idx.in_area(&area);
    let at = idx.at_point(RdPoint::new(x, y).unwrap());
    for b in &at.bestemmingen {
        assert!(in_area.bestemmingen.contains(b));
    }
    assert!(in_area.normen.len() >= at.normen.len());
    let fc = idx.gebieden_geojson(&at, true);
    assert_eq!(fc.features.len(), at.gebieden.len());
    let layer = idx.features_in_bbox(
        stip_regels::Laag::Planobjecten,
        stip_geo::RdBbox::new(x - 50.0, y - 50.0, x + 50.0, y + 50.0).unwrap(),
    );
    assert!(layer.iter().any(|k| k.id == "NL.IMRO.0664.BP20255442525-00"));
}

#[test]
fn the_index_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<RegelIndex>();
}

#[test]
fn every_locatie_gives_back_the_geometry_it_was_delivered_with_while_areas_are_held_once_in_the_index() {
    let Some(f) = common::fixtures() else { return };
    let plannen = vec![
        common::gemeentestad(&f),
        common::imro_plan(&f, "stationspleinzuidoost.gml"),
        common::imro_plan(&f, "NL.IMRO.0798.BPDoornboom-ON01.gml"),
    ];
    let idx = RegelIndex::build(plannen.clone(), vec![], vec![]);
    let mut in_index = 0;
    for (pi, (gehouden, geleverd)) in idx.plannen().zip(&plannen).enumerate() {
        assert_eq!(gehouden.id, geleverd.id);
        for (li, l) in geleverd.locaties.iter().enumerate() {
            assert_eq!(idx.eigen_geometrie(pi, li).as_deref(), l.geometrie.as_ref(), "{} {}", geleverd.id, l.id);
            if l.geometrie.is_some() && gehouden.locaties[li].geometrie.is_none() {
                in_index += 1;
            }
        }
    }
    let vlakken = plannen
        .iter()
        .flat_map(|p| &p.locaties)
        .filter(|l| matches!(l.geometrie, Some(geo_types::Geometry::Polygon(_) | geo_types::Geometry::MultiPolygon(_))))
        .count();
    assert!(vlakken > 100 && in_index == vlakken, "every area is kept once, in the index ({in_index} of {vlakken})");
    assert_eq!(idx.eigen_geometrie(plannen.len(), 0), None, "no such plan");
}
