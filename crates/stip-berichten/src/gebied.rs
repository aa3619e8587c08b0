//! The area a subscription covers, in RD New (EPSG:28992) metres: a point with a radius or a drawn polygon (also
//! "my address" and "my parcel", which the application layer turns into one of these from the BAG and BRK).

use geo_types::{Coord, MultiPolygon};
use serde::{Deserialize, Serialize};

/// The smallest and largest radius people may choose (metres).
pub const MIN_STRAAL_M: f64 = 25.0;
pub const MAX_STRAAL_M: f64 = 5_000.0;

/// An area in RD New.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Gebied {
    /// Everything within `meter` of `midden` (boundary inclusive).
    Straal { midden: Coord<f64>, meter: f64 },
    /// A drawn polygon, an address's building or a parcel.
    Vlak(MultiPolygon<f64>),
}
