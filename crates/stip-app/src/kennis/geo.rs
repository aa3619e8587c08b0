//! Location questions (`uitv:geoVerwijzing`) answered from the imported map: the area a question refers to is
//! looked up at the place of the check, so the user is only asked when the map cannot tell.
//!
//! A question names one or more IMOW identificaties. Each is matched against what applies at the point: a
//! gebied or other locatie (directly, or as a member of a gebiedengroep), a gebiedsaanwijzing, or an activiteit
//! (its ActiviteitLocatieaanduiding). Inside any of them: `Ja`. Outside all of them, while every one is known to
//! the imported plans: `Nee`. An identificatie that no imported plan holds, or no place: `Onbekend` (ask).

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;
use stip_geo::RdPoint;
use stip_regels::{Antwoord, RegelIndex};
use stip_sttr::{GeoAntwoord, GeoResolver, GeoVraag, Locatie};

/// The point last asked about (RD x, y) and what applies there.
type Hier = Option<((f64, f64), Rc<Antwoord>)>;

/// A [`GeoResolver`] backed by the map index. Made per check step: it remembers the answer at the point of the
/// last question, so several location questions cost one point query.
pub struct KaartResolver<'a> {
    regels: &'a RegelIndex,
    hier: RefCell<Hier>,
}

impl<'a> KaartResolver<'a> {
    pub fn new(regels: &'a RegelIndex) -> KaartResolver<'a> {
        KaartResolver { regels, hier: RefCell::new(None) }
    }

    /// What applies at `p`, asked once per point (the pre-fill of known facts reads it too).
    pub fn at(&self, p: RdPoint) -> Rc<Antwoord> {
        let key = (p.x(), p.y());
        if let Some((k, a)) = self.hier.borrow().as_ref()
            && *k == key
        {
            return a.clone();
        }
        let a = Rc::new(self.regels.at_point(p));
        *self.hier.borrow_mut() = Some((key, a.clone()));
        a
    }

    /// Whether the point lies in the thing named `id`; `None` when no imported plan knows `id`.
    fn ligt_in(&self, id: &str, hier: &Antwoord) -> Option<bool> {
        if hier.gebieden.iter().any(|g| g.locatie == id)
            || hier.gebiedsaanwijzingen.iter().any(|g| g.id == id)
            || hier.activiteiten.iter().any(|a| a.id == id)
        {
            return Some(true);
        }
        let mut bekend = false;
        for plan in self.regels.plannen() {
            if let Some(l) = plan.locaties.iter().find(|l| l.id == id) {
                bekend = true;
                if !l.leden.is_empty() {
                    let leden = leden(plan, id);
                    if hier.gebieden.iter().any(|g| g.plan == plan.id && leden.contains(g.locatie.as_str())) {
                        return Some(true);
                    }
                }
            }
            bekend |= plan.gebiedsaanwijzingen.iter().any(|g| g.id == id)
                || plan.juridische_regels.iter().any(|r| r.activiteiten.iter().any(|a| a.activiteit == id));
        }
        bekend.then_some(false)
    }
}

/// Every locatie in a group, through nested groups (each visited once).
fn leden<'p>(plan: &'p stip_regels::PlanVersie, groep: &str) -> BTreeSet<&'p str> {
    let mut out = BTreeSet::new();
    let mut stack = vec![groep];
    while let Some(id) = stack.pop() {
        let Some(l) = plan.locaties.iter().find(|l| l.id == id) else { continue };
        for lid in &l.leden {
            if out.insert(lid.as_str()) {
                stack.push(lid.as_str());
            }
        }
    }
    out
}

impl GeoResolver for KaartResolver<'_> {
    fn resolve(&self, vraag: &GeoVraag<'_>, locatie: Option<&Locatie>) -> GeoAntwoord {
        let Some(p) = locatie.and_then(|l| RdPoint::new(l.x, l.y).ok()) else { return GeoAntwoord::Onbekend };
        if vraag.locaties.is_empty() {
            return GeoAntwoord::Onbekend;
        }
        let hier = self.at(p);
        let mut alle_bekend = true;
        for id in vraag.locaties {
            match self.ligt_in(id, &hier) {
                Some(true) => return GeoAntwoord::Ja,
                Some(false) => {}
                None => alle_bekend = false,
            }
        }
        if alle_bekend { GeoAntwoord::Nee } else { GeoAntwoord::Onbekend }
    }
}
