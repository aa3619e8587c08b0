//! Test support: the independent PDF tools (qpdf; poppler's pdfinfo, pdftotext, pdftoppm) run on written files.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The PDF tools the oracle tests need (Debian packages `qpdf` and `poppler-utils`).
const GEREEDSCHAP: [&str; 5] = ["qpdf", "pdfinfo", "pdftotext", "pdftoppm", "pdffonts"];

/// Whether the PDF tools are installed. When one is missing: a failed test if `STIP_REQUIRE_FIXTURES=1`, else a
/// notice and `false` (the caller skips).
pub fn gereedschap() -> bool {
    let ontbreekt: Vec<&str> =
        GEREEDSCHAP.into_iter().filter(|t| Command::new(t).arg("-v").output().is_err()).collect();
    if ontbreekt.is_empty() {
        return true;
    }
    if std::env::var("STIP_REQUIRE_FIXTURES").as_deref() == Ok("1") {
        panic!(
            "PDF tools missing ({}) and STIP_REQUIRE_FIXTURES=1: apt-get install -y poppler-utils qpdf",
            ontbreekt.join(", ")
        );
    }
    eprintln!("note: PDF tools missing ({}); skipping (apt-get install -y poppler-utils qpdf)", ontbreekt.join(", "));
    false
}

/// A PDF written to a temporary file, removed on drop.
pub struct Pdf {
    pub pad: PathBuf,
}

impl Drop for Pdf {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.pad);
    }
}

pub fn schrijf(naam: &str, bytes: &[u8]) -> Pdf {
    let pad = std::env::temp_dir().join(format!("stip-pdf-{}-{naam}.pdf", std::process::id()));
    std::fs::write(&pad, bytes).unwrap();
    Pdf { pad }
}

/// Runs a tool; panics with its output when it fails or writes anything to stderr (poppler reports syntax errors
/// there while still exiting 0).
pub fn draai(tool: &str, args: &[&str], pad: &Path) -> String {
    // pdftotext writes to a file beside the PDF unless told "-" (stdout).
    let na: &[&str] = if tool == "pdftotext" { &["-"] } else { &[] };
    let uit = Command::new(tool).args(args).arg(pad).args(na).output().unwrap_or_else(|e| panic!("{tool}: {e}"));
    let stderr = String::from_utf8_lossy(&uit.stderr);
    // Poppler before 23.x reports a `/Suspects false` in /MarkInfo (valid PDF, written by krilla) as an error.
    let stderr: String = stderr
        .lines()
        .filter(|l| !l.contains("Suspects object is wrong type (boolean)"))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        uit.status.success() && stderr.trim().is_empty(),
        "{tool} {args:?} failed ({}):\n{stderr}\n{}",
        uit.status,
        String::from_utf8_lossy(&uit.stdout)
    );
    String::from_utf8(uit.stdout).unwrap()
}

/// `qpdf --check`: exit 0 means no errors and no warnings (damaged xref, bad stream lengths, …).
pub fn qpdf_check(pdf: &Pdf) {
    let uit = draai("qpdf", &["--check"], &pdf.pad);
    assert!(uit.contains("No syntax or stream encoding errors found"), "{uit}");
}

/// `qpdf --json`: every object as qpdf parsed it.
pub fn qpdf_json(pdf: &Pdf) -> serde_json::Value {
    serde_json::from_str(&draai("qpdf", &["--json"], &pdf.pad)).unwrap()
}

/// The bounding box of a structure element from its layout attributes (`/A`, one dictionary or an array of them).
pub fn bbox(element: &serde_json::Value) -> Option<Vec<f64>> {
    let a = &element["/A"];
    let lijst = a.as_array().cloned().unwrap_or_else(|| vec![a.clone()]);
    let b = lijst.iter().find_map(|d| d["/BBox"].as_array().cloned())?;
    b.iter().map(serde_json::Value::as_f64).collect()
}

/// The value of an object in qpdf's JSON (`"8 0 R"` or `"trailer"`).
pub fn object<'a>(json: &'a serde_json::Value, naam: &str) -> &'a serde_json::Value {
    let sleutel = if naam == "trailer" { "trailer".to_string() } else { format!("obj:{naam}") };
    &json["qpdf"][1][&sleutel]["value"]
}

pub fn tekst(pdf: &Pdf) -> String {
    draai("pdftotext", &["-layout", "-enc", "UTF-8"], &pdf.pad).replace('\u{c}', "")
}

pub fn tekst_van_pagina(pdf: &Pdf, pagina: usize) -> String {
    let p = pagina.to_string();
    draai("pdftotext", &["-layout", "-enc", "UTF-8", "-f", &p, "-l", &p], &pdf.pad).replace('\u{c}', "")
}

pub fn info(pdf: &Pdf) -> String {
    draai("pdfinfo", &["-isodates", "-enc", "UTF-8"], &pdf.pad)
}

/// A line `Naam: waarde` of pdfinfo.
pub fn info_veld(info: &str, naam: &str) -> String {
    info.lines()
        .find_map(|l| l.strip_prefix(&format!("{naam}:")))
        .unwrap_or_else(|| panic!("pdfinfo has no {naam}:\n{info}"))
        .trim()
        .to_string()
}

/// A word as poppler placed it (`pdftotext -bbox`), in points from the top left of its page.
#[derive(Debug, Clone)]
pub struct Woord {
    pub pagina: usize,
    pub x_min: f64,
    pub y_min: f64,
    pub x_max: f64,
    pub y_max: f64,
    pub tekst: String,
}

pub fn woorden(pdf: &Pdf) -> Vec<Woord> {
    let html = draai("pdftotext", &["-bbox", "-enc", "UTF-8"], &pdf.pad);
    let mut woorden = Vec::new();
    let mut pagina = 0;
    for regel in html.lines().map(str::trim) {
        if regel.starts_with("<page ") {
            pagina += 1;
        }
        let Some(rest) = regel.strip_prefix("<word ") else { continue };
        let attr = |naam: &str| -> f64 {
            let begin = rest.find(&format!("{naam}=\"")).unwrap() + naam.len() + 2;
            rest[begin..].split('"').next().unwrap().parse().unwrap()
        };
        let inhoud = &rest[rest.find('>').unwrap() + 1..rest.rfind("</word>").unwrap()];
        let tekst = inhoud
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&");
        woorden.push(Woord {
            pagina,
            x_min: attr("xMin"),
            y_min: attr("yMin"),
            x_max: attr("xMax"),
            y_max: attr("yMax"),
            tekst,
        });
    }
    woorden
}

/// Words grouped into lines (same page, baselines within a point), top to bottom.
pub fn regels(woorden: &[Woord]) -> Vec<Vec<Woord>> {
    let mut regels: Vec<Vec<Woord>> = Vec::new();
    for w in woorden {
        match regels.last_mut() {
            Some(r) if r[0].pagina == w.pagina && (r[0].y_max - w.y_max).abs() < 1.0 => r.push(w.clone()),
            _ => regels.push(vec![w.clone()]),
        }
    }
    regels
}

/// A page rendered by pdftoppm as RGB pixels.
pub struct Beeld {
    pub breedte: usize,
    pub hoogte: usize,
    pub pixels: Vec<u8>,
}

impl Beeld {
    pub fn pixel(&self, x: usize, y: usize) -> [u8; 3] {
        let i = (y * self.breedte + x) * 3;
        [self.pixels[i], self.pixels[i + 1], self.pixels[i + 2]]
    }
}

/// `pdftoppm` of one page at `dpi`, read from its PPM (P6) output.
pub fn render(pdf: &Pdf, pagina: usize, dpi: u32) -> Beeld {
    let p = pagina.to_string();
    let uit = Command::new("pdftoppm")
        .args(["-r", &dpi.to_string(), "-f", &p, "-l", &p, "-singlefile"])
        .arg(&pdf.pad)
        .output()
        .unwrap();
    assert!(uit.status.success() && uit.stderr.is_empty(), "{}", String::from_utf8_lossy(&uit.stderr));
    let data = uit.stdout;
    // Header: "P6\n<w> <h>\n255\n", then the pixels.
    let mut velden = Vec::new();
    let mut i = 0;
    while velden.len() < 4 {
        while data[i].is_ascii_whitespace() {
            i += 1;
        }
        let begin = i;
        while !data[i].is_ascii_whitespace() {
            i += 1;
        }
        velden.push(String::from_utf8_lossy(&data[begin..i]).into_owned());
    }
    assert_eq!(velden[0], "P6");
    let (breedte, hoogte) = (velden[1].parse().unwrap(), velden[2].parse().unwrap());
    Beeld { breedte, hoogte, pixels: data[i + 1..].to_vec() }
}
