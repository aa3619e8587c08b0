//! Participation before applying (issue 15): an initiative (initiatief) with its plan versions, the neighbours
//! invited by letter, their reactions with the initiator's answers (the thread) and their consents bound to one plan
//! version by the hash of its content. Pure rules: what a version's hash is, what changed between two versions, which
//! consents still hold, who may read a reaction and when it is public, whether a consent can be withdrawn. No IO.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use uuid::Uuid;

/// A place on the plan map (RD New, metres), with the words of the keyboard list it was picked from, if any.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Plek {
    pub x: f64,
    pub y: f64,
    /// "Achtergevel", "Dak", "Erfgrens met Dorpsstraat 14": the place in words (from the list of places).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub omschrijving: Option<String>,
}

/// How one norm came out for a version (from the plan check).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Normuitkomst {
    /// `MaximumBouwhoogte`, `Bouwvlak`, …
    pub soort: String,
    /// `past`, `niet te bepalen`, `past niet`.
    pub oordeel: String,
    /// Plain Dutch, as the plan check says it.
    pub toelichting: String,
}

/// One version of the plan, as drawn and checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Planversie {
    /// 1, 2, …
    pub nummer: u32,
    /// The footprint: a GeoJSON Polygon or MultiPolygon in RD New (EPSG:28992).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub geometrie: serde_json::Value,
    /// Height of the highest point, metres.
    pub bouwhoogte: f64,
    /// The footprint's area, m².
    pub oppervlakte_m2: f64,
    /// What the initiator says changed, in their words.
    #[serde(default)]
    pub toelichting: String,
    /// The plan check's overall outcome: `past`, `niet te bepalen`, `past niet`.
    pub oordeel: String,
    pub normen: Vec<Normuitkomst>,
    /// SHA-256 (hex) of the version's content: what a consent is bound to.
    pub hash: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub gemaakt: OffsetDateTime,
}

impl Planversie {
    /// The hash of what a neighbour consents to: the initiative's title and description with this version's number,
    /// footprint and height — in one fixed JSON form, so that the same content always gives the same hash.
    pub fn bereken_hash(
        titel: &str,
        omschrijving: &str,
        nummer: u32,
        geometrie: &serde_json::Value,
        bouwhoogte: f64,
    ) -> String {
        // serde_json keeps object keys sorted (no preserve_order): one text per content.
        let inhoud = serde_json::json!({
            "bouwhoogte": bouwhoogte,
            "geometrie": geometrie,
            "omschrijving": omschrijving,
            "titel": titel,
            "versie": nummer,
        });
        let digest = Sha256::digest(inhoud.to_string().as_bytes());
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// How one norm's outcome changed between two versions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Normwijziging {
    pub soort: String,
    /// The outcome in the earlier version (`None`: not checked then).
    pub was: Option<String>,
    /// The outcome now (`None`: not checked now).
    pub nu: Option<String>,
    /// The plan check's words now (or then, when it is no longer checked).
    pub toelichting: String,
}

/// What changed from one version to another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Verschil {
    pub van: u32,
    pub naar: u32,
    /// Height difference, metres (positive: higher).
    pub bouwhoogte_m: f64,
    /// Footprint difference, m² (positive: larger).
    pub oppervlakte_m2: f64,
    /// Whether the outline itself moved or changed shape.
    pub vorm_gewijzigd: bool,
    /// The norms whose outcome changed.
    pub normen: Vec<Normwijziging>,
    /// In words: "hoogte +1 m, oppervlakte +6 m²"; "geen verschil" when nothing changed.
    pub samenvatting: String,
}

/// A number with its sign, as people write a change: "+1 m", "-0,5 m", "+6 m²".
fn met_teken(v: f64, eenheid: &str) -> String {
    let afgerond = (v * 10.0).round() / 10.0;
    let tekst =
        if afgerond.fract() == 0.0 { format!("{}", afgerond.abs() as i64) } else { format!("{:.1}", afgerond.abs()) };
    let teken = if afgerond < 0.0 { "-" } else { "+" };
    format!("{teken}{} {eenheid}", tekst.replace('.', ","))
}

/// What changed from `van` to `naar`: height, footprint area, shape and which norms now pass or fail.
pub fn verschil(van: &Planversie, naar: &Planversie) -> Verschil {
    let hoogte = naar.bouwhoogte - van.bouwhoogte;
    let opp = naar.oppervlakte_m2 - van.oppervlakte_m2;
    let vorm_gewijzigd = van.geometrie != naar.geometrie;
    let mut normen = Vec::new();
    for n in &naar.normen {
        let was = van.normen.iter().find(|v| v.soort == n.soort).map(|v| v.oordeel.clone());
        if was.as_deref() != Some(n.oordeel.as_str()) {
            normen.push(Normwijziging {
                soort: n.soort.clone(),
                was,
                nu: Some(n.oordeel.clone()),
                toelichting: n.toelichting.clone(),
            });
        }
    }
    for v in &van.normen {
        if !naar.normen.iter().any(|n| n.soort == v.soort) {
            normen.push(Normwijziging {
                soort: v.soort.clone(),
                was: Some(v.oordeel.clone()),
                nu: None,
                toelichting: v.toelichting.clone(),
            });
        }
    }
    let mut delen = Vec::new();
    if hoogte.abs() >= 0.05 {
        delen.push(format!("hoogte {}", met_teken(hoogte, "m")));
    }
    if opp.abs() >= 0.5 {
        delen.push(format!("oppervlakte {}", met_teken(opp, "m²")));
    } else if vorm_gewijzigd {
        delen.push("andere vorm of plek".to_string());
    }
    let samenvatting =
        if delen.is_empty() { "geen verschil in hoogte of oppervlakte".to_string() } else { delen.join(", ") };
    Verschil {
        van: van.nummer,
        naar: naar.nummer,
        bouwhoogte_m: hoogte,
        oppervlakte_m2: opp,
        vorm_gewijzigd,
        normen,
        samenvatting,
    }
}

/// What a reaction is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReactieSoort {
    Steun,
    Vraag,
    Zorg,
}

impl ReactieSoort {
    pub fn in_woorden(self) -> &'static str {
        match self {
            ReactieSoort::Steun => "steun",
            ReactieSoort::Vraag => "vraag",
            ReactieSoort::Zorg => "zorg",
        }
    }
}

/// Who wrote a message in a thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Afzender {
    Initiatiefnemer,
    Reageerder,
}

/// One message after a reaction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Bericht {
    pub van: Afzender,
    pub tekst: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub op: OffsetDateTime,
}

/// Who reacted: an account, or someone with the invitation code who holds the reaction's own key (its SHA-256 is
/// kept). Never shown to others; the name only when the reactor chose so.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reageerder {
    pub gebruiker: Option<Uuid>,
    pub sleutel_hash: Option<String>,
    /// Only when they chose to show it.
    pub getoonde_naam: Option<String>,
}

/// A reaction with its thread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reactie {
    pub id: Uuid,
    /// The plan version it was about.
    pub versie: u32,
    pub soort: ReactieSoort,
    pub tekst: String,
    pub plek: Option<Plek>,
    pub reageerder: Reageerder,
    /// The reactor wants it public.
    pub openbaar_reageerder: bool,
    /// The initiator agrees to show it publicly.
    pub openbaar_initiatiefnemer: bool,
    pub thread: Vec<Bericht>,
    #[serde(with = "time::serde::rfc3339")]
    pub op: OffsetDateTime,
}

impl Reactie {
    /// Public only when both the reactor and the initiator chose so.
    pub fn openbaar(&self) -> bool {
        self.openbaar_reageerder && self.openbaar_initiatiefnemer
    }

    /// Whether the initiator answered it.
    pub fn beantwoord(&self) -> bool {
        self.thread.iter().any(|b| b.van == Afzender::Initiatiefnemer)
    }
}

/// How sure stip is of who signed (the signer's identity level).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Identiteitsniveau {
    /// An account with a password; the e-mail address was not proven.
    Account,
    /// The person proved the e-mail address (logged in by a link sent to it).
    EmailBevestigd,
    /// Logged in through OpenID Connect (DigiD through a broker, eHerkenning).
    OpenidConnect,
}

impl Identiteitsniveau {
    pub fn in_woorden(self) -> &'static str {
        match self {
            Identiteitsniveau::Account => "account met wachtwoord",
            Identiteitsniveau::EmailBevestigd => "e-mailadres bevestigd",
            Identiteitsniveau::OpenidConnect => "ingelogd via OpenID Connect (zoals DigiD)",
        }
    }
}

/// A neighbour's consent to one plan version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Toestemming {
    pub id: Uuid,
    pub versie: u32,
    /// The hash of the version consented to.
    pub hash: String,
    pub ondertekenaar: Uuid,
    pub naam: String,
    pub niveau: Identiteitsniveau,
    /// Agreed under these conditions (written), or without.
    pub voorwaarden: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub gegeven: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub ingetrokken: Option<OffsetDateTime>,
    /// The certificate: a JWS (EdDSA) over what was consented to.
    pub certificaat: String,
}

/// An invitation letter for one address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Uitnodiging {
    /// The address as people write it.
    pub adres: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub gemaakt: OffsetDateTime,
}

/// Why a step on an initiative cannot be taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InitiatiefFout {
    #[error("de aanvraag bij dit initiatief is al ingediend; toestemmingen liggen nu vast")]
    AlIngediend,
    #[error("er is geen versie {0} van dit plan")]
    OnbekendeVersie(u32),
    #[error("u kunt alleen toestemming geven voor de nieuwste versie van het plan (versie {0})")]
    NietDeNieuwste(u32),
    #[error("deze toestemming is al ingetrokken")]
    AlIngetrokken,
}

/// An initiative as it stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Initiatief {
    pub titel: String,
    pub omschrijving: String,
    pub locatie: Plek,
    /// The address nearest to the place.
    pub adres: Option<String>,
    pub bevoegd_gezag: String,
    /// The activity the plan is about, for the participation guide (IMOW id), when known.
    pub activiteit: Option<String>,
    pub openbaar: bool,
    pub initiatiefnemer: Uuid,
    pub versies: Vec<Planversie>,
    pub uitnodigingen: Vec<Uitnodiging>,
    pub reacties: Vec<Reactie>,
    pub toestemmingen: Vec<Toestemming>,
    /// The application started from it.
    pub aanvraag: Option<Uuid>,
}

impl Initiatief {
    /// The newest version (an initiative always has one).
    pub fn laatste(&self) -> &Planversie {
        self.versies.last().expect("an initiative has at least one version")
    }

    pub fn versie(&self, nummer: u32) -> Option<&Planversie> {
        self.versies.iter().find(|v| v.nummer == nummer)
    }

    /// Whether a consent holds for the newest version (not withdrawn, about that version's content).
    pub fn actueel(&self, t: &Toestemming) -> bool {
        t.ingetrokken.is_none() && t.versie == self.laatste().nummer && t.hash == self.laatste().hash
    }

    /// For a consent to an earlier version: what changed since.
    pub fn sinds(&self, t: &Toestemming) -> Option<Verschil> {
        if t.versie == self.laatste().nummer {
            return None;
        }
        self.versie(t.versie).map(|v| verschil(v, self.laatste()))
    }

    /// The number the next version gets.
    pub fn volgende_versie(&self) -> u32 {
        self.laatste().nummer + 1
    }

    /// Checks that `versie` is the newest before someone consents to it.
    pub fn kan_toestemmen(&self, versie: u32, ingediend: bool) -> Result<&Planversie, InitiatiefFout> {
        if ingediend {
            return Err(InitiatiefFout::AlIngediend);
        }
        let v = self.versie(versie).ok_or(InitiatiefFout::OnbekendeVersie(versie))?;
        if v.nummer != self.laatste().nummer {
            return Err(InitiatiefFout::NietDeNieuwste(self.laatste().nummer));
        }
        Ok(v)
    }

    /// Withdraws a consent, until the application is submitted.
    pub fn trek_in(&mut self, id: Uuid, ingediend: bool, op: OffsetDateTime) -> Result<(), InitiatiefFout> {
        if ingediend {
            return Err(InitiatiefFout::AlIngediend);
        }
        let t = self.toestemmingen.iter_mut().find(|t| t.id == id).ok_or(InitiatiefFout::AlIngetrokken)?;
        if t.ingetrokken.is_some() {
            return Err(InitiatiefFout::AlIngetrokken);
        }
        t.ingetrokken = Some(op);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn versie(nummer: u32, hoogte: f64, opp: f64, oordeel: &str) -> Planversie {
        let geometrie =
            serde_json::json!({"type": "Polygon", "coordinates": [[[0, 0], [opp, 0], [opp, 1], [0, 1], [0, 0]]]});
        Planversie {
            nummer,
            hash: Planversie::bereken_hash("t", "o", nummer, &geometrie, hoogte),
            geometrie,
            bouwhoogte: hoogte,
            oppervlakte_m2: opp,
            toelichting: String::new(),
            oordeel: oordeel.into(),
            normen: vec![Normuitkomst {
                soort: "MaximumBouwhoogte".into(),
                oordeel: oordeel.into(),
                toelichting: String::new(),
            }],
            gemaakt: OffsetDateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn the_difference_names_the_height_and_area_change_and_the_norm_that_now_fails() {
        let v = verschil(&versie(1, 6.0, 30.0, "past"), &versie(2, 7.0, 36.0, "past niet"));
        assert_eq!(v.samenvatting, "hoogte +1 m, oppervlakte +6 m²");
        assert_eq!(v.normen.len(), 1);
        assert_eq!(v.normen[0].was.as_deref(), Some("past"));
        assert_eq!(v.normen[0].nu.as_deref(), Some("past niet"));
        let terug = verschil(&versie(2, 7.0, 36.0, "past"), &versie(3, 6.5, 36.0, "past"));
        assert_eq!(terug.samenvatting, "hoogte -0,5 m");
        assert!(terug.normen.is_empty());
    }

    #[test]
    fn the_hash_changes_with_any_part_of_the_content_and_not_otherwise() {
        let g = serde_json::json!({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]});
        let h = Planversie::bereken_hash("Aanbouw", "Achter", 1, &g, 6.0);
        assert_eq!(h, Planversie::bereken_hash("Aanbouw", "Achter", 1, &g, 6.0));
        assert_ne!(h, Planversie::bereken_hash("Aanbouw", "Achter", 1, &g, 6.01));
        assert_ne!(h, Planversie::bereken_hash("Aanbouw", "Achter", 2, &g, 6.0));
        assert_eq!(h.len(), 64);
    }

    #[test]
    fn a_reaction_is_public_only_when_both_chose_so() {
        let mut r = Reactie {
            id: Uuid::nil(),
            versie: 1,
            soort: ReactieSoort::Zorg,
            tekst: "x".into(),
            plek: None,
            reageerder: Reageerder { gebruiker: None, sleutel_hash: None, getoonde_naam: None },
            openbaar_reageerder: true,
            openbaar_initiatiefnemer: false,
            thread: Vec::new(),
            op: OffsetDateTime::UNIX_EPOCH,
        };
        assert!(!r.openbaar());
        r.openbaar_initiatiefnemer = true;
        assert!(r.openbaar());
        r.openbaar_reageerder = false;
        assert!(!r.openbaar());
    }
}
