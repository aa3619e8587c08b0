//! What stip has read in and whether it works, for people: each dataset in service by its kind in words
//! (omgevingsplan, bestemmingsplan, BAG, BRK, toepasbare regels, leges), its name, its municipality, the date of its
//! version and when it was imported; and the state of the service (does the database answer, which data is live).
//! Developers read the same from `/api/v1/datasets` and `/health/ready`.

use crate::App;
use crate::fout::Fout;
use serde::Serialize;
use stip_store::{DatasetKind, DatasetMeta, DatasetRepository};
use time::OffsetDateTime;

/// The kind of a dataset, as people know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Soort {
    Omgevingsplan,
    Bestemmingsplan,
    ToepasbareRegels,
    Bag,
    Brk,
    Leges,
}

impl Soort {
    pub const ALL: [Soort; 6] =
        [Soort::Omgevingsplan, Soort::Bestemmingsplan, Soort::ToepasbareRegels, Soort::Bag, Soort::Brk, Soort::Leges];

    fn van(m: &DatasetMeta) -> Soort {
        match m.kind {
            DatasetKind::Regeling if m.sleutel.to_ascii_uppercase().starts_with("NL.IMRO.") => Soort::Bestemmingsplan,
            DatasetKind::Regeling => Soort::Omgevingsplan,
            DatasetKind::ToepasbareRegels => Soort::ToepasbareRegels,
            DatasetKind::Bag => Soort::Bag,
            DatasetKind::Brk => Soort::Brk,
            DatasetKind::Leges => Soort::Leges,
        }
    }

    /// Its catalogue key (`gegevens.soort_*`), for a name in the reader's language.
    pub fn sleutel(self) -> &'static str {
        match self {
            Soort::Omgevingsplan => "gegevens.soort_omgevingsplan",
            Soort::Bestemmingsplan => "gegevens.soort_bestemmingsplan",
            Soort::ToepasbareRegels => "gegevens.soort_toepasbare_regels",
            Soort::Bag => "gegevens.soort_bag",
            Soort::Brk => "gegevens.soort_brk",
            Soort::Leges => "gegevens.soort_leges",
        }
    }
}

/// One dataset in service, in words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gegeven {
    pub soort: Soort,
    /// Its own name, when it has one people can read (a file name or a code is no name).
    pub titel: Option<String>,
    /// The municipality's name, when stip knows it.
    pub gemeente: Option<String>,
    /// The date the version took effect (`nld@2026-01-01;1`), when the version says it.
    pub versiedatum: Option<time::Date>,
    /// The year it is for (a tarieventabel), when the version is a year.
    pub jaar: Option<i32>,
    #[serde(with = "time::serde::rfc3339")]
    pub geimporteerd: OffsetDateTime,
    /// Part of the built-in demo municipality.
    pub demo: bool,
}

/// The municipality code a dataset's key names: `gm0297` in an AKN or IMOW id, or `0664` in an IMRO id.
fn gemeentecode(sleutel: &str) -> Option<String> {
    let s = sleutel.to_ascii_lowercase();
    if let Some(rest) = s.strip_prefix("nl.imro.") {
        let code: String = rest.chars().take_while(char::is_ascii_digit).collect();
        return (code.len() == 4).then(|| format!("gm{code}"));
    }
    let bytes = s.as_bytes();
    (0..bytes.len().saturating_sub(5)).find_map(|i| {
        let voor = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        let code = &s[i..i + 6];
        (voor
            && code.starts_with("gm")
            && code[2..].bytes().all(|b| b.is_ascii_digit())
            && bytes.get(i + 6).is_none_or(|b| !b.is_ascii_alphanumeric()))
        .then(|| code.to_string())
    })
}

/// The date in a STOP expression version (`nld@2026-01-01;1`).
fn versiedatum(versie: &str) -> Option<time::Date> {
    let datum = versie.split_once('@')?.1.split(';').next()?;
    time::Date::parse(datum, &time::format_description::well_known::Iso8601::DATE).ok()
}

impl Gegeven {
    fn van(app: &App, m: &DatasetMeta) -> Gegeven {
        let soort = Soort::van(m);
        let demo = m.bron.starts_with("demo:");
        let code = gemeentecode(&m.sleutel)
            .or_else(|| demo.then(|| app.host().bevoegd_gezag.first().map(|g| g.code.clone())).flatten());
        let gemeente = code.and_then(|c| app.host().gezag(&c).map(|g| g.naam.clone()));
        let leesbaar = !m.titel.trim().is_empty()
            && m.titel != m.bron
            && !m.titel.starts_with("demo:")
            && !m.titel.contains(['/', '\\'])
            && !matches!(soort, Soort::Bag | Soort::Brk);
        Gegeven {
            soort,
            titel: leesbaar.then(|| m.titel.clone()),
            gemeente,
            versiedatum: versiedatum(&m.versie),
            jaar: (soort == Soort::Leges).then(|| m.versie.parse().ok()).flatten(),
            geimporteerd: m.geimporteerd,
            demo,
        }
    }
}

/// Every dataset in service, by kind, then newest import first.
pub async fn ingelezen(app: &App) -> Result<Vec<Gegeven>, Fout> {
    let mut alle = Vec::new();
    for kind in DatasetKind::ALL {
        alle.extend(app.store().current(kind).await?.iter().map(|m| Gegeven::van(app, m)));
    }
    alle.sort_by(|a, b| a.soort.cmp(&b.soort).then(b.geimporteerd.cmp(&a.geimporteerd)));
    Ok(alle)
}

/// How many datasets of one kind are live.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Aantal {
    pub soort: Soort,
    pub aantal: usize,
}

/// The state of the service, in words: whether the database answers and which data is live.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stand {
    pub database: bool,
    /// Per kind, only kinds with data; empty when the database does not answer.
    pub gegevens: Vec<Aantal>,
    /// The newest import in service.
    #[serde(with = "time::serde::rfc3339::option")]
    pub laatst_bijgewerkt: Option<OffsetDateTime>,
    /// The demo municipality is shown (nothing real imported yet).
    pub demo: bool,
}

/// The state of the service now.
pub async fn stand(app: &App) -> Stand {
    let demo = app.kennis().demo;
    if app.store().ping().await.is_err() {
        return Stand { database: false, gegevens: Vec::new(), laatst_bijgewerkt: None, demo };
    }
    let Ok(alle) = ingelezen(app).await else {
        return Stand { database: false, gegevens: Vec::new(), laatst_bijgewerkt: None, demo };
    };
    let gegevens = Soort::ALL
        .into_iter()
        .map(|soort| Aantal { soort, aantal: alle.iter().filter(|g| g.soort == soort).count() })
        .filter(|a| a.aantal > 0)
        .collect();
    Stand { database: true, gegevens, laatst_bijgewerkt: alle.iter().map(|g| g.geimporteerd).max(), demo }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_municipality_is_read_from_akn_imow_imro_and_leges_keys() {
        assert_eq!(gemeentecode("/akn/nl/act/gm0297/2019/reg456").as_deref(), Some("gm0297"));
        assert_eq!(gemeentecode("nl.imow-gm9999.activiteit.dakkapel").as_deref(), Some("gm9999"));
        assert_eq!(gemeentecode("gm9999-conclusie-dakkapel gm9999-x").as_deref(), Some("gm9999"));
        assert_eq!(gemeentecode("NL.IMRO.0664.BPBS03-ON99").as_deref(), Some("gm0664"));
        assert_eq!(gemeentecode("gm9999 2026").as_deref(), Some("gm9999"));
        assert_eq!(gemeentecode("demo:bag"), None);
        assert_eq!(gemeentecode("programm12345"), None);
    }

    #[test]
    fn a_stop_version_gives_its_date_and_others_none() {
        assert_eq!(versiedatum("nld@2026-01-01;1"), Some(time::macros::date!(2026 - 01 - 01)));
        assert_eq!(versiedatum("nld@1"), None);
        assert_eq!(versiedatum("ON99"), None);
    }
}
