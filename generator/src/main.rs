//! `generator`: see `generator --help`.

#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options (its `malloc_conf`, under the prefixed name the
/// crate builds it with). Memory freed after lowering (the parsed
/// document) goes back to the system within a quarter of a second instead
/// of ten, so a large document's peak is its document or its output, not
/// both: Microsoft Graph beta peaks at about 450 MB instead of 570.
#[cfg(not(target_env = "msvc"))]
#[export_name = "_rjem_malloc_conf"]
static JEMALLOC_OPTIONS: &[u8; 19] = b"dirty_decay_ms:250\0";

fn main() -> std::process::ExitCode {
    generator::cli::run(std::env::args_os())
}
