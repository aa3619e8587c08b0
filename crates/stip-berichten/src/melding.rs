//! A happening as others may read it (the public projection): what it is, where, which activities, what the reader
//! can do — and never the applicant's name, e-mail address or a text they did not publish. Every message to someone
//! other than the case's own people, every webhook and the open API are made from this.

use crate::abonnement::Soort;
use serde::{Deserialize, Serialize};
use stip_zaak::gebeurtenis::GebeurtenisSoort;
use time::OffsetDateTime;

/// A happening, public.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OpenbareMelding {
    pub soort: Soort,
    /// One line for people ("Aanvraag ontvangen: bouwen van een dakkapel").
    pub titel: String,
    /// What happened and what the reader can do now, in plain Dutch.
    pub tekst: String,
    /// The address or place it is about.
    pub plaats: Option<String>,
    /// The authority's name ("Gemeente Voorbeeldstad").
    pub gemeente: Option<String>,
    /// The authority's code, to follow a whole municipality.
    pub bevoegd_gezag: Option<String>,
    /// The activities by name.
    pub activiteiten: Vec<String>,
    /// Their groups (bouwen, kappen, milieu, uitrit, evenement, overig), to filter on.
    pub activiteitgroepen: Vec<String>,
    /// The case it belongs to (its public number), if any.
    pub zaaknummer: Option<String>,
    /// Where, as a GeoJSON geometry in RD New (EPSG:28992).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub geometrie: Option<serde_json::Value>,
    #[serde(with = "time::serde::rfc3339")]
    pub op: OffsetDateTime,
}

/// What of a case everyone may know: no applicant, no title or description they typed.
#[derive(Debug, Clone)]
pub struct ZaakFeiten<'a> {
    pub zaaknummer: &'a str,
    pub plaats: Option<&'a str>,
    pub gemeente: Option<&'a str>,
    pub bevoegd_gezag: &'a str,
    pub activiteiten: &'a [String],
    pub geometrie: Option<serde_json::Value>,
}

/// The public message for a case event, or `None` when the event is not public (questions, advice, messages
/// between applicant and official, who handles it).
pub fn van_gebeurtenis(zaak: &ZaakFeiten<'_>, soort: &GebeurtenisSoort, op: OffsetDateTime) -> Option<OpenbareMelding> {
    let wat = wat(zaak.activiteiten);
    let waar = zaak.plaats.map(|p| format!(" op {p}")).unwrap_or_default();
    let (soort, titel, tekst) = match soort {
        GebeurtenisSoort::Ingediend { procedure } => (
            Soort::AanvraagOntvangen,
            format!("Aanvraag ontvangen: {wat}{waar}"),
            format!(
                "De gemeente heeft een aanvraag ontvangen voor {wat}{waar} ({}). De gemeente beoordeelt de \
                 aanvraag. U hoort het als er een besluit is; dan kunt u reageren als u het er niet mee eens bent.",
                procedure_in_woorden(procedure)
            ),
        ),
        GebeurtenisSoort::TermijnVerlengd { weken, .. } => (
            Soort::ZaakStap,
            format!("Beslistermijn verlengd: {wat}{waar}"),
            format!("De gemeente neemt {weken} weken langer de tijd om te beslissen over {wat}{waar}."),
        ),
        GebeurtenisSoort::OntwerpbesluitGenomen { besluit } => (
            Soort::OntwerpbesluitTerInzage,
            format!("Ontwerpbesluit ter inzage: {wat}{waar}"),
            format!(
                "De gemeente is van plan de vergunning voor {wat}{waar} {}. Het ontwerpbesluit ligt 6 weken ter \
                 inzage. In die tijd kan iedereen een zienswijze geven: zeggen wat u ervan vindt.",
                uitkomst_in_woorden(besluit.uitkomst.as_str())
            ),
        ),
        GebeurtenisSoort::Bekendgemaakt { datum } => (
            Soort::BesluitBekendgemaakt,
            format!("Besluit bekendgemaakt: {wat}{waar}"),
            format!(
                "De gemeente heeft op {} besloten over {wat}{waar}. Bent u belanghebbende en bent u het er niet \
                 mee eens? Dan kunt u binnen 6 weken bezwaar maken.",
                stip_zaak::tekst::datum(*datum, false)
            ),
        ),
        GebeurtenisSoort::Onherroepelijk => (
            Soort::ZaakStap,
            format!("Besluit staat vast: {wat}{waar}"),
            format!("Het besluit over {wat}{waar} staat vast: bezwaar of beroep is niet meer mogelijk."),
        ),
        GebeurtenisSoort::BerichtAanBelanghebbenden { tekst } => (
            Soort::ZaakStap,
            format!("Bericht van de gemeente over {wat}{waar}"),
            tekst.clone(),
        ),
        _ => return None,
    };
    Some(OpenbareMelding {
        soort,
        titel,
        tekst,
        plaats: zaak.plaats.map(str::to_string),
        gemeente: zaak.gemeente.map(str::to_string),
        bevoegd_gezag: Some(zaak.bevoegd_gezag.to_string()),
        activiteiten: zaak.activiteiten.to_vec(),
        activiteitgroepen: groepen(zaak.activiteiten),
        zaaknummer: Some(zaak.zaaknummer.to_string()),
        geometrie: zaak.geometrie.clone(),
        op,
    })
}

/// The activities as a phrase: "bouwen van een dakkapel", "bouwen van een dakkapel en kappen van een boom",
/// or "een activiteit" when none is named.
fn wat(activiteiten: &[String]) -> String {
    let namen: Vec<String> = activiteiten.iter().map(|a| a.trim().to_lowercase()).filter(|a| !a.is_empty()).collect();
    match namen.as_slice() {
        [] => "een activiteit".into(),
        [een] => een.clone(),
        [rest @ .., laatste] => format!("{} en {laatste}", rest.join(", ")),
    }
}

fn procedure_in_woorden(procedure: &str) -> &'static str {
    match procedure {
        "uitgebreid" => "uitgebreide procedure: de gemeente legt eerst een ontwerpbesluit ter inzage",
        "melding" => "een melding",
        _ => "reguliere procedure: de gemeente beslist binnen 8 weken",
    }
}

fn uitkomst_in_woorden(uitkomst: &str) -> &'static str {
    match uitkomst {
        "verleend" => "te verlenen",
        "deels_verleend" => "deels te verlenen",
        "geweigerd" => "te weigeren",
        _ => "niet nodig te vinden",
    }
}

/// The activity group of an activity, from its name: what people filter on.
pub fn activiteitgroep(naam: &str) -> &'static str {
    let n = naam.to_lowercase();
    let heeft = |woorden: &[&str]| woorden.iter().any(|w| n.contains(w));
    if heeft(&["kap", "vellen", "boom", "bomen", "houtopstand"]) {
        "kappen"
    } else if heeft(&["uitrit", "inrit", "oprit"]) {
        "uitrit"
    } else if heeft(&["evenement", "festival", "markt"]) {
        "evenement"
    } else if heeft(&["milieu", "bedrijf", "lozen", "geluid", "opslag", "horeca", "inrichting"]) {
        "milieu"
    } else if heeft(&["bouw", "dakkapel", "aanbouw", "uitbouw", "schuur", "overkapping", "sloop", "verbouw", "monument"]) {
        "bouwen"
    } else {
        "overig"
    }
}

/// The distinct groups of the activities, sorted.
pub fn groepen(activiteiten: &[String]) -> Vec<String> {
    let mut g: Vec<String> = activiteiten.iter().map(|a| activiteitgroep(a).to_string()).collect();
    g.sort();
    g.dedup();
    g
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    fn feiten(activiteiten: &[String]) -> ZaakFeiten<'_> {
        ZaakFeiten {
            zaaknummer: "Z-2026-000001",
            plaats: Some("Dorpsstraat 12, Voorbeeldstad"),
            gemeente: Some("Gemeente Voorbeeldstad"),
            bevoegd_gezag: "gm9999",
            activiteiten,
            geometrie: None,
        }
    }

    #[test]
    fn a_received_application_is_public_in_words_for_a_neighbour() {
        let acts = vec!["Bouwen van een dakkapel".to_string()];
        let m = van_gebeurtenis(
            &feiten(&acts),
            &GebeurtenisSoort::Ingediend { procedure: "regulier".into() },
            datetime!(2026-12-02 10:00 UTC),
        )
        .unwrap();
        assert_eq!(m.soort, Soort::AanvraagOntvangen);
        assert_eq!(m.titel, "Aanvraag ontvangen: bouwen van een dakkapel op Dorpsstraat 12, Voorbeeldstad");
        assert_eq!(m.activiteitgroepen, ["bouwen"]);
        assert_eq!(m.zaaknummer.as_deref(), Some("Z-2026-000001"));
    }

    #[test]
    fn questions_advice_and_private_messages_are_not_public() {
        let acts = vec!["Kappen van een boom".to_string()];
        let op = datetime!(2026-12-02 10:00 UTC);
        for soort in [
            GebeurtenisSoort::AanvullingGevraagd {
                vraag: "Stuur een tekening".into(),
                documenten: vec![],
                uiterlijk: date!(2026 - 12 - 20),
            },
            GebeurtenisSoort::AdviesOntvangen { adviseur: "welstand".into(), advies: "akkoord".into() },
            GebeurtenisSoort::Bericht { tekst: "Mijn buurman Jan".into(), van_aanvrager: true },
        ] {
            assert_eq!(van_gebeurtenis(&feiten(&acts), &soort, op), None, "{soort:?}");
        }
    }

    #[test]
    fn activities_fall_into_the_groups_people_filter_on() {
        assert_eq!(activiteitgroep("Kappen van een boom"), "kappen");
        assert_eq!(activiteitgroep("Aanleggen van een uitrit"), "uitrit");
        assert_eq!(activiteitgroep("Bouwen van een bijbehorend bouwwerk"), "bouwen");
        assert_eq!(activiteitgroep("Milieubelastende activiteit"), "milieu");
        assert_eq!(activiteitgroep("Iets anders"), "overig");
        let twee = vec!["Kappen van een boom".to_string(), "Bouwen van een dakkapel".to_string()];
        assert_eq!(groepen(&twee), ["bouwen", "kappen"]);
        assert_eq!(wat(&twee), "kappen van een boom en bouwen van een dakkapel");
    }
}
