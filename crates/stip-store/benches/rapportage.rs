//! Report benchmark: the council's quarter report over 1,000,000 synthetic cases (10 years of a large city, about
//! 100,000 a year with seasons) in SQLite and in PostgreSQL, with the figures computed (this quarter, the trend over
//! the four before, the other tables), and the capacity view (open work, three years of weekly intake, the forecast
//! with its backtest). Prints p50/p99/max per backend; the goal is ≤ 1 s. Does not assert a time.
//!
//! The report reads the per-day rollup (`zaak_telling`), never a case per row: the facts are bulk-inserted around the
//! store (foreign keys off for the load: the cases themselves are not needed for the report; that the writer keeps
//! facts and rollup current is the contract tests' job), then counted into the rollup and folded as the background
//! step does for earlier cases (both timed and printed), and one quarter is checked against the figures computed
//! from its facts. `STIP_BENCH_ZAKEN` (default
//! 1,000,000), `STIP_BENCH_RONDEN` (default 10) reports per backend, `STIP_BENCH_PG=0` skips PostgreSQL,
//! `STIP_BENCH_DIR` where the SQLite file goes, `DATABASE_URL` for PostgreSQL (a schema of its own, dropped after).

use std::time::{Duration, Instant};
use stip_store::{RapportageRepository, Store};
use stip_zaak::rapportage::{self as r, Advies, Feit, Filter, Periode};
use time::{Date, Duration as Dagen};
use uuid::Uuid;

mod support;
use support::{Plek, Rng, env, report};

const GEZAG: &str = "gm0001";
const TEAMS: [&str; 5] = ["Bouwen", "Groen", "Milieu", "Evenementen", "Monumenten"];
const ACTIVITEITEN: [&str; 8] = [
    "Bouwen van een dakkapel",
    "Bouwen van een bijbehorend bouwwerk",
    "Kappen van een boom",
    "Milieubelastende activiteit",
    "Aanleggen van een uitrit",
    "Slopen van een bouwwerk",
    "Organiseren van een evenement",
    "Verbouwen van een monument",
];
const PARTNERS: [&str; 3] = ["Omgevingsdienst", "Veiligheidsregio", "Waterschap"];

/// Case `i` of `n`, over ten years to the end of 2026, reproducible from the seed.
fn feit(i: usize, n: usize, rng: &mut Rng) -> Feit {
    let begin = time::macros::date!(2017 - 01 - 01);
    let dagen = 3652;
    // More in spring and early summer: a day drawn twice, the spring one kept a third of the time.
    let mut dag = (i as u64 * dagen / n as u64) as i64;
    if rng.below(3) == 0 {
        let jaar = dag / 365 * 365;
        dag = (jaar + 60 + rng.below(120) as i64).min(dagen as i64 - 1);
    }
    let ontvangen = begin + Dagen::days(dag);
    let procedure = if rng.below(20) == 0 {
        "uitgebreid"
    } else if rng.below(6) == 0 {
        "melding"
    } else {
        "regulier"
    };
    let weken = match procedure {
        "uitgebreid" => 26,
        "melding" => 4,
        _ => 8,
    };
    let mut termijn = ontvangen + Dagen::weeks(weken);
    let a = rng.below(ACTIVITEITEN.len());
    let activiteiten = [ACTIVITEITEN[a].to_string()];
    let mut f = Feit::nieuw(
        Uuid::from_u64_pair(0x5717_0000_0000_0000 | i as u64, rng.next()),
        &format!("Z-{}-{:06}", ontvangen.year(), i % 1_000_000),
        GEZAG,
        Some(TEAMS[a % TEAMS.len()]),
        Some(Uuid::from_u64_pair(0, rng.below(60) as u64)),
        procedure,
        "ontvangen",
        ontvangen.with_hms(10, 0, 0).unwrap().assume_utc(),
        termijn,
        &serde_json::json!({ "activiteiten": activiteiten.iter().map(|n| serde_json::json!({"naam": n})).collect::<Vec<_>>() }),
    );
    if rng.below(4) == 0 {
        f.opschortingen = 1;
        f.opschorting_dagen = 3 + rng.below(25) as i64;
        termijn += Dagen::days(f.opschorting_dagen);
    }
    if rng.below(10) == 0 {
        f.verlengd = true;
        termijn += Dagen::weeks(6);
    }
    f.uiterste_beslisdatum = termijn;
    if rng.below(5) == 0 {
        let gevraagd = ontvangen + Dagen::days(3 + rng.below(10) as i64);
        let ontvangen_op = gevraagd + Dagen::days(5 + rng.below(30) as i64);
        f.adviezen.push(Advies { adviseur: PARTNERS[rng.below(3)].into(), gevraagd, ontvangen: Some(ontvangen_op) });
    }
    // Decided after a lead time around the term, a few late; the last weeks' cases are still open.
    let doorlooptijd = ((termijn - ontvangen).whole_days() as f64 * (0.3 + rng.below(80) as f64 / 100.0)) as i64;
    let besloten = ontvangen + Dagen::days(doorlooptijd.max(1));
    if besloten < time::macros::date!(2026 - 12 - 01) || rng.below(3) == 0 {
        if rng.below(50) == 0 {
            f.ingetrokken = true;
            f.status = "ingetrokken".into();
        } else {
            f.besloten = Some(besloten);
            f.status = "onherroepelijk".into();
            f.uitkomst = Some(
                ["verleend", "verleend", "verleend", "deels_verleend", "geweigerd", "niet_vereist"][rng.below(6)]
                    .to_string(),
            );
            if rng.below(25) == 0 {
                f.bezwaren = 1;
                f.bezwaar_uitkomsten.push(["ongegrond", "ongegrond", "gegrond", "deels_gegrond"][rng.below(4)].into());
            }
        }
    }
    f
}

/// Writes the facts in batches in one transaction, around the store.
async fn vul<DB>(conn: &mut DB::Connection, n: usize) -> Result<(), sqlx::Error>
where
    DB: sqlx::Database,
    DB::Arguments: Default + sqlx::IntoArguments<DB>,
    for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    for<'t> String: sqlx::Encode<'t, DB> + sqlx::Type<DB>,
    for<'t> Uuid: sqlx::Encode<'t, DB> + sqlx::Type<DB>,
    for<'t> Date: sqlx::Encode<'t, DB> + sqlx::Type<DB>,
    for<'t> Option<Date>: sqlx::Encode<'t, DB> + sqlx::Type<DB>,
    for<'t> bool: sqlx::Encode<'t, DB> + sqlx::Type<DB>,
    for<'t> Option<String>: sqlx::Encode<'t, DB> + sqlx::Type<DB>,
{
    use sqlx::Connection;
    let mut rng = Rng::new(19);
    let mut tx = conn.begin().await?;
    let mut i = 0;
    while i < n {
        let deel: Vec<Feit> = (i..(i + 1000).min(n)).map(|j| feit(j, n, &mut rng)).collect();
        let mut q = sqlx::QueryBuilder::<DB>::new(
            "INSERT INTO zaak_feit (zaak_id, bevoegd_gezag, ontvangen, besloten, open_zaak, termijn, team, procedure,
                groepen, feit) ",
        );
        q.push_values(&deel, |mut b, f| {
            b.push_bind(f.zaak).push_bind(f.bevoegd_gezag.clone()).push_bind(f.ontvangen).push_bind(f.besloten);
            b.push_bind(f.open()).push_bind(f.uiterste_beslisdatum).push_bind(f.team.clone());
            b.push_bind(f.procedure.clone()).push_bind(stip_store::groepen_kolom(f));
            b.push_bind(serde_json::to_string(f).unwrap());
        });
        q.build().execute(&mut *tx).await?;
        i += deel.len();
    }
    tx.commit().await
}

async fn vul_plek(plek: &Plek, n: usize) {
    use sqlx::ConnectOptions;
    match plek {
        Plek::Sqlite { path, .. } => {
            let options = sqlx::sqlite::SqliteConnectOptions::new()
                .filename(path)
                .foreign_keys(false)
                .synchronous(sqlx::sqlite::SqliteSynchronous::Off);
            let mut conn = options.connect().await.unwrap();
            vul::<sqlx::Sqlite>(&mut conn, n).await.unwrap();
            sqlx::query("ANALYZE").execute(&mut conn).await.unwrap();
        }
        Plek::Postgres { raw, schema, .. } => {
            let options: sqlx::postgres::PgConnectOptions = raw.parse().unwrap();
            let mut conn = options.options([("search_path", schema.as_str())]).connect().await.unwrap();
            sqlx::query("SET session_replication_role = replica").execute(&mut conn).await.unwrap();
            vul::<sqlx::Postgres>(&mut conn, n).await.unwrap();
            sqlx::query("SET session_replication_role = DEFAULT").execute(&mut conn).await.unwrap();
            sqlx::query("VACUUM ANALYZE zaak_feit").execute(&mut conn).await.unwrap();
        }
    }
}

/// One quarter report as `stip_app::rapportage::kpi` makes it: the per-day rollup of the quarter and the four before
/// (totals and unfolded differences, one read), the figures and the trend from it, the open-over-term count, the
/// other tables.
async fn kwartaalrapport(store: &Store, periode: Periode) -> (u64, u64, Option<f64>) {
    let mut begin = periode;
    for _ in 1..5 {
        begin = begin.vorige();
    }
    let filter = Filter::default();
    let rijen = store.tellingen(GEZAG, begin.van, periode.tot).await.unwrap();
    let open = store.open_over_termijn(GEZAG, periode, &filter).await.unwrap();
    let c = r::telling::cijfers(&rijen, periode, &filter, open);
    let trend = r::trend(&rijen, periode, &filter, 5);
    assert_eq!(trend.len(), 5);
    let nl = |d: Date| d.midnight().assume_utc();
    store.overig(GEZAG, nl(periode.van), nl(periode.tot)).await.unwrap();
    (c.ontvangen, c.besloten, c.binnen_termijn_pct)
}

/// The facts bulk-written around the store are not in the rollup yet: count them as the background step does for
/// cases from before the rollup, then fold the differences into the per-day totals. Prints both times.
async fn tel_en_vouw(naam: &str, store: &Store) {
    let t = Instant::now();
    let geteld = store.tel_aan().await.unwrap();
    println!("{naam}: count {geteld} facts into the rollup's differences: {:.2?}", t.elapsed());
    let t = Instant::now();
    let gevouwen = store.vouw_tellingen().await.unwrap();
    println!("{naam}: fold {gevouwen} differences into the per-day totals: {:.2?}", t.elapsed());
}

/// The same quarter from the facts, as the figures are defined: the rollup must give the same. The facts of two years
/// before the quarter on are taken, so that every case with a count in the quarter is among them (an advice can come
/// in after the decision of a case from before the quarter).
async fn controleer(store: &Store, periode: Periode) {
    let filter = Filter::default();
    let feiten = store.feiten(GEZAG, periode.van - Dagen::days(730), periode.tot).await.unwrap();
    let rijen = store.tellingen(GEZAG, periode.van, periode.tot).await.unwrap();
    let open = store.open_over_termijn(GEZAG, periode, &filter).await.unwrap();
    let uit_rollup = r::telling::cijfers(&rijen, periode, &filter, open);
    assert_eq!(uit_rollup, r::zaakcijfers(&feiten, periode, &filter), "rollup and facts disagree");
}

/// The capacity view: open work, three years of weekly intake and the forecast.
async fn bezetting(store: &Store, vandaag: Date) -> (usize, r::Voorspelling) {
    let open = store.open_feiten(GEZAG).await.unwrap();
    let normen = r::NORMTIJDEN.iter().map(|(p, u)| (p.to_string(), *u)).collect();
    r::werklast(&open, vandaag, |f| f.team.clone().unwrap_or_default(), &normen);
    let week = r::maandag(vandaag);
    let van = week - Dagen::weeks(156);
    let per_dag = store.instroom(GEZAG, van, week).await.unwrap();
    let reeks: Vec<u64> = r::per_week(&per_dag, van, week).into_iter().map(|(_, n)| n).collect();
    (open.len(), r::voorspel(&reeks, 8))
}

async fn meet(naam: &str, store: &Store, ronden: usize) -> Duration {
    let kwartalen = ["2026-Q4", "2026-Q3", "2025-Q2", "2021-Q1", "2018-Q3"];
    tel_en_vouw(naam, store).await;
    controleer(store, Periode::parse(kwartalen[2]).unwrap()).await;
    for k in kwartalen.iter().take(2) {
        kwartaalrapport(store, Periode::parse(k).unwrap()).await;
    }
    let mut tijden = Vec::new();
    let mut laatste = (0, 0, None);
    for i in 0..ronden {
        let p = Periode::parse(kwartalen[i % kwartalen.len()]).unwrap();
        let t = Instant::now();
        laatste = kwartaalrapport(store, p).await;
        tijden.push(t.elapsed());
    }
    println!("  {naam}: last report received {}, decided {}, within term {:?} %", laatste.0, laatste.1, laatste.2);
    let p99 = report(&format!("{naam}: quarter report (+ trend of 4)"), &mut tijden);
    let mut tijden = Vec::new();
    let mut v = None;
    for _ in 0..ronden {
        let t = Instant::now();
        v = Some(bezetting(store, time::macros::date!(2026 - 12 - 15)).await);
        tijden.push(t.elapsed());
    }
    report(&format!("{naam}: capacity view + forecast"), &mut tijden);
    if let Some((open, v)) = v {
        println!(
            "  {naam}: {open} open cases; forecast ({}) next weeks {:?}; backtest error {:?} per week ({:?} %) over {} weeks",
            v.methode, v.waarden, v.backtest_mae, v.backtest_pct, v.backtest_weken
        );
    }
    println!("  {naam}: quarter report p99 {p99:.2?} (goal ≤ 1 s)");
    p99
}

fn main() {
    let n: usize = env("STIP_BENCH_ZAKEN", 1_000_000);
    let ronden: usize = env("STIP_BENCH_RONDEN", 10);
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    rt.block_on(async {
        println!(
            "== stip report benchmark: {n} cases over 10 years, {ronden} reports per backend, {} cores",
            std::thread::available_parallelism().map_or(0, |n| n.get())
        );
        let (store, plek) = support::sqlite("rapportage").await;
        let t = Instant::now();
        vul_plek(&plek, n).await;
        println!("sqlite: fill {n} case facts: {:.2?}", t.elapsed());
        meet("sqlite", &store, ronden).await;
        store.close().await;
        plek.opruimen().await;

        if env("STIP_BENCH_PG", 1) == 1
            && let Some((store, plek)) = support::postgres("rapportage").await
        {
            let t = Instant::now();
            vul_plek(&plek, n).await;
            println!("postgres: fill {n} case facts: {:.2?}", t.elapsed());
            meet("postgres", &store, ronden).await;
            store.close().await;
            plek.opruimen().await;
        }
    });
}
