//! Supervision (toezicht) on a permit, as a sub-fold of its case: planned inspections with a checklist built from the
//! permit's conditions and the norms of the applied plan, the findings per item (in orde, afwijking, ernstige
//! afwijking) with photos and a follow-up date, and Controle op afstand: the official asks the holder for evidence,
//! the holder sends photos, each judged by where and when it was taken (within [`MAX_AFSTAND_M`] of the place, after
//! the request), and the official accepts or asks again. No IO: the photo's position and time come in read.

use crate::gebeurtenis::GebeurtenisSoort;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// How far from the case's place a photo may have been taken to count as taken there.
pub const MAX_AFSTAND_M: f64 = 100.0;

/// Where an item of the checklist comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Herkomst {
    /// A condition (voorschrift) of the permit.
    Voorschrift,
    /// A norm of the omgevingsplan the plan was checked against.
    Norm,
    /// Always checked: built as on the approved drawings.
    Algemeen,
}

/// One item to check on site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Controlepunt {
    /// 1, 2, …: findings name the item by it.
    pub nummer: u32,
    pub tekst: String,
    pub herkomst: Herkomst,
}

/// The checklist for a permit: every condition, every norm of the applied plan, and the drawings.
pub fn checklist(voorschriften: &[String], normen: &[String]) -> Vec<Controlepunt> {
    let algemeen = "Het bouwwerk is gebouwd zoals op de vergunde tekeningen".to_string();
    voorschriften
        .iter()
        .map(|v| (v.clone(), Herkomst::Voorschrift))
        .chain(normen.iter().map(|n| (n.clone(), Herkomst::Norm)))
        .chain(std::iter::once((algemeen, Herkomst::Algemeen)))
        .enumerate()
        .map(|(i, (tekst, herkomst))| Controlepunt { nummer: i as u32 + 1, tekst, herkomst })
        .collect()
}

/// The finding on one item. In the OpenAPI document `BevindingOordeel`: the plan check has an `Oordeel` of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = BevindingOordeel))]
#[serde(rename_all = "snake_case")]
pub enum Oordeel {
    InOrde,
    Afwijking,
    ErnstigeAfwijking,
}

impl Oordeel {
    pub fn in_woorden(self) -> &'static str {
        match self {
            Oordeel::InOrde => "in orde",
            Oordeel::Afwijking => "afwijking",
            Oordeel::ErnstigeAfwijking => "ernstige afwijking",
        }
    }
}

/// A finding on one item of the checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Bevinding {
    /// The item's number on the checklist.
    pub punt: u32,
    pub oordeel: Oordeel,
    /// What was seen.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 5000))]
    pub tekst: String,
    /// Photos: ids of documents uploaded to the inspection.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub fotos: Vec<Uuid>,
    /// When to look again (for a deviation).
    #[serde(default, with = "crate::datum::option", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub hercontrole: Option<Date>,
}

/// Where an inspection stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InspectieStatus {
    Gepland,
    Uitgevoerd,
}

/// One inspection visit.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Inspectie {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub id: Uuid,
    #[serde(with = "crate::datum")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub datum: Date,
    pub inspecteur: String,
    pub checklist: Vec<Controlepunt>,
    pub status: InspectieStatus,
    pub bevindingen: Vec<Bevinding>,
    #[serde(with = "crate::datum::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub uitgevoerd: Option<Date>,
}

impl Inspectie {
    /// The worst finding, once carried out.
    pub fn uitkomst(&self) -> Option<Oordeel> {
        self.bevindingen.iter().map(|b| b.oordeel).max()
    }

    /// The number of deviations found.
    pub fn afwijkingen(&self) -> u32 {
        self.bevindingen.iter().filter(|b| b.oordeel != Oordeel::InOrde).count() as u32
    }
}

/// A photo sent as evidence, with what stip read from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Bewijsfoto {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub document: Uuid,
    pub naam: String,
    /// When it was taken (from its EXIF data), if it says.
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub genomen: Option<OffsetDateTime>,
    /// How far from the place it was taken, in metres (from its EXIF GPS position), if it says.
    pub afstand_m: Option<f64>,
    pub op_de_plek: Option<bool>,
    pub na_verzoek: Option<bool>,
    /// In plain words: what stip concludes from the photo's data.
    pub oordeel: String,
}

/// Judges a photo taken at `genomen`, `afstand_m` metres from the place, against a request made at `gevraagd`.
pub fn beoordeel_foto(
    document: Uuid,
    naam: String,
    genomen: Option<OffsetDateTime>,
    afstand_m: Option<f64>,
    gevraagd: OffsetDateTime,
) -> Bewijsfoto {
    let op_de_plek = afstand_m.map(|a| a <= MAX_AFSTAND_M);
    let na_verzoek = genomen.map(|g| g >= gevraagd);
    let waar = match (op_de_plek, afstand_m) {
        (Some(true), _) => "genomen op de plek".to_string(),
        (Some(false), Some(a)) if a >= 1000.0 => {
            format!("genomen op {} km van de plek", format!("{:.1}", a / 1000.0).replace('.', ","))
        }
        (Some(false), Some(a)) => format!("genomen op {a:.0} m van de plek"),
        _ => "zonder locatie: de foto zegt niet waar hij is genomen".to_string(),
    };
    let wanneer = match na_verzoek {
        Some(true) => "na het verzoek",
        Some(false) => "vóór het verzoek",
        None => "zonder tijdstip",
    };
    let oordeel = format!("{} {wanneer}", crate::tekst::hoofdletter(&waar));
    Bewijsfoto { document, naam, genomen, afstand_m: afstand_m.map(|a| a.round()), op_de_plek, na_verzoek, oordeel }
}

impl Bewijsfoto {
    /// Taken at the place and after the request.
    pub fn in_orde(&self) -> bool {
        self.op_de_plek == Some(true) && self.na_verzoek == Some(true)
    }
}

/// Where a request for evidence stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BewijsStatus {
    /// Waiting for the holder.
    Gevraagd,
    /// Photos came in; the official judges them.
    Geleverd,
    Geaccepteerd,
}

/// A request for evidence (Controle op afstand).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Bewijsverzoek {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub id: Uuid,
    pub vraag: String,
    #[serde(with = "crate::datum")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub uiterlijk: Date,
    /// When it was asked (or asked again): photos must be taken after it.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub gevraagd: OffsetDateTime,
    pub status: BewijsStatus,
    pub fotos: Vec<Bewijsfoto>,
    pub toelichting: Option<String>,
    /// The official's last judgement in words.
    pub beoordeling: Option<String>,
}

/// Why a supervision step cannot be taken now. Dutch, for whoever tried.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ToezichtFout {
    #[error("toezicht kan alleen op een verleende en bekendgemaakte vergunning")]
    GeenVergunning,
    #[error("er is geen inspectie {0} bij deze zaak")]
    OnbekendeInspectie(Uuid),
    #[error("deze inspectie is al uitgevoerd")]
    AlUitgevoerd,
    #[error("controlepunt {0} staat niet op de checklist")]
    OnbekendPunt(u32),
    #[error("controlepunt {0} heeft nog geen bevinding")]
    PuntZonderBevinding(u32),
    #[error("controlepunt {0} heeft twee bevindingen")]
    DubbelPunt(u32),
    #[error("bij een afwijking op controlepunt {0} hoort een datum voor de hercontrole, na de inspectie")]
    HercontroleNodig(u32),
    #[error("schrijf bij controlepunt {0} wat u zag")]
    TekstNodig(u32),
    #[error("een inspectie wordt gepland op vandaag of later")]
    DatumVoorbij,
    #[error("er is geen verzoek om bewijs {0} bij deze zaak")]
    OnbekendVerzoek(Uuid),
    #[error("schrijf wat u wilt zien")]
    VraagNodig,
    #[error("de datum waarop het bewijs er moet zijn ligt na vandaag")]
    UiterlijkVoorbij,
    #[error("dit verzoek om bewijs is al afgerond")]
    VerzoekAfgerond,
    #[error("er is nog geen bewijs gestuurd om te beoordelen")]
    NogGeenBewijs,
}

/// Supervision on a case: its inspections and requests for evidence.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Toezicht {
    pub inspecties: Vec<Inspectie>,
    pub bewijsverzoeken: Vec<Bewijsverzoek>,
}

impl Toezicht {
    pub fn inspectie(&self, id: Uuid) -> Option<&Inspectie> {
        self.inspecties.iter().find(|i| i.id == id)
    }

    pub fn bewijsverzoek(&self, id: Uuid) -> Option<&Bewijsverzoek> {
        self.bewijsverzoeken.iter().find(|v| v.id == id)
    }

    /// Deviations found at all inspections so far (for the sample's score).
    pub fn afwijkingen(&self) -> u32 {
        self.inspecties.iter().map(Inspectie::afwijkingen).sum()
    }

    /// Checks a supervision step on `vandaag`; `vergunning` says whether the case has a published permit.
    pub fn controleer(&self, soort: &GebeurtenisSoort, vergunning: bool, vandaag: Date) -> Result<(), ToezichtFout> {
        use GebeurtenisSoort as G;
        if !vergunning {
            return Err(ToezichtFout::GeenVergunning);
        }
        match soort {
            G::InspectieGepland { datum, .. } => {
                if *datum < vandaag {
                    return Err(ToezichtFout::DatumVoorbij);
                }
                Ok(())
            }
            G::InspectieUitgevoerd { inspectie, bevindingen } => {
                let i = self.inspectie(*inspectie).ok_or(ToezichtFout::OnbekendeInspectie(*inspectie))?;
                if i.status == InspectieStatus::Uitgevoerd {
                    return Err(ToezichtFout::AlUitgevoerd);
                }
                for b in bevindingen {
                    if !i.checklist.iter().any(|p| p.nummer == b.punt) {
                        return Err(ToezichtFout::OnbekendPunt(b.punt));
                    }
                    if bevindingen.iter().filter(|x| x.punt == b.punt).count() > 1 {
                        return Err(ToezichtFout::DubbelPunt(b.punt));
                    }
                    if b.oordeel != Oordeel::InOrde {
                        if b.tekst.trim().is_empty() {
                            return Err(ToezichtFout::TekstNodig(b.punt));
                        }
                        if b.hercontrole.is_none_or(|d| d <= vandaag) {
                            return Err(ToezichtFout::HercontroleNodig(b.punt));
                        }
                    }
                }
                if let Some(p) = i.checklist.iter().find(|p| !bevindingen.iter().any(|b| b.punt == p.nummer)) {
                    return Err(ToezichtFout::PuntZonderBevinding(p.nummer));
                }
                Ok(())
            }
            G::BewijsGevraagd { vraag, uiterlijk, .. } => {
                if vraag.trim().is_empty() {
                    return Err(ToezichtFout::VraagNodig);
                }
                if *uiterlijk <= vandaag {
                    return Err(ToezichtFout::UiterlijkVoorbij);
                }
                Ok(())
            }
            G::BewijsGeleverd { verzoek, .. } => {
                let v = self.bewijsverzoek(*verzoek).ok_or(ToezichtFout::OnbekendVerzoek(*verzoek))?;
                if v.status == BewijsStatus::Geaccepteerd {
                    return Err(ToezichtFout::VerzoekAfgerond);
                }
                Ok(())
            }
            G::BewijsBeoordeeld { verzoek, .. } => {
                let v = self.bewijsverzoek(*verzoek).ok_or(ToezichtFout::OnbekendVerzoek(*verzoek))?;
                match v.status {
                    BewijsStatus::Geaccepteerd => Err(ToezichtFout::VerzoekAfgerond),
                    BewijsStatus::Gevraagd => Err(ToezichtFout::NogGeenBewijs),
                    BewijsStatus::Geleverd => Ok(()),
                }
            }
            _ => Ok(()),
        }
    }

    /// Applies a supervision step already checked (or read back) that happened at `op`.
    pub fn pas_toe(&mut self, soort: &GebeurtenisSoort, op: OffsetDateTime) {
        use GebeurtenisSoort as G;
        let dag = crate::tijd::nederlands(op).date();
        match soort {
            G::InspectieGepland { inspectie, datum, inspecteur, checklist } => self.inspecties.push(Inspectie {
                id: *inspectie,
                datum: *datum,
                inspecteur: inspecteur.clone(),
                checklist: checklist.clone(),
                status: InspectieStatus::Gepland,
                bevindingen: Vec::new(),
                uitgevoerd: None,
            }),
            G::InspectieUitgevoerd { inspectie, bevindingen } => {
                if let Some(i) = self.inspecties.iter_mut().find(|i| i.id == *inspectie) {
                    let mut b = bevindingen.clone();
                    b.sort_by_key(|b| b.punt);
                    i.bevindingen = b;
                    i.status = InspectieStatus::Uitgevoerd;
                    i.uitgevoerd = Some(dag);
                }
            }
            G::BewijsGevraagd { verzoek, vraag, uiterlijk } => self.bewijsverzoeken.push(Bewijsverzoek {
                id: *verzoek,
                vraag: vraag.clone(),
                uiterlijk: *uiterlijk,
                gevraagd: op,
                status: BewijsStatus::Gevraagd,
                fotos: Vec::new(),
                toelichting: None,
                beoordeling: None,
            }),
            G::BewijsGeleverd { verzoek, foto, toelichting } => {
                if let Some(v) = self.bewijsverzoeken.iter_mut().find(|v| v.id == *verzoek) {
                    v.fotos.push(foto.clone());
                    if !toelichting.trim().is_empty() {
                        v.toelichting = Some(toelichting.clone());
                    }
                    v.status = BewijsStatus::Geleverd;
                }
            }
            G::BewijsBeoordeeld { verzoek, akkoord, toelichting } => {
                if let Some(v) = self.bewijsverzoeken.iter_mut().find(|v| v.id == *verzoek) {
                    if *akkoord {
                        v.status = BewijsStatus::Geaccepteerd;
                        v.beoordeling = Some(format!("Geaccepteerd. {toelichting}").trim().to_string());
                    } else {
                        // Asked again: new photos, taken after now.
                        v.status = BewijsStatus::Gevraagd;
                        v.gevraagd = op;
                        v.beoordeling = Some(format!("Opnieuw gevraagd. {toelichting}").trim().to_string());
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    fn gepland() -> (Toezicht, Uuid) {
        let id = Uuid::from_u128(1);
        let mut t = Toezicht::default();
        let soort = GebeurtenisSoort::InspectieGepland {
            inspectie: id,
            datum: date!(2026 - 12 - 10),
            inspecteur: "Ilse Inspecteur".into(),
            checklist: checklist(&["Gebruik rode dakpannen".into()], &["Maximale bouwhoogte: 5 m".into()]),
        };
        t.controleer(&soort, true, date!(2026 - 12 - 03)).unwrap();
        t.pas_toe(&soort, datetime!(2026-12-03 10:00 UTC));
        (t, id)
    }

    #[test]
    fn the_checklist_holds_every_condition_every_norm_and_the_drawings_in_order() {
        let (t, id) = gepland();
        let i = t.inspectie(id).unwrap();
        let punten: Vec<(u32, Herkomst)> = i.checklist.iter().map(|p| (p.nummer, p.herkomst)).collect();
        assert_eq!(punten, [(1, Herkomst::Voorschrift), (2, Herkomst::Norm), (3, Herkomst::Algemeen)]);
    }

    #[test]
    fn findings_cover_every_item_and_a_deviation_needs_a_text_and_a_later_follow_up() {
        let (t, id) = gepland();
        let vandaag = date!(2026 - 12 - 10);
        let b = |punt, oordeel, hercontrole| Bevinding {
            punt,
            oordeel,
            tekst: "Gezien".into(),
            fotos: vec![],
            hercontrole,
        };
        let met = |bevindingen: Vec<Bevinding>| GebeurtenisSoort::InspectieUitgevoerd { inspectie: id, bevindingen };
        assert_eq!(
            t.controleer(&met(vec![b(1, Oordeel::InOrde, None)]), true, vandaag),
            Err(ToezichtFout::PuntZonderBevinding(2))
        );
        assert_eq!(
            t.controleer(
                &met(vec![b(1, Oordeel::InOrde, None), b(2, Oordeel::Afwijking, None), b(3, Oordeel::InOrde, None)]),
                true,
                vandaag
            ),
            Err(ToezichtFout::HercontroleNodig(2))
        );
        assert_eq!(
            t.controleer(&met(vec![b(9, Oordeel::InOrde, None)]), true, vandaag),
            Err(ToezichtFout::OnbekendPunt(9))
        );
        let goed = met(vec![
            b(3, Oordeel::InOrde, None),
            b(1, Oordeel::InOrde, None),
            b(2, Oordeel::ErnstigeAfwijking, Some(date!(2027 - 01 - 15))),
        ]);
        assert_eq!(t.controleer(&goed, true, vandaag), Ok(()));
        let mut t = t;
        t.pas_toe(&goed, datetime!(2026-12-10 14:00 UTC));
        let i = t.inspectie(id).unwrap();
        assert_eq!(i.uitkomst(), Some(Oordeel::ErnstigeAfwijking));
        assert_eq!(i.bevindingen.iter().map(|b| b.punt).collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(t.afwijkingen(), 1);
        assert_eq!(t.controleer(&goed, true, vandaag), Err(ToezichtFout::AlUitgevoerd));
    }

    #[test]
    fn supervision_needs_a_published_permit() {
        let t = Toezicht::default();
        let soort = GebeurtenisSoort::BewijsGevraagd {
            verzoek: Uuid::nil(),
            vraag: "Foto".into(),
            uiterlijk: date!(2026 - 12 - 20),
        };
        assert_eq!(t.controleer(&soort, false, date!(2026 - 12 - 03)), Err(ToezichtFout::GeenVergunning));
    }

    #[test]
    fn a_photo_at_the_place_after_the_request_is_in_order_and_one_five_km_away_is_flagged() {
        let gevraagd = datetime!(2026-12-03 10:00 UTC);
        let hier =
            beoordeel_foto(Uuid::nil(), "a.jpg".into(), Some(datetime!(2026-12-04 09:00 UTC)), Some(12.0), gevraagd);
        assert!(hier.in_orde());
        assert_eq!(hier.oordeel, "Genomen op de plek na het verzoek");
        let ver =
            beoordeel_foto(Uuid::nil(), "b.jpg".into(), Some(datetime!(2026-12-04 09:00 UTC)), Some(5012.0), gevraagd);
        assert!(!ver.in_orde());
        assert_eq!(ver.oordeel, "Genomen op 5,0 km van de plek na het verzoek");
        let oud =
            beoordeel_foto(Uuid::nil(), "c.jpg".into(), Some(datetime!(2026-11-01 09:00 UTC)), Some(3.0), gevraagd);
        assert_eq!(oud.oordeel, "Genomen op de plek vóór het verzoek");
        let leeg = beoordeel_foto(Uuid::nil(), "d.jpg".into(), None, None, gevraagd);
        assert_eq!(leeg.oordeel, "Zonder locatie: de foto zegt niet waar hij is genomen zonder tijdstip");
    }

    #[test]
    fn asking_again_resets_the_moment_photos_must_be_taken_after() {
        let mut t = Toezicht::default();
        let id = Uuid::from_u128(2);
        let vraag = GebeurtenisSoort::BewijsGevraagd {
            verzoek: id,
            vraag: "Foto van de gevel".into(),
            uiterlijk: date!(2026 - 12 - 20),
        };
        t.pas_toe(&vraag, datetime!(2026-12-03 10:00 UTC));
        let oordeel =
            GebeurtenisSoort::BewijsBeoordeeld { verzoek: id, akkoord: false, toelichting: "Te donker".into() };
        assert_eq!(t.controleer(&oordeel, true, date!(2026 - 12 - 04)), Err(ToezichtFout::NogGeenBewijs));
        let foto = beoordeel_foto(Uuid::nil(), "a.jpg".into(), None, None, datetime!(2026-12-03 10:00 UTC));
        t.pas_toe(
            &GebeurtenisSoort::BewijsGeleverd { verzoek: id, foto, toelichting: String::new() },
            datetime!(2026-12-04 10:00 UTC),
        );
        t.pas_toe(&oordeel, datetime!(2026-12-05 10:00 UTC));
        let v = t.bewijsverzoek(id).unwrap();
        assert_eq!(v.status, BewijsStatus::Gevraagd);
        assert_eq!(v.gevraagd, datetime!(2026-12-05 10:00 UTC));
        assert_eq!(v.beoordeling.as_deref(), Some("Opnieuw gevraagd. Te donker"));
    }
}
