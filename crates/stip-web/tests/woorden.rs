//! Pages speak words, not machine values: a place is its address, an authority its name, a number has no ".0",
//! a plan version is a date; the rule trace is folded away for specialists; a question says how many may follow; an
//! explanation the rules mark as important is shown, not hidden; the map labels streets and house numbers.

mod common;

use common::app_met;
use common::voorbeeldstad::{adres, voorbeeldstad};

/// The visible text of the page's `<main>`, without tags.
fn tekst(html: &str) -> String {
    let main = html.split_once("<main").map_or(html, |(_, m)| m);
    let mut uit = String::new();
    let mut in_tag = false;
    for c in main.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                uit.push(' ');
            }
            c if !in_tag => uit.push(c),
            _ => {}
        }
    }
    uit.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[tokio::test]
async fn the_map_page_names_the_place_by_its_address_and_reads_numbers_versions_and_authorities_as_words() {
    let (app, _state) = voorbeeldstad().await;
    let page = app.get("/kaart?adres=Dorpsstraat+12").await;
    assert_eq!(page.status, 200);
    let t = tekst(&page.body);
    assert!(t.contains("Plek: Dorpsstraat 12, 1234 AB, Gemeente Voorbeeldstad"), "{t}");
    assert!(t.contains("maximum bouwhoogte 10 m"), "{t}");
    assert!(t.contains("maximum aantal bouwlagen 3 Artikel"), "{t}");
    assert!(t.contains("maximum bebouwingspercentage 80 %"), "{t}");
    assert!(t.contains("geldt sinds 1 januari 2026"), "{t}");
    assert!(t.contains("bevoegd gezag (wie beslist): Gemeente Voorbeeldstad"), "{t}");
    for machine in ["gm9999", "nld@", "(RD)", "10.0", "3.0", "80.0", "9999100000000002"] {
        assert!(!t.contains(machine), "a person reads {machine:?} on the map page: {t}");
    }
    assert!(page.body.contains("id=\"kaart-legenda\""), "the map has a legend");
}

#[tokio::test]
async fn the_map_labels_come_from_the_bag_as_street_names_and_house_numbers() {
    let (app, _state) = voorbeeldstad().await;
    let (x, y) = adres("Dorpsstraat", 12);
    let hoek = |dx: f64, dy: f64| {
        let p = stip_geo::transform::rd_to_wgs84(stip_geo::RdPoint::new(x + dx, y + dy).unwrap()).unwrap();
        (p.lon(), p.lat())
    };
    let ((a, b), (c, d)) = (hoek(-60.0, -60.0), hoek(60.0, 60.0));
    let labels = app.get(&format!("/api/v1/kaart/adressen?bbox={a},{b},{c},{d}")).await;
    assert_eq!(labels.status, 200, "{}", labels.body);
    let v: serde_json::Value = serde_json::from_str(&labels.body).unwrap();
    let heeft = |soort: &str, tekst: &str| {
        v["features"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["properties"]["soort"] == soort && f["properties"]["tekst"] == tekst)
    };
    assert!(heeft("straat", "Dorpsstraat"), "{v}");
    assert!(heeft("nummer", "12"), "{v}");
    assert!(!heeft("nummer", "Dorpsstraat"), "a number label is the number only");
}

#[tokio::test]
async fn the_check_outcome_names_the_place_and_keeps_the_rule_trace_for_specialists_behind_a_labelled_fold() {
    let (app, _state) = voorbeeldstad().await;
    let (x, y) = adres("Dorpsstraat", 12);
    let page =
        app.get(&format!("/vergunningcheck/uitkomst?activiteit=nl.imow-gm9999.activiteit.dakkapel&x={x}&y={y}")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let t = tekst(&page.body);
    assert!(t.contains("Plek: Dorpsstraat 12, 1234 AB, Gemeente Voorbeeldstad."), "{t}");
    assert!(!t.contains("(RD)") && !t.contains(&format!("x {x}")), "no coordinates as the place: {t}");
    let (voor, techniek) =
        page.body.split_once("<details class=\"stip-details stip-techniek").expect("a fold for the trace");
    assert!(!voor.contains("Regel 1 van de tabel"), "the trace is not in the text a person reads first");
    assert!(
        techniek.contains("<summary>Technische uitleg: hoe de regels zijn toegepast (voor specialisten)</summary>")
    );
    assert!(techniek.split("</details>").next().unwrap().contains("Regel 1 van de tabel"));
}

#[tokio::test]
async fn a_question_says_its_number_and_at_most_how_many_follow() {
    let (app, _state) = voorbeeldstad().await;
    let (x, y) = adres("Dorpsstraat", 12);
    let eerste = app
        .get(&format!("/vergunningcheck/vraag?activiteit=nl.imow-gm9999.activiteit.bijbehorendbouwwerk&x={x}&y={y}"))
        .await;
    assert_eq!(eerste.status, 200);
    let t = tekst(&eerste.body);
    assert!(t.contains("vraag 1 van maximaal 4"), "{t}");
}

#[tokio::test]
async fn an_explanation_the_rules_mark_as_important_is_shown_with_the_question_and_the_others_fold_away() {
    let Some((app, _state)) = app_met(&["amsterdam-vergunningcheck/tree-felling.dmn"]).await else { return };
    let start = app.get("/vergunningcheck/vraag?activiteit=nl.imow-gm0983.activiteit.MD2i221").await;
    assert_eq!(start.status, 200, "{}", start.body);
    assert!(start.body.contains("<summary>Meer uitleg</summary>"), "an ordinary explanation folds away");
    assert!(!start.body.contains("stip-uitleg--belangrijk"));
    let tweede = app
        .get("/vergunningcheck/vraag?activiteit=nl.imow-gm0983.activiteit.MD2i221&antwoord._ad8c9bc2-f5ab-4e19-8213-1b37d2d01cee%23UitvId0001=ja")
        .await;
    let html = &tweede.body;
    assert!(tekst(html).contains("Is het een beschermde boom?"), "{html}");
    let belangrijk = html.split_once("stip-uitleg--belangrijk").expect("the important explanation stands apart").1;
    assert!(belangrijk.split("</div>").next().unwrap().contains("Let op"));
    assert!(!html.contains("<summary>Meer uitleg</summary>"), "nothing else to fold away on this question");
    assert!(html.contains("Voor het kappen van beschermde bomen is altijd een vergunning nodig."));
}

#[tokio::test]
async fn the_check_takes_an_address_as_the_place_and_names_a_place_it_already_has() {
    let (app, _state) = voorbeeldstad().await;
    let start = app.get("/vergunningcheck").await;
    assert!(start.body.contains("id=\"adres\" name=\"adres\""), "the place is asked as an address");
    let vraag =
        app.get("/vergunningcheck/vraag?activiteit=nl.imow-gm9999.activiteit.dakkapel&adres=Dorpsstraat+12").await;
    assert_eq!(vraag.status, 303, "{}", vraag.body);
    let naar = vraag.headers.get("location").unwrap().to_str().unwrap().to_string();
    let (x, y) = adres("Dorpsstraat", 12);
    assert!(naar.contains(&format!("x={x:.2}")) && naar.contains(&format!("y={y:.2}")), "{naar}");
    let onbekend =
        app.get("/vergunningcheck/vraag?activiteit=nl.imow-gm9999.activiteit.dakkapel&adres=Nergensweg+1").await;
    assert_eq!(onbekend.status, 400);
    assert!(onbekend.body.contains("Dit adres kent stip niet."), "{}", onbekend.body);
    assert!(onbekend.body.contains("value=\"Nergensweg 1\""), "what was typed stays");
    let met_plek = app.get(&format!("/vergunningcheck?x={x}&y={y}")).await;
    assert!(
        tekst(&met_plek.body).contains("Plek: Dorpsstraat 12, 1234 AB, Gemeente Voorbeeldstad."),
        "{}",
        met_plek.body
    );
}
