//! One check step on the fixture models (answers → next question or conclusion), with the dsntk
//! reference engine evaluating the same decision beside it.

#[path = "../tests/common/mod.rs"]
mod common;

use serde_json::json;
use std::collections::BTreeMap;
use std::str::FromStr;
use std::sync::{Arc, LazyLock};
use stip_sttr::{Catalog, CheckRequest, CheckState, OnbekendeKaart, step};

fn main() {
    if common::fixtures().is_none() {
        return;
    }
    divan::main();
}

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| common::catalog(&common::fixtures().unwrap()));

fn vraag_id(acts: &[&str], answers: &BTreeMap<String, serde_json::Value>) -> String {
    let req = CheckRequest {
        activiteiten: acts.iter().map(|s| s.to_string()).collect(),
        antwoorden: answers.clone(),
        locatie: None,
        geo: &OnbekendeKaart,
    };
    match step(&CATALOG, &req).unwrap() {
        CheckState::Vraag { vraag } => vraag.id,
        CheckState::Conclusie { .. } => panic!("expected a question"),
    }
}

/// Answers that lead the kappen-boom check to Vergunningplicht (4 questions).
static KAPPEN_ANSWERS: LazyLock<BTreeMap<String, serde_json::Value>> = LazyLock::new(|| {
    let mut a = BTreeMap::new();
    for v in [json!(80), json!(true), json!(false), json!(false)] {
        let id = vraag_id(&[common::KAPPEN], &a);
        a.insert(id, v);
    }
    a
});

fn run(acts: &[&str], answers: &BTreeMap<String, serde_json::Value>) -> CheckState {
    let req = CheckRequest {
        activiteiten: acts.iter().map(|s| s.to_string()).collect(),
        antwoorden: answers.clone(),
        locatie: None,
        geo: &OnbekendeKaart,
    };
    step(&CATALOG, &req).unwrap()
}

#[divan::bench]
fn stip_step_bijgebouw_first_question(b: divan::Bencher) {
    let none = BTreeMap::new();
    b.bench(|| run(divan::black_box(&[common::BIJGEBOUW]), &none));
}

#[divan::bench]
fn stip_step_bijgebouw_conclusion(b: divan::Bencher) {
    let mut a = BTreeMap::new();
    a.insert(vraag_id(&[common::BIJGEBOUW], &a), json!(25));
    b.bench(|| run(divan::black_box(&[common::BIJGEBOUW]), &a));
}

#[divan::bench]
fn stip_step_kappen_conclusion(b: divan::Bencher) {
    let a = &*KAPPEN_ANSWERS;
    b.bench(|| run(divan::black_box(&[common::KAPPEN]), a));
}

#[divan::bench]
fn stip_step_geo_first_question(b: divan::Bencher) {
    let none = BTreeMap::new();
    b.bench(|| run(divan::black_box(&["nl.imow-gm0363.activiteit.2"]), &none));
}

#[divan::bench]
fn stip_evaluate_kappen_decision(b: divan::Bencher) {
    let m = CATALOG.models().iter().find(|m| m.naam.starts_with("Conclusie Kappen")).unwrap().clone();
    let inputs: BTreeMap<String, stip_sttr::Value> = [
        ("stamomtrek", stip_sttr::Value::Number(80.0)),
        ("zichtbaar vanaf openbaar toegankelijk gebied", stip_sttr::Value::Bool(true)),
        ("gekapt op grond van de Plantenziektenwet", stip_sttr::Value::Bool(false)),
        (
            "aanschrijving op grond van artikel PM van de Algemene plaatselijke verordening",
            stip_sttr::Value::Bool(false),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    b.bench(|| m.evaluate(divan::black_box("Besluit - Kappen van een boom"), &inputs));
}

mod dsntk {
    use super::*;
    use dsntk_feel::context::FeelContext;
    use dsntk_feel::values::Value;
    use dsntk_feel::{FeelNumber, Name};
    use dsntk_model::{DmnElement, NamedElement};

    struct Oracle {
        ev: Arc<dsntk_evaluator::ModelEvaluator>,
        ns: String,
        name: String,
    }

    fn oracle(rel: &str) -> Oracle {
        let dir = common::fixtures().unwrap();
        let xml = String::from_utf8(common::read(&dir, rel)).unwrap();
        let xml = xml
            .replace("http://www.omg.org/spec/DMN/20151101/dmn.xsd", "https://www.omg.org/spec/DMN/20191111/MODEL/")
            .replace("typeRef=\"feel:", "typeRef=\"")
            .replace(">feel:", ">");
        let defs = dsntk_model::parse(&xml).unwrap();
        let (ns, name) = (defs.namespace().to_string(), defs.name().to_string());
        Oracle { ev: dsntk_evaluator::ModelEvaluator::new(&[defs]).unwrap(), ns, name }
    }

    static BIJGEBOUW: LazyLock<Oracle> =
        LazyLock::new(|| oracle("gemeentestad/toepasbareRegels/extracted/conclusie-bouwen-bijgebouw.dmn"));
    static KAPPEN: LazyLock<Oracle> =
        LazyLock::new(|| oracle("gemeentestad/toepasbareRegels/extracted/conclusie-kappen-boom.dmn"));

    #[divan::bench]
    fn dsntk_evaluate_bijgebouw_decision(b: divan::Bencher) {
        let o = &*BIJGEBOUW;
        let mut ctx = FeelContext::default();
        ctx.set_entry(&Name::from("oppervlakte m2"), Value::Number(FeelNumber::from_str("25").unwrap()));
        b.bench(|| {
            o.ev.evaluate_invocable(&o.ns, &o.name, divan::black_box("Besluit - Bouwen van een bijgebouw"), &ctx)
        });
    }

    #[divan::bench]
    fn dsntk_evaluate_kappen_decision(b: divan::Bencher) {
        let o = &*KAPPEN;
        let mut ctx = FeelContext::default();
        ctx.set_entry(&Name::from("stamomtrek"), Value::Number(FeelNumber::from_str("80").unwrap()));
        ctx.set_entry(&Name::from("zichtbaar vanaf openbaar toegankelijk gebied"), Value::Boolean(true));
        ctx.set_entry(&Name::from("gekapt op grond van de Plantenziektenwet"), Value::Boolean(false));
        ctx.set_entry(
            &Name::from("aanschrijving op grond van artikel PM van de Algemene plaatselijke verordening"),
            Value::Boolean(false),
        );
        b.bench(|| o.ev.evaluate_invocable(&o.ns, &o.name, divan::black_box("Besluit - Kappen van een boom"), &ctx));
    }
}
