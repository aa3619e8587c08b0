//! STTR's in-memory XML tree (DMN, opdracht): elements by local name, attributes by local name, text, built from
//! the events of stip-geo's hardened reader ([`stip_geo::xml::XmlReader`], which refuses DTDs and unknown entities)
//! within [`XmlLimits::DOCUMENT`]; its refusals are worded here as [`XmlProblem`]s.

use stip_geo::xml::{XmlEvent, XmlLimits, XmlReader};
use stip_geo::{GeoError, GeoErrorKind};

/// Why an XML document could not be read (the caller adds the file name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum XmlProblem {
    Malformed(String),
    Doctype,
    UnknownEntity(String),
    TooLarge(&'static str),
}

impl std::fmt::Display for XmlProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            XmlProblem::Malformed(m) => write!(f, "ongeldige XML: {m}"),
            XmlProblem::Doctype => write!(
                f,
                "DOCTYPE/DTD is niet toegestaan (entiteiten worden nooit uitgevouwen; bescherming tegen entity bombs)"
            ),
            XmlProblem::UnknownEntity(e) => {
                write!(f, "onbekende entiteit &{e}; (alleen de vijf XML-entiteiten en tekenverwijzingen)")
            }
            XmlProblem::TooLarge(what) => write!(f, "document te groot: {what}"),
        }
    }
}

/// One XML element, names without prefixes.
#[derive(Debug, Clone, Default)]
pub(crate) struct Element {
    pub name: String,
    /// Namespace URI, empty when none.
    pub ns: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

#[derive(Debug, Clone)]
pub(crate) enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    /// The namespace URI of this element (`None`: no namespace), e.g. the DMN version of a root `definitions`.
    pub fn namespace(&self) -> Option<&str> {
        Some(self.ns.as_str()).filter(|ns| !ns.is_empty())
    }

    pub fn attr(&self, local: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == local).map(|(_, v)| v.as_str())
    }

    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    pub fn children_named<'a>(&'a self, local: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.elements().filter(move |e| e.name == local)
    }

    pub fn child(&self, local: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == local)
    }

    /// All descendants (depth first, document order) with this local name.
    pub fn descendants_named<'a>(&'a self, local: &'a str) -> Vec<&'a Element> {
        let mut out = Vec::new();
        fn walk<'a>(e: &'a Element, local: &str, out: &mut Vec<&'a Element>) {
            for c in e.elements() {
                if c.name == local {
                    out.push(c);
                }
                walk(c, local, out);
            }
        }
        walk(self, local, &mut out);
        out
    }

    /// Concatenated text of this element and its descendants.
    pub fn text(&self) -> String {
        let mut s = String::new();
        fn walk(e: &Element, s: &mut String) {
            for c in &e.children {
                match c {
                    Node::Text(t) => s.push_str(t),
                    Node::Element(e) => walk(e, s),
                }
            }
        }
        walk(self, &mut s);
        s
    }

    /// Text of the first child element with this local name, trimmed; None when absent or empty.
    pub fn child_text(&self, local: &str) -> Option<String> {
        self.child(local).map(|e| e.text().trim().to_string()).filter(|t| !t.is_empty())
    }
}

/// A refusal of the reader in the importer's (Dutch) words; `at` is the byte position reached.
fn problem(e: GeoError, at: u64) -> XmlProblem {
    match e.kind {
        GeoErrorKind::DocType => XmlProblem::Doctype,
        GeoErrorKind::UnknownEntity(name) => XmlProblem::UnknownEntity(name),
        GeoErrorKind::TooLarge(_) => XmlProblem::TooLarge("meer dan MAX_XML_BYTES"),
        GeoErrorKind::TooDeep(_) => XmlProblem::TooLarge("dieper dan MAX_XML_DEPTH"),
        GeoErrorKind::TooManyElements(_) => XmlProblem::TooLarge("meer dan MAX_XML_ELEMENTS elementen"),
        GeoErrorKind::Xml(m) => XmlProblem::Malformed(format!("{m} (bij byte {at})")),
        other => XmlProblem::Malformed(other.to_string()),
    }
}

/// Parses a whole document into its root element.
pub(crate) fn parse(bytes: &[u8]) -> Result<Element, XmlProblem> {
    let mut reader = XmlReader::with_limits(bytes, XmlLimits::DOCUMENT).map_err(|e| problem(e, 0))?;
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let ev = reader.next().map_err(|e| problem(e, reader.position()))?;
        match ev {
            XmlEvent::Start(tag) => {
                if root.is_some() && stack.is_empty() {
                    return Err(XmlProblem::Malformed("meer dan één rootelement".into()));
                }
                stack.push(Element { name: tag.name, ns: tag.ns, attrs: tag.attrs, children: Vec::new() });
            }
            XmlEvent::End => {
                let el = stack.pop().ok_or_else(|| XmlProblem::Malformed("onverwachte eindtag".into()))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(el)),
                    None => root = Some(el),
                }
            }
            XmlEvent::Text(t) => {
                if let Some(parent) = stack.last_mut() {
                    push_text(parent, &t);
                } else if !t.trim().is_empty() {
                    return Err(XmlProblem::Malformed("tekst buiten het rootelement".into()));
                }
            }
            XmlEvent::Eof => break,
        }
    }
    if !stack.is_empty() {
        return Err(XmlProblem::Malformed("document eindigt midden in een element".into()));
    }
    root.ok_or_else(|| XmlProblem::Malformed("geen rootelement".into()))
}

fn push_text(parent: &mut Element, s: &str) {
    if let Some(Node::Text(prev)) = parent.children.last_mut() {
        prev.push_str(s);
    } else {
        parent.children.push(Node::Text(s.to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readers_refusals_are_worded_as_xml_problems() {
        let bomb = br#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><a>&lol;</a>"#;
        assert_eq!(parse(bomb).unwrap_err(), XmlProblem::Doctype);
        assert_eq!(parse(b"<a x='&bomb;'/>").unwrap_err(), XmlProblem::UnknownEntity("bomb".into()));
        let deep = "<a>".repeat(XmlLimits::DOCUMENT.max_depth + 1);
        assert_eq!(parse(deep.as_bytes()).unwrap_err(), XmlProblem::TooLarge("dieper dan MAX_XML_DEPTH"));
        assert!(matches!(parse(b"<a><b></a>").unwrap_err(), XmlProblem::Malformed(m) if m.contains("bij byte")));
        assert_eq!(parse(b"<a/><b/>").unwrap_err(), XmlProblem::Malformed("meer dan één rootelement".into()));
    }

    #[test]
    fn predefined_and_character_entities_are_expanded() {
        let e = parse(b"<a x=\"&lt;1\">&lt;20 &amp; &#233;</a>").unwrap();
        assert_eq!(e.text(), "<20 & \u{e9}");
        assert_eq!(e.attr("x"), Some("<1"));
    }

    #[test]
    fn prefixes_are_dropped_from_names() {
        let e = parse(b"<d:a xmlns:d='x'><u:b xmlns:u='y' u:href='#1'/></d:a>").unwrap();
        assert_eq!(e.name, "a");
        assert_eq!(e.child("b").unwrap().attr("href"), Some("#1"));
    }
}
