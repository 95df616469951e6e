//! The `soapfig` command: runs the facade, and generates or checks code from a WSDL.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};

use soapfig_registry::Engine;
use soapfig_runtime::describe::ServiceDesc;
use soapfig_server::{FacadeConfig, Overrides};

/// The soapfig crates a generated typed crate links, bundled by build.rs.
mod vendored {
    include!(concat!(env!("OUT_DIR"), "/vendored.rs"));
}

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
    /// Serve an operation from its modern replacement, as SERVICE.OPERATION=URL (repeatable);
    /// wins over SOAPFIG_MODERN_<SERVICE>_<OPERATION> and the mapping file.
    #[arg(long = "modern", value_name = "SERVICE.OPERATION=URL")]
    modern: Vec<String>,
    /// How long a backend may take, in milliseconds (default 30000, or SOAPFIG_TIMEOUT_MS).
    #[arg(long)]
    timeout_ms: Option<u64>,
    /// Do not start the embedded demo service.
    #[arg(long)]
    no_demo: bool,
    /// What translates JSON to SOAP and back: `plan` (the schema engine: every service's WSDL
    /// planned at start-up; the operations it does not cover yet keep their generated codec)
    /// or `generated` (the codecs built into this binary). Default: SOAPFIG_ENGINE, else
    /// `plan` when the WSDL files are found, else `generated` (with a warning).
    #[arg(long, value_name = "plan|generated")]
    engine: Option<Engine>,
    /// Where the services' WSDL files are, for the schema engine. Default: `wsdl/` when it
    /// holds them, else the directory this binary's services were generated from.
    #[arg(long)]
    wsdl_dir: Option<PathBuf>,
    /// Also front this WSDL (repeatable), which this binary was not built with: loaded,
    /// described and planned at start-up, every operation the schema engine covers published.
    /// Its mapping is NAME.toml in --mappings-dir, when there is one.
    #[arg(long = "wsdl", value_name = "FILE")]
    wsdls: Vec<PathBuf>,
    /// Where each WSDL's mapping (NAME.toml) is read from at start-up. Default: `mappings/`,
    /// or, when the WSDL files are read where the services were generated from, the mappings
    /// they were generated with.
    #[arg(long)]
    mappings_dir: Option<PathBuf>,
    /// The largest backend answer read whole before it is translated (SOAP-encoded answers,
    /// rpc Bodies, error statuses), in bytes (default 64 MiB).
    #[arg(long, value_name = "BYTES")]
    max_answer_bytes: Option<usize>,
    /// The largest document/literal answer translated as it arrives, in bytes (default
    /// 4 GiB); its memory does not grow with its size.
    #[arg(long, value_name = "BYTES")]
    max_streamed_answer_bytes: Option<u64>,
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
    /// Print the OpenAPI document of the built-in services.
    Openapi,
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
                    crates,
                )
                .map(|warnings| {
                    print_warnings(&warnings);
                    println!("wrote {}", out.display());
                }),
            )
        }
        Some(Command::Check { wsdl, mapping }) => check(&wsdl, mapping.as_deref()),
        Some(Command::Openapi) => {
            let services: Vec<_> = soapfig_services::services().collect();
            let doc = soapfig_server::openapi::document(&services);
            println!("{}", doc.to_pretty_json().expect("the document serializes"));
            ExitCode::SUCCESS
        }
    }
}

/// `soapfig check`: the WSDL loaded, described and planned as `serve` fronts it; what it
/// leaves out is listed as warnings on stderr.
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
    for m in &args.modern {
        let (target, url) = m
            .split_once('=')
            .ok_or_else(|| format!("--modern takes SERVICE.OPERATION=URL, not `{m}`"))?;
        let (service, op) = target
            .split_once('.')
            .ok_or_else(|| format!("--modern takes SERVICE.OPERATION=URL, not `{m}`"))?;
        o.modern
            .push((service.to_string(), op.to_string(), url.to_string()));
    }
    Ok(o)
}

fn serve(args: ServeArgs) -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let runtime = tokio::runtime::Builder::new_multi_thread()
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

/// The built-in services, translated by the engine asked for.
fn services(args: &ServeArgs) -> Result<Vec<&'static ServiceDesc>, String> {
    let generated: Vec<&'static ServiceDesc> = soapfig_services::services().collect();
    let asked = match &args.engine {
        Some(e) => Some(*e),
        None => match std::env::var("SOAPFIG_ENGINE") {
            Ok(v) => Some(v.parse().map_err(|e| format!("SOAPFIG_ENGINE: {e}"))?),
            Err(_) => None,
        },
    };
    if asked == Some(Engine::Generated) {
        return Ok(generated);
    }
    let dir = match wsdl_dir(args, &generated) {
        Some(dir) => dir,
        None if asked.is_some() => {
            return Err(format!(
                "the schema engine reads the services' WSDL files at start-up, and they are neither in wsdl/ nor in {}: give --wsdl-dir",
                soapfig_services::WSDL_DIR
            ));
        }
        None => {
            tracing::warn!(
                "the services' WSDL files are neither in wsdl/ nor where they were generated from: serving with the generated codecs (give --wsdl-dir for the schema engine)"
            );
            return Ok(generated);
        }
    };
    // Each built-in service described and planned from its WSDL and mapping as they are now,
    // in the order the binary lists them; then each WSDL added to the directory after this
    // binary was built, as it is.
    let mappings = mappings_dir(args, Some(&dir));
    let mut services = Vec::with_capacity(generated.len());
    let mut files: Vec<&'static str> = Vec::new();
    for s in &generated {
        if !files.contains(&s.wsdl) {
            files.push(s.wsdl);
        }
    }
    for file in files {
        let built_in: Vec<_> = generated
            .iter()
            .copied()
            .filter(|s| s.wsdl == file)
            .collect();
        services.extend(front(&dir.join(file), &mappings, &built_in)?);
    }
    for wsdl in new_wsdls(&dir, &generated)? {
        services.extend(front(&wsdl, &mappings, &[])?);
    }
    Ok(services)
}

/// Where the mappings are: as given, else beside the WSDL files when those are the ones the
/// services were generated from, else `mappings/`.
fn mappings_dir(args: &ServeArgs, wsdl_dir: Option<&Path>) -> PathBuf {
    if let Some(dir) = &args.mappings_dir {
        return dir.clone();
    }
    match wsdl_dir {
        Some(d) if d == Path::new(soapfig_services::WSDL_DIR) => {
            PathBuf::from(soapfig_services::MAPPINGS_DIR)
        }
        _ => PathBuf::from("mappings"),
    }
}

/// The `*.wsdl` files directly in `dir` that no built-in service was generated from.
fn new_wsdls(dir: &Path, built_in: &[&'static ServiceDesc]) -> Result<Vec<PathBuf>, String> {
    let read = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut out: Vec<PathBuf> = read
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "wsdl"))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            !built_in.iter().any(|s| s.wsdl == name)
        })
        .collect();
    out.sort();
    Ok(out)
}

/// Where the services' WSDL files are: as given, else `wsdl/` when it holds every one, else
/// the directory they were generated from when that does.
fn wsdl_dir(args: &ServeArgs, services: &[&'static ServiceDesc]) -> Option<PathBuf> {
    if let Some(dir) = &args.wsdl_dir {
        return Some(dir.clone());
    }
    [
        PathBuf::from("wsdl"),
        PathBuf::from(soapfig_services::WSDL_DIR),
    ]
    .into_iter()
    .find(|dir| services.iter().all(|s| dir.join(s.wsdl).is_file()))
}

/// The services of the WSDLs given with `--wsdl`, with no generated code.
fn fronted(args: &ServeArgs) -> Result<Vec<&'static ServiceDesc>, String> {
    let mut out = Vec::new();
    let mappings = mappings_dir(args, None);
    for wsdl in &args.wsdls {
        out.extend(front(wsdl, &mappings, &[])?);
    }
    Ok(out)
}

/// The services of `wsdl`, loaded, described and planned now (its mapping: NAME.toml in
/// `mappings`, when there is one); `built_in`: those of them this binary was built with.
fn front(
    wsdl: &Path,
    mappings: &Path,
    built_in: &[&'static ServiceDesc],
) -> Result<Vec<&'static ServiceDesc>, String> {
    let started = std::time::Instant::now();
    let mapping = wsdl
        .file_stem()
        .map(|stem| mappings.join(stem).with_extension("toml"))
        .filter(|m| m.is_file());
    let fronted = match built_in {
        [] => soapfig_registry::front_wsdl(wsdl, mapping.as_deref()),
        _ => soapfig_registry::front_built_in(wsdl, mapping.as_deref(), built_in),
    }
    .map_err(|e| e.to_string())?;
    for w in &fronted.warnings {
        tracing::warn!("{w}");
    }
    for (ops, fate) in [
        (&fronted.left_out, "not published"),
        (&fronted.kept, "served by its generated codec"),
    ] {
        for k in ops {
            tracing::warn!(
                service = k.service,
                operation = k.operation,
                reason = %k.reason,
                "not covered by the schema engine yet: {fate}"
            );
        }
    }
    let operations: usize = fronted.services.iter().map(|s| s.operations.len()).sum();
    tracing::info!(
        wsdl = %wsdl.display(),
        mapping = %mapping.as_deref().map_or("none".into(), |m| m.display().to_string()),
        operations,
        ms = started.elapsed().as_secs_f64() * 1000.0,
        "WSDL loaded, described and planned"
    );
    Ok(fronted.services)
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
            if let Some((service, name)) = paths.insert(op.path, (s.name, op.name)) {
                return Err(format!(
                    "the operations {service}.{name} and {}.{} would share the route POST {}: give one a path in its mapping",
                    s.name, op.name, op.path
                ));
            }
        }
    }
    Ok(())
}

async fn run(args: ServeArgs) -> Result<(), String> {
    let mut services = services(&args)?;
    services.extend(fronted(&args)?);
    check_unique(&services)?;
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
    for s in &services {
        // The demo service gets the embedded backend unless something else was configured.
        if s.wsdl == "demo.wsdl"
            && !args.no_demo
            && overrides.backend_for(s.name).is_none()
            && s.mapping.backend.is_none()
        {
            let url = soapfig_demo::start()
                .await
                .map_err(|e| format!("cannot start the demo service: {e}"))?;
            tracing::info!(%url, "embedded demo SOAP service started");
            overrides.backends.push((s.name.to_string(), url));
        }
    }
    let configs: Vec<_> = services
        .iter()
        .map(|s| soapfig_server::resolve(s, &overrides))
        .collect::<Result<_, _>>()?;
    for c in &configs {
        tracing::info!(service = c.desc.name, backend = %c.backend, timeout_ms = c.timeout.as_millis() as u64, "publishing");
    }
    let mut config = FacadeConfig::new(configs);
    if let Some(max) = args.max_answer_bytes {
        config.max_response = max;
    }
    if let Some(max) = args.max_streamed_answer_bytes {
        config.max_streamed_response = max;
    }
    let app = soapfig_server::router(&config);
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
    // The address bound, not the one asked for: `--listen 127.0.0.1:0` gets a free port.
    let bound = listener
        .local_addr()
        .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
    tracing::info!("facade listening on http://{bound}/ (docs at /docs, OpenAPI at /openapi.json)");
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| e.to_string())
}
