//! The built-in catalog of standard schemas: what an `xs:import` of one of these namespaces
//! loads when it gives no location, or a remote one (soapfig never fetches from the network).
//!
//! The schemas in `catalog/` are soapfig's own renderings of the standard components, written
//! from the specifications (each file says where it simplifies). A local copy named by
//! `schemaLocation` always wins over the catalog.

/// One built-in schema.
pub(crate) struct BuiltinSchema {
    pub namespace: &'static str,
    /// The file's name under `catalog/`, as diagnostics show it.
    pub file: &'static str,
    pub text: &'static str,
}

macro_rules! builtin {
    ($ns:expr, $file:literal) => {
        BuiltinSchema {
            namespace: $ns,
            file: $file,
            text: include_str!(concat!("../catalog/", $file)),
        }
    };
}

/// The namespace XML binds to the prefix `xml`.
pub(crate) const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

const CATALOG: &[BuiltinSchema] = &[
    builtin!(XML_NS, "xml.xsd"),
    builtin!(
        "http://schemas.xmlsoap.org/soap/envelope/",
        "soap11-envelope.xsd"
    ),
    builtin!(
        "http://www.w3.org/2003/05/soap-envelope",
        "soap12-envelope.xsd"
    ),
    builtin!(
        "http://schemas.xmlsoap.org/ws/2004/08/addressing",
        "ws-addressing-2004-08.xsd"
    ),
    builtin!(
        "http://www.w3.org/2005/08/addressing",
        "ws-addressing-2005-08.xsd"
    ),
    builtin!("http://www.w3.org/2005/05/xmlmime", "xmlmime.xsd"),
    builtin!("http://www.w3.org/2004/08/xop/include", "xop-include.xsd"),
    builtin!("http://www.w3.org/2000/09/xmldsig#", "xmldsig.xsd"),
    builtin!("http://www.w3.org/1999/xlink", "xlink.xsd"),
    builtin!("http://www.w3.org/2001/XMLSchema", "xmlschema.xsd"),
];

/// The built-in schema of `namespace`, if the catalog has one.
pub(crate) fn lookup(namespace: &str) -> Option<&'static BuiltinSchema> {
    CATALOG.iter().find(|b| b.namespace == namespace)
}

/// The namespaces the catalog covers, for diagnostics; SOAP encoding is built into the loader.
pub(crate) fn namespaces() -> impl Iterator<Item = &'static str> {
    CATALOG
        .iter()
        .map(|b| b.namespace)
        .chain(std::iter::once(crate::xmltree::SOAP_ENC_NS))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every built-in schema parses and declares the namespace it is filed under.
    #[test]
    fn every_builtin_schema_is_its_namespace() {
        for b in CATALOG {
            let path = std::path::Path::new(b.file);
            let root = crate::xmltree::parse_str(path, b.text).expect(b.file);
            assert_eq!(
                root.attr("targetNamespace"),
                Some(b.namespace),
                "{}",
                b.file
            );
        }
    }
}
