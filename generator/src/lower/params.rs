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
        let template = template_params(path);
        let mut scope = Scope::new();
        scope.claim_exact("request", Case::Value);
        scope.claim_exact("self", Case::Value);
        let mut params = Params { path: Vec::new(), query: Vec::new(), header: Vec::new(), pieces: Vec::new(), scope };
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
        params.pieces = path_pieces(path);
        Some(params)
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
                    self.diags.error(node.pointer(), "the parameter has no `name`");
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
                let ctx = format!("{type_ctx}{}", sanitize(&p.name, Case::Type));
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
}
