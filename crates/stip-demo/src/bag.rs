//! The BAG 2.0 extract of Voorbeeldstad (`sl-bag-extract:bagStand` deelbestanden per object type, as the LV BAG
//! extract is delivered): woonplaats, openbare ruimten (street names), nummeraanduidingen, panden with bouwjaar and
//! verblijfsobjecten with their point, gebruiksdoel and oppervlakte.

use std::fmt::Write as _;

use stip_regels::import::Bestand;

use crate::dorp::{self, Kavel, WOONPLAATS};

const STAND: &str = "2026-01-01";

/// BAG object id: gemeentecode, objecttype code, ten-digit number.
fn bag_id(soort: &str, nr: usize) -> String {
    format!("{}{soort}{nr:010}", WOONPLAATS.0)
}

fn straten() -> Vec<&'static str> {
    let mut s: Vec<&'static str> = dorp::kavels().iter().map(|k| k.straat).collect();
    s.dedup();
    s
}

fn straat_id(straat: &str) -> String {
    bag_id("30", straten().iter().position(|s| *s == straat).unwrap_or(0) + 1)
}

fn bestand(type_: &str, objecten: &str) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<sl-bag-extract:bagStand xmlns:DatatypenNEN3610="www.kadaster.nl/schemas/lvbag/imbag/datatypennen3610/v20200601"
                         xmlns:Objecten="www.kadaster.nl/schemas/lvbag/imbag/objecten/v20200601"
                         xmlns:gml="http://www.opengis.net/gml/3.2"
                         xmlns:Historie="www.kadaster.nl/schemas/lvbag/imbag/historie/v20200601"
                         xmlns:Objecten-ref="www.kadaster.nl/schemas/lvbag/imbag/objecten-ref/v20200601"
                         xmlns:selecties-extract="http://www.kadaster.nl/schemas/lvbag/extract-selecties/v20200601"
                         xmlns:sl-bag-extract="http://www.kadaster.nl/schemas/lvbag/extract-deelbestand-lvc/v20200601"
                         xmlns:sl="http://www.kadaster.nl/schemas/standlevering-generiek/1.0">
    <sl-bag-extract:bagInfo>
        <selecties-extract:Gebied-Registratief>
            <selecties-extract:Gebied-GEM>
                <selecties-extract:GemeenteCollectie>
                    <selecties-extract:Gemeente>
                        <selecties-extract:GemeenteIdentificatie>{gem}</selecties-extract:GemeenteIdentificatie>
                    </selecties-extract:Gemeente>
                </selecties-extract:GemeenteCollectie>
            </selecties-extract:Gebied-GEM>
        </selecties-extract:Gebied-Registratief>
        <selecties-extract:LVC-Extract>
            <selecties-extract:StandTechnischeDatum>{STAND}</selecties-extract:StandTechnischeDatum>
        </selecties-extract:LVC-Extract>
    </sl-bag-extract:bagInfo>
    <sl:standBestand>
        <sl:dataset>LVBAG</sl:dataset>
        <sl:inhoud>
            <sl:gebied>GEMEENTE</sl:gebied>
            <sl:leveringsId>voorbeeldstad-{STAND}</sl:leveringsId>
            <sl:objectTypen>
                <sl:objectType>{type_}</sl:objectType>
            </sl:objectTypen>
        </sl:inhoud>
{objecten}    </sl:standBestand>
</sl-bag-extract:bagStand>
"#,
        gem = WOONPLAATS.0,
    )
    .into_bytes()
}

fn voorkomen(begin: &str) -> String {
    format!(
        "                    <Objecten:voorkomen>\n                        <Historie:Voorkomen>\n                            <Historie:voorkomenidentificatie>1</Historie:voorkomenidentificatie>\n                            <Historie:beginGeldigheid>{begin}</Historie:beginGeldigheid>\n                            <Historie:tijdstipRegistratie>{begin}T09:00:00.000</Historie:tijdstipRegistratie>\n                        </Historie:Voorkomen>\n                    </Objecten:voorkomen>\n"
    )
}

fn object(soort: &str, inhoud: &str) -> String {
    format!(
        "        <sl:stand>\n            <sl-bag-extract:bagObject>\n                <Objecten:{soort}>\n{inhoud}                </Objecten:{soort}>\n            </sl-bag-extract:bagObject>\n        </sl:stand>\n"
    )
}

fn polygoon(gml_id: &str, r: dorp::Rechthoek) -> String {
    format!(
        "                        <gml:Polygon srsName=\"urn:ogc:def:crs:EPSG::28992\" srsDimension=\"3\" gml:id=\"{gml_id}\">\n                            <gml:exterior>\n                                <gml:LinearRing>\n                                    <gml:posList count=\"5\">{}</gml:posList>\n                                </gml:LinearRing>\n                            </gml:exterior>\n                        </gml:Polygon>\n",
        dorp::pos_list(r, true)
    )
}

/// The extract's files: WPL, OPR, NUM, PND and VBO deelbestanden.
pub fn extract() -> Vec<Bestand> {
    let kavels = dorp::kavels();
    let gem = WOONPLAATS.0;
    let wpl = object(
        "Woonplaats",
        &format!(
            "                    <Objecten:identificatie domein=\"NL.IMBAG.Woonplaats\">{gem}</Objecten:identificatie>\n                    <Objecten:naam>{}</Objecten:naam>\n                    <Objecten:geometrie>\n                        <Objecten:vlak>\n{}                        </Objecten:vlak>\n                    </Objecten:geometrie>\n                    <Objecten:status>Woonplaats aangewezen</Objecten:status>\n                    <Objecten:geconstateerd>N</Objecten:geconstateerd>\n                    <Objecten:documentdatum>1990-01-01</Objecten:documentdatum>\n                    <Objecten:documentnummer>VBS-1990-001</Objecten:documentnummer>\n{}",
            WOONPLAATS.1,
            polygoon(&format!("WPL_{gem}"), dorp::PLANGEBIED),
            voorkomen("1990-01-01")
        ),
    );
    let mut opr = String::new();
    for straat in straten() {
        let _ = write!(
            opr,
            "{}",
            object(
                "OpenbareRuimte",
                &format!(
                    "                    <Objecten:identificatie domein=\"NL.IMBAG.Openbareruimte\">{}</Objecten:identificatie>\n                    <Objecten:naam>{straat}</Objecten:naam>\n                    <Objecten:type>Weg</Objecten:type>\n                    <Objecten:status>Naamgeving uitgegeven</Objecten:status>\n                    <Objecten:geconstateerd>N</Objecten:geconstateerd>\n                    <Objecten:documentdatum>1990-01-01</Objecten:documentdatum>\n                    <Objecten:documentnummer>VBS-1990-002</Objecten:documentnummer>\n                    <Objecten:ligtIn>\n                        <Objecten-ref:WoonplaatsRef domein=\"NL.IMBAG.Woonplaats\">{gem}</Objecten-ref:WoonplaatsRef>\n                    </Objecten:ligtIn>\n{}",
                    straat_id(straat),
                    voorkomen("1990-01-01")
                )
            )
        );
    }
    let (mut num, mut pnd, mut vbo) = (String::new(), String::new(), String::new());
    for (i, k) in kavels.iter().enumerate() {
        let nr = i + 1;
        num.push_str(&nummeraanduiding(k, nr));
        pnd.push_str(&pand(k, nr));
        vbo.push_str(&verblijfsobject(k, nr));
    }
    vec![
        (format!("{gem}WPL{}-000001.xml", STAND.replace('-', "")), bestand("WPL", &wpl)),
        (format!("{gem}OPR{}-000001.xml", STAND.replace('-', "")), bestand("OPR", &opr)),
        (format!("{gem}NUM{}-000001.xml", STAND.replace('-', "")), bestand("NUM", &num)),
        (format!("{gem}PND{}-000001.xml", STAND.replace('-', "")), bestand("PND", &pnd)),
        (format!("{gem}VBO{}-000001.xml", STAND.replace('-', "")), bestand("VBO", &vbo)),
    ]
}

fn nummeraanduiding(k: &Kavel, nr: usize) -> String {
    object(
        "Nummeraanduiding",
        &format!(
            "                    <Objecten:identificatie domein=\"NL.IMBAG.Nummeraanduiding\">{}</Objecten:identificatie>\n                    <Objecten:huisnummer>{}</Objecten:huisnummer>\n                    <Objecten:postcode>{}</Objecten:postcode>\n                    <Objecten:typeAdresseerbaarObject>Verblijfsobject</Objecten:typeAdresseerbaarObject>\n                    <Objecten:status>Naamgeving uitgegeven</Objecten:status>\n                    <Objecten:geconstateerd>N</Objecten:geconstateerd>\n                    <Objecten:documentdatum>{jaar}-06-01</Objecten:documentdatum>\n                    <Objecten:documentnummer>VBS-{jaar}-{nr:03}</Objecten:documentnummer>\n                    <Objecten:ligtAan>\n                        <Objecten-ref:OpenbareRuimteRef domein=\"NL.IMBAG.Openbareruimte\">{}</Objecten-ref:OpenbareRuimteRef>\n                    </Objecten:ligtAan>\n{}",
            bag_id("20", nr),
            k.huisnummer,
            k.postcode,
            straat_id(k.straat),
            voorkomen(&format!("{}-06-01", k.bouwjaar.max(1990))),
            jaar = k.bouwjaar.max(1990),
        ),
    )
}

fn pand(k: &Kavel, nr: usize) -> String {
    let id = bag_id("10", nr);
    object(
        "Pand",
        &format!(
            "                    <Objecten:identificatie domein=\"NL.IMBAG.Pand\">{id}</Objecten:identificatie>\n                    <Objecten:geometrie>\n{}                    </Objecten:geometrie>\n                    <Objecten:oorspronkelijkBouwjaar>{}</Objecten:oorspronkelijkBouwjaar>\n                    <Objecten:status>Pand in gebruik</Objecten:status>\n                    <Objecten:geconstateerd>N</Objecten:geconstateerd>\n                    <Objecten:documentdatum>2010-01-01</Objecten:documentdatum>\n                    <Objecten:documentnummer>VBS-2010-{nr:03}</Objecten:documentnummer>\n{}",
            polygoon(&format!("PND_{id}_1"), k.pand),
            k.bouwjaar,
            voorkomen("2010-01-01")
        ),
    )
}

fn verblijfsobject(k: &Kavel, nr: usize) -> String {
    let id = bag_id("01", nr);
    let (x, y) = k.punt();
    object(
        "Verblijfsobject",
        &format!(
            "                    <Objecten:heeftAlsHoofdadres>\n                        <Objecten-ref:NummeraanduidingRef domein=\"NL.IMBAG.Nummeraanduiding\">{}</Objecten-ref:NummeraanduidingRef>\n                    </Objecten:heeftAlsHoofdadres>\n{}                    <Objecten:identificatie domein=\"NL.IMBAG.Verblijfsobject\">{id}</Objecten:identificatie>\n                    <Objecten:geometrie>\n                        <Objecten:punt>\n                            <gml:Point srsName=\"urn:ogc:def:crs:EPSG::28992\" srsDimension=\"3\" gml:id=\"VBO_{id}_1\">\n                                <gml:pos>{x:.3} {y:.3} 0.0</gml:pos>\n                            </gml:Point>\n                        </Objecten:punt>\n                    </Objecten:geometrie>\n                    <Objecten:gebruiksdoel>{}</Objecten:gebruiksdoel>\n                    <Objecten:oppervlakte>{}</Objecten:oppervlakte>\n                    <Objecten:status>Verblijfsobject in gebruik</Objecten:status>\n                    <Objecten:geconstateerd>N</Objecten:geconstateerd>\n                    <Objecten:documentdatum>2010-01-01</Objecten:documentdatum>\n                    <Objecten:documentnummer>VBS-2010-{nr:03}</Objecten:documentnummer>\n                    <Objecten:maaktDeelUitVan>\n                        <Objecten-ref:PandRef domein=\"NL.IMBAG.Pand\">{}</Objecten-ref:PandRef>\n                    </Objecten:maaktDeelUitVan>\n",
            bag_id("20", nr),
            voorkomen("2010-01-01"),
            k.gebruiksdoel,
            k.oppervlakte(),
            bag_id("10", nr),
        ),
    )
}
