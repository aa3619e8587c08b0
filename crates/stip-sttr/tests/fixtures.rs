//! Behaviour on the real DSO fixtures: import, the interactive check, explanations, action list.

mod common;
use common::{BIJGEBOUW, KAPPEN, fixtures_or_skip};
use serde_json::json;
use std::collections::BTreeMap;
use stip_sttr::{CheckRequest, CheckState, Conclusie, GeoAntwoord, Kind, OnbekendeKaart, VasteKaart, step};

fn ask(c: &stip_sttr::Catalog, acts: &[&str], answers: &[(&str, serde_json::Value)]) -> CheckState {
    let req = CheckRequest {
        activiteiten: acts.iter().map(|s| s.to_string()).collect(),
        antwoorden: answers.iter().map(|(k, v)| (k.to_string(), v.clone())).collect(),
        locatie: None,
        geo: &OnbekendeKaart,
    };
    step(c, &req).unwrap_or_else(|e| panic!("{e}"))
}

fn vraag(s: &CheckState) -> &stip_sttr::Vraag {
    match s {
        CheckState::Vraag { vraag } => vraag,
        other => panic!("expected a vraag, got {other:?}"),
    }
}

fn conclusie(s: &CheckState) -> Conclusie {
    match s {
        CheckState::Conclusie { conclusies, .. } => conclusies[0].conclusie,
        other => panic!("expected a conclusie, got {other:?}"),
    }
}

#[test]
fn every_fixture_file_imports() {
    let dir = fixtures_or_skip!();
    for (n, b) in common::dmn_files(&dir) {
        let models = stip_sttr::import_dmn(&n, &b).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(models.len(), 1, "{n}");
        assert!(!models[0].decisions.is_empty(), "{n} has decisions");
        assert!(models[0].koppelingen().count() >= 1, "{n} links a decision to an activity");
    }
    for (n, b) in common::zip_files(&dir) {
        let lev = stip_sttr::import_zip(&n, &b).unwrap_or_else(|e| panic!("{e}"));
        assert!(!lev.models.is_empty() || !lev.activiteiten.is_empty(), "{n}");
        assert_eq!(stip_sttr::detect(&n, &b), Some(Kind::Levering), "{n}");
    }
    let json = common::read(&dir, "gemeentestad/toepasbareRegels/extracted/nl.imow-gm0297.activiteit.2019000800.json");
    let a = stip_sttr::import_activiteit_json("nl.imow-gm0297.activiteit.2019000800.json", &json).unwrap();
    assert_eq!(a.id, BIJGEBOUW);
    assert_eq!(a.werkzaamheden, vec!["AanbouwBouwenVerbouwen".to_string()]);
}

#[test]
fn detect_tells_sttr_from_other_files() {
    let dir = fixtures_or_skip!();
    let d = |rel: &str| stip_sttr::detect(rel, &common::read(&dir, rel));
    assert_eq!(d("amsterdam-vergunningcheck/geo.dmn"), Some(Kind::Dmn));
    assert_eq!(
        d("gemeentestad/toepasbareRegels/extracted/nl.imow-gm0297.activiteit.2019000810.json"),
        Some(Kind::ActiviteitJson)
    );
    assert_eq!(d("bag-brk/bag-doesburg-0221/0221PND15092020-all-panden.zip"), None);
    assert_eq!(d("gemeentestad/opdracht/Bouwhoogte.gml"), None);
    assert_eq!(d("gemeentestad/toepasbareRegels/extracted/example-manifest.xml"), None);
    assert_eq!(d("vng-regels-bij-activiteiten/berichten/activiteiten.json"), None);
}

#[test]
fn a_bijgebouw_below_20_m2_is_toestemmingsvrij_and_from_30_m2_needs_a_vergunning() {
    let dir = fixtures_or_skip!();
    let c = common::catalog(&dir);
    let first = ask(&c, &[BIJGEBOUW], &[]);
    let q = vraag(&first);
    assert_eq!(q.tekst, "Wat is de oppervlakte van het bijgebouw?");
    assert_eq!(q.type_, "number");
    assert_eq!(q.eenheid.as_deref(), Some("m²"));
    for (area, expected) in [
        (19.99, Conclusie::Toestemmingsvrij),
        (20.0, Conclusie::Meldingsplicht),
        (29.99, Conclusie::Meldingsplicht),
        (30.0, Conclusie::Vergunningplicht),
    ] {
        let s = ask(&c, &[BIJGEBOUW], &[(&q.id, json!(area))]);
        assert_eq!(conclusie(&s), expected, "{area} m²");
    }
}

#[test]
fn the_explanation_says_which_area_would_change_the_outcome() {
    let dir = fixtures_or_skip!();
    let c = common::catalog(&dir);
    let id = vraag(&ask(&c, &[BIJGEBOUW], &[])).id.clone();
    let CheckState::Conclusie { conclusies, actielijst, .. } = ask(&c, &[BIJGEBOUW], &[(&id, json!(25))]) else {
        panic!()
    };
    let texts: Vec<&str> = conclusies[0].uitleg.als_anders.iter().map(|a| a.tekst.as_str()).collect();
    assert_eq!(
        texts,
        vec![
            "Kleiner dan 20 m²? Dan hebt u geen vergunning of melding nodig.",
            "30 m² of meer? Dan hebt u een omgevingsvergunning nodig."
        ]
    );
    assert_eq!(conclusies[0].uitleg.beslissingen[0].regels[0].invoer[0].test, "[20..30)");
    assert_eq!(actielijst[0].actie, "melden");
}

#[test]
fn a_thin_tree_is_toestemmingsvrij_without_further_questions() {
    let dir = fixtures_or_skip!();
    let c = common::catalog(&dir);
    let q = vraag(&ask(&c, &[KAPPEN], &[])).clone();
    assert_eq!(q.tekst, "Wat is de stamomtrek van de boom?");
    assert_eq!(conclusie(&ask(&c, &[KAPPEN], &[(&q.id, json!(40))])), Conclusie::Toestemmingsvrij);
}

#[test]
fn a_visible_thick_tree_without_exemption_needs_a_vergunning_with_a_situatieschets() {
    let dir = fixtures_or_skip!();
    let c = common::catalog(&dir);
    let mut answers: Vec<(String, serde_json::Value)> = Vec::new();
    let script = [
        ("Wat is de stamomtrek van de boom?", json!(80)),
        ("Is de boom zichtbaar vanaf openbaar toegankelijk gebied?", json!(true)),
        ("Wordt de boom gekapt op grond van de Plantenziektenwet?", json!(false)),
        (
            "Wordt de boom gekapt vanwege een aanschrijving op grond van artikel PM van de Algemene plaatselijke verordening?",
            json!(false),
        ),
    ];
    for (tekst, a) in script {
        let refs: Vec<(&str, serde_json::Value)> = answers.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        let s = ask(&c, &[KAPPEN], &refs);
        let q = vraag(&s);
        assert_eq!(q.tekst, tekst);
        answers.push((q.id.clone(), a));
    }
    let refs: Vec<(&str, serde_json::Value)> = answers.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    let CheckState::Conclusie { conclusies, actielijst, .. } = ask(&c, &[KAPPEN], &refs) else { panic!() };
    assert_eq!(conclusies[0].conclusie, Conclusie::Vergunningplicht);
    let iv = actielijst[0].indieningsvereisten.as_ref().expect("indieningsvereisten for the vergunning");
    assert_eq!(iv.documenten[0].soort, "Situatieschets");
    assert!(iv.gegevens.iter().any(|g| g.vraag == "Wat is de reden voor het kappen van de boom?"));
    insta::assert_json_snapshot!("kappen_boom_vergunningplicht", ask(&c, &[KAPPEN], &refs));
}

#[test]
fn the_map_answers_a_location_question_and_the_user_is_asked_when_it_cannot() {
    let dir = fixtures_or_skip!();
    let c = common::catalog(&dir);
    let act = "nl.imow-gm0363.activiteit.2";
    // unknown map: the geoVerwijzing question is asked first (prioriteit 10)
    let q = vraag(&ask(&c, &[act], &[])).clone();
    assert_eq!(q.type_, "geoVerwijzing");
    assert_eq!(q.opties.len(), 3);
    // a map that knows: inside the area means Vergunningplicht without any question
    let kaart = VasteKaart(BTreeMap::from([("nl.imow-gm0363.gebied.4".to_string(), GeoAntwoord::Ja)]));
    let req = CheckRequest { activiteiten: vec![act.into()], antwoorden: BTreeMap::new(), locatie: None, geo: &kaart };
    let s = step(&c, &req).unwrap();
    assert_eq!(conclusie(&s), Conclusie::Vergunningplicht);
    let CheckState::Conclusie { conclusies, .. } = s else { panic!() };
    assert_eq!(conclusies[0].uitleg.antwoorden[0].bron, "kaart");
}

#[test]
fn a_list_question_offers_its_options_and_refuses_others() {
    let dir = fixtures_or_skip!();
    let c = common::catalog(&dir);
    let act = "nl.imow-gm0983.activiteit.MD2i221";
    let q1 = vraag(&ask(&c, &[act], &[])).clone();
    assert_eq!(q1.tekst, "Staat de boom in een tuin of op een erf?");
    // outside a garden every tree needs a vergunning: no more questions
    assert_eq!(conclusie(&ask(&c, &[act], &[(&q1.id, json!(false))])), Conclusie::Vergunningplicht);
    let qb = vraag(&ask(&c, &[act], &[(&q1.id, json!(true))])).clone();
    assert_eq!(qb.tekst, "Is het een beschermde boom?");
    // an unprotected tree in a garden: free, the tree plan does not matter
    assert_eq!(
        conclusie(&ask(&c, &[act], &[(&q1.id, json!(true)), (&qb.id, json!(false))])),
        Conclusie::Toestemmingsvrij
    );
    let q2 = vraag(&ask(&c, &[act], &[(&q1.id, json!(true)), (&qb.id, json!(true))])).clone();
    assert_eq!(q2.tekst, "Wat wilt u gaan doen met de boom?");
    assert_eq!(q2.type_, "list");
    assert_eq!(q2.opties[0].waarde, "Kappen");
    let req = CheckRequest {
        activiteiten: vec![act.into()],
        antwoorden: BTreeMap::from([
            (q1.id.clone(), json!(true)),
            (qb.id.clone(), json!(true)),
            (q2.id.clone(), json!("Omzagen")),
        ]),
        locatie: None,
        geo: &OnbekendeKaart,
    };
    let err = step(&c, &req).unwrap_err();
    let stip_sttr::CheckError::OngeldigeAntwoorden(f) = &err else { panic!("{err}") };
    assert_eq!(f[0].code, "onbekende-optie");
    assert_eq!(f[0].vraag, q2.id);
}

#[test]
fn a_conclusion_carries_its_conclusie_toelichting() {
    let dir = fixtures_or_skip!();
    let c = common::catalog(&dir);
    let act = "nl.imow-gm0363.activiteit.4";
    let q1 = vraag(&ask(&c, &[act], &[])).clone();
    let q2 = vraag(&ask(&c, &[act], &[(&q1.id, json!(false))])).clone();
    let s = ask(&c, &[act], &[(&q1.id, json!(false)), (&q2.id, json!(true))]);
    let CheckState::Conclusie { conclusies, .. } = &s else { panic!() };
    assert_eq!(conclusies[0].conclusie, Conclusie::Vergunningplicht);
    assert_eq!(conclusies[0].uitleg.conclusie_toelichting.as_deref(), Some("Uitleg bij Vergunningplicht."));
    insta::assert_json_snapshot!("dakkapel_monument_vergunningplicht", s);
}

#[test]
fn several_activities_are_ordered_with_the_strictest_first() {
    let dir = fixtures_or_skip!();
    let c = common::catalog(&dir);
    let qb = vraag(&ask(&c, &[BIJGEBOUW], &[])).id.clone();
    let qk = vraag(&ask(&c, &[KAPPEN], &[])).id.clone();
    let s = ask(&c, &[KAPPEN, BIJGEBOUW], &[(&qb, json!(35)), (&qk, json!(10))]);
    let CheckState::Conclusie { conclusies, actielijst, .. } = &s else { panic!("{s:?}") };
    assert_eq!(conclusies[0].activiteit, BIJGEBOUW);
    assert_eq!(conclusies[0].conclusie, Conclusie::Vergunningplicht);
    assert_eq!(conclusies[1].conclusie, Conclusie::Toestemmingsvrij);
    assert_eq!(actielijst.iter().map(|a| a.actie).collect::<Vec<_>>(), vec!["aanvragen", "geenActie"]);
    insta::assert_json_snapshot!("bijgebouw_35_en_boom_10", s);
}

#[test]
fn the_catalog_lists_checkable_activities_with_names() {
    let dir = fixtures_or_skip!();
    let c = common::catalog(&dir);
    let list = c.activiteiten();
    let b = list.iter().find(|a| a.id == BIJGEBOUW).unwrap();
    assert!(b.checkbaar);
    assert_eq!(b.naam, "Bouwen van een bijgebouw");
    let k = list.iter().find(|a| a.id == KAPPEN).unwrap();
    assert_eq!(k.indieningsvereisten, vec!["Vergunning".to_string()]);
}

#[test]
fn related_activities_are_suggested_from_the_activity_tree() {
    let dir = fixtures_or_skip!();
    let mut c = common::catalog(&dir);
    c.add_activiteiten([
        stip_sttr::Activiteit {
            id: BIJGEBOUW.into(),
            naam: Some("bouwen van een bijgebouw".into()),
            groep: Some("BouwactiviteitRuimtelijk".into()),
            bovenliggende: Some("nl.imow-gm0297.activiteit.ActInOmgevingsplanGem".into()),
            ..Default::default()
        },
        stip_sttr::Activiteit {
            id: KAPPEN.into(),
            naam: Some("boom kappen".into()),
            groep: Some("Kapactiviteit".into()),
            bovenliggende: Some("nl.imow-gm0297.activiteit.ActInOmgevingsplanGem".into()),
            ..Default::default()
        },
    ]);
    let q = vraag(&ask(&c, &[BIJGEBOUW], &[])).id.clone();
    let CheckState::Conclusie { suggesties, conclusies, .. } = ask(&c, &[BIJGEBOUW], &[(&q, json!(10))]) else {
        panic!()
    };
    assert_eq!(conclusies[0].activiteit_naam, "bouwen van een bijgebouw");
    assert_eq!(suggesties[0].activiteit, KAPPEN);
    assert_eq!(suggesties[0].activiteit_naam, "boom kappen");
}

#[test]
fn the_activity_search_finds_checkable_activities_by_every_word_of_name_and_werkzaamheid() {
    let dir = fixtures_or_skip!();
    let c = common::catalog(&dir);
    let ids = |zoek: &str| c.zoek(zoek).into_iter().map(|a| a.id.clone()).collect::<Vec<_>>();
    assert!(ids("Boom KAPPEN").contains(&KAPPEN.to_string()));
    assert!(!ids("boom kappen").contains(&BIJGEBOUW.to_string()));
    assert!(ids("aanbouw").contains(&BIJGEBOUW.to_string()), "the werkzaamheid AanbouwBouwenVerbouwen matches");
    assert!(ids("boom bijgebouw").is_empty());
    let alle = ids("");
    assert_eq!(alle.len(), c.activiteiten().iter().filter(|a| a.checkbaar).count());
}

#[test]
fn a_question_text_is_found_by_its_id() {
    let dir = fixtures_or_skip!();
    let c = common::catalog(&dir);
    let v = vraag(&ask(&c, &[BIJGEBOUW], &[])).clone();
    assert_eq!(c.vraag_tekst(&v.id), Some((v.tekst.as_str(), v.eenheid.as_deref())));
    assert_eq!(c.vraag_tekst(&format!("{}x", v.id)), None);
    assert_eq!(c.vraag_tekst("herbruikbaar:bestaat-niet"), None);
}

#[test]
fn suggestions_are_the_five_closest_related_activities_by_name_over_a_generated_set() {
    use stip_sttr::synth::{SynthConfig, set};
    let s = set(&SynthConfig::national(0.01));
    let mut c = stip_sttr::Catalog::default();
    let lev = stip_sttr::import_bestanden(&s.dmn).unwrap();
    c.add_models(lev.models);
    let mut acts = stip_sttr::import_bestanden(&s.activiteiten).unwrap().activiteiten;
    // some activities in groups and under parents, so every relation occurs
    for (i, a) in acts.iter_mut().enumerate() {
        a.groep = (i % 3 == 0).then(|| format!("groep {}", i % 7));
        a.bovenliggende = (i % 4 == 0).then(|| s.activiteit_ids[i % 11].clone());
    }
    c.add_activiteiten(acts);
    // the expectation by brute force: rank every other checkable activity by its closest relation, then by name
    let rang = |k: &stip_sttr::Activiteit, g: &stip_sttr::Activiteit| -> Option<u8> {
        if k.werkzaamheden.iter().any(|w| g.werkzaamheden.contains(w)) {
            Some(0)
        } else if k.bovenliggende.as_deref() == Some(g.id.as_str()) || g.bovenliggende.as_deref() == Some(k.id.as_str())
        {
            Some(1)
        } else if k.groep.is_some() && k.groep == g.groep {
            Some(2)
        } else if k.bovenliggende.is_some() && k.bovenliggende == g.bovenliggende {
            Some(3)
        } else {
            None
        }
    };
    for (i, eerste) in s.activiteit_ids.iter().enumerate().step_by(13) {
        let gekozen = vec![eerste.clone(), s.activiteit_ids[(i * 7 + 3) % s.activiteit_ids.len()].clone()];
        let mut verwacht: Vec<(u8, String, String)> = c
            .activiteiten()
            .iter()
            .filter(|a| a.checkbaar && !gekozen.contains(&a.id))
            .filter_map(|a| {
                let k = c.activiteit(&a.id)?;
                let r = gekozen.iter().filter_map(|g| rang(k, c.activiteit(g)?)).min()?;
                Some((r, a.naam.clone(), a.id.clone()))
            })
            .collect();
        verwacht.sort();
        let verwacht: Vec<String> = verwacht.into_iter().take(5).map(|(_, _, id)| id).collect();
        let req = CheckRequest {
            activiteiten: gekozen.clone(),
            antwoorden: BTreeMap::new(),
            locatie: None,
            geo: &OnbekendeKaart,
        };
        // answer until the conclusion, always "no" / the smallest number / the first option
        let mut req = req;
        let suggesties = loop {
            match step(&c, &req).unwrap() {
                CheckState::Vraag { vraag } => {
                    let a = match vraag.type_ {
                        "boolean" => json!(false),
                        "number" => json!(1),
                        "geoVerwijzing" => json!("nee"),
                        _ => json!(vraag.opties[0].waarde),
                    };
                    req.antwoorden.insert(vraag.id, a);
                }
                CheckState::Conclusie { suggesties, .. } => break suggesties,
            }
        };
        let kregen: Vec<String> = suggesties.into_iter().map(|s| s.activiteit).collect();
        assert_eq!(kregen, verwacht, "suggestions for {gekozen:?}");
    }
}
