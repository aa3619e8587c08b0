//! A deterministic (seeded) generator of national-scale data for benchmarks and oracle tests: one regeling with
//! many locaties (most 5–60 vertices, a few heavy ones of 5,000–20,000 vertices) carrying norms and activiteiten,
//! and many building footprints. All geometry is valid (star-shaped rings around a centre) and lies in the RD box
//! of the Netherlands. Scale with [`SynthConfig::national`]. For the serving state at national scale also a BAG
//! address per pand ([`adressen`]) and BRK percelen ([`percelen`], 7 for every 10 panden).

use geo_types::{Coord, Geometry, LineString, Polygon};

use crate::antwoord::Tekst;
use crate::import::bag::BagObject;
use crate::model::*;

/// The RD box the generator draws in (roughly the Dutch land area).
pub const NL_BOX: (f64, f64, f64, f64) = (13_000.0, 306_000.0, 278_000.0, 619_000.0);

#[derive(Debug, Clone, Copy)]
pub struct SynthConfig {
    pub seed: u64,
    /// Number of (geometry-bearing) locaties in the regeling.
    pub locaties: usize,
    /// How many of those are heavy (5,000–20,000 vertices).
    pub heavy: usize,
    /// Number of panden.
    pub panden: usize,
}

impl SynthConfig {
    /// National scale × `scale`: 1,000,000 locaties (20 heavy) and 10,000,000 panden at scale 1.
    pub fn national(scale: f64) -> Self {
        Self {
            seed: 0x5719_2024,
            locaties: ((1_000_000.0 * scale) as usize).max(100),
            heavy: ((20.0 * scale).round() as usize).max(2),
            panden: (10_000_000.0 * scale) as usize,
        }
    }
}

/// SplitMix64: small, fast, deterministic.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    pub fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.f64()
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// A random point in the NL box.
pub fn random_point(rng: &mut Rng) -> Coord<f64> {
    Coord { x: rng.range(NL_BOX.0, NL_BOX.2), y: rng.range(NL_BOX.1, NL_BOX.3) }
}

/// A star-shaped simple polygon around `c` with `n` vertices and radii in [r_min, r_max].
pub fn star(rng: &mut Rng, c: Coord<f64>, n: usize, r_min: f64, r_max: f64) -> Polygon<f64> {
    let mut pts = Vec::with_capacity(n + 1);
    for i in 0..n {
        let t = std::f64::consts::TAU * (i as f64 + 0.5 * rng.f64()) / n as f64;
        let r = rng.range(r_min, r_max);
        // round to the millimetre, as real data is
        pts.push(Coord {
            x: ((c.x + r * t.cos()) * 1000.0).round() / 1000.0,
            y: ((c.y + r * t.sin()) * 1000.0).round() / 1000.0,
        });
    }
    pts.push(pts[0]);
    Polygon::new(LineString(pts), vec![])
}

/// Vertex count: most 5–60, skewed to small.
fn vertex_count(rng: &mut Rng) -> usize {
    let u = rng.f64();
    5 + (55.0 * u * u) as usize
}

/// The synthetic regeling.
pub fn plan(cfg: &SynthConfig) -> PlanVersie {
    let mut rng = Rng::new(cfg.seed);
    let n_act = 100usize;
    let activiteiten: Vec<Activiteit> = (0..n_act)
        .map(|i| Activiteit {
            id: format!("nl.imow-gm9999.activiteit.{i:06}"),
            naam: format!("synthetische activiteit {i}"),
            groep: Some("BouwactiviteitRuimtelijk".into()),
            bovenliggende: if i < 10 {
                Some("nl.imow-mnre1034.activiteit.BouwactiviteitRuimtelijk".into())
            } else {
                Some(format!("nl.imow-gm9999.activiteit.{:06}", i % 10))
            },
        })
        .collect();
    let mut locaties = Vec::with_capacity(cfg.locaties);
    let mut normen = Vec::with_capacity(cfg.locaties);
    for i in 0..cfg.locaties {
        let c = random_point(&mut rng);
        let poly = if i < cfg.heavy {
            let n = 5_000 + rng.below(15_000);
            star(&mut rng, c, n, 3_000.0, 12_000.0)
        } else {
            let n = vertex_count(&mut rng);
            let (r_min, r_max) = (rng.range(20.0, 150.0), rng.range(150.0, 400.0));
            star(&mut rng, c, n, r_min, r_max)
        };
        let id = format!("nl.imow-gm9999.gebied.{i:07}");
        locaties.push(Locatie {
            id: id.clone(),
            soort: LocatieSoort::Gebied,
            noemer: None,
            geometrie: Some(Geometry::Polygon(poly)),
            geometrie_id: None,
            leden: Vec::new(),
            ambtsgebied: None,
        });
        normen.push(Norm {
            id: format!("nl.imow-gm9999.normwaarde.{i:07}"),
            norm_id: "nl.imow-gm9999.omgevingsnorm.bouwhoogte".into(),
            soort: NormSoort::Omgevingsnorm,
            type_: "MaximumBouwhoogte".into(),
            naam: "maximum bouwhoogte".into(),
            waarde: Some((6 + rng.below(25)) as f64),
            kwalitatieve_waarde: None,
            waarde_in_regeltekst: None,
            eenheid: Some("m".into()),
            groep: None,
            locaties: vec![id.as_str().into()],
            regeltekst: Some("nl.imow-gm9999.regeltekst.000000".into()),
        });
    }
    let n_art = 1_000usize;
    let artikelen: Vec<Artikel> = (0..n_art)
        .map(|i| Artikel {
            wid: format!("gm9999_1__art_{i}"),
            eid: format!("art_{i}"),
            nummer: format!("{}.{}", i / 100 + 1, i % 100 + 1),
            opschrift: Some(format!("Synthetisch artikel {i}")),
            tekst: "Het is verboden zonder omgevingsvergunning een synthetische activiteit te verrichten.".into(),
            leden: Vec::new(),
            toelichting: None,
            informatieobjecten: Vec::new(),
        })
        .collect();
    let regelteksten: Vec<Regeltekst> = (0..n_art)
        .map(|i| Regeltekst {
            id: format!("nl.imow-gm9999.regeltekst.{i:06}"),
            wid: format!("gm9999_1__art_{i}"),
            artikel_wid: format!("gm9999_1__art_{i}"),
        })
        .collect();
    let kw =
        [Kwalificatie::Vergunningplicht, Kwalificatie::Meldingsplicht, Kwalificatie::Toegestaan, Kwalificatie::Verbod];
    let per_regel = 100usize;
    let juridische_regels: Vec<JuridischeRegel> = (0..cfg.locaties.div_ceil(per_regel))
        .map(|r| {
            let locs: Vec<Tekst> = (r * per_regel..((r + 1) * per_regel).min(cfg.locaties))
                .map(|i| format!("nl.imow-gm9999.gebied.{i:07}").into())
                .collect();
            JuridischeRegel {
                id: format!("nl.imow-gm9999.juridischeregel.{r:07}"),
                soort: RegelSoort::RegelVoorIedereen,
                regeltekst: format!("nl.imow-gm9999.regeltekst.{:06}", r % n_art),
                locaties: locs.clone(),
                activiteiten: vec![ActiviteitLocatieaanduiding {
                    id: format!("nl.imow-gm9999.activiteitlocatieaanduiding.{r:07}"),
                    activiteit: activiteiten[r % n_act].id.clone(),
                    kwalificatie: kw[r % kw.len()].clone(),
                    locaties: locs,
                }],
                gebiedsaanwijzingen: Vec::new(),
                omgevingsnormen: vec!["nl.imow-gm9999.omgevingsnorm.bouwhoogte".into()],
                omgevingswaarden: Vec::new(),
            }
        })
        .collect();
    PlanVersie {
        id: "/akn/nl/act/gm9999/2024/synthetisch".into(),
        versie: "nld@1".into(),
        titel: "Synthetisch omgevingsplan (benchmark)".into(),
        bevoegd_gezag: BevoegdGezag { code: "gm9999".into(), naam: Some("Synthetica".into()) },
        soort: PlanSoort::Imow,
        bron: Bron { formaat: "synth".into(), bestanden: Vec::new() },
        regelingsgebied: Vec::new(),
        artikelen,
        regelteksten,
        juridische_regels,
        locaties,
        activiteiten,
        gebiedsaanwijzingen: Vec::new(),
        normen,
        planobjecten: Vec::new(),
        informatieobjecten: Vec::new(),
    }
}

/// Synthetic panden: small rotated rectangles and irregular footprints (4–12 vertices).
pub fn panden(cfg: &SynthConfig) -> Vec<Pand> {
    panden_stroom(cfg).collect()
}

/// The panden of [`panden`] one at a time, made as they are asked (a national set without holding it).
pub fn panden_stroom(cfg: &SynthConfig) -> impl Iterator<Item = Pand> + use<> {
    let mut rng = Rng::new(cfg.seed ^ 0xBA6);
    (0..cfg.panden).map(move |i| {
        let c = random_point(&mut rng);
        let geometrie = if rng.f64() < 0.7 {
            let (w, h, a) = (rng.range(4.0, 15.0), rng.range(4.0, 12.0), rng.range(0.0, std::f64::consts::PI));
            let (s, co) = a.sin_cos();
            // rounded to the millimetre, as real data is
            let mm = |v: f64| (v * 1000.0).round() / 1000.0;
            let corner = |dx: f64, dy: f64| Coord { x: mm(c.x + dx * co - dy * s), y: mm(c.y + dx * s + dy * co) };
            let ring = vec![corner(-w, -h), corner(w, -h), corner(w, h), corner(-w, h), corner(-w, -h)];
            Polygon::new(LineString(ring), vec![])
        } else {
            let n = 6 + rng.below(7);
            star(&mut rng, c, n, 4.0, 12.0)
        };
        Pand {
            identificatie: format!("9999100{i:09}"),
            bouwjaar: Some(1850 + rng.below(175) as i32),
            status: "Pand in gebruik".into(),
            geometrie,
            voorkomen: None,
        }
    })
}

/// Synthetic BRK percelen, 7 for every 10 panden: irregular parcels (5–14 vertices, 10–60 m across) with a
/// kadastrale aanduiding (about 1,000 kadastrale gemeenten, sections A–Z), grootte and plaatscoördinaten.
pub fn percelen(cfg: &SynthConfig) -> Vec<Perceel> {
    percelen_stroom(cfg).collect()
}

/// The percelen of [`percelen`] one at a time, made as they are asked (a national BRK without holding it).
pub fn percelen_stroom(cfg: &SynthConfig) -> impl Iterator<Item = Perceel> + use<> {
    let mut rng = Rng::new(cfg.seed ^ 0xB4C);
    (0..cfg.panden * 7 / 10).map(move |i| {
        let c = random_point(&mut rng);
        let n = 5 + rng.below(10);
        let (r_min, r_max) = (rng.range(5.0, 15.0), rng.range(15.0, 30.0));
        let geometrie = star(&mut rng, c, n, r_min, r_max);
        let gemeente = rng.below(1_000);
        let sectie = char::from(b'A' + rng.below(26) as u8);
        Perceel {
            identificatie: format!("NL.IMKAD.KadastraalObject.{:014}", 50_000_000_000_000u64 + i as u64),
            kadastrale_aanduiding: KadastraleAanduiding {
                kadastrale_gemeente_code: format!("{:03}", gemeente + 1),
                kadastrale_gemeente: Some(format!("Synthgem {gemeente}")),
                sectie: sectie.to_string(),
                perceelnummer: (1 + rng.below(9_999)).to_string(),
                akr_code: Some(format!("SYN{gemeente:02}")),
            },
            kadastrale_grootte: Some(rng.range(50.0, 2_000.0).round()),
            geometrie,
            plaatscoordinaten: Some(geo_types::Point(c)),
        }
    })
}

/// Synthetic BAG addresses, one per pand: a verblijfsobject at the first corner of the pand's footprint with a
/// nummeraanduiding (postcode by 1 km cell, house numbers counting up per postcode, every seventh with a huisletter,
/// every thirteenth with a toevoeging) on one of about 250,000 openbare ruimten.
pub fn adressen(
    cfg: &SynthConfig,
    panden: &[Pand],
) -> (Vec<Verblijfsobject>, Vec<Nummeraanduiding>, Vec<OpenbareRuimte>) {
    let straten = straten(panden.len());
    let mut adres = Adressen::new(cfg, straten.len());
    let mut vbos = Vec::with_capacity(panden.len());
    let mut nummers = Vec::with_capacity(panden.len());
    for (i, p) in panden.iter().enumerate() {
        if let Some((n, v)) = adres.van(&straten, i, p) {
            nummers.push(n);
            vbos.push(v);
        }
    }
    (vbos, nummers, straten)
}

/// The BAG of [`panden`] and [`adressen`] one object at a time, made as they are asked, as a BAG extract streams in:
/// the openbare ruimten, then per pand its nummeraanduiding, its verblijfsobject and the pand.
pub fn bag_stroom(cfg: &SynthConfig) -> impl Iterator<Item = BagObject> + use<> {
    let straten = straten(cfg.panden);
    let mut adres = Adressen::new(cfg, straten.len());
    let eerst: Vec<BagObject> = straten.iter().cloned().map(BagObject::OpenbareRuimte).collect();
    eerst.into_iter().chain(panden_stroom(cfg).enumerate().flat_map(move |(i, p)| {
        let adres = adres.van(&straten, i, &p);
        let (n, v) = adres.map_or((None, None), |(n, v)| (Some(n), Some(v)));
        [n.map(BagObject::Nummeraanduiding), v.map(BagObject::Verblijfsobject), Some(BagObject::Pand(p))]
            .into_iter()
            .flatten()
    }))
}

/// About one openbare ruimte per 40 panden.
fn straten(panden: usize) -> Vec<OpenbareRuimte> {
    (0..(panden / 40).max(1))
        .map(|i| OpenbareRuimte {
            identificatie: format!("9999300{i:09}"),
            naam: format!("Synthetische {} {i}", ["straat", "laan", "weg", "gracht", "plein"][i % 5]),
            type_: Some("Weg".into()),
            voorkomen: None,
        })
        .collect()
}

/// Makes the address of one pand after the other.
struct Adressen {
    rng: Rng,
    n_straten: usize,
    volgnummer: std::collections::HashMap<u32, u32>,
}

impl Adressen {
    fn new(cfg: &SynthConfig, n_straten: usize) -> Self {
        Adressen { rng: Rng::new(cfg.seed ^ 0xAD5), n_straten, volgnummer: Default::default() }
    }

    /// The nummeraanduiding and verblijfsobject of pand `i` (none for a pand without a footprint).
    fn van(&mut self, straten: &[OpenbareRuimte], i: usize, p: &Pand) -> Option<(Nummeraanduiding, Verblijfsobject)> {
        let &c = p.geometrie.exterior().0.first()?;
        let rng = &mut self.rng;
        // a postcode per 1 km cell: 4 digits 1000–9999 and 2 letters
        let cel = ((c.x / 1_000.0) as u32) * 1_000 + (c.y / 1_000.0) as u32;
        let code = cel % (9_000 * 676);
        let postcode = format!(
            "{}{}{}",
            1_000 + code / 676,
            char::from(b'A' + (code % 676 / 26) as u8),
            char::from(b'A' + (code % 26) as u8)
        );
        let huisnummer = {
            let n = self.volgnummer.entry(cel).or_insert(0);
            *n += 1;
            *n
        };
        let id = format!("9999200{i:09}");
        let nummer = Nummeraanduiding {
            identificatie: id.clone(),
            postcode: Some(postcode),
            huisnummer: Some(huisnummer),
            huisletter: (i % 7 == 3).then(|| "A".to_string()),
            toevoeging: (i % 13 == 5).then(|| (1 + rng.below(3)).to_string()),
            openbare_ruimte: Some(straten[(cel as usize * 7 + rng.below(3)) % self.n_straten].identificatie.clone()),
            type_adresseerbaar_object: None,
            voorkomen: None,
        };
        let vbo = Verblijfsobject {
            identificatie: format!("9999010{i:09}"),
            gebruiksdoelen: Vec::new(),
            oppervlakte: Some(40 + rng.below(160) as u32),
            status: "Verblijfsobject in gebruik".into(),
            punt: Some(geo_types::Point(c)),
            panden: Vec::new(),
            hoofdadres: Some(id),
            nevenadressen: Vec::new(),
            voorkomen: None,
        };
        Some((nummer, vbo))
    }
}

/// The synthetic BAG of [`bag_stroom`] as two extracts with history, for the oracle tests of the streaming builders:
/// in the first, objects with an ended voorkomen before the current one, a lower or an equal voorkomen after it, a
/// higher but ended one after it, only an ended one, or none at all; in the second (in reverse order), every fourth
/// object again, changed, with a lower voorkomen (the later extract wins all the same). What is not kept is always
/// the changed version (another footprint, point, number or name), so a wrong choice shows.
pub fn bag_met_historie(cfg: &SynthConfig) -> Vec<Vec<BagObject>> {
    let (mut eerste, mut tweede) = (Vec::new(), Vec::new());
    // the how-manieth object of its kind: every kind gets every case
    let mut tel = [0usize; 4];
    for o in bag_stroom(cfg) {
        let soort = match &o {
            BagObject::Pand(_) => 0,
            BagObject::Verblijfsobject(_) => 1,
            BagObject::Nummeraanduiding(_) => 2,
            BagObject::OpenbareRuimte(_) => 3,
        };
        let i = tel[soort];
        tel[soort] += 1;
        let met = |o: &BagObject, nr: u32, eind: bool| {
            let mut o = o.clone();
            *voorkomen_van(&mut o) = Some(Voorkomen {
                voorkomenidentificatie: nr,
                begin_geldigheid: Some(format!("20{:02}-01-01", 10 + nr)),
                eind_geldigheid: eind.then(|| "2030-01-01".to_string()),
            });
            o
        };
        let anders = gewijzigd(&o);
        match i % 6 {
            0 => eerste.extend([met(&anders, 1, true), met(&o, 2, false)]),
            1 => eerste.extend([met(&o, 2, false), met(&anders, 1, false)]),
            2 => eerste.extend([met(&o, 1, false), met(&anders, 1, false)]),
            3 => eerste.extend([met(&o, 1, false), met(&anders, 3, true)]),
            4 => eerste.push(met(&o, 1, true)),
            _ => eerste.push(o),
        }
        if i % 4 == 1 {
            tweede.push(met(&anders, 1, false));
        }
    }
    tweede.reverse();
    vec![eerste, tweede]
}

fn voorkomen_van(o: &mut BagObject) -> &mut Option<Voorkomen> {
    match o {
        BagObject::Pand(p) => &mut p.voorkomen,
        BagObject::Verblijfsobject(v) => &mut v.voorkomen,
        BagObject::Nummeraanduiding(n) => &mut n.voorkomen,
        BagObject::OpenbareRuimte(o) => &mut o.voorkomen,
    }
}

/// Another version of the same object.
fn gewijzigd(o: &BagObject) -> BagObject {
    let mut o = o.clone();
    match &mut o {
        BagObject::Pand(p) => {
            p.bouwjaar = Some(1800);
            p.status = "Pand gesloopt".into();
            p.geometrie.exterior_mut(|r| r.0.iter_mut().for_each(|c| c.x += 1.0));
        }
        BagObject::Verblijfsobject(v) => v.punt = v.punt.map(|p| geo_types::Point::new(p.x() + 2.0, p.y())),
        BagObject::Nummeraanduiding(n) => {
            n.huisnummer = n.huisnummer.map(|h| h + 1_000);
            n.huisletter = Some("Z".into());
        }
        BagObject::OpenbareRuimte(o) => o.naam.push_str(" (oud)"),
    }
    o
}

/// What the BAG rules keep of extracts, written out plainly (the oracle for the streaming builders): per extract of
/// each object the current voorkomen (no eindGeldigheid; the highest voorkomenidentificatie, the first of equals),
/// in the order the kept voorkomens came; of an object in several extracts the later extract's, in the order of
/// their last appearance.
pub fn bag_huidig(extracten: &[Vec<BagObject>]) -> Vec<BagObject> {
    let sleutel = |o: &BagObject| -> (u8, String) {
        match o {
            BagObject::Pand(p) => (0, p.identificatie.clone()),
            BagObject::Verblijfsobject(v) => (1, v.identificatie.clone()),
            BagObject::Nummeraanduiding(n) => (2, n.identificatie.clone()),
            BagObject::OpenbareRuimte(o) => (3, o.identificatie.clone()),
        }
    };
    let mut alle = Vec::new();
    for extract in extracten {
        let mut best: std::collections::HashMap<(u8, String), (usize, u32)> = Default::default();
        for (i, o) in extract.iter().enumerate() {
            let v = voorkomen_van(&mut o.clone()).clone();
            if v.as_ref().is_some_and(|v| v.eind_geldigheid.is_some()) {
                continue;
            }
            let nr = v.map_or(0, |v| v.voorkomenidentificatie);
            let e = best.entry(sleutel(o)).or_insert((i, nr));
            if nr > e.1 {
                *e = (i, nr);
            }
        }
        let mut kept: Vec<usize> = best.into_values().map(|(i, _)| i).collect();
        kept.sort_unstable();
        alle.extend(kept.into_iter().map(|i| extract[i].clone()));
    }
    let mut gezien = std::collections::HashSet::new();
    let mut uniek: Vec<BagObject> = alle.into_iter().rev().filter(|o| gezien.insert(sleutel(o))).collect();
    uniek.reverse();
    uniek
}
