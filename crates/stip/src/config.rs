//! The configuration: one typed tree, read from a TOML file, then `STIP_*` environment variables (`_FILE` for
//! mounted secrets), then flags, each overriding the one before; every key can be set in each. Unknown keys, in the
//! file or in a `STIP_*` variable, are an error naming them; secrets never reach a log.

use serde::Deserialize;
use std::ffi::OsString;
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
    pub berichten: BerichtenFile,
    pub betalen: BetalenFile,
    pub participatie: ParticipatieFile,
}

/// Participation (`[participatie]`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ParticipatieFile {
    /// The Ed25519 key that signs consent certificates: base64 of a 32-byte seed or a PKCS#8 document (or
    /// `STIP_PARTICIPATIE__SLEUTEL_FILE`). Without it stip makes a key once and keeps it in the database; its public
    /// part is at `/.well-known/jwks.json` either way.
    pub sleutel: Option<Secret>,
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

/// Messages and alerts.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BerichtenFile {
    /// Hosts or addresses webhooks may reach although private, loopback or plain http — for tests and development
    /// only (`["127.0.0.1"]`; in the environment comma-separated: `STIP_BERICHTEN__WEBHOOK_TOEGESTAAN=127.0.0.1`).
    #[serde(deserialize_with = "lijst_of_tekst")]
    pub webhook_toegestaan: Vec<String>,
    /// The CloudEvents `source` of stip's webhooks: a URN of the authority (NL GOV profile), e.g.
    /// `urn:nld:oin:00000001001234567000:systeem:stip`.
    pub bron: String,
}

impl Default for BerichtenFile {
    fn default() -> Self {
        BerichtenFile { webhook_toegestaan: Vec::new(), bron: "urn:nld:stip".into() }
    }
}

/// Leges and online payment (`[betalen]`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BetalenFile {
    /// The payment service provider: `mollie`, `simulator` (stip's own simulator of Mollie's API: no real money) or
    /// `geen`. Default: the simulator while the demo is on, otherwise none.
    pub psp: Option<String>,
    /// The provider's API key (or `STIP_BETALEN__API_KEY_FILE`).
    pub api_key: Option<Secret>,
    /// The provider's API address; default Mollie's `https://api.mollie.com/v2`, or the built-in simulator's.
    pub api_url: Option<String>,
    /// Whether the decision waits until the fees are paid.
    pub betalen_voor_besluit: bool,
    /// The cost centre the finance export books the fees on.
    pub kostenplaats: String,
}

impl Default for BetalenFile {
    fn default() -> Self {
        BetalenFile {
            psp: None,
            api_key: None,
            api_url: None,
            betalen_voor_besluit: false,
            kostenplaats: "leges-omgevingsvergunning".into(),
        }
    }
}

impl BetalenFile {
    /// The application's settings; `demo`: whether the demo is on (then the simulator is the default provider).
    pub fn config(&self, demo: bool) -> anyhow::Result<stip_app::betalen::BetalenConfig> {
        use stip_app::betalen::PspSoort;
        let psp = match self.psp.as_deref().map(str::trim) {
            Some("mollie") => Some(PspSoort::Mollie),
            Some("simulator") => Some(PspSoort::Simulator),
            Some("geen") | Some("") => None,
            None => demo.then_some(PspSoort::Simulator),
            Some(other) => anyhow::bail!("config: betalen.psp is mollie, simulator or geen, not {other:?}"),
        };
        if psp == Some(PspSoort::Mollie) && self.api_key.is_none() {
            anyhow::bail!("config: betalen.psp = \"mollie\" needs betalen.api_key (or STIP_BETALEN__API_KEY_FILE)");
        }
        Ok(stip_app::betalen::BetalenConfig {
            psp,
            api_key: self.api_key.as_ref().map(|s| s.0.clone()),
            api_url: self.api_url.clone(),
            betalen_voor_besluit: self.betalen_voor_besluit,
            kostenplaats: self.kostenplaats.clone(),
            publieke_url: None,
        })
    }
}

/// A list given as a TOML array or as one comma-separated text (as an environment variable gives it).
fn lijst_of_tekst<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Lijst {
        Lijst(Vec<String>),
        Tekst(String),
    }
    Ok(match Lijst::deserialize(d)? {
        Lijst::Lijst(l) => l,
        Lijst::Tekst(t) => t.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect(),
    })
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
    /// Reverse proxies (addresses or networks, `["10.0.0.0/8", "::1"]`; in the environment comma-separated) whose
    /// `X-Forwarded-For` names the client; from any other peer the header is ignored.
    #[serde(deserialize_with = "lijst_of_tekst")]
    pub vertrouwde_proxies: Vec<String>,
    /// Heavy uploads (over 1 MB) handled at once; more wait briefly, then get 503 with `Retry-After`. Each holds about
    /// one copy of its document (up to 50 MB) in memory.
    pub gelijktijdige_uploads: usize,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            max_body_bytes: 2 * 1024 * 1024,
            csrf_sleutel: None,
            publieke_url: None,
            vertrouwde_proxies: Vec::new(),
            gelijktijdige_uploads: stip_web::WebConfig::default().gelijktijdige_uploads,
        }
    }
}

impl ServerConfig {
    /// The trusted proxies, read: an entry that is no address or network is an error naming it.
    pub fn proxies(&self) -> Result<Vec<stip_web::Netwerk>, String> {
        self.vertrouwde_proxies.iter().map(|p| p.parse()).collect()
    }
}

/// A secret (from the file, a variable, a `_FILE` or a flag); `Debug` never shows it.
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
#[derive(Debug, Default, PartialEq, Deserialize)]
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
    berichten: BerichtenFile,
    betalen: BetalenFile,
    participatie: ParticipatieFile,
}

/// Values given by flags; the environment is read by [`Config::load`] itself, so that the file, the environment and
/// the flags each override the one before.
#[derive(Debug, Default, Clone, clap::Args)]
pub struct Overrides {
    /// Address and port to listen on (server.bind; env STIP_BIND) [default: 127.0.0.1:8080]
    #[arg(long, global = true)]
    pub bind: Option<SocketAddr>,
    /// Directory for the embedded database and files (storage.data_dir; env STIP_DATA_DIR) [default: ./stip-data]
    #[arg(long, global = true)]
    pub data_dir: Option<String>,
    /// Database URL: postgres://USER@HOST/DB for PostgreSQL, or sqlite:FILE (storage.database_url; env
    /// STIP_DATABASE_URL or STIP_DATABASE_URL_FILE) [default: SQLite in the data directory]
    #[arg(long, global = true)]
    pub database_url: Option<String>,
    /// Log filter, e.g. info or debug (log.level; env STIP_LOG) [default: info]
    #[arg(long, global = true)]
    pub log: Option<String>,
    /// Log format (log.format; env STIP_LOG_FORMAT) [default: text]
    #[arg(long, global = true, value_enum)]
    pub log_format: Option<LogFormat>,
    /// Offer the demo municipality Voorbeeldstad while nothing is imported: true or false (demo.enabled; env
    /// STIP_DEMO__ENABLED) [default: true]
    #[arg(long, global = true, value_name = "BOOL")]
    pub demo: Option<bool>,
    /// Start empty, without the demo municipality (the same as --demo false)
    #[arg(long, global = true)]
    pub no_demo: bool,
    /// Set any key of the configuration, e.g. --set server.max_body_bytes=4194304 (repeatable; env
    /// STIP_SERVER__MAX_BODY_BYTES)
    #[arg(long = "set", global = true, value_name = "KEY=VALUE")]
    pub set: Vec<String>,
}

/// `STIP_` variables that are no configuration key: the file's path (read by the command line) and the settings of
/// tests, benchmarks and the end-to-end scripts. Any other `STIP_` variable must name a key.
const NOT_CONFIG: &[&str] = &[
    "STIP_CONFIG",
    "STIP_FIXTURES",
    "STIP_REQUIRE_FIXTURES",
    "STIP_REQUIRE_POSTGRES",
    "STIP_TEST_POSTGRES_URL",
    "STIP_URL",
    "STIP_DEMO_URL",
    "STIP_OIDC_URL",
    "STIP_ARTIFACTS",
];
/// Prefixes of `STIP_` variables that are no configuration key (the benchmarks' settings).
const NOT_CONFIG_PREFIXES: &[&str] = &["STIP_BENCH_"];
/// The short variable names (after `STIP_`, before any `_FILE`) kept from before every key had one, with their key.
const SHORT_NAMES: &[(&str, &str)] = &[
    ("BIND", "server.bind"),
    ("DATA_DIR", "storage.data_dir"),
    ("DATABASE_URL", "storage.database_url"),
    ("LOG", "log.level"),
    ("LOG_FORMAT", "log.format"),
];

/// One value from the environment or the command line. No `Debug`: the text may be a secret.
struct Setting {
    /// Where it came from, for errors: `STIP_SERVER__BIND`, `--bind`, `--set`.
    source: String,
    /// The dotted key, e.g. `server.bind`.
    key: String,
    text: String,
}

/// A key as written after `--set` or derived from a variable name: dot-separated names of lowercase letters, digits
/// and underscores.
fn check_key(key: &str) -> Result<(), String> {
    let valid = |name: &str| {
        !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    };
    if key.split('.').all(valid) {
        Ok(())
    } else {
        Err(format!("`{key}` is not a configuration key (sections and names separated by dots, e.g. server.bind)"))
    }
}

/// The `STIP_*` variables as settings: `STIP_SECTION__NAME` sets `section.name`, a short name its key, and a
/// name ending in `_FILE` the same key to the content of the file it names (a trailing newline trimmed).
fn env_settings(vars: impl IntoIterator<Item = (OsString, OsString)>) -> anyhow::Result<Vec<Setting>> {
    let mut settings = Vec::new();
    for (name, value) in vars {
        let Some(name) = name.to_str() else { continue };
        let Some(rest) = name.strip_prefix("STIP_") else { continue };
        if NOT_CONFIG.contains(&name) || NOT_CONFIG_PREFIXES.iter().any(|p| name.starts_with(p)) {
            continue;
        }
        let value = value.into_string().map_err(|_| anyhow::anyhow!("config: {name} is not UTF-8"))?;
        let (rest, text) = match rest.strip_suffix("_FILE") {
            Some(rest) => {
                let text = std::fs::read_to_string(&value)
                    .map_err(|e| anyhow::anyhow!("config: {name}: cannot read {value}: {e}"))?;
                (rest, text.trim_end_matches(['\n', '\r']).to_owned())
            }
            None => (rest, value),
        };
        let key = match SHORT_NAMES.iter().find(|(short, _)| *short == rest) {
            Some((_, key)) => (*key).to_owned(),
            None => rest.to_ascii_lowercase().replace("__", "."),
        };
        check_key(&key).map_err(|e| anyhow::anyhow!("config: {name}: {e}"))?;
        settings.push(Setting { source: name.to_owned(), key, text });
    }
    settings.sort_by(|a, b| (&a.key, &a.source).cmp(&(&b.key, &b.source)));
    if let Some(pair) = settings.windows(2).find(|pair| pair[0].key == pair[1].key) {
        anyhow::bail!("config: {} and {} both set {}; keep one", pair[0].source, pair[1].source, pair[0].key);
    }
    Ok(settings)
}

impl Overrides {
    /// The flags as settings, in the order they apply: the named flags, then each `--set` in the order given.
    fn settings(&self) -> anyhow::Result<Vec<Setting>> {
        let log_format = |f: LogFormat| match f {
            LogFormat::Text => "text",
            LogFormat::Json => "json",
        };
        let named = [
            ("--bind", "server.bind", self.bind.map(|v| v.to_string())),
            ("--data-dir", "storage.data_dir", self.data_dir.clone()),
            ("--database-url", "storage.database_url", self.database_url.clone()),
            ("--log", "log.level", self.log.clone()),
            ("--log-format", "log.format", self.log_format.map(|f| log_format(f).to_owned())),
            ("--demo", "demo.enabled", self.demo.map(|v| v.to_string())),
            ("--no-demo", "demo.enabled", self.no_demo.then(|| "false".to_owned())),
        ];
        let mut settings: Vec<Setting> = named
            .into_iter()
            .filter_map(|(flag, key, text)| text.map(|text| Setting { source: flag.into(), key: key.into(), text }))
            .collect();
        for pair in &self.set {
            let Some((key, text)) = pair.split_once('=') else {
                anyhow::bail!("config: --set {pair}: expected KEY=VALUE, e.g. --set server.max_body_bytes=4194304");
            };
            check_key(key).map_err(|e| anyhow::anyhow!("config: --set: {e}"))?;
            settings.push(Setting { source: "--set".into(), key: key.into(), text: text.into() });
        }
        Ok(settings)
    }
}

/// A value as given in the environment or on the command line: a TOML number, boolean, date, array or inline table
/// when it reads as one, else the text itself (a text is never unquoted, so a secret stays as it is).
fn literal(text: &str) -> toml::Value {
    match toml::from_str::<toml::Table>(&format!("v = {text}")) {
        Ok(table) if table.len() == 1 => match table.into_iter().next() {
            Some((_, value)) if !value.is_str() => value,
            _ => toml::Value::String(text.to_owned()),
        },
        _ => toml::Value::String(text.to_owned()),
    }
}

/// Sets `key` (dotted) in the tree, making the sections on the way.
fn insert(table: &mut toml::Table, key: &str, value: toml::Value) -> Result<(), String> {
    let (sections, name) = key.rsplit_once('.').map_or((None, key), |(s, n)| (Some(s), n));
    let mut table = table;
    for section in sections.into_iter().flat_map(|s| s.split('.')) {
        let entry = table.entry(section).or_insert_with(|| toml::Value::Table(toml::Table::new()));
        table = entry.as_table_mut().ok_or_else(|| format!("{key}: `{section}` is a value, not a section"))?;
    }
    table.insert(name.to_owned(), value);
    Ok(())
}

/// The file's tree with the settings applied in order, deserialized once. A setting whose text reads as a number,
/// boolean or date where its key wants text is taken as text. An error names the key and where it came from.
fn merge(mut table: toml::Table, settings: &[Setting], file: Option<&Path>) -> anyhow::Result<FileConfig> {
    for setting in settings {
        insert(&mut table, &setting.key, literal(&setting.text))
            .map_err(|e| anyhow::anyhow!("config: {}: {e}", setting.source))?;
    }
    let mut as_text = std::collections::BTreeSet::new();
    loop {
        let error = match serde_path_to_error::deserialize(toml::Value::Table(table.clone())) {
            Ok(config) => return Ok(config),
            Err(error) => error,
        };
        let path = error.path().to_string();
        let culprit = settings.iter().rev().find(|s| {
            let inside = |outer: &str, inner: &str| {
                inner.strip_prefix(outer).is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
            };
            inside(&s.key, &path) || inside(&path, &s.key)
        });
        if let Some(setting) = culprit.filter(|s| s.key == path && !literal(&s.text).is_str())
            && as_text.insert(path.clone())
        {
            insert(&mut table, &setting.key, toml::Value::String(setting.text.clone())).map_err(anyhow::Error::msg)?;
            continue;
        }
        let source = match (culprit, file) {
            (Some(setting), _) => format!("config: {}", setting.source),
            (None, Some(path)) => format!("config file {}", path.display()),
            (None, None) => "config".to_owned(),
        };
        anyhow::bail!("{source}: {path}: {}", error.inner().message());
    }
}

impl Config {
    /// Reads the file (if any), then the `STIP_*` environment, then the flags.
    pub fn load(file: Option<&Path>, overrides: &Overrides) -> anyhow::Result<Config> {
        Self::load_from(file, std::env::vars_os(), overrides)
    }

    fn load_from(
        file: Option<&Path>,
        env: impl IntoIterator<Item = (OsString, OsString)>,
        overrides: &Overrides,
    ) -> anyhow::Result<Config> {
        let table = match file {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| anyhow::anyhow!("cannot read config file {}: {e}", path.display()))?;
                toml::from_str::<toml::Table>(&text)
                    .map_err(|e| anyhow::anyhow!("config file {}: {}", path.display(), e.message()))?
            }
            None => toml::Table::new(),
        };
        let mut settings = env_settings(env)?;
        settings.extend(overrides.settings()?);
        let base = merge(table, &settings, file)?;
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
        base.server.proxies().map_err(|e| anyhow::anyhow!("config: server.vertrouwde_proxies: {e}"))?;
        if let Some(k) = &base.participatie.sleutel {
            stip_app::participatie::Ondertekening::uit_config(&k.0).map_err(|e| anyhow::anyhow!("config: {e}"))?;
        }
        let config = Config {
            server: base.server,
            storage: base.storage,
            log: base.log,
            kaart: base.kaart,
            host: base.host,
            demo: base.demo,
            sessie: base.sessie,
            mail,
            oidc,
            berichten: base.berichten,
            betalen: base.betalen,
            participatie: base.participatie,
        };
        config.sessie.auth()?;
        Ok(config)
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
        load_env(file, &[], overrides)
    }

    /// Loads `file` (written to a temporary file) with exactly the environment `env`.
    fn load_env(file: &str, env: &[(&str, &str)], overrides: Overrides) -> anyhow::Result<Config> {
        let dir = std::env::temp_dir().join(format!("stip-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{}-{}.toml", file.len(), env.len()));
        std::fs::write(&path, file).unwrap();
        let result = Config::load_from(Some(&path), vars(env), &overrides);
        std::fs::remove_file(&path).unwrap();
        result
    }

    fn vars(env: &[(&str, &str)]) -> Vec<(OsString, OsString)> {
        env.iter().map(|(name, value)| (name.into(), value.into())).collect()
    }

    fn defaults() -> Config {
        Config::load_from(None, vars(&[]), &Overrides::default()).unwrap()
    }

    #[test]
    fn without_a_file_the_defaults_serve_on_localhost_8080_with_sqlite_in_stip_data() {
        let config = defaults();
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
        assert!(defaults().demo.enabled);
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
        let config = defaults();
        assert_eq!(config.host.bevoegd_gezag[0].code, "gm9999");
        let file = "[[host.bevoegd_gezag]]\nnaam = \"Gemeente Utrecht\"\ncode = \"gm0344\"\nwebsite = \"https://www.utrecht.nl\"\n\
                    [[host.bevoegd_gezag.team]]\nnaam = \"Bomen\"\nactiviteiten = [\"kappen\"]\nbbox = [130000.0, 450000.0, 140000.0, 460000.0]\n";
        let config = load(file, Overrides::default()).unwrap();
        assert_eq!(config.host.bevoegd_gezag.len(), 1);
        assert_eq!(config.host.bevoegd_gezag[0].team[0].activiteiten, ["kappen"]);
    }

    #[test]
    fn sessions_last_30_idle_minutes_and_12_hours_unless_configured() {
        let standaard = defaults().sessie.auth().unwrap();
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

    #[test]
    fn each_layer_overrides_the_one_before_file_then_environment_then_flags() {
        let file = "[server]\nbind = \"0.0.0.0:9000\"\nmax_body_bytes = 100\n[log]\nlevel = \"warn\"\n";
        let env = [("STIP_SERVER__MAX_BODY_BYTES", "200"), ("STIP_LOG", "debug")];
        let flags = Overrides { set: vec!["server.max_body_bytes=300".into()], ..Default::default() };
        let config = load_env(file, &env, flags).unwrap();
        assert_eq!(config.server.bind.to_string(), "0.0.0.0:9000", "the file's value stays where nothing overrides it");
        assert_eq!(config.log.level, "debug", "the environment overrides the file");
        assert_eq!(config.server.max_body_bytes, 300, "a flag overrides the environment");
        let config = load_env(file, &env, Overrides::default()).unwrap();
        assert_eq!(config.server.max_body_bytes, 200);
    }

    #[test]
    fn a_nested_key_from_the_environment_fills_its_section_even_one_the_file_lacks() {
        let env = [
            ("STIP_SESSIE__INACTIEF_MINUTEN", "5"),
            ("STIP_SERVER__PUBLIEKE_URL", "https://stip.voorbeeldstad.example"),
            ("STIP_MAIL__SMTP_URL", "smtp://stip:geheim@mail.example:587?tls=required"),
            ("STIP_BERICHTEN__WEBHOOK_TOEGESTAAN", "127.0.0.1, localhost"),
            ("STIP_MAIL__AFZENDER", "stip <noreply@voorbeeldstad.example>"),
            ("STIP_KAART__BASEMAP_URL", "https://tiles.example/{z}/{x}/{y}.png"),
        ];
        let config = load_env("", &env, Overrides::default()).unwrap();
        assert_eq!(config.sessie.inactief_minuten, 5);
        assert!(config.mail.is_some(), "the [mail] section comes from the environment alone");
        assert_eq!(config.kaart.basemap_url.as_deref(), Some("https://tiles.example/{z}/{x}/{y}.png"));
        assert_eq!(config.berichten.webhook_toegestaan, ["127.0.0.1", "localhost"], "a list, comma-separated");
        assert!(!format!("{config:?}").contains("geheim"));
    }

    #[test]
    fn the_webhook_allowlist_is_a_list_in_the_file_and_empty_by_default() {
        let config = load("[berichten]\nwebhook_toegestaan = [\"127.0.0.1\"]\n", Overrides::default()).unwrap();
        assert_eq!(config.berichten.webhook_toegestaan, ["127.0.0.1"]);
        assert!(load("", Overrides::default()).unwrap().berichten.webhook_toegestaan.is_empty());
    }

    #[test]
    fn payment_is_by_the_simulator_in_the_demo_and_by_none_elsewhere_unless_a_provider_is_configured() {
        use stip_app::betalen::PspSoort;
        let standaard = load("", Overrides::default()).unwrap().betalen;
        assert_eq!(standaard.config(true).unwrap().psp, Some(PspSoort::Simulator));
        assert_eq!(standaard.config(false).unwrap().psp, None);
        let mollie = load("[betalen]\npsp = \"mollie\"\napi_key = \"live_x\"\n", Overrides::default()).unwrap();
        let c = mollie.betalen.config(true).unwrap();
        assert_eq!((c.psp, c.api_key.as_deref()), (Some(PspSoort::Mollie), Some("live_x")));
        assert!(!format!("{c:?}").contains("live_x"), "the key never shows");
        let zonder_sleutel = load("[betalen]\npsp = \"mollie\"\n", Overrides::default()).unwrap();
        assert!(zonder_sleutel.betalen.config(false).unwrap_err().to_string().contains("api_key"));
        let onbekend = load("[betalen]\npsp = \"paypal\"\n", Overrides::default()).unwrap();
        assert!(onbekend.betalen.config(false).is_err());
    }

    #[test]
    fn a_secret_comes_from_the_file_a_file_variable_names_without_its_trailing_newline() {
        let dir = std::env::temp_dir().join(format!("stip-config-secrets-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (db, oidc) = (dir.join("db"), dir.join("oidc"));
        std::fs::write(&db, "postgres://stip:geheim@db.example/stip\n").unwrap();
        std::fs::write(&oidc, "0x1f\r\n").unwrap();
        let oidc_file = "[oidc]\nissuer = \"https://broker.example\"\nclient_id = \"stip\"\nclient_secret = \"uit-het-bestand\"\n\
                         redirect_url = \"https://stip.example/inloggen/oidc/terug\"\n";
        let env = [
            ("STIP_DATABASE_URL_FILE", db.to_str().unwrap()),
            ("STIP_OIDC__CLIENT_SECRET_FILE", oidc.to_str().unwrap()),
            ("STIP_SERVER__CSRF_SLEUTEL_FILE", db.to_str().unwrap()),
        ];
        let config = load_env(oidc_file, &env, Overrides::default()).unwrap();
        assert_eq!(
            config.database_url().unwrap(),
            DatabaseUrl::parse("postgres://stip:geheim@db.example/stip").unwrap()
        );
        assert_eq!(config.server.csrf_sleutel, Some(Secret("postgres://stip:geheim@db.example/stip".into())));
        let expected = stip_web::OidcConfig::new(
            "https://broker.example",
            "stip",
            "0x1f",
            "https://stip.example/inloggen/oidc/terug",
            "Inloggen met DigiD",
        )
        .unwrap();
        assert_eq!(config.oidc, Some(expected), "a secret that reads as a number stays the text it is");
        assert!(!format!("{config:?}").contains("geheim"));
        let missing = [("STIP_DATABASE_URL_FILE", "/nonexistent/db")];
        let err = load_env("", &missing, Overrides::default()).unwrap_err().to_string();
        assert!(err.contains("STIP_DATABASE_URL_FILE") && err.contains("/nonexistent/db"), "{err}");
        let both = [("STIP_DATABASE_URL_FILE", db.to_str().unwrap()), ("STIP_DATABASE_URL", "sqlite:x.db")];
        let err = load_env("", &both, Overrides::default()).unwrap_err().to_string();
        assert!(err.contains("STIP_DATABASE_URL and STIP_DATABASE_URL_FILE both set storage.database_url"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_unknown_key_in_a_stip_variable_is_an_error_naming_the_variable_and_the_key() {
        let err = load_env("", &[("STIP_SERVER__BND", "0.0.0.0:1")], Overrides::default()).unwrap_err().to_string();
        assert!(err.contains("STIP_SERVER__BND: server.bnd: unknown field `bnd`"), "{err}");
        let err = load_env("", &[("STIP_SERVR", "x")], Overrides::default()).unwrap_err().to_string();
        assert!(err.contains("STIP_SERVR: servr: unknown field `servr`"), "{err}");
        let err = load_env("", &[("STIP_SERVER__BIND__X", "1")], Overrides::default()).unwrap_err().to_string();
        assert!(err.contains("STIP_SERVER__BIND__X"), "{err}");
        let team = [("STIP_HOST__BEVOEGD_GEZAG", r#"[{ naam = "Utrecht", code = "gm0344", tem = [] }]"#)];
        let err = load_env("", &team, Overrides::default()).unwrap_err().to_string();
        assert!(err.contains("STIP_HOST__BEVOEGD_GEZAG: host.bevoegd_gezag[0].tem: unknown field `tem`"), "{err}");
        let err = load_env("", &[("STIP_SERVER__BIND", "nergens")], Overrides::default()).unwrap_err().to_string();
        assert!(err.contains("STIP_SERVER__BIND: server.bind: invalid socket address"), "{err}");
    }

    #[test]
    fn the_tests_and_benchmarks_own_stip_variables_and_other_variables_are_no_configuration() {
        let env = [
            ("STIP_FIXTURES", "/work/shared/dso-fixtures"),
            ("STIP_REQUIRE_FIXTURES", "1"),
            ("STIP_TEST_POSTGRES_URL", "postgres://x"),
            ("STIP_CONFIG", "stip.toml"),
            ("STIP_BENCH_SCALE", "1"),
            ("PATH", "/usr/bin"),
        ];
        assert_eq!(load_env("", &env, Overrides::default()).unwrap(), defaults());
    }

    #[test]
    fn a_flag_set_without_a_value_or_with_a_malformed_key_is_an_error() {
        let set = |s: &str| Overrides { set: vec![s.into()], ..Default::default() };
        assert!(load("", set("server.bind")).unwrap_err().to_string().contains("expected KEY=VALUE"));
        assert!(load("", set("Server..bind=x")).unwrap_err().to_string().contains("`Server..bind`"));
        let err = load("", set("server.bnd=1")).unwrap_err().to_string();
        assert!(err.contains("--set: server.bnd: unknown field `bnd`"), "{err}");
    }

    #[test]
    fn an_unknown_key_in_the_file_is_an_error_naming_the_file_and_the_key() {
        let err = load("[sessie]\nmaximaal = 1\n", Overrides::default()).unwrap_err().to_string();
        assert!(err.contains(".toml: sessie.maximaal: unknown field `maximaal`"), "{err}");
    }

    /// A configuration with every key set to something else than its default.
    const VOORBEELD: &str = r#"
        [server]
        bind = "0.0.0.0:9000"
        max_body_bytes = 1000
        csrf_sleutel = "sleutel"
        publieke_url = "https://stip.voorbeeldstad.example"
        vertrouwde_proxies = ["10.0.0.0/8", "::1"]
        gelijktijdige_uploads = 2
        [storage]
        data_dir = "/var/lib/stip"
        database_url = "postgres://stip:geheim@db.example/stip"
        [log]
        level = "debug"
        format = "json"
        [kaart]
        basemap_url = "https://tiles.example/{z}/{x}/{y}.png"
        [berichten]
        webhook_toegestaan = ["127.0.0.1"]
        bron = "urn:nld:oin:00000001001234567000:systeem:stip"
        [betalen]
        psp = "mollie"
        api_key = "test_sleutel"
        api_url = "https://api.psp.example/v2"
        betalen_voor_besluit = true
        kostenplaats = "6.3.1 leges"
        [participatie]
        sleutel = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA="
        [demo]
        enabled = false
        [host]
        bevoegd_gezag = [{ naam = "Gemeente Utrecht", code = "gm0344", team = [{ naam = "Bomen", activiteiten = ["kappen"] }] }]
        [sessie]
        inactief_minuten = 5
        maximaal_uren = 1
        cookie_secure = true
        [mail]
        smtp_url = "smtp://127.0.0.1:2525"
        afzender = "stip <noreply@voorbeeldstad.example>"
        [oidc]
        issuer = "https://broker.example"
        client_id = "12345"
        client_secret = "true"
        redirect_url = "https://stip.example/inloggen/oidc/terug"
        knop = "Inloggen met eHerkenning"
    "#;

    /// Every leaf key under `section`, found by asking the deserializer which names each section takes (an unknown
    /// name is refused with the list of known ones), so that a key added later is covered without editing a test.
    fn leaf_keys(section: &str) -> Vec<String> {
        let key = if section.is_empty() { "zz_probe".to_owned() } else { format!("{section}.zz_probe") };
        let mut probe = toml::Table::new();
        insert(&mut probe, &key, toml::Value::Integer(1)).unwrap();
        let Err(error) = merge(probe, &[], None) else { return vec![section.to_owned()] };
        let error = error.to_string();
        match error.strip_prefix(&format!("config: {key}: unknown field `zz_probe`, expected ")) {
            Some(names) => names
                .split('`')
                .skip(1)
                .step_by(2)
                .flat_map(|name| {
                    leaf_keys(&if section.is_empty() { name.to_owned() } else { format!("{section}.{name}") })
                })
                .collect(),
            None => vec![section.to_owned()],
        }
    }

    fn remove(table: &mut toml::Table, key: &str) -> Option<toml::Value> {
        match key.split_once('.') {
            Some((section, rest)) => remove(table.get_mut(section)?.as_table_mut()?, rest),
            None => table.remove(key),
        }
    }

    #[test]
    fn every_key_of_the_configuration_can_be_set_from_the_environment_by_its_name_and_any_short_name() {
        let full: toml::Table = toml::from_str(VOORBEELD).unwrap();
        let expected = merge(full.clone(), &[], None).unwrap();
        let keys = leaf_keys("");
        assert!(keys.len() > 20 && keys.contains(&"oidc.client_secret".to_owned()), "{keys:?}");
        for key in keys {
            let mut without = full.clone();
            let value = remove(&mut without, &key).unwrap_or_else(|| panic!("VOORBEELD lacks {key}: add it"));
            assert!(
                merge(without.clone(), &[], None).ok().as_ref() != Some(&expected),
                "VOORBEELD keeps {key}'s default"
            );
            let text = match value {
                toml::Value::String(text) => text,
                other => other.to_string(),
            };
            let long = format!("STIP_{}", key.to_ascii_uppercase().replace('.', "__"));
            let short = SHORT_NAMES.iter().filter(|(_, k)| *k == key).map(|(short, _)| format!("STIP_{short}"));
            for name in std::iter::once(long).chain(short) {
                let settings = env_settings([(name.clone().into(), text.clone().into())]).unwrap();
                let merged = merge(without.clone(), &settings, None);
                assert_eq!(merged.unwrap(), expected, "{name}={text}");
            }
        }
    }
}
