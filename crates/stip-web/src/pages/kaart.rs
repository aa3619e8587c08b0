//! The map page "Wat geldt hier?": a place by coordinates or a click on the map, and the answer in layers — the
//! summary first, then the rules, then the full legal text on demand. Without JavaScript the form and the answer work;
//! the map enhances.

use super::Templates;
use crate::AppState;
use crate::api::{Punt, op_punt};
use crate::i18n::RequestLang;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use minijinja::context;
use stip_geo::transform::rd_to_wgs84;

pub(super) async fn kaart(State(state): State<AppState>, lang: RequestLang, Query(punt): Query<Punt>) -> Response {
    let templates: &Templates = state.templates();
    let kennis = state.kennis();
    let gevraagd = punt.x.is_some() || punt.y.is_some() || punt.lon.is_some() || punt.lat.is_some();
    let (antwoord, fout, status) = if gevraagd {
        match op_punt(&kennis, &punt) {
            Ok(a) => (Some(a), None, StatusCode::OK),
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
            antwoord => minijinja::Value::from(minijinja::value::Serde(&antwoord)),
            fout => fout,
            invoer => invoer,
            centrum => centrum,
            leeg => kennis.datasets.is_empty(),
        },
    )
}
