//! The PDFs stip hands out (ontvangstbevestiging, besluit, kant-en-klare vergunning): tagged, archival A4 PDF
//! documents laid out here and written by krilla. No IO: the caller builds a [`Document`] and gets its bytes.
//!
//! # Public API
//!
//! - [`Document::new`]`(Metadata)`, then blocks in reading order: [`Document::kop`] (levels 1–3),
//!   [`Document::alinea`], [`Document::opsomming`] / [`Document::genummerde_opsomming`], [`Document::gegevens`]
//!   (label/value lines), [`Document::tabel`], [`Document::kaart`], [`Document::qr`], [`Document::staafdiagram`], [`Document::nieuwe_pagina`];
//!   [`Document::voettekst`] for the footer; [`Document::bytes`]`() -> Vec<u8>`.
//! - [`Kaart`] / [`Vlak`] / [`Stijl`]: a vector map of planar polygons (RD metres, y to the north) with a legend,
//!   a scale bar and a north arrow.
//!
//! The output: PDF/A-2a and PDF/UA-1, written by krilla (which checks both standards as far as a machine can,
//! and refuses to write otherwise), A4 portrait. Text is set in DejaVu Sans and DejaVu Sans Bold (vendored in
//! `fonts/` with their licence), embedded and subsetted, with a Unicode map, so names in Polish, Turkish,
//! Vietnamese, Greek or Cyrillic print and copy as they are; a character neither font has becomes `?`. Automatic
//! page breaks keep a heading with its text, keep two lines of a paragraph together at either side of a break and
//! repeat a table's header row; a footer with "Pagina X van Y" on every page; document information, XMP metadata
//! (with the PDF/A and PDF/UA identification), an sRGB output intent, `/Lang`, `/DisplayDocTitle`, bookmarks from
//! the headings; a tagged PDF (structure tree H1–H3, P, L/LI/Lbl/LBody, Table/THead/TBody/TR/TH/TD, Figure with
//! `/Alt` and `/BBox`; footers and repeated headers are artifacts). The bytes are a function of the input only:
//! the creation date comes from [`Metadata`], the file identifier is a hash of the title, authors and content.

mod grafiek;
mod kaart;
mod opmaak;
mod qr;
mod schrijven;
mod tekening;
mod tekst;

use time::OffsetDateTime;

/// The document information: title, author (the bevoegd gezag), subject, language and creation time.
#[derive(Clone, Debug)]
pub struct Metadata {
    pub titel: String,
    pub auteur: String,
    pub onderwerp: String,
    /// BCP 47 language tag of the text, e.g. `nl-NL`. A tag starting with `en` also makes the fixed texts
    /// ("Page X of Y", the map legend) English.
    pub taal: String,
    /// When the document was made; written as /CreationDate and in the XMP metadata (with its UTC offset).
    pub gemaakt: OffsetDateTime,
}

/// A document under construction: blocks in reading order, laid out into pages by [`Document::bytes`].
#[derive(Clone, Debug)]
pub struct Document {
    meta: Metadata,
    blokken: Vec<Blok>,
    voettekst: Option<String>,
}

#[derive(Clone, Debug)]
pub(crate) enum Blok {
    Kop { niveau: u8, tekst: String },
    Alinea(String),
    Opsomming { items: Vec<String>, genummerd: bool },
    Gegevens(Vec<(String, String)>),
    Tabel { kop: Vec<String>, rijen: Vec<Vec<String>> },
    Kaart(Kaart),
    Qr { inhoud: String, alt: String },
    Staafdiagram(Staafdiagram),
    NieuwePagina,
}

impl Document {
    pub fn new(meta: Metadata) -> Document {
        Document { meta, blokken: Vec::new(), voettekst: None }
    }

    /// A heading of level 1, 2 or 3 (other levels are clamped). Never left alone at the bottom of a page.
    pub fn kop(&mut self, niveau: u8, tekst: &str) {
        self.blokken.push(Blok::Kop { niveau: niveau.clamp(1, 3), tekst: tekst.to_string() });
    }

    /// A paragraph, wrapped to the text width. `\n` is a line break; a soft hyphen (U+00AD) marks where a long
    /// word may be hyphenated.
    pub fn alinea(&mut self, tekst: &str) {
        self.blokken.push(Blok::Alinea(tekst.to_string()));
    }

    /// A bulleted list.
    pub fn opsomming<S: AsRef<str>>(&mut self, items: &[S]) {
        let items = items.iter().map(|s| s.as_ref().to_string()).collect();
        self.blokken.push(Blok::Opsomming { items, genummerd: false });
    }

    /// A numbered list (1., 2., …), e.g. the voorschriften of a besluit.
    pub fn genummerde_opsomming<S: AsRef<str>>(&mut self, items: &[S]) {
        let items = items.iter().map(|s| s.as_ref().to_string()).collect();
        self.blokken.push(Blok::Opsomming { items, genummerd: true });
    }

    /// Label/value lines: the label bold in a column of its own, the value wrapped beside it.
    pub fn gegevens<L: AsRef<str>, W: AsRef<str>>(&mut self, paren: &[(L, W)]) {
        let paren = paren.iter().map(|(l, w)| (l.as_ref().to_string(), w.as_ref().to_string())).collect();
        self.blokken.push(Blok::Gegevens(paren));
    }

    /// A table with a header row; cells wrap, column widths follow the content, the header row is repeated
    /// after a page break. A row with fewer cells than the header gets empty cells.
    pub fn tabel<K: AsRef<str>, C: AsRef<str>>(&mut self, kop: &[K], rijen: &[Vec<C>]) {
        let kop = kop.iter().map(|s| s.as_ref().to_string()).collect();
        let rijen = rijen.iter().map(|r| r.iter().map(|s| s.as_ref().to_string()).collect()).collect();
        self.blokken.push(Blok::Tabel { kop, rijen });
    }

    /// A vector map, kept on one page with its caption.
    pub fn kaart(&mut self, kaart: &Kaart) {
        self.blokken.push(Blok::Kaart(kaart.clone()));
    }

    /// A QR code of `inhoud` (e.g. the link to a case), drawn as vector squares with its quiet zone, at least
    /// 30 mm wide and never less than 0.5 mm per module (error correction level M). A figure whose alternate text
    /// is `alt` (say what the code leads to). Content too long for a QR code (more than 2331 bytes) is shown as a
    /// paragraph with `alt` instead.
    pub fn qr(&mut self, inhoud: &str, alt: &str) {
        self.blokken.push(Blok::Qr { inhoud: inhoud.to_string(), alt: alt.to_string() });
    }

    /// A horizontal bar chart, kept on one page: a figure whose alternate text reads every label and value (put the
    /// table behind it beside it for those who read figures as numbers).
    pub fn staafdiagram(&mut self, diagram: &Staafdiagram) {
        self.blokken.push(Blok::Staafdiagram(diagram.clone()));
    }

    /// Starts the next block on a new page (e.g. an appendix). Does nothing at the top of a page.
    pub fn nieuwe_pagina(&mut self) {
        self.blokken.push(Blok::NieuwePagina);
    }

    /// The footer text, on every page, to the left of "Pagina X van Y". Cut with an ellipsis when too long.
    pub fn voettekst(&mut self, tekst: &str) {
        self.voettekst = Some(tekst.to_string());
    }

    /// The PDF file. The same document gives the same bytes.
    pub fn bytes(&self) -> Vec<u8> {
        let opgemaakt = opmaak::opmaken(&self.blokken, self.voettekst.as_deref(), engels(&self.meta.taal));
        schrijven::schrijven(&self.meta, &opgemaakt)
    }
}

pub(crate) fn engels(taal: &str) -> bool {
    taal.get(..2).is_some_and(|t| t.eq_ignore_ascii_case("en"))
}

/// A vector map: polygons in planar coordinates (e.g. RD New metres, x east, y north), scaled to the text width.
#[derive(Clone, Debug, Default)]
pub struct Kaart {
    pub vlakken: Vec<Vlak>,
    /// Height of the map frame in millimetres (the legend comes under it); clamped to 40 mm .. one page.
    pub hoogte_mm: f64,
    /// The caption under the map.
    pub bijschrift: String,
    /// What the map shows, for screen readers (the figure's alternate text). Empty: the caption, the legend and
    /// the labels are used.
    pub beschrijving: String,
}

/// A bar chart: one bar per label, values of 0 or more.
#[derive(Clone, Debug, Default)]
pub struct Staafdiagram {
    pub titel: String,
    pub labels: Vec<String>,
    pub waarden: Vec<f64>,
    /// What the values count (`besluiten`, `dagen`), for the alternate text.
    pub eenheid: String,
}

/// One polygon: an exterior ring and any holes (filled with the even-odd rule, so ring orientation does not
/// matter), drawn in a [`Stijl`], with an optional label at an interior point.
#[derive(Clone, Debug)]
pub struct Vlak {
    pub ringen: Vec<Vec<(f64, f64)>>,
    pub stijl: Stijl,
    pub label: Option<String>,
}

/// How a polygon is drawn. Each has its own fill and line, and also its own dash pattern (and hatching for plan
/// and conflict), so the map can be read without colour; the legend names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stijl {
    /// A cadastral parcel (BRK): a solid dark line, no fill.
    Perceel,
    /// The applicant's plan: blue, diagonally hatched, dash-dot line.
    Plan,
    /// The building envelope of the omgevingsplan: pale yellow, dashed brown line.
    Bouwvlak,
    /// An existing building (BAG): grey, dotted line.
    Pand,
    /// Where the plan conflicts with a rule: red, cross-hatched, short dashes.
    Conflict,
}

impl Stijl {
    /// The legend text.
    pub fn omschrijving(self, engels: bool) -> &'static str {
        match (self, engels) {
            (Stijl::Perceel, false) => "Perceel",
            (Stijl::Perceel, true) => "Parcel",
            (Stijl::Plan, false) => "Bouwplan",
            (Stijl::Plan, true) => "Building plan",
            (Stijl::Bouwvlak, false) => "Bouwvlak",
            (Stijl::Bouwvlak, true) => "Building envelope",
            (Stijl::Pand, false) => "Bestaand gebouw",
            (Stijl::Pand, true) => "Existing building",
            (Stijl::Conflict, false) => "Past niet in de regels",
            (Stijl::Conflict, true) => "Conflicts with the rules",
        }
    }
}
