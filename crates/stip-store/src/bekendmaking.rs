//! Public notices (bekendmakingen): the rows the database writes itself, by trigger, for each case event the law
//! publishes (see `0008_bekendmakingen.sql`), and finding them by place (an RD box), kind and date, newest first,
//! keyset-paged. What a notice says is the domain's (`stip_zaak::bekendmaking`); the store keeps the facts to find it.

use crate::StoreError;
use crate::rij::Rij;
use sqlx::{Database, Encode, QueryBuilder, Type};
use std::fmt;
use std::future::Future;
use std::str::FromStr;
use time::Date;
use uuid::Uuid;

/// One public notice as stored: which event of which case, its kind, its day and its place.
#[derive(Clone, Debug, PartialEq)]
pub struct Bekendmaking {
    pub id: Uuid,
    pub zaak_id: crate::ZaakId,
    /// The event it publishes.
    pub volgnummer: i64,
    /// `aanvraag`, `ontwerpbesluit`, `besluit` or `beslissing_op_bezwaar`.
    pub soort: String,
    pub datum: Date,
    /// The place in RD New (EPSG:28992), when the case has one.
    pub x: Option<f64>,
    pub y: Option<f64>,
    pub bevoegd_gezag: String,
}

/// Where a page of notices ends: the next page starts after this one. Printed as `2026-03-01_<uuid>` for a URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BekendmakingCursor {
    pub datum: Date,
    pub id: Uuid,
}

impl fmt::Display for BekendmakingCursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.datum;
        write!(f, "{:04}-{:02}-{:02}_{}", d.year(), u8::from(d.month()), d.day(), self.id)
    }
}

impl FromStr for BekendmakingCursor {
    type Err = StoreError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let ongeldig = || StoreError::InvalidCursor(s.chars().take(64).collect());
        let (datum, id) = s.split_once('_').ok_or_else(ongeldig)?;
        let formaat = time::macros::format_description!("[year]-[month]-[day]");
        let datum = Date::parse(datum, formaat).map_err(|_| ongeldig())?;
        let id = id.parse().map_err(|_| ongeldig())?;
        Ok(BekendmakingCursor { datum, id })
    }
}

/// Which notices a page shows; every field that is set must hold.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BekendmakingFilter {
    /// `[minx, miny, maxx, maxy]` in RD New: only notices with a place inside (edges included).
    pub bbox: Option<[f64; 4]>,
    /// Any of these kinds; empty: every kind.
    pub soorten: Vec<String>,
    /// Only notices made known on or after this day.
    pub sinds: Option<Date>,
    /// Start after this notice (the previous page's [`BekendmakingPagina::volgende`]).
    pub na: Option<BekendmakingCursor>,
}

/// One page of notices, newest first.
#[derive(Clone, Debug, PartialEq)]
pub struct BekendmakingPagina {
    pub bekendmakingen: Vec<Bekendmaking>,
    pub volgende: Option<BekendmakingCursor>,
}

/// The most notices one page holds, whatever limit is asked.
pub const MAX_BEKENDMAKINGEN: u32 = 200;

/// Public notices: written by the database with the events they publish, read by anyone.
pub trait BekendmakingRepository {
    /// One page: at most `limiet` (1 to [`MAX_BEKENDMAKINGEN`]) notices matching the filter, newest first (by day,
    /// then id), after its cursor.
    fn bekendmakingen(
        &self,
        filter: &BekendmakingFilter,
        limiet: u32,
    ) -> impl Future<Output = Result<BekendmakingPagina, StoreError>> + Send;
    /// An unknown id is [`StoreError::NotFound`].
    fn bekendmaking(&self, id: Uuid) -> impl Future<Output = Result<Bekendmaking, StoreError>> + Send;
    /// Every notice of one case, in the order of its events.
    fn bekendmakingen_van_zaak(
        &self,
        zaak_id: crate::ZaakId,
    ) -> impl Future<Output = Result<Vec<Bekendmaking>, StoreError>> + Send;
}

/// The columns every backend selects for a [`Bekendmaking`].
macro_rules! bekendmaking_columns {
    () => {
        "id, zaak_id, volgnummer, soort, datum, x, y, bevoegd_gezag"
    };
}
pub(crate) use bekendmaking_columns;

pub(crate) fn bekendmaking_uit(rij: &impl Rij) -> Result<Bekendmaking, StoreError> {
    Ok(Bekendmaking {
        id: rij.uuid("id")?,
        zaak_id: crate::ZaakId(rij.uuid("zaak_id")?),
        volgnummer: rij.getal("volgnummer")?,
        soort: rij.tekst("soort")?,
        datum: rij.datum("datum")?,
        x: rij.kommagetal_of_niets("x")?,
        y: rij.kommagetal_of_niets("y")?,
        bevoegd_gezag: rij.tekst("bevoegd_gezag")?,
    })
}

/// The most square kilometres a box may touch to be read square by square (see [`pagina_sql`]).
const MAX_KM_VAKKEN: i64 = 9;

/// The square kilometres (RD New, cut towards zero, as the `km_x`/`km_y` columns) a box touches: the ranges of
/// `km_x` and of `km_y`.
fn km_bereik(bbox: [f64; 4]) -> [std::ops::RangeInclusive<i64>; 2] {
    let km = |v: f64| (v / 1000.0).trunc() as i64;
    let [minx, miny, maxx, maxy] = bbox;
    [km(minx)..=km(maxx), km(miny)..=km(maxy)]
}

/// Each square kilometre a box touches, when they are few.
fn km_vakken(bbox: [f64; 4]) -> Option<Vec<(i64, i64)>> {
    let [xs, ys] = km_bereik(bbox);
    let aantal = xs.clone().count() as i64 * ys.clone().count() as i64;
    (aantal <= MAX_KM_VAKKEN).then(|| xs.flat_map(|x| ys.clone().map(move |y| (x, y))).collect())
}

/// The query for one page: the filter, the cursor, newest first, one row more than the page holds.
///
/// A small box (the map's surroundings of a place) is read per square kilometre it touches, each square newest
/// first from its index and cut at a page, and only those rows merged: a page costs the same however many notices
/// the box holds. A larger box is one query over its squares' ranges, no box one over the whole table. Run it
/// unprepared (planned for its values): a plan made once for any square takes the crowded one for an empty one and
/// sorts all its notices.
pub(crate) fn pagina_sql<DB>(filter: &BekendmakingFilter, grootte: u32) -> QueryBuilder<DB>
where
    DB: Database,
    DB::Arguments: Default,
    for<'t> String: Encode<'t, DB> + Type<DB>,
    for<'t> Uuid: Encode<'t, DB> + Type<DB>,
    for<'t> Date: Encode<'t, DB> + Type<DB>,
    for<'t> f64: Encode<'t, DB> + Type<DB>,
    for<'t> i64: Encode<'t, DB> + Type<DB>,
{
    let rijen = i64::from(grootte) + 1;
    let kolommen = concat!("SELECT ", bekendmaking_columns!(), " FROM ");
    let Some(vakken) = filter.bbox.and_then(km_vakken) else {
        let mut qb = QueryBuilder::new(kolommen);
        qb.push("bekendmaking WHERE 1 = 1");
        if let Some(bbox) = filter.bbox {
            // the squares' ranges: what the index on them can find
            let [xs, ys] = km_bereik(bbox);
            qb.push(" AND km_x >= ").push_bind(*xs.start()).push(" AND km_x <= ").push_bind(*xs.end());
            qb.push(" AND km_y >= ").push_bind(*ys.start()).push(" AND km_y <= ").push_bind(*ys.end());
        }
        voorwaarden(&mut qb, filter);
        qb.push(" ORDER BY datum DESC, id DESC LIMIT ").push_bind(rijen);
        return qb;
    };
    let mut qb = QueryBuilder::new("");
    for (i, (x, y)) in vakken.into_iter().enumerate() {
        if i > 0 {
            qb.push(" UNION ALL ");
        }
        qb.push(kolommen).push("(").push(kolommen);
        qb.push("bekendmaking WHERE km_x = ").push_bind(x).push(" AND km_y = ").push_bind(y);
        voorwaarden(&mut qb, filter);
        qb.push(" ORDER BY datum DESC, id DESC LIMIT ").push_bind(rijen);
        qb.push(format!(") AS vak{i}"));
    }
    qb.push(" ORDER BY datum DESC, id DESC LIMIT ").push_bind(rijen);
    qb
}

/// The filter and the cursor as conditions (each ` AND ...`).
fn voorwaarden<DB>(qb: &mut QueryBuilder<DB>, filter: &BekendmakingFilter)
where
    DB: Database,
    for<'t> String: Encode<'t, DB> + Type<DB>,
    for<'t> Uuid: Encode<'t, DB> + Type<DB>,
    for<'t> Date: Encode<'t, DB> + Type<DB>,
    for<'t> f64: Encode<'t, DB> + Type<DB>,
{
    if let Some([minx, miny, maxx, maxy]) = filter.bbox {
        qb.push(" AND x >= ").push_bind(minx).push(" AND x <= ").push_bind(maxx);
        qb.push(" AND y >= ").push_bind(miny).push(" AND y <= ").push_bind(maxy);
    }
    if !filter.soorten.is_empty() {
        qb.push(" AND soort IN (");
        let mut lijst = qb.separated(", ");
        for s in &filter.soorten {
            lijst.push_bind(s.clone());
        }
        qb.push(")");
    }
    if let Some(sinds) = filter.sinds {
        qb.push(" AND datum >= ").push_bind(sinds);
    }
    if let Some(na) = &filter.na {
        qb.push(" AND datum <= ").push_bind(na.datum);
        qb.push(" AND (datum < ").push_bind(na.datum).push(" OR id < ").push_bind(na.id).push(")");
    }
}

/// Cuts the rows read (one more than the page holds) into a page and the cursor of the next one.
pub(crate) fn pagina(mut rijen: Vec<Bekendmaking>, grootte: u32) -> BekendmakingPagina {
    let meer = rijen.len() > grootte as usize;
    rijen.truncate(grootte as usize);
    let volgende = meer.then(|| rijen.last()).flatten().map(|b| BekendmakingCursor { datum: b.datum, id: b.id });
    BekendmakingPagina { bekendmakingen: rijen, volgende }
}

/// Implements [`BekendmakingRepository`] for a backend store (`$store` over `$db`).
macro_rules! bekendmaking_repository {
    ($store:ty, $db:ty) => {
        impl $crate::BekendmakingRepository for $store {
            async fn bekendmakingen(
                &self,
                filter: &$crate::BekendmakingFilter,
                limiet: u32,
            ) -> Result<$crate::BekendmakingPagina, $crate::StoreError> {
                use $crate::gedeeld::Backend;
                let grootte = limiet.clamp(1, $crate::MAX_BEKENDMAKINGEN);
                let rijen = $crate::bekendmaking::pagina_sql::<$db>(filter, grootte)
                    .build()
                    .persistent(false)
                    .fetch_all(self.lezers())
                    .await?;
                let rijen = rijen.iter().map($crate::bekendmaking::bekendmaking_uit).collect::<Result<Vec<_>, _>>()?;
                Ok($crate::bekendmaking::pagina(rijen, grootte))
            }

            async fn bekendmaking(&self, id: uuid::Uuid) -> Result<$crate::Bekendmaking, $crate::StoreError> {
                use $crate::gedeeld::Backend;
                sqlx::query(concat!(
                    "SELECT ",
                    $crate::bekendmaking::bekendmaking_columns!(),
                    " FROM bekendmaking WHERE id = $1"
                ))
                .bind(id)
                .fetch_optional(self.lezers())
                .await?
                .as_ref()
                .map($crate::bekendmaking::bekendmaking_uit)
                .unwrap_or_else(|| Err($crate::StoreError::NotFound(format!("bekendmaking {id}"))))
            }

            async fn bekendmakingen_van_zaak(
                &self,
                zaak_id: $crate::ZaakId,
            ) -> Result<Vec<$crate::Bekendmaking>, $crate::StoreError> {
                use $crate::gedeeld::Backend;
                sqlx::query(concat!(
                    "SELECT ",
                    $crate::bekendmaking::bekendmaking_columns!(),
                    " FROM bekendmaking WHERE zaak_id = $1 ORDER BY volgnummer"
                ))
                .bind(zaak_id.0)
                .fetch_all(self.lezers())
                .await?
                .iter()
                .map($crate::bekendmaking::bekendmaking_uit)
                .collect()
            }
        }
    };
}
pub(crate) use bekendmaking_repository;

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_cursor_prints_for_a_url_and_reads_back() {
        let c = BekendmakingCursor { datum: date!(2026 - 03 - 01), id: Uuid::nil() };
        assert_eq!(c.to_string(), "2026-03-01_00000000-0000-0000-0000-000000000000");
        assert_eq!(c.to_string().parse::<BekendmakingCursor>().unwrap(), c);
        for fout in ["", "2026-03-01", "2026-13-01_x", "gisteren_00000000-0000-0000-0000-000000000000"] {
            assert!(matches!(fout.parse::<BekendmakingCursor>(), Err(StoreError::InvalidCursor(_))), "{fout}");
        }
    }
}
