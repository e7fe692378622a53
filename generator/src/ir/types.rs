//! Types: structs, enums, unions and aliases, and references to them.

use serde_json::Value;

/// A named type: its index in [`super::Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// A reference to a type, in the position where it is used.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeRef {
    String,
    Bool,
    I32,
    I64,
    U64,
    F32,
    F64,
    /// Any JSON value.
    Json,
    /// The bytes of a file (a multipart file part).
    Binary,
    Named(TypeId),
    Vec(Box<TypeRef>),
    /// A JSON object with arbitrary keys, kept in key order.
    Map(Box<TypeRef>),
    Option(Box<TypeRef>),
    Box(Box<TypeRef>),
}

impl TypeRef {
    /// The named type this is, possibly behind `Option` or `Box`.
    pub fn named(&self) -> Option<TypeId> {
        match self {
            TypeRef::Named(id) => Some(*id),
            TypeRef::Option(inner) | TypeRef::Box(inner) => inner.named(),
            _ => None,
        }
    }

    /// A string, number or boolean: written as text with `Display`.
    pub fn is_scalar(&self) -> bool {
        matches!(
            self,
            TypeRef::String | TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::U64 | TypeRef::F32 | TypeRef::F64
        )
    }
}

#[derive(Debug, Clone)]
pub struct TypeDef {
    pub name: String,
    /// The name in the specification (a component name, or a JSON pointer
    /// for an inline schema).
    pub api_name: String,
    pub doc: Option<String>,
    pub deprecated: bool,
    pub kind: TypeKind,
    /// The Cargo features that compile the type (any of them), when the
    /// crate has a feature per tag and only some tags' operations need it;
    /// `None`: always compiled.
    pub gate: Option<Vec<String>>,
    /// Which serde traits the type implements.
    pub serde: SerdeImpls,
    /// Whether the type implements `PartialEq` (`passes::serde`).
    pub partial_eq: bool,
}

impl TypeDef {
    /// A type as lowering first makes it: every impl, compiled always; the
    /// passes decide otherwise.
    pub fn new(name: String, api_name: String, kind: TypeKind) -> Self {
        TypeDef {
            name,
            api_name,
            doc: None,
            deprecated: false,
            kind,
            gate: None,
            serde: SerdeImpls::BOTH,
            partial_eq: true,
        }
    }
}

/// The serde traits a type implements: a type only ever sent needs no
/// `Deserialize`, which is most of serde's generated code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SerdeImpls {
    pub serialize: bool,
    pub deserialize: bool,
}

impl SerdeImpls {
    pub const BOTH: SerdeImpls = SerdeImpls { serialize: true, deserialize: true };
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    Struct(Struct),
    Enum(Enum),
    /// One of several shapes.
    Union(Union),
    /// A name for another type (`pub type X = Y;`).
    Alias(TypeRef),
}

#[derive(Debug, Clone)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// Whether a `Default` implementation can be derived.
    pub derive_default: bool,
    /// The fields `new(...)` takes, by index: those always present that
    /// the caller chooses (neither a constant nor the flattened map). Every
    /// struct has the constructor, since `#[non_exhaustive]` forbids
    /// struct literals outside the crate.
    pub constructor: Vec<usize>,
    /// How values of the struct travel.
    pub encoding: StructEncoding,
    /// What the struct converts from (`impl From<..>`), through its
    /// constructor: a struct whose constructor takes one value converts
    /// from that value, and from what that value converts from.
    pub conversions: Vec<Conversion>,
}

/// A type a value converts from: `impl From<..> for` the type holding it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum FromSource {
    /// A value of this type.
    Type(TypeRef),
    /// `&str`.
    Str,
    /// A list of `&str`: `Vec<&str>` and `[&str; N]`.
    StrList,
    /// A borrowed list of this item type, cloned: `&[T]` and `&Vec<T>`.
    Borrowed(TypeRef),
}

/// One `From` conversion of a union or a struct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conversion {
    pub from: FromSource,
    pub into: ConversionRoute,
}

/// Where a converted value goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConversionRoute {
    /// Into this variant of a union; `exact`: the source is the variant's
    /// own type (or its text, or a list of it), else the variant's type
    /// converts from it.
    Variant { index: usize, exact: bool },
    /// Into a struct's constructor, whose one argument takes the source.
    Constructor,
}

/// How a struct's values travel, which decides its impls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StructEncoding {
    /// As a JSON object: serde impls.
    Json,
    /// As `multipart/form-data`: every field has a [`Field::part`], and the
    /// struct a form instead of serde impls.
    Multipart,
    /// As an operation's optional parameters (query and headers), one
    /// field each: no serde impls; the method reads the fields.
    Parameters,
}

impl Struct {
    /// A struct of these fields, its constructor, `Default` and
    /// conversions to be decided by the passes.
    pub fn new(fields: Vec<Field>, encoding: StructEncoding) -> Self {
        Struct { fields, derive_default: false, constructor: Vec::new(), encoding, conversions: Vec::new() }
    }

    pub fn is_multipart(&self) -> bool {
        self.encoding == StructEncoding::Multipart
    }
}

#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    pub wire: FieldWire,
    pub doc: Option<String>,
    /// The type without the `Option` that optionality adds.
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    pub deprecated: bool,
    pub default: Option<Value>,
    /// How the field becomes multipart parts, in a multipart struct.
    pub part: Option<PartEncoding>,
    /// The one value the schema allows (an enum of one, a `const`), when
    /// it allows one: not a choice, so the field is a `String`, the
    /// constructor fills it in (when it is always present) and it has no
    /// setter (`passes::constants`).
    pub constant: Option<String>,
    /// The name of the field's chained setter (`None` for a constant, and
    /// for a field the constructor takes):
    /// the field's own name, unless that would hide a method every value
    /// has (`clone`, `new`, ...).
    pub setter: Option<String>,
}

/// Where a field's value is in the JSON object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldWire {
    /// The property of this name.
    Property(String),
    /// The properties beyond the listed ones (`additionalProperties`), a
    /// map flattened into the object.
    AdditionalProperties,
}

impl Field {
    /// An optional field, neither nullable, deprecated nor constant, with
    /// no default, documentation or part encoding; set the others after.
    pub fn new(name: String, wire: FieldWire, ty: TypeRef) -> Self {
        Field {
            name,
            wire,
            doc: None,
            ty,
            required: false,
            nullable: false,
            deprecated: false,
            default: None,
            part: None,
            constant: None,
            setter: None,
        }
    }

    /// The field's Rust type: `Option<T>` when it may be absent or null.
    pub fn rust_type(&self) -> TypeRef {
        if self.is_always_present() {
            self.ty.clone()
        } else {
            TypeRef::Option(Box::new(self.ty.clone()))
        }
    }

    /// Required and never null: the Rust type has no `Option`.
    pub fn is_always_present(&self) -> bool {
        self.required && !self.nullable
    }

    /// The property name, or `None` for the additional properties.
    pub fn api_name(&self) -> Option<&str> {
        match &self.wire {
            FieldWire::Property(name) => Some(name),
            FieldWire::AdditionalProperties => None,
        }
    }

    pub fn is_flattened(&self) -> bool {
        self.wire == FieldWire::AdditionalProperties
    }
}

/// How one value becomes text, in a parameter or a multipart part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextForm {
    /// Already text (`&str` or `String`).
    Text,
    /// A number, boolean, enum or union of scalars: its `Display` form.
    Display,
    /// Anything else: its JSON text.
    Json,
}

/// How a multipart field becomes parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartEncoding {
    pub repeat: PartRepeat,
    pub value: PartValue,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartRepeat {
    /// One part named after the field.
    Once,
    /// One part per item of the array, each named after the field.
    EachItem,
    /// One part per entry of the flattened map, named by its key.
    EachEntry,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartValue {
    File,
    Text(TextForm),
    /// A union whose alternatives make parts of their own (a [`Union`]
    /// with `parts`): the alternative a value is decides.
    Alternatives(TypeId),
}

#[derive(Debug, Clone)]
pub struct Enum {
    pub variants: Vec<Variant>,
    /// Index of the variant named by the schema's `default`.
    pub default: Option<usize>,
    /// The name of the catch-all variant, for open enums (those the server
    /// sends): they also accept values this version does not know, so a new
    /// value never fails a call. `None` for enums only the client sends,
    /// which stay exact.
    pub unknown: Option<String>,
}

impl Enum {
    /// The values are integers, sent as JSON numbers.
    pub fn is_integer(&self) -> bool {
        self.variants.first().is_some_and(|v| matches!(v.value, EnumValue::Integer(_)))
    }

    pub fn is_open(&self) -> bool {
        self.unknown.is_some()
    }
}

#[derive(Debug, Clone)]
pub struct Variant {
    pub name: String,
    pub value: EnumValue,
}

/// A value of an enumeration, as the API sends it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum EnumValue {
    String(String),
    Integer(i64),
}

impl std::fmt::Display for EnumValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EnumValue::String(s) => f.write_str(s),
            EnumValue::Integer(i) => write!(f, "{i}"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Union {
    pub variants: Vec<UnionVariant>,
    /// How a value is read: by its tag, or by trying each variant in order.
    pub tag: Option<Tag>,
    /// For a union read by its tag that the server sends: the name of the
    /// variant that keeps a value of a tag this version does not know (its
    /// raw JSON), so an alternative added to the API later never fails.
    pub unknown: Option<String>,
    /// Every variant is a scalar, so the union implements `Display` (and
    /// can be a parameter).
    pub display: bool,
    /// What the union converts from (`impl From<..>`), in order: each
    /// alternative's type, and what those convert from where only one
    /// alternative does (`passes::conversions`).
    pub conversions: Vec<Conversion>,
    /// For a union read by trying its alternatives, two or more of them
    /// objects: what each alternative knows of an object, by variant
    /// (nothing for one that is not an object). A value is tried first as
    /// the alternatives whose constants it has and that know the most of
    /// its keys (`passes::widest`). Empty otherwise: the document's order.
    pub keys: Vec<AlternativeKeys>,
    /// The union is a multipart field's type with a file (or a list of
    /// files) among its alternatives: each alternative is sent as the
    /// parts it makes (a file part, one per file, text), never as JSON, so
    /// the union keeps its files and implements no serde trait
    /// (`passes::binary`). Then, once encodings are decided, how each
    /// alternative is sent, by variant (`passes::encodings`).
    pub parts: Option<Vec<PartEncoding>>,
}

/// What one alternative of a union knows of an object.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AlternativeKeys {
    /// Its property names.
    pub properties: Vec<String>,
    /// Its properties that allow one string value, with the value.
    pub constants: Vec<(String, String)>,
    /// For an alternative that is a union read by its tag: the tag
    /// property and the values it knows. A value whose tag is another is
    /// tried there last, since such a union keeps any tag it does not know
    /// and would take a value meant for a sibling.
    pub tag_values: Option<(String, Vec<String>)>,
}

#[derive(Debug, Clone)]
pub struct Tag {
    /// The property that names the variant.
    pub property: String,
    /// Each value of the property, with the index of its variant.
    pub values: Vec<(String, usize)>,
    /// How each variant's tag is read back (for the union's `tag()`), by
    /// variant index (`passes::tags`).
    pub reads: Vec<TagRead>,
}

/// How a value of one variant gives its tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TagRead {
    /// The variant has this one tag value.
    Fixed(String),
    /// The variant has several: the `as_str()` of its field of this Rust
    /// name (an enum), or `fallback` when the field is `None` (`optional`).
    Field { field: String, optional: bool, fallback: String },
}

#[derive(Debug, Clone)]
pub struct UnionVariant {
    pub name: String,
    pub doc: Option<String>,
    pub ty: TypeRef,
}
