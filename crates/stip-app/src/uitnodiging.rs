//! Co-applicants and representatives join a draft by invitation only: the applicant names them with an e-mail
//! address, stip e-mails a link with a single-use token (through the outbox, like every message), and the person
//! takes part — reads and changes the draft — only after accepting it while logged in with the account of that
//! address. Until then they have no access; the applicant can withdraw the invitation by removing them. Nobody is
//! ever given access by naming an account id.

use crate::App;
use crate::dossier::{domein, wijzig_aanvraag};
use crate::fout::{Fout, FoutCode, VeldFout};
use serde::Serialize;
use sha2::{Digest, Sha256};
use stip_store::{AanvraagGegevens, AanvraagId, AanvraagRepository, AanvraagStatus, GebruikerId, GebruikerRepository};
use stip_zaak::Actor;
use stip_zaak::aanvraag::{Aanvraag, Betrokkene, BetrokkeneRol, Stuk, Uitnodiging, geldig_email};
use time::{Duration, OffsetDateTime};
use utoipa::ToSchema;
use uuid::Uuid;

/// How long an invitation can be accepted.
pub const GELDIG: Duration = Duration::days(14);

/// The most co-applicants and representatives on one application.
pub const MAX_BETROKKENEN: usize = 20;

/// Whom to invite.
#[derive(Debug, Clone, Default)]
pub struct NieuweBetrokkene {
    pub naam: String,
    pub email: String,
    pub rol: BetrokkeneRol,
    pub ontvangt: Vec<Stuk>,
}

/// An invitation made in a change, to be e-mailed once the change is saved: the address and the secret of its link.
#[derive(Debug, Clone)]
pub struct TeVersturen {
    pub email: String,
    pub token: String,
}

fn hash(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

fn ongeldig(veld: String, melding: String) -> Fout {
    Fout::new(FoutCode::InvalidRequest, melding.clone()).with_fouten(vec![VeldFout {
        vraag: veld,
        code: "ongeldig".into(),
        melding,
    }])
}

/// A new entry with a fresh invitation; the secret goes back to be e-mailed.
fn uitgenodigd(nieuw: NieuweBetrokkene, nu: OffsetDateTime) -> Result<(Betrokkene, TeVersturen), Fout> {
    let token = crate::berichten::geheim()?;
    let b = Betrokkene {
        naam: nieuw.naam.trim().chars().take(200).collect(),
        email: nieuw.email.clone(),
        rol: nieuw.rol,
        gebruiker: None,
        ontvangt: nieuw.ontvangt,
        uitnodiging: Some(Uitnodiging { token_hash: hash(&token), geldig_tot: nu + GELDIG }),
    };
    Ok((b, TeVersturen { email: nieuw.email, token }))
}

/// The list a change asks for, merged with the draft's: a person already on it keeps where they stand (taking part,
/// invited) with the new name, role and documents; a new address is invited; one left out is removed (an open
/// invitation is thereby withdrawn). Naming an account (`gebruiker`) other than the one that accepted is refused:
/// access comes only from accepting an invitation.
pub fn voeg_samen(
    bestaand: &[Betrokkene],
    gevraagd: Vec<Betrokkene>,
    nu: OffsetDateTime,
) -> Result<(Vec<Betrokkene>, Vec<TeVersturen>), Fout> {
    if gevraagd.len() > MAX_BETROKKENEN {
        return Err(Fout::new(FoutCode::InvalidRequest, "ten hoogste 20 mede-aanvragers en gemachtigden"));
    }
    let mut lijst = Vec::new();
    let mut versturen = Vec::new();
    for (i, g) in gevraagd.into_iter().enumerate() {
        let email = stip_store::normaliseer_email(&g.email);
        if !geldig_email(&email) {
            return Err(ongeldig(
                format!("betrokkenen[{i}].email"),
                format!("het e-mailadres '{}' klopt niet", g.email),
            ));
        }
        if lijst.iter().any(|b: &Betrokkene| b.email == email) {
            return Err(ongeldig(format!("betrokkenen[{i}].email"), format!("{email} staat twee keer in de lijst")));
        }
        let eerder = bestaand.iter().find(|b| stip_store::normaliseer_email(&b.email) == email);
        if g.gebruiker.is_some() && g.gebruiker != eerder.and_then(|b| b.gebruiker) {
            return Err(ongeldig(
                format!("betrokkenen[{i}].gebruiker"),
                "gebruiker kan niet worden gezet: iemand doet mee door de uitnodiging aan te nemen die stip naar het \
                 e-mailadres stuurt; laat gebruiker weg"
                    .into(),
            ));
        }
        match eerder {
            Some(e) => lijst.push(Betrokkene {
                naam: g.naam.trim().chars().take(200).collect(),
                rol: g.rol,
                ontvangt: g.ontvangt,
                ..e.clone()
            }),
            None => {
                let nieuw = NieuweBetrokkene { naam: g.naam, email, rol: g.rol, ontvangt: g.ontvangt };
                let (b, v) = uitgenodigd(nieuw, nu)?;
                lijst.push(b);
                versturen.push(v);
            }
        }
    }
    Ok((lijst, versturen))
}

/// Invites one person to the draft (the page's form): they stand on it as invited, without access, and get the
/// e-mail with the link.
pub async fn nodig_uit(
    app: &App,
    actor: &Actor,
    id: AanvraagId,
    nieuw: NieuweBetrokkene,
) -> Result<(stip_store::Aanvraag, Aanvraag), Fout> {
    let email = stip_store::normaliseer_email(&nieuw.email);
    if nieuw.naam.trim().is_empty() || !geldig_email(&email) {
        return Err(Fout::new(FoutCode::InvalidRequest, "vul een naam en een goed e-mailadres in"));
    }
    let eigen = app.store().gebruiker(GebruikerId(actor.id)).await?.email;
    if eigen.as_deref() == Some(email.as_str()) {
        return Err(Fout::new(FoutCode::InvalidRequest, "dit is uw eigen e-mailadres: u staat al op de aanvraag"));
    }
    let nu = app.klok().nu();
    let mut versturen = None;
    let (rij, a) = wijzig_aanvraag(app, actor, id, None, |a| {
        if a.betrokkenen.len() >= MAX_BETROKKENEN {
            return Err(Fout::new(FoutCode::InvalidRequest, "ten hoogste 20 mede-aanvragers en gemachtigden"));
        }
        if a.betrokkenen.iter().any(|b| stip_store::normaliseer_email(&b.email) == email) {
            return Err(Fout::new(FoutCode::InvalidRequest, format!("{email} staat al op de aanvraag")));
        }
        let (b, v) = uitgenodigd(NieuweBetrokkene { email, ..nieuw }, nu)?;
        a.betrokkenen.push(b);
        versturen = Some(v);
        Ok::<_, Fout>(())
    })
    .await?;
    if let Some(v) = versturen {
        verstuur(app, &rij, &a, &[v]).await?;
    }
    Ok((rij, a))
}

/// E-mails the invitations of a saved change (through the outbox: a crash after the change loses none that the
/// store recorded; the person's inbox too when they already have an account).
pub async fn verstuur(
    app: &App,
    rij: &stip_store::Aanvraag,
    a: &Aanvraag,
    uitnodigingen: &[TeVersturen],
) -> Result<(), Fout> {
    if uitnodigingen.is_empty() {
        return Ok(());
    }
    let uitnodiger = app.store().gebruiker(GebruikerId(rij.aanvrager)).await?.naam;
    let titel = if a.titel.trim().is_empty() { "een aanvraag".to_string() } else { format!("'{}'", a.titel) };
    for v in uitnodigingen {
        let b = a.betrokkenen.iter().find(|b| b.email == v.email);
        let rol = match b.map(|b| b.rol) {
            Some(BetrokkeneRol::Gemachtigde) => "gemachtigde",
            _ => "mede-aanvrager",
        };
        let tot = b.and_then(|b| b.uitnodiging.as_ref()).map(|u| crate::tekst::datum(u.geldig_tot.date(), false));
        let tekst = format!(
            "{uitnodiger} nodigt u uit om als {rol} mee te doen aan de aanvraag {titel} in stip. Open de link en log in \
             met dit e-mailadres ({}), of maak er een account mee. Pas als u de uitnodiging aanneemt, kunt u de aanvraag \
             lezen en aanvullen.{}",
            v.email,
            tot.map(|t| format!(" De uitnodiging geldt tot {t}.")).unwrap_or_default()
        );
        let reden = format!("U krijgt dit bericht omdat {uitnodiger} uw e-mailadres opgaf voor een aanvraag.");
        let bericht = crate::berichten::Persoonlijk {
            id: Uuid::new_v4(),
            titel: "Uitnodiging: doe mee aan een aanvraag",
            tekst: &tekst,
            link: format!("/uitnodigingen/{}/{}", rij.id, v.token),
            reden: &reden,
            afspraak: None,
            zaak: None,
        };
        crate::berichten::stuur_aan_adres(app, &v.email, bericht).await?;
    }
    Ok(())
}

/// An invitation as the person who opened its link sees it before answering.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UitnodigingBeeld {
    pub aanvraag: Uuid,
    /// The draft's title; empty for someone logged in with another address.
    pub titel: String,
    /// The name of the applicant who invites; empty for someone logged in with another address.
    pub uitnodiger: String,
    /// `medeaanvrager` or `gemachtigde`.
    pub rol: String,
    /// The invited address, partly hidden (`j…@example.nl`) for someone logged in with another one.
    pub email: String,
    /// Whether the person logged in has the invited address (and so can accept).
    pub voor_u: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub geldig_tot: OffsetDateTime,
}

/// `j…@example.nl`: enough to recognise one's own address, not to learn another's.
fn verhuld(email: &str) -> String {
    match email.split_once('@') {
        Some((lokaal, domein)) => format!("{}…@{domein}", lokaal.chars().next().unwrap_or('…')),
        None => "…".into(),
    }
}

fn geldt_niet() -> Fout {
    Fout::new(
        FoutCode::NotFound,
        "deze uitnodiging geldt niet (meer): ze is al gebruikt, ingetrokken of verlopen. Vraag de aanvrager om een nieuwe",
    )
}

/// The draft and the invited entry (its index) that `token` opens, while the invitation holds.
async fn zoek(app: &App, id: AanvraagId, token: &str) -> Result<(stip_store::Aanvraag, Aanvraag, usize), Fout> {
    let rij = app.store().aanvraag(id).await.map_err(|e| match e {
        stip_store::StoreError::NotFound(_) => geldt_niet(),
        e => e.into(),
    })?;
    let a = domein(&rij)?;
    let h = hash(token);
    let index = a
        .betrokkenen
        .iter()
        .position(|b| b.uitnodiging.as_ref().is_some_and(|u| !u.token_hash.is_empty() && u.token_hash == h))
        .ok_or_else(geldt_niet)?;
    if a.betrokkenen[index].uitnodiging.as_ref().is_some_and(|u| u.geldig_tot < app.klok().nu()) {
        return Err(geldt_niet());
    }
    if rij.status != AanvraagStatus::Concept {
        return Err(Fout::new(
            FoutCode::Conflict,
            "deze aanvraag is al ingediend; meedoen kan niet meer. Neem contact op met de aanvrager",
        ));
    }
    Ok((rij, a, index))
}

async fn is_voor(app: &App, actor: &Actor, b: &Betrokkene) -> Result<bool, Fout> {
    let eigen = app.store().gebruiker(GebruikerId(actor.id)).await?.email;
    Ok(eigen.is_some_and(|e| e == stip_store::normaliseer_email(&b.email)))
}

/// What the invitation behind `token` is, for the person logged in.
pub async fn bekijk(app: &App, actor: &Actor, id: AanvraagId, token: &str) -> Result<UitnodigingBeeld, Fout> {
    let (rij, a, i) = zoek(app, id, token).await?;
    let b = &a.betrokkenen[i];
    let voor_u = is_voor(app, actor, b).await?;
    // Someone else who holds the link (a forwarded mail) learns only that it is not theirs: not who invites, nor to
    // what.
    let (titel, uitnodiger) = if voor_u {
        (a.titel.clone(), app.store().gebruiker(GebruikerId(rij.aanvrager)).await?.naam)
    } else {
        (String::new(), String::new())
    };
    Ok(UitnodigingBeeld {
        aanvraag: rij.id.0,
        titel,
        uitnodiger,
        rol: match b.rol {
            BetrokkeneRol::Medeaanvrager => "medeaanvrager".into(),
            BetrokkeneRol::Gemachtigde => "gemachtigde".into(),
        },
        email: if voor_u { b.email.clone() } else { verhuld(&b.email) },
        voor_u,
        geldig_tot: b.uitnodiging.as_ref().map_or(rij.gewijzigd, |u| u.geldig_tot),
    })
}

/// Accepts the invitation behind `token` for the person logged in — only with the account of the invited address.
/// The token is used up; from now on they take part in the draft.
pub async fn aanvaard(app: &App, actor: &Actor, id: AanvraagId, token: &str) -> Result<AanvraagId, Fout> {
    let (rij, mut a, i) = zoek(app, id, token).await?;
    if !is_voor(app, actor, &a.betrokkenen[i]).await? {
        return Err(Fout::new(
            FoutCode::Forbidden,
            "deze uitnodiging is voor een ander e-mailadres: log in met het adres waarop u de uitnodiging kreeg",
        ));
    }
    if rij.aanvrager == actor.id || a.betrokkenen.iter().any(|b| b.gebruiker == Some(actor.id)) {
        return Err(Fout::new(FoutCode::Conflict, "u doet al mee aan deze aanvraag"));
    }
    let b = &mut a.betrokkenen[i];
    b.gebruiker = Some(actor.id);
    b.uitnodiging = None;
    let inhoud = serde_json::to_value(&a).unwrap_or_default();
    let gegevens = AanvraagGegevens { bevoegd_gezag: &a.bevoegd_gezag, titel: &a.titel, inhoud: &inhoud };
    app.store().werk_aanvraag_bij(id, rij.versie, gegevens).await?;
    Ok(id)
}

/// The draft as others read it (the API): the invitations' token hashes left out.
pub fn zonder_geheimen(mut a: Aanvraag) -> Aanvraag {
    for b in &mut a.betrokkenen {
        if let Some(u) = &mut b.uitnodiging {
            u.token_hash.clear();
        }
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nu() -> OffsetDateTime {
        time::macros::datetime!(2026-12-03 12:00 UTC)
    }

    fn lid(email: &str, gebruiker: Option<Uuid>) -> Betrokkene {
        Betrokkene { naam: "Piet".into(), email: email.into(), gebruiker, ..Betrokkene::default() }
    }

    #[test]
    fn naming_an_account_id_never_gives_access_and_is_refused_with_the_field_named() {
        let vreemd = Uuid::new_v4();
        let e = voeg_samen(&[], vec![lid("piet@example.nl", Some(vreemd))], nu()).unwrap_err();
        assert_eq!(e.code, FoutCode::InvalidRequest);
        assert_eq!(e.fouten[0].vraag, "betrokkenen[0].gebruiker");
        let mee = Uuid::new_v4();
        let bestaand = [lid("piet@example.nl", Some(mee))];
        assert!(voeg_samen(&bestaand, vec![lid("piet@example.nl", Some(vreemd))], nu()).is_err(), "nor changed");
    }

    #[test]
    fn a_new_address_is_invited_without_access_and_one_taking_part_keeps_its_place() {
        let mee = Uuid::new_v4();
        let bestaand = [lid("piet@example.nl", Some(mee))];
        let gevraagd = vec![lid("Piet@Example.nl", Some(mee)), lid("Anna@example.nl", None)];
        let (lijst, versturen) = voeg_samen(&bestaand, gevraagd, nu()).unwrap();
        assert_eq!(lijst[0].gebruiker, Some(mee));
        assert_eq!(lijst[1].gebruiker, None, "no access before accepting");
        assert_eq!(lijst[1].email, "anna@example.nl");
        let u = lijst[1].uitnodiging.as_ref().unwrap();
        assert_eq!(u.token_hash, hash(&versturen[0].token), "only the hash is kept");
        assert_eq!(u.geldig_tot, nu() + GELDIG);
        assert_eq!(versturen.len(), 1);
        let (leeg, _) = voeg_samen(&lijst, vec![], nu()).unwrap();
        assert!(leeg.is_empty(), "left out: removed, the invitation withdrawn");
    }

    #[test]
    fn what_others_read_has_no_token_hash() {
        let (lijst, _) = voeg_samen(&[], vec![lid("anna@example.nl", None)], nu()).unwrap();
        let a = zonder_geheimen(Aanvraag { betrokkenen: lijst, ..Aanvraag::default() });
        let json = serde_json::to_string(&a).unwrap();
        assert!(!json.contains("tokenHash"), "{json}");
        assert!(json.contains("geldigTot"), "{json}");
        assert_eq!(verhuld("anna@example.nl"), "a…@example.nl");
    }
}
