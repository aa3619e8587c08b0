//! Messages and alerts over the API: subscriptions (`/abonnementen`), the inbox (`/berichten`), a happening's
//! public resource (`/meldingen/{id}`, the `dataref` of every webhook) and the officials' outbox
//! (`/berichten/uitgaand`). The work itself is `stip_app::berichten`; this adapts JSON.

use crate::AppState;
use crate::auth::Ingelogd;
use crate::error::{ApiError, ErrorCode, Problem};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use stip_app::berichten::{self, AbonnementBeeld, AbonnementVerzoek, Inbox, NieuwAbonnementAntwoord, Uitgaande};
use stip_app::dossier::actor;
use stip_berichten::melding::OpenbareMelding;
use utoipa::IntoParams;
use uuid::Uuid;

fn id(tekst: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(tekst).map_err(|_| ApiError::new(ErrorCode::NotFound, format!("{tekst} is not an id here")))
}

/// Subscribes to an area (a point with a radius, a drawn polygon, an address or its parcel), a whole municipality
/// or one case. Logged in: to the inbox, by e-mail to the account's address, or to a webhook (its signing key is in
/// the answer, once). Without an account: by e-mail only, to `email`, after the address is confirmed by the link
/// stip mails.
#[utoipa::path(post, path = "/abonnementen", tag = "berichten", security((), ("bearer" = [])),
    request_body = AbonnementVerzoek,
    responses((status = 201, body = NieuwAbonnementAntwoord, description = "The subscription"),
              (status = 400, body = Problem, content_type = "application/problem+json", description = "not a valid subscription, e.g. a webhook to a private address"),
              (status = 404, body = Problem, content_type = "application/problem+json", description = "the address, municipality or case to follow is not known"),
              (status = 401, body = Problem, content_type = "application/problem+json", description = "inbox and webhook need a login")))]
pub(crate) async fn maak(
    State(state): State<AppState>,
    ingelogd: Option<Ingelogd>,
    Json(verzoek): Json<AbonnementVerzoek>,
) -> Result<Response, ApiError> {
    let wie = ingelogd.as_ref().map(|i| actor(&i.gebruiker));
    let antwoord = berichten::abonneer(&state, wie.as_ref(), verzoek).await?;
    Ok((StatusCode::CREATED, Json(antwoord)).into_response())
}

/// One's own subscriptions, newest first.
#[utoipa::path(get, path = "/abonnementen", tag = "berichten", security(("bearer" = [])),
    responses((status = 200, body = Vec<AbonnementBeeld>, description = "Own subscriptions")))]
pub(crate) async fn lijst(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
) -> Result<Json<Vec<AbonnementBeeld>>, ApiError> {
    Ok(Json(berichten::mijn_abonnementen(&state, &actor(&ingelogd.gebruiker)).await?))
}

/// Stops one's own subscription; messages still waiting for it are not sent.
#[utoipa::path(delete, path = "/abonnementen/{id}", tag = "berichten", security(("bearer" = [])),
    params(("id" = String, Path, description = "The subscription's id")),
    responses((status = 204, description = "Stopped")))]
pub(crate) async fn stop(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(abonnement): Path<String>,
) -> Result<StatusCode, ApiError> {
    berichten::zeg_op(&state, &actor(&ingelogd.gebruiker), id(&abonnement)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct InboxParams {
    /// The page, from 1 (20 messages per page).
    #[param(minimum = 1)]
    pub pagina: Option<u32>,
}

/// The inbox ("Mijn berichten"): messages about one's own cases and subscriptions, newest first, with the unread
/// count.
#[utoipa::path(get, path = "/berichten", tag = "berichten", security(("bearer" = [])), params(InboxParams),
    responses((status = 200, body = Inbox, description = "A page of the inbox")))]
pub(crate) async fn inbox(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Query(p): Query<InboxParams>,
) -> Result<Json<Inbox>, ApiError> {
    Ok(Json(berichten::inbox(&state, &actor(&ingelogd.gebruiker), p.pagina.unwrap_or(1)).await?))
}

/// Marks a message in one's inbox as read.
#[utoipa::path(post, path = "/berichten/{id}/gelezen", tag = "berichten", security(("bearer" = [])),
    params(("id" = String, Path, description = "The message's id")),
    responses((status = 204, description = "Read")))]
pub(crate) async fn gelezen(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(bericht): Path<String>,
) -> Result<StatusCode, ApiError> {
    berichten::markeer_gelezen(&state, &actor(&ingelogd.gebruiker), id(&bericht)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A happening as everyone may read it (no personal data): what, where, which activities, when. Webhooks name this
/// resource as their `dataref`.
#[utoipa::path(get, path = "/meldingen/{id}", tag = "berichten",
    params(("id" = String, Path, description = "The melding's id (the CloudEvent id)")),
    responses((status = 200, body = OpenbareMelding, description = "The public happening")))]
pub(crate) async fn melding(
    State(state): State<AppState>,
    Path(melding): Path<String>,
) -> Result<Json<OpenbareMelding>, ApiError> {
    Ok(Json(berichten::openbare_melding(&state, id(&melding)?).await?))
}

/// The outbox for officials: how many messages wait, went out and failed, and the failed ones (dead letters).
#[utoipa::path(get, path = "/berichten/uitgaand", tag = "berichten", security(("bearer" = [])),
    responses((status = 200, body = Uitgaande, description = "Counts and dead letters"),
              (status = 403, body = Problem, content_type = "application/problem+json", description = "officials only")))]
pub(crate) async fn uitgaand(State(state): State<AppState>, ingelogd: Ingelogd) -> Result<Json<Uitgaande>, ApiError> {
    Ok(Json(berichten::uitgaand(&state, &actor(&ingelogd.gebruiker)).await?))
}

/// Sends a dead letter again (officials).
#[utoipa::path(post, path = "/berichten/uitgaand/{id}/opnieuw", tag = "berichten", security(("bearer" = [])),
    params(("id" = String, Path, description = "The failed message's id")),
    responses((status = 204, description = "Queued again"),
              (status = 403, body = Problem, content_type = "application/problem+json", description = "officials only")))]
pub(crate) async fn opnieuw(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(bericht): Path<String>,
) -> Result<StatusCode, ApiError> {
    berichten::probeer_opnieuw(&state, &actor(&ingelogd.gebruiker), id(&bericht)?).await?;
    Ok(StatusCode::NO_CONTENT)
}
