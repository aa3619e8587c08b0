//! What is drawn on a page, before it becomes PDF: paths with their fill and line, clipping, and text, in PDF
//! coordinates (points, y up). The layout and the map make these; `schrijven` hands them to krilla.

use crate::opmaak::Kleur;
use crate::tekst::Font;

/// One step of a path.
#[derive(Clone, Debug)]
pub(crate) enum Stap {
    Naar(f64, f64),
    Lijn(f64, f64),
    Sluit,
    Rechthoek { x: f64, y: f64, b: f64, h: f64 },
}

pub(crate) type Pad = Vec<Stap>;

/// A stroke: colour, width, dash pattern (empty: solid), round joins.
#[derive(Clone, Debug)]
pub(crate) struct Lijnstijl {
    pub kleur: Kleur,
    pub dikte: f64,
    pub streep: Vec<f64>,
    pub rond: bool,
}

impl Lijnstijl {
    pub(crate) fn vol(kleur: Kleur, dikte: f64) -> Lijnstijl {
        Lijnstijl { kleur, dikte, streep: Vec::new(), rond: false }
    }
}

#[derive(Clone, Debug)]
pub(crate) enum Op {
    /// A path filled (even-odd when `evenoneven`) and/or stroked.
    Pad {
        pad: Pad,
        vulling: Option<Kleur>,
        evenoneven: bool,
        lijn: Option<Lijnstijl>,
    },
    /// Clips what follows to the path (even-odd), until the matching [`Op::EindeKnip`].
    Knip {
        pad: Pad,
    },
    EindeKnip,
    /// Text with its baseline starting at (x, y).
    Tekst {
        x: f64,
        y: f64,
        font: Font,
        grootte: f64,
        kleur: Kleur,
        tekst: Vec<char>,
    },
}

impl Op {
    pub(crate) fn rechthoek(x: f64, y: f64, b: f64, h: f64) -> Pad {
        vec![Stap::Rechthoek { x, y, b, h }]
    }

    pub(crate) fn gevuld(pad: Pad, kleur: Kleur) -> Op {
        Op::Pad { pad, vulling: Some(kleur), evenoneven: false, lijn: None }
    }

    pub(crate) fn omlijnd(pad: Pad, lijn: Lijnstijl) -> Op {
        Op::Pad { pad, vulling: None, evenoneven: false, lijn: Some(lijn) }
    }

    pub(crate) fn beide(pad: Pad, vulling: Kleur, lijn: Lijnstijl) -> Op {
        Op::Pad { pad, vulling: Some(vulling), evenoneven: false, lijn: Some(lijn) }
    }

    /// The same drawing moved up by `dy`.
    pub(crate) fn verschoven(&self, dy: f64) -> Op {
        let pad = |p: &Pad| -> Pad {
            p.iter()
                .map(|s| match *s {
                    Stap::Naar(x, y) => Stap::Naar(x, y + dy),
                    Stap::Lijn(x, y) => Stap::Lijn(x, y + dy),
                    Stap::Sluit => Stap::Sluit,
                    Stap::Rechthoek { x, y, b, h } => Stap::Rechthoek { x, y: y + dy, b, h },
                })
                .collect()
        };
        match self {
            Op::Pad { pad: p, vulling, evenoneven, lijn } => {
                Op::Pad { pad: pad(p), vulling: *vulling, evenoneven: *evenoneven, lijn: lijn.clone() }
            }
            Op::Knip { pad: p } => Op::Knip { pad: pad(p) },
            Op::EindeKnip => Op::EindeKnip,
            Op::Tekst { x, y, font, grootte, kleur, tekst } => {
                Op::Tekst { x: *x, y: y + dy, font: *font, grootte: *grootte, kleur: *kleur, tekst: tekst.clone() }
            }
        }
    }
}
