//! The typed API for Rust programs, from a loaded WSDL (`soapfig-wsdl`) and its mapping as
//! `soapfig-describe` describes them (re-exported here: [`describe`], [`Mapping`]): plain
//! structs and enums whose serde JSON is the facade's, a client and a server trait per
//! service. Used like prost-build: a build script calls [`Builder`], which writes one module
//! per WSDL into `OUT_DIR` plus a `soapfig_services.rs` that the crate `include!`s;
//! `soapfig generate` writes a crate ([`write_typed_crate`]).

mod names;
mod typed;

use std::fmt;
use std::path::{Path, PathBuf};

pub use soapfig_describe::{
    Description, Mapping, MappingError, OperationDescription, ServiceDescription, describe, mapping,
};
pub use soapfig_wsdl::Diagnostic;
pub use typed::{SoapfigCrates, TypedOptions, typed_module, write_typed_crate};

/// Why code could not be generated.
#[derive(Debug)]
pub enum Error {
    Wsdl(Diagnostic),
    Mapping(MappingError),
    Io(PathBuf, std::io::Error),
    /// A derive asked for that is not a Rust path.
    Derive(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Wsdl(d) => write!(f, "{d}"),
            Error::Mapping(m) => write!(f, "{m}"),
            Error::Io(p, e) => write!(f, "{}: error: {e}", p.display()),
            Error::Derive(d) => write!(f, "error: `{d}` is not a trait to derive (a Rust path)"),
        }
    }
}

impl std::error::Error for Error {}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Wsdl(d)
    }
}

/// What generating one WSDL produced.
pub struct Generated {
    /// The module's items, formatted.
    pub source: String,
    /// The described types it defines, by name: those its operations use and every type
    /// they reach (a WSDL without operations keeps all).
    pub types: Vec<&'static str>,
    /// Every file that was read (for `cargo:rerun-if-changed`).
    pub inputs: Vec<PathBuf>,
    /// What the loader left out of the WSDL, the rest being generated.
    pub warnings: Vec<Diagnostic>,
}

/// The WSDL loaded, its mapping (the default without one), and every file read.
pub(crate) fn load_with_mapping(
    wsdl: &Path,
    mapping: Option<&Path>,
) -> Result<(soapfig_wsdl::Definitions, Mapping, Vec<PathBuf>), Error> {
    let defs = soapfig_wsdl::load(wsdl)?;
    let mut inputs = defs.files.clone();
    let mapping = match mapping {
        Some(p) => {
            inputs.push(p.to_path_buf());
            Mapping::load(p).map_err(Error::Mapping)?
        }
        None => Mapping::default(),
    };
    Ok((defs, mapping, inputs))
}

/// Build-script entry point: generates every `*.wsdl` directly inside a directory.
///
/// WSDL and schema files that those import belong in subdirectories (or use other extensions),
/// so that only service descriptions are generated.
pub struct Builder {
    wsdl_dir: PathBuf,
    mappings_dir: Option<PathBuf>,
    out_dir: Option<PathBuf>,
    client: bool,
    server: bool,
    derives: Vec<String>,
}

impl Builder {
    pub fn new(wsdl_dir: impl Into<PathBuf>) -> Self {
        Builder {
            wsdl_dir: wsdl_dir.into(),
            mappings_dir: None,
            out_dir: None,
            client: true,
            server: false,
            derives: Vec::new(),
        }
    }

    /// A trait every generated type derives too, as a path (`"PartialEq"`, `"Eq"`,
    /// `"Hash"`...): see [`TypedOptions::derives`]. Repeatable.
    pub fn derive(mut self, path: impl Into<String>) -> Self {
        self.derives.push(path.into());
        self
    }

    /// A client per service (the default; the crate then depends on `soapfig-client`). The
    /// WSDL files are compiled in from where they are.
    pub fn client(mut self, client: bool) -> Self {
        self.client = client;
        self
    }

    /// A trait per service and the function serving an implementation of it as its SOAP
    /// endpoint (off by default; the crate then depends on `soapfig-service`).
    pub fn server(mut self, server: bool) -> Self {
        self.server = server;
        self
    }

    /// Where `NAME.toml` mapping files for `NAME.wsdl` are looked for.
    pub fn mappings_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.mappings_dir = Some(dir.into());
        self
    }

    /// Defaults to `$OUT_DIR`.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// The WSDL files this builder generates, sorted.
    pub fn wsdl_files(&self) -> Result<Vec<PathBuf>, Error> {
        let read =
            std::fs::read_dir(&self.wsdl_dir).map_err(|e| Error::Io(self.wsdl_dir.clone(), e))?;
        let mut files: Vec<PathBuf> = read
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "wsdl"))
            .collect();
        files.sort();
        Ok(files)
    }

    /// Writes `NAME.rs` per WSDL (its types, and its clients and server traits as asked) and
    /// `soapfig_services.rs`, which declares a module per WSDL. Prints `cargo:rerun-if-changed`
    /// lines.
    pub fn compile(self) -> Result<(), Error> {
        let out = match &self.out_dir {
            Some(d) => d.clone(),
            None => {
                PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR is set in build scripts"))
            }
        };
        println!("cargo:rerun-if-changed={}", self.wsdl_dir.display());
        if let Some(m) = &self.mappings_dir {
            println!("cargo:rerun-if-changed={}", m.display());
        }
        let mut modules = Vec::new();
        for wsdl in self.wsdl_files()? {
            let stem = wsdl
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("service")
                .to_string();
            let module = names::snake(&stem);
            let mapping = self
                .mappings_dir
                .as_ref()
                .map(|d| d.join(format!("{stem}.toml")))
                .filter(|p| p.is_file());
            let include = |f: &Path| {
                let f = f.canonicalize().unwrap_or_else(|_| f.to_path_buf());
                f.to_string_lossy().into_owned()
            };
            let options = TypedOptions {
                client: self.client,
                server: self.server,
                include: &include,
                derives: &self.derives,
            };
            let generated = typed_module(&wsdl, mapping.as_deref(), &options)?;
            for input in &generated.inputs {
                println!("cargo:rerun-if-changed={}", input.display());
            }
            for warning in &generated.warnings {
                println!("cargo:warning={warning}");
            }
            let path = out.join(format!("{module}.rs"));
            std::fs::write(&path, generated.source).map_err(|e| Error::Io(path.clone(), e))?;
            modules.push(module);
        }
        let mut index = String::from("// Generated by soapfig: one module per WSDL.\n\n");
        for m in &modules {
            index.push_str(&format!(
                "#[allow(clippy::all, clippy::pedantic, dead_code, non_camel_case_types)]\npub mod {m} {{\n    include!(concat!(env!(\"OUT_DIR\"), \"/{m}.rs\"));\n}}\n\n"
            ));
        }
        let path = out.join("soapfig_services.rs");
        std::fs::write(&path, index).map_err(|e| Error::Io(path.clone(), e))
    }

    /// [`compile`](Self::compile), printing the diagnostic and failing the build on error
    /// (without a panic's backtrace noise).
    pub fn compile_or_exit(self) {
        if let Err(e) = self.compile() {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
