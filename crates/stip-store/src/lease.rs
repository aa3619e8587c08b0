//! Leases on periodic background work (reminders, payment reconciliation): which instance does a round of a task
//! until when, so that N instances on one database do each round once. A lease runs out by itself, so an instance
//! that stops is replaced at the next round; the holder renews its own lease.

use crate::StoreError;
use std::future::Future;
use time::OffsetDateTime;

/// Who does a periodic task.
pub trait LeaseRepository {
    /// Takes the lease on `taak` for `houder` until `tot` when it is free (never taken, run out at `nu`, or already
    /// `houder`'s); answers whether `houder` holds it now. Of instances asking at once, exactly one gets it.
    fn neem_lease(
        &self,
        taak: &str,
        houder: &str,
        nu: OffsetDateTime,
        tot: OffsetDateTime,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
}
