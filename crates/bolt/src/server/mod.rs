//! The Bolt server: cartograph's embedded database served to Neo4j drivers.

mod exec;
mod session;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use cartograph_graph::Database;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufStream};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio_rustls::TlsAcceptor;

use crate::auth::{PasswordHash, PasswordSource};
use crate::error::BoltError;
use crate::framing;
use crate::handshake::{self, MAGIC};
use exec::Limits;
use session::{Flow, Session};

/// The agent string sent in HELLO's reply. Drivers and tools check for the `Neo4j/` prefix
/// and a 5.x version to decide which Cypher features to use; cartograph speaks Neo4j 5's
/// dialect, so it presents itself as such.
pub const SERVER_AGENT: &str = "Neo4j/5.26.0";

/// The one database a cartograph server holds, named as Neo4j's default database.
pub const DATABASE_NAME: &str = "neo4j";

const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// How clients authenticate.
#[derive(Debug)]
pub enum ServerAuth {
    /// Basic auth as `user` with the password whose salted digest is held here.
    Basic {
        user: String,
        password: PasswordHash,
    },
    /// No authentication; accepted only on a loopback address.
    NoAuth,
}

impl ServerAuth {
    /// Basic auth for `user`, with the password read once from `source` and kept only as
    /// a digest.
    pub fn basic(
        user: impl Into<String>,
        source: &PasswordSource,
    ) -> Result<ServerAuth, BoltError> {
        let password = source.read()?;
        Ok(ServerAuth::Basic {
            user: user.into(),
            password: PasswordHash::new(&password),
        })
    }
}

/// PEM files for TLS.
#[derive(Debug, Clone)]
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// Everything `cartograph serve --bolt` can configure.
#[derive(Debug)]
pub struct ServeConfig {
    pub addr: SocketAddr,
    pub auth: ServerAuth,
    pub tls: Option<TlsFiles>,
    /// Refuse every statement that writes (it is rolled back and reported).
    pub read_only: bool,
    /// Connections beyond this are closed as soon as they are accepted.
    pub max_connections: usize,
    /// A statement running longer is rolled back and reported as timed out.
    pub query_timeout: Duration,
    /// An explicit transaction idle longer is rolled back, releasing the database.
    pub tx_idle_timeout: Duration,
    /// The memory guard: a result with more rows is refused.
    pub max_rows: usize,
    /// The `host:port` routing tables name when the client does not say which address it
    /// used; defaults to the listening address.
    pub advertised_address: Option<String>,
}

impl ServeConfig {
    /// A configuration with the default limits: 100 connections, 5-minute query timeout,
    /// 1-minute idle-transaction timeout, 1,000,000 rows per result.
    pub fn new(addr: SocketAddr, auth: ServerAuth) -> ServeConfig {
        ServeConfig {
            addr,
            auth,
            tls: None,
            read_only: false,
            max_connections: 100,
            query_timeout: Duration::from_secs(300),
            tx_idle_timeout: Duration::from_secs(60),
            max_rows: 1_000_000,
            advertised_address: None,
        }
    }
}

/// State shared by every connection of one server.
pub(crate) struct Shared {
    db: Arc<Database>,
    auth: Option<(String, PasswordHash)>,
    limits: Limits,
    advertised: String,
    commits: AtomicU64,
}

impl Shared {
    /// A new bookmark, later than every one handed out before.
    fn bookmark(&self) -> String {
        format!(
            "cartograph:{}",
            self.commits.fetch_add(1, Ordering::SeqCst) + 1
        )
    }
}

/// A bound, not yet running, Bolt server.
pub struct BoltServer {
    listener: TcpListener,
    shared: Arc<Shared>,
    tls: Option<TlsAcceptor>,
    slots: Arc<Semaphore>,
}

impl BoltServer {
    /// Check the configuration and bind the listening socket.
    pub async fn bind(config: ServeConfig, db: Arc<Database>) -> Result<BoltServer, BoltError> {
        let auth = match config.auth {
            ServerAuth::Basic { user, password } => Some((user, password)),
            ServerAuth::NoAuth if config.addr.ip().is_loopback() => None,
            ServerAuth::NoAuth => {
                return Err(BoltError::Config(format!(
                    "refusing to serve {} without authentication: configure a password, or listen on a loopback address to use no-auth",
                    config.addr
                )));
            }
        };
        let tls = match &config.tls {
            Some(files) => Some(TlsAcceptor::from(crate::tls::server_config(
                &files.cert,
                &files.key,
            )?)),
            None => None,
        };
        let listener = TcpListener::bind(config.addr)
            .await
            .map_err(|e| BoltError::io(format!("cannot listen on {}", config.addr), e))?;
        let local = listener
            .local_addr()
            .map_err(|e| BoltError::io("cannot read the bound address", e))?;
        let limits = Limits {
            query_timeout: config.query_timeout,
            tx_idle_timeout: config.tx_idle_timeout,
            max_rows: config.max_rows,
            read_only: config.read_only,
        };
        let shared = Shared {
            db,
            auth,
            limits,
            advertised: config
                .advertised_address
                .unwrap_or_else(|| local.to_string()),
            commits: AtomicU64::new(0),
        };
        Ok(BoltServer {
            listener,
            shared: Arc::new(shared),
            tls,
            slots: Arc::new(Semaphore::new(config.max_connections.max(1))),
        })
    }

    /// The address actually bound (useful with port 0).
    pub fn local_addr(&self) -> Result<SocketAddr, BoltError> {
        self.listener
            .local_addr()
            .map_err(|e| BoltError::io("cannot read the bound address", e))
    }

    /// Accept connections until the task is dropped.
    pub async fn run(self) -> Result<(), BoltError> {
        let mut ids = 0u64;
        tracing::info!(addr = ?self.listener.local_addr().ok(), tls = self.tls.is_some(), "Bolt server listening");
        loop {
            let (tcp, peer) = match self.listener.accept().await {
                Ok(x) => x,
                Err(e) => {
                    // Out of file descriptors and the like: back off rather than spin.
                    tracing::warn!(error = %e, "accepting a Bolt connection failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            };
            let Ok(permit) = self.slots.clone().try_acquire_owned() else {
                tracing::warn!(%peer, "refusing a Bolt connection: the connection limit is reached");
                continue;
            };
            let _ = tcp.set_nodelay(true);
            ids += 1;
            let (shared, tls, id) = (self.shared.clone(), self.tls.clone(), ids);
            tokio::spawn(async move {
                let outcome = match tls {
                    None => connection(tcp, shared, id).await,
                    Some(acceptor) => {
                        match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(tcp)).await {
                            Ok(Ok(stream)) => connection(stream, shared, id).await,
                            Ok(Err(e)) => Err(e),
                            Err(_) => Err(std::io::Error::new(
                                std::io::ErrorKind::TimedOut,
                                "TLS handshake timed out",
                            )),
                        }
                    }
                };
                if let Err(e) = outcome {
                    tracing::debug!(%peer, error = %e, "Bolt connection ended with an error");
                }
                drop(permit);
            });
        }
    }
}

/// Bind and serve until the task is dropped: the entry point of `cartograph serve --bolt`.
pub async fn serve(config: ServeConfig, db: Arc<Database>) -> Result<(), BoltError> {
    BoltServer::bind(config, db).await?.run().await
}

async fn connection<S: AsyncRead + AsyncWrite + Unpin>(
    stream: S,
    shared: Arc<Shared>,
    id: u64,
) -> std::io::Result<()> {
    let mut stream = BufStream::new(stream);
    let mut preamble = [0u8; 20];
    tokio::time::timeout(HANDSHAKE_TIMEOUT, stream.read_exact(&mut preamble))
        .await
        .map_err(|_| {
            std::io::Error::new(std::io::ErrorKind::TimedOut, "Bolt handshake timed out")
        })??;
    if preamble[..4] != MAGIC {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "not a Bolt client (bad magic preamble)",
        ));
    }
    let mut proposals = [0u8; 16];
    proposals.copy_from_slice(&preamble[4..]);
    let Some(version) = handshake::negotiate(&proposals) else {
        stream.write_all(&[0; 4]).await?;
        stream.flush().await?;
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "no Bolt version in common with the client",
        ));
    };
    stream.write_all(&version.to_bytes()).await?;
    stream.flush().await?;
    let mut session = Session::new(shared, version, format!("bolt-{id}"));
    while let Some(body) = framing::read_async(&mut stream).await? {
        let mut out = Vec::new();
        let flow = match framing::unframe(&body) {
            Ok((signature, fields)) => session.handle(signature, fields, &mut out).await,
            Err(e) => {
                tracing::debug!(error = %e, "malformed Bolt message; closing the connection");
                Flow::Close
            }
        };
        stream.write_all(&out).await?;
        stream.flush().await?;
        if flow == Flow::Close {
            break;
        }
    }
    Ok(())
}
