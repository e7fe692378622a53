//! Reading a union by its tag: the property whose value names the
//! alternative. It is the discriminator's property when the document names
//! one, or else a property every alternative fixes to a distinct constant
//! (`const`, or an `enum` of one value): an implicit discriminator. Each
//! alternative's tag values are its discriminator mapping, else the
//! constant it fixes (for an explicit discriminator, also each value of an
//! `enum` of several), else (explicit discriminators only) its component's
//! name.

use super::schema::Read;
use super::source::{ref_tokens, Node};
use super::Lower;
use crate::ir::Tag;
use crate::model::{Discriminator, SchemaObject};
use indexmap::IndexMap;
use serde::Deserialize;
use std::collections::BTreeSet;

/// How deep `allOf` parts are followed to find an alternative's constants.
const MAX_PART_DEPTH: usize = 8;

/// Properties that name an alternative, most likely first, when several
/// would do.
const LIKELY_TAGS: &[&str] = &["type", "object", "kind", "event"];

/// What one alternative offers for reading by tag.
pub(super) struct TagSource {
    /// The component schema it refers to, if any.
    pub component: Option<String>,
    /// Each property it restricts to a list of strings (`const`, or an
    /// `enum`), with those strings, in document order.
    pub constants: IndexMap<String, Vec<String>>,
}

impl<'a> Lower<'a, '_> {
    /// What `alt` offers for reading by tag.
    pub(super) fn tag_source(&mut self, alt: &Read<'a>) -> TagSource {
        let Read::Object(view) = alt else { return TagSource { component: None, constants: IndexMap::new() } };
        let component = view.kw.reference.as_deref().and_then(super::source::component_schema_name);
        let mut constants = IndexMap::new();
        self.collect_constants(view.node.clone(), 0, &mut constants);
        TagSource { component, constants }
    }

    /// The constants a schema's properties fix, through `$ref`s and its
    /// `allOf` parts (the first part to fix a property wins).
    fn collect_constants(&mut self, node: Node<'a>, depth: usize, out: &mut IndexMap<String, Vec<String>>) {
        if depth > MAX_PART_DEPTH {
            return;
        }
        let Some(view) = self.deref_view(node, 0) else { return };
        for (name, property) in &view.properties {
            if let Some(values) = allowed_strings(property) {
                out.entry(name.clone()).or_insert(values);
            }
        }
        for part in view.list("allOf") {
            self.collect_constants(part, depth + 1, out);
        }
    }

    /// The tag a union is read by, if every alternative can be told by one.
    pub(super) fn union_tag(
        &mut self,
        discriminator: Option<&Discriminator>,
        sources: &[TagSource],
        at: &Node<'a>,
    ) -> Option<Tag> {
        let explicit = discriminator.filter(|d| !d.property_name.is_empty());
        let property = match explicit {
            Some(d) => d.property_name.clone(),
            None => implicit_property(sources)?,
        };
        match tag_values(&property, explicit, sources) {
            Ok(tag) => Some(tag),
            Err(why) => {
                if explicit.is_some() {
                    self.diags.warning(
                        &at.at("discriminator"),
                        format!("the discriminator cannot tell every alternative apart ({why}); the alternatives are tried in order when reading"),
                    );
                }
                None
            }
        }
    }
}

/// The tag a union would be read by, without a word about why it cannot:
/// for naming the alternatives before they are lowered.
pub(super) fn quiet_tag(discriminator: Option<&Discriminator>, sources: &[TagSource]) -> Option<Tag> {
    let explicit = discriminator.filter(|d| !d.property_name.is_empty());
    let property = match explicit {
        Some(d) => d.property_name.clone(),
        None => implicit_property(sources)?,
    };
    tag_values(&property, explicit, sources).ok()
}

/// The strings a property's schema allows (`const`, or an `enum` of
/// strings), if it lists them.
fn allowed_strings(node: &Node<'_>) -> Option<Vec<String>> {
    let kw = match node.value {
        serde_json::Value::Object(_) => SchemaObject::deserialize(node.value).ok()?,
        _ => return None,
    };
    match (&kw.const_value, kw.enum_values.as_deref()) {
        (Some(value), _) => value.as_str().map(|v| vec![v.to_owned()]),
        (None, Some(values)) if !values.is_empty() => values.iter().map(|v| v.as_str().map(str::to_owned)).collect(),
        _ => None,
    }
}

/// The one string `source` fixes `property` to, if it fixes one.
fn constant<'s>(source: &'s TagSource, property: &str) -> Option<&'s String> {
    match source.constants.get(property).map(Vec::as_slice) {
        Some([only]) => Some(only),
        _ => None,
    }
}

/// A property every alternative fixes, to values that are all distinct.
fn implicit_property(sources: &[TagSource]) -> Option<String> {
    let (first, rest) = sources.split_first()?;
    if rest.is_empty() {
        return None;
    }
    let candidates: Vec<&String> = first
        .constants
        .keys()
        .filter(|p| {
            let values: Vec<Option<&String>> = sources.iter().map(|s| constant(s, p)).collect();
            let distinct: BTreeSet<&String> = values.iter().flatten().copied().collect();
            values.iter().all(Option::is_some) && distinct.len() == values.len()
        })
        .collect();
    let likely = LIKELY_TAGS.iter().find_map(|l| candidates.iter().find(|c| c.as_str() == *l));
    likely.or(candidates.first()).map(|p| (*p).clone())
}

/// Each alternative's tag values under `property`, or why they cannot be
/// had: an alternative has none, or two share one.
fn tag_values(property: &str, explicit: Option<&Discriminator>, sources: &[TagSource]) -> Result<Tag, String> {
    let mut values = Vec::new();
    for (i, source) in sources.iter().enumerate() {
        let mapped: Vec<String> = match (explicit, &source.component) {
            (Some(d), Some(component)) => d
                .mapping
                .iter()
                .filter(|(_, target)| {
                    target.as_str() == component.as_str()
                        || ref_tokens(target).and_then(|t| t.last().cloned()).as_deref() == Some(component.as_str())
                })
                .map(|(value, _)| value.clone())
                .collect(),
            _ => Vec::new(),
        };
        // A discriminator may name several values of an `enum`; an
        // implicit tag is one constant per alternative.
        let own = match explicit {
            Some(_) => source.constants.get(property).cloned(),
            None => constant(source, property).map(|c| vec![c.clone()]),
        };
        let by_name = explicit.and(source.component.clone()).map(|name| vec![name]);
        match (mapped.is_empty(), own.or(by_name)) {
            (false, _) => values.extend(mapped.into_iter().map(|v| (v, i))),
            (true, Some(own)) => values.extend(own.into_iter().map(|v| (v, i))),
            (true, None) => {
                return Err(format!(
                    "alternative {} has no `mapping` entry, constant `{property}` or component name",
                    i + 1
                ))
            }
        }
    }
    let mut seen = BTreeSet::new();
    if let Some((shared, _)) = values.iter().find(|(v, _)| !seen.insert(v)) {
        return Err(format!("two alternatives have `{property}` = `{shared}`"));
    }
    Ok(Tag { property: property.to_owned(), values, reads: Vec::new() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(component: Option<&str>, constants: &[(&str, &str)]) -> TagSource {
        TagSource {
            component: component.map(str::to_owned),
            constants: constants.iter().map(|(k, v)| ((*k).to_owned(), vec![(*v).to_owned()])).collect(),
        }
    }

    #[test]
    fn an_implicit_tag_is_a_property_every_alternative_fixes_differently() {
        let sources = [
            source(None, &[("object", "event"), ("type", "response.created")]),
            source(None, &[("object", "event"), ("type", "response.completed")]),
        ];
        assert_eq!(implicit_property(&sources).as_deref(), Some("type"));
        let clash = [source(None, &[("type", "a")]), source(None, &[("type", "a")])];
        assert_eq!(implicit_property(&clash), None);
        let missing = [source(None, &[("type", "a")]), source(None, &[])];
        assert_eq!(implicit_property(&missing), None);
    }

    #[test]
    fn constants_win_over_component_names_and_mappings_over_both() {
        let d = Discriminator { property_name: "type".to_owned(), mapping: IndexMap::new() };
        let sources = [source(Some("Delta"), &[("type", "audio.delta")]), source(Some("Done"), &[])];
        let tag = tag_values("type", Some(&d), &sources).expect("a tag");
        assert_eq!(tag.values, [("audio.delta".to_owned(), 0), ("Done".to_owned(), 1)]);
        let mapped = Discriminator {
            property_name: "type".to_owned(),
            mapping: [("done".to_owned(), "#/components/schemas/Done".to_owned())].into_iter().collect(),
        };
        let tag = tag_values("type", Some(&mapped), &sources).expect("a tag");
        assert_eq!(tag.values, [("audio.delta".to_owned(), 0), ("done".to_owned(), 1)]);
        // Without a discriminator, a component's name is no tag value.
        assert_eq!(
            tag_values("type", None, &sources).err().as_deref(),
            Some("alternative 2 has no `mapping` entry, constant `type` or component name")
        );
        // An explicit discriminator reads every value of an `enum`.
        let mut filters = [source(Some("Comparison"), &[]), source(Some("Compound"), &[])];
        filters[0].constants.insert("type".to_owned(), vec!["eq".to_owned(), "ne".to_owned()]);
        filters[1].constants.insert("type".to_owned(), vec!["and".to_owned(), "or".to_owned()]);
        let tag = tag_values("type", Some(&d), &filters).expect("a tag");
        let read: Vec<(&str, usize)> = tag.values.iter().map(|(v, i)| (v.as_str(), *i)).collect();
        assert_eq!(read, [("eq", 0), ("ne", 0), ("and", 1), ("or", 1)]);
        assert_eq!(implicit_property(&filters), None, "an implicit tag is one constant per alternative");
        let twins = [source(None, &[("type", "message")]), source(None, &[("type", "message")])];
        assert_eq!(
            tag_values("type", Some(&d), &twins).err().as_deref(),
            Some("two alternatives have `type` = `message`")
        );
    }
}
