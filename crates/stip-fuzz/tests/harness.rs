//! The harness itself: seeds come from the fixtures, cuts keep a document's root, mutation is deterministic, and a
//! short run goes through every parser (the long runs are by hand: `scripts/fuzz`, see the README).

use stip_fuzz::{Doel, Mutator, Rng, snijd, soort, zaden};

fn fixtures() -> Option<std::path::PathBuf> {
    let f = stip_fuzz::fixtures();
    if f.is_none() && std::env::var("STIP_REQUIRE_FIXTURES").as_deref() == Ok("1") {
        panic!("STIP_REQUIRE_FIXTURES=1 but the fixtures are missing");
    }
    f
}

#[test]
fn every_parser_has_seeds_from_the_fixtures_and_takes_mutated_inputs_without_a_panic() {
    let Some(fx) = fixtures() else { return };
    for doel in Doel::ALLE {
        let z = zaden(doel, &fx);
        assert!(z.len() >= 3, "{}: {} seeds", doel.naam(), z.len());
        let mut m = Mutator::new(Rng::new(7), z, 1 << 20);
        for _ in 0..150 {
            doel.voer(&m.volgende());
        }
    }
}

#[test]
fn a_cut_keeps_the_root_and_only_its_first_children() {
    let doc = b"<?xml version=\"1.0\"?><r a=\"1\"><x>1</x><y/><z><q/></z></r>";
    assert_eq!(snijd(doc, 1).unwrap(), b"<?xml version=\"1.0\"?><r a=\"1\"><x>1</x></r>");
    assert_eq!(snijd(doc, 2).unwrap(), b"<?xml version=\"1.0\"?><r a=\"1\"><x>1</x><y/></r>");
    assert_eq!(snijd(doc, 3), None, "no cut when all children stay");
}

#[test]
fn the_same_seed_gives_the_same_inputs_and_inputs_stay_within_the_maximum() {
    let zaden = vec![b"<a>12</a>".to_vec(), b"[1..2]".to_vec()];
    let mut a = Mutator::new(Rng::new(42), zaden.clone(), 64);
    let mut b = Mutator::new(Rng::new(42), zaden, 64);
    let mut anders = 0;
    for _ in 0..2000 {
        let (x, y) = (a.volgende(), b.volgende());
        assert_eq!(x, y);
        assert!(x.len() <= 64);
        anders += usize::from(x != b"<a>12</a>" && x != b"[1..2]");
    }
    assert!(anders > 1500, "mutations change the seeds: {anders}");
}

#[test]
fn error_messages_that_differ_only_in_place_or_quoted_text_count_as_one() {
    assert_eq!(
        soort("gml:Polygon in gml:MultiSurface gml:id=\"a.1\": ring 2 intersects itself near (1.5, 2.5)"),
        soort("gml:PolygonPatch in gml:Surface gml:id=\"b\": ring 10 intersects itself near (3.0, 4.0)"),
    );
    assert_eq!(
        soort("fuzz.gml: CityModel: unknown namespace 'x' for this format"),
        "unknown namespace '' for this format"
    );
    assert_eq!(
        soort("xml: XML error: position 12: duplicated attribute"),
        "XML error: position #: duplicated attribute"
    );
    assert_ne!(soort("onverwachte tekst bij 'x'"), soort("tekst zonder afsluitend aanhalingsteken"));
}
