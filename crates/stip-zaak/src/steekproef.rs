//! The risk-weighted sample (steekproef) of permits to inspect: a score per case from configurable factors (activity
//! group, monument or welstand area, size, conditions attached, earlier findings), each point with its reason, then a
//! weighted draw without replacement (Efraimidis–Spirakis) from a small seeded PRNG of its own (SplitMix64), so that
//! the same seed and inputs give the same sample on every machine and after every crate upgrade. Every case has a
//! score of at least [`MIN_SCORE`], so every case has a chance. No IO.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// The lowest score a case can have: no case is ever certain not to be drawn.
pub const MIN_SCORE: f64 = 0.1;
/// The most cases one draw takes.
pub const MAX_OMVANG: usize = 10_000;

/// The factors and their weights: each applicable factor adds its points to the base score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Factoren {
    /// Every case starts with these points.
    #[cfg_attr(feature = "openapi", schema(minimum = 0.1, maximum = 1000))]
    pub basis: f64,
    /// Points per activity group (`bouwen`, `kappen`, `milieu`, `uitrit`, `evenement`, `overig`).
    pub activiteitgroep: BTreeMap<String, f64>,
    /// Points when the place is a monument or lies in a protected area.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1000))]
    pub monument: f64,
    /// Points when the place lies in a welstand area (excessive welstand review).
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1000))]
    pub welstand: f64,
    /// Points per 100 m² of what is built (from the plan drawn with the application).
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1000))]
    pub per100m2: f64,
    /// Points per condition (voorschrift) attached to the permit.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1000))]
    pub per_voorschrift: f64,
    /// Points per deviation found at an earlier inspection of the same case.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1000))]
    pub per_eerdere_afwijking: f64,
}

impl Default for Factoren {
    fn default() -> Self {
        Factoren {
            basis: 1.0,
            activiteitgroep: BTreeMap::from([
                ("bouwen".to_string(), 1.0),
                ("milieu".to_string(), 2.0),
                ("kappen".to_string(), 0.5),
            ]),
            monument: 3.0,
            welstand: 1.0,
            per100m2: 1.0,
            per_voorschrift: 0.5,
            per_eerdere_afwijking: 2.0,
        }
    }
}

/// Why factors are refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SteekproefFout {
    #[error("de factor {0} moet een getal van 0 tot en met 1000 zijn")]
    OngeldigeFactor(String),
    #[error("de basisscore moet ten minste {MIN_SCORE} zijn, zodat elke zaak kans heeft")]
    BasisTeLaag,
    #[error(
        "de omvang moet een aantal van 1 tot en met {MAX_OMVANG} zijn of een percentage van meer dan 0% tot en met 100% (zoals \"5%\")"
    )]
    OngeldigeOmvang,
}

impl Factoren {
    /// Checks every weight: a number from 0 to 1000, the base at least [`MIN_SCORE`].
    pub fn controleer(&self) -> Result<(), SteekproefFout> {
        let goed = |v: f64| v.is_finite() && (0.0..=1000.0).contains(&v);
        if !self.basis.is_finite() || self.basis < MIN_SCORE || self.basis > 1000.0 {
            return Err(SteekproefFout::BasisTeLaag);
        }
        let vast = [
            ("monument", self.monument),
            ("welstand", self.welstand),
            ("per100m2", self.per100m2),
            ("perVoorschrift", self.per_voorschrift),
            ("perEerdereAfwijking", self.per_eerdere_afwijking),
        ];
        for (naam, v) in vast {
            if !goed(v) {
                return Err(SteekproefFout::OngeldigeFactor(naam.into()));
            }
        }
        for (groep, v) in &self.activiteitgroep {
            if !goed(*v) {
                return Err(SteekproefFout::OngeldigeFactor(format!("activiteitgroep.{groep}")));
            }
        }
        Ok(())
    }
}

/// What the sample knows of one case with a permit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Kandidaat {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub zaak: Uuid,
    pub zaaknummer: String,
    pub activiteitgroepen: Vec<String>,
    pub monument: bool,
    pub welstand: bool,
    /// The built area in m², when the application had a plan.
    pub oppervlakte_m2: Option<f64>,
    pub voorschriften: u32,
    /// Deviations (afwijking or ernstige afwijking) found at earlier inspections.
    pub eerdere_afwijkingen: u32,
}

/// One reason for points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Reden {
    /// The factor: `basis`, `activiteitgroep`, `monument`, `welstand`, `oppervlakte`, `voorschriften`,
    /// `eerdereAfwijkingen`.
    pub factor: String,
    /// In words, for the official.
    pub tekst: String,
    pub punten: f64,
}

/// A case's score with its reasons.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Score {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub zaak: Uuid,
    pub zaaknummer: String,
    /// The sum of the reasons' points (at least [`MIN_SCORE`]).
    pub score: f64,
    /// The chance to be drawn first: this score's share of all scores.
    pub kans: f64,
    pub redenen: Vec<Reden>,
}

fn rond(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

fn getal(v: f64) -> String {
    let v = rond(v);
    if v.fract() == 0.0 { format!("{}", v as i64) } else { format!("{v}").replace('.', ",") }
}

/// The score of one case, with a reason for every factor that gave points.
pub fn score(f: &Factoren, k: &Kandidaat) -> (f64, Vec<Reden>) {
    let mut redenen =
        vec![Reden { factor: "basis".into(), tekst: "Elke vergunning heeft een basiskans".into(), punten: f.basis }];
    let mut erbij = |factor: &str, tekst: String, punten: f64| {
        if punten > 0.0 {
            redenen.push(Reden { factor: factor.into(), tekst, punten: rond(punten) });
        }
    };
    for g in &k.activiteitgroepen {
        if let Some(p) = f.activiteitgroep.get(g) {
            erbij("activiteitgroep", format!("Activiteit uit de groep {g}"), *p);
        }
    }
    if k.monument {
        erbij("monument", "Monument of beschermd gezicht".into(), f.monument);
    }
    if k.welstand {
        erbij("welstand", "In een welstandsgebied".into(), f.welstand);
    }
    if let Some(m2) = k.oppervlakte_m2.filter(|m| m.is_finite() && *m > 0.0) {
        erbij("oppervlakte", format!("{} m² bebouwing", getal(m2)), f.per100m2 * m2 / 100.0);
    }
    if k.voorschriften > 0 {
        let n = k.voorschriften;
        let woord = if n == 1 { "voorschrift" } else { "voorschriften" };
        erbij("voorschriften", format!("{n} {woord} bij de vergunning"), f.per_voorschrift * f64::from(n));
    }
    if k.eerdere_afwijkingen > 0 {
        let n = k.eerdere_afwijkingen;
        let woord = if n == 1 { "afwijking" } else { "afwijkingen" };
        erbij(
            "eerdereAfwijkingen",
            format!("{n} {woord} bij een eerdere controle"),
            f.per_eerdere_afwijking * f64::from(n),
        );
    }
    let totaal: f64 = redenen.iter().map(|r| r.punten).sum();
    (rond(totaal.max(MIN_SCORE)), redenen)
}

/// How many cases to draw: a number, or a percentage of the cases with a permit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum Omvang {
    /// A number of cases, e.g. `10`.
    Aantal(u32),
    /// A percentage of the cases, e.g. `"5%"` or `"2,5%"`.
    Percentage(String),
}

impl Omvang {
    /// The number of cases to draw from `populatie`: a percentage rounds up (at least one case from a non-empty
    /// population); never more than the population.
    pub fn aantal(&self, populatie: usize) -> Result<usize, SteekproefFout> {
        let n = match self {
            Omvang::Aantal(n) if (1..=MAX_OMVANG as u32).contains(n) => *n as usize,
            Omvang::Aantal(_) => return Err(SteekproefFout::OngeldigeOmvang),
            Omvang::Percentage(s) => {
                let getal = s.trim().strip_suffix('%').ok_or(SteekproefFout::OngeldigeOmvang)?;
                let p: f64 = getal.trim().replace(',', ".").parse().map_err(|_| SteekproefFout::OngeldigeOmvang)?;
                if !(p > 0.0 && p <= 100.0) {
                    return Err(SteekproefFout::OngeldigeOmvang);
                }
                // Rounded up, with a little room for the decimal representation (5% of 200 is 10, not 11).
                ((populatie as f64) * p / 100.0 - 1e-9).ceil().max(1.0) as usize
            }
        };
        Ok(n.min(populatie))
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): small, fixed here, the same numbers on every platform forever.
#[derive(Debug, Clone)]
pub struct Prng(u64);

impl Prng {
    pub fn new(seed: u64) -> Prng {
        Prng(seed)
    }

    pub fn volgende(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in (0, 1]: never 0, so its logarithm is finite.
    pub fn fractie(&mut self) -> f64 {
        ((self.volgende() >> 11) + 1) as f64 / (1u64 << 53) as f64
    }
}

/// A drawn case: its score and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Getrokken {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub zaak: Uuid,
    pub zaaknummer: String,
    pub score: f64,
    pub redenen: Vec<Reden>,
    /// In plain words: why this case is in the sample.
    pub toelichting: String,
}

/// The outcome of a draw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Trekking {
    /// The drawn cases, in the order they were drawn.
    pub zaken: Vec<Getrokken>,
    /// Every case that could be drawn, with its score and reasons (by case number).
    pub scores: Vec<Score>,
}

/// Draws `aantal` of `kandidaten` weighted by score, without replacement: each case gets the key `ln(u) / score` for
/// a uniform `u` from the seeded PRNG, and the cases with the largest keys are drawn (Efraimidis and Spirakis 2006).
/// The candidates are put in case-number order first, so the order they came in does not matter.
pub fn trek(f: &Factoren, kandidaten: &[Kandidaat], aantal: usize, seed: u64) -> Trekking {
    let mut kandidaten: Vec<&Kandidaat> = kandidaten.iter().collect();
    kandidaten.sort_by(|a, b| a.zaaknummer.cmp(&b.zaaknummer).then(a.zaak.cmp(&b.zaak)));
    let gescoord: Vec<(f64, Vec<Reden>)> = kandidaten.iter().map(|k| score(f, k)).collect();
    let totaal: f64 = gescoord.iter().map(|(s, _)| s).sum();
    let mut prng = Prng::new(seed);
    let mut sleutels: Vec<(f64, usize)> =
        gescoord.iter().enumerate().map(|(i, (s, _))| (prng.fractie().ln() / s, i)).collect();
    sleutels.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let zaken = sleutels
        .iter()
        .take(aantal)
        .map(|&(_, i)| {
            let (score, redenen) = gescoord[i].clone();
            let toelichting = toelichting(score, &redenen, totaal);
            Getrokken {
                zaak: kandidaten[i].zaak,
                zaaknummer: kandidaten[i].zaaknummer.clone(),
                score,
                redenen,
                toelichting,
            }
        })
        .collect();
    let scores = kandidaten
        .iter()
        .zip(gescoord)
        .map(|(k, (score, redenen))| Score {
            zaak: k.zaak,
            zaaknummer: k.zaaknummer.clone(),
            score,
            kans: if totaal > 0.0 { (score / totaal * 1e6).round() / 1e6 } else { 0.0 },
            redenen,
        })
        .collect();
    Trekking { zaken, scores }
}

fn toelichting(score: f64, redenen: &[Reden], totaal: f64) -> String {
    let extra: Vec<String> = redenen
        .iter()
        .filter(|r| r.factor != "basis")
        .map(|r| format!("{} (+{})", r.tekst.to_lowercase(), getal(r.punten)))
        .collect();
    let kans = if totaal > 0.0 { score / totaal * 100.0 } else { 0.0 };
    if extra.is_empty() {
        let kans = format!("{kans:.1}").replace('.', ",");
        format!("Gekozen bij de gewogen loting met de basiskans (score {}, {kans}% kans als eerste).", getal(score))
    } else {
        format!("Score {} door {}; gekozen bij de gewogen loting.", getal(score), extra.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 200 synthetic cases: every tenth a monument with conditions and an earlier deviation (high risk), the rest
    /// small builds without conditions.
    fn kandidaten() -> Vec<Kandidaat> {
        (0..200u32)
            .map(|i| {
                let hoog = i % 10 == 0;
                Kandidaat {
                    zaak: Uuid::from_u128(u128::from(i) + 1),
                    zaaknummer: format!("Z-2026-{:06}", i + 1),
                    activiteitgroepen: vec![if hoog { "milieu".into() } else { "bouwen".into() }],
                    monument: hoog,
                    welstand: i % 3 == 0,
                    oppervlakte_m2: Some(if hoog { 250.0 } else { 20.0 }),
                    voorschriften: if hoog { 4 } else { 0 },
                    eerdere_afwijkingen: u32::from(hoog),
                }
            })
            .collect()
    }

    fn nummers(t: &Trekking) -> Vec<String> {
        t.zaken.iter().map(|z| z.zaaknummer.clone()).collect()
    }

    #[test]
    fn a_sample_of_ten_from_two_hundred_is_the_same_twice_with_a_seed_and_different_with_another() {
        let f = Factoren::default();
        let k = kandidaten();
        let een = trek(&f, &k, 10, 20261203);
        let twee = trek(&f, &k, 10, 20261203);
        assert_eq!(een.zaken.len(), 10);
        assert_eq!(nummers(&een), nummers(&twee));
        let mut omgekeerd = k.clone();
        omgekeerd.reverse();
        assert_eq!(nummers(&trek(&f, &omgekeerd, 10, 20261203)), nummers(&een), "the input order does not matter");
        assert_ne!(nummers(&trek(&f, &k, 10, 20261204)), nummers(&een));
        let mut uniek = nummers(&een);
        uniek.sort();
        uniek.dedup();
        assert_eq!(uniek.len(), 10, "drawn without replacement");
    }

    #[test]
    fn the_prng_gives_the_same_numbers_as_splitmix64_always_did() {
        // The first outputs of SplitMix64 from seed 0 (the reference implementation's values).
        let mut p = Prng::new(0);
        assert_eq!(p.volgende(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(p.volgende(), 0x6E78_9E6A_A1B9_65F4);
        assert_eq!(p.volgende(), 0x06C4_5D18_8009_454F);
    }

    #[test]
    fn high_risk_cases_are_drawn_more_often_over_many_draws_and_every_case_can_be_drawn() {
        let f = Factoren::default();
        let k = kandidaten();
        let mut hoog = 0usize;
        let mut laag = 0usize;
        let mut ooit = std::collections::BTreeSet::new();
        for seed in 0..2000u64 {
            for z in trek(&f, &k, 10, seed).zaken {
                let i = z.zaak.as_u128() - 1;
                if i % 10 == 0 {
                    hoog += 1
                } else {
                    laag += 1
                }
                ooit.insert(i);
            }
        }
        // 20 high-risk cases (score 12.5 to 13.5) and 180 others (2.2 to 3.2): drawing without replacement damps the
        // ratio of the scores, yet per case a high-risk one is drawn well over three and a half times as often (4.6).
        let per_hoog = hoog as f64 / 20.0;
        let per_laag = laag as f64 / 180.0;
        assert!(per_hoog > 3.5 * per_laag, "high {per_hoog:.1} vs low {per_laag:.1} per case");
        assert_eq!(ooit.len(), 200, "every case was drawn at least once in 2000 draws");
    }

    #[test]
    fn every_score_is_explained_by_reasons_that_add_up_to_it() {
        let f = Factoren::default();
        let t = trek(&f, &kandidaten(), 10, 7);
        assert_eq!(t.scores.len(), 200);
        for s in &t.scores {
            let som: f64 = s.redenen.iter().map(|r| r.punten).sum();
            assert!((som - s.score).abs() < 1e-6, "{s:?}");
            assert!(s.redenen.iter().all(|r| !r.tekst.is_empty()));
            assert!(s.kans > 0.0);
        }
        let hoog = t.scores.iter().find(|s| s.zaaknummer == "Z-2026-000001").unwrap();
        let factoren: Vec<&str> = hoog.redenen.iter().map(|r| r.factor.as_str()).collect();
        assert_eq!(
            factoren,
            ["basis", "activiteitgroep", "monument", "welstand", "oppervlakte", "voorschriften", "eerdereAfwijkingen"]
        );
        // 1 + 2 (milieu) + 3 (monument) + 1 (welstand) + 2.5 (250 m²) + 2 (4 conditions) + 2 (one deviation).
        assert_eq!(hoog.score, 13.5);
        assert!(t.zaken.iter().all(|z| z.toelichting.starts_with("Score") || z.toelichting.contains("basiskans")));
    }

    #[test]
    fn a_percentage_rounds_up_and_a_size_is_never_more_than_the_cases() {
        assert_eq!(Omvang::Percentage("5%".into()).aantal(200), Ok(10));
        assert_eq!(Omvang::Percentage("2,5%".into()).aantal(30), Ok(1));
        assert_eq!(Omvang::Percentage("1%".into()).aantal(3), Ok(1));
        assert_eq!(Omvang::Aantal(50).aantal(3), Ok(3));
        assert_eq!(Omvang::Aantal(0).aantal(3), Err(SteekproefFout::OngeldigeOmvang));
        assert_eq!(Omvang::Percentage("120%".into()).aantal(3), Err(SteekproefFout::OngeldigeOmvang));
        assert_eq!(Omvang::Percentage("vijf".into()).aantal(3), Err(SteekproefFout::OngeldigeOmvang));
    }

    #[test]
    fn a_zero_base_is_refused_so_that_every_case_keeps_a_chance() {
        let f = Factoren { basis: 0.0, ..Factoren::default() };
        assert_eq!(f.controleer(), Err(SteekproefFout::BasisTeLaag));
        let f = Factoren { monument: -1.0, ..Factoren::default() };
        assert_eq!(f.controleer(), Err(SteekproefFout::OngeldigeFactor("monument".into())));
    }
}
