//! The HTTP basics, in-process: health, the API's header and errors, the OpenAPI document, pages and assets.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::spawn_app;
use http_body_util::BodyExt;
use stip_store::{DatasetKind, DatasetRepository, NewDataset};
use tower::ServiceExt;

#[tokio::test]
async fn readiness_answers_ok_when_the_database_answers_and_names_the_dataset_versions_it_serves_and_its_instance() {
    let app = spawn_app().await;
    let answer = app.get("/health/ready").await;
    assert_eq!(answer.status, 200);
    let mut json = answer.json();
    let instantie = json["instantie"].take();
    assert!(uuid::Uuid::parse_str(instantie.as_str().unwrap()).is_ok(), "{instantie}");
    assert_eq!(json, serde_json::json!({"status": "ok", "database": "sqlite", "datasets": [], "instantie": null}));
    assert_eq!(app.get("/health/live").await.status, 200);
}

#[tokio::test]
async fn readiness_answers_503_with_a_problem_when_the_database_is_gone() {
    let app = spawn_app().await;
    app.store.close().await;
    let answer = app.get("/health/ready").await;
    assert_eq!(answer.status, 503);
    assert_eq!(answer.header("content-type"), Some("application/problem+json"));
    assert_eq!(answer.json()["code"], "database_unavailable");
}

#[tokio::test]
async fn every_api_answer_carries_the_api_version_header_errors_included() {
    let app = spawn_app().await;
    for uri in ["/api/v1", "/api/v1/", "/api/v1/openapi.json", "/api/v1/datasets", "/api/v1/bestaat-niet"] {
        let answer = app.get(uri).await;
        assert_eq!(answer.header("api-version"), Some("1.0.0"), "{uri} answered {}", answer.status);
    }
    assert_eq!(app.get("/").await.header("api-version"), None, "pages are not the API");
}

#[tokio::test]
async fn an_unknown_api_path_is_a_problem_document_with_a_stable_code() {
    let app = spawn_app().await;
    let answer = app.get("/api/v1/bestaat-niet").await;
    assert_eq!(answer.status, 404);
    assert_eq!(answer.header("content-type"), Some("application/problem+json"));
    insta::assert_json_snapshot!(answer.json(), @r#"
    {
      "code": "not_found",
      "detail": "/api/v1/bestaat-niet is not part of this API",
      "instance": "/api/v1/bestaat-niet",
      "status": 404,
      "title": "Niet gevonden",
      "type": "urn:stip:problem:not_found"
    }
    "#);
}

#[tokio::test]
async fn a_wrong_method_on_the_api_is_a_problem_document() {
    let app = spawn_app().await;
    let answer = app.request(Request::delete("/api/v1/datasets").body(Body::empty()).unwrap()).await;
    assert_eq!(answer.status, 405);
    assert_eq!(answer.json()["code"], "method_not_allowed");
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_with_413_before_it_is_read() {
    let app = common::spawn_app_with(stip_web::WebConfig { max_body_bytes: 1024, ..Default::default() }).await;
    let big = vec![b'x'; 4096];
    let request = Request::post("/api/v1/datasets")
        .header("content-type", "application/json")
        .header("content-length", big.len())
        .body(Body::from(big))
        .unwrap();
    let answer = app.request(request).await;
    assert_eq!(answer.status, 413);
    assert_eq!(answer.json()["code"], "payload_too_large");
}

#[tokio::test]
async fn the_openapi_document_is_openapi_3_and_every_reference_resolves() {
    let app = spawn_app().await;
    let answer = app.get("/api/v1/openapi.json").await;
    assert_eq!(answer.status, 200);
    let doc = answer.json();
    let version = doc["openapi"].as_str().unwrap();
    assert!(version.starts_with("3."), "{version}");
    assert_eq!(doc["info"]["title"], "stip API");
    let paths = doc["paths"].as_object().unwrap();
    for expected in ["/", "/openapi.json", "/datasets"] {
        assert!(paths.contains_key(expected), "missing {expected}");
    }
    for (path, item) in paths {
        for (method, op) in item.as_object().unwrap() {
            let responses = op["responses"].as_object().unwrap_or_else(|| panic!("{method} {path} has no responses"));
            assert!(!responses.is_empty(), "{method} {path} has no responses");
            for (status, response) in responses {
                assert!(response["description"].is_string(), "{method} {path} {status} has no description");
            }
        }
    }
    let mut refs = Vec::new();
    collect_refs(&doc, &mut refs);
    assert!(!refs.is_empty());
    for r in refs {
        let pointer = r.strip_prefix('#').unwrap_or_else(|| panic!("external ref {r}"));
        assert!(doc.pointer(pointer).is_some(), "{r} does not resolve");
    }
}

fn collect_refs(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            if let Some(serde_json::Value::String(r)) = m.get("$ref") {
                out.push(r.clone());
            }
            m.values().for_each(|v| collect_refs(v, out));
        }
        serde_json::Value::Array(a) => a.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

#[tokio::test]
async fn the_datasets_endpoint_lists_what_is_current() {
    let app = spawn_app().await;
    assert_eq!(app.get("/api/v1/datasets").await.json(), serde_json::json!([]));
    app.store
        .publish(NewDataset {
            kind: DatasetKind::Regeling,
            sleutel: "/akn/nl/act/gm0297/2020/omgevingsplan",
            versie: "2",
            titel: "Omgevingsplan Gemeentestad",
            bron: "opdracht",
            sha256: "ab",
            samenvatting: serde_json::json!({"regels": 20}),
            payload: b"x",
            meldingen: &[],
        })
        .await
        .unwrap();
    let list = app.get("/api/v1/datasets").await.json();
    assert_eq!(list[0]["soort"], "regeling");
    assert_eq!(list[0]["titel"], "Omgevingsplan Gemeentestad");
    assert_eq!(list[0]["samenvatting"]["regels"], 20);
}

#[tokio::test]
async fn the_home_page_is_dutch_by_default_english_on_request_and_for_an_english_browsers_first_visit() {
    let app = spawn_app().await;
    let nl = app.get("/").await;
    assert_eq!(nl.status, 200);
    assert!(nl.body.contains(r#"<html lang="nl""#));
    assert!(nl.body.contains("Wat mag ik hier doen?"));
    let en = app.get("/?lang=en").await;
    assert!(en.body.contains(r#"<html lang="en""#));
    assert!(en.body.contains("What may I do here?"));
    assert!(en.header("set-cookie").unwrap().starts_with("stip_lang=en"), "the choice is remembered");
    let remembered = app.request(Request::get("/").header("cookie", "stip_lang=en").body(Body::empty()).unwrap()).await;
    assert!(remembered.body.contains(r#"<html lang="en""#));
    let browser =
        app.request(Request::get("/").header("accept-language", "en-GB,en;q=0.9").body(Body::empty()).unwrap()).await;
    assert!(browser.body.contains(r#"<html lang="en""#), "a first visit follows the browser's language");
    let gekozen = app
        .request(
            Request::get("/")
                .header("accept-language", "en-GB,en;q=0.9")
                .header("cookie", "stip_lang=nl")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert!(gekozen.body.contains(r#"<html lang="nl""#), "a choice made on the page wins over the browser");
}

#[tokio::test]
async fn an_unknown_page_is_a_helpful_dutch_404_page() {
    let app = spawn_app().await;
    let answer = app.get("/bestaat/niet").await;
    assert_eq!(answer.status, 404);
    assert!(answer.header("content-type").unwrap().starts_with("text/html"));
    assert!(answer.body.contains("Deze pagina bestaat niet"));
    assert!(answer.body.contains(r#"href="/""#), "it offers the way back");
}

#[tokio::test]
async fn pages_load_only_assets_that_stip_serves_itself() {
    let app = spawn_app().await;
    let home = app.get("/").await.body;
    let mut local = 0;
    for attr in ["src=\"", "href=\""] {
        for part in home.split(attr).skip(1) {
            let url = part.split('"').next().unwrap();
            assert!(
                !url.starts_with("http:") && !url.starts_with("https:") && !url.starts_with("//"),
                "external {url}"
            );
            if url.starts_with("/assets/") {
                let asset = app.get(url).await;
                assert_eq!(asset.status, 200, "{url}");
                assert!(!asset.body.contains("url(http"), "{url} loads from the internet");
                local += 1;
            }
        }
    }
    assert!(local >= 3, "the page links its stylesheets");
}

#[tokio::test]
async fn assets_are_served_with_their_type_and_cache_headers() {
    let app = spawn_app().await;
    let css = app.get("/assets/vendor/utrecht/component-library.css").await;
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css"));
    assert!(css.header("etag").is_some());
    let js = app.get("/assets/vendor/maplibre/maplibre-gl.mjs").await;
    assert_eq!(js.status, 200);
    assert!(js.header("content-type").unwrap().contains("javascript"));
    assert_eq!(app.get("/assets/bestaat-niet.css").await.status, 404);
}

#[tokio::test]
async fn the_browsers_own_request_for_favicon_ico_finds_the_sites_icon() {
    let app = spawn_app().await;
    let ico = app.get("/favicon.ico").await;
    assert_eq!(ico.status, 308, "{}", ico.body);
    let icoon = ico.header("location").expect("points to the icon").to_string();
    let svg = app.get(&icoon).await;
    assert_eq!(svg.status, 200);
    assert_eq!(svg.header("content-type"), Some("image/svg+xml"));
    assert!(app.get("/").await.body.contains(&format!("rel=\"icon\" href=\"{icoon}\"")), "pages name it too");
}

#[tokio::test]
async fn text_assets_go_gzipped_to_a_browser_that_accepts_it_and_unpack_to_the_same_bytes() {
    use std::io::Read;
    let app = spawn_app().await;
    let pad = "/assets/vendor/utrecht/component-library.css";
    let plain = app.get(pad).await;
    assert_eq!(plain.header("content-encoding"), None);
    assert_eq!(plain.header("vary"), Some("accept-encoding"));
    let vraag = |enc: &'static str| Request::get(pad).header("accept-encoding", enc).body(Body::empty()).unwrap();
    let response = app.router.clone().oneshot(vraag("br, gzip;q=0.8, deflate")).await.unwrap();
    assert_eq!(response.headers()["content-encoding"], "gzip");
    assert_ne!(response.headers()["etag"].to_str().unwrap(), plain.header("etag").unwrap());
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    assert!(
        bytes.len() * 5 < plain.body.len(),
        "gzip makes the CSS much smaller: {} of {}",
        bytes.len(),
        plain.body.len()
    );
    let mut unpacked = String::new();
    flate2::read::GzDecoder::new(&bytes[..]).read_to_string(&mut unpacked).unwrap();
    assert_eq!(unpacked, plain.body);
    let refused = app.request(vraag("gzip;q=0, identity")).await;
    assert_eq!(refused.header("content-encoding"), None);
    let tekst = Request::get("/assets/vendor/maplibre/LICENSE.txt").header("accept-encoding", "gzip");
    let tekst = app.request(tekst.body(Body::empty()).unwrap()).await;
    assert_eq!(tekst.header("content-encoding"), Some("gzip"), "plain text compresses too");
}

#[tokio::test]
async fn an_answer_to_someone_logged_in_is_never_cached_and_a_public_one_may_be() {
    let app = spawn_app().await;
    let jan = common::persoon::persoon(&app, "Jan Jansen", &[stip_store::Rol::Initiatiefnemer], None).await;
    let eigen = common::persoon::api(&app, "GET", "/api/v1/aanvragen", Some(&jan), None).await;
    assert_eq!(eigen.status, 200, "{}", eigen.body);
    assert_eq!(eigen.header("cache-control"), Some("private, no-store"));
    let publiek = app.get("/api/v1/datasets").await;
    assert_ne!(publiek.header("cache-control"), Some("private, no-store"));
}

#[tokio::test]
async fn behind_https_every_answer_asks_the_browser_to_keep_to_https() {
    let https = common::spawn_app_with(stip_web::WebConfig {
        publieke_url: Some("https://stip.voorbeeldstad.example".into()),
        ..stip_web::WebConfig::default()
    })
    .await;
    let a = https.get("/").await;
    assert_eq!(a.header("strict-transport-security"), Some("max-age=31536000; includeSubDomains"));
    let http = spawn_app().await;
    assert_eq!(http.get("/").await.header("strict-transport-security"), None, "not over plain http (development)");
}

#[tokio::test]
async fn the_home_page_asks_for_an_address_and_sends_it_to_the_map() {
    let app = spawn_app().await;
    let home = app.get("/").await.body;
    let formulier =
        home.split("<form").find(|f| f.contains("name=\"adres\"")).expect("an address box on the home page");
    assert!(formulier.contains("action=\"/kaart\"") && formulier.contains("method=\"get\""), "{formulier}");
    assert!(formulier.contains("<label"), "the box has a label");
}
