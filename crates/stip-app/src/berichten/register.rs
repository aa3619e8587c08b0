//! The live subscriptions in memory: the spatial index of their areas, and who follows which municipality and which
//! case — what a happening is matched against, without a database query per happening.

use geo_types::Geometry;
use std::collections::HashMap;
use stip_berichten::{AbonnementIndex, Frequentie, Gebied, Kanaal, Soort};
use stip_store::{Abonnement, AbonnementId};
use uuid::Uuid;

/// What matching and addressing need of a live subscription, kept small (ten million fit beside the index); the
/// rest (its key, description, webhook) is read from the store when a message is delivered.
#[derive(Debug, Clone, PartialEq)]
pub struct Volger {
    pub id: AbonnementId,
    pub gebruiker: Option<Uuid>,
    pub email: Option<Box<str>>,
    pub kanaal: Kanaal,
    pub frequentie: Frequentie,
    pub gemeente: Option<Box<str>>,
    pub zaak: Option<Uuid>,
    /// Empty: the area's news (or every public step of a followed case).
    pub soorten: Box<[Soort]>,
    /// Empty: every group.
    pub activiteitgroepen: Box<[Box<str>]>,
    /// Its last change, to recognise a change that was applied already.
    pub gewijzigd: time::OffsetDateTime,
}

impl Volger {
    fn van(a: &Abonnement) -> Volger {
        Volger {
            id: a.id,
            gebruiker: a.gebruiker,
            email: a.email.as_deref().map(Box::from),
            kanaal: a.kanaal,
            frequentie: a.frequentie,
            gemeente: a.gemeente.as_deref().map(Box::from),
            zaak: a.zaak_id.map(|z| z.0),
            soorten: a.soorten.iter().filter_map(|s| Soort::parse(s)).collect(),
            activiteitgroepen: a.activiteitgroepen.iter().map(|g| Box::from(g.as_str())).collect(),
            gewijzigd: a.gewijzigd,
        }
    }
}

#[derive(Debug, Default)]
pub struct Register {
    index: AbonnementIndex,
    per_gemeente: HashMap<Box<str>, Vec<Uuid>>,
    per_zaak: HashMap<Uuid, Vec<Uuid>>,
    volgers: HashMap<Uuid, Volger>,
}

fn gebied(a: &Abonnement) -> Option<Gebied> {
    let g = a.gebied.as_ref()?;
    match serde_json::from_value(g.clone()) {
        Ok(g) => Some(g),
        Err(e) => {
            tracing::error!(abonnement = %a.id, error = %e, "a stored subscription area cannot be read; it is skipped");
            None
        }
    }
}

impl Register {
    /// All live subscriptions at once.
    pub fn bouw(lijst: Vec<Abonnement>) -> Register {
        let mut r = Register::default();
        let mut gebieden = Vec::new();
        for a in lijst.iter().filter(|a| a.actief()) {
            if let Some(g) = gebied(a) {
                gebieden.push((a.id.0, g));
            }
            r.erbij(Volger::van(a));
        }
        r.index = AbonnementIndex::bouw(gebieden);
        r
    }

    fn erbij(&mut self, v: Volger) {
        if let Some(g) = &v.gemeente {
            self.per_gemeente.entry(g.clone()).or_default().push(v.id.0);
        }
        if let Some(z) = v.zaak {
            self.per_zaak.entry(z).or_default().push(v.id.0);
        }
        self.volgers.insert(v.id.0, v);
    }

    /// Adds (or replaces) a subscription; one that is not live is removed. A change applied before is left alone, so
    /// reading changes again costs the index nothing.
    pub fn zet(&mut self, a: Abonnement) {
        if a.actief() && self.volgers.get(&a.id.0).is_some_and(|v| v.gewijzigd == a.gewijzigd) {
            return;
        }
        self.verwijder(a.id.0);
        if !a.actief() {
            return;
        }
        if let Some(g) = gebied(&a) {
            self.index.voeg_toe(a.id.0, g);
        }
        self.erbij(Volger::van(&a));
    }

    pub fn verwijder(&mut self, id: Uuid) {
        let Some(a) = self.volgers.remove(&id) else { return };
        self.index.verwijder(id);
        if let Some(g) = &a.gemeente
            && let Some(v) = self.per_gemeente.get_mut(g)
        {
            v.retain(|x| *x != id);
        }
        if let Some(z) = a.zaak
            && let Some(v) = self.per_zaak.get_mut(&z)
        {
            v.retain(|x| *x != id);
        }
    }

    pub fn len(&self) -> usize {
        self.volgers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.volgers.is_empty()
    }

    /// Every live subscription whose area meets `geometrie`, that follows `gemeente` or follows `zaak`; each once,
    /// in a stable order.
    pub fn treffers(
        &self,
        geometrie: Option<&Geometry<f64>>,
        gemeente: Option<&str>,
        zaak: Option<Uuid>,
    ) -> Vec<Volger> {
        let mut ids: Vec<Uuid> = geometrie.map(|g| self.index.treffers(g)).unwrap_or_default();
        if let Some(g) = gemeente.and_then(|g| self.per_gemeente.get(g)) {
            ids.extend(g);
        }
        if let Some(z) = zaak.and_then(|z| self.per_zaak.get(&z)) {
            ids.extend(z);
        }
        ids.sort();
        ids.dedup();
        ids.iter().filter_map(|id| self.volgers.get(id).cloned()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use stip_store::ZaakId;

    fn abonnement(gebied: Option<serde_json::Value>, gemeente: Option<&str>, zaak: Option<Uuid>) -> Abonnement {
        Abonnement {
            id: AbonnementId(Uuid::now_v7()),
            gebruiker: None,
            email: Some("buur@example.nl".into()),
            bevestigd: true,
            sleutel: "s".into(),
            omschrijving: "x".into(),
            gebied,
            gemeente: gemeente.map(str::to_string),
            zaak_id: zaak.map(ZaakId),
            soorten: vec![],
            activiteitgroepen: vec![],
            kanaal: Kanaal::Email,
            frequentie: Frequentie::Direct,
            webhook_url: None,
            webhook_geheim: None,
            aangemaakt: time::OffsetDateTime::UNIX_EPOCH,
            opgezegd: None,
            gewijzigd: time::OffsetDateTime::UNIX_EPOCH,
        }
    }

    fn cirkel(x: f64, meter: f64) -> Option<serde_json::Value> {
        Some(serde_json::json!({ "Straal": { "midden": { "x": x, "y": 463_000.0 }, "meter": meter } }))
    }

    #[test]
    fn a_happening_reaches_the_areas_it_meets_its_municipality_and_its_case_each_once_and_no_cancelled_one() {
        let zaak = Uuid::now_v7();
        let dichtbij = abonnement(cirkel(155_100.0, 200.0), None, None);
        let ver = abonnement(cirkel(160_000.0, 200.0), None, None);
        let gemeente = abonnement(None, Some("gm9999"), None);
        let volger = abonnement(None, None, Some(zaak));
        let onbevestigd = Abonnement { bevestigd: false, ..abonnement(cirkel(155_000.0, 500.0), None, None) };
        let mut r = Register::bouw(vec![dichtbij.clone(), ver.clone(), gemeente.clone(), volger.clone(), onbevestigd]);
        assert_eq!(r.len(), 4, "an unconfirmed subscription is not live");
        let plek = Geometry::Point(geo_types::Point::new(155_000.0, 463_000.0));
        let ids = |t: Vec<Volger>| t.iter().map(|a| a.id).collect::<Vec<_>>();
        let mut verwacht = vec![dichtbij.id, gemeente.id, volger.id];
        verwacht.sort();
        assert_eq!(ids(r.treffers(Some(&plek), Some("gm9999"), Some(zaak))), verwacht);
        assert_eq!(ids(r.treffers(Some(&plek), Some("gm0001"), None)), [dichtbij.id]);

        r.verwijder(dichtbij.id.0);
        r.verwijder(gemeente.id.0);
        assert!(r.treffers(Some(&plek), Some("gm9999"), None).is_empty(), "cancelled ones are gone");
        let nieuw = abonnement(cirkel(155_000.0, 25.0), None, None);
        r.zet(nieuw.clone());
        assert_eq!(r.treffers(Some(&plek), None, None).len(), 1, "a new one matches at once");
        let delta = r.index.delta_len();
        r.zet(nieuw.clone());
        assert_eq!(r.index.delta_len(), delta, "the same change again leaves the index alone");
        r.zet(Abonnement { opgezegd: Some(time::OffsetDateTime::UNIX_EPOCH), ..nieuw });
        assert!(r.treffers(Some(&plek), None, None).is_empty(), "its cancellation is a change");
    }
}
