//! The authorisation policy: may this actor take this action on this resource? One function, [`mag`], asked by
//! every handler before it reads or changes anything — also again on every state change.
//!
//! Initiators see and change their own applications and cases (and those where they are co-applicant or
//! authorised representative); neighbours see only what is public; officials see and handle their own authority's
//! cases; the board reads its authority's cases; administrators manage accounts and read no case contents.

use crate::rol::{Actor, Rol};
use uuid::Uuid;

/// What someone wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Actie {
    /// Start a new application (a draft of one's own).
    MaakAanvraag,
    /// Read a draft or submitted application.
    LeesAanvraag,
    /// Change a draft: data, documents, co-applicants.
    WijzigAanvraag,
    /// Submit a draft.
    DienIn,
    /// Read a case in full: documents, history, messages.
    LeesZaak,
    /// Read the public part of a case (what was published).
    LeesOpenbaar,
    /// Supply requested information, send a message as applicant.
    Aanvullen,
    /// See the authority's work queue.
    Werkvoorraad,
    /// Take a case, request information, ask advice, extend the term, send a message as official, draft decision.
    Behandel,
    /// Decide (granted, partly, refused, not required) and publish.
    Beslis,
    /// Give a view on a public draft decision or object to a public decision (anyone with an account).
    Inspraak,
    /// See everything about one customer (their cases and help requests) of the authority.
    Klantbeeld,
    /// Manage accounts.
    BeheerGebruikers,
}

/// The resource an action is about, with the facts the policy needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bron<'a> {
    /// Nothing yet (creating).
    Niets,
    /// An application or case: whose it is, who else is on it, which authority handles it, and whether it is public.
    Dossier { aanvrager: Uuid, betrokkenen: &'a [Uuid], bevoegd_gezag: &'a str, openbaar: bool },
    /// An authority as a whole (work queue, customer view).
    Gezag(&'a str),
}

/// Why an action was refused: not found (the actor may not know it exists) or forbidden (it may know).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Weigering {
    /// Hide existence: answer as if there is no such resource.
    #[error("niet gevonden")]
    Verborgen,
    /// The actor may see it but not do this.
    #[error("dit mag u niet")]
    Verboden,
}

/// Decides whether `actor` may take `actie` on `bron`.
pub fn mag(actor: &Actor, actie: Actie, bron: &Bron<'_>) -> Result<(), Weigering> {
    use Actie::*;
    let ambtelijk = |gezag: &str, rollen: &[Rol]| actor.werkt_voor(gezag, rollen);
    match (actie, bron) {
        (MaakAanvraag, Bron::Niets) => toestaan(actor.heeft(Rol::Initiatiefnemer), Weigering::Verboden),
        (BeheerGebruikers, _) => toestaan(actor.heeft(Rol::Beheerder), Weigering::Verboden),
        (Werkvoorraad | Klantbeeld, Bron::Gezag(g)) => {
            toestaan(ambtelijk(g, &[Rol::Behandelaar, Rol::Bestuur]), Weigering::Verboden)
        }
        (_, Bron::Dossier { aanvrager, betrokkenen, bevoegd_gezag, openbaar }) => {
            let eigen = *aanvrager == actor.id || betrokkenen.contains(&actor.id);
            let eigen = eigen && actor.heeft(Rol::Initiatiefnemer);
            let behandelaar = ambtelijk(bevoegd_gezag, &[Rol::Behandelaar]);
            let bestuur = ambtelijk(bevoegd_gezag, &[Rol::Bestuur]);
            let ziet = eigen || behandelaar || bestuur;
            let toegestaan = match actie {
                LeesOpenbaar => ziet || *openbaar,
                Inspraak => *openbaar,
                LeesAanvraag | LeesZaak => ziet,
                WijzigAanvraag | DienIn | Aanvullen => eigen,
                Behandel | Beslis => behandelaar,
                Klantbeeld | Werkvoorraad => behandelaar || bestuur,
                MaakAanvraag | BeheerGebruikers => false,
            };
            if toegestaan {
                Ok(())
            } else if ziet || (*openbaar && actie != LeesZaak && actie != LeesAanvraag) {
                Err(Weigering::Verboden)
            } else {
                Err(Weigering::Verborgen)
            }
        }
        _ => Err(Weigering::Verboden),
    }
}

fn toestaan(ja: bool, anders: Weigering) -> Result<(), Weigering> {
    if ja { Ok(()) } else { Err(anders) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(rol: Rol, gezag: Option<&str>) -> Actor {
        Actor {
            id: Uuid::now_v7(),
            naam: "Test".into(),
            rollen: vec![rol],
            bevoegd_gezag: gezag.map(str::to_string),
            team: None,
        }
    }

    fn dossier<'a>(aanvrager: Uuid, betrokkenen: &'a [Uuid], openbaar: bool) -> Bron<'a> {
        Bron::Dossier { aanvrager, betrokkenen, bevoegd_gezag: "gm9999", openbaar }
    }

    #[test]
    fn an_initiator_reads_and_submits_only_their_own_application() {
        let ik = actor(Rol::Initiatiefnemer, None);
        let ander = actor(Rol::Initiatiefnemer, None);
        let mijn = dossier(ik.id, &[], false);
        assert_eq!(mag(&ik, Actie::DienIn, &mijn), Ok(()));
        assert_eq!(mag(&ik, Actie::LeesZaak, &mijn), Ok(()));
        assert_eq!(mag(&ander, Actie::LeesZaak, &mijn), Err(Weigering::Verborgen));
        assert_eq!(mag(&ander, Actie::DienIn, &mijn), Err(Weigering::Verborgen));
        assert_eq!(mag(&ik, Actie::Beslis, &mijn), Err(Weigering::Verboden));
    }

    #[test]
    fn a_co_applicant_may_read_and_supply_but_a_stranger_may_not() {
        let ik = actor(Rol::Initiatiefnemer, None);
        let mede = actor(Rol::Initiatiefnemer, None);
        let ids = [mede.id];
        let zaak = dossier(ik.id, &ids, false);
        assert_eq!(mag(&mede, Actie::Aanvullen, &zaak), Ok(()));
        assert_eq!(mag(&mede, Actie::LeesZaak, &zaak), Ok(()));
    }

    #[test]
    fn a_neighbour_sees_a_case_only_once_it_is_public_and_never_in_full() {
        let buur = actor(Rol::Belanghebbende, None);
        let iemand = Uuid::now_v7();
        assert_eq!(mag(&buur, Actie::LeesOpenbaar, &dossier(iemand, &[], false)), Err(Weigering::Verborgen));
        assert_eq!(mag(&buur, Actie::LeesOpenbaar, &dossier(iemand, &[], true)), Ok(()));
        assert_eq!(mag(&buur, Actie::LeesZaak, &dossier(iemand, &[], true)), Err(Weigering::Verborgen));
        assert_eq!(mag(&buur, Actie::Aanvullen, &dossier(iemand, &[], true)), Err(Weigering::Verboden));
    }

    #[test]
    fn an_official_handles_only_their_own_authoritys_cases() {
        let eigen = actor(Rol::Behandelaar, Some("gm9999"));
        let ander = actor(Rol::Behandelaar, Some("gm0001"));
        let zaak = dossier(Uuid::now_v7(), &[], false);
        assert_eq!(mag(&eigen, Actie::Beslis, &zaak), Ok(()));
        assert_eq!(mag(&eigen, Actie::Aanvullen, &zaak), Err(Weigering::Verboden));
        assert_eq!(mag(&ander, Actie::LeesZaak, &zaak), Err(Weigering::Verborgen));
        assert_eq!(mag(&eigen, Actie::Werkvoorraad, &Bron::Gezag("gm9999")), Ok(()));
        assert_eq!(mag(&ander, Actie::Werkvoorraad, &Bron::Gezag("gm9999")), Err(Weigering::Verboden));
    }

    #[test]
    fn the_board_reads_but_does_not_decide_and_the_administrator_reads_no_cases() {
        let bestuur = actor(Rol::Bestuur, Some("gm9999"));
        let beheer = actor(Rol::Beheerder, Some("gm9999"));
        let zaak = dossier(Uuid::now_v7(), &[], false);
        assert_eq!(mag(&bestuur, Actie::LeesZaak, &zaak), Ok(()));
        assert_eq!(mag(&bestuur, Actie::Beslis, &zaak), Err(Weigering::Verboden));
        assert_eq!(mag(&beheer, Actie::LeesZaak, &zaak), Err(Weigering::Verborgen));
        assert_eq!(mag(&beheer, Actie::BeheerGebruikers, &Bron::Niets), Ok(()));
        assert_eq!(mag(&bestuur, Actie::MaakAanvraag, &Bron::Niets), Err(Weigering::Verboden));
    }
}
