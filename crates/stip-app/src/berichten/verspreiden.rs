//! Distributing: each happening in the outbox becomes a melding (public, or for the case's own people) and one
//! bericht per recipient and channel, matched against the subscriptions in memory; written with the removal of the
//! outbox row in one transaction. Melding ids derive from their source, so a distribution that runs twice (a claim
//! that ran out) records nothing twice.

use super::register::Volger;
use crate::App;
use crate::fout::Fout;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use stip_berichten::melding::{
    OpenbareMelding, ZaakFeiten, hoofdletter, van_gebeurtenis, voor_betrokkene, voor_indiener,
};
use stip_berichten::{Frequentie, Kanaal, Soort};
use stip_geo::Crs;
use stip_store::{
    AbonnementId, BerichtBron, BerichtRepository, GebruikerId, GebruikerRepository, InzendingRepository, NieuwBericht,
    NieuweMelding, ZaakId, ZaakRepository,
};
use stip_zaak::GebeurtenisSoort;
use stip_zaak::aanvraag::Aanvraag;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

/// Outbox rows per round.
const PER_RONDE: u32 = 100;
/// How long a distributor holds its rows.
const CLAIM: Duration = Duration::seconds(60);

/// A stable id from the parts that identify a melding (UUID version 8, from SHA-256).
pub(crate) fn afgeleid(delen: &[&[u8]]) -> Uuid {
    let mut h = Sha256::new();
    for d in delen {
        h.update((d.len() as u64).to_be_bytes());
        h.update(d);
    }
    let b: [u8; 16] = h.finalize()[..16].try_into().expect("SHA-256 has 32 bytes");
    uuid::Builder::from_custom_bytes(b).into_uuid()
}

/// What one round wrote.
#[derive(Default)]
struct Uitvoer {
    bronnen: Vec<i64>,
    meldingen: Vec<NieuweMelding>,
    berichten: Vec<NieuwBericht>,
}

/// One round: claims outbox rows, turns them into meldingen and berichten, records them. Returns how many rows it
/// handled (0: nothing waited).
pub async fn verspreid(app: &App) -> Result<usize, Fout> {
    let nu = app.klok().nu();
    let bronnen = app.store().claim_bronnen(PER_RONDE, nu, nu + CLAIM).await?;
    if bronnen.is_empty() {
        return Ok(0);
    }
    let mut uit = Uitvoer::default();
    let mut adressen = Adressen::default();
    for bron in &bronnen {
        let gevolgen = match (&bron.gebeurtenis, &bron.melding) {
            (Some((zaak, volgnummer)), _) => van_zaak(app, *zaak, *volgnummer, &mut adressen).await,
            (None, Some(melding)) => van_melding(app, bron, melding, &mut adressen).await,
            (None, None) => Ok(Vec::new()),
        };
        match gevolgen {
            Ok(g) => {
                for (melding, berichten) in g {
                    uit.meldingen.push(melding);
                    uit.berichten.extend(berichten);
                }
                uit.bronnen.push(bron.id);
            }
            // Left claimed: tried again when the claim runs out; the others go on.
            Err(e) => tracing::warn!(bron = bron.id, error = ?e, "a happening could not be distributed"),
        }
    }
    app.store().verspreid(&uit.bronnen, &uit.meldingen, &uit.berichten, nu).await?;
    if !uit.berichten.is_empty() {
        app.wek_berichten();
    }
    Ok(bronnen.len())
}

/// E-mail addresses of accounts, looked up once per round.
#[derive(Default)]
pub(super) struct Adressen(HashMap<Uuid, Option<String>>);

impl Adressen {
    async fn van(&mut self, app: &App, gebruiker: Uuid) -> Option<String> {
        if let Some(a) = self.0.get(&gebruiker) {
            return a.clone();
        }
        let a = app.store().gebruiker(GebruikerId(gebruiker)).await.ok().and_then(|g| g.email);
        self.0.insert(gebruiker, a.clone());
        a
    }
}

type Gevolg = (NieuweMelding, Vec<NieuwBericht>);

/// A message for one of a case's own people (applicant, official): never public; its words may name the case by its
/// title, and its link goes to the reader's own view of the case.
pub(super) fn persoonlijk(
    id: Uuid,
    soort: Soort,
    zaak: &stip_store::Zaak,
    (titel, tekst, link): (&str, &str, String),
    op: OffsetDateTime,
) -> NieuweMelding {
    NieuweMelding {
        id,
        soort: soort.as_str().into(),
        zaak_id: Some(zaak.id),
        openbaar: false,
        op,
        inhoud: serde_json::json!({
            "soort": soort, "titel": titel, "tekst": tekst, "zaaknummer": zaak.zaaknummer, "op": op, "link": link,
        }),
    }
}

/// A personal message's deliveries: the person's inbox and, with a mail server, their e-mail address.
pub(super) async fn aan(
    app: &App,
    melding: Uuid,
    wie: Uuid,
    nu: OffsetDateTime,
    adressen: &mut Adressen,
) -> Vec<NieuwBericht> {
    let mut b = vec![inbox(melding, wie, nu)];
    if app.post().mailer.is_some()
        && let Some(email) = adressen.van(app, wie).await
    {
        b.push(email_bericht(melding, None, &email, Frequentie::Direct, nu));
    }
    b
}

/// A case event: its public melding to the subscriptions it reaches, and a personal one to the case's people.
async fn van_zaak(app: &App, zaak_id: ZaakId, volgnummer: i64, adressen: &mut Adressen) -> Result<Vec<Gevolg>, Fout> {
    let zaak = app.store().zaak(zaak_id).await?;
    let gebeurtenissen = crate::dossier::gebeurtenissen(app, zaak_id).await?;
    let Some(g) = gebeurtenissen.into_iter().find(|g| g.volgnummer == volgnummer) else {
        return Ok(Vec::new());
    };
    let soort = g.soort;
    let aanvraag: Aanvraag = serde_json::from_value(zaak.inhoud.clone())
        .map_err(|e| Fout::intern(format!("zaak {}: de aanvraag is niet te lezen: {e}", zaak.zaaknummer)))?;
    let activiteiten: Vec<String> = aanvraag.activiteiten.iter().map(|a| a.naam.clone()).collect();
    let gemeente = app.host().gezag(&zaak.bevoegd_gezag).map(|b| b.naam.clone());
    let feiten = ZaakFeiten {
        zaaknummer: &zaak.zaaknummer,
        plaats: aanvraag.locatie.as_ref().and_then(|l| l.adres.as_deref()),
        gemeente: gemeente.as_deref(),
        bevoegd_gezag: &zaak.bevoegd_gezag,
        activiteiten: &activiteiten,
        geometrie: plek(&aanvraag),
    };
    let nu = app.klok().nu();
    let mut gevolgen = Vec::new();

    if let Some(openbaar) = van_gebeurtenis(&feiten, &soort, g.op) {
        let id = afgeleid(&[b"openbaar", zaak_id.0.as_bytes(), &volgnummer.to_be_bytes()]);
        let geometrie = openbaar.geometrie.as_ref().and_then(rd_geometrie);
        let treffers = app.register().treffers(geometrie.as_ref(), Some(&zaak.bevoegd_gezag), Some(zaak_id.0));
        let treffers: Vec<Volger> =
            treffers.into_iter().filter(|a| past(a, &openbaar) && a.gebruiker != Some(zaak.aanvrager)).collect();
        let berichten = berichten_voor(app, id, &treffers, nu, adressen).await;
        gevolgen.push((melding(id, &openbaar, Some(zaak_id), g.op), berichten));
    }

    // The case's own people hear of what others did on it, never of what they did themselves.
    let (titel, tekst) = voor_betrokkene(&zaak.zaaknummer, &zaak.titel, &soort);
    let afspraak = afspraak(app, &zaak, &soort);
    // The link goes to the case page of whoever reads it: the applicant's Track & Trace, the official's case view.
    let eigen = |wie: &str, link: String| {
        let id = afgeleid(&[b"eigen", wie.as_bytes(), zaak_id.0.as_bytes(), &volgnummer.to_be_bytes()]);
        let mut m = persoonlijk(id, Soort::EigenZaak, &zaak, (&titel, &tekst, link), g.op);
        m.inhoud["afspraak"] = afspraak.clone().unwrap_or_default();
        m
    };
    if g.door != Some(zaak.aanvrager) {
        let m = eigen("aanvrager", format!("/zaken/{zaak_id}"));
        let b = aan(app, m.id, zaak.aanvrager, nu, adressen).await;
        gevolgen.push((m, b));
    }
    // The official hears what the applicant or others did; a meeting they planned also reaches their own calendar.
    let ambtenaar = if afspraak.is_some() { zaak.behandelaar.or(g.door) } else { zaak.behandelaar };
    let door_ander = g.door != ambtenaar && (g.door == Some(zaak.aanvrager) || inzending_van(&soort).is_some());
    if let Some(behandelaar) = ambtenaar.filter(|_| door_ander || afspraak.is_some()) {
        let m = eigen("behandelaar", format!("/backoffice/zaken/{zaak_id}"));
        let b = if afspraak.is_some() {
            aan(app, m.id, behandelaar, nu, adressen).await
        } else {
            vec![inbox(m.id, behandelaar, nu)]
        };
        gevolgen.push((m, b));
    }
    // Whoever gave a view or objected: a receipt, and every step on their objection taken by others.
    if let Some(inzending) = inzending_van(&soort)
        && let Ok(i) = app.store().inzending(stip_store::InzendingId(inzending)).await
        && (g.door != Some(i.indiener)
            || matches!(
                soort,
                GebeurtenisSoort::ZienswijzeOntvangen { .. } | GebeurtenisSoort::BezwaarOntvangen { .. }
            ))
        && let Some((titel, tekst)) = voor_indiener(&i.nummer, feiten.plaats, &soort)
    {
        let id = afgeleid(&[b"indiener", inzending.as_bytes(), zaak_id.0.as_bytes(), &volgnummer.to_be_bytes()]);
        let link = match i.soort {
            stip_store::InzendingSoort::Bezwaar => format!("/bezwaren/{inzending}"),
            stip_store::InzendingSoort::Zienswijze => format!("/zaken/{zaak_id}"),
        };
        let mut m = persoonlijk(id, Soort::EigenZaak, &zaak, (&titel, &tekst, link), g.op);
        m.inhoud["afspraak"] = afspraak.clone().unwrap_or_default();
        m.inhoud["reden"] = serde_json::json!("Dit bericht gaat over uw eigen zienswijze of bezwaar.");
        let b = aan(app, m.id, i.indiener, nu, adressen).await;
        gevolgen.push((m, b));
    }
    Ok(gevolgen)
}

/// The view or objection an event is about.
fn inzending_van(soort: &GebeurtenisSoort) -> Option<Uuid> {
    match soort {
        GebeurtenisSoort::ZienswijzeOntvangen { zienswijze, .. } => Some(*zienswijze),
        s => s.bezwaar(),
    }
}

/// A planned meeting as the e-mail channel turns it into an invitation (`null` when the event plans none).
fn afspraak(app: &App, zaak: &stip_store::Zaak, soort: &GebeurtenisSoort) -> Option<serde_json::Value> {
    let GebeurtenisSoort::BezwaarAfspraakGepland { bezwaar, afspraak } = soort else { return None };
    let gemeente =
        app.host().gezag(&zaak.bevoegd_gezag).map(|b| b.naam.clone()).unwrap_or_else(|| "De gemeente".into());
    Some(serde_json::json!({
        "uid": format!("{bezwaar}-{}@stip", afspraak.begin.unix_timestamp()),
        "begin": afspraak.begin.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
        "eind": afspraak.eind.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
        "plaats": afspraak.plaats,
        "onderwerp": format!("{} over bezwaar tegen besluit {}", hoofdletter(afspraak.soort.in_woorden()), zaak.zaaknummer),
        "organisator": gemeente,
    }))
}

/// A prepared happening (a plan change): to the subscriptions whose area it meets.
async fn van_melding(
    app: &App,
    bron: &BerichtBron,
    inhoud: &serde_json::Value,
    adressen: &mut Adressen,
) -> Result<Vec<Gevolg>, Fout> {
    let openbaar: OpenbareMelding =
        serde_json::from_value(inhoud.clone()).map_err(|e| Fout::intern(format!("bericht_bron {}: {e}", bron.id)))?;
    let id =
        afgeleid(&[b"bron", &bron.id.to_be_bytes(), bron.aangemaakt.unix_timestamp_nanos().to_be_bytes().as_slice()]);
    let geometrie = openbaar.geometrie.as_ref().and_then(rd_geometrie);
    let treffers = app.register().treffers(geometrie.as_ref(), openbaar.bevoegd_gezag.as_deref(), None);
    let treffers: Vec<Volger> = treffers.into_iter().filter(|a| past(a, &openbaar)).collect();
    let berichten = berichten_voor(app, id, &treffers, app.klok().nu(), adressen).await;
    Ok(vec![(melding(id, &openbaar, None, openbaar.op), berichten)])
}

fn melding(id: Uuid, m: &OpenbareMelding, zaak: Option<ZaakId>, op: OffsetDateTime) -> NieuweMelding {
    NieuweMelding {
        id,
        soort: m.soort.as_str().into(),
        zaak_id: zaak,
        openbaar: true,
        op,
        inhoud: serde_json::to_value(m).unwrap_or_default(),
    }
}

/// Whether a subscription wants this happening: its kinds (none chosen: the area's news, or every public step of a
/// followed case) and its activity groups (none chosen: all; a happening without activities passes).
fn past(a: &Volger, m: &OpenbareMelding) -> bool {
    let soort_past = if a.soorten.is_empty() {
        a.zaak.is_some() || Soort::GEBIED.contains(&m.soort)
    } else {
        a.soorten.contains(&m.soort)
    };
    let groep_past = a.activiteitgroepen.is_empty()
        || m.activiteitgroepen.is_empty()
        || m.activiteitgroepen.iter().any(|g| a.activiteitgroepen.iter().any(|v| **v == **g));
    soort_past && groep_past
}

/// The deliveries for the matched subscriptions: on the chosen channel, and for an account also in its inbox (all
/// one's messages in one place). One e-mail per address, whatever number of subscriptions matched.
async fn berichten_voor(
    app: &App,
    melding: Uuid,
    treffers: &[Volger],
    nu: OffsetDateTime,
    adressen: &mut Adressen,
) -> Vec<NieuwBericht> {
    let mut uit = Vec::new();
    for a in treffers {
        if let Some(g) = a.gebruiker {
            uit.push(inbox(melding, g, nu));
        }
        match a.kanaal {
            Kanaal::Inbox => {}
            // Without a mail server the inbox copy is what there is (an account's) or nothing is promised (the
            // e-mail-only subscription was refused then).
            Kanaal::Email if app.post().mailer.is_none() => {}
            Kanaal::Email => {
                let adres = match (&a.email, a.gebruiker) {
                    (Some(e), _) => Some(e.to_string()),
                    (None, Some(g)) => adressen.van(app, g).await,
                    (None, None) => None,
                };
                if let Some(adres) = adres {
                    uit.push(email_bericht(melding, Some(a.id), &adres, a.frequentie, nu));
                }
            }
            Kanaal::Webhook => uit.push(NieuwBericht {
                melding_id: melding,
                abonnement_id: Some(a.id),
                kanaal: Kanaal::Webhook,
                ontvanger: format!("webhook:{}", a.id),
                gebruiker: None,
                frequentie: Frequentie::Direct,
                verzenden_op: nu,
            }),
        }
    }
    uit
}

fn inbox(melding: Uuid, gebruiker: Uuid, nu: OffsetDateTime) -> NieuwBericht {
    NieuwBericht {
        melding_id: melding,
        abonnement_id: None,
        kanaal: Kanaal::Inbox,
        ontvanger: format!("gebruiker:{gebruiker}"),
        gebruiker: Some(gebruiker),
        frequentie: Frequentie::Direct,
        verzenden_op: nu,
    }
}

pub(super) fn email_bericht(
    melding: Uuid,
    abonnement: Option<AbonnementId>,
    adres: &str,
    frequentie: Frequentie,
    nu: OffsetDateTime,
) -> NieuwBericht {
    let zone = stip_zaak::tijd::nederlands(nu).offset();
    NieuwBericht {
        melding_id: melding,
        abonnement_id: abonnement,
        kanaal: Kanaal::Email,
        ontvanger: stip_store::normaliseer_email(adres),
        gebruiker: None,
        frequentie,
        verzenden_op: frequentie.verzenden_op(nu, zone),
    }
}

/// Where a case is, as GeoJSON in RD New: the drawn plan, or else the place's point.
fn plek(a: &Aanvraag) -> Option<serde_json::Value> {
    if let Some(plan) = &a.plan
        && let Ok(g) = crate::locatie::lees_geometrie(&plan.geometrie, Crs::Wgs84)
    {
        return serde_json::to_value(geojson::Geometry::from(&g)).ok();
    }
    let l = a.locatie.as_ref()?;
    (l.x != 0.0 || l.y != 0.0).then(|| serde_json::json!({"type": "Point", "coordinates": [l.x, l.y]}))
}

/// A GeoJSON geometry in RD New read back.
fn rd_geometrie(v: &serde_json::Value) -> Option<geo_types::Geometry<f64>> {
    crate::locatie::lees_geometrie(v, Crs::RdNew).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_melding_id_is_the_same_for_the_same_source_and_differs_otherwise() {
        let z = Uuid::now_v7();
        let a = afgeleid(&[b"openbaar", z.as_bytes(), &1i64.to_be_bytes()]);
        assert_eq!(a, afgeleid(&[b"openbaar", z.as_bytes(), &1i64.to_be_bytes()]));
        assert_ne!(a, afgeleid(&[b"openbaar", z.as_bytes(), &2i64.to_be_bytes()]));
        assert_ne!(a, afgeleid(&[b"eigen", z.as_bytes(), &1i64.to_be_bytes()]));
        assert_eq!(a.get_version_num(), 8);
    }
}
