//! "What applies here?" over HTTP, on the real national fixtures imported through the import pipeline.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::app_met;
use serde_json::{Value, json};

fn bouwhoogte(answer: &Value) -> Option<f64> {
    answer["normen"].as_array()?.iter().find(|n| n["type"] == "MaximumBouwhoogte").and_then(|n| n["waarde"].as_f64())
}

fn norm<'a>(answer: &'a Value, soort: &str) -> Option<&'a Value> {
    answer["normen"].as_array()?.iter().find(|n| n["type"] == soort)
}

#[tokio::test]
async fn the_gemeentestad_bouwhoogte_points_give_the_heights_of_the_gio() {
    let Some((app, _state)) = app_met(&["gemeentestad/opdracht"]).await else { return };
    for (x, y, expected) in [
        (138247.7, 423827.1, Some(7.0)),
        (137969.5, 423906.7, Some(7.0)),
        (138398.3, 424546.8, Some(13.0)),
        (138430.7, 424243.0, Some(13.0)),
        (137000.0, 423000.0, None),
    ] {
        let answer = app.get(&format!("/api/v1/regels?x={x}&y={y}")).await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        let json = answer.json();
        assert_eq!(bouwhoogte(&json), expected, "at ({x}, {y})");
        if let Some(h) = expected {
            let n = norm(&json, "MaximumBouwhoogte").unwrap();
            assert_eq!(n["eenheid"], "m");
            let zin = format!("Hier mag u maximaal {h} meter hoog bouwen.");
            assert!(json["samenvatting"].as_array().unwrap().iter().any(|s| s == zin.as_str()), "{zin}");
        }
    }
}

#[tokio::test]
async fn an_imro_point_in_a_bouwvlak_gives_bestemming_wonen_with_goothoogte_and_bouwhoogte() {
    let Some((app, _state)) = app_met(&["imro/stationspleinzuidoost.gml"]).await else { return };
    let json = app.get("/api/v1/regels?x=51637.34&y=390864.23").await.json();
    let bestemmingen: Vec<&str> =
        json["bestemmingen"].as_array().unwrap().iter().filter_map(|b| b["naam"].as_str()).collect();
    assert!(bestemmingen.contains(&"Wonen"), "{bestemmingen:?}");
    assert!(!json["bouwvlakken"].as_array().unwrap().is_empty(), "inside a bouwvlak");
    assert_eq!(norm(&json, "MaximumGoothoogte").unwrap()["waarde"], 4.0);
    assert_eq!(bouwhoogte(&json), Some(7.0));

    let json = app.get("/api/v1/regels?x=51540.06&y=390835.00").await.json();
    let bestemmingen: Vec<&str> =
        json["bestemmingen"].as_array().unwrap().iter().filter_map(|b| b["naam"].as_str()).collect();
    assert!(bestemmingen.contains(&"Bedrijf"), "{bestemmingen:?}");
    assert_eq!(bouwhoogte(&json), Some(6.0));
    let pct = norm(&json, "MaximumBebouwingspercentage").unwrap();
    assert_eq!((pct["waarde"].as_f64(), pct["eenheid"].as_str()), (Some(80.0), Some("%")));
}

#[tokio::test]
async fn the_same_place_in_wgs84_gives_the_same_answer_as_in_rd() {
    let Some((app, _state)) = app_met(&["gemeentestad/opdracht"]).await else { return };
    let rd = stip_geo::RdPoint::new(138398.3, 424546.8).unwrap();
    let w = stip_geo::transform::rd_to_wgs84(rd).unwrap();
    let by_rd = app.get("/api/v1/regels?x=138398.3&y=424546.8").await.json();
    let by_wgs = app.get(&format!("/api/v1/regels?lon={}&lat={}", w.lon(), w.lat())).await.json();
    assert_eq!(by_rd["normen"], by_wgs["normen"]);
    assert_eq!(by_rd["activiteiten"], by_wgs["activiteiten"]);
}

#[tokio::test]
async fn the_answer_people_read_is_stable() {
    let Some((app, _state)) = app_met(&["imro/stationspleinzuidoost.gml"]).await else { return };
    let json = app.get("/api/v1/regels?x=51637.34&y=390864.23").await.json();
    insta::assert_json_snapshot!("regels_stationsplein_wonen_samenvatting", json["samenvatting"]);
}

#[tokio::test]
async fn a_search_with_a_polygon_finds_what_applies_anywhere_in_it() {
    let Some((app, _state)) = app_met(&["gemeentestad/opdracht"]).await else { return };
    // A square around the 7 m point and nothing else: the 7 m norm applies in it.
    let (x, y) = (138247.7, 423827.1);
    let ring =
        json!([[x - 1.0, y - 1.0], [x + 1.0, y - 1.0], [x + 1.0, y + 1.0], [x - 1.0, y + 1.0], [x - 1.0, y - 1.0]]);
    let body = json!({"geometrie": {"type": "Polygon", "coordinates": [ring]}, "crs": "EPSG:28992"});
    let answer = post(&app, "/api/v1/regels/_zoek", body).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(bouwhoogte(&answer.json()), Some(7.0));
    let point = json!({"geometrie": {"type": "Point", "coordinates": [x, y]}, "crs": "EPSG:28992"});
    assert_eq!(bouwhoogte(&post(&app, "/api/v1/regels/_zoek", point).await.json()), Some(7.0));
}

async fn post(app: &common::TestApp, uri: &str, body: Value) -> common::Answer {
    app.request(
        Request::post(uri).header("content-type", "application/json").body(Body::from(body.to_string())).unwrap(),
    )
    .await
}

#[tokio::test]
async fn bad_places_and_shapes_get_a_problem_that_says_what_is_wrong() {
    let Some((app, _state)) = app_met(&["imro/NL.IMRO.0798.BPDoornboom-ON01.gml"]).await else { return };
    for (uri, code, says) in [
        ("/api/v1/regels", "invalid_coordinates", "give a place"),
        ("/api/v1/regels?x=1", "invalid_coordinates", "either x and y"),
        ("/api/v1/regels?x=5&y=5", "invalid_coordinates", "outside the RD New area"),
        ("/api/v1/regels?x=abc&y=1", "invalid_request", "x"),
        ("/api/v1/regels?lon=4.9&lat=152", "invalid_coordinates", "lon, lat"),
    ] {
        let answer = app.get(uri).await;
        assert_eq!(answer.status, 400, "{uri}");
        let json = answer.json();
        assert_eq!(json["code"], code, "{uri}: {json}");
        assert!(json["detail"].as_str().unwrap_or_default().contains(says), "{uri}: {json}");
    }
    let bowtie =
        json!({"type": "Polygon", "coordinates": [[[0.0, 0.0], [10.0, 10.0], [10.0, 0.0], [0.0, 10.0], [0.0, 0.0]]]});
    let shifted = |g: &Value| {
        let mut g = g.clone();
        for c in g["coordinates"][0].as_array_mut().unwrap() {
            c[0] = json!(c[0].as_f64().unwrap() + 120000.0);
            c[1] = json!(c[1].as_f64().unwrap() + 480000.0);
        }
        g
    };
    for (body, code, says) in [
        (json!({"geometrie": shifted(&bowtie), "crs": "EPSG:28992"}), "invalid_geometry", "intersects itself"),
        (json!({"geometrie": shifted(&bowtie)}), "unsupported_crs", "missing"),
        (json!({"geometrie": shifted(&bowtie), "crs": "EPSG:3857"}), "unsupported_crs", "3857"),
        (
            json!({"geometrie": {"type": "Polygon", "coordinates": []}, "crs": "EPSG:28992"}),
            "invalid_geometry",
            "geometrie",
        ),
        (json!({"geometrie": {"type": "Kromme"}, "crs": "EPSG:28992"}), "invalid_geometry", "not GeoJSON"),
    ] {
        let answer = post(&app, "/api/v1/regels/_zoek", body.clone()).await;
        assert_eq!(answer.status, 400, "{body}");
        let json = answer.json();
        assert_eq!(json["code"], code, "{body}: {json}");
        assert!(json["detail"].as_str().unwrap_or_default().contains(says), "{body}: {json}");
    }
}

#[tokio::test]
async fn a_point_outside_every_imported_plan_says_so_plainly() {
    let Some((app, _state)) = app_met(&["imro/NL.IMRO.0798.BPDoornboom-ON01.gml"]).await else { return };
    let json = app.get("/api/v1/regels?x=155000&y=463000").await.json();
    assert!(json["plannen"].as_array().unwrap().is_empty());
    assert!(!json["samenvatting"].as_array().unwrap().is_empty(), "the summary says something, even here: {json}");
}

#[tokio::test]
async fn map_layers_and_matched_areas_come_as_geojson_in_wgs84() {
    let Some((app, _state)) = app_met(&["imro/stationspleinzuidoost.gml"]).await else { return };
    let rd = stip_geo::RdPoint::new(51637.34, 390864.23).unwrap();
    let w = stip_geo::transform::rd_to_wgs84(rd).unwrap();
    let bbox = format!("{},{},{},{}", w.lon() - 0.002, w.lat() - 0.002, w.lon() + 0.002, w.lat() + 0.002);
    let layer = app.get(&format!("/api/v1/kaart/planobjecten?bbox={bbox}")).await;
    assert_eq!(layer.status, 200, "{}", layer.body);
    assert_eq!(layer.header("content-type"), Some("application/geo+json"));
    let fc = layer.json();
    assert!(!fc["features"].as_array().unwrap().is_empty());
    let lon = fc["features"][0]["geometry"]["coordinates"][0][0][0].as_f64().unwrap();
    assert!((3.0..8.0).contains(&lon), "WGS84 longitude, got {lon}");
    let areas = app.get("/api/v1/regels/gebieden?x=51637.34&y=390864.23").await.json();
    assert!(!areas["features"].as_array().unwrap().is_empty());
    assert_eq!(app.get(&format!("/api/v1/kaart/wegen?bbox={bbox}")).await.json()["code"], "not_found");
    assert_eq!(
        app.get("/api/v1/kaart/panden?bbox=3,50,7,54").await.json()["code"],
        "invalid_coordinates",
        "too large an area"
    );
}

#[tokio::test]
async fn a_postcode_and_number_from_the_bag_are_found_with_their_place() {
    let Some((app, _state)) = app_met(&[
        "bag-brk/bag-doesburg-0221/0221NUM15092020-000001.xml",
        "bag-brk/bag-doesburg-0221/0221VBO15092020-000001.xml",
    ])
    .await
    else {
        return;
    };
    let found = app.get("/api/v1/adressen?q=6981%20ch%204").await.json();
    let found = found.as_array().unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["postcode"], "6981CH");
    assert_eq!(found[0]["huisnummer"], 4);
    let (x, lat) = (found[0]["x"].as_f64().unwrap(), found[0]["lat"].as_f64().unwrap());
    assert!((190_000.0..215_000.0).contains(&x) && (51.9..52.1).contains(&lat), "Doesburg lies there: {x} {lat}");
    let area = app.get("/api/v1/adressen?q=6981").await.json();
    let area = area.as_array().unwrap();
    assert!(!area.is_empty() && area.iter().all(|a| a["postcode"].as_str().unwrap().starts_with("6981")), "{area:?}");
    assert!(app.get("/api/v1/adressen?q=1234ZZ%201").await.json().as_array().unwrap().is_empty());

    let page = app.get("/kaart?adres=6981CH+4").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Gevonden adres:") && page.body.contains("6981 CH 4"), "the page names the address");
    let unknown = app.get("/kaart?adres=1234ZZ+1").await;
    assert_eq!(unknown.status, 404);
    assert!(unknown.body.contains("Dit adres kent stip niet"), "a helpful page for an unknown address");
}

#[tokio::test]
async fn the_map_page_shows_the_full_rule_text_of_an_omgevingsplan_point() {
    let Some((app, _state)) = app_met(&["gemeentestad/opdracht"]).await else { return };
    let page = app.get("/kaart?x=138398.3&y=424546.8").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Hier mag u maximaal 13 meter hoog bouwen."));
    assert!(page.body.contains("<details"), "the full rule text is behind details");
}

/// A simple polygon of `n` vertices: a circle of 200 m around a place in RD New.
fn cirkel(n: usize) -> Value {
    let mut ring: Vec<[f64; 2]> = (0..n)
        .map(|i| {
            let a = i as f64 / n as f64 * std::f64::consts::TAU;
            [155_000.0 + 200.0 * a.cos(), 463_000.0 + 200.0 * a.sin()]
        })
        .collect();
    ring.push(ring[0]);
    json!({ "geometrie": { "type": "Polygon", "coordinates": [ring] }, "crs": "EPSG:28992" })
}

#[tokio::test]
async fn an_area_of_more_than_ten_thousand_vertices_is_refused_with_the_count() {
    let app = common::spawn_app().await;
    let answer = post(&app, "/api/v1/regels/_zoek", cirkel(10_001)).await;
    assert_eq!(answer.status, 400, "{}", answer.body);
    assert!(answer.body.contains("10002 hoekpunten; stip neemt er hoogstens 10000"), "{}", answer.body);
    assert_eq!(post(&app, "/api/v1/regels/_zoek", cirkel(2_000)).await.status, 200);
}

#[tokio::test]
async fn when_every_permit_for_large_areas_is_taken_a_large_one_waits_outside_and_a_point_is_still_answered() {
    let app = common::spawn_app().await;
    let plekken = stip_app::regels::zware_plekken();
    let bezet = plekken.clone().acquire_many_owned(plekken.available_permits() as u32).await.unwrap();
    let groot = post(&app, "/api/v1/regels/_zoek", cirkel(2_000)).await;
    assert_eq!(groot.status, 503, "{}", groot.body);
    assert_eq!(groot.header("retry-after"), Some("1"));
    assert_eq!(groot.json()["code"], "busy");
    let punt = json!({ "geometrie": { "type": "Point", "coordinates": [155_000.0, 463_000.0] }, "crs": "EPSG:28992" });
    assert_eq!(post(&app, "/api/v1/regels/_zoek", punt).await.status, 200, "cheap requests do not wait");
    assert_eq!(post(&app, "/api/v1/regels/_zoek", cirkel(500)).await.status, 200, "a small area needs no permit");
    drop(bezet);
    assert_eq!(post(&app, "/api/v1/regels/_zoek", cirkel(2_000)).await.status, 200, "served again once free");
}
