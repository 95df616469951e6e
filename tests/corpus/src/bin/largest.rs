//! Measures soapfig on the largest corpus WSDLs (by the bytes of every file each one loads): the
//! time to load, to load and plan (what the schema engine does at start-up), to generate the typed
//! module's types, and
//! the compile time of the generated code, for docs/performance.md. Run it in release mode, on
//! an idle machine (`--no-compile` leaves the compile times out):
//!
//! ```sh
//! cargo run --release -p soapfig-corpus --bin largest [N] [--no-compile]
//! ```
//!
//! Compiling builds a scratch crate (`target/largest-wsdl/`) holding the generated module and
//! depending on soapfig-runtime: dependencies are built once first, then the module alone is
//! timed, in debug and in release.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const RUNS: usize = 5;

/// The typed module's types alone: what depends on `soapfig-runtime` only.
const TYPES_ONLY: soapfig_codegen::TypedOptions<'static> = soapfig_codegen::TypedOptions {
    client: false,
    server: false,
    include: &no_include,
    derives: &[],
};

fn no_include(_: &Path) -> String {
    String::new()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let count: usize = args.iter().find_map(|a| a.parse().ok()).unwrap_or(3);
    let compile = !args.iter().any(|a| a == "--no-compile");
    let cache = soapfig_corpus::require_cache();
    let mut sized = Vec::new();
    for (_, sub) in soapfig_corpus::SOURCES {
        for wsdl in soapfig_corpus::wsdl_files(&cache.join(sub)) {
            // Copies of one WSDL differing only in their address are measured once.
            if wsdl
                .components()
                .any(|c| c.as_os_str() == "test_server_wsdl")
            {
                continue;
            }
            let Ok(g) = soapfig_codegen::typed_module(&wsdl, None, &TYPES_ONLY) else {
                continue;
            };
            let bytes: u64 = g
                .inputs
                .iter()
                .filter_map(|p| std::fs::metadata(p).ok())
                .map(|m| m.len())
                .sum();
            sized.push((bytes, wsdl, g.inputs.len()));
        }
    }
    sized.sort_by_key(|s| std::cmp::Reverse(s.0));
    println!(
        "| WSDL | files, KiB | load | load + plan | load + generate | generated lines | compile (debug) | compile (release) |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- | --- |");
    for (bytes, wsdl, files) in sized.into_iter().take(count) {
        let load = median(|| {
            soapfig_wsdl::load(&wsdl).expect("it generated above");
        });
        let plan = median(|| {
            let defs = soapfig_wsdl::load(&wsdl).expect("it generated above");
            std::hint::black_box(soapfig_plan::compile(&defs));
        });
        let mut source = String::new();
        let generate = median(|| {
            source = soapfig_codegen::typed_module(&wsdl, None, &TYPES_ONLY)
                .expect("it generated above")
                .source;
        });
        let (debug, release) = if compile {
            let (d, r) = compile_times(&source);
            (secs(d), secs(r))
        } else {
            ("-".into(), "-".into())
        };
        println!(
            "| `{}` | {files}, {} | {} | {} | {} | {} | {debug} | {release} |",
            wsdl.strip_prefix(&cache).unwrap_or(&wsdl).display(),
            bytes / 1024,
            ms(load),
            ms(plan),
            ms(generate),
            source.lines().count(),
        );
    }
}

/// The median of `RUNS` runs of `f`.
fn median(mut f: impl FnMut()) -> Duration {
    let mut times: Vec<_> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[RUNS / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

fn secs(d: Duration) -> String {
    format!("{:.1} s", d.as_secs_f64())
}

/// Compiles `source` as the library of a scratch crate; times the crate alone.
fn compile_times(source: &str) -> (Duration, Duration) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = root.join("target/largest-wsdl");
    std::fs::create_dir_all(dir.join("src")).expect("target/ is writable");
    let runtime: PathBuf = root.join("crates/soapfig-runtime");
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"largest-wsdl\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n[dependencies]\nsoapfig-runtime = {{ path = {:?} }}\n\n[workspace]\n",
            runtime.display().to_string()
        ),
    )
    .unwrap();
    let lib = dir.join("src/lib.rs");
    let mut times = Vec::new();
    for release in [false, true] {
        // Dependencies first, with an empty library; then the generated module alone.
        std::fs::write(&lib, "").unwrap();
        cargo_build(&dir, release);
        std::fs::write(
            &lib,
            format!("#![allow(clippy::all, dead_code, non_camel_case_types)]\n{source}"),
        )
        .unwrap();
        let t = Instant::now();
        cargo_build(&dir, release);
        times.push(t.elapsed());
    }
    (times[0], times[1])
}

fn cargo_build(dir: &Path, release: bool) {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.arg("build").arg("--quiet").current_dir(dir);
    if release {
        cmd.arg("--release");
    }
    let status = cmd.status().expect("cargo runs");
    assert!(status.success(), "the generated code compiles");
}
