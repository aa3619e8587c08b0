//! Property: random walks through every fixture questionnaire (each asked question answered with a
//! random valid value) reach a conclusion within a bounded number of steps, never a panic or error, and every
//! question asked reads as words (no location ids).

mod common;
use proptest::prelude::*;
use serde_json::json;
use std::collections::BTreeMap;
use stip_sttr::{Catalog, CheckRequest, CheckState, OnbekendeKaart, step};

fn answer(v: &stip_sttr::Vraag, r: u64) -> serde_json::Value {
    match v.type_ {
        "boolean" => json!(r.is_multiple_of(2)),
        "number" => {
            let pool = [0.0, 0.5, 19.99, 20.0, 29.99, 30.0, 49.99, 50.0, 80.0, 1000.0];
            json!(pool[(r % pool.len() as u64) as usize] + (r % 7) as f64)
        }
        "list" | "geoVerwijzing" => json!(v.opties[(r % v.opties.len() as u64) as usize].waarde),
        "date" => json!("2025-01-01"),
        _ => json!(format!("antwoord {r}")),
    }
}

fn walk(c: &Catalog, acts: Vec<String>, rnd: &[u64]) -> usize {
    let mut antwoorden = BTreeMap::new();
    for (n, r) in rnd.iter().enumerate() {
        let req = CheckRequest {
            activiteiten: acts.clone(),
            antwoorden: antwoorden.clone(),
            locatie: None,
            geo: &OnbekendeKaart,
        };
        match step(c, &req).unwrap_or_else(|e| panic!("step {n}: {e}")) {
            CheckState::Conclusie { conclusies, .. } => {
                assert_eq!(conclusies.len(), acts.len());
                return n;
            }
            CheckState::Vraag { vraag } => {
                assert!(!antwoorden.contains_key(&vraag.id), "asked {} twice", vraag.id);
                assert!(
                    !vraag.tekst.contains("nl.imow-") && !vraag.tekst.contains("_"),
                    "a person reads words, not location ids or table names: {}",
                    vraag.tekst
                );
                antwoorden.insert(vraag.id.clone(), answer(&vraag, *r));
            }
        }
    }
    panic!("no conclusion within {} steps for {acts:?}", rnd.len())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
    #[test]
    fn every_random_walk_reaches_a_conclusion(rnd in proptest::collection::vec(any::<u64>(), 40), pick in any::<u64>()) {
        let Some(dir) = common::fixtures() else { return Ok(()) };
        let c = common::catalog(&dir);
        let all: Vec<String> = c.activiteiten().iter().filter(|a| a.checkbaar).map(|a| a.id.clone()).collect();
        // each activity alone, and a random pair together
        for a in &all {
            walk(&c, vec![a.clone()], &rnd);
        }
        let i = (pick % all.len() as u64) as usize;
        let j = ((pick >> 32) % all.len() as u64) as usize;
        if i != j {
            walk(&c, vec![all[i].clone(), all[j].clone()], &rnd);
        }
    }
}
