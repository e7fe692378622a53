//! Which redirects the client follows: those that stay on the origin
//! (scheme, host and port) the request was sent to, ten at most.
//!
//! A redirect to another origin is not followed, whatever the method and
//! status: the call ends with an [`Error::Api`](super::Error::Api) carrying
//! the 3xx status and its `location` header. So no credential, no header
//! the client or the caller added (an API's own headers, an `api-key`,
//! anything from `RequestOptions::header`) and no request body (a prompt,
//! an uploaded file) ever reaches a host the caller did not name. HTTP's
//! own rules apply on the same origin: 301, 302 and 303 repeat a `POST` as
//! a `GET` without its body, 307 and 308 repeat the request as it was.
//!
//! A client given its own `reqwest::Client` (`ClientBuilder::http_client`)
//! follows that client's policy instead.

/// How many redirects one request may follow.
pub(super) const MAX_REDIRECTS: usize = 10;

/// The policy of the HTTP clients the client makes itself.
pub(super) fn policy() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let Some(first) = attempt.previous().first() else { return attempt.stop() };
        if !same_origin(first, attempt.url()) {
            attempt.stop()
        } else if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error(format!("more than {MAX_REDIRECTS} redirects"))
        } else {
            attempt.follow()
        }
    })
}

/// Same scheme, host and port (a port left out counts as the scheme's).
fn same_origin(a: &reqwest::Url, b: &reqwest::Url) -> bool {
    a.scheme() == b.scheme() && a.host_str() == b.host_str() && a.port_or_known_default() == b.port_or_known_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_origin_is_scheme_host_and_port() {
        let url = |text: &str| reqwest::Url::parse(text).expect("a URL");
        let api = url("https://api.example.com/v1/files");
        assert!(same_origin(&api, &url("https://api.example.com/v2/other?x=1")));
        assert!(same_origin(&api, &url("https://api.example.com:443/v1")));
        assert!(!same_origin(&api, &url("http://api.example.com/v1")));
        assert!(!same_origin(&api, &url("https://api.example.com:8443/v1")));
        assert!(!same_origin(&api, &url("https://files.example.com/v1")));
        assert!(!same_origin(&api, &url("https://api.example.com.evil.test/v1")));
    }
}
