//! The toepasbare regels of Voorbeeldstad: one STTR Conclusie model (DMN 1.3 with the DSO extensions) per activity
//! the Vergunningcheck offers — questions in plain Dutch with an explanation each, and a decision table whose
//! outcomes are Vergunningplicht, Meldingsplicht or Toestemmingsvrij with the reason. Location questions
//! (`uitv:geoVerwijzing`) name the plan's areas, so the map answers them; the parcel size is pre-filled from the BRK.

use std::fmt::Write as _;

use stip_regels::import::Bestand;
use stip_regels::synth_levering::esc;

const NS: &str = "http://toepasbare-regels.omgevingswet.overheid.nl/gm9999";
const EXT: &str = "http://toepasbare-regels.omgevingswet.overheid.nl/v2.0";

/// What a question asks for.
enum Soort {
    JaNee,
    Getal(&'static str),
    /// Answered by the map: inside this IMOW area?
    Kaart(&'static str),
}

struct Vraag {
    /// The FEEL name the table reads.
    naam: &'static str,
    soort: Soort,
    tekst: &'static str,
    toelichting: &'static str,
}

struct Model {
    /// The IMOW activity (local part) in the omgevingsplan.
    activiteit: &'static str,
    /// File and model id.
    lokaal: &'static str,
    /// What people call the activity.
    naam: &'static str,
    vragen: Vec<Vraag>,
    /// One cell per question (`-` is any), the conclusion and why.
    regels: Vec<(Vec<&'static str>, &'static str, &'static str)>,
}

fn modellen() -> Vec<Model> {
    vec![
        Model {
            activiteit: "dakkapel",
            lokaal: "dakkapel",
            naam: "Dakkapel plaatsen",
            vragen: vec![
                Vraag {
                    naam: "in welstandsgebied",
                    soort: Soort::Kaart("nl.imow-gm9999.gebiedsaanwijzing.welstanddorpskern"),
                    tekst: "Staat het huis in het welstandsgebied Dorpskern?",
                    toelichting: "In de Dorpskern gelden strengere regels voor het uiterlijk van gebouwen. Als u een plek op de kaart kiest, beantwoordt stip deze vraag zelf.",
                },
                Vraag {
                    naam: "zichtbaar vanaf straat",
                    soort: Soort::JaNee,
                    tekst: "Komt de dakkapel aan de voorkant van het huis, of aan een zijkant die naar de straat is gekeerd?",
                    toelichting: "Een dakkapel aan de achterkant valt minder op. Daarvoor gelden soepelere regels.",
                },
                Vraag {
                    naam: "hoogte dakkapel",
                    soort: Soort::Getal("m"),
                    tekst: "Hoe hoog wordt de dakkapel, gemeten vanaf de voet op het dak (in meters)?",
                    toelichting: "Meet van de onderkant van de dakkapel, waar die op het dak staat, tot de bovenkant.",
                },
            ],
            regels: vec![
                (
                    vec!["true", "-", "-"],
                    "Vergunningplicht",
                    "In het welstandsgebied Dorpskern heeft u voor elke dakkapel een omgevingsvergunning nodig. De gemeente kijkt dan ook of de dakkapel past bij de historische straat.",
                ),
                (
                    vec!["false", "true", "-"],
                    "Vergunningplicht",
                    "Een dakkapel die zichtbaar is vanaf de straat heeft een omgevingsvergunning nodig.",
                ),
                (
                    vec!["false", "false", "<=1.75"],
                    "Toestemmingsvrij",
                    "Een dakkapel aan de achterkant van niet meer dan 1,75 meter hoog mag u zonder vergunning plaatsen. Bouw wel veilig en volgens de bouwregels.",
                ),
                (
                    vec!["false", "false", ">1.75"],
                    "Vergunningplicht",
                    "Een dakkapel hoger dan 1,75 meter heeft een omgevingsvergunning nodig, ook aan de achterkant.",
                ),
            ],
        },
        Model {
            activiteit: "kappen",
            lokaal: "boom-kappen",
            naam: "Boom kappen",
            vragen: vec![
                Vraag {
                    naam: "in wilgenpark",
                    soort: Soort::Kaart("nl.imow-gm9999.gebied.wilgenpark"),
                    tekst: "Staat de boom in het Wilgenpark?",
                    toelichting: "Het Wilgenpark is het park aan de oostkant van het dorp. Als u een plek op de kaart kiest, beantwoordt stip deze vraag zelf.",
                },
                Vraag {
                    naam: "omtrek stam",
                    soort: Soort::Getal("cm"),
                    tekst: "Hoe dik is de stam: wat is de omtrek op 1,30 meter hoogte (in centimeters)?",
                    toelichting: "Leg een meetlint om de stam, op ongeveer borsthoogte. Een omtrek van 80 centimeter is een stam van ongeveer 25 centimeter doorsnede.",
                },
                Vraag {
                    naam: "ziek of gevaarlijk",
                    soort: Soort::JaNee,
                    tekst: "Is de boom ziek of gevaarlijk, volgens een boomdeskundige?",
                    toelichting: "Een zieke of gevaarlijke boom mag sneller weg. U heeft dan wel een verklaring van een boomdeskundige nodig.",
                },
            ],
            regels: vec![
                (
                    vec!["true", "-", "-"],
                    "Vergunningplicht",
                    "Voor een boom in het Wilgenpark heeft u altijd een omgevingsvergunning nodig. Bomen in de monumentale lindenrij mogen helemaal niet gekapt worden.",
                ),
                (
                    vec!["false", "<80", "-"],
                    "Toestemmingsvrij",
                    "Een boom met een stam dunner dan 80 centimeter omtrek mag u zonder vergunning kappen.",
                ),
                (
                    vec!["false", ">=80", "true"],
                    "Meldingsplicht",
                    "Een zieke of gevaarlijke boom mag u kappen na een melding bij de gemeente. Stuur de verklaring van de boomdeskundige mee.",
                ),
                (
                    vec!["false", ">=80", "false"],
                    "Vergunningplicht",
                    "Voor een gezonde boom met een stam van 80 centimeter omtrek of meer heeft u een omgevingsvergunning nodig.",
                ),
            ],
        },
        Model {
            activiteit: "bijbehorendbouwwerk",
            lokaal: "bijbehorend-bouwwerk",
            naam: "Bijbehorend bouwwerk bouwen",
            vragen: vec![
                Vraag {
                    naam: "achtererfgebied",
                    soort: Soort::JaNee,
                    tekst: "Komt het bouwwerk achter het huis, in de achtertuin (het achtererfgebied)?",
                    toelichting: "Het achtererfgebied is het deel van het erf achter de achtergevel van het huis, dat niet naar de straat is gekeerd.",
                },
                Vraag {
                    naam: "hoogte bouwwerk",
                    soort: Soort::Getal("m"),
                    tekst: "Hoe hoog wordt het bouwwerk (in meters)?",
                    toelichting: "Meet vanaf de grond tot het hoogste punt van het dak.",
                },
                Vraag {
                    naam: "perceeloppervlakte",
                    soort: Soort::Getal("m2"),
                    tekst: "Hoe groot is uw perceel (in m²)?",
                    toelichting: "Het perceel is de grond die bij het huis hoort. stip vult de grootte uit het kadaster voor u in; pas die aan als hij niet klopt.",
                },
                Vraag {
                    naam: "oppervlakte bouwwerk",
                    soort: Soort::Getal("m2"),
                    tekst: "Hoeveel vierkante meter grond bedekt het nieuwe bouwwerk?",
                    toelichting: "Reken de buitenmaten: lengte maal breedte, gemeten langs de buitenkant van de muren.",
                },
            ],
            regels: vec![
                (
                    vec!["false", "-", "-", "-"],
                    "Vergunningplicht",
                    "Een bijbehorend bouwwerk voor of naast het huis heeft een omgevingsvergunning nodig.",
                ),
                (
                    vec!["true", ">5", "-", "-"],
                    "Vergunningplicht",
                    "Een bijbehorend bouwwerk hoger dan 5 meter heeft een omgevingsvergunning nodig.",
                ),
                (
                    vec!["true", "<=5", "<250", "<=20"],
                    "Toestemmingsvrij",
                    "Op een perceel kleiner dan 250 m² mag u zonder vergunning een bijbehorend bouwwerk tot 20 m² in de achtertuin bouwen.",
                ),
                (
                    vec!["true", "<=5", "<250", ">20"],
                    "Vergunningplicht",
                    "Op een perceel kleiner dan 250 m² is een bijbehorend bouwwerk groter dan 20 m² vergunningplichtig.",
                ),
                (
                    vec!["true", "<=5", ">=250", "<=30"],
                    "Toestemmingsvrij",
                    "U mag zonder vergunning een bijbehorend bouwwerk tot 30 m² en 5 meter hoog in de achtertuin bouwen.",
                ),
                (
                    vec!["true", "<=5", ">=250", ">30"],
                    "Vergunningplicht",
                    "Een bijbehorend bouwwerk groter dan 30 m² heeft een omgevingsvergunning nodig.",
                ),
            ],
        },
    ]
}

fn dmn(m: &Model) -> String {
    let mut s = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/"
             xmlns:bedr="{EXT}/Bedrijfsregel"
             xmlns:uitv="{EXT}/Uitvoeringsregel"
             xmlns:inter="{EXT}/Interactieregel"
             xmlns:content="{EXT}/Content"
             id="gm9999-conclusie-{lokaal}"
             name="Conclusie {naam}"
             namespace="{NS}">
   <extensionElements>
      <inter:regelgroepen>
         <inter:regelgroep id="groep-{lokaal}">
            <inter:naam>{naam}</inter:naam>
            <inter:prioriteit>1</inter:prioriteit>
         </inter:regelgroep>
      </inter:regelgroepen>
      <uitv:uitvoeringsregels>
"#,
        lokaal = m.lokaal,
        naam = esc(m.naam),
    );
    for (i, v) in m.vragen.iter().enumerate() {
        let nr = i + 1;
        let _ = write!(
            s,
            "         <uitv:uitvoeringsregel id=\"uitv-{nr}\">\n            <uitv:regelgroepRef href=\"#groep-{}\"/>\n            <inter:prioriteit>{}</inter:prioriteit>\n",
            m.lokaal,
            nr * 10
        );
        match v.soort {
            Soort::Kaart(locatie) => {
                let _ = write!(
                    s,
                    "            <uitv:geoVerwijzing>\n               <uitv:locatie identificatie=\"{locatie}\"/>\n               <uitv:vraagTekst>{}</uitv:vraagTekst>\n            </uitv:geoVerwijzing>\n",
                    esc(v.tekst)
                );
            }
            Soort::JaNee | Soort::Getal(_) => {
                let type_ = if matches!(v.soort, Soort::JaNee) { "boolean" } else { "number" };
                let _ = write!(
                    s,
                    "            <uitv:vraag>\n               <uitv:gegevensType>{type_}</uitv:gegevensType>\n               <uitv:vraagTekst>{}</uitv:vraagTekst>\n",
                    esc(v.tekst)
                );
                if let Soort::Getal(eenheid) = v.soort {
                    let _ = writeln!(s, "               <uitv:eenheid>{eenheid}</uitv:eenheid>");
                }
                s.push_str("            </uitv:vraag>\n");
            }
        }
        let _ = write!(
            s,
            "            <uitv:uitvoeringsregelToelichting>\n               <uitv:toelichting>{}</uitv:toelichting>\n            </uitv:uitvoeringsregelToelichting>\n         </uitv:uitvoeringsregel>\n",
            esc(v.toelichting)
        );
    }
    s.push_str("      </uitv:uitvoeringsregels>\n   </extensionElements>\n");
    for (i, v) in m.vragen.iter().enumerate() {
        let nr = i + 1;
        let type_ = if matches!(v.soort, Soort::Getal(_)) { "number" } else { "boolean" };
        let _ = write!(
            s,
            "   <inputData id=\"invoer-{nr}\" name=\"{naam}\">\n      <extensionElements>\n         <uitv:uitvoeringsregelRef href=\"#uitv-{nr}\"/>\n      </extensionElements>\n      <variable id=\"invoer-{nr}-variabele\" name=\"{naam}\" typeRef=\"{type_}\"/>\n   </inputData>\n",
            naam = esc(v.naam)
        );
    }
    let _ = write!(
        s,
        "   <decision id=\"conclusie-{lokaal}\" name=\"Conclusie {naam}\">\n      <extensionElements>\n         <bedr:functioneleStructuurRef href=\"#{NS}/id/concept/Conclusienl.imow-gm9999.activiteit.{act}\"/>\n      </extensionElements>\n      <variable id=\"conclusie-{lokaal}-variabele\" name=\"Conclusie {naam}\" typeRef=\"string\"/>\n",
        lokaal = m.lokaal,
        naam = esc(m.naam),
        act = m.activiteit
    );
    for i in 0..m.vragen.len() {
        let _ = writeln!(
            s,
            "      <informationRequirement>\n         <requiredInput href=\"#invoer-{}\"/>\n      </informationRequirement>",
            i + 1
        );
    }
    let _ = writeln!(s, "      <decisionTable id=\"tabel-{}\" hitPolicy=\"UNIQUE\">", m.lokaal);
    for (i, v) in m.vragen.iter().enumerate() {
        let type_ = if matches!(v.soort, Soort::Getal(_)) { "number" } else { "boolean" };
        let _ = write!(
            s,
            "         <input id=\"kolom-{}\" label=\"{naam}\">\n            <inputExpression typeRef=\"{type_}\">\n               <text>{naam}</text>\n            </inputExpression>\n         </input>\n",
            i + 1,
            naam = esc(v.naam)
        );
    }
    s.push_str(
        "         <output id=\"uitkomst\" name=\"conclusie\" typeRef=\"string\">\n            <outputValues>\n               <text>\"Vergunningplicht\",\"Meldingsplicht\",\"Toestemmingsvrij\"</text>\n            </outputValues>\n         </output>\n",
    );
    for (ri, (cellen, conclusie, waarom)) in m.regels.iter().enumerate() {
        let _ = writeln!(s, "         <rule id=\"regel-{}\">", ri + 1);
        for c in cellen {
            let _ = writeln!(
                s,
                "            <inputEntry>\n               <text>{}</text>\n            </inputEntry>",
                esc(c)
            );
        }
        let _ = write!(
            s,
            "            <outputEntry>\n               <extensionElements>\n                  <content:conclusieToelichting>\n                     <content:toelichting>{}</content:toelichting>\n                  </content:conclusieToelichting>\n               </extensionElements>\n               <text>\"{conclusie}\"</text>\n            </outputEntry>\n         </rule>\n",
            esc(waarom)
        );
    }
    s.push_str("      </decisionTable>\n   </decision>\n</definitions>\n");
    s
}

/// One DMN file per activity.
pub fn bestanden() -> Vec<Bestand> {
    modellen().iter().map(|m| (format!("conclusie-{}.dmn", m.lokaal), dmn(m).into_bytes())).collect()
}
