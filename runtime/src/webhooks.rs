//! Webhook deliveries signed with the Standard Webhooks scheme
//! (<https://www.standardwebhooks.com>): the `webhook-id`,
//! `webhook-timestamp` and `webhook-signature` headers, an HMAC-SHA256 of
//! `{id}.{timestamp}.{body}` under the endpoint's `whsec_` secret, and a
//! tolerance on the timestamp against replays. Compiled with the Cargo
//! feature `webhook-signatures`.
//!
//! A receiving server calls [`verify`] with the request's headers, its raw
//! body (before any parsing) and the secret, and gets the event, read as
//! the client reads answers.

use base64::Engine as _;
use hmac::{KeyInit, Mac};
use reqwest::header::HeaderMap;
use std::fmt;
use std::time::{Duration, SystemTime};

/// How far a delivery's timestamp may be from the receiver's clock: five
/// minutes, as the scheme recommends.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(5 * 60);

/// Why a delivery is refused.
#[derive(Debug)]
#[non_exhaustive]
pub enum WebhookError {
    /// A header the scheme requires is missing or not text.
    MissingHeader(&'static str),
    /// `webhook-timestamp` is not a number of seconds.
    InvalidTimestamp,
    /// The timestamp is further than the tolerance from now: a replay, or
    /// a clock that is wrong.
    OutsideTolerance,
    /// The secret is not `whsec_` followed by base64.
    InvalidSecret,
    /// No `v1` signature of `webhook-signature` matches the body.
    SignatureMismatch,
    /// The signature matches but the body is not the event's JSON.
    Payload(serde_json::Error),
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::MissingHeader(name) => write!(f, "the webhook has no `{name}` header"),
            WebhookError::InvalidTimestamp => f.write_str("the webhook's timestamp is not a number of seconds"),
            WebhookError::OutsideTolerance => f.write_str("the webhook's timestamp is too far from now"),
            WebhookError::InvalidSecret => f.write_str("the webhook secret is not `whsec_` followed by base64"),
            WebhookError::SignatureMismatch => f.write_str("no signature of the webhook matches its body"),
            WebhookError::Payload(e) => write!(f, "the webhook's body is not the event: {e}"),
        }
    }
}

impl std::error::Error for WebhookError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WebhookError::Payload(e) => Some(e),
            _ => None,
        }
    }
}

/// Checks the delivery's signature and timestamp (against the system
/// clock, [`DEFAULT_TOLERANCE`]), then reads `body` as `T`, as answers
/// are read (fields the API leaves out read as their zero values).
pub fn verify<T: serde::de::DeserializeOwned>(
    headers: &HeaderMap,
    body: &[u8],
    secret: &str,
) -> Result<T, WebhookError> {
    verify_signature(headers, body, secret, SystemTime::now(), DEFAULT_TOLERANCE)?;
    super::read_answer::<T>(body).map(|(event, _)| event).map_err(WebhookError::Payload)
}

/// Checks that `headers` carry a `v1` signature of `body` under `secret`,
/// compared in constant time, and a timestamp within `tolerance` of `now`.
pub fn verify_signature(
    headers: &HeaderMap,
    body: &[u8],
    secret: &str,
    now: SystemTime,
    tolerance: Duration,
) -> Result<(), WebhookError> {
    let header = |name: &'static str| {
        headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim).ok_or(WebhookError::MissingHeader(name))
    };
    let (id, timestamp, signatures) =
        (header("webhook-id")?, header("webhook-timestamp")?, header("webhook-signature")?);
    let sent_at: u64 = timestamp.parse().map_err(|_| WebhookError::InvalidTimestamp)?;
    let sent_at = SystemTime::UNIX_EPOCH + Duration::from_secs(sent_at);
    // How far apart, whichever is earlier.
    let apart = now.duration_since(sent_at).unwrap_or_else(|e| e.duration());
    if apart > tolerance {
        return Err(WebhookError::OutsideTolerance);
    }
    let key = secret.strip_prefix("whsec_").unwrap_or(secret);
    let key = base64::engine::general_purpose::STANDARD.decode(key).map_err(|_| WebhookError::InvalidSecret)?;
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&key).map_err(|_| WebhookError::InvalidSecret)?;
    mac.update(id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(body);
    let matches = signatures.split_whitespace().filter_map(|s| s.strip_prefix("v1,")).any(|signature| {
        let decoded = base64::engine::general_purpose::STANDARD.decode(signature);
        decoded.is_ok_and(|signature| mac.clone().verify_slice(&signature).is_ok())
    });
    if matches {
        Ok(())
    } else {
        Err(WebhookError::SignatureMismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The scheme's published example, checked independently with Python's
    // hmac and hashlib: base64(HMAC-SHA256(key, "msg_...1614265330.{body}")).
    const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    const TIMESTAMP: u64 = 1614265330;
    const BODY: &[u8] = br#"{"test": 2432232314}"#;
    const SIGNATURE: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    fn headers(signature: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in [("webhook-id", ID.to_owned()), ("webhook-timestamp", TIMESTAMP.to_string())] {
            headers.insert(name, value.parse().expect("a header value"));
        }
        headers.insert("webhook-signature", signature.parse().expect("a header value"));
        headers
    }

    fn at(seconds: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(seconds)
    }

    #[test]
    fn the_published_example_verifies() {
        let check =
            |signature: &str, now| verify_signature(&headers(signature), BODY, SECRET, at(now), DEFAULT_TOLERANCE);
        assert!(check(SIGNATURE, TIMESTAMP).is_ok());
        // Among other signatures (a key being rotated), in any order.
        assert!(check(&format!("v1,bm90IGl0 {SIGNATURE}"), TIMESTAMP + 299).is_ok());
        assert!(check(SIGNATURE, TIMESTAMP - 299).is_ok(), "a clock a little behind");
    }

    #[test]
    fn anything_changed_is_refused() {
        let check = |headers: &HeaderMap, body: &[u8], secret: &str, now| {
            verify_signature(headers, body, secret, at(now), DEFAULT_TOLERANCE).err().map(|e| e.to_string())
        };
        let mismatch = Some(WebhookError::SignatureMismatch.to_string());
        assert_eq!(check(&headers(SIGNATURE), br#"{"test": 2432232315}"#, SECRET, TIMESTAMP), mismatch);
        assert_eq!(check(&headers(SIGNATURE), BODY, "whsec_bm90IHRoZSBrZXk=", TIMESTAMP), mismatch);
        assert_eq!(
            check(&headers("v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="), BODY, SECRET, TIMESTAMP),
            mismatch
        );
        assert_eq!(check(&headers("v1,not base64!"), BODY, SECRET, TIMESTAMP), mismatch);
        let mut other_id = headers(SIGNATURE);
        other_id.insert("webhook-id", "msg_other".parse().expect("a header value"));
        assert_eq!(check(&other_id, BODY, SECRET, TIMESTAMP), mismatch);
        let late = Some(WebhookError::OutsideTolerance.to_string());
        assert_eq!(check(&headers(SIGNATURE), BODY, SECRET, TIMESTAMP + 301), late, "a replay");
        assert_eq!(check(&headers(SIGNATURE), BODY, SECRET, TIMESTAMP - 301), late);
        assert_eq!(
            check(&headers(SIGNATURE), BODY, "whsec_%%%", TIMESTAMP),
            Some(WebhookError::InvalidSecret.to_string())
        );
        let mut no_id = headers(SIGNATURE);
        no_id.remove("webhook-id");
        assert_eq!(check(&no_id, BODY, SECRET, TIMESTAMP), Some("the webhook has no `webhook-id` header".to_owned()));
    }

    #[test]
    fn a_verified_body_is_read_as_the_event() {
        #[derive(Debug, serde::Deserialize, PartialEq)]
        struct Event {
            test: u64,
        }
        let now = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
        let key = base64::engine::general_purpose::STANDARD.decode(&SECRET[6..]).expect("base64");
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&key).expect("any key length");
        mac.update(format!("{ID}.{now}.").as_bytes());
        mac.update(BODY);
        let signature = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
        let mut headers = headers(&format!("v1,{signature}"));
        headers.insert("webhook-timestamp", now.to_string().parse().expect("a header value"));
        assert_eq!(verify::<Event>(&headers, BODY, SECRET).expect("verified"), Event { test: 2432232314 });
        let wrong = verify::<Event>(&headers, b"[1]", SECRET).err().map(|e| e.to_string());
        assert_eq!(wrong, Some(WebhookError::SignatureMismatch.to_string()), "the signature is checked first");
    }
}
