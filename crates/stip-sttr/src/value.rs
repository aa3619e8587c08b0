//! FEEL values as stip evaluates them: null, boolean, number, string, list.

use serde::{Serialize, Serializer};
use std::fmt;
use std::sync::Arc;

/// A FEEL value. Numbers are `f64`: STTR tables compare measured quantities against literal
/// boundaries and do no arithmetic, so binary floating point gives the same answers as FEEL decimals.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    Number(f64),
    String(Arc<str>),
    List(Arc<[Value]>),
}

impl Value {
    pub fn string(s: impl Into<Arc<str>>) -> Self {
        Value::String(s.into())
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// Converts a JSON value (used by tests and the HTTP layer).
    pub fn from_json(v: &serde_json::Value) -> Option<Self> {
        Some(match v {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Number(n.as_f64()?),
            serde_json::Value::String(s) => Value::string(s.as_str()),
            serde_json::Value::Array(a) => {
                Value::List(a.iter().map(Value::from_json).collect::<Option<Vec<_>>>()?.into())
            }
            serde_json::Value::Object(_) => return None,
        })
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Number(n) => {
                if n.fract() == 0.0 && n.abs() < 9.0e15 {
                    s.serialize_i64(*n as i64)
                } else {
                    s.serialize_f64(*n)
                }
            }
            Value::String(t) => s.serialize_str(t),
            Value::List(l) => s.collect_seq(l.iter()),
        }
    }
}

/// FEEL text form: `"a"`, `20`, `true`, `null`, `["a", "b"]`.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => write!(f, "null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Number(n) => write!(f, "{}", format_number(*n)),
            Value::String(s) => write!(f, "{s:?}"),
            Value::List(l) => {
                write!(f, "[")?;
                for (i, v) in l.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{v}")?;
                }
                write!(f, "]")
            }
        }
    }
}

/// Shortest decimal text of a number (`20`, `19.99`).
pub(crate) fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 9.0e15 { format!("{}", n as i64) } else { format!("{n}") }
}

/// Dutch number text: decimal comma (`19,99`).
pub(crate) fn format_number_nl(n: f64) -> String {
    format_number(n).replace('.', ",")
}
