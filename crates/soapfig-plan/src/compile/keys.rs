//! The JSON key of each element and attribute, as the mapping publishes it: made from the
//! XML name by its naming, then renamed, or hidden (`soapfig_describe::Description` says the
//! same of the description, from the same mapping).

use super::Compiler;

impl Compiler<'_> {
    /// Whether the mapping hides the XML name `local` of the type being planned.
    pub(super) fn is_hidden(&self, local: &str) -> bool {
        let key = self.naming.key(local);
        self.hidden
            .get(&self.current)
            .is_some_and(|keys| keys.iter().any(|k| *k == *key))
    }

    /// The JSON key of the XML name `local` in the object of the type being planned: as the
    /// mapping's naming makes it, or as it renames it.
    pub(super) fn key(&self, local: &str) -> Box<str> {
        let key = self.naming.key(local);
        let renamed = self
            .renames
            .get(&self.current)
            .and_then(|pairs| pairs.iter().find(|(from, _)| *from == *key));
        match renamed {
            Some((_, to)) => to.as_str().into(),
            None => key.into(),
        }
    }
}
