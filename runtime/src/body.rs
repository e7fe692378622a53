//! What goes into and comes out of a call besides JSON: files to upload,
//! answers that may be JSON or text, and answers with their headers.

use super::interface::BuildError;
use super::Correction;
use std::fmt;

/// A file to upload: its name, where its bytes come from and, optionally,
/// its media type.
///
/// A file from a path is opened when the request is sent and streamed from
/// disk, so a large upload is never held in memory.
#[derive(Clone, PartialEq)]
pub struct InputFile {
    file_name: String,
    source: FileSource,
    content_type: Option<String>,
}

#[derive(Clone, PartialEq)]
enum FileSource {
    Bytes(bytes::Bytes),
    Path(std::path::PathBuf),
}

/// Shows the name, the size or path, and the media type; never the content.
impl fmt::Debug for InputFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("InputFile");
        d.field("file_name", &self.file_name);
        match &self.source {
            FileSource::Bytes(bytes) => d.field("bytes", &bytes.len()),
            FileSource::Path(path) => d.field("path", path),
        };
        d.field("content_type", &self.content_type).finish()
    }
}

impl InputFile {
    /// A file from bytes in memory, sent under `file_name`.
    pub fn from_bytes(file_name: impl Into<String>, bytes: impl Into<bytes::Bytes>) -> Self {
        InputFile { file_name: file_name.into(), source: FileSource::Bytes(bytes.into()), content_type: None }
    }

    /// A file on disk, sent under its own file name.
    pub fn from_path(path: impl Into<std::path::PathBuf>) -> Self {
        let path = path.into();
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "file".to_owned());
        InputFile { file_name, source: FileSource::Path(path), content_type: None }
    }

    /// Sends the file under another name.
    pub fn with_file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = file_name.into();
        self
    }

    /// Sets the media type instead of guessing it from the file name.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The name the file is sent under.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// The media type sent: the one given, or one guessed from the file
    /// name's extension, or `application/octet-stream`.
    pub fn content_type(&self) -> String {
        match &self.content_type {
            Some(ct) => ct.clone(),
            None => mime_guess::from_path(&self.file_name).first_raw().unwrap_or("application/octet-stream").to_owned(),
        }
    }

    /// The file's bytes as a request body (the file is opened here, and
    /// streamed from disk).
    pub(super) async fn to_body(&self) -> Result<reqwest::Body, BuildError> {
        Ok(match &self.source {
            FileSource::Bytes(bytes) => reqwest::Body::from(bytes.clone()),
            FileSource::Path(path) => reqwest::Body::from(tokio::fs::File::open(path).await.map_err(BuildError::Io)?),
        })
    }

    /// The multipart part for this file (the file is opened here). Called
    /// by generated code when it builds a form; not for applications.
    #[doc(hidden)]
    pub async fn to_part(&self) -> Result<reqwest::multipart::Part, BuildError> {
        let part = match &self.source {
            FileSource::Bytes(bytes) => {
                let len = bytes.len() as u64;
                reqwest::multipart::Part::stream_with_length(reqwest::Body::from(bytes.clone()), len)
            }
            FileSource::Path(path) => {
                let file = tokio::fs::File::open(path).await.map_err(BuildError::Io)?;
                let len = file.metadata().await.map_err(BuildError::Io)?.len();
                reqwest::multipart::Part::stream_with_length(reqwest::Body::from(file), len)
            }
        };
        part.file_name(self.file_name.clone())
            .mime_str(&self.content_type())
            .map_err(|e| BuildError::Invalid(format!("`{}` is not a media type: {e}", self.content_type())))
    }
}

/// A success answer that is JSON or plain text, depending on what the
/// caller asked for (for example an operation with a format parameter
/// whose JSON formats give [`JsonOrText::Json`] and whose text formats give
/// [`JsonOrText::Text`]). Told apart by the response's `Content-Type`.
#[derive(Debug, Clone, PartialEq)]
pub enum JsonOrText<T> {
    /// A JSON answer.
    Json(T),
    /// A text answer, as received.
    Text(String),
}

impl<T> JsonOrText<T> {
    /// The JSON value, if the answer was JSON.
    pub fn json(self) -> Option<T> {
        match self {
            JsonOrText::Json(t) => Some(t),
            JsonOrText::Text(_) => None,
        }
    }

    /// The text, if the answer was text.
    pub fn text(&self) -> Option<&str> {
        match self {
            JsonOrText::Json(_) => None,
            JsonOrText::Text(t) => Some(t),
        }
    }
}

/// A typed answer with the status and headers it came with (from the
/// `*_with_response` methods).
#[derive(Debug, Clone)]
pub struct Response<T> {
    /// The HTTP status code.
    pub status: u16,
    /// The response headers: `x-request-id`, rate limits, ...
    pub headers: reqwest::header::HeaderMap,
    /// The decoded body.
    pub body: T,
    /// How many times the request was sent (1 when it was not retried): a
    /// call that is not idempotent may have been carried out that often.
    pub attempts: u32,
    /// What the client filled in to read the body: fields the answer left
    /// out, or sent as `null`, although its document requires them (empty
    /// when the answer was as documented). See [`Correction`].
    pub corrections: Vec<Correction>,
}

impl<T> Response<T> {
    /// The body, without the status and headers.
    pub fn into_body(self) -> T {
        self.body
    }

    /// A header's value, when it is present and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The `x-request-id` header, to quote in a support request.
    pub fn request_id(&self) -> Option<&str> {
        super::request_id_in(&self.headers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_file_debug_shows_the_size_not_the_content() {
        let file = InputFile::from_bytes("otter.png", vec![7u8; 1000]);
        let text = format!("{file:?}");
        assert!(text.contains("otter.png") && text.contains("1000"), "{text}");
        assert!(!text.contains("7, 7"), "{text}");
        let on_disk = format!("{:?}", InputFile::from_path("/tmp/mask.png"));
        assert!(on_disk.contains("/tmp/mask.png") && on_disk.contains("mask.png"), "{on_disk}");
    }

    #[test]
    fn content_type_is_given_guessed_or_octet_stream() {
        assert_eq!(InputFile::from_bytes("a.png", vec![]).content_type(), "image/png");
        assert_eq!(InputFile::from_bytes("noext", vec![]).content_type(), "application/octet-stream");
        assert_eq!(InputFile::from_bytes("a.png", vec![]).with_content_type("x/y").content_type(), "x/y");
    }

    #[tokio::test]
    async fn parts_are_built_or_refused_with_a_build_error() {
        let part = InputFile::from_bytes("a.txt", b"hello".to_vec()).to_part().await;
        assert!(part.is_ok(), "{:?}", part.err());
        let bad = InputFile::from_bytes("a.txt", vec![]).with_content_type("not a type").to_part().await;
        assert!(
            matches!(&bad, Err(BuildError::Invalid(m)) if m.starts_with("`not a type` is not a media type")),
            "{:?}",
            bad.err()
        );
        let missing = InputFile::from_path("/nonexistent/openapi-runtime-test/file.bin").to_part().await;
        assert!(
            matches!(&missing, Err(BuildError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound),
            "{:?}",
            missing.err()
        );
    }
}
