//! `stip import` on the real fixtures: what it recognises, that a newer version replaces the older, and that a
//! failed import leaves nothing behind.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use support::fixtures;

struct Data(PathBuf);
impl Data {
    fn new(name: &str) -> Data {
        let dir = std::env::temp_dir().join(format!("stip-import-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Data(dir)
    }
    fn stip(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_stip"))
            .args(args)
            .args(["--data-dir", self.0.join("data").to_str().unwrap(), "--log", "warn"])
            .env_remove("STIP_DATABASE_URL")
            .env_remove("STIP_CONFIG")
            .output()
            .unwrap()
    }
    fn regels(&self, x: &str, y: &str) -> serde_json::Value {
        let out = self.stip(&["regels", "--x", x, "--y", y]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    }
}
impl Drop for Data {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
    }
}

#[test]
fn importing_the_gemeentestad_package_makes_its_rules_answer_at_a_point() {
    let Some(fx) = fixtures() else { return };
    let data = Data::new("gemeentestad");
    let out = data.stip(&["import", fx.join("gemeentestad/opdracht").to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("omgevingsdocument (STOP/TPOD)"), "{}", text(&out));
    let answer = data.regels("138398.3", "424546.8");
    let hoogte = answer["normen"].as_array().unwrap().iter().find(|n| n["type"] == "MaximumBouwhoogte").unwrap();
    assert_eq!(hoogte["waarde"], 13.0);
}

#[test]
fn every_fixture_format_is_recognised_and_imported() {
    let Some(fx) = fixtures() else { return };
    let data = Data::new("alles");
    let paths = [
        "imro",
        "bag-brk/bag-doesburg-0221/0221PND15092020-all-panden.zip",
        "bag-brk/brk-dkk-v5/kadastralekaart_perceel.gml",
        "gemeentestad/toepasbareRegels",
        "amsterdam-vergunningcheck",
    ];
    let args: Vec<String> =
        std::iter::once("import".to_string()).chain(paths.iter().map(|p| fx.join(p).display().to_string())).collect();
    let out = data.stip(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let t = text(&out);
    assert!(out.status.success(), "{t}");
    for kind in ["bestemmingsplan (IMRO)", "BAG-extract", "BRK kadastrale kaart", "toepasbare regels (STTR)"] {
        assert!(t.contains(kind), "{kind} missing in:\n{t}");
    }
    assert!(t.contains("skipped") && t.contains("readme.md"), "unrecognised files in a folder are named: {t}");
}

#[test]
fn a_newer_import_of_the_same_plan_replaces_the_older_one() {
    let Some(fx) = fixtures() else { return };
    let data = Data::new("vervang");
    let plan = fx.join("imro/NL.IMRO.0798.BPDoornboom-ON01.gml");
    assert!(data.stip(&["import", plan.to_str().unwrap()]).status.success());
    // The same plan again, with a changed maximum height: the answer follows the newest version only.
    let changed = data.0.join("doornboom.gml");
    let original = std::fs::read_to_string(&plan).unwrap();
    let first_value = original.split("<imro:waarde>").nth(1).unwrap().split('<').next().unwrap().to_string();
    std::fs::write(&changed, original.replacen(&format!("<imro:waarde>{first_value}<"), "<imro:waarde>99<", 1))
        .unwrap();
    let out = data.stip(&["import", changed.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    let db = data.0.join("data/stip.db");
    let current = sqlite_count(&db, "SELECT count(*) FROM dataset WHERE actueel = 1");
    let all = sqlite_count(&db, "SELECT count(*) FROM dataset");
    assert_eq!((current, all), (1, 2), "one current version, the old one kept in history");
}

fn sqlite_count(db: &Path, sql: &str) -> i64 {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        use sqlx::Connection;
        let mut c = sqlx::SqliteConnection::connect(&format!("sqlite:{}", db.display())).await.unwrap();
        sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql.to_string())).fetch_one(&mut c).await.unwrap()
    })
}

#[test]
fn a_package_with_a_broken_reference_is_refused_naming_file_and_element_and_nothing_is_stored() {
    let Some(fx) = fixtures() else { return };
    let data = Data::new("kapot");
    let package = data.0.join("opdracht");
    copy_dir(&fx.join("gemeentestad/opdracht"), &package);
    // Point a rule at a location that does not exist.
    let file = package.join("owRegeltekst-Gemeentestad.xml");
    let xml = std::fs::read_to_string(&file).unwrap();
    let id = "nl.imow-gm0297.gebiedengroep.Bedrijfcategorie2";
    assert!(xml.contains(id));
    std::fs::write(&file, xml.replacen(id, "nl.imow-gm0297.gebied.bestaatniet", 1)).unwrap();
    let out = data.stip(&["import", package.to_str().unwrap()]);
    let t = text(&out);
    assert!(!out.status.success(), "{t}");
    assert!(t.contains("bestaatniet") && t.contains("owRegeltekst-Gemeentestad.xml"), "{t}");
    let db = data.0.join("data/stip.db");
    assert_eq!(sqlite_count(&db, "SELECT count(*) FROM dataset"), 0, "nothing of the failed import is stored");
}

#[test]
fn an_entity_bomb_is_refused_with_a_clear_error() {
    let data = Data::new("bom");
    let bomb = data.0.join("bom.gml");
    let mut xml = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">");
    for i in 1..10 {
        xml.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">",
            format!("&lol{};", if i == 1 { String::new() } else { (i - 1).to_string() }).repeat(10)
        ));
    }
    xml.push_str("]>\n<imro:FeatureCollectionIMRO xmlns:imro=\"http://www.geonovum.nl/imro/2012/1.1\">&lol9;</imro:FeatureCollectionIMRO>");
    std::fs::write(&bomb, xml).unwrap();
    let out = data.stip(&["import", bomb.to_str().unwrap()]);
    let t = text(&out);
    assert!(!out.status.success(), "{t}");
    assert!(t.contains("bom.gml"), "the file is named: {t}");
    assert!(!t.contains("panicked"), "{t}");
}

const LEGES: &str = r#"
gezag = "gm0297"
jaar = 2026
naam = "Tarieventabel leges 2026 Gemeentestad"
geldig_vanaf = 2026-01-01

[[regel]]
id = "kappen"
groep = "kappen"
omschrijving = "Kappen van een houtopstand"
grondslag = "Tarieventabel, artikel 2.3.7"
bedrag_cent = 9850
"#;

#[test]
fn a_tariff_table_is_imported_and_a_bad_one_refused_naming_file_line_and_field_with_nothing_stored() {
    let data = Data::new("leges");
    let goed = data.0.join("leges-2026.toml");
    std::fs::write(&goed, LEGES).unwrap();
    let out = data.stip(&["import", goed.to_str().unwrap()]);
    let t = text(&out);
    assert!(out.status.success(), "{t}");
    assert!(
        t.contains("tarieventabel leges \"Tarieventabel leges 2026 Gemeentestad\"") && t.contains("1 regels"),
        "{t}"
    );
    let db = data.0.join("data/stip.db");
    let slecht = data.0.join("leges-fout.toml");
    std::fs::write(&slecht, LEGES.replace("bedrag_cent = 9850", "bedrag_cent = -9850")).unwrap();
    let out = data.stip(&["import", slecht.to_str().unwrap()]);
    let t = text(&out);
    assert!(!out.status.success(), "{t}");
    assert!(t.contains(&format!("{}: regel \"kappen\": bedrag_cent: -9850 is negative", slecht.display())), "{t}");
    assert_eq!(sqlite_count(&db, "SELECT count(*) FROM dataset"), 1, "nothing of the failed import is stored");
    std::fs::write(&goed, LEGES.replace("9850", "9900")).unwrap();
    assert!(data.stip(&["import", goed.to_str().unwrap()]).status.success());
    let current = sqlite_count(&db, "SELECT count(*) FROM dataset WHERE actueel = 1 AND kind = 'leges'");
    let all = sqlite_count(&db, "SELECT count(*) FROM dataset WHERE kind = 'leges'");
    assert_eq!((current, all), (1, 2), "a new version of the same authority's year replaces the old one");
}

fn zip_of(naam: &str, bestanden: Vec<(String, Vec<u8>)>) -> Vec<u8> {
    stip_app::kennis::Bron { naam: naam.into(), bestanden }.to_zip().unwrap()
}

#[test]
fn a_brk_gml_inside_a_zip_imports_like_the_same_file_unzipped() {
    let Some(fx) = fixtures() else { return };
    let data = Data::new("brkzip");
    let gml = std::fs::read(fx.join("bag-brk/brk-dkk-v5/kadastralekaart_perceel.gml")).unwrap();
    let zip = data.0.join("dkk.zip");
    std::fs::write(&zip, zip_of("dkk", vec![("kadastralekaart_perceel.gml".into(), gml)])).unwrap();
    let out = data.stip(&["import", zip.to_str().unwrap()]);
    let t = text(&out);
    assert!(out.status.success(), "{t}");
    assert!(t.contains("BRK kadastrale kaart") && t.contains("11 percelen"), "{t}");
}

#[test]
fn an_import_error_is_printed_once_on_its_line() {
    let Some(fx) = fixtures() else { return };
    let data = Data::new("eenmaal");
    let gml = std::fs::read_to_string(fx.join("bag-brk/brk-dkk-v5/kadastralekaart_perceel.gml")).unwrap();
    let kapot = data.0.join("perceel.gml");
    let zonder = gml.replacen("<oz:sectie>", "<oz:sectieX>", 1).replacen("</oz:sectie>", "</oz:sectieX>", 1);
    assert_ne!(zonder, gml, "the fixture names its sectie as expected");
    std::fs::write(&kapot, zonder).unwrap();
    let out = data.stip(&["import", kapot.to_str().unwrap()]);
    let t = text(&out);
    assert!(!out.status.success(), "{t}");
    let regels: Vec<&str> = t.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(regels.len(), 1, "{t}");
    assert_eq!(regels[0].matches("required element 'sectie' is missing").count(), 1, "{t}");
    assert_eq!(regels[0].matches("perceel.gml").count(), 1, "{t}");
    // a geometry or XML error names its element once too
    std::fs::write(&kapot, gml.replacen("<gml:posList>", "<gml:posList>x ", 1)).unwrap();
    let t = text(&data.stip(&["import", kapot.to_str().unwrap()]));
    let regel = t.lines().find(|l| l.starts_with("error:")).unwrap_or_default().to_string();
    assert_eq!(regel.matches("perceel.gml").count(), 1, "{t}");
    assert_eq!(regel.matches("gml:posList").count(), 1, "{t}");
    assert_eq!(regel.matches("not a number in coordinates: 'x'").count(), 1, "{t}");
}

#[test]
fn a_small_zip_that_unpacks_far_beyond_its_size_is_refused_as_a_zip_bomb_and_nothing_is_stored() {
    let data = Data::new("zipbom");
    let mut xml = br#"<sl-bag-extract:bagStand xmlns:sl-bag-extract="http://www.kadaster.nl/schemas/lvbag/extract-deelbestand-lvc/v20200601">"#.to_vec();
    xml.resize(16 << 20, b' ');
    xml.extend_from_slice(b"</sl-bag-extract:bagStand>");
    let bomb = data.0.join("bom.zip");
    std::fs::write(&bomb, zip_of("bom", vec![("0221PND-bom.xml".into(), xml)])).unwrap();
    let out = data.stip(&["import", bomb.to_str().unwrap()]);
    let t = text(&out);
    assert!(!out.status.success(), "{t}");
    assert!(t.contains("bom.zip") && t.contains("0221PND-bom.xml") && t.contains("zip bomb"), "{t}");
    assert_eq!(sqlite_count(&data.0.join("data/stip.db"), "SELECT count(*) FROM dataset"), 0);
}

#[test]
fn a_large_file_in_no_format_stip_reads_is_refused_without_being_read_whole() {
    let data = Data::new("groot");
    // 4 GB (sparse: no disk used); the import may use 1.5 GB of address space, so reading it whole would fail
    let groot = data.0.join("opname.bin");
    std::fs::File::create(&groot).unwrap().set_len(4 << 30).unwrap();
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v 1500000; exec '{}' import '{}' --data-dir '{}' --log warn",
            env!("CARGO_BIN_EXE_stip"),
            groot.display(),
            data.0.join("data").display()
        ))
        .env_remove("STIP_DATABASE_URL")
        .env_remove("STIP_CONFIG")
        .output()
        .unwrap();
    let t = text(&out);
    assert!(!out.status.success(), "{t}");
    assert!(t.contains("unsupported format") && t.contains("opname.bin"), "{t}");
}
