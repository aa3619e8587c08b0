//! From plan to permit, as domain rules without IO: who may do what ([`autorisatie`]), the application and its
//! completeness ([`aanvraag`]), the case as an append-only list of events ([`zaak`], [`gebeurtenis`]), the legal terms
//! with suspension and extension ([`termijn`]), the procedures with their terms ([`procedure`]), the calendar
//! ([`kalender`]) and the clock ([`tijd`]), the decision ([`besluit`]), the objection against it ([`bezwaar`]),
//! participation before applying ([`initiatief`]), the early requests to the municipality ([`verzoek`]), the works
//! after the permit ([`realisatie`]), supervision of the permit ([`toezicht`], [`steekproef`]) and the progress list
//! people see ([`voortgang`]). The store keeps what these types serialise to; the web layer adapts them to HTTP.

pub mod aanvraag;
pub mod activiteitgroep;
pub mod autorisatie;
pub mod bekendmaking;
pub mod besluit;
pub mod betaling;
pub mod bezwaar;
pub mod document;

pub mod gebeurtenis;
pub mod initiatief;
pub mod kalender;
pub mod procedure;
pub mod rapportage;
pub mod realisatie;
pub mod rol;
pub mod status;
pub mod steekproef;
pub mod tekst;
pub mod termijn;
pub mod tijd;
pub mod toezicht;
pub mod verzoek;
pub mod voortgang;
pub mod zaak;

pub use aanvraag::{Aanvraag, Ontbreekt};
pub use autorisatie::{Actie, Bron, Weigering, mag};
pub use besluit::{Besluit, Uitkomst};
pub use gebeurtenis::{Gebeurtenis, GebeurtenisSoort};
pub use rol::{Actor, Rol};
pub use status::Status;
pub use termijn::{Risico, Termijnstand};
pub use zaak::{Zaak, ZaakFout};

// Dates in JSON as `YYYY-MM-DD` (ISO 8601), the way the API and the store show them: `#[serde(with = "crate::datum")]`.
time::serde::format_description!(pub datum, Date, "[year]-[month]-[day]");
