//! What stip already knows about the place (from the BAG and BRK), offered as a pre-filled answer to the questions
//! that ask for it — the user confirms or changes it; stip never answers such a question on its own.

use crate::check::Vraag;
use crate::value::Value;

/// Facts about the building and parcel at the place of a check.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bekend {
    /// The building's year of construction (BAG oorspronkelijkBouwjaar).
    pub bouwjaar: Option<i32>,
    /// The parcel's size in m² (BRK kadastraleGrootte).
    pub perceeloppervlakte: Option<f64>,
    /// The floor area of the verblijfsobject in m² (BAG oppervlakte).
    pub gebruiksoppervlakte: Option<f64>,
}

/// Which fact a question asks for, recognised from its words (STTR has no standard code for these questions).
fn gevraagd_feit(tekst: &str, bekend: &Bekend) -> Option<f64> {
    let t = tekst.to_lowercase();
    let over_bestaand =
        !(t.contains("nieuw") || t.contains("bijgebouw") || t.contains("aanbouw") || t.contains("uitbouw"));
    if t.contains("bouwjaar") || (t.contains("jaar") && t.contains("gebouwd")) {
        return bekend.bouwjaar.map(f64::from);
    }
    if t.contains("perceel") && (t.contains("oppervlakte") || t.contains("groot")) {
        return bekend.perceeloppervlakte;
    }
    if over_bestaand && (t.contains("gebruiksoppervlakte") || t.contains("vloeroppervlakte")) {
        return bekend.gebruiksoppervlakte;
    }
    None
}

/// Offers a known fact as the answer to a number question that asks for it, unless something is pre-filled already.
pub fn vul_voor(vraag: &mut Vraag, bekend: &Bekend) {
    if vraag.prefill.is_some() || vraag.type_ != "number" {
        return;
    }
    if let Some(waarde) = gevraagd_feit(&vraag.tekst, bekend) {
        vraag.prefill = Some(Value::Number(waarde));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vraag(tekst: &str, type_: &'static str) -> Vraag {
        Vraag {
            id: "m#v".into(),
            tekst: tekst.into(),
            type_,
            opties: vec![],
            toelichting: None,
            lange_toelichting: None,
            toelichting_belangrijk: false,
            eenheid: None,
            minimum: None,
            prefill: None,
            activiteit: "a".into(),
            activiteit_naam: "a".into(),
            nog_ten_hoogste: 1,
        }
    }

    const BEKEND: Bekend =
        Bekend { bouwjaar: Some(1931), perceeloppervlakte: Some(412.0), gebruiksoppervlakte: Some(96.0) };

    #[test]
    fn a_question_for_the_building_year_is_offered_the_bag_year() {
        let mut v = vraag("Wat is het bouwjaar van het gebouw?", "number");
        vul_voor(&mut v, &BEKEND);
        assert_eq!(v.prefill, Some(Value::Number(1931.0)));
    }

    #[test]
    fn a_question_for_the_parcel_size_is_offered_the_brk_size() {
        let mut v = vraag("Hoe groot is uw perceel (m²)?", "number");
        vul_voor(&mut v, &BEKEND);
        assert_eq!(v.prefill, Some(Value::Number(412.0)));
    }

    #[test]
    fn a_question_about_the_new_building_is_not_prefilled_with_the_existing_one() {
        for tekst in
            ["Wat is de oppervlakte van het bijgebouw?", "Wat wordt de vloeroppervlakte van de nieuwe aanbouw?"]
        {
            let mut v = vraag(tekst, "number");
            vul_voor(&mut v, &BEKEND);
            assert_eq!(v.prefill, None, "{tekst}");
        }
    }

    #[test]
    fn a_yes_no_question_or_an_unknown_fact_stays_empty() {
        let mut v = vraag("Is het gebouw gebouwd voor 1940?", "boolean");
        vul_voor(&mut v, &BEKEND);
        assert_eq!(v.prefill, None);
        let mut v = vraag("Wat is het bouwjaar?", "number");
        vul_voor(&mut v, &Bekend::default());
        assert_eq!(v.prefill, None);
    }
}
