//! The journey's last steps as pages: "Teken uw plan", the droog-oefenen report and the saved report behind its share
//! link, in-process on the Stationsplein IMRO plan and the Gemeentestad toepasbare regels.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::{TestApp, app_met};
use stip_store::{NieuwVerslag, VerslagRepository};

const WONEN_7M: (f64, f64) = (51637.34, 390864.23);

async fn stationsplein() -> Option<(TestApp, stip_web::AppState)> {
    app_met(&["imro/stationspleinzuidoost.gml", "gemeentestad/toepasbareRegels"]).await
}

fn plan(hoogte: &str) -> Vec<(&'static str, String)> {
    vec![
        ("x", WONEN_7M.0.to_string()),
        ("y", WONEN_7M.1.to_string()),
        ("bron", "rechthoek".into()),
        ("breedte", "2".into()),
        ("diepte", "2".into()),
        ("bouwhoogte", hoogte.into()),
        ("goothoogte", "3".into()),
        ("functie", "wonen".into()),
    ]
}

fn als_paren<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(k, w)| (*k, w.as_str())).collect()
}

#[tokio::test]
async fn the_plan_page_takes_the_place_and_carries_the_vergunningcheck_answers_along() {
    let Some((app, _state)) = stationsplein().await else { return };
    let (x, y) = WONEN_7M;
    let page = app.get(&format!("/plancheck?activiteit=a.1&x={x}&y={y}&antwoord.q%231=ja")).await;
    assert_eq!(page.status, 200);
    let html = &page.body;
    assert!(html.contains("<h1 class=\"utrecht-heading-1\">Teken uw plan</h1>"));
    assert!(html.contains(&format!("name=\"x\" inputmode=\"decimal\" aria-describedby=\"plek-uitleg\" value=\"{x}\"")));
    assert!(html.contains("<input type=\"hidden\" name=\"activiteit\" value=\"a.1\">"), "{html}");
    assert!(html.contains("<input type=\"hidden\" name=\"antwoord.q#1\" value=\"ja\">"));
    assert!(html.contains("aria-current=\"step\""), "the journey's steps say where the visitor is");
}

#[tokio::test]
async fn a_plan_one_metre_too_high_gets_a_report_that_says_so_in_words_and_in_the_table() {
    let Some((app, _state)) = stationsplein().await else { return };
    let te_hoog = plan("8");
    let report = app.post_form("/droog-oefenen", &als_paren(&te_hoog)).await;
    assert_eq!(report.status, 200, "{}", report.body);
    let html = &report.body;
    assert!(html.contains("Uw plan past niet helemaal."), "{html}");
    assert!(html.contains("Het is 1 meter te hoog."));
    assert!(html.contains("Hier mag u maximaal 7 meter hoog bouwen."), "what applies here is part of the report");
    assert!(html.contains("U hebt de vergunningcheck nog niet gedaan."));
    assert!(html.contains("id=\"verslag-kaart-data\""), "the 3D view gets its data in the page");
    assert!(html.contains("class=\"stip-host\""), "the report says where to go (Waar moet ik zijn?)");

    let past = app.post_form("/droog-oefenen", &als_paren(&plan("6,5"))).await;
    assert_eq!(past.status, 200);
    assert!(past.body.contains("Uw plan past binnen de regels die stip kan controleren."), "{}", past.body);
}

#[tokio::test]
async fn a_saved_report_opens_by_its_link_and_a_wrong_or_expired_link_gets_a_plain_page() {
    let Some((app, _state)) = stationsplein().await else { return };
    let te_hoog = plan("8");
    let saved = app.post_form("/verslag", &als_paren(&te_hoog)).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let link = saved.header("location").unwrap().to_string();
    let sleutel = link.strip_prefix("/verslag/").unwrap();
    assert!(sleutel.len() == 64 && sleutel.bytes().all(|b| b.is_ascii_hexdigit()), "{link}");

    let opened = app.request(Request::get(&link).header("host", "stip.example.nl").body(Body::empty()).unwrap()).await;
    assert_eq!(opened.status, 200);
    assert!(opened.body.contains("Uw verslag is bewaard."));
    assert!(opened.body.contains("Het is 1 meter te hoog."));
    assert!(
        opened.body.contains(&format!("value=\"http:&#x2f;&#x2f;stip.example.nl&#x2f;verslag&#x2f;{sleutel}\"")),
        "the full share link is shown to copy: {}",
        opened.body
    );

    let mut anders = sleutel.to_string();
    anders.replace_range(0..1, if sleutel.starts_with('0') { "1" } else { "0" });
    let onbekend = app.get(&format!("/verslag/{anders}")).await;
    assert_eq!(onbekend.status, 404);
    assert!(onbekend.body.contains("Deze link kent stip niet."));
    assert_eq!(app.get("/verslag/../../etc/passwd").await.status, 404);

    // A report whose time is up: the store still has it, the page says until when it worked.
    let oud = "a".repeat(64);
    let hash = {
        use sha2::Digest;
        sha2::Sha256::digest(oud.as_bytes()).iter().map(|b| format!("{b:02x}")).collect::<String>()
    };
    let verloopt = time::OffsetDateTime::now_utc() - time::Duration::days(1);
    app.store
        .bewaar_verslag(NieuwVerslag { sleutel_hash: &hash, inhoud: &serde_json::json!({}), verloopt })
        .await
        .unwrap();
    let verlopen = app.get(&format!("/verslag/{oud}")).await;
    assert_eq!(verlopen.status, 410);
    assert!(verlopen.body.contains("De link naar dit verslag werkte tot"), "{}", verlopen.body);
}

#[tokio::test]
async fn wrong_plan_fields_bring_the_form_back_with_a_message_per_field_and_nothing_is_saved() {
    let Some((app, _state)) = stationsplein().await else { return };
    let mut fout = plan("hoog");
    fout.retain(|(k, _)| *k != "breedte");
    fout.push(("breedte", "-3".into()));
    let page = app.post_form("/verslag", &als_paren(&fout)).await;
    assert_eq!(page.status, 400);
    let html = &page.body;
    assert!(html.contains("Er klopt iets niet"));
    assert!(html.contains("href=\"#breedte\""), "the error summary links to the field");
    assert!(html.contains("Vul de breedte in meters in"));
    assert!(html.contains("Vul bij hoogte een getal in"), "the field is named as its label says");
    let engels = app.post_form("/droog-oefenen?lang=en", &als_paren(&fout)).await;
    assert!(engels.body.contains("Fill in a number for height"), "{}", engels.body);
    assert!(html.contains("value=\"hoog\""), "what was typed comes back");

    let zonder_plek: Vec<(&str, &str)> = vec![("bron", "rechthoek"), ("breedte", "3"), ("diepte", "3")];
    let page = app.post_form("/droog-oefenen", &zonder_plek).await;
    assert_eq!(page.status, 400);
    assert!(page.body.contains("Kies eerst de plek"));

    let kapot: Vec<(&str, &str)> =
        vec![("bron", "geojson"), ("geometrie", "{\"type\": \"Polygon\""), ("crs", "EPSG:28992")];
    let page = app.post_form("/droog-oefenen", &kapot).await;
    assert_eq!(page.status, 400);
    assert!(page.body.contains("Dit is geen geldige GeoJSON"));
}

#[tokio::test]
async fn a_report_form_sent_from_another_site_without_the_token_is_refused() {
    let Some((app, _state)) = stationsplein().await else { return };
    let velden = plan("6");
    let body = velden.iter().map(|(k, v)| format!("{k}={}", common::encode(v))).collect::<Vec<_>>().join("&");
    for uri in ["/verslag", "/droog-oefenen"] {
        let answer = app
            .request(
                Request::post(uri)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(Body::from(body.clone()))
                    .unwrap(),
            )
            .await;
        assert_eq!(answer.status, 403, "{uri}");
        assert!(answer.header("location").is_none(), "{uri}: nothing saved, no link");
    }
}

#[tokio::test]
async fn a_report_with_a_finished_vergunningcheck_shows_its_outcome_and_the_steps_that_follow() {
    let Some((app, _state)) = stationsplein().await else { return };
    const BIJGEBOUW: &str = "nl.imow-gm0297.activiteit.2019000800";
    const OPPERVLAKTE: &str = "antwoord._0d28736f-5b50-4d24-9e3e-327304ae6807#UitvId0001";
    let mut velden = plan("6");
    velden.push(("activiteit", BIJGEBOUW.into()));
    let half = app.post_form("/droog-oefenen", &als_paren(&velden)).await;
    assert!(half.body.contains("U bent de vergunningcheck nog niet klaar."), "{}", half.body);
    velden.push((OPPERVLAKTE, "25".into()));
    let klaar = app.post_form("/droog-oefenen", &als_paren(&velden)).await;
    assert_eq!(klaar.status, 200);
    let html = &klaar.body;
    assert!(html.contains("Bouwen van een bijgebouw:</strong>"), "{html}");
    assert!(html.contains("class=\"stip-proces\""), "the steps after the outcome are explained");
    assert!(html.contains("4 weken"), "a melding is made at least 4 weeks before starting");
}

const BIJGEBOUW: &str = "nl.imow-gm0297.activiteit.2019000800";
const OPPERVLAKTE: &str = "antwoord._0d28736f-5b50-4d24-9e3e-327304ae6807#UitvId0001";

#[tokio::test]
async fn the_plan_form_starts_from_the_area_answered_in_the_check_and_says_it_took_it_over() {
    let Some((app, _state)) = stationsplein().await else { return };
    let (x, y) = WONEN_7M;
    let page =
        app.get(&format!("/plancheck?activiteit={BIJGEBOUW}&x={x}&y={y}&{}=25", OPPERVLAKTE.replace('#', "%23"))).await;
    assert_eq!(page.status, 200);
    let html = &page.body;
    assert!(html.contains("Uit de vergunningcheck hebben we ingevuld: oppervlakte 25 m²."), "{html}");
    assert!(html.contains("id=\"breedte\" name=\"breedte\" inputmode=\"decimal\" value=\"5\""), "a square of 25 m²");
    assert!(html.contains("id=\"diepte\" name=\"diepte\" inputmode=\"decimal\" value=\"5\""));
    let terug = app
        .get(&format!("/plancheck?activiteit={BIJGEBOUW}&x={x}&y={y}&breedte=3&{}=25", OPPERVLAKTE.replace('#', "%23")))
        .await;
    assert!(terug.body.contains("value=\"3\""), "what the person typed is kept");
    assert!(!terug.body.contains("hebben we ingevuld"), "and not overwritten by the check");
}

#[tokio::test]
async fn a_drawn_plan_smaller_than_the_area_answered_in_the_check_is_named_in_the_report() {
    let Some((app, _state)) = stationsplein().await else { return };
    let mut velden = plan("6");
    velden.push(("activiteit", BIJGEBOUW.into()));
    velden.push((OPPERVLAKTE, "25".into()));
    let verslag = app.post_form("/droog-oefenen", &als_paren(&velden)).await;
    assert_eq!(verslag.status, 200);
    assert!(verslag.body.contains("Uw plan is anders dan uw antwoorden in de vergunningcheck"), "{}", verslag.body);
    assert!(verslag.body.contains("In de vergunningcheck antwoordde u 25 m². Het plan dat u tekende is 4 m²."));
    let gelijk: Vec<_> = velden
        .iter()
        .map(|(k, v)| (*k, if *k == "breedte" || *k == "diepte" { "5".to_string() } else { v.clone() }))
        .collect();
    let zelfde = app.post_form("/droog-oefenen", &als_paren(&gelijk)).await;
    assert!(!zelfde.body.contains("Uw plan is anders"), "a 5 × 5 m plan is the 25 m² answered");
}

#[tokio::test]
async fn a_rectangle_moved_from_the_address_is_checked_where_it_was_placed() {
    let Some((app, _state)) = stationsplein().await else { return };
    // 8 m is 1 m too high at the house (wonen, 7 m); moved 97 m west and 29 m south it stands on the
    // bedrijfsbestemming (6 m), where it is 2 m too high.
    let thuis = app.post_form("/droog-oefenen", &als_paren(&plan("8"))).await;
    assert!(thuis.body.contains("Het is 1 meter te hoog."), "{}", thuis.body);
    let mut verplaatst = plan("8");
    verplaatst.extend([("oost", "-97,28".to_string()), ("noord", "-29.23".into()), ("draaiing", "30".into())]);
    let daar = app.post_form("/droog-oefenen", &als_paren(&verplaatst)).await;
    assert_eq!(daar.status, 200);
    assert!(daar.body.contains("Het is 2 meter te hoog."), "{}", daar.body);
    let mut te_ver = plan("8");
    te_ver.push(("oost", "500".into()));
    let fout = app.post_form("/droog-oefenen", &als_paren(&te_ver)).await;
    assert_eq!(fout.status, 400);
    assert!(fout.body.contains("Schuif het plan ten hoogste 200 meter van het adres."), "{}", fout.body);
}
