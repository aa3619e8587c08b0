//! Reviews after the works: at the completion notice the holder gets a one-time link (no login) to say how easy it
//! was and how satisfied they are (1–5) and what could be better, and may ask for an aftercare conversation there.
//! Officials of the authority read the answers with their free text; reports get only the anonymous figures.

use crate::App;
use crate::dossier::{self, ZaakBeeld};
use crate::fout::{Fout, FoutCode, VeldFout};
use serde::{Deserialize, Serialize};
use stip_store::{GebruikerRepository, NieuweReview, ReviewAntwoord, ReviewId, ReviewRepository, ZaakRepository};
use stip_zaak::{Actie, Actor, Bron, mag};
use time::OffsetDateTime;
use utoipa::ToSchema;

/// The answer to the review's questions.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
pub struct ReviewInvoer {
    /// How easy was it, from 1 (very hard) to 5 (very easy)?
    #[schema(minimum = 1, maximum = 5)]
    pub gemak: Option<i64>,
    /// How satisfied are you, from 1 (very dissatisfied) to 5 (very satisfied)?
    #[schema(minimum = 1, maximum = 5)]
    pub tevredenheid: Option<i64>,
    /// What could be better.
    #[schema(max_length = 5000)]
    pub verbetering: String,
    /// Ask for an aftercare conversation (Persoonlijke nazorg).
    pub nazorg: bool,
}

/// What the review link shows before it is used: the case in words, never who applied.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReviewVraag {
    /// What was built and where, in words.
    pub onderwerp: String,
    pub gemeente: String,
    /// Whether the link was used already.
    pub beantwoord: bool,
}

/// An answered review as the officials see it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReviewWeergave {
    pub zaaknummer: String,
    pub team: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub beantwoord: OffsetDateTime,
    pub gemak: i64,
    pub tevredenheid: i64,
    pub verbetering: String,
}

/// Asks the holder for a review once per case: a one-time link by message (inbox and e-mail).
pub async fn nodig_uit(app: &App, beeld: &ZaakBeeld) -> Result<(), Fout> {
    let token = crate::berichten::geheim()?;
    let zaak = &beeld.rij;
    let nieuw = NieuweReview {
        id: ReviewId::nieuw(),
        zaak_id: zaak.id,
        token_hash: &crate::procesdossier::sha256(token.as_bytes()),
        bevoegd_gezag: &zaak.bevoegd_gezag,
        team: beeld.zaak.team.as_deref(),
        aangemaakt: app.klok().nu(),
    };
    if app.store().maak_review(nieuw).await?.is_none() {
        return Ok(());
    }
    let tekst = "Uw bouw is gereedgemeld. Hoe ging het? Wilt u ons in twee minuten vertellen hoe makkelijk het was \
                 en wat beter kan? U hoeft niet in te loggen; de link werkt één keer. U kunt er ook een nazorggesprek \
                 vragen.";
    let titel = format!("Hoe ging het? {}", zaak.zaaknummer);
    let bericht = crate::berichten::Persoonlijk {
        id: crate::berichten::afgeleid(&[b"review", zaak.id.0.as_bytes()]),
        titel: &titel,
        tekst,
        link: format!("/review/{token}"),
        reden: "Dit bericht gaat over uw eigen vergunning.",
        afspraak: None,
        zaak: Some(zaak),
    };
    crate::berichten::stuur_persoonlijk(app, zaak.aanvrager, bericht).await
}

async fn per_token(app: &App, token: &str) -> Result<stip_store::Review, Fout> {
    let ongeldig = || Fout::new(FoutCode::NotFound, "deze link voor een review bestaat niet");
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ongeldig());
    }
    app.store().review_per_token(&crate::procesdossier::sha256(token.as_bytes())).await.map_err(|e| match e {
        stip_store::StoreError::NotFound(_) => ongeldig(),
        e => e.into(),
    })
}

/// What the link is about (the form's heading).
pub async fn vraag(app: &App, token: &str) -> Result<ReviewVraag, Fout> {
    let r = per_token(app, token).await?;
    let beeld = dossier::beeld_ongetoetst(app, app.store().zaak(r.zaak_id).await?).await?;
    let wat = beeld.aanvraag.activiteiten.first().map(|a| a.naam.clone()).unwrap_or_else(|| "Uw bouwwerk".into());
    let waar = beeld.aanvraag.locatie.as_ref().and_then(|l| l.adres.clone()).map(|a| format!(" op {a}"));
    let gemeente = app.host().gezag(&r.bevoegd_gezag).map(|g| g.naam.clone()).unwrap_or_else(|| "De gemeente".into());
    Ok(ReviewVraag {
        onderwerp: format!("{wat}{}", waar.unwrap_or_default()),
        gemeente,
        beantwoord: r.beantwoord.is_some(),
    })
}

/// Answers the review behind `token`, once. With `nazorg` the holder's aftercare request lands in the team's queue.
pub async fn beantwoord(app: &App, token: &str, invoer: ReviewInvoer) -> Result<(), Fout> {
    let mut fouten = Vec::new();
    let schaal = |veld: &str, v: Option<i64>, fouten: &mut Vec<VeldFout>| match v {
        Some(n) if (1..=5).contains(&n) => n,
        _ => {
            fouten.push(VeldFout {
                vraag: veld.into(),
                code: "buiten-schaal".into(),
                melding: "Kies een cijfer van 1 tot en met 5.".into(),
            });
            0
        }
    };
    let gemak = schaal("gemak", invoer.gemak, &mut fouten);
    let tevredenheid = schaal("tevredenheid", invoer.tevredenheid, &mut fouten);
    if !fouten.is_empty() {
        return Err(Fout::new(FoutCode::InvalidRequest, "kies bij beide vragen een cijfer van 1 tot en met 5")
            .with_fouten(fouten));
    }
    let r = per_token(app, token).await?;
    let verbetering = invoer.verbetering.trim().chars().take(5000).collect::<String>();
    let antwoord = ReviewAntwoord { gemak, tevredenheid, verbetering: &verbetering, beantwoord: app.klok().nu() };
    if app.store().beantwoord_review(r.id, antwoord).await?.is_none() {
        return Err(Fout::new(FoutCode::Conflict, "deze link is al gebruikt: de review is al ingevuld"));
    }
    if invoer.nazorg {
        // The link was sent to the holder: the request is theirs.
        let zaak = app.store().zaak(r.zaak_id).await?;
        let houder = app.store().gebruiker(stip_store::GebruikerId(zaak.aanvrager)).await?;
        let vraag = if verbetering.is_empty() { String::new() } else { verbetering.clone() };
        crate::realisatie::vraag_nazorg(app, &dossier::actor(&houder), r.zaak_id, vraag).await?;
    }
    Ok(())
}

/// The answered reviews of the official's authority, with their free text (newest first).
pub async fn van_team(app: &App, actor: &Actor) -> Result<Vec<ReviewWeergave>, Fout> {
    let gezag = actor.bevoegd_gezag.clone().unwrap_or_default();
    mag(actor, Actie::Werkvoorraad, &Bron::Gezag(&gezag)).map_err(|w| dossier::weiger(w, "de reviews"))?;
    let mut uit = Vec::new();
    for r in app.store().reviews(&gezag, 200).await? {
        let zaak = app.store().zaak(r.zaak_id).await?;
        let (Some(beantwoord), Some(gemak), Some(tevredenheid)) = (r.beantwoord, r.gemak, r.tevredenheid) else {
            continue;
        };
        uit.push(ReviewWeergave {
            zaaknummer: zaak.zaaknummer,
            team: r.team,
            beantwoord,
            gemak,
            tevredenheid,
            verbetering: r.verbetering.unwrap_or_default(),
        });
    }
    Ok(uit)
}
