//! Text for the standard fonts: Unicode to WinAnsiEncoding bytes, glyph widths from the AFM metrics, line
//! wrapping, and the escaping of PDF strings.

use crate::afm;

/// The two fonts stip uses: the standard-14 Helvetica family, not embedded.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Font {
    Regular,
    Vet,
}

impl Font {
    /// The resource name the pages use for this font.
    pub(crate) fn naam(self) -> &'static str {
        match self {
            Font::Regular => "/F1",
            Font::Vet => "/F2",
        }
    }

    fn breedtes(self) -> &'static [u16; 224] {
        match self {
            Font::Regular => &afm::HELVETICA,
            Font::Vet => &afm::HELVETICA_BOLD,
        }
    }
}

/// Internal marker for U+00AD (soft hyphen): invisible, a place where a word may be broken with a hyphen. The
/// wrapped lines never contain it (WinAnsi's own 0xAD glyph is never drawn).
pub(crate) const ZACHT_AFBREEKSTREEPJE: u8 = 0xAD;

/// Unicode characters of Windows-1252 (the WinAnsiEncoding of PDF) outside Latin-1, with their byte.
const WINANSI_80_9F: [(char, u8); 27] = [
    ('€', 0x80),
    ('‚', 0x82),
    ('ƒ', 0x83),
    ('„', 0x84),
    ('…', 0x85),
    ('†', 0x86),
    ('‡', 0x87),
    ('ˆ', 0x88),
    ('‰', 0x89),
    ('Š', 0x8A),
    ('‹', 0x8B),
    ('Œ', 0x8C),
    ('Ž', 0x8E),
    ('‘', 0x91),
    ('’', 0x92),
    ('“', 0x93),
    ('”', 0x94),
    ('•', 0x95),
    ('–', 0x96),
    ('—', 0x97),
    ('˜', 0x98),
    ('™', 0x99),
    ('š', 0x9A),
    ('›', 0x9B),
    ('œ', 0x9C),
    ('ž', 0x9E),
    ('Ÿ', 0x9F),
];

/// Combining marks (decomposed input, NFD) that compose with the letter before them into a WinAnsi letter.
const SAMENSTELLING: [(char, &str, &str); 8] = [
    ('\u{300}', "AEIOUaeiou", "ÀÈÌÒÙàèìòù"),
    ('\u{301}', "AEIOUYaeiouy", "ÁÉÍÓÚÝáéíóúý"),
    ('\u{302}', "AEIOUaeiou", "ÂÊÎÔÛâêîôû"),
    ('\u{303}', "ANOano", "ÃÑÕãñõ"),
    ('\u{308}', "AEIOUaeiouyY", "ÄËÏÖÜäëïöüÿŸ"),
    ('\u{30A}', "Aa", "Åå"),
    ('\u{327}', "Cc", "Çç"),
    ('\u{30C}', "SsZz", "ŠšŽž"),
];

/// One character as WinAnsi bytes: its byte, a close spelling for a few common characters outside WinAnsi
/// (`ĳ` → `ij`, `≥` → `>=`, typographic spaces and hyphens), nothing for control characters and invisible ones,
/// else `?`.
fn teken(c: char, uit: &mut Vec<u8>) {
    match c {
        '\n' => uit.push(b'\n'),
        '\t' => uit.push(b' '),
        ' '..='~' => uit.push(c as u8),
        '\u{A0}'..='\u{FF}' => uit.push(c as u32 as u8),
        '\u{2000}'..='\u{200A}' => uit.push(b' '),
        '\u{202F}' => uit.push(0xA0),
        '\u{2010}' | '\u{2011}' | '\u{2212}' => uit.push(b'-'),
        '\u{2032}' => uit.push(b'\''),
        '\u{2033}' => uit.push(b'"'),
        'ĳ' => uit.extend_from_slice(b"ij"),
        'Ĳ' => uit.extend_from_slice(b"IJ"),
        '≤' => uit.extend_from_slice(b"<="),
        '≥' => uit.extend_from_slice(b">="),
        c if c.is_control() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}') => {}
        c => match WINANSI_80_9F.iter().find(|(k, _)| *k == c) {
            Some((_, b)) => uit.push(*b),
            None => uit.push(b'?'),
        },
    }
}

/// Text as WinAnsiEncoding bytes (one byte per glyph). `\n` stays (a hard line break), U+00AD becomes the
/// soft-hyphen marker, combining accents compose with the letter before them.
pub(crate) fn winansi(s: &str) -> Vec<u8> {
    let mut uit = Vec::with_capacity(s.len());
    for c in s.chars() {
        if ('\u{300}'..='\u{36F}').contains(&c) {
            // A combining mark: compose with the previous letter if WinAnsi has the result; otherwise drop the mark
            // and keep the bare letter (better than a question mark).
            let samengesteld = uit.last().and_then(|&vorige| {
                let (_, basis, resultaat) = SAMENSTELLING.iter().find(|(m, _, _)| *m == c)?;
                let i = basis.chars().position(|b| b as u32 == vorige as u32)?;
                resultaat.chars().nth(i)
            });
            if let Some(letter) = samengesteld {
                uit.pop();
                teken(letter, &mut uit);
            }
            continue;
        }
        teken(c, &mut uit);
    }
    uit
}

/// Width of one glyph (a WinAnsi byte) in 1/1000 em.
fn glyph(font: Font, b: u8) -> u16 {
    if b < 32 || b == ZACHT_AFBREEKSTREEPJE { 0 } else { font.breedtes()[usize::from(b - 32)] }
}

/// Width of WinAnsi text in points at the given size.
pub(crate) fn breedte(font: Font, tekst: &[u8], grootte: f64) -> f64 {
    tekst.iter().map(|&b| f64::from(glyph(font, b))).sum::<f64>() * grootte / 1000.0
}

const SPELING: f64 = 1e-6;

/// Wraps text into lines no wider than `max` points: greedy, breaking at spaces (runs of spaces count as one),
/// at `\n` (hard breaks, kept as empty lines when doubled) and at soft hyphens (drawn as `-` at the break). A word
/// wider than a whole line breaks after `-` or `/`, or at a soft hyphen, else between characters. A line that
/// ends at a space or a hard break keeps one space at its end (invisible, not counted in the width) so that text
/// extracted line by line reads as words.
pub(crate) fn afbreken(tekst: &[u8], font: Font, grootte: f64, max: f64) -> Vec<Vec<u8>> {
    let tekst = trim(tekst);
    let mut regels = Vec::new();
    if tekst.is_empty() {
        return regels;
    }
    let spatie = breedte(font, b" ", grootte);
    let past = |w: f64| w <= max + SPELING;
    let harde_regels: Vec<&[u8]> = tekst.split(|&b| b == b'\n').collect();
    for (h, harde_regel) in harde_regels.iter().enumerate() {
        let mut regel: Vec<u8> = Vec::new();
        let mut w = 0.0;
        let mut iets = false;
        for woord in harde_regel.split(|&b| b == b' ').filter(|w| !w.is_empty()) {
            iets = true;
            let mut rest: Vec<u8> = woord.to_vec();
            if !regel.is_empty() {
                let ww = breedte(font, &rest, grootte);
                if past(w + spatie + ww) {
                    regel.push(b' ');
                    regel.extend(zonder_zachte(&rest));
                    w += spatie + ww;
                    continue;
                }
                // Fill the line up to a soft hyphen when the word has one (an explicit wish to hyphenate).
                if let Some((kop, staart)) = splits(&rest, font, grootte, max - w - spatie, false) {
                    regel.push(b' ');
                    regel.extend(kop);
                    rest = staart;
                } else {
                    // The space the line breaks at stays, invisible at its end, so that text extracted from the
                    // structure tree (screen readers) does not glue the last word to the first of the next line.
                    regel.push(b' ');
                }
                regels.push(std::mem::take(&mut regel));
            }
            loop {
                let rw = breedte(font, &rest, grootte);
                if past(rw) {
                    regel = zonder_zachte(&rest);
                    w = rw;
                    break;
                }
                let (kop, staart) =
                    splits(&rest, font, grootte, max, true).unwrap_or_else(|| hard_splitsen(&rest, font, grootte, max));
                regels.push(kop);
                rest = staart;
            }
        }
        if !regel.is_empty() || !iets {
            // A hard line break reads as a space too.
            if !regel.is_empty() && h + 1 < harde_regels.len() {
                regel.push(b' ');
            }
            regels.push(regel);
        }
    }
    regels
}

fn trim(tekst: &[u8]) -> &[u8] {
    let leeg = |b: &u8| matches!(b, b' ' | b'\n');
    let begin = tekst.iter().position(|b| !leeg(b)).unwrap_or(tekst.len());
    let eind = tekst.iter().rposition(|b| !leeg(b)).map_or(begin, |i| i + 1);
    &tekst[begin..eind]
}

fn zonder_zachte(woord: &[u8]) -> Vec<u8> {
    woord.iter().copied().filter(|&b| b != ZACHT_AFBREEKSTREEPJE).collect()
}

/// Splits a word at the last break opportunity whose head fits in `max` points: soft hyphens always, after `-`
/// and `/` only when `ook_streepjes` (so a case number like `Z-2026-000123` stays whole while it fits a line).
fn splits(woord: &[u8], font: Font, grootte: f64, max: f64, ook_streepjes: bool) -> Option<(Vec<u8>, Vec<u8>)> {
    (1..woord.len()).rev().find_map(|i| {
        let b = woord[i];
        let kop = if b == ZACHT_AFBREEKSTREEPJE {
            let mut kop = zonder_zachte(&woord[..i]);
            kop.push(b'-');
            kop
        } else if ook_streepjes && matches!(b, b'-' | b'/') && i + 1 < woord.len() {
            zonder_zachte(&woord[..=i])
        } else {
            return None;
        };
        let staart = &woord[i + 1..];
        (kop.len() > 1 && !staart.is_empty() && breedte(font, &kop, grootte) <= max + SPELING)
            .then(|| (kop, staart.to_vec()))
    })
}

/// Splits a word between characters: as many as fit, at least one.
fn hard_splitsen(woord: &[u8], font: Font, grootte: f64, max: f64) -> (Vec<u8>, Vec<u8>) {
    let mut w = 0.0;
    let mut eind = 0;
    for (i, &b) in woord.iter().enumerate() {
        w += f64::from(glyph(font, b)) * grootte / 1000.0;
        if w > max + SPELING && eind > 0 {
            break;
        }
        eind = i + 1;
    }
    (zonder_zachte(&woord[..eind]), woord[eind..].to_vec())
}

/// A PDF literal string of WinAnsi bytes: `(`, `)` and `\` escaped, bytes outside printable ASCII as octal
/// escapes (the file stays 7-bit clean).
pub(crate) fn pdf_string(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() + 2);
    s.push('(');
    for &b in bytes {
        match b {
            b'(' | b')' | b'\\' => {
                s.push('\\');
                s.push(b as char);
            }
            b' '..=b'~' => s.push(b as char),
            _ => s.push_str(&format!("\\{b:03o}")),
        }
    }
    s.push(')');
    s
}

/// A PDF text string (document information, alternate text, bookmarks): a literal string when it is printable
/// ASCII, else UTF-16BE with a byte order mark, written in hex.
pub(crate) fn tekststring(s: &str) -> String {
    if s.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        return pdf_string(s.as_bytes());
    }
    let mut hex = String::from("<FEFF");
    for eenheid in s.encode_utf16() {
        hex.push_str(&format!("{eenheid:04X}"));
    }
    hex.push('>');
    hex
}

/// A number for a content stream or dictionary: at most two decimals, no trailing zeros, never `-0`.
pub(crate) fn getal(v: f64) -> String {
    let v = if v.is_finite() { (v * 100.0).round() / 100.0 } else { 0.0 };
    if v == 0.0 {
        return "0".to_string();
    }
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_and_euro_characters_map_to_their_winansi_bytes() {
        assert_eq!(winansi("é ë ü €"), vec![0xE9, b' ', 0xEB, b' ', 0xFC, b' ', 0x80]);
        assert_eq!(
            winansi("„citaat” – ‘x’"),
            vec![0x84, b'c', b'i', b't', b'a', b'a', b't', 0x94, b' ', 0x96, b' ', 0x91, b'x', 0x92]
        );
    }

    #[test]
    fn characters_outside_winansi_become_a_question_mark() {
        assert_eq!(winansi("ω→Ł"), b"???".to_vec());
    }

    #[test]
    fn decomposed_accents_compose_and_the_dutch_ij_is_spelled_out() {
        assert_eq!(winansi("e\u{301}e\u{308}"), vec![0xE9, 0xEB]);
        assert_eq!(winansi("q\u{301}"), b"q".to_vec());
        assert_eq!(winansi("ĳs ≥ 3"), b"ijs >= 3".to_vec());
    }

    #[test]
    fn parentheses_and_backslashes_are_escaped_in_strings() {
        assert_eq!(pdf_string(b"a(b)c\\d"), "(a\\(b\\)c\\\\d)");
        assert_eq!(pdf_string(&[0xE9, 0x80, b'\n']), "(\\351\\200\\012)");
    }

    #[test]
    fn text_strings_outside_ascii_are_utf16_with_a_byte_order_mark() {
        assert_eq!(tekststring("Besluit"), "(Besluit)");
        assert_eq!(tekststring("é€"), "<FEFF00E920AC>");
    }

    #[test]
    fn widths_come_from_the_helvetica_metrics() {
        // Adobe's Helvetica.afm: H 722, e 556, l 222, o 556; Helvetica-Bold: l 278.
        assert!((breedte(Font::Regular, b"Hello", 1000.0) - 2278.0).abs() < 1e-9);
        assert!((breedte(Font::Vet, b"l", 10.0) - 2.78).abs() < 1e-9);
    }

    #[test]
    fn wrapped_lines_never_exceed_the_width_and_keep_every_word() {
        let tekst =
            winansi("De aanvraag omgevingsvergunning voor het bouwen van een dakkapel is ontvangen op 3 maart.");
        let regels = afbreken(&tekst, Font::Regular, 10.0, 120.0);
        assert!(regels.len() > 3);
        for r in &regels {
            let zichtbaar = r.trim_ascii_end();
            assert!(breedte(Font::Regular, zichtbaar, 10.0) <= 120.0 + 1e-6, "{:?}", String::from_utf8_lossy(r));
        }
        assert_eq!(regels.concat(), tekst);
    }

    #[test]
    fn a_word_fits_on_the_line_when_it_can_and_wraps_when_it_cannot() {
        let regels = afbreken(b"aaa bbb ccc", Font::Regular, 10.0, breedte(Font::Regular, b"aaa bbb", 10.0));
        assert_eq!(regels, vec![b"aaa bbb ".to_vec(), b"ccc".to_vec()]);
    }

    #[test]
    fn a_case_number_stays_whole_unless_it_is_wider_than_a_line() {
        let w = breedte(Font::Regular, b"Zaak Z-2026-", 10.0);
        assert_eq!(
            afbreken(b"Zaak Z-2026-000123", Font::Regular, 10.0, w),
            vec![b"Zaak ".to_vec(), b"Z-2026-".to_vec(), b"000123".to_vec()]
        );
        let ruim = breedte(Font::Regular, b"Z-2026-000123", 10.0);
        assert_eq!(
            afbreken(b"Zaak Z-2026-000123", Font::Regular, 10.0, ruim),
            vec![b"Zaak ".to_vec(), b"Z-2026-000123".to_vec()]
        );
    }

    #[test]
    fn a_soft_hyphen_breaks_a_long_word_with_a_visible_hyphen() {
        let woord = winansi("omgevings\u{AD}vergunning");
        let max = breedte(Font::Regular, b"de omgevings-", 10.0);
        assert_eq!(
            afbreken(&[b"de ".as_slice(), &woord].concat(), Font::Regular, 10.0, max),
            vec![b"de omgevings-".to_vec(), b"vergunning".to_vec()]
        );
        assert_eq!(afbreken(&woord, Font::Regular, 10.0, 500.0), vec![b"omgevingsvergunning".to_vec()]);
    }

    #[test]
    fn hard_line_breaks_are_kept_and_blank_input_has_no_lines() {
        assert_eq!(afbreken(b"a\n\nb", Font::Regular, 10.0, 100.0), vec![b"a ".to_vec(), vec![], b"b".to_vec()]);
        assert!(afbreken(b"  \n ", Font::Regular, 10.0, 100.0).is_empty());
    }

    #[test]
    fn a_word_wider_than_a_line_is_split_between_characters() {
        let regels = afbreken(b"WWWWWWWWWW", Font::Regular, 10.0, 30.0);
        assert_eq!(regels.concat(), b"WWWWWWWWWW".to_vec());
        assert!(regels.iter().all(|r| !r.is_empty() && breedte(Font::Regular, r, 10.0) <= 30.0));
    }

    #[test]
    fn numbers_have_at_most_two_decimals_and_no_negative_zero() {
        assert_eq!(getal(1.0), "1");
        assert_eq!(getal(-0.001), "0");
        assert_eq!(getal(12.345), "12.35");
        assert_eq!(getal(0.5), "0.5");
    }
}
