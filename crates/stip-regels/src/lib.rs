//! The omgevingsdocument model, importers per format, and the query "what applies here".
//!
//! - [`model`]: one normalised model for IMOW (Omgevingswet) and IMRO (Wro) plans, plus BAG panden and BRK percelen.
//! - [`objecten`]: BAG panden and BRK percelen held compactly (numbers, interned texts, flat footprints).
//! - [`norm`]: the table that makes an IMRO maatvoering and an IMOW omgevingsnorm come out alike.
//! - [`import`]: STOP/TPOD, IMRO, BAG and BRK readers (bytes in, values out; no IO).
//! - [`index`]: [`RegelIndex`], built once, answering [`index::RegelIndex::at_point`] and `in_area`.
//! - [`antwoord`]: the answer and its plain-Dutch summary.
//! - [`plancheck`]: "Binnen de lijntjes", a drawn building plan checked against the norms where it lies.
//! - [`synth`]: a seeded generator of national-scale data for benchmarks.
//! - [`synth_levering`]: that synthetic plan written as a real STOP/TPOD delivery (bytes), for the import benchmark.
//! - [`verschil`]: what changed in a plan between two versions, per norm and place.

pub mod antwoord;
pub mod error;
pub mod import;
pub mod index;
pub mod model;
pub mod norm;
pub mod objecten;
pub mod plancheck;
pub mod synth;
pub mod synth_levering;
pub mod verschil;

pub use antwoord::Antwoord;
pub use error::{ImportError, Reason};
pub use index::{Laag, RegelIndex};
pub use model::{Pand, Perceel, PlanVersie};
pub use stip_geo::RdPoint;
pub use verschil::{NormWijziging, verschil};
