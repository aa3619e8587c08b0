//! Reports over the API and as pages, on the real Gemeentestad fixtures with the test clock: four cases with known
//! dates and outcomes (one with advice from a chain partner, one suspended, one decided after its term and objected
//! to, one still open past its term) run through the application layer; every figure of the API equals a count made
//! here independently from the cases' histories as the case API shows them; the council PDF carries those figures
//! and passes the PDF/A and font checks; the CSV totals equal the API; the open data holds no personal data and
//! another stip imports it to compare; officials and the board see the pages, applicants and neighbours get 403.

mod common;

use common::browser::Browser;
use common::gemeentestad::{complete_aanvraag, config};
use common::persoon::{Persoon, api, bytes, persoon};
use common::{TestApp, app_met_config};
use serde_json::{Value, json};
use stip_web::AuthConfig;
use stip_zaak::Rol;
use time::Date;
use time::macros::date;

async fn gemeentestad() -> Option<TestApp> {
    let mut c = config();
    // These tests move the clock on by months between one person's requests: their sessions must not idle out.
    c.auth = AuthConfig { sessie_inactief: std::time::Duration::from_secs(400 * 86_400), ..AuthConfig::default() };
    app_met_config(&["imro/stationspleinzuidoost.gml", "gemeentestad/toepasbareRegels"], c).await.map(|(a, _)| a)
}

async fn ok(app: &TestApp, method: &str, uri: &str, wie: &Persoon, body: Value) -> Value {
    let a = api(app, method, uri, Some(wie), Some(body)).await;
    assert!(a.status == 201 || a.status == 200, "{method} {uri}: {} {}", a.status, a.body);
    a.json()
}

fn op(app: &TestApp, d: Date) {
    app.klok.zet(d.with_hms(10, 0, 0).unwrap().assume_offset(time::macros::offset!(+1)));
}

async fn stap(app: &TestApp, zaak: &str, wie: &Persoon, body: Value) {
    ok(app, "POST", &format!("/api/v1/zaken/{zaak}/gebeurtenissen"), wie, body).await;
}

async fn besluit(app: &TestApp, zaak: &str, wie: &Persoon, uitkomst: &str) {
    let b = json!({ "uitkomst": uitkomst, "motivering": "Zo besloten na toetsing aan het omgevingsplan." });
    ok(app, "POST", &format!("/api/v1/zaken/{zaak}/besluit"), wie, b).await;
}

/// Nearest rank, as the report says it counts: the value at place ⌈p·n⌉ of the sorted list.
fn rang(mut xs: Vec<i64>, p: f64) -> Option<i64> {
    xs.sort_unstable();
    (!xs.is_empty()).then(|| xs[((p * xs.len() as f64).ceil() as usize).clamp(1, xs.len()) - 1])
}

fn datum(v: &Value) -> Option<Date> {
    v.as_str().and_then(|s| Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).ok())
}

struct Wereld {
    app: TestApp,
    jan: Persoon,
    buur: Persoon,
    ambtenaar: Persoon,
    bestuur: Persoon,
    zaken: Vec<String>,
}

/// Four cases received on 5 October 2026 (term: 8 weeks, to 30 November), run to known ends — A with advice of the
/// omgevingsdienst, granted in time; B suspended 7 days, refused in time; C granted after its term and objected to;
/// D waiting for the veiligheidsregio's advice, past its term. The clock then stands on 10 January 2027.
async fn wereld() -> Option<Wereld> {
    let app = gemeentestad().await?;
    op(&app, date!(2026 - 10 - 05));
    let jan = persoon(&app, "Jan Geheimnaam", &[Rol::Initiatiefnemer], None).await;
    let buur = persoon(&app, "Fatma Sahin", &[Rol::Belanghebbende], None).await;
    let ambtenaar = persoon(&app, "Anna Ambtenaar", &[Rol::Behandelaar], Some("gm0297")).await;
    let bestuur = persoon(&app, "Wethouder Bos", &[Rol::Bestuur], Some("gm0297")).await;
    let mut zaken = Vec::new();
    for _ in 0..4 {
        let a = complete_aanvraag(&app, &jan).await;
        let z =
            ok(&app, "POST", &format!("/api/v1/aanvragen/{}/indienen", a["id"].as_str().unwrap()), &jan, json!(null))
                .await;
        let zaak = z["zaak"].as_str().unwrap().to_string();
        let neem = json!({ "soort": "in_behandeling_genomen", "behandelaar": uuid::Uuid::nil(), "behandelaarNaam": "", "team": null });
        stap(&app, &zaak, &ambtenaar, neem).await;
        zaken.push(zaak);
    }
    let (a, b, c) = (&zaken[0], &zaken[1], &zaken[2]);
    // A: advice from the omgevingsdienst (14 days), granted on day 21.
    op(&app, date!(2026 - 10 - 06));
    stap(&app, a, &ambtenaar, json!({ "soort": "advies_gevraagd", "adviseur": "Omgevingsdienst", "vraag": "Geluid?" }))
        .await;
    stap(
        &app,
        &zaken[3],
        &ambtenaar,
        json!({ "soort": "advies_gevraagd", "adviseur": "Veiligheidsregio", "vraag": "Brand?" }),
    )
    .await;
    // B: information asked on the 7th, supplied on the 14th: 7 days suspended.
    op(&app, date!(2026 - 10 - 07));
    let vraag = json!({ "soort": "aanvulling_gevraagd", "vraag": "Stuur een tekening van de gevel.", "documenten": ["Tekening gevel"], "uiterlijk": "2026-10-21" });
    stap(&app, b, &ambtenaar, vraag).await;
    op(&app, date!(2026 - 10 - 14));
    stap(&app, b, &jan, json!({ "soort": "aangevuld", "toelichting": "Hierbij.", "documenten": [] })).await;
    op(&app, date!(2026 - 10 - 20));
    stap(
        &app,
        a,
        &ambtenaar,
        json!({ "soort": "advies_ontvangen", "adviseur": "Omgevingsdienst", "advies": "Akkoord." }),
    )
    .await;
    op(&app, date!(2026 - 10 - 26));
    besluit(&app, a, &ambtenaar, "verleend").await;
    // B: refused on 20 November, in time.
    op(&app, date!(2026 - 11 - 20));
    besluit(&app, b, &ambtenaar, "geweigerd").await;
    // C: granted on 15 December, after its term (30 November); made known, and a neighbour objects.
    op(&app, date!(2026 - 12 - 15));
    besluit(&app, c, &ambtenaar, "verleend").await;
    stap(&app, c, &ambtenaar, json!({ "soort": "bekendgemaakt", "datum": "2026-12-15" })).await;
    op(&app, date!(2026 - 12 - 21));
    let gronden = json!({ "gronden": "Het neemt mijn licht weg.", "gehoordWorden": false, "adres": "Dorpsstraat 14" });
    ok(&app, "POST", &format!("/api/v1/zaken/{c}/bezwaren"), &buur, gronden).await;
    // A help request ("Ik snap het niet") on the check's outcome for the schuur, with an address in the page's query.
    let van =
        format!("/vergunningcheck/uitkomst?activiteit={}&adres=Dorpsstraat%2014", common::gemeentestad::BIJGEBOUW);
    let mut hulp = Browser::new(&app);
    let verstuurd = hulp
        .post_form(
            "/hulp",
            &[
                ("van", &van),
                ("naam", "Jan Geheimnaam"),
                ("vraag", "Wat is een bijbehorend bouwwerk?"),
                ("contact", "email"),
                ("email", "jan@geheim.example"),
            ],
        )
        .await;
    assert_eq!(verstuurd.status, 303, "{}", verstuurd.body);
    // D stays open, past its term.
    op(&app, date!(2027 - 01 - 10));
    Some(Wereld { app, jan, buur, ambtenaar, bestuur, zaken })
}

fn q4(pad: &str) -> String {
    format!("{pad}?van=2026-10-01&tot=2027-01-01")
}

#[tokio::test]
async fn every_figure_of_the_quarter_equals_a_count_made_from_the_case_histories() {
    let Some(w) = wereld().await else { return };
    let app = &w.app;
    // Counted here, from what the case API shows: receipt, decision, term, events.
    let (van, tot) = (date!(2026 - 10 - 01), date!(2027 - 01 - 01));
    let mut ontvangen = 0;
    let (mut besloten, mut binnen, mut laat, mut open_over) = (0, 0, 0, 0);
    let (mut dagen, mut uitkomsten, mut bezwaren, mut opgeschort) = (vec![], Vec::<String>::new(), 0, 0);
    let mut advies: Vec<(String, Date, Option<Date>)> = vec![];
    for z in &w.zaken {
        let v = ok(app, "GET", &format!("/api/v1/zaken/{z}"), &w.ambtenaar, json!(null)).await;
        let ingediend = datum(&v["ingediend"]).unwrap();
        let termijn = datum(&v["termijn"]["uitersteBeslisdatum"]).unwrap();
        ontvangen += u64::from(ingediend >= van && ingediend < tot);
        let gebeurtenissen = v["gebeurtenissen"].as_array().unwrap();
        let soort = |s: &'static str| gebeurtenissen.iter().filter(move |g| g["soort"] == s);
        let dag = |g: &Value| datum(&json!(g["op"].as_str().unwrap()[..10])).unwrap();
        for g in soort("advies_gevraagd") {
            advies.push((g["adviseur"].as_str().unwrap().into(), dag(g), None));
        }
        for g in soort("advies_ontvangen") {
            let a = advies.iter_mut().find(|a| a.0 == g["adviseur"] && a.2.is_none()).unwrap();
            a.2 = Some(dag(g));
        }
        match datum(&v["besluit"]["datum"]) {
            Some(b) if b >= van && b < tot => {
                besloten += 1;
                binnen += u64::from(b <= termijn);
                laat += u64::from(b > termijn);
                dagen.push((b - ingediend).whole_days());
                uitkomsten.push(v["besluit"]["besluit"]["uitkomst"].as_str().unwrap().into());
                bezwaren += soort("bezwaar_ontvangen").count() as u64;
                opgeschort += u64::from(soort("aanvulling_gevraagd").count() > 0);
            }
            Some(_) => {}
            None => open_over += u64::from(termijn < date!(2026 - 12 - 31)),
        }
    }
    let tel = |u: &str| uitkomsten.iter().filter(|x| *x == u).count() as u64;
    let k = ok(app, "GET", &q4("/api/v1/rapportage/kpi"), &w.ambtenaar, json!(null)).await;
    assert_eq!(k["ontvangen"], ontvangen, "{k}");
    assert_eq!(k["besloten"], besloten);
    assert_eq!(k["binnenTermijn"], binnen);
    assert_eq!(k["vanRechtswege"], laat, "one decision came after its term");
    assert_eq!(k["openOverTermijn"], open_over, "one case ran over its term without a decision");
    let pct = (binnen as f64 * 1000.0 / besloten as f64).round() / 10.0;
    assert_eq!(k["binnenTermijnPct"], pct);
    assert_eq!(k["doorlooptijdDagen"]["mediaan"], json!(rang(dagen.clone(), 0.5)));
    assert_eq!(k["doorlooptijdDagen"]["p90"], json!(rang(dagen.clone(), 0.9)));
    assert_eq!(k["uitkomsten"]["verleend"], tel("verleend"));
    assert_eq!(k["uitkomsten"]["geweigerd"], tel("geweigerd"));
    assert_eq!(k["uitkomsten"]["nietVereist"], tel("niet_vereist"));
    assert_eq!(k["bezwaren"]["ontvangen"], bezwaren);
    assert_eq!(k["opgeschort"], opgeschort);
    assert_eq!(k["opschortingDagenMediaan"], 7, "information asked on the 7th, supplied on the 14th");
    // The known story, so the independent count above counted something.
    assert_eq!((ontvangen, besloten, binnen, laat, open_over, bezwaren), (4, 3, 2, 1, 1, 1));
    for (adviseur, gevraagd, binnen) in [("Omgevingsdienst", 1, Some(14)), ("Veiligheidsregio", 1, None)] {
        let p = k["ketenpartners"].as_array().unwrap().iter().find(|p| p["adviseur"] == adviseur).unwrap();
        let a = advies.iter().find(|a| a.0 == adviseur).unwrap();
        assert_eq!(p["gevraagd"], gevraagd, "{p}");
        assert_eq!(p["doorlooptijdDagen"]["mediaan"], json!(a.2.map(|o| (o - a.1).whole_days())), "{p}");
        assert_eq!(p["doorlooptijdDagen"]["mediaan"], json!(binnen));
        assert_eq!(p["open"], u64::from(a.2.is_none()));
    }
    let per = k["perProcedure"].as_array().unwrap();
    assert_eq!(per.iter().map(|g| g["besloten"].as_u64().unwrap()).sum::<u64>(), besloten);
    let druk = &k["regeldruk"][0];
    assert_eq!((druk["aanvragen"].as_u64(), druk["weigeringen"].as_u64()), (Some(4), Some(1)), "{druk}");
    // The help request counts on its page (without the query: the address is the asker's) and on its activity.
    assert_eq!(k["hulpvragen"], json!([{ "pagina": "/vergunningcheck/uitkomst", "aantal": 1 }]));
    assert_eq!(druk["hulpvragen"], 1, "{druk}");
    assert_eq!(k["trend"].as_array().unwrap().len(), 5);
    assert_eq!(k["trend"][4]["periode"], "2026-Q4");
    assert!(k["uitleg"].as_array().unwrap().iter().any(|u| u["figuur"] == "vanRechtswege"));

    // The same through filters: a team nobody has is empty; the activity group of the schuur is all of it.
    let leeg = ok(app, "GET", &(q4("/api/v1/rapportage/kpi") + "&team=Niemand"), &w.ambtenaar, json!(null)).await;
    assert_eq!((leeg["ontvangen"].as_u64(), leeg["besloten"].as_u64()), (Some(0), Some(0)));
    // The cases behind a figure: the one decided late.
    let achter =
        ok(app, "GET", &(q4("/api/v1/rapportage/kpi/zaken") + "&figuur=vanRechtswege"), &w.ambtenaar, json!(null))
            .await;
    assert_eq!(achter["zaken"].as_array().unwrap().len(), 1);
    assert_eq!(achter["zaken"][0]["id"], w.zaken[2]);
    // The board reads it too; a quarter that cannot be read is refused.
    let b = ok(app, "GET", &q4("/api/v1/rapportage/kpi"), &w.bestuur, json!(null)).await;
    assert_eq!(b["besloten"], k["besloten"]);
    let fout = api(app, "GET", "/api/v1/rapportage/kpi?periode=2026-Q9", Some(&w.ambtenaar), None).await;
    assert_eq!(fout.status, 400, "{}", fout.body);
}

#[tokio::test]
async fn applicants_and_neighbours_are_refused_the_reports_and_their_pages() {
    let Some(w) = wereld().await else { return };
    let app = &w.app;
    for wie in [&w.jan, &w.buur] {
        for pad in [
            "/api/v1/rapportage/kpi",
            "/api/v1/rapportage/bezetting",
            "/api/v1/rapportage/raad.pdf?kwartaal=2026-Q4",
            "/api/v1/rapportage/export.csv",
            "/api/v1/rapportage/vergelijking",
        ] {
            let a = api(app, "GET", pad, Some(wie), None).await;
            assert_eq!(a.status, 403, "{pad}: {}", a.body);
        }
        let mut b = Browser::als(app, wie);
        for pad in [
            "/backoffice/rapportage",
            "/backoffice/bezetting",
            "/backoffice/vergelijken",
            "/backoffice/rapportage/zaken?figuur=besloten",
        ] {
            assert_eq!(b.get(pad).await.status, 403, "{pad}");
        }
    }
    assert_eq!(api(app, "GET", "/api/v1/rapportage/kpi", None, None).await.status, 401);
    for wie in [&w.ambtenaar, &w.bestuur] {
        let mut b = Browser::als(app, wie);
        for pad in [
            "/backoffice/rapportage?periode=2026-Q4",
            "/backoffice/bezetting",
            "/backoffice/vergelijken?kwartaal=2026-Q4",
            "/backoffice/rapportage/zaken?figuur=vanRechtswege&van=2026-10-01&tot=2027-01-01",
        ] {
            let a = b.get(pad).await;
            assert_eq!(a.status, 200, "{pad}: {}", a.body);
        }
    }
    // The page has a chart with a description and the table behind it, and links to the cases behind a figure.
    let mut b = Browser::als(app, &w.bestuur);
    let html = b.get("/backoffice/rapportage?periode=2026-Q4").await.body;
    assert!(
        html.contains("role=\"img\"") && html.contains("<desc id=\"g-uitkomsten-d\">Verleend: 2 besluiten"),
        "{html}"
    );
    assert!(html.contains("/backoffice/rapportage/zaken?figuur=vanRechtswege"), "{html}");
    let zaken = b.get("/backoffice/rapportage/zaken?figuur=vanRechtswege&van=2026-10-01&tot=2027-01-01").await.body;
    assert!(zaken.contains(&format!("/backoffice/zaken/{}", w.zaken[2])), "{zaken}");
}

#[tokio::test]
async fn the_csv_totals_equal_the_api_and_every_table_exports() {
    let Some(w) = wereld().await else { return };
    let app = &w.app;
    let k = ok(app, "GET", &q4("/api/v1/rapportage/kpi"), &w.ambtenaar, json!(null)).await;
    let (status, csv) = bytes(app, &q4("/api/v1/rapportage/export.csv"), &w.ambtenaar).await;
    assert_eq!(status, 200);
    let csv = String::from_utf8(csv).unwrap();
    let waarde = |f: &str| {
        csv.lines().find(|l| l.starts_with(&format!("{f};"))).map(|l| l.rsplit(';').next().unwrap().to_string())
    };
    for f in ["ontvangen", "besloten", "binnenTermijn", "vanRechtswege", "openOverTermijn"] {
        assert_eq!(waarde(f).unwrap(), k[f].to_string(), "{f}: {csv}");
    }
    assert_eq!(waarde("doorlooptijdMediaan").unwrap(), k["doorlooptijdDagen"]["mediaan"].to_string());
    assert_eq!(waarde("bezwaren").unwrap(), k["bezwaren"]["ontvangen"].to_string());
    // A table of groups ends in a total row that equals the API's count.
    let (_, procedure) = bytes(app, &(q4("/api/v1/rapportage/export.csv") + "&tabel=procedure"), &w.ambtenaar).await;
    let procedure = String::from_utf8(procedure).unwrap();
    let totaal = procedure.lines().last().unwrap();
    assert_eq!(totaal.split(';').nth(1).unwrap(), k["besloten"].to_string(), "{procedure}");
    let (_, partners) = bytes(app, &(q4("/api/v1/rapportage/export.csv") + "&tabel=ketenpartners"), &w.ambtenaar).await;
    let partners = String::from_utf8(partners).unwrap();
    assert!(partners.lines().last().unwrap().starts_with("totaal;2;1;1"), "{partners}");
    for t in stip_app::rapportage::TABELLEN {
        let (s, _) = bytes(app, &(q4("/api/v1/rapportage/export.csv") + "&tabel=" + t), &w.ambtenaar).await;
        assert_eq!(s, 200, "{t}");
    }
    let fout = api(app, "GET", "/api/v1/rapportage/export.csv?tabel=namen", Some(&w.ambtenaar), None).await;
    assert_eq!(fout.status, 400);
}

#[tokio::test]
async fn the_open_data_holds_no_name_or_email_and_another_municipality_imports_it_to_compare() {
    let Some(w) = wereld().await else { return };
    let app = &w.app;
    let a = api(app, "GET", "/api/v1/open-data/kpi.json?kwartaal=2026-Q4", None, None).await;
    assert_eq!(a.status, 200, "{}", a.body);
    for geheim in ["Geheimnaam", "geheim.example", "Sahin", "Ambtenaar", "@", "Z-2026", "Dorpsstraat", &w.zaken[0]] {
        assert!(!a.body.contains(geheim), "{geheim} leaks into the open data: {}", a.body);
    }
    let set = a.json();
    assert_eq!((set["schema"].as_str(), set["besloten"].as_u64()), (Some("stip-kpi/1"), Some(3)));
    // Another municipality's set, imported: the same schema, a different name.
    let mut buren = set.clone();
    buren["gemeente"] = json!("gm0001");
    buren["naam"] = json!("Gemeente Buurdorp");
    buren["binnenTermijnPct"] = json!(91.5);
    let ingelezen = ok(app, "POST", "/api/v1/rapportage/vergelijking", &w.ambtenaar, buren).await;
    assert_eq!(ingelezen["naam"], "Gemeente Buurdorp");
    let v = ok(app, "GET", "/api/v1/rapportage/vergelijking?kwartaal=2026-Q4", &w.bestuur, json!(null)).await;
    let namen: Vec<&str> = v["sets"].as_array().unwrap().iter().map(|s| s["naam"].as_str().unwrap()).collect();
    assert_eq!(namen, ["Gemeente Gemeentestad", "Gemeente Buurdorp"]);
    let fout =
        api(app, "POST", "/api/v1/rapportage/vergelijking", Some(&w.ambtenaar), Some(json!({ "schema": "iets" })))
            .await;
    assert_eq!(fout.status, 400, "{}", fout.body);
    // The page shows both side by side.
    let html = Browser::als(app, &w.bestuur).get("/backoffice/vergelijken?kwartaal=2026-Q4").await.body;
    assert!(html.contains("Gemeente Buurdorp") && html.contains("91.5"), "{html}");
}

#[tokio::test]
async fn the_capacity_view_splits_open_work_by_deadline_risk_and_prints_the_forecast_and_its_error() {
    let Some(w) = wereld().await else { return };
    let app = &w.app;
    let b = ok(app, "GET", "/api/v1/rapportage/bezetting", &w.ambtenaar, json!(null)).await;
    assert_eq!(b["open"], 1, "{b}");
    let team = &b["perTeam"][0];
    assert_eq!((team["open"].as_u64(), team["verlopen"].as_u64()), (Some(1), Some(1)), "{team}");
    assert_eq!(team["normuren"], 6.0, "one regular case at the default 6 hours");
    assert_eq!(b["voorspelling"]["waarden"].as_array().unwrap().len(), 8);
    println!(
        "forecast: {} (method {}), backtest error {} per week over {} weeks",
        b["voorspelling"]["waarden"],
        b["voorspelling"]["methode"],
        b["voorspelling"]["backtestMae"],
        b["voorspelling"]["backtestWeken"]
    );
    let html = Browser::als(app, &w.bestuur).get("/backoffice/bezetting").await.body;
    assert!(html.contains("id=\"backtest\""), "{html}");
}

fn pdf_tool(tool: &str, args: &[&str], pad: &std::path::Path) -> Option<String> {
    let na: &[&str] = if tool == "pdftotext" { &["-"] } else { &[] };
    match std::process::Command::new(tool).args(args).arg(pad).args(na).output() {
        Ok(o) if o.status.success() => Some(String::from_utf8_lossy(&o.stdout).into_owned()),
        Ok(o) => panic!("{tool} failed: {}", String::from_utf8_lossy(&o.stderr)),
        Err(_) if std::env::var("STIP_REQUIRE_FIXTURES").as_deref() == Ok("1") => panic!("{tool} is needed"),
        Err(_) => None,
    }
}

#[tokio::test]
async fn the_council_pdf_carries_the_figures_in_plain_dutch_and_passes_the_pdf_a_and_font_checks() {
    let Some(w) = wereld().await else { return };
    let app = &w.app;
    let k = ok(app, "GET", &q4("/api/v1/rapportage/kpi"), &w.bestuur, json!(null)).await;
    let (status, pdf) = bytes(app, "/api/v1/rapportage/raad.pdf?kwartaal=2026-Q4", &w.bestuur).await;
    assert_eq!(status, 200);
    assert!(pdf.starts_with(b"%PDF-1.7"));
    let pad = std::env::temp_dir().join(format!("stip-raad-{}.pdf", std::process::id()));
    std::fs::write(&pad, &pdf).unwrap();
    let Some(tekst) = pdf_tool("pdftotext", &[], &pad) else { return };
    let tekst = tekst.split_whitespace().collect::<Vec<_>>().join(" ");
    for zin in [
        format!("Er kwamen {} aanvragen binnen. De gemeente nam {} besluiten.", k["ontvangen"], k["besloten"]),
        format!(
            "{} besluiten waren op tijd: {:.1} procent.",
            k["binnenTermijn"],
            k["binnenTermijnPct"].as_f64().unwrap()
        ),
        format!("{} besluiten kwamen te laat.", k["vanRechtswege"]),
        format!(
            "De helft van de aanvragen was binnen {} dagen klaar; 9 van de 10 binnen {} dagen.",
            k["doorlooptijdDagen"]["mediaan"], k["doorlooptijdDagen"]["p90"]
        ),
        format!("Er kwamen {} bezwaren.", k["bezwaren"]["ontvangen"]),
        "Omgevingsdienst".to_string(),
        "Raadsrapportage 2026-Q4".to_string(),
    ] {
        assert!(tekst.contains(&zin), "{zin} not in the PDF: {tekst}");
    }
    // Fonts embedded and subsetted with a Unicode map; the file is clean and identifies as PDF/A-2.
    let fonts = pdf_tool("pdffonts", &[], &pad).unwrap();
    for r in fonts.lines().skip(2) {
        let r: Vec<&str> = r.split_whitespace().collect();
        let n = r.len();
        assert_eq!(&r[n - 5..n - 2], ["yes", "yes", "yes"], "emb, sub, uni:\n{fonts}");
    }
    let check = pdf_tool("qpdf", &["--check"], &pad).unwrap();
    assert!(check.contains("No syntax or stream encoding errors found"), "{check}");
    let json: Value = serde_json::from_str(&pdf_tool("qpdf", &["--json"], &pad).unwrap()).unwrap();
    let objecten = &json["qpdf"][1];
    let trailer = &objecten["trailer"]["value"];
    let root = trailer["/Root"].as_str().unwrap();
    let meta = objecten[format!("obj:{root}")]["value"]["/Metadata"].as_str().unwrap();
    let nummer = meta.split(' ').next().unwrap();
    let xmp = pdf_tool("qpdf", &[&format!("--show-object={nummer}"), "--filtered-stream-data"], &pad).unwrap();
    assert!(xmp.contains("<pdfaid:part>2</pdfaid:part>"), "{xmp}");
    let _ = std::fs::remove_file(&pad);
}
