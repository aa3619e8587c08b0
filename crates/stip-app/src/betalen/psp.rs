//! The payment service provider behind a small trait ([`Psp`]: create a payment, ask its status, refund), and its
//! first implementation: a client of Mollie's payments API v2 over HTTP. The simulator speaks the same API, so the
//! same client talks to it; switching to the real provider is configuration only.

use stip_zaak::betaling::Betaalstatus;

/// What a payment is asked for.
#[derive(Clone, Debug)]
pub struct PspVerzoek {
    pub bedrag_cent: i64,
    pub omschrijving: String,
    /// Where the provider sends the person after the checkout.
    pub redirect_url: String,
    /// Where the provider reports a change (it only says "look again").
    pub webhook_url: String,
}

/// A payment the provider made.
#[derive(Clone, Debug, PartialEq)]
pub struct PspBetaling {
    pub id: String,
    pub checkout_url: String,
}

/// A payment service provider. Blocking (HTTP): call it from `spawn_blocking`.
pub trait Psp: Send + Sync {
    /// The name stored with each payment (`mollie`, `simulator`), so a webhook is matched to its provider.
    fn naam(&self) -> &str;
    fn maak(&self, verzoek: &PspVerzoek) -> Result<PspBetaling, String>;
    /// The payment's status as the provider has it now.
    fn status(&self, id: &str) -> Result<Betaalstatus, String>;
    fn terugbetalen(&self, id: &str, bedrag_cent: i64, omschrijving: &str) -> Result<(), String>;
}

/// An amount as Mollie writes it: euros with two decimals, as a string.
pub fn mollie_bedrag(cent: i64) -> serde_json::Value {
    serde_json::json!({ "currency": "EUR", "value": format!("{}.{:02}", cent / 100, cent % 100) })
}

/// Mollie's status as stip's: `open`, `pending` and `authorized` are still open.
pub fn uit_mollie(status: &str) -> Option<Betaalstatus> {
    Some(match status {
        "open" | "pending" | "authorized" => Betaalstatus::Open,
        "paid" => Betaalstatus::Betaald,
        "failed" => Betaalstatus::Mislukt,
        "canceled" => Betaalstatus::Geannuleerd,
        "expired" => Betaalstatus::Verlopen,
        _ => return None,
    })
}

/// A client of Mollie's payments API v2 (`api_url`: `https://api.mollie.com/v2`, or the simulator's).
pub struct Mollie {
    naam: String,
    api_url: String,
    api_key: String,
    agent: ureq::Agent,
}

impl Mollie {
    pub fn new(naam: &str, api_url: &str, api_key: &str) -> Mollie {
        Mollie {
            naam: naam.to_string(),
            api_url: api_url.trim_end_matches('/').to_string(),
            api_key: api_key.to_string(),
            agent: crate::post::http_agent(std::time::Duration::from_secs(15)),
        }
    }

    fn antwoord(&self, r: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Result<serde_json::Value, String> {
        let mut r = r.map_err(|e| format!("the payment provider cannot be reached: {e}"))?;
        let status = r.status().as_u16();
        let tekst = r.body_mut().read_to_string().map_err(|e| format!("the payment provider's answer: {e}"))?;
        if !(200..300).contains(&status) {
            return Err(format!(
                "the payment provider answered {status}: {}",
                tekst.chars().take(300).collect::<String>()
            ));
        }
        serde_json::from_str(&tekst).map_err(|e| format!("the payment provider's answer is not JSON: {e}"))
    }

    fn post(&self, pad: &str, body: &serde_json::Value) -> Result<serde_json::Value, String> {
        let r = self
            .agent
            .post(&format!("{}{pad}", self.api_url))
            .header("authorization", &format!("Bearer {}", self.api_key))
            .header("content-type", "application/json")
            .send(body.to_string());
        self.antwoord(r)
    }
}

impl Psp for Mollie {
    fn naam(&self) -> &str {
        &self.naam
    }

    fn maak(&self, v: &PspVerzoek) -> Result<PspBetaling, String> {
        let body = serde_json::json!({
            "amount": mollie_bedrag(v.bedrag_cent),
            "description": v.omschrijving,
            "redirectUrl": v.redirect_url,
            "webhookUrl": v.webhook_url,
        });
        let a = self.post("/payments", &body)?;
        let id = a["id"].as_str().ok_or("the payment provider gave no payment id")?;
        let checkout = a["_links"]["checkout"]["href"].as_str().ok_or("the payment provider gave no checkout")?;
        Ok(PspBetaling { id: id.to_string(), checkout_url: checkout.to_string() })
    }

    fn status(&self, id: &str) -> Result<Betaalstatus, String> {
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err("not a payment id".into());
        }
        let r = self
            .agent
            .get(&format!("{}/payments/{id}", self.api_url))
            .header("authorization", &format!("Bearer {}", self.api_key))
            .call();
        let a = self.antwoord(r)?;
        let status = a["status"].as_str().unwrap_or_default();
        uit_mollie(status).ok_or_else(|| format!("unknown payment status {status:?}"))
    }

    fn terugbetalen(&self, id: &str, bedrag_cent: i64, omschrijving: &str) -> Result<(), String> {
        let body = serde_json::json!({ "amount": mollie_bedrag(bedrag_cent), "description": omschrijving });
        self.post(&format!("/payments/{id}/refunds"), &body).map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_amount_is_written_as_mollie_wants_it() {
        assert_eq!(mollie_bedrag(25_000)["value"], "250.00");
        assert_eq!(mollie_bedrag(1_205)["value"], "12.05");
        assert_eq!(mollie_bedrag(7)["value"], "0.07");
    }

    #[test]
    fn mollies_statuses_map_to_stips() {
        assert_eq!(uit_mollie("paid"), Some(Betaalstatus::Betaald));
        assert_eq!(uit_mollie("pending"), Some(Betaalstatus::Open));
        assert_eq!(uit_mollie("canceled"), Some(Betaalstatus::Geannuleerd));
        assert_eq!(uit_mollie("iets"), None);
    }
}
