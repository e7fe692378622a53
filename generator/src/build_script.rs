//! Generating a client from a build script, as `prost-build` does for
//! protobuf: the crate's code is written into `OUT_DIR` at build time as
//! one file, and included where the user wants it, instead of a generated
//! crate checked in beside the user's own.
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), generator::build_script::BuildError> {
//!     generator::build_script::Build::new("api/openapi.yaml").generate()?;
//!     Ok(())
//! }
//! ```
//!
//! ```ignore
//! // src/lib.rs: the client in a module of its own
//! pub mod api {
//!     include!(concat!(env!("OUT_DIR"), "/pet_store_client.rs"));
//! }
//! ```
//!
//! The including crate needs the generated code's dependencies (serde,
//! reqwest, tokio and the rest: the `[dependencies]` of a crate that
//! `generator generate` writes for the same document), and, where the
//! options make Cargo features (`tag_features`), those features.

use crate::bundle::{Files, Folder};
use crate::diag::{Diagnostic, Severity};
use crate::overlay::Overlay;
use crate::{generate_split, single_file, write, Options};
use std::cell::RefCell;
use std::fmt;
use std::path::{Path, PathBuf};

/// One generation from a build script: a document, the settings, and where
/// the file goes.
#[derive(Debug, Clone)]
pub struct Build {
    spec: PathBuf,
    options: Options,
    out_dir: Option<PathBuf>,
    rerun_if_changed: bool,
    overlay_paths: Vec<PathBuf>,
}

impl Build {
    /// The document at `spec` (relative to the package being built, where
    /// Cargo runs build scripts), with the default settings.
    pub fn new(spec: impl Into<PathBuf>) -> Self {
        let spec = spec.into();
        let options = Options { spec_label: spec.display().to_string(), ..Options::default() };
        Build { spec, options, out_dir: None, rerun_if_changed: true, overlay_paths: Vec::new() }
    }

    /// The settings of `generator.toml`'s kind (crate name, environment
    /// prefix, features...); the document's label is kept.
    pub fn options(mut self, options: Options) -> Self {
        let label = std::mem::take(&mut self.options.spec_label);
        self.options = Options { spec_label: label, ..options };
        self
    }

    /// Applies the overlay at `path` (Overlay Specification 1.0) to the
    /// document before generating, after those added before it.
    pub fn overlay(mut self, path: impl Into<PathBuf>) -> Self {
        self.overlay_paths.push(path.into());
        self
    }

    /// Writes into `dir` instead of `OUT_DIR`.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Whether to tell Cargo to run the build script again when a file of
    /// the document changes (`cargo:rerun-if-changed`; yes by default).
    pub fn rerun_if_changed(mut self, tell: bool) -> Self {
        self.rerun_if_changed = tell;
        self
    }

    /// Generates the client and writes it to `<out dir>/<crate name with
    /// underscores>.rs` (unchanged files are not touched); gives the file's
    /// path. On failure nothing is written, and the error lists every
    /// problem with its location.
    pub fn generate(&self) -> Result<PathBuf, BuildError> {
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| BuildError::new("OUT_DIR is not set: call this from a build script, or set out_dir"))?,
        };
        let text = std::fs::read_to_string(&self.spec)
            .map_err(|e| BuildError::new(format!("{}: cannot read the document: {e}", self.spec.display())))?;
        let (folder, root) = crate::bundle::split_path(&self.spec);
        let files = Recorded {
            folder: Folder::new(folder)
                .map_err(|e| BuildError::new(format!("{e}: cannot read the document's folder")))?,
            read: RefCell::new(Vec::new()),
        };
        let mut options = self.options.clone();
        for path in &self.overlay_paths {
            let overlay = Overlay::read(path, path.display().to_string()).map_err(BuildError::new)?;
            options.overlays.push(overlay);
        }
        let generated = generate_split(text, &root, &files, &options);
        if self.rerun_if_changed {
            println!("cargo:rerun-if-changed={}", self.spec.display());
            for path in &self.overlay_paths {
                println!("cargo:rerun-if-changed={}", path.display());
            }
            for path in files.read.borrow().iter() {
                println!("cargo:rerun-if-changed={}", folder.join(path).display());
            }
        }
        let output = generated.map_err(BuildError::from_diagnostics)?;
        for warning in &output.warnings {
            println!("cargo:warning={warning}");
        }
        let header = format!("{} from {} -- do not edit\n\n", write::GENERATED_MARK, self.options.spec_label);
        let contents = single_file::single_file(&output.files, &header)
            .map_err(|e| BuildError::new(format!("internal error: {e}; please report this")))?;
        let path = out_dir.join(format!("{}.rs", output.crate_name.replace('-', "_")));
        write_if_changed(&path, &contents)
            .map_err(|e| BuildError::new(format!("{}: cannot write the client: {e}", path.display())))?;
        Ok(path)
    }
}

/// Writes `contents` to `path` unless it holds them already (so that the
/// including crate is not rebuilt for nothing).
fn write_if_changed(path: &Path, contents: &str) -> std::io::Result<()> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    std::fs::write(path, contents)
}

/// The document's folder, remembering which files were read (for
/// `rerun-if-changed`).
struct Recorded {
    folder: Folder,
    read: RefCell<Vec<String>>,
}

impl Files for Recorded {
    fn read(&self, path: &str) -> Result<String, String> {
        self.read.borrow_mut().push(path.to_owned());
        self.folder.read(path)
    }
}

/// Why a build script's generation failed: every problem, one per line,
/// with its location. Its `Debug` is the same text, so that a build
/// script's `main` returning it prints the problems readably.
pub struct BuildError {
    message: String,
}

impl BuildError {
    fn new(message: impl Into<String>) -> Self {
        BuildError { message: message.into() }
    }

    fn from_diagnostics(diagnostics: Vec<Diagnostic>) -> Self {
        let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
        let mut message: String = diagnostics.iter().map(|d| format!("{d}\n")).collect();
        message.push_str(&format!("{errors} error(s); nothing was written"));
        BuildError { message }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Debug for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for BuildError {}
