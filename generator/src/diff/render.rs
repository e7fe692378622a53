//! The report in Markdown.

use super::{Bump, Change, ChangeKind, Report, RustImpact, WireImpact};
use std::fmt::Write as _;

/// The report in Markdown, fit to paste into a review.
pub fn markdown(report: &Report, old_label: &str, new_label: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## API changes: `{old_label}` → `{new_label}`\n");
    if report.changes.is_empty() {
        let _ = writeln!(out, "No changes that users of the generated crate can see.");
        return out;
    }
    let bump = match report.bump {
        Bump::Major => "major",
        Bump::Minor => "minor",
        Bump::Patch => "patch",
        Bump::None => "none",
    };
    let _ = writeln!(
        out,
        "**Semver:** {bump} bump for the generated crate: `{}` → `{}` (the spec now says `{}`).\n",
        report.old_version, report.suggested_version, report.new_version
    );
    type Pick = fn(&Change) -> bool;
    let groups: [(&str, Pick); 3] = [
        ("Breaking for Rust code", |c| c.rust == RustImpact::Breaking),
        ("Additive", |c| c.rust == RustImpact::Additive),
        ("No change to Rust code", |c| c.rust == RustImpact::None && c.kind != ChangeKind::Documentation),
    ];
    for (title, pick) in groups {
        let rows: Vec<&Change> = report.changes.iter().filter(|c| pick(c)).collect();
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(out, "### {title} ({})\n", rows.len());
        let _ = writeln!(out, "| change | item | what | on the wire |");
        let _ = writeln!(out, "| --- | --- | --- | --- |");
        for c in rows {
            let wire = match c.wire {
                WireImpact::Compatible => "compatible",
                WireImpact::BreakingRequest => "**old requests rejected**",
                WireImpact::BreakingResponse => "**old client cannot read**",
            };
            let _ = writeln!(out, "| {} | `{}` | {} | {wire} |", c.kind.as_str(), c.item, c.detail.replace('|', "\\|"));
        }
        out.push('\n');
    }
    let docs: Vec<&Change> = report.changes.iter().filter(|c| c.kind == ChangeKind::Documentation).collect();
    if !docs.is_empty() {
        let _ = writeln!(out, "### Documentation only ({})\n", docs.len());
        for c in docs {
            let _ = writeln!(out, "- `{}`: {}", c.item, c.detail);
        }
        out.push('\n');
    }
    out
}
