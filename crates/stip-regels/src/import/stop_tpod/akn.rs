//! STOP AKN besluit reading: the regeling inside it (RegelingCompact / Klassiek / Vrijetekst), its articles and
//! leden with wIds and text, IntIoRef → ExtIoRef links, metadata (work, expression, titles, eindverantwoordelijke)
//! and artikelsgewijze toelichting.

use std::collections::HashMap;

use stip_geo::xml::Element;

use crate::error::{ImportError, Reason};
use crate::model::{Artikel, Lid};

#[derive(Debug, Default)]
pub struct Besluit {
    pub file: String,
    pub regeling_work: Option<String>,
    pub regeling_expression: Option<String>,
    pub titel: Option<String>,
    pub citeertitel: Option<String>,
    pub eindverantwoordelijke: Option<String>,
    pub artikelen: Vec<Artikel>,
    /// ExtIoRef wId → FRBRExpression of the informatieobject.
    pub ext_io_refs: HashMap<String, String>,
}

const REGELING_ELEMENTS: [&str; 4] =
    ["RegelingCompact", "RegelingKlassiek", "RegelingVrijetekst", "RegelingTijdelijkdeel"];

pub fn read(file: &str, root: &Element) -> Result<Besluit, ImportError> {
    let mut b = Besluit { file: file.to_string(), ..Default::default() };
    if let Some(rvi) = root.find("RegelingVersieInformatie") {
        if let Some(ei) = rvi.find("ExpressionIdentificatie") {
            b.regeling_work = ei.child_text("FRBRWork");
            b.regeling_expression = ei.child_text("FRBRExpression");
        }
        if let Some(md) = rvi.find("RegelingMetadata") {
            b.titel = md.child_text("officieleTitel");
            b.citeertitel = md.find("citeertitel").map(|c| c.all_text());
            b.eindverantwoordelijke = md.child_text("eindverantwoordelijke");
        }
    }
    if b.regeling_expression.is_none()
        && let Some(br) = root.find("BeoogdeRegeling")
    {
        b.regeling_expression = br.child_text("instrumentVersie");
    }
    if b.eindverantwoordelijke.is_none()
        && let Some(md) = root.find("BesluitMetadata")
    {
        b.eindverantwoordelijke = md.child_text("eindverantwoordelijke");
    }
    if b.regeling_work.is_none()
        && let Some(expr) = &b.regeling_expression
    {
        b.regeling_work = Some(expr.rsplit_once('/').map(|(w, _)| w.to_string()).unwrap_or_else(|| expr.clone()));
    }

    let mut ext = Vec::new();
    root.find_all("ExtIoRef", &mut ext);
    for e in ext {
        let wid = e.attr("wId").or_else(|| e.attr("eId")).unwrap_or_default().to_string();
        let r = e.attr("ref").map(str::to_string).unwrap_or_else(|| e.all_text());
        b.ext_io_refs.insert(wid, r);
    }

    let mut regelingen = Vec::new();
    for name in REGELING_ELEMENTS {
        root.find_all(name, &mut regelingen);
    }
    if regelingen.is_empty() {
        return Err(ImportError::new(
            file,
            "AanleveringBesluit",
            Reason::Missing("RegelingCompact/RegelingKlassiek/RegelingVrijetekst"),
        ));
    }
    for reg in regelingen {
        if b.titel.is_none() {
            b.titel = reg.child("RegelingOpschrift").map(|o| o.all_text());
        }
        collect_artikelen(file, reg, &b.ext_io_refs, &mut b.artikelen)?;
        attach_toelichting(reg, &mut b.artikelen);
    }
    Ok(b)
}

fn collect_artikelen(
    file: &str,
    el: &Element,
    ext: &HashMap<String, String>,
    out: &mut Vec<Artikel>,
) -> Result<(), ImportError> {
    for c in &el.children {
        if c.name() == "Artikel" {
            out.push(artikel(file, c, ext)?);
        } else if !matches!(c.name(), "Toelichting" | "ArtikelgewijzeToelichting") {
            collect_artikelen(file, c, ext, out)?;
        }
    }
    Ok(())
}

fn kop_nummer(el: &Element) -> (String, Option<String>) {
    let kop = el.child("Kop");
    let nummer = kop.and_then(|k| k.child_text("Nummer")).unwrap_or_default();
    let opschrift = kop.and_then(|k| k.child_text("Opschrift"));
    (nummer, opschrift)
}

fn artikel(file: &str, el: &Element, ext: &HashMap<String, String>) -> Result<Artikel, ImportError> {
    let wid = el.attr("wId").unwrap_or_default().to_string();
    let eid = el.attr("eId").unwrap_or_default().to_string();
    let (nummer, opschrift) = kop_nummer(el);
    let mut tekst = Vec::new();
    let mut leden = Vec::new();
    for c in &el.children {
        match c.name() {
            "Kop" => {}
            "Lid" => {
                let mut t = Vec::new();
                block_text(c, &mut t);
                leden.push(Lid {
                    wid: c.attr("wId").unwrap_or_default().to_string(),
                    nummer: c.child_text("LidNummer").unwrap_or_default(),
                    tekst: t.join("\n"),
                });
            }
            _ => block_text(c, &mut tekst),
        }
    }
    let mut refs = Vec::new();
    el.find_all("IntIoRef", &mut refs);
    let mut informatieobjecten = Vec::new();
    for r in refs {
        let target = r.attr("ref").unwrap_or_default();
        let io = ext.get(target).ok_or_else(|| {
            ImportError::new(
                file,
                format!("IntIoRef wId=\"{}\" in Artikel {}", r.attr("wId").unwrap_or_default(), wid),
                Reason::BrokenReference { kind: "ExtIoRef (wId)", id: target.to_string() },
            )
        })?;
        if !informatieobjecten.contains(io) {
            informatieobjecten.push(io.clone());
        }
    }
    let toelichting = el.child("Toelichting").map(|t| {
        let mut v = Vec::new();
        block_text(t, &mut v);
        v.join("\n")
    });
    Ok(Artikel { wid, eid, nummer, opschrift, tekst: tekst.join("\n"), leden, toelichting, informatieobjecten })
}

/// Paragraph text of a block: Al / Li (with its number) / Tussenkop each on a line.
fn block_text(el: &Element, out: &mut Vec<String>) {
    match el.name() {
        "Al" | "Tussenkop" | "Kop" | "table" | "Begrip" => {
            let t = el.all_text();
            if !t.is_empty() {
                out.push(t);
            }
        }
        "Li" => {
            let nr = el.child_text("LiNummer").unwrap_or_default();
            let mut inner = Vec::new();
            for c in el.children.iter().filter(|c| c.name() != "LiNummer") {
                block_text(c, &mut inner);
            }
            let joined = inner.join(" ");
            out.push(if nr.is_empty() { joined } else { format!("{nr} {joined}") });
        }
        "LidNummer" | "LiNummer" => {}
        _ => {
            for c in &el.children {
                block_text(c, out);
            }
        }
    }
}

/// ArtikelgewijzeToelichting: a Divisie/Divisietekst whose text refers (IntRef) to an article eId explains it.
fn attach_toelichting(reg: &Element, artikelen: &mut [Artikel]) {
    let mut blocks = Vec::new();
    reg.find_all("ArtikelgewijzeToelichting", &mut blocks);
    for block in blocks {
        let mut parts = Vec::new();
        block.find_all("Divisietekst", &mut parts);
        for part in parts {
            let mut refs = Vec::new();
            part.find_all("IntRef", &mut refs);
            let mut text = Vec::new();
            block_text(part, &mut text);
            let text = text.join("\n");
            for r in refs {
                let target = r.attr("ref").unwrap_or_default();
                if let Some(a) = artikelen.iter_mut().find(|a| a.eid == target || a.wid == target) {
                    let t = a.toelichting.get_or_insert_with(String::new);
                    if !t.contains(&text) {
                        if !t.is_empty() {
                            t.push('\n');
                        }
                        t.push_str(&text);
                    }
                }
            }
        }
    }
}
