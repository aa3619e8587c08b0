//! Where a webhook may point and how its messages are signed: HTTPS only, never at a private, loopback or
//! link-local address (SSRF) unless the operator lists the host (`[berichten] webhook_toegestaan`, for tests and
//! development, which may then use plain http); the body signed with HMAC-SHA256 under the subscription's secret.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use url::Url;

/// The header that carries the signature: `sha256=<hex of HMAC-SHA256(secret, body)>`.
pub const HANDTEKENING_HEADER: &str = "Stip-Signature";

/// Why a webhook target is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DoelFout {
    #[error("webhookUrl is not a URL: {0}")]
    GeenUrl(String),
    #[error("webhookUrl must use https")]
    GeenHttps,
    #[error("webhookUrl must not carry a user name or password")]
    MetInlog,
    #[error("webhookUrl points at {0}, a private, loopback or link-local address")]
    PriveAdres(IpAddr),
}

/// Checks a target as given: a URL with https (or http for a listed host), no credentials, and — when the host is
/// an IP address — not a private one. Host names are checked again on every delivery, after resolving
/// ([`adres_toegestaan`]).
pub fn controleer_doel(url: &str, toegestaan: &[String]) -> Result<Url, DoelFout> {
    let u = Url::parse(url.trim()).map_err(|e| DoelFout::GeenUrl(e.to_string()))?;
    let host = u.host_str().ok_or_else(|| DoelFout::GeenUrl("no host".into()))?.to_string();
    let vrij = op_lijst(&host, toegestaan);
    match u.scheme() {
        "https" => {}
        "http" if vrij => {}
        _ => return Err(DoelFout::GeenHttps),
    }
    if !u.username().is_empty() || u.password().is_some() {
        return Err(DoelFout::MetInlog);
    }
    if let Some(ip) = ip_van(&u)
        && !adres_toegestaan(ip, &host, toegestaan)
    {
        return Err(DoelFout::PriveAdres(ip));
    }
    Ok(u)
}

/// Whether a (resolved) address may be called for `host`.
pub fn adres_toegestaan(ip: IpAddr, host: &str, toegestaan: &[String]) -> bool {
    op_lijst(host, toegestaan) || toegestaan.iter().any(|t| t.parse::<IpAddr>() == Ok(ip)) || openbaar(ip)
}

fn op_lijst(host: &str, toegestaan: &[String]) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    toegestaan.iter().any(|t| t.trim().eq_ignore_ascii_case(host))
}

fn ip_van(u: &Url) -> Option<IpAddr> {
    match u.host()? {
        url::Host::Ipv4(ip) => Some(IpAddr::V4(ip)),
        url::Host::Ipv6(ip) => Some(IpAddr::V6(ip)),
        url::Host::Domain(_) => None,
    }
}

/// Whether an address is on the public internet (not private, loopback, link-local, shared, multicast, …).
pub fn openbaar(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => openbaar_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => openbaar_v4(v4),
            None => openbaar_v6(v6),
        },
    }
}

fn openbaar_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    !(ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // shared address space (carrier-grade NAT)
        || (a == 192 && b == 0 && ip.octets()[2] == 0) // IETF protocol assignments
        || a >= 240)
}

fn openbaar_v6(ip: Ipv6Addr) -> bool {
    let s = ip.segments();
    !(ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        || (s[0] & 0xfe00) == 0xfc00 // unique local
        || (s[0] & 0xffc0) == 0xfe80 // link-local
        || (s[0] == 0x2001 && s[1] == 0x0db8) // documentation
        || (s[0] == 0x64 && s[1] == 0xff9b)) // NAT64 reaches IPv4 space, which could be private
}

/// The signature header's value for `body`.
pub fn handtekening(geheim: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(geheim.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(body);
    let hex: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256={hex}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_webhook_must_use_https_unless_its_host_is_listed() {
        assert!(controleer_doel("https://ontvanger.example/hook", &[]).is_ok());
        assert_eq!(controleer_doel("http://ontvanger.example/hook", &[]), Err(DoelFout::GeenHttps));
        assert_eq!(controleer_doel("ftp://ontvanger.example/hook", &[]), Err(DoelFout::GeenHttps));
        let lijst = vec!["127.0.0.1".to_string()];
        assert!(controleer_doel("http://127.0.0.1:8080/hook", &lijst).is_ok());
        assert!(matches!(controleer_doel("geen url", &[]), Err(DoelFout::GeenUrl(_))));
        assert_eq!(controleer_doel("https://a:b@ontvanger.example/", &[]), Err(DoelFout::MetInlog));
    }

    #[test]
    fn private_loopback_and_link_local_targets_are_refused() {
        for url in [
            "https://127.0.0.1/hook",
            "https://10.1.2.3/hook",
            "https://172.16.0.1/",
            "https://192.168.1.1/",
            "https://169.254.169.254/latest/meta-data",
            "https://100.64.0.1/",
            "https://0.0.0.0/",
            "https://[::1]/",
            "https://[fe80::1]/",
            "https://[fd00::1]/",
            "https://[::ffff:127.0.0.1]/",
        ] {
            assert!(matches!(controleer_doel(url, &[]), Err(DoelFout::PriveAdres(_))), "{url}");
        }
        assert!(controleer_doel("https://93.184.216.34/", &[]).is_ok());
        assert!(controleer_doel("https://[2a00:1450::1]/", &[]).is_ok());
    }

    #[test]
    fn a_resolved_private_address_is_refused_unless_listed() {
        let lokaal: IpAddr = "127.0.0.1".parse().unwrap();
        assert!(!adres_toegestaan(lokaal, "ontvanger.example", &[]));
        assert!(adres_toegestaan(lokaal, "localhost", &["localhost".to_string()]));
        assert!(adres_toegestaan(lokaal, "ontvanger.example", &["127.0.0.1".to_string()]));
    }

    #[test]
    fn the_signature_is_the_hmac_sha256_of_the_body() {
        // RFC 4231 test case 2.
        assert_eq!(
            handtekening("Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
