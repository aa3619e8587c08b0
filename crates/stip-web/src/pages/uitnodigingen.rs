//! The page behind an invitation's link (`/uitnodigingen/{aanvraag}/{token}`): who invites to what, and — for the
//! account of the invited address — the button that accepts it. Logging in (or registering) leads back here. An
//! adapter over `stip_app::uitnodiging`.

use super::vergunningcheck::mj;
use super::zaken::fout;
use crate::AppState;
use crate::auth::Ingelogd;
use crate::i18n::RequestLang;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use stip_app::dossier::actor;
use stip_app::uitnodiging;

/// `GET /uitnodigingen/{id}/{token}`: the invitation, with "Neem de uitnodiging aan" for the invited account.
pub(super) async fn toon(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path((id, token)): Path<(String, String)>,
) -> Response {
    let gelezen = match crate::api::aanvragen::aanvraag_id(&id) {
        Ok(aid) => uitnodiging::bekijk(&state, &actor(&ingelogd.gebruiker), aid, &token).await.map_err(Into::into),
        Err(e) => Err(e),
    };
    match gelezen {
        Ok(u) => {
            let tot = lang.lang.datum(u.geldig_tot.date());
            state.templates().render(
                "uitnodiging.html",
                lang,
                if u.voor_u { StatusCode::OK } else { StatusCode::FORBIDDEN },
                context! { page => "uitnodiging", u => mj(&u), tot => tot, pad => format!("/uitnodigingen/{id}/{token}") },
            )
        }
        Err(e) => fout(&state, lang, e),
    }
}

/// `POST /uitnodigingen/{id}/{token}`: accepts it and opens the draft.
pub(super) async fn aanvaard(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path((id, token)): Path<(String, String)>,
) -> Response {
    let gedaan = match crate::api::aanvragen::aanvraag_id(&id) {
        Ok(aid) => uitnodiging::aanvaard(&state, &actor(&ingelogd.gebruiker), aid, &token).await.map_err(Into::into),
        Err(e) => Err(e),
    };
    match gedaan {
        Ok(aid) => Redirect::to(&format!("/aanvragen/{aid}")).into_response(),
        Err(e) => fout(&state, lang, e),
    }
}
