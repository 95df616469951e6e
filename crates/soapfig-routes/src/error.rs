//! A route table's problems, each at its file, line and column.

use std::fmt;
use std::path::PathBuf;

/// One problem of a route table file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutesError {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl RoutesError {
    /// A problem at byte `at` of `text` (the file's), or of the whole file.
    pub(crate) fn at(
        file: &std::path::Path,
        text: &str,
        at: Option<usize>,
        message: String,
    ) -> Self {
        let (line, column) = match at {
            Some(at) => {
                let at = at.min(text.len());
                let line = text[..at].matches('\n').count() + 1;
                let column = text[..at].chars().rev().take_while(|c| *c != '\n').count() + 1;
                (Some(line), Some(column))
            }
            None => (None, None),
        };
        RoutesError {
            file: file.to_path_buf(),
            line,
            column,
            message,
        }
    }
}

impl RoutesError {
    /// `file:line:column`, as far as it is known.
    pub fn location(&self) -> String {
        let mut at = self.file.display().to_string();
        if let Some(l) = self.line {
            at.push_str(&format!(":{l}"));
        }
        if let Some(c) = self.column {
            at.push_str(&format!(":{c}"));
        }
        at
    }

    /// The problem as a warning: the table is used, and this deserves a look.
    pub fn warning(&self) -> String {
        format!("{}: warning: {}", self.location(), self.message)
    }
}

impl fmt::Display for RoutesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: error: {}", self.location(), self.message)
    }
}

impl std::error::Error for RoutesError {}

/// Every problem of a route table file, in the order of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutesErrors(pub Vec<RoutesError>);

impl fmt::Display for RoutesErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for RoutesErrors {}
