//! `generator`: see `generator --help`.

fn main() -> std::process::ExitCode {
    generator::cli::run(std::env::args_os())
}
