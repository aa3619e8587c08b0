//! "What applies here?": the rules, norms, areas, buildings and parcels at a point or in an area, with a
//! plain-Dutch summary first — the one function behind the API, the map page and `stip regels`.

use crate::fout::{Fout, FoutCode};
use crate::kennis::Kennis;
use geo_types::Geometry;
use serde::Serialize;
use stip_geo::RdPoint;
use stip_regels::Antwoord;
use utoipa::ToSchema;

/// The answer for a place: a plain-Dutch summary first, then the detail (see the description of `Antwoord`).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RegelsAntwoord {
    /// The place asked about, in RD New (EPSG:28992, metres); for an area, its first vertex.
    pub locatie: RdXy,
    /// samenvatting (short sentences), bevoegdGezag, plannen, activiteiten (with kwalificatie and parent chain),
    /// normen (`type`, `waarde`, `eenheid`, with the rule text and plan), gebiedsaanwijzingen, bestemmingen,
    /// bouwvlakken, aanduidingen, regels (article id, heading, text, toelichting), panden, percelen, gebieden.
    #[serde(flatten)]
    pub antwoord: Antwoord,
}

/// A place in RD New (EPSG:28992), metres.
#[derive(Debug, Serialize, ToSchema)]
pub struct RdXy {
    pub x: f64,
    pub y: f64,
}

/// What applies at a point.
pub fn op_punt(kennis: &Kennis, p: RdPoint) -> RegelsAntwoord {
    RegelsAntwoord { locatie: RdXy { x: p.x(), y: p.y() }, antwoord: kennis.regels.at_point(p) }
}

/// What applies at a point or anywhere in one polygon (RD New).
pub fn in_gebied(kennis: &Kennis, g: &Geometry<f64>) -> Result<RegelsAntwoord, Fout> {
    match g {
        Geometry::Point(p) => {
            let p =
                RdPoint::new(p.x(), p.y()).map_err(|e| Fout::new(FoutCode::InvalidCoordinates, e.kind.to_string()))?;
            Ok(op_punt(kennis, p))
        }
        Geometry::Polygon(poly) => {
            let c = poly.exterior().0.first().copied().unwrap_or_default();
            Ok(RegelsAntwoord { locatie: RdXy { x: c.x, y: c.y }, antwoord: kennis.regels.in_area(poly) })
        }
        _ => Err(Fout::new(
            FoutCode::InvalidGeometry,
            "geometrie: search with a Point or one Polygon; ask once per polygon of a MultiPolygon",
        )),
    }
}
