//! Loads a WSDL 1.1 file, the schemas it holds and every file it imports, into a resolved
//! [`Definitions`] model.
//!
//! The loader never touches the network, never panics on bad input, and reports every problem as
//! a [`Diagnostic`] naming the file, line and column of the offending construct.

mod catalog;
mod diag;
mod documents;
pub mod model;
mod naming;
mod numbers;
mod source;
mod wrappers;
mod wsdl;
mod xmltree;
mod xsd;

use std::path::Path;

pub use diag::{Diagnostic, Loc, Severity};
pub use model::*;
pub use naming::{KeyNaming, name_words};
pub use numbers::is_wide_number;
pub use wrappers::array_wrapper_item;

/// Loads `path` and everything it imports.
pub fn load(path: &Path) -> Result<Definitions, Diagnostic> {
    load_from(path, source::Source::Disk)
}

/// A WSDL compiled into a program: the root file's name and every file it reaches, each by
/// its path relative to the root's directory (`include_str!`ed by generated code), and the
/// mapping it was generated with, whose JSON form (numbers, naming, renames, array wrappers)
/// the program's typed values have.
#[derive(Debug, Clone, Copy)]
pub struct Embedded {
    pub root: &'static str,
    pub files: &'static [(&'static str, &'static str)],
    /// The mapping file's name (for its errors) and text; `None`: the default mapping.
    pub mapping: Option<(&'static str, &'static str)>,
}

impl Embedded {
    pub fn load(&self) -> Result<Definitions, Diagnostic> {
        load_embedded(self.root, self.files)
    }
}

/// Loads the WSDL `root` from `files` (each a path, relative to one directory, and the file's
/// text), which hold it and everything it imports: a program that carries its WSDL compiled
/// in (`include_str!`) loads it without a file system. Locations resolve as on disk.
pub fn load_embedded(
    root: &str,
    files: &[(&str, &'static str)],
) -> Result<Definitions, Diagnostic> {
    load_from(Path::new(root), source::Source::embedded(files))
}

fn load_from(path: &Path, source: source::Source) -> Result<Definitions, Diagnostic> {
    let docs = documents::Documents::load(path, source)?;
    let mut schema = xsd::SchemaBuilder::new(&docs.schemas)?;
    let (services, warnings) = wsdl::services(&docs, &mut schema)?;
    schema.add_derived_types();
    let encoded = services
        .iter()
        .flat_map(|s| &s.ports)
        .flat_map(|p| &p.operations)
        .any(|o| o.encoded);
    if encoded {
        // SOAP encoding lets any accessor be null (SOAP 1.1 section 5.1), whatever `nillable`
        // says: in a WSDL with rpc/encoded operations every element is nillable.
        schema.schema.every_element_nillable();
    }
    if services.is_empty() {
        return Err(Diagnostic::in_file(
            path,
            "the WSDL defines no wsdl:service",
        ));
    }
    Ok(Definitions {
        target_namespace: docs.wsdls[0]
            .attr("targetNamespace")
            .unwrap_or("")
            .to_string(),
        files: docs.files,
        services,
        schema: schema.schema,
        warnings,
    })
}
