//! The pages behind the footer's "Ingelezen gegevens" (`/gegevens`) and "Werkt stip op dit moment?" (`/status`):
//! what `stip_app::gegevens` says, in words, each with a secondary link to its JSON for developers.

use super::vergunningcheck::mj;
use crate::AppState;
use crate::i18n::{Lang, RequestLang};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use minijinja::context;
use serde_json::{Value, json};
use stip_app::gegevens::{Gegeven, Stand};

fn rij(l: Lang, g: &Gegeven) -> Value {
    json!({
        "soort": l.text(g.soort.sleutel()),
        "titel": g.titel,
        "gemeente": g.gemeente,
        "versie": g.versiedatum.map(|d| l.datum(d)).or_else(|| g.jaar.map(|j| j.to_string())),
        "geimporteerd": l.moment(g.geimporteerd),
        "demo": g.demo,
    })
}

/// `GET /gegevens`: every dataset in service, as a table for people.
pub(super) async fn ingelezen(State(state): State<AppState>, lang: RequestLang) -> Response {
    let l = lang.lang;
    match stip_app::gegevens::ingelezen(&state).await {
        Ok(lijst) => {
            let rijen: Vec<Value> = lijst.iter().map(|g| rij(l, g)).collect();
            state.templates().render(
                "gegevens.html",
                lang,
                StatusCode::OK,
                context! { page => "gegevens", gegevens => mj(&rijen), demo => state.kennis().demo },
            )
        }
        Err(e) => {
            tracing::error!(error = ?e, "datasets could not be read");
            state.templates().render(
                "storing.html",
                lang,
                StatusCode::SERVICE_UNAVAILABLE,
                context! { page => "storing" },
            )
        }
    }
}

fn stand_beeld(l: Lang, s: &Stand) -> Value {
    let gegevens: Vec<String> =
        s.gegevens.iter().map(|a| format!("{}: {}", l.text(a.soort.sleutel()), a.aantal)).collect();
    json!({
        "database": s.database,
        "gegevens": gegevens,
        "bijgewerkt": s.laatst_bijgewerkt.map(|t| l.moment(t)),
        "demo": s.demo,
    })
}

/// `GET /status`: whether stip works now, in words (503 when the database does not answer).
pub(super) async fn status(State(state): State<AppState>, lang: RequestLang) -> Response {
    let stand = stip_app::gegevens::stand(&state).await;
    let code = if stand.database { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    state
        .templates()
        .render("status.html", lang, code, context! { page => "status", s => mj(&stand_beeld(lang.lang, &stand)) })
        .into_response()
}
