//! BAG 2.0 extract import (XML deelbestanden, or zips of them, nested zips included): Pand, Verblijfsobject,
//! Nummeraanduiding and OpenbareRuimte. Of every object the current voorkomen (no eindGeldigheid; the highest
//! voorkomenidentificatie wins) is kept, unless history is asked for. Pand footprints drop Z.

use std::collections::HashMap;

use geo_types::{Geometry, Point, Polygon};
use stip_geo::xml::{Element, XmlEvent, XmlReader};

use crate::error::{ImportError, Reason};
use crate::import::{Bestand, Progress, ProgressFn, ZipLimits, package, report};
use crate::model::*;

#[derive(Debug, Default, Clone, PartialEq)]
pub struct BagExtract {
    pub panden: Vec<Pand>,
    pub verblijfsobjecten: Vec<Verblijfsobject>,
    pub nummeraanduidingen: Vec<Nummeraanduiding>,
    pub openbare_ruimten: Vec<OpenbareRuimte>,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct BagOptions {
    /// Keep every voorkomen instead of only the current one.
    pub historie: bool,
    pub limits: Option<ZipLimits>,
}

/// Imports BAG files (XML or zip).
pub fn import(files: &[Bestand], options: BagOptions, mut progress: ProgressFn<'_>) -> Result<BagExtract, ImportError> {
    let limits = options.limits.unwrap_or(ZipLimits::PACKAGE);
    let total: u64 = files.iter().map(|(_, b)| b.len() as u64).sum();
    let mut acc = Acc::default();
    let mut done = 0u64;
    for (name, bytes) in files {
        if package::is_zip(bytes) {
            package::for_each_entry(name, bytes, &limits, &mut |entry, content| {
                if entry.to_ascii_lowercase().ends_with(".xml") {
                    report(
                        &mut progress,
                        Progress { stap: "lezen", bestand: entry.to_string(), gedaan: done, totaal: total },
                    );
                    read_xml(entry, content, &mut acc)?;
                }
                Ok(true)
            })?;
        } else {
            report(&mut progress, Progress { stap: "lezen", bestand: name.clone(), gedaan: done, totaal: total });
            read_xml(name, bytes, &mut acc)?;
        }
        done += bytes.len() as u64;
    }
    report(&mut progress, Progress { stap: "klaar", bestand: String::new(), gedaan: total, totaal: total });
    Ok(acc.finish(options.historie))
}

#[derive(Default)]
struct Acc {
    panden: Vec<Pand>,
    vbos: Vec<Verblijfsobject>,
    nums: Vec<Nummeraanduiding>,
    ors: Vec<OpenbareRuimte>,
}

fn keep_current<T>(items: Vec<T>, historie: bool, key: impl Fn(&T) -> (&str, Option<&Voorkomen>)) -> Vec<T> {
    if historie {
        return items;
    }
    let mut best: HashMap<String, usize> = HashMap::new();
    for (i, it) in items.iter().enumerate() {
        let (id, v) = key(it);
        if v.is_some_and(|v| v.eind_geldigheid.is_some()) {
            continue;
        }
        let nr = v.map_or(0, |v| v.voorkomenidentificatie);
        match best.get(id) {
            Some(&j) if key(&items[j]).1.map_or(0, |v| v.voorkomenidentificatie) >= nr => {}
            _ => {
                best.insert(id.to_string(), i);
            }
        }
    }
    let mut keep: Vec<usize> = best.into_values().collect();
    keep.sort_unstable();
    let mut items: Vec<Option<T>> = items.into_iter().map(Some).collect();
    keep.into_iter().filter_map(|i| items[i].take()).collect()
}

impl Acc {
    fn finish(self, historie: bool) -> BagExtract {
        BagExtract {
            panden: keep_current(self.panden, historie, |p| (&p.identificatie, p.voorkomen.as_ref())),
            verblijfsobjecten: keep_current(self.vbos, historie, |p| (&p.identificatie, p.voorkomen.as_ref())),
            nummeraanduidingen: keep_current(self.nums, historie, |p| (&p.identificatie, p.voorkomen.as_ref())),
            openbare_ruimten: keep_current(self.ors, historie, |p| (&p.identificatie, p.voorkomen.as_ref())),
        }
    }
}

fn read_xml(file: &str, bytes: &[u8], acc: &mut Acc) -> Result<(), ImportError> {
    let geo = |e| ImportError::geo(file, e);
    let mut r = XmlReader::from_bytes(bytes).map_err(geo)?;
    let root = r.root().map_err(geo)?;
    if !matches!(root.name.as_str(), "bagStand" | "bagMutaties" | "BAG-Extract-Deelbestand-LVC") {
        return Err(ImportError::new(
            file,
            root.name.clone(),
            Reason::WrongDocument { expected: "BAG 2.0 extract", found: root.name },
        ));
    }
    loop {
        match r.next().map_err(geo)? {
            XmlEvent::Start(tag)
                if matches!(tag.name.as_str(), "Pand" | "Verblijfsobject" | "Nummeraanduiding" | "OpenbareRuimte") =>
            {
                let el = r.read_element(tag).map_err(geo)?;
                object(file, &el, acc)?;
            }
            XmlEvent::Eof => return Ok(()),
            _ => {}
        }
    }
}

fn voorkomen(el: &Element) -> Option<Voorkomen> {
    let v = el.find("Voorkomen")?;
    Some(Voorkomen {
        voorkomenidentificatie: v.child_text("voorkomenidentificatie").and_then(|s| s.parse().ok()).unwrap_or(0),
        begin_geldigheid: v.child_text("beginGeldigheid"),
        eind_geldigheid: v.child_text("eindGeldigheid"),
    })
}

fn object(file: &str, el: &Element, acc: &mut Acc) -> Result<(), ImportError> {
    let id = el
        .child_text("identificatie")
        .ok_or_else(|| ImportError::new(file, el.name().to_string(), Reason::Missing("identificatie")))?;
    let label = || format!("{} {id}", el.name());
    match el.name() {
        "Pand" => {
            let g = el
                .child("geometrie")
                .and_then(|g| g.geometry())
                .ok_or_else(|| ImportError::new(file, label(), Reason::Missing("geometrie")))?;
            let geometrie: Polygon<f64> = match g {
                Geometry::Polygon(p) => p.clone(),
                Geometry::MultiPolygon(mp) if !mp.0.is_empty() => mp.0[0].clone(),
                _ => {
                    return Err(ImportError::new(
                        file,
                        label(),
                        Reason::Invalid { what: "pand geometrie", value: "not a polygon".into() },
                    ));
                }
            };
            let bouwjaar = match el.child_text("oorspronkelijkBouwjaar") {
                Some(b) => Some(b.parse::<i32>().map_err(|_| {
                    ImportError::new(
                        file,
                        label(),
                        Reason::Invalid { what: "oorspronkelijkBouwjaar", value: b.clone() },
                    )
                })?),
                None => None,
            };
            acc.panden.push(Pand {
                identificatie: id.clone(),
                bouwjaar,
                status: el.child_text("status").unwrap_or_default(),
                geometrie,
                voorkomen: voorkomen(el),
            });
        }
        "Verblijfsobject" => {
            let punt = el.child("geometrie").and_then(|g| g.geometry()).and_then(|g| match g {
                Geometry::Point(p) => Some(*p),
                other => geo::Centroid::centroid(other),
            });
            let refs = |under: &str, name: &str| -> Vec<String> {
                el.children_named(under).flat_map(|c| c.children_named(name)).map(|r| r.all_text()).collect()
            };
            acc.vbos.push(Verblijfsobject {
                identificatie: id.clone(),
                gebruiksdoelen: el.children_named("gebruiksdoel").map(|g| g.all_text()).collect(),
                oppervlakte: el.child_text("oppervlakte").and_then(|o| o.parse().ok()),
                status: el.child_text("status").unwrap_or_default(),
                punt: punt.map(|p: Point<f64>| p),
                panden: refs("maaktDeelUitVan", "PandRef"),
                hoofdadres: refs("heeftAlsHoofdadres", "NummeraanduidingRef").into_iter().next(),
                nevenadressen: refs("heeftAlsNevenadres", "NummeraanduidingRef"),
                voorkomen: voorkomen(el),
            });
        }
        "Nummeraanduiding" => acc.nums.push(Nummeraanduiding {
            identificatie: id.clone(),
            postcode: el.child_text("postcode"),
            huisnummer: el.child_text("huisnummer").and_then(|h| h.parse().ok()),
            huisletter: el.child_text("huisletter"),
            toevoeging: el.child_text("huisnummertoevoeging"),
            openbare_ruimte: el.child("ligtAan").map(|l| l.all_text()).filter(|s| !s.is_empty()),
            type_adresseerbaar_object: el.child_text("typeAdresseerbaarObject"),
            voorkomen: voorkomen(el),
        }),
        "OpenbareRuimte" => acc.ors.push(OpenbareRuimte {
            identificatie: id.clone(),
            naam: el.child_text("naam").unwrap_or_default(),
            type_: el.child_text("type"),
            voorkomen: voorkomen(el),
        }),
        _ => {}
    }
    Ok(())
}
