//! What changed between two versions of a plan: synthetic plans with one change each, hand-drawn squares whose
//! values move, and real plans (Gemeentestad, IMRO Stationsplein) with a derived new version.

mod common;

use geo::{Area, Contains};
use geo_types::{Geometry, MultiPolygon, Point, Polygon, polygon};
use stip_regels::model::{Locatie, LocatieSoort, Norm, NormSoort, PlanVersie};
use stip_regels::synth::{self, SynthConfig};
use stip_regels::{NormWijziging, verschil};

/// A small synthetic regeling: a few star-shaped gebieden far apart, each with a MaximumBouwhoogte.
fn klein_plan() -> PlanVersie {
    synth::plan(&SynthConfig { seed: 42, locaties: 5, heavy: 0, panden: 0 })
}

fn vlak(plan: &PlanVersie, locatie: &str) -> MultiPolygon<f64> {
    match plan.locaties.iter().find(|l| l.id == locatie).and_then(|l| l.geometrie.clone()) {
        Some(Geometry::Polygon(p)) => MultiPolygon(vec![p]),
        Some(Geometry::MultiPolygon(mp)) => mp,
        other => panic!("{locatie}: no area ({other:?})"),
    }
}

#[test]
fn lowering_the_maximum_building_height_is_reported_with_both_values() {
    let mut oud = klein_plan();
    oud.normen[2].waarde = Some(10.0);
    let mut nieuw = oud.clone();
    nieuw.versie = "nld@2".into();
    nieuw.normen[2].waarde = Some(9.0);
    let locatie = nieuw.normen[2].locaties[0].clone();

    let w = verschil(&oud, &nieuw);
    assert_eq!(
        w,
        vec![NormWijziging {
            norm: "maximale bouwhoogte".into(),
            eenheid: Some("m".into()),
            oud: Some(10.0),
            nieuw: Some(9.0),
            geometrie: vlak(&nieuw, &locatie),
            plan_id: "/akn/nl/act/gm9999/2024/synthetisch".into(),
            plan_naam: "Synthetisch omgevingsplan (benchmark)".into(),
        }]
    );
}

#[test]
fn a_norm_added_on_a_locatie_applies_there_without_an_old_value() {
    let oud = klein_plan();
    let mut nieuw = oud.clone();
    let locatie = nieuw.locaties[1].id.clone();
    nieuw.normen.push(Norm {
        id: "nl.imow-gm9999.normwaarde.goot".into(),
        norm_id: "nl.imow-gm9999.omgevingsnorm.goothoogte".into(),
        soort: NormSoort::Omgevingsnorm,
        type_: "MaximumGoothoogte".into(),
        naam: "maximum goothoogte".into(),
        waarde: Some(4.5),
        kwalitatieve_waarde: None,
        waarde_in_regeltekst: None,
        eenheid: Some("m".into()),
        groep: None,
        locaties: vec![locatie.as_str().into()],
        regeltekst: None,
    });

    let w = verschil(&oud, &nieuw);
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!((w[0].norm.as_str(), w[0].eenheid.as_deref()), ("maximale goothoogte", Some("m")));
    assert_eq!((w[0].oud, w[0].nieuw), (None, Some(4.5)));
    assert_eq!(w[0].geometrie, vlak(&nieuw, &locatie));
}

#[test]
fn a_norm_removed_from_a_locatie_no_longer_applies_there() {
    let oud = klein_plan();
    let mut nieuw = oud.clone();
    let weg = nieuw.normen.remove(3);

    let w = verschil(&oud, &nieuw);
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!((w[0].oud, w[0].nieuw), (weg.waarde, None));
    assert_eq!(w[0].geometrie, vlak(&oud, &weg.locaties[0]));
}

#[test]
fn identical_plans_have_no_changes() {
    let plan = klein_plan();
    assert!(verschil(&plan, &plan.clone()).is_empty());
}

#[test]
fn several_changes_come_in_order_of_norm_then_position_in_the_plan() {
    let oud = klein_plan();
    let mut nieuw = oud.clone();
    for i in [4, 0, 2] {
        nieuw.normen[i].waarde = nieuw.normen[i].waarde.map(|v| v + 1.0);
    }
    nieuw.normen[1].type_ = "MaximumGoothoogte".into();
    let w = verschil(&oud, &nieuw);
    let volgorde: Vec<(&str, Option<f64>, Option<f64>)> = w.iter().map(|w| (w.norm.as_str(), w.oud, w.nieuw)).collect();
    let waarde = |i: usize| oud.normen[i].waarde;
    let plus1 = |i: usize| waarde(i).map(|v| v + 1.0);
    assert_eq!(
        volgorde,
        vec![
            ("maximale bouwhoogte", waarde(0), plus1(0)),
            ("maximale bouwhoogte", waarde(2), plus1(2)),
            ("maximale bouwhoogte", waarde(4), plus1(4)),
            ("maximale bouwhoogte", waarde(1), None),
            ("maximale goothoogte", None, waarde(1)),
        ]
    );
}

#[test]
fn renaming_every_locatie_and_norm_without_changing_areas_or_values_is_no_change() {
    let oud = klein_plan();
    let mut nieuw = oud.clone();
    for l in &mut nieuw.locaties {
        l.id.push_str("-v2");
    }
    for n in &mut nieuw.normen {
        n.id.push_str("-v2");
        n.locaties.iter_mut().for_each(|l| *l = format!("{l}-v2").into());
    }
    assert!(verschil(&oud, &nieuw).is_empty());
}

/// Two adjacent bouwhoogte areas (y 0..100): x 0..`grens` with `links` metres, `grens`..200 with `rechts`.
fn twee_vlakken(grens: f64, links: f64, rechts: f64) -> PlanVersie {
    let mut plan = klein_plan();
    plan.normen.truncate(2);
    let vierkant = |x0: f64, x1: f64| -> Polygon<f64> {
        polygon![(x: x0, y: 0.), (x: x1, y: 0.), (x: x1, y: 100.), (x: x0, y: 100.)]
    };
    plan.locaties[0].geometrie = Some(Geometry::Polygon(vierkant(0.0, grens)));
    plan.locaties[1].geometrie = Some(Geometry::Polygon(vierkant(grens, 200.0)));
    plan.normen[0].waarde = Some(links);
    plan.normen[1].waarde = Some(rechts);
    plan
}

#[test]
fn a_boundary_that_moves_changes_the_value_only_on_the_strip_between_old_and_new_boundary() {
    // 10 m left of x = 100 and 12 m right of it; then the boundary moves to x = 150
    let oud = twee_vlakken(100.0, 10.0, 12.0);
    let nieuw = twee_vlakken(150.0, 10.0, 12.0);
    let w = verschil(&oud, &nieuw);
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!((w[0].oud, w[0].nieuw), (Some(12.0), Some(10.0)));
    assert!((w[0].geometrie.unsigned_area() - 50.0 * 100.0).abs() < 1e-6, "{}", w[0].geometrie.unsigned_area());
    assert!(w[0].geometrie.contains(&Point::new(125.0, 50.0)));
    assert!(!w[0].geometrie.contains(&Point::new(175.0, 50.0)));
}

#[test]
fn an_area_that_shrinks_loses_its_norm_only_where_it_no_longer_reaches() {
    let oud = twee_vlakken(100.0, 10.0, 12.0);
    let mut nieuw = oud.clone();
    nieuw.locaties[1].geometrie =
        Some(Geometry::Polygon(polygon![(x: 100., y: 0.), (x: 160., y: 0.), (x: 160., y: 100.), (x: 100., y: 100.)]));
    let w = verschil(&oud, &nieuw);
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!((w[0].oud, w[0].nieuw), (Some(12.0), None));
    assert!((w[0].geometrie.unsigned_area() - 40.0 * 100.0).abs() < 1e-6);
    assert!(w[0].geometrie.contains(&Point::new(180.0, 50.0)));
}

#[test]
fn a_value_that_moves_to_another_area_is_removed_at_the_old_and_added_at_the_new() {
    let oud = twee_vlakken(100.0, 10.0, 12.0);
    let mut nieuw = oud.clone();
    nieuw.locaties[1].geometrie =
        Some(Geometry::Polygon(polygon![(x: 500., y: 0.), (x: 600., y: 0.), (x: 600., y: 100.), (x: 500., y: 100.)]));
    let w = verschil(&oud, &nieuw);
    let gezien: Vec<(Option<f64>, Option<f64>, f64)> =
        w.iter().map(|w| (w.oud, w.nieuw, w.geometrie.unsigned_area())).collect();
    assert_eq!(gezien, vec![(None, Some(12.0), 10_000.0), (Some(12.0), None, 10_000.0)]);
    assert_eq!(w[0].geometrie, vlak(&nieuw, &nieuw.locaties[1].id));
    assert_eq!(w[1].geometrie, vlak(&oud, &oud.locaties[1].id));
}

/// A locatie without geometry of its own: a group of members, or the ambtsgebied.
fn zonder_geometrie(id: &str, soort: LocatieSoort, leden: Vec<String>) -> Locatie {
    Locatie { id: id.into(), soort, noemer: None, geometrie: None, geometrie_id: None, leden, ambtsgebied: None }
}

#[test]
fn a_norm_on_a_group_changes_on_each_member_area() {
    let mut oud = klein_plan();
    let leden = vec![oud.locaties[0].id.clone(), oud.locaties[3].id.clone()];
    oud.locaties.push(zonder_geometrie("groep", LocatieSoort::Gebiedengroep, leden.clone()));
    oud.normen.truncate(1);
    oud.normen[0].locaties = vec!["groep".into()];
    oud.normen[0].waarde = Some(10.0);
    let mut nieuw = oud.clone();
    nieuw.normen[0].waarde = Some(9.0);
    let w = verschil(&oud, &nieuw);
    assert_eq!(w.len(), 2, "{w:?}");
    for lid in &leden {
        assert!(w.iter().any(|w| w.geometrie == vlak(&oud, lid) && (w.oud, w.nieuw) == (Some(10.0), Some(9.0))));
    }
}

#[test]
fn a_norm_on_the_ambtsgebied_stays_unchanged_when_other_areas_move() {
    let mut oud = klein_plan();
    oud.locaties.push(zonder_geometrie("ambtsgebied", LocatieSoort::Ambtsgebied, Vec::new()));
    let mut overal = oud.normen[0].clone();
    overal.type_ = "MaximumBebouwingspercentage".into();
    overal.eenheid = Some("%".into());
    overal.locaties = vec!["ambtsgebied".into()];
    oud.normen.push(overal);
    let mut nieuw = oud.clone();
    // one area moves 1 km east: its bouwhoogte moves, the ambtsgebied box grows, its percentage does not change
    use geo::Translate;
    let g = nieuw.locaties[2].geometrie.take().unwrap();
    nieuw.locaties[2].geometrie = Some(g.translate(1_000.0, 0.0));
    let w = verschil(&oud, &nieuw);
    assert!(w.iter().all(|w| w.norm == "maximale bouwhoogte"), "{w:?}");
    assert_eq!(
        w.iter().map(|w| (w.oud.is_some(), w.nieuw.is_some())).collect::<Vec<_>>(),
        [(false, true), (true, false)]
    );
}

#[test]
fn a_change_round_trips_through_json_with_camel_case_names() {
    let mut oud = klein_plan();
    oud.normen[0].waarde = Some(10.0);
    let mut nieuw = oud.clone();
    nieuw.normen[0].waarde = Some(9.0);
    let w = verschil(&oud, &nieuw);
    let json = serde_json::to_value(&w).unwrap();
    assert_eq!(json[0]["planId"], "/akn/nl/act/gm9999/2024/synthetisch");
    assert_eq!(json[0]["planNaam"], "Synthetisch omgevingsplan (benchmark)");
    assert_eq!((json[0]["oud"].as_f64(), json[0]["nieuw"].as_f64()), (Some(10.0), Some(9.0)));
    let terug: Vec<NormWijziging> = serde_json::from_value(json).unwrap();
    assert_eq!(terug, w);
}

#[test]
fn gemeentestad_lowering_13_m_to_12_m_is_reported_on_both_of_its_industrial_areas() {
    let Some(f) = common::fixtures() else { return };
    let oud = common::gemeentestad(&f);
    let mut nieuw = oud.clone();
    let n = nieuw.normen.iter_mut().find(|n| n.id == "nl.imow-gm0297.normwaarde.2019000002").unwrap();
    assert_eq!(n.waarde, Some(13.0));
    n.waarde = Some(12.0);

    let w = verschil(&oud, &nieuw);
    assert_eq!(w.len(), 2, "{w:?}");
    for w in &w {
        assert_eq!((w.norm.as_str(), w.eenheid.as_deref()), ("maximale bouwhoogte", Some("m")));
        assert_eq!((w.oud, w.nieuw), (Some(13.0), Some(12.0)));
        assert_eq!((w.plan_id.as_str(), w.plan_naam.as_str()), (oud.id.as_str(), oud.titel.as_str()));
    }
    for gebied in ["nl.imow-gm0297.gebied.2019000010", "nl.imow-gm0297.gebied.2019000013"] {
        assert!(w.iter().any(|w| w.geometrie == vlak(&nieuw, gebied)), "{gebied} has its own change");
    }
    // README's verified points: industriegebied 3 has 13 m, industriegebied 1 has 7 m
    assert!(w.iter().any(|w| w.geometrie.contains(&Point::new(138398.3, 424546.8))));
    assert!(!w.iter().any(|w| w.geometrie.contains(&Point::new(138247.7, 423827.1))));
}

#[test]
fn gemeentestad_qualitative_bouwhoogte_values_are_not_reported() {
    let Some(f) = common::fixtures() else { return };
    let oud = common::gemeentestad(&f);
    let mut nieuw = oud.clone();
    let n = nieuw.normen.iter_mut().find(|n| n.kwalitatieve_waarde.as_deref() == Some("laag")).unwrap();
    n.kwalitatieve_waarde = Some("hoog".into());
    assert!(verschil(&oud, &nieuw).is_empty());
}

/// The IMRO maatvoering with this norm type that holds the point.
fn maatvoering_bij(plan: &PlanVersie, type_: &str, p: Point<f64>) -> usize {
    let gevonden: Vec<usize> = (0..plan.normen.len())
        .filter(|&i| plan.normen[i].type_ == type_ && vlak(plan, &plan.normen[i].locaties[0]).contains(&p))
        .collect();
    assert_eq!(gevonden.len(), 1, "{type_} at {p:?}: {gevonden:?}");
    gevonden[0]
}

#[test]
fn stationsplein_raising_the_bouwhoogte_at_the_verified_wonen_point_names_that_maatvoering() {
    let Some(f) = common::fixtures() else { return };
    let oud = common::imro_plan(&f, "stationspleinzuidoost.gml");
    let punt = Point::new(51637.34, 390864.23);
    let i = maatvoering_bij(&oud, "MaximumBouwhoogte", punt);
    assert_eq!(oud.normen[i].waarde, Some(7.0), "README: max bouwhoogte 7 here");
    let mut nieuw = oud.clone();
    nieuw.normen[i].waarde = Some(8.0);

    let w = verschil(&oud, &nieuw);
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!((w[0].norm.as_str(), w[0].oud, w[0].nieuw), ("maximale bouwhoogte", Some(7.0), Some(8.0)));
    assert_eq!(w[0].geometrie, vlak(&oud, &oud.normen[i].locaties[0]));
    assert_eq!(
        (w[0].plan_id.as_str(), w[0].plan_naam.as_str()),
        ("NL.IMRO.0664.BPBS02-VG99", "Stationsomgeving Zuid-Oost")
    );
    // the goothoogte of the same maatvoering (4 m) did not change
    assert!(w.iter().all(|w| w.norm != "maximale goothoogte"));
}

#[test]
fn stationsplein_as_a_new_imro_version_with_new_ids_but_the_same_maatvoeringen_has_no_changes() {
    let Some(f) = common::fixtures() else { return };
    let oud = common::imro_plan(&f, "stationspleinzuidoost.gml");
    let mut nieuw = oud.clone();
    nieuw.id = "NL.IMRO.0664.BPBS02-VG01".into();
    nieuw.versie = "VG01".into();
    for l in &mut nieuw.locaties {
        l.id = l.id.replace("-00", "-01");
    }
    for n in &mut nieuw.normen {
        n.locaties.iter_mut().for_each(|l| *l = l.replace("-00", "-01").into());
    }
    assert!(verschil(&oud, &nieuw).is_empty());
    // and dropping one maatvoering then says which values are gone there
    let i = maatvoering_bij(&nieuw, "MaximumBebouwingspercentage", Point::new(51540.06, 390835.00));
    let weg = nieuw.normen[i].locaties[0].clone();
    nieuw.normen.retain(|n| n.locaties[0] != weg);
    let w = verschil(&oud, &nieuw);
    let gezien: Vec<(&str, Option<f64>, Option<f64>)> = w.iter().map(|w| (w.norm.as_str(), w.oud, w.nieuw)).collect();
    assert_eq!(
        gezien,
        vec![("maximaal bebouwingspercentage", Some(80.0), None), ("maximale bouwhoogte", Some(6.0), None)],
        "README: bedrijf, max bouwhoogte 6, max bebouwingspercentage 80"
    );
}
