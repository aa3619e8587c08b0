//! Hostile and broken input: every problem is a clear error naming file, element and reason, never a panic.

use serde_json::json;
use std::collections::BTreeMap;
use std::io::Write;
use stip_sttr::{
    CheckError, CheckRequest, CheckState, Conclusie, GeoAntwoord, ImportError, OnbekendeKaart, VasteKaart, step,
};

/// A small STTR file in DMN 1.2 with STTR 3 (`v2.0`) extension namespaces.
fn dmn(inputs: &str, decisions: &str) -> String {
    format!(
        r##"<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/DMN/20180521/MODEL/"
  xmlns:uitv="http://toepasbare-regels.omgevingswet.overheid.nl/v2.0/Uitvoeringsregel"
  xmlns:inter="http://toepasbare-regels.omgevingswet.overheid.nl/v2.0/Interactieregel"
  xmlns:bedr="http://toepasbare-regels.omgevingswet.overheid.nl/v2.0/Bedrijfsregel"
  id="test-model" name="Conclusie Testactiviteit" namespace="urn:test">
  <extensionElements>
    <inter:regelgroepen><inter:regelgroep id="g1"><inter:naam>Test</inter:naam><inter:prioriteit>1</inter:prioriteit></inter:regelgroep></inter:regelgroepen>
    <uitv:uitvoeringsregels>
      <uitv:uitvoeringsregel id="u-opp"><uitv:regelgroepRef href="#g1"/><inter:prioriteit>10</inter:prioriteit>
        <uitv:vraag><uitv:gegevensType>number</uitv:gegevensType><uitv:vraagTekst>Hoe groot is de oppervlakte?</uitv:vraagTekst></uitv:vraag></uitv:uitvoeringsregel>
      <uitv:uitvoeringsregel id="u-soort"><uitv:regelgroepRef href="#g1"/><inter:prioriteit>20</inter:prioriteit>
        <uitv:vraag><uitv:gegevensType>list</uitv:gegevensType><uitv:vraagTekst>Welk soort?</uitv:vraagTekst>
          <uitv:opties><uitv:optie><uitv:sequenceId>1</uitv:sequenceId><uitv:optieText>A</uitv:optieText></uitv:optie>
          <uitv:optie><uitv:sequenceId>2</uitv:sequenceId><uitv:optieText>B</uitv:optieText></uitv:optie></uitv:opties></uitv:vraag></uitv:uitvoeringsregel>
      <uitv:uitvoeringsregel id="u-geo"><uitv:regelgroepRef href="#g1"/><inter:prioriteit>5</inter:prioriteit>
        <uitv:geoVerwijzing><uitv:locatie identificatie="gebied.1"/></uitv:geoVerwijzing></uitv:uitvoeringsregel>
    </uitv:uitvoeringsregels>
  </extensionElements>
  <inputData id="i-opp" name="oppervlakte m2"><extensionElements><uitv:uitvoeringsregelRef href="#u-opp"/></extensionElements><variable name="oppervlakte m2" typeRef="number"/></inputData>
  <inputData id="i-soort" name="soort"><extensionElements><uitv:uitvoeringsregelRef href="#u-soort"/></extensionElements><variable name="soort" typeRef="string"/></inputData>
  <inputData id="i-geo" name="in gebied"><extensionElements><uitv:uitvoeringsregelRef href="#u-geo"/></extensionElements><variable name="in gebied" typeRef="boolean"/></inputData>
  {inputs}
  {decisions}
</definitions>"##
    )
}

fn table(id: &str, name: &str, reqs: &str, inputs: &[&str], rules: &[(&[&str], &str)], extra: &str) -> String {
    let cols: String =
        inputs.iter().map(|i| format!("<input><inputExpression><text>{i}</text></inputExpression></input>")).collect();
    let rows: String = rules
        .iter()
        .enumerate()
        .map(|(n, (cells, out))| {
            let c: String = cells.iter().map(|t| format!("<inputEntry><text>{t}</text></inputEntry>")).collect();
            format!("<rule id=\"{id}-r{n}\">{c}<outputEntry><text>{out}</text></outputEntry></rule>")
        })
        .collect();
    format!(
        r#"<decision id="{id}" name="{name}"><extensionElements>{extra}</extensionElements><variable name="{name}" typeRef="string"/>{reqs}
<decisionTable hitPolicy="UNIQUE">{cols}<output/>{rows}</decisionTable></decision>"#
    )
}

const KOPPELING: &str =
    r##"<bedr:functioneleStructuurRef href="#urn:test/id/concept/Conclusienl.imow-gm9999.activiteit.test"/>"##;
const REQ_ALL: &str = r##"<informationRequirement><requiredInput href="#i-opp"/></informationRequirement><informationRequirement><requiredInput href="#i-soort"/></informationRequirement><informationRequirement><requiredInput href="#i-geo"/></informationRequirement>"##;

fn good_model() -> String {
    dmn(
        "",
        &table(
            "top",
            "Conclusie",
            REQ_ALL,
            &["in gebied", "oppervlakte m2", "soort"],
            &[
                (&["\"nee\"", "-", "-"], "\"Toestemmingsvrij\""),
                (&["\"ja\",\"deels\"", "&lt; 20", "\"A\""], "\"Meldingsplicht\""),
                (&["\"ja\",\"deels\"", "&lt; 20", "\"B\""], "\"Toestemmingsvrij\""),
                (&["\"ja\",\"deels\"", "&gt;= 20", "-"], "\"Vergunningplicht\""),
            ],
            KOPPELING,
        ),
    )
}

#[test]
fn invalid_xml_is_an_xml_error_naming_the_file() {
    let e = stip_sttr::import_dmn("kapot.dmn", b"<definitions><decision></definitions>").unwrap_err();
    assert!(matches!(&e, ImportError::Xml { file, .. } if file == "kapot.dmn"), "{e}");
}

#[test]
fn a_doctype_entity_bomb_is_refused() {
    let bomb = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>
<definitions xmlns="http://www.omg.org/spec/DMN/20151101/dmn.xsd">&lol2;</definitions>"#;
    let e = stip_sttr::import_dmn("bom.dmn", bomb.as_bytes()).unwrap_err();
    assert!(e.to_string().contains("DOCTYPE"), "{e}");
    assert!(e.to_string().starts_with("bom.dmn"), "{e}");
}

#[test]
fn an_undeclared_entity_is_refused() {
    let x = good_model().replace("Welk soort?", "Welk &soort;?");
    let e = stip_sttr::import_dmn("ent.dmn", x.as_bytes()).unwrap_err();
    assert!(e.to_string().contains("soort"), "{e}");
}

#[test]
fn a_non_dmn_document_is_refused() {
    let e = stip_sttr::import_dmn("plan.gml", b"<FeatureCollection/>").unwrap_err();
    assert!(matches!(e, ImportError::NotDmn { .. }), "{e}");
}

#[test]
fn an_unknown_feel_construct_names_file_decision_rule_and_text() {
    let x = good_model().replace("&lt; 20", "date(\"2020-01-01\")");
    let e = stip_sttr::import_dmn("feel.dmn", x.as_bytes()).unwrap_err();
    match &e {
        ImportError::Feel { file, decision, rule, text, .. } => {
            assert_eq!(file, "feel.dmn");
            assert!(decision.contains("top"), "{decision}");
            assert!(rule.contains("top-r1"), "{rule}");
            assert_eq!(text, "date(\"2020-01-01\")");
        }
        other => panic!("expected a FEEL error, got {other}"),
    }
}

#[test]
fn a_cell_nested_a_hundred_thousand_deep_is_a_feel_error_naming_file_decision_and_rule_not_a_crash() {
    let diep = format!("{}20{}", "(".repeat(100_000), ")".repeat(100_000));
    let x = good_model().replace("&lt; 20", &format!("&lt; {diep}"));
    let e = stip_sttr::import_dmn("diep.dmn", x.as_bytes()).unwrap_err();
    match &e {
        ImportError::Feel { file, decision, rule, reason, .. } => {
            assert_eq!(file, "diep.dmn");
            assert!(decision.contains("top"), "{decision}");
            assert!(rule.contains("top-r1"), "{rule}");
            assert!(reason.contains("te diep genest"), "{reason}");
        }
        other => panic!("expected a FEEL error, got {other}"),
    }
    let output = good_model()
        .replace("\"Meldingsplicht\"", &format!("{}\"Meldingsplicht\"{}", "[".repeat(100_000), "]".repeat(100_000)));
    let e = stip_sttr::import_dmn("lijst.dmn", output.as_bytes()).unwrap_err();
    assert!(matches!(&e, ImportError::Feel { reason, .. } if reason.contains("te diep genest")), "{e}");
}

#[test]
fn a_required_decision_cycle_names_the_decisions() {
    let a = table(
        "a",
        "Besluit A",
        r##"<informationRequirement><requiredDecision href="#b"/></informationRequirement>"##,
        &["Besluit B"],
        &[(&["-"], "\"x\"")],
        "",
    );
    let b = table(
        "b",
        "Besluit B",
        r##"<informationRequirement><requiredDecision href="#a"/></informationRequirement>"##,
        &["Besluit A"],
        &[(&["-"], "\"y\"")],
        "",
    );
    let e = stip_sttr::import_dmn("kring.dmn", dmn("", &format!("{a}{b}")).as_bytes()).unwrap_err();
    match &e {
        ImportError::Cycle { decisions, .. } => {
            assert!(
                decisions.contains(&"Besluit A".to_string()) && decisions.contains(&"Besluit B".to_string()),
                "{e}"
            );
        }
        other => panic!("expected a cycle error, got {other}"),
    }
}

#[test]
fn a_reference_to_a_missing_input_is_refused() {
    let x =
        good_model().replace(r##"<requiredInput href="#i-soort"/>"##, r##"<requiredInput href="#i-bestaat-niet"/>"##);
    let e = stip_sttr::import_dmn("ref.dmn", x.as_bytes()).unwrap_err();
    assert!(matches!(&e, ImportError::MissingReference { reference, .. } if reference == "#i-bestaat-niet"), "{e}");
    let y = good_model().replace("<text>soort</text>", "<text>soort van iets anders</text>");
    let e = stip_sttr::import_dmn("naam.dmn", y.as_bytes()).unwrap_err();
    assert!(matches!(&e, ImportError::Feel { text, .. } if text == "soort van iets anders"), "{e}");
}

fn zip_with(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (n, data) in entries {
            w.start_file(*n, opts).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap();
    }
    buf.into_inner()
}

#[test]
fn a_zip_bomb_is_refused() {
    let huge = vec![0u8; (stip_sttr::ZipLimits::STTR_LEVERING.max_entry_bytes + 1024) as usize];
    let z = zip_with(&[("Conclusie.dmn", huge)]);
    assert!(z.len() < 1024 * 1024, "compresses well: {}", z.len());
    let e = stip_sttr::import_zip("bom.zip", &z).unwrap_err();
    assert!(matches!(e, ImportError::ZipLimit { .. }), "{e}");
}

#[test]
fn a_zip_with_too_many_entries_is_refused() {
    let names: Vec<String> =
        (0..=stip_sttr::ZipLimits::STTR_LEVERING.max_entries).map(|i| format!("f{i}.txt")).collect();
    let entries: Vec<(&str, Vec<u8>)> = names.iter().map(|n| (n.as_str(), Vec::new())).collect();
    let e = stip_sttr::import_zip("veel.zip", &zip_with(&entries)).unwrap_err();
    assert!(matches!(e, ImportError::ZipLimit { .. }), "{e}");
}

#[test]
fn a_zip_without_sttr_content_is_not_sttr() {
    let z = zip_with(&[("readme.txt", b"hallo".to_vec())]);
    assert_eq!(stip_sttr::detect("x.zip", &z), None);
    assert!(matches!(stip_sttr::import_zip("x.zip", &z).unwrap_err(), ImportError::NoSttr { .. }));
    let z = zip_with(&[("Conclusie met spaties.dmn", good_model().into_bytes())]);
    assert_eq!(stip_sttr::detect("x.zip", &z), Some(stip_sttr::Kind::Levering));
    assert_eq!(stip_sttr::import_zip("x.zip", &z).unwrap().models.len(), 1);
}

fn catalog() -> stip_sttr::Catalog {
    let mut c = stip_sttr::Catalog::default();
    c.add_models(stip_sttr::import_dmn("test.dmn", good_model().as_bytes()).unwrap());
    c
}

#[test]
fn wrong_type_answers_give_one_message_per_question() {
    let c = catalog();
    let req = CheckRequest {
        activiteiten: vec!["nl.imow-gm9999.activiteit.test".into()],
        antwoorden: BTreeMap::from([
            ("test-model#u-opp".to_string(), json!("twintig")),
            ("test-model#u-soort".to_string(), json!("C")),
            ("test-model#u-geo".to_string(), json!(42)),
        ]),
        locatie: None,
        geo: &OnbekendeKaart,
    };
    let CheckError::OngeldigeAntwoorden(f) = step(&c, &req).unwrap_err() else { panic!() };
    let codes: BTreeMap<&str, &str> = f.iter().map(|x| (x.vraag.as_str(), x.code)).collect();
    assert_eq!(codes["test-model#u-opp"], "verwacht-getal");
    assert_eq!(codes["test-model#u-soort"], "onbekende-optie");
    assert_eq!(codes["test-model#u-geo"], "verwacht-ja-nee-deels");
    assert!(f.iter().all(|x| !x.melding.is_empty()));
}

#[test]
fn a_negative_area_is_refused() {
    let c = catalog();
    let req = CheckRequest {
        activiteiten: vec!["nl.imow-gm9999.activiteit.test".into()],
        antwoorden: BTreeMap::from([("test-model#u-opp".to_string(), json!(-3))]),
        locatie: None,
        geo: &OnbekendeKaart,
    };
    let CheckError::OngeldigeAntwoorden(f) = step(&c, &req).unwrap_err() else { panic!() };
    assert_eq!(f[0].code, "getal-te-klein");
    let json = serde_json::to_value(step(&c, &req).unwrap_err()).unwrap();
    assert_eq!(json["code"], "ongeldige-antwoorden");
}

#[test]
fn an_unknown_activity_is_an_error() {
    let c = catalog();
    let req = CheckRequest {
        activiteiten: vec!["bestaat.niet".into()],
        antwoorden: BTreeMap::new(),
        locatie: None,
        geo: &OnbekendeKaart,
    };
    assert_eq!(step(&c, &req).unwrap_err().code(), "onbekende-activiteit");
}

#[test]
fn a_boolean_geo_input_compared_with_ja_nee_deels_takes_the_map_answer_as_text() {
    let c = catalog();
    for (g, expected) in [(GeoAntwoord::Nee, Some(Conclusie::Toestemmingsvrij)), (GeoAntwoord::Deels, None)] {
        let kaart = VasteKaart(BTreeMap::from([("gebied.1".to_string(), g)]));
        let req = CheckRequest {
            activiteiten: vec!["nl.imow-gm9999.activiteit.test".into()],
            antwoorden: BTreeMap::new(),
            locatie: None,
            geo: &kaart,
        };
        match (step(&c, &req).unwrap(), expected) {
            (CheckState::Conclusie { conclusies, .. }, Some(e)) => assert_eq!(conclusies[0].conclusie, e),
            (CheckState::Vraag { vraag }, None) => assert_eq!(vraag.id, "test-model#u-opp"),
            (other, _) => panic!("{g:?}: {other:?}"),
        }
    }
    // area >= 20 inside the area: the soort question is skipped
    let kaart = VasteKaart(BTreeMap::from([("gebied.1".to_string(), GeoAntwoord::Ja)]));
    let req = CheckRequest {
        activiteiten: vec!["nl.imow-gm9999.activiteit.test".into()],
        antwoorden: BTreeMap::from([("test-model#u-opp".to_string(), json!(25))]),
        locatie: None,
        geo: &kaart,
    };
    let CheckState::Conclusie { conclusies, .. } = step(&c, &req).unwrap() else { panic!() };
    assert_eq!(conclusies[0].conclusie, Conclusie::Vergunningplicht);
}

#[test]
fn a_number_typed_as_text_is_read_as_a_number_with_a_dutch_decimal_comma() {
    let c = catalog();
    let ask = |tekst: &str| {
        let req = CheckRequest {
            activiteiten: vec!["nl.imow-gm9999.activiteit.test".into()],
            antwoorden: BTreeMap::from([("test-model#u-opp".to_string(), json!(tekst))]),
            locatie: None,
            geo: &OnbekendeKaart,
        };
        step(&c, &req)
    };
    for tekst in ["19,99", " 19.99 ", "20", "1.250,5"] {
        assert!(ask(tekst).is_ok(), "{tekst} is a number");
    }
    for tekst in ["twintig", "", "12 m2", "NaN", "inf"] {
        let CheckError::OngeldigeAntwoorden(f) = ask(tekst).unwrap_err() else { panic!("{tekst}") };
        assert_eq!(f[0].code, "verwacht-getal", "{tekst}");
    }
    let CheckError::OngeldigeAntwoorden(f) = ask("-3").unwrap_err() else { panic!() };
    assert_eq!(f[0].code, "getal-te-klein");
}
