//! The map page "Wat geldt hier?": a place by coordinates or a click on the map, and the answer in layers — the
//! summary first, then the rules, then the full legal text on demand. Without JavaScript the form and the answer work;
//! the map enhances.

use super::Templates;
use crate::AppState;
use crate::api::Punt;
use crate::i18n::RequestLang;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use minijinja::context;
use stip_app::regels::op_punt;
use stip_geo::transform::rd_to_wgs84;

/// An address typed in the search field.
#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct AdresParam {
    adres: Option<String>,
}

pub(super) async fn kaart(
    State(state): State<AppState>,
    lang: RequestLang,
    Query(mut punt): Query<Punt>,
    Query(AdresParam { adres }): Query<AdresParam>,
) -> Response {
    let templates: &Templates = state.templates();
    let kennis = state.kennis();
    let adres = adres.map(|a| a.trim().to_string()).filter(|a| !a.is_empty());
    let mut gevonden = None;
    if let Some(typed) = &adres {
        match kennis.adressen.zoek(typed, 1).first() {
            Some(a) => {
                punt = Punt { x: Some(a.x), y: Some(a.y), lon: None, lat: None };
                gevonden = Some(a.weergave.clone());
            }
            None => {
                let ctx = context! { page => "kaart", adres => typed, fout => lang.lang.text("fout.adres_onbekend"),
                invoer => context!{}, centrum => (5.3, 52.1, 7), leeg => kennis.datasets.is_empty() };
                return templates.render("kaart.html", lang, StatusCode::NOT_FOUND, ctx);
            }
        }
    }
    let gevraagd = punt.x.is_some() || punt.y.is_some() || punt.lon.is_some() || punt.lat.is_some();
    let (antwoord, fout, status) = if gevraagd {
        match punt.rd() {
            Ok(p) => (Some(op_punt(&kennis, p)), None, StatusCode::OK),
            // The page speaks plain Dutch (or English); the API's technical detail stays for developers.
            Err(e) => (None, Some(lang.lang.text(&format!("fout.{}", e.code.code()))), StatusCode::BAD_REQUEST),
        }
    } else {
        (None, None, StatusCode::OK)
    };
    // Where the map opens: the place asked about, else the middle of the imported data, else the Netherlands.
    let centrum = antwoord
        .as_ref()
        .and_then(|a| stip_geo::RdPoint::new(a.locatie.x, a.locatie.y).ok())
        .or(kennis.middelpunt)
        .and_then(|p| rd_to_wgs84(p).ok())
        .map(|w| (w.lon(), w.lat(), if antwoord.is_some() { 17 } else { 14 }))
        .unwrap_or((5.3, 52.1, 7));
    // "Waar moet ik zijn?" for this place: who decides here, and how to reach them.
    let host = antwoord.as_ref().map(|a| {
        stip_app::host::verwijzing(&state, &kennis, None, stip_geo::RdPoint::new(a.locatie.x, a.locatie.y).ok())
    });
    // The place and its plans in words: the address, the authority's name, the version's date — not coordinates,
    // codes or AKN expression ids.
    let woorden = antwoord.as_ref().and_then(|a| stip_geo::RdPoint::new(a.locatie.x, a.locatie.y).ok()).map(|p| {
        let plek = stip_app::regels::plek_in_woorden(&state, &kennis, p);
        let plannen: Vec<_> = antwoord
            .iter()
            .flat_map(|a| a.antwoord.plannen.iter())
            .map(|plan| {
                let naam = antwoord.as_ref().and_then(|a| {
                    a.antwoord.bevoegd_gezag.iter().find(|g| g.code == plan.bevoegd_gezag).and_then(|g| g.naam.clone())
                });
                context! {
                    titel => plan.titel.to_string(),
                    soort => lang.lang.text(match plan.soort {
                        stip_regels::model::PlanSoort::Imow => "kaart.soort_omgevingsplan",
                        stip_regels::model::PlanSoort::Imro => "kaart.soort_bestemmingsplan",
                    }),
                    sinds => versie_datum(&plan.versie).map(|d| lang.lang.datum(d)),
                    gezag => stip_app::regels::gezag_naam(&state, &plan.bevoegd_gezag, naam.as_deref()),
                }
            })
            .collect();
        context! { adres => plek.adres, gezagen => plek.gezagen, plannen => plannen }
    });
    // "Houd mij op de hoogte" for this place: a circle around it, or the parcel of the address here.
    let volg = antwoord.as_ref().map(|a| {
        let adres = stip_geo::RdPoint::new(a.locatie.x, a.locatie.y)
            .ok()
            .and_then(|p| kennis.adressen.dichtstbij(p, 50.0).map(|a| a.weergave.clone()));
        context! {
            x => format!("{:.2}", a.locatie.x), y => format!("{:.2}", a.locatie.y), adres => adres,
            stralen => super::berichten::STRALEN, soorten => super::berichten::SOORTEN,
            groepen => super::berichten::GROEPEN,
        }
    });
    // "Wat speelt er hier?": the public notices around this place.
    let hier = match &antwoord {
        Some(a) => super::bekendmakingen::in_de_buurt(&state, a.locatie.x, a.locatie.y)
            .await
            .map(|(lijst, bbox)| context! { lijst => super::mj(&lijst), bbox => bbox }),
        None => None,
    };
    let invoer = context! {
        x => antwoord.as_ref().map(|a| format!("{:.2}", a.locatie.x)).or(punt.x.map(|v| v.to_string())),
        y => antwoord.as_ref().map(|a| format!("{:.2}", a.locatie.y)).or(punt.y.map(|v| v.to_string())),
    };
    templates.render(
        "kaart.html",
        lang,
        status,
        context! {
            page => "kaart",
            adres => adres,
            gevonden => gevonden,
            antwoord => minijinja::Value::from(minijinja::value::Serde(&antwoord)),
            fout => fout,
            invoer => invoer,
            centrum => centrum,
            leeg => kennis.datasets.is_empty(),
            basemap => state.config().basemap_url.clone(),
            host => minijinja::Value::from(minijinja::value::Serde(&host)),
            volg => volg,
            hier => hier,
            woorden => woorden,
        },
    )
}

/// The date in a STOP expression id's version (`nld@2026-01-01;1` → 1 January 2026); `None` for one without a date
/// (`nld@1`, IMRO's `VG99`).
fn versie_datum(versie: &str) -> Option<time::Date> {
    let na = versie.split_once('@')?.1;
    time::Date::parse(na.get(..10)?, &time::format_description::well_known::Iso8601::DATE).ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_stop_version_reads_as_its_date_and_one_without_a_date_as_nothing() {
        assert_eq!(super::versie_datum("nld@2026-01-01;1"), Some(time::macros::date!(2026 - 01 - 01)));
        assert_eq!(super::versie_datum("nld@1"), None);
        assert_eq!(super::versie_datum("VG99"), None);
    }
}
