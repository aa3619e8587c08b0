//! `POST /api/v1/plancheck` ("Binnen de lijntjes") in-process, on the Stationsplein IMRO plan imported through the
//! import pipeline: the verdicts, the answer in the request's CRS, and a clear problem per wrong field.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::{Answer, TestApp, app_met};
use serde_json::{Value, json};

const WONEN_7M: (f64, f64) = (51637.34, 390864.23);

async fn post(app: &TestApp, body: Value) -> Answer {
    app.request(
        Request::post("/api/v1/plancheck")
            .header("content-type", "application/json")
            .body(Body::from(body.to_string()))
            .unwrap(),
    )
    .await
}

fn vierkant(cx: f64, cy: f64, half: f64) -> Value {
    json!({"type": "Polygon", "coordinates": [[
        [cx - half, cy - half], [cx + half, cy - half], [cx + half, cy + half], [cx - half, cy + half], [cx - half, cy - half]
    ]]})
}

fn toetsing<'a>(answer: &'a Value, soort: &str) -> &'a Value {
    answer["toetsingen"].as_array().unwrap().iter().find(|t| t["soort"] == soort).unwrap_or_else(|| panic!("{answer}"))
}

async fn stationsplein() -> Option<(TestApp, stip_web::AppState)> {
    app_met(&["imro/stationspleinzuidoost.gml"]).await
}

#[tokio::test]
async fn a_footprint_in_the_bouwvlak_at_6_m_fits_and_at_8_m_is_one_metre_too_high() {
    let Some((app, _state)) = stationsplein().await else { return };
    let plan = |h: f64| {
        json!({"geometrie": vierkant(WONEN_7M.0, WONEN_7M.1, 1.0), "crs": "EPSG:28992", "bouwhoogte": h,
               "goothoogte": 3, "functie": "wonen"})
    };
    let answer = post(&app, plan(6.0)).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.header("api-version"), Some("1.0.0"));
    let json = answer.json();
    assert_eq!(json["oordeel"], "past");
    assert_eq!(toetsing(&json, "MaximumBouwhoogte")["oordeel"], "past");
    assert_eq!(json["buitenBouwvlakM2"], 0.0);
    assert!(json["kaart"]["features"].as_array().unwrap().is_empty(), "no conflicts, nothing on the map");

    let json = post(&app, plan(8.0)).await.json();
    assert_eq!(json["oordeel"], "past niet");
    let t = toetsing(&json, "MaximumBouwhoogte");
    assert_eq!(t["toelichting"], "Uw plan is 8 meter hoog. Hier mag maximaal 7 meter. Het is 1 meter te hoog.");
    assert_eq!(
        (t["gevraagd"].as_f64(), t["toegestaan"].as_f64(), t["verschil"].as_f64()),
        (Some(8.0), Some(7.0), Some(1.0))
    );
    assert_eq!(t["norm"]["type"], "MaximumBouwhoogte");
    assert_eq!(t["norm"]["eenheid"], "m");
    assert_eq!(t["planobject"]["soort"], "Maatvoering");
    assert_eq!(t["geometrie"]["type"], "MultiPolygon");
    let kaart = json["kaart"]["features"].as_array().unwrap();
    assert_eq!(kaart.len(), 1);
    assert_eq!(kaart[0]["properties"]["soort"], "MaximumBouwhoogte");
    insta::assert_json_snapshot!("plancheck_8_m", leesbaar(&json));
}

/// What people read: texts and numbers, no coordinates.
fn leesbaar(json: &Value) -> Value {
    let toetsingen: Vec<Value> = json["toetsingen"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| json!({"soort": t["soort"], "oordeel": t["oordeel"], "toelichting": t["toelichting"]}))
        .collect();
    json!({"oordeel": json["oordeel"], "samenvatting": json["samenvatting"], "toetsingen": toetsingen,
           "informatie": json["informatie"].as_array().unwrap().iter().map(|i| &i["tekst"]).collect::<Vec<_>>()})
}

#[tokio::test]
async fn a_plan_asked_in_wgs84_is_answered_in_wgs84_with_the_same_verdict() {
    let Some((app, _state)) = stationsplein().await else { return };
    let hoek = |dx: f64, dy: f64| {
        let p = stip_geo::RdPoint::new(WONEN_7M.0 + dx, WONEN_7M.1 + dy).unwrap();
        let w = stip_geo::transform::rd_to_wgs84(p).unwrap();
        json!([w.lon(), w.lat()])
    };
    let ring = json!([hoek(-1.0, -1.0), hoek(1.0, -1.0), hoek(1.0, 1.0), hoek(-1.0, 1.0), hoek(-1.0, -1.0)]);
    let feature = json!({"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [ring]}});
    let answer = post(&app, json!({"geometrie": feature, "crs": "EPSG:4326", "bouwhoogte": 8})).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let json = answer.json();
    assert_eq!(json["oordeel"], "past niet");
    let t = toetsing(&json, "MaximumBouwhoogte");
    assert!(t["toelichting"].as_str().unwrap().ends_with("Het is 1 meter te hoog."));
    let lon = t["geometrie"]["coordinates"][0][0][0][0].as_f64().unwrap();
    let lat = t["geometrie"]["coordinates"][0][0][0][1].as_f64().unwrap();
    assert!((3.0..8.0).contains(&lon) && (50.0..54.0).contains(&lat), "lon/lat: {lon}, {lat}");
    assert!((json["plan"]["oppervlakteM2"].as_f64().unwrap() - 4.0).abs() < 0.05, "the area is still in m²");
}

#[tokio::test]
async fn a_plan_outside_every_imported_plan_is_answered_as_niet_te_bepalen() {
    let Some((app, _state)) = stationsplein().await else { return };
    let answer =
        post(&app, json!({"geometrie": vierkant(100_000.0, 400_000.0, 5.0), "crs": "EPSG:28992", "bouwhoogte": 6}))
            .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let json = answer.json();
    assert_eq!(json["oordeel"], "niet te bepalen");
    assert_eq!(json["samenvatting"], "Op deze plek kent stip geen plan. Daarom kan stip uw plan hier niet toetsen.");
}

/// The problem document of a refused plan: its code and the (field, code) of each message.
async fn geweigerd(app: &TestApp, body: Value) -> (String, Vec<(String, String)>) {
    let answer = post(app, body).await;
    assert_eq!(answer.status, 400, "{}", answer.body);
    assert_eq!(answer.header("content-type"), Some("application/problem+json"));
    let json = answer.json();
    let fouten = json["fouten"]
        .as_array()
        .map(|f| {
            f.iter()
                .map(|f| {
                    assert!(!f["melding"].as_str().unwrap().is_empty());
                    (f["vraag"].as_str().unwrap().to_string(), f["code"].as_str().unwrap().to_string())
                })
                .collect()
        })
        .unwrap_or_default();
    (json["code"].as_str().unwrap().to_string(), fouten)
}

fn paar(veld: &str, code: &str) -> (String, String) {
    (veld.to_string(), code.to_string())
}

#[tokio::test]
async fn wrong_input_gets_one_clear_message_per_field_and_never_a_panic() {
    let Some((app, _state)) = stationsplein().await else { return };
    let sq = vierkant(WONEN_7M.0, WONEN_7M.1, 1.0);
    let (x, y) = WONEN_7M;
    let strik =
        json!({"type": "Polygon", "coordinates": [[[x, y], [x + 2.0, y + 2.0], [x + 2.0, y], [x, y + 2.0], [x, y]]]});
    assert_eq!(
        geweigerd(&app, json!({"geometrie": strik, "crs": "EPSG:28992"})).await,
        ("invalid_geometry".into(), vec![paar("geometrie", "snijdt-zichzelf")])
    );
    assert_eq!(
        geweigerd(&app, json!({"geometrie": {"type": "MultiPolygon", "coordinates": []}, "crs": "EPSG:28992"})).await,
        ("invalid_geometry".into(), vec![paar("geometrie", "leeg")])
    );
    assert_eq!(geweigerd(&app, json!({"geometrie": sq, "bouwhoogte": 6})).await.0, "unsupported_crs");
    assert_eq!(geweigerd(&app, json!({"geometrie": sq, "crs": "EPSG:3857"})).await.0, "unsupported_crs");
    assert_eq!(
        geweigerd(
            &app,
            json!({"geometrie": sq, "crs": "EPSG:28992", "bouwhoogte": -3, "goothoogte": 301, "bouwlagen": 101})
        )
        .await,
        (
            "invalid_request".into(),
            vec![paar("bouwhoogte", "negatief"), paar("goothoogte", "te-hoog"), paar("bouwlagen", "te-veel")]
        )
    );
    assert_eq!(
        geweigerd(&app, json!({"geometrie": sq, "crs": "EPSG:28992", "bouwhoogte": "acht", "wooneenheden": 1.5})).await,
        ("invalid_request".into(), vec![paar("bouwhoogte", "geen-getal"), paar("wooneenheden", "geen-geheel-getal")])
    );
    assert_eq!(
        geweigerd(&app, json!({"crs": "EPSG:28992", "bouwhoogte": 6})).await,
        ("invalid_geometry".into(), vec![paar("geometrie", "ontbreekt")])
    );
    let n = 10_001;
    let ring: Vec<Value> = (0..=n)
        .map(|i| {
            let t = std::f64::consts::TAU * (i % n) as f64 / n as f64;
            json!([x + 20.0 * t.cos(), y + 20.0 * t.sin()])
        })
        .collect();
    assert_eq!(
        geweigerd(&app, json!({"geometrie": {"type": "Polygon", "coordinates": [ring]}, "crs": "EPSG:28992"})).await,
        ("invalid_geometry".into(), vec![paar("geometrie", "te-veel-hoekpunten")])
    );
    assert_eq!(
        geweigerd(&app, json!({"geometrie": sq, "crs": "EPSG:28992", "uitbreidingVan": "0000100000000000"})).await,
        ("invalid_request".into(), vec![paar("uitbreidingVan", "onbekend-pand")])
    );
    assert_eq!(
        geweigerd(&app, json!({"geometrie": vierkant(5.1, 52.1, 0.001), "crs": "EPSG:28992"})).await,
        ("invalid_geometry".into(), vec![paar("geometrie", "buiten-nederland")])
    );
    assert_eq!(geweigerd(&app, json!({"geometrie": sq, "crs": "EPSG:28992", "hoogte": 6})).await.0, "invalid_request");
}

#[tokio::test]
async fn the_plan_check_is_in_the_openapi_document() {
    let app = common::spawn_app().await;
    let doc = app.get("/api/v1/openapi.json").await.json();
    assert!(doc["paths"]["/plancheck"]["post"].is_object());
    assert!(doc["components"]["schemas"]["Planvraag"].is_object());
}
