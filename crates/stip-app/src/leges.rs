//! What an application costs (leges): the estimate from the tariff table of the authority valid on a day, for a
//! Vergunningcheck outcome (activities and building costs) or for an application (its activities, procedure and
//! completeness, and the building costs kept with it), and the refund when it is withdrawn or refused.

use crate::fout::{Fout, FoutCode};
use crate::kennis::Kennis;
use stip_leges::{Activiteit, Feiten, Legesregel, Raming, Stadium, Tarieventabel, Vraag};
use stip_zaak::aanvraag::Aanvraag;
use stip_zaak::procedure::Procedure;
use time::Date;

/// The key under which a draft keeps the building costs (whole euros), in its `gegevens`.
pub const BOUWKOSTEN: &str = "bouwkosten";
/// The key for the service level asked (`spoed`, `begeleid`, `ontzorgd`), in an application's `gegevens`.
pub const DIENSTVERLENING: &str = "dienstverlening";
/// The key for the neighbours' consent being attached (`ja`), in an application's `gegevens`.
pub const TOESTEMMING_BUREN: &str = "toestemming_buren";
/// The key for what was paid for a quickscan beforehand (whole euros), in an application's `gegevens`.
pub const QUICKSCAN_BETAALD: &str = "quickscan_betaald";

/// The table of an authority valid on a day: of those that started by then, the latest.
pub fn tabel<'a>(kennis: &'a Kennis, gezag: &str, op: Date) -> Option<&'a Tarieventabel> {
    kennis.leges.iter().filter(|t| t.gezag == gezag && t.geldig_vanaf <= op).max_by_key(|t| (t.geldig_vanaf, t.jaar))
}

fn geen_tabel(gezag: &str, op: Date) -> Fout {
    Fout::new(
        FoutCode::NotFound,
        format!("no tariffs known for \"{gezag}\" on {op}: the municipality has not imported its tarieventabel"),
    )
}

/// The estimate under the table of `gezag` valid on `op`; no table: `not_found` with a clear text.
pub fn raming(kennis: &Kennis, gezag: &str, vraag: &Vraag, op: Date) -> Result<Raming, Fout> {
    let tabel = tabel(kennis, gezag, op).ok_or_else(|| geen_tabel(gezag, op))?;
    Ok(stip_leges::bereken(tabel, vraag))
}

/// An activity for the estimate, by its IMOW id: its name from the catalogue (or the name given) and its groups.
pub fn activiteit(kennis: &Kennis, id: &str, naam: Option<&str>) -> Activiteit {
    let naam = naam
        .map(str::to_string)
        .or_else(|| kennis.sttr.activiteit(id).and_then(|a| a.naam.clone()))
        .or_else(|| kennis.sttr.activiteit_info(id).map(|a| a.naam.clone()))
        .unwrap_or_else(|| id.to_string());
    let groepen = stip_zaak::activiteitgroep::GROEPEN
        .iter()
        .map(|(g, _)| *g)
        .filter(|g| stip_zaak::activiteitgroep::hoort_bij(g, &naam) || stip_zaak::activiteitgroep::hoort_bij(g, id))
        .map(str::to_string)
        .collect();
    Activiteit { id: id.to_string(), naam, groepen }
}

/// The estimate for a Vergunningcheck outcome: the activities that need a permit (`aanvragen` in the action list),
/// under the table of the authority that handles them, valid on `op`. None when nothing needs a permit.
pub fn voor_check(
    app: &crate::App,
    kennis: &Kennis,
    actielijst: &[crate::vergunningcheck::Actiepunt],
    plek: Option<stip_geo::RdPoint>,
    bouwkosten_cent: Option<i64>,
    op: Date,
) -> Option<Result<Raming, Fout>> {
    let vergunning: Vec<&crate::vergunningcheck::Actiepunt> =
        actielijst.iter().filter(|a| a.actie == "aanvragen").collect();
    let ids: Vec<String> = vergunning.iter().map(|a| a.activiteit.clone()).collect();
    let gezag = gezag_voor(app, kennis, &ids, plek)?;
    let vraag = Vraag {
        activiteiten: vergunning.iter().map(|a| activiteit(kennis, &a.activiteit, Some(&a.activiteit_naam))).collect(),
        bouwkosten_cent,
        uitgebreide_procedure: vergunning.iter().any(|a| Procedure::voor(a.conclusie) == Procedure::Uitgebreid),
        ..Vraag::default()
    };
    Some(raming(kennis, &gezag, &vraag, op))
}

/// The authority whose table applies to activities: the one that handles the first at the place (see
/// [`crate::host::verwijzing`]), else the one its IMOW id names (`nl.imow-gm9999.activiteit.…` is gm9999's).
pub fn gezag_voor(
    app: &crate::App,
    kennis: &Kennis,
    activiteiten: &[String],
    plek: Option<stip_geo::RdPoint>,
) -> Option<String> {
    let eerste = activiteiten.first()?;
    crate::host::verwijzing(app, kennis, Some(eerste), plek)
        .bevoegd_gezag
        .map(|g| g.code)
        .or_else(|| gezag_uit_id(eerste))
}

/// The authority an IMOW id names: `nl.imow-gm9999.activiteit.dakkapel` → `gm9999`.
pub fn gezag_uit_id(id: &str) -> Option<String> {
    let code = id.strip_prefix("nl.imow-")?.split('.').next()?;
    let letters = code.trim_end_matches(|c: char| c.is_ascii_digit());
    (matches!(letters, "gm" | "pv" | "ws" | "mnre") && letters.len() < code.len()).then(|| code.to_string())
}

/// Whole euros as people type them (`25000`, `25.000`, `€ 25.000,00`), as cents; None when it is no amount.
pub fn euro_naar_cent(tekst: &str) -> Option<i64> {
    let t: String = tekst.trim().trim_start_matches('€').trim().chars().filter(|c| !c.is_whitespace()).collect();
    let (heel, cent) = match t.split_once(',') {
        Some((h, c)) if c.len() <= 2 && c.chars().all(|x| x.is_ascii_digit()) => {
            (h.to_string(), if c.is_empty() { 0 } else { format!("{c:0<2}").parse::<i64>().ok()? })
        }
        Some(_) => return None,
        None => (t.clone(), 0),
    };
    let heel = heel.replace('.', "");
    if heel.is_empty() || !heel.chars().all(|c| c.is_ascii_digit()) || heel.len() > 12 {
        return None;
    }
    Some(heel.parse::<i64>().ok()? * 100 + cent)
}

/// The estimate for an application: its activities that need a permit, its procedure, whether it is complete, the facts and service
/// level it keeps in its `gegevens`, and the building costs (given, else those kept with it).
pub fn voor_aanvraag(kennis: &Kennis, a: &Aanvraag, op: Date, bouwkosten_cent: Option<i64>) -> Result<Raming, Fout> {
    let gegeven = |k: &str| a.gegevens.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
    let vraag = Vraag {
        activiteiten: a
            .activiteiten
            .iter()
            .filter(|x| matches!(Procedure::parse(&x.procedure), Some(Procedure::Regulier | Procedure::Uitgebreid)))
            .map(|x| activiteit(kennis, &x.id, Some(&x.naam)))
            .collect(),
        bouwkosten_cent: bouwkosten_cent.or_else(|| gegeven(BOUWKOSTEN).and_then(euro_naar_cent)),
        uitgebreide_procedure: a.procedure() == Some(Procedure::Uitgebreid),
        feiten: Feiten {
            compleet_bij_indiening: !a.activiteiten.is_empty() && a.volledigheid().is_empty(),
            toestemming_buren: gegeven(TOESTEMMING_BUREN).is_some_and(|v| v.eq_ignore_ascii_case("ja")),
            quickscan_betaald_cent: gegeven(QUICKSCAN_BETAALD).and_then(euro_naar_cent),
        },
        dienstverlening: gegeven(DIENSTVERLENING).map(str::to_string),
    };
    raming(kennis, &a.bevoegd_gezag, &vraag, op)
}

/// The refund of the fees paid (`totaal_cent`) for an application of `gezag` that ends at `stadium`, under the table
/// valid on `op`: a line with a negative amount, or None when the table refunds nothing then.
pub fn teruggaaf(
    kennis: &Kennis,
    gezag: &str,
    totaal_cent: i64,
    stadium: Stadium,
    op: Date,
) -> Result<Option<Legesregel>, Fout> {
    let tabel = tabel(kennis, gezag, op).ok_or_else(|| geen_tabel(gezag, op))?;
    Ok(stip_leges::teruggaaf(tabel, totaal_cent, stadium))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::kennis::{Bron, Ingelezen, inlezen};
    use time::macros::date;

    fn voorbeeldstad() -> Kennis {
        let bron =
            Bron { naam: "demo:leges".into(), bestanden: vec![("leges.toml".into(), stip_demo::LEGES.to_vec())] };
        let Ok(Ingelezen::Leges(tabel)) = inlezen(&bron, None) else { panic!("the demo table reads") };
        Kennis { leges: vec![*tabel], ..Kennis::leeg() }
    }

    #[test]
    fn a_bijbehorend_bouwwerk_of_25000_euro_lists_its_lines_and_their_sum() {
        let kennis = voorbeeldstad();
        let vraag = Vraag {
            activiteiten: vec![activiteit(&kennis, "nl.imow-gm9999.activiteit.bijbehorendbouwwerk", None)],
            bouwkosten_cent: Some(2_500_000),
            ..Vraag::default()
        };
        let r = raming(&kennis, "gm9999", &vraag, date!(2026 - 06 - 01)).unwrap();
        assert_eq!(r.regels.len(), 1);
        assert_eq!(r.regels[0].grondslag, "Tarieventabel, artikel 2.3.1.2");
        assert_eq!(r.regels[0].berekening, "bouwkosten € 25.000,00: 2,5 % van € 25.000,00 = € 625,00");
        assert_eq!(r.totaal_cent, 62_500);
        assert_eq!(r.regels.iter().map(|l| l.bedrag_cent).sum::<i64>(), r.totaal_cent);
    }

    #[test]
    fn an_authority_without_a_table_and_a_day_before_it_are_answered_clearly() {
        let kennis = voorbeeldstad();
        let e = raming(&kennis, "gm0001", &Vraag::default(), date!(2026 - 06 - 01)).unwrap_err();
        assert_eq!(e.code, FoutCode::NotFound);
        assert!(e.detail.as_deref().unwrap_or_default().contains("no tariffs known for \"gm0001\""), "{e}");
        assert!(raming(&kennis, "gm9999", &Vraag::default(), date!(2025 - 12 - 31)).is_err());
    }

    #[test]
    fn an_application_brings_its_activities_completeness_and_kept_building_costs() {
        let kennis = voorbeeldstad();
        let mut a = Aanvraag { bevoegd_gezag: "gm9999".into(), ..Aanvraag::default() };
        a.activiteiten.push(stip_zaak::aanvraag::AanvraagActiviteit {
            id: "nl.imow-gm9999.activiteit.bijbehorendbouwwerk".into(),
            naam: "Bijbehorend bouwwerk bouwen".into(),
            conclusie: "Vergunningplicht".into(),
            procedure: "regulier".into(),
            ..Default::default()
        });
        a.gegevens.insert(BOUWKOSTEN.into(), "25.000".into());
        a.gegevens.insert(TOESTEMMING_BUREN.into(), "ja".into());
        let r = voor_aanvraag(&kennis, &a, date!(2026 - 06 - 01), None).unwrap();
        let bedragen: Vec<i64> = r.regels.iter().map(|l| l.bedrag_cent).collect();
        assert!(!a.volledigheid().is_empty(), "no place yet: not complete");
        assert_eq!(bedragen, [62_500, -2_500], "the neighbours' consent, but no reduction for completeness");
        let zonder =
            voor_aanvraag(&kennis, &Aanvraag { gegevens: Default::default(), ..a }, date!(2026 - 06 - 01), None)
                .unwrap();
        assert_eq!(zonder.ontbreekt, ["bouwkosten"]);
    }

    #[test]
    fn a_refused_permit_gets_a_quarter_back() {
        let t = teruggaaf(&voorbeeldstad(), "gm9999", 62_500, Stadium::Geweigerd, date!(2026 - 06 - 01)).unwrap();
        assert_eq!(t.map(|t| t.bedrag_cent), Some(-15_625));
    }

    #[test]
    fn a_bad_tariff_file_is_refused_naming_file_line_and_field() {
        let tekst =
            String::from_utf8(stip_demo::LEGES.to_vec()).unwrap().replace("bedrag_cent = 9850", "bedrag_cent = -9850");
        let bron = Bron {
            naam: "/srv/leges-2026.toml".into(),
            bestanden: vec![("leges-2026.toml".into(), tekst.into_bytes())],
        };
        let e = inlezen(&bron, None).unwrap_err().to_string();
        assert!(e.starts_with("/srv/leges-2026.toml: regel \"kappen\": bedrag_cent: -9850 is negative"), "{e}");
    }

    #[test]
    fn an_imow_id_names_its_authority() {
        assert_eq!(gezag_uit_id("nl.imow-gm9999.activiteit.dakkapel").as_deref(), Some("gm9999"));
        assert_eq!(gezag_uit_id("nl.imow-mnre1034.activiteit.x").as_deref(), Some("mnre1034"));
        assert_eq!(gezag_uit_id("dakkapel"), None);
    }

    #[test]
    fn amounts_are_read_the_way_people_type_them() {
        assert_eq!(euro_naar_cent("25000"), Some(2_500_000));
        assert_eq!(euro_naar_cent("€ 25.000,50"), Some(2_500_050));
        assert_eq!(euro_naar_cent("25.000,5"), Some(2_500_050));
        assert_eq!(euro_naar_cent("veel"), None);
        assert_eq!(euro_naar_cent("-5"), None);
        assert_eq!(euro_naar_cent(""), None);
    }

    #[test]
    fn the_groups_of_an_activity_come_from_its_name_and_id() {
        let a = activiteit(&Kennis::leeg(), "nl.imow-gm9999.activiteit.bijbehorendbouwwerk", None);
        assert_eq!(a.groepen, ["bouwen"]);
        let b = activiteit(&Kennis::leeg(), "x", Some("Kappen van een boom"));
        assert_eq!((b.naam.as_str(), b.groepen.as_slice()), ("Kappen van een boom", &["kappen".to_string()][..]));
    }
}
