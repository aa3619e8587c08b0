//! The estimate: which lines of a table an application takes, what each costs and how that was computed, in
//! integer cents; and the refund when an application is withdrawn or refused.

use crate::geld::{Procent, euro};
use crate::tabel::{Bedrag, Regel, Tarief, Tarieventabel, ToeslagSoort, Voor, Voorwaarde};
use serde::Serialize;

/// One activity of an application: its IMOW id, its name (for the line) and its groups.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Activiteit {
    pub id: String,
    pub naam: String,
    pub groepen: Vec<String>,
}

/// What the application tells that a reduction may depend on.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Feiten {
    /// The application was complete when it was submitted.
    pub compleet_bij_indiening: bool,
    /// The neighbours' consent is attached.
    pub toestemming_buren: bool,
    /// What the applicant paid for a quickscan beforehand (cents).
    pub quickscan_betaald_cent: Option<i64>,
}

/// The question: what does this application cost?
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Vraag {
    pub activiteiten: Vec<Activiteit>,
    pub bouwkosten_cent: Option<i64>,
    /// The uitgebreide voorbereidingsprocedure applies.
    pub uitgebreide_procedure: bool,
    pub feiten: Feiten,
    /// The service level asked for (`spoed`, `begeleid`, `ontzorgd`, …).
    pub dienstverlening: Option<String>,
}

/// One line of the estimate (as stored with an assessment, and read back).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Legesregel {
    /// What the line is for.
    pub omschrijving: String,
    /// Where the table says so (the article of the tarieventabel).
    pub grondslag: String,
    /// How the amount was computed, in words: `2,5 % van € 25.000,00 = € 625,00`.
    pub berekening: String,
    /// In cents; negative for a reduction or a refund.
    pub bedrag_cent: i64,
}

/// The estimate: its lines and their sum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Raming {
    /// The table it follows.
    pub tabel: String,
    pub jaar: i32,
    pub regels: Vec<Legesregel>,
    /// The sum of the lines, in cents.
    pub totaal_cent: i64,
    /// What is needed for lines not yet computed: `bouwkosten`.
    pub ontbreekt: Vec<String>,
    /// Activities the table has no line for (their names).
    pub zonder_tarief: Vec<String>,
}

/// The stage at which an application ends without a permit, for the refund.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stadium {
    IngetrokkenVoorBehandeling,
    IngetrokkenInBehandeling,
    Geweigerd,
}

impl Stadium {
    pub fn parse(s: &str) -> Option<Stadium> {
        match s {
            "ingetrokken_voor_behandeling" => Some(Stadium::IngetrokkenVoorBehandeling),
            "ingetrokken_in_behandeling" => Some(Stadium::IngetrokkenInBehandeling),
            "geweigerd" => Some(Stadium::Geweigerd),
            _ => None,
        }
    }

    /// The refund line's description when the table gives none.
    pub fn omschrijving(self) -> &'static str {
        match self {
            Stadium::IngetrokkenVoorBehandeling => "Teruggaaf: aanvraag ingetrokken voordat de behandeling begon",
            Stadium::IngetrokkenInBehandeling => "Teruggaaf: aanvraag ingetrokken tijdens de behandeling",
            Stadium::Geweigerd => "Teruggaaf: vergunning geweigerd",
        }
    }
}

/// The estimate of what an application costs under a table. Pure: the same question gives the same lines.
pub fn bereken(tabel: &Tarieventabel, vraag: &Vraag) -> Raming {
    let afronding = tabel.afronding;
    let mut regels: Vec<Legesregel> = Vec::new();
    let mut ontbreekt: Vec<String> = Vec::new();
    let mut zonder_tarief = Vec::new();
    let mut gebruikt: Vec<&str> = Vec::new();
    for a in &vraag.activiteiten {
        let Some(regel) = kies(tabel, a) else {
            zonder_tarief.push(if a.naam.is_empty() { a.id.clone() } else { a.naam.clone() });
            continue;
        };
        if gebruikt.contains(&regel.id.as_str()) {
            continue;
        }
        gebruikt.push(&regel.id);
        match activiteitregel(regel, vraag.bouwkosten_cent, afronding) {
            Some(r) => regels.push(r),
            None if !ontbreekt.iter().any(|o| o == "bouwkosten") => ontbreekt.push("bouwkosten".into()),
            None => {}
        }
    }
    let activiteiten_cent: i64 = regels.iter().map(|r| r.bedrag_cent).sum();
    let bedrag = |b: Bedrag, aantal: i64| -> (i64, String) {
        match b {
            Bedrag::Vast(c) if aantal == 1 => (c, "vast bedrag".into()),
            Bedrag::Vast(c) => {
                let t = c.saturating_mul(aantal);
                (t, format!("{aantal} × {} = {}", euro(c), euro(t)))
            }
            Bedrag::Procent(p) => {
                let t = p.van(activiteiten_cent, afronding).saturating_mul(aantal);
                (t, format!("{p} van {} = {}", euro(activiteiten_cent), euro(t)))
            }
        }
    };
    for t in &tabel.toeslagen {
        let aantal = match t.soort {
            ToeslagSoort::PerExtraActiviteit => vraag.activiteiten.len().saturating_sub(1) as i64,
            ToeslagSoort::UitgebreideProcedure => i64::from(vraag.uitgebreide_procedure),
        };
        if aantal > 0 {
            let (bedrag_cent, berekening) = bedrag(t.bedrag, aantal);
            regels.push(Legesregel {
                omschrijving: t.omschrijving.clone(),
                grondslag: t.grondslag.clone(),
                berekening,
                bedrag_cent,
            });
        }
    }
    if let Some(d) = vraag.dienstverlening.as_deref().and_then(|n| tabel.dienstverlening.iter().find(|d| d.niveau == n))
    {
        let (bedrag_cent, berekening) = bedrag(d.bedrag, 1);
        regels.push(Legesregel {
            omschrijving: d.omschrijving.clone(),
            grondslag: d.grondslag.clone(),
            berekening,
            bedrag_cent,
        });
    }
    for k in &tabel.kortingen {
        let feiten = &vraag.feiten;
        let (gewenst, berekening) = match (k.voorwaarde, k.bedrag) {
            (Voorwaarde::CompleetBijIndiening, _) if !feiten.compleet_bij_indiening => continue,
            (Voorwaarde::ToestemmingBuren, _) if !feiten.toestemming_buren => continue,
            (Voorwaarde::QuickscanBetaald, _) if feiten.quickscan_betaald_cent.is_none_or(|c| c <= 0) => continue,
            (Voorwaarde::QuickscanBetaald, None) => {
                let c = feiten.quickscan_betaald_cent.unwrap_or(0);
                (c, format!("betaald voor de quickscan: {}", euro(c)))
            }
            (_, Some(b)) => bedrag(b, 1),
            (_, None) => continue,
        };
        let stand: i64 = regels.iter().map(|r| r.bedrag_cent).sum();
        let korting = gewenst.min(stand).max(0);
        if korting == 0 {
            continue;
        }
        let berekening = if korting < gewenst {
            format!("{berekening}, ten hoogste wat nog te betalen is: {}", euro(korting))
        } else {
            berekening
        };
        regels.push(Legesregel {
            omschrijving: k.omschrijving.clone(),
            grondslag: k.grondslag.clone(),
            berekening,
            bedrag_cent: -korting,
        });
    }
    let totaal_cent = regels.iter().map(|r| r.bedrag_cent).sum();
    Raming { tabel: tabel.naam.clone(), jaar: tabel.jaar, regels, totaal_cent, ontbreekt, zonder_tarief }
}

/// The refund for an application that ends at `stadium`, of the fees paid (`totaal_cent`): a line with a negative
/// amount, or None when the table refunds nothing then.
pub fn teruggaaf(tabel: &Tarieventabel, totaal_cent: i64, stadium: Stadium) -> Option<Legesregel> {
    let t = tabel.teruggaven.iter().find(|t| t.stadium == stadium)?;
    let bedrag = t.procent.van(totaal_cent.max(0), tabel.afronding);
    (bedrag > 0).then(|| Legesregel {
        omschrijving: t.omschrijving.clone(),
        grondslag: t.grondslag.clone(),
        berekening: format!("{} van {} = {}", t.procent, euro(totaal_cent), euro(bedrag)),
        bedrag_cent: -bedrag,
    })
}

/// The line an activity takes: the one with its own id, else the first of one of its groups.
fn kies<'a>(tabel: &'a Tarieventabel, a: &Activiteit) -> Option<&'a Regel> {
    tabel.regels.iter().find(|r| r.voor == Voor::Activiteit(a.id.clone())).or_else(|| {
        tabel.regels.iter().find(|r| matches!(&r.voor, Voor::Groep(g) if a.groepen.iter().any(|ag| ag == g)))
    })
}

/// A line for an activity; None when it needs the building costs and they are not known.
fn activiteitregel(regel: &Regel, bouwkosten: Option<i64>, afronding: crate::geld::Afronding) -> Option<Legesregel> {
    let (berekend, mut berekening) = match &regel.tarief {
        Tarief::Vast(c) => (*c, "vast bedrag".to_string()),
        Tarief::Bouwkosten(p) => {
            let b = bouwkosten?.max(0);
            let c = p.van(b, afronding);
            (c, format!("{p} van {} = {}", euro(b), euro(c)))
        }
        Tarief::Schijven(schijven) => {
            let b = bouwkosten?.max(0);
            let (c, delen) = schijven_van(schijven, b, afronding);
            (c, format!("bouwkosten {}: {} = {}", euro(b), delen.join(" + "), euro(c)))
        }
    };
    let mut bedrag_cent = berekend;
    if let Some(min) = regel.minimum_cent
        && bedrag_cent < min
    {
        bedrag_cent = min;
        berekening = format!("{berekening}; het minimum is {}", euro(min));
    }
    if let Some(max) = regel.maximum_cent
        && bedrag_cent > max
    {
        bedrag_cent = max;
        berekening = format!("{berekening}; het maximum is {}", euro(max));
    }
    Some(Legesregel {
        omschrijving: regel.omschrijving.clone(),
        grondslag: regel.grondslag.clone(),
        berekening,
        bedrag_cent,
    })
}

/// Each part of the building costs at its rate, summed; the parts in words.
fn schijven_van(
    schijven: &[(Option<i64>, Procent)],
    bouwkosten: i64,
    afronding: crate::geld::Afronding,
) -> (i64, Vec<String>) {
    let mut vanaf = 0;
    let mut totaal = 0;
    let mut delen = Vec::new();
    for (tot, p) in schijven {
        if bouwkosten <= vanaf {
            break;
        }
        let boven = tot.map_or(bouwkosten, |t| t.min(bouwkosten));
        let deel = boven - vanaf;
        let c = p.van(deel, afronding);
        delen.push(format!("{p} van {}", euro(deel)));
        totaal += c;
        vanaf = tot.unwrap_or(bouwkosten);
    }
    if delen.is_empty() {
        delen.push(euro(0));
    }
    (totaal, delen)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const TABEL: &str = r#"
gezag = "gm9999"
jaar = 2026
naam = "Tarieventabel leges 2026"
geldig_vanaf = 2026-01-01

[[regel]]
id = "dakkapel"
activiteit = "nl.imow-gm9999.activiteit.dakkapel"
omschrijving = "Dakkapel"
grondslag = "artikel 2.3.1.1"
bedrag_cent = 35000

[[regel]]
id = "bouwen"
groep = "bouwen"
omschrijving = "Bouwactiviteit"
grondslag = "artikel 2.3.1.2"
bouwkosten_procent = 2.5
minimum_cent = 15000
maximum_cent = 5000000

[[regel]]
id = "kappen"
groep = "kappen"
omschrijving = "Kappen"
grondslag = "artikel 2.3.5"
bedrag_cent = 9500

[[toeslag]]
id = "extra"
soort = "per_extra_activiteit"
omschrijving = "Elke activiteit meer"
grondslag = "artikel 2.1.3"
bedrag_cent = 5000

[[toeslag]]
id = "uitgebreid"
soort = "uitgebreide_procedure"
omschrijving = "Uitgebreide procedure"
grondslag = "artikel 2.1.4"
procent = 20

[[korting]]
id = "compleet"
voorwaarde = "compleet_bij_indiening"
omschrijving = "Volledige aanvraag"
grondslag = "artikel 1.6.1"
procent = 10

[[korting]]
id = "quickscan"
voorwaarde = "quickscan_betaald"
omschrijving = "Quickscan al betaald"
grondslag = "artikel 1.6.3"

[[teruggaaf]]
stadium = "geweigerd"
procent = 25
grondslag = "artikel 1.8.3"

[[dienstverlening]]
niveau = "spoed"
omschrijving = "Spoed"
grondslag = "artikel 1.9.1"
bedrag_cent = 25000
"#;

    fn tabel() -> Tarieventabel {
        Tarieventabel::lees("leges.toml", TABEL).unwrap()
    }

    fn bijbehorend() -> Activiteit {
        Activiteit {
            id: "nl.imow-gm9999.activiteit.bijbehorendbouwwerk".into(),
            naam: "Bijbehorend bouwwerk bouwen".into(),
            groepen: vec!["bouwen".into()],
        }
    }

    #[test]
    fn a_building_cost_line_is_a_percentage_with_its_computation() {
        let vraag = Vraag { activiteiten: vec![bijbehorend()], bouwkosten_cent: Some(2_500_000), ..Vraag::default() };
        let r = bereken(&tabel(), &vraag);
        assert_eq!(r.regels.len(), 1);
        assert_eq!(r.regels[0].berekening, "2,5 % van € 25.000,00 = € 625,00");
        assert_eq!((r.regels[0].bedrag_cent, r.totaal_cent), (62_500, 62_500));
        assert!(r.ontbreekt.is_empty());
    }

    #[test]
    fn without_building_costs_the_line_waits_and_says_what_is_missing() {
        let vraag = Vraag { activiteiten: vec![bijbehorend()], ..Vraag::default() };
        let r = bereken(&tabel(), &vraag);
        assert_eq!((r.regels.len(), r.totaal_cent, r.ontbreekt.as_slice()), (0, 0, &["bouwkosten".to_string()][..]));
    }

    #[test]
    fn the_minimum_applies_to_small_works() {
        let vraag = Vraag { activiteiten: vec![bijbehorend()], bouwkosten_cent: Some(100_000), ..Vraag::default() };
        let r = bereken(&tabel(), &vraag);
        assert_eq!(r.totaal_cent, 15_000);
        assert!(r.regels[0].berekening.ends_with("het minimum is € 150,00"), "{}", r.regels[0].berekening);
    }

    #[test]
    fn an_own_line_wins_over_the_group_and_an_extra_activity_costs_a_surcharge() {
        let dakkapel = Activiteit {
            id: "nl.imow-gm9999.activiteit.dakkapel".into(),
            naam: "Dakkapel plaatsen".into(),
            groepen: vec!["bouwen".into()],
        };
        let boom = Activiteit { id: "kap".into(), naam: "Kappen".into(), groepen: vec!["kappen".into()] };
        let vraag = Vraag { activiteiten: vec![dakkapel, boom], ..Vraag::default() };
        let r = bereken(&tabel(), &vraag);
        let bedragen: Vec<i64> = r.regels.iter().map(|l| l.bedrag_cent).collect();
        assert_eq!(bedragen, [35_000, 9_500, 5_000]);
        assert_eq!(r.totaal_cent, 49_500);
    }

    #[test]
    fn reductions_follow_the_facts_and_the_quickscan_is_deducted() {
        let vraag = Vraag {
            activiteiten: vec![bijbehorend()],
            bouwkosten_cent: Some(2_500_000),
            feiten: Feiten {
                compleet_bij_indiening: true,
                toestemming_buren: false,
                quickscan_betaald_cent: Some(7_500),
            },
            dienstverlening: Some("spoed".into()),
            ..Vraag::default()
        };
        let r = bereken(&tabel(), &vraag);
        let bedragen: Vec<i64> = r.regels.iter().map(|l| l.bedrag_cent).collect();
        assert_eq!(bedragen, [62_500, 25_000, -6_250, -7_500]);
        assert_eq!(r.totaal_cent, 73_750);
    }

    #[test]
    fn a_refused_permit_refunds_a_quarter() {
        let t = teruggaaf(&tabel(), 62_500, Stadium::Geweigerd).unwrap();
        assert_eq!(t.bedrag_cent, -15_625);
        assert_eq!(t.berekening, "25 % van € 625,00 = € 156,25");
        assert_eq!(teruggaaf(&tabel(), 62_500, Stadium::IngetrokkenInBehandeling), None);
    }

    #[test]
    fn brackets_charge_each_part_at_its_rate() {
        let s = [(Some(10_000_000), Procent(3000)), (None, Procent(2000))];
        let (c, delen) = schijven_van(&s, 15_000_000, crate::geld::Afronding::Cent);
        assert_eq!(c, 300_000 + 100_000);
        assert_eq!(delen, ["3 % van € 100.000,00", "2 % van € 50.000,00"]);
    }

    fn activiteit() -> impl Strategy<Value = Activiteit> {
        (0..5usize).prop_map(|i| {
            let (id, groep) = [
                ("nl.imow-gm9999.activiteit.dakkapel", "bouwen"),
                ("nl.imow-gm9999.activiteit.bijbehorendbouwwerk", "bouwen"),
                ("nl.imow-gm9999.activiteit.kappen", "kappen"),
                ("uitrit", "uitrit"),
                ("festival", "evenement"),
            ][i];
            Activiteit { id: id.into(), naam: id.into(), groepen: vec![groep.into()] }
        })
    }

    fn vraag() -> impl Strategy<Value = Vraag> {
        (
            proptest::collection::vec(activiteit(), 0..5),
            proptest::option::of(0i64..100_000_000_000),
            any::<bool>(),
            any::<(bool, bool)>(),
            proptest::option::of(0i64..1_000_000),
            any::<bool>(),
        )
            .prop_map(|(activiteiten, bouwkosten_cent, uitgebreid, (compleet, buren), quickscan, spoed)| {
                Vraag {
                    activiteiten,
                    bouwkosten_cent,
                    uitgebreide_procedure: uitgebreid,
                    feiten: Feiten {
                        compleet_bij_indiening: compleet,
                        toestemming_buren: buren,
                        quickscan_betaald_cent: quickscan,
                    },
                    dienstverlening: spoed.then(|| "spoed".into()),
                }
            })
    }

    proptest! {
        #[test]
        fn the_lines_sum_to_the_total_and_only_reductions_are_negative(v in vraag()) {
            let r = bereken(&tabel(), &v);
            prop_assert_eq!(r.regels.iter().map(|l| l.bedrag_cent).sum::<i64>(), r.totaal_cent);
            prop_assert!(r.totaal_cent >= 0);
            let kortingen = ["Volledige aanvraag", "Quickscan al betaald"];
            for l in &r.regels {
                prop_assert!(l.bedrag_cent >= 0 || kortingen.contains(&l.omschrijving.as_str()), "{:?}", l);
            }
        }

        #[test]
        fn a_building_cost_line_stays_between_its_minimum_and_maximum(kosten in 0i64..1_000_000_000_000) {
            let v = Vraag { activiteiten: vec![bijbehorend()], bouwkosten_cent: Some(kosten), ..Vraag::default() };
            let r = bereken(&tabel(), &v);
            prop_assert!((15_000..=5_000_000).contains(&r.regels[0].bedrag_cent));
        }

        #[test]
        fn a_refund_is_never_more_than_was_paid_and_never_positive(totaal in 0i64..100_000_000_000) {
            if let Some(t) = teruggaaf(&tabel(), totaal, Stadium::Geweigerd) {
                prop_assert!(t.bedrag_cent < 0 && -t.bedrag_cent <= totaal);
            }
        }
    }
}
