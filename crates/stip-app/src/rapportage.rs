//! Reports for the council and the managers (issue 19): the figures of a period from the per-case rollups the store
//! keeps current ([`stip_zaak::rapportage`] computes them), the capacity view (open work, deadline risk, norm hours,
//! intake with its forecast), the council report as PDF/A, CSV of every table, the public open-data set without
//! personal data, and the open-data sets of other municipalities imported to compare with.
//!
//! Who: officials (behandelaar) and the board (bestuur) of the authority read everything; the open-data set is
//! public; everyone else is refused.

use crate::App;
use crate::dossier::weiger;
use crate::fout::{Fout, FoutCode};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use stip_store::{GebruikerId, GebruikerRepository, RapportageRepository};
use stip_zaak::rapportage::{
    self as r, Bezwaren, Doorlooptijd, Feit, Filter, Groepcijfer, Ketenpartner, Periode, Regeldruk, Trendpunt,
    Uitkomsten, Voorspelling, Werklast,
};
use stip_zaak::{Actie, Actor, Bron, mag};
use time::{Date, Duration};
use utoipa::ToSchema;

time::serde::format_description!(datum, Date, "[year]-[month]-[day]");

/// The version of the open-data schema; a municipality that compares checks it.
pub const OPEN_DATA_SCHEMA: &str = "stip-kpi/1";
/// How many periods the trend shows.
pub const TREND_PERIODEN: usize = 5;
/// Weeks of forecast.
pub const VOORSPELLING_WEKEN: usize = 8;

/// Which period and cases a report is about.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct KpiVraag {
    /// First day of the period (`2026-10-01`); with `tot`.
    #[serde(default, with = "datum::option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub van: Option<Date>,
    /// The first day after the period (`2027-01-01`).
    #[serde(default, with = "datum::option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub tot: Option<Date>,
    /// Instead of `van`/`tot`: a quarter (`2026-Q4`), month (`2026-11`) or year (`2026`). Default: this quarter.
    pub periode: Option<String>,
    pub team: Option<String>,
    pub activiteitgroep: Option<String>,
    pub procedure: Option<String>,
}

impl KpiVraag {
    fn periode(&self, vandaag: Date) -> Result<Periode, Fout> {
        let ongeldig = |m: &str| Fout::new(FoutCode::InvalidRequest, m.to_string());
        match (self.van, self.tot, self.periode.as_deref().filter(|p| !p.trim().is_empty())) {
            (Some(van), Some(tot), _) if van < tot && (tot - van).whole_days() <= 3700 => Ok(Periode { van, tot }),
            (Some(_), Some(_), _) => Err(ongeldig("van moet voor tot liggen, en de periode is hoogstens tien jaar")),
            (Some(_), None, _) | (None, Some(_), _) => Err(ongeldig("geef van en tot allebei, of een periode")),
            (None, None, Some(p)) => {
                Periode::parse(p).ok_or_else(|| ongeldig("periode: schrijf een kwartaal (2026-Q4), maand of jaar"))
            }
            (None, None, None) => Ok(Periode::kwartaal_van(vandaag)),
        }
    }

    fn filter(&self) -> Filter {
        let leeg = |s: &Option<String>| s.clone().filter(|s| !s.trim().is_empty());
        Filter {
            team: leeg(&self.team),
            activiteitgroep: leeg(&self.activiteitgroep),
            procedure: leeg(&self.procedure),
        }
    }
}

/// How one figure is counted, in plain words.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = RapportageUitleg)]
pub struct Uitleg {
    pub figuur: String,
    pub tekst: String,
}

/// Help requests on one page.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = RapportageHulpvragen)]
pub struct Hulpvragen {
    pub pagina: String,
    pub aantal: u64,
}

/// Participation before applying.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = RapportageParticipatie)]
pub struct Participatie {
    pub initiatieven: i64,
    pub reacties: i64,
    pub toestemmingen: i64,
}

/// Fees of the period, in cents.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = RapportageLeges)]
pub struct Leges {
    pub opgelegd_cent: i64,
    pub teruggegeven_cent: i64,
    pub betaald_cent: i64,
}

/// What applicants said in the review after their case.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = RapportageTevredenheid)]
pub struct Tevredenheid {
    pub aantal: u64,
    /// Mean of 1–5, one decimal.
    pub gemak: Option<f64>,
    pub tevredenheid: Option<f64>,
}

/// The figures of one period for an authority.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = RapportageKpi)]
pub struct Kpi {
    pub gemeente: String,
    /// `2026-Q4`, or the dates.
    pub periode: String,
    #[serde(with = "datum")]
    #[schema(value_type = String, format = Date)]
    pub van: Date,
    /// The first day after the period.
    #[serde(with = "datum")]
    #[schema(value_type = String, format = Date)]
    pub tot: Date,
    pub team: Option<String>,
    pub activiteitgroep: Option<String>,
    pub procedure: Option<String>,
    pub ontvangen: u64,
    pub besloten: u64,
    pub binnen_termijn: u64,
    pub binnen_termijn_pct: Option<f64>,
    pub van_rechtswege: u64,
    pub bijna_te_laat: u64,
    pub open_over_termijn: u64,
    pub ingetrokken: u64,
    pub doorlooptijd_dagen: Doorlooptijd,
    pub opgeschort: u64,
    pub opschorting_dagen_mediaan: Option<i64>,
    pub verlengd: u64,
    pub uitkomsten: Uitkomsten,
    pub bezwaren: Bezwaren,
    pub zienswijzen: u64,
    pub per_procedure: Vec<Groepcijfer>,
    pub per_activiteitgroep: Vec<Groepcijfer>,
    pub per_team: Vec<Groepcijfer>,
    /// Advice per chain partner: the basis of their invoicing.
    pub ketenpartners: Vec<Ketenpartner>,
    /// The activities that cost most: applications, refusals, objections and help requests.
    pub regeldruk: Vec<Regeldruk>,
    pub participatie: Participatie,
    pub leges: Leges,
    pub hulpvragen: Vec<Hulpvragen>,
    pub tevredenheid: Tevredenheid,
    /// This period and the ones before it, oldest first.
    pub trend: Vec<Trendpunt>,
    pub uitleg: Vec<Uitleg>,
}

/// One week of intake.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = RapportageWeek)]
pub struct Week {
    /// The Monday.
    #[serde(with = "datum")]
    #[schema(value_type = String, format = Date)]
    pub week: Date,
    pub aantal: f64,
}

/// The capacity view (Optimale bezetting).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = RapportageBezetting)]
pub struct Bezetting {
    pub gemeente: String,
    #[serde(with = "datum")]
    #[schema(value_type = String, format = Date)]
    pub peildatum: Date,
    pub open: u64,
    pub normuren: f64,
    pub per_team: Vec<Werklast>,
    /// Per official (by name), the open cases they hold.
    pub per_behandelaar: Vec<Werklast>,
    /// Cases received per week, the last year.
    pub instroom: Vec<Week>,
    pub voorspelling: Voorspelling,
    /// The weeks the forecast is for.
    pub voorspelde_weken: Vec<Week>,
    /// Hours per case by procedure.
    pub normtijden: BTreeMap<String, f64>,
}

/// The public open-data set: the figures of a period, without any case number, name or team.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = OpenDataKpi)]
pub struct OpenData {
    /// `stip-kpi/1`.
    pub schema: String,
    /// The municipality's code (`gm9999`) and name.
    pub gemeente: String,
    pub naam: String,
    pub periode: String,
    #[serde(with = "datum")]
    #[schema(value_type = String, format = Date)]
    pub van: Date,
    #[serde(with = "datum")]
    #[schema(value_type = String, format = Date)]
    pub tot: Date,
    pub ontvangen: u64,
    pub besloten: u64,
    pub binnen_termijn_pct: Option<f64>,
    pub van_rechtswege: u64,
    pub bijna_te_laat: u64,
    pub doorlooptijd_dagen: Doorlooptijd,
    pub uitkomsten: Uitkomsten,
    pub bezwaren: Bezwaren,
    pub per_procedure: Vec<Groepcijfer>,
    pub per_activiteitgroep: Vec<Groepcijfer>,
    pub tevredenheid: Tevredenheid,
}

/// An imported set of another municipality, or the own one, side by side.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = RapportageVergelijking)]
pub struct Vergelijking {
    pub sets: Vec<OpenData>,
}

/// The case numbers behind one figure.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = RapportageZakenAchter)]
pub struct ZakenAchter {
    pub figuur: String,
    pub zaken: Vec<ZaakVerwijzing>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = RapportageZaak)]
pub struct ZaakVerwijzing {
    #[schema(value_type = String, format = Uuid)]
    pub id: uuid::Uuid,
    pub zaaknummer: String,
}

/// The figures a link can list the cases of.
pub const FIGUREN: [&str; 7] =
    ["ontvangen", "besloten", "binnenTermijn", "vanRechtswege", "bijnaTeLaat", "openOverTermijn", "bezwaren"];

/// The actor's authority, if they are an official or board member of one.
fn eigen_gezag(actor: &Actor) -> Result<String, Fout> {
    let gezag = actor.bevoegd_gezag.clone().unwrap_or_default();
    mag(actor, Actie::Werkvoorraad, &Bron::Gezag(&gezag)).map_err(|w| weiger(w, "de rapportage"))?;
    Ok(gezag)
}

fn gezag_naam(app: &App, code: &str) -> String {
    app.host().bevoegd_gezag.iter().find(|g| g.code == code).map(|g| g.naam.clone()).unwrap_or_else(|| code.into())
}

fn uitleg() -> Vec<Uitleg> {
    let u = |f: &str, t: &str| Uitleg { figuur: f.into(), tekst: t.into() };
    vec![
        u("ontvangen", "Aanvragen die in de periode binnenkwamen."),
        u("besloten", "Aanvragen waarover in de periode een besluit is genomen."),
        u(
            "binnenTermijnPct",
            "Het deel van de besluiten dat op of voor de laatste dag van de termijn kwam. Opschorting en verlenging tellen mee.",
        ),
        u(
            "vanRechtswege",
            "Besluiten die na de laatste dag van de termijn kwamen. Onder de Omgevingswet is er geen vergunning van rechtswege meer; de aanvrager kan dan een dwangsom vragen.",
        ),
        u("bijnaTeLaat", "Besluiten op tijd, maar in de laatste 7 dagen van de termijn."),
        u("openOverTermijn", "Aanvragen zonder besluit aan het eind van de periode, waarvan de termijn voorbij was."),
        u(
            "doorlooptijdDagen",
            "Dagen van ontvangst tot besluit. De mediaan: de helft ging sneller. De p90: 9 van de 10 gingen sneller of even snel.",
        ),
        u("opgeschort", "Besluiten waarbij de termijn stilstond omdat er om meer gegevens werd gevraagd."),
        u("verlengd", "Besluiten waarbij de termijn één keer is verlengd."),
        u("bezwaren", "Bezwaren tegen besluiten uit de periode, en hoe ze afliepen."),
        u(
            "ketenpartners",
            "Adviesvragen aan ketenpartners in de periode, hoeveel er terugkwamen en hoe lang dat duurde.",
        ),
        u("regeldruk", "Per activiteit: aanvragen, weigeringen, bezwaren en hulpvragen. Bovenaan wat het meest kost."),
        u("leges", "Leges die in de periode zijn opgelegd, teruggegeven en betaald."),
        u("tevredenheid", "Het gemiddelde cijfer (1 tot 5) uit de vragenlijst na afloop van een zaak."),
    ]
}

fn gemiddelde(xs: impl Iterator<Item = i64>) -> Option<f64> {
    let (som, n) = xs.fold((0i64, 0i64), |(s, n), x| (s + x, n + 1));
    (n > 0).then(|| (som as f64 / n as f64 * 10.0).round() / 10.0)
}

/// The figures of a period ([`KpiVraag`]) for the actor's authority.
pub async fn kpi(app: &App, actor: &Actor, vraag: &KpiVraag) -> Result<Kpi, Fout> {
    let gezag = eigen_gezag(actor)?;
    kpi_van(app, &gezag, vraag).await
}

async fn kpi_van(app: &App, gezag: &str, vraag: &KpiVraag) -> Result<Kpi, Fout> {
    let periode = vraag.periode(app.klok().vandaag())?;
    let filter = vraag.filter();
    // The per-day rollup of this period and the ones the trend shows before it, read in one go.
    let mut begin = periode;
    for _ in 1..TREND_PERIODEN {
        begin = begin.vorige();
    }
    let rijen = app.store().tellingen(gezag, begin.van, periode.tot).await?;
    let open_over_termijn = app.store().open_over_termijn(gezag, periode, &filter).await?;
    let c = r::telling::cijfers(&rijen, periode, &filter, open_over_termijn);
    let trend = r::trend(&rijen, periode, &filter, TREND_PERIODEN);
    let nl = |d: Date| stip_zaak::tijd::in_nederland(d.midnight());
    let overig = app.store().overig(gezag, nl(periode.van), nl(periode.tot)).await?;
    let mut per_pagina: BTreeMap<String, u64> = BTreeMap::new();
    let mut regeldruk = c.regeldruk;
    // Help requests name activities by id; the cases know their names.
    let namen = r::telling::namen(&rijen);
    for (pagina, context) in &overig.hulpvragen {
        // The page without its query: the answers and the place in it are the asker's.
        let pad = context["pad"].as_str().filter(|p| !p.is_empty()).unwrap_or(pagina.split('?').next().unwrap_or(""));
        *per_pagina.entry(pad.to_string()).or_default() += 1;
        let ids = context["activiteiten"].as_array().cloned().unwrap_or_default();
        for a in ids.iter().filter_map(|a| a.as_str()).filter_map(|id| namen.get(id).copied()) {
            match regeldruk.iter_mut().find(|x| x.activiteit == a) {
                Some(x) => x.hulpvragen += 1,
                None => regeldruk.push(Regeldruk {
                    activiteit: a.to_string(),
                    aanvragen: 0,
                    weigeringen: 0,
                    bezwaren: 0,
                    hulpvragen: 1,
                }),
            }
        }
    }
    r::sorteer_regeldruk(&mut regeldruk);
    let mut hulpvragen: Vec<Hulpvragen> =
        per_pagina.into_iter().map(|(pagina, aantal)| Hulpvragen { pagina, aantal }).collect();
    hulpvragen.sort_by(|a, b| b.aantal.cmp(&a.aantal).then_with(|| a.pagina.cmp(&b.pagina)));
    Ok(Kpi {
        gemeente: gezag.to_string(),
        periode: periode.naam(),
        van: periode.van,
        tot: periode.tot,
        team: filter.team,
        activiteitgroep: filter.activiteitgroep,
        procedure: filter.procedure,
        ontvangen: c.ontvangen,
        besloten: c.besloten,
        binnen_termijn: c.binnen_termijn,
        binnen_termijn_pct: c.binnen_termijn_pct,
        van_rechtswege: c.van_rechtswege,
        bijna_te_laat: c.bijna_te_laat,
        open_over_termijn: c.open_over_termijn,
        ingetrokken: c.ingetrokken,
        doorlooptijd_dagen: c.doorlooptijd_dagen,
        opgeschort: c.opgeschort,
        opschorting_dagen_mediaan: c.opschorting_dagen_mediaan,
        verlengd: c.verlengd,
        uitkomsten: c.uitkomsten,
        bezwaren: c.bezwaren,
        zienswijzen: c.zienswijzen,
        per_procedure: c.per_procedure,
        per_activiteitgroep: c.per_activiteitgroep,
        per_team: c.per_team,
        ketenpartners: c.ketenpartners,
        regeldruk,
        participatie: Participatie {
            initiatieven: overig.initiatieven,
            reacties: overig.reacties,
            toestemmingen: overig.toestemmingen,
        },
        leges: Leges {
            opgelegd_cent: overig.leges_opgelegd_cent,
            teruggegeven_cent: overig.leges_teruggegeven_cent,
            betaald_cent: overig.leges_betaald_cent,
        },
        hulpvragen,
        tevredenheid: Tevredenheid {
            aantal: overig.reviews.len() as u64,
            gemak: gemiddelde(overig.reviews.iter().map(|r| r.0)),
            tevredenheid: gemiddelde(overig.reviews.iter().map(|r| r.1)),
        },
        trend,
        uitleg: uitleg(),
    })
}

/// The cases behind one figure of a period (officials and board only), at most 500.
pub async fn zaken_achter(app: &App, actor: &Actor, vraag: &KpiVraag, figuur: &str) -> Result<ZakenAchter, Fout> {
    let gezag = eigen_gezag(actor)?;
    if !FIGUREN.contains(&figuur) {
        return Err(Fout::new(FoutCode::InvalidRequest, format!("figuur: kies een van {}", FIGUREN.join(", "))));
    }
    let periode = vraag.periode(app.klok().vandaag())?;
    let filter = vraag.filter();
    let feiten = app.store().feiten(&gezag, periode.van, periode.tot).await?;
    let laatste = periode.tot.previous_day().unwrap_or(periode.tot);
    let besloten = |f: &Feit| f.besloten.is_some_and(|b| periode.bevat(b));
    let mut zaken: Vec<ZaakVerwijzing> = feiten
        .iter()
        .filter(|f| filter.past(f))
        .filter(|f| match figuur {
            "ontvangen" => periode.bevat(f.ontvangen),
            "besloten" => besloten(f),
            "binnenTermijn" => besloten(f) && f.binnen_termijn() == Some(true),
            "vanRechtswege" => besloten(f) && f.binnen_termijn() == Some(false),
            "bijnaTeLaat" => besloten(f) && f.bijna_te_laat(),
            "openOverTermijn" => {
                f.ontvangen < periode.tot
                    && !f.ingetrokken
                    && f.besloten.is_none_or(|b| b >= periode.tot)
                    && f.uiterste_beslisdatum < laatste
                    && f.procedure != "melding"
            }
            _ => besloten(f) && f.bezwaren > 0,
        })
        .map(|f| ZaakVerwijzing { id: f.zaak, zaaknummer: f.zaaknummer.clone() })
        .collect();
    zaken.sort_by(|a, b| a.zaaknummer.cmp(&b.zaaknummer));
    zaken.truncate(500);
    Ok(ZakenAchter { figuur: figuur.to_string(), zaken })
}

/// The capacity view for the actor's authority, today.
pub async fn bezetting(app: &App, actor: &Actor) -> Result<Bezetting, Fout> {
    let gezag = eigen_gezag(actor)?;
    let vandaag = app.klok().vandaag();
    let mut normtijden: BTreeMap<String, f64> = r::NORMTIJDEN.iter().map(|(p, u)| (p.to_string(), *u)).collect();
    if let Some(g) = app.host().bevoegd_gezag.iter().find(|g| g.code == gezag) {
        normtijden.extend(g.normtijden.iter().map(|(p, u)| (p.clone(), *u)));
    }
    let open = app.store().open_feiten(&gezag).await?;
    let per_team = r::werklast(&open, vandaag, |f| f.team.clone().unwrap_or_else(|| "zonder team".into()), &normtijden);
    let mut namen: BTreeMap<uuid::Uuid, String> = BTreeMap::new();
    for id in open.iter().filter_map(|f| f.behandelaar) {
        if let std::collections::btree_map::Entry::Vacant(e) = namen.entry(id) {
            let naam =
                app.store().gebruiker(GebruikerId(id)).await.map(|g| g.naam).unwrap_or_else(|_| "onbekend".into());
            e.insert(naam);
        }
    }
    let per_behandelaar = r::werklast(
        &open,
        vandaag,
        |f| f.behandelaar.and_then(|b| namen.get(&b).cloned()).unwrap_or_else(|| "nog niemand".into()),
        &normtijden,
    );
    // Three years of weeks for the seasonal forecast; the last complete week is the last one counted.
    let deze_week = r::maandag(vandaag);
    let van = deze_week - Duration::weeks(156);
    let per_dag = app.store().instroom(&gezag, van, deze_week).await?;
    let weken = r::per_week(&per_dag, van, deze_week);
    // Only from the first week with a case: a new authority has no seasons yet.
    let eerste = weken.iter().position(|(_, n)| *n > 0).unwrap_or(weken.len());
    let reeks: Vec<u64> = weken[eerste..].iter().map(|(_, n)| *n).collect();
    let voorspelling = r::voorspel(&reeks, VOORSPELLING_WEKEN);
    let voorspelde_weken = voorspelling
        .waarden
        .iter()
        .enumerate()
        .map(|(i, w)| Week { week: deze_week + Duration::weeks(i as i64), aantal: *w })
        .collect();
    let instroom =
        weken.iter().rev().take(52).rev().map(|(w, n)| Week { week: *w, aantal: *n as f64 }).collect::<Vec<_>>();
    Ok(Bezetting {
        gemeente: gezag,
        peildatum: vandaag,
        open: per_team.iter().map(|w| w.open).sum(),
        normuren: per_team.iter().map(|w| w.normuren).sum(),
        per_team,
        per_behandelaar,
        instroom,
        voorspelling,
        voorspelde_weken,
        normtijden,
    })
}

/// The open-data set of an authority for a quarter (default: the last complete one), public.
pub async fn open_data(app: &App, gezag: Option<&str>, kwartaal: Option<&str>) -> Result<OpenData, Fout> {
    let gezag = match gezag {
        Some(g) => g.to_string(),
        None => app
            .host()
            .bevoegd_gezag
            .first()
            .map(|g| g.code.clone())
            .ok_or_else(|| Fout::new(FoutCode::NotFound, "er is geen gemeente ingesteld"))?,
    };
    if !app.host().bevoegd_gezag.iter().any(|g| g.code == gezag) {
        return Err(Fout::new(FoutCode::NotFound, format!("gemeente {gezag} staat niet in deze stip")));
    }
    let periode = match kwartaal {
        Some(k) => Some(k.to_string()),
        None => Some(Periode::kwartaal_van(app.klok().vandaag()).vorige().naam()),
    };
    let kpi = kpi_van(app, &gezag, &KpiVraag { periode, ..KpiVraag::default() }).await?;
    Ok(open_data_van(&kpi, &gezag_naam(app, &gezag)))
}

/// The anonymised figures of a report: only counts, per procedure and activity group.
pub fn open_data_van(k: &Kpi, naam: &str) -> OpenData {
    OpenData {
        schema: OPEN_DATA_SCHEMA.into(),
        gemeente: k.gemeente.clone(),
        naam: naam.to_string(),
        periode: k.periode.clone(),
        van: k.van,
        tot: k.tot,
        ontvangen: k.ontvangen,
        besloten: k.besloten,
        binnen_termijn_pct: k.binnen_termijn_pct,
        van_rechtswege: k.van_rechtswege,
        bijna_te_laat: k.bijna_te_laat,
        doorlooptijd_dagen: k.doorlooptijd_dagen,
        uitkomsten: k.uitkomsten,
        bezwaren: k.bezwaren,
        per_procedure: k.per_procedure.clone(),
        per_activiteitgroep: k.per_activiteitgroep.clone(),
        tevredenheid: k.tevredenheid,
    }
}

/// Imports another municipality's open-data set (the JSON `/api/v1/open-data/kpi.json` serves).
pub async fn importeer(app: &App, actor: &Actor, json: &[u8]) -> Result<OpenData, Fout> {
    eigen_gezag(actor)?;
    let set: OpenData = serde_json::from_slice(json)
        .map_err(|e| Fout::new(FoutCode::InvalidRequest, format!("dit is geen open-data-bestand van stip: {e}")))?;
    if set.schema != OPEN_DATA_SCHEMA {
        return Err(Fout::new(
            FoutCode::InvalidRequest,
            format!("schema {} wordt niet gelezen; verwacht {OPEN_DATA_SCHEMA}", set.schema),
        ));
    }
    let waarde = serde_json::to_value(&set).map_err(|e| Fout::new(FoutCode::Internal, e.to_string()))?;
    app.store().bewaar_open_data(&set.gemeente, &set.periode, &waarde, app.klok().nu()).await?;
    Ok(set)
}

/// The own figures of a quarter beside every imported set of the same quarter (or all, without one).
pub async fn vergelijk(app: &App, actor: &Actor, kwartaal: Option<&str>) -> Result<Vergelijking, Fout> {
    let gezag = eigen_gezag(actor)?;
    let periode =
        kwartaal.map(str::to_string).unwrap_or_else(|| Periode::kwartaal_van(app.klok().vandaag()).vorige().naam());
    let kpi = kpi_van(app, &gezag, &KpiVraag { periode: Some(periode.clone()), ..KpiVraag::default() }).await?;
    let mut sets = vec![open_data_van(&kpi, &gezag_naam(app, &gezag))];
    for s in app.store().open_data_sets().await? {
        if s.periode == kpi.periode
            && s.gemeente != gezag
            && let Ok(set) = serde_json::from_value::<OpenData>(s.inhoud)
        {
            sets.push(set);
        }
    }
    Ok(Vergelijking { sets })
}

/// Makes the facts of cases from before reporting; run once at start.
pub async fn vul_aan(app: &App) -> Result<u64, Fout> {
    Ok(app.store().vul_feiten_aan().await?)
}

/// Keeps the per-day rollup current beside serving: counts the facts not counted yet (from before the rollup, or
/// written by an earlier release during an upgrade) and folds the differences the writers appended into the totals,
/// so that a report reads few rows. Answers (facts counted, differences folded). Reports are right without it (they
/// read the differences too); it keeps them fast.
pub async fn houd_bij(app: &App) -> Result<(u64, u64), Fout> {
    let geteld = app.store().tel_aan().await?;
    let gevouwen = app.store().vouw_tellingen().await?;
    Ok((geteld, gevouwen))
}

// ---------------------------------------------------------------------------------------------------------------
// CSV and the council's PDF

/// The tables a CSV export can hold.
pub const TABELLEN: [&str; 8] =
    ["kpi", "procedure", "activiteitgroep", "team", "ketenpartners", "regeldruk", "trend", "hulpvragen"];

fn getal<T: ToString>(x: Option<T>) -> String {
    x.map(|x| x.to_string()).unwrap_or_default()
}

/// The figures as label/value rows (the `kpi` table), as the CSV, the page and the PDF show them.
pub fn kernrijen(k: &Kpi) -> Vec<(String, String, String)> {
    let rij = |s: &str, l: &str, w: String| (s.to_string(), l.to_string(), w);
    vec![
        rij("ontvangen", "Aanvragen ontvangen", k.ontvangen.to_string()),
        rij("besloten", "Besluiten genomen", k.besloten.to_string()),
        rij("binnenTermijn", "Op tijd besloten", k.binnen_termijn.to_string()),
        rij("binnenTermijnPct", "Op tijd besloten (%)", getal(k.binnen_termijn_pct)),
        rij("vanRechtswege", "Te laat besloten (vroeger: van rechtswege)", k.van_rechtswege.to_string()),
        rij("bijnaTeLaat", "Bijna te laat", k.bijna_te_laat.to_string()),
        rij("openOverTermijn", "Open en over de termijn", k.open_over_termijn.to_string()),
        rij("ingetrokken", "Ingetrokken", k.ingetrokken.to_string()),
        rij("doorlooptijdMediaan", "Doorlooptijd mediaan (dagen)", getal(k.doorlooptijd_dagen.mediaan)),
        rij("doorlooptijdP90", "Doorlooptijd p90 (dagen)", getal(k.doorlooptijd_dagen.p90)),
        rij("opgeschort", "Termijn opgeschort", k.opgeschort.to_string()),
        rij("opschortingDagenMediaan", "Opschorting mediaan (dagen)", getal(k.opschorting_dagen_mediaan)),
        rij("verlengd", "Termijn verlengd", k.verlengd.to_string()),
        rij("verleend", "Verleend", k.uitkomsten.verleend.to_string()),
        rij("deelsVerleend", "Deels verleend", k.uitkomsten.deels_verleend.to_string()),
        rij("geweigerd", "Geweigerd", k.uitkomsten.geweigerd.to_string()),
        rij("nietVereist", "Geen vergunning nodig", k.uitkomsten.niet_vereist.to_string()),
        rij("bezwaren", "Bezwaren", k.bezwaren.ontvangen.to_string()),
        rij("bezwaarGegrond", "Bezwaren gegrond", k.bezwaren.gegrond.to_string()),
        rij("bezwaarDeelsGegrond", "Bezwaren deels gegrond", k.bezwaren.deels_gegrond.to_string()),
        rij("bezwaarOngegrond", "Bezwaren ongegrond", k.bezwaren.ongegrond.to_string()),
        rij("bezwaarNietOntvankelijk", "Bezwaren niet-ontvankelijk", k.bezwaren.niet_ontvankelijk.to_string()),
        rij("bezwaarIngetrokken", "Bezwaren ingetrokken", k.bezwaren.ingetrokken.to_string()),
        rij("beroepen", "Beroepen bij de rechter", k.bezwaren.beroepen.to_string()),
        rij("zienswijzen", "Zienswijzen", k.zienswijzen.to_string()),
        rij("initiatieven", "Initiatieven (participatie)", k.participatie.initiatieven.to_string()),
        rij("reacties", "Reacties van omwonenden", k.participatie.reacties.to_string()),
        rij("toestemmingen", "Toestemmingen van omwonenden", k.participatie.toestemmingen.to_string()),
        rij("legesOpgelegd", "Leges opgelegd (euro)", euro(k.leges.opgelegd_cent)),
        rij("legesTeruggegeven", "Leges teruggegeven (euro)", euro(k.leges.teruggegeven_cent)),
        rij("legesBetaald", "Leges betaald (euro)", euro(k.leges.betaald_cent)),
        rij("hulpvragen", "Hulpvragen", k.hulpvragen.iter().map(|h| h.aantal).sum::<u64>().to_string()),
        rij("tevredenheid", "Tevredenheid (1-5)", getal(k.tevredenheid.tevredenheid)),
        rij("gemak", "Gemak (1-5)", getal(k.tevredenheid.gemak)),
    ]
}

fn euro(cent: i64) -> String {
    format!("{}.{:02}", cent / 100, (cent % 100).abs())
}

fn groeprijen(g: &[Groepcijfer]) -> Vec<Vec<String>> {
    g.iter()
        .map(|g| {
            vec![
                g.naam.clone(),
                g.besloten.to_string(),
                getal(g.binnen_termijn_pct),
                getal(g.doorlooptijd_dagen.mediaan),
                getal(g.doorlooptijd_dagen.p90),
            ]
        })
        .collect()
}

/// One table of the report as a header and rows (CSV, the page, the PDF).
pub fn tabel(k: &Kpi, naam: &str) -> Option<(Vec<&'static str>, Vec<Vec<String>>)> {
    let groep = vec!["naam", "besloten", "binnenTermijnPct", "doorlooptijdMediaan", "doorlooptijdP90"];
    Some(match naam {
        "kpi" => (
            vec!["figuur", "omschrijving", "waarde"],
            kernrijen(k).into_iter().map(|(a, b, c)| vec![a, b, c]).collect(),
        ),
        "procedure" => (groep, groeprijen(&k.per_procedure)),
        "activiteitgroep" => (groep, groeprijen(&k.per_activiteitgroep)),
        "team" => (groep, groeprijen(&k.per_team)),
        "ketenpartners" => (
            vec!["ketenpartner", "gevraagd", "ontvangen", "open", "doorlooptijdMediaan", "doorlooptijdP90"],
            k.ketenpartners
                .iter()
                .map(|p| {
                    vec![
                        p.adviseur.clone(),
                        p.gevraagd.to_string(),
                        p.ontvangen.to_string(),
                        p.open.to_string(),
                        getal(p.doorlooptijd_dagen.mediaan),
                        getal(p.doorlooptijd_dagen.p90),
                    ]
                })
                .collect(),
        ),
        "regeldruk" => (
            vec!["activiteit", "aanvragen", "weigeringen", "bezwaren", "hulpvragen"],
            k.regeldruk
                .iter()
                .map(|r| {
                    vec![
                        r.activiteit.clone(),
                        r.aanvragen.to_string(),
                        r.weigeringen.to_string(),
                        r.bezwaren.to_string(),
                        r.hulpvragen.to_string(),
                    ]
                })
                .collect(),
        ),
        "trend" => (
            vec!["periode", "ontvangen", "besloten", "binnenTermijnPct", "vanRechtswege", "doorlooptijdMediaan"],
            k.trend
                .iter()
                .map(|t| {
                    vec![
                        t.periode.clone(),
                        t.ontvangen.to_string(),
                        t.besloten.to_string(),
                        getal(t.binnen_termijn_pct),
                        t.van_rechtswege.to_string(),
                        getal(t.doorlooptijd_mediaan),
                    ]
                })
                .collect(),
        ),
        "hulpvragen" => (
            vec!["pagina", "aantal"],
            k.hulpvragen.iter().map(|h| vec![h.pagina.clone(), h.aantal.to_string()]).collect(),
        ),
        _ => return None,
    })
}

/// A table as CSV (`;`-separated as Dutch spreadsheets read it, a decimal point), with a total row where the
/// columns are counts.
pub fn csv(k: &Kpi, naam: &str) -> Result<String, Fout> {
    let (kop, rijen) = tabel(k, naam)
        .ok_or_else(|| Fout::new(FoutCode::InvalidRequest, format!("tabel: kies een van {}", TABELLEN.join(", "))))?;
    let veld = |s: &str| {
        if s.contains([';', '"', '\n']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
    };
    let mut uit = kop.join(";") + "\r\n";
    for r in &rijen {
        uit += &r.iter().map(|c| veld(c)).collect::<Vec<_>>().join(";");
        uit += "\r\n";
    }
    // Totals of the count columns, for tables of groups (not of the headline figures, which are no sum).
    if !matches!(naam, "kpi" | "trend") && !rijen.is_empty() {
        let mut totaal = vec!["totaal".to_string()];
        for (i, k) in kop.iter().enumerate().skip(1) {
            let telbaar = [
                "besloten",
                "gevraagd",
                "ontvangen",
                "open",
                "aanvragen",
                "weigeringen",
                "bezwaren",
                "hulpvragen",
                "aantal",
            ];
            if telbaar.contains(k) {
                totaal.push(rijen.iter().filter_map(|r| r[i].parse::<u64>().ok()).sum::<u64>().to_string());
            } else {
                totaal.push(String::new());
            }
        }
        uit += &totaal.join(";");
        uit += "\r\n";
    }
    Ok(uit)
}

/// The council report for a quarter, as PDF/A: the figures in plain Dutch, a chart of each with the table behind it.
pub async fn raad_pdf(app: &App, actor: &Actor, kwartaal: &str) -> Result<Vec<u8>, Fout> {
    let gezag = eigen_gezag(actor)?;
    let periode = Periode::parse(kwartaal)
        .filter(|p| p.naam() == kwartaal.trim().to_uppercase().replace("-q", "-Q"))
        .ok_or_else(|| Fout::new(FoutCode::InvalidRequest, "kwartaal: schrijf het als 2026-Q4"))?;
    let k = kpi_van(app, &gezag, &KpiVraag { periode: Some(periode.naam()), ..KpiVraag::default() }).await?;
    Ok(raadsrapportage(&k, &gezag_naam(app, &gezag), app.klok().nu()))
}

/// Lays out the council report.
pub fn raadsrapportage(k: &Kpi, naam: &str, nu: time::OffsetDateTime) -> Vec<u8> {
    use stip_pdf::{Document, Metadata, Staafdiagram};
    let mut d = Document::new(Metadata {
        titel: format!("Raadsrapportage {} – {naam}", k.periode),
        auteur: naam.to_string(),
        onderwerp: "Hoe snel en hoe goed de gemeente over omgevingsvergunningen beslist".into(),
        taal: "nl-NL".into(),
        gemaakt: nu,
    });
    d.kop(1, &format!("Raadsrapportage {}", k.periode));
    d.alinea(&format!(
        "{naam}. Over de periode van {} tot {}. Hier leest u hoe snel de gemeente beslist, hoe vaak te laat, hoe de besluiten uitvielen, hoeveel bezwaren er kwamen en wat aanvragers ervan vonden.",
        k.van, k.tot
    ));
    d.kop(2, "De belangrijkste cijfers");
    let pct = k.binnen_termijn_pct.map(|p| format!("{p:.1}")).unwrap_or_else(|| "–".into());
    d.opsomming(&[
        format!("Er kwamen {} aanvragen binnen. De gemeente nam {} besluiten.", k.ontvangen, k.besloten),
        format!("{} besluiten waren op tijd: {pct} procent.", k.binnen_termijn),
        format!(
            "{} besluiten kwamen te laat. Vroeger was dat een vergunning van rechtswege; nu kan de aanvrager een dwangsom vragen.",
            k.van_rechtswege
        ),
        format!(
            "De helft van de aanvragen was binnen {} dagen klaar; 9 van de 10 binnen {} dagen.",
            getal(k.doorlooptijd_dagen.mediaan),
            getal(k.doorlooptijd_dagen.p90)
        ),
        format!(
            "Er kwamen {} bezwaren. {} waren gegrond, {} deels gegrond en {} ongegrond.",
            k.bezwaren.ontvangen, k.bezwaren.gegrond, k.bezwaren.deels_gegrond, k.bezwaren.ongegrond
        ),
    ]);
    let kern = kernrijen(k);
    d.tabel(&["Cijfer", "Waarde"], &kern.iter().map(|(_, l, w)| vec![l.clone(), w.clone()]).collect::<Vec<_>>());

    d.kop(2, "Uitkomsten van de besluiten");
    let uitkomsten = [
        ("Verleend", k.uitkomsten.verleend),
        ("Deels verleend", k.uitkomsten.deels_verleend),
        ("Geweigerd", k.uitkomsten.geweigerd),
        ("Geen vergunning nodig", k.uitkomsten.niet_vereist),
    ];
    d.staafdiagram(&Staafdiagram {
        titel: "Besluiten naar uitkomst".into(),
        labels: uitkomsten.iter().map(|(l, _)| l.to_string()).collect(),
        waarden: uitkomsten.iter().map(|(_, w)| *w as f64).collect(),
        eenheid: "besluiten".into(),
    });
    d.tabel(
        &["Uitkomst", "Aantal"],
        &uitkomsten.iter().map(|(l, w)| vec![l.to_string(), w.to_string()]).collect::<Vec<_>>(),
    );

    d.kop(2, "Op tijd besloten, per kwartaal");
    d.staafdiagram(&Staafdiagram {
        titel: "Op tijd besloten (procent)".into(),
        labels: k.trend.iter().map(|t| t.periode.clone()).collect(),
        waarden: k.trend.iter().map(|t| t.binnen_termijn_pct.unwrap_or(0.0)).collect(),
        eenheid: "procent".into(),
    });
    if let Some((kop, rijen)) = tabel(k, "trend") {
        d.tabel(&["Periode", "Ontvangen", "Besloten", "Op tijd (%)", "Te laat", "Mediaan (dagen)"], &rijen);
        let _ = kop;
    }

    d.kop(2, "Doorlooptijd per procedure");
    d.staafdiagram(&Staafdiagram {
        titel: "Mediaan doorlooptijd in dagen".into(),
        labels: k.per_procedure.iter().map(|g| g.naam.clone()).collect(),
        waarden: k.per_procedure.iter().map(|g| g.doorlooptijd_dagen.mediaan.unwrap_or(0) as f64).collect(),
        eenheid: "dagen".into(),
    });
    let groepkop = ["Naam", "Besloten", "Op tijd (%)", "Mediaan (dagen)", "p90 (dagen)"];
    d.tabel(&groepkop, &groeprijen(&k.per_procedure));
    d.kop(2, "Doorlooptijd per soort activiteit");
    d.tabel(&groepkop, &groeprijen(&k.per_activiteitgroep));

    if !k.ketenpartners.is_empty() {
        d.kop(2, "Ketenpartners");
        d.alinea("Het werk dat adviseurs voor de gemeente deden. Dit is de basis voor hun rekening.");
        if let Some((_, rijen)) = tabel(k, "ketenpartners") {
            d.tabel(&["Ketenpartner", "Gevraagd", "Ontvangen", "Open", "Mediaan (dagen)", "p90 (dagen)"], &rijen);
        }
    }
    if !k.regeldruk.is_empty() {
        d.kop(2, "Regels die het meest kosten");
        d.alinea("Per activiteit: hoeveel aanvragen, weigeringen, bezwaren en hulpvragen. Bovenaan staat wat het meest kost. Hier kan de raad het omgevingsplan eenvoudiger maken.");
        if let Some((_, rijen)) = tabel(k, "regeldruk") {
            d.tabel(
                &["Activiteit", "Aanvragen", "Weigeringen", "Bezwaren", "Hulpvragen"],
                &rijen.into_iter().take(15).collect::<Vec<_>>(),
            );
        }
    }
    d.kop(2, "Hoe tellen wij?");
    d.opsomming(&k.uitleg.iter().map(|u| u.tekst.clone()).collect::<Vec<_>>());
    d.voettekst(&format!("Raadsrapportage {} – {naam}", k.periode));
    d.bytes()
}
