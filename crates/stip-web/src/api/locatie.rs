//! Where a question is asked, as the API takes it: a point in RD New (`x`, `y`, metres) or WGS84 (`lon`, `lat`),
//! parsed into RD New by the application layer (`stip_app::locatie`), with a clear message per field when it is
//! wrong.

use crate::error::ApiError;
use serde::Deserialize;
use stip_geo::RdPoint;
use utoipa::{IntoParams, ToSchema};

/// A point: `x` and `y` in RD New (EPSG:28992, metres), or `lon` and `lat` in WGS84.
///
/// As query parameters the four are optional each (the answer says which pair is missing); as a JSON body it is
/// one of the two pairs.
#[derive(Debug, Default, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Punt {
    /// RD New x (metres), with `y`
    #[param(minimum = -100000, maximum = 400000)]
    pub x: Option<f64>,
    /// RD New y (metres), with `x`
    #[param(minimum = 200000, maximum = 800000)]
    pub y: Option<f64>,
    /// WGS84 longitude (degrees), with `lat`
    #[param(minimum = -180, maximum = 180)]
    pub lon: Option<f64>,
    /// WGS84 latitude (degrees), with `lon`
    #[param(minimum = -90, maximum = 90)]
    pub lat: Option<f64>,
}

/// In the API document: `x` and `y` (RD New) or `lon` and `lat` (WGS84), as `oneOf`.
impl utoipa::PartialSchema for Punt {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Type};
        let getal = |beschrijving: &str, min: f64, max: f64| {
            ObjectBuilder::new()
                .schema_type(Type::Number)
                .description(Some(beschrijving))
                .minimum(Some(min))
                .maximum(Some(max))
        };
        let rd = ObjectBuilder::new()
            .title(Some("RD New"))
            .property("x", getal("RD New x (EPSG:28992, metres)", -100_000.0, 400_000.0))
            .property("y", getal("RD New y (EPSG:28992, metres)", 200_000.0, 800_000.0))
            .required("x")
            .required("y");
        let wgs84 = ObjectBuilder::new()
            .title(Some("WGS84"))
            .property("lon", getal("WGS84 longitude (degrees)", -180.0, 180.0))
            .property("lat", getal("WGS84 latitude (degrees)", -90.0, 90.0))
            .required("lon")
            .required("lat");
        OneOfBuilder::new()
            .item(rd)
            .item(wgs84)
            .description(Some("A point: x and y in RD New, or lon and lat in WGS84 (one pair, not both)"))
            .into()
    }
}

impl ToSchema for Punt {}

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
