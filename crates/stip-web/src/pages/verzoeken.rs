//! The pages of talking to the municipality early: `/vooroverleg` explains the four kinds of request and the service
//! packages in plain words and takes both (logged in); `/verzoeken/{id}` is a request's Track & Trace for its
//! requester (with the visit slots to choose from) and its handling page for officials (take, answer, close);
//! `/backoffice/verzoeken` is the officials' queue with deadlines and risk, the visit slots they publish and their
//! place in the pool of initiatiefmanagers. Adapters over `stip_app::verzoek`.

use super::melding_van;
use super::vergunningcheck::mj;
use super::zaken::fout;
use crate::AppState;
use crate::api::verzoeken::verzoek_id;
use crate::auth::Ingelogd;
use crate::backoffice::Ambtenaar;
use crate::error::ApiError;
use crate::i18n::RequestLang;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use std::collections::HashMap;
use stip_app::dossier::actor;
use stip_app::verzoek::{
    self, InitiatiefmanagerVraag, MomentKeuze, MomentVraag, PakketKeuze, VerzoekStap, VerzoekVraag,
};
use stip_zaak::verzoek::{Pakket, VerzoekSoort};

type Velden = HashMap<String, String>;

fn veld(v: &Velden, k: &str) -> String {
    v.get(k).map(|s| s.trim().to_string()).unwrap_or_default()
}

/// What the page says about each kind: its value and norm in words.
fn soorten() -> Vec<minijinja::Value> {
    VerzoekSoort::ALLE.iter().map(|s| context! { waarde => s.as_str(), norm => s.norm().in_woorden() }).collect()
}

/// The public page: the four kinds and the packages explained; the forms for someone logged in.
pub(super) async fn pagina(State(state): State<AppState>, lang: RequestLang, ingelogd: Option<Ingelogd>) -> Response {
    vooroverleg(&state, lang, ingelogd.as_ref(), &Velden::new(), None).await
}

async fn vooroverleg(
    state: &AppState,
    lang: RequestLang,
    ingelogd: Option<&Ingelogd>,
    velden: &Velden,
    melding: Option<(String, StatusCode)>,
) -> Response {
    let (pakketten, concepten) = match ingelogd {
        Some(i) => {
            let a = actor(&i.gebruiker);
            let pakketten = match verzoek::mijn_pakketten(state, &a).await {
                Ok(p) => p,
                Err(e) => return fout(state, lang, e),
            };
            let concepten: Vec<minijinja::Value> = stip_store::AanvraagRepository::aanvragen_van(state.store(), a.id)
                .await
                .unwrap_or_default()
                .into_iter()
                .filter(|x| x.status == stip_store::AanvraagStatus::Concept)
                .map(|x| context! { id => x.id.to_string(), titel => x.titel })
                .collect();
            (pakketten, concepten)
        }
        None => (Vec::new(), Vec::new()),
    };
    let (melding, status) = melding.map_or((None, StatusCode::OK), |(m, s)| (Some(m), s));
    state.templates().render(
        "vooroverleg.html",
        lang,
        status,
        context! {
            page => "vooroverleg", soorten => soorten(), pakketten => mj(&pakketten), concepten => concepten,
            aangemeld => ingelogd.is_some(), melding => melding,
            keuze => veld(velden, "soort"), onderwerp => veld(velden, "onderwerp"), vraag => veld(velden, "vraag"),
            aanvraag => veld(velden, "aanvraag"), plancheck => veld(velden, "plancheck"),
        },
    )
}

/// Sends a request from the form; on success its Track & Trace page.
pub(super) async fn dien_in(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Form(velden): Form<Velden>,
) -> Response {
    let gedaan = async {
        let soort = VerzoekSoort::parse(&veld(&velden, "soort"))
            .ok_or_else(|| ApiError::new(crate::error::ErrorCode::InvalidRequest, "kies wat u wilt vragen"))?;
        let aanvraag = match veld(&velden, "aanvraag") {
            a if a.is_empty() => None,
            a => Some(a.parse().map_err(|_| ApiError::new(crate::error::ErrorCode::NotFound, "kies uw aanvraag"))?),
        };
        let v = VerzoekVraag {
            soort,
            onderwerp: veld(&velden, "onderwerp"),
            vraag: veld(&velden, "vraag"),
            aanvraag,
            plancheck: Some(veld(&velden, "plancheck")).filter(|p| !p.is_empty()),
            initiatief: None,
            bevoegd_gezag: None,
        };
        Ok::<_, ApiError>(verzoek::dien_in(&state, &actor(&ingelogd.gebruiker), v).await?)
    }
    .await;
    match gedaan {
        Ok(v) => Redirect::to(&format!("/verzoeken/{}?ontvangen=1", v.id)).into_response(),
        Err(e) => vooroverleg(&state, lang, Some(&ingelogd), &velden, Some(melding_van(&e, lang))).await,
    }
}

/// Chooses the service package from the form.
pub(super) async fn kies_pakket(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Form(velden): Form<Velden>,
) -> Response {
    let Some(pakket) = Pakket::parse(&veld(&velden, "pakket")) else {
        let m = Some(("Kies hoeveel hulp u wilt.".to_string(), StatusCode::BAD_REQUEST));
        return vooroverleg(&state, lang, Some(&ingelogd), &Velden::new(), m).await;
    };
    let k = PakketKeuze { pakket, initiatief: None, bevoegd_gezag: None };
    match verzoek::kies_pakket(&state, &actor(&ingelogd.gebruiker), k).await {
        Ok(_) => Redirect::to("/vooroverleg?gekozen=1#pakket").into_response(),
        Err(e) => fout(&state, lang, e),
    }
}

/// A request's page: Track & Trace for its requester, the handling page for officials.
pub(super) async fn verzoek_pagina(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
    axum::extract::Query(q): axum::extract::Query<Velden>,
) -> Response {
    toon(&state, lang, &ingelogd, &id, q.contains_key("ontvangen"), None).await
}

async fn toon(
    state: &AppState,
    lang: RequestLang,
    ingelogd: &Ingelogd,
    id: &str,
    ontvangen: bool,
    melding: Option<(String, StatusCode)>,
) -> Response {
    let a = actor(&ingelogd.gebruiker);
    let gedaan = async {
        let vid = verzoek_id(id)?;
        let v = verzoek::lees(state, &a, vid).await?;
        let momenten = if v.moment_kiezen { verzoek::vrije_momenten(state, &a, vid).await? } else { Vec::new() };
        Ok::<_, ApiError>((v, momenten))
    }
    .await;
    let (v, momenten) = match gedaan {
        Ok(x) => x,
        Err(e) => return fout(state, lang, e),
    };
    let (melding, status) = melding.map_or((None, StatusCode::OK), |(m, s)| (Some(m), s));
    let mut response = state.templates().render(
        "verzoek.html",
        lang,
        status,
        context! {
            page => "verzoek", v => mj(&v), momenten => mj(&momenten), ontvangen => ontvangen, melding => melding,
        },
    );
    response.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    response
}

/// The requester takes a visit slot.
pub(super) async fn kies_moment(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
    Form(velden): Form<Velden>,
) -> Response {
    let gedaan = async {
        let moment = veld(&velden, "moment")
            .parse()
            .map_err(|_| ApiError::new(crate::error::ErrorCode::InvalidRequest, "kies een moment"))?;
        Ok::<_, ApiError>(
            verzoek::kies_moment(&state, &actor(&ingelogd.gebruiker), verzoek_id(&id)?, MomentKeuze { moment }).await?,
        )
    }
    .await;
    match gedaan {
        Ok(v) => Redirect::to(&format!("/verzoeken/{}", v.id)).into_response(),
        Err(e) => toon(&state, lang, &ingelogd, &id, false, Some(melding_van(&e, lang))).await,
    }
}

/// An official takes a step (`in_behandeling_genomen`, `beantwoord`, `gesloten`).
pub(super) async fn stap(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path((id, stap)): Path<(String, String)>,
    Form(velden): Form<Velden>,
) -> Response {
    let s = match stap.as_str() {
        "in_behandeling_genomen" => VerzoekStap::InBehandelingGenomen,
        "beantwoord" => VerzoekStap::Beantwoord { antwoord: veld(&velden, "antwoord") },
        "gesloten" => VerzoekStap::Gesloten,
        _ => return super::not_found_page(&state, lang, &format!("/verzoeken/{id}/{stap}")),
    };
    let gedaan =
        async { Ok::<_, ApiError>(verzoek::stap(&state, &actor(&ingelogd.gebruiker), verzoek_id(&id)?, s).await?) }
            .await;
    match gedaan {
        Ok(v) => Redirect::to(&format!("/verzoeken/{}", v.id)).into_response(),
        Err(e) => toon(&state, lang, &ingelogd, &id, false, Some(melding_van(&e, lang))).await,
    }
}

/// The officials' page: the open requests, the visit slots and the pool.
pub(super) async fn backoffice(State(state): State<AppState>, lang: RequestLang, ambtenaar: Ambtenaar) -> Response {
    backoffice_pagina(&state, lang, &ambtenaar, None).await
}

async fn backoffice_pagina(
    state: &AppState,
    lang: RequestLang,
    ambtenaar: &Ambtenaar,
    melding: Option<(String, StatusCode)>,
) -> Response {
    let a = actor(&ambtenaar.gebruiker);
    let gedaan = async {
        let verzoeken = verzoek::werkvoorraad(state, &a, true).await?;
        let momenten = verzoek::momenten(state, &a).await?;
        let pool = stip_store::VerzoekRepository::initiatiefmanager(state.store(), a.id).await?;
        Ok::<_, ApiError>((verzoeken, momenten, pool))
    }
    .await;
    let (verzoeken, momenten, pool) = match gedaan {
        Ok(x) => x,
        Err(e) => return fout(state, lang, e),
    };
    let (melding, status) = melding.map_or((None, StatusCode::OK), |(m, s)| (Some(m), s));
    let mut response = state.templates().render(
        "backoffice-verzoeken.html",
        lang,
        status,
        context! {
            page => "backoffice-verzoeken", verzoeken => mj(&verzoeken), momenten => mj(&momenten),
            in_pool => pool.is_some(), telefoon => pool.and_then(|p| p.telefoon), melding => melding,
            behandelaar => ambtenaar.gebruiker.heeft_rol(stip_zaak::Rol::Behandelaar),
        },
    );
    response.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    response
}

/// Publishes a visit slot from the form: a day, a start and an end time (Dutch time).
pub(super) async fn publiceer_moment(
    State(state): State<AppState>,
    lang: RequestLang,
    ambtenaar: Ambtenaar,
    Form(velden): Form<Velden>,
) -> Response {
    let lees = |d: &str, t: &str| {
        let datum = time::Date::parse(d, &time::format_description::well_known::Iso8601::DATE).ok()?;
        let tijd = time::Time::parse(t, time::macros::format_description!("[hour]:[minute]")).ok()?;
        Some(stip_zaak::tijd::in_nederland(time::PrimitiveDateTime::new(datum, tijd)))
    };
    let (Some(van), Some(tot)) =
        (lees(&veld(&velden, "datum"), &veld(&velden, "van")), lees(&veld(&velden, "datum"), &veld(&velden, "tot")))
    else {
        let m = ("Vul de dag en de begin- en eindtijd in, bijvoorbeeld 10:00.".to_string(), StatusCode::BAD_REQUEST);
        return backoffice_pagina(&state, lang, &ambtenaar, Some(m)).await;
    };
    let v = MomentVraag { van, tot, toelichting: veld(&velden, "toelichting") };
    match verzoek::publiceer_moment(&state, &actor(&ambtenaar.gebruiker), v).await {
        Ok(_) => Redirect::to("/backoffice/verzoeken#momenten").into_response(),
        Err(e) => {
            let e: ApiError = e.into();
            backoffice_pagina(&state, lang, &ambtenaar, Some(melding_van(&e, lang))).await
        }
    }
}

/// The official joins or leaves the pool of initiatiefmanagers.
pub(super) async fn initiatiefmanager(
    State(state): State<AppState>,
    lang: RequestLang,
    ambtenaar: Ambtenaar,
    Form(velden): Form<Velden>,
) -> Response {
    let v = InitiatiefmanagerVraag {
        in_pool: veld(&velden, "in_pool") == "ja",
        telefoon: Some(veld(&velden, "telefoon")).filter(|t| !t.is_empty()),
    };
    let a = actor(&ambtenaar.gebruiker);
    match verzoek::zet_initiatiefmanager(&state, &a, a.id, v).await {
        Ok(()) => Redirect::to("/backoffice/verzoeken#pool").into_response(),
        Err(e) => {
            let e: ApiError = e.into();
            backoffice_pagina(&state, lang, &ambtenaar, Some(melding_van(&e, lang))).await
        }
    }
}
