//! Reminders before a term runs out: the official handling a case hears 14 and 3 days before the decision term
//! ends (and when it has passed), well before a decision could come about by operation of law; the applicant hears
//! three days before the date by which asked information must be supplied; the holder of an unused permit hears the
//! configured weeks before it lapses, and when it has. Each reminder goes once: its melding id
//! derives from the case, the term's date and the threshold.

use super::verspreiden::{Adressen, aan, afgeleid, persoonlijk};
use crate::App;
use crate::fout::Fout;
use stip_berichten::Soort;
use stip_store::{BerichtRepository, NieuweMelding, Zaak, ZaakFilter, ZaakRepository};
use stip_zaak::tekst::datum;
use time::{Date, Duration};

/// Days before the decision term ends at which the official is reminded (14: when the work queue starts to warn).
pub const BESLISTERMIJN_DAGEN: [i64; 2] = [14, 3];
/// Days before the supplement date at which the applicant is reminded.
pub const AANVULLING_DAGEN: i64 = 3;

/// The statuses in which a decision is still to be taken.
const OPEN: [&str; 5] = ["ontvangen", "in_behandeling", "aanvulling_gevraagd", "advies", "ontwerpbesluit"];

/// The threshold a term `dagen` away has reached: 10, 3, or 0 when it has passed; `None` when it is further away.
fn drempel(dagen: i64, drempels: &[i64]) -> Option<i64> {
    if dagen < 0 {
        return Some(0);
    }
    drempels.iter().copied().filter(|d| dagen <= *d).min()
}

/// Looks for terms about to run out and records one reminder each. Returns how many it recorded (again: none).
pub async fn herinner(app: &App) -> Result<usize, Fout> {
    let nu = app.klok().nu();
    let vandaag = stip_zaak::tijd::nederlands(nu).date();
    let mut meldingen = Vec::new();
    let mut berichten = Vec::new();
    let mut adressen = Adressen::default();
    let mut filter = ZaakFilter {
        status: OPEN.iter().map(|s| s.to_string()).collect(),
        uiterlijk_voor: Some(vandaag + Duration::days(BESLISTERMIJN_DAGEN[0] + 1)),
        ..ZaakFilter::default()
    };
    loop {
        let pagina = app.store().zaken(&filter, stip_store::MAX_PAGINA).await?;
        for zaak in &pagina.zaken {
            let Some(behandelaar) = zaak.behandelaar else { continue };
            let dagen = (zaak.uiterste_beslisdatum - vandaag).whole_days();
            let Some(d) = drempel(dagen, &BESLISTERMIJN_DAGEN) else { continue };
            let tekst = if d == 0 {
                format!(
                    "De beslistermijn van {} ({}) is op {} verstreken. Neem zo snel mogelijk een besluit.",
                    zaak.titel,
                    zaak.zaaknummer,
                    datum(zaak.uiterste_beslisdatum, false)
                )
            } else {
                format!(
                    "De beslistermijn van {} ({}) loopt af op {}: nog {dagen} dagen.",
                    zaak.titel,
                    zaak.zaaknummer,
                    datum(zaak.uiterste_beslisdatum, false)
                )
            };
            let link = format!("/backoffice/zaken/{}", zaak.id);
            let woorden = ("Beslistermijn loopt af", tekst, link);
            let m = melding(zaak, "beslistermijn", zaak.uiterste_beslisdatum, d, woorden, nu);
            berichten.extend(aan(app, m.id, behandelaar, nu, &mut adressen).await);
            meldingen.push(m);
        }
        match pagina.volgende {
            Some(na) => filter.na = Some(na),
            None => break,
        }
    }

    let mut filter = ZaakFilter { status: vec!["aanvulling_gevraagd".into()], ..ZaakFilter::default() };
    loop {
        let pagina = app.store().zaken(&filter, stip_store::MAX_PAGINA).await?;
        for zaak in &pagina.zaken {
            let gebeurtenissen = crate::dossier::gebeurtenissen(app, zaak.id).await?;
            let Ok(z) = stip_zaak::Zaak::uit(&gebeurtenissen) else { continue };
            let Some(verzoek) = z.open_verzoek else { continue };
            let dagen = (verzoek.uiterlijk - vandaag).whole_days();
            let Some(d) = drempel(dagen, &[AANVULLING_DAGEN]).filter(|d| *d > 0) else { continue };
            let tekst = format!(
                "Stuur de gegevens voor {} ({}) uiterlijk {}: nog {dagen} dagen. Daarna kan de gemeente de aanvraag \
                 buiten behandeling laten.",
                zaak.titel,
                zaak.zaaknummer,
                datum(verzoek.uiterlijk, false)
            );
            let link = format!("/zaken/{}", zaak.id);
            let woorden = ("Herinnering: gegevens aanvullen", tekst, link);
            let m = melding(zaak, "aanvulling", verzoek.uiterlijk, d, woorden, nu);
            berichten.extend(aan(app, m.id, zaak.aanvrager, nu, &mut adressen).await);
            meldingen.push(m);
        }
        match pagina.volgende {
            Some(na) => filter.na = Some(na),
            None => break,
        }
    }
    // A permit left unused: its holder hears the configured weeks before it lapses, and once when it has.
    let mut filter = ZaakFilter {
        status: ["bekendgemaakt", "bezwaar", "onherroepelijk"].iter().map(|s| s.to_string()).collect(),
        ..ZaakFilter::default()
    };
    loop {
        let pagina = app.store().zaken(&filter, stip_store::MAX_PAGINA).await?;
        for zaak in &pagina.zaken {
            let gebeurtenissen = crate::dossier::gebeurtenissen(app, zaak.id).await?;
            let Ok(z) = stip_zaak::Zaak::uit(&gebeurtenissen) else { continue };
            let Some(sinds) = z.vergunning_bruikbaar_sinds().filter(|_| z.realisatie.start.is_none()) else {
                continue;
            };
            let cfg = app.host().gezag(&zaak.bevoegd_gezag).map(|g| g.realisatie.clone()).unwrap_or_default();
            let vervalt = stip_zaak::realisatie::vervalt_op(sinds, cfg.vervaltermijn_weken);
            let dagen = (vervalt - vandaag).whole_days();
            let Some(d) = drempel(dagen, &[i64::from(cfg.herinnering_weken) * 7]) else { continue };
            let tekst = if d == 0 {
                format!(
                    "Uw vergunning voor {} ({}) is niet gebruikt en is vervallen op {}. Wilt u toch bouwen? Vraag dan \
                     een nieuwe vergunning aan.",
                    zaak.titel,
                    zaak.zaaknummer,
                    datum(vervalt, false)
                )
            } else {
                format!(
                    "Uw vergunning voor {} ({}) vervalt op {} als u niet met de bouw begint. Meld de start van de \
                     bouw ten minste twee werkdagen van tevoren.",
                    zaak.titel,
                    zaak.zaaknummer,
                    datum(vervalt, false)
                )
            };
            let link = format!("/zaken/{}", zaak.id);
            let woorden = ("Uw vergunning vervalt als u haar niet gebruikt", tekst, link);
            let m = melding(zaak, "vervallen", vervalt, d, woorden, nu);
            berichten.extend(aan(app, m.id, zaak.aanvrager, nu, &mut adressen).await);
            meldingen.push(m);
        }
        match pagina.volgende {
            Some(na) => filter.na = Some(na),
            None => break,
        }
    }
    let n = meldingen.len();
    if n > 0 {
        app.store().verspreid(&[], &meldingen, &berichten, nu).await?;
        app.wek_berichten();
    }
    Ok(n)
}

/// The reminder for `zaak`'s term `termijn` ending on `op_datum`, at `drempel` days; in words: title, text, link.
fn melding(
    zaak: &Zaak,
    termijn: &str,
    op_datum: Date,
    drempel: i64,
    (titel, tekst, link): (&str, String, String),
    nu: time::OffsetDateTime,
) -> NieuweMelding {
    let id = afgeleid(&[
        b"herinnering",
        termijn.as_bytes(),
        zaak.id.0.as_bytes(),
        op_datum.to_string().as_bytes(),
        &drempel.to_be_bytes(),
    ]);
    let titel = format!("{titel}: {}", zaak.zaaknummer);
    persoonlijk(id, Soort::TermijnHerinnering, zaak, (&titel, &tekst, link), nu)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_term_reaches_the_nearest_threshold_it_is_within_and_zero_once_passed() {
        assert_eq!(drempel(15, &BESLISTERMIJN_DAGEN), None);
        assert_eq!(drempel(14, &BESLISTERMIJN_DAGEN), Some(14));
        assert_eq!(drempel(4, &BESLISTERMIJN_DAGEN), Some(14));
        assert_eq!(drempel(3, &BESLISTERMIJN_DAGEN), Some(3));
        assert_eq!(drempel(0, &BESLISTERMIJN_DAGEN), Some(3));
        assert_eq!(drempel(-1, &BESLISTERMIJN_DAGEN), Some(0));
    }
}
