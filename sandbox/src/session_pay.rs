//! `POST /api/v1/sessions/{id}/pay` (either key): a details object of any
//! type, a token ID or a secure token ID. Cards run 3-D Secure: frictionless
//! → `completed` at once; challenged → `pending` with the issuer's page as
//! `redirect_url`, completed when the challenge ends well. A decline is a
//! KOMOJU error and the session stays payable.

use crate::app::App;
use crate::auth::ApiKey;
use crate::body::{given, ApiBody};
use crate::challenge::{ChallengeRecord, Finish, Owner};
use crate::charge::Charge;
use crate::details::{self, Method, Tokenized};
use crate::error::ApiError;
use crate::ids::new_id;
use crate::issuer::challenge_url;
use crate::return_url;
use crate::sessions::{refused, PendingCharge, SessionRecord, SessionStatus};
use crate::store::Store;
use axum::extract::{Path, State};
use axum::{Extension, Json};
use serde_json::{json, Map, Value};
use time::OffsetDateTime;

/// The payment type name of validated details.
fn kind(tokenized: &Tokenized) -> &str {
    match &tokenized.method {
        Method::Card(_) => "credit_card",
        Method::Other { kind } => kind,
    }
}

/// `capture`: `auto` or `manual`; `None` keeps the session's.
fn capture(body: &Map<String, Value>) -> Result<Option<bool>, ApiError> {
    match given(body, "capture").map(|v| v.as_str().map(str::trim)) {
        None => Ok(None),
        Some(Some("auto")) => Ok(Some(true)),
        Some(Some("manual")) => Ok(Some(false)),
        Some(_) => Err(ApiError::invalid(
            "capture",
            "capture must be auto or manual",
        )),
    }
}

/// `fraud_details`: an object with at least `customer_ip`.
fn fraud_details(body: &Map<String, Value>) -> Result<(), ApiError> {
    match given(body, "fraud_details") {
        None => Ok(()),
        Some(Value::Object(map)) => match given(map, "customer_ip") {
            Some(Value::String(_)) => Ok(()),
            Some(_) => Err(ApiError::invalid(
                "fraud_details[customer_ip]",
                "fraud_details[customer_ip] must be a string",
            )),
            None => Err(ApiError::missing("fraud_details[customer_ip]")),
        },
        Some(_) => Err(ApiError::invalid(
            "fraud_details",
            "fraud_details must be an object",
        )),
    }
}

/// Refuses a session that cannot take a payment now.
fn payable(session: &SessionRecord, now: OffsetDateTime) -> Result<(), ApiError> {
    match session.status {
        SessionStatus::Completed => Err(refused(
            "the session is already completed",
            "session_completed",
        )),
        SessionStatus::Cancelled => Err(refused("the session was cancelled", "session_cancelled")),
        SessionStatus::Pending if session.expired(now) => {
            Err(refused("the session has expired", "session_expired"))
        }
        SessionStatus::Pending => Ok(()),
    }
}

fn type_refused() -> ApiError {
    ApiError::invalid(
        "payment_details[type]",
        "this session does not accept that payment type",
    )
    .with_details(json!({ "reason": "payment_type_not_allowed" }))
}

/// Pays a session.
pub async fn pay(
    State(app): State<App>,
    Extension(_key): Extension<ApiKey>,
    Path(id): Path<String>,
    ApiBody(body): ApiBody,
) -> Result<Json<Value>, ApiError> {
    let capture = capture(&body)?;
    fraud_details(&body)?;
    let details =
        given(&body, "payment_details").ok_or_else(|| ApiError::missing("payment_details"))?;
    let now = app.clock().now();
    let base_url = app.base_url();
    let mut store = app.store();
    store.expire_challenges(now, base_url);
    let session = store
        .sessions
        .get(&id)
        .ok_or_else(|| ApiError::not_found("session not found"))?
        .clone();
    payable(&session, now)?;
    let (tokenized, authenticated) = match details {
        Value::Object(map) => {
            let mut map = map.clone();
            if let (None, Some(email)) = (given(&map, "email"), &session.email) {
                map.insert("email".into(), Value::String(email.clone()));
            }
            let tokenized = details::tokenize(&Value::Object(map), app.today())?;
            if !session.payment_types.iter().any(|t| t == kind(&tokenized)) {
                return Err(type_refused());
            }
            (tokenized, false)
        }
        Value::String(token) => {
            let token = token.trim();
            let peek = match store.tokens.get(token) {
                Some(t) => kind(&t.tokenized).to_owned(),
                None => "credit_card".to_owned(),
            };
            if !session.payment_types.contains(&peek) {
                return Err(type_refused());
            }
            store.take_payment_token(token, now, &session.currency, session.amount)?
        }
        _ => {
            return Err(ApiError::invalid(
                "payment_details",
                "payment_details must be an object, a token ID or a secure token ID",
            ))
        }
    };
    let capture = capture.unwrap_or(session.capture);
    if let Some(pending) = &session.pending {
        // A new attempt replaces the one waiting for its challenge.
        store.finish_challenge(&pending.challenge, Finish::Superseded, now, base_url);
    }
    let payment_id = new_id("pay_");
    let order_num = session.payment_data["external_order_num"].as_str();
    let charge = Charge {
        id: &payment_id,
        amount: session.amount,
        currency: &session.currency,
        tokenized: &tokenized,
        capture,
        customer: None,
        session: Some(&session.id),
        external_order_num: order_num,
        metadata: &session.metadata,
        param: "payment_details",
    };
    let challenged = match &tokenized.method {
        Method::Card(card) if !authenticated && card.authentication.needs_challenge() => {
            Some(card.clone())
        }
        _ => None,
    };
    if let Some(card) = challenged {
        let payment = charge.object("pending", now, base_url);
        let return_to = session
            .return_url
            .as_deref()
            .map(|url| return_url::with_param(url, "session_id", &session.id));
        let challenge = store.open_challenge(ChallengeRecord::new(
            now,
            Owner::Session(session.id.clone()),
            &card,
            session.amount,
            &session.currency,
            return_to,
        ));
        let redirect_url = challenge_url(app.issuer_url(), &challenge);
        store.payments.insert(payment_id.clone(), payment.clone());
        if let Some(record) = store.sessions.get_mut(&id) {
            record.payment = Some(payment_id.clone());
            record.pending = Some(PendingCharge {
                payment: payment_id,
                challenge,
                tokenized,
                capture,
            });
        }
        return Ok(Json(json!({
            "status": "pending",
            "redirect_url": redirect_url,
            "payment": payment,
        })));
    }
    let payment = charge.run(now, base_url)?;
    store.payments.insert(payment_id.clone(), payment.clone());
    if let Some(record) = store.sessions.get_mut(&id) {
        record.payment = Some(payment_id);
        record.status = SessionStatus::Completed;
        record.completed_at = Some(now);
    }
    Ok(Json(json!({
        "status": "completed",
        "redirect_url": null,
        "payment": payment,
    })))
}

impl Store {
    /// Ends the challenge `challenge` of session `session`'s pending card
    /// payment: authenticated → paid (captured, or authorized with manual
    /// capture) and the session completed; otherwise the payment is
    /// `failed`, `cancelled` or `expired` and the session stays payable.
    pub fn finish_session_challenge(
        &mut self,
        session: &str,
        challenge: &str,
        finish: Finish,
        now: OffsetDateTime,
        base_url: &str,
    ) {
        let Some(record) = self.sessions.get_mut(session) else {
            return;
        };
        if record.pending.as_ref().map(|p| p.challenge.as_str()) != Some(challenge) {
            return;
        }
        let Some(pending) = record.pending.take() else {
            return;
        };
        let status = match finish {
            Finish::Authenticated => {
                let charge = Charge {
                    id: &pending.payment,
                    amount: record.amount,
                    currency: &record.currency,
                    tokenized: &pending.tokenized,
                    capture: pending.capture,
                    customer: None,
                    session: Some(&record.id),
                    external_order_num: record.payment_data["external_order_num"].as_str(),
                    metadata: &record.metadata,
                    param: "payment_details",
                };
                match charge.run(now, base_url) {
                    Ok(payment) => {
                        record.status = SessionStatus::Completed;
                        record.completed_at = Some(now);
                        self.payments.insert(pending.payment.clone(), payment);
                        return;
                    }
                    Err(_) => "failed",
                }
            }
            Finish::Failed => "failed",
            Finish::Cancelled | Finish::Superseded => "cancelled",
            Finish::Expired => "expired",
        };
        if let Some(Value::Object(payment)) = self.payments.get_mut(&pending.payment) {
            payment.insert("status".into(), Value::String(status.to_owned()));
        }
    }
}
