//! The holder's pages for the works after a permit, on the case page: the start notice, a change during the works,
//! the completion notice with its documents, asking for aftercare; and the review page behind its one-time link
//! (`/review/{token}`, no login); the team's page of open works and reviews. Adapters over `stip_app::realisatie` and `stip_app::review`; whatever a person typed
//! comes back in the form when something is wrong.

use super::melding_van;
use super::veld;
use super::vergunningcheck::mj;
use super::zaken::{fout, multipart, zaak_pagina};
use crate::AppState;
use crate::api::zaken as api_zaken;
use crate::auth::Ingelogd;
use crate::backoffice::Ambtenaar;
use crate::error::{ApiError, ErrorCode};
use crate::i18n::RequestLang;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use minijinja::context;
use serde_json::{Value, json};
use stip_app::dossier::{self, actor};
use stip_app::plancheck::Planvraag;
use stip_app::realisatie::{self, Gereedmelding, Startmelding};
use stip_app::review::{self, ReviewInvoer};

/// The case page again after a form: its answer on success, or its error with what was typed.
async fn terug(
    state: &AppState,
    lang: RequestLang,
    ingelogd: &Ingelogd,
    id: &str,
    formulier: &str,
    velden: &[(String, String)],
    gedaan: Result<Value, ApiError>,
) -> Response {
    let invoer: serde_json::Map<String, Value> = velden.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
    match gedaan {
        Ok(antwoord) => {
            let melding = lang.lang.text(&format!("realisatie.gedaan_{formulier}"));
            let f = json!({ "naam": formulier, "antwoord": antwoord });
            zaak_pagina(state, lang, ingelogd, id, false, Some(melding), Some((f, StatusCode::OK))).await
        }
        Err(e) if matches!(e.code, ErrorCode::NotFound | ErrorCode::Internal | ErrorCode::DatabaseUnavailable) => {
            fout(state, lang, e)
        }
        Err(e) => {
            let (melding, status) = melding_van(&e, lang);
            let velden: Vec<Value> =
                e.fouten.iter().map(|f| json!({ "veld": f.vraag, "melding": f.melding })).collect();
            let f = json!({ "naam": formulier, "fout": melding, "velden": velden, "invoer": invoer });
            zaak_pagina(state, lang, ingelogd, id, false, None, Some((f, status))).await
        }
    }
}

/// The start notice from the case page.
pub(super) async fn startmelding(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
    axum::Form(velden): axum::Form<Vec<(String, String)>>,
) -> Response {
    let gedaan = async {
        let m = Startmelding { startdatum: veld(&velden, "startdatum"), uitvoerder: veld(&velden, "uitvoerder") };
        realisatie::meld_start(&state, &actor(&ingelogd.gebruiker), api_zaken::zaak_id(&id)?, m).await?;
        Ok(Value::Null)
    }
    .await;
    terug(&state, lang, &ingelogd, &id, "start", &velden, gedaan).await
}

/// A change during the works from the case page: new heights and use on the permitted footprint (or a drawn one).
pub(super) async fn wijziging(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
    axum::Form(velden): axum::Form<Vec<(String, String)>>,
) -> Response {
    let gedaan = async {
        let a = actor(&ingelogd.gebruiker);
        let zid = api_zaken::zaak_id(&id)?;
        let b = dossier::lees_zaak(&state, &a, zid, stip_zaak::Actie::Aanvullen).await?;
        let getal = |k: &str| {
            let v = veld(&velden, k).replace(',', ".");
            if v.is_empty() {
                Ok(None)
            } else {
                v.parse::<f64>().map(|g| Some(json!(g))).map_err(|_| {
                    ApiError::new(ErrorCode::InvalidRequest, format!("{k}: vul een getal in (meters), zoals 7,5"))
                })
            }
        };
        // The footprint: the one the permit was given for (as the plan check drew it, in WGS84).
        let geometrie = b.aanvraag.plan.as_ref().map(|p| p.geometrie.clone()).filter(|g| !g.is_null()).ok_or_else(|| {
            ApiError::new(
                ErrorCode::InvalidRequest,
                "bij deze vergunning hoort geen getekend plan; meld de wijziging met een tekening via de API of neem \
                 contact op met de gemeente",
            )
        })?;
        let functie = Some(veld(&velden, "functie")).filter(|f| !f.is_empty());
        let vraag = Planvraag {
            geometrie: Some(geometrie),
            crs: Some("EPSG:4326".into()),
            bouwhoogte: getal("bouwhoogte")?,
            goothoogte: getal("goothoogte")?,
            functie,
            ..Planvraag::default()
        };
        let antwoord = realisatie::meld_wijziging(&state, &a, zid, vraag).await?;
        Ok(json!(antwoord))
    }
    .await;
    terug(&state, lang, &ingelogd, &id, "wijziging", &velden, gedaan).await
}

/// The completion notice with its documents, from the case page.
pub(super) async fn gereedmelding(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
    m: Multipart,
) -> Response {
    let (velden, bestanden) = match multipart(m).await {
        Ok(x) => x,
        Err(e) => return fout(&state, lang, e),
    };
    let gedaan = async {
        let a = actor(&ingelogd.gebruiker);
        let zid = api_zaken::zaak_id(&id)?;
        for (naam, inhoud) in &bestanden {
            stip_zaak::document::herken(naam, inhoud)
                .map_err(|e| ApiError::new(ErrorCode::InvalidRequest, e.to_string()))?;
        }
        let mut documenten = Vec::new();
        for (naam, inhoud) in &bestanden {
            documenten.push(dossier::document_bij_zaak(&state, &a, zid, naam, inhoud).await?.id.0);
        }
        let gereed = Some(veld(&velden, "gereed")).filter(|g| !g.is_empty());
        let m = Gereedmelding { gereed, toelichting: veld(&velden, "toelichting"), documenten };
        realisatie::meld_gereed(&state, &a, zid, m).await?;
        Ok(Value::Null)
    }
    .await;
    terug(&state, lang, &ingelogd, &id, "gereed", &velden, gedaan).await
}

/// Asking for an aftercare conversation, from the case page.
pub(super) async fn nazorg(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
    axum::Form(velden): axum::Form<Vec<(String, String)>>,
) -> Response {
    let gedaan = async {
        let zid = api_zaken::zaak_id(&id)?;
        realisatie::vraag_nazorg(&state, &actor(&ingelogd.gebruiker), zid, veld(&velden, "tekst")).await?;
        Ok(Value::Null)
    }
    .await;
    terug(&state, lang, &ingelogd, &id, "nazorg", &velden, gedaan).await
}

/// The review form behind its one-time link.
pub(super) async fn review_formulier(
    State(state): State<AppState>,
    lang: RequestLang,
    Path(token): Path<String>,
) -> Response {
    match review::vraag(&state, &token).await {
        Ok(v) => state.templates().render(
            "review.html",
            lang,
            StatusCode::OK,
            context! { page => "review", v => mj(&v), token => token, invoer => mj(&Value::Null) },
        ),
        Err(e) => fout(&state, lang, e),
    }
}

/// The review's answer: thanks, or the form again with what was typed and what is missing.
pub(super) async fn review_verstuur(
    State(state): State<AppState>,
    lang: RequestLang,
    Path(token): Path<String>,
    axum::Form(velden): axum::Form<Vec<(String, String)>>,
) -> Response {
    let cijfer = |k: &str| veld(&velden, k).parse::<i64>().ok();
    let invoer = ReviewInvoer {
        gemak: cijfer("gemak"),
        tevredenheid: cijfer("tevredenheid"),
        verbetering: veld(&velden, "verbetering"),
        nazorg: veld(&velden, "nazorg") == "ja",
    };
    match review::beantwoord(&state, &token, invoer).await {
        Ok(()) => state.templates().render(
            "review.html",
            lang,
            StatusCode::OK,
            context! { page => "review", bedankt => true, nazorg => veld(&velden, "nazorg") == "ja" },
        ),
        Err(e) => {
            let e = ApiError::from(e);
            if matches!(e.code, ErrorCode::NotFound | ErrorCode::Internal | ErrorCode::DatabaseUnavailable) {
                return fout(&state, lang, e);
            }
            let v = match review::vraag(&state, &token).await {
                Ok(v) => v,
                Err(e) => return fout(&state, lang, e),
            };
            let (melding, status) = melding_van(&e, lang);
            let invoer: serde_json::Map<String, Value> = velden.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
            state.templates().render(
                "review.html",
                lang,
                status,
                context! { page => "review", v => mj(&v), token => token, invoer => mj(&Value::Object(invoer)), fout => melding },
            )
        }
    }
}

/// The team's page after the permit (`/backoffice/realisatie`): what waits for the team (aftercare asked for, changes
/// to confirm) and the answered reviews with their averages and free text.
pub(super) async fn backoffice(State(state): State<AppState>, lang: RequestLang, ambtenaar: Ambtenaar) -> Response {
    let a = actor(&ambtenaar.gebruiker);
    let gedaan = async {
        let open = realisatie::open_werk(&state, &a).await?;
        let reviews = review::van_team(&state, &a).await?;
        Ok::<_, stip_app::Fout>((open, reviews))
    }
    .await;
    let (open, reviews) = match gedaan {
        Ok(x) => x,
        Err(e) => return fout(&state, lang, e),
    };
    let gemiddeld = |f: fn(&review::ReviewWeergave) -> i64| {
        let som: i64 = reviews.iter().map(f).sum();
        format!("{:.1}", som as f64 / reviews.len().max(1) as f64).replace('.', ",")
    };
    let gemiddeld = context! { gemak => gemiddeld(|r| r.gemak), tevredenheid => gemiddeld(|r| r.tevredenheid) };
    state.templates().render(
        "backoffice-realisatie.html",
        lang,
        StatusCode::OK,
        context! { page => "backoffice-realisatie", open => mj(&json!(open)), reviews => mj(&json!(reviews)), gemiddeld => gemiddeld },
    )
}
