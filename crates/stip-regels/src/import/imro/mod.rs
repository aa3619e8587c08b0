//! IMRO bestemmingsplan GML import (IMRO2012, and IMRO2008/2006 by local name): Bestemmingsplangebied,
//! Enkelbestemming, Dubbelbestemming, Bouwvlak, Functieaanduiding, Bouwaanduiding, Gebiedsaanduiding,
//! Lettertekenaanduiding, Figuur and Maatvoering (several `waarde`/`waardeType` pairs per feature, normalised with
//! [`crate::norm`]). Curved geometry is densified by stip-geo. Streams per featureMember. A zip is read for its (first) IMRO GML.

use stip_geo::xml::{Element, XmlEvent, XmlReader};

use crate::error::{ImportError, Reason};
use crate::import::{Format, Progress, ProgressFn, ZipLimits, detect, package, report};
use crate::model::*;

const IMRO_NS_PREFIX: &str = "http://www.geonovum.nl/imro/";

/// Imports one IMRO GML file, or the first IMRO GML in a zip (named `zip!entry` in errors).
pub fn import(file: &str, bytes: &[u8], progress: ProgressFn<'_>) -> Result<PlanVersie, ImportError> {
    if !package::is_zip(bytes) {
        return import_gml(file, bytes, progress);
    }
    let mut plan = None;
    let mut progress = progress;
    package::for_each_entry(file, bytes, &ZipLimits::PACKAGE, &mut |entry, content| {
        if detect(entry, content) != Some(Format::Imro) {
            return Ok(true);
        }
        let inner = progress.as_mut().map(|p| &mut **p as &mut dyn FnMut(Progress));
        plan = Some(import_gml(&format!("{file}!{entry}"), content, inner)?);
        Ok(false)
    })?;
    plan.ok_or_else(|| ImportError::new(file, "zip", Reason::Empty("IMRO bestemmingsplan GML")))
}

fn import_gml(file: &str, bytes: &[u8], mut progress: ProgressFn<'_>) -> Result<PlanVersie, ImportError> {
    let geo = |e| ImportError::geo(file, e);
    let mut r = XmlReader::from_bytes(bytes).map_err(geo)?;
    let root = r.root().map_err(geo)?;
    if !root.ns.starts_with(IMRO_NS_PREFIX) {
        return Err(ImportError::new(file, root.name.clone(), Reason::UnknownNamespace(root.ns.clone())));
    }
    if !root.name.starts_with("FeatureCollection") {
        return Err(ImportError::new(
            file,
            root.name.clone(),
            Reason::WrongDocument { expected: "IMRO FeatureCollectionIMRO", found: root.name.clone() },
        ));
    }
    let versie_imro = if root.ns.contains("/2012/") {
        "IMRO2012"
    } else if root.ns.contains("/2008/") {
        "IMRO2008"
    } else if root.ns.contains("/2006/") {
        "IMRO2006"
    } else {
        "IMRO"
    };
    let total = bytes.len() as u64;
    let mut plan = PlanVersie {
        id: String::new(),
        versie: String::new(),
        titel: String::new(),
        bevoegd_gezag: BevoegdGezag { code: String::new(), naam: None },
        soort: PlanSoort::Imro,
        bron: Bron { formaat: versie_imro.into(), bestanden: vec![file.to_string()] },
        regelingsgebied: Vec::new(),
        artikelen: Vec::new(),
        regelteksten: Vec::new(),
        juridische_regels: Vec::new(),
        locaties: Vec::new(),
        activiteiten: Vec::new(),
        gebiedsaanwijzingen: Vec::new(),
        normen: Vec::new(),
        planobjecten: Vec::new(),
        informatieobjecten: Vec::new(),
    };
    let mut n = 0u64;
    loop {
        match r.next().map_err(geo)? {
            XmlEvent::Start(tag) if tag.name == "featureMember" || tag.name == "featureMembers" => {
                while let Some(ftag) = r.next_child().map_err(geo)? {
                    if !ftag.ns.starts_with(IMRO_NS_PREFIX) {
                        return Err(ImportError::new(file, ftag.label(), Reason::UnknownNamespace(ftag.ns.clone())));
                    }
                    let el = r.read_element(ftag).map_err(geo)?;
                    feature(file, &el, &mut plan)?;
                    n += 1;
                    if n.is_multiple_of(256) {
                        report(
                            &mut progress,
                            Progress { stap: "lezen", bestand: file.to_string(), gedaan: r.position(), totaal: total },
                        );
                    }
                }
            }
            XmlEvent::Eof => break,
            _ => {}
        }
    }
    if plan.id.is_empty() {
        return Err(ImportError::new(file, root.name, Reason::Missing("Bestemmingsplangebied")));
    }
    for p in &plan.planobjecten {
        if let Some(bv) = &p.bestemmingsvlak
            && !plan.planobjecten.iter().any(|q| &q.id == bv)
        {
            return Err(ImportError::new(
                file,
                format!("{:?} gml:id=\"{}\"", p.soort, p.id),
                Reason::BrokenReference { kind: "bestemmingsvlak", id: bv.clone() },
            ));
        }
    }
    report(&mut progress, Progress { stap: "klaar", bestand: file.to_string(), gedaan: total, totaal: total });
    Ok(plan)
}

fn soort(name: &str) -> Option<PlanobjectSoort> {
    Some(match name {
        "Enkelbestemming" => PlanobjectSoort::Enkelbestemming,
        "Dubbelbestemming" => PlanobjectSoort::Dubbelbestemming,
        "Bouwvlak" => PlanobjectSoort::Bouwvlak,
        "Functieaanduiding" => PlanobjectSoort::Functieaanduiding,
        "Bouwaanduiding" => PlanobjectSoort::Bouwaanduiding,
        "Gebiedsaanduiding" => PlanobjectSoort::Gebiedsaanduiding,
        "Figuur" => PlanobjectSoort::Figuur,
        "Maatvoering" => PlanobjectSoort::Maatvoering,
        "Lettertekenaanduiding" => PlanobjectSoort::Lettertekenaanduiding,
        "Bestemmingsplangebied" => PlanobjectSoort::Bestemmingsplangebied,
        _ => return None,
    })
}

fn feature(file: &str, el: &Element, plan: &mut PlanVersie) -> Result<(), ImportError> {
    let Some(soort) = soort(el.name()) else { return Ok(()) };
    let id = el
        .attr("id")
        .map(str::to_string)
        .or_else(|| el.find("lokaalID").map(|l| format!("NL.IMRO.{}", l.all_text())))
        .ok_or_else(|| ImportError::new(file, el.name().to_string(), Reason::Missing("gml:id")))?;
    let label = format!("{} gml:id=\"{id}\"", el.name());
    let geometrie = el
        .child("geometrie")
        .and_then(|g| g.geometry())
        .cloned()
        .ok_or_else(|| ImportError::new(file, label.clone(), Reason::Missing("geometrie")))?;
    let naam = el.child_text("naam").unwrap_or_default();
    let mut tekst_verwijzingen = Vec::new();
    let mut refs = Vec::new();
    el.find_all("verwijzingNaarTekst", &mut refs);
    tekst_verwijzingen.extend(refs.into_iter().map(|r| r.all_text()).filter(|s| !s.is_empty()));
    plan.locaties.push(Locatie {
        id: id.clone(),
        soort: LocatieSoort::Planobject,
        noemer: Some(naam.clone()).filter(|s| !s.is_empty()),
        geometrie: Some(geometrie),
        geometrie_id: None,
        leden: Vec::new(),
        ambtsgebied: None,
    });
    if soort == PlanobjectSoort::Bestemmingsplangebied {
        plan.id = id.clone();
        plan.versie = el.find("versie").map(|v| v.all_text()).unwrap_or_default();
        plan.titel = naam.clone();
        let code = el.child_text("overheidsCode").unwrap_or_default();
        plan.bevoegd_gezag = BevoegdGezag {
            code: if code.chars().all(|c| c.is_ascii_digit()) && !code.is_empty() { format!("gm{code}") } else { code },
            naam: el.child_text("naamOverheid"),
        };
        plan.regelingsgebied.push(id.clone());
    }
    if soort == PlanobjectSoort::Maatvoering {
        let mut pairs = Vec::new();
        for info in el.children_named("maatvoeringInfo") {
            collect_pairs(info, &mut pairs);
        }
        for (i, (waarde, waarde_type)) in pairs.into_iter().enumerate() {
            let (type_, eenheid) = crate::norm::imro_waardetype(&waarde_type);
            let numeric = waarde.replace(',', ".").parse::<f64>().ok().filter(|v| v.is_finite());
            plan.normen.push(Norm {
                id: format!("{id}#{}", i + 1),
                norm_id: id.as_str().into(),
                soort: NormSoort::Maatvoering,
                type_: type_.into(),
                naam: waarde_type.as_str().into(),
                waarde: numeric,
                kwalitatieve_waarde: if numeric.is_none() { Some(waarde.into()) } else { None },
                waarde_in_regeltekst: None,
                eenheid: eenheid.map(Into::into),
                groep: None,
                locaties: vec![id.as_str().into()],
                regeltekst: None,
            });
        }
    }
    plan.planobjecten.push(Planobject {
        id: id.clone(),
        soort,
        naam,
        hoofdgroep: el.child_text("bestemmingshoofdgroep"),
        artikelnummer: el.child_text("artikelnummer"),
        tekst_verwijzingen,
        locatie: id.clone(),
        bestemmingsvlak: el
            .child("bestemmingsvlak")
            .and_then(|b| b.attr("href"))
            .map(|h| h.trim_start_matches('#').to_string()),
    });
    Ok(())
}

/// Every element holding a `waardeType` child gives one (waarde, waardeType) pair.
fn collect_pairs(el: &Element, out: &mut Vec<(String, String)>) {
    if let Some(t) = el.child_text("waardeType") {
        out.push((el.child_text("waarde").unwrap_or_default(), t));
        return;
    }
    for c in &el.children {
        collect_pairs(c, out);
    }
}
