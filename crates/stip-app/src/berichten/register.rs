//! The live subscriptions in memory: the spatial index of their areas, and who follows which municipality and which
//! case — what a happening is matched against, without a database query per happening.

use geo_types::Geometry;
use std::collections::HashMap;
use std::sync::Arc;
use stip_berichten::{AbonnementIndex, Gebied};
use stip_store::Abonnement;
use uuid::Uuid;

#[derive(Debug, Default)]
pub struct Register {
    index: AbonnementIndex,
    per_gemeente: HashMap<String, Vec<Uuid>>,
    per_zaak: HashMap<Uuid, Vec<Uuid>>,
    abonnementen: HashMap<Uuid, Arc<Abonnement>>,
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
        for a in lijst.into_iter().filter(Abonnement::actief) {
            if let Some(g) = gebied(&a) {
                gebieden.push((a.id.0, g));
            }
            r.sleutels_erbij(&a);
            r.abonnementen.insert(a.id.0, Arc::new(a));
        }
        r.index = AbonnementIndex::bouw(gebieden);
        r
    }

    fn sleutels_erbij(&mut self, a: &Abonnement) {
        if let Some(g) = &a.gemeente {
            self.per_gemeente.entry(g.clone()).or_default().push(a.id.0);
        }
        if let Some(z) = a.zaak_id {
            self.per_zaak.entry(z.0).or_default().push(a.id.0);
        }
    }

    /// Adds (or replaces) a subscription; one that is not live is removed.
    pub fn zet(&mut self, a: Abonnement) {
        self.verwijder(a.id.0);
        if !a.actief() {
            return;
        }
        if let Some(g) = gebied(&a) {
            self.index.voeg_toe(a.id.0, g);
        }
        self.sleutels_erbij(&a);
        self.abonnementen.insert(a.id.0, Arc::new(a));
    }

    pub fn verwijder(&mut self, id: Uuid) {
        let Some(a) = self.abonnementen.remove(&id) else { return };
        self.index.verwijder(id);
        if let Some(g) = &a.gemeente
            && let Some(v) = self.per_gemeente.get_mut(g)
        {
            v.retain(|x| *x != id);
        }
        if let Some(z) = a.zaak_id
            && let Some(v) = self.per_zaak.get_mut(&z.0)
        {
            v.retain(|x| *x != id);
        }
    }

    pub fn len(&self) -> usize {
        self.abonnementen.len()
    }

    pub fn is_empty(&self) -> bool {
        self.abonnementen.is_empty()
    }

    /// Every live subscription whose area meets `geometrie`, that follows `gemeente` or follows `zaak`; each once,
    /// in a stable order.
    pub fn treffers(
        &self,
        geometrie: Option<&Geometry<f64>>,
        gemeente: Option<&str>,
        zaak: Option<Uuid>,
    ) -> Vec<Arc<Abonnement>> {
        let mut ids: Vec<Uuid> = geometrie.map(|g| self.index.treffers(g)).unwrap_or_default();
        if let Some(g) = gemeente.and_then(|g| self.per_gemeente.get(g)) {
            ids.extend(g);
        }
        if let Some(z) = zaak.and_then(|z| self.per_zaak.get(&z)) {
            ids.extend(z);
        }
        ids.sort();
        ids.dedup();
        ids.iter().filter_map(|id| self.abonnementen.get(id).cloned()).collect()
    }
}
