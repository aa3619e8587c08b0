//! A deterministic (seeded) generator of a synthetic national set of STTR toepasbare regels, written as real STTR
//! DMN XML bytes (and toepasbaar-maken activity JSON) in the shapes of the real fixtures, for the national-scale
//! benchmark and tests: every bevoegd gezag (gemeenten, provincies, waterschappen, the Rijk) gets its activities,
//! each activity one namespace of rule files — a Conclusie, an Indieningsvereisten Vergunning and mostly an
//! Indieningsvereisten Melding — and its activity JSON.
//!
//! The Conclusie files take one of five shapes seen in real files, in fixed proportions:
//! - `getal` (Gemeentestad bijgebouw): one number question, UNIQUE table over ranges `<20`, `[20..30)`, `>=30`;
//! - `kappen` (Gemeentestad boom): a number and three yes/no questions, a UNIQUE top table over a UNIQUE sub decision;
//! - `paden` (Amsterdam, Vinfo exporter): a `geoVerwijzing` (boolean) and yes/no questions in ANY "Pad" decisions
//!   with `"no hit"` rows, an ANY top table over the paths;
//! - `lijst` (Venlo): yes/no questions and a list question (`uitv:opties`, enkelAntwoord) in ANY sub decisions
//!   giving `"ja"`/`"nee"`/`"nvt"`, an ANY top table;
//! - `cross` (builder files): a `geoVerwijzing` declared boolean but compared with `"ja"`/`"nee"`/`"deels"`, paths
//!   giving `"Vergunningplicht pad N_"` or `"no hit"`, a FIRST `…_cross` decision joining the paths, and a RULE ORDER
//!   top decision whose cells read `if ?=null then false else contains(?,"Vergunningplicht pad N_")`.
//!
//! About a quarter of the yes/no questions are herbruikbare vragen (`uitv:herbruikbaarId`) shared across files.
//! Most files are DMN 1.1 with `v1.0` extension namespaces; some DMN 1.3, a few with `v2.0` extension namespaces.
//! Scale with [`SynthConfig::national`]: 1 = about 52,500 rule files in about 17,600 namespaces with about 118,000
//! uitvoeringsregels. Plain string building; only what the shapes need.

use std::fmt::Write as _;

/// The composition of the generated set.
#[derive(Debug, Clone, Copy)]
pub struct SynthConfig {
    pub seed: u64,
    /// Bevoegde gezagen (342 gemeenten, 12 provincies, 21 waterschappen, the Rijk at scale 1).
    pub gezagen: usize,
    /// Rule-file namespaces: one per (bevoegd gezag, activity).
    pub namespaces: usize,
    /// DMN rule files (regelbeheerobjecten) in all.
    pub bestanden: usize,
    /// Uitvoeringsregels in all files (approximately: the shapes decide per file).
    pub uitvoeringsregels: usize,
}

impl SynthConfig {
    /// The national register × `scale`: 376 bevoegde gezagen, 17,600 namespaces, 52,500 files and 118,000
    /// uitvoeringsregels at scale 1.
    pub fn national(scale: f64) -> Self {
        let namespaces = ((17_600.0 * scale) as usize).max(5);
        Self {
            seed: 0x5772_2026,
            gezagen: ((376.0 * scale.sqrt()) as usize).clamp(1, 376).min(namespaces),
            namespaces,
            bestanden: ((52_500.0 * scale) as usize).max(namespaces),
            uitvoeringsregels: ((118_000.0 * scale) as usize).max(namespaces),
        }
    }
}

/// SplitMix64: small, fast, deterministic.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    pub fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    pub fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }
    fn uuid(&mut self) -> String {
        let (a, b) = (self.next_u64(), self.next_u64());
        format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xffff,
            b >> 48,
            b & 0xffff_ffff_ffff
        )
    }
}

/// The generated set: rule files and activity JSON as (file name, bytes), as DSO delivers them.
#[derive(Debug, Clone, Default)]
pub struct SynthSet {
    pub dmn: Vec<(String, Vec<u8>)>,
    pub activiteiten: Vec<(String, Vec<u8>)>,
    /// The IMOW activity id of every namespace (each has a Conclusie: checkable).
    pub activiteit_ids: Vec<String>,
    /// Uitvoeringsregels written.
    pub uitvoeringsregels: usize,
}

/// Activity names (the model names say `Conclusie <naam> - Initiele versie`) with their werkzaamheid.
const ACTIVITEITEN: [(&str, &str); 40] = [
    ("Bouwen van een bijgebouw", "AanbouwBouwenVerbouwen"),
    ("Kappen van een boom", "BoomKappen"),
    ("Plaatsen van een dakkapel", "DakkapelPlaatsen"),
    ("Bouwen van een aanbouw", "AanbouwBouwenVerbouwen"),
    ("Bouwen van een dakopbouw", "AanbouwBouwenVerbouwen"),
    ("Bouwen van een carport", "BijgebouwBouwen"),
    ("Bouwen van een overkapping", "BijgebouwBouwen"),
    ("Bouwen van een schuur", "BijgebouwBouwen"),
    ("Slopen van een bouwwerk", "Slopen"),
    ("Plaatsen van zonnepanelen", "ZonnepanelenPlaatsen"),
    ("Plaatsen van een erfafscheiding", "ErfafscheidingPlaatsen"),
    ("Aanleggen van een uitweg", "UitwegAanleggen"),
    ("Wijzigen van een rijksmonument", "MonumentWijzigen"),
    ("Wijzigen van een gemeentelijk monument", "MonumentWijzigen"),
    ("Lozen van afvalwater", "Lozen"),
    ("Onttrekken van grondwater", "GrondwaterOnttrekken"),
    ("Organiseren van een evenement", "EvenementOrganiseren"),
    ("Plaatsen van een reclamebord", "ReclamePlaatsen"),
    ("Vellen van een houtopstand", "BoomKappen"),
    ("Graven in een waterkering", "GravenOphogen"),
    ("Wonen in een bijgebouw", "GebruikWijzigen"),
    ("Verbouwen van een woning", "AanbouwBouwenVerbouwen"),
    ("Aanleggen van een steiger", "WaterBouwen"),
    ("Plaatsen van een schotelantenne", "AntennePlaatsen"),
    ("Plaatsen van een airco", "InstallatiePlaatsen"),
    ("Dempen van een sloot", "GravenOphogen"),
    ("Splitsen van een woning", "GebruikWijzigen"),
    ("Opslaan van vuurwerk", "OpslaanGevaarlijkeStoffen"),
    ("Houden van landbouwhuisdieren", "DierenHouden"),
    ("Aanleggen van een zwembad", "TuinAanleggen"),
    ("Plaatsen van een terras", "TerrasPlaatsen"),
    ("Verhuren van kamers", "GebruikWijzigen"),
    ("Plaatsen van een container", "ObjectPlaatsen"),
    ("Aanbrengen van gevelisolatie", "GevelWijzigen"),
    ("Plaatsen van een laadpaal", "InstallatiePlaatsen"),
    ("Ophogen van een perceel", "GravenOphogen"),
    ("Bouwen in een beschermd dorpsgezicht", "AanbouwBouwenVerbouwen"),
    ("Vervangen van kozijnen", "GevelWijzigen"),
    ("Bouwen van een tuinhuis", "BijgebouwBouwen"),
    ("Maken van een inrit", "UitwegAanleggen"),
];

/// Herbruikbare vragen: (herbruikbaarId, question text).
const HERBRUIKBAAR: [(&str, &str); 6] = [
    ("rijksmonument", "Gaat u iets veranderen aan een rijksmonument?"),
    ("beschermd-stadsgezicht", "Ligt de plek in een beschermd stads- of dorpsgezicht?"),
    ("zichtbaar-openbaar", "Is het bouwwerk zichtbaar vanaf openbaar toegankelijk gebied?"),
    ("op-de-grond", "Staat het bouwwerk op de grond?"),
    ("voorkant", "Komt het bouwwerk aan de voorkant van het huis?"),
    ("bestaand-bouwwerk", "Vervangt u een bestaand bouwwerk op dezelfde plek?"),
];

const JA_NEE_VRAGEN: [&str; 10] = [
    "Wordt het bouwwerk hoger dan 5 m?",
    "Ligt het bouwwerk op minder dan 1 meter van de erfgrens?",
    "Bestaat het bouwwerk uit meer dan één bouwlaag?",
    "Wordt de ruimte gebruikt om in te wonen?",
    "Komt er een dakterras, balkon of andere buitenruimte?",
    "Is het werk nodig vanwege gevaar of ernstige hinder?",
    "Gebeurt het werk binnen de bebouwde kom?",
    "Duurt het werk langer dan 3 maanden?",
    "Ligt de plek binnen 30 meter van een waterkering?",
    "Worden er meer dan 100 mensen verwacht?",
];

const BIJLAGEN: [(&str, &str); 5] = [
    ("Situatieschets", "Een schets van de plek met de afmetingen en de afstand tot de erfgrens."),
    ("Bouwtekening", "Plattegronden, doorsneden en aanzichten op schaal."),
    ("Foto's", "Foto's van de huidige situatie."),
    ("Constructieberekening", "De berekening van de draagconstructie."),
    ("Beplantingsplan", "Welke bomen of struiken u terugplant."),
];

const OPTIES: [&str; 4] = [
    "Kappen",
    "Meer dan 20% snoeien van de kroon of de wortels",
    "Minder dan 20% snoeien van de kroon of de wortels",
    "Verplanten",
];

/// Bevoegd gezag number `g`: its IMOW code and bestuurslaag (gemeenten first, then provincies, waterschappen, Rijk).
fn gezag(g: usize, n: usize) -> (String, &'static str) {
    // keep the national proportions at any count: 91 % gemeenten, 3 % provincies, 6 % waterschappen, one Rijk
    if g + 1 == n && n > 1 {
        ("mnre1034".into(), "rijk")
    } else if g % 100 < 91 {
        (format!("gm{:04}", g + 1), "gemeente")
    } else if g % 100 < 94 {
        (format!("pv{}", 20 + g), "provincie")
    } else {
        (format!("ws{:04}", 600 + g), "waterschap")
    }
}

/// The OIN of a bevoegd gezag, as the STTR namespace uses it.
fn oin(g: usize) -> String {
    format!("00000001{:012}", 2_564_440_000u64 + g as u64 * 1000)
}

/// DMN flavour of a file: the DMN namespace, the extension-element version and whether typeRefs say `feel:`.
struct Flavour {
    dmn_ns: &'static str,
    ext: &'static str,
    feel: &'static str,
}

const DMN11: Flavour = Flavour { dmn_ns: "http://www.omg.org/spec/DMN/20151101/dmn.xsd", ext: "v1.0", feel: "feel:" };
const DMN13: Flavour = Flavour { dmn_ns: "https://www.omg.org/spec/DMN/20191111/MODEL/", ext: "v1.0", feel: "" };
const DMN13_V2: Flavour = Flavour { dmn_ns: "https://www.omg.org/spec/DMN/20191111/MODEL/", ext: "v2.0", feel: "" };

fn flavour(rng: &mut Rng) -> &'static Flavour {
    match rng.below(200) {
        0..185 => &DMN11,
        185..198 => &DMN13,
        _ => &DMN13_V2,
    }
}

/// One uitvoeringsregel and the inputData that refers to it.
enum Uitv {
    Vraag { tekst: String, herbruikbaar: Option<&'static str>, type_: &'static str, opties: Vec<&'static str> },
    Geo { locatie: String },
    Bijlage { soort: &'static str, toelichting: &'static str },
}

struct Input {
    naam: String,
    type_ref: &'static str,
    uitv: Uitv,
}

/// A decision table: columns (input expression text), rows (cell texts already XML-escaped, output text).
struct Table {
    hit_policy: &'static str,
    columns: Vec<String>,
    output_values: Option<String>,
    rows: Vec<(Vec<String>, String)>,
}

struct Decision {
    naam: String,
    type_ref: &'static str,
    /// functioneleStructuurRef concept (`Conclusie<activiteit>`), for the top decision.
    koppeling: Option<String>,
    inputs: Vec<usize>,
    decisions: Vec<usize>,
    table: Table,
}

/// One DMN file being built.
struct File {
    naam: String,
    regelgroep: String,
    inputs: Vec<Input>,
    decisions: Vec<Decision>,
}

fn q(s: &str) -> String {
    format!("\"{s}\"")
}

fn write_dmn(rng: &mut Rng, g: usize, f: &File, fl: &Flavour) -> Vec<u8> {
    let ns = format!("http://toepasbare-regels.omgevingswet.overheid.nl/{}", oin(g));
    let ext = |part: &str| format!("http://toepasbare-regels.omgevingswet.overheid.nl/{}/{part}", fl.ext);
    let mut s = String::with_capacity(4096 + 1500 * (f.inputs.len() + f.decisions.len()));
    let _ = write!(
        s,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<dmn:definitions xmlns:dmn="{}" xmlns:feel="http://www.omg.org/spec/FEEL/20140401" xmlns:bedr="{}" xmlns:uitv="{}" xmlns:inter="{}" xmlns:content="{}" xmlns="{ns}" namespace="{ns}" exporter="stip synth" exporterVersion="1" id="_{}" name="{}">
    <dmn:extensionElements>
        <inter:regelgroepen>
            <inter:regelgroep id="groep1">
                <inter:naam>{}</inter:naam>
                <inter:prioriteit>10</inter:prioriteit>
            </inter:regelgroep>
        </inter:regelgroepen>
        <uitv:uitvoeringsregels>
"#,
        fl.dmn_ns,
        ext("Bedrijfsregel"),
        ext("Uitvoeringsregel"),
        ext("Interactieregel"),
        ext("Content"),
        rng.uuid(),
        f.naam,
        f.regelgroep
    );
    for (i, inp) in f.inputs.iter().enumerate() {
        let _ = write!(
            s,
            "            <uitv:uitvoeringsregel id=\"uitv{}\">\n                <uitv:regelgroepRef href=\"#groep1\"/>\n                <inter:prioriteit>{}</inter:prioriteit>\n",
            i + 1,
            (i + 1) * 10
        );
        match &inp.uitv {
            Uitv::Vraag { tekst, herbruikbaar, type_, opties } => {
                if let Some(h) = herbruikbaar {
                    let _ = writeln!(s, "                <uitv:herbruikbaarId>{h}</uitv:herbruikbaarId>");
                }
                let _ = write!(
                    s,
                    "                <uitv:vraag>\n                    <uitv:gegevensType>{type_}</uitv:gegevensType>\n                    <uitv:vraagTekst>{tekst}</uitv:vraagTekst>\n"
                );
                if !opties.is_empty() {
                    s.push_str("                    <uitv:opties>\n                        <uitv:optieType>enkelAntwoord</uitv:optieType>\n");
                    for (k, o) in opties.iter().enumerate() {
                        let _ = write!(
                            s,
                            "                        <uitv:optie>\n                            <uitv:sequenceId>{}</uitv:sequenceId>\n                            <uitv:optieText>{o}</uitv:optieText>\n                        </uitv:optie>\n",
                            k + 1
                        );
                    }
                    s.push_str("                    </uitv:opties>\n");
                }
                s.push_str("                </uitv:vraag>\n");
                if rng.chance(0.4) {
                    let _ = write!(
                        s,
                        "                <content:uitvoeringsregelToelichting>\n                    <content:toelichting><![CDATA[Lees de **regels** van het omgevingsplan na als u twijfelt.]]></content:toelichting>\n                    <content:belangrijk>{}</content:belangrijk>\n                </content:uitvoeringsregelToelichting>\n",
                        rng.chance(0.2)
                    );
                }
            }
            Uitv::Geo { locatie } => {
                let _ = write!(
                    s,
                    "                <uitv:geoVerwijzing>\n                    <uitv:locatie identificatie=\"{locatie}\"/>\n                </uitv:geoVerwijzing>\n"
                );
            }
            Uitv::Bijlage { soort, toelichting } => {
                let _ = write!(
                    s,
                    "                <uitv:bijlage>\n                    <uitv:bijlageType>{soort}</uitv:bijlageType>\n                    <uitv:omschrijving>{toelichting}</uitv:omschrijving>\n                </uitv:bijlage>\n"
                );
            }
        }
        s.push_str("            </uitv:uitvoeringsregel>\n");
    }
    s.push_str("        </uitv:uitvoeringsregels>\n    </dmn:extensionElements>\n");
    let _ = write!(
        s,
        "    <dmn:itemDefinition name=\"TConclusie\" label=\"TConclusie\" isCollection=\"false\">\n        <dmn:typeRef>{}string</dmn:typeRef>\n        <dmn:allowedValues>\n            <dmn:text>{CONCLUSIES}</dmn:text>\n        </dmn:allowedValues>\n    </dmn:itemDefinition>\n",
        fl.feel
    );
    for (i, inp) in f.inputs.iter().enumerate() {
        let _ = write!(
            s,
            "    <dmn:inputData id=\"input{}\" name=\"{}\">\n        <dmn:extensionElements>\n            <uitv:uitvoeringsregelRef href=\"#uitv{}\"/>\n        </dmn:extensionElements>\n        <dmn:variable id=\"_{}\" name=\"{}\" typeRef=\"{}{}\"/>\n    </dmn:inputData>\n",
            i + 1,
            inp.naam,
            i + 1,
            rng.uuid(),
            inp.naam,
            fl.feel,
            inp.type_ref
        );
    }
    for (di, d) in f.decisions.iter().enumerate() {
        let _ = writeln!(s, "    <dmn:decision id=\"decision{}\" name=\"{}\">", di + 1, d.naam);
        if let Some(k) = &d.koppeling {
            let _ = write!(
                s,
                "        <dmn:extensionElements>\n            <bedr:functioneleStructuurRef href=\"#{ns}/id/concept/{k}\"/>\n        </dmn:extensionElements>\n"
            );
        }
        let type_ref = if d.type_ref == "string" || d.type_ref == "boolean" {
            format!("{}{}", fl.feel, d.type_ref)
        } else {
            d.type_ref.to_string()
        };
        let _ =
            writeln!(s, "        <dmn:variable id=\"_{}\" name=\"{}\" typeRef=\"{type_ref}\"/>", rng.uuid(), d.naam);
        for &i in &d.inputs {
            let _ = write!(
                s,
                "        <dmn:informationRequirement>\n            <dmn:requiredInput href=\"#input{}\"/>\n        </dmn:informationRequirement>\n",
                i + 1
            );
        }
        for &r in &d.decisions {
            let _ = write!(
                s,
                "        <dmn:informationRequirement>\n            <dmn:requiredDecision href=\"#decision{}\"/>\n        </dmn:informationRequirement>\n",
                r + 1
            );
        }
        let t = &d.table;
        let _ = writeln!(s, "        <dmn:decisionTable hitPolicy=\"{}\" id=\"_{}\">", t.hit_policy, rng.uuid());
        for c in &t.columns {
            let _ = write!(
                s,
                "            <dmn:input id=\"_{}\" label=\"{c}\">\n                <dmn:inputExpression>\n                    <dmn:text>{c}</dmn:text>\n                </dmn:inputExpression>\n            </dmn:input>\n",
                rng.uuid()
            );
        }
        let _ = writeln!(s, "            <dmn:output id=\"_{}\" label=\"{}\">", rng.uuid(), d.naam);
        if let Some(v) = &t.output_values {
            let _ = write!(
                s,
                "                <dmn:outputValues>\n                    <dmn:text>{v}</dmn:text>\n                </dmn:outputValues>\n"
            );
        }
        s.push_str("            </dmn:output>\n");
        for (cells, out) in &t.rows {
            let _ = writeln!(s, "            <dmn:rule id=\"_{}\">", rng.uuid());
            for c in cells {
                let _ = write!(
                    s,
                    "                <dmn:inputEntry id=\"_{}\">\n                    <dmn:text>{c}</dmn:text>\n                </dmn:inputEntry>\n",
                    rng.uuid()
                );
            }
            let _ = write!(
                s,
                "                <dmn:outputEntry id=\"_{}\">\n                    <dmn:text>{out}</dmn:text>\n                </dmn:outputEntry>\n            </dmn:rule>\n",
                rng.uuid()
            );
        }
        s.push_str("        </dmn:decisionTable>\n    </dmn:decision>\n");
    }
    s.push_str("</dmn:definitions>\n");
    s.into_bytes()
}

const CONCLUSIES: &str = "\"NietVanToepassing\",\"NeemContactOpMet\",\"Meldingsplicht\",\"Vergunningplicht\",\"Informatieplicht\",\"Toestemmingsvrij\",\"Verbod\"";

/// A yes/no question: a herbruikbare vraag about a quarter of the time.
fn ja_nee(rng: &mut Rng, naam: String) -> Input {
    let (tekst, herbruikbaar) = if rng.chance(0.25) {
        let (h, t) = HERBRUIKBAAR[rng.below(HERBRUIKBAAR.len())];
        (t.to_string(), Some(h))
    } else {
        (JA_NEE_VRAGEN[rng.below(JA_NEE_VRAGEN.len())].to_string(), None)
    };
    Input { naam, type_ref: "boolean", uitv: Uitv::Vraag { tekst, herbruikbaar, type_: "boolean", opties: Vec::new() } }
}

fn geo(code: &str, rng: &mut Rng, naam: String) -> Input {
    Input {
        naam,
        type_ref: "boolean",
        uitv: Uitv::Geo { locatie: format!("nl.imow-{code}.gebied.{}", 2_019_000_000 + rng.below(5000)) },
    }
}

/// An input named as the Vinfo exporter names them: its uitvoeringsregel's uuid.
fn uuid_naam(rng: &mut Rng) -> String {
    format!("_{}", rng.uuid())
}

/// The five Conclusie shapes; `kies` picks one by the proportions of the module docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Vorm {
    Getal,
    Kappen,
    Paden,
    Lijst,
    Cross,
}

fn kies(rng: &mut Rng) -> Vorm {
    match rng.below(100) {
        0..20 => Vorm::Getal,
        20..45 => Vorm::Kappen,
        45..65 => Vorm::Paden,
        65..80 => Vorm::Lijst,
        _ => Vorm::Cross,
    }
}

/// Expected uitvoeringsregels of a Conclusie file over the shape mix (getal 1, kappen 4, paden 5.5, lijst 4,
/// cross 4), to spread the rest over the Indieningsvereisten files.
const CONCLUSIE_UITV: f64 = 0.20 * 1.0 + 0.25 * 4.0 + 0.20 * 5.5 + 0.15 * 4.0 + 0.20 * 4.0;

fn conclusie(rng: &mut Rng, code: &str, naam: &str, act: &str) -> File {
    let top_naam = format!("Besluit - {naam}");
    let koppeling = Some(format!("Conclusie{act}"));
    let mut f = File {
        naam: format!("Conclusie {naam} - Initiele versie"),
        regelgroep: naam.to_string(),
        inputs: Vec::new(),
        decisions: Vec::new(),
    };
    match kies(rng) {
        Vorm::Getal => {
            let (lo, hi) = (10 + 5 * rng.below(4), 30 + 10 * rng.below(4));
            f.inputs.push(Input {
                naam: "oppervlakte m2".into(),
                type_ref: "number",
                uitv: Uitv::Vraag {
                    tekst: "Wat is de oppervlakte in m2?".into(),
                    herbruikbaar: None,
                    type_: "number",
                    opties: Vec::new(),
                },
            });
            f.decisions.push(Decision {
                naam: top_naam,
                type_ref: "TConclusie",
                koppeling,
                inputs: vec![0],
                decisions: vec![],
                table: Table {
                    hit_policy: "UNIQUE",
                    columns: vec!["oppervlakte m2".into()],
                    output_values: Some(CONCLUSIES.into()),
                    rows: vec![
                        (vec![format!("&lt;{lo}")], q("Toestemmingsvrij")),
                        (vec![format!("[{lo}..{hi})")], q("Meldingsplicht")),
                        (vec![format!("&gt;={hi}")], q("Vergunningplicht")),
                    ],
                },
            });
        }
        Vorm::Kappen => {
            let grens = 30 + 10 * rng.below(5);
            f.inputs.push(Input {
                naam: "stamomtrek".into(),
                type_ref: "number",
                uitv: Uitv::Vraag {
                    tekst: "Wat is de stamomtrek in cm?".into(),
                    herbruikbaar: None,
                    type_: "number",
                    opties: Vec::new(),
                },
            });
            for k in 0..3 {
                let inp = ja_nee(rng, format!("vraag {}", k + 1));
                f.inputs.push(inp);
            }
            f.decisions.push(Decision {
                naam: top_naam,
                type_ref: "TConclusie",
                koppeling,
                inputs: vec![0, 1],
                decisions: vec![1],
                table: Table {
                    hit_policy: "UNIQUE",
                    columns: vec!["stamomtrek".into(), "vraag 1".into(), "uitzondering".into()],
                    output_values: Some(CONCLUSIES.into()),
                    rows: vec![
                        (vec![format!("&lt; {grens}"), "-".into(), "-".into()], q("Toestemmingsvrij")),
                        (vec![format!("&gt;= {grens}"), "false".into(), "-".into()], q("Toestemmingsvrij")),
                        (vec![format!("&gt;= {grens}"), "true".into(), "true".into()], q("Toestemmingsvrij")),
                        (vec![format!("&gt;= {grens}"), "true".into(), "false".into()], q("Vergunningplicht")),
                    ],
                },
            });
            f.decisions.push(Decision {
                naam: "uitzondering".into(),
                type_ref: "boolean",
                koppeling: None,
                inputs: vec![2, 3],
                decisions: vec![],
                table: Table {
                    hit_policy: "UNIQUE",
                    columns: vec!["vraag 2".into(), "vraag 3".into()],
                    output_values: None,
                    rows: vec![
                        (vec!["true".into(), "-".into()], "true".into()),
                        (vec!["false".into(), "true".into()], "true".into()),
                        (vec!["false".into(), "false".into()], "false".into()),
                    ],
                },
            });
        }
        Vorm::Paden => {
            // a location question and 3–6 yes/no questions, one "Pad" decision each (the last two share one)
            let n = 3 + rng.below(4);
            let geo_naam = uuid_naam(rng);
            f.inputs.push(geo(code, rng, geo_naam));
            for _ in 0..n {
                let naam = uuid_naam(rng);
                f.inputs.push(ja_nee(rng, naam));
            }
            for p in 0..n {
                let (ins, cells): (Vec<usize>, Vec<Vec<String>>) = if p + 1 == n {
                    // the last path reads two questions: both yes → Vergunningplicht
                    (
                        vec![p, p + 1],
                        vec![
                            vec!["true".into(), "true".into()],
                            vec!["false".into(), "-".into()],
                            vec!["-".into(), "false".into()],
                        ],
                    )
                } else {
                    (vec![p], vec![vec!["true".into()], vec!["false".into()]])
                };
                let columns: Vec<String> = ins.iter().map(|&i| f.inputs[i].naam.clone()).collect();
                let rows = cells
                    .into_iter()
                    .enumerate()
                    .map(|(r, c)| (c, if r == 0 { q("Vergunningplicht") } else { q("no hit") }))
                    .collect();
                f.decisions.push(Decision {
                    naam: format!("Pad {}", p + 1),
                    type_ref: "string",
                    koppeling: None,
                    inputs: ins,
                    decisions: vec![],
                    table: Table {
                        hit_policy: "ANY",
                        columns,
                        output_values: Some("\"Vergunningplicht\",\"no hit\"".into()),
                        rows,
                    },
                });
            }
            let columns: Vec<String> = (1..=n).map(|p| format!("Pad {p}")).collect();
            let mut rows: Vec<(Vec<String>, String)> = (0..n)
                .map(|p| {
                    (
                        (0..n).map(|c| if c == p { q("Vergunningplicht") } else { "-".into() }).collect(),
                        q("Vergunningplicht"),
                    )
                })
                .collect();
            rows.push(((0..n).map(|_| q("no hit")).collect(), q("Toestemmingsvrij")));
            // the top decision reads the paths (decisions 0..n), written last as the Vinfo exporter does
            f.decisions.push(Decision {
                naam: "_Conclusie_dummy".into(),
                type_ref: "string",
                koppeling,
                inputs: vec![],
                decisions: (0..n).collect(),
                table: Table {
                    hit_policy: "ANY",
                    columns,
                    output_values: Some("\"Vergunningplicht\",\"Toestemmingsvrij\"".into()),
                    rows,
                },
            });
        }
        Vorm::Lijst => {
            for k in 0..2 {
                let inp = ja_nee(rng, format!("erf {}", k + 1));
                f.inputs.push(inp);
            }
            let n_opties = 3 + rng.below(2);
            f.inputs.push(Input {
                naam: "plan".into(),
                type_ref: "string",
                uitv: Uitv::Vraag {
                    tekst: "Wat wilt u gaan doen?".into(),
                    herbruikbaar: None,
                    type_: "list",
                    opties: OPTIES[..n_opties].to_vec(),
                },
            });
            let inp = ja_nee(rng, "vormboom".into());
            f.inputs.push(inp);
            f.decisions.push(Decision {
                naam: top_naam,
                type_ref: "string",
                koppeling,
                inputs: vec![],
                decisions: vec![1, 2],
                table: Table {
                    hit_policy: "ANY",
                    columns: vec!["Beschermde boom".into(), "Boomplan".into()],
                    output_values: Some("\"Vergunningplicht\",\"Toestemmingsvrij\",\"Meldingsplicht\"".into()),
                    rows: vec![
                        (vec![q("nee"), "-".into()], q("Toestemmingsvrij")),
                        (vec![q("nvt"), "false".into()], q("Vergunningplicht")),
                        (vec![q("nvt"), "true".into()], q("Meldingsplicht")),
                        (vec![q("ja"), "false".into()], q("Vergunningplicht")),
                        (vec![q("ja"), "true".into()], q("Toestemmingsvrij")),
                    ],
                },
            });
            f.decisions.push(Decision {
                naam: "Beschermde boom".into(),
                type_ref: "string",
                koppeling: None,
                inputs: vec![0, 1],
                decisions: vec![],
                table: Table {
                    hit_policy: "ANY",
                    columns: vec!["erf 1".into(), "erf 2".into()],
                    output_values: Some("\"ja\",\"nee\",\"nvt\"".into()),
                    rows: vec![
                        (vec!["true".into(), "true".into()], q("ja")),
                        (vec!["true".into(), "false".into()], q("nee")),
                        (vec!["false".into(), "-".into()], q("nvt")),
                    ],
                },
            });
            // "Plan": true when the choice needs no permit (pruning little), else per vormboom
            let mut rows = vec![(vec![q(OPTIES[0]), "-".into()], "false".into())];
            for o in &OPTIES[1..n_opties] {
                rows.push((vec![q(o), "true".into()], "true".into()));
                rows.push((vec![q(o), "false".into()], if *o == OPTIES[2] { "true" } else { "false" }.into()));
            }
            f.decisions.push(Decision {
                naam: "Boomplan".into(),
                type_ref: "boolean",
                koppeling: None,
                inputs: vec![2, 3],
                decisions: vec![],
                table: Table {
                    hit_policy: "ANY",
                    columns: vec!["plan".into(), "vormboom".into()],
                    output_values: None,
                    rows,
                },
            });
        }
        Vorm::Cross => {
            // builder shape: a three-valued location question, 2–4 yes/no questions, paths, a _cross join
            let n = 2 + rng.below(3);
            let geo_naam = format!("ligt in gebied {}", 1 + rng.below(9));
            f.inputs.push(geo(code, rng, geo_naam));
            for k in 0..n {
                let inp = ja_nee(rng, format!("vraag pad {}", k + 2));
                f.inputs.push(inp);
            }
            let mut paden = Vec::new();
            for p in 0..=n {
                let label = format!("Vergunningplicht pad {}_", p + 1);
                let col = f.inputs[p].naam.clone();
                let rows = if p == 0 {
                    vec![(vec![format!("{}, {}", q("ja"), q("deels"))], q(&label)), (vec![q("nee")], q("no hit"))]
                } else {
                    vec![(vec!["true".into()], q(&label)), (vec!["false".into()], q("no hit"))]
                };
                paden.push(f.decisions.len());
                f.decisions.push(Decision {
                    naam: format!("Vergunningplicht pad {}", p + 1),
                    type_ref: "string",
                    koppeling: None,
                    inputs: vec![p],
                    decisions: vec![],
                    table: Table { hit_policy: "UNIQUE", columns: vec![col], output_values: None, rows },
                });
            }
            // the _cross decision joins the paths: the first path that fired, else "no hit"
            let columns: Vec<String> = (0..=n).map(|p| format!("Vergunningplicht pad {}", p + 1)).collect();
            let mut rows: Vec<(Vec<String>, String)> = (0..=n)
                .map(|p| {
                    let label = q(&format!("Vergunningplicht pad {}_", p + 1));
                    ((0..=n).map(|c| if c == p { label.clone() } else { "-".into() }).collect(), label)
                })
                .collect();
            rows.push(((0..=n).map(|_| "-".into()).collect(), q("no hit")));
            let cross = f.decisions.len();
            f.decisions.push(Decision {
                naam: "Vergunningplicht_cross".into(),
                type_ref: "string",
                koppeling: None,
                inputs: vec![],
                decisions: paden,
                table: Table { hit_policy: "FIRST", columns, output_values: None, rows },
            });
            let mut rows: Vec<(Vec<String>, String)> = (0..=n)
                .map(|p| {
                    (
                        vec![format!("if ?=null then false else contains(?,\"Vergunningplicht pad {}_\")", p + 1)],
                        q("Vergunningplicht"),
                    )
                })
                .collect();
            rows.push((vec![q("no hit")], q("Toestemmingsvrij")));
            f.decisions.push(Decision {
                naam: top_naam,
                type_ref: "string",
                koppeling,
                inputs: vec![],
                decisions: vec![cross],
                table: Table {
                    hit_policy: "RULE ORDER",
                    columns: vec!["Vergunningplicht_cross".into()],
                    output_values: None,
                    rows,
                },
            });
        }
    }
    f
}

/// An Indieningsvereisten file with `n` uitvoeringsregels: a bijlage first, then questions; an ANY table that needs
/// each of them (`not(null)`).
fn indieningsvereisten(rng: &mut Rng, naam: &str, act: &str, toestemming: &str, n: usize) -> File {
    let mut f = File {
        naam: format!("Indieningsvereisten {toestemming} {naam} - Initiele versie"),
        regelgroep: naam.to_string(),
        inputs: Vec::new(),
        decisions: Vec::new(),
    };
    for k in 0..n.max(1) {
        if k == 0 || rng.chance(0.3) {
            let (soort, toelichting) = BIJLAGEN[rng.below(BIJLAGEN.len())];
            f.inputs.push(Input {
                naam: format!("bijlage {}", k + 1),
                type_ref: "boolean",
                uitv: Uitv::Bijlage { soort, toelichting },
            });
        } else {
            let inp = ja_nee(rng, format!("gegeven {}", k + 1));
            f.inputs.push(inp);
        }
    }
    let columns: Vec<String> = f.inputs.iter().map(|i| i.naam.clone()).collect();
    let m = columns.len();
    let rows = (0..m)
        .map(|r| ((0..m).map(|c| if c == r { "not(null)".to_string() } else { "-".into() }).collect(), "true".into()))
        .collect();
    f.decisions.push(Decision {
        naam: format!("Indieningsvereisten {toestemming}"),
        type_ref: "boolean",
        koppeling: Some(format!("Indieningsvereisten{toestemming}{act}")),
        inputs: (0..m).collect(),
        decisions: vec![],
        table: Table { hit_policy: "ANY", columns, output_values: None, rows },
    });
    f
}

fn activiteit_json(bestuurslaag: &str, werkzaamheid: &str, melding: bool) -> Vec<u8> {
    let mut rbo = vec![
        serde_json::json!({"typering": "Conclusie"}),
        serde_json::json!({"typering": "Indieningsvereisten", "toestemming": {"code": "Vergunning"}}),
    ];
    if melding {
        rbo.push(serde_json::json!({"typering": "Indieningsvereisten", "toestemming": {"code": "Melding"}}));
    }
    serde_json::to_vec_pretty(&serde_json::json!({
        "typering": "Overige",
        "magneet": false,
        "toonbaar": true,
        "verfijnbaar": false,
        "regelbeheerobjecten": rbo,
        "werkzaamheden": [{"urn": werkzaamheid}],
        "aansluitpunten": [],
        "bevoegdGezag": {"bestuurslaag": bestuurslaag},
        "begindatum": "01-01-2024"
    }))
    .unwrap_or_default()
}

/// Generates the whole set. Deterministic: the same config gives the same bytes.
pub fn set(cfg: &SynthConfig) -> SynthSet {
    let mut rng = Rng::new(cfg.seed);
    let ns = cfg.namespaces.max(1);
    let gezagen = cfg.gezagen.clamp(1, ns);
    // files beyond Conclusie + Indieningsvereisten Vergunning are Melding files
    let p_melding = ((cfg.bestanden as f64 - 2.0 * ns as f64) / ns as f64).clamp(0.0, 1.0);
    let iv_files = ns as f64 * (1.0 + p_melding);
    let iv_gem = ((cfg.uitvoeringsregels as f64 - ns as f64 * CONCLUSIE_UITV) / iv_files).max(1.0);
    let mut out = SynthSet::default();
    let mut per_gezag = vec![0usize; gezagen];
    for i in 0..ns {
        let g = i % gezagen;
        let k = per_gezag[g];
        per_gezag[g] += 1;
        let (code, laag) = gezag(g, gezagen);
        let act = format!("nl.imow-{code}.activiteit.{}", 2_019_000_000 + k * 10);
        let (basis, werkzaamheid) = ACTIVITEITEN[(k + g) % ACTIVITEITEN.len()];
        let naam = match k / ACTIVITEITEN.len() {
            0 => basis.to_string(),
            r => format!("{basis} ({})", r + 1),
        };
        let melding = rng.chance(p_melding);
        let mut files = vec![("conclusie".to_string(), conclusie(&mut rng, &code, &naam, &act))];
        for t in ["Vergunning", "Melding"] {
            if t == "Melding" && !melding {
                continue;
            }
            let n = iv_gem.floor() as usize + usize::from(rng.chance(iv_gem.fract()));
            files.push((
                format!("indieningsvereisten-{}", t.to_lowercase()),
                indieningsvereisten(&mut rng, &naam, &act, t, n),
            ));
        }
        for (soort, f) in files {
            out.uitvoeringsregels += f.inputs.len();
            let fl = flavour(&mut rng);
            let bytes = write_dmn(&mut rng, g, &f, fl);
            out.dmn.push((format!("{code}/{act}/{soort}.dmn"), bytes));
        }
        out.activiteiten.push((format!("{code}/{act}.json"), activiteit_json(laag, werkzaamheid, melding)));
        out.activiteit_ids.push(act);
    }
    out
}

/// A random answer to a question of the check, of the kind it asks (to walk random answer paths).
pub fn antwoord(rng: &mut Rng, vraag: &crate::Vraag) -> serde_json::Value {
    match vraag.type_ {
        "boolean" => serde_json::Value::Bool(rng.chance(0.5)),
        "number" => serde_json::json!(rng.below(80)),
        "list" if !vraag.opties.is_empty() => serde_json::json!(vraag.opties[rng.below(vraag.opties.len())].waarde),
        "geoVerwijzing" => serde_json::json!(["ja", "nee", "deels"][rng.below(3)]),
        _ => serde_json::json!("onbekend"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Catalog, CheckRequest, CheckState, OnbekendeKaart, import_activiteit_json, import_dmn, step};
    use std::collections::BTreeMap;

    #[test]
    fn a_small_generated_set_imports_and_every_check_on_it_reaches_a_conclusion() {
        let s = set(&SynthConfig::national(0.002));
        let mut catalog = Catalog::default();
        for (name, bytes) in &s.dmn {
            catalog.add_models(import_dmn(name, bytes).unwrap_or_else(|e| panic!("{name}: {e}")));
        }
        for (name, bytes) in &s.activiteiten {
            catalog.add_activiteiten([import_activiteit_json(name, bytes).unwrap()]);
        }
        let uitv: usize = catalog.models().iter().map(|m| m.uitvoeringsregels.len()).sum();
        assert_eq!(uitv, s.uitvoeringsregels);
        let mut rng = Rng::new(7);
        let mut vragen = 0;
        for act in &s.activiteit_ids {
            let mut antwoorden = BTreeMap::new();
            let conclusie = loop {
                let req = CheckRequest {
                    activiteiten: vec![act.clone()],
                    antwoorden: antwoorden.clone(),
                    locatie: None,
                    geo: &OnbekendeKaart,
                };
                match step(&catalog, &req).unwrap_or_else(|e| panic!("{act}: {e}")) {
                    CheckState::Vraag { vraag } => {
                        assert!(antwoorden.len() < 12, "{act}: no conclusion after {} answers", antwoorden.len());
                        vragen += 1;
                        antwoorden.insert(vraag.id.clone(), antwoord(&mut rng, &vraag));
                    }
                    CheckState::Conclusie { conclusies, .. } => break conclusies,
                }
            };
            assert_eq!(conclusie.len(), 1);
            assert_ne!(conclusie[0].conclusie, crate::Conclusie::Onbepaald, "{act}: {:?}", antwoorden);
        }
        assert!(vragen > s.activiteit_ids.len(), "every check asks at least one question");
    }

    #[test]
    fn the_same_seed_gives_the_same_bytes() {
        let cfg = SynthConfig::national(0.001);
        let (a, b) = (set(&cfg), set(&cfg));
        assert_eq!(a.dmn, b.dmn);
        assert_eq!(a.activiteiten, b.activiteiten);
    }

    #[test]
    fn the_national_scale_has_the_registers_proportions() {
        let cfg = SynthConfig::national(1.0);
        assert_eq!((cfg.gezagen, cfg.namespaces, cfg.bestanden, cfg.uitvoeringsregels), (376, 17_600, 52_500, 118_000));
        let s = set(&SynthConfig::national(0.02));
        let per_file = s.uitvoeringsregels as f64 / s.dmn.len() as f64;
        assert!((2.0..2.5).contains(&per_file), "{per_file} uitvoeringsregels per file");
        assert!((2.9..3.05).contains(&(s.dmn.len() as f64 / s.activiteit_ids.len() as f64)));
    }
}
