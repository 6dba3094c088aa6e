//! `tessera-sandbox`: see `tessera-sandbox --help` and the README.

use clap::Parser;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use tessera_sandbox::{base_url, serve_both, Cli};
use tokio::net::TcpListener;

/// Writes `url` to `path` atomically (a temporary file renamed into place).
fn write_port_file(path: &Path, url: &str) -> std::io::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    std::fs::write(&tmp, url)?;
    std::fs::rename(&tmp, path)
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_target(false)
        .with_max_level(if cli.quiet {
            tracing::Level::WARN
        } else {
            tracing::Level::INFO
        })
        .init();
    let config = match cli.config() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("tessera-sandbox: {error}");
            return ExitCode::from(2);
        }
    };
    let bind = |addr| async move {
        TcpListener::bind(addr).await.map_err(|error| {
            eprintln!("tessera-sandbox: cannot listen on {addr}: {error}");
        })
    };
    let Ok(listener) = bind(config.listen).await else {
        return ExitCode::FAILURE;
    };
    let Ok(issuer) = bind(config.issuer_listen).await else {
        return ExitCode::FAILURE;
    };
    let urls = listener
        .local_addr()
        .and_then(|api| Ok((base_url(api), base_url(issuer.local_addr()?))));
    let (url, issuer_url) = match urls {
        Ok(urls) => urls,
        Err(error) => {
            eprintln!("tessera-sandbox: {error}");
            return ExitCode::FAILURE;
        }
    };
    for (file, url) in [(&cli.port_file, &url), (&cli.issuer_port_file, &issuer_url)] {
        if let Some(path) = file {
            if let Err(error) = write_port_file(path, url) {
                eprintln!("tessera-sandbox: cannot write {}: {error}", path.display());
                return ExitCode::FAILURE;
            }
        }
    }
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "tessera-sandbox listening on {url}");
    let _ = writeln!(stdout, "tessera-sandbox issuer pages on {issuer_url}");
    let _ = stdout.flush();
    drop(stdout);
    match serve_both(config, listener, issuer, shutdown_signal()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("tessera-sandbox: {error}");
            ExitCode::FAILURE
        }
    }
}
