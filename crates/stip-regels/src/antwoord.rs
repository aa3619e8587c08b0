//! The answer to "what applies here" and its plain-Dutch (B1) summary, generated from the data.
//! Serialises to camelCase JSON.
//!
//! Texts in an answer are [`Tekst`]: shared, immutable strings, so the index can prepare every fragment of an
//! answer once and a point query only bumps reference counts instead of copying strings.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::{BevoegdGezag, Kwalificatie, NormSoort, PlanSoort, PlanobjectSoort};

/// Shared immutable text: cloning is a reference-count increment. Serialises as a JSON string, compares with
/// `str`/`String` and derefs to `str`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Tekst(Arc<str>);

impl Tekst {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// In the API document: a string, as it serialises.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Tekst {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        <String as utoipa::PartialSchema>::schema()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Tekst {}

impl Default for Tekst {
    fn default() -> Self {
        Tekst(Arc::from(""))
    }
}

impl Deref for Tekst {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Tekst {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Tekst {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Tekst {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Tekst {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl From<&str> for Tekst {
    fn from(s: &str) -> Self {
        Tekst(Arc::from(s))
    }
}

impl From<String> for Tekst {
    fn from(s: String) -> Self {
        Tekst(Arc::from(s))
    }
}

impl From<&String> for Tekst {
    fn from(s: &String) -> Self {
        Tekst(Arc::from(s.as_str()))
    }
}

impl From<Tekst> for String {
    fn from(t: Tekst) -> Self {
        t.0.to_string()
    }
}

impl From<Tekst> for serde_json::Value {
    fn from(t: Tekst) -> Self {
        serde_json::Value::String(t.into())
    }
}

impl PartialEq<str> for Tekst {
    fn eq(&self, o: &str) -> bool {
        &*self.0 == o
    }
}

impl PartialEq<&str> for Tekst {
    fn eq(&self, o: &&str) -> bool {
        &*self.0 == *o
    }
}

impl PartialEq<String> for Tekst {
    fn eq(&self, o: &String) -> bool {
        *self.0 == **o
    }
}

impl PartialEq<Tekst> for str {
    fn eq(&self, o: &Tekst) -> bool {
        self == &*o.0
    }
}

impl PartialEq<Tekst> for &str {
    fn eq(&self, o: &Tekst) -> bool {
        *self == &*o.0
    }
}

impl PartialEq<Tekst> for String {
    fn eq(&self, o: &Tekst) -> bool {
        **self == *o.0
    }
}

impl Serialize for Tekst {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Tekst {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Tekst::from(String::deserialize(d)?))
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Antwoord {
    /// Short sentences for people, most important first.
    pub samenvatting: Vec<String>,
    pub bevoegd_gezag: Vec<BevoegdGezag>,
    pub plannen: Vec<PlanRef>,
    pub activiteiten: Vec<ActiviteitAntwoord>,
    pub normen: Vec<NormAntwoord>,
    pub gebiedsaanwijzingen: Vec<GebiedsaanwijzingAntwoord>,
    /// IMRO enkel- and dubbelbestemmingen.
    pub bestemmingen: Vec<PlanobjectAntwoord>,
    pub bouwvlakken: Vec<PlanobjectAntwoord>,
    /// IMRO functie-, bouw-, gebieds- en lettertekenaanduidingen and figuren.
    pub aanduidingen: Vec<PlanobjectAntwoord>,
    /// Juridische regels whose werkingsgebied is here (with their text).
    pub regels: Vec<RegelAntwoord>,
    pub panden: Vec<PandAntwoord>,
    pub percelen: Vec<PerceelAntwoord>,
    /// The matched areas (plan, locatie), for drawing: fetch geometry with `RegelIndex::gebieden_geojson`.
    pub gebieden: Vec<GebiedRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PlanRef {
    pub id: Tekst,
    pub versie: Tekst,
    pub titel: Tekst,
    pub soort: PlanSoort,
    pub bevoegd_gezag: Tekst,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RegeltekstAntwoord {
    pub id: Tekst,
    pub wid: Tekst,
    /// Article number, with the lid when the text is one lid: `2.14`, `2.6 lid 1`.
    pub artikel: Tekst,
    pub opschrift: Option<Tekst>,
    pub tekst: Tekst,
    pub toelichting: Option<Tekst>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct LocatieRef {
    pub id: Tekst,
    pub naam: Option<Tekst>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ActiviteitRef {
    pub id: Tekst,
    pub naam: Option<Tekst>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ActiviteitAntwoord {
    pub id: Tekst,
    pub naam: Tekst,
    pub groep: Option<Tekst>,
    pub kwalificatie: Kwalificatie,
    /// bovenliggendeActiviteit chain, nearest parent first.
    pub bovenliggende: Arc<[ActiviteitRef]>,
    pub locatie: LocatieRef,
    pub regeltekst: Option<Arc<RegeltekstAntwoord>>,
    pub plan: Tekst,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NormAntwoord {
    #[serde(rename = "type")]
    pub type_: Tekst,
    pub naam: Tekst,
    pub soort: NormSoort,
    pub waarde: Option<f64>,
    pub kwalitatieve_waarde: Option<Tekst>,
    pub waarde_in_regeltekst: Option<Tekst>,
    pub eenheid: Option<Tekst>,
    pub locatie: LocatieRef,
    pub regeltekst: Option<Arc<RegeltekstAntwoord>>,
    pub plan: Tekst,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GebiedsaanwijzingAntwoord {
    pub id: Tekst,
    #[serde(rename = "type")]
    pub type_: Tekst,
    pub naam: Tekst,
    pub groep: Option<Tekst>,
    pub regelteksten: Vec<Arc<RegeltekstAntwoord>>,
    pub plan: Tekst,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PlanobjectAntwoord {
    pub id: Tekst,
    pub soort: PlanobjectSoort,
    pub naam: Tekst,
    pub hoofdgroep: Option<Tekst>,
    pub artikelnummer: Option<Tekst>,
    pub tekst_verwijzingen: Vec<Tekst>,
    pub plan: Tekst,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RegelAntwoord {
    pub id: Tekst,
    pub soort: crate::model::RegelSoort,
    pub regeltekst: Option<Arc<RegeltekstAntwoord>>,
    pub plan: Tekst,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PandAntwoord {
    pub identificatie: Tekst,
    pub bouwjaar: Option<i32>,
    pub status: Tekst,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PerceelAntwoord {
    pub identificatie: Tekst,
    pub kadastrale_aanduiding: Tekst,
    pub kadastrale_grootte: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GebiedRef {
    pub plan: Tekst,
    pub locatie: Tekst,
    pub naam: Option<Tekst>,
}

/// `7` → "7", `7.5` → "7,5" (Dutch decimal comma).
pub fn getal(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{}", (v * 1000.0).round() / 1000.0).replace('.', ",")
    }
}

/// The first letter in upper case.
pub(crate) fn hoofdletter(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// The sentence of a norm (depends on the norm only, not on where it was hit).
pub(crate) fn norm_zin(n: &NormAntwoord) -> Option<String> {
    let eenheid = n.eenheid.as_deref().unwrap_or("");
    if let Some(w) = n.waarde {
        let w = getal(w);
        let zin = match &*n.type_ {
            "MaximumBouwhoogte" if eenheid == "m" => format!("Hier mag u maximaal {w} meter hoog bouwen."),
            "MaximumGoothoogte" if eenheid == "m" => {
                format!("De goot van een gebouw mag hier maximaal {w} meter hoog zijn.")
            }
            "MinimumBouwhoogte" if eenheid == "m" => format!("Een gebouw moet hier minimaal {w} meter hoog zijn."),
            "MaximumBebouwingspercentage" => format!("U mag hier maximaal {w}% van het bouwperceel bebouwen."),
            "MaximumAantalBouwlagen" => format!("Een gebouw mag hier maximaal {w} bouwlagen hebben."),
            "MaximumAantalWooneenheden" => format!("Hier mogen maximaal {w} woningen komen."),
            _ => {
                let unit = match eenheid {
                    "" => String::new(),
                    "%" => "%".into(),
                    u => format!(" {u}"),
                };
                format!("{}: {w}{unit}.", hoofdletter(&crate::norm::label(&n.type_)))
            }
        };
        return Some(zin);
    }
    if let Some(k) = &n.kwalitatieve_waarde {
        if n.naam.to_lowercase().contains("welstand") {
            return Some(format!("Voor het uiterlijk van gebouwen geldt hier welstandsniveau {k}."));
        }
        return Some(format!("{}: {k}.", hoofdletter(&n.naam)));
    }
    n.waarde_in_regeltekst.as_ref().map(|_| format!("Voor {} staat de waarde in de regels.", n.naam))
}

/// The sentence of an activiteit with its kwalificatie (when no other kwalificatie of it applies here too).
pub(crate) fn activiteit_zin(a: &ActiviteitAntwoord) -> String {
    let naam = &a.naam;
    match &a.kwalificatie {
        Kwalificatie::Vergunningplicht => format!("Voor {naam} heeft u hier een vergunning nodig."),
        Kwalificatie::Meldingsplicht => format!("Voor {naam} moet u hier eerst een melding doen."),
        Kwalificatie::Informatieplicht => format!("Voor {naam} moet u hier informatie geven aan de gemeente."),
        Kwalificatie::Verbod => format!("{} is hier verboden.", hoofdletter(naam)),
        Kwalificatie::Gebod => format!("Voor {naam} geldt hier een plicht."),
        Kwalificatie::Toegestaan => format!("{} mag hier zonder vergunning of melding.", hoofdletter(naam)),
        Kwalificatie::AndersGeduid | Kwalificatie::Anders(_) => format!("Voor {naam} gelden hier regels."),
    }
}

/// The sentence of an enkel- or dubbelbestemming.
pub(crate) fn bestemming_zin(b: &PlanobjectAntwoord) -> String {
    match b.soort {
        PlanobjectSoort::Dubbelbestemming => format!("Hier geldt ook de dubbelbestemming {}.", b.naam),
        _ => format!("Dit is een bestemming {}.", b.naam),
    }
}

/// The sentence of an aanduiding.
pub(crate) fn aanduiding_zin(a: &PlanobjectAntwoord) -> String {
    format!("Hier geldt de aanduiding '{}'.", a.naam)
}

/// The sentence of a gebiedsaanwijzing.
pub(crate) fn gebiedsaanwijzing_zin(g: &GebiedsaanwijzingAntwoord) -> String {
    format!("Dit gebied is aangewezen als {} ({}).", g.naam, crate::norm::label(&g.type_))
}

/// The sentences of the items of an answer, one per item in the same order as the answer's lists: computed from
/// the items by [`Antwoord::vat_samen`], or prepared once per item by the index.
#[derive(Debug, Default)]
pub(crate) struct Zinnen<'a> {
    pub bestemmingen: Vec<&'a str>,
    pub normen: Vec<Option<&'a str>>,
    pub gebiedsaanwijzingen: Vec<&'a str>,
    pub aanduidingen: Vec<&'a str>,
    pub activiteiten: Vec<&'a str>,
}

impl Antwoord {
    /// Fills `samenvatting` from the rest of the answer.
    pub fn vat_samen(&mut self) {
        let bestemmingen: Vec<String> = self.bestemmingen.iter().map(bestemming_zin).collect();
        let normen: Vec<Option<String>> = self.normen.iter().map(norm_zin).collect();
        let gebiedsaanwijzingen: Vec<String> = self.gebiedsaanwijzingen.iter().map(gebiedsaanwijzing_zin).collect();
        let aanduidingen: Vec<String> = self.aanduidingen.iter().map(aanduiding_zin).collect();
        let activiteiten: Vec<String> = self.activiteiten.iter().map(activiteit_zin).collect();
        let zinnen = Zinnen {
            bestemmingen: bestemmingen.iter().map(String::as_str).collect(),
            normen: normen.iter().map(Option::as_deref).collect(),
            gebiedsaanwijzingen: gebiedsaanwijzingen.iter().map(String::as_str).collect(),
            aanduidingen: aanduidingen.iter().map(String::as_str).collect(),
            activiteiten: activiteiten.iter().map(String::as_str).collect(),
        };
        self.samenvatting = self.samenvatting_uit(&zinnen);
    }

    /// The summary, most important first, from the sentence of each item (`zinnen`, parallel to the lists).
    pub(crate) fn samenvatting_uit(&self, z: &Zinnen<'_>) -> Vec<String> {
        let mut zinnen: Vec<String> = Vec::with_capacity(
            self.bestemmingen.len()
                + 1
                + self.normen.len()
                + self.gebiedsaanwijzingen.len()
                + self.aanduidingen.len()
                + self.activiteiten.len()
                + self.panden.len()
                + self.percelen.len(),
        );
        fn push(zinnen: &mut Vec<String>, z: &str) {
            if !zinnen.iter().any(|x| x == z) {
                zinnen.push(z.to_owned());
            }
        }
        // stable sorts of item positions, as the lists themselves were sorted before
        let mut bestemmingen: Vec<usize> = (0..self.bestemmingen.len()).collect();
        bestemmingen.sort_by_key(|&i| self.bestemmingen[i].soort);
        for i in bestemmingen {
            push(&mut zinnen, z.bestemmingen[i]);
        }
        if !self.bouwvlakken.is_empty() {
            push(&mut zinnen, "U staat in een bouwvlak.");
        } else if !self.bestemmingen.is_empty() {
            push(&mut zinnen, "U staat niet in een bouwvlak.");
        }
        let rank = |t: &str| match t {
            "MaximumBouwhoogte" => 0,
            "MaximumGoothoogte" => 1,
            _ => 2,
        };
        let mut normen: Vec<usize> = (0..self.normen.len()).collect();
        normen.sort_by_key(|&i| rank(&self.normen[i].type_));
        for i in normen {
            if let Some(zin) = z.normen[i] {
                push(&mut zinnen, zin);
            }
        }
        for zin in &z.gebiedsaanwijzingen {
            push(&mut zinnen, zin);
        }
        for zin in &z.aanduidingen {
            push(&mut zinnen, zin);
        }
        let acts = &self.activiteiten;
        let mut volgorde: Vec<usize> = (0..acts.len()).collect();
        volgorde.sort_by(|&a, &b| {
            acts[a].kwalificatie.cmp(&acts[b].kwalificatie).then_with(|| acts[a].naam.cmp(&acts[b].naam))
        });
        for &i in &volgorde {
            let a = &acts[i];
            // more than one kwalificatie of the same activiteit here
            if acts.iter().any(|b| b.id == a.id && b.kwalificatie != a.kwalificatie) {
                push(
                    &mut zinnen,
                    &format!(
                        "Of u voor {} een vergunning of melding nodig heeft, hangt af van uw situatie. Doe de vergunningcheck.",
                        a.naam
                    ),
                );
            } else {
                push(&mut zinnen, z.activiteiten[i]);
            }
        }
        for p in &self.panden {
            match p.bouwjaar {
                Some(j) if j != 9999 => push(&mut zinnen, &format!("Hier staat een gebouw uit {j}.")),
                _ => push(&mut zinnen, "Hier staat een gebouw."),
            }
        }
        for p in &self.percelen {
            push(&mut zinnen, &format!("Dit is perceel {}.", p.kadastrale_aanduiding));
        }
        if zinnen.is_empty() {
            zinnen.push("Voor deze plek zijn geen regels gevonden.".into());
        }
        zinnen
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_use_a_dutch_decimal_comma() {
        assert_eq!(getal(7.0), "7");
        assert_eq!(getal(7.5), "7,5");
    }
}
