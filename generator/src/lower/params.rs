//! Parameters: the path item's and the operation's, in path, query and
//! header; cookies are reported and left out.

use super::source::Node;
use super::Lower;
use crate::ir::{MapStyle, Param, ParamEncoding, Passing, PathPiece, TextForm, TypeRef};
use crate::model;
use crate::names::{sanitize, Case, Scope};
use indexmap::IndexMap;

/// An operation's parameters, lowered.
pub(super) struct Params {
    pub path: Vec<Param>,
    pub query: Vec<Param>,
    pub header: Vec<Param>,
    /// The path template as literal text and path parameters.
    pub pieces: Vec<PathPiece>,
    /// The names of the method's arguments so far (the body is `request`),
    /// for picking local names that do not collide.
    pub scope: Scope,
}

/// Declared parameters by (location, name): the operation's override the
/// path item's of the same location and name.
type Declared<'a> = IndexMap<(String, String), (model::Parameter, Node<'a>)>;

impl<'a> Lower<'a, '_> {
    /// `None` when the path names a parameter that is not declared (the
    /// operation cannot be called).
    pub(super) fn lower_parameters(
        &mut self,
        path: &str,
        item: &Node<'a>,
        op: &Node<'a>,
        type_ctx: &str,
    ) -> Option<Params> {
        let declared = self.declared_parameters(item, op);
        let split = split_query_template(path);
        let template = template_params(&split.path);
        let mut scope = Scope::new();
        scope.claim_exact("request", Case::Value);
        scope.claim_exact("self", Case::Value);
        let mut params = Params { path: Vec::new(), query: Vec::new(), header: Vec::new(), pieces: Vec::new(), scope };
        let in_query = self.template_query_params(path, &split, &declared, op, type_ctx, &mut params);
        let mut broken = false;
        for t in &template {
            match declared.get(&("path".to_owned(), t.clone())) {
                Some((p, node)) => {
                    let param = self.lower_param(p, node, type_ctx, &mut params.scope, true);
                    params.path.push(param);
                }
                None => {
                    self.diags.error(
                        op.pointer(),
                        format!("the path `{path}` has the parameter `{{{t}}}` but the operation does not declare it"),
                    );
                    broken = true;
                }
            }
        }
        for ((location, name), (p, node)) in &declared {
            match location.as_str() {
                "path" if in_query.contains(name) => {}
                "path" if !template.contains(name) => self.diags.warning(
                    node.pointer(),
                    format!("the path parameter `{name}` does not appear in the path `{path}`; it is ignored"),
                ),
                "path" => {}
                "query" => {
                    let param = self.lower_param(p, node, type_ctx, &mut params.scope, false);
                    params.query.push(param);
                }
                "header" => {
                    let param = self.lower_param(p, node, type_ctx, &mut params.scope, false);
                    params.header.push(param);
                }
                "cookie" => {
                    self.diags.warning(node.pointer(), "cookie parameters are not supported; the parameter is not sent")
                }
                other => self.diags.error(
                    &node.at("in"),
                    format!("`{other}` is not a parameter location (path, query, header, cookie)"),
                ),
            }
        }
        if broken {
            return None;
        }
        params.pieces = path_pieces(&split.path);
        Some(params)
    }

    /// The parameters of a query string written into the path template
    /// (`/search?query={query}`, which OpenAPI does not allow but some
    /// documents do): each `name={variable}` is sent as the query parameter
    /// `name`, typed as the operation declares `variable` (in the query or,
    /// as such documents often do, in the path), else as a required string.
    /// Gives the path parameters it took.
    fn template_query_params(
        &mut self,
        path: &str,
        split: &SplitTemplate,
        declared: &Declared<'a>,
        op: &Node<'a>,
        type_ctx: &str,
        params: &mut Params,
    ) -> Vec<String> {
        let mut taken = Vec::new();
        let mut sent = Vec::new();
        for (name, variable) in &split.query {
            let as_query = |n: &str| declared.contains_key(&("query".to_owned(), n.to_owned()));
            let how = if as_query(name) || as_query(variable) {
                "declared in the query"
            } else if let Some((p, node)) = declared.get(&("path".to_owned(), variable.clone())) {
                let moved =
                    model::Parameter { name: name.clone(), location: "query".to_owned(), required: true, ..p.clone() };
                let param = self.lower_param(&moved, node, type_ctx, &mut params.scope, false);
                params.query.push(param);
                taken.push(variable.clone());
                "declared in the path"
            } else {
                params.query.push(undeclared_query_param(name, &mut params.scope));
                "not declared: a required string"
            };
            sent.push(format!("`{name}` ({how})"));
        }
        if !sent.is_empty() {
            self.diags.warning(
                op.pointer(),
                format!(
                    "the path `{path}` holds a query string, which belongs in parameters; sent as query parameters: {}",
                    sent.join(", ")
                ),
            );
        }
        taken
    }

    fn declared_parameters(&mut self, item: &Node<'a>, op: &Node<'a>) -> Declared<'a> {
        let mut declared = IndexMap::new();
        for owner in [item, op] {
            let Some(list) = owner.get("parameters") else { continue };
            if !list.value.is_array() {
                self.diags.error(list.pointer(), "`parameters` must be a list");
                continue;
            }
            for node in list.items() {
                let Some((param, node)) = self.src.resolve_as::<model::Parameter>(node, self.diags) else { continue };
                if param.name.is_empty() {
                    // Often an empty row left in an API tool's export: there
                    // is nothing to send it as.
                    self.diags.warning(node.pointer(), "the parameter has no `name`; it is left out");
                    continue;
                }
                declared.insert((param.location.clone(), param.name.clone()), (param, node));
            }
        }
        declared
    }

    fn lower_param(
        &mut self,
        p: &model::Parameter,
        node: &Node<'a>,
        type_ctx: &str,
        scope: &mut Scope,
        is_path: bool,
    ) -> Param {
        if is_path && !p.required {
            self.diags.warning(&node.at("required"), "a path parameter is always required; it is treated as required");
        }
        let ty = match node.get("schema") {
            Some(schema) => {
                let ctx = crate::names::nested_name(type_ctx, &sanitize(&p.name, Case::Type));
                self.lower_schema(schema, &ctx, 0).ty
            }
            None => {
                self.diags.warning(node.pointer(), "the parameter has no `schema`; it is taken as a string");
                TypeRef::String
            }
        };
        let param = Param {
            name: scope.claim(&p.name, Case::Value),
            api_name: p.name.clone(),
            doc: p.description.clone(),
            ty,
            required: p.required || is_path,
            // Decided once every type is final (`passes::encodings`).
            encoding: ParamEncoding::One(TextForm::Json),
            passing: Passing::Ref,
            map_style: map_style(p),
        };
        if !is_simple_param(&param.ty) && param.map_entries().is_none() {
            self.diags.warning(
                &node.at("schema"),
                "only strings, numbers, booleans, string enumerations, arrays of them and (in the query) maps of them are supported as parameters; the value is sent as JSON text",
            );
        }
        param
    }
}

/// How the parameter's `style` writes a map in the query, one parameter per
/// entry (`form` is the query's default style, exploded by default).
fn map_style(p: &model::Parameter) -> Option<MapStyle> {
    if p.location != "query" {
        return None;
    }
    match p.style.as_deref() {
        Some("deepObject") => Some(MapStyle::Deep),
        None | Some("form") if p.explode != Some(false) => Some(MapStyle::Exploded),
        _ => None,
    }
}

fn is_simple_param(t: &TypeRef) -> bool {
    match t {
        TypeRef::String | TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::U64 | TypeRef::F32 | TypeRef::F64 => {
            true
        }
        TypeRef::Named(_) => true,
        TypeRef::Vec(inner) | TypeRef::Option(inner) => is_simple_param(inner),
        _ => false,
    }
}

/// A path template split at its query string: the path (with the query's
/// literal pairs, which are sent as written) and the query's `name={variable}`
/// pairs.
struct SplitTemplate {
    path: String,
    query: Vec<(String, String)>,
}

fn split_query_template(template: &str) -> SplitTemplate {
    let Some((path, query)) = template.split_once('?') else {
        return SplitTemplate { path: template.to_owned(), query: Vec::new() };
    };
    let mut literal = Vec::new();
    let mut variables = Vec::new();
    for pair in query.split('&') {
        let variable = pair.split_once('=').and_then(|(name, value)| {
            let inner = value.strip_prefix('{')?.strip_suffix('}')?;
            (!name.is_empty() && !inner.is_empty() && !inner.contains(['{', '}']))
                .then(|| (name.to_owned(), inner.to_owned()))
        });
        match variable {
            Some(pair) => variables.push(pair),
            None => literal.push(pair),
        }
    }
    let path = if literal.is_empty() { path.to_owned() } else { format!("{path}?{}", literal.join("&")) };
    SplitTemplate { path, query: variables }
}

/// A query parameter the path's query string names and the operation does
/// not declare: a required string.
fn undeclared_query_param(name: &str, scope: &mut Scope) -> Param {
    Param {
        name: scope.claim(name, Case::Value),
        api_name: name.to_owned(),
        doc: None,
        ty: TypeRef::String,
        required: true,
        encoding: ParamEncoding::One(TextForm::Json),
        passing: Passing::Ref,
        map_style: None,
    }
}

/// The names in a path template's braces, in order.
fn template_params(path: &str) -> Vec<String> {
    path_pieces_named(path).into_iter().filter_map(|p| p.err()).collect()
}

/// The template as literal text and the path parameters, by index in
/// template order.
fn path_pieces(path: &str) -> Vec<PathPiece> {
    let mut index = 0;
    path_pieces_named(path)
        .into_iter()
        .map(|p| match p {
            Ok(text) => PathPiece::Literal(text),
            Err(_) => {
                index += 1;
                PathPiece::Param(index - 1)
            }
        })
        .collect()
}

/// The template split at its braces: `Ok(literal)` or `Err(name)`. An
/// unclosed brace is literal text.
fn path_pieces_named(path: &str) -> Vec<Result<String, String>> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        if start > 0 {
            out.push(Ok(rest[..start].to_owned()));
        }
        out.push(Err(rest[start + 1..start + len].to_owned()));
        rest = &rest[start + len + 1..];
    }
    if !rest.is_empty() {
        out.push(Ok(rest.to_owned()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_split_into_literals_and_parameters() {
        assert_eq!(
            path_pieces("/a/{x}/b{y}.json"),
            [
                PathPiece::Literal("/a/".to_owned()),
                PathPiece::Param(0),
                PathPiece::Literal("/b".to_owned()),
                PathPiece::Param(1),
                PathPiece::Literal(".json".to_owned()),
            ]
        );
        assert_eq!(template_params("/a/{x}/b{y}"), ["x", "y"]);
        assert_eq!(path_pieces("/open{"), [PathPiece::Literal("/open{".to_owned())]);
    }

    #[test]
    fn query_strings_in_templates_split_into_literal_pairs_and_variables() {
        let split = split_query_template("/rides/{id}?page={page}&v=2&per_page={n}&flag");
        assert_eq!(split.path, "/rides/{id}?v=2&flag");
        assert_eq!(split.query, [("page".to_owned(), "page".to_owned()), ("per_page".to_owned(), "n".to_owned())]);
        let plain = split_query_template("/a/{b}");
        assert_eq!((plain.path.as_str(), plain.query.len()), ("/a/{b}", 0));
    }
}
