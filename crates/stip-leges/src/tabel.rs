//! The tarieventabel as the municipality writes it (TOML, see the crate docs) and as stip uses it: read, then
//! validated into typed lines; every error names the file, the line (its id) and the field.

use crate::geld::{Afronding, Procent};
use serde::Deserialize;
use time::Date;

/// A validated tariff table of one authority for one year.
#[derive(Debug, Clone, PartialEq)]
pub struct Tarieventabel {
    pub gezag: String,
    pub jaar: i32,
    pub naam: String,
    pub geldig_vanaf: Date,
    pub afronding: Afronding,
    pub regels: Vec<Regel>,
    pub toeslagen: Vec<Toeslag>,
    pub kortingen: Vec<Korting>,
    pub teruggaven: Vec<Teruggaaf>,
    pub dienstverlening: Vec<Dienstverlening>,
}

/// What a line applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Voor {
    /// One activity, by its IMOW identificatie.
    Activiteit(String),
    /// An activity group (`bouwen`, `kappen`, …, see `stip_zaak::activiteitgroep`).
    Groep(String),
}

/// How a line's amount follows.
#[derive(Debug, Clone, PartialEq)]
pub enum Tarief {
    Vast(i64),
    /// A percentage of the building costs.
    Bouwkosten(Procent),
    /// Parts of the building costs, each at its rate: up to `tot_cent` (the last part has none).
    Schijven(Vec<(Option<i64>, Procent)>),
}

/// A fixed amount or a percentage (of the activity lines).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bedrag {
    Vast(i64),
    Procent(Procent),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Regel {
    pub id: String,
    pub voor: Voor,
    pub omschrijving: String,
    pub grondslag: String,
    pub tarief: Tarief,
    pub minimum_cent: Option<i64>,
    pub maximum_cent: Option<i64>,
}

/// When a surcharge applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToeslagSoort {
    /// For every activity beyond the first.
    PerExtraActiviteit,
    /// When the uitgebreide voorbereidingsprocedure applies.
    UitgebreideProcedure,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Toeslag {
    pub id: String,
    pub soort: ToeslagSoort,
    pub omschrijving: String,
    pub grondslag: String,
    pub bedrag: Bedrag,
}

/// The closed set of conditions a reduction can have, each evaluated from the application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Voorwaarde {
    CompleetBijIndiening,
    ToestemmingBuren,
    /// Deducts what the applicant paid for a quickscan beforehand.
    QuickscanBetaald,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Korting {
    pub id: String,
    pub voorwaarde: Voorwaarde,
    pub omschrijving: String,
    pub grondslag: String,
    /// None for `quickscan_betaald` without an amount: what was paid.
    pub bedrag: Option<Bedrag>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Teruggaaf {
    pub stadium: crate::Stadium,
    pub omschrijving: String,
    pub grondslag: String,
    pub procent: Procent,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Dienstverlening {
    pub niveau: String,
    pub omschrijving: String,
    pub grondslag: String,
    pub bedrag: Bedrag,
}

/// Why a tariff file was refused: the file, the line (its id, or the table itself) and the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{bestand}: {}{veld}: {melding}", regel.as_ref().map(|r| format!("{r}: ")).unwrap_or_default())]
pub struct TabelFout {
    pub bestand: String,
    /// `regel "bouwen"`, `korting "compleet"`, … — None for the table's own fields and for TOML syntax.
    pub regel: Option<String>,
    pub veld: String,
    pub melding: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Ruw {
    gezag: String,
    jaar: i32,
    naam: String,
    geldig_vanaf: toml::value::Datetime,
    #[serde(default)]
    afronding: Option<String>,
    #[serde(default)]
    regel: Vec<RuweRegel>,
    #[serde(default)]
    toeslag: Vec<RuwBedrag>,
    #[serde(default)]
    korting: Vec<RuwBedrag>,
    #[serde(default)]
    teruggaaf: Vec<RuwBedrag>,
    #[serde(default)]
    dienstverlening: Vec<RuwBedrag>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuweRegel {
    id: Option<String>,
    activiteit: Option<String>,
    groep: Option<String>,
    omschrijving: Option<String>,
    grondslag: Option<String>,
    bedrag_cent: Option<i64>,
    bouwkosten_procent: Option<f64>,
    schijven: Option<Vec<RuweSchijf>>,
    minimum_cent: Option<i64>,
    maximum_cent: Option<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuweSchijf {
    tot_cent: Option<i64>,
    procent: f64,
}

/// The shape shared by surcharges, reductions, refunds and service levels.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuwBedrag {
    id: Option<String>,
    soort: Option<String>,
    voorwaarde: Option<String>,
    stadium: Option<String>,
    niveau: Option<String>,
    omschrijving: Option<String>,
    grondslag: Option<String>,
    bedrag_cent: Option<i64>,
    procent: Option<f64>,
}

/// Whether a file looks like a tariff table (by name and content), before reading it all.
pub fn herken(naam: &str, bytes: &[u8]) -> bool {
    naam.to_lowercase().ends_with(".toml")
        && std::str::from_utf8(bytes).is_ok_and(|t| {
            t.lines().any(|l| {
                let l = l.trim_start();
                l.starts_with("[[regel]]") || l.starts_with("gezag") && l.contains('=')
            })
        })
}

impl Tarieventabel {
    /// Reads and validates a table; `bestand` names the file in errors.
    pub fn lees(bestand: &str, tekst: &str) -> Result<Tarieventabel, TabelFout> {
        let fout = |regel: Option<String>, veld: &str, melding: String| TabelFout {
            bestand: bestand.to_string(),
            regel,
            veld: veld.to_string(),
            melding,
        };
        let ruw: Ruw = toml::from_str(tekst).map_err(|e| {
            let plek = e
                .span()
                .map(|s| {
                    let regelnummer = tekst[..s.start.min(tekst.len())].matches('\n').count() + 1;
                    format!("regel {regelnummer}")
                })
                .unwrap_or_else(|| "toml".into());
            fout(None, &plek, e.message().to_string())
        })?;
        let c = Controle { bestand };
        let gezag = c.tekst(None, "gezag", Some(ruw.gezag))?;
        let geldig_vanaf = match ruw.geldig_vanaf.date {
            Some(d) if ruw.geldig_vanaf.time.is_none() => {
                let maand = time::Month::try_from(d.month).map_err(|e| fout(None, "geldig_vanaf", e.to_string()))?;
                Date::from_calendar_date(i32::from(d.year), maand, d.day)
                    .map_err(|e| fout(None, "geldig_vanaf", e.to_string()))?
            }
            _ => return Err(fout(None, "geldig_vanaf", "a date JJJJ-MM-DD is needed".into())),
        };
        if !(2000..=2200).contains(&ruw.jaar) {
            return Err(fout(None, "jaar", format!("{} is no year", ruw.jaar)));
        }
        let afronding = match ruw.afronding.as_deref() {
            None | Some("cent") => Afronding::Cent,
            Some("euro") => Afronding::Euro,
            Some("euro_omlaag") => Afronding::EuroOmlaag,
            Some(a) => return Err(fout(None, "afronding", format!("\"{a}\" is none of cent, euro, euro_omlaag"))),
        };
        let mut regels = Vec::new();
        for (i, r) in ruw.regel.into_iter().enumerate() {
            regels.push(c.regel(i, r)?);
        }
        let mut toeslagen = Vec::new();
        for (i, t) in ruw.toeslag.into_iter().enumerate() {
            let id = t.id.clone().unwrap_or_else(|| format!("{}", i + 1));
            let wie = Some(format!("toeslag \"{id}\""));
            let soort = match t.soort.as_deref() {
                Some("per_extra_activiteit") => ToeslagSoort::PerExtraActiviteit,
                Some("uitgebreide_procedure") => ToeslagSoort::UitgebreideProcedure,
                Some(s) => {
                    return Err(fout(
                        wie,
                        "soort",
                        format!("\"{s}\" is none of per_extra_activiteit, uitgebreide_procedure"),
                    ));
                }
                None => return Err(fout(wie, "soort", "missing".into())),
            };
            c.alleen(&wie, &t, &["voorwaarde", "stadium", "niveau"])?;
            toeslagen.push(Toeslag {
                id,
                soort,
                omschrijving: c.tekst(wie.clone(), "omschrijving", t.omschrijving)?,
                grondslag: c.tekst(wie.clone(), "grondslag", t.grondslag)?,
                bedrag: c.bedrag(&wie, t.bedrag_cent, t.procent)?,
            });
        }
        let mut kortingen = Vec::new();
        for (i, k) in ruw.korting.into_iter().enumerate() {
            let id = k.id.clone().unwrap_or_else(|| format!("{}", i + 1));
            let wie = Some(format!("korting \"{id}\""));
            let voorwaarde = match k.voorwaarde.as_deref() {
                Some("compleet_bij_indiening") => Voorwaarde::CompleetBijIndiening,
                Some("toestemming_buren") => Voorwaarde::ToestemmingBuren,
                Some("quickscan_betaald") => Voorwaarde::QuickscanBetaald,
                Some(v) => {
                    return Err(fout(
                        wie,
                        "voorwaarde",
                        format!("\"{v}\" is none of compleet_bij_indiening, toestemming_buren, quickscan_betaald"),
                    ));
                }
                None => return Err(fout(wie, "voorwaarde", "missing".into())),
            };
            c.alleen(&wie, &k, &["soort", "stadium", "niveau"])?;
            let bedrag = if voorwaarde == Voorwaarde::QuickscanBetaald && k.bedrag_cent.is_none() && k.procent.is_none()
            {
                None
            } else {
                Some(c.bedrag(&wie, k.bedrag_cent, k.procent)?)
            };
            kortingen.push(Korting {
                id,
                voorwaarde,
                omschrijving: c.tekst(wie.clone(), "omschrijving", k.omschrijving)?,
                grondslag: c.tekst(wie.clone(), "grondslag", k.grondslag)?,
                bedrag,
            });
        }
        let mut teruggaven: Vec<Teruggaaf> = Vec::new();
        for (i, t) in ruw.teruggaaf.into_iter().enumerate() {
            let wie = Some(format!("teruggaaf {}", i + 1));
            let stadium = match t.stadium.as_deref().map(crate::Stadium::parse) {
                Some(Some(s)) => s,
                Some(None) => {
                    return Err(fout(
                        wie,
                        "stadium",
                        format!(
                            "\"{}\" is none of ingetrokken_voor_behandeling, ingetrokken_in_behandeling, geweigerd",
                            t.stadium.unwrap_or_default()
                        ),
                    ));
                }
                None => return Err(fout(wie, "stadium", "missing".into())),
            };
            c.alleen(&wie, &t, &["soort", "voorwaarde", "niveau", "bedrag_cent"])?;
            let procent = match t.procent {
                Some(p) => c.procent(&wie, "procent", p)?,
                None => return Err(fout(wie, "procent", "missing: the part refunded".into())),
            };
            if procent.0 > 100_000 {
                return Err(fout(wie, "procent", "more than 100 %".into()));
            }
            if teruggaven.iter().any(|x| x.stadium == stadium) {
                return Err(fout(wie, "stadium", "twice in the table".into()));
            }
            teruggaven.push(Teruggaaf {
                stadium,
                omschrijving: t.omschrijving.unwrap_or_else(|| stadium.omschrijving().to_string()),
                grondslag: c.tekst(wie.clone(), "grondslag", t.grondslag)?,
                procent,
            });
        }
        let mut dienstverlening: Vec<Dienstverlening> = Vec::new();
        for (i, d) in ruw.dienstverlening.into_iter().enumerate() {
            let wie = Some(format!("dienstverlening {}", i + 1));
            let niveau = c.tekst(wie.clone(), "niveau", d.niveau.clone())?;
            let wie = Some(format!("dienstverlening \"{niveau}\""));
            c.alleen(&wie, &d, &["soort", "voorwaarde", "stadium"])?;
            if dienstverlening.iter().any(|x| x.niveau == niveau) {
                return Err(fout(wie, "niveau", "twice in the table".into()));
            }
            dienstverlening.push(Dienstverlening {
                niveau,
                omschrijving: c.tekst(wie.clone(), "omschrijving", d.omschrijving)?,
                grondslag: c.tekst(wie.clone(), "grondslag", d.grondslag)?,
                bedrag: c.bedrag(&wie, d.bedrag_cent, d.procent)?,
            });
        }
        Ok(Tarieventabel {
            gezag,
            jaar: ruw.jaar,
            naam: c.tekst(None, "naam", Some(ruw.naam))?,
            geldig_vanaf,
            afronding,
            regels,
            toeslagen,
            kortingen,
            teruggaven,
            dienstverlening,
        })
    }

    /// Whether a line needs the building costs.
    pub fn vraagt_bouwkosten(&self) -> bool {
        self.regels.iter().any(|r| !matches!(r.tarief, Tarief::Vast(_)))
    }
}

struct Controle<'a> {
    bestand: &'a str,
}

impl Controle<'_> {
    fn fout(&self, regel: &Option<String>, veld: &str, melding: impl Into<String>) -> TabelFout {
        TabelFout { bestand: self.bestand.into(), regel: regel.clone(), veld: veld.into(), melding: melding.into() }
    }

    fn tekst(&self, regel: Option<String>, veld: &str, waarde: Option<String>) -> Result<String, TabelFout> {
        match waarde.map(|w| w.trim().to_string()) {
            Some(w) if !w.is_empty() => Ok(w),
            _ => Err(self.fout(&regel, veld, "missing")),
        }
    }

    fn cent(&self, regel: &Option<String>, veld: &str, c: i64) -> Result<i64, TabelFout> {
        if c < 0 {
            return Err(self.fout(regel, veld, format!("{c} is negative: amounts are cents, 0 or more")));
        }
        if c > 100_000_000_000 {
            return Err(self.fout(regel, veld, format!("{c} cents is more than a billion euros")));
        }
        Ok(c)
    }

    fn procent(&self, regel: &Option<String>, veld: &str, p: f64) -> Result<Procent, TabelFout> {
        Procent::uit(p).ok_or_else(|| {
            self.fout(regel, veld, format!("{p} is no percentage 0 or more with at most three decimals"))
        })
    }

    fn bedrag(&self, regel: &Option<String>, cent: Option<i64>, procent: Option<f64>) -> Result<Bedrag, TabelFout> {
        match (cent, procent) {
            (Some(c), None) => Ok(Bedrag::Vast(self.cent(regel, "bedrag_cent", c)?)),
            (None, Some(p)) => Ok(Bedrag::Procent(self.procent(regel, "procent", p)?)),
            (Some(_), Some(_)) => Err(self.fout(regel, "bedrag_cent", "give bedrag_cent or procent, not both")),
            (None, None) => Err(self.fout(regel, "bedrag_cent", "missing: give bedrag_cent or procent")),
        }
    }

    /// Refuses fields that belong to another kind of entry.
    fn alleen(&self, regel: &Option<String>, r: &RuwBedrag, niet: &[&str]) -> Result<(), TabelFout> {
        for veld in niet {
            let gezet = match *veld {
                "soort" => r.soort.is_some(),
                "voorwaarde" => r.voorwaarde.is_some(),
                "stadium" => r.stadium.is_some(),
                "niveau" => r.niveau.is_some(),
                "bedrag_cent" => r.bedrag_cent.is_some(),
                _ => false,
            };
            if gezet {
                return Err(self.fout(regel, veld, "does not belong here"));
            }
        }
        let _ = &r.id;
        Ok(())
    }

    fn regel(&self, i: usize, r: RuweRegel) -> Result<Regel, TabelFout> {
        let id = r.id.clone().unwrap_or_else(|| format!("{}", i + 1));
        let wie = Some(format!("regel \"{id}\""));
        let voor = match (r.activiteit, r.groep) {
            (Some(a), None) if !a.trim().is_empty() => Voor::Activiteit(a.trim().into()),
            (None, Some(g)) if !g.trim().is_empty() => Voor::Groep(g.trim().into()),
            (Some(_), Some(_)) => return Err(self.fout(&wie, "activiteit", "give activiteit or groep, not both")),
            _ => return Err(self.fout(&wie, "activiteit", "missing: give activiteit (an IMOW id) or groep")),
        };
        let tarief = match (r.bedrag_cent, r.bouwkosten_procent, r.schijven) {
            (Some(c), None, None) => Tarief::Vast(self.cent(&wie, "bedrag_cent", c)?),
            (None, Some(p), None) => Tarief::Bouwkosten(self.procent(&wie, "bouwkosten_procent", p)?),
            (None, None, Some(s)) => {
                if s.is_empty() {
                    return Err(self.fout(&wie, "schijven", "empty"));
                }
                let mut uit = Vec::new();
                let mut vorige = 0;
                for (n, schijf) in s.iter().enumerate() {
                    let laatste = n + 1 == s.len();
                    let tot = match (schijf.tot_cent, laatste) {
                        (Some(t), _) => {
                            let t = self.cent(&wie, "schijven.tot_cent", t)?;
                            if t <= vorige {
                                return Err(self.fout(
                                    &wie,
                                    "schijven.tot_cent",
                                    "each part must end above the one before",
                                ));
                            }
                            vorige = t;
                            Some(t)
                        }
                        (None, true) => None,
                        (None, false) => {
                            return Err(self.fout(&wie, "schijven.tot_cent", "missing: only the last part has no end"));
                        }
                    };
                    uit.push((tot, self.procent(&wie, "schijven.procent", schijf.procent)?));
                }
                Tarief::Schijven(uit)
            }
            (None, None, None) => {
                return Err(self.fout(
                    &wie,
                    "bedrag_cent",
                    "missing: give bedrag_cent, bouwkosten_procent or schijven",
                ));
            }
            _ => {
                return Err(self.fout(&wie, "bedrag_cent", "give one of bedrag_cent, bouwkosten_procent and schijven"));
            }
        };
        let minimum_cent = r.minimum_cent.map(|c| self.cent(&wie, "minimum_cent", c)).transpose()?;
        let maximum_cent = r.maximum_cent.map(|c| self.cent(&wie, "maximum_cent", c)).transpose()?;
        if let (Some(min), Some(max)) = (minimum_cent, maximum_cent)
            && min > max
        {
            return Err(self.fout(&wie, "maximum_cent", "below minimum_cent"));
        }
        Ok(Regel {
            id,
            voor,
            omschrijving: self.tekst(wie.clone(), "omschrijving", r.omschrijving)?,
            grondslag: self.tekst(wie.clone(), "grondslag", r.grondslag)?,
            tarief,
            minimum_cent,
            maximum_cent,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KOP: &str = "gezag = \"gm9999\"\njaar = 2026\nnaam = \"Leges 2026\"\ngeldig_vanaf = 2026-01-01\n";

    fn lees(rest: &str) -> Result<Tarieventabel, TabelFout> {
        Tarieventabel::lees("leges.toml", &format!("{KOP}{rest}"))
    }

    #[test]
    fn a_table_with_lines_surcharges_reductions_and_refunds_is_read() {
        let t = lees(
            r#"
afronding = "euro"
[[regel]]
id = "bouwen"
groep = "bouwen"
omschrijving = "Bouwactiviteit"
grondslag = "artikel 2.3.1"
schijven = [{ tot_cent = 10000000, procent = 3 }, { procent = 2.5 }]
minimum_cent = 15000
[[korting]]
id = "quickscan"
voorwaarde = "quickscan_betaald"
omschrijving = "Quickscan"
grondslag = "artikel 1.6.3"
[[teruggaaf]]
stadium = "geweigerd"
procent = 25
grondslag = "artikel 1.8.3"
"#,
        )
        .unwrap();
        assert_eq!(t.afronding, Afronding::Euro);
        assert_eq!(
            t.regels[0].tarief,
            Tarief::Schijven(vec![(Some(10_000_000), Procent(3000)), (None, Procent(2500))])
        );
        assert_eq!(t.kortingen[0].bedrag, None);
        assert_eq!(t.teruggaven[0].procent, Procent(25_000));
        assert!(herken("leges.toml", format!("{KOP}[[regel]]").as_bytes()));
        assert!(!herken("plan.gml", KOP.as_bytes()));
    }

    #[test]
    fn a_line_without_an_amount_is_refused_naming_file_line_and_field() {
        let e = lees("[[regel]]\nid = \"kap\"\ngroep = \"kappen\"\nomschrijving = \"Kappen\"\ngrondslag = \"art 3\"\n")
            .unwrap_err();
        assert_eq!(
            (e.bestand.as_str(), e.regel.as_deref(), e.veld.as_str()),
            ("leges.toml", Some("regel \"kap\""), "bedrag_cent")
        );
        assert!(e.to_string().starts_with("leges.toml: regel \"kap\": bedrag_cent: missing"), "{e}");
    }

    #[test]
    fn a_negative_amount_is_refused() {
        let e = lees(
            "[[regel]]\nid = \"kap\"\ngroep = \"kappen\"\nomschrijving = \"K\"\ngrondslag = \"a\"\nbedrag_cent = -5\n",
        )
        .unwrap_err();
        assert_eq!(e.veld, "bedrag_cent");
        assert!(e.melding.contains("negative"), "{e}");
    }

    #[test]
    fn an_unknown_condition_is_refused() {
        let e = lees("[[korting]]\nid = \"x\"\nvoorwaarde = \"mooi_weer\"\nomschrijving = \"K\"\ngrondslag = \"a\"\nprocent = 5\n")
            .unwrap_err();
        assert_eq!((e.regel.as_deref(), e.veld.as_str()), (Some("korting \"x\""), "voorwaarde"));
    }

    #[test]
    fn malformed_toml_is_refused_with_its_line_number() {
        let e = lees("[[regel]\nid = \n").unwrap_err();
        assert_eq!(e.bestand, "leges.toml");
        assert!(e.veld.starts_with("regel 5"), "{e}");
        let e = Tarieventabel::lees("x.toml", "gezag = \"gm1\"\n").unwrap_err();
        assert!(e.to_string().contains("jaar"), "{e}");
    }
}
