//! The command line: `generator` (regenerate the crate `generator.toml`
//! describes), `generator generate`, `generator check` and `generator diff`.
//! Kept in the library so that tests can drive it (and snapshot `--help`)
//! without spawning a process.

use crate::config::{self, Found};
use crate::{write, Options};
use clap::{Args, Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Generates a Rust client crate from an OpenAPI 3.0, 3.1 or 3.2 document.
///
/// Without a command, does what `generator generate` does with the settings
/// of the nearest `generator.toml` (in the current directory or a parent):
/// `spec`, `out`, `crate-name`, `env-prefix`, paths relative to that file.
#[derive(Parser)]
#[command(name = "generator", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Writes a complete crate (Cargo.toml and src/) generated from a document.
    Generate(Target),
    /// Checks that a directory holds exactly what would be generated; writes nothing.
    ///
    /// Exits with 1 and a short report when it differs.
    Check(Target),
    /// Reports what a spec change means for users of the generated crate.
    ///
    /// Compares OLD and NEW (or, with --git REV, the document at REV with the
    /// working one) and lists every change, each classified for Rust code
    /// (breaking, additive, none) and on the wire, with
    /// the semver bump the crate needs. Writes nothing.
    Diff {
        /// OLD and NEW documents; with --git, only NEW [default: the `spec` of generator.toml].
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
        /// The settings generation uses [default: the nearest generator.toml when NEW is its `spec`; none when files are given].
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// An overlay (Overlay Specification 1.0) applied to both documents, after those of the settings; repeatable.
        #[arg(long = "overlay", value_name = "FILE")]
        overlays: Vec<PathBuf>,
    },
}

/// What to generate and where; each setting overrides `generator.toml`'s.
#[derive(Args, Default)]
struct Target {
    /// The OpenAPI document (YAML or JSON) [default: `spec` of generator.toml; given, generator.toml is not read unless --config names it].
    #[arg(long, value_name = "FILE")]
    spec: Option<PathBuf>,
    /// The crate's directory [default: `out` of generator.toml].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// The crate's package name [default: `crate-name` of generator.toml, or from the document's title].
    #[arg(long, value_name = "NAME")]
    crate_name: Option<String>,
    /// The prefix of the environment variables `Client::from_env` reads [default: from the crate name].
    #[arg(long, value_name = "PREFIX")]
    env_prefix: Option<String>,
    /// The configuration file [default: the nearest generator.toml].
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// An overlay (Overlay Specification 1.0) applied to the document first, after those of generator.toml; repeatable.
    #[arg(long = "overlay", value_name = "FILE")]
    overlays: Vec<PathBuf>,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum ReportFormat {
    Markdown,
    Json,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum FailOn {
    /// Breaking for Rust code, or on the wire.
    Breaking,
    /// Any change at all, documentation included.
    Any,
}

/// Exit codes: 0 success, 1 `check` found differences, 2 the document (or
/// the file system, or the configuration) has problems.
pub const EXIT_DIFFERS: u8 = 1;
pub const EXIT_INVALID: u8 = 2;

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
    let outcome = match cli.command {
        None => resolve(Target::default()).and_then(|job| run_generate(&job)),
        Some(Command::Generate(target)) => resolve(target).and_then(|job| run_generate(&job)),
        Some(Command::Check(target)) => resolve(target).and_then(|job| run_check(&job)),
        Some(Command::Diff { files, git, format, fail_on, config, overlays }) => {
            run_diff(DiffJob { files, git, format, fail_on, config, overlays })
        }
    };
    outcome.unwrap_or_else(|code| code)
}

/// One generation, with every setting resolved.
struct Job {
    spec: PathBuf,
    out: PathBuf,
    options: Options,
    /// The command that generates this crate again (what `check` advises).
    regenerate: String,
}

/// `generator generate` with the flags `target` was given, so that the
/// advice of `check` regenerates the crate it checked.
fn regenerate_command(target: &Target) -> String {
    let mut command = "generator generate".to_owned();
    let paths = [("--spec", &target.spec), ("--out", &target.out), ("--config", &target.config)];
    for (flag, value) in paths.iter().filter_map(|(flag, value)| Some((flag, value.as_ref()?.display().to_string()))) {
        command.push_str(&format!(" {flag} {}", quoted(&value)));
    }
    let texts = [("--crate-name", &target.crate_name), ("--env-prefix", &target.env_prefix)];
    for (flag, value) in texts.iter().filter_map(|(flag, value)| Some((flag, value.as_ref()?))) {
        command.push_str(&format!(" {flag} {}", quoted(value)));
    }
    for overlay in &target.overlays {
        command.push_str(&format!(" --overlay {}", quoted(&overlay.display().to_string())));
    }
    command
}

/// A shell word: as it is when it is plain, else in single quotes.
fn quoted(word: &str) -> String {
    if !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || "-_./=:@+,".contains(c)) {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// Flags first, then `generator.toml`; a document and an output folder
/// are needed from one or the other. A `--spec` flag means another
/// document than the configuration's: its crate name, prefix and folder
/// do not apply then, unless `--config` names the file.
fn resolve(target: Target) -> Result<Job, ExitCode> {
    let regenerate = regenerate_command(&target);
    let found = match (&target.spec, &target.config) {
        (Some(_), None) => None,
        (_, given) => find_config(given.as_deref())?,
    };
    let from_config = |pick: fn(&config::Config) -> Option<&PathBuf>| {
        found.as_ref().and_then(|f| pick(&f.config).map(|p| (f.dir.join(p), p.display().to_string())))
    };
    let spec = match target.spec {
        Some(s) => Some((s.clone(), s.display().to_string())),
        None => from_config(|c| c.spec.as_ref()),
    };
    let out = target.out.or_else(|| from_config(|c| c.out.as_ref()).map(|(p, _)| p));
    let (Some((spec, label)), Some(out)) = (spec, out) else {
        eprintln!(
            "error: no document or output folder: pass --spec FILE and --out DIR, or write them in a {} (spec = \"...\", out = \"...\")",
            config::FILE_NAME
        );
        return Err(ExitCode::from(EXIT_INVALID));
    };
    let overlays = read_overlays(found.as_ref(), &target.overlays)?;
    let mut options = Options::from_config(found.map(|f| f.config).unwrap_or_default(), label);
    options.crate_name = target.crate_name.or(options.crate_name);
    options.env_prefix = target.env_prefix.or(options.env_prefix);
    options.overlays = overlays;
    Ok(Job { spec, out, options, regenerate })
}

/// The overlays of the configuration (relative to it), then those of the
/// flags, read.
fn read_overlays(found: Option<&Found>, flags: &[PathBuf]) -> Result<Vec<crate::overlay::Overlay>, ExitCode> {
    use crate::overlay::{read_configured, Overlay};
    let configured = found.map(read_configured).unwrap_or(Ok(Vec::new()));
    let given = flags.iter().map(|path| Overlay::read(path, path.display().to_string()));
    let read = configured.and_then(|mut all| {
        all.extend(given.collect::<Result<Vec<_>, String>>()?);
        Ok(all)
    });
    read.map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::from(EXIT_INVALID)
    })
}

/// The configuration file given, or the nearest one from the current
/// directory up.
fn find_config(given: Option<&Path>) -> Result<Option<Found>, ExitCode> {
    let found = match given {
        Some(path) => config::load(path).map(Some),
        None => {
            std::env::current_dir().map_err(|e| format!("the current directory: {e}")).and_then(|d| config::find(&d))
        }
    };
    found.map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::from(EXIT_INVALID)
    })
}

fn load(job: &Job) -> Result<crate::Output, ExitCode> {
    let text = match std::fs::read_to_string(&job.spec) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {}: cannot read the document: {e}", job.spec.display());
            return Err(ExitCode::from(EXIT_INVALID));
        }
    };
    let (folder, root) = crate::bundle::split_path(&job.spec);
    let files = match crate::bundle::Folder::new(folder) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("error: {e}: cannot read the document's folder");
            return Err(ExitCode::from(EXIT_INVALID));
        }
    };
    match crate::generate_split(text, &root, &files, &job.options) {
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

fn run_generate(job: &Job) -> Result<ExitCode, ExitCode> {
    let output = load(job)?;
    let out = &job.out;
    match write::write_all(out, &output.files) {
        Ok(outcomes) => {
            let count = |kind| outcomes.iter().filter(|(_, o)| *o == kind).count();
            eprintln!(
                "{}: crate `{}`: {} file(s) written, {} unchanged, {} removed",
                out.display(),
                output.crate_name,
                count(write::Outcome::Written),
                count(write::Outcome::Unchanged),
                count(write::Outcome::Removed)
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("error: {}: cannot write the crate: {e}", out.display());
            Err(ExitCode::from(EXIT_INVALID))
        }
    }
}

fn run_check(job: &Job) -> Result<ExitCode, ExitCode> {
    let output = load(job)?;
    let out = &job.out;
    let report = write::differences(out, &output.files);
    if report.is_empty() {
        eprintln!("{}: up to date", out.display());
        Ok(ExitCode::SUCCESS)
    } else {
        for line in &report {
            eprintln!("{}/{line}", out.display());
        }
        eprintln!("{} file(s) differ; run `{}` to regenerate", report.len(), job.regenerate);
        Ok(ExitCode::from(EXIT_DIFFERS))
    }
}

/// One side of a diff: the document's text and label, where it is, and
/// the git revision it is read at (`None`: as it is on disk).
struct Side {
    text: String,
    label: String,
    path: PathBuf,
    revision: Option<String>,
}

fn read_labelled(path: &Path) -> Result<Side, ExitCode> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Side { text, label: path.display().to_string(), path: path.to_owned(), revision: None }),
        Err(e) => {
            eprintln!("error: {}: cannot read the document: {e}", path.display());
            Err(ExitCode::from(EXIT_INVALID))
        }
    }
}

/// The document at `path` as of git revision `rev`.
fn read_at_revision(path: &Path, rev: &str) -> Result<Side, ExitCode> {
    let (folder, root) = crate::bundle::split_path(path);
    let files = crate::bundle::GitRevision { dir: folder.to_owned(), revision: rev.to_owned() };
    match crate::bundle::Files::read(&files, &root) {
        Ok(text) => Ok(Side {
            text,
            label: format!("{}@{rev}", path.display()),
            path: path.to_owned(),
            revision: Some(rev.to_owned()),
        }),
        Err(why) => {
            eprintln!("error: {}@{rev}: {why}", path.display());
            Err(ExitCode::from(EXIT_INVALID))
        }
    }
}

/// Lowers one side of a diff, reading the files it refers to as of its
/// revision.
fn lower_or_report(side: &Side, options: &Options) -> Result<crate::ir::Api, ExitCode> {
    let (folder, root) = crate::bundle::split_path(&side.path);
    let lowered = match &side.revision {
        Some(revision) => {
            let files = crate::bundle::GitRevision { dir: folder.to_owned(), revision: revision.clone() };
            crate::lower_split(&side.text, &side.label, &root, &files, options)
        }
        None => match crate::bundle::Folder::new(folder) {
            Ok(files) => crate::lower_split(&side.text, &side.label, &root, &files, options),
            Err(e) => {
                eprintln!("error: {e}: cannot read the document's folder");
                return Err(ExitCode::from(EXIT_INVALID));
            }
        },
    };
    lowered.map_err(|diags| {
        for d in &diags {
            eprintln!("{d}");
        }
        ExitCode::from(EXIT_INVALID)
    })
}

/// What `generator diff` was asked.
struct DiffJob {
    files: Vec<PathBuf>,
    git: Option<String>,
    format: ReportFormat,
    fail_on: Option<FailOn>,
    config: Option<PathBuf>,
    overlays: Vec<PathBuf>,
}

/// Both documents' texts and labels, and the settings to lower them with:
/// those of `--config`, or of the nearest `generator.toml` when NEW is its
/// `spec`, as generation would use them.
type Loaded = (Side, Side, Options);

fn load_diff(job: &DiffJob) -> Result<Loaded, ExitCode> {
    let given = match &job.config {
        Some(path) => find_config(Some(path))?,
        None => None,
    };
    let (pair, found) = match (&job.git, job.files.as_slice()) {
        (Some(rev), [] | [_]) => {
            let (new, label, found) = match job.files.first() {
                Some(f) => (f.clone(), f.display().to_string(), given),
                None => {
                    let found = match given {
                        Some(found) => Some(found),
                        None => find_config(None)?,
                    };
                    let (spec, label) = default_spec(found.as_ref())?;
                    (spec, label, found)
                }
            };
            let old = read_at_revision(&new, rev).map(|side| Side { label: format!("{label}@{rev}"), ..side })?;
            (read_labelled(&new).map(|side| (old, Side { label, ..side }))?, found)
        }
        (None, [old, new]) => (read_labelled(old).and_then(|old| read_labelled(new).map(|new| (old, new)))?, given),
        _ => {
            eprintln!("error: give OLD and NEW, or --git REV and at most NEW");
            return Err(ExitCode::from(EXIT_INVALID));
        }
    };
    let overlays = read_overlays(found.as_ref(), &job.overlays)?;
    let mut options = Options::from_config(found.map(|f| f.config).unwrap_or_default(), String::new());
    options.overlays = overlays;
    Ok((pair.0, pair.1, options))
}

fn run_diff(job: DiffJob) -> Result<ExitCode, ExitCode> {
    let (old_side, new_side, options) = load_diff(&job)?;
    let lowered = (lower_or_report(&old_side, &options), lower_or_report(&new_side, &options));
    let (old_label, new_label) = (old_side.label, new_side.label);
    let (old, new) = match lowered {
        (Ok(old), Ok(new)) => (old, new),
        (Err(code), _) | (_, Err(code)) => return Err(code),
    };
    let report = crate::diff::diff(&old, &new);
    let text = match job.format {
        ReportFormat::Markdown => crate::diff::markdown(&report, &old_label, &new_label),
        ReportFormat::Json => match serde_json::to_string_pretty(&report) {
            Ok(json) => json + "\n",
            Err(e) => {
                eprintln!("error: the report cannot be written as JSON: {e}");
                return Err(ExitCode::from(EXIT_INVALID));
            }
        },
    };
    print_report(&text)?;
    let fail = match job.fail_on {
        Some(FailOn::Breaking) => report.is_breaking(),
        Some(FailOn::Any) => !report.is_empty(),
        None => false,
    };
    Ok(if fail { ExitCode::from(EXIT_DIFFERS) } else { ExitCode::SUCCESS })
}

/// Writes the report to standard output. A reader that stops reading
/// (`generator diff ... | head`) is not an error: it has what it wanted.
fn print_report(text: &str) -> Result<(), ExitCode> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => {
            eprintln!("error: cannot write the report: {e}");
            Err(ExitCode::from(EXIT_INVALID))
        }
    }
}

/// The `spec` of the configuration, for `diff` without NEW.
fn default_spec(found: Option<&Found>) -> Result<(PathBuf, String), ExitCode> {
    match found.and_then(|f| f.config.spec.as_ref().map(|s| (f.dir.join(s), s.display().to_string()))) {
        Some(spec) => Ok(spec),
        None => {
            eprintln!("error: no document: give NEW, or write `spec = \"...\"` in a {}", config::FILE_NAME);
            Err(ExitCode::from(EXIT_INVALID))
        }
    }
}
