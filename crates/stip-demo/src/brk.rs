//! The BRK kadastrale kaart of Voorbeeldstad (DKK v5 `kk:DKK` with `oz:Perceel`): one parcel under every plot,
//! plus the park and the two streets, in the fictional kadastrale gemeente Voorbeeldstad, sectie A.

use std::fmt::Write as _;

use crate::dorp::{self, Rechthoek};

/// (perceelnummer, area) of every parcel.
fn percelen() -> Vec<(u32, Rechthoek)> {
    let mut out: Vec<(u32, Rechthoek)> = dorp::kavels().iter().map(|k| (k.perceelnummer, k.perceel)).collect();
    out.push((301, dorp::WILGENPARK));
    out.push((302, dorp::DORPSSTRAAT));
    out.push((303, (0.0, -70.0, 110.0, -60.0)));
    out
}

/// The DKK GML file.
pub fn kaart() -> Vec<u8> {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<kk:DKK xmlns:gml="http://www.opengis.net/gml/3.2"
        xmlns:oz="http://www.kadaster.nl/schemas/brkkadastralekaart/v5/imkad-onroerendezaak/v20220601"
        xmlns:h="http://www.kadaster.nl/schemas/brkkadastralekaart/v5/imkad-historie/v20220601"
        xmlns:t="http://www.kadaster.nl/schemas/brkkadastralekaart/v5/imkad-typen/v20220601"
        xmlns:ko="http://www.kadaster.nl/schemas/brkkadastralekaart/v5/imkad-kadastraalobject/v20220601"
        xmlns:kk="http://www.kadaster.nl/schemas/brkkadastralekaart/v5/stand/v20220601">
"#,
    );
    for (nummer, r) in percelen() {
        let id = format!("99990{nummer:05}0000");
        let (a, b, c, d) = r;
        let (px, py) = dorp::rd((a + c) / 2.0, (b + d) / 2.0);
        let _ = write!(
            s,
            r#"<kk:perceelMember>
    <oz:Perceel gml:id="NL.IMKAD.KadastraalObject.{id}">
        <ko:identificatie domein="NL.IMKAD.KadastraalObject">{id}</ko:identificatie>
        <oz:historie>
            <h:beginGeldigheid>2010-01-01T09:00:00+01:00</h:beginGeldigheid>
            <h:tijdstipRegistratie>2010-01-01T09:00:00+01:00</h:tijdstipRegistratie>
            <h:volgnummer>0</h:volgnummer>
            <h:statusHistorie>
                <h:StatusHistorie>
                    <t:code>G</t:code>
                    <t:waarde>Geldig</t:waarde>
                </h:StatusHistorie>
            </h:statusHistorie>
        </oz:historie>
        <oz:kadastraleAanduiding>
            <oz:TypeKadastraleAanduiding>
                <oz:kadastraleGemeente>
                    <oz:KadastraleGemeente>
                        <t:code>999</t:code>
                        <t:waarde>Voorbeeldstad</t:waarde>
                    </oz:KadastraleGemeente>
                </oz:kadastraleGemeente>
                <oz:sectie>A</oz:sectie>
                <oz:perceelnummer>{nummer}</oz:perceelnummer>
                <oz:aKRKadastraleGemeenteCode>
                    <oz:AKRKadastraleGemeenteCode>
                        <t:code>999</t:code>
                        <t:waarde>VBS00</t:waarde>
                    </oz:AKRKadastraleGemeenteCode>
                </oz:aKRKadastraleGemeenteCode>
            </oz:TypeKadastraleAanduiding>
        </oz:kadastraleAanduiding>
        <oz:begrenzingPerceel><gml:Polygon gml:id="VBS_{id}_grens" srsName="urn:ogc:def:crs:EPSG::28992"><gml:exterior><gml:LinearRing><gml:posList>{pos}</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></oz:begrenzingPerceel>
        <oz:kadastraleGrootte>
            <oz:TypeOppervlak>
                <oz:waarde>{grootte}</oz:waarde>
                <oz:soortGrootte>
                    <oz:SoortGrootte>
                        <t:code>1</t:code>
                        <t:waarde>Vastgesteld</t:waarde>
                    </oz:SoortGrootte>
                </oz:soortGrootte>
            </oz:TypeOppervlak>
        </oz:kadastraleGrootte>
        <oz:plaatscoordinaten><gml:Point gml:id="VBS_{id}_punt" srsName="urn:ogc:def:crs:EPSG::28992"><gml:pos>{px:.3} {py:.3}</gml:pos></gml:Point></oz:plaatscoordinaten>
    </oz:Perceel>
</kk:perceelMember>
"#,
            pos = dorp::pos_list(r, false),
            grootte = dorp::opp(r).round() as i64,
        );
    }
    s.push_str("</kk:DKK>\n");
    s.into_bytes()
}
