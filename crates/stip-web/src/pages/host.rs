//! The page "Waar moet ik zijn?" (`/waar-moet-ik-zijn?activiteit=&x=&y=`): who handles an activity at a place, with
//! contact details, in the box `host.html` that other pages include too.

use super::vergunningcheck::mj;
use crate::AppState;
use crate::api::Punt;
use crate::i18n::RequestLang;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use minijinja::context;
use stip_app::host::verwijzing;
use stip_app::vergunningcheck::checkbare_activiteiten;

#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct Params {
    activiteit: Option<String>,
    x: Option<String>,
    y: Option<String>,
}

/// The place typed in: none, a point, or a message key when it cannot be used.
fn plek(x: Option<&str>, y: Option<&str>) -> Result<Option<Punt>, &'static str> {
    let getal = |s: &str| s.trim().replace(',', ".").parse::<f64>().ok().filter(|v| v.is_finite());
    match (x.map(str::trim).filter(|s| !s.is_empty()), y.map(str::trim).filter(|s| !s.is_empty())) {
        (None, None) => Ok(None),
        (Some(x), Some(y)) => match (getal(x), getal(y)) {
            (Some(x), Some(y)) => Ok(Some(Punt { x: Some(x), y: Some(y), ..Punt::default() })),
            _ => Err("fout.invalid_coordinates"),
        },
        _ => Err("vergunningcheck.fout_plek_half"),
    }
}

pub(super) async fn waar_moet_ik_zijn(
    State(state): State<AppState>,
    lang: RequestLang,
    Query(p): Query<Params>,
) -> Response {
    let kennis = state.kennis();
    let activiteit = p.activiteit.as_deref().map(str::trim).filter(|a| !a.is_empty());
    let gevraagd = activiteit.is_some() || p.x.is_some() || p.y.is_some();
    let uitkomst = plek(p.x.as_deref(), p.y.as_deref()).and_then(|punt| {
        let plek = punt.as_ref().map(Punt::rd).transpose().map_err(|_| "fout.invalid_coordinates")?;
        Ok(verwijzing(&state, &kennis, activiteit, plek))
    });
    let (host, fout, status) = match uitkomst {
        Ok(v) if gevraagd => (Some(v), None, StatusCode::OK),
        Ok(_) => (None, None, StatusCode::OK),
        Err(key) => (None, Some(lang.lang.text(key)), StatusCode::BAD_REQUEST),
    };
    let activiteiten: Vec<serde_json::Value> = checkbare_activiteiten(&kennis, None, "")
        .into_iter()
        .map(|a| serde_json::json!({ "id": a.id, "naam": a.naam, "gekozen": Some(a.id.as_str()) == activiteit }))
        .collect();
    state.templates().render(
        "waar-moet-ik-zijn.html",
        lang,
        status,
        context! {
            page => "waar-moet-ik-zijn",
            host => mj(&host),
            fout => fout,
            activiteit => activiteit,
            activiteiten => mj(&activiteiten),
            x => p.x.unwrap_or_default(), y => p.y.unwrap_or_default(),
        },
    )
}
