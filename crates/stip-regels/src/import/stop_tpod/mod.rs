//! STOP/TPOD import: one delivery (AKN besluit + OW files + GIO XML/GML + IO metadata, from a folder or zip)
//! into one [`PlanVersie`]. Every link is followed and checked — text (IntIoRef → ExtIoRef → informatieobject),
//! OW Regeltekst → article/lid wId, juridische regel → regeltekst / locatie / activiteit / gebiedsaanwijzing /
//! norm, locatie → group members → GIO geometry (basisgeo:id) — and a broken one is an error naming the file,
//! the element and the missing id.

pub mod akn;
pub mod gio;
pub mod ow;

use std::collections::{HashMap, HashSet};

use stip_geo::xml::XmlReader;

use crate::error::{ImportError, Reason};
use crate::import::{Bestand, Progress, ProgressFn, ZipLimits, package, report};
use crate::model::*;

/// Imports a STOP/TPOD delivery with the default zip limits.
pub fn import(files: Vec<Bestand>, progress: ProgressFn<'_>) -> Result<PlanVersie, ImportError> {
    import_with_limits(files, &ZipLimits::PACKAGE, progress)
}

pub fn import_with_limits(
    files: Vec<Bestand>,
    limits: &ZipLimits,
    mut progress: ProgressFn<'_>,
) -> Result<PlanVersie, ImportError> {
    let files = package::expand(files, limits)?;
    let total: u64 = files.iter().map(|(_, b)| b.len() as u64).sum();
    let mut done = 0u64;
    let mut besluiten = Vec::new();
    let mut gios = Vec::new();
    let mut ios = Vec::new();
    let mut objects = Vec::new();
    let mut bestanden = Vec::new();
    // files are read in parallel; results are taken in file order, so the outcome (and the first error) is that
    // of reading them one after the other
    let mut results = read_all(&files, |i| {
        let (name, bytes) = &files[i];
        report(&mut progress, Progress { stap: "lezen", bestand: name.clone(), gedaan: done, totaal: total });
        done += bytes.len() as u64;
    });
    for ((name, _), result) in files.iter().zip(results.drain(..)) {
        match result? {
            Gelezen::Besluit(b) => besluiten.push(b),
            Gelezen::Gio(g) => gios.push(g),
            Gelezen::Io(io) => ios.push(io),
            Gelezen::Ow(o) => objects.extend(o),
            Gelezen::Overig => continue,
        }
        bestanden.push(name.clone());
    }
    drop(files);
    report(&mut progress, Progress { stap: "koppelen", bestand: String::new(), gedaan: total, totaal: total });
    let mut besluit = besluiten.pop().ok_or_else(|| {
        ImportError::new("package", "AanleveringBesluit", Reason::Empty("AKN besluit (AanleveringBesluit)"))
    })?;
    if let Some(other) = besluiten.pop() {
        return Err(ImportError::new(
            other.file,
            "AanleveringBesluit",
            Reason::Duplicate("second besluit in one delivery".into()),
        ));
    }
    let plan = link(&mut besluit, gios, ios, objects, bestanden)?;
    report(&mut progress, Progress { stap: "klaar", bestand: String::new(), gedaan: total, totaal: total });
    Ok(plan)
}

/// What one file of the delivery holds.
enum Gelezen {
    Besluit(akn::Besluit),
    Gio(gio::Gio),
    Io(Informatieobject),
    Ow(Vec<ow::OwObject>),
    /// Not XML, or a companion (manifests, opdracht, GDAL .gfs): recognised, nothing to model.
    Overig,
}

fn read_file(name: &str, bytes: &[u8]) -> Result<Gelezen, ImportError> {
    let lower = name.to_ascii_lowercase();
    let is_xml = lower.ends_with(".xml") || lower.ends_with(".gml");
    if !is_xml {
        return Ok(Gelezen::Overig);
    }
    let geo = |e| ImportError::geo(name, e);
    let mut r = XmlReader::from_bytes(bytes).map_err(geo)?;
    let root = r.root().map_err(geo)?;
    Ok(match root.name.as_str() {
        "AanleveringBesluit" => {
            let el = r.read_element(root).map_err(geo)?;
            Gelezen::Besluit(akn::read(name, &el)?)
        }
        "GeoInformatieObjectVaststelling" => Gelezen::Gio(gio::read(name, &mut r)?),
        "AanleveringInformatieObject" => {
            let el = r.read_element(root).map_err(geo)?;
            Gelezen::Io(informatieobject(&el))
        }
        "owBestand" => {
            let mut objects = Vec::new();
            ow::read(name, &mut r, &mut objects)?;
            Gelezen::Ow(objects)
        }
        _ => {
            // still check the whole document is well-formed and free of DTDs
            r.skip().map_err(geo)?;
            Gelezen::Overig
        }
    })
}

/// Reads every file on as many threads as there are cores (largest files first) and returns the results in file
/// order. `on_done(i)` is called on the calling thread as each file is finished. Once a file has failed, files
/// after it are not read (their result is never looked at: the first error in file order is returned).
fn read_all(files: &[Bestand], mut on_done: impl FnMut(usize)) -> Vec<Result<Gelezen, ImportError>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(files.len()).max(1);
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(files[i].1.len()));
    let next = AtomicUsize::new(0);
    let first_error = AtomicUsize::new(usize::MAX);
    let mut results: Vec<Option<Result<Gelezen, ImportError>>> = (0..files.len()).map(|_| None).collect();
    std::thread::scope(|s| {
        let (tx, rx) = std::sync::mpsc::channel();
        for _ in 0..threads {
            let (tx, order, next, first_error) = (tx.clone(), &order, &next, &first_error);
            s.spawn(move || {
                while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let result = if i > first_error.load(Ordering::Relaxed) {
                        Ok(Gelezen::Overig)
                    } else {
                        read_file(&files[i].0, &files[i].1)
                    };
                    if result.is_err() {
                        first_error.fetch_min(i, Ordering::Relaxed);
                    }
                    if tx.send((i, result)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        for (i, r) in rx {
            on_done(i);
            results[i] = Some(r);
        }
    });
    results.into_iter().map(|r| r.unwrap_or(Ok(Gelezen::Overig))).collect()
}

fn informatieobject(el: &stip_geo::xml::Element) -> Informatieobject {
    let mut files = Vec::new();
    el.find_all("bestandsnaam", &mut files);
    Informatieobject {
        frbr_work: el.find("FRBRWork").map(|e| e.all_text()).unwrap_or_default(),
        frbr_expression: el.find("FRBRExpression").map(|e| e.all_text()).unwrap_or_default(),
        naam: el.find("naamInformatieObject").map(|e| e.all_text()).filter(|s| !s.is_empty()),
        bestanden: files.into_iter().map(|f| f.all_text()).collect(),
        geometrie_ids: Vec::new(),
    }
}

/// A GIO geometry by basisgeo:id: the geometry (until a locatie takes it), its naam, the index of the locatie that took it.
type GioGeometrie = (Option<geo_types::Geometry<f64>>, Option<String>, usize);

fn broken(file: &str, element: String, kind: &'static str, id: &str) -> ImportError {
    ImportError::new(file, element, Reason::BrokenReference { kind, id: id.to_string() })
}

fn link(
    besluit: &mut akn::Besluit,
    gios: Vec<gio::Gio>,
    mut ios: Vec<Informatieobject>,
    objects: Vec<ow::OwObject>,
    bestanden: Vec<String>,
) -> Result<PlanVersie, ImportError> {
    // GIO geometries by basisgeo:id: (geometry until a locatie takes it, naam, index of the locatie that took it)
    let mut geometries: HashMap<String, GioGeometrie> = HashMap::new();
    for g in gios {
        let expr = g.expression.clone().unwrap_or_default();
        let ids: Vec<String> = g.locaties.iter().map(|l| l.id.clone()).collect();
        match ios.iter_mut().find(|io| io.frbr_expression == expr) {
            Some(io) => io.geometrie_ids.extend(ids),
            None => ios.push(Informatieobject {
                frbr_work: g.work.clone().unwrap_or_default(),
                frbr_expression: expr,
                naam: g.normlabel.clone(),
                bestanden: vec![g.file.clone()],
                geometrie_ids: ids,
            }),
        }
        for l in g.locaties {
            if geometries.contains_key(&l.id) {
                return Err(ImportError::new(&g.file, format!("geo:Locatie {}", l.id), Reason::Duplicate(l.id)));
            }
            geometries.insert(l.id, (Some(l.geometrie), l.naam, usize::MAX));
        }
    }
    // text → informatieobject
    let known_io: HashSet<&str> = ios.iter().map(|io| io.frbr_expression.as_str()).collect();
    for a in &besluit.artikelen {
        for io in &a.informatieobjecten {
            if !known_io.contains(io.as_str()) {
                return Err(broken(
                    &besluit.file,
                    format!("Artikel {}", a.wid),
                    "informatieobject (FRBRExpression)",
                    io,
                ));
            }
        }
    }

    // ids of every OW object, for reference checks
    let mut ids: HashMap<String, &'static str> = HashMap::new();
    for o in &objects {
        let id = o.identificatie();
        if id.is_empty() {
            return Err(ImportError::new(&*o.file, o.kind().to_string(), Reason::Missing("identificatie")));
        }
        let kind: &'static str = ow::MODELLED.iter().find(|k| **k == o.kind()).copied().unwrap_or("object");
        if ids.insert(id.clone(), kind).is_some() {
            return Err(ImportError::new(&*o.file, format!("{} {id}", o.kind()), Reason::Duplicate(id)));
        }
    }
    let is_locatie = |id: &str| {
        matches!(
            ids.get(id),
            Some(&("Gebied" | "Gebiedengroep" | "Lijn" | "Lijnengroep" | "Punt" | "Puntengroep" | "Ambtsgebied"))
        )
    };
    let check_locaties = |o: &ow::OwObject, refs: &[String]| -> Result<(), ImportError> {
        for r in refs {
            if !is_locatie(r) {
                return Err(broken(&o.file, format!("{} {}", o.kind(), o.identificatie()), "locatie", r));
            }
        }
        Ok(())
    };
    let check_kind =
        |o: &ow::OwObject, refs: &[String], kinds: &[&str], what: &'static str| -> Result<(), ImportError> {
            for r in refs {
                if !ids.get(r.as_str()).is_some_and(|k| kinds.contains(k)) {
                    return Err(broken(&o.file, format!("{} {}", o.kind(), o.identificatie()), what, r));
                }
            }
            Ok(())
        };

    let mut plan = PlanVersie {
        id: besluit.regeling_work.clone().unwrap_or_default(),
        versie: String::new(),
        titel: besluit.citeertitel.clone().or_else(|| besluit.titel.clone()).unwrap_or_default(),
        bevoegd_gezag: BevoegdGezag { code: String::new(), naam: None },
        soort: PlanSoort::Imow,
        bron: Bron { formaat: "STOP/TPOD".into(), bestanden },
        regelingsgebied: Vec::new(),
        artikelen: std::mem::take(&mut besluit.artikelen),
        regelteksten: Vec::new(),
        juridische_regels: Vec::new(),
        locaties: Vec::new(),
        activiteiten: Vec::new(),
        gebiedsaanwijzingen: Vec::new(),
        normen: Vec::new(),
        planobjecten: Vec::new(),
        informatieobjecten: ios,
    };
    if plan.id.is_empty() {
        return Err(ImportError::new(
            &besluit.file,
            "RegelingVersieInformatie",
            Reason::Missing("FRBRWork of the regeling"),
        ));
    }
    plan.versie = besluit
        .regeling_expression
        .as_deref()
        .and_then(|e| e.strip_prefix(&plan.id))
        .map(|v| v.trim_start_matches('/').to_string())
        .unwrap_or_default();
    plan.bevoegd_gezag.code = besluit
        .eindverantwoordelijke
        .as_deref()
        .map(|e| crate::model::last_segment(e).to_string())
        .or_else(|| plan.id.split('/').nth(4).map(str::to_string))
        .unwrap_or_default();

    let mut wids: HashMap<&str, &str> = HashMap::new();
    for a in &plan.artikelen {
        wids.insert(&a.wid, &a.wid);
        for l in &a.leden {
            wids.insert(&l.wid, &a.wid);
        }
    }
    let mut regelteksten = Vec::new();
    let mut norm_regeltekst: HashMap<String, String> = HashMap::new();

    for o in &objects {
        let id = &o.id;
        let label = || format!("{} {id}", o.kind());
        match o.kind() {
            "Gebied" | "Lijn" | "Punt" => {
                let geo_ref = o.refs("geometrie", "GeometrieRef");
                let gref = geo_ref
                    .first()
                    .ok_or_else(|| ImportError::new(&*o.file, label(), Reason::Missing("geometrie/GeometrieRef")))?;
                // the first locatie on a geometry takes it out of the map; a later one copies it from that one
                let entry = geometries
                    .get_mut(gref.as_str())
                    .ok_or_else(|| broken(&o.file, label(), "GIO geometrie (basisgeo:id)", gref))?;
                let naam = entry.1.clone();
                let g = match entry.0.take() {
                    Some(g) => {
                        entry.2 = plan.locaties.len();
                        g
                    }
                    None => plan.locaties[entry.2].geometrie.clone().expect("a geometry locatie"),
                };
                plan.locaties.push(Locatie {
                    id: id.clone(),
                    soort: match o.kind() {
                        "Gebied" => LocatieSoort::Gebied,
                        "Lijn" => LocatieSoort::Lijn,
                        _ => LocatieSoort::Punt,
                    },
                    noemer: o.el.child_text("noemer").or(naam),
                    geometrie: Some(g),
                    geometrie_id: Some(gref.clone()),
                    leden: Vec::new(),
                    ambtsgebied: None,
                });
            }
            "Gebiedengroep" | "Lijnengroep" | "Puntengroep" => {
                let member = match o.kind() {
                    "Gebiedengroep" => "GebiedRef",
                    "Lijnengroep" => "LijnRef",
                    _ => "PuntRef",
                };
                let leden = o.refs("groepselement", member);
                let expected: &[&str] = match o.kind() {
                    "Gebiedengroep" => &["Gebied"],
                    "Lijnengroep" => &["Lijn"],
                    _ => &["Punt"],
                };
                check_kind(o, &leden, expected, "groepselement (locatie)")?;
                plan.locaties.push(Locatie {
                    id: id.clone(),
                    soort: match o.kind() {
                        "Gebiedengroep" => LocatieSoort::Gebiedengroep,
                        "Lijnengroep" => LocatieSoort::Lijnengroep,
                        _ => LocatieSoort::Puntengroep,
                    },
                    noemer: o.el.child_text("noemer"),
                    geometrie: None,
                    geometrie_id: None,
                    leden,
                    ambtsgebied: None,
                });
            }
            "Ambtsgebied" => plan.locaties.push(Locatie {
                id: id.clone(),
                soort: LocatieSoort::Ambtsgebied,
                noemer: o.el.child_text("noemer"),
                geometrie: None,
                geometrie_id: None,
                leden: Vec::new(),
                ambtsgebied: o.el.find("bestuurlijkeGrenzenID").map(|e| e.all_text()),
            }),
            "Regeltekst" => {
                let wid = o.el.attr("wId").unwrap_or_default().to_string();
                let artikel = wids
                    .get(wid.as_str())
                    .ok_or_else(|| broken(&o.file, label(), "artikel or lid (wId) in the AKN regeling", &wid))?;
                regelteksten.push(Regeltekst { id: id.clone(), artikel_wid: artikel.to_string(), wid });
            }
            "Activiteit" => plan.activiteiten.push(Activiteit {
                id: id.clone(),
                naam: o.el.child_text("naam").unwrap_or_default(),
                groep: o.el.child_text("groep").map(|g| last_segment(&g).to_string()),
                bovenliggende: o.refs("bovenliggendeActiviteit", "ActiviteitRef").into_iter().next(),
            }),
            "Gebiedsaanwijzing" => {
                let locaties = o.refs("locatieaanduiding", "LocatieRef");
                check_locaties(o, &locaties)?;
                plan.gebiedsaanwijzingen.push(Gebiedsaanwijzing {
                    id: id.clone(),
                    type_: o.el.child_text("type").map(|t| last_segment(&t).to_string()).unwrap_or_default(),
                    naam: o.el.child_text("naam").unwrap_or_default(),
                    groep: o.el.child_text("groep").map(|g| last_segment(&g).to_string()),
                    locaties: teksten(locaties),
                });
            }
            "Omgevingsnorm" | "Omgevingswaarde" => {
                let soort =
                    if o.kind() == "Omgevingsnorm" { NormSoort::Omgevingsnorm } else { NormSoort::Omgevingswaarde };
                let type_ = o.el.child_text("type").map(|t| last_segment(&t).to_string()).unwrap_or_default();
                let eenheid = o.el.child_text("eenheid").map(|e| crate::norm::imow_eenheid(&e));
                let naam = o.el.child_text("naam").unwrap_or_default();
                let groep = o.el.child_text("groep").map(|g| last_segment(&g).to_string());
                let mut waarden = Vec::new();
                o.el.find_all("Normwaarde", &mut waarden);
                for w in waarden {
                    let wid = w.child_text("identificatie").unwrap_or_default();
                    let mut refs = Vec::new();
                    if let Some(la) = w.child("locatieaanduiding") {
                        let mut found = Vec::new();
                        la.find_all("LocatieRef", &mut found);
                        refs = found.into_iter().filter_map(|e| e.attr("href").map(str::to_string)).collect();
                    }
                    for r in &refs {
                        if !is_locatie(r) {
                            return Err(broken(&o.file, format!("Normwaarde {wid} of {}", label()), "locatie", r));
                        }
                    }
                    let waarde = match w.child_text("kwantitatieveWaarde") {
                        Some(v) => Some(v.parse::<f64>().map_err(|_| {
                            ImportError::new(
                                &*o.file,
                                format!("Normwaarde {wid}"),
                                Reason::Invalid { what: "kwantitatieveWaarde", value: v.clone() },
                            )
                        })?),
                        None => None,
                    };
                    plan.normen.push(Norm {
                        id: wid,
                        norm_id: id.as_str().into(),
                        soort,
                        type_: type_.as_str().into(),
                        naam: naam.as_str().into(),
                        waarde,
                        kwalitatieve_waarde: w.child_text("kwalitatieveWaarde").map(Into::into),
                        waarde_in_regeltekst: w.child_text("waardeInRegeltekst").map(Into::into),
                        eenheid: eenheid.as_deref().map(Into::into),
                        groep: groep.as_deref().map(Into::into),
                        locaties: teksten(refs),
                        regeltekst: None,
                    });
                }
            }
            "Regelingsgebied" => {
                let locaties = o.refs("locatieaanduiding", "LocatieRef");
                check_locaties(o, &locaties)?;
                plan.regelingsgebied.extend(locaties);
            }
            "Pons" => {
                let locaties = o.refs("locatieaanduiding", "LocatieRef");
                check_locaties(o, &locaties)?;
            }
            _ => {}
        }
    }
    let regeltekst_ids: HashSet<&str> = regelteksten.iter().map(|r| r.id.as_str()).collect();
    for o in &objects {
        let soort = match o.kind() {
            "RegelVoorIedereen" => RegelSoort::RegelVoorIedereen,
            "Instructieregel" => RegelSoort::Instructieregel,
            "Omgevingswaarderegel" => RegelSoort::Omgevingswaarderegel,
            _ => continue,
        };
        let id = o.identificatie();
        let label = format!("{} {id}", o.kind());
        let rt = o.refs("artikelOfLid", "RegeltekstRef");
        let regeltekst = rt
            .first()
            .ok_or_else(|| ImportError::new(&*o.file, label.clone(), Reason::Missing("artikelOfLid/RegeltekstRef")))?
            .clone();
        if !regeltekst_ids.contains(regeltekst.as_str()) {
            return Err(broken(&o.file, label, "regeltekst", &regeltekst));
        }
        let locaties = o.refs("locatieaanduiding", "LocatieRef");
        check_locaties(o, &locaties)?;
        let mut activiteiten = Vec::new();
        for aa in o.el.children_named("activiteitaanduiding") {
            let act = aa.child("ActiviteitRef").and_then(|r| r.attr("href")).unwrap_or_default().to_string();
            if ids.get(act.as_str()) != Some(&"Activiteit") {
                return Err(broken(&o.file, label, "activiteit", &act));
            }
            for ala in aa.children_named("ActiviteitLocatieaanduiding") {
                let mut found = Vec::new();
                if let Some(la) = ala.child("locatieaanduiding") {
                    la.find_all("LocatieRef", &mut found);
                }
                let locs: Vec<String> = found.into_iter().filter_map(|e| e.attr("href").map(str::to_string)).collect();
                let ala_id = ala.child_text("identificatie").unwrap_or_default();
                for l in &locs {
                    if !is_locatie(l) {
                        return Err(broken(
                            &o.file,
                            format!("ActiviteitLocatieaanduiding {ala_id} in {label}"),
                            "locatie",
                            l,
                        ));
                    }
                }
                activiteiten.push(ActiviteitLocatieaanduiding {
                    id: ala_id,
                    activiteit: act.clone(),
                    kwalificatie: Kwalificatie::parse(
                        &ala.child_text("activiteitregelkwalificatie").unwrap_or_default(),
                    ),
                    locaties: teksten(if locs.is_empty() { locaties.clone() } else { locs }),
                });
            }
        }
        let gebiedsaanwijzingen = o.refs("gebiedsaanwijzing", "GebiedsaanwijzingRef");
        check_kind(o, &gebiedsaanwijzingen, &["Gebiedsaanwijzing"], "gebiedsaanwijzing")?;
        let omgevingsnormen = o.refs("omgevingsnormaanduiding", "OmgevingsnormRef");
        check_kind(o, &omgevingsnormen, &["Omgevingsnorm"], "omgevingsnorm")?;
        let omgevingswaarden = o.refs("omgevingswaardeaanduiding", "OmgevingswaardeRef");
        check_kind(o, &omgevingswaarden, &["Omgevingswaarde"], "omgevingswaarde")?;
        for n in omgevingsnormen.iter().chain(&omgevingswaarden) {
            norm_regeltekst.entry(n.clone()).or_insert_with(|| regeltekst.clone());
        }
        plan.juridische_regels.push(JuridischeRegel {
            id,
            soort,
            regeltekst,
            locaties: teksten(locaties),
            activiteiten,
            gebiedsaanwijzingen,
            omgevingsnormen,
            omgevingswaarden,
        });
    }
    for n in &mut plan.normen {
        n.regeltekst = norm_regeltekst.get(n.norm_id.as_str()).map(|r| r.as_str().into());
    }
    plan.regelteksten = regelteksten;
    if plan.locaties.is_empty() {
        return Err(ImportError::new("package", "owLocaties", Reason::Empty("OW locaties")));
    }
    Ok(plan)
}

/// Locatie references as the model keeps them (shared texts, one per locatie once indexed).
fn teksten(ids: Vec<String>) -> Vec<crate::antwoord::Tekst> {
    ids.into_iter().map(Into::into).collect()
}
