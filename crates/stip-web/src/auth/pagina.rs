//! The pages of logging in and out: `/inloggen` (e-mail address and password), `/registreren` (a new account for an
//! initiatiefnemer) and `POST /uitloggen`. Every form carries the CSRF field; every login starts a new session.

use super::wachtwoord::{self, InlogFout};
use super::{Ingelogd, sessie, terug};
use crate::AppState;
use crate::i18n::{Lang, RequestLang};
use crate::pages::mj;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};
use stip_store::{Gebruiker, GebruikerRepository, NieuweGebruiker, Rol, StoreError};

/// One wrong field: the input's id and the catalogue key of its message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct VeldFout {
    pub(super) veld: &'static str,
    pub(super) melding: &'static str,
}

/// The error summary and the per-field messages, in the page's language.
fn fouten_context(l: Lang, fouten: &[VeldFout]) -> (Value, Value) {
    let lijst: Vec<_> =
        fouten.iter().map(|f| serde_json::json!({ "veld": f.veld, "melding": l.text(f.melding) })).collect();
    let per_veld: serde_json::Map<_, _> =
        fouten.iter().map(|f| (f.veld.to_string(), l.text(f.melding).into())).collect();
    (mj(&lijst), mj(&per_veld))
}

/// The 503 page when the store does not answer.
pub(crate) fn storing(state: &AppState, lang: RequestLang) -> Response {
    state.templates().render("storing.html", lang, StatusCode::SERVICE_UNAVAILABLE, context! { page => "storing" })
}

/// Sends the browser on to `terug` with a new session cookie.
pub(super) fn ingelogd_naar(state: &AppState, headers: &HeaderMap, token: &str, naar: &str) -> Response {
    let mut r = Redirect::to(terug::veilig(naar)).into_response();
    r.headers_mut().append(header::SET_COOKIE, sessie::zet_cookie(state, headers, token));
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct TerugParam {
    terug: String,
}

impl TerugParam {
    pub(crate) fn terug(&self) -> &str {
        &self.terug
    }
}

/// What the login form sent.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub(crate) struct InlogFormulier {
    pub(super) email: String,
    #[serde(skip_serializing)]
    wachtwoord: String,
    pub(super) terug: String,
}

/// The login page: the password form, and the login link when mail is set up.
pub(super) fn inlog_pagina(
    state: &AppState,
    lang: RequestLang,
    f: &InlogFormulier,
    ingelogd: Option<&Gebruiker>,
    fouten: &[VeldFout],
    status: StatusCode,
) -> Response {
    let (fouten, veldfout) = fouten_context(lang.lang, fouten);
    state.templates().render(
        "inloggen.html",
        lang,
        status,
        context! {
            page => "inloggen",
            f => mj(f),
            al_ingelogd => ingelogd.map(|g| g.naam.clone()),
            link_mogelijk => state.auth().link_basis.is_some(),
            oidc_knop => state.auth().oidc.as_ref().map(|o| o.config.knop.clone()),
            fouten,
            veldfout,
        },
    )
}

/// `GET /inloggen`: the login form.
pub(crate) async fn inloggen_formulier(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Option<Ingelogd>,
    Query(p): Query<TerugParam>,
) -> Response {
    let f = InlogFormulier { terug: terug::veilig(&p.terug).to_string(), ..InlogFormulier::default() };
    inlog_pagina(&state, lang, &f, ingelogd.as_ref().map(|i| &i.gebruiker), &[], StatusCode::OK)
}

/// `POST /inloggen`: checks e-mail address and password; on success a new session and back to where the person was.
pub(crate) async fn inloggen(
    State(state): State<AppState>,
    lang: RequestLang,
    headers: HeaderMap,
    bron: super::bron::Bron,
    vorige: Option<Ingelogd>,
    Form(mut f): Form<InlogFormulier>,
) -> Response {
    f.terug = terug::veilig(&f.terug).to_string();
    let mut fouten = Vec::new();
    if f.email.trim().is_empty() {
        fouten.push(VeldFout { veld: "email", melding: "inloggen.fout_email_leeg" });
    }
    if f.wachtwoord.is_empty() {
        fouten.push(VeldFout { veld: "wachtwoord", melding: "inloggen.fout_wachtwoord_leeg" });
    }
    let vorige_gebruiker = vorige.as_ref().map(|i| &i.gebruiker);
    if !fouten.is_empty() {
        return inlog_pagina(&state, lang, &f, vorige_gebruiker, &fouten, StatusCode::BAD_REQUEST);
    }
    let gebruiker = match wachtwoord::log_in(&state, &f.email, &f.wachtwoord, &bron).await {
        Ok(g) => g,
        Err(InlogFout::Fout) => {
            let fout = VeldFout { veld: "email", melding: "inloggen.fout_onbekend" };
            return inlog_pagina(&state, lang, &f, vorige_gebruiker, &[fout], StatusCode::BAD_REQUEST);
        }
        Err(InlogFout::TeVaak) => {
            let fout = VeldFout { veld: "email", melding: "inloggen.fout_te_vaak" };
            return inlog_pagina(&state, lang, &f, vorige_gebruiker, &[fout], StatusCode::TOO_MANY_REQUESTS);
        }
        Err(InlogFout::Storing(e)) => {
            tracing::error!(error = %e, "password login failed");
            return storing(&state, lang);
        }
    };
    match sessie::start(&state, gebruiker.id, vorige.map(|i| i.sessie)).await {
        Ok((token, _)) => ingelogd_naar(&state, &headers, &token, &f.terug),
        Err(e) => {
            tracing::error!(error = %e, "a session could not be started");
            storing(&state, lang)
        }
    }
}

/// What the registration form sent.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub(crate) struct RegistratieFormulier {
    naam: String,
    email: String,
    #[serde(skip_serializing)]
    wachtwoord: String,
    terug: String,
}

impl RegistratieFormulier {
    /// Every mistake at once, in the order of the form.
    fn controleer(&self) -> Vec<VeldFout> {
        let mut fouten = Vec::new();
        let naam = self.naam.trim();
        if naam.is_empty() {
            fouten.push(VeldFout { veld: "naam", melding: "registreren.fout_naam_leeg" });
        } else if naam.chars().count() > stip_app::hulp::MAX_NAAM {
            fouten.push(VeldFout { veld: "naam", melding: "registreren.fout_naam_lang" });
        }
        let email = self.email.trim();
        if email.is_empty() {
            fouten.push(VeldFout { veld: "email", melding: "registreren.fout_email_leeg" });
        } else if !stip_app::hulp::geldig_email(email) {
            fouten.push(VeldFout { veld: "email", melding: "registreren.fout_email_vorm" });
        }
        if let Err(melding) = wachtwoord::keur_nieuw(&self.wachtwoord) {
            fouten.push(VeldFout { veld: "wachtwoord", melding });
        }
        fouten
    }
}

fn registratie_pagina(
    state: &AppState,
    lang: RequestLang,
    f: &RegistratieFormulier,
    fouten: &[VeldFout],
    status: StatusCode,
) -> Response {
    let (fouten, veldfout) = fouten_context(lang.lang, fouten);
    state.templates().render(
        "registreren.html",
        lang,
        status,
        context! {
            page => "registreren",
            f => mj(f),
            min_tekens => wachtwoord::MIN_TEKENS,
            fouten,
            veldfout,
        },
    )
}

/// `GET /registreren`: the form for a new account.
pub(crate) async fn registreren_formulier(
    State(state): State<AppState>,
    lang: RequestLang,
    Query(p): Query<TerugParam>,
) -> Response {
    let f = RegistratieFormulier { terug: terug::veilig(&p.terug).to_string(), ..RegistratieFormulier::default() };
    registratie_pagina(&state, lang, &f, &[], StatusCode::OK)
}

/// `POST /registreren`: makes an initiatiefnemer account with a password and logs it in.
pub(crate) async fn registreren(
    State(state): State<AppState>,
    lang: RequestLang,
    headers: HeaderMap,
    vorige: Option<Ingelogd>,
    Form(mut f): Form<RegistratieFormulier>,
) -> Response {
    f.terug = terug::veilig(&f.terug).to_string();
    let fouten = f.controleer();
    if !fouten.is_empty() {
        return registratie_pagina(&state, lang, &f, &fouten, StatusCode::BAD_REQUEST);
    }
    let w = std::mem::take(&mut f.wachtwoord);
    let hash = match stip_app::wachtwoord::maak_hash(w).await {
        Ok(h) => h,
        fout => {
            tracing::error!(error = ?fout.err(), "a password could not be hashed");
            return storing(&state, lang);
        }
    };
    let nieuw = NieuweGebruiker {
        email: Some(&f.email),
        naam: f.naam.trim(),
        wachtwoord_hash: Some(&hash),
        rollen: &[Rol::Initiatiefnemer],
        ..NieuweGebruiker::default()
    };
    let gebruiker = match state.store().maak_gebruiker(nieuw).await {
        Ok(g) => g,
        Err(StoreError::Conflict(_)) => {
            let fout = VeldFout { veld: "email", melding: "registreren.fout_email_bestaat" };
            return registratie_pagina(&state, lang, &f, &[fout], StatusCode::CONFLICT);
        }
        Err(e) => {
            tracing::error!(error = %e, "an account could not be made");
            return storing(&state, lang);
        }
    };
    tracing::info!(gebruiker = %gebruiker.id, "account made");
    match sessie::start(&state, gebruiker.id, vorige.map(|i| i.sessie)).await {
        Ok((token, _)) => ingelogd_naar(&state, &headers, &token, &f.terug),
        Err(e) => {
            tracing::error!(error = %e, "a session could not be started");
            storing(&state, lang)
        }
    }
}

/// `POST /uitloggen`: ends the session and removes the cookie.
pub(crate) async fn uitloggen(
    State(state): State<AppState>,
    lang: RequestLang,
    headers: HeaderMap,
    ingelogd: Option<Ingelogd>,
) -> Response {
    if let Some(i) = ingelogd {
        if let Err(e) = state.store().beeindig_sessie(i.sessie).await {
            tracing::error!(error = %e, "a session could not be ended");
            return storing(&state, lang);
        }
        tracing::info!(gebruiker = %i.gebruiker.id, sessie = %i.sessie, "logged out");
    }
    let mut r = Redirect::to(terug::STANDAARD).into_response();
    r.headers_mut().append(header::SET_COOKIE, sessie::wis_cookie(&state, &headers));
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_registration_names_every_wrong_field_in_the_order_of_the_form() {
        let f = RegistratieFormulier { email: "jan@".into(), wachtwoord: "kort".into(), ..Default::default() };
        let velden: Vec<_> = f.controleer().into_iter().map(|v| (v.veld, v.melding)).collect();
        assert_eq!(
            velden,
            [
                ("naam", "registreren.fout_naam_leeg"),
                ("email", "registreren.fout_email_vorm"),
                ("wachtwoord", "registreren.fout_wachtwoord_kort")
            ]
        );
        let goed = RegistratieFormulier {
            naam: "Jan".into(),
            email: "jan@example.nl".into(),
            wachtwoord: "twaalf tekens".into(),
            ..Default::default()
        };
        assert!(goed.controleer().is_empty());
    }
}
