//! Roles (initiatiefnemer, belanghebbende, behandelaar, bestuur, beheerder) and the actor: who is acting, with which
//! roles, for which authority and team.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A role someone has in stip. The strings are stable: the store and the API use them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rol {
    /// Someone with a plan: drafts and submits applications, follows their cases.
    Initiatiefnemer,
    /// A neighbour or other interested party: sees what is public.
    Belanghebbende,
    /// An official of an authority's team: handles that authority's cases.
    Behandelaar,
    /// A member of the authority's board: reads its cases, decides nothing in stip.
    Bestuur,
    /// Manages accounts and settings; reads no case contents.
    Beheerder,
}

impl Rol {
    /// Every role, in this order.
    pub const ALLE: [Rol; 5] =
        [Rol::Initiatiefnemer, Rol::Belanghebbende, Rol::Behandelaar, Rol::Bestuur, Rol::Beheerder];

    pub fn as_str(self) -> &'static str {
        match self {
            Rol::Initiatiefnemer => "initiatiefnemer",
            Rol::Belanghebbende => "belanghebbende",
            Rol::Behandelaar => "behandelaar",
            Rol::Bestuur => "bestuur",
            Rol::Beheerder => "beheerder",
        }
    }

    pub fn parse(s: &str) -> Option<Rol> {
        Rol::ALLE.into_iter().find(|r| r.as_str() == s)
    }
}

impl std::fmt::Display for Rol {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who is acting. Officials and board members belong to one authority (`bevoegd_gezag`, e.g. `gm9999`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub id: Uuid,
    pub naam: String,
    pub rollen: Vec<Rol>,
    pub bevoegd_gezag: Option<String>,
    pub team: Option<String>,
}

impl Actor {
    pub fn heeft(&self, rol: Rol) -> bool {
        self.rollen.contains(&rol)
    }

    /// Whether this actor works for `gezag` in one of `rollen`.
    pub fn werkt_voor(&self, gezag: &str, rollen: &[Rol]) -> bool {
        self.bevoegd_gezag.as_deref() == Some(gezag) && rollen.iter().any(|r| self.heeft(*r))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_reads_back_from_its_string() {
        for r in Rol::ALLE {
            assert_eq!(Rol::parse(r.as_str()), Some(r));
        }
        assert_eq!(Rol::parse("admin"), None);
    }
}
