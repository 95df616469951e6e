//! `xs:QName` and lists of them: Clark notation in JSON, prefixes resolved in XML.

use super::string::is_ncname;
use super::*;

/// `xs:QName`: carried in JSON in Clark notation, `{namespace}local` (or `local` when it has
/// no namespace), since a prefix means nothing outside the XML document that declared it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct QName {
    pub ns: String,
    pub local: String,
}

impl QName {
    pub fn parse_clark(s: &str) -> Result<Self, ValueError> {
        let bad = || {
            ValueError(format!(
                "`{s}` is not a QName in the form {{namespace}}local"
            ))
        };
        let (ns, local) = match s.strip_prefix('{') {
            Some(rest) => rest.split_once('}').ok_or_else(bad)?,
            None => ("", s),
        };
        // An NCName: QName values are written into attributes unescaped (`xsi:type`,
        // QName attributes), so nothing else may pass.
        if !is_ncname(local) {
            return Err(bad());
        }
        Ok(QName {
            ns: ns.to_string(),
            local: local.to_string(),
        })
    }
}

impl std::fmt::Display for QName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.ns.is_empty() {
            f.write_str(&self.local)
        } else {
            write!(f, "{{{}}}{}", self.ns, self.local)
        }
    }
}

impl Serialize for QName {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for QName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<str>::deserialize(d)?;
        QName::parse_clark(&s).map_err(|e| de::Error::custom(e.0))
    }
}

impl crate::xml::XmlContent for QName {
    fn read_content(
        r: &mut crate::xml::XmlReader<'_>,
        start: &crate::xml::Start<'_>,
    ) -> Result<Self, crate::xml::XmlError> {
        // The prefix must be resolved while the element's declarations are in scope; they
        // stay in scope until its end tag, which `text` consumes, so resolve a copy first.
        let text = r.text(start)?.trim().to_string();
        let (ns, local) = r.resolve_qname(&text)?;
        Ok(QName {
            ns: ns.to_string(),
            local: local.to_string(),
        })
    }

    fn write_attrs(&self, w: &mut XmlWriter) {
        if !self.ns.is_empty() {
            w.declare("qn", &self.ns);
        }
    }

    fn write_content(&self, w: &mut XmlWriter) {
        if !self.ns.is_empty() {
            w.text_trusted("qn:");
        }
        w.text(&self.local);
    }
}

/// An `xs:list` of `xs:QName`: a JSON array of Clark names; in XML, prefixed names separated
/// by spaces, each namespace declared on the element (`qn0`, `qn1`, ... in order of first
/// use), the prefixes of an answer resolved against the declarations in scope.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct QNameList(pub Vec<QName>);

impl QNameList {
    /// The distinct namespaces of the items, in order of first use.
    fn namespaces(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for q in &self.0 {
            if !q.ns.is_empty() && !out.contains(&q.ns.as_str()) {
                out.push(&q.ns);
            }
        }
        out
    }
}

impl crate::xml::XmlContent for QNameList {
    fn read_content(
        r: &mut crate::xml::XmlReader<'_>,
        start: &crate::xml::Start<'_>,
    ) -> Result<Self, crate::xml::XmlError> {
        let text = r.text(start)?.to_string();
        text.split_ascii_whitespace()
            .map(|item| {
                let (ns, local) = r.resolve_qname(item)?;
                Ok(QName {
                    ns: ns.to_string(),
                    local: local.to_string(),
                })
            })
            .collect::<Result<_, _>>()
            .map(QNameList)
    }

    fn write_attrs(&self, w: &mut XmlWriter) {
        for (i, ns) in self.namespaces().into_iter().enumerate() {
            w.declare(&format!("qn{i}"), ns);
        }
    }

    fn write_content(&self, w: &mut XmlWriter) {
        let namespaces = self.namespaces();
        for (k, q) in self.0.iter().enumerate() {
            if k > 0 {
                w.text_trusted(" ");
            }
            if let Some(i) = namespaces.iter().position(|ns| *ns == q.ns) {
                w.text_trusted(&format!("qn{i}:"));
            }
            w.text(&q.local);
        }
    }
}
