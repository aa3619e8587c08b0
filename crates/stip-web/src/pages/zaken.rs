//! The pages from plan to permit: "Mijn omgeving", the draft application (checklist, uploads, co-applicants,
//! submitting), Track & Trace of a case with supplying information, and the officials' work queue, case view,
//! actions and customer view. Adapters over `stip_app::dossier`; the JSON view of a case is `api::zaken::weergave`.

use crate::AppState;
use crate::api::zaken::{self as api_zaken, ZakenParams, weergave};
use crate::auth::Ingelogd;
use crate::error::{ApiError, ErrorCode};
use crate::i18n::RequestLang;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use serde_json::{Value, json};
use stip_app::dossier::{self, actor};
use stip_store::{AanvraagRepository, AanvraagStatus, GebruikerRepository, HulpvraagRepository, ZaakRepository};
use stip_zaak::aanvraag::{BetrokkeneRol, Stuk};
use stip_zaak::besluit::Uitkomst;
use stip_zaak::{Actie, Besluit, GebeurtenisSoort, Rol, Status};
use time::Date;

use super::vergunningcheck::mj;

/// An error of the case work as a page: its title and message, with the right status.
pub(super) fn fout(state: &AppState, lang: RequestLang, e: impl Into<ApiError>) -> Response {
    let e: ApiError = e.into();
    // The problem as the reader gets it: an internal error is logged there and shown as a request id only.
    let p = e.problem(lang.lang);
    let meldingen: Vec<String> = p.fouten.iter().map(|f| f.melding.clone()).collect();
    state.templates().render(
        "fout.html",
        lang,
        crate::error::status(e.code),
        context! { titel => p.title, detail => p.detail, meldingen => meldingen },
    )
}

fn grootte(bytes: i64) -> String {
    match bytes {
        b if b >= 1024 * 1024 => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
        b if b >= 1024 => format!("{} kB", (b + 1023) / 1024),
        b => format!("{b} bytes"),
    }
}

/// "Mijn omgeving": drafts, cases with their next step, decisions, buildings and messages of the person.
pub(super) async fn mijn(State(state): State<AppState>, lang: RequestLang, ingelogd: Ingelogd) -> Response {
    match mijn_context(&state, &ingelogd).await {
        Ok(ctx) => state.templates().render("mijn.html", lang, StatusCode::OK, ctx),
        Err(e) => fout(&state, lang, e),
    }
}

async fn mijn_context(state: &AppState, ingelogd: &Ingelogd) -> Result<minijinja::Value, ApiError> {
    let a = actor(&ingelogd.gebruiker);
    let vandaag = state.klok().vandaag();
    let aanvragen = state.store().aanvragen_van(a.id).await?;
    let concepten: Vec<Value> = aanvragen
        .iter()
        .filter(|r| r.status == AanvraagStatus::Concept)
        .map(|r| json!({ "id": r.id.to_string(), "titel": r.titel, "gewijzigd": r.gewijzigd.date().to_string() }))
        .collect();
    let mut zaken = Vec::new();
    let mut vergunningen = Vec::new();
    let mut berichten = Vec::new();
    let mut actie_nodig = Vec::new();
    let mut gebouwen: Vec<Value> = Vec::new();
    for z in state.store().zaken_van(a.id).await? {
        let b = dossier::beeld_van(state, &a, z, Actie::LeesZaak).await?;
        let v = weergave(&b, true, vandaag);
        let volgende = v["voortgang"].as_array().and_then(|s| s.iter().find(|s| s["stand"] == "nu").cloned());
        zaken.push(json!({ "id": v["id"], "zaaknummer": v["zaaknummer"], "titel": v["titel"], "status": v["status"], "volgende": volgende }));
        if let Some(verzoek) = &b.zaak.open_verzoek {
            actie_nodig.push(json!({ "id": v["id"], "zaaknummer": v["zaaknummer"], "titel": v["titel"], "uiterlijk": verzoek.uiterlijk.to_string() }));
        }
        if let Some(besluit) = &b.zaak.besluit {
            vergunningen.push(json!({
                "id": v["id"], "zaaknummer": v["zaaknummer"], "titel": v["titel"],
                "uitkomst": besluit.besluit.uitkomst.as_str(), "datum": besluit.datum.to_string(),
            }));
        }
        for bericht in v["berichten"].as_array().into_iter().flatten() {
            let mut m = bericht.clone();
            m["id"] = v["id"].clone();
            m["zaaknummer"] = v["zaaknummer"].clone();
            berichten.push(m);
        }
        for bijlage in b.aanvraag.automatisch.iter().filter(|x| x.soort == "bag_pand" || x.soort == "brk_perceel") {
            if !gebouwen.iter().any(|g| g["titel"] == bijlage.titel.as_str()) {
                gebouwen.push(json!({ "titel": bijlage.titel }));
            }
        }
    }
    berichten.sort_by(|x, y| y["op"].as_str().cmp(&x["op"].as_str()));
    let bezwaren: Vec<Value> = stip_app::bezwaar::mijn_bezwaren(state, &a)
        .await?
        .into_iter()
        .map(|b| json!({ "id": b.id, "nummer": b.nummer, "plaats": b.plaats, "status": b.status, "beslissenVoor": b.termijn.uiterste_beslisdatum }))
        .collect();
    let verzoeken = stip_app::verzoek::mijn(state, &a).await?;
    Ok(context! {
        page => "mijn", verzoeken => mj(&verzoeken),
        gebruiker => context! { naam => ingelogd.gebruiker.naam.clone() },
        concepten => mj(&concepten), zaken => mj(&zaken), vergunningen => mj(&vergunningen),
        berichten => mj(&berichten), actie_nodig => mj(&actie_nodig), gebouwen => mj(&gebouwen),
        bezwaren => mj(&bezwaren), te_betalen => mj(&super::betalen::te_betalen(state, &a).await),
    })
}

/// The draft page.
pub(super) async fn aanvraag(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
) -> Response {
    aanvraag_pagina(&state, lang, &ingelogd, &id, Vec::new(), None, &[]).await
}

/// The draft page. `getypt` is what the page's form sent: after an error it shows the typed text as it was (nothing
/// typed is lost), and a co-applicant's name and address typed but not yet added stay in their fields.
async fn aanvraag_pagina(
    state: &AppState,
    lang: RequestLang,
    ingelogd: &Ingelogd,
    id: &str,
    fouten: Vec<Value>,
    bewaard: Option<&str>,
    getypt: &[(String, String)],
) -> Response {
    let gelezen = match crate::api::aanvragen::aanvraag_id(id) {
        Ok(id) => dossier::lees_aanvraag(state, &actor(&ingelogd.gebruiker), id, Actie::LeesAanvraag).await,
        Err(e) => Err(e.into()),
    };
    let (rij, mut a) = match gelezen {
        Ok(x) => x,
        Err(e) => return fout(state, lang, e),
    };
    if !fouten.is_empty()
        && let Some((_, w)) = getypte_wijziging(getypt)
    {
        // shown, not saved: the change failed, the text stays on the page to try again
        let _ = crate::api::aanvragen::pas_toe(w, &mut a, state.klok().nu());
    }
    if rij.status != AanvraagStatus::Concept
        && let Ok(Some(z)) = state.store().zaak_van_aanvraag(rij.id).await
    {
        return Redirect::to(&format!("/zaken/{}", z.id)).into_response();
    }
    let ontbreekt = a.volledigheid();
    let documenten = state.store().documenten(rij.id).await.unwrap_or_default();
    let vereisten = a.vereisten();
    let activiteiten: Vec<Value> = a
        .activiteiten
        .iter()
        .map(|act| {
            let v: Vec<Value> = act
                .vereisten
                .iter()
                .map(|v| {
                    let voldaan = if v.soort == "document" {
                        a.documenten.iter().any(|d| d.vereiste == v.id)
                    } else {
                        a.gegevens.get(&v.id).is_some_and(|w| !w.trim().is_empty())
                    };
                    json!({ "id": v.id, "soort": v.soort, "omschrijving": v.omschrijving, "toelichting": v.toelichting, "voldaan": voldaan })
                })
                .collect();
            json!({ "id": act.id, "naam": act.naam, "conclusie": act.conclusie, "vereisten": v })
        })
        .collect();
    let docs: Vec<Value> = a
        .documenten
        .iter()
        .map(|d| {
            let voor = vereisten.iter().find(|v| v.id == d.vereiste).map(|v| v.omschrijving.clone());
            let opgeslagen = documenten.iter().find(|x| x.id.0 == d.id);
            json!({
                "id": d.id.to_string(), "naam": d.naam, "sha256": d.sha256,
                "voor": voor.unwrap_or_else(|| lang.lang.text("aanvraag.overig").to_string()),
                "grootteTekst": grootte(opgeslagen.map_or(d.grootte as i64, |x| x.grootte)),
            })
        })
        .collect();
    let doc_vereisten: Vec<Value> = vereisten
        .iter()
        .filter(|v| v.soort == "document")
        .map(|v| json!({ "id": v.id, "omschrijving": v.omschrijving }))
        .collect();
    let check_href = {
        let mut q = String::new();
        if let Some(l) = &a.locatie {
            q = format!("x={:.2}&y={:.2}&", l.x, l.y);
        }
        format!("/vergunningcheck?{q}aanvraag={}", rij.id)
    };
    let gezag_naam = (!a.bevoegd_gezag.is_empty()).then(|| api_zaken::gezag_naam(state, &a.bevoegd_gezag));
    let procedure = a.procedure().map(|p| p.soort());
    let melding = a.is_melding();
    let betrokkenen: Vec<Value> = a
        .betrokkenen
        .iter()
        .map(|b| {
            json!({ "naam": b.naam, "email": b.email, "rol": b.rol, "ontvangt": b.ontvangt, "stand": b.stand().as_str() })
        })
        .collect();
    let nieuwe_betrokkene = json!({ "naam": super::veld(getypt, "naam"), "email": super::veld(getypt, "email") });
    let weergave = json!({
        "id": rij.id.to_string(), "versie": rij.versie, "titel": a.titel, "omschrijving": a.omschrijving,
        "locatie": a.locatie, "gezagNaam": gezag_naam, "procedure": procedure, "melding": melding,
        "activiteiten": activiteiten, "gegevens": a.gegevens, "documenten": docs, "documentVereisten": doc_vereisten,
        "betrokkenen": betrokkenen, "nieuweBetrokkene": nieuwe_betrokkene, "correspondentie": a.correspondentie, "automatisch": a.automatisch,
        "plan": a.plan.is_some(),
        "planSamenvatting": a.plan.as_ref().and_then(|p| p.toetsing["samenvatting"].as_str().map(str::to_string)),
        "checkHref": check_href,
    });
    let raming = (a.activiteiten.iter().any(|x| x.conclusie == "Vergunningplicht") && !a.bevoegd_gezag.is_empty())
        .then(|| stip_app::leges::voor_aanvraag(&state.kennis(), &a, state.klok().vandaag(), None));
    let bouwkosten = a.gegevens.get(stip_app::leges::BOUWKOSTEN).map(String::as_str).unwrap_or("");
    let leges = super::leges::weergave(raming, bouwkosten);
    let stukken: Vec<&str> = Stuk::ALL.iter().map(|s| stuk_naam(*s)).collect();
    let status = if fouten.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    state.templates().render(
        "aanvraag.html",
        lang,
        status,
        context! {
            page => "aanvraag", a => mj(&weergave), ontbreekt => mj(&ontbreekt), fouten => mj(&fouten),
            stukken => stukken, sleutel => uuid::Uuid::new_v4().to_string(), bewaard => bewaard,
            leges => mj(&leges), bouwkosten_naam => format!("gegeven.{}", stip_app::leges::BOUWKOSTEN),
            bouwkosten_form => "gegevens-formulier", taal_pad => format!("/aanvragen/{}", rij.id),
        },
    )
}

fn stuk_naam(s: Stuk) -> &'static str {
    match s {
        Stuk::Ontvangstbevestiging => "ontvangstbevestiging",
        Stuk::VerzoekAanvulling => "verzoek_aanvulling",
        Stuk::Berichten => "berichten",
        Stuk::Besluit => "besluit",
    }
}

fn stuk(s: &str) -> Option<Stuk> {
    Stuk::ALL.into_iter().find(|x| stuk_naam(*x) == s)
}

/// The draft's own typed fields from the page's one form — name, description, the data the rules ask for, which
/// mail the applicant gets — with the version they were typed on. Present when the form sent `versie`: every button
/// on the draft page sends the whole form, and its handler saves these first, so that no action loses typed text.
fn getypte_wijziging(paren: &[(String, String)]) -> Option<(i64, crate::api::aanvragen::AanvraagWijziging)> {
    let waarde = |k: &str| paren.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let versie = waarde("versie")?.parse::<i64>().ok()?;
    let gegevens =
        paren.iter().filter_map(|(k, v)| k.strip_prefix("gegeven.").map(|id| (id.to_string(), v.clone()))).collect();
    Some((
        versie,
        crate::api::aanvragen::AanvraagWijziging {
            versie,
            titel: waarde("titel"),
            omschrijving: waarde("omschrijving"),
            gegevens: Some(gegevens),
            betrokkenen: None,
            correspondentie: Some(paren.iter().filter(|(k, _)| k == "post").filter_map(|(_, v)| stuk(v)).collect()),
        },
    ))
}

/// Saves what the page's form typed (see [`getypte_wijziging`]); nothing when the form carried none.
async fn bewaar_getypt(
    state: &AppState,
    ingelogd: &Ingelogd,
    id: &str,
    paren: &[(String, String)],
) -> Result<(), ApiError> {
    let Some((versie, w)) = getypte_wijziging(paren) else { return Ok(()) };
    let aid = crate::api::aanvragen::aanvraag_id(id)?;
    let nu = state.klok().nu();
    dossier::wijzig_aanvraag(state, &actor(&ingelogd.gebruiker), aid, Some(versie), |a| {
        crate::api::aanvragen::pas_toe(w, a, nu).map(|_| ())
    })
    .await
    .map(|_| ())
    .map_err(ApiError::from)
}

/// Saves the draft's own fields; "Bewaar en doe de vergunningcheck" then goes on to the check for this draft.
pub(super) async fn bewaar(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
    axum::Form(paren): axum::Form<Vec<(String, String)>>,
) -> Response {
    let gedaan = bewaar_getypt(&state, &ingelogd, &id, &paren).await;
    if gedaan.is_ok() && super::veld(&paren, "naar") == "check" {
        return Redirect::to(&check_href(&state, &ingelogd, &id).await).into_response();
    }
    na_wijziging(&state, lang, &ingelogd, &id, gedaan, "aanvraag.bewaard", &paren).await
}

/// The Vergunningcheck for a draft: its place, and the draft to add the activities to.
async fn check_href(state: &AppState, ingelogd: &Ingelogd, id: &str) -> String {
    let gelezen = match crate::api::aanvragen::aanvraag_id(id) {
        Ok(aid) => dossier::lees_aanvraag(state, &actor(&ingelogd.gebruiker), aid, Actie::LeesAanvraag).await.ok(),
        Err(_) => None,
    };
    let mut q = String::new();
    if let Some(l) = gelezen.as_ref().and_then(|(_, a)| a.locatie.as_ref()) {
        q = format!("x={:.2}&y={:.2}&", l.x, l.y);
    }
    format!("/vergunningcheck?{q}aanvraag={}", super::url_encode(id))
}

/// Changes a draft from one of its page's forms and shows the page again, with the message or what went wrong.
async fn wijzig_pagina(
    state: &AppState,
    lang: RequestLang,
    ingelogd: &Ingelogd,
    id: &str,
    getypt: &[(String, String)],
    wijzig: impl FnOnce(&mut stip_zaak::Aanvraag) -> Result<(), ApiError>,
) -> Response {
    let gedaan = match bewaar_getypt(state, ingelogd, id, getypt).await {
        Ok(()) => match crate::api::aanvragen::aanvraag_id(id) {
            Ok(aid) => dossier::wijzig_aanvraag(state, &actor(&ingelogd.gebruiker), aid, None, wijzig)
                .await
                .map(|_| ())
                .map_err(ApiError::from),
            Err(e) => Err(e),
        },
        Err(e) => Err(e),
    };
    na_wijziging(state, lang, ingelogd, id, gedaan, "aanvraag.bewaard", getypt).await
}

/// After a change to a draft: back to the page, with the message or the error.
async fn na_wijziging(
    state: &AppState,
    lang: RequestLang,
    ingelogd: &Ingelogd,
    id: &str,
    gedaan: Result<(), ApiError>,
    gelukt: &str,
    getypt: &[(String, String)],
) -> Response {
    match gedaan {
        Ok(()) => aanvraag_pagina(state, lang, ingelogd, id, Vec::new(), Some(lang.lang.text(gelukt)), getypt).await,
        Err(e)
            if matches!(
                e.code,
                ErrorCode::NotFound | ErrorCode::Forbidden | ErrorCode::Internal | ErrorCode::DatabaseUnavailable
            ) =>
        {
            fout(state, lang, e)
        }
        Err(e) => {
            let mut fouten: Vec<Value> =
                e.fouten.iter().map(|f| json!({ "melding": f.melding, "anker": f.vraag })).collect();
            if fouten.is_empty() {
                fouten.push(json!({ "melding": e.detail.unwrap_or_else(|| crate::error::titel(e.code, lang.lang).to_string()) }));
            }
            aanvraag_pagina(state, lang, ingelogd, id, fouten, None, getypt).await
        }
    }
}

/// Reads a multipart form: text fields and files (name, bytes). The body limit of the route bounds its size.
pub(super) async fn multipart(m: Multipart) -> Result<(Vec<(String, String)>, Vec<(String, Vec<u8>)>), ApiError> {
    let (velden, bestanden) = multipart_per_veld(m).await?;
    Ok((velden, bestanden.into_iter().map(|(_, naam, inhoud)| (naam, inhoud)).collect()))
}

/// A multipart form with each file's field name kept: (field, file name, bytes).
pub(super) type Bestanden = Vec<(String, String, Vec<u8>)>;

/// [`multipart`], keeping the field each file came in (a form with several file fields). Each file is streamed chunk
/// by chunk into one buffer of its own, capped at the largest document (a bigger one is refused as it arrives).
pub(super) async fn multipart_per_veld(mut m: Multipart) -> Result<(Vec<(String, String)>, Bestanden), ApiError> {
    let mut velden = Vec::new();
    let mut bestanden = Vec::new();
    let te_groot = |e: axum::extract::multipart::MultipartError| {
        ApiError::new(
            ErrorCode::PayloadTooLarge,
            format!("het formulier kon niet worden gelezen ({e}); een bestand mag ten hoogste 50 MB zijn"),
        )
    };
    while let Some(mut veld) = m.next_field().await.map_err(te_groot)? {
        let naam = veld.name().unwrap_or_default().to_string();
        match veld.file_name().map(str::to_string) {
            Some(bestand) => {
                let mut inhoud = Vec::new();
                while let Some(stuk) = veld.chunk().await.map_err(te_groot)? {
                    if inhoud.len() + stuk.len() > MAX_BESTAND {
                        return Err(ApiError::new(
                            ErrorCode::PayloadTooLarge,
                            format!("{bestand} is groter dan 50 MB; een bestand mag ten hoogste 50 MB zijn"),
                        ));
                    }
                    if inhoud.capacity() == 0 {
                        // Room for the largest document at once: the buffer never moves, and pages not written to
                        // take no memory. What is left over is given back below.
                        inhoud.reserve_exact(MAX_BESTAND);
                    }
                    inhoud.extend_from_slice(&stuk);
                }
                inhoud.shrink_to_fit();
                if !bestand.is_empty() || !inhoud.is_empty() {
                    bestanden.push((naam, bestand, inhoud));
                }
            }
            None => velden.push((naam, veld.text().await.map_err(te_groot)?)),
        }
    }
    Ok((velden, bestanden))
}

/// The largest file a form takes: one byte over the largest document, so that the use case names a file that is too
/// big with its own words.
const MAX_BESTAND: usize = stip_zaak::document::MAX_DOCUMENT_BYTES + 1;

/// Uploads a document to the draft.
pub(super) async fn upload(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
    m: Multipart,
) -> Response {
    let mut getypt = Vec::new();
    let gedaan = async {
        let (velden, bestanden) = multipart(m).await?;
        getypt = velden;
        // what was typed on the page is saved first: an upload never loses it
        bewaar_getypt(&state, &ingelogd, &id, &getypt).await?;
        let vereiste = getypt.iter().find(|(k, _)| k == "vereiste").map(|(_, v)| v.as_str()).unwrap_or("overig");
        let Some((naam, inhoud)) = bestanden.first() else {
            return Err(ApiError::new(ErrorCode::InvalidRequest, lang.lang.text("aanvraag.upload_bestand")));
        };
        let aid = crate::api::aanvragen::aanvraag_id(&id)?;
        dossier::voeg_document_toe(&state, &actor(&ingelogd.gebruiker), aid, vereiste, naam, inhoud)
            .await
            .map(|_| ())
            .map_err(ApiError::from)
    }
    .await;
    na_wijziging(&state, lang, &ingelogd, &id, gedaan, "aanvraag.document_toegevoegd", &getypt).await
}

/// Downloads a document of a draft.
pub(super) async fn document(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path((_id, doc)): Path<(String, String)>,
) -> Response {
    let gedaan = async {
        let doc_id = doc.parse().map_err(|_| ApiError::new(ErrorCode::NotFound, "onbekend document"))?;
        Ok::<_, ApiError>(dossier::document(&state, &actor(&ingelogd.gebruiker), doc_id).await?)
    }
    .await;
    match gedaan {
        Ok((d, inhoud)) => api_zaken::download(&d, inhoud),
        Err(e) => fout(&state, lang, e),
    }
}

/// Removes a document from the draft.
pub(super) async fn verwijder_document(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path((id, doc)): Path<(String, String)>,
    axum::Form(getypt): axum::Form<Vec<(String, String)>>,
) -> Response {
    let gedaan = async {
        bewaar_getypt(&state, &ingelogd, &id, &getypt).await?;
        let aid = crate::api::aanvragen::aanvraag_id(&id)?;
        let doc_id = doc.parse().map_err(|_| ApiError::new(ErrorCode::NotFound, "onbekend document"))?;
        Ok::<_, ApiError>(dossier::verwijder_document(&state, &actor(&ingelogd.gebruiker), aid, doc_id).await?)
    }
    .await;
    na_wijziging(&state, lang, &ingelogd, &id, gedaan, "aanvraag.bewaard", &getypt).await
}

/// Invites a co-applicant or representative: they stand on the draft as invited, without access, and get an e-mail
/// with a link to accept (`stip_app::uitnodiging`).
pub(super) async fn betrokkene(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
    axum::Form(paren): axum::Form<Vec<(String, String)>>,
) -> Response {
    let waarde = |k: &str| super::veld(&paren, k);
    let nieuw = stip_app::uitnodiging::NieuweBetrokkene {
        naam: waarde("naam"),
        email: waarde("email"),
        rol: if waarde("rol") == "gemachtigde" { BetrokkeneRol::Gemachtigde } else { BetrokkeneRol::Medeaanvrager },
        ontvangt: paren.iter().filter(|(k, _)| k == "ontvangt").filter_map(|(_, v)| stuk(v)).collect(),
    };
    let gedaan = async {
        bewaar_getypt(&state, &ingelogd, &id, &paren).await?;
        let aid = crate::api::aanvragen::aanvraag_id(&id)?;
        stip_app::uitnodiging::nodig_uit(&state, &actor(&ingelogd.gebruiker), aid, nieuw).await?;
        Ok::<_, ApiError>(())
    }
    .await;
    // added: its fields start empty again; refused: they keep what was typed
    let getypt: Vec<(String, String)> =
        if gedaan.is_ok() { paren.into_iter().filter(|(k, _)| k != "naam" && k != "email").collect() } else { paren };
    na_wijziging(&state, lang, &ingelogd, &id, gedaan, "aanvraag.uitgenodigd", &getypt).await
}

/// Removes a co-applicant or representative.
pub(super) async fn verwijder_betrokkene(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path((id, index)): Path<(String, usize)>,
    axum::Form(getypt): axum::Form<Vec<(String, String)>>,
) -> Response {
    wijzig_pagina(&state, lang, &ingelogd, &id, &getypt, |a| {
        if index >= a.betrokkenen.len() {
            return Err(ApiError::new(ErrorCode::NotFound, "deze persoon staat niet (meer) op de aanvraag"));
        }
        a.betrokkenen.remove(index);
        Ok(())
    })
    .await
}

/// Submits the draft; the key in the form makes a double click or a retry one case.
pub(super) async fn indienen(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
    axum::Form(paren): axum::Form<Vec<(String, String)>>,
) -> Response {
    let sleutel = paren.iter().find(|(k, _)| k == "sleutel").map(|(_, v)| v.clone()).unwrap_or_default();
    let gedaan = async {
        // what was typed is submitted too
        bewaar_getypt(&state, &ingelogd, &id, &paren).await?;
        let aid = crate::api::aanvragen::aanvraag_id(&id)?;
        Ok::<_, ApiError>(dossier::dien_in(&state, &actor(&ingelogd.gebruiker), aid, &sleutel).await?)
    }
    .await;
    match gedaan {
        Ok(i) => Redirect::to(&format!("/zaken/{}?ontvangen=1", i.zaak.id)).into_response(),
        Err(e) => na_wijziging(&state, lang, &ingelogd, &id, Err(e), "aanvraag.bewaard", &paren).await,
    }
}

#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct ZaakParams {
    /// Set after a submission: the page shows its receipt (for a view, its number).
    #[serde(default)]
    pub(super) ontvangen: Option<String>,
}

/// Track & Trace of one case (the public part for neighbours once it is public).
/// A reader who may see only what is public, or is not logged in, is sent to the case's public notice.
pub(super) async fn zaak(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Option<Ingelogd>,
    Path(id): Path<String>,
    Query(p): Query<ZaakParams>,
) -> Response {
    let Some(ingelogd) = ingelogd else {
        return match super::bekendmakingen::openbare_zaak(&state, &id, false).await {
            Some(r) => r,
            None => super::not_found_page(&state, lang, &format!("/zaken/{id}")),
        };
    };
    zaak_pagina(&state, lang, &ingelogd, &id, p.ontvangen.is_some(), None, None).await
}

/// The case page; `formulier` carries a form's typed values, its error and its answer back onto the page, with the
/// page's status.
pub(super) async fn zaak_pagina(
    state: &AppState,
    lang: RequestLang,
    ingelogd: &Ingelogd,
    id: &str,
    ontvangen: bool,
    melding: Option<&str>,
    formulier: Option<(Value, StatusCode)>,
) -> Response {
    let gelezen = match api_zaken::zaak_id(id) {
        Ok(zid) => api_zaken::lees_beeld(state, ingelogd, zid).await,
        Err(e) => Err(e),
    };
    let (b, volledig) = match gelezen {
        Ok(x) => x,
        Err(e) => return fout(state, lang, e),
    };
    if !volledig && let Some(r) = super::bekendmakingen::openbare_zaak(state, id, true).await {
        return r;
    }
    let mut z = weergave(&b, volledig, state.klok().vandaag());
    z["gezagNaam"] = json!(api_zaken::gezag_naam(state, &b.rij.bevoegd_gezag));
    if volledig {
        let docs = state.store().documenten(b.rij.aanvraag_id).await.unwrap_or_default();
        z["documenten"] = json!(
            docs.iter()
                .map(|d| json!({ "id": d.id.to_string(), "naam": d.naam, "grootteTekst": grootte(d.grootte) }))
                .collect::<Vec<_>>()
        );
    }
    if volledig && let Ok(l) = stip_app::betalen::legesbeeld(state, &b).await {
        z["leges"] = super::betalen::leges_json(&l);
        // When the municipality decides only after payment, paying is a step of its own, before the decision.
        if l.betalen_voor_besluit && !l.aanslagen.is_empty() && b.zaak.besluit.is_none() {
            betaalstap(&mut z["voortgang"], l.betaald);
        }
    }
    if volledig && b.zaak.vergunning_bruikbaar_sinds().is_some() {
        z["realisatie"] = json!(stip_app::realisatie::weergave(state, &b));
    }
    let ontvangen = ontvangen && volledig;
    let (formulier, status) = formulier.unwrap_or((Value::Null, StatusCode::OK));
    state.templates().render(
        "zaak.html",
        lang,
        status,
        context! {
            page => "zaak", z => mj(&z), ontvangen => ontvangen, melding => melding, formulier => mj(&formulier),
            vandaag => state.klok().vandaag().to_string(),
        },
    )
}

/// Puts "U betaalt de leges" into the progress list before the decision: done once paid, else the applicant's turn now.
fn betaalstap(voortgang: &mut Value, betaald: bool) {
    let Some(stappen) = voortgang.as_array_mut() else { return };
    let plek = stappen.iter().position(|s| s["sleutel"] == "besluit").unwrap_or(stappen.len());
    if !betaald {
        for s in stappen.iter_mut().skip(plek).filter(|s| s["stand"] == "nu") {
            s["stand"] = json!("straks");
        }
    }
    let stand = if betaald { "gedaan" } else { "nu" };
    stappen.insert(plek, json!({ "sleutel": "leges", "stand": stand, "datum": null, "actieAanvrager": !betaald }));
}

pub(super) async fn ontvangst_pdf(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
) -> Response {
    api_zaken::ontvangst_pdf(&state, &ingelogd, &id).await.unwrap_or_else(|e| fout(&state, lang, e))
}

pub(super) async fn besluit_pdf(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
) -> Response {
    api_zaken::besluit_pdf(&state, &ingelogd, &id).await.unwrap_or_else(|e| fout(&state, lang, e))
}

pub(super) async fn dossier_zip(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
) -> Response {
    crate::api::procesdossier::dossier_zip(&state, &ingelogd, &id).await.unwrap_or_else(|e| fout(&state, lang, e))
}

pub(super) async fn zaak_document(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path((id, doc)): Path<(String, String)>,
) -> Response {
    api_zaken::document_van_zaak(&state, &ingelogd, &id, &doc).await.unwrap_or_else(|e| fout(&state, lang, e))
}

/// The applicant supplies what was asked (text and files): the clock runs again.
pub(super) async fn aanvullen(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
    m: Multipart,
) -> Response {
    let gedaan = async {
        let (velden, bestanden) = multipart(m).await?;
        let toelichting =
            velden.iter().find(|(k, _)| k == "toelichting").map(|(_, v)| v.trim().to_string()).unwrap_or_default();
        dossier::vul_aan(&state, &actor(&ingelogd.gebruiker), api_zaken::zaak_id(&id)?, toelichting, bestanden).await
    }
    .await;
    match gedaan {
        Ok(_) => zaak_pagina(&state, lang, &ingelogd, &id, false, Some(lang.lang.text("zaak.aangevuld")), None).await,
        Err(e) => fout(&state, lang, e),
    }
}

/// A message from the applicant (or an official) on the case.
pub(super) async fn bericht(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
    axum::Form(paren): axum::Form<Vec<(String, String)>>,
) -> Response {
    let tekst = paren.iter().find(|(k, _)| k == "tekst").map(|(_, v)| v.clone()).unwrap_or_default();
    let gedaan = async {
        let soort =
            api_zaken::vul_aan_door(&state, &ingelogd, GebeurtenisSoort::Bericht { tekst, van_aanvrager: true })
                .await?;
        dossier::voeg_toe(&state, &actor(&ingelogd.gebruiker), api_zaken::zaak_id(&id)?, soort).await
    }
    .await;
    match gedaan {
        Ok(_) if ingelogd.gebruiker.heeft_rol(Rol::Behandelaar) => {
            Redirect::to(&format!("/backoffice/zaken/{id}")).into_response()
        }
        Ok(_) => Redirect::to(&format!("/zaken/{id}")).into_response(),
        Err(e) => fout(&state, lang, e),
    }
}

/// The officials' work queue.
pub(super) async fn werkvoorraad(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Query(p): Query<ZakenParams>,
) -> Response {
    let vandaag = state.klok().vandaag();
    let a = actor(&ingelogd.gebruiker);
    let gedaan = async {
        let f = api_zaken::filter(&p, &ingelogd, vandaag)?;
        dossier::werkvoorraad(&state, &a, f, p.limiet.unwrap_or(50)).await
    }
    .await;
    let pagina = match gedaan {
        Ok(p) => p,
        Err(e) => return fout(&state, lang, e),
    };
    let mut namen = std::collections::HashMap::new();
    let mut zaken = Vec::new();
    for z in &pagina.zaken {
        let mut r = api_zaken::regel(z, vandaag);
        if let Some(b) = z.behandelaar {
            if let std::collections::hash_map::Entry::Vacant(plek) = namen.entry(b) {
                plek.insert(dossier::naam_van(&state, b).await);
            }
            r["behandelaar"] = json!(namen[&b]);
        }
        r["uiterlijk"] = r["uitersteBeslisdatum"].clone();
        zaken.push(r);
    }
    let volgende = pagina.volgende.map(|c| {
        let mut q = form_urlencoded(&[
            ("status", p.status.as_deref().unwrap_or("")),
            ("behandelaar", p.behandelaar.as_deref().unwrap_or("")),
            ("risico", p.risico.as_deref().unwrap_or("")),
            ("team", p.team.as_deref().unwrap_or("")),
        ]);
        q.push_str(&format!("&na={}", super::vergunningcheck::url_encode(&c.to_string())));
        format!("/backoffice/zaken?{q}")
    });
    let gezag = a.bevoegd_gezag.clone().unwrap_or_default();
    let teams: Vec<String> = state
        .config()
        .host
        .bevoegd_gezag
        .iter()
        .filter(|g| g.code == gezag)
        .flat_map(|g| g.team.iter().map(|t| t.naam.clone()))
        .collect();
    let statussen: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
    state.templates().render(
        "werkvoorraad.html",
        lang,
        StatusCode::OK,
        context! {
            page => "werkvoorraad", zaken => mj(&zaken), volgende => volgende, statussen => statussen, teams => teams,
            gezagNaam => api_zaken::gezag_naam(&state, &gezag), team => a.team.clone(),
            filter => context! {
                status => p.status.clone().unwrap_or_default(), behandelaar => p.behandelaar.clone().unwrap_or_else(|| "iedereen".into()),
                risico => p.risico.clone().unwrap_or_default(), team => p.team.clone().unwrap_or_default(),
            },
        },
    )
}

fn form_urlencoded(paren: &[(&str, &str)]) -> String {
    paren.iter().map(|(k, v)| format!("{k}={}", super::vergunningcheck::url_encode(v))).collect::<Vec<_>>().join("&")
}

/// The official's case view.
pub(super) async fn behandel(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
) -> Response {
    behandel_pagina(&state, lang, &ingelogd, &id, Vec::new(), StatusCode::OK).await
}

async fn behandel_pagina(
    state: &AppState,
    lang: RequestLang,
    ingelogd: &Ingelogd,
    id: &str,
    fouten: Vec<Value>,
    status: StatusCode,
) -> Response {
    let a = actor(&ingelogd.gebruiker);
    let gezag = a.bevoegd_gezag.clone().unwrap_or_default();
    if stip_zaak::mag(&a, Actie::Werkvoorraad, &stip_zaak::Bron::Gezag(&gezag)).is_err() {
        return fout(
            state,
            lang,
            ApiError::new(ErrorCode::Forbidden, "alleen medewerkers van de gemeente behandelen zaken"),
        );
    }
    let gelezen = match api_zaken::zaak_id(id) {
        Ok(zid) => dossier::lees_zaak(state, &a, zid, Actie::LeesZaak).await,
        Err(e) => Err(e.into()),
    };
    let b = match gelezen {
        Ok(b) => b,
        Err(e) => return fout(state, lang, e),
    };
    let vandaag = state.klok().vandaag();
    let mut z = weergave(&b, true, vandaag);
    z["aanvragerNaam"] = json!(dossier::naam_van(state, b.rij.aanvrager).await);
    let mut acties = if b.mag(&a, Actie::Behandel).is_ok() { b.zaak.mogelijke_stappen(vandaag) } else { Vec::new() };
    // Taking a case one already handles is no step: it is offered to the others (to take it over).
    if b.rij.behandelaar == Some(a.id) {
        acties.retain(|s| *s != "in_behandeling_genomen");
    }
    let documenten: Vec<Value> = state
        .store()
        .documenten(b.rij.aanvraag_id)
        .await
        .unwrap_or_default()
        .iter()
        .map(|d| json!({ "id": d.id.to_string(), "naam": d.naam, "mediatype": d.mediatype, "sha256": d.sha256, "grootteTekst": grootte(d.grootte) }))
        .collect();
    let vragen: std::collections::BTreeMap<String, String> =
        b.aanvraag.vereisten().iter().map(|v| (v.id.clone(), v.omschrijving.clone())).collect();
    let plantoets: Vec<String> = b
        .aanvraag
        .plan
        .as_ref()
        .and_then(|p| {
            p.toetsing["samenvatting"].as_str().map(|s| format!("{}: {s}", lang.lang.text("plancheck.titel")))
        })
        .into_iter()
        .collect();
    let historie: Vec<Value> = b
        .gebeurtenissen
        .iter()
        .map(|g| {
            let tekst = match &g.soort {
                GebeurtenisSoort::Bericht { tekst, .. } | GebeurtenisSoort::BerichtAanBelanghebbenden { tekst } => tekst.clone(),
                GebeurtenisSoort::AanvullingGevraagd { vraag, uiterlijk, .. } => format!("{vraag} (uiterlijk {uiterlijk})"),
                GebeurtenisSoort::Aangevuld { toelichting, documenten } => format!("{toelichting} ({} documenten)", documenten.len()),
                GebeurtenisSoort::TermijnVerlengd { weken, reden } => format!("{weken} weken: {reden}"),
                // The advice's text stays readable after it is recorded (it was only in the form).
                GebeurtenisSoort::AdviesGevraagd { adviseur, vraag: tekst }
                | GebeurtenisSoort::AdviesOntvangen { adviseur, advies: tekst } => {
                    if tekst.trim().is_empty() { adviseur.clone() } else { format!("{adviseur}: {tekst}") }
                }
                GebeurtenisSoort::BesluitGenomen { besluit } | GebeurtenisSoort::OntwerpbesluitGenomen { besluit } => {
                    besluit.uitkomst.as_str().replace('_', " ")
                }
                GebeurtenisSoort::Bekendgemaakt { datum } => datum.to_string(),
                GebeurtenisSoort::InBehandelingGenomen { behandelaar_naam, .. } => behandelaar_naam.clone(),
                GebeurtenisSoort::StartGemeld { startdatum, uitvoerder } => {
                    format!("{} ({uitvoerder})", stip_zaak::tekst::datum(*startdatum, false))
                }
                GebeurtenisSoort::GereedGemeld { gereed, toelichting, .. } => {
                    format!("{} {toelichting}", stip_zaak::tekst::datum(*gereed, false)).trim().to_string()
                }
                GebeurtenisSoort::WijzigingGemeld { nummer, oordeel, .. } => {
                    let oordeel = serde_json::to_value(oordeel).unwrap_or_default();
                    let sleutel = oordeel.as_str().unwrap_or_default().replace(' ', "_");
                    format!("{nummer}: {}", lang.lang.text(&format!("realisatie.oordeel_{sleutel}")))
                }
                GebeurtenisSoort::WijzigingBevestigd { nummer, toelichting } => {
                    format!("{nummer} {toelichting}").trim().to_string()
                }
                GebeurtenisSoort::NazorgGevraagd { vraag } => vraag.clone(),
                GebeurtenisSoort::NazorgGehad { verslag } => verslag.clone(),
                GebeurtenisSoort::InspectieGepland { datum, inspecteur, .. } => {
                    format!("{} ({inspecteur})", stip_zaak::tekst::datum(*datum, false))
                }
                GebeurtenisSoort::BewijsGevraagd { vraag, .. } => vraag.clone(),
                _ => String::new(),
            };
            json!({ "volgnummer": g.volgnummer, "op": stip_zaak::tekst::tijdstip(g.op), "opIso": g.op.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(), "doorNaam": g.door_naam, "soort": g.soort.naam(), "tekst": tekst })
        })
        .collect();
    let uitkomsten: Vec<&str> = Uitkomst::ALL.iter().map(|u| u.as_str()).collect();
    let realisatie = b.zaak.vergunning_bruikbaar_sinds().map(|_| mj(&json!(stip_app::realisatie::weergave(state, &b))));
    // Views to answer in the decision and objections to handle; only for those who handle the case.
    let (zienswijzen, bezwaren) = if b.mag(&a, Actie::Behandel).is_ok() {
        (
            stip_app::bezwaar::zienswijzen(state, &a, b.rij.id).await.unwrap_or_default(),
            stip_app::bezwaar::bezwaren(state, &a, b.rij.id).await.unwrap_or_default(),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    state.templates().render(
        "behandel.html",
        lang,
        status,
        context! {
            page => "werkvoorraad", z => mj(&z), a => mj(&b.aanvraag), acties => acties, fouten => mj(&fouten),
            documenten => mj(&documenten), vragen => mj(&vragen), plantoets => plantoets, historie => mj(&historie),
            uitkomsten => uitkomsten, vandaag => vandaag.to_string(),
            zienswijzen => mj(&zienswijzen), bezwaren => mj(&bezwaren), realisatie => realisatie,
            standaard_uiterlijk => vandaag.saturating_add(time::Duration::weeks(2)).to_string(),
        },
    )
}

/// An official's action on a case, from the case view's forms.
pub(super) async fn actie(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path((id, soort)): Path<(String, String)>,
    axum::Form(paren): axum::Form<Vec<(String, String)>>,
) -> Response {
    let gedaan = async {
        let zid = api_zaken::zaak_id(&id)?;
        let a = actor(&ingelogd.gebruiker);
        let gezag = a.bevoegd_gezag.clone().unwrap_or_default();
        stip_zaak::mag(&a, Actie::Werkvoorraad, &stip_zaak::Bron::Gezag(&gezag))
            .map_err(|_| ApiError::new(ErrorCode::Forbidden, "alleen medewerkers van de gemeente behandelen zaken"))?;
        let soort = uit_formulier(&soort, &paren)?;
        let soort = match soort {
            GebeurtenisSoort::BesluitGenomen { besluit } => {
                let b = dossier::lees_zaak(&state, &a, zid, Actie::Beslis).await?;
                GebeurtenisSoort::BesluitGenomen { besluit: api_zaken::besluit_uit(&b, besluit)? }
            }
            GebeurtenisSoort::OntwerpbesluitGenomen { besluit } => {
                let b = dossier::lees_zaak(&state, &a, zid, Actie::Beslis).await?;
                GebeurtenisSoort::OntwerpbesluitGenomen { besluit: api_zaken::besluit_uit(&b, besluit)? }
            }
            andere => api_zaken::vul_aan_door(&state, &ingelogd, andere).await?,
        };
        dossier::voeg_toe(&state, &a, zid, soort).await
    }
    .await;
    match gedaan {
        Ok(_) => Redirect::to(&format!("/backoffice/zaken/{id}")).into_response(),
        Err(e) if matches!(e.code, ErrorCode::NotFound | ErrorCode::Internal | ErrorCode::DatabaseUnavailable) => {
            fout(&state, lang, e)
        }
        Err(e) => {
            let (melding, status) = super::melding_van(&ApiError::from(e), lang);
            behandel_pagina(&state, lang, &ingelogd, &id, vec![json!({ "melding": melding })], status).await
        }
    }
}

/// Reads an official's form into an event.
fn uit_formulier(soort: &str, paren: &[(String, String)]) -> Result<GebeurtenisSoort, ApiError> {
    let veld = |k: &str| paren.iter().find(|(n, _)| n == k).map(|(_, v)| v.trim().to_string()).unwrap_or_default();
    let regels =
        |k: &str| veld(k).lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect::<Vec<_>>();
    let datum = |k: &str| {
        Date::parse(&veld(k), &time::format_description::well_known::Iso8601::DATE)
            .map_err(|_| ApiError::new(ErrorCode::InvalidRequest, "vul een datum in als jjjj-mm-dd"))
    };
    let nodig = |k: &str, wat: &str| {
        let v = veld(k);
        if v.is_empty() { Err(ApiError::new(ErrorCode::InvalidRequest, format!("vul {wat} in"))) } else { Ok(v) }
    };
    let besluit = || -> Result<Besluit, ApiError> {
        let uitkomst = Uitkomst::parse(&veld("uitkomst"))
            .ok_or_else(|| ApiError::new(ErrorCode::InvalidRequest, "kies een uitkomst"))?;
        Ok(Besluit {
            uitkomst,
            motivering: veld("motivering"),
            voorschriften: regels("voorschriften"),
            verleende_activiteiten: paren.iter().filter(|(k, _)| k == "activiteit").map(|(_, v)| v.clone()).collect(),
            // The nota van zienswijzen: per view `nota_samenvatting_<n>` and `nota_antwoord_<n>`.
            zienswijzen: paren
                .iter()
                .filter_map(|(k, v)| Some((k.strip_prefix("nota_antwoord_")?.parse::<u32>().ok()?, v)))
                .map(|(nummer, antwoord)| stip_zaak::besluit::Beantwoording {
                    nummer,
                    samenvatting: veld(&format!("nota_samenvatting_{nummer}")),
                    antwoord: antwoord.trim().to_string(),
                })
                .collect(),
        })
    };
    Ok(match soort {
        "beroep_ingesteld" => {
            GebeurtenisSoort::BeroepIngesteld { toelichting: nodig("toelichting", "de rechtbank en het kenmerk")? }
        }
        "beroep_afgedaan" => GebeurtenisSoort::BeroepAfgedaan { toelichting: nodig("toelichting", "de uitspraak")? },
        "in_behandeling_genomen" => GebeurtenisSoort::InBehandelingGenomen {
            behandelaar: uuid::Uuid::nil(),
            behandelaar_naam: String::new(),
            team: None,
        },
        "aanvulling_gevraagd" => GebeurtenisSoort::AanvullingGevraagd {
            vraag: nodig("vraag", "de vraag")?,
            documenten: regels("documenten"),
            uiterlijk: datum("uiterlijk")?,
        },
        "advies_gevraagd" => {
            GebeurtenisSoort::AdviesGevraagd { adviseur: nodig("adviseur", "de adviseur")?, vraag: veld("vraag") }
        }
        "advies_ontvangen" => {
            GebeurtenisSoort::AdviesOntvangen { adviseur: nodig("adviseur", "de adviseur")?, advies: veld("advies") }
        }
        "termijn_verlengd" => GebeurtenisSoort::TermijnVerlengd {
            weken: veld("weken")
                .parse()
                .map_err(|_| ApiError::new(ErrorCode::InvalidRequest, "vul het aantal weken in (1 tot 6)"))?,
            reden: nodig("reden", "de reden")?,
        },
        "ontwerpbesluit_genomen" => GebeurtenisSoort::OntwerpbesluitGenomen { besluit: besluit()? },
        "besluit_genomen" => GebeurtenisSoort::BesluitGenomen { besluit: besluit()? },
        "bekendgemaakt" => GebeurtenisSoort::Bekendgemaakt { datum: datum("datum")? },
        "onherroepelijk" => GebeurtenisSoort::Onherroepelijk,
        "wijziging_bevestigd" => GebeurtenisSoort::WijzigingBevestigd {
            nummer: veld("nummer")
                .parse()
                .map_err(|_| ApiError::new(ErrorCode::InvalidRequest, "kies de wijziging die u bevestigt"))?,
            toelichting: veld("toelichting"),
        },
        "nazorg_gehad" => {
            GebeurtenisSoort::NazorgGehad { verslag: nodig("verslag", "wat er in het gesprek besproken is")? }
        }
        "bericht" => GebeurtenisSoort::Bericht { tekst: nodig("tekst", "het bericht")?, van_aanvrager: false },
        "bericht_aan_belanghebbenden" => {
            GebeurtenisSoort::BerichtAanBelanghebbenden { tekst: nodig("tekst", "het bericht")? }
        }
        _ => return Err(ApiError::new(ErrorCode::NotFound, format!("onbekende actie {soort}"))),
    })
}

/// The customer view: one person's cases with this authority, their help requests and the messages.
pub(super) async fn klant(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
) -> Response {
    let a = actor(&ingelogd.gebruiker);
    let gezag = a.bevoegd_gezag.clone().unwrap_or_default();
    let gedaan = async {
        stip_zaak::mag(&a, Actie::Klantbeeld, &stip_zaak::Bron::Gezag(&gezag))
            .map_err(|_| ApiError::new(ErrorCode::Forbidden, "alleen medewerkers van deze organisatie zien het klantbeeld"))?;
        let uuid: uuid::Uuid = id.parse().map_err(|_| ApiError::new(ErrorCode::NotFound, "onbekende klant"))?;
        let klant = state.store().gebruiker(stip_store::GebruikerId(uuid)).await?;
        let zaken: Vec<stip_store::Zaak> =
            state.store().zaken_van(uuid).await?.into_iter().filter(|z| z.bevoegd_gezag == gezag).collect();
        let mut contacten = Vec::new();
        for z in &zaken {
            let b = dossier::beeld_van(&state, &a, z.clone(), Actie::LeesZaak).await?;
            for g in &b.gebeurtenissen {
                if let GebeurtenisSoort::Bericht { tekst, .. } = &g.soort {
                    contacten.push(json!({ "op": g.op.date().to_string(), "id": z.id.to_string(), "zaaknummer": z.zaaknummer, "van": g.door_naam, "tekst": tekst }));
                }
            }
        }
        let email = klant.email.clone().unwrap_or_default();
        let hulpvragen: Vec<Value> = state
            .store()
            .hulpvragen()
            .await?
            .into_iter()
            .filter(|h| !email.is_empty() && matches!(&h.contactvoorkeur, stip_store::Contactvoorkeur::Email { email: e } if e.eq_ignore_ascii_case(&email)))
            .map(|h| json!({ "referentie": h.id.referentie(), "ingediend": h.ingediend.date().to_string(), "status": h.status.as_str(), "vraag": h.vraag }))
            .collect();
        // Only people who have something with this authority: other officials learn nothing about anyone else.
        if zaken.is_empty() && hulpvragen.is_empty() {
            return Err(ApiError::new(ErrorCode::NotFound, "deze persoon heeft geen zaken of hulpvragen bij uw organisatie"));
        }
        let zaken: Vec<Value> = zaken.iter().map(|z| json!({ "id": z.id.to_string(), "zaaknummer": z.zaaknummer, "titel": z.titel, "status": z.status })).collect();
        Ok::<_, ApiError>(context! {
            page => "werkvoorraad",
            klant => context! { naam => klant.naam.clone(), email => email, aangemaakt => klant.aangemaakt.date().to_string() },
            zaken => mj(&zaken), hulpvragen => mj(&hulpvragen), contacten => mj(&contacten),
        })
    }
    .await;
    match gedaan {
        Ok(ctx) => state.templates().render("klant.html", lang, StatusCode::OK, ctx),
        Err(e) => fout(&state, lang, e),
    }
}
