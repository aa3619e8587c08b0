//! "Binnen de lijntjes": a drawn plan (GeoJSON with a stated CRS, heights, storeys, dwellings, use, the pand it
//! extends) read field by field (one message per wrong field) and checked against every norm where it lies; the
//! check itself is `stip_regels::plancheck`, the answer is in the request's CRS. Also the measures a person already
//! gave in the Vergunningcheck, carried into their plan and compared with what they drew.

use crate::fout::{Fout, FoutCode, VeldFout};
use crate::locatie::{crs, lees_geometrie};
use geo_types::{Geometry, MultiPolygon};
use serde::Deserialize;
use serde_json::Value;
use stip_geo::Crs;
use stip_regels::plancheck::{Bouwplan, Invoerfout, Plancheck, PlancheckFout, toets as toets_plan};
use utoipa::ToSchema;

/// A building plan to check.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Planvraag {
    /// The footprint: a GeoJSON Polygon or MultiPolygon, or a Feature or FeatureCollection of them (at most
    /// 10,000 vertices, no self-intersection). When `uitbreidingVan` is given, this is the extension only.
    #[schema(value_type = Object)]
    pub geometrie: Option<Value>,
    /// Required: `EPSG:28992` (RD New) or `EPSG:4326` (WGS84, lon/lat as GeoJSON orders it). The answer's
    /// geometry is in the same CRS.
    #[schema(examples("EPSG:28992", "EPSG:4326"))]
    pub crs: Option<String>,
    /// Height of the highest point in metres (0–300).
    #[schema(value_type = Option<f64>, minimum = 0, maximum = 300)]
    pub bouwhoogte: Option<Value>,
    /// Gutter height in metres (0–300, not above the bouwhoogte).
    #[schema(value_type = Option<f64>, minimum = 0, maximum = 300)]
    pub goothoogte: Option<Value>,
    /// Number of storeys (0–100).
    #[schema(value_type = Option<u32>, minimum = 0, maximum = 100)]
    pub bouwlagen: Option<Value>,
    /// Number of dwellings.
    #[schema(value_type = Option<u32>)]
    pub wooneenheden: Option<Value>,
    /// The intended use in words: `wonen`, `bedrijf`, `kantoor`.
    pub functie: Option<String>,
    /// BAG pand identificatie of the existing building the plan extends (its footprint counts once).
    pub uitbreiding_van: Option<String>,
}

/// Reads the request, checks the plan and answers in the request's CRS.
pub fn plancheck(index: &stip_regels::RegelIndex, vraag: Planvraag) -> Result<Plancheck, Fout> {
    let crs = crs(vraag.crs.as_deref())?;
    let mut fouten: Vec<Invoerfout> = Vec::new();
    let geometrie = match &vraag.geometrie {
        None | Some(Value::Null) => {
            fouten.push(invoerfout("geometrie", "ontbreekt", "Teken de plattegrond van uw plan (geometrie)."));
            MultiPolygon(Vec::new())
        }
        Some(v) => vlakken(&lees_geometrie(&als_geometrie(v)?, crs)?)?,
    };
    let plan = Bouwplan {
        geometrie,
        bouwhoogte: getal("bouwhoogte", vraag.bouwhoogte.as_ref(), &mut fouten),
        goothoogte: getal("goothoogte", vraag.goothoogte.as_ref(), &mut fouten),
        bouwlagen: aantal("bouwlagen", vraag.bouwlagen.as_ref(), &mut fouten),
        wooneenheden: aantal("wooneenheden", vraag.wooneenheden.as_ref(), &mut fouten),
        functie: vraag.functie.map(|f| f.trim().to_string()).filter(|f| !f.is_empty()),
        uitbreiding_van: vraag.uitbreiding_van.map(|f| f.trim().to_string()).filter(|f| !f.is_empty()),
    };
    if !fouten.is_empty() {
        // name every wrong field at once; without these, `toets` validates the plan itself (once)
        let geometrie_fout = fouten.iter().any(|f| f.veld == "geometrie");
        fouten.extend(plan.valideer().into_iter().filter(|f| !(geometrie_fout && f.veld == "geometrie")));
        return Err(ongeldig(fouten));
    }
    let mut uitkomst = toets_plan(index, &plan).map_err(|e| match e {
        PlancheckFout::Ongeldig(fouten) => ongeldig(fouten),
        PlancheckFout::OnbekendPand(id) => ongeldig(vec![invoerfout(
            "uitbreidingVan",
            "onbekend-pand",
            &format!("Het pand {id} kent stip niet. Kies een gebouw op de kaart of laat uitbreidingVan weg."),
        )]),
    })?;
    if crs == Crs::Wgs84 {
        uitkomst
            .naar_wgs84()
            .map_err(|e| Fout::new(FoutCode::Internal, format!("answer geometry to WGS84: {}", e.kind)))?;
    }
    Ok(uitkomst)
}

fn invoerfout(veld: &'static str, code: &'static str, melding: &str) -> Invoerfout {
    Invoerfout { veld, code, melding: melding.to_string() }
}

/// The problem for wrong fields: `invalid_geometry` when the drawing is wrong, else `invalid_request`.
fn ongeldig(fouten: Vec<Invoerfout>) -> Fout {
    let code =
        if fouten.iter().any(|f| f.veld == "geometrie") { FoutCode::InvalidGeometry } else { FoutCode::InvalidRequest };
    let detail = fouten.iter().map(|f| format!("{}: {}", f.veld, f.melding)).collect::<Vec<_>>().join(" ");
    Fout::new(code, detail).with_fouten(
        fouten
            .into_iter()
            .map(|f| VeldFout { vraag: f.veld.to_string(), code: f.code.to_string(), melding: f.melding })
            .collect(),
    )
}

/// A Feature's geometry, or a FeatureCollection's polygons as one MultiPolygon; a geometry as it is.
fn als_geometrie(v: &Value) -> Result<Value, Fout> {
    let bad = |d: &str| Fout::new(FoutCode::InvalidGeometry, format!("geometrie: {d}"));
    match v.get("type").and_then(Value::as_str) {
        Some("Feature") => match v.get("geometry") {
            Some(g) if !g.is_null() => Ok(g.clone()),
            _ => Err(bad("the Feature has no geometry")),
        },
        Some("FeatureCollection") => {
            let features = v.get("features").and_then(Value::as_array).ok_or_else(|| bad("no features"))?;
            let mut coordinates: Vec<Value> = Vec::new();
            for f in features {
                let g = f.get("geometry").ok_or_else(|| bad("a feature has no geometry"))?;
                match (g.get("type").and_then(Value::as_str), g.get("coordinates")) {
                    (Some("Polygon"), Some(c)) => coordinates.push(c.clone()),
                    (Some("MultiPolygon"), Some(Value::Array(cs))) => coordinates.extend(cs.iter().cloned()),
                    _ => return Err(bad("every feature must be a Polygon or MultiPolygon")),
                }
            }
            Ok(serde_json::json!({"type": "MultiPolygon", "coordinates": coordinates}))
        }
        _ => Ok(v.clone()),
    }
}

/// The footprint as polygons; other geometry types are refused.
fn vlakken(g: &Geometry<f64>) -> Result<MultiPolygon<f64>, Fout> {
    match g {
        Geometry::Polygon(p) => Ok(MultiPolygon(vec![p.clone()])),
        Geometry::MultiPolygon(mp) => Ok(mp.clone()),
        _ => Err(Fout::new(
            FoutCode::InvalidGeometry,
            "geometrie: a plan is a Polygon or MultiPolygon (the footprint of the building)",
        )),
    }
}

/// A number field (metres).
fn getal(veld: &'static str, v: Option<&Value>, fouten: &mut Vec<Invoerfout>) -> Option<f64> {
    match v {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => n.as_f64(),
        Some(_) => {
            fouten.push(invoerfout(veld, "geen-getal", &format!("Vul bij {veld} een getal in (meters), zoals 7.5.")));
            None
        }
    }
}

/// A count field: a whole number, 0 or more.
fn aantal(veld: &'static str, v: Option<&Value>, fouten: &mut Vec<Invoerfout>) -> Option<u32> {
    match v {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => match n.as_f64() {
            Some(x) if x < 0.0 => {
                fouten.push(invoerfout(veld, "negatief", &format!("Het aantal {veld} kan niet negatief zijn.")));
                None
            }
            Some(x) if x.fract() != 0.0 => {
                fouten.push(invoerfout(veld, "geen-geheel-getal", &format!("Vul bij {veld} een heel getal in.")));
                None
            }
            // large values are kept (saturated) so the plan's own limits name them
            Some(x) => Some(x.min(u32::MAX as f64) as u32),
            None => None,
        },
        Some(_) => {
            fouten.push(invoerfout(veld, "geen-getal", &format!("Vul bij {veld} een heel getal in.")));
            None
        }
    }
}

/// The measures a person already gave in the Vergunningcheck, to carry into their plan: the area the building
/// covers (an answer in m² that is not about the parcel) and its height (an answer in metres about how high it
/// becomes, not measured from a roof, and not a tree's trunk).
#[derive(Debug, Default, Clone, Copy, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckMaten {
    pub oppervlakte_m2: Option<f64>,
    pub bouwhoogte_m: Option<f64>,
}

/// What the check's answers (question id, answer as typed) say about the plan's measures (see [`CheckMaten`]).
pub fn maten_uit_check(catalog: &stip_sttr::Catalog, antwoorden: &[(String, String)]) -> CheckMaten {
    let mut maten = CheckMaten::default();
    for (id, antwoord) in antwoorden {
        let Some((tekst, eenheid)) = catalog.vraag_tekst(id) else { continue };
        let Ok(waarde) = antwoord.trim().replace(',', ".").parse::<f64>() else { continue };
        if !(waarde.is_finite() && waarde > 0.0) {
            continue;
        }
        match soort_maat(tekst, eenheid) {
            Some(Maat::Oppervlakte) => maten.oppervlakte_m2 = maten.oppervlakte_m2.or(Some(waarde)),
            Some(Maat::Bouwhoogte) => maten.bouwhoogte_m = maten.bouwhoogte_m.or(Some(waarde)),
            None => {}
        }
    }
    maten
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Maat {
    Oppervlakte,
    Bouwhoogte,
}

/// Which measure of the plan a question asks for, from its text and unit; `None` for any other question.
fn soort_maat(tekst: &str, eenheid: Option<&str>) -> Option<Maat> {
    let t = tekst.to_lowercase();
    let over_iets_anders = ["perceel", "erf", "tuin", "stam", "boom", "dak", "centimeter", "goot"];
    if over_iets_anders.iter().any(|w| t.contains(w)) {
        return None;
    }
    let vierkant = matches!(eenheid, Some("m²" | "m2")) || t.contains("m²") || t.contains("vierkante meter");
    if vierkant || (eenheid.is_none() && t.contains("oppervlakte")) {
        return Some(Maat::Oppervlakte);
    }
    let meters = matches!(eenheid, Some("m")) || t.contains("meter");
    (meters && (t.contains("hoog") || t.contains("hoogte"))).then_some(Maat::Bouwhoogte)
}

/// One measure where the drawn plan differs from the check's answer.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Afwijking {
    /// `oppervlakte` (m²) or `bouwhoogte` (m).
    pub maat: &'static str,
    pub beantwoord: f64,
    pub getekend: f64,
}

/// Where the plan (its area and height) differs from what the check was answered with: more than 1 m² and 5 % for
/// the area (a drawing is never exact), more than 10 cm for the height.
pub fn afwijkingen(maten: CheckMaten, oppervlakte_m2: f64, bouwhoogte_m: Option<f64>) -> Vec<Afwijking> {
    let mut uit = Vec::new();
    if let Some(a) = maten.oppervlakte_m2
        && (a - oppervlakte_m2).abs() > (0.05 * a).max(1.0)
    {
        uit.push(Afwijking { maat: "oppervlakte", beantwoord: a, getekend: (oppervlakte_m2 * 10.0).round() / 10.0 });
    }
    if let (Some(a), Some(h)) = (maten.bouwhoogte_m, bouwhoogte_m)
        && (a - h).abs() > 0.1
    {
        uit.push(Afwijking { maat: "bouwhoogte", beantwoord: a, getekend: h });
    }
    uit
}

#[cfg(test)]
mod maten_tests {
    use super::*;

    #[test]
    fn the_area_and_height_questions_are_recognised_and_the_parcel_roof_and_tree_questions_are_not() {
        assert_eq!(
            soort_maat("Hoeveel vierkante meter grond bedekt het nieuwe bouwwerk?", None),
            Some(Maat::Oppervlakte)
        );
        assert_eq!(soort_maat("Wat is de oppervlakte van het bijgebouw?", Some("m²")), Some(Maat::Oppervlakte));
        assert_eq!(soort_maat("Wat is de oppervlakte van het bijgebouw?", None), Some(Maat::Oppervlakte));
        assert_eq!(soort_maat("Hoe hoog wordt het bouwwerk (in meters)?", None), Some(Maat::Bouwhoogte));
        assert_eq!(soort_maat("Hoe groot is uw perceel (in m²)?", None), None);
        assert_eq!(
            soort_maat("Hoe hoog wordt de dakkapel, gemeten vanaf de voet op het dak (in meters)?", None),
            None,
            "a dormer's height is not the building's"
        );
        assert_eq!(
            soort_maat("Hoe dik is de stam: wat is de omtrek op 1,30 meter hoogte (in centimeters)?", None),
            None
        );
        assert_eq!(soort_maat("Staat de boom in het Wilgenpark?", None), None);
    }

    #[test]
    fn a_plan_that_differs_from_the_answers_beyond_drawing_precision_is_named_and_a_close_one_is_not() {
        let maten = CheckMaten { oppervlakte_m2: Some(25.0), bouwhoogte_m: Some(3.0) };
        assert!(afwijkingen(maten, 24.2, Some(3.0)).is_empty(), "within 1 m² and 5 %");
        let a = afwijkingen(maten, 12.0, Some(4.5));
        assert_eq!(a.iter().map(|a| a.maat).collect::<Vec<_>>(), ["oppervlakte", "bouwhoogte"]);
        assert_eq!((a[0].beantwoord, a[0].getekend), (25.0, 12.0));
        assert!(afwijkingen(CheckMaten::default(), 12.0, Some(4.5)).is_empty(), "nothing answered, nothing to compare");
    }
}
