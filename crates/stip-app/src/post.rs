//! Sending e-mail over SMTP (login links, messages and digests) and the HTTP agent for calls out (OpenID Connect,
//! webhooks). `[mail] smtp_url` names the server —
//! `smtp://host:25` (plain, for a relay on the same machine or network), `smtp://host:587?tls=required` (STARTTLS),
//! `smtps://host:465` (TLS from the start), optionally with `user:password@` — and `afzender` the From address.
//! TLS is rustls with the system's root certificates. Neither the password nor a message's link is logged.

use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
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

/// An e-mail to send: to whom, what, and for messages from a subscription the headers that let the reader
/// unsubscribe with one click (RFC 8058) and the receiver recognise a repeat (`Message-ID`).
#[derive(Debug, Clone, Default)]
pub struct Mail {
    pub naam: String,
    pub email: String,
    pub onderwerp: String,
    pub tekst: String,
    /// `https://…/abonnementen/afmelden/{sleutel}`: sent as `List-Unsubscribe` with `List-Unsubscribe-Post`.
    pub afmelden: Option<String>,
    /// A stable id per message and recipient, so that a resent message is the same message.
    pub message_id: Option<String>,
    /// A file sent with it (a meeting invitation as `text/calendar`).
    pub bijlage: Option<Bijlage>,
}

/// A file attached to an e-mail.
#[derive(Debug, Clone, Default)]
pub struct Bijlage {
    pub naam: String,
    /// The full content type, with parameters (`text/calendar; method=REQUEST; charset=UTF-8`).
    pub mediatype: String,
    pub inhoud: Vec<u8>,
}

/// The one-click unsubscribe headers (RFC 2369, RFC 8058).
#[derive(Clone)]
struct ListUnsubscribe(String);

impl lettre::message::header::Header for ListUnsubscribe {
    fn name() -> lettre::message::header::HeaderName {
        lettre::message::header::HeaderName::new_from_ascii_str("List-Unsubscribe")
    }
    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribe(s.to_string()))
    }
    fn display(&self) -> lettre::message::header::HeaderValue {
        lettre::message::header::HeaderValue::new(Self::name(), self.0.clone())
    }
}

#[derive(Clone)]
struct ListUnsubscribePost;

impl lettre::message::header::Header for ListUnsubscribePost {
    fn name() -> lettre::message::header::HeaderName {
        lettre::message::header::HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }
    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribePost)
    }
    fn display(&self) -> lettre::message::header::HeaderValue {
        lettre::message::header::HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_string())
    }
}

/// A connection factory to the configured server (one SMTP connection per message).
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    afzender: Mailbox,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer").field("afzender", &self.afzender.to_string()).finish()
    }
}

impl Mailer {
    pub fn new(config: &MailConfig) -> Result<Mailer, String> {
        let transport =
            AsyncSmtpTransport::<Tokio1Executor>::from_url(&config.smtp_url).map_err(|e| e.to_string())?.build();
        let afzender = config.afzender.parse().map_err(|e: lettre::address::AddressError| e.to_string())?;
        Ok(Mailer { transport, afzender })
    }

    /// The sender: its display name (if any) and address, e.g. as the organiser of a meeting.
    pub fn afzender(&self) -> (Option<&str>, String) {
        (self.afzender.name.as_deref(), self.afzender.email.to_string())
    }

    /// Sends a plain-text message; returns when the server accepted it.
    pub async fn stuur(&self, naam: &str, email: &str, onderwerp: &str, tekst: String) -> Result<(), String> {
        let mail = Mail {
            naam: naam.to_string(),
            email: email.to_string(),
            onderwerp: onderwerp.to_string(),
            tekst,
            ..Mail::default()
        };
        self.verstuur(mail).await
    }

    /// Sends a [`Mail`]; returns when the server accepted it.
    pub async fn verstuur(&self, mail: Mail) -> Result<(), String> {
        let adres = mail.email.parse().map_err(|e: lettre::address::AddressError| e.to_string())?;
        let naam = (!mail.naam.trim().is_empty()).then(|| mail.naam.trim().to_string());
        let mut builder = Message::builder()
            .from(self.afzender.clone())
            .to(Mailbox::new(naam, adres))
            .subject(mail.onderwerp)
            .message_id(mail.message_id);
        if let Some(url) = mail.afmelden {
            builder = builder.header(ListUnsubscribe(format!("<{url}>"))).header(ListUnsubscribePost);
        }
        let bericht = match mail.bijlage {
            None => builder.header(ContentType::TEXT_PLAIN).body(mail.tekst),
            Some(b) => {
                let soort = ContentType::parse(&b.mediatype).map_err(|e| e.to_string())?;
                builder.multipart(
                    MultiPart::mixed()
                        .singlepart(SinglePart::builder().header(ContentType::TEXT_PLAIN).body(mail.tekst))
                        .singlepart(Attachment::new(b.naam).body(b.inhoud, soort)),
                )
            }
        }
        .map_err(|e| e.to_string())?;
        self.transport.send(bericht).await.map(drop).map_err(|e| e.to_string())
    }
}

/// An HTTP agent that trusts the system's root certificates (or, without any, Mozilla's), answers every status as a
/// response (not an error) and gives up after `timeout`. Blocking: call it from `spawn_blocking`.
pub fn http_agent(timeout: std::time::Duration) -> ureq::Agent {
    use ureq::tls::{Certificate, RootCerts, TlsConfig};
    let systeem = rustls_native_certs::load_native_certs();
    let certs: Vec<Certificate<'static>> =
        systeem.certs.iter().map(|c| Certificate::from_der(c.as_ref()).to_owned()).collect();
    let roots = if certs.is_empty() { RootCerts::WebPki } else { RootCerts::Specific(std::sync::Arc::new(certs)) };
    ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .max_redirects(0)
        .tls_config(TlsConfig::builder().root_certs(roots).build())
        .build()
        .into()
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
