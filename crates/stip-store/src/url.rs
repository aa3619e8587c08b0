//! The database URL: which backend, where, and how to print it without its password.

use crate::StoreError;
use std::fmt;
use std::path::{Path, PathBuf};

/// A parsed database URL. `Display` and `Debug` never show a password.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// An embedded SQLite file.
    Sqlite { path: PathBuf },
    /// A PostgreSQL server (`postgres://` or `postgresql://`).
    Postgres { url: String },
}

impl DatabaseUrl {
    /// Parses `sqlite:PATH`, `sqlite://PATH` or `postgres://…` / `postgresql://…`.
    pub fn parse(s: &str) -> Result<DatabaseUrl, StoreError> {
        if let Some(rest) = s.strip_prefix("sqlite://").or_else(|| s.strip_prefix("sqlite:")) {
            let path = rest.split('?').next().unwrap_or_default();
            if path.is_empty() {
                return Err(StoreError::InvalidUrl(
                    "a sqlite URL needs a file path, e.g. sqlite:./stip-data/stip.db".into(),
                ));
            }
            return Ok(DatabaseUrl::Sqlite { path: PathBuf::from(path) });
        }
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            return Ok(DatabaseUrl::Postgres { url: s.to_string() });
        }
        let scheme = s.split(':').next().unwrap_or_default();
        Err(StoreError::InvalidUrl(format!(
            "unsupported scheme \"{scheme}\"; use sqlite:PATH or postgres://USER@HOST/DATABASE"
        )))
    }

    /// The embedded default inside a data directory.
    pub fn sqlite_in(data_dir: &Path) -> DatabaseUrl {
        DatabaseUrl::Sqlite { path: data_dir.join("stip.db") }
    }

    /// The URL with any password replaced by `***`, safe for logs and error messages.
    pub fn redacted(&self) -> String {
        match self {
            DatabaseUrl::Sqlite { path } => format!("sqlite:{}", path.display()),
            DatabaseUrl::Postgres { url } => redact_password(url),
        }
    }
}

fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_string() };
    let (authority, tail) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let Some((userinfo, host)) = authority.rsplit_once('@') else { return url.to_string() };
    let user = userinfo.split(':').next().unwrap_or_default();
    let masked = if userinfo.contains(':') { format!("{user}:***") } else { user.to_string() };
    let tail = redact_query_password(tail);
    format!("{scheme}://{masked}@{host}{tail}")
}

fn redact_query_password(tail: &str) -> String {
    let Some((path, query)) = tail.split_once('?') else { return tail.to_string() };
    let parts: Vec<String> = query
        .split('&')
        .map(|kv| match kv.split_once('=') {
            Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
            _ => kv.to_string(),
        })
        .collect();
    format!("{path}?{}", parts.join("&"))
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DatabaseUrl({})", self.redacted())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_postgres_password_never_shows_in_print() {
        let url = DatabaseUrl::parse("postgres://stip:geheim@db.example:5432/stip?sslmode=require&password=ookgeheim")
            .unwrap();
        let shown = format!("{url} {url:?}");
        assert!(!shown.contains("geheim"), "{shown}");
        assert!(shown.contains("stip:***@db.example:5432/stip"), "{shown}");
    }

    #[test]
    fn a_sqlite_url_names_its_file() {
        assert_eq!(
            DatabaseUrl::parse("sqlite:./data/stip.db").unwrap(),
            DatabaseUrl::Sqlite { path: PathBuf::from("./data/stip.db") }
        );
    }

    #[test]
    fn an_unknown_scheme_is_refused_with_the_forms_that_work() {
        let err = DatabaseUrl::parse("mysql://localhost/stip").unwrap_err().to_string();
        assert!(err.contains("mysql") && err.contains("postgres://"), "{err}");
    }
}
