//! IMRO bestemmingsplannen: bestemming, bouwvlak and maatvoeringen at verified points; all three files import.

mod common;

use stip_regels::model::{NormSoort, PlanSoort};
use stip_regels::{RdPoint, RegelIndex};

fn norm(a: &stip_regels::Antwoord, t: &str) -> Vec<(f64, Option<String>)> {
    a.normen
        .iter()
        .filter(|n| n.type_ == t)
        .map(|n| (n.waarde.unwrap(), n.eenheid.as_deref().map(String::from)))
        .collect()
}

#[test]
fn stationsplein_wonen_in_a_bouwvlak_with_goot_and_bouwhoogte() {
    let Some(f) = common::fixtures() else { return };
    let idx = RegelIndex::build(vec![common::imro_plan(&f, "stationspleinzuidoost.gml")], vec![], vec![]);
    let a = idx.at_point(RdPoint::new(51637.34, 390864.23).unwrap());
    assert!(a.bestemmingen.iter().any(|b| b.naam == "Wonen"), "{:?}", a.bestemmingen);
    assert!(a.bouwvlakken.iter().any(|b| b.id == "NL.IMRO.0664.BP20255442525-00"));
    assert_eq!(norm(&a, "MaximumGoothoogte"), vec![(4.0, Some("m".into()))]);
    assert_eq!(norm(&a, "MaximumBouwhoogte"), vec![(7.0, Some("m".into()))]);
    assert!(a.normen.iter().all(|n| n.soort == NormSoort::Maatvoering));
    assert_eq!(
        &a.samenvatting[..3],
        [
            "Dit is een bestemming Wonen.",
            "Hier geldt ook de dubbelbestemming Waarde - Archeologie - 2.",
            "U staat in een bouwvlak."
        ]
    );
    assert!(a.samenvatting.contains(&"Hier mag u maximaal 7 meter hoog bouwen.".to_string()));
    assert_eq!(a.bevoegd_gezag[0].code, "gm0664");
}

#[test]
fn stationsplein_bedrijf_with_bouwhoogte_and_bebouwingspercentage() {
    let Some(f) = common::fixtures() else { return };
    let idx = RegelIndex::build(vec![common::imro_plan(&f, "stationspleinzuidoost.gml")], vec![], vec![]);
    let a = idx.at_point(RdPoint::new(51540.06, 390835.00).unwrap());
    assert!(a.bestemmingen.iter().any(|b| b.naam == "Bedrijf"));
    assert_eq!(norm(&a, "MaximumBouwhoogte"), vec![(6.0, Some("m".into()))]);
    assert_eq!(norm(&a, "MaximumBebouwingspercentage"), vec![(80.0, Some("%".into()))]);
    insta::assert_json_snapshot!(a.samenvatting);
}

#[test]
fn an_imow_norm_and_an_imro_maatvoering_come_out_alike() {
    let Some(f) = common::fixtures() else { return };
    let idx = RegelIndex::build(
        vec![common::gemeentestad(&f), common::imro_plan(&f, "stationspleinzuidoost.gml")],
        vec![],
        vec![],
    );
    let imow = idx.at_point(RdPoint::new(138247.7, 423827.1).unwrap());
    let imro = idx.at_point(RdPoint::new(51637.34, 390864.23).unwrap());
    let pick = |a: &stip_regels::Antwoord| {
        let n = a.normen.iter().find(|n| n.type_ == "MaximumBouwhoogte").unwrap();
        (n.type_.clone(), n.waarde, n.eenheid.clone())
    };
    assert_eq!(pick(&imow), pick(&imro));
    let j = serde_json::to_value(imro.normen.iter().find(|n| n.type_ == "MaximumBouwhoogte").unwrap()).unwrap();
    assert_eq!(j["type"], "MaximumBouwhoogte");
    assert_eq!(j["waarde"], 7.0);
    assert_eq!(j["eenheid"], "m");
}

#[test]
fn the_other_two_imro_plans_import_with_their_maatvoeringen() {
    let Some(f) = common::fixtures() else { return };
    let p = common::imro_plan(&f, "NL.IMRO.0664.BPBS03-ON99.gml");
    assert_eq!(p.soort, PlanSoort::Imro);
    assert!(p.normen.iter().any(|n| n.type_ == "MaximumAantalBouwlagen"));
    assert!(p.normen.iter().any(|n| n.type_ == "MaximumBebouwingspercentage"));
    let d = common::imro_plan(&f, "NL.IMRO.0798.BPDoornboom-ON01.gml");
    assert_eq!(d.id, "NL.IMRO.0798.BPDoornboom-ON01");
    assert!(d.normen.iter().any(|n| n.type_ == "MaximumGoothoogte"));
    assert!(d.planobjecten.iter().any(|o| o.soort == stip_regels::model::PlanobjectSoort::Figuur));
    assert!(d.planobjecten.iter().any(|o| o.soort == stip_regels::model::PlanobjectSoort::Bouwaanduiding));
    let s = common::imro_plan(&f, "stationspleinzuidoost.gml");
    assert_eq!(s.planobjecten.iter().filter(|o| o.soort == stip_regels::model::PlanobjectSoort::Bouwvlak).count(), 25);
    assert_eq!(
        s.planobjecten.iter().filter(|o| o.soort == stip_regels::model::PlanobjectSoort::Maatvoering).count(),
        26
    );
    assert_eq!(
        s.planobjecten.iter().filter(|o| o.soort == stip_regels::model::PlanobjectSoort::Enkelbestemming).count(),
        11
    );
}
