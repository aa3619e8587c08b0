//! The `stip` command: parses the command line, loads the configuration and runs a subcommand; every failure ends
//! as one clear line on stderr and a non-zero exit, never a panic.

mod config;
mod import;
mod serve;

use clap::{Parser, Subcommand};
use config::{Config, LogFormat, Overrides};
use std::path::PathBuf;
use std::process::ExitCode;

/// stip — one-stop service for the Omgevingswet: the rules at a place, the permit check, the plan check,
/// applications and cases.
#[derive(Debug, Parser)]
#[command(name = "stip", version, propagate_version = true)]
struct Cli {
    /// A TOML configuration file ([server], [storage], [log], [kaart], [demo], [host], [sessie], [mail],
    /// [oidc]); env and flags override it
    #[arg(long, short, env = "STIP_CONFIG", global = true)]
    config: Option<PathBuf>,
    #[command(flatten)]
    overrides: Overrides,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the web site and the JSON API (creates and migrates the database on first start)
    Serve,
    /// Import source data: omgevingsplan packages, bestemmingsplannen, toepasbare regels, BAG and BRK extracts
    Import {
        /// Files, folders or zip archives to import
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Print what applies at a place, as JSON (the same answer as GET /api/v1/regels)
    Regels {
        #[command(flatten)]
        punt: Plek,
    },
    /// Print the OpenAPI document of the JSON API
    Openapi,
}

/// A place on the command line: `--x` and `--y` in RD New (metres), or `--lon` and `--lat` in WGS84.
#[derive(Debug, Clone, clap::Args)]
struct Plek {
    /// RD New x (metres), with --y
    #[arg(long, allow_hyphen_values = true)]
    x: Option<f64>,
    /// RD New y (metres), with --x
    #[arg(long, allow_hyphen_values = true)]
    y: Option<f64>,
    /// WGS84 longitude (degrees), with --lat
    #[arg(long, allow_hyphen_values = true)]
    lon: Option<f64>,
    /// WGS84 latitude (degrees), with --lon
    #[arg(long, allow_hyphen_values = true)]
    lat: Option<f64>,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version print and succeed; real usage errors exit 2 with clap's message.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let config = Config::load(cli.config.as_deref(), &cli.overrides)?;
    init_logging(&config)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| anyhow::anyhow!("cannot start the async runtime: {e}"))?;
    let result = match cli.command {
        Command::Serve => runtime.block_on(serve::serve(config)).map(|()| ExitCode::SUCCESS),
        Command::Import { paths } => runtime.block_on(import::import(config, &paths)),
        Command::Regels { punt } => runtime.block_on(regels(config, punt)).map(|()| ExitCode::SUCCESS),
        Command::Openapi => {
            println!("{}", serde_json::to_string_pretty(stip_web::api::openapi())?);
            Ok(ExitCode::SUCCESS)
        }
    };
    // Background loops (the message worker, the reload on imports) never end by themselves: once the command is
    // done, stop them instead of waiting for them, so that a SIGTERM'd server exits.
    runtime.shutdown_timeout(std::time::Duration::from_secs(5));
    result
}

async fn regels(config: Config, plek: Plek) -> anyhow::Result<()> {
    let punt = stip_app::locatie::punt(plek.x, plek.y, plek.lon, plek.lat)
        .map_err(|e| anyhow::anyhow!("{}", e.detail.unwrap_or_default()))?;
    let store = serve::open_store(&config).await?;
    let kennis = stip_app::kennis::laad(&store).await?;
    store.close().await;
    let antwoord = stip_app::regels::op_punt(&kennis, punt);
    println!("{}", serde_json::to_string_pretty(&antwoord)?);
    Ok(())
}

fn init_logging(config: &Config) -> anyhow::Result<()> {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_new(&config.log.level)
        .map_err(|e| anyhow::anyhow!("invalid log filter \"{}\": {e}", config.log.level))?;
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_ansi(ansi);
    let result = match config.log.format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
    result.map_err(|e| anyhow::anyhow!("cannot set up logging: {e}"))
}
