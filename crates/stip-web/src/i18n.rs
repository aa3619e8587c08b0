//! Languages and message catalogues: Dutch first, English available. Every user-facing text lives in
//! `locales/<lang>.toml`; a key missing in English falls back to Dutch.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::OnceLock;

/// A language of the user interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Nl,
    En,
}

/// The cookie that remembers a chosen language.
pub const LANG_COOKIE: &str = "stip_lang";

impl Lang {
    /// A date as people write it: "9 januari 2027" / "9 January 2027" (the one formatter, shared with the PDFs).
    pub fn datum(self, d: time::Date) -> String {
        stip_app::tekst::datum(d, self == Lang::En)
    }

    /// A moment as people read it, in Dutch local time: "3 december 2026 om 16:04" / "3 December 2026 at 16:04".
    pub fn moment(self, t: time::OffsetDateTime) -> String {
        let t = stip_zaak::tijd::nederlands(t);
        let om = if self == Lang::En { "at" } else { "om" };
        format!("{} {om} {:02}:{:02}", self.datum(t.date()), t.hour(), t.minute())
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().get(..2).map(|p| p.to_ascii_lowercase()).as_deref() {
            Some("nl") => Some(Lang::Nl),
            Some("en") => Some(Lang::En),
            _ => None,
        }
    }

    /// The text for `key` in this language (Dutch when English lacks it; the key itself when both lack it).
    pub fn text(self, key: &str) -> &'static str {
        let catalogues = catalogues();
        let lookup = |lang: Lang| catalogues.get(&lang.code()).and_then(|c| c.get(key)).map(String::as_str);
        lookup(self).or_else(|| lookup(Lang::Nl)).unwrap_or_else(|| {
            tracing::warn!(key, "missing text in the message catalogue");
            Box::leak(key.to_string().into_boxed_str())
        })
    }
}

type Catalogue = HashMap<String, String>;

fn catalogues() -> &'static HashMap<&'static str, Catalogue> {
    static ALL: OnceLock<HashMap<&'static str, Catalogue>> = OnceLock::new();
    ALL.get_or_init(|| {
        HashMap::from([
            ("nl", parse_catalogue("nl", include_str!("../locales/nl.toml"))),
            ("en", parse_catalogue("en", include_str!("../locales/en.toml"))),
        ])
    })
}

/// Flattens `[section] key = "text"` into `section.key`.
fn parse_catalogue(lang: &str, source: &str) -> Catalogue {
    let table: toml::Table =
        toml::from_str(source).unwrap_or_else(|e| panic!("locales/{lang}.toml is not valid TOML: {e}"));
    let mut out = Catalogue::new();
    flatten("", &toml::Value::Table(table), &mut out);
    out
}

fn flatten(prefix: &str, value: &toml::Value, out: &mut Catalogue) {
    match value {
        toml::Value::Table(t) => {
            for (k, v) in t {
                let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                flatten(&key, v, out);
            }
        }
        toml::Value::String(s) => {
            out.insert(prefix.to_string(), s.clone());
        }
        other => {
            out.insert(prefix.to_string(), other.to_string());
        }
    }
}

/// The language a request asks for: `?lang=`, then the cookie, then — on a first visit, before any choice — the
/// browser's `Accept-Language` (the first of Dutch and English it prefers), else Dutch.
/// `chosen` is set when the query chose it, so the page can remember the choice in a cookie.
#[derive(Clone, Copy, Debug)]
pub struct RequestLang {
    pub lang: Lang,
    pub chosen: bool,
}

impl<S: Send + Sync> FromRequestParts<S> for RequestLang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let from_query =
            parts.uri.query().and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("lang=")).and_then(Lang::parse));
        if let Some(lang) = from_query {
            return Ok(RequestLang { lang, chosen: true });
        }
        let from_cookie = parts.headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|c| {
            c.split(';').find_map(|kv| kv.trim().strip_prefix(&format!("{LANG_COOKIE}="))).and_then(Lang::parse)
        });
        let lang = from_cookie.or_else(|| voorkeur(&parts.headers)).unwrap_or(Lang::Nl);
        Ok(RequestLang { lang, chosen: false })
    }
}

/// The language the browser prefers among stip's (`Accept-Language: en-GB,en;q=0.9,nl;q=0.8` → English): the
/// highest `q` first, the order given among equals; a language with `q=0` is refused.
fn voorkeur(headers: &axum::http::HeaderMap) -> Option<Lang> {
    let mut talen: Vec<(f32, Lang)> = headers
        .get_all(header::ACCEPT_LANGUAGE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|deel| {
            let mut stukken = deel.split(';');
            let lang = Lang::parse(stukken.next()?.trim())?;
            let q = stukken
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
            (q > 0.0).then_some((q, lang))
        })
        .collect();
    talen.sort_by(|a, b| b.0.total_cmp(&a.0));
    talen.first().map(|(_, l)| *l)
}

/// The address of the language switch: `basis` (a path and query of this site) with only `lang` replaced, so the
/// page keeps its state (the check's answers, the address on the map).
pub(crate) fn taal_href(basis: &str, lang: Lang) -> String {
    let (pad, query) = basis.split_once('?').unwrap_or((basis, ""));
    let mut delen: Vec<&str> =
        query.split('&').filter(|kv| !kv.is_empty() && *kv != "lang" && !kv.starts_with("lang=")).collect();
    let nieuw = format!("lang={}", lang.code());
    delen.push(&nieuw);
    format!("{pad}?{}", delen.join("&"))
}

/// The page a form was sent from (its `Referer`, as a path on this site), or the home page: where the language
/// switch leads after a form's result, which a GET cannot fetch again.
pub(crate) fn vorige_pagina(headers: &axum::http::HeaderMap) -> String {
    let referer = headers.get(header::REFERER).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let pad = match referer.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => "/",
    };
    let pad = pad.split('#').next().unwrap_or("/");
    crate::auth::terug::veilig(pad).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_english_key_exists_in_dutch_and_the_reverse() {
        let all = catalogues();
        let (nl, en) = (&all["nl"], &all["en"]);
        let missing_en: Vec<_> = nl.keys().filter(|k| !en.contains_key(*k)).collect();
        let missing_nl: Vec<_> = en.keys().filter(|k| !nl.contains_key(*k)).collect();
        assert!(missing_en.is_empty(), "keys without English text: {missing_en:?}");
        assert!(missing_nl.is_empty(), "keys without Dutch text: {missing_nl:?}");
    }

    fn met_accept_language(v: &str) -> Option<Lang> {
        let mut h = axum::http::HeaderMap::new();
        h.insert(header::ACCEPT_LANGUAGE, v.parse().unwrap());
        voorkeur(&h)
    }

    #[test]
    fn a_first_visit_follows_the_browsers_preferred_language_among_dutch_and_english() {
        assert_eq!(met_accept_language("en-GB,en;q=0.9,nl;q=0.8"), Some(Lang::En));
        assert_eq!(met_accept_language("de-DE,nl;q=0.7,en;q=0.5"), Some(Lang::Nl));
        assert_eq!(met_accept_language("nl;q=0.2, en;q=0.8"), Some(Lang::En));
        assert_eq!(met_accept_language("en;q=0, nl"), Some(Lang::Nl));
        assert_eq!(met_accept_language("de, fr"), None);
        assert_eq!(met_accept_language("*"), None);
    }

    #[test]
    fn the_language_switch_keeps_the_path_and_query_and_replaces_only_lang() {
        assert_eq!(taal_href("/", Lang::En), "/?lang=en");
        assert_eq!(
            taal_href("/vergunningcheck/uitkomst?activiteit=a&antwoord.m%23q=ja&lang=nl", Lang::En),
            "/vergunningcheck/uitkomst?activiteit=a&antwoord.m%23q=ja&lang=en"
        );
        assert_eq!(
            taal_href("/kaart?adres=Dorpsstraat+12&lang=en&x=1", Lang::Nl),
            "/kaart?adres=Dorpsstraat+12&x=1&lang=nl"
        );
    }

    #[test]
    fn after_a_form_the_switch_leads_to_the_page_the_form_was_on_and_never_to_another_site() {
        let pagina = |r: &str| {
            let mut h = axum::http::HeaderMap::new();
            h.insert(header::REFERER, r.parse().unwrap());
            vorige_pagina(&h)
        };
        assert_eq!(pagina("http://stip.test/plancheck?x=1&y=2#kaart"), "/plancheck?x=1&y=2");
        assert_eq!(pagina("https://stip.test"), "/");
        assert_eq!(pagina("//kwaad.example/x"), "/");
        assert_eq!(pagina("https://kwaad.example//kwaad.example/"), "/");
        assert_eq!(vorige_pagina(&axum::http::HeaderMap::new()), "/");
    }

    #[test]
    fn a_dutch_text_is_found_by_its_dotted_key() {
        assert_eq!(Lang::Nl.text("site.naam"), "stip");
        assert_ne!(Lang::Nl.text("home.titel"), Lang::En.text("home.titel"));
    }

    #[test]
    fn every_text_key_a_template_names_literally_is_in_the_catalogue() {
        let nl = &catalogues()["nl"];
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut missing = Vec::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let source = std::fs::read_to_string(&path).unwrap();
            for quote in ['"', '\''] {
                let open = format!("t({quote}");
                for (at, _) in source.match_indices(&open) {
                    // `t(` itself, not the end of another name such as `veld_fout(`
                    if source[..at].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_') {
                        continue;
                    }
                    let rest = &source[at + open.len()..];
                    let key = rest.split(quote).next().unwrap_or("");
                    // keys completed at run time (`t("kwalificatie." ~ k)`) are not literal
                    let literal = rest[key.len()..].starts_with(&format!("{quote})"));
                    if literal && !nl.contains_key(key) {
                        missing.push(format!("{}: {key}", path.file_name().unwrap().to_string_lossy()));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "template keys without text: {missing:?}");
    }
}
