//! "Teken uw plan" and the droog-oefenen report: the page where an initiator draws (or sizes, or uploads) the plan,
//! the report that puts what applies here, the Vergunningcheck and the plan check together, and the saved report
//! behind a share link. The plan check itself is `stip_app::plancheck` (the same code as the API); these handlers
//! adapt.

use super::vergunningcheck::stap;
use super::vergunningcheck::{Invoer, mj};
use crate::AppState;
use crate::api::proces_uitleg;
use crate::error::ErrorCode;
use crate::i18n::{Lang, RequestLang};
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use serde_json::{Value, json};
use stip_app::plancheck::{Planvraag, plancheck};
use stip_app::vergunningcheck::CheckStap;
use stip_geo::RdPoint;
use stip_geo::transform::{rd_to_wgs84, wgs84_to_rd};
use stip_store::{NieuwVerslag, VerslagRepository};
use stip_zaak::procedure::Procedure;
use time::Duration;

/// How long a saved report can be opened by its link.
pub const VERSLAG_GELDIG: Duration = Duration::days(90);

/// The plan fields of the form, as typed (so that a form with a mistake comes back as it was sent).
#[derive(Debug, Default, Clone, serde::Serialize)]
struct Planinvoer {
    /// How the footprint is given: `rechthoek` (width × depth at the place), `tekening` (drawn on the map) or
    /// `geojson` (pasted).
    bron: String,
    geometrie: String,
    crs: String,
    breedte: String,
    diepte: String,
    /// Where the rectangle's middle lies from the place, in metres east and north (negative: west, south).
    oost: String,
    noord: String,
    /// How far the rectangle is turned, in degrees clockwise (a building along a street that is not north-south).
    draaiing: String,
    bouwhoogte: String,
    goothoogte: String,
    bouwlagen: String,
    wooneenheden: String,
    functie: String,
    uitbreiding_van: String,
}

/// The plan fields' names, in the order of the form.
const PLANVELDEN: [&str; 14] = [
    "bron",
    "geometrie",
    "crs",
    "breedte",
    "diepte",
    "oost",
    "noord",
    "draaiing",
    "bouwhoogte",
    "goothoogte",
    "bouwlagen",
    "wooneenheden",
    "functie",
    "uitbreidingVan",
];

impl Planinvoer {
    fn lees(paren: &[(String, String)]) -> Planinvoer {
        let mut p = Planinvoer::default();
        for (k, v) in paren {
            let v = v.trim().to_string();
            match k.as_str() {
                "bron" => p.bron = v,
                "geometrie" => p.geometrie = v,
                "crs" => p.crs = v,
                "breedte" => p.breedte = v,
                "diepte" => p.diepte = v,
                "oost" => p.oost = v,
                "noord" => p.noord = v,
                "draaiing" => p.draaiing = v,
                "bouwhoogte" => p.bouwhoogte = v,
                "goothoogte" => p.goothoogte = v,
                "bouwlagen" => p.bouwlagen = v,
                "wooneenheden" => p.wooneenheden = v,
                "functie" => p.functie = v,
                "uitbreidingVan" => p.uitbreiding_van = v,
                _ => {}
            }
        }
        if p.bron.is_empty() {
            p.bron = if p.geometrie.is_empty() { "rechthoek".into() } else { "geojson".into() };
        }
        p
    }

    /// The form's plan as the API's question; a message per field that cannot be read.
    fn vraag(&self, plek: Option<RdPoint>, lang: Lang) -> Result<Planvraag, Vec<(String, String)>> {
        let mut fouten = Vec::new();
        let tekst = |key: &str| lang.text(key).to_string();
        let getal = |veld: &str, s: &str, fouten: &mut Vec<(String, String)>| -> Option<Value> {
            if s.is_empty() {
                return None;
            }
            match s.replace(',', ".").parse::<f64>() {
                Ok(v) if v.is_finite() => serde_json::Number::from_f64(v).map(Value::Number),
                _ => {
                    let label = lang.text(&format!("plancheck.{veld}")).to_lowercase();
                    fouten.push((veld.to_string(), lang.text("plancheck.fout_getal").replace("{veld}", &label)));
                    None
                }
            }
        };
        let (geometrie, crs) = match self.bron.as_str() {
            "rechthoek" => {
                let b = getal("breedte", &self.breedte, &mut fouten);
                let d = getal("diepte", &self.diepte, &mut fouten);
                let mut plaats = |veld: &str, s: &str, grens: f64, key: &str| -> f64 {
                    match getal(veld, s, &mut fouten).and_then(|v| v.as_f64()) {
                        Some(v) if v.abs() <= grens => v,
                        Some(_) => {
                            fouten.push((veld.into(), tekst(key)));
                            0.0
                        }
                        None => 0.0,
                    }
                };
                let oost = plaats("oost", &self.oost, 200.0, "plancheck.fout_verschuiving");
                let noord = plaats("noord", &self.noord, 200.0, "plancheck.fout_verschuiving");
                let draaiing = plaats("draaiing", &self.draaiing, 360.0, "plancheck.fout_draaiing");
                match (plek, b.and_then(|v| v.as_f64()), d.and_then(|v| v.as_f64())) {
                    (None, _, _) => {
                        fouten.push(("x".into(), tekst("plancheck.fout_plek")));
                        (None, None)
                    }
                    (Some(p), Some(b), Some(d)) if b > 0.0 && d > 0.0 && b <= 500.0 && d <= 500.0 => {
                        let ring = rechthoek(p, b, d, oost, noord, draaiing).map(|(x, y)| json!([x, y]));
                        (Some(json!({ "type": "Polygon", "coordinates": [ring] })), Some("EPSG:28992".to_string()))
                    }
                    (Some(_), b, d) => {
                        if b.is_none_or(|v| !(v > 0.0 && v <= 500.0)) {
                            fouten.push(("breedte".into(), tekst("plancheck.fout_breedte")));
                        }
                        if d.is_none_or(|v| !(v > 0.0 && v <= 500.0)) {
                            fouten.push(("diepte".into(), tekst("plancheck.fout_diepte")));
                        }
                        (None, None)
                    }
                }
            }
            _ if self.geometrie.is_empty() => {
                let key =
                    if self.bron == "tekening" { "plancheck.fout_tekening" } else { "plancheck.fout_geojson_leeg" };
                fouten.push(("geometrie".into(), tekst(key)));
                (None, None)
            }
            _ => match serde_json::from_str::<Value>(&self.geometrie) {
                Ok(v) => (Some(v), Some(if self.crs.is_empty() { "EPSG:28992".into() } else { self.crs.clone() })),
                Err(e) => {
                    fouten.push(("geometrie".into(), format!("{} {e}.", tekst("plancheck.fout_geojson"))));
                    (None, None)
                }
            },
        };
        let vraag = Planvraag {
            geometrie,
            crs,
            bouwhoogte: getal("bouwhoogte", &self.bouwhoogte, &mut fouten),
            goothoogte: getal("goothoogte", &self.goothoogte, &mut fouten),
            bouwlagen: getal("bouwlagen", &self.bouwlagen, &mut fouten),
            wooneenheden: getal("wooneenheden", &self.wooneenheden, &mut fouten),
            functie: Some(self.functie.clone()).filter(|f| !f.is_empty()),
            uitbreiding_van: Some(self.uitbreiding_van.clone()).filter(|f| !f.is_empty()),
        };
        if fouten.is_empty() { Ok(vraag) } else { Err(fouten) }
    }
}

/// The corners (closed ring, RD New) of a `breedte` × `diepte` rectangle whose middle lies `oost`, `noord` metres
/// from `p`, turned `draaiing` degrees clockwise about its middle.
fn rechthoek(p: RdPoint, breedte: f64, diepte: f64, oost: f64, noord: f64, draaiing: f64) -> [(f64, f64); 5] {
    let (hb, hd) = (breedte / 2.0, diepte / 2.0);
    let (sin, cos) = draaiing.to_radians().sin_cos();
    let (mx, my) = (p.x() + oost, p.y() + noord);
    [(-hb, -hd), (hb, -hd), (hb, hd), (-hb, hd), (-hb, -hd)]
        .map(|(dx, dy)| (mx + dx * cos + dy * sin, my - dx * sin + dy * cos))
}

/// The form's fields to send on (hidden) — the Vergunningcheck's and the plan's — without the CSRF token.
fn doorgeven(paren: &[(String, String)]) -> Vec<Value> {
    velden(paren).map(|(k, v)| json!({ "naam": k, "waarde": v })).collect()
}

/// The form's own fields: without the CSRF token (each form gets a fresh one) and the language switch.
fn velden(paren: &[(String, String)]) -> impl Iterator<Item = &(String, String)> {
    paren.iter().filter(|(k, _)| k != crate::csrf::CSRF_VELD && k != "lang")
}

/// A plan as a plan-check form gives it.
pub(super) struct FormulierPlan {
    /// The footprint as GeoJSON, in `crs`.
    pub(super) geometrie: Value,
    pub(super) crs: String,
    pub(super) bouwhoogte: Option<f64>,
    pub(super) punt: Option<RdPoint>,
    /// The activities of the Vergunningcheck the form carries.
    pub(super) activiteiten: Vec<String>,
}

/// The plan of a plan-check form (as the report carries it on): its footprint and CRS as the API takes them, the
/// height, the place and the activities of the Vergunningcheck; a message per wrong field.
pub(super) fn plan_van_formulier(
    paren: &[(String, String)],
    lang: Lang,
) -> Result<FormulierPlan, Vec<(String, String)>> {
    let invoer = Invoer::lees(paren.to_vec());
    if let Err(key) = invoer.punt() {
        return Err(vec![("x".into(), lang.text(key).to_string())]);
    }
    let punt = plek(&invoer);
    let vraag = Planinvoer::lees(paren).vraag(punt, lang)?;
    let geometrie = vraag
        .geometrie
        .ok_or_else(|| vec![("geometrie".into(), lang.text("plancheck.fout_geojson_leeg").to_string())])?;
    Ok(FormulierPlan {
        geometrie,
        crs: vraag.crs.unwrap_or_else(|| "EPSG:28992".into()),
        bouwhoogte: vraag.bouwhoogte.as_ref().and_then(Value::as_f64),
        punt,
        activiteiten: invoer.activiteiten,
    })
}

/// The place of the journey in RD New, when the form carries one.
fn plek(invoer: &Invoer) -> Option<RdPoint> {
    invoer.punt().ok().flatten().and_then(|p| p.rd().ok())
}

/// `GET /plancheck`: the form, with what the Vergunningcheck already knows carried along.
pub(super) async fn formulier(
    State(state): State<AppState>,
    lang: RequestLang,
    Query(paren): Query<Vec<(String, String)>>,
) -> Response {
    formulier_pagina(&state, lang, &paren, Vec::new(), StatusCode::OK)
}

fn formulier_pagina(
    state: &AppState,
    lang: RequestLang,
    paren: &[(String, String)],
    fouten: Vec<(String, String)>,
    status: StatusCode,
) -> Response {
    let kennis = state.kennis();
    let invoer = Invoer::lees(paren.to_vec());
    let mut plan = Planinvoer::lees(paren);
    // What the Vergunningcheck was told (area, height) fills a fresh form: a square of that area and that height,
    // to place and turn. A form that comes back keeps what the person typed.
    let maten = stip_app::plancheck::maten_uit_check(&kennis.sttr, &invoer.antwoorden);
    let vers = !paren.iter().any(|(k, _)| PLANVELDEN.contains(&k.as_str()));
    let mut overgenomen = Vec::new();
    if vers {
        if let Some(a) = maten.oppervlakte_m2 {
            let zijde = stip_app::tekst::getal((a.sqrt() * 10.0).round() / 10.0, true);
            (plan.breedte, plan.diepte) = (zijde.clone(), zijde);
            overgenomen.push(format!(
                "{} {} m²",
                lang.lang.text("plancheck.overgenomen_oppervlakte"),
                stip_app::tekst::getal(a, lang.lang == Lang::En)
            ));
        }
        if let Some(h) = maten.bouwhoogte_m {
            plan.bouwhoogte = stip_app::tekst::getal(h, true);
            overgenomen.push(format!(
                "{} {} m",
                lang.lang.text("plancheck.overgenomen_hoogte"),
                stip_app::tekst::getal(h, lang.lang == Lang::En)
            ));
        }
    }
    let punt = plek(&invoer).or(kennis.middelpunt);
    let centrum = punt.and_then(|p| rd_to_wgs84(p).ok()).map(|w| [w.lon(), w.lat()]);
    // The buildings under the place, to extend one of them.
    let panden: Vec<Value> = plek(&invoer)
        .map(|p| kennis.regels.at_point(p).panden)
        .unwrap_or_default()
        .iter()
        .map(|p| json!({ "id": p.identificatie, "bouwjaar": p.bouwjaar }))
        .collect();
    // The Vergunningcheck's fields (and any extra the page was given) go on hidden; the plan's are the form's own.
    let verborgen: Vec<Value> = doorgeven(paren)
        .into_iter()
        .filter(|v| {
            let naam = v["naam"].as_str().unwrap_or("");
            !PLANVELDEN.contains(&naam) && naam != "x" && naam != "y"
        })
        .collect();
    let foutenlijst: Vec<Value> =
        fouten.iter().map(|(veld, melding)| json!({ "veld": veld, "melding": melding })).collect();
    let fout_van = |veld: &str| fouten.iter().find(|(v, _)| v == veld).map(|(_, m)| m.clone());
    state.templates().render(
        "plancheck.html",
        lang,
        status,
        context! {
            page => "plancheck",
            stap => 4,
            plan => mj(&plan),
            x => &invoer.x, y => &invoer.y,
            centrum => centrum,
            panden => mj(&panden),
            verborgen => mj(&verborgen),
            fouten => mj(&foutenlijst),
            fout => context! {
                x => fout_van("x"), geometrie => fout_van("geometrie"), breedte => fout_van("breedte"),
                diepte => fout_van("diepte"), bouwhoogte => fout_van("bouwhoogte"), goothoogte => fout_van("goothoogte"),
                bouwlagen => fout_van("bouwlagen"), wooneenheden => fout_van("wooneenheden"),
                functie => fout_van("functie"), uitbreidingVan => fout_van("uitbreidingVan"), crs => fout_van("crs"),
            },
            vergunningcheck => !invoer.activiteiten.is_empty(),
            overgenomen => overgenomen,
        },
    )
}

/// [`maak_verslag`] off the async threads (it runs the plan check: CPU work). A panic in it stays a panic.
async fn op_rekenthread(
    state: &AppState,
    paren: &[(String, String)],
    lang: Lang,
) -> Result<Value, Vec<(String, String)>> {
    let (state, paren) = (state.clone(), paren.to_vec());
    match tokio::task::spawn_blocking(move || maak_verslag(&state, &paren, lang)).await {
        Ok(verslag) => verslag,
        Err(e) => std::panic::resume_unwind(e.into_panic()),
    }
}

/// Everything the report shows, computed now from the form: the place, what applies there, the Vergunningcheck's
/// outcome and the plan check. Stored as it is when the report is saved, so a saved report shows what was checked
/// then.
pub(super) fn maak_verslag(
    state: &AppState,
    paren: &[(String, String)],
    lang: Lang,
) -> Result<Value, Vec<(String, String)>> {
    let kennis = state.kennis();
    let invoer = Invoer::lees(paren.to_vec());
    let plan = Planinvoer::lees(paren);
    if let Err(key) = invoer.punt() {
        return Err(vec![("x".into(), lang.text(key).to_string())]);
    }
    let punt = plek(&invoer);
    let vraag = plan.vraag(punt, lang)?;
    let wgs84 = vraag.crs.as_deref() == Some("EPSG:4326");
    let mut uitkomst = plancheck(&kennis.regels, vraag).map_err(|e| {
        if e.fouten.is_empty() {
            vec![(
                "geometrie".to_string(),
                e.detail.clone().unwrap_or_else(|| crate::error::titel(e.code, lang).to_string()),
            )]
        } else {
            e.fouten.iter().map(|f| (f.vraag.clone(), f.melding.clone())).collect()
        }
    })?;
    if !wgs84 {
        // the report's map is in WGS84, whatever the form gave
        uitkomst.naar_wgs84().map_err(|e| vec![("geometrie".to_string(), e.kind.to_string())])?;
    }
    let plancheck = serde_json::to_value(&uitkomst).unwrap_or(Value::Null);
    // What applies at the place (or in the middle of the plan when no place was given).
    let midden = punt.or_else(|| uitkomst_midden(&plancheck));
    let regels = midden.map(|p| {
        let a = kennis.regels.at_point(p);
        json!({ "samenvatting": a.samenvatting, "plannen": a.plannen.iter().map(|p| &p.titel).collect::<Vec<_>>() })
    });
    let vergunningcheck = if invoer.activiteiten.is_empty() {
        Value::Null
    } else {
        let p = invoer.punt().ok().flatten();
        match stap(&kennis, invoer.activiteiten.clone(), p.as_ref(), invoer.antwoorden_json()) {
            Ok(CheckStap::Conclusie { conclusies, actielijst, .. }) => json!({
                "klaar": true,
                "conclusies": conclusies.iter().map(|c| json!({
                    "activiteit": c.activiteit, "activiteitNaam": c.activiteit_naam, "conclusie": c.conclusie.as_str(),
                    "procedure": Procedure::voor(c.conclusie).soort(),
                })).collect::<Vec<_>>(),
                "actielijst": actielijst.iter().map(|a| json!({ "tekst": a.tekst, "procedure": a.procedure })).collect::<Vec<_>>(),
                "href": format!("/vergunningcheck/uitkomst?{}", invoer.query(&invoer.antwoorden)),
            }),
            Ok(CheckStap::Vraag { .. }) => json!({
                "klaar": false,
                "href": format!("/vergunningcheck/vraag?{}", invoer.query(&invoer.antwoorden)),
            }),
            Err(e) => {
                json!({ "klaar": false, "fout": e.detail, "href": format!("/vergunningcheck?{}", invoer.query(&[])) })
            }
        }
    };
    // Where the drawn plan differs from what the Vergunningcheck was answered with: the check's outcome rests on the
    // answers, so the report says it in words.
    let bouwhoogte = plan.bouwhoogte.replace(',', ".").parse::<f64>().ok();
    let maten = stip_app::plancheck::maten_uit_check(&kennis.sttr, &invoer.antwoorden);
    let engels = lang == Lang::En;
    let afwijkingen: Vec<String> = stip_app::plancheck::afwijkingen(maten, uitkomst.plan.oppervlakte_m2, bouwhoogte)
        .iter()
        .map(|a| {
            lang.text(&format!("verslag.afwijking_{}", a.maat))
                .replace("{beantwoord}", &stip_app::tekst::getal(a.beantwoord, engels))
                .replace("{getekend}", &stip_app::tekst::getal(a.getekend, engels))
        })
        .collect();
    let mut kaart = kaartgegevens(&plancheck, bouwhoogte);
    kaart["centrum"] =
        midden.and_then(|p| rd_to_wgs84(p).ok()).map(|w| json!([w.lon(), w.lat()])).unwrap_or(Value::Null);
    Ok(json!({
        "gemaakt": state.klok().vandaag().to_string(),
        "plek": { "x": invoer.x, "y": invoer.y },
        "plekWoorden": punt.map(|p| stip_app::regels::plek_in_woorden(state, &kennis, p)),
        "regels": regels,
        "vergunningcheck": vergunningcheck,
        "afwijkingen": afwijkingen,
        "plancheck": plancheck,
        "plan": plan,
        "kaart": kaart,
        "invoer": doorgeven(paren),
        "aanpassen": format!("/plancheck?{}", query(paren)),
    }))
}

/// A place inside the plan, when none was given: the first corner of the footprint as the plan check read it.
fn uitkomst_midden(plancheck: &Value) -> Option<RdPoint> {
    let g = &plancheck["plan"]["geometrie"];
    let eerste = g["coordinates"][0][0][0].as_array().or_else(|| g["coordinates"][0][0].as_array())?;
    let (lon, lat) = (eerste.first()?.as_f64()?, eerste.get(1)?.as_f64()?);
    wgs84_to_rd(stip_geo::Wgs84Point::new(lat, lon).ok()?).ok()
}

/// The report map's data: the plan's volume (red where it does not fit), the height limits as boxes, the conflicts.
fn kaartgegevens(plancheck: &Value, bouwhoogte: Option<f64>) -> Value {
    let past_niet = plancheck["oordeel"] == "past niet";
    let plan = json!({ "type": "FeatureCollection", "features": [{
        "type": "Feature", "geometry": plancheck["plan"]["geometrie"],
        "properties": { "hoogte": bouwhoogte, "pastNiet": past_niet },
    }]});
    let grenzen: Vec<Value> = plancheck["toetsingen"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|t| t["norm"]["type"] == "MaximumBouwhoogte" && t["toegestaan"].is_number())
        .map(|t| json!({ "type": "Feature", "geometry": t["geometrie"], "properties": { "hoogte": t["toegestaan"] } }))
        .collect();
    json!({
        "plan": plan,
        "grenzen": { "type": "FeatureCollection", "features": grenzen },
        "conflicten": plancheck["kaart"],
    })
}

/// The form's fields as a query string (to come back to the form and change something).
fn query(paren: &[(String, String)]) -> String {
    use super::vergunningcheck::url_encode;
    velden(paren).map(|(k, v)| format!("{}={}", url_encode(k), url_encode(v))).collect::<Vec<_>>().join("&")
}

/// `POST /droog-oefenen`: the report, computed now; the form again with messages when something is wrong.
pub(super) async fn droog_oefenen(
    State(state): State<AppState>,
    lang: RequestLang,
    Form(paren): Form<Vec<(String, String)>>,
) -> Response {
    match op_rekenthread(&state, &paren, lang.lang).await {
        Ok(verslag) => verslag_pagina(&state, lang, &verslag, None, StatusCode::OK),
        Err(fouten) => formulier_pagina(&state, lang, &paren, fouten, StatusCode::BAD_REQUEST),
    }
}

/// `GET /droog-oefenen?<fields>`: the same report from the address (the language switch leads here: the report
/// keeps its plan and answers in the other language). Without fields, the form.
pub(super) async fn droog_oefenen_get(
    State(state): State<AppState>,
    lang: RequestLang,
    Query(paren): Query<Vec<(String, String)>>,
) -> Response {
    if velden(&paren).next().is_none() {
        return Redirect::to("/plancheck").into_response();
    }
    droog_oefenen(State(state), lang, Form(paren)).await
}

/// `POST /verslag`: keeps the report (computed again from the form, never taken from it) and sends the browser to
/// its share link.
pub(super) async fn bewaar(
    State(state): State<AppState>,
    lang: RequestLang,
    Form(paren): Form<Vec<(String, String)>>,
) -> Response {
    let verslag = match op_rekenthread(&state, &paren, lang.lang).await {
        Ok(v) => v,
        Err(fouten) => return formulier_pagina(&state, lang, &paren, fouten, StatusCode::BAD_REQUEST),
    };
    let sleutel = format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple());
    let verloopt = state.klok().nu_utc() + VERSLAG_GELDIG;
    let nieuw = NieuwVerslag { sleutel_hash: &crate::auth::token_hash(&sleutel), inhoud: &verslag, verloopt };
    match state.store().bewaar_verslag(nieuw).await {
        Ok(()) => Redirect::to(&format!("/verslag/{sleutel}")).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "a droog-oefenen report could not be saved");
            let tekst = lang.lang.text("verslag.niet_bewaard").to_string();
            verslag_pagina(&state, lang, &verslag, Some(json!({ "fout": tekst })), StatusCode::SERVICE_UNAVAILABLE)
        }
    }
}

/// `GET /verslag/{sleutel}`: a saved report, until it expires.
pub(super) async fn bewaard(
    State(state): State<AppState>,
    lang: RequestLang,
    headers: axum::http::HeaderMap,
    Path(sleutel): Path<String>,
) -> Response {
    let geldig = sleutel.len() == 64 && sleutel.bytes().all(|b| b.is_ascii_hexdigit());
    let gevonden = if geldig { state.store().verslag(&crate::auth::token_hash(&sleutel)).await } else { Ok(None) };
    match gevonden {
        Ok(Some(v)) if v.verloopt > state.klok().nu_utc() => {
            let bewaard = json!({ "link": deel_link(&headers, &sleutel), "verloopt": v.verloopt.date().to_string() });
            verslag_pagina(&state, lang, &v.inhoud, Some(bewaard), StatusCode::OK)
        }
        Ok(Some(v)) => state.templates().render(
            "verslag-weg.html",
            lang,
            StatusCode::GONE,
            context! { page => "verslag", verlopen => v.verloopt.date().to_string() },
        ),
        Ok(None) => {
            state.templates().render("verslag-weg.html", lang, StatusCode::NOT_FOUND, context! { page => "verslag" })
        }
        Err(e) => {
            tracing::error!(error = %e, "a saved report could not be read");
            state.templates().render(
                "verslag-weg.html",
                lang,
                StatusCode::SERVICE_UNAVAILABLE,
                context! { page => "verslag", storing => crate::error::titel(ErrorCode::DatabaseUnavailable, lang.lang) },
            )
        }
    }
}

fn verslag_pagina(
    state: &AppState,
    lang: RequestLang,
    verslag: &Value,
    bewaard: Option<Value>,
    status: StatusCode,
) -> Response {
    // "Leg het proces uit": the steps after each outcome, once per procedure, in the reader's language.
    let mut soorten: Vec<&str> = Vec::new();
    for c in verslag["vergunningcheck"]["conclusies"].as_array().into_iter().flatten() {
        if let Some(soort) = c["procedure"].as_str().filter(|s| !soorten.contains(s)) {
            soorten.push(soort);
        }
    }
    let processen: Vec<_> =
        soorten.iter().filter_map(|s| Procedure::parse(s)).map(|p| proces_uitleg(lang.lang, p, None)).collect();
    // "Waar moet ik zijn?": who handles the first activity at the place, with today's contact details.
    let punt = match (verslag["plek"]["x"].as_str(), verslag["plek"]["y"].as_str()) {
        (Some(x), Some(y)) => match (x.parse().ok(), y.parse().ok()) {
            (Some(x), Some(y)) => RdPoint::new(x, y).ok(),
            _ => None,
        },
        _ => None,
    };
    let activiteit = verslag["vergunningcheck"]["conclusies"][0]["activiteit"].as_str();
    let opgeslagen = bewaard.as_ref().is_some_and(|b| b.get("link").is_some());
    let host = punt.map(|p| stip_app::host::verwijzing(state, &state.kennis(), activiteit, Some(p)));
    state.templates().render(
        "droog-oefenen.html",
        lang,
        status,
        context! {
            page => "droog-oefenen",
            stap => 5,
            verslag => mj(verslag),
            bewaard => bewaard.map(|b| mj(&b)),
            processen => mj(&processen),
            host => host.map(|h| mj(&h)),
            kaart_json => serde_json::to_string(&verslag["kaart"]).unwrap_or_default().replace("</", "<\\/"),
            // a report computed from a form is fetched again from the same fields; a saved one by its own link
            taal_pad => verslag["aanpassen"].as_str().filter(|_| !opgeslagen)
                .map(|a| a.replacen("/plancheck?", "/droog-oefenen?", 1)),
        },
    )
}

/// The full link to share: the address the visitor used to reach stip (behind a proxy, the forwarded one).
fn deel_link(headers: &axum::http::HeaderMap, sleutel: &str) -> String {
    let kop = |naam: &str| headers.get(naam).and_then(|v| v.to_str().ok()).filter(|v| !v.is_empty());
    let host = kop("x-forwarded-host").or_else(|| kop("host"));
    let schema = kop("x-forwarded-proto").filter(|p| *p == "https" || *p == "http").unwrap_or("http");
    match host.filter(|h| h.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))) {
        Some(h) => format!("{schema}://{h}/verslag/{sleutel}"),
        None => format!("/verslag/{sleutel}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rectangle_is_placed_from_the_address_and_turned_about_its_middle() {
        let p = RdPoint::new(170000.0, 470000.0).unwrap();
        let recht = rechthoek(p, 4.0, 2.0, 10.0, -5.0, 0.0);
        assert_eq!(recht[0], (170008.0, 469994.0));
        assert_eq!(recht[2], (170012.0, 469996.0));
        let gedraaid = rechthoek(p, 4.0, 2.0, 0.0, 0.0, 90.0);
        let (x, y) = gedraaid[1];
        assert!((x - 169999.0).abs() < 1e-9 && (y - 469998.0).abs() < 1e-9, "the east corner turns south: {x}, {y}");
        let oppervlakte =
            |r: [(f64, f64); 5]| r.windows(2).map(|w| w[0].0 * w[1].1 - w[1].0 * w[0].1).sum::<f64>().abs() / 2.0;
        assert!((oppervlakte(rechthoek(p, 4.0, 3.0, 3.0, 7.0, 33.0)) - 12.0).abs() < 1e-3, "turning keeps the area");
    }
}
