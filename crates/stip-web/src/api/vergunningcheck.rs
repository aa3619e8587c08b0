//! The Vergunningcheck over the API: `POST /api/v1/vergunningcheck` takes the chosen activities, the place and the
//! answers so far and returns the next question or the conclusions; `GET /api/v1/vergunningcheck/activiteiten`
//! lists what can be checked. The STTR engine decides; this module only adapts.

use super::locatie::Punt;
use crate::AppState;
use crate::error::{ApiError, Problem};
use crate::kennis::{KaartResolver, Kennis};
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use stip_sttr::{CheckRequest, CheckState, Locatie};
use utoipa::ToSchema;

/// One step of a check.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckVraag {
    /// IMOW activity ids, e.g. `nl.imow-gm0297.activiteit.2019000800` (see `/vergunningcheck/activiteiten`).
    pub activiteiten: Vec<String>,
    /// Where: `x`, `y` in RD New or `lon`, `lat` in WGS84. Optional; with it, location questions are answered
    /// from the map where it can tell.
    #[serde(default)]
    pub locatie: Option<Punt>,
    /// The answers so far: question id → `true`/`false` (or `"ja"`/`"nee"`), a number, an option, a text, a
    /// date `JJJJ-MM-DD`, or `"ja"`/`"nee"`/`"deels"` for a location question.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub antwoorden: BTreeMap<String, serde_json::Value>,
}

/// The next question (`status` `vraag`) or the outcome (`status` `conclusie`).
///
/// `{"status":"vraag","vraag":{"id","tekst","type","opties","toelichting","langeToelichting","eenheid","minimum",
/// "prefill","activiteit","activiteitNaam"}}` — `type` is `boolean`, `number`, `list`, `string`, `date` or
/// `geoVerwijzing`.
///
/// `{"status":"conclusie","conclusies":[{"activiteit","activiteitNaam","conclusie","conclusies","model","uitleg":
/// {"antwoorden","beslissingen","conclusieToelichting","alsAnders"}}],"actielijst":[{"actie","activiteit","tekst",
/// "procedure","indieningsvereisten"}],"suggesties":[…]}` — strictest conclusion first.
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckAntwoord {
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub stap: CheckState,
}

/// A checkable activity.
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckActiviteit {
    /// IMOW activity id.
    pub id: String,
    pub naam: String,
}

/// One step of the Vergunningcheck: the next question, or the conclusions with explanation and action list.
#[utoipa::path(post, path = "/vergunningcheck", tag = "vergunningcheck", request_body = CheckVraag, responses(
    (status = 200, body = CheckAntwoord, description = "The next question, or the conclusions when every chosen activity is decided"),
    (status = 400, body = Problem, content_type = "application/problem+json", description = "no or unknown activity (`unknown_activity`), an answer of the wrong kind (`invalid_answer`, with one message per question in `fouten`), or a wrong place"),
))]
pub(super) async fn stap(
    State(state): State<AppState>,
    Json(vraag): Json<CheckVraag>,
) -> Result<Json<CheckAntwoord>, ApiError> {
    let stap = check(&state.kennis(), vraag.activiteiten, vraag.locatie.as_ref(), vraag.antwoorden)?;
    Ok(Json(CheckAntwoord { stap }))
}

/// One check step on what stip knows, with location questions answered from the map: the function behind the API
/// and the pages.
pub fn check(
    kennis: &Kennis,
    activiteiten: Vec<String>,
    locatie: Option<&Punt>,
    antwoorden: BTreeMap<String, serde_json::Value>,
) -> Result<CheckState, ApiError> {
    let punt = locatie.map(Punt::rd).transpose()?;
    let locatie = punt.map(|p| Locatie { x: p.x(), y: p.y() });
    let geo = KaartResolver::new(&kennis.regels);
    let req = CheckRequest { activiteiten, antwoorden, locatie, geo: &geo };
    let mut state = stip_sttr::step(&kennis.sttr, &req)?;
    if let (CheckState::Vraag { vraag }, Some(p)) = (&mut state, punt) {
        stip_sttr::vul_voor(vraag, &bekend_op(&geo, p));
    }
    Ok(state)
}

/// What the BAG and BRK say about the building and parcel at a place, to offer as answers (from the same point
/// query the location questions use).
fn bekend_op(geo: &KaartResolver, p: stip_geo::RdPoint) -> stip_sttr::Bekend {
    let hier = geo.at(p);
    stip_sttr::Bekend {
        bouwjaar: hier.panden.first().and_then(|p| p.bouwjaar),
        perceeloppervlakte: hier.percelen.first().and_then(|p| p.kadastrale_grootte),
        gebruiksoppervlakte: None,
    }
}

/// The activities the Vergunningcheck can check (those with conclusion rules), by name.
pub fn checkbare_activiteiten(kennis: &Kennis) -> Vec<CheckActiviteit> {
    kennis
        .sttr
        .activiteiten()
        .into_iter()
        .filter(|a| a.checkbaar)
        .map(|a| CheckActiviteit { id: a.id, naam: a.naam })
        .collect()
}

/// The activities that can be checked.
#[utoipa::path(get, path = "/vergunningcheck/activiteiten", tag = "vergunningcheck", responses(
    (status = 200, body = Vec<CheckActiviteit>, description = "Every activity with conclusion rules, by name"),
))]
pub(super) async fn activiteiten(State(state): State<AppState>) -> Json<Vec<CheckActiviteit>> {
    Json(checkbare_activiteiten(&state.kennis()))
}
