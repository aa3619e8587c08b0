//! Reading one STTR DMN file (DMN 1.1–1.5, DSO extensions matched by local name) into a `Model`.

use crate::error::ImportError;
use crate::feel::{Expr, Scope, VarRef, parse_expression, parse_unary_tests};
use crate::model::*;
use crate::text::{clean_markdown, one_line};
use crate::value::Value;
use crate::xml::{self, Element};
use std::collections::{BTreeMap, BTreeSet};

pub(crate) const DMN_NAMESPACES: [(&str, DmnVersie); 5] = [
    ("http://www.omg.org/spec/DMN/20151101/dmn.xsd", DmnVersie::V11),
    ("http://www.omg.org/spec/DMN/20180521/MODEL/", DmnVersie::V12),
    ("https://www.omg.org/spec/DMN/20191111/MODEL/", DmnVersie::V13),
    ("https://www.omg.org/spec/DMN/20211108/MODEL/", DmnVersie::V14),
    ("https://www.omg.org/spec/DMN/20230324/MODEL/", DmnVersie::V15),
];

/// Uitvoeringsregel kinds (IMTR 3.0.1), by the local name of the element that decides the kind.
const SOORTEN: [&str; 10] = [
    "vraag",
    "geoVerwijzing",
    "bijlage",
    "registerBevraging",
    "registerbevragingAPIProfiel",
    "vasteWaarde",
    "vasteWaardeVoorbehoud",
    "implicietAntwoord",
    "herbruikbareBeslissing",
    "uitkomstHerbruikbareBeslissing",
];

fn href_id(href: &str) -> &str {
    href.rsplit_once('#').map_or(href, |(_, id)| id)
}

fn strip_feel(t: &str) -> String {
    let t = t.trim();
    t.strip_prefix("feel:").unwrap_or(t).to_string()
}

fn parse_i64(s: Option<String>) -> Option<i64> {
    s.and_then(|s| s.trim().parse().ok())
}

fn invalid(file: &str, element: &str, id: &str, reason: impl Into<String>) -> ImportError {
    ImportError::Invalid { file: file.into(), element: element.into(), id: id.into(), reason: reason.into() }
}

/// Parses the root of a DMN document and says which version, or why not.
pub(crate) fn dmn_version(root: &Element) -> Result<DmnVersie, String> {
    if root.name != "definitions" {
        return Err(format!("rootelement is <{}>, verwacht <definitions>", root.name));
    }
    let ns = root.namespace().unwrap_or("");
    DMN_NAMESPACES
        .iter()
        .find(|(u, _)| *u == ns)
        .map(|(_, v)| *v)
        .ok_or_else(|| format!("onbekende DMN-namespace '{ns}'"))
}

fn read_uitvoeringsregel(e: &Element) -> Uitvoeringsregel {
    let id = e.attr("id").unwrap_or_default().to_string();
    let kind_el = e.elements().find(|c| SOORTEN.contains(&c.name.as_str()));
    let soort = match kind_el {
        Some(k) if k.name == "vraag" => Soort::Vraag {
            gegevens_type: k.child_text("gegevensType").unwrap_or_else(|| "string".into()),
            tekst: one_line(&k.child_text("vraagTekst").unwrap_or_default()),
            opties: k
                .descendants_named("optie")
                .into_iter()
                .filter_map(|o| {
                    let w = o
                        .child_text("optieText")
                        .or_else(|| o.child_text("optieTekst"))
                        .or_else(|| o.child_text("waarde"))?;
                    Some(Optie { waarde: one_line(&w), volgorde: parse_i64(o.child_text("sequenceId")) })
                })
                .collect(),
            eenheid: k.child_text("eenheid"),
        },
        Some(k) if k.name == "geoVerwijzing" => Soort::GeoVerwijzing {
            locaties: k
                .descendants_named("locatie")
                .into_iter()
                .filter_map(|l| {
                    l.attr("identificatie").map(str::to_string).or_else(|| Some(l.text().trim().to_string()))
                })
                .filter(|s| !s.is_empty())
                .collect(),
            tekst: k.child_text("vraagTekst").or_else(|| k.child_text("omschrijving")).map(|t| one_line(&t)),
        },
        Some(k) if k.name == "bijlage" => Soort::Bijlage {
            bijlage_type: k.child_text("bijlageType").unwrap_or_else(|| "Bijlage".into()),
            tekst: k.child_text("omschrijving").map(|t| one_line(&t)),
        },
        Some(k) if k.name.starts_with("registerbevraging") || k.name == "registerBevraging" => {
            Soort::RegisterBevraging {
                element: k.name.clone(),
                tekst: k.child_text("vraagTekst").map(|t| one_line(&t)),
            }
        }
        Some(k) if k.name.starts_with("vasteWaarde") => Soort::VasteWaarde {
            element: k.name.clone(),
            waarde: k.child_text("waarde").or_else(|| Some(k.text().trim().to_string()).filter(|t| !t.is_empty())),
        },
        Some(k) if k.name == "implicietAntwoord" => Soort::ImplicietAntwoord {
            waarde: k.child_text("waarde").or_else(|| Some(k.text().trim().to_string()).filter(|t| !t.is_empty())),
        },
        Some(k) => Soort::Overig { element: k.name.clone() },
        None => Soort::Overig { element: String::new() },
    };
    let toel = e.child("uitvoeringsregelToelichting");
    Uitvoeringsregel {
        id,
        herbruikbaar_id: e.child_text("herbruikbaarId"),
        regelgroep: e.child("regelgroepRef").and_then(|r| r.attr("href")).map(|h| href_id(h).to_string()),
        prioriteit: parse_i64(e.child_text("prioriteit")),
        soort,
        toelichting: toel
            .and_then(|t| t.child("toelichting"))
            .map(|t| clean_markdown(&t.text()))
            .filter(|t| !t.is_empty()),
        lange_toelichting: toel
            .and_then(|t| t.child("langeToelichting"))
            .or_else(|| e.child("langeToelichting"))
            .map(|t| clean_markdown(&t.text()))
            .filter(|t| !t.is_empty()),
        belangrijk: toel
            .and_then(|t| t.child_text("belangrijk"))
            .is_some_and(|b| b.trim().eq_ignore_ascii_case("true")),
    }
}

/// Parses `…/id/concept/Conclusienl.imow-gm0297.activiteit.2019000800` into typering + activity id.
pub(crate) fn parse_koppeling(href: &str) -> Option<Koppeling> {
    let h = href.trim().trim_start_matches('#');
    let tail = h.rsplit_once("/concept/").map_or_else(|| h.rsplit('/').next().unwrap_or(h), |(_, t)| t);
    const PREFIXES: [(&str, Option<&str>); 6] = [
        ("IndieningsvereistenVergunning", Some("Vergunning")),
        ("IndieningsvereistenMelding", Some("Melding")),
        ("IndieningsvereistenInformatie", Some("Informatie")),
        ("Indieningsvereisten", None),
        ("Conclusie", None),
        ("Maatregelen", None),
    ];
    for (p, toestemming) in PREFIXES {
        if let Some(act) = tail.strip_prefix(p) {
            if act.is_empty() {
                continue;
            }
            let typering = match p {
                "Conclusie" => Typering::Conclusie,
                "Maatregelen" => Typering::Maatregelen,
                _ => Typering::Indieningsvereisten { toestemming: toestemming.map(str::to_string) },
            };
            return Some(Koppeling { typering, activiteit: act.to_string(), href: href.to_string() });
        }
    }
    let pos = tail.find("nl.imow-")?;
    Some(Koppeling {
        typering: Typering::Overig { naam: tail[..pos].to_string() },
        activiteit: tail[pos..].to_string(),
        href: href.to_string(),
    })
}

struct RawDecision<'a> {
    el: &'a Element,
    id: String,
    naam: String,
    type_ref: Option<String>,
    req_inputs: Vec<usize>,
    req_decisions: Vec<usize>,
    koppeling: Option<Koppeling>,
}

/// Imports one DMN document.
pub(crate) fn import(file: &str, bytes: &[u8]) -> Result<Model, ImportError> {
    let root = xml::parse(bytes).map_err(|p| ImportError::Xml { file: file.into(), reason: p.to_string() })?;
    let version = dmn_version(&root).map_err(|reason| ImportError::NotDmn { file: file.into(), reason })?;
    let model_id = root.attr("id").unwrap_or_default().to_string();
    let mut waarschuwingen = Vec::new();

    // item definitions: name -> (base type, collection)
    let mut item_defs: BTreeMap<String, (Option<String>, bool)> = BTreeMap::new();
    for it in root.children_named("itemDefinition") {
        if let Some(name) = it.attr("name") {
            item_defs.insert(
                name.to_string(),
                (it.child_text("typeRef").map(|t| strip_feel(&t)), it.attr("isCollection") == Some("true")),
            );
        }
    }
    let resolve_type = |t: &Option<String>| -> Option<(String, bool)> {
        let mut t = t.clone()?;
        let mut coll = false;
        for _ in 0..8 {
            match item_defs.get(&t) {
                Some((Some(base), c)) => {
                    coll |= *c;
                    t = base.clone();
                }
                Some((None, _)) => return None,
                None => break,
            }
        }
        Some((t, coll))
    };

    let ext = root.child("extensionElements");
    let regelgroepen: Vec<Regelgroep> = ext
        .map(|x| x.descendants_named("regelgroep"))
        .unwrap_or_default()
        .into_iter()
        .map(|g| Regelgroep {
            id: g.attr("id").unwrap_or_default().to_string(),
            naam: g.child_text("naam").map(|n| one_line(&n)),
            prioriteit: parse_i64(g.child_text("prioriteit")),
        })
        .collect();
    let uitvoeringsregels: Vec<Uitvoeringsregel> = ext
        .map(|x| x.descendants_named("uitvoeringsregel"))
        .unwrap_or_default()
        .into_iter()
        .map(read_uitvoeringsregel)
        .collect();

    let mut inputs = Vec::new();
    for (i, el) in root.children_named("inputData").enumerate() {
        let id = el.attr("id").map(str::to_string).unwrap_or_else(|| format!("inputData[{}]", i + 1));
        let var = el.child("variable");
        let naam = el.attr("name").or_else(|| var.and_then(|v| v.attr("name"))).unwrap_or_default().to_string();
        if naam.trim().is_empty() {
            return Err(invalid(file, "inputData", &id, "heeft geen naam"));
        }
        let type_ref = var.and_then(|v| v.attr("typeRef")).map(strip_feel);
        let uitvoeringsregel = match el.descendants_named("uitvoeringsregelRef").first().and_then(|r| r.attr("href")) {
            Some(h) => Some(uitvoeringsregels.iter().position(|u| u.id == href_id(h)).ok_or_else(|| {
                ImportError::MissingReference {
                    file: file.into(),
                    element: "inputData".into(),
                    id: id.clone(),
                    reference: h.to_string(),
                }
            })?),
            None => None,
        };
        inputs.push(InputData { id, naam, type_ref, uitvoeringsregel });
    }

    let decision_els: Vec<&Element> = root.children_named("decision").collect();
    let mut raws = Vec::new();
    for (i, el) in decision_els.iter().enumerate() {
        let id = el.attr("id").map(str::to_string).unwrap_or_else(|| format!("decision[{}]", i + 1));
        let var = el.child("variable");
        let naam = el.attr("name").or_else(|| var.and_then(|v| v.attr("name"))).unwrap_or_default().to_string();
        let koppeling = el
            .child("extensionElements")
            .and_then(|x| {
                x.descendants_named("functioneleStructuurRef").first().and_then(|f| f.attr("href")).map(str::to_string)
            })
            .and_then(|h| parse_koppeling(&h));
        raws.push(RawDecision {
            el,
            id,
            naam,
            type_ref: var.and_then(|v| v.attr("typeRef")).map(strip_feel),
            req_inputs: Vec::new(),
            req_decisions: Vec::new(),
            koppeling,
        });
    }
    // requirements
    for i in 0..raws.len() {
        let el = raws[i].el;
        let mut ri = Vec::new();
        let mut rd = Vec::new();
        for req in el.children_named("informationRequirement") {
            if let Some(h) = req.child("requiredInput").and_then(|r| r.attr("href")) {
                let target = href_id(h);
                let idx = inputs.iter().position(|x| x.id == target).ok_or_else(|| ImportError::MissingReference {
                    file: file.into(),
                    element: "decision".into(),
                    id: raws[i].id.clone(),
                    reference: h.to_string(),
                })?;
                ri.push(idx);
            }
            if let Some(h) = req.child("requiredDecision").and_then(|r| r.attr("href")) {
                let target = href_id(h);
                let idx = raws.iter().position(|x| x.id == target).ok_or_else(|| ImportError::MissingReference {
                    file: file.into(),
                    element: "decision".into(),
                    id: raws[i].id.clone(),
                    reference: h.to_string(),
                })?;
                rd.push(idx);
            }
        }
        if el.child("knowledgeRequirement").is_some() {
            return Err(invalid(file, "decision", &raws[i].id, "knowledgeRequirement (BKM) wordt niet ondersteund"));
        }
        raws[i].req_inputs = ri;
        raws[i].req_decisions = rd;
    }

    let mut all_scope = Scope::default();
    for (i, inp) in inputs.iter().enumerate() {
        all_scope.add(&inp.naam, VarRef::Input(i));
    }
    for (i, d) in raws.iter().enumerate() {
        all_scope.add(&d.naam, VarRef::Decision(i));
    }

    let mut decisions = Vec::new();
    for raw in raws.iter() {
        let mut scope = Scope::default();
        for &i in &raw.req_inputs {
            scope.add(&inputs[i].naam, VarRef::Input(i));
        }
        for &d in &raw.req_decisions {
            scope.add(&raws[d].naam, VarRef::Decision(d));
        }
        let feel_err = |rule: String, text: &str, reason: String| ImportError::Feel {
            file: file.into(),
            decision: format!("{} ({})", raw.naam, raw.id),
            rule,
            text: text.trim().to_string(),
            reason,
        };
        // parse with the declared requirements; accept undeclared model names with a warning
        let mut lenient = |text: &str, unary: bool, rule: String| -> Result<ParsedCell, ImportError> {
            let first = if unary {
                parse_unary_tests(text, &scope).map(ParsedCell::Tests)
            } else {
                parse_expression(text, &scope).map(ParsedCell::Expr)
            };
            match first {
                Ok(c) => Ok(c),
                Err(reason) => {
                    let second = if unary {
                        parse_unary_tests(text, &all_scope).map(ParsedCell::Tests)
                    } else {
                        parse_expression(text, &all_scope).map(ParsedCell::Expr)
                    };
                    match second {
                        Ok(c) => {
                            waarschuwingen.push(format!(
                                "beslissing '{}': '{}' leest een naam zonder informationRequirement",
                                raw.naam,
                                text.trim()
                            ));
                            Ok(c)
                        }
                        Err(_) => Err(feel_err(rule, text, reason)),
                    }
                }
            }
        };
        let logic = if let Some(t) = raw.el.child("decisionTable") {
            let hit_policy = match t.attr("hitPolicy").unwrap_or("UNIQUE").trim() {
                "UNIQUE" | "U" => HitPolicy::Unique,
                "FIRST" | "F" => HitPolicy::First,
                "PRIORITY" | "P" => HitPolicy::Priority,
                "ANY" | "A" => HitPolicy::Any,
                "COLLECT" | "C" => HitPolicy::Collect,
                "RULE ORDER" | "R" => HitPolicy::RuleOrder,
                "OUTPUT ORDER" | "O" => HitPolicy::OutputOrder,
                other => return Err(invalid(file, "decisionTable", &raw.id, format!("onbekende hitPolicy '{other}'"))),
            };
            let aggregation = match t.attr("aggregation").map(str::trim) {
                None | Some("") => None,
                Some("SUM") => Some(Aggregation::Sum),
                Some("COUNT") => Some(Aggregation::Count),
                Some("MIN") => Some(Aggregation::Min),
                Some("MAX") => Some(Aggregation::Max),
                Some(o) => return Err(invalid(file, "decisionTable", &raw.id, format!("onbekende aggregation '{o}'"))),
            };
            let mut tinputs = Vec::new();
            for (ci, inp) in t.children_named("input").enumerate() {
                let text = inp.child("inputExpression").and_then(|x| x.child_text("text")).unwrap_or_default();
                let rule_desc = format!("invoerkolom {}", ci + 1);
                let ParsedCell::Expr(expr) = lenient(&text, false, rule_desc)? else {
                    unreachable!("expression requested")
                };
                tinputs.push(TableInput {
                    id: inp.attr("id").map(str::to_string),
                    label: inp.attr("label").map(str::to_string),
                    text: one_line(&text),
                    expr,
                });
            }
            let outs: Vec<&Element> = t.children_named("output").collect();
            if outs.len() != 1 {
                return Err(invalid(
                    file,
                    "decisionTable",
                    &raw.id,
                    format!("{} outputkolommen; STTR gebruikt er precies één", outs.len()),
                ));
            }
            let out = outs[0];
            let output_values = match out.child("outputValues").and_then(|v| v.child_text("text")) {
                Some(text) => match parse_unary_tests(&text, &Scope::default()) {
                    Ok(crate::feel::UnaryTests::Tests(ts)) => ts
                        .into_iter()
                        .filter_map(|t| match t {
                            crate::feel::Test::Value(Expr::Lit(v)) => Some(v),
                            _ => None,
                        })
                        .collect(),
                    _ => Vec::new(),
                },
                None => Vec::new(),
            };
            let mut rules = Vec::new();
            for (ri, r) in t.children_named("rule").enumerate() {
                let rid = r.attr("id").map(str::to_string);
                let rdesc = format!("regel {}{}", ri + 1, rid.as_ref().map(|i| format!(" ({i})")).unwrap_or_default());
                let entries: Vec<&Element> = r.children_named("inputEntry").collect();
                if entries.len() != tinputs.len() {
                    return Err(invalid(
                        file,
                        "rule",
                        rid.as_deref().unwrap_or(&rdesc),
                        format!("{} inputEntry-cellen voor {} invoerkolommen", entries.len(), tinputs.len()),
                    ));
                }
                let mut tests = Vec::new();
                let mut input_texts = Vec::new();
                for e in entries {
                    let text = e.child("text").map(|t| t.text()).unwrap_or_default();
                    let ParsedCell::Tests(ut) = lenient(&text, true, rdesc.clone())? else {
                        unreachable!("tests requested")
                    };
                    tests.push(ut);
                    input_texts.push(one_line(&text));
                }
                let oe = r
                    .child("outputEntry")
                    .ok_or_else(|| invalid(file, "rule", rid.as_deref().unwrap_or(&rdesc), "geen outputEntry"))?;
                let otext = oe.child("text").map(|t| t.text()).unwrap_or_default();
                let output = if otext.trim().is_empty() {
                    Expr::Lit(Value::Null)
                } else {
                    let ParsedCell::Expr(e) = lenient(&otext, false, rdesc.clone())? else {
                        unreachable!("expression requested")
                    };
                    e
                };
                let conclusie_toelichting = oe
                    .descendants_named("conclusieToelichting")
                    .first()
                    .map(|c| c.child("toelichting").map_or_else(|| c.text(), |t| t.text()))
                    .or_else(|| r.descendants_named("conclusieToelichting").first().map(|c| c.text()))
                    .map(|t| clean_markdown(&t))
                    .filter(|t| !t.is_empty());
                let annotation = r
                    .child("description")
                    .map(|d| d.text())
                    .or_else(|| r.child("annotationEntry").and_then(|a| a.child("text")).map(|t| t.text()))
                    .map(|t| one_line(&t))
                    .filter(|t| !t.is_empty());
                rules.push(Rule {
                    index: ri + 1,
                    id: rid,
                    annotation,
                    input_texts,
                    output_text: one_line(&otext),
                    conclusie_toelichting,
                    tests,
                    output,
                });
            }
            if (hit_policy == HitPolicy::Priority || hit_policy == HitPolicy::OutputOrder) && output_values.is_empty() {
                return Err(invalid(file, "decisionTable", &raw.id, "PRIORITY/OUTPUT ORDER zonder outputValues"));
            }
            Logic::Table(DecisionTable {
                id: t.attr("id").map(str::to_string),
                hit_policy,
                aggregation,
                inputs: tinputs,
                output: TableOutput {
                    id: out.attr("id").map(str::to_string),
                    naam: out.attr("name").or(out.attr("label")).map(str::to_string),
                    output_values,
                },
                rules,
            })
        } else if let Some(l) = raw.el.child("literalExpression") {
            let text = l.child_text("text").unwrap_or_default();
            let ParsedCell::Expr(expr) = lenient(&text, false, "literalExpression".into())? else {
                unreachable!("expression requested")
            };
            Logic::Literal { text: one_line(&text), expr: CompiledExpr(expr) }
        } else {
            let what = raw
                .el
                .elements()
                .map(|e| e.name.as_str())
                .filter(|n| {
                    !matches!(
                        *n,
                        "variable"
                            | "extensionElements"
                            | "informationRequirement"
                            | "authorityRequirement"
                            | "description"
                            | "question"
                            | "allowedAnswers"
                    )
                })
                .collect::<Vec<_>>()
                .join(", ");
            return Err(invalid(
                file,
                "decision",
                &raw.id,
                format!(
                    "beslissingslogica '{what}' wordt niet ondersteund (alleen decisionTable en literalExpression)"
                ),
            ));
        };
        let mut reads = Vec::new();
        match &logic {
            Logic::Table(t) => {
                for i in &t.inputs {
                    i.expr.vars(&mut reads);
                }
                for r in &t.rules {
                    for c in &r.tests {
                        c.vars(&mut reads);
                    }
                    r.output.vars(&mut reads);
                }
            }
            Logic::Literal { expr, .. } => expr.0.vars(&mut reads),
        }
        reads.extend(raw.req_inputs.iter().map(|&i| VarRef::Input(i)));
        reads.extend(raw.req_decisions.iter().map(|&d| VarRef::Decision(d)));
        let reads: Vec<VarRef> = reads.into_iter().collect::<BTreeSet<_>>().into_iter().collect();
        let coerce = resolve_type(&raw.type_ref).filter(|(t, _)| matches!(t.as_str(), "string" | "number" | "boolean"));
        decisions.push(Decision {
            id: raw.id.clone(),
            naam: raw.naam.clone(),
            type_ref: raw.type_ref.clone(),
            required_inputs: raw.req_inputs.clone(),
            required_decisions: raw.req_decisions.clone(),
            logic,
            koppeling: raw.koppeling.clone(),
            reads,
            coerce,
        });
    }

    let order = topo_order(file, &decisions)?;
    let mut model = Model {
        bestand: file.to_string(),
        id: model_id,
        naam: root.attr("name").unwrap_or_default().to_string(),
        namespace: root.attr("namespace").unwrap_or_default().to_string(),
        dmn_versie: version,
        regelgroepen,
        uitvoeringsregels,
        inputs,
        decisions,
        waarschuwingen,
        order,
        vragen: Vec::new(),
    };
    model.vragen = crate::vraag::build(&model);
    Ok(model)
}

enum ParsedCell {
    Tests(crate::feel::UnaryTests),
    Expr(Expr),
}

/// Dependency order of decisions; a cycle is an import error naming the decisions on it.
fn topo_order(file: &str, decisions: &[Decision]) -> Result<Vec<usize>, ImportError> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done,
    }
    let mut mark = vec![Mark::New; decisions.len()];
    let mut order = Vec::with_capacity(decisions.len());
    fn visit(
        d: usize,
        decisions: &[Decision],
        mark: &mut [Mark],
        stack: &mut Vec<usize>,
        order: &mut Vec<usize>,
    ) -> Result<(), Vec<usize>> {
        match mark[d] {
            Mark::Done => return Ok(()),
            Mark::Active => {
                let start = stack.iter().position(|&x| x == d).unwrap_or(0);
                let mut cyc = stack[start..].to_vec();
                cyc.push(d);
                return Err(cyc);
            }
            Mark::New => {}
        }
        mark[d] = Mark::Active;
        stack.push(d);
        for v in &decisions[d].reads {
            if let VarRef::Decision(r) = v {
                visit(*r, decisions, mark, stack, order)?;
            }
        }
        stack.pop();
        mark[d] = Mark::Done;
        order.push(d);
        Ok(())
    }
    for d in 0..decisions.len() {
        let mut stack = Vec::new();
        visit(d, decisions, &mut mark, &mut stack, &mut order).map_err(|cyc| ImportError::Cycle {
            file: file.into(),
            decisions: cyc.iter().map(|&i| decisions[i].naam.clone()).collect(),
        })?;
    }
    Ok(order)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn koppeling_hrefs_give_typering_and_activity() {
        let k =
            parse_koppeling("#http://x/00000001807288111000/id/concept/Conclusienl.imow-gm0297.activiteit.2019000800")
                .unwrap();
        assert_eq!(k.typering, Typering::Conclusie);
        assert_eq!(k.activiteit, "nl.imow-gm0297.activiteit.2019000800");
        let k =
            parse_koppeling("#http://x/id/concept/IndieningsvereistenVergunningnl.imow-gm0297.activiteit.2019000810")
                .unwrap();
        assert_eq!(k.typering, Typering::Indieningsvereisten { toestemming: Some("Vergunning".into()) });
        assert_eq!(k.activiteit, "nl.imow-gm0297.activiteit.2019000810");
    }
}
