//! The in-flight policy of a tokenizer, as one explicit state: idle, a call
//! starting, or a call sending. While a call is in flight, the same request
//! again shares it (a double-clicked Pay button makes one request); any other
//! request is refused with `tokenization_in_progress`. The JavaScript
//! `Tokenizer` class and the Rust client both keep one of these, so the two
//! behave the same.

use super::error::TokenizeError;
use crate::error::ClientCode;
use crate::i18n::Locale;

/// Where a tokenizer stands. `B` is the request (compared to tell the same
/// details from others), `C` the handle of the call in flight that a second
/// caller shares (a JS `Promise`, a Rust shared result).
#[derive(Default)]
pub enum InFlight<B, C> {
    /// Nothing in flight.
    #[default]
    Idle,
    /// A call was admitted and is being started: it has no handle yet, so
    /// nothing can share it.
    Starting {
        /// Its request.
        request: B,
    },
    /// A call is sending.
    Sending {
        /// Its request.
        request: B,
        /// Its handle.
        call: C,
    },
}

impl<B, C> core::fmt::Debug for InFlight<B, C> {
    // Only the state: the request holds the card.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            InFlight::Idle => "Idle",
            InFlight::Starting { .. } => "Starting",
            InFlight::Sending { .. } => "Sending",
        })
    }
}

/// What to do with a new call.
#[derive(Debug)]
pub enum Admission<C> {
    /// Start it: the tokenizer is now [`InFlight::Starting`]; give it the
    /// call's handle with [`InFlight::sending`].
    Start,
    /// The same request is in flight: share its call.
    Share(C),
    /// Another call is in flight: refuse this one.
    Refuse(TokenizeError),
}

impl<B: PartialEq, C: Clone> InFlight<B, C> {
    /// Decides on a new call with `request`.
    pub fn admit(&mut self, request: B) -> Admission<C> {
        match self {
            InFlight::Idle => {
                *self = InFlight::Starting { request };
                Admission::Start
            }
            InFlight::Sending {
                request: current,
                call,
            } if *current == request => Admission::Share(call.clone()),
            _ => Admission::Refuse(TokenizeError::client(
                ClientCode::TokenizationInProgress,
                Locale::En,
            )),
        }
    }

    /// The admitted call started: `call` is its handle. Does nothing unless
    /// a call is starting (it may already have finished).
    pub fn sending(&mut self, call: C) {
        if let InFlight::Starting { .. } = self {
            let InFlight::Starting { request } = core::mem::take(self) else {
                return;
            };
            *self = InFlight::Sending { request, call };
        }
    }

    /// The call in flight finished, however it ended.
    pub fn finish(&mut self) {
        *self = InFlight::Idle;
    }

    /// Whether a call is in flight.
    pub fn is_busy(&self) -> bool {
        !matches!(self, InFlight::Idle)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type State = InFlight<&'static str, u32>;

    fn refused(a: Admission<u32>) -> bool {
        matches!(a, Admission::Refuse(e) if e.code == ClientCode::TokenizationInProgress.into()
            && e.kind == crate::error::ErrorType::Integration)
    }

    #[test]
    fn the_same_request_shares_the_call_and_another_is_refused() {
        let mut s = State::default();
        assert!(!s.is_busy());
        assert!(matches!(s.admit("card A"), Admission::Start));
        // Starting: no handle yet, so even the same request cannot share it.
        assert!(refused(s.admit("card A")));
        s.sending(7);
        assert!(matches!(s.admit("card A"), Admission::Share(7)));
        assert!(matches!(s.admit("card A"), Admission::Share(7)));
        assert_eq!(format!("{s:?}"), "Sending", "the request is never shown");
        assert!(refused(s.admit("card B")));
        assert!(s.is_busy());
        s.finish();
        assert!(!s.is_busy());
        assert!(matches!(s.admit("card B"), Admission::Start));
    }

    #[test]
    fn a_call_that_finished_while_starting_stays_finished() {
        let mut s = State::default();
        assert!(matches!(s.admit("card A"), Admission::Start));
        s.finish();
        s.sending(1);
        assert!(!s.is_busy(), "a late handle does not bring the call back");
        assert!(matches!(s.admit("card B"), Admission::Start));
    }
}
