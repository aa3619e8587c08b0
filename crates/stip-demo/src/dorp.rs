//! The layout of Voorbeeldstad: streets, plots (kavels) with their building and bouwvlak, and the plan's areas.
//! Plan, BAG and BRK are all drawn from this one description, so they fit together.

use geo_types::{Coord, LineString, Polygon};

/// The woonplaats (BAG) and its fictional code.
pub const WOONPLAATS: (&str, &str) = ("9999", "Voorbeeldstad");

/// The village's origin in RD New; every shape below is relative to it.
const X0: f64 = 170_000.0;
const Y0: f64 = 470_000.0;

/// An axis-aligned rectangle relative to the origin: (x min, y min, x max, y max) in metres.
pub type Rechthoek = (f64, f64, f64, f64);

/// One plot: its address, building, bouwvlak and parcel.
#[derive(Debug, Clone, PartialEq)]
pub struct Kavel {
    pub straat: &'static str,
    pub huisnummer: u32,
    /// Without space: `1234AB`.
    pub postcode: &'static str,
    pub perceel: Rechthoek,
    pub pand: Rechthoek,
    pub bouwvlak: Rechthoek,
    pub bouwjaar: i32,
    pub gebruiksdoel: &'static str,
    /// Perceelnummer in sectie A.
    pub perceelnummer: u32,
}

impl Kavel {
    /// The middle of the building, where the verblijfsobject lies (RD).
    pub fn punt(&self) -> (f64, f64) {
        let (a, b, c, d) = self.pand;
        rd((a + c) / 2.0, (b + d) / 2.0)
    }

    /// Gebruiksoppervlakte of the verblijfsobject: the footprint times the storeys it has.
    pub fn oppervlakte(&self) -> u32 {
        let lagen = if self.straat == "Dorpsstraat" { 2.0 } else { 1.5 };
        (opp(self.pand) * lagen).round() as u32
    }
}

/// The area of a rectangle in m².
pub fn opp((a, b, c, d): Rechthoek) -> f64 {
    (c - a) * (d - b)
}

/// The eight plots: Dorpsstraat 10–16 in the centre, Lindelaan 1–7 to the south.
pub fn kavels() -> Vec<Kavel> {
    let mut out = Vec::new();
    let doelen = ["winkelfunctie", "woonfunctie", "woonfunctie", "winkelfunctie"];
    for (k, (nr, jaar)) in [(10, 1905), (12, 1912), (14, 1923), (16, 1898)].into_iter().enumerate() {
        let x = 10.0 + 20.0 * k as f64;
        out.push(Kavel {
            straat: "Dorpsstraat",
            huisnummer: nr,
            postcode: "1234AB",
            perceel: (x, 0.0, x + 20.0, 40.0),
            pand: (x + 2.0, 2.0, x + 18.0, 16.0),
            bouwvlak: (x + 1.0, 1.0, x + 19.0, 25.0),
            bouwjaar: jaar,
            gebruiksdoel: doelen[k],
            perceelnummer: 101 + k as u32,
        });
    }
    for (k, (nr, jaar)) in [(1, 1965), (3, 1965), (5, 1972), (7, 1972)].into_iter().enumerate() {
        let x = 10.0 + 20.0 * k as f64;
        out.push(Kavel {
            straat: "Lindelaan",
            huisnummer: nr,
            postcode: "1234AC",
            perceel: (x, -60.0, x + 20.0, -15.0),
            pand: (x + 4.0, -56.0, x + 16.0, -46.0),
            bouwvlak: (x + 3.0, -57.0, x + 17.0, -40.0),
            bouwjaar: jaar,
            gebruiksdoel: "woonfunctie",
            perceelnummer: 201 + k as u32,
        });
    }
    out
}

/// The whole village (plangebied, woonplaats).
pub const PLANGEBIED: Rechthoek = (0.0, -70.0, 210.0, 50.0);
/// The old centre north of the Dorpsstraat.
pub const DORPSKERN: Rechthoek = (0.0, 0.0, 110.0, 50.0);
/// The residential street (with its road).
pub const LINDELAAN: Rechthoek = (0.0, -70.0, 110.0, -15.0);
/// The Dorpsstraat's road.
pub const DORPSSTRAAT: Rechthoek = (0.0, -15.0, 110.0, 0.0);
/// The park east of the streets.
pub const WILGENPARK: Rechthoek = (110.0, -70.0, 210.0, 50.0);
/// The monumental row of lime trees along the park's west edge.
pub const LINDENRIJ: Rechthoek = (110.0, -70.0, 120.0, 50.0);

/// A point relative to the origin in RD, rounded to the millimetre.
pub fn rd(x: f64, y: f64) -> (f64, f64) {
    (((X0 + x) * 1000.0).round() / 1000.0, ((Y0 + y) * 1000.0).round() / 1000.0)
}

/// A rectangle in RD as a closed polygon (counter-clockwise), rounded to the millimetre.
pub fn polygoon(r: Rechthoek) -> Polygon<f64> {
    let (a, b, c, d) = r;
    let p = |x: f64, y: f64| {
        let (x, y) = rd(x, y);
        Coord { x, y }
    };
    Polygon::new(LineString(vec![p(a, b), p(c, b), p(c, d), p(a, d), p(a, b)]), vec![])
}

/// The ring of a rectangle as a GML posList (2D, or 3D with z = 0 as the BAG writes it).
pub fn pos_list(r: Rechthoek, drie_d: bool) -> String {
    polygoon(r)
        .exterior()
        .0
        .iter()
        .map(|c| if drie_d { format!("{:.3} {:.3} 0.0", c.x, c.y) } else { format!("{:.3} {:.3}", c.x, c.y) })
        .collect::<Vec<_>>()
        .join(" ")
}
