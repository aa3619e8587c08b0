//! The catalog: all imported models and activities, indexed by IMOW activity id; cheap to clone and share.

use crate::activiteit::Activiteit;
use crate::model::{Model, Typering};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

#[derive(Debug, Clone, Default)]
struct Links {
    /// (model index, decision index) of the Conclusie decision.
    conclusie: Option<(usize, usize)>,
    /// (toestemming, model, decision) of Indieningsvereisten decisions.
    indieningsvereisten: Vec<(Option<String>, usize, usize)>,
}

/// The activities and links are looked up by id on every step: hashed, one probe into memory, where an ordered map
/// compares the id with a string on every node it passes (each a cache miss when tens of thousands are loaded).
#[derive(Debug, Clone, Default)]
struct Inner {
    models: Vec<Arc<Model>>,
    activiteiten: HashMap<String, Activiteit>,
    links: HashMap<String, Links>,
    /// Built on first use after the last addition (adding resets it).
    afgeleid: OnceLock<Afgeleid>,
}

/// What the catalogue derives once from its activities, so that a search or a step never walks all of them.
#[derive(Debug, Clone, Default)]
struct Afgeleid {
    /// Every activity as [`Catalog::activiteiten`] lists it: checkable first, then by name (then id).
    lijst: Vec<ActiviteitInfo>,
    /// Per entry of `lijst`: its name and werkzaamheden in lower case, what [`Catalog::zoek`] matches words in.
    zoektekst: Vec<String>,
    /// Activity id → index in `lijst`.
    per_id: HashMap<String, usize>,
    // Indexes in `lijst` order of checkable activities with activity data, for suggestions ("related activities"):
    per_werkzaamheid: HashMap<String, Vec<usize>>,
    per_groep: HashMap<String, Vec<usize>>,
    /// By bovenliggende activiteit.
    kinderen: HashMap<String, Vec<usize>>,
    /// Model key (the definitions id, else the file name: what question ids start with) → models, in order.
    per_modelsleutel: HashMap<String, Vec<usize>>,
    /// Reusable question id (`herbruikbaar:…`) → the models that ask it, in order.
    herbruikbaar: HashMap<String, Vec<usize>>,
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
        inner.afgeleid = OnceLock::new();
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
        inner.afgeleid = OnceLock::new();
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
    /// the check elsewhere, such as a measure into a drawn plan. The first model (in the order added) that asks it.
    pub fn vraag_tekst(&self, id: &str) -> Option<(&str, Option<&str>)> {
        let af = self.afgeleid();
        // a question id starts with its model's key (see `vraag::build`); reusable questions are indexed by id
        let modellen = match id.rsplit_once('#') {
            Some((sleutel, _)) if !id.starts_with("herbruikbaar:") => af.per_modelsleutel.get(sleutel),
            _ => af.herbruikbaar.get(id),
        };
        modellen
            .into_iter()
            .flatten()
            .flat_map(|&m| self.inner.models[m].vragen.iter())
            .find(|v| v.id == id)
            .map(|v| (v.tekst.as_str(), v.eenheid.as_deref()))
    }

    pub fn activiteit(&self, id: &str) -> Option<&Activiteit> {
        self.inner.activiteiten.get(id)
    }

    /// Every known activity (from models or activity files), checkable ones first, then by name.
    pub fn activiteiten(&self) -> &[ActiviteitInfo] {
        &self.afgeleid().lijst
    }

    /// One activity as [`Catalog::activiteiten`] lists it.
    pub fn activiteit_info(&self, id: &str) -> Option<&ActiviteitInfo> {
        let a = self.afgeleid();
        a.per_id.get(id).map(|&i| &a.lijst[i])
    }

    /// The checkable activities whose name or werkzaamheden contain every word of `zoek` (any case), in the order of
    /// [`Catalog::activiteiten`]; an empty `zoek` gives them all.
    pub fn zoek(&self, zoek: &str) -> Vec<&ActiviteitInfo> {
        let woorden: Vec<String> = zoek.split_whitespace().map(str::to_lowercase).collect();
        let a = self.afgeleid();
        a.lijst
            .iter()
            .zip(&a.zoektekst)
            .take_while(|(info, _)| info.checkbaar)
            .filter(|(_, tekst)| woorden.iter().all(|w| tekst.contains(w.as_str())))
            .map(|(info, _)| info)
            .collect()
    }

    fn afgeleid(&self) -> &Afgeleid {
        self.inner.afgeleid.get_or_init(|| self.leid_af())
    }

    fn leid_af(&self) -> Afgeleid {
        let mut ids: Vec<&String> = self.inner.links.keys().chain(self.inner.activiteiten.keys()).collect();
        ids.sort();
        ids.dedup();
        let mut lijst: Vec<ActiviteitInfo> = ids
            .into_iter()
            .map(|id| {
                let a = self.inner.activiteiten.get(id);
                let links = self.inner.links.get(id);
                ActiviteitInfo {
                    id: id.clone(),
                    naam: self.naam_uit_bronnen(id),
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
        lijst.sort_by(|a, b| b.checkbaar.cmp(&a.checkbaar).then_with(|| a.naam.cmp(&b.naam)));
        let mut af = Afgeleid::default();
        for (i, info) in lijst.iter().enumerate() {
            af.zoektekst.push(format!("{} {}", info.naam, info.werkzaamheden.join(" ")).to_lowercase());
            af.per_id.insert(info.id.clone(), i);
            let Some(a) = self.inner.activiteiten.get(&info.id).filter(|_| info.checkbaar) else { continue };
            for w in &a.werkzaamheden {
                af.per_werkzaamheid.entry(w.clone()).or_default().push(i);
            }
            if let Some(g) = &a.groep {
                af.per_groep.entry(g.clone()).or_default().push(i);
            }
            if let Some(b) = &a.bovenliggende {
                af.kinderen.entry(b.clone()).or_default().push(i);
            }
        }
        af.lijst = lijst;
        for (mi, m) in self.inner.models.iter().enumerate() {
            let sleutel = if m.id.is_empty() { &m.bestand } else { &m.id };
            af.per_modelsleutel.entry(sleutel.clone()).or_default().push(mi);
            for v in m.vragen.iter().filter(|v| v.id.starts_with("herbruikbaar:")) {
                let modellen = af.herbruikbaar.entry(v.id.clone()).or_default();
                if modellen.last() != Some(&mi) {
                    modellen.push(mi);
                }
            }
        }
        af
    }

    /// Up to `max` checkable activities related to the chosen ones, most related first, then by name: those sharing a
    /// werkzaamheid, then parent and children, then the same groep, then siblings under the same parent (what
    /// `check::reden` words). Only activities with activity data take part, as only they say how they relate.
    pub(crate) fn verwante(&self, gekozen: &[String], max: usize) -> Vec<&str> {
        let af = self.afgeleid();
        fn lijst_van<'a>(m: &'a HashMap<String, Vec<usize>>, k: &str) -> &'a [usize] {
            m.get(k).map_or(&[], |v| v.as_slice())
        }
        let mut uit: Vec<usize> = Vec::new();
        for rang in 0..4 {
            let mut lijsten: Vec<&[usize]> = Vec::new();
            let mut ouders: Vec<usize> = Vec::new();
            for ga in gekozen.iter().filter_map(|g| self.inner.activiteiten.get(g)) {
                match rang {
                    0 => lijsten.extend(ga.werkzaamheden.iter().map(|w| lijst_van(&af.per_werkzaamheid, w))),
                    1 => {
                        lijsten.push(lijst_van(&af.kinderen, &ga.id));
                        let ouder = ga.bovenliggende.as_deref().and_then(|b| af.per_id.get(b).copied());
                        ouders.extend(ouder.filter(|&i| {
                            af.lijst[i].checkbaar && self.inner.activiteiten.contains_key(&af.lijst[i].id)
                        }));
                    }
                    2 => lijsten.extend(ga.groep.as_deref().map(|g| lijst_van(&af.per_groep, g))),
                    _ => lijsten.extend(ga.bovenliggende.as_deref().map(|b| lijst_van(&af.kinderen, b))),
                }
            }
            lijsten.push(&ouders);
            let vrij = |i: &&usize| !uit.contains(i) && !gekozen.contains(&af.lijst[**i].id);
            // each list is in name order: the first `max` free ones of every list hold the first `max` of all
            let mut nieuw: Vec<usize> = lijsten.iter().flat_map(|l| l.iter().filter(vrij).take(max)).copied().collect();
            nieuw.sort_unstable();
            nieuw.dedup();
            let ruimte = max.saturating_sub(uit.len());
            uit.extend(nieuw.into_iter().take(ruimte));
            if uit.len() >= max {
                break;
            }
        }
        uit.into_iter().map(|i| af.lijst[i].id.as_str()).collect()
    }

    /// Name of an activity: from the activity data, else from its Conclusie model, else its id.
    pub fn naam(&self, id: &str) -> String {
        self.activiteit_info(id).map_or_else(|| id.to_string(), |a| a.naam.clone())
    }

    /// [`Catalog::naam`] from the sources, for the derived list.
    fn naam_uit_bronnen(&self, id: &str) -> String {
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
