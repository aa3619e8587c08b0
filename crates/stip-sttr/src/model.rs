//! The imported STTR model: regelgroepen, uitvoeringsregels, inputs, decisions with parsed decision tables.

use crate::feel::{Expr, UnaryTests, VarRef};
use crate::value::Value;
use serde::Serialize;

/// DMN version of the source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DmnVersie {
    #[serde(rename = "1.1")]
    V11,
    #[serde(rename = "1.2")]
    V12,
    #[serde(rename = "1.3")]
    V13,
    #[serde(rename = "1.4")]
    V14,
    #[serde(rename = "1.5")]
    V15,
}

/// One imported DMN file (an STTR "regelbeheerobject").
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Model {
    pub bestand: String,
    pub id: String,
    pub naam: String,
    pub namespace: String,
    pub dmn_versie: DmnVersie,
    pub regelgroepen: Vec<Regelgroep>,
    pub uitvoeringsregels: Vec<Uitvoeringsregel>,
    pub inputs: Vec<InputData>,
    pub decisions: Vec<Decision>,
    /// Notes about sloppy but accepted constructs.
    pub waarschuwingen: Vec<String>,
    /// Decisions in dependency order (required decisions first).
    #[serde(skip)]
    pub(crate) order: Vec<usize>,
    /// Per input: the question stip asks for it.
    #[serde(skip)]
    pub(crate) vragen: Vec<crate::vraag::VraagDef>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Regelgroep {
    pub id: String,
    pub naam: Option<String>,
    pub prioriteit: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Uitvoeringsregel {
    pub id: String,
    pub herbruikbaar_id: Option<String>,
    pub regelgroep: Option<String>,
    pub prioriteit: Option<i64>,
    pub soort: Soort,
    pub toelichting: Option<String>,
    pub lange_toelichting: Option<String>,
    /// `content:belangrijk`: the explanation must be seen, not only on request.
    pub belangrijk: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Optie {
    pub waarde: String,
    pub volgorde: Option<i64>,
}

/// The kind of an uitvoeringsregel; its first child element that names a kind decides.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "soort", rename_all = "camelCase")]
pub enum Soort {
    #[serde(rename_all = "camelCase")]
    Vraag { gegevens_type: String, tekst: String, opties: Vec<Optie>, eenheid: Option<String> },
    #[serde(rename_all = "camelCase")]
    GeoVerwijzing { locaties: Vec<String>, tekst: Option<String> },
    #[serde(rename_all = "camelCase")]
    Bijlage { bijlage_type: String, tekst: Option<String> },
    #[serde(rename_all = "camelCase")]
    RegisterBevraging { element: String, tekst: Option<String> },
    #[serde(rename_all = "camelCase")]
    VasteWaarde { element: String, waarde: Option<String> },
    #[serde(rename_all = "camelCase")]
    ImplicietAntwoord { waarde: Option<String> },
    #[serde(rename_all = "camelCase")]
    Overig { element: String },
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InputData {
    pub id: String,
    pub naam: String,
    pub type_ref: Option<String>,
    /// Index into `Model::uitvoeringsregels`.
    pub uitvoeringsregel: Option<usize>,
}

/// What a decision is linked to through `bedr:functioneleStructuurRef`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Koppeling {
    pub typering: Typering,
    pub activiteit: String,
    pub href: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "soort", rename_all = "camelCase")]
pub enum Typering {
    Conclusie,
    Indieningsvereisten { toestemming: Option<String> },
    Maatregelen,
    Overig { naam: String },
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Decision {
    pub id: String,
    pub naam: String,
    pub type_ref: Option<String>,
    pub required_inputs: Vec<usize>,
    pub required_decisions: Vec<usize>,
    pub logic: Logic,
    pub koppeling: Option<Koppeling>,
    /// Every variable the logic reads (derived from the parsed FEEL).
    #[serde(skip)]
    pub(crate) reads: Vec<VarRef>,
    /// Builtin type the result is coerced to (`string`, `number`, `boolean`), when declared.
    #[serde(skip)]
    pub(crate) coerce: Option<(String, bool)>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "soort", rename_all = "camelCase")]
pub enum Logic {
    Table(DecisionTable),
    #[serde(rename_all = "camelCase")]
    Literal {
        text: String,
        #[serde(skip)]
        expr: CompiledExpr,
    },
}

/// A FEEL expression parsed at import (opaque).
#[derive(Debug, Clone)]
pub struct CompiledExpr(pub(crate) Expr);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum HitPolicy {
    #[serde(rename = "UNIQUE")]
    Unique,
    #[serde(rename = "FIRST")]
    First,
    #[serde(rename = "PRIORITY")]
    Priority,
    #[serde(rename = "ANY")]
    Any,
    #[serde(rename = "COLLECT")]
    Collect,
    #[serde(rename = "RULE ORDER")]
    RuleOrder,
    #[serde(rename = "OUTPUT ORDER")]
    OutputOrder,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Aggregation {
    #[serde(rename = "SUM")]
    Sum,
    #[serde(rename = "COUNT")]
    Count,
    #[serde(rename = "MIN")]
    Min,
    #[serde(rename = "MAX")]
    Max,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DecisionTable {
    pub id: Option<String>,
    pub hit_policy: HitPolicy,
    pub aggregation: Option<Aggregation>,
    pub inputs: Vec<TableInput>,
    pub output: TableOutput,
    pub rules: Vec<Rule>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TableInput {
    pub id: Option<String>,
    pub label: Option<String>,
    pub text: String,
    #[serde(skip)]
    pub(crate) expr: Expr,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TableOutput {
    pub id: Option<String>,
    pub naam: Option<String>,
    /// `outputValues`, used by PRIORITY and OUTPUT ORDER.
    pub output_values: Vec<Value>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rule {
    /// 1-based row number.
    pub index: usize,
    pub id: Option<String>,
    pub annotation: Option<String>,
    pub input_texts: Vec<String>,
    pub output_text: String,
    pub conclusie_toelichting: Option<String>,
    #[serde(skip)]
    pub(crate) tests: Vec<UnaryTests>,
    #[serde(skip)]
    pub(crate) output: Expr,
}

impl Model {
    /// Decision by id or name.
    pub fn decision(&self, id_or_name: &str) -> Option<usize> {
        self.decisions
            .iter()
            .position(|d| d.id == id_or_name)
            .or_else(|| self.decisions.iter().position(|d| d.naam == id_or_name))
    }

    /// Decisions linked to an activity (functioneleStructuurRef).
    pub fn koppelingen(&self) -> impl Iterator<Item = (usize, &Koppeling)> {
        self.decisions.iter().enumerate().filter_map(|(i, d)| d.koppeling.as_ref().map(|k| (i, k)))
    }

    /// A readable name for the activity this model checks, derived from the model name
    /// (`Conclusie Bouwen van een bijgebouw - Initiele versie` → `Bouwen van een bijgebouw`).
    pub fn activiteit_naam(&self) -> String {
        let mut n = self.naam.trim();
        for p in ["Conclusie", "Indieningsvereisten Vergunning", "Indieningsvereisten Melding", "Indieningsvereisten"] {
            if let Some(rest) = n.strip_prefix(p)
                && (rest.starts_with(' ') || rest.chars().next().is_some_and(|c| c.is_uppercase()))
            {
                n = rest.trim_start();
                break;
            }
        }
        let n = n.split(" - ").next().unwrap_or(n).trim();
        if n.is_empty() { self.naam.clone() } else { n.to_string() }
    }
}
