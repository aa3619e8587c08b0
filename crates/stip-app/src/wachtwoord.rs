//! Password hashes: argon2id PHC strings with argon2's default cost, and checking a password against one. Each is
//! CPU-heavy (tens of milliseconds), so every caller (login, registration, the demo accounts) runs it through
//! [`beperkt`]: on a blocking thread, at most one per CPU at once, so a burst of logins cannot take every core.
//! Neither a password nor a hash is logged.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use std::sync::{Arc, OnceLock};
use tokio::sync::Semaphore;

/// The permits for hashing: one per CPU (at least one), shared by every login and registration of the process.
pub fn rekenplekken() -> Arc<Semaphore> {
    static PLEKKEN: OnceLock<Arc<Semaphore>> = OnceLock::new();
    PLEKKEN
        .get_or_init(|| Arc::new(Semaphore::new(std::thread::available_parallelism().map_or(1, |n| n.get()))))
        .clone()
}

/// Runs `werk` on a blocking thread once one of `plekken`'s permits is free. Waiting holds no thread, and the permit
/// goes with the work, so a caller that gives up cannot let more run at once than there are permits. `None` when the
/// work panicked.
pub async fn beperkt<T: Send + 'static>(
    plekken: Arc<Semaphore>,
    werk: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    let plek = plekken.acquire_owned().await.ok()?;
    tokio::task::spawn_blocking(move || {
        let _plek = plek;
        werk()
    })
    .await
    .ok()
}

/// [`wachtwoord_hash`] behind the process's permits.
pub async fn maak_hash(wachtwoord: String) -> Result<String, String> {
    beperkt(rekenplekken(), move || wachtwoord_hash(&wachtwoord))
        .await
        .unwrap_or_else(|| Err("the hashing task stopped".into()))
}

/// A PHC string for a password, with a fresh salt and argon2id's default cost.
pub fn wachtwoord_hash(wachtwoord: &str) -> Result<String, String> {
    let mut zout = [0u8; 16];
    getrandom::getrandom(&mut zout).map_err(|e| e.to_string())?;
    let salt = SaltString::encode_b64(&zout).map_err(|e| e.to_string())?;
    argon2::Argon2::default()
        .hash_password(wachtwoord.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// Whether `wachtwoord` matches the PHC string `hash` (argon2 compares in constant time). An unreadable hash never
/// matches.
pub fn controleer_wachtwoord(hash: &str, wachtwoord: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| argon2::Argon2::default().verify_password(wachtwoord.as_bytes(), &h).is_ok())
}
