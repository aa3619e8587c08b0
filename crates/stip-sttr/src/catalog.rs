//! The catalog: all imported models and activities, indexed by IMOW activity id; cheap to clone and share.

use crate::activiteit::Activiteit;
use crate::model::{Model, Typering};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(Debug, Clone, Default)]
struct Links {
    /// (model index, decision index) of the Conclusie decision.
    conclusie: Option<(usize, usize)>,
    /// (toestemming, model, decision) of Indieningsvereisten decisions.
    indieningsvereisten: Vec<(Option<String>, usize, usize)>,
}

#[derive(Debug, Clone, Default)]
struct Inner {
    models: Vec<Arc<Model>>,
    activiteiten: BTreeMap<String, Activiteit>,
    links: BTreeMap<String, Links>,
}

/// All imported STTR models and activities. Cloning shares the data (`Arc`); adding copies the
/// index once (copy on write), never the models. `Send + Sync`.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    inner: Arc<Inner>,
}

/// One activity as listed for people choosing what to check.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActiviteitInfo {
    pub id: String,
    pub naam: String,
    /// A Conclusie model exists: the activity can be checked.
    pub checkbaar: bool,
    /// Toestemmingen (Vergunning, Melding, …) for which Indieningsvereisten exist.
    pub indieningsvereisten: Vec<String>,
    pub werkzaamheden: Vec<String>,
    pub groep: Option<String>,
}

impl Catalog {
    /// Adds models; a later Conclusie for the same activity replaces the earlier one.
    pub fn add_models(&mut self, models: impl IntoIterator<Item = Model>) {
        let inner = Arc::make_mut(&mut self.inner);
        for m in models {
            let mi = inner.models.len();
            for (di, k) in m.koppelingen() {
                let links = inner.links.entry(k.activiteit.clone()).or_default();
                match &k.typering {
                    Typering::Conclusie => links.conclusie = Some((mi, di)),
                    Typering::Indieningsvereisten { toestemming } => {
                        links.indieningsvereisten.retain(|(t, _, _)| t != toestemming);
                        links.indieningsvereisten.push((toestemming.clone(), mi, di));
                    }
                    _ => {}
                }
            }
            inner.models.push(Arc::new(m));
        }
    }

    /// Adds or completes activities (merged by id).
    pub fn add_activiteiten(&mut self, activiteiten: impl IntoIterator<Item = Activiteit>) {
        let inner = Arc::make_mut(&mut self.inner);
        for a in activiteiten {
            match inner.activiteiten.get_mut(&a.id) {
                Some(existing) => existing.merge(a),
                None => {
                    inner.activiteiten.insert(a.id.clone(), a);
                }
            }
        }
    }

    pub fn models(&self) -> &[Arc<Model>] {
        &self.inner.models
    }

    /// A question's text and unit by its id (`<model>#<input>`, as the check asks it): to carry an answer given in
    /// the check elsewhere, such as a measure into a drawn plan.
    pub fn vraag_tekst(&self, id: &str) -> Option<(&str, Option<&str>)> {
        self.inner
            .models
            .iter()
            .flat_map(|m| m.vragen.iter())
            .find(|v| v.id == id)
            .map(|v| (v.tekst.as_str(), v.eenheid.as_deref()))
    }

    pub fn activiteit(&self, id: &str) -> Option<&Activiteit> {
        self.inner.activiteiten.get(id)
    }

    /// Every known activity (from models or activity files), checkable ones first, then by name.
    pub fn activiteiten(&self) -> Vec<ActiviteitInfo> {
        let mut ids: Vec<&String> = self.inner.links.keys().chain(self.inner.activiteiten.keys()).collect();
        ids.sort();
        ids.dedup();
        let mut out: Vec<ActiviteitInfo> = ids
            .into_iter()
            .map(|id| {
                let a = self.inner.activiteiten.get(id);
                let links = self.inner.links.get(id);
                ActiviteitInfo {
                    id: id.clone(),
                    naam: self.naam(id),
                    checkbaar: links.is_some_and(|l| l.conclusie.is_some()),
                    indieningsvereisten: links
                        .map(|l| {
                            l.indieningsvereisten
                                .iter()
                                .map(|(t, _, _)| t.clone().unwrap_or_else(|| "Onbekend".into()))
                                .collect()
                        })
                        .unwrap_or_default(),
                    werkzaamheden: a.map(|a| a.werkzaamheden.clone()).unwrap_or_default(),
                    groep: a.and_then(|a| a.groep.clone()),
                }
            })
            .collect();
        out.sort_by(|a, b| b.checkbaar.cmp(&a.checkbaar).then_with(|| a.naam.cmp(&b.naam)));
        out
    }

    /// Name of an activity: from the activity data, else from its Conclusie model, else its id.
    pub fn naam(&self, id: &str) -> String {
        if let Some(n) = self.inner.activiteiten.get(id).and_then(|a| a.naam.clone()) {
            return n;
        }
        let links = self.inner.links.get(id);
        let model = links
            .and_then(|l| l.conclusie.map(|(m, _)| m).or_else(|| l.indieningsvereisten.first().map(|x| x.1)))
            .map(|m| &self.inner.models[m]);
        model.map_or_else(|| id.to_string(), |m| m.activiteit_naam())
    }

    pub(crate) fn conclusie(&self, id: &str) -> Option<(&Arc<Model>, usize)> {
        let (m, d) = self.inner.links.get(id)?.conclusie?;
        Some((&self.inner.models[m], d))
    }

    pub(crate) fn indieningsvereisten(&self, id: &str, toestemming: &str) -> Option<(&Arc<Model>, usize)> {
        let l = self.inner.links.get(id)?;
        let (_, m, d) = l
            .indieningsvereisten
            .iter()
            .find(|(t, _, _)| t.as_deref() == Some(toestemming))
            .or_else(|| l.indieningsvereisten.iter().find(|(t, _, _)| t.is_none()))?;
        Some((&self.inner.models[*m], *d))
    }

    pub(crate) fn checkbare_ids(&self) -> impl Iterator<Item = &String> {
        self.inner.links.iter().filter(|(_, l)| l.conclusie.is_some()).map(|(id, _)| id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync + Clone>() {}

    #[test]
    fn the_catalog_is_send_sync_and_clone() {
        assert_send_sync::<Catalog>();
    }
}
