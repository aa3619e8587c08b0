//! A public happening as a CloudEvent 1.0 in structured JSON, after the NL GOV profile for CloudEvents: `id` (the
//! melding's, stable across redeliveries, so receivers deduplicate by it), `source` (a URN of the authority or
//! service), `type` (reverse DNS: `nl.stip.zaak.besluit-bekendgemaakt`), `subject`, `time`, `datacontenttype`,
//! `dataref` (the public API resource) and `data` — the public projection only.

use crate::abonnement::Soort;
use crate::melding::OpenbareMelding;
use serde::Serialize;
use uuid::Uuid;

/// The content type of a structured CloudEvent.
pub const MEDIATYPE: &str = "application/cloudevents+json";

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CloudEvent<'a> {
    pub specversion: &'static str,
    pub id: Uuid,
    pub source: &'a str,
    #[serde(rename = "type")]
    pub type_: String,
    pub subject: String,
    #[serde(with = "time::serde::rfc3339")]
    pub time: time::OffsetDateTime,
    pub datacontenttype: &'static str,
    pub dataref: String,
    pub data: &'a OpenbareMelding,
}

/// The event type of a kind of happening.
pub fn type_van(soort: Soort) -> String {
    match soort {
        Soort::PlanGewijzigd => "nl.stip.plan.gewijzigd".into(),
        Soort::InitiatiefGeopend => "nl.stip.initiatief.geopend".into(),
        s => format!("nl.stip.zaak.{}", s.as_str()),
    }
}

/// The CloudEvent for melding `id`, from `source`, whose public resource is `dataref`.
pub fn van_melding<'a>(id: Uuid, source: &'a str, melding: &'a OpenbareMelding, dataref: String) -> CloudEvent<'a> {
    CloudEvent {
        specversion: "1.0",
        id,
        source,
        type_: type_van(melding.soort),
        subject: melding.zaaknummer.clone().unwrap_or_else(|| id.to_string()),
        time: melding.op,
        datacontenttype: "application/json",
        dataref,
        data: melding,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn a_decision_becomes_a_cloudevent_with_a_reverse_dns_type_and_the_public_resource() {
        let m = OpenbareMelding {
            soort: Soort::BesluitBekendgemaakt,
            titel: "Besluit bekendgemaakt".into(),
            tekst: "…".into(),
            plaats: Some("Dorpsstraat 12".into()),
            gemeente: None,
            bevoegd_gezag: Some("gm9999".into()),
            activiteiten: vec![],
            activiteitgroepen: vec![],
            zaaknummer: Some("Z-2026-000001".into()),
            geometrie: None,
            op: datetime!(2026-12-02 10:00 UTC),
            wijziging: None,
        };
        let id = Uuid::nil();
        let e = van_melding(id, "urn:nld:stip:gm9999", &m, "https://stip.example/api/v1/meldingen/x".into());
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["specversion"], "1.0");
        assert_eq!(json["type"], "nl.stip.zaak.besluit-bekendgemaakt");
        assert_eq!(json["subject"], "Z-2026-000001");
        assert_eq!(json["time"], "2026-12-02T10:00:00Z");
        assert_eq!(json["data"]["plaats"], "Dorpsstraat 12");
        assert_eq!(type_van(Soort::PlanGewijzigd), "nl.stip.plan.gewijzigd");
    }
}
