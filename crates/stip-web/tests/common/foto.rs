//! Photos as a phone takes them: a JPEG with EXIF GPS position and time, written with kamadak-exif's writer.

use super::gemeentestad::PLEK;
use time::OffsetDateTime;

/// A JPEG whose EXIF data says it was taken at `(lat, lon)` at `genomen` (GPS time, UTC), as a phone writes it.
pub fn foto(lat: f64, lon: f64, genomen: OffsetDateTime) -> Vec<u8> {
    use exif::experimental::Writer;
    use exif::{Field, In, Rational, Tag, Value};
    fn dms(v: f64) -> Vec<Rational> {
        let graden = v.abs().trunc();
        let minuten = ((v.abs() - graden) * 60.0).trunc();
        let seconden = ((v.abs() - graden) * 60.0 - minuten) * 60.0;
        vec![
            Rational { num: graden as u32, denom: 1 },
            Rational { num: minuten as u32, denom: 1 },
            Rational { num: (seconden * 10_000.0).round() as u32, denom: 10_000 },
        ]
    }
    let g = genomen.to_offset(time::UtcOffset::UTC);
    let ascii = |s: String| Value::Ascii(vec![s.into_bytes()]);
    let velden = [
        (Tag::GPSLatitudeRef, ascii("N".into())),
        (Tag::GPSLatitude, Value::Rational(dms(lat))),
        (Tag::GPSLongitudeRef, ascii("E".into())),
        (Tag::GPSLongitude, Value::Rational(dms(lon))),
        (Tag::GPSDateStamp, ascii(format!("{:04}:{:02}:{:02}", g.year(), u8::from(g.month()), g.day()))),
        (
            Tag::GPSTimeStamp,
            Value::Rational(vec![
                Rational { num: g.hour().into(), denom: 1 },
                Rational { num: g.minute().into(), denom: 1 },
                Rational { num: g.second().into(), denom: 1 },
            ]),
        ),
    ];
    let velden: Vec<Field> =
        velden.into_iter().map(|(tag, value)| Field { tag, ifd_num: In::PRIMARY, value }).collect();
    let mut w = Writer::new();
    for v in &velden {
        w.push_field(v);
    }
    let mut tiff = std::io::Cursor::new(Vec::new());
    w.write(&mut tiff, false).unwrap();
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(tiff.into_inner());
    let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE1];
    jpeg.extend(u16::try_from(app1.len() + 2).unwrap().to_be_bytes());
    jpeg.extend(app1);
    jpeg.extend([0xFF, 0xD9]);
    jpeg
}

/// The place of the test case, and a point `oost` metres east of it, in WGS84.
pub fn wgs84(oost: f64) -> (f64, f64) {
    let p = stip_geo::transform::rd_to_wgs84(stip_geo::RdPoint::new(PLEK.0 + oost, PLEK.1).unwrap()).unwrap();
    (p.lat(), p.lon())
}
