//! The Vergunningcheck as pages that work without JavaScript: choose activities and a place, answer one question
//! per page, then a printable summary. Everything the user answered travels in the URL (GET forms), so Back,
//! Forward and bookmarks keep it; the engine (stip-sttr) decides, these handlers only adapt.

mod markdown;

use crate::AppState;
use crate::api::{Punt, proces_uitleg};
use crate::error::ApiError;
use crate::error::ErrorCode;
use crate::i18n::{Lang, RequestLang};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use minijinja::value::Value as Mj;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use stip_app::Kennis;
use stip_app::vergunningcheck::{CheckStap, checkbare_activiteiten};
use stip_sttr::Conclusie;

/// One check step for a page: the place parsed, then the use case (`stip_app::vergunningcheck::check`).
pub(super) fn stap(
    kennis: &Kennis,
    activiteiten: Vec<String>,
    punt: Option<&Punt>,
    antwoorden: std::collections::BTreeMap<String, Value>,
) -> Result<CheckStap, ApiError> {
    let plek = punt.map(Punt::rd).transpose()?;
    Ok(stip_app::vergunningcheck::check(kennis, activiteiten, plek, antwoorden)?)
}

/// The prefix of an answer's field name: `antwoord.<question id>`.
const ANTWOORD: &str = "antwoord.";

/// What the URL carries: the chosen activities, the place, the answers in the order given, and which question the
/// submitted form asked.
#[derive(Debug, Default)]
pub(super) struct Invoer {
    pub(super) activiteiten: Vec<String>,
    pub(super) x: String,
    pub(super) y: String,
    pub(super) antwoorden: Vec<(String, String)>,
    /// The draft application this check adds activities to (from "Doe de vergunningcheck voor deze aanvraag").
    pub(super) aanvraag: String,
    vraag: Option<String>,
    /// Words to find an activity by, on the start page.
    zoek: String,
    /// The building costs typed on the outcome page, for the estimate of the fees.
    bouwkosten: String,
    /// An address typed as the place (instead of coordinates); looked up once, then carried as x and y.
    adres: String,
}

impl Invoer {
    pub(super) fn lees(paren: Vec<(String, String)>) -> Invoer {
        let mut i = Invoer::default();
        for (k, v) in paren {
            match k.as_str() {
                "activiteit" if !v.trim().is_empty() && !i.activiteiten.contains(&v) => i.activiteiten.push(v),
                "x" => i.x = v.trim().to_string(),
                "y" => i.y = v.trim().to_string(),
                "vraag" => i.vraag = Some(v),
                "zoek" => i.zoek = v.trim().to_string(),
                "aanvraag" => i.aanvraag = v.trim().to_string(),
                "bouwkosten" => i.bouwkosten = v.trim().to_string(),
                "adres" => i.adres = v.trim().to_string(),
                _ => {
                    if let Some(id) = k.strip_prefix(ANTWOORD) {
                        // the later answer to the same question wins, in the place of the last one
                        i.antwoorden.retain(|(q, _)| q != id);
                        i.antwoorden.push((id.to_string(), v));
                    }
                }
            }
        }
        i
    }

    /// The place, when both coordinates are filled in; a message key when they cannot be used.
    pub(super) fn punt(&self) -> Result<Option<Punt>, &'static str> {
        let getal = |s: &str| s.replace(',', ".").parse::<f64>().ok().filter(|v| v.is_finite());
        match (self.x.is_empty(), self.y.is_empty()) {
            (true, true) => Ok(None),
            (false, false) => match (getal(&self.x), getal(&self.y)) {
                (Some(x), Some(y)) => {
                    let p = Punt { x: Some(x), y: Some(y), ..Punt::default() };
                    p.rd().map(|_| Some(p)).map_err(|_| "fout.invalid_coordinates")
                }
                _ => Err("fout.invalid_coordinates"),
            },
            _ => Err("vergunningcheck.fout_plek_half"),
        }
    }

    pub(super) fn antwoorden_json(&self) -> BTreeMap<String, Value> {
        self.antwoorden.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect()
    }

    /// The query string of this state, answers in order (without the form's `vraag` marker).
    pub(super) fn query(&self, antwoorden: &[(String, String)]) -> String {
        let mut paren: Vec<(String, &str)> =
            self.activiteiten.iter().map(|a| ("activiteit".to_string(), a.as_str())).collect();
        if !self.x.is_empty() || !self.y.is_empty() {
            paren.push(("x".into(), &self.x));
            paren.push(("y".into(), &self.y));
        }
        if !self.aanvraag.is_empty() {
            paren.push(("aanvraag".into(), &self.aanvraag));
        }
        paren.extend(antwoorden.iter().map(|(k, v)| (format!("{ANTWOORD}{k}"), v.as_str())));
        paren.iter().map(|(k, v)| format!("{}={}", url_encode(k), url_encode(v))).collect::<Vec<_>>().join("&")
    }

    /// The check's state as hidden form fields (name, value), answers included: a form on the outcome page keeps it.
    fn velden(&self) -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> =
            self.activiteiten.iter().map(|a| ("activiteit".to_string(), a.clone())).collect();
        if !self.x.is_empty() || !self.y.is_empty() {
            v.push(("x".into(), self.x.clone()));
            v.push(("y".into(), self.y.clone()));
        }
        if !self.aanvraag.is_empty() {
            v.push(("aanvraag".into(), self.aanvraag.clone()));
        }
        v.extend(self.antwoorden.iter().map(|(k, a)| (format!("{ANTWOORD}{k}"), a.clone())));
        v
    }

    /// The page of the question before: the answers without the last one, or the start page before the first.
    fn vorige_href(&self) -> String {
        match self.antwoorden.split_last() {
            Some((_, eerder)) => format!("/vergunningcheck/vraag?{}", self.query(eerder)),
            None => format!("/vergunningcheck?{}", self.query(&[])),
        }
    }
}

pub(crate) fn mj<T: serde::Serialize>(v: &T) -> Mj {
    Mj::from(minijinja::value::Serde(v))
}

pub(crate) fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The start page: which activities, and where (optional; prefilled from the map page's `x`, `y`).
pub(super) async fn start(
    State(state): State<AppState>,
    lang: RequestLang,
    Query(paren): Query<Vec<(String, String)>>,
) -> Response {
    start_pagina(&state, lang, &Invoer::lees(paren), None, StatusCode::OK)
}

fn start_pagina(
    state: &AppState,
    lang: RequestLang,
    invoer: &Invoer,
    fout: Option<Fout>,
    status: StatusCode,
) -> Response {
    let kennis = state.kennis();
    let plek = invoer.punt().ok().flatten().and_then(|p| p.rd().ok());
    let gevonden: Vec<String> = checkbare_activiteiten(&kennis, plek, &invoer.zoek).into_iter().map(|a| a.id).collect();
    // Every activity that matches the words, and every one already chosen (a search never drops a choice).
    let activiteiten: Vec<Value> = checkbare_activiteiten(&kennis, plek, "")
        .into_iter()
        .filter(|a| gevonden.contains(&a.id) || invoer.activiteiten.contains(&a.id))
        .map(|a| {
            json!({ "id": a.id, "naam": a.naam, "hier": a.hier, "werkzaamheden": a.werkzaamheden,
                    "gekozen": invoer.activiteiten.contains(&a.id) })
        })
        .collect();
    let hier = activiteiten.iter().any(|a| !a["hier"].is_null());
    let (fout_activiteit, fout_plek, fout_tekst) = match &fout {
        Some(Fout::Activiteit(t)) => (Some(t.clone()), None, Some(t.clone())),
        Some(Fout::Plek(t)) => (None, Some(t.clone()), Some(t.clone())),
        None => (None, None, None),
    };
    state.templates().render(
        "vergunningcheck.html",
        lang,
        status,
        context! {
            page => "vergunningcheck",
            activiteiten => mj(&activiteiten),
            hier => hier,
            zoek => &invoer.zoek,
            gekozen => &invoer.activiteiten,
            x => &invoer.x, y => &invoer.y, aanvraag => &invoer.aanvraag, adres => &invoer.adres,
            plek_woorden => invoer.punt().ok().flatten().and_then(|p| p.rd().ok())
                .map(|p| mj(&stip_app::regels::plek_in_woorden(state, &state.kennis(), p))),
            fout => fout_tekst, fout_activiteit => fout_activiteit, fout_plek => fout_plek,
        },
    )
}

/// What went wrong on the start page.
enum Fout {
    Activiteit(String),
    Plek(String),
}

/// A start-page error for a problem the engine or the place gave.
fn start_fout(lang: Lang, code: ErrorCode, detail: Option<&str>) -> Fout {
    match code {
        ErrorCode::InvalidCoordinates => Fout::Plek(lang.text("fout.invalid_coordinates").to_string()),
        ErrorCode::UnknownActivity => Fout::Activiteit(lang.text("vergunningcheck.fout_onbekend").to_string()),
        ErrorCode::InvalidRequest => Fout::Activiteit(lang.text("vergunningcheck.fout_geen_activiteit").to_string()),
        _ => Fout::Activiteit(detail.unwrap_or_else(|| crate::error::titel(code, lang)).to_string()),
    }
}

/// Checks what the URL carries; on a problem with the activities or the place, the start page with the message.
fn controleer(state: &AppState, lang: RequestLang, invoer: &Invoer) -> Result<Option<Punt>, Box<Response>> {
    if invoer.activiteiten.is_empty() {
        let t = lang.lang.text("vergunningcheck.fout_geen_activiteit").to_string();
        return Err(Box::new(start_pagina(state, lang, invoer, Some(Fout::Activiteit(t)), StatusCode::BAD_REQUEST)));
    }
    invoer.punt().map_err(|key| {
        let t = lang.lang.text(key).to_string();
        Box::new(start_pagina(state, lang, invoer, Some(Fout::Plek(t)), StatusCode::BAD_REQUEST))
    })
}

/// One question per page; when every activity is decided, on to the summary.
pub(super) async fn vraag(
    State(state): State<AppState>,
    lang: RequestLang,
    Query(paren): Query<Vec<(String, String)>>,
) -> Response {
    if paren.iter().all(|(k, _)| k == "lang") {
        return Redirect::to("/vergunningcheck").into_response();
    }
    let mut invoer = Invoer::lees(paren);
    // An address typed on the start page becomes the place (x, y in the URL from here on), or a message beside it.
    if !invoer.adres.is_empty() && invoer.x.is_empty() && invoer.y.is_empty() {
        match state.kennis().adressen.zoek(&invoer.adres, 1).first() {
            Some(a) => {
                (invoer.x, invoer.y) = (format!("{:.2}", a.x), format!("{:.2}", a.y));
                return Redirect::to(&format!("/vergunningcheck/vraag?{}", invoer.query(&invoer.antwoorden)))
                    .into_response();
            }
            None => {
                let t = lang.lang.text("fout.adres_onbekend").to_string();
                return start_pagina(&state, lang, &invoer, Some(Fout::Plek(t)), StatusCode::BAD_REQUEST);
            }
        }
    }
    let punt = match controleer(&state, lang, &invoer) {
        Ok(p) => p,
        Err(pagina) => return *pagina,
    };
    let kennis = state.kennis();
    let uitkomst = stap(&kennis, invoer.activiteiten.clone(), punt.as_ref(), invoer.antwoorden_json());
    match uitkomst {
        Ok(CheckStap::Vraag { vraag }) => {
            // The form was sent without an answer to its question (no option chosen).
            let leeg = invoer.vraag.as_deref() == Some(vraag.id.as_str())
                && !invoer.antwoorden.iter().any(|(k, _)| *k == vraag.id);
            let fout = leeg.then(|| lang.lang.text("vergunningcheck.fout_leeg").to_string());
            let status = if leeg { StatusCode::BAD_REQUEST } else { StatusCode::OK };
            vraag_pagina(&state, lang, &invoer, &invoer.antwoorden, vraag, fout, None, status)
        }
        Ok(CheckStap::Conclusie { .. }) => {
            Redirect::to(&format!("/vergunningcheck/uitkomst?{}", invoer.query(&invoer.antwoorden))).into_response()
        }
        Err(e) if e.code == ErrorCode::InvalidAnswer => {
            // Ask again, without the wrong answers, with the engine's Dutch message beside the field.
            let goed: Vec<(String, String)> =
                invoer.antwoorden.iter().filter(|(k, _)| !e.fouten.iter().any(|f| f.vraag == *k)).cloned().collect();
            let json = goed.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect();
            match stap(&kennis, invoer.activiteiten.clone(), punt.as_ref(), json) {
                Ok(CheckStap::Vraag { vraag }) => {
                    let fout = e.fouten.iter().find(|f| f.vraag == vraag.id);
                    let melding =
                        fout.map(|f| f.melding.clone()).or_else(|| e.fouten.first().map(|f| f.melding.clone()));
                    let waarde = fout
                        .and_then(|f| invoer.antwoorden.iter().find(|(k, _)| *k == f.vraag))
                        .map(|(_, v)| v.clone());
                    vraag_pagina(&state, lang, &invoer, &goed, vraag, melding, waarde, StatusCode::BAD_REQUEST)
                }
                _ => {
                    let t = e.fouten.first().map(|f| f.melding.clone()).unwrap_or_default();
                    start_pagina(&state, lang, &invoer, Some(Fout::Activiteit(t)), StatusCode::BAD_REQUEST)
                }
            }
        }
        Err(e) => {
            let fout = start_fout(lang.lang, e.code, e.detail.as_deref());
            start_pagina(&state, lang, &invoer, Some(fout), StatusCode::BAD_REQUEST)
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn vraag_pagina(
    state: &AppState,
    lang: RequestLang,
    invoer: &Invoer,
    antwoorden: &[(String, String)],
    vraag: stip_sttr::Vraag,
    fout: Option<String>,
    waarde: Option<String>,
    status: StatusCode,
) -> Response {
    let huidig = Invoer {
        activiteiten: invoer.activiteiten.clone(),
        x: invoer.x.clone(),
        y: invoer.y.clone(),
        antwoorden: antwoorden.to_vec(),
        ..Invoer::default()
    };
    let verborgen: Vec<Value> = huidig
        .antwoorden
        .iter()
        .filter(|(k, _)| *k != vraag.id)
        .map(|(k, v)| json!({ "naam": format!("{ANTWOORD}{k}"), "waarde": v }))
        .collect();
    // What to show in the field: the wrong answer given, else the map's suggestion.
    let waarde = waarde.or_else(|| {
        vraag.prefill.as_ref().map(|p| match serde_json::to_value(p).unwrap_or(Value::Null) {
            Value::Bool(true) => "ja".to_string(),
            Value::Bool(false) => "nee".to_string(),
            Value::String(s) => s,
            other => other.to_string(),
        })
    });
    let opties: Vec<Value> = match vraag.type_ {
        "boolean" => vec![
            json!({ "waarde": "ja", "tekst": lang.lang.text("vergunningcheck.ja"), "data": false }),
            json!({ "waarde": "nee", "tekst": lang.lang.text("vergunningcheck.nee"), "data": false }),
        ],
        _ => vraag.opties.iter().map(|o| json!({ "waarde": o.waarde, "tekst": o.tekst, "data": true })).collect(),
    };
    let keuze = matches!(vraag.type_, "boolean" | "list" | "geoVerwijzing") && !opties.is_empty();
    let toelichting = vraag.toelichting.as_deref().map(markdown::naar_html);
    let lange_toelichting = vraag.lange_toelichting.as_deref().map(markdown::naar_html);
    let nummer = huidig.antwoorden.iter().filter(|(k, _)| *k != vraag.id).count() + 1;
    state.templates().render(
        "vergunningcheck-vraag.html",
        lang,
        status,
        context! {
            page => "vergunningcheck",
            vraag => mj(&vraag),
            veld => format!("{ANTWOORD}{}", vraag.id),
            keuze => keuze,
            opties => mj(&opties),
            waarde => waarde,
            fout => fout,
            toelichting => toelichting.map(Mj::from_safe_string),
            lange_toelichting => lange_toelichting.map(Mj::from_safe_string),
            activiteiten => &huidig.activiteiten,
            x => &huidig.x, y => &huidig.y, aanvraag => &huidig.aanvraag,
            verborgen => mj(&verborgen),
            nummer => nummer,
            // The last question that can still matter is numbered "van N" exactly; before it, "van maximaal N".
            totaal => nummer + vraag.nog_ten_hoogste - 1,
            totaal_zeker => vraag.nog_ten_hoogste == 1,
            vorige => invoer_zonder_vraag(&huidig, &vraag.id).vorige_href(),
        },
    )
}

/// The state as it was before this question: drop an answer to it, if the URL already held one.
fn invoer_zonder_vraag(invoer: &Invoer, id: &str) -> Invoer {
    Invoer {
        activiteiten: invoer.activiteiten.clone(),
        x: invoer.x.clone(),
        y: invoer.y.clone(),
        antwoorden: invoer.antwoorden.iter().filter(|(k, _)| k != id).cloned().collect(),
        ..Invoer::default()
    }
}

/// The summary: per activity the conclusion, why, what would change it; the action list and the procedures.
pub(super) async fn uitkomst(
    State(state): State<AppState>,
    lang: RequestLang,
    Query(paren): Query<Vec<(String, String)>>,
) -> Response {
    let invoer = Invoer::lees(paren);
    let punt = match controleer(&state, lang, &invoer) {
        Ok(p) => p,
        Err(pagina) => return *pagina,
    };
    let kennis = state.kennis();
    match stap(&kennis, invoer.activiteiten.clone(), punt.as_ref(), invoer.antwoorden_json()) {
        Ok(CheckStap::Conclusie { conclusies, actielijst, suggesties }) => {
            let l = lang.lang;
            let plek = punt.as_ref().and_then(|p| p.rd().ok());
            let bouwkosten_cent = stip_app::leges::euro_naar_cent(&invoer.bouwkosten);
            let raming = stip_app::leges::voor_check(
                &state,
                &kennis,
                &actielijst,
                plek,
                bouwkosten_cent,
                state.klok().vandaag(),
            );
            let leges = super::leges::weergave(raming, &invoer.bouwkosten);
            let plek_woorden = plek.map(|p| stip_app::regels::plek_in_woorden(&state, &kennis, p));
            let velden = invoer.velden();
            let conclusies: Vec<Value> = conclusies
                .iter()
                .map(|c| {
                    let mut v = serde_json::to_value(c).unwrap_or(Value::Null);
                    v["zin"] = l.text(&format!("vergunningcheck.conclusie_{}", c.conclusie.as_str())).into();
                    v["ook"] = c
                        .conclusies
                        .iter()
                        .filter(|o| **o != c.conclusie && **o != Conclusie::Onbepaald)
                        .map(|o| l.text(&format!("vergunningcheck.conclusie_{}", o.as_str())))
                        .collect::<Vec<_>>()
                        .into();
                    v["toelichtingHtml"] = c.uitleg.conclusie_toelichting.as_deref().map(markdown::naar_html).into();
                    let proces = proces_uitleg(l, stip_zaak::procedure::Procedure::voor(c.conclusie), None);
                    v["proces"] = serde_json::to_value(proces).unwrap_or(Value::Null);
                    if let Some(antwoorden) = v["uitleg"]["antwoorden"].as_array_mut() {
                        for a in antwoorden {
                            a["tekstAntwoord"] = antwoord_tekst(l, &a["antwoord"]).into();
                            a["bronTekst"] =
                                l.text(&format!("vergunningcheck.bron_{}", a["bron"].as_str().unwrap_or(""))).into();
                        }
                    }
                    v
                })
                .collect();
            let actielijst: Vec<Value> = actielijst
                .iter()
                .map(|a| {
                    let mut v = serde_json::to_value(a).unwrap_or(Value::Null);
                    if let Some(docs) = v["indieningsvereisten"]["documenten"].as_array_mut() {
                        for d in docs {
                            d["toelichtingHtml"] = d["toelichting"].as_str().map(markdown::naar_html).into();
                        }
                    }
                    v
                })
                .collect();
            let suggesties: Vec<Value> = suggesties
                .iter()
                .map(|s| {
                    let mut met = Invoer {
                        activiteiten: invoer.activiteiten.clone(),
                        x: invoer.x.clone(),
                        y: invoer.y.clone(),
                        ..Invoer::default()
                    };
                    met.activiteiten.push(s.activiteit.clone());
                    json!({ "naam": s.activiteit_naam, "reden": s.reden, "href": format!("/vergunningcheck?{}", met.query(&[])) })
                })
                .collect();
            state.templates().render(
                "vergunningcheck-uitkomst.html",
                lang,
                StatusCode::OK,
                context! {
                    page => "vergunningcheck",
                    conclusies => mj(&conclusies),
                    actielijst => mj(&actielijst),
                    suggesties => mj(&suggesties),
                    x => &invoer.x, y => &invoer.y, aanvraag => &invoer.aanvraag,
                    plek_woorden => mj(&plek_woorden),
                    vorige => invoer.vorige_href(),
                    query => invoer.query(&invoer.antwoorden),
                    leges => mj(&leges), velden => velden,
                    bouwkosten_naam => "bouwkosten", bouwkosten_form => "leges-formulier",
                    aanvraagbaar => actielijst.iter().any(|a| matches!(a["actie"].as_str(), Some("aanvragen" | "melden" | "informeren"))),
                },
            )
        }
        Ok(CheckStap::Vraag { .. }) => {
            Redirect::to(&format!("/vergunningcheck/vraag?{}", invoer.query(&invoer.antwoorden))).into_response()
        }
        Err(e) => {
            let fout = start_fout(lang.lang, e.code, e.detail.as_deref());
            start_pagina(&state, lang, &invoer, Some(fout), StatusCode::BAD_REQUEST)
        }
    }
}

/// An answer in words: ja/nee, a number with a decimal comma, or the text.
pub(super) fn antwoord_tekst(l: Lang, v: &Value) -> String {
    match v {
        Value::Bool(true) => l.text("vergunningcheck.ja").to_string(),
        Value::Bool(false) => l.text("vergunningcheck.nee").to_string(),
        Value::Number(n) => {
            let s = n.to_string();
            if l == Lang::Nl { s.replace('.', ",") } else { s }
        }
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(|i| antwoord_tekst(l, i)).collect::<Vec<_>>().join(", "),
        Value::Null | Value::Object(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_in_the_url_reads_back_with_the_last_answer_to_a_question_winning() {
        let i = Invoer::lees(vec![
            ("activiteit".into(), "a.1".into()),
            ("x".into(), " 138398.3 ".into()),
            ("y".into(), "424546,8".into()),
            ("antwoord.m#q1".into(), "ja".into()),
            ("antwoord.m#q2".into(), "20".into()),
            ("antwoord.m#q1".into(), "nee".into()),
            ("lang".into(), "en".into()),
        ]);
        assert_eq!(i.activiteiten, vec!["a.1"]);
        assert_eq!(i.antwoorden, vec![("m#q2".to_string(), "20".to_string()), ("m#q1".to_string(), "nee".to_string())]);
        assert!(i.punt().unwrap().is_some());
        assert_eq!(
            i.query(&i.antwoorden),
            "activiteit=a.1&x=138398.3&y=424546%2C8&antwoord.m%23q2=20&antwoord.m%23q1=nee"
        );
        assert_eq!(i.vorige_href(), "/vergunningcheck/vraag?activiteit=a.1&x=138398.3&y=424546%2C8&antwoord.m%23q2=20");
    }

    #[test]
    fn half_a_place_or_a_word_for_a_coordinate_is_a_message_not_a_panic() {
        let half = Invoer { x: "1".into(), ..Invoer::default() };
        assert_eq!(half.punt().unwrap_err(), "vergunningcheck.fout_plek_half");
        let woord = Invoer { x: "hier".into(), y: "daar".into(), ..Invoer::default() };
        assert_eq!(woord.punt().unwrap_err(), "fout.invalid_coordinates");
        assert!(Invoer::default().punt().unwrap().is_none());
    }
}
