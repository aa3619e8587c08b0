//! "Leg het proces uit" over the API: `GET /api/v1/procedures/{soort}` — the steps and legal terms of a procedure
//! (from `stip_zaak::procedure`), in plain Dutch from the message catalogue, with the expected decision date for a
//! submission date, and for activities of an authority whose tarieventabel stip knows, the estimate of the fees. The
//! pages show the same explanation (`proces.html`).

use crate::AppState;
use crate::error::{ApiError, ErrorCode, Problem};
use crate::i18n::Lang;
use axum::Json;
use axum::extract::{Path, Query, State};
use serde::{Deserialize, Serialize};
use stip_zaak::procedure::{Procedure, Termijn};
use time::Date;
use time::macros::format_description;
use utoipa::{IntoParams, ToSchema};

/// A procedure explained.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProcesUitleg {
    /// `regulier`, `uitgebreid`, `melding`, `informatie`, `geen` or `onbepaald`.
    pub soort: &'static str,
    pub naam: &'static str,
    pub samenvatting: &'static str,
    /// The steps, in order.
    pub stappen: Vec<ProcesStap>,
    /// What it costs, in general.
    pub leges: &'static str,
    /// What it costs for the activities asked (`activiteiten`, `gezag`, `bouwkosten`), when stip knows the
    /// authority's tarieventabel: the same estimate `/leges` gives.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raming: Option<stip_leges::Raming>,
    /// For an application submitted on `ingediend`: the end of the decision term, and with one extension
    /// (`JJJJ-MM-DD`; a last day on a weekend or public holiday moves to the next working day, Algemene
    /// termijnenwet — the same last day a case submitted that day gets).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verwachte_beslisdatum: Option<VerwachteBeslisdatum>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProcesStap {
    pub sleutel: &'static str,
    pub titel: &'static str,
    /// The step in a sentence or two, with its term filled in.
    pub tekst: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub termijn: Option<Termijn>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VerwachteBeslisdatum {
    pub ingediend: String,
    pub uiterlijk: String,
    pub met_verlenging: String,
}

/// The explanation of a procedure in a language, optionally with the decision date for a submission date.
pub fn proces_uitleg(lang: Lang, procedure: Procedure, ingediend: Option<Date>) -> ProcesUitleg {
    let soort = procedure.soort();
    let formaat = format_description!("[year]-[month]-[day]");
    let datum = |d: Date| d.format(&formaat).unwrap_or_default();
    ProcesUitleg {
        soort,
        naam: lang.text(&format!("proces.naam_{soort}")),
        samenvatting: lang.text(&format!("proces.samenvatting_{soort}")),
        stappen: procedure
            .stappen()
            .iter()
            .map(|s| {
                let mut tekst = lang.text(&format!("proces.stap_{}", s.sleutel)).to_string();
                if let Some(t) = s.termijn {
                    tekst = tekst
                        .replace("{weken}", &t.weken.to_string())
                        .replace("{verlenging}", &t.verlenging_weken.unwrap_or(0).to_string());
                }
                ProcesStap {
                    sleutel: s.sleutel,
                    titel: lang.text(&format!("proces.stap_{}_titel", s.sleutel)),
                    tekst,
                    termijn: s.termijn,
                }
            })
            .collect(),
        leges: lang.text("proces.leges"),
        raming: None,
        verwachte_beslisdatum: ingediend.and_then(|d| {
            let b = procedure.verwachte_beslisdatum(d)?;
            Some(VerwachteBeslisdatum {
                ingediend: datum(d),
                uiterlijk: datum(b.uiterlijk),
                met_verlenging: datum(b.met_verlenging),
            })
        }),
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProcesParams {
    /// Submission date `JJJJ-MM-DD`: the answer then holds the expected decision date.
    ingediend: Option<String>,
    /// IMOW activity ids, separated by commas: with `gezag`, the answer holds the estimate of the fees.
    activiteiten: Option<String>,
    /// The authority whose tarieventabel applies, e.g. `gm9999`.
    gezag: Option<String>,
    /// The building costs in whole euros, e.g. `25000`.
    bouwkosten: Option<String>,
}

/// The steps, legal terms and costs of a procedure; with `activiteiten` and `gezag` the estimate of the fees under
/// the authority's tarieventabel, where stip knows it.
#[utoipa::path(get, path = "/procedures/{soort}", tag = "vergunningcheck",
    params(("soort" = String, Path, description = "`regulier`, `uitgebreid`, `melding`, `informatie`, `geen` or `onbepaald` (the Vergunningcheck outcome Vergunningplicht leads to `regulier`, Meldingsplicht to `melding`, Informatieplicht to `informatie`, Toestemmingsvrij to `geen`, anything undecided to `onbepaald`)"), ProcesParams),
    responses(
        (status = 200, body = ProcesUitleg, description = "The procedure explained"),
        (status = 404, body = Problem, content_type = "application/problem+json", description = "no such procedure (`not_found`)"),
        (status = 400, body = Problem, content_type = "application/problem+json", description = "`ingediend` is not a date, or `bouwkosten` no whole number of euros (`invalid_request`)"),
    ))]
pub(super) async fn procedure(
    State(state): State<AppState>,
    Path(soort): Path<String>,
    Query(params): Query<ProcesParams>,
) -> Result<Json<ProcesUitleg>, ApiError> {
    let procedure = Procedure::parse(&soort).ok_or_else(|| {
        ApiError::new(
            ErrorCode::NotFound,
            format!("no procedure \"{soort}\"; use regulier, uitgebreid, melding, informatie, geen or onbepaald"),
        )
    })?;
    let ingediend = params
        .ingediend
        .map(|d| {
            Date::parse(&d, format_description!("[year]-[month]-[day]")).map_err(|_| {
                ApiError::new(ErrorCode::InvalidRequest, format!("ingediend: \"{d}\" is no date JJJJ-MM-DD"))
            })
        })
        .transpose()?;
    let mut uitleg = proces_uitleg(Lang::Nl, procedure, ingediend);
    if params.activiteiten.is_some() && params.gezag.is_some() {
        let vraag = super::leges::LegesParams {
            activiteiten: params.activiteiten,
            bouwkosten: params.bouwkosten,
            gezag: params.gezag,
            uitgebreid: Some(procedure == Procedure::Uitgebreid),
            dienstverlening: None,
        };
        let (gezag, vraag) = super::leges::vraag_uit(&state, vraag)?;
        // no table for the authority: the general text stands alone
        uitleg.raming = stip_app::leges::raming(&state.kennis(), &gezag, &vraag, state.klok().vandaag()).ok();
    }
    Ok(Json(uitleg))
}
