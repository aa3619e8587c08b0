//! Reports over the API: the figures of a period (`GET /rapportage/kpi`) and the cases behind one of them, the
//! capacity view (`/rapportage/bezetting`), the council report as PDF (`/rapportage/raad.pdf`), CSV of every table
//! (`/rapportage/export.csv`), the public open-data set (`/open-data/kpi.json`) and the comparison with imported sets
//! of other municipalities (`/rapportage/vergelijking`). The work is `stip_app::rapportage`.

use super::zaken::pdf;
use crate::AppState;
use crate::auth::Ingelogd;
use crate::error::{ApiError, ErrorCode, Problem};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use stip_app::dossier::actor;
use stip_app::rapportage::{self, Bezetting, Kpi, KpiVraag, OpenData, Vergelijking, ZakenAchter};
use utoipa::IntoParams;

/// Which period and cases.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct KpiParams {
    /// First day of the period (JJJJ-MM-DD); with `tot`.
    pub van: Option<String>,
    /// The first day after the period (JJJJ-MM-DD).
    pub tot: Option<String>,
    /// Instead of `van`/`tot`: a quarter (`2026-Q4`), a month (`2026-11`) or a year (`2026`). Default: this quarter.
    pub periode: Option<String>,
    /// Only this team's cases.
    pub team: Option<String>,
    /// Only cases with an activity of this group (`bouwen`, `kappen`, `milieu`, `uitrit`, `evenement`, `overig`).
    pub activiteitgroep: Option<String>,
    /// Only this procedure (`regulier`, `uitgebreid`, `melding`).
    pub procedure: Option<String>,
    /// For `export.csv`: the table (`kpi`, `procedure`, `activiteitgroep`, `team`, `ketenpartners`, `regeldruk`,
    /// `trend`, `hulpvragen`); default `kpi`. For `kpi/zaken`: the figure (`ontvangen`, `besloten`,
    /// `binnenTermijn`, `vanRechtswege`, `bijnaTeLaat`, `openOverTermijn`, `bezwaren`).
    pub tabel: Option<String>,
    pub figuur: Option<String>,
}

fn datum(s: Option<&str>, veld: &str) -> Result<Option<time::Date>, ApiError> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(d) => time::Date::parse(d, time::macros::format_description!("[year]-[month]-[day]"))
            .map(Some)
            .map_err(|_| ApiError::new(ErrorCode::InvalidRequest, format!("{veld}: geef de datum als JJJJ-MM-DD"))),
    }
}

impl KpiParams {
    pub(crate) fn vraag(&self) -> Result<KpiVraag, ApiError> {
        Ok(KpiVraag {
            van: datum(self.van.as_deref(), "van")?,
            tot: datum(self.tot.as_deref(), "tot")?,
            periode: self.periode.clone(),
            team: self.team.clone(),
            activiteitgroep: self.activiteitgroep.clone(),
            procedure: self.procedure.clone(),
        })
    }
}

#[utoipa::path(get, path = "/rapportage/kpi", tag = "rapportage", security(("bearer" = [])),
    description = "The figures of a period for your authority, from the rollups kept as cases change: received, \
                   decided, within term (count and %), decided after the term (`vanRechtswege`: under the \
                   Omgevingswet no permit by operation of law, a late decision), near misses, lead time in days \
                   (median and p90, nearest rank), suspensions, extensions, outcomes, objections and appeals, views, \
                   per procedure, activity group and team, advice per chain partner, the activities that cost most, \
                   participation, fees, help requests, satisfaction, the trend over the periods before and how each \
                   figure is counted. Officials and board members of the authority only.",
    params(KpiParams),
    responses((status = 200, body = Kpi, description = "The figures"),
              (status = 400, body = Problem, content_type = "application/problem+json", description = "a period that cannot be read"),
              (status = 401, body = Problem, content_type = "application/problem+json", description = "not logged in"),
              (status = 403, body = Problem, content_type = "application/problem+json", description = "not an official or board member")))]
pub(crate) async fn kpi(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Query(p): Query<KpiParams>,
) -> Result<Json<Kpi>, ApiError> {
    Ok(Json(rapportage::kpi(&state, &actor(&ingelogd.gebruiker), &p.vraag()?).await?))
}

#[utoipa::path(get, path = "/rapportage/kpi/zaken", tag = "rapportage", security(("bearer" = [])),
    description = "The cases behind one figure of a period (at most 500): their case numbers, to open each.",
    params(KpiParams),
    responses((status = 200, body = ZakenAchter, description = "The cases"),
              (status = 400, body = Problem, content_type = "application/problem+json", description = "an unknown figure or a period that cannot be read"),
              (status = 401, body = Problem, content_type = "application/problem+json", description = "not logged in"),
              (status = 403, body = Problem, content_type = "application/problem+json", description = "not an official or board member")))]
pub(crate) async fn zaken(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Query(p): Query<KpiParams>,
) -> Result<Json<ZakenAchter>, ApiError> {
    let figuur = p.figuur.clone().unwrap_or_default();
    Ok(Json(rapportage::zaken_achter(&state, &actor(&ingelogd.gebruiker), &p.vraag()?, &figuur).await?))
}

#[utoipa::path(get, path = "/rapportage/bezetting", tag = "rapportage", security(("bearer" = [])),
    description = "Optimale bezetting: the open work per team and official with its deadline risk (past the term, \
                   within 14 days, suspended, on schedule) and the hours it holds by the norm times per procedure; \
                   the cases received per week over the last year and a forecast of the coming weeks (the same week a \
                   year earlier scaled by the recent level), with its error on the last weeks of the history.",
    responses((status = 200, body = Bezetting, description = "The capacity view"),
              (status = 401, body = Problem, content_type = "application/problem+json", description = "not logged in"),
              (status = 403, body = Problem, content_type = "application/problem+json", description = "not an official or board member")))]
pub(crate) async fn bezetting(State(state): State<AppState>, ingelogd: Ingelogd) -> Result<Json<Bezetting>, ApiError> {
    Ok(Json(rapportage::bezetting(&state, &actor(&ingelogd.gebruiker)).await?))
}

/// The quarter of the council report.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct KwartaalParams {
    /// The quarter, `2026-Q4`.
    pub kwartaal: Option<String>,
}

#[utoipa::path(get, path = "/rapportage/raad.pdf", tag = "rapportage", security(("bearer" = [])),
    description = "The council report (Raadsrapportage) of a quarter as a PDF/A document: the figures in plain \
                   Dutch, bar charts with the tables behind them, the chain partners and the rules that cost most.",
    params(KwartaalParams),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>, description = "The report"),
              (status = 400, body = Problem, content_type = "application/problem+json", description = "no quarter, or one that cannot be read"),
              (status = 401, body = Problem, content_type = "application/problem+json", description = "not logged in"),
              (status = 403, body = Problem, content_type = "application/problem+json", description = "not an official or board member")))]
pub(crate) async fn raad(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Query(p): Query<KwartaalParams>,
) -> Result<Response, ApiError> {
    let kwartaal = p.kwartaal.unwrap_or_default();
    let bytes = rapportage::raad_pdf(&state, &actor(&ingelogd.gebruiker), kwartaal.trim()).await?;
    Ok(pdf(&format!("raadsrapportage-{}.pdf", kwartaal.trim()), bytes))
}

/// A CSV answer with a file name.
pub(crate) fn csv(naam: &str, inhoud: String) -> Response {
    let mut r = inhoud.into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{naam}\"")) {
        r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

#[utoipa::path(get, path = "/rapportage/export.csv", tag = "rapportage", security(("bearer" = [])),
    description = "One table of the report as CSV (`;`-separated, a decimal point), with a total row under tables of \
                   groups: `tabel` = `kpi` (every figure), `procedure`, `activiteitgroep`, `team`, `ketenpartners`, \
                   `regeldruk`, `trend` or `hulpvragen`; the period and filters as for `/rapportage/kpi`.",
    params(KpiParams),
    responses((status = 200, content_type = "text/csv", body = String, description = "The table"),
              (status = 400, body = Problem, content_type = "application/problem+json", description = "an unknown table or a period that cannot be read"),
              (status = 401, body = Problem, content_type = "application/problem+json", description = "not logged in"),
              (status = 403, body = Problem, content_type = "application/problem+json", description = "not an official or board member")))]
pub(crate) async fn export(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Query(p): Query<KpiParams>,
) -> Result<Response, ApiError> {
    let tabel = p.tabel.clone().filter(|t| !t.trim().is_empty()).unwrap_or_else(|| "kpi".into());
    if !rapportage::TABELLEN.contains(&tabel.as_str()) {
        return Err(ApiError::new(
            ErrorCode::InvalidRequest,
            format!("tabel: kies een van {}", rapportage::TABELLEN.join(", ")),
        ));
    }
    let k = rapportage::kpi(&state, &actor(&ingelogd.gebruiker), &p.vraag()?).await?;
    Ok(csv(&format!("rapportage-{tabel}-{}.csv", k.periode.replace(' ', "")), rapportage::csv(&k, &tabel)?))
}

/// Which municipality and quarter.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OpenDataParams {
    /// The municipality's code (`gm9999`); default the first one this stip serves.
    pub gemeente: Option<String>,
    /// The quarter (`2026-Q4`); default the last complete one.
    pub kwartaal: Option<String>,
}

#[utoipa::path(get, path = "/open-data/kpi.json", tag = "rapportage",
    description = "Open data, without login: a municipality's figures of a quarter, anonymised — only counts, per \
                   procedure and activity group; no case number, name, address or team. Schema `stip-kpi/1`: the \
                   same document another stip imports to compare (Gluren bij de buren).",
    params(OpenDataParams),
    responses((status = 200, body = OpenData, description = "The figures"),
              (status = 400, body = Problem, content_type = "application/problem+json", description = "a quarter that cannot be read"),
              (status = 404, body = Problem, content_type = "application/problem+json", description = "a municipality this stip does not serve")))]
pub(crate) async fn open_data(
    State(state): State<AppState>,
    Query(p): Query<OpenDataParams>,
) -> Result<Json<OpenData>, ApiError> {
    let leeg = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    let kwartaal = leeg(&p.kwartaal);
    if let Some(k) = &kwartaal {
        let goed = stip_zaak::rapportage::Periode::parse(k).is_some_and(|p| p.naam() == *k && k.contains("-Q"));
        if !goed {
            return Err(ApiError::new(ErrorCode::InvalidRequest, "kwartaal: schrijf het als 2026-Q4"));
        }
    }
    Ok(Json(rapportage::open_data(&state, leeg(&p.gemeente).as_deref(), kwartaal.as_deref()).await?))
}

#[utoipa::path(get, path = "/rapportage/vergelijking", tag = "rapportage", security(("bearer" = [])),
    description = "Gluren bij de buren: your own open-data figures of a quarter beside the imported sets of other \
                   municipalities for the same quarter.",
    params(KwartaalParams),
    responses((status = 200, body = Vergelijking, description = "The sets, your own first"),
              (status = 400, body = Problem, content_type = "application/problem+json", description = "a quarter that cannot be read"),
              (status = 401, body = Problem, content_type = "application/problem+json", description = "not logged in"),
              (status = 403, body = Problem, content_type = "application/problem+json", description = "not an official or board member")))]
pub(crate) async fn vergelijking(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Query(p): Query<KwartaalParams>,
) -> Result<Json<Vergelijking>, ApiError> {
    let kwartaal = p.kwartaal.as_deref().map(str::trim).filter(|k| !k.is_empty());
    if let Some(k) = kwartaal
        && !stip_zaak::rapportage::Periode::parse(k).is_some_and(|p| p.naam() == k && k.contains("-Q"))
    {
        return Err(ApiError::new(ErrorCode::InvalidRequest, "kwartaal: schrijf het als 2026-Q4"));
    }
    Ok(Json(rapportage::vergelijk(&state, &actor(&ingelogd.gebruiker), kwartaal).await?))
}

#[utoipa::path(post, path = "/rapportage/vergelijking", tag = "rapportage", security(("bearer" = [])),
    description = "Imports another municipality's open-data set: the JSON its `/api/v1/open-data/kpi.json` serves \
                   (schema `stip-kpi/1`). A newer set of the same municipality and quarter replaces the older.",
    request_body(content = OpenData, description = "The open-data document"),
    responses((status = 201, body = OpenData, description = "Imported"),
              (status = 400, body = Problem, content_type = "application/problem+json", description = "not a stip open-data document"),
              (status = 401, body = Problem, content_type = "application/problem+json", description = "not logged in"),
              (status = 403, body = Problem, content_type = "application/problem+json", description = "not an official or board member")))]
pub(crate) async fn importeer(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    body: Bytes,
) -> Result<Response, ApiError> {
    let set = rapportage::importeer(&state, &actor(&ingelogd.gebruiker), &body).await?;
    Ok((StatusCode::CREATED, Json(set)).into_response())
}
