//! Shared state and the router: which path goes to which handler, and in
//! which order the layers run.

use crate::clock::Clock;
use crate::config::Config;
use crate::error::ApiError;
use crate::store::Store;
use crate::{
    admin, auth, cors, customers, events, faults, fields, idempotency, konbini, payment_actions,
    payments, record, refunds, secure_tokens, session_pay, sessions, tokens, webhooks,
};
use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use axum::Router;
use std::hash::RandomState;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};
use tessera::date::YearMonth;
use time::OffsetDateTime;

/// The state every handler shares (cheap to clone).
#[derive(Clone, Debug)]
pub struct App(Arc<Inner>);

/// A weak handle on the shared state (for background tasks).
#[derive(Clone, Debug)]
pub struct WeakApp(Weak<Inner>);

#[derive(Debug)]
struct Inner {
    config: Config,
    base_url: String,
    issuer_url: String,
    store: Mutex<Store>,
    hasher: RandomState,
}

impl App {
    /// State for a sandbox whose API is at `base_url` and whose issuer
    /// pages are at `issuer_url`.
    pub fn new(config: Config, base_url: String, issuer_url: String) -> Self {
        let app = App(Arc::new(Inner {
            config,
            base_url,
            issuer_url,
            store: Mutex::new(Store::default()),
            hasher: RandomState::new(),
        }));
        let outbox = crate::webhooks::start(&app);
        {
            let mut store = app.store();
            store.webhook_outbox = outbox;
            store.webhook_urls = app.config().webhooks.urls.clone();
        }
        app
    }

    /// A handle that does not keep the state alive.
    pub fn downgrade(&self) -> WeakApp {
        WeakApp(Arc::downgrade(&self.0))
    }

    /// The state behind `weak`, while it lives.
    pub fn upgrade(weak: &WeakApp) -> Option<App> {
        weak.0.upgrade().map(App)
    }

    /// The settings.
    pub fn config(&self) -> &Config {
        &self.0.config
    }

    /// The clock.
    pub fn clock(&self) -> &Clock {
        &self.0.config.clock
    }

    /// Today's month, for card expiry.
    pub fn today(&self) -> YearMonth {
        year_month(self.clock().now())
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> &str {
        &self.0.base_url
    }

    /// The issuer listener's `http://127.0.0.1:PORT`.
    pub fn issuer_url(&self) -> &str {
        &self.0.issuer_url
    }

    /// The state, locked. Never held across an `.await`.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.0.store.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A keyed hasher for request fingerprints.
    pub fn hasher(&self) -> &RandomState {
        &self.0.hasher
    }
}

/// The month of `at`.
pub fn year_month(at: OffsetDateTime) -> YearMonth {
    let year = u16::try_from(at.year()).unwrap_or(1).clamp(1, 9999);
    YearMonth::new(year, u8::from(at.month())).unwrap_or(YearMonth { year, month: 1 })
}

async fn not_found() -> ApiError {
    ApiError::not_found("no such endpoint")
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "this endpoint does not accept that method",
    )
}

/// The whole API service. Layers, outermost first: the request log, CORS,
/// then for the API authentication and idempotency (and, for the endpoints a
/// browser calls, faults); for `/__sandbox/` the loopback guard.
pub fn router(app: App) -> Router {
    let with_faults = || from_fn_with_state(app.clone(), faults::layer);
    let api = Router::new()
        .route(
            "/api/v1/tokens",
            post(tokens::create).route_layer(with_faults()),
        )
        .route(
            "/api/v1/secure_tokens",
            post(secure_tokens::create).route_layer(with_faults()),
        )
        .route(
            "/api/v1/secure_tokens/{id}",
            get(secure_tokens::show).route_layer(with_faults()),
        )
        .route("/api/v1/sessions", post(sessions::create))
        .route(
            "/api/v1/sessions/{id}",
            get(sessions::show).route_layer(with_faults()),
        )
        .route(
            "/api/v1/sessions/{id}/pay",
            post(session_pay::pay).route_layer(with_faults()),
        )
        .route("/api/v1/sessions/{id}/cancel", post(sessions::cancel))
        .route("/api/v1/payments", post(payments::create))
        .route("/api/v1/payments/{id}", get(payments::show))
        .route(
            "/api/v1/payments/{id}/capture",
            post(payment_actions::capture),
        )
        .route(
            "/api/v1/payments/{id}/cancel",
            post(payment_actions::cancel),
        )
        .route("/api/v1/payments/{id}/refund", post(refunds::refund))
        .route("/api/v1/events", get(events::list))
        .route("/api/v1/events/{id}", get(events::show))
        .route("/api/v1/customers", post(customers::create))
        .route("/api/v1/customers/{id}", get(customers::show))
        .route_layer(from_fn_with_state(app.clone(), idempotency::layer))
        .route_layer(from_fn_with_state(app.clone(), auth::layer));
    let sandbox = Router::new()
        .route(
            "/__sandbox/faults",
            post(admin::add_fault)
                .get(admin::list_faults)
                .delete(admin::clear_faults),
        )
        .route("/__sandbox/requests", get(admin::requests))
        .route("/__sandbox/reset", post(admin::reset))
        .route(
            "/__sandbox/clock",
            post(admin::move_clock).get(admin::clock),
        )
        .route("/__sandbox/health", get(admin::health))
        .route("/__sandbox/stats", get(admin::stats))
        .route(
            "/__sandbox/webhooks",
            get(webhooks::attempts).put(webhooks::set_urls),
        )
        .route("/__sandbox/webhooks/redeliver", post(webhooks::redeliver))
        .route(
            "/__sandbox/payments/{id}/pay-at-store",
            post(payment_actions::pay_at_store),
        )
        .route(
            "/__sandbox/payments/{id}/expire",
            post(payment_actions::expire),
        )
        .route("/__sandbox/konbini/{id}", get(konbini::page))
        .route("/__sandbox/instructions/{id}", get(konbini::page))
        .route(
            "/__sandbox/wallet/{id}",
            get(crate::offsite::show).post(crate::offsite::answer),
        )
        .route_layer(from_fn_with_state(app.clone(), admin::guard));
    let routes = Router::new()
        .merge(api)
        .merge(sandbox)
        .merge(fields::routes())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(app.clone());
    // Layers on a router run after routing; these two must see every request
    // (preflights for any path included) before it, so they wrap the routes
    // as one fallback service.
    Router::new()
        .fallback_service(routes)
        .layer(axum::middleware::from_fn(crate::envelope::layer))
        .layer(from_fn_with_state(app.clone(), cors::layer))
        .layer(from_fn_with_state(app, record::layer))
}
