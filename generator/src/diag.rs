//! Diagnostics: every problem the generator finds, with where it is.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// Where a problem is: a line and column (for syntax errors) or a JSON
/// pointer into the document (for everything found after parsing).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Location {
    Line { line: usize, column: usize },
    Pointer(String),
    File,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: String,
    pub location: Location,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match &self.location {
            Location::Line { line, column } => {
                write!(f, "{level}: {}:{line}:{column}: {}", self.file, self.message)
            }
            Location::Pointer(p) => write!(f, "{level}: {}#{p}: {}", self.file, self.message),
            Location::File => write!(f, "{level}: {}: {}", self.file, self.message),
        }
    }
}

/// Collects diagnostics for one document.
#[derive(Debug, Default)]
pub struct Diagnostics {
    pub file: String,
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new(file: impl Into<String>) -> Self {
        Diagnostics { file: file.into(), items: Vec::new() }
    }

    pub fn error(&mut self, pointer: &str, message: impl Into<String>) {
        self.push(Severity::Error, Location::Pointer(pointer.to_owned()), message.into());
    }

    pub fn warning(&mut self, pointer: &str, message: impl Into<String>) {
        self.push(Severity::Warning, Location::Pointer(pointer.to_owned()), message.into());
    }

    pub fn push(&mut self, severity: Severity, location: Location, message: String) {
        let d = Diagnostic { severity, file: self.file.clone(), location, message };
        if !self.items.contains(&d) {
            self.items.push(d);
        }
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Errors first, then warnings, each sorted by location.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| (a.severity, &a.location, &a.message).cmp(&(b.severity, &b.location, &b.message)));
        self.items
    }
}

/// Escapes one JSON pointer token (RFC 6901).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// `base` extended by one token.
pub fn child(base: &str, token: &str) -> String {
    format!("{base}/{}", escape_token(token))
}
