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
