//! Delivering: claims due berichten, sends e-mail (one per message, or a digest per subscription when it is due) and
//! webhooks (CloudEvents, signed, to checked targets only, many at once), then records each outcome: delivered,
//! tried again after a back-off, or — after the last attempt — a dead letter for officials.

use crate::App;
use crate::fout::Fout;
use crate::post::{Bijlage, Mail, MailConfig, Mailer};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use stip_berichten::abonnement::{MAX_POGINGEN, wachttijd};
use stip_berichten::melding::OpenbareMelding;
use stip_berichten::{Frequentie, Kanaal, webhook};
use stip_store::{Abonnement, AbonnementId, Bericht, BerichtId, BerichtRepository};
use time::Duration;

/// Deliveries claimed per round.
const PER_RONDE: u32 = 500;
/// How long a sender holds its claims (longer than the slowest send).
const CLAIM: Duration = Duration::seconds(120);
/// Webhook calls at the same time.
const GELIJKTIJDIG: usize = 32;
/// How long a webhook receiver may take.
const WEBHOOK_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// How messages leave stip: the mail server (when configured) and the HTTP agent for webhooks.
#[derive(Clone)]
pub struct Post {
    pub mailer: Option<Arc<Mailer>>,
    agent: ureq::Agent,
}

impl std::fmt::Debug for Post {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Post").field("mailer", &self.mailer).finish()
    }
}

impl Post {
    pub fn new(mail: Option<&MailConfig>) -> Post {
        let mailer = mail.and_then(|m| match Mailer::new(m) {
            Ok(m) => Some(Arc::new(m)),
            Err(e) => {
                tracing::error!(error = %e, "mail cannot be used: no e-mail goes out");
                None
            }
        });
        Post { mailer, agent: crate::post::http_agent(WEBHOOK_TIMEOUT) }
    }
}

/// One round of deliveries; returns how many were claimed (0: nothing was due).
pub async fn bezorg(app: &App, post: &Post) -> Result<usize, Fout> {
    let nu = app.klok().nu();
    let lijst = app.store().claim_berichten(PER_RONDE, nu, nu + CLAIM).await?;
    if lijst.is_empty() {
        return Ok(0);
    }
    let aantal = lijst.len();
    let mut abonnementen: HashMap<AbonnementId, Option<Abonnement>> = HashMap::new();
    for id in lijst.iter().filter_map(|b| b.abonnement_id) {
        if let std::collections::hash_map::Entry::Vacant(plek) = abonnementen.entry(id) {
            plek.insert(app.store().abonnement(id).await.ok());
        }
    }
    let mut uitkomsten: Vec<(BerichtId, i64, Result<(), String>)> = Vec::new();
    let mut webhooks = Vec::new();
    // One e-mail per direct message; one digest per subscription and address when a digest is due.
    let mut mails: BTreeMap<(String, Option<AbonnementId>, Option<BerichtId>), Vec<Bericht>> = BTreeMap::new();
    for b in lijst {
        let abonnement = b.abonnement_id.and_then(|id| abonnementen.get(&id).cloned().flatten());
        if b.abonnement_id.is_some() && abonnement.as_ref().is_none_or(|a| a.opgezegd.is_some()) {
            uitkomsten.push((b.id, i64::from(MAX_POGINGEN), Err("abonnement opgezegd".into())));
            continue;
        }
        match b.kanaal {
            Kanaal::Webhook => webhooks.push((b, abonnement)),
            Kanaal::Email => {
                let los = (b.frequentie == Frequentie::Direct).then_some(b.id);
                mails.entry((b.ontvanger.clone(), b.abonnement_id, los)).or_default().push(b);
            }
            Kanaal::Inbox => uitkomsten.push((b.id, b.pogingen, Ok(()))),
        }
    }
    uitkomsten.extend(stuur_webhooks(app, post, webhooks).await);
    leg_vast(app, nu, uitkomsten).await?;
    // Each e-mail is recorded as soon as the server took it: a crash then leaves at most the one in flight to be
    // sent again (with the same Message-ID, so mail programs see one message).
    for ((adres, abonnement, _), berichten) in mails {
        let abonnement = abonnement.and_then(|id| abonnementen.get(&id).cloned().flatten());
        let uitkomst = match &post.mailer {
            Some(m) => m.verstuur(mail(app, m, &adres, abonnement.as_ref(), &berichten)).await,
            None => Err("er is geen mailserver ingesteld ([mail] smtp_url)".into()),
        };
        leg_vast(app, nu, berichten.iter().map(|b| (b.id, b.pogingen, uitkomst.clone())).collect()).await?;
    }
    Ok(aantal)
}

/// Records outcomes: delivered, or failed with the next attempt after the back-off (none after the last: a dead
/// letter).
async fn leg_vast(
    app: &App,
    nu: time::OffsetDateTime,
    uitkomsten: Vec<(BerichtId, i64, Result<(), String>)>,
) -> Result<(), Fout> {
    let gelukt: Vec<BerichtId> = uitkomsten.iter().filter(|(_, _, u)| u.is_ok()).map(|(id, _, _)| *id).collect();
    if !gelukt.is_empty() {
        app.store().bezorgd(&gelukt, nu).await?;
    }
    for (id, pogingen, uitkomst) in uitkomsten {
        if let Err(fout) = uitkomst {
            let pogingen = u32::try_from(pogingen).unwrap_or(u32::MAX);
            let opnieuw = (pogingen < MAX_POGINGEN).then(|| app.klok().nu() + wachttijd(pogingen));
            if opnieuw.is_none() {
                tracing::warn!(bericht = %id, error = %fout, "a message is given up after its last attempt");
            }
            app.store().niet_bezorgd(id, &fout, opnieuw).await?;
        }
    }
    Ok(())
}

/// The e-mail for one message or a digest: the messages in words with their links, and how to stop them.
fn mail(app: &App, mailer: &Mailer, adres: &str, abonnement: Option<&Abonnement>, berichten: &[Bericht]) -> Mail {
    let basis = app.berichten_config().publieke_url.as_deref().map(|b| b.trim_end_matches('/').to_string());
    let mut tekst = String::new();
    let mut onderwerp = String::new();
    for b in berichten {
        let (titel, uitleg, link) = super::in_woorden(&b.melding);
        if onderwerp.is_empty() {
            onderwerp = titel.clone();
        }
        tekst.push_str(&format!("{titel}\n\n{uitleg}\n"));
        if let Some(basis) = &basis {
            tekst.push_str(&format!("Lees meer: {basis}{link}\n"));
        }
        tekst.push('\n');
    }
    if berichten.len() > 1 {
        onderwerp = format!("{} berichten over uw omgeving", berichten.len());
    }
    let afmelden = match (abonnement, &basis) {
        (Some(a), Some(basis)) => Some(format!("{basis}/abonnementen/afmelden/{}", a.sleutel)),
        _ => None,
    };
    match (abonnement, &afmelden) {
        (Some(a), Some(link)) => tekst.push_str(&format!(
            "U krijgt dit bericht omdat u zich heeft aangemeld voor berichten over: {}.\nAfmelden: {link}\n",
            a.omschrijving
        )),
        (Some(a), None) => tekst.push_str(&format!(
            "U krijgt dit bericht omdat u zich heeft aangemeld voor berichten over: {}.\n",
            a.omschrijving
        )),
        (None, _) => {
            let reden = berichten.first().and_then(|b| b.melding.inhoud.get("reden")).and_then(|r| r.as_str());
            tekst.push_str(reden.unwrap_or("Dit bericht gaat over uw eigen aanvraag."));
            tekst.push('\n');
        }
    }
    let domein = basis
        .as_deref()
        .and_then(|b| b.split("://").nth(1))
        .map(|h| h.split(['/', ':']).next().unwrap_or("stip").to_string())
        .unwrap_or_else(|| "stip".into());
    Mail {
        naam: String::new(),
        email: adres.to_string(),
        onderwerp,
        tekst,
        afmelden,
        message_id: berichten.first().map(|b| format!("<{}@{domein}>", b.id)),
        bijlage: match berichten {
            [een] => uitnodiging(mailer, adres, &een.melding.inhoud["afspraak"], een.aangemaakt),
            _ => None,
        },
    }
}

/// A meeting in a message as an iCalendar invitation for this one recipient, organised by the mail's sender.
fn uitnodiging(
    mailer: &Mailer,
    adres: &str,
    afspraak: &serde_json::Value,
    gemaakt: time::OffsetDateTime,
) -> Option<Bijlage> {
    let tekst = |k: &str| afspraak.get(k).and_then(|v| v.as_str());
    let moment = |k: &str| {
        tekst(k).and_then(|t| time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339).ok())
    };
    let (naam, email) = mailer.afzender();
    let ics = stip_berichten::agenda::ics(&stip_berichten::agenda::Uitnodiging {
        uid: tekst("uid")?,
        begin: moment("begin")?,
        eind: moment("eind")?,
        gemaakt,
        onderwerp: tekst("onderwerp").unwrap_or("Afspraak"),
        beschrijving: tekst("onderwerp").unwrap_or_default(),
        plaats: tekst("plaats").unwrap_or_default(),
        organisator: (tekst("organisator").or(naam).unwrap_or("De gemeente"), &email),
        deelnemer: ("", adres),
    });
    Some(Bijlage {
        naam: "uitnodiging.ics".into(),
        mediatype: "text/calendar; method=REQUEST; charset=UTF-8".into(),
        inhoud: ics.into_bytes(),
    })
}

/// Sends the webhooks, [`GELIJKTIJDIG`] at a time, each on a blocking thread.
async fn stuur_webhooks(
    app: &App,
    post: &Post,
    webhooks: Vec<(Bericht, Option<Abonnement>)>,
) -> Vec<(BerichtId, i64, Result<(), String>)> {
    let mut uit = Vec::with_capacity(webhooks.len());
    let basis = app.berichten_config().publieke_url.as_deref().unwrap_or("").trim_end_matches('/').to_string();
    let toegestaan = Arc::new(app.berichten_config().webhook_toegestaan.clone());
    let bron = app.berichten_config().bron.clone();
    let mut taken = tokio::task::JoinSet::new();
    for (b, abonnement) in webhooks {
        if taken.len() >= GELIJKTIJDIG
            && let Some(Ok(u)) = taken.join_next().await
        {
            uit.push(u);
        }
        let (id, pogingen) = (b.id, b.pogingen);
        let Some(a) = abonnement else {
            uit.push((id, pogingen, Err("webhook zonder abonnement".into())));
            continue;
        };
        let (Some(url), Some(geheim)) = (a.webhook_url.clone(), a.webhook_geheim.clone()) else {
            uit.push((id, pogingen, Err("abonnement zonder webhookUrl".into())));
            continue;
        };
        let body = match cloudevent(&b, &bron, &basis) {
            Ok(body) => body,
            Err(e) => {
                uit.push((id, pogingen, Err(e)));
                continue;
            }
        };
        let (agent, toegestaan) = (post.agent.clone(), toegestaan.clone());
        taken.spawn_blocking(move || (id, pogingen, roep_aan(&agent, &url, &geheim, &body, &toegestaan)));
    }
    while let Some(u) = taken.join_next().await {
        match u {
            Ok(u) => uit.push(u),
            Err(e) => tracing::error!(error = %e, "a webhook call ended without an answer"),
        }
    }
    uit
}

/// The CloudEvent of a public melding, as JSON bytes.
fn cloudevent(b: &Bericht, bron: &str, basis: &str) -> Result<Vec<u8>, String> {
    if !b.melding.openbaar {
        return Err("alleen openbare meldingen gaan naar webhooks".into());
    }
    let melding: OpenbareMelding = serde_json::from_value(b.melding.inhoud.clone()).map_err(|e| e.to_string())?;
    let dataref = format!("{basis}/api/v1/meldingen/{}", b.melding.id);
    let event = stip_berichten::cloudevent::van_melding(b.melding.id, bron, &melding, dataref);
    serde_json::to_vec(&event).map_err(|e| e.to_string())
}

/// One webhook call: the target checked again (its name resolved now, every address allowed), the body signed.
fn roep_aan(agent: &ureq::Agent, url: &str, geheim: &str, body: &[u8], toegestaan: &[String]) -> Result<(), String> {
    use std::net::ToSocketAddrs;
    let doel = webhook::controleer_doel(url, toegestaan).map_err(|e| e.to_string())?;
    let host = doel.host_str().unwrap_or_default().trim_start_matches('[').trim_end_matches(']').to_string();
    let poort = doel.port_or_known_default().unwrap_or(443);
    let adressen = (host.as_str(), poort).to_socket_addrs().map_err(|e| format!("{host}: {e}"))?;
    for a in adressen {
        if !webhook::adres_toegestaan(a.ip(), &host, toegestaan) {
            return Err(format!("{host} wijst naar {}, een privé-adres", a.ip()));
        }
    }
    let antwoord = agent
        .post(url)
        .header("content-type", stip_berichten::cloudevent::MEDIATYPE)
        .header(webhook::HANDTEKENING_HEADER, webhook::handtekening(geheim, body))
        .send(body)
        .map_err(|e| e.to_string())?;
    let status = antwoord.status();
    if status.is_success() { Ok(()) } else { Err(format!("HTTP {status}")) }
}
