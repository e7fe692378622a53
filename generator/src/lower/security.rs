//! How a client is set up, from the document: the server, the security
//! schemes and requirements, the headers of `x-client-headers`, and the
//! names of the builder methods and environment variables for each.

use super::source::{parse_as, Node};
use super::Lower;
use crate::ir::{ClientHeader, ClientSetup, EnvVar, KeyLocation, SchemeKind, SecurityScheme};
use crate::model;
use crate::names::{sanitize, Case, Scope};

/// The public methods the runtime's `ClientBuilder` has; a generated setter
/// must not take one of these names.
pub(super) const BUILDER_METHODS: &[&str] =
    &["base_url", "http_client", "timeout", "connect_timeout", "max_retries", "sleep_with", "build"];

/// The methods `Client` has besides the operations': the runtime's and
/// the generated constructors.
pub(super) const CLIENT_METHODS: &[&str] = &["new", "builder", "from_env", "base_url", "with_options"];

/// The crate-level items besides the environment constants.
const CRATE_ITEMS: &[&str] = &["DEFAULT_BASE_URL", "DEFAULT_TIMEOUT", "DEFAULT_CONNECT_TIMEOUT", "DEFAULT_MAX_RETRIES"];

/// A scheme as the document declares it, before names are given.
pub(super) struct DeclaredScheme {
    api_name: String,
    kind: SchemeKind,
    doc: Option<String>,
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
    fn requirements(&mut self, node: &Node<'a>) -> Vec<Vec<usize>> {
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

    /// Everything the client's constructors need. Claims the names of the
    /// builder setters and getters, so that operations named alike are
    /// renamed instead.
    pub(super) fn client_setup(&mut self, doc: &model::Document, env_prefix: &str) -> ClientSetup {
        let base_url = match doc.servers.first() {
            Some(s) if !s.url.is_empty() => s.url.trim_end_matches('/').to_owned(),
            _ => {
                self.diags.warning(
                    "/servers",
                    "the document names no server; the client has no default base URL and callers must set one",
                );
                String::new()
            }
        };
        let mut names = SetupNames::new(env_prefix);
        for reserved in CLIENT_METHODS {
            self.method_scope.claim_exact(reserved, Case::Value);
        }
        let base_url_env = names.env("BASE_URL", "BASE_URL_ENV");
        let schemes = self.name_schemes(&mut names);
        let headers = self.client_headers(&mut names);
        let default_security = self.src.root().get("security").map(|d| self.requirements(&d)).unwrap_or_default();
        let constructor = default_security.first().cloned().unwrap_or_default();
        ClientSetup { base_url, base_url_env, schemes, default_security, headers, constructor }
    }

    fn name_schemes(&mut self, names: &mut SetupNames) -> Vec<SecurityScheme> {
        let only = self.schemes.len() == 1;
        let declared = std::mem::take(&mut self.schemes);
        declared
            .into_iter()
            .map(|d| {
                let base = if only { None } else { Some(d.api_name.as_str()) };
                let (setter, params, env) = names.credential(&d.kind, base);
                SecurityScheme { api_name: d.api_name, kind: d.kind, doc: d.doc, setter, params, env }
            })
            .collect()
    }

    /// The document's `x-client-headers`: headers the client sends with
    /// every request once they are set.
    fn client_headers(&mut self, names: &mut SetupNames) -> Vec<ClientHeader> {
        let Some(list) = self.src.root().get("x-client-headers") else { return Vec::new() };
        if !list.value.is_array() {
            self.diags.error(list.pointer(), "`x-client-headers` must be a list of headers");
            return Vec::new();
        }
        let mut out = Vec::new();
        for node in list.items() {
            let Some(header) = parse_as::<model::ClientHeader>(&node, self.diags) else { continue };
            if !is_header_name(&header.header) {
                self.diags.error(&node.at("header"), format!("`{}` is not a header name", header.header));
                continue;
            }
            let setting = header.setting.clone().unwrap_or_else(|| header.header.clone());
            let setter = names.setter(&setting);
            self.method_scope.claim_exact(&setter, Case::Value);
            let env_suffix = header.env.clone().unwrap_or_else(|| setter.clone());
            let env = names.env(&env_suffix, &format!("{setter}_ENV"));
            out.push(ClientHeader { header: header.header, doc: header.description, setter, env });
        }
        out
    }
}

/// The names one client setup hands out: builder methods, arguments,
/// environment variables and their constants, each unique.
struct SetupNames {
    prefix: String,
    setters: Scope,
    params: Scope,
    constants: Scope,
}

impl SetupNames {
    fn new(prefix: &str) -> Self {
        let mut setters = Scope::new();
        for reserved in BUILDER_METHODS {
            setters.claim_exact(reserved, Case::Value);
        }
        let mut params = Scope::new();
        params.claim_exact("self", Case::Value);
        let mut constants = Scope::new();
        for reserved in CRATE_ITEMS {
            constants.claim_exact(reserved, Case::Constant);
        }
        SetupNames { prefix: sanitize(prefix, Case::Constant), setters, params, constants }
    }

    fn setter(&mut self, name: &str) -> String {
        self.setters.claim(name, Case::Value)
    }

    /// `{PREFIX}_{SUFFIX}`, and the constant that names it.
    fn env(&mut self, suffix: &str, constant: &str) -> EnvVar {
        let name = format!("{}_{}", self.prefix, sanitize(suffix, Case::Constant));
        EnvVar { name, constant: self.constants.claim(constant, Case::Constant) }
    }

    /// The setter, argument names and variables of a credential: `api_key`
    /// (or `basic_auth`) for an API with one scheme, names from the scheme
    /// otherwise.
    fn credential(&mut self, kind: &SchemeKind, scheme: Option<&str>) -> (String, Vec<String>, Vec<EnvVar>) {
        let base = scheme.map(|s| sanitize(s, Case::Value));
        match kind {
            SchemeKind::Basic => {
                let setter = self.setter(base.as_deref().unwrap_or("basic_auth"));
                let prefix = base.map(|b| format!("{b}_")).unwrap_or_default();
                let user = format!("{prefix}username");
                let password = format!("{prefix}password");
                let params = vec![self.params.claim(&user, Case::Value), self.params.claim(&password, Case::Value)];
                let env =
                    vec![self.env(&user, &format!("{user}_ENV")), self.env(&password, &format!("{password}_ENV"))];
                (setter, params, env)
            }
            SchemeKind::Bearer | SchemeKind::ApiKey { .. } => {
                let name = base.unwrap_or_else(|| "api_key".to_owned());
                let setter = self.setter(&name);
                let params = vec![self.params.claim(&setter, Case::Value)];
                let env = vec![self.env(&name, &format!("{name}_ENV"))];
                (setter, params, env)
            }
        }
    }
}

/// A header name as HTTP allows it (a token).
fn is_header_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}
