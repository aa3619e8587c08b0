//! Objecting as pages, in-process on the Gemeentestad fixtures: the form says until when, keeps what was typed when
//! something is missing, takes a photo along and answers with the receipt on the objection's own page; the official
//! plans the hearing there in Dutch time; the applicant's case page points to objecting once the decision is public.

mod common;

use common::browser::Browser;
use common::gemeentestad::{PDF, complete_aanvraag, config};
use common::persoon::{Persoon, api, persoon};
use common::{TestApp, app_met_config};
use serde_json::json;
use stip_zaak::Rol;

fn tekst(html: &str) -> String {
    html.replace("&#x2f;", "/").replace("&#x27;", "'").replace("&quot;", "\"")
}

/// A case of Jan's decided and published today.
async fn gepubliceerd(app: &TestApp, jan: &Persoon, ambtenaar: &Persoon) -> String {
    let a = complete_aanvraag(app, jan).await;
    let z = api(app, "POST", &format!("/api/v1/aanvragen/{}/indienen", a["id"].as_str().unwrap()), Some(jan), None)
        .await
        .json();
    let zaak = z["zaak"].as_str().unwrap().to_string();
    let pad = format!("/api/v1/zaken/{zaak}/gebeurtenissen");
    let stap = |body| api(app, "POST", &pad, Some(ambtenaar), Some(body));
    let neem = json!({ "soort": "in_behandeling_genomen", "behandelaar": uuid::Uuid::nil(), "behandelaarNaam": "", "team": null });
    assert_eq!(stap(neem).await.status, 201);
    let besluit = json!({ "uitkomst": "verleend", "motivering": "De schuur past in het omgevingsplan." });
    assert_eq!(
        api(app, "POST", &format!("/api/v1/zaken/{zaak}/besluit"), Some(ambtenaar), Some(besluit)).await.status,
        201
    );
    let vandaag = stip_app::Klok::nu(&app.klok).date();
    assert_eq!(stap(json!({ "soort": "bekendgemaakt", "datum": vandaag.to_string() })).await.status, 201);
    zaak
}

#[tokio::test]
async fn a_neighbour_objects_through_the_form_keeps_what_they_typed_on_a_mistake_and_gets_the_receipt() {
    let Some((app, _)) =
        app_met_config(&["imro/stationspleinzuidoost.gml", "gemeentestad/toepasbareRegels"], config()).await
    else {
        return;
    };
    let jan = persoon(&app, "Jan Jansen", &[Rol::Initiatiefnemer], None).await;
    let buur = persoon(&app, "Bea Buur", &[Rol::Initiatiefnemer], None).await;
    let ambtenaar = persoon(&app, "Anna Ambtenaar", &[Rol::Behandelaar], Some("gm0297")).await;
    let zaak = gepubliceerd(&app, &jan, &ambtenaar).await;

    // The applicant's own case page points to objecting.
    let eigen = Browser::als(&app, &jan).get(&format!("/zaken/{zaak}")).await;
    assert!(tekst(&eigen.body).contains(&format!("/zaken/{zaak}/bezwaar")), "a way to object on the case page");

    let mut b = Browser::als(&app, &buur);
    let formulier = b.get(&format!("/zaken/{zaak}/bezwaar")).await;
    assert_eq!(formulier.status, 200, "{}", formulier.body);
    let html = tekst(&formulier.body);
    assert!(html.contains("U kunt bezwaar maken tot en met"), "the term is named");
    assert!(html.contains("Bouwen van een bijgebouw"), "the activity is named");
    assert!(!html.contains("Jan Jansen") && !html.contains("Een schuur van 30"), "nothing of the applicant's");

    // Grounds forgotten: the page says so and keeps the address typed.
    let fout = b
        .post_multipart(
            &format!("/zaken/{zaak}/bezwaar"),
            &[("gronden", "  "), ("adres", "Dorpsstraat 14, Gemeentestad")],
            &[],
        )
        .await;
    assert_eq!(fout.status, 400, "{}", fout.body);
    let html = tekst(&fout.body);
    assert!(html.contains("schrijf waarom u het niet eens bent"), "{html}");
    assert!(html.contains("value=\"Dorpsstraat 14, Gemeentestad\""), "the address typed is kept");

    let gedaan = b
        .post_multipart(
            &format!("/zaken/{zaak}/bezwaar"),
            &[
                ("gronden", "De schuur neemt het licht uit mijn tuin."),
                ("adres", "Dorpsstraat 14"),
                ("gehoord_worden", "ja"),
            ],
            &[("bestand", "tuin.pdf", PDF)],
        )
        .await;
    assert_eq!(gedaan.status, 303, "{}", gedaan.body);
    let naar = gedaan.header("location").unwrap().to_string();
    assert!(naar.starts_with("/bezwaren/") && naar.ends_with("?ontvangen=1"), "{naar}");
    let bon = tekst(&b.get(&naar).await.body);
    assert!(bon.contains("Uw bezwaar is ontvangen"), "{bon}");
    assert!(bon.contains("-B1"), "its number");
    assert!(bon.contains("tuin.pdf"), "the objector sees their document");
    let id = naar.trim_start_matches("/bezwaren/").trim_end_matches("?ontvangen=1").to_string();

    // The applicant reads the objection as a party, without the objector's name, address or document.
    let voor_jan = tekst(&Browser::als(&app, &jan).get(&format!("/bezwaren/{id}")).await.body);
    assert!(voor_jan.contains("De schuur neemt het licht uit mijn tuin."));
    for persoonlijk in ["Bea Buur", "Dorpsstraat 14", "tuin.pdf", buur.email.as_str()] {
        assert!(!voor_jan.contains(persoonlijk), "{persoonlijk} shown to the applicant");
    }

    // The official sees it on the case, plans the hearing in Dutch time, and everyone sees when.
    let mut a = Browser::als(&app, &ambtenaar);
    let behandel = tekst(&a.get(&format!("/backoffice/zaken/{zaak}")).await.body);
    assert!(behandel.contains(&format!("/bezwaren/{id}")), "the case lists its objection");
    let morgen = (stip_app::Klok::nu(&app.klok) + time::Duration::days(8)).date().to_string();
    let gepland = a
        .post_form(
            &format!("/bezwaren/{id}/afspraak_gepland"),
            &[
                ("soort", "hoorzitting"),
                ("datum", &morgen),
                ("begin", "10:00"),
                ("eind", "11:00"),
                ("plaats", "Stadhuis, zaal 2"),
            ],
        )
        .await;
    assert_eq!(gepland.status, 303, "{}", gepland.body);
    let pagina = tekst(&b.get(&format!("/bezwaren/{id}")).await.body);
    assert!(pagina.contains("Hoorzitting") && pagina.contains("om 10:00 uur, Stadhuis, zaal 2"), "{pagina}");
    assert!(pagina.contains("Bezwaar intrekken"), "the objector may withdraw");
    let mijn = tekst(&b.get("/mijn").await.body);
    assert!(mijn.contains("Mijn bezwaren") && mijn.contains(&format!("/bezwaren/{id}")), "Mijn omgeving lists it");
}

#[tokio::test]
async fn a_stranger_starting_at_the_same_parcel_sees_an_earlier_decision_only_once_published_and_never_its_title() {
    use common::voorbeeldstad::{adres, complete_aanvraag, voorbeeldstad};
    let (app, _) = voorbeeldstad().await;
    let ilse = persoon(&app, "Ilse Initiatief", &[Rol::Initiatiefnemer], None).await;
    let piet = persoon(&app, "Piet Buur", &[Rol::Initiatiefnemer], None).await;
    let bram = persoon(&app, "Bram Behandelaar", &[Rol::Behandelaar], Some("gm9999")).await;
    let plek = adres("Dorpsstraat", 12);
    let a = complete_aanvraag(&app, &ilse, plek).await;
    let id = a["id"].as_str().unwrap();
    let versie = a["versie"].clone();
    let titel = json!({ "versie": versie, "titel": "Dakkapel voor de kamer van onze Sanne" });
    assert_eq!(api(&app, "PATCH", &format!("/api/v1/aanvragen/{id}"), Some(&ilse), Some(titel)).await.status, 200);
    let z = api(&app, "POST", &format!("/api/v1/aanvragen/{id}/indienen"), Some(&ilse), None).await.json();
    let zaak = z["zaak"].as_str().unwrap().to_string();
    let pad = format!("/api/v1/zaken/{zaak}/gebeurtenissen");
    let neem = json!({ "soort": "in_behandeling_genomen", "behandelaar": uuid::Uuid::nil(), "behandelaarNaam": "", "team": null });
    assert_eq!(api(&app, "POST", &pad, Some(&bram), Some(neem)).await.status, 201);
    let besluit = json!({ "uitkomst": "verleend", "motivering": "De dakkapel past." });
    assert_eq!(
        api(&app, "POST", &format!("/api/v1/zaken/{zaak}/besluit"), Some(&bram), Some(besluit)).await.status,
        201
    );

    let eerder = |a: &serde_json::Value| -> Vec<String> {
        a["aanvraag"]["automatisch"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|b| b["soort"] == "eerdere_vergunning")
            .map(|b| b["titel"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    let body = json!({ "activiteiten": [common::voorbeeldstad::DAKKAPEL], "antwoorden": {}, "x": plek.0, "y": plek.1 });
    let voor = api(&app, "POST", "/api/v1/aanvragen", Some(&piet), Some(body.clone())).await.json();
    assert!(eerder(&voor).is_empty(), "a decision not yet published stays Ilse's: {:?}", eerder(&voor));
    let eigen = api(&app, "POST", "/api/v1/aanvragen", Some(&ilse), Some(body.clone())).await.json();
    assert!(eerder(&eigen).iter().any(|t| t.contains("Sanne")), "Ilse sees her own: {:?}", eerder(&eigen));

    let vandaag = stip_app::Klok::nu(&app.klok).date();
    assert_eq!(
        api(&app, "POST", &pad, Some(&bram), Some(json!({ "soort": "bekendgemaakt", "datum": vandaag.to_string() })))
            .await
            .status,
        201
    );
    let na = api(&app, "POST", "/api/v1/aanvragen", Some(&piet), Some(body)).await.json();
    let titels = eerder(&na);
    assert_eq!(titels.len(), 1, "{titels:?}");
    assert!(titels[0].contains("verleend") && !titels[0].contains("Sanne"), "published, without her title: {titels:?}");
}
