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
    /// Where the parts of a document read from several files came from
    /// (`crate::bundle`): a problem at a pointer under one of them is
    /// reported in its own file.
    pub origins: Vec<crate::bundle::Origin>,
}

impl Diagnostics {
    pub fn new(file: impl Into<String>) -> Self {
        Diagnostics { file: file.into(), items: Vec::new(), origins: Vec::new() }
    }

    pub fn error(&mut self, pointer: &str, message: impl Into<String>) {
        self.push(Severity::Error, Location::Pointer(pointer.to_owned()), message.into());
    }

    pub fn warning(&mut self, pointer: &str, message: impl Into<String>) {
        self.push(Severity::Warning, Location::Pointer(pointer.to_owned()), message.into());
    }

    pub fn push(&mut self, severity: Severity, location: Location, message: String) {
        let (file, location) = self.origin_of(location);
        let d = Diagnostic { severity, file, location, message };
        if !self.items.contains(&d) {
            self.items.push(d);
        }
    }

    /// An error located in another file than the document's.
    pub fn push_in(&mut self, file: &str, location: Location, message: String) {
        let d = Diagnostic { severity: Severity::Error, file: file.to_owned(), location, message };
        if !self.items.contains(&d) {
            self.items.push(d);
        }
    }

    /// Whether an error is reported at `pointer` already (by the reading of
    /// a document split across files, which reports a reference it cannot
    /// follow where it is written).
    pub fn has_error_at(&self, pointer: &str) -> bool {
        let (file, location) = self.origin_of(Location::Pointer(pointer.to_owned()));
        self.items.iter().any(|d| d.severity == Severity::Error && d.file == file && d.location == location)
    }

    /// The file and place a location of the (bundled) document is in.
    fn origin_of(&self, location: Location) -> (String, Location) {
        let Location::Pointer(pointer) = &location else { return (self.file.clone(), location) };
        let under = |prefix: &str| pointer == prefix || pointer.starts_with(&format!("{prefix}/"));
        let origin = self.origins.iter().filter(|o| under(&o.prefix)).max_by_key(|o| o.prefix.len());
        match origin {
            Some(o) => (o.file.clone(), Location::Pointer(format!("{}{}", o.pointer, &pointer[o.prefix.len()..]))),
            None => (self.file.clone(), location),
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
