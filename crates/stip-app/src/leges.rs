//! STAND-IN (h-betalen): one fixed line and a 50 % refund; the lead replaces this file with h-leges's `leges` module.

use crate::fout::Fout;
use crate::kennis::Kennis;
use stip_leges::{Legesregel, Raming};
use stip_zaak::aanvraag::Aanvraag;
use time::Date;

/// The fees of an application by the tariff table in force on `op`.
pub fn voor_aanvraag(
    _kennis: &Kennis,
    _aanvraag: &Aanvraag,
    _op: Date,
    _bouwkosten_cent: Option<i64>,
) -> Result<Raming, Fout> {
    let regel = Legesregel {
        omschrijving: "Omgevingsvergunning bouwen".into(),
        grondslag: "Legesverordening, tabel 2.3.1".into(),
        berekening: "vast bedrag".into(),
        bedrag_cent: 25_000,
    };
    Ok(Raming { regels: vec![regel], totaal_cent: 25_000, ontbreekt: Vec::new() })
}

/// What is refunded of an assessment of `aanslag_cent`, by the reason (`ingetrokken_voor_behandeling`,
/// `ingetrokken_in_behandeling`, `geweigerd`).
pub fn teruggaaf(_kennis: &Kennis, aanslag_cent: i64, _reden: &str, _op: Date) -> Result<Raming, Fout> {
    let bedrag_cent = aanslag_cent / 2;
    let regel = Legesregel {
        omschrijving: "Teruggaaf leges".into(),
        grondslag: "Legesverordening, artikel 8".into(),
        berekening: "50 % van het geheven bedrag".into(),
        bedrag_cent,
    };
    Ok(Raming { regels: vec![regel], totaal_cent: bedrag_cent, ontbreekt: Vec::new() })
}
