//! The QR block: content encoded by `qrcodegen` (error correction M, version as small as fits) and drawn as vector
//! squares, one filled rectangle per horizontal run of dark modules, inside a white quiet zone of four modules.

use crate::opmaak::MM;
use crate::tekening::{Op, Stap};
use qrcodegen::{QrCode, QrCodeEcc};

/// The light margin around the symbol, in modules (ISO/IEC 18004 asks for four).
pub(crate) const STILTEZONE: usize = 4;
/// The smallest module printed: smaller ones do not scan reliably from paper.
const KLEINSTE_MODULE: f64 = 0.5 * MM;

/// The dark modules, row by row (`true` is dark), without the quiet zone; `None` when the content does not fit a
/// QR code.
pub(crate) fn modules(inhoud: &str) -> Option<Vec<Vec<bool>>> {
    let code = QrCode::encode_text(inhoud, QrCodeEcc::Medium).ok()?;
    let n = code.size();
    Some((0..n).map(|y| (0..n).map(|x| code.get_module(x, y)).collect()).collect())
}

/// The drawing (origin at the top left page edge, y up) and the height in points.
pub(crate) struct Getekend {
    pub inhoud: Vec<Op>,
    pub hoogte: f64,
}

/// Draws the symbol with its quiet zone at page x `x0`, `breedte` points wide (grown so that a module is at least
/// 0.5 mm, at most `max`).
pub(crate) fn teken(modules: &[Vec<bool>], x0: f64, breedte: f64, max: f64) -> Getekend {
    let n = modules.len() + 2 * STILTEZONE;
    let zijde = breedte.max(n as f64 * KLEINSTE_MODULE).min(max);
    let m = zijde / n as f64;
    let mut donker = Vec::new();
    for (r, rij) in modules.iter().enumerate() {
        let top = -((r + STILTEZONE) as f64) * m;
        let mut k = 0;
        while k < rij.len() {
            if !rij[k] {
                k += 1;
                continue;
            }
            let begin = k;
            while k < rij.len() && rij[k] {
                k += 1;
            }
            let x = x0 + (begin + STILTEZONE) as f64 * m;
            donker.push(Stap::Rechthoek { x, y: top - m, b: (k - begin) as f64 * m, h: m });
        }
    }
    let inhoud =
        vec![Op::gevuld(Op::rechthoek(x0, -zijde, zijde, zijde), [1.0, 1.0, 1.0]), Op::gevuld(donker, [0.0; 3])];
    Getekend { inhoud, hoogte: zijde }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_too_long_for_a_qr_code_has_no_modules() {
        assert!(modules(&"x".repeat(5000)).is_none());
        assert_eq!(modules("https://stip.example/zaken/Z-2026-000123").unwrap().len() % 4, 1);
    }

    #[test]
    fn every_dark_module_is_painted_and_no_light_one() {
        let modules = modules("Z-2026-000123").unwrap();
        let getekend = teken(&modules, 0.0, 100.0, 400.0);
        let m = getekend.hoogte / (modules.len() + 2 * STILTEZONE) as f64;
        let mut geverfd = vec![vec![false; modules.len()]; modules.len()];
        let Op::Pad { pad, .. } = &getekend.inhoud[1] else { panic!("no dark modules") };
        for stap in pad {
            let Stap::Rechthoek { x, y, b, h } = *stap else { panic!("{stap:?}") };
            let r = (-(y + h) / m).round() as usize - STILTEZONE;
            let k0 = (x / m).round() as usize - STILTEZONE;
            geverfd[r][k0..k0 + (b / m).round() as usize].fill(true);
        }
        assert_eq!(geverfd, modules);
    }
}
