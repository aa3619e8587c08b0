//! The PDF file itself: objects (catalog, pages, fonts, structure tree, bookmarks, document information, XMP
//! metadata), the cross-reference table with byte offsets, and a trailer whose `/ID` is a hash of the content.

use crate::Metadata;
use crate::opmaak::{Bladwijzer, Kind, Opgemaakt, PAGINA_BREEDTE, PAGINA_HOOGTE};
use crate::tekst::{getal, pdf_string, tekststring};
use time::OffsetDateTime;

struct Bestand {
    uit: Vec<u8>,
    posities: Vec<Option<usize>>,
}

impl Bestand {
    fn nieuw() -> Bestand {
        // The comment with bytes above 127 tells transfer tools the file is binary.
        let mut uit = b"%PDF-1.7\n%".to_vec();
        uit.extend_from_slice(&[0xE2, 0xE3, 0xCF, 0xD3, b'\n']);
        Bestand { uit, posities: Vec::new() }
    }

    /// Reserves an object number.
    fn nummer(&mut self) -> usize {
        self.posities.push(None);
        self.posities.len()
    }

    fn object(&mut self, n: usize, inhoud: &str) {
        self.posities[n - 1] = Some(self.uit.len());
        self.uit.extend_from_slice(format!("{n} 0 obj\n{inhoud}\nendobj\n").as_bytes());
    }

    fn stroom(&mut self, n: usize, woordenboek: &str, data: &[u8]) {
        self.posities[n - 1] = Some(self.uit.len());
        let kop = format!("{n} 0 obj\n<< /Length {}{woordenboek} >>\nstream\n", data.len());
        self.uit.extend_from_slice(kop.as_bytes());
        self.uit.extend_from_slice(data);
        self.uit.extend_from_slice(b"\nendstream\nendobj\n");
    }

    fn afsluiten(mut self, catalogus: usize, info: usize) -> Vec<u8> {
        let id = hash(&self.uit);
        let xref = self.uit.len();
        let mut tabel = format!("xref\n0 {}\n0000000000 65535 f \n", self.posities.len() + 1);
        for (i, positie) in self.posities.iter().enumerate() {
            let positie = positie.unwrap_or_else(|| panic!("object {} reserved but never written", i + 1));
            tabel.push_str(&format!("{positie:010} 00000 n \n"));
        }
        tabel.push_str(&format!(
            "trailer\n<< /Size {} /Root {catalogus} 0 R /Info {info} 0 R /ID [<{id}> <{id}>] >>\nstartxref\n{xref}\n%%EOF\n",
            self.posities.len() + 1
        ));
        self.uit.extend_from_slice(tabel.as_bytes());
        self.uit
    }
}

/// FNV-1a, 128 bits, in hex: a file identifier that is the same for the same content (not a security measure).
fn hash(data: &[u8]) -> String {
    let mut h: u128 = 0x6c62272e07bb014262b821756295c58d;
    for &b in data {
        h ^= u128::from(b);
        h = h.wrapping_mul(0x0000000001000000000000000000013B);
    }
    format!("{h:032X}")
}

pub(crate) fn schrijven(meta: &Metadata, opgemaakt: &Opgemaakt) -> Vec<u8> {
    let mut f = Bestand::nieuw();
    let catalogus = f.nummer();
    let paginaboom = f.nummer();
    let (regular, vet) = (f.nummer(), f.nummer());
    let info = f.nummer();
    let structuur = f.nummer();
    let metadata = f.nummer();
    let paginas: Vec<(usize, usize)> = opgemaakt.paginas.iter().map(|_| (f.nummer(), f.nummer())).collect();
    let elementen: Vec<usize> = opgemaakt.boom.elementen.iter().map(|_| f.nummer()).collect();
    let bladwijzers: Vec<usize> = opgemaakt.bladwijzers.iter().map(|_| f.nummer()).collect();
    let overzicht = (!bladwijzers.is_empty()).then(|| f.nummer());

    let taal = if meta.taal.trim().is_empty() { "nl-NL" } else { meta.taal.trim() };
    let overzicht_ref = overzicht.map_or(String::new(), |o| format!(" /Outlines {o} 0 R"));
    f.object(
        catalogus,
        &format!(
            "<< /Type /Catalog /Pages {paginaboom} 0 R /Lang {} /MarkInfo << /Marked true >> /StructTreeRoot \
             {structuur} 0 R /Metadata {metadata} 0 R /ViewerPreferences << /DisplayDocTitle true >>{overzicht_ref} >>",
            tekststring(taal)
        ),
    );
    let kinderen: Vec<String> = paginas.iter().map(|(p, _)| format!("{p} 0 R")).collect();
    f.object(paginaboom, &format!("<< /Type /Pages /Kids [{}] /Count {} >>", kinderen.join(" "), paginas.len()));
    for (n, naam) in [(regular, "Helvetica"), (vet, "Helvetica-Bold")] {
        f.object(n, &format!("<< /Type /Font /Subtype /Type1 /BaseFont /{naam} /Encoding /WinAnsiEncoding >>"));
    }
    let datum = pdf_datum(meta.gemaakt);
    f.object(
        info,
        &format!(
            "<< /Title {} /Author {} /Subject {} /Creator (stip) /Producer (stip-pdf {}) /CreationDate {datum} \
             /ModDate {datum} >>",
            tekststring(&meta.titel),
            tekststring(&meta.auteur),
            tekststring(&meta.onderwerp),
            env!("CARGO_PKG_VERSION"),
        ),
    );
    f.stroom(metadata, " /Type /Metadata /Subtype /XML", xmp(meta, taal).as_bytes());

    // Pages, with the parent tree: per page, the structure element of each MCID.
    let mut ouderboom = Vec::new();
    for (i, ((pagina, inhoud), opgemaakte)) in paginas.iter().zip(&opgemaakt.paginas).enumerate() {
        f.object(
            *pagina,
            &format!(
                "<< /Type /Page /Parent {paginaboom} 0 R /MediaBox [0 0 {} {}] /Resources << /Font << /F1 {regular} 0 R \
                 /F2 {vet} 0 R >> >> /Contents {inhoud} 0 R /StructParents {i} /Tabs /S >>",
                getal(PAGINA_BREEDTE),
                getal(PAGINA_HOOGTE)
            ),
        );
        f.stroom(*inhoud, "", opgemaakte.inhoud.as_bytes());
        let refs: Vec<String> = opgemaakte.mcids.iter().map(|e| format!("{} 0 R", elementen[*e])).collect();
        ouderboom.push(format!("{i} [{}]", refs.join(" ")));
    }
    f.object(
        structuur,
        &format!(
            "<< /Type /StructTreeRoot /K {} 0 R /ParentTree << /Nums [{}] >> /ParentTreeNextKey {} >>",
            elementen[0],
            ouderboom.join(" "),
            paginas.len()
        ),
    );
    for (element, n) in opgemaakt.boom.elementen.iter().zip(&elementen) {
        let ouder = element.ouder.map_or(structuur, |o| elementen[o]);
        let kinderen: Vec<String> = element
            .kinderen
            .iter()
            .map(|k| match k {
                Kind::Element(e) => format!("{} 0 R", elementen[*e]),
                Kind::Inhoud { pagina, mcid } => {
                    format!("<< /Type /MCR /Pg {} 0 R /MCID {mcid} >>", paginas[*pagina].0)
                }
            })
            .collect();
        let mut s = format!("<< /Type /StructElem /S /{} /P {ouder} 0 R /K [{}]", element.rol, kinderen.join(" "));
        if let Some(alt) = &element.alt {
            s.push_str(&format!(" /Alt {}", tekststring(alt)));
        }
        if let Some(a) = &element.attributen {
            s.push_str(&format!(" /A {a}"));
        }
        s.push_str(" >>");
        f.object(*n, &s);
    }
    if let Some(overzicht) = overzicht {
        schrijf_bladwijzers(&mut f, overzicht, &bladwijzers, &opgemaakt.bladwijzers, &paginas);
    }
    f.afsluiten(catalogus, info)
}

/// The outline (bookmarks) from the headings, nested by level, all open.
fn schrijf_bladwijzers(
    f: &mut Bestand,
    overzicht: usize,
    nummers: &[usize],
    bladwijzers: &[Bladwijzer],
    paginas: &[(usize, usize)],
) {
    // The parent of each bookmark: the nearest earlier one of a lower level, else the outline root.
    let mut ouders: Vec<Option<usize>> = Vec::with_capacity(bladwijzers.len());
    let mut stapel: Vec<usize> = Vec::new();
    for (i, b) in bladwijzers.iter().enumerate() {
        while stapel.last().is_some_and(|&s| bladwijzers[s].niveau >= b.niveau) {
            stapel.pop();
        }
        ouders.push(stapel.last().copied());
        stapel.push(i);
    }
    let kinderen =
        |ouder: Option<usize>| -> Vec<usize> { (0..bladwijzers.len()).filter(|&i| ouders[i] == ouder).collect() };
    let nakomelingen = |i: usize| -> usize {
        let mut n = 0;
        let mut j = i + 1;
        while j < bladwijzers.len() && bladwijzers[j].niveau > bladwijzers[i].niveau {
            n += 1;
            j += 1;
        }
        n
    };
    let eerste_laatste = |k: &[usize]| match (k.first(), k.last()) {
        (Some(a), Some(b)) => format!(" /First {} 0 R /Last {} 0 R", nummers[*a], nummers[*b]),
        _ => String::new(),
    };
    let top = kinderen(None);
    f.object(overzicht, &format!("<< /Type /Outlines{} /Count {} >>", eerste_laatste(&top), bladwijzers.len()));
    for (i, b) in bladwijzers.iter().enumerate() {
        let broers = kinderen(ouders[i]);
        let plek = broers.iter().position(|&s| s == i).unwrap();
        let mut s = format!(
            "<< /Title {} /Parent {} 0 R /Dest [{} 0 R /XYZ 0 {} null]",
            tekststring(&b.titel),
            ouders[i].map_or(overzicht, |o| nummers[o]),
            paginas[b.pagina].0,
            getal(b.y)
        );
        if plek > 0 {
            s.push_str(&format!(" /Prev {} 0 R", nummers[broers[plek - 1]]));
        }
        if let Some(volgende) = broers.get(plek + 1) {
            s.push_str(&format!(" /Next {} 0 R", nummers[*volgende]));
        }
        let eigen = kinderen(Some(i));
        if !eigen.is_empty() {
            s.push_str(&format!("{} /Count {}", eerste_laatste(&eigen), nakomelingen(i)));
        }
        s.push_str(" >>");
        f.object(nummers[i], &s);
    }
}

/// `D:YYYYMMDDHHmmSS+HH'mm'`.
fn pdf_datum(t: OffsetDateTime) -> String {
    let o = t.offset();
    let (teken, uren, minuten) = if o.is_negative() {
        ('-', -o.whole_hours(), -o.minutes_past_hour())
    } else if o.is_utc() {
        return pdf_string(
            format!(
                "D:{:04}{:02}{:02}{:02}{:02}{:02}Z",
                t.year(),
                u8::from(t.month()),
                t.day(),
                t.hour(),
                t.minute(),
                t.second()
            )
            .as_bytes(),
        );
    } else {
        ('+', o.whole_hours(), o.minutes_past_hour())
    };
    pdf_string(
        format!(
            "D:{:04}{:02}{:02}{:02}{:02}{:02}{teken}{uren:02}'{minuten:02}'",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        )
        .as_bytes(),
    )
}

/// ISO 8601 with offset, for XMP.
fn iso_datum(t: OffsetDateTime) -> String {
    let o = t.offset();
    let (teken, uren, minuten) = if o.is_negative() {
        ('-', -o.whole_hours(), -o.minutes_past_hour())
    } else {
        ('+', o.whole_hours(), o.minutes_past_hour())
    };
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{teken}{uren:02}:{minuten:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// XML text: the five special characters escaped, characters XML 1.0 does not allow dropped.
fn xml(s: &str) -> String {
    let mut uit = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => uit.push_str("&amp;"),
            '<' => uit.push_str("&lt;"),
            '>' => uit.push_str("&gt;"),
            '"' => uit.push_str("&quot;"),
            '\'' => uit.push_str("&apos;"),
            '\t' | '\n' | '\r' => uit.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => uit.push(c),
        }
    }
    uit
}

/// The XMP metadata packet (Dublin Core title, creator, description, language; creation date; producer).
fn xmp(meta: &Metadata, taal: &str) -> String {
    let datum = iso_datum(meta.gemaakt);
    format!(
        "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">
<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">
<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag><rdf:li>{}</rdf:li></rdf:Bag></dc:language>
<xmp:CreateDate>{datum}</xmp:CreateDate>
<xmp:ModifyDate>{datum}</xmp:ModifyDate>
<xmp:MetadataDate>{datum}</xmp:MetadataDate>
<xmp:CreatorTool>stip</xmp:CreatorTool>
<pdf:Producer>stip-pdf {}</pdf:Producer>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end=\"r\"?>",
        xml(&meta.titel),
        xml(&meta.auteur),
        xml(&meta.onderwerp),
        xml(taal),
        env!("CARGO_PKG_VERSION"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn dates_carry_their_utc_offset() {
        assert_eq!(pdf_datum(datetime!(2026-03-05 14:07:09 +01:00)), "(D:20260305140709+01'00')");
        assert_eq!(pdf_datum(datetime!(2026-03-05 14:07:09 UTC)), "(D:20260305140709Z)");
        assert_eq!(pdf_datum(datetime!(2026-03-05 14:07:09 -03:30)), "(D:20260305140709-03'30')");
        assert_eq!(iso_datum(datetime!(2026-03-05 14:07:09 +02:00)), "2026-03-05T14:07:09+02:00");
    }

    #[test]
    fn the_file_hash_differs_when_one_byte_differs() {
        assert_ne!(hash(b"besluit"), hash(b"besluiT"));
        assert_eq!(hash(b"besluit").len(), 32);
    }

    #[test]
    fn xml_special_characters_are_escaped() {
        assert_eq!(xml("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
    }
}
