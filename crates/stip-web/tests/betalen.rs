//! Leges and paying them end to end, on the real Gemeentestad fixtures with stip served on a real port and the
//! built-in simulator of Mollie's API as provider: stip's Mollie client and the simulator talk over HTTP as with
//! Mollie, and the simulator calls stip's webhook as Mollie does. A submitted case gets its assessment; paying at the
//! checkout turns the payment to betaald through the webhook; a repeated or forged webhook changes nothing; one
//! payment settles two cases; a failed payment can be tried again; a withdrawal refunds the table's percentage; the
//! finance export adds up.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::gemeentestad::{complete_aanvraag, config};
use common::persoon::{Persoon, api, persoon};
use common::{Answer, TestApp, app_met_config};
use serde_json::{Value, json};
use stip_app::betalen::{BetalenConfig, PspSoort};
use stip_store::{BetalingId, LegesRepository};
use stip_web::AppState;
use stip_zaak::Rol;

const TARIEVEN: &str = r#"
gezag = "gm0297"
jaar = 2026
naam = "Tarieventabel leges 2026 Gemeentestad"
geldig_vanaf = 2026-01-01
afronding = "cent"

[[regel]]
id = "bijgebouw"
activiteit = "nl.imow-gm0297.activiteit.2019000800"
omschrijving = "Omgevingsvergunning voor een bijgebouw"
grondslag = "Tarieventabel, artikel 2.3.1.3"
bedrag_cent = 25000

[[teruggaaf]]
stadium = "ingetrokken_voor_behandeling"
procent = 75
grondslag = "Tarieventabel, artikel 1.8.1"

[[teruggaaf]]
stadium = "ingetrokken_in_behandeling"
procent = 50
grondslag = "Tarieventabel, artikel 1.8.2"

[[teruggaaf]]
stadium = "geweigerd"
procent = 25
grondslag = "Tarieventabel, artikel 1.8.3"
"#;

/// Gemeentestad served on a real port, paying through the simulator.
async fn gemeentestad(betalen_voor_besluit: bool) -> Option<(TestApp, AppState)> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let adres = format!("http://{}", listener.local_addr().unwrap());
    let mut c = config();
    c.publieke_url = Some(adres);
    c.betalen = BetalenConfig { psp: Some(PspSoort::Simulator), betalen_voor_besluit, ..BetalenConfig::default() };
    let (app, state) = app_met_config(&["imro/stationspleinzuidoost.gml", "gemeentestad/toepasbareRegels"], c).await?;
    // Gemeentestad's tarieventabel, as the municipality would import it: € 250 for the bijgebouw, and back 75 % on a
    // withdrawal before handling, 50 % during, 25 % on a refusal.
    let bron = stip_app::kennis::Bron {
        naam: "leges-gemeentestad-2026.toml".into(),
        bestanden: vec![("leges-gemeentestad-2026.toml".into(), TARIEVEN.as_bytes().to_vec())],
    };
    let ingelezen = stip_app::kennis::inlezen(&bron, None).unwrap();
    stip_app::kennis::publiceer(&app.store, &bron, &ingelezen).await.unwrap();
    assert!(state.vernieuw().await.unwrap(), "the tariffs are loaded");
    let router = app.router.clone();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    Some((app, state))
}

/// A submitted case of `wie`: its id.
async fn ingediend(app: &TestApp, wie: &Persoon) -> String {
    let a = complete_aanvraag(app, wie).await;
    let z =
        api(app, "POST", &format!("/api/v1/aanvragen/{}/indienen", a["id"].as_str().unwrap()), Some(wie), None).await;
    assert_eq!(z.status, 201, "{}", z.body);
    z.json()["zaak"].as_str().unwrap().to_string()
}

fn ok(a: Answer) -> Value {
    assert!(a.status == 200 || a.status == 201, "{} {}", a.status, a.body);
    a.json()
}

async fn leges(app: &TestApp, zaak: &str, wie: &Persoon) -> Value {
    ok(api(app, "GET", &format!("/api/v1/zaken/{zaak}/leges"), Some(wie), None).await)
}

async fn start(app: &TestApp, zaken: &[&str], wie: &Persoon) -> Value {
    ok(api(app, "POST", "/api/v1/betalingen", Some(wie), Some(json!({ "zaken": zaken }))).await)
}

/// The provider's id of a payment: the last part of its checkout address.
fn psp_id(betaling: &Value) -> String {
    betaling["checkoutUrl"].as_str().unwrap().rsplit('/').next().unwrap().to_string()
}

/// A person at the simulator's checkout choosing how it ends (a form, as a browser submits it). Returns where they
/// are sent back to.
async fn kies(app: &TestApp, betaling: &Value, uitkomst: &str) -> String {
    let url = betaling["checkoutUrl"].as_str().unwrap();
    let pad = &url[url.find("/simulator/").unwrap()..];
    let pagina = app.get(pad).await;
    assert_eq!(pagina.status, 200, "{}", pagina.body);
    assert!(pagina.body.contains(&format!("value=\"{uitkomst}\"")), "{}", pagina.body);
    let a = app.post_form(pad, &[("uitkomst", uitkomst)]).await;
    assert_eq!(a.status, 303, "{}", a.body);
    a.header("location").unwrap().to_string()
}

async fn webhook(app: &TestApp, id: &str) -> u16 {
    app.request(
        Request::post("/api/v1/betalingen/webhook")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(format!("id={id}")))
            .unwrap(),
    )
    .await
    .status
}

/// A page as a logged-in browser gets it (the session cookie).
async fn pagina(app: &TestApp, uri: &str, wie: &Persoon) -> Answer {
    let cookie = format!("{}={}", stip_web::auth::SESSIE_COOKIE, wie.token);
    app.request(Request::get(uri).header("cookie", cookie).body(Body::empty()).unwrap()).await
}

async fn betaling(app: &TestApp, id: &Value, wie: &Persoon) -> Value {
    ok(api(app, "GET", &format!("/api/v1/betalingen/{}", id.as_str().unwrap()), Some(wie), None).await)
}

fn opgeslagen_id(b: &Value) -> BetalingId {
    b["id"].as_str().unwrap().parse().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paying_at_the_checkout_settles_the_assessment_through_the_webhook_and_a_repeated_or_forged_webhook_changes_nothing()
 {
    let Some((app, _state)) = gemeentestad(false).await else { return };
    let jan = persoon(&app, "Jan Jansen", &[Rol::Initiatiefnemer], None).await;
    let zaak = ingediend(&app, &jan).await;

    let l = leges(&app, &zaak, &jan).await;
    assert_eq!(l["aanslagen"].as_array().unwrap().len(), 1, "{l}");
    assert_eq!(
        (l["aanslagen"][0]["soort"].as_str(), l["aanslagen"][0]["reden"].as_str()),
        (Some("aanslag"), Some("ontvangen"))
    );
    assert_eq!((l["openCent"].as_i64(), l["kanBetalen"].as_bool()), (Some(25_000), Some(true)));
    // Asking again makes no second assessment.
    assert_eq!(leges(&app, &zaak, &jan).await["aanslagen"].as_array().unwrap().len(), 1);

    let b = start(&app, &[&zaak], &jan).await;
    assert_eq!((b["status"].as_str(), b["bedragCent"].as_i64()), (Some("open"), Some(25_000)), "{b}");
    assert!(b["checkoutUrl"].as_str().unwrap().contains("/simulator/mollie/checkout/tr_"), "{b}");

    let terug = kies(&app, &b, "betaald").await;
    assert!(terug.ends_with(&format!("/zaken/{zaak}")), "{terug}");
    assert_eq!(betaling(&app, &b["id"], &jan).await["status"], "betaald");
    let l = leges(&app, &zaak, &jan).await;
    assert_eq!(
        (l["openCent"].as_i64(), l["betaald"].as_bool(), l["kanBetalen"].as_bool()),
        (Some(0), Some(true), Some(false))
    );

    let voor = app.store.betaling(opgeslagen_id(&b)).await.unwrap();
    assert_eq!(webhook(&app, &psp_id(&b)).await, 200, "the provider may call again");
    assert_eq!(webhook(&app, "tr_verzonnen1").await, 200, "a forged id is answered without telling anything");
    assert_eq!(app.store.betaling(opgeslagen_id(&b)).await.unwrap(), voor, "neither changed anything");

    // Nothing is left to pay; the case page says so and offers the invoice.
    let nog = api(&app, "POST", "/api/v1/betalingen", Some(&jan), Some(json!({ "zaken": [zaak] }))).await;
    assert_eq!(nog.status, 409, "{}", nog.body);
    let factuur = pagina(&app, &format!("/zaken/{zaak}/factuur.pdf"), &jan).await;
    assert_eq!(factuur.status, 200);
    assert!(factuur.body.starts_with("%PDF"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_webhook_for_an_open_payment_changes_nothing_because_stip_asks_the_provider() {
    let Some((app, _state)) = gemeentestad(false).await else { return };
    let jan = persoon(&app, "Jan Jansen", &[Rol::Initiatiefnemer], None).await;
    let zaak = ingediend(&app, &jan).await;
    let b = start(&app, &[&zaak], &jan).await;
    let voor = app.store.betaling(opgeslagen_id(&b)).await.unwrap();
    assert_eq!(webhook(&app, &psp_id(&b)).await, 200);
    assert_eq!(app.store.betaling(opgeslagen_id(&b)).await.unwrap(), voor);
    assert_eq!(betaling(&app, &b["id"], &jan).await["status"], "open");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_bulk_payment_settles_two_cases_and_its_amount_comes_from_their_assessments() {
    let Some((app, _state)) = gemeentestad(false).await else { return };
    let jan = persoon(&app, "Jan Jansen", &[Rol::Initiatiefnemer], None).await;
    let een = ingediend(&app, &jan).await;
    let twee = ingediend(&app, &jan).await;

    let geknoeid =
        api(&app, "POST", "/api/v1/betalingen", Some(&jan), Some(json!({ "zaken": [een], "bedragCent": 1 }))).await;
    assert_eq!(geknoeid.status, 400, "an amount is never taken from the request: {}", geknoeid.body);

    let mijn = pagina(&app, "/mijn", &jan).await;
    assert!(mijn.body.contains("action=\"/betalen\""), "Mijn omgeving offers to pay everything at once");

    let b = start(&app, &[&een, &twee], &jan).await;
    assert_eq!(b["bedragCent"], 50_000, "{b}");
    assert_eq!(b["zaken"].as_array().unwrap().len(), 2);
    kies(&app, &b, "betaald").await;
    for zaak in [&een, &twee] {
        let l = leges(&app, zaak, &jan).await;
        assert_eq!((l["openCent"].as_i64(), l["betaald"].as_bool()), (Some(0), Some(true)), "{l}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_payment_can_be_tried_again() {
    let Some((app, _state)) = gemeentestad(false).await else { return };
    let jan = persoon(&app, "Jan Jansen", &[Rol::Initiatiefnemer], None).await;
    let zaak = ingediend(&app, &jan).await;
    for uitkomst in ["mislukt", "geannuleerd", "verlopen"] {
        let b = start(&app, &[&zaak], &jan).await;
        kies(&app, &b, uitkomst).await;
        let na = betaling(&app, &b["id"], &jan).await;
        assert_eq!((na["status"].as_str(), na["checkoutUrl"].is_null()), (Some(uitkomst), true), "{na}");
        assert_eq!(leges(&app, &zaak, &jan).await["openCent"], 25_000, "still to pay after {uitkomst}");
    }
    let b = start(&app, &[&zaak], &jan).await;
    kies(&app, &b, "betaald").await;
    assert_eq!(leges(&app, &zaak, &jan).await["openCent"], 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_withdrawal_refunds_the_tables_percentage_through_the_provider() {
    let Some((app, state)) = gemeentestad(false).await else { return };
    let jan = persoon(&app, "Jan Jansen", &[Rol::Initiatiefnemer], None).await;
    let zaak = ingediend(&app, &jan).await;
    let b = start(&app, &[&zaak], &jan).await;
    kies(&app, &b, "betaald").await;

    let trek_in = json!({ "soort": "aanvraag_ingetrokken", "reden": "Wij bouwen toch niet." });
    let z = ok(api(&app, "POST", &format!("/api/v1/zaken/{zaak}/gebeurtenissen"), Some(&jan), Some(trek_in)).await);
    assert_eq!(z["status"], "ingetrokken");
    let l = leges(&app, &zaak, &jan).await;
    let teruggaaf = l["aanslagen"].as_array().unwrap().iter().find(|a| a["soort"] == "teruggaaf").cloned().unwrap();
    assert_eq!(
        (teruggaaf["reden"].as_str(), teruggaaf["bedragCent"].as_i64()),
        (Some("ingetrokken_voor_behandeling"), Some(18_750))
    );
    assert_eq!(betaling(&app, &b["id"], &jan).await["status"], "terugbetaald");
    let bij_psp = state.betalen().simulator().unwrap().lees(&psp_id(&b)).unwrap();
    assert_eq!(bij_psp["amountRefunded"]["value"], "187.50", "{bij_psp}");

    // A withdrawn case ends: nothing more happens to it, and reading the fees again refunds nothing twice.
    let nog = json!({ "soort": "aanvraag_ingetrokken", "reden": "Nog eens." });
    assert_eq!(
        api(&app, "POST", &format!("/api/v1/zaken/{zaak}/gebeurtenissen"), Some(&jan), Some(nog)).await.status,
        409
    );
    assert_eq!(leges(&app, &zaak, &jan).await["aanslagen"].as_array().unwrap().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_decision_waits_for_payment_when_the_municipality_requires_it_and_a_refusal_refunds() {
    let Some((app, _state)) = gemeentestad(true).await else { return };
    let jan = persoon(&app, "Jan Jansen", &[Rol::Initiatiefnemer], None).await;
    let anna = persoon(&app, "Anna Ambtenaar", &[Rol::Behandelaar], Some("gm0297")).await;
    let zaak = ingediend(&app, &jan).await;
    let neem = json!({ "soort": "in_behandeling_genomen", "behandelaar": uuid::Uuid::nil(), "behandelaarNaam": "", "team": null });
    ok(api(&app, "POST", &format!("/api/v1/zaken/{zaak}/gebeurtenissen"), Some(&anna), Some(neem)).await);
    let besluit = json!({ "uitkomst": "geweigerd", "motivering": "Te hoog voor het omgevingsplan." });
    let te_vroeg =
        api(&app, "POST", &format!("/api/v1/zaken/{zaak}/besluit"), Some(&anna), Some(besluit.clone())).await;
    assert_eq!(te_vroeg.status, 409, "{}", te_vroeg.body);
    assert!(leges(&app, &zaak, &jan).await["betalenVoorBesluit"].as_bool().unwrap());
    // Track & Trace shows paying as the applicant's step now, before the decision; once paid, as done.
    let stap = |html: &str| {
        html.split("stip-voortgang__stap--")
            .filter(|d| d.contains("U betaalt de leges"))
            .map(|d| d.split('"').next().unwrap_or_default().to_string())
            .next()
    };
    let mut browser = common::browser::Browser::new(&app);
    browser.zet_cookie(stip_web::auth::SESSIE_COOKIE, &jan.token);
    assert_eq!(stap(&browser.get(&format!("/zaken/{zaak}")).await.body).as_deref(), Some("nu"));

    let b = start(&app, &[&zaak], &jan).await;
    kies(&app, &b, "betaald").await;
    assert_eq!(stap(&browser.get(&format!("/zaken/{zaak}")).await.body).as_deref(), Some("gedaan"));
    ok(api(&app, "POST", &format!("/api/v1/zaken/{zaak}/besluit"), Some(&anna), Some(besluit)).await);
    let l = leges(&app, &zaak, &anna).await;
    assert!(l["aanslagen"].as_array().unwrap().iter().any(|a| a["reden"] == "geweigerd"), "{l}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_finance_export_totals_equal_the_sums_of_the_payments_and_only_officials_get_it() {
    let Some((app, _state)) = gemeentestad(false).await else { return };
    let jan = persoon(&app, "Jan Jansen", &[Rol::Initiatiefnemer], None).await;
    let anna = persoon(&app, "Anna Ambtenaar", &[Rol::Behandelaar], Some("gm0297")).await;
    let een = ingediend(&app, &jan).await;
    let twee = ingediend(&app, &jan).await;
    let drie = ingediend(&app, &jan).await;
    let bulk = start(&app, &[&een, &twee], &jan).await;
    kies(&app, &bulk, "betaald").await;
    let los = start(&app, &[&drie], &jan).await;
    kies(&app, &los, "betaald").await;
    let betaald = bulk["bedragCent"].as_i64().unwrap() + los["bedragCent"].as_i64().unwrap();

    let vandaag = stip_app::Klok::nu(&app.klok).date();
    let uri = format!("/api/v1/financien/export.csv?datum={vandaag}");
    assert_eq!(api(&app, "GET", &uri, Some(&jan), None).await.status, 403);
    let csv = api(&app, "GET", &uri, Some(&anna), None).await;
    assert_eq!(csv.status, 200, "{}", csv.body);
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    let rijen: Vec<Vec<&str>> = csv.body.lines().skip(1).map(|r| r.split(';').collect()).collect();
    let cent = |s: &str| (s.parse::<f64>().unwrap() * 100.0).round() as i64;
    let som = |soort: &str| rijen.iter().filter(|r| r[0] == soort).map(|r| cent(r[4])).sum::<i64>();
    assert_eq!(som("betaling"), betaald, "{}", csv.body);
    assert_eq!(som("totaal_betalingen"), betaald, "{}", csv.body);
    assert_eq!(som("aanslag"), 75_000);
    assert!(!csv.body.contains("Jan") && !csv.body.contains("example.nl"), "no names or e-mail in the export");

    let view = pagina(&app, &format!("/backoffice/financien?datum={vandaag}"), &anna).await;
    assert_eq!(view.status, 200, "{}", view.body);
    assert!(view.body.contains("€ 750,00"), "the view totals the day's payments");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_person_neither_sees_nor_pays_someone_elses_fees() {
    let Some((app, _state)) = gemeentestad(false).await else { return };
    let jan = persoon(&app, "Jan Jansen", &[Rol::Initiatiefnemer], None).await;
    let buur = persoon(&app, "Fatma Sahin", &[Rol::Initiatiefnemer], None).await;
    let zaak = ingediend(&app, &jan).await;
    assert_eq!(api(&app, "GET", &format!("/api/v1/zaken/{zaak}/leges"), Some(&buur), None).await.status, 404);
    let b = api(&app, "POST", "/api/v1/betalingen", Some(&buur), Some(json!({ "zaken": [zaak] }))).await;
    assert_eq!(b.status, 404, "{}", b.body);
    let eigen = start(&app, &[&zaak], &jan).await;
    let gelezen =
        api(&app, "GET", &format!("/api/v1/betalingen/{}", eigen["id"].as_str().unwrap()), Some(&buur), None).await;
    assert_eq!(gelezen.status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_case_page_shows_the_fees_with_a_pay_button_and_the_simulator_is_off_unless_configured() {
    let Some((app, _state)) = gemeentestad(false).await else { return };
    let jan = persoon(&app, "Jan Jansen", &[Rol::Initiatiefnemer], None).await;
    let zaak = ingediend(&app, &jan).await;
    let p = pagina(&app, &format!("/zaken/{zaak}"), &jan).await;
    assert!(p.body.contains("id=\"leges-kop\"") && p.body.contains("€ 250,00"), "{}", p.body);
    assert!(p.body.contains(&format!("action=\"/zaken/{zaak}/betalen\"")));

    let Some((zonder, _)) = app_met_config(&["gemeentestad/toepasbareRegels"], config()).await else { return };
    assert_eq!(zonder.get("/simulator/mollie/checkout/tr_x").await.status, 404);
    let maak = zonder
        .request(
            Request::post("/simulator/mollie/v2/payments")
                .header("content-type", "application/json")
                .body(Body::from("{}"))
                .unwrap(),
        )
        .await;
    assert_eq!(maak.status, 404);
}
