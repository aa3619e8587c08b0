//! "Ik snap het niet": the help form with the context of the page it came from (`/hulp?van=…`), the stored question
//! with its reference number, and the officials' list (`/backoffice/hulpvragen`). The checks live in `stip_app::hulp`.

use super::vergunningcheck::mj;
use crate::AppState;
use crate::backoffice::Ambtenaar;
use crate::i18n::{Lang, RequestLang};
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use stip_app::hulp::{Context, Formulier, TIJDVAKKEN, VeldFout};
use stip_store::{HulpvraagId, HulpvraagRepository, NieuweHulpvraag, StoreError};

#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct VanParam {
    #[serde(default)]
    van: String,
}

/// The empty form, with what the page it came from tells.
pub(super) async fn formulier(State(state): State<AppState>, lang: RequestLang, Query(p): Query<VanParam>) -> Response {
    let f = Formulier { van: p.van, ..Formulier::default() };
    pagina(&state, lang, &f, &[], StatusCode::OK)
}

fn pagina(state: &AppState, lang: RequestLang, f: &Formulier, fouten: &[VeldFout], status: StatusCode) -> Response {
    let l = lang.lang;
    let context = Context::uit_pagina(&f.van);
    let per_veld: serde_json::Map<String, serde_json::Value> =
        fouten.iter().map(|e| (e.veld.to_string(), l.text(e.melding).into())).collect();
    let fouten: Vec<serde_json::Value> =
        fouten.iter().map(|e| serde_json::json!({ "veld": e.veld, "melding": l.text(e.melding) })).collect();
    let tijdvakken: Vec<serde_json::Value> =
        TIJDVAKKEN.iter().map(|(w, key)| serde_json::json!({ "waarde": w, "tekst": l.text(key) })).collect();
    state.templates().render(
        "hulp.html",
        lang,
        status,
        context! {
            page => "hulp",
            f => mj(f),
            ctx => mj(&context),
            fouten => mj(&fouten),
            veldfout => mj(&per_veld),
            tijdvakken => mj(&tijdvakken),
        },
    )
}

/// Stores a complete question and sends the browser to its confirmation (POST, redirect, GET); otherwise the form
/// again with a message per field.
pub(super) async fn verstuur(State(state): State<AppState>, lang: RequestLang, Form(f): Form<Formulier>) -> Response {
    let geldig = match f.controleer() {
        Ok(g) => g,
        Err(fouten) => return pagina(&state, lang, &f, &fouten, StatusCode::BAD_REQUEST),
    };
    let context = Context::uit_pagina(&f.van);
    let nieuw = NieuweHulpvraag {
        pagina: &context.pagina,
        context: serde_json::to_value(&context).unwrap_or_default(),
        naam: &geldig.naam,
        vraag: &geldig.vraag,
        contactvoorkeur: geldig.contactvoorkeur,
    };
    match state.store().dien_hulpvraag_in(nieuw).await {
        Ok(h) => Redirect::to(&format!("/hulp/verstuurd?referentie={}", h.id.referentie())).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "hulpvraag could not be stored");
            fout_pagina(&state, lang, StatusCode::SERVICE_UNAVAILABLE)
        }
    }
}

fn fout_pagina(state: &AppState, lang: RequestLang, status: StatusCode) -> Response {
    state.templates().render("hulp-fout.html", lang, status, context! { page => "hulp" })
}

#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct ReferentieParam {
    #[serde(default)]
    referentie: String,
}

/// The confirmation: the reference number and what happens next (no personal data: the URL can be shared).
pub(super) async fn verstuurd(
    State(state): State<AppState>,
    lang: RequestLang,
    Query(p): Query<ReferentieParam>,
) -> Response {
    let Some(id) = HulpvraagId::parse_referentie(&p.referentie) else {
        return Redirect::to("/hulp").into_response();
    };
    state.templates().render(
        "hulp-verstuurd.html",
        lang,
        StatusCode::OK,
        context! { page => "hulp", referentie => id.referentie() },
    )
}

/// The officials' list, newest first.
pub(super) async fn backoffice_lijst(
    State(state): State<AppState>,
    lang: RequestLang,
    _ambtenaar: Ambtenaar,
) -> Response {
    let l = lang.lang;
    let lijst = match state.store().hulpvragen().await {
        Ok(l) => l,
        Err(e) => {
            tracing::error!(error = %e, "hulpvragen could not be read");
            return fout_pagina(&state, lang, StatusCode::SERVICE_UNAVAILABLE);
        }
    };
    let rijen: Vec<serde_json::Value> = lijst
        .iter()
        .map(|h| {
            let mut v = serde_json::to_value(h).unwrap_or_default();
            v["referentie"] = h.id.referentie().into();
            v["ingediendTekst"] = moment(h.ingediend).into();
            v["contactTekst"] = contact_tekst(l, &h.contactvoorkeur).into();
            v
        })
        .collect();
    let mut response = state.templates().render(
        "backoffice-hulpvragen.html",
        lang,
        StatusCode::OK,
        context! { page => "backoffice", hulpvragen => mj(&rijen) },
    );
    // Names and phone numbers: no cache keeps a copy.
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn moment(t: time::OffsetDateTime) -> String {
    let f = time::macros::format_description!("[day]-[month]-[year] [hour]:[minute] UTC");
    t.format(&f).unwrap_or_default()
}

fn contact_tekst(l: Lang, c: &stip_store::Contactvoorkeur) -> String {
    use stip_store::Contactvoorkeur::*;
    match c {
        Email { email } => format!("{}: {email}", l.text("hulp.contact_email")),
        Telefoon { telefoon } => format!("{}: {telefoon}", l.text("hulp.contact_telefoon")),
        Terugbellen { telefoon, tijdvak } => {
            let vak = TIJDVAKKEN.iter().find(|(w, _)| w == tijdvak).map_or(tijdvak.as_str(), |(_, k)| l.text(k));
            format!("{}: {telefoon} ({vak})", l.text("hulp.contact_terugbellen"))
        }
    }
}

/// Marks a question handled and goes back to the list.
pub(super) async fn backoffice_afgehandeld(
    State(state): State<AppState>,
    lang: RequestLang,
    ambtenaar: Ambtenaar,
    Path(id): Path<i64>,
) -> Response {
    match state.store().handel_hulpvraag_af(HulpvraagId(id)).await {
        Ok(h) => {
            tracing::info!(hulpvraag = %h.id, door = %ambtenaar.gebruiker.id, "hulpvraag afgehandeld");
            Redirect::to("/backoffice/hulpvragen").into_response()
        }
        Err(StoreError::NotFound(_)) => super::not_found_page(&state, lang, "/backoffice/hulpvragen"),
        Err(e) => {
            tracing::error!(error = %e, "hulpvraag could not be marked handled");
            fout_pagina(&state, lang, StatusCode::SERVICE_UNAVAILABLE)
        }
    }
}
