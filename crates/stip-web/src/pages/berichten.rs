//! Messages and alerts as pages: "Houd mij op de hoogte" (subscribing from the map or a public melding), confirming
//! and one-click unsubscribing by the links in e-mails, "Mijn berichten" and "Mijn attenties" in Mijn omgeving, a
//! public melding's own page, and the officials' view of outgoing messages. Thin adapters over
//! `stip_app::berichten`; the JSON API has its own routes.

use super::vergunningcheck::mj;
use crate::AppState;
use crate::auth::Ingelogd;
use crate::backoffice::Ambtenaar;
use crate::error::{ApiError, ErrorCode};
use crate::i18n::RequestLang;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use serde_json::{Value, json};
use stip_app::berichten;
use stip_app::dossier::actor;

/// The radii people choose from on the map (metres).
pub(crate) const STRALEN: [u32; 5] = [100, 200, 500, 1000, 5000];
/// The kinds of news of an area people tick (all by default).
pub(crate) const SOORTEN: [&str; 5] =
    ["aanvraag-ontvangen", "ontwerpbesluit-ter-inzage", "besluit-bekendgemaakt", "plan-gewijzigd", "bericht-gemeente"];
/// The activity groups people may narrow to.
pub(crate) const GROEPEN: [&str; 5] = ["bouwen", "kappen", "milieu", "uitrit", "evenement"];

/// An error of a message page: the catalogue's title and what went wrong, with the right status.
fn fout(state: &AppState, lang: RequestLang, e: impl Into<ApiError>) -> Response {
    let e: ApiError = e.into();
    let p = e.problem(lang.lang);
    state.templates().render(
        "fout.html",
        lang,
        crate::error::status(e.code),
        context! { titel => p.title, detail => p.detail, meldingen => Vec::<String>::new() },
    )
}

fn veld<'a>(paren: &'a [(String, String)], k: &str) -> Option<&'a str> {
    paren.iter().find(|(n, _)| n == k).map(|(_, v)| v.trim()).filter(|v| !v.is_empty())
}

fn alle<'a>(paren: &'a [(String, String)], k: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    paren.iter().filter(move |(n, _)| n == k).map(|(_, v)| v.trim())
}

/// A page inside stip to go back to (never another site).
fn eigen_pad(p: Option<&str>) -> Option<String> {
    p.filter(|p| p.starts_with('/') && !p.starts_with("//") && !p.contains('\\')).map(str::to_string)
}

/// What the subscription form asks, as the application layer's request (one per channel), or the catalogue key of
/// what is missing.
fn verzoeken(paren: &[(String, String)], ingelogd: bool) -> Result<Vec<Value>, &'static str> {
    let mut v = json!({});
    if let Some(zaak) = veld(paren, "zaak") {
        v["zaak"] = json!(zaak);
    } else {
        let straal = veld(paren, "straal").unwrap_or("200");
        if straal == "perceel" {
            v["adres"] = json!(veld(paren, "adres").ok_or("abonneer.fout_plek")?);
            v["perceel"] = json!(true);
        } else {
            let x: f64 = veld(paren, "x").and_then(|x| x.parse().ok()).ok_or("abonneer.fout_plek")?;
            let y: f64 = veld(paren, "y").and_then(|y| y.parse().ok()).ok_or("abonneer.fout_plek")?;
            let meter: u32 = straal.parse().ok().filter(|m| STRALEN.contains(m)).ok_or("abonneer.fout_straal")?;
            v["punt"] = json!([x, y]);
            v["crs"] = json!("EPSG:28992");
            v["straalM"] = json!(meter);
        }
        let soorten: Vec<&str> = alle(paren, "soort").filter(|s| SOORTEN.contains(s)).collect();
        if soorten.is_empty() {
            return Err("abonneer.fout_soorten");
        }
        v["soorten"] = json!(soorten);
        v["activiteitgroepen"] = json!(alle(paren, "groep").filter(|g| GROEPEN.contains(g)).collect::<Vec<_>>());
    }
    let frequentie = veld(paren, "frequentie").unwrap_or("direct");
    if !["direct", "dagelijks", "wekelijks"].contains(&frequentie) {
        return Err("abonneer.fout_frequentie");
    }
    v["frequentie"] = json!(frequentie);
    let kanalen: Vec<&str> = if ingelogd {
        alle(paren, "kanaal").filter(|k| ["inbox", "email"].contains(k)).collect()
    } else {
        let email = veld(paren, "email").unwrap_or_default();
        if !stip_zaak::aanvraag::geldig_email(email) {
            return Err("abonneer.fout_email");
        }
        v["email"] = json!(email);
        vec!["email"]
    };
    if kanalen.is_empty() {
        return Err("abonneer.fout_kanaal");
    }
    Ok(kanalen
        .into_iter()
        .map(|k| {
            let mut een = v.clone();
            een["kanaal"] = json!(k);
            een
        })
        .collect())
}

/// "Houd mij op de hoogte": subscribes from the map's or a melding's form, then shows what happens next (POST,
/// redirect, GET). Logged in: one subscription per chosen channel; anonymous: by e-mail, confirmed by a link.
pub(super) async fn abonneer(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Option<Ingelogd>,
    Form(paren): Form<Vec<(String, String)>>,
) -> Response {
    let terug = eigen_pad(veld(&paren, "terug"));
    let uitkomst = |status: StatusCode, melding: String| {
        state.templates().render(
            "abonnement-uitkomst.html",
            lang,
            status,
            context! { page => "abonneer", stand => "fout", melding => melding, terug => terug.clone() },
        )
    };
    let lijst = match verzoeken(&paren, ingelogd.is_some()) {
        Ok(l) => l,
        Err(key) => return uitkomst(StatusCode::BAD_REQUEST, lang.lang.text(key).to_string()),
    };
    let a = ingelogd.as_ref().map(|i| actor(&i.gebruiker));
    let wie = a.as_ref();
    let mut bevestigen = false;
    for v in lijst {
        let verzoek = match serde_json::from_value::<berichten::AbonnementVerzoek>(v) {
            Ok(v) => v,
            Err(e) => return fout(&state, lang, ApiError::new(ErrorCode::InvalidRequest, e.to_string())),
        };
        match berichten::abonneer(&state, wie, verzoek).await {
            Ok(n) => bevestigen |= n.bevestiging_verstuurd,
            Err(e) if e.code.intern() => return fout(&state, lang, e),
            Err(e) => {
                let status = crate::error::status(e.code);
                let tekst = e.detail.unwrap_or_else(|| crate::error::titel(e.code, lang.lang).to_string());
                return uitkomst(status, tekst);
            }
        }
    }
    let mut naar = format!("/abonnementen/aangemeld?bevestigen={}", u8::from(bevestigen));
    if let Some(t) = &terug {
        naar.push_str(&format!("&terug={}", super::url_encode(t)));
    }
    Redirect::to(&naar).into_response()
}

#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct AangemeldParams {
    #[serde(default)]
    bevestigen: u8,
    terug: Option<String>,
}

/// After subscribing: "U krijgt berichten" or "Kijk in uw e-mail".
pub(super) async fn aangemeld(
    State(state): State<AppState>,
    lang: RequestLang,
    Query(p): Query<AangemeldParams>,
) -> Response {
    let stand = if p.bevestigen == 1 { "bevestig_mail" } else { "aangemeld" };
    state.templates().render(
        "abonnement-uitkomst.html",
        lang,
        StatusCode::OK,
        context! { page => "abonneer", stand => stand, terug => eigen_pad(p.terug.as_deref()) },
    )
}

/// The page of a confirm or unsubscribe link: what it is about and a button, or what has happened.
fn link_pagina(
    state: &AppState,
    lang: RequestLang,
    status: StatusCode,
    stand: &str,
    omschrijving: Option<&str>,
    actie: Option<String>,
) -> Response {
    state.templates().render(
        "abonnement-link.html",
        lang,
        status,
        context! { page => "abonnement", stand => stand, omschrijving => omschrijving, actie => actie },
    )
}

/// Looks up a link's subscription; an unknown link is a kind 404 page.
async fn per_sleutel(state: &AppState, lang: RequestLang, sleutel: &str) -> Result<stip_store::Abonnement, Response> {
    match berichten::per_sleutel(state, sleutel).await {
        Ok(a) => Ok(a),
        Err(e) if e.code == ErrorCode::NotFound => {
            Err(link_pagina(state, lang, StatusCode::NOT_FOUND, "onbekend", None, None))
        }
        Err(e) => Err(fout(state, lang, e)),
    }
}

/// The confirm link: shows a button. A GET never confirms (mail scanners open links).
pub(super) async fn bevestig_vraag(
    State(state): State<AppState>,
    lang: RequestLang,
    Path(sleutel): Path<String>,
) -> Response {
    let a = match per_sleutel(&state, lang, &sleutel).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let (stand, actie) = match (a.opgezegd.is_some(), a.bevestigd) {
        (true, _) => ("al_gestopt", None),
        (false, true) => ("al_bevestigd", None),
        (false, false) => ("bevestig", Some(format!("/abonnementen/bevestigen/{}", super::url_encode(&sleutel)))),
    };
    link_pagina(&state, lang, StatusCode::OK, stand, Some(&a.omschrijving), actie)
}

/// The confirm button.
pub(super) async fn bevestig(
    State(state): State<AppState>,
    lang: RequestLang,
    Path(sleutel): Path<String>,
) -> Response {
    let a = match per_sleutel(&state, lang, &sleutel).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    // A stopped subscription is not confirmed again: the use case says so (conflict).
    match berichten::bevestig(&state, &sleutel).await {
        Ok(b) => link_pagina(&state, lang, StatusCode::OK, "bevestigd", Some(&b.omschrijving), None),
        Err(e) if e.code == ErrorCode::Conflict => {
            link_pagina(&state, lang, StatusCode::OK, "al_gestopt", Some(&a.omschrijving), None)
        }
        Err(e) => fout(&state, lang, e),
    }
}

/// The unsubscribe link: shows a button.
pub(super) async fn afmelden_vraag(
    State(state): State<AppState>,
    lang: RequestLang,
    Path(sleutel): Path<String>,
) -> Response {
    let a = match per_sleutel(&state, lang, &sleutel).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let (stand, actie) = if a.opgezegd.is_some() {
        ("al_gestopt", None)
    } else {
        ("afmelden", Some(format!("/abonnementen/afmelden/{}", super::url_encode(&sleutel))))
    };
    link_pagina(&state, lang, StatusCode::OK, stand, Some(&a.omschrijving), actie)
}

/// Unsubscribes: the page's button, and the one-click POST of mail clients (RFC 8058, `List-Unsubscribe=One-Click`),
/// which comes without a CSRF token or login — the secret key in the path is the proof (see `csrf::bewaak`).
pub(super) async fn afmelden(
    State(state): State<AppState>,
    lang: RequestLang,
    Path(sleutel): Path<String>,
) -> Response {
    let a = match per_sleutel(&state, lang, &sleutel).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    if a.opgezegd.is_some() {
        return link_pagina(&state, lang, StatusCode::OK, "al_gestopt", Some(&a.omschrijving), None);
    }
    match berichten::zeg_op_met_sleutel(&state, &sleutel).await {
        Ok(b) => link_pagina(&state, lang, StatusCode::OK, "gestopt", Some(&b.omschrijving), None),
        Err(e) => fout(&state, lang, e),
    }
}

#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct PaginaParams {
    pagina: Option<u32>,
}

/// "Mijn berichten": the inbox, newest first, unread marked.
pub(super) async fn inbox(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Query(p): Query<PaginaParams>,
) -> Response {
    let pagina = p.pagina.unwrap_or(1).max(1);
    let inbox = match berichten::inbox(&state, &actor(&ingelogd.gebruiker), pagina).await {
        Ok(i) => i,
        Err(e) => return fout(&state, lang, e),
    };
    let lijst: Vec<Value> = inbox
        .berichten
        .iter()
        .map(|b| {
            json!({
                "id": b.id.to_string(), "titel": b.titel, "tekst": b.tekst, "link": b.link,
                "op": b.op.date().to_string(), "gelezen": b.gelezen,
            })
        })
        .collect();
    let paginas = ((inbox.totaal.max(0) as u32).div_ceil(inbox.per_pagina)).max(1);
    state.templates().render(
        "mijn-berichten.html",
        lang,
        StatusCode::OK,
        context! {
            page => "mijn-berichten", berichten => mj(&lijst), totaal => inbox.totaal, ongelezen => inbox.ongelezen,
            pagina => pagina, paginas => paginas,
            vorige => (pagina > 1).then(|| pagina - 1), volgende => (pagina < paginas).then(|| pagina + 1),
        },
    )
}

/// "Markeer als gelezen", then back to the same page of the inbox.
pub(super) async fn gelezen(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
    Form(paren): Form<Vec<(String, String)>>,
) -> Response {
    let Ok(id) = id.parse::<uuid::Uuid>() else {
        return fout(&state, lang, ApiError::new(ErrorCode::NotFound, "dit bericht bestaat niet"));
    };
    if let Err(e) = berichten::markeer_gelezen(&state, &actor(&ingelogd.gebruiker), id).await {
        return fout(&state, lang, e);
    }
    let pagina = veld(&paren, "pagina").and_then(|p| p.parse::<u32>().ok()).unwrap_or(1);
    Redirect::to(&format!("/mijn-omgeving/berichten?pagina={pagina}")).into_response()
}

#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct GestoptParams {
    gestopt: Option<String>,
}

/// "Mijn attenties": one's subscriptions, each with a Stop button.
pub(super) async fn attenties(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Query(p): Query<GestoptParams>,
) -> Response {
    let lijst = match berichten::mijn_abonnementen(&state, &actor(&ingelogd.gebruiker)).await {
        Ok(l) => l,
        Err(e) => return fout(&state, lang, e),
    };
    let lijst: Vec<Value> = lijst
        .iter()
        .map(|a| {
            let v = serde_json::to_value(a).unwrap_or_default();
            json!({
                "id": a.id.to_string(), "omschrijving": a.omschrijving, "kanaal": v["kanaal"],
                "frequentie": v["frequentie"], "soorten": a.soorten, "groepen": a.activiteitgroepen,
                "bevestigd": a.bevestigd, "sinds": a.aangemaakt.date().to_string(),
            })
        })
        .collect();
    state.templates().render(
        "mijn-attenties.html",
        lang,
        StatusCode::OK,
        context! { page => "mijn-attenties", attenties => mj(&lijst), gestopt => p.gestopt.is_some() },
    )
}

/// The Stop button of a subscription.
pub(super) async fn stop(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Ingelogd,
    Path(id): Path<String>,
) -> Response {
    let Ok(id) = id.parse::<uuid::Uuid>() else {
        return fout(&state, lang, ApiError::new(ErrorCode::NotFound, "dit abonnement bestaat niet of is niet van u"));
    };
    match berichten::zeg_op(&state, &actor(&ingelogd.gebruiker), id).await {
        Ok(()) => Redirect::to("/mijn-omgeving/attenties?gestopt=1").into_response(),
        Err(e) => fout(&state, lang, e),
    }
}

/// A public melding: what happened, where, and — for a case — "Volg deze zaak". Only the public projection exists
/// here, so no applicant's name or address can show.
pub(super) async fn melding(
    State(state): State<AppState>,
    lang: RequestLang,
    ingelogd: Option<Ingelogd>,
    Path(id): Path<String>,
) -> Response {
    let pad = format!("/meldingen/{id}");
    let Ok(uuid) = id.parse::<uuid::Uuid>() else { return super::not_found_page(&state, lang, &pad) };
    let m = match berichten::openbare_melding(&state, uuid).await {
        Ok(m) => m,
        Err(e) if e.code == ErrorCode::NotFound => return super::not_found_page(&state, lang, &pad),
        Err(e) => return fout(&state, lang, e),
    };
    let v = serde_json::to_value(&m).unwrap_or_default();
    let wijziging = m.wijziging.as_ref().map(|w| {
        let waarde = |x: Option<f64>| x.map(|x| met_eenheid(x, w.eenheid.as_deref()));
        json!({ "plan": w.plan, "norm": w.norm, "oud": waarde(w.oud), "nieuw": waarde(w.nieuw) })
    });
    let kaart = m.geometrie.as_ref().and_then(schets);
    state.templates().render(
        "melding.html",
        lang,
        StatusCode::OK,
        context! {
            page => "melding", m => mj(&json!({
                "titel": m.titel, "tekst": m.tekst, "plaats": m.plaats, "gemeente": m.gemeente,
                "activiteiten": m.activiteiten, "soort": v["soort"], "datum": m.op.date().to_string(),
                "wijziging": wijziging,
            })),
            kaart => mj(&kaart),
            volg => m.zaaknummer.as_ref().map(|z| context! { zaak => z }),
            aangemeld => ingelogd.is_some(),
        },
    )
}

/// A value as people write it ("9 m", "9,5 m"), as the messages do.
fn met_eenheid(v: f64, eenheid: Option<&str>) -> String {
    let getal = stip_app::tekst::getal(v, false);
    match eenheid {
        Some("m2") => format!("{getal} m²"),
        Some("m3") => format!("{getal} m³"),
        Some(e) if !e.is_empty() => format!("{getal} {e}"),
        _ => getal,
    }
}

/// A static outline of a GeoJSON geometry in RD New as SVG (`viewBox` and path, north up), or a dot for a point:
/// the place at a glance without a map library.
pub(super) fn schets(g: &Value) -> Option<Value> {
    fn punten(c: &Value, uit: &mut Vec<Vec<(f64, f64)>>) {
        match c.as_array() {
            Some(a) if a.len() >= 2 && a[0].is_number() => {
                if let (Some(x), Some(y)) = (a[0].as_f64(), a[1].as_f64()) {
                    uit.push(vec![(x, y)]);
                }
            }
            Some(a)
                if a.first().and_then(|p| p.as_array()).is_some_and(|p| p.first().is_some_and(Value::is_number)) =>
            {
                uit.push(a.iter().filter_map(|p| Some((p.get(0)?.as_f64()?, p.get(1)?.as_f64()?))).collect());
            }
            Some(a) => a.iter().for_each(|d| punten(d, uit)),
            None => {}
        }
    }
    let mut ringen = Vec::new();
    if let Some(lijst) = g.get("geometries").and_then(Value::as_array) {
        lijst.iter().filter_map(|d| d.get("coordinates")).for_each(|c| punten(c, &mut ringen));
    } else {
        punten(g.get("coordinates")?, &mut ringen);
    }
    let alle: Vec<(f64, f64)> = ringen.iter().flatten().copied().collect();
    if alle.is_empty() {
        return None;
    }
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for (x, y) in &alle {
        x0 = x0.min(*x);
        y0 = y0.min(*y);
        x1 = x1.max(*x);
        y1 = y1.max(*y);
    }
    // At least 100 m across, with a margin, so a point or a small parcel sits in its surroundings.
    let maat = (x1 - x0).max(y1 - y0).max(100.0) * 1.2;
    let (mx, my) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let (links, boven) = (mx - maat / 2.0, my + maat / 2.0);
    let sx = |x: f64| (x - links) / maat * 300.0;
    let sy = |y: f64| (boven - y) / maat * 300.0;
    let mut pad = String::new();
    let mut stippen = Vec::new();
    for r in &ringen {
        if r.len() == 1 {
            stippen.push(json!({ "x": format!("{:.1}", sx(r[0].0)), "y": format!("{:.1}", sy(r[0].1)) }));
            continue;
        }
        for (i, (x, y)) in r.iter().enumerate() {
            pad.push_str(&format!("{}{:.1} {:.1} ", if i == 0 { "M" } else { "L" }, sx(*x), sy(*y)));
        }
        pad.push_str("Z ");
    }
    Some(json!({ "pad": pad.trim_end(), "stippen": stippen }))
}

#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct OpnieuwParams {
    opnieuw: Option<String>,
}

/// The officials' view of outgoing messages: how many wait, went out or failed, and the failed ones to send again.
pub(super) async fn uitgaand(
    State(state): State<AppState>,
    lang: RequestLang,
    ambtenaar: Ambtenaar,
    Query(p): Query<OpnieuwParams>,
) -> Response {
    let u = match berichten::uitgaand(&state, &actor(&ambtenaar.gebruiker)).await {
        Ok(u) => u,
        Err(e) => return fout(&state, lang, e),
    };
    let v = serde_json::to_value(&u).unwrap_or_default();
    let mislukt: Vec<Value> = u
        .mislukt
        .iter()
        .zip(v["mislukt"].as_array().cloned().unwrap_or_default())
        .map(|(b, j)| {
            json!({
                "id": b.id.to_string(), "titel": b.titel, "kanaal": j["kanaal"], "pogingen": b.pogingen,
                "laatsteFout": b.laatste_fout, "datum": b.aangemaakt.date().to_string(),
            })
        })
        .collect();
    state.templates().render(
        "backoffice-berichten.html",
        lang,
        StatusCode::OK,
        context! {
            page => "backoffice-berichten", telling => mj(&v["telling"]), mislukt => mj(&mislukt),
            opnieuw => p.opnieuw.is_some(),
        },
    )
}

/// "Opnieuw versturen" of a failed message.
pub(super) async fn opnieuw(
    State(state): State<AppState>,
    lang: RequestLang,
    ambtenaar: Ambtenaar,
    Path(id): Path<String>,
) -> Response {
    let Ok(id) = id.parse::<uuid::Uuid>() else {
        return fout(&state, lang, ApiError::new(ErrorCode::NotFound, "dit bericht bestaat niet"));
    };
    match berichten::probeer_opnieuw(&state, &actor(&ambtenaar.gebruiker), id).await {
        Ok(()) => Redirect::to("/backoffice/berichten?opnieuw=1").into_response(),
        Err(e) => fout(&state, lang, e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paren(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter().map(|(k, w)| (k.to_string(), w.to_string())).collect()
    }

    #[test]
    fn the_form_becomes_one_request_per_chosen_channel_with_a_circle_in_rd() {
        let f = paren(&[
            ("x", "155000"),
            ("y", "463000"),
            ("straal", "500"),
            ("soort", "besluit-bekendgemaakt"),
            ("groep", "kappen"),
            ("frequentie", "wekelijks"),
            ("kanaal", "inbox"),
            ("kanaal", "email"),
        ]);
        let v = verzoeken(&f, true).unwrap();
        assert_eq!(v.len(), 2);
        assert_eq!(v[0]["punt"], json!([155000.0, 463000.0]));
        assert_eq!(v[0]["straalM"], 500);
        assert_eq!(v[0]["crs"], "EPSG:28992");
        assert_eq!(v[0]["kanaal"], "inbox");
        assert_eq!(v[1]["kanaal"], "email");
        assert_eq!(v[1]["activiteitgroepen"], json!(["kappen"]));
        for x in v {
            serde_json::from_value::<berichten::AbonnementVerzoek>(x).unwrap();
        }
    }

    #[test]
    fn an_anonymous_form_needs_a_good_address_and_a_radius_from_the_list() {
        let basis = [("x", "155000"), ("y", "463000"), ("soort", "plan-gewijzigd")];
        let zonder = paren(&basis);
        assert_eq!(verzoeken(&zonder, false), Err("abonneer.fout_email"));
        let mut raar = basis.to_vec();
        raar.extend([("email", "a@b.nl"), ("straal", "123")]);
        assert_eq!(verzoeken(&paren(&raar), false), Err("abonneer.fout_straal"));
        let mut goed = basis.to_vec();
        goed.push(("email", "a@b.nl"));
        let v = verzoeken(&paren(&goed), false).unwrap();
        assert_eq!(v[0]["kanaal"], "email");
        assert_eq!(v[0]["email"], "a@b.nl");
    }

    #[test]
    fn only_a_path_inside_stip_is_a_way_back() {
        assert_eq!(eigen_pad(Some("/kaart?x=1")), Some("/kaart?x=1".into()));
        assert_eq!(eigen_pad(Some("//evil.example")), None);
        assert_eq!(eigen_pad(Some("https://evil.example")), None);
    }

    #[test]
    fn a_polygon_is_drawn_north_up_inside_the_picture_and_a_point_as_a_dot() {
        let vlak =
            json!({ "type": "Polygon", "coordinates": [[[0.0, 0.0], [200.0, 0.0], [200.0, 100.0], [0.0, 0.0]]] });
        let s = schets(&vlak).unwrap();
        let pad = s["pad"].as_str().unwrap();
        assert!(pad.starts_with('M') && pad.ends_with('Z'), "{pad}");
        for getal in pad.split(|c: char| !(c.is_ascii_digit() || c == '.')).filter(|g| !g.is_empty()) {
            let g: f64 = getal.parse().unwrap();
            assert!((0.0..=300.0).contains(&g), "{g} in {pad}");
        }
        let punt = schets(&json!({ "type": "Point", "coordinates": [155000.0, 463000.0] })).unwrap();
        assert_eq!(punt["stippen"][0]["x"], "150.0");
        assert_eq!(schets(&json!({ "type": "Point" })), None);
    }
}
