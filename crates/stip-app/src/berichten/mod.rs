//! Messages and alerts (berichten en attenties): subscribing to an area, a municipality or a case (e-mail
//! subscriptions without an account confirmed by a link), cancelling with one click, the inbox, a happening's public
//! page, the officials' view of the outbox — and the worker that distributes happenings to subscriptions
//! ([`verspreiden`]), delivers them by e-mail and webhook ([`bezorgen`]) and reminds people of terms
//! ([`herinneren`]).
//!
//! Happenings come from the outbox the store fills in the change's own transaction (every case event, every plan
//! change at import), so nothing that happened is missed by a crash; the worker delivers at least once, and the
//! unique (melding, channel, recipient) plus stable melding ids make a repeat recognisable.

mod bezorgen;
mod herinneren;
mod register;
mod verspreiden;

pub use bezorgen::{Post, bezorg};
pub use herinneren::herinner;
pub use register::{Register, Volger};
pub(crate) use verspreiden::afgeleid;
pub use verspreiden::verspreid;

use crate::App;
use crate::fout::{Fout, FoutCode};
use geo_types::Geometry;
use serde::{Deserialize, Serialize};
use stip_berichten::melding::OpenbareMelding;
use stip_berichten::{Frequentie, Gebied, Kanaal, Soort};
use stip_geo::{Crs, RdPoint};
use stip_store::{
    Abonnement, AbonnementId, BerichtId, BerichtRepository, BerichtStatus, BerichtTelling, GebruikerRepository,
    NieuwAbonnement, ZaakRepository,
};
use stip_zaak::{Actor, Rol};
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

/// The messages' settings (`[berichten]`).
#[derive(Debug, Clone)]
pub struct BerichtenConfig {
    /// The address people reach stip at, for links in e-mails and a webhook's `dataref`.
    pub publieke_url: Option<String>,
    /// Hosts or addresses webhooks may reach although private or plain http (tests, development).
    pub webhook_toegestaan: Vec<String>,
    /// The CloudEvents `source`: a URN of the authority or service.
    pub bron: String,
    /// The SMTP server for e-mail (also for login links); without it no e-mail goes out.
    pub mail: Option<crate::post::MailConfig>,
}

impl Default for BerichtenConfig {
    fn default() -> Self {
        BerichtenConfig { publieke_url: None, webhook_toegestaan: Vec::new(), bron: "urn:nld:stip".into(), mail: None }
    }
}

/// The running part: settings, the subscriptions in memory, and the bell that wakes the worker.
pub(crate) struct Berichten {
    pub(crate) config: BerichtenConfig,
    pub(crate) post: Post,
    pub(crate) register: std::sync::RwLock<Register>,
    /// The latest subscription change the register has followed (see [`App::volg_abonnementen`]).
    pub(crate) gevolgd: std::sync::Mutex<Option<OffsetDateTime>>,
    pub(crate) wek: tokio::sync::Notify,
}

impl Berichten {
    pub(crate) fn new(config: BerichtenConfig) -> Berichten {
        Berichten {
            post: Post::new(config.mail.as_ref()),
            config,
            register: std::sync::RwLock::new(Register::default()),
            gevolgd: std::sync::Mutex::new(None),
            wek: tokio::sync::Notify::new(),
        }
    }
}

impl App {
    pub(crate) fn berichten(&self) -> &Berichten {
        &self.inner.berichten
    }

    /// The messages' settings.
    pub fn berichten_config(&self) -> &BerichtenConfig {
        &self.berichten().config
    }

    /// How e-mail and webhooks leave (the mail server may be absent).
    pub fn post(&self) -> &Post {
        &self.berichten().post
    }

    /// Tells the worker that something may be waiting (a case event, a new subscription).
    pub fn wek_berichten(&self) {
        self.berichten().wek.notify_one();
    }

    /// Reads every live subscription into the matching index (at start).
    pub async fn laad_abonnementen(&self) -> Result<usize, Fout> {
        let sinds = self.klok().nu();
        let lijst = self.store().actieve_abonnementen().await?;
        let register = tokio::task::spawn_blocking(move || Register::bouw(lijst))
            .await
            .map_err(|e| Fout::intern(e.to_string()))?;
        let n = register.len();
        *self.berichten().register.write().unwrap_or_else(|e| e.into_inner()) = register;
        *self.berichten().gevolgd.lock().unwrap_or_else(|e| e.into_inner()) = Some(sinds);
        Ok(n)
    }

    /// Follows the subscriptions made, confirmed or cancelled since the last look, also through other instances on
    /// the same database: one indexed query, a few rows. Changes are read again from [`VOLG_MARGE`] before the last
    /// one seen, so one committed late (or stamped by a clock a little behind) is not missed; applying one twice is
    /// harmless. Returns how many it applied.
    pub async fn volg_abonnementen(&self) -> Result<usize, Fout> {
        let vanaf = *self.berichten().gevolgd.lock().unwrap_or_else(|e| e.into_inner());
        let Some(vanaf) = vanaf else { return self.laad_abonnementen().await };
        let lijst = self.store().abonnementen_gewijzigd_sinds(vanaf - VOLG_MARGE).await?;
        let laatste = lijst.iter().map(|a| a.gewijzigd).max();
        let n = lijst.len();
        self.werk_register_bij(|r| lijst.into_iter().for_each(|a| r.zet(a)));
        if let Some(t) = laatste.filter(|t| *t > vanaf) {
            *self.berichten().gevolgd.lock().unwrap_or_else(|e| e.into_inner()) = Some(t);
        }
        Ok(n)
    }

    /// The subscriptions in memory, for matching (hold it only for work without waiting: it blocks changes).
    pub(crate) fn register(&self) -> std::sync::RwLockReadGuard<'_, Register> {
        self.berichten().register.read().unwrap_or_else(|e| e.into_inner())
    }

    fn werk_register_bij(&self, f: impl FnOnce(&mut Register)) {
        f(&mut self.berichten().register.write().unwrap_or_else(|e| e.into_inner()));
    }
}

/// What someone asks to hear about. Exactly one of `gebied`, `punt`, `adres`, `gemeente` or `zaak`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AbonnementVerzoek {
    /// A drawn area: a GeoJSON Polygon or MultiPolygon in `crs`.
    #[schema(value_type = Option<Object>)]
    pub gebied: Option<serde_json::Value>,
    /// A point `[x, y]` in `crs` (RD New) or `[lon, lat]` (WGS84), with `straalM`.
    pub punt: Option<[f64; 2]>,
    /// `EPSG:28992` or `EPSG:4326` (default) for `gebied` and `punt`.
    pub crs: Option<String>,
    /// The radius around `punt` or `adres` in metres (25 – 5000; default 200).
    pub straal_m: Option<f64>,
    /// An address as the address search writes it ("Dorpsstraat 12, Voorbeeldstad"): "my address".
    pub adres: Option<String>,
    /// With `adres`: the whole parcel (BRK) the address stands on instead of a circle ("my parcel").
    #[serde(default)]
    pub perceel: bool,
    /// A municipality's code (`gm9999`): everything there.
    pub gemeente: Option<String>,
    /// A case number (`Z-2026-000001`): follow that case.
    pub zaak: Option<String>,
    /// Which kinds of happening; empty: the news of the area (or every public step of a followed case).
    #[serde(default)]
    pub soorten: Vec<Soort>,
    /// Only happenings about these activity groups (`bouwen`, `kappen`, `milieu`, `uitrit`, `evenement`); empty: all.
    #[serde(default)]
    pub activiteitgroepen: Vec<String>,
    pub kanaal: Kanaal,
    #[serde(default = "direct")]
    pub frequentie: Frequentie,
    /// For `kanaal: webhook`: an https URL.
    pub webhook_url: Option<String>,
    /// For `kanaal: email` without an account: the address, which must be confirmed by a link first.
    pub email: Option<String>,
}

fn direct() -> Frequentie {
    Frequentie::Direct
}

/// A subscription as its owner sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AbonnementBeeld {
    pub id: Uuid,
    /// How people recognise it ("200 m rond Dorpsstraat 12").
    pub omschrijving: String,
    pub soorten: Vec<String>,
    pub activiteitgroepen: Vec<String>,
    pub kanaal: Kanaal,
    pub frequentie: Frequentie,
    /// Whether messages go out (an e-mail address must be confirmed first).
    pub bevestigd: bool,
    pub webhook_url: Option<String>,
    /// The key the webhook's signatures are made with (header `Stip-Signature`): given once, when made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook_geheim: Option<String>,
    /// The area as GeoJSON in WGS84, when it is one.
    #[schema(value_type = Option<Object>)]
    pub gebied: Option<serde_json::Value>,
    #[serde(with = "time::serde::rfc3339")]
    pub aangemaakt: OffsetDateTime,
}

impl AbonnementBeeld {
    fn van(a: &Abonnement, met_geheim: bool) -> AbonnementBeeld {
        let gebied = a
            .gebied
            .as_ref()
            .and_then(|g| serde_json::from_value::<Gebied>(g.clone()).ok())
            .and_then(|g| gebied_wgs84(&g));
        AbonnementBeeld {
            id: a.id.0,
            omschrijving: a.omschrijving.clone(),
            soorten: a.soorten.clone(),
            activiteitgroepen: a.activiteitgroepen.clone(),
            kanaal: a.kanaal,
            frequentie: a.frequentie,
            bevestigd: a.bevestigd,
            webhook_url: a.webhook_url.clone(),
            webhook_geheim: if met_geheim { a.webhook_geheim.clone() } else { None },
            gebied,
            aangemaakt: a.aangemaakt,
        }
    }
}

/// A circle as a 64-gon, a polygon as it is: GeoJSON in WGS84 for a map.
fn gebied_wgs84(g: &Gebied) -> Option<serde_json::Value> {
    let rd: Geometry<f64> = match g {
        Gebied::Straal { midden, meter } => {
            let ring: Vec<geo_types::Coord<f64>> = (0..=64)
                .map(|i| {
                    let hoek = std::f64::consts::TAU * f64::from(i % 64) / 64.0;
                    geo_types::coord! { x: midden.x + meter * hoek.cos(), y: midden.y + meter * hoek.sin() }
                })
                .collect();
            Geometry::Polygon(geo_types::Polygon::new(ring.into(), vec![]))
        }
        Gebied::Vlak(mp) => Geometry::MultiPolygon(mp.clone()),
    };
    let wgs = stip_geo::transform::geometry_rd_to_wgs84(&rd).ok()?;
    serde_json::to_value(geojson::Geometry::from(&wgs)).ok()
}

/// The answer to a new subscription: what was made, and whether an e-mail to confirm it went out.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NieuwAbonnementAntwoord {
    #[serde(flatten)]
    pub abonnement: AbonnementBeeld,
    /// An e-mail with a link to confirm the address is on its way (subscriptions without an account).
    pub bevestiging_verstuurd: bool,
}

/// A random secret: 32 bytes as hex.
pub(crate) fn geheim() -> Result<String, Fout> {
    let mut b = [0u8; 32];
    getrandom::getrandom(&mut b).map_err(|e| Fout::intern(format!("no randomness: {e}")))?;
    Ok(hex::encode(b))
}

fn ongeldig(detail: impl Into<String>) -> Fout {
    Fout::new(FoutCode::InvalidRequest, detail)
}

/// What a subscription covers, resolved from the request.
struct Omvang {
    gebied: Option<Gebied>,
    gemeente: Option<String>,
    zaak: Option<stip_store::ZaakId>,
    omschrijving: String,
}

async fn omvang(app: &App, v: &AbonnementVerzoek) -> Result<Omvang, Fout> {
    let gekozen = [v.gebied.is_some(), v.punt.is_some(), v.adres.is_some(), v.gemeente.is_some(), v.zaak.is_some()]
        .iter()
        .filter(|b| **b)
        .count();
    if gekozen != 1 {
        return Err(ongeldig("kies precies één van gebied, punt, adres, gemeente of zaak"));
    }
    let straal = v.straal_m.unwrap_or(200.0);
    let cirkel = |p: RdPoint, waar: &str| -> Result<Omvang, Fout> {
        if !(stip_berichten::gebied::MIN_STRAAL_M..=stip_berichten::gebied::MAX_STRAAL_M).contains(&straal) {
            return Err(ongeldig("straalM: kies een straal van 25 tot 5000 meter"));
        }
        Ok(Omvang {
            gebied: Some(Gebied::Straal { midden: geo_types::coord! { x: p.x(), y: p.y() }, meter: straal }),
            gemeente: None,
            zaak: None,
            omschrijving: format!("{} m rond {waar}", straal.round()),
        })
    };
    let crs = || match v.crs.as_deref() {
        None => Ok(Crs::Wgs84),
        Some(c) => crate::locatie::crs(Some(c)),
    };
    if let Some(g) = &v.gebied {
        let rd = crate::locatie::geometrie_rd(g, crs()?)?;
        let mp = match rd {
            Geometry::Polygon(p) => geo_types::MultiPolygon(vec![p]),
            Geometry::MultiPolygon(mp) => mp,
            _ => return Err(Fout::new(FoutCode::InvalidGeometry, "gebied: teken een vlak (Polygon of MultiPolygon)")),
        };
        let hoekpunten: usize =
            mp.0.iter().map(|p| p.exterior().0.len() + p.interiors().iter().map(|r| r.0.len()).sum::<usize>()).sum();
        if hoekpunten > MAX_HOEKPUNTEN {
            return Err(Fout::new(
                FoutCode::InvalidGeometry,
                format!("gebied: {hoekpunten} hoekpunten; teken het met hoogstens {MAX_HOEKPUNTEN}"),
            ));
        }
        return Ok(Omvang {
            gebied: Some(Gebied::Vlak(mp)),
            gemeente: None,
            zaak: None,
            omschrijving: "Getekend gebied".into(),
        });
    }
    if let Some([a, b]) = v.punt {
        let p = match crs()? {
            Crs::RdNew => crate::locatie::punt(Some(a), Some(b), None, None)?,
            Crs::Wgs84 => crate::locatie::punt(None, None, Some(a), Some(b))?,
        };
        let kennis = app.kennis();
        let waar = kennis
            .adressen
            .dichtstbij(p, 50.0)
            .map(|a| a.weergave.clone())
            .unwrap_or_else(|| "het gekozen punt".into());
        return cirkel(p, &waar);
    }
    if let Some(adres) = &v.adres {
        let kennis = app.kennis();
        let gevonden = kennis.adressen.zoek(adres, 1).into_iter().next();
        let Some(a) = gevonden else {
            return Err(Fout::new(FoutCode::NotFound, format!("adres: \"{adres}\" is niet gevonden")));
        };
        if v.perceel {
            let p = geo_types::coord! { x: a.punt.x(), y: a.punt.y() };
            let r = geo_types::Rect::new(p, p);
            let perceel = kennis
                .regels
                .percelen_bij(r)
                .into_iter()
                .find(|pc| geo::Intersects::intersects(&pc.geometrie, &geo_types::Point(p)));
            let Some(perceel) = perceel else {
                return Err(Fout::new(FoutCode::NotFound, format!("adres: geen perceel bekend onder {}", a.weergave)));
            };
            return Ok(Omvang {
                gebied: Some(Gebied::Vlak(geo_types::MultiPolygon(vec![perceel.geometrie.clone()]))),
                gemeente: None,
                zaak: None,
                omschrijving: format!("Perceel {} ({})", perceel.kadastrale_aanduiding.tekst(), a.weergave),
            });
        }
        return cirkel(a.punt, &a.weergave);
    }
    if let Some(code) = &v.gemeente {
        let Some(gezag) = app.host().gezag(code) else {
            return Err(Fout::new(FoutCode::NotFound, format!("gemeente: \"{code}\" is hier niet bekend")));
        };
        return Ok(Omvang {
            gebied: None,
            gemeente: Some(gezag.code.clone()),
            zaak: None,
            omschrijving: format!("Heel {}", gezag.naam),
        });
    }
    let nummer = v.zaak.as_deref().unwrap_or_default().trim().to_uppercase();
    let zaak = app
        .store()
        .zaak_per_nummer(&nummer)
        .await
        .map_err(|_| Fout::new(FoutCode::NotFound, format!("zaak: \"{nummer}\" is niet gevonden")))?;
    Ok(Omvang { gebied: None, gemeente: None, zaak: Some(zaak.id), omschrijving: format!("Zaak {nummer}") })
}

/// The most corners a drawn area may have.
pub const MAX_HOEKPUNTEN: usize = 2_000;

/// Subscribes `wie` (or, without an account, the e-mail address in the request, which then gets a link to confirm it).
pub async fn abonneer(app: &App, wie: Option<&Actor>, v: AbonnementVerzoek) -> Result<NieuwAbonnementAntwoord, Fout> {
    let omvang = omvang(app, &v).await?;
    for g in &v.activiteitgroepen {
        if !stip_zaak::activiteitgroep::bekend(g) {
            return Err(ongeldig(format!(
                "activiteitgroepen: \"{g}\" is geen groep; kies uit bouwen, kappen, milieu, uitrit, evenement"
            )));
        }
    }
    if v.soorten.iter().any(|s| s.persoonlijk()) {
        return Err(ongeldig("soorten: berichten over uw eigen zaak krijgt u vanzelf"));
    }
    let (email, bevestigd) = match (v.kanaal, wie) {
        (Kanaal::Inbox, None) => {
            return Err(Fout::new(FoutCode::Unauthenticated, "log in om berichten in Mijn omgeving te krijgen"));
        }
        (Kanaal::Webhook, None) => return Err(Fout::new(FoutCode::Unauthenticated, "log in om een webhook te maken")),
        (Kanaal::Email, None) => {
            if app.post().mailer.is_none() || app.berichten_config().publieke_url.is_none() {
                return Err(Fout::new(
                    FoutCode::InvalidRequest,
                    "e-mail kan hier niet zonder account: log in en kies Mijn berichten",
                ));
            }
            let adres = v.email.as_deref().map(str::trim).unwrap_or_default();
            if adres.parse::<lettre::Address>().is_err() {
                return Err(ongeldig("email: vul een geldig e-mailadres in"));
            }
            (Some(stip_store::normaliseer_email(adres)), false)
        }
        (_, Some(_)) => (None, true),
    };
    let (webhook_url, webhook_geheim) = match v.kanaal {
        Kanaal::Webhook => {
            let url = v.webhook_url.as_deref().ok_or_else(|| ongeldig("webhookUrl: nodig voor kanaal webhook"))?;
            let url = stip_berichten::webhook::controleer_doel(url, &app.berichten_config().webhook_toegestaan)
                .map_err(|e| ongeldig(e.to_string()))?;
            (Some(url.to_string()), Some(geheim()?))
        }
        _ => (None, None),
    };
    let soorten: Vec<String> = v.soorten.iter().map(|s| s.as_str().to_string()).collect();
    let sleutel = geheim()?;
    let gebied = omvang.gebied.as_ref().map(|g| serde_json::to_value(g).unwrap_or_default());
    let a = app
        .store()
        .maak_abonnement(NieuwAbonnement {
            gebruiker: wie.map(|a| a.id),
            email: email.as_deref(),
            bevestigd,
            sleutel: &sleutel,
            omschrijving: &omvang.omschrijving,
            gebied,
            gemeente: omvang.gemeente.as_deref(),
            zaak_id: omvang.zaak,
            soorten: &soorten,
            activiteitgroepen: &v.activiteitgroepen,
            kanaal: v.kanaal,
            frequentie: v.frequentie,
            webhook_url: webhook_url.as_deref(),
            webhook_geheim: webhook_geheim.as_deref(),
            aangemaakt: app.klok().nu(),
        })
        .await?;
    if a.actief() {
        let kopie = a.clone();
        app.werk_register_bij(|r| r.zet(kopie));
    } else if let Some(adres) = a.email.clone() {
        stuur_bevestiging(app, adres, &a.omschrijving, &a.sleutel);
    }
    Ok(NieuwAbonnementAntwoord { abonnement: AbonnementBeeld::van(&a, true), bevestiging_verstuurd: !bevestigd })
}

/// Sends the e-mail that asks to confirm a new subscription without an account (after the answer: a slow mail server
/// does not hold up the page).
fn stuur_bevestiging(app: &App, email: String, omschrijving: &str, sleutel: &str) {
    let (Some(mailer), Some(basis)) = (app.post().mailer.clone(), app.berichten_config().publieke_url.clone()) else {
        return;
    };
    let mail = crate::post::Mail {
        naam: String::new(),
        email,
        onderwerp: "Bevestig uw aanmelding voor berichten".into(),
        tekst: format!(
            "U heeft zich aangemeld voor berichten over: {omschrijving}.\n\nKlik op deze link om dat te bevestigen:\n\
             {}/abonnementen/bevestigen/{sleutel}\n\nHeeft u zich niet aangemeld? Dan hoeft u niets te doen: zonder \
             bevestiging krijgt u geen berichten.\n",
            basis.trim_end_matches('/')
        ),
        ..crate::post::Mail::default()
    };
    tokio::spawn(async move {
        if let Err(e) = mailer.verstuur(mail).await {
            tracing::warn!(error = %e, "the confirmation e-mail could not be sent");
        }
    });
}

/// The subscription a confirm or unsubscribe link is for.
pub async fn per_sleutel(app: &App, sleutel: &str) -> Result<Abonnement, Fout> {
    app.store()
        .abonnement_per_sleutel(sleutel.trim())
        .await?
        .ok_or_else(|| Fout::new(FoutCode::NotFound, "deze link is niet (meer) geldig"))
}

/// Confirms an e-mail address by the link in the confirmation mail; messages go out from now on.
pub async fn bevestig(app: &App, sleutel: &str) -> Result<AbonnementBeeld, Fout> {
    let a = per_sleutel(app, sleutel).await?;
    if a.opgezegd.is_some() {
        return Err(Fout::new(FoutCode::Conflict, "deze aanmelding is al opgezegd; meld u opnieuw aan"));
    }
    let a = app.store().bevestig_abonnement(a.id, app.klok().nu()).await?;
    let kopie = a.clone();
    app.werk_register_bij(|r| r.zet(kopie));
    Ok(AbonnementBeeld::van(&a, false))
}

/// Cancels by the link in every message (one click, no login).
pub async fn zeg_op_met_sleutel(app: &App, sleutel: &str) -> Result<AbonnementBeeld, Fout> {
    let a = per_sleutel(app, sleutel).await?;
    zeg_op_en_vergeet(app, a.id).await
}

/// Cancels one's own subscription.
pub async fn zeg_op(app: &App, wie: &Actor, id: Uuid) -> Result<(), Fout> {
    let a = app.store().abonnement(AbonnementId(id)).await?;
    if a.gebruiker != Some(wie.id) {
        return Err(Fout::new(FoutCode::NotFound, "dit abonnement bestaat niet of is niet van u"));
    }
    zeg_op_en_vergeet(app, a.id).await.map(drop)
}

async fn zeg_op_en_vergeet(app: &App, id: AbonnementId) -> Result<AbonnementBeeld, Fout> {
    let a = app.store().zeg_abonnement_op(id, app.klok().nu()).await?;
    app.werk_register_bij(|r| r.verwijder(id.0));
    Ok(AbonnementBeeld::van(&a, false))
}

/// One's own subscriptions, newest first.
pub async fn mijn_abonnementen(app: &App, wie: &Actor) -> Result<Vec<AbonnementBeeld>, Fout> {
    Ok(app.store().abonnementen_van(wie.id).await?.iter().map(|a| AbonnementBeeld::van(a, false)).collect())
}

/// One message in the inbox.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InboxBericht {
    pub id: Uuid,
    pub titel: String,
    pub tekst: String,
    /// Where to read more (a path in stip).
    pub link: String,
    pub soort: String,
    #[serde(with = "time::serde::rfc3339")]
    pub op: OffsetDateTime,
    pub gelezen: bool,
}

/// A page of the inbox.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Inbox {
    pub berichten: Vec<InboxBericht>,
    pub totaal: i64,
    pub ongelezen: i64,
    pub pagina: u32,
    pub per_pagina: u32,
}

/// Messages per inbox page.
pub const PER_PAGINA: u32 = 20;

/// The title, text and link of a melding for its reader.
pub(crate) fn in_woorden(m: &stip_store::Melding) -> (String, String, String) {
    let tekst = |k: &str| m.inhoud.get(k).and_then(|v| v.as_str()).unwrap_or_default().to_string();
    let link = match m.inhoud.get("link").and_then(|v| v.as_str()) {
        Some(eigen) if !m.openbaar => eigen.to_string(),
        _ if m.openbaar => format!("/meldingen/{}", m.id),
        _ => "/mijn-omgeving/berichten".into(),
    };
    (tekst("titel"), tekst("tekst"), link)
}

/// A personal message for what no case event says itself (an early request's answer, "Veel succes!", a review
/// link): what it says, where it links, the case it is about (if any), and the meeting it invites to, if any (`uid`, `begin`, `eind`, `plaats`, `onderwerp`, `organisator`: the mail then carries it as
/// an iCalendar file).
pub(crate) struct Persoonlijk<'a> {
    /// Stable per happening, so that recording it twice records it once.
    pub id: Uuid,
    pub titel: &'a str,
    pub tekst: &'a str,
    pub link: String,
    /// Why the person gets it, at the foot of the e-mail.
    pub reden: &'a str,
    pub afspraak: Option<serde_json::Value>,
    /// The case it is about: the message then shows in the case's context and names its number.
    pub zaak: Option<&'a stip_store::Zaak>,
}

/// Who a personal message goes to: an account (its inbox, and its e-mail address) and/or an e-mail address of
/// someone without an account (who asked for help without logging in).
#[derive(Debug, Clone, Default)]
pub(crate) struct Ontvanger {
    pub gebruiker: Option<Uuid>,
    pub email: Option<String>,
}

impl From<Uuid> for Ontvanger {
    fn from(gebruiker: Uuid) -> Ontvanger {
        Ontvanger { gebruiker: Some(gebruiker), email: None }
    }
}

/// Sends `bericht` to `wie`: an account's inbox (Mijn berichten) and, with a mail server, its e-mail, and an e-mail
/// address given without an account (once, when it is the account's own); the worker delivers it.
pub(crate) async fn stuur_persoonlijk(
    app: &App,
    wie: impl Into<Ontvanger>,
    bericht: Persoonlijk<'_>,
) -> Result<(), Fout> {
    let wie = wie.into();
    if wie.gebruiker.is_none() && wie.email.is_none() {
        return Ok(());
    }
    let nu = app.klok().nu();
    let soort = Soort::EigenZaak;
    let mut inhoud = serde_json::json!({
        "soort": soort, "titel": bericht.titel, "tekst": bericht.tekst, "op": nu, "link": bericht.link,
        "reden": bericht.reden,
    });
    if let Some(a) = bericht.afspraak {
        inhoud["afspraak"] = a;
    }
    if let Some(z) = bericht.zaak {
        inhoud["zaaknummer"] = z.zaaknummer.clone().into();
    }
    let melding = stip_store::NieuweMelding {
        id: bericht.id,
        soort: soort.as_str().into(),
        zaak_id: bericht.zaak.map(|z| z.id),
        openbaar: false,
        op: nu,
        inhoud,
    };
    let mut berichten = match wie.gebruiker {
        Some(g) => verspreiden::aan(app, melding.id, g, nu, &mut verspreiden::Adressen::default()).await,
        None => Vec::new(),
    };
    if let Some(email) = wie.email.as_deref()
        && app.post().mailer.is_some()
        && !berichten.iter().any(|b| b.kanaal == Kanaal::Email && b.ontvanger == stip_store::normaliseer_email(email))
    {
        berichten.push(verspreiden::email_bericht(melding.id, None, email, Frequentie::Direct, nu));
    }
    app.store().verspreid(&[], &[melding], &berichten, nu).await?;
    app.wek_berichten();
    Ok(())
}

/// Sends `bericht` to an e-mail address that need not have an account (an invitation): to the account's inbox and
/// e-mail when the address has one, else to the address alone; through the outbox like every message.
pub(crate) async fn stuur_aan_adres(app: &App, email: &str, bericht: Persoonlijk<'_>) -> Result<(), Fout> {
    let email = stip_store::normaliseer_email(email);
    if let Some(g) = app.store().gebruiker_per_email(&email).await? {
        return stuur_persoonlijk(app, g.id.0, bericht).await;
    }
    let nu = app.klok().nu();
    let soort = Soort::EigenZaak;
    let inhoud = serde_json::json!({
        "soort": soort, "titel": bericht.titel, "tekst": bericht.tekst, "op": nu, "link": bericht.link,
        "reden": bericht.reden,
    });
    let melding = stip_store::NieuweMelding {
        id: bericht.id,
        soort: soort.as_str().into(),
        zaak_id: None,
        openbaar: false,
        op: nu,
        inhoud,
    };
    let berichten: Vec<_> = if app.post().mailer.is_some() {
        vec![verspreiden::email_bericht(melding.id, None, &email, Frequentie::Direct, nu)]
    } else {
        Vec::new()
    };
    app.store().verspreid(&[], &[melding], &berichten, nu).await?;
    app.wek_berichten();
    Ok(())
}

/// One's inbox, newest first (`pagina` from 1).
pub async fn inbox(app: &App, wie: &Actor, pagina: u32) -> Result<Inbox, Fout> {
    let pagina = pagina.max(1);
    let lijst = app.store().inbox(wie.id, (pagina - 1).saturating_mul(PER_PAGINA), PER_PAGINA).await?;
    let (totaal, ongelezen) = app.store().tel_inbox(wie.id).await?;
    let berichten = lijst
        .iter()
        .map(|b| {
            let (titel, tekst, link) = in_woorden(&b.melding);
            InboxBericht {
                id: b.id.0,
                titel,
                tekst,
                link,
                soort: b.melding.soort.clone(),
                op: b.aangemaakt,
                gelezen: b.gelezen.is_some(),
            }
        })
        .collect();
    Ok(Inbox { berichten, totaal, ongelezen, pagina, per_pagina: PER_PAGINA })
}

/// How many unread messages someone has (the badge).
pub async fn ongelezen(app: &App, wie: &Actor) -> Result<i64, Fout> {
    Ok(app.store().tel_inbox(wie.id).await?.1)
}

pub async fn markeer_gelezen(app: &App, wie: &Actor, id: Uuid) -> Result<(), Fout> {
    app.store().markeer_gelezen(BerichtId(id), wie.id, app.klok().nu()).await?;
    Ok(())
}

/// A public happening (the `dataref` of webhooks, the link in e-mails). Messages for a case's own people are not
/// public: they are "not found" here.
pub async fn openbare_melding(app: &App, id: Uuid) -> Result<OpenbareMelding, Fout> {
    let m = app.store().melding(id).await?;
    if !m.openbaar {
        return Err(Fout::new(FoutCode::NotFound, format!("melding {id}")));
    }
    serde_json::from_value(m.inhoud).map_err(|e| Fout::intern(format!("melding {id}: {e}")))
}

/// A delivery as officials see it in the outbox view: where it stands, and for dead letters why.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Uitgaand {
    pub id: Uuid,
    pub titel: String,
    pub kanaal: Kanaal,
    pub pogingen: i64,
    pub laatste_fout: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub aangemaakt: OffsetDateTime,
}

/// The outbox view: counts and the dead letters.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Uitgaande {
    #[schema(value_type = Object)]
    pub telling: BerichtTelling,
    pub mislukt: Vec<Uitgaand>,
}

fn alleen_ambtenaar(wie: &Actor) -> Result<(), Fout> {
    if wie.rollen.iter().any(|r| matches!(r, Rol::Behandelaar | Rol::Beheerder)) {
        Ok(())
    } else {
        Err(Fout::new(FoutCode::Forbidden, "alleen medewerkers van de gemeente zien de uitgaande berichten"))
    }
}

/// Counts and dead letters (officials). Recipients are not shown: the view is about delivery, not people.
pub async fn uitgaand(app: &App, wie: &Actor) -> Result<Uitgaande, Fout> {
    alleen_ambtenaar(wie)?;
    let telling = app.store().tel_berichten().await?;
    let mislukt = app
        .store()
        .berichten_met_status(BerichtStatus::Mislukt, 100)
        .await?
        .iter()
        .map(|b| Uitgaand {
            id: b.id.0,
            titel: in_woorden(&b.melding).0,
            kanaal: b.kanaal,
            pogingen: b.pogingen,
            laatste_fout: b.laatste_fout.clone(),
            aangemaakt: b.aangemaakt,
        })
        .collect();
    Ok(Uitgaande { telling, mislukt })
}

/// Sends a dead letter again (officials).
pub async fn probeer_opnieuw(app: &App, wie: &Actor, id: Uuid) -> Result<(), Fout> {
    alleen_ambtenaar(wie)?;
    app.store().probeer_opnieuw(BerichtId(id), app.klok().nu()).await?;
    app.wek_berichten();
    Ok(())
}

/// The worker: follows subscription changes, distributes and delivers until the process ends; sleeps when there is
/// nothing to do until woken or half a second passed (another instance's work is seen by then too). Errors are
/// logged and tried again.
pub async fn werk(app: App, post: Post) {
    let mut laatst_herinnerd: Option<std::time::Instant> = None;
    let mut laatst_afgestemd: Option<std::time::Instant> = None;
    loop {
        // Rounds of periodic work: one instance does each (a lease per task).
        if laatst_afgestemd.is_none_or(|t| t.elapsed() > crate::betalen::AFSTEMMEN) {
            laatst_afgestemd = Some(std::time::Instant::now());
            if app.neem_ronde("betalingen_afstemmen", crate::betalen::AFSTEMMEN).await {
                crate::betalen::stem_af_gelogd(&app).await;
            }
        }
        if let Err(e) = app.volg_abonnementen().await {
            tracing::warn!(error = ?e, "following subscription changes failed");
        }
        if laatst_herinnerd.is_none_or(|t| t.elapsed() > HERINNER) {
            laatst_herinnerd = Some(std::time::Instant::now());
            if app.neem_ronde("herinneren", HERINNER).await
                && let Err(e) = herinner(&app).await
            {
                tracing::warn!(error = ?e, "looking for terms about to run out failed");
            }
        }
        let mut gedaan = 0;
        match verspreid(&app).await {
            Ok(n) => gedaan += n,
            Err(e) => tracing::warn!(error = ?e, "distributing messages failed; trying again"),
        }
        match bezorg(&app, &post).await {
            Ok(n) => gedaan += n,
            Err(e) => tracing::warn!(error = ?e, "delivering messages failed; trying again"),
        }
        if gedaan == 0 {
            let _ = tokio::time::timeout(std::time::Duration::from_millis(500), app.berichten().wek.notified()).await;
        }
    }
}

/// How often the worker looks for terms about to run out.
const HERINNER: std::time::Duration = std::time::Duration::from_secs(3600);

/// How far back [`App::volg_abonnementen`] reads again.
pub const VOLG_MARGE: time::Duration = time::Duration::minutes(5);
