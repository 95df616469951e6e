//! Reads the WSDL file and every file it reaches through `wsdl:import`, `xs:import` and
//! `xs:include`, resolving locations relative to the importing file. Nothing is fetched from the
//! network: an `xs:import` without a location or with a remote one is resolved from the
//! built-in catalog of standard schemas (`catalog`) when no schema of the WSDL defines its
//! namespace; any other remote location is an error that names the import.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::catalog;
use crate::diag::Diagnostic;
use crate::model::QName;
use crate::source::Source;
use crate::xmltree::{SOAP_ENC_NS, Scope, WSDL_NS, XElem, XSD_NS, parse_str};

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
    source: Source,
}

impl Documents {
    pub(crate) fn load(path: &Path, source: Source) -> Result<Documents, Diagnostic> {
        let mut docs = Documents {
            files: Vec::new(),
            wsdls: Vec::new(),
            schemas: Vec::new(),
            by_namespace: Vec::new(),
            source,
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
        seen.insert(self.source.identity(path));
        let root = self.source.parse(path)?;
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
                imports.push(resolve_location(&self.source, path, location, child)?);
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
            if !seen.insert(self.source.identity(&target)) {
                continue;
            }
            // A wsdl:import may name a WSDL or a bare schema.
            let tree = self.source.parse(&target)?;
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
        self.add_schema_redefined(path, root, chameleon_ns, &[], seen)
    }

    /// Adds a schema whose global components named in `redefined` are replaced by an
    /// `xs:redefine` elsewhere: they are kept under [`original_name`], for the redefinitions
    /// that refer to them.
    fn add_schema_redefined(
        &mut self,
        path: &Path,
        mut root: XElem,
        chameleon_ns: Option<&str>,
        redefined: &[String],
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
            Some(ns) if declared_ns.is_empty() => {
                // A schema without a namespace included into one takes it on, and so do the
                // unprefixed names it refers to (`type="Person"`).
                adopt_namespace(&mut root, ns, &mut HashMap::new());
                ns.to_string()
            }
            _ => declared_ns,
        };
        for c in root.children.iter_mut() {
            if c.in_ns(XSD_NS)
                && REDEFINABLE.contains(&c.local.as_str())
                && let Some(name) = c
                    .attrs
                    .iter_mut()
                    .find(|a| a.ns.is_none() && a.local == "name")
                && redefined.contains(&name.value)
            {
                name.value = original_name(&name.value);
            }
        }
        let mut pending = Vec::new();
        let mut moved = Vec::new();
        for child in root.children.iter_mut() {
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
                let target = resolve_location(&self.source, path, location, child)?;
                let chameleon = (!is_import).then(|| target_ns.clone());
                pending.push((target, chameleon, Vec::new()));
            } else if child.is(XSD_NS, "redefine") {
                // Includes the schema, whose components the redefinitions replace; a
                // redefinition's reference to its own name is to the original.
                let location = child.required_attr("schemaLocation")?;
                let target = resolve_location(&self.source, path, location, child)?;
                let mut names = Vec::new();
                for mut c in std::mem::take(&mut child.children) {
                    if !c.in_ns(XSD_NS) || !REDEFINABLE.contains(&c.local.as_str()) {
                        continue;
                    }
                    let name = c.required_attr("name")?.to_string();
                    let own = QName::new(&target_ns, &name);
                    refer_to_original(&mut c, &own)?;
                    names.push(name);
                    moved.push(c);
                }
                pending.push((target, Some(target_ns.clone()), names));
            }
        }
        // The redefinitions are the schema's own global components from now on.
        root.children.extend(moved);
        self.schemas.push(SchemaDoc {
            elements_qualified: root.attr("elementFormDefault") == Some("qualified"),
            attributes_qualified: root.attr("attributeFormDefault") == Some("qualified"),
            target_ns,
            root,
        });
        for (target, chameleon, redefined) in pending {
            if !seen.insert(self.source.identity(&target)) {
                if !redefined.is_empty() {
                    return Err(Diagnostic::in_file(
                        &target,
                        "this schema is redefined (xs:redefine) and also included or imported elsewhere, which soapfig does not support",
                    ));
                }
                continue;
            }
            let tree = self.source.parse(&target)?;
            self.files.push(target.clone());
            self.add_schema_redefined(&target, tree, chameleon.as_deref(), &redefined, seen)?;
        }
        Ok(())
    }
}

/// Binds the default namespace to `ns` wherever no default namespace is declared: how a
/// chameleon schema's unprefixed references resolve. Scopes are shared, so each is rebuilt
/// once (the map holds the old one too, so that its address is not reused meanwhile).
fn adopt_namespace(
    e: &mut XElem,
    ns: &str,
    rebuilt: &mut HashMap<*const BTreeMap<String, String>, (Scope, Scope)>,
) {
    if !e.scope.contains_key("") {
        let old = e.scope.clone();
        let (_, scope) = rebuilt.entry(Rc::as_ptr(&old)).or_insert_with(|| {
            let mut map = (*old).clone();
            map.insert(String::new(), ns.to_string());
            (old.clone(), Rc::new(map))
        });
        e.scope = scope.clone();
    }
    for c in e.children.iter_mut() {
        adopt_namespace(c, ns, rebuilt);
    }
}

/// The global components `xs:redefine` may replace.
const REDEFINABLE: &[&str] = &["simpleType", "complexType", "group", "attributeGroup"];

/// The name a redefined component's original keeps (an NCName no schema would choose).
fn original_name(name: &str) -> String {
    format!("{name}.original")
}

/// Points a redefinition's references to its own name (`base=` of a type, `ref=` of a group or
/// attribute group of its kind) at the original.
fn refer_to_original(e: &mut XElem, own: &QName) -> Result<(), Diagnostic> {
    let kind = e.local.clone();
    fn walk(e: &mut XElem, own: &QName, kind: &str) -> Result<(), Diagnostic> {
        let attr = match (kind, e.local.as_str()) {
            ("simpleType" | "complexType", "restriction" | "extension") => Some("base"),
            ("group", "group") | ("attributeGroup", "attributeGroup") => Some("ref"),
            _ => None,
        };
        if let Some(attr) = attr
            && e.in_ns(XSD_NS)
            && let Some(value) = e.attr(attr).map(str::to_string)
            && e.resolve_qname(&value)? == *own
        {
            let renamed = match value.split_once(':') {
                Some((prefix, local)) => format!("{prefix}:{}", original_name(local)),
                None => original_name(&value),
            };
            let a = e
                .attrs
                .iter_mut()
                .find(|a| a.ns.is_none() && a.local == attr)
                .expect("read above");
            a.value = renamed;
        }
        for c in e.children.iter_mut() {
            walk(c, own, kind)?;
        }
        Ok(())
    }
    walk(e, own, &kind)
}

fn is_remote(location: &str) -> bool {
    let lower = location.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("ftp://")
}

fn resolve_location(
    source: &Source,
    from: &Path,
    location: &str,
    at: &XElem,
) -> Result<PathBuf, Diagnostic> {
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
    if !source.exists(&target) {
        return Err(Diagnostic::at(
            &at.loc,
            format!("the imported file `{}` does not exist", target.display()),
        ));
    }
    Ok(target)
}
