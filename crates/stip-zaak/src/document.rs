//! Which uploads an application takes: the kind is read from the bytes (never from the name or the browser's
//! claim), the size is limited, and the name is made safe to show and to offer for download.

use serde::Serialize;

/// The largest document accepted (a drawing set as PDF, a photo, an IFC model).
pub const MAX_DOCUMENT_BYTES: usize = 50 * 1024 * 1024;
/// The most documents one application holds.
pub const MAX_DOCUMENTEN: usize = 100;

/// A document kind stip accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Soort {
    Pdf,
    Png,
    Jpeg,
    /// A BIM model in IFC's STEP physical file format (ISO 10303-21).
    Ifc,
}

impl Soort {
    pub fn mediatype(self) -> &'static str {
        match self {
            Soort::Pdf => "application/pdf",
            Soort::Png => "image/png",
            Soort::Jpeg => "image/jpeg",
            Soort::Ifc => "application/x-step",
        }
    }

    pub fn extensie(self) -> &'static str {
        match self {
            Soort::Pdf => "pdf",
            Soort::Png => "png",
            Soort::Jpeg => "jpg",
            Soort::Ifc => "ifc",
        }
    }
}

/// Why an upload is refused. The texts name the file and the reason, in Dutch.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentFout {
    #[error("{naam} is leeg")]
    Leeg { naam: String },
    #[error("{naam} is te groot ({mb} MB); het mag ten hoogste {max} MB zijn")]
    TeGroot { naam: String, mb: usize, max: usize },
    #[error("{naam} is geen PDF, PNG, JPEG of IFC-bestand (stip kijkt naar de inhoud, niet naar de naam)")]
    OnbekendeSoort { naam: String },
    #[error("uw aanvraag heeft al {0} documenten; meer kan niet")]
    TeVeel(usize),
}

/// Reads the kind of an upload from its first bytes, and checks its size.
pub fn herken(naam: &str, inhoud: &[u8]) -> Result<Soort, DocumentFout> {
    let naam = veilige_naam(naam);
    if inhoud.is_empty() {
        return Err(DocumentFout::Leeg { naam });
    }
    if inhoud.len() > MAX_DOCUMENT_BYTES {
        return Err(DocumentFout::TeGroot {
            naam,
            mb: inhoud.len().div_ceil(1024 * 1024),
            max: MAX_DOCUMENT_BYTES / (1024 * 1024),
        });
    }
    let begin = &inhoud[..inhoud.len().min(1024)];
    if begin.starts_with(b"%PDF-") {
        Ok(Soort::Pdf)
    } else if begin.starts_with(b"\x89PNG\r\n\x1a\n") {
        Ok(Soort::Png)
    } else if begin.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Ok(Soort::Jpeg)
    } else if is_ifc(begin) {
        Ok(Soort::Ifc)
    } else {
        Err(DocumentFout::OnbekendeSoort { naam })
    }
}

/// An IFC file: the STEP header `ISO-10303-21;` (after an optional BOM and white space) with an IFC schema.
fn is_ifc(begin: &[u8]) -> bool {
    let tekst = String::from_utf8_lossy(begin.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(begin));
    let tekst = tekst.trim_start();
    tekst.starts_with("ISO-10303-21;") && tekst.to_ascii_uppercase().contains("FILE_SCHEMA") && tekst.contains("IFC")
}

/// A file name safe to show and to put in a download header: no path, no control or quoting characters, at most
/// 120 characters; empty becomes `document`.
pub fn veilige_naam(naam: &str) -> String {
    let basis = naam.rsplit(['/', '\\']).next().unwrap_or("");
    let schoon: String = basis
        .chars()
        .filter(|c| !c.is_control() && !onzichtbaar(*c) && !matches!(c, '"' | '<' | '>' | ';' | '\\'))
        .take(120)
        .collect();
    let schoon = schoon.trim().trim_start_matches('.').to_string();
    if schoon.is_empty() { "document".to_string() } else { schoon }
}

/// Characters that change how a name reads without being seen: direction marks and overrides (a right-to-left override
/// turns `gevel\u{202E}fdp.exe` into what looks like `gevelexe.pdf`), zero-width characters.
fn onzichtbaar(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// The name an upload of kind `soort` is kept under: [`veilige_naam`], ending in the kind's own extension (a PDF sent
/// as `plan.html` is kept as `plan.html.pdf`), so that a download never opens as something else.
pub fn naam_voor(naam: &str, soort: Soort) -> String {
    let naam = veilige_naam(naam);
    let extensie = naam.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let past = extensie == soort.extensie() || (soort == Soort::Jpeg && extensie == "jpeg");
    if past { naam } else { format!("{naam}.{}", soort.extensie()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kind_is_read_from_the_content_not_the_name() {
        assert_eq!(herken("a.png", b"%PDF-1.7\n..."), Ok(Soort::Pdf));
        assert_eq!(herken("foto", b"\x89PNG\r\n\x1a\n...."), Ok(Soort::Png));
        assert_eq!(herken("foto.jpg", &[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]), Ok(Soort::Jpeg));
        let ifc = b"ISO-10303-21;\nHEADER;\nFILE_DESCRIPTION((''),'2;1');\nFILE_SCHEMA(('IFC4'));\nENDSEC;";
        assert_eq!(herken("model.ifc", ifc), Ok(Soort::Ifc));
    }

    #[test]
    fn a_renamed_executable_or_script_is_refused_with_its_name() {
        let fout = herken("tekening.pdf", b"MZ\x90\x00 this is a program").unwrap_err();
        assert_eq!(fout, DocumentFout::OnbekendeSoort { naam: "tekening.pdf".into() });
        assert!(fout.to_string().starts_with("tekening.pdf is geen PDF"));
        assert!(herken("x.pdf", b"<html><script>").is_err());
        assert!(herken("step.ifc", b"ISO-10303-21;\nFILE_SCHEMA(('AP214'));").is_err(), "STEP but not IFC");
    }

    #[test]
    fn an_empty_or_too_large_upload_is_refused_with_the_limit() {
        assert_eq!(herken("leeg.pdf", b""), Err(DocumentFout::Leeg { naam: "leeg.pdf".into() }));
        let groot = vec![b'%'; MAX_DOCUMENT_BYTES + 1];
        let fout = herken("groot.pdf", &groot).unwrap_err().to_string();
        assert_eq!(fout, "groot.pdf is te groot (51 MB); het mag ten hoogste 50 MB zijn");
    }

    #[test]
    fn file_names_lose_their_path_and_dangerous_characters() {
        assert_eq!(veilige_naam("C:\\Users\\jan\\gevel.pdf"), "gevel.pdf");
        assert_eq!(veilige_naam("../../etc/passwd"), "passwd");
        assert_eq!(veilige_naam("a\"b;c\r\n.pdf"), "abc.pdf");
        assert_eq!(veilige_naam(".."), "document");
        assert_eq!(veilige_naam(&"x".repeat(500)).len(), 120);
        assert_eq!(veilige_naam("gevel\u{202E}fdp.exe"), "gevelfdp.exe", "no right-to-left override");
    }

    #[test]
    fn a_kept_name_ends_in_the_extension_of_what_the_file_is() {
        assert_eq!(naam_voor("plan.html", Soort::Pdf), "plan.html.pdf");
        assert_eq!(naam_voor("logo.svg", Soort::Png), "logo.svg.png");
        assert_eq!(naam_voor("Gevel.PDF", Soort::Pdf), "Gevel.PDF");
        assert_eq!(naam_voor("foto.jpeg", Soort::Jpeg), "foto.jpeg");
        assert_eq!(naam_voor("tekening", Soort::Pdf), "tekening.pdf");
    }
}
