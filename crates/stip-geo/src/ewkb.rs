//! Writing geometries as hex EWKB with SRID 28992 (what PostGIS `COPY` and `ST_GeomFromEWKB` read).

use geo_types::{Coord, Geometry, LineString, Polygon};

const SRID_FLAG: u32 = 0x2000_0000;
/// SRID written into the EWKB.
pub const RD_SRID: u32 = 28992;

/// Hex EWKB (little endian) of the geometry with SRID 28992.
pub fn to_ewkb_hex(g: &Geometry<f64>) -> String {
    let mut b = Vec::with_capacity(64);
    write(g, true, &mut b);
    let mut s = String::with_capacity(b.len() * 2);
    for byte in b {
        s.push(char::from_digit((byte >> 4) as u32, 16).expect("nibble"));
        s.push(char::from_digit((byte & 0xf) as u32, 16).expect("nibble"));
    }
    s.make_ascii_uppercase();
    s
}

fn header(kind: u32, srid: bool, b: &mut Vec<u8>) {
    b.push(1);
    if srid {
        b.extend_from_slice(&(kind | SRID_FLAG).to_le_bytes());
        b.extend_from_slice(&RD_SRID.to_le_bytes());
    } else {
        b.extend_from_slice(&kind.to_le_bytes());
    }
}

fn coords(cs: &[Coord<f64>], b: &mut Vec<u8>) {
    b.extend_from_slice(&(cs.len() as u32).to_le_bytes());
    for c in cs {
        b.extend_from_slice(&c.x.to_le_bytes());
        b.extend_from_slice(&c.y.to_le_bytes());
    }
}

fn polygon(p: &Polygon<f64>, srid: bool, b: &mut Vec<u8>) {
    header(3, srid, b);
    b.extend_from_slice(&((1 + p.interiors().len()) as u32).to_le_bytes());
    coords(&p.exterior().0, b);
    for r in p.interiors() {
        coords(&r.0, b);
    }
}

fn line(l: &LineString<f64>, srid: bool, b: &mut Vec<u8>) {
    header(2, srid, b);
    coords(&l.0, b);
}

fn write(g: &Geometry<f64>, srid: bool, b: &mut Vec<u8>) {
    match g {
        Geometry::Point(p) => {
            header(1, srid, b);
            b.extend_from_slice(&p.x().to_le_bytes());
            b.extend_from_slice(&p.y().to_le_bytes());
        }
        Geometry::LineString(l) => line(l, srid, b),
        Geometry::Polygon(p) => polygon(p, srid, b),
        Geometry::MultiPoint(mp) => {
            header(4, srid, b);
            b.extend_from_slice(&(mp.0.len() as u32).to_le_bytes());
            for p in &mp.0 {
                write(&Geometry::Point(*p), false, b);
            }
        }
        Geometry::MultiLineString(ml) => {
            header(5, srid, b);
            b.extend_from_slice(&(ml.0.len() as u32).to_le_bytes());
            for l in &ml.0 {
                line(l, false, b);
            }
        }
        Geometry::MultiPolygon(mp) => {
            header(6, srid, b);
            b.extend_from_slice(&(mp.0.len() as u32).to_le_bytes());
            for p in &mp.0 {
                polygon(p, false, b);
            }
        }
        Geometry::GeometryCollection(gc) => {
            header(7, srid, b);
            b.extend_from_slice(&(gc.0.len() as u32).to_le_bytes());
            for g in &gc.0 {
                write(g, false, b);
            }
        }
        Geometry::Rect(r) => polygon(&r.to_polygon(), srid, b),
        Geometry::Triangle(t) => polygon(&t.to_polygon(), srid, b),
        Geometry::Line(l) => line(&LineString(vec![l.start, l.end]), srid, b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_point_is_written_as_postgis_expects() {
        let hex = to_ewkb_hex(&Geometry::Point(geo_types::Point::new(1.0, 2.0)));
        // byte order 01, type 0x20000001, srid 28992 (0x7140), x = 1.0, y = 2.0
        assert_eq!(hex, "010100002040710000000000000000F03F0000000000000040");
    }
}
