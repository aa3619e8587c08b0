//! A horizontal bar chart (the council report's figures): a title, one bar per label with its value written after
//! it, drawn as vector paths and text inside one figure whose alternate text reads every label and value.

use crate::Staafdiagram;
use crate::qr::Getekend;
use crate::tekening::Op;
use crate::tekst::{Font, breedte, regel};

const RIJ: f64 = 15.0;
const LETTER: f64 = 8.5;
const TITEL: f64 = 9.5;
const BALK: [f64; 3] = [0.08, 0.26, 0.45];
const TEKST: [f64; 3] = [0.1, 0.1, 0.1];

fn tekst(x: f64, y: f64, font: Font, grootte: f64, s: &str) -> Op {
    Op::Tekst { x, y, font, grootte, kleur: TEKST, tekst: regel(s) }
}

/// How a value is written: whole numbers without decimals, others with one.
pub(crate) fn getal(w: f64) -> String {
    if (w - w.round()).abs() < 1e-9 { format!("{}", w.round() as i64) } else { format!("{w:.1}").replace('.', ",") }
}

/// The chart `breedte` points wide at page x `x0`, below y = 0; and its alternate text.
pub(crate) fn teken(g: &Staafdiagram, x0: f64, breedte_: f64) -> (Getekend, String) {
    let mut o = Vec::new();
    let titel_y = -TITEL - 2.0;
    o.push(tekst(x0, titel_y, Font::Vet, TITEL, &g.titel));
    let labelbreedte =
        g.labels.iter().map(|l| breedte(Font::Regular, &regel(l), LETTER)).fold(0.0_f64, f64::max).min(breedte_ * 0.4)
            + 6.0;
    let max = g.waarden.iter().copied().filter(|w| w.is_finite()).fold(0.0_f64, f64::max);
    let ruimte = breedte_ - labelbreedte - 40.0;
    let mut y = titel_y - 6.0;
    for (i, label) in g.labels.iter().enumerate() {
        let w = g.waarden.get(i).copied().filter(|w| w.is_finite() && *w >= 0.0).unwrap_or(0.0);
        let boven = y - 2.0;
        let lengte = if max > 0.0 { ruimte * w / max } else { 0.0 };
        let basis = boven - RIJ + 5.0;
        o.push(tekst(x0, basis, Font::Regular, LETTER, label));
        if lengte > 0.0 {
            o.push(Op::gevuld(Op::rechthoek(x0 + labelbreedte, boven - RIJ + 3.0, lengte, RIJ - 5.0), BALK));
        }
        o.push(tekst(x0 + labelbreedte + lengte + 4.0, basis, Font::Regular, LETTER, &getal(w)));
        y -= RIJ;
    }
    let hoogte = -y + 4.0;
    let delen: Vec<String> = g
        .labels
        .iter()
        .zip(g.waarden.iter().chain(std::iter::repeat(&0.0)))
        .map(|(l, w)| format!("{l}: {} {}", getal(*w), g.eenheid))
        .collect();
    let alt = format!("Staafdiagram {}. {}.", g.titel, delen.join("; "));
    (Getekend { inhoud: o, hoogte }, alt)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_alternate_text_reads_every_bar_and_the_longest_bar_fills_the_width() {
        let g = Staafdiagram {
            titel: "Besluiten".into(),
            labels: vec!["Verleend".into(), "Geweigerd".into()],
            waarden: vec![4.0, 2.5],
            eenheid: "besluiten".into(),
        };
        let (getekend, alt) = teken(&g, 0.0, 400.0);
        assert_eq!(alt, "Staafdiagram Besluiten. Verleend: 4 besluiten; Geweigerd: 2,5 besluiten.");
        assert!(getekend.hoogte > 2.0 * RIJ);
        let balken: Vec<f64> = getekend
            .inhoud
            .iter()
            .filter_map(|o| match o {
                Op::Pad { pad, .. } => match pad[0] {
                    crate::tekening::Stap::Rechthoek { b, .. } => Some(b),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        assert_eq!(balken.len(), 2);
        assert!((balken[1] / balken[0] - 2.5 / 4.0).abs() < 1e-9);
    }
}
