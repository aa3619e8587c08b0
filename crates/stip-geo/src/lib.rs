//! CRS-aware geometry for stip: RD New and WGS84 coordinates, GML geometry reading, validation, spatial index.
//!
//! RD New (EPSG:28992) is the working CRS everywhere in stip; WGS84 only appears at the edge (web map, API input
//! stated as WGS84). Every module owns one algorithm, in the way georust/geo is organised.

pub mod arc;
pub mod box_index;
pub mod container;
pub mod crs;
pub mod edge_index;
pub mod error;
pub mod ewkb;
pub mod gml;
pub mod point_in_polygon;
pub mod polygon_set;
pub mod rd;
pub mod self_intersection;
pub mod simple_ring;
pub mod spatial_index;
pub mod transform;
pub mod validate;
pub mod xml;

pub use box_index::BoxIndex;
pub use crs::Crs;
pub use error::{GeoError, GeoErrorKind};
pub use point_in_polygon::PreparedPolygon;
pub use polygon_set::{PolygonSet, PolygonSetBuilder, PolygonSetParts};
pub use rd::{RdBbox, RdPoint, Wgs84Point};
pub use spatial_index::SpatialIndex;
