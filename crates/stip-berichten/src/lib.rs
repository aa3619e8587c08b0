//! Messages and alerts (berichten en attenties) as domain rules, without IO: what a subscription asks for
//! ([`abonnement`]) and covers ([`gebied`]), which subscriptions a happening reaches ([`index`]), a happening as
//! others may read it ([`melding`], [`cloudevent`]), where webhooks may point and how they are signed ([`webhook`]),
//! and a meeting invitation as iCalendar ([`agenda`]).

pub mod abonnement;
pub mod agenda;
pub mod cloudevent;
pub mod gebied;
pub mod index;
pub mod melding;
pub mod webhook;

pub use abonnement::{Frequentie, Kanaal, Soort};
pub use gebied::Gebied;
pub use index::AbonnementIndex;
