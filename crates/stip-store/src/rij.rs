//! Reading a row's columns the same way on every backend, so that each aggregate has one row reader for both.

use crate::StoreError;
use sqlx::Row;
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// A result row of either backend, read column by column.
pub(crate) trait Rij {
    fn tekst(&self, kolom: &str) -> Result<String, StoreError>;
    fn tekst_of_niets(&self, kolom: &str) -> Result<Option<String>, StoreError>;
    fn uuid(&self, kolom: &str) -> Result<Uuid, StoreError>;
    fn uuid_of_niets(&self, kolom: &str) -> Result<Option<Uuid>, StoreError>;
    fn getal(&self, kolom: &str) -> Result<i64, StoreError>;
    fn getal_of_niets(&self, kolom: &str) -> Result<Option<i64>, StoreError>;
    fn datum(&self, kolom: &str) -> Result<Date, StoreError>;
    fn moment(&self, kolom: &str) -> Result<OffsetDateTime, StoreError>;
    fn moment_of_niets(&self, kolom: &str) -> Result<Option<OffsetDateTime>, StoreError>;
    fn waar(&self, kolom: &str) -> Result<bool, StoreError>;
    fn kommagetal_of_niets(&self, kolom: &str) -> Result<Option<f64>, StoreError>;

    /// A JSON column (kept as text on both backends).
    fn json(&self, kolom: &str) -> Result<serde_json::Value, StoreError> {
        let tekst = self.tekst(kolom)?;
        serde_json::from_str(&tekst).map_err(|e| StoreError::Corrupt(format!("column {kolom} is not JSON: {e}")))
    }
}

macro_rules! rij {
    ($row:ty) => {
        impl Rij for $row {
            fn tekst(&self, kolom: &str) -> Result<String, StoreError> {
                Ok(self.try_get(kolom)?)
            }
            fn tekst_of_niets(&self, kolom: &str) -> Result<Option<String>, StoreError> {
                Ok(self.try_get(kolom)?)
            }
            fn uuid(&self, kolom: &str) -> Result<Uuid, StoreError> {
                Ok(self.try_get(kolom)?)
            }
            fn uuid_of_niets(&self, kolom: &str) -> Result<Option<Uuid>, StoreError> {
                Ok(self.try_get(kolom)?)
            }
            fn getal(&self, kolom: &str) -> Result<i64, StoreError> {
                Ok(self.try_get(kolom)?)
            }
            fn getal_of_niets(&self, kolom: &str) -> Result<Option<i64>, StoreError> {
                Ok(self.try_get(kolom)?)
            }
            fn datum(&self, kolom: &str) -> Result<Date, StoreError> {
                Ok(self.try_get(kolom)?)
            }
            fn moment(&self, kolom: &str) -> Result<OffsetDateTime, StoreError> {
                Ok(self.try_get(kolom)?)
            }
            fn moment_of_niets(&self, kolom: &str) -> Result<Option<OffsetDateTime>, StoreError> {
                Ok(self.try_get(kolom)?)
            }
            fn waar(&self, kolom: &str) -> Result<bool, StoreError> {
                Ok(self.try_get(kolom)?)
            }
            fn kommagetal_of_niets(&self, kolom: &str) -> Result<Option<f64>, StoreError> {
                Ok(self.try_get(kolom)?)
            }
        }
    };
}

rij!(SqliteRow);
rij!(PgRow);

/// A moment as both backends keep it: UTC, to the microsecond (PostgreSQL's precision), so that what is written is
/// exactly what is read back on either.
pub(crate) fn moment(t: OffsetDateTime) -> OffsetDateTime {
    let t = t.to_offset(time::UtcOffset::UTC);
    t.replace_nanosecond(t.nanosecond() / 1_000 * 1_000).expect("a truncated nanosecond is in range")
}

/// Now, as [`moment`] keeps it. The store's one reading of the clock: every moment it writes or compares with "now"
/// comes from here, so that a clock can be passed in at this one place later.
pub(crate) fn nu() -> OffsetDateTime {
    moment(OffsetDateTime::now_utc())
}
