//! Operations that offer their body in several media types: one method per
//! distinct schema, so nothing the API accepts is out of reach, and one
//! body where the media types share a schema.

use crate::support::root;
use generator::ir::{BodyKind, Operation, StreamFlag};
use generator::{generate, Options, Output};

fn bodies() -> Output {
    let text = std::fs::read_to_string(root().join("tests/fixtures/ok/bodies.yaml")).expect("the fixture");
    let options = Options { spec_label: "bodies.yaml".to_owned(), ..Options::default() };
    generate(&text, &options).unwrap_or_else(|d| panic!("the fixture generates: {d:#?}"))
}

/// Each operation's name, body kind and media type, and plain method.
fn sends(out: &Output) -> Vec<(String, BodyKind, String, String)> {
    let row = |op: &Operation| {
        let body = op.body.as_ref().expect("a body");
        let method = op.methods.first().map(|m| m.name.clone()).unwrap_or_default();
        (op.api_name.clone(), body.kind, body.media_type.clone(), method)
    };
    out.api.operations.iter().map(row).collect()
}

fn row(api: &str, kind: BodyKind, media: &str, method: &str) -> (String, BodyKind, String, String) {
    (api.to_owned(), kind, media.to_owned(), method.to_owned())
}

#[test]
fn each_schema_gets_its_method_and_shared_schemas_one_body() {
    let out = bodies();
    assert_eq!(
        sends(&out),
        [
            // JSON keeps the plain name; multipart, which can upload, gets its own.
            row("createVideo", BodyKind::Json, "application/json", "create_video"),
            row("createVideo multipart", BodyKind::Multipart, "multipart/form-data", "create_video_multipart"),
            // Files travel only in multipart, so it wins over JSON for one schema.
            row("createSkill", BodyKind::Multipart, "multipart/form-data", "create_skill"),
            // The same fields either way: JSON, the preferred.
            row("countTokens", BodyKind::Json, "application/json", "count_tokens"),
            row("createCall", BodyKind::Multipart, "multipart/form-data", "create_call"),
            row("createCall sdp", BodyKind::Raw, "application/sdp", "create_call_sdp"),
            row("putImage", BodyKind::Raw, "image/png", "put_image"),
        ]
    );
    let warnings: Vec<&str> = out.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(warnings, ["the file is sent as `image/png`; image/jpeg not used (a raw body has one content type)"]);
}

#[test]
fn each_body_streams_with_its_own_flag() {
    let out = bodies();
    let flag = |api: &str| {
        let op = out.api.operations.iter().find(|o| o.api_name == api).expect("the operation");
        op.stream.as_ref().and_then(|s| s.flag.clone())
    };
    assert_eq!(flag("createVideo"), Some(StreamFlag::BodyField("stream".to_owned())));
    assert_eq!(flag("createVideo multipart"), Some(StreamFlag::BodyField("stream".to_owned())));
    let client = &out.files.iter().find(|f| f.path.ends_with("client.rs")).expect("client.rs").contents;
    for method in ["create_video_stream", "create_video_multipart_stream"] {
        assert!(client.contains(&format!("pub async fn {method}(")), "{method}");
    }
    assert!(client.contains("Sends a `POST` request to `/videos`, its body as `multipart/form-data`."));
}
