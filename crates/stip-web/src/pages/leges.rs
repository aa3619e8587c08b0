//! "Wat kost het?" on the pages: the estimate of the fees as the Vergunningcheck outcome and the draft show it
//! (`leges.html`), amounts written the Dutch way and the building-costs field where a line needs them.

use serde_json::{Value, json};
use stip_app::fout::Fout;
use stip_leges::Raming;
use stip_leges::geld::euro;

/// What `leges.html` shows: the lines with their amount in words, the total, whether the building costs are asked,
/// and the building costs typed so far. No table for the authority: `onbekend`.
pub(super) fn weergave(raming: Option<Result<Raming, Fout>>, bouwkosten: &str) -> Value {
    match raming {
        Some(Ok(r)) => {
            let regels: Vec<Value> = r
                .regels
                .iter()
                .map(|l| {
                    json!({
                        "omschrijving": l.omschrijving, "grondslag": l.grondslag, "berekening": l.berekening,
                        "bedrag": euro(l.bedrag_cent),
                    })
                })
                .collect();
            let vraagt = r.ontbreekt.iter().any(|o| o == "bouwkosten") || !bouwkosten.trim().is_empty();
            json!({
                "tabel": r.tabel, "regels": regels, "totaal": euro(r.totaal_cent),
                "ontbreektBouwkosten": r.ontbreekt.iter().any(|o| o == "bouwkosten"),
                "vraagtBouwkosten": vraagt, "bouwkosten": bouwkosten.trim(), "zonderTarief": r.zonder_tarief,
            })
        }
        Some(Err(_)) => json!({ "onbekend": true }),
        None => Value::Null,
    }
}
