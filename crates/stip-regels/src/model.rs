//! The normalised omgevingsdocument model: one `PlanVersie` shape for IMOW (Omgevingswet) and IMRO (Wro) plans,
//! plus BAG and BRK objects. Geometry is RD New (EPSG:28992) in geo-types. Everything is serde Serialize +
//! Deserialize: the server stores a plan version as one blob and rebuilds the index from it at start.

use geo_types::{Geometry, Point, Polygon};
use serde::{Deserialize, Serialize};

use crate::antwoord::Tekst;

/// One version of a regeling (IMOW) or bestemmingsplan (IMRO).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanVersie {
    /// Regeling work id (`/akn/nl/act/gm0297/2019/reg456`) or IMRO plan id (`NL.IMRO.0664.BPBS02-VG99`).
    pub id: String,
    /// Expression / version (`nld@1`, `VG99`).
    pub versie: String,
    pub titel: String,
    pub bevoegd_gezag: BevoegdGezag,
    pub soort: PlanSoort,
    pub bron: Bron,
    /// Locatie ids of the regelingsgebied / plangebied.
    pub regelingsgebied: Vec<String>,
    pub artikelen: Vec<Artikel>,
    pub regelteksten: Vec<Regeltekst>,
    pub juridische_regels: Vec<JuridischeRegel>,
    pub locaties: Vec<Locatie>,
    pub activiteiten: Vec<Activiteit>,
    pub gebiedsaanwijzingen: Vec<Gebiedsaanwijzing>,
    /// Omgevingsnormen, omgevingswaarden and IMRO maatvoeringen, one entry per value.
    pub normen: Vec<Norm>,
    /// IMRO bestemmingen, bouwvlakken, aanduidingen and figuren.
    pub planobjecten: Vec<Planobject>,
    pub informatieobjecten: Vec<Informatieobject>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BevoegdGezag {
    /// `gm0297`, `pv26`, `ws0155`, `mnre1034` — as in the TOOI / IMOW codes; IMRO overheidsCode `0664` → `gm0664`.
    pub code: String,
    pub naam: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum PlanSoort {
    #[serde(rename = "IMOW")]
    Imow,
    #[serde(rename = "IMRO")]
    Imro,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Bron {
    /// `STOP/TPOD`, `IMRO2012`, `IMRO2008`, ...
    pub formaat: String,
    pub bestanden: Vec<String>,
}

/// An AKN article (Artikel) with its leden.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Artikel {
    pub wid: String,
    pub eid: String,
    pub nummer: String,
    pub opschrift: Option<String>,
    /// Text of the article outside its leden.
    pub tekst: String,
    pub leden: Vec<Lid>,
    pub toelichting: Option<String>,
    /// FRBRExpressions of the informatieobjecten (GIO) the text refers to (IntIoRef → ExtIoRef).
    pub informatieobjecten: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Lid {
    pub wid: String,
    pub nummer: String,
    pub tekst: String,
}

/// The OW Regeltekst: the annotation of an article or lid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Regeltekst {
    pub id: String,
    pub wid: String,
    /// wId of the article the text belongs to (equal to `wid` unless it annotates a lid).
    pub artikel_wid: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum RegelSoort {
    RegelVoorIedereen,
    Instructieregel,
    Omgevingswaarderegel,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JuridischeRegel {
    pub id: String,
    pub soort: RegelSoort,
    /// Regeltekst id.
    pub regeltekst: String,
    pub locaties: Vec<Tekst>,
    pub activiteiten: Vec<ActiviteitLocatieaanduiding>,
    pub gebiedsaanwijzingen: Vec<String>,
    pub omgevingsnormen: Vec<String>,
    pub omgevingswaarden: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActiviteitLocatieaanduiding {
    pub id: String,
    pub activiteit: String,
    pub kwalificatie: Kwalificatie,
    pub locaties: Vec<Tekst>,
}

/// activiteitregelkwalificatie (IMOW waardelijst).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Kwalificatie {
    Vergunningplicht,
    Meldingsplicht,
    Informatieplicht,
    Verbod,
    Gebod,
    AndersGeduid,
    Toegestaan,
    /// A value not (yet) on the list, kept as delivered.
    #[serde(untagged)]
    Anders(String),
}

impl Kwalificatie {
    pub fn parse(uri_or_name: &str) -> Kwalificatie {
        match last_segment(uri_or_name) {
            "Vergunningplicht" => Kwalificatie::Vergunningplicht,
            "Meldingsplicht" => Kwalificatie::Meldingsplicht,
            "Informatieplicht" => Kwalificatie::Informatieplicht,
            "Verbod" => Kwalificatie::Verbod,
            "Gebod" => Kwalificatie::Gebod,
            "AndersGeduid" => Kwalificatie::AndersGeduid,
            "Toegestaan" => Kwalificatie::Toegestaan,
            other => Kwalificatie::Anders(other.to_string()),
        }
    }
}

/// The last path segment of a waardelijst URI (`…/concept/Meter` → `Meter`); a plain name is returned as is.
pub fn last_segment(s: &str) -> &str {
    s.trim().rsplit('/').next().unwrap_or(s)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LocatieSoort {
    Gebied,
    Gebiedengroep,
    Lijn,
    Lijnengroep,
    Punt,
    Puntengroep,
    /// The whole area of the bevoegd gezag; has no geometry in a package.
    Ambtsgebied,
    /// The geometry of an IMRO planobject.
    Planobject,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Locatie {
    pub id: String,
    pub soort: LocatieSoort,
    pub noemer: Option<String>,
    /// RD New. `None` for groups and Ambtsgebied.
    pub geometrie: Option<Geometry<f64>>,
    /// The GIO `basisgeo:id` the geometry came from.
    pub geometrie_id: Option<String>,
    /// Member locatie ids (groups).
    pub leden: Vec<String>,
    /// For Ambtsgebied: the bestuurlijke grenzen code (e.g. `GM0297`).
    pub ambtsgebied: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Activiteit {
    pub id: String,
    pub naam: String,
    pub groep: Option<String>,
    /// bovenliggendeActiviteit id (may be outside the package: the national functional structure).
    pub bovenliggende: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Gebiedsaanwijzing {
    pub id: String,
    /// typeGebiedsaanwijzing (`Functie`, `Beperkingengebied`, ...).
    #[serde(rename = "type")]
    pub type_: String,
    pub naam: String,
    pub groep: Option<String>,
    pub locaties: Vec<Tekst>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum NormSoort {
    Omgevingsnorm,
    Omgevingswaarde,
    Maatvoering,
}

/// One norm value at its locaties, normalised across IMOW and IMRO. A plan has a value per locatie, so the texts
/// that repeat (norm, type, name, unit, group, rule) are shared [`Tekst`]s: the index keeps one of each.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Norm {
    /// Normwaarde id (IMOW) or `<maatvoering gml:id>#<n>` (IMRO).
    pub id: String,
    /// Omgevingsnorm / omgevingswaarde / maatvoering id.
    pub norm_id: Tekst,
    pub soort: NormSoort,
    /// IMOW typeNorm waardelijst name (`MaximumBouwhoogte`); unknown IMRO waardeTypes keep their name.
    #[serde(rename = "type")]
    pub type_: Tekst,
    pub naam: Tekst,
    pub waarde: Option<f64>,
    pub kwalitatieve_waarde: Option<Tekst>,
    pub waarde_in_regeltekst: Option<Tekst>,
    /// `m`, `%`, `m2`, ... or none.
    pub eenheid: Option<Tekst>,
    pub groep: Option<Tekst>,
    pub locaties: Vec<Tekst>,
    /// Regeltekst id (IMOW) of the rule that sets this norm.
    pub regeltekst: Option<Tekst>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum PlanobjectSoort {
    Enkelbestemming,
    Dubbelbestemming,
    Bouwvlak,
    Functieaanduiding,
    Bouwaanduiding,
    Gebiedsaanduiding,
    Figuur,
    Maatvoering,
    Lettertekenaanduiding,
    Bestemmingsplangebied,
}

/// An IMRO planobject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Planobject {
    /// gml:id (`NL.IMRO.0664.BP20255442525-00`).
    pub id: String,
    pub soort: PlanobjectSoort,
    pub naam: String,
    pub hoofdgroep: Option<String>,
    pub artikelnummer: Option<String>,
    /// verwijzingNaarTekst values (links into the plan's regels / toelichting documents).
    pub tekst_verwijzingen: Vec<String>,
    /// Locatie id holding the geometry (equal to `id`).
    pub locatie: String,
    pub bestemmingsvlak: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Informatieobject {
    pub frbr_work: String,
    pub frbr_expression: String,
    pub naam: Option<String>,
    pub bestanden: Vec<String>,
    /// basisgeo:ids of the GIO's locaties.
    pub geometrie_ids: Vec<String>,
}

/// BAG pand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pand {
    pub identificatie: String,
    /// oorspronkelijkBouwjaar (BAG uses 9999 for "unknown"; kept as delivered).
    pub bouwjaar: Option<i32>,
    pub status: String,
    /// Footprint (Z dropped).
    pub geometrie: Polygon<f64>,
    pub voorkomen: Option<Voorkomen>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Voorkomen {
    pub voorkomenidentificatie: u32,
    pub begin_geldigheid: Option<String>,
    pub eind_geldigheid: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Verblijfsobject {
    pub identificatie: String,
    pub gebruiksdoelen: Vec<String>,
    pub oppervlakte: Option<u32>,
    pub status: String,
    pub punt: Option<Point<f64>>,
    pub panden: Vec<String>,
    pub hoofdadres: Option<String>,
    pub nevenadressen: Vec<String>,
    pub voorkomen: Option<Voorkomen>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Nummeraanduiding {
    pub identificatie: String,
    pub postcode: Option<String>,
    pub huisnummer: Option<u32>,
    pub huisletter: Option<String>,
    pub toevoeging: Option<String>,
    pub openbare_ruimte: Option<String>,
    pub type_adresseerbaar_object: Option<String>,
    pub voorkomen: Option<Voorkomen>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OpenbareRuimte {
    pub identificatie: String,
    pub naam: String,
    #[serde(rename = "type")]
    pub type_: Option<String>,
    pub voorkomen: Option<Voorkomen>,
}

/// BRK kadastraal perceel (DKK).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Perceel {
    pub identificatie: String,
    pub kadastrale_aanduiding: KadastraleAanduiding,
    /// m².
    pub kadastrale_grootte: Option<f64>,
    pub geometrie: Polygon<f64>,
    pub plaatscoordinaten: Option<Point<f64>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KadastraleAanduiding {
    pub kadastrale_gemeente_code: String,
    pub kadastrale_gemeente: Option<String>,
    pub sectie: String,
    pub perceelnummer: String,
    pub akr_code: Option<String>,
}

impl KadastraleAanduiding {
    /// `Otterlo B 2298` (or with the AKR code when no name is known).
    pub fn tekst(&self) -> String {
        let gemeente = self
            .kadastrale_gemeente
            .clone()
            .or_else(|| self.akr_code.clone())
            .unwrap_or_else(|| self.kadastrale_gemeente_code.clone());
        format!("{gemeente} {} {}", self.sectie, self.perceelnummer)
    }
}
