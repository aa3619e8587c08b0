//! The synthetic plan of [`crate::synth`] written as a real STOP/TPOD delivery (bytes in memory), in the shapes of a
//! municipal package such as Gemeentestad: one AKN besluit (`AanleveringBesluit`, BesluitCompact with the regeling
//! in a WijzigBijlage, ExtIoRefs to every GIO), GIO metadata (`AanleveringInformatieObject`) plus GIO GML
//! (`geo:Locatie` with `basisgeo:id` and a `gml:MultiSurface` in EPSG:28992, with the normwaarde), OW files
//! (owLocaties with Gebied → GeometrieRef and one Gebiedengroep per juridische regel, owRegeltekst with the
//! Regeltekst objects and RegelVoorIedereen with activiteitlocatieaanduidingen and norm references, owActiviteiten,
//! owOmgevingsnormOmgevingswaarde with the normwaarden per locatie), the LVBB manifest, manifest-ow and the
//! publicatieOpdracht.
//!
//! Deterministic: the same [`SynthConfig`] gives the same bytes. Locaties are split over GIOs (and owLocaties
//! files) of [`LOCATIES_PER_GIO`] each, as a large plan is delivered in parts. Plain string building; only what
//! [`crate::synth::plan`] produces is supported (Gebied locaties with polygon geometry).

use std::collections::HashMap;
use std::fmt::Write as _;

use geo_types::{Geometry, LineString, Polygon};

use crate::antwoord::Tekst;
use crate::import::Bestand;
use crate::model::*;
use crate::synth::{self, SynthConfig};

/// Locaties per GIO and per owLocaties file.
pub const LOCATIES_PER_GIO: usize = 50_000;

const SL_OBJECT_NS: &str = r#"xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
   xmlns:xlink="http://www.w3.org/1999/xlink"
   xmlns:ga="http://www.geostandaarden.nl/imow/gebiedsaanwijzing"
   xmlns:da="http://www.geostandaarden.nl/imow/datatypenalgemeen"
   xmlns:sl="http://www.geostandaarden.nl/bestanden-ow/standlevering-generiek"
   xmlns:ow-dc="http://www.geostandaarden.nl/imow/bestanden/deelbestand"
   xmlns:ow="http://www.geostandaarden.nl/imow/owobject"
   xmlns:rol="http://www.geostandaarden.nl/imow/regelsoplocatie"
   xmlns:l="http://www.geostandaarden.nl/imow/locatie"
   xmlns:r="http://www.geostandaarden.nl/imow/regels"
   xsi:schemaLocation="http://www.geostandaarden.nl/imow/bestanden/deelbestand https://register.geostandaarden.nl/xmlschema/tpod/v2.0.0/bestanden-ow/deelbestand-ow/IMOW_Deelbestand.xsd""#;

const CONCEPT: &str = "http://standaarden.omgevingswet.overheid.nl";
const DATUM: &str = "2024-01-01";

/// The delivery of `synth::plan(cfg)`: (file name, bytes) per file, as [`crate::import::stop_tpod::import`] takes.
pub fn levering(cfg: &SynthConfig) -> Vec<Bestand> {
    write(&synth::plan(cfg))
}

/// The last part of the regeling's work id (`synthetisch`), naming the delivery's besluit and dataset.
fn kort(plan: &PlanVersie) -> &str {
    crate::model::last_segment(&plan.id)
}

/// XML text escaping (element content and attribute values); also what the demo's other deliveries write with.
pub fn esc(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains(['&', '<', '>', '"', '\'']) {
        return s.into();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out.into()
}

/// A UUID-shaped, deterministic basisgeo:id for locatie `i`.
fn geometrie_id(i: usize) -> String {
    let mut r = synth::Rng::new(0x0006_E01D ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let (a, b) = (r.next_u64(), r.next_u64());
    format!(
        "{:08X}-{:04X}-4{:03X}-{:04X}-{:012X}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        0x8000 | (b >> 48 & 0x3fff),
        b & 0xffff_ffff_ffff
    )
}

/// One GIO (a part of the locaties): its work, expression and file names.
struct GioDeel {
    nr: usize,
    work: String,
    expression: String,
    xml: String,
    gml: String,
    naam: String,
    range: std::ops::Range<usize>,
}

/// Any plan of the shapes [`crate::synth::plan`] produces (Gebied locaties with polygon geometry; gebiedsaanwijzingen
/// are written too) as a delivery: how the built-in demo municipality writes its hand-designed omgevingsplan.
pub fn write(plan: &PlanVersie) -> Vec<Bestand> {
    let gm = plan.bevoegd_gezag.code.as_str();
    let n = plan.locaties.len();
    let delen: Vec<GioDeel> = (0..n.div_ceil(LOCATIES_PER_GIO))
        .map(|k| {
            let nr = k + 1;
            let work = format!("/join/id/regdata/{gm}/2024/werkingsgebied_{nr:03}");
            GioDeel {
                nr,
                expression: format!("{work}/nld@{DATUM};1"),
                work,
                xml: format!("GIO{nr:03}-werkingsgebied_{nr:03}.xml"),
                gml: format!("werkingsgebied_{nr:03}.gml"),
                naam: format!("werkingsgebied deel {nr}"),
                range: k * LOCATIES_PER_GIO..((k + 1) * LOCATIES_PER_GIO).min(n),
            }
        })
        .collect();

    let loc_idx: HashMap<&str, usize> = plan.locaties.iter().enumerate().map(|(i, l)| (l.id.as_str(), i)).collect();
    // the normwaarde a locatie carries in its GIO (when exactly one quantitative norm lies on it alone)
    let gio_norm = plan.normen.iter().find(|n| n.waarde.is_some());
    let mut waarde: Vec<Option<(f64, usize)>> = vec![None; n];
    let mut seen = vec![0u8; n];
    for (ni, norm) in plan.normen.iter().enumerate() {
        if gio_norm.is_some_and(|g| g.norm_id == norm.norm_id)
            && let ([l], Some(w)) = (norm.locaties.as_slice(), norm.waarde)
            && let Some(&i) = loc_idx.get(l.as_str())
        {
            seen[i] = seen[i].saturating_add(1);
            waarde[i] = Some((w, ni));
        }
    }
    for (w, s) in waarde.iter_mut().zip(&seen) {
        if *s != 1 {
            *w = None;
        }
    }

    // one Gebiedengroep per juridische regel (its locatieaanduiding), filed with its first member
    let groepen: Vec<(String, &JuridischeRegel)> = plan
        .juridische_regels
        .iter()
        .filter(|r| r.locaties.len() > 1)
        .map(|r| (r.id.replace("juridischeregel", "gebiedengroep"), r))
        .collect();
    let mut groepen_per_deel: Vec<Vec<usize>> = vec![Vec::new(); delen.len()];
    for (gi, (_, r)) in groepen.iter().enumerate() {
        let first = loc_idx.get(r.locaties[0].as_str()).copied().unwrap_or(0);
        groepen_per_deel[first / LOCATIES_PER_GIO].push(gi);
    }
    let groep_van: HashMap<&str, &str> = groepen.iter().map(|(g, r)| (r.id.as_str(), g.as_str())).collect();

    // the heavy part (GML and owLocaties per deel) on all cores; results in deel order
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(delen.len().max(1));
    let mut parts: Vec<Option<[Bestand; 3]>> = (0..delen.len()).map(|_| None).collect();
    std::thread::scope(|s| {
        let chunk = delen.len().div_ceil(threads).max(1);
        for (ci, slot) in parts.chunks_mut(chunk).enumerate() {
            let (delen, waarde, groepen, groepen_per_deel) = (&delen, &waarde, &groepen, &groepen_per_deel);
            s.spawn(move || {
                for (j, out) in slot.iter_mut().enumerate() {
                    let d = &delen[ci * chunk + j];
                    let gml = gio_gml(plan, d, waarde, gio_norm);
                    let xml = gio_xml(plan, d, gio_norm);
                    let ow = ow_locaties(plan, d, &groepen_per_deel[d.nr - 1], groepen);
                    *out = Some([(d.gml.clone(), gml.into_bytes()), (d.xml.clone(), xml.into_bytes()), ow]);
                }
            });
        }
    });

    let mut files: Vec<Bestand> = Vec::new();
    let besluit_naam = format!("akn_nl_bill_{gm}-{}.xml", kort(plan));
    files.push((besluit_naam.clone(), besluit(plan, &delen, gio_norm).into_bytes()));
    let mut ow_files: Vec<(String, &[&str])> = Vec::new();
    for p in parts.into_iter().flatten() {
        let [gml, xml, ow] = p;
        ow_files.push((ow.0.clone(), &["Gebied", "Gebiedengroep"]));
        files.push(xml);
        files.push(gml);
        files.push(ow);
    }
    let rt = ow_regeltekst(plan, &groep_van);
    ow_files.push((rt.0.clone(), &["Regeltekst", "RegelVoorIedereen"]));
    files.push(rt);
    let act = ow_activiteiten(plan);
    ow_files.push((act.0.clone(), &["Activiteit"]));
    files.push(act);
    let normen = ow_normen(plan);
    ow_files.push((normen.0.clone(), &["Omgevingsnorm", "Omgevingswaarde"]));
    files.push(normen);
    if !plan.gebiedsaanwijzingen.is_empty() {
        let ga = ow_gebiedsaanwijzingen(plan);
        ow_files.push((ga.0.clone(), &["Gebiedsaanwijzing"]));
        files.push(ga);
    }
    files.push(("manifest-ow.xml".into(), manifest_ow(plan, &ow_files).into_bytes()));
    files.push((
        "opdracht.xml".into(),
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<publicatieOpdracht xmlns="http://www.overheid.nl/2017/lvbb">
  <idLevering>{gm}-{}-{}</idLevering>
  <idBevoegdGezag>00000001000000000000</idBevoegdGezag>
  <idAanleveraar>00000001000000000000</idAanleveraar>
  <publicatie>{besluit_naam}</publicatie>
  <datumBekendmaking>{DATUM}</datumBekendmaking>
</publicatieOpdracht>
"#,
            kort(plan),
            plan.locaties.len()
        )
        .into_bytes(),
    ));
    let mut manifest = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest xmlns=\"http://www.overheid.nl/2017/lvbb\">\n",
    );
    let names: Vec<String> = files.iter().map(|f| f.0.clone()).chain(["manifest.xml".to_string()]).collect();
    for name in names {
        let ct = if name.ends_with(".gml") { "application/gml+xml" } else { "application/xml" };
        let _ = writeln!(
            manifest,
            "  <bestand>\n    <bestandsnaam>{name}</bestandsnaam>\n    <contentType>{ct}</contentType>\n  </bestand>"
        );
    }
    manifest.push_str("</manifest>\n");
    files.push(("manifest.xml".into(), manifest.into_bytes()));
    files
}

fn gio_gml(plan: &PlanVersie, d: &GioDeel, waarde: &[Option<(f64, usize)>], norm: Option<&Norm>) -> String {
    let verts: usize =
        plan.locaties[d.range.clone()].iter().filter_map(|l| l.geometrie.as_ref()).map(vertex_count).sum();
    let mut s = String::with_capacity(d.range.len() * 900 + verts * 24);
    let _ = write!(
        s,
        r#"<?xml version="1.0" encoding="utf-8"?>
<geo:GeoInformatieObjectVaststelling xmlns:basisgeo="http://www.geostandaarden.nl/basisgeometrie/1.0"
                                     xmlns:data="https://standaarden.overheid.nl/stop/imop/data/"
                                     xmlns:geo="https://standaarden.overheid.nl/stop/imop/geo/"
                                     xmlns:gio="https://standaarden.overheid.nl/stop/imop/gio/"
                                     xmlns:gml="http://www.opengis.net/gml/3.2"
                                     xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                                     schemaversie="1.3.0"
                                     xsi:schemaLocation="https://standaarden.overheid.nl/stop/imop/geo/ https://standaarden.overheid.nl/stop/1.3.0/imop-geo.xsd">
   <geo:context>
      <gio:GeografischeContext>
         <gio:achtergrondVerwijzing>top10nl</gio:achtergrondVerwijzing>
         <gio:achtergrondActualiteit>{DATUM}</gio:achtergrondActualiteit>
      </gio:GeografischeContext>
   </geo:context>
   <geo:vastgesteldeVersie>
      <geo:GeoInformatieObjectVersie>
         <geo:FRBRWork>{}</geo:FRBRWork>
         <geo:FRBRExpression>{}</geo:FRBRExpression>
"#,
        d.work, d.expression
    );
    if let Some(n) = norm {
        let _ = write!(
            s,
            "         <geo:eenheidlabel>{}</geo:eenheidlabel>\n         <geo:eenheidID>{CONCEPT}/eenheid/id/concept/{}</geo:eenheidID>\n         <geo:normlabel>{}</geo:normlabel>\n         <geo:normID>{CONCEPT}/typenorm/id/concept/{}</geo:normID>\n",
            esc(n.eenheid.as_deref().unwrap_or("")),
            eenheid_uri(n.eenheid.as_deref().unwrap_or("")),
            esc(&n.naam),
            n.type_
        );
    }
    s.push_str("         <geo:locaties>\n");
    for i in d.range.clone() {
        let Some(g) = &plan.locaties[i].geometrie else { continue };
        let id = geometrie_id(i);
        let _ = write!(
            s,
            "            <geo:Locatie>\n               <geo:geometrie>\n                  <basisgeo:Geometrie gml:id=\"id-{id}-g\">\n                     <basisgeo:id>{id}</basisgeo:id>\n                     <basisgeo:geometrie>\n                        <gml:MultiSurface gml:id=\"id-{id}\" srsName=\"urn:ogc:def:crs:EPSG::28992\">\n"
        );
        let polys: &[Polygon<f64>] = match g {
            Geometry::Polygon(p) => std::slice::from_ref(p),
            Geometry::MultiPolygon(mp) => &mp.0,
            other => panic!("synth_levering writes polygon locaties only, not {other:?}"),
        };
        for p in polys {
            s.push_str("                           <gml:surfaceMember>\n                              <gml:Polygon>\n");
            ring(&mut s, "exterior", p.exterior());
            for h in p.interiors() {
                ring(&mut s, "interior", h);
            }
            s.push_str(
                "                              </gml:Polygon>\n                           </gml:surfaceMember>\n",
            );
        }
        s.push_str("                        </gml:MultiSurface>\n                     </basisgeo:geometrie>\n                  </basisgeo:Geometrie>\n               </geo:geometrie>\n");
        if let (Some((w, _)), Some(_)) = (waarde[i], norm) {
            let _ = writeln!(s, "               <geo:kwantitatieveNormwaarde>{w}</geo:kwantitatieveNormwaarde>");
        }
        s.push_str("            </geo:Locatie>\n");
    }
    s.push_str(
        "         </geo:locaties>\n      </geo:GeoInformatieObjectVersie>\n   </geo:vastgesteldeVersie>\n</geo:GeoInformatieObjectVaststelling>\n",
    );
    s
}

fn vertex_count(g: &Geometry<f64>) -> usize {
    geo::CoordsIter::coords_count(g)
}

fn ring(s: &mut String, which: &str, ls: &LineString<f64>) {
    let _ = write!(
        s,
        "                                 <gml:{which}>\n                                    <gml:LinearRing>\n                                       <gml:posList>"
    );
    for (k, c) in ls.0.iter().enumerate() {
        if k > 0 {
            s.push(' ');
        }
        // shortest round-trip form: parses back to the same f64
        let _ = write!(s, "{} {}", c.x, c.y);
    }
    let _ = write!(
        s,
        "</gml:posList>\n                                    </gml:LinearRing>\n                                 </gml:{which}>\n"
    );
}

fn eenheid_uri(eenheid: &str) -> &str {
    crate::norm::IMOW_EENHEDEN.iter().find(|(_, v)| *v == eenheid).map(|(k, _)| *k).unwrap_or(eenheid)
}

fn gio_xml(plan: &PlanVersie, d: &GioDeel, norm: Option<&Norm>) -> String {
    let gm = &plan.bevoegd_gezag.code;
    let titel = norm.map(|n| format!("{} ({})", n.naam, d.naam)).unwrap_or_else(|| d.naam.clone());
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<AanleveringInformatieObject xmlns="https://standaarden.overheid.nl/lvbb/stop/aanlevering/"
                             xmlns:geo="https://standaarden.overheid.nl/stop/imop/geo/"
                             xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                             schemaversie="1.2.0"
                             xsi:schemaLocation="https://standaarden.overheid.nl/lvbb/stop/aanlevering https://standaarden.overheid.nl/lvbb/1.2.0/lvbb-stop-aanlevering.xsd">
   <InformatieObjectVersie>
      <ExpressionIdentificatie xmlns="https://standaarden.overheid.nl/stop/imop/data/">
         <FRBRWork>{work}</FRBRWork>
         <FRBRExpression>{expr}</FRBRExpression>
         <soortWork>/join/id/stop/work_010</soortWork>
      </ExpressionIdentificatie>
      <InformatieObjectVersieMetadata xmlns="https://standaarden.overheid.nl/stop/imop/data/">
         <heeftBestanden>
            <heeftBestand>
               <Bestand>
                  <bestandsnaam>{gml}</bestandsnaam>
                  <hash>0</hash>
               </Bestand>
            </heeftBestand>
         </heeftBestanden>
         <heeftGeboorteregeling>{regeling}</heeftGeboorteregeling>
      </InformatieObjectVersieMetadata>
      <InformatieObjectMetadata xmlns="https://standaarden.overheid.nl/stop/imop/data/">
         <eindverantwoordelijke>/tooi/id/gemeente/{gm}</eindverantwoordelijke>
         <maker>/tooi/id/gemeente/{gm}</maker>
         <alternatieveTitels>
            <alternatieveTitel>{titel}</alternatieveTitel>
         </alternatieveTitels>
         <officieleTitel>{work}</officieleTitel>
         <publicatieinstructie>TeConsolideren</publicatieinstructie>
         <formaatInformatieobject>/join/id/stop/informatieobject/gio_002</formaatInformatieobject>
         <naamInformatieObject>{titel}</naamInformatieObject>
      </InformatieObjectMetadata>
   </InformatieObjectVersie>
</AanleveringInformatieObject>
"#,
        work = d.work,
        expr = d.expression,
        gml = d.gml,
        regeling = plan.id,
        titel = esc(&titel),
    )
}

fn ow_header(s: &mut String, plan: &PlanVersie, object_typen: &[&str]) {
    let naam = kort(plan);
    let _ = write!(
        s,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<ow-dc:owBestand {SL_OBJECT_NS}>\n   <sl:standBestand>\n      <sl:dataset>{naam}</sl:dataset>\n      <sl:inhoud>\n         <sl:gebied>{}</sl:gebied>\n         <sl:leveringsId>{naam}-{DATUM}</sl:leveringsId>\n         <sl:objectTypen>\n",
        esc(plan.bevoegd_gezag.naam.as_deref().unwrap_or(&plan.bevoegd_gezag.code))
    );
    for t in object_typen {
        let _ = writeln!(s, "            <sl:objectType>{t}</sl:objectType>");
    }
    s.push_str("         </sl:objectTypen>\n      </sl:inhoud>\n");
}

const OW_FOOTER: &str = "   </sl:standBestand>\n</ow-dc:owBestand>\n";

fn ow_locaties(
    plan: &PlanVersie,
    d: &GioDeel,
    groepen: &[usize],
    alle_groepen: &[(String, &JuridischeRegel)],
) -> Bestand {
    let mut s = String::with_capacity(d.range.len() * 330 + groepen.len() * 100 * 90);
    ow_header(&mut s, plan, &["Gebied", "Gebiedengroep"]);
    for i in d.range.clone() {
        let l = &plan.locaties[i];
        let _ = write!(
            s,
            "      <sl:stand>\n         <ow-dc:owObject>\n            <l:Gebied>\n               <l:identificatie>{}</l:identificatie>\n",
            esc(&l.id)
        );
        if let Some(noemer) = &l.noemer {
            let _ = writeln!(s, "               <l:noemer>{}</l:noemer>", esc(noemer));
        }
        let _ = write!(
            s,
            "               <l:geometrie>\n                  <l:GeometrieRef xlink:href=\"{}\"/>\n               </l:geometrie>\n            </l:Gebied>\n         </ow-dc:owObject>\n      </sl:stand>\n",
            geometrie_id(i)
        );
    }
    for &gi in groepen {
        let (gid, r) = &alle_groepen[gi];
        let _ = write!(
            s,
            "      <sl:stand>\n         <ow-dc:owObject>\n            <l:Gebiedengroep>\n               <l:identificatie>{gid}</l:identificatie>\n               <l:noemer>werkingsgebied van {}</l:noemer>\n               <l:groepselement>\n",
            esc(&r.id)
        );
        for m in &r.locaties {
            let _ = writeln!(s, "                  <l:GebiedRef xlink:href=\"{}\"/>", esc(m));
        }
        s.push_str("               </l:groepselement>\n            </l:Gebiedengroep>\n         </ow-dc:owObject>\n      </sl:stand>\n");
    }
    s.push_str(OW_FOOTER);
    (format!("owLocaties-{:03}.xml", d.nr), s.into_bytes())
}

/// `<tag>` with LocatieRefs: the regel's group when the list is exactly the regel's locaties, else each locatie.
fn locatieaanduiding(
    s: &mut String,
    indent: &str,
    tag: &str,
    locs: &[Tekst],
    r: &JuridischeRegel,
    groep: Option<&str>,
) {
    let _ = writeln!(s, "{indent}<{tag}>");
    match groep {
        Some(g) if locs == r.locaties.as_slice() => {
            let _ = writeln!(s, "{indent}   <l:LocatieRef xlink:href=\"{g}\"/>");
        }
        _ => {
            for l in locs {
                let _ = writeln!(s, "{indent}   <l:LocatieRef xlink:href=\"{}\"/>", esc(l));
            }
        }
    }
    let _ = writeln!(s, "{indent}</{tag}>");
}

fn kwalificatie_naam(k: &Kwalificatie) -> &str {
    match k {
        Kwalificatie::Vergunningplicht => "Vergunningplicht",
        Kwalificatie::Meldingsplicht => "Meldingsplicht",
        Kwalificatie::Informatieplicht => "Informatieplicht",
        Kwalificatie::Verbod => "Verbod",
        Kwalificatie::Gebod => "Gebod",
        Kwalificatie::AndersGeduid => "AndersGeduid",
        Kwalificatie::Toegestaan => "Toegestaan",
        Kwalificatie::Anders(other) => other,
    }
}

fn ow_regeltekst(plan: &PlanVersie, groep_van: &HashMap<&str, &str>) -> Bestand {
    let mut s = String::with_capacity(plan.regelteksten.len() * 300 + plan.juridische_regels.len() * 2000);
    ow_header(&mut s, plan, &["Regeltekst", "RegelVoorIedereen"]);
    for rt in &plan.regelteksten {
        let _ = write!(
            s,
            "      <sl:stand>\n         <ow-dc:owObject>\n            <r:Regeltekst wId=\"{}\">\n               <r:identificatie>{}</r:identificatie>\n            </r:Regeltekst>\n         </ow-dc:owObject>\n      </sl:stand>\n",
            esc(&rt.wid),
            esc(&rt.id)
        );
    }
    for r in &plan.juridische_regels {
        let tag = match r.soort {
            RegelSoort::RegelVoorIedereen => "r:RegelVoorIedereen",
            RegelSoort::Instructieregel => "r:Instructieregel",
            RegelSoort::Omgevingswaarderegel => "r:Omgevingswaarderegel",
        };
        let groep = groep_van.get(r.id.as_str()).copied();
        let _ = write!(
            s,
            "      <sl:stand>\n         <ow-dc:owObject>\n            <{tag}>\n               <r:identificatie>{}</r:identificatie>\n               <r:idealisatie>{CONCEPT}/idealisatie/id/concept/Exact</r:idealisatie>\n               <r:artikelOfLid>\n                  <r:RegeltekstRef xlink:href=\"{}\"/>\n               </r:artikelOfLid>\n",
            esc(&r.id),
            esc(&r.regeltekst)
        );
        locatieaanduiding(&mut s, "               ", "r:locatieaanduiding", &r.locaties, r, groep);
        for a in &r.activiteiten {
            let _ = write!(
                s,
                "               <r:activiteitaanduiding>\n                  <rol:ActiviteitRef xlink:href=\"{}\"/>\n                  <r:ActiviteitLocatieaanduiding>\n                     <r:identificatie>{}</r:identificatie>\n                     <r:activiteitregelkwalificatie>{CONCEPT}/activiteitregelkwalificatie/id/concept/{}</r:activiteitregelkwalificatie>\n",
                esc(&a.activiteit),
                esc(&a.id),
                kwalificatie_naam(&a.kwalificatie)
            );
            locatieaanduiding(&mut s, "                     ", "r:locatieaanduiding", &a.locaties, r, groep);
            s.push_str(
                "                  </r:ActiviteitLocatieaanduiding>\n               </r:activiteitaanduiding>\n",
            );
        }
        for g in &r.gebiedsaanwijzingen {
            let _ = write!(
                s,
                "               <r:gebiedsaanwijzing>\n                  <ga:GebiedsaanwijzingRef xlink:href=\"{}\"/>\n               </r:gebiedsaanwijzing>\n",
                esc(g)
            );
        }
        for n in &r.omgevingsnormen {
            let _ = write!(
                s,
                "               <r:omgevingsnormaanduiding>\n                  <rol:OmgevingsnormRef xlink:href=\"{}\"/>\n               </r:omgevingsnormaanduiding>\n",
                esc(n)
            );
        }
        for n in &r.omgevingswaarden {
            let _ = write!(
                s,
                "               <r:omgevingswaardeaanduiding>\n                  <rol:OmgevingswaardeRef xlink:href=\"{}\"/>\n               </r:omgevingswaardeaanduiding>\n",
                esc(n)
            );
        }
        let _ = write!(s, "            </{tag}>\n         </ow-dc:owObject>\n      </sl:stand>\n");
    }
    s.push_str(OW_FOOTER);
    ("owRegeltekst.xml".into(), s.into_bytes())
}

fn ow_activiteiten(plan: &PlanVersie) -> Bestand {
    let mut s = String::with_capacity(plan.activiteiten.len() * 700);
    ow_header(&mut s, plan, &["Activiteit"]);
    for a in &plan.activiteiten {
        let _ = write!(
            s,
            "      <sl:stand>\n         <ow-dc:owObject>\n            <rol:Activiteit>\n               <rol:identificatie>{}</rol:identificatie>\n               <rol:naam>{}</rol:naam>\n",
            esc(&a.id),
            esc(&a.naam)
        );
        if let Some(g) = &a.groep {
            let _ = writeln!(s, "               <rol:groep>{CONCEPT}/activiteit/id/concept/{}</rol:groep>", esc(g));
        }
        if let Some(b) = &a.bovenliggende {
            let _ = write!(
                s,
                "               <rol:bovenliggendeActiviteit>\n                  <rol:ActiviteitRef xlink:href=\"{}\"/>\n               </rol:bovenliggendeActiviteit>\n",
                esc(b)
            );
        }
        s.push_str("            </rol:Activiteit>\n         </ow-dc:owObject>\n      </sl:stand>\n");
    }
    s.push_str(OW_FOOTER);
    ("owActiviteiten.xml".into(), s.into_bytes())
}

fn ow_gebiedsaanwijzingen(plan: &PlanVersie) -> Bestand {
    let mut s = String::with_capacity(plan.gebiedsaanwijzingen.len() * 800);
    ow_header(&mut s, plan, &["Gebiedsaanwijzing"]);
    for g in &plan.gebiedsaanwijzingen {
        let _ = write!(
            s,
            "      <sl:stand>\n         <ow-dc:owObject>\n            <ga:Gebiedsaanwijzing>\n               <ga:identificatie>{}</ga:identificatie>\n               <ga:type>{CONCEPT}/typegebiedsaanwijzing/id/concept/{}</ga:type>\n               <ga:naam>{}</ga:naam>\n",
            esc(&g.id),
            esc(&g.type_),
            esc(&g.naam)
        );
        if let Some(groep) = &g.groep {
            // the waardelijst of the groep follows the type: functie for Functie, <type>groep for the others
            let lijst =
                if g.type_ == "Functie" { "functie".to_string() } else { format!("{}groep", g.type_.to_lowercase()) };
            let _ = writeln!(s, "               <ga:groep>{CONCEPT}/{lijst}/id/concept/{}</ga:groep>", esc(groep));
        }
        s.push_str("               <ga:locatieaanduiding>\n");
        for l in &g.locaties {
            let _ = writeln!(s, "                  <l:LocatieRef xlink:href=\"{}\"/>", esc(l));
        }
        s.push_str("               </ga:locatieaanduiding>\n            </ga:Gebiedsaanwijzing>\n         </ow-dc:owObject>\n      </sl:stand>\n");
    }
    s.push_str(OW_FOOTER);
    ("owGebiedsaanwijzingen.xml".into(), s.into_bytes())
}

fn ow_normen(plan: &PlanVersie) -> Bestand {
    // normwaarden grouped by their Omgevingsnorm/Omgevingswaarde, in order of first appearance
    let mut order: Vec<&str> = Vec::new();
    let mut by_norm: HashMap<&str, Vec<&Norm>> = HashMap::new();
    for n in &plan.normen {
        by_norm
            .entry(n.norm_id.as_str())
            .or_insert_with(|| {
                order.push(&n.norm_id);
                Vec::new()
            })
            .push(n);
    }
    let mut s = String::with_capacity(plan.normen.len() * 360 + 4096);
    ow_header(&mut s, plan, &["Omgevingsnorm", "Omgevingswaarde"]);
    for id in order {
        let waarden = &by_norm[id];
        let first = waarden[0];
        let tag = match first.soort {
            NormSoort::Omgevingsnorm => "rol:Omgevingsnorm",
            NormSoort::Omgevingswaarde => "rol:Omgevingswaarde",
            NormSoort::Maatvoering => panic!("an IMRO maatvoering has no place in a STOP/TPOD delivery"),
        };
        let _ = write!(
            s,
            "      <sl:stand>\n         <ow-dc:owObject>\n            <{tag}>\n               <rol:identificatie>{}</rol:identificatie>\n               <rol:naam>{}</rol:naam>\n               <rol:type>{CONCEPT}/typenorm/id/concept/{}</rol:type>\n",
            esc(id),
            esc(&first.naam),
            esc(&first.type_)
        );
        if let Some(e) = &first.eenheid {
            let _ = writeln!(
                s,
                "               <rol:eenheid>{CONCEPT}/eenheid/id/concept/{}</rol:eenheid>",
                eenheid_uri(e)
            );
        }
        s.push_str("               <rol:normwaarde>\n");
        for w in waarden {
            let _ = writeln!(
                s,
                "                  <rol:Normwaarde>\n                     <rol:identificatie>{}</rol:identificatie>",
                esc(&w.id)
            );
            if let Some(v) = w.waarde {
                let _ = writeln!(s, "                     <rol:kwantitatieveWaarde>{v}</rol:kwantitatieveWaarde>");
            }
            if let Some(v) = &w.kwalitatieve_waarde {
                let _ = writeln!(s, "                     <rol:kwalitatieveWaarde>{}</rol:kwalitatieveWaarde>", esc(v));
            }
            if let Some(v) = &w.waarde_in_regeltekst {
                let _ = writeln!(s, "                     <rol:waardeInRegeltekst>{}</rol:waardeInRegeltekst>", esc(v));
            }
            s.push_str("                     <rol:locatieaanduiding>\n");
            for l in &w.locaties {
                let _ = writeln!(s, "                        <l:LocatieRef xlink:href=\"{}\"/>", esc(l));
            }
            s.push_str("                     </rol:locatieaanduiding>\n                  </rol:Normwaarde>\n");
        }
        s.push_str("               </rol:normwaarde>\n");
        if let Some(g) = &first.groep {
            let _ = writeln!(s, "               <rol:groep>{CONCEPT}/omgevingsnorm/id/concept/{}</rol:groep>", esc(g));
        }
        let _ = write!(s, "            </{tag}>\n         </ow-dc:owObject>\n      </sl:stand>\n");
    }
    s.push_str(OW_FOOTER);
    ("owOmgevingsnormOmgevingswaarde.xml".into(), s.into_bytes())
}

fn manifest_ow(plan: &PlanVersie, ow_files: &[(String, &[&str])]) -> String {
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Aanleveringen xmlns=\"http://www.geostandaarden.nl/bestanden-ow/manifest-ow\">\n   <domein>omgevingswet</domein>\n   <Aanlevering>\n      <WorkIDRegeling>{}</WorkIDRegeling>\n      <DoelID>/join/id/proces/{}/2024/Instelling</DoelID>\n",
        esc(&plan.id),
        plan.bevoegd_gezag.code
    );
    for (name, typen) in ow_files {
        let _ = writeln!(s, "      <Bestand>\n         <naam>{name}</naam>");
        for t in *typen {
            let _ = writeln!(s, "         <objecttype>{t}</objecttype>");
        }
        s.push_str("      </Bestand>\n");
    }
    s.push_str("   </Aanlevering>\n</Aanleveringen>\n");
    s
}

/// The wId of the ExtIoRef of GIO deel `nr` (in Bijlage I of the regeling).
fn ext_wid(gm: &str, nr: usize) -> String {
    format!("{gm}_1__cmp_I__content_o_1__list_o_1__item_o_{nr}__ref_o_1")
}

fn besluit(plan: &PlanVersie, delen: &[GioDeel], norm: Option<&Norm>) -> String {
    let gm = plan.bevoegd_gezag.code.as_str();
    let regeling_expr = format!("{}/{}", plan.id, plan.versie);
    let besluit_work = format!("/akn/nl/bill/{gm}/2024/{}", kort(plan));
    let titel = esc(&plan.titel);
    let mut s = String::with_capacity(plan.artikelen.len() * 700 + delen.len() * 1200 + 8192);
    let _ = write!(
        s,
        r#"<?xml version="1.0" encoding="utf-8"?>
<AanleveringBesluit xmlns="https://standaarden.overheid.nl/lvbb/stop/aanlevering/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" schemaversie="1.2.0" xsi:schemaLocation="https://standaarden.overheid.nl/lvbb/stop/aanlevering/ https://standaarden.overheid.nl/lvbb/1.2.0/lvbb-stop-aanlevering.xsd">
   <BesluitVersie>
      <ExpressionIdentificatie xmlns="https://standaarden.overheid.nl/stop/imop/data/">
         <FRBRWork>{besluit_work}</FRBRWork>
         <FRBRExpression>{besluit_work}/nld@{DATUM}</FRBRExpression>
         <soortWork>/join/id/stop/work_003</soortWork>
      </ExpressionIdentificatie>
      <BesluitMetadata xmlns="https://standaarden.overheid.nl/stop/imop/data/">
         <eindverantwoordelijke>/tooi/id/gemeente/{gm}</eindverantwoordelijke>
         <maker>/tooi/id/gemeente/{gm}</maker>
         <soortBestuursorgaan>/tooi/def/thes/kern/c_2a7d8663</soortBestuursorgaan>
         <officieleTitel>Vaststelling van {titel}</officieleTitel>
         <onderwerpen>
            <onderwerp>/tooi/def/concept/c_9d1917e9</onderwerp>
         </onderwerpen>
         <rechtsgebieden>
            <rechtsgebied>/tooi/def/concept/c_8ad05f6d</rechtsgebied>
         </rechtsgebieden>
         <soortProcedure>/join/id/stop/proceduretype_definitief</soortProcedure>
         <informatieobjectRefs>
"#
    );
    for d in delen {
        let _ = writeln!(s, "            <informatieobjectRef>{}</informatieobjectRef>", d.expression);
    }
    let _ = write!(
        s,
        r#"         </informatieobjectRefs>
      </BesluitMetadata>
      <Procedureverloop xmlns="https://standaarden.overheid.nl/stop/imop/data/">
         <bekendOp>{DATUM}</bekendOp>
      </Procedureverloop>
      <ConsolidatieInformatie xmlns="https://standaarden.overheid.nl/stop/imop/data/">
         <BeoogdeRegelgeving>
            <BeoogdeRegeling>
               <doelen>
                  <doel>/join/id/proces/{gm}/2024/Instelling</doel>
               </doelen>
               <instrumentVersie>{regeling_expr}</instrumentVersie>
               <eId>art_I</eId>
            </BeoogdeRegeling>
"#
    );
    for d in delen {
        let _ = write!(
            s,
            "            <BeoogdInformatieobject>\n               <doelen>\n                  <doel>/join/id/proces/{gm}/2024/Instelling</doel>\n               </doelen>\n               <instrumentVersie>{}</instrumentVersie>\n               <eId>!initieel_reg#cmp_I__content_o_1__list_o_1__item_o_{}__ref_o_1</eId>\n            </BeoogdInformatieobject>\n",
            d.expression, d.nr
        );
    }
    let _ = write!(
        s,
        r#"         </BeoogdeRegelgeving>
      </ConsolidatieInformatie>
      <BesluitCompact xmlns="https://standaarden.overheid.nl/stop/imop/tekst/">
         <RegelingOpschrift eId="longTitle" wId="longTitle">
            <Al>Vaststelling van {titel}</Al>
         </RegelingOpschrift>
         <Aanhef eId="formula_1" wId="formula_1">
            <Al>De raad van de gemeente {naam};</Al>
            <Al>besluit:</Al>
         </Aanhef>
         <Lichaam eId="body" wId="body">
            <WijzigArtikel eId="art_I" wId="{gm}_1__art_I">
               <Kop>
                  <Label>Artikel</Label>
                  <Nummer>I</Nummer>
               </Kop>
               <Wat>De regels opgenomen in <IntRef ref="cmp_A" scope="WijzigBijlage">Bijlage A</IntRef> worden vastgesteld.</Wat>
            </WijzigArtikel>
            <Artikel eId="art_II" wId="{gm}_1__art_II">
               <Kop>
                  <Label>Artikel</Label>
                  <Nummer>II</Nummer>
               </Kop>
               <Inhoud>
                  <Al>Dit besluit treedt in werking op {DATUM}.</Al>
               </Inhoud>
            </Artikel>
         </Lichaam>
         <WijzigBijlage eId="cmp_A" wId="{gm}_1__cmp_A">
            <Kop>
               <Label>Bijlage</Label>
               <Nummer>A</Nummer>
               <Opschrift>Bijlage bij artikel I</Opschrift>
            </Kop>
            <RegelingCompact componentnaam="initieel_reg" wordt="{regeling_expr}">
               <RegelingOpschrift eId="longTitle" wId="longTitle">
                  <Al>{titel}</Al>
               </RegelingOpschrift>
               <Lichaam eId="body" wId="body">
"#,
        naam = esc(plan.bevoegd_gezag.naam.as_deref().unwrap_or(gm)),
    );
    // the article that is the norm's regeltekst names the GIOs (IntIoRef → ExtIoRef)
    let norm_artikel = norm
        .and_then(|n| n.regeltekst.as_deref())
        .and_then(|rt| plan.regelteksten.iter().find(|r| r.id == rt))
        .map(|r| r.artikel_wid.as_str());
    let mut hoofdstuk: Option<String> = None;
    for a in &plan.artikelen {
        let h = a.nummer.split_once('.').map(|(h, _)| h.to_string()).unwrap_or_else(|| "1".into());
        if hoofdstuk.as_deref() != Some(&h) {
            if hoofdstuk.is_some() {
                s.push_str("                  </Hoofdstuk>\n");
            }
            let _ = write!(
                s,
                "                  <Hoofdstuk eId=\"chp_{h}\" wId=\"{gm}_1__chp_{h}\">\n                     <Kop>\n                        <Label>Hoofdstuk</Label>\n                        <Nummer>{h}</Nummer>\n                        <Opschrift>Regels {h}</Opschrift>\n                     </Kop>\n"
            );
            hoofdstuk = Some(h);
        }
        let _ = write!(
            s,
            "                     <Artikel eId=\"{}\" wId=\"{}\">\n                        <Kop>\n                           <Label>Artikel</Label>\n                           <Nummer>{}</Nummer>\n",
            esc(&a.eid),
            esc(&a.wid),
            esc(&a.nummer)
        );
        if let Some(o) = &a.opschrift {
            let _ = writeln!(s, "                           <Opschrift>{}</Opschrift>", esc(o));
        }
        s.push_str("                        </Kop>\n                        <Inhoud>\n");
        for line in a.tekst.lines() {
            let _ = writeln!(s, "                           <Al>{}</Al>", esc(line));
        }
        if norm_artikel == Some(a.wid.as_str()) {
            s.push_str("                           <Al>De werkingsgebieden zijn vastgelegd in");
            for d in delen {
                let _ = write!(
                    s,
                    " '<IntIoRef eId=\"{eid}__ref_o_{nr}\" wId=\"{wid}__ref_o_{nr}\" ref=\"{ext}\">{naam}</IntIoRef>'",
                    eid = esc(&a.eid),
                    wid = esc(&a.wid),
                    nr = d.nr,
                    ext = ext_wid(gm, d.nr),
                    naam = d.naam
                );
            }
            s.push_str(".</Al>\n");
        }
        s.push_str("                        </Inhoud>\n                     </Artikel>\n");
    }
    if hoofdstuk.is_some() {
        s.push_str("                  </Hoofdstuk>\n");
    }
    let _ = write!(
        s,
        "               </Lichaam>\n               <Bijlage eId=\"cmp_I\" wId=\"{gm}_1__cmp_I\">\n                  <Kop>\n                     <Label>Bijlage</Label>\n                     <Nummer>I</Nummer>\n                     <Opschrift>Overzicht informatieobjecten</Opschrift>\n                  </Kop>\n                  <Divisietekst eId=\"cmp_I__content_o_1\" wId=\"{gm}_1__cmp_I__content_o_1\">\n                     <Inhoud>\n                        <Begrippenlijst eId=\"cmp_I__content_o_1__list_o_1\" wId=\"{gm}_1__cmp_I__content_o_1__list_o_1\">\n"
    );
    for d in delen {
        let _ = write!(
            s,
            "                           <Begrip eId=\"cmp_I__content_o_1__list_o_1__item_o_{nr}\" wId=\"{gm}_1__cmp_I__content_o_1__list_o_1__item_o_{nr}\">\n                              <Term>{naam}</Term>\n                              <Definitie>\n                                 <Al><ExtIoRef eId=\"cmp_I__content_o_1__list_o_1__item_o_{nr}__ref_o_1\" wId=\"{wid}\" ref=\"{expr}\">{expr}</ExtIoRef></Al>\n                              </Definitie>\n                           </Begrip>\n",
            nr = d.nr,
            naam = d.naam,
            wid = ext_wid(gm, d.nr),
            expr = d.expression
        );
    }
    let _ = write!(
        s,
        r#"                        </Begrippenlijst>
                     </Inhoud>
                  </Divisietekst>
               </Bijlage>
            </RegelingCompact>
         </WijzigBijlage>
      </BesluitCompact>
   </BesluitVersie>
   <RegelingVersieInformatie>
      <ExpressionIdentificatie xmlns="https://standaarden.overheid.nl/stop/imop/data/">
         <FRBRWork>{work}</FRBRWork>
         <FRBRExpression>{regeling_expr}</FRBRExpression>
         <soortWork>/join/id/stop/work_019</soortWork>
      </ExpressionIdentificatie>
      <RegelingVersieMetadata xmlns="https://standaarden.overheid.nl/stop/imop/data/">
         <versienummer>1</versienummer>
      </RegelingVersieMetadata>
      <RegelingMetadata xmlns="https://standaarden.overheid.nl/stop/imop/data/">
         <eindverantwoordelijke>/tooi/id/gemeente/{gm}</eindverantwoordelijke>
         <maker>/tooi/id/gemeente/{gm}</maker>
         <soortBestuursorgaan>/tooi/def/thes/kern/c_2a7d8663</soortBestuursorgaan>
         <officieleTitel>{titel}</officieleTitel>
         <soortRegeling>/join/id/stop/regelingtype_003</soortRegeling>
      </RegelingMetadata>
   </RegelingVersieInformatie>
</AanleveringBesluit>
"#,
        work = esc(&plan.id),
    );
    s
}
