//! Benchmark (a command, not CI): matching a happening to 10 million subscriptions with [`AbonnementIndex`], and
//! the same match in PostGIS for the ratio.
//!
//! `cargo bench -p stip-berichten --bench matchen`; `STIP_BENCH_ABONNEMENTEN=N` scales the number of
//! subscriptions (default 10,000,000), `STIP_BENCH_VRAGEN=N` the queries per kind (default 10,000),
//! `STIP_BENCH_PG=0` skips PostGIS (`STIP_BENCH_PG_URL`, default `postgres://postgres@127.0.0.1:5432/test`).
//! PostGIS keeps its table (`bench_abonnement.abonnement`) between runs and reloads only when N or the seed changed.

use std::io::Write as _;
use std::time::{Duration, Instant};

use geo_types::{Coord, Geometry, LineString, MultiPolygon, Point, Polygon};
use stip_berichten::gebied::Gebied;
use stip_berichten::index::AbonnementIndex;
use uuid::Uuid;

const SEED: u64 = 0x5717_b3e7_0000_0001;

/// Centres of the larger cities in RD (x, y): subscriptions and happenings cluster around them.
const STEDEN: [(f64, f64); 15] = [
    (121_000.0, 487_000.0), // Amsterdam
    (92_000.0, 437_000.0),  // Rotterdam
    (81_000.0, 455_000.0),  // Den Haag
    (136_000.0, 456_000.0), // Utrecht
    (161_000.0, 383_000.0), // Eindhoven
    (234_000.0, 582_000.0), // Groningen
    (133_000.0, 397_000.0), // Tilburg
    (143_000.0, 484_000.0), // Almere
    (112_000.0, 400_000.0), // Breda
    (187_000.0, 428_000.0), // Nijmegen
    (190_000.0, 444_000.0), // Arnhem
    (203_000.0, 502_000.0), // Zwolle
    (176_000.0, 317_000.0), // Maastricht
    (258_000.0, 471_000.0), // Enschede
    (183_000.0, 579_000.0), // Leeuwarden
];

/// xorshift64*: small, fast, deterministic.
struct Rnd(u64);

impl Rnd {
    fn new(seed: u64) -> Self {
        // splitmix64 of the seed, so neighbouring seeds give unrelated streams
        let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        Rnd((z ^ (z >> 31)) | 1)
    }
    fn u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn f(&mut self) -> f64 {
        (self.u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.f()
    }
    fn normal(&mut self) -> f64 {
        let (u, v) = (self.f().max(1e-300), self.f());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
}

fn cm(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// A place in the Netherlands: 60 % around a city (σ 6 km), the rest spread over the RD box.
fn plek(r: &mut Rnd) -> Coord<f64> {
    if r.f() < 0.6 {
        let (x, y) = STEDEN[(r.f() * STEDEN.len() as f64) as usize];
        Coord { x: cm(x + 6_000.0 * r.normal()), y: cm(y + 6_000.0 * r.normal()) }
    } else {
        Coord { x: cm(r.range(13_000.0, 278_000.0)), y: cm(r.range(306_000.0, 619_000.0)) }
    }
}

/// A star-shaped ring of `n` vertices around `m` with radii between `lo` and `hi` (x) and `ry / rx` in y.
fn ring(r: &mut Rnd, m: Coord<f64>, n: usize, lo: f64, hi: f64, y_schaal: f64) -> LineString<f64> {
    let mut pts: Vec<Coord<f64>> = (0..n)
        .map(|i| {
            let t = std::f64::consts::TAU * i as f64 / n as f64;
            let s = r.range(lo, hi);
            Coord { x: cm(m.x + s * t.cos()), y: cm(m.y + y_schaal * s * t.sin()) }
        })
        .collect();
    pts.push(pts[0]);
    LineString(pts)
}

/// Subscription `i`: the same for every call, so it can be streamed twice (index and PostGIS) without keeping it.
fn abonnement(i: u64) -> (Uuid, Gebied) {
    let mut r = Rnd::new(SEED ^ i.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let id = Uuid::from_u64_pair(r.u64(), i);
    let m = plek(&mut r);
    if r.f() < 0.8 {
        // log-normal radius around 400 m: most between 100 m and 1 km, a tail to 5 km
        let meter = (400f64.ln() + 0.8 * r.normal()).exp().clamp(25.0, 5_000.0).round();
        (id, Gebied::Straal { midden: m, meter })
    } else {
        let n = 8 + (r.f() * 33.0) as usize;
        let size = r.range(150.0, 600.0);
        let p = Polygon::new(ring(&mut r, m, n, 0.6 * size, size, 1.0), vec![]);
        (id, Gebied::Vlak(MultiPolygon(vec![p])))
    }
}

/// Query `i`: a building-sized plan of 1,000 vertices (a noisy ellipse of about 20 × 15 m), or a point.
fn vraag(i: u64, plan: bool) -> Geometry<f64> {
    let mut r = Rnd::new(!SEED ^ i.wrapping_mul(0x2545_f491_4f6c_dd1d) ^ u64::from(plan));
    let m = plek(&mut r);
    if plan {
        Geometry::Polygon(Polygon::new(ring(&mut r, m, 1_000, 9.7, 10.3, 0.75), vec![]))
    } else {
        Geometry::Point(Point(m))
    }
}

fn rss_kib(key: &str) -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn env_u64(key: &str, default: u64) -> u64 {
    std::env::var(key).ok().and_then(|v| v.replace('_', "").parse().ok()).unwrap_or(default)
}

struct Stat {
    p50: Duration,
    p99: Duration,
    max: Duration,
    mean: Duration,
}

fn stat(mut t: Vec<Duration>) -> Stat {
    t.sort_unstable();
    let at = |q: f64| t[((t.len() as f64 * q) as usize).min(t.len() - 1)];
    let mean = t.iter().sum::<Duration>() / t.len() as u32;
    Stat { p50: at(0.50), p99: at(0.99), max: *t.last().expect("queries"), mean }
}

fn us(d: Duration) -> String {
    format!("{:.1} µs", d.as_secs_f64() * 1e6)
}

fn ewkt(g: &Geometry<f64>) -> String {
    let ring = |l: &LineString<f64>| l.0.iter().map(|c| format!("{} {}", c.x, c.y)).collect::<Vec<_>>().join(",");
    let poly = |p: &Polygon<f64>| {
        std::iter::once(p.exterior())
            .chain(p.interiors())
            .map(|l| format!("({})", ring(l)))
            .collect::<Vec<_>>()
            .join(",")
    };
    match g {
        Geometry::Point(p) => format!("SRID=28992;POINT({} {})", p.x(), p.y()),
        Geometry::Polygon(p) => format!("SRID=28992;POLYGON({})", poly(p)),
        Geometry::MultiPolygon(mp) => {
            format!(
                "SRID=28992;MULTIPOLYGON({})",
                mp.0.iter().map(|p| format!("({})", poly(p))).collect::<Vec<_>>().join(",")
            )
        }
        _ => unreachable!("the bench only asks points and polygons"),
    }
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo bench -- --list` and test discovery: nothing to list
    }
    let n = env_u64("STIP_BENCH_ABONNEMENTEN", 10_000_000);
    let vragen = env_u64("STIP_BENCH_VRAGEN", 10_000);
    println!(
        "abonnement-index: {n} subscriptions (~80 % circles 25 m–5 km, ~20 % polygons 8–40 vertices), {vragen} queries per kind"
    );

    // other work on the machine shows in the tail latencies: say how busy it was
    let belasting =
        || std::fs::read_to_string("/proc/loadavg").unwrap_or_default().split(' ').next().unwrap_or("?").to_string();
    println!("load average (1 min) at start: {}", belasting());
    let rss0 = rss_kib("VmRSS:");
    let t = Instant::now();
    let idx = AbonnementIndex::bouw((0..n).map(abonnement));
    let bouw = t.elapsed();
    let rss1 = rss_kib("VmRSS:");
    println!(
        "build: {:.2} s; resident memory {} MiB before, {} MiB after (+{} MiB, {:.0} bytes per subscription), peak {} MiB",
        bouw.as_secs_f64(),
        rss0 / 1024,
        rss1 / 1024,
        (rss1 - rss0) / 1024,
        (rss1 - rss0) as f64 * 1024.0 / n as f64,
        rss_kib("VmHWM:") / 1024
    );
    assert_eq!(idx.len() as u64, n);

    let mut in_memory: Vec<(bool, Vec<usize>, Stat)> = Vec::new();
    for plan in [true, false] {
        let mut tijden = Vec::with_capacity(vragen as usize);
        let mut aantallen = Vec::with_capacity(vragen as usize);
        for i in 0..vragen {
            let g = vraag(i, plan);
            let t = Instant::now();
            let hits = idx.treffers(&g);
            tijden.push(t.elapsed());
            aantallen.push(hits.len());
        }
        let s = stat(tijden);
        let mean_hits = aantallen.iter().sum::<usize>() as f64 / aantallen.len() as f64;
        let mut gesorteerd = aantallen.clone();
        gesorteerd.sort_unstable();
        let (p99_hits, max_hits) = (gesorteerd[gesorteerd.len() * 99 / 100], gesorteerd[gesorteerd.len() - 1]);
        println!(
            "in-memory {:<28} p50 {:>10}  p99 {:>10}  max {:>10}  mean {:>10}  hits mean {mean_hits:.1}, p99 {p99_hits}, max {max_hits}",
            if plan { "plan polygon (1,000 vertices)" } else { "point" },
            us(s.p50),
            us(s.p99),
            us(s.max),
            us(s.mean)
        );
        in_memory.push((plan, aantallen, s));
    }

    println!("load average (1 min) after the in-memory queries: {}", belasting());
    if std::env::var("STIP_BENCH_PG").is_ok_and(|v| v == "0") {
        println!("postgis: skipped (STIP_BENCH_PG=0)");
        return;
    }
    let url = std::env::var("STIP_BENCH_PG_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("tokio runtime");
    if let Err(e) = rt.block_on(postgis(&url, n, vragen, &in_memory)) {
        println!("postgis: skipped ({e})");
    }
}

async fn postgis(url: &str, n: u64, vragen: u64, in_memory: &[(bool, Vec<usize>, Stat)]) -> Result<(), String> {
    use sqlx::{Connection, Executor, Row};
    let mut db = sqlx::PgConnection::connect(url).await.map_err(|e| format!("no connection to {url}: {e}"))?;
    db.execute("CREATE EXTENSION IF NOT EXISTS postgis").await.map_err(|e| format!("PostGIS is not available: {e}"))?;
    let versie: String =
        sqlx::query_scalar("SELECT postgis_lib_version()").fetch_one(&mut db).await.map_err(|e| e.to_string())?;
    println!("postgis {versie}");
    let geladen: Option<(i64, i64)> =
        sqlx::query_as("SELECT n, seed FROM bench_abonnement.meta").fetch_optional(&mut db).await.ok().flatten();
    if geladen != Some((n as i64, SEED as i64)) {
        let t = Instant::now();
        db.execute(
            "DROP SCHEMA IF EXISTS bench_abonnement CASCADE; CREATE SCHEMA bench_abonnement;
             CREATE UNLOGGED TABLE bench_abonnement.abonnement (id uuid PRIMARY KEY, punt geometry(Point, 28992),
                 straal double precision, vlak geometry(MultiPolygon, 28992));
             CREATE TABLE bench_abonnement.meta (n bigint, seed bigint);",
        )
        .await
        .map_err(|e| e.to_string())?;
        let mut copy = db
            .copy_in_raw("COPY bench_abonnement.abonnement (id, punt, straal, vlak) FROM STDIN")
            .await
            .map_err(|e| e.to_string())?;
        let mut buf: Vec<u8> = Vec::with_capacity(8 << 20);
        for i in 0..n {
            let (id, g) = abonnement(i);
            match &g {
                Gebied::Straal { midden, meter } => {
                    writeln!(buf, "{id}\tSRID=28992;POINT({} {})\t{meter}\t\\N", midden.x, midden.y).expect("buffer")
                }
                Gebied::Vlak(mp) => {
                    writeln!(buf, "{id}\t\\N\t\\N\t{}", ewkt(&Geometry::MultiPolygon(mp.clone()))).expect("buffer")
                }
            }
            if buf.len() > (4 << 20) {
                copy.send(std::mem::take(&mut buf)).await.map_err(|e| e.to_string())?;
            }
            if (i + 1) % 1_000_000 == 0 {
                println!("postgis: {} rows sent ({:.0} s)", i + 1, t.elapsed().as_secs_f64());
            }
        }
        copy.send(buf).await.map_err(|e| e.to_string())?;
        copy.finish().await.map_err(|e| e.to_string())?;
        println!("postgis: COPY done ({:.0} s); building GiST indexes", t.elapsed().as_secs_f64());
        // a circle's search box depends on its own radius, so the index is on the expanded point (the query
        // repeats that expression beside ST_DWithin, which can only expand a constant distance itself)
        db.execute(
            "SET maintenance_work_mem = '2GB';
             CREATE INDEX abonnement_cirkel ON bench_abonnement.abonnement USING gist (ST_Expand(punt, straal)) WHERE punt IS NOT NULL;
             CREATE INDEX abonnement_vlak ON bench_abonnement.abonnement USING gist (vlak) WHERE vlak IS NOT NULL;
             ANALYZE bench_abonnement.abonnement;",
        )
        .await
        .map_err(|e| e.to_string())?;
        sqlx::query("INSERT INTO bench_abonnement.meta VALUES ($1, $2)")
            .bind(n as i64)
            .bind(SEED as i64)
            .execute(&mut db)
            .await
            .map_err(|e| e.to_string())?;
        println!("postgis: loaded, indexed and analysed in {:.0} s", t.elapsed().as_secs_f64());
    } else {
        println!("postgis: table bench_abonnement.abonnement already holds these {n} subscriptions");
    }
    let sql = "SELECT id FROM bench_abonnement.abonnement
                WHERE punt IS NOT NULL AND ST_Expand(punt, straal) && ST_GeomFromEWKT($1) AND ST_DWithin(punt, ST_GeomFromEWKT($1), straal)
               UNION ALL
               SELECT id FROM bench_abonnement.abonnement
                WHERE vlak IS NOT NULL AND ST_Intersects(vlak, ST_GeomFromEWKT($1))";
    // warm the cache with a few queries of each kind, not timed
    for i in 0..50 {
        for plan in [true, false] {
            sqlx::query(sql)
                .bind(ewkt(&vraag(vragen + i, plan)))
                .fetch_all(&mut db)
                .await
                .map_err(|e| e.to_string())?;
        }
    }
    for (plan, aantallen, mem) in in_memory {
        let mut tijden = Vec::with_capacity(vragen as usize);
        let mut verschil = 0usize;
        for i in 0..vragen {
            let g = ewkt(&vraag(i, *plan));
            let t = Instant::now();
            let rows = sqlx::query(sql).bind(&g).fetch_all(&mut db).await.map_err(|e| e.to_string())?;
            tijden.push(t.elapsed());
            let ids: Vec<Uuid> = rows.iter().map(|r| r.get::<Uuid, _>(0)).collect();
            if ids.len() != aantallen[i as usize] {
                verschil += 1;
                if verschil <= 5 {
                    println!(
                        "  mismatch at query {i}: PostGIS {} hits, in-memory {}",
                        ids.len(),
                        aantallen[i as usize]
                    );
                }
            }
        }
        let s = stat(tijden);
        println!(
            "postgis   {:<28} p50 {:>10}  p99 {:>10}  max {:>10}  mean {:>10}  ratio p50 {:.0}×, p99 {:.0}×; hit-count mismatches: {verschil} of {vragen}",
            if *plan { "plan polygon (1,000 vertices)" } else { "point" },
            us(s.p50),
            us(s.p99),
            us(s.max),
            us(s.mean),
            s.p50.as_secs_f64() / mem.p50.as_secs_f64(),
            s.p99.as_secs_f64() / mem.p99.as_secs_f64(),
        );
    }
    Ok(())
}
