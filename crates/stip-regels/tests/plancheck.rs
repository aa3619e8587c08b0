//! "Binnen de lijntjes" on the real fixtures: a footprint in the 7 m bouwvlak of the Stationsplein plan (IMRO) and in
//! the 7 m bouwhoogte area of Gemeentestad (IMOW); the area outside the bouwvlak against PostGIS
//! (`ST_Area(ST_Difference(…))`); and the bebouwingspercentage on a small hand-built index (the BAG and BRK fixtures
//! lie in Doesburg and Otterlo, where no fixture plan has a bebouwingspercentage), checked against a hand computation.

mod common;

use geo::{Area, Contains, Coord};
use geo_types::{Geometry, LineString, MultiPolygon, Polygon};
use stip_regels::RegelIndex;
use stip_regels::model::*;
use stip_regels::plancheck::{Bouwplan, Oordeel, PlancheckFout, toets};

const WONEN_7M: (f64, f64) = (51637.34, 390864.23);
const BEDRIJF_6M: (f64, f64) = (51540.06, 390835.00);
const BOUWVLAK_WONEN: &str = "NL.IMRO.0664.BP20255442525-00";

fn vierkant(cx: f64, cy: f64, half: f64) -> Polygon<f64> {
    Polygon::new(
        LineString::from(vec![
            (cx - half, cy - half),
            (cx + half, cy - half),
            (cx + half, cy + half),
            (cx - half, cy + half),
            (cx - half, cy - half),
        ]),
        vec![],
    )
}

fn plan_op(polygons: Vec<Polygon<f64>>, bouwhoogte: f64) -> Bouwplan {
    Bouwplan { geometrie: MultiPolygon(polygons), bouwhoogte: Some(bouwhoogte), ..Default::default() }
}

fn locatie_geometrie(plan: &PlanVersie, id: &str) -> Geometry<f64> {
    plan.locaties.iter().find(|l| l.id == id).and_then(|l| l.geometrie.clone()).unwrap()
}

fn bouwhoogte_toetsingen(p: &stip_regels::plancheck::Plancheck) -> Vec<&stip_regels::plancheck::Toetsing> {
    p.toetsingen.iter().filter(|t| t.soort == "MaximumBouwhoogte").collect()
}

#[test]
fn a_footprint_inside_the_7_m_bouwvlak_at_6_m_fits() {
    let Some(f) = common::fixtures() else { return };
    let plan = common::imro_plan(&f, "stationspleinzuidoost.gml");
    let sq = vierkant(WONEN_7M.0, WONEN_7M.1, 1.0);
    assert!(locatie_geometrie(&plan, BOUWVLAK_WONEN).contains(&sq), "precondition: the square lies in the bouwvlak");
    let idx = RegelIndex::build(vec![plan], vec![], vec![]);
    let p = toets(&idx, &plan_op(vec![sq], 6.0)).unwrap();
    let hoogte = bouwhoogte_toetsingen(&p);
    assert_eq!(hoogte.len(), 1, "{:#?}", p.toetsingen);
    assert_eq!(hoogte[0].oordeel, Oordeel::Past);
    assert_eq!(hoogte[0].toelichting, "Uw plan is 6 meter hoog. Hier mag maximaal 7 meter. Dat past.");
    assert_eq!(p.buiten_bouwvlak_m2, Some(0.0));
    let bouwvlak = p.toetsingen.iter().find(|t| t.soort == "Bouwvlak").unwrap();
    assert_eq!(bouwvlak.oordeel, Oordeel::Past);
    assert_eq!(bouwvlak.planobject.as_ref().unwrap().id, BOUWVLAK_WONEN);
    // goothoogte (4 m) is not given: that check cannot be decided, so neither can the whole plan
    let goot = p.toetsingen.iter().find(|t| t.soort == "MaximumGoothoogte").unwrap();
    assert_eq!((goot.oordeel, goot.ontbreekt.as_deref()), (Oordeel::NietTeBepalen, Some("goothoogte")));
    assert_eq!(p.oordeel, Oordeel::NietTeBepalen);
}

#[test]
fn the_same_footprint_at_8_m_is_one_metre_too_high() {
    let Some(f) = common::fixtures() else { return };
    let idx = RegelIndex::build(vec![common::imro_plan(&f, "stationspleinzuidoost.gml")], vec![], vec![]);
    let mut bouwplan = plan_op(vec![vierkant(WONEN_7M.0, WONEN_7M.1, 1.0)], 8.0);
    bouwplan.goothoogte = Some(3.0);
    bouwplan.functie = Some("wonen".into());
    let p = toets(&idx, &bouwplan).unwrap();
    let t = bouwhoogte_toetsingen(&p)[0];
    assert_eq!(t.oordeel, Oordeel::PastNiet);
    assert_eq!(t.toelichting, "Uw plan is 8 meter hoog. Hier mag maximaal 7 meter. Het is 1 meter te hoog.");
    assert_eq!((t.gevraagd, t.toegestaan, t.verschil), (Some(8.0), Some(7.0), Some(1.0)));
    assert_eq!(p.oordeel, Oordeel::PastNiet);
    assert!(p.samenvatting.contains("1 meter te hoog"), "{}", p.samenvatting);
    assert_eq!(p.kaart.features.len(), 1, "the one conflict is on the map");
    let json = serde_json::to_value(&p).unwrap();
    let bouwhoogte = json["toetsingen"].as_array().unwrap().iter().find(|t| t["soort"] == "MaximumBouwhoogte").unwrap();
    assert_eq!(bouwhoogte["norm"]["type"], "MaximumBouwhoogte");
    assert_eq!(bouwhoogte["norm"]["waarde"], 7.0);
    assert_eq!(bouwhoogte["geometrie"]["type"], "MultiPolygon");
    insta::assert_json_snapshot!("stationsplein_8_m_wonen", leesbaar(&json));
}

/// The part of an answer people read (texts and numbers, no coordinates).
fn leesbaar(json: &serde_json::Value) -> serde_json::Value {
    let toetsingen: Vec<serde_json::Value> = json["toetsingen"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            serde_json::json!({
                "soort": t["soort"], "oordeel": t["oordeel"], "toelichting": t["toelichting"],
                "gevraagd": t["gevraagd"], "toegestaan": t["toegestaan"], "verschil": t["verschil"],
                "eenheid": t["eenheid"], "oppervlakteM2": t["oppervlakteM2"], "berekening": t["berekening"],
            })
        })
        .collect();
    let informatie: Vec<&serde_json::Value> =
        json["informatie"].as_array().unwrap().iter().map(|i| &i["tekst"]).collect();
    serde_json::json!({
        "oordeel": json["oordeel"], "samenvatting": json["samenvatting"], "toetsingen": toetsingen,
        "buitenBouwvlakM2": json["buitenBouwvlakM2"], "informatie": informatie, "plan": json["plan"]["oppervlakteM2"],
    })
}

#[test]
fn a_plan_over_two_bouwvlakken_with_different_heights_says_which_part_is_too_high() {
    let Some(f) = common::fixtures() else { return };
    let idx = RegelIndex::build(vec![common::imro_plan(&f, "stationspleinzuidoost.gml")], vec![], vec![]);
    let wonen = vierkant(WONEN_7M.0, WONEN_7M.1, 1.0);
    let bedrijf = vierkant(BEDRIJF_6M.0, BEDRIJF_6M.1, 1.0);
    let p = toets(&idx, &plan_op(vec![wonen, bedrijf.clone()], 6.5)).unwrap();
    let hoogte = bouwhoogte_toetsingen(&p);
    assert_eq!(hoogte.len(), 2, "one check per part");
    let te_hoog: Vec<_> = hoogte.iter().filter(|t| t.oordeel == Oordeel::PastNiet).collect();
    assert_eq!(te_hoog.len(), 1);
    assert_eq!(te_hoog[0].toegestaan, Some(6.0));
    assert!((te_hoog[0].oppervlakte_m2 - 4.0).abs() < 1e-6, "the failing part is the 4 m² square on the Bedrijf");
    assert!((te_hoog[0].geometrie.0.unsigned_area() - bedrijf.unsigned_area()).abs() < 1e-6);
    assert!(te_hoog[0].toelichting.ends_with("Dit geldt voor 4 m² van uw plan."), "{}", te_hoog[0].toelichting);
    assert!(hoogte.iter().any(|t| t.oordeel == Oordeel::Past && t.toegestaan == Some(7.0)));
}

#[test]
fn a_gemeentestad_footprint_in_the_7_m_area_at_8_m_is_one_metre_too_high() {
    let Some(f) = common::fixtures() else { return };
    let idx = RegelIndex::build(vec![common::gemeentestad(&f)], vec![], vec![]);
    let p = toets(&idx, &plan_op(vec![vierkant(138247.7, 423827.1, 2.0)], 8.0)).unwrap();
    let hoogte = bouwhoogte_toetsingen(&p);
    assert!(!hoogte.is_empty(), "{:#?}", p.toetsingen);
    assert!(
        hoogte.iter().all(|t| t.toegestaan == Some(7.0)),
        "{:#?}",
        hoogte.iter().map(|t| (&t.toelichting, &t.norm.as_ref().unwrap().locatie)).collect::<Vec<_>>()
    );
    assert!(hoogte.iter().all(|t| t.toelichting.ends_with("Het is 1 meter te hoog.")));
    assert!(hoogte[0].norm.as_ref().unwrap().regeltekst.is_some(), "an IMOW norm carries its rule text");
    assert_eq!(p.oordeel, Oordeel::PastNiet);
    assert!(p.samenvatting.starts_with("Uw plan past niet: het is 1 meter te hoog"), "{}", p.samenvatting);
}

#[test]
fn a_plan_outside_every_imported_plan_cannot_be_decided_and_says_so() {
    let Some(f) = common::fixtures() else { return };
    let idx = RegelIndex::build(vec![common::imro_plan(&f, "stationspleinzuidoost.gml")], vec![], vec![]);
    let p = toets(&idx, &plan_op(vec![vierkant(100_000.0, 400_000.0, 5.0)], 6.0)).unwrap();
    assert_eq!(p.oordeel, Oordeel::NietTeBepalen);
    assert!(p.toetsingen.is_empty());
    assert_eq!(p.samenvatting, "Op deze plek kent stip geen plan. Daarom kan stip uw plan hier niet toetsen.");
    assert_eq!(p.plan.buiten_plannen_m2, 100.0);
}

#[test]
fn an_unknown_pand_to_extend_is_an_error_not_a_guess() {
    let Some(f) = common::fixtures() else { return };
    let idx = RegelIndex::build(vec![common::imro_plan(&f, "stationspleinzuidoost.gml")], vec![], vec![]);
    let mut bouwplan = plan_op(vec![vierkant(WONEN_7M.0, WONEN_7M.1, 1.0)], 6.0);
    bouwplan.uitbreiding_van = Some("0000100000000000".into());
    assert_eq!(toets(&idx, &bouwplan).unwrap_err(), PlancheckFout::OnbekendPand("0000100000000000".into()));
}

/// The square centred on the middle of the longest edge of the Wonen bouwvlak: about half of it lies outside.
fn half_buiten(plan: &PlanVersie) -> Polygon<f64> {
    let Geometry::Polygon(bv) = locatie_geometrie(plan, BOUWVLAK_WONEN) else { panic!("a polygon bouwvlak") };
    let (a, b) = bv
        .exterior()
        .lines()
        .map(|l| (l.start, l.end))
        .max_by(|(a, b), (c, d)| {
            let len = |p: Coord<f64>, q: Coord<f64>| (p.x - q.x).hypot(p.y - q.y);
            len(*a, *b).total_cmp(&len(*c, *d))
        })
        .unwrap();
    vierkant((a.x + b.x) / 2.0, (a.y + b.y) / 2.0, 2.0)
}

#[tokio::test]
async fn a_footprint_half_outside_the_bouwvlak_reports_the_outside_area_postgis_computes() {
    let Some(f) = common::fixtures() else { return };
    let plan = common::imro_plan(&f, "stationspleinzuidoost.gml");
    let sq = half_buiten(&plan);
    let idx = RegelIndex::build(vec![plan.clone()], vec![], vec![]);
    let p = toets(&idx, &plan_op(vec![sq.clone()], 6.0)).unwrap();
    let stip = p.buiten_bouwvlak_m2.unwrap();
    assert!(stip > 2.0 && stip < 14.0, "about half of 16 m² lies outside: {stip}");
    let bouwvlak = p.toetsingen.iter().find(|t| t.soort == "Bouwvlak").unwrap();
    assert_eq!(bouwvlak.oordeel, Oordeel::PastNiet);
    assert!((bouwvlak.conflict.as_ref().unwrap().0.unsigned_area() - stip).abs() < 0.01);

    let Some(mut c) = common::postgres().await else { return };
    use stip_geo::ewkb::to_ewkb_hex;
    let bouwvlakken: Vec<String> = plan
        .planobjecten
        .iter()
        .filter(|o| o.soort == PlanobjectSoort::Bouwvlak)
        .map(|o| to_ewkb_hex(&locatie_geometrie(&plan, &o.locatie)))
        .collect();
    let gebied = plan.planobjecten.iter().find(|o| o.soort == PlanobjectSoort::Bestemmingsplangebied).unwrap();
    let row: (f64,) = sqlx::query_as(
        "WITH bv AS (SELECT ST_Union(ST_GeomFromEWKB(decode(h, 'hex'))) AS g FROM unnest($3::text[]) AS h) \
         SELECT ST_Area(ST_Difference(ST_Intersection(ST_GeomFromEWKB(decode($1, 'hex')), \
         ST_GeomFromEWKB(decode($2, 'hex'))), (SELECT g FROM bv)))",
    )
    .bind(to_ewkb_hex(&Geometry::Polygon(sq)))
    .bind(to_ewkb_hex(&locatie_geometrie(&plan, &gebied.locatie)))
    .bind(&bouwvlakken)
    .fetch_one(&mut c)
    .await
    .unwrap();
    let postgis = row.0;
    assert!((stip - postgis).abs() <= 0.01 * postgis, "stip {stip} m², PostGIS {postgis} m²");
}

// --- bebouwingspercentage on a hand-built index ---

fn rechthoek(x0: f64, y0: f64, x1: f64, y1: f64) -> Polygon<f64> {
    Polygon::new(LineString::from(vec![(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]), vec![])
}

const X: f64 = 150_000.0;
const Y: f64 = 450_000.0;

/// An IMRO-shaped plan: a 100 × 100 m plangebied, one bestemming Wonen over it, a maatvoering of 80 %
/// bebouwingspercentage over the same area; a 20 × 10 m perceel with one 62 m² pand; another pand next door.
fn hand_index() -> RegelIndex {
    let gebied = rechthoek(X, Y, X + 100.0, Y + 100.0);
    let object = |id: &str, soort: PlanobjectSoort, naam: &str| Planobject {
        id: id.into(),
        soort,
        naam: naam.into(),
        hoofdgroep: (soort == PlanobjectSoort::Enkelbestemming).then(|| "wonen".into()),
        artikelnummer: (soort == PlanobjectSoort::Enkelbestemming).then(|| "3".into()),
        tekst_verwijzingen: vec![],
        locatie: id.into(),
        bestemmingsvlak: None,
    };
    let locatie = |id: &str| Locatie {
        id: id.into(),
        soort: LocatieSoort::Planobject,
        noemer: None,
        geometrie: Some(Geometry::Polygon(gebied.clone())),
        geometrie_id: None,
        leden: vec![],
        ambtsgebied: None,
    };
    let plan = PlanVersie {
        id: "NL.IMRO.9999.hand".into(),
        versie: "1".into(),
        titel: "Handplan".into(),
        bevoegd_gezag: BevoegdGezag { code: "gm9999".into(), naam: None },
        soort: PlanSoort::Imro,
        bron: Bron { formaat: "hand".into(), bestanden: vec![] },
        regelingsgebied: vec!["gebied".into()],
        artikelen: vec![],
        regelteksten: vec![],
        juridische_regels: vec![],
        locaties: vec![locatie("gebied"), locatie("wonen"), locatie("maat")],
        activiteiten: vec![],
        gebiedsaanwijzingen: vec![],
        normen: vec![Norm {
            id: "maat#1".into(),
            norm_id: "maat".into(),
            soort: NormSoort::Maatvoering,
            type_: "MaximumBebouwingspercentage".into(),
            naam: "maximum bebouwingspercentage (%)".into(),
            waarde: Some(80.0),
            kwalitatieve_waarde: None,
            waarde_in_regeltekst: None,
            eenheid: Some("%".into()),
            groep: None,
            locaties: vec!["maat".into()],
            regeltekst: None,
        }],
        planobjecten: vec![
            object("gebied", PlanobjectSoort::Bestemmingsplangebied, "Handplan"),
            object("wonen", PlanobjectSoort::Enkelbestemming, "Wonen"),
            object("maat", PlanobjectSoort::Maatvoering, "maatvoering"),
        ],
        informatieobjecten: vec![],
    };
    let pand = |id: &str, g: Polygon<f64>| Pand {
        identificatie: id.into(),
        bouwjaar: Some(1990),
        status: "Pand in gebruik".into(),
        geometrie: g,
        voorkomen: None,
    };
    let perceel = Perceel {
        identificatie: "perceel-1".into(),
        kadastrale_aanduiding: KadastraleAanduiding {
            kadastrale_gemeente_code: "HND00".into(),
            kadastrale_gemeente: Some("Handdorp".into()),
            sectie: "A".into(),
            perceelnummer: "1".into(),
            akr_code: None,
        },
        kadastrale_grootte: Some(200.0),
        geometrie: rechthoek(X + 10.0, Y + 10.0, X + 30.0, Y + 20.0),
        plaatscoordinaten: None,
    };
    RegelIndex::build(
        vec![plan],
        vec![
            // 6.2 × 10 m = 62 m² on the perceel
            pand("bestaand", rechthoek(X + 10.0, Y + 10.0, X + 16.2, Y + 20.0)),
            // next door, overlapping the perceel by 1 × 10 m = 10 m² (clipped to it)
            pand("buren", rechthoek(X + 29.0, Y + 10.0, X + 40.0, Y + 20.0)),
        ],
        vec![perceel],
    )
}

#[test]
fn the_bebouwingspercentage_adds_the_plan_to_what_stands_on_the_parcel_as_a_hand_computation_does() {
    let idx = hand_index();
    // a 3 × 10 m = 30 m² extension beside the pand
    let p = toets(&idx, &plan_op(vec![rechthoek(X + 16.2, Y + 10.0, X + 19.2, Y + 20.0)], 4.0)).unwrap();
    let b = p.bebouwingspercentage.as_ref().expect("a bebouwingspercentage");
    // by hand: existing 62 + 10 = 72 m², plan 30 m², total 102 m² of 200 m² = 51 %
    assert_eq!(b.referentie, "perceel");
    assert_eq!(b.referentie_naam, "Handdorp A 1");
    assert_eq!((b.referentie_m2, b.bestaand_m2, b.plan_m2, b.totaal_m2), (200.0, 72.0, 30.0, 102.0));
    assert_eq!(b.percentage, 51.0);
    assert_eq!(b.berekening, "bestaand 72 m² + plan 30 m² = 102 m² van 200 m² = 51 % ≤ 80 %");
    let t = p.toetsingen.iter().find(|t| t.soort == "MaximumBebouwingspercentage").unwrap();
    assert_eq!(t.oordeel, Oordeel::Past);
    assert_eq!(
        t.toelichting,
        "Op het perceel staat al 72 m² aan gebouwen. Met uw plan erbij is 102 m² van de 200 m² bebouwd: 51 %. \
         Hier mag maximaal 80 %. Dat past."
    );
}

#[test]
fn an_extension_overlapping_its_pand_does_not_count_the_overlap_twice() {
    let idx = hand_index();
    // 10 × 10 m = 100 m², of which 2.2 × 10 = 22 m² over the existing pand: new ground 78 m²
    let mut bouwplan = plan_op(vec![rechthoek(X + 14.0, Y + 10.0, X + 24.0, Y + 20.0)], 4.0);
    bouwplan.uitbreiding_van = Some("bestaand".into());
    let p = toets(&idx, &bouwplan).unwrap();
    let b = p.bebouwingspercentage.as_ref().unwrap();
    assert_eq!((b.bestaand_m2, b.plan_m2, b.plan_op_bestaand_m2, b.totaal_m2), (72.0, 100.0, 22.0, 150.0));
    assert_eq!(b.percentage, 75.0);
    assert_eq!(
        b.berekening,
        "bestaand 72 m² + plan 78 m² (van 100 m²; 22 m² staat al op bestaande bebouwing) = 150 m² van 200 m² = 75 % ≤ 80 %"
    );
    assert_eq!(p.plan.uitbreiding_van.as_ref().unwrap().identificatie, "bestaand");
    assert!(p.informatie.iter().any(|i| i.tekst == "Uw plan is een uitbreiding van het gebouw bestaand uit 1990."));
}

#[test]
fn too_much_ground_built_fails_with_the_percentage_points_over() {
    let idx = hand_index();
    // the rest of the perceel: 13.8 × 10 − the neighbour's 10 = 128 m² new, total 200 m² = 100 %
    let p = toets(&idx, &plan_op(vec![rechthoek(X + 16.2, Y + 10.0, X + 30.0, Y + 20.0)], 4.0)).unwrap();
    let t = p.toetsingen.iter().find(|t| t.soort == "MaximumBebouwingspercentage").unwrap();
    assert_eq!(t.oordeel, Oordeel::PastNiet);
    assert_eq!(t.verschil, Some(20.0));
    assert!(t.toelichting.ends_with("Dat is 20 procentpunt te veel."), "{}", t.toelichting);
    assert_eq!(p.oordeel, Oordeel::PastNiet);
}

#[test]
fn a_heavy_area_cut_to_the_plan_first_gives_the_same_pieces_as_a_full_overlay() {
    use geo::BooleanOps;
    use stip_regels::synth::{self, Rng, SynthConfig};
    // one heavy locatie, a few shapes on its boundary (the full overlays are slow in a debug build)
    let cfg = SynthConfig { seed: 11, locaties: 1, heavy: 1, panden: 0 };
    let plan = synth::plan(&cfg);
    let index = RegelIndex::build(vec![plan.clone()], vec![], vec![]);
    let mut rng = Rng::new(5);
    let mut vergeleken = 0;
    for l in &plan.locaties {
        let Some(Geometry::Polygon(p)) = &l.geometrie else { continue };
        let stap = p.exterior().0.len() / 8;
        for c in p.exterior().0.iter().step_by(stap) {
            let vorm = MultiPolygon(vec![synth::star(&mut rng, *c, 40, 5.0, 15.0)]);
            let delen = index.gebiedsdelen(&vorm);
            let stip: f64 = delen.iter().filter(|d| d.locatie.id == l.id).map(|d| d.oppervlakte).sum();
            let volledig = p.intersection(&vorm).unsigned_area();
            // the overlay snaps to a grid scaled to its input's extent: the full 24 km overlay is the coarser one (~1e-5 m)
            assert!((stip - volledig).abs() <= 1e-3 + 1e-5 * volledig, "{}: {stip} vs {volledig}", l.id);
            vergeleken += 1;
        }
    }
    assert!(vergeleken >= 8);
}

#[test]
fn a_shape_near_an_area_boundary_gets_the_same_pieces_as_a_full_overlay_whether_or_not_it_crosses() {
    use geo::BooleanOps;
    use stip_regels::synth::{self, Rng, SynthConfig};
    // shapes beside the vertices of ordinary locaties, a few metres in or out: most do not cross the boundary
    // though their box meets it (no overlay then), some do
    let cfg = SynthConfig { seed: 3, locaties: 60, heavy: 0, panden: 0 };
    let plan = synth::plan(&cfg);
    let index = RegelIndex::build(vec![plan.clone()], vec![], vec![]);
    let mut rng = Rng::new(9);
    let mut vergeleken = 0;
    for l in &plan.locaties {
        let Some(Geometry::Polygon(p)) = &l.geometrie else { continue };
        for c in p.exterior().0.iter().step_by(3) {
            let midden = geo_types::Coord { x: c.x + rng.range(-25.0, 25.0), y: c.y + rng.range(-25.0, 25.0) };
            let vorm = MultiPolygon(vec![synth::star(&mut rng, midden, 30, 3.0, 8.0)]);
            let delen = index.gebiedsdelen(&vorm);
            let stip: f64 = delen.iter().filter(|d| d.locatie.id == l.id).map(|d| d.oppervlakte).sum();
            let volledig = p.intersection(&vorm).unsigned_area();
            let volledig = if volledig > stip_regels::index::MIN_DEEL_M2 { volledig } else { 0.0 };
            // the overlay snaps to a grid (~1e-8 relative); a wrong shortcut would be off by a whole piece
            assert!((stip - volledig).abs() <= 1e-4 + 1e-6 * volledig, "{}: {stip} vs {volledig}", l.id);
            vergeleken += 1;
        }
    }
    assert!(vergeleken >= 100);
}

#[test]
fn a_plan_partly_outside_every_imported_plan_counts_the_part_outside_once() {
    let idx = hand_index();
    // 20 × 10 m across the plangebied's east edge (three areas lie over the plangebied): 10 × 10 m outside
    let p = toets(&idx, &plan_op(vec![rechthoek(X + 90.0, Y + 10.0, X + 110.0, Y + 20.0)], 4.0)).unwrap();
    assert_eq!(p.plan.oppervlakte_m2, 200.0);
    assert_eq!(p.plan.buiten_plannen_m2, 100.0);
    assert!(p.samenvatting.contains("100 m² van uw plan ligt buiten de plannen die stip kent"), "{}", p.samenvatting);
}
