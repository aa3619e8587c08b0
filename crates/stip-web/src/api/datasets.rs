//! `GET /api/v1/datasets`: which source data is imported and current.

use crate::AppState;
use crate::error::{ApiError, Problem};
use axum::Json;
use axum::extract::State;
use serde::Serialize;
use stip_store::{DatasetKind, DatasetMeta, DatasetRepository};
use utoipa::ToSchema;

/// One imported dataset version that is current.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DatasetInfo {
    /// regeling, toepasbareregels, bag or brk
    pub soort: String,
    /// What identifies the dataset across versions, e.g. the plan's identification.
    pub sleutel: String,
    pub versie: String,
    pub titel: String,
    /// The file it was imported from.
    pub bron: String,
    /// SHA-256 of the source.
    pub sha256: String,
    /// Counts per element, as the import reported them.
    #[schema(value_type = Object)]
    pub samenvatting: serde_json::Value,
    /// When it was imported (RFC 3339).
    pub geimporteerd: String,
}

impl From<DatasetMeta> for DatasetInfo {
    fn from(m: DatasetMeta) -> Self {
        DatasetInfo {
            soort: m.kind.to_string(),
            sleutel: m.sleutel,
            versie: m.versie,
            titel: m.titel,
            bron: m.bron,
            sha256: m.sha256,
            samenvatting: m.samenvatting,
            geimporteerd: m.geimporteerd.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
        }
    }
}

/// The current version of every imported dataset.
#[utoipa::path(get, path = "/datasets", tag = "datasets", responses(
    (status = 200, body = [DatasetInfo], description = "The current datasets, by kind and key"),
    (status = 503, body = Problem, content_type = "application/problem+json", description = "database unavailable"),
))]
pub(super) async fn list(State(state): State<AppState>) -> Result<Json<Vec<DatasetInfo>>, ApiError> {
    let mut all = Vec::new();
    for kind in DatasetKind::ALL {
        all.extend(state.store().current(kind).await?.into_iter().map(DatasetInfo::from));
    }
    Ok(Json(all))
}
