//! The OpenAPI document as a contract: typed bodies (no bare `object` where a case, a decision, a check step, a plan
//! check or "what applies here" travels), a unique operationId and a description per operation, the `API-Version`
//! header on every response, problem+json on every client error; and the document's own CORS and index behaviour.

mod common;

use common::spawn_app;
use serde_json::{Value, json};

async fn document() -> Value {
    spawn_app().await.get("/api/v1/openapi.json").await.json()
}

/// A schema with `$ref`s followed (one level at a time).
fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(r) => {
            resolve(doc, doc.pointer(r.trim_start_matches('#')).unwrap_or_else(|| panic!("{r} does not resolve")))
        }
        None => schema,
    }
}

/// Whether a schema says no more than "an object".
fn is_bare_object(doc: &Value, schema: &Value) -> bool {
    let s = resolve(doc, schema);
    let typed = ["properties", "allOf", "oneOf", "anyOf", "items", "enum"].iter().any(|k| s.get(k).is_some());
    !typed
}

fn operations(doc: &Value) -> Vec<(String, String, &Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            out.push((method.clone(), path.clone(), op));
        }
    }
    out
}

#[tokio::test]
async fn the_case_decision_check_plan_check_and_rules_bodies_are_typed_schemas_not_bare_objects() {
    let doc = document().await;
    let responses = [
        ("get", "/zaken/{id}", "200"),
        ("post", "/zaken/{id}/gebeurtenissen", "201"),
        ("post", "/zaken/{id}/besluit", "201"),
        ("post", "/vergunningcheck", "200"),
        ("post", "/plancheck", "200"),
        ("get", "/regels", "200"),
        ("post", "/regels/_zoek", "200"),
        ("get", "/zaken", "200"),
    ];
    for (method, path, status) in responses {
        let schema = &doc["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"];
        assert!(!schema.is_null(), "{method} {path} {status} has no JSON body");
        assert!(!is_bare_object(&doc, schema), "{method} {path} {status} answers a bare object: {schema}");
    }
    for (method, path) in [("post", "/zaken/{id}/gebeurtenissen"), ("post", "/zaken/{id}/besluit")] {
        let schema = &doc["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"];
        assert!(!is_bare_object(&doc, schema), "{method} {path} takes a bare object: {schema}");
    }
}

#[tokio::test]
async fn a_case_lists_its_events_as_a_union_tagged_by_soort() {
    let doc = document().await;
    let zaak =
        resolve(&doc, &doc["paths"]["/zaken/{id}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]);
    assert_eq!(zaak["properties"]["gebeurtenissen"]["type"], serde_json::json!(["array", "null"]));
    let soorten = resolve(&doc, &doc["components"]["schemas"]["GebeurtenisSoort"]);
    let varianten = soorten["oneOf"].as_array().expect("the kinds of event are a oneOf");
    let mut tags: Vec<&str> = varianten
        .iter()
        .map(|v| {
            let soort = &resolve(&doc, v)["properties"]["soort"]["enum"];
            assert_eq!(soort.as_array().map(Vec::len), Some(1), "every variant names exactly one soort: {v}");
            soort[0].as_str().unwrap()
        })
        .collect();
    tags.sort();
    assert_eq!(
        tags,
        [
            "aangevuld",
            "aanvraag_ingetrokken",
            "aanvulling_gevraagd",
            "advies_gevraagd",
            "advies_ontvangen",
            "bekendgemaakt",
            "bericht",
            "bericht_aan_belanghebbenden",
            "beroep_afgedaan",
            "beroep_ingesteld",
            "besluit_genomen",
            "bewijs_beoordeeld",
            "bewijs_geleverd",
            "bewijs_gevraagd",
            "bezwaar_adviescommissie",
            "bezwaar_afspraak_gepland",
            "bezwaar_bekendgemaakt",
            "bezwaar_beslist",
            "bezwaar_ingetrokken",
            "bezwaar_ontvangen",
            "bezwaar_termijn_verlengd",
            "bezwaar_verslag",
            "gereed_gemeld",
            "in_behandeling_genomen",
            "ingediend",
            "inspectie_gepland",
            "inspectie_uitgevoerd",
            "nazorg_gehad",
            "nazorg_gevraagd",
            "onherroepelijk",
            "ontwerpbesluit_genomen",
            "start_gemeld",
            "termijn_verlengd",
            "wijziging_bevestigd",
            "wijziging_gemeld",
            "zienswijze_ontvangen"
        ]
    );
    let bericht = varianten.iter().map(|v| resolve(&doc, v)).find(|v| v["properties"]["soort"]["enum"][0] == "bericht");
    assert!(bericht.unwrap()["properties"]["vanAanvrager"].is_object(), "fields are named as they serialise");
}

#[tokio::test]
async fn the_check_step_is_either_a_question_or_conclusions_by_status() {
    let doc = document().await;
    let stap = resolve(&doc, &doc["components"]["schemas"]["CheckStap"]);
    let mut statussen: Vec<&str> = stap["oneOf"]
        .as_array()
        .expect("a step is a oneOf")
        .iter()
        .map(|v| resolve(&doc, v)["properties"]["status"]["enum"][0].as_str().unwrap())
        .collect();
    statussen.sort();
    assert_eq!(statussen, ["conclusie", "vraag"]);
}

#[tokio::test]
async fn every_operation_has_a_unique_operation_id_and_a_description() {
    let doc = document().await;
    let mut gezien = std::collections::BTreeSet::new();
    for (method, path, op) in operations(&doc) {
        let id = op["operationId"].as_str().unwrap_or_else(|| panic!("{method} {path} has no operationId"));
        assert!(gezien.insert(id.to_string()), "operationId {id} is used twice ({method} {path})");
        let beschrijving = op["description"].as_str().unwrap_or_default();
        assert!(!beschrijving.trim().is_empty(), "{method} {path} has no description");
    }
}

#[tokio::test]
async fn every_response_declares_the_api_version_header_and_every_client_error_is_a_problem_document() {
    let doc = document().await;
    for (method, path, op) in operations(&doc) {
        let responses = op["responses"].as_object().unwrap();
        assert!(responses.contains_key("400"), "{method} {path} does not declare 400");
        for (status, response) in responses {
            let response = resolve(&doc, response);
            assert!(response["headers"]["API-Version"].is_object(), "{method} {path} {status} lacks API-Version");
            if status.starts_with('4') {
                let content = response["content"].as_object().unwrap();
                assert_eq!(
                    content.keys().collect::<Vec<_>>(),
                    ["application/problem+json"],
                    "{method} {path} {status} is not only problem+json"
                );
                assert_eq!(content["application/problem+json"]["schema"]["$ref"], "#/components/schemas/Problem");
            }
        }
        if op["security"].is_array() {
            assert!(responses.contains_key("401"), "{method} {path} needs a login but does not declare 401");
        }
    }
}

#[tokio::test]
async fn the_openapi_document_may_be_read_from_any_origin() {
    let app = spawn_app().await;
    let answer = app.get("/api/v1/openapi.json").await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("access-control-allow-origin"), Some("*"));
}

#[tokio::test]
async fn the_api_index_answers_the_same_with_and_without_a_trailing_slash() {
    let app = spawn_app().await;
    let zonder = app.get("/api/v1").await;
    let met = app.get("/api/v1/").await;
    assert_eq!((zonder.status, met.status), (200, 200));
    assert_eq!(zonder.json(), met.json());
    assert_eq!(met.json()["links"][0]["href"], "/api/v1/openapi.json");
}

async fn post_json(app: &common::TestApp, uri: &str, body: Value) -> common::Answer {
    use axum::body::Body;
    use axum::http::Request;
    let request =
        Request::post(uri).header("content-type", "application/json").body(Body::from(body.to_string())).unwrap();
    app.request(request).await
}

fn past(doc: &Value, method: &str, path: &str, answer: &common::Answer) {
    assert_eq!(answer.status, 200, "{method} {path}: {}", answer.body);
    let afwijkingen = common::schema::afwijkingen(doc, method, path, "200", &answer.json());
    assert!(afwijkingen.is_empty(), "{method} {path} does not fit its schema: {afwijkingen:#?}");
}

#[tokio::test]
async fn real_rules_check_steps_and_plan_checks_fit_their_documented_schemas() {
    let paden = ["gemeentestad/opdracht", "gemeentestad/toepasbareRegels", "imro/stationspleinzuidoost.gml"];
    let Some((app, _state)) = common::app_met(&paden).await else { return };
    let doc = app.get("/api/v1/openapi.json").await.json();

    past(&doc, "get", "/regels", &app.get("/api/v1/regels?x=138398.3&y=424546.8").await);
    past(&doc, "get", "/regels", &app.get("/api/v1/regels?x=51637.34&y=390864.23").await);

    let bijgebouw = "nl.imow-gm0297.activiteit.2019000800";
    let oppervlakte = "_0d28736f-5b50-4d24-9e3e-327304ae6807#UitvId0001";
    let vraag = post_json(&app, "/api/v1/vergunningcheck", json!({ "activiteiten": [bijgebouw] })).await;
    assert_eq!(vraag.json()["status"], "vraag");
    past(&doc, "post", "/vergunningcheck", &vraag);
    let conclusie = json!({ "activiteiten": [bijgebouw], "antwoorden": { oppervlakte: 25 } });
    let conclusie = post_json(&app, "/api/v1/vergunningcheck", conclusie).await;
    assert_eq!(conclusie.json()["status"], "conclusie");
    past(&doc, "post", "/vergunningcheck", &conclusie);

    let (x, y) = (51637.34, 390864.23);
    let vierkant = json!({"type": "Polygon", "coordinates": [[[x - 1.0, y - 1.0], [x + 1.0, y - 1.0], [x + 1.0, y + 1.0], [x - 1.0, y + 1.0], [x - 1.0, y - 1.0]]]});
    let plan =
        json!({"geometrie": vierkant, "crs": "EPSG:28992", "bouwhoogte": 8, "goothoogte": 3, "functie": "wonen"});
    let plan = post_json(&app, "/api/v1/plancheck", plan).await;
    assert_eq!(plan.json()["oordeel"], "past niet");
    past(&doc, "post", "/plancheck", &plan);
}

#[test]
fn the_schema_check_notices_an_answer_that_drifted_from_the_document() {
    let doc = json!({
        "paths": {"/x": {"get": {"responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/X"}}}}}}}},
        "components": {"schemas": {"X": {"type": "object", "required": ["soort"], "properties": {
            "soort": {"type": "string", "enum": ["a", "b"]}, "n": {"type": ["integer", "null"], "minimum": 0}}}}}
    });
    assert!(common::schema::afwijkingen(&doc, "get", "/x", "200", &json!({"soort": "a", "n": null})).is_empty());
    assert_eq!(common::schema::afwijkingen(&doc, "get", "/x", "200", &json!({"soort": "c", "n": -1})).len(), 2);
    assert_eq!(common::schema::afwijkingen(&doc, "get", "/x", "200", &json!({"n": 1.5})).len(), 2);
}
