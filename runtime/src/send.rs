//! Sending a call: each attempt's request (credentials, headers, query,
//! body), the retries, and the answer, read whole or still streaming.

use super::client::Client;
use super::interface::{ApiInfo, Call, CallBody};
use super::read::{self, Whole};
use super::{auth, idempotency, request_id, retry, ApiError, Error, ErrorBody};
use std::time::{Duration, Instant};
use tracing::Instrument;

/// A success answer: still streaming, or read whole.
enum Answer {
    Streaming(reqwest::Response),
    Read(Whole),
}

/// One attempt's request: the credentials the call's security needs, the
/// client's headers, then the call's own headers and query parameters.
/// Headers from [`RequestOptions`](super::RequestOptions) replace the client's headers of the same
/// name; a header that cannot be sent is an [`Error::InvalidRequest`].
pub(super) async fn request<E>(
    client: &Client<E>,
    call: &Call<'_>,
    timeout: Duration,
    idempotency_key: Option<&str>,
) -> Result<reqwest::RequestBuilder, Error<E>> {
    use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
    fn invalid<E>(name: &str) -> Error<E> {
        Error::InvalidRequest(format!("the header `{name}` has a name or value that cannot be sent"))
    }
    let shared = &client.shared;
    let security = call.security.unwrap_or(shared.api.default_security);
    let auth = auth::authenticate(shared.api, &shared.credentials, security).map_err(Error::InvalidRequest)?;
    let mut headers = HeaderMap::new();
    for (name, value) in auth.headers {
        headers.append(name, value);
    }
    for (header, value) in shared.api.headers.iter().zip(&shared.headers) {
        if let Some(value) = value {
            let n = HeaderName::from_bytes(header.name.as_bytes()).map_err(|_| invalid(header.name))?;
            let v = HeaderValue::from_str(value).map_err(|_| invalid(header.name))?;
            headers.insert(n, v);
        }
    }
    if let Some(accept) = call.accept {
        headers.insert(reqwest::header::ACCEPT, HeaderValue::from_static(accept));
    }
    let named = |name: &str, value: &str| -> Result<(HeaderName, HeaderValue), Error<E>> {
        let n = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid(name))?;
        let v = HeaderValue::from_str(value).map_err(|_| invalid(name))?;
        Ok((n, v))
    };
    for (name, value) in &call.headers {
        let (n, v) = named(name, value)?;
        headers.append(n, v);
    }
    let mut replaced = Vec::new();
    for (name, value) in &client.options.headers {
        let (n, v) = named(name, value)?;
        // The first option header of a name replaces the client's; more
        // option headers of that name add to it.
        if replaced.contains(&n) {
            headers.append(n, v);
        } else {
            headers.insert(n.clone(), v);
            replaced.push(n);
        }
    }
    if let Some(key) = idempotency_key {
        // The caller's own key, from the call or the options, wins.
        if !headers.contains_key(idempotency::HEADER) {
            headers.insert(idempotency::HEADER, HeaderValue::from_str(key).map_err(|_| invalid(idempotency::HEADER))?);
        }
    }
    let url = format!("{}{}", shared.base_url, call.path);
    let mut builder = shared.http.request(call.method.clone(), url).timeout(timeout).headers(headers);
    if !call.query.is_empty() {
        builder = builder.query(&call.query);
    }
    if !auth.query.is_empty() {
        builder = builder.query(&auth.query);
    }
    if !client.options.query.is_empty() {
        builder = builder.query(&client.options.query);
    }
    Ok(match &call.body {
        CallBody::Empty => builder,
        CallBody::Json(bytes) => {
            builder.header(reqwest::header::CONTENT_TYPE, "application/json").body(reqwest::Body::from(bytes.clone()))
        }
        CallBody::Form(form) => builder.multipart(form.to_form().await?),
        CallBody::Build(build) => build(builder),
        CallBody::File(file, media_type) => {
            builder.header(reqwest::header::CONTENT_TYPE, *media_type).body(file.to_body().await?)
        }
    })
}

/// `e` with the values of credential query parameters hidden in its URL
/// (reqwest shows the URL of a request that failed).
fn hide_secrets(mut e: reqwest::Error, api: &ApiInfo) -> reqwest::Error {
    let secret = |name: &str| auth::secret_query_names(api).any(|s| s == name);
    if let Some(url) = e.url_mut() {
        if url.query_pairs().any(|(name, _)| secret(&name)) {
            let pairs: Vec<(String, String)> = url
                .query_pairs()
                .map(|(name, value)| {
                    let value = if secret(&name) { "<redacted>".to_owned() } else { value.into_owned() };
                    (name.into_owned(), value)
                })
                .collect();
            url.query_pairs_mut().clear().extend_pairs(pairs);
        }
    }
    e
}

/// Sends `call` until it succeeds, fails for good, or runs out of retries.
/// A success status gives the answer, read whole when `read` (a body that
/// fails to arrive is retried like a failed request, unless the call is
/// not idempotent and the client keeps such calls from running twice),
/// or still streaming; any other status gives an [`Error::Api`] with the
/// body and headers. Also gives how many attempts were made.
///
/// A call that may be retried and is not idempotent (`POST`, `PATCH`)
/// carries one `Idempotency-Key` on all its attempts, so a server that
/// honours it does the work once.
///
/// Each attempt is a `tracing` span `http_request` with the method, the
/// path (never the query, the headers or a credential), the attempt number,
/// and, once known, the status and the duration in milliseconds.
async fn execute<E: ErrorBody>(client: &Client<E>, call: &Call<'_>, read: bool) -> Result<(Answer, u32), Error<E>> {
    let shared = &client.shared;
    let max_retries = client.options.max_retries.unwrap_or(shared.max_retries);
    let timeout = client.options.timeout.unwrap_or(shared.timeout);
    let limit = client.options.max_response_bytes.unwrap_or(shared.max_response_bytes);
    let idempotent = idempotency::is_idempotent(&call.method);
    let key = (shared.idempotency_keys && !idempotent && max_retries > 0).then(idempotency::new_key);
    let deadline = client.options.deadline.or(shared.deadline).map(|limit| Instant::now() + limit);
    // A retry is made only when it can begin before the deadline.
    let wait_fits = |wait: Duration| deadline.is_none_or(|end| Instant::now() + wait < end);
    let mut attempt: u32 = 0;
    loop {
        let attempts = attempt + 1;
        let span = tracing::info_span!(
            "http_request",
            method = %call.method,
            path = %call.path,
            attempt = attempts,
            status = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        // The attempt may last no longer than what is left of the deadline.
        let timeout = deadline.map_or(timeout, |end| timeout.min(end.saturating_duration_since(started)));
        let attempt_call = Attempt { call, timeout, read, limit, idempotency_key: key.as_deref() };
        let result = attempt_once(client, &attempt_call).instrument(span.clone()).await;
        span.record("duration_ms", started.elapsed().as_millis() as u64);
        let retries_left = attempt < max_retries;
        let wait = match result {
            Ok(Ok(answer)) => {
                match &answer {
                    Answer::Read(whole) => span.record("status", whole.status),
                    Answer::Streaming(response) => span.record("status", response.status().as_u16()),
                };
                return Ok((answer, attempts));
            }
            Ok(Err(response)) => {
                let status = response.status().as_u16();
                span.record("status", status);
                let wait = retry::retry_after(response.headers(), std::time::SystemTime::now())
                    .unwrap_or_else(|| retry::backoff(attempt, retry::jitter()));
                if !(retries_left && retry::should_retry(status, response.headers()) && wait_fits(wait)) {
                    let error = with_attempts(api_error(response, limit).await, attempts);
                    tracing::debug!(parent: &span, error = %error, "request failed");
                    return Err(error);
                }
                wait
            }
            Err(failed) => {
                let wait = retry::backoff(attempt, retry::jitter());
                let repeatable = failed.error.is_retryable() && (idempotent || may_repeat(shared, &failed));
                if !(retries_left && repeatable && wait_fits(wait)) {
                    tracing::debug!(parent: &span, error = %failed.error, "request failed");
                    return Err(with_attempts(failed.error, attempts));
                }
                wait
            }
        };
        tracing::warn!(parent: &span, wait_ms = wait.as_millis() as u64, "retrying");
        (shared.sleep)(wait).await;
        attempt += 1;
    }
}

/// Whether a non-idempotent call that failed this way may be sent again:
/// always when no answer had begun; after its answer began only when the
/// client allows it (`retry_interrupted_answers`, on by default).
fn may_repeat(shared: &super::client::Shared, failed: &Failed<impl ErrorBody>) -> bool {
    !failed.answer_began || shared.retry_interrupted_answers
}

/// What one attempt needs besides the client.
struct Attempt<'a, 'c> {
    call: &'a Call<'c>,
    timeout: Duration,
    /// Read the success answer whole (else keep it streaming).
    read: bool,
    /// The most bytes of an answer read whole.
    limit: usize,
    idempotency_key: Option<&'a str>,
}

/// An attempt that got no usable answer, and whether the answer had begun
/// (its status arrived) when it failed.
struct Failed<E> {
    error: Error<E>,
    answer_began: bool,
}

/// One attempt: `Ok(Ok(answer))` on success, `Ok(Err(response))` for an
/// error status (its body not yet read), `Err` when no answer came.
async fn attempt_once<E>(
    client: &Client<E>,
    attempt: &Attempt<'_, '_>,
) -> Result<Result<Answer, reqwest::Response>, Failed<E>> {
    let api = client.shared.api;
    let before_answer = |error| Failed { error, answer_began: false };
    let request =
        request(client, attempt.call, attempt.timeout, attempt.idempotency_key).await.map_err(before_answer)?;
    let response = send_through_layers(client, request).await.map_err(before_answer)?;
    if !response.status().is_success() {
        return Ok(Err(response));
    }
    if !attempt.read {
        return Ok(Ok(Answer::Streaming(response)));
    }
    match read::whole(response, attempt.limit).await {
        Ok(whole) => Ok(Ok(Answer::Read(whole))),
        Err(e) => Err(Failed { error: e.into_error(|e| Error::transport(hide_secrets(e, api))), answer_began: true }),
    }
}

/// Sends one attempt's request through the caller's layers, if any, to
/// the HTTP client. An error of a layer's own is `Error::Middleware`.
async fn send_through_layers<E>(
    client: &Client<E>,
    request: reqwest::RequestBuilder,
) -> Result<reqwest::Response, Error<E>> {
    let shared = &client.shared;
    let transport = |e| Error::transport(hide_secrets(e, shared.api));
    if shared.middleware.is_empty() {
        return request.send().await.map_err(transport);
    }
    let request = request.build().map_err(transport)?;
    super::middleware::Next::new(&shared.http, &shared.middleware).run(request).await.map_err(|e| match e
        .downcast::<reqwest::Error>()
    {
        Ok(e) => transport(*e),
        Err(other) => Error::Middleware(other),
    })
}

/// Sends `call` and reads the whole body of its success response; also
/// gives how many attempts were made.
pub(super) async fn read<E: ErrorBody>(client: &Client<E>, call: &Call<'_>) -> Result<(Whole, u32), Error<E>> {
    match execute(client, call, true).await? {
        (Answer::Read(whole), attempts) => Ok((whole, attempts)),
        (Answer::Streaming(response), attempts) => {
            let limit = client.options.max_response_bytes.unwrap_or(client.shared.max_response_bytes);
            let whole = read::whole(response, limit).await.map_err(|e| e.into_error(Error::transport))?;
            Ok((whole, attempts))
        }
    }
}

/// Sends `call` and keeps its success response streaming; also gives how
/// many attempts were made.
pub(super) async fn open<E: ErrorBody>(
    client: &Client<E>,
    call: &Call<'_>,
) -> Result<(reqwest::Response, u32), Error<E>> {
    match execute(client, call, false).await? {
        (Answer::Streaming(response), attempts) => Ok((response, attempts)),
        (Answer::Read(_), _) => Err(Error::InvalidRequest("the answer was read whole instead of streamed".to_owned())),
    }
}

/// The error for a response with an error status, its body read up to
/// `limit`; reading the body may itself fail, which is then the error.
async fn api_error<E: ErrorBody>(response: reqwest::Response, limit: usize) -> Error<E> {
    let whole = match read::whole(response, limit).await {
        Ok(whole) => whole,
        Err(e) => return e.into_error(Error::transport),
    };
    let raw = String::from_utf8_lossy(&whole.body).into_owned();
    let body = serde_json::from_str::<E>(&raw).ok();
    let request_id = request_id(&whole.headers);
    Error::Api(Box::new(ApiError { status: whole.status, body, raw, request_id, headers: whole.headers, attempts: 1 }))
}

/// `error` with the number of attempts made, where it has room for it.
fn with_attempts<E>(mut error: Error<E>, attempts: u32) -> Error<E> {
    match &mut error {
        Error::Api(e) => e.attempts = attempts,
        Error::Decode(e) => e.attempts = attempts,
        Error::TooLarge(e) => e.attempts = attempts,
        Error::Timeout { attempts: a, .. } | Error::Connection { attempts: a, .. } => *a = attempts,
        _ => {}
    }
    error
}

#[cfg(test)]
mod tests {
    use super::super::interface::{self, Credential, StreamEnd};
    use super::super::testing::{built, client, every_credential, get, interface_builder, values, API, CANARY};
    use super::super::{RequestOptions, DEFAULT_TIMEOUT};
    use super::*;
    use std::future::Future;

    #[tokio::test]
    async fn a_raw_body_is_the_files_bytes_under_its_media_type() {
        let client = client(Vec::new());
        let file = super::super::InputFile::from_bytes("voice.sdp", b"v=0\r\n".to_vec());
        let mut call = Call::new(reqwest::Method::POST, "/calls".to_owned());
        call.set_file(&file, "application/sdp");
        let request = built(&client, &call).await;
        assert_eq!(values(&request, "content-type"), ["application/sdp"]);
        let body = request.body().and_then(reqwest::Body::as_bytes).map(<[u8]>::to_vec);
        assert_eq!(body.as_deref(), Some(&b"v=0\r\n"[..]));
        // A file on disk is opened for each attempt; a missing one is an I/O
        // error before anything is sent.
        let missing = super::super::InputFile::from_path("/nonexistent/dir/audio.bin");
        let mut call = Call::new(reqwest::Method::POST, "/calls".to_owned());
        call.set_file(&missing, "application/octet-stream");
        assert!(matches!(request_of(&client, &call).await, Err(Error::Io(_))));
    }

    async fn request_of(client: &Client, call: &Call<'_>) -> Result<reqwest::RequestBuilder, Error> {
        request(client, call, DEFAULT_TIMEOUT, None).await
    }

    #[tokio::test]
    async fn each_kind_of_credential_goes_where_its_scheme_says() {
        let client = client(every_credential());
        let only = |scheme: &'static [&'static [usize]]| {
            let mut call = get("/things");
            call.set_security(scheme);
            call
        };

        let bearer = built(&client, &only(&[&[0]])).await;
        assert_eq!(values(&bearer, "authorization"), ["Bearer tok"]);
        assert!(bearer.headers().get("authorization").is_some_and(|v| v.is_sensitive()));
        assert_eq!(bearer.url().as_str(), "http://127.0.0.1:1/v1/things");

        let basic = built(&client, &only(&[&[1]])).await;
        assert_eq!(values(&basic, "authorization"), ["Basic dXNlcjpwYXNz"]);
        assert!(basic.headers().get("authorization").is_some_and(|v| v.is_sensitive()));

        let mut call = only(&[&[2, 3, 4, 5]]);
        call.push_query("limit", "2".to_owned());
        call.push_header("X-Trace", "t1".to_owned());
        let keys = built(&client.with_options(RequestOptions::new().query("extra", "1")), &call).await;
        assert!(keys.headers().get("authorization").is_none());
        assert_eq!(values(&keys, "x-api-key"), ["key-1"]);
        assert_eq!(values(&keys, "cookie"), ["session=s1; csrf=c2"]);
        assert_eq!(values(&keys, "x-trace"), ["t1"]);
        for name in ["x-api-key", "cookie"] {
            assert!(keys.headers().get(name).is_some_and(|v| v.is_sensitive()), "{name}");
        }
        assert!(!keys.headers().get("x-trace").is_some_and(|v| v.is_sensitive()));
        // The call's parameters, then the key, then the options'.
        assert_eq!(keys.url().query(), Some("limit=2&api_key=q+k%26%3D&extra=1"));
        assert_eq!(keys.url().path(), "/v1/things");
    }

    #[tokio::test]
    async fn a_query_written_into_the_path_comes_before_the_calls_parameters() {
        // A document's path template may carry literal pairs
        // (`/rides?v=2&page={page}`); the generator keeps them in the path.
        let mut call = get("/rides?v=2");
        call.push_query("page", "1".to_owned());
        let request = built(&client(Vec::new()), &call).await;
        assert_eq!(request.url().path(), "/v1/rides");
        assert_eq!(request.url().query(), Some("v=2&page=1"));
    }

    #[tokio::test]
    async fn the_first_satisfied_alternative_is_used() {
        // API: bearer, or else basic.
        let both = built(&client(every_credential()), &get("/x")).await;
        assert_eq!(values(&both, "authorization"), ["Bearer tok"]);
        let basic_only = built(&client(vec![(1, Credential::basic("user", "pass"))]), &get("/x")).await;
        assert_eq!(values(&basic_only, "authorization"), ["Basic dXNlcjpwYXNz"]);
        // Nothing satisfied: no credentials at all, so no header.
        let none = built(&client(vec![(2, Credential::token("key-1"))]), &get("/x")).await;
        assert!(none.headers().get("authorization").is_none());
        assert!(none.headers().get("x-api-key").is_none(), "only the first alternative's credentials are sent");

        // Nothing satisfied: the credentials set among the first
        // alternative's schemes are sent.
        let mut call = get("/x");
        call.set_security(&[&[2, 3], &[4]]);
        let partial = built(&client(vec![(2, Credential::token("key-1"))]), &call).await;
        assert_eq!(values(&partial, "x-api-key"), ["key-1"]);
        assert!(partial.headers().get("cookie").is_none());
        assert_eq!(partial.url().query(), None);
        // The second alternative is satisfied: only it is sent.
        let second = built(&client(vec![(2, Credential::token("key-1")), (4, Credential::token("s1"))]), &call).await;
        assert!(second.headers().get("x-api-key").is_none());
        assert_eq!(values(&second, "cookie"), ["session=s1"]);
    }

    #[tokio::test]
    async fn operations_without_or_with_optional_security() {
        let client = client(every_credential());
        let secured = |security: &'static [&'static [usize]]| {
            let mut call = get("/x");
            call.set_security(security);
            call
        };
        /// Asserts that `request` carries no credential at all.
        fn anonymous(request: &reqwest::Request, security: &[&[usize]]) {
            for name in ["authorization", "cookie", "x-api-key"] {
                assert!(request.headers().get(name).is_none(), "{name}: {security:?}");
            }
            assert_eq!(request.url().query(), None, "{security:?}");
        }
        const NONE: &[&[usize]] = &[];
        const OPTIONAL: &[&[usize]] = &[&[]];
        for security in [NONE, OPTIONAL] {
            anonymous(&built(&client, &secured(security)).await, security);
        }
        // Optional, whichever order the alternatives come in: the
        // credential is sent when set (and nothing else), nothing when not
        // (not even the other credentials set).
        const OPTIONAL_FIRST: &[&[usize]] = &[&[], &[0]];
        const OPTIONAL_LAST: &[&[usize]] = &[&[0], &[]];
        let mut without_bearer = every_credential();
        without_bearer.remove(0);
        let without_bearer = self::client(without_bearer);
        let nothing_set = self::client(vec![]);
        for security in [OPTIONAL_FIRST, OPTIONAL_LAST] {
            let request = built(&client, &secured(security)).await;
            assert_eq!(values(&request, "authorization"), ["Bearer tok"], "{security:?}");
            assert!(request.headers().get("cookie").is_none(), "{security:?}");
            assert!(request.headers().get("x-api-key").is_none(), "{security:?}");
            assert_eq!(request.url().query(), None, "{security:?}");
            anonymous(&built(&without_bearer, &secured(security)).await, security);
            anonymous(&built(&nothing_set, &secured(security)).await, security);
        }
    }

    #[tokio::test]
    async fn client_headers_are_sent_only_when_set() {
        let builder = interface::set_header(interface_builder(&API), 0, "org-1".to_owned());
        let client = builder.build().expect("builds");
        assert_eq!(interface::header(&client, 0), Some("org-1"));
        assert_eq!(interface::header(&client, 1), None);
        let request = built(&client, &get("/x")).await;
        assert_eq!(values(&request, "x-tenant"), ["org-1"]);
        assert!(request.headers().get("x-project").is_none());
        assert!(!request.headers().get("x-tenant").is_some_and(|v| v.is_sensitive()));
        let without = built(&self::client(vec![]), &get("/x")).await;
        assert!(without.headers().get("x-tenant").is_none());
    }

    #[tokio::test]
    async fn option_headers_replace_then_append() {
        let client = interface::set_header(interface_builder(&API), 0, "org-1".to_owned());
        let client = interface::set_credential(client, 0, Credential::token("tok")).build().expect("builds");
        let mut call = get("/x");
        call.push_header("X-Call", "from-call".to_owned());
        call.accept = Some("text/event-stream");
        let options = RequestOptions::new()
            .header("Authorization", "Bearer other")
            .header("authorization", "second")
            .header("X-Tenant", "org-2")
            .header("x-call", "from-options")
            .header("Accept", "application/json");
        let request = built(&client.with_options(options), &call).await;
        assert_eq!(values(&request, "authorization"), ["Bearer other", "second"]);
        assert_eq!(values(&request, "x-tenant"), ["org-2"]);
        assert_eq!(values(&request, "x-call"), ["from-options"]);
        assert_eq!(values(&request, "accept"), ["application/json"]);
        let plain = built(&client, &call).await;
        assert_eq!(values(&plain, "authorization"), ["Bearer tok"]);
        assert_eq!(values(&plain, "accept"), ["text/event-stream"]);
        assert_eq!(values(&plain, "x-call"), ["from-call"]);
    }

    #[tokio::test]
    async fn headers_that_cannot_be_sent_are_invalid_requests_that_hide_the_value() {
        let client = client(vec![(0, Credential::token(format!("{CANARY}\nmore")))]);
        let err = request(&client, &get("/x"), DEFAULT_TIMEOUT, None).await.err();
        assert!(
            matches!(&err, Some(Error::InvalidRequest(m)) if m == "the header `Authorization` has a name or value that cannot be sent"),
            "{err:?}"
        );
        let mut call = get("/x");
        call.push_header("X-Bad", "a\nb".to_owned());
        let err = request(&self::client(vec![]), &call, DEFAULT_TIMEOUT, None).await.err();
        assert!(
            matches!(&err, Some(Error::InvalidRequest(m)) if m == "the header `X-Bad` has a name or value that cannot be sent")
        );
    }

    #[tokio::test]
    async fn transport_errors_hide_a_key_sent_in_the_query() {
        // Nothing listens on port 1: the connection is refused.
        let options = RequestOptions::new().max_retries(0).timeout(Duration::from_secs(5));
        let client = client(vec![(3, Credential::token(CANARY))]).with_options(options);
        let mut call = get("/x");
        call.set_security(&[&[3]]);
        call.push_query("limit", "2".to_owned());
        let err = interface::send_json::<_, serde_json::Value>(&client, &call).await.err();
        let Some(err) = err else { panic!("nothing listens on port 1") };
        assert!(matches!(err, Error::Connection { .. } | Error::Timeout { .. }), "{err:?}");
        let (display, debug) = (err.to_string(), format!("{err:?}"));
        assert!(!display.contains(CANARY) && !debug.contains(CANARY), "{display} / {debug}");
        assert!(display.contains("limit=2"), "{display}");
        assert!(display.contains("api_key=%3Credacted%3E"), "{display}");
    }

    #[test]
    fn the_futures_of_a_call_can_be_sent_to_other_tasks() {
        fn send<F: Future + Send>(_: F) {}
        let client = client(vec![]);
        let call = get("/x");
        send(interface::send_json::<serde_json::Value, serde_json::Value>(&client, &call));
        send(interface::send_json_or_text::<serde_json::Value, serde_json::Value>(&client, &call));
        send(interface::send_text(&client, &call));
        send(interface::send_bytes(&client, &call));
        send(interface::send_empty(&client, &call));
        send(interface::send_byte_stream(&client, &call));
        let mut stream_call = get("/x");
        send(interface::send_event_stream::<_, serde_json::Value>(&client, &mut stream_call, StreamEnd::Close));
    }
}
