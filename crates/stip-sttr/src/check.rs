//! Interactive check ("Vergunningcheck"): one `step` from the answers so far to the next vraag or the conclusies.

use crate::catalog::Catalog;
use crate::conclusie::{Conclusie, rang};
use crate::error::{AntwoordFout, CheckError};
use crate::eval::{AVal, Partial, partial, value_after};
use crate::feel::eval::{Env, unary};
use crate::feel::{Expr, VarRef};
use crate::model::{Logic, Model, Soort};
use crate::value::{Value, format_number_nl};
use crate::vraag::{Bron, GeoAntwoord, VraagDef, VraagType, geo_value, parse_answer};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// Location of the check in RD New (EPSG:28992) metres.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Locatie {
    pub x: f64,
    pub y: f64,
}

/// A location question (`uitv:geoVerwijzing`) put to the map.
#[derive(Debug, Clone, Copy)]
pub struct GeoVraag<'a> {
    /// Question id (stable per file).
    pub id: &'a str,
    /// The IMOW locatie/gebied identificaties the question refers to.
    pub locaties: &'a [String],
    pub tekst: &'a str,
}

/// Answers location questions from map data. The web layer implements it with its map index;
/// [`OnbekendeKaart`] and [`VasteKaart`] are simple implementations.
pub trait GeoResolver {
    fn resolve(&self, vraag: &GeoVraag<'_>, locatie: Option<&Locatie>) -> GeoAntwoord;
}

/// A map that knows nothing: every location question is put to the user.
#[derive(Debug, Clone, Copy, Default)]
pub struct OnbekendeKaart;

impl GeoResolver for OnbekendeKaart {
    fn resolve(&self, _: &GeoVraag<'_>, _: Option<&Locatie>) -> GeoAntwoord {
        GeoAntwoord::Onbekend
    }
}

/// Fixed answers by locatie identificatie or question id (tests, demos).
#[derive(Debug, Clone, Default)]
pub struct VasteKaart(pub BTreeMap<String, GeoAntwoord>);

impl GeoResolver for VasteKaart {
    fn resolve(&self, vraag: &GeoVraag<'_>, _: Option<&Locatie>) -> GeoAntwoord {
        std::iter::once(vraag.id)
            .chain(vraag.locaties.iter().map(String::as_str))
            .find_map(|k| self.0.get(k).copied())
            .unwrap_or(GeoAntwoord::Onbekend)
    }
}

/// One step's input: the chosen activities, the answers so far (question id → JSON value) and the map.
pub struct CheckRequest<'a> {
    pub activiteiten: Vec<String>,
    pub antwoorden: BTreeMap<String, serde_json::Value>,
    pub locatie: Option<Locatie>,
    pub geo: &'a dyn GeoResolver,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Optie {
    pub waarde: String,
    pub tekst: String,
}

/// The next question.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Vraag {
    pub id: String,
    pub tekst: String,
    #[serde(rename = "type")]
    pub type_: &'static str,
    pub opties: Vec<Optie>,
    pub toelichting: Option<String>,
    pub lange_toelichting: Option<String>,
    pub eenheid: Option<String>,
    pub minimum: Option<f64>,
    /// The file marks the explanation as important (`belangrijk`): show it with the question, not folded away.
    pub toelichting_belangrijk: bool,
    /// A suggested answer (from the map for location questions), to confirm or change.
    pub prefill: Option<Value>,
    pub activiteit: String,
    pub activiteit_naam: String,
    /// At most this many questions remain, this one included (the questions whose answer can still change an
    /// undecided outcome; answers can only make fewer of them matter): "vraag 3 van maximaal 5".
    pub nog_ten_hoogste: usize,
}

/// An answer the conclusion rests on.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GegevenAntwoord {
    pub vraag: String,
    pub tekst: String,
    pub antwoord: Value,
    /// `gebruiker`, `kaart` or `regelbestand`.
    pub bron: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Cel {
    pub kolom: String,
    pub test: String,
}

/// A row of a decision table that fired.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GevuurdeRegel {
    /// 1-based row number.
    pub index: usize,
    pub id: Option<String>,
    pub annotatie: Option<String>,
    /// The cells that are not `-`.
    pub invoer: Vec<Cel>,
    pub uitkomst: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Beslissing {
    pub id: String,
    pub naam: String,
    pub hit_policy: crate::model::HitPolicy,
    pub uitkomst: Value,
    pub regels: Vec<GevuurdeRegel>,
}

/// "What would change it": another answer and the conclusion it leads to.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AlsAnders {
    pub vraag: String,
    /// The other answer, described (`Kleiner dan 20 m²`, `nee`, an option).
    pub antwoord: String,
    pub conclusie: Conclusie,
    pub tekst: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Uitleg {
    pub antwoorden: Vec<GegevenAntwoord>,
    pub beslissingen: Vec<Beslissing>,
    pub conclusie_toelichting: Option<String>,
    pub als_anders: Vec<AlsAnders>,
}

/// The outcome for one activity.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ActiviteitConclusie {
    pub activiteit: String,
    pub activiteit_naam: String,
    /// The most restrictive outcome.
    pub conclusie: Conclusie,
    /// All outcomes when the rules give several (e.g. Vergunningplicht and Meldingsplicht).
    pub conclusies: Vec<Conclusie>,
    pub model: String,
    pub uitleg: Uitleg,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Document {
    pub id: String,
    pub soort: String,
    pub toelichting: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Gegeven {
    pub id: String,
    pub vraag: String,
    #[serde(rename = "type")]
    pub type_: &'static str,
    pub toelichting: Option<String>,
}

/// What an application or notification must contain (from an Indieningsvereisten model).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Indieningsvereisten {
    pub model: String,
    pub toestemming: String,
    pub documenten: Vec<Document>,
    pub gegevens: Vec<Gegeven>,
}

/// One item of the combined action list.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Actie {
    /// `aanvragen`, `melden`, `informeren`, `contactOpnemen`, `nietToegestaan`, `geenActie`.
    pub actie: &'static str,
    pub activiteit: String,
    pub activiteit_naam: String,
    pub conclusie: Conclusie,
    pub tekst: String,
    pub indieningsvereisten: Option<Indieningsvereisten>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Suggestie {
    pub activiteit: String,
    pub activiteit_naam: String,
    pub reden: String,
}

/// Result of a step.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "status", rename_all = "camelCase")]
pub enum CheckState {
    Vraag {
        vraag: Vraag,
    },
    #[serde(rename_all = "camelCase")]
    Conclusie {
        conclusies: Vec<ActiviteitConclusie>,
        actielijst: Vec<Actie>,
        suggesties: Vec<Suggestie>,
    },
}

struct Activity<'c> {
    id: String,
    naam: String,
    model: &'c Arc<Model>,
    top: usize,
    inputs: Vec<Option<Value>>,
    bron: Vec<&'static str>,
    prefill: Vec<Option<Value>>,
}

fn conclusies_van(v: &Value) -> (Conclusie, Vec<Conclusie>) {
    let mut all: Vec<Conclusie> = match v {
        Value::String(s) => vec![Conclusie::parse(s).unwrap_or(Conclusie::Onbepaald)],
        Value::List(l) => l.iter().filter_map(|x| x.as_str().and_then(Conclusie::parse)).collect(),
        _ => Vec::new(),
    };
    all.sort();
    all.dedup();
    if all.is_empty() {
        all.push(Conclusie::Onbepaald);
    }
    (all[0], all)
}

/// The conclusion when it no longer depends on unanswered questions.
fn beslist(a: &AVal) -> Option<(Conclusie, Vec<Conclusie>)> {
    match a {
        AVal::Known(v) => Some(conclusies_van(v)),
        AVal::Set(vs) => {
            let cs: Vec<_> = vs.iter().map(conclusies_van).collect();
            if cs.iter().all(|c| c.0 == cs[0].0) {
                let mut all: Vec<Conclusie> = cs.iter().flat_map(|c| c.1.iter().copied()).collect();
                all.sort();
                all.dedup();
                Some((cs[0].0, all))
            } else {
                None
            }
        }
        AVal::Any => None,
    }
}

struct KnownOnly<'a> {
    inputs: &'a [Option<Value>],
    p: &'a Partial,
}

impl Env for KnownOnly<'_> {
    fn get(&self, v: VarRef) -> Option<&Value> {
        match v {
            VarRef::Input(i) => self.inputs.get(i).and_then(Option::as_ref),
            VarRef::Decision(d) => match &self.p.values[d] {
                AVal::Known(v) => Some(v),
                _ => None,
            },
        }
    }
}

/// Unanswered inputs that can still matter for decision `top`: reachable through undecided
/// decisions, read by a cell that is not `-` in a row that can still fire.
fn relevante_inputs(model: &Model, p: &Partial, inputs: &[Option<Value>], top: usize) -> Vec<usize> {
    // marks per input and per decision (a model has a handful of each)
    let mut out = vec![false; inputs.len()];
    let mut stack = vec![top];
    let mut seen = vec![false; model.decisions.len()];
    let env = KnownOnly { inputs, p };
    let mut vars = Vec::new();
    while let Some(d) = stack.pop() {
        if std::mem::replace(&mut seen[d], true) {
            continue;
        }
        let need = |v: VarRef, out: &mut Vec<bool>, stack: &mut Vec<usize>| match v {
            VarRef::Input(i) if inputs[i].is_none() => {
                out[i] = true;
            }
            VarRef::Decision(j) if !matches!(p.values[j], AVal::Known(_)) => stack.push(j),
            _ => {}
        };
        match &model.decisions[d].logic {
            Logic::Literal { .. } => {
                for v in &model.decisions[d].reads {
                    need(*v, &mut out, &mut stack);
                }
            }
            Logic::Table(t) => {
                // the values each column can still take (borrowed), None when not known
                let candidates: Vec<Option<&[Value]>> = t
                    .inputs
                    .iter()
                    .map(|c| match &c.expr {
                        Expr::Var(VarRef::Input(i)) => match &inputs[*i] {
                            Some(v) => Some(std::slice::from_ref(v)),
                            None => model.vragen[*i].reps.as_deref(),
                        },
                        Expr::Var(VarRef::Decision(j)) => match &p.values[*j] {
                            AVal::Known(v) => Some(std::slice::from_ref(v)),
                            AVal::Set(vs) => Some(vs.as_slice()),
                            AVal::Any => None,
                        },
                        _ => None,
                    })
                    .collect();
                let first_sure =
                    if t.hit_policy == crate::model::HitPolicy::First { p.fired[d].first().copied() } else { None };
                for (ri, r) in t.rules.iter().enumerate() {
                    if first_sure.is_some_and(|f| ri > f) {
                        break;
                    }
                    let dead = r.tests.iter().enumerate().any(|(ci, tests)| {
                        !tests.is_any()
                            && candidates[ci].as_ref().is_some_and(|vs| {
                                vs.iter().all(|v| matches!(unary(tests, v, &env), Ok(Some(false)) | Ok(None)))
                            })
                    });
                    if dead {
                        continue;
                    }
                    for (ci, tests) in r.tests.iter().enumerate() {
                        if tests.is_any() {
                            continue;
                        }
                        vars.clear();
                        t.inputs[ci].expr.vars(&mut vars);
                        tests.vars(&mut vars);
                        for &v in &vars {
                            need(v, &mut out, &mut stack);
                        }
                    }
                }
            }
        }
    }
    (0..out.len()).filter(|&i| out[i]).collect()
}

fn vraag_out(def: &VraagDef, a: &Activity<'_>) -> Vraag {
    Vraag {
        id: def.id.clone(),
        tekst: def.tekst.clone(),
        type_: def.type_.as_str(),
        opties: def.opties.iter().map(|o| Optie { waarde: o.clone(), tekst: o.clone() }).collect(),
        toelichting: def.toelichting.clone(),
        lange_toelichting: def.lange_toelichting.clone(),
        toelichting_belangrijk: def.belangrijk,
        eenheid: def.eenheid.clone(),
        minimum: def.minimum,
        prefill: a.prefill[def.input].clone(),
        activiteit: a.id.clone(),
        activiteit_naam: a.naam.clone(),
        nog_ten_hoogste: 1,
    }
}

/// The answers under their questions' full ids (`<decision id>#<input id>`): an answer under a bare input id is taken
/// as the one question of the chosen activities whose id ends in it; a bare id that names no question, or more than
/// one, is an error that names the ids expected (never silently ignored). Answers under a full id pass as they are
/// (an earlier activity's answers may travel along).
fn volledige_ids<'a>(
    catalog: &'a Catalog,
    req: &'a CheckRequest<'_>,
) -> Result<BTreeMap<&'a str, &'a serde_json::Value>, CheckError> {
    // the chosen activities' question ids, gathered only for an answer under an id without `#`
    let mut alle_ids: Option<Vec<&str>> = None;
    let mut uit = BTreeMap::new();
    let mut fouten = Vec::new();
    for (sleutel, waarde) in &req.antwoorden {
        if sleutel.contains('#') {
            uit.insert(sleutel.as_str(), waarde);
            continue;
        }
        let ids = alle_ids.get_or_insert_with(|| {
            req.activiteiten
                .iter()
                .filter_map(|a| catalog.conclusie(a))
                .flat_map(|(model, _)| model.vragen.iter().map(|v| v.id.as_str()))
                .collect()
        });
        if ids.contains(&sleutel.as_str()) {
            uit.insert(sleutel.as_str(), waarde);
            continue;
        }
        let mut passend: Vec<&str> =
            ids.iter().copied().filter(|id| id.rsplit_once('#').is_some_and(|(_, eind)| eind == sleutel)).collect();
        passend.dedup();
        match passend.as_slice() {
            [een] => {
                uit.insert(*een, waarde);
            }
            [] => fouten.push(AntwoordFout {
                vraag: sleutel.clone(),
                code: "onbekende-vraag",
                melding: format!("Er is geen vraag '{sleutel}'. Verwacht: {}.", ids.join(", ")),
            }),
            meer => fouten.push(AntwoordFout {
                vraag: sleutel.clone(),
                code: "dubbelzinnige-vraag",
                melding: format!("'{sleutel}' past bij meer vragen; gebruik een van: {}.", meer.join(", ")),
            }),
        }
    }
    if fouten.is_empty() { Ok(uit) } else { Err(CheckError::OngeldigeAntwoorden(fouten)) }
}

/// Takes one step of a check: validates the answers, then returns the next question (by regelgroep
/// and uitvoeringsregel prioriteit, skipping questions that can no longer change any outcome) or,
/// when every chosen activity is decided, the conclusions with explanation, action list and suggestions.
pub fn step(catalog: &Catalog, req: &CheckRequest<'_>) -> Result<CheckState, CheckError> {
    if req.activiteiten.is_empty() {
        return Err(CheckError::GeenActiviteit);
    }
    let antwoorden = volledige_ids(catalog, req)?;
    let mut acts = Vec::new();
    let mut fouten: Vec<AntwoordFout> = Vec::new();
    let mut seen = BTreeSet::new();
    for id in &req.activiteiten {
        if !seen.insert(id.as_str()) {
            continue;
        }
        let (model, top) = catalog.conclusie(id).ok_or_else(|| CheckError::OnbekendeActiviteit(id.clone()))?;
        let n = model.inputs.len();
        let mut a = Activity {
            id: id.clone(),
            naam: catalog.naam(id),
            model,
            top,
            inputs: vec![None; n],
            bron: vec!["gebruiker"; n],
            prefill: vec![None; n],
        };
        for def in &model.vragen {
            match &def.bron {
                Bron::Vast(v) => {
                    a.inputs[def.input] = Some(v.clone());
                    a.bron[def.input] = "regelbestand";
                    continue;
                }
                Bron::Geo { encoding, locaties } => {
                    let g =
                        req.geo.resolve(&GeoVraag { id: &def.id, locaties, tekst: &def.tekst }, req.locatie.as_ref());
                    if g != GeoAntwoord::Onbekend && !antwoorden.contains_key(def.id.as_str()) {
                        a.inputs[def.input] = Some(geo_value(g, *encoding));
                        a.bron[def.input] = "kaart";
                        continue;
                    }
                }
                Bron::Vraag => {}
            }
            if let Some(&ans) = antwoorden.get(def.id.as_str()) {
                match parse_answer(def, ans) {
                    Ok(v) => a.inputs[def.input] = Some(v),
                    Err(f) => {
                        if !fouten.iter().any(|x| x.vraag == f.vraag) {
                            fouten.push(f);
                        }
                    }
                }
            }
        }
        acts.push(a);
    }
    if !fouten.is_empty() {
        return Err(CheckError::OngeldigeAntwoorden(fouten));
    }

    let mut conclusies = Vec::new();
    // The first question of the first undecided activity is asked; every question still relevant anywhere counts
    // towards "at most this many remain" (a question two activities share counts once).
    let mut eerste: Option<Vraag> = None;
    let mut open_vragen: BTreeSet<&str> = BTreeSet::new();
    for a in &acts {
        let p = partial(a.model, &a.inputs, true);
        match beslist(&p.values[a.top]) {
            Some((hoofd, alle)) => conclusies.push(conclude(a, &p, hoofd, alle)),
            None => {
                let rel = relevante_inputs(a.model, &p, &a.inputs, a.top);
                open_vragen.extend(rel.iter().map(|&i| a.model.vragen[i].id.as_str()));
                let next = rel.iter().map(|&i| &a.model.vragen[i]).min_by_key(|d| d.prio);
                match next {
                    Some(def) => {
                        if eerste.is_none() {
                            eerste = Some(vraag_out(def, a));
                        }
                    }
                    None => conclusies.push(conclude(a, &p, Conclusie::Onbepaald, vec![Conclusie::Onbepaald])),
                }
            }
        }
    }
    if let Some(mut vraag) = eerste {
        vraag.nog_ten_hoogste = open_vragen.len().max(1);
        return Ok(CheckState::Vraag { vraag });
    }
    conclusies.sort_by_key(|c| rang(c.conclusie, &c.conclusies));
    let actielijst = conclusies.iter().map(|c| actie(catalog, c)).collect();
    let suggesties = suggesties(catalog, &req.activiteiten);
    Ok(CheckState::Conclusie { conclusies, actielijst, suggesties })
}

fn cell_label(model: &Model, t: &crate::model::DecisionTable, ci: usize) -> String {
    match &t.inputs[ci].expr {
        Expr::Var(VarRef::Input(i)) => model.vragen[*i].tekst.clone(),
        _ => t.inputs[ci].label.clone().unwrap_or_else(|| t.inputs[ci].text.clone()),
    }
}

fn uitleg(a: &Activity<'_>, p: &Partial, hoofd: Conclusie) -> Uitleg {
    let model = a.model;
    // decisions the conclusion rests on, top first
    let mut beslissingen = Vec::new();
    let mut used_inputs = vec![false; model.inputs.len()];
    let mut stack = vec![a.top];
    let mut seen = vec![false; model.decisions.len()];
    let mut toelichting = None;
    let mut vars = Vec::new();
    while let Some(d) = stack.pop() {
        if std::mem::replace(&mut seen[d], true) {
            continue;
        }
        let dec = &model.decisions[d];
        let Logic::Table(t) = &dec.logic else {
            for v in &dec.reads {
                match v {
                    VarRef::Input(i) => used_inputs[*i] = true,
                    VarRef::Decision(j) => stack.push(*j),
                }
            }
            continue;
        };
        let mut regels = Vec::new();
        for &ri in &p.fired[d] {
            let r = &t.rules[ri];
            let mut invoer = Vec::new();
            for (ci, tests) in r.tests.iter().enumerate() {
                if tests.is_any() {
                    continue;
                }
                invoer.push(Cel { kolom: cell_label(model, t, ci), test: r.input_texts[ci].clone() });
                vars.clear();
                t.inputs[ci].expr.vars(&mut vars);
                for &v in &vars {
                    match v {
                        VarRef::Input(i) => used_inputs[i] = true,
                        VarRef::Decision(j) => stack.push(j),
                    }
                }
            }
            if d == a.top && toelichting.is_none() {
                let out_is_hoofd = r.output.literal().and_then(Value::as_str).and_then(Conclusie::parse) == Some(hoofd);
                if out_is_hoofd || p.fired[d].len() == 1 {
                    toelichting = r.conclusie_toelichting.clone();
                }
            }
            regels.push(GevuurdeRegel {
                index: r.index,
                id: r.id.clone(),
                annotatie: r.annotation.clone(),
                invoer,
                uitkomst: r.output_text.clone(),
            });
        }
        if !regels.is_empty() {
            beslissingen.push(Beslissing {
                id: dec.id.clone(),
                naam: dec.naam.clone(),
                hit_policy: t.hit_policy,
                uitkomst: match &p.values[d] {
                    AVal::Known(v) => v.clone(),
                    _ => Value::Null,
                },
                regels,
            });
        }
    }
    let antwoorden = model
        .vragen
        .iter()
        .filter(|q| used_inputs[q.input])
        .filter_map(|q| {
            Some(GegevenAntwoord {
                vraag: q.id.clone(),
                tekst: q.tekst.clone(),
                antwoord: a.inputs[q.input].clone()?,
                bron: a.bron[q.input],
            })
        })
        .collect();
    let als_anders = als_anders(a, p, hoofd, &used_inputs);
    Uitleg { antwoorden, beslissingen, conclusie_toelichting: toelichting, als_anders }
}

/// The conclusion had input `input` been answered `v` (`p`: the evaluation with the answers as given). `werk` lends
/// the answers and `p`'s values, changed and put back.
fn conclusie_met(a: &Activity<'_>, p: &Partial, werk: &mut Option<Werk>, input: usize, v: Value) -> Conclusie {
    let werk = werk.get_or_insert_with(|| Werk {
        inputs: a.inputs.clone(),
        values: p.values.clone(),
        dirty: vec![false; p.values.len()],
    });
    let gegeven = werk.inputs[input].replace(v);
    let top = value_after(a.model, &werk.inputs, true, p, input, a.top, &mut werk.values, &mut werk.dirty);
    werk.inputs[input] = gegeven;
    beslist(&top).map_or(Conclusie::Onbepaald, |c| c.0)
}

/// The answers and decision values [`conclusie_met`] changes one at a time (made on first use).
struct Werk {
    inputs: Vec<Option<Value>>,
    values: Vec<AVal>,
    dirty: Vec<bool>,
}

/// A range end: value and whether it is included; `None` is unbounded.
type Bound = Option<(f64, bool)>;

fn describe_range(lo: Bound, hi: Bound, eenheid: &str) -> String {
    let n = format_number_nl;
    match (lo, hi) {
        (None, Some((h, false))) => format!("Kleiner dan {}{eenheid}", n(h)),
        (None, Some((h, true))) => format!("{}{eenheid} of minder", n(h)),
        (Some((l, true)), None) => format!("{}{eenheid} of meer", n(l)),
        (Some((l, false)), None) => format!("Meer dan {}{eenheid}", n(l)),
        (Some((l, true)), Some((h, true))) if l == h => format!("Precies {}{eenheid}", n(l)),
        (Some((l, true)), Some((h, false))) => format!("Van {} tot {}{eenheid}", n(l), n(h)),
        (Some((l, true)), Some((h, true))) => format!("Van {} tot en met {}{eenheid}", n(l), n(h)),
        (Some((l, false)), Some((h, false))) => format!("Meer dan {} en minder dan {}{eenheid}", n(l), n(h)),
        (Some((l, false)), Some((h, true))) => format!("Meer dan {} tot en met {}{eenheid}", n(l), n(h)),
        (None, None) => "Een ander getal".to_string(),
    }
}

/// `used`: per input, whether the conclusion rests on it.
fn als_anders(a: &Activity<'_>, p: &Partial, hoofd: Conclusie, used: &[bool]) -> Vec<AlsAnders> {
    let mut out = Vec::new();
    let mut werk = None;
    for q in &a.model.vragen {
        if !used[q.input] || a.bron[q.input] == "regelbestand" {
            continue;
        }
        let Some(current) = a.inputs[q.input].clone() else { continue };
        if q.type_ == VraagType::Number && !q.grenzen.is_empty() {
            // classes between and on the boundaries; merge neighbours with the same outcome
            let g = &q.grenzen;
            let mut classes: Vec<(Bound, Bound, f64)> = Vec::new();
            let below = if q.minimum.is_some_and(|m| g[0] - 1.0 < m) {
                (q.minimum.unwrap_or(0.0) + g[0]) / 2.0
            } else {
                g[0] - 1.0
            };
            if q.minimum.is_none_or(|m| g[0] > m) {
                classes.push((None, Some((g[0], false)), below));
            }
            for (k, b) in g.iter().enumerate() {
                classes.push((Some((*b, true)), Some((*b, true)), *b));
                let next = g.get(k + 1);
                classes.push((Some((*b, false)), next.map(|n| (*n, false)), next.map_or(b + 1.0, |n| (b + n) / 2.0)));
            }
            let mut merged: Vec<(Bound, Bound, Conclusie)> = Vec::new();
            for (lo, hi, rep) in classes {
                let c = conclusie_met(a, p, &mut werk, q.input, Value::Number(rep));
                match merged.last_mut() {
                    Some(last) if last.2 == c => last.1 = hi,
                    _ => merged.push((lo, hi, c)),
                }
            }
            let eenheid = q.eenheid.as_ref().map(|e| format!(" {e}")).unwrap_or_default();
            for (lo, hi, c) in merged {
                if c == hoofd {
                    continue;
                }
                let antwoord = describe_range(lo, hi, &eenheid);
                out.push(AlsAnders {
                    vraag: q.id.clone(),
                    tekst: format!("{antwoord}? {}", c.dan_zin()),
                    antwoord,
                    conclusie: c,
                });
            }
        } else if let Some(reps) = &q.reps {
            if q.type_ == VraagType::String {
                continue;
            }
            for r in reps {
                if *r == current {
                    continue;
                }
                let c = conclusie_met(a, p, &mut werk, q.input, r.clone());
                if c == hoofd {
                    continue;
                }
                let antwoord = match r {
                    Value::Bool(true) => "ja".to_string(),
                    Value::Bool(false) => "nee".to_string(),
                    Value::String(s) => s.to_string(),
                    other => other.to_string(),
                };
                let tekst =
                    format!("Is het antwoord op '{}' {}? {}", q.tekst.trim_end_matches('?'), antwoord, c.dan_zin());
                out.push(AlsAnders { vraag: q.id.clone(), antwoord, conclusie: c, tekst });
            }
        }
    }
    out
}

fn conclude(a: &Activity<'_>, p: &Partial, hoofd: Conclusie, alle: Vec<Conclusie>) -> ActiviteitConclusie {
    ActiviteitConclusie {
        activiteit: a.id.clone(),
        activiteit_naam: a.naam.clone(),
        conclusie: hoofd,
        conclusies: alle,
        model: a.model.naam.clone(),
        uitleg: uitleg(a, p, hoofd),
    }
}

/// Lists the documents (bijlagen) and data (vragen) of an Indieningsvereisten model.
fn vereisten(model: &Model, top: usize, toestemming: &str) -> Indieningsvereisten {
    // inputs the decision reads, directly or through other decisions
    let mut inputs = BTreeSet::new();
    let mut stack = vec![top];
    let mut seen = BTreeSet::new();
    while let Some(d) = stack.pop() {
        if !seen.insert(d) {
            continue;
        }
        for v in &model.decisions[d].reads {
            match v {
                VarRef::Input(i) => {
                    inputs.insert(*i);
                }
                VarRef::Decision(j) => stack.push(*j),
            }
        }
    }
    let mut defs: Vec<&VraagDef> = model.vragen.iter().filter(|q| inputs.contains(&q.input)).collect();
    defs.sort_by_key(|q| q.prio);
    let mut documenten = Vec::new();
    let mut gegevens = Vec::new();
    for q in defs {
        let u = model.inputs[q.input].uitvoeringsregel.map(|u| &model.uitvoeringsregels[u]);
        match u.map(|u| &u.soort) {
            Some(Soort::Bijlage { bijlage_type, .. }) => documenten.push(Document {
                id: q.id.clone(),
                soort: bijlage_type.clone(),
                toelichting: q.toelichting.clone(),
            }),
            Some(Soort::VasteWaarde { .. }) | Some(Soort::ImplicietAntwoord { .. }) => {}
            _ => gegevens.push(Gegeven {
                id: q.id.clone(),
                vraag: q.tekst.clone(),
                type_: q.type_.as_str(),
                toelichting: q.toelichting.clone(),
            }),
        }
    }
    Indieningsvereisten { model: model.naam.clone(), toestemming: toestemming.to_string(), documenten, gegevens }
}

fn actie(catalog: &Catalog, c: &ActiviteitConclusie) -> Actie {
    let naam = &c.activiteit_naam;
    let (actie, tekst, toestemming) = match c.conclusie {
        Conclusie::Verbod => ("nietToegestaan", format!("{naam}: deze activiteit is hier niet toegestaan."), None),
        Conclusie::NeemContactOpMet | Conclusie::Onbepaald => {
            ("contactOpnemen", format!("{naam}: neem contact op met de gemeente voordat u begint."), None)
        }
        Conclusie::Vergunningplicht if c.conclusies.contains(&Conclusie::Meldingsplicht) => (
            "aanvragen",
            format!("{naam}: vraag een omgevingsvergunning aan en doe daarnaast een melding."),
            Some("Vergunning"),
        ),
        Conclusie::Vergunningplicht => {
            ("aanvragen", format!("{naam}: vraag een omgevingsvergunning aan."), Some("Vergunning"))
        }
        Conclusie::Meldingsplicht => ("melden", format!("{naam}: doe een melding voordat u begint."), Some("Melding")),
        Conclusie::Informatieplicht => {
            ("informeren", format!("{naam}: lever vooraf informatie aan."), Some("Informatie"))
        }
        Conclusie::Toestemmingsvrij => ("geenActie", format!("{naam}: u hebt geen vergunning of melding nodig."), None),
        Conclusie::NietVanToepassing => ("geenActie", format!("{naam}: deze regels zijn niet van toepassing."), None),
    };
    let indieningsvereisten =
        toestemming.and_then(|t| catalog.indieningsvereisten(&c.activiteit, t).map(|(m, d)| vereisten(m, d, t)));
    Actie {
        actie,
        activiteit: c.activiteit.clone(),
        activiteit_naam: naam.clone(),
        conclusie: c.conclusie,
        tekst,
        indieningsvereisten,
    }
}

/// Checkable activities related to the chosen ones in the activity tree: same werkzaamheid,
/// parent/child, same groep, or siblings under the same parent. The catalogue's index picks the (at most five)
/// candidates; each is worded here.
fn suggesties(catalog: &Catalog, gekozen: &[String]) -> Vec<Suggestie> {
    // the chosen activities' data, looked up once for all candidates
    let gekozen_data: Vec<(&str, &crate::activiteit::Activiteit)> =
        gekozen.iter().filter_map(|g| catalog.activiteit(g).map(|a| (g.as_str(), a))).collect();
    catalog
        .verwante(gekozen, 5)
        .into_iter()
        .filter_map(|kandidaat| {
            let reden = reden(catalog, kandidaat, &gekozen_data)?;
            Some(Suggestie { activiteit: kandidaat.to_string(), activiteit_naam: catalog.naam(kandidaat), reden })
        })
        .collect()
}

/// Why `kandidaat` relates to the chosen activities (id and data), by the closest relation (rank 0 closest) to the
/// first chosen activity that has it; only that one is worded.
fn reden(catalog: &Catalog, kandidaat: &str, gekozen: &[(&str, &crate::activiteit::Activiteit)]) -> Option<String> {
    let k = catalog.activiteit(kandidaat)?;
    let mut best: Option<(u8, &str, Option<&String>)> = None;
    for &(g, ga) in gekozen {
        let rang = if let Some(w) = k.werkzaamheden.iter().find(|w| ga.werkzaamheden.contains(w)) {
            Some((0, Some(w)))
        } else if k.bovenliggende.as_deref() == Some(g) || ga.bovenliggende.as_deref() == Some(kandidaat) {
            Some((1, None))
        } else if k.groep.is_some() && k.groep == ga.groep {
            Some((2, None))
        } else if k.bovenliggende.is_some() && k.bovenliggende == ga.bovenliggende {
            Some((3, None))
        } else {
            None
        };
        if let Some((r, w)) = rang
            && best.is_none_or(|b| r < b.0)
        {
            best = Some((r, g, w));
        }
    }
    let (rang, g, w) = best?;
    let gnaam = catalog.naam(g);
    Some(match (rang, w) {
        (0, Some(w)) => format!("Hoort net als '{gnaam}' bij de werkzaamheid {w}."),
        (1, _) => format!("Hangt direct samen met '{gnaam}'."),
        (2, _) => format!("Zelfde soort activiteit als '{gnaam}'."),
        _ => format!("Valt onder dezelfde activiteit als '{gnaam}'."),
    })
}
