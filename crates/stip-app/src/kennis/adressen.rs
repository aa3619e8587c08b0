//! The address book from the BAG: postcode + huisnummer (or street + number) → the verblijfsobject's point, with
//! suggestions while typing, and the addresses near a place (a packed R-tree over their points). Built once per
//! loaded BAG, searched in memory.

use std::collections::HashMap;
use stip_geo::RdPoint;
use stip_regels::model::{Nummeraanduiding, OpenbareRuimte, Verblijfsobject};

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

/// Every address with a known place, sorted by postcode and number, with their points indexed.
#[derive(Debug, Default)]
pub struct Adresboek {
    adressen: Vec<Adres>,
    /// Item `i` is `adressen[i]`'s point.
    plekken: stip_geo::BoxIndex,
}

impl Adresboek {
    /// Links nummeraanduidingen to the verblijfsobjecten that have them as hoofd- or nevenadres; addresses without a
    /// located verblijfsobject are left out (they cannot be shown on the map).
    pub fn bouw(vbos: &[Verblijfsobject], nummers: &[Nummeraanduiding], straten: &[OpenbareRuimte]) -> Adresboek {
        let straatnaam: HashMap<&str, &str> =
            straten.iter().map(|o| (o.identificatie.as_str(), o.naam.as_str())).collect();
        let mut punt_van: HashMap<&str, RdPoint> = HashMap::new();
        for v in vbos {
            let Some(p) = v.punt.and_then(|p| RdPoint::new(p.x(), p.y()).ok()) else { continue };
            for id in v.hoofdadres.iter().chain(v.nevenadressen.iter()) {
                punt_van.insert(id.as_str(), p);
            }
        }
        let mut adressen: Vec<Adres> = nummers
            .iter()
            .filter_map(|n| {
                let punt = *punt_van.get(n.identificatie.as_str())?;
                let postcode = n.postcode.clone()?.replace(' ', "").to_uppercase();
                let huisnummer = n.huisnummer?;
                let straat = n.openbare_ruimte.as_deref().and_then(|id| straatnaam.get(id)).map(|s| s.to_string());
                let nummer = huisnummer_tekst(huisnummer, n.huisletter.as_deref(), n.toevoeging.as_deref());
                let pc = if postcode.len() == 6 {
                    format!("{} {}", &postcode[..4], &postcode[4..])
                } else {
                    postcode.clone()
                };
                let weergave = match &straat {
                    Some(s) => format!("{s} {nummer}, {pc}"),
                    None => format!("{pc} {nummer}"),
                };
                let wgs84 = stip_geo::transform::rd_to_wgs84(punt).ok()?;
                Some(Adres {
                    weergave,
                    postcode,
                    huisnummer,
                    huisletter: n.huisletter.clone(),
                    toevoeging: n.toevoeging.clone(),
                    straat,
                    punt,
                    x: punt.x(),
                    y: punt.y(),
                    lon: wgs84.lon(),
                    lat: wgs84.lat(),
                })
            })
            .collect();
        adressen
            .sort_by(|a, b| (&a.postcode, a.huisnummer, &a.weergave).cmp(&(&b.postcode, b.huisnummer, &b.weergave)));
        adressen.dedup_by(|a, b| a.weergave == b.weergave);
        let plekken = stip_geo::BoxIndex::new(adressen.iter().map(|a| geo_types::Rect::new((a.x, a.y), (a.x, a.y))));
        Adresboek { adressen, plekken }
    }

    pub fn len(&self) -> usize {
        self.adressen.len()
    }

    pub fn is_empty(&self) -> bool {
        self.adressen.is_empty()
    }

    /// The address nearest to `p` within `max_m` metres: how a page names a place, and an application its
    /// address. Ties go to the first in postcode order.
    pub fn dichtstbij(&self, p: RdPoint, max_m: f64) -> Option<&Adres> {
        let afstand = |a: &Adres| (a.x - p.x()).hypot(a.y - p.y());
        self.binnen([p.x() - max_m, p.y() - max_m, p.x() + max_m, p.y() + max_m])
            .into_iter()
            .filter(|a| afstand(a) <= max_m)
            .min_by(|a, b| afstand(a).total_cmp(&afstand(b)).then_with(|| a.weergave.cmp(&b.weergave)))
    }

    /// Every address in the box `[minx, miny, maxx, maxy]` (RD New), in postcode order: the neighbours of a plan,
    /// the house numbers on a map.
    pub fn binnen(&self, [a, b, c, d]: [f64; 4]) -> Vec<&Adres> {
        let mut nummers = Vec::new();
        self.plekken.for_each_meeting(geo_types::Rect::new((a, b), (c, d)), |i| nummers.push(i as usize));
        nummers.sort_unstable();
        nummers
            .into_iter()
            .map(|i| &self.adressen[i])
            .filter(|x| x.x >= a && x.x <= c && x.y >= b && x.y <= d)
            .collect()
    }

    /// Addresses matching what someone typed — "6981 AB 12", "6981ab12a", "Kerkstraat 12" — best first, at most `max`.
    /// A postcode alone, or a street alone, gives its first addresses as suggestions.
    pub fn zoek(&self, invoer: &str, max: usize) -> Vec<&Adres> {
        let vraag = Vraag::lees(invoer);
        if vraag.is_leeg() {
            return Vec::new();
        }
        self.adressen.iter().filter(|a| vraag.past(a)).take(max).collect()
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
            &[vbo("v1", "n1", 200000.0), vbo("v2", "n2", 200010.0), vbo("v3", "n3", 200020.0)],
            &[
                num("n1", "6981AB", 12, None),
                num("n2", "6981AB", 12, Some("A")),
                num("n3", "6981AC", 3, None),
                num("n4", "6981AB", 14, None),
            ],
            &[straat],
        )
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
        assert_eq!(b.dichtstbij(p(200008.0), 5.0).map(|a| a.weergave.as_str()), Some("Kerkstraat 12A, 6981 AB"));
        assert_eq!(b.dichtstbij(p(200004.0), 5.0).map(|a| a.weergave.as_str()), Some("Kerkstraat 12, 6981 AB"));
        assert!(b.dichtstbij(p(200050.0), 20.0).is_none(), "nothing within 20 m");
        let in_doos: Vec<_> = b.binnen([200005.0, 443990.0, 200025.0, 444010.0]).iter().map(|a| a.huisnummer).collect();
        assert_eq!(in_doos, [12, 3], "postcode order: 12A then 3");
        assert!(b.binnen([0.0, 0.0, 1.0, 1.0]).is_empty());
    }
}
