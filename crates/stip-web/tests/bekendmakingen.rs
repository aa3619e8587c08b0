//! Public notices (bekendmakingen), in-process on the demo municipality Voorbeeldstad: a published case at Dorpsstraat
//! 12 is found by anyone, without login, by a box around it — anonymously (no applicant's name or e-mail in the
//! answer or in the published PDF) — as JSON, GeoJSON and Atom; the draft of an extended case offers a view while it
//! lies open; a melding publishes nothing; the pages show the notice and the case page sends neighbours there.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::TestApp;
use common::persoon::{Persoon, api, persoon};
use common::voorbeeldstad::{adres, complete_aanvraag, voorbeeldstad};
use serde_json::{Value, json};
use stip_store::{GebruikerId, GebruikerRepository, Rol};
use stip_web::AppState;

const NAAM: &str = "Jan Jansen";
const EMAIL: &str = "jan.jansen@example.nl";
const MEDE: (&str, &str) = ("Piet Pieters", "piet.pieters@example.nl");
const TITEL: &str = "Het geheime plan van Jan";

/// A box of `m` metres around a point, as the API takes it.
fn bbox((x, y): (f64, f64), m: f64) -> String {
    format!("{},{},{},{}", x - m, y - m, x + m, y + m)
}

/// Jan's complete application at `plek` with a co-applicant and a title of his own; its procedure set as the
/// municipality would (`regulier`, `uitgebreid` or `melding`); submitted. The case's id.
async fn ingediend(app: &TestApp, state: &AppState, jan: &Persoon, plek: (f64, f64), procedure: &str) -> String {
    let a = complete_aanvraag(app, jan, plek).await;
    let id: stip_store::AanvraagId = a["id"].as_str().unwrap().parse().unwrap();
    let g = app.store.gebruiker(GebruikerId(jan.id)).await.unwrap();
    let actor = stip_app::dossier::actor(&g);
    stip_app::dossier::wijzig_aanvraag(state, &actor, id, None, |a| {
        a.titel = TITEL.into();
        a.betrokkenen.push(stip_zaak::aanvraag::Betrokkene {
            naam: MEDE.0.into(),
            email: MEDE.1.into(),
            ..Default::default()
        });
        for act in &mut a.activiteiten {
            act.procedure = procedure.into();
        }
        Ok::<_, stip_app::Fout>(())
    })
    .await
    .unwrap();
    let z = api(app, "POST", &format!("/api/v1/aanvragen/{id}/indienen"), Some(jan), None).await;
    assert_eq!(z.status, 201, "{}", z.body);
    z.json()["zaak"].as_str().unwrap().to_string()
}

async fn stap(app: &TestApp, zaak: &str, wie: &Persoon, gebeurtenis: Value) {
    let z = api(app, "POST", &format!("/api/v1/zaken/{zaak}/gebeurtenissen"), Some(wie), Some(gebeurtenis)).await;
    assert_eq!(z.status, 201, "{}", z.body);
}

fn neem() -> Value {
    json!({ "soort": "in_behandeling_genomen", "behandelaar": uuid::Uuid::nil(), "behandelaarNaam": "", "team": null })
}

fn besluit() -> Value {
    json!({ "uitkomst": "verleend", "motivering": "De dakkapel past bij het huis.", "voorschriften": ["Gebruik dezelfde dakpannen."] })
}

/// Takes, decides and publishes a regular case today.
async fn besloten_en_bekendgemaakt(app: &TestApp, zaak: &str, bram: &Persoon) {
    stap(app, zaak, bram, neem()).await;
    let b = api(app, "POST", &format!("/api/v1/zaken/{zaak}/besluit"), Some(bram), Some(besluit())).await;
    assert_eq!(b.status, 201, "{}", b.body);
    let vandaag = stip_app::Klok::vandaag(&app.klok);
    stap(app, zaak, bram, json!({ "soort": "bekendgemaakt", "datum": vandaag.to_string() })).await;
}

struct Dorp {
    app: TestApp,
    state: AppState,
    jan: Persoon,
    bram: Persoon,
    plek: (f64, f64),
}

async fn dorp() -> Dorp {
    let (app, state) = voorbeeldstad().await;
    let jan = persoon(&app, NAAM, &[Rol::Initiatiefnemer], None).await;
    let bram = persoon(&app, "Bram Behandelaar", &[Rol::Behandelaar], Some("gm9999")).await;
    Dorp { app, state, jan, bram, plek: adres("Dorpsstraat", 12) }
}

async fn lijst(app: &TestApp, query: &str) -> Value {
    let a = app.get(&format!("/api/v1/bekendmakingen?{query}")).await;
    assert_eq!(a.status, 200, "{}", a.body);
    a.json()
}

fn soorten(lijst: &Value) -> Vec<String> {
    lijst["bekendmakingen"].as_array().unwrap().iter().map(|b| b["soort"].as_str().unwrap().to_string()).collect()
}

async fn ruw(app: &TestApp, uri: &str) -> (u16, Vec<u8>) {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let r = app.router.clone().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
    let status = r.status().as_u16();
    (status, r.into_body().collect().await.unwrap().to_bytes().to_vec())
}

#[tokio::test]
async fn a_decided_and_published_case_at_dorpsstraat_12_is_found_by_a_box_around_it_without_anyones_name_or_email() {
    let d = dorp().await;
    let zaak = ingediend(&d.app, &d.state, &d.jan, d.plek, "regulier").await;
    besloten_en_bekendgemaakt(&d.app, &zaak, &d.bram).await;

    let antwoord = d.app.get(&format!("/api/v1/bekendmakingen?bbox={}", bbox(d.plek, 100.0))).await;
    assert_eq!(antwoord.status, 200, "{}", antwoord.body);
    let v = antwoord.json();
    assert_eq!(soorten(&v), ["besluit", "aanvraag"], "newest first");
    let b = &v["bekendmakingen"][0];
    assert_eq!(b["zaak"], zaak);
    assert!(b["zaaknummer"].as_str().unwrap().starts_with("Z-"));
    assert_eq!(b["plaats"], "Dorpsstraat 12, 1234 AB");
    assert_eq!(b["gemeente"], "Gemeente Voorbeeldstad");
    assert_eq!(b["activiteiten"], json!(["Dakkapel plaatsen"]));
    assert_eq!(b["locatie"]["rd"]["type"], "Point");
    assert_eq!(b["termijnen"]["grondslag"], "Algemene wet bestuursrecht, artikel 6:7");
    let bekendgemaakt = stip_app::Klok::vandaag(&d.app.klok);
    assert_eq!(b["datum"], bekendgemaakt.to_string());
    assert_eq!(b["termijnen"]["bezwaarTot"], stip_zaak::besluit::bezwaar_tot(bekendgemaakt).to_string());
    assert!(b["mogelijkheden"].as_array().unwrap().iter().any(|m| m["link"] == format!("/zaken/{zaak}/bezwaar")));
    for geheim in [NAAM, EMAIL, MEDE.0, MEDE.1, TITEL, "Een dakkapel aan de voorkant"] {
        assert!(!antwoord.body.contains(geheim), "{geheim} is in the public answer: {}", antwoord.body);
    }

    let doc = d.app.get("/api/v1/openapi.json").await.json();
    let afwijkingen = common::schema::afwijkingen(&doc, "get", "/bekendmakingen", "200", &v);
    assert!(afwijkingen.is_empty(), "{afwijkingen:#?}");
    let een = d.app.get(&format!("/api/v1/bekendmakingen/{}", b["id"].as_str().unwrap())).await;
    assert_eq!(een.status, 200);
    assert_eq!(&een.json(), b);
    let afwijkingen = common::schema::afwijkingen(&doc, "get", "/bekendmakingen/{id}", "200", &een.json());
    assert!(afwijkingen.is_empty(), "{afwijkingen:#?}");

    let (status, pdf) = ruw(&d.app, &format!("/api/v1/bekendmakingen/{}/besluit.pdf", b["id"].as_str().unwrap())).await;
    assert_eq!(status, 200);
    let tekst = common::pdf_tekst(&pdf);
    assert!(tekst.contains("Dorpsstraat 12") && tekst.contains("aanvrager"), "{tekst}");
    assert!(tekst.contains("Dakkapel plaatsen"), "{tekst}");
    for geheim in [NAAM, EMAIL, MEDE.0, MEDE.1, TITEL, "Jan"] {
        assert!(!tekst.contains(geheim), "{geheim} is in the published PDF: {tekst}");
    }
    let raw = String::from_utf8_lossy(&pdf);
    assert!(!raw.contains(NAAM) && !raw.contains(TITEL), "not in the PDF's metadata either");
}

#[tokio::test]
async fn a_notice_outside_the_box_is_absent_and_kind_and_date_narrow_the_list() {
    let d = dorp().await;
    let zaak = ingediend(&d.app, &d.state, &d.jan, d.plek, "regulier").await;
    besloten_en_bekendgemaakt(&d.app, &zaak, &d.bram).await;

    let ver_weg = bbox((d.plek.0 + 5_000.0, d.plek.1 + 5_000.0), 100.0);
    assert!(soorten(&lijst(&d.app, &format!("bbox={ver_weg}")).await).is_empty());
    let hier = bbox(d.plek, 100.0);
    assert_eq!(soorten(&lijst(&d.app, &format!("bbox={hier}&soort=aanvraag")).await), ["aanvraag"]);
    assert_eq!(soorten(&lijst(&d.app, &format!("bbox={hier}&soort=besluit,ontwerpbesluit")).await), ["besluit"]);
    let morgen = stip_app::Klok::vandaag(&d.app.klok).next_day().unwrap();
    assert!(soorten(&lijst(&d.app, &format!("sinds={morgen}")).await).is_empty());
    let vandaag = stip_app::Klok::vandaag(&d.app.klok);
    assert_eq!(soorten(&lijst(&d.app, &format!("sinds={vandaag}")).await).len(), 2);

    // One per page, the cursor leads to the next, and the last page has none.
    let eerste = lijst(&d.app, "limiet=1").await;
    let na = eerste["volgende"].as_str().unwrap();
    let tweede = lijst(&d.app, &format!("limiet=1&na={}", common::encode(na))).await;
    assert_eq!((soorten(&eerste), soorten(&tweede)), (vec!["besluit".into()], vec!["aanvraag".into()]));
    assert!(tweede.get("volgende").is_none());

    for fout in ["bbox=1,2,3", "bbox=170100,470000,170000,470100", "soort=melding", "sinds=gisteren", "limiet=0"] {
        let a = d.app.get(&format!("/api/v1/bekendmakingen?{fout}")).await;
        assert_eq!(a.status, 400, "{fout}: {}", a.body);
        assert_eq!(a.header("content-type"), Some("application/problem+json"), "{fout}");
    }
}

#[tokio::test]
async fn the_atom_feed_of_an_area_is_xml_with_one_entry_per_notice_linking_to_its_page() {
    let d = dorp().await;
    let zaak = ingediend(&d.app, &d.state, &d.jan, d.plek, "regulier").await;
    besloten_en_bekendgemaakt(&d.app, &zaak, &d.bram).await;
    let hier = bbox(d.plek, 100.0);
    let ids: Vec<String> = lijst(&d.app, &format!("bbox={hier}")).await["bekendmakingen"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_str().unwrap().to_string())
        .collect();

    let feed = d.app.get(&format!("/api/v1/bekendmakingen.atom?bbox={hier}")).await;
    assert_eq!(feed.status, 200);
    assert!(feed.header("content-type").unwrap().starts_with("application/atom+xml"));
    let mut lezer = quick_xml::Reader::from_str(&feed.body);
    let (mut entries, mut links, mut entry_ids, mut pad) = (0, Vec::new(), Vec::new(), Vec::<String>::new());
    loop {
        match lezer.read_event().expect("the feed is well-formed XML") {
            quick_xml::events::Event::Start(e) => {
                let naam = e.name().as_ref().to_string();
                if naam == "entry" {
                    entries += 1;
                }
                pad.push(naam);
            }
            quick_xml::events::Event::Empty(e)
                if e.name().as_ref() == "link" && pad.last().map(String::as_str) == Some("entry") =>
            {
                let href = e.try_get_attribute("href").unwrap().unwrap();
                links.push(href.value.to_string());
            }
            quick_xml::events::Event::Text(t) if pad.last().map(String::as_str) == Some("id") && pad.len() == 3 => {
                entry_ids.push(t.as_ref().to_string());
            }
            quick_xml::events::Event::End(_) => {
                pad.pop();
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(entries, ids.len());
    assert_eq!(links, ids.iter().map(|i| format!("/bekendmakingen/{i}")).collect::<Vec<_>>());
    assert_eq!(entry_ids, ids.iter().map(|i| format!("urn:uuid:{i}")).collect::<Vec<_>>());
    assert!(!feed.body.contains(NAAM) && !feed.body.contains(TITEL));
    let elders =
        d.app.get(&format!("/api/v1/bekendmakingen.atom?bbox={}", bbox((d.plek.0 + 5_000.0, d.plek.1), 10.0))).await;
    assert!(!elders.body.contains("<entry>"), "{}", elders.body);
}

#[tokio::test]
async fn the_open_data_list_is_a_valid_geojson_feature_collection_in_wgs84() {
    let d = dorp().await;
    let zaak = ingediend(&d.app, &d.state, &d.jan, d.plek, "regulier").await;
    besloten_en_bekendgemaakt(&d.app, &zaak, &d.bram).await;
    let r = Request::get(format!("/api/v1/bekendmakingen?bbox={}", bbox(d.plek, 100.0)))
        .header("accept", "application/geo+json")
        .body(Body::empty())
        .unwrap();
    let a = d.app.request(r).await;
    assert_eq!(a.status, 200);
    assert_eq!(a.header("content-type"), Some("application/geo+json"));
    let fc: geojson::FeatureCollection = a.body.parse::<geojson::GeoJson>().unwrap().try_into().unwrap();
    assert_eq!(fc.features.len(), 2);
    for f in &fc.features {
        let Some(geojson::GeometryValue::Point { coordinates: c }) = f.geometry.as_ref().map(|g| &g.value) else {
            panic!("a point: {f:?}")
        };
        let (lon, lat) = (c[0], c[1]);
        assert!((3.0..7.5).contains(&lon) && (50.5..54.0).contains(&lat), "WGS84 in the Netherlands: {lon}, {lat}");
        assert_eq!(f.property("plaats"), Some(&json!("Dorpsstraat 12, 1234 AB")));
    }
    assert!(!a.body.contains(NAAM) && !a.body.contains(EMAIL));
}

#[tokio::test]
async fn the_draft_of_an_extended_case_offers_a_view_until_its_last_day_and_not_after() {
    let d = dorp().await;
    let zaak = ingediend(&d.app, &d.state, &d.jan, d.plek, "uitgebreid").await;
    stap(&d.app, &zaak, &d.bram, neem()).await;
    stap(&d.app, &zaak, &d.bram, json!({ "soort": "ontwerpbesluit_genomen", "besluit": besluit() })).await;
    let ontwerp = lijst(&d.app, "soort=ontwerpbesluit").await["bekendmakingen"][0].clone();
    let tot: time::Date = time::Date::parse(
        ontwerp["termijnen"]["zienswijzenTot"].as_str().unwrap(),
        &time::format_description::well_known::Iso8601::DATE,
    )
    .unwrap();
    assert_eq!(ontwerp["termijnen"]["grondslag"], "Algemene wet bestuursrecht, artikel 3:16");
    let link = format!("/zaken/{zaak}/zienswijze");
    assert!(ontwerp["mogelijkheden"].as_array().unwrap().iter().any(|m| m["link"] == link));
    let pagina = d.app.get(&format!("/bekendmakingen/{}", ontwerp["id"].as_str().unwrap())).await;
    assert_eq!(pagina.status, 200);
    assert!(pagina.body.replace("&#x2f;", "/").contains(&link), "the page links to giving a view");

    let nu = stip_app::Klok::nu_utc(&d.app.klok);
    d.app.klok.verzet(tot.next_day().unwrap().midnight().assume_utc() + time::Duration::hours(12) - nu);
    let later = d.app.get(&format!("/api/v1/bekendmakingen/{}", ontwerp["id"].as_str().unwrap())).await.json();
    assert_eq!(later["termijnen"]["zienswijzenTot"], tot.to_string(), "the term stays on record");
    assert!(later["mogelijkheden"].as_array().unwrap().iter().all(|m| m["soort"] != "zienswijze"));
    let pagina = d.app.get(&format!("/bekendmakingen/{}", ontwerp["id"].as_str().unwrap())).await;
    assert!(!pagina.body.replace("&#x2f;", "/").contains(&link));
}

#[tokio::test]
async fn a_melding_makes_no_public_notice() {
    let d = dorp().await;
    ingediend(&d.app, &d.state, &d.jan, d.plek, "melding").await;
    assert!(soorten(&lijst(&d.app, &format!("bbox={}", bbox(d.plek, 100.0))).await).is_empty());
}

#[tokio::test]
async fn one_notice_reads_as_a_neighbour_needs_it() {
    let d = dorp().await;
    let zaak = ingediend(&d.app, &d.state, &d.jan, d.plek, "regulier").await;
    besloten_en_bekendgemaakt(&d.app, &zaak, &d.bram).await;
    let b = lijst(&d.app, "soort=besluit").await["bekendmakingen"][0].clone();
    // What changes from run to run (the day, the ids) named, so that the texts people read are in the snapshot.
    let vandaag = stip_app::Klok::vandaag(&d.app.klok);
    let tot = stip_zaak::besluit::bezwaar_tot(vandaag);
    let mut tekst = b.to_string();
    for (echt, naam) in [
        (b["id"].as_str().unwrap().to_string(), "[id]"),
        (zaak.clone(), "[zaak]"),
        (b["zaaknummer"].as_str().unwrap().to_string(), "[zaaknummer]"),
        (tot.to_string(), "[bezwaartermijn-einde]"),
        (stip_zaak::tekst::datum(tot, false), "[einde van de bezwaartermijn]"),
        (vandaag.to_string(), "[vandaag]"),
        (stip_zaak::tekst::datum(vandaag, false), "[de dag van bekendmaking]"),
    ] {
        tekst = tekst.replace(&echt, naam);
    }
    let b: Value = serde_json::from_str(&tekst).unwrap();
    insta::assert_json_snapshot!(b);
}

#[tokio::test]
async fn the_case_page_sends_a_neighbour_and_an_anonymous_reader_to_the_public_notice_and_the_pages_show_it() {
    let d = dorp().await;
    // A melding is published nowhere: an anonymous reader of its case page is asked to log in, as before.
    let melding = ingediend(&d.app, &d.state, &d.jan, d.plek, "melding").await;
    let anoniem = d.app.get(&format!("/zaken/{melding}")).await;
    assert_eq!(anoniem.status, 303);
    assert!(anoniem.header("location").unwrap().starts_with("/inloggen?terug="));
    // An application is public once received; its case page shows the newest notice.
    let zaak = ingediend(&d.app, &d.state, &d.jan, d.plek, "regulier").await;
    let aanvraag = lijst(&d.app, "soort=aanvraag").await["bekendmakingen"][0]["id"].as_str().unwrap().to_string();
    let anoniem = d.app.get(&format!("/zaken/{zaak}")).await;
    assert_eq!(anoniem.header("location"), Some(format!("/bekendmakingen/{aanvraag}").as_str()));
    besloten_en_bekendgemaakt(&d.app, &zaak, &d.bram).await;
    let besluit = lijst(&d.app, "soort=besluit").await["bekendmakingen"][0]["id"].as_str().unwrap().to_string();

    let anoniem = d.app.get(&format!("/zaken/{zaak}")).await;
    assert_eq!(anoniem.status, 303);
    assert_eq!(anoniem.header("location"), Some(format!("/bekendmakingen/{besluit}").as_str()));
    let bea = persoon(&d.app, "Bea Buur", &[Rol::Belanghebbende], None).await;
    let r = Request::get(format!("/zaken/{zaak}"))
        .header("cookie", format!("{}={}", stip_web::auth::SESSIE_COOKIE, bea.token))
        .body(Body::empty())
        .unwrap();
    let buur = d.app.request(r).await;
    assert_eq!(buur.header("location"), Some(format!("/bekendmakingen/{besluit}").as_str()));
    // The applicant still has their own Track & Trace.
    let r = Request::get(format!("/zaken/{zaak}"))
        .header("cookie", format!("{}={}", stip_web::auth::SESSIE_COOKIE, d.jan.token))
        .body(Body::empty())
        .unwrap();
    assert_eq!(d.app.request(r).await.status, 200);

    let pagina = d.app.get(&format!("/bekendmakingen/{besluit}")).await;
    assert_eq!(pagina.status, 200);
    let html = pagina.body.replace("&#x2f;", "/");
    for tekst in ["Dorpsstraat 12", "Bezwaar maken kan tot en met", "artikel 6:7", "Volg deze zaak", "besluit.pdf"] {
        assert!(html.contains(tekst), "{tekst} on the notice page");
    }
    assert!(!html.contains(NAAM) && !html.contains(TITEL) && !html.contains("Hoe staat uw aanvraag ervoor"));

    let lijst_pagina = d.app.get("/bekendmakingen?adres=Dorpsstraat+12").await;
    assert_eq!(lijst_pagina.status, 200);
    let html = lijst_pagina.body.replace("&#x2f;", "/");
    assert!(html.contains(&format!("/bekendmakingen/{besluit}")));
    assert!(html.contains("rel=\"alternate\" type=\"application/atom+xml\""));
    assert_eq!(d.app.get("/bekendmakingen?adres=Nergensstraat+99").await.status, 404);

    let kaart = d.app.get(&format!("/kaart?x={}&y={}", d.plek.0, d.plek.1)).await;
    let html = kaart.body.replace("&#x2f;", "/");
    assert!(html.contains("Wat speelt er hier?"));
    assert!(html.contains(&format!("/bekendmakingen/{besluit}")), "the map lists the notice near the place");
    assert_eq!(d.app.get("/bekendmakingen/00000000-0000-0000-0000-000000000000").await.status, 404);
}
