//! The brake on password guessing: after [`MAX_FOUTEN`] wrong passwords for one e-mail address within [`VENSTER`],
//! that address cannot log in with a password until the oldest of them is older than the window.
//!
//! Kept in memory, per stip process: a restart forgets it, and several instances behind a load balancer count apart
//! (so an attacker gets at most `MAX_FOUTEN` guesses per instance per window). A login link or OIDC still works.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Wrong passwords allowed per e-mail address within [`VENSTER`].
pub(crate) const MAX_FOUTEN: usize = 5;
/// The window: a quarter of an hour.
pub(crate) const VENSTER: Duration = Duration::from_secs(15 * 60);
/// Above this many addresses, stale entries are swept on the next failure.
const OPRUIMEN_BOVEN: usize = 10_000;

/// Wrong passwords per (normalised) e-mail address.
#[derive(Debug, Default)]
pub(crate) struct Pogingen {
    fouten: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl Pogingen {
    /// Whether this address is blocked now.
    pub(crate) fn geblokkeerd(&self, email: &str) -> bool {
        self.geblokkeerd_op(email, Instant::now())
    }

    /// Counts a wrong password.
    pub(crate) fn fout(&self, email: &str) {
        self.fout_op(email, Instant::now());
    }

    /// Forgets the wrong passwords of an address after a good one.
    pub(crate) fn gelukt(&self, email: &str) {
        self.fouten.lock().unwrap_or_else(|e| e.into_inner()).remove(email);
    }

    fn geblokkeerd_op(&self, email: &str, nu: Instant) -> bool {
        let fouten = self.fouten.lock().unwrap_or_else(|e| e.into_inner());
        fouten.get(email).is_some_and(|f| f.iter().filter(|t| nu.duration_since(**t) < VENSTER).count() >= MAX_FOUTEN)
    }

    fn fout_op(&self, email: &str, nu: Instant) {
        let mut fouten = self.fouten.lock().unwrap_or_else(|e| e.into_inner());
        if fouten.len() > OPRUIMEN_BOVEN {
            fouten.retain(|_, f| f.back().is_some_and(|t| nu.duration_since(*t) < VENSTER));
        }
        let lijst = fouten.entry(email.to_string()).or_default();
        lijst.retain(|t| nu.duration_since(*t) < VENSTER);
        lijst.push_back(nu);
        while lijst.len() > MAX_FOUTEN {
            lijst.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_wrong_passwords_within_a_quarter_block_that_address_until_the_first_is_a_quarter_old() {
        let p = Pogingen::default();
        let start = Instant::now();
        for i in 0..4 {
            p.fout_op("a@example.nl", start + Duration::from_secs(i * 60));
        }
        assert!(!p.geblokkeerd_op("a@example.nl", start + Duration::from_secs(240)), "four is not yet too many");
        p.fout_op("a@example.nl", start + Duration::from_secs(240));
        assert!(p.geblokkeerd_op("a@example.nl", start + Duration::from_secs(241)));
        assert!(!p.geblokkeerd_op("b@example.nl", start + Duration::from_secs(241)), "other addresses go on");
        assert!(p.geblokkeerd_op("a@example.nl", start + VENSTER - Duration::from_secs(1)));
        assert!(!p.geblokkeerd_op("a@example.nl", start + VENSTER), "the first one left the window");
    }

    #[test]
    fn failures_spread_over_more_than_a_quarter_do_not_block_and_a_good_login_forgets_them() {
        let p = Pogingen::default();
        let start = Instant::now();
        for i in 0..10 {
            p.fout_op("a@example.nl", start + Duration::from_secs(i * 240));
            assert!(!p.geblokkeerd_op("a@example.nl", start + Duration::from_secs(i * 240 + 1)), "attempt {i}");
        }
        for _ in 0..5 {
            p.fout_op("b@example.nl", start);
        }
        p.gelukt("b@example.nl");
        assert!(!p.geblokkeerd_op("b@example.nl", start));
    }
}
