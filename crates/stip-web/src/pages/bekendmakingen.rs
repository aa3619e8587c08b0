//! Public notices as pages, without login: the list ("Bekendmakingen", filtered by an address or a box and by kind,
//! with its Atom feed), one notice with a sketch of the place, its terms, what the reader can do and "Volg deze
//! zaak", the "Wat speelt er hier?" block of the map page, and where a public reader of a case page goes. Thin
//! adapters over `stip_app::openbaar`.

use super::vergunningcheck::mj;
use crate::AppState;
use crate::api::bekendmakingen::{BekendmakingenParams, zoekvraag};
use crate::auth::Ingelogd;
use crate::error::ApiError;
use crate::i18n::RequestLang;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use serde_json::{Value, json};
use stip_app::openbaar;
use stip_zaak::bekendmaking::{Bekendmaking, Soort};

/// How far around an address the list and the map look (metres).
pub(super) const OMTREK: f64 = 500.0;

fn fout(state: &AppState, lang: RequestLang, e: impl Into<ApiError>) -> Response {
    let e: ApiError = e.into();
    let p = e.problem(lang.lang);
    state.templates().render(
        "fout.html",
        lang,
        crate::error::status(e.code),
        context! { titel => p.title, detail => p.detail, meldingen => Vec::<String>::new() },
    )
}

/// A notice in a list, as people read it.
pub(super) fn regel(b: &Bekendmaking) -> Value {
    json!({ "id": b.id, "titel": b.titel, "soort": b.soort.as_str(), "datum": b.datum.to_string(), "plaats": b.plaats })
}

/// The notices within [`OMTREK`] of an RD point, newest first (the map's "Wat speelt er hier?").
pub(super) async fn in_de_buurt(state: &AppState, x: f64, y: f64) -> Option<(Vec<Value>, String)> {
    let p = stip_geo::RdPoint::new(x, y).ok()?;
    let bbox = openbaar::rond(p, OMTREK);
    let vraag = openbaar::Zoekvraag { bbox: Some(bbox), limiet: 10, ..Default::default() };
    let lijst = openbaar::zoek(state, &vraag).await.ok()?;
    let bbox = bbox.map(|v| format!("{v:.0}")).join(",");
    Some((lijst.bekendmakingen.iter().map(regel).collect(), bbox))
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(super) struct LijstParams {
    adres: Option<String>,
    bbox: Option<String>,
    soort: Option<String>,
    na: Option<String>,
}

/// "Bekendmakingen": the list, by an address (500 m around it) or the map's box, and by kind.
pub(super) async fn lijst(State(state): State<AppState>, lang: RequestLang, Query(p): Query<LijstParams>) -> Response {
    let mut params = BekendmakingenParams { bbox: p.bbox, soort: p.soort, na: p.na, ..Default::default() };
    let adres = p.adres.map(|a| a.trim().to_string()).filter(|a| !a.is_empty());
    let mut gevonden = None;
    if let Some(typed) = &adres {
        let kennis = state.kennis();
        match kennis.adressen.zoek(typed, 1).first().and_then(|a| Some((a, stip_geo::RdPoint::new(a.x, a.y).ok()?))) {
            Some((a, punt)) => {
                params.bbox = Some(openbaar::rond(punt, OMTREK).map(|v| format!("{v:.0}")).join(","));
                gevonden = Some(a.weergave.clone());
            }
            None => {
                let ctx = context! { page => "bekendmakingen", adres => typed, soorten => soorten(),
                fout => lang.lang.text("fout.adres_onbekend"), lijst => Vec::<String>::new() };
                return state.templates().render("bekendmakingen.html", lang, StatusCode::NOT_FOUND, ctx);
            }
        }
    }
    let vraag = match zoekvraag(&params) {
        Ok(v) => v,
        Err(e) => return fout(&state, lang, e),
    };
    let lijst = match openbaar::zoek(&state, &vraag).await {
        Ok(l) => l,
        Err(e) => return fout(&state, lang, e),
    };
    let bbox = params.bbox.clone().filter(|b| !b.is_empty());
    let feed = match &bbox {
        Some(b) => format!("/api/v1/bekendmakingen.atom?bbox={}", super::url_encode(b)),
        None => "/api/v1/bekendmakingen.atom".to_string(),
    };
    let volgende = lijst.volgende.as_ref().map(|na| {
        let mut q = vec![format!("na={}", super::url_encode(na))];
        if let Some(b) = &bbox {
            q.push(format!("bbox={}", super::url_encode(b)));
        }
        if let Some(s) = params.soort.as_deref().filter(|s| !s.is_empty()) {
            q.push(format!("soort={}", super::url_encode(s)));
        }
        format!("/bekendmakingen?{}", q.join("&"))
    });
    state.templates().render(
        "bekendmakingen.html",
        lang,
        StatusCode::OK,
        context! {
            page => "bekendmakingen", adres => adres, gevonden => gevonden, soorten => soorten(),
            soort => params.soort, gebied => bbox.is_some(), feed => feed, volgende => volgende,
            lijst => mj(&lijst.bekendmakingen.iter().map(regel).collect::<Vec<_>>()),
        },
    )
}

fn soorten() -> Vec<&'static str> {
    Soort::ALLE.iter().map(|s| s.as_str()).collect()
}

/// One notice: what, where (a sketch), when, the terms, what you can do, the decision as published, and following.
pub(super) async fn bekendmaking(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Option<Ingelogd>,
    Path(id): Path<String>,
) -> Response {
    let pad = format!("/bekendmakingen/{id}");
    let Ok(uuid) = id.parse::<uuid::Uuid>() else { return super::not_found_page(&state, lang, &pad) };
    let b = match openbaar::lees(&state, uuid).await {
        Ok(b) => b,
        Err(e) if e.code == stip_app::FoutCode::NotFound => return super::not_found_page(&state, lang, &pad),
        Err(e) => return fout(&state, lang, e),
    };
    let kaart = b.locatie.as_ref().and_then(|l| super::berichten::schets(&l.rd));
    let pdf = matches!(b.soort, Soort::Besluit).then(|| format!("/api/v1/bekendmakingen/{}/besluit.pdf", b.id));
    state.templates().render(
        "bekendmaking.html",
        lang,
        StatusCode::OK,
        context! {
            page => "bekendmaking", b => mj(&b), kaart => mj(&kaart), pdf => pdf,
            volg => context! { zaak => b.zaaknummer.clone() },
            aangemeld => ingelogd.is_some(),
        },
    )
}

/// Where a reader of a case page goes who may see only what is public (or is not logged in): the case's newest
/// notice; without one, logging in (an anonymous reader) or nothing to see.
pub(super) async fn openbare_zaak(state: &AppState, id: &str, ingelogd: bool) -> Option<Response> {
    let zaak = crate::api::zaken::zaak_id(id).ok()?;
    match openbaar::laatste_van_zaak(state, zaak).await {
        Ok(Some(b)) => Some(Redirect::to(&format!("/bekendmakingen/{b}")).into_response()),
        Ok(None) if !ingelogd => {
            Some(Redirect::to(&crate::auth::terug::inloggen_url(&format!("/zaken/{id}"))).into_response())
        }
        _ => None,
    }
}
