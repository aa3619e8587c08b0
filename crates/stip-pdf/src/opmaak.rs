//! Page layout: the blocks of a document become lines and boxes on A4 pages (page breaks that keep a heading with
//! its text and repeat table headers, the footer), with the structure tree that tags them.

use crate::tekening::{Lijnstijl, Op, Stap};
use crate::tekst::{self, Font, afbreken, breedte, tekens};
use crate::{Blok, Kaart, kaart, qr};

pub(crate) const MM: f64 = 72.0 / 25.4;
pub(crate) const PAGINA_BREEDTE: f64 = 595.28;
pub(crate) const PAGINA_HOOGTE: f64 = 841.89;
const LINKS: f64 = 25.0 * MM;
const RECHTS: f64 = 25.0 * MM;
const BOVEN: f64 = 20.0 * MM;
const ONDER: f64 = 25.0 * MM;
const BREEDTE: f64 = PAGINA_BREEDTE - LINKS - RECHTS;
const ROMPHOOGTE: f64 = PAGINA_HOOGTE - BOVEN - ONDER;
const SPELING: f64 = 1e-6;

pub(crate) type Kleur = [f64; 3];
const TEKSTKLEUR: Kleur = [0.1, 0.1, 0.1];
const KOPKLEUR: Kleur = [0.08, 0.26, 0.45];
const VOETKLEUR: Kleur = [0.33, 0.33, 0.33];
const LIJNKLEUR: Kleur = [0.6, 0.6, 0.6];
const TABELKOPKLEUR: Kleur = [0.9, 0.92, 0.95];

#[derive(Clone, Copy)]
struct Letter {
    font: Font,
    grootte: f64,
    regelafstand: f64,
}

impl Letter {
    /// The baseline, measured down from the top of a line.
    fn basislijn(self) -> f64 {
        (self.regelafstand - self.grootte) / 2.0 + self.grootte * 0.8
    }
}

const ALINEA: Letter = Letter { font: Font::Regular, grootte: 10.5, regelafstand: 15.0 };
const LABEL: Letter = Letter { font: Font::Vet, grootte: 10.5, regelafstand: 15.0 };
const KOPPEN: [Letter; 3] = [
    Letter { font: Font::Vet, grootte: 17.0, regelafstand: 22.0 },
    Letter { font: Font::Vet, grootte: 13.5, regelafstand: 18.0 },
    Letter { font: Font::Vet, grootte: 11.0, regelafstand: 15.0 },
];
const RUIMTE_VOOR_KOP: [f64; 3] = [18.0, 14.0, 10.0];
const CEL: Letter = Letter { font: Font::Regular, grootte: 9.5, regelafstand: 13.0 };
const KOPCEL: Letter = Letter { font: Font::Vet, grootte: 9.5, regelafstand: 13.0 };
const BIJSCHRIFT: Letter = Letter { font: Font::Regular, grootte: 9.0, regelafstand: 12.5 };
const VOET: Letter = Letter { font: Font::Regular, grootte: 8.0, regelafstand: 10.0 };
const RUIMTE_VOOR_BLOK: f64 = 7.0;
const CELMARGE: f64 = 4.0;

/// A node of the structure tree; element 0 is the Document.
pub(crate) struct Element {
    pub rol: &'static str,
    pub kinderen: Vec<Kind>,
    pub alt: Option<String>,
    /// A heading's text (its title in the structure tree).
    pub titel: Option<String>,
    /// A list's numbering: `Decimal`, `Disc` or `None`.
    pub nummering: Option<&'static str>,
    /// A figure's bounding box: page and [x1, y1, x2, y2] in PDF coordinates.
    pub bbox: Option<(usize, [f64; 4])>,
}

pub(crate) enum Kind {
    Element(usize),
    /// Marked content on a page: page index and the number of the tagged part on it.
    Inhoud {
        pagina: usize,
        deel: usize,
    },
}

pub(crate) struct Boom {
    pub elementen: Vec<Element>,
}

impl Boom {
    fn nieuw(&mut self, rol: &'static str, ouder: usize) -> usize {
        let i = self.elementen.len();
        self.elementen.push(Element { rol, kinderen: Vec::new(), alt: None, titel: None, nummering: None, bbox: None });
        self.elementen[ouder].kinderen.push(Kind::Element(i));
        i
    }
}

/// What a part of a page is: content of a structure element, an artifact, or the footer (a pagination artifact).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Markering {
    Element(usize),
    Artefact,
    Voet,
}

/// A laid-out page: its drawings in parts, each marked as content of a structure element or as an artifact.
pub(crate) struct Pagina {
    pub delen: Vec<(Markering, Vec<Op>)>,
}

/// A bookmark for a heading: level, text, page and the height of its top on the page (PDF coordinates).
pub(crate) struct Bladwijzer {
    pub niveau: u8,
    pub titel: String,
    pub pagina: usize,
    pub y: f64,
}

pub(crate) struct Opgemaakt {
    pub paginas: Vec<Pagina>,
    pub boom: Boom,
    pub bladwijzers: Vec<Bladwijzer>,
}

/// Something drawn, placed relative to the top left of its [`Stuk`] (x absolute on the page, y down from the top).
#[derive(Clone)]
enum Teken {
    Tekst {
        x: f64,
        y: f64,
        letter: Letter,
        kleur: Kleur,
        tekst: Vec<char>,
    },
    Lijn {
        x1: f64,
        y1: f64,
        x2: f64,
        y2: f64,
        dikte: f64,
        kleur: Kleur,
    },
    Rechthoek {
        x: f64,
        y: f64,
        b: f64,
        h: f64,
        kleur: Kleur,
    },
    /// A drawing with the origin at the stuk's top left page edge, y up (so negative below the top).
    Figuur(Vec<Op>),
}

/// The unit of pagination: a line of text or a row of lines, never split over pages.
#[derive(Clone)]
struct Stuk {
    hoogte: f64,
    /// Space above, dropped at the top of a page.
    voor: f64,
    /// Keep on the same page as the next stuk (a heading, the first or last two lines of a paragraph, a table row).
    bij_volgende: bool,
    /// The table (index) this belongs to, and whether it is part of its header row.
    tabel: Option<(usize, bool)>,
    /// What to draw, each with the structure element it belongs to (`None`: an artifact).
    tekeningen: Vec<(Option<usize>, Teken)>,
    /// Bookmark: the heading level and text, on the first line of a heading.
    kop: Option<(u8, String)>,
    nieuwe_pagina: bool,
    /// A figure whose bounding box is this stuk, from the left margin and this wide.
    figuur: Option<(usize, f64)>,
}

impl Stuk {
    fn regel(hoogte: f64, voor: f64, bij_volgende: bool) -> Stuk {
        Stuk {
            hoogte,
            voor,
            bij_volgende,
            tabel: None,
            tekeningen: Vec::new(),
            kop: None,
            nieuwe_pagina: false,
            figuur: None,
        }
    }
}

struct Zetter {
    boom: Boom,
    stukken: Vec<Stuk>,
    /// Per table, its header row as artifacts, drawn again at the top of a page the table continues on.
    herhaalde_koppen: Vec<Vec<Stuk>>,
    nieuwe_pagina: bool,
    engels: bool,
}

/// Lays out the blocks into pages.
pub(crate) fn opmaken(blokken: &[Blok], voettekst: Option<&str>, engels: bool) -> Opgemaakt {
    let document =
        Element { rol: "Document", kinderen: Vec::new(), alt: None, titel: None, nummering: None, bbox: None };
    let mut z = Zetter {
        boom: Boom { elementen: vec![document] },
        stukken: Vec::new(),
        herhaalde_koppen: Vec::new(),
        nieuwe_pagina: false,
        engels,
    };
    for blok in blokken {
        match blok {
            Blok::Kop { niveau, tekst } => z.kop(*niveau, tekst),
            Blok::Alinea(tekst) => z.alinea(tekst),
            Blok::Opsomming { items, genummerd } => z.opsomming(items, *genummerd),
            Blok::Gegevens(paren) => z.gegevens(paren),
            Blok::Tabel { kop, rijen } => z.tabel(kop, rijen),
            Blok::Kaart(k) => z.kaart(k),
            Blok::Qr { inhoud, alt } => z.qr(inhoud, alt),
            Blok::Staafdiagram(g) => z.staafdiagram(g),
            Blok::NieuwePagina => z.nieuwe_pagina = true,
        }
    }
    let Zetter { mut boom, stukken, herhaalde_koppen, .. } = z;
    let (indeling, bladwijzers) = pagineren(&stukken, &herhaalde_koppen, &mut boom);
    let aantal = indeling.len();
    let paginas = indeling
        .iter()
        .enumerate()
        .map(|(p, stukken)| {
            let mut pagina = inhoud(p, stukken, &mut boom);
            pagina.delen.push((Markering::Voet, voet(voettekst, p + 1, aantal, engels)));
            pagina
        })
        .collect();
    Opgemaakt { paginas, boom, bladwijzers }
}

impl Zetter {
    fn toevoegen(&mut self, mut stuk: Stuk) {
        if std::mem::take(&mut self.nieuwe_pagina) {
            stuk.nieuwe_pagina = true;
        }
        self.stukken.push(stuk);
    }

    /// Wrapped text lines of one element; the first two and the last two lines stay together.
    #[allow(clippy::too_many_arguments)]
    fn regels(
        &mut self,
        element: usize,
        regels: Vec<Vec<char>>,
        letter: Letter,
        kleur: Kleur,
        voor: f64,
        laatste_bij_volgende: bool,
        na: f64,
    ) {
        let n = regels.len();
        for (i, tekst) in regels.into_iter().enumerate() {
            let laatste = i + 1 == n;
            let bij_volgende = if laatste { laatste_bij_volgende } else { i == 0 || i + 2 == n };
            let mut stuk = Stuk::regel(letter.regelafstand + if laatste { na } else { 0.0 }, 0.0, bij_volgende);
            if i == 0 {
                stuk.voor = voor;
            }
            if !tekst.is_empty() {
                stuk.tekeningen
                    .push((Some(element), Teken::Tekst { x: LINKS, y: letter.basislijn(), letter, kleur, tekst }));
            }
            self.toevoegen(stuk);
        }
    }

    fn kop(&mut self, niveau: u8, tekst: &str) {
        let i = usize::from(niveau.clamp(1, 3) - 1);
        let letter = KOPPEN[i];
        let regels = afbreken(&tekens(tekst), letter.font, letter.grootte, BREEDTE);
        if regels.is_empty() {
            return;
        }
        let rol = ["H1", "H2", "H3"][i];
        let element = self.boom.nieuw(rol, 0);
        let eerste = self.stukken.len();
        let n = regels.len();
        self.regels(element, regels, letter, KOPKLEUR, RUIMTE_VOOR_KOP[i], true, 3.0);
        // All lines of a heading stay together and with what follows.
        for stuk in &mut self.stukken[eerste..eerste + n] {
            stuk.bij_volgende = true;
        }
        let titel = tekst.split_whitespace().collect::<Vec<_>>().join(" ");
        self.boom.elementen[element].titel = Some(titel.clone());
        self.stukken[eerste].kop = Some((i as u8 + 1, titel));
    }

    fn alinea(&mut self, tekst: &str) {
        let regels = afbreken(&tekens(tekst), ALINEA.font, ALINEA.grootte, BREEDTE);
        if regels.is_empty() {
            return;
        }
        let element = self.boom.nieuw("P", 0);
        self.regels(element, regels, ALINEA, TEKSTKLEUR, RUIMTE_VOOR_BLOK, false, 0.0);
    }

    fn opsomming(&mut self, items: &[String], genummerd: bool) {
        if items.is_empty() {
            return;
        }
        let lijst = self.boom.nieuw("L", 0);
        self.boom.elementen[lijst].nummering = Some(if genummerd { "Decimal" } else { "Disc" });
        let labels: Vec<Vec<char>> =
            (1..=items.len()).map(|n| if genummerd { format!("{n}.").chars().collect() } else { vec!['•'] }).collect();
        let labelbreedte = labels.iter().map(|l| breedte(ALINEA.font, l, ALINEA.grootte)).fold(0.0, f64::max);
        let inspringing = 6.0;
        let tekst_x = LINKS + inspringing + labelbreedte + 7.0;
        for (n, (item, label)) in items.iter().zip(labels).enumerate() {
            let li = self.boom.nieuw("LI", lijst);
            let lbl = self.boom.nieuw("Lbl", li);
            let body = self.boom.nieuw("LBody", li);
            let mut regels = afbreken(&tekens(item), ALINEA.font, ALINEA.grootte, LINKS + BREEDTE - tekst_x);
            if regels.is_empty() {
                regels.push(Vec::new());
            }
            let aantal = regels.len();
            for (i, tekst) in regels.into_iter().enumerate() {
                let bij_volgende = i + 1 < aantal && (i == 0 || i + 2 == aantal);
                let voor = match (i, n) {
                    (0, 0) => RUIMTE_VOOR_BLOK,
                    (0, _) => 3.0,
                    _ => 0.0,
                };
                let mut stuk = Stuk::regel(ALINEA.regelafstand, voor, bij_volgende);
                if i == 0 {
                    // Numbers align on their right edge, bullets on the left.
                    let x = LINKS + inspringing + labelbreedte - breedte(ALINEA.font, &label, ALINEA.grootte);
                    let label = label.clone();
                    stuk.tekeningen.push((
                        Some(lbl),
                        Teken::Tekst { x, y: ALINEA.basislijn(), letter: ALINEA, kleur: TEKSTKLEUR, tekst: label },
                    ));
                }
                if !tekst.is_empty() {
                    stuk.tekeningen.push((
                        Some(body),
                        Teken::Tekst { x: tekst_x, y: ALINEA.basislijn(), letter: ALINEA, kleur: TEKSTKLEUR, tekst },
                    ));
                }
                self.toevoegen(stuk);
            }
        }
    }

    fn gegevens(&mut self, paren: &[(String, String)]) {
        if paren.is_empty() {
            return;
        }
        let lijst = self.boom.nieuw("L", 0);
        self.boom.elementen[lijst].nummering = Some("None");
        let labels: Vec<Vec<char>> = paren.iter().map(|(l, _)| tekens(l)).collect();
        let widest = labels.iter().map(|l| breedte(LABEL.font, l, LABEL.grootte)).fold(0.0, f64::max);
        let labelkolom = widest.min(0.4 * BREEDTE);
        let waarde_x = LINKS + labelkolom + 12.0;
        for (n, ((_, waarde), label)) in paren.iter().zip(labels).enumerate() {
            let li = self.boom.nieuw("LI", lijst);
            let lbl = self.boom.nieuw("Lbl", li);
            let body = self.boom.nieuw("LBody", li);
            let labelregels = afbreken(&label, LABEL.font, LABEL.grootte, labelkolom);
            let waarderegels = afbreken(&tekens(waarde), ALINEA.font, ALINEA.grootte, LINKS + BREEDTE - waarde_x);
            let aantal = labelregels.len().max(waarderegels.len()).max(1);
            for i in 0..aantal {
                let voor = match (i, n) {
                    (0, 0) => RUIMTE_VOOR_BLOK,
                    (0, _) => 2.0,
                    _ => 0.0,
                };
                let mut stuk = Stuk::regel(ALINEA.regelafstand, voor, i + 1 < aantal);
                for (element, regels, letter, x) in
                    [(lbl, &labelregels, LABEL, LINKS), (body, &waarderegels, ALINEA, waarde_x)]
                {
                    if let Some(tekst) = regels.get(i).filter(|r| !r.is_empty()) {
                        let tekst = tekst.clone();
                        let y = letter.basislijn();
                        stuk.tekeningen.push((Some(element), Teken::Tekst { x, y, letter, kleur: TEKSTKLEUR, tekst }));
                    }
                }
                self.toevoegen(stuk);
            }
        }
    }

    fn tabel(&mut self, kop: &[String], rijen: &[Vec<String>]) {
        let kolommen = rijen.iter().map(Vec::len).chain([kop.len()]).max().unwrap_or(0);
        if kolommen == 0 {
            return;
        }
        let cel = |rij: &[String], k: usize| tekens(rij.get(k).map_or("", String::as_str));
        let kopcellen: Vec<Vec<char>> = (0..kolommen).map(|k| cel(kop, k)).collect();
        let cellen: Vec<Vec<Vec<char>>> = rijen.iter().map(|r| (0..kolommen).map(|k| cel(r, k)).collect()).collect();
        let breedtes = kolombreedtes(&kopcellen, &cellen, kolommen);
        let mut xs = vec![LINKS];
        for b in &breedtes[..kolommen - 1] {
            xs.push(xs.last().unwrap() + b);
        }
        let nummer = self.herhaalde_koppen.len();
        let tabel = self.boom.nieuw("Table", 0);
        let thead = self.boom.nieuw("THead", tabel);
        let tr = self.boom.nieuw("TR", thead);
        let th: Vec<Option<usize>> = (0..kolommen).map(|_| Some(self.boom.nieuw("TH", tr))).collect();
        let kopstukken = rij(&kopcellen, &xs, &breedtes, KOPCEL, &th, Some(TABELKOPKLEUR), 0.9, RUIMTE_VOOR_BLOK + 2.0);
        let mut herhaling = Vec::new();
        for mut stuk in kopstukken {
            stuk.tabel = Some((nummer, true));
            stuk.bij_volgende = true;
            let mut kopie = stuk.clone();
            kopie.voor = 0.0;
            kopie.tekeningen.iter_mut().for_each(|(e, _)| *e = None);
            herhaling.push(kopie);
            self.toevoegen(stuk);
        }
        self.herhaalde_koppen.push(herhaling);
        if cellen.is_empty() {
            if let Some(laatste) = self.stukken.last_mut() {
                laatste.bij_volgende = false;
            }
            return;
        }
        let tbody = self.boom.nieuw("TBody", tabel);
        for rijcellen in &cellen {
            let tr = self.boom.nieuw("TR", tbody);
            let td: Vec<Option<usize>> = (0..kolommen).map(|_| Some(self.boom.nieuw("TD", tr))).collect();
            for mut stuk in rij(rijcellen, &xs, &breedtes, CEL, &td, None, 0.4, 0.0) {
                stuk.tabel = Some((nummer, false));
                self.toevoegen(stuk);
            }
        }
    }

    fn kaart(&mut self, k: &Kaart) {
        let figuur = self.boom.nieuw("Figure", 0);
        let bijschrift = afbreken(&tekens(&k.bijschrift), BIJSCHRIFT.font, BIJSCHRIFT.grootte, BREEDTE);
        let ruimte = ROMPHOOGTE - 12.0 - bijschrift.len() as f64 * BIJSCHRIFT.regelafstand;
        let getekend = kaart::teken(k, LINKS, BREEDTE, ruimte, self.engels);
        let alt = if k.beschrijving.trim().is_empty() { getekend.alt } else { k.beschrijving.trim().to_string() };
        self.boom.elementen[figuur].alt = Some(alt);
        let mut stuk = Stuk::regel(getekend.hoogte, 10.0, !bijschrift.is_empty());
        stuk.tekeningen.push((Some(figuur), Teken::Figuur(getekend.inhoud)));
        stuk.figuur = Some((figuur, BREEDTE));
        self.toevoegen(stuk);
        if !bijschrift.is_empty() {
            let aantal = bijschrift.len();
            let p = self.boom.nieuw("P", 0);
            self.regels(p, bijschrift, BIJSCHRIFT, TEKSTKLEUR, 2.0, false, 0.0);
            // The caption stays whole, with its map.
            let n = self.stukken.len();
            for stuk in &mut self.stukken[n - aantal..n - 1] {
                stuk.bij_volgende = true;
            }
        }
    }

    /// A bar chart across the text width, a Figure with its alternate text and bounding box.
    fn staafdiagram(&mut self, g: &crate::Staafdiagram) {
        let figuur = self.boom.nieuw("Figure", 0);
        let (getekend, alt) = crate::grafiek::teken(g, LINKS, BREEDTE);
        self.boom.elementen[figuur].alt = Some(alt);
        let mut stuk = Stuk::regel(getekend.hoogte, RUIMTE_VOOR_BLOK, false);
        stuk.tekeningen.push((Some(figuur), Teken::Figuur(getekend.inhoud)));
        stuk.figuur = Some((figuur, BREEDTE));
        self.toevoegen(stuk);
    }

    /// A QR code at the left margin, a Figure with its alternate text and bounding box.
    /// Without a description the alternate text names the content (a figure must have one).
    fn qr(&mut self, inhoud: &str, alt: &str) {
        let alt = match alt.trim() {
            "" => format!("{}: {}", if self.engels { "QR code" } else { "QR-code" }, inhoud.trim()),
            alt => alt.to_string(),
        };
        let Some(modules) = qr::modules(inhoud) else {
            self.alinea(&alt);
            return;
        };
        let figuur = self.boom.nieuw("Figure", 0);
        self.boom.elementen[figuur].alt = Some(alt);
        let getekend = qr::teken(&modules, LINKS, 30.0 * MM, BREEDTE);
        let mut stuk = Stuk::regel(getekend.hoogte, RUIMTE_VOOR_BLOK, false);
        stuk.tekeningen.push((Some(figuur), Teken::Figuur(getekend.inhoud)));
        stuk.figuur = Some((figuur, getekend.hoogte));
        self.toevoegen(stuk);
    }
}

/// Column widths from the content, as browsers do for an automatic table layout: the widest text of a column
/// when everything fits (extra space shared in proportion), else at least its longest word, else shrunk.
fn kolombreedtes(kop: &[Vec<char>], rijen: &[Vec<Vec<char>>], kolommen: usize) -> Vec<f64> {
    let mut min = vec![0.0_f64; kolommen];
    let mut voorkeur = vec![0.0_f64; kolommen];
    let regels = std::iter::once((kop, KOPCEL)).chain(rijen.iter().map(|r| (r.as_slice(), CEL)));
    for (cellen, letter) in regels {
        for (k, cel) in cellen.iter().enumerate() {
            for regel in cel.split(|&c| c == '\n') {
                voorkeur[k] = voorkeur[k].max(breedte(letter.font, regel, letter.grootte));
                for woord in regel.split(|&c| c == ' ') {
                    min[k] = min[k].max(breedte(letter.font, woord, letter.grootte).min(BREEDTE / 3.0));
                }
            }
        }
    }
    let marge = 2.0 * CELMARGE;
    let min: Vec<f64> = min.iter().map(|m| m + marge).collect();
    let voorkeur: Vec<f64> = voorkeur.iter().zip(&min).map(|(v, m)| (v + marge).max(*m)).collect();
    let (som_min, som_voorkeur) = (min.iter().sum::<f64>(), voorkeur.iter().sum::<f64>());
    if som_voorkeur <= BREEDTE {
        voorkeur.iter().map(|v| v * BREEDTE / som_voorkeur).collect()
    } else if som_min <= BREEDTE {
        let extra = som_voorkeur - som_min;
        min.iter().zip(&voorkeur).map(|(m, v)| m + (BREEDTE - som_min) * (v - m) / extra).collect()
    } else {
        min.iter().map(|m| m * BREEDTE / som_min).collect()
    }
}

/// One table row as stukken (one per line), cells wrapped in their columns, a rule under the last line.
#[allow(clippy::too_many_arguments)]
fn rij(
    cellen: &[Vec<char>],
    xs: &[f64],
    breedtes: &[f64],
    letter: Letter,
    elementen: &[Option<usize>],
    achtergrond: Option<Kleur>,
    lijndikte: f64,
    voor: f64,
) -> Vec<Stuk> {
    const BOVENMARGE: f64 = 3.0;
    let regels: Vec<Vec<Vec<char>>> = cellen
        .iter()
        .zip(breedtes)
        .map(|(cel, b)| afbreken(cel, letter.font, letter.grootte, b - 2.0 * CELMARGE))
        .collect();
    let aantal = regels.iter().map(Vec::len).max().unwrap_or(0).max(1);
    (0..aantal)
        .map(|i| {
            let boven = if i == 0 { BOVENMARGE } else { 0.0 };
            let onder = if i + 1 == aantal { BOVENMARGE } else { 0.0 };
            let hoogte = boven + letter.regelafstand + onder;
            let mut stuk = Stuk::regel(hoogte, if i == 0 { voor } else { 0.0 }, i + 1 < aantal);
            if let Some(kleur) = achtergrond {
                stuk.tekeningen.push((None, Teken::Rechthoek { x: LINKS, y: 0.0, b: BREEDTE, h: hoogte, kleur }));
            }
            for ((celregels, x), element) in regels.iter().zip(xs).zip(elementen) {
                if let Some(tekst) = celregels.get(i).filter(|r| !r.is_empty()) {
                    let (x, y, tekst) = (x + CELMARGE, boven + letter.basislijn(), tekst.clone());
                    stuk.tekeningen.push((*element, Teken::Tekst { x, y, letter, kleur: TEKSTKLEUR, tekst }));
                }
            }
            if i + 1 == aantal {
                let (x1, x2) = (LINKS, LINKS + BREEDTE);
                let lijn = Teken::Lijn { x1, y1: hoogte, x2, y2: hoogte, dikte: lijndikte, kleur: LIJNKLEUR };
                stuk.tekeningen.push((None, lijn));
            }
            stuk
        })
        .collect()
}

/// One page's stukken with the height of their tops, measured down from the top of the page.
type Indeling<'a> = Vec<(f64, &'a Stuk)>;

/// Puts the stukken on pages: a stuk goes to the next page when it, with the stukken it must stay with, does not
/// fit (unless that group is longer than a page: then it breaks where it must). A table continued on a new page
/// gets its header row again.
fn pagineren<'a>(
    stukken: &'a [Stuk],
    herhaalde_koppen: &'a [Vec<Stuk>],
    boom: &mut Boom,
) -> (Vec<Indeling<'a>>, Vec<Bladwijzer>) {
    let onderkant = PAGINA_HOOGTE - ONDER;
    let mut paginas: Vec<Indeling> = vec![Vec::new()];
    let mut bladwijzers = Vec::new();
    // The cursor, down from the top of the page, and whether nothing (but a repeated table header) is on it yet.
    let mut y = BOVEN;
    let mut bovenaan = true;
    for (i, stuk) in stukken.iter().enumerate() {
        let mut volgende_pagina = stuk.nieuwe_pagina && !bovenaan;
        if !bovenaan && !volgende_pagina {
            let eigen = stuk.voor + stuk.hoogte;
            let mut groep = eigen;
            let mut j = i;
            while stukken[j].bij_volgende && j + 1 < stukken.len() {
                j += 1;
                groep += stukken[j].voor + stukken[j].hoogte;
            }
            if y + groep > onderkant + SPELING {
                let herhaling = match stuk.tabel {
                    Some((t, false)) => herhaalde_koppen[t].iter().map(|s| s.hoogte).sum(),
                    _ => 0.0,
                };
                let past_op_lege_pagina = groep - stuk.voor <= ROMPHOOGTE - herhaling + SPELING;
                volgende_pagina = past_op_lege_pagina || y + eigen > onderkant + SPELING;
            }
        }
        if volgende_pagina {
            paginas.push(Vec::new());
            y = BOVEN;
            bovenaan = true;
            if let Some((t, false)) = stuk.tabel {
                for kop in &herhaalde_koppen[t] {
                    paginas.last_mut().unwrap().push((y, kop));
                    y += kop.hoogte;
                }
            }
        }
        if !bovenaan {
            y += stuk.voor;
        }
        let pagina = paginas.len() - 1;
        if let Some((niveau, titel)) = &stuk.kop {
            bladwijzers.push(Bladwijzer { niveau: *niveau, titel: titel.clone(), pagina, y: PAGINA_HOOGTE - y });
        }
        if let Some((figuur, breedte)) = stuk.figuur {
            let (x1, y1, x2, y2) = (LINKS, PAGINA_HOOGTE - y - stuk.hoogte, LINKS + breedte, PAGINA_HOOGTE - y);
            boom.elementen[figuur].bbox = Some((pagina, [x1, y1, x2, y2]));
        }
        paginas[pagina].push((y, stuk));
        y += stuk.hoogte;
        bovenaan = false;
    }
    (paginas, bladwijzers)
}

/// The drawings of one page in parts: each run of drawings of one structure element (or of artifacts) is a part.
fn inhoud(pagina: usize, stukken: &[(f64, &Stuk)], boom: &mut Boom) -> Pagina {
    let mut delen: Vec<(Markering, Vec<Op>)> = Vec::new();
    let mut getagd = 0;
    for (top, stuk) in stukken {
        for (element, teken) in &stuk.tekeningen {
            let markering = element.map_or(Markering::Artefact, Markering::Element);
            if delen.last().is_none_or(|(m, _)| *m != markering) {
                if let Markering::Element(e) = markering {
                    boom.elementen[e].kinderen.push(Kind::Inhoud { pagina, deel: getagd });
                    getagd += 1;
                }
                delen.push((markering, Vec::new()));
            }
            if let Some((_, ops)) = delen.last_mut() {
                tekenen(ops, teken, *top);
            }
        }
    }
    Pagina { delen }
}

fn tekenen(uit: &mut Vec<Op>, teken: &Teken, top: f64) {
    let y = |dy: f64| PAGINA_HOOGTE - top - dy;
    match teken {
        Teken::Tekst { x, y: dy, letter, kleur, tekst: t } => uit.push(tekst(*x, y(*dy), *letter, *kleur, t.clone())),
        Teken::Lijn { x1, y1, x2, y2, dikte, kleur } => {
            let pad = vec![Stap::Naar(*x1, y(*y1)), Stap::Lijn(*x2, y(*y2))];
            uit.push(Op::omlijnd(pad, Lijnstijl::vol(*kleur, *dikte)));
        }
        Teken::Rechthoek { x, y: dy, b, h, kleur } => {
            uit.push(Op::gevuld(Op::rechthoek(*x, y(dy + h), *b, *h), *kleur))
        }
        Teken::Figuur(ops) => uit.extend(ops.iter().map(|o| o.verschoven(y(0.0)))),
    }
}

fn tekst(x: f64, y: f64, letter: Letter, kleur: Kleur, tekst: Vec<char>) -> Op {
    Op::Tekst { x, y, font: letter.font, grootte: letter.grootte, kleur, tekst }
}

/// The footer, a pagination artifact: the footer text left (cut with an ellipsis when too long), "Pagina X van Y"
/// right, a rule above.
fn voet(voettekst: Option<&str>, pagina: usize, aantal: usize, engels: bool) -> Vec<Op> {
    let nummer = if engels { format!("Page {pagina} of {aantal}") } else { format!("Pagina {pagina} van {aantal}") };
    let nummer: Vec<char> = nummer.chars().collect();
    let nummerbreedte = breedte(VOET.font, &nummer, VOET.grootte);
    let lijn_y = ONDER - 10.0;
    let basislijn = lijn_y - 13.0;
    let lijn = vec![Stap::Naar(LINKS, lijn_y), Stap::Lijn(LINKS + BREEDTE, lijn_y)];
    let mut uit = vec![Op::omlijnd(lijn, Lijnstijl::vol(LIJNKLEUR, 0.5))];
    if let Some(t) = voettekst {
        let ruimte = BREEDTE - nummerbreedte - 12.0;
        let mut regel = tekst::regel(t);
        let mut w = breedte(VOET.font, &regel, VOET.grootte);
        if w > ruimte {
            let puntjes = breedte(VOET.font, &['…'], VOET.grootte);
            while let Some(c) = regel.pop_if(|_| w + puntjes > ruimte) {
                w -= breedte(VOET.font, &[c], VOET.grootte);
            }
            while regel.last() == Some(&' ') {
                regel.pop();
            }
            regel.push('…');
        }
        uit.push(tekst(LINKS, basislijn, VOET, VOETKLEUR, regel));
    }
    uit.push(tekst(LINKS + BREEDTE - nummerbreedte, basislijn, VOET, VOETKLEUR, nummer));
    uit
}
