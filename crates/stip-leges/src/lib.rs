//! Fees (leges) as data, without IO: a municipality's tarieventabel (the table of its legesverordening, set by the
//! council per year) read from TOML and validated ([`tabel`]), and the estimate of what an application costs
//! ([`bereken`]): each line with its legal ground (the article of the table) and how it was computed, in integer cents.
//!
//! # The file format
//!
//! One TOML file per authority and year. Amounts are whole cents (`bedrag_cent = 45000` is € 450,00); percentages
//! are numbers with at most three decimals (`procent = 2.5`).
//!
//! ```toml
//! gezag = "gm9999"                     # the authority (CBS code)
//! jaar = 2026
//! naam = "Tarieventabel leges 2026"
//! geldig_vanaf = 2026-01-01            # the table applies from this day until a newer one starts
//! afronding = "cent"                   # per line: "cent" (default), "euro" (half up) or "euro_omlaag"
//!
//! [[regel]]                            # one line per activity (IMOW id) or activity group
//! id = "bouwen"
//! groep = "bouwen"                     # or: activiteit = "nl.imow-gm9999.activiteit.dakkapel"
//! omschrijving = "Bouwactiviteit"
//! grondslag = "Tarieventabel, artikel 2.3.1"
//! bouwkosten_procent = 2.5             # or: bedrag_cent = 45000, or: schijven (below)
//! minimum_cent = 15000
//! maximum_cent = 5000000
//! # schijven = [{ tot_cent = 10000000, procent = 3 }, { procent = 2.5 }]   # each part of the costs at its rate
//!
//! [[toeslag]]                          # "per_extra_activiteit" or "uitgebreide_procedure"
//! id = "extra"
//! soort = "per_extra_activiteit"
//! omschrijving = "Elke activiteit meer"
//! grondslag = "Tarieventabel, artikel 2.1.3"
//! bedrag_cent = 5000                   # or: procent (of the activity lines)
//!
//! [[korting]]                          # when the applicant saves the municipality work
//! id = "compleet"
//! voorwaarde = "compleet_bij_indiening" # or "toestemming_buren", or "quickscan_betaald" (deducts what was paid)
//! omschrijving = "Volledige aanvraag"
//! grondslag = "Tarieventabel, artikel 1.6.1"
//! procent = 10                         # or: bedrag_cent
//!
//! [[teruggaaf]]                        # "ingetrokken_voor_behandeling", "ingetrokken_in_behandeling", "geweigerd"
//! stadium = "geweigerd"
//! procent = 25
//! grondslag = "Tarieventabel, artikel 1.8.3"
//!
//! [[dienstverlening]]                  # a service level with its price (Variabele prijs)
//! niveau = "spoed"
//! omschrijving = "Spoedbehandeling"
//! grondslag = "Tarieventabel, artikel 1.9.1"
//! bedrag_cent = 25000                  # or: procent (of the activity lines)
//! ```
//!
//! A line names exactly one of `activiteit` and `groep`, and exactly one of `bedrag_cent`, `bouwkosten_procent` and
//! `schijven`. An activity takes the line with its own id, else the first line of one of its groups; a line counts
//! once, however many activities fall under it (building costs are those of the whole project). Surcharges and the
//! service level follow, then the reductions (a reduction never takes the total below zero).

pub mod bereken;
pub mod geld;
pub mod tabel;

pub use bereken::{Activiteit, Feiten, Legesregel, Raming, Stadium, Vraag, bereken, teruggaaf};
pub use tabel::{TabelFout, Tarieventabel};
