//! The HTML pages: server-rendered with minijinja from embedded templates, Dutch first, styled with the NL Design
//! System (Utrecht components and the open voorbeeld theme).

use crate::AppState;
use crate::auth::inloglink;
use crate::auth::pagina as auth;
use crate::i18n::{LANG_COOKIE, Lang, RequestLang};
use axum::Router;
use axum::extract::{OriginalUri, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use minijinja::{Environment, Value, context};
use rust_embed::RustEmbed;

mod begin;
mod bekendmakingen;
mod berichten;
pub(crate) mod betalen;
mod bezwaren;
mod gegevens;
mod host;
mod hulp;
mod initiatieven;
mod kaart;
mod leges;
mod plancheck;
mod rapportage;
mod realisatie;
mod toezicht;
mod uitnodigingen;
mod vergunningcheck;
mod verzoeken;
mod zaken;

pub(crate) use vergunningcheck::{mj, url_encode};

#[derive(RustEmbed)]
#[folder = "templates/"]
struct TemplateFiles;

/// Every page template, parsed once at start.
pub(crate) struct Templates {
    env: Environment<'static>,
}

impl Templates {
    pub(crate) fn load() -> Templates {
        let mut env = Environment::new();
        env.add_function("csrf_field", crate::csrf::csrf_field);
        for name in TemplateFiles::iter() {
            let file = TemplateFiles::get(&name).expect("listed template exists");
            let source =
                String::from_utf8(file.data.into_owned()).unwrap_or_else(|_| panic!("template {name} is not UTF-8"));
            env.add_template_owned(name.to_string(), source)
                .unwrap_or_else(|e| panic!("template {name} does not parse: {e}"));
        }
        Templates { env }
    }

    /// Renders a page in the request's language; remembers a language chosen with `?lang=` in a cookie.
    pub(crate) fn render(&self, name: &str, lang: RequestLang, status: StatusCode, ctx: Value) -> Response {
        let l = lang.lang;
        let other = if l == Lang::Nl { Lang::En } else { Lang::Nl };
        // The language switch keeps the page and its state: the page's own GET-able address (`taal_pad`) when it
        // gives one, else the request's.
        let basis = ctx
            .get_attr("taal_pad")
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .or_else(|| crate::csrf::verzoek().map(|v| v.taal_basis))
            .unwrap_or_else(|| "/".into());
        let full = context! {
            taal_href => crate::i18n::taal_href(&basis, other),
            // On an English page, texts that come from the data (rules, questions, activity names) stay Dutch:
            // `<p{{ nl_data }}>` marks their element (WCAG 3.1.2).
            nl_data => Value::from_safe_string(if l == Lang::En { " lang=\"nl\"".into() } else { String::new() }),
            lang => l.code(),
            pagina => crate::csrf::verzoek().map(|v| v.pagina),
            ingelogd => crate::auth::sessie::huidige().map(|i| context! {
                ambtelijk => i.gebruiker.heeft_rol(stip_zaak::Rol::Behandelaar) || i.gebruiker.heeft_rol(stip_zaak::Rol::Bestuur),
                naam => i.gebruiker.naam,
                ongelezen => crate::auth::sessie::ongelezen(),
            }),
            other_lang => other.code(),
            t => Value::from_function(move |key: &str| l.text(key)),
            // `{{ datum(d) }}`: an ISO date (`2027-01-09`) as people write it; anything else as it is.
            datum => Value::from_function(move |d: &str| {
                time::Date::parse(d, &time::format_description::well_known::Iso8601::DATE)
                    .map_or_else(|_| d.to_string(), |d| l.datum(d))
            }),
            // `{{ getal(v) }}`: a number without machine noise ("3", "2,5"; "2.5" in English).
            getal => Value::from_function(move |v: f64| stip_app::tekst::getal(v, l == Lang::En)),
            ..ctx
        };
        let rendered = self.env.get_template(name).and_then(|t| t.render(full));
        let mut response = match rendered {
            Ok(html) => (status, Html(html)).into_response(),
            Err(e) => {
                tracing::error!(template = name, error = %e, "page could not be rendered");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    Html(
                        "<!doctype html><html lang=\"nl\"><title>Fout</title><p>Er ging iets mis bij stip.</p></html>",
                    ),
                )
                    .into_response()
            }
        };
        // The language may come from the browser's Accept-Language or the cookie: caches keep one copy per both.
        response.headers_mut().insert(header::VARY, HeaderValue::from_static("Accept-Language, Cookie"));
        if lang.chosen
            && let Ok(v) =
                HeaderValue::from_str(&format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax", l.code()))
        {
            response.headers_mut().insert(header::SET_COOKIE, v);
        }
        response
    }
}

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/kaart", get(kaart::kaart))
        .route("/vergunningcheck", get(vergunningcheck::start))
        .route("/vergunningcheck/vraag", get(vergunningcheck::vraag))
        .route("/vergunningcheck/uitkomst", get(vergunningcheck::uitkomst))
        .route("/plancheck", get(plancheck::formulier))
        .route("/droog-oefenen", get(plancheck::droog_oefenen_get).post(plancheck::droog_oefenen))
        .route("/verslag", post(plancheck::bewaar))
        .route("/verslag/{sleutel}", get(plancheck::bewaard))
        .route("/waar-moet-ik-zijn", get(host::waar_moet_ik_zijn))
        .route("/gegevens", get(gegevens::ingelezen))
        .route("/status", get(gegevens::status))
        .route("/hulp", get(hulp::formulier).post(hulp::verstuur))
        .route("/hulp/verstuurd", get(hulp::verstuurd))
        .route("/backoffice/hulpvragen", get(hulp::backoffice_lijst))
        .route("/backoffice/hulpvragen/{id}", get(hulp::backoffice_vraag))
        .route("/backoffice/hulpvragen/{id}/antwoord", post(hulp::backoffice_antwoord))
        .route("/backoffice/hulpvragen/{id}/afgehandeld", post(hulp::backoffice_afgehandeld))
        .route("/mijn", get(zaken::mijn))
        .route("/aanvragen", get(begin::lijst).post(begin::nieuw))
        .route("/aanvragen/nieuw", get(begin::vervolg_pagina))
        .route("/aanvragen/{id}", get(zaken::aanvraag).post(zaken::bewaar))
        .route("/aanvragen/{id}/documenten/{doc}", get(zaken::document))
        .route("/aanvragen/{id}/documenten/{doc}/verwijderen", post(zaken::verwijder_document))
        .route("/aanvragen/{id}/betrokkenen", post(zaken::betrokkene))
        .route("/aanvragen/{id}/betrokkenen/{index}/verwijderen", post(zaken::verwijder_betrokkene))
        .route("/aanvragen/{id}/indienen", post(zaken::indienen))
        .route("/uitnodigingen/{id}/{token}", get(uitnodigingen::toon).post(uitnodigingen::aanvaard))
        .route("/zaken/{id}", get(zaken::zaak))
        .route("/zaken/{id}/ontvangstbevestiging.pdf", get(zaken::ontvangst_pdf))
        .route("/zaken/{id}/besluit.pdf", get(zaken::besluit_pdf))
        .route("/zaken/{id}/documenten/{doc}", get(zaken::zaak_document))
        .route("/zaken/{id}/dossier.zip", get(zaken::dossier_zip))
        .route("/zaken/{id}/berichten", post(zaken::bericht))
        .route("/zaken/{id}/betalen", post(betalen::betaal))
        .route("/zaken/{id}/factuur.pdf", get(betalen::factuur))
        .route("/betalen", post(betalen::betaal_alles))
        .route("/backoffice/financien", get(betalen::financien))
        .route("/simulator/mollie/v2/payments", post(betalen::sim_maak))
        .route("/simulator/mollie/v2/payments/{id}", get(betalen::sim_lees))
        .route("/simulator/mollie/v2/payments/{id}/refunds", post(betalen::sim_terug))
        .route("/simulator/mollie/checkout/{id}", get(betalen::checkout).post(betalen::kies))
        .route("/backoffice/zaken", get(zaken::werkvoorraad))
        .route("/backoffice/zaken/{id}", get(zaken::behandel))
        .route("/backoffice/zaken/{id}/{actie}", post(zaken::actie))
        .route("/backoffice/klanten/{id}", get(zaken::klant))
        .route("/backoffice/toezicht", get(toezicht::overzicht))
        .route("/backoffice/rapportage", get(rapportage::overzicht))
        .route("/backoffice/rapportage/zaken", get(rapportage::zaken))
        .route("/backoffice/rapportage/raad.pdf", get(rapportage::raad_pdf))
        .route("/backoffice/rapportage/export.csv", get(rapportage::export))
        .route("/backoffice/bezetting", get(rapportage::bezetting))
        .route("/backoffice/vergelijken", get(rapportage::vergelijken))
        .route("/backoffice/realisatie", get(realisatie::backoffice))
        .route("/backoffice/toezicht/steekproeven", post(toezicht::trek))
        .route("/backoffice/toezicht/steekproeven/{id}", get(toezicht::steekproef))
        .route("/backoffice/zaken/{id}/toezicht", get(toezicht::zaak))
        .route("/backoffice/zaken/{id}/toezicht/{stap}", post(toezicht::zaak_stap))
        .route("/backoffice/inspecties/{id}", get(toezicht::inspectie))
        .route("/inspecties/{id}/rapport.pdf", get(toezicht::rapport))
        .route("/abonnementen", post(berichten::abonneer))
        .route("/abonnementen/aangemeld", get(berichten::aangemeld))
        .route("/abonnementen/bevestigen/{sleutel}", get(berichten::bevestig_vraag).post(berichten::bevestig))
        .route("/abonnementen/afmelden/{sleutel}", get(berichten::afmelden_vraag).post(berichten::afmelden))
        .route("/mijn-omgeving", get(|| async { axum::response::Redirect::to("/mijn") }))
        .route("/mijn-omgeving/berichten", get(berichten::inbox))
        .route("/mijn-omgeving/berichten/{id}/gelezen", post(berichten::gelezen))
        .route("/mijn-omgeving/attenties", get(berichten::attenties))
        .route("/mijn-omgeving/attenties/{id}/stop", post(berichten::stop))
        .route("/meldingen/{id}", get(berichten::melding))
        .route("/bezwaren/{id}", get(bezwaren::bezwaar_zaak))
        .route("/bezwaren/{id}/{stap}", post(bezwaren::bezwaar_stap))
        .route("/vooroverleg", get(verzoeken::pagina).post(verzoeken::dien_in))
        .route("/vooroverleg/pakket", post(verzoeken::kies_pakket))
        .route("/verzoeken/{id}", get(verzoeken::verzoek_pagina))
        .route("/verzoeken/{id}/bezoekmoment", post(verzoeken::kies_moment))
        .route("/verzoeken/{id}/{stap}", post(verzoeken::stap))
        .route("/backoffice/verzoeken", get(verzoeken::backoffice))
        .route("/backoffice/verzoeken/momenten", post(verzoeken::publiceer_moment))
        .route("/backoffice/verzoeken/initiatiefmanager", post(verzoeken::initiatiefmanager))
        .route("/bekendmakingen", get(bekendmakingen::lijst))
        .route("/bekendmakingen/{id}", get(bekendmakingen::bekendmaking))
        .route("/backoffice/berichten", get(berichten::uitgaand))
        .route("/backoffice/berichten/{id}/opnieuw", post(berichten::opnieuw))
        .route("/initiatieven", post(initiatieven::maak))
        .route("/initiatieven/nieuw", get(initiatieven::nieuw_zonder_plan).post(initiatieven::nieuw))
        .route("/initiatieven/code", get(initiatieven::per_code))
        .route("/initiatieven/code/{code}", get(initiatieven::per_code))
        .route("/initiatieven/{id}", get(initiatieven::initiatief))
        .route("/initiatieven/{id}/reacties", post(initiatieven::reageer))
        .route("/initiatieven/{id}/reacties/{reactie}/antwoord", post(initiatieven::antwoord))
        .route("/initiatieven/{id}/toestemming", post(initiatieven::toestemming))
        .route("/initiatieven/{id}/toestemmingen/{t}/intrekken", post(initiatieven::trek_in))
        .route("/initiatieven/{id}/toestemmingen/{t}/certificaat.pdf", get(initiatieven::certificaat))
        .route("/initiatieven/{id}/versies", post(initiatieven::versie))
        .route("/initiatieven/{id}/brieven", post(initiatieven::brieven))
        .route("/initiatieven/{id}/aanvraag", post(initiatieven::aanvraag))
        .route("/toestemmingen/verifieer", get(initiatieven::verifieer).post(initiatieven::verifieer_formulier))
        .route("/praktijkoverzicht", get(initiatieven::praktijkoverzicht))
        .route("/inloggen", get(auth::inloggen_formulier).post(auth::inloggen))
        .route("/registreren", get(auth::registreren_formulier).post(auth::registreren))
        .route("/uitloggen", post(auth::uitloggen))
        .route("/inloggen/oidc", get(crate::auth::oidc::start))
        .route(crate::auth::oidc::TERUG_PAD, get(crate::auth::oidc::terugkomst))
        .route("/inloggen/link", post(inloglink::vraag_aan))
        .route("/inloggen/link/{token}", get(inloglink::toon).post(inloglink::gebruik))
        .route("/zaken/{id}/startmelding", post(realisatie::startmelding))
        .route("/zaken/{id}/wijziging", post(realisatie::wijziging))
        .route("/zaken/{id}/nazorg", post(realisatie::nazorg))
        .route("/review/{token}", get(realisatie::review_formulier).post(realisatie::review_verstuur))
        .merge(uploads())
}

/// The routes that take files: their own body limit (a document may be 50 MB), the rest of stip keeps the small one.
fn uploads() -> Router<AppState> {
    Router::new()
        .route("/aanvragen/{id}/documenten", post(zaken::upload))
        .route("/zaken/{id}/aanvullen", post(zaken::aanvullen))
        .route("/zaken/{id}/gereedmelding", post(realisatie::gereedmelding))
        .route("/backoffice/inspecties/{id}", post(toezicht::bevindingen))
        .route("/backoffice/vergelijken", post(rapportage::importeer))
        .route("/zaken/{id}/bewijs", get(toezicht::bewijs))
        .route("/zaken/{id}/bewijs/{verzoek}", post(toezicht::lever))
        .route("/zaken/{id}/bezwaar", get(bezwaren::bezwaar_formulier).post(bezwaren::maak_bezwaar))
        .route("/zaken/{id}/zienswijze", get(bezwaren::zienswijze_formulier).post(bezwaren::geef_zienswijze))
        .layer(axum::extract::DefaultBodyLimit::max(crate::UPLOAD_BODY_BYTES))
}

async fn home(State(state): State<AppState>, lang: RequestLang) -> Response {
    let demo = state.kennis().demo;
    state.templates().render("home.html", lang, StatusCode::OK, context! { page => "home", demo })
}

/// Any path that is no page: a helpful Dutch (or English) page with the way back.
pub(crate) async fn not_found(
    State(state): State<AppState>,
    lang: RequestLang,
    OriginalUri(uri): OriginalUri,
) -> Response {
    not_found_page(&state, lang, uri.path())
}

/// What a page says when a step fails: the error's own text (else its title) and its status.
pub(super) fn melding_van(e: &crate::error::ApiError, lang: RequestLang) -> (String, axum::http::StatusCode) {
    let melding = e.detail.clone().unwrap_or_else(|| crate::error::titel(e.code, lang.lang).to_string());
    (melding, crate::error::status(e.code))
}

/// A form field's value, trimmed; an absent field is empty.
pub(super) fn veld(velden: &[(String, String)], k: &str) -> String {
    velden.iter().find(|(n, _)| n == k).map(|(_, v)| v.trim().to_string()).unwrap_or_default()
}

pub(crate) fn not_found_page(state: &AppState, lang: RequestLang, pad: &str) -> Response {
    state.templates().render("niet-gevonden.html", lang, StatusCode::NOT_FOUND, context! { pad => pad })
}
