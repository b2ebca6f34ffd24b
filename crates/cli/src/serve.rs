//! `cartograph serve --bolt ADDR`: the embedded database as a Bolt server, for Neo4j drivers,
//! cypher-shell, notebooks and Cartography itself.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Result, anyhow};
use cartograph_bolt::{PasswordSource, ServeConfig, ServerAuth, TlsFiles};
use clap::Args;

use crate::graph::{self, Access, DbArgs, Graph};

#[derive(Args, Debug)]
pub struct ServeArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Listen for Bolt clients on ADDR, e.g. 127.0.0.1:7687.
    #[arg(long, value_name = "ADDR")]
    bolt: SocketAddr,
    /// The user clients log in as.
    #[arg(long, default_value = "neo4j")]
    user: String,
    /// Read the password clients must give from this environment variable.
    #[arg(long, value_name = "NAME", group = "password")]
    password_env_var: Option<String>,
    /// Read the password clients must give from the first line of this file.
    #[arg(long, value_name = "PATH", group = "password")]
    password_file: Option<PathBuf>,
    /// Accept clients without authentication (refused unless ADDR is a loopback address).
    #[arg(long, conflicts_with = "password")]
    no_auth: bool,
    /// TLS certificate chain (PEM); with --tls-key, clients must use bolt+s://.
    #[arg(long, value_name = "PEM", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// TLS private key (PEM).
    #[arg(long, value_name = "PEM", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// Refuse every statement that writes.
    #[arg(long)]
    read_only: bool,
    /// Connections beyond this are closed at once.
    #[arg(long, value_name = "N", default_value_t = 100)]
    max_connections: usize,
    /// A statement running longer is rolled back and reported.
    #[arg(long, value_name = "SECONDS", default_value_t = 300)]
    query_timeout: u64,
    /// An explicit transaction idle longer is rolled back, releasing the database.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    tx_idle_timeout: u64,
    /// The memory guard: a result with more rows is refused.
    #[arg(long, value_name = "N", default_value_t = 1_000_000)]
    max_rows: usize,
}

pub fn run(args: ServeArgs) -> Result<ExitCode> {
    if args.db.neo4j_uri.is_some() {
        return Err(anyhow!(
            "serve exposes the embedded database; --neo4j-uri does not apply"
        ));
    }
    let auth = match (&args.password_env_var, &args.password_file, args.no_auth) {
        (_, _, true) => ServerAuth::NoAuth,
        (Some(name), _, _) => ServerAuth::basic(&args.user, &PasswordSource::EnvVar(name.clone()))?,
        (_, Some(path), _) => ServerAuth::basic(&args.user, &PasswordSource::File(path.clone()))?,
        _ => {
            return Err(anyhow!(
                "serve needs a password for clients: --password-env-var NAME or --password-file PATH (or --no-auth on a loopback address)"
            ));
        }
    };
    let access = if args.read_only {
        Access::Read
    } else {
        Access::ReadWrite
    };
    let Graph::Embedded(db) = graph::open(&args.db, access)? else {
        return Err(anyhow!("serve exposes the embedded database only"));
    };
    let mut config = ServeConfig::new(args.bolt, auth);
    config.tls = args
        .tls_cert
        .zip(args.tls_key)
        .map(|(cert, key)| TlsFiles { cert, key });
    config.read_only = args.read_only || db.mode() == cartograph_graph::Mode::ReadOnlySnapshot;
    config.max_connections = args.max_connections;
    config.query_timeout = Duration::from_secs(args.query_timeout);
    config.tx_idle_timeout = Duration::from_secs(args.tx_idle_timeout);
    config.max_rows = args.max_rows;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let server = cartograph_bolt::BoltServer::bind(config, Arc::new(*db)).await?;
        let addr = server.local_addr()?;
        eprintln!("serving Bolt on {addr} (Ctrl-C to stop)");
        tokio::select! {
            r = server.run() => r.map_err(anyhow::Error::from),
            _ = tokio::signal::ctrl_c() => {
                eprintln!("stopping");
                Ok(())
            }
        }
    })?;
    Ok(ExitCode::SUCCESS)
}
