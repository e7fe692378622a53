//! Reading the client's event streams to their end, and the chat chunks
//! they carry.

use futures_util::{Stream, StreamExt};
use openai_client::Error;
use serde_json::{json, Value};

/// Reads a stream to its end, failing after `max` items; it must stay ended
/// ([`assert_ended`]). (Through `futures_util::StreamExt::next`; the tests
/// call the inherent `next`.)
pub async fn drain<T, S>(stream: &mut S, max: usize) -> Vec<Result<T, Error>>
where
    T: std::fmt::Debug,
    S: Stream<Item = Result<T, Error>> + Unpin,
{
    let mut items = Vec::new();
    while let Some(item) = StreamExt::next(stream).await {
        items.push(item);
        assert!(items.len() <= max, "more than {max} items");
    }
    assert_ended(stream).await;
    items
}

/// `None` now and on every later call.
pub async fn assert_ended<T, S>(stream: &mut S)
where
    T: std::fmt::Debug,
    S: Stream<Item = Result<T, Error>> + Unpin,
{
    for _ in 0..3 {
        let item = StreamExt::next(stream).await;
        assert!(item.is_none(), "expected the end, got {item:?}");
    }
}

/// One chat completion chunk as OpenAI sends it.
pub fn chat_chunk(delta: Value, finish_reason: Option<&str>) -> String {
    json!({
        "id": "chatcmpl-7QyqpwdfhqwajicIEznoc6Q47XAyW",
        "object": "chat.completion.chunk",
        "created": 1677664795,
        "model": "gpt-3.5-turbo-0613",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}]
    })
    .to_string()
}
