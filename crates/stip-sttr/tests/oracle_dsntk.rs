//! Differential test: stip's strict DMN evaluation equals the dsntk reference engine on every fixture
//! decision, for enumerated answers (boundaries ±0.01, every option, true/false, null).

mod common;
use common::fixtures_or_skip;
use dsntk_feel::context::FeelContext;
use dsntk_feel::values::Value as DValue;
use dsntk_feel::{FeelNumber, Name};
use dsntk_model::{DmnElement, NamedElement};
use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;
use stip_sttr::{Logic, Model, Soort, Value};

/// dsntk reads DMN 1.3+: rewrite the DMN 1.1/1.2 namespace and the DMN 1.1 `feel:` type prefixes.
fn to_dmn13(xml: &str) -> String {
    xml.replace("http://www.omg.org/spec/DMN/20151101/dmn.xsd", "https://www.omg.org/spec/DMN/20191111/MODEL/")
        .replace("http://www.omg.org/spec/DMN/20180521/MODEL/", "https://www.omg.org/spec/DMN/20191111/MODEL/")
        .replace("typeRef=\"feel:", "typeRef=\"")
        .replace(">feel:", ">")
}

fn to_dsntk(v: &Value) -> DValue {
    match v {
        Value::Null => DValue::Null(None),
        Value::Bool(b) => DValue::Boolean(*b),
        Value::Number(n) => DValue::Number(FeelNumber::from_str(&format!("{n}")).unwrap()),
        Value::String(s) => DValue::String(s.to_string()),
        Value::List(l) => DValue::List(l.iter().map(to_dsntk).collect()),
    }
}

fn from_dsntk(v: &DValue) -> Value {
    match v {
        DValue::Null(_) => Value::Null,
        DValue::Boolean(b) => Value::Bool(*b),
        DValue::Number(n) => Value::Number(n.to_string().parse().unwrap()),
        DValue::String(s) => Value::string(s.as_str()),
        DValue::List(l) => Value::List(l.iter().map(from_dsntk).collect::<Vec<_>>().into()),
        other => panic!("unexpected dsntk value {other}"),
    }
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Numbers and quoted strings written in a cell.
fn literals(cell: &str, nums: &mut BTreeSet<String>, strs: &mut BTreeSet<String>) {
    let c: Vec<char> = cell.chars().collect();
    let mut i = 0;
    while i < c.len() {
        if c[i] == '"' {
            let mut j = i + 1;
            let mut s = String::new();
            while j < c.len() && c[j] != '"' {
                s.push(c[j]);
                j += 1;
            }
            strs.insert(s);
            i = j + 1;
        } else if c[i].is_ascii_digit() && (i == 0 || !c[i - 1].is_alphanumeric() && c[i - 1] != '_') {
            let mut j = i;
            while j < c.len()
                && (c[j].is_ascii_digit() || (c[j] == '.' && c.get(j + 1).is_some_and(|d| d.is_ascii_digit())))
            {
                j += 1;
            }
            let neg = i > 0 && c[i - 1] == '-' && (i < 2 || !c[i - 2].is_alphanumeric());
            let t: String = c[i..j].iter().collect();
            nums.insert(if neg { format!("-{t}") } else { t });
            i = j;
        } else {
            i += 1;
        }
    }
}

/// Test values per input: boundaries ±0.01, options and literals, true/false, and null.
fn domain(m: &Model, input: usize) -> Vec<Value> {
    let inp = &m.inputs[input];
    let (mut nums, mut strs) = (BTreeSet::new(), BTreeSet::new());
    for d in &m.decisions {
        if let Logic::Table(t) = &d.logic {
            for (ci, col) in t.inputs.iter().enumerate() {
                if norm(&col.text) == norm(&inp.naam) {
                    for r in &t.rules {
                        literals(&r.input_texts[ci], &mut nums, &mut strs);
                    }
                }
            }
        }
    }
    if let Some(Soort::Vraag { opties, .. }) = inp.uitvoeringsregel.map(|u| &m.uitvoeringsregels[u].soort) {
        strs.extend(opties.iter().map(|o| o.waarde.clone()));
    }
    let mut out = vec![Value::Null];
    match inp.type_ref.as_deref() {
        Some("boolean") => out.extend([Value::Bool(true), Value::Bool(false)]),
        Some("number") => {
            let mut bs: Vec<f64> = nums.iter().map(|n| n.parse().unwrap()).collect();
            if bs.is_empty() {
                bs.push(0.0);
            }
            for b in bs {
                for d in [-0.01, 0.0, 0.01] {
                    out.push(Value::Number(((b + d) * 100.0).round() / 100.0));
                }
            }
        }
        _ => {
            out.extend(strs.iter().map(|s| Value::string(s.as_str())));
            out.push(Value::string("iets anders"));
        }
    }
    out
}

/// Inputs a decision depends on, through required decisions.
fn dependencies(m: &Model, d: usize) -> Vec<usize> {
    let mut inputs = BTreeSet::new();
    let mut stack = vec![d];
    let mut seen = BTreeSet::new();
    while let Some(x) = stack.pop() {
        if seen.insert(x) {
            inputs.extend(m.decisions[x].required_inputs.iter().copied());
            stack.extend(m.decisions[x].required_decisions.iter().copied());
        }
    }
    inputs.into_iter().collect()
}

const MAX_CASES: usize = 5_000;

#[test]
fn stip_evaluates_every_fixture_decision_like_dsntk() {
    let dir = fixtures_or_skip!();
    let mut total = 0usize;
    for (name, bytes) in common::dmn_files(&dir) {
        let model = stip_sttr::import_dmn(&name, &bytes).unwrap().remove(0);
        let defs = dsntk_model::parse(&to_dmn13(std::str::from_utf8(&bytes).unwrap()))
            .unwrap_or_else(|e| panic!("dsntk cannot read {name}: {e}"));
        let (ns, mname) = (defs.namespace().to_string(), defs.name().to_string());
        let oracle = dsntk_evaluator::ModelEvaluator::new(&[defs]).unwrap();
        for (di, dec) in model.decisions.iter().enumerate() {
            let deps = dependencies(&model, di);
            let domains: Vec<Vec<Value>> = deps.iter().map(|&i| domain(&model, i)).collect();
            let product = domains.iter().try_fold(1usize, |a, d| a.checked_mul(d.len())).unwrap_or(usize::MAX);
            let mut seed = 0x2545_f491_4f6c_dd1du64;
            let cases = product.min(MAX_CASES);
            for case in 0..cases {
                let pick: Vec<usize> = if product <= MAX_CASES {
                    let mut k = case;
                    domains
                        .iter()
                        .map(|d| {
                            let i = k % d.len();
                            k /= d.len();
                            i
                        })
                        .collect()
                } else {
                    domains
                        .iter()
                        .map(|d| {
                            seed ^= seed << 13;
                            seed ^= seed >> 7;
                            seed ^= seed << 17;
                            (seed % d.len() as u64) as usize
                        })
                        .collect()
                };
                let mut ours = BTreeMap::new();
                let mut ctx = FeelContext::default();
                for (k, &i) in deps.iter().enumerate() {
                    let v = domains[k][pick[k]].clone();
                    ctx.set_entry(&Name::from(model.inputs[i].naam.as_str()), to_dsntk(&v));
                    ours.insert(model.inputs[i].naam.clone(), v);
                }
                let got = model.evaluate(&dec.id, &ours).unwrap();
                let want = from_dsntk(&oracle.evaluate_invocable(&ns, &mname, &dec.naam, &ctx));
                assert_eq!(got, want, "{name}: decision '{}' with {ours:?}", dec.naam);
                total += 1;
            }
        }
    }
    println!("{total} cases agree with dsntk");
    assert!(total > 1_000, "only {total} cases");
}
