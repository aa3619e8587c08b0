//! Text for the page: the two embedded fonts (DejaVu Sans and DejaVu Sans Bold, vendored in `fonts/`) with their
//! glyphs and advance widths, input text cleaned into drawable characters, greedy line wrapping.

use skrifa::charmap::Charmap;
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::{FontRef, MetadataProvider};
use std::sync::LazyLock;

pub(crate) const DEJAVU_SANS: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
pub(crate) const DEJAVU_SANS_BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

/// The two fonts stip uses.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Font {
    Regular,
    Vet,
}

/// A font's character map and advance widths, read once.
struct Lettertype {
    charmap: Charmap<'static>,
    metrics: GlyphMetrics<'static>,
    /// Font units per em.
    em: f32,
}

static REGULAR: LazyLock<Lettertype> = LazyLock::new(|| Lettertype::nieuw(DEJAVU_SANS));
static VET: LazyLock<Lettertype> = LazyLock::new(|| Lettertype::nieuw(DEJAVU_SANS_BOLD));

impl Lettertype {
    fn nieuw(data: &'static [u8]) -> Lettertype {
        let font = FontRef::new(data).expect("the vendored font is a valid TrueType font");
        let em = f32::from(font.metrics(Size::unscaled(), LocationRef::default()).units_per_em);
        Lettertype {
            charmap: font.charmap(),
            metrics: font.glyph_metrics(Size::unscaled(), LocationRef::default()),
            em,
        }
    }
}

impl Font {
    fn lettertype(self) -> &'static Lettertype {
        match self {
            Font::Regular => &REGULAR,
            Font::Vet => &VET,
        }
    }

    /// The font file (embedded, subsetted by krilla).
    pub(crate) fn data(self) -> &'static [u8] {
        match self {
            Font::Regular => DEJAVU_SANS,
            Font::Vet => DEJAVU_SANS_BOLD,
        }
    }

    /// The glyph of a character, if the font has one.
    pub(crate) fn glyph(self, c: char) -> Option<u32> {
        self.lettertype().charmap.map(c).map(|g| g.to_u32()).filter(|&g| g != 0)
    }

    /// The advance width of a glyph as a fraction of the em.
    pub(crate) fn voortgang(self, glyph: u32) -> f32 {
        let l = self.lettertype();
        l.metrics.advance_width(skrifa::GlyphId::new(glyph)).unwrap_or(0.0) / l.em
    }
}

/// U+00AD (soft hyphen): invisible, a place where a word may be broken with a hyphen. The wrapped lines never
/// contain it.
pub(crate) const ZACHT_AFBREEKSTREEPJE: char = '\u{AD}';

/// Text as the characters to draw: `\n` stays (a hard line break), a tab and typographic spaces become a space,
/// control and invisible characters are dropped, and a character neither font has becomes `?`.
pub(crate) fn tekens(s: &str) -> Vec<char> {
    let mut uit = Vec::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | ZACHT_AFBREEKSTREEPJE => uit.push(c),
            '\t' | '\u{2000}'..='\u{200A}' => uit.push(' '),
            '\u{202F}' => uit.push('\u{A0}'),
            c if c.is_control() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}') => {}
            c if Font::Regular.glyph(c).is_some() && Font::Vet.glyph(c).is_some() => uit.push(c),
            _ => uit.push('?'),
        }
    }
    uit
}

/// Text for a single line that is never wrapped (a map label, the footer): as [`tekens`], with a line break as a
/// space and soft hyphens dropped (neither has a glyph to draw).
pub(crate) fn regel(s: &str) -> Vec<char> {
    tekens(s).into_iter().filter(|&c| c != ZACHT_AFBREEKSTREEPJE).map(|c| if c == '\n' { ' ' } else { c }).collect()
}

/// Width of one character in 1/1000 em.
fn glyph(font: Font, c: char) -> f64 {
    if c < ' ' || c == ZACHT_AFBREEKSTREEPJE {
        return 0.0;
    }
    font.glyph(c).map_or(0.0, |g| f64::from(font.voortgang(g)) * 1000.0)
}

/// Width of text in points at the given size.
pub(crate) fn breedte(font: Font, tekst: &[char], grootte: f64) -> f64 {
    tekst.iter().map(|&c| glyph(font, c)).sum::<f64>() * grootte / 1000.0
}

const SPELING: f64 = 1e-6;

/// Wraps text into lines no wider than `max` points: greedy, breaking at spaces (runs of spaces count as one),
/// at `\n` (hard breaks, kept as empty lines when doubled) and at soft hyphens (drawn as `-` at the break). A word
/// wider than a whole line breaks after `-` or `/`, or at a soft hyphen, else between characters. A line that
/// ends at a space or a hard break keeps one space at its end (invisible, not counted in the width) so that text
/// extracted line by line reads as words.
pub(crate) fn afbreken(tekst: &[char], font: Font, grootte: f64, max: f64) -> Vec<Vec<char>> {
    let tekst = trim(tekst);
    let mut regels = Vec::new();
    if tekst.is_empty() {
        return regels;
    }
    let spatie = breedte(font, &[' '], grootte);
    let past = |w: f64| w <= max + SPELING;
    let harde_regels: Vec<&[char]> = tekst.split(|&c| c == '\n').collect();
    for (h, harde_regel) in harde_regels.iter().enumerate() {
        let mut regel: Vec<char> = Vec::new();
        let mut w = 0.0;
        let mut iets = false;
        for woord in harde_regel.split(|&c| c == ' ').filter(|w| !w.is_empty()) {
            iets = true;
            let mut rest: Vec<char> = woord.to_vec();
            if !regel.is_empty() {
                let ww = breedte(font, &rest, grootte);
                if past(w + spatie + ww) {
                    regel.push(' ');
                    regel.extend(zonder_zachte(&rest));
                    w += spatie + ww;
                    continue;
                }
                // Fill the line up to a soft hyphen when the word has one (an explicit wish to hyphenate).
                if let Some((kop, staart)) = splits(&rest, font, grootte, max - w - spatie, false) {
                    regel.push(' ');
                    regel.extend(kop);
                    rest = staart;
                } else {
                    // The space the line breaks at stays, invisible at its end, so that text extracted from the
                    // structure tree (screen readers) does not glue the last word to the first of the next line.
                    regel.push(' ');
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
                regel.push(' ');
            }
            regels.push(regel);
        }
    }
    regels
}

fn trim(tekst: &[char]) -> &[char] {
    let leeg = |c: &char| matches!(c, ' ' | '\n');
    let begin = tekst.iter().position(|c| !leeg(c)).unwrap_or(tekst.len());
    let eind = tekst.iter().rposition(|c| !leeg(c)).map_or(begin, |i| i + 1);
    &tekst[begin..eind]
}

fn zonder_zachte(woord: &[char]) -> Vec<char> {
    woord.iter().copied().filter(|&c| c != ZACHT_AFBREEKSTREEPJE).collect()
}

/// Splits a word at the last break opportunity whose head fits in `max` points: soft hyphens always, after `-`
/// and `/` only when `ook_streepjes` (so a case number like `Z-2026-000123` stays whole while it fits a line).
fn splits(woord: &[char], font: Font, grootte: f64, max: f64, ook_streepjes: bool) -> Option<(Vec<char>, Vec<char>)> {
    // The width of each head, summed once (a long URL has many break opportunities).
    let mut tot = Vec::with_capacity(woord.len() + 1);
    tot.push(0.0);
    for &c in woord {
        tot.push(tot.last().copied().unwrap_or(0.0) + glyph(font, c) * grootte / 1000.0);
    }
    let streepje = breedte(font, &['-'], grootte);
    (1..woord.len()).rev().find_map(|i| {
        let c = woord[i];
        let (kop, w) = if c == ZACHT_AFBREEKSTREEPJE {
            let mut kop = zonder_zachte(&woord[..i]);
            kop.push('-');
            (kop, tot[i] + streepje)
        } else if ook_streepjes && matches!(c, '-' | '/') && i + 1 < woord.len() {
            (zonder_zachte(&woord[..=i]), tot[i + 1])
        } else {
            return None;
        };
        let staart = &woord[i + 1..];
        (kop.len() > 1 && !staart.is_empty() && w <= max + SPELING).then(|| (kop, staart.to_vec()))
    })
}

/// Splits a word between characters: as many as fit, at least one.
fn hard_splitsen(woord: &[char], font: Font, grootte: f64, max: f64) -> (Vec<char>, Vec<char>) {
    let mut w = 0.0;
    let mut eind = 0;
    for (i, &c) in woord.iter().enumerate() {
        w += glyph(font, c) * grootte / 1000.0;
        if w > max + SPELING && eind > 0 {
            break;
        }
        eind = i + 1;
    }
    (zonder_zachte(&woord[..eind]), woord[eind..].to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn polish_turkish_and_vietnamese_letters_are_kept_and_unknown_ones_become_a_question_mark() {
        assert_eq!(tekens("Łódź Şahin Nguyễn € ĳ"), t("Łódź Şahin Nguyễn € ĳ"));
        assert_eq!(tekens("a\u{1}\tb\u{200B}c"), t("a bc"));
        assert_eq!(tekens("漢"), t("?"));
        assert_eq!(regel("twee\nregels, zacht\u{AD}afgebroken"), t("twee regels, zachtafgebroken"));
    }

    #[test]
    fn widths_come_from_the_embedded_font() {
        // DejaVu Sans: "H" 1536/2048 em (752 of 1000), "l" 569/2048 em; bold is wider.
        assert!(
            (breedte(Font::Regular, &t("H"), 1000.0) - 751.95).abs() < 0.1,
            "{}",
            breedte(Font::Regular, &t("H"), 1000.0)
        );
        assert!(breedte(Font::Vet, &t("l"), 10.0) > breedte(Font::Regular, &t("l"), 10.0));
        assert_eq!(breedte(Font::Regular, &t("\u{AD}"), 10.0), 0.0);
    }

    #[test]
    fn wrapped_lines_never_exceed_the_width_and_keep_every_word() {
        let tekst = tekens("De aanvraag omgevingsvergunning voor het bouwen van een dakkapel is ontvangen op 3 maart.");
        let regels = afbreken(&tekst, Font::Regular, 10.0, 120.0);
        assert!(regels.len() > 3);
        for r in &regels {
            let zichtbaar: Vec<char> = r.iter().copied().collect::<String>().trim_end().chars().collect();
            assert!(breedte(Font::Regular, &zichtbaar, 10.0) <= 120.0 + 1e-6, "{:?}", r);
        }
        assert_eq!(regels.concat(), tekst);
    }

    #[test]
    fn a_word_fits_on_the_line_when_it_can_and_wraps_when_it_cannot() {
        let regels = afbreken(&t("aaa bbb ccc"), Font::Regular, 10.0, breedte(Font::Regular, &t("aaa bbb"), 10.0));
        assert_eq!(regels, vec![t("aaa bbb "), t("ccc")]);
    }

    #[test]
    fn a_case_number_stays_whole_unless_it_is_wider_than_a_line() {
        let w = breedte(Font::Regular, &t("Zaak Z-2026-"), 10.0);
        assert_eq!(
            afbreken(&t("Zaak Z-2026-000123"), Font::Regular, 10.0, w),
            vec![t("Zaak "), t("Z-2026-"), t("000123")]
        );
        let ruim = breedte(Font::Regular, &t("Z-2026-000123"), 10.0);
        assert_eq!(afbreken(&t("Zaak Z-2026-000123"), Font::Regular, 10.0, ruim), vec![t("Zaak "), t("Z-2026-000123")]);
    }

    #[test]
    fn a_soft_hyphen_breaks_a_long_word_with_a_visible_hyphen() {
        let woord = tekens("omgevings\u{AD}vergunning");
        let max = breedte(Font::Regular, &t("de omgevings-"), 10.0);
        assert_eq!(
            afbreken(&[t("de "), woord.clone()].concat(), Font::Regular, 10.0, max),
            vec![t("de omgevings-"), t("vergunning")]
        );
        assert_eq!(afbreken(&woord, Font::Regular, 10.0, 500.0), vec![t("omgevingsvergunning")]);
    }

    #[test]
    fn hard_line_breaks_are_kept_and_blank_input_has_no_lines() {
        assert_eq!(afbreken(&t("a\n\nb"), Font::Regular, 10.0, 100.0), vec![t("a "), vec![], t("b")]);
        assert!(afbreken(&t("  \n "), Font::Regular, 10.0, 100.0).is_empty());
    }

    #[test]
    fn a_word_wider_than_a_line_is_split_between_characters() {
        let regels = afbreken(&t("WWWWWWWWWW"), Font::Regular, 10.0, 30.0);
        assert_eq!(regels.concat(), t("WWWWWWWWWW"));
        assert!(regels.iter().all(|r| !r.is_empty() && breedte(Font::Regular, r, 10.0) <= 30.0));
    }
}
