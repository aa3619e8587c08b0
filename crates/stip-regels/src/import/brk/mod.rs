//! BRK Kadastrale Kaart (DKK v4/v5) perceel import: identificatie, kadastrale aanduiding (gemeente, sectie,
//! perceelnummer, AKR code), kadastraleGrootte and begrenzingPerceel, from a GML file or a zip of them (the
//! percelen of every BRK GML inside). [`stream`] hands every Perceel on as it is read; [`import`] collects them.

use geo_types::Geometry;
use stip_geo::xml::{Element, XmlEvent, XmlReader};

use crate::error::{ImportError, Reason};
use crate::import::{Format, Progress, ProgressFn, ZipLimits, detect, package, report};
use crate::model::{KadastraleAanduiding, Perceel};

/// Imports a BRK GML file, or every BRK GML in a zip (entries named `zip!entry` in errors): [`stream`] with a
/// collecting sink.
pub fn import(file: &str, bytes: &[u8], progress: ProgressFn<'_>) -> Result<Vec<Perceel>, ImportError> {
    let mut out = Vec::new();
    stream(file, bytes, progress, &mut |p| out.push(p))?;
    Ok(out)
}

/// Reads a BRK GML file, or every BRK GML in a zip (one entry at a time), and hands every Perceel to `sink` as soon
/// as it is read, in the order of the file. On an error (naming the file — `zip!entry` in a zip —, the element and
/// the reason) the sink has had the percelen before it: whatever it built is partial, to be dropped.
pub fn stream(
    file: &str,
    bytes: &[u8],
    mut progress: ProgressFn<'_>,
    sink: &mut dyn FnMut(Perceel),
) -> Result<(), ImportError> {
    if !package::is_zip(bytes) {
        return read_gml(file, bytes, progress, sink);
    }
    let mut found = false;
    package::for_each_entry(file, bytes, &ZipLimits::PACKAGE, &mut |entry, content| {
        if detect(entry, content) == Some(Format::Brk) {
            found = true;
            let inner = progress.as_mut().map(|p| &mut **p as &mut dyn FnMut(Progress));
            read_gml(&format!("{file}!{entry}"), content, inner, sink)?;
        }
        Ok(true)
    })?;
    if !found {
        return Err(ImportError::new(file, "zip", Reason::Empty("BRK Kadastrale Kaart GML")));
    }
    Ok(())
}

fn read_gml(
    file: &str,
    bytes: &[u8],
    mut progress: ProgressFn<'_>,
    sink: &mut dyn FnMut(Perceel),
) -> Result<(), ImportError> {
    let geo = |e| ImportError::geo(file, e);
    let mut r = XmlReader::from_bytes(bytes).map_err(geo)?;
    let root = r.root().map_err(geo)?;
    if !root.ns.contains("kadastralekaart") && !root.ns.contains("kadaster") {
        return Err(ImportError::new(file, root.name.clone(), Reason::UnknownNamespace(root.ns.clone())));
    }
    let mut gelezen = 0u64;
    loop {
        match r.next().map_err(geo)? {
            XmlEvent::Start(tag) if tag.name == "Perceel" => {
                let el = r.read_element(tag).map_err(geo)?;
                sink(perceel(file, &el)?);
                gelezen += 1;
                if gelezen.is_multiple_of(1024) {
                    report(
                        &mut progress,
                        Progress {
                            stap: "lezen",
                            bestand: file.to_string(),
                            gedaan: r.position(),
                            totaal: bytes.len() as u64,
                        },
                    );
                }
            }
            XmlEvent::Eof => break,
            _ => {}
        }
    }
    report(
        &mut progress,
        Progress { stap: "klaar", bestand: file.to_string(), gedaan: bytes.len() as u64, totaal: bytes.len() as u64 },
    );
    Ok(())
}

fn perceel(file: &str, el: &Element) -> Result<Perceel, ImportError> {
    let id = el
        .child_text("identificatie")
        .or_else(|| el.attr("id").map(str::to_string))
        .ok_or_else(|| ImportError::new(file, "Perceel", Reason::Missing("identificatie")))?;
    let label = || format!("Perceel {id}");
    let ka = el
        .find("kadastraleAanduiding")
        .ok_or_else(|| ImportError::new(file, label(), Reason::Missing("kadastraleAanduiding")))?;
    let gem = ka.find("KadastraleGemeente").or_else(|| ka.find("kadastraleGemeente"));
    let akr = ka.find("AKRKadastraleGemeenteCode").or_else(|| ka.find("aKRKadastraleGemeenteCode"));
    let aanduiding = KadastraleAanduiding {
        kadastrale_gemeente_code: gem.and_then(|g| g.child_text("code")).unwrap_or_default(),
        kadastrale_gemeente: gem.and_then(|g| g.child_text("waarde")),
        sectie: ka
            .find("sectie")
            .map(|s| s.all_text())
            .ok_or_else(|| ImportError::new(file, label(), Reason::Missing("sectie")))?,
        perceelnummer: ka
            .find("perceelnummer")
            .map(|s| s.all_text())
            .ok_or_else(|| ImportError::new(file, label(), Reason::Missing("perceelnummer")))?,
        akr_code: akr.and_then(|g| g.child_text("waarde")),
    };
    let geometrie = match el.child("begrenzingPerceel").and_then(|b| b.geometry()) {
        Some(Geometry::Polygon(p)) => p.clone(),
        Some(Geometry::MultiPolygon(mp)) if !mp.0.is_empty() => mp.0[0].clone(),
        _ => return Err(ImportError::new(file, label(), Reason::Missing("begrenzingPerceel polygon"))),
    };
    let kadastrale_grootte =
        el.find("kadastraleGrootte").and_then(|k| k.find("waarde")).and_then(|w| w.all_text().parse().ok());
    let plaatscoordinaten = el.child("plaatscoordinaten").and_then(|p| p.geometry()).and_then(|g| match g {
        Geometry::Point(p) => Some(*p),
        _ => None,
    });
    Ok(Perceel {
        identificatie: id,
        kadastrale_aanduiding: aanduiding,
        kadastrale_grootte,
        geometrie,
        plaatscoordinaten,
    })
}
