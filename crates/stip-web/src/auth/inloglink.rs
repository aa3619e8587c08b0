//! The one-time login link: `POST /inloggen/link` mails a link to the address of an account, valid
//! [`GELDIG`] and for one login; `GET /inloggen/link/{token}` shows a button and `POST` on it logs in — so a mail
//! scanner that follows links does not use the link up. The answer to a request is the same, and as fast, whether or
//! not an account has that address: the lookup and the mail happen after the answer. Offered only when `[mail]` and
//! the public address of stip are configured: the link in a mail is never built from the request's `Host` header.

use super::pagina::{InlogFormulier, VeldFout, ingelogd_naar, inlog_pagina, storing};
use super::token::{lijkt_op_token, nieuw_token, token_hash};
use super::{Ingelogd, sessie, terug};
use crate::AppState;
use crate::i18n::{Lang, RequestLang};
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use minijinja::context;
use stip_store::{GebruikerRepository, NieuweInloglink, normaliseer_email};

/// How long a login link works.
pub const GELDIG: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// `POST /inloggen/link`: asks for a link by e-mail.
pub(crate) async fn vraag_aan(
    State(state): State<AppState>,
    lang: RequestLang,
    Form(mut f): Form<InlogFormulier>,
) -> Response {
    let Some(basis) = state.auth().link_basis.clone() else {
        return crate::pages::not_found_page(&state, lang, "/inloggen/link");
    };
    f.terug = terug::veilig(&f.terug).to_string();
    let email = f.email.trim().to_string();
    let fout = if email.is_empty() {
        Some("registreren.fout_email_leeg")
    } else if !stip_app::hulp::geldig_email(&email) {
        Some("registreren.fout_email_vorm")
    } else {
        None
    };
    if let Some(melding) = fout {
        let fouten = [VeldFout { veld: "link-email", melding }];
        return inlog_pagina(&state, lang, &f, None, &fouten, StatusCode::BAD_REQUEST);
    }
    tokio::spawn(stuur_link(state.clone(), basis, normaliseer_email(&email), f.terug.clone(), lang.lang));
    state.templates().render("inloglink-verstuurd.html", lang, StatusCode::OK, context! { page => "inloggen" })
}

/// Makes and mails a link when an account has this address; says nothing to the asker either way.
async fn stuur_link(state: AppState, basis: String, email: String, terug: String, l: Lang) {
    let Some(mailer) = state.auth().mailer.clone() else { return };
    let verzoeken = &state.auth().linkverzoeken;
    if verzoeken.geblokkeerd(&email) {
        tracing::info!("login link not sent: too many requests for this address lately");
        return;
    }
    verzoeken.fout(&email);
    let gebruiker = match state.store().gebruiker_per_email(&email).await {
        Ok(Some(g)) => g,
        Ok(None) => {
            tracing::info!("login link asked for an address without an account: nothing sent");
            return;
        }
        Err(e) => {
            tracing::error!(error = %e, "login link: the account could not be looked up");
            return;
        }
    };
    let token = nieuw_token();
    let verloopt = state.klok().nu_utc() + GELDIG;
    let nieuw = NieuweInloglink { token_hash: &token_hash(&token), email: &email, gebruiker: gebruiker.id, verloopt };
    if let Err(e) = state.store().maak_inloglink(nieuw).await {
        tracing::error!(error = %e, "login link could not be stored");
        return;
    }
    let mut link = format!("{}/inloggen/link/{token}", basis.trim_end_matches('/'));
    if terug != terug::STANDAARD {
        link.push_str(&format!("?terug={}", crate::pages::url_encode(&terug)));
    }
    let tekst = format!(
        "{} {},\n\n{}\n\n{link}\n\n{}\n",
        l.text("inloglink.mail_aanhef"),
        gebruiker.naam,
        l.text("inloglink.mail_tekst"),
        l.text("inloglink.mail_niet_gevraagd"),
    );
    match mailer.stuur(&gebruiker.naam, &email, l.text("inloglink.mail_onderwerp"), tekst).await {
        Ok(()) => tracing::info!(gebruiker = %gebruiker.id, "login link sent"),
        Err(e) => tracing::error!(gebruiker = %gebruiker.id, error = %e, "login link could not be sent"),
    }
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(crate) struct TerugVeld {
    terug: String,
}

fn weg(state: &AppState, lang: RequestLang, status: StatusCode) -> Response {
    state.templates().render("inloglink.html", lang, status, context! { page => "inloggen", weg => true })
}

/// `GET /inloggen/link/{token}`: the button that uses the link (a GET never does).
pub(crate) async fn toon(
    State(state): State<AppState>,
    lang: RequestLang,
    Path(token): Path<String>,
    Query(p): Query<TerugVeld>,
) -> Response {
    if !lijkt_op_token(&token) {
        return weg(&state, lang, StatusCode::NOT_FOUND);
    }
    let mut r = state.templates().render(
        "inloglink.html",
        lang,
        StatusCode::OK,
        context! { page => "inloggen", token => token, terug => terug::veilig(&p.terug) },
    );
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// `POST /inloggen/link/{token}`: uses the link (once) and logs in with a new session.
pub(crate) async fn gebruik(
    State(state): State<AppState>,
    lang: RequestLang,
    headers: HeaderMap,
    vorige: Option<Ingelogd>,
    Path(token): Path<String>,
    Form(f): Form<TerugVeld>,
) -> Response {
    if !lijkt_op_token(&token) {
        return weg(&state, lang, StatusCode::NOT_FOUND);
    }
    let link = match state.store().gebruik_inloglink(&token_hash(&token)).await {
        Ok(Some(l)) => l,
        Ok(None) => {
            tracing::info!("a login link was used again, expired or unknown");
            return weg(&state, lang, StatusCode::GONE);
        }
        Err(e) => {
            tracing::error!(error = %e, "a login link could not be used");
            return storing(&state, lang);
        }
    };
    match sessie::start(&state, link.gebruiker, vorige.map(|i| i.sessie)).await {
        Ok((token, _)) => ingelogd_naar(&state, &headers, &token, &f.terug),
        Err(e) => {
            tracing::error!(error = %e, "a session could not be started");
            storing(&state, lang)
        }
    }
}
