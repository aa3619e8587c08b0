//! The Vergunningcheck over the API: `POST /api/v1/vergunningcheck` takes the chosen activities, the place and the
//! answers so far and returns the next question or the conclusions; `GET /api/v1/vergunningcheck/activiteiten`
//! lists what can be checked. The STTR engine decides; this module only adapts.

use super::locatie::Punt;
use crate::AppState;
use crate::error::{ApiError, Problem};
use crate::kennis::{KaartResolver, Kennis};
use axum::Json;
use axum::extract::{Query, State};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use stip_geo::RdPoint;
use stip_sttr::{CheckRequest, CheckState, Locatie};
use utoipa::ToSchema;

/// One step of a check.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckVraag {
    /// IMOW activity ids, e.g. `nl.imow-gm0297.activiteit.2019000800` (see `/vergunningcheck/activiteiten`).
    #[schema(min_items = 1)]
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
    pub stap: CheckState,
}

/// A checkable activity.
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckActiviteit {
    /// IMOW activity id.
    pub id: String,
    pub naam: String,
    /// Everyday words for the work this covers ("dakkapel plaatsen"), from the STTR activity.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub werkzaamheden: Vec<String>,
    /// With a place: why it is suggested there — the plan at that place has rules for this activity (or for the
    /// activity it belongs to). Suggested activities come first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hier: Option<String>,
}

/// Which activities to list: all, or those matching words, and with a place the ones with rules there first.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActiviteitenVraag {
    /// Words that must all occur in the name or the werkzaamheden (case-insensitive), e.g. `dakkapel`.
    pub zoek: Option<String>,
    /// RD New x (metres), with `y` (a place is optional)
    pub x: Option<f64>,
    /// RD New y (metres), with `x`
    pub y: Option<f64>,
    /// WGS84 longitude, with `lat`
    pub lon: Option<f64>,
    /// WGS84 latitude, with `lon`
    pub lat: Option<f64>,
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

/// The activities the Vergunningcheck can check (those with conclusion rules), by name; only those matching every
/// word of `zoek`; with a place, those the plan there has rules for first, with the reason.
pub fn checkbare_activiteiten(kennis: &Kennis, plek: Option<RdPoint>, zoek: &str) -> Vec<CheckActiviteit> {
    let woorden: Vec<String> = zoek.split_whitespace().map(str::to_lowercase).collect();
    // activity id at the place (itself and every parent) → the rule that names it
    let mut hier: BTreeMap<String, String> = BTreeMap::new();
    if let Some(p) = plek {
        let antwoord = kennis.regels.at_point(p);
        for a in &antwoord.activiteiten {
            let plan = antwoord.plannen.iter().find(|p| p.id == a.plan).map_or(a.plan.as_str(), |p| p.titel.as_str());
            let reden = format!("{} ({plan})", a.naam.as_str());
            hier.entry(a.id.as_str().to_string()).or_insert_with(|| reden.clone());
            for ouder in a.bovenliggende.iter() {
                hier.entry(ouder.id.as_str().to_string()).or_insert_with(|| reden.clone());
            }
        }
    }
    let mut lijst: Vec<CheckActiviteit> = kennis
        .sttr
        .activiteiten()
        .into_iter()
        .filter(|a| a.checkbaar)
        .map(|a| CheckActiviteit {
            hier: hier.get(&a.id).cloned(),
            werkzaamheden: a.werkzaamheden.iter().map(|w| stip_regels::norm::in_woorden(w)).collect(),
            id: a.id,
            naam: a.naam,
        })
        .filter(|a| {
            let tekst = format!("{} {}", a.naam, a.werkzaamheden.join(" ")).to_lowercase();
            woorden.iter().all(|w| tekst.contains(w.as_str()))
        })
        .collect();
    lijst.sort_by_key(|a| a.hier.is_none());
    lijst
}

/// The activities that can be checked.
#[utoipa::path(get, path = "/vergunningcheck/activiteiten", tag = "vergunningcheck", params(ActiviteitenVraag), responses(
    (status = 200, body = Vec<CheckActiviteit>, description = "The activities with conclusion rules, by name; with a place, those with rules there first"),
    (status = 400, body = Problem, description = "The place is not valid (`invalid_coordinates`)"),
))]
pub(super) async fn activiteiten(
    State(state): State<AppState>,
    Query(vraag): Query<ActiviteitenVraag>,
) -> Result<Json<Vec<CheckActiviteit>>, ApiError> {
    let p = Punt { x: vraag.x, y: vraag.y, lon: vraag.lon, lat: vraag.lat };
    let plek = if p.x.is_none() && p.y.is_none() && p.lon.is_none() && p.lat.is_none() { None } else { Some(p.rd()?) };
    Ok(Json(checkbare_activiteiten(&state.kennis(), plek, vraag.zoek.as_deref().unwrap_or(""))))
}
