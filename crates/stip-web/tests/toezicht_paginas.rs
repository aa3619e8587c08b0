//! Supervision as pages, in-process on the Gemeentestad fixtures: the official draws a sample and reads why each case
//! was picked, plans an inspection from the case's supervision page, records the findings with a photo and downloads
//! the report; the holder's page opens the phone's camera, takes a photo with its EXIF place and time, and the
//! official accepts it.

mod common;

use common::browser::Browser;
use common::foto::{foto, wgs84};
use common::gemeentestad::{complete_aanvraag, config};
use common::persoon::{Persoon, api, persoon};
use common::{TestApp, app_met_config};
use serde_json::json;
use stip_web::AuthConfig;
use stip_zaak::Rol;

fn tekst(html: &str) -> String {
    html.replace("&#x2f;", "/").replace("&#x27;", "'").replace("&quot;", "\"")
}

/// A case of Jan's granted with one condition and published today.
async fn vergunning(app: &TestApp, jan: &Persoon, ambtenaar: &Persoon) -> String {
    let a = complete_aanvraag(app, jan).await;
    let z = api(app, "POST", &format!("/api/v1/aanvragen/{}/indienen", a["id"].as_str().unwrap()), Some(jan), None)
        .await
        .json();
    let zaak = z["zaak"].as_str().unwrap().to_string();
    let pad = format!("/api/v1/zaken/{zaak}/gebeurtenissen");
    let neem = json!({ "soort": "in_behandeling_genomen", "behandelaar": uuid::Uuid::nil(), "behandelaarNaam": "", "team": null });
    assert_eq!(api(app, "POST", &pad, Some(ambtenaar), Some(neem)).await.status, 201);
    let besluit = json!({ "uitkomst": "verleend", "motivering": "Past.", "voorschriften": ["Gebruik rode dakpannen"] });
    assert_eq!(
        api(app, "POST", &format!("/api/v1/zaken/{zaak}/besluit"), Some(ambtenaar), Some(besluit)).await.status,
        201
    );
    let vandaag = stip_app::Klok::nu(&app.klok).date();
    let b = json!({ "soort": "bekendgemaakt", "datum": vandaag.to_string() });
    assert_eq!(api(app, "POST", &pad, Some(ambtenaar), Some(b)).await.status, 201);
    zaak
}

fn na<'a>(html: &'a str, wat: &str) -> &'a str {
    let i = html.find(wat).unwrap_or_else(|| panic!("{wat} not in the page: {html}"));
    &html[i + wat.len()..]
}

#[tokio::test]
async fn an_official_draws_a_sample_inspects_with_a_photo_downloads_the_report_and_accepts_the_holders_phone_photo() {
    let mut c = config();
    c.auth = AuthConfig { sessie_inactief: std::time::Duration::from_secs(400 * 86_400), ..AuthConfig::default() };
    let Some((app, _)) = app_met_config(&["imro/stationspleinzuidoost.gml", "gemeentestad/toepasbareRegels"], c).await
    else {
        return;
    };
    let jan = persoon(&app, "Jan Jansen", &[Rol::Initiatiefnemer], None).await;
    let ambtenaar = persoon(&app, "Anna Ambtenaar", &[Rol::Behandelaar], Some("gm0297")).await;
    let zaak = vergunning(&app, &jan, &ambtenaar).await;
    let mut ab = Browser::als(&app, &ambtenaar);

    // The sample: drawn from the form, each picked case with its reasons.
    let overzicht = ab.get("/backoffice/toezicht").await;
    assert_eq!(overzicht.status, 200, "{}", overzicht.body);
    assert!(overzicht.body.contains("Trek de steekproef"));
    let fout = ab.post_form("/backoffice/toezicht/steekproeven", &[("omvang", "vijf"), ("seed", "7")]).await;
    assert_eq!(fout.status, 303, "{}", fout.body);
    let fout = ab.get(fout.header("location").unwrap()).await;
    assert!(fout.body.contains("vul een aantal in"), "{}", fout.body);
    let getrokken = ab.post_form("/backoffice/toezicht/steekproeven", &[("omvang", "100%"), ("seed", "7")]).await;
    assert_eq!(getrokken.status, 303, "{}", getrokken.body);
    let s = ab.get(getrokken.header("location").unwrap()).await;
    assert_eq!(s.status, 200, "{}", s.body);
    let html = tekst(&s.body);
    assert!(html.contains("1 voorschrift bij de vergunning (+0,5)"), "why it was picked: {html}");
    assert!(html.contains(&format!("/backoffice/zaken/{zaak}/toezicht")));
    assert_eq!(Browser::als(&app, &jan).get("/backoffice/toezicht").await.status, 403, "not for the applicant");

    // Plan an inspection from the case's supervision page; its checklist starts with the condition.
    let toezicht = ab.get(&format!("/backoffice/zaken/{zaak}/toezicht")).await;
    assert_eq!(toezicht.status, 200, "{}", toezicht.body);
    let vandaag = stip_app::Klok::nu(&app.klok).date().to_string();
    let gepland = ab
        .post_form(
            &format!("/backoffice/zaken/{zaak}/toezicht/inspectie"),
            &[("datum", &vandaag), ("inspecteur", "Ilse Inspecteur")],
        )
        .await;
    assert_eq!(gepland.status, 303, "{}", gepland.body);
    let pad = gepland.header("location").unwrap().to_string();
    let inspectie = ab.get(&pad).await;
    let html = tekst(&inspectie.body);
    assert!(html.contains("1. Gebruik rode dakpannen"), "{html}");
    assert!(html.contains("voorschrift van de vergunning"));
    let punten = html.matches("<fieldset").count();
    assert!(punten >= 2, "the condition, the norms and the drawings: {punten}");

    // The findings with a photo on item 1, a deviation with its follow-up date; then the report.
    let over_een_maand = (stip_app::Klok::nu(&app.klok) + time::Duration::days(30)).date().to_string();
    let mut velden = vec![
        ("oordeel_1".to_string(), "afwijking".to_string()),
        ("tekst_1".to_string(), "De pannen zijn zwart.".to_string()),
        ("hercontrole_1".to_string(), over_een_maand),
    ];
    for n in 2..=punten {
        velden.push((format!("oordeel_{n}"), "in_orde".into()));
    }
    let velden: Vec<(&str, &str)> = velden.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (lat, lon) = wgs84(0.0);
    let jpeg = foto(lat, lon, stip_app::Klok::nu(&app.klok));
    let vastgelegd = ab.post_multipart(&pad, &velden, &[("foto_1", "dak.jpg", &jpeg)]).await;
    assert_eq!(vastgelegd.status, 303, "{}", vastgelegd.body);
    let klaar = tekst(&ab.get(&pad).await.body);
    assert!(klaar.contains("<strong>Afwijking</strong>. De pannen zijn zwart."), "{klaar}");
    let rapport = na(&klaar, "href=\"/inspecties/").split('"').next().unwrap().to_string();
    let pdf = Browser::als(&app, &jan).get(&format!("/inspecties/{rapport}")).await;
    assert_eq!(pdf.status, 200, "the holder downloads the report too");
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));

    // Controle op afstand: the official asks; the holder's page opens the camera; the photo is judged and accepted.
    let over_twee_weken = (stip_app::Klok::nu(&app.klok) + time::Duration::days(14)).date().to_string();
    let gevraagd = ab
        .post_form(
            &format!("/backoffice/zaken/{zaak}/toezicht/bewijs"),
            &[("vraag", "Een foto van het dak"), ("uiterlijk", &over_twee_weken)],
        )
        .await;
    assert_eq!(gevraagd.status, 303, "{}", gevraagd.body);
    let mut jb = Browser::als(&app, &jan);
    let eigen = tekst(&jb.get(&format!("/zaken/{zaak}")).await.body);
    assert!(eigen.contains(&format!("/zaken/{zaak}/bewijs")), "the case page points to the supervision page");
    let pagina = tekst(&jb.get(&format!("/zaken/{zaak}/bewijs")).await.body);
    assert!(pagina.contains("Een foto van het dak"), "{pagina}");
    assert!(pagina.contains("accept=\"image/*\" capture=\"environment\""), "the phone's camera opens: {pagina}");
    let actie = na(&pagina, "<form method=\"post\" action=\"").split('"').next().unwrap().to_string();
    app.klok.verzet(time::Duration::minutes(5));
    let jpeg = foto(lat, lon, stip_app::Klok::nu(&app.klok));
    let verstuurd = jb.post_multipart(&actie, &[("toelichting", "")], &[("fotos", "IMG_0001.jpg", &jpeg)]).await;
    assert_eq!(verstuurd.status, 303, "{}", verstuurd.body);
    let na_versturen = tekst(&jb.get(verstuurd.header("location").unwrap()).await.body);
    assert!(na_versturen.contains("Genomen op de plek na het verzoek"), "{na_versturen}");
    let beoordelen = tekst(&ab.get(&format!("/backoffice/zaken/{zaak}/toezicht")).await.body);
    let verzoek = na(&beoordelen, "name=\"verzoek\" value=\"").split('"').next().unwrap().to_string();
    let akkoord = ab
        .post_form(
            &format!("/backoffice/zaken/{zaak}/toezicht/oordeel"),
            &[("verzoek", &verzoek), ("akkoord", "ja"), ("toelichting", "")],
        )
        .await;
    assert_eq!(akkoord.status, 303, "{}", akkoord.body);
    assert!(tekst(&jb.get(&format!("/zaken/{zaak}/bewijs")).await.body).contains("geaccepteerd"));
}
