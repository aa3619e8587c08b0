//! The PDF file, written by krilla: PDF/A-2a and PDF/UA-1 with the two fonts embedded and subsetted, the pages'
//! drawings with each part tagged (or an artifact), the structure tree, bookmarks and the document metadata (XMP
//! too). krilla writes the same bytes for the same input; its file identifier is a hash of the title and authors
//! and of the content.

use crate::Metadata;
use crate::opmaak::{Bladwijzer, Kind, Markering, Opgemaakt, PAGINA_BREEDTE, PAGINA_HOOGTE};
use crate::tekening::{Op, Pad, Stap};
use crate::tekst::{Font, ZACHT_AFBREEKSTREEPJE};
use krilla::color::rgb;
use krilla::configure::{Accessibility, Archival, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect, Size};
use krilla::metadata::{DateTime, Metadata as KrillaMetadata};
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, LineCap, LineJoin, Stroke, StrokeDash};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, BBox, ContentTag, Identifier, ListNumbering, Node, SpanTag, TableHeaderScope, Tag,
    TagGroup, TagKind, TagTree,
};
use krilla::text::{GlyphId, KrillaGlyph};
use krilla::{Document, SerializeSettings};
use std::num::NonZeroU16;
use time::OffsetDateTime;

pub(crate) fn schrijven(meta: &Metadata, opgemaakt: &Opgemaakt) -> Vec<u8> {
    // PDF/A-2a (archival, accessible) and PDF/UA-1: krilla checks what it can of both while writing. Level A rather
    // than B: the documents are kept for years and must stay readable by everyone, and A asks only for what stip
    // writes anyway (the structure tree, Unicode for every glyph, the language).
    let configuratie = ConfigurationBuilder::new()
        .with_archival_validator(Archival::A2_A)
        .with_accessibility_validator(Accessibility::UA1)
        .finish()
        .expect("PDF/A-2a is a valid configuration");
    let mut doc = Document::new_with(SerializeSettings {
        configuration: configuratie,
        enable_tagging: true,
        ..SerializeSettings::default()
    });
    let fonts = [Font::Regular, Font::Vet]
        .map(|f| krilla::text::Font::new(f.data().into(), 0).expect("the vendored font is a valid TrueType font"));

    // Per page, the identifier of each tagged part, in order.
    let mut delen: Vec<Vec<Identifier>> = Vec::new();
    for pagina in &opgemaakt.paginas {
        let grootte = Size::from_wh(PAGINA_BREEDTE as f32, PAGINA_HOOGTE as f32).expect("A4 has a size");
        let mut page = doc.start_page_with(PageSettings::new(grootte));
        let mut surface = page.surface();
        let mut getagd = Vec::new();
        for (markering, ops) in &pagina.delen {
            let tag = match markering {
                Markering::Element(_) if ops.iter().any(|o| matches!(o, Op::Tekst { .. })) => {
                    ContentTag::Span(SpanTag::empty())
                }
                Markering::Element(_) => ContentTag::Other,
                Markering::Artefact => ContentTag::Artifact(Artifact::new(ArtifactType::Other, None)),
                Markering::Voet => ContentTag::Artifact(Artifact::new(ArtifactType::Footer, None)),
            };
            let id = surface.start_tagged(tag);
            if matches!(markering, Markering::Element(_)) {
                getagd.push(id);
            }
            for op in ops {
                tekenen(&mut surface, op, &fonts);
            }
            surface.end_tagged();
        }
        surface.finish();
        page.finish();
        delen.push(getagd);
    }

    let mut boom = TagTree::new();
    for kind in &opgemaakt.boom.elementen[0].kinderen {
        if let Some(node) = knoop(opgemaakt, kind, &delen) {
            boom.push(node);
        }
    }
    doc.set_tag_tree(boom);
    // PDF/UA wants a title and bookmarks: without them, the subject (or "Document") and one bookmark to it.
    let titel = [meta.titel.trim(), meta.onderwerp.trim()].into_iter().find(|t| !t.is_empty()).unwrap_or("Document");
    if opgemaakt.bladwijzers.is_empty() {
        let mut outline = Outline::new();
        let begin = XyzDestination::new(0, Point::from_xy(0.0, 0.0));
        outline.push_child(OutlineNode::new(titel.to_string(), begin));
        doc.set_outline(outline);
    } else {
        doc.set_outline(overzicht(&opgemaakt.bladwijzers));
    }
    let taal = if meta.taal.trim().is_empty() { "nl-NL" } else { meta.taal.trim() };
    doc.set_metadata(
        KrillaMetadata::new()
            .title(titel.to_string())
            .authors(vec![meta.auteur.clone()])
            .description(meta.onderwerp.clone())
            .language(taal.to_string())
            .creator("stip".to_string())
            .producer(format!("stip-pdf {} (krilla)", env!("CARGO_PKG_VERSION")))
            .creation_date(datum(meta.gemaakt)),
    );
    doc.finish().unwrap_or_else(|e| panic!("stip-pdf wrote a document krilla refused: {e:?}"))
}

/// The structure element of a child of the tree, or the identifier of a tagged part (taken: each part has one
/// parent).
fn knoop(opgemaakt: &Opgemaakt, kind: &Kind, delen: &[Vec<Identifier>]) -> Option<Node> {
    match kind {
        Kind::Inhoud { pagina, deel } => Some(delen[*pagina][*deel].into()),
        Kind::Element(e) => {
            let element = &opgemaakt.boom.elementen[*e];
            let kinderen: Vec<Node> = element.kinderen.iter().filter_map(|k| knoop(opgemaakt, k, delen)).collect();
            if kinderen.is_empty() {
                return None;
            }
            let tag: TagKind = match element.rol {
                "H1" | "H2" | "H3" => {
                    let niveau =
                        element.rol[1..].parse::<u16>().ok().and_then(NonZeroU16::new).unwrap_or(NonZeroU16::MIN);
                    Tag::Hn(niveau, element.titel.clone()).into()
                }
                "P" => Tag::P.into(),
                "L" => Tag::L(match element.nummering {
                    Some("Decimal") => ListNumbering::Decimal,
                    Some("Disc") => ListNumbering::Disc,
                    _ => ListNumbering::None,
                })
                .into(),
                "LI" => Tag::LI.into(),
                "Lbl" => Tag::Lbl.into(),
                "LBody" => Tag::LBody.into(),
                "Table" => Tag::Table.into(),
                "THead" => Tag::THead.into(),
                "TBody" => Tag::TBody.into(),
                "TR" => Tag::TR.into(),
                "TH" => Tag::TH(TableHeaderScope::Column).into(),
                "TD" => Tag::TD.into(),
                "Figure" => {
                    let bbox = element.bbox.and_then(|(pagina, [x1, y1, x2, y2])| {
                        let (boven, onder) = ((PAGINA_HOOGTE - y2) as f32, (PAGINA_HOOGTE - y1) as f32);
                        Rect::from_ltrb(x1 as f32, boven, x2 as f32, onder).map(|r| BBox::new(pagina, r))
                    });
                    let mut figuur = Tag::Figure(element.alt.clone());
                    figuur.set_bbox(bbox);
                    figuur.into()
                }
                rol => unreachable!("no structure role {rol}"),
            };
            Some(TagGroup::with_children(tag, kinderen).into())
        }
    }
}

fn kleur(k: [f64; 3]) -> rgb::Color {
    let b = |v: f64| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    rgb::Color::new(b(k[0]), b(k[1]), b(k[2]))
}

/// A path in krilla's coordinates (y down from the top of the page).
fn pad(stappen: &Pad) -> Option<krilla::geom::Path> {
    let y = |v: f64| (PAGINA_HOOGTE - v) as f32;
    let mut pb = PathBuilder::new();
    for stap in stappen {
        match *stap {
            Stap::Naar(a, b) => pb.move_to(a as f32, y(b)),
            Stap::Lijn(a, b) => pb.line_to(a as f32, y(b)),
            Stap::Sluit => pb.close(),
            Stap::Rechthoek { x, y: onder, b, h } => {
                if let Some(r) = Rect::from_xywh(x as f32, y(onder + h), b as f32, h as f32) {
                    pb.push_rect(r);
                }
            }
        }
    }
    pb.finish()
}

fn tekenen(surface: &mut Surface<'_>, op: &Op, fonts: &[krilla::text::Font; 2]) {
    match op {
        Op::Pad { pad: stappen, vulling, evenoneven, lijn } => {
            let Some(p) = pad(stappen) else { return };
            surface.set_fill(vulling.map(|k| Fill {
                paint: kleur(k).into(),
                opacity: NormalizedF32::ONE,
                rule: if *evenoneven { FillRule::EvenOdd } else { FillRule::NonZero },
            }));
            surface.set_stroke(lijn.as_ref().map(|l| {
                Stroke {
                    paint: kleur(l.kleur).into(),
                    width: l.dikte as f32,
                    miter_limit: 10.0,
                    line_cap: LineCap::Butt,
                    line_join: if l.rond { LineJoin::Round } else { LineJoin::Miter },
                    opacity: NormalizedF32::ONE,
                    dash: (!l.streep.is_empty())
                        .then(|| StrokeDash { array: l.streep.iter().map(|s| *s as f32).collect(), offset: 0.0 }),
                }
            }));
            surface.draw_path(&p);
        }
        Op::Knip { pad: stappen } => match pad(stappen) {
            Some(p) => surface.push_clip_path(&p, &FillRule::EvenOdd),
            // An empty clip shows nothing of what follows, and still needs its matching pop.
            None => surface.push_opacity(NormalizedF32::ZERO),
        },
        Op::EindeKnip => surface.pop(),
        Op::Tekst { x, y, font, grootte, kleur: k, tekst } => {
            let lettertype = fonts[usize::from(*font == Font::Vet)].clone();
            // Only characters the font draws: PDF/A forbids the .notdef glyph, and a soft hyphen has no width.
            let tekst: String =
                tekst.iter().filter(|&&c| c != ZACHT_AFBREEKSTREEPJE && font.glyph(c).is_some()).collect();
            if tekst.is_empty() {
                return;
            }
            let glyphs: Vec<KrillaGlyph> = tekst
                .char_indices()
                .filter_map(|(i, c)| {
                    let g = font.glyph(c)?;
                    let bereik = i..i + c.len_utf8();
                    Some(KrillaGlyph::new(GlyphId::new(g), font.voortgang(g), 0.0, 0.0, 0.0, bereik, None))
                })
                .collect();
            surface.set_stroke(None);
            surface.set_fill(Some(Fill {
                paint: kleur(*k).into(),
                opacity: NormalizedF32::ONE,
                rule: FillRule::NonZero,
            }));
            let start = Point::from_xy(*x as f32, (PAGINA_HOOGTE - y) as f32);
            surface.draw_glyphs(start, &glyphs, lettertype, &tekst, *grootte as f32, false);
        }
    }
}

/// The outline (bookmarks) from the headings, nested by level, all open.
fn overzicht(bladwijzers: &[Bladwijzer]) -> Outline {
    fn kinderen(bladwijzers: &[Bladwijzer], i: &mut usize, niveau: u8) -> Vec<OutlineNode> {
        let mut uit = Vec::new();
        while *i < bladwijzers.len() && bladwijzers[*i].niveau > niveau {
            let b = &bladwijzers[*i];
            let doel = XyzDestination::new(b.pagina, Point::from_xy(0.0, (PAGINA_HOOGTE - b.y) as f32));
            let mut knoop = OutlineNode::new(b.titel.clone(), doel).with_open(true);
            *i += 1;
            for kind in kinderen(bladwijzers, i, b.niveau) {
                knoop.push_child(kind);
            }
            uit.push(knoop);
        }
        uit
    }
    let mut outline = Outline::new();
    let mut i = 0;
    for knoop in kinderen(bladwijzers, &mut i, 0) {
        outline.push_child(knoop);
    }
    outline
}

/// The creation date with its UTC offset.
fn datum(t: OffsetDateTime) -> DateTime {
    let o = t.offset();
    DateTime::new(t.year() as u16)
        .month(u8::from(t.month()))
        .day(t.day())
        .hour(t.hour())
        .minute(t.minute())
        .second(t.second())
        .utc_offset_hour(o.whole_hours())
        .utc_offset_minute(o.minutes_past_hour().unsigned_abs())
}
