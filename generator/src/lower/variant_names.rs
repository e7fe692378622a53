//! The names of a union's variants, from what the document says of each
//! alternative, most telling first: its one tag value (`role: user` ->
//! `User`), its title, the component it refers to, or its shape (`String`,
//! `StringArray`). A name does not repeat its union's: the words it shares
//! with the start and the end of the union's name are dropped
//! (`ChatCompletionRequestMessage::Developer`, not
//! `::ChatCompletionRequestDeveloperMessage`). Each name depends only on its
//! union and its own alternative, so adding an alternative renames none of
//! the others.

use crate::names::{camel_words as words, sanitize, Case};

/// The variant name for an alternative whose own name (tag value, title,
/// component or shape) is `own`, in the union named `union`: `own` without
/// the words it shares with the union's name at either end, when
/// something that can start a name is left.
pub(super) fn variant_name(union: &str, own: &str) -> String {
    let own = sanitize(own, Case::Type);
    let union_words = words(union);
    let own_words = words(&own);
    let prefix = union_words.iter().zip(&own_words).take_while(|(a, b)| a == b).count();
    let rest = &own_words[prefix..];
    let suffix = union_words.iter().rev().zip(rest.iter().rev()).take_while(|(a, b)| a == b).count();
    let kept = &rest[..rest.len() - suffix];
    match kept.first() {
        Some(first) if first.starts_with(|c: char| c.is_ascii_alphabetic()) => sanitize(&kept.concat(), Case::Type),
        _ => own,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_drop_the_words_they_share_with_their_union() {
        let table = [
            ("ChatCompletionRequestMessage", "ChatCompletionRequestDeveloperMessage", "Developer"),
            ("ChatCompletionRequestMessage", "user", "User"),
            ("ResponseStreamEvent", "response.output_text.delta", "OutputTextDelta"),
            ("ResponseStreamEvent", "ResponseAudioDeltaEvent", "AudioDelta"),
            ("ResponseStreamEvent", "error", "Error"),
            ("RunStreamEvent", "thread.run.created", "ThreadRunCreated"),
            ("Prompt", "StringArray", "StringArray"),
            // Nothing would be left, or only a number: the name stays whole.
            ("ChatCompletionTool", "ChatCompletionTool", "ChatCompletionTool"),
            ("Size", "Size2", "Size2"),
            ("Voice", "VoiceIdsShared", "IdsShared"),
            ("ImageSize", "256x256", "V256x256"),
        ];
        for (union, own, expected) in table {
            assert_eq!(variant_name(union, own), expected, "{own} in {union}");
        }
    }
}
