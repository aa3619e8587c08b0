//! The footer's "Ingelezen gegevens" and "Werkt stip op dit moment?" open pages for people (`/gegevens`, `/status`):
//! the datasets in words, with their municipality and dates, and the state of the service, each with its JSON for
//! developers behind a clearly labelled secondary link.

mod common;

use common::voorbeeldstad::voorbeeldstad;

/// The text of a page's `<main>`, tags removed and white space collapsed.
fn tekst(html: &str) -> String {
    let main = html.split("<main").nth(1).and_then(|m| m.split("</main>").next()).unwrap_or(html);
    let mut uit = String::new();
    let mut in_tag = false;
    for c in main.chars() {
        match c {
            '<' => {
                in_tag = true;
                uit.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => uit.push(c),
            _ => {}
        }
    }
    uit.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The rows of the page's table, each as its cells' text, without the import moment (it is the time of the test).
fn rijen(html: &str) -> Vec<String> {
    let tabel = html.split("<tbody").nth(1).unwrap_or_default().split("</tbody>").next().unwrap_or_default();
    tabel
        .split("<tr")
        .skip(1)
        .map(|rij| {
            let cellen: Vec<String> =
                rij.split("<t").skip(1).filter_map(|c| c.split_once('>').map(|(_, inhoud)| tekst(inhoud))).collect();
            cellen[..cellen.len().saturating_sub(1)].join(" | ")
        })
        .collect()
}

#[tokio::test]
async fn the_footer_opens_pages_for_people_not_raw_json() {
    let (app, _state) = voorbeeldstad().await;
    let home = app.get("/").await.body.replace("&#x2f;", "/");
    let voet = home.split("<footer").nth(1).unwrap();
    assert!(voet.contains(r#"href="/gegevens">Ingelezen gegevens</a>"#), "{voet}");
    assert!(voet.contains(r#"href="/status">Werkt stip op dit moment?</a>"#), "{voet}");
    assert!(!home.contains(r#"href="/api/v1/datasets""#) && !home.contains(r#"href="/health/ready""#), "{home}");
}

#[tokio::test]
async fn the_imported_data_page_names_each_dataset_its_kind_municipality_and_dates_in_words() {
    let (app, _state) = voorbeeldstad().await;
    let pagina = app.get("/gegevens").await;
    assert_eq!(pagina.status, 200);
    insta::assert_json_snapshot!(rijen(&pagina.body), @r#"
    [
      "Omgevingsplan | Omgevingsplan gemeente Voorbeeldstad | Gemeente Voorbeeldstad | 1 januari 2026",
      "Vragen van de vergunningcheck (toepasbare regels) | Conclusie Dakkapel plaatsen, Conclusie Boom kappen, Conclusie Bijbehorend bouwwerk bouwen | Gemeente Voorbeeldstad | Niet bekend",
      "Adressen en gebouwen (BAG) | Adressen en gebouwen (BAG) | Gemeente Voorbeeldstad | Niet bekend",
      "Percelen van het Kadaster (BRK) | Percelen van het Kadaster (BRK) | Gemeente Voorbeeldstad | Niet bekend",
      "Kosten van een aanvraag (leges) | Tarieventabel leges 2026 Gemeente Voorbeeldstad | Gemeente Voorbeeldstad | 2026"
    ]
    "#);
    let woorden = tekst(&pagina.body);
    let nu = stip_zaak::tijd::nederlands(stip_app::Klok::nu(&app.klok));
    assert!(woorden.contains(&stip_app::tekst::datum(nu.date(), false)), "when imported, in Dutch: {woorden}");
    for rauw in ["demo:", "gm9999", "/akn/", "nld@", "UTC", "regeling", "toepasbareregels"] {
        assert!(!woorden.contains(rauw), "no {rauw} where people read: {woorden}");
    }
    assert!(
        !woorden
            .chars()
            .collect::<Vec<_>>()
            .windows(3)
            .any(|w| w[0].is_ascii_digit() && w[1] == 'T' && w[2].is_ascii_digit()),
        "no timestamps"
    );
    let body = pagina.body.replace("&#x2f;", "/");
    assert!(
        body.contains(
            r#"Voor ontwikkelaars: <a class="utrecht-link" href="/api/v1/datasets">dezelfde lijst als JSON</a>"#
        ),
        "{body}"
    );

    let engels = app.get("/gegevens?lang=en").await;
    let woorden = tekst(&engels.body);
    assert!(woorden.contains("Environment plan (omgevingsplan)") && woorden.contains("1 January 2026"), "{woorden}");
    assert!(engels.body.contains(r#"lang="nl">Omgevingsplan gemeente Voorbeeldstad"#), "Dutch names marked as Dutch");
    assert!(engels.body.contains("For developers:"));
}

#[tokio::test]
async fn the_status_page_says_in_words_that_stip_works_the_database_answers_and_which_data_is_live() {
    let (app, _state) = voorbeeldstad().await;
    let pagina = app.get("/status").await;
    assert_eq!(pagina.status, 200);
    let woorden = tekst(&pagina.body);
    for zin in [
        "Ja, stip werkt.",
        "De database is bereikbaar.",
        "Omgevingsplan: 1",
        "Adressen en gebouwen (BAG): 1",
        "Kosten van een aanvraag (leges): 1",
        "Voor het laatst bijgewerkt op",
        "voorbeeldgegevens",
        "Voor ontwikkelaars: de technische status als JSON",
    ] {
        assert!(woorden.contains(zin), "the page says {zin}: {woorden}");
    }
    assert!(!woorden.contains('{') && !woorden.contains("sqlite") && !woorden.contains("UTC"), "{woorden}");
    assert!(pagina.body.replace("&#x2f;", "/").contains(r#"href="/health/ready""#));
    assert!(tekst(&app.get("/status?lang=en").await.body).contains("Yes, stip is working."));

    app.store.close().await;
    let weg = app.get("/status").await;
    assert_eq!(weg.status, 503, "{}", weg.body);
    assert!(tekst(&weg.body).contains("De database is nu niet bereikbaar."), "{}", weg.body);
}
