//! BAG 2.0 extract import (XML deelbestanden, or zips of them, nested zips included): Pand, Verblijfsobject,
//! Nummeraanduiding and OpenbareRuimte. Of every object the current voorkomen (no eindGeldigheid; the highest
//! voorkomenidentificatie wins; of an object in several extracts the later extract's) is kept, unless history is
//! asked for. Pand footprints drop Z. [`stream`] hands every object on as it is read (a national extract is thousands
//! of deelbestanden), [`import`] collects them.

use geo_types::{Geometry, Point, Polygon};
use stip_geo::xml::{Element, XmlEvent, XmlReader};

use crate::error::{ImportError, Reason};
use crate::import::{Bestand, Progress, ProgressFn, ZipLimits, package, report};
use crate::model::*;
use crate::objecten::{Sleutel, SleutelMap, Sleutelaar};

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

/// One voorkomen of a BAG object, as read.
#[derive(Debug, Clone, PartialEq)]
pub enum BagObject {
    Pand(Pand),
    Verblijfsobject(Verblijfsobject),
    Nummeraanduiding(Nummeraanduiding),
    OpenbareRuimte(OpenbareRuimte),
}

/// Imports BAG files (XML or zip): every object collected, of each only the current voorkomen unless history is
/// asked (see [`Voorkomens`]). [`stream`] with a collecting sink.
pub fn import(files: &[Bestand], options: BagOptions, progress: ProgressFn<'_>) -> Result<BagExtract, ImportError> {
    let mut acc = Acc::new(options.historie);
    stream(files, &options.limits.unwrap_or(ZipLimits::PACKAGE), progress, &mut |o| acc.push(o))?;
    Ok(acc.finish())
}

/// Reads BAG files (XML, or zips of them, nested zips included) one deelbestand at a time and hands every object
/// (every voorkomen) to `sink` as soon as it is read, in the order of the files. On an error (naming the file, the
/// element and the reason) the sink has had the objects before it: whatever it built is partial, to be dropped.
pub fn stream(
    files: &[Bestand],
    limits: &ZipLimits,
    mut progress: ProgressFn<'_>,
    sink: &mut dyn FnMut(BagObject),
) -> Result<(), ImportError> {
    let total: u64 = files.iter().map(|(_, b)| b.len() as u64).sum();
    let mut done = 0u64;
    for (name, bytes) in files {
        if package::is_zip(bytes) {
            package::for_each_entry(name, bytes, limits, &mut |entry, content| {
                if entry.to_ascii_lowercase().ends_with(".xml") {
                    report(
                        &mut progress,
                        Progress { stap: "lezen", bestand: entry.to_string(), gedaan: done, totaal: total },
                    );
                    read_xml(entry, content, sink)?;
                }
                Ok(true)
            })?;
        } else {
            report(&mut progress, Progress { stap: "lezen", bestand: name.clone(), gedaan: done, totaal: total });
            read_xml(name, bytes, sink)?;
        }
        done += bytes.len() as u64;
    }
    report(&mut progress, Progress { stap: "klaar", bestand: String::new(), gedaan: total, totaal: total });
    Ok(())
}

/// Which voorkomen of each object is kept while BAG objects come in, one at a time, from one or more extracts:
/// within an extract the current one (no eindGeldigheid; the highest voorkomenidentificatie, the first of equals),
/// and of an object in several extracts the one of the later extract. Each object gets a place (a number, from 0
/// up) the first time one of its voorkomens is kept; a later kept voorkomen replaces it there. The kept objects are
/// ordered by where their kept voorkomen came in ([`Self::volgorde`]). The one rule for `import` and for the
/// compact builders (address book, panden, percelen).
#[derive(Debug, Default)]
pub struct Voorkomens {
    /// Every voorkomen kept, each at its own place (history, or objects taken as given).
    alle: bool,
    /// Of an object read twice the one read last, wherever it came from (objects without voorkomens: BRK percelen).
    laatste: bool,
    plek: SleutelMap<u32>,
    /// Per place: (extract, voorkomenidentificatie, arrival) of the voorkomen kept there.
    stand: Vec<[u32; 3]>,
    extract: u32,
    binnen: u32,
}

/// Where a kept voorkomen goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plek {
    /// A new object: the next place (equal to the number of places so far).
    Nieuw(usize),
    /// Replaces the voorkomen kept at this place.
    Vervangt(usize),
}

impl Plek {
    /// Puts `item` at this place of `lijst` (one item per place).
    pub fn zet<T>(self, lijst: &mut Vec<T>, item: T) {
        match self {
            Plek::Nieuw(_) => lijst.push(item),
            Plek::Vervangt(i) => lijst[i] = item,
        }
    }
}

impl Voorkomens {
    /// No rule: every voorkomen kept, each at a place of its own, in the order they come.
    pub fn alle() -> Self {
        Voorkomens { alle: true, ..Default::default() }
    }

    /// Objects without voorkomens: of an object read twice the one read last wins (also within one extract), its
    /// place where the first was, listed where the last came in.
    pub fn laatste() -> Self {
        Voorkomens { laatste: true, ..Default::default() }
    }

    /// What follows comes from the next extract (before the first, a call changes nothing).
    pub fn volgend_extract(&mut self) {
        self.extract += 1;
    }

    /// Where this voorkomen of object `id` goes, or `None` when it is not kept.
    pub fn plek(&mut self, id: Sleutel, voorkomen: Option<&Voorkomen>) -> Option<Plek> {
        if self.alle {
            self.stand.push([0, 0, u32::try_from(self.stand.len()).expect("at most u32::MAX voorkomens")]);
            return Some(Plek::Nieuw(self.stand.len() - 1));
        }
        if voorkomen.is_some_and(|v| v.eind_geldigheid.is_some()) {
            return None;
        }
        let nr = voorkomen.map_or(0, |v| v.voorkomenidentificatie);
        let binnen = self.binnen;
        self.binnen = self.binnen.checked_add(1).expect("at most u32::MAX voorkomens");
        let stand = [self.extract, nr, binnen];
        match self.plek.get(&id) {
            Some(&i) => {
                let [extract, oud, _] = self.stand[i as usize];
                (self.laatste || extract < self.extract || nr > oud).then(|| {
                    self.stand[i as usize] = stand;
                    Plek::Vervangt(i as usize)
                })
            }
            None => {
                let i = u32::try_from(self.stand.len()).expect("at most u32::MAX objects");
                self.plek.insert(id, i);
                self.stand.push(stand);
                Some(Plek::Nieuw(i as usize))
            }
        }
    }

    /// Number of objects (places).
    pub fn len(&self) -> usize {
        self.stand.len()
    }

    pub fn is_empty(&self) -> bool {
        self.stand.is_empty()
    }

    /// The places in the order the kept objects are listed: by where their kept voorkomen came in.
    pub fn volgorde(&self) -> Vec<u32> {
        let mut v: Vec<u32> = (0..self.stand.len() as u32).collect();
        v.sort_unstable_by_key(|&i| self.stand[i as usize][2]);
        v
    }
}

/// The objects of one kind, collected: every voorkomen (history), or the kept one per object by its place.
struct Lijst<T> {
    items: Vec<T>,
    voorkomens: Voorkomens,
}

impl<T> Lijst<T> {
    fn new(historie: bool) -> Self {
        Lijst { items: Vec::new(), voorkomens: if historie { Voorkomens::alle() } else { Voorkomens::default() } }
    }

    fn push(&mut self, ids: &mut Sleutelaar, item: T, key: impl Fn(&T) -> (&str, Option<&Voorkomen>)) {
        let (id, voorkomen) = key(&item);
        if let Some(plek) = self.voorkomens.plek(ids.sleutel(id), voorkomen) {
            plek.zet(&mut self.items, item);
        }
    }

    fn finish(self) -> Vec<T> {
        let mut items: Vec<Option<T>> = self.items.into_iter().map(Some).collect();
        self.voorkomens.volgorde().into_iter().filter_map(|i| items[i as usize].take()).collect()
    }
}

struct Acc {
    ids: Sleutelaar,
    panden: Lijst<Pand>,
    vbos: Lijst<Verblijfsobject>,
    nums: Lijst<Nummeraanduiding>,
    ors: Lijst<OpenbareRuimte>,
}

impl Acc {
    fn new(historie: bool) -> Self {
        Acc {
            ids: Sleutelaar::default(),
            panden: Lijst::new(historie),
            vbos: Lijst::new(historie),
            nums: Lijst::new(historie),
            ors: Lijst::new(historie),
        }
    }

    fn push(&mut self, o: BagObject) {
        let ids = &mut self.ids;
        match o {
            BagObject::Pand(p) => self.panden.push(ids, p, |p| (&p.identificatie, p.voorkomen.as_ref())),
            BagObject::Verblijfsobject(v) => self.vbos.push(ids, v, |v| (&v.identificatie, v.voorkomen.as_ref())),
            BagObject::Nummeraanduiding(n) => self.nums.push(ids, n, |n| (&n.identificatie, n.voorkomen.as_ref())),
            BagObject::OpenbareRuimte(o) => self.ors.push(ids, o, |o| (&o.identificatie, o.voorkomen.as_ref())),
        }
    }

    fn finish(self) -> BagExtract {
        BagExtract {
            panden: self.panden.finish(),
            verblijfsobjecten: self.vbos.finish(),
            nummeraanduidingen: self.nums.finish(),
            openbare_ruimten: self.ors.finish(),
        }
    }
}

fn read_xml(file: &str, bytes: &[u8], sink: &mut dyn FnMut(BagObject)) -> Result<(), ImportError> {
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
                if let Some(o) = object(file, &el)? {
                    sink(o);
                }
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

fn object(file: &str, el: &Element) -> Result<Option<BagObject>, ImportError> {
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
            Ok(Some(BagObject::Pand(Pand {
                identificatie: id.clone(),
                bouwjaar,
                status: el.child_text("status").unwrap_or_default(),
                geometrie,
                voorkomen: voorkomen(el),
            })))
        }
        "Verblijfsobject" => {
            let punt = el.child("geometrie").and_then(|g| g.geometry()).and_then(|g| match g {
                Geometry::Point(p) => Some(*p),
                other => geo::Centroid::centroid(other),
            });
            let refs = |under: &str, name: &str| -> Vec<String> {
                el.children_named(under).flat_map(|c| c.children_named(name)).map(|r| r.all_text()).collect()
            };
            Ok(Some(BagObject::Verblijfsobject(Verblijfsobject {
                identificatie: id.clone(),
                gebruiksdoelen: el.children_named("gebruiksdoel").map(|g| g.all_text()).collect(),
                oppervlakte: el.child_text("oppervlakte").and_then(|o| o.parse().ok()),
                status: el.child_text("status").unwrap_or_default(),
                punt: punt.map(|p: Point<f64>| p),
                panden: refs("maaktDeelUitVan", "PandRef"),
                hoofdadres: refs("heeftAlsHoofdadres", "NummeraanduidingRef").into_iter().next(),
                nevenadressen: refs("heeftAlsNevenadres", "NummeraanduidingRef"),
                voorkomen: voorkomen(el),
            })))
        }
        "Nummeraanduiding" => Ok(Some(BagObject::Nummeraanduiding(Nummeraanduiding {
            identificatie: id.clone(),
            postcode: el.child_text("postcode"),
            huisnummer: el.child_text("huisnummer").and_then(|h| h.parse().ok()),
            huisletter: el.child_text("huisletter"),
            toevoeging: el.child_text("huisnummertoevoeging"),
            openbare_ruimte: el.child("ligtAan").map(|l| l.all_text()).filter(|s| !s.is_empty()),
            type_adresseerbaar_object: el.child_text("typeAdresseerbaarObject"),
            voorkomen: voorkomen(el),
        }))),
        "OpenbareRuimte" => Ok(Some(BagObject::OpenbareRuimte(OpenbareRuimte {
            identificatie: id.clone(),
            naam: el.child_text("naam").unwrap_or_default(),
            type_: el.child_text("type"),
            voorkomen: voorkomen(el),
        }))),
        _ => Ok(None),
    }
}
