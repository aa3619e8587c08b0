//! Supervision over the API, on the real Gemeentestad fixtures with the test clock: the risk-weighted sample kept
//! with its seed (the same again, only for officials), an inspection planned with its checklist from the permit's
//! conditions, findings with a photo, the report as PDF, the outcome to the holder and — without personal data — to a
//! follower of the case, and Controle op afstand with real JPEGs whose EXIF data (written here with kamadak-exif)
//! places them at the site or 5 km away.

mod common;

use common::foto::{foto, wgs84};
use common::gemeentestad::{complete_aanvraag, config};
use common::persoon::{Persoon, api, bytes, persoon, upload};
use common::{TestApp, app_met_config};
use serde_json::{Value, json};
use stip_web::{AppState, AuthConfig};
use stip_zaak::Rol;
use time::{Duration, OffsetDateTime};

const VOORSCHRIFT: &str = "Gebruik dakpannen in een rode kleur";

async fn gemeentestad() -> Option<(TestApp, AppState)> {
    let mut c = config();
    // These tests move the clock on by hours and days between one person's requests: their sessions must not idle out.
    c.auth = AuthConfig { sessie_inactief: std::time::Duration::from_secs(400 * 86_400), ..AuthConfig::default() };
    app_met_config(&["imro/stationspleinzuidoost.gml", "gemeentestad/toepasbareRegels"], c).await
}

async fn ok(app: &TestApp, method: &str, uri: &str, wie: &Persoon, body: Value) -> Value {
    let a = api(app, method, uri, Some(wie), Some(body)).await;
    assert!(a.status == 201 || a.status == 200, "{method} {uri}: {} {}", a.status, a.body);
    a.json()
}

/// A case of `wie`, granted with one condition and published today: a permit to supervise.
async fn vergunning(app: &TestApp, wie: &Persoon, ambtenaar: &Persoon) -> (String, String) {
    let a = complete_aanvraag(app, wie).await;
    let z = api(app, "POST", &format!("/api/v1/aanvragen/{}/indienen", a["id"].as_str().unwrap()), Some(wie), None)
        .await
        .json();
    let zaak = z["zaak"].as_str().unwrap().to_string();
    let neem = json!({ "soort": "in_behandeling_genomen", "behandelaar": uuid::Uuid::nil(), "behandelaarNaam": "", "team": null });
    ok(app, "POST", &format!("/api/v1/zaken/{zaak}/gebeurtenissen"), ambtenaar, neem).await;
    let besluit = json!({ "uitkomst": "verleend", "motivering": "De schuur past.", "voorschriften": [VOORSCHRIFT] });
    ok(app, "POST", &format!("/api/v1/zaken/{zaak}/besluit"), ambtenaar, besluit).await;
    let vandaag = stip_app::Klok::nu(&app.klok).date();
    let b = json!({ "soort": "bekendgemaakt", "datum": vandaag.to_string() });
    let z = ok(app, "POST", &format!("/api/v1/zaken/{zaak}/gebeurtenissen"), ambtenaar, b).await;
    (zaak, z["zaaknummer"].as_str().unwrap().to_string())
}

async fn ronde(state: &AppState) {
    stip_app::berichten::verspreid(state).await.unwrap();
    stip_app::berichten::bezorg(state, state.post()).await.unwrap();
}

fn dag(app: &TestApp, dagen: i64) -> String {
    (stip_app::Klok::nu(&app.klok) + Duration::days(dagen)).date().to_string()
}

#[tokio::test]
async fn a_sample_drawn_with_a_seed_is_kept_and_drawn_the_same_again_and_only_officials_of_the_authority_draw_it() {
    let Some((app, _state)) = gemeentestad().await else { return };
    let jan = persoon(&app, "Jan Jansen", &[Rol::Initiatiefnemer], None).await;
    let ambtenaar = persoon(&app, "Anna Ambtenaar", &[Rol::Behandelaar], Some("gm0297")).await;
    let elders = persoon(&app, "Eva Elders", &[Rol::Behandelaar], Some("gm0001")).await;
    for _ in 0..3 {
        vergunning(&app, &jan, &ambtenaar).await;
    }
    // A case still in progress has no permit to inspect.
    let a = complete_aanvraag(&app, &jan).await;
    api(&app, "POST", &format!("/api/v1/aanvragen/{}/indienen", a["id"].as_str().unwrap()), Some(&jan), None).await;

    let vraag = json!({ "omvang": 2, "seed": 20261203 });
    let een = ok(&app, "POST", "/api/v1/toezicht/steekproeven", &ambtenaar, vraag.clone()).await;
    let twee = ok(&app, "POST", "/api/v1/toezicht/steekproeven", &ambtenaar, vraag).await;
    assert_eq!(een["populatie"], 3, "only the published permits: {een}");
    assert_eq!(een["aantal"], 2);
    assert_eq!(een["zaken"], twee["zaken"], "the same seed and permits give the same sample");
    assert_ne!(een["id"], twee["id"], "each draw is kept");
    for z in een["zaken"].as_array().unwrap() {
        assert!(z["score"].as_f64().unwrap() > 0.0);
        let redenen: Vec<&str> =
            z["redenen"].as_array().unwrap().iter().map(|r| r["factor"].as_str().unwrap()).collect();
        assert!(redenen.contains(&"voorschriften") && redenen.contains(&"activiteitgroep"), "{z}");
        assert!(z["toelichting"].as_str().unwrap().contains("1 voorschrift bij de vergunning"), "{z}");
    }
    assert_eq!(een["scores"].as_array().unwrap().len(), 3, "every permit's score is shown");
    let bewaard = ok(
        &app,
        "GET",
        &format!("/api/v1/toezicht/steekproeven/{}", een["id"].as_str().unwrap()),
        &ambtenaar,
        json!(null),
    )
    .await;
    assert_eq!(bewaard, een, "kept with its seed and inputs");
    assert_eq!(bewaard["seed"], 20261203);
    let lijst = ok(&app, "GET", "/api/v1/toezicht/steekproeven", &ambtenaar, json!(null)).await;
    assert_eq!(lijst["steekproeven"].as_array().unwrap().len(), 2);

    let deel =
        ok(&app, "POST", "/api/v1/toezicht/steekproeven", &ambtenaar, json!({ "omvang": "50%", "seed": 1 })).await;
    assert_eq!(deel["aantal"], 2, "50% of 3 rounds up to 2");

    // Refused: a size out of range, a factor below zero, an applicant, another authority's official.
    let te_groot = api(
        &app,
        "POST",
        "/api/v1/toezicht/steekproeven",
        Some(&ambtenaar),
        Some(json!({ "omvang": "150%", "seed": 1 })),
    )
    .await;
    assert_eq!(te_groot.status, 400, "{}", te_groot.body);
    assert!(te_groot.body.contains("percentage"), "{}", te_groot.body);
    let negatief = json!({ "omvang": 1, "seed": 1, "factoren": { "monument": -1 } });
    let negatief = api(&app, "POST", "/api/v1/toezicht/steekproeven", Some(&ambtenaar), Some(negatief)).await;
    assert_eq!(negatief.status, 400, "{}", negatief.body);
    let jan_trekt =
        api(&app, "POST", "/api/v1/toezicht/steekproeven", Some(&jan), Some(json!({ "omvang": 1, "seed": 1 }))).await;
    assert_eq!(jan_trekt.status, 403, "{}", jan_trekt.body);
    let van_een = format!("/api/v1/toezicht/steekproeven/{}", een["id"].as_str().unwrap());
    assert_eq!(api(&app, "GET", &van_een, Some(&elders), None).await.status, 404);
    let leeg = ok(&app, "POST", "/api/v1/toezicht/steekproeven", &elders, json!({ "omvang": 5, "seed": 1 })).await;
    assert_eq!(
        (leeg["populatie"].clone(), leeg["zaken"].clone()),
        (json!(0), json!([])),
        "no permits of another authority"
    );
}

#[tokio::test]
async fn an_inspection_with_a_deviation_goes_to_the_holder_as_a_report_and_to_a_follower_without_personal_data() {
    let Some((app, state)) = gemeentestad().await else { return };
    let jan = persoon(&app, "Jan Jansen", &[Rol::Initiatiefnemer], None).await;
    let ambtenaar = persoon(&app, "Anna Ambtenaar", &[Rol::Behandelaar], Some("gm0297")).await;
    let volger = persoon(&app, "Vera Volger", &[Rol::Belanghebbende], None).await;
    let vreemde = persoon(&app, "Victor Vreemd", &[Rol::Initiatiefnemer], None).await;
    let (zaak, zaaknummer) = vergunning(&app, &jan, &ambtenaar).await;
    let abonnement = json!({ "zaak": zaaknummer, "kanaal": "inbox" });
    ok(&app, "POST", "/api/v1/abonnementen", &volger, abonnement).await;
    ronde(&state).await;

    // The holder cannot plan an inspection on his own permit; a date in the past is refused.
    let plan = json!({ "zaak": zaak, "datum": dag(&app, 7), "inspecteur": "Ilse Inspecteur" });
    assert_eq!(api(&app, "POST", "/api/v1/inspecties", Some(&jan), Some(plan.clone())).await.status, 403);
    let gisteren = json!({ "zaak": zaak, "datum": dag(&app, -1) });
    assert_eq!(api(&app, "POST", "/api/v1/inspecties", Some(&ambtenaar), Some(gisteren)).await.status, 409);
    let i = ok(&app, "POST", "/api/v1/inspecties", &ambtenaar, plan).await;
    let id = i["id"].as_str().unwrap().to_string();
    assert_eq!(i["status"], "gepland");
    let checklist = i["checklist"].as_array().unwrap();
    assert_eq!(checklist[0]["tekst"], VOORSCHRIFT);
    assert_eq!(checklist[0]["herkomst"], "voorschrift");
    assert_eq!(checklist.last().unwrap()["herkomst"], "algemeen");
    assert!(checklist.iter().any(|p| p["herkomst"] == "norm"), "the norms where the permit lies: {i}");
    assert!(i["rapport"].is_null(), "no report before the visit");
    assert_eq!(api(&app, "GET", &format!("/api/v1/inspecties/{id}/rapport"), Some(&ambtenaar), None).await.status, 409);

    // On the day: a photo, a deviation on the condition with a follow-up date, the rest in order.
    app.klok.verzet(Duration::days(7));
    let f = upload(
        &app,
        &format!("/api/v1/inspecties/{id}/fotos?naam=dak.jpg"),
        &ambtenaar,
        foto(52.0, 5.0, OffsetDateTime::now_utc()),
    )
    .await;
    assert_eq!(f.status, 201, "{}", f.body);
    let foto_id = f.json()["id"].as_str().unwrap().to_string();
    let pdf =
        upload(&app, &format!("/api/v1/inspecties/{id}/fotos?naam=x.pdf"), &ambtenaar, b"%PDF-1.4\n".to_vec()).await;
    assert_eq!(pdf.status, 415, "a photo is a JPEG or PNG: {}", pdf.body);
    let mut bevindingen: Vec<Value> =
        checklist.iter().map(|p| json!({ "punt": p["nummer"], "oordeel": "in_orde" })).collect();
    let half = json!({ "bevindingen": bevindingen[..1].to_vec() });
    let onvolledig =
        api(&app, "POST", &format!("/api/v1/inspecties/{id}/bevindingen"), Some(&ambtenaar), Some(half)).await;
    assert_eq!(onvolledig.status, 409, "{}", onvolledig.body);
    assert!(onvolledig.body.contains("controlepunt 2 heeft nog geen bevinding"), "{}", onvolledig.body);
    bevindingen[0] = json!({ "punt": 1, "oordeel": "afwijking", "tekst": "De dakpannen zijn zwart.", "fotos": [foto_id], "hercontrole": dag(&app, 28) });
    let body = json!({ "bevindingen": bevindingen });
    assert_eq!(
        api(&app, "POST", &format!("/api/v1/inspecties/{id}/bevindingen"), Some(&jan), Some(body.clone())).await.status,
        403
    );
    let uit = ok(&app, "POST", &format!("/api/v1/inspecties/{id}/bevindingen"), &ambtenaar, body.clone()).await;
    assert_eq!(uit["status"], "uitgevoerd");
    assert_eq!(uit["uitkomst"], "afwijking");
    assert_eq!(uit["rapport"], format!("/api/v1/inspecties/{id}/rapport"));
    let nog_eens =
        api(&app, "POST", &format!("/api/v1/inspecties/{id}/bevindingen"), Some(&ambtenaar), Some(body)).await;
    assert_eq!(nog_eens.status, 409, "{}", nog_eens.body);

    // The holder reads the inspection and its report; a stranger does not even learn it exists.
    let voor_jan = api(&app, "GET", &format!("/api/v1/inspecties/{id}"), Some(&jan), None).await;
    assert_eq!(voor_jan.status, 200, "{}", voor_jan.body);
    assert_eq!(api(&app, "GET", &format!("/api/v1/inspecties/{id}"), Some(&vreemde), None).await.status, 404);
    let (status, rapport) = bytes(&app, &format!("/api/v1/inspecties/{id}/rapport"), &jan).await;
    assert_eq!(status, 200);
    assert!(rapport.starts_with(b"%PDF-"), "the report is a PDF");
    let toezicht = ok(&app, "GET", &format!("/api/v1/zaken/{zaak}/toezicht"), &jan, json!(null)).await;
    assert_eq!(toezicht["inspecties"].as_array().unwrap().len(), 1);

    // Notificatietoezicht: the holder hears the outcome; the follower hears it in public words, without names.
    ronde(&state).await;
    let inbox = api(&app, "GET", "/api/v1/berichten", Some(&jan), None).await.json();
    let teksten: Vec<&str> =
        inbox["berichten"].as_array().unwrap().iter().map(|b| b["tekst"].as_str().unwrap()).collect();
    assert!(teksten.iter().any(|t| t.contains("zag 1 afwijking")), "{teksten:?}");
    assert!(teksten.iter().any(|t| t.contains("komt op") && t.contains("kijken")), "the planned visit: {teksten:?}");
    let publiek = api(&app, "GET", "/api/v1/berichten", Some(&volger), None).await;
    let gevolgd = publiek.json();
    let controle: Vec<&Value> = gevolgd["berichten"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["titel"].as_str().unwrap().starts_with("Controle uitgevoerd"))
        .collect();
    assert_eq!(controle.len(), 1, "{gevolgd}");
    assert!(controle[0]["tekst"].as_str().unwrap().contains("niet klopt met de vergunning"), "{gevolgd}");
    for persoonlijk in ["Jan", "Jansen", jan.email.as_str(), "Ilse", "Anna", "zwart", "schuur van 30"] {
        assert!(!publiek.body.contains(persoonlijk), "{persoonlijk} leaked to a follower: {}", publiek.body);
    }
}

#[tokio::test]
async fn a_remote_check_accepts_a_photo_taken_at_the_site_and_flags_one_taken_5_km_away() {
    let Some((app, _state)) = gemeentestad().await else { return };
    let jan = persoon(&app, "Jan Jansen", &[Rol::Initiatiefnemer], None).await;
    let ambtenaar = persoon(&app, "Anna Ambtenaar", &[Rol::Behandelaar], Some("gm0297")).await;
    let (zaak, _) = vergunning(&app, &jan, &ambtenaar).await;

    let vraag = json!({ "vraag": "Maak een foto van het dak, zodat de kleur van de pannen te zien is.", "uiterlijk": dag(&app, 14) });
    assert_eq!(
        api(&app, "POST", &format!("/api/v1/zaken/{zaak}/bewijsverzoeken"), Some(&jan), Some(vraag.clone()))
            .await
            .status,
        403
    );
    let v = ok(&app, "POST", &format!("/api/v1/zaken/{zaak}/bewijsverzoeken"), &ambtenaar, vraag).await;
    assert_eq!(v["status"], "gevraagd");
    let verzoek = v["id"].as_str().unwrap();
    let gevraagd = stip_app::Klok::nu(&app.klok);
    let te_vroeg = api(
        &app,
        "POST",
        &format!("/api/v1/zaken/{zaak}/bewijsverzoeken/{verzoek}/beoordeling"),
        Some(&ambtenaar),
        Some(json!({ "akkoord": true })),
    )
    .await;
    assert_eq!(te_vroeg.status, 409, "nothing to judge yet: {}", te_vroeg.body);

    // An hour later, from the phone: one photo at the site, one taken 5 km away.
    app.klok.verzet(Duration::hours(1));
    let genomen = gevraagd + Duration::minutes(30);
    let (lat, lon) = wgs84(20.0);
    let uri = format!("/api/v1/zaken/{zaak}/bewijsverzoeken/{verzoek}/fotos?naam=dak.jpg&toelichting=Het%20dak");
    let a = upload(&app, &uri, &jan, foto(lat, lon, genomen)).await;
    assert_eq!(a.status, 201, "{}", a.body);
    let (lat, lon) = wgs84(5_000.0);
    let b = upload(&app, &uri, &jan, foto(lat, lon, genomen)).await;
    assert_eq!(b.status, 201, "{}", b.body);
    let v = b.json();
    assert_eq!(v["status"], "geleverd");
    let fotos = v["fotos"].as_array().unwrap();
    assert_eq!((fotos[0]["opDePlek"].clone(), fotos[0]["naVerzoek"].clone()), (json!(true), json!(true)));
    assert_eq!(fotos[0]["oordeel"], "Genomen op de plek na het verzoek");
    assert!(fotos[0]["afstandM"].as_f64().unwrap() < 25.0, "{v}");
    assert_eq!(fotos[1]["opDePlek"], false);
    assert_eq!(fotos[1]["oordeel"], "Genomen op 5,0 km van de plek na het verzoek");
    insta::assert_json_snapshot!(v, {
        ".id" => "[id]", ".gevraagd" => "[moment]", ".uiterlijk" => "[datum]",
        ".fotos[].document" => "[id]", ".fotos[].genomen" => "[moment]",
    });
    let (status, _) =
        bytes(&app, &format!("/api/v1/zaken/{zaak}/documenten/{}", fotos[0]["document"].as_str().unwrap()), &ambtenaar)
            .await;
    assert_eq!(status, 200, "the official sees the photo");

    // The official asks again (photos must then be newer), and accepts what comes next.
    let beoordeling = format!("/api/v1/zaken/{zaak}/bewijsverzoeken/{verzoek}/beoordeling");
    let opnieuw = ok(
        &app,
        "POST",
        &beoordeling,
        &ambtenaar,
        json!({ "akkoord": false, "toelichting": "Eén foto is elders genomen." }),
    )
    .await;
    assert_eq!(opnieuw["status"], "gevraagd");
    let oud = upload(&app, &uri, &jan, foto(wgs84(0.0).0, wgs84(0.0).1, genomen)).await.json();
    assert_eq!(oud["fotos"][2]["oordeel"], "Genomen op de plek vóór het verzoek", "taken before it was asked again");
    app.klok.verzet(Duration::hours(1));
    let nieuw = foto(wgs84(0.0).0, wgs84(0.0).1, stip_app::Klok::nu(&app.klok));
    assert_eq!(
        upload(&app, &uri, &jan, nieuw).await.json()["fotos"][3]["oordeel"],
        "Genomen op de plek na het verzoek"
    );
    let akkoord = ok(&app, "POST", &beoordeling, &ambtenaar, json!({ "akkoord": true })).await;
    assert_eq!(akkoord["status"], "geaccepteerd");
    let later = upload(&app, &uri, &jan, foto(lat, lon, genomen)).await;
    assert_eq!(later.status, 409, "an accepted request takes no more photos: {}", later.body);
}
