//! Where a request comes from: the client's IP address, for the brake on password guessing. The direct peer of the
//! connection, or — only when that peer is one of the configured trusted proxies (`server.vertrouwde_proxies`) — the
//! address the proxies wrote in `X-Forwarded-For`. Anyone can send that header; from an untrusted peer it is ignored.

use crate::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;

/// An address or a network in CIDR notation (`10.0.0.0/8`, `::1`, `192.168.1.7`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Netwerk {
    adres: IpAddr,
    prefix: u8,
}

impl FromStr for Netwerk {
    type Err = String;

    fn from_str(s: &str) -> Result<Netwerk, String> {
        let s = s.trim();
        let fout = || format!("`{s}` is no IP address or network (e.g. 10.0.0.1 or 10.0.0.0/8)");
        let (adres, prefix) = match s.split_once('/') {
            Some((a, p)) => (a.parse::<IpAddr>().map_err(|_| fout())?, Some(p.parse::<u8>().map_err(|_| fout())?)),
            None => (s.parse::<IpAddr>().map_err(|_| fout())?, None),
        };
        let max = if adres.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        if prefix > max {
            return Err(fout());
        }
        Ok(Netwerk { adres, prefix })
    }
}

impl Netwerk {
    /// Whether `ip` lies in this network (an IPv4 address mapped into IPv6 counts as IPv4).
    pub fn bevat(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        match (self.adres, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let masker = u32::MAX.checked_shl(32 - u32::from(self.prefix)).unwrap_or(0);
                u32::from(net) & masker == u32::from(ip) & masker
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let masker = u128::MAX.checked_shl(128 - u32::from(self.prefix)).unwrap_or(0);
                u128::from(net) & masker == u128::from(ip) & masker
            }
            _ => false,
        }
    }
}

/// The source of a request: the client's IP address as text, or `onbekend` when the server was not given the peer's
/// address (an in-process router without connect info: every such request counts as one source).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Bron(pub(crate) String);

/// The client's address: the peer, or behind trusted proxies the right-most address in `X-Forwarded-For` that is not
/// itself a trusted proxy (addresses to its left were written by the client and prove nothing).
pub(crate) fn client(peer: Option<IpAddr>, forwarded_for: &[&str], vertrouwd: &[Netwerk]) -> Option<IpAddr> {
    let peer = peer?;
    let is_vertrouwd = |ip: IpAddr| vertrouwd.iter().any(|n| n.bevat(ip));
    if !is_vertrouwd(peer) {
        return Some(peer);
    }
    let keten: Vec<IpAddr> = forwarded_for
        .iter()
        .flat_map(|h| h.split(','))
        .map(str::trim)
        .map(|a| a.parse::<IpAddr>().or_else(|_| a.parse::<SocketAddr>().map(|s| s.ip())))
        .collect::<Result<_, _>>()
        .unwrap_or_default();
    Some(keten.iter().rev().copied().find(|ip| !is_vertrouwd(*ip)).or(keten.first().copied()).unwrap_or(peer))
}

impl FromRequestParts<AppState> for Bron {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Bron, Infallible> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        let xff: Vec<&str> = parts.headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).collect();
        let ip = client(peer, &xff, &state.config().vertrouwde_proxies);
        Ok(Bron(ip.map_or_else(|| "onbekend".to_string(), |ip| ip.to_string())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn a_network_contains_its_addresses_and_a_bare_address_only_itself() {
        let net: Netwerk = "10.0.0.0/8".parse().unwrap();
        assert!(net.bevat(ip("10.1.2.3")) && !net.bevat(ip("11.0.0.1")));
        assert!(net.bevat(ip("::ffff:10.9.9.9")), "IPv4 mapped in IPv6");
        let een: Netwerk = "192.168.1.7".parse().unwrap();
        assert!(een.bevat(ip("192.168.1.7")) && !een.bevat(ip("192.168.1.8")));
        let v6: Netwerk = "fd00::/8".parse().unwrap();
        assert!(v6.bevat(ip("fd12::1")) && !v6.bevat(ip("fe80::1")));
        assert!("0.0.0.0/0".parse::<Netwerk>().unwrap().bevat(ip("8.8.8.8")));
        assert!("10.0.0.0/33".parse::<Netwerk>().is_err() && "proxy".parse::<Netwerk>().is_err());
    }

    #[test]
    fn forwarded_for_counts_only_from_a_trusted_proxy_and_only_its_right_most_untrusted_address() {
        let proxies = ["10.0.0.0/8".parse().unwrap()];
        // An untrusted peer: its header is ignored.
        assert_eq!(client(Some(ip("203.0.113.9")), &["1.2.3.4"], &proxies), Some(ip("203.0.113.9")));
        // From the proxy: the client it saw.
        assert_eq!(client(Some(ip("10.0.0.2")), &["198.51.100.7"], &proxies), Some(ip("198.51.100.7")));
        // A client that writes its own header cannot choose: the proxy appended the real address.
        assert_eq!(
            client(Some(ip("10.0.0.2")), &["1.1.1.1, 198.51.100.7, 10.0.0.5"], &proxies),
            Some(ip("198.51.100.7"))
        );
        // Nothing usable: the peer itself.
        assert_eq!(client(Some(ip("10.0.0.2")), &["kwaad"], &proxies), Some(ip("10.0.0.2")));
        assert_eq!(client(None, &["1.2.3.4"], &proxies), None, "no peer known: no header believed");
    }
}
