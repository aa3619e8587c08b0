//! Work-queue benchmark: the officials' case list over 100,000 zaken (each with its first gebeurtenis) in SQLite and
//! in PostgreSQL — first pages and deep pages (keyset cursors at random depths), with and without filters, plus the
//! count. Prints p50/p99/max per query and backend; the goal is p99 ≤ 50 ms. Does not assert.
//!
//! `STIP_BENCH_ZAKEN` (default 100,000) zaken, bulk-inserted around the store in the setup; `STIP_BENCH_PAGINAS`
//! (default 200) pages per query; `STIP_BENCH_DIR` where the SQLite file goes; `DATABASE_URL` (default
//! `postgres://postgres@127.0.0.1:5432/test`) for PostgreSQL, in a schema of its own that is dropped afterwards.

use std::time::{Duration, Instant};
use stip_store::{Store, ZaakFilter, ZaakRepository};
use uuid::Uuid;

mod support;
#[path = "support/zaken.rs"]
mod zaken;
use support::{Rng, env, report};
use zaken::{OPEN, PAGINA, Regel, genereer, vul_plek};

fn past(f: &ZaakFilter, r: &Regel) -> bool {
    f.bevoegd_gezag.as_deref().is_none_or(|bg| bg == r.bevoegd_gezag)
        && f.team.as_deref().is_none_or(|t| Some(t) == r.team)
        && (f.status.is_empty() || f.status.iter().any(|s| s == r.status))
        && f.behandelaar.is_none_or(|b| Some(b) == r.behandelaar)
        && f.uiterlijk_voor.is_none_or(|d| r.termijn < d)
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
                filter: ZaakFilter { status: vec!["aanvulling_gevraagd".into()], ..gm0001.clone() },
                diep: false,
            },
            Vraag {
                label: "gm0001 status",
                filter: ZaakFilter { status: vec!["aanvulling_gevraagd".into()], ..gm0001.clone() },
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
        let t = Instant::now();
        vul_plek(&plek, &regels).await;
        println!("sqlite: fill {n} zaken: {:.2?}", t.elapsed());
        meet("sqlite", &store, &regels, &vragen, paginas).await;
        store.close().await;
        plek.opruimen().await;

        if let Some((store, plek)) = support::postgres("werkvoorraad").await {
            let t = Instant::now();
            vul_plek(&plek, &regels).await;
            println!("postgres: fill {n} zaken: {:.2?}", t.elapsed());
            meet("postgres", &store, &regels, &vragen, paginas).await;
            store.close().await;
            plek.opruimen().await;
        }
    });
}
