//! Parsing of GML `srsName` values into the CRSs stip knows (RD New EPSG:28992 and WGS84 EPSG:4326).
//!
//! Accepted spellings of one EPSG code `N`: `EPSG:N`, `epsg:N`, `urn:ogc:def:crs:EPSG::N`,
//! `urn:ogc:def:crs:EPSG:<version>:N`, `urn:x-ogc:def:crs:EPSG:N`, `http(s)://www.opengis.net/def/crs/EPSG/0/N`,
//! `http://www.opengis.net/gml/srs/epsg.xml#N`. Anything else is an error.

use serde::{Deserialize, Serialize};

use crate::error::{GeoError, GeoErrorKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Crs {
    /// RD New, EPSG:28992 (also the code 7415 RD New + NAP height, whose horizontal part is RD New).
    RdNew,
    /// WGS84 geographic, EPSG:4326 (axis order latitude, longitude per EPSG).
    Wgs84,
}

impl Crs {
    /// Parses an `srsName` value.
    pub fn parse(srs_name: &str) -> Result<Crs, GeoError> {
        let unknown = || GeoError::new("srsName", GeoErrorKind::UnknownCrs(srs_name.to_string()));
        let code = epsg_code(srs_name.trim()).ok_or_else(unknown)?;
        match code {
            28992 | 7415 => Ok(Crs::RdNew),
            4326 | 4258 => Ok(Crs::Wgs84),
            _ => Err(unknown()),
        }
    }
}

fn epsg_code(s: &str) -> Option<u32> {
    let lower = s.to_ascii_lowercase();
    let tail = if let Some(rest) = lower.strip_prefix("epsg:") {
        rest
    } else if let Some(rest) =
        lower.strip_prefix("urn:ogc:def:crs:epsg:").or_else(|| lower.strip_prefix("urn:x-ogc:def:crs:epsg:"))
    {
        // `EPSG::N` or `EPSG:version:N`
        rest.rsplit(':').next()?
    } else if let Some(rest) = lower
        .strip_prefix("http://www.opengis.net/def/crs/epsg/")
        .or_else(|| lower.strip_prefix("https://www.opengis.net/def/crs/epsg/"))
    {
        rest.rsplit('/').next()?
    } else {
        lower.strip_prefix("http://www.opengis.net/gml/srs/epsg.xml#")?
    };
    if tail.is_empty() || !tail.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    tail.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_spellings_of_rd_new_are_recognised() {
        for s in [
            "EPSG:28992",
            "epsg:28992",
            "urn:ogc:def:crs:EPSG::28992",
            "urn:ogc:def:crs:EPSG:6.9:28992",
            "urn:x-ogc:def:crs:EPSG:28992",
            "http://www.opengis.net/def/crs/EPSG/0/28992",
            "https://www.opengis.net/def/crs/EPSG/0/28992",
            "http://www.opengis.net/gml/srs/epsg.xml#28992",
            "urn:ogc:def:crs:EPSG::7415",
        ] {
            assert_eq!(Crs::parse(s), Ok(Crs::RdNew), "{s}");
        }
    }

    #[test]
    fn an_unknown_crs_is_an_error_naming_it() {
        let err = Crs::parse("urn:ogc:def:crs:EPSG::3857").unwrap_err();
        assert!(err.to_string().contains("3857"), "{err}");
        assert!(Crs::parse("EPSG:").is_err());
        assert!(Crs::parse("foo").is_err());
    }
}
