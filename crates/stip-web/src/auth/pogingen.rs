//! The brake on password guessing: after [`MAX_FOUTEN`] wrong passwords for one e-mail address from one source (the
//! client's IP address, see [`super::bron`]) within [`VENSTER`], that address cannot log in with a password from that
//! source until the oldest of them is older than the window. Someone else, from another source, can still log in: a
//! stranger cannot lock an account. Across all sources an account counts [`PLAFOND`] wrong passwords per window; above
//! it every password login for it waits [`VERTRAGING`] (slower, never locked — see [`Inlogrem`]).
//!
//! Kept in memory, per stip process: a restart forgets it, and several instances behind a load balancer count apart
//! (so an attacker gets at most `MAX_FOUTEN` guesses per source per instance per window). A login link or OIDC still
//! works.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Wrong passwords allowed per e-mail address within [`VENSTER`].
pub(crate) const MAX_FOUTEN: usize = 5;
/// The window: a quarter of an hour.
pub(crate) const VENSTER: Duration = Duration::from_secs(15 * 60);
/// Wrong passwords per account across all sources within [`VENSTER`] above which every login for it is slowed down.
pub(crate) const PLAFOND: usize = 100;
/// How long a password login waits when its account is above [`PLAFOND`].
pub(crate) const VERTRAGING: Duration = Duration::from_secs(2);
/// Above this many keys, stale entries are swept on the next failure.
const OPRUIMEN_BOVEN: usize = 10_000;

/// Wrong attempts per key (a normalised e-mail address, or an address with its source); blocked at `max`.
#[derive(Debug)]
pub(crate) struct Pogingen {
    max: usize,
    fouten: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl Default for Pogingen {
    fn default() -> Self {
        Pogingen::met_max(MAX_FOUTEN)
    }
}

/// The password brake: per account and source (blocks), and per account across sources (slows down).
///
/// Why a ceiling that slows and does not block: a block per account alone is what let anyone lock anyone out. Per
/// source, a botnet with many addresses gets 5 guesses per address per quarter; argon2 and the one-check-per-CPU
/// permit already bound how fast stip checks passwords at all. The ceiling adds a wait to every password login of an
/// account under such an attack (100 wrong passwords in a quarter is no typo), which costs the attacker time and
/// connections, while its owner still gets in — a little slower — and the e-mail link is never braked by it.
#[derive(Debug)]
pub(crate) struct Inlogrem {
    pub(crate) per_bron: Pogingen,
    pub(crate) per_account: Pogingen,
}

impl Default for Inlogrem {
    fn default() -> Self {
        Inlogrem { per_bron: Pogingen::met_max(MAX_FOUTEN), per_account: Pogingen::met_max(PLAFOND) }
    }
}

impl Inlogrem {
    fn sleutel(email: &str, bron: &str) -> String {
        format!("{email}\n{bron}")
    }

    /// Whether this address is blocked from this source now.
    pub(crate) fn geblokkeerd(&self, email: &str, bron: &str) -> bool {
        self.per_bron.geblokkeerd(&Self::sleutel(email, bron))
    }

    /// Whether this account is above the ceiling (its logins wait).
    pub(crate) fn vertragen(&self, email: &str) -> bool {
        self.per_account.geblokkeerd(email)
    }

    /// Counts a wrong password from this source.
    pub(crate) fn fout(&self, email: &str, bron: &str) {
        self.per_bron.fout(&Self::sleutel(email, bron));
        self.per_account.fout(email);
    }

    /// Forgets the wrong passwords of this source for this address after a good one (others' stay counted).
    pub(crate) fn gelukt(&self, email: &str, bron: &str) {
        self.per_bron.gelukt(&Self::sleutel(email, bron));
    }
}

impl Pogingen {
    /// A brake that blocks a key at `max` attempts within [`VENSTER`].
    pub(crate) fn met_max(max: usize) -> Pogingen {
        Pogingen { max, fouten: Mutex::default() }
    }

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
        fouten.get(email).is_some_and(|f| f.iter().filter(|t| nu.duration_since(**t) < VENSTER).count() >= self.max)
    }

    fn fout_op(&self, email: &str, nu: Instant) {
        let mut fouten = self.fouten.lock().unwrap_or_else(|e| e.into_inner());
        if fouten.len() > OPRUIMEN_BOVEN {
            fouten.retain(|_, f| f.back().is_some_and(|t| nu.duration_since(*t) < VENSTER));
        }
        let lijst = fouten.entry(email.to_string()).or_default();
        lijst.retain(|t| nu.duration_since(*t) < VENSTER);
        lijst.push_back(nu);
        while lijst.len() > self.max {
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

    #[test]
    fn five_wrong_passwords_from_one_source_block_that_source_only_and_a_hundred_slow_the_account() {
        let rem = Inlogrem::default();
        for _ in 0..MAX_FOUTEN {
            rem.fout("a@example.nl", "203.0.113.9");
        }
        assert!(rem.geblokkeerd("a@example.nl", "203.0.113.9"));
        assert!(!rem.geblokkeerd("a@example.nl", "198.51.100.7"), "the owner elsewhere is not locked out");
        assert!(!rem.vertragen("a@example.nl"));
        for i in 0..PLAFOND {
            rem.fout("a@example.nl", &format!("10.0.{}.{}", i / 200, i % 200));
        }
        assert!(rem.vertragen("a@example.nl"), "a hundred across sources: slowed down");
        assert!(!rem.geblokkeerd("a@example.nl", "198.51.100.7"), "but never locked");
        rem.gelukt("a@example.nl", "203.0.113.9");
        assert!(!rem.geblokkeerd("a@example.nl", "203.0.113.9"));
    }
}
