//! BAG panden and BRK percelen held compactly for serving: identifications as numbers (the trailing digits of an
//! id, with its prefix interned), repeated texts (status, kadastrale gemeente, sectie, dates) interned once, and the
//! footprints in one flat [`PolygonSet`] with an R-tree. At national scale (10 M panden, 7 M percelen) this is a
//! few dozen bytes per object beside its coordinates, instead of a `String` per field and a `Vec` per ring.
//!
//! The objects come back out as the model types ([`Pand`], [`Perceel`]) with the same values as went in; a pand
//! comes out without its footprint (that comes from the polygon set), as the index always kept it.
//! Every collection can be taken apart into plain arrays and put back together (`to_parts` / `from_parts`). Panden
//! and percelen are built one at a time as a BAG or BRK streams in ([`PandenBuilder`], [`PercelenBuilder`]), keyed by
//! [`Sleutel`] rather than by text.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use geo_types::{LineString, Point, Polygon};
use stip_geo::rd::{naar_mm, uit_mm};
use stip_geo::{PolygonSet, PolygonSetBuilder, PolygonSetParts};

use crate::import::bag::{Plek, Voorkomens};
use crate::model::{KadastraleAanduiding, Pand, Perceel, Voorkomen};

/// "No value" in the `u32` columns.
pub const GEEN: u32 = u32::MAX;

/// Interned texts: each distinct text once, referred to by number.
#[derive(Debug, Default)]
pub struct Namen {
    namen: Vec<String>,
    nummers: HashMap<String, u32>,
}

impl Namen {
    /// The number of `s`, interning it when new.
    pub fn nummer(&mut self, s: &str) -> u32 {
        if let Some(&n) = self.nummers.get(s) {
            return n;
        }
        let n = u32::try_from(self.namen.len()).expect("at most u32::MAX distinct texts");
        self.namen.push(s.to_string());
        self.nummers.insert(s.to_string(), n);
        n
    }

    /// The number of `s`, or `u32::MAX` for none.
    pub fn optie(&mut self, s: Option<&str>) -> u32 {
        s.map_or(GEEN, |s| self.nummer(s))
    }

    pub fn naam(&self, n: u32) -> &str {
        &self.namen[n as usize]
    }

    pub fn naam_optie(&self, n: u32) -> Option<String> {
        (n != GEEN).then(|| self.namen[n as usize].clone())
    }

    /// After building: the lookup table is no longer needed ([`Self::nummer`] then interns anew).
    pub fn klaar(&mut self) {
        self.nummers = HashMap::new();
        self.namen.shrink_to_fit();
    }

    /// The texts, by number.
    pub fn namen(&self) -> &[String] {
        &self.namen
    }

    /// Texts read back (see [`Self::namen`]).
    pub fn uit(namen: Vec<String>) -> Namen {
        Namen { namen, nummers: HashMap::new() }
    }

    /// Whether `n` is a number of these texts or none.
    pub fn geldig(&self, n: u32) -> bool {
        n == GEEN || (n as usize) < self.namen.len()
    }
}

/// The texts of one [`Namen`] interned into another, each once, when first met — the numbers interning them one by
/// one would give — through a table by number instead of hashing each text again.
#[derive(Debug)]
pub struct Hernummering<'a> {
    van: &'a Namen,
    naar: Vec<u32>,
}

impl<'a> Hernummering<'a> {
    pub fn new(van: &'a Namen) -> Self {
        Hernummering { van, naar: vec![GEEN; van.namen.len()] }
    }

    /// The number in `doel` of text `n` of `van` (`GEEN` stays `GEEN`); `doel` is the same every time.
    pub fn nummer(&mut self, doel: &mut Namen, n: u32) -> u32 {
        if n == GEEN {
            return GEEN;
        }
        let t = &mut self.naar[n as usize];
        if *t == GEEN {
            *t = doel.nummer(self.van.naam(n));
        }
        *t
    }
}

/// An identificatie as numbers: its trailing run of digits (at most 19) as a number, and its form: the number of the
/// rest (its prefix) in a [`Sleutelaar`] << 5 | the number of digits. One identificatie, one key, and back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Sleutel {
    waarde: u64,
    vorm: u32,
}

impl Sleutel {
    fn van(prefixen: &mut Namen, id: &str) -> Sleutel {
        let cijfers = id.bytes().rev().take_while(u8::is_ascii_digit).take(19).count();
        let (prefix, staart) = id.split_at(id.len() - cijfers);
        let p = prefixen.nummer(prefix);
        assert!(p < (1 << 27), "at most 2^27 distinct id prefixes");
        Sleutel { waarde: staart.parse().unwrap_or(0), vorm: p << 5 | cijfers as u32 }
    }

    fn tekst(self, prefixen: &Namen) -> String {
        let cijfers = (self.vorm & 31) as usize;
        let prefix = prefixen.naam(self.vorm >> 5);
        if cijfers == 0 { prefix.to_string() } else { format!("{prefix}{:0cijfers$}", self.waarde) }
    }
}

/// A map keyed by [`Sleutel`], hashed with one multiplication per word instead of SipHash (the keys are the
/// importer's own numbers, not input an attacker picks to collide: a hash-flooding guard buys nothing here, and
/// tens of millions of objects pass through these maps).
pub type SleutelMap<V> = HashMap<Sleutel, V, BuildHasherDefault<SleutelHasher>>;

/// The hasher of [`SleutelMap`] (multiply-rotate, as rustc's FxHash).
#[derive(Debug, Default, Clone, Copy)]
pub struct SleutelHasher(u64);

impl Hasher for SleutelHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn finish(&self) -> u64 {
        // the table takes its bucket from the low bits and its tag from the high ones: both well mixed
        self.0.rotate_left(26)
    }
}

/// Makes identificaties into [`Sleutel`]s (a BAG identificatie of 16 digits is one number): while importing, a key
/// per object instead of a `String`.
#[derive(Debug, Default)]
pub struct Sleutelaar {
    prefixen: Namen,
}

impl Sleutelaar {
    pub fn sleutel(&mut self, id: &str) -> Sleutel {
        Sleutel::van(&mut self.prefixen, id)
    }

    /// The identificatie of a key made here.
    pub fn tekst(&self, s: Sleutel) -> String {
        s.tekst(&self.prefixen)
    }
}

/// Identifications as [`Sleutel`]s in two columns, their prefixes interned.
/// `0200100000000001` is 16 digits and no prefix; `NL.IMKAD.KadastraalObject.123` a prefix and 3 digits.
#[derive(Debug, Default)]
struct Sleutels {
    waarde: Vec<u64>,
    /// Prefix number << 5 | number of digits.
    vorm: Vec<u32>,
    prefixen: Namen,
}

impl Sleutels {
    fn push(&mut self, id: &str) {
        let s = Sleutel::van(&mut self.prefixen, id);
        self.waarde.push(s.waarde);
        self.vorm.push(s.vorm);
    }

    /// A key made by the [`Sleutelaar`] whose prefixes `van` renumbers, its prefix interned here (as `push` of its
    /// text would).
    fn push_sleutel(&mut self, van: &mut Hernummering, s: Sleutel) {
        let p = van.nummer(&mut self.prefixen, s.vorm >> 5);
        self.waarde.push(s.waarde);
        self.vorm.push(p << 5 | (s.vorm & 31));
    }

    fn get(&self, i: usize) -> String {
        Sleutel { waarde: self.waarde[i], vorm: self.vorm[i] }.tekst(&self.prefixen)
    }

    fn position(&self, id: &str) -> Option<usize> {
        let mut probe = Sleutels::default();
        probe.push(id);
        let p = self
            .prefixen
            .nummers
            .get(probe.prefixen.naam(0))
            .copied()
            .or_else(|| self.prefixen.namen.iter().position(|n| n == probe.prefixen.naam(0)).map(|n| n as u32))?;
        let vorm = p << 5 | (probe.vorm[0] & 31);
        let waarde = probe.waarde[0];
        (0..self.waarde.len()).find(|&i| self.waarde[i] == waarde && self.vorm[i] == vorm)
    }

    fn klaar(&mut self) {
        self.prefixen.klaar();
        self.waarde.shrink_to_fit();
        self.vorm.shrink_to_fit();
    }

    fn geldig(&self) -> bool {
        self.waarde.len() == self.vorm.len()
            && self.vorm.iter().all(|v| ((v >> 5) as usize) < self.prefixen.namen.len())
    }
}

/// BAG panden, compact, with their footprints indexed.
#[derive(Debug, Default)]
pub struct Panden {
    ids: Sleutels,
    /// `i32::MIN`: no bouwjaar.
    bouwjaar: Vec<i32>,
    status: Vec<u32>,
    /// (pand, voorkomenidentificatie, begin, eind) for the panden that have a voorkomen, by pand; dates in `teksten`.
    voorkomen: Vec<[u32; 4]>,
    teksten: Namen,
    vlakken: PolygonSet,
}

/// The arrays of [`Panden`], to write out and read back.
#[derive(Debug, Default)]
pub struct PandenParts {
    pub id_waarde: Vec<u64>,
    pub id_vorm: Vec<u32>,
    pub id_prefixen: Vec<String>,
    pub bouwjaar: Vec<i32>,
    pub status: Vec<u32>,
    pub voorkomen: Vec<[u32; 4]>,
    pub teksten: Vec<String>,
    pub vlakken: PolygonSetParts,
}

impl Panden {
    /// Every pand given, in this order (see [`PandenBuilder`]).
    pub fn new(panden: Vec<Pand>) -> Panden {
        let mut builder = PandenBuilder { voorkomens: Voorkomens::alle(), ..PandenBuilder::default() };
        for p in panden {
            builder.push(&p);
        }
        builder.finish()
    }

    pub fn len(&self) -> usize {
        self.bouwjaar.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bouwjaar.is_empty()
    }

    /// The footprints.
    pub fn vlakken(&self) -> &PolygonSet {
        &self.vlakken
    }

    pub fn identificatie(&self, i: usize) -> String {
        self.ids.get(i)
    }

    pub fn bouwjaar(&self, i: usize) -> Option<i32> {
        Some(self.bouwjaar[i]).filter(|&b| b != i32::MIN)
    }

    pub fn status(&self, i: usize) -> &str {
        self.teksten.naam(self.status[i])
    }

    /// Pand `i` as the model has it, without its footprint (see [`Self::vlakken`]).
    pub fn pand(&self, i: usize) -> Pand {
        let voorkomen = self.voorkomen.binary_search_by_key(&(i as u32), |v| v[0]).ok().map(|k| {
            let [_, id, begin, eind] = self.voorkomen[k];
            Voorkomen {
                voorkomenidentificatie: id,
                begin_geldigheid: self.teksten.naam_optie(begin),
                eind_geldigheid: self.teksten.naam_optie(eind),
            }
        });
        Pand {
            identificatie: self.identificatie(i),
            bouwjaar: self.bouwjaar(i),
            status: self.status(i).to_string(),
            geometrie: Polygon::new(LineString(Vec::new()), Vec::new()),
            voorkomen,
        }
    }

    /// The position of the pand with this identificatie (a scan).
    pub fn position(&self, identificatie: &str) -> Option<usize> {
        self.ids.position(identificatie)
    }

    pub fn to_parts(&self) -> PandenParts {
        PandenParts {
            id_waarde: self.ids.waarde.clone(),
            id_vorm: self.ids.vorm.clone(),
            id_prefixen: self.ids.prefixen.namen.clone(),
            bouwjaar: self.bouwjaar.clone(),
            status: self.status.clone(),
            voorkomen: self.voorkomen.clone(),
            teksten: self.teksten.namen.clone(),
            vlakken: self.vlakken.to_parts(),
        }
    }

    /// Panden from arrays of [`Self::to_parts`]; an error when they do not fit together.
    pub fn from_parts(p: PandenParts) -> Result<Panden, String> {
        let me = Panden {
            ids: Sleutels { waarde: p.id_waarde, vorm: p.id_vorm, prefixen: Namen::uit(p.id_prefixen) },
            bouwjaar: p.bouwjaar,
            status: p.status,
            voorkomen: p.voorkomen,
            teksten: Namen::uit(p.teksten),
            vlakken: PolygonSet::from_parts(p.vlakken)?,
        };
        let n = me.bouwjaar.len();
        let fits = me.ids.geldig()
            && me.ids.waarde.len() == n
            && me.status.len() == n
            && me.vlakken.len() == n
            && me.status.iter().all(|&s| s != GEEN && me.teksten.geldig(s))
            && me.voorkomen.windows(2).all(|w| w[0][0] < w[1][0])
            && me.voorkomen.iter().all(|v| (v[0] as usize) < n && me.teksten.geldig(v[2]) && me.teksten.geldig(v[3]));
        if fits { Ok(me) } else { Err("panden: the arrays do not fit together".into()) }
    }
}

/// [`Panden`] built one pand at a time, holding only their compact form: from a BAG as it streams in
/// ([`crate::import::bag::stream`], one or more extracts, each started with [`Self::volgend_extract`]) with the
/// rules of [`Voorkomens`] — the same panden, in the same order, as `Panden::new` of the panden `bag::import` keeps
/// (the later extract's where two hold one pand) — or, for `Panden::new`, every pand given.
#[derive(Debug, Default)]
pub struct PandenBuilder {
    voorkomens: Voorkomens,
    ids: Sleutelaar,
    /// Per place (see [`Voorkomens`]).
    sleutel: Vec<Sleutel>,
    bouwjaar: Vec<i32>,
    status: Vec<u32>,
    /// (voorkomenidentificatie, begin, eind), dates in `teksten`.
    voorkomen: Vec<Option<[u32; 3]>>,
    /// Per place: its footprint in `vlakken` (a replaced one stays behind there until `finish`).
    vlak: Vec<u32>,
    teksten: Namen,
    vlakken: PolygonSetBuilder,
}

impl PandenBuilder {
    /// What follows comes from the next extract: it wins over what came before.
    pub fn volgend_extract(&mut self) {
        self.voorkomens.volgend_extract();
    }

    /// Takes in one voorkomen of a pand (kept or not by the rules).
    pub fn push(&mut self, p: &Pand) {
        let sleutel = self.ids.sleutel(&p.identificatie);
        let Some(plek) = self.voorkomens.plek(sleutel, p.voorkomen.as_ref()) else { return };
        let t = &mut self.teksten;
        let status = t.nummer(&p.status);
        let voorkomen = p.voorkomen.as_ref().map(|v| {
            [v.voorkomenidentificatie, t.optie(v.begin_geldigheid.as_deref()), t.optie(v.eind_geldigheid.as_deref())]
        });
        let vlak = u32::try_from(self.vlakken.len()).expect("at most u32::MAX footprints");
        self.vlakken.push(&p.geometrie);
        let bouwjaar = p.bouwjaar.unwrap_or(i32::MIN);
        match plek {
            Plek::Nieuw(_) => {
                self.sleutel.push(sleutel);
                self.bouwjaar.push(bouwjaar);
                self.status.push(status);
                self.voorkomen.push(voorkomen);
                self.vlak.push(vlak);
            }
            Plek::Vervangt(i) => {
                self.sleutel[i] = sleutel;
                self.bouwjaar[i] = bouwjaar;
                self.status[i] = status;
                self.voorkomen[i] = voorkomen;
                self.vlak[i] = vlak;
            }
        }
    }

    /// The panden kept, compact, in their order; texts interned in that order (as `Panden::new` does).
    pub fn finish(self) -> Panden {
        let volgorde = self.voorkomens.volgorde();
        drop(self.voorkomens);
        let (vlakken, _) = in_volgorde(self.vlakken, &self.vlak, &volgorde);
        let mut me = Panden { vlakken, ..Default::default() };
        let (mut prefixen, mut oud) = (Hernummering::new(&self.ids.prefixen), Hernummering::new(&self.teksten));
        for (k, &i) in volgorde.iter().enumerate() {
            let i = i as usize;
            me.ids.push_sleutel(&mut prefixen, self.sleutel[i]);
            me.bouwjaar.push(self.bouwjaar[i]);
            me.status.push(oud.nummer(&mut me.teksten, self.status[i]));
            if let Some([nr, begin, eind]) = self.voorkomen[i] {
                let begin = oud.nummer(&mut me.teksten, begin);
                let eind = oud.nummer(&mut me.teksten, eind);
                me.voorkomen.push([k as u32, nr, begin, eind]);
            }
        }
        me.ids.klaar();
        me.teksten.klaar();
        me.bouwjaar.shrink_to_fit();
        me.status.shrink_to_fit();
        me.voorkomen.shrink_to_fit();
        me
    }
}

/// The footprints of a builder in the order of the kept objects (`vlak`: per place its footprint; `volgorde`: the
/// places in order), and whether they already were: nothing replaced and nothing reordered (an extract without
/// history), so no copy is made.
fn in_volgorde(vlakken: PolygonSetBuilder, vlak: &[u32], volgorde: &[u32]) -> (PolygonSet, bool) {
    let op_plek = vlakken.len() == volgorde.len()
        && volgorde.iter().enumerate().all(|(k, &i)| i as usize == k && vlak[k] as usize == k);
    if op_plek {
        return (vlakken.finish(), true);
    }
    let mut b = PolygonSetBuilder::default();
    for &i in volgorde {
        b.push(&vlakken.polygon(vlak[i as usize] as usize));
    }
    drop(vlakken);
    (b.finish(), false)
}

/// No plaatscoordinaten.
const GEEN_PLAATS: [i32; 2] = [i32::MIN, i32::MIN];

/// BRK percelen, compact, with their outlines indexed.
#[derive(Debug, Default)]
pub struct Percelen {
    ids: Sleutels,
    /// Kadastrale gemeente code, kadastrale gemeente, sectie, perceelnummer, AKR code: numbers in `teksten`.
    aanduiding: Vec<[u32; 5]>,
    teksten: Namen,
    /// NaN: unknown.
    grootte: Vec<f64>,
    /// In whole millimetres, as the BRK gives them (finer input is rounded to the millimetre); `GEEN_PLAATS`: none.
    plaats: Vec<[i32; 2]>,
    vlakken: PolygonSet,
}

/// The arrays of [`Percelen`], to write out and read back.
#[derive(Debug, Default)]
pub struct PercelenParts {
    pub id_waarde: Vec<u64>,
    pub id_vorm: Vec<u32>,
    pub id_prefixen: Vec<String>,
    pub aanduiding: Vec<[u32; 5]>,
    pub teksten: Vec<String>,
    pub grootte: Vec<f64>,
    pub plaats: Vec<[i32; 2]>,
    pub vlakken: PolygonSetParts,
}

impl Percelen {
    /// Every perceel given, in this order (see [`PercelenBuilder`]).
    pub fn new(percelen: Vec<Perceel>) -> Percelen {
        let mut builder = PercelenBuilder { voorkomens: Voorkomens::alle(), ..PercelenBuilder::default() };
        for p in percelen {
            builder.push(&p);
        }
        builder.finish()
    }

    pub fn len(&self) -> usize {
        self.grootte.len()
    }

    pub fn is_empty(&self) -> bool {
        self.grootte.is_empty()
    }

    /// The outlines.
    pub fn vlakken(&self) -> &PolygonSet {
        &self.vlakken
    }

    pub fn identificatie(&self, i: usize) -> String {
        self.ids.get(i)
    }

    pub fn kadastrale_aanduiding(&self, i: usize) -> KadastraleAanduiding {
        let [code, gemeente, sectie, nummer, akr] = self.aanduiding[i];
        let t = &self.teksten;
        KadastraleAanduiding {
            kadastrale_gemeente_code: t.naam(code).to_string(),
            kadastrale_gemeente: t.naam_optie(gemeente),
            sectie: t.naam(sectie).to_string(),
            perceelnummer: t.naam(nummer).to_string(),
            akr_code: t.naam_optie(akr),
        }
    }

    pub fn kadastrale_grootte(&self, i: usize) -> Option<f64> {
        Some(self.grootte[i]).filter(|g| !g.is_nan())
    }

    /// Perceel `i` as the model has it, with its outline.
    pub fn perceel(&self, i: usize) -> Perceel {
        let plaats = self.plaats[i];
        Perceel {
            identificatie: self.identificatie(i),
            kadastrale_aanduiding: self.kadastrale_aanduiding(i),
            kadastrale_grootte: self.kadastrale_grootte(i),
            geometrie: self.vlakken.polygon(i),
            plaatscoordinaten: (plaats != GEEN_PLAATS).then(|| Point::new(uit_mm(plaats[0]), uit_mm(plaats[1]))),
        }
    }

    pub fn to_parts(&self) -> PercelenParts {
        PercelenParts {
            id_waarde: self.ids.waarde.clone(),
            id_vorm: self.ids.vorm.clone(),
            id_prefixen: self.ids.prefixen.namen.clone(),
            aanduiding: self.aanduiding.clone(),
            teksten: self.teksten.namen.clone(),
            grootte: self.grootte.clone(),
            plaats: self.plaats.clone(),
            vlakken: self.vlakken.to_parts(),
        }
    }

    /// Percelen from arrays of [`Self::to_parts`]; an error when they do not fit together.
    pub fn from_parts(p: PercelenParts) -> Result<Percelen, String> {
        let me = Percelen {
            ids: Sleutels { waarde: p.id_waarde, vorm: p.id_vorm, prefixen: Namen::uit(p.id_prefixen) },
            aanduiding: p.aanduiding,
            teksten: Namen::uit(p.teksten),
            grootte: p.grootte,
            plaats: p.plaats,
            vlakken: PolygonSet::from_parts(p.vlakken)?,
        };
        let n = me.grootte.len();
        let t = &me.teksten;
        let fits = me.ids.geldig()
            && me.ids.waarde.len() == n
            && me.aanduiding.len() == n
            && me.plaats.len() == n
            && me.vlakken.len() == n
            && me
                .aanduiding
                .iter()
                .all(|a| a.iter().all(|&x| t.geldig(x)) && a[0] != GEEN && a[2] != GEEN && a[3] != GEEN);
        if fits { Ok(me) } else { Err("percelen: the arrays do not fit together".into()) }
    }
}

/// [`Percelen`] built one perceel at a time, holding only their compact form: from a BRK as it streams in
/// ([`crate::import::brk::stream`], one or more extracts one after the other), of a perceel read twice the one read
/// last (see [`Voorkomens::laatste`]) — the same percelen, in the same order, as `Percelen::new` of the percelen
/// read with only the last of each identificatie kept, listed where that came in — or, for `Percelen::new`, every
/// perceel given.
#[derive(Debug)]
pub struct PercelenBuilder {
    voorkomens: Voorkomens,
    ids: Sleutelaar,
    /// Per place (see [`Voorkomens`]).
    sleutel: Vec<Sleutel>,
    /// As in [`Percelen`], numbers in `teksten`.
    aanduiding: Vec<[u32; 5]>,
    grootte: Vec<f64>,
    plaats: Vec<[i32; 2]>,
    /// Per place: its outline in `vlakken` (a replaced one stays behind there until `finish`).
    vlak: Vec<u32>,
    teksten: Namen,
    vlakken: PolygonSetBuilder,
}

impl Default for PercelenBuilder {
    fn default() -> Self {
        PercelenBuilder {
            voorkomens: Voorkomens::laatste(),
            ids: Sleutelaar::default(),
            sleutel: Vec::new(),
            aanduiding: Vec::new(),
            grootte: Vec::new(),
            plaats: Vec::new(),
            vlak: Vec::new(),
            teksten: Namen::default(),
            vlakken: PolygonSetBuilder::default(),
        }
    }
}

impl PercelenBuilder {
    /// Takes in one perceel; of one read before with its identificatie, it takes that one's place.
    pub fn push(&mut self, p: &Perceel) {
        let sleutel = self.ids.sleutel(&p.identificatie);
        let Some(plek) = self.voorkomens.plek(sleutel, None) else { return };
        let a = &p.kadastrale_aanduiding;
        let t = &mut self.teksten;
        let aanduiding = [
            t.nummer(&a.kadastrale_gemeente_code),
            t.optie(a.kadastrale_gemeente.as_deref()),
            t.nummer(&a.sectie),
            t.nummer(&a.perceelnummer),
            t.optie(a.akr_code.as_deref()),
        ];
        // a place beyond ±2,147 km is no place in RD
        let plaats = p.plaatscoordinaten.and_then(|p| Some([naar_mm(p.x())?, naar_mm(p.y())?]));
        let vlak = u32::try_from(self.vlakken.len()).expect("at most u32::MAX outlines");
        self.vlakken.push(&p.geometrie);
        plek.zet(&mut self.sleutel, sleutel);
        plek.zet(&mut self.aanduiding, aanduiding);
        plek.zet(&mut self.grootte, p.kadastrale_grootte.unwrap_or(f64::NAN));
        plek.zet(&mut self.plaats, plaats.unwrap_or(GEEN_PLAATS));
        plek.zet(&mut self.vlak, vlak);
    }

    /// The percelen kept, compact, in their order; texts interned in that order (as `Percelen::new` does).
    pub fn finish(self) -> Percelen {
        let volgorde = self.voorkomens.volgorde();
        drop(self.voorkomens);
        let (vlakken, op_plek) = in_volgorde(self.vlakken, &self.vlak, &volgorde);
        let mut me = Percelen { vlakken, ..Default::default() };
        if op_plek {
            // every perceel once, in the order read: the columns and the texts are already as `Percelen::new` has
            // them
            me.ids.waarde = self.sleutel.iter().map(|s| s.waarde).collect();
            me.ids.vorm = self.sleutel.iter().map(|s| s.vorm).collect();
            drop(self.sleutel);
            me.ids.prefixen = self.ids.prefixen;
            (me.aanduiding, me.teksten, me.grootte, me.plaats) =
                (self.aanduiding, self.teksten, self.grootte, self.plaats);
        } else {
            let (mut prefixen, mut oud) = (Hernummering::new(&self.ids.prefixen), Hernummering::new(&self.teksten));
            for &i in &volgorde {
                let i = i as usize;
                me.ids.push_sleutel(&mut prefixen, self.sleutel[i]);
                let a = self.aanduiding[i].map(|n| oud.nummer(&mut me.teksten, n));
                me.aanduiding.push(a);
                me.grootte.push(self.grootte[i]);
                me.plaats.push(self.plaats[i]);
            }
        }
        me.ids.klaar();
        me.teksten.klaar();
        me.aanduiding.shrink_to_fit();
        me.grootte.shrink_to_fit();
        me.plaats.shrink_to_fit();
        me
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::polygon;

    fn pand(id: &str, status: &str, voorkomen: Option<Voorkomen>) -> Pand {
        Pand {
            identificatie: id.into(),
            bouwjaar: id.len().is_multiple_of(2).then_some(1931),
            status: status.into(),
            geometrie: polygon![(x: 0., y: 0.), (x: 10., y: 0.), (x: 10., y: 10.)],
            voorkomen,
        }
    }

    #[test]
    fn panden_come_back_out_with_the_values_that_went_in() {
        let v =
            Voorkomen { voorkomenidentificatie: 3, begin_geldigheid: Some("2010-01-01".into()), eind_geldigheid: None };
        let invoer = vec![
            pand("0200100000000001", "Pand in gebruik", None),
            pand("1234", "Bouw gestart", Some(v)),
            pand("geen-cijfers", "Pand in gebruik", None),
            pand("", "Pand gesloopt", None),
            pand("007", "Pand in gebruik", None),
            pand("12345678901234567890123", "Pand in gebruik", None),
        ];
        let panden = Panden::new(invoer.clone());
        let terug = Panden::from_parts(panden.to_parts()).expect("the parts fit");
        for (i, p) in invoer.iter().enumerate() {
            let verwacht = Pand { geometrie: Polygon::new(LineString(vec![]), vec![]), ..p.clone() };
            assert_eq!(panden.pand(i), verwacht);
            assert_eq!(terug.pand(i), verwacht);
            assert_eq!(panden.position(&p.identificatie), Some(i));
        }
        assert_eq!(panden.position("0200100000000002"), None);
        assert_eq!(panden.position("7"), None, "007 is not 7");
        assert_eq!(terug.vlakken().polygon(0).exterior().0.len(), 4, "the footprint, closed");
    }

    #[test]
    fn every_identificatie_has_its_own_key_and_comes_back_from_it() {
        let mut ids = Sleutelaar::default();
        let teksten = ["0200100000000001", "200100000000001", "007", "7", "", "NL.IMKAD.KadastraalObject.123", "x1"];
        let sleutels: Vec<Sleutel> = teksten.iter().map(|t| ids.sleutel(t)).collect();
        for (i, t) in teksten.iter().enumerate() {
            assert_eq!(ids.tekst(sleutels[i]), *t);
            assert_eq!(sleutels.iter().filter(|&&s| s == sleutels[i]).count(), 1, "{t} has a key of its own");
            assert_eq!(ids.sleutel(t), sleutels[i], "the same key again");
        }
    }

    #[test]
    fn percelen_come_back_out_with_the_values_that_went_in_and_bad_parts_are_refused() {
        let perceel = |id: &str, gemeente: Option<&str>, grootte: Option<f64>| Perceel {
            identificatie: id.into(),
            kadastrale_aanduiding: KadastraleAanduiding {
                kadastrale_gemeente_code: "297".into(),
                kadastrale_gemeente: gemeente.map(Into::into),
                sectie: "B".into(),
                perceelnummer: "2298".into(),
                akr_code: None,
            },
            kadastrale_grootte: grootte,
            geometrie: polygon![(x: 0., y: 0.), (x: 10., y: 0.), (x: 10., y: 10.), (x: 0., y: 0.)],
            plaatscoordinaten: grootte.map(|_| Point::new(194_315.123, 444_002.5)),
        };
        let invoer =
            vec![perceel("NL.IMKAD.KadastraalObject.123", Some("Otterlo"), Some(222.0)), perceel("x", None, None)];
        let percelen = Percelen::new(invoer.clone());
        for (i, p) in invoer.iter().enumerate() {
            assert_eq!(&percelen.perceel(i), p);
        }
        let mut fijn = invoer[0].clone();
        fijn.plaatscoordinaten = Some(Point::new(194_315.123_4, 444_002.5));
        assert_eq!(
            Percelen::new(vec![fijn]).perceel(0).plaatscoordinaten,
            invoer[0].plaatscoordinaten,
            "a place finer than a millimetre is kept to the millimetre"
        );
        let mut parts = percelen.to_parts();
        parts.aanduiding[1][2] = 99;
        assert!(Percelen::from_parts(parts).is_err());
        let mut parts = percelen.to_parts();
        parts.grootte.pop();
        assert!(Percelen::from_parts(parts).is_err());
    }
}
