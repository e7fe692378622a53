//! Writing: formatted files to disk, atomically and only where changed.

use std::io::Write;
use std::path::{Path, PathBuf};

/// One generated file, relative to the crate directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub path: PathBuf,
    pub contents: String,
}

/// What `write` did to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Unchanged,
    Written,
}

/// Writes every file under `out`. A file whose contents are already right
/// is not touched (so its modification time stays, and builds stay cached);
/// the others are written to a temporary file beside them and renamed into
/// place, so that a reader never sees half a file.
pub fn write_all(out: &Path, files: &[File]) -> std::io::Result<Vec<(PathBuf, Outcome)>> {
    let mut outcomes = Vec::new();
    for f in files {
        let target = out.join(&f.path);
        if std::fs::read(&target).ok().as_deref() == Some(f.contents.as_bytes()) {
            outcomes.push((f.path.clone(), Outcome::Unchanged));
            continue;
        }
        let dir = target.parent().unwrap_or(out);
        std::fs::create_dir_all(dir)?;
        let file_name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let tmp = dir.join(format!(".{file_name}.tmp{}", std::process::id()));
        let result = (|| {
            let mut handle = std::fs::File::create(&tmp)?;
            handle.write_all(f.contents.as_bytes())?;
            handle.sync_all()?;
            std::fs::rename(&tmp, &target)
        })();
        if let Err(e) = result {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        outcomes.push((f.path.clone(), Outcome::Written));
    }
    Ok(outcomes)
}

/// How the directory `out` differs from `files`: files missing or
/// different, and `.rs` files under `src/` that the generator would not
/// write. Reads only.
pub fn differences(out: &Path, files: &[File]) -> Vec<String> {
    let mut report = Vec::new();
    for f in files {
        match std::fs::read(out.join(&f.path)) {
            Ok(existing) if existing == f.contents.as_bytes() => {}
            Ok(existing) => {
                let existing = String::from_utf8_lossy(&existing);
                let line = first_difference(&existing, &f.contents);
                report.push(format!("{}: differs from the generated file (first at line {line})", f.path.display()));
            }
            Err(_) => report.push(format!("{}: missing", f.path.display())),
        }
    }
    let src = out.join("src");
    if let Ok(entries) = std::fs::read_dir(&src) {
        let mut extra: Vec<String> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "rs"))
            .filter_map(|p| p.strip_prefix(out).ok().map(Path::to_path_buf))
            .filter(|p| !files.iter().any(|f| &f.path == p))
            .map(|p| format!("{}: not generated (left over, or written by hand)", p.display()))
            .collect();
        extra.sort();
        report.extend(extra);
    }
    report
}

fn first_difference(a: &str, b: &str) -> usize {
    let mut line = 1;
    let mut al = a.lines();
    let mut bl = b.lines();
    loop {
        match (al.next(), bl.next()) {
            (Some(x), Some(y)) if x == y => line += 1,
            (None, None) => return line,
            _ => return line,
        }
    }
}
