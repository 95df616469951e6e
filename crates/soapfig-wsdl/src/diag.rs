//! Diagnostics: every problem in a WSDL or schema is reported with the file, line and column of
//! the construct that caused it.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where a construct stands in its source file (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loc {
    pub file: Arc<Path>,
    pub line: u32,
    pub col: u32,
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file.display(), self.line, self.col)
    }
}

/// An error stops the load; a warning names a part of the WSDL that was left out, the rest
/// being usable (a port whose binding does not exist, say).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found while loading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// `None` only for problems that have no position, such as a file that cannot be read.
    pub loc: Option<Loc>,
    pub file: PathBuf,
    pub message: String,
    pub severity: Severity,
    /// The other errors found in the same load, after this one: the loader goes on past an
    /// operation it cannot convert, so that one run lists every problem it can find.
    pub also: Vec<Diagnostic>,
}

impl Diagnostic {
    pub fn at(loc: &Loc, message: impl Into<String>) -> Self {
        Diagnostic {
            file: loc.file.to_path_buf(),
            loc: Some(loc.clone()),
            message: message.into(),
            severity: Severity::Error,
            also: Vec::new(),
        }
    }

    pub fn in_file(file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_path_buf(),
            loc: None,
            message: message.into(),
            severity: Severity::Error,
            also: Vec::new(),
        }
    }

    /// This problem and the others found with it, in the order they were found.
    pub fn all(&self) -> impl Iterator<Item = &Diagnostic> {
        std::iter::once(self).chain(&self.also)
    }

    /// The errors of one load as one: the first, carrying the others, each once (a type that
    /// several operations use is reported where it is, not once per operation).
    pub(crate) fn gathered(errors: Vec<Diagnostic>) -> Option<Diagnostic> {
        let mut flat: Vec<Diagnostic> = Vec::new();
        for mut e in errors {
            let also = std::mem::take(&mut e.also);
            for d in std::iter::once(e).chain(also) {
                if !flat
                    .iter()
                    .any(|f| f.loc == d.loc && f.file == d.file && f.message == d.message)
                {
                    flat.push(d);
                }
            }
        }
        let mut flat = flat.into_iter();
        let mut first = flat.next()?;
        first.also = flat.collect();
        Some(first)
    }

    /// The same problem, reported as a warning.
    pub fn as_warning(self) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..self
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match &self.loc {
            Some(loc) => write!(f, "{loc}: {severity}: {}", self.message)?,
            None => write!(f, "{}: {severity}: {}", self.file.display(), self.message)?,
        }
        // One problem per line, as a compiler lists them.
        for d in &self.also {
            write!(f, "\n{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

/// Maps byte offsets of a source file to line and column numbers.
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    pub(crate) fn line_col(&self, offset: usize) -> (u32, u32) {
        let line = self.starts.partition_point(|&s| s <= offset);
        let col = offset - self.starts[line - 1] + 1;
        (line as u32, col as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_is_one_based() {
        let idx = LineIndex::new("ab\ncd\n\nx");
        assert_eq!(idx.line_col(0), (1, 1));
        assert_eq!(idx.line_col(1), (1, 2));
        assert_eq!(idx.line_col(3), (2, 1));
        assert_eq!(idx.line_col(7), (4, 1));
    }
}
