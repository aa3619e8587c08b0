//! Import and check errors: each names the file, the element (id) and the reason.

use serde::Serialize;

/// Why an STTR file, delivery zip or activity JSON could not be imported.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize)]
#[serde(tag = "soort", rename_all = "camelCase")]
pub enum ImportError {
    #[error("{file}: {reason}")]
    Xml { file: String, reason: String },
    #[error("{file}: geen DMN-document: {reason}")]
    NotDmn { file: String, reason: String },
    #[error("{file}: {element} '{id}': {reason}")]
    Invalid { file: String, element: String, id: String, reason: String },
    #[error("{file}: {element} '{id}' verwijst naar '{reference}', maar dat bestaat niet in het model")]
    MissingReference { file: String, element: String, id: String, reference: String },
    #[error("{file}: beslissing '{decision}', {rule}: FEEL-tekst '{text}' wordt niet ondersteund: {reason}")]
    Feel { file: String, decision: String, rule: String, text: String, reason: String },
    #[error("{file}: kringverwijzing tussen beslissingen: {}", decisions.join(" -> "))]
    Cycle { file: String, decisions: Vec<String> },
    #[error("{file}: zip: {reason}")]
    Zip { file: String, reason: String },
    #[error("{file}: zip geweigerd: {reason}")]
    ZipLimit { file: String, reason: String },
    #[error("{file}: JSON: {reason}")]
    Json { file: String, reason: String },
    #[error("{file}: geen STTR-bestand gevonden in de levering")]
    NoSttr { file: String },
}

/// One rejected answer: question id, stable code, Dutch message.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AntwoordFout {
    pub vraag: String,
    pub code: &'static str,
    pub melding: String,
}

/// Why a check step could not be taken.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CheckError {
    #[error("kies ten minste één activiteit")]
    GeenActiviteit,
    #[error("activiteit '{0}' is onbekend of heeft geen conclusieregels")]
    OnbekendeActiviteit(String),
    #[error("{} antwoord(en) ongeldig: {}", .0.len(), .0.iter().map(|f| format!("{}: {}", f.vraag, f.melding)).collect::<Vec<_>>().join("; "))]
    OngeldigeAntwoorden(Vec<AntwoordFout>),
}

impl CheckError {
    /// Stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            CheckError::GeenActiviteit => "geen-activiteit",
            CheckError::OnbekendeActiviteit(_) => "onbekende-activiteit",
            CheckError::OngeldigeAntwoorden(_) => "ongeldige-antwoorden",
        }
    }
}

impl Serialize for CheckError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("CheckError", 3)?;
        st.serialize_field("code", self.code())?;
        st.serialize_field("melding", &self.to_string())?;
        let fouten: &[AntwoordFout] = match self {
            CheckError::OngeldigeAntwoorden(f) => f,
            _ => &[],
        };
        st.serialize_field("fouten", fouten)?;
        st.end()
    }
}
