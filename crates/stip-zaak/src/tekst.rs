//! How dates read for people, in Dutch ("9 januari 2027") and English ("9 January 2027"): the one formatter that
//! pages and PDFs share; and activities named in one phrase ("kappen van een boom en bouwen van een dakkapel").

use time::Date;

const NL: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];
const EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date as people write it, in Dutch or (with `engels`) English.
pub fn datum(d: Date, engels: bool) -> String {
    let maand = usize::from(u8::from(d.month())) - 1;
    let naam = if engels { EN[maand] } else { NL[maand] };
    format!("{} {naam} {}", d.day(), d.year())
}

/// The text with its first letter a capital: "in orde" → "In orde".
pub fn hoofdletter(s: &str) -> String {
    let mut tekens = s.chars();
    tekens.next().map(|c| c.to_uppercase().chain(tekens).collect()).unwrap_or_default()
}

/// A moment as Dutch people read it, in Dutch time: "15 december 2026 om 10:00 uur".
pub fn tijdstip(t: time::OffsetDateTime) -> String {
    let t = crate::tijd::nederlands(t);
    format!("{} om {:02}:{:02} uur", datum(t.date(), false), t.hour(), t.minute())
}

/// Activities as one Dutch phrase, lower case: "dakkapel plaatsen", "boom kappen en dakkapel plaatsen"; none is
/// "een activiteit".
pub fn activiteiten(namen: &[String]) -> String {
    let namen: Vec<String> = namen.iter().map(|a| a.trim().to_lowercase()).filter(|a| !a.is_empty()).collect();
    match namen.as_slice() {
        [] => "een activiteit".into(),
        [een] => een.clone(),
        [rest @ .., laatste] => format!("{} en {laatste}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    #[test]
    fn a_date_reads_as_people_write_it_in_either_language() {
        assert_eq!(super::datum(date!(2027 - 01 - 09), false), "9 januari 2027");
        assert_eq!(super::datum(date!(2027 - 01 - 09), true), "9 January 2027");
    }
}
