//! When to send a request again, and how long to wait first.
//!
//! The policy: up to `max_retries` more attempts (2 by default) after a
//! timeout, a connection failure, or the statuses 408, 409, 429 and 5xx.
//! The wait doubles from 0.5 s up to 8 s, less a random 0-25 % (so that
//! many clients failing together do not retry together). A server that
//! says how long to wait (`retry-after-ms`, or `retry-after` in seconds or
//! as an HTTP date) is obeyed when it asks for 0 to 60 s. A server that
//! sends `x-should-retry: false` is never retried; `true` forces a retry.

use reqwest::header::HeaderMap;
use std::time::{Duration, SystemTime};

pub(crate) const DEFAULT_MAX_RETRIES: u32 = 2;
const INITIAL_DELAY: Duration = Duration::from_millis(500);
const MAX_DELAY: Duration = Duration::from_secs(8);
/// The longest `retry-after` the client waits for; a longer one is taken
/// as a sign that waiting is pointless, and the computed backoff is used.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// Whether a response with this status may succeed when sent again.
pub(crate) fn retryable_status(status: u16) -> bool {
    matches!(status, 408 | 409 | 429) || status >= 500
}

/// Whether to retry an error response, all things considered.
pub(crate) fn should_retry(status: u16, headers: &HeaderMap) -> bool {
    match headers.get("x-should-retry").and_then(|v| v.to_str().ok()) {
        Some("true") => true,
        Some("false") => false,
        _ => retryable_status(status),
    }
}

/// The wait before retry number `retry` (0 for the first), with `jitter`
/// in `[0, 1)`.
pub(crate) fn backoff(retry: u32, jitter: f64) -> Duration {
    let exponential = INITIAL_DELAY.saturating_mul(2u32.saturating_pow(retry.min(16)));
    let capped = exponential.min(MAX_DELAY);
    capped.mul_f64(1.0 - 0.25 * jitter.clamp(0.0, 1.0))
}

/// The wait the server asks for, if it asks for a sane one.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    let wait = if let Some(ms) = header("retry-after-ms").and_then(|v| v.parse::<f64>().ok()) {
        duration_from_secs(ms / 1000.0)
    } else {
        let value = header("retry-after")?;
        match value.parse::<f64>() {
            Ok(secs) => duration_from_secs(secs),
            Err(_) => parse_http_date(value).map(|at| at.duration_since(now).unwrap_or(Duration::ZERO)),
        }
    }?;
    (wait <= MAX_RETRY_AFTER).then_some(wait)
}

fn duration_from_secs(secs: f64) -> Option<Duration> {
    (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs.min(1e9)))
}

/// A random number in `[0, 1)` from the standard library's per-process
/// random hash keys (no random-number crate needed for jitter).
pub(crate) fn jitter() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0));
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// Parses an HTTP date in its preferred form (RFC 9110 IMF-fixdate):
/// `Sun, 06 Nov 1994 08:49:37 GMT`.
fn parse_http_date(text: &str) -> Option<SystemTime> {
    let mut parts = text.split_whitespace();
    let _weekday = parts.next()?;
    let day: u64 = parts.next()?.parse().ok()?;
    let month = match parts.next()? {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    let year: i64 = parts.next()?.parse().ok()?;
    let mut clock = parts.next()?.split(':').map(|p| p.parse::<u64>().ok());
    let (h, m, s) = (clock.next()??, clock.next()??, clock.next()??);
    if parts.next()? != "GMT" || !(1..=31).contains(&day) || h > 23 || m > 59 || s > 60 {
        return None;
    }
    // Days since 1970-01-01 of a proleptic Gregorian date.
    let (y, mo) = if month <= 2 { (year - 1, month + 9) } else { (year, month - 3) };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * mo + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = u64::try_from(days).ok()?.checked_mul(86_400)?.checked_add(h * 3600 + m * 60 + s)?;
    SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(secs))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            if let Ok(v) = HeaderValue::from_str(v) {
                map.insert(*k, v);
            }
        }
        map
    }

    #[test]
    fn backoff_doubles_up_to_a_cap_less_jitter() {
        assert_eq!(backoff(0, 0.0), Duration::from_millis(500));
        assert_eq!(backoff(1, 0.0), Duration::from_secs(1));
        assert_eq!(backoff(2, 0.0), Duration::from_secs(2));
        assert_eq!(backoff(4, 0.0), Duration::from_secs(8));
        assert_eq!(backoff(40, 0.0), Duration::from_secs(8));
        assert_eq!(backoff(0, 1.0), Duration::from_millis(375));
        assert_eq!(backoff(4, 0.5), Duration::from_secs(7));
    }

    #[test]
    fn jitter_is_in_range_and_varies() {
        let samples: Vec<f64> = (0..64).map(|_| jitter()).collect();
        assert!(samples.iter().all(|j| (0.0..1.0).contains(j)));
        assert!(samples.windows(2).any(|w| w[0] != w[1]));
    }

    #[test]
    fn retry_after_forms() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
        let at = |h: &[(&'static str, &str)]| retry_after(&headers(h), now);
        assert_eq!(at(&[("retry-after-ms", "1500")]), Some(Duration::from_millis(1500)));
        assert_eq!(at(&[("retry-after-ms", "250.5")]), Some(Duration::from_micros(250_500)));
        assert_eq!(at(&[("retry-after", "3")]), Some(Duration::from_secs(3)));
        assert_eq!(at(&[("retry-after", "Sun, 06 Nov 1994 08:49:47 GMT")]), Some(Duration::from_secs(10)));
        // A date in the past means "now".
        assert_eq!(at(&[("retry-after", "Sun, 06 Nov 1994 08:49:00 GMT")]), Some(Duration::ZERO));
        // `retry-after-ms` wins over `retry-after`.
        assert_eq!(at(&[("retry-after-ms", "10"), ("retry-after", "5")]), Some(Duration::from_millis(10)));
        // Out of bounds or malformed: not obeyed.
        assert_eq!(at(&[("retry-after", "3600")]), None);
        assert_eq!(at(&[("retry-after", "-1")]), None);
        assert_eq!(at(&[("retry-after", "soon")]), None);
        assert_eq!(at(&[("retry-after", "Sun, 06 Nov 1994 25:49:47 GMT")]), None);
        assert_eq!(at(&[("retry-after-ms", "NaN")]), None);
        assert_eq!(at(&[]), None);
    }

    #[test]
    fn http_dates_parse_exactly() {
        let t = parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(t, Some(SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777)));
        let leap = parse_http_date("Thu, 29 Feb 2024 00:00:00 GMT");
        assert_eq!(leap, Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1_709_164_800)));
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 PST"), None);
        assert_eq!(parse_http_date("garbage"), None);
        assert_eq!(parse_http_date(""), None);
    }

    #[test]
    fn should_retry_follows_status_and_server_hint() {
        let none = HeaderMap::new();
        assert!(should_retry(429, &none));
        assert!(should_retry(503, &none));
        assert!(!should_retry(400, &none));
        assert!(!should_retry(503, &headers(&[("x-should-retry", "false")])));
        assert!(should_retry(400, &headers(&[("x-should-retry", "true")])));
    }
}
