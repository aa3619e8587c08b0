//! The groups people and desks sort activities into — bouwen, kappen, milieu (also called bedrijf), uitrit,
//! evenement — by the words in an activity's name or identificatie: teams say what they handle with them, and
//! subscribers filter messages by them.

/// Words in activity names per group.
pub const GROEPEN: &[(&str, &[&str])] = &[
    (
        "bouwen",
        &[
            "bouw",
            "dakkapel",
            "dakopbouw",
            "erfafscheiding",
            "schutting",
            "gebouw",
            "sloop",
            "slopen",
            "monument",
            "gevel",
            "kozijn",
            "schuur",
            "carport",
            "veranda",
            "overkapping",
            "zonnepaneel",
            "zonnecollector",
        ],
    ),
    ("kappen", &["kappen", "boom", "bomen", "houtopstand", "vellen"]),
    (
        "milieu",
        &["milieu", "bedrijf", "geluid", "lozen", "lozing", "opslag", "horeca", "bodem", "emissie", "afval", "tank"],
    ),
    (
        "bedrijf",
        &["milieu", "bedrijf", "geluid", "lozen", "lozing", "opslag", "horeca", "bodem", "emissie", "afval", "tank"],
    ),
    ("uitrit", &["uitrit", "inrit"]),
    ("evenement", &["evenement", "festival"]),
];

/// Whether `groep` is one of the groups.
pub fn bekend(groep: &str) -> bool {
    GROEPEN.iter().any(|(g, _)| *g == groep)
}

/// Whether an activity (its name or identificatie) belongs to `groep`.
pub fn hoort_bij(groep: &str, activiteit: &str) -> bool {
    let a = activiteit.to_lowercase();
    GROEPEN.iter().find(|(g, _)| *g == groep).is_some_and(|(_, woorden)| woorden.iter().any(|w| a.contains(w)))
}

/// The groups of these activities, sorted, each once; `overig` for an activity in none.
pub fn groepen(activiteiten: &[String]) -> Vec<String> {
    let mut uit: Vec<String> = Vec::new();
    for a in activiteiten {
        let van: Vec<&str> = GROEPEN.iter().map(|(g, _)| *g).filter(|g| hoort_bij(g, a)).collect();
        if van.is_empty() {
            uit.push("overig".into());
        }
        uit.extend(van.into_iter().map(str::to_string));
    }
    uit.sort();
    uit.dedup();
    uit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn activities_fall_into_the_groups_people_filter_on() {
        assert!(hoort_bij("kappen", "Kappen van een boom"));
        assert!(hoort_bij("uitrit", "Aanleggen van een uitrit"));
        assert!(hoort_bij("bouwen", "Bouwen van een bijbehorend bouwwerk"));
        assert!(!bekend("sport"));
        let twee = vec!["Kappen van een boom".to_string(), "Bouwen van een dakkapel".to_string()];
        assert_eq!(groepen(&twee), ["bouwen", "kappen"]);
        assert_eq!(groepen(&["Milieubelastende activiteit".to_string()]), ["bedrijf", "milieu"]);
        assert_eq!(groepen(&["Iets anders".to_string()]), ["overig"]);
    }
}
