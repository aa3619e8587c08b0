//! The map of a besluit or vergunning: polygons scaled into a frame, each style with its own fill, hatching and
//! dash pattern, labels at an interior point, a north arrow, and under the map a legend and a scale bar.

use crate::opmaak::MM;
use crate::tekening::{Lijnstijl, Op, Pad, Stap};
use crate::tekst::{Font, breedte, regel, tekens};
use crate::{Kaart, Stijl};

/// The drawing (origin at the top left page edge of the map, y up, so the map lies below y = 0), the total
/// height, and a description for the figure's alternate text.
pub(crate) struct Getekend {
    pub inhoud: Vec<Op>,
    pub hoogte: f64,
    pub alt: String,
}

#[derive(Clone, Copy, PartialEq)]
enum Arcering {
    Geen,
    Diagonaal,
    Kruis,
}

struct Opmaak {
    vulling: Option<[f64; 3]>,
    arcering: Arcering,
    lijn: [f64; 3],
    dikte: f64,
    streep: &'static [f64],
}

fn opmaak(stijl: Stijl) -> Opmaak {
    match stijl {
        Stijl::Perceel => {
            Opmaak { vulling: None, arcering: Arcering::Geen, lijn: [0.15, 0.15, 0.15], dikte: 0.9, streep: &[] }
        }
        Stijl::Pand => Opmaak {
            vulling: Some([0.8, 0.8, 0.8]),
            arcering: Arcering::Geen,
            lijn: [0.35, 0.35, 0.35],
            dikte: 0.7,
            streep: &[1.2, 1.5],
        },
        Stijl::Bouwvlak => Opmaak {
            vulling: Some([1.0, 0.93, 0.7]),
            arcering: Arcering::Geen,
            lijn: [0.62, 0.4, 0.0],
            dikte: 1.2,
            streep: &[6.0, 3.0],
        },
        Stijl::Plan => Opmaak {
            vulling: Some([0.82, 0.89, 1.0]),
            arcering: Arcering::Diagonaal,
            lijn: [0.1, 0.3, 0.7],
            dikte: 1.5,
            streep: &[8.0, 2.5, 2.0, 2.5],
        },
        Stijl::Conflict => Opmaak {
            vulling: Some([1.0, 0.82, 0.82]),
            arcering: Arcering::Kruis,
            lijn: [0.8, 0.0, 0.0],
            dikte: 1.8,
            streep: &[3.0, 2.0],
        },
    }
}

/// Painting order: the parcel at the bottom, conflicts on top.
const VOLGORDE: [Stijl; 5] = [Stijl::Perceel, Stijl::Bouwvlak, Stijl::Pand, Stijl::Plan, Stijl::Conflict];

const LEGENDA_RIJ: f64 = 16.0;
const LEGENDA_LETTER: f64 = 8.5;
const SCHAALBALK_RUIMTE: f64 = 140.0;

type Ring = Vec<(f64, f64)>;

/// Draws the map `breedte` points wide at page x `x0`, at most `max_hoogte` high in all.
pub(crate) fn teken(kaart: &Kaart, x0: f64, breedte_: f64, max_hoogte: f64, engels: bool) -> Getekend {
    // Only finite points, and rings with at least three of them.
    let vlakken: Vec<(Vec<Ring>, Stijl, Option<&str>)> = kaart
        .vlakken
        .iter()
        .map(|v| {
            let ringen: Vec<Ring> = v
                .ringen
                .iter()
                .map(|r| r.iter().copied().filter(|(x, y)| x.is_finite() && y.is_finite()).collect::<Ring>())
                .filter(|r| r.len() >= 3)
                .collect();
            (ringen, v.stijl, v.label.as_deref().filter(|l| !l.trim().is_empty()))
        })
        .filter(|(r, _, _)| !r.is_empty())
        .collect();
    let gebruikt: Vec<Stijl> = VOLGORDE.into_iter().filter(|s| vlakken.iter().any(|(_, v, _)| v == s)).collect();

    // The legend flows in rows left of the scale bar.
    let items: Vec<(Stijl, Vec<char>)> = gebruikt.iter().map(|s| (*s, tekens(s.omschrijving(engels)))).collect();
    let mut posities = Vec::new();
    let (mut x, mut rij) = (0.0, 0);
    for (_, tekst) in &items {
        let w = 18.0 + 4.0 + breedte(Font::Regular, tekst, LEGENDA_LETTER);
        if x > 0.0 && x + w > breedte_ - SCHAALBALK_RUIMTE {
            x = 0.0;
            rij += 1;
        }
        posities.push((x, rij));
        x += w + 14.0;
    }
    let legenda_hoogte = 8.0 + (rij + 1) as f64 * LEGENDA_RIJ;
    let gewenst = if kaart.hoogte_mm.is_finite() && kaart.hoogte_mm > 0.0 { kaart.hoogte_mm * MM } else { 90.0 * MM };
    let h = gewenst.min(max_hoogte - legenda_hoogte).max(40.0 * MM);

    let mut o = Vec::new();
    let kader = Op::rechthoek(x0, -h, breedte_, h);
    let rand = Op::omlijnd(kader.clone(), Lijnstijl::vol([0.45, 0.45, 0.45], 0.6));
    o.push(Op::Knip { pad: kader.clone() });
    o.push(Op::gevuld(kader, [0.97, 0.97, 0.95]));

    let mut alt = String::from(if engels { "Map" } else { "Kaart" });
    if !kaart.bijschrift.trim().is_empty() {
        alt.push_str(": ");
        alt.push_str(kaart.bijschrift.trim().trim_end_matches('.'));
    }
    alt.push('.');

    let Some((minx, miny, maxx, maxy)) = omvang(vlakken.iter().flat_map(|(r, _, _)| r.iter().flatten())) else {
        let tekst = tekens(if engels { "No map data" } else { "Geen kaartgegevens" });
        let w = breedte(Font::Regular, &tekst, 10.0);
        o.push(tekst_op(x0 + (breedte_ - w) / 2.0, -h / 2.0 - 3.0, Font::Regular, 10.0, tekst));
        o.push(Op::EindeKnip);
        o.push(rand);
        alt.push_str(if engels { " The map has no data." } else { " De kaart heeft geen gegevens." });
        return Getekend { inhoud: o, hoogte: h + 4.0, alt };
    };

    // Uniform scale into the frame, at least 10 m of world in each direction, centred.
    let (cx, cy) = ((minx + maxx) / 2.0, (miny + maxy) / 2.0);
    let (dx, dy) = ((maxx - minx).max(10.0), (maxy - miny).max(10.0));
    let marge = 12.0;
    let schaal = ((breedte_ - 2.0 * marge) / dx).min((h - 2.0 * marge) / dy);
    let px = |x: f64| x0 + breedte_ / 2.0 + (x - cx) * schaal;
    let py = |y: f64| -h / 2.0 + (y - cy) * schaal;
    let paden: Vec<(Pad, [f64; 4])> = vlakken.iter().map(|(ringen, _, _)| pad(ringen, &px, &py)).collect();

    for stijl in VOLGORDE {
        let stijl_opmaak = opmaak(stijl);
        for ((_, s, _), (pad, vak)) in vlakken.iter().zip(&paden) {
            if *s == stijl && !pad.is_empty() {
                let vak = [vak[0].max(x0), vak[1].max(-h), vak[2].min(x0 + breedte_), vak[3].min(0.0)];
                vullen(&mut o, &stijl_opmaak, pad, vak);
            }
        }
    }
    for stijl in VOLGORDE {
        let stijl_opmaak = opmaak(stijl);
        for ((_, s, _), (pad, _)) in vlakken.iter().zip(&paden) {
            if *s == stijl && !pad.is_empty() {
                omlijnen(&mut o, &stijl_opmaak, pad);
            }
        }
    }
    // Labels: the smallest polygons first (they have the fewest places), each where its box lies inside its
    // polygon and clear of the labels already placed.
    let mut volgorde: Vec<usize> = (0..vlakken.len()).filter(|&i| vlakken[i].2.is_some()).collect();
    volgorde.sort_by(|&a, &b| oppervlak(&vlakken[a].0).total_cmp(&oppervlak(&vlakken[b].0)));
    let mut bezet: Vec<[f64; 4]> = Vec::new();
    for i in volgorde {
        let (ringen, _, Some(label)) = &vlakken[i] else { continue };
        let tekst = regel(label.trim());
        let w = breedte(Font::Regular, &tekst, 7.5);
        let (hb, hh) = ((w / 2.0 + 2.0) / schaal, 4.9 / schaal);
        // Better not over the smaller polygons drawn on top of this one either.
        let eigen = oppervlak(ringen);
        let kleiner: Vec<[f64; 4]> = vlakken
            .iter()
            .enumerate()
            .filter(|(j, (r, _, _))| *j != i && oppervlak(r) < eigen)
            .filter_map(|(_, (r, _, _))| omvang(r.iter().flatten()).map(|(a, b, c, d)| [a, b, c, d]))
            .collect();
        let Some((lx, ly)) = labelpunt(ringen, hb, hh, &bezet, &kleiner) else { continue };
        bezet.push([lx - hb, ly - hh, lx + hb, ly + hh]);
        let (x, basislijn) = (px(lx) - w / 2.0, py(ly) - 2.6);
        let vak = Op::rechthoek(x - 2.0, basislijn - 2.2, w + 4.0, 9.7);
        o.push(Op::beide(vak, [1.0, 1.0, 1.0], Lijnstijl::vol([0.4, 0.4, 0.4], 0.3)));
        o.push(tekst_op(x, basislijn, Font::Regular, 7.5, tekst));
    }
    let labels: Vec<&str> = vlakken.iter().filter_map(|(_, _, l)| l.map(str::trim)).collect();
    noordpijl(&mut o, x0 + breedte_ - 16.0);
    o.push(Op::EindeKnip);
    o.push(rand);

    // Legend and scale bar under the map.
    let legenda_top = -h - 8.0;
    for ((stijl, tekst), (lx, rij)) in items.iter().zip(&posities) {
        let top = legenda_top - *rij as f64 * LEGENDA_RIJ;
        let (x, y) = (x0 + lx, top - 12.0);
        let vak = [x, y, x + 18.0, y + 10.0];
        let pad = Op::rechthoek(x, y, 18.0, 10.0);
        let stijl_opmaak = opmaak(*stijl);
        vullen(&mut o, &stijl_opmaak, &pad, vak);
        omlijnen(&mut o, &stijl_opmaak, &pad);
        o.push(tekst_op(x + 22.0, top - 10.0, Font::Regular, LEGENDA_LETTER, tekst.clone()));
    }
    let meters = schaalbalk(&mut o, x0 + breedte_, legenda_top, schaal, (0.25 * breedte_).min(110.0), engels);

    if !labels.is_empty() || !gebruikt.is_empty() {
        let namen: Vec<&str> = gebruikt.iter().map(|s| s.omschrijving(engels)).collect();
        alt.push_str(&format!(" {}: {}.", if engels { "Legend" } else { "Legenda" }, namen.join(", ")));
        if !labels.is_empty() {
            alt.push_str(&format!(" {}: {}.", if engels { "Labels" } else { "Namen op de kaart" }, labels.join(", ")));
        }
    }
    alt.push_str(&format!(" {}: {meters}.", if engels { "Scale bar" } else { "Schaalbalk" }));
    Getekend { inhoud: o, hoogte: h + legenda_hoogte, alt }
}

fn omvang<'a>(punten: impl Iterator<Item = &'a (f64, f64)>) -> Option<(f64, f64, f64, f64)> {
    punten.fold(None, |acc, &(x, y)| match acc {
        None => Some((x, y, x, y)),
        Some((a, b, c, d)) => Some((a.min(x), b.min(y), c.max(x), d.max(y))),
    })
}

/// The path of a polygon in page space (points closer than 0.2 pt to the previous one dropped), and its bounds.
fn pad(ringen: &[Ring], px: &impl Fn(f64) -> f64, py: &impl Fn(f64) -> f64) -> (Pad, [f64; 4]) {
    let mut uit = Vec::new();
    let mut vak = [f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY];
    for ring in ringen {
        let mut punten: Vec<(f64, f64)> = Vec::with_capacity(ring.len());
        for &(x, y) in ring {
            let p = (px(x), py(y));
            if punten.last().is_none_or(|q: &(f64, f64)| (p.0 - q.0).hypot(p.1 - q.1) >= 0.2) {
                punten.push(p);
            }
        }
        if punten.len() < 3 {
            continue;
        }
        for (i, (x, y)) in punten.iter().enumerate() {
            uit.push(if i == 0 { Stap::Naar(*x, *y) } else { Stap::Lijn(*x, *y) });
            vak = [vak[0].min(*x), vak[1].min(*y), vak[2].max(*x), vak[3].max(*y)];
        }
        uit.push(Stap::Sluit);
    }
    (uit, vak)
}

/// Fill (even-odd, so holes stay open) and hatching clipped to the path.
fn vullen(o: &mut Vec<Op>, opmaak: &Opmaak, pad: &Pad, vak: [f64; 4]) {
    if let Some(k) = opmaak.vulling {
        o.push(Op::Pad { pad: pad.clone(), vulling: Some(k), evenoneven: true, lijn: None });
    }
    if opmaak.arcering == Arcering::Geen || vak[0] >= vak[2] || vak[1] >= vak[3] {
        return;
    }
    let [x1, y1, x2, y2] = vak;
    let hoogte = y2 - y1;
    let afstand = if opmaak.arcering == Arcering::Kruis { 4.5 } else { 4.0 };
    o.push(Op::Knip { pad: pad.clone() });
    let mut arcering = Vec::new();
    let mut t = x1 - hoogte;
    while t <= x2 {
        arcering.extend([Stap::Naar(t, y1), Stap::Lijn(t + hoogte, y2)]);
        if opmaak.arcering == Arcering::Kruis {
            arcering.extend([Stap::Naar(t, y2), Stap::Lijn(t + hoogte, y1)]);
        }
        t += afstand;
    }
    o.push(Op::omlijnd(arcering, Lijnstijl::vol(opmaak.lijn, 0.5)));
    o.push(Op::EindeKnip);
}

fn omlijnen(o: &mut Vec<Op>, opmaak: &Opmaak, pad: &Pad) {
    let lijn = Lijnstijl { kleur: opmaak.lijn, dikte: opmaak.dikte, streep: opmaak.streep.to_vec(), rond: true };
    o.push(Op::omlijnd(pad.clone(), lijn));
}

fn tekst_op(x: f64, y: f64, font: Font, grootte: f64, tekst: Vec<char>) -> Op {
    Op::Tekst { x, y, font, grootte, kleur: [0.1, 0.1, 0.1], tekst }
}

/// Where a label goes (its box given by half width and half height in world units): the middle of a wide
/// horizontal span of the polygon (holes excluded) on one of twenty scanlines, wider and more central spans first;
/// preferably with the whole box inside the polygon and clear of the boxes in `bezet` (other labels), and then
/// also clear of those in `liever_niet` (smaller polygons inside this one).
fn labelpunt(ringen: &[Ring], hb: f64, hh: f64, bezet: &[[f64; 4]], liever_niet: &[[f64; 4]]) -> Option<(f64, f64)> {
    let (_, miny, _, maxy) = omvang(ringen.iter().flatten())?;
    let mut kandidaten: Vec<(f64, f64, f64)> = Vec::new();
    for k in 0..20 {
        // Between (never on) multiples of a twentieth of the height, where vertices often lie.
        let t = (f64::from(k) + 0.5) / 20.0;
        let y = miny + (maxy - miny) * t;
        let mut xs = Vec::new();
        for ring in ringen {
            for (i, a) in ring.iter().enumerate() {
                let b = ring[(i + 1) % ring.len()];
                if (a.1 > y) != (b.1 > y) {
                    xs.push(a.0 + (y - a.1) * (b.0 - a.0) / (b.1 - a.1));
                }
            }
        }
        xs.sort_by(f64::total_cmp);
        for paar in xs.chunks_exact(2) {
            let score = (paar[1] - paar[0]) * (1.0 - 0.6 * (t - 0.5).abs());
            kandidaten.push((score, (paar[0] + paar[1]) / 2.0, y));
        }
    }
    kandidaten.sort_by(|a, b| b.0.total_cmp(&a.0));
    let los = |x: f64, y: f64, vakken: &[[f64; 4]]| {
        vakken.iter().all(|r| x + hb <= r[0] || x - hb >= r[2] || y + hh <= r[1] || y - hh >= r[3])
    };
    let vrij = |x: f64, y: f64| los(x, y, bezet);
    // Inside with some room to spare: the box grown by half its height must lie inside.
    let (rb, rh) = (hb + hh / 2.0, hh * 1.5);
    let past = |x: f64, y: f64| {
        [(-rb, -rh), (rb, -rh), (rb, rh), (-rb, rh), (0.0, -rh), (0.0, rh)]
            .iter()
            .all(|(dx, dy)| binnen(ringen, x + dx, y + dy))
    };
    let eerste = |goed: &dyn Fn(f64, f64) -> bool| kandidaten.iter().find(|c| goed(c.1, c.2)).map(|c| (c.1, c.2));
    eerste(&|x, y| past(x, y) && vrij(x, y) && los(x, y, liever_niet))
        .or_else(|| eerste(&|x, y| past(x, y) && vrij(x, y)))
        .or_else(|| eerste(&vrij))
        .or_else(|| eerste(&past))
        .or_else(|| kandidaten.first().map(|c| (c.1, c.2)))
}

/// Whether a point lies inside the polygon (even-odd over all rings).
fn binnen(ringen: &[Ring], x: f64, y: f64) -> bool {
    let mut binnen = false;
    for ring in ringen {
        for (i, a) in ring.iter().enumerate() {
            let b = ring[(i + 1) % ring.len()];
            if (a.1 > y) != (b.1 > y) && x < a.0 + (y - a.1) * (b.0 - a.0) / (b.1 - a.1) {
                binnen = !binnen;
            }
        }
    }
    binnen
}

/// Area of the exterior ring less the holes.
fn oppervlak(ringen: &[Ring]) -> f64 {
    ringen
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let a =
                (0..r.len()).map(|j| r[j].0 * r[(j + 1) % r.len()].1 - r[(j + 1) % r.len()].0 * r[j].1).sum::<f64>();
            if i == 0 { a.abs() / 2.0 } else { -a.abs() / 2.0 }
        })
        .sum()
}

/// A north arrow in the top right corner, its centre at page x `cx`: "N" over a half-filled arrowhead.
fn noordpijl(o: &mut Vec<Op>, cx: f64) {
    let n: Vec<char> = vec!['N'];
    let vak = Op::rechthoek(cx - 10.0, -42.0, 20.0, 36.0);
    o.push(Op::beide(vak, [1.0, 1.0, 1.0], Lijnstijl::vol([0.45, 0.45, 0.45], 0.4)));
    o.push(tekst_op(cx - breedte(Font::Vet, &n, 8.0) / 2.0, -16.0, Font::Vet, 8.0, n));
    let links = vec![Stap::Naar(cx, -19.0), Stap::Lijn(cx - 5.5, -38.0), Stap::Lijn(cx, -33.0), Stap::Sluit];
    o.push(Op::gevuld(links, [0.1, 0.1, 0.1]));
    let rechts = vec![Stap::Naar(cx, -19.0), Stap::Lijn(cx, -33.0), Stap::Lijn(cx + 5.5, -38.0), Stap::Sluit];
    let lijn = Lijnstijl { rond: true, ..Lijnstijl::vol([0.1, 0.1, 0.1], 0.6) };
    o.push(Op::beide(rechts, [1.0, 1.0, 1.0], lijn));
}

/// A scale bar of a round length (1, 2 or 5 × 10ⁿ metres) at most `max` points long, right-aligned at `rechts`;
/// returns its label.
fn schaalbalk(o: &mut Vec<Op>, rechts: f64, top: f64, schaal: f64, max: f64, engels: bool) -> String {
    let (m, e) = rond(max / schaal);
    let meters = f64::from(m) * 10f64.powi(e);
    let lengte = meters * schaal;
    let x1 = rechts - 2.0 - lengte;
    let label = meters_label(m, e, engels);
    let tekst = tekens(&label);
    let y = top - 14.0;
    for i in 0..4 {
        let vulling = if i % 2 == 0 { [0.1, 0.1, 0.1] } else { [1.0, 1.0, 1.0] };
        let vak = Op::rechthoek(x1 + lengte * f64::from(i) / 4.0, y, lengte / 4.0, 4.0);
        o.push(Op::beide(vak, vulling, Lijnstijl::vol([0.1, 0.1, 0.1], 0.5)));
    }
    let nul = vec!['0'];
    o.push(tekst_op(x1 - breedte(Font::Regular, &nul, 7.5) / 2.0, y + 6.5, Font::Regular, 7.5, nul));
    let w = breedte(Font::Regular, &tekst, 7.5);
    o.push(tekst_op(x1 + lengte - w, y + 6.5, Font::Regular, 7.5, tekst));
    label
}

/// The largest of 1, 2, 5 × 10ⁿ not over `doel`, as (mantissa, exponent).
fn rond(doel: f64) -> (u8, i32) {
    if !doel.is_finite() || doel <= 0.0 {
        return (1, 0);
    }
    let e = doel.log10().floor() as i32;
    for m in [5u8, 2, 1] {
        if f64::from(m) * 10f64.powi(e) <= doel * (1.0 + 1e-9) {
            return (m, e);
        }
    }
    (5, e - 1)
}

/// "50 m", "2 km", "0,5 m" (Dutch decimal comma; a point in English).
fn meters_label(m: u8, e: i32, engels: bool) -> String {
    if e >= 3 {
        return format!("{}{} km", m, "0".repeat((e - 3) as usize));
    }
    if e >= 0 {
        return format!("{}{} m", m, "0".repeat(e as usize));
    }
    let komma = if engels { "." } else { "," };
    format!("0{komma}{}{m} m", "0".repeat((-e - 1) as usize))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_bar_lengths_are_round_numbers() {
        assert_eq!(rond(73.0), (5, 1));
        assert_eq!(rond(20.0), (2, 1));
        assert_eq!(rond(1999.0), (1, 3));
        assert_eq!(rond(0.3), (2, -1));
        assert_eq!(meters_label(5, 1, false), "50 m");
        assert_eq!(meters_label(2, 3, false), "2 km");
        assert_eq!(meters_label(5, -1, false), "0,5 m");
        assert_eq!(meters_label(5, -2, true), "0.05 m");
    }

    #[test]
    fn a_label_lands_inside_an_l_shape_and_outside_its_hole() {
        // An L whose bounding-box centre (5, 5) lies outside it.
        let l = vec![vec![(0.0, 0.0), (10.0, 0.0), (10.0, 2.0), (2.0, 2.0), (2.0, 10.0), (0.0, 10.0)]];
        let (x, y) = labelpunt(&l, 1.0, 0.5, &[], &[]).unwrap();
        assert!(binnen(&l, x, y) && !(x > 2.0 && y > 2.0), "({x}, {y})");
        // A square with a square hole: the label box lies in the band between them, not over the hole.
        let ring = vec![
            vec![(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)],
            vec![(2.0, 3.0), (8.0, 3.0), (8.0, 7.0), (2.0, 7.0)],
        ];
        let (x, y) = labelpunt(&ring, 1.5, 0.8, &[], &[]).unwrap();
        assert!(y + 0.8 <= 3.0 || y - 0.8 >= 7.0, "label box at ({x}, {y}) reaches into the hole");
        assert!((0.0..=10.0).contains(&x));
    }

    #[test]
    fn a_second_label_avoids_the_first() {
        let vierkant = vec![vec![(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]];
        let (x1, y1) = labelpunt(&vierkant, 2.0, 0.5, &[], &[]).unwrap();
        let (x2, y2) = labelpunt(&vierkant, 2.0, 0.5, &[[x1 - 2.0, y1 - 0.5, x1 + 2.0, y1 + 0.5]], &[]).unwrap();
        assert!((y2 - y1).abs() >= 1.0 || (x2 - x1).abs() >= 4.0, "({x1}, {y1}) and ({x2}, {y2}) overlap");
    }

    #[test]
    fn a_parcel_label_keeps_clear_of_the_buildings_inside_the_parcel() {
        let perceel = vec![vec![(0.0, 0.0), (10.0, 0.0), (10.0, 20.0), (0.0, 20.0)]];
        let pand = [1.0, 8.0, 9.0, 14.0];
        let (_, y) = labelpunt(&perceel, 2.0, 0.5, &[], &[pand]).unwrap();
        assert!(y + 0.5 <= 8.0 || y - 0.5 >= 14.0, "label at y = {y} lies over the building");
    }

    #[test]
    fn the_area_of_a_polygon_excludes_its_holes() {
        let ring = vec![
            vec![(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)],
            vec![(2.0, 2.0), (2.0, 8.0), (8.0, 8.0), (8.0, 2.0)],
        ];
        assert!((oppervlak(&ring) - 64.0).abs() < 1e-9);
    }
}
