//! The pages of the neighbour's legal side: giving a view on a draft decision (`/zaken/{id}/zienswijze`), objecting to
//! a decision (`/zaken/{id}/bezwaar`), and the objection's own page (`/bezwaren/{id}`) where the objector follows it
//! (and may withdraw) and the official plans meetings, adds reports and decides. Adapters over `stip_app::bezwaar`;
//! whatever a person typed comes back in the form when something is wrong.

use super::melding_van;
use super::veld;
use super::vergunningcheck::mj;
use super::zaken::{ZaakParams, fout, multipart};
use crate::AppState;
use crate::api::zaken::{self as api_zaken, gezag_naam};
use crate::auth::Ingelogd;
use crate::error::ApiError;
use crate::i18n::RequestLang;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use serde_json::{Value, json};
use stip_app::bezwaar::{self, BezwaarStap, BezwaarVerzoek, ZienswijzeVerzoek};
use stip_app::dossier::{self, ZaakBeeld, actor};
use stip_store::InzendingId;
use stip_zaak::bezwaar::{Afspraak, AfspraakSoort, BezwaarUitkomst};
use stip_zaak::procedure::Procedure;
use stip_zaak::{Actie, GebeurtenisSoort};

/// What a neighbour reads of the case on these forms: the decision's place, activities and dates — never the
/// applicant's name or the title and description they typed.
fn besluit_feiten(state: &AppState, b: &ZaakBeeld) -> Value {
    let z = &b.zaak;
    json!({
        "id": b.rij.id.to_string(),
        "zaaknummer": b.rij.zaaknummer,
        "plaats": b.aanvraag.locatie.as_ref().and_then(|l| l.adres.clone()),
        "gemeente": gezag_naam(state, &b.rij.bevoegd_gezag),
        "activiteiten": b.aanvraag.activiteiten.iter().map(|a| a.naam.clone()).collect::<Vec<_>>(),
        "uitgebreid": z.procedure == Procedure::Uitgebreid,
        "ontwerp": z.ontwerpbesluit.as_ref().map(|o| o.besluit.uitkomst.as_str()),
        "uitkomst": z.besluit.as_ref().map(|o| o.besluit.uitkomst.as_str()),
        "zienswijzenTot": z.zienswijzen_tot().map(|d| d.to_string()),
        "bekendgemaakt": z.bekendgemaakt.map(|d| d.to_string()),
        "bezwaarTot": z.bezwaar_tot().map(|d| d.to_string()),
    })
}

async fn lees_openbaar(state: &AppState, ingelogd: &Ingelogd, id: &str) -> Result<ZaakBeeld, ApiError> {
    let zid = api_zaken::zaak_id(id)?;
    Ok(dossier::lees_zaak(state, &actor(&ingelogd.gebruiker), zid, Actie::LeesOpenbaar).await?)
}

/// The objection form.
pub(super) async fn bezwaar_formulier(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
) -> Response {
    bezwaar_pagina(&state, lang, &ingelogd, &id, &[], None).await
}

async fn bezwaar_pagina(
    state: &AppState,
    lang: RequestLang,
    ingelogd: &Ingelogd,
    id: &str,
    velden: &[(String, String)],
    melding: Option<(String, StatusCode)>,
) -> Response {
    let b = match lees_openbaar(state, ingelogd, id).await {
        Ok(b) => b,
        Err(e) => return fout(state, lang, e),
    };
    let vandaag = state.klok().vandaag();
    let te_laat = b.zaak.bezwaar_te_laat(vandaag);
    let (melding, status) = melding.map_or((None, StatusCode::OK), |(m, s)| (Some(m), s));
    state.templates().render(
        "bezwaar-formulier.html",
        lang,
        status,
        context! {
            page => "bezwaar", z => mj(&besluit_feiten(state, &b)), te_laat => te_laat, melding => melding,
            gronden => veld(velden, "gronden"), adres => veld(velden, "adres"),
            reden_te_laat => veld(velden, "reden_te_laat"), gehoord => veld(velden, "gehoord_worden") == "ja",
        },
    )
}

/// Sends the objection (text and files); on success the objection's page with its receipt.
pub(super) async fn maak_bezwaar(
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
    let verzoek = BezwaarVerzoek {
        gronden: veld(&velden, "gronden"),
        gehoord_worden: veld(&velden, "gehoord_worden") == "ja",
        adres: Some(veld(&velden, "adres")).filter(|a| !a.is_empty()),
        reden_te_laat: Some(veld(&velden, "reden_te_laat")).filter(|r| !r.is_empty()),
    };
    let gedaan = async {
        let zid = api_zaken::zaak_id(&id)?;
        Ok::<_, ApiError>(bezwaar::maak_bezwaar(&state, &actor(&ingelogd.gebruiker), zid, verzoek, bestanden).await?)
    }
    .await;
    match gedaan {
        Ok(b) => Redirect::to(&format!("/bezwaren/{}?ontvangen=1", b.id)).into_response(),
        Err(e) => bezwaar_pagina(&state, lang, &ingelogd, &id, &velden, Some(melding_van(&e, lang))).await,
    }
}

/// The view form, and after sending it the receipt.
pub(super) async fn zienswijze_formulier(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
    Query(q): Query<ZaakParams>,
) -> Response {
    zienswijze_pagina(&state, lang, &ingelogd, &id, &[], None, q.ontvangen).await
}

async fn zienswijze_pagina(
    state: &AppState,
    lang: RequestLang,
    ingelogd: &Ingelogd,
    id: &str,
    velden: &[(String, String)],
    melding: Option<(String, StatusCode)>,
    ontvangen: Option<String>,
) -> Response {
    let b = match lees_openbaar(state, ingelogd, id).await {
        Ok(b) => b,
        Err(e) => return fout(state, lang, e),
    };
    let open = b.zaak.controleer(
        &GebeurtenisSoort::ZienswijzeOntvangen { zienswijze: uuid::Uuid::nil(), nummer: 0 },
        state.klok().vandaag(),
    );
    let (melding, status) = melding.map_or((None, StatusCode::OK), |(m, s)| (Some(m), s));
    state.templates().render(
        "zienswijze-formulier.html",
        lang,
        status,
        context! {
            page => "zienswijze", z => mj(&besluit_feiten(state, &b)), melding => melding, ontvangen => ontvangen,
            gesloten => open.err().map(|e| e.to_string()),
            tekst => veld(velden, "tekst"), adres => veld(velden, "adres"),
        },
    )
}

/// Sends the view; on success the same page with the receipt.
pub(super) async fn geef_zienswijze(
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
    let verzoek = ZienswijzeVerzoek {
        tekst: veld(&velden, "tekst"),
        adres: Some(veld(&velden, "adres")).filter(|a| !a.is_empty()),
    };
    let gedaan = async {
        let zid = api_zaken::zaak_id(&id)?;
        Ok::<_, ApiError>(bezwaar::geef_zienswijze(&state, &actor(&ingelogd.gebruiker), zid, verzoek, bestanden).await?)
    }
    .await;
    match gedaan {
        Ok(z) => Redirect::to(&format!("/zaken/{id}/zienswijze?ontvangen={}", z.nummer)).into_response(),
        Err(e) => zienswijze_pagina(&state, lang, &ingelogd, &id, &velden, Some(melding_van(&e, lang)), None).await,
    }
}

/// The objection's own page: for its objector, the applicant (without the objector's details) and the officials.
pub(super) async fn bezwaar_zaak(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
    Query(q): Query<ZaakParams>,
) -> Response {
    bezwaar_zaak_pagina(&state, lang, &ingelogd, &id, q.ontvangen.is_some(), None).await
}

async fn bezwaar_zaak_pagina(
    state: &AppState,
    lang: RequestLang,
    ingelogd: &Ingelogd,
    id: &str,
    ontvangen: bool,
    melding: Option<(String, StatusCode)>,
) -> Response {
    let gelezen = async {
        let bid: InzendingId =
            id.parse().map_err(|_| ApiError::new(crate::error::ErrorCode::NotFound, "dit bezwaar bestaat niet"))?;
        Ok::<_, ApiError>(bezwaar::lees_bezwaar(state, &actor(&ingelogd.gebruiker), bid).await?)
    }
    .await;
    let b = match gelezen {
        Ok(b) => b,
        Err(e) => return fout(state, lang, e),
    };
    let (melding, status) = melding.map_or((None, StatusCode::OK), |(m, s)| (Some(m), s));
    let uitkomsten: Vec<&str> = BezwaarUitkomst::ALL.iter().map(|u| u.as_str()).collect();
    let morgen = state.klok().vandaag().next_day().unwrap_or(state.klok().vandaag());
    let afspraken: Vec<Value> = b
        .afspraken
        .iter()
        .map(|a| json!({ "soort": a.soort, "wanneer": stip_zaak::tekst::tijdstip(a.begin), "plaats": a.plaats }))
        .collect();
    state.templates().render(
        "bezwaar.html",
        lang,
        status,
        context! {
            page => "bezwaar", b => mj(&b), afspraken => mj(&afspraken), ontvangen => ontvangen, melding => melding, uitkomsten => uitkomsten,
            vandaag => state.klok().vandaag().to_string(), morgen => morgen.to_string(),
        },
    )
}

/// A step on the objection from the page's forms (officials; the objector withdraws).
pub(super) async fn bezwaar_stap(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path((id, stap)): Path<(String, String)>,
    axum::Form(velden): axum::Form<Vec<(String, String)>>,
) -> Response {
    let gedaan = async {
        let bid: InzendingId =
            id.parse().map_err(|_| ApiError::new(crate::error::ErrorCode::NotFound, "dit bezwaar bestaat niet"))?;
        let stap = uit_formulier(&stap, &velden)?;
        Ok::<_, ApiError>(bezwaar::bezwaar_stap(&state, &actor(&ingelogd.gebruiker), bid, stap).await?)
    }
    .await;
    match gedaan {
        Ok(b) => Redirect::to(&format!("/bezwaren/{}", b.id)).into_response(),
        Err(e) if e.code == crate::error::ErrorCode::NotFound => fout(&state, lang, e),
        Err(e) => bezwaar_zaak_pagina(&state, lang, &ingelogd, &id, false, Some(melding_van(&e, lang))).await,
    }
}

/// Reads a step's form: a meeting's date and times are in Dutch time.
fn uit_formulier(stap: &str, velden: &[(String, String)]) -> Result<BezwaarStap, ApiError> {
    let v = |k: &str| veld(velden, k);
    let ongeldig = |m: &str| ApiError::new(crate::error::ErrorCode::InvalidRequest, m.to_string());
    Ok(match stap {
        "afspraak_gepland" => {
            let soort = match v("soort").as_str() {
                "gesprek" => AfspraakSoort::Gesprek,
                "mediation" => AfspraakSoort::Mediation,
                _ => AfspraakSoort::Hoorzitting,
            };
            let dag = time::Date::parse(&v("datum"), &time::format_description::well_known::Iso8601::DATE)
                .map_err(|_| ongeldig("vul een datum in als jjjj-mm-dd"))?;
            let tijd = |k: &str| {
                time::Time::parse(&v(k), time::macros::format_description!("[hour]:[minute]"))
                    .map_err(|_| ongeldig("vul een tijd in als uu:mm"))
            };
            let in_nl = |t: time::Time| stip_zaak::tijd::in_nederland(dag.with_time(t));
            AfspraakGepland {
                afspraak: Afspraak {
                    soort,
                    begin: in_nl(tijd("begin")?),
                    eind: in_nl(tijd("eind")?),
                    plaats: v("plaats"),
                },
            }
        }
        "verslag" => BezwaarStap::Verslag { tekst: v("tekst") },
        "adviescommissie" => BezwaarStap::Adviescommissie,
        "termijn_verlengd" => BezwaarStap::TermijnVerlengd {
            weken: v("weken").parse().map_err(|_| ongeldig("vul het aantal weken in"))?,
            reden: v("reden"),
        },
        "ingetrokken" => BezwaarStap::Ingetrokken { reden: v("reden") },
        "beslist" => BezwaarStap::Beslist {
            uitkomst: BezwaarUitkomst::parse(&v("uitkomst")).ok_or_else(|| ongeldig("kies een uitkomst"))?,
            motivering: v("motivering"),
            nieuw_besluit: None,
        },
        "bekendgemaakt" => BezwaarStap::Bekendgemaakt {
            datum: time::Date::parse(&v("datum"), &time::format_description::well_known::Iso8601::DATE)
                .map_err(|_| ongeldig("vul een datum in als jjjj-mm-dd"))?,
        },
        _ => return Err(ApiError::new(crate::error::ErrorCode::NotFound, "deze stap bestaat niet")),
    })
}

use BezwaarStap::AfspraakGepland;
