//! "Wat kost het?": the estimate of the fees (leges) from the demo municipality's tarieventabel, over the API, on the
//! Vergunningcheck outcome and on the draft, in-process on the demo Voorbeeldstad.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::browser::Browser;
use common::persoon::{api, persoon};
use common::voorbeeldstad::{adres, voorbeeldstad};
use common::{TestApp, encode};
use serde_json::{Value, json};
use stip_store::Rol;

const BIJGEBOUW: &str = "nl.imow-gm9999.activiteit.bijbehorendbouwwerk";

/// Answers the check for a bijbehorend bouwwerk beside the house (not in the back garden: a permit is needed).
async fn antwoorden(app: &TestApp) -> serde_json::Map<String, Value> {
    let mut antwoorden = serde_json::Map::new();
    for _ in 0..6 {
        let body = json!({ "activiteiten": [BIJGEBOUW], "antwoorden": antwoorden });
        let r = app
            .request(
                Request::post("/api/v1/vergunningcheck")
                    .header("content-type", "application/json")
                    .body(Body::from(body.to_string()))
                    .unwrap(),
            )
            .await
            .json();
        if r["status"] == "conclusie" {
            assert_eq!(r["conclusies"][0]["conclusie"], "Vergunningplicht", "{r}");
            return antwoorden;
        }
        let vraag = &r["vraag"];
        let antwoord = if vraag["type"] == "boolean" { "nee" } else { "40" };
        antwoorden.insert(vraag["id"].as_str().unwrap().to_string(), json!(antwoord));
    }
    panic!("the check does not end")
}

fn query(antwoorden: &serde_json::Map<String, Value>) -> String {
    let mut q = format!("activiteit={}", encode(BIJGEBOUW));
    for (k, v) in antwoorden {
        q.push_str(&format!("&antwoord.{}={}", encode(k), encode(v.as_str().unwrap())));
    }
    q
}

#[tokio::test]
async fn the_estimate_for_a_bijbehorend_bouwwerk_of_25000_euro_lists_its_lines_and_their_sum() {
    let (app, _state) = voorbeeldstad().await;
    let r = app.get(&format!("/api/v1/leges?activiteiten={BIJGEBOUW}&bouwkosten=25000&gezag=gm9999")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let v = r.json();
    let som: i64 = v["regels"].as_array().unwrap().iter().map(|l| l["bedragCent"].as_i64().unwrap()).sum();
    assert_eq!(v["totaalCent"].as_i64(), Some(som), "the lines sum to the total");
    insta::assert_json_snapshot!(v, @r#"
    {
      "jaar": 2026,
      "ontbreekt": [],
      "regels": [
        {
          "bedragCent": 62500,
          "berekening": "bouwkosten € 25.000,00: 2,5 % van € 25.000,00 = € 625,00",
          "grondslag": "Tarieventabel, artikel 2.3.1.2",
          "omschrijving": "Omgevingsvergunning voor een bouwactiviteit"
        }
      ],
      "tabel": "Tarieventabel leges 2026 Gemeente Voorbeeldstad",
      "totaalCent": 62500,
      "zonderTarief": []
    }
    "#);
}

#[tokio::test]
async fn two_activities_and_a_service_level_each_get_their_line_with_its_ground() {
    let (app, _state) = voorbeeldstad().await;
    let kappen = "nl.imow-gm9999.activiteit.kappen";
    let uri =
        format!("/api/v1/leges?activiteiten={BIJGEBOUW},{kappen}&bouwkosten=200000&gezag=gm9999&dienstverlening=spoed");
    let v = app.get(&uri).await.json();
    let regels: Vec<(&str, i64)> = v["regels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["grondslag"].as_str().unwrap(), l["bedragCent"].as_i64().unwrap()))
        .collect();
    assert_eq!(
        regels,
        [
            ("Tarieventabel, artikel 2.3.1.2", 250_000 + 210_000),
            ("Tarieventabel, artikel 2.3.7", 9_850),
            ("Tarieventabel, artikel 2.1.4", 5_500),
            ("Tarieventabel, artikel 1.9.1", 25_000),
        ],
        "each part of the building costs at its rate, the extra activity and the service level"
    );
    assert_eq!(v["totaalCent"], 500_350);
}

#[tokio::test]
async fn a_missing_building_cost_is_asked_for() {
    let (app, _state) = voorbeeldstad().await;
    let v = app.get(&format!("/api/v1/leges?activiteiten={BIJGEBOUW}&gezag=gm9999")).await.json();
    assert_eq!(v["ontbreekt"], json!(["bouwkosten"]));
    assert_eq!(v["totaalCent"], 0);
    let uitkomst = app.get(&format!("/vergunningcheck/uitkomst?{}", query(&antwoorden(&app).await))).await;
    assert_eq!(uitkomst.status, 200, "{}", uitkomst.body);
    assert!(uitkomst.body.contains("Wat kost het?"), "{}", uitkomst.body);
    assert!(uitkomst.body.contains("Vul de bouwkosten in."));
    assert!(uitkomst.body.contains(r#"name="bouwkosten" form="leges-formulier""#));
}

#[tokio::test]
async fn the_outcome_page_computes_the_fees_from_the_building_costs_typed() {
    let (app, _state) = voorbeeldstad().await;
    let q = query(&antwoorden(&app).await);
    let uitkomst = app.get(&format!("/vergunningcheck/uitkomst?{q}&bouwkosten=25000")).await;
    assert_eq!(uitkomst.status, 200, "{}", uitkomst.body);
    for tekst in ["Tarieventabel, artikel 2.3.1.2", "2,5 % van € 25.000,00 = € 625,00", r#"id="leges-totaal">€ 625,00"#]
    {
        assert!(uitkomst.body.contains(tekst), "the outcome shows {tekst}");
    }
    assert!(uitkomst.body.contains(r#"value="25000""#), "the amount typed stays in the field");
    assert!(!uitkomst.body.contains("Vul de bouwkosten in."));
}

#[tokio::test]
async fn an_unknown_authority_answers_clearly() {
    let (app, _state) = voorbeeldstad().await;
    let r = app.get(&format!("/api/v1/leges?activiteiten={BIJGEBOUW}&bouwkosten=25000&gezag=gm0001")).await;
    assert_eq!(r.status, 404, "{}", r.body);
    assert_eq!(r.header("content-type"), Some("application/problem+json"));
    let v = r.json();
    assert_eq!(v["code"], "not_found");
    assert!(v["detail"].as_str().unwrap().contains("no tariffs known for \"gm0001\""), "{v}");
}

#[tokio::test]
async fn a_question_without_activities_or_with_words_for_building_costs_is_refused() {
    let (app, _state) = voorbeeldstad().await;
    for uri in [
        "/api/v1/leges?gezag=gm9999".to_string(),
        format!("/api/v1/leges?activiteiten={BIJGEBOUW}"),
        format!("/api/v1/leges?activiteiten={BIJGEBOUW}&gezag=gm9999&bouwkosten=veel"),
        format!("/api/v1/leges?activiteiten={BIJGEBOUW}&gezag=gm9999&bouwkosten=-5"),
    ] {
        let r = app.get(&uri).await;
        assert_eq!(r.status, 400, "{uri}: {}", r.body);
        assert_eq!(r.json()["code"], "invalid_request");
    }
}

#[tokio::test]
async fn the_draft_shows_what_it_costs_and_keeps_the_building_costs_with_the_application() {
    let (app, _state) = voorbeeldstad().await;
    let ilse = persoon(&app, "Ilse Initiatief", &[Rol::Initiatiefnemer], None).await;
    let plek = adres("Lindelaan", 3);
    let body = json!({ "activiteiten": [BIJGEBOUW], "antwoorden": antwoorden(&app).await, "x": plek.0, "y": plek.1 });
    let a = api(&app, "POST", "/api/v1/aanvragen", Some(&ilse), Some(body)).await;
    assert_eq!(a.status, 201, "{}", a.body);
    let a = a.json();
    assert_eq!(a["aanvraag"]["bevoegdGezag"], "gm9999");
    let id = a["id"].as_str().unwrap();
    let mut b = Browser::new(&app);
    b.zet_cookie(stip_web::auth::SESSIE_COOKIE, &ilse.token);
    let concept = b.get(&format!("/aanvragen/{id}")).await;
    assert_eq!(concept.status, 200, "{}", concept.body);
    assert!(concept.body.contains("Wat kost het?") && concept.body.contains("Vul de bouwkosten in."));
    assert!(concept.body.contains(r#"name="gegeven.bouwkosten" form="gegevens-formulier""#));
    let versie = a["versie"].to_string();
    let bewaard = b
        .post_form(
            &format!("/aanvragen/{id}"),
            &[("versie", &versie), ("titel", "Schuur naast het huis"), ("gegeven.bouwkosten", "25000")],
        )
        .await;
    assert!(matches!(bewaard.status, 200 | 303), "{}", bewaard.body);
    let na = b.get(&format!("/aanvragen/{id}")).await;
    assert!(na.body.contains(r#"id="leges-totaal">€ 625,00"#), "{}", na.body);
    assert!(na.body.contains(r#"value="25000""#), "the building costs are kept with the application");
    let opgeslagen = api(&app, "GET", &format!("/api/v1/aanvragen/{id}"), Some(&ilse), None).await.json();
    assert_eq!(opgeslagen["aanvraag"]["gegevens"]["bouwkosten"], "25000");
    assert_eq!(opgeslagen["aanvraag"]["titel"], "Schuur naast het huis", "the other fields typed are kept too");
}

#[tokio::test]
async fn the_procedure_explained_for_activities_of_an_authority_with_a_table_holds_the_estimate() {
    let (app, _state) = voorbeeldstad().await;
    let v = app
        .get(&format!("/api/v1/procedures/regulier?activiteiten={BIJGEBOUW}&gezag=gm9999&bouwkosten=25000"))
        .await
        .json();
    assert_eq!(v["raming"]["totaalCent"], 62_500, "{v}");
    let uitgebreid = app
        .get(&format!("/api/v1/procedures/uitgebreid?activiteiten={BIJGEBOUW}&gezag=gm9999&bouwkosten=25000"))
        .await
        .json();
    assert_eq!(uitgebreid["raming"]["totaalCent"], 62_500 + 85_000, "with the surcharge for the uitgebreide procedure");
    let elders = app.get(&format!("/api/v1/procedures/regulier?activiteiten={BIJGEBOUW}&gezag=gm0001")).await;
    assert_eq!(elders.status, 200);
    assert!(elders.json().get("raming").is_none(), "no table: the general text stands alone");
    let algemeen = app.get("/api/v1/procedures/regulier").await.json();
    assert!(algemeen.get("raming").is_none());
}
