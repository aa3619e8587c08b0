//! How dates read for people, in Dutch ("9 januari 2027") and English ("9 January 2027"): the one formatter that
//! pages and PDFs share; numbers without machine noise ("3", not "3.0"; "2,5" in Dutch); and activities named in one phrase ("kappen van een boom en bouwen van een dakkapel").

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

/// A number as people write it: no trailing ".0", at most two decimals, a decimal comma in Dutch ("2,5") and a
/// point in English ("2.5"), thousands grouped ("12.500" / "12,500").
pub fn getal(v: f64, engels: bool) -> String {
    if !v.is_finite() {
        return String::new();
    }
    let afgerond = (v * 100.0).round() / 100.0;
    let teken = if afgerond < 0.0 { "-" } else { "" };
    let heel = afgerond.abs().trunc() as u64;
    let honderdsten = ((afgerond.abs() - afgerond.abs().trunc()) * 100.0).round() as u64;
    let (duizend, komma) = if engels { (',', '.') } else { ('.', ',') };
    let cijfers = heel.to_string();
    let mut groepen = String::new();
    for (i, c) in cijfers.chars().enumerate() {
        if i > 0 && (cijfers.len() - i).is_multiple_of(3) {
            groepen.push(duizend);
        }
        groepen.push(c);
    }
    match honderdsten {
        0 => format!("{teken}{groepen}"),
        h if h.is_multiple_of(10) => format!("{teken}{groepen}{komma}{}", h / 10),
        h => format!("{teken}{groepen}{komma}{h:02}"),
    }
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

    #[test]
    fn numbers_read_without_machine_noise_in_either_language() {
        assert_eq!(super::getal(3.0, false), "3");
        assert_eq!(super::getal(80.0, false), "80");
        assert_eq!(super::getal(2.5, false), "2,5");
        assert_eq!(super::getal(2.5, true), "2.5");
        assert_eq!(super::getal(0.05, false), "0,05");
        assert_eq!(super::getal(12500.0, false), "12.500");
        assert_eq!(super::getal(1234567.891, true), "1,234,567.89");
        assert_eq!(super::getal(-4.0, false), "-4");
        assert_eq!(super::getal(f64::NAN, false), "");
    }
}
