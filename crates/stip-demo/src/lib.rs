//! The built-in demo municipality, Gemeente Voorbeeldstad (fictional code gm9999): a few streets with an
//! omgevingsplan, buildings and addresses, parcels, toepasbare regels and a tarieventabel (leges) — so that a fresh stip shows the whole
//! journey before any real data is imported.
//!
//! Everything is written here, by stip, in the real delivery formats (a STOP/TPOD delivery, a BAG 2.0 extract, a
//! BRK kadastrale kaart, STTR DMN files), and goes through the same importers as real data: there is no back door
//! into the model. Deterministic: the same bytes every time. No IO.
//!
//! The village lies around RD (170 000, 470 000), away from every national sample:
//!
//! - **Dorpsstraat 10–16** (1234 AB), the old centre: functie Gemengd, welstandsgebied Dorpskern, maximum
//!   bouwhoogte 10 m, goothoogte 7 m, 3 bouwlagen, bebouwingspercentage 80 %.
//! - **Lindelaan 1–7** (1234 AC), a residential street: functie Wonen, bouwhoogte 7 m, goothoogte 4 m,
//!   2 bouwlagen, bebouwingspercentage 40 %.
//! - **Wilgenpark**, functie Groen: kappen van een boom is vergunningplichtig, in the monumental lime row forbidden.

mod bag;
mod brk;
mod dorp;
mod plan;
mod sttr;

pub use dorp::{Kavel, Rechthoek, WOONPLAATS, kavels, polygoon};

/// The name the demo calls itself in logs and on the home page.
pub const GEMEENTE: &str = "Gemeente Voorbeeldstad";

/// Every demo source's name starts with this (`stip_app::demo::is_demo` tells demo data from real data by it).
pub const PREFIX: &str = "demo:";

/// One demo source, as `stip import` would have read it from disk: a name and its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoBron {
    /// `demo:…`
    pub naam: String,
    /// (file name, bytes) per file.
    pub bestanden: Vec<(String, Vec<u8>)>,
}

/// The demo's tarieventabel (leges) for 2026, as a municipality writes it (see `stip_leges`).
pub const LEGES: &[u8] = include_bytes!("leges-2026.toml");

/// The demo sources: the omgevingsplan (one STOP/TPOD delivery), the BAG extract, the BRK kadastrale kaart, the
/// toepasbare regels and the tarieventabel.
pub fn bronnen() -> Vec<DemoBron> {
    vec![
        DemoBron { naam: format!("{PREFIX}omgevingsplan"), bestanden: plan::levering() },
        DemoBron { naam: format!("{PREFIX}bag"), bestanden: bag::extract() },
        DemoBron { naam: format!("{PREFIX}brk"), bestanden: vec![("voorbeeldstad_perceel.gml".into(), brk::kaart())] },
        DemoBron { naam: format!("{PREFIX}toepasbare-regels"), bestanden: sttr::bestanden() },
        DemoBron {
            naam: format!("{PREFIX}leges"),
            bestanden: vec![("voorbeeldstad-leges-2026.toml".into(), LEGES.to_vec())],
        },
    ]
}
