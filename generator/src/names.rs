//! The one place where API names become Rust identifiers.
//!
//! Every identifier the generator emits goes through [`sanitize`], so the
//! rules (keywords, leading digits, symbols, case) are written once and
//! tested in one table.

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

/// What kind of identifier a name becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Case {
    /// Types and enum variants: `UpperCamelCase`.
    Type,
    /// Fields, functions and arguments: `snake_case`.
    Value,
    /// Constants and environment variables: `SHOUTY_SNAKE_CASE`.
    Constant,
}

/// Rust keywords (all editions) and reserved words. A name equal to one of
/// these gets a trailing underscore (`type` -> `type_`), except the few that
/// cannot be written with one in type position, handled by the same rule.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Turns an API name into a valid, idiomatic Rust identifier.
///
/// - Every character that is not alphanumeric separates words (`a.b-c` ->
///   `a_b_c` / `ABC`); `+` and `-` at the start of a name become the words
///   `plus` and `minus`, so `+1` and `-1` stay distinct; `@` is dropped.
/// - A name that starts with a digit is prefixed (`V` for types, `n` for
///   values): `256x256` -> `V256x256`.
/// - A keyword gets a trailing underscore: `type` -> `type_`, `Self` -> `SelfValue`.
/// - An empty result becomes `Empty` / `empty`.
pub fn sanitize(name: &str, case: Case) -> String {
    // Large documents repeat the same few thousand names (`id`,
    // `displayName`) hundreds of thousands of times; each is converted once
    // per thread.
    thread_local! {
        static DONE: std::cell::RefCell<[std::collections::HashMap<String, String>; 3]> = Default::default();
    }
    let slot = case as usize;
    if let Some(known) = DONE.with(|done| done.borrow()[slot].get(name).cloned()) {
        return known;
    }
    let out = convert(name, case);
    DONE.with(|done| done.borrow_mut()[slot].insert(name.to_owned(), out.clone()));
    out
}

fn convert(name: &str, case: Case) -> String {
    let name = &latin_in_ascii(name);
    let mut words = String::with_capacity(name.len() + 8);
    let mut chars = name.chars().peekable();
    // Leading sign characters carry meaning (`+1`, `-1` are reaction names).
    match chars.peek() {
        Some('+') => {
            words.push_str("plus ");
            chars.next();
        }
        Some('-') => {
            words.push_str("minus ");
            chars.next();
        }
        _ => {}
    }
    for c in chars {
        if c.is_alphanumeric() {
            words.push(c);
        } else {
            words.push(' ');
        }
    }
    let mut out = match case {
        Case::Type => words.to_upper_camel_case(),
        Case::Value => words.to_snake_case(),
        Case::Constant => words.to_shouty_snake_case(),
    };
    // heck keeps non-ASCII letters; identifiers may hold them but we keep
    // the output ASCII so that every user can type it.
    out.retain(|c| c.is_ascii_alphanumeric() || c == '_');
    if out.is_empty() {
        return match case {
            Case::Type => "Empty".to_owned(),
            Case::Value => "empty".to_owned(),
            Case::Constant => "EMPTY".to_owned(),
        };
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(
            0,
            match case {
                Case::Type => 'V',
                Case::Value => 'n',
                Case::Constant => 'N',
            },
        );
    }
    if KEYWORDS.contains(&out.as_str()) {
        if case == Case::Type {
            out.push_str("Value");
        } else {
            out.push('_');
        }
    }
    out
}

/// Latin letters beyond ASCII spelled in ASCII (`ÁKK` -> `AKK`, `Größe`
/// -> `Grosse`), so that no letter is lost and case still applies. Other
/// scripts are left alone (and dropped later): a transliteration of them
/// would guess at a language.
fn latin_in_ascii(name: &str) -> String {
    let latin = |c: char| matches!(c, '\u{c0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}');
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        match deunicode::deunicode_char(c).filter(|_| latin(c)) {
            Some(ascii) => out.push_str(ascii),
            None => out.push(c),
        }
    }
    out
}

/// Picks names that are unique within one scope (the fields of a struct,
/// the variants of an enum, the methods of the client).
///
/// Two API names that sanitize to the same identifier (`self-harm` and
/// `self_harm`) are told apart by a numeric suffix on the later one, in the
/// order the API lists them, so the result is deterministic.
#[derive(Debug, Default)]
pub struct Scope {
    taken: std::collections::BTreeSet<String>,
}

impl Scope {
    pub fn new() -> Self {
        Self::default()
    }

    /// Reserves `name` (sanitized for `case`) and returns the identifier.
    pub fn claim(&mut self, name: &str, case: Case) -> String {
        let base = sanitize(name, case);
        self.claim_exact(&base, case)
    }

    /// Reserves an already sanitized identifier, suffixing it when taken.
    pub fn claim_exact(&mut self, base: &str, case: Case) -> String {
        if self.taken.insert(base.to_owned()) {
            return base.to_owned();
        }
        let sep = if case == Case::Type { "" } else { "_" };
        let mut n = 2u32;
        loop {
            let candidate = format!("{base}{sep}{n}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }

    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

/// The name of a type inside another: the outer name, then the inner one
/// without the words it repeats where they meet (`PartImage` + `ImageUrl`
/// -> `PartImageUrl`, not `PartImageImageUrl`). Both are `UpperCamelCase`.
pub fn nested_name(outer: &str, inner: &str) -> String {
    let outer_words = camel_words(outer);
    let inner_words = camel_words(inner);
    let overlap = (1..=outer_words.len().min(inner_words.len().saturating_sub(1)))
        .rev()
        .find(|n| outer_words[outer_words.len() - n..] == inner_words[..*n])
        .unwrap_or(0);
    format!("{outer}{}", inner_words[overlap..].concat())
}

/// The words of an `UpperCamelCase` name: each starts at an upper-case
/// letter; digits and lower-case letters stay with the word before them.
pub fn camel_words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in name.chars() {
        match out.last_mut() {
            Some(word) if !c.is_ascii_uppercase() => word.push(c),
            _ => out.push(c.to_string()),
        }
    }
    out
}

/// A rough English singular, used to name the items of an array property
/// (`choices` -> `Choice`, `categories` -> `Category`). Names that do not
/// look plural get `Item` appended instead.
pub fn singular(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    if lower.len() > 3 && lower.ends_with("ies") {
        format!("{}y", &name[..name.len() - 3])
    } else if lower.len() > 1 && lower.ends_with('s') && !lower.ends_with("ss") && !lower.ends_with("us") {
        name[..name.len() - 1].to_owned()
    } else {
        format!("{name}Item")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_table() {
        let table: &[(&str, &str, &str)] = &[
            // (api name, as a type, as a value)
            ("type", "Type", "type_"),
            ("self", "SelfValue", "self_"),
            ("Self", "SelfValue", "self_"),
            ("crate", "Crate", "crate_"),
            ("async", "Async", "async_"),
            ("256x256", "V256x256", "n256x256"),
            ("1024x1024", "V1024x1024", "n1024x1024"),
            ("+1", "Plus1", "plus_1"),
            ("-1", "Minus1", "minus_1"),
            ("@type", "Type", "type_"),
            ("a.b-c", "ABC", "a_b_c"),
            ("hate/threatening", "HateThreatening", "hate_threatening"),
            ("self-harm", "SelfHarm", "self_harm"),
            ("sexual/minors", "SexualMinors", "sexual_minors"),
            ("b64_json", "B64Json", "b64_json"),
            ("verbose_json", "VerboseJson", "verbose_json"),
            ("OpenAI-Organization", "OpenAiOrganization", "open_ai_organization"),
            ("createChatCompletion", "CreateChatCompletion", "create_chat_completion"),
            ("listFineTuneEvents", "ListFineTuneEvents", "list_fine_tune_events"),
            ("fine_tune_id", "FineTuneId", "fine_tune_id"),
            ("", "Empty", "empty"),
            // Spelled in ASCII, not dropped: billingo.hu's VAT code `ÁKK`
            // was the variant `kk`, which clippy rejects.
            ("ÁKK", "Akk", "akk"),
            ("Größe", "Grosse", "grosse"),
            ("---", "Minus", "minus"),
            ("...", "Empty", "empty"),
            ("日本", "Empty", "empty"),
            ("Option", "Option", "option"),
            ("Result", "Result", "result"),
        ];
        for (input, ty, value) in table {
            assert_eq!(sanitize(input, Case::Type), *ty, "type name of {input:?}");
            assert_eq!(sanitize(input, Case::Value), *value, "value name of {input:?}");
        }
    }

    #[test]
    fn constants_are_shouty() {
        for (input, constant) in [
            ("organization", "ORGANIZATION"),
            ("api key", "API_KEY"),
            ("OpenAI-Organization", "OPEN_AI_ORGANIZATION"),
            ("1x", "N1X"),
            ("", "EMPTY"),
        ] {
            assert_eq!(sanitize(input, Case::Constant), constant, "{input:?}");
        }
    }

    #[test]
    fn every_sanitized_name_parses_as_an_identifier() {
        for input in ["type", "self", "Self", "256x256", "+1", "a.b-c", "", "match", "fn"] {
            for case in [Case::Type, Case::Value] {
                let name = sanitize(input, case);
                assert!(syn::parse_str::<syn::Ident>(&name).is_ok(), "{name:?} (from {input:?}) is not an identifier");
            }
        }
    }

    #[test]
    fn scope_separates_names_equal_after_sanitizing() {
        let mut scope = Scope::new();
        assert_eq!(scope.claim("self-harm", Case::Value), "self_harm");
        assert_eq!(scope.claim("self_harm", Case::Value), "self_harm_2");
        assert_eq!(scope.claim("Self Harm", Case::Value), "self_harm_3");
        let mut types = Scope::new();
        assert_eq!(types.claim("foo_bar", Case::Type), "FooBar");
        assert_eq!(types.claim("FooBar", Case::Type), "FooBar2");
    }

    #[test]
    fn nested_names_do_not_repeat_the_words_where_they_meet() {
        assert_eq!(
            nested_name("ChatCompletionRequestMessageContentPartImage", "ImageUrl"),
            "ChatCompletionRequestMessageContentPartImageUrl"
        );
        assert_eq!(nested_name("ResponseFormat", "FormatJsonSchema"), "ResponseFormatJsonSchema");
        assert_eq!(nested_name("CreateChatCompletionRequest", "Messages"), "CreateChatCompletionRequestMessages");
        // An inner name the outer one ends with whole keeps its last word.
        assert_eq!(nested_name("ImageUrl", "Url"), "ImageUrlUrl");
        assert_eq!(nested_name("Foo", "Foo"), "FooFoo");
        assert_eq!(nested_name("PartImage", "ImageUrl"), "PartImageUrl");
        assert_eq!(nested_name("Image", "ImageUrl"), "ImageUrl");
    }

    #[test]
    fn singular_table() {
        assert_eq!(singular("choices"), "choice");
        assert_eq!(singular("categories"), "category");
        assert_eq!(singular("results"), "result");
        assert_eq!(singular("data"), "dataItem");
        assert_eq!(singular("status"), "statusItem");
        assert_eq!(singular("class"), "classItem");
    }
}
