//! Reporting (Raadsrapportage, Optimale bezetting), as pure functions: the per-case facts ([`Feit`]) folded from a
//! case's events as they are written, and the figures computed from those facts — lead times (median, p90), the
//! within-term share, suspensions, extensions, decisions after the term, outcomes, objections, advice per chain
//! partner, the rules that cost most, the open work with its deadline risk and the weekly intake with a seasonal
//! forecast and its error on past data. No IO: the store keeps the facts current in the event's own transaction, the
//! application layer asks for the rows of a period and hands them here.
//!
//! How things are counted (the same words the pages show):
//! - *ontvangen*: cases whose application arrived in the period; *besloten*: cases whose decision was taken in it.
//! - *doorlooptijd*: calendar days from receipt to decision; median and p90 by nearest rank (the value at place
//!   ⌈p·n⌉ of the sorted list).
//! - *binnen de termijn*: decided on or before the last day of the term as it stood then (suspensions and the
//!   extension included).
//! - *van rechtswege*: decided after that last day. Under the Omgevingswet a permit is no longer granted by operation
//!   of law; the figure counts the decisions that came too late — where the Wabo gave a permit van rechtswege, the
//!   Awb now owes the applicant a penalty (dwangsom bij niet tijdig beslissen).
//! - *bijna te laat*: decided in time, but in the last [`BIJNA_DAGEN`] days of the term.

pub mod telling;

use crate::gebeurtenis::GebeurtenisSoort;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
pub use telling::{Sleutel, Telling, trend};
use time::{Date, Duration, OffsetDateTime};
use uuid::Uuid;

/// A decision in the last this many days of its term is a near miss.
pub const BIJNA_DAGEN: i64 = 7;

/// Advice asked of a chain partner on a case: when asked and when it came in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Advies {
    pub adviseur: String,
    #[serde(with = "crate::datum")]
    pub gevraagd: Date,
    #[serde(with = "crate::datum::option", default)]
    pub ontvangen: Option<Date>,
}

/// What reporting knows of one case, kept current as its events are written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Feit {
    pub zaak: Uuid,
    pub zaaknummer: String,
    pub bevoegd_gezag: String,
    pub team: Option<String>,
    pub behandelaar: Option<Uuid>,
    pub procedure: String,
    pub status: String,
    /// The activities applied for, by name.
    pub activiteiten: Vec<String>,
    /// Their IMOW ids, in the same order (help requests name activities by id).
    #[serde(default)]
    pub activiteit_ids: Vec<String>,
    /// Their groups (bouwen, kappen, …; `overig`).
    pub groepen: Vec<String>,
    #[serde(with = "crate::datum")]
    pub ontvangen: Date,
    /// The last day of the decision term as it stands (or stood when decided).
    #[serde(with = "crate::datum")]
    pub uiterste_beslisdatum: Date,
    #[serde(with = "crate::datum::option", default, skip_serializing_if = "Option::is_none")]
    pub besloten: Option<Date>,
    /// `verleend`, `deels_verleend`, `geweigerd`, `niet_vereist`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uitkomst: Option<String>,
    #[serde(default, skip_serializing_if = "nee")]
    pub ingetrokken: bool,
    #[serde(default, skip_serializing_if = "nul")]
    pub opschortingen: u32,
    #[serde(default, skip_serializing_if = "nul")]
    pub opschorting_dagen: i64,
    /// A suspension still running: since and until at the latest.
    #[serde(with = "crate::datum::option", default, skip_serializing_if = "Option::is_none")]
    pub opgeschort_sinds: Option<Date>,
    #[serde(with = "crate::datum::option", default, skip_serializing_if = "Option::is_none")]
    pub opgeschort_uiterlijk: Option<Date>,
    #[serde(default, skip_serializing_if = "nee")]
    pub verlengd: bool,
    #[serde(default, skip_serializing_if = "nul")]
    pub zienswijzen: u32,
    #[serde(default, skip_serializing_if = "nul")]
    pub bezwaren: u32,
    /// The outcome of every objection decided (`ongegrond`, `gegrond`, …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bezwaar_uitkomsten: Vec<String>,
    #[serde(default, skip_serializing_if = "nul")]
    pub bezwaren_ingetrokken: u32,
    #[serde(default, skip_serializing_if = "nul")]
    pub beroepen: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adviezen: Vec<Advies>,
}

fn nee(b: &bool) -> bool {
    !*b
}

fn nul<T: Default + PartialEq>(x: &T) -> bool {
    *x == T::default()
}

impl Feit {
    /// The fact of a case just submitted: who handles it, what was asked (`inhoud`: the application as submitted).
    #[allow(clippy::too_many_arguments)]
    pub fn nieuw(
        zaak: Uuid,
        zaaknummer: &str,
        bevoegd_gezag: &str,
        team: Option<&str>,
        behandelaar: Option<Uuid>,
        procedure: &str,
        status: &str,
        ingediend: OffsetDateTime,
        uiterste_beslisdatum: Date,
        inhoud: &serde_json::Value,
    ) -> Feit {
        let activiteiten: Vec<String> = inhoud["activiteiten"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x["naam"].as_str().filter(|s| !s.is_empty()).or(x["id"].as_str()))
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        let activiteit_ids: Vec<String> = inhoud["activiteiten"]
            .as_array()
            .map(|a| a.iter().map(|x| x["id"].as_str().unwrap_or_default().to_string()).collect())
            .unwrap_or_default();
        Feit {
            activiteit_ids,
            zaak,
            zaaknummer: zaaknummer.to_string(),
            bevoegd_gezag: bevoegd_gezag.to_string(),
            team: team.map(str::to_string),
            behandelaar,
            procedure: procedure.to_string(),
            status: status.to_string(),
            groepen: crate::activiteitgroep::groepen(&activiteiten),
            activiteiten,
            ontvangen: crate::tijd::nederlands(ingediend).date(),
            uiterste_beslisdatum,
            besloten: None,
            uitkomst: None,
            ingetrokken: false,
            opschortingen: 0,
            opschorting_dagen: 0,
            opgeschort_sinds: None,
            opgeschort_uiterlijk: None,
            verlengd: false,
            zienswijzen: 0,
            bezwaren: 0,
            bezwaar_uitkomsten: Vec::new(),
            bezwaren_ingetrokken: 0,
            beroepen: 0,
            adviezen: Vec::new(),
        }
    }

    /// Folds one event in. `stand` is the case's state after it: status, team, behandelaar and the last day of the
    /// term as the store wrote them. An event this version does not know changes only the state.
    pub fn pas_toe(
        &mut self,
        soort: &str,
        gegevens: &serde_json::Value,
        op: OffsetDateTime,
        stand: (&str, Option<&str>, Option<Uuid>, Date),
    ) {
        let (status, team, behandelaar, uiterste) = stand;
        let dag = crate::tijd::nederlands(op).date();
        let besloten_al = self.besloten.is_some();
        self.status = status.to_string();
        self.team = team.map(str::to_string);
        self.behandelaar = behandelaar;
        if !besloten_al {
            self.uiterste_beslisdatum = uiterste;
        }
        let Ok(g) = GebeurtenisSoort::lees(soort, gegevens) else { return };
        use GebeurtenisSoort as G;
        match g {
            G::AanvullingGevraagd { uiterlijk, .. } => {
                self.sluit_opschorting(dag);
                self.opschortingen += 1;
                self.opgeschort_sinds = Some(dag);
                self.opgeschort_uiterlijk = Some(uiterlijk);
            }
            G::Aangevuld { .. } => self.sluit_opschorting(dag),
            G::AdviesGevraagd { adviseur, .. } => {
                self.adviezen.push(Advies { adviseur, gevraagd: dag, ontvangen: None });
            }
            G::AdviesOntvangen { adviseur, .. } => {
                if let Some(a) = self.adviezen.iter_mut().find(|a| a.adviseur == adviseur && a.ontvangen.is_none()) {
                    a.ontvangen = Some(dag);
                }
            }
            G::TermijnVerlengd { .. } => self.verlengd = true,
            G::BesluitGenomen { besluit } if !besloten_al => {
                self.sluit_opschorting(dag);
                self.besloten = Some(dag);
                self.uitkomst = Some(besluit.uitkomst.as_str().to_string());
            }
            G::ZienswijzeOntvangen { .. } => self.zienswijzen += 1,
            G::BezwaarOntvangen { .. } => self.bezwaren += 1,
            G::BezwaarBeslist { uitkomst, .. } => self.bezwaar_uitkomsten.push(uitkomst.as_str().to_string()),
            G::BezwaarIngetrokken { .. } => self.bezwaren_ingetrokken += 1,
            G::BeroepIngesteld { .. } => self.beroepen += 1,
            G::AanvraagIngetrokken { .. } => {
                self.sluit_opschorting(dag);
                self.ingetrokken = true;
            }
            _ => {}
        }
    }

    fn sluit_opschorting(&mut self, dag: Date) {
        if let (Some(van), Some(uiterlijk)) = (self.opgeschort_sinds.take(), self.opgeschort_uiterlijk.take()) {
            self.opschorting_dagen += (dag.min(uiterlijk).max(van) - van).whole_days();
        }
    }

    /// Whether the case still waits for a decision.
    pub fn open(&self) -> bool {
        self.besloten.is_none() && !self.ingetrokken
    }

    /// Calendar days from receipt to decision.
    pub fn doorlooptijd(&self) -> Option<i64> {
        self.besloten.map(|b| (b - self.ontvangen).whole_days())
    }

    /// Decided on or before the last day of the term.
    pub fn binnen_termijn(&self) -> Option<bool> {
        self.besloten.map(|b| b <= self.uiterste_beslisdatum)
    }

    /// Decided in time, but in the last [`BIJNA_DAGEN`] days.
    pub fn bijna_te_laat(&self) -> bool {
        self.besloten.is_some_and(|b| {
            b <= self.uiterste_beslisdatum && (self.uiterste_beslisdatum - b).whole_days() < BIJNA_DAGEN
        })
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Periods and filters

/// A period `[van, tot)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Periode {
    pub van: Date,
    /// The first day after the period.
    pub tot: Date,
}

impl Periode {
    /// `2026-Q4`, `2026-11` or `2026`.
    pub fn parse(s: &str) -> Option<Periode> {
        let s = s.trim();
        let jaar = |j: &str| j.parse::<i32>().ok().filter(|j| (1900..=9999).contains(j));
        let maand = |j: i32, m: u8| Date::from_calendar_date(j, time::Month::try_from(m).ok()?, 1).ok();
        if let Some((j, q)) = s.split_once("-Q").or_else(|| s.split_once("-q")) {
            let (j, q) = (jaar(j)?, q.parse::<u8>().ok().filter(|q| (1..=4).contains(q))?);
            let van = maand(j, (q - 1) * 3 + 1)?;
            let tot = if q == 4 { maand(j + 1, 1)? } else { maand(j, q * 3 + 1)? };
            return Some(Periode { van, tot });
        }
        if let Some((j, m)) = s.split_once('-') {
            let (j, m) = (jaar(j)?, m.parse::<u8>().ok().filter(|m| (1..=12).contains(m))?);
            let van = maand(j, m)?;
            let tot = if m == 12 { maand(j + 1, 1)? } else { maand(j, m + 1)? };
            return Some(Periode { van, tot });
        }
        let j = jaar(s)?;
        Some(Periode { van: maand(j, 1)?, tot: maand(j + 1, 1)? })
    }

    /// The quarter a day is in.
    pub fn kwartaal_van(d: Date) -> Periode {
        let q = (u8::from(d.month()) - 1) / 3 + 1;
        Periode::parse(&format!("{}-Q{q}", d.year())).expect("a quarter of a valid date")
    }

    /// The same-length period just before this one (by calendar: quarter before quarter, month before month).
    pub fn vorige(self) -> Periode {
        let maanden = maanden_tussen(self.van, self.tot);
        if maanden > 0 && self.van.day() == 1 && self.tot.day() == 1 {
            Periode { van: min_maanden(self.van, maanden), tot: self.van }
        } else {
            let lengte = self.tot - self.van;
            Periode { van: self.van - lengte, tot: self.van }
        }
    }

    /// The name people read: `2026-Q4`, `2026-11`, `2026` or `2026-10-01 – 2026-12-31`.
    pub fn naam(self) -> String {
        let maanden = maanden_tussen(self.van, self.tot);
        let laatste = self.tot.previous_day().unwrap_or(self.tot);
        if self.van.day() == 1 && self.tot.day() == 1 {
            match maanden {
                12 if self.van.month() == time::Month::January => return format!("{}", self.van.year()),
                3 if (u8::from(self.van.month()) - 1) % 3 == 0 => {
                    return format!("{}-Q{}", self.van.year(), (u8::from(self.van.month()) - 1) / 3 + 1);
                }
                1 => return format!("{}-{:02}", self.van.year(), u8::from(self.van.month())),
                _ => {}
            }
        }
        format!("{} – {}", self.van, laatste)
    }

    pub fn bevat(self, d: Date) -> bool {
        self.van <= d && d < self.tot
    }
}

fn maanden_tussen(van: Date, tot: Date) -> i32 {
    (tot.year() - van.year()) * 12 + i32::from(u8::from(tot.month())) - i32::from(u8::from(van.month()))
}

fn min_maanden(d: Date, n: i32) -> Date {
    let totaal = d.year() * 12 + i32::from(u8::from(d.month())) - 1 - n;
    let (j, m) = (totaal.div_euclid(12), (totaal.rem_euclid(12) + 1) as u8);
    Date::from_calendar_date(j, time::Month::try_from(m).expect("1..=12"), 1).expect("first of a month")
}

/// Which cases a figure counts; every field that is set must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub team: Option<String>,
    pub activiteitgroep: Option<String>,
    pub procedure: Option<String>,
}

impl Filter {
    pub fn past(&self, f: &Feit) -> bool {
        self.past_op(f.team.as_deref(), &f.procedure, &f.groepen)
    }

    pub(crate) fn past_op(&self, team: Option<&str>, procedure: &str, groepen: &[String]) -> bool {
        self.team.as_deref().is_none_or(|t| team == Some(t))
            && self.activiteitgroep.as_deref().is_none_or(|g| groepen.iter().any(|x| x == g))
            && self.procedure.as_deref().is_none_or(|p| procedure == p)
    }
}

// ---------------------------------------------------------------------------------------------------------------
// The figures

/// Nearest-rank percentile of sorted values: the value at place ⌈p·n⌉ (1-based).
pub fn percentiel(gesorteerd: &[i64], p: f64) -> Option<i64> {
    if gesorteerd.is_empty() {
        return None;
    }
    let plaats = ((p * gesorteerd.len() as f64).ceil() as usize).clamp(1, gesorteerd.len());
    Some(gesorteerd[plaats - 1])
}

/// Median and p90 of lead times in days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = RapportageDoorlooptijd))]
#[serde(rename_all = "camelCase")]
pub struct Doorlooptijd {
    pub mediaan: Option<i64>,
    pub p90: Option<i64>,
}

impl Doorlooptijd {
    pub fn van(mut dagen: Vec<i64>) -> Doorlooptijd {
        dagen.sort_unstable();
        Doorlooptijd { mediaan: percentiel(&dagen, 0.5), p90: percentiel(&dagen, 0.9) }
    }
}

/// Outcomes of the decisions taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = RapportageUitkomsten))]
#[serde(rename_all = "camelCase")]
pub struct Uitkomsten {
    pub verleend: u64,
    pub deels_verleend: u64,
    pub geweigerd: u64,
    pub niet_vereist: u64,
}

/// Objections and appeals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = RapportageBezwaren))]
#[serde(rename_all = "camelCase")]
pub struct Bezwaren {
    /// Objections against decisions taken in the period.
    pub ontvangen: u64,
    pub niet_ontvankelijk: u64,
    pub ongegrond: u64,
    pub deels_gegrond: u64,
    pub gegrond: u64,
    pub ingetrokken: u64,
    /// Appeals at the court.
    pub beroepen: u64,
}

/// One group's lead time (per procedure, activity group or team).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = RapportageGroep))]
#[serde(rename_all = "camelCase")]
pub struct Groepcijfer {
    pub naam: String,
    pub besloten: u64,
    pub binnen_termijn_pct: Option<f64>,
    pub doorlooptijd_dagen: Doorlooptijd,
}

/// The work done for one chain partner: advice asked and answered, and how long it took.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = RapportageKetenpartner))]
#[serde(rename_all = "camelCase")]
pub struct Ketenpartner {
    pub adviseur: String,
    /// Advice requests sent in the period.
    pub gevraagd: u64,
    /// Advice that came in during the period.
    pub ontvangen: u64,
    /// Requests from the period still without answer.
    pub open: u64,
    /// Days from request to advice, for the advice that came in.
    pub doorlooptijd_dagen: Doorlooptijd,
}

/// One activity's weight in the caseload: what a council looks at to simplify its plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = RapportageRegeldruk))]
#[serde(rename_all = "camelCase")]
pub struct Regeldruk {
    pub activiteit: String,
    pub aanvragen: u64,
    pub weigeringen: u64,
    pub bezwaren: u64,
    /// Help requests ("Ik snap het niet") about this activity.
    pub hulpvragen: u64,
}

/// One period's headline figures, for the trend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = RapportageTrendpunt))]
#[serde(rename_all = "camelCase")]
pub struct Trendpunt {
    pub periode: String,
    pub ontvangen: u64,
    pub besloten: u64,
    pub binnen_termijn_pct: Option<f64>,
    pub van_rechtswege: u64,
    pub doorlooptijd_mediaan: Option<i64>,
}

/// The case figures of one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Zaakcijfers {
    pub ontvangen: u64,
    pub besloten: u64,
    pub binnen_termijn: u64,
    pub binnen_termijn_pct: Option<f64>,
    pub van_rechtswege: u64,
    pub bijna_te_laat: u64,
    /// Cases still open at the end of the period whose term had passed.
    pub open_over_termijn: u64,
    pub ingetrokken: u64,
    pub doorlooptijd_dagen: Doorlooptijd,
    /// Decisions in the period whose term was suspended, and the days it stood still.
    pub opgeschort: u64,
    pub opschorting_dagen_mediaan: Option<i64>,
    pub verlengd: u64,
    pub uitkomsten: Uitkomsten,
    pub bezwaren: Bezwaren,
    pub zienswijzen: u64,
    pub per_procedure: Vec<Groepcijfer>,
    pub per_activiteitgroep: Vec<Groepcijfer>,
    pub per_team: Vec<Groepcijfer>,
    pub ketenpartners: Vec<Ketenpartner>,
    pub regeldruk: Vec<Regeldruk>,
}

fn pct(deel: u64, geheel: u64) -> Option<f64> {
    (geheel > 0).then(|| (deel as f64 * 1000.0 / geheel as f64).round() / 10.0)
}

/// The figures of one period over the facts given (those received or decided in it, or open then; more is fine):
/// their rollup ([`telling::bijdragen`]) read as the store's rollup is read, so both ways count alike.
pub fn zaakcijfers(feiten: &[Feit], periode: Periode, filter: &Filter) -> Zaakcijfers {
    let rijen: Vec<(Sleutel, Telling)> =
        telling::samen(feiten.iter().flat_map(telling::bijdragen)).into_iter().collect();
    telling::cijfers(&rijen, periode, filter, telling::open_over_termijn(feiten, periode, filter))
}

/// Most weight first: refusals and objections count double, then applications.
pub fn sorteer_regeldruk(r: &mut [Regeldruk]) {
    r.sort_by(|a, b| {
        let gewicht = |x: &Regeldruk| 2 * (x.weigeringen + x.bezwaren) + x.aanvragen + x.hulpvragen;
        gewicht(b).cmp(&gewicht(a)).then_with(|| a.activiteit.cmp(&b.activiteit))
    });
}

// ---------------------------------------------------------------------------------------------------------------
// Capacity

/// Norm hours per procedure, unless the authority sets its own.
pub const NORMTIJDEN: [(&str, f64); 4] =
    [("regulier", 6.0), ("uitgebreid", 24.0), ("melding", 1.0), ("informatie", 0.5)];

/// The deadline risk of an open case on a day: `verlopen` (past), `let_op` (within 14 days), `opgeschort`,
/// `op_schema`.
pub fn risico(f: &Feit, vandaag: Date) -> &'static str {
    if f.opgeschort_sinds.is_some() {
        "opgeschort"
    } else if f.uiterste_beslisdatum < vandaag {
        "verlopen"
    } else if (f.uiterste_beslisdatum - vandaag).whole_days() <= crate::termijn::WAARSCHUWING_DAGEN {
        "let_op"
    } else {
        "op_schema"
    }
}

/// The open work of one team or official.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = RapportageWerklast))]
#[serde(rename_all = "camelCase")]
pub struct Werklast {
    /// The team's name, or the official's id for a row per official.
    pub naam: String,
    pub open: u64,
    pub verlopen: u64,
    pub let_op: u64,
    pub opgeschort: u64,
    pub op_schema: u64,
    /// Hours of work the open cases hold by the norm times.
    pub normuren: f64,
}

/// Open work per key (team or official), with deadline risk and norm hours.
pub fn werklast(
    open: &[Feit],
    vandaag: Date,
    sleutel: impl Fn(&Feit) -> String,
    normtijden: &BTreeMap<String, f64>,
) -> Vec<Werklast> {
    let mut per: BTreeMap<String, Werklast> = BTreeMap::new();
    for f in open.iter().filter(|f| f.open()) {
        let naam = sleutel(f);
        let w = per.entry(naam.clone()).or_insert_with(|| Werklast {
            naam,
            open: 0,
            verlopen: 0,
            let_op: 0,
            opgeschort: 0,
            op_schema: 0,
            normuren: 0.0,
        });
        w.open += 1;
        match risico(f, vandaag) {
            "verlopen" => w.verlopen += 1,
            "let_op" => w.let_op += 1,
            "opgeschort" => w.opgeschort += 1,
            _ => w.op_schema += 1,
        }
        w.normuren += normtijden.get(&f.procedure).copied().unwrap_or(0.0);
    }
    per.into_values().collect()
}

/// The Monday of the ISO week of a day.
pub fn maandag(d: Date) -> Date {
    d - Duration::days(i64::from(d.weekday().number_days_from_monday()))
}

/// Intake per week: counts per day folded into weeks from the Monday of `van`'s week up to (not including) the week
/// of `tot`; weeks without cases are 0.
pub fn per_week(per_dag: &[(Date, u64)], van: Date, tot: Date) -> Vec<(Date, u64)> {
    let (begin, eind) = (maandag(van), maandag(tot));
    let mut weken = Vec::new();
    let mut w = begin;
    while w < eind {
        weken.push((w, 0));
        w += Duration::weeks(1);
    }
    for (d, n) in per_dag {
        if *d >= begin && *d < eind {
            let i = ((maandag(*d) - begin).whole_weeks()) as usize;
            weken[i].1 += n;
        }
    }
    weken
}

/// A forecast of weekly intake and how well the same method did on past weeks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = RapportageVoorspelling))]
#[serde(rename_all = "camelCase")]
pub struct Voorspelling {
    /// `seizoen` (the same week a year earlier, scaled by the recent level) or `gemiddelde` (less than a year and a
    /// quarter of history: the mean of the last 8 weeks).
    pub methode: String,
    /// Expected cases for each coming week.
    pub waarden: Vec<f64>,
    /// Mean absolute error of the method on the last weeks of the history, forecast from before them.
    pub backtest_mae: Option<f64>,
    /// The same as a percentage of the mean intake of those weeks.
    pub backtest_pct: Option<f64>,
    /// How many past weeks the error is measured over.
    pub backtest_weken: usize,
}

const SEIZOEN: usize = 52;
const NIVEAU: usize = 8;

/// Forecast `h` weeks after `reeks` (weekly counts, oldest first).
fn voorspel_kaal(reeks: &[f64], h: usize) -> (Vec<f64>, &'static str) {
    let n = reeks.len();
    let gemiddelde = |xs: &[f64]| if xs.is_empty() { 0.0 } else { xs.iter().sum::<f64>() / xs.len() as f64 };
    if n >= SEIZOEN + NIVEAU {
        // Seasonal naive with a level: last year's same week, times how this year's last weeks compare with last
        // year's same weeks.
        let nu = gemiddelde(&reeks[n - NIVEAU..]);
        let toen = gemiddelde(&reeks[n - NIVEAU - SEIZOEN..n - SEIZOEN]);
        let schaal = if toen > 0.0 { nu / toen } else { 1.0 };
        let waarden = (0..h).map(|k| (reeks[n - SEIZOEN + (k % SEIZOEN)] * schaal).max(0.0)).collect();
        (waarden, "seizoen")
    } else {
        let m = gemiddelde(&reeks[n.saturating_sub(NIVEAU)..]);
        (vec![m; h], "gemiddelde")
    }
}

/// Forecast `h` weeks ahead, with the method's error on the last `h` weeks of the history (forecast from the week
/// before them, as if they had not happened yet).
pub fn voorspel(reeks: &[u64], h: usize) -> Voorspelling {
    let r: Vec<f64> = reeks.iter().map(|&x| x as f64).collect();
    let (waarden, methode) = voorspel_kaal(&r, h);
    let (mut mae, mut mpct, mut weken) = (None, None, 0);
    if r.len() > h + NIVEAU {
        let (verleden, echt) = r.split_at(r.len() - h);
        let (voorspeld, _) = voorspel_kaal(verleden, h);
        let fout: f64 = voorspeld.iter().zip(echt).map(|(v, e)| (v - e).abs()).sum::<f64>() / h as f64;
        let gem = echt.iter().sum::<f64>() / h as f64;
        mae = Some((fout * 10.0).round() / 10.0);
        mpct = (gem > 0.0).then(|| (fout / gem * 1000.0).round() / 10.0);
        weken = h;
    }
    Voorspelling {
        methode: methode.to_string(),
        waarden: waarden.into_iter().map(|w| (w * 10.0).round() / 10.0).collect(),
        backtest_mae: mae,
        backtest_pct: mpct,
        backtest_weken: weken,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::besluit::{Besluit, Uitkomst};
    use time::macros::{date, datetime};

    fn feit(ontvangen: Date, termijn: Date) -> Feit {
        Feit::nieuw(
            Uuid::nil(),
            "Z-2026-000001",
            "gm9999",
            Some("bouwen"),
            None,
            "regulier",
            "ontvangen",
            ontvangen.with_hms(10, 0, 0).unwrap().assume_utc(),
            termijn,
            &serde_json::json!({"activiteiten": [{"id": "x", "naam": "Bouwen van een dakkapel"}]}),
        )
    }

    fn stap(f: &mut Feit, s: GebeurtenisSoort, op: Date) {
        let termijn = f.uiterste_beslisdatum;
        f.pas_toe(s.naam(), &s.gegevens(), op.with_hms(12, 0, 0).unwrap().assume_utc(), ("x", None, None, termijn));
    }

    fn besluit(u: Uitkomst) -> GebeurtenisSoort {
        GebeurtenisSoort::BesluitGenomen {
            besluit: Besluit {
                uitkomst: u,
                motivering: "m".into(),
                voorschriften: vec![],
                verleende_activiteiten: vec![],
                zienswijzen: vec![],
            },
        }
    }

    #[test]
    fn percentiles_take_the_nearest_rank() {
        assert_eq!(percentiel(&[], 0.5), None);
        assert_eq!(percentiel(&[5], 0.9), Some(5));
        assert_eq!(percentiel(&[1, 2, 3, 4], 0.5), Some(2));
        assert_eq!(percentiel(&(1..=10).collect::<Vec<_>>(), 0.9), Some(9));
        assert_eq!(percentiel(&(1..=11).collect::<Vec<_>>(), 0.9), Some(10));
    }

    #[test]
    fn periods_read_as_quarter_month_and_year_and_step_back() {
        let q = Periode::parse("2026-Q4").unwrap();
        assert_eq!((q.van, q.tot), (date!(2026 - 10 - 01), date!(2027 - 01 - 01)));
        assert_eq!(q.naam(), "2026-Q4");
        assert_eq!(q.vorige().naam(), "2026-Q3");
        assert_eq!(Periode::parse("2026-Q1").unwrap().vorige().naam(), "2025-Q4");
        assert_eq!(Periode::parse("2026-01").unwrap().vorige().naam(), "2025-12");
        assert_eq!(Periode::parse("2026").unwrap().vorige().naam(), "2025");
        assert!(Periode::parse("2026-Q5").is_none() && Periode::parse("twee").is_none());
        assert_eq!(Periode::kwartaal_van(date!(2026 - 11 - 15)).naam(), "2026-Q4");
    }

    #[test]
    fn a_suspension_counts_its_days_and_a_late_decision_counts_as_van_rechtswege() {
        let mut f = feit(date!(2026 - 10 - 01), date!(2026 - 11 - 26));
        stap(
            &mut f,
            GebeurtenisSoort::AanvullingGevraagd {
                vraag: "v".into(),
                documenten: vec![],
                uiterlijk: date!(2026 - 10 - 30),
            },
            date!(2026 - 10 - 10),
        );
        stap(
            &mut f,
            GebeurtenisSoort::Aangevuld { toelichting: String::new(), documenten: vec![] },
            date!(2026 - 10 - 20),
        );
        stap(&mut f, besluit(Uitkomst::Geweigerd), date!(2026 - 12 - 01));
        assert_eq!((f.opschortingen, f.opschorting_dagen), (1, 10));
        assert_eq!(f.doorlooptijd(), Some(61));
        assert_eq!(f.binnen_termijn(), Some(false));
        let c = zaakcijfers(&[f], Periode::parse("2026-Q4").unwrap(), &Filter::default());
        assert_eq!((c.ontvangen, c.besloten, c.van_rechtswege, c.uitkomsten.geweigerd), (1, 1, 1, 1));
        assert_eq!(c.binnen_termijn_pct, Some(0.0));
        assert_eq!(c.regeldruk[0].weigeringen, 1);
    }

    #[test]
    fn the_trend_from_the_rollup_counts_as_the_full_figures_do() {
        let mut laat = feit(date!(2026 - 10 - 01), date!(2026 - 11 - 26));
        stap(&mut laat, besluit(Uitkomst::Verleend), date!(2026 - 12 - 01));
        let mut vroeg = feit(date!(2026 - 07 - 01), date!(2026 - 08 - 26));
        stap(&mut vroeg, besluit(Uitkomst::Verleend), date!(2026 - 07 - 21));
        let feiten = [laat, vroeg];
        let rijen: Vec<(Sleutel, Telling)> =
            telling::samen(feiten.iter().flat_map(telling::bijdragen)).into_iter().collect();
        let q4 = Periode::parse("2026-Q4").unwrap();
        let t = trend(&rijen, q4, &Filter::default(), 2);
        for (punt, p) in t.iter().zip([q4.vorige(), q4]) {
            let c = zaakcijfers(&feiten, p, &Filter::default());
            assert_eq!(punt.periode, p.naam());
            assert_eq!(
                (punt.ontvangen, punt.besloten, punt.van_rechtswege),
                (c.ontvangen, c.besloten, c.van_rechtswege)
            );
            assert_eq!(
                (punt.binnen_termijn_pct, punt.doorlooptijd_mediaan),
                (c.binnen_termijn_pct, c.doorlooptijd_dagen.mediaan)
            );
        }
        assert_eq!((t[0].besloten, t[1].besloten, t[1].van_rechtswege), (1, 1, 1));
    }

    #[test]
    fn the_rollup_kept_by_differences_equals_the_rollup_of_the_final_facts() {
        // Two cases walk through their events; after every event the store writes the difference the changed fact
        // makes. The running total must equal the rollup made at the end from the facts as they stand.
        let mut a = feit(date!(2026 - 10 - 01), date!(2026 - 11 - 26));
        let mut b = feit(date!(2026 - 10 - 05), date!(2026 - 11 - 30));
        b.team = Some("groen".into());
        let mut totaal: BTreeMap<Sleutel, Telling> = BTreeMap::new();
        let mut schrijf = |oud: Option<&Feit>, nieuw: &Feit| {
            for (k, d) in telling::verschil(oud, nieuw) {
                totaal.entry(k).or_default().tel_op(&d, 1);
            }
        };
        schrijf(None, &a);
        schrijf(None, &b);
        let stappen: Vec<(bool, GebeurtenisSoort, Date)> = vec![
            (
                true,
                GebeurtenisSoort::AdviesGevraagd { adviseur: "Omgevingsdienst".into(), vraag: "v".into() },
                date!(2026 - 10 - 03),
            ),
            (
                true,
                GebeurtenisSoort::AdviesOntvangen { adviseur: "Omgevingsdienst".into(), advies: "a".into() },
                date!(2026 - 10 - 20),
            ),
            (false, besluit(Uitkomst::Geweigerd), date!(2026 - 12 - 10)),
            (true, besluit(Uitkomst::Verleend), date!(2026 - 11 - 02)),
            (
                false,
                GebeurtenisSoort::BezwaarOntvangen { bezwaar: Uuid::nil(), nummer: "B-1".into(), te_laat: false },
                date!(2026 - 12 - 20),
            ),
        ];
        for (welke, s, op) in stappen {
            let f = if welke { &mut a } else { &mut b };
            let oud = f.clone();
            stap(f, s, op);
            schrijf(Some(&oud), f);
        }
        totaal.retain(|_, t| !t.is_leeg());
        let opnieuw = telling::samen([&a, &b].into_iter().flat_map(telling::bijdragen));
        assert_eq!(totaal, opnieuw);
        let rijen: Vec<(Sleutel, Telling)> = opnieuw.into_iter().collect();
        let c = telling::cijfers(&rijen, Periode::parse("2026-Q4").unwrap(), &Filter::default(), 0);
        assert_eq!((c.ontvangen, c.besloten, c.van_rechtswege, c.bezwaren.ontvangen), (2, 2, 1, 1));
        // The events left both cases without a team: their counts moved out of "bouwen" and "groen".
        assert_eq!(c.per_team.iter().map(|g| (g.naam.as_str(), g.besloten)).collect::<Vec<_>>(), [("zonder team", 2)]);
        assert_eq!(c.ketenpartners[0].doorlooptijd_dagen.mediaan, Some(17));
    }

    proptest::proptest! {
        #[test]
        fn a_percentile_of_a_histogram_is_the_percentile_of_its_values(
            waarden in proptest::collection::vec(0i64..400, 0..60),
            p in 0.01f64..1.0,
        ) {
            let mut gesorteerd = waarden.clone();
            gesorteerd.sort_unstable();
            let mut h = BTreeMap::new();
            for w in &waarden {
                *h.entry(*w).or_insert(0) += 1;
            }
            proptest::prop_assert_eq!(telling::percentiel_histogram(&h, p), percentiel(&gesorteerd, p));
        }
    }

    #[test]
    fn advice_per_partner_counts_requests_answers_and_days() {
        let mut f = feit(date!(2026 - 10 - 01), date!(2026 - 11 - 26));
        let vraag = |a: &str| GebeurtenisSoort::AdviesGevraagd { adviseur: a.into(), vraag: "v".into() };
        stap(&mut f, vraag("Omgevingsdienst"), date!(2026 - 10 - 02));
        stap(&mut f, vraag("Veiligheidsregio"), date!(2026 - 10 - 02));
        stap(
            &mut f,
            GebeurtenisSoort::AdviesOntvangen { adviseur: "Omgevingsdienst".into(), advies: "a".into() },
            date!(2026 - 10 - 16),
        );
        let c = zaakcijfers(&[f], Periode::parse("2026-Q4").unwrap(), &Filter::default());
        assert_eq!(c.ketenpartners.len(), 2);
        let od = &c.ketenpartners[0];
        assert_eq!((od.gevraagd, od.ontvangen, od.open, od.doorlooptijd_dagen.mediaan), (1, 1, 0, Some(14)));
        assert_eq!(c.ketenpartners[1].open, 1);
    }

    #[test]
    fn a_seasonal_series_is_forecast_from_last_year_with_its_backtest_error() {
        let reeks: Vec<u64> = (0..156).map(|w| 20 + if w % 52 < 10 { 10 } else { 0 }).collect();
        let v = voorspel(&reeks, 12);
        assert_eq!(v.methode, "seizoen");
        assert_eq!(v.waarden[0], 30.0);
        assert_eq!(v.waarden[11], 20.0);
        assert_eq!(v.backtest_mae, Some(0.0));
        let kort = voorspel(&[4, 6, 5], 4);
        assert_eq!((kort.methode.as_str(), kort.waarden[0], kort.backtest_mae), ("gemiddelde", 5.0, None));
    }

    #[test]
    fn weeks_fold_days_from_monday_and_keep_empty_weeks() {
        let w = per_week(
            &[(date!(2026 - 11 - 04), 2), (date!(2026 - 11 - 08), 1)],
            date!(2026 - 10 - 28),
            date!(2026 - 11 - 12),
        );
        assert_eq!(w, vec![(date!(2026 - 10 - 26), 0), (date!(2026 - 11 - 02), 3)]);
        let _ = datetime!(2026-01-01 0:00 UTC);
    }

    #[test]
    fn open_work_is_split_by_deadline_risk_with_norm_hours() {
        let normen: BTreeMap<String, f64> = NORMTIJDEN.iter().map(|(p, u)| (p.to_string(), *u)).collect();
        let vandaag = date!(2026 - 11 - 20);
        let fs =
            [feit(date!(2026 - 09 - 01), date!(2026 - 10 - 27)), feit(date!(2026 - 10 - 01), date!(2026 - 11 - 26))];
        let w = werklast(&fs, vandaag, |f| f.team.clone().unwrap_or_default(), &normen);
        assert_eq!((w[0].open, w[0].verlopen, w[0].let_op, w[0].normuren), (2, 1, 1, 12.0));
    }
}
