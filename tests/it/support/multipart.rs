//! Multipart bodies as a server receives them.

use bytes::Bytes;

/// One part of a multipart body, as received.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub name: String,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub data: Bytes,
}

impl Part {
    /// A text field: no file name, no content type.
    pub fn text(name: &str, value: &str) -> Self {
        Part { name: name.to_owned(), file_name: None, content_type: None, data: Bytes::from(value.to_owned()) }
    }

    /// A file field.
    pub fn file(name: &str, file_name: &str, content_type: &str, data: impl Into<Bytes>) -> Self {
        Part {
            name: name.to_owned(),
            file_name: Some(file_name.to_owned()),
            content_type: Some(content_type.to_owned()),
            data: data.into(),
        }
    }
}

/// The parts of a multipart body whose content type is `content_type`.
pub async fn parse_multipart(content_type: &str, body: Vec<u8>) -> Vec<Part> {
    let boundary = multer::parse_boundary(content_type).expect("a multipart boundary");
    let stream = futures_util::stream::once(async move { Ok::<_, std::convert::Infallible>(Bytes::from(body)) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut parts = Vec::new();
    while let Some(field) = multipart.next_field().await.expect("a well-formed multipart body") {
        let name = field.name().expect("every part has a name").to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(ToString::to_string);
        let data = field.bytes().await.expect("the part's bytes");
        parts.push(Part { name, file_name, content_type, data });
        assert!(parts.len() <= 20, "too many parts");
    }
    parts
}
