//! The address book from the BAG: postcode + huisnummer (or street + number) → the verblijfsobject's point, with
//! suggestions while typing, and the addresses near a place (a packed R-tree over their points). Built once per
//! loaded BAG, searched in memory.

use stip_geo::RdPoint;
use stip_geo::rd::{naar_mm, uit_mm};
use stip_regels::import::bag::{BagObject, Voorkomens};
use stip_regels::model::{Nummeraanduiding, OpenbareRuimte, Verblijfsobject};
use stip_regels::objecten::{GEEN, Hernummering, Namen, Sleutel, SleutelMap, Sleutelaar};

/// One address with the place of its verblijfsobject (as the API answers it).
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Adres {
    /// As people write it: "Kerkstraat 12A, 6981 AB" (without street when the BAG extract has no openbare ruimte).
    pub weergave: String,
    pub postcode: String,
    pub huisnummer: u32,
    pub huisletter: Option<String>,
    pub toevoeging: Option<String>,
    pub straat: Option<String>,
    #[serde(skip)]
    #[schema(ignore)]
    pub punt: RdPoint,
    /// RD New
    pub x: f64,
    pub y: f64,
    /// WGS84
    pub lon: f64,
    pub lat: f64,
}

impl Adres {
    /// The house number as written on the door: "12", "12A", "12A-2".
    pub fn nummer(&self) -> String {
        huisnummer_tekst(self.huisnummer, self.huisletter.as_deref(), self.toevoeging.as_deref())
    }
}

fn huisnummer_tekst(huisnummer: u32, huisletter: Option<&str>, toevoeging: Option<&str>) -> String {
    format!("{huisnummer}{}{}", huisletter.unwrap_or(""), toevoeging.map(|t| format!("-{t}")).unwrap_or_default())
}

/// Every address with a known place, sorted by postcode and number, with their points indexed. Held compactly: per
/// address a few numbers (postcode, street and letters interned) and its RD point; the [`Adres`] (its text, its
/// WGS84 place) is made when asked.
#[derive(Debug, Default)]
pub struct Adresboek {
    /// Into `postcodes`.
    postcode: Vec<u32>,
    huisnummer: Vec<u32>,
    /// Into `teksten`; `GEEN` for none.
    huisletter: Vec<u32>,
    toevoeging: Vec<u32>,
    /// Into `straten`; `GEEN` for none.
    straat: Vec<u32>,
    /// RD New in whole millimetres (as the BAG gives a verblijfsobject's point; finer input is rounded to the
    /// millimetre), half the bytes of `f64`.
    xy: Vec<[i32; 2]>,
    postcodes: Namen,
    straten: Namen,
    teksten: Namen,
    /// Item `i` is address `i`'s point.
    plekken: stip_geo::BoxIndex,
}

/// The arrays of an [`Adresboek`], to write out and read back.
#[derive(Debug, Default)]
pub struct AdresboekParts {
    pub postcode: Vec<u32>,
    pub huisnummer: Vec<u32>,
    pub huisletter: Vec<u32>,
    pub toevoeging: Vec<u32>,
    pub straat: Vec<u32>,
    pub xy: Vec<[i32; 2]>,
    pub postcodes: Vec<String>,
    pub straten: Vec<String>,
    pub teksten: Vec<String>,
    pub boxes: Vec<[f32; 4]>,
    pub levels: Vec<u64>,
    pub ids: Vec<u32>,
}

/// One address while building: (postcode, huisnummer, huisletter, toevoeging, straat, point).
type Rij = (u32, u32, u32, u32, u32, RdPoint);

/// No point (none, or not in RD).
const GEEN_PUNT: [i32; 2] = [i32::MIN, i32::MIN];

/// A nummeraanduiding while building, compact: texts in the builder's `teksten`, `GEEN` for none.
#[derive(Debug, Clone, Copy)]
struct Nummer {
    id: Sleutel,
    /// Without spaces, upper case.
    postcode: u32,
    huisnummer: Option<u32>,
    huisletter: u32,
    toevoeging: u32,
    straat: Option<Sleutel>,
}

/// An [`Adresboek`] built one BAG object at a time — verblijfsobjecten, nummeraanduidingen and openbare ruimten in
/// any order, from one or more extracts (each started with [`Self::volgend_extract`]) — holding only what the book
/// needs of them, compact (ids as numbers, points in whole millimetres, texts interned). Of each object the
/// voorkomen the rules of [`Voorkomens`] keep (the later extract's where two hold one) counts: the same book as
/// [`Adresboek::bouw`] of the objects `bag::import` keeps.
#[derive(Debug, Default)]
pub struct AdresboekBuilder {
    ids: Sleutelaar,
    teksten: Namen,
    vbos: Voorkomens,
    /// Per verblijfsobject (place): its point in whole millimetres (`GEEN_PUNT`: none, or not in RD) and its
    /// addresses (hoofdadres first) as a range in `adressen`.
    vbo: Vec<([i32; 2], [u32; 2])>,
    adressen: Vec<Sleutel>,
    nummers: Voorkomens,
    nummer: Vec<Nummer>,
    straten: Voorkomens,
    /// Per openbare ruimte: its id and its naam in `teksten`.
    straat: Vec<(Sleutel, u32)>,
}

impl AdresboekBuilder {
    /// Every object given counts, each as its own (as [`Adresboek::bouw`] takes them).
    fn alle() -> Self {
        AdresboekBuilder {
            vbos: Voorkomens::alle(),
            nummers: Voorkomens::alle(),
            straten: Voorkomens::alle(),
            ..Default::default()
        }
    }

    /// What follows comes from the next extract: it wins over what came before.
    pub fn volgend_extract(&mut self) {
        self.vbos.volgend_extract();
        self.nummers.volgend_extract();
        self.straten.volgend_extract();
    }

    /// Takes in one BAG object (a pand is not the book's).
    pub fn push(&mut self, o: &BagObject) {
        match o {
            BagObject::Verblijfsobject(v) => self.verblijfsobject(v),
            BagObject::Nummeraanduiding(n) => self.nummeraanduiding(n),
            BagObject::OpenbareRuimte(o) => self.openbare_ruimte(o),
            BagObject::Pand(_) => {}
        }
    }

    fn verblijfsobject(&mut self, v: &Verblijfsobject) {
        let id = self.ids.sleutel(&v.identificatie);
        let Some(plek) = self.vbos.plek(id, v.voorkomen.as_ref()) else { return };
        // kept in whole millimetres (see `Adresboek::xy`), within the RD box
        let punt = v
            .punt
            .and_then(|p| {
                let mm = [naar_mm(p.x())?, naar_mm(p.y())?];
                RdPoint::new(uit_mm(mm[0]), uit_mm(mm[1])).ok().map(|_| mm)
            })
            .unwrap_or(GEEN_PUNT);
        let van = u32::try_from(self.adressen.len()).expect("at most u32::MAX addresses");
        for a in v.hoofdadres.iter().chain(&v.nevenadressen) {
            let a = self.ids.sleutel(a);
            self.adressen.push(a);
        }
        let tot = u32::try_from(self.adressen.len()).expect("at most u32::MAX addresses");
        plek.zet(&mut self.vbo, (punt, [van, tot]));
    }

    fn nummeraanduiding(&mut self, n: &Nummeraanduiding) {
        let id = self.ids.sleutel(&n.identificatie);
        let Some(plek) = self.nummers.plek(id, n.voorkomen.as_ref()) else { return };
        let t = &mut self.teksten;
        let postcode = n.postcode.as_deref().map(|p| p.replace(' ', "").to_uppercase());
        let nummer = Nummer {
            id,
            postcode: t.optie(postcode.as_deref()),
            huisnummer: n.huisnummer,
            huisletter: t.optie(n.huisletter.as_deref()),
            toevoeging: t.optie(n.toevoeging.as_deref()),
            straat: n.openbare_ruimte.as_deref().map(|s| self.ids.sleutel(s)),
        };
        plek.zet(&mut self.nummer, nummer);
    }

    fn openbare_ruimte(&mut self, o: &OpenbareRuimte) {
        let id = self.ids.sleutel(&o.identificatie);
        let Some(plek) = self.straten.plek(id, o.voorkomen.as_ref()) else { return };
        let naam = self.teksten.nummer(&o.naam);
        plek.zet(&mut self.straat, (id, naam));
    }

    /// Links the nummeraanduidingen to the verblijfsobjecten that have them as hoofd- or nevenadres (of two, the
    /// later in order); addresses without a located verblijfsobject, a postcode or a huisnummer are left out (they
    /// cannot be shown on the map or found), and the same address twice is one.
    pub fn finish(self) -> Adresboek {
        let AdresboekBuilder { teksten, vbos, vbo, adressen, nummers, nummer, straten, straat, .. } = self;
        let straatnaam: SleutelMap<u32> = straten.volgorde().into_iter().map(|i| straat[i as usize]).collect();
        drop((straten, straat));
        let mut punt_van: SleutelMap<[i32; 2]> = SleutelMap::default();
        for i in vbos.volgorde() {
            let (punt, [van, tot]) = vbo[i as usize];
            if punt == GEEN_PUNT {
                continue;
            }
            for a in &adressen[van as usize..tot as usize] {
                punt_van.insert(*a, punt);
            }
        }
        drop((vbos, vbo, adressen));
        let volgorde = nummers.volgorde();
        drop(nummers);
        let mut boek = Adresboek::default();
        // the builder's text numbers to the book's postcodes, letters and streets
        let mut naar = [(); 3].map(|_| Hernummering::new(&teksten));
        let mut rijen: Vec<Rij> = volgorde
            .into_iter()
            .filter_map(|i| {
                let n = &nummer[i as usize];
                let [x, y] = *punt_van.get(&n.id)?;
                let punt = RdPoint::new(uit_mm(x), uit_mm(y)).ok()?;
                if n.postcode == GEEN {
                    return None;
                }
                let huisnummer = n.huisnummer?;
                stip_geo::transform::rd_to_wgs84(punt).ok()?;
                let straat = n.straat.and_then(|s| straatnaam.get(&s)).copied().unwrap_or(GEEN);
                Some((
                    naar[0].nummer(&mut boek.postcodes, n.postcode),
                    huisnummer,
                    naar[1].nummer(&mut boek.teksten, n.huisletter),
                    naar[1].nummer(&mut boek.teksten, n.toevoeging),
                    naar[2].nummer(&mut boek.straten, straat),
                    punt,
                ))
            })
            .collect();
        drop(naar);
        drop((punt_van, nummer, straatnaam, teksten));
        let weergave = |r: &Rij| boek.weergave(r.0, r.1, r.2, r.3, r.4);
        // by postcode text: each distinct postcode's rank among them, so that rows compare as two numbers
        let mut op_tekst: Vec<u32> = (0..boek.postcodes.namen().len() as u32).collect();
        op_tekst.sort_unstable_by(|&a, &b| boek.postcodes.naam(a).cmp(boek.postcodes.naam(b)));
        let mut rang = vec![0u32; op_tekst.len()];
        for (r, &p) in op_tekst.iter().enumerate() {
            rang[p as usize] = r as u32;
        }
        rijen.sort_by(|a, b| {
            (rang[a.0 as usize], a.1).cmp(&(rang[b.0 as usize], b.1)).then_with(|| weergave(a).cmp(&weergave(b)))
        });
        drop((op_tekst, rang));
        // the same text twice is one address (postcode and number are in the text)
        rijen.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1 && weergave(a) == weergave(b));
        boek.postcode = rijen.iter().map(|r| r.0).collect();
        boek.huisnummer = rijen.iter().map(|r| r.1).collect();
        boek.huisletter = rijen.iter().map(|r| r.2).collect();
        boek.toevoeging = rijen.iter().map(|r| r.3).collect();
        boek.straat = rijen.iter().map(|r| r.4).collect();
        // whole millimetres already (see `verblijfsobject`), within the RD box
        boek.xy = rijen.iter().map(|r| [r.5.x(), r.5.y()].map(|v| naar_mm(v).unwrap_or_default())).collect();
        drop(rijen);
        boek.postcodes.klaar();
        boek.straten.klaar();
        boek.teksten.klaar();
        boek.plekken = stip_geo::BoxIndex::new((0..boek.xy.len()).map(|i| {
            let [x, y] = boek.punt_xy(i);
            geo_types::Rect::new((x, y), (x, y))
        }));
        boek
    }
}

impl Adresboek {
    /// The book of exactly these objects, each taken as given (see [`AdresboekBuilder::finish`]); a BAG as it
    /// streams in goes through [`AdresboekBuilder`] itself.
    pub fn bouw(vbos: &[Verblijfsobject], nummers: &[Nummeraanduiding], straten: &[OpenbareRuimte]) -> Adresboek {
        let mut builder = AdresboekBuilder::alle();
        for v in vbos {
            builder.verblijfsobject(v);
        }
        for n in nummers {
            builder.nummeraanduiding(n);
        }
        for o in straten {
            builder.openbare_ruimte(o);
        }
        builder.finish()
    }

    /// The point of address `i` (RD New, metres).
    fn punt_xy(&self, i: usize) -> [f64; 2] {
        self.xy[i].map(uit_mm)
    }

    /// As people write it: "Kerkstraat 12A, 6981 AB" (without street when the BAG extract has no openbare ruimte).
    fn weergave(&self, postcode: u32, huisnummer: u32, huisletter: u32, toevoeging: u32, straat: u32) -> String {
        let postcode = self.postcodes.naam(postcode);
        let letter = (huisletter != GEEN).then(|| self.teksten.naam(huisletter));
        let toevoeging = (toevoeging != GEEN).then(|| self.teksten.naam(toevoeging));
        let nummer = huisnummer_tekst(huisnummer, letter, toevoeging);
        let pc = if postcode.len() == 6 && postcode.is_char_boundary(4) {
            format!("{} {}", &postcode[..4], &postcode[4..])
        } else {
            postcode.to_string()
        };
        match straat {
            GEEN => format!("{pc} {nummer}"),
            s => format!("{} {nummer}, {pc}", self.straten.naam(s)),
        }
    }

    /// Address `i` as the API answers it.
    fn adres(&self, i: usize) -> Adres {
        let [x, y] = self.punt_xy(i);
        // both held when the address was taken in
        let punt = RdPoint::new(x, y).expect("a checked RD point");
        let wgs84 = stip_geo::transform::rd_to_wgs84(punt).expect("a point that converted before");
        Adres {
            weergave: self.weergave(
                self.postcode[i],
                self.huisnummer[i],
                self.huisletter[i],
                self.toevoeging[i],
                self.straat[i],
            ),
            postcode: self.postcodes.naam(self.postcode[i]).to_string(),
            huisnummer: self.huisnummer[i],
            huisletter: self.teksten.naam_optie(self.huisletter[i]),
            toevoeging: self.teksten.naam_optie(self.toevoeging[i]),
            straat: self.straten.naam_optie(self.straat[i]),
            punt,
            x,
            y,
            lon: wgs84.lon(),
            lat: wgs84.lat(),
        }
    }

    pub fn len(&self) -> usize {
        self.xy.len()
    }

    pub fn is_empty(&self) -> bool {
        self.xy.is_empty()
    }

    /// The address nearest to `p` within `max_m` metres: how a page names a place, and an application its
    /// address. Ties go to the first in postcode order.
    pub fn dichtstbij(&self, p: RdPoint, max_m: f64) -> Option<Adres> {
        let afstand = |i: usize| {
            let [x, y] = self.punt_xy(i);
            (x - p.x()).hypot(y - p.y())
        };
        self.nummers_binnen([p.x() - max_m, p.y() - max_m, p.x() + max_m, p.y() + max_m])
            .into_iter()
            .filter(|&i| afstand(i) <= max_m)
            .map(|i| (afstand(i), self.adres(i)))
            .min_by(|(da, a), (db, b)| da.total_cmp(db).then_with(|| a.weergave.cmp(&b.weergave)))
            .map(|(_, a)| a)
    }

    /// Every address in the box `[minx, miny, maxx, maxy]` (RD New), in postcode order: the neighbours of a plan,
    /// the house numbers on a map.
    pub fn binnen(&self, vak: [f64; 4]) -> Vec<Adres> {
        self.nummers_binnen(vak).into_iter().map(|i| self.adres(i)).collect()
    }

    fn nummers_binnen(&self, [a, b, c, d]: [f64; 4]) -> Vec<usize> {
        let mut nummers = Vec::new();
        self.plekken.for_each_meeting(geo_types::Rect::new((a, b), (c, d)), |i| nummers.push(i as usize));
        nummers.sort_unstable();
        nummers.retain(|&i| {
            let [x, y] = self.punt_xy(i);
            x >= a && x <= c && y >= b && y <= d
        });
        nummers
    }

    /// Addresses matching what someone typed — "6981 AB 12", "6981ab12a", "Kerkstraat 12" — best first, at most `max`.
    /// A postcode alone, or a street alone, gives its first addresses as suggestions.
    pub fn zoek(&self, invoer: &str, max: usize) -> Vec<Adres> {
        let vraag = Vraag::lees(invoer);
        if vraag.is_leeg() {
            return Vec::new();
        }
        // the addresses are in postcode order: a postcode (or its start) is a range
        let (van, tot) = match &vraag.postcode {
            Some(pc) => {
                let van = self.postcode.partition_point(|&p| self.postcodes.naam(p) < pc.as_str());
                let tot =
                    van + self.postcode[van..].partition_point(|&p| self.postcodes.naam(p).starts_with(pc.as_str()));
                (van, tot)
            }
            None => (0, self.len()),
        };
        // the streets that fit, once per question rather than per address
        let straten: Option<Vec<bool>> = vraag
            .straat
            .as_ref()
            .map(|s| self.straten.namen().iter().map(|n| n.to_lowercase().starts_with(s.as_str())).collect());
        (van..tot)
            .filter(|&i| vraag.huisnummer.is_none_or(|n| self.huisnummer[i] == n))
            .filter(|&i| straten.as_ref().is_none_or(|ok| self.straat[i] != GEEN && ok[self.straat[i] as usize]))
            .map(|i| self.adres(i))
            .filter(|a| vraag.past(a))
            .take(max)
            .collect()
    }

    /// The arrays, copied out (to write them).
    pub fn to_parts(&self) -> AdresboekParts {
        let (boxes, levels, ids) = self.plekken.to_parts();
        AdresboekParts {
            postcode: self.postcode.clone(),
            huisnummer: self.huisnummer.clone(),
            huisletter: self.huisletter.clone(),
            toevoeging: self.toevoeging.clone(),
            straat: self.straat.clone(),
            xy: self.xy.clone(),
            postcodes: self.postcodes.namen().to_vec(),
            straten: self.straten.namen().to_vec(),
            teksten: self.teksten.namen().to_vec(),
            boxes,
            levels,
            ids,
        }
    }

    /// The address book from arrays of [`Self::to_parts`], without rebuilding its tree; an error when they do not
    /// fit together.
    pub fn from_parts(p: AdresboekParts) -> Result<Adresboek, String> {
        let boek = Adresboek {
            plekken: stip_geo::BoxIndex::from_parts(p.boxes, p.levels, p.ids)?,
            postcode: p.postcode,
            huisnummer: p.huisnummer,
            huisletter: p.huisletter,
            toevoeging: p.toevoeging,
            straat: p.straat,
            xy: p.xy,
            postcodes: Namen::uit(p.postcodes),
            straten: Namen::uit(p.straten),
            teksten: Namen::uit(p.teksten),
        };
        let n = boek.xy.len();
        let fits = [&boek.postcode, &boek.huisnummer, &boek.huisletter, &boek.toevoeging, &boek.straat]
            .iter()
            .all(|c| c.len() == n)
            && boek.plekken.len() == n
            && boek.postcode.iter().all(|&x| x != GEEN && boek.postcodes.geldig(x))
            && boek.straat.iter().all(|&x| boek.straten.geldig(x))
            && boek.huisletter.iter().chain(&boek.toevoeging).all(|&x| boek.teksten.geldig(x))
            // within the RD box (building the book kept only places that convert to WGS84; the snapshot's checksum
            // holds them as written, so converting 10 M points again would only slow a restart)
            && (0..n).all(|i| {
                let [x, y] = boek.punt_xy(i);
                RdPoint::new(x, y).is_ok()
            });
        if fits { Ok(boek) } else { Err("address book: the arrays do not fit together".into()) }
    }
}

/// Where a full Dutch postcode (4 digits, optional space, 2 letters) stands in `s`, as a byte range.
fn vind_postcode(s: &str) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    (0..b.len()).find_map(|i| {
        if i > 0 && b[i - 1].is_ascii_alphanumeric() {
            return None;
        }
        let digits = b.get(i..i + 4)?;
        if !digits.iter().all(u8::is_ascii_digit) || digits[0] == b'0' {
            return None;
        }
        let mut j = i + 4;
        if b.get(j) == Some(&b' ') {
            j += 1;
        }
        let letters = b.get(j..j + 2)?;
        let after_ok = b.get(j + 2).is_none_or(|c| !c.is_ascii_alphabetic());
        (letters.iter().all(u8::is_ascii_alphabetic) && after_ok).then_some((i, j + 2))
    })
}

/// What was typed, taken apart.
#[derive(Debug, Default, PartialEq)]
struct Vraag {
    /// A postcode or its first part (digits, maybe letters), without spaces, upper case.
    postcode: Option<String>,
    huisnummer: Option<u32>,
    huisletter: Option<String>,
    /// Words that are not a postcode or number: the street, lower case.
    straat: Option<String>,
}

impl Vraag {
    fn lees(invoer: &str) -> Vraag {
        let mut v = Vraag::default();
        let mut rest = invoer.to_uppercase().replace(',', " ");
        // A full postcode anywhere ("Kerkstraat 12, 6981 AB" as suggested, or "6981AB 12").
        if let Some((start, end)) = vind_postcode(&rest) {
            v.postcode = Some(rest[start..end].replace(' ', ""));
            rest.replace_range(start..end, " ");
        } else {
            // The first part of a postcode at the start: "6981" suggests that area.
            let compact: String = rest.chars().filter(|c| !c.is_whitespace()).collect();
            let digits: String = compact.chars().take_while(|c| c.is_ascii_digit()).collect();
            if digits.len() == 4 {
                v.postcode = Some(digits);
                Self::nummer(&compact[4..], &mut v);
                return v;
            }
        }
        let woorden: Vec<&str> = rest.split_whitespace().collect();
        let (straat, nummer): (Vec<&str>, Vec<&str>) =
            woorden.iter().partition(|w| !w.chars().next().is_some_and(|c| c.is_ascii_digit()));
        if !straat.is_empty() {
            v.straat = Some(straat.join(" ").to_lowercase());
        }
        if let Some(n) = nummer.first() {
            Self::nummer(n, &mut v);
        }
        v
    }

    fn nummer(s: &str, v: &mut Vraag) {
        let n: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
        v.huisnummer = n.parse().ok();
        let letter: String = s[n.len()..].chars().take_while(|c| c.is_ascii_alphabetic()).collect();
        if !letter.is_empty() {
            v.huisletter = Some(letter);
        }
    }

    fn is_leeg(&self) -> bool {
        self.postcode.is_none() && self.straat.is_none()
    }

    fn past(&self, a: &Adres) -> bool {
        self.postcode.as_ref().is_none_or(|pc| a.postcode.starts_with(pc.as_str()))
            && self
                .straat
                .as_ref()
                .is_none_or(|s| a.straat.as_ref().is_some_and(|st| st.to_lowercase().starts_with(s.as_str())))
            && self.huisnummer.is_none_or(|n| a.huisnummer == n)
            && self.huisletter.as_ref().is_none_or(|l| a.huisletter.as_ref().is_some_and(|h| h.eq_ignore_ascii_case(l)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::Point;

    fn boek() -> Adresboek {
        let vbo = |id: &str, adres: &str, x: f64| Verblijfsobject {
            identificatie: id.into(),
            gebruiksdoelen: vec!["woonfunctie".into()],
            oppervlakte: Some(80),
            status: "Verblijfsobject in gebruik".into(),
            punt: Some(Point::new(x, 444000.0)),
            panden: vec![],
            hoofdadres: Some(adres.into()),
            nevenadressen: vec![],
            voorkomen: None,
        };
        let num = |id: &str, pc: &str, nr: u32, letter: Option<&str>| Nummeraanduiding {
            identificatie: id.into(),
            postcode: Some(pc.into()),
            huisnummer: Some(nr),
            huisletter: letter.map(Into::into),
            toevoeging: None,
            openbare_ruimte: Some("or1".into()),
            type_adresseerbaar_object: None,
            voorkomen: None,
        };
        let straat =
            OpenbareRuimte { identificatie: "or1".into(), naam: "Kerkstraat".into(), type_: None, voorkomen: None };
        Adresboek::bouw(
            &[vbo("v1", "n1", 200000.0), vbo("v2", "n2", 200010.123), vbo("v3", "n3", 200020.0004)],
            &[
                num("n1", "6981AB", 12, None),
                num("n2", "6981AB", 12, Some("A")),
                num("n3", "6981AC", 3, None),
                num("n4", "6981AB", 14, None),
            ],
            &[straat],
        )
    }

    fn gelijk(a: &Adresboek, b: &Adresboek) {
        assert_eq!(format!("{:?}", a.to_parts()), format!("{:?}", b.to_parts()));
    }

    fn bouw_van(objecten: &[BagObject]) -> Adresboek {
        let (mut vbos, mut nummers, mut straten) = (Vec::new(), Vec::new(), Vec::new());
        for o in objecten {
            match o {
                BagObject::Verblijfsobject(v) => vbos.push(v.clone()),
                BagObject::Nummeraanduiding(n) => nummers.push(n.clone()),
                BagObject::OpenbareRuimte(o) => straten.push(o.clone()),
                BagObject::Pand(_) => {}
            }
        }
        Adresboek::bouw(&vbos, &nummers, &straten)
    }

    #[test]
    fn an_address_book_built_from_two_streamed_extracts_with_history_equals_the_book_of_what_the_plain_rules_keep() {
        let cfg = stip_regels::synth::SynthConfig { panden: 4_000, ..stip_regels::synth::SynthConfig::national(0.0) };
        let extracten = stip_regels::synth::bag_met_historie(&cfg);
        let mut builder = AdresboekBuilder::default();
        for extract in &extracten {
            builder.volgend_extract();
            extract.iter().for_each(|o| builder.push(o));
        }
        let gestroomd = builder.finish();
        let verwacht = bouw_van(&stip_regels::synth::bag_huidig(&extracten));
        assert!(verwacht.len() > 1_000 && verwacht.len() < cfg.panden, "{}", verwacht.len());
        gelijk(&gestroomd, &verwacht);
    }

    #[test]
    fn the_address_book_streamed_from_the_doesburg_extract_equals_the_book_of_its_import() {
        let Some(f) = std::env::var_os("STIP_FIXTURES").map(std::path::PathBuf::from) else { return };
        let dir = f.join("bag-brk/bag-doesburg-0221");
        let files: Vec<_> = ["0221VBO15092020-000001.xml", "0221NUM15092020-000001.xml"]
            .iter()
            .map(|n| (n.to_string(), std::fs::read(dir.join(n)).unwrap()))
            .collect();
        let mut builder = AdresboekBuilder::default();
        let limits = stip_regels::import::ZipLimits::PACKAGE;
        stip_regels::import::bag::stream(&files, &limits, None, &mut |o| builder.push(&o)).unwrap();
        let gestroomd = builder.finish();
        let e = stip_regels::import::bag::import(&files, Default::default(), None).unwrap();
        let verwacht = Adresboek::bouw(&e.verblijfsobjecten, &e.nummeraanduidingen, &e.openbare_ruimten);
        assert!(!verwacht.is_empty());
        gelijk(&gestroomd, &verwacht);
    }

    #[test]
    fn a_point_in_whole_millimetres_comes_back_exactly_and_a_finer_one_to_the_nearest_millimetre() {
        let b = boek();
        assert_eq!(b.zoek("6981AB 12A", 1)[0].punt, RdPoint::new(200010.123, 444000.0).unwrap(), "as the BAG gives it");
        assert_eq!(b.zoek("6981AC 3", 1)[0].punt, RdPoint::new(200020.0, 444000.0).unwrap(), "rounded");
        let terug = Adresboek::from_parts(b.to_parts()).expect("the parts fit");
        assert_eq!(terug.zoek("6981AB 12A", 1)[0].punt, b.zoek("6981AB 12A", 1)[0].punt);
    }

    #[test]
    fn postcode_and_number_find_the_address_however_they_are_typed() {
        let b = boek();
        for typed in ["6981 AB 12", "6981ab 12", " 6981AB, 12 ", "Kerkstraat 12, 6981 AB", "12 6981AB"] {
            let found: Vec<_> = b.zoek(typed, 10).iter().map(|a| a.weergave.clone()).collect();
            assert_eq!(found, ["Kerkstraat 12, 6981 AB", "Kerkstraat 12A, 6981 AB"], "{typed}");
        }
        assert_eq!(b.zoek("6981AB12a", 10)[0].weergave, "Kerkstraat 12A, 6981 AB");
    }

    #[test]
    fn a_street_and_number_find_the_address() {
        let b = boek();
        assert_eq!(b.zoek("kerkstr 3", 10)[0].postcode, "6981AC");
        assert_eq!(b.zoek("Kerkstraat", 10).len(), 3, "a street alone suggests its addresses");
    }

    #[test]
    fn an_address_without_a_located_verblijfsobject_is_not_offered() {
        assert!(boek().zoek("6981AB 14", 10).is_empty());
        assert_eq!(boek().len(), 3);
    }

    #[test]
    fn nothing_recognisable_finds_nothing() {
        assert!(boek().zoek("", 10).is_empty());
        assert!(boek().zoek("12", 10).is_empty());
    }

    #[test]
    fn the_nearest_address_and_the_addresses_in_a_box_come_from_the_index_as_a_scan_would_find_them() {
        let b = boek();
        let p = |x: f64| RdPoint::new(x, 444000.0).unwrap();
        assert_eq!(b.dichtstbij(p(200008.0), 5.0).map(|a| a.weergave), Some("Kerkstraat 12A, 6981 AB".into()));
        assert_eq!(b.dichtstbij(p(200004.0), 5.0).map(|a| a.weergave), Some("Kerkstraat 12, 6981 AB".into()));
        assert!(b.dichtstbij(p(200050.0), 20.0).is_none(), "nothing within 20 m");
        let in_doos: Vec<_> = b.binnen([200005.0, 443990.0, 200025.0, 444010.0]).iter().map(|a| a.huisnummer).collect();
        assert_eq!(in_doos, [12, 3], "postcode order: 12A then 3");
        assert!(b.binnen([0.0, 0.0, 1.0, 1.0]).is_empty());
    }
}
