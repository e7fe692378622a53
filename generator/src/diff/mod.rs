//! What a spec change means for the users of the generated crate.
//!
//! Both documents are lowered to the IR with the settings generation uses,
//! and the IRs are compared: so the report speaks of Rust items (methods,
//! types, fields, variants, constructors, setters, impls, Cargo features)
//! and of what goes over the wire, not of JSON paths. Every comparison
//! destructures its IR node whole, so a part added to the IR does not
//! compile until `diff` says what a change of it means. Each change is
//! classified twice:
//!
//! - **Rust**: `breaking` (code using the crate stops compiling or changes
//!   meaning), `additive` (new items, or items that grew: generated types
//!   are `#[non_exhaustive]`, built with constructors and setters and
//!   matched with a wildcard, so a new field, enum value or union
//!   alternative breaks no code), or `none` (documentation);
//! - **wire**: `breaking-request` (a request the old client sends is now
//!   invalid), `breaking-response` (a response the old client receives no
//!   longer parses), or `compatible`.
//!
//! The semver bump follows: major for anything breaking, minor for
//! additions, patch for documentation.
//!
//! Computing lives in `operations.rs`, `types.rs`, `fields.rs`, `setup.rs`
//! and `renames.rs`; rendering in `render.rs`.

mod fields;
mod operations;
mod renames;
mod render;
mod setup;
mod show;
mod types;

pub use render::markdown;

use crate::ir::{Api, TypeRef};
use serde::Serialize;
use show::{show, show_renamed, unboxed, Renames};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RustImpact {
    None,
    Additive,
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
    SettingChanged,
    OperationAdded,
    OperationRemoved,
    OperationRenamed,
    OperationMoved,
    MethodAdded,
    MethodRemoved,
    MethodRenamed,
    FeatureAdded,
    FeatureRemoved,
    FeatureChanged,
    Deprecated,
    Undeprecated,
    PathParametersChanged,
    ParameterAdded,
    ParameterRemoved,
    ParameterTypeChanged,
    ParameterMadeRequired,
    ParameterMadeOptional,
    ParametersStructChanged,
    BodyAdded,
    BodyRemoved,
    BodyTypeChanged,
    BodyMediaTypeChanged,
    ResponseChanged,
    ErrorBodyChanged,
    StreamItemChanged,
    StreamChanged,
    TypeAdded,
    TypeRemoved,
    TypeRenamed,
    TypeChanged,
    TraitsChanged,
    ConversionAdded,
    ConversionRemoved,
    UnionChanged,
    TagChanged,
    VariantRenamed,
    FieldAdded,
    FieldRemoved,
    FieldRenamed,
    FieldTypeChanged,
    FieldMadeRequired,
    FieldMadeOptional,
    FieldPresenceChanged,
    FieldEncodingChanged,
    ConstantChanged,
    SetterChanged,
    EnumValueAdded,
    EnumDefaultChanged,
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
        self.changes.iter().any(|c| c.rust == RustImpact::Breaking || c.wire != WireImpact::Compatible)
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

/// The two documents, and the types renamed between them.
struct Pair<'a> {
    old: &'a Api,
    new: &'a Api,
    renames: Renames,
}

impl Pair<'_> {
    /// Two types (of the old and the new document) are the same for users
    /// when they differ only in boxing, or in the names of renamed types
    /// (told once, as the rename).
    fn same(&self, a: &TypeRef, b: &TypeRef) -> bool {
        show_renamed(self.old, &unboxed(a), &self.renames) == show(self.new, &unboxed(b))
    }

    /// An old type with renamed types under their new names, to compare.
    fn old_as_new(&self, a: &TypeRef) -> String {
        show_renamed(self.old, a, &self.renames)
    }

    fn was(&self, a: &TypeRef) -> String {
        show(self.old, a)
    }

    fn now(&self, b: &TypeRef) -> String {
        show(self.new, b)
    }
}

/// Compares two lowered documents.
pub fn diff(old: &Api, new: &Api) -> Report {
    let pair = Pair { old, new, renames: renames::find(old, new) };
    let mut changes = Changes::default();
    // Every part of the API, named: each is compared below or said to be
    // seen elsewhere.
    let Api {
        title,
        version: _,
        description,
        types: _,
        operations: _,
        error_body,
        error_keys,
        client: _,
        correct_answers,
        features,
        // The union is a type, compared with the types; signing shows as
        // the crate's `verify_webhook`.
        webhooks: _,
        webhook_signing,
    } = old;
    operations::diff_operations(&pair, &mut changes);
    types::diff_types(&pair, &mut changes);
    setup::diff_setup(old, new, &mut changes);
    diff_error_body(&pair, (error_body, error_keys), (&new.error_body, &new.error_keys), &mut changes);
    diff_features(features, &new.features, &mut changes);
    if *correct_answers != new.correct_answers {
        let detail = match new.correct_answers {
            true => "answers missing a required field are now read with its zero value, not refused",
            false => "answers missing a required field are now refused, not read with its zero value",
        };
        changes.push(
            ChangeKind::SettingChanged,
            "ClientBuilder::correct_answers".to_owned(),
            detail.to_owned(),
            RustImpact::None,
            WireImpact::Compatible,
        );
    }
    if *webhook_signing != new.webhook_signing {
        let (detail, rust) = match new.webhook_signing {
            Some(_) => ("webhook deliveries can now be verified (`verify_webhook`)", RustImpact::Additive),
            None => ("`verify_webhook` was removed: no signing scheme is configured", RustImpact::Breaking),
        };
        changes.push(
            ChangeKind::SettingChanged,
            "verify_webhook".to_owned(),
            detail.to_owned(),
            rust,
            WireImpact::Compatible,
        );
    }
    if *description != new.description || *title != new.title {
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

/// `ErrorBody`, which every error carries: another type breaks code that
/// reads it; other required keys change which stream events are errors.
fn diff_error_body(
    pair: &Pair,
    (old_body, old_keys): (&Option<TypeRef>, &Vec<String>),
    (new_body, new_keys): (&Option<TypeRef>, &Vec<String>),
    changes: &mut Changes,
) {
    let json = TypeRef::Json;
    let (was, now) = (old_body.as_ref().unwrap_or(&json), new_body.as_ref().unwrap_or(&json));
    if !pair.same(was, now) {
        let detail = format!("`ErrorBody` is now `{}` (was `{}`)", pair.now(now), pair.was(was));
        changes.push(
            ChangeKind::ErrorBodyChanged,
            "ErrorBody".to_owned(),
            detail,
            RustImpact::Breaking,
            WireImpact::Compatible,
        );
    } else if old_keys != new_keys {
        let detail =
            format!("a stream event is an error when it has {} (was {})", show_keys(new_keys), show_keys(old_keys));
        changes.push(
            ChangeKind::ErrorBodyChanged,
            "ErrorBody".to_owned(),
            detail,
            RustImpact::None,
            WireImpact::BreakingResponse,
        );
    }
}

fn show_keys(keys: &[String]) -> String {
    if keys.is_empty() {
        "never".to_owned()
    } else {
        keys.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
    }
}

/// The crate's Cargo features: one removed breaks every manifest naming it.
fn diff_features(old: &[String], new: &[String], changes: &mut Changes) {
    for added in new.iter().filter(|f| !old.contains(f)) {
        let detail = "a new Cargo feature (part of `all`)".to_owned();
        changes.push(
            ChangeKind::FeatureAdded,
            format!("features::{added}"),
            detail,
            RustImpact::Additive,
            WireImpact::Compatible,
        );
    }
    for removed in old.iter().filter(|f| !new.contains(f)) {
        let detail = "the Cargo feature is gone: manifests naming it no longer resolve".to_owned();
        changes.push(
            ChangeKind::FeatureRemoved,
            format!("features::{removed}"),
            detail,
            RustImpact::Breaking,
            WireImpact::Compatible,
        );
    }
}

fn bump_for(c: &Change) -> Bump {
    match (c.rust, c.wire) {
        (RustImpact::Breaking, _) => Bump::Major,
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
