//! "Ik snap het niet": what the page a question was asked on tells (place, activities, answers, plan), the checks
//! of the help form, field by field (messages are catalogue keys, `hulp.fout_*`), and an official's answer: recorded
//! with the question, and sent by the personal-message path to the asker's inbox (when they were logged in) and e-mail
//! (when they left an address).

use crate::App;
use crate::fout::{Fout, FoutCode, VeldFout as Veld};
use serde::Serialize;
use std::collections::BTreeMap;
use stip_store::{Contactvoorkeur, GebruikerId, HulpAntwoord, Hulpvraag, HulpvraagId, HulpvraagRepository};
use stip_zaak::{Actor, Rol};

/// The longest name, question and contact detail accepted (characters).
pub const MAX_NAAM: usize = 200;
pub const MAX_VRAAG: usize = 5000;
const MAX_CONTACT: usize = 254;

/// The time slots for a call back: (value, catalogue key).
pub const TIJDVAKKEN: [(&str, &str); 2] = [("ochtend", "hulp.tijdvak_ochtend"), ("middag", "hulp.tijdvak_middag")];

/// What a page URL says about the situation.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Context {
    /// The page: a path on this site with its query, or empty when none (or a foreign one) was given.
    pub pagina: String,
    pub pad: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locatie: Option<BTreeMap<String, String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adres: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub activiteiten: Vec<String>,
    /// Vergunningcheck answers: question id → answer.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub antwoorden: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
}

impl Context {
    /// Reads a `van` URL: only a path on this site (`/…`, not `//host`) is kept; its query fills the fields.
    pub fn uit_pagina(van: &str) -> Context {
        let van = van.trim();
        let lokaal = van.starts_with('/') && !van.starts_with("//") && !van.contains(['\\', '\n', '\r']);
        if !lokaal || van.len() > 4000 {
            return Context::default();
        }
        let (pad, query) = van.split_once('?').unwrap_or((van, ""));
        let mut c = Context { pagina: van.to_string(), pad: pad.to_string(), ..Context::default() };
        let mut locatie = BTreeMap::new();
        for (k, v) in form_urlencoded::parse(query.as_bytes()).into_owned() {
            if v.trim().is_empty() {
                continue;
            }
            match k.as_str() {
                "x" | "y" | "lon" | "lat" => {
                    locatie.insert(k, v);
                }
                "adres" => c.adres = Some(v),
                "activiteit" if !c.activiteiten.contains(&v) => c.activiteiten.push(v),
                "plan" => c.plan = Some(v),
                _ => {
                    if let Some(id) = k.strip_prefix("antwoord.") {
                        c.antwoorden.insert(id.to_string(), v);
                    }
                }
            }
        }
        c.locatie = (!locatie.is_empty()).then_some(locatie);
        c
    }
}

/// What the help form sent.
#[derive(Debug, Clone, Default, serde::Deserialize, Serialize)]
#[serde(default)]
pub struct Formulier {
    pub van: String,
    pub naam: String,
    pub vraag: String,
    /// `email`, `telefoon` or `terugbellen`.
    pub contact: String,
    pub email: String,
    pub telefoon: String,
    pub tijdvak: String,
}

/// One wrong field: its name (the input's id) and the catalogue key of its message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VeldFout {
    pub veld: &'static str,
    pub melding: &'static str,
}

/// A checked help request.
#[derive(Debug, Clone, PartialEq)]
pub struct Geldig {
    pub naam: String,
    pub vraag: String,
    pub contactvoorkeur: Contactvoorkeur,
}

impl Formulier {
    /// Checks every field; all mistakes at once, in the order of the form.
    pub fn controleer(&self) -> Result<Geldig, Vec<VeldFout>> {
        let mut fouten = Vec::new();
        let mut fout = |veld, melding| fouten.push(VeldFout { veld, melding });
        let naam = self.naam.trim();
        if naam.is_empty() {
            fout("naam", "hulp.fout_naam_leeg");
        } else if naam.chars().count() > MAX_NAAM {
            fout("naam", "hulp.fout_naam_lang");
        }
        let vraag = self.vraag.trim();
        if vraag.is_empty() {
            fout("vraag", "hulp.fout_vraag_leeg");
        } else if vraag.chars().count() > MAX_VRAAG {
            fout("vraag", "hulp.fout_vraag_lang");
        }
        let email = self.email.trim();
        let telefoon = self.telefoon.trim();
        let voorkeur = match self.contact.as_str() {
            "email" => {
                if email.is_empty() {
                    fout("email", "hulp.fout_email_leeg");
                } else if !geldig_email(email) {
                    fout("email", "hulp.fout_email_vorm");
                }
                Some(Contactvoorkeur::Email { email: email.to_string() })
            }
            "telefoon" | "terugbellen" => {
                if telefoon.is_empty() {
                    fout("telefoon", "hulp.fout_telefoon_leeg");
                } else if !geldig_telefoon(telefoon) {
                    fout("telefoon", "hulp.fout_telefoon_vorm");
                }
                if self.contact == "terugbellen" {
                    if !TIJDVAKKEN.iter().any(|(w, _)| *w == self.tijdvak) {
                        fout("tijdvak", "hulp.fout_tijdvak");
                    }
                    Some(Contactvoorkeur::Terugbellen { telefoon: telefoon.to_string(), tijdvak: self.tijdvak.clone() })
                } else {
                    Some(Contactvoorkeur::Telefoon { telefoon: telefoon.to_string() })
                }
            }
            _ => {
                fout("contact", "hulp.fout_contact");
                None
            }
        };
        match voorkeur {
            Some(contactvoorkeur) if fouten.is_empty() => {
                Ok(Geldig { naam: naam.to_string(), vraag: vraag.to_string(), contactvoorkeur })
            }
            _ => Err(fouten),
        }
    }
}

/// The longest answer accepted (characters).
pub const MAX_ANTWOORD: usize = 5000;

/// How an answer reaches the asker: their inbox in Mijn omgeving (they were logged in) and/or the e-mail address they
/// left. Neither: the official calls them back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bereik {
    pub inbox: bool,
    pub email: Option<String>,
}

impl Bereik {
    pub fn van(h: &Hulpvraag) -> Bereik {
        let email = match &h.contactvoorkeur {
            Contactvoorkeur::Email { email } => Some(email.clone()),
            _ => None,
        };
        Bereik { inbox: h.gebruiker.is_some(), email }
    }
}

/// An official answers a help request: the answer is kept with the question (which stays as asked) and goes to the
/// asker by [`crate::berichten::stuur_persoonlijk`]. Only officials (behandelaar, beheerder); once per request.
pub async fn beantwoord(app: &App, wie: &Actor, id: HulpvraagId, tekst: &str) -> Result<Hulpvraag, Fout> {
    if !(wie.heeft(Rol::Behandelaar) || wie.heeft(Rol::Beheerder)) {
        return Err(Fout::new(FoutCode::Forbidden, "alleen medewerkers van de gemeente beantwoorden hulpvragen"));
    }
    let tekst = tekst.trim();
    let fout = |melding: &str| {
        Fout::new(FoutCode::InvalidRequest, format!("antwoord: {melding}")).with_fouten(vec![Veld {
            vraag: "antwoord".into(),
            code: "ongeldig".into(),
            melding: melding.into(),
        }])
    };
    if tekst.is_empty() {
        return Err(fout("Schrijf een antwoord."));
    }
    if tekst.chars().count() > MAX_ANTWOORD {
        return Err(fout("Dit antwoord is te lang. Gebruik ten hoogste 5000 tekens."));
    }
    let antwoord = HulpAntwoord {
        tekst: tekst.to_string(),
        op: app.klok().nu(),
        door: GebruikerId(wie.id),
        door_naam: wie.naam.clone(),
    };
    let h = app.store().beantwoord_hulpvraag(id, &antwoord).await.map_err(|e| match e {
        stip_store::StoreError::Conflict(_) => {
            Fout::new(FoutCode::Conflict, "deze vraag is al beantwoord; het antwoord staat erbij")
        }
        e => e.into(),
    })?;
    let bereik = Bereik::van(&h);
    let titel = format!("Antwoord op uw vraag {}", h.id.referentie());
    let bericht_tekst =
        format!("U stelde een vraag via \"Ik snap het niet\":\n\n{}\n\nOns antwoord:\n\n{}", h.vraag, antwoord.tekst);
    let bericht = crate::berichten::Persoonlijk {
        id: crate::berichten::afgeleid(&[b"hulp-antwoord", &h.id.0.to_be_bytes()]),
        titel: &titel,
        tekst: &bericht_tekst,
        link: if bereik.inbox { "/mijn-omgeving/berichten".into() } else { "/hulp".into() },
        reden: "U krijgt dit bericht omdat u een vraag stelde via \"Ik snap het niet\".",
        afspraak: None,
        zaak: None,
    };
    let ontvanger = crate::berichten::Ontvanger { gebruiker: h.gebruiker.map(|g| g.0), email: bereik.email };
    crate::berichten::stuur_persoonlijk(app, ontvanger, bericht).await?;
    Ok(h)
}

/// An address of the form `naam@domein.tld`, without spaces.
pub fn geldig_email(e: &str) -> bool {
    let Some((lokaal, domein)) = e.split_once('@') else { return false };
    e.len() <= MAX_CONTACT
        && !lokaal.is_empty()
        && !domein.contains('@')
        && !e.chars().any(char::is_whitespace)
        && domein.split('.').count() >= 2
        && domein.split('.').all(|d| !d.is_empty())
}

/// 10 to 15 digits, with spaces, dashes, dots, brackets and a leading `+` allowed between them.
fn geldig_telefoon(t: &str) -> bool {
    let cijfers = t.chars().filter(char::is_ascii_digit).count();
    let rest_ok = t.char_indices().all(|(i, c)| c.is_ascii_digit() || " -.()".contains(c) || (c == '+' && i == 0));
    rest_ok && (10..=15).contains(&cijfers) && t.len() <= 40
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_context_of_a_vergunningcheck_page_reads_into_fields() {
        let c = Context::uit_pagina(
            "/vergunningcheck/uitkomst?activiteit=a.1&x=138398.3&y=424546%2C8&antwoord.m%23q1=ja&plan=gm9999",
        );
        assert_eq!(c.pad, "/vergunningcheck/uitkomst");
        assert_eq!(c.activiteiten, ["a.1"]);
        assert_eq!(c.locatie.as_ref().unwrap()["y"], "424546,8");
        assert_eq!(c.antwoorden["m#q1"], "ja");
        assert_eq!(c.plan.as_deref(), Some("gm9999"));
    }

    #[test]
    fn a_foreign_url_is_no_context() {
        assert_eq!(Context::uit_pagina("https://kwaad.example/x"), Context::default());
        assert_eq!(Context::uit_pagina("//kwaad.example/x"), Context::default());
        assert_eq!(Context::uit_pagina("/kaart?adres=Markt+1").adres.as_deref(), Some("Markt 1"));
    }

    #[test]
    fn every_wrong_field_gets_its_own_message() {
        let f = Formulier { contact: "terugbellen".into(), telefoon: "12".into(), ..Formulier::default() };
        let fouten = f.controleer().unwrap_err();
        let velden: Vec<_> = fouten.iter().map(|f| (f.veld, f.melding)).collect();
        assert_eq!(
            velden,
            [
                ("naam", "hulp.fout_naam_leeg"),
                ("vraag", "hulp.fout_vraag_leeg"),
                ("telefoon", "hulp.fout_telefoon_vorm"),
                ("tijdvak", "hulp.fout_tijdvak")
            ]
        );
        let f = Formulier {
            naam: "An".into(),
            vraag: "?".into(),
            contact: "email".into(),
            email: "an@x".into(),
            ..Formulier::default()
        };
        assert_eq!(f.controleer().unwrap_err()[0].melding, "hulp.fout_email_vorm");
    }

    #[test]
    fn a_complete_form_becomes_a_contact_preference() {
        let f = Formulier {
            naam: " An ".into(),
            vraag: "Wat is een bouwvlak?".into(),
            contact: "terugbellen".into(),
            telefoon: "+31 6 1234 5678".into(),
            tijdvak: "middag".into(),
            ..Formulier::default()
        };
        let g = f.controleer().unwrap();
        assert_eq!(g.naam, "An");
        assert_eq!(
            g.contactvoorkeur,
            Contactvoorkeur::Terugbellen { telefoon: "+31 6 1234 5678".into(), tijdvak: "middag".into() }
        );
    }
}
