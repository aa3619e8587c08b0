//! OW file reading (ow-dc:owBestand): streams `owObject`s and turns each into a small element tree; recognises the
//! object kinds stip models and those it deliberately ignores (Kaart, SymbolisatieItem, Pons, vrije tekst).

use std::sync::Arc;

use stip_geo::xml::{Element, XmlEvent, XmlReader};

use crate::error::ImportError;

/// OW object kinds stip reads.
pub const MODELLED: &[&str] = &[
    "Gebied",
    "Gebiedengroep",
    "Lijn",
    "Lijnengroep",
    "Punt",
    "Puntengroep",
    "Ambtsgebied",
    "Regeltekst",
    "RegelVoorIedereen",
    "Instructieregel",
    "Omgevingswaarderegel",
    "Activiteit",
    "Gebiedsaanwijzing",
    "Omgevingsnorm",
    "Omgevingswaarde",
    "Regelingsgebied",
    "Pons",
];

/// OW object kinds recognised and ignored (presentation or not needed for "what applies here").
pub const IGNORED: &[&str] =
    &["Kaart", "SymbolisatieItem", "Divisie", "Divisietekst", "Tekstdeel", "Hoofdlijn", "Kaartlaag", "Geometrie"];

pub struct OwObject {
    /// The file it came from (shared by all objects of that file).
    pub file: Arc<str>,
    /// Its identificatie (trimmed text of the child `identificatie`; empty when missing).
    pub id: String,
    pub el: Element,
}

impl OwObject {
    pub fn kind(&self) -> &str {
        self.el.name()
    }
    pub fn identificatie(&self) -> String {
        self.id.clone()
    }
    /// `xlink:href`s of all descendants named `ref_name` under the direct child `under`.
    pub fn refs(&self, under: &str, ref_name: &str) -> Vec<String> {
        let mut out = Vec::new();
        for c in self.el.children_named(under) {
            let mut found = Vec::new();
            c.find_all(ref_name, &mut found);
            out.extend(found.into_iter().filter_map(|e| e.attr("href").map(str::to_string)));
        }
        out
    }
}

pub fn read(file: &str, r: &mut XmlReader, out: &mut Vec<OwObject>) -> Result<(), ImportError> {
    let geo = |e| ImportError::geo(file, e);
    let shared: Arc<str> = Arc::from(file);
    loop {
        match r.next().map_err(geo)? {
            XmlEvent::Start(tag) if tag.name == "owObject" => {
                let el = r.read_element(tag).map_err(geo)?;
                for obj in el.children {
                    if MODELLED.contains(&obj.name()) {
                        let id = obj.child_text("identificatie").unwrap_or_default();
                        out.push(OwObject { file: shared.clone(), id, el: obj });
                    }
                }
            }
            XmlEvent::Eof => return Ok(()),
            _ => {}
        }
    }
}
