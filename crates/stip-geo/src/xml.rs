//! Safe, streaming XML reading for GML-bearing documents, on quick-xml.
//!
//! Owns the hostile-input rules shared by every importer: a DOCTYPE (and with it any entity declaration) is
//! refused, only the five predefined entities and character references are expanded, nesting depth, element count
//! and document size are bounded ([`XmlLimits`], the one place those limits are named).
//! Offers a pull interface (`next_child`, `read_text`, `skip`) and a small subtree builder ([`Element`]) in which
//! GML geometries are already parsed (streaming) into geo-types.

use std::borrow::Cow;

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

use crate::error::{GeoError, GeoErrorKind};

/// The bounds one XML document is read within.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct XmlLimits {
    /// Deepest element nesting accepted.
    pub max_depth: usize,
    /// Most elements accepted in one document.
    pub max_elements: usize,
    /// Largest document accepted, in bytes.
    pub max_bytes: usize,
}

impl XmlLimits {
    /// Documents read streaming (GML, STOP/TPOD, IMRO, BAG, BRK; a BAG file is GiBs): only nesting is bounded,
    /// at 512 levels.
    pub const STREAMING: XmlLimits = XmlLimits { max_depth: 512, max_elements: usize::MAX, max_bytes: usize::MAX };
    /// Documents built whole in memory (STTR DMN and opdracht files; real ones are well below 1 MiB): 256 levels,
    /// 2 000 000 elements, 64 MiB.
    pub const DOCUMENT: XmlLimits = XmlLimits { max_depth: 256, max_elements: 2_000_000, max_bytes: 64 << 20 };
}

/// The GML namespaces (3.2 and 3.1.1/2.x) whose geometry elements are parsed.
pub fn is_gml_ns(ns: &str) -> bool {
    ns == "http://www.opengis.net/gml/3.2" || ns == "http://www.opengis.net/gml"
}

/// Interprets bytes as an UTF-8 XML document (a UTF-8 BOM is skipped).
pub fn document_str(bytes: &[u8]) -> Result<&str, GeoError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| GeoError::new("document", GeoErrorKind::NotUtf8(e.to_string())))
}

/// How many first bytes of a document [`sniff_root`] reads.
pub const SNIFF_BYTES: usize = 64 << 10;

/// The root element of a document from its first [`SNIFF_BYTES`] bytes only (a cut UTF-8 character at the end is
/// dropped), to recognise a format without reading (or validating) the whole document. `None`: no root start tag
/// there, or not XML.
pub fn sniff_root(bytes: &[u8]) -> Option<Tag> {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let text = match std::str::from_utf8(head) {
        Ok(t) => t,
        // only a character cut by the end of the head is forgiven
        Err(e) if e.error_len().is_none() => std::str::from_utf8(&head[..e.valid_up_to()]).ok()?,
        Err(_) => return None,
    };
    XmlReader::new(text).root().ok()
}

/// A start tag, owned: namespace URI, local name and attributes by local name.
#[derive(Debug, Clone, Default)]
pub struct Tag {
    pub ns: String,
    pub name: String,
    pub attrs: Vec<(String, String)>,
}

impl Tag {
    pub fn attr(&self, local: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == local).map(|(_, v)| v.as_str())
    }
    /// `prefix-less label` used in errors: `Polygon gml:id="x"`.
    pub fn label(&self) -> String {
        match self.attr("id") {
            Some(id) => format!("{} gml:id=\"{id}\"", self.name),
            None => self.name.clone(),
        }
    }
}

/// One XML event as the readers here see it.
#[derive(Debug)]
pub enum XmlEvent<'i> {
    Start(Tag),
    End,
    Text(Cow<'i, str>),
    Eof,
}

pub struct XmlReader<'i> {
    inner: NsReader<&'i [u8]>,
    depth: usize,
    elements: usize,
    limits: XmlLimits,
}

fn xml_err(e: impl std::fmt::Display) -> GeoError {
    GeoError::new("xml", GeoErrorKind::Xml(e.to_string()))
}

fn attr_err(e: quick_xml::Error) -> GeoError {
    match e {
        quick_xml::Error::Escape(quick_xml::escape::EscapeError::UnrecognizedEntity(_, name)) => {
            GeoError::new("xml", GeoErrorKind::UnknownEntity(name))
        }
        other => xml_err(other),
    }
}

impl<'i> XmlReader<'i> {
    /// A reader within [`XmlLimits::STREAMING`].
    pub fn new(doc: &'i str) -> Self {
        let mut inner = NsReader::from_str(doc);
        let cfg = inner.config_mut();
        cfg.expand_empty_elements = true;
        cfg.check_end_names = true;
        Self { inner, depth: 0, elements: 0, limits: XmlLimits::STREAMING }
    }

    pub fn from_bytes(bytes: &'i [u8]) -> Result<Self, GeoError> {
        Ok(Self::new(document_str(bytes)?))
    }

    /// A reader within other limits; a document larger than `limits.max_bytes` is refused before it is read.
    pub fn with_limits(bytes: &'i [u8], limits: XmlLimits) -> Result<Self, GeoError> {
        if bytes.len() > limits.max_bytes {
            return Err(GeoError::new("document", GeoErrorKind::TooLarge(limits.max_bytes)));
        }
        Ok(Self { limits, ..Self::from_bytes(bytes)? })
    }

    /// Byte position in the document (for progress reporting).
    pub fn position(&self) -> u64 {
        self.inner.buffer_position()
    }

    pub fn depth(&self) -> usize {
        self.depth
    }

    /// The next event; DOCTYPE and unknown entities are errors.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Result<XmlEvent<'i>, GeoError> {
        loop {
            let (ns, ev) = self.inner.read_resolved_event().map_err(xml_err)?;
            match ev {
                Event::Start(s) => {
                    self.depth += 1;
                    self.elements += 1;
                    let element = || String::from_utf8_lossy(s.name().0.as_bytes()).into_owned();
                    if self.depth > self.limits.max_depth {
                        return Err(GeoError::new(element(), GeoErrorKind::TooDeep(self.limits.max_depth)));
                    }
                    if self.elements > self.limits.max_elements {
                        return Err(GeoError::new(element(), GeoErrorKind::TooManyElements(self.limits.max_elements)));
                    }
                    let ns = match ns {
                        ResolveResult::Bound(n) => n.0.to_string(),
                        _ => String::new(),
                    };
                    let name = s.local_name().into_inner().to_string();
                    let mut attrs = Vec::new();
                    for a in s.attributes() {
                        let a = a.map_err(xml_err)?;
                        let key = a.key.local_name().into_inner();
                        if key == "xmlns" || a.key.0.starts_with("xmlns:") {
                            continue;
                        }
                        let v = a.normalized_value(quick_xml::XmlVersion::Implicit1_0).map_err(attr_err)?;
                        attrs.push((key.to_string(), v.into_owned()));
                    }
                    return Ok(XmlEvent::Start(Tag { ns, name, attrs }));
                }
                Event::End(_) => {
                    self.depth = self.depth.saturating_sub(1);
                    return Ok(XmlEvent::End);
                }
                Event::Empty(_) => unreachable!("expand_empty_elements is on"),
                Event::Text(t) => return Ok(XmlEvent::Text(t.xml10_content())),
                Event::CData(t) => return Ok(XmlEvent::Text(t.xml10_content())),
                Event::GeneralRef(r) => {
                    if let Some(c) = r.resolve_char_ref().map_err(xml_err)? {
                        return Ok(XmlEvent::Text(Cow::Owned(c.to_string())));
                    }
                    let s = match r.into_inner().as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        other => {
                            return Err(GeoError::new("xml", GeoErrorKind::UnknownEntity(other.to_string())));
                        }
                    };
                    return Ok(XmlEvent::Text(Cow::Borrowed(s)));
                }
                Event::DocType(_) => return Err(GeoError::new("DOCTYPE", GeoErrorKind::DocType)),
                Event::Eof => return Ok(XmlEvent::Eof),
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
            }
        }
    }

    /// The first start tag of the document (the root element).
    pub fn root(&mut self) -> Result<Tag, GeoError> {
        loop {
            match self.next()? {
                XmlEvent::Start(t) => return Ok(t),
                XmlEvent::Eof => return Err(GeoError::new("document", GeoErrorKind::Xml("no root element".into()))),
                _ => {}
            }
        }
    }

    /// Inside an element: the next child start tag, or `None` when the element ends. Text is skipped.
    pub fn next_child(&mut self) -> Result<Option<Tag>, GeoError> {
        loop {
            match self.next()? {
                XmlEvent::Start(t) => return Ok(Some(t)),
                XmlEvent::End => return Ok(None),
                XmlEvent::Text(_) => {}
                XmlEvent::Eof => {
                    return Err(GeoError::new("document", GeoErrorKind::Xml("unexpected end of document".into())));
                }
            }
        }
    }

    /// Inside an element: all its text (children's text included), consuming the element's end.
    pub fn read_text(&mut self) -> Result<String, GeoError> {
        let mut out = String::new();
        let mut level = 0usize;
        loop {
            match self.next()? {
                XmlEvent::Start(_) => level += 1,
                XmlEvent::End => {
                    if level == 0 {
                        return Ok(out);
                    }
                    level -= 1;
                }
                XmlEvent::Text(t) => out.push_str(&t),
                XmlEvent::Eof => {
                    return Err(GeoError::new("document", GeoErrorKind::Xml("unexpected end of document".into())));
                }
            }
        }
    }

    /// Inside an element: skips to (and consumes) its end.
    pub fn skip(&mut self) -> Result<(), GeoError> {
        self.read_text().map(|_| ())
    }

    /// Inside the element `tag`: reads its whole subtree into an [`Element`]. GML geometry elements met on the way
    /// are parsed by [`crate::gml`] into geo-types (in RD New) and kept as `Element::geometry`.
    pub fn read_element(&mut self, tag: Tag) -> Result<Element, GeoError> {
        if is_gml_ns(&tag.ns) && crate::gml::is_geometry_element(&tag.name) {
            let g = crate::gml::read_geometry(self, &tag, &crate::gml::Context::default())?;
            return Ok(Element { tag, geometry: Some(g), ..Default::default() });
        }
        let mut el = Element { tag, ..Default::default() };
        loop {
            match self.next()? {
                XmlEvent::Start(t) => {
                    let child = self.read_element(t)?;
                    el.children.push(child);
                }
                XmlEvent::End => return Ok(el),
                XmlEvent::Text(t) => match el.children.last_mut() {
                    Some(last) => last.tail.push_str(&t),
                    None => el.text.push_str(&t),
                },
                XmlEvent::Eof => {
                    return Err(GeoError::new(el.tag.label(), GeoErrorKind::Xml("unexpected end of document".into())));
                }
            }
        }
    }
}

/// A small element tree (ElementTree style: `text` before the first child, `tail` after this element).
#[derive(Debug, Clone, Default)]
pub struct Element {
    pub tag: Tag,
    pub text: String,
    pub tail: String,
    pub children: Vec<Element>,
    /// Set when this element is a GML geometry (then `children` is empty).
    pub geometry: Option<geo_types::Geometry<f64>>,
}

impl Element {
    pub fn name(&self) -> &str {
        &self.tag.name
    }
    pub fn attr(&self, local: &str) -> Option<&str> {
        self.tag.attr(local)
    }
    /// First direct child with this local name.
    pub fn child(&self, local: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.tag.name == local)
    }
    pub fn children_named<'a>(&'a self, local: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.tag.name == local)
    }
    /// Trimmed text of the first direct child with this local name (non-empty).
    pub fn child_text(&self, local: &str) -> Option<String> {
        self.child(local).map(|c| c.all_text()).filter(|s| !s.is_empty())
    }
    /// Follows a path of direct children.
    pub fn path(&self, path: &[&str]) -> Option<&Element> {
        let mut cur = self;
        for p in path {
            cur = cur.child(p)?;
        }
        Some(cur)
    }
    /// First descendant (depth-first, self included) with this local name.
    pub fn find(&self, local: &str) -> Option<&Element> {
        if self.tag.name == local {
            return Some(self);
        }
        self.children.iter().find_map(|c| c.find(local))
    }
    /// All descendants (self included) with this local name, in document order.
    pub fn find_all<'a>(&'a self, local: &str, out: &mut Vec<&'a Element>) {
        if self.tag.name == local {
            out.push(self);
        }
        for c in &self.children {
            c.find_all(local, out);
        }
    }
    /// First geometry in this subtree.
    pub fn geometry(&self) -> Option<&geo_types::Geometry<f64>> {
        if let Some(g) = &self.geometry {
            return Some(g);
        }
        self.children.iter().find_map(|c| c.geometry())
    }
    /// All text of the subtree in document order with whitespace runs collapsed to one space, trimmed.
    pub fn all_text(&self) -> String {
        let mut raw = String::new();
        self.collect_text(&mut raw);
        collapse_whitespace(&raw)
    }
    fn collect_text(&self, out: &mut String) {
        out.push_str(&self.text);
        for c in &self.children {
            c.collect_text(out);
            out.push_str(&c.tail);
        }
    }
}

/// Collapses runs of whitespace into one space and trims.
pub fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_root_is_sniffed_from_the_first_bytes_even_when_they_cut_the_document_or_a_character() {
        let mut doc =
            "\u{feff}<?xml version=\"1.0\"?><k:DKK xmlns:k=\"http://kadastralekaart\" a=\"é\"><x>".to_string();
        doc.push_str(&"é".repeat(super::SNIFF_BYTES));
        let cut = &doc.as_bytes()[..super::SNIFF_BYTES + 1];
        let root = super::sniff_root(cut).unwrap();
        assert_eq!((root.name.as_str(), root.ns.as_str()), ("DKK", "http://kadastralekaart"));
        assert!(super::sniff_root(&[0xff, 0xfe, b'<', b'a', b'>']).is_none());
        assert!(super::sniff_root(&vec![b' '; 3 * super::SNIFF_BYTES]).is_none());
    }

    use super::*;

    #[test]
    fn a_doctype_with_an_entity_bomb_is_refused() {
        let doc = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><a>&lol2;</a>"#;
        let mut r = XmlReader::new(doc);
        let err = r.root().unwrap_err();
        assert_eq!(err.kind, GeoErrorKind::DocType);
    }

    #[test]
    fn an_undeclared_entity_is_refused_in_text_and_in_attributes() {
        let mut r = XmlReader::new("<a>&bomb;</a>");
        let t = r.root().unwrap();
        let err = r.read_element(t).unwrap_err();
        assert!(matches!(err.kind, GeoErrorKind::UnknownEntity(ref e) if e == "bomb"));
        let err = XmlReader::new("<a x='&bomb;'/>").root().unwrap_err();
        assert!(matches!(err.kind, GeoErrorKind::UnknownEntity(ref e) if e == "bomb"), "{err}");
    }

    #[test]
    fn the_limits_bound_nesting_element_count_and_document_size() {
        let deep = "<a>".repeat(XmlLimits::STREAMING.max_depth + 1);
        let mut r = XmlReader::new(&deep);
        let t = r.root().unwrap();
        assert_eq!(r.read_element(t).unwrap_err().kind, GeoErrorKind::TooDeep(XmlLimits::STREAMING.max_depth));
        let small = XmlLimits { max_depth: 2, max_elements: 3, max_bytes: 64 };
        let mut r = XmlReader::with_limits(b"<a><b/><b/><b/></a>", small).unwrap();
        let t = r.root().unwrap();
        assert_eq!(r.read_element(t).unwrap_err().kind, GeoErrorKind::TooManyElements(3));
        let big = format!("<a>{}</a>", "x".repeat(64));
        assert_eq!(XmlReader::with_limits(big.as_bytes(), small).err().unwrap().kind, GeoErrorKind::TooLarge(64));
    }

    #[test]
    fn mixed_content_text_keeps_document_order_and_predefined_entities() {
        let mut r = XmlReader::new("<Al>Zone &amp; <b>functie</b> 'x' &#233;n\n  meer</Al>");
        let t = r.root().unwrap();
        let el = r.read_element(t).unwrap();
        assert_eq!(el.all_text(), "Zone & functie 'x' én meer");
    }
}
