//! CRS-aware geometry for stip: RD New and WGS84 coordinates, GML geometry reading, validation, spatial index.
