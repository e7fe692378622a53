//! Documents split across files: a root document whose `$ref`s name other
//! YAML or JSON files (`schemas/pet.yaml`, `../common.yaml#/Error`), which
//! name others in turn, cycles included, as the Redocly and Stoplight
//! tools lay them out. They are read into one document before lowering, so
//! the rest of the generator sees local references only.
//!
//! - Only files in the root document's folder and below are read: a
//!   reference with `..` past that folder, an absolute path, a URL, or a
//!   symbolic link leading out is refused where it is written, and nothing
//!   outside is opened ([`Files`] does the reading, on disk or at a git
//!   revision).
//! - A node of the root document that is only a reference to another file
//!   (`Pet: {$ref: schemas/pet.yaml}` under `components/schemas`, a path
//!   item `{$ref: paths/pets.yaml}`) takes that file's content in its
//!   place, and every other reference to the same target points there: the
//!   crate is the one the same API written as one file gives, byte for
//!   byte. Anything else another file holds is kept under the root's
//!   `x-bundled-files`, one entry per file.
//! - A problem inside another file is reported in that file
//!   (`schemas/pet.yaml#/properties/id`), through [`Origin`]s.

use crate::diag::{escape_token, Diagnostics, Location};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where the files other than the root are kept in the bundled document.
const KEPT: &str = "x-bundled-files";

/// Reads the files a document refers to, by their path relative to the
/// root document's folder (`/`-separated, already checked to stay inside
/// it).
pub trait Files {
    /// The text of `path`, or why it cannot be read.
    fn read(&self, path: &str) -> Result<String, String>;
}

/// A document's folder and its file name in it: what [`Folder::new`] and
/// the root argument of `crate::generate_split` take.
pub fn split_path(path: &Path) -> (&Path, String) {
    let folder = path.parent().unwrap_or(Path::new(""));
    (folder, path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default())
}

/// The files of a folder on disk. A path that leads out of the folder
/// through a symbolic link is refused before anything is read.
pub struct Folder {
    root: PathBuf,
}

impl Folder {
    /// The folder `dir` (the root document's).
    pub fn new(dir: &Path) -> Result<Self, String> {
        let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
        dir.canonicalize().map(|root| Folder { root }).map_err(|e| format!("{}: {e}", dir.display()))
    }
}

impl Files for Folder {
    fn read(&self, path: &str) -> Result<String, String> {
        let real = self.root.join(path).canonicalize().map_err(|e| e.to_string())?;
        if !real.starts_with(&self.root) {
            return Err("it leads out of the document's folder (through a symbolic link)".to_owned());
        }
        std::fs::read_to_string(&real).map_err(|e| e.to_string())
    }
}

/// The files of a folder as of a git revision (`git show REV:./path`).
pub struct GitRevision {
    pub dir: PathBuf,
    pub revision: String,
}

impl Files for GitRevision {
    fn read(&self, path: &str) -> Result<String, String> {
        let dir = if self.dir.as_os_str().is_empty() { Path::new(".") } else { &self.dir };
        let shown = std::process::Command::new("git")
            .arg("-C")
            .arg(dir)
            .arg("show")
            .arg(format!("{}:./{path}", self.revision))
            .output()
            .map_err(|e| format!("cannot run git: {e}"))?;
        if !shown.status.success() {
            return Err(format!("git cannot show it: {}", String::from_utf8_lossy(&shown.stderr).trim()));
        }
        String::from_utf8(shown.stdout).map_err(|_| "it is not UTF-8".to_owned())
    }
}

/// Where a part of the bundled document came from: the bundled pointer
/// `prefix` is `pointer` in `file` (a label, as diagnostics show it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub prefix: String,
    pub file: String,
    pub pointer: String,
}

/// One file read: its path relative to the root's folder, and its content.
struct Document {
    path: String,
    value: Value,
}

/// A `$ref` found in a file: where it is, and what it names.
struct Reference {
    /// The pointer of the object holding the `$ref`, in its file.
    at: String,
    /// The reference as written.
    text: String,
    /// The file it names (relative to the root's folder) and the pointer
    /// in it; `None` when it cannot be followed (an error was reported).
    target: Option<(String, String)>,
}

/// Reads every file `root` refers to, through `files`, and gives one
/// document with local references only. A reference that cannot be
/// followed (refused, or naming a file that cannot be read, or nothing in
/// it) is reported where it is written and left as it is, so that lowering
/// goes on and reports every other problem too (not this one again).
pub fn bundle(root: Value, root_path: &str, files: &dyn Files, diags: &mut Diagnostics) -> Option<Value> {
    let label_dir = Path::new(&diags.file).parent().map(Path::to_path_buf).unwrap_or_default();
    let label = |path: &str| label_dir.join(path).display().to_string();
    let mut documents = vec![Document { path: root_path.to_owned(), value: root }];
    let mut references: Vec<Vec<Reference>> = Vec::new();
    // Files that cannot be read or parsed, with why.
    let mut unreadable: BTreeMap<String, String> = BTreeMap::new();
    let mut next = 0;
    while next < documents.len() {
        let here = label(&documents[next].path);
        let found = references_in(&documents[next], &here, diags);
        for reference in &found {
            let Some((path, _)) = &reference.target else { continue };
            if !documents.iter().any(|d| d.path == *path) && !unreadable.contains_key(path) {
                match files.read(path).map(|text| parse(&text, &label(path), diags)) {
                    Ok(Some(value)) => documents.push(Document { path: path.clone(), value }),
                    Ok(None) => drop(unreadable.insert(path.clone(), "it is not a valid document".to_owned())),
                    Err(why) => drop(unreadable.insert(path.clone(), why)),
                }
            }
            if let Some(why) = unreadable.get(path) {
                let at = Location::Pointer(reference.at.clone());
                let message = format!("the reference `{}` names a file that cannot be read: {why}", reference.text);
                diags.push_in(&here, at, message);
            }
        }
        references.push(found);
        next += 1;
    }
    // The root's references within itself are left to lowering, which
    // checks them as it checks a document of one file.
    for (document, found) in documents.iter().zip(&references) {
        let across: Vec<&Reference> = found
            .iter()
            .filter(|r| document.path != root_path || r.target.as_ref().is_some_and(|(file, _)| file != root_path))
            .collect();
        report_missing_targets(&documents, &across, &label(&document.path), diags);
    }
    if documents.len() == 1 {
        return documents.pop().map(|d| d.value);
    }
    let owners = owners(&documents, &references[0]);
    let place = |file: &str, pointer: &str| placed(&documents, &owners, file, pointer);
    let mut rewritten: Vec<Value> = Vec::with_capacity(documents.len());
    for (document, found) in documents.iter().zip(&references) {
        let mut value = document.value.clone();
        for reference in found {
            let Some((file, pointer)) = &reference.target else { continue };
            if unreadable.contains_key(file) {
                continue;
            }
            if let Some(object) = value.pointer_mut(&reference.at) {
                object["$ref"] = Value::String(format!("#{}", place(file, pointer)));
            }
        }
        rewritten.push(value);
    }
    let mut origins = Vec::new();
    let mut bundled = rewritten[0].clone();
    for ((file, pointer), at) in &owners {
        let index = documents.iter().position(|d| d.path == *file)?;
        let content = rewritten[index].pointer(&decoded(pointer)).cloned();
        if let (Some(content), Some(slot)) = (content, bundled.pointer_mut(at)) {
            *slot = content;
            origins.push(Origin { prefix: at.clone(), file: label(file), pointer: decoded(pointer) });
        }
    }
    for (index, document) in documents.iter().enumerate().skip(1) {
        let prefix = format!("/{KEPT}/{}", index - 1);
        origins.push(Origin { prefix, file: label(&document.path), pointer: String::new() });
    }
    if let Value::Object(root) = &mut bundled {
        root.insert(KEPT.to_owned(), Value::Array(rewritten.drain(1..).collect()));
    }
    diags.origins = origins;
    Some(bundled)
}

/// Reports each reference of one file that names nothing, where it is
/// written (`here`).
fn report_missing_targets(documents: &[Document], found: &[&Reference], here: &str, diags: &mut Diagnostics) {
    for reference in found {
        let Some((path, pointer)) = &reference.target else { continue };
        let document = documents.iter().find(|d| d.path == *path);
        if document.is_some_and(|d| d.value.pointer(&decoded(pointer)).is_none()) {
            let at = Location::Pointer(reference.at.clone());
            diags.push_in(here, at, format!("the reference `{}` points to nothing in `{path}`", reference.text));
        }
    }
}

/// The JSON pointer (for `Value::pointer`) a reference's fragment names,
/// its tokens read as lowering reads them (`%XX`, `~1`, `~0`).
fn decoded(fragment: &str) -> String {
    match crate::lower::source::ref_tokens(&format!("#{fragment}")) {
        Some(tokens) => tokens.iter().map(|token| format!("/{}", escape_token(token))).collect(),
        None => fragment.to_owned(),
    }
}

/// Parses one file; its problems are reported in it.
fn parse(text: &str, label: &str, diags: &mut Diagnostics) -> Option<Value> {
    let mut own = Diagnostics::new(label);
    let value = crate::load::parse(text, &mut own);
    diags.items.extend(own.items);
    value
}

/// Every `$ref` of `document`, with its target checked and resolved
/// against the document's folder.
fn references_in(document: &Document, label: &str, diags: &mut Diagnostics) -> Vec<Reference> {
    let mut found = Vec::new();
    walk(&document.value, &mut String::new(), &mut |at, reference| {
        let target = target(&document.path, reference);
        if let Err(why) = &target {
            diags.push_in(label, Location::Pointer(at.to_owned()), format!("the reference `{reference}` {why}"));
        }
        found.push(Reference { at: at.to_owned(), text: reference.to_owned(), target: target.ok() });
    });
    found
}

/// Calls `visit` with the pointer and text of every `$ref` under `value`.
fn walk(value: &Value, at: &mut String, visit: &mut dyn FnMut(&str, &str)) {
    match value {
        Value::Object(object) => {
            if let Some(Value::String(reference)) = object.get("$ref") {
                visit(at, reference);
            }
            for (key, inner) in object {
                let length = at.len();
                at.push('/');
                at.push_str(&escape_token(key));
                walk(inner, at, visit);
                at.truncate(length);
            }
        }
        Value::Array(items) => {
            for (index, inner) in items.iter().enumerate() {
                let length = at.len();
                at.push_str(&format!("/{index}"));
                walk(inner, at, visit);
                at.truncate(length);
            }
        }
        _ => {}
    }
}

/// The file (relative to the root's folder) and pointer `reference`
/// names, written in the file at `from`; or why it is refused.
fn target(from: &str, reference: &str) -> Result<(String, String), String> {
    let (path, fragment) = reference.split_once('#').unwrap_or((reference, ""));
    if path.is_empty() {
        return Ok((from.to_owned(), fragment.to_owned()));
    }
    if path.contains("://") || path.starts_with('/') || path.starts_with('\\') || path.contains(':') {
        return Err(
            "names a URL or an absolute path: only files in the document's folder and below are read".to_owned()
        );
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in path.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err("leaves the document's folder: only files in it and below are read".to_owned());
                }
            }
            other => parts.push(other),
        }
    }
    Ok((parts.join("/"), fragment.to_owned()))
}

/// The nodes of the root that are only a reference to another file, by
/// target: the first such node of each target takes its content.
fn owners(documents: &[Document], found: &[Reference]) -> BTreeMap<(String, String), String> {
    let root = &documents[0];
    let mut owners = BTreeMap::new();
    for reference in found {
        let Some((file, pointer)) = &reference.target else { continue };
        let only_a_reference =
            root.value.pointer(&reference.at).and_then(Value::as_object).is_some_and(|o| o.len() == 1);
        let loaded = documents.iter().any(|d| d.path == *file && d.value.pointer(&decoded(pointer)).is_some());
        if *file != root.path && only_a_reference && loaded {
            owners.entry((file.clone(), pointer.clone())).or_insert_with(|| reference.at.clone());
        }
    }
    owners
}

/// Where `pointer` of `file` is in the bundled document.
fn placed(documents: &[Document], owners: &BTreeMap<(String, String), String>, file: &str, pointer: &str) -> String {
    if file == documents[0].path {
        return pointer.to_owned();
    }
    let owner = owners
        .iter()
        .filter(|((f, p), _)| f == file && (pointer == p || pointer.starts_with(&format!("{p}/"))))
        .max_by_key(|((_, p), _)| p.len());
    if let Some(((_, p), at)) = owner {
        return format!("{at}{}", &pointer[p.len()..]);
    }
    let index = documents.iter().position(|d| d.path == file).unwrap_or_default();
    format!("/{KEPT}/{}{pointer}", index.saturating_sub(1))
}
