//! Where a question is asked, as the API takes it: a point in RD New (`x`, `y`, metres) or WGS84 (`lon`, `lat`),
//! parsed into RD New by the application layer (`stip_app::locatie`), with a clear message per field when it is
//! wrong.

use crate::error::ApiError;
use serde::Deserialize;
use stip_geo::RdPoint;
use utoipa::{IntoParams, ToSchema};

/// A point: `x` and `y` in RD New (EPSG:28992, metres), or `lon` and `lat` in WGS84.
#[derive(Debug, Default, Clone, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
pub struct Punt {
    /// RD New x (metres), with `y`
    pub x: Option<f64>,
    /// RD New y (metres), with `x`
    pub y: Option<f64>,
    /// WGS84 longitude (degrees), with `lat`
    pub lon: Option<f64>,
    /// WGS84 latitude (degrees), with `lon`
    pub lat: Option<f64>,
}

impl Punt {
    /// The point in RD New.
    pub fn rd(&self) -> Result<RdPoint, ApiError> {
        Ok(stip_app::locatie::punt(self.x, self.y, self.lon, self.lat)?)
    }

    /// The point in RD New when any part is given; `None` when none is.
    pub fn misschien(&self) -> Result<Option<RdPoint>, ApiError> {
        Ok(stip_app::locatie::misschien_punt(self.x, self.y, self.lon, self.lat)?)
    }
}
