//! The omgevingsplan of Voorbeeldstad, designed by hand as a [`PlanVersie`] and written as a real STOP/TPOD
//! delivery by [`stip_regels::synth_levering::write`]: functies (gebiedsaanwijzingen), bouwvlakken, norms for
//! height, gutter height, storeys and coverage, a welstand area, and activities with their kwalificatie — every
//! one with the article that says it.

use geo_types::Geometry;
use stip_regels::import::Bestand;
use stip_regels::model::*;

use crate::dorp::{self, Rechthoek};

const GM: &str = "gm9999";
pub const PLAN_ID: &str = "/akn/nl/act/gm9999/2026/omgevingsplan";

fn id(soort: &str, lokaal: &str) -> String {
    format!("nl.imow-{GM}.{soort}.{lokaal}")
}

/// The delivery's files.
pub fn levering() -> Vec<Bestand> {
    stip_regels::synth_levering::write(&plan())
}

/// The articles: (nummer, opschrift, tekst). One juridische regel per article below refers to its text.
const ARTIKELEN: &[(&str, &str, &str)] = &[
    (
        "1.1",
        "Toepassingsbereik",
        "Dit omgevingsplan geldt voor het grondgebied van de gemeente Voorbeeldstad.\nVoorbeeldstad is een verzonnen gemeente: stip laat hiermee zien hoe het werkt, zolang er nog geen echte gegevens zijn ingelezen.",
    ),
    (
        "2.1",
        "Gemengd",
        "De gronden met de functie Gemengd zijn bestemd voor wonen, winkels, dienstverlening en lichte horeca.\nOp de begane grond aan de Dorpsstraat is een winkel of een andere publiekgerichte functie toegestaan.",
    ),
    (
        "2.2",
        "Wonen",
        "De gronden met de functie Wonen zijn bestemd voor wonen, met tuinen en erven.\nEen aan-huis-gebonden beroep is toegestaan in ten hoogste 40 m² van de woning.",
    ),
    (
        "2.3",
        "Groen",
        "De gronden met de functie Groen zijn bestemd voor een park met bomen, gras, paden, speelplekken en water.\nBouwen is er niet toegestaan, behalve bouwwerken voor spelen en voor het beheer van het park.",
    ),
    ("2.4", "Verkeer", "De gronden met de functie Verkeer zijn bestemd voor straten, stoepen, fietspaden en parkeren."),
    (
        "3.1",
        "Bouwvlak",
        "Een hoofdgebouw wordt alleen binnen het bouwvlak gebouwd.\nBuiten het bouwvlak mogen alleen bijbehorende bouwwerken worden gebouwd.",
    ),
    (
        "3.2",
        "Maximum bouwhoogte",
        "De bouwhoogte van een gebouw is niet meer dan de maximum bouwhoogte: 10 meter in de Dorpskern en 7 meter aan de Lindelaan.",
    ),
    (
        "3.3",
        "Maximum goothoogte",
        "De goothoogte van een gebouw is niet meer dan de maximum goothoogte: 7 meter in de Dorpskern en 4 meter aan de Lindelaan.",
    ),
    (
        "3.4",
        "Maximum aantal bouwlagen",
        "Een gebouw heeft niet meer bouwlagen dan het maximum aantal bouwlagen: 3 in de Dorpskern en 2 aan de Lindelaan. Een kap telt niet als bouwlaag.",
    ),
    (
        "3.5",
        "Maximum bebouwingspercentage",
        "Het bebouwde deel van een perceel is niet groter dan het maximum bebouwingspercentage: 80 procent in de Dorpskern en 40 procent aan de Lindelaan.",
    ),
    (
        "3.6",
        "Bijbehorende bouwwerken",
        "Het is verboden zonder omgevingsvergunning een bijbehorend bouwwerk te bouwen, zoals een schuur, garage of aanbouw.\nGeen vergunning is nodig voor een bijbehorend bouwwerk in het achtererfgebied dat niet hoger is dan 5 meter en niet groter dan 30 m² (20 m² op een perceel kleiner dan 250 m²).",
    ),
    (
        "3.7",
        "Dakkapellen in de Dorpskern",
        "Het is verboden zonder omgevingsvergunning een dakkapel te plaatsen in het welstandsgebied Dorpskern.",
    ),
    (
        "3.8",
        "Dakkapellen buiten de Dorpskern",
        "Buiten de Dorpskern is een dakkapel zonder omgevingsvergunning toegestaan aan de achterkant of een zijkant die niet naar de straat is gekeerd, als de dakkapel niet hoger is dan 1,75 meter.",
    ),
    (
        "4.1",
        "Welstand in de Dorpskern",
        "Voor de Dorpskern geldt het bijzondere welstandsniveau. Een bouwwerk past bij het historische karakter van de Dorpsstraat: een kap met pannen, gevels van baksteen en ramen die staand zijn.",
    ),
    (
        "5.1",
        "Kappen van een boom",
        "Het is verboden zonder omgevingsvergunning een boom te kappen in het Wilgenpark.\nDe vergunning wordt alleen verleend als de boom ziek of gevaarlijk is, of als er een nieuwe boom voor in de plaats komt.",
    ),
    (
        "5.2",
        "Monumentale lindenrij",
        "Het is verboden een boom in de monumentale lindenrij langs het Wilgenpark te kappen.",
    ),
];

fn artikel_lokaal(nummer: &str) -> String {
    let (h, a) = nummer.split_once('.').unwrap_or((nummer, "0"));
    format!("art{h:0>2}{a:0>2}")
}

fn gebied(lokaal: &str, noemer: &str, r: Rechthoek) -> Locatie {
    Locatie {
        id: id("gebied", lokaal),
        soort: LocatieSoort::Gebied,
        noemer: Some(noemer.into()),
        geometrie: Some(Geometry::Polygon(dorp::polygoon(r))),
        geometrie_id: None,
        leden: Vec::new(),
        ambtsgebied: None,
    }
}

fn activiteit(lokaal: &str, naam: &str, groep: &str, bovenliggende: &str) -> Activiteit {
    Activiteit {
        id: id("activiteit", lokaal),
        naam: naam.into(),
        groep: Some(groep.into()),
        bovenliggende: Some(bovenliggende.into()),
    }
}

/// One norm value per (gebied, waarde).
fn norm(lokaal: &str, type_: &str, naam: &str, eenheid: Option<&str>, waarden: &[(&str, f64)]) -> Vec<Norm> {
    waarden
        .iter()
        .map(|(gebied, w)| Norm {
            id: id("normwaarde", &format!("{lokaal}{gebied}")),
            norm_id: id("omgevingsnorm", lokaal).into(),
            soort: NormSoort::Omgevingsnorm,
            type_: type_.into(),
            naam: naam.into(),
            waarde: Some(*w),
            kwalitatieve_waarde: None,
            waarde_in_regeltekst: None,
            eenheid: eenheid.map(Into::into),
            groep: None,
            locaties: vec![id("gebied", gebied).into()],
            regeltekst: None,
        })
        .collect()
}

fn aanwijzing(lokaal: &str, type_: &str, naam: &str, groep: &str, locaties: Vec<String>) -> Gebiedsaanwijzing {
    Gebiedsaanwijzing {
        id: id("gebiedsaanwijzing", lokaal),
        type_: type_.into(),
        naam: naam.into(),
        groep: Some(groep.into()),
        locaties: locaties.into_iter().map(Into::into).collect(),
    }
}

/// What one article's juridische regel says, beyond its text.
#[derive(Default)]
struct Regel {
    locaties: Vec<String>,
    activiteit: Option<(&'static str, Kwalificatie)>,
    gebiedsaanwijzing: Option<&'static str>,
    norm: Option<&'static str>,
}

pub fn plan() -> PlanVersie {
    let kavels = dorp::kavels();
    let g = |lokaal: &str| id("gebied", lokaal);
    let mut locaties = vec![
        gebied("voorbeeldstad", "Voorbeeldstad", dorp::PLANGEBIED),
        gebied("dorpskern", "Dorpskern", dorp::DORPSKERN),
        gebied("lindelaan", "Lindelaan", dorp::LINDELAAN),
        gebied("dorpsstraat", "Dorpsstraat", dorp::DORPSSTRAAT),
        gebied("wilgenpark", "Wilgenpark", dorp::WILGENPARK),
        gebied("lindenrij", "Monumentale lindenrij", dorp::LINDENRIJ),
    ];
    let bouwvlakken: Vec<String> = kavels
        .iter()
        .map(|k| {
            let lokaal = format!("bouwvlak{}{}", k.straat.to_lowercase(), k.huisnummer);
            locaties.push(gebied(&lokaal, &format!("bouwvlak {} {}", k.straat, k.huisnummer), k.bouwvlak));
            g(&lokaal)
        })
        .collect();
    let bebouwd = vec![g("dorpskern"), g("lindelaan")];

    let ouder = id("activiteit", "omgevingsplanactiviteit");
    let activiteiten = vec![
        Activiteit {
            id: ouder.clone(),
            naam: "activiteit in het omgevingsplan van Voorbeeldstad".into(),
            groep: Some("Overig".into()),
            bovenliggende: Some("nl.imow-mnre1034.activiteit.ActInOmgevingsplan".into()),
        },
        activiteit("hoofdgebouw", "bouwen van een hoofdgebouw", "BouwactiviteitRuimtelijk", &ouder),
        activiteit("bijbehorendbouwwerk", "bouwen van een bijbehorend bouwwerk", "BouwactiviteitRuimtelijk", &ouder),
        activiteit("dakkapel", "plaatsen van een dakkapel", "BouwactiviteitRuimtelijk", &ouder),
        activiteit("kappen", "kappen van een boom", "Kapactiviteit", &ouder),
    ];

    let gebiedsaanwijzingen = vec![
        aanwijzing("gemengd", "Functie", "Gemengd", "Gemengd", vec![g("dorpskern")]),
        aanwijzing("wonen", "Functie", "Wonen", "Wonen", vec![g("lindelaan")]),
        aanwijzing("groen", "Functie", "Groen", "Groen", vec![g("wilgenpark")]),
        aanwijzing("verkeer", "Functie", "Verkeer", "Verkeer", vec![g("dorpsstraat")]),
        aanwijzing("bouwvlak", "Bouwaanduiding", "bouwvlak", "bouwvlak", bouwvlakken.clone()),
        aanwijzing("welstanddorpskern", "Welstand", "welstandsgebied Dorpskern", "Bijzonder", vec![g("dorpskern")]),
    ];

    let mut normen = Vec::new();
    normen.extend(norm(
        "bouwhoogte",
        "MaximumBouwhoogte",
        "maximum bouwhoogte",
        Some("m"),
        &[("dorpskern", 10.0), ("lindelaan", 7.0)],
    ));
    normen.extend(norm(
        "goothoogte",
        "MaximumGoothoogte",
        "maximum goothoogte",
        Some("m"),
        &[("dorpskern", 7.0), ("lindelaan", 4.0)],
    ));
    normen.extend(norm(
        "bouwlagen",
        "MaximumAantalBouwlagen",
        "maximum aantal bouwlagen",
        None,
        &[("dorpskern", 3.0), ("lindelaan", 2.0)],
    ));
    normen.extend(norm(
        "bebouwingspercentage",
        "MaximumBebouwingspercentage",
        "maximum bebouwingspercentage",
        Some("%"),
        &[("dorpskern", 80.0), ("lindelaan", 40.0)],
    ));

    let regels: Vec<(&str, Regel)> = vec![
        ("1.1", Regel { locaties: vec![g("voorbeeldstad")], ..Default::default() }),
        ("2.1", Regel { locaties: vec![g("dorpskern")], gebiedsaanwijzing: Some("gemengd"), ..Default::default() }),
        ("2.2", Regel { locaties: vec![g("lindelaan")], gebiedsaanwijzing: Some("wonen"), ..Default::default() }),
        ("2.3", Regel { locaties: vec![g("wilgenpark")], gebiedsaanwijzing: Some("groen"), ..Default::default() }),
        ("2.4", Regel { locaties: vec![g("dorpsstraat")], gebiedsaanwijzing: Some("verkeer"), ..Default::default() }),
        (
            "3.1",
            Regel {
                locaties: bouwvlakken.clone(),
                activiteit: Some(("hoofdgebouw", Kwalificatie::Toegestaan)),
                gebiedsaanwijzing: Some("bouwvlak"),
                ..Default::default()
            },
        ),
        ("3.2", Regel { locaties: bebouwd.clone(), norm: Some("bouwhoogte"), ..Default::default() }),
        ("3.3", Regel { locaties: bebouwd.clone(), norm: Some("goothoogte"), ..Default::default() }),
        ("3.4", Regel { locaties: bebouwd.clone(), norm: Some("bouwlagen"), ..Default::default() }),
        ("3.5", Regel { locaties: bebouwd.clone(), norm: Some("bebouwingspercentage"), ..Default::default() }),
        (
            "3.6",
            Regel {
                locaties: bebouwd.clone(),
                activiteit: Some(("bijbehorendbouwwerk", Kwalificatie::Vergunningplicht)),
                ..Default::default()
            },
        ),
        (
            "3.7",
            Regel {
                locaties: vec![g("dorpskern")],
                activiteit: Some(("dakkapel", Kwalificatie::Vergunningplicht)),
                ..Default::default()
            },
        ),
        (
            "3.8",
            Regel {
                locaties: vec![g("lindelaan")],
                activiteit: Some(("dakkapel", Kwalificatie::Toegestaan)),
                ..Default::default()
            },
        ),
        (
            "4.1",
            Regel {
                locaties: vec![g("dorpskern")],
                gebiedsaanwijzing: Some("welstanddorpskern"),
                ..Default::default()
            },
        ),
        (
            "5.1",
            Regel {
                locaties: vec![g("wilgenpark")],
                activiteit: Some(("kappen", Kwalificatie::Vergunningplicht)),
                ..Default::default()
            },
        ),
        (
            "5.2",
            Regel {
                locaties: vec![g("lindenrij")],
                activiteit: Some(("kappen", Kwalificatie::Verbod)),
                ..Default::default()
            },
        ),
    ];

    let artikelen: Vec<Artikel> = ARTIKELEN
        .iter()
        .map(|(nummer, opschrift, tekst)| {
            let lokaal = artikel_lokaal(nummer);
            Artikel {
                wid: format!("{GM}_1__{lokaal}"),
                eid: lokaal,
                nummer: nummer.to_string(),
                opschrift: Some(opschrift.to_string()),
                tekst: tekst.to_string(),
                leden: Vec::new(),
                toelichting: None,
                informatieobjecten: Vec::new(),
            }
        })
        .collect();
    let regelteksten: Vec<Regeltekst> = artikelen
        .iter()
        .map(|a| Regeltekst { id: id("regeltekst", &a.eid), wid: a.wid.clone(), artikel_wid: a.wid.clone() })
        .collect();
    let juridische_regels: Vec<JuridischeRegel> = regels
        .into_iter()
        .map(|(nummer, r)| {
            let lokaal = artikel_lokaal(nummer);
            JuridischeRegel {
                id: id("juridischeregel", &lokaal),
                soort: RegelSoort::RegelVoorIedereen,
                regeltekst: id("regeltekst", &lokaal),
                activiteiten: r
                    .activiteit
                    .map(|(a, kwalificatie)| ActiviteitLocatieaanduiding {
                        id: id("activiteitlocatieaanduiding", &lokaal),
                        activiteit: id("activiteit", a),
                        kwalificatie,
                        locaties: r.locaties.iter().map(|l| l.as_str().into()).collect(),
                    })
                    .into_iter()
                    .collect(),
                gebiedsaanwijzingen: r.gebiedsaanwijzing.map(|ga| id("gebiedsaanwijzing", ga)).into_iter().collect(),
                omgevingsnormen: r.norm.map(|n| id("omgevingsnorm", n)).into_iter().collect(),
                omgevingswaarden: Vec::new(),
                locaties: r.locaties.into_iter().map(Into::into).collect(),
            }
        })
        .collect();
    for n in &mut normen {
        let artikel = juridische_regels.iter().find(|r| r.omgevingsnormen.iter().any(|o| *o == n.norm_id));
        n.regeltekst = artikel.map(|r| r.regeltekst.as_str().into());
    }

    PlanVersie {
        id: PLAN_ID.into(),
        versie: "nld@2026-01-01;1".into(),
        titel: "Omgevingsplan gemeente Voorbeeldstad".into(),
        bevoegd_gezag: BevoegdGezag { code: GM.into(), naam: Some("Voorbeeldstad".into()) },
        soort: PlanSoort::Imow,
        bron: Bron { formaat: "STOP/TPOD".into(), bestanden: Vec::new() },
        regelingsgebied: Vec::new(),
        artikelen,
        regelteksten,
        juridische_regels,
        locaties,
        activiteiten,
        gebiedsaanwijzingen,
        normen,
        planobjecten: Vec::new(),
        informatieobjecten: Vec::new(),
    }
}
