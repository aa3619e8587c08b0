//! GIO reading (geo:GeoInformatieObjectVaststelling), streaming per geo:Locatie: basisgeo:id, naam, geometry and
//! the normwaarde (kwantitatief / kwalitatief) or groepID a locatie carries.

use geo_types::Geometry;
use stip_geo::xml::{XmlEvent, XmlReader};

use crate::error::{ImportError, Reason};

#[derive(Debug, Default)]
pub struct Gio {
    pub file: String,
    pub work: Option<String>,
    pub expression: Option<String>,
    pub norm_id: Option<String>,
    pub eenheid_id: Option<String>,
    pub normlabel: Option<String>,
    pub locaties: Vec<GioLocatie>,
}

#[derive(Debug)]
pub struct GioLocatie {
    pub id: String,
    pub naam: Option<String>,
    pub geometrie: Geometry<f64>,
    pub kwantitatief: Option<f64>,
    pub kwalitatief: Option<String>,
    pub groep_id: Option<String>,
}

pub fn read(file: &str, r: &mut XmlReader) -> Result<Gio, ImportError> {
    let geo = |e| ImportError::geo(file, e);
    let mut gio = Gio { file: file.to_string(), ..Default::default() };
    loop {
        match r.next().map_err(geo)? {
            XmlEvent::Start(tag) => match tag.name.as_str() {
                "FRBRWork" if gio.work.is_none() => gio.work = Some(r.read_text().map_err(geo)?.trim().to_string()),
                "FRBRExpression" if gio.expression.is_none() => {
                    gio.expression = Some(r.read_text().map_err(geo)?.trim().to_string())
                }
                "normID" => gio.norm_id = Some(r.read_text().map_err(geo)?.trim().to_string()),
                "eenheidID" => gio.eenheid_id = Some(r.read_text().map_err(geo)?.trim().to_string()),
                "normlabel" => gio.normlabel = Some(r.read_text().map_err(geo)?.trim().to_string()),
                "Locatie" => {
                    let el = r.read_element(tag).map_err(geo)?;
                    let basis = el.find("Geometrie");
                    let id = basis.and_then(|b| b.child_text("id")).ok_or_else(|| {
                        ImportError::new(file, "geo:Locatie", Reason::Missing("basisgeo:Geometrie/basisgeo:id"))
                    })?;
                    let geometrie = el.geometry().cloned().ok_or_else(|| {
                        ImportError::new(file, format!("geo:Locatie {id}"), Reason::Missing("basisgeo:geometrie"))
                    })?;
                    let kwantitatief = match el.child_text("kwantitatieveNormwaarde") {
                        Some(v) => Some(v.parse::<f64>().map_err(|_| {
                            ImportError::new(
                                file,
                                format!("geo:Locatie {id}"),
                                Reason::Invalid { what: "kwantitatieveNormwaarde", value: v.clone() },
                            )
                        })?),
                        None => None,
                    };
                    gio.locaties.push(GioLocatie {
                        id,
                        naam: el.child_text("naam"),
                        geometrie,
                        kwantitatief,
                        kwalitatief: el.child_text("kwalitatieveNormwaarde"),
                        groep_id: el.child_text("groepID"),
                    });
                }
                _ => {}
            },
            XmlEvent::Eof => break,
            _ => {}
        }
    }
    Ok(gio)
}
