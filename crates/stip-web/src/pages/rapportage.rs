//! The report pages for officials and the board: the figures of a period with accessible charts (SVG with a data
//! table each) and the cases behind a figure (`/backoffice/rapportage`), the capacity view with the forecast
//! (`/backoffice/bezetting`) and the comparison with other municipalities' open data (`/backoffice/vergelijken`).
//! Adapters over `stip_app::rapportage`; the CSV and the council PDF are the API's.

use super::vergunningcheck::mj;
use super::zaken::{fout, multipart};
use crate::AppState;
use crate::api::rapportage::KpiParams;
use crate::backoffice::Ambtenaar;
use crate::error::{ApiError, ErrorCode};
use crate::i18n::{Lang, RequestLang};
use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use serde::Deserialize;
use stip_app::dossier::actor;
use stip_app::rapportage;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A horizontal bar chart as SVG: `role="img"` with a title and a description that reads every value, so the chart
/// says the same to a screen reader as the table beside it. `gestreept` marks bars (forecast) with a dashed outline
/// and a lighter fill, so they differ without colour.
pub(crate) fn staafdiagram(id: &str, titel: &str, rijen: &[(String, f64, bool)], eenheid: &str, lang: Lang) -> String {
    let getal = |w: f64| stip_zaak::tekst::getal(w, lang == Lang::En);
    // The label column as wide as the longest label needs (about 7 units a character at this size), within bounds.
    let langste = rijen.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
    let (rij, label, breedte) = (22.0, (langste as f64 * 7.0 + 8.0).clamp(150.0, 330.0), 640.0);
    let max = rijen.iter().map(|r| r.1).fold(0.0_f64, f64::max);
    let hoogte = rij * rijen.len().max(1) as f64 + 8.0;
    let beschrijving: Vec<String> = rijen.iter().map(|(l, w, _)| format!("{}: {} {}", l, getal(*w), eenheid)).collect();
    let mut svg = format!(
        "<svg class=\"stip-grafiek\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" viewBox=\"0 0 {breedte} {hoogte}\" \
         width=\"100%\" preserveAspectRatio=\"xMinYMin meet\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        escape(titel),
        escape(&beschrijving.join("; "))
    );
    let ruimte = breedte - label - 60.0;
    for (i, (l, w, gestreept)) in rijen.iter().enumerate() {
        let y = 4.0 + i as f64 * rij;
        let lengte = if max > 0.0 { ruimte * w / max } else { 0.0 };
        let kort: String = l.chars().take(46).collect();
        svg +=
            &format!("<text x=\"0\" y=\"{:.1}\" font-size=\"13\" fill=\"#1a1a1a\">{}</text>", y + 15.0, escape(&kort));
        let stijl = if *gestreept {
            "fill=\"#c6dbef\" stroke=\"#0b3d66\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\""
        } else {
            "fill=\"#0b3d66\""
        };
        svg += &format!(
            "<rect x=\"{label}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" {stijl}/>",
            y + 3.0,
            lengte.max(0.0),
            rij - 7.0
        );
        svg += &format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"13\" fill=\"#1a1a1a\">{}</text>",
            label + lengte + 5.0,
            y + 15.0,
            getal(*w)
        );
    }
    svg + "</svg>"
}

fn rijen<T>(xs: &[T], f: impl Fn(&T) -> (String, f64)) -> Vec<(String, f64, bool)> {
    xs.iter().map(f).map(|(l, w)| (l, w, false)).collect()
}

/// The figures of a period with charts and tables.
pub(super) async fn overzicht(
    State(state): State<AppState>,
    lang: RequestLang,
    ambtenaar: Ambtenaar,
    Query(p): Query<KpiParams>,
) -> Response {
    let gelezen = async {
        let vraag = p.vraag()?;
        Ok::<_, ApiError>(rapportage::kpi(&state, &actor(&ambtenaar.gebruiker), &vraag).await?)
    };
    let k = match gelezen.await {
        Ok(k) => k,
        Err(e) => return fout(&state, lang, e),
    };
    let u = &k.uitkomsten;
    let t = |k: &str| lang.lang.text(k);
    let uitkomsten = vec![
        (t("rapportage.figuur_verleend").to_string(), u.verleend as f64, false),
        (t("rapportage.figuur_deelsVerleend").to_string(), u.deels_verleend as f64, false),
        (t("rapportage.figuur_geweigerd").to_string(), u.geweigerd as f64, false),
        (t("rapportage.figuur_nietVereist").to_string(), u.niet_vereist as f64, false),
    ];
    let grafieken = context! {
        uitkomsten => staafdiagram(
            "g-uitkomsten",
            t("rapportage.grafiek_uitkomsten"),
            &uitkomsten,
            t("rapportage.eenheid_besluiten"),
            lang.lang,
        ),
        trend => staafdiagram(
            "g-trend",
            t("rapportage.grafiek_trend"),
            &rijen(&k.trend, |t| (t.periode.clone(), t.binnen_termijn_pct.unwrap_or(0.0))),
            t("rapportage.eenheid_procent"),
            lang.lang,
        ),
        procedure => staafdiagram(
            "g-procedure",
            t("rapportage.grafiek_procedure"),
            &rijen(&k.per_procedure, |g| (g.naam.clone(), g.doorlooptijd_dagen.mediaan.unwrap_or(0) as f64)),
            t("rapportage.eenheid_dagen"),
            lang.lang,
        ),
        groep => staafdiagram(
            "g-groep",
            t("rapportage.grafiek_groep"),
            &rijen(&k.per_activiteitgroep, |g| (g.naam.clone(), g.doorlooptijd_dagen.mediaan.unwrap_or(0) as f64)),
            t("rapportage.eenheid_dagen"),
            lang.lang,
        ),
    };
    let kern: Vec<_> = rapportage::kernrijen(&k)
        .into_iter()
        .map(|(sleutel, _, waarde)| {
            let zaken = rapportage::FIGUREN.contains(&sleutel.as_str());
            context! { sleutel, waarde, zaken }
        })
        .collect();
    let filter = format!(
        "van={}&tot={}&team={}&activiteitgroep={}&procedure={}",
        k.van,
        k.tot,
        super::url_encode(k.team.as_deref().unwrap_or("")),
        super::url_encode(k.activiteitgroep.as_deref().unwrap_or("")),
        super::url_encode(k.procedure.as_deref().unwrap_or(""))
    );
    let kwartaal = stip_zaak::rapportage::Periode::kwartaal_van(k.van).naam();
    let teams: Vec<String> = state
        .host()
        .bevoegd_gezag
        .iter()
        .filter(|g| Some(&g.code) == ambtenaar.gebruiker.bevoegd_gezag.as_ref())
        .flat_map(|g| g.team.iter().map(|t| t.naam.clone()))
        .collect();
    state.templates().render(
        "rapportage.html",
        lang,
        StatusCode::OK,
        context! {
            page => "backoffice-rapportage", k => mj(&k), kern, grafieken, filter, kwartaal, teams,
            tabellen => rapportage::TABELLEN, periode => p.periode.unwrap_or_default(),
        },
    )
}

/// The cases behind one figure.
pub(super) async fn zaken(
    State(state): State<AppState>,
    lang: RequestLang,
    ambtenaar: Ambtenaar,
    Query(p): Query<KpiParams>,
) -> Response {
    let gelezen = async {
        let vraag = p.vraag()?;
        let figuur = p.figuur.clone().unwrap_or_default();
        Ok::<_, ApiError>(rapportage::zaken_achter(&state, &actor(&ambtenaar.gebruiker), &vraag, &figuur).await?)
    };
    match gelezen.await {
        Ok(z) => state.templates().render(
            "rapportage-zaken.html",
            lang,
            StatusCode::OK,
            context! { page => "backoffice-rapportage", z => mj(&z) },
        ),
        Err(e) => fout(&state, lang, e),
    }
}

/// Open work, deadline risk, norm hours and the forecast.
pub(super) async fn bezetting(State(state): State<AppState>, lang: RequestLang, ambtenaar: Ambtenaar) -> Response {
    let b = match rapportage::bezetting(&state, &actor(&ambtenaar.gebruiker)).await {
        Ok(b) => b,
        Err(e) => return fout(&state, lang, e),
    };
    let t = |k: &str| lang.lang.text(k);
    let week = |w: &time::Date| format!("{} {}", t("bezetting.week_van"), lang.lang.datum(*w));
    let mut weken: Vec<(String, f64, bool)> =
        b.instroom.iter().rev().take(12).rev().map(|w| (week(&w.week), w.aantal, false)).collect();
    weken.extend(
        b.voorspelde_weken.iter().map(|w| (format!("{} ({})", week(&w.week), t("bezetting.verwacht")), w.aantal, true)),
    );
    let grafiek = staafdiagram(
        "g-instroom",
        t("bezetting.grafiek_instroom"),
        &weken,
        t("rapportage.eenheid_aanvragen"),
        lang.lang,
    );
    let teamgrafiek = staafdiagram(
        "g-teams",
        t("bezetting.grafiek_teams"),
        &rijen(&b.per_team, |w| (w.naam.clone(), w.open as f64)),
        t("rapportage.eenheid_zaken"),
        lang.lang,
    );
    state.templates().render(
        "bezetting.html",
        lang,
        StatusCode::OK,
        context! { page => "backoffice-bezetting", b => mj(&b), grafiek, teamgrafiek, weken => mj(&weken) },
    )
}

/// Which quarter to compare, and a message after an import.
#[derive(Debug, Deserialize, Default)]
pub(super) struct VergelijkVraag {
    #[serde(default)]
    pub kwartaal: Option<String>,
    #[serde(default)]
    pub melding: Option<String>,
    #[serde(default)]
    pub geimporteerd: Option<String>,
}

/// The own figures beside other municipalities'.
pub(super) async fn vergelijken(
    State(state): State<AppState>,
    lang: RequestLang,
    ambtenaar: Ambtenaar,
    Query(v): Query<VergelijkVraag>,
) -> Response {
    let kwartaal = v.kwartaal.as_deref().map(str::trim).filter(|k| !k.is_empty());
    let kwartaal = kwartaal.filter(|k| stip_zaak::rapportage::Periode::parse(k).is_some_and(|p| p.naam() == *k));
    let vergelijking = match rapportage::vergelijk(&state, &actor(&ambtenaar.gebruiker), kwartaal).await {
        Ok(v) => v,
        Err(e) => return fout(&state, lang, e),
    };
    let periode = vergelijking.sets.first().map(|s| s.periode.clone()).unwrap_or_default();
    let grafiek = staafdiagram(
        "g-vergelijk",
        lang.lang.text("vergelijken.grafiek"),
        &rijen(&vergelijking.sets, |s| (s.naam.clone(), s.binnen_termijn_pct.unwrap_or(0.0))),
        lang.lang.text("rapportage.eenheid_procent"),
        lang.lang,
    );
    state.templates().render(
        "vergelijken.html",
        lang,
        if v.melding.is_some() { StatusCode::BAD_REQUEST } else { StatusCode::OK },
        context! {
            page => "backoffice-vergelijken", sets => mj(&vergelijking.sets), periode, grafiek,
            melding => v.melding, geimporteerd => v.geimporteerd,
        },
    )
}

/// Imports an uploaded open-data file.
pub(super) async fn importeer(
    State(state): State<AppState>,
    lang: RequestLang,
    ambtenaar: Ambtenaar,
    m: Multipart,
) -> Response {
    let gedaan = async {
        let (_, bestanden) = multipart(m).await?;
        let (_, inhoud) = bestanden
            .into_iter()
            .find(|(naam, inhoud)| !naam.is_empty() || !inhoud.is_empty())
            .ok_or_else(|| ApiError::new(ErrorCode::InvalidRequest, "kies een bestand kpi.json om te importeren"))?;
        Ok::<_, ApiError>(rapportage::importeer(&state, &actor(&ambtenaar.gebruiker), &inhoud).await?)
    };
    match gedaan.await {
        Ok(set) => Redirect::to(&format!(
            "/backoffice/vergelijken?kwartaal={}&geimporteerd={}",
            super::url_encode(&set.periode),
            super::url_encode(&set.naam)
        ))
        .into_response(),
        Err(e) if e.code == ErrorCode::InvalidRequest => {
            let m = e.detail.unwrap_or_default();
            Redirect::to(&format!("/backoffice/vergelijken?melding={}", super::url_encode(&m))).into_response()
        }
        Err(e) => fout(&state, lang, e),
    }
}

/// The council report as PDF, for the page's link (the API's answer, with the page's login).
pub(super) async fn raad_pdf(
    State(state): State<AppState>,
    lang: RequestLang,
    ambtenaar: Ambtenaar,
    Query(p): Query<crate::api::rapportage::KwartaalParams>,
) -> Response {
    let kwartaal = p.kwartaal.unwrap_or_default();
    match rapportage::raad_pdf(&state, &actor(&ambtenaar.gebruiker), kwartaal.trim()).await {
        Ok(bytes) => crate::api::zaken::pdf(&format!("raadsrapportage-{}.pdf", kwartaal.trim()), bytes),
        Err(e) => fout(&state, lang, e),
    }
}

/// One table as CSV, for the page's links.
pub(super) async fn export(
    State(state): State<AppState>,
    lang: RequestLang,
    ambtenaar: Ambtenaar,
    Query(p): Query<KpiParams>,
) -> Response {
    let gedaan = async {
        let tabel = p.tabel.clone().filter(|t| !t.trim().is_empty()).unwrap_or_else(|| "kpi".into());
        let k = rapportage::kpi(&state, &actor(&ambtenaar.gebruiker), &p.vraag()?).await?;
        let csv = rapportage::csv(&k, &tabel)?;
        Ok::<_, ApiError>(crate::api::rapportage::csv(&format!("rapportage-{tabel}.csv"), csv))
    };
    match gedaan.await {
        Ok(r) => r,
        Err(e) => fout(&state, lang, e),
    }
}
