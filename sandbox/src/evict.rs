//! Forgetting what can no longer be used, so memory stays bounded over a
//! long run: tokens and secure tokens an hour after their 24 hours are up
//! (until then a late use is told "expired", not "not found"), challenges
//! as old, and idempotency keys after 24 hours.

use crate::store::{Store, TOKEN_LIFETIME};
use time::{Duration, OffsetDateTime};

/// How long past its lifetime an expired token is still recognised.
pub const GRACE: Duration = Duration::hours(1);

/// The least time between two sweeps that were not forced.
pub const SWEEP_EVERY: Duration = Duration::minutes(1);

impl Store {
    /// Drops what has expired at `now`. Without `force`, runs at most once
    /// per [`SWEEP_EVERY`] of the sandbox clock (creating tokens calls it).
    pub fn sweep(&mut self, now: OffsetDateTime, force: bool) {
        if !force {
            if let Some(last) = self.last_sweep {
                if now >= last && now < last + SWEEP_EVERY {
                    return;
                }
            }
        }
        self.last_sweep = Some(now);
        let horizon = TOKEN_LIFETIME + GRACE;
        self.tokens.retain(|_, t| now < t.created_at + horizon);
        self.secure_tokens
            .retain(|_, t| now < t.created_at + horizon);
        self.challenges.retain(|_, c| now < c.created_at + horizon);
        self.idempotency.evict(now);
        self.tokens.shrink_to_fit();
        self.secure_tokens.shrink_to_fit();
        self.challenges.shrink_to_fit();
    }
}
