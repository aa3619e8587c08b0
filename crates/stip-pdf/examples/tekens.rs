//! Writes a short document with Polish, Turkish and Vietnamese names to the file named as the first argument:
//! `cargo run -p stip-pdf --example tekens -- /tmp/tekens.pdf`.

use stip_pdf::{Document, Metadata};
use time::macros::datetime;

fn main() {
    let pad = std::env::args().nth(1).expect("usage: tekens <out.pdf>");
    let mut d = Document::new(Metadata {
        titel: "Ontvangstbevestiging Z-2026-000124".into(),
        auteur: "Gemeente Voorbeeld".into(),
        onderwerp: "Namen van aanvragers".into(),
        taal: "nl-NL".into(),
        gemaakt: datetime!(2026-04-14 10:30:00 +02:00),
    });
    d.kop(1, "Aanvragers");
    d.gegevens(&[
        ("Aanvrager", "Ayşe Şahin"),
        ("Mede-aanvrager", "Łukasz Wróbel, Łódź"),
        ("Gemachtigde", "Nguyễn Thị Thu"),
    ]);
    d.qr("https://stip.example/zaken/Z-2026-000124", "QR-code met de link naar uw aanvraag");
    std::fs::write(&pad, d.bytes()).unwrap();
}
