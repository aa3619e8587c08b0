//! Reporting's rollups: the per-case facts (`zaak_feit`) the event writer keeps current in the event's own
//! transaction (the domain folds the event in, [`stip_zaak::rapportage::Feit`]), the per-day totals made from them
//! (`zaak_telling`, kept by differences the writer appends and a background step folds in), the reads the reports
//! make, and the imported open-data sets of other municipalities.

use crate::rij::Rij;
use crate::{StoreError, Zaak};
use std::future::Future;
use stip_zaak::rapportage::{Feit, Filter, Periode, Sleutel, Telling};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// How far before a period a case may have been received and still be read as open in it: longer-running cases are
/// outliers the quarter report leaves out.
pub const TERUGKIJK_DAGEN: i64 = 400;

/// What the reports read besides the case facts, for one authority and period.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overig {
    /// Help requests in the period: the page they were asked on and their context (the activity, when known).
    pub hulpvragen: Vec<(String, serde_json::Value)>,
    /// Reviews answered in the period: ease and satisfaction (1–5).
    pub reviews: Vec<(i64, i64)>,
    /// Initiatives started in the period and the participation in them: reactions and consents.
    pub initiatieven: i64,
    pub reacties: i64,
    pub toestemmingen: i64,
    /// Fees assessed and refunded in the period (cents), and paid.
    pub leges_opgelegd_cent: i64,
    pub leges_teruggegeven_cent: i64,
    pub leges_betaald_cent: i64,
}

/// An imported open-data set of another municipality.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenDataSet {
    pub id: Uuid,
    pub gemeente: String,
    pub periode: String,
    pub inhoud: serde_json::Value,
    pub geimporteerd: OffsetDateTime,
}

/// The reporting rollups.
pub trait RapportageRepository {
    /// The facts of the cases of `gezag` received in `[van, tot)`, plus those received up to
    /// [`TERUGKIJK_DAGEN`] before `van` that were still open at `van` (decided later or not yet).
    fn feiten(&self, gezag: &str, van: Date, tot: Date) -> impl Future<Output = Result<Vec<Feit>, StoreError>> + Send;
    /// The per-day rollup rows of `gezag` for the days in `[van, tot)`: the totals and the differences not folded in
    /// yet, read together (rows with the same key add up).
    fn tellingen(
        &self,
        gezag: &str,
        van: Date,
        tot: Date,
    ) -> impl Future<Output = Result<Vec<(Sleutel, Telling)>, StoreError>> + Send;
    /// Cases of `gezag` without a decision at the end of `periode` whose term had passed, as
    /// [`stip_zaak::rapportage::telling::open_over_termijn`] counts them (received at most [`TERUGKIJK_DAGEN`] before).
    fn open_over_termijn(
        &self,
        gezag: &str,
        periode: Periode,
        filter: &Filter,
    ) -> impl Future<Output = Result<u64, StoreError>> + Send;
    /// The facts of the cases of `gezag` waiting for a decision now.
    fn open_feiten(&self, gezag: &str) -> impl Future<Output = Result<Vec<Feit>, StoreError>> + Send;
    /// Cases received per day in `[van, tot)`.
    fn instroom(
        &self,
        gezag: &str,
        van: Date,
        tot: Date,
    ) -> impl Future<Output = Result<Vec<(Date, u64)>, StoreError>> + Send;
    /// Makes the facts of cases that have none (cases from before reporting existed) from their history; answers how
    /// many it made.
    fn vul_feiten_aan(&self) -> impl Future<Output = Result<u64, StoreError>> + Send;
    /// Counts the facts not yet in the rollup (from before it, or written by an earlier release), a batch at a time;
    /// answers how many it counted. Safe beside writers and other instances.
    fn tel_aan(&self) -> impl Future<Output = Result<u64, StoreError>> + Send;
    /// Folds the differences the writers appended into the per-day totals; answers how many it folded. One instance
    /// folds at a time (the others answer 0).
    fn vouw_tellingen(&self) -> impl Future<Output = Result<u64, StoreError>> + Send;
    /// Help requests, reviews, participation and fees of a period.
    fn overig(
        &self,
        gezag: &str,
        van: OffsetDateTime,
        tot: OffsetDateTime,
    ) -> impl Future<Output = Result<Overig, StoreError>> + Send;
    /// Keeps an imported open-data set; one per municipality and period (a newer import replaces it).
    fn bewaar_open_data(
        &self,
        gemeente: &str,
        periode: &str,
        inhoud: &serde_json::Value,
        nu: OffsetDateTime,
    ) -> impl Future<Output = Result<OpenDataSet, StoreError>> + Send;
    /// Every imported set, by municipality and period.
    fn open_data_sets(&self) -> impl Future<Output = Result<Vec<OpenDataSet>, StoreError>> + Send;
}

/// The fact of a case just made, from its row.
pub(crate) fn feit_van(zaak: &Zaak) -> Feit {
    Feit::nieuw(
        zaak.id.0,
        &zaak.zaaknummer,
        &zaak.bevoegd_gezag,
        zaak.team.as_deref(),
        zaak.behandelaar,
        &zaak.procedure,
        &zaak.status,
        zaak.ingediend,
        zaak.uiterste_beslisdatum,
        &zaak.inhoud,
    )
}

/// The activity groups as the `groepen` column keeps them: `,bouwen,kappen,` (a `LIKE '%,bouwen,%'` finds one).
pub fn groepen_kolom(feit: &Feit) -> String {
    format!(",{},", feit.groepen.join(","))
}

/// How many facts [`RapportageRepository::tel_aan`] counts in one transaction, and differences
/// [`RapportageRepository::vouw_tellingen`] folds in one.
pub(crate) const PARTIJ: i64 = 1000;

/// The key columns of a rollup row: team (`''` for none), procedure, groups.
pub(crate) fn sleutel_kolommen(k: &Sleutel) -> (String, String, String) {
    (k.team.clone().unwrap_or_default(), k.procedure.clone(), format!(",{},", k.groepen.join(",")))
}

pub(crate) fn telling_uit(rij: &impl Rij) -> Result<(Sleutel, Telling), StoreError> {
    let team = rij.tekst("team")?;
    let sleutel = Sleutel {
        dag: rij.datum("dag")?,
        team: (!team.is_empty()).then_some(team),
        procedure: rij.tekst("procedure")?,
        groepen: rij.tekst("groepen")?.split(',').filter(|g| !g.is_empty()).map(str::to_string).collect(),
    };
    let telling = serde_json::from_str(&rij.tekst("telling")?)
        .map_err(|e| StoreError::Corrupt(format!("zaak_telling is not a count: {e}")))?;
    Ok((sleutel, telling))
}

pub(crate) fn telling_json(t: &Telling) -> Result<String, StoreError> {
    serde_json::to_string(t).map_err(|e| StoreError::Corrupt(e.to_string()))
}

pub(crate) fn feit_uit(rij: &impl Rij) -> Result<Feit, StoreError> {
    let tekst = rij.tekst("feit")?;
    serde_json::from_str(&tekst).map_err(|e| StoreError::Corrupt(format!("zaak_feit is not a fact: {e}")))
}

/// Folds one event into a zaak's fact in the running transaction: the fact read (or made from the history when the
/// zaak has none yet), the event applied with the zaak's new state, written back with the difference it makes to the
/// rollup.
pub(crate) trait FeitSchrijver {
    fn werk_feit_bij(
        &mut self,
        zaak: &Zaak,
        soort: &str,
        gegevens: &serde_json::Value,
        op: OffsetDateTime,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Writes `feit` and appends the difference from `geteld` (the fact as the rollup counted it; `None`: not
    /// counted).
    fn schrijf_feit(
        &mut self,
        feit: &Feit,
        geteld: Option<&Feit>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Appends differences of `gezag`'s rollup rows.
    fn schrijf_verschil(
        &mut self,
        gezag: &str,
        rijen: &[(Sleutel, Telling)],
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
}

/// `$lock`: what the read of the fact ends with so that a concurrent counting of it waits (PostgreSQL `FOR UPDATE`;
/// SQLite has one writer).
macro_rules! feit_schrijver {
    ($conn:ty, $lock:literal) => {
        impl FeitSchrijver for $conn {
            async fn werk_feit_bij(
                &mut self,
                zaak: &Zaak,
                soort: &str,
                gegevens: &serde_json::Value,
                op: OffsetDateTime,
            ) -> Result<(), StoreError> {
                let rij = sqlx::query(concat!("SELECT feit, geteld FROM zaak_feit WHERE zaak_id = $1", $lock))
                    .bind(zaak.id.0)
                    .fetch_optional(&mut *self)
                    .await?;
                let stand = (zaak.status.as_str(), zaak.team.as_deref(), zaak.behandelaar, zaak.uiterste_beslisdatum);
                let (feit, geteld) = match rij {
                    Some(rij) => {
                        let oud = feit_uit(&rij)?;
                        let mut feit = oud.clone();
                        feit.pas_toe(soort, gegevens, op, stand);
                        (feit, rij.waar("geteld")?.then_some(oud))
                    }
                    None => {
                        // A case from before reporting: its whole history, this event included (already inserted).
                        let mut feit = feit_van(zaak);
                        let rijen = sqlx::query(
                            "SELECT soort, gegevens, op FROM gebeurtenis WHERE zaak_id = $1 ORDER BY volgnummer",
                        )
                        .bind(zaak.id.0)
                        .fetch_all(&mut *self)
                        .await?;
                        for r in &rijen {
                            feit.pas_toe(&r.tekst("soort")?, &r.json("gegevens")?, r.moment("op")?, stand);
                        }
                        (feit, None)
                    }
                };
                self.schrijf_feit(&feit, geteld.as_ref()).await
            }

            async fn schrijf_feit(&mut self, feit: &Feit, geteld: Option<&Feit>) -> Result<(), StoreError> {
                let json = serde_json::to_string(feit).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                sqlx::query(
                    "INSERT INTO zaak_feit (zaak_id, bevoegd_gezag, ontvangen, besloten, open_zaak, termijn, team,
                        procedure, groepen, feit, geteld)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                     ON CONFLICT (zaak_id) DO UPDATE SET bevoegd_gezag = excluded.bevoegd_gezag,
                        ontvangen = excluded.ontvangen, besloten = excluded.besloten,
                        open_zaak = excluded.open_zaak, termijn = excluded.termijn, team = excluded.team,
                        procedure = excluded.procedure, groepen = excluded.groepen, feit = excluded.feit,
                        geteld = excluded.geteld",
                )
                .bind(feit.zaak)
                .bind(&feit.bevoegd_gezag)
                .bind(feit.ontvangen)
                .bind(feit.besloten)
                .bind(feit.open())
                .bind(feit.uiterste_beslisdatum)
                .bind(&feit.team)
                .bind(&feit.procedure)
                .bind(groepen_kolom(feit))
                .bind(json)
                .bind(true)
                .execute(&mut *self)
                .await?;
                if geteld.is_some_and(|g| g.bevoegd_gezag != feit.bevoegd_gezag) {
                    // Another authority's rows: take the old counts away there.
                    let oud = geteld.expect("checked");
                    let weg: Vec<(Sleutel, Telling)> = stip_zaak::rapportage::telling::bijdragen(oud)
                        .into_iter()
                        .map(|(k, t)| {
                            let mut min = Telling::default();
                            min.tel_op(&t, -1);
                            (k, min)
                        })
                        .collect();
                    self.schrijf_verschil(&oud.bevoegd_gezag, &weg).await?;
                    return self
                        .schrijf_verschil(&feit.bevoegd_gezag, &stip_zaak::rapportage::telling::verschil(None, feit))
                        .await;
                }
                self.schrijf_verschil(&feit.bevoegd_gezag, &stip_zaak::rapportage::telling::verschil(geteld, feit))
                    .await
            }

            async fn schrijf_verschil(&mut self, gezag: &str, rijen: &[(Sleutel, Telling)]) -> Result<(), StoreError> {
                // Many rows per statement (counting earlier facts writes thousands), within SQLite's bind limit.
                for deel in rijen.chunks(150) {
                    let mut waarden = Vec::with_capacity(deel.len());
                    for (k, t) in deel {
                        let (team, procedure, groepen) = sleutel_kolommen(k);
                        waarden.push((k.dag, team, procedure, groepen, telling_json(t)?));
                    }
                    let mut q = sqlx::QueryBuilder::new(
                        "INSERT INTO zaak_telling_verschil (bevoegd_gezag, dag, team, procedure, groepen, telling) ",
                    );
                    q.push_values(waarden, |mut b, (dag, team, procedure, groepen, telling)| {
                        b.push_bind(gezag).push_bind(dag).push_bind(team).push_bind(procedure);
                        b.push_bind(groepen).push_bind(telling);
                    });
                    q.build().execute(&mut *self).await?;
                }
                Ok(())
            }
        }
    };
}

feit_schrijver!(sqlx::SqliteConnection, "");
feit_schrijver!(sqlx::PgConnection, " FOR UPDATE");

pub(crate) fn open_data_uit(rij: &impl Rij) -> Result<OpenDataSet, StoreError> {
    Ok(OpenDataSet {
        id: rij.uuid("id")?,
        gemeente: rij.tekst("gemeente")?,
        periode: rij.tekst("periode")?,
        inhoud: rij.json("inhoud")?,
        geimporteerd: rij.moment("geimporteerd")?,
    })
}

/// Counts reactions and consents in an initiative's JSON (its plan versions' reactions, its consents).
pub(crate) fn participatie(inhoud: &serde_json::Value) -> (i64, i64) {
    let tel = |sleutel: &str| inhoud[sleutel].as_array().map_or(0, |a| a.len() as i64);
    (tel("reacties"), tel("toestemmingen"))
}

macro_rules! rapportage_repository {
    ($store:ty) => {
        const _: () = {
            use $crate::gedeeld::Backend;
            use $crate::rapportage::{
                FeitSchrijver, OpenDataSet, Overig, PARTIJ, RapportageRepository, TERUGKIJK_DAGEN, feit_uit,
                open_data_uit, participatie, sleutel_kolommen, telling_uit,
            };
            use $crate::rij::{Rij, moment};
            use $crate::StoreError;
            use stip_zaak::rapportage::{Feit, Filter, Periode, Sleutel, Telling};
            use time::{Date, OffsetDateTime};

            impl RapportageRepository for $store {
                async fn feiten(&self, gezag: &str, van: Date, tot: Date) -> Result<Vec<Feit>, StoreError> {
                    sqlx::query(
                        "SELECT feit FROM zaak_feit WHERE bevoegd_gezag = $1 AND ontvangen >= $2 AND ontvangen < $3
                           AND (ontvangen >= $4 OR besloten IS NULL OR besloten >= $4)",
                    )
                    .bind(gezag)
                    .bind(van - time::Duration::days(TERUGKIJK_DAGEN))
                    .bind(tot)
                    .bind(van)
                    .fetch_all(self.lezers())
                    .await?
                    .iter()
                    .map(feit_uit)
                    .collect()
                }

                async fn tellingen(
                    &self,
                    gezag: &str,
                    van: Date,
                    tot: Date,
                ) -> Result<Vec<(Sleutel, Telling)>, StoreError> {
                    // One statement: a fold committing meanwhile is seen whole or not at all.
                    sqlx::query(
                        "SELECT dag, team, procedure, groepen, telling FROM zaak_telling
                         WHERE bevoegd_gezag = $1 AND dag >= $2 AND dag < $3
                         UNION ALL
                         SELECT dag, team, procedure, groepen, telling FROM zaak_telling_verschil
                         WHERE bevoegd_gezag = $1 AND dag >= $2 AND dag < $3",
                    )
                    .bind(gezag)
                    .bind(van)
                    .bind(tot)
                    .fetch_all(self.lezers())
                    .await?
                    .iter()
                    .map(telling_uit)
                    .collect()
                }

                async fn open_over_termijn(
                    &self,
                    gezag: &str,
                    periode: Periode,
                    filter: &Filter,
                ) -> Result<u64, StoreError> {
                    let laatste = periode.tot.previous_day().unwrap_or(periode.tot);
                    let n: i64 = sqlx::query_scalar(
                        "SELECT COUNT(*) FROM zaak_feit
                         WHERE bevoegd_gezag = $1 AND ontvangen >= $2 AND ontvangen < $3 AND termijn < $4
                           AND procedure <> 'melding' AND (open_zaak = $5 OR besloten >= $3)
                           AND ($6 IS NULL OR team = $6) AND ($7 IS NULL OR procedure = $7)
                           AND ($8 IS NULL OR groepen LIKE $8)",
                    )
                    .bind(gezag)
                    .bind(periode.van - time::Duration::days(TERUGKIJK_DAGEN))
                    .bind(periode.tot)
                    .bind(laatste)
                    .bind(true)
                    .bind(filter.team.as_deref())
                    .bind(filter.procedure.as_deref())
                    .bind(filter.activiteitgroep.as_ref().map(|g| format!("%,{g},%")))
                    .fetch_one(self.lezers())
                    .await?;
                    Ok(n as u64)
                }

                async fn tel_aan(&self) -> Result<u64, StoreError> {
                    let mut geteld = 0;
                    loop {
                        let mut tx = self.begin_schrijven().await?;
                        let rijen = sqlx::query(sqlx::AssertSqlSafe(format!(
                            "SELECT zaak_id, feit FROM zaak_feit WHERE geteld = false LIMIT {PARTIJ} {}",
                            <Self as Backend>::CLAIM
                        )))
                        .fetch_all(&mut *tx)
                        .await?;
                        if rijen.is_empty() {
                            tx.commit().await?;
                            return Ok(geteld);
                        }
                        let mut per_gezag: std::collections::BTreeMap<String, Vec<(Sleutel, Telling)>> =
                            Default::default();
                        let mut ids = Vec::with_capacity(rijen.len());
                        for rij in &rijen {
                            let feit = feit_uit(rij)?;
                            ids.push(rij.uuid("zaak_id")?);
                            per_gezag
                                .entry(feit.bevoegd_gezag.clone())
                                .or_default()
                                .extend(stip_zaak::rapportage::telling::bijdragen(&feit));
                        }
                        for (gezag, rijen) in per_gezag {
                            let samen: Vec<(Sleutel, Telling)> =
                                stip_zaak::rapportage::telling::samen(rijen).into_iter().collect();
                            (&mut *tx).schrijf_verschil(&gezag, &samen).await?;
                        }
                        let mut q = sqlx::QueryBuilder::new("UPDATE zaak_feit SET geteld = ");
                        q.push_bind(true).push(" WHERE zaak_id IN (");
                        let mut lijst = q.separated(", ");
                        for id in &ids {
                            lijst.push_bind(*id);
                        }
                        q.push(")");
                        q.build().execute(&mut *tx).await?;
                        tx.commit().await?;
                        geteld += ids.len() as u64;
                    }
                }

                async fn vouw_tellingen(&self) -> Result<u64, StoreError> {
                    let mut gevouwen = 0;
                    loop {
                        let mut tx = self.begin_schrijven().await?;
                        if let Some(slot) = <Self as Backend>::EEN_TEGELIJK {
                            let vrij: bool =
                                sqlx::query_scalar(slot).bind("stip.zaak_telling").fetch_one(&mut *tx).await?;
                            if !vrij {
                                return Ok(gevouwen);
                            }
                        }
                        let rijen = sqlx::query(sqlx::AssertSqlSafe(format!(
                            "SELECT id, bevoegd_gezag, dag, team, procedure, groepen, telling
                             FROM zaak_telling_verschil ORDER BY id LIMIT {PARTIJ}"
                        )))
                        .fetch_all(&mut *tx)
                        .await?;
                        if rijen.is_empty() {
                            return Ok(gevouwen);
                        }
                        let mut per: std::collections::BTreeMap<(String, Sleutel), Telling> = Default::default();
                        let mut ids = Vec::with_capacity(rijen.len());
                        for rij in &rijen {
                            ids.push(rij.getal("id")?);
                            let (k, t) = telling_uit(rij)?;
                            per.entry((rij.tekst("bevoegd_gezag")?, k)).or_default().tel_op(&t, 1);
                        }
                        for ((gezag, k), verschil) in per {
                            let (team, procedure, groepen) = sleutel_kolommen(&k);
                            let stand: Option<String> = sqlx::query_scalar(
                                "SELECT telling FROM zaak_telling WHERE bevoegd_gezag = $1 AND dag = $2 AND team = $3
                                   AND procedure = $4 AND groepen = $5",
                            )
                            .bind(&gezag)
                            .bind(k.dag)
                            .bind(&team)
                            .bind(&procedure)
                            .bind(&groepen)
                            .fetch_optional(&mut *tx)
                            .await?;
                            let mut totaal: Telling = match stand {
                                Some(json) => serde_json::from_str(&json)
                                    .map_err(|e| StoreError::Corrupt(format!("zaak_telling is not a count: {e}")))?,
                                None => Telling::default(),
                            };
                            totaal.tel_op(&verschil, 1);
                            if totaal.is_leeg() {
                                sqlx::query(
                                    "DELETE FROM zaak_telling WHERE bevoegd_gezag = $1 AND dag = $2 AND team = $3
                                       AND procedure = $4 AND groepen = $5",
                                )
                                .bind(&gezag)
                                .bind(k.dag)
                                .bind(&team)
                                .bind(&procedure)
                                .bind(&groepen)
                                .execute(&mut *tx)
                                .await?;
                            } else {
                                sqlx::query(
                                    "INSERT INTO zaak_telling (bevoegd_gezag, dag, team, procedure, groepen, telling)
                                     VALUES ($1, $2, $3, $4, $5, $6)
                                     ON CONFLICT (bevoegd_gezag, dag, team, procedure, groepen)
                                     DO UPDATE SET telling = excluded.telling",
                                )
                                .bind(&gezag)
                                .bind(k.dag)
                                .bind(&team)
                                .bind(&procedure)
                                .bind(&groepen)
                                .bind($crate::rapportage::telling_json(&totaal)?)
                                .execute(&mut *tx)
                                .await?;
                            }
                        }
                        // By id, not by range: on PostgreSQL a smaller id may commit after a larger one.
                        let mut q = sqlx::QueryBuilder::new("DELETE FROM zaak_telling_verschil WHERE id IN (");
                        let mut lijst = q.separated(", ");
                        for id in &ids {
                            lijst.push_bind(*id);
                        }
                        q.push(")");
                        q.build().execute(&mut *tx).await?;
                        tx.commit().await?;
                        gevouwen += ids.len() as u64;
                        if (ids.len() as i64) < PARTIJ {
                            return Ok(gevouwen);
                        }
                    }
                }

                async fn open_feiten(&self, gezag: &str) -> Result<Vec<Feit>, StoreError> {
                    sqlx::query("SELECT feit FROM zaak_feit WHERE bevoegd_gezag = $1 AND open_zaak = $2")
                        .bind(gezag)
                        .bind(true)
                        .fetch_all(self.lezers())
                        .await?
                        .iter()
                        .map(feit_uit)
                        .collect()
                }

                async fn instroom(&self, gezag: &str, van: Date, tot: Date) -> Result<Vec<(Date, u64)>, StoreError> {
                    sqlx::query(
                        "SELECT ontvangen, COUNT(*) AS n FROM zaak_feit
                         WHERE bevoegd_gezag = $1 AND ontvangen >= $2 AND ontvangen < $3
                         GROUP BY ontvangen ORDER BY ontvangen",
                    )
                    .bind(gezag)
                    .bind(van)
                    .bind(tot)
                    .fetch_all(self.lezers())
                    .await?
                    .iter()
                    .map(|r| Ok((r.datum("ontvangen")?, r.getal("n")? as u64)))
                    .collect()
                }

                async fn vul_feiten_aan(&self) -> Result<u64, StoreError> {
                    let mut gemaakt = 0;
                    loop {
                        let ids: Vec<uuid::Uuid> = sqlx::query_scalar(
                            "SELECT z.id FROM zaak z LEFT JOIN zaak_feit f ON f.zaak_id = z.id
                             WHERE f.zaak_id IS NULL LIMIT 200",
                        )
                        .fetch_all(self.lezers())
                        .await?;
                        if ids.is_empty() {
                            return Ok(gemaakt);
                        }
                        for id in ids {
                            let mut tx = self.begin_schrijven().await?;
                            let rij = sqlx::query(concat!(
                                "SELECT ",
                                $crate::zaak::zaak_columns!(),
                                " FROM zaak WHERE id = $1"
                            ))
                            .bind(id)
                            .fetch_one(&mut *tx)
                            .await?;
                            let zaak = $crate::zaak::zaak_uit(&rij)?;
                            let mut feit = $crate::rapportage::feit_van(&zaak);
                            let stand = (
                                zaak.status.as_str(),
                                zaak.team.as_deref(),
                                zaak.behandelaar,
                                zaak.uiterste_beslisdatum,
                            );
                            let rijen = sqlx::query(
                                "SELECT soort, gegevens, op FROM gebeurtenis WHERE zaak_id = $1 ORDER BY volgnummer",
                            )
                            .bind(id)
                            .fetch_all(&mut *tx)
                            .await?;
                            for r in &rijen {
                                feit.pas_toe(&r.tekst("soort")?, &r.json("gegevens")?, r.moment("op")?, stand);
                            }
                            (&mut *tx).schrijf_feit(&feit, None).await?;
                            tx.commit().await?;
                            gemaakt += 1;
                        }
                    }
                }

                async fn overig(&self, gezag: &str, van: OffsetDateTime, tot: OffsetDateTime) -> Result<Overig, StoreError> {
                    let (van, tot) = (moment(van), moment(tot));
                    let hulpvragen = sqlx::query(
                        "SELECT pagina, context FROM hulpvragen WHERE ingediend >= $1 AND ingediend < $2",
                    )
                    .bind(van)
                    .bind(tot)
                    .fetch_all(self.lezers())
                    .await?
                    .iter()
                    .map(|r| Ok((r.tekst("pagina")?, r.json("context").unwrap_or_default())))
                    .collect::<Result<Vec<_>, StoreError>>()?;
                    let reviews = sqlx::query(
                        "SELECT gemak, tevredenheid FROM review
                         WHERE bevoegd_gezag = $1 AND beantwoord >= $2 AND beantwoord < $3
                           AND gemak IS NOT NULL AND tevredenheid IS NOT NULL",
                    )
                    .bind(gezag)
                    .bind(van)
                    .bind(tot)
                    .fetch_all(self.lezers())
                    .await?
                    .iter()
                    .map(|r| Ok((r.getal("gemak")?, r.getal("tevredenheid")?)))
                    .collect::<Result<Vec<_>, StoreError>>()?;
                    let mut o = Overig { hulpvragen, reviews, ..Overig::default() };
                    for r in sqlx::query("SELECT inhoud FROM initiatief WHERE aangemaakt >= $1 AND aangemaakt < $2")
                        .bind(van)
                        .bind(tot)
                        .fetch_all(self.lezers())
                        .await?
                    {
                        let inhoud = r.json("inhoud")?;
                        if inhoud["bevoegdGezag"].as_str().is_some_and(|g| g != gezag) {
                            continue;
                        }
                        let (reacties, toestemmingen) = participatie(&inhoud);
                        o.initiatieven += 1;
                        o.reacties += reacties;
                        o.toestemmingen += toestemmingen;
                    }
                    for r in sqlx::query(
                        "SELECT a.soort, SUM(a.bedrag_cent) AS bedrag FROM aanslag a JOIN zaak z ON z.id = a.zaak_id
                         WHERE z.bevoegd_gezag = $1 AND a.aangemaakt >= $2 AND a.aangemaakt < $3 GROUP BY a.soort",
                    )
                    .bind(gezag)
                    .bind(van)
                    .bind(tot)
                    .fetch_all(self.lezers())
                    .await?
                    {
                        let bedrag = r.getal_of_niets("bedrag")?.unwrap_or(0);
                        match r.tekst("soort")?.as_str() {
                            "teruggaaf" => o.leges_teruggegeven_cent += bedrag,
                            _ => o.leges_opgelegd_cent += bedrag,
                        }
                    }
                    let betaald: Option<i64> = sqlx::query_scalar(
                        "SELECT SUM(p.bedrag_cent) FROM betaling b JOIN betaling_post p ON p.betaling_id = b.id
                         JOIN aanslag a ON a.id = p.aanslag_id JOIN zaak z ON z.id = a.zaak_id
                         WHERE z.bevoegd_gezag = $1 AND b.status = 'betaald' AND b.betaald_op >= $2 AND b.betaald_op < $3",
                    )
                    .bind(gezag)
                    .bind(van)
                    .bind(tot)
                    .fetch_one(self.lezers())
                    .await?;
                    o.leges_betaald_cent = betaald.unwrap_or(0);
                    Ok(o)
                }

                async fn bewaar_open_data(
                    &self,
                    gemeente: &str,
                    periode: &str,
                    inhoud: &serde_json::Value,
                    nu: OffsetDateTime,
                ) -> Result<OpenDataSet, StoreError> {
                    let rij = sqlx::query(
                        "INSERT INTO open_data_set (id, gemeente, periode, inhoud, geimporteerd)
                         VALUES ($1, $2, $3, $4, $5)
                         ON CONFLICT (gemeente, periode) DO UPDATE SET inhoud = excluded.inhoud,
                            geimporteerd = excluded.geimporteerd
                         RETURNING id, gemeente, periode, inhoud, geimporteerd",
                    )
                    .bind(uuid::Uuid::now_v7())
                    .bind(gemeente)
                    .bind(periode)
                    .bind(inhoud.to_string())
                    .bind(moment(nu))
                    .fetch_one(self.schrijver())
                    .await?;
                    open_data_uit(&rij)
                }

                async fn open_data_sets(&self) -> Result<Vec<OpenDataSet>, StoreError> {
                    sqlx::query(
                        "SELECT id, gemeente, periode, inhoud, geimporteerd FROM open_data_set
                         ORDER BY gemeente, periode",
                    )
                    .fetch_all(self.lezers())
                    .await?
                    .iter()
                    .map(open_data_uit)
                    .collect()
                }
            }
        };
    };
}
pub(crate) use rapportage_repository;
