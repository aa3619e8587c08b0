//! Password hashes: argon2id PHC strings with argon2's default cost, and checking a password against one. CPU-heavy
//! (tens of milliseconds each): callers run them off the async threads. Neither a password nor a hash is logged.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

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
