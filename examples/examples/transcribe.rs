//! Transcribes an audio file, as plain JSON text or as SRT subtitles.
//!
//! `cargo run -p openai-examples --example transcribe -- speech.mp3 [srt]`

use openai_client::types::{AudioResponseFormat, CreateTranscriptionRequest};
use openai_client::{Client, Error, InputFile, JsonOrText};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or_else(|| Error::Config("usage: transcribe FILE [srt]".to_owned()))?;
    let subtitles = args.next().as_deref() == Some("srt");

    let client = Client::from_env()?;
    // The file is opened when the request is sent and streamed from disk.
    let request = CreateTranscriptionRequest::new(InputFile::from_path(path), "whisper-1");
    let request = if subtitles { request.response_format(AudioResponseFormat::Srt) } else { request };
    match client.create_transcription(&request).await? {
        JsonOrText::Json(transcript) => println!("{}", transcript.text),
        JsonOrText::Text(srt) => print!("{srt}"),
    }
    Ok(())
}
