//! The sandbox's notion of "now": the system clock or a frozen instant, plus an
//! offset that tests move forward (token expiry, card expiry).

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

/// An injectable clock. Clones share state: advancing one advances all, so a
/// test keeps a clone of the clock it put in the [`crate::Config`].
#[derive(Clone, Debug)]
pub struct Clock {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    base: Base,
    offset_secs: AtomicI64,
}

#[derive(Debug, Clone, Copy)]
enum Base {
    System,
    Frozen(OffsetDateTime),
}

impl Clock {
    /// The system clock (UTC), plus any offset applied with [`Clock::advance`].
    pub fn system() -> Self {
        Clock::with_base(Base::System)
    }

    /// A clock stopped at `at`; only [`Clock::advance`] moves it.
    pub fn frozen(at: OffsetDateTime) -> Self {
        Clock::with_base(Base::Frozen(at.to_offset(time::UtcOffset::UTC)))
    }

    fn with_base(base: Base) -> Self {
        Clock {
            inner: Arc::new(Inner {
                base,
                offset_secs: AtomicI64::new(0),
            }),
        }
    }

    /// The current instant in UTC, whole seconds.
    pub fn now(&self) -> OffsetDateTime {
        let base = match self.inner.base {
            Base::System => OffsetDateTime::now_utc(),
            Base::Frozen(at) => at,
        };
        let offset = self.inner.offset_secs.load(Ordering::SeqCst);
        let now = base.checked_add(Duration::seconds(offset)).unwrap_or(base);
        now.replace_nanosecond(0).unwrap_or(now)
    }

    /// Moves the clock by `seconds` (negative goes back). Refused (returning
    /// `false`) when the result would leave the years 1–9999.
    pub fn advance(&self, seconds: i64) -> bool {
        let result =
            self.inner
                .offset_secs
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |current| {
                    let next = current.checked_add(seconds)?;
                    let base = match self.inner.base {
                        Base::System => OffsetDateTime::now_utc(),
                        Base::Frozen(at) => at,
                    };
                    let moved = base.checked_add(Duration::seconds(next))?;
                    (1..=9999).contains(&moved.year()).then_some(next)
                });
        result.is_ok()
    }

    /// Undoes every [`Clock::advance`].
    pub fn reset(&self) {
        self.inner.offset_secs.store(0, Ordering::SeqCst);
    }
}

impl Default for Clock {
    fn default() -> Self {
        Clock::system()
    }
}

/// `2026-11-24T06:20:21Z`, as the KOMOJU API writes times.
pub fn rfc3339(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    let at = at.replace_nanosecond(0).unwrap_or(at);
    at.format(&Rfc3339)
        .unwrap_or_else(|_| String::from("1970-01-01T00:00:00Z"))
}

/// Parses an RFC 3339 instant (`2026-11-24T06:20:21Z`).
pub fn parse_rfc3339(text: &str) -> Result<OffsetDateTime, time::error::Parse> {
    OffsetDateTime::parse(text, &Rfc3339)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn frozen_clocks_move_only_when_advanced_and_clones_share_state() {
        let clock = Clock::frozen(datetime!(2026-11-24 06:20:21.5 UTC));
        let other = clock.clone();
        assert_eq!(rfc3339(clock.now()), "2026-11-24T06:20:21Z");
        assert!(other.advance(86_400));
        assert_eq!(rfc3339(clock.now()), "2026-11-25T06:20:21Z");
        assert!(!clock.advance(i64::MAX));
        clock.reset();
        assert_eq!(rfc3339(other.now()), "2026-11-24T06:20:21Z");
    }
}
