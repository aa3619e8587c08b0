//! Synthetic zaken for the work-queue benchmarks (this crate's, and `stip-web`'s over HTTP, which includes this file):
//! 100,000 cases over three authorities, six teams and the eight statuses, written around the store in bulk.

#![allow(dead_code)] // each benchmark uses its own part of this

use super::support::{Plek, Rng};
use sqlx::{Database, Encode, QueryBuilder, Type};
use std::time::Duration;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

pub const GEZAGEN: [(&str, usize); 3] = [("gm0001", 70), ("gm0002", 20), ("gm0003", 10)];
pub const TEAMS: [&str; 6] = ["bouwen", "milieu", "ruimte", "handhaving", "evenementen", "monumenten"];
/// Statuses with their share in percent: most zaken in a system that has run a while are closed.
pub const STATUSSEN: [(&str, usize); 8] = [
    ("ontvangen", 8),
    ("in_behandeling", 15),
    ("aanvulling_gevraagd", 6),
    ("advies", 4),
    ("ontwerpbesluit", 2),
    ("besluit", 5),
    ("bekendgemaakt", 10),
    ("onherroepelijk", 50),
];
pub const OPEN: [&str; 6] =
    ["ontvangen", "in_behandeling", "aanvulling_gevraagd", "advies", "ontwerpbesluit", "besluit"];
pub const PAGINA: u32 = 50;

/// One generated zaak, as the bulk insert writes it.
pub struct Regel {
    pub id: Uuid,
    pub aanvraag_id: Uuid,
    pub zaaknummer: String,
    pub aanvrager: Uuid,
    pub bevoegd_gezag: &'static str,
    pub team: Option<&'static str>,
    pub behandelaar: Option<Uuid>,
    pub status: &'static str,
    pub ingediend: OffsetDateTime,
    pub termijn: Date,
}

pub fn kies<T: Copy>(rng: &mut Rng, verdeling: &[(T, usize)]) -> T {
    let mut r = rng.below(verdeling.iter().map(|(_, w)| w).sum());
    for (v, w) in verdeling {
        if r < *w {
            return *v;
        }
        r -= w;
    }
    unreachable!("r is below the sum of the weights")
}

pub fn genereer(n: usize, behandelaars: &[Uuid]) -> Vec<Regel> {
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

/// Writes the zaken with their aanvraag and first gebeurtenis around the store, in batches, in one transaction.
pub async fn vul<DB>(conn: &mut DB::Connection, regels: &[Regel]) -> Result<(), sqlx::Error>
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

/// Fills the store at `plek` with `regels` around the store (bulk, unsynced), then gives the planner its statistics
/// as a store that has run a while would have them (PostgreSQL: also the visibility map, so counts read the index).
pub async fn vul_plek(plek: &Plek, regels: &[Regel]) {
    use sqlx::ConnectOptions;
    match plek {
        Plek::Sqlite { path, .. } => {
            let options = sqlx::sqlite::SqliteConnectOptions::new()
                .filename(path)
                .synchronous(sqlx::sqlite::SqliteSynchronous::Off);
            let mut conn = options.connect().await.unwrap();
            vul::<sqlx::Sqlite>(&mut conn, regels).await.unwrap();
            sqlx::query("ANALYZE").execute(&mut conn).await.unwrap();
        }
        Plek::Postgres { raw, schema, .. } => {
            let options: sqlx::postgres::PgConnectOptions = raw.parse().unwrap();
            let mut conn = options.options([("search_path", schema.as_str())]).connect().await.unwrap();
            vul::<sqlx::Postgres>(&mut conn, regels).await.unwrap();
            sqlx::query("VACUUM ANALYZE").execute(&mut conn).await.unwrap();
        }
    }
}
