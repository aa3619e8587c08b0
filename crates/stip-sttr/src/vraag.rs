//! Questions: what stip asks for each model input, its id, type, options, and how answers are checked.

use crate::error::AntwoordFout;
use crate::feel::{Expr, Test, UnaryTests, VarRef};
use crate::model::{Logic, Model, Soort};
use crate::value::{Value, format_number_nl};

/// The kind of answer a question takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum VraagType {
    Boolean,
    Number,
    List,
    String,
    Date,
    /// A location question (`uitv:geoVerwijzing`) the user answers when the map cannot.
    Geo,
}

impl VraagType {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            VraagType::Boolean => "boolean",
            VraagType::Number => "number",
            VraagType::List => "list",
            VraagType::String => "string",
            VraagType::Date => "date",
            VraagType::Geo => "geoVerwijzing",
        }
    }
}

/// How the tables read a geoVerwijzing input: as boolean, or as the strings "ja"/"nee"/"deels"
/// (builder files declare it boolean but compare with strings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GeoEncoding {
    Boolean,
    Tekst,
}

#[derive(Debug, Clone)]
pub(crate) enum Bron {
    /// The user answers.
    Vraag,
    /// The map answers (GeoResolver); the user only when the map does not know.
    Geo { encoding: GeoEncoding, locaties: Vec<String> },
    /// Answered by the file itself (vasteWaarde, implicietAntwoord).
    Vast(Value),
}

/// A map question the file gives no text for: asked of a person only where the area is not loaded.
pub const GEO_VRAAG_ZONDER_TEKST: &str = "Ligt uw plek in het gebied dat de gemeente hiervoor heeft aangewezen? Staat dit niet in de regels op de kaart, vraag het dan aan de gemeente.";

/// The question for one model input.
#[derive(Debug, Clone)]
pub(crate) struct VraagDef {
    pub id: String,
    pub input: usize,
    pub bron: Bron,
    pub type_: VraagType,
    pub tekst: String,
    pub opties: Vec<String>,
    pub toelichting: Option<String>,
    pub lange_toelichting: Option<String>,
    /// The explanation is marked important in the file (`content:belangrijk`).
    pub belangrijk: bool,
    pub eenheid: Option<String>,
    pub minimum: Option<f64>,
    /// Sort key: regelgroep prioriteit, uitvoeringsregel prioriteit, input order.
    pub prio: (i64, i64, usize),
    /// Literal numeric boundaries the tables compare this input with, sorted.
    pub grenzen: Vec<f64>,
    /// One value from every class of values the tables can tell apart, when that set is known to be complete.
    pub reps: Option<Vec<Value>>,
}

fn tests_on_input(model: &Model, input: usize) -> Vec<&UnaryTests> {
    let mut out = Vec::new();
    for d in &model.decisions {
        if let Logic::Table(t) = &d.logic {
            for (ci, col) in t.inputs.iter().enumerate() {
                if col.expr == Expr::Var(VarRef::Input(input)) {
                    out.extend(t.rules.iter().map(|r| &r.tests[ci]));
                }
            }
        }
    }
    out
}

struct Literals {
    numbers: Vec<f64>,
    strings: Vec<String>,
    complete: bool,
}

fn literals(tests: &[&UnaryTests]) -> Literals {
    let mut l = Literals { numbers: Vec::new(), strings: Vec::new(), complete: true };
    let lit = |v: &Value, l: &mut Literals| match v {
        Value::Number(n) => l.numbers.push(*n),
        Value::String(s) => l.strings.push(s.to_string()),
        Value::Bool(_) | Value::Null => {}
        Value::List(_) => l.complete = false,
    };
    for ut in tests {
        for t in ut.tests() {
            match t {
                Test::Cmp(_, Expr::Lit(v)) => lit(v, &mut l),
                Test::Range { lo: Expr::Lit(a), hi: Expr::Lit(b), .. } => {
                    lit(a, &mut l);
                    lit(b, &mut l);
                }
                Test::Value(Expr::Lit(v)) => lit(v, &mut l),
                Test::Value(Expr::List(items)) if items.iter().all(|i| i.literal().is_some()) => {
                    items.iter().filter_map(Expr::literal).for_each(|v| lit(v, &mut l));
                }
                _ => l.complete = false,
            }
        }
    }
    l.numbers.sort_by(f64::total_cmp);
    l.numbers.dedup();
    l.strings.sort();
    l.strings.dedup();
    l
}

/// Unit from the input name: `oppervlakte m2` → `m²`.
fn eenheid_uit_naam(naam: &str) -> Option<String> {
    let last = naam.split_whitespace().last()?.to_lowercase();
    Some(
        match last.as_str() {
            "m2" | "m²" => "m²",
            "m3" | "m³" => "m³",
            "m" | "meter" => "m",
            "cm" => "cm",
            "mm" => "mm",
            "km" => "km",
            "ha" => "ha",
            "%" | "procent" => "%",
            _ => return None,
        }
        .to_string(),
    )
}

pub(crate) fn number_reps(grenzen: &[f64], minimum: Option<f64>) -> Vec<f64> {
    let mut reps = Vec::new();
    match (grenzen.first(), grenzen.last()) {
        (Some(&first), Some(&last)) => {
            reps.push(first - 1.0);
            for w in grenzen.windows(2) {
                reps.push(w[0]);
                reps.push((w[0] + w[1]) / 2.0);
            }
            reps.push(last);
            reps.push(last + 1.0);
        }
        _ => reps.push(minimum.unwrap_or(0.0) + 1.0),
    }
    if let Some(min) = minimum {
        reps.retain(|r| *r >= min);
        if let Some(&first) = grenzen.first()
            && first > min
            && !reps.iter().any(|r| *r < first)
        {
            reps.insert(0, (min + first) / 2.0);
        }
    }
    reps
}

fn parse_vast(waarde: &str, type_ref: Option<&str>) -> Value {
    let w = waarde.trim().trim_matches('"');
    match type_ref {
        Some("boolean") => Value::Bool(matches!(w, "true" | "ja" | "Ja")),
        Some("number") => w.parse().map(Value::Number).unwrap_or(Value::Null),
        _ => match w {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => w.parse().map(Value::Number).unwrap_or_else(|_| Value::string(w)),
        },
    }
}

/// Builds the question of every input of a model.
pub(crate) fn build(model: &Model) -> Vec<VraagDef> {
    let model_key = if model.id.is_empty() { &model.bestand } else { &model.id };
    model
        .inputs
        .iter()
        .enumerate()
        .map(|(i, inp)| {
            let uitv = inp.uitvoeringsregel.map(|u| &model.uitvoeringsregels[u]);
            let tests = tests_on_input(model, i);
            let lits = literals(&tests);
            let type_ref = inp.type_ref.as_deref();
            let from_type_ref = match type_ref {
                Some("boolean") => VraagType::Boolean,
                Some("number") => VraagType::Number,
                Some("date") => VraagType::Date,
                _ => VraagType::String,
            };
            let mut opties = Vec::new();
            let mut eenheid = None;
            let mut bron = Bron::Vraag;
            let (type_, tekst) = match uitv.map(|u| &u.soort) {
                Some(Soort::Vraag { gegevens_type, tekst, opties: o, eenheid: e }) => {
                    eenheid = e.clone();
                    let t = match gegevens_type.to_lowercase().as_str() {
                        "boolean" => VraagType::Boolean,
                        "number" | "integer" | "decimal" | "double" | "float" => VraagType::Number,
                        "list" => VraagType::List,
                        "date" | "datum" => VraagType::Date,
                        _ => VraagType::String,
                    };
                    let mut o = o.clone();
                    o.sort_by_key(|x| x.volgorde.unwrap_or(i64::MAX));
                    opties = o.into_iter().map(|x| x.waarde).collect();
                    (if t == VraagType::List && opties.is_empty() { VraagType::String } else { t }, tekst.clone())
                }
                Some(Soort::GeoVerwijzing { locaties, tekst }) => {
                    let tekst_enc =
                        lits.strings.iter().any(|s| matches!(s.to_lowercase().as_str(), "ja" | "nee" | "deels"));
                    bron = Bron::Geo {
                        encoding: if tekst_enc { GeoEncoding::Tekst } else { GeoEncoding::Boolean },
                        locaties: locaties.clone(),
                    };
                    opties = vec!["ja".into(), "nee".into(), "deels".into()];
                    // Without a question text of its own, the question names no location id (a person cannot
                    // read `nl.imow-gm0363.gebied.4`); the map answers it wherever the area is loaded.
                    let t = tekst.clone().unwrap_or_else(|| GEO_VRAAG_ZONDER_TEKST.to_string());
                    (VraagType::Geo, t)
                }
                Some(Soort::Bijlage { bijlage_type, tekst }) => (
                    VraagType::Boolean,
                    tekst.clone().unwrap_or_else(|| format!("Voegt u een {} toe?", bijlage_type.to_lowercase())),
                ),
                Some(Soort::RegisterBevraging { tekst, .. }) => {
                    (from_type_ref, tekst.clone().unwrap_or_else(|| inp.naam.clone()))
                }
                Some(Soort::VasteWaarde { waarde, .. }) | Some(Soort::ImplicietAntwoord { waarde }) => {
                    let v = match waarde {
                        Some(w) => Some(parse_vast(w, type_ref)),
                        None if type_ref == Some("boolean") => Some(Value::Bool(true)),
                        None => None,
                    };
                    if let Some(v) = v {
                        bron = Bron::Vast(v);
                    }
                    (from_type_ref, inp.naam.clone())
                }
                Some(Soort::Overig { .. }) | None => (from_type_ref, inp.naam.clone()),
            };
            let tekst = if tekst.trim().is_empty() { inp.naam.clone() } else { tekst };
            if type_ == VraagType::Number && eenheid.is_none() {
                eenheid = eenheid_uit_naam(&inp.naam);
            }
            let minimum = (type_ == VraagType::Number && !lits.numbers.iter().any(|n| *n < 0.0)).then_some(0.0);
            let reps = match (type_, &bron) {
                (VraagType::Boolean, _) => Some(vec![Value::Bool(true), Value::Bool(false)]),
                (VraagType::List, _) => Some(opties.iter().map(|o| Value::string(o.as_str())).collect()),
                (VraagType::Geo, Bron::Geo { encoding: GeoEncoding::Tekst, .. }) => {
                    Some(["ja", "nee", "deels"].into_iter().map(Value::string).collect())
                }
                (VraagType::Geo, _) => Some(vec![Value::Bool(true), Value::Bool(false)]),
                (VraagType::Number, _) if lits.complete => {
                    Some(number_reps(&lits.numbers, minimum).into_iter().map(Value::Number).collect())
                }
                (VraagType::String, _) if lits.complete => {
                    let mut r: Vec<Value> = lits.strings.iter().map(|s| Value::string(s.as_str())).collect();
                    r.push(Value::string("(ander antwoord)"));
                    Some(r)
                }
                _ => None,
            };
            let rg_prio = uitv
                .and_then(|u| u.regelgroep.as_ref())
                .and_then(|g| model.regelgroepen.iter().find(|r| &r.id == g))
                .and_then(|g| g.prioriteit)
                .unwrap_or(i64::MAX);
            let id = match uitv {
                Some(u) => match &u.herbruikbaar_id {
                    Some(h) => format!("herbruikbaar:{h}"),
                    None => format!("{model_key}#{}", u.id),
                },
                None => format!("{model_key}#{}", inp.id),
            };
            VraagDef {
                id,
                input: i,
                bron,
                type_,
                tekst,
                opties,
                toelichting: uitv.and_then(|u| u.toelichting.clone()),
                lange_toelichting: uitv.and_then(|u| u.lange_toelichting.clone()),
                belangrijk: uitv.is_some_and(|u| u.belangrijk),
                eenheid,
                minimum,
                prio: (rg_prio, uitv.and_then(|u| u.prioriteit).unwrap_or(i64::MAX), i),
                grenzen: if type_ == VraagType::Number { lits.numbers.clone() } else { Vec::new() },
                reps,
            }
        })
        .collect()
}

fn fout(v: &VraagDef, code: &'static str, melding: String) -> AntwoordFout {
    AntwoordFout { vraag: v.id.clone(), code, melding }
}

/// Checks a user's answer against the question and converts it to the value the tables read.
pub(crate) fn parse_answer(v: &VraagDef, a: &serde_json::Value) -> Result<Value, AntwoordFout> {
    use serde_json::Value as J;
    if a.is_null() {
        return Err(fout(v, "leeg-antwoord", format!("Geef een antwoord op de vraag '{}'.", v.tekst)));
    }
    match v.type_ {
        VraagType::Boolean => match a {
            J::Bool(b) => Ok(Value::Bool(*b)),
            J::String(s) if s.eq_ignore_ascii_case("ja") || s == "true" => Ok(Value::Bool(true)),
            J::String(s) if s.eq_ignore_ascii_case("nee") || s == "false" => Ok(Value::Bool(false)),
            _ => Err(fout(v, "verwacht-ja-nee", format!("Beantwoord '{}' met ja of nee.", v.tekst))),
        },
        VraagType::Number => {
            let n = match a {
                J::Number(n) => n.as_f64().filter(|x| x.is_finite()),
                J::String(s) => getal_uit_tekst(s),
                _ => None,
            };
            let Some(n) = n else {
                return Err(fout(v, "verwacht-getal", format!("Vul bij '{}' een getal in.", v.tekst)));
            };
            if let Some(min) = v.minimum
                && n < min
            {
                return Err(fout(
                    v,
                    "getal-te-klein",
                    format!("Vul bij '{}' een getal van {} of meer in.", v.tekst, format_number_nl(min)),
                ));
            }
            Ok(Value::Number(n))
        }
        VraagType::List => match a {
            J::String(s) => {
                v.opties.iter().find(|o| o.as_str() == s.trim()).map(|o| Value::string(o.as_str())).ok_or_else(|| {
                    fout(
                        v,
                        "onbekende-optie",
                        format!("'{}' is geen keuze bij '{}'. Kies uit: {}.", s, v.tekst, v.opties.join("; ")),
                    )
                })
            }
            _ => Err(fout(v, "verwacht-keuze", format!("Kies bij '{}' een van: {}.", v.tekst, v.opties.join("; ")))),
        },
        VraagType::String | VraagType::Date => match a {
            J::String(s) if !s.trim().is_empty() => {
                if v.type_ == VraagType::Date && !is_date(s.trim()) {
                    return Err(fout(
                        v,
                        "verwacht-datum",
                        format!("Vul bij '{}' een datum in als JJJJ-MM-DD.", v.tekst),
                    ));
                }
                Ok(Value::string(s.trim()))
            }
            _ => Err(fout(v, "verwacht-tekst", format!("Vul bij '{}' een tekst in.", v.tekst))),
        },
        VraagType::Geo => {
            let g = match a {
                J::Bool(true) => Some(GeoAntwoord::Ja),
                J::Bool(false) => Some(GeoAntwoord::Nee),
                J::String(s) => match s.to_lowercase().as_str() {
                    "ja" => Some(GeoAntwoord::Ja),
                    "nee" => Some(GeoAntwoord::Nee),
                    "deels" => Some(GeoAntwoord::Deels),
                    _ => None,
                },
                _ => None,
            };
            match (g, &v.bron) {
                (Some(g), Bron::Geo { encoding, .. }) => Ok(geo_value(g, *encoding)),
                _ => Err(fout(v, "verwacht-ja-nee-deels", format!("Beantwoord '{}' met ja, nee of deels.", v.tekst))),
            }
        }
    }
}

/// A number typed in a form: `20`, `19.99`, or Dutch `19,99` and `1.250,5` (with a comma, dots group thousands).
fn getal_uit_tekst(s: &str) -> Option<f64> {
    let s = s.trim();
    let s = if s.contains(',') { s.replace('.', "").replace(',', ".") } else { s.to_string() };
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+')) {
        return None;
    }
    s.parse::<f64>().ok().filter(|x| x.is_finite())
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// The answer of a location question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum GeoAntwoord {
    /// The location lies inside the area.
    Ja,
    /// Outside.
    Nee,
    /// Partly inside.
    Deels,
    /// The map cannot tell: ask the user.
    Onbekend,
}

/// The value the tables read for a location answer. For boolean-typed inputs `Deels` counts as
/// inside (`true`): the rules of the area apply to the part inside it.
pub(crate) fn geo_value(g: GeoAntwoord, enc: GeoEncoding) -> Value {
    match (enc, g) {
        (GeoEncoding::Boolean, GeoAntwoord::Nee) => Value::Bool(false),
        (GeoEncoding::Boolean, _) => Value::Bool(true),
        (GeoEncoding::Tekst, GeoAntwoord::Ja) => Value::string("ja"),
        (GeoEncoding::Tekst, GeoAntwoord::Nee) => Value::string("nee"),
        (GeoEncoding::Tekst, _) => Value::string("deels"),
    }
}
