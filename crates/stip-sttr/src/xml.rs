//! A small, hostile-input-safe XML tree: elements by local name, attributes by local name, text; rejects DTDs.

use quick_xml::XmlVersion;
use quick_xml::events::Event;

/// Largest XML document accepted, in bytes. Real STTR files are well below 1 MiB.
pub const MAX_XML_BYTES: usize = 64 * 1024 * 1024;
/// Deepest element nesting accepted.
pub const MAX_XML_DEPTH: usize = 256;
/// Most elements accepted in one document.
pub const MAX_XML_ELEMENTS: usize = 2_000_000;

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
    /// Namespace prefix as written (`dmn11`), empty when none.
    pub prefix: String,
    /// Namespace declarations on this element: (prefix, uri); the default namespace has prefix "".
    pub nsdecls: Vec<(String, String)>,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

#[derive(Debug, Clone)]
pub(crate) enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    /// The namespace URI of this element, when declared on the element itself (used for the root).
    pub fn own_namespace(&self) -> Option<&str> {
        self.nsdecls.iter().find(|(p, _)| *p == self.prefix).map(|(_, u)| u.as_str())
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

fn local(qname: &str) -> String {
    match qname.rsplit_once(':') {
        Some((_, l)) => l.to_string(),
        None => qname.to_string(),
    }
}

fn start_element(e: &quick_xml::events::BytesStart<'_>) -> Result<Element, XmlProblem> {
    let mut attrs = Vec::new();
    let mut nsdecls = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|err| XmlProblem::Malformed(err.to_string()))?;
        let key = a.key.as_ref();
        if key == "xmlns" || key.starts_with("xmlns:") {
            let prefix = if key == "xmlns" { String::new() } else { local(key) };
            let uri =
                a.normalized_value(XmlVersion::Implicit1_0).map_err(|err| XmlProblem::Malformed(err.to_string()))?;
            nsdecls.push((prefix, uri.into_owned()));
            continue;
        }
        let value = a.normalized_value(XmlVersion::Implicit1_0).map_err(|err| match err {
            quick_xml::Error::Escape(quick_xml::escape::EscapeError::UnrecognizedEntity(_, name)) => {
                XmlProblem::UnknownEntity(name)
            }
            other => XmlProblem::Malformed(other.to_string()),
        })?;
        attrs.push((local(key), value.into_owned()));
    }
    let qname = e.name().as_ref().to_string();
    let prefix = qname.rsplit_once(':').map(|(p, _)| p.to_string()).unwrap_or_default();
    Ok(Element { name: local(e.name().as_ref()), prefix, nsdecls, attrs, children: Vec::new() })
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

/// Parses a whole document into its root element.
pub(crate) fn parse(bytes: &[u8]) -> Result<Element, XmlProblem> {
    if bytes.len() > MAX_XML_BYTES {
        return Err(XmlProblem::TooLarge("meer dan MAX_XML_BYTES"));
    }
    let mut reader = quick_xml::Reader::from_reader(bytes);
    reader.config_mut().trim_text(false);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let mut count = 0usize;
    loop {
        let ev = reader
            .read_event()
            .map_err(|e| XmlProblem::Malformed(format!("{e} (bij byte {})", reader.error_position())))?;
        match ev {
            Event::DocType(_) => return Err(XmlProblem::Doctype),
            Event::Start(e) => {
                count += 1;
                if count > MAX_XML_ELEMENTS {
                    return Err(XmlProblem::TooLarge("meer dan MAX_XML_ELEMENTS elementen"));
                }
                if stack.len() >= MAX_XML_DEPTH {
                    return Err(XmlProblem::TooLarge("dieper dan MAX_XML_DEPTH"));
                }
                if root.is_some() && stack.is_empty() {
                    return Err(XmlProblem::Malformed("meer dan één rootelement".into()));
                }
                stack.push(start_element(&e)?);
            }
            Event::Empty(e) => {
                count += 1;
                if count > MAX_XML_ELEMENTS {
                    return Err(XmlProblem::TooLarge("meer dan MAX_XML_ELEMENTS elementen"));
                }
                let el = start_element(&e)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(el)),
                    None if root.is_none() => root = Some(el),
                    None => return Err(XmlProblem::Malformed("meer dan één rootelement".into())),
                }
            }
            Event::End(_) => {
                let el = stack.pop().ok_or_else(|| XmlProblem::Malformed("onverwachte eindtag".into()))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(el)),
                    None => root = Some(el),
                }
            }
            Event::Text(t) => {
                if let Some(parent) = stack.last_mut() {
                    push_text(parent, &t.xml10_content());
                } else if !t.trim().is_empty() {
                    return Err(XmlProblem::Malformed("tekst buiten het rootelement".into()));
                }
            }
            Event::CData(t) => {
                if let Some(parent) = stack.last_mut() {
                    push_text(parent, &t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let c = if r.is_char_ref() {
                    r.resolve_char_ref()
                        .map_err(|e| XmlProblem::Malformed(e.to_string()))?
                        .ok_or_else(|| XmlProblem::Malformed(format!("ongeldige tekenverwijzing &{};", &*r)))?
                } else {
                    entity(&r).ok_or_else(|| XmlProblem::UnknownEntity(r.to_string()))?
                };
                if let Some(parent) = stack.last_mut() {
                    push_text(parent, c.encode_utf8(&mut [0u8; 4]));
                }
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
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
    fn a_doctype_is_refused() {
        let bomb =
            br#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><a>&lol2;</a>"#;
        assert_eq!(parse(bomb).unwrap_err(), XmlProblem::Doctype);
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
