//! Work-queue benchmark: the officials' case list over 100,000 zaken (each with its first gebeurtenis) in SQLite and
//! in PostgreSQL — first pages and deep pages (keyset cursors at random depths), with and without filters, plus the
//! count. Prints p50/p99/max per query and backend; the goal is p99 ≤ 50 ms. Does not assert.
//!
//! `STIP_BENCH_ZAKEN` (default 100,000) zaken, bulk-inserted around the store in the setup; `STIP_BENCH_PAGINAS`
//! (default 200) pages per query; `STIP_BENCH_DIR` where the SQLite file goes; `DATABASE_URL` (default
//! `postgres://postgres@127.0.0.1:5432/test`) for PostgreSQL, in a schema of its own that is dropped afterwards.

use sqlx::{Database, Encode, QueryBuilder, Type};
use std::time::{Duration, Instant};
use stip_store::{Store, ZaakFilter, ZaakRepository};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

mod support;
use support::{Plek, Rng, env, report};

const GEZAGEN: [(&str, usize); 3] = [("gm0001", 70), ("gm0002", 20), ("gm0003", 10)];
const TEAMS: [&str; 6] = ["bouwen", "milieu", "ruimte", "handhaving", "evenementen", "monumenten"];
/// Statuses with their share in percent: most zaken in a system that has run a while are closed.
const STATUSSEN: [(&str, usize); 8] = [
    ("ontvangen", 8),
    ("in-behandeling", 15),
    ("aanvulling-gevraagd", 6),
    ("advies", 4),
    ("ontwerpbesluit", 2),
    ("besluit", 5),
    ("bekendgemaakt", 10),
    ("onherroepelijk", 50),
];
const OPEN: [&str; 6] = ["ontvangen", "in-behandeling", "aanvulling-gevraagd", "advies", "ontwerpbesluit", "besluit"];
const PAGINA: u32 = 50;

/// One generated zaak, as the bulk insert writes it.
struct Regel {
    id: Uuid,
    aanvraag_id: Uuid,
    zaaknummer: String,
    aanvrager: Uuid,
    bevoegd_gezag: &'static str,
    team: Option<&'static str>,
    behandelaar: Option<Uuid>,
    status: &'static str,
    ingediend: OffsetDateTime,
    termijn: Date,
}

fn kies<T: Copy>(rng: &mut Rng, verdeling: &[(T, usize)]) -> T {
    let mut r = rng.below(verdeling.iter().map(|(_, w)| w).sum());
    for (v, w) in verdeling {
        if r < *w {
            return *v;
        }
        r -= w;
    }
    unreachable!("r is below the sum of the weights")
}

fn genereer(n: usize, behandelaars: &[Uuid]) -> Vec<Regel> {
    let mut rng = Rng::new(7);
    let begin = time::macros::datetime!(2023-01-02 08:00 UTC);
    let mut tellers = std::collections::HashMap::new();
    let aanvragers: Vec<Uuid> = (0..n / 3 + 1).map(|_| Uuid::new_v4()).collect();
    let mut regels: Vec<Regel> = (0..n)
        .map(|i| {
            // Spread over three years, in submit order.
            let ingediend = begin + Duration::from_secs((i as u64) * (3 * 365 * 86_400) / n as u64);
            let status = kies(&mut rng, &STATUSSEN);
            let nummer = tellers.entry(ingediend.year()).or_insert(0i64);
            *nummer += 1;
            Regel {
                id: Uuid::now_v7(),
                aanvraag_id: Uuid::now_v7(),
                zaaknummer: format!("Z-{}-{:06}", ingediend.year(), nummer),
                aanvrager: aanvragers[rng.below(aanvragers.len())],
                bevoegd_gezag: kies(&mut rng, &GEZAGEN),
                team: (rng.below(10) > 0).then(|| TEAMS[rng.below(TEAMS.len())]),
                behandelaar: (status != "ontvangen").then(|| behandelaars[rng.below(behandelaars.len())]),
                status,
                ingediend,
                termijn: ingediend.date() + time::Duration::days(56 + rng.below(43) as i64),
            }
        })
        .collect();
    regels.sort_by(|a, b| (a.termijn, &a.zaaknummer).cmp(&(b.termijn, &b.zaaknummer)));
    regels
}

fn past(f: &ZaakFilter, r: &Regel) -> bool {
    f.bevoegd_gezag.as_deref().is_none_or(|bg| bg == r.bevoegd_gezag)
        && f.team.as_deref().is_none_or(|t| Some(t) == r.team)
        && (f.status.is_empty() || f.status.iter().any(|s| s == r.status))
        && f.behandelaar.is_none_or(|b| Some(b) == r.behandelaar)
        && f.uiterlijk_voor.is_none_or(|d| r.termijn < d)
}

/// Writes the zaken with their aanvraag and first gebeurtenis around the store, in batches, in one transaction.
async fn vul<DB>(conn: &mut DB::Connection, regels: &[Regel]) -> Result<(), sqlx::Error>
where
    DB: Database,
    DB::Arguments: Default + sqlx::IntoArguments<DB>,
    for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    for<'t> String: Encode<'t, DB> + Type<DB>,
    for<'t> Option<String>: Encode<'t, DB> + Type<DB>,
    for<'t> Uuid: Encode<'t, DB> + Type<DB>,
    for<'t> Option<Uuid>: Encode<'t, DB> + Type<DB>,
    for<'t> Date: Encode<'t, DB> + Type<DB>,
    for<'t> OffsetDateTime: Encode<'t, DB> + Type<DB>,
    for<'t> bool: Encode<'t, DB> + Type<DB>,
    for<'t> i64: Encode<'t, DB> + Type<DB>,
{
    use sqlx::Connection;
    let inhoud = serde_json::json!({
        "activiteiten": [{"id": "nl.imow-gm0001.activiteit.bouwen", "conclusie": "vergunningplicht"}],
        "locatie": {"adres": "Dorpsstraat 1, Gemeentestad", "perceel": "GMS00-A-1234"},
        "indieningsvereisten": [{"soort": "tekening", "voldaan": true}, {"soort": "foto", "voldaan": true}],
        "omschrijving": "Een dakkapel op het achterdakvlak, 3 meter breed, met een plat dak."
    })
    .to_string();
    let gegevens = serde_json::json!({"procedure": "regulier"}).to_string();
    let mut tx = conn.begin().await?;
    for deel in regels.chunks(1000) {
        let mut q = QueryBuilder::<DB>::new(
            "INSERT INTO aanvraag (id, aanvrager, bevoegd_gezag, titel, inhoud, status, aangemaakt, gewijzigd, versie) ",
        );
        q.push_values(deel, |mut b, r| {
            b.push_bind(r.aanvraag_id).push_bind(r.aanvrager).push_bind(r.bevoegd_gezag.to_string());
            b.push_bind("Dakkapel".to_string()).push_bind(inhoud.clone()).push_bind("ingediend".to_string());
            b.push_bind(r.ingediend).push_bind(r.ingediend).push_bind(2i64);
        });
        q.build().execute(&mut *tx).await?;
        let mut q = QueryBuilder::<DB>::new(
            "INSERT INTO zaak (id, zaaknummer, aanvraag_id, idempotentie_sleutel, aanvrager, bevoegd_gezag, team,
                behandelaar, procedure, status, ingediend, uiterste_beslisdatum, titel, locatie, openbaar, inhoud,
                laatste_volgnummer, gewijzigd) ",
        );
        q.push_values(deel, |mut b, r| {
            b.push_bind(r.id).push_bind(r.zaaknummer.clone()).push_bind(r.aanvraag_id);
            b.push_bind(r.id.to_string()).push_bind(r.aanvrager).push_bind(r.bevoegd_gezag.to_string());
            b.push_bind(r.team.map(str::to_string)).push_bind(r.behandelaar).push_bind("regulier".to_string());
            b.push_bind(r.status.to_string()).push_bind(r.ingediend).push_bind(r.termijn);
            b.push_bind("Dakkapel".to_string()).push_bind("Dorpsstraat 1, Gemeentestad".to_string());
            b.push_bind(false).push_bind(inhoud.clone()).push_bind(1i64).push_bind(r.ingediend);
        });
        q.build().execute(&mut *tx).await?;
        let mut q = QueryBuilder::<DB>::new(
            "INSERT INTO gebeurtenis (zaak_id, volgnummer, soort, door, door_naam, op, gegevens) ",
        );
        q.push_values(deel, |mut b, r| {
            b.push_bind(r.id).push_bind(1i64).push_bind("ingediend".to_string()).push_bind(Some(r.aanvrager));
            b.push_bind("Jan Jansen".to_string()).push_bind(r.ingediend).push_bind(gegevens.clone());
        });
        q.build().execute(&mut *tx).await?;
    }
    tx.commit().await
}

/// One query shape of the work queue: a filter, first page or at random depths.
struct Vraag {
    label: &'static str,
    filter: ZaakFilter,
    diep: bool,
}

async fn meet(naam: &str, store: &Store, regels: &[Regel], vragen: &[Vraag], n: usize) -> Duration {
    println!("{naam}: {} zaken, pages of {PAGINA}", regels.len());
    let mut rng = Rng::new(11);
    let mut slechtste = Duration::ZERO;
    for vraag in vragen {
        let passend: Vec<&Regel> = regels.iter().filter(|r| past(&vraag.filter, r)).collect();
        // warm up
        for _ in 0..5 {
            store.zaken(&vraag.filter, PAGINA).await.unwrap();
        }
        let mut tijden = Vec::with_capacity(n);
        let mut diepte = 0usize;
        for _ in 0..n {
            let mut f = vraag.filter.clone();
            if vraag.diep && !passend.is_empty() {
                let i = rng.below(passend.len());
                diepte = diepte.max(i);
                let r = passend[i];
                f.na =
                    Some(stip_store::ZaakCursor { uiterste_beslisdatum: r.termijn, zaaknummer: r.zaaknummer.clone() });
            }
            let t = Instant::now();
            let pagina = store.zaken(&f, PAGINA).await.unwrap();
            tijden.push(t.elapsed());
            let verwacht = if vraag.diep { None } else { Some(passend.len().min(PAGINA as usize)) };
            if let Some(v) = verwacht {
                assert_eq!(pagina.zaken.len(), v, "{}: a first page holds what matches", vraag.label);
            }
        }
        let label = format!("{} ({} match{})", vraag.label, passend.len(), if vraag.diep { ", deep" } else { "" });
        slechtste = slechtste.max(report(&label, &mut tijden));
    }
    let open = ZaakFilter {
        bevoegd_gezag: Some("gm0001".into()),
        status: OPEN.map(String::from).to_vec(),
        ..ZaakFilter::default()
    };
    let mut tijden = Vec::new();
    for _ in 0..n.min(50) {
        let t = Instant::now();
        let aantal = store.tel_zaken(&open).await.unwrap();
        tijden.push(t.elapsed());
        assert_eq!(aantal as usize, regels.iter().filter(|r| past(&open, r)).count());
    }
    report("tel_zaken: gm0001, open statuses", &mut tijden);
    // A whole team's open queue, page after page.
    let team = ZaakFilter { team: Some("bouwen".into()), ..open };
    let t = Instant::now();
    let (mut f, mut paginas, mut gezien) = (team.clone(), 0, 0);
    loop {
        let p = store.zaken(&f, PAGINA).await.unwrap();
        paginas += 1;
        gezien += p.zaken.len();
        match p.volgende {
            Some(c) => f.na = Some(c),
            None => break,
        }
    }
    let totaal = t.elapsed();
    assert_eq!(gezien, regels.iter().filter(|r| past(&team, r)).count(), "every zaak once");
    println!(
        "  whole open queue of team bouwen: {gezien} zaken in {paginas} pages, {totaal:.2?} ({:.2?} per page)",
        totaal / paginas
    );
    println!("  {naam}: worst p99 {slechtste:.2?} (goal ≤ 50 ms)");
    slechtste
}

fn main() {
    let n: usize = env("STIP_BENCH_ZAKEN", 100_000);
    let paginas: usize = env("STIP_BENCH_PAGINAS", 200);
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    rt.block_on(async {
        println!(
            "== stip work-queue benchmark: {n} zaken, {paginas} pages per query, {} cores",
            std::thread::available_parallelism().map_or(0, |n| n.get())
        );
        let behandelaars: Vec<Uuid> = (0..60).map(|_| Uuid::new_v4()).collect();
        let t = Instant::now();
        let regels = genereer(n, &behandelaars);
        println!("generate: {:.2?}", t.elapsed());
        let gm0001 = ZaakFilter { bevoegd_gezag: Some("gm0001".into()), ..ZaakFilter::default() };
        let open = ZaakFilter { status: OPEN.map(String::from).to_vec(), ..gm0001.clone() };
        let midden = regels[regels.len() * 2 / 3].termijn;
        let vragen = [
            Vraag { label: "no filter", filter: ZaakFilter::default(), diep: false },
            Vraag { label: "no filter", filter: ZaakFilter::default(), diep: true },
            Vraag { label: "gm0001", filter: gm0001.clone(), diep: false },
            Vraag { label: "gm0001", filter: gm0001.clone(), diep: true },
            Vraag {
                label: "gm0001 team",
                filter: ZaakFilter { team: Some("milieu".into()), ..gm0001.clone() },
                diep: true,
            },
            Vraag {
                label: "gm0001 status",
                filter: ZaakFilter { status: vec!["aanvulling-gevraagd".into()], ..gm0001.clone() },
                diep: false,
            },
            Vraag {
                label: "gm0001 status",
                filter: ZaakFilter { status: vec!["aanvulling-gevraagd".into()], ..gm0001.clone() },
                diep: true,
            },
            Vraag { label: "gm0001 open statuses", filter: open.clone(), diep: false },
            Vraag { label: "gm0001 open statuses", filter: open.clone(), diep: true },
            Vraag {
                label: "gm0001 open, team",
                filter: ZaakFilter { team: Some("bouwen".into()), ..open.clone() },
                diep: true,
            },
            Vraag {
                label: "behandelaar",
                filter: ZaakFilter { behandelaar: Some(behandelaars[0]), ..ZaakFilter::default() },
                diep: true,
            },
            Vraag {
                label: "gm0001 open, deadline before",
                filter: ZaakFilter { uiterlijk_voor: Some(midden), ..open.clone() },
                diep: false,
            },
            Vraag {
                label: "gm0001 open, team, deadline before",
                filter: ZaakFilter { team: Some("ruimte".into()), uiterlijk_voor: Some(midden), ..open.clone() },
                diep: true,
            },
        ];

        let (store, plek) = support::sqlite("werkvoorraad").await;
        let Plek::Sqlite { path, .. } = &plek else { unreachable!() };
        let t = Instant::now();
        {
            use sqlx::ConnectOptions;
            let options = sqlx::sqlite::SqliteConnectOptions::new()
                .filename(path)
                .synchronous(sqlx::sqlite::SqliteSynchronous::Off);
            let mut conn = options.connect().await.unwrap();
            vul::<sqlx::Sqlite>(&mut conn, &regels).await.unwrap();
            sqlx::query("ANALYZE").execute(&mut conn).await.unwrap();
        }
        println!("sqlite: fill {n} zaken: {:.2?}", t.elapsed());
        meet("sqlite", &store, &regels, &vragen, paginas).await;
        store.close().await;
        plek.opruimen().await;

        if let Some((store, plek)) = support::postgres("werkvoorraad").await {
            let Plek::Postgres { raw, schema, .. } = &plek else { unreachable!() };
            let t = Instant::now();
            {
                use sqlx::ConnectOptions;
                let options: sqlx::postgres::PgConnectOptions = raw.parse().unwrap();
                let mut conn = options.options([("search_path", schema.as_str())]).connect().await.unwrap();
                vul::<sqlx::Postgres>(&mut conn, &regels).await.unwrap();
                // As autovacuum leaves a table that has been filled: statistics and the visibility map (so that
                // counting can read the index alone).
                sqlx::query("VACUUM ANALYZE").execute(&mut conn).await.unwrap();
            }
            println!("postgres: fill {n} zaken: {:.2?}", t.elapsed());
            meet("postgres", &store, &regels, &vragen, paginas).await;
            store.close().await;
            plek.opruimen().await;
        }
    });
}
