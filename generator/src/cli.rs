//! The command line: `generator` (regenerate the checked-in client),
//! `generator generate`, `generator check`. Kept in the library so that
//! tests can drive it (and snapshot `--help`) without spawning a process.

use crate::{write, Options};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Generates a Rust client crate from an OpenAPI 3.0, 3.1 or 3.2 document.
///
/// Without a command, regenerates `generated-client/` from `spec/openai.yaml`
/// in this repository.
#[derive(Parser)]
#[command(name = "generator", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Writes a complete crate (Cargo.toml and src/) generated from a document.
    Generate {
        /// The OpenAPI document (YAML or JSON).
        #[arg(long, value_name = "FILE")]
        spec: PathBuf,
        /// The directory of the crate to write.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// The package name of the crate.
        #[arg(long, value_name = "NAME", default_value = "openai-client")]
        crate_name: String,
    },
    /// Checks that a directory holds exactly what would be generated; writes nothing.
    ///
    /// Exits with 1 and a short report when it differs.
    Check {
        /// The OpenAPI document [default: spec/openai.yaml of this repository].
        #[arg(long, value_name = "FILE")]
        spec: Option<PathBuf>,
        /// The crate directory [default: generated-client/ of this repository].
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// The package name of the crate.
        #[arg(long, value_name = "NAME", default_value = "openai-client")]
        crate_name: String,
    },
    /// Reports what a spec change means for users of the generated crate.
    ///
    /// Compares OLD and NEW (or, with --git REV, the document at REV with the
    /// working one) and lists every change, each classified for Rust code
    /// (breaking, possibly breaking, additive, none) and on the wire, with
    /// the semver bump the crate needs. Writes nothing.
    Diff {
        /// OLD and NEW documents; with --git, only NEW [default: spec/openai.yaml of this repository].
        #[arg(value_name = "FILE", num_args = 0..=2)]
        files: Vec<PathBuf>,
        /// Compare with the document at this git revision (`main`, `HEAD~1`, a tag).
        #[arg(long, value_name = "REV")]
        git: Option<String>,
        /// The report's format.
        #[arg(long, value_enum, default_value = "markdown")]
        format: ReportFormat,
        /// Exit with 1 when the report has changes of this kind.
        #[arg(long, value_enum, value_name = "KIND")]
        fail_on: Option<FailOn>,
    },
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum ReportFormat {
    Markdown,
    Json,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum FailOn {
    /// Breaking or possibly breaking for Rust code, or on the wire.
    Breaking,
    /// Any change at all, documentation included.
    Any,
}

/// Exit codes: 0 success, 1 `check` found differences, 2 the document (or
/// the file system) has problems.
pub const EXIT_DIFFERS: u8 = 1;
pub const EXIT_INVALID: u8 = 2;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."))
}

/// Runs the command line with `args` (the first is the program name).
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(EXIT_INVALID) } else { ExitCode::SUCCESS };
        }
    };
    match cli.command {
        None => run_generate(&repo_root().join("spec/openai.yaml"), "spec/openai.yaml", &repo_root().join("generated-client"), "openai-client"),
        Some(Command::Generate { spec, out, crate_name }) => {
            let label = spec.display().to_string();
            run_generate(&spec, &label, &out, &crate_name)
        }
        Some(Command::Diff { files, git, format, fail_on }) => run_diff(files, git, format, fail_on),
        Some(Command::Check { spec, out, crate_name }) => {
            let (spec, label) = match spec {
                Some(s) => {
                    let label = s.display().to_string();
                    (s, label)
                }
                None => (repo_root().join("spec/openai.yaml"), "spec/openai.yaml".to_owned()),
            };
            let out = out.unwrap_or_else(|| repo_root().join("generated-client"));
            run_check(&spec, &label, &out, &crate_name)
        }
    }
}

fn load(spec: &Path, label: &str, crate_name: &str) -> Result<crate::Output, ExitCode> {
    let text = match std::fs::read_to_string(spec) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {}: cannot read the document: {e}", spec.display());
            return Err(ExitCode::from(EXIT_INVALID));
        }
    };
    let options = Options { crate_name: crate_name.to_owned(), spec_label: label.to_owned(), env_prefix: None };
    match crate::generate(&text, &options) {
        Ok(out) => {
            for w in &out.warnings {
                eprintln!("{w}");
            }
            Ok(out)
        }
        Err(diags) => {
            for d in &diags {
                eprintln!("{d}");
            }
            let errors = diags.iter().filter(|d| d.severity == crate::diag::Severity::Error).count();
            eprintln!("{errors} error(s); nothing was written");
            Err(ExitCode::from(EXIT_INVALID))
        }
    }
}

fn run_generate(spec: &Path, label: &str, out: &Path, crate_name: &str) -> ExitCode {
    let output = match load(spec, label, crate_name) {
        Ok(o) => o,
        Err(code) => return code,
    };
    match write::write_all(out, &output.files) {
        Ok(outcomes) => {
            let count = |kind| outcomes.iter().filter(|(_, o)| *o == kind).count();
            eprintln!(
                "{}: {} file(s) written, {} unchanged, {} removed",
                out.display(),
                count(write::Outcome::Written),
                count(write::Outcome::Unchanged),
                count(write::Outcome::Removed)
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}: cannot write the crate: {e}", out.display());
            ExitCode::from(EXIT_INVALID)
        }
    }
}

fn run_check(spec: &Path, label: &str, out: &Path, crate_name: &str) -> ExitCode {
    let output = match load(spec, label, crate_name) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let report = write::differences(out, &output.files);
    if report.is_empty() {
        eprintln!("{}: up to date", out.display());
        ExitCode::SUCCESS
    } else {
        for line in &report {
            eprintln!("{}/{line}", out.display());
        }
        eprintln!("{} file(s) differ; run `cargo run -p generator` to regenerate", report.len());
        ExitCode::from(EXIT_DIFFERS)
    }
}

fn read_labelled(path: &Path) -> Result<(String, String), ExitCode> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok((text, path.display().to_string())),
        Err(e) => {
            eprintln!("error: {}: cannot read the document: {e}", path.display());
            Err(ExitCode::from(EXIT_INVALID))
        }
    }
}

/// The document at `path` as of git revision `rev`.
fn read_at_revision(path: &Path, rev: &str) -> Result<(String, String), ExitCode> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .arg("show")
        .arg(format!("{rev}:./{name}"))
        .output();
    match output {
        Ok(out) if out.status.success() => match String::from_utf8(out.stdout) {
            Ok(text) => Ok((text, format!("{}@{rev}", path.display()))),
            Err(_) => {
                eprintln!("error: {}@{rev}: the document is not UTF-8", path.display());
                Err(ExitCode::from(EXIT_INVALID))
            }
        },
        Ok(out) => {
            eprintln!(
                "error: {}@{rev}: git cannot show it: {}",
                path.display(),
                String::from_utf8_lossy(&out.stderr).trim()
            );
            Err(ExitCode::from(EXIT_INVALID))
        }
        Err(e) => {
            eprintln!("error: cannot run git: {e}");
            Err(ExitCode::from(EXIT_INVALID))
        }
    }
}

fn lower_or_report(text: &str, label: &str) -> Result<crate::ir::Api, ExitCode> {
    crate::lower_text(text, label).map_err(|diags| {
        for d in &diags {
            eprintln!("{d}");
        }
        ExitCode::from(EXIT_INVALID)
    })
}

fn run_diff(files: Vec<PathBuf>, git: Option<String>, format: ReportFormat, fail_on: Option<FailOn>) -> ExitCode {
    let default_spec = || repo_root().join("spec/openai.yaml");
    let loaded = match (&git, files.as_slice()) {
        (Some(rev), [] | [_]) => {
            let new = files.first().cloned().unwrap_or_else(default_spec);
            let label = match files.first() {
                Some(f) => f.display().to_string(),
                None => "spec/openai.yaml".to_owned(),
            };
            read_at_revision(&new, rev)
                .map(|(text, _)| (text, format!("{label}@{rev}")))
                .and_then(|old| read_labelled(&new).map(|(text, _)| (old, (text, label))))
        }
        (None, [old, new]) => read_labelled(old).and_then(|old| read_labelled(new).map(|new| (old, new))),
        _ => {
            eprintln!("error: give OLD and NEW, or --git REV and at most NEW");
            return ExitCode::from(EXIT_INVALID);
        }
    };
    let ((old_text, old_label), (new_text, new_label)) = match loaded {
        Ok(pair) => pair,
        Err(code) => return code,
    };
    let (old, new) = match (lower_or_report(&old_text, &old_label), lower_or_report(&new_text, &new_label)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let report = crate::diff::diff(&old, &new);
    match format {
        ReportFormat::Markdown => print!("{}", crate::diff::markdown(&report, &old_label, &new_label)),
        ReportFormat::Json => match serde_json::to_string_pretty(&report) {
            Ok(json) => println!("{json}"),
            Err(e) => {
                eprintln!("error: the report cannot be written as JSON: {e}");
                return ExitCode::from(EXIT_INVALID);
            }
        },
    }
    let fail = match fail_on {
        Some(FailOn::Breaking) => report.is_breaking(),
        Some(FailOn::Any) => !report.is_empty(),
        None => false,
    };
    if fail {
        ExitCode::from(EXIT_DIFFERS)
    } else {
        ExitCode::SUCCESS
    }
}
