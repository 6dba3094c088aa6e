//! # tessera-sandbox
//!
//! A local HTTP server that behaves like the KOMOJU API for everything a
//! browser tokenizer and a merchant's server touch — `POST /api/v1/tokens`,
//! `/secure_tokens`, `/sessions`, `/payments`, `/customers`, CORS and
//! idempotency — plus fault injection and a request log under `/__sandbox/`,
//! and, on a second listener, the card issuer's 3-D Secure challenge page,
//! so demos and tests run offline.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use tessera_sandbox::{Config, Sandbox};
//! let sandbox = Sandbox::start(Config::default()).await?;
//! println!("{}", sandbox.url()); // http://127.0.0.1:PORT
//! println!("{}", sandbox.issuer_url()); // the challenge pages' origin
//! # Ok(()) }
//! ```
//!
//! It never stores, logs or echoes a full card number or a security code.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod admin;
pub mod app;
pub mod auth;
pub mod body;
pub mod card;
pub mod challenge;
pub mod charge;
pub mod clock;
pub mod config;
pub mod cors;
pub mod csp;
pub mod customers;
pub mod details;
pub mod envelope;
pub mod error;
pub mod events;
pub mod evict;
pub mod faults;
pub mod fields;
pub mod html;
pub mod idempotency;
pub mod ids;
pub mod issuer;
pub mod konbini;
pub mod money;
pub mod offsite;
pub mod payment_actions;
pub mod payments;
pub mod record;
pub mod redact;
pub mod refunds;
pub mod return_url;
pub mod secure_tokens;
pub mod server;
pub mod session_pay;
pub mod sessions;
pub mod store;
pub mod test_cards;
pub mod three_ds;
pub mod tokens;
pub mod webhooks;

pub use clock::Clock;
pub use config::{Cli, Config};
pub use cors::AllowedOrigins;
pub use error::ApiError;

use std::future::Future;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use tokio::net::TcpListener;
use tokio::sync::{oneshot, watch};
use tokio::task::JoinHandle;

/// The base URL for a listening address: `http://127.0.0.1:PORT` (an
/// unspecified address is shown as its loopback).
pub fn base_url(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}", SocketAddr::new(ip, addr.port()))
}

/// Serves the API on `listener` and the issuer's pages on `issuer` until
/// `shutdown` completes.
pub async fn serve_both(
    config: Config,
    listener: TcpListener,
    issuer: TcpListener,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    config
        .validate()
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
    let url = base_url(listener.local_addr()?);
    let issuer_url = base_url(issuer.local_addr()?);
    let app = app::App::new(config, url, issuer_url);
    let (stop, stopped) = watch::channel(false);
    let stopped_signal = |mut rx: watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|stop| *stop).await;
    };
    tokio::join!(
        server::run(
            listener,
            app::router(app.clone()),
            stopped_signal(stopped.clone())
        ),
        server::run(issuer, issuer::router(app), stopped_signal(stopped)),
        async move {
            shutdown.await;
            let _ = stop.send(true);
        },
    );
    Ok(())
}

/// Serves the sandbox on `listener` (and the issuer's pages on
/// `config.issuer_listen`) until `shutdown` completes.
pub async fn serve_with_shutdown(
    config: Config,
    listener: TcpListener,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let issuer = TcpListener::bind(config.issuer_listen).await?;
    serve_both(config, listener, issuer, shutdown).await
}

/// Serves the sandbox on `listener` forever.
pub async fn serve(config: Config, listener: TcpListener) -> io::Result<()> {
    serve_with_shutdown(config, listener, std::future::pending()).await
}

/// A sandbox running in the background of the current tokio runtime; it stops
/// when dropped.
#[derive(Debug)]
pub struct Sandbox {
    addr: SocketAddr,
    url: String,
    issuer_url: String,
    clock: Clock,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<io::Result<()>>,
}

impl Sandbox {
    /// Binds `config.listen` and `config.issuer_listen` and starts serving.
    pub async fn start(config: Config) -> io::Result<Sandbox> {
        let listener = TcpListener::bind(config.listen).await?;
        let issuer = TcpListener::bind(config.issuer_listen).await?;
        Sandbox::spawn(config, listener, issuer)
    }

    /// Starts serving on already bound listeners (the API's and the issuer's).
    pub fn spawn(
        config: Config,
        listener: TcpListener,
        issuer: TcpListener,
    ) -> io::Result<Sandbox> {
        config
            .validate()
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
        let addr = listener.local_addr()?;
        let issuer_url = base_url(issuer.local_addr()?);
        let clock = config.clock.clone();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(serve_both(config, listener, issuer, async move {
            let _ = stopped.await;
        }));
        Ok(Sandbox {
            addr,
            url: base_url(addr),
            issuer_url,
            clock,
            stop: Some(stop),
            task,
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The issuer's challenge pages: `http://127.0.0.1:OTHER_PORT`.
    pub fn issuer_url(&self) -> &str {
        &self.issuer_url
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Its clock (clones share state: advance it to expire tokens).
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// Stops accepting, closes every connection, and waits for that.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = (&mut self.task).await;
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
