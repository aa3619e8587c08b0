//! The procesdossier of a case as one zip (`GET /zaken/{id}/dossier.zip`, Awb 8:42): the numbered items with an
//! inventory, for officials in full and for the applicant or an objector the parts that are theirs or public. The
//! work is `stip_app::procesdossier`; pages share [`dossier_zip`].

use crate::AppState;
use crate::auth::Ingelogd;
use crate::error::{ApiError, Problem};
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use stip_app::dossier::actor;

/// The zip of a case's procesdossier as a download (pages and API share it).
pub(crate) async fn dossier_zip(state: &AppState, ingelogd: &Ingelogd, id: &str) -> Result<Response, ApiError> {
    let id = super::zaken::zaak_id(id)?;
    let d = stip_app::procesdossier::procesdossier(state, &actor(&ingelogd.gebruiker), id).await?;
    let mut r = d.inhoud.into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/zip"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{}\"", d.naam)) {
        r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(r)
}

#[utoipa::path(get, path = "/zaken/{id}/dossier.zip", tag = "zaken", security(("bearer" = [])),
    description = "The procesdossier of a case (article 8:42 Awb) as a zip: `inventaris.json` (`[{nummer, naam, sha256, grootte, mediatype, datum, omschrijving}]`), `inventaris.pdf`, and each item as a numbered file (receipt, uploaded documents, draft decision, decision, `gebeurtenissen.json`). Officials of the case's authority get every item; the applicant the public items and their own; anyone else with an objection or view on the case the public items and their own. The same case gives the same bytes.",
    params(("id" = String, Path, description = "The case's id")),
    responses((status = 200, content_type = "application/zip", description = "The procesdossier, named `procesdossier-<zaaknummer>.zip`"),
              (status = 404, body = Problem, content_type = "application/problem+json", description = "unknown, or not visible to you")))]
pub(crate) async fn procesdossier(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    dossier_zip(&state, &ingelogd, &id).await
}
