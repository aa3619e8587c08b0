//! The pages of supervision: for officials the sample (`/backoffice/toezicht`: draw one and see why each case was
//! picked), a case's supervision (`/backoffice/zaken/{id}/toezicht`: plan an inspection, ask for evidence and judge
//! it) and an inspection (`/backoffice/inspecties/{id}`: findings with photos, the report); for the holder the page to
//! send evidence from a phone (`/zaken/{id}/bewijs`). Adapters over `stip_app::toezicht`.

use super::veld;
use super::vergunningcheck::mj;
use super::zaken::{fout, multipart, multipart_per_veld};
use crate::AppState;
use crate::api::zaken::{self as api_zaken, pdf};
use crate::auth::Ingelogd;
use crate::backoffice::Ambtenaar;
use crate::error::{ApiError, ErrorCode};
use crate::i18n::RequestLang;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use serde::Deserialize;
use serde_json::{Value, json};
use stip_app::dossier::{self, actor};
use stip_app::toezicht::{self, BevindingenVerzoek, BewijsOordeel, BewijsVerzoek, InspectieVerzoek, SteekproefVerzoek};
use stip_zaak::Actie;
use stip_zaak::steekproef::Omvang;
use stip_zaak::toezicht::{Bevinding, Oordeel};
use uuid::Uuid;

fn ongeldig(m: &str) -> ApiError {
    ApiError::new(ErrorCode::InvalidRequest, m.to_string())
}

fn id(s: &str) -> Result<Uuid, ApiError> {
    s.parse().map_err(|_| ApiError::new(ErrorCode::NotFound, format!("er is geen {s}")))
}

fn datum(s: &str) -> Result<time::Date, ApiError> {
    time::Date::parse(s.trim(), &time::format_description::well_known::Iso8601::DATE)
        .map_err(|_| ongeldig("vul een datum in als jjjj-mm-dd"))
}

/// A message after a step, shown above the page.
#[derive(Debug, Deserialize, Default)]
pub(super) struct Melding {
    #[serde(default)]
    pub melding: Option<String>,
    #[serde(default)]
    pub verstuurd: Option<String>,
}

/// Draw a sample, and the samples drawn before.
pub(super) async fn overzicht(
    State(state): State<AppState>,
    lang: RequestLang,
    ambtenaar: Ambtenaar,
    Query(m): Query<Melding>,
) -> Response {
    let lijst = match toezicht::steekproeven(&state, &actor(&ambtenaar.gebruiker)).await {
        Ok(l) => l,
        Err(e) => return fout(&state, lang, e),
    };
    let seed = state.klok().nu().unix_timestamp_nanos().unsigned_abs() as u64 % 1_000_000_000;
    state.templates().render(
        "toezicht.html",
        lang,
        if m.melding.is_some() { StatusCode::BAD_REQUEST } else { StatusCode::OK },
        context! { page => "backoffice-toezicht", steekproeven => mj(&lijst), seed => seed, melding => m.melding },
    )
}

/// Draws a sample from the form; then its page.
pub(super) async fn trek(
    State(state): State<AppState>,
    lang: RequestLang,
    ambtenaar: Ambtenaar,
    axum::Form(velden): axum::Form<Vec<(String, String)>>,
) -> Response {
    let gedaan = async {
        let omvang = veld(&velden, "omvang");
        let omvang = if omvang.ends_with('%') {
            Omvang::Percentage(omvang)
        } else {
            Omvang::Aantal(omvang.parse().map_err(|_| ongeldig("vul een aantal in, of een percentage zoals 5%"))?)
        };
        let seed = veld(&velden, "seed").parse().map_err(|_| ongeldig("vul als startgetal een heel getal in"))?;
        let v = SteekproefVerzoek { omvang, seed, factoren: None };
        Ok::<_, ApiError>(toezicht::trek_steekproef(&state, &actor(&ambtenaar.gebruiker), v).await?)
    }
    .await;
    match gedaan {
        Ok(s) => Redirect::to(&format!("/backoffice/toezicht/steekproeven/{}", s.id)).into_response(),
        Err(e) if e.code == ErrorCode::InvalidRequest => {
            let m = e.detail.unwrap_or_default();
            Redirect::to(&format!("/backoffice/toezicht?melding={}", super::url_encode(&m))).into_response()
        }
        Err(e) => fout(&state, lang, e),
    }
}

/// A drawn sample: the cases and why each was picked, and every permit's score.
pub(super) async fn steekproef(
    State(state): State<AppState>,
    lang: RequestLang,
    ambtenaar: Ambtenaar,
    Path(s): Path<String>,
) -> Response {
    let gelezen =
        async { Ok::<_, ApiError>(toezicht::steekproef(&state, &actor(&ambtenaar.gebruiker), id(&s)?).await?) };
    match gelezen.await {
        Ok(s) => state.templates().render(
            "steekproef.html",
            lang,
            StatusCode::OK,
            context! { page => "backoffice-toezicht", s => mj(&s) },
        ),
        Err(e) => fout(&state, lang, e),
    }
}

/// A case's supervision for the official: inspections, requests for evidence, and the forms.
pub(super) async fn zaak(
    State(state): State<AppState>,
    lang: RequestLang,
    ambtenaar: Ambtenaar,
    Path(z): Path<String>,
    Query(m): Query<Melding>,
) -> Response {
    let a = actor(&ambtenaar.gebruiker);
    let gelezen = async {
        let b = dossier::lees_zaak(&state, &a, api_zaken::zaak_id(&z)?, Actie::Behandel).await?;
        Ok::<_, ApiError>(b)
    };
    let b = match gelezen.await {
        Ok(b) => b,
        Err(e) => return fout(&state, lang, e),
    };
    let vandaag = state.klok().vandaag();
    let z = json!({
        "id": b.rij.id.to_string(), "zaaknummer": b.rij.zaaknummer, "titel": b.rij.titel,
        "plaats": b.aanvraag.locatie.as_ref().and_then(|l| l.adres.clone()), "vergunning": b.zaak.vergunning(),
    });
    state.templates().render(
        "toezicht-zaak.html",
        lang,
        if m.melding.is_some() { StatusCode::BAD_REQUEST } else { StatusCode::OK },
        context! {
            page => "backoffice", z => mj(&z), t_ => mj(&b.zaak.toezicht), melding => m.melding,
            vandaag => vandaag.to_string(), over_twee_weken => (vandaag + time::Duration::days(14)).to_string(),
            naam => ambtenaar.gebruiker.naam.clone(),
        },
    )
}

/// A step from the case's supervision page: plan an inspection, ask for evidence, judge evidence.
pub(super) async fn zaak_stap(
    State(state): State<AppState>,
    lang: RequestLang,
    ambtenaar: Ambtenaar,
    Path((z, stap)): Path<(String, String)>,
    axum::Form(velden): axum::Form<Vec<(String, String)>>,
) -> Response {
    let a = actor(&ambtenaar.gebruiker);
    let gedaan = async {
        let zid = api_zaken::zaak_id(&z)?;
        let v = |k: &str| veld(&velden, k);
        let naar = match stap.as_str() {
            "inspectie" => {
                let i = InspectieVerzoek {
                    zaak: zid.0,
                    datum: datum(&v("datum"))?,
                    inspecteur: Some(v("inspecteur")).filter(|s| !s.is_empty()),
                };
                format!("/backoffice/inspecties/{}", toezicht::plan_inspectie(&state, &a, i).await?.inspectie.id)
            }
            "bewijs" => {
                toezicht::vraag_bewijs(
                    &state,
                    &a,
                    zid,
                    BewijsVerzoek { vraag: v("vraag"), uiterlijk: datum(&v("uiterlijk"))? },
                )
                .await?;
                format!("/backoffice/zaken/{z}/toezicht")
            }
            "oordeel" => {
                let o = BewijsOordeel { akkoord: v("akkoord") == "ja", toelichting: v("toelichting") };
                toezicht::beoordeel_bewijs(&state, &a, zid, id(&v("verzoek"))?, o).await?;
                format!("/backoffice/zaken/{z}/toezicht")
            }
            _ => return Err(ApiError::new(ErrorCode::NotFound, "deze stap bestaat niet")),
        };
        Ok::<_, ApiError>(naar)
    };
    match gedaan.await {
        Ok(naar) => Redirect::to(&naar).into_response(),
        Err(e) if e.code == ErrorCode::NotFound || e.code == ErrorCode::Forbidden => fout(&state, lang, e),
        Err(e) => {
            let m = e.detail.unwrap_or_default();
            Redirect::to(&format!("/backoffice/zaken/{z}/toezicht?melding={}", super::url_encode(&m))).into_response()
        }
    }
}

/// An inspection: its checklist with a form per item (findings, photos, follow-up date), or its findings and report.
pub(super) async fn inspectie(
    State(state): State<AppState>,
    lang: RequestLang,
    ambtenaar: Ambtenaar,
    Path(i): Path<String>,
    Query(m): Query<Melding>,
) -> Response {
    let gelezen =
        async { Ok::<_, ApiError>(toezicht::inspectie(&state, &actor(&ambtenaar.gebruiker), id(&i)?).await?) };
    match gelezen.await {
        Ok(i) => {
            let vandaag = state.klok().vandaag();
            state.templates().render(
                "inspectie.html",
                lang,
                if m.melding.is_some() { StatusCode::BAD_REQUEST } else { StatusCode::OK },
                context! {
                    page => "backoffice", i => mj(&i), melding => m.melding, oordelen => ["in_orde", "afwijking", "ernstige_afwijking"],
                    over_vier_weken => (vandaag + time::Duration::days(28)).to_string(),
                },
            )
        }
        Err(e) => fout(&state, lang, e),
    }
}

/// Records the findings from the inspection's form: per item its judgement, text, follow-up date and photos
/// (fields `oordeel_{n}`, `tekst_{n}`, `hercontrole_{n}`, files `foto_{n}`).
pub(super) async fn bevindingen(
    State(state): State<AppState>,
    lang: RequestLang,
    ambtenaar: Ambtenaar,
    Path(i): Path<String>,
    m: Multipart,
) -> Response {
    let a = actor(&ambtenaar.gebruiker);
    let gedaan = async {
        let iid = id(&i)?;
        let (velden, bestanden) = multipart_per_veld(m).await?;
        let inspectie = toezicht::inspectie(&state, &a, iid).await?;
        let mut bevindingen = Vec::new();
        for p in &inspectie.inspectie.checklist {
            let n = p.nummer;
            let oordeel = match veld(&velden, &format!("oordeel_{n}")).as_str() {
                "afwijking" => Oordeel::Afwijking,
                "ernstige_afwijking" => Oordeel::ErnstigeAfwijking,
                _ => Oordeel::InOrde,
            };
            let hercontrole = Some(veld(&velden, &format!("hercontrole_{n}")))
                .filter(|d| !d.is_empty() && oordeel != Oordeel::InOrde)
                .map(|d| datum(&d))
                .transpose()?;
            let mut fotos = Vec::new();
            for (veldnaam, naam, inhoud) in &bestanden {
                if *veldnaam == format!("foto_{n}") {
                    fotos.push(toezicht::foto_bij_inspectie(&state, &a, iid, naam, inhoud).await?.id);
                }
            }
            let tekst = veld(&velden, &format!("tekst_{n}"));
            bevindingen.push(Bevinding { punt: n, oordeel, tekst, fotos, hercontrole });
        }
        Ok::<_, ApiError>(toezicht::leg_bevindingen_vast(&state, &a, iid, BevindingenVerzoek { bevindingen }).await?)
    };
    match gedaan.await {
        Ok(_) => Redirect::to(&format!("/backoffice/inspecties/{i}")).into_response(),
        Err(e) if e.code == ErrorCode::NotFound || e.code == ErrorCode::Forbidden => fout(&state, lang, e),
        Err(e) => {
            let m = e.detail.unwrap_or_default();
            Redirect::to(&format!("/backoffice/inspecties/{i}?melding={}", super::url_encode(&m))).into_response()
        }
    }
}

/// The inspection report as PDF, for the officials and the holder.
pub(super) async fn rapport(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path(i): Path<String>,
) -> Response {
    let gelezen = async { Ok::<_, ApiError>(toezicht::rapport(&state, &actor(&ingelogd.gebruiker), id(&i)?).await?) };
    match gelezen.await {
        Ok((naam, bytes)) => pdf(&naam, bytes),
        Err(e) => fout(&state, lang, e),
    }
}

/// The holder's page: what the municipality asks to see, the form to send photos from a phone, what stip read from
/// the photos sent, and the outcome of inspections.
pub(super) async fn bewijs(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path(z): Path<String>,
    Query(m): Query<Melding>,
) -> Response {
    let gelezen = async {
        Ok::<_, ApiError>(
            dossier::lees_zaak(&state, &actor(&ingelogd.gebruiker), api_zaken::zaak_id(&z)?, Actie::LeesZaak).await?,
        )
    };
    let b = match gelezen.await {
        Ok(b) => b,
        Err(e) => return fout(&state, lang, e),
    };
    let z: Value = json!({ "id": b.rij.id.to_string(), "zaaknummer": b.rij.zaaknummer, "titel": b.rij.titel });
    state.templates().render(
        "bewijs.html",
        lang,
        if m.melding.is_some() { StatusCode::BAD_REQUEST } else { StatusCode::OK },
        context! { page => "zaak", z => mj(&z), t_ => mj(&b.zaak.toezicht), melding => m.melding, verstuurd => m.verstuurd.is_some() },
    )
}

/// The holder sends photos (and a note) for a request.
pub(super) async fn lever(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path((z, v)): Path<(String, String)>,
    m: Multipart,
) -> Response {
    let a = actor(&ingelogd.gebruiker);
    let gedaan = async {
        let zid = api_zaken::zaak_id(&z)?;
        let vid = id(&v)?;
        let (velden, bestanden) = multipart(m).await?;
        if bestanden.is_empty() {
            return Err(ongeldig("kies een of meer foto's"));
        }
        let toelichting = veld(&velden, "toelichting");
        for (naam, inhoud) in &bestanden {
            toezicht::lever_bewijs(&state, &a, zid, vid, naam, inhoud, &toelichting).await?;
        }
        Ok::<_, ApiError>(())
    };
    match gedaan.await {
        Ok(()) => Redirect::to(&format!("/zaken/{z}/bewijs?verstuurd=1")).into_response(),
        Err(e) if e.code == ErrorCode::NotFound || e.code == ErrorCode::Forbidden => fout(&state, lang, e),
        Err(e) => {
            let m = e.detail.unwrap_or_default();
            Redirect::to(&format!("/zaken/{z}/bewijs?melding={}", super::url_encode(&m))).into_response()
        }
    }
}
