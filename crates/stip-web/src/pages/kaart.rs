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
        },
    )
}
