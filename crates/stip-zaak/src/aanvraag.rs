//! The application (aanvraag or melding) while it is drafted: the activities with their Vergunningcheck outcome and
//! Indieningsvereisten, the place, the drawn plan, the documents and data the rules ask for, co-applicants and
//! representatives with who receives what, and what stip attached itself — plus the completeness check before
//! submitting and the procedure that follows.

use crate::procedure::Procedure;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use stip_sttr::Actie as CheckActie;
use uuid::Uuid;

/// An application as drafted and, once submitted, frozen into the case.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Aanvraag {
    /// A short name people recognise ("Dakkapel Dorpsstraat 1").
    pub titel: String,
    /// What the applicant wants to do, in their own words.
    pub omschrijving: String,
    /// The authority the application goes to (code as in the host configuration, e.g. `gm9999`).
    pub bevoegd_gezag: String,
    pub locatie: Option<Locatie>,
    pub activiteiten: Vec<AanvraagActiviteit>,
    /// The plan drawn in the plan check, with the check's result as it was shown.
    pub plan: Option<Plan>,
    /// Answers to the data the Indieningsvereisten ask for, by question id.
    pub gegevens: BTreeMap<String, String>,
    pub documenten: Vec<DocumentVerwijzing>,
    pub betrokkenen: Vec<Betrokkene>,
    /// Which documents the applicant receives themselves (default: all).
    pub correspondentie: Vec<Stuk>,
    /// What stip knows and attached itself: building data (BAG), the parcel (BRK), earlier permits.
    pub automatisch: Vec<AutomatischeBijlage>,
    /// The saved droog-oefenen report this started from, if any.
    pub uit_verslag: Option<String>,
}

/// The place: an address or point (RD New), with the parcel and buildings found there.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct Locatie {
    pub adres: Option<String>,
    pub x: f64,
    pub y: f64,
    pub perceel: Option<String>,
}

/// One activity applied for.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AanvraagActiviteit {
    /// IMOW activity id.
    pub id: String,
    pub naam: String,
    /// The Vergunningcheck's conclusion as STTR names it (`Vergunningplicht`, `Meldingsplicht`, …).
    pub conclusie: String,
    /// `regulier`, `uitgebreid`, `melding`, … (the municipality may set `uitgebreid`).
    pub procedure: String,
    /// The Vergunningcheck's answers that led to this activity's conclusion: question id → answer.
    pub antwoorden: BTreeMap<String, serde_json::Value>,
    /// The same questions as they were asked (their text from the toepasbare regels) with the answer, in the order
    /// of the rules; what the receipt prints.
    pub vragen: Vec<BeantwoordeVraag>,
    pub vereisten: Vec<Vereiste>,
}

/// A question of the Vergunningcheck with the answer it got.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct BeantwoordeVraag {
    pub id: String,
    /// The question as the check asked it.
    pub tekst: String,
    pub antwoord: serde_json::Value,
}

/// One item the Indieningsvereisten ask for.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Vereiste {
    pub id: String,
    /// `document` (an attachment) or `gegeven` (a piece of data).
    pub soort: String,
    pub omschrijving: String,
    pub toelichting: Option<String>,
}

/// The plan from the plan check.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Plan {
    /// GeoJSON geometry in WGS84 (as the report shows it).
    pub geometrie: serde_json::Value,
    /// The plan check's summary per rule, as shown then.
    pub toetsing: serde_json::Value,
    /// The plan's measures as applied for: what the receipt prints and what changes during the works are judged
    /// against.
    pub maten: PlanMaten,
}

/// The measures of a drawn plan: heights in metres and the storeys as the applicant gave them in the plan check,
/// the footprint's area as the plan check measured it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PlanMaten {
    pub bouwhoogte: Option<f64>,
    pub goothoogte: Option<f64>,
    pub oppervlakte_m2: Option<f64>,
    pub functie: Option<String>,
    pub bouwlagen: Option<u32>,
}

/// A document uploaded to the application.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DocumentVerwijzing {
    pub id: Uuid,
    /// The Vereiste id it fulfils, or `overig`.
    pub vereiste: String,
    pub naam: String,
    pub mediatype: String,
    pub grootte: u64,
    pub sha256: String,
}

/// A co-applicant or authorised representative. They are invited by e-mail and take part (read and change the
/// draft) only once they accepted the invitation with the account of that address: until then `gebruiker` is empty.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Betrokkene {
    pub naam: String,
    pub email: String,
    pub rol: BetrokkeneRol,
    /// The account that takes part: set only by accepting the invitation, never by the one who invites.
    pub gebruiker: Option<Uuid>,
    /// Which documents they receive.
    pub ontvangt: Vec<Stuk>,
    /// The invitation while it waits for an answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uitnodiging: Option<Uitnodiging>,
}

impl Betrokkene {
    /// Where the person stands: taking part, invited, or neither (listed before invitations existed).
    pub fn stand(&self) -> BetrokkeneStand {
        match (&self.gebruiker, &self.uitnodiging) {
            (Some(_), _) => BetrokkeneStand::DoetMee,
            (None, Some(_)) => BetrokkeneStand::Uitgenodigd,
            (None, None) => BetrokkeneStand::NietUitgenodigd,
        }
    }
}

/// Where a co-applicant or representative stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BetrokkeneStand {
    /// Accepted the invitation: reads and changes the draft.
    DoetMee,
    /// Invited by e-mail; no access until they accept.
    Uitgenodigd,
    /// Listed without an invitation (before invitations existed): receives what `ontvangt` says, no access.
    NietUitgenodigd,
}

impl BetrokkeneStand {
    pub fn as_str(self) -> &'static str {
        match self {
            BetrokkeneStand::DoetMee => "doet_mee",
            BetrokkeneStand::Uitgenodigd => "uitgenodigd",
            BetrokkeneStand::NietUitgenodigd => "niet_uitgenodigd",
        }
    }
}

/// An invitation to take part in a draft: the SHA-256 (hex) of its single-use token — the secret itself is only in
/// the e-mailed link — and until when it can be accepted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Uitnodiging {
    /// Left out of what others read (the API blanks it).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub token_hash: String,
    #[serde(with = "time::serde::rfc3339")]
    pub geldig_tot: time::OffsetDateTime,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BetrokkeneRol {
    #[default]
    Medeaanvrager,
    /// Acts for the applicant (an architect, a contractor).
    Gemachtigde,
}

/// The kinds of documents a case sends (Voorkeuren-correspondentie).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stuk {
    Ontvangstbevestiging,
    VerzoekAanvulling,
    Berichten,
    Besluit,
}

impl Stuk {
    pub const ALL: [Stuk; 4] = [Stuk::Ontvangstbevestiging, Stuk::VerzoekAanvulling, Stuk::Berichten, Stuk::Besluit];
}

/// Something stip attached itself.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AutomatischeBijlage {
    /// `bag_pand`, `brk_perceel`, `eerdere_vergunning`.
    pub soort: String,
    pub titel: String,
    pub gegevens: serde_json::Value,
}

/// One thing missing before the application can be submitted: the field (for the form) and a Dutch sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ontbreekt {
    pub veld: String,
    pub melding: String,
}

impl AanvraagActiviteit {
    /// An activity from the Vergunningcheck's action list (with its Indieningsvereisten) and the answers its
    /// conclusion rests on (the conclusion's explanation: those of this activity only, not of the others checked
    /// with it). Values the rules file fills in itself are not questions and are left out.
    pub fn uit_check(
        actie: &CheckActie,
        gegeven: &[stip_sttr::GegevenAntwoord],
        antwoorden: &BTreeMap<String, serde_json::Value>,
    ) -> AanvraagActiviteit {
        let vragen: Vec<BeantwoordeVraag> = gegeven
            .iter()
            .filter(|g| g.bron != "regelbestand")
            .map(|g| BeantwoordeVraag {
                id: g.vraag.clone(),
                tekst: g.tekst.clone(),
                antwoord: serde_json::to_value(&g.antwoord).unwrap_or_default(),
            })
            .collect();
        let antwoorden = antwoorden
            .iter()
            .filter(|(id, _)| vragen.iter().any(|v| v.id == **id))
            .map(|(k, v)| (k.clone(), v.clone()));
        let antwoorden = antwoorden.collect();
        let mut vereisten = Vec::new();
        if let Some(iv) = &actie.indieningsvereisten {
            vereisten.extend(iv.documenten.iter().map(|d| Vereiste {
                id: d.id.clone(),
                soort: "document".into(),
                omschrijving: d.soort.clone(),
                toelichting: d.toelichting.clone(),
            }));
            vereisten.extend(iv.gegevens.iter().map(|g| Vereiste {
                id: g.id.clone(),
                soort: "gegeven".into(),
                omschrijving: g.vraag.clone(),
                toelichting: g.toelichting.clone(),
            }));
        }
        AanvraagActiviteit {
            id: actie.activiteit.clone(),
            naam: actie.activiteit_naam.clone(),
            conclusie: actie.conclusie.as_str().to_string(),
            procedure: Procedure::voor(actie.conclusie).soort().to_string(),
            antwoorden,
            vragen,
            vereisten,
        }
    }
}

impl Aanvraag {
    /// The procedure of the whole application: the strictest of its activities (an extended one makes all extended;
    /// a permit with a melding is handled as the permit). `None` while no activity needs an application.
    pub fn procedure(&self) -> Option<Procedure> {
        let rang = |p: Procedure| match p {
            Procedure::Uitgebreid => 3,
            Procedure::Regulier => 2,
            Procedure::Melding | Procedure::Informatie => 1,
            _ => 0,
        };
        self.activiteiten
            .iter()
            .filter_map(|a| Procedure::parse(&a.procedure))
            .filter(|p| rang(*p) > 0)
            .max_by_key(|p| rang(*p))
            .map(|p| if p == Procedure::Informatie { Procedure::Melding } else { p })
    }

    /// Whether this is a melding (no permit), which the receipt and the pages call by its name.
    pub fn is_melding(&self) -> bool {
        self.procedure() == Some(Procedure::Melding)
    }

    /// Every Vereiste of every activity, once (activities can ask for the same document).
    pub fn vereisten(&self) -> Vec<&Vereiste> {
        let mut gezien = std::collections::BTreeSet::new();
        self.activiteiten.iter().flat_map(|a| &a.vereisten).filter(|v| gezien.insert(v.id.as_str())).collect()
    }

    /// The activities' ids.
    pub fn activiteit_ids(&self) -> Vec<String> {
        self.activiteiten.iter().map(|a| a.id.clone()).collect()
    }

    /// What is missing before submitting; empty when complete.
    pub fn volledigheid(&self) -> Vec<Ontbreekt> {
        let mut mist = Vec::new();
        let mut zeg = |veld: &str, melding: String| mist.push(Ontbreekt { veld: veld.to_string(), melding });
        if self.titel.trim().is_empty() {
            zeg("titel", "Geef uw aanvraag een korte naam.".into());
        }
        if self.omschrijving.trim().is_empty() {
            zeg("omschrijving", "Beschrijf in een paar zinnen wat u wilt doen.".into());
        }
        if self.locatie.is_none() {
            zeg("locatie", "Kies de plek van uw plan.".into());
        }
        if self.bevoegd_gezag.trim().is_empty() {
            zeg("bevoegd_gezag", "Het is niet bekend welke overheid uw aanvraag behandelt.".into());
        }
        if self.activiteiten.is_empty() {
            zeg("activiteiten", "Kies minstens één activiteit. Doe daarvoor eerst de vergunningcheck.".into());
        }
        for a in &self.activiteiten {
            match Procedure::parse(&a.procedure) {
                Some(Procedure::Regulier | Procedure::Uitgebreid | Procedure::Melding | Procedure::Informatie) => {}
                Some(Procedure::Geen) => zeg(
                    &format!("activiteit.{}", a.id),
                    format!("Voor '{}' hoeft u niets aan te vragen. Haal deze activiteit weg.", a.naam),
                ),
                _ => zeg(
                    &format!("activiteit.{}", a.id),
                    format!(
                        "Voor '{}' kan de vergunningcheck niet zeggen wat nodig is. Neem contact op met de gemeente.",
                        a.naam
                    ),
                ),
            }
        }
        for v in self.vereisten() {
            let ontbreekt = match v.soort.as_str() {
                "document" => !self.documenten.iter().any(|d| d.vereiste == v.id),
                _ => self.gegevens.get(&v.id).is_none_or(|w| w.trim().is_empty()),
            };
            if ontbreekt {
                let wat = if v.soort == "document" { "Voeg toe" } else { "Vul in" };
                zeg(&format!("vereiste.{}", v.id), format!("{wat}: {}.", v.omschrijving.trim_end_matches('.')));
            }
        }
        for (i, b) in self.betrokkenen.iter().enumerate() {
            if b.naam.trim().is_empty() {
                zeg(&format!("betrokkene.{i}.naam"), "Vul de naam in van iedere mede-aanvrager of gemachtigde.".into());
            }
            if !geldig_email(&b.email) {
                zeg(&format!("betrokkene.{i}.email"), format!("Het e-mailadres '{}' klopt niet.", b.email));
            }
        }
        mist
    }
}

/// A plausible e-mail address: one `@` with text before it and a dotted domain after it, no spaces.
pub fn geldig_email(s: &str) -> bool {
    let s = s.trim();
    match s.split_once('@') {
        Some((lokaal, domein)) => {
            !lokaal.is_empty()
                && !domein.contains('@')
                && domein.contains('.')
                && !domein.starts_with('.')
                && !domein.ends_with('.')
                && !s.contains(char::is_whitespace)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn activiteit(procedure: &str, vereisten: &[(&str, &str)]) -> AanvraagActiviteit {
        AanvraagActiviteit {
            id: format!("nl.imow-gm9999.activiteit.{procedure}"),
            naam: format!("Bouwen ({procedure})"),
            conclusie: "Vergunningplicht".into(),
            procedure: procedure.into(),
            antwoorden: BTreeMap::new(),
            vragen: Vec::new(),
            vereisten: vereisten
                .iter()
                .map(|(id, soort)| Vereiste {
                    id: id.to_string(),
                    soort: soort.to_string(),
                    omschrijving: format!("Stuk {id}"),
                    toelichting: None,
                })
                .collect(),
        }
    }

    fn compleet() -> Aanvraag {
        Aanvraag {
            titel: "Dakkapel".into(),
            omschrijving: "Een dakkapel aan de achterkant.".into(),
            bevoegd_gezag: "gm9999".into(),
            locatie: Some(Locatie { adres: Some("Dorpsstraat 1".into()), x: 155000.0, y: 463000.0, perceel: None }),
            activiteiten: vec![activiteit("regulier", &[("tekening", "document"), ("hoogte", "gegeven")])],
            gegevens: BTreeMap::from([("hoogte".to_string(), "3".to_string())]),
            documenten: vec![DocumentVerwijzing {
                id: Uuid::nil(),
                vereiste: "tekening".into(),
                naam: "gevel.pdf".into(),
                mediatype: "application/pdf".into(),
                grootte: 10,
                sha256: "00".into(),
            }],
            ..Aanvraag::default()
        }
    }

    #[test]
    fn a_complete_application_misses_nothing() {
        assert_eq!(compleet().volledigheid(), vec![]);
    }

    #[test]
    fn every_missing_document_and_answer_is_named() {
        let mut a = compleet();
        a.documenten.clear();
        a.gegevens.insert("hoogte".into(), "  ".into());
        let velden: Vec<_> = a.volledigheid().into_iter().map(|o| o.veld).collect();
        assert_eq!(velden, ["vereiste.tekening", "vereiste.hoogte"]);
    }

    #[test]
    fn an_empty_application_says_what_to_fill_in_first() {
        let velden: Vec<_> = Aanvraag::default().volledigheid().into_iter().map(|o| o.veld).collect();
        assert_eq!(velden, ["titel", "omschrijving", "locatie", "bevoegd_gezag", "activiteiten"]);
    }

    #[test]
    fn an_activity_that_needs_nothing_or_is_undecided_cannot_be_submitted() {
        let mut a = compleet();
        a.activiteiten.push(activiteit("geen", &[]));
        a.activiteiten.push(activiteit("onbepaald", &[]));
        assert_eq!(a.volledigheid().len(), 2);
    }

    #[test]
    fn a_co_applicant_needs_a_name_and_a_valid_email() {
        let mut a = compleet();
        a.betrokkenen.push(Betrokkene { naam: "".into(), email: "jan@voorbeeld".into(), ..Betrokkene::default() });
        let velden: Vec<_> = a.volledigheid().into_iter().map(|o| o.veld).collect();
        assert_eq!(velden, ["betrokkene.0.naam", "betrokkene.0.email"]);
    }

    #[test]
    fn the_strictest_activity_sets_the_procedure() {
        let mut a = compleet();
        assert_eq!(a.procedure(), Some(Procedure::Regulier));
        a.activiteiten.push(activiteit("melding", &[]));
        assert_eq!(a.procedure(), Some(Procedure::Regulier));
        a.activiteiten.push(activiteit("uitgebreid", &[]));
        assert_eq!(a.procedure(), Some(Procedure::Uitgebreid));
        a.activiteiten.retain(|x| x.procedure == "melding");
        assert_eq!(a.procedure(), Some(Procedure::Melding));
        assert!(a.is_melding());
    }

    #[test]
    fn a_document_asked_by_two_activities_is_asked_once() {
        let mut a = compleet();
        a.activiteiten.push(activiteit("melding", &[("tekening", "document")]));
        assert_eq!(a.vereisten().len(), 2);
    }

    #[test]
    fn email_addresses_are_checked_for_their_shape() {
        assert!(geldig_email("jan@voorbeeld.nl"));
        for fout in ["", "jan", "jan@", "@voorbeeld.nl", "jan@voorbeeld", "jan @voorbeeld.nl", "a@b@c.nl", "a@.nl"] {
            assert!(!geldig_email(fout), "{fout}");
        }
    }
}
