//! The OpenID Connect ID token: its signature checked against the provider's keys (JWKS; RS256 or ES256, with ring)
//! and its claims against what this login expects (OIDC Core 3.1.3.7): issuer, audience (and `azp`), expiry, issue
//! time and nonce. No IO.

use base64::Engine;
use serde::Deserialize;

/// How far the provider's clock may be off, in seconds.
const SPELING: i64 = 60;
/// How old an ID token may be when it arrives, in seconds.
const MAX_LEEFTIJD: i64 = 10 * 60;

/// One key from the provider's JWKS.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Jwk {
    kty: String,
    #[serde(default)]
    kid: Option<String>,
    #[serde(default, rename = "use")]
    gebruik: Option<String>,
    #[serde(default)]
    alg: Option<String>,
    #[serde(default)]
    n: Option<String>,
    #[serde(default)]
    e: Option<String>,
    #[serde(default)]
    crv: Option<String>,
    #[serde(default)]
    x: Option<String>,
    #[serde(default)]
    y: Option<String>,
}

/// The provider's key set.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Jwks {
    pub(crate) keys: Vec<Jwk>,
}

/// What the login expects of the token.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Verwacht<'a> {
    pub(crate) issuer: &'a str,
    pub(crate) client_id: &'a str,
    pub(crate) nonce: &'a str,
    /// Now, in seconds since 1970.
    pub(crate) nu: i64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum Audience {
    Een(String),
    Meer(Vec<String>),
}

/// The claims stip uses.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Claims {
    pub(crate) iss: String,
    pub(crate) sub: String,
    aud: Audience,
    exp: i64,
    iat: i64,
    #[serde(default)]
    nonce: Option<String>,
    #[serde(default)]
    azp: Option<String>,
    #[serde(default)]
    pub(crate) name: Option<String>,
    #[serde(default)]
    pub(crate) given_name: Option<String>,
    #[serde(default)]
    pub(crate) family_name: Option<String>,
    #[serde(default)]
    pub(crate) email: Option<String>,
    #[serde(default)]
    pub(crate) email_verified: Option<bool>,
}

#[derive(Debug, Deserialize)]
struct Kop {
    alg: String,
    #[serde(default)]
    kid: Option<String>,
}

/// Why an ID token is refused (for the log; the person sees one message).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("ID token refused: {0}")]
pub(crate) struct Geweigerd(pub(crate) String);

fn weiger<T>(reden: impl Into<String>) -> Result<T, Geweigerd> {
    Err(Geweigerd(reden.into()))
}

fn b64(deel: &str) -> Result<Vec<u8>, Geweigerd> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(deel.trim_end_matches('='))
        .map_err(|_| Geweigerd("not base64url".into()))
}

/// Whether a key may have signed this token.
fn past(jwk: &Jwk, kop: &Kop) -> bool {
    let kty = match kop.alg.as_str() {
        "RS256" => "RSA",
        "ES256" => "EC",
        _ => return false,
    };
    jwk.kty == kty
        && jwk.gebruik.as_deref().is_none_or(|u| u == "sig")
        && jwk.alg.as_deref().is_none_or(|a| a == kop.alg)
        && match (&kop.kid, &jwk.kid) {
            (Some(k), Some(j)) => k == j,
            (Some(_), None) => false,
            (None, _) => true,
        }
}

/// Whether the token names a key that is not (yet) in this key set: then the set is fetched again (key rotation).
pub(crate) fn onbekende_sleutel(token: &str, sleutels: &[Jwk]) -> bool {
    let Some(kop) =
        token.split('.').next().and_then(|h| b64(h).ok()).and_then(|h| serde_json::from_slice::<Kop>(&h).ok())
    else {
        return false;
    };
    kop.kid.is_some() && !sleutels.iter().any(|j| past(j, &kop))
}

fn verifieer(alg: &str, jwk: &Jwk, bericht: &[u8], handtekening: &[u8]) -> bool {
    use ring::signature;
    let deel = |v: &Option<String>| v.as_deref().and_then(|s| b64(s).ok());
    match alg {
        "RS256" => {
            let (Some(n), Some(e)) = (deel(&jwk.n), deel(&jwk.e)) else { return false };
            signature::RsaPublicKeyComponents { n: &n, e: &e }
                .verify(&signature::RSA_PKCS1_2048_8192_SHA256, bericht, handtekening)
                .is_ok()
        }
        "ES256" => {
            let (Some(x), Some(y)) = (deel(&jwk.x), deel(&jwk.y)) else { return false };
            if jwk.crv.as_deref() != Some("P-256") || x.len() != 32 || y.len() != 32 {
                return false;
            }
            let punt: Vec<u8> = [&[4u8][..], &x, &y].concat();
            signature::UnparsedPublicKey::new(&signature::ECDSA_P256_SHA256_FIXED, punt)
                .verify(bericht, handtekening)
                .is_ok()
        }
        _ => false,
    }
}

/// Checks an ID token: signed by one of `sleutels` with RS256 or ES256 (never `none` or a shared-secret algorithm),
/// and its claims as `verwacht`. Returns the claims.
pub(crate) fn controleer(token: &str, sleutels: &[Jwk], verwacht: Verwacht<'_>) -> Result<Claims, Geweigerd> {
    let delen: Vec<&str> = token.split('.').collect();
    let [h, p, s] = delen.as_slice() else { return weiger("not a signed JWT (three parts)") };
    let kop: Kop = serde_json::from_slice(&b64(h)?).map_err(|e| Geweigerd(format!("header: {e}")))?;
    if !matches!(kop.alg.as_str(), "RS256" | "ES256") {
        return weiger(format!("algorithm {} is not accepted", kop.alg));
    }
    let handtekening = b64(s)?;
    let bericht = format!("{h}.{p}");
    let goed =
        sleutels.iter().filter(|j| past(j, &kop)).any(|j| verifieer(&kop.alg, j, bericht.as_bytes(), &handtekening));
    if !goed {
        return weiger("the signature is not from the provider's keys");
    }
    let claims: Claims = serde_json::from_slice(&b64(p)?).map_err(|e| Geweigerd(format!("claims: {e}")))?;
    if claims.iss != verwacht.issuer {
        return weiger(format!("issuer {} is not {}", claims.iss, verwacht.issuer));
    }
    let aud: Vec<&str> = match &claims.aud {
        Audience::Een(a) => vec![a.as_str()],
        Audience::Meer(a) => a.iter().map(String::as_str).collect(),
    };
    if !aud.contains(&verwacht.client_id) {
        return weiger("the token is not for this client (aud)");
    }
    if (aud.len() > 1 || claims.azp.is_some()) && claims.azp.as_deref() != Some(verwacht.client_id) {
        return weiger("the token's authorised party (azp) is not this client");
    }
    if claims.exp + SPELING <= verwacht.nu {
        return weiger("the token expired");
    }
    if claims.iat > verwacht.nu + SPELING || claims.iat < verwacht.nu - MAX_LEEFTIJD {
        return weiger("the token's issue time is not now");
    }
    let nonce_goed = claims.nonce.as_deref().is_some_and(|n| {
        use subtle::ConstantTimeEq;
        bool::from(n.as_bytes().ct_eq(verwacht.nonce.as_bytes()))
    });
    if !nonce_goed {
        return weiger("the nonce is not the one this login sent");
    }
    if claims.sub.is_empty() {
        return weiger("no subject");
    }
    Ok(claims)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ring::rand::SystemRandom;
    use ring::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair};
    use serde_json::json;

    fn enc(b: &[u8]) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
    }

    /// A provider's key pair and its JWK.
    fn sleutel(kid: &str) -> (EcdsaKeyPair, Jwk) {
        let rng = SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).unwrap();
        let paar = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &rng).unwrap();
        let punt = paar.public_key().as_ref();
        let jwk = json!({"kty": "EC", "crv": "P-256", "kid": kid, "use": "sig", "x": enc(&punt[1..33]), "y": enc(&punt[33..])});
        (paar, serde_json::from_value(jwk).unwrap())
    }

    fn teken(paar: &EcdsaKeyPair, kop: serde_json::Value, claims: serde_json::Value) -> String {
        let bericht = format!("{}.{}", enc(kop.to_string().as_bytes()), enc(claims.to_string().as_bytes()));
        let sig = paar.sign(&SystemRandom::new(), bericht.as_bytes()).unwrap();
        format!("{bericht}.{}", enc(sig.as_ref()))
    }

    const NU: i64 = 1_800_000_000;

    fn claims() -> serde_json::Value {
        json!({"iss": "https://broker.example", "sub": "s-1", "aud": "stip", "exp": NU + 300, "iat": NU - 5,
               "nonce": "n-1", "name": "Jan Jansen"})
    }

    fn verwacht() -> Verwacht<'static> {
        Verwacht { issuer: "https://broker.example", client_id: "stip", nonce: "n-1", nu: NU }
    }

    #[test]
    fn a_token_signed_by_the_provider_with_the_expected_claims_passes() {
        let (paar, jwk) = sleutel("k1");
        let token = teken(&paar, json!({"alg": "ES256", "kid": "k1"}), claims());
        let c = controleer(&token, &[jwk], verwacht()).unwrap();
        assert_eq!((c.sub.as_str(), c.name.as_deref()), ("s-1", Some("Jan Jansen")));
    }

    #[test]
    fn a_token_signed_by_another_key_or_changed_after_signing_is_refused() {
        let (paar, _) = sleutel("k1");
        let (_, ander) = sleutel("k1");
        let token = teken(&paar, json!({"alg": "ES256", "kid": "k1"}), claims());
        assert!(controleer(&token, &[ander], verwacht()).unwrap_err().0.contains("signature"));
        let (paar, jwk) = sleutel("k1");
        let token = teken(&paar, json!({"alg": "ES256", "kid": "k1"}), claims());
        let delen: Vec<&str> = token.split('.').collect();
        let mut anders = claims();
        anders["sub"] = json!("iemand-anders");
        let vervalst = format!("{}.{}.{}", delen[0], enc(anders.to_string().as_bytes()), delen[2]);
        assert!(controleer(&vervalst, &[jwk], verwacht()).is_err());
    }

    #[test]
    fn an_unsigned_token_or_one_with_a_shared_secret_algorithm_is_refused() {
        let (_, jwk) = sleutel("k1");
        for alg in ["none", "HS256"] {
            let kop = enc(json!({"alg": alg}).to_string().as_bytes());
            let token = format!("{kop}.{}.", enc(claims().to_string().as_bytes()));
            assert!(controleer(&token, std::slice::from_ref(&jwk), verwacht()).unwrap_err().0.contains("algorithm"));
        }
    }

    #[test]
    fn every_claim_that_does_not_fit_this_login_is_refused() {
        let (paar, jwk) = sleutel("k1");
        let gevallen: [(&str, serde_json::Value, &str); 7] = [
            ("iss", json!("https://ander.example"), "issuer"),
            ("aud", json!("ander"), "aud"),
            ("aud", json!(["stip", "ander"]), "azp"),
            ("exp", json!(NU - 61), "expired"),
            ("iat", json!(NU + 120), "issue time"),
            ("iat", json!(NU - 3600), "issue time"),
            ("nonce", json!("n-2"), "nonce"),
        ];
        for (claim, waarde, reden) in gevallen {
            let mut c = claims();
            c[claim] = waarde.clone();
            let token = teken(&paar, json!({"alg": "ES256", "kid": "k1"}), c);
            let fout = controleer(&token, std::slice::from_ref(&jwk), verwacht()).unwrap_err();
            assert!(fout.0.contains(reden), "{claim} = {waarde}: {fout}");
        }
        let mut zonder_nonce = claims();
        zonder_nonce.as_object_mut().unwrap().remove("nonce");
        let token = teken(&paar, json!({"alg": "ES256", "kid": "k1"}), zonder_nonce);
        assert!(controleer(&token, &[jwk], verwacht()).is_err(), "a token without the nonce is refused");
    }

    #[test]
    fn several_audiences_pass_when_this_client_is_the_authorised_party() {
        let (paar, jwk) = sleutel("k1");
        let mut c = claims();
        c["aud"] = json!(["stip", "ander"]);
        c["azp"] = json!("stip");
        let token = teken(&paar, json!({"alg": "ES256", "kid": "k1"}), c);
        assert!(controleer(&token, &[jwk], verwacht()).is_ok());
    }

    #[test]
    fn a_key_id_not_in_the_key_set_asks_for_the_set_again() {
        let (paar, jwk) = sleutel("k1");
        let token = teken(&paar, json!({"alg": "ES256", "kid": "k2"}), claims());
        assert!(onbekende_sleutel(&token, std::slice::from_ref(&jwk)));
        let token = teken(&paar, json!({"alg": "ES256", "kid": "k1"}), claims());
        assert!(!onbekende_sleutel(&token, &[jwk]));
    }
}
