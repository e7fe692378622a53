//! Wire tests of a crate generated from a document that is not OpenAI's
//! (`tests/fixtures/ok/petstore.yaml`, checked in as
//! `tests/petstore-client/`): its key goes in the header its security scheme
//! names, an operation without security sends none, its event streams end
//! when the server closes them (and a union of events is read by its `type`,
//! an unknown one kept), a raw body is the file's bytes, a file answer
//! under `default` is bytes, a union of a file and a list of files sends
//! files, and nothing of OpenAI's policy is in it.

use crate::support::{ok_json, parse_multipart, root, single_request, within, Part};
use pet_store_client::types::{AddToAlbumRequest, FeedEvent, Kind, ListPetsParams, NewPet, PetEventChange, PhotoRef};
use pet_store_client::{Client, Error, InputFile};
use serde_json::json;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "pet-key-0123456789";

fn client(server: &MockServer) -> Client {
    Client::builder().api_key(KEY).base_url(server.uri()).max_retries(0).build().expect("the client builds")
}

fn event_stream(body: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).insert_header("content-type", "text/event-stream").set_body_string(body)
}

fn pet_event(change: &str, id: i64) -> String {
    json!({"change": change, "pet": {"id": id, "name": "Rex", "kind": "dog"}}).to_string()
}

#[tokio::test]
async fn the_key_goes_in_the_header_its_scheme_names_and_nowhere_else() {
    within(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/pets"))
            .and(query_param("limit", "2"))
            .and(header("x-api-key", KEY))
            .respond_with(ok_json(&json!([{"id": 1, "name": "Tom", "kind": "cat"}, {"id": 2, "name": "Rex"}])))
            .expect(1)
            .mount(&server)
            .await;
        let pets = client(&server).list_pets(&ListPetsParams::new().limit(2)).await.expect("the pets");
        assert_eq!(pets.len(), 2);
        assert_eq!((pets[0].id, pets[0].name.as_str(), pets[0].kind.clone()), (1, "Tom", Some(Kind::Cat)));
        assert_eq!(pets[1].kind, None);
        let sent = single_request(&server).await;
        assert!(sent.headers.get("authorization").is_none(), "no bearer token: {:?}", sent.headers);
        assert!(sent.headers.get("cookie").is_none());
        assert_eq!(sent.headers.get_all("x-api-key").iter().count(), 1);
    })
    .await;
}

#[tokio::test]
async fn a_deep_object_map_is_one_query_parameter_per_entry() {
    within(async {
        let server = MockServer::start().await;
        Mock::given(method("GET")).and(path("/pets")).respond_with(ok_json(&json!([]))).expect(1).mount(&server).await;
        let labels = std::collections::BTreeMap::from([
            ("color".to_owned(), "black & white".to_owned()),
            ("size".to_owned(), "small".to_owned()),
        ]);
        let pets = client(&server).list_pets(&ListPetsParams::new().label(labels)).await.expect("the pets");
        assert!(pets.is_empty());
        let sent = single_request(&server).await;
        assert_eq!(sent.url.query(), Some("label%5Bcolor%5D=black+%26+white&label%5Bsize%5D=small"));
    })
    .await;
}

#[tokio::test]
async fn a_body_is_sent_and_its_answer_read() {
    within(async {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/pets"))
            .and(header("x-api-key", KEY))
            .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": 9, "name": "Kit", "kind": "cat"})))
            .expect(1)
            .mount(&server)
            .await;
        let request = NewPet::new("Kit").kind(Kind::Cat);
        let pet = client(&server).add_pet(&request).await.expect("the new pet");
        assert_eq!((pet.id, pet.name.as_str()), (9, "Kit"));
        let sent = single_request(&server).await;
        let body: serde_json::Value = serde_json::from_slice(&sent.body).expect("a JSON body");
        assert_eq!(body, json!({"name": "Kit", "kind": "cat"}));
    })
    .await;
}

#[tokio::test]
async fn an_operation_without_security_sends_no_key() {
    within(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/health"))
            .respond_with(
                ResponseTemplate::new(200).insert_header("content-type", "text/plain").set_body_string("fine"),
            )
            .expect(1)
            .mount(&server)
            .await;
        assert_eq!(client(&server).health().await.expect("the health"), "fine");
        let sent = single_request(&server).await;
        assert!(sent.headers.get("x-api-key").is_none(), "the key was sent: {:?}", sent.headers);
    })
    .await;
}

#[tokio::test]
async fn errors_carry_the_documented_body() {
    within(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/pets/7"))
            .respond_with(ResponseTemplate::new(404).set_body_json(json!({"code": 404, "message": "no such pet"})))
            .mount(&server)
            .await;
        let error = client(&server).get_pet(7).await.expect_err("no such pet");
        let Error::Api(api) = &error else { panic!("expected Error::Api, got {error:?}") };
        assert_eq!(api.status, 404);
        let body = api.body.as_ref().expect("the documented error body");
        assert_eq!((body.code, body.message.as_str()), (404, "no such pet"));
    })
    .await;
}

/// Every item of a stream, up to its end.
async fn read_all(
    stream: &mut pet_store_client::EventStream<pet_store_client::types::PetEvent>,
) -> Vec<Result<pet_store_client::types::PetEvent, Error>> {
    let mut items = Vec::new();
    while let Some(item) = stream.next().await {
        items.push(item);
        assert!(items.len() <= 10, "more items than were sent");
    }
    assert!(stream.next().await.is_none(), "the stream stays ended");
    items
}

#[tokio::test]
async fn a_stream_without_a_sentinel_ends_when_the_server_closes_after_an_event() {
    within(async {
        let server = MockServer::start().await;
        let body = format!(
            "data: {}\n\n: keep-alive\n\nevent: change\ndata: {}\n\n",
            pet_event("added", 1),
            pet_event("removed", 1)
        );
        Mock::given(method("GET"))
            .and(path("/pets/events"))
            .and(header("x-api-key", KEY))
            .and(header("accept", "text/event-stream"))
            .respond_with(event_stream(&body))
            .expect(1)
            .mount(&server)
            .await;
        let mut stream = client(&server).watch_pets_stream().await.expect("the stream starts");
        let items = read_all(&mut stream).await;
        let changes: Vec<Option<PetEventChange>> =
            items.iter().map(|i| i.as_ref().ok().map(|e| e.change.clone())).collect();
        assert_eq!(changes, [Some(PetEventChange::Added), Some(PetEventChange::Removed)]);
    })
    .await;
}

#[tokio::test]
async fn a_stream_closed_inside_an_event_is_truncated() {
    within(async {
        let server = MockServer::start().await;
        let body = format!("data: {}\n\ndata: {{\"change\": \"remo", pet_event("added", 2));
        Mock::given(method("GET")).and(path("/pets/events")).respond_with(event_stream(&body)).mount(&server).await;
        let mut stream = client(&server).watch_pets_stream().await.expect("the stream starts");
        let items = read_all(&mut stream).await;
        assert_eq!(items.len(), 2, "{items:?}");
        assert_eq!(items[0].as_ref().ok().map(|e| e.pet.id), Some(2));
        assert!(matches!(&items[1], Err(Error::StreamTruncated { cause: None, .. })), "{:?}", items[1]);
    })
    .await;
}

#[tokio::test]
async fn from_env_reads_the_key_under_the_apis_own_prefix() {
    within(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/pets"))
            .and(header("x-api-key", "key-from-env"))
            .respond_with(ok_json(&json!([])))
            .expect(1)
            .mount(&server)
            .await;
        assert_eq!(pet_store_client::API_KEY_ENV, "PET_STORE_API_KEY");
        assert_eq!(pet_store_client::BASE_URL_ENV, "PET_STORE_BASE_URL");
        // The only test that touches these variables.
        std::env::set_var(pet_store_client::API_KEY_ENV, "key-from-env");
        std::env::set_var(pet_store_client::BASE_URL_ENV, server.uri());
        let client = Client::from_env();
        std::env::remove_var(pet_store_client::API_KEY_ENV);
        let missing = Client::from_env().err();
        std::env::remove_var(pet_store_client::BASE_URL_ENV);
        let pets = client
            .expect("a client from the environment")
            .list_pets(&ListPetsParams::default())
            .await
            .expect("the pets");
        assert!(pets.is_empty());
        assert!(
            matches!(&missing, Some(Error::Config(m)) if m == "the environment variable PET_STORE_API_KEY is not set"),
            "{missing:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_union_of_events_is_read_by_its_type_and_keeps_unknown_ones() {
    within(async {
        let server = MockServer::start().await;
        let arrived = json!({"type": "pet.arrived", "pet": {"id": 3, "name": "Bo"}});
        let unknown = json!({"type": "pet.groomed", "id": 3, "salon": "Fluff"});
        let adopted = json!({"type": "pet.adopted", "id": 3, "by": "Ann"});
        let body = format!("data: {arrived}\n\ndata: {unknown}\n\ndata: {adopted}\n\n");
        Mock::given(method("GET"))
            .and(path("/pets/feed"))
            .respond_with(event_stream(&body))
            .expect(1)
            .mount(&server)
            .await;
        let mut stream = client(&server).pet_feed_stream().await.expect("the stream starts");
        let mut items = Vec::new();
        while let Some(item) = stream.next().await {
            items.push(item.expect("every event reads"));
        }
        assert_eq!(items.len(), 3, "{items:?}");
        assert!(matches!(&items[0], FeedEvent::PetArrived(a) if a.pet.name == "Bo"), "{:?}", items[0]);
        assert_eq!(items[1], FeedEvent::Unknown(unknown), "an event added later is kept as it came");
        assert!(matches!(&items[2], FeedEvent::PetAdopted(a) if a.by.as_deref() == Some("Ann")), "{:?}", items[2]);
    })
    .await;
}

#[tokio::test]
async fn a_raw_body_is_the_files_bytes_under_its_media_type() {
    within(async {
        let server = MockServer::start().await;
        Mock::given(method("PUT"))
            .and(path("/pets/3/photo"))
            .and(header("content-type", "image/png"))
            .and(header("x-api-key", KEY))
            .respond_with(ResponseTemplate::new(204))
            .expect(1)
            .mount(&server)
            .await;
        let png = crate::support::binary(3000, 7);
        client(&server).upload_photo(3, &InputFile::from_bytes("bo.png", png.clone())).await.expect("stored");
        assert_eq!(single_request(&server).await.body, png);
    })
    .await;
}

#[tokio::test]
async fn a_file_answer_under_default_is_bytes() {
    within(async {
        let server = MockServer::start().await;
        let jpeg = crate::support::binary(5000, 11);
        Mock::given(method("GET"))
            .and(path("/pets/3/photo"))
            .respond_with(
                ResponseTemplate::new(200).insert_header("content-type", "image/jpeg").set_body_bytes(jpeg.clone()),
            )
            .mount(&server)
            .await;
        let client = client(&server);
        assert_eq!(client.get_photo(3).await.expect("the photo").to_vec(), jpeg);
        let mut stream = client.get_photo_stream(3).await.expect("the photo, streamed");
        let mut read = Vec::new();
        while let Some(chunk) = stream.next().await {
            read.extend_from_slice(&chunk.expect("a chunk"));
        }
        assert_eq!(read, jpeg);
    })
    .await;
}

#[test]
fn nothing_of_openais_policy_is_in_the_crate() {
    let dir = root().join("tests/petstore-client");
    let mut files = vec![dir.join("Cargo.toml")];
    let mut dirs = vec![dir.join("src")];
    while let Some(d) = dirs.pop() {
        for entry in std::fs::read_dir(&d).expect("the crate's sources").filter_map(Result::ok) {
            let p = entry.path();
            if p.is_dir() {
                dirs.push(p);
            } else {
                files.push(p);
            }
        }
    }
    assert!(files.len() > 10, "the runtime and the generated files: {files:?}");
    for file in files {
        let text = std::fs::read_to_string(&file).expect("text");
        for word in ["OpenAI", "openai", "ORG_ID", "[DONE]", "Organization"] {
            assert!(!text.contains(word), "{} mentions {word}", file.display());
        }
    }
}

/// The parts of the one multipart request `server` received.
async fn sent_parts(server: &MockServer) -> Vec<Part> {
    let request = single_request(server).await;
    let content_type = request.headers.get("content-type").and_then(|v| v.to_str().ok()).expect("a content type");
    parse_multipart(content_type, request.body).await
}

/// A server that takes one album upload for pet 7.
async fn album_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/pets/7/album"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_union_of_a_file_and_a_list_of_files_sends_files() {
    within(async {
        let one = InputFile::from_bytes("a.png", b"first".to_vec());
        let two = InputFile::from_bytes("b.png", b"second".to_vec());

        // One file: one part.
        let server = album_server().await;
        let request = AddToAlbumRequest::new(one.clone()).caption("Rex");
        client(&server).add_to_album(7, &request).await.expect("added");
        assert_eq!(
            sent_parts(&server).await,
            [Part::file("photos", "a.png", "image/png", &b"first"[..]), Part::text("caption", "Rex")]
        );

        // A list of files: a part each, under the same name; a stored
        // photo as the cover is its JSON.
        let server = album_server().await;
        let request = AddToAlbumRequest::new(vec![one, two.clone()]).cover(PhotoRef::new("ph_1"));
        client(&server).add_to_album(7, &request).await.expect("added");
        assert_eq!(
            sent_parts(&server).await,
            [
                Part::file("photos", "a.png", "image/png", &b"first"[..]),
                Part::file("photos", "b.png", "image/png", &b"second"[..]),
                Part::text("cover", r#"{"photo_id":"ph_1"}"#),
            ]
        );

        // A file as the cover is a file part.
        let server = album_server().await;
        let request = AddToAlbumRequest::new(Vec::<InputFile>::new()).cover(two);
        client(&server).add_to_album(7, &request).await.expect("added");
        assert_eq!(sent_parts(&server).await, [Part::file("cover", "b.png", "image/png", &b"second"[..])]);
    })
    .await;
}
