//! Where the loader reads a WSDL and the files it imports from: the file system, or a set of
//! files compiled into a program (a generated client carries its WSDL this way, so that it
//! needs no file at run time).

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use crate::diag::Diagnostic;
use crate::xmltree::{XElem, parse_str};

pub(crate) enum Source {
    Disk,
    /// Files by their path, relative and normalised (no `.` or `..`).
    Embedded(HashMap<PathBuf, &'static str>),
}

impl Source {
    pub(crate) fn embedded(files: &[(&str, &'static str)]) -> Source {
        Source::Embedded(
            files
                .iter()
                .map(|(path, text)| (normalise(Path::new(path)), *text))
                .collect(),
        )
    }

    /// The element tree of the file at `path`.
    pub(crate) fn parse(&self, path: &Path) -> Result<XElem, Diagnostic> {
        match self {
            Source::Disk => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| Diagnostic::in_file(path, format!("cannot read file: {e}")))?;
                parse_str(path, &text)
            }
            Source::Embedded(files) => match files.get(&normalise(path)) {
                Some(text) => parse_str(path, text),
                None => Err(Diagnostic::in_file(path, "cannot read file: not embedded")),
            },
        }
    }

    pub(crate) fn exists(&self, path: &Path) -> bool {
        match self {
            Source::Disk => path.is_file(),
            Source::Embedded(files) => files.contains_key(&normalise(path)),
        }
    }

    /// One name per file, so that a file reached twice is read once.
    pub(crate) fn identity(&self, path: &Path) -> PathBuf {
        match self {
            Source::Disk => path.canonicalize().unwrap_or_else(|_| path.to_path_buf()),
            Source::Embedded(_) => normalise(path),
        }
    }
}

/// `a/./b/../c` as `a/c`, lexically: embedded files have no file system to ask.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_normalised_lexically() {
        assert_eq!(
            normalise(Path::new("wsdl/./a/../b.xsd")),
            Path::new("wsdl/b.xsd")
        );
        assert_eq!(normalise(Path::new("../b.xsd")), Path::new("../b.xsd"));
    }
}
