//! Point query benchmark at national scale: "everything that applies here" in-process, against PostGIS on the same
//! data when PostgreSQL is reachable. Prints figures; does not assert.
//!
//! `STIP_BENCH_SCALE` (default 0.01): 1 = 1,000,000 locaties (20 heavy, 5,000–20,000 vertices) and 10,000,000
//! panden. `STIP_BENCH_POINTS` (default 100,000) random query points; `STIP_BENCH_PG_POINTS` (default 10,000)
//! for PostGIS. `DATABASE_URL` (default `postgres://postgres@127.0.0.1:5432/test`). `STIP_BENCH_POSTGIS=0` skips
//! the PostGIS side.

use std::time::{Duration, Instant};

use stip_regels::RegelIndex;
use stip_regels::synth::{self, Rng, SynthConfig};

mod support;
use support::{env, vm_hwm_mb};

fn pct(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let scale: f64 = env("STIP_BENCH_SCALE", 0.01);
    let n_points: usize = env("STIP_BENCH_POINTS", 100_000);
    let cfg = SynthConfig::national(scale);
    println!(
        "== stip point query benchmark: scale {scale} ({} locaties, {} heavy, {} panden)",
        cfg.locaties, cfg.heavy, cfg.panden
    );

    let t = Instant::now();
    let plan = synth::plan(&cfg);
    let verts: usize =
        plan.locaties.iter().filter_map(|l| l.geometrie.as_ref()).map(geo::CoordsIter::coords_count).sum();
    println!("generate plan: {:.1?} ({verts} vertices)", t.elapsed());

    // the 1M-locatie plan alone
    let plan_copy = plan.clone();
    let hwm_before = vm_hwm_mb();
    let t = Instant::now();
    let only_plan = RegelIndex::build(vec![plan_copy], vec![], vec![]);
    let build_plan = t.elapsed();
    println!(
        "build index of the plan: {build_plan:.2?} (target ≤ 60 s); VmHWM {:.0} MB (before build {hwm_before:.0} MB)",
        vm_hwm_mb()
    );
    drop(only_plan);

    let t = Instant::now();
    let panden = synth::panden(&cfg);
    println!("generate panden: {:.1?}", t.elapsed());
    let pg_data = if env("STIP_BENCH_POSTGIS", 1) == 1 { Some(postgis::Data::from(&plan, &panden)) } else { None };
    let t = Instant::now();
    let index = RegelIndex::build(vec![plan], panden, vec![]);
    println!("build full index (plan + panden): {:.2?}; VmHWM {:.0} MB", t.elapsed(), vm_hwm_mb());

    let mut rng = Rng::new(42);
    let points: Vec<stip_regels::RdPoint> = (0..n_points)
        .map(|_| synth::random_point(&mut rng))
        .map(|c| stip_regels::RdPoint::new(c.x, c.y).unwrap())
        .collect();
    // warm up
    for p in points.iter().take(1000) {
        std::hint::black_box(index.at_point(*p));
    }
    let mut times = Vec::with_capacity(points.len());
    let (mut with_norm, mut with_pand) = (0usize, 0usize);
    for p in &points {
        let t = Instant::now();
        let a = index.at_point(*p);
        times.push(t.elapsed());
        with_norm += usize::from(!a.normen.is_empty());
        with_pand += usize::from(!a.panden.is_empty());
        std::hint::black_box(a);
    }
    let mut hit_times: Vec<Duration> =
        times.iter().zip(&points).filter(|(_, p)| index.treffers(**p).locaties > 0).map(|(t, _)| *t).collect();
    hit_times.sort_unstable();
    let mut spatial = Vec::with_capacity(points.len());
    for p in &points {
        let t = Instant::now();
        std::hint::black_box(index.treffers(*p));
        spatial.push(t.elapsed());
    }
    let mut spatial_hit: Vec<Duration> =
        spatial.iter().zip(&points).filter(|(_, p)| index.treffers(**p).locaties > 0).map(|(t, _)| *t).collect();
    spatial_hit.sort_unstable();
    spatial.sort_unstable();
    times.sort_unstable();
    let (p50, p99, max) = (pct(&times, 0.5), pct(&times, 0.99), *times.last().unwrap());
    println!(
        "stip at_point over {} points: p50 {p50:.2?}  p99 {p99:.2?}  max {max:.2?}  (targets p50 ≤ 10 µs, p99 ≤ 100 µs); {with_norm} with a norm, {with_pand} on a pand",
        times.len()
    );
    if !hit_times.is_empty() {
        println!(
            "  of which {} points inside a locatie: p50 {:.2?}  p99 {:.2?}",
            hit_times.len(),
            pct(&hit_times, 0.5),
            pct(&hit_times, 0.99)
        );
    }
    println!(
        "  spatial part only (R-trees + exact tests): p50 {:.2?}  p99 {:.2?}",
        pct(&spatial, 0.5),
        pct(&spatial, 0.99)
    );
    if !spatial_hit.is_empty() {
        println!(
            "  spatial part of the points inside a locatie: p50 {:.2?}  p99 {:.2?}",
            pct(&spatial_hit, 0.5),
            pct(&spatial_hit, 0.99)
        );
    }

    if let Some(data) = pg_data {
        let pg_points: usize = env("STIP_BENCH_PG_POINTS", 10_000);
        match postgis::run(&data, &points[..pg_points.min(points.len())]) {
            Ok(Some((pg50, pg99, load))) => {
                println!("postgis load (COPY EWKB + GiST): {load:.1?}");
                println!("postgis ST_Intersects over {pg_points} points (sequential): p50 {pg50:.2?}  p99 {pg99:.2?}");
                println!(
                    "ratio postgis/stip: p50 {:.0}×  p99 {:.0}× (target ≥ 10×)",
                    pg50.as_secs_f64() / p50.as_secs_f64(),
                    pg99.as_secs_f64() / p99.as_secs_f64()
                );
            }
            Ok(None) => println!("postgis: PostgreSQL not reachable, skipped"),
            Err(e) => println!("postgis: failed: {e}"),
        }
    }
}

mod postgis {
    use std::time::{Duration, Instant};

    use sqlx::{Connection, PgConnection, Row};
    use stip_geo::ewkb::to_ewkb_hex;
    use stip_regels::model::{Pand, PlanVersie};

    pub struct Data {
        locaties: Vec<u8>,
        panden: Vec<u8>,
    }

    impl Data {
        /// COPY text rows `key \t ewkb-hex`.
        pub fn from(plan: &PlanVersie, panden: &[Pand]) -> Data {
            let mut locaties = Vec::new();
            for (i, l) in plan.locaties.iter().enumerate() {
                if let Some(g) = &l.geometrie {
                    locaties.extend_from_slice(format!("{i}\t{}\n", to_ewkb_hex(g)).as_bytes());
                }
            }
            let mut p = Vec::new();
            for (i, pand) in panden.iter().enumerate() {
                p.extend_from_slice(
                    format!("{i}\t{}\n", to_ewkb_hex(&geo_types::Geometry::Polygon(pand.geometrie.clone()))).as_bytes(),
                );
            }
            Data { locaties, panden: p }
        }
    }

    pub fn run(data: &Data, points: &[stip_regels::RdPoint]) -> Result<Option<(Duration, Duration, Duration)>, String> {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
        rt.block_on(async {
            let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
            let mut c = match PgConnection::connect(&url).await {
                Ok(c) => c,
                Err(_) => return Ok(None),
            };
            let schema = format!("stip_bench_{}_{}", std::process::id(), std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis());
            let e = |e: sqlx::Error| e.to_string();
            let load = Instant::now();
            sqlx::raw_sql("CREATE EXTENSION IF NOT EXISTS postgis").execute(&mut c).await.map_err(e)?;
            sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                "CREATE SCHEMA {schema}; CREATE UNLOGGED TABLE {schema}.loc (key bigint, geom geometry(Geometry, 28992)); CREATE UNLOGGED TABLE {schema}.pand (key bigint, geom geometry(Geometry, 28992));"
            )))
            .execute(&mut c)
            .await
            .map_err(e)?;
            let result = async {
                for (table, rows) in [("loc", &data.locaties), ("pand", &data.panden)] {
                    let mut copy = c.copy_in_raw(&format!("COPY {schema}.{table} (key, geom) FROM STDIN")).await.map_err(e)?;
                    for chunk in rows.chunks(8 << 20) {
                        // chunks end anywhere; COPY reassembles the stream
                        copy.send(chunk).await.map_err(e)?;
                    }
                    copy.finish().await.map_err(e)?;
                }
                sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                    "CREATE INDEX ON {schema}.loc USING gist (geom); CREATE INDEX ON {schema}.pand USING gist (geom); ANALYZE {schema}.loc; ANALYZE {schema}.pand;"
                )))
                .execute(&mut c)
                .await
                .map_err(e)?;
                let load = load.elapsed();
                let sql = format!(
                    "SELECT 1 AS laag, key FROM {schema}.loc WHERE ST_Intersects(geom, ST_SetSRID(ST_MakePoint($1, $2), 28992)) \
                     UNION ALL SELECT 2, key FROM {schema}.pand WHERE ST_Intersects(geom, ST_SetSRID(ST_MakePoint($1, $2), 28992))"
                );
                let mut times = Vec::with_capacity(points.len());
                for p in points.iter().take(200) {
                    sqlx::query(sqlx::AssertSqlSafe(sql.clone())).bind(p.x()).bind(p.y()).fetch_all(&mut c).await.map_err(e)?;
                }
                for p in points {
                    let t = Instant::now();
                    let rows = sqlx::query(sqlx::AssertSqlSafe(sql.clone())).bind(p.x()).bind(p.y()).fetch_all(&mut c).await.map_err(e)?;
                    times.push(t.elapsed());
                    std::hint::black_box(rows.iter().map(|r| r.get::<i64, _>(1)).sum::<i64>());
                }
                times.sort_unstable();
                Ok::<_, String>((super::pct(&times, 0.5), super::pct(&times, 0.99), load))
            }
            .await;
            let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(format!("DROP SCHEMA {schema} CASCADE"))).execute(&mut c).await;
            result.map(Some)
        })
    }
}
