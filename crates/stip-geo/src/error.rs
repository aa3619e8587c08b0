//! Errors of geometry reading and validation: every error says which element (gml:id) and why.

use thiserror::Error;

/// A geometry could not be read or is not valid. `element` names the GML element (with its gml:id where it has one).
#[derive(Debug, Error, Clone, PartialEq)]
#[error("{element}: {kind}")]
pub struct GeoError {
    /// The GML element, e.g. `gml:Polygon gml:id="id-772B"` or `gml:posList`.
    pub element: String,
    pub kind: GeoErrorKind,
}

#[derive(Debug, Error, Clone, PartialEq)]
pub enum GeoErrorKind {
    #[error("unknown or unsupported coordinate reference system '{0}' (stip reads EPSG:28992 RD New and EPSG:4326)")]
    UnknownCrs(String),
    #[error("not a number in coordinates: '{0}'")]
    BadNumber(String),
    #[error("coordinate is NaN or infinite")]
    NotFinite,
    #[error("coordinate count {count} is not a multiple of the dimension {dimension}")]
    OddCoordinates { count: usize, dimension: usize },
    #[error("unsupported srsDimension {0} (2 or 3 expected)")]
    BadDimension(String),
    #[error("ring {ring} is not closed: starts at ({x0:.3}, {y0:.3}) and ends at ({x1:.3}, {y1:.3})")]
    UnclosedRing { ring: usize, x0: f64, y0: f64, x1: f64, y1: f64 },
    #[error("ring {ring} has {points} points; a ring needs at least 4 (3 distinct and the closing point)")]
    TooFewPoints { ring: usize, points: usize },
    #[error("line has {points} points; a line needs at least 2")]
    TooFewLinePoints { points: usize },
    #[error("ring {ring} intersects itself near ({x:.3}, {y:.3})")]
    SelfIntersection { ring: usize, x: f64, y: f64 },
    #[error("unsupported GML geometry element '{0}'")]
    UnsupportedGeometry(String),
    #[error("arc needs 3 points (start, on-arc, end) per arc, got {0}")]
    BadArc(usize),
    #[error("geometry has no coordinates")]
    Empty,
    #[error("XML error: {0}")]
    Xml(String),
    #[error("the document declares a DOCTYPE/entities; stip refuses DTDs (entity expansion attacks)")]
    DocType,
    #[error("undefined entity reference '&{0};'")]
    UnknownEntity(String),
    #[error("document is not UTF-8: {0}")]
    NotUtf8(String),
    #[error("coordinate transformation failed: {0}")]
    Transform(String),
    #[error("XML nesting deeper than {0} levels")]
    TooDeep(usize),
    #[error("XML document with more than {0} elements")]
    TooManyElements(usize),
    #[error("XML document larger than {0} bytes")]
    TooLarge(usize),
}

impl GeoError {
    pub fn new(element: impl Into<String>, kind: GeoErrorKind) -> Self {
        Self { element: element.into(), kind }
    }
}
