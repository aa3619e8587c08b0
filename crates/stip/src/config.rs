//! The configuration: one typed tree, read from a TOML file, then `STIP_*` environment variables, then flags
//! (each overriding the one before). Unknown keys in the file are an error; the database URL never reaches a log.

use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use stip_store::DatabaseUrl;

/// The whole configuration of a running stip.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub server: ServerConfig,
    pub storage: StorageConfig,
    pub log: LogConfig,
    pub kaart: KaartConfig,
    pub demo: DemoConfig,
    /// Authorities and teams for "Waar moet ik zijn?" (`[[host.bevoegd_gezag]]` with `[[host.bevoegd_gezag.team]]`);
    /// without any, the demo municipality Gemeente Voorbeeldstad (gm9999).
    pub host: stip_web::HostConfig,
    pub sessie: SessieConfig,
    /// The SMTP server for one-time login links (`[mail] smtp_url`, `afzender`); without it no link is offered.
    pub mail: Option<stip_web::MailConfig>,
    /// An OpenID Connect provider, e.g. a DigiD/eHerkenning broker (`[oidc] issuer, client_id, client_secret,
    /// redirect_url, knop`); without it the login page offers no such button.
    pub oidc: Option<stip_web::OidcConfig>,
}

/// `[oidc]` as written in the file; checked into a [`stip_web::OidcConfig`].
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct OidcFile {
    issuer: String,
    client_id: String,
    client_secret: Secret,
    /// `https://<stip>/inloggen/oidc/terug`, as registered at the provider.
    redirect_url: String,
    /// The button's text on the login page.
    #[serde(default = "standaard_knop")]
    knop: String,
}

fn standaard_knop() -> String {
    "Inloggen met DigiD".into()
}

/// `[mail]` as written in the file; checked into a [`stip_web::MailConfig`].
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct MailFile {
    /// `smtp://host:port`, `smtp://host:587?tls=required` (STARTTLS) or `smtps://host:465`, optionally with
    /// `user:password@`.
    smtp_url: Secret,
    /// The From address, e.g. `stip <noreply@voorbeeldstad.nl>`.
    afzender: String,
}

/// Login sessions (`[sessie]`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SessieConfig {
    /// A session not used for this many minutes ends.
    pub inactief_minuten: u64,
    /// A session ends this many hours after login, used or not.
    pub maximaal_uren: u64,
    /// Always send the session cookie with `Secure` (else only for requests with `X-Forwarded-Proto: https`).
    pub cookie_secure: bool,
}

impl Default for SessieConfig {
    fn default() -> Self {
        let d = stip_web::AuthConfig::default();
        SessieConfig {
            inactief_minuten: d.sessie_inactief.as_secs() / 60,
            maximaal_uren: d.sessie_max.as_secs() / 3600,
            cookie_secure: d.cookie_secure,
        }
    }
}

impl SessieConfig {
    /// The web layer's session settings (mail and OIDC come from their own sections); a zero duration is an error.
    pub fn auth(&self) -> anyhow::Result<stip_web::AuthConfig> {
        if self.inactief_minuten == 0 || self.maximaal_uren == 0 {
            anyhow::bail!("config: sessie.inactief_minuten and sessie.maximaal_uren must be at least 1");
        }
        Ok(stip_web::AuthConfig {
            sessie_inactief: std::time::Duration::from_secs(self.inactief_minuten * 60),
            sessie_max: std::time::Duration::from_secs(self.maximaal_uren * 3600),
            cookie_secure: self.cookie_secure,
            mail: None,
            oidc: None,
        })
    }
}

/// The built-in demo municipality (Gemeente Voorbeeldstad).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DemoConfig {
    /// Load the demo when `stip serve` starts on a store without any data; real imports replace it. Off: start
    /// empty (and take a demo loaded earlier out of service).
    pub enabled: bool,
}

impl Default for DemoConfig {
    fn default() -> Self {
        DemoConfig { enabled: true }
    }
}

/// The map on the web site.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct KaartConfig {
    /// A raster tile URL template (`https://…/{z}/{x}/{y}.png`) for a background map; none by default, so that the
    /// map works offline with stip's own layers only.
    pub basemap_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServerConfig {
    /// Address and port to listen on.
    pub bind: SocketAddr,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// The key that signs the forms' CSRF tokens; drawn at start when absent. Several instances behind one load
    /// balancer need the same one.
    pub csrf_sleutel: Option<Secret>,
    /// The address people reach this stip at (`https://stip.voorbeeldstad.nl`), for links in e-mails.
    pub publieke_url: Option<String>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            max_body_bytes: 2 * 1024 * 1024,
            csrf_sleutel: None,
            publieke_url: None,
        }
    }
}

/// A secret from the file; `Debug` never shows it.
#[derive(Clone, PartialEq, Deserialize)]
#[serde(transparent)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StorageConfig {
    /// Where the embedded database and uploaded files live.
    pub data_dir: PathBuf,
    /// `postgres://…` for PostgreSQL; when absent, SQLite in `data_dir`.
    pub database_url: Option<SecretUrl>,
}

impl Default for StorageConfig {
    fn default() -> Self {
        StorageConfig { data_dir: PathBuf::from("./stip-data"), database_url: None }
    }
}

/// A database URL as configured; its `Debug` hides any password, so printing the configuration is safe.
#[derive(Clone, PartialEq, Deserialize)]
#[serde(transparent)]
pub struct SecretUrl(String);

impl std::fmt::Debug for SecretUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match DatabaseUrl::parse(&self.0) {
            Ok(url) => write!(f, "{url}"),
            Err(_) => f.write_str("<unparsable URL>"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LogConfig {
    /// A tracing filter, e.g. `info` or `info,stip_web=debug`.
    pub level: String,
    /// `text` (for people) or `json` (for log collectors).
    pub format: LogFormat,
}

impl Default for LogConfig {
    fn default() -> Self {
        LogConfig { level: "info,sqlx=warn".into(), format: LogFormat::Text }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

/// The file's shape: every section optional, no unknown keys.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct FileConfig {
    server: ServerConfig,
    storage: StorageConfig,
    log: LogConfig,
    kaart: KaartConfig,
    demo: DemoConfig,
    host: stip_web::HostConfig,
    sessie: SessieConfig,
    mail: Option<MailFile>,
    oidc: Option<OidcFile>,
}

/// Values given by environment variables or flags (clap reads both; a flag wins over its variable).
#[derive(Debug, Default, Clone, clap::Args)]
pub struct Overrides {
    /// Address and port to listen on [default: 127.0.0.1:8080]
    #[arg(long, env = "STIP_BIND", global = true)]
    pub bind: Option<SocketAddr>,
    /// Directory for the embedded database and files [default: ./stip-data]
    #[arg(long, env = "STIP_DATA_DIR", global = true)]
    pub data_dir: Option<PathBuf>,
    /// Database URL: postgres://USER@HOST/DB for PostgreSQL, or sqlite:FILE [default: SQLite in the data directory]
    #[arg(long, env = "STIP_DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<String>,
    /// Log filter, e.g. info or debug [default: info]
    #[arg(long, env = "STIP_LOG", global = true)]
    pub log: Option<String>,
    /// Log format [default: text]
    #[arg(long, env = "STIP_LOG_FORMAT", global = true, value_enum)]
    pub log_format: Option<LogFormat>,
    /// Offer the demo municipality Voorbeeldstad while nothing is imported: true or false [default: true]
    #[arg(long, env = "STIP_DEMO__ENABLED", global = true, value_name = "BOOL")]
    pub demo: Option<bool>,
    /// Start empty, without the demo municipality (the same as --demo false)
    #[arg(long, global = true)]
    pub no_demo: bool,
}

impl Config {
    /// Reads the file (if any), then applies the overrides.
    pub fn load(file: Option<&Path>, overrides: &Overrides) -> anyhow::Result<Config> {
        let base = match file {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| anyhow::anyhow!("cannot read config file {}: {e}", path.display()))?;
                Self::parse_file(&text).map_err(|e| anyhow::anyhow!("config file {}: {e}", path.display()))?
            }
            None => FileConfig::default(),
        };
        base.host.valideer().map_err(|e| anyhow::anyhow!("config: {e}"))?;
        if let Some(url) = &base.server.publieke_url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            anyhow::bail!(
                "config: server.publieke_url must start with https:// (or http://), e.g. https://stip.voorbeeldstad.nl"
            );
        }
        let mail = base
            .mail
            .map(|m| stip_web::MailConfig::new(&m.smtp_url.0, &m.afzender))
            .transpose()
            .map_err(|e| anyhow::anyhow!("config: {e}"))?;
        let oidc = base
            .oidc
            .map(|o| stip_web::OidcConfig::new(&o.issuer, &o.client_id, &o.client_secret.0, &o.redirect_url, &o.knop))
            .transpose()
            .map_err(|e| anyhow::anyhow!("config: {e}"))?;
        if mail.is_some() && base.server.publieke_url.is_none() {
            anyhow::bail!(
                "config: [mail] needs server.publieke_url, the address people reach stip at: the login link in a mail points there"
            );
        }
        let mut config = Config {
            server: base.server,
            storage: base.storage,
            log: base.log,
            kaart: base.kaart,
            host: base.host,
            demo: base.demo,
            sessie: base.sessie,
            mail,
            oidc,
        };
        config.sessie.auth()?;
        let o = overrides.clone();
        if let Some(v) = o.bind {
            config.server.bind = v;
        }
        if let Some(v) = o.data_dir {
            config.storage.data_dir = v;
        }
        if let Some(v) = o.database_url {
            config.storage.database_url = Some(SecretUrl(v));
        }
        if let Some(v) = o.log {
            config.log.level = v;
        }
        if let Some(v) = o.log_format {
            config.log.format = v;
        }
        if let Some(v) = o.demo {
            config.demo.enabled = v;
        }
        if o.no_demo {
            config.demo.enabled = false;
        }
        Ok(config)
    }

    fn parse_file(text: &str) -> Result<FileConfig, String> {
        toml::from_str(text).map_err(|e| e.message().to_string())
    }

    /// The database to use: the configured URL, or SQLite in the data directory.
    pub fn database_url(&self) -> anyhow::Result<DatabaseUrl> {
        match &self.storage.database_url {
            Some(SecretUrl(url)) => DatabaseUrl::parse(url).map_err(anyhow::Error::from),
            None => Ok(DatabaseUrl::sqlite_in(&self.storage.data_dir)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(file: &str, overrides: Overrides) -> anyhow::Result<Config> {
        let dir = std::env::temp_dir().join(format!("stip-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{}.toml", file.len()));
        std::fs::write(&path, file).unwrap();
        let result = Config::load(Some(&path), &overrides);
        std::fs::remove_file(&path).unwrap();
        result
    }

    #[test]
    fn without_a_file_the_defaults_serve_on_localhost_8080_with_sqlite_in_stip_data() {
        let config = Config::load(None, &Overrides::default()).unwrap();
        assert_eq!(config.server.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(config.database_url().unwrap(), DatabaseUrl::sqlite_in(Path::new("./stip-data")));
    }

    #[test]
    fn a_flag_or_variable_overrides_the_file() {
        let file = "[server]\nbind = \"0.0.0.0:9000\"\n[storage]\ndata_dir = \"/var/lib/stip\"\n";
        let config = load(file, Overrides { data_dir: Some("/tmp/x".into()), ..Default::default() }).unwrap();
        assert_eq!(config.server.bind.to_string(), "0.0.0.0:9000", "the file's value stays where nothing overrides it");
        assert_eq!(config.storage.data_dir, PathBuf::from("/tmp/x"));
    }

    #[test]
    fn the_demo_is_on_by_default_and_off_by_file_variable_or_flag() {
        assert!(Config::load(None, &Overrides::default()).unwrap().demo.enabled);
        assert!(!load("[demo]\nenabled = false\n", Overrides::default()).unwrap().demo.enabled);
        let file = "[demo]\nenabled = true\n";
        assert!(!load(file, Overrides { demo: Some(false), ..Default::default() }).unwrap().demo.enabled);
        assert!(!load(file, Overrides { no_demo: true, demo: Some(true), ..Default::default() }).unwrap().demo.enabled);
    }

    #[test]
    fn an_unknown_key_in_the_file_is_an_error_that_names_it() {
        let err = load("[server]\nbnd = \"0.0.0.0:9000\"\n", Overrides::default()).unwrap_err().to_string();
        assert!(err.contains("unknown field `bnd`"), "{err}");
        let err = load("[serer]\n", Overrides::default()).unwrap_err().to_string();
        assert!(err.contains("unknown field `serer`"), "{err}");
    }

    #[test]
    fn printing_the_configuration_never_shows_the_database_password() {
        let config =
            load("[storage]\ndatabase_url = \"postgres://stip:geheim@localhost/stip\"\n", Overrides::default())
                .unwrap();
        let printed = format!("{config:?}");
        assert!(!printed.contains("geheim"), "{printed}");
        assert!(printed.contains("postgres://stip:***@localhost/stip"), "{printed}");
    }

    #[test]
    fn without_host_settings_the_demo_municipality_answers_and_configured_ones_replace_it() {
        let config = Config::load(None, &Overrides::default()).unwrap();
        assert_eq!(config.host.bevoegd_gezag[0].code, "gm9999");
        let file = "[[host.bevoegd_gezag]]\nnaam = \"Gemeente Utrecht\"\ncode = \"gm0344\"\nwebsite = \"https://www.utrecht.nl\"\n\
                    [[host.bevoegd_gezag.team]]\nnaam = \"Bomen\"\nactiviteiten = [\"kappen\"]\nbbox = [130000.0, 450000.0, 140000.0, 460000.0]\n";
        let config = load(file, Overrides::default()).unwrap();
        assert_eq!(config.host.bevoegd_gezag.len(), 1);
        assert_eq!(config.host.bevoegd_gezag[0].team[0].activiteiten, ["kappen"]);
    }

    #[test]
    fn sessions_last_30_idle_minutes_and_12_hours_unless_configured() {
        let standaard = Config::load(None, &Overrides::default()).unwrap().sessie.auth().unwrap();
        assert_eq!(standaard, stip_web::AuthConfig::default());
        assert_eq!(standaard.sessie_inactief.as_secs(), 30 * 60);
        let file = "[sessie]\ninactief_minuten = 5\nmaximaal_uren = 1\ncookie_secure = true\n";
        let auth = load(file, Overrides::default()).unwrap().sessie.auth().unwrap();
        assert_eq!((auth.sessie_inactief.as_secs(), auth.sessie_max.as_secs(), auth.cookie_secure), (300, 3600, true));
        let err = load("[sessie]\ninactief_minuten = 0\n", Overrides::default()).unwrap_err().to_string();
        assert!(err.contains("sessie.inactief_minuten"), "{err}");
    }

    #[test]
    fn mail_settings_are_checked_need_the_public_address_and_never_print_their_password() {
        let mail = "[mail]\nsmtp_url = \"smtp://stip:geheim@mail.example:587?tls=required\"\nafzender = \"stip <noreply@voorbeeldstad.example>\"\n";
        let err = load(mail, Overrides::default()).unwrap_err().to_string();
        assert!(err.contains("server.publieke_url"), "{err}");
        let file = format!("[server]\npubliek_url_is_fout = 1\n{mail}");
        assert!(load(&file, Overrides::default()).is_err());
        let file = format!("[server]\npublieke_url = \"https://stip.voorbeeldstad.example\"\n{mail}");
        let config = load(&file, Overrides::default()).unwrap();
        assert!(config.mail.is_some());
        assert!(!format!("{config:?}").contains("geheim"));
        let fout = "[server]\npublieke_url = \"https://stip.example\"\n[mail]\nsmtp_url = \"imap://x\"\nafzender = \"a@b.nl\"\n";
        assert!(load(fout, Overrides::default()).unwrap_err().to_string().contains("mail.smtp_url"));
        let fout = "[server]\npublieke_url = \"stip.example\"\n";
        assert!(load(fout, Overrides::default()).unwrap_err().to_string().contains("server.publieke_url"));
    }

    #[test]
    fn oidc_settings_are_checked_get_a_digid_button_by_default_and_never_print_the_secret() {
        let file = "[oidc]\nissuer = \"https://broker.example\"\nclient_id = \"stip\"\nclient_secret = \"zeer-geheim\"\n\
                    redirect_url = \"https://stip.example/inloggen/oidc/terug\"\n";
        let config = load(file, Overrides::default()).unwrap();
        assert_eq!(config.oidc.as_ref().unwrap().knop, "Inloggen met DigiD");
        assert!(!format!("{config:?}").contains("zeer-geheim"));
        let fout = file.replace("/inloggen/oidc/terug", "/elders");
        assert!(load(&fout, Overrides::default()).unwrap_err().to_string().contains("oidc.redirect_url"));
    }

    #[test]
    fn printing_the_configuration_never_shows_the_csrf_key() {
        let file = "[server]\ncsrf_sleutel = \"zeer-geheim\"\n";
        let printed = format!("{:?}", load(file, Overrides::default()).unwrap());
        assert!(!printed.contains("zeer-geheim"), "{printed}");
    }

    #[test]
    fn the_old_backoffice_user_section_is_refused_and_named() {
        let err = load("[backoffice]\ngebruiker = \"beheer\"\n", Overrides::default()).unwrap_err().to_string();
        assert!(err.contains("backoffice"), "{err}");
    }
}
