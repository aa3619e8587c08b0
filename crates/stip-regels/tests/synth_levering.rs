//! The synthetic STOP/TPOD delivery imports with the real importer and answers like the in-memory synthetic plan,
//! so the import benchmark imports what it claims.

use geo::{Centroid, CoordsIter};
use stip_regels::antwoord::Antwoord;
use stip_regels::import::stop_tpod;
use stip_regels::model::{LocatieSoort, PlanVersie};
use stip_regels::synth::{self, Rng, SynthConfig};
use stip_regels::synth_levering;
use stip_regels::{RdPoint, RegelIndex};

/// What must match at a point: sorted norms (type, naam, waarde, eenheid, artikel of the regeltekst) and
/// activiteiten (id, naam, kwalificatie, groep, artikel).
fn kern(a: &Antwoord) -> (Vec<String>, Vec<String>) {
    let mut normen: Vec<String> = a
        .normen
        .iter()
        .map(|n| {
            format!(
                "{} {} {:?} {:?} {:?} {:?}",
                n.type_.as_str(),
                n.naam.as_str(),
                n.soort,
                n.waarde,
                n.eenheid.as_ref().map(|e| e.as_str().to_string()),
                n.regeltekst.as_ref().map(|r| r.artikel.as_str().to_string())
            )
        })
        .collect();
    let mut act: Vec<String> = a
        .activiteiten
        .iter()
        .map(|x| {
            format!(
                "{} {} {:?} {:?} {:?}",
                x.id.as_str(),
                x.naam.as_str(),
                x.kwalificatie,
                x.groep.as_ref().map(|g| g.as_str().to_string()),
                x.regeltekst.as_ref().map(|r| r.artikel.as_str().to_string())
            )
        })
        .collect();
    normen.sort();
    act.sort();
    (normen, act)
}

fn vertices(p: &PlanVersie) -> usize {
    p.locaties.iter().filter_map(|l| l.geometrie.as_ref()).map(|g| g.coords_count()).sum()
}

#[test]
fn the_synthetic_delivery_imports_and_answers_like_the_synthetic_plan() {
    let cfg = SynthConfig::national(0.001);
    let levering = synth_levering::levering(&cfg);
    assert!(levering.iter().any(|(n, _)| n.ends_with(".gml")));
    assert!(levering.iter().any(|(n, _)| n == "manifest.xml"));
    let imported = stop_tpod::import(levering, None).expect("the synthetic delivery imports");
    let synth = synth::plan(&cfg);

    assert_eq!(imported.id, synth.id);
    assert_eq!(imported.versie, synth.versie);
    assert_eq!(imported.titel, synth.titel);
    assert_eq!(imported.bevoegd_gezag.code, synth.bevoegd_gezag.code);
    let gebieden = imported.locaties.iter().filter(|l| l.soort == LocatieSoort::Gebied).count();
    assert_eq!(gebieden, cfg.locaties);
    let groepen = imported.locaties.iter().filter(|l| l.soort == LocatieSoort::Gebiedengroep).count();
    assert_eq!(groepen, synth.juridische_regels.len(), "one Gebiedengroep per juridische regel");
    assert_eq!(vertices(&imported), vertices(&synth), "every vertex comes back");
    assert_eq!(imported.normen.len(), synth.normen.len());
    assert_eq!(imported.juridische_regels.len(), synth.juridische_regels.len());
    assert_eq!(imported.activiteiten.len(), synth.activiteiten.len());
    assert_eq!(imported.artikelen.len(), synth.artikelen.len());
    assert_eq!(imported.regelteksten.len(), synth.regelteksten.len());
    assert_eq!(imported.informatieobjecten.len(), cfg.locaties.div_ceil(synth_levering::LOCATIES_PER_GIO));
    assert!(
        imported.artikelen[0].informatieobjecten.iter().all(|io| io.contains("werkingsgebied")),
        "IntIoRef → ExtIoRef → GIO"
    );

    // the same answers at the centroid of every locatie and at random points in their bounding box
    let mut points: Vec<RdPoint> = synth
        .locaties
        .iter()
        .filter_map(|l| l.geometrie.as_ref()?.centroid())
        .map(|c| RdPoint::new(c.x(), c.y()).unwrap())
        .collect();
    let mut rng = Rng::new(7);
    let (x0, y0, x1, y1) = synth::NL_BOX;
    points.extend((0..2_000).map(|_| RdPoint::new(rng.range(x0, x1), rng.range(y0, y1)).unwrap()));

    let from_import = RegelIndex::build(vec![imported], vec![], vec![]);
    let in_memory = RegelIndex::build(vec![synth], vec![], vec![]);
    let (mut with_norm, mut with_act) = (0, 0);
    for p in points {
        let (a, b) = (kern(&from_import.at_point(p)), kern(&in_memory.at_point(p)));
        assert_eq!(a, b, "at ({}, {})", p.x(), p.y());
        with_norm += usize::from(!a.0.is_empty());
        with_act += usize::from(!a.1.is_empty());
    }
    assert!(with_norm >= cfg.locaties * 9 / 10, "not vacuous: {with_norm} points with a norm");
    assert!(with_act >= cfg.locaties * 9 / 10, "not vacuous: {with_act} points with an activiteit");
}

#[test]
fn the_synthetic_delivery_is_deterministic() {
    let cfg = SynthConfig { locaties: 300, heavy: 1, ..SynthConfig::national(0.0) };
    assert_eq!(synth_levering::levering(&cfg), synth_levering::levering(&cfg));
}
