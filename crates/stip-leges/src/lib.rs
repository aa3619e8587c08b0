//! STAND-IN (h-betalen): only the types the payment work needs; the lead replaces this file with h-leges's crate.

use serde::{Deserialize, Serialize};

/// One line of an estimate or assessment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Legesregel {
    pub omschrijving: String,
    pub grondslag: String,
    pub berekening: String,
    pub bedrag_cent: i64,
}

/// What an application costs: its lines, their total, and what is still needed to compute it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Raming {
    pub regels: Vec<Legesregel>,
    pub totaal_cent: i64,
    pub ontbreekt: Vec<String>,
}
