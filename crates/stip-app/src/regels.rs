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

/// An address this close to a place names it (metres): about a plot's width, so a point in a garden is still "at"
/// the house, and one in the street between two houses is not called either.
pub const ADRES_BINNEN_M: f64 = 30.0;

/// A place and who decides there, in words for a page: the address at the place, and the authorities by name.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PlekInWoorden {
    /// The nearest address within [`ADRES_BINNEN_M`]: "Dorpsstraat 12, 1234 AB".
    pub adres: Option<String>,
    /// Who decides here, by name ("Gemeente Voorbeeldstad"); authorities without a known name are left out.
    pub gezagen: Vec<String>,
}

/// How a page names the place `p`: its address and the names of the authorities there (see [`gezag_naam`]).
pub fn plek_in_woorden(app: &crate::App, kennis: &Kennis, p: RdPoint) -> PlekInWoorden {
    let adres = kennis.adressen.dichtstbij(p, ADRES_BINNEN_M).map(|a| a.weergave.clone());
    let mut gezagen: Vec<String> = kennis
        .regels
        .at_point(p)
        .bevoegd_gezag
        .iter()
        .filter_map(|g| gezag_naam(app, &g.code, g.naam.as_deref()))
        .collect();
    gezagen.dedup();
    PlekInWoorden { adres, gezagen }
}

/// An authority's name for people: as the municipality configured it (`[[host.bevoegd_gezag]]`), else as the plan
/// names it; `None` when only its code (`gm0297`) is known — a page then leaves it out rather than show the code.
pub fn gezag_naam(app: &crate::App, code: &str, naam_in_plan: Option<&str>) -> Option<String> {
    app.host()
        .gezag(code)
        .map(|g| g.naam.clone())
        .or_else(|| naam_in_plan.map(str::trim).filter(|n| !n.is_empty()).map(str::to_string))
}

/// What applies at a point.
pub fn op_punt(kennis: &Kennis, p: RdPoint) -> RegelsAntwoord {
    RegelsAntwoord { locatie: RdXy { x: p.x(), y: p.y() }, antwoord: kennis.regels.at_point(p) }
}

/// Polygons with more vertices than this are heavy work: they take a permit of [`zware_plekken`].
pub const ZWAAR_VANAF: usize = 1_000;

/// The permits for heavy geometry work: one per CPU, shared by the process.
pub fn zware_plekken() -> std::sync::Arc<tokio::sync::Semaphore> {
    static PLEKKEN: std::sync::OnceLock<std::sync::Arc<tokio::sync::Semaphore>> = std::sync::OnceLock::new();
    PLEKKEN
        .get_or_init(|| {
            std::sync::Arc::new(tokio::sync::Semaphore::new(
                std::thread::available_parallelism().map_or(1, |n| n.get()),
            ))
        })
        .clone()
}

/// [`in_gebied`] for a request: a small geometry at once; a heavy one on a blocking thread with one of
/// [`zware_plekken`]'s permits, or — when all are taken — [`FoutCode::Busy`] (503, try again), so that heavy requests
/// never slow the cheap ones down.
pub async fn in_gebied_beperkt(kennis: std::sync::Arc<Kennis>, g: Geometry<f64>) -> Result<RegelsAntwoord, Fout> {
    if geo::CoordsIter::coords_count(&g) <= ZWAAR_VANAF {
        return in_gebied(&kennis, &g);
    }
    let plek = zware_plekken().try_acquire_owned().map_err(|_| {
        Fout::new(FoutCode::Busy, "stip rekent nu aan te veel grote gebieden tegelijk; probeer het zo opnieuw")
    })?;
    tokio::task::spawn_blocking(move || {
        let _plek = plek;
        in_gebied(&kennis, &g)
    })
    .await
    .map_err(|e| Fout::intern(format!("regels task: {e}")))?
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
