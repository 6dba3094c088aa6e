//! The issuer's 3-D Secure challenge as a state machine: opened for a secure
//! token or a session's card payment, answered on the issuer's page (the
//! password, Cancel), expired after 10 minutes unfinished, and its outcome
//! handed back to whatever opened it. No card number or password is kept.

use crate::details::CardFacts;
use crate::ids::new_id;
use crate::secure_tokens::VerificationStatus;
use crate::store::Store;
use crate::three_ds::{
    auth_result, Authentication, Verdict, CHALLENGE_LIFETIME, MAX_ATTEMPTS, PASSWORD,
};
use time::OffsetDateTime;

/// What a challenge authenticates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    /// A secure token (by ID).
    SecureToken(String),
    /// A session's pending card payment (by session ID).
    Session(String),
}

/// How a challenge ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finish {
    /// The right password.
    Authenticated,
    /// Three wrong passwords, or the card that always fails.
    Failed,
    /// The shopper pressed Cancel.
    Cancelled,
    /// Unfinished after 10 minutes.
    Expired,
    /// Abandoned: the session was paid again or cancelled meanwhile.
    Superseded,
}

/// Where a challenge stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Waiting for the shopper.
    Open {
        /// Wrong passwords still allowed.
        attempts_left: u8,
    },
    /// Over.
    Finished(Finish),
}

/// A challenge: what the issuer's page shows and where it sends the shopper.
#[derive(Debug, Clone)]
pub struct ChallengeRecord {
    /// The opaque ID in the page's URL.
    pub id: String,
    /// When it was opened.
    pub created_at: OffsetDateTime,
    /// What it authenticates.
    pub owner: Owner,
    /// The card's 3-D Secure behaviour.
    pub authentication: Authentication,
    /// The amount shown.
    pub amount: u64,
    /// Its currency.
    pub currency: String,
    /// The card's brand.
    pub brand: String,
    /// The card's last four digits (all the page shows of it).
    pub last4: String,
    /// The full return URL (with `secure_token_id=` or `session_id=`), if any.
    pub return_to: Option<String>,
    /// Where it stands.
    pub state: State,
}

impl ChallengeRecord {
    /// A new open challenge for `card` (its ID is assigned by
    /// [`Store::open_challenge`]).
    pub fn new(
        now: OffsetDateTime,
        owner: Owner,
        card: &CardFacts,
        amount: u64,
        currency: &str,
        return_to: Option<String>,
    ) -> Self {
        ChallengeRecord {
            id: String::new(),
            created_at: now,
            owner,
            authentication: card.authentication,
            amount,
            currency: currency.to_owned(),
            brand: card.brand.clone(),
            last4: card.last4.clone(),
            return_to,
            state: State::Open {
                attempts_left: MAX_ATTEMPTS,
            },
        }
    }
}

/// What the shopper sent from the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer<'a> {
    /// The password field (the form's default button).
    Password(&'a str),
    /// The Cancel button.
    Cancel,
    /// "Return to the shop" on the page of an ended challenge.
    Return,
}

/// What the page does next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Show the form again, saying why.
    Ask(Retry),
    /// Send the shopper back (to `return_to`, when there is one).
    Done(Option<String>),
}

/// Why the form is shown again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// Nothing was typed (no try used).
    Empty,
    /// A wrong password; this many tries are left.
    Wrong(u8),
}

impl Store {
    /// Stores `record` under a fresh ID and returns the ID.
    pub fn open_challenge(&mut self, mut record: ChallengeRecord) -> String {
        let id = new_id("acs_");
        record.id = id.clone();
        self.challenges.insert(id.clone(), record);
        id
    }

    /// Expires every challenge open for 10 minutes or more at `now`.
    pub fn expire_challenges(&mut self, now: OffsetDateTime, base_url: &str) {
        let stale: Vec<String> = self
            .challenges
            .values()
            .filter(|c| {
                matches!(c.state, State::Open { .. }) && now >= c.created_at + CHALLENGE_LIFETIME
            })
            .map(|c| c.id.clone())
            .collect();
        for id in stale {
            self.finish_challenge(&id, Finish::Expired, now, base_url);
        }
    }

    /// Ends challenge `id` (if still open) and tells its owner.
    pub fn finish_challenge(
        &mut self,
        id: &str,
        finish: Finish,
        now: OffsetDateTime,
        base_url: &str,
    ) {
        let Some(challenge) = self.challenges.get_mut(id) else {
            return;
        };
        if !matches!(challenge.state, State::Open { .. }) {
            return;
        }
        challenge.state = State::Finished(finish);
        let owner = challenge.owner.clone();
        let brand = challenge.brand.clone();
        match owner {
            Owner::SecureToken(token) => {
                let Some(token) = self.secure_tokens.get_mut(&token) else {
                    return;
                };
                let (status, verdict) = match finish {
                    Finish::Authenticated => (VerificationStatus::Ok, Some(Verdict::Authenticated)),
                    Finish::Failed => (VerificationStatus::Errored, Some(Verdict::Failed)),
                    Finish::Cancelled => (VerificationStatus::Errored, Some(Verdict::Cancelled)),
                    Finish::Expired | Finish::Superseded => (VerificationStatus::Expired, None),
                };
                token.status = status;
                token.auth_result = verdict.map(|v| auth_result(v, &brand, true));
            }
            Owner::Session(session) => {
                self.finish_session_challenge(&session, id, finish, now, base_url);
            }
        }
    }

    /// Applies the shopper's answer to challenge `id` at `now`; `None` when
    /// there is no such challenge.
    pub fn answer_challenge(
        &mut self,
        id: &str,
        answer: Answer<'_>,
        now: OffsetDateTime,
        base_url: &str,
    ) -> Option<Step> {
        self.expire_challenges(now, base_url);
        let challenge = self.challenges.get_mut(id)?;
        let return_to = challenge.return_to.clone();
        let State::Open { attempts_left } = challenge.state else {
            return Some(Step::Done(return_to));
        };
        let finish = match answer {
            Answer::Cancel => Finish::Cancelled,
            Answer::Return => return Some(Step::Ask(Retry::Empty)),
            Answer::Password("") => return Some(Step::Ask(Retry::Empty)),
            Answer::Password(_) if challenge.authentication == Authentication::ChallengeFails => {
                Finish::Failed
            }
            Answer::Password(typed) if typed == PASSWORD => Finish::Authenticated,
            Answer::Password(_) => {
                let left = attempts_left.saturating_sub(1);
                if left > 0 {
                    challenge.state = State::Open {
                        attempts_left: left,
                    };
                    return Some(Step::Ask(Retry::Wrong(left)));
                }
                Finish::Failed
            }
        };
        self.finish_challenge(id, finish, now, base_url);
        Some(Step::Done(return_to))
    }
}
