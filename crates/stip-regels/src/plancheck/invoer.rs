//! Validation of a [`Bouwplan`]: one plain-Dutch message per wrong field, so a form can show it beside the field.

use geo::{Area, CoordsIter};
use serde::Serialize;

use super::Bouwplan;

/// Most vertices a plan's footprint may have.
pub const MAX_HOEKPUNTEN: usize = 10_000;
/// Highest bouwhoogte or goothoogte stip accepts (metres); above it is a typing error, not a building.
pub const MAX_HOOGTE_M: f64 = 300.0;
/// Most storeys stip accepts.
pub const MAX_BOUWLAGEN: u32 = 100;
/// Most dwellings stip accepts in one plan.
pub const MAX_WOONEENHEDEN: u32 = 10_000;
/// Longest functie text.
const MAX_FUNCTIE_TEKENS: usize = 100;

/// One wrong field of a plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Invoerfout {
    /// The field, as named in the API (`geometrie`, `bouwhoogte`, `uitbreidingVan`, …).
    pub veld: &'static str,
    /// Stable code of the mistake: `leeg`, `te-veel-hoekpunten`, `snijdt-zichzelf`, `negatief`, `te-hoog`, …
    pub code: &'static str,
    /// What is wrong and how to put it right, in Dutch.
    pub melding: String,
}

fn fout(veld: &'static str, code: &'static str, melding: impl Into<String>) -> Invoerfout {
    Invoerfout { veld, code, melding: melding.into() }
}

impl Bouwplan {
    /// Every mistake in the plan; empty when it can be checked.
    pub fn valideer(&self) -> Vec<Invoerfout> {
        let mut fouten = Vec::new();
        self.valideer_geometrie(&mut fouten);
        for (veld, waarde) in [("bouwhoogte", self.bouwhoogte), ("goothoogte", self.goothoogte)] {
            let Some(h) = waarde else { continue };
            if !h.is_finite() {
                fouten.push(fout(veld, "geen-getal", format!("Vul bij {veld} een getal in (meters).")));
            } else if h < 0.0 {
                fouten.push(fout(veld, "negatief", format!("De {veld} kan niet negatief zijn.")));
            } else if h > MAX_HOOGTE_M {
                fouten.push(fout(
                    veld,
                    "te-hoog",
                    format!(
                        "Een {veld} van meer dan {} meter kan stip niet toetsen. Klopt de eenheid (meters)?",
                        MAX_HOOGTE_M
                    ),
                ));
            }
        }
        let goed = |h: f64| h.is_finite() && (0.0..=MAX_HOOGTE_M).contains(&h);
        if let (Some(b), Some(g)) = (self.bouwhoogte, self.goothoogte)
            && goed(g)
            && goed(b)
            && g > b
        {
            fouten.push(fout(
                "goothoogte",
                "hoger-dan-bouwhoogte",
                "De goothoogte kan niet hoger zijn dan de bouwhoogte.",
            ));
        }
        if let Some(n) = self.bouwlagen
            && n > MAX_BOUWLAGEN
        {
            fouten.push(fout(
                "bouwlagen",
                "te-veel",
                format!("Meer dan {MAX_BOUWLAGEN} bouwlagen kan stip niet toetsen."),
            ));
        }
        if let Some(n) = self.wooneenheden
            && n > MAX_WOONEENHEDEN
        {
            fouten.push(fout(
                "wooneenheden",
                "te-veel",
                format!("Meer dan {MAX_WOONEENHEDEN} woningen in één plan kan stip niet toetsen."),
            ));
        }
        if let Some(f) = &self.functie
            && f.chars().count() > MAX_FUNCTIE_TEKENS
        {
            fouten.push(fout(
                "functie",
                "te-lang",
                format!("Beschrijf de functie in hooguit {MAX_FUNCTIE_TEKENS} tekens, bijvoorbeeld 'wonen'."),
            ));
        }
        fouten
    }

    fn valideer_geometrie(&self, fouten: &mut Vec<Invoerfout>) {
        let g = &self.geometrie;
        if g.0.is_empty() || g.0.iter().all(|p| p.exterior().0.is_empty()) {
            fouten.push(fout("geometrie", "leeg", "Teken de plattegrond van uw plan: ten minste één vlak."));
            return;
        }
        let n = g.coords_count();
        if n > MAX_HOEKPUNTEN {
            fouten.push(fout(
                "geometrie",
                "te-veel-hoekpunten",
                format!(
                    "De tekening heeft {n} hoekpunten; stip toetst er hooguit {MAX_HOEKPUNTEN}. Vereenvoudig de vorm."
                ),
            ));
            return;
        }
        if g.coords_iter().any(|c| !stip_geo::rd::RD_BOUNDS.contains(c.x, c.y)) {
            fouten.push(fout(
                "geometrie",
                "buiten-nederland",
                "De tekening ligt niet in Nederland. Klopt het coördinatenstelsel (crs)?",
            ));
            return;
        }
        for (pi, p) in g.0.iter().enumerate() {
            for (ri, ring) in std::iter::once(p.exterior()).chain(p.interiors()).enumerate() {
                let mut cs = ring.0.clone();
                cs.dedup();
                if let Err(e) = stip_geo::validate::validate_ring(&cs, ri) {
                    let (code, melding) = match e {
                        stip_geo::GeoErrorKind::SelfIntersection { x, y, .. } => (
                            "snijdt-zichzelf",
                            format!(
                                "Vlak {} snijdt zichzelf bij ({x:.2}, {y:.2}). Teken de rand zonder kruisingen.",
                                pi + 1
                            ),
                        ),
                        stip_geo::GeoErrorKind::TooFewPoints { .. } => {
                            ("te-weinig-hoekpunten", format!("Vlak {} heeft minder dan 3 hoekpunten.", pi + 1))
                        }
                        other => ("ongeldig", format!("Vlak {} is geen geldig vlak: {other}.", pi + 1)),
                    };
                    fouten.push(fout("geometrie", code, melding));
                    return;
                }
            }
        }
        if g.unsigned_area() <= 0.0 {
            fouten.push(fout("geometrie", "geen-oppervlakte", "De tekening heeft geen oppervlakte."));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::{LineString, MultiPolygon, Polygon, polygon};

    fn vierkant() -> MultiPolygon<f64> {
        MultiPolygon(vec![
            polygon![(x: 1e5, y: 4e5), (x: 1e5 + 10., y: 4e5), (x: 1e5 + 10., y: 4e5 + 10.), (x: 1e5, y: 4e5 + 10.)],
        ])
    }

    fn codes(p: &Bouwplan) -> Vec<(&'static str, &'static str)> {
        p.valideer().into_iter().map(|f| (f.veld, f.code)).collect()
    }

    #[test]
    fn a_plain_square_with_sensible_numbers_is_valid() {
        let p = Bouwplan { geometrie: vierkant(), bouwhoogte: Some(8.0), goothoogte: Some(4.0), ..Default::default() };
        assert!(p.valideer().is_empty());
    }

    #[test]
    fn a_bow_tie_is_refused_as_self_intersecting() {
        let strik =
            polygon![(x: 1e5, y: 4e5), (x: 1e5 + 10., y: 4e5 + 10.), (x: 1e5 + 10., y: 4e5), (x: 1e5, y: 4e5 + 10.)];
        let p = Bouwplan { geometrie: MultiPolygon(vec![strik]), ..Default::default() };
        assert_eq!(codes(&p), vec![("geometrie", "snijdt-zichzelf")]);
    }

    #[test]
    fn a_drawing_outside_the_netherlands_asks_whether_the_crs_is_right() {
        let wgs84_als_rd = polygon![(x: 5.1, y: 52.1), (x: 5.2, y: 52.1), (x: 5.2, y: 52.2)];
        let p = Bouwplan { geometrie: MultiPolygon(vec![wgs84_als_rd]), ..Default::default() };
        assert_eq!(codes(&p), vec![("geometrie", "buiten-nederland")]);
    }

    #[test]
    fn an_empty_drawing_is_refused() {
        assert_eq!(codes(&Bouwplan::default()), vec![("geometrie", "leeg")]);
        let leeg = Polygon::new(LineString(vec![]), vec![]);
        assert_eq!(
            codes(&Bouwplan { geometrie: MultiPolygon(vec![leeg]), ..Default::default() }),
            vec![("geometrie", "leeg")]
        );
    }

    #[test]
    fn negative_absurd_and_inconsistent_numbers_are_named_per_field() {
        let p = Bouwplan {
            geometrie: vierkant(),
            bouwhoogte: Some(-1.0),
            goothoogte: Some(301.0),
            bouwlagen: Some(101),
            ..Default::default()
        };
        assert_eq!(codes(&p), vec![("bouwhoogte", "negatief"), ("goothoogte", "te-hoog"), ("bouwlagen", "te-veel")]);
        let p = Bouwplan { geometrie: vierkant(), bouwhoogte: Some(6.0), goothoogte: Some(7.0), ..Default::default() };
        assert_eq!(codes(&p), vec![("goothoogte", "hoger-dan-bouwhoogte")]);
    }

    #[test]
    fn more_than_ten_thousand_vertices_is_too_many() {
        let n = MAX_HOEKPUNTEN + 1;
        let ring: Vec<(f64, f64)> = (0..=n)
            .map(|i| {
                let t = std::f64::consts::TAU * (i % n) as f64 / n as f64;
                (1e5 + 100.0 * t.cos(), 4e5 + 100.0 * t.sin())
            })
            .collect();
        let p = Bouwplan { geometrie: MultiPolygon(vec![Polygon::new(ring.into(), vec![])]), ..Default::default() };
        assert_eq!(codes(&p), vec![("geometrie", "te-veel-hoekpunten")]);
    }
}
