//! The gebruiker aggregate: accounts with their roles, their login sessions and their one-time login links. Of a
//! session token or a login link the store keeps only the SHA-256 (hex), never the secret itself; making the secrets
//! and hashing them is the web layer's work.

use crate::StoreError;
use crate::rij::Rij;
use serde::Serialize;
use std::fmt;
use std::future::Future;
use time::OffsetDateTime;
use uuid::Uuid;

/// The id of a gebruiker (UUID v7: ordered by creation).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct GebruikerId(pub Uuid);

impl GebruikerId {
    /// A fresh id.
    pub fn nieuw() -> GebruikerId {
        GebruikerId(Uuid::now_v7())
    }
}

impl fmt::Display for GebruikerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// The id of a login session (UUID v7). Not the token: knowing it does not log anyone in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct SessieId(pub Uuid);

impl fmt::Display for SessieId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// What someone may do in stip: the domain's roles (`stip_zaak::Rol`); the store keeps their strings.
pub use stip_zaak::Rol;

/// The one spelling of an e-mail address that the store keeps and looks up: trimmed and lower-cased.
pub fn normaliseer_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Who an OpenID Connect provider says someone is: the pair (issuer, subject) is unique.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OidcKoppeling {
    pub issuer: String,
    pub subject: String,
}

/// An account.
#[derive(Clone, PartialEq, Serialize)]
pub struct Gebruiker {
    pub id: GebruikerId,
    /// Lower-cased; `None` for an account made by an OpenID Connect login that gave no e-mail address.
    pub email: Option<String>,
    pub naam: String,
    /// Sorted in the order of [`Rol::ALLE`].
    pub rollen: Vec<Rol>,
    /// The authority an official works for (code as in the host configuration, e.g. `gm9999`).
    pub bevoegd_gezag: Option<String>,
    /// The team (key from the host configuration) of an official.
    pub team: Option<String>,
    /// The argon2 PHC string, when the account can log in with a password. Never serialised, never in `Debug`.
    #[serde(skip)]
    pub wachtwoord_hash: Option<String>,
    pub oidc: Option<OidcKoppeling>,
    #[serde(with = "time::serde::rfc3339")]
    pub aangemaakt: OffsetDateTime,
}

impl Gebruiker {
    pub fn heeft_rol(&self, rol: Rol) -> bool {
        self.rollen.contains(&rol)
    }
}

impl fmt::Debug for Gebruiker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gebruiker")
            .field("id", &self.id)
            .field("email", &self.email)
            .field("naam", &self.naam)
            .field("rollen", &self.rollen)
            .field("bevoegd_gezag", &self.bevoegd_gezag)
            .field("team", &self.team)
            .field("wachtwoord_hash", &self.wachtwoord_hash.as_ref().map(|_| "***"))
            .field("oidc", &self.oidc)
            .field("aangemaakt", &self.aangemaakt)
            .finish()
    }
}

/// An account to make. The e-mail address is normalised by the store ([`normaliseer_email`]).
#[derive(Clone, Debug, Default)]
pub struct NieuweGebruiker<'a> {
    pub email: Option<&'a str>,
    pub naam: &'a str,
    pub wachtwoord_hash: Option<&'a str>,
    pub rollen: &'a [Rol],
    pub bevoegd_gezag: Option<&'a str>,
    pub team: Option<&'a str>,
    /// (issuer, subject) of an OpenID Connect identity.
    pub oidc: Option<(&'a str, &'a str)>,
}

/// A login session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sessie {
    pub id: SessieId,
    pub gebruiker: GebruikerId,
    pub aangemaakt: OffsetDateTime,
    /// Last moment the session was seen in use (for the idle timeout); updated by [`GebruikerRepository::ververs_sessie`].
    pub laatst_gebruikt: OffsetDateTime,
    /// The absolute end.
    pub verloopt: OffsetDateTime,
}

/// A session to start.
#[derive(Clone, Debug)]
pub struct NieuweSessie<'a> {
    /// SHA-256 (hex) of the session token.
    pub token_hash: &'a str,
    pub gebruiker: GebruikerId,
    pub verloopt: OffsetDateTime,
    /// The caller's moment (its clock): the session's start and first use, which the idle timeout counts from.
    pub begint: OffsetDateTime,
}

/// A one-time login link to keep until it is used or expires.
#[derive(Clone, Debug)]
pub struct NieuweInloglink<'a> {
    /// SHA-256 (hex) of the secret in the link.
    pub token_hash: &'a str,
    /// The address the link goes to.
    pub email: &'a str,
    pub gebruiker: GebruikerId,
    pub verloopt: OffsetDateTime,
}

/// A login link that was just used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inloglink {
    pub email: String,
    pub gebruiker: GebruikerId,
    pub aangemaakt: OffsetDateTime,
    pub verloopt: OffsetDateTime,
}

/// Accounts, sessions and login links.
///
/// Errors: an unknown id is [`StoreError::NotFound`]; an e-mail address or OIDC identity that another account
/// already has is [`StoreError::Conflict`].
pub trait GebruikerRepository {
    /// Makes an account with a new [`GebruikerId`].
    fn maak_gebruiker(&self, nieuw: NieuweGebruiker<'_>) -> impl Future<Output = Result<Gebruiker, StoreError>> + Send;
    fn gebruiker(&self, id: GebruikerId) -> impl Future<Output = Result<Gebruiker, StoreError>> + Send;
    /// The account with this e-mail address (in any case and with surrounding spaces).
    fn gebruiker_per_email(&self, email: &str) -> impl Future<Output = Result<Option<Gebruiker>, StoreError>> + Send;
    fn gebruiker_per_oidc(
        &self,
        issuer: &str,
        subject: &str,
    ) -> impl Future<Output = Result<Option<Gebruiker>, StoreError>> + Send;
    /// Links an OpenID Connect identity to an account (replacing an earlier link of that account).
    fn koppel_oidc(
        &self,
        id: GebruikerId,
        issuer: &str,
        subject: &str,
    ) -> impl Future<Output = Result<Gebruiker, StoreError>> + Send;
    /// Sets (or with `None` removes) the password hash.
    fn zet_wachtwoord(
        &self,
        id: GebruikerId,
        wachtwoord_hash: Option<&str>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Sets the roles, authority and team of an account (the backoffice makes someone an official this way).
    fn zet_rollen(
        &self,
        id: GebruikerId,
        rollen: &[Rol],
        bevoegd_gezag: Option<&str>,
        team: Option<&str>,
    ) -> impl Future<Output = Result<Gebruiker, StoreError>> + Send;
    /// Accounts whose name or e-mail address contains `zoek` (case-insensitive; empty: all), ordered by name, at
    /// most `limiet`.
    fn gebruikers(&self, zoek: &str, limiet: u32) -> impl Future<Output = Result<Vec<Gebruiker>, StoreError>> + Send;

    fn start_sessie(&self, nieuw: NieuweSessie<'_>) -> impl Future<Output = Result<Sessie, StoreError>> + Send;
    /// The session with this token hash and its user, if it is not ended and not past its absolute end at `nu` (the
    /// caller's clock). The idle timeout is the caller's policy (compare [`Sessie::laatst_gebruikt`]).
    fn sessie(
        &self,
        token_hash: &str,
        nu: OffsetDateTime,
    ) -> impl Future<Output = Result<Option<(Sessie, Gebruiker)>, StoreError>> + Send;
    /// Records that the session is in use at `nu` (the caller's clock, which also judges the idle timeout).
    fn ververs_sessie(&self, id: SessieId, nu: OffsetDateTime) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Ends one session (logging out; again: nothing changes).
    fn beeindig_sessie(&self, id: SessieId) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Ends every session of an account (after a password change, or when an official leaves); returns how many were
    /// not ended yet.
    fn beeindig_sessies_van(&self, gebruiker: GebruikerId) -> impl Future<Output = Result<u64, StoreError>> + Send;

    fn maak_inloglink(&self, nieuw: NieuweInloglink<'_>) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Uses a login link: atomically, so of two concurrent uses only one gets it. `None` when unknown, used before or
    /// expired (an expired link is used up too).
    fn gebruik_inloglink(&self, token_hash: &str)
    -> impl Future<Output = Result<Option<Inloglink>, StoreError>> + Send;
}

/// The columns every backend selects for a [`Gebruiker`] (from the view `gebruikers_met_rollen`).
macro_rules! gebruiker_columns {
    () => {
        "id, email, naam, wachtwoord_hash, bevoegd_gezag, team, oidc_issuer, oidc_subject, aangemaakt, rollen"
    };
}
pub(crate) use gebruiker_columns;

/// The columns every backend selects for a [`Sessie`].
macro_rules! sessie_columns {
    () => {
        "id, gebruiker_id, aangemaakt, laatst_gebruikt, verloopt"
    };
}
pub(crate) use sessie_columns;

/// Reads a [`Gebruiker`] from a row of [`gebruiker_columns`].
pub(crate) fn gebruiker_uit(rij: &impl Rij) -> Result<Gebruiker, StoreError> {
    gebruiker_from_parts(
        rij.uuid("id")?,
        rij.tekst_of_niets("email")?,
        rij.tekst("naam")?,
        rij.tekst_of_niets("wachtwoord_hash")?,
        rij.tekst_of_niets("bevoegd_gezag")?,
        rij.tekst_of_niets("team")?,
        rij.tekst_of_niets("oidc_issuer")?,
        rij.tekst_of_niets("oidc_subject")?,
        rij.moment("aangemaakt")?,
        &rij.tekst("rollen")?,
    )
}

/// Reads a [`Sessie`] from a row of [`sessie_columns`], its own `id` and `aangemaakt` named with `prefix` (a row that
/// joins the user has both).
pub(crate) fn sessie_uit(rij: &impl Rij, prefix: &str) -> Result<Sessie, StoreError> {
    Ok(Sessie {
        id: SessieId(rij.uuid(&format!("{prefix}id"))?),
        gebruiker: GebruikerId(rij.uuid("gebruiker_id")?),
        aangemaakt: rij.moment(&format!("{prefix}aangemaakt"))?,
        laatst_gebruikt: rij.moment("laatst_gebruikt")?,
        verloopt: rij.moment("verloopt")?,
    })
}

/// Reads an [`Inloglink`] from the row its use returns.
pub(crate) fn inloglink_uit(rij: &impl Rij) -> Result<Inloglink, StoreError> {
    Ok(Inloglink {
        email: rij.tekst("email")?,
        gebruiker: GebruikerId(rij.uuid("gebruiker_id")?),
        aangemaakt: rij.moment("aangemaakt")?,
        verloopt: rij.moment("verloopt")?,
    })
}

/// Builds a [`Gebruiker`] from the backend-neutral parts of a row.
#[allow(clippy::too_many_arguments)]
pub(crate) fn gebruiker_from_parts(
    id: Uuid,
    email: Option<String>,
    naam: String,
    wachtwoord_hash: Option<String>,
    bevoegd_gezag: Option<String>,
    team: Option<String>,
    oidc_issuer: Option<String>,
    oidc_subject: Option<String>,
    aangemaakt: OffsetDateTime,
    rollen: &str,
) -> Result<Gebruiker, StoreError> {
    let mut rollen = rollen
        .split_whitespace()
        .map(|r| Rol::parse(r).ok_or_else(|| StoreError::Corrupt(format!("gebruiker {id}: unknown rol \"{r}\""))))
        .collect::<Result<Vec<_>, _>>()?;
    rollen.sort();
    let oidc = match (oidc_issuer, oidc_subject) {
        (Some(issuer), Some(subject)) => Some(OidcKoppeling { issuer, subject }),
        _ => None,
    };
    Ok(Gebruiker { id: GebruikerId(id), email, naam, rollen, bevoegd_gezag, team, wachtwoord_hash, oidc, aangemaakt })
}

/// A LIKE pattern that finds `zoek` anywhere, lower-cased, with `%`, `_` and `\` taken literally (`ESCAPE '\'`).
pub(crate) fn zoekpatroon(zoek: &str) -> String {
    let mut p = String::from("%");
    for c in zoek.trim().to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// Says what a failed write on an account's rows means: a unique violation is [`StoreError::Conflict`] (naming the
/// e-mail address or the OIDC identity), a missing account (foreign key) is [`StoreError::NotFound`].
pub(crate) fn vertaal(err: sqlx::Error, gebruiker: GebruikerId) -> StoreError {
    if let sqlx::Error::Database(db) = &err {
        let noemt = |w: &str| db.message().contains(w) || db.constraint().is_some_and(|c| c.contains(w));
        if db.is_unique_violation() {
            return StoreError::Conflict(if noemt("email") {
                "this e-mail address belongs to another account".into()
            } else if noemt("oidc") {
                "this OpenID Connect identity belongs to another account".into()
            } else {
                format!("duplicate value: {}", db.message())
            });
        }
        if db.is_foreign_key_violation() {
            return niet_gevonden(gebruiker);
        }
    }
    StoreError::Database(err)
}

/// The error for an id that is not there.
pub(crate) fn niet_gevonden(id: GebruikerId) -> StoreError {
    StoreError::NotFound(format!("gebruiker {id}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_reads_back_from_its_string_and_nothing_else_is_a_role() {
        for r in Rol::ALLE {
            assert_eq!(Rol::parse(r.as_str()), Some(r));
            assert_eq!(serde_json::to_value(r).unwrap(), r.as_str());
        }
        assert_eq!(Rol::parse("Behandelaar"), None);
        assert_eq!(Rol::parse("admin"), None);
    }

    #[test]
    fn a_search_pattern_takes_wildcards_literally() {
        assert_eq!(zoekpatroon(" Jan_%\\ "), "%jan\\_\\%\\\\%");
        assert_eq!(zoekpatroon(""), "%%");
    }

    #[test]
    fn the_password_hash_stays_out_of_debug_output_and_json() {
        let g = gebruiker_from_parts(
            Uuid::now_v7(),
            Some("a@b.nl".into()),
            "A".into(),
            Some("$argon2id$geheim".into()),
            None,
            None,
            None,
            None,
            OffsetDateTime::UNIX_EPOCH,
            "behandelaar initiatiefnemer",
        )
        .unwrap();
        assert_eq!(g.rollen, [Rol::Initiatiefnemer, Rol::Behandelaar], "sorted");
        assert!(!format!("{g:?}").contains("geheim"));
        assert!(!serde_json::to_string(&g).unwrap().contains("geheim"));
    }
}
