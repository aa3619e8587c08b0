//! A simulator of Mollie's payments API v2, built into stip for the demo and the tests and enabled only by
//! configuration (`[betalen] psp = "simulator"`): it keeps payments in memory, answers the same JSON as Mollie, and
//! its checkout page lets a person choose the outcome; then it calls the webhook as Mollie does (`id=<payment id>`,
//! form-encoded) and sends the person back to the redirect address.

use super::psp::{mollie_bedrag, uit_mollie};
use std::collections::HashMap;
use std::sync::Mutex;
use stip_zaak::betaling::Betaalstatus;

/// The four outcomes a person can choose on the checkout page, with Mollie's status for each.
pub const UITKOMSTEN: [(&str, &str); 4] =
    [("betaald", "paid"), ("mislukt", "failed"), ("geannuleerd", "canceled"), ("verlopen", "expired")];

#[derive(Clone, Debug)]
struct SimBetaling {
    bedrag_cent: i64,
    omschrijving: String,
    redirect_url: String,
    webhook_url: String,
    /// Mollie's status word.
    status: String,
    terugbetaald_cent: i64,
}

/// What the simulator knows: its payments, in memory (the demo's, gone at restart).
pub struct Simulator {
    /// The public address of the simulator's API (`…/simulator/mollie/v2`), for its links.
    basis: String,
    betalingen: Mutex<HashMap<String, SimBetaling>>,
}

/// A payment as the checkout page shows it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Checkout {
    pub id: String,
    pub bedrag_cent: i64,
    pub omschrijving: String,
    pub open: bool,
}

/// What to do after a person chose an outcome: call this webhook with the id, then send them to the redirect.
#[derive(Clone, Debug)]
pub struct Gekozen {
    pub webhook_url: String,
    pub redirect_url: String,
}

/// An error as Mollie answers it: status and its JSON.
pub type SimFout = (u16, serde_json::Value);

fn fout(status: u16, detail: &str) -> SimFout {
    (status, serde_json::json!({ "status": status, "title": "Error", "detail": detail }))
}

impl Simulator {
    pub fn new(basis: &str) -> Simulator {
        Simulator { basis: basis.trim_end_matches('/').to_string(), betalingen: Mutex::new(HashMap::new()) }
    }

    fn betalingen(&self) -> std::sync::MutexGuard<'_, HashMap<String, SimBetaling>> {
        self.betalingen.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn json(&self, id: &str, b: &SimBetaling) -> serde_json::Value {
        let checkout = self.basis.replace("/v2", &format!("/checkout/{id}"));
        let mut v = serde_json::json!({
            "resource": "payment",
            "id": id,
            "mode": "test",
            "status": b.status,
            "amount": mollie_bedrag(b.bedrag_cent),
            "description": b.omschrijving,
            "redirectUrl": b.redirect_url,
            "webhookUrl": b.webhook_url,
            "_links": { "self": { "href": format!("{}/payments/{id}", self.basis), "type": "application/hal+json" } },
        });
        if b.status == "open" {
            v["_links"]["checkout"] = serde_json::json!({ "href": checkout, "type": "text/html" });
        }
        if b.terugbetaald_cent > 0 {
            v["amountRefunded"] = mollie_bedrag(b.terugbetaald_cent);
        }
        v
    }

    /// `POST /v2/payments`.
    pub fn maak(&self, body: &serde_json::Value) -> Result<serde_json::Value, SimFout> {
        let bedrag = body["amount"]["value"].as_str().and_then(cent).ok_or_else(|| fout(422, "amount.value"))?;
        if body["amount"]["currency"] != "EUR" || bedrag <= 0 {
            return Err(fout(422, "amount"));
        }
        let tekst = |k: &str| body[k].as_str().map(str::to_string).ok_or_else(|| fout(422, k));
        let b = SimBetaling {
            bedrag_cent: bedrag,
            omschrijving: tekst("description")?,
            redirect_url: tekst("redirectUrl")?,
            webhook_url: tekst("webhookUrl").unwrap_or_default(),
            status: "open".into(),
            terugbetaald_cent: 0,
        };
        let id = format!("tr_{}", &uuid::Uuid::new_v4().simple().to_string()[..10]);
        let v = self.json(&id, &b);
        self.betalingen().insert(id, b);
        Ok(v)
    }

    /// `GET /v2/payments/{id}`.
    pub fn lees(&self, id: &str) -> Result<serde_json::Value, SimFout> {
        let betalingen = self.betalingen();
        let b = betalingen.get(id).ok_or_else(|| fout(404, "No payment exists with token"))?;
        Ok(self.json(id, b))
    }

    /// `POST /v2/payments/{id}/refunds`.
    pub fn terugbetalen(&self, id: &str, body: &serde_json::Value) -> Result<serde_json::Value, SimFout> {
        let bedrag = body["amount"]["value"].as_str().and_then(cent).ok_or_else(|| fout(422, "amount.value"))?;
        let mut betalingen = self.betalingen();
        let b = betalingen.get_mut(id).ok_or_else(|| fout(404, "No payment exists with token"))?;
        if b.status != "paid" || bedrag <= 0 || b.terugbetaald_cent + bedrag > b.bedrag_cent {
            return Err(fout(422, "The payment cannot be refunded for this amount"));
        }
        b.terugbetaald_cent += bedrag;
        let refund = format!("re_{}", &uuid::Uuid::new_v4().simple().to_string()[..10]);
        Ok(serde_json::json!({ "resource": "refund", "id": refund, "amount": mollie_bedrag(bedrag),
                               "status": "pending", "paymentId": id }))
    }

    /// The checkout page's payment, if the simulator knows it.
    pub fn checkout(&self, id: &str) -> Option<Checkout> {
        self.betalingen().get(id).map(|b| Checkout {
            id: id.to_string(),
            bedrag_cent: b.bedrag_cent,
            omschrijving: b.omschrijving.clone(),
            open: b.status == "open",
        })
    }

    /// A person chose `uitkomst` (betaald, mislukt, geannuleerd, verlopen) for an open payment.
    pub fn kies(&self, id: &str, uitkomst: &str) -> Option<Gekozen> {
        let mollie = UITKOMSTEN.iter().find(|(u, _)| *u == uitkomst)?.1;
        let mut betalingen = self.betalingen();
        let b = betalingen.get_mut(id).filter(|b| b.status == "open")?;
        b.status = mollie.to_string();
        Some(Gekozen { webhook_url: b.webhook_url.clone(), redirect_url: b.redirect_url.clone() })
    }

    /// The status in stip's words (for tests).
    pub fn status(&self, id: &str) -> Option<Betaalstatus> {
        self.betalingen().get(id).and_then(|b| uit_mollie(&b.status))
    }
}

/// "250.00" as 25000 cents.
fn cent(waarde: &str) -> Option<i64> {
    let (euro, cent) = waarde.split_once('.')?;
    if cent.len() != 2 {
        return None;
    }
    Some(euro.parse::<i64>().ok()? * 100 + cent.parse::<i64>().ok()?)
}

/// Calls a webhook as Mollie does: POST, form-encoded `id=<payment id>`. Blocking.
pub fn roep_webhook(url: &str, id: &str) -> Result<(), String> {
    let agent = crate::post::http_agent(std::time::Duration::from_secs(10));
    let body: String = form_urlencoded::Serializer::new(String::new()).append_pair("id", id).finish();
    let r = agent
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .send(body)
        .map_err(|e| format!("webhook {url}: {e}"))?;
    if r.status().is_success() { Ok(()) } else { Err(format!("webhook {url} answered {}", r.status())) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verzoek() -> serde_json::Value {
        serde_json::json!({ "amount": { "currency": "EUR", "value": "250.00" }, "description": "Leges",
                            "redirectUrl": "http://stip.test/terug", "webhookUrl": "http://stip.test/hook" })
    }

    #[test]
    fn a_payment_is_made_open_with_a_checkout_and_ends_with_the_chosen_outcome() {
        let s = Simulator::new("http://stip.test/simulator/mollie/v2");
        let p = s.maak(&verzoek()).unwrap();
        let id = p["id"].as_str().unwrap();
        assert_eq!(p["status"], "open");
        assert_eq!(p["_links"]["checkout"]["href"], format!("http://stip.test/simulator/mollie/checkout/{id}"));
        assert_eq!(s.checkout(id).unwrap().bedrag_cent, 25_000);
        let g = s.kies(id, "betaald").unwrap();
        assert_eq!(
            (g.webhook_url.as_str(), g.redirect_url.as_str()),
            ("http://stip.test/hook", "http://stip.test/terug")
        );
        assert_eq!(s.lees(id).unwrap()["status"], "paid");
        assert!(s.kies(id, "mislukt").is_none(), "an ended payment stays as it ended");
        assert!(s.lees(id).unwrap()["_links"]["checkout"].is_null());
    }

    #[test]
    fn only_a_paid_payment_is_refunded_and_never_more_than_it_was() {
        let s = Simulator::new("http://stip.test/simulator/mollie/v2");
        let id = s.maak(&verzoek()).unwrap()["id"].as_str().unwrap().to_string();
        let helft = serde_json::json!({ "amount": { "currency": "EUR", "value": "125.00" } });
        assert_eq!(s.terugbetalen(&id, &helft).unwrap_err().0, 422);
        s.kies(&id, "betaald").unwrap();
        s.terugbetalen(&id, &helft).unwrap();
        assert_eq!(s.lees(&id).unwrap()["amountRefunded"]["value"], "125.00");
        let te_veel = serde_json::json!({ "amount": { "currency": "EUR", "value": "200.00" } });
        assert_eq!(s.terugbetalen(&id, &te_veel).unwrap_err().0, 422);
        assert_eq!(s.lees("tr_onbekend").unwrap_err().0, 404);
    }
}
