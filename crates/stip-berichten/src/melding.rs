//! A happening as others may read it (the public projection): what it is, where, which activities, what the reader
//! can do — and never the applicant's name, e-mail address or a text they did not publish. Every message to someone
//! other than the case's own people, every webhook and the open API are made from this.

use crate::abonnement::Soort;
use serde::{Deserialize, Serialize};
use stip_zaak::gebeurtenis::GebeurtenisSoort;
use stip_zaak::tekst::activiteiten as wat;
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
    /// For a plan change: which norm, from what to what.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wijziging: Option<Normwijziging>,
}

/// A norm's value that changed in a plan, as people read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Normwijziging {
    /// The plan's name.
    pub plan: String,
    /// The norm ("maximale bouwhoogte").
    pub norm: String,
    pub eenheid: Option<String>,
    /// `None`: it did not apply here before.
    pub oud: Option<f64>,
    /// `None`: it no longer applies here.
    pub nieuw: Option<f64>,
}

/// The public message for a changed norm in a plan, with the changed area (GeoJSON, RD New).
pub fn van_normwijziging(
    wijziging: Normwijziging,
    gemeente: Option<&str>,
    geometrie: serde_json::Value,
    op: OffsetDateTime,
) -> OpenbareMelding {
    let waarde = |v: Option<f64>| v.map(|v| met_eenheid(v, wijziging.eenheid.as_deref()));
    let (titel, tekst) = match (waarde(wijziging.oud), waarde(wijziging.nieuw)) {
        (Some(oud), Some(nieuw)) => (
            format!("{}: {} {oud} → {nieuw}", wijziging.plan, wijziging.norm),
            format!("In {} is de {} in uw gebied veranderd van {oud} in {nieuw}.", wijziging.plan, wijziging.norm),
        ),
        (None, Some(nieuw)) => (
            format!("{}: {} nu {nieuw}", wijziging.plan, wijziging.norm),
            format!("In {} geldt in uw gebied nu een {} van {nieuw}.", wijziging.plan, wijziging.norm),
        ),
        (Some(oud), None) => (
            format!("{}: {} {oud} vervalt", wijziging.plan, wijziging.norm),
            format!("In {} geldt de {} van {oud} in uw gebied niet meer.", wijziging.plan, wijziging.norm),
        ),
        (None, None) => (wijziging.plan.clone(), format!("{} is gewijzigd.", wijziging.plan)),
    };
    OpenbareMelding {
        soort: Soort::PlanGewijzigd,
        titel,
        tekst,
        plaats: None,
        gemeente: gemeente.map(str::to_string),
        bevoegd_gezag: None,
        activiteiten: Vec::new(),
        activiteitgroepen: Vec::new(),
        zaaknummer: None,
        geometrie: Some(geometrie),
        op,
        wijziging: Some(wijziging),
    }
}

/// A value as people write it: "9 m", "9,5 m", "80 %", "3" (no unit for counts).
pub fn met_eenheid(v: f64, eenheid: Option<&str>) -> String {
    let getal = if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{:.2}", v).trim_end_matches('0').trim_end_matches('.').replace('.', ",")
    };
    match eenheid {
        Some("m2") => format!("{getal} m²"),
        Some("m3") => format!("{getal} m³"),
        Some("graden") => format!("{getal}°"),
        Some(e) if !e.is_empty() => format!("{getal} {e}"),
        _ => getal,
    }
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
        GebeurtenisSoort::InspectieUitgevoerd { bevindingen, .. } => {
            let in_orde = bevindingen.iter().all(|b| b.oordeel == stip_zaak::toezicht::Oordeel::InOrde);
            let uitkomst = if in_orde {
                "Alles was in orde."
            } else {
                "Er is iets gevonden dat niet klopt met de vergunning; dat moet worden hersteld en de gemeente komt \
                 opnieuw kijken."
            };
            (
                Soort::ZaakStap,
                format!("Controle uitgevoerd: {wat}{waar}"),
                format!("De gemeente heeft gecontroleerd of {wat}{waar} volgens de vergunning gebeurt. {uitkomst}"),
            )
        }
        GebeurtenisSoort::BerichtAanBelanghebbenden { tekst } => {
            (Soort::BerichtGemeente, format!("Bericht van de gemeente over {wat}{waar}"), tekst.clone())
        }
        GebeurtenisSoort::BezwaarBekendgemaakt { datum, .. } => (
            Soort::BesluitBekendgemaakt,
            format!("Beslissing op bezwaar bekendgemaakt: {wat}{waar}"),
            format!(
                "De gemeente heeft op {} beslist op een bezwaar tegen het besluit over {wat}{waar}. Was u bij het \
                 bezwaar betrokken en bent u het er niet mee eens? Dan kunt u binnen 6 weken in beroep gaan bij de \
                 rechtbank.",
                stip_zaak::tekst::datum(*datum, false)
            ),
        ),
        GebeurtenisSoort::StartGemeld { startdatum, .. } => (
            Soort::ZaakStap,
            format!("De bouw begint: {wat}{waar}"),
            format!(
                "De bouw van {wat}{waar} begint op {}. De vergunning is verleend; de gemeente houdt toezicht.",
                stip_zaak::tekst::datum(*startdatum, false)
            ),
        ),
        GebeurtenisSoort::GereedGemeld { gereed, .. } => (
            Soort::ZaakStap,
            format!("De bouw is klaar: {wat}{waar}"),
            format!("De bouw van {wat}{waar} is klaar sinds {}.", stip_zaak::tekst::datum(*gereed, false)),
        ),
        GebeurtenisSoort::WijzigingBevestigd { .. } => (
            Soort::ZaakStap,
            format!("Wijziging past binnen de vergunning: {wat}{waar}"),
            format!(
                "Het bouwplan voor {wat}{waar} is tijdens de bouw gewijzigd. De gemeente heeft bevestigd dat de \
                 wijziging binnen de verleende vergunning past."
            ),
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
        activiteitgroepen: stip_zaak::activiteitgroep::groepen(zaak.activiteiten),
        zaaknummer: Some(zaak.zaaknummer.to_string()),
        geometrie: zaak.geometrie.clone(),
        op,
        wijziging: None,
    })
}

/// The message to a case's own people (the applicant, the official) about an event on it: title and text. These
/// may name the case by the title its applicant gave it; they go to nobody else.
pub fn voor_betrokkene(zaaknummer: &str, titel: &str, soort: &GebeurtenisSoort) -> (String, String) {
    let zaak = format!("{titel} ({zaaknummer})");
    let tekst = match soort {
        GebeurtenisSoort::Ingediend { .. } => format!("Uw aanvraag {zaak} is ontvangen."),
        GebeurtenisSoort::InBehandelingGenomen { .. } => format!("Uw aanvraag {zaak} is in behandeling genomen."),
        GebeurtenisSoort::AanvullingGevraagd { uiterlijk, .. } => format!(
            "De gemeente vraagt meer gegevens voor {zaak}. Stuur ze uiterlijk {}. Tot dan staat de beslistermijn stil.",
            stip_zaak::tekst::datum(*uiterlijk, false)
        ),
        GebeurtenisSoort::Aangevuld { .. } => format!("De aanvrager heeft gegevens aangevuld voor {zaak}."),
        GebeurtenisSoort::AdviesGevraagd { .. } => format!("De gemeente vraagt advies over {zaak}."),
        GebeurtenisSoort::AdviesOntvangen { .. } => format!("Het advies over {zaak} is binnen."),
        GebeurtenisSoort::TermijnVerlengd { weken, .. } => {
            format!("De gemeente neemt {weken} weken langer de tijd om te beslissen over {zaak}.")
        }
        GebeurtenisSoort::OntwerpbesluitGenomen { .. } => {
            format!("Er is een ontwerpbesluit over {zaak}. Het ligt 6 weken ter inzage.")
        }
        GebeurtenisSoort::BesluitGenomen { .. } => format!("Er is een besluit over {zaak}."),
        GebeurtenisSoort::Bekendgemaakt { datum } => format!(
            "Het besluit over {zaak} is op {} bekendgemaakt. U vindt het in Mijn omgeving.",
            stip_zaak::tekst::datum(*datum, false)
        ),
        GebeurtenisSoort::Onherroepelijk => format!("Het besluit over {zaak} staat vast."),
        GebeurtenisSoort::Bericht { van_aanvrager: true, .. } => {
            format!("De aanvrager stuurde een bericht over {zaak}.")
        }
        GebeurtenisSoort::Bericht { .. } => format!("De gemeente stuurde u een bericht over {zaak}."),
        GebeurtenisSoort::BerichtAanBelanghebbenden { .. } => {
            format!("De gemeente stuurde omwonenden en volgers een bericht over {zaak}.")
        }
        GebeurtenisSoort::ZienswijzeOntvangen { .. } => {
            format!("Er is een zienswijze gegeven op het ontwerpbesluit over {zaak}.")
        }
        GebeurtenisSoort::BezwaarOntvangen { .. } => {
            format!("Iemand heeft bezwaar gemaakt tegen het besluit over {zaak}. U hoort hoe het verder gaat.")
        }
        GebeurtenisSoort::BezwaarAfspraakGepland { afspraak, .. } => format!(
            "Er is een {} gepland over het bezwaar tegen het besluit over {zaak}: {}, {}. U bent uitgenodigd.",
            afspraak.soort.in_woorden(),
            stip_zaak::tekst::tijdstip(afspraak.begin),
            afspraak.plaats
        ),
        GebeurtenisSoort::BezwaarVerslag { .. } => {
            format!("Het verslag over het bezwaar tegen het besluit over {zaak} is bij het dossier gevoegd.")
        }
        GebeurtenisSoort::BezwaarAdviescommissie { .. } => format!(
            "Een adviescommissie behandelt het bezwaar tegen het besluit over {zaak}. De gemeente beslist daardoor \
             binnen 12 weken na het einde van de bezwaartermijn."
        ),
        GebeurtenisSoort::BezwaarTermijnVerlengd { weken, .. } => {
            format!("De gemeente neemt {weken} weken langer de tijd om te beslissen op het bezwaar tegen {zaak}.")
        }
        GebeurtenisSoort::BezwaarIngetrokken { .. } => {
            format!("Het bezwaar tegen het besluit over {zaak} is ingetrokken.")
        }
        GebeurtenisSoort::BezwaarBeslist { uitkomst, .. } => format!(
            "De gemeente heeft beslist op het bezwaar tegen het besluit over {zaak}: het bezwaar is {}.",
            uitkomst.in_woorden()
        ),
        GebeurtenisSoort::BezwaarBekendgemaakt { datum, .. } => format!(
            "De beslissing op het bezwaar tegen het besluit over {zaak} is op {} bekendgemaakt. Wie het er niet mee \
             eens is, kan binnen 6 weken in beroep gaan bij de rechtbank.",
            stip_zaak::tekst::datum(*datum, false)
        ),
        GebeurtenisSoort::BeroepIngesteld { .. } => {
            format!("Er is beroep ingesteld bij de rechtbank tegen het besluit over {zaak}.")
        }
        GebeurtenisSoort::BeroepAfgedaan { .. } => format!("Het beroep tegen het besluit over {zaak} is afgedaan."),
        GebeurtenisSoort::AanvraagIngetrokken { .. } => format!("De aanvraag voor {zaak} is ingetrokken."),
        GebeurtenisSoort::StartGemeld { startdatum, .. } => format!(
            "De start van de bouw voor {zaak} is gemeld: de bouw begint op {}.",
            stip_zaak::tekst::datum(*startdatum, false)
        ),
        GebeurtenisSoort::GereedGemeld { .. } => format!("De bouw voor {zaak} is gereedgemeld."),
        GebeurtenisSoort::WijzigingGemeld { nummer, oordeel, .. } => format!(
            "Wijziging {nummer} van het bouwplan voor {zaak} is gemeld: {}.",
            match oordeel {
                stip_zaak::realisatie::WijzigingOordeel::PastBinnenVergunning => "die past binnen de vergunning",
                stip_zaak::realisatie::WijzigingOordeel::NieuweVergunningNodig => {
                    "daarvoor is een nieuwe vergunning nodig"
                }
            }
        ),
        GebeurtenisSoort::WijzigingBevestigd { nummer, .. } => {
            format!(
                "De gemeente bevestigt dat wijziging {nummer} van het bouwplan voor {zaak} binnen de vergunning past."
            )
        }
        GebeurtenisSoort::NazorgGevraagd { .. } => format!("Er is een nazorggesprek gevraagd over {zaak}."),
        GebeurtenisSoort::NazorgGehad { .. } => format!("Het nazorggesprek over {zaak} is vastgelegd."),
        GebeurtenisSoort::InspectieGepland { datum, .. } => format!(
            "De gemeente komt op {} kijken of er wordt gebouwd volgens de vergunning voor {zaak}.",
            stip_zaak::tekst::datum(*datum, false)
        ),
        GebeurtenisSoort::InspectieUitgevoerd { bevindingen, .. } => {
            let afwijkingen: Vec<&stip_zaak::toezicht::Bevinding> =
                bevindingen.iter().filter(|b| b.oordeel != stip_zaak::toezicht::Oordeel::InOrde).collect();
            match afwijkingen.iter().filter_map(|b| b.hercontrole).min() {
                None => format!("De gemeente heeft gecontroleerd bij {zaak}: alles is in orde. Dank u wel."),
                Some(d) => format!(
                    "De gemeente heeft gecontroleerd bij {zaak} en zag {} {}. Herstel dit; de gemeente komt op {} \
                     opnieuw kijken. Het rapport staat in Mijn omgeving.",
                    afwijkingen.len(),
                    if afwijkingen.len() == 1 { "afwijking" } else { "afwijkingen" },
                    stip_zaak::tekst::datum(d, false)
                ),
            }
        }
        GebeurtenisSoort::BewijsGevraagd { uiterlijk, .. } => format!(
            "De gemeente vraagt u foto's te sturen van het werk voor {zaak}, uiterlijk {}. Dat kan met uw telefoon.",
            stip_zaak::tekst::datum(*uiterlijk, false)
        ),
        GebeurtenisSoort::BewijsGeleverd { .. } => {
            format!("De vergunninghouder stuurde een foto als bewijs voor {zaak}.")
        }
        GebeurtenisSoort::BewijsBeoordeeld { akkoord: true, .. } => {
            format!("De gemeente heeft uw foto's voor {zaak} bekeken en geaccepteerd. Dank u wel.")
        }
        GebeurtenisSoort::BewijsBeoordeeld { .. } => {
            format!("De gemeente heeft uw foto's voor {zaak} bekeken en vraagt u opnieuw foto's te sturen.")
        }
    };
    (format!("Nieuws over {zaak}"), tekst)
}

/// The message to whoever gave a view or objected, about their own submission: title and text. Never the applicant's
/// name or the title they gave their application — only the submission's number and the place.
pub fn voor_indiener(nummer: &str, plaats: Option<&str>, soort: &GebeurtenisSoort) -> Option<(String, String)> {
    let waar = plaats.map(|p| format!(" over {p}")).unwrap_or_default();
    let bezwaar = format!("uw bezwaar {nummer}");
    let (titel, tekst) = match soort {
        GebeurtenisSoort::ZienswijzeOntvangen { .. } => (
            "Uw zienswijze is ontvangen".to_string(),
            format!(
                "De gemeente heeft uw zienswijze op het ontwerpbesluit{waar} ontvangen (nummer {nummer}). Zij \
                 beantwoordt alle zienswijzen in het besluit. U hoort het als het besluit er is."
            ),
        ),
        GebeurtenisSoort::BezwaarOntvangen { te_laat, .. } => (
            format!("Uw bezwaar {nummer} is ontvangen"),
            format!(
                "De gemeente heeft uw bezwaar tegen het besluit{waar} ontvangen. Binnen 5 werkdagen belt de gemeente \
                 u om het te bespreken. Misschien is het zo al op te lossen.{}",
                if *te_laat {
                    " Uw bezwaar kwam na het einde van de bezwaartermijn binnen. Schrijf de gemeente waarom u te laat \
                     was; zij beoordeelt of zij uw bezwaar toch behandelt."
                } else {
                    ""
                }
            ),
        ),
        GebeurtenisSoort::BezwaarAfspraakGepland { afspraak, .. } => (
            format!("Uitnodiging: {} over {bezwaar}", afspraak.soort.in_woorden()),
            format!(
                "U bent uitgenodigd voor een {} over {bezwaar}: {}, {}. Bij de e-mail zit de afspraak voor uw agenda.",
                afspraak.soort.in_woorden(),
                stip_zaak::tekst::tijdstip(afspraak.begin),
                afspraak.plaats
            ),
        ),
        GebeurtenisSoort::BezwaarVerslag { .. } => (
            format!("Verslag bij {bezwaar}"),
            format!("Het verslag van het gesprek over {bezwaar} is bij het dossier gevoegd. U kunt het lezen in stip."),
        ),
        GebeurtenisSoort::BezwaarAdviescommissie { .. } => (
            format!("Adviescommissie voor {bezwaar}"),
            format!(
                "Een onafhankelijke adviescommissie behandelt {bezwaar}. Daardoor beslist de gemeente binnen 12 weken \
                 na het einde van de bezwaartermijn."
            ),
        ),
        GebeurtenisSoort::BezwaarTermijnVerlengd { weken, .. } => (
            format!("Meer tijd voor {bezwaar}"),
            format!("De gemeente neemt {weken} weken langer de tijd om te beslissen op {bezwaar}."),
        ),
        GebeurtenisSoort::BezwaarIngetrokken { .. } => {
            (format!("{} is ingetrokken", hoofdletter(&bezwaar)), format!("{} is ingetrokken.", hoofdletter(&bezwaar)))
        }
        GebeurtenisSoort::BezwaarBeslist { uitkomst, .. } => (
            format!("Beslissing op {bezwaar}"),
            format!("De gemeente heeft beslist op {bezwaar}: uw bezwaar is {}.", uitkomst.in_woorden()),
        ),
        GebeurtenisSoort::BezwaarBekendgemaakt { datum, .. } => (
            format!("Beslissing op {bezwaar} bekendgemaakt"),
            format!(
                "De beslissing op {bezwaar} is op {} bekendgemaakt. Bent u het er niet mee eens? Dan kunt u binnen 6 \
                 weken in beroep gaan bij de rechtbank.",
                stip_zaak::tekst::datum(*datum, false)
            ),
        ),
        _ => return None,
    };
    Some((titel, tekst))
}

/// A phrase with its first letter as a capital: "hoorzitting" → "Hoorzitting".
pub fn hoofdletter(s: &str) -> String {
    stip_zaak::tekst::hoofdletter(s)
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
    fn a_lowered_norm_names_the_norm_and_both_values() {
        let w = Normwijziging {
            plan: "Omgevingsplan Gemeentestad".into(),
            norm: "maximale bouwhoogte".into(),
            eenheid: Some("m".into()),
            oud: Some(10.0),
            nieuw: Some(9.5),
        };
        let m = van_normwijziging(w, Some("Gemeentestad"), serde_json::json!(null), datetime!(2026-12-02 10:00 UTC));
        assert_eq!(m.titel, "Omgevingsplan Gemeentestad: maximale bouwhoogte 10 m → 9,5 m");
        assert_eq!(m.soort, Soort::PlanGewijzigd);
        assert_eq!(met_eenheid(80.0, Some("%")), "80 %");
        assert_eq!(met_eenheid(3.0, None), "3");
        assert_eq!(met_eenheid(120.0, Some("m2")), "120 m²");
    }

    #[test]
    fn several_activities_read_as_one_phrase() {
        let twee = vec!["Kappen van een boom".to_string(), "Bouwen van een dakkapel".to_string()];
        assert_eq!(wat(&twee), "kappen van een boom en bouwen van een dakkapel");
    }
}
