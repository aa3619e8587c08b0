//! A meeting invitation as an iCalendar object (RFC 5545, `METHOD:REQUEST` as iTIP, RFC 5546): one event with its
//! organiser and one attendee — each party gets an invitation naming only themselves, so no one learns another's
//! e-mail address. Text is escaped and lines are folded at 75 octets, as calendar programs expect.

use time::OffsetDateTime;

/// One meeting to invite someone to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uitnodiging<'a> {
    /// Stable per meeting, so that an updated invitation replaces the first in the calendar.
    pub uid: &'a str,
    pub begin: OffsetDateTime,
    pub eind: OffsetDateTime,
    /// When it was sent (DTSTAMP).
    pub gemaakt: OffsetDateTime,
    pub onderwerp: &'a str,
    pub beschrijving: &'a str,
    pub plaats: &'a str,
    /// The organiser: the municipality's name and address.
    pub organisator: (&'a str, &'a str),
    /// The one attendee this copy is for: name (may be empty) and address.
    pub deelnemer: (&'a str, &'a str),
}

/// The invitation as the text of a `text/calendar; method=REQUEST` attachment.
pub fn ics(u: &Uitnodiging<'_>) -> String {
    let mut regels = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".into(),
        "PRODID:-//stip//Omgevingswet//NL".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:REQUEST".into(),
        "BEGIN:VEVENT".into(),
        format!("UID:{}", tekst(u.uid)),
        format!("DTSTAMP:{}", utc(u.gemaakt)),
        "SEQUENCE:0".into(),
        format!("DTSTART:{}", utc(u.begin)),
        format!("DTEND:{}", utc(u.eind)),
        format!("SUMMARY:{}", tekst(u.onderwerp)),
        format!("DESCRIPTION:{}", tekst(u.beschrijving)),
        format!("LOCATION:{}", tekst(u.plaats)),
        format!("ORGANIZER;CN={}:mailto:{}", parameter(u.organisator.0), u.organisator.1),
        format!(
            "ATTENDEE;CN={};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:{}",
            parameter(if u.deelnemer.0.trim().is_empty() { u.deelnemer.1 } else { u.deelnemer.0 }),
            u.deelnemer.1
        ),
        "STATUS:CONFIRMED".into(),
        "TRANSP:OPAQUE".into(),
        "END:VEVENT".into(),
        "END:VCALENDAR".into(),
    ];
    let mut uit = String::new();
    for r in regels.drain(..) {
        uit.push_str(&vouw(&r));
        uit.push_str("\r\n");
    }
    uit
}

/// A moment in UTC, `20261215T090000Z`.
fn utc(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!("{:04}{:02}{:02}T{:02}{:02}{:02}Z", t.year(), t.month() as u8, t.day(), t.hour(), t.minute(), t.second())
}

/// A TEXT value escaped (RFC 5545 3.3.11).
fn tekst(s: &str) -> String {
    let mut uit = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => uit.push_str("\\\\"),
            ';' => uit.push_str("\\;"),
            ',' => uit.push_str("\\,"),
            '\n' => uit.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => uit.push(c),
        }
    }
    uit
}

/// A parameter value: quoted, without the characters a quoted value cannot hold (RFC 5545 3.1).
fn parameter(s: &str) -> String {
    let schoon: String = s.chars().filter(|c| *c != '"' && !c.is_control()).collect();
    format!("\"{schoon}\"")
}

/// Folds a content line after at most 75 octets, never inside a UTF-8 character (RFC 5545 3.1).
fn vouw(regel: &str) -> String {
    let mut uit = String::with_capacity(regel.len() + regel.len() / 70 * 3);
    let mut lengte = 0;
    for c in regel.chars() {
        let n = c.len_utf8();
        if lengte + n > 75 {
            uit.push_str("\r\n ");
            lengte = 1;
        }
        uit.push(c);
        lengte += n;
    }
    uit
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn uitnodiging<'a>(beschrijving: &'a str) -> Uitnodiging<'a> {
        Uitnodiging {
            uid: "bezwaar-1@stip",
            begin: datetime!(2026-12-15 10:00 +1),
            eind: datetime!(2026-12-15 11:00 +1),
            gemaakt: datetime!(2026-12-03 08:00 UTC),
            onderwerp: "Hoorzitting over bezwaar Z-2026-000001-B1",
            beschrijving,
            plaats: "Stadhuis, zaal 2; Markt 1",
            organisator: ("Gemeente Voorbeeldstad", "noreply@voorbeeldstad.example"),
            deelnemer: ("Şahin \"de buur\"", "buur@example.org"),
        }
    }

    #[test]
    fn an_invitation_is_one_event_in_utc_with_its_organiser_and_only_its_own_attendee() {
        let ics = ics(&uitnodiging("Neem uw stukken mee."));
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(ics.contains("METHOD:REQUEST\r\n"));
        assert!(ics.contains("DTSTART:20261215T090000Z\r\n"), "{ics}");
        assert!(ics.contains("DTEND:20261215T100000Z\r\n"));
        assert!(ics.contains("LOCATION:Stadhuis\\, zaal 2\\; Markt 1\r\n"));
        assert!(ics.contains("ATTENDEE;CN=\"Şahin de buur\";"), "quotes are removed from a parameter: {ics}");
        assert_eq!(ics.matches("ATTENDEE").count(), 1);
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
    }

    #[test]
    fn long_lines_are_folded_at_75_octets_without_splitting_a_character() {
        let lang = "Één lange beschrijving met accenten: ë ï ö ü é, en nog veel meer tekst. ".repeat(5);
        let ics = ics(&uitnodiging(&lang));
        for regel in ics.split("\r\n") {
            assert!(regel.len() <= 75, "{} octets: {regel}", regel.len());
        }
        let ontvouwen = ics.replace("\r\n ", "");
        assert!(ontvouwen.contains(&format!("DESCRIPTION:{}", tekst(&lang))));
    }
}
