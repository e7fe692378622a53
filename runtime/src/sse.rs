//! An incremental decoder for `text/event-stream` bodies (server-sent events).
//!
//! It follows the "Interpreting an event stream" rules of the WHATWG HTML
//! standard's server-sent events chapter:
//!
//! - the stream is UTF-8; one byte order mark at its very start is skipped,
//!   and invalid bytes become U+FFFD;
//! - a line ends with `\r\n`, `\n` or a lone `\r`;
//! - a blank line dispatches the event collected so far (if it has data);
//! - a line starting with `:` is a comment;
//! - any other line is `name: value` (one space after the colon is removed)
//!   or a bare `name` with an empty value; the fields `event`, `data`, `id`
//!   and `retry` are understood, others are ignored;
//! - an event that the stream ends without dispatching is discarded.
//!
//! Bytes may arrive in chunks split anywhere, even inside a line end or a
//! multi-byte character: each line is decoded only once it is complete.
//!
//! Memory: the decoder holds the unfinished line, the fields of the event in
//! progress and the last event ID, nothing more (see [`Decoder::buffered`]).
//! Buffers that one large event made grow past 64 KiB are released when that
//! event is done, so a single huge event does not pin memory.

/// The byte order mark, skipped once at the start of a stream.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Buffers that grew past this many bytes are released once they are done with.
const KEEP_CAPACITY: usize = 64 * 1024;

/// One dispatched event.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Event {
    /// The `event` field; `None` when the event had none (the default type
    /// "message"). An empty `event` field also means the default type, so
    /// it gives `None` as well.
    pub event: Option<String>,
    /// The data lines joined with `\n` (the final newline removed, per the spec).
    pub data: String,
    /// The last event ID seen so far (`id` field), if any. Per spec, it
    /// persists across events. An empty `id` field resets it to `None`
    /// (the spec's "no last event ID").
    pub id: Option<String>,
    /// The `retry` field of this event, in milliseconds, when it was a valid
    /// integer. Unlike `id`, it does not carry over to later events.
    pub retry: Option<u64>,
}

/// An incremental decoder: feed it bytes as they arrive, in chunks split anywhere.
///
/// Call [`push`](Self::push) for each chunk of the body, handling the events
/// it appends, then [`finish`](Self::finish) when the body ends.
#[derive(Debug, Default)]
pub struct Decoder {
    /// The start of a line that began in an earlier chunk and has no line
    /// end yet. Lines that fit inside one chunk never pass through here.
    line: Vec<u8>,
    /// The last chunk ended with `\r`. That `\r` already ended a line, but a
    /// `\n` at the start of the next chunk belongs to the same line end.
    after_cr: bool,
    /// The start of the stream (and any BOM there) has been passed.
    started: bool,
    /// How many bytes of a BOM the stream has begun with so far, while not
    /// `started` (a BOM may itself be split across chunks).
    bom_matched: usize,
    /// The event being collected.
    fields: Fields,
}

/// The spec's buffers: the event in progress, and the last event ID.
#[derive(Debug, Default)]
struct Fields {
    /// Every `data` value so far, each followed by `\n`.
    data: String,
    event: Option<String>,
    id: Option<String>,
    retry: Option<u64>,
}

impl Decoder {
    /// A decoder at the start of a stream.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Decodes `chunk`, appending every event it completes to `out`.
    pub fn push(&mut self, chunk: &[u8], out: &mut Vec<Event>) {
        let mut rest = self.skip_bom(chunk);
        if self.after_cr && !rest.is_empty() {
            self.after_cr = false;
            if let [b'\n', after @ ..] = rest {
                rest = after;
            }
        }
        while let Some(end) = memchr::memchr2(b'\n', b'\r', rest) {
            let (line, tail) = rest.split_at(end);
            if self.line.is_empty() {
                self.fields.line(line, out);
            } else {
                self.line.extend_from_slice(line);
                self.fields.line(&self.line, out);
                self.line.clear();
                release_if_large(&mut self.line);
            }
            // A lone `\r` ends its line at once: waiting for the next chunk
            // would hold back an event until more bytes arrive. Only a `\n`
            // right after it is swallowed, even if it comes in a later chunk.
            rest = match tail {
                [b'\r'] => {
                    self.after_cr = true;
                    &[]
                }
                [b'\r', b'\n', after @ ..] | [_, after @ ..] => after,
                [] => &[], // not reached: `tail` starts with the line end
            };
        }
        self.line.extend_from_slice(rest);
    }

    /// The stream ended: per the spec an incomplete event (no blank line
    /// after it) is discarded. Returns whether bytes of an unfinished event
    /// were pending (a partial line or undispatched data), which means the
    /// stream was cut short. The decoder is then as good as new, ready for
    /// another stream (the last event ID is forgotten too).
    pub fn finish(&mut self) -> bool {
        let truncated = self.bom_matched > 0 || !self.line.is_empty() || !self.fields.data.is_empty();
        *self = Self::default();
        truncated
    }

    /// How many bytes the decoder is holding (partial line + current event's
    /// data, event type and the last event ID), for memory checks.
    pub fn buffered(&self) -> usize {
        let fields = &self.fields;
        self.bom_matched
            + self.line.len()
            + fields.data.len()
            + fields.event.as_ref().map_or(0, String::len)
            + fields.id.as_ref().map_or(0, String::len)
    }

    /// The first `max` bytes the decoder holds of the event in progress:
    /// its data so far, else its unfinished line.
    pub fn head(&self, max: usize) -> &[u8] {
        let held = if self.fields.data.is_empty() { &self.line[..] } else { self.fields.data.as_bytes() };
        &held[..held.len().min(max)]
    }

    /// Skips a BOM at the start of the stream, returning the rest of `chunk`.
    fn skip_bom<'a>(&mut self, mut chunk: &'a [u8]) -> &'a [u8] {
        while !self.started {
            let Some((&byte, after)) = chunk.split_first() else {
                break; // all of it matched so far: wait for more bytes
            };
            if BOM.get(self.bom_matched) == Some(&byte) {
                chunk = after;
                self.bom_matched += 1;
                if self.bom_matched == BOM.len() {
                    self.started = true;
                    self.bom_matched = 0;
                }
            } else {
                // Not a BOM after all: the bytes held back are text.
                self.line.extend_from_slice(BOM.get(..self.bom_matched).unwrap_or_default());
                self.started = true;
                self.bom_matched = 0;
            }
        }
        chunk
    }
}

impl Fields {
    /// Interprets one complete line, without its line end.
    fn line(&mut self, line: &[u8], out: &mut Vec<Event>) {
        let (name, value) = match memchr::memchr(b':', line) {
            None if line.is_empty() => return self.dispatch(out),
            Some(0) => return, // a comment
            Some(colon) => {
                let (name, value) = line.split_at(colon);
                let value = value.get(1..).unwrap_or_default();
                (name, value.strip_prefix(b" ").unwrap_or(value))
            }
            None => (line, &[][..]), // the whole line is the name
        };
        // Names are compared as bytes: only exact ASCII matches count, and no
        // invalid UTF-8 can decode to one. Values are decoded lossily; since
        // a line holds whole characters, that is the same as decoding the
        // stream, and it borrows rather than allocates for valid UTF-8.
        match name {
            b"data" => {
                self.data.push_str(&String::from_utf8_lossy(value));
                self.data.push('\n');
            }
            // An empty type means the default type, as if there were none.
            b"event" => self.event = non_empty(value),
            // U+0000 is encoded as a zero byte and nothing else decodes to it.
            b"id" if !value.contains(&0) => self.id = non_empty(value),
            b"retry" => {
                if let Some(ms) = parse_retry(value) {
                    self.retry = Some(ms);
                }
            }
            _ => {}
        }
    }

    /// A blank line: emits the event if it has data, and starts a new one.
    /// The last event ID is kept.
    fn dispatch(&mut self, out: &mut Vec<Event>) {
        let event = self.event.take();
        let retry = self.retry.take();
        if self.data.is_empty() {
            return;
        }
        // Every data line appended a `\n`; the last one is not part of the data.
        if self.data.ends_with('\n') {
            self.data.pop();
        }
        // A copy is exactly as long as the data, and `self.data` keeps its
        // capacity for the next event.
        out.push(Event { event, data: self.data.clone(), id: self.id.clone(), retry });
        self.data.clear();
        if self.data.capacity() > KEEP_CAPACITY {
            self.data = String::new();
        }
    }
}

/// Releases a cleared buffer that grew large.
fn release_if_large(buffer: &mut Vec<u8>) {
    if buffer.capacity() > KEEP_CAPACITY {
        *buffer = Vec::new();
    }
}

fn non_empty(value: &[u8]) -> Option<String> {
    (!value.is_empty()).then(|| String::from_utf8_lossy(value).into_owned())
}

/// A `retry` value counts only if it is ASCII digits alone (no sign, no
/// spaces) and fits in a `u64`.
fn parse_retry(value: &[u8]) -> Option<u64> {
    if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
        return None;
    }
    value.iter().try_fold(0u64, |ms, &digit| ms.checked_mul(10)?.checked_add(u64::from(digit - b'0')))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decodes `chunks` as one stream; returns the events and what `finish` said.
    fn decode_chunks<'a>(chunks: impl IntoIterator<Item = &'a [u8]>) -> (Vec<Event>, bool) {
        let mut decoder = Decoder::new();
        let mut events = Vec::new();
        for chunk in chunks {
            decoder.push(chunk, &mut events);
        }
        let truncated = decoder.finish();
        (events, truncated)
    }

    fn decode(stream: &[u8]) -> Vec<Event> {
        decode_chunks([stream]).0
    }

    fn data(data: &str) -> Event {
        Event { data: data.to_owned(), ..Event::default() }
    }

    // ---- line ends -------------------------------------------------------

    #[test]
    fn lf_line_ends() {
        assert_eq!(decode(b"data: a\n\ndata: b\n\n"), [data("a"), data("b")]);
    }

    #[test]
    fn crlf_line_ends() {
        assert_eq!(decode(b"data: a\r\n\r\ndata: b\r\n\r\n"), [data("a"), data("b")]);
    }

    #[test]
    fn cr_line_ends() {
        assert_eq!(decode(b"data: a\r\rdata: b\r\r"), [data("a"), data("b")]);
    }

    #[test]
    fn mixed_line_ends() {
        assert_eq!(decode(b"data: a\rdata: b\r\ndata: c\n\r\n"), [data("a\nb\nc")]);
        // `\n\r` is two line ends, so the `\r` here is a blank line.
        assert_eq!(decode(b"data: a\n\rdata: b\n\n"), [data("a"), data("b")]);
    }

    #[test]
    fn cr_lf_split_across_chunks_is_one_line_end() {
        let (events, truncated) = decode_chunks([&b"data: a\r"[..], b"\ndata: b\r", b"\n\r", b"\n"]);
        assert_eq!(events, [data("a\nb")]);
        assert!(!truncated);
    }

    #[test]
    fn cr_at_end_of_chunk_dispatches_at_once() {
        let mut decoder = Decoder::new();
        let mut events = Vec::new();
        decoder.push(b"data: a\r\r", &mut events);
        assert_eq!(events, [data("a")]);
        // The next chunk does not start with `\n`: nothing is swallowed.
        decoder.push(b"data: b\r\r", &mut events);
        assert_eq!(events, [data("a"), data("b")]);
        // An empty chunk in between keeps the pending `\r` pending.
        decoder.push(b"data: c\r", &mut events);
        decoder.push(b"", &mut events);
        decoder.push(b"\n\n", &mut events);
        assert_eq!(events, [data("a"), data("b"), data("c")]);
        assert!(!decoder.finish());
    }

    #[test]
    fn stream_ending_in_cr_dispatches() {
        assert_eq!(decode_chunks([&b"data: a\n\r"[..]]), (vec![data("a")], false));
    }

    // ---- fields ----------------------------------------------------------

    #[test]
    fn multi_line_data() {
        assert_eq!(decode(b"data: a\ndata: b\ndata:\ndata: c\n\n"), [data("a\nb\n\nc")]);
    }

    #[test]
    fn only_one_trailing_newline_is_removed() {
        assert_eq!(decode(b"data: a\ndata:\n\n"), [data("a\n")]);
        assert_eq!(decode(b"data\ndata\n\n"), [data("\n")]);
    }

    #[test]
    fn comments_are_ignored() {
        let stream = b": hello\n:\ndata: a\n: between\ndata: b\n:data: c\n\n: keep-alive\n\n";
        assert_eq!(decode(stream), [data("a\nb")]);
    }

    #[test]
    fn event_type() {
        let stream = b"event: add\ndata: 1\n\ndata: 2\n\nevent: x\nevent:\ndata: 3\n\n";
        let events = decode(stream);
        assert_eq!(events[0].event.as_deref(), Some("add"));
        // The type does not carry over to the next event...
        assert_eq!(events[1].event, None);
        // ...and an empty `event` field means the default type.
        assert_eq!(events[2].event, None);
        assert_eq!(events.len(), 3);
    }

    #[test]
    fn id_persists_across_events() {
        let events = decode(b"id: 1\ndata: a\n\ndata: b\n\nid: 2\ndata: c\n\nid\ndata: d\n\n");
        let ids: Vec<_> = events.iter().map(|e| e.id.as_deref()).collect();
        assert_eq!(ids, [Some("1"), Some("1"), Some("2"), None]);
    }

    #[test]
    fn id_set_by_event_without_data_still_counts() {
        let events = decode(b"id: 7\n\ndata: a\n\n");
        assert_eq!(events[0].id.as_deref(), Some("7"));
    }

    #[test]
    fn id_with_nul_is_ignored() {
        let events = decode(b"id: 1\ndata: a\n\nid: 2\0x\ndata: b\n\n");
        assert_eq!(events[1].id.as_deref(), Some("1"));
    }

    #[test]
    fn retry() {
        let events = decode(b"retry: 1500\ndata: a\n\ndata: b\n\nretry:0\ndata: c\n\n");
        let retries: Vec<_> = events.iter().map(|e| e.retry).collect();
        assert_eq!(retries, [Some(1500), None, Some(0)]);
    }

    #[test]
    fn invalid_retry_is_ignored() {
        for value in ["", "12a", "-1", "+1", " 1", "1 ", "1.5", "18446744073709551616", "١"] {
            let stream = format!("retry: 10\nretry: {value}\ndata: a\n\n");
            assert_eq!(decode(stream.as_bytes())[0].retry, Some(10), "retry: {value:?}");
        }
        assert_eq!(decode(b"retry: 18446744073709551615\ndata: a\n\n")[0].retry, Some(u64::MAX));
    }

    #[test]
    fn field_without_colon_has_empty_value() {
        assert_eq!(decode(b"data\n\n"), [data("")]);
        assert_eq!(decode(b"event\ndata\n\n"), [data("")]);
    }

    #[test]
    fn no_space_after_colon() {
        assert_eq!(decode(b"data:a\n\n"), [data("a")]);
    }

    #[test]
    fn only_one_leading_space_is_removed() {
        assert_eq!(decode(b"data:  a \n\n"), [data(" a ")]);
        assert_eq!(decode(b"data:\ta\n\n"), [data("\ta")]);
    }

    #[test]
    fn value_may_contain_colons() {
        assert_eq!(decode(b"data: a: b:c\n\n"), [data("a: b:c")]);
    }

    #[test]
    fn unknown_fields_are_ignored() {
        assert_eq!(decode(b"foo: bar\nData: x\ndata : y\n data: z\ndata: a\n\n"), [data("a")]);
    }

    #[test]
    fn all_fields_together() {
        let events = decode(b"event: update\nid: 42\nretry: 3000\ndata: {\"a\":1}\n\n");
        let expected = Event {
            event: Some("update".to_owned()),
            data: "{\"a\":1}".to_owned(),
            id: Some("42".to_owned()),
            retry: Some(3000),
        };
        assert_eq!(events, [expected]);
    }

    // ---- dispatch ----------------------------------------------------------

    #[test]
    fn event_without_data_is_not_dispatched() {
        let stream = b"event: ping\nretry: 5\n\n\n\ndata: a\n\n";
        assert_eq!(decode(stream), [data("a")]);
    }

    #[test]
    fn trailing_incomplete_event_is_discarded() {
        let (events, truncated) = decode_chunks([&b"data: a\n\ndata: b\n"[..]]);
        assert_eq!((events, truncated), (vec![data("a")], true));
        let (events, truncated) = decode_chunks([&b"data: a\n\ndata: b"[..]]);
        assert_eq!((events, truncated), (vec![data("a")], true));
        // A partial line counts even when it is not data.
        assert!(decode_chunks([&b": comm"[..]]).1);
    }

    #[test]
    fn finish_after_clean_end() {
        assert_eq!(decode_chunks([&b"data: a\n\n"[..]]), (vec![data("a")], false));
        assert_eq!(decode_chunks([&b""[..]]), (vec![], false));
        assert_eq!(decode_chunks([&b"data: a\n\n: bye\n"[..]]), (vec![data("a")], false));
        assert_eq!(decode_chunks([&b"\xEF\xBB\xBF"[..]]), (vec![], false));
    }

    #[test]
    fn finish_resets_the_decoder() {
        let mut decoder = Decoder::new();
        let mut events = Vec::new();
        decoder.push(b"\xEF\xBB\xBFid: 1\ndata: partial", &mut events);
        assert!(decoder.finish());
        assert_eq!(decoder.buffered(), 0);
        // A new stream: its BOM is skipped again, the old ID is gone.
        decoder.push(b"\xEF\xBB\xBFdata: a\n\n", &mut events);
        assert_eq!(events, [data("a")]);
        assert!(!decoder.finish());
    }

    // ---- encoding ----------------------------------------------------------

    #[test]
    fn bom_at_start_is_skipped() {
        assert_eq!(decode(b"\xEF\xBB\xBFdata: a\n\n"), [data("a")]);
    }

    #[test]
    fn split_bom_is_skipped() {
        let stream = b"\xEF\xBB\xBFdata: a\n\n";
        for first in 0..=BOM.len() {
            for second in first..=BOM.len() {
                let chunks = [&stream[..first], &stream[first..second], &stream[second..]];
                assert_eq!(decode_chunks(chunks), (vec![data("a")], false), "{first} {second}");
            }
        }
    }

    #[test]
    fn only_the_first_bom_is_skipped() {
        // A second BOM is part of the first line's field name...
        assert_eq!(decode(b"\xEF\xBB\xBF\xEF\xBB\xBFdata: a\n\ndata: b\n\n"), [data("b")]);
        // ...and one later in the stream is text.
        assert_eq!(decode(b"data: a\n\n\xEF\xBB\xBFdata: b\n\n"), [data("a")]);
        assert_eq!(decode(b"data: \xEF\xBB\xBFa\n\n"), [data("\u{FEFF}a")]);
    }

    #[test]
    fn partial_bom_is_text() {
        let mut decoder = Decoder::new();
        let mut events = Vec::new();
        decoder.push(b"\xEF\xBB", &mut events);
        assert_eq!(decoder.buffered(), 2);
        decoder.push(b"data: a\n\ndata: b\n\n", &mut events);
        // The first line's name was "\u{FFFD}data", which is no field.
        assert_eq!(events, [data("b")]);
        assert!(!decoder.finish());
        // A stream of only part of a BOM is a truncated line.
        assert!(decode_chunks([&b"\xEF"[..], b"\xBB"]).1);
    }

    #[test]
    fn multi_byte_characters_split_across_chunks() {
        let stream = "data: é😀\n\n".as_bytes();
        for cut in 0..=stream.len() {
            let (events, _) = decode_chunks([&stream[..cut], &stream[cut..]]);
            assert_eq!(events, [data("é😀")], "cut at {cut}");
        }
    }

    #[test]
    fn invalid_utf8_is_replaced() {
        assert_eq!(decode(b"data: a\xFFb\xC3\n\n"), [data("a\u{FFFD}b\u{FFFD}")]);
        assert_eq!(decode(b"event: \xC3(\ndata: a\n\n")[0].event.as_deref(), Some("\u{FFFD}("));
    }

    // ---- memory ------------------------------------------------------------

    #[test]
    fn buffered_counts_what_is_held() {
        let mut decoder = Decoder::new();
        let mut events = Vec::new();
        decoder.push(b"data: abc\nda", &mut events);
        assert_eq!(decoder.buffered(), "abc\n".len() + "da".len());
        decoder.push(b"ta: d\n\n", &mut events);
        assert_eq!(decoder.buffered(), 0);
        assert_eq!(events, [data("abc\nd")]);
    }

    #[test]
    fn memory_is_released_after_a_huge_event() {
        let mut decoder = Decoder::new();
        let mut events = Vec::new();
        let huge = "x".repeat(1 << 20);
        let stream = format!("id: 1\ndata: {huge}\n\ndata: small\n\ndata: again\n\n");
        let mut peak = 0;
        for chunk in stream.as_bytes().chunks(8192) {
            decoder.push(chunk, &mut events);
            peak = peak.max(decoder.buffered());
        }
        // Up to the chunk holding its line end, the huge line was held.
        assert!(peak > (1 << 20) - 8192, "{peak}");
        assert_eq!(events.len(), 3);
        assert_eq!(events[0].data.len(), 1 << 20);
        assert_eq!(events[2].data, "again");
        assert_eq!(decoder.buffered(), 1, "only the ID is left");
        assert!(decoder.line.capacity() <= KEEP_CAPACITY);
        assert!(decoder.fields.data.capacity() <= KEEP_CAPACITY);
        assert!(!decoder.finish());
    }

    // ---- a recorded stream, split every way ---------------------------------

    /// Xorshift64: deterministic pseudo-random numbers for the split tests.
    struct Rng(u64);

    impl Rng {
        fn next_u64(&mut self) -> u64 {
            let mut x = self.0;
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            self.0 = x;
            x
        }

        /// A number in `0..n` (`n > 0`).
        fn below(&mut self, n: usize) -> usize {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// `stream` cut at the given sorted positions.
    fn cut<'a>(stream: &'a [u8], cuts: &[usize]) -> Vec<&'a [u8]> {
        let mut chunks = Vec::new();
        let mut start = 0;
        for &end in cuts {
            chunks.push(&stream[start..end]);
            start = end;
        }
        chunks.push(&stream[start..]);
        chunks
    }

    /// Asserts that every way of cutting `stream` decodes as the whole does.
    fn assert_split_invariant(stream: &[u8], rng: &mut Rng) {
        let whole = decode_chunks([stream]);
        for at in 0..=stream.len() {
            assert_eq!(decode_chunks(cut(stream, &[at])), whole, "cut at {at}");
        }
        assert_eq!(decode_chunks(stream.chunks(1)), whole, "1-byte chunks");
        for round in 0..500 {
            let mut cuts: Vec<usize> = (0..=rng.below(20)).map(|_| rng.below(stream.len() + 1)).collect();
            cuts.sort_unstable();
            assert_eq!(decode_chunks(cut(stream, &cuts)), whole, "round {round}: {cuts:?}");
        }
    }

    /// A chat completion stream as recorded, with `\n` line ends (its last
    /// event renamed).
    fn recording() -> String {
        let mut stream = String::new();
        let deltas = [
            r#"{"role":"assistant","content":""}"#,
            r#"{"content":"Hel"}"#,
            r#"{"content":"lo"}"#,
            r#"{"content":" from"}"#,
            r#"{"content":" the"}"#,
            r#"{"content":" café"}"#,
            r#"{"content":" 😀"}"#,
            r#"{"content":"!\n"}"#,
        ];
        for delta in deltas {
            stream += r#"data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-3.5-turbo","choices":[{"index":0,"delta":"#;
            stream += delta;
            stream += r#","finish_reason":null}]}"#;
            stream += "\n\n";
        }
        stream += r#"data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-3.5-turbo","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#;
        stream += "\n\n: keep-alive\n\ndata: [END]\n\n";
        stream
    }

    fn check_recording(stream: &str) {
        let (events, truncated) = decode_chunks([stream.as_bytes()]);
        assert!(!truncated);
        assert_eq!(events.len(), 10);
        assert!(events.iter().all(|e| e.event.is_none() && e.id.is_none() && e.retry.is_none()));
        assert!(events[1].data.contains(r#""delta":{"content":"Hel"}"#));
        assert!(events[5].data.contains("café"));
        assert!(events[6].data.contains("😀"));
        assert!(events[7].data.contains(r"!\n"));
        assert_eq!(events[9].data, "[END]");
        assert_split_invariant(stream.as_bytes(), &mut Rng(0x9E37_79B9_7F4A_7C15));
    }

    #[test]
    fn recorded_stream_lf() {
        check_recording(&recording());
    }

    #[test]
    fn recorded_stream_crlf() {
        check_recording(&recording().replace('\n', "\r\n"));
    }

    #[test]
    fn recorded_stream_cr() {
        check_recording(&recording().replace('\n', "\r"));
    }

    #[test]
    fn recorded_stream_with_bom() {
        check_recording(&format!("\u{FEFF}{}", recording()));
    }

    // ---- random streams against a literal reading of the spec ------------------

    /// The spec's algorithm written as plainly as possible, on a whole
    /// stream: decode it all, then split it into lines.
    fn reference(stream: &[u8]) -> (Vec<Event>, bool) {
        let stream = stream.strip_prefix(BOM).unwrap_or(stream);
        let text = String::from_utf8_lossy(stream);
        let (mut events, mut data, mut event, mut id, mut retry) =
            (Vec::new(), String::new(), String::new(), String::new(), None);
        let mut rest = &*text;
        while let Some(end) = rest.find(['\r', '\n']) {
            let line = &rest[..end];
            let skip = if rest[end..].starts_with("\r\n") { 2 } else { 1 };
            rest = &rest[end + skip..];
            if line.is_empty() {
                if !data.is_empty() {
                    data.pop();
                    events.push(Event {
                        event: Some(event.clone()).filter(|e| !e.is_empty()),
                        data: data.clone(),
                        id: Some(id.clone()).filter(|i| !i.is_empty()),
                        retry,
                    });
                }
                data.clear();
                event.clear();
                retry = None;
                continue;
            }
            if line.starts_with(':') {
                continue;
            }
            let (name, value) = match line.split_once(':') {
                Some((name, value)) => (name, value.strip_prefix(' ').unwrap_or(value)),
                None => (line, ""),
            };
            match name {
                "event" => event = value.to_owned(),
                "data" => {
                    data += value;
                    data.push('\n');
                }
                "id" if !value.contains('\0') => id = value.to_owned(),
                "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                    if let Ok(ms) = value.parse() {
                        retry = Some(ms);
                    }
                }
                _ => {}
            }
        }
        (events, !rest.is_empty() || !data.is_empty())
    }

    #[test]
    fn random_streams_match_the_reference() {
        const TOKENS: &[&[u8]] = &[
            b"data",
            b"data",
            b"event",
            b"id",
            b"retry",
            b":",
            b":",
            b" ",
            b"  ",
            b"\r",
            b"\n",
            b"\n",
            b"\r\n",
            b"x",
            b"42",
            b"99999999999999999999",
            b"\0",
            "é".as_bytes(),
            "😀".as_bytes(),
            b"\xEF\xBB\xBF",
            b"\xEF\xBB",
            b"\xFF",
            b"\xF0\x9F",
        ];
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        for round in 0..2000 {
            let mut stream = Vec::new();
            for _ in 0..rng.below(40) {
                stream.extend_from_slice(TOKENS[rng.below(TOKENS.len())]);
            }
            let whole = decode_chunks([&stream[..]]);
            assert_eq!(whole, reference(&stream), "round {round}: {stream:?}");
            for _ in 0..20 {
                let mut cuts: Vec<usize> = (0..=rng.below(8)).map(|_| rng.below(stream.len() + 1)).collect();
                cuts.sort_unstable();
                assert_eq!(decode_chunks(cut(&stream, &cuts)), whole, "{stream:?} {cuts:?}");
            }
        }
    }
}
