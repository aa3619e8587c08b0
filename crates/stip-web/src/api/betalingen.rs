//! Leges and paying them over the API: a case's fees (`GET /zaken/{id}/leges`), starting a payment for one or more
//! cases (`POST /betalingen` → the provider's `checkoutUrl`), reading it (`GET /betalingen/{id}`), the provider's
//! webhook (`POST /betalingen/webhook`) and the finance export for officials (`GET /financien/export.csv`). The work
//! is `stip_app::betalen`.

use super::zaken::zaak_id;
use crate::AppState;
use crate::auth::Ingelogd;
use crate::error::{ApiError, ErrorCode, Problem};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Form, Json};
use serde::Deserialize;
use stip_app::betalen::{self, BetalingBeeld, Legesbeeld};
use stip_app::dossier::actor;
use stip_store::BetalingId;
use utoipa::{IntoParams, ToSchema};

#[utoipa::path(get, path = "/zaken/{id}/leges", tag = "betalingen", security(("bearer" = [])),
    description = "The fees (leges) of a case, for the applicant and officials: the assessment made when the case was \
                   received, a refund after a withdrawal or refusal, the payments, and what is still to be paid.",
    params(("id" = String, Path, description = "The case's id")),
    responses((status = 200, body = Legesbeeld, description = "The case's fees")))]
pub(crate) async fn leges(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
) -> Result<Json<Legesbeeld>, ApiError> {
    Ok(Json(betalen::leges_van_zaak(&state, &actor(&ingelogd.gebruiker), zaak_id(&id)?).await?))
}

/// Which cases to pay for: one, or several of one's own (bulkbetaling). The amount comes from their assessments.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BetaalVerzoek {
    /// The cases' ids.
    pub zaken: Vec<String>,
}

#[utoipa::path(post, path = "/betalingen", tag = "betalingen", security(("bearer" = [])),
    description = "Starts one online payment (iDEAL, card) for the open fees of one or more of one's own cases. The \
                   amount is the sum of their assessments. Send the payer to `checkoutUrl`; the provider reports back \
                   to stip, and `GET /betalingen/{id}` shows the outcome.",
    request_body(content = BetaalVerzoek, description = "The cases, e.g. {\"zaken\":[\"…\"]}"),
    responses((status = 201, body = BetalingBeeld, description = "The payment, open, with its checkout address"),
              (status = 403, body = Problem, content_type = "application/problem+json", description = "a case that is not one's own to pay"),
              (status = 404, body = Problem, content_type = "application/problem+json", description = "a case that does not exist or that one may not see"),
              (status = 409, body = Problem, content_type = "application/problem+json", description = "nothing left to pay, or no online payment here")))]
pub(crate) async fn start(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Json(v): Json<BetaalVerzoek>,
) -> Result<Response, ApiError> {
    let zaken = v.zaken.iter().map(|z| zaak_id(z)).collect::<Result<Vec<_>, _>>()?;
    let b = betalen::start_betaling(&state, &actor(&ingelogd.gebruiker), &zaken).await?;
    Ok((StatusCode::CREATED, Json(b)).into_response())
}

#[utoipa::path(get, path = "/betalingen/{id}", tag = "betalingen", security(("bearer" = [])),
    description = "A payment as its payer sees it: status (open, betaald, mislukt, geannuleerd, verlopen, \
                   terugbetaald), amount and the cases it pays for.",
    params(("id" = String, Path, description = "The payment's id")),
    responses((status = 200, body = BetalingBeeld, description = "The payment")))]
pub(crate) async fn lees(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
) -> Result<Json<BetalingBeeld>, ApiError> {
    let id: BetalingId =
        id.parse().map_err(|_| ApiError::new(ErrorCode::NotFound, format!("er is geen betaling {id}")))?;
    Ok(Json(betalen::lees_betaling(&state, &actor(&ingelogd.gebruiker), id).await?))
}

/// What the provider's webhook sends: only the payment's id at the provider.
#[derive(Debug, Deserialize, ToSchema)]
pub struct WebhookVerzoek {
    /// The provider's payment id (Mollie: `tr_…`).
    pub id: String,
}

#[utoipa::path(post, path = "/betalingen/webhook", tag = "betalingen",
    description = "For the payment provider: says only that a payment changed (`id=<provider id>`). stip asks the \
                   provider for the status itself; a repeated call, or one for an id stip does not know, changes \
                   nothing. No login.",
    request_body(content = WebhookVerzoek, content_type = "application/x-www-form-urlencoded", description = "id=tr_…"),
    responses((status = 200, description = "Received")))]
pub(crate) async fn webhook(
    State(state): State<AppState>,
    Form(v): Form<WebhookVerzoek>,
) -> Result<StatusCode, ApiError> {
    if v.id.len() > 100 {
        return Ok(StatusCode::OK);
    }
    betalen::verwerk_webhook(&state, v.id.trim()).await?;
    Ok(StatusCode::OK)
}

/// The day of the finance export.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportVraag {
    /// The day (YYYY-MM-DD, Dutch time); default today.
    pub datum: Option<String>,
}

/// The day asked, or today.
pub(crate) fn dag(state: &AppState, datum: Option<&str>) -> Result<time::Date, ApiError> {
    match datum.map(str::trim).filter(|d| !d.is_empty()) {
        None => Ok(state.klok().vandaag()),
        Some(d) => time::Date::parse(d, time::macros::format_description!("[year]-[month]-[day]"))
            .map_err(|_| ApiError::new(ErrorCode::InvalidRequest, "geef de datum als JJJJ-MM-DD")),
    }
}

#[utoipa::path(get, path = "/financien/export.csv", tag = "betalingen", security(("bearer" = [])),
    description = "The daily finance export of the official's authority: every assessment, refund and payment of the \
                   day per cost centre, then the totals per cost centre, as CSV (`;`-separated).",
    params(ExportVraag),
    responses((status = 200, content_type = "text/csv", body = String, description = "The export"),
              (status = 403, body = Problem, content_type = "application/problem+json", description = "not an official")))]
pub(crate) async fn export(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Query(v): Query<ExportVraag>,
) -> Result<Response, ApiError> {
    let datum = dag(&state, v.datum.as_deref())?;
    let f = betalen::financien(&state, &actor(&ingelogd.gebruiker), datum).await?;
    let mut r = betalen::als_csv(&f).into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"financien-{datum}.csv\"")) {
        r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(r)
}
