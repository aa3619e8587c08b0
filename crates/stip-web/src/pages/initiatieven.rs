//! The participation pages: opening an initiative from a plan-check report (`/initiatieven/nieuw`), the initiative's
//! page (`/initiatieven/{id}`) with the plan map — pin a reaction by clicking the map or by picking a place from the
//! list, which works by keyboard alone — the versions side by side, the reactions with their threads, consenting and
//! the initiator's letters, new versions and the application; opening an initiative by the letter's code; verifying a
//! certificate (`/toestemmingen/verifieer`) and the Praktijkoverzicht. Adapters over `stip_app::participatie`.

use super::melding_van;
use super::veld;
use super::zaken::fout;
use crate::AppState;
use crate::api::initiatieven::{basis, initiatief_id, pdf_antwoord};
use crate::auth::Ingelogd;
use crate::error::{ApiError, ErrorCode};
use crate::i18n::RequestLang;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use serde_json::{Value, json};
use stip_app::dossier::actor;
use stip_app::participatie::{
    self as p, InitiatiefBeeld, NieuwAntwoord, NieuwInitiatief, NieuweReactie, NieuweToestemming, NieuweVersie, RdPunt,
    Toegang,
};
use stip_zaak::initiatief::{Plek, ReactieSoort};

fn velden(form: Vec<(String, String)>) -> Vec<(String, String)> {
    form.into_iter().filter(|(k, _)| k != crate::csrf::CSRF_VELD && k != "lang").collect()
}

/// `?code=…&sleutel=…` carried on the page's links and forms.
#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct ToegangParams {
    code: Option<String>,
    sleutel: Option<String>,
}

fn terug(id: &str, code: &str, sleutel: &str, anker: &str) -> String {
    let mut q = Vec::new();
    if !code.is_empty() {
        q.push(format!("code={}", super::url_encode(code)));
    }
    if !sleutel.is_empty() {
        q.push(format!("sleutel={}", super::url_encode(sleutel)));
    }
    let q = if q.is_empty() { String::new() } else { format!("?{}", q.join("&")) };
    format!("/initiatieven/{id}{q}{anker}")
}

// ---------------------------------------------------------------------------------------------------------------
// The plan map, drawn by stip (SVG): parcels, buildings, the plan's outline and the reactions' pins.

/// Half the width of the map, metres.
const HALF: f64 = 40.0;
/// Drawing units per metre.
const SCHAAL: f64 = 5.0;

fn ring_pad(ring: &[(f64, f64)], minx: f64, maxy: f64) -> String {
    let mut d = String::new();
    for (i, (x, y)) in ring.iter().enumerate() {
        d.push_str(&format!(
            "{}{:.1},{:.1} ",
            if i == 0 { "M" } else { "L" },
            (x - minx) * SCHAAL,
            (maxy - y) * SCHAAL
        ));
    }
    d.push('Z');
    d
}

fn ringen_van(g: &Value) -> Vec<Vec<(f64, f64)>> {
    let ring = |r: &Value| -> Vec<(f64, f64)> {
        r.as_array()
            .map(|ps| ps.iter().filter_map(|p| Some((p.get(0)?.as_f64()?, p.get(1)?.as_f64()?))).collect())
            .unwrap_or_default()
    };
    match g["type"].as_str() {
        Some("Polygon") => g["coordinates"].as_array().map(|rs| rs.iter().map(ring).collect()).unwrap_or_default(),
        Some("MultiPolygon") => g["coordinates"]
            .as_array()
            .map(|ps| ps.iter().flat_map(|p| p.as_array().cloned().unwrap_or_default()).map(|r| ring(&r)).collect())
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The map as SVG, with the numbers of the reactions pinned on it.
fn kaart_svg(state: &AppState, b: &InitiatiefBeeld, label: &str) -> String {
    let (cx, cy) = (b.locatie.x, b.locatie.y);
    let (minx, maxy) = (cx - HALF, cy + HALF);
    let r = geo_types::Rect::new(
        geo_types::coord! { x: cx - HALF, y: cy - HALF },
        geo_types::coord! { x: cx + HALF, y: cy + HALF },
    );
    let kennis = state.kennis();
    let poly = |p: &geo_types::Polygon<f64>| -> Vec<Vec<(f64, f64)>> {
        std::iter::once(p.exterior()).chain(p.interiors()).map(|r| r.coords().map(|c| (c.x, c.y)).collect()).collect()
    };
    let mut svg = format!(
        "<svg id=\"plan-kaart\" class=\"stip-plankaart\" viewBox=\"0 0 {w} {w}\" role=\"img\" aria-labelledby=\"plan-kaart-titel\" \
         data-minx=\"{minx}\" data-maxy=\"{maxy}\" data-breedte=\"{b}\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"plan-kaart-titel\">{label}</title><rect width=\"{w}\" height=\"{w}\" fill=\"#f7f7f2\"/>",
        w = 2.0 * HALF * SCHAAL,
        b = 2.0 * HALF,
        label = escape(label),
    );
    for p in kennis.regels.percelen_bij(r) {
        for ring in poly(&p.geometrie).iter().take(1) {
            svg.push_str(&format!(
                "<path d=\"{}\" fill=\"none\" stroke=\"#444\" stroke-width=\"1\"/>",
                ring_pad(ring, minx, maxy)
            ));
        }
    }
    for (_, g) in kennis.regels.panden_bij(r) {
        for ring in poly(&g).iter().take(1) {
            svg.push_str(&format!(
                "<path d=\"{}\" fill=\"#d5d5d5\" stroke=\"#666\" stroke-dasharray=\"2 2\"/>",
                ring_pad(ring, minx, maxy)
            ));
        }
    }
    if let Some(v) = b.versies.last() {
        for ring in ringen_van(&v.versie.geometrie) {
            svg.push_str(&format!(
                "<path d=\"{}\" fill=\"#1f5fbf\" fill-opacity=\"0.35\" stroke=\"#123e80\" stroke-width=\"2\"/>",
                ring_pad(&ring, minx, maxy)
            ));
        }
    }
    for (i, r) in b.reacties.iter().enumerate() {
        if let Some(pl) = &r.plek {
            let (x, y) = ((pl.x - minx) * SCHAAL, (maxy - pl.y) * SCHAAL);
            svg.push_str(&format!(
                "<g class=\"stip-speld\"><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"9\" fill=\"#b00020\" stroke=\"#fff\" stroke-width=\"2\"/>\
                 <text x=\"{x:.1}\" y=\"{ty:.1}\" text-anchor=\"middle\" font-size=\"11\" font-weight=\"bold\" fill=\"#fff\">{n}</text></g>",
                ty = y + 4.0,
                n = i + 1
            ));
        }
    }
    svg.push_str("<circle id=\"plan-kaart-keuze\" r=\"7\" cx=\"-20\" cy=\"-20\" fill=\"none\" stroke=\"#000\" stroke-width=\"3\"/></svg>");
    svg
}

// ---------------------------------------------------------------------------------------------------------------
// Opening an initiative

/// `POST /initiatieven/nieuw`: the form to open an initiative, with the plan of the report it came from.
pub(super) async fn nieuw(
    State(state): State<AppState>,
    lang: RequestLang,
    _ingelogd: Ingelogd,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Response {
    nieuw_pagina(&state, lang, velden(form), None, StatusCode::OK)
}

/// `GET /initiatieven/nieuw`: without a plan, the way to draw one first.
pub(super) async fn nieuw_zonder_plan(State(state): State<AppState>, lang: RequestLang) -> Response {
    nieuw_pagina(&state, lang, Vec::new(), None, StatusCode::OK)
}

fn nieuw_pagina(
    state: &AppState,
    lang: RequestLang,
    paren: Vec<(String, String)>,
    melding: Option<String>,
    status: StatusCode,
) -> Response {
    let plan = super::plancheck::plan_van_formulier(&paren, lang.lang).ok();
    let adres = plan
        .as_ref()
        .and_then(|p| p.punt)
        .and_then(|pt| state.kennis().adressen.dichtstbij(pt, 30.0).map(|a| a.weergave.clone()));
    let eigen = ["titel", "omschrijving", "openbaar"];
    let verborgen: Vec<Value> = paren
        .iter()
        .filter(|(k, _)| !eigen.contains(&k.as_str()))
        .map(|(k, v)| json!({ "naam": k, "waarde": v }))
        .collect();
    let ctx = context! {
        page => "initiatief",
        heeft_plan => plan.is_some(),
        adres,
        bouwhoogte => plan.as_ref().and_then(|p| p.bouwhoogte),
        verborgen => super::mj(&verborgen),
        titel => veld(&paren, "titel"),
        omschrijving => veld(&paren, "omschrijving"),
        openbaar => veld(&paren, "openbaar") == "ja",
        melding,
    };
    state.templates().render("initiatief-nieuw.html", lang, status, ctx)
}

/// `POST /initiatieven`: opens it and goes to its page.
pub(super) async fn maak(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Response {
    let paren = velden(form);
    let gedaan = async {
        let plan = super::plancheck::plan_van_formulier(&paren, lang.lang).map_err(|f| {
            ApiError::new(ErrorCode::InvalidRequest, f.into_iter().map(|(_, m)| m).collect::<Vec<_>>().join(" "))
        })?;
        let punt = plan
            .punt
            .ok_or_else(|| ApiError::new(ErrorCode::InvalidCoordinates, lang.lang.text("plancheck.fout_plek")))?;
        let v = NieuwInitiatief {
            titel: veld(&paren, "titel"),
            omschrijving: veld(&paren, "omschrijving"),
            locatie: RdPunt { x: punt.x(), y: punt.y() },
            geometrie: plan.geometrie,
            crs: plan.crs,
            bouwhoogte: plan.bouwhoogte.unwrap_or(0.0),
            openbaar: veld(&paren, "openbaar") == "ja",
            activiteit: plan.activiteiten.first().cloned(),
        };
        Ok::<_, ApiError>(p::maak(&state, &actor(&ingelogd.gebruiker), v).await?)
    }
    .await;
    match gedaan {
        Ok(b) => Redirect::to(&format!("/initiatieven/{}", b.id)).into_response(),
        Err(e) => {
            let (melding, status) = melding_van(&e, lang);
            nieuw_pagina(&state, lang, paren, Some(melding), status)
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// The initiative's page

/// `GET /initiatieven/{id}`.
pub(super) async fn initiatief(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Option<Ingelogd>,
    Path(id): Path<String>,
    Query(q): Query<ToegangParams>,
) -> Response {
    pagina(&state, lang, ingelogd.as_ref(), &id, &q, None).await
}

async fn pagina(
    state: &AppState,
    lang: RequestLang,
    ingelogd: Option<&Ingelogd>,
    id: &str,
    q: &ToegangParams,
    melding: Option<(String, StatusCode)>,
) -> Response {
    let a = ingelogd.map(|i| actor(&i.gebruiker));
    let code = q.code.clone().unwrap_or_default();
    let sleutel = q.sleutel.clone().unwrap_or_default();
    let t = Toegang { actor: a.as_ref(), code: q.code.as_deref(), sleutel: q.sleutel.as_deref() };
    let gelezen = async {
        let iid = initiatief_id(id)?;
        let b = p::lees(state, iid, &t).await?;
        let omgeving = match (&a, b.eigen) {
            (Some(a), true) => Some(p::omgeving(state, a, iid).await?),
            _ => None,
        };
        Ok::<_, ApiError>((b, omgeving))
    }
    .await;
    let (b, omgeving) = match gelezen {
        Ok(x) => x,
        Err(e) => return fout(state, lang, e),
    };
    let label = lang.lang.text("participatie.kaart_label").replace("{adres}", b.adres.as_deref().unwrap_or_default());
    let kaart = kaart_svg(state, &b, &label);
    let vorige = b.versies.len().checked_sub(2).map(|i| b.versies[i].clone());
    let (melding, status) = match melding {
        Some((m, s)) => (Some(m), s),
        None => (None, StatusCode::OK),
    };
    let ctx = context! {
        page => "initiatief",
        i => super::mj(&b),
        vorige => super::mj(&vorige),
        huidige => super::mj(&b.versies.last()),
        omgeving => super::mj(&omgeving),
        kaart,
        code,
        sleutel,
        ingelogd_hier => a.is_some(),
        terug => terug(id, q.code.as_deref().unwrap_or_default(), q.sleutel.as_deref().unwrap_or_default(), ""),
        geometrie => b.versies.last().map(|v| v.versie.geometrie.to_string()),
        melding,
    };
    state.templates().render("initiatief.html", lang, status, ctx)
}

/// `GET /initiatieven/code/{code}` (the letter's link and QR code) and `GET /initiatieven/code?code=…` (typed).
pub(super) async fn per_code(
    State(state): State<AppState>,
    lang: RequestLang,
    code: Option<Path<String>>,
    Query(q): Query<ToegangParams>,
) -> Response {
    let code = code.map(|c| c.0).or(q.code).unwrap_or_default();
    match p::per_code(&state, &code).await {
        Ok(id) => Redirect::to(&terug(&id.to_string(), &p::normaliseer_code(&code), "", "")).into_response(),
        Err(e) => fout(&state, lang, e),
    }
}

async fn na_stap(
    state: &AppState,
    lang: RequestLang,
    ingelogd: Option<&Ingelogd>,
    id: &str,
    q: ToegangParams,
    gedaan: Result<String, ApiError>,
) -> Response {
    match gedaan {
        Ok(naar) => Redirect::to(&naar).into_response(),
        Err(e) if e.code == ErrorCode::NotFound => fout(state, lang, e),
        Err(e) => pagina(state, lang, ingelogd, id, &q, Some(melding_van(&e, lang))).await,
    }
}

/// The place chosen: a place from the list (its number), the map (`x`, `y`), or none.
fn gekozen_plek(paren: &[(String, String)], b: &InitiatiefBeeld) -> Option<Plek> {
    match veld(paren, "plek").as_str() {
        "kaart" => {
            let x = veld(paren, "plek_x").parse().ok()?;
            let y = veld(paren, "plek_y").parse().ok()?;
            Some(Plek { x, y, omschrijving: None })
        }
        n => {
            let k = b.plekken.get(n.parse::<usize>().ok()?)?;
            Some(Plek { x: k.x, y: k.y, omschrijving: Some(k.omschrijving.clone()) })
        }
    }
}

/// `POST /initiatieven/{id}/reacties`.
pub(super) async fn reageer(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Option<Ingelogd>,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Response {
    let paren = velden(form);
    let q = ToegangParams {
        code: Some(veld(&paren, "code")).filter(|c| !c.is_empty()),
        sleutel: Some(veld(&paren, "sleutel")).filter(|c| !c.is_empty()),
    };
    let a = ingelogd.as_ref().map(|i| actor(&i.gebruiker));
    let gedaan = async {
        let iid = initiatief_id(&id)?;
        let t = Toegang { actor: a.as_ref(), code: q.code.as_deref(), sleutel: q.sleutel.as_deref() };
        let b = p::lees(&state, iid, &t).await?;
        let soort = match veld(&paren, "soort").as_str() {
            "steun" => ReactieSoort::Steun,
            "vraag" => ReactieSoort::Vraag,
            _ => ReactieSoort::Zorg,
        };
        let v = NieuweReactie {
            soort,
            tekst: veld(&paren, "tekst"),
            plek: gekozen_plek(&paren, &b),
            code: q.code.clone(),
            naam: Some(veld(&paren, "naam")).filter(|n| !n.is_empty()),
            openbaar: veld(&paren, "openbaar") == "ja",
        };
        let r = p::reageer(&state, iid, &t, v).await?;
        let sleutel = r.sleutel.clone().or(q.sleutel.clone()).unwrap_or_default();
        Ok::<_, ApiError>(terug(
            &id,
            q.code.as_deref().unwrap_or_default(),
            &sleutel,
            &format!("#reactie-{}", r.reactie.id),
        ))
    }
    .await;
    na_stap(&state, lang, ingelogd.as_ref(), &id, q, gedaan).await
}

/// `POST /initiatieven/{id}/reacties/{reactie}/antwoord`.
pub(super) async fn antwoord(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Option<Ingelogd>,
    Path((id, reactie)): Path<(String, String)>,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Response {
    let paren = velden(form);
    let q = ToegangParams {
        code: Some(veld(&paren, "code")).filter(|c| !c.is_empty()),
        sleutel: Some(veld(&paren, "sleutel")).filter(|c| !c.is_empty()),
    };
    let a = ingelogd.as_ref().map(|i| actor(&i.gebruiker));
    let gedaan = async {
        let iid = initiatief_id(&id)?;
        let rid = reactie.parse().map_err(|_| ApiError::new(ErrorCode::NotFound, "deze reactie bestaat niet"))?;
        let v = NieuwAntwoord {
            tekst: veld(&paren, "tekst"),
            openbaar: Some(veld(&paren, "openbaar") == "ja"),
            code: q.code.clone(),
            sleutel: q.sleutel.clone(),
        };
        let t = Toegang { actor: a.as_ref(), ..Toegang::default() };
        p::antwoord(&state, iid, rid, &t, v).await?;
        Ok::<_, ApiError>(terug(
            &id,
            q.code.as_deref().unwrap_or_default(),
            q.sleutel.as_deref().unwrap_or_default(),
            &format!("#reactie-{reactie}"),
        ))
    }
    .await;
    na_stap(&state, lang, ingelogd.as_ref(), &id, q, gedaan).await
}

/// `POST /initiatieven/{id}/toestemming`: consent to the newest version (logged in).
pub(super) async fn toestemming(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Response {
    let paren = velden(form);
    let q = ToegangParams { code: Some(veld(&paren, "code")).filter(|c| !c.is_empty()), sleutel: None };
    let gedaan = async {
        let v = NieuweToestemming {
            versie: veld(&paren, "versie").parse().unwrap_or(0),
            code: q.code.clone(),
            voorwaarden: Some(veld(&paren, "voorwaarden")).filter(|v| !v.is_empty()),
        };
        p::geef_toestemming(&state, &actor(&ingelogd.gebruiker), initiatief_id(&id)?, v).await?;
        Ok::<_, ApiError>(terug(&id, q.code.as_deref().unwrap_or_default(), "", "#toestemmingen"))
    }
    .await;
    na_stap(&state, lang, Some(&ingelogd), &id, q, gedaan).await
}

/// `POST /initiatieven/{id}/toestemmingen/{t}/intrekken`.
pub(super) async fn trek_in(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path((id, t)): Path<(String, String)>,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Response {
    let paren = velden(form);
    let q = ToegangParams { code: Some(veld(&paren, "code")).filter(|c| !c.is_empty()), sleutel: None };
    let gedaan = async {
        let tid = t.parse().map_err(|_| ApiError::new(ErrorCode::NotFound, "deze toestemming bestaat niet"))?;
        p::trek_in(&state, &actor(&ingelogd.gebruiker), initiatief_id(&id)?, tid).await?;
        Ok::<_, ApiError>(terug(&id, q.code.as_deref().unwrap_or_default(), "", "#toestemmingen"))
    }
    .await;
    na_stap(&state, lang, Some(&ingelogd), &id, q, gedaan).await
}

/// `GET /initiatieven/{id}/toestemmingen/{t}/certificaat.pdf`.
pub(super) async fn certificaat(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path((id, t)): Path<(String, String)>,
) -> Response {
    let gedaan = async {
        let tid = t.parse().map_err(|_| ApiError::new(ErrorCode::NotFound, "deze toestemming bestaat niet"))?;
        Ok::<_, ApiError>(
            p::certificaat_pdf(&state, &actor(&ingelogd.gebruiker), initiatief_id(&id)?, tid, &basis(&state)).await?,
        )
    }
    .await;
    match gedaan {
        Ok((naam, pdf)) => pdf_antwoord(&naam, pdf),
        Err(e) => fout(&state, lang, e),
    }
}

/// `POST /initiatieven/{id}/versies`: the initiator's new version (height and, optionally, another outline).
pub(super) async fn versie(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Response {
    let paren = velden(form);
    let gedaan = async {
        let geometrie: Value = serde_json::from_str(&veld(&paren, "geometrie"))
            .map_err(|_| ApiError::new(ErrorCode::InvalidGeometry, lang.lang.text("plancheck.fout_geojson_leeg")))?;
        let hoogte = veld(&paren, "bouwhoogte").replace(',', ".").parse::<f64>().map_err(|_| {
            ApiError::new(
                ErrorCode::InvalidRequest,
                lang.lang.text("plancheck.fout_getal").replace("{veld}", "bouwhoogte"),
            )
        })?;
        let v = NieuweVersie {
            geometrie,
            crs: "EPSG:28992".into(),
            bouwhoogte: hoogte,
            toelichting: Some(veld(&paren, "toelichting")),
        };
        p::nieuwe_versie(&state, &actor(&ingelogd.gebruiker), initiatief_id(&id)?, v).await?;
        Ok::<_, ApiError>(format!("/initiatieven/{id}#versies"))
    }
    .await;
    na_stap(&state, lang, Some(&ingelogd), &id, ToegangParams::default(), gedaan).await
}

/// `POST /initiatieven/{id}/brieven`: the letters for the chosen addresses, as PDF.
pub(super) async fn brieven(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Response {
    let adressen: Vec<String> = velden(form).into_iter().filter(|(k, _)| k == "adres").map(|(_, v)| v).collect();
    let gedaan = async {
        Ok::<_, ApiError>(
            p::uitnodigingen(&state, &actor(&ingelogd.gebruiker), initiatief_id(&id)?, &adressen, &basis(&state))
                .await?,
        )
    }
    .await;
    match gedaan {
        Ok(pdf) => pdf_antwoord("Uitnodigingen.pdf", pdf),
        Err(e) if e.code == ErrorCode::NotFound => fout(&state, lang, e),
        Err(e) => {
            pagina(&state, lang, Some(&ingelogd), &id, &ToegangParams::default(), Some(melding_van(&e, lang))).await
        }
    }
}

/// `POST /initiatieven/{id}/aanvraag`: the application from the initiative, with the participatieverslag.
pub(super) async fn aanvraag(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
) -> Response {
    let gedaan = async {
        let wie = actor(&ingelogd.gebruiker);
        let iid = initiatief_id(&id)?;
        let b = p::lees(&state, iid, &Toegang { actor: Some(&wie), ..Toegang::default() }).await?;
        let nieuw = stip_app::dossier::NieuweAanvraag {
            activiteiten: b.activiteit.clone().into_iter().collect(),
            ..Default::default()
        };
        let (rij, _) = p::start_aanvraag(&state, &wie, iid, nieuw, &basis(&state)).await?;
        Ok::<_, ApiError>(format!("/aanvragen/{}", rij.id))
    }
    .await;
    na_stap(&state, lang, Some(&ingelogd), &id, ToegangParams::default(), gedaan).await
}

// ---------------------------------------------------------------------------------------------------------------
// Verifying a certificate, the Praktijkoverzicht

#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct CertificaatParam {
    certificaat: Option<String>,
}

/// `GET /toestemmingen/verifieer?certificaat=…` (the QR code's address) and the form to paste one.
pub(super) async fn verifieer(
    State(state): State<AppState>,
    lang: RequestLang,
    Query(q): Query<CertificaatParam>,
) -> Response {
    verificatie_pagina(&state, lang, q.certificaat.unwrap_or_default()).await
}

/// `POST /toestemmingen/verifieer`: a pasted certificate.
pub(super) async fn verifieer_formulier(
    State(state): State<AppState>,
    lang: RequestLang,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Response {
    verificatie_pagina(&state, lang, veld(&form, "certificaat")).await
}

async fn verificatie_pagina(state: &AppState, lang: RequestLang, certificaat: String) -> Response {
    let uitkomst = if certificaat.trim().is_empty() {
        None
    } else {
        match p::verifieer(state, &certificaat).await {
            Ok(v) => Some(v),
            Err(e) => return fout(state, lang, e),
        }
    };
    let ctx = context! { page => "verifieer", certificaat, uitkomst => super::mj(&uitkomst) };
    state.templates().render("toestemming-verifieer.html", lang, StatusCode::OK, ctx)
}

#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct OverzichtParams {
    adres: Option<String>,
}

/// `GET /praktijkoverzicht`: public initiatives and decided cases around an address (or the middle of the data).
pub(super) async fn praktijkoverzicht(
    State(state): State<AppState>,
    lang: RequestLang,
    Query(q): Query<OverzichtParams>,
) -> Response {
    let kennis = state.kennis();
    let adres = q.adres.map(|a| a.trim().to_string()).filter(|a| !a.is_empty());
    let gevonden =
        adres.as_deref().and_then(|a| kennis.adressen.zoek(a, 1).first().map(|x| (x.punt, x.weergave.clone())));
    let midden = gevonden.as_ref().map(|g| g.0).or(kennis.middelpunt);
    let overzicht = match midden {
        Some(m) => match p::praktijkoverzicht(&state, stip_app::openbaar::rond(m, 500.0)).await {
            Ok(o) => Some(o),
            Err(e) => return fout(&state, lang, e),
        },
        None => None,
    };
    let ctx = context! {
        page => "praktijkoverzicht",
        adres,
        gevonden => gevonden.map(|g| g.1),
        overzicht => super::mj(&overzicht),
    };
    state.templates().render("praktijkoverzicht.html", lang, StatusCode::OK, ctx)
}
