//! Cases over the API: the list (officials: their authority's work queue; initiators: their own), one case with its
//! progress, term and history, events (`POST /zaken/{id}/gebeurtenissen`), the decision (`POST /zaken/{id}/besluit`)
//! and the PDFs. The work is `stip_app::dossier`; [`weergave`] is the one JSON view of a case, for the API and the pages.

use super::aanvragen::DocumentAntwoord;
use crate::AppState;
use crate::auth::Ingelogd;
use crate::error::{ApiError, ErrorCode, Problem};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use stip_app::dossier::{self, ZaakBeeld, actor};
use stip_store::{AanvraagRepository, DocumentId, ZaakCursor, ZaakFilter, ZaakId, ZaakRepository};
use stip_zaak::voortgang::voortgang;
use stip_zaak::{Actie, Besluit, GebeurtenisSoort, Rol};
use time::Date;
use utoipa::{IntoParams, ToSchema};

pub(crate) fn zaak_id(s: &str) -> Result<ZaakId, ApiError> {
    s.parse().map_err(|_| ApiError::new(ErrorCode::NotFound, format!("er is geen zaak {s}")))
}

/// The one JSON view of a case. `volledig`: for those who may read it in full (applicant, officials); otherwise
/// what is public (neighbours): the application's description, place and activities, the draft or decision.
pub(crate) fn weergave(b: &ZaakBeeld, volledig: bool, vandaag: Date) -> Value {
    let z = &b.zaak;
    let termijn = z.termijn(vandaag);
    let mut v = json!({
        "id": b.rij.id.to_string(),
        "zaaknummer": b.rij.zaaknummer,
        "titel": b.rij.titel,
        "bevoegdGezag": b.rij.bevoegd_gezag,
        "procedure": b.rij.procedure,
        "status": z.status.as_str(),
        "ingediend": stip_zaak::tijd::nederlands(b.rij.ingediend).date().to_string(),
        "termijn": termijn,
        "voortgang": voortgang(z, vandaag),
        "statusverloop": z.statusverloop.iter().map(|(s, d)| json!({"status": s.as_str(), "datum": d})).collect::<Vec<_>>(),
        "ontwerpbesluit": z.ontwerpbesluit,
        "zienswijzenTot": z.zienswijzen_tot().map(|d| d.to_string()),
        "besluit": z.besluit,
        "bekendgemaakt": z.bekendgemaakt.map(|d| d.to_string()),
        "bezwaarTot": z.bezwaar_tot().map(|d| d.to_string()),
        "omschrijving": b.aanvraag.omschrijving,
        "locatie": b.aanvraag.locatie,
        "activiteiten": b.aanvraag.activiteiten.iter().map(|a| json!({"id": a.id, "naam": a.naam})).collect::<Vec<_>>(),
        "alleenOpenbaar": !volledig,
    });
    if !volledig {
        // What the applicant typed (title, description) is theirs: others read the case by its activities and place.
        let activiteiten: Vec<String> = b.aanvraag.activiteiten.iter().map(|a| a.naam.clone()).collect();
        let waar = b.aanvraag.locatie.as_ref().and_then(|l| l.adres.as_deref()).map(|a| format!(", {a}"));
        v["titel"] = json!(format!("{}{}", stip_zaak::tekst::activiteiten(&activiteiten), waar.unwrap_or_default()));
        v["omschrijving"] = json!("");
    }
    if volledig {
        v["aanvrager"] = json!(b.rij.aanvrager);
        v["team"] = json!(b.rij.team);
        v["behandelaar"] = json!(b.rij.behandelaar);
        v["behandelaarNaam"] = json!(z.behandelaar_naam);
        v["openVerzoek"] = json!(z.open_verzoek);
        v["aanvraag"] = json!(b.aanvraag);
        v["gebeurtenissen"] = json!(b.gebeurtenissen);
        v["berichten"] = json!(
            b.gebeurtenissen
                .iter()
                .filter_map(|g| match &g.soort {
                    GebeurtenisSoort::Bericht { tekst, van_aanvrager } => Some(json!({
                        "op": g.op.date().to_string(), "van": g.door_naam, "vanAanvrager": van_aanvrager, "tekst": tekst,
                    })),
                    _ => None,
                })
                .collect::<Vec<_>>()
        );
    }
    v
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct ZakenParams {
    /// Only these statuses (comma-separated), e.g. `ontvangen,in_behandeling`.
    pub status: Option<String>,
    /// Only this team.
    pub team: Option<String>,
    /// `mij`: only mine.
    pub behandelaar: Option<String>,
    /// `let_op`: the decision deadline within 14 days; `verlopen`: past it (open cases only).
    pub risico: Option<String>,
    /// The `volgende` cursor of the previous page.
    pub na: Option<String>,
    /// Page size (1–500, default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limiet: Option<u32>,
}

/// A page of cases.
#[derive(Debug, Serialize, ToSchema)]
pub struct ZakenPagina {
    #[schema(value_type = Vec<ZaakRegel>)]
    pub zaken: Vec<Value>,
    /// Pass as `na` for the next page; absent on the last page.
    pub volgende: Option<String>,
}

/// A case: status with dates, progress, the legal term and the decision. For the applicant and officials also
/// the application, the history (`gebeurtenissen`) and the messages; others who may see it (once it is public)
/// get the public part, with `alleenOpenbaar` true and those fields absent.
// Documents what `weergave` writes; `tests/zaken.rs` checks real answers against it.
#[derive(Debug, ToSchema)]
#[schema(rename_all = "camelCase")]
#[allow(dead_code)]
pub struct ZaakWeergave {
    #[schema(format = Uuid)]
    pub id: String,
    /// `Z-2026-000123`.
    pub zaaknummer: String,
    /// The applicant's title; in the public part the activities and the address instead.
    pub titel: String,
    /// The code of the authority that decides (e.g. `gm0297`).
    pub bevoegd_gezag: String,
    /// `regulier`, `uitgebreid` or `melding`.
    pub procedure: String,
    pub status: stip_zaak::Status,
    /// The day it was submitted (Dutch time).
    pub ingediend: Date,
    pub termijn: stip_zaak::termijn::Termijnstand,
    /// The progress list: done, now, next.
    pub voortgang: Vec<stip_zaak::voortgang::Stap>,
    /// When each status was reached, in order.
    pub statusverloop: Vec<Statusovergang>,
    /// The draft decision (extended procedure), while there is one.
    pub ontwerpbesluit: Option<stip_zaak::zaak::GenomenBesluit>,
    /// Until when views on the draft can be given.
    pub zienswijzen_tot: Option<Date>,
    pub besluit: Option<stip_zaak::zaak::GenomenBesluit>,
    /// The day the decision was made known.
    pub bekendgemaakt: Option<Date>,
    /// Until when an objection can be made.
    pub bezwaar_tot: Option<Date>,
    /// The applicant's description of their plan; empty in the public part (it is theirs).
    pub omschrijving: String,
    pub locatie: Option<stip_zaak::aanvraag::Locatie>,
    #[schema(min_items = 1)]
    pub activiteiten: Vec<ZaakActiviteit>,
    /// True when only the public part is shown (to someone who is neither the applicant nor an official).
    pub alleen_openbaar: bool,
    #[schema(format = Uuid)]
    pub aanvrager: Option<String>,
    pub team: Option<String>,
    #[schema(format = Uuid)]
    pub behandelaar: Option<String>,
    pub behandelaar_naam: Option<String>,
    /// The open request for more information, if any.
    pub open_verzoek: Option<stip_zaak::zaak::Verzoek>,
    /// The application as submitted (as in `GET /aanvragen/{id}`).
    #[schema(value_type = Option<Object>)]
    pub aanvraag: Option<Value>,
    /// The history, oldest first; each event has its `soort` and that kind's data.
    pub gebeurtenissen: Option<Vec<stip_zaak::Gebeurtenis>>,
    /// The messages between applicant and officials, oldest first.
    pub berichten: Option<Vec<ZaakBericht>>,
}

/// A status with the day it was reached.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct Statusovergang {
    pub status: stip_zaak::Status,
    pub datum: Date,
}

/// An activity of a case.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct ZaakActiviteit {
    /// IMOW activity id.
    pub id: String,
    pub naam: String,
}

/// A message on a case.
#[derive(Debug, ToSchema)]
#[schema(rename_all = "camelCase")]
#[allow(dead_code)]
pub struct ZaakBericht {
    pub op: Date,
    /// The author's name.
    pub van: String,
    pub van_aanvrager: bool,
    pub tekst: String,
}

/// A case in a list (the work queue, or one's own cases), with how its decision term stands.
// Documents what `regel` writes; `tests/zaken.rs` checks real answers against it.
#[derive(Debug, ToSchema)]
#[schema(rename_all = "camelCase")]
#[allow(dead_code)]
pub struct ZaakRegel {
    #[schema(format = Uuid)]
    pub id: String,
    pub zaaknummer: String,
    pub titel: String,
    pub status: stip_zaak::Status,
    /// `regulier`, `uitgebreid` or `melding`.
    pub procedure: String,
    pub ingediend: Date,
    pub uiterste_beslisdatum: Date,
    /// `op_schema`, `let_op`, `verlopen`, `opgeschort` or `besloten`.
    pub risico: String,
    pub team: Option<String>,
    #[schema(format = Uuid)]
    pub behandelaar: Option<String>,
    /// The address or place, as shown in lists.
    pub locatie: String,
}

/// A case in a list.
pub(crate) fn regel(z: &stip_store::Zaak, vandaag: Date) -> Value {
    let open = stip_zaak::Status::parse(&z.status).is_some_and(|s| !s.besloten());
    let dagen = (z.uiterste_beslisdatum - vandaag).whole_days();
    let risico = match () {
        _ if !open => "besloten",
        _ if z.status == "aanvulling_gevraagd" => "opgeschort",
        _ if dagen < 0 => "verlopen",
        _ if dagen <= stip_zaak::termijn::WAARSCHUWING_DAGEN => "let_op",
        _ => "op_schema",
    };
    json!({
        "id": z.id.to_string(), "zaaknummer": z.zaaknummer, "titel": z.titel, "status": z.status,
        "procedure": z.procedure, "ingediend": stip_zaak::tijd::nederlands(z.ingediend).date().to_string(),
        "uitersteBeslisdatum": z.uiterste_beslisdatum.to_string(), "risico": risico,
        "team": z.team, "behandelaar": z.behandelaar, "locatie": z.locatie,
    })
}

/// The work-queue filter from the query (pages and API share it).
pub(crate) fn filter(p: &ZakenParams, ingelogd: &Ingelogd, vandaag: Date) -> Result<ZaakFilter, ApiError> {
    let mut f = ZaakFilter::default();
    if let Some(s) = p.status.as_deref().filter(|s| !s.is_empty()) {
        for deel in s.split(',') {
            let st = stip_zaak::Status::parse(deel.trim())
                .ok_or_else(|| ApiError::new(ErrorCode::InvalidRequest, format!("onbekende status {deel}")))?;
            f.status.push(st.as_str().to_string());
        }
    }
    f.team = p.team.clone().filter(|t| !t.is_empty());
    if p.behandelaar.as_deref() == Some("mij") {
        f.behandelaar = Some(ingelogd.gebruiker.id.0);
    }
    match p.risico.as_deref().unwrap_or("") {
        "" => {}
        r @ ("let_op" | "verlopen") => {
            f.uiterlijk_voor = Some(if r == "verlopen" {
                vandaag
            } else {
                vandaag.saturating_add(time::Duration::days(stip_zaak::termijn::WAARSCHUWING_DAGEN + 1))
            });
            if f.status.is_empty() {
                f.status = ["ontvangen", "in_behandeling", "advies", "ontwerpbesluit"].map(String::from).to_vec();
            }
        }
        r => return Err(ApiError::new(ErrorCode::InvalidRequest, format!("onbekend risico {r}"))),
    }
    f.na = p.na.as_deref().filter(|n| !n.is_empty()).map(str::parse::<ZaakCursor>).transpose()?;
    Ok(f)
}

/// Cases: for officials their authority's work queue (most urgent first, keyset-paged); for initiators their own.
#[utoipa::path(get, path = "/zaken", tag = "zaken", security(("bearer" = [])), params(ZakenParams),
    responses((status = 200, body = ZakenPagina, description = "A page of cases"),
              (status = 401, body = Problem, content_type = "application/problem+json", description = "not logged in")))]
pub(crate) async fn lijst(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Query(p): Query<ZakenParams>,
) -> Result<Json<ZakenPagina>, ApiError> {
    let vandaag = state.klok().vandaag();
    let a = actor(&ingelogd.gebruiker);
    if a.heeft(Rol::Behandelaar) || a.heeft(Rol::Bestuur) {
        let pagina = dossier::werkvoorraad(&state, &a, filter(&p, &ingelogd, vandaag)?, p.limiet.unwrap_or(50)).await?;
        return Ok(Json(ZakenPagina {
            zaken: pagina.zaken.iter().map(|z| regel(z, vandaag)).collect(),
            volgende: pagina.volgende.map(|c| c.to_string()),
        }));
    }
    let eigen = state.store().zaken_van(a.id).await?;
    Ok(Json(ZakenPagina { zaken: eigen.iter().map(|z| regel(z, vandaag)).collect(), volgende: None }))
}

/// Reads a case in full if allowed, else its public part if it is public.
pub(crate) async fn lees_beeld(
    state: &AppState,
    ingelogd: &Ingelogd,
    id: ZaakId,
) -> Result<(ZaakBeeld, bool), ApiError> {
    let a = actor(&ingelogd.gebruiker);
    match dossier::lees_zaak(state, &a, id, Actie::LeesZaak).await {
        Ok(b) => Ok((b, true)),
        Err(e) if e.code == ErrorCode::NotFound => {
            Ok((dossier::lees_zaak(state, &a, id, Actie::LeesOpenbaar).await?, false))
        }
        Err(e) => Err(e.into()),
    }
}

/// One case: status with dates, progress (done, now, next), the legal term, decision, and — for the applicant and
/// officials — the application, the history and the messages.
#[utoipa::path(get, path = "/zaken/{id}", tag = "zaken", security(("bearer" = [])),
    params(("id" = String, Path, description = "The case's id")),
    responses((status = 200, body = ZaakWeergave, description = "The case"),
              (status = 404, body = Problem, content_type = "application/problem+json", description = "unknown, or not visible to you")))]
pub(crate) async fn lees(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let (b, volledig) = lees_beeld(&state, &ingelogd, zaak_id(&id)?).await?;
    Ok(Json(weergave(&b, volledig, state.klok().vandaag())))
}

/// Fills in what an event's author does not choose: the official taking a case is the one asking (unless another
/// of the same authority is named), with their name and team.
pub(crate) async fn vul_aan_door(
    state: &AppState,
    ingelogd: &Ingelogd,
    soort: GebeurtenisSoort,
) -> Result<GebeurtenisSoort, ApiError> {
    Ok(match soort {
        GebeurtenisSoort::InBehandelingGenomen { behandelaar, .. } => {
            let wie = if behandelaar.is_nil() || behandelaar == ingelogd.gebruiker.id.0 {
                ingelogd.gebruiker.clone()
            } else {
                use stip_store::GebruikerRepository;
                let g = state.store().gebruiker(stip_store::GebruikerId(behandelaar)).await?;
                if !g.heeft_rol(Rol::Behandelaar) || g.bevoegd_gezag != ingelogd.gebruiker.bevoegd_gezag {
                    return Err(ApiError::new(
                        ErrorCode::InvalidRequest,
                        "deze persoon is geen behandelaar van uw organisatie",
                    ));
                }
                g
            };
            GebeurtenisSoort::InBehandelingGenomen { behandelaar: wie.id.0, behandelaar_naam: wie.naam, team: wie.team }
        }
        GebeurtenisSoort::Bericht { tekst, .. } => {
            let tekst = tekst.trim().chars().take(5000).collect::<String>();
            if tekst.is_empty() {
                return Err(ApiError::new(ErrorCode::InvalidRequest, "een bericht heeft tekst nodig"));
            }
            GebeurtenisSoort::Bericht { tekst, van_aanvrager: !ingelogd.gebruiker.heeft_rol(Rol::Behandelaar) }
        }
        GebeurtenisSoort::BerichtAanBelanghebbenden { tekst } => {
            let tekst = tekst.trim().chars().take(5000).collect::<String>();
            if tekst.is_empty() {
                return Err(ApiError::new(ErrorCode::InvalidRequest, "een bericht heeft tekst nodig"));
            }
            GebeurtenisSoort::BerichtAanBelanghebbenden { tekst }
        }
        GebeurtenisSoort::Bekendgemaakt { datum } => GebeurtenisSoort::Bekendgemaakt { datum },
        andere => andere,
    })
}

/// Adds an event to a case (`soort` with its data, as in the history). Officials: `in_behandeling_genomen`,
/// `aanvulling_gevraagd`, `advies_gevraagd`, `advies_ontvangen`, `termijn_verlengd`, `ontwerpbesluit_genomen`,
/// `besluit_genomen`, `bekendgemaakt`, `onherroepelijk`, `bericht_aan_belanghebbenden` (public: neighbours and
/// followers get it); applicants: `aangevuld`; both: `bericht`.
#[utoipa::path(post, path = "/zaken/{id}/gebeurtenissen", tag = "zaken", security(("bearer" = [])),
    params(("id" = String, Path, description = "The case's id")),
    request_body(content = GebeurtenisSoort, description = "The event: `soort` and that kind's data, e.g. {\"soort\":\"aanvulling_gevraagd\",\"vraag\":\"…\",\"documenten\":[],\"uiterlijk\":\"2026-12-31\"}"),
    responses((status = 201, body = ZaakWeergave, description = "The case after the event"),
              (status = 403, body = Problem, content_type = "application/problem+json", description = "not yours to do"),
              (status = 409, body = Problem, content_type = "application/problem+json", description = "not possible in this status (`invalid_step`) or someone else changed the case first (`conflict`)")))]
pub(crate) async fn gebeurtenis(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
    Json(soort): Json<GebeurtenisSoort>,
) -> Result<Response, ApiError> {
    let soort = vul_aan_door(&state, &ingelogd, soort).await?;
    let b = dossier::voeg_toe(&state, &actor(&ingelogd.gebruiker), zaak_id(&id)?, soort).await?;
    Ok((StatusCode::CREATED, Json(weergave(&b, true, state.klok().vandaag()))).into_response())
}

/// Checks a decision against the activities applied for.
pub(crate) fn besluit_uit(b: &ZaakBeeld, besluit: Besluit) -> Result<Besluit, ApiError> {
    besluit
        .controleer(&b.aanvraag.activiteit_ids())
        .map_err(|e| ApiError::new(ErrorCode::InvalidRequest, e.to_string()))
}

/// Takes the decision: `verleend`, `deels_verleend` (with `verleendeActiviteiten`), `geweigerd` or `niet_vereist`,
/// with `motivering` and `voorschriften`. In the extended procedure, after the draft lay open for six weeks.
#[utoipa::path(post, path = "/zaken/{id}/besluit", tag = "zaken", security(("bearer" = [])),
    params(("id" = String, Path, description = "The case's id")),
    request_body(content = Besluit, description = "The decision, e.g. {\"uitkomst\":\"verleend\",\"motivering\":\"…\",\"voorschriften\":[\"…\"]}"),
    responses((status = 201, body = ZaakWeergave, description = "The case with its decision"),
              (status = 400, body = Problem, content_type = "application/problem+json", description = "no reasons, or a wrong choice of activities"),
              (status = 403, body = Problem, content_type = "application/problem+json", description = "not an official of this authority"),
              (status = 409, body = Problem, content_type = "application/problem+json", description = "not possible in this status")))]
pub(crate) async fn besluit(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
    Json(besluit): Json<Besluit>,
) -> Result<Response, ApiError> {
    let a = actor(&ingelogd.gebruiker);
    let id = zaak_id(&id)?;
    let b = dossier::lees_zaak(&state, &a, id, Actie::Beslis).await?;
    let besluit = besluit_uit(&b, besluit)?;
    let b = dossier::voeg_toe(&state, &a, id, GebeurtenisSoort::BesluitGenomen { besluit }).await?;
    Ok((StatusCode::CREATED, Json(weergave(&b, true, state.klok().vandaag()))).into_response())
}

/// A PDF answer.
pub(crate) fn pdf(naam: &str, bytes: Vec<u8>) -> Response {
    let mut r = bytes.into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
    if let Ok(v) = HeaderValue::from_str(&format!("inline; filename=\"{naam}\"")) {
        r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

/// The receipt PDF of a case (pages and API share it).
pub(crate) async fn ontvangst_pdf(state: &AppState, ingelogd: &Ingelogd, id: &str) -> Result<Response, ApiError> {
    let b = dossier::lees_zaak(state, &actor(&ingelogd.gebruiker), zaak_id(id)?, Actie::LeesZaak).await?;
    let kop = stip_app::stukken::kop(state, &b).await;
    let bytes =
        stip_app::stukken::ontvangstbevestiging_van(&kop, &b, stip_app::stukken::kaart(&state.kennis(), &b.aanvraag));
    Ok(pdf(&format!("ontvangstbevestiging-{}.pdf", b.rij.zaaknummer), bytes))
}

/// The decision PDF of a case (pages and API share it); neighbours may read it once it is public.
pub(crate) async fn besluit_pdf(state: &AppState, ingelogd: &Ingelogd, id: &str) -> Result<Response, ApiError> {
    let (b, volledig) = lees_beeld(state, ingelogd, zaak_id(id)?).await?;
    let kop = stip_app::stukken::kop(state, &b).await;
    let kaart = stip_app::stukken::kaart(&state.kennis(), &b.aanvraag);
    // Whoever may read only the public part (a neighbour) gets the anonymised decision, as published.
    let maak = if volledig { stip_app::stukken::besluit } else { stip_app::stukken::besluit_openbaar };
    let bytes = maak(&kop, &b.aanvraag, &b.zaak, kaart)
        .ok_or_else(|| ApiError::new(ErrorCode::NotFound, "deze zaak heeft nog geen besluit"))?;
    Ok(pdf(&format!("besluit-{}.pdf", b.rij.zaaknummer), bytes))
}

/// The configured name of an authority (or its code).
pub(crate) fn gezag_naam(state: &AppState, code: &str) -> String {
    stip_app::stukken::gezag_naam(state, code)
}

#[utoipa::path(get, path = "/zaken/{id}/ontvangstbevestiging.pdf", tag = "zaken", security(("bearer" = [])),
    description = "The receipt of a case as PDF, for the applicant and officials: what was submitted, when, and the legal term.",
    params(("id" = String, Path, description = "The case's id")),
    responses((status = 200, content_type = "application/pdf", description = "The receipt with exactly what was submitted")))]
pub(crate) async fn ontvangstbevestiging(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    ontvangst_pdf(&state, &ingelogd, &id).await
}

#[utoipa::path(get, path = "/zaken/{id}/besluit.pdf", tag = "zaken", security(("bearer" = [])),
    description = "The decision of a case as PDF; neighbours may read it once the decision is public.",
    params(("id" = String, Path, description = "The case's id")),
    responses((status = 200, content_type = "application/pdf", description = "The decision and permit: text, activities, map, conditions, objection date"),
              (status = 404, body = Problem, content_type = "application/problem+json", description = "no decision yet")))]
pub(crate) async fn besluit_document(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    besluit_pdf(&state, &ingelogd, &id).await
}

/// A document of a case (pages and API share it).
pub(crate) async fn document_van_zaak(
    state: &AppState,
    ingelogd: &Ingelogd,
    id: &str,
    doc: &str,
) -> Result<Response, ApiError> {
    let a = actor(&ingelogd.gebruiker);
    let b = dossier::lees_zaak(state, &a, zaak_id(id)?, Actie::LeesZaak).await?;
    let doc_id: DocumentId = doc.parse().map_err(|_| ApiError::new(ErrorCode::NotFound, "onbekend document"))?;
    let d = state.store().document(doc_id).await?;
    if d.aanvraag_id != b.rij.aanvraag_id {
        return Err(ApiError::new(ErrorCode::NotFound, "dit document hoort niet bij deze zaak"));
    }
    let inhoud = state.store().document_inhoud(doc_id).await?;
    Ok(download(&d, inhoud))
}

/// A stored document as a download, with its sniffed type and a safe name.
pub(crate) fn download(d: &stip_store::Document, inhoud: Vec<u8>) -> Response {
    let mut r = inhoud.into_response();
    if let Ok(v) = HeaderValue::from_str(&d.mediatype) {
        r.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    let naam: String = d.naam.chars().filter(|c| c.is_ascii_graphic() || *c == ' ').collect();
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{naam}\"")) {
        r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    if let Ok(v) = HeaderValue::from_str(&format!("sha-256={}", d.sha256)) {
        r.headers_mut().insert("repr-digest", v);
    }
    r
}

#[utoipa::path(get, path = "/zaken/{id}/documenten/{document}", tag = "zaken", security(("bearer" = [])),
    description = "A document of a case as it was uploaded, with its media type and `Repr-Digest` (SHA-256).",
    params(("id" = String, Path, description = "The case's id"), ("document" = String, Path, description = "The document's id")),
    responses((status = 200, content_type = "application/octet-stream", description = "The document as uploaded")))]
pub(crate) async fn document(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path((id, doc)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    document_van_zaak(&state, &ingelogd, &id, &doc).await
}

/// Uploads a document the official asked for (while information is asked; then record `aangevuld` with its id).
#[utoipa::path(post, path = "/zaken/{id}/documenten", tag = "zaken", security(("bearer" = [])),
    params(("id" = String, Path, description = "The case's id"), super::aanvragen::UploadParams),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = DocumentAntwoord, description = "Stored durably, with its SHA-256"),
              (status = 409, body = Problem, content_type = "application/problem+json", description = "no information is asked now")))]
pub(crate) async fn upload(
    State(state): State<AppState>,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
    Query(p): Query<super::aanvragen::UploadParams>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let doc = dossier::document_bij_zaak(&state, &actor(&ingelogd.gebruiker), zaak_id(&id)?, &p.naam, &body).await?;
    Ok((StatusCode::CREATED, Json(DocumentAntwoord::from(doc))).into_response())
}
