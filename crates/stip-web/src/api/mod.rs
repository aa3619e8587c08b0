//! The JSON API under `/api/v1`: its routes, the OpenAPI document generated from them, the `API-Version` header,
//! and the rule that every error leaves as `application/problem+json` with a catalogue code.

pub(crate) mod aanvragen;
mod adressen;
pub(crate) mod bekendmakingen;
mod berichten;
pub(crate) mod betalingen;
mod bezwaren;
mod datasets;
pub(crate) mod host;
pub(crate) mod initiatieven;
mod leges;
pub(crate) mod locatie;
mod plancheck;
mod procedures;
pub(crate) mod procesdossier;
pub(crate) mod rapportage;
mod realisatie;
mod regels;
mod toezicht;
pub(crate) mod vergunningcheck;
pub(crate) mod verzoeken;
pub(crate) mod zaken;

pub use locatie::Punt;
pub use plancheck::PlancheckAntwoord;
pub use procedures::{ProcesUitleg, proces_uitleg};

use crate::AppState;
use crate::auth::api::BearerSchema;
use crate::error::{ApiError, ErrorCode, PROBLEM_JSON, Problem};
use axum::body::Body;
use axum::extract::OriginalUri;
use axum::http::{HeaderName, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use http_body_util::BodyExt;
use std::sync::OnceLock;
use utoipa::OpenApi;

/// The API's version, sent on every API response as `API-Version` (Dutch API Design Rules).
pub const API_VERSION: &str = "1.0.0";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "stip API",
        version = "1.0.0",
        description = "Open API of stip, a digital one-stop service for the Omgevingswet: the rules at a place, \
                       the permit check, the plan check, applications and cases.",
        license(name = "EUPL-1.2", identifier = "EUPL-1.2"),
        contact(name = "stip", email = "stip@voorbeeldstad.example", url = "https://stip.voorbeeldstad.example")
    ),
    servers((url = "/api/v1")),
    paths(index, openapi_json, datasets::list, regels::regels, regels::zoek, adressen::zoek, regels::gebieden, regels::kaart, vergunningcheck::stap, vergunningcheck::activiteiten, plancheck::toets, host::host, procedures::procedure, aanvragen::maak, aanvragen::lijst, aanvragen::lees, aanvragen::wijzig, aanvragen::upload, aanvragen::dien_in, zaken::lijst, zaken::lees, zaken::gebeurtenis, zaken::besluit, zaken::ontvangstbevestiging, zaken::besluit_document, zaken::document, zaken::upload, crate::auth::api::start, crate::auth::api::huidige, crate::auth::api::stop, berichten::maak, berichten::lijst, berichten::stop, berichten::inbox, berichten::gelezen, berichten::melding, berichten::uitgaand, berichten::opnieuw, bezwaren::geef_zienswijze, bezwaren::zienswijzen, bezwaren::maak_bezwaar, bezwaren::mijn, bezwaren::lees, bezwaren::stap, procesdossier::procesdossier, bekendmakingen::lijst, bekendmakingen::lees, bekendmakingen::besluit_pdf, betalingen::leges, betalingen::start, betalingen::lees, betalingen::webhook, betalingen::export, leges::raming, realisatie::lees, realisatie::startmelding, realisatie::gereedmelding, realisatie::wijziging, realisatie::bevestiging, realisatie::nazorg, realisatie::nazorg_verslag, realisatie::review_vraag, realisatie::review_antwoord, realisatie::reviews, initiatieven::maak, initiatieven::lijst, initiatieven::lees, initiatieven::versie, initiatieven::reageer, initiatieven::antwoord, initiatieven::toestemming, initiatieven::trek_in, initiatieven::certificaat, initiatieven::verifieer, initiatieven::omgeving, initiatieven::uitnodigingen, initiatieven::praktijkoverzicht, verzoeken::maak, verzoeken::mijn, verzoeken::werkvoorraad, verzoeken::lees, verzoeken::stap, verzoeken::vrije_momenten, verzoeken::kies_moment, verzoeken::momenten, verzoeken::publiceer_moment, verzoeken::kies_pakket, verzoeken::mijn_pakketten, verzoeken::zet_initiatiefmanager, toezicht::trek, toezicht::lijst, toezicht::lees, toezicht::plan, toezicht::inspectie, toezicht::foto, toezicht::bevindingen, toezicht::rapport, toezicht::van_zaak, toezicht::vraag_bewijs, toezicht::lever_bewijs, toezicht::beoordeel, rapportage::kpi, rapportage::zaken, rapportage::bezetting, rapportage::raad, rapportage::export, rapportage::open_data, rapportage::vergelijking, rapportage::importeer),
    components(schemas(Problem, ApiIndex, datasets::DatasetInfo, stip_app::regels::RegelsAntwoord, stip_app::regels::RdXy, regels::Zoekvraag, stip_app::kennis::Adres, vergunningcheck::CheckVraag, vergunningcheck::CheckAntwoord, stip_app::vergunningcheck::CheckActiviteit, crate::error::Fout, Punt, stip_app::plancheck::Planvraag, plancheck::PlancheckAntwoord, stip_app::host::Verwijzing, stip_app::host::Soort, stip_app::host::Gezag, stip_app::host::Team, procedures::ProcesUitleg, procedures::ProcesStap, procedures::VerwachteBeslisdatum, aanvragen::NieuweAanvraagVraag, aanvragen::AanvraagAntwoord, aanvragen::AanvraagWijziging, aanvragen::DocumentAntwoord, aanvragen::Ontvangstbevestiging, zaken::ZakenPagina, crate::auth::api::Inlogvraag, crate::auth::api::Sessieantwoord, crate::auth::api::GebruikerInfo, stip_app::berichten::AbonnementVerzoek, stip_app::berichten::AbonnementBeeld, stip_app::berichten::NieuwAbonnementAntwoord, stip_app::berichten::Inbox, stip_app::berichten::InboxBericht, stip_app::berichten::Uitgaande, stip_app::berichten::Uitgaand, stip_berichten::melding::OpenbareMelding, stip_berichten::melding::Normwijziging, stip_berichten::Soort, stip_berichten::Kanaal, stip_berichten::Frequentie, stip_app::bezwaar::BezwaarVerzoek, stip_app::bezwaar::ZienswijzeVerzoek, stip_app::bezwaar::BezwaarBeeld, stip_app::bezwaar::ZienswijzeBeeld, stip_app::bezwaar::BezwaarStap, stip_app::bezwaar::BezwaarTermijn, stip_app::bezwaar::Indiener, stip_app::bezwaar::InzendingDocument, bezwaren::Zienswijzen, bezwaren::Bezwaren, stip_zaak::bezwaar::Afspraak, stip_zaak::bezwaar::AfspraakSoort, stip_zaak::bezwaar::BezwaarUitkomst, stip_zaak::bezwaar::Verslag, stip_zaak::bezwaar::BeslissingOpBezwaar, stip_zaak::besluit::Beantwoording, stip_app::openbaar::Bekendmakingen, stip_zaak::bekendmaking::Bekendmaking, stip_zaak::bekendmaking::Soort, stip_zaak::bekendmaking::Plek, stip_zaak::bekendmaking::Termijnen, stip_zaak::bekendmaking::Mogelijkheid, betalingen::BetaalVerzoek, betalingen::WebhookVerzoek, stip_app::betalen::Legesbeeld, stip_app::betalen::AanslagBeeld, stip_app::betalen::BetalingBeeld, stip_leges::Legesregel, stip_zaak::betaling::Betaalstatus, stip_leges::Raming, stip_app::realisatie::Startmelding, stip_app::realisatie::Gereedmelding, stip_app::realisatie::RealisatieWeergave, stip_app::realisatie::WijzigingAntwoord, stip_zaak::realisatie::Realisatie, stip_zaak::realisatie::Start, stip_zaak::realisatie::Gereed, stip_zaak::realisatie::Wijziging, stip_zaak::realisatie::WijzigingOordeel, stip_zaak::realisatie::Verschil, realisatie::Bevestiging, realisatie::Nazorg, realisatie::ReviewOntvangen, realisatie::Reviews, stip_app::review::ReviewInvoer, stip_app::review::ReviewVraag, stip_app::review::ReviewWeergave, stip_app::participatie::NieuwInitiatief, stip_app::participatie::RdPunt, stip_app::participatie::NieuweVersie, stip_app::participatie::NieuweReactie, stip_app::participatie::NieuwAntwoord, stip_app::participatie::NieuweToestemming, stip_app::participatie::InitiatiefBeeld, stip_app::participatie::VersieBeeld, stip_app::participatie::ReactieBeeld, stip_app::participatie::ToestemmingBeeld, stip_app::participatie::Participatiegids, stip_app::participatie::PlekKeuze, stip_app::participatie::InitiatiefKort, stip_app::participatie::Initiatieven, stip_app::participatie::ReactieAntwoord, stip_app::participatie::VersieAntwoord, stip_app::participatie::Certificaatinhoud, stip_app::participatie::Verificatie, stip_app::participatie::Buuradres, stip_app::participatie::Buurperceel, stip_app::participatie::Omgeving, stip_app::participatie::Praktijkoverzicht, stip_zaak::initiatief::Plek, stip_zaak::initiatief::Planversie, stip_zaak::initiatief::Normuitkomst, stip_zaak::initiatief::Verschil, stip_zaak::initiatief::Normwijziging, stip_zaak::initiatief::ReactieSoort, stip_zaak::initiatief::Bericht, stip_zaak::initiatief::Afzender, stip_zaak::initiatief::Identiteitsniveau, stip_zaak::initiatief::Uitnodiging, initiatieven::VerificatieVerzoek, initiatieven::UitnodigingVerzoek, stip_app::verzoek::VerzoekVraag, stip_app::verzoek::VerzoekBeeld, stip_app::verzoek::VerzoekStap, stip_app::verzoek::MomentBeeld, stip_app::verzoek::MomentVraag, stip_app::verzoek::MomentKeuze, stip_app::verzoek::PakketKeuze, stip_app::verzoek::DienstverleningBeeld, stip_app::verzoek::Contactpersoon, stip_app::verzoek::InitiatiefmanagerVraag, verzoeken::Verzoeken, verzoeken::Bezoekmomenten, verzoeken::Dienstverlening, stip_zaak::verzoek::VerzoekSoort, stip_zaak::verzoek::VerzoekStatus, stip_zaak::verzoek::Pakket, stip_zaak::termijn::Risico, stip_app::toezicht::SteekproefVerzoek, stip_app::toezicht::SteekproefBeeld, stip_app::toezicht::SteekproefZaak, toezicht::Steekproeven, stip_zaak::steekproef::Factoren, stip_zaak::steekproef::Omvang, stip_zaak::steekproef::Score, stip_zaak::steekproef::Reden, stip_zaak::steekproef::Kandidaat, stip_zaak::steekproef::Getrokken, stip_app::toezicht::InspectieVerzoek, stip_app::toezicht::InspectieBeeld, stip_app::toezicht::BevindingenVerzoek, stip_app::toezicht::Foto, stip_app::toezicht::BewijsVerzoek, stip_app::toezicht::BewijsOordeel, stip_zaak::toezicht::Toezicht, stip_zaak::toezicht::Inspectie, stip_zaak::toezicht::InspectieStatus, stip_zaak::toezicht::Controlepunt, stip_zaak::toezicht::Herkomst, stip_zaak::toezicht::Bevinding, stip_zaak::toezicht::Oordeel, stip_zaak::toezicht::Bewijsverzoek, stip_zaak::toezicht::BewijsStatus, stip_zaak::toezicht::Bewijsfoto, stip_app::rapportage::Kpi, stip_app::rapportage::Uitleg, stip_app::rapportage::Hulpvragen, stip_app::rapportage::Participatie, stip_app::rapportage::Leges, stip_app::rapportage::Tevredenheid, stip_app::rapportage::Bezetting, stip_app::rapportage::Week, stip_app::rapportage::OpenData, stip_app::rapportage::Vergelijking, stip_app::rapportage::ZakenAchter, stip_app::rapportage::ZaakVerwijzing, stip_zaak::rapportage::Doorlooptijd, stip_zaak::rapportage::Uitkomsten, stip_zaak::rapportage::Bezwaren, stip_zaak::rapportage::Groepcijfer, stip_zaak::rapportage::Ketenpartner, stip_zaak::rapportage::Regeldruk, stip_zaak::rapportage::Trendpunt, stip_zaak::rapportage::Werklast, stip_zaak::rapportage::Voorspelling)),
    modifiers(&BearerSchema, &Afronding),
    tags((name = "stip", description = "About this API"), (name = "datasets", description = "Imported source data"), (name = "regels", description = "What applies at a place"), (name = "vergunningcheck", description = "Do I need a permit? The Vergunningcheck on the STTR toepasbare regels"), (name = "plancheck", description = "Binnen de lijntjes: does a drawn plan fit the norms where it lies?"), (name = "host", description = "Waar moet ik zijn? The authority and team that handle an activity at a place"), (name = "procedures", description = "Leg het proces uit: the steps and legal terms after a Vergunningcheck outcome"), (name = "aanvragen", description = "Applications and notifications: draft, documents, completeness, submit"), (name = "zaken", description = "Cases: work queue, progress, events, decision, documents"), (name = "sessies", description = "Logging in: a bearer token for the endpoints that need an account"), (name = "berichten", description = "Berichten en attenties: subscriptions to an area, a municipality or a case; the inbox; public happenings; the outbox"), (name = "bezwaren", description = "Zienswijzen and bezwaar: views on a draft decision, objections against a decision as their own case"), (name = "bekendmakingen", description = "Public notices, without login: applications received, draft decisions open for views and decisions, by place and time; as JSON, GeoJSON and Atom"), (name = "betalingen", description = "Leges: a case's assessment and refunds, online payment through a payment provider, the finance export"), (name = "realisatie", description = "After the permit: start notice, changes during the works, completion notice, aftercare and reviews"), (name = "participatie", description = "Participatie: initiatives before applying, invitation letters, reactions with threads, consents as signed certificates and their verification, the Praktijkoverzicht"), (name = "verzoeken", description = "Talking to the municipality early: quickscan, a call from the alderman, a site visit, a principle decision by the board; visit slots; the service package with an initiatiefmanager"), (name = "toezicht", description = "Supervision: the risk-weighted sample of permits, inspections with findings and report, Controle op afstand with photos"), (name = "rapportage", description = "Reports: the council's figures per period, capacity and forecast, the council report as PDF, CSV, open data and comparing municipalities"))
)]
pub struct ApiDoc;

/// Completes every operation the same way, so that no handler can forget it: the `API-Version` header on every
/// response; the problem responses the shared machinery gives (400 for a request it cannot read, 401 where a login
/// is needed, 404 for an id it does not know, 413/415/422 for a body that is too large, of the wrong type or of
/// the wrong shape), each as `application/problem+json` with [`Problem`]; a description; a unique operationId.
struct Afronding;

impl utoipa::Modify for Afronding {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::header::HeaderBuilder;
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};

        let versie = HeaderBuilder::new()
            .schema(Some(ObjectBuilder::new().schema_type(Type::String).examples([API_VERSION])))
            .description(Some("The full version of this API (semver), on every response"))
            .build();
        let probleem = || ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build();
        let mut ids: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
        for item in doc.paths.paths.values() {
            for op in operaties(item) {
                *ids.entry(op.operation_id.clone().unwrap_or_default()).or_default() += 1;
            }
        }
        for (pad, item) in doc.paths.paths.iter_mut() {
            for op in operaties_mut(item) {
                let id = op.operation_id.clone().unwrap_or_default();
                if ids.get(&id).copied().unwrap_or(0) > 1 {
                    let tag = op.tags.as_ref().and_then(|t| t.first()).cloned().unwrap_or_default();
                    op.operation_id = Some(format!("{tag}_{id}"));
                }
                if op.description.is_none() {
                    op.description = op.summary.clone();
                }
                let mut extra: Vec<(&str, &str)> =
                    vec![("400", "The request cannot be read: a parameter or header of the wrong form")];
                if op.security.as_ref().is_some_and(|s| !s.is_empty()) {
                    extra.push(("401", "Not logged in, or the token has ended"));
                }
                if pad.contains('{') {
                    extra.push(("404", "Not found, or not visible to you"));
                }
                if let Some(RefOr::T(body)) = &op.request_body {
                    extra.push(("413", "The body is too large"));
                    extra.push(("415", "The body is not of the declared media type"));
                    if body.content.contains_key("application/json") {
                        extra.push(("422", "The body is JSON but not of the shape this operation takes"));
                    }
                }
                for (status, beschrijving) in extra {
                    op.responses
                        .responses
                        .entry(status.to_string())
                        .or_insert_with(|| ResponseBuilder::new().description(beschrijving).build().into());
                }
                for (status, antwoord) in op.responses.responses.iter_mut() {
                    let RefOr::T(antwoord) = antwoord else { continue };
                    if status.starts_with('4') || status.starts_with('5') {
                        antwoord.content.clear();
                        antwoord.content.insert(crate::error::PROBLEM_JSON.to_string(), probleem().into());
                    }
                    antwoord.headers.insert("API-Version".to_string(), versie.clone().into());
                }
            }
        }
    }
}

fn operaties(item: &utoipa::openapi::PathItem) -> impl Iterator<Item = &utoipa::openapi::path::Operation> {
    [&item.get, &item.put, &item.post, &item.delete, &item.patch, &item.head, &item.options, &item.trace]
        .into_iter()
        .flatten()
}

fn operaties_mut(item: &mut utoipa::openapi::PathItem) -> impl Iterator<Item = &mut utoipa::openapi::path::Operation> {
    [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.patch,
        &mut item.head,
        &mut item.options,
        &mut item.trace,
    ]
    .into_iter()
    .flatten()
}

/// The OpenAPI document, built once.
pub fn openapi() -> &'static utoipa::openapi::OpenApi {
    static DOC: OnceLock<utoipa::openapi::OpenApi> = OnceLock::new();
    DOC.get_or_init(ApiDoc::openapi)
}

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(index))
        .route("/openapi.json", get(openapi_json))
        .route("/datasets", get(datasets::list))
        .route("/regels", get(regels::regels))
        .route("/adressen", get(adressen::zoek))
        .route("/regels/_zoek", axum::routing::post(regels::zoek))
        .route("/regels/gebieden", get(regels::gebieden))
        .route("/kaart/{laag}", get(regels::kaart))
        .route("/vergunningcheck", axum::routing::post(vergunningcheck::stap))
        .route("/vergunningcheck/activiteiten", get(vergunningcheck::activiteiten))
        .route("/plancheck", axum::routing::post(plancheck::toets))
        .route("/host", get(host::host))
        .route("/procedures/{soort}", get(procedures::procedure))
        .route("/leges", get(leges::raming))
        .route("/aanvragen", get(aanvragen::lijst).post(aanvragen::maak))
        .route("/aanvragen/{id}", get(aanvragen::lees).patch(aanvragen::wijzig))
        .route("/aanvragen/{id}/indienen", axum::routing::post(aanvragen::dien_in))
        .route("/zaken", get(zaken::lijst))
        .route("/zaken/{id}", get(zaken::lees))
        .route("/zaken/{id}/gebeurtenissen", axum::routing::post(zaken::gebeurtenis))
        .route("/zaken/{id}/besluit", axum::routing::post(zaken::besluit))
        .route("/zaken/{id}/ontvangstbevestiging.pdf", get(zaken::ontvangstbevestiging))
        .route("/zaken/{id}/besluit.pdf", get(zaken::besluit_document))
        .route("/zaken/{id}/documenten/{document}", get(zaken::document))
        .route("/zaken/{id}/dossier.zip", get(procesdossier::procesdossier))
        .merge(
            Router::new()
                .route("/aanvragen/{id}/documenten", axum::routing::post(aanvragen::upload))
                .route("/zaken/{id}/documenten", axum::routing::post(zaken::upload))
                .route("/inspecties/{id}/fotos", axum::routing::post(toezicht::foto))
                .route("/zaken/{id}/bewijsverzoeken/{verzoek}/fotos", axum::routing::post(toezicht::lever_bewijs))
                .layer(axum::extract::DefaultBodyLimit::max(crate::UPLOAD_BODY_BYTES)),
        )
        .route("/abonnementen", get(berichten::lijst).post(berichten::maak))
        .route("/abonnementen/{id}", axum::routing::delete(berichten::stop))
        .route("/berichten", get(berichten::inbox))
        .route("/berichten/uitgaand", get(berichten::uitgaand))
        .route("/berichten/uitgaand/{id}/opnieuw", axum::routing::post(berichten::opnieuw))
        .route("/berichten/{id}/gelezen", axum::routing::post(berichten::gelezen))
        .route("/meldingen/{id}", get(berichten::melding))
        .route("/zaken/{id}/zienswijzen", get(bezwaren::zienswijzen).post(bezwaren::geef_zienswijze))
        .route("/zaken/{id}/bezwaren", axum::routing::post(bezwaren::maak_bezwaar))
        .route("/bezwaren", get(bezwaren::mijn))
        .route("/bezwaren/{id}", get(bezwaren::lees))
        .route("/bezwaren/{id}/gebeurtenissen", axum::routing::post(bezwaren::stap))
        .route("/bekendmakingen", get(bekendmakingen::lijst))
        .route("/bekendmakingen.atom", get(bekendmakingen::atom))
        .route("/bekendmakingen/{id}", get(bekendmakingen::lees))
        .route("/bekendmakingen/{id}/besluit.pdf", get(bekendmakingen::besluit_pdf))
        .route("/zaken/{id}/leges", get(betalingen::leges))
        .route("/betalingen", axum::routing::post(betalingen::start))
        .route("/betalingen/webhook", axum::routing::post(betalingen::webhook))
        .route("/betalingen/{id}", get(betalingen::lees))
        .route("/financien/export.csv", get(betalingen::export))
        .route("/zaken/{id}/realisatie", get(realisatie::lees))
        .route("/zaken/{id}/startmelding", axum::routing::post(realisatie::startmelding))
        .route("/zaken/{id}/gereedmelding", axum::routing::post(realisatie::gereedmelding))
        .route("/zaken/{id}/wijzigingen", axum::routing::post(realisatie::wijziging))
        .route("/zaken/{id}/wijzigingen/{nummer}/bevestiging", axum::routing::post(realisatie::bevestiging))
        .route("/zaken/{id}/nazorg", axum::routing::post(realisatie::nazorg))
        .route("/zaken/{id}/nazorg/verslag", axum::routing::post(realisatie::nazorg_verslag))
        .route("/reviews", get(realisatie::reviews))
        .route("/reviews/{token}", get(realisatie::review_vraag).post(realisatie::review_antwoord))
        .route("/initiatieven", get(initiatieven::lijst).post(initiatieven::maak))
        .route("/initiatieven/{id}", get(initiatieven::lees))
        .route("/initiatieven/{id}/versies", axum::routing::post(initiatieven::versie))
        .route("/initiatieven/{id}/reacties", axum::routing::post(initiatieven::reageer))
        .route("/initiatieven/{id}/reacties/{reactie}/antwoorden", axum::routing::post(initiatieven::antwoord))
        .route("/initiatieven/{id}/toestemmingen", axum::routing::post(initiatieven::toestemming))
        .route("/initiatieven/{id}/toestemmingen/{toestemming}/_intrekken", axum::routing::post(initiatieven::trek_in))
        .route("/initiatieven/{id}/toestemmingen/{toestemming}/certificaat.pdf", get(initiatieven::certificaat))
        .route("/initiatieven/{id}/omgeving", get(initiatieven::omgeving))
        .route("/initiatieven/{id}/uitnodigingen", axum::routing::post(initiatieven::uitnodigingen))
        .route("/toestemmingen/_verifieer", axum::routing::post(initiatieven::verifieer))
        .route("/praktijkoverzicht", get(initiatieven::praktijkoverzicht))
        .route("/verzoeken", get(verzoeken::mijn).post(verzoeken::maak))
        .route("/verzoeken/{id}", get(verzoeken::lees))
        .route("/verzoeken/{id}/stappen", axum::routing::post(verzoeken::stap))
        .route("/verzoeken/{id}/bezoekmomenten", get(verzoeken::vrije_momenten))
        .route("/verzoeken/{id}/bezoekmoment", axum::routing::post(verzoeken::kies_moment))
        .route("/werkvoorraad/verzoeken", get(verzoeken::werkvoorraad))
        .route("/bezoekmomenten", get(verzoeken::momenten).post(verzoeken::publiceer_moment))
        .route("/dienstverlening", get(verzoeken::mijn_pakketten).post(verzoeken::kies_pakket))
        .route("/initiatiefmanagers/{id}", axum::routing::put(verzoeken::zet_initiatiefmanager))
        .route("/toezicht/steekproeven", get(toezicht::lijst).post(toezicht::trek))
        .route("/toezicht/steekproeven/{id}", get(toezicht::lees))
        .route("/inspecties", axum::routing::post(toezicht::plan))
        .route("/inspecties/{id}", get(toezicht::inspectie))
        .route("/inspecties/{id}/bevindingen", axum::routing::post(toezicht::bevindingen))
        .route("/inspecties/{id}/rapport", get(toezicht::rapport))
        .route("/zaken/{id}/toezicht", get(toezicht::van_zaak))
        .route("/zaken/{id}/bewijsverzoeken", axum::routing::post(toezicht::vraag_bewijs))
        .route("/zaken/{id}/bewijsverzoeken/{verzoek}/beoordeling", axum::routing::post(toezicht::beoordeel))
        .route("/rapportage/kpi", get(rapportage::kpi))
        .route("/rapportage/kpi/zaken", get(rapportage::zaken))
        .route("/rapportage/bezetting", get(rapportage::bezetting))
        .route("/rapportage/raad.pdf", get(rapportage::raad))
        .route("/rapportage/export.csv", get(rapportage::export))
        .route("/rapportage/vergelijking", get(rapportage::vergelijking).post(rapportage::importeer))
        .route("/open-data/kpi.json", get(rapportage::open_data))
        .route("/sessies", axum::routing::post(crate::auth::api::start))
        .route("/sessies/huidige", get(crate::auth::api::huidige).delete(crate::auth::api::stop))
        .fallback(|OriginalUri(uri): OriginalUri| async move {
            ApiError::new(ErrorCode::NotFound, format!("{} is not part of this API", uri.path()))
                .with_instance(uri.path())
        })
}

/// For every response under `/api/`: sets `API-Version`, and turns an error response that is not yet a problem
/// document (from routing, extractors or the body limit) into one, keeping its text as the detail.
pub(crate) async fn finish_api_response(OriginalUri(uri): OriginalUri, response: Response) -> Response {
    if !uri.path().starts_with("/api/") {
        return response;
    }
    let mut response = as_problem(uri.path(), response).await;
    response.headers_mut().insert(HeaderName::from_static("api-version"), HeaderValue::from_static(API_VERSION));
    response
}

async fn as_problem(path: &str, response: Response) -> Response {
    let status = response.status();
    let is_problem =
        response.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes() == PROBLEM_JSON.as_bytes());
    if !(status.is_client_error() || status.is_server_error()) || is_problem {
        return response;
    }
    let code = ErrorCode::voor_status(status.as_u16()).unwrap_or(if status.is_server_error() {
        ErrorCode::Internal
    } else {
        ErrorCode::InvalidRequest
    });
    let (_, body) = response.into_parts();
    let detail = match Body::new(body).collect().await {
        Ok(bytes) => String::from_utf8_lossy(&bytes.to_bytes()).chars().take(1000).collect::<String>(),
        Err(_) => String::new(),
    };
    let mut err = ApiError { code, detail: None, instance: Some(path.to_string()), fouten: Vec::new() };
    if !detail.trim().is_empty() {
        err.detail = Some(detail);
    }
    err.into_response()
}

/// Links to what the API offers.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ApiIndex {
    pub naam: &'static str,
    pub versie: &'static str,
    /// Relative links to the resources of this API.
    pub links: Vec<Link>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Link {
    pub rel: &'static str,
    pub href: &'static str,
}

/// What this API offers: links to its resources. Answers at `/api/v1` and at `/api/v1/` alike (the document's
/// server plus `/`).
#[utoipa::path(get, path = "/", tag = "stip", responses((status = 200, body = ApiIndex, description = "Links to the resources of this API")))]
pub(crate) async fn index() -> Json<ApiIndex> {
    Json(ApiIndex {
        naam: "stip",
        versie: API_VERSION,
        links: vec![
            Link { rel: "openapi", href: "/api/v1/openapi.json" },
            Link { rel: "datasets", href: "/api/v1/datasets" },
            Link { rel: "regels", href: "/api/v1/regels?x={x}&y={y}" },
            Link { rel: "vergunningcheck", href: "/api/v1/vergunningcheck" },
            Link { rel: "plancheck", href: "/api/v1/plancheck" },
            Link { rel: "host", href: "/api/v1/host?activiteit={activiteit}&x={x}&y={y}" },
            Link { rel: "procedures", href: "/api/v1/procedures/{soort}" },
            Link {
                rel: "leges",
                href: "/api/v1/leges?activiteiten={activiteiten}&bouwkosten={bouwkosten}&gezag={gezag}",
            },
            Link { rel: "bekendmakingen", href: "/api/v1/bekendmakingen?bbox={minx},{miny},{maxx},{maxy}" },
            Link { rel: "initiatieven", href: "/api/v1/initiatieven?bbox={minx},{miny},{maxx},{maxy}" },
            Link { rel: "praktijkoverzicht", href: "/api/v1/praktijkoverzicht?bbox={minx},{miny},{maxx},{maxy}" },
            Link { rel: "verzoeken", href: "/api/v1/verzoeken" },
            Link { rel: "sessies", href: "/api/v1/sessies" },
        ],
    })
}

/// This API's OpenAPI 3.1 document.
///
/// Readable from any origin (`Access-Control-Allow-Origin: *`), so that tools in the browser can load it.
#[utoipa::path(get, path = "/openapi.json", tag = "stip", responses((status = 200, description = "OpenAPI document", content_type = "application/json", body = Object,
        headers(("access-control-allow-origin" = String, description = "`*`: any origin may read the document")))))]
async fn openapi_json() -> Response {
    ([(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")], Json(openapi())).into_response()
}
