//! Starting a draft application from where the visitor was: `POST /aanvragen` (from the Vergunningcheck's outcome,
//! a droog-oefenen report or empty), the GET-able continuation `/aanvragen/nieuw?<state>` that a login leads back to
//! (it shows what goes along and starts the draft with one POST), and `GET /aanvragen`, the applicant's drafts.
//!
//! A POST form cannot survive a login redirect, so an anonymous "Begin uw aanvraag" is sent to the login page with
//! the continuation as its way back: everything the check and the plan carried travels in that URL.

use super::vergunningcheck::{Invoer, antwoord_tekst, mj, stap, url_encode};
use super::zaken::fout;
use crate::AppState;
use crate::auth::Ingelogd;
use crate::error::{ApiError, ErrorCode};
use crate::i18n::RequestLang;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use serde_json::{Value, json};
use stip_app::dossier::{self, NieuweAanvraag, actor};
use stip_app::vergunningcheck::CheckStap;
use stip_store::{AanvraagRepository, AanvraagStatus, ZaakRepository};

/// The fields of a check's or plan's state in a query string, without the language switch and the CSRF token.
fn paren_uit(query: Option<&str>) -> Vec<(String, String)> {
    let q = query.unwrap_or_default();
    axum::extract::Query::<Vec<(String, String)>>::try_from_uri(&format!("/?{q}").parse().unwrap_or_default())
        .map(|q| q.0)
        .unwrap_or_default()
        .into_iter()
        .filter(|(k, _)| k != "lang" && k != crate::csrf::CSRF_VELD)
        .collect()
}

fn als_query(paren: &[(String, String)]) -> String {
    paren.iter().map(|(k, v)| format!("{}={}", url_encode(k), url_encode(v))).collect::<Vec<_>>().join("&")
}

/// Whether the fields carry something to start from: a check's activities or a plan.
fn draagt_iets(paren: &[(String, String)]) -> bool {
    paren.iter().any(|(k, v)| matches!(k.as_str(), "activiteit" | "geometrie" | "breedte") && !v.trim().is_empty())
}

/// The continuation of "Begin uw aanvraag": a GET-able address that names everything the form carried.
pub(crate) fn vervolg(paren: &[(String, String)]) -> String {
    let q = als_query(paren);
    if q.is_empty() { "/aanvragen/nieuw".to_string() } else { format!("/aanvragen/nieuw?{q}") }
}

/// `POST /aanvragen`: starts a draft (or adds activities to one) from the Vergunningcheck's outcome (its state in the
/// query), from a droog-oefenen report (its fields in the form), or empty. Someone not logged in goes to the login
/// page, and from there to the continuation with the same state.
pub(super) async fn nieuw(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Option<Ingelogd>,
    RawQuery(query): RawQuery,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Response {
    let mut paren = paren_uit(query.as_deref());
    paren.extend(form.into_iter().filter(|(k, _)| k != crate::csrf::CSRF_VELD && k != "lang"));
    let Some(ingelogd) = ingelogd else {
        return Redirect::to(&crate::auth::terug::inloggen_url(&vervolg(&paren))).into_response();
    };
    let invoer = Invoer::lees(paren.clone());
    let punt = match invoer.punt() {
        Ok(p) => p,
        Err(key) => return fout(&state, lang, ApiError::new(ErrorCode::InvalidCoordinates, lang.lang.text(key))),
    };
    let plan = if paren.iter().any(|(k, v)| (k == "geometrie" || k == "breedte") && !v.trim().is_empty()) {
        match super::plancheck::maak_verslag(&state, &paren, lang.lang) {
            Ok(v) => {
                let veld = |k: &str| paren.iter().find(|(n, w)| n == k && !w.trim().is_empty()).map(|(_, w)| w.trim());
                let getal = |k: &str| veld(k).and_then(|w| w.replace(',', ".").parse::<f64>().ok());
                Some(stip_zaak::aanvraag::Plan {
                    geometrie: v["plancheck"]["plan"]["geometrie"].clone(),
                    toetsing: json!({ "oordeel": v["plancheck"]["oordeel"], "samenvatting": v["plancheck"]["samenvatting"] }),
                    maten: stip_zaak::aanvraag::PlanMaten {
                        bouwhoogte: getal("bouwhoogte"),
                        goothoogte: getal("goothoogte"),
                        oppervlakte_m2: v["plancheck"]["plan"]["oppervlakteM2"].as_f64(),
                        functie: veld("functie").map(str::to_string),
                        bouwlagen: getal("bouwlagen").filter(|b| b.fract() == 0.0 && *b >= 0.0).map(|b| b as u32),
                    },
                })
            }
            Err(_) => None,
        }
    } else {
        None
    };
    let punt = match punt.as_ref().map(crate::api::Punt::rd).transpose() {
        Ok(p) => p,
        Err(e) => return fout(&state, lang, e),
    };
    let nieuw = NieuweAanvraag {
        activiteiten: invoer.activiteiten.clone(),
        antwoorden: invoer.antwoorden_json(),
        punt,
        plan,
        uit_verslag: paren.iter().find(|(k, _)| k == "verslag").map(|(_, v)| v.clone()),
        ..NieuweAanvraag::default()
    };
    let gedaan = match invoer.aanvraag.as_str() {
        "" => dossier::nieuwe_aanvraag(&state, &actor(&ingelogd.gebruiker), nieuw).await,
        id => match crate::api::aanvragen::aanvraag_id(id) {
            Ok(id) => dossier::voeg_activiteiten_toe(&state, &actor(&ingelogd.gebruiker), id, nieuw).await,
            Err(e) => Err(e.into()),
        },
    };
    match gedaan {
        Ok(rij) => Redirect::to(&format!("/aanvragen/{}", rij.id)).into_response(),
        Err(e) => fout(&state, lang, e),
    }
}

/// `GET /aanvragen/nieuw?<state>`: where a login in the middle of the journey leads back to. It shows what goes
/// into the new draft — the activities with their outcome, the answers, the place and the drawn plan — and starts it
/// with one button (a POST, as every change is).
pub(super) async fn vervolg_pagina(
    State(state): State<AppState>,
    lang: RequestLang,
    // only who is logged in continues here; someone else goes to the login page, which leads back
    _ingelogd: Ingelogd,
    RawQuery(query): RawQuery,
) -> Response {
    let paren = paren_uit(query.as_deref());
    if !draagt_iets(&paren) {
        return Redirect::to("/aanvragen").into_response();
    }
    let l = lang.lang;
    let invoer = Invoer::lees(paren.clone());
    let kennis = state.kennis();
    let punt = invoer.punt().ok().flatten();
    let plek = punt.as_ref().and_then(|p| p.rd().ok());
    let adres = plek.and_then(|p| kennis.adressen.dichtstbij(p, 30.0).map(|a| a.weergave.clone()));
    let mut activiteiten: Vec<Value> = Vec::new();
    let mut onaf = false;
    if !invoer.activiteiten.is_empty() {
        match stap(&kennis, invoer.activiteiten.clone(), punt.as_ref(), invoer.antwoorden_json()) {
            Ok(CheckStap::Conclusie { conclusies, .. }) => {
                for c in conclusies {
                    let antwoorden: Vec<Value> = c
                        .uitleg
                        .antwoorden
                        .iter()
                        .filter(|a| a.bron == "gebruiker")
                        .map(|a| json!({ "tekst": a.tekst, "antwoord": antwoord_tekst(l, &serde_json::to_value(&a.antwoord).unwrap_or(Value::Null)) }))
                        .collect();
                    activiteiten.push(json!({
                        "naam": c.activiteit_naam,
                        "zin": l.text(&format!("vergunningcheck.conclusie_{}", c.conclusie.as_str())),
                        "antwoorden": antwoorden,
                    }));
                }
            }
            Ok(CheckStap::Vraag { .. }) | Err(_) => onaf = true,
        }
    }
    let plan = if paren.iter().any(|(k, v)| (k == "geometrie" || k == "breedte") && !v.trim().is_empty()) {
        super::plancheck::maak_verslag(&state, &paren, l).ok().map(|v| {
            json!({
                "oppervlakte": v["plancheck"]["plan"]["oppervlakteM2"].as_f64().map(|m| format!("{m:.0}")),
                "samenvatting": v["plancheck"]["samenvatting"],
            })
        })
    } else {
        None
    };
    let terug = if onaf {
        format!("/vergunningcheck/vraag?{}", invoer.query(&invoer.antwoorden))
    } else if invoer.activiteiten.is_empty() {
        "/plancheck".to_string()
    } else {
        format!("/vergunningcheck/uitkomst?{}", invoer.query(&invoer.antwoorden))
    };
    let velden: Vec<Value> = paren.iter().map(|(k, v)| json!({ "naam": k, "waarde": v })).collect();
    state.templates().render(
        "aanvraag-nieuw.html",
        lang,
        if onaf { StatusCode::BAD_REQUEST } else { StatusCode::OK },
        context! {
            page => "aanvraag-nieuw",
            activiteiten => mj(&activiteiten), adres => adres, heeft_plek => plek.is_some(), plan => mj(&plan),
            onaf => onaf, terug => terug, velden => mj(&velden), toevoegen => !invoer.aanvraag.is_empty(),
        },
    )
}

/// `GET /aanvragen`: the applicant's drafts and the ways to start one. A check's state in the query (an address from
/// before the continuation existed) goes on to the continuation.
pub(super) async fn lijst(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    RawQuery(query): RawQuery,
) -> Response {
    let paren = paren_uit(query.as_deref());
    if draagt_iets(&paren) {
        return Redirect::to(&vervolg(&paren)).into_response();
    }
    let rijen = match state.store().aanvragen_van(ingelogd.gebruiker.id.0).await {
        Ok(r) => r,
        Err(e) => return fout(&state, lang, ApiError::from(e)),
    };
    let mut concepten = Vec::new();
    let mut ingediend = Vec::new();
    for r in &rijen {
        let rij = json!({ "id": r.id.to_string(), "titel": r.titel, "gewijzigd": r.gewijzigd.date().to_string() });
        if r.status == AanvraagStatus::Concept {
            concepten.push(rij);
        } else if let Ok(Some(z)) = state.store().zaak_van_aanvraag(r.id).await {
            ingediend.push(json!({ "id": z.id.to_string(), "titel": r.titel, "zaaknummer": z.zaaknummer }));
        }
    }
    state.templates().render(
        "aanvragen.html",
        lang,
        StatusCode::OK,
        context! { page => "aanvragen", concepten => mj(&concepten), ingediend => mj(&ingediend) },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_continuation_names_the_whole_state_and_never_the_csrf_token_or_the_language() {
        let paren = paren_uit(Some("activiteit=a.1&x=1&y=2&antwoord.m%23q=ja&lang=en&csrf=geheim"));
        assert_eq!(vervolg(&paren), "/aanvragen/nieuw?activiteit=a.1&x=1&y=2&antwoord.m%23q=ja");
        assert!(draagt_iets(&paren));
        assert!(!draagt_iets(&paren_uit(Some("lang=en"))));
    }
}
