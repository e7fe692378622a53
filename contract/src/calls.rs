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
    CreateCompletionRequest {
        prompt: Some(Prompt::StringArray(vec!["Say this is a test".into(), "Say it twice".into()])),
        suffix: Some(" That was the test.".into()),
        max_tokens: Some(16),
        temperature: Some(0.7),
        top_p: Some(1.0),
        n: Some(2),
        stream: Some(false),
        logprobs: Some(2),
        echo: Some(false),
        stop: Some(Stop::StringArray(vec!["\n".into(), "END".into()])),
        presence_penalty: Some(0.5),
        frequency_penalty: Some(-0.5),
        best_of: Some(3),
        logit_bias: Some(BTreeMap::from([("50256".to_owned(), -100)])),
        user: Some("user-1234".into()),
        ..CreateCompletionRequest::new(MODEL_ID)
    }
}

fn chat_request() -> CreateChatCompletionRequest {
    use ChatCompletionRequestMessageRole::{Assistant, System, User};
    let messages = vec![
        ChatCompletionRequestMessage::new(System, "You are a helpful assistant."),
        ChatCompletionRequestMessage {
            name: Some("alice".into()),
            ..ChatCompletionRequestMessage::new(User, "Hello!")
        },
        ChatCompletionRequestMessage::new(Assistant, "Hello there, how may I assist you today?"),
        ChatCompletionRequestMessage::new(User, "Say this is a test."),
    ];
    CreateChatCompletionRequest {
        temperature: Some(0.7),
        top_p: Some(0.9),
        n: Some(2),
        stream: Some(false),
        stop: Some(Stop::String("\n".into())),
        max_tokens: Some(64),
        presence_penalty: Some(0.5),
        frequency_penalty: Some(0.5),
        logit_bias: Some(BTreeMap::from([("50256".to_owned(), -100)])),
        user: Some("user-1234".into()),
        ..CreateChatCompletionRequest::new("gpt-3.5-turbo", messages)
    }
}

fn edit_request() -> CreateEditRequest {
    CreateEditRequest {
        input: Some("What day of the wek is it?".into()),
        n: Some(2),
        temperature: Some(0.5),
        top_p: Some(1.0),
        ..CreateEditRequest::new("text-davinci-edit-001", "Fix the spelling mistakes")
    }
}

fn image_request() -> CreateImageRequest {
    CreateImageRequest {
        n: Some(2),
        size: Some(ImageSize::V512x512),
        response_format: Some(ImageResponseFormat::B64Json),
        user: Some("user-1234".into()),
        ..CreateImageRequest::new("A cute baby sea otter")
    }
}

fn image_edit_request() -> CreateImageEditRequest {
    CreateImageEditRequest {
        mask: Some(png("mask.png")),
        n: Some(1),
        size: Some(ImageSize::V256x256),
        response_format: Some(ImageResponseFormat::Url),
        user: Some("user-1234".into()),
        ..CreateImageEditRequest::new(png("otter.png"), "A cute baby sea otter wearing a beret")
    }
}

fn image_variation_request() -> CreateImageVariationRequest {
    CreateImageVariationRequest {
        n: Some(2),
        size: Some(ImageSize::V1024x1024),
        response_format: Some(ImageResponseFormat::Url),
        user: Some("user-1234".into()),
        ..CreateImageVariationRequest::new(png("otter.png"))
    }
}

fn embedding_request() -> CreateEmbeddingRequest {
    CreateEmbeddingRequest {
        user: Some("user-1234".into()),
        ..CreateEmbeddingRequest::new(
            "text-embedding-ada-002",
            EmbeddingInput::StringArray(vec!["The food was delicious".into(), "and the waiter...".into()]),
        )
    }
}

fn transcription_request() -> CreateTranscriptionRequest {
    CreateTranscriptionRequest {
        prompt: Some("A talk about otters.".into()),
        response_format: Some(AudioResponseFormat::Json),
        temperature: Some(0.2),
        language: Some("en".into()),
        ..CreateTranscriptionRequest::new(audio(), "whisper-1")
    }
}

fn translation_request() -> CreateTranslationRequest {
    CreateTranslationRequest {
        prompt: Some("A talk about otters.".into()),
        response_format: Some(AudioResponseFormat::Json),
        temperature: Some(0.2),
        ..CreateTranslationRequest::new(audio(), "whisper-1")
    }
}

fn fine_tune_request() -> CreateFineTuneRequest {
    CreateFineTuneRequest {
        validation_file: Some("file-validation".into()),
        model: Some("curie".into()),
        n_epochs: Some(4),
        batch_size: Some(8),
        learning_rate_multiplier: Some(0.1),
        prompt_loss_weight: Some(0.01),
        compute_classification_metrics: Some(true),
        classification_n_classes: Some(2),
        classification_positive_class: Some(" yes".into()),
        classification_betas: Some(vec![0.5, 1.0, 2.0]),
        suffix: Some("custom-model-name".into()),
        ..CreateFineTuneRequest::new(FILE_ID)
    }
}

fn moderation_request() -> CreateModerationRequest {
    CreateModerationRequest {
        model: Some("text-moderation-stable".into()),
        ..CreateModerationRequest::new(ModerationInput::StringArray(vec!["I want to hug them.".into()]))
    }
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
    let too_many_completions = CreateCompletionRequest { n: Some(500), ..completion_request() };
    let no_messages = CreateChatCompletionRequest { messages: Vec::new(), ..chat_request() };
    let too_many_images = CreateImageEditRequest { n: Some(50), ..image_edit_request() };
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
