//! "Ik snap het niet": the help form with the context of the page it came from (`/hulp?van=…`), the stored question
//! with its reference number (and the asker's account when they are logged in), the officials' list
//! (`/backoffice/hulpvragen`) and one request with its answer form (`/backoffice/hulpvragen/{id}`). The checks and the
//! answer's way to the asker live in `stip_app::hulp`.

use super::vergunningcheck::mj;
use crate::AppState;
use crate::backoffice::Ambtenaar;
use crate::i18n::{Lang, RequestLang};
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use stip_app::hulp::{Bereik, Context, Formulier, TIJDVAKKEN, VeldFout};
use stip_store::{Hulpvraag, HulpvraagId, HulpvraagRepository, NieuweHulpvraag, StoreError};

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
pub(super) async fn verstuur(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Option<crate::Ingelogd>,
    Form(f): Form<Formulier>,
) -> Response {
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
        gebruiker: ingelogd.map(|i| i.gebruiker.id),
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
            v["ingediendTekst"] = l.moment(h.ingediend).into();
            v["contactTekst"] = contact_tekst(l, &h.contactvoorkeur).into();
            if let Some(a) = &h.antwoord {
                v["antwoordTekst"] = format!(
                    "{} {} {} {}",
                    l.text("hulp.beantwoord_door"),
                    a.door_naam,
                    l.text("hulp.beantwoord_op"),
                    l.moment(a.op)
                )
                .into();
            }
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

/// One help request for officials: the question as asked, how the answer reaches the asker, and the answer (or the
/// form to write it).
pub(super) async fn backoffice_vraag(
    State(state): State<AppState>,
    lang: RequestLang,
    _ambtenaar: Ambtenaar,
    Path(id): Path<i64>,
) -> Response {
    match state.store().hulpvraag(HulpvraagId(id)).await {
        Ok(h) => vraag_pagina(&state, lang, &h, None, "", StatusCode::OK),
        Err(StoreError::NotFound(_)) => super::not_found_page(&state, lang, "/backoffice/hulpvragen"),
        Err(e) => {
            tracing::error!(error = %e, "hulpvraag could not be read");
            fout_pagina(&state, lang, StatusCode::SERVICE_UNAVAILABLE)
        }
    }
}

fn vraag_pagina(
    state: &AppState,
    lang: RequestLang,
    h: &Hulpvraag,
    fout: Option<String>,
    concept: &str,
    status: StatusCode,
) -> Response {
    let l = lang.lang;
    let antwoord =
        h.antwoord.as_ref().map(|a| serde_json::json!({ "tekst": a.tekst, "door": a.door_naam, "op": l.moment(a.op) }));
    let mut response = state.templates().render(
        "backoffice-hulpvraag.html",
        lang,
        status,
        context! {
            page => "backoffice",
            h => mj(h),
            referentie => h.id.referentie(),
            gesteld => l.moment(h.ingediend),
            contact => contact_tekst(l, &h.contactvoorkeur),
            bereik => mj(&Bereik::van(h)),
            antwoord => mj(&antwoord),
            fout => fout,
            concept => concept,
        },
    );
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct AntwoordFormulier {
    #[serde(default)]
    antwoord: String,
}

/// Records an official's answer and sends it to the asker; back to the request (POST, redirect, GET), or the form
/// again with what is wrong — and what was typed.
pub(super) async fn backoffice_antwoord(
    State(state): State<AppState>,
    lang: RequestLang,
    ambtenaar: Ambtenaar,
    Path(id): Path<i64>,
    Form(f): Form<AntwoordFormulier>,
) -> Response {
    let actor = stip_app::dossier::actor(&ambtenaar.gebruiker);
    match stip_app::hulp::beantwoord(&state, &actor, HulpvraagId(id), &f.antwoord).await {
        Ok(h) => {
            tracing::info!(hulpvraag = %h.id, door = %ambtenaar.gebruiker.id, "hulpvraag beantwoord");
            Redirect::to(&format!("/backoffice/hulpvragen/{id}")).into_response()
        }
        Err(e) => {
            let e = crate::error::ApiError::from(e);
            if e.code == crate::error::ErrorCode::NotFound {
                return super::not_found_page(&state, lang, "/backoffice/hulpvragen");
            }
            let (melding, status) = super::melding_van(&e, lang);
            let melding = e.fouten.first().map(|f| f.melding.clone()).unwrap_or(melding);
            match state.store().hulpvraag(HulpvraagId(id)).await {
                Ok(h) => vraag_pagina(&state, lang, &h, Some(melding), &f.antwoord, status),
                Err(_) => fout_pagina(&state, lang, status),
            }
        }
    }
}
