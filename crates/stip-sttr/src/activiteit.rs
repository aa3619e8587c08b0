//! Activities: the "toepasbaar maken" activity JSON and what the catalog knows about each IMOW activity.

use crate::error::ImportError;
use serde::Serialize;

/// A regelbeheerobject announced for an activity (`Conclusie`, `Indieningsvereisten` + toestemming).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Regelbeheerobject {
    pub typering: String,
    pub toestemming: Option<String>,
}

/// What is known about an IMOW activity. The toepasbaar-maken JSON gives typering, werkzaamheden
/// and regelbeheerobjecten; name, groep and bovenliggende activiteit come from the omgevingsplan
/// (OW `rol:Activiteit`) when a caller adds them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Activiteit {
    pub id: String,
    pub naam: Option<String>,
    pub groep: Option<String>,
    pub bovenliggende: Option<String>,
    pub typering: Option<String>,
    pub toonbaar: Option<bool>,
    pub regelbeheerobjecten: Vec<Regelbeheerobject>,
    pub werkzaamheden: Vec<String>,
    pub bevoegd_gezag: Option<String>,
    pub begindatum: Option<String>,
}

impl Activiteit {
    /// Fills fields this one lacks from `other` (same id); `other` wins where both have a value.
    pub(crate) fn merge(&mut self, other: Activiteit) {
        macro_rules! take {
            ($f:ident) => {
                if other.$f.is_some() {
                    self.$f = other.$f;
                }
            };
        }
        take!(naam);
        take!(groep);
        take!(bovenliggende);
        take!(typering);
        take!(toonbaar);
        take!(bevoegd_gezag);
        take!(begindatum);
        if !other.regelbeheerobjecten.is_empty() {
            self.regelbeheerobjecten = other.regelbeheerobjecten;
        }
        if !other.werkzaamheden.is_empty() {
            self.werkzaamheden = other.werkzaamheden;
        }
    }
}

/// Activity id from a file name `…/nl.imow-gm0297.activiteit.2019000800.json`.
pub(crate) fn id_from_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    base.strip_suffix(".json").unwrap_or(base).to_string()
}

/// Reads a toepasbaar-maken activity JSON. The activity id is the file name (as DSO names it) unless
/// `id` is given (from the opdracht in a delivery zip) or the JSON has `identificatie`.
pub(crate) fn parse(name: &str, bytes: &[u8], id: Option<&str>) -> Result<Activiteit, ImportError> {
    let err = |reason: String| ImportError::Json { file: name.into(), reason };
    let v: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| err(e.to_string()))?;
    let o = v.as_object().ok_or_else(|| err("verwacht een JSON-object".into()))?;
    let s = |k: &str| o.get(k).and_then(|x| x.as_str()).map(str::to_string);
    let id = id.map(str::to_string).or_else(|| s("identificatie")).unwrap_or_else(|| id_from_name(name));
    if id.is_empty() {
        return Err(err("geen activiteit-id (bestandsnaam of identificatie)".into()));
    }
    let regelbeheerobjecten = o
        .get("regelbeheerobjecten")
        .and_then(|x| x.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|r| {
                    Some(Regelbeheerobject {
                        typering: r.get("typering")?.as_str()?.to_string(),
                        toestemming: r
                            .get("toestemming")
                            .and_then(|t| t.get("code"))
                            .and_then(|c| c.as_str())
                            .map(str::to_string),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let werkzaamheden = o
        .get("werkzaamheden")
        .and_then(|x| x.as_array())
        .map(|a| a.iter().filter_map(|w| w.get("urn").and_then(|u| u.as_str()).map(str::to_string)).collect())
        .unwrap_or_default();
    Ok(Activiteit {
        id,
        naam: s("naam"),
        groep: s("groep"),
        bovenliggende: s("bovenliggendeActiviteit"),
        typering: s("typering"),
        toonbaar: o.get("toonbaar").and_then(|x| x.as_bool()),
        regelbeheerobjecten,
        werkzaamheden,
        bevoegd_gezag: o
            .get("bevoegdGezag")
            .and_then(|b| b.get("bestuurslaag"))
            .and_then(|x| x.as_str())
            .map(str::to_string),
        begindatum: s("begindatum"),
    })
}
