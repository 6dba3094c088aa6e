//! The accept loop: one hyper HTTP/1.1 connection task per client, each with a
//! [`Connection`] handle in every request so a fault can close the socket
//! without answering.

use axum::body::Body;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;
use tokio::task::JoinSet;
use tower::ServiceExt;

/// The client connection a request came on (a request extension).
#[derive(Debug, Clone)]
pub struct Connection {
    /// The client's address.
    pub peer: SocketAddr,
    close: Arc<Notify>,
}

impl Connection {
    /// Closes the connection at once, without answering whatever is pending on it.
    pub fn close(&self) {
        self.close.notify_one();
    }
}

/// Serves `router` on `listener` until `shutdown` completes; then every open
/// connection is closed.
pub async fn run(listener: TcpListener, router: Router, shutdown: impl Future<Output = ()>) {
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    connections.spawn(serve_connection(stream, peer, router.clone()));
                }
                Err(error) => {
                    // Out of file descriptors and the like: wait, don't spin or exit.
                    tracing::warn!("accept failed: {error}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    connections.shutdown().await;
}

async fn serve_connection(stream: TcpStream, peer: SocketAddr, router: Router) {
    let _ = stream.set_nodelay(true);
    let close = Arc::new(Notify::new());
    let connection = Connection {
        peer,
        close: Arc::clone(&close),
    };
    let service = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
        let mut req = req.map(Body::new);
        req.extensions_mut().insert(connection.clone());
        let router = router.clone();
        async move { Ok::<_, Infallible>(router.oneshot(req).await.unwrap_or_else(|e| match e {})) }
    });
    let conn = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .serve_connection(TokioIo::new(stream), service);
    tokio::select! {
        result = conn => {
            if let Err(error) = result {
                tracing::debug!("connection from {peer} ended: {error}");
            }
        }
        () = close.notified() => {
            tracing::debug!("closing the connection from {peer} unanswered");
        }
    }
}
