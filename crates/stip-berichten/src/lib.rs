//! Messages and alerts (berichten en attenties) as domain rules, without IO: what a subscription covers
//! ([`gebied`]), which subscriptions a happening reaches ([`index`]).

pub mod gebied;
pub mod index;
