//! What a spec change means for the users of the generated crate.
//!
//! Both documents are lowered to the IR, and the IRs are compared: so the
//! report speaks of Rust items (methods, types, fields, variants) and of
//! what goes over the wire, not of JSON paths. Each change is classified
//! twice:
//!
//! - **Rust**: `breaking` (code using the crate stops compiling or changes
//!   meaning), `possibly-breaking` (only code that names every field or
//!   variant: struct literals without `..`, exhaustive patterns and
//!   matches; Cargo's semver rules still call this major), `additive`, or
//!   `none` (documentation);
//! - **wire**: `breaking-request` (a request the old client sends is now
//!   invalid), `breaking-response` (a response the old client receives no
//!   longer parses), or `compatible`.
//!
//! The semver bump follows: major for anything breaking or possibly
//! breaking, minor for additions, patch for documentation.
//!
//! Computing lives in `operations.rs`, `types.rs` and `setup.rs`;
//! rendering in `render.rs`.

mod operations;
mod render;
mod setup;
mod show;
mod types;

pub use render::markdown;

use crate::ir::Api;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RustImpact {
    None,
    Additive,
    PossiblyBreaking,
    Breaking,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WireImpact {
    Compatible,
    BreakingResponse,
    BreakingRequest,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Bump {
    None,
    Patch,
    Minor,
    Major,
}

/// What kind of change; written in kebab case (`operation-added`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    Documentation,
    ServerChanged,
    SettingAdded,
    SettingRemoved,
    OperationAdded,
    OperationRemoved,
    OperationRenamed,
    OperationMoved,
    MethodAdded,
    MethodRemoved,
    MethodRenamed,
    Deprecated,
    Undeprecated,
    PathParametersChanged,
    ParameterAdded,
    ParameterRemoved,
    ParameterTypeChanged,
    ParameterMadeRequired,
    ParameterMadeOptional,
    BodyAdded,
    BodyRemoved,
    BodyTypeChanged,
    BodyMediaTypeChanged,
    ResponseChanged,
    StreamItemChanged,
    TypeAdded,
    TypeRemoved,
    TypeRenamed,
    TypeChanged,
    UnionChanged,
    FieldAdded,
    FieldRemoved,
    FieldTypeChanged,
    FieldMadeRequired,
    FieldMadeOptional,
    FieldPresenceChanged,
    EnumValueAdded,
    EnumValueRemoved,
    EnumOpened,
    EnumClosed,
    SecurityChanged,
    ConstructorChanged,
    EnvironmentChanged,
}

impl ChangeKind {
    /// The kind as the reports write it (`operation-added`).
    pub fn as_str(self) -> String {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::String(s)) => s,
            _ => format!("{self:?}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub kind: ChangeKind,
    /// The Rust item it concerns (`Client::create_edit`,
    /// `types::CreateEditRequest::input`).
    pub item: String,
    /// A sentence saying what changed.
    pub detail: String,
    pub rust: RustImpact,
    pub wire: WireImpact,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub old_version: String,
    pub new_version: String,
    pub bump: Bump,
    /// The version the generated crate should get.
    pub suggested_version: String,
    pub changes: Vec<Change>,
}

impl Report {
    pub fn is_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.rust >= RustImpact::PossiblyBreaking || c.wire != WireImpact::Compatible)
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

/// The changes found so far.
#[derive(Debug, Default)]
struct Changes(Vec<Change>);

impl Changes {
    fn push(&mut self, kind: ChangeKind, item: String, detail: String, rust: RustImpact, wire: WireImpact) {
        self.0.push(Change { kind, item, detail, rust, wire });
    }

    fn documentation(&mut self, item: String, detail: String) {
        self.push(ChangeKind::Documentation, item, detail, RustImpact::None, WireImpact::Compatible);
    }
}

/// Compares two lowered documents.
pub fn diff(old: &Api, new: &Api) -> Report {
    let mut changes = Changes::default();
    operations::diff_operations(old, new, &mut changes);
    types::diff_types(old, new, &mut changes);
    setup::diff_setup(old, new, &mut changes);
    if old.description != new.description || old.title != new.title {
        changes.documentation("crate".to_owned(), "the API's title or description changed".to_owned());
    }
    let mut changes = changes.0;
    changes.sort_by(|a, b| (b.rust, b.wire, a.kind.as_str(), &a.item).cmp(&(a.rust, a.wire, b.kind.as_str(), &b.item)));
    let bump = changes.iter().map(bump_for).max().unwrap_or(Bump::None);
    Report {
        old_version: old.version.clone(),
        suggested_version: bumped(&old.version, bump),
        new_version: new.version.clone(),
        bump,
        changes,
    }
}

fn bump_for(c: &Change) -> Bump {
    match (c.rust, c.wire) {
        (RustImpact::Breaking | RustImpact::PossiblyBreaking, _) => Bump::Major,
        (_, WireImpact::BreakingRequest | WireImpact::BreakingResponse) => Bump::Major,
        (RustImpact::Additive, _) => Bump::Minor,
        (RustImpact::None, WireImpact::Compatible) => Bump::Patch,
    }
}

/// `1.2.3` bumped; for `0.x` versions a major bump raises the minor
/// number and a minor bump the patch number, as Cargo reads them.
fn bumped(version: &str, bump: Bump) -> String {
    let parts: Vec<u64> =
        version.split(['-', '+']).next().unwrap_or("").split('.').filter_map(|p| p.parse().ok()).collect();
    let [major, minor, patch] = parts[..] else { return version.to_owned() };
    let (major, minor, patch) = match (bump, major) {
        (Bump::None, _) => (major, minor, patch),
        (Bump::Patch, _) => (major, minor, patch + 1),
        (Bump::Minor, 0) => (0, minor, patch + 1),
        (Bump::Minor, _) => (major, minor + 1, 0),
        (Bump::Major, 0) => (0, minor + 1, 0),
        (Bump::Major, _) => (major + 1, 0, 0),
    };
    format!("{major}.{minor}.{patch}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_bump_as_cargo_reads_them() {
        assert_eq!(bumped("1.2.3", Bump::Major), "2.0.0");
        assert_eq!(bumped("1.2.3", Bump::Minor), "1.3.0");
        assert_eq!(bumped("1.2.3", Bump::Patch), "1.2.4");
        assert_eq!(bumped("1.2.3", Bump::None), "1.2.3");
        assert_eq!(bumped("0.4.1", Bump::Major), "0.5.0");
        assert_eq!(bumped("0.4.1", Bump::Minor), "0.4.2");
        assert_eq!(bumped("1.2.3-beta.1", Bump::Minor), "1.3.0");
        assert_eq!(bumped("not a version", Bump::Major), "not a version");
    }

    #[test]
    fn kinds_are_written_in_kebab_case() {
        assert_eq!(ChangeKind::OperationAdded.as_str(), "operation-added");
        assert_eq!(ChangeKind::EnumValueRemoved.as_str(), "enum-value-removed");
        assert_eq!(ChangeKind::Documentation.as_str(), "documentation");
    }
}
