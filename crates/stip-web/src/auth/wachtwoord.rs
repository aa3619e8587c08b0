//! Passwords: argon2id hashes (PHC strings) with argon2's default cost, checking one, the rule for a new one, and the
//! password login itself — as slow for an unknown e-mail address (or an account without a password) as for a known
//! one, and braked by [`super::pogingen`]. A login checks on a blocking thread, at most one per CPU at once, so a burst
//! of logins cannot take every core. Neither a password nor a hash is ever logged.

use crate::AppState;
use std::sync::OnceLock;
pub use stip_app::wachtwoord::{beperkt, controleer_wachtwoord, rekenplekken, wachtwoord_hash};
use stip_store::{Gebruiker, GebruikerRepository, StoreError, normaliseer_email};

/// The shortest password accepted for a new account (characters).
pub const MIN_TEKENS: usize = 12;
/// The longest (characters): more only costs hashing time.
pub const MAX_TEKENS: usize = 1000;

/// A hash no password is checked against for real: it makes a login for an unknown address cost the same time.
fn schijnhash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| wachtwoord_hash(&super::token::nieuw_token()).expect("argon2 hashes a fresh token"))
}

/// Whether a new password is acceptable: the catalogue key of what is wrong with it.
pub(crate) fn keur_nieuw(wachtwoord: &str) -> Result<(), &'static str> {
    match wachtwoord.chars().count() {
        n if n < MIN_TEKENS => Err("registreren.fout_wachtwoord_kort"),
        n if n > MAX_TEKENS => Err("registreren.fout_wachtwoord_lang"),
        _ => Ok(()),
    }
}

/// Why a password login did not work.
#[derive(Debug)]
pub(crate) enum InlogFout {
    /// Unknown address, no password on the account, or a wrong password: one answer for all three.
    Fout,
    /// Too many wrong passwords for this address lately.
    TeVaak,
    Storing(StoreError),
}

/// Logs in with e-mail address and password from a source (the client's address): the account, or why not.
pub(crate) async fn log_in(
    state: &AppState,
    email: &str,
    wachtwoord: &str,
    bron: &super::bron::Bron,
) -> Result<Gebruiker, InlogFout> {
    let email = normaliseer_email(email);
    let bron = bron.0.as_str();
    let pogingen = &state.auth().pogingen;
    if pogingen.geblokkeerd(&email, bron) {
        tracing::info!("password login refused: too many wrong passwords for this address from this source");
        return Err(InlogFout::TeVaak);
    }
    if pogingen.vertragen(&email) {
        tracing::info!("password login slowed down: many wrong passwords for this address from many sources");
        tokio::time::sleep(super::pogingen::VERTRAGING).await;
    }
    let gebruiker = state.store().gebruiker_per_email(&email).await.map_err(InlogFout::Storing)?;
    let hash = gebruiker.as_ref().and_then(|g| g.wachtwoord_hash.clone());
    let wachtwoord = wachtwoord.to_string();
    let goed = beperkt(rekenplekken(), move || match hash {
        Some(h) => controleer_wachtwoord(&h, &wachtwoord),
        None => {
            controleer_wachtwoord(schijnhash(), &wachtwoord);
            false
        }
    })
    .await
    .unwrap_or(false);
    match gebruiker {
        Some(g) if goed => {
            pogingen.gelukt(&email, bron);
            Ok(g)
        }
        _ => {
            pogingen.fout(&email, bron);
            tracing::info!("password login refused: unknown address or wrong password");
            Err(InlogFout::Fout)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use tokio::sync::Semaphore;

    #[test]
    fn a_hash_is_argon2id_with_its_own_salt_and_checks_only_its_own_password() {
        let a = wachtwoord_hash("correct paard batterij").unwrap();
        let b = wachtwoord_hash("correct paard batterij").unwrap();
        assert!(a.starts_with("$argon2id$v=19$"), "{a}");
        assert_ne!(a, b, "a fresh salt each time");
        assert!(controleer_wachtwoord(&a, "correct paard batterij"));
        assert!(!controleer_wachtwoord(&a, "correct paard batterij!"));
        assert!(!controleer_wachtwoord("geen hash", "correct paard batterij"));
    }

    #[test]
    fn a_new_password_needs_at_least_twelve_characters() {
        assert_eq!(keur_nieuw("elf tekens!"), Err("registreren.fout_wachtwoord_kort"));
        assert_eq!(keur_nieuw("twaalf tkns!"), Ok(()));
        assert_eq!(keur_nieuw("ééééééééééé"), Err("registreren.fout_wachtwoord_kort"), "characters, not bytes");
        assert_eq!(keur_nieuw(&"x".repeat(1001)), Err("registreren.fout_wachtwoord_lang"));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn a_burst_of_hashes_all_complete_and_never_more_run_at_once_than_there_are_permits() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        const PERMITS: usize = 2;
        let plekken = Arc::new(Semaphore::new(PERMITS));
        let lopend = Arc::new(AtomicUsize::new(0));
        let hoogste = Arc::new(AtomicUsize::new(0));
        let taken: Vec<_> = (0..6)
            .map(|i| {
                let (plekken, lopend, hoogste) = (plekken.clone(), lopend.clone(), hoogste.clone());
                tokio::spawn(beperkt(plekken, move || {
                    let nu = lopend.fetch_add(1, Ordering::SeqCst) + 1;
                    hoogste.fetch_max(nu, Ordering::SeqCst);
                    let hash = wachtwoord_hash(&format!("wachtwoord nummer {i}"));
                    lopend.fetch_sub(1, Ordering::SeqCst);
                    hash
                }))
            })
            .collect();
        for taak in taken {
            let hash = taak.await.unwrap().expect("the work ran").unwrap();
            assert!(hash.starts_with("$argon2id$"), "{hash}");
        }
        let hoogste = hoogste.load(Ordering::SeqCst);
        assert!((1..=PERMITS).contains(&hoogste), "at most {PERMITS} at once, saw {hoogste}");
        assert_eq!(plekken.available_permits(), PERMITS, "every permit is returned");
    }

    #[tokio::test]
    async fn the_process_hashes_with_one_permit_per_cpu_and_gets_each_permit_back() {
        let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
        assert_eq!(rekenplekken().available_permits(), cpus);
        let goed = beperkt(rekenplekken(), || controleer_wachtwoord(schijnhash(), "fout")).await;
        assert_eq!(goed, Some(false));
        assert_eq!(rekenplekken().available_permits(), cpus, "the permit is back");
    }
}
