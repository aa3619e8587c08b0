//! Sending e-mail over SMTP (for the one-time login link): `[mail] smtp_url` names the server —
//! `smtp://host:25` (plain, for a relay on the same machine or network), `smtp://host:587?tls=required` (STARTTLS),
//! `smtps://host:465` (TLS from the start), optionally with `user:password@` — and `afzender` the From address.
//! TLS is rustls with the system's root certificates. Neither the password nor a message's link is logged.

use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// The mail settings, checked.
#[derive(Clone, PartialEq)]
pub struct MailConfig {
    smtp_url: String,
    afzender: String,
}

impl std::fmt::Debug for MailConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailConfig")
            .field("smtp_url", &zonder_wachtwoord(&self.smtp_url))
            .field("afzender", &self.afzender)
            .finish()
    }
}

/// The URL with any password replaced by `***`.
fn zonder_wachtwoord(url: &str) -> String {
    match url.split_once("://") {
        Some((schema, rest)) => match rest.split_once('@') {
            Some((gebruiker, host)) if gebruiker.contains(':') => {
                let naam = gebruiker.split(':').next().unwrap_or_default();
                format!("{schema}://{naam}:***@{host}")
            }
            _ => url.to_string(),
        },
        None => url.to_string(),
    }
}

impl MailConfig {
    /// Checks the server URL and the sender address (`naam@domein` or `Naam <naam@domein>`).
    pub fn new(smtp_url: &str, afzender: &str) -> Result<MailConfig, String> {
        afzender.parse::<Mailbox>().map_err(|e| format!("mail.afzender: not an e-mail address ({e})"))?;
        AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url).map_err(|e| {
            format!(
                "mail.smtp_url: {e}; use smtp://host:port, smtp://host:587?tls=required or smtps://host:465 ({})",
                zonder_wachtwoord(smtp_url)
            )
        })?;
        Ok(MailConfig { smtp_url: smtp_url.to_string(), afzender: afzender.to_string() })
    }
}

/// A connection factory to the configured server (one SMTP connection per message).
pub(crate) struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    afzender: Mailbox,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer").field("afzender", &self.afzender.to_string()).finish()
    }
}

impl Mailer {
    pub(crate) fn new(config: &MailConfig) -> Result<Mailer, String> {
        let transport =
            AsyncSmtpTransport::<Tokio1Executor>::from_url(&config.smtp_url).map_err(|e| e.to_string())?.build();
        let afzender = config.afzender.parse().map_err(|e: lettre::address::AddressError| e.to_string())?;
        Ok(Mailer { transport, afzender })
    }

    /// Sends a plain-text message; returns when the server accepted it.
    pub(crate) async fn stuur(&self, naam: &str, email: &str, onderwerp: &str, tekst: String) -> Result<(), String> {
        let adres = email.parse().map_err(|e: lettre::address::AddressError| e.to_string())?;
        let naam = (!naam.trim().is_empty()).then(|| naam.trim().to_string());
        let bericht = Message::builder()
            .from(self.afzender.clone())
            .to(Mailbox::new(naam, adres))
            .subject(onderwerp)
            .header(lettre::message::header::ContentType::TEXT_PLAIN)
            .body(tekst)
            .map_err(|e| e.to_string())?;
        self.transport.send(bericht).await.map(drop).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mail_configuration_is_checked_and_never_shows_its_password() {
        let c =
            MailConfig::new("smtp://stip:geheim@mail.example:587?tls=required", "stip <stip@voorbeeldstad.example>");
        let printed = format!("{:?}", c.unwrap());
        assert!(printed.contains("smtp://stip:***@mail.example:587") && !printed.contains("geheim"), "{printed}");
        assert!(MailConfig::new("http://mail.example", "a@b.nl").unwrap_err().starts_with("mail.smtp_url:"));
        assert!(MailConfig::new("smtp://127.0.0.1:2525", "geen adres").unwrap_err().starts_with("mail.afzender:"));
    }
}
