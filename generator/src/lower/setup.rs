//! How a client is set up: the server, the credential setters (one per
//! security scheme), the client headers of `x-client-headers`, the
//! arguments of `Client::new`, and the environment variables
//! `Client::from_env` reads, each with a name that collides with nothing.

use super::security::is_header_name;
use super::source::parse_as;
use super::Lower;
use crate::ir::{ClientHeader, ClientSetup, EnvVar, Operation, SchemeKind, SecurityScheme};
use crate::model;
use crate::names::{sanitize, Case, Scope};

/// The constructors the generated `settings.rs` adds to `Client`.
const GENERATED_CLIENT_METHODS: &[&str] = &["new", "builder", "from_env", "builder_from_env"];

/// The crate-level constant the generated `settings.rs` adds.
const GENERATED_CRATE_ITEMS: &[&str] = &["DEFAULT_BASE_URL"];

/// The methods `Client` has besides the operations': the runtime's (its
/// own and its traits', so `client.clone()` stays `Clone::clone`) and the
/// generated constructors.
pub(super) fn client_methods() -> impl Iterator<Item = &'static str> {
    let runtime = crate::runtime_files::names();
    runtime.client.iter().map(String::as_str).chain(GENERATED_CLIENT_METHODS.iter().copied())
}

/// The methods of `ClientBuilder`, which a generated setter must not take.
fn builder_methods() -> impl Iterator<Item = &'static str> {
    crate::runtime_files::names().builder.iter().map(String::as_str)
}

/// The crate-level items besides the environment constants.
fn crate_items() -> impl Iterator<Item = &'static str> {
    let runtime = crate::runtime_files::names();
    runtime.crate_items.iter().map(String::as_str).chain(GENERATED_CRATE_ITEMS.iter().copied())
}

impl<'a> Lower<'a, '_> {
    /// Everything the client's constructors need. Claims the names of the
    /// builder setters and getters, so that operations named alike are
    /// renamed instead.
    pub(super) fn client_setup(&mut self, doc: &model::Document, ops: &[Operation], env_prefix: &str) -> ClientSetup {
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
        for reserved in client_methods() {
            self.method_scope.claim_exact(reserved, Case::Value);
        }
        let base_url_env = names.env("BASE_URL", "BASE_URL_ENV", "/servers");
        let default_security = self.src.root().get("security").map(|d| self.requirements(&d)).unwrap_or_default();
        let main = main_scheme(self.schemes.len(), &default_security);
        let schemes = self.name_schemes(&mut names, main);
        let headers = self.client_headers(&mut names);
        for (at, message) in names.clashes {
            self.diags.warning(&at, message);
        }
        let constructor = constructor_schemes(&default_security, ops);
        ClientSetup { base_url, base_url_env, schemes, default_security, headers, constructor }
    }

    /// Names each scheme's setter and variables: the API's main scheme
    /// gets the plain names (`api_key`, `basic_auth`), the others names
    /// from their own (`AdminApiKeyAuth` gives `admin_api_key`).
    fn name_schemes(&mut self, names: &mut SetupNames, main: Option<usize>) -> Vec<SecurityScheme> {
        let declared = std::mem::take(&mut self.schemes);
        declared
            .into_iter()
            .enumerate()
            .map(|(i, d)| {
                let base = if main == Some(i) { None } else { Some(d.api_name.as_str()) };
                let at = format!("/components/securitySchemes/{}", crate::diag::escape_token(&d.api_name));
                let (setter, params, env) = names.credential(&d.kind, base, &at);
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
            // The setter is also the getter of `Client`: the setters' scope
            // holds every name `Client` has so far, so the name is free in both.
            let setter = names.setter(&setting);
            self.method_scope.claim_exact(&setter, Case::Value);
            let env_suffix = header.env.clone().unwrap_or_else(|| setter.clone());
            let env = names.env(&env_suffix, &format!("{setter}_ENV"), node.pointer());
            out.push(ClientHeader { header: header.header, doc: header.description, setter, env });
        }
        out
    }
}

/// The scheme that gets the plain names: the only one, or the one the
/// document's security needs by itself first.
fn main_scheme(count: usize, default: &[Vec<usize>]) -> Option<usize> {
    match default.first().map(Vec::as_slice) {
        _ if count == 1 => Some(0),
        Some([only]) => Some(*only),
        _ => None,
    }
}

/// The schemes `Client::new` takes credentials for: the first alternative
/// of the document's security that needs any, or else of the first
/// operation's own that does.
fn constructor_schemes(default: &[Vec<usize>], ops: &[Operation]) -> Vec<usize> {
    let own = ops.iter().filter_map(|op| op.security.as_ref()).flatten();
    default.iter().chain(own).find(|alternative| !alternative.is_empty()).cloned().unwrap_or_default()
}

/// The names one client setup hands out: builder methods, arguments,
/// environment variables and their constants, each unique.
struct SetupNames {
    prefix: String,
    setters: Scope,
    params: Scope,
    constants: Scope,
    variables: Scope,
    /// Variables that had to be renamed, as warnings (pointer, message).
    clashes: Vec<(String, String)>,
}

impl SetupNames {
    fn new(prefix: &str) -> Self {
        let mut setters = Scope::new();
        for reserved in builder_methods().chain(client_methods()) {
            setters.claim_exact(reserved, Case::Value);
        }
        let mut params = Scope::new();
        params.claim_exact("self", Case::Value);
        let mut constants = Scope::new();
        for reserved in crate_items() {
            constants.claim_exact(reserved, Case::Constant);
        }
        let prefix = sanitize(prefix, Case::Constant);
        SetupNames { prefix, setters, params, constants, variables: Scope::new(), clashes: Vec::new() }
    }

    fn setter(&mut self, name: &str) -> String {
        self.setters.claim(name, Case::Value)
    }

    /// `{PREFIX}_{SUFFIX}`, and the constant that names it; `at` is where
    /// the setting is declared, for a warning when the variable is taken.
    fn env(&mut self, suffix: &str, constant: &str, at: &str) -> EnvVar {
        let wanted = format!("{}_{}", self.prefix, sanitize(suffix, Case::Constant));
        let name = self.variables.claim_exact(&wanted, Case::Constant);
        if name != wanted {
            self.clashes.push((
                at.to_owned(),
                format!("the environment variable `{wanted}` is read for another setting; this one is `{name}`"),
            ));
        }
        EnvVar { name, constant: self.constants.claim(constant, Case::Constant) }
    }

    /// The setter, argument names and variables of a credential: `api_key`
    /// (or `basic_auth`) for an API with one scheme, names from the scheme
    /// otherwise.
    fn credential(&mut self, kind: &SchemeKind, scheme: Option<&str>, at: &str) -> (String, Vec<String>, Vec<EnvVar>) {
        // `AdminApiKeyAuth` -> `admin_api_key`: "auth" says nothing here.
        let base = scheme.map(|s| {
            let name = sanitize(s, Case::Value);
            match name.strip_suffix("_auth") {
                Some(stem) if !stem.is_empty() => stem.to_owned(),
                _ => name,
            }
        });
        match kind {
            SchemeKind::Basic => {
                let setter = self.setter(base.as_deref().unwrap_or("basic_auth"));
                let prefix = base.map(|b| format!("{b}_")).unwrap_or_default();
                let user = format!("{prefix}username");
                let password = format!("{prefix}password");
                let params = vec![self.params.claim(&user, Case::Value), self.params.claim(&password, Case::Value)];
                let env = vec![
                    self.env(&user, &format!("{user}_ENV"), at),
                    self.env(&password, &format!("{password}_ENV"), at),
                ];
                (setter, params, env)
            }
            SchemeKind::Bearer | SchemeKind::ApiKey { .. } => {
                let name = base.unwrap_or_else(|| "api_key".to_owned());
                let setter = self.setter(&name);
                let params = vec![self.params.claim(&setter, Case::Value)];
                let env = vec![self.env(&name, &format!("{name}_ENV"), at)];
                (setter, params, env)
            }
        }
    }
}
