//! Reads the WSDL file and every file it reaches through `wsdl:import`, `xs:import` and
//! `xs:include`, resolving locations relative to the importing file. Nothing is fetched from the
//! network: an `xs:import` without a location or with a remote one is resolved from the
//! built-in catalog of standard schemas (`catalog`) when no schema of the WSDL defines its
//! namespace; any other remote location is an error that names the import.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::catalog;
use crate::diag::Diagnostic;
use crate::xmltree::{SOAP_ENC_NS, WSDL_NS, XElem, XSD_NS, parse_file, parse_str};

/// One `xs:schema` element, with the settings that its components inherit.
pub(crate) struct SchemaDoc {
    pub root: XElem,
    /// The schema's target namespace; for a chameleon include, the includer's.
    pub target_ns: String,
    pub elements_qualified: bool,
    pub attributes_qualified: bool,
}

pub(crate) struct Documents {
    /// The files read (built-in schemas are not files).
    pub files: Vec<PathBuf>,
    pub wsdls: Vec<XElem>,
    pub schemas: Vec<SchemaDoc>,
    /// Namespaces imported without a (local) location: loaded from the catalog at the end,
    /// unless a schema of the WSDL defines them.
    by_namespace: Vec<String>,
}

impl Documents {
    pub(crate) fn load(path: &Path) -> Result<Documents, Diagnostic> {
        let mut docs = Documents {
            files: Vec::new(),
            wsdls: Vec::new(),
            schemas: Vec::new(),
            by_namespace: Vec::new(),
        };
        let mut seen = HashSet::new();
        docs.load_wsdl(path, &mut seen)?;
        // xml:lang and its kin belong to every document (XML itself binds the prefix), so the
        // W3C's own test WSDLs use them without an import.
        docs.by_namespace.push(catalog::XML_NS.to_string());
        // A built-in schema may import another (SOAP 1.2's envelope imports xml.xsd).
        while let Some(ns) = docs.by_namespace.pop() {
            if docs.schemas.iter().any(|s| s.target_ns == ns) {
                continue;
            }
            if let Some(builtin) = catalog::lookup(&ns) {
                let path = PathBuf::from(format!("<soapfig catalog>/{}", builtin.file));
                let tree = parse_str(&path, builtin.text)?;
                docs.add_schema_tree(&path, tree, None, &mut seen)?;
            }
        }
        Ok(docs)
    }

    fn load_wsdl(&mut self, path: &Path, seen: &mut HashSet<PathBuf>) -> Result<(), Diagnostic> {
        seen.insert(canonical(path));
        let root = parse_file(path)?;
        self.add_wsdl(path, root, seen)
    }

    fn add_wsdl(
        &mut self,
        path: &Path,
        mut root: XElem,
        seen: &mut HashSet<PathBuf>,
    ) -> Result<(), Diagnostic> {
        self.files.push(path.to_path_buf());
        if !root.is(WSDL_NS, "definitions") {
            return Err(Diagnostic::at(
                &root.loc,
                format!(
                    "expected a WSDL 1.1 <definitions> element in namespace {WSDL_NS}, found <{}>",
                    root.local
                ),
            ));
        }
        let mut imports = Vec::new();
        for child in &root.children {
            if child.is(WSDL_NS, "import") {
                let location = child.required_attr("location")?;
                imports.push(resolve_location(path, location, child)?);
            }
        }
        // Inline schemas are moved out of the tree so each one is a SchemaDoc of its own.
        let mut schemas = Vec::new();
        for child in root.children.iter_mut() {
            if child.is(WSDL_NS, "types") {
                let (inline, other): (Vec<_>, Vec<_>) = std::mem::take(&mut child.children)
                    .into_iter()
                    .partition(|s| s.is(XSD_NS, "schema"));
                child.children = other;
                schemas.extend(inline);
            }
        }
        self.wsdls.push(root);
        for s in schemas {
            self.add_schema_tree(path, s, None, seen)?;
        }
        for target in imports {
            if !seen.insert(canonical(&target)) {
                continue;
            }
            // A wsdl:import may name a WSDL or a bare schema.
            let tree = parse_file(&target)?;
            if tree.is(XSD_NS, "schema") {
                self.add_schema(&target, tree, None, seen)?;
            } else {
                self.add_wsdl(&target, tree, seen)?;
            }
        }
        Ok(())
    }

    fn add_schema(
        &mut self,
        path: &Path,
        root: XElem,
        chameleon_ns: Option<&str>,
        seen: &mut HashSet<PathBuf>,
    ) -> Result<(), Diagnostic> {
        self.files.push(path.to_path_buf());
        self.add_schema_tree(path, root, chameleon_ns, seen)
    }

    fn add_schema_tree(
        &mut self,
        path: &Path,
        root: XElem,
        chameleon_ns: Option<&str>,
        seen: &mut HashSet<PathBuf>,
    ) -> Result<(), Diagnostic> {
        if !root.is(XSD_NS, "schema") {
            return Err(Diagnostic::at(
                &root.loc,
                format!("expected an <xs:schema> element, found <{}>", root.local),
            ));
        }
        let declared_ns = root.attr("targetNamespace").unwrap_or("").to_string();
        let target_ns = match chameleon_ns {
            Some(ns) if declared_ns.is_empty() => ns.to_string(),
            _ => declared_ns,
        };
        let mut pending = Vec::new();
        for child in &root.children {
            let is_import = child.is(XSD_NS, "import");
            if is_import || child.is(XSD_NS, "include") {
                let location = child.attr("schemaLocation");
                if is_import && location.is_none_or(is_remote) {
                    // Resolved by namespace: a schema of this WSDL, the catalog, or (SOAP
                    // encoding) the loader itself.
                    let ns = child.attr("namespace").unwrap_or("");
                    if let Some(remote) =
                        location.filter(|_| ns != SOAP_ENC_NS && catalog::lookup(ns).is_none())
                    {
                        return Err(Diagnostic::at(
                            &child.loc,
                            format!(
                                "the import of `{remote}` (namespace `{ns}`) is remote and soapfig's \
                                 built-in catalog has no schema for that namespace; soapfig never \
                                 fetches from the network: save a copy beside the WSDL and point \
                                 schemaLocation at it (the catalog has: {})",
                                catalog::namespaces().collect::<Vec<_>>().join(", ")
                            ),
                        ));
                    }
                    self.by_namespace.push(ns.to_string());
                    continue;
                }
                let Some(location) = location else {
                    return Err(Diagnostic::at(
                        &child.loc,
                        "<xs:include> is missing its `schemaLocation` attribute",
                    ));
                };
                let target = resolve_location(path, location, child)?;
                let chameleon = (!is_import).then(|| target_ns.clone());
                pending.push((target, chameleon));
            } else if child.is(XSD_NS, "redefine") {
                return Err(Diagnostic::at(
                    &child.loc,
                    "unsupported schema construct: xs:redefine",
                ));
            }
        }
        self.schemas.push(SchemaDoc {
            elements_qualified: root.attr("elementFormDefault") == Some("qualified"),
            attributes_qualified: root.attr("attributeFormDefault") == Some("qualified"),
            target_ns,
            root,
        });
        for (target, chameleon) in pending {
            if !seen.insert(canonical(&target)) {
                continue;
            }
            let tree = parse_file(&target)?;
            self.add_schema(&target, tree, chameleon.as_deref(), seen)?;
        }
        Ok(())
    }
}

fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

fn is_remote(location: &str) -> bool {
    let lower = location.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("ftp://")
}

fn resolve_location(from: &Path, location: &str, at: &XElem) -> Result<PathBuf, Diagnostic> {
    if is_remote(location) {
        return Err(Diagnostic::at(
            &at.loc,
            format!(
                "the import of `{location}` is remote; soapfig never fetches from the network: \
                 save a copy beside the WSDL and point the location at it"
            ),
        ));
    }
    let location = location.strip_prefix("file://").unwrap_or(location);
    let base = from.parent().unwrap_or(Path::new("."));
    let target = base.join(location);
    if !target.is_file() {
        return Err(Diagnostic::at(
            &at.loc,
            format!("the imported file `{}` does not exist", target.display()),
        ));
    }
    Ok(target)
}
