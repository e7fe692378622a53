//! Security, from the document: the schemes of
//! `components/securitySchemes` (what each credential is and where it goes)
//! and the requirements of `security` (the document's and each
//! operation's own), as alternatives of scheme indices.

use super::source::Node;
use super::Lower;
use crate::ir::{KeyLocation, SchemeKind};
use crate::model;

/// A scheme as the document declares it, before names are given.
pub(super) struct DeclaredScheme {
    pub api_name: String,
    pub kind: SchemeKind,
    pub doc: Option<String>,
}

impl<'a> Lower<'a, '_> {
    /// Reads `components/securitySchemes`; unsupported schemes are reported
    /// and left out (an operation that needs one is sent without it).
    pub(super) fn read_security_schemes(&mut self) {
        let Some(schemes) = self.src.root().get("components").and_then(|c| c.get("securitySchemes")) else { return };
        for (name, node) in schemes.entries() {
            let Some((scheme, node)) = self.src.resolve_as::<model::SecurityScheme>(node, self.diags) else { continue };
            let index = self.scheme_kind(&scheme, &node).map(|kind| {
                self.schemes.push(DeclaredScheme { api_name: name.to_owned(), kind, doc: scheme.description.clone() });
                self.schemes.len() - 1
            });
            self.scheme_index.insert(name.to_owned(), index);
        }
    }

    fn scheme_kind(&mut self, scheme: &model::SecurityScheme, node: &Node<'a>) -> Option<SchemeKind> {
        match scheme.kind.as_str() {
            "http" => {
                match scheme.scheme.as_deref().map(str::to_ascii_lowercase).as_deref() {
                    Some("bearer") => Some(SchemeKind::Bearer),
                    Some("basic") => Some(SchemeKind::Basic),
                    other => {
                        let name = other.unwrap_or("(none)");
                        self.diags.warning(&node.at("scheme"), format!("the HTTP authentication scheme `{name}` is not supported; requests are sent without it"));
                        None
                    }
                }
            }
            "apiKey" => self.api_key_kind(scheme, node),
            "oauth2" | "openIdConnect" => {
                self.diags.warning(
                    node.pointer(),
                    "the client does not obtain OAuth tokens; it sends the access token it is given as `Authorization: Bearer`",
                );
                Some(SchemeKind::Bearer)
            }
            other => {
                self.diags.warning(
                    &node.at("type"),
                    format!("the security scheme type `{other}` is not supported; requests are sent without it"),
                );
                None
            }
        }
    }

    fn api_key_kind(&mut self, scheme: &model::SecurityScheme, node: &Node<'a>) -> Option<SchemeKind> {
        let location = match scheme.location.as_deref() {
            Some("header") => KeyLocation::Header,
            Some("query") => KeyLocation::Query,
            Some("cookie") => KeyLocation::Cookie,
            other => {
                let found = other.unwrap_or("nothing");
                self.diags.warning(
                    &node.at("in"),
                    format!("an API key goes in `header`, `query` or `cookie`, not `{found}`; the scheme is left out"),
                );
                return None;
            }
        };
        let name = match scheme.name.as_deref().map(str::trim) {
            Some(name) if location != KeyLocation::Header || is_header_name(name) => name.to_owned(),
            _ => {
                self.diags.warning(&node.at("name"), "the API key has no usable `name`; the scheme is left out");
                return None;
            }
        };
        Some(SchemeKind::ApiKey { location, name })
    }

    /// A `security` list as alternatives of scheme indices. Requirements
    /// naming an unknown or unsupported scheme are left out.
    pub(super) fn requirements(&mut self, node: &Node<'a>) -> Vec<Vec<usize>> {
        if !node.value.is_array() {
            self.diags.warning(node.pointer(), "`security` must be a list of requirements; it is ignored");
            return Vec::new();
        }
        let mut alternatives = Vec::new();
        'requirements: for requirement in node.items() {
            let mut all = Vec::new();
            for (name, _) in requirement.entries() {
                match self.scheme_index.get(name) {
                    Some(Some(index)) => all.push(*index),
                    Some(None) => continue 'requirements,
                    None => {
                        self.diags.warning(
                            requirement.pointer(),
                            format!("`{name}` is not a security scheme of the document; this requirement is left out"),
                        );
                        continue 'requirements;
                    }
                }
            }
            alternatives.push(all);
        }
        alternatives
    }

    /// An operation's own `security`, when it differs from the document's.
    pub(super) fn operation_security(&mut self, op: &Node<'a>) -> Option<Vec<Vec<usize>>> {
        let own = op.get("security")?;
        let own = self.requirements(&own);
        let default = self.src.root().get("security").map(|d| self.requirements(&d)).unwrap_or_default();
        (own != default).then_some(own)
    }
}

/// A header name as HTTP allows it (a token).
pub(super) fn is_header_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}
