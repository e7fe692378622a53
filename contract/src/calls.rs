//! One full request to every operation, through `openai-client`: most
//! optional fields set, files sent as multipart parts with their media
//! types. What each answer parsed into is summed up in a line, so a run
//! shows what was read, not only that something was.

use openai_client::types::*;
use openai_client::{Client, Error, InputFile, JsonOrText};
use std::collections::BTreeMap;
use std::future::Future;

/// What became of one call.
pub struct Outcome {
    pub operation: &'static str,
    pub result: Result<String, Failure>,
}

/// Why a call counts against the contract.
pub enum Failure {
    /// The server refused the request (a mock checking requests answers
    /// 422 with its reasons).
    Refused { status: u16, body: String },
    /// The server answered 2xx and the answer did not parse.
    Unparsed { message: String, body: String },
    /// Anything else: no answer, an unexpected error.
    Other(String),
}

const MODEL_ID: &str = "text-davinci-003";
const FILE_ID: &str = "file-XjGxS3KTG0uNmNOK362iJua3";
const FINE_TUNE_ID: &str = "ft-AF1WoRqd3aJAHsqc9NY7iL8F";

/// Calls every operation of the API once, in the order of the reference.
pub async fn call_every_operation(client: &Client) -> Vec<Outcome> {
    let mut outcomes = Vec::new();
    outcomes.push(
        record("listModels", async {
            let models = client.list_models().await?;
            Ok(format!("{} models", models.data.len()))
        })
        .await,
    );
    outcomes.push(record("retrieveModel", async { Ok(client.retrieve_model(MODEL_ID).await?.id) }).await);
    outcomes.push(
        record("deleteModel", async {
            let deleted = client.delete_model("curie:ft-acmeco-2021-03-03-21-44-20").await?;
            Ok(format!("{} deleted: {}", deleted.id, deleted.deleted))
        })
        .await,
    );
    outcomes.push(
        record("createCompletion", async {
            let completion = client.create_completion(&completion_request()).await?;
            Ok(format!("{} choices", completion.choices.len()))
        })
        .await,
    );
    outcomes.push(
        record("createChatCompletion", async {
            let chat = client.create_chat_completion(&chat_request()).await?;
            Ok(format!("{} choices, usage given: {}", chat.choices.len(), chat.usage.is_some()))
        })
        .await,
    );
    outcomes.push(
        record("createEdit", async {
            let edit = client.create_edit(&edit_request()).await?;
            Ok(format!("{} choices", edit.choices.len()))
        })
        .await,
    );
    outcomes.push(
        record("createImage", async {
            let images = client.create_image(&image_request()).await?;
            Ok(format!("{} images", images.data.len()))
        })
        .await,
    );
    outcomes.push(
        record("createImageEdit", async {
            let images = client.create_image_edit(&image_edit_request()).await?;
            Ok(format!("{} images", images.data.len()))
        })
        .await,
    );
    outcomes.push(
        record("createImageVariation", async {
            let images = client.create_image_variation(&image_variation_request()).await?;
            Ok(format!("{} images", images.data.len()))
        })
        .await,
    );
    outcomes.push(
        record("createEmbedding", async {
            let embeddings = client.create_embedding(&embedding_request()).await?;
            Ok(format!("{} embeddings", embeddings.data.len()))
        })
        .await,
    );
    outcomes.push(
        record("createTranscription", async {
            Ok(transcript(client.create_transcription(&transcription_request()).await?))
        })
        .await,
    );
    outcomes.push(
        record("createTranslation", async { Ok(transcript(client.create_translation(&translation_request()).await?)) })
            .await,
    );
    outcomes.push(record("listFiles", async { Ok(format!("{} files", client.list_files().await?.data.len())) }).await);
    outcomes.push(
        record("createFile", async {
            let request = CreateFileRequest::new(training_file(), "fine-tune");
            Ok(client.create_file(&request).await?.id)
        })
        .await,
    );
    outcomes.push(record("retrieveFile", async { Ok(client.retrieve_file(FILE_ID).await?.id) }).await);
    outcomes.push(
        record("deleteFile", async {
            let deleted = client.delete_file(FILE_ID).await?;
            Ok(format!("{} deleted: {}", deleted.id, deleted.deleted))
        })
        .await,
    );
    outcomes.push(
        record("downloadFile", async { Ok(format!("{} bytes", client.download_file(FILE_ID).await?.len())) }).await,
    );
    outcomes.push(
        record("listFineTunes", async { Ok(format!("{} fine-tunes", client.list_fine_tunes().await?.data.len())) })
            .await,
    );
    outcomes
        .push(record("createFineTune", async { Ok(client.create_fine_tune(&fine_tune_request()).await?.id) }).await);
    outcomes.push(record("retrieveFineTune", async { Ok(client.retrieve_fine_tune(FINE_TUNE_ID).await?.id) }).await);
    outcomes.push(record("cancelFineTune", async { Ok(client.cancel_fine_tune(FINE_TUNE_ID).await?.status) }).await);
    outcomes.push(
        record("listFineTuneEvents", async {
            Ok(format!("{} events", client.list_fine_tune_events(FINE_TUNE_ID).await?.data.len()))
        })
        .await,
    );
    outcomes.push(
        record("createModeration", async {
            let moderation = client.create_moderation(&moderation_request()).await?;
            Ok(format!("{} results", moderation.results.len()))
        })
        .await,
    );
    outcomes
}

/// Turns a call's result into an outcome. The futures are awaited one at
/// a time, so the server sees the calls in order.
async fn record(operation: &'static str, call: impl Future<Output = Result<String, Error>>) -> Outcome {
    Outcome { operation, result: call.await.map_err(failure) }
}

fn failure(error: Error) -> Failure {
    match error {
        Error::Api(e) => Failure::Refused { status: e.status, body: e.raw },
        Error::Decode(e) => Failure::Unparsed { message: e.message, body: e.body },
        other => Failure::Other(other.to_string()),
    }
}

fn transcript<T: std::fmt::Debug>(answer: JsonOrText<T>) -> String {
    match answer {
        JsonOrText::Json(json) => format!("JSON: {json:?}"),
        JsonOrText::Text(text) => format!("text of {} bytes", text.len()),
    }
}

fn completion_request() -> CreateCompletionRequest {
    CreateCompletionRequest::new(MODEL_ID)
        .prompt(["Say this is a test", "Say it twice"])
        .suffix(" That was the test.")
        .max_tokens(16)
        .temperature(0.7)
        .top_p(1.0)
        .n(2)
        .stream(false)
        .logprobs(2)
        .echo(false)
        .stop(["\n", "END"])
        .presence_penalty(0.5)
        .frequency_penalty(-0.5)
        .best_of(3)
        .logit_bias(BTreeMap::from([("50256".to_owned(), -100)]))
        .user("user-1234")
}

fn chat_request() -> CreateChatCompletionRequest {
    use ChatCompletionRequestMessageRole::{Assistant, System, User};
    let messages = vec![
        ChatCompletionRequestMessage::new(System, "You are a helpful assistant."),
        ChatCompletionRequestMessage::new(User, "Hello!").name("alice"),
        ChatCompletionRequestMessage::new(Assistant, "Hello there, how may I assist you today?"),
        ChatCompletionRequestMessage::new(User, "Say this is a test."),
    ];
    CreateChatCompletionRequest::new("gpt-3.5-turbo", messages)
        .temperature(0.7)
        .top_p(0.9)
        .n(2)
        .stream(false)
        .stop("\n")
        .max_tokens(64)
        .presence_penalty(0.5)
        .frequency_penalty(0.5)
        .logit_bias(BTreeMap::from([("50256".to_owned(), -100)]))
        .user("user-1234")
}

fn edit_request() -> CreateEditRequest {
    CreateEditRequest::new("text-davinci-edit-001", "Fix the spelling mistakes")
        .input("What day of the wek is it?")
        .n(2)
        .temperature(0.5)
        .top_p(1.0)
}

fn image_request() -> CreateImageRequest {
    CreateImageRequest::new("A cute baby sea otter")
        .n(2)
        .size(ImageSize::V512x512)
        .response_format(ImageResponseFormat::B64Json)
        .user("user-1234")
}

fn image_edit_request() -> CreateImageEditRequest {
    CreateImageEditRequest::new(png("otter.png"), "A cute baby sea otter wearing a beret")
        .mask(png("mask.png"))
        .n(1)
        .size(ImageSize::V256x256)
        .response_format(ImageResponseFormat::Url)
        .user("user-1234")
}

fn image_variation_request() -> CreateImageVariationRequest {
    CreateImageVariationRequest::new(png("otter.png"))
        .n(2)
        .size(ImageSize::V1024x1024)
        .response_format(ImageResponseFormat::Url)
        .user("user-1234")
}

fn embedding_request() -> CreateEmbeddingRequest {
    CreateEmbeddingRequest::new(
        "text-embedding-ada-002",
        EmbeddingInput::StringArray(vec!["The food was delicious".into(), "and the waiter...".into()]),
    )
    .user("user-1234")
}

fn transcription_request() -> CreateTranscriptionRequest {
    CreateTranscriptionRequest::new(audio(), "whisper-1")
        .prompt("A talk about otters.")
        .response_format(AudioResponseFormat::Json)
        .temperature(0.2)
        .language("en")
}

fn translation_request() -> CreateTranslationRequest {
    CreateTranslationRequest::new(audio(), "whisper-1")
        .prompt("A talk about otters.")
        .response_format(AudioResponseFormat::Json)
        .temperature(0.2)
}

fn fine_tune_request() -> CreateFineTuneRequest {
    CreateFineTuneRequest::new(FILE_ID)
        .validation_file("file-validation")
        .model("curie")
        .n_epochs(4)
        .batch_size(8)
        .learning_rate_multiplier(0.1)
        .prompt_loss_weight(0.01)
        .compute_classification_metrics(true)
        .classification_n_classes(2)
        .classification_positive_class(" yes")
        .classification_betas(vec![0.5, 1.0, 2.0])
        .suffix("custom-model-name")
}

fn moderation_request() -> CreateModerationRequest {
    CreateModerationRequest::new(ModerationInput::StringArray(vec!["I want to hug them.".into()]))
        .model("text-moderation-stable")
}

/// The smallest valid PNG: one transparent pixel.
fn png(name: &str) -> InputFile {
    const ONE_PIXEL: [u8; 67] = [
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
        0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00,
        0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d,
        0xb4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    ];
    InputFile::from_bytes(name, ONE_PIXEL.to_vec()).with_content_type("image/png")
}

/// An MPEG audio frame header followed by silence: enough to be sent as
/// an audio file.
fn audio() -> InputFile {
    let mut bytes = vec![0xff, 0xfb, 0x90, 0x64];
    bytes.resize(417, 0);
    InputFile::from_bytes("talk.mp3", bytes).with_content_type("audio/mpeg")
}

fn training_file() -> InputFile {
    let lines = "{\"prompt\": \"Otters are\", \"completion\": \" playful.\"}\n";
    InputFile::from_bytes("training.jsonl", lines.as_bytes().to_vec()).with_content_type("application/jsonl")
}

/// Requests the official document forbids, one per kind of body: a mock
/// that checks requests must refuse each (422). They prove that the
/// accepted requests above were checked at all.
pub async fn call_with_broken_requests(client: &Client) -> Vec<Outcome> {
    let too_many_completions = completion_request().n(500);
    let mut no_messages = chat_request();
    no_messages.messages.clear();
    let too_many_images = image_edit_request().n(50);
    vec![
        refused("createCompletion with n = 500", client.create_completion(&too_many_completions).await),
        refused("createChatCompletion without messages", client.create_chat_completion(&no_messages).await),
        refused("createImageEdit with n = 50", client.create_image_edit(&too_many_images).await),
    ]
}

fn refused<T>(operation: &'static str, result: Result<T, Error>) -> Outcome {
    let result = match result {
        Err(Error::Api(e)) if e.status == 422 => Ok(format!("refused: {}", e.raw)),
        Err(other) => Err(failure(other)),
        Ok(_) => Err(Failure::Other("accepted: the server does not check requests".to_owned())),
    };
    Outcome { operation, result }
}
