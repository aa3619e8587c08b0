//! Public notices (bekendmakingen) for everyone, without login: found by place (an RD box), kind and date, one by
//! one, as an Atom feed per area and as GeoJSON for open data, and the anonymised decision PDF. The store writes a
//! notice with each event the law publishes; what it says is `stip_zaak::bekendmaking`, made here from the case.

use crate::App;
use crate::fout::{Fout, FoutCode};
use serde::Serialize;
use std::collections::HashMap;
use stip_geo::{Crs, RdPoint};
use stip_store::{BekendmakingFilter, BekendmakingRepository, ZaakId, ZaakRepository};
use stip_zaak::aanvraag::Aanvraag;
use stip_zaak::bekendmaking::{Bekendmaking, Feiten, Plek, Soort, bekendmaking};
use stip_zaak::zaak::Zaak;
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;
use uuid::Uuid;

/// What a list asks: a box, kinds, a first day, a page.
#[derive(Debug, Clone, Default)]
pub struct Zoekvraag {
    /// `[minx, miny, maxx, maxy]` in RD New.
    pub bbox: Option<[f64; 4]>,
    /// Any of these kinds; empty: all.
    pub soorten: Vec<Soort>,
    pub sinds: Option<Date>,
    pub limiet: u32,
    /// The `volgende` of the previous page.
    pub na: Option<String>,
}

/// The default page size of a list.
pub const STANDAARD_LIMIET: u32 = 50;

/// One page of notices, newest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Bekendmakingen {
    pub bekendmakingen: Vec<Bekendmaking>,
    /// Pass as `na` for the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volgende: Option<String>,
}

fn ongeldig(detail: impl Into<String>) -> Fout {
    Fout::new(FoutCode::InvalidRequest, detail)
}

/// Reads `minx,miny,maxx,maxy` (RD New, metres): four numbers, the minimum before the maximum, within the RD range.
pub fn lees_bbox(s: &str) -> Result<[f64; 4], Fout> {
    let delen: Vec<f64> = s
        .split(',')
        .map(|d| d.trim().parse::<f64>().ok().filter(|v| v.is_finite()))
        .collect::<Option<_>>()
        .ok_or_else(|| ongeldig("bbox: geef vier getallen: minx,miny,maxx,maxy (RD, EPSG:28992)"))?;
    let [minx, miny, maxx, maxy] = <[f64; 4]>::try_from(delen)
        .map_err(|_| ongeldig("bbox: geef vier getallen: minx,miny,maxx,maxy (RD, EPSG:28992)"))?;
    if minx > maxx || miny > maxy {
        return Err(ongeldig("bbox: de kleinste waarden komen eerst: minx,miny,maxx,maxy"));
    }
    for (x, y) in [(minx, miny), (maxx, maxy)] {
        RdPoint::new(x, y).map_err(|e| ongeldig(format!("bbox: {}", e.kind)))?;
    }
    Ok([minx, miny, maxx, maxy])
}

/// Reads kinds separated by commas (`aanvraag,besluit`).
pub fn lees_soorten(s: &str) -> Result<Vec<Soort>, Fout> {
    s.split(',')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| Soort::parse(d).ok_or_else(|| ongeldig(format!("soort: onbekende soort '{d}'"))))
        .collect()
}

/// A box of `meters` around a point.
pub fn rond(p: RdPoint, meters: f64) -> [f64; 4] {
    [p.x() - meters, p.y() - meters, p.x() + meters, p.y() + meters]
}

/// The place of the case: the drawn plan (WGS84 as the report keeps it) else the point (RD), in both systems.
fn plek(a: &Aanvraag) -> Option<Plek> {
    let als_json = |g: &geo_types::Geometry<f64>| serde_json::to_value(geojson::Geometry::from(g)).ok();
    let rd = match &a.plan {
        Some(plan) => crate::locatie::lees_geometrie(&plan.geometrie, Crs::Wgs84).ok(),
        None => None,
    };
    let rd = rd.or_else(|| {
        let l = a.locatie.as_ref()?;
        RdPoint::new(l.x, l.y).ok().map(|p| geo_types::Geometry::Point(geo_types::Point::new(p.x(), p.y())))
    })?;
    let wgs84 = stip_geo::transform::geometry_rd_to_wgs84(&rd).ok()?;
    Some(Plek { rd: als_json(&rd)?, wgs84: als_json(&wgs84)? })
}

/// A case as a notice needs it: the stored row, the submitted application and the fold of its events.
struct Zaakstand {
    rij: stip_store::Zaak,
    aanvraag: Aanvraag,
    zaak: Zaak,
}

/// The cases of `ids` as notices need them, in that order: two queries however many (an unknown id is left out).
async fn zaakstanden(app: &App, ids: &[ZaakId]) -> Result<Vec<Zaakstand>, Fout> {
    let mut standen = Vec::with_capacity(ids.len());
    for (rij, geschiedenis) in app.store().zaken_met_geschiedenis(ids).await? {
        let aanvraag: Aanvraag = serde_json::from_value(rij.inhoud.clone())
            .map_err(|e| Fout::intern(format!("zaak {}: de aanvraag is niet te lezen: {e}", rij.zaaknummer)))?;
        let zaak =
            Zaak::uit(&crate::dossier::gelezen(rij.id, geschiedenis)?).map_err(|e| Fout::intern(e.to_string()))?;
        standen.push(Zaakstand { rij, aanvraag, zaak });
    }
    Ok(standen)
}

async fn zaakstand(app: &App, id: ZaakId) -> Result<Zaakstand, Fout> {
    zaakstanden(app, &[id])
        .await?
        .pop()
        .ok_or_else(|| Fout::intern(format!("zaak {id} van een bekendmaking ontbreekt")))
}

fn projecteer(app: &App, b: &stip_store::Bekendmaking, z: &Zaakstand) -> Result<Bekendmaking, Fout> {
    let soort =
        Soort::parse(&b.soort).ok_or_else(|| Fout::intern(format!("bekendmaking {}: soort {}", b.id, b.soort)))?;
    let gemeente = app.host().gezag(&b.bevoegd_gezag).map(|g| g.naam.clone());
    let feiten = Feiten {
        id: b.id,
        zaak_id: b.zaak_id.0,
        zaaknummer: &z.rij.zaaknummer,
        soort,
        datum: b.datum,
        bevoegd_gezag: &b.bevoegd_gezag,
        gemeente: gemeente.as_deref(),
        plek: plek(&z.aanvraag),
    };
    Ok(bekendmaking(feiten, &z.zaak, &z.aanvraag, app.klok().vandaag()))
}

/// A page of notices matching the question, newest first.
pub async fn zoek(app: &App, vraag: &Zoekvraag) -> Result<Bekendmakingen, Fout> {
    let na = vraag.na.as_deref().filter(|n| !n.is_empty()).map(str::parse).transpose()?;
    let filter = BekendmakingFilter {
        bbox: vraag.bbox,
        soorten: vraag.soorten.iter().map(|s| s.as_str().to_string()).collect(),
        sinds: vraag.sinds,
        na,
    };
    let pagina = app.store().bekendmakingen(&filter, vraag.limiet).await?;
    let mut ids: Vec<ZaakId> = pagina.bekendmakingen.iter().map(|b| b.zaak_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let zaken: HashMap<ZaakId, Zaakstand> = zaakstanden(app, &ids).await?.into_iter().map(|z| (z.rij.id, z)).collect();
    let bekendmakingen = pagina
        .bekendmakingen
        .iter()
        .map(|b| {
            let z = zaken
                .get(&b.zaak_id)
                .ok_or_else(|| Fout::intern(format!("zaak {} van bekendmaking {} ontbreekt", b.zaak_id, b.id)))?;
            projecteer(app, b, z)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Bekendmakingen { bekendmakingen, volgende: pagina.volgende.map(|c| c.to_string()) })
}

fn niet_gevonden(id: impl std::fmt::Display) -> Fout {
    Fout::new(FoutCode::NotFound, format!("er is geen bekendmaking {id}"))
}

/// One notice.
pub async fn lees(app: &App, id: Uuid) -> Result<Bekendmaking, Fout> {
    let b = app.store().bekendmaking(id).await.map_err(|e| match e {
        stip_store::StoreError::NotFound(_) => niet_gevonden(id),
        e => e.into(),
    })?;
    projecteer(app, &b, &zaakstand(app, b.zaak_id).await?)
}

/// The newest notice of a case, if the case has any (for readers of a case who may only see what is public).
pub async fn laatste_van_zaak(app: &App, zaak: ZaakId) -> Result<Option<Uuid>, Fout> {
    Ok(app.store().bekendmakingen_van_zaak(zaak).await?.last().map(|b| b.id))
}

/// The decision of a notice as the public PDF: the anonymised version (no applicant's name or title).
pub async fn besluit_pdf(app: &App, id: Uuid) -> Result<(String, Vec<u8>), Fout> {
    let b = app.store().bekendmaking(id).await.map_err(|e| match e {
        stip_store::StoreError::NotFound(_) => niet_gevonden(id),
        e => e.into(),
    })?;
    let z = zaakstand(app, b.zaak_id).await?;
    if z.zaak.bekendgemaakt.is_none() {
        return Err(Fout::new(FoutCode::NotFound, "het besluit van deze zaak is nog niet bekendgemaakt"));
    }
    let kop = crate::stukken::Kop {
        zaaknummer: z.rij.zaaknummer.clone(),
        gezag: app.host().gezag(&z.rij.bevoegd_gezag).map(|g| g.naam.clone()).unwrap_or(z.rij.bevoegd_gezag.clone()),
        aanvrager: "de aanvrager".into(),
        ingediend: z.rij.ingediend,
    };
    let kaart = crate::stukken::kaart(&app.kennis(), &z.aanvraag);
    let bytes = crate::stukken::besluit_openbaar(&kop, &z.aanvraag, &z.zaak, kaart)
        .ok_or_else(|| Fout::new(FoutCode::NotFound, "deze zaak heeft nog geen besluit"))?;
    Ok((format!("besluit-{}.pdf", z.rij.zaaknummer), bytes))
}

/// The notices as a GeoJSON FeatureCollection in WGS84 (RFC 7946), for open data: each feature the notice's place
/// with its public properties.
pub fn geojson(lijst: &Bekendmakingen) -> serde_json::Value {
    let features: Vec<serde_json::Value> = lijst
        .bekendmakingen
        .iter()
        .map(|b| {
            let mut eigenschappen = serde_json::to_value(b).unwrap_or_default();
            if let Some(o) = eigenschappen.as_object_mut() {
                o.remove("locatie");
            }
            serde_json::json!({
                "type": "Feature",
                "id": b.id.to_string(),
                "geometry": b.locatie.as_ref().map(|l| l.wgs84.clone()),
                "properties": eigenschappen,
            })
        })
        .collect();
    serde_json::json!({ "type": "FeatureCollection", "features": features })
}

/// Text for XML: `&`, `<`, `>`, `"` and `'` escaped, and characters XML 1.0 does not allow dropped.
pub fn xml_tekst(s: &str) -> String {
    let mut uit = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => uit.push_str("&amp;"),
            '<' => uit.push_str("&lt;"),
            '>' => uit.push_str("&gt;"),
            '"' => uit.push_str("&quot;"),
            '\'' => uit.push_str("&apos;"),
            '\t' | '\n' | '\r' => uit.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => uit.push(c),
        }
    }
    uit
}

fn rfc3339(d: Date) -> String {
    format!("{d}T00:00:00Z")
}

/// The notices as an Atom feed (RFC 4287): one entry per notice with its id (`urn:uuid:`), title, day, text and a
/// link to its page. `basis` is stip's public address (`https://stip.voorbeeldstad.nl`, or empty: links relative to
/// the feed), `zelf` the feed's own path and query.
pub fn atom(lijst: &Bekendmakingen, titel: &str, basis: &str, zelf: &str, nu: OffsetDateTime) -> String {
    let basis = basis.trim_end_matches('/');
    let bijgewerkt = lijst
        .bekendmakingen
        .iter()
        .map(|b| b.datum)
        .max()
        .map(rfc3339)
        .unwrap_or_else(|| rfc3339(stip_zaak::tijd::nederlands(nu).date()));
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"nl\">\n",
    );
    x.push_str(&format!("  <title>{}</title>\n", xml_tekst(titel)));
    x.push_str(&format!("  <id>{}</id>\n", xml_tekst(&format!("{basis}{zelf}"))));
    x.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml_tekst(&format!("{basis}{zelf}"))
    ));
    x.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}/bekendmakingen\"/>\n",
        xml_tekst(basis)
    ));
    x.push_str(&format!("  <updated>{bijgewerkt}</updated>\n  <author><name>stip</name></author>\n"));
    for b in &lijst.bekendmakingen {
        x.push_str("  <entry>\n");
        x.push_str(&format!("    <id>urn:uuid:{}</id>\n", b.id));
        x.push_str(&format!("    <title>{}</title>\n", xml_tekst(&b.titel)));
        x.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}/bekendmakingen/{}\"/>\n",
            xml_tekst(basis),
            b.id
        ));
        x.push_str(&format!("    <updated>{}</updated>\n", rfc3339(b.datum)));
        x.push_str(&format!("    <published>{}</published>\n", rfc3339(b.datum)));
        if let Some(g) = &b.gemeente {
            x.push_str(&format!("    <author><name>{}</name></author>\n", xml_tekst(g)));
        }
        x.push_str(&format!("    <category term=\"{}\"/>\n", b.soort.as_str()));
        x.push_str(&format!("    <summary type=\"text\">{}</summary>\n", xml_tekst(&b.tekst)));
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_box_is_four_numbers_smallest_first_within_rd() {
        assert_eq!(lees_bbox("155000,463000,155100,463100").unwrap(), [155000.0, 463000.0, 155100.0, 463100.0]);
        for fout in ["", "1,2,3", "155100,463000,155000,463100", "a,b,c,d", "155000,463000,155100,NaN", "1e9,1,2e9,2"] {
            assert!(lees_bbox(fout).is_err(), "{fout}");
        }
    }

    #[test]
    fn kinds_are_read_by_name_and_an_unknown_one_is_refused() {
        assert_eq!(lees_soorten("aanvraag, besluit").unwrap(), [Soort::Aanvraag, Soort::Besluit]);
        assert!(lees_soorten("melding").is_err());
    }

    #[test]
    fn text_in_xml_is_escaped_and_control_characters_dropped() {
        assert_eq!(xml_tekst("a<b>&\"c'\u{1}"), "a&lt;b&gt;&amp;&quot;c&apos;");
    }
}
