//! Messages and alerts (berichten en attenties) as domain rules, without IO: what a subscription asks for
//! ([`abonnement`]) and covers ([`gebied`]).

pub mod abonnement;
pub mod gebied;
pub mod melding;
pub mod webhook;

pub use abonnement::{Frequentie, Kanaal, Soort};
pub use gebied::Gebied;
