//! Idempotency keys: a call that may be sent more than once and is not
//! idempotent by its method (`POST`, `PATCH`) carries one
//! `Idempotency-Key`, the same on every attempt, so that a server which
//! honours the header does its work (a completion, an image, a charge)
//! once however many attempts reach it. A key the caller sends itself
//! (`RequestOptions::header("Idempotency-Key", ...)`) is kept.

/// The header's name, as the IETF draft and the APIs that honour it
/// spell it.
pub(super) const HEADER: &str = "idempotency-key";

/// Whether HTTP says sending `method` twice does no more than once.
pub(super) fn is_idempotent(method: &reqwest::Method) -> bool {
    !matches!(*method, reqwest::Method::POST | reqwest::Method::PATCH)
}

/// A new random key: 128 bits as 32 hex digits, from the standard
/// library's per-process random hash keys mixed with the clock and a
/// counter (no random-number crate needed; a key must be unique, not
/// secret).
pub(super) fn new_key() -> String {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    let half = |salt: u64| {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u64(salt);
        hasher.write_u64(count);
        hasher.write_u128(now);
        hasher.finish()
    };
    format!("{:016x}{:016x}", half(1), half(2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_32_hex_digits_and_do_not_repeat() {
        let keys: std::collections::BTreeSet<String> = (0..1000).map(|_| new_key()).collect();
        assert_eq!(keys.len(), 1000);
        assert!(keys.iter().all(|key| key.len() == 32 && key.bytes().all(|b| b.is_ascii_hexdigit())));
    }

    #[test]
    fn post_and_patch_are_the_methods_that_are_not_idempotent() {
        use reqwest::Method;
        for method in [Method::GET, Method::PUT, Method::DELETE, Method::HEAD, Method::OPTIONS] {
            assert!(is_idempotent(&method), "{method}");
        }
        assert!(!is_idempotent(&Method::POST));
        assert!(!is_idempotent(&Method::PATCH));
    }
}
