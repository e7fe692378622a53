//! Values built the way users build them (constructors, setters, `From`
//! conversions derived from the document's shapes) and what they send;
//! constants filled in, and a tagged union saying its tag.

use openai_client::types::{
    ChatCompletionRequestMessage, ChatCompletionRequestMessageRole, CreateChatCompletionRequest,
    CreateCompletionRequest, CreateEmbeddingRequest, CreateModerationRequest, EmbeddingInput,
};
use pet_store_client::types::{FeedEvent, Kind, Pet, PetArrived};
use serde_json::json;

/// The JSON a value is sent as.
macro_rules! sent {
    ($value:expr) => {
        serde_json::to_value($value).expect("the value is JSON")
    };
}

#[test]
fn setters_set_only_what_they_name() {
    let message = ChatCompletionRequestMessage::new(ChatCompletionRequestMessageRole::User, "Hi").name("ann");
    let request = CreateChatCompletionRequest::new("gpt-3.5-turbo", [message]).temperature(0.5).stop(["\n", "END"]);
    assert_eq!(
        sent!(&request),
        json!({
            "model": "gpt-3.5-turbo",
            "messages": [{"role": "user", "content": "Hi", "name": "ann"}],
            "temperature": 0.5,
            "stop": ["\n", "END"]
        })
    );
    let completion = CreateCompletionRequest::new("m").prompt(vec!["a".to_owned(), "b".to_owned()]).max_tokens(5);
    assert_eq!(sent!(&completion), json!({"model": "m", "prompt": ["a", "b"], "max_tokens": 5}));
}

#[test]
fn a_struct_of_one_chosen_value_converts_from_it_and_from_what_it_converts_from() {
    // `input` is a union of text, texts and token lists; `&str` goes
    // through it.
    assert_eq!(sent!(&CreateModerationRequest::from("I want to hug them.")), json!({"input": "I want to hug them."}));
    let texts = vec!["first".to_owned(), "second".to_owned()];
    assert_eq!(sent!(&EmbeddingInput::from(&texts)), json!(["first", "second"]));
    assert_eq!(sent!(&EmbeddingInput::from(texts.as_slice())), json!(["first", "second"]));
    let embedding = CreateEmbeddingRequest::new("text-embedding-ada-002", &texts);
    assert_eq!(sent!(&embedding), json!({"model": "text-embedding-ada-002", "input": ["first", "second"]}));
}

#[test]
fn constants_are_filled_in_and_a_tagged_union_says_its_tag() {
    let pet = Pet::new(1, "Tom").kind(Kind::Cat);
    let arrived = PetArrived::new(pet);
    assert_eq!(arrived.type_, "pet.arrived", "the one value the schema allows");
    let event = FeedEvent::from(arrived);
    assert_eq!(event.tag(), "pet.arrived");
    assert_eq!(sent!(&event), json!({"type": "pet.arrived", "pet": {"id": 1, "name": "Tom", "kind": "cat"}}));
    let later: FeedEvent =
        serde_json::from_value(json!({"type": "pet.renamed", "id": 1})).expect("a kind of event added later reads");
    assert_eq!(later.tag(), "pet.renamed");
}
