//! The pages of paying leges: "Betaal" on a case and "Betaal alles" in Mijn omgeving (both send the person to the
//! provider's checkout), the invoice PDF, the officials' finance view, and — only when configured — the simulator of
//! Mollie's API with its checkout page. Adapters over `stip_app::betalen`.

use super::vergunningcheck::mj;
use super::zaken::fout;
use crate::AppState;
use crate::api::betalingen::dag;
use crate::api::zaken::zaak_id;
use crate::auth::Ingelogd;
use crate::error::{ApiError, ErrorCode};
use crate::i18n::RequestLang;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use serde_json::{Value, json};
use stip_app::betalen::{self, Legesbeeld, euro};
use stip_app::dossier::actor;
use stip_store::ZaakRepository;
use stip_zaak::{Actie, Actor};

/// A case's fees as the case page shows them: amounts as people read them.
pub(crate) fn leges_json(l: &Legesbeeld) -> Value {
    let mut v = json!(l);
    v["openTekst"] = json!(euro(l.open_cent));
    for (i, a) in l.aanslagen.iter().enumerate() {
        v["aanslagen"][i]["bedragTekst"] = json!(euro(a.bedrag_cent));
        for (j, r) in a.regels.iter().enumerate() {
            v["aanslagen"][i]["regels"][j]["bedragTekst"] = json!(euro(r.bedrag_cent));
        }
    }
    for (i, b) in l.betalingen.iter().enumerate() {
        v["betalingen"][i]["bedragTekst"] = json!(euro(b.bedrag_cent));
    }
    v
}

/// The person's cases with fees still to pay, for "Betaal alles" in Mijn omgeving.
pub(crate) async fn te_betalen(state: &AppState, a: &Actor) -> Vec<Value> {
    let mut uit = Vec::new();
    for z in state.store().zaken_van(a.id).await.unwrap_or_default() {
        let Ok(b) = stip_app::dossier::beeld_van(state, a, z, Actie::LeesZaak).await else { continue };
        if let Ok(l) = betalen::legesbeeld(state, &b).await
            && l.kan_betalen
        {
            uit.push(json!({ "id": b.rij.id.to_string(), "zaaknummer": b.rij.zaaknummer, "titel": b.rij.titel,
                             "bedragTekst": euro(l.open_cent) }));
        }
    }
    uit
}

/// "Betaal" on a case page: to the provider's checkout.
pub(super) async fn betaal(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
) -> Response {
    let gestart = match zaak_id(&id) {
        Ok(z) => betalen::start_betaling(&state, &actor(&ingelogd.gebruiker), &[z]).await.map_err(ApiError::from),
        Err(e) => Err(e),
    };
    match gestart {
        Ok(b) => Redirect::to(b.checkout_url.as_deref().unwrap_or("/mijn")).into_response(),
        Err(e) => fout(&state, lang, e),
    }
}

/// "Betaal alles" in Mijn omgeving: one payment for every case with fees still to pay.
pub(super) async fn betaal_alles(State(state): State<AppState>, lang: RequestLang, ingelogd: Ingelogd) -> Response {
    let a = actor(&ingelogd.gebruiker);
    let zaken: Vec<_> =
        te_betalen(&state, &a).await.iter().filter_map(|z| z["id"].as_str().and_then(|s| s.parse().ok())).collect();
    match betalen::start_betaling(&state, &a, &zaken).await {
        Ok(b) => Redirect::to(b.checkout_url.as_deref().unwrap_or("/mijn")).into_response(),
        Err(e) => fout(&state, lang, e),
    }
}

/// The invoice PDF of a case's fees.
pub(super) async fn factuur(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
) -> Response {
    let gemaakt = match zaak_id(&id) {
        Ok(z) => betalen::factuur(&state, &actor(&ingelogd.gebruiker), z).await.map_err(ApiError::from),
        Err(e) => Err(e),
    };
    match gemaakt {
        Ok((naam, bytes)) => crate::api::zaken::pdf(&naam, bytes),
        Err(e) => fout(&state, lang, e),
    }
}

#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct FinancienParams {
    #[serde(default)]
    datum: Option<String>,
}

/// The officials' finance view of a day: totals per cost centre, every row, and the CSV export.
pub(super) async fn financien(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Query(p): Query<FinancienParams>,
) -> Response {
    let datum = match dag(&state, p.datum.as_deref()) {
        Ok(d) => d,
        Err(e) => return fout(&state, lang, e),
    };
    let f = match betalen::financien(&state, &actor(&ingelogd.gebruiker), datum).await {
        Ok(f) => f,
        Err(e) => return fout(&state, lang, e),
    };
    let totalen: Vec<Value> = f
        .totalen
        .iter()
        .map(|(kp, a, t, b)| json!({ "kostenplaats": kp, "aanslagen": euro(*a), "teruggaven": euro(*t), "betalingen": euro(*b) }))
        .collect();
    let regels: Vec<Value> = f
        .regels
        .iter()
        .map(|r| {
            json!({ "soort": r.soort, "zaaknummer": r.zaaknummer, "kostenplaats": r.kostenplaats,
                         "bedrag": euro(r.bedrag_cent), "toelichting": r.toelichting })
        })
        .collect();
    state.templates().render(
        "financien.html",
        lang,
        StatusCode::OK,
        context! { page => "financien", dag => datum.to_string(), totalen => mj(&totalen), regels => mj(&regels) },
    )
}

fn simulator(state: &AppState) -> Result<&stip_app::betalen::simulator::Simulator, ApiError> {
    state.betalen().simulator().ok_or_else(|| ApiError::new(ErrorCode::NotFound, "de betaalsimulator staat niet aan"))
}

fn sim_antwoord(r: Result<Value, stip_app::betalen::simulator::SimFout>, gemaakt: bool) -> Response {
    match r {
        Ok(v) => (if gemaakt { StatusCode::CREATED } else { StatusCode::OK }, Json(v)).into_response(),
        Err((status, v)) => (StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST), Json(v)).into_response(),
    }
}

/// The simulator's `POST /v2/payments`.
pub(super) async fn sim_maak(State(state): State<AppState>, Json(body): Json<Value>) -> Response {
    match simulator(&state) {
        Ok(s) => sim_antwoord(s.maak(&body), true),
        Err(e) => e.into_response(),
    }
}

/// The simulator's `GET /v2/payments/{id}`.
pub(super) async fn sim_lees(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    match simulator(&state) {
        Ok(s) => sim_antwoord(s.lees(&id), false),
        Err(e) => e.into_response(),
    }
}

/// The simulator's `POST /v2/payments/{id}/refunds`.
pub(super) async fn sim_terug(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Json(body): Json<Value>,
) -> Response {
    match simulator(&state) {
        Ok(s) => sim_antwoord(s.terugbetalen(&id, &body), true),
        Err(e) => e.into_response(),
    }
}

/// The simulator's checkout page: the amount and the four outcomes to choose from.
pub(super) async fn checkout(State(state): State<AppState>, lang: RequestLang, Path(id): Path<String>) -> Response {
    let gevonden = simulator(&state)
        .and_then(|s| s.checkout(&id).ok_or_else(|| ApiError::new(ErrorCode::NotFound, "deze betaling bestaat niet")));
    match gevonden {
        Ok(c) => state.templates().render(
            "simulator-checkout.html",
            lang,
            StatusCode::OK,
            context! { page => "simulator", id => c.id, omschrijving => c.omschrijving, bedrag => euro(c.bedrag_cent),
            open => c.open },
        ),
        Err(e) => fout(&state, lang, e),
    }
}

#[derive(Debug, serde::Deserialize)]
pub(super) struct Keuze {
    uitkomst: String,
}

/// The chosen outcome: the payment ends so, the webhook is called as the provider calls it, and the person goes back.
pub(super) async fn kies(
    State(state): State<AppState>,
    lang: RequestLang,
    Path(id): Path<String>,
    axum::Form(k): axum::Form<Keuze>,
) -> Response {
    let gekozen = simulator(&state).and_then(|s| {
        s.kies(&id, &k.uitkomst).ok_or_else(|| {
            ApiError::new(ErrorCode::InvalidStep, "deze betaling is al afgerond of de keuze bestaat niet")
        })
    });
    let g = match gekozen {
        Ok(g) => g,
        Err(e) => return fout(&state, lang, e),
    };
    let (url, pid) = (g.webhook_url.clone(), id.clone());
    if !url.is_empty() {
        let gedaan = tokio::task::spawn_blocking(move || betalen::simulator::roep_webhook(&url, &pid)).await;
        if let Ok(Err(e)) | Err(e) = gedaan.map_err(|e| e.to_string()) {
            tracing::warn!(error = %e, "the payment simulator could not call the webhook");
        }
    }
    Redirect::to(&g.redirect_url).into_response()
}
