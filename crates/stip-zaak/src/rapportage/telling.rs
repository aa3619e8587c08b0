//! The reports' rollup: what one case adds to the counts of the days it touches (the day it was received, the day it
//! was decided, the days advice was asked and came in) as a [`Telling`] that adds and subtracts, so that the store
//! keeps per-day totals current by writing the difference a changed fact makes ([`verschil`]); and the figures of a
//! period read back from those totals ([`cijfers`], [`trend`]). Lead times are kept as histograms of whole days, so
//! medians and p90s from the totals are exact, the same as from the facts.

use super::{
    Bezwaren, Doorlooptijd, Feit, Filter, Groepcijfer, Ketenpartner, Periode, Regeldruk, Trendpunt, Uitkomsten,
    Zaakcijfers, pct, sorteer_regeldruk,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::Date;

/// Which rollup row a count belongs to: the day, and what the filters look at (team, procedure, activity groups).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Sleutel {
    pub dag: Date,
    pub team: Option<String>,
    pub procedure: String,
    /// Sorted, each once (as [`Feit::groepen`]).
    pub groepen: Vec<String>,
}

impl Sleutel {
    fn van(f: &Feit, dag: Date) -> Sleutel {
        Sleutel { dag, team: f.team.clone(), procedure: f.procedure.clone(), groepen: f.groepen.clone() }
    }
}

/// Counts that add up over cases; in a difference they may be negative. Histograms map whole days to a number of
/// cases. Empty parts are left out of the JSON the store keeps.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Telling {
    /// Received this day, and of those the ones withdrawn since.
    #[serde(skip_serializing_if = "nul")]
    pub ontvangen: i64,
    #[serde(skip_serializing_if = "nul")]
    pub ingetrokken: i64,
    /// Decided this day; within the term; in its last days; after an extension.
    #[serde(skip_serializing_if = "nul")]
    pub besloten: i64,
    #[serde(skip_serializing_if = "nul")]
    pub binnen: i64,
    #[serde(skip_serializing_if = "nul")]
    pub bijna: i64,
    #[serde(skip_serializing_if = "nul")]
    pub verlengd: i64,
    #[serde(skip_serializing_if = "nul")]
    pub zienswijzen: i64,
    /// Decisions by lead time (days from receipt).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub doorlooptijd: BTreeMap<i64, i64>,
    /// Decisions whose term was suspended, by the days it stood still.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub opschorting: BTreeMap<i64, i64>,
    /// Decisions by outcome (`verleend`, …).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub uitkomsten: BTreeMap<String, i64>,
    /// Objections and appeals against the decisions of this day, and the objections' outcomes.
    #[serde(skip_serializing_if = "nul")]
    pub bezwaren: i64,
    #[serde(skip_serializing_if = "nul")]
    pub bezwaren_ingetrokken: i64,
    #[serde(skip_serializing_if = "nul")]
    pub beroepen: i64,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub bezwaar_uitkomsten: BTreeMap<String, i64>,
    /// Per activity (by name): applications received this day, refusals and objections of decisions this day.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub activiteiten: BTreeMap<String, [i64; 3]>,
    /// Activity ids with their names (help requests name activities by id). Not a count: merged, never subtracted.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub namen: BTreeMap<String, String>,
    /// Per chain partner.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub adviezen: BTreeMap<String, Adviestelling>,
}

/// The advice of one chain partner on one day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Adviestelling {
    /// Requests sent this day.
    #[serde(skip_serializing_if = "nul")]
    pub gevraagd: i64,
    /// Of those requests: the day the advice came in (Julian day number) → how many; what is open at a period's end
    /// follows from it.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub beantwoord_op: BTreeMap<i32, i64>,
    /// Advice that came in this day, by days since its request.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub dagen: BTreeMap<i64, i64>,
}

fn nul(x: &i64) -> bool {
    *x == 0
}

fn tel<K: Ord>(map: &mut BTreeMap<K, i64>, k: K, n: i64) {
    let v = map.entry(k).or_default();
    *v += n;
}

fn tel_op<K: Ord + Clone>(map: &mut BTreeMap<K, i64>, andere: &BTreeMap<K, i64>, teken: i64) {
    for (k, n) in andere {
        let v = map.entry(k.clone()).or_default();
        *v += teken * n;
    }
    map.retain(|_, n| *n != 0);
}

impl Adviestelling {
    fn tel_op(&mut self, andere: &Adviestelling, teken: i64) {
        self.gevraagd += teken * andere.gevraagd;
        tel_op(&mut self.beantwoord_op, &andere.beantwoord_op, teken);
        tel_op(&mut self.dagen, &andere.dagen, teken);
    }

    fn is_leeg(&self) -> bool {
        self.gevraagd == 0 && self.beantwoord_op.is_empty() && self.dagen.is_empty()
    }

    /// How many advices came in: the histogram's total.
    fn ontvangen(&self) -> i64 {
        self.dagen.values().sum()
    }
}

impl Telling {
    /// Adds `andere` (`teken` 1) or takes it away (`teken` -1).
    pub fn tel_op(&mut self, andere: &Telling, teken: i64) {
        self.ontvangen += teken * andere.ontvangen;
        self.ingetrokken += teken * andere.ingetrokken;
        self.besloten += teken * andere.besloten;
        self.binnen += teken * andere.binnen;
        self.bijna += teken * andere.bijna;
        self.verlengd += teken * andere.verlengd;
        self.zienswijzen += teken * andere.zienswijzen;
        tel_op(&mut self.doorlooptijd, &andere.doorlooptijd, teken);
        tel_op(&mut self.opschorting, &andere.opschorting, teken);
        tel_op(&mut self.uitkomsten, &andere.uitkomsten, teken);
        self.bezwaren += teken * andere.bezwaren;
        self.bezwaren_ingetrokken += teken * andere.bezwaren_ingetrokken;
        self.beroepen += teken * andere.beroepen;
        tel_op(&mut self.bezwaar_uitkomsten, &andere.bezwaar_uitkomsten, teken);
        for (a, n) in &andere.activiteiten {
            let v = self.activiteiten.entry(a.clone()).or_default();
            for i in 0..3 {
                v[i] += teken * n[i];
            }
        }
        self.activiteiten.retain(|_, n| *n != [0; 3]);
        for (id, naam) in &andere.namen {
            self.namen.entry(id.clone()).or_insert_with(|| naam.clone());
        }
        for (p, t) in &andere.adviezen {
            self.adviezen.entry(p.clone()).or_default().tel_op(t, teken);
        }
        self.adviezen.retain(|_, t| !t.is_leeg());
    }

    /// Adds the headline counts of `andere` only (received, decided, within term, lead times): what the trend and the
    /// per-group tables read, without the activity and advice maps.
    fn tel_kern_op(&mut self, andere: &Telling) {
        self.ontvangen += andere.ontvangen;
        self.besloten += andere.besloten;
        self.binnen += andere.binnen;
        tel_op(&mut self.doorlooptijd, &andere.doorlooptijd, 1);
    }

    /// Nothing counted (names alone do not count: they came with the counts that brought them).
    pub fn is_leeg(&self) -> bool {
        // Every field named, so that a new one cannot be forgotten here.
        let Telling {
            ontvangen,
            ingetrokken,
            besloten,
            binnen,
            bijna,
            verlengd,
            zienswijzen,
            doorlooptijd,
            opschorting,
            uitkomsten,
            bezwaren,
            bezwaren_ingetrokken,
            beroepen,
            bezwaar_uitkomsten,
            activiteiten,
            namen: _,
            adviezen,
        } = self;
        [
            ontvangen,
            ingetrokken,
            besloten,
            binnen,
            bijna,
            verlengd,
            zienswijzen,
            bezwaren,
            bezwaren_ingetrokken,
            beroepen,
        ]
        .iter()
        .all(|n| **n == 0)
            && doorlooptijd.is_empty()
            && opschorting.is_empty()
            && uitkomsten.is_empty()
            && bezwaar_uitkomsten.is_empty()
            && activiteiten.is_empty()
            && adviezen.is_empty()
    }
}

/// What one case adds to the rollup: per day it touches, its counts (under the case's team, procedure and groups).
pub fn bijdragen(f: &Feit) -> BTreeMap<Sleutel, Telling> {
    let mut uit: BTreeMap<Sleutel, Telling> = BTreeMap::new();
    let ontvangen = uit.entry(Sleutel::van(f, f.ontvangen)).or_default();
    ontvangen.ontvangen = 1;
    ontvangen.ingetrokken = i64::from(f.ingetrokken);
    for a in &f.activiteiten {
        ontvangen.activiteiten.entry(a.clone()).or_default()[0] += 1;
    }
    for (id, naam) in f.activiteit_ids.iter().zip(&f.activiteiten).filter(|(id, _)| !id.is_empty()) {
        ontvangen.namen.insert(id.clone(), naam.clone());
    }
    if let (Some(b), Some(dagen)) = (f.besloten, f.doorlooptijd()) {
        let t = uit.entry(Sleutel::van(f, b)).or_default();
        t.besloten += 1;
        t.binnen += i64::from(f.binnen_termijn() == Some(true));
        t.bijna += i64::from(f.bijna_te_laat());
        t.verlengd += i64::from(f.verlengd);
        t.zienswijzen += i64::from(f.zienswijzen);
        tel(&mut t.doorlooptijd, dagen, 1);
        if f.opschortingen > 0 {
            tel(&mut t.opschorting, f.opschorting_dagen, 1);
        }
        if let Some(u) = &f.uitkomst {
            tel(&mut t.uitkomsten, u.clone(), 1);
        }
        t.bezwaren += i64::from(f.bezwaren);
        t.bezwaren_ingetrokken += i64::from(f.bezwaren_ingetrokken);
        t.beroepen += i64::from(f.beroepen);
        for u in &f.bezwaar_uitkomsten {
            tel(&mut t.bezwaar_uitkomsten, u.clone(), 1);
        }
        for a in &f.activiteiten {
            let v = t.activiteiten.entry(a.clone()).or_default();
            v[1] += i64::from(f.uitkomst.as_deref() == Some("geweigerd"));
            v[2] += i64::from(f.bezwaren);
        }
        t.activiteiten.retain(|_, n| *n != [0; 3]);
    }
    for a in &f.adviezen {
        let gevraagd =
            uit.entry(Sleutel::van(f, a.gevraagd)).or_default().adviezen.entry(a.adviseur.clone()).or_default();
        gevraagd.gevraagd += 1;
        if let Some(o) = a.ontvangen {
            tel(&mut gevraagd.beantwoord_op, o.to_julian_day(), 1);
            let binnen = uit.entry(Sleutel::van(f, o)).or_default().adviezen.entry(a.adviseur.clone()).or_default();
            tel(&mut binnen.dagen, (o - a.gevraagd).whole_days(), 1);
        }
    }
    uit
}

/// What changing a case's fact from `oud` (`None`: not counted yet) to `nieuw` does to the rollup: the rows whose
/// counts change, with the change.
pub fn verschil(oud: Option<&Feit>, nieuw: &Feit) -> Vec<(Sleutel, Telling)> {
    let mut uit = bijdragen(nieuw);
    for (k, t) in oud.map(bijdragen).unwrap_or_default() {
        uit.entry(k).or_default().tel_op(&t, -1);
    }
    uit.into_iter().filter(|(_, t)| !t.is_leeg()).collect()
}

/// Adds rows with the same key together.
pub fn samen(rijen: impl IntoIterator<Item = (Sleutel, Telling)>) -> BTreeMap<Sleutel, Telling> {
    let mut uit: BTreeMap<Sleutel, Telling> = BTreeMap::new();
    for (k, t) in rijen {
        uit.entry(k).or_default().tel_op(&t, 1);
    }
    uit.retain(|_, t| !t.is_leeg());
    uit
}

/// Nearest-rank percentile of a histogram (value → how often): the same as [`super::percentiel`] of the values.
pub fn percentiel_histogram(h: &BTreeMap<i64, i64>, p: f64) -> Option<i64> {
    let n: i64 = h.values().sum();
    if n <= 0 {
        return None;
    }
    let plaats = ((p * n as f64).ceil() as i64).clamp(1, n);
    let mut gezien = 0;
    for (waarde, aantal) in h {
        gezien += aantal;
        if gezien >= plaats {
            return Some(*waarde);
        }
    }
    h.keys().next_back().copied()
}

impl Doorlooptijd {
    pub fn uit_histogram(h: &BTreeMap<i64, i64>) -> Doorlooptijd {
        Doorlooptijd { mediaan: percentiel_histogram(h, 0.5), p90: percentiel_histogram(h, 0.9) }
    }
}

fn groepcijfers(per: BTreeMap<String, Telling>) -> Vec<Groepcijfer> {
    per.into_iter()
        .filter(|(_, t)| t.besloten > 0)
        .map(|(naam, t)| Groepcijfer {
            naam,
            besloten: t.besloten as u64,
            binnen_termijn_pct: pct(t.binnen as u64, t.besloten as u64),
            doorlooptijd_dagen: Doorlooptijd::uit_histogram(&t.doorlooptijd),
        })
        .collect()
}

/// The rows of `rijen` in `periode` that `filter` lets through.
fn in_periode<'a>(
    rijen: &'a [(Sleutel, Telling)],
    periode: Periode,
    filter: &'a Filter,
) -> impl Iterator<Item = &'a (Sleutel, Telling)> + 'a {
    rijen
        .iter()
        .filter(move |(k, _)| periode.bevat(k.dag) && filter.past_op(k.team.as_deref(), &k.procedure, &k.groepen))
}

/// The figures of `periode` from the rollup rows of its days (more rows are fine). `open_over_termijn` is a state at
/// the period's end, not a count of days: the caller counts it ([`open_over_termijn`] over facts).
pub fn cijfers(rijen: &[(Sleutel, Telling)], periode: Periode, filter: &Filter, open_over_termijn: u64) -> Zaakcijfers {
    let mut totaal = Telling::default();
    let (mut per_procedure, mut per_groep, mut per_team) =
        (BTreeMap::<String, Telling>::new(), BTreeMap::<String, Telling>::new(), BTreeMap::<String, Telling>::new());
    for (k, t) in in_periode(rijen, periode, filter) {
        totaal.tel_op(t, 1);
        if t.besloten == 0 {
            continue;
        }
        per_procedure.entry(k.procedure.clone()).or_default().tel_kern_op(t);
        for g in &k.groepen {
            per_groep.entry(g.clone()).or_default().tel_kern_op(t);
        }
        per_team.entry(k.team.clone().unwrap_or_else(|| "zonder team".into())).or_default().tel_kern_op(t);
    }
    // Advice asked in the period and not in by its end: asked minus answered before `tot`.
    let tot = periode.tot.to_julian_day();
    let ketenpartners = totaal
        .adviezen
        .iter()
        .map(|(adviseur, a)| {
            let beantwoord: i64 = a.beantwoord_op.range(..tot).map(|(_, n)| n).sum();
            Ketenpartner {
                adviseur: adviseur.clone(),
                gevraagd: a.gevraagd as u64,
                ontvangen: a.ontvangen() as u64,
                open: (a.gevraagd - beantwoord).max(0) as u64,
                doorlooptijd_dagen: Doorlooptijd::uit_histogram(&a.dagen),
            }
        })
        .filter(|p| p.gevraagd + p.ontvangen > 0)
        .collect();
    let uitkomst = |u: &str| totaal.uitkomsten.get(u).copied().unwrap_or(0) as u64;
    let bezwaar = |u: &str| totaal.bezwaar_uitkomsten.get(u).copied().unwrap_or(0) as u64;
    let mut regeldruk: Vec<Regeldruk> = totaal
        .activiteiten
        .iter()
        .map(|(a, n)| Regeldruk {
            activiteit: a.clone(),
            aanvragen: n[0] as u64,
            weigeringen: n[1] as u64,
            bezwaren: n[2] as u64,
            hulpvragen: 0,
        })
        .filter(|r| r.aanvragen + r.weigeringen + r.bezwaren > 0)
        .collect();
    sorteer_regeldruk(&mut regeldruk);
    Zaakcijfers {
        ontvangen: totaal.ontvangen as u64,
        besloten: totaal.besloten as u64,
        binnen_termijn: totaal.binnen as u64,
        binnen_termijn_pct: pct(totaal.binnen as u64, totaal.besloten as u64),
        van_rechtswege: (totaal.besloten - totaal.binnen) as u64,
        bijna_te_laat: totaal.bijna as u64,
        open_over_termijn,
        ingetrokken: totaal.ingetrokken as u64,
        doorlooptijd_dagen: Doorlooptijd::uit_histogram(&totaal.doorlooptijd),
        opgeschort: totaal.opschorting.values().sum::<i64>() as u64,
        opschorting_dagen_mediaan: percentiel_histogram(&totaal.opschorting, 0.5),
        verlengd: totaal.verlengd as u64,
        uitkomsten: Uitkomsten {
            verleend: uitkomst("verleend"),
            deels_verleend: uitkomst("deels_verleend"),
            geweigerd: uitkomst("geweigerd"),
            niet_vereist: uitkomst("niet_vereist"),
        },
        bezwaren: Bezwaren {
            ontvangen: totaal.bezwaren as u64,
            niet_ontvankelijk: bezwaar("niet_ontvankelijk"),
            ongegrond: bezwaar("ongegrond"),
            deels_gegrond: bezwaar("deels_gegrond"),
            gegrond: bezwaar("gegrond"),
            ingetrokken: totaal.bezwaren_ingetrokken as u64,
            beroepen: totaal.beroepen as u64,
        },
        zienswijzen: totaal.zienswijzen as u64,
        per_procedure: groepcijfers(per_procedure),
        per_activiteitgroep: groepcijfers(per_groep),
        per_team: groepcijfers(per_team),
        ketenpartners,
        regeldruk,
    }
}

/// The activity names the rows know by id (help requests name activities by id).
pub fn namen(rijen: &[(Sleutel, Telling)]) -> BTreeMap<&str, &str> {
    rijen.iter().flat_map(|(_, t)| t.namen.iter().map(|(id, naam)| (id.as_str(), naam.as_str()))).collect()
}

/// The headline figures of this period and the `n - 1` before it, oldest first, from the rollup rows of those days.
pub fn trend(rijen: &[(Sleutel, Telling)], periode: Periode, filter: &Filter, n: usize) -> Vec<Trendpunt> {
    let mut perioden = vec![periode];
    for _ in 1..n {
        let vorige = perioden.last().expect("one at least").vorige();
        perioden.push(vorige);
    }
    perioden.reverse();
    perioden
        .into_iter()
        .map(|p| {
            let mut t = Telling::default();
            for (_, r) in in_periode(rijen, p, filter) {
                t.tel_kern_op(r);
            }
            Trendpunt {
                periode: p.naam(),
                ontvangen: t.ontvangen as u64,
                besloten: t.besloten as u64,
                binnen_termijn_pct: pct(t.binnen as u64, t.besloten as u64),
                van_rechtswege: (t.besloten - t.binnen) as u64,
                doorlooptijd_mediaan: percentiel_histogram(&t.doorlooptijd, 0.5),
            }
        })
        .collect()
}

/// Cases without a decision at the end of `periode` whose term had passed (withdrawn ones and notifications left
/// out), among `feiten`. The store counts the same in SQL over its facts.
pub fn open_over_termijn(feiten: &[Feit], periode: Periode, filter: &Filter) -> u64 {
    let laatste = periode.tot.previous_day().unwrap_or(periode.tot);
    feiten
        .iter()
        .filter(|f| {
            filter.past(f)
                && f.ontvangen < periode.tot
                && !f.ingetrokken
                && f.besloten.is_none_or(|b| b >= periode.tot)
                && f.uiterste_beslisdatum < laatste
                && f.procedure != "melding"
        })
        .count() as u64
}
