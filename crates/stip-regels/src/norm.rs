//! Normalisation of norms: IMRO maatvoering `waardeType`s map onto IMOW typeNorm waardelijst names, and IMOW
//! eenheid URIs onto short units, so that "maximum bouwhoogte (m)" = 7 and an omgevingsnorm of typeNorm
//! `MaximumBouwhoogte`, eenheid `Meter`, normwaarde 7 come out as the same `Norm`.

use crate::model::last_segment;

/// IMRO waardeType → (IMOW typeNorm, eenheid). Matching ignores case and surrounding whitespace.
pub const IMRO_WAARDETYPES: &[(&str, &str, Option<&str>)] = &[
    ("maximum bouwhoogte (m)", "MaximumBouwhoogte", Some("m")),
    ("minimum bouwhoogte (m)", "MinimumBouwhoogte", Some("m")),
    ("maximum goothoogte (m)", "MaximumGoothoogte", Some("m")),
    ("minimum goothoogte (m)", "MinimumGoothoogte", Some("m")),
    ("maximum hoogte (m)", "MaximumHoogte", Some("m")),
    ("maximum bebouwingspercentage (%)", "MaximumBebouwingspercentage", Some("%")),
    ("minimum bebouwingspercentage (%)", "MinimumBebouwingspercentage", Some("%")),
    ("maximum bebouwingspercentage terrein (%)", "MaximumBebouwingspercentageTerrein", Some("%")),
    ("maximum aantal bouwlagen", "MaximumAantalBouwlagen", None),
    ("minimum aantal bouwlagen", "MinimumAantalBouwlagen", None),
    ("maximum aantal wooneenheden", "MaximumAantalWooneenheden", None),
    ("maximum aantal woningen", "MaximumAantalWooneenheden", None),
    ("maximum aantal bedrijfswoningen", "MaximumAantalBedrijfswoningen", None),
    ("maximum bebouwd oppervlak (m2)", "MaximumBebouwdOppervlak", Some("m2")),
    ("maximum vloeroppervlakte (m2)", "MaximumVloeroppervlak", Some("m2")),
    ("maximum inhoud (m3)", "MaximumInhoud", Some("m3")),
    ("maximum breedte (m)", "MaximumBreedte", Some("m")),
    ("maximum diepte (m)", "MaximumDiepte", Some("m")),
    ("maximum dakhelling (graden)", "MaximumDakhelling", Some("graden")),
    ("minimum dakhelling (graden)", "MinimumDakhelling", Some("graden")),
    ("maximum aantal geluidgevoelige objecten", "MaximumAantalGeluidgevoeligeObjecten", None),
];

/// IMOW eenheid concept → short unit.
pub const IMOW_EENHEDEN: &[(&str, &str)] = &[
    ("Meter", "m"),
    ("Centimeter", "cm"),
    ("Millimeter", "mm"),
    ("Kilometer", "km"),
    ("Procent", "%"),
    ("VierkanteMeter", "m2"),
    ("Vierkantemeter", "m2"),
    ("KubiekeMeter", "m3"),
    ("Kubiekemeter", "m3"),
    ("Graad", "graden"),
    ("Decibel", "dB"),
    ("DecibelA", "dB(A)"),
    ("Hectare", "ha"),
];

/// Maps an IMRO waardeType. Unknown types keep their original name; a unit in parentheses is still recognised.
pub fn imro_waardetype(waarde_type: &str) -> (String, Option<String>) {
    let key = waarde_type.trim().to_lowercase();
    if let Some((_, t, e)) = IMRO_WAARDETYPES.iter().find(|(k, _, _)| *k == key) {
        return (t.to_string(), e.map(str::to_string));
    }
    let eenheid = key
        .rsplit_once('(')
        .and_then(|(_, rest)| rest.strip_suffix(')'))
        .map(|u| u.trim().to_string())
        .filter(|u| !u.is_empty());
    (waarde_type.trim().to_string(), eenheid)
}

/// Maps an IMOW eenheid URI/name to a short unit (unknown: the concept name).
pub fn imow_eenheid(uri: &str) -> String {
    let name = last_segment(uri);
    IMOW_EENHEDEN.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string()).unwrap_or_else(|| name.to_string())
}

/// Dutch phrase for a norm type, for sentences and labels (`MaximumBouwhoogte` → `maximale bouwhoogte`).
pub fn label(type_: &str) -> String {
    let known = [
        ("MaximumBouwhoogte", "maximale bouwhoogte"),
        ("MinimumBouwhoogte", "minimale bouwhoogte"),
        ("MaximumGoothoogte", "maximale goothoogte"),
        ("MinimumGoothoogte", "minimale goothoogte"),
        ("MaximumBebouwingspercentage", "maximaal bebouwingspercentage"),
        ("MaximumAantalBouwlagen", "maximaal aantal bouwlagen"),
        ("MaximumAantalWooneenheden", "maximaal aantal woningen"),
        ("MaximumBebouwdOppervlak", "maximaal bebouwd oppervlak"),
        ("MaximumInhoud", "maximale inhoud"),
        ("MaximumDakhelling", "maximale dakhelling"),
    ];
    if let Some((_, l)) = known.iter().find(|(k, _)| *k == type_) {
        return l.to_string();
    }
    in_woorden(type_)
}

/// A CamelCase concept name as lower-case words (`BoomOfStruikKappen` → `boom of struik kappen`); text that already
/// has spaces stays as it is.
pub fn in_woorden(naam: &str) -> String {
    if naam.contains(' ') {
        return naam.to_string();
    }
    let mut out = String::new();
    for (i, ch) in naam.chars().enumerate() {
        if ch.is_uppercase() && i > 0 {
            out.push(' ');
        }
        out.extend(ch.to_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imro_waardetypes_map_onto_imow_type_names_with_units() {
        assert_eq!(imro_waardetype("maximum bouwhoogte (m)"), ("MaximumBouwhoogte".into(), Some("m".into())));
        assert_eq!(imro_waardetype("Maximum Goothoogte (m) "), ("MaximumGoothoogte".into(), Some("m".into())));
        assert_eq!(
            imro_waardetype("maximum bebouwingspercentage (%)"),
            ("MaximumBebouwingspercentage".into(), Some("%".into()))
        );
        assert_eq!(imro_waardetype("maximum aantal bouwlagen"), ("MaximumAantalBouwlagen".into(), None));
    }

    #[test]
    fn a_camel_case_concept_reads_as_words_and_a_sentence_stays_as_it_is() {
        assert_eq!(in_woorden("BoomOfStruikKappenOfSnoeien"), "boom of struik kappen of snoeien");
        assert_eq!(in_woorden("Dakkapel plaatsen"), "Dakkapel plaatsen");
    }

    #[test]
    fn an_unknown_waardetype_keeps_its_name_and_unit() {
        assert_eq!(imro_waardetype("maximum kapbreedte (m)"), ("maximum kapbreedte (m)".into(), Some("m".into())));
    }

    #[test]
    fn imow_units_are_shortened() {
        assert_eq!(imow_eenheid("http://standaarden.omgevingswet.overheid.nl/eenheid/id/concept/Meter"), "m");
        assert_eq!(imow_eenheid("Procent"), "%");
        assert_eq!(label("MaximumBouwhoogte"), "maximale bouwhoogte");
        assert_eq!(label("MaximumKapBreedte"), "maximum kap breedte");
    }
}
