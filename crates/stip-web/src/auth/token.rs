//! Secrets that stand for a login (session tokens, login links): 32 random bytes, base64url; and their SHA-256 (hex),
//! which is all the store keeps.

use base64::Engine;

/// A new secret: 32 random bytes, base64url without padding (43 characters).
pub(crate) fn nieuw_token() -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(crate::csrf::willekeurig())
}

/// Whether `s` has the form of a token from [`nieuw_token`] (checked before any database lookup).
pub(crate) fn lijkt_op_token(s: &str) -> bool {
    s.len() == 43 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The SHA-256 of a secret, hex: what the store keeps instead of the secret (sessions, login links, share links).
pub fn token_hash(token: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_43_url_safe_characters_and_never_the_same_twice() {
        let (a, b) = (nieuw_token(), nieuw_token());
        assert!(lijkt_op_token(&a) && lijkt_op_token(&b), "{a} {b}");
        assert_ne!(a, b);
        assert!(!lijkt_op_token("kort") && !lijkt_op_token(&format!("{}+", &a[..42])));
    }

    #[test]
    fn the_hash_is_the_sha256_of_the_token_in_hex() {
        assert_eq!(token_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
