//! Messages and alerts (berichten en attenties) as domain rules, without IO: what a subscription asks for
//! ([`abonnement`]) and covers ([`gebied`]), which subscriptions a happening reaches ([`index`]), a happening as
//! others may read it ([`melding`], [`cloudevent`]) and where webhooks may point and how they are signed ([`webhook`]).

pub mod abonnement;
pub mod cloudevent;
pub mod gebied;
pub mod index;
pub mod melding;
pub mod webhook;

pub use abonnement::{Frequentie, Kanaal, Soort};
pub use gebied::Gebied;
pub use index::AbonnementIndex;
