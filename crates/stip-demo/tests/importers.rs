//! Every demo source goes through the real importers — the same ones `stip import` uses — without error, and
//! yields the village as designed: what applies at the demo addresses, and checks that end in a conclusion.

use std::collections::BTreeMap;

use stip_demo::{DemoBron, PREFIX, bronnen};
use stip_regels::import::{Format, bag, brk, detect, detect_package, stop_tpod};
use stip_regels::{RdPoint, RegelIndex};

fn bron(naam: &str) -> DemoBron {
    bronnen().into_iter().find(|b| b.naam == format!("demo:{naam}")).unwrap()
}

fn plan() -> stip_regels::PlanVersie {
    stop_tpod::import(bron("omgevingsplan").bestanden, None).expect("the demo plan imports")
}

fn index() -> RegelIndex {
    let b = bron("bag");
    let extract = bag::import(&b.bestanden, Default::default(), None).unwrap();
    let (naam, bytes) = &bron("brk").bestanden[0];
    let percelen = brk::import(naam, bytes, None).unwrap();
    RegelIndex::build(vec![plan()], extract.panden, percelen)
}

fn punt_van(straat: &str, nummer: u32) -> RdPoint {
    let k = stip_demo::kavels().into_iter().find(|k| k.straat == straat && k.huisnummer == nummer).unwrap();
    let (x, y) = k.punt();
    RdPoint::new(x, y).unwrap()
}

#[test]
fn every_source_is_named_as_demo_and_comes_out_byte_for_byte_the_same_each_time() {
    let a = bronnen();
    assert_eq!(a, bronnen(), "deterministic");
    assert_eq!(a.len(), 5, "plan, BAG, BRK, toepasbare regels and the tarieventabel");
    assert!(a.iter().all(|b| b.naam.starts_with(PREFIX)), "{:?}", a.iter().map(|b| &b.naam).collect::<Vec<_>>());
    assert!(!"../shared/dso-fixtures/gemeentestad/opdracht".starts_with(PREFIX));
}

#[test]
fn each_source_is_recognised_as_the_format_it_claims() {
    assert_eq!(detect_package(&bron("omgevingsplan").bestanden), Some(Format::StopTpod));
    for (naam, bytes) in &bron("bag").bestanden {
        assert_eq!(detect(naam, bytes), Some(Format::Bag), "{naam}");
    }
    let (naam, bytes) = &bron("brk").bestanden[0];
    assert_eq!(detect(naam, bytes), Some(Format::Brk));
    for (naam, bytes) in &bron("toepasbare-regels").bestanden {
        assert_eq!(stip_sttr::detect(naam, bytes), Some(stip_sttr::Kind::Dmn), "{naam}");
    }
}

#[test]
fn the_omgevingsplan_imports_with_its_articles_areas_activities_functies_and_norms() {
    let p = plan();
    assert_eq!(p.titel, "Omgevingsplan gemeente Voorbeeldstad");
    assert_eq!(p.bevoegd_gezag.code, "gm9999");
    assert_eq!(p.artikelen.len(), 16);
    assert_eq!(p.regelteksten.len(), 16);
    assert_eq!(p.juridische_regels.len(), 16);
    assert_eq!(p.activiteiten.len(), 5);
    assert_eq!(p.gebiedsaanwijzingen.len(), 6);
    assert_eq!(p.normen.len(), 8);
    let mut typen: BTreeMap<&str, usize> = BTreeMap::new();
    for n in &p.normen {
        *typen.entry(n.type_.as_str()).or_default() += 1;
        assert!(n.regeltekst.is_some(), "norm {} has its article", n.id);
    }
    assert_eq!(
        typen.into_iter().collect::<Vec<_>>(),
        [
            ("MaximumAantalBouwlagen", 2),
            ("MaximumBebouwingspercentage", 2),
            ("MaximumBouwhoogte", 2),
            ("MaximumGoothoogte", 2)
        ]
    );
}

#[test]
fn the_bag_extract_imports_eight_buildings_with_addresses_on_two_named_streets() {
    let b = bron("bag");
    let e = bag::import(&b.bestanden, Default::default(), None).unwrap();
    assert_eq!(e.panden.len(), 8);
    assert_eq!(e.verblijfsobjecten.len(), 8);
    assert_eq!(e.nummeraanduidingen.len(), 8);
    let mut straten: Vec<&str> = e.openbare_ruimten.iter().map(|o| o.naam.as_str()).collect();
    straten.sort();
    assert_eq!(straten, ["Dorpsstraat", "Lindelaan"]);
    assert!(e.panden.iter().all(|p| p.bouwjaar.is_some()));
    let twaalf = e.nummeraanduidingen.iter().find(|n| n.huisnummer == Some(12)).unwrap();
    assert_eq!(twaalf.postcode.as_deref(), Some("1234AB"));
    // every address lies in its building
    for v in &e.verblijfsobjecten {
        let pand = e.panden.iter().find(|p| Some(&p.identificatie) == v.panden.first()).unwrap();
        assert!(geo::Contains::contains(&pand.geometrie, &v.punt.unwrap()), "{}", v.identificatie);
    }
}

#[test]
fn the_kadastrale_kaart_imports_a_parcel_under_every_building() {
    let (naam, bytes) = &bron("brk").bestanden[0];
    let percelen = brk::import(naam, bytes, None).unwrap();
    assert_eq!(percelen.len(), 11);
    for k in stip_demo::kavels() {
        let (x, y) = k.punt();
        let p = geo_types::Point::new(x, y);
        assert!(
            percelen.iter().any(|pc| geo::Contains::contains(&pc.geometrie, &p) && pc.kadastrale_grootte.is_some()),
            "{} {}",
            k.straat,
            k.huisnummer
        );
    }
}

fn norm(a: &stip_regels::Antwoord, type_: &str) -> Option<f64> {
    a.normen.iter().find(|n| &*n.type_ == type_).and_then(|n| n.waarde)
}

#[test]
fn at_dorpsstraat_12_the_centre_rules_apply_with_building_parcel_bouwvlak_functie_and_welstand() {
    let a = index().at_point(punt_van("Dorpsstraat", 12));
    assert_eq!(norm(&a, "MaximumBouwhoogte"), Some(10.0));
    assert_eq!(norm(&a, "MaximumGoothoogte"), Some(7.0));
    assert_eq!(norm(&a, "MaximumAantalBouwlagen"), Some(3.0));
    assert_eq!(norm(&a, "MaximumBebouwingspercentage"), Some(80.0));
    let aanwijzingen: Vec<(&str, &str)> = a.gebiedsaanwijzingen.iter().map(|g| (&*g.type_, &*g.naam)).collect();
    for verwacht in [("Functie", "Gemengd"), ("Bouwaanduiding", "bouwvlak"), ("Welstand", "welstandsgebied Dorpskern")]
    {
        assert!(aanwijzingen.contains(&verwacht), "{verwacht:?} in {aanwijzingen:?}");
    }
    assert_eq!(a.panden.len(), 1);
    assert_eq!(a.percelen.len(), 1);
    let regeltekst = a.normen[0].regeltekst.as_ref().expect("the norm's article");
    assert!(regeltekst.tekst.contains("meter"), "{}", regeltekst.tekst);
    assert!(a.activiteiten.iter().any(|x| &*x.naam == "plaatsen van een dakkapel"));
}

#[test]
fn at_lindelaan_3_the_residential_heights_apply() {
    let a = index().at_point(punt_van("Lindelaan", 3));
    assert_eq!(norm(&a, "MaximumBouwhoogte"), Some(7.0));
    assert_eq!(norm(&a, "MaximumGoothoogte"), Some(4.0));
    assert_eq!(norm(&a, "MaximumAantalBouwlagen"), Some(2.0));
    assert_eq!(norm(&a, "MaximumBebouwingspercentage"), Some(40.0));
    assert!(a.gebiedsaanwijzingen.iter().any(|g| &*g.naam == "Wonen"));
}

#[test]
fn the_toepasbare_regels_import_as_three_checkable_activities_of_the_plan() {
    let mut catalog = stip_sttr::Catalog::default();
    for (naam, bytes) in &bron("toepasbare-regels").bestanden {
        let models = stip_sttr::import_dmn(naam, bytes).unwrap_or_else(|e| panic!("{naam}: {e}"));
        assert!(models.iter().all(|m| m.waarschuwingen.is_empty()), "{naam}: {:?}", models[0].waarschuwingen);
        catalog.add_models(models);
    }
    let activiteiten = catalog.activiteiten();
    let namen: Vec<&str> = activiteiten.iter().map(|a| a.naam.as_str()).collect();
    assert_eq!(namen, ["Bijbehorend bouwwerk bouwen", "Boom kappen", "Dakkapel plaatsen"]);
    assert!(activiteiten.iter().all(|a| a.checkbaar));
    let plan = plan();
    for a in activiteiten {
        assert!(plan.activiteiten.iter().any(|p| p.id == a.id), "{} is an activity of the plan", a.id);
    }
}

fn catalog() -> stip_sttr::Catalog {
    let mut catalog = stip_sttr::Catalog::default();
    for (naam, bytes) in &bron("toepasbare-regels").bestanden {
        catalog.add_models(stip_sttr::import_dmn(naam, bytes).unwrap());
    }
    catalog
}

/// Walks one check: the map answers the location question, `antwoorden` the others in the order asked. Returns the
/// conclusion and the questions the user was asked.
fn check(activiteit: &str, kaart: stip_sttr::GeoAntwoord, antwoorden: &[serde_json::Value]) -> (String, usize) {
    let catalog = catalog();
    let geo = stip_sttr::VasteKaart(
        ["nl.imow-gm9999.gebiedsaanwijzing.welstanddorpskern", "nl.imow-gm9999.gebied.wilgenpark"]
            .into_iter()
            .map(|l| (l.to_string(), kaart))
            .collect(),
    );
    let mut gegeven = BTreeMap::new();
    for stap in 0..=antwoorden.len() {
        let request = stip_sttr::CheckRequest {
            activiteiten: vec![format!("nl.imow-gm9999.activiteit.{activiteit}")],
            antwoorden: gegeven.clone(),
            locatie: Some(stip_sttr::Locatie { x: 170_040.0, y: 470_009.0 }),
            geo: &geo,
        };
        match stip_sttr::step(&catalog, &request).unwrap() {
            stip_sttr::CheckState::Vraag { vraag } => {
                let antwoord = antwoorden.get(stap).unwrap_or_else(|| panic!("unexpected question {}", vraag.tekst));
                gegeven.insert(vraag.id, antwoord.clone());
            }
            stip_sttr::CheckState::Conclusie { conclusies, .. } => {
                let json = serde_json::to_value(&conclusies[0]).unwrap();
                return (json["conclusie"].as_str().unwrap().to_string(), stap);
            }
        }
    }
    panic!("no conclusion after {} answers", antwoorden.len())
}

#[test]
fn the_checks_end_in_a_conclusion_with_the_map_answering_where_the_place_lies() {
    use serde_json::json;
    use stip_sttr::GeoAntwoord::{Ja, Nee};
    assert_eq!(check("dakkapel", Ja, &[]), ("Vergunningplicht".into(), 0), "in the welstand area: no questions");
    assert_eq!(check("dakkapel", Nee, &[json!(false), json!(1.5)]), ("Toestemmingsvrij".into(), 2));
    assert_eq!(check("dakkapel", Nee, &[json!(true)]), ("Vergunningplicht".into(), 1));
    assert_eq!(check("kappen", Ja, &[]), ("Vergunningplicht".into(), 0));
    assert_eq!(check("kappen", Nee, &[json!(60)]), ("Toestemmingsvrij".into(), 1));
    assert_eq!(check("kappen", Nee, &[json!(120), json!(true)]), ("Meldingsplicht".into(), 2));
    assert_eq!(check("bijbehorendbouwwerk", Nee, &[json!(false)]), ("Vergunningplicht".into(), 1));
    assert_eq!(
        check("bijbehorendbouwwerk", Nee, &[json!(true), json!(3), json!(900), json!(25)]),
        ("Toestemmingsvrij".into(), 4)
    );
    assert_eq!(
        check("bijbehorendbouwwerk", Nee, &[json!(true), json!(3), json!(200), json!(25)]),
        ("Vergunningplicht".into(), 4)
    );
}

/// The plan check on the demo plan: a footprint `(x min, y min, x max, y max)` relative to the village's origin.
fn plancheck_op(r: stip_demo::Rechthoek, hoogte: f64) -> stip_regels::plancheck::Plancheck {
    use stip_regels::plancheck::{Bouwplan, toets};
    let vorm = geo_types::MultiPolygon(vec![stip_demo::polygoon(r)]);
    let plan = Bouwplan { geometrie: vorm, bouwhoogte: Some(hoogte), ..Bouwplan::default() };
    toets(&index(), &plan).expect("the plan is valid")
}

#[test]
fn the_plan_check_knows_the_omgevingsplan_bouwvlakken_of_the_demo_and_measures_what_lies_outside() {
    let k = stip_demo::kavels().into_iter().find(|k| k.straat == "Lindelaan" && k.huisnummer == 3).unwrap();
    let (a, b, c, d) = k.bouwvlak;
    let binnen = plancheck_op((a + 1.0, b + 1.0, a + 5.0, b + 5.0), 6.0);
    let bouwvlak = binnen.toetsingen.iter().find(|t| t.soort == "Bouwvlak").expect("a bouwvlak check on IMOW");
    assert_eq!(serde_json::to_value(bouwvlak.oordeel).unwrap(), "past");

    // 4 m wide, 2 m of it sticking out past the bouwvlak's right edge, 3 m deep: 6 m² outside, by hand.
    let half = plancheck_op((c - 2.0, b + 1.0, c + 2.0, b + 4.0), 6.0);
    let bouwvlak = half.toetsingen.iter().find(|t| t.soort == "Bouwvlak").unwrap();
    assert_eq!(serde_json::to_value(bouwvlak.oordeel).unwrap(), "past niet");
    let buiten = half.buiten_bouwvlak_m2.unwrap();
    assert!((buiten - 6.0).abs() < 0.06, "outside {buiten} m², by hand 6 m²");
    assert!(d > b + 4.0, "the footprint stays within the bouwvlak's depth");
}
