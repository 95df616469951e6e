//! The `soapfig` command: runs the facade, and generates or checks code from a WSDL.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};

use soapfig_runtime::describe::ServiceDesc;
use soapfig_server::{FacadeConfig, Overrides};

/// The soapfig crates a generated typed crate links, bundled by build.rs.
mod vendored {
    include!(concat!(env!("OUT_DIR"), "/vendored.rs"));
}

/// The repository's `wsdl/` and `mappings/` as this binary was built, bundled by build.rs.
mod built_in {
    include!(concat!(env!("OUT_DIR"), "/built_in.rs"));
}

mod log;
mod routes;
mod workers;

#[derive(Parser)]
#[command(
    name = "soapfig",
    version,
    about = "A SOAP-to-REST facade generated from WSDL"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: ServeArgs,
}

#[derive(clap::Args, Clone)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// A service's SOAP backend, as SERVICE=URL (repeatable); wins over SOAPFIG_BACKEND_<SERVICE>,
    /// the mapping file and the WSDL's soap:address.
    #[arg(long = "backend", value_name = "SERVICE=URL")]
    backends: Vec<String>,
    /// How long a backend may take, in milliseconds (default 30000, or SOAPFIG_TIMEOUT_MS).
    #[arg(long)]
    timeout_ms: Option<u64>,
    /// Do not start the embedded demo service.
    #[arg(long)]
    no_demo: bool,
    #[command(flatten)]
    sources: Sources,
    /// The largest backend answer read whole before it is translated (SOAP-encoded answers,
    /// rpc Bodies, error statuses), in bytes (default 64 MiB).
    #[arg(long, value_name = "BYTES")]
    max_answer_bytes: Option<usize>,
    /// The largest document/literal answer translated as it arrives, in bytes (default
    /// 4 GiB); its memory does not grow with its size.
    #[arg(long, value_name = "BYTES")]
    max_streamed_answer_bytes: Option<u64>,
    /// A browser origin allowed to call the routes from its pages (CORS), as
    /// `https://app.example.com`, or `*` for any; repeatable. Default: none.
    #[arg(long = "cors-origin", value_name = "ORIGIN")]
    cors_origins: Vec<String>,
    /// How many threads serve requests, each with its own connections (default: one per
    /// core).
    #[arg(long, value_name = "N")]
    workers: Option<usize>,
    /// The route table: where each route is served from, legacy, modern, shadow or canary
    /// (docs/routes.md). Reloaded when the file changes and on SIGHUP; a table that does not
    /// check is refused and the running one stays. Default: every route legacy.
    #[arg(long, value_name = "FILE")]
    routes: Option<PathBuf>,
    /// A file holding the token the admin API (`/admin/routes`, `/admin/reload`) and page
    /// (`/admin`) ask for, as `Authorization: Bearer TOKEN`; or the environment variable
    /// SOAPFIG_ADMIN_TOKEN. Without one they are off.
    #[arg(long, value_name = "FILE")]
    admin_token_file: Option<PathBuf>,
    /// The log's form: `text` (the default) or `json`, one object per line. Request and
    /// answer bodies and secrets are never logged.
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    log_format: LogFormat,
    /// How long a stop (SIGTERM, SIGINT) waits for requests in flight, in milliseconds,
    /// before it ends them (default 30000).
    #[arg(long, value_name = "MS", default_value_t = 30_000)]
    shutdown_grace_ms: u64,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

/// Which WSDLs the facade fronts, and with which mappings.
#[derive(clap::Args, Clone)]
struct Sources {
    /// Front every `*.wsdl` file directly in this directory (what they import may be beside
    /// them or below). Default: `wsdl/` when there is one here, else the WSDLs built into
    /// this binary (the repository's `wsdl/` when it was built: the demo).
    #[arg(long)]
    wsdl_dir: Option<PathBuf>,
    /// Also front this WSDL (repeatable). Its mapping is NAME.toml in --mappings-dir, when
    /// there is one.
    #[arg(long = "wsdl", value_name = "FILE")]
    wsdls: Vec<PathBuf>,
    /// Where each WSDL's mapping (NAME.toml) is read from at start-up. Default: `mappings/`;
    /// for the built-in WSDLs, the mappings built in with them unless this directory has one.
    #[arg(long)]
    mappings_dir: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the facade (the default).
    Serve(ServeArgs),
    /// Write a WSDL's Rust types and typed client as a crate of its own (the WSDL compiled in;
    /// the soapfig crates it needs vendored under `vendor/`, so it builds anywhere crates.io
    /// is reachable).
    Generate {
        wsdl: PathBuf,
        #[arg(long)]
        out: PathBuf,
        /// A mapping file for the WSDL.
        #[arg(long)]
        mapping: Option<PathBuf>,
        /// Only the types, depending on soapfig-runtime alone: no client, no HTTP.
        #[arg(long, conflicts_with = "server")]
        types_only: bool,
        /// A trait per service too, and the function serving an implementation as its SOAP
        /// endpoint (an axum router): for the service that replaces the legacy one.
        #[arg(long)]
        server: bool,
        /// A trait every type derives besides `Clone` and `Debug` (`PartialEq`, `Eq`,
        /// `Hash`, `Default`...); repeatable.
        #[arg(long = "derive", value_name = "TRAIT")]
        derives: Vec<String>,
        /// Depend on the soapfig crates of this checkout (its `crates/` directory) instead of
        /// vendored copies.
        #[arg(long)]
        soapfig_crates: Option<PathBuf>,
    },
    /// Load a WSDL (and its mapping) as `serve` would, and report every problem and every
    /// operation it could not publish, without serving or writing anything.
    Check {
        wsdl: PathBuf,
        #[arg(long)]
        mapping: Option<PathBuf>,
    },
    /// Write a starting mapping for a WSDL, with a REST design made from its operations'
    /// names and requests (GET /customers/{id}, POST /customers answering 201, ...), to edit
    /// and then `check`.
    Scaffold {
        wsdl: PathBuf,
        /// Where to write it (default: the standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Print the OpenAPI document of the services `serve` would publish.
    Openapi {
        #[command(flatten)]
        sources: Sources,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None => serve(cli.serve),
        Some(Command::Serve(args)) => serve(args),
        Some(Command::Generate {
            wsdl,
            out,
            mapping,
            types_only,
            server,
            derives,
            soapfig_crates,
        }) => {
            let crates = match &soapfig_crates {
                Some(dir) => soapfig_codegen::SoapfigCrates::Checkout(dir),
                None => soapfig_codegen::SoapfigCrates::Vendored {
                    files: vendored::FILES,
                    lock: vendored::LOCK,
                },
            };
            report(
                soapfig_codegen::write_typed_crate(
                    &wsdl,
                    mapping.as_deref(),
                    &out,
                    types_only,
                    server,
                    &derives,
                    crates,
                )
                .map(|warnings| {
                    print_warnings(&warnings);
                    println!("wrote {}", out.display());
                }),
            )
        }
        Some(Command::Check { wsdl, mapping }) => check(&wsdl, mapping.as_deref()),
        Some(Command::Scaffold { wsdl, out }) => scaffold(&wsdl, out.as_deref()),
        Some(Command::Openapi { sources }) => match services(&sources) {
            Ok(services) => {
                let doc = soapfig_server::openapi::document(&services);
                println!("{}", doc.to_pretty_json().expect("the document serializes"));
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{e}");
                ExitCode::FAILURE
            }
        },
    }
}

/// `soapfig check`: the WSDL loaded, described and planned as `serve` fronts it; what it
/// leaves out is listed as warnings on stderr.
fn scaffold(wsdl: &Path, out: Option<&Path>) -> ExitCode {
    let described = soapfig_wsdl::load(wsdl).and_then(|defs| {
        print_warnings(&defs.warnings);
        soapfig_describe::describe(&defs, &soapfig_describe::Mapping::default())
    });
    let d = match described {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let name = wsdl
        .file_name()
        .map_or(String::new(), |n| n.to_string_lossy().into_owned());
    let text = soapfig_describe::scaffold::scaffold(&d, &name);
    match out {
        None => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Some(path) => match std::fs::write(path, text) {
            Ok(()) => {
                println!("wrote {}", path.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{}: error: {e}", path.display());
                ExitCode::FAILURE
            }
        },
    }
}

fn check(wsdl: &Path, mapping: Option<&Path>) -> ExitCode {
    let fronted = match soapfig_registry::front_wsdl(wsdl, mapping) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    print_warnings(&fronted.warnings);
    for k in &fronted.left_out {
        eprintln!(
            "{}: warning: the operation {}.{} is not published: {}",
            wsdl.display(),
            k.service,
            k.operation,
            k.reason
        );
    }
    let operations: usize = fronted.services.iter().map(|s| s.operations.len()).sum();
    let warned = match fronted.warnings.len() + fronted.left_out.len() {
        0 => String::new(),
        n => format!(", {n} warning(s)"),
    };
    println!(
        "{}: ok ({} files read, {} services, {operations} operations published{warned})",
        wsdl.display(),
        fronted.files.len(),
        fronted.services.len(),
    );
    ExitCode::SUCCESS
}

/// What the loader left out of a WSDL, one located line each, on stderr.
fn print_warnings(warnings: &[soapfig_codegen::Diagnostic]) {
    for warning in warnings {
        eprintln!("{warning}");
    }
}

fn report(r: Result<(), soapfig_codegen::Error>) -> ExitCode {
    match r {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn cli_overrides(args: &ServeArgs) -> Result<Overrides, String> {
    let mut o = Overrides {
        timeout: args.timeout_ms.map(Duration::from_millis),
        ..Overrides::default()
    };
    for b in &args.backends {
        let (service, url) = b
            .split_once('=')
            .ok_or_else(|| format!("--backend takes SERVICE=URL, not `{b}`"))?;
        o.backends.push((service.to_string(), url.to_string()));
    }
    Ok(o)
}

fn serve(args: ServeArgs) -> ExitCode {
    use std::io::IsTerminal as _;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let log = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(log::Output);
    match args.log_format {
        // One JSON object per line, for a log collector: its fields as keys.
        LogFormat::Json => log.json().flatten_event(true).init(),
        // Colour codes only for a person at a terminal, never into a log file or a pipe.
        LogFormat::Text => log.with_ansi(std::io::stdout().is_terminal()).init(),
    }
    // Start-up, the embedded demo service and the wait for a signal; requests are served by
    // the workers' runtimes (workers.rs).
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    match runtime.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// Every service the facade fronts: each WSDL of the WSDL directory (or, without one, each
/// built into this binary), then each given with `--wsdl`, loaded, described and planned now.
/// Two services of one name, or two routes of one path, stop the start.
fn services(sources: &Sources) -> Result<Vec<&'static ServiceDesc>, String> {
    let mappings = sources
        .mappings_dir
        .clone()
        .unwrap_or_else(|| PathBuf::from("mappings"));
    let mut services = Vec::new();
    match wsdl_dir(sources) {
        Some(dir) => {
            for wsdl in wsdls_in(&dir)? {
                services.extend(front(&wsdl, &mappings)?);
            }
        }
        None => services.extend(front_built_in(sources.mappings_dir.as_deref())?),
    }
    for wsdl in &sources.wsdls {
        services.extend(front(wsdl, &mappings)?);
    }
    check_unique(&services)?;
    Ok(services)
}

/// The WSDL directory: as given, else `wsdl/` when there is one here.
fn wsdl_dir(sources: &Sources) -> Option<PathBuf> {
    sources
        .wsdl_dir
        .clone()
        .or_else(|| Some(PathBuf::from("wsdl")).filter(|d| d.is_dir()))
}

/// The `*.wsdl` files directly in `dir`, sorted.
fn wsdls_in(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let read = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: cannot read the WSDL directory: {e}", dir.display()))?;
    let mut out: Vec<PathBuf> = read
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "wsdl"))
        .collect();
    out.sort();
    if out.is_empty() {
        tracing::warn!(dir = %dir.display(), "the WSDL directory holds no *.wsdl file");
    }
    Ok(out)
}

/// The WSDLs built into this binary (`built_in::WSDL_FILES`), each with its mapping: NAME.toml
/// from `mappings` when that has one, else the one built in.
fn front_built_in(mappings: Option<&Path>) -> Result<Vec<&'static ServiceDesc>, String> {
    let mut out = Vec::new();
    for &(root, _) in built_in::WSDL_FILES {
        if root.contains('/') || !root.ends_with(".wsdl") {
            continue;
        }
        let started = std::time::Instant::now();
        let stem = root.trim_end_matches(".wsdl");
        let on_disk = mappings
            .map(|d| d.join(format!("{stem}.toml")))
            .filter(|m| m.is_file());
        let embedded = built_in::MAPPINGS
            .iter()
            .find(|(name, _)| name.strip_suffix(".toml") == Some(stem));
        let wsdl = |mapping| soapfig_wsdl::Embedded {
            root,
            files: built_in::WSDL_FILES,
            mapping,
        };
        // Read once at start-up, kept as long as the facade (as its descriptions are).
        let (fronted, mapping) = match (&on_disk, embedded) {
            (Some(path), _) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
                let label = path.display().to_string();
                let carried = Some((&*label.clone().leak(), &*text.leak()));
                (soapfig_registry::front_embedded(wsdl(carried)), label)
            }
            (None, Some((name, text))) => {
                let label: &'static str = format!("mappings/{name}").leak();
                let f = soapfig_registry::front_embedded(wsdl(Some((label, text))));
                (f, format!("{label} (built in)"))
            }
            (None, None) => (
                soapfig_registry::front_embedded(wsdl(None)),
                "none".to_string(),
            ),
        };
        let fronted = fronted.map_err(|e| e.to_string())?;
        let label = format!("{root} (built in)");
        out.extend(published(fronted, &label, &mapping, started));
    }
    Ok(out)
}

/// The services of `wsdl`, loaded, described and planned now (its mapping: NAME.toml in
/// `mappings`, when there is one).
fn front(wsdl: &Path, mappings: &Path) -> Result<Vec<&'static ServiceDesc>, String> {
    let started = std::time::Instant::now();
    let mapping = wsdl
        .file_stem()
        .map(|stem| mappings.join(stem).with_extension("toml"))
        .filter(|m| m.is_file());
    let fronted =
        soapfig_registry::front_wsdl(wsdl, mapping.as_deref()).map_err(|e| e.to_string())?;
    let mapping = mapping
        .as_deref()
        .map_or("none".into(), |m| m.display().to_string());
    Ok(published(
        fronted,
        &wsdl.display().to_string(),
        &mapping,
        started,
    ))
}

/// What a fronted WSDL publishes, with what it left out logged as warnings.
fn published(
    fronted: soapfig_registry::Fronted,
    wsdl: &str,
    mapping: &str,
    started: std::time::Instant,
) -> Vec<&'static ServiceDesc> {
    for w in &fronted.warnings {
        tracing::warn!("{w}");
    }
    for k in &fronted.left_out {
        tracing::warn!(
            service = k.service,
            operation = k.operation,
            reason = %k.reason,
            "not covered by the schema engine yet: not published"
        );
    }
    let operations: usize = fronted.services.iter().map(|s| s.operations.len()).sum();
    tracing::info!(
        wsdl,
        mapping,
        operations,
        ms = started.elapsed().as_secs_f64() * 1000.0,
        "WSDL loaded, described and planned"
    );
    fronted.services
}

/// Two services of one name, or two routes of one path, would make the facade ambiguous.
fn check_unique(services: &[&'static ServiceDesc]) -> Result<(), String> {
    let mut names = std::collections::HashMap::new();
    let mut paths = std::collections::HashMap::new();
    for s in services {
        if let Some(other) = names.insert(s.name, s.wsdl) {
            return Err(format!(
                "two services are named `{}`: in {other} and in {}",
                s.name, s.wsdl
            ));
        }
        for op in s.operations {
            let first = op.path.split('/').nth(1).unwrap_or("");
            if soapfig_server::RESERVED_PATHS.contains(&first) {
                return Err(format!(
                    "the route {} {} of {}.{} is under /{first}, which the facade serves itself ({}): give it another path in its mapping",
                    op.method,
                    op.path,
                    s.name,
                    op.name,
                    soapfig_server::RESERVED_PATHS
                        .map(|p| format!("/{p}"))
                        .join(", ")
                ));
            }
            if let Some((service, name)) = paths.insert(
                (op.method, soapfig_describe::route_shape(op.path)),
                (s.name, op.name),
            ) {
                return Err(format!(
                    "the operations {service}.{name} and {}.{} would share the route {} {}: give one a path in its mapping",
                    s.name, op.name, op.method, op.path
                ));
            }
        }
    }
    Ok(())
}

async fn run(args: ServeArgs) -> Result<(), String> {
    let services = services(&args.sources)?;
    let mut overrides = Overrides::from_env(&services)?.then(cli_overrides(&args)?);
    if let Some(name) = overrides
        .backends
        .iter()
        .map(|(n, _)| n)
        .find(|n| !services.iter().any(|s| &s.name == n))
    {
        return Err(format!(
            "a backend is given for the service `{name}`, which this facade does not publish"
        ));
    }
    // The demo's services get the embedded backend unless something else was configured;
    // it is started once, for the first that needs it.
    let mut demo: Option<soapfig_demo::Endpoints> = None;
    for s in &services {
        if args.no_demo
            || overrides.backend_for(s.name).is_some()
            || s.mapping.backend.is_some()
            || !matches!(s.wsdl, "demo.wsdl" | "orders.wsdl")
        {
            continue;
        }
        let endpoints = match &demo {
            Some(e) => e.clone(),
            None => {
                let started = soapfig_demo::start()
                    .await
                    .map_err(|e| format!("cannot start the demo service: {e}"))?;
                demo.insert(started).clone()
            }
        };
        if let Some(url) = endpoints.for_wsdl(s.wsdl) {
            tracing::info!(service = s.name, %url, "embedded demo SOAP service started");
            overrides
                .backends
                .push((s.name.to_string(), url.to_string()));
        }
    }
    let configs: Vec<_> = services
        .iter()
        .map(|s| soapfig_server::resolve(s, &overrides))
        .collect::<Result<_, _>>()?;
    for c in &configs {
        let backend = soapfig_server::redacted(&c.backend);
        tracing::info!(service = c.desc.name, %backend, timeout_ms = c.timeout.as_millis() as u64, "publishing");
        // Said at start-up, not only at the first call: such a backend cannot be reached.
        let https = Some(&c.backend).filter(|url| {
            url.get(..6)
                .is_some_and(|s| s.eq_ignore_ascii_case("https:"))
        });
        if let (Some(url), Some(why)) = (https, soapfig_server::tls_unavailable()) {
            let url = soapfig_server::redacted(url);
            tracing::warn!(service = c.desc.name, %url, "{why}: its calls will fail");
        }
    }
    let mut config = FacadeConfig::new(configs);
    if let Some(max) = args.max_answer_bytes {
        config.max_response = max;
    }
    if let Some(max) = args.max_streamed_answer_bytes {
        config.max_streamed_response = max;
    }
    soapfig_server::cors_layer(&args.cors_origins)?;
    config.cors_origins = args.cors_origins.clone();
    if let Some(file) = &args.routes {
        let published = soapfig_server::published_routes(&config.services);
        config.routes =
            std::sync::Arc::new(soapfig_server::RoutesSource::load(file.clone(), published)?);
        routes::watch(config.routes.clone());
    }
    config.admin_token = admin_token(&args)?;
    let count = args.workers.unwrap_or_else(workers::default_count);
    let workers = workers::Workers::start(&config, args.listen, count)?;
    let bound = workers.bound;
    tracing::info!(workers = workers.count(), "serving");
    tracing::info!("facade listening on http://{bound}/ (docs at /docs, OpenAPI at /openapi.json)");
    stop_signal().await;
    // Load balancers asking /readyz stop sending here first.
    config
        .ready
        .store(false, std::sync::atomic::Ordering::Relaxed);
    tracing::info!("stopping: requests in flight are finished first");
    // Waited for off this runtime, which still serves the embedded demo those requests may
    // be calling.
    let grace = std::time::Duration::from_millis(args.shutdown_grace_ms);
    tokio::task::spawn_blocking(move || workers.stop(grace))
        .await
        .map_err(|e| format!("stopping the workers: {e}"))?
}

/// The admin token: the file's content, else SOAPFIG_ADMIN_TOKEN; none turns the admin API
/// off. Never logged.
fn admin_token(args: &ServeArgs) -> Result<Option<String>, String> {
    let token = match &args.admin_token_file {
        Some(file) => Some(
            std::fs::read_to_string(file)
                .map_err(|e| format!("{}: cannot read the admin token: {e}", file.display()))?,
        ),
        None => std::env::var("SOAPFIG_ADMIN_TOKEN").ok(),
    };
    match token.map(|t| t.trim().to_string()) {
        Some(t) if t.len() < 16 => Err(
            "the admin token must be at least 16 characters (a random one: `openssl rand -hex 16`)"
                .into(),
        ),
        Some(t) => Ok(Some(t)),
        None => Ok(None),
    }
}

/// An interrupt (Ctrl-C, SIGINT) or, on Unix, SIGTERM: what a terminal, systemd or a
/// container runtime sends to stop a service.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
