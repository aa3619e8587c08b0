//! The fuzz harness's parts: the parsers under test ([`Doel`]), their seeds taken from the real fixtures
//! ([`zaden`]: whole files and smaller cuts of them) and a byte mutator ([`Mutator`]) with a token dictionary for
//! XML, GML, FEEL, JSON and zip. No IO besides reading the fixtures; deterministic for a given seed.

use std::path::{Path, PathBuf};

/// A parser under test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Doel {
    /// A standalone GML geometry (stip-geo).
    Gml,
    /// One file of a STOP/TPOD delivery: AKN besluit, OW (IMOW) file, GIO (stip-regels).
    Stop,
    /// An IMRO bestemmingsplan GML.
    Imro,
    /// A BAG 2.0 extract XML.
    Bag,
    /// A BRK Kadastrale Kaart GML.
    Brk,
    /// An STTR DMN file or a toepasbaar-maken activity JSON (stip-sttr).
    Sttr,
    /// One FEEL expression / unary tests, parsed and evaluated.
    Feel,
    /// A zip: the hardened container reader, the format sniffer and the STTR delivery reader.
    Zip,
}

impl Doel {
    pub const ALLE: [Doel; 8] =
        [Doel::Gml, Doel::Stop, Doel::Imro, Doel::Bag, Doel::Brk, Doel::Sttr, Doel::Feel, Doel::Zip];

    pub fn naam(self) -> &'static str {
        match self {
            Doel::Gml => "gml",
            Doel::Stop => "stop",
            Doel::Imro => "imro",
            Doel::Bag => "bag",
            Doel::Brk => "brk",
            Doel::Sttr => "sttr",
            Doel::Feel => "feel",
            Doel::Zip => "zip",
        }
    }

    /// Runs the parser on one input and returns the errors it reported (none when it took the input). Errors are
    /// the expected outcome; only a panic, a crash, a hang or runaway memory is a finding.
    pub fn voer(self, input: &[u8]) -> Vec<String> {
        use stip_regels::import::{bag, brk, imro, stop_tpod};
        fn fout<T, E: std::fmt::Display>(r: Result<T, E>) -> Option<String> {
            r.err().map(|e| e.to_string())
        }
        let fouten = match self {
            Doel::Gml => vec![fout(stip_geo::gml::parse_geometry(input))],
            Doel::Stop => vec![fout(stop_tpod::import(vec![("fuzz.xml".into(), input.to_vec())], None))],
            Doel::Imro => vec![fout(imro::import("fuzz.gml", input, None))],
            Doel::Bag => vec![fout(bag::import(&[("fuzz.xml".into(), input.to_vec())], Default::default(), None))],
            Doel::Brk => vec![fout(brk::import("fuzz.gml", input, None))],
            Doel::Sttr => {
                let _ = stip_sttr::detect("fuzz.dmn", input);
                if input.first() == Some(&b'{') {
                    vec![fout(stip_sttr::import_activiteit_json("fuzz.json", input))]
                } else {
                    vec![fout(stip_sttr::import_dmn("fuzz.dmn", input))]
                }
            }
            Doel::Feel => {
                let text = String::from_utf8_lossy(input);
                let (invoer, tekst) = match text.split_once('\u{1}') {
                    Some((v, t)) => (stip_sttr::Value::string(v), t),
                    None => (stip_sttr::Value::Number(text.len() as f64 - 7.5), text.as_ref()),
                };
                vec![fout(stip_sttr::feel::check(tekst, &invoer))]
            }
            Doel::Zip => {
                let _ = stip_regels::import::detect("fuzz.zip", input);
                vec![
                    fout(stip_regels::import::unzip("fuzz.zip", input, &stip_regels::import::ZipLimits::PACKAGE)),
                    fout(stip_sttr::import_zip("fuzz.zip", input)),
                ]
            }
        };
        fouten.into_iter().flatten().collect()
    }
}

/// An error message with its numbers, quoted texts and leading places (a file, an element path such as
/// `gml:Polygon in gml:Surface gml:id="…"`) left out, so that messages that differ only in where or on what they
/// failed count as one.
pub fn soort(melding: &str) -> String {
    let zonder = wat(melding);
    let mut rest = zonder.as_str();
    while let Some((plaats, verder)) = rest.split_once(": ") {
        let is_plaats = !plaats.contains(' ') || plaats.contains(" in ") || plaats.contains("id=");
        if !is_plaats || verder.is_empty() {
            break;
        }
        rest = verder;
    }
    rest.to_string()
}

/// The message with quoted texts emptied and each run of digits as one `#`.
fn wat(melding: &str) -> String {
    let mut out = String::with_capacity(melding.len().min(160));
    let mut in_quote = None;
    for c in melding.chars() {
        match in_quote {
            Some(q) if c == q => {
                in_quote = None;
                out.push(c);
            }
            Some(_) => {}
            None if c == '\'' || c == '"' || c == '`' => {
                in_quote = Some(c);
                out.push(c);
            }
            None if c.is_ascii_digit() => {
                if !out.ends_with('#') {
                    out.push('#');
                }
            }
            None => out.push(c),
        }
        if out.len() >= 160 {
            break;
        }
    }
    out
}

/// The fixtures: `$STIP_FIXTURES`, else `../shared/dso-fixtures` beside the repository.
pub fn fixtures() -> Option<PathBuf> {
    let dir = std::env::var_os("STIP_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/dso-fixtures"));
    dir.is_dir().then_some(dir)
}

fn lees(dir: &Path, ext: &[&str]) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        let naam = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if p.is_file()
            && ext.iter().any(|e| naam.to_ascii_lowercase().ends_with(e))
            && let Ok(b) = std::fs::read(&p)
        {
            out.push((naam, b));
        }
    }
    out
}

/// The seeds of one parser: the fixtures it reads, and cuts of them (the root with its first 1, 2 or 3 children),
/// so that most inputs are small and many are tried per second.
pub fn zaden(doel: Doel, fx: &Path) -> Vec<Vec<u8>> {
    let xml = |dir: &str, ext: &[&str]| -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        for (_, b) in lees(&fx.join(dir), ext) {
            for n in 1..=3 {
                if let Some(cut) = snijd(&b, n) {
                    out.push(cut);
                }
            }
            out.push(b);
        }
        out
    };
    let mut zaden = match doel {
        Doel::Gml => {
            let mut out = Vec::new();
            for dir in ["gemeentestad/opdracht", "imro", "bag-brk/brk-dkk-v5", "bag-brk/bag-doesburg-0221"] {
                for (_, b) in lees(&fx.join(dir), &[".gml", ".xml"]) {
                    out.extend(geometrieen(&b).into_iter().take(20));
                }
            }
            out
        }
        Doel::Stop => xml("gemeentestad/opdracht", &[".xml", ".gml"]),
        Doel::Imro => xml("imro", &[".gml"]),
        Doel::Bag => xml("bag-brk/bag-doesburg-0221", &[".xml"]),
        Doel::Brk => xml("bag-brk/brk-dkk-v5", &[".gml"]),
        Doel::Sttr => {
            let mut out = xml("amsterdam-vergunningcheck", &[".dmn"]);
            out.extend(xml("gemeentestad/toepasbareRegels/extracted", &[".dmn"]));
            out.extend(
                lees(&fx.join("gemeentestad/toepasbareRegels/extracted"), &[".json"]).into_iter().map(|(_, b)| b),
            );
            out
        }
        Doel::Feel => {
            let mut out = Vec::new();
            for dir in ["amsterdam-vergunningcheck", "gemeentestad/toepasbareRegels/extracted"] {
                for (_, b) in lees(&fx.join(dir), &[".dmn"]) {
                    out.extend(teksten(&b));
                }
            }
            out.sort();
            out.dedup();
            out
        }
        Doel::Zip => {
            let mut out: Vec<Vec<u8>> =
                lees(&fx.join("gemeentestad/toepasbareRegels"), &[".zip"]).into_iter().map(|(_, b)| b).collect();
            let klein = |dir: &str, ext: &[&str]| {
                lees(&fx.join(dir), ext).into_iter().filter(|(_, b)| b.len() < 16 << 10).take(3).collect::<Vec<_>>()
            };
            let plan = klein("gemeentestad/opdracht", &[".xml"]);
            let bag = klein("bag-brk/bag-doesburg-0221", &[".xml"]);
            for methode in [zip::CompressionMethod::Deflated, zip::CompressionMethod::Stored] {
                out.push(maak_zip(&plan, methode));
                out.push(maak_zip(&bag, methode));
                let binnen = maak_zip(&plan[..1.min(plan.len())], methode);
                out.push(maak_zip(&[("binnen.zip".into(), binnen)], methode));
            }
            out
        }
    };
    zaden.retain(|z| !z.is_empty());
    zaden
}

fn maak_zip(bestanden: &[(String, Vec<u8>)], methode: zip::CompressionMethod) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(methode);
    for (naam, b) in bestanden {
        if w.start_file(naam.as_str(), opts).is_ok() {
            let _ = w.write_all(b);
        }
    }
    w.finish().map(|c| c.into_inner()).unwrap_or_default()
}

/// The document with its root and only the first `n` children of the root (`None`: fewer children than that).
pub fn snijd(doc: &[u8], n: usize) -> Option<Vec<u8>> {
    use quick_xml::events::Event;
    let mut r = quick_xml::Reader::from_reader(doc);
    let mut depth = 0usize;
    let mut root_open = None;
    let mut kinderen = Vec::new();
    let mut kind_start = 0u64;
    let mut root_close = None;
    loop {
        let voor = r.buffer_position();
        match r.read_event().ok()? {
            Event::Start(_) => {
                depth += 1;
                if depth == 1 {
                    root_open = Some(r.buffer_position());
                } else if depth == 2 {
                    kind_start = voor;
                }
            }
            Event::Empty(_) if depth == 1 => kinderen.push(voor..r.buffer_position()),
            Event::End(_) => {
                if depth == 2 {
                    kinderen.push(kind_start..r.buffer_position());
                } else if depth == 1 {
                    root_close = Some(voor..r.buffer_position());
                }
                depth = depth.saturating_sub(1);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let (open, close) = (root_open? as usize, root_close?);
    if kinderen.len() <= n {
        return None;
    }
    let mut out = doc[..open].to_vec();
    for k in &kinderen[..n] {
        out.extend_from_slice(&doc[k.start as usize..k.end as usize]);
    }
    out.extend_from_slice(&doc[close.start as usize..close.end as usize]);
    Some(out)
}

/// GML geometry elements cut out of a document, each with the GML namespace declared on it.
fn geometrieen(doc: &[u8]) -> Vec<Vec<u8>> {
    let tekst = String::from_utf8_lossy(doc);
    let ns = if tekst.contains("\"http://www.opengis.net/gml/3.2\"") {
        "http://www.opengis.net/gml/3.2"
    } else {
        "http://www.opengis.net/gml"
    };
    let mut out = Vec::new();
    for soort in ["Polygon", "MultiSurface", "Surface", "Point", "LineString", "Curve", "MultiPolygon", "MultiCurve"] {
        let open = format!("<gml:{soort} ");
        let sluit = format!("</gml:{soort}>");
        let mut rest = tekst.as_ref();
        while let Some(s) = rest.find(&open) {
            let Some(e) = rest[s..].find(&sluit) else { break };
            let stuk = &rest[s..s + e + sluit.len()];
            if stuk.len() < 16 << 10 {
                out.push(format!("<gml:{soort} xmlns:gml=\"{ns}\" {}", &stuk[open.len()..]).into_bytes());
            }
            rest = &rest[s + e..];
        }
    }
    out
}

/// The FEEL texts of a DMN file (its `text` elements, with or without a prefix), and a few that use every
/// construct of stip's FEEL.
fn teksten(doc: &[u8]) -> Vec<Vec<u8>> {
    let tekst = String::from_utf8_lossy(doc);
    let mut out: Vec<Vec<u8>> = [
        "contains(?, \"a\")",
        "[20..30)",
        "<=30",
        "not(\"a\", \"b\")",
        "if a > 1 then \"x\" else \"y\"",
        "a between 1 and 2 and b = null",
        "count([1, 2, 3]) >= 2 or string length(a) > 3",
        "list contains([1, 2], a)",
        "starts with(lower case(upper case(a)), \"x\")",
    ]
    .iter()
    .map(|t| t.as_bytes().to_vec())
    .collect();
    let mut rest = tekst.as_ref();
    while let Some(i) = rest.find("text>") {
        let voor = &rest[..i];
        let start = voor.rfind('<').map(|l| &voor[l + 1..]);
        rest = &rest[i + 5..];
        if start.is_some_and(|p| p.is_empty() || (p.ends_with(':') && !p.contains(['/', ' '])))
            && let Some(e) = rest.find("</")
        {
            let t = rest[..e].replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
            out.push(t.into_bytes());
        }
    }
    out
}

/// A small, fast, deterministic generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn volgend(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.volgend() % n as u64) as usize }
    }
}

/// Tokens that matter to the parsers: markup, entities, GML attributes, numbers at the edges, FEEL operators, JSON
/// and zip signatures, and bytes that are not UTF-8.
const WOORDEN: &[&[u8]] = &[
    b"<",
    b">",
    b"</",
    b"/>",
    b"=\"",
    b"\"",
    b"'",
    b"&amp;",
    b"&lt;",
    b"&#0;",
    b"&#x110000;",
    b"&#xD800;",
    b"&bogus;",
    b"<![CDATA[",
    b"]]>",
    b"<!--",
    b"-->",
    b"<?xml version=\"1.0\"?>",
    b"<!DOCTYPE x [<!ENTITY e \"x\">]>",
    b"xmlns=\"\"",
    b"xmlns:gml=\"http://www.opengis.net/gml/3.2\"",
    b" gml:id=\"x\"",
    b" srsName=\"EPSG:4326\"",
    b" srsName=\"urn:ogc:def:crs:EPSG::28992\"",
    b" srsName=\"EPSG:1\"",
    b" srsDimension=\"3\"",
    b" srsDimension=\"0\"",
    b" count=\"99999999999\"",
    b"<gml:posList>",
    b"</gml:posList>",
    b"<gml:Arc>",
    b"<gml:ArcString>",
    b"<gml:Circle>",
    b"<gml:pos>",
    b"0",
    b"-0",
    b"1e308",
    b"-1e309",
    b"NaN",
    b"inf",
    b"-inf",
    b"1.7976931348623157e308",
    b"4.9e-324",
    b"18446744073709551616",
    b"-9223372036854775808",
    b"99999999999",
    b" ",
    b"\t",
    b"\n",
    b"..",
    b"[",
    b"]",
    b"(",
    b")",
    b"?",
    b"not(",
    b"contains(",
    b"string length(",
    b"count(",
    b"if ",
    b" then ",
    b" else ",
    b" and ",
    b" or ",
    b" between ",
    b"null",
    b"true",
    b"-",
    b",",
    b"<=",
    b">=",
    b"!=",
    b"{",
    b"}",
    b":",
    b"[]",
    b"{}",
    b"\\u0000",
    b"\\ud800",
    b"PK\x03\x04",
    b"PK\x01\x02",
    b"PK\x05\x06",
    b"PK\x06\x06",
    b"\xff\xff\xff\xff",
    b"\x00\x00\x00\x00",
    b"\xc3",
    b"\xe2\x82",
    b"\xef\xbb\xbf",
    b"\xf0\x9f\x98\x80",
    b"\xed\xa0\x80",
    b"\x00",
];

/// Mutates the seeds: each input is one seed with 1 to 8 stacked byte mutations (bits, bytes, tokens, cuts,
/// copies, splices with another seed, numbers, repetition), at most `max_len` bytes.
pub struct Mutator {
    rng: Rng,
    zaden: Vec<Vec<u8>>,
    max_len: usize,
}

impl Mutator {
    pub fn new(rng: Rng, zaden: Vec<Vec<u8>>, max_len: usize) -> Mutator {
        assert!(!zaden.is_empty(), "no seeds: are the fixtures there?");
        Mutator { rng, zaden, max_len }
    }

    pub fn volgende(&mut self) -> Vec<u8> {
        let mut b = self.zaden[self.rng.below(self.zaden.len())].clone();
        let n = 1 + self.rng.below(8);
        for _ in 0..n {
            self.muteer(&mut b);
        }
        b.truncate(self.max_len);
        b
    }

    fn range(&mut self, len: usize) -> (usize, usize) {
        let a = self.rng.below(len + 1);
        let max = (len - a).min(if self.rng.below(4) == 0 { 4096 } else { 32 });
        (a, a + self.rng.below(max + 1))
    }

    fn muteer(&mut self, b: &mut Vec<u8>) {
        let len = b.len();
        match self.rng.below(11) {
            0 if len > 0 => {
                let i = self.rng.below(len);
                b[i] ^= 1 << self.rng.below(8);
            }
            1 if len > 0 => {
                let i = self.rng.below(len);
                b[i] = [0, 0xff, b'<', b'>', b'"', b'&', b'/', b'-', b'.', b'e', b'9', b' ', b':', 0x80]
                    [self.rng.below(14)];
            }
            2 => {
                let w = WOORDEN[self.rng.below(WOORDEN.len())];
                let i = self.rng.below(len + 1);
                b.splice(i..i, w.iter().copied());
            }
            3 => {
                let (a, e) = self.range(len);
                b.drain(a..e);
            }
            4 if len > 0 => {
                let (a, e) = self.range(len);
                let stuk = b[a..e].to_vec();
                let i = self.rng.below(len + 1);
                b.splice(i..i, stuk);
            }
            5 => {
                let ander = &self.zaden[self.rng.below(self.zaden.len())];
                let (a, e) = (self.rng.below(ander.len() + 1), self.rng.below(ander.len() + 1));
                let stuk = ander[a.min(e)..a.max(e)].iter().take(4096).copied().collect::<Vec<_>>();
                let (x, y) = self.range(len);
                b.splice(x..y, stuk);
            }
            6 => {
                let i = self.rng.below(len + 1);
                b.truncate(i);
            }
            7 if len > 0 => {
                // a number: replace the digits at a place by an edge value
                let i = self.rng.below(len);
                if let Some(s) = b[i..].iter().position(u8::is_ascii_digit) {
                    let s = i + s;
                    let e = s + b[s..].iter().take_while(|c| c.is_ascii_digit() || **c == b'.').count();
                    let w = [&b"0"[..], b"-1", b"1e308", b"NaN", b"99999999999999999999", b"0.0000001", b"-0"]
                        [self.rng.below(7)];
                    b.splice(s..e, w.iter().copied());
                }
            }
            8 if len > 0 => {
                // repeat a short piece many times (deep nesting, long lists)
                let (a, e) = self.range(len.min(64));
                let stuk = b[a..e].to_vec();
                let keer = 1 + self.rng.below(2000);
                let i = self.rng.below(len + 1);
                let herhaald: Vec<u8> = stuk.iter().copied().cycle().take(stuk.len() * keer).collect();
                b.splice(i..i, herhaald);
            }
            9 if len > 1 => {
                let (i, j) = (self.rng.below(len), self.rng.below(len));
                b.swap(i, j);
            }
            _ => {
                let w = WOORDEN[self.rng.below(WOORDEN.len())];
                let (a, e) = self.range(len);
                b.splice(a..e, w.iter().copied());
            }
        }
    }
}

/// The peak resident memory of this process so far, in MB (Linux).
pub fn piek_geheugen_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let regel = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    regel.split_whitespace().nth(1)?.parse::<u64>().ok().map(|kb| kb / 1024)
}
