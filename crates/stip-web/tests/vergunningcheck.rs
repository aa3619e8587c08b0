//! The Vergunningcheck over HTTP on the real STTR fixtures, imported through the import pipeline: the API (questions,
//! conclusions, problems), location questions answered from the imported map, and the pages from start to summary.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::{Answer, TestApp, app_met};
use serde_json::{Value, json};
use stip_app::kennis::KaartResolver;
use stip_sttr::{GeoAntwoord, GeoResolver, GeoVraag, Locatie};

const BIJGEBOUW: &str = "nl.imow-gm0297.activiteit.2019000800";
const KAPPEN: &str = "nl.imow-gm0297.activiteit.2019000810";
/// The area question of "Bouwen van een bijgebouw": `<definitions id>#<uitvoeringsregel id>`.
const OPPERVLAKTE: &str = "_0d28736f-5b50-4d24-9e3e-327304ae6807#UitvId0001";
/// Amsterdam's geo.dmn activity (its location question refers to `nl.imow-gm0363.gebied.4`).
const AANBOUW: &str = "nl.imow-gm0363.activiteit.2";
/// Verified Gemeentestad points (RD): in gebied 2019000010 (industriegebied 3), and outside it (industriegebied 4).
const IN_GEBIED_10: (f64, f64) = (138398.3, 424546.8);
const BUITEN_GEBIED_10: (f64, f64) = (138430.7, 424243.0);

async fn post(app: &TestApp, uri: &str, body: Value) -> Answer {
    app.request(
        Request::post(uri).header("content-type", "application/json").body(Body::from(body.to_string())).unwrap(),
    )
    .await
}

async fn stap(app: &TestApp, body: Value) -> Value {
    let answer = post(app, "/api/v1/vergunningcheck", body).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer.json()
}

#[tokio::test]
async fn the_bijgebouw_area_boundaries_give_the_conclusions_of_the_table() {
    let Some((app, _state)) = app_met(&["gemeentestad/toepasbareRegels"]).await else { return };
    let eerste = stap(&app, json!({ "activiteiten": [BIJGEBOUW] })).await;
    assert_eq!(eerste["status"], "vraag");
    assert_eq!(eerste["vraag"]["tekst"], "Wat is de oppervlakte van het bijgebouw?");
    assert_eq!(eerste["vraag"]["type"], "number");
    for (m2, verwacht) in
        [(19.99, "Toestemmingsvrij"), (20.0, "Meldingsplicht"), (29.99, "Meldingsplicht"), (30.0, "Vergunningplicht")]
    {
        let s = stap(&app, json!({ "activiteiten": [BIJGEBOUW], "antwoorden": { OPPERVLAKTE: m2 } })).await;
        assert_eq!(s["status"], "conclusie", "{m2} m²");
        assert_eq!(s["conclusies"][0]["conclusie"], verwacht, "{m2} m²");
    }
}

#[tokio::test]
async fn question_ids_are_stable_and_the_same_on_every_request() {
    let Some((app, _state)) = app_met(&["gemeentestad/toepasbareRegels"]).await else { return };
    for _ in 0..2 {
        let s = stap(&app, json!({ "activiteiten": [BIJGEBOUW], "antwoorden": {} })).await;
        assert_eq!(s["vraag"]["id"], OPPERVLAKTE);
    }
    let s = stap(&app, json!({ "activiteiten": [KAPPEN] })).await;
    assert_eq!(s["vraag"]["id"], "_ea4a7081-2efa-4dab-8169-51b40775a8ec#UitvId0001");
}

#[tokio::test]
async fn an_answer_of_the_wrong_type_is_a_400_problem_with_a_dutch_message_per_question() {
    let Some((app, _state)) = app_met(&["gemeentestad/toepasbareRegels"]).await else { return };
    let answer = post(
        &app,
        "/api/v1/vergunningcheck",
        json!({ "activiteiten": [BIJGEBOUW], "antwoorden": { OPPERVLAKTE: "heel groot" } }),
    )
    .await;
    assert_eq!(answer.status, 400);
    assert_eq!(answer.header("content-type"), Some("application/problem+json"));
    let p = answer.json();
    assert_eq!(p["code"], "invalid_answer");
    assert_eq!(p["fouten"][0]["vraag"], OPPERVLAKTE);
    assert_eq!(p["fouten"][0]["code"], "verwacht-getal");
    assert_eq!(p["fouten"][0]["melding"], "Vul bij 'Wat is de oppervlakte van het bijgebouw?' een getal in.");
    assert!(p["detail"].as_str().unwrap().contains("een getal in"), "{p}");
}

#[tokio::test]
async fn an_unknown_or_missing_activity_is_a_problem_with_a_stable_code() {
    let Some((app, _state)) = app_met(&["gemeentestad/toepasbareRegels"]).await else { return };
    let answer =
        post(&app, "/api/v1/vergunningcheck", json!({ "activiteiten": ["nl.imow-gm0000.activiteit.nope"] })).await;
    assert_eq!((answer.status, answer.json()["code"].as_str()), (400, Some("unknown_activity")));
    let answer = post(&app, "/api/v1/vergunningcheck", json!({ "activiteiten": [] })).await;
    assert_eq!((answer.status, answer.json()["code"].as_str()), (400, Some("invalid_request")));
    let answer = post(&app, "/api/v1/vergunningcheck", json!({ "activiteit": BIJGEBOUW })).await;
    assert_eq!((answer.status, answer.json()["code"].as_str()), (400, Some("invalid_request")), "unknown field");
    let answer =
        post(&app, "/api/v1/vergunningcheck", json!({ "activiteiten": [BIJGEBOUW], "locatie": { "x": 1, "y": 2 } }))
            .await;
    assert_eq!((answer.status, answer.json()["code"].as_str()), (400, Some("invalid_coordinates")));
}

#[tokio::test]
async fn the_checkable_activities_are_listed_with_id_and_name() {
    let Some((app, _state)) = app_met(&["gemeentestad/toepasbareRegels"]).await else { return };
    let list = app.get("/api/v1/vergunningcheck/activiteiten").await.json();
    let paren: Vec<(&str, &str)> =
        list.as_array().unwrap().iter().map(|a| (a["id"].as_str().unwrap(), a["naam"].as_str().unwrap())).collect();
    assert_eq!(paren, vec![(BIJGEBOUW, "Bouwen van een bijgebouw"), (KAPPEN, "Kappen van een boom")]);
}

#[tokio::test]
async fn a_conclusion_answer_keeps_its_shape() {
    let Some((app, _state)) = app_met(&["gemeentestad/toepasbareRegels"]).await else { return };
    let s = stap(&app, json!({ "activiteiten": [BIJGEBOUW], "antwoorden": { OPPERVLAKTE: 25 } })).await;
    assert_eq!(s["actielijst"][0]["procedure"]["naam"], "melding");
    insta::assert_json_snapshot!("bijgebouw_25_m2_meldingsplicht", s);
}

/// Amsterdam's geo.dmn with its location question pointed at a Gemeentestad gebied, so the imported map can answer it.
async fn app_met_geo_vraag_op(gebied: &str) -> Option<(TestApp, stip_web::AppState)> {
    let (app, state) = app_met(&["gemeentestad/opdracht"]).await?;
    let dir = common::fixtures()?;
    let dmn = std::fs::read_to_string(dir.join("amsterdam-vergunningcheck/geo.dmn")).unwrap();
    assert!(dmn.contains("nl.imow-gm0363.gebied.4"));
    let tmp = std::env::temp_dir().join(format!("stip-vc-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&tmp).unwrap();
    let pad = tmp.join("geo-gemeentestad.dmn");
    std::fs::write(&pad, dmn.replace("nl.imow-gm0363.gebied.4", gebied)).unwrap();
    app.importeer(&state, &[pad]).await;
    let _ = std::fs::remove_dir_all(&tmp);
    Some((app, state))
}

#[tokio::test]
async fn a_location_question_is_answered_from_the_place_and_asked_when_there_is_none() {
    let Some((app, _state)) = app_met_geo_vraag_op("nl.imow-gm0297.gebied.2019000010").await else { return };
    // No place: the location question comes first, with ja / nee / deels.
    let s = stap(&app, json!({ "activiteiten": [AANBOUW] })).await;
    assert_eq!(s["vraag"]["type"], "geoVerwijzing");
    assert_eq!(s["vraag"]["opties"].as_array().unwrap().len(), 3);
    // Inside the area: never asked; the rules then say Vergunningplicht, and the map is named as the source.
    let (x, y) = IN_GEBIED_10;
    let s = stap(&app, json!({ "activiteiten": [AANBOUW], "locatie": { "x": x, "y": y } })).await;
    assert_eq!(s["status"], "conclusie", "{s}");
    assert_eq!(s["conclusies"][0]["conclusie"], "Vergunningplicht");
    assert_eq!(s["conclusies"][0]["uitleg"]["antwoorden"][0]["bron"], "kaart");
    // Outside the area: not asked either; the check goes on with the next question.
    let (x, y) = BUITEN_GEBIED_10;
    let s = stap(&app, json!({ "activiteiten": [AANBOUW], "locatie": { "x": x, "y": y } })).await;
    assert_eq!(s["status"], "vraag");
    assert_ne!(s["vraag"]["type"], "geoVerwijzing");
    assert_eq!(s["vraag"]["tekst"], "Gaat een aanbouw maken aan een rijksmonument?");
}

#[tokio::test]
async fn a_location_question_about_an_area_the_map_does_not_hold_is_asked() {
    let Some((app, _state)) = app_met_geo_vraag_op("nl.imow-gm0363.gebied.4").await else { return };
    let (x, y) = IN_GEBIED_10;
    let s = stap(&app, json!({ "activiteiten": [AANBOUW], "locatie": { "x": x, "y": y } })).await;
    assert_eq!(s["vraag"]["type"], "geoVerwijzing");
}

#[tokio::test]
async fn the_map_resolver_matches_gebieden_groups_gebiedsaanwijzingen_and_activities() {
    let Some((_app, state)) = app_met(&["gemeentestad/opdracht"]).await else { return };
    let kennis = state.kennis();
    let kaart = KaartResolver::new(&kennis.regels);
    let vraag = |ids: &[&str], p: Option<(f64, f64)>| {
        let locaties: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
        let l = p.map(|(x, y)| Locatie { x, y });
        kaart.resolve(&GeoVraag { id: "test#vraag", locaties: &locaties, tekst: "Ligt het in het gebied?" }, l.as_ref())
    };
    let (binnen, buiten) = (Some(IN_GEBIED_10), Some(BUITEN_GEBIED_10));
    let gebied = "nl.imow-gm0297.gebied.2019000010";
    assert_eq!(vraag(&[gebied], binnen), GeoAntwoord::Ja);
    assert_eq!(vraag(&[gebied], buiten), GeoAntwoord::Nee);
    assert_eq!(vraag(&[gebied], None), GeoAntwoord::Onbekend, "no place: ask");
    // A gebiedengroep (zone A: gebied 2019000002): inside when inside one of its gebieden.
    assert_eq!(vraag(&["nl.imow-gm0297.gebiedengroep.zoneA"], binnen), GeoAntwoord::Ja);
    assert_eq!(vraag(&["nl.imow-gm0297.gebiedengroep.zoneA"], Some((138247.7, 423827.1))), GeoAntwoord::Nee);
    // A gebiedsaanwijzing (Bedrijf categorie 2 here; Centrumgebied elsewhere).
    assert_eq!(vraag(&["nl.imow-gm0297.gebiedsaanwijzing.2019000001"], binnen), GeoAntwoord::Ja);
    assert_eq!(vraag(&["nl.imow-gm0297.gebiedsaanwijzing.2019000002"], binnen), GeoAntwoord::Nee);
    // An activity's location (ActiviteitLocatieaanduiding).
    assert_eq!(vraag(&["nl.imow-gm0297.activiteit.2019000660"], binnen), GeoAntwoord::Ja);
    assert_eq!(vraag(&["nl.imow-gm0297.activiteit.2019000660"], Some((138247.7, 423827.1))), GeoAntwoord::Nee);
    // An area no imported plan holds: the map cannot tell, unless another named area holds the point.
    assert_eq!(vraag(&["nl.imow-gm0363.gebied.4"], binnen), GeoAntwoord::Onbekend);
    assert_eq!(vraag(&["nl.imow-gm0363.gebied.4", gebied], binnen), GeoAntwoord::Ja);
    assert_eq!(vraag(&["nl.imow-gm0363.gebied.4", gebied], buiten), GeoAntwoord::Onbekend);
    assert_eq!(vraag(&[], binnen), GeoAntwoord::Onbekend);
}

// ---- pages ----

fn html_unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2f;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn attr(tag: &str, naam: &str) -> Option<String> {
    let start = tag.find(&format!(" {naam}=\""))? + naam.len() + 3;
    let eind = tag[start..].find('"')?;
    Some(html_unescape(&tag[start..start + eind]))
}

fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Submits the check form of a page as a browser would: hidden fields in order, then the answer to the question.
fn verstuur(html: &str, antwoord: &str) -> String {
    let start = html.find("<form class=\"stip-check\"").expect("a check form");
    let form = &html[start..start + html[start..].find("</form>").unwrap()];
    let action = attr(&form[..form.find('>').unwrap()], "action").unwrap();
    let mut paren = Vec::new();
    for stuk in form.split("<input").skip(1) {
        let tag = &stuk[..stuk.find('>').unwrap()];
        let (naam, waarde, soort) = (attr(tag, "name").unwrap(), attr(tag, "value"), attr(tag, "type"));
        match soort.as_deref() {
            Some("hidden") => paren.push((naam, waarde.unwrap_or_default())),
            Some("radio") | Some("checkbox") if waarde.as_deref() == Some(antwoord) => {
                paren.push((naam, antwoord.into()))
            }
            Some("radio") | Some("checkbox") => {}
            _ if naam.starts_with("antwoord.") => paren.push((naam, antwoord.into())),
            _ => paren.push((naam, waarde.unwrap_or_default())),
        }
    }
    let query: Vec<String> = paren.iter().map(|(k, v)| format!("{}={}", url_encode(k), url_encode(v))).collect();
    format!("{action}?{}", query.join("&"))
}

fn link(html: &str, tekst: &str) -> String {
    let eind = html.find(&format!(">{tekst}</a>")).unwrap_or_else(|| panic!("no link {tekst}"));
    let begin = html[..eind].rfind("<a ").unwrap();
    attr(&html[begin..eind], "href").unwrap()
}

#[tokio::test]
async fn the_start_page_lists_the_activities_in_dutch_and_takes_the_place_from_the_map() {
    let Some((app, _state)) = app_met(&["gemeentestad/toepasbareRegels"]).await else { return };
    let page = app.get("/vergunningcheck?x=138398.3&y=424546.8").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<html lang=\"nl\""));
    assert!(page.body.contains("Wat wilt u doen?"));
    assert!(page.body.contains(&format!("value=\"{BIJGEBOUW}\"")));
    assert!(page.body.contains(">Bouwen van een bijgebouw</label>"));
    assert!(page.body.contains("value=\"138398.3\"") && page.body.contains("value=\"424546.8\""));
    let en = app.get("/vergunningcheck?lang=en").await;
    assert!(en.body.contains("What do you want to do?"), "English on request");
}

#[tokio::test]
async fn the_map_page_offers_the_check_for_its_place() {
    let Some((app, _state)) = app_met(&["imro/stationspleinzuidoost.gml"]).await else { return };
    let page = app.get("/kaart?x=51637.34&y=390864.23").await;
    assert_eq!(page.status, 200);
    let href = link(&page.body, "Doe de vergunningcheck voor deze plek");
    assert_eq!(href, "/vergunningcheck?x=51637.34&y=390864.23");
}

#[tokio::test]
async fn a_check_walks_from_the_start_page_through_one_question_per_page_to_a_printable_summary() {
    let Some((app, _state)) = app_met(&["gemeentestad/toepasbareRegels"]).await else { return };
    let start = app.get("/vergunningcheck").await;
    let url = verstuur(&start.body, KAPPEN);
    let mut pagina = app.get(&url).await;
    let mut vragen = Vec::new();
    for antwoord in ["80", "ja", "nee", "nee"] {
        assert_eq!(pagina.status, 200, "{}", pagina.body);
        let h1 = &pagina.body[pagina.body.find("<h1").unwrap()..];
        vragen.push(html_unescape(&h1[h1.find("\">").unwrap() + 2..h1.find("</").unwrap()]));
        let volgende = verstuur(&pagina.body, antwoord);
        pagina = app.get(&volgende).await;
    }
    assert_eq!(
        vragen.iter().map(|v| v.rsplit('>').next().unwrap()).collect::<Vec<_>>(),
        vec![
            "Wat is de stamomtrek van de boom?",
            "Is de boom zichtbaar vanaf openbaar toegankelijk gebied?",
            "Wordt de boom gekapt op grond van de Plantenziektenwet?",
            "Wordt de boom gekapt vanwege een aanschrijving op grond van artikel PM van de Algemene plaatselijke verordening?",
        ]
    );
    // The last answer leads to the summary (a redirect, so the summary has its own address).
    assert_eq!(pagina.status, 303);
    let samenvatting = pagina.header("location").unwrap().to_string();
    assert!(samenvatting.starts_with("/vergunningcheck/uitkomst?"));
    let s = app.get(&samenvatting).await;
    assert_eq!(s.status, 200);
    for tekst in [
        "U hebt een omgevingsvergunning nodig.",
        "Waarom?",
        "Wat is de stamomtrek van de boom?",
        "Wat moet u doen?",
        "Situatieschets",
        "Reguliere voorbereidingsprocedure",
        "Beslistermijn 8 weken",
        "Omgevingswet, artikel 16.64",
        "/assets/css/vergunningcheck.css",
    ] {
        assert!(s.body.contains(tekst), "the summary says {tekst}");
    }
    assert!(app.get("/assets/css/vergunningcheck.css").await.body.contains("@media print"));
    // Back from the summary: the last question again, with the earlier answers kept.
    let terug = app.get(&link(&s.body, "Antwoorden aanpassen")).await;
    assert_eq!(terug.status, 200);
    assert!(terug.body.contains("artikel PM van de Algemene plaatselijke verordening?"));
    let vorige = app.get(&link(&terug.body, "Vorige vraag")).await;
    assert!(vorige.body.contains("Wordt de boom gekapt op grond van de Plantenziektenwet?"));
}

#[tokio::test]
async fn a_wrong_answer_shows_the_question_again_with_the_dutch_message_beside_the_field() {
    let Some((app, _state)) = app_met(&["gemeentestad/toepasbareRegels"]).await else { return };
    let eerste = app.get(&format!("/vergunningcheck/vraag?activiteit={BIJGEBOUW}")).await;
    assert_eq!(eerste.status, 200);
    assert!(eerste.body.contains("Wat is de oppervlakte van het bijgebouw?"));
    let fout = app.get(&verstuur(&eerste.body, "heel groot")).await;
    assert_eq!(fout.status, 400);
    assert!(
        fout.body.contains("Vul bij &#x27;Wat is de oppervlakte van het bijgebouw?&#x27; een getal in."),
        "{}",
        fout.body
    );
    assert!(fout.body.contains("aria-invalid=\"true\""));
    assert!(fout.body.contains("aria-describedby=\"antwoord-uitleg fout-antwoord\""));
    assert!(fout.body.contains("value=\"heel groot\""), "what was typed stays in the field");
    // A Dutch decimal comma is a number.
    let goed = app.get(&verstuur(&eerste.body, "19,99")).await;
    assert_eq!(goed.status, 303);
    let s = app.get(goed.header("location").unwrap()).await;
    assert!(s.body.contains("U hebt geen vergunning nodig en u hoeft niets te melden."));
    assert!(s.body.contains("19,99"));
}

#[tokio::test]
async fn a_choice_sent_without_an_answer_is_asked_again_with_a_message() {
    let Some((app, _state)) = app_met_geo_vraag_op("nl.imow-gm0297.gebied.2019000010").await else { return };
    let vraag = app.get(&format!("/vergunningcheck/vraag?activiteit={AANBOUW}")).await;
    assert!(vraag.body.contains("<fieldset") && vraag.body.contains("<legend"));
    assert!(vraag.body.contains("type=\"radio\""));
    let leeg = app.get(&verstuur(&vraag.body, "niets gekozen")).await;
    assert_eq!(leeg.status, 400);
    assert!(leeg.body.contains("Kies een antwoord of vul het in."));
    assert!(leeg.body.contains("aria-describedby=\"fout-antwoord\""));
}

#[tokio::test]
async fn with_the_place_known_the_page_flow_skips_the_location_question() {
    let Some((app, _state)) = app_met_geo_vraag_op("nl.imow-gm0297.gebied.2019000010").await else { return };
    let (x, y) = IN_GEBIED_10;
    let pagina = app.get(&format!("/vergunningcheck/vraag?activiteit={AANBOUW}&x={x}&y={y}")).await;
    assert_eq!(pagina.status, 303, "straight to the summary");
    let s = app.get(pagina.header("location").unwrap()).await;
    assert!(s.body.contains("U hebt een omgevingsvergunning nodig."));
    assert!(s.body.contains("van de kaart"));
}

#[tokio::test]
async fn the_start_page_says_what_is_missing_when_nothing_or_half_a_place_is_chosen() {
    let Some((app, _state)) = app_met(&["gemeentestad/toepasbareRegels"]).await else { return };
    let geen = app.get("/vergunningcheck/vraag?x=&y=").await;
    assert_eq!(geen.status, 400);
    assert!(geen.body.contains("Kies ten minste één activiteit."));
    let half = app.get(&format!("/vergunningcheck/vraag?activiteit={BIJGEBOUW}&x=138000&y=")).await;
    assert_eq!(half.status, 400);
    assert!(half.body.contains("Vul x en y allebei in, of laat ze allebei leeg."));
    let onbekend = app.get("/vergunningcheck/vraag?activiteit=bestaat.niet").await;
    assert_eq!(onbekend.status, 400);
    assert!(onbekend.body.contains("Deze activiteit kent de vergunningcheck niet."));
}

#[tokio::test]
async fn with_a_place_the_activities_the_plan_has_rules_for_there_come_first_with_the_reason() {
    let Some((app, state)) = app_met(&["gemeentestad/toepasbareRegels"]).await else { return };
    app.importeer(&state, &[common::fixtures().unwrap().join("gemeentestad/opdracht")]).await;
    let (x, y) = IN_GEBIED_10;
    let regels = app.get(&format!("/api/v1/regels?x={x}&y={y}")).await.json();
    let hier: Vec<&str> =
        regels["activiteiten"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap()).collect();
    let lijst = app.get(&format!("/api/v1/vergunningcheck/activiteiten?x={x}&y={y}")).await.json();
    let lijst = lijst.as_array().unwrap();
    assert_eq!(lijst.len(), 2, "a place orders the list, it does not shorten it");
    for a in lijst {
        let id = a["id"].as_str().unwrap();
        assert_eq!(a["hier"].is_string(), hier.contains(&id), "{id}: suggested exactly when the plan names it here");
    }
    let eerst_hier: Vec<bool> = lijst.iter().map(|a| a["hier"].is_string()).collect();
    let mut gesorteerd = eerst_hier.clone();
    gesorteerd.sort_by_key(|h| !h);
    assert_eq!(eerst_hier, gesorteerd, "suggested activities come first");
    assert!(eerst_hier.contains(&true), "Gemeentestad has rules for a checkable activity at {x}, {y}");
    insta::assert_json_snapshot!("activiteiten_met_plek", lijst);
}

#[tokio::test]
async fn searching_by_a_word_narrows_the_list_and_keeps_what_was_already_chosen() {
    let Some((app, _state)) = app_met(&["gemeentestad/toepasbareRegels"]).await else { return };
    let lijst = app.get("/api/v1/vergunningcheck/activiteiten?zoek=BOOM").await.json();
    let ids: Vec<&str> = lijst.as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec![KAPPEN]);
    let pagina = app.get(&format!("/vergunningcheck?zoek=boom&activiteit={BIJGEBOUW}")).await;
    assert_eq!(pagina.status, 200);
    let html = &pagina.body;
    assert!(html.contains("Kappen van een boom"));
    assert!(html.contains(&format!("value=\"{BIJGEBOUW}\" checked")), "a chosen activity stays chosen while searching");
    let niets = app.get("/vergunningcheck?zoek=zwembad").await.body;
    assert!(niets.contains("Gevonden bij “zwembad”: 0"), "{niets}");
}

#[tokio::test]
async fn an_answer_under_its_bare_question_id_counts_and_an_unknown_one_is_named_with_the_ids_expected() {
    let Some((app, _state)) = app_met(&["gemeentestad/toepasbareRegels"]).await else { return };
    let kaal = OPPERVLAKTE.rsplit_once('#').unwrap().1;
    let s = stap(&app, json!({ "activiteiten": [BIJGEBOUW], "antwoorden": { kaal: 30 } })).await;
    assert_eq!(s["status"], "conclusie", "the bare id is the one question it names: {s}");
    assert_eq!(s["conclusies"][0]["conclusie"], "Vergunningplicht");
    let onbekend = post(
        &app,
        "/api/v1/vergunningcheck",
        json!({ "activiteiten": [BIJGEBOUW], "antwoorden": { "oppervlakte": 30 } }),
    )
    .await;
    assert_eq!(onbekend.status, 400, "{}", onbekend.body);
    let p = onbekend.json();
    assert_eq!(p["fouten"][0]["vraag"], "oppervlakte");
    assert_eq!(p["fouten"][0]["code"], "onbekende-vraag");
    assert!(p["fouten"][0]["melding"].as_str().unwrap().contains(OPPERVLAKTE), "{p}");
}
