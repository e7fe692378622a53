//! Generates the client of `api/todos.yaml` into `OUT_DIR` at build time;
//! `src/lib.rs` includes it. Cargo runs this again when the document
//! changes.

fn main() -> Result<(), generator::build_script::BuildError> {
    generator::build_script::Build::new("api/todos.yaml").generate()?;
    Ok(())
}
