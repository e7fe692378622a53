//! The installed command, as a shell runs it: a report read by a program
//! that stops reading (`generator diff A B | head -c 10`) ends the command
//! quietly instead of a panic on the closed pipe.

use std::path::PathBuf;
use std::process::{Command, Stdio};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/diff").join(name)
}

#[test]
fn a_reader_that_stops_reading_ends_the_diff_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_generator"))
        .arg("diff")
        .arg(fixture("base.yaml"))
        .arg(fixture("breaking.yaml"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the generator starts");
    // Closed before the report is written: every write meets a closed pipe.
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("the generator ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(0), "{stderr}");
}
