//! [`Neo4jBackend`]: cartograph's statements run on Neo4j (or any Bolt server).
//!
//! A small blocking client over the crate's own PackStream codec rather than an async
//! driver: [`GraphBackend`] is synchronous and is called from threads that may sit inside
//! a tokio runtime, and the loader needs each statement's update counters, which the
//! stable API of the maintained Rust driver (`neo4rs`) does not expose.

mod conn;

use std::fmt;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use cartograph_graph::{CypherError, ErrorKind, GraphBackend, Params, QueryResult, Statement};
use rand::Rng;

use crate::auth::PasswordSource;
use crate::error::BoltError;
use crate::tls::{self, Verify};
use conn::{Connection, Endpoint, Failure, Login};

/// How to reach Neo4j. The password is named by its source, never given as a value.
#[derive(Debug, Clone)]
pub struct Neo4jConfig {
    /// `bolt://`, `bolt+s://`, `bolt+ssc://`, `neo4j://`, `neo4j+s://` or `neo4j+ssc://`
    /// followed by `host[:port]` (port 7687 by default).
    pub uri: String,
    pub user: String,
    pub password: PasswordSource,
    /// The database to use; the server's default when `None`.
    pub database: Option<String>,
    /// Extra CA certificates (PEM) trusted for `+s` URIs, beside the Mozilla roots.
    pub ca_file: Option<PathBuf>,
    /// Accept any server certificate. Callers must warn loudly; `+ssc` URIs imply it.
    pub insecure: bool,
    /// Retries of a statement or batch that failed transiently (5 by default).
    pub max_retries: u32,
    pub connect_timeout: Duration,
}

impl Neo4jConfig {
    pub fn new(uri: impl Into<String>, password: PasswordSource) -> Neo4jConfig {
        Neo4jConfig {
            uri: uri.into(),
            user: "neo4j".into(),
            password,
            database: None,
            ca_file: None,
            insecure: false,
            max_retries: 5,
            connect_timeout: Duration::from_secs(10),
        }
    }
}

/// A password held for reconnecting; never printed.
struct Secret(String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// A [`GraphBackend`] on a Bolt server, with a small pool of connections and retries with
/// exponential backoff on transient failures.
pub struct Neo4jBackend {
    seed: Endpoint,
    routing: bool,
    user: String,
    password: Secret,
    database: Option<String>,
    max_retries: u32,
    description: String,
    /// The writer's endpoint (differs from `seed` when a routing table says so).
    writer: Mutex<Option<Endpoint>>,
    idle: Mutex<Vec<Connection>>,
}

impl fmt::Debug for Neo4jBackend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Neo4jBackend")
            .field("uri", &self.description)
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

/// Scheme flags: (TLS verification, routing).
fn scheme(name: &str) -> Option<(Option<bool>, bool)> {
    Some(match name {
        "bolt" => (None, false),
        "bolt+s" => (Some(true), false),
        "bolt+ssc" => (Some(false), false),
        "neo4j" => (None, true),
        "neo4j+s" => (Some(true), true),
        "neo4j+ssc" => (Some(false), true),
        _ => return None,
    })
}

/// `host[:port]` (with `[v6]` brackets) into its parts.
fn host_port(authority: &str) -> Option<(String, u16)> {
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let (h, after) = rest.split_once(']')?;
        (h, after.strip_prefix(':'))
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    let port = match port {
        Some(p) => p.parse().ok()?,
        None => 7687,
    };
    (!host.is_empty()).then(|| (host.to_string(), port))
}

impl Neo4jBackend {
    /// Read the password, connect, and authenticate once so that bad credentials or an
    /// unreachable server fail here, not in the middle of a sync.
    pub fn connect(config: Neo4jConfig) -> Result<Neo4jBackend, BoltError> {
        let bad_uri = || {
            BoltError::Config(format!(
                "{} is not a Neo4j URI: expected bolt://, bolt+s://, bolt+ssc://, neo4j://, neo4j+s:// or neo4j+ssc:// then host[:port]",
                config.uri
            ))
        };
        let (scheme_name, rest) = config.uri.split_once("://").ok_or_else(bad_uri)?;
        let (tls_mode, routing) = scheme(scheme_name).ok_or_else(bad_uri)?;
        let authority = rest.split(['/', '?']).next().unwrap_or("");
        if authority.contains('@') {
            return Err(BoltError::Config(
                "credentials in the Neo4j URI are not accepted; pass the user and password source separately".into(),
            ));
        }
        let (host, port) = host_port(authority).ok_or_else(bad_uri)?;
        let tls = match tls_mode {
            None => None,
            Some(verified) => {
                let verify = if !verified || config.insecure {
                    Verify::Insecure
                } else {
                    Verify::Roots {
                        extra_ca: config.ca_file.clone(),
                    }
                };
                if verify == Verify::Insecure {
                    tracing::warn!(uri = %config.uri, "TLS certificate verification is OFF for Neo4j: the connection can be intercepted");
                }
                Some(tls::client_config(&verify)?)
            }
        };
        let password = Secret(config.password.read()?);
        let seed = Endpoint {
            host,
            port,
            tls,
            connect_timeout: config.connect_timeout,
        };
        let backend = Neo4jBackend {
            seed,
            routing,
            user: config.user,
            password,
            database: config.database,
            max_retries: config.max_retries,
            description: format!("{scheme_name}://{authority}"),
            writer: Mutex::new(None),
            idle: Mutex::new(Vec::new()),
        };
        let conn = backend
            .open()
            .map_err(|f| BoltError::Protocol(backend.describe_failure(&f)))?;
        backend.check_in(conn);
        Ok(backend)
    }

    fn describe_failure(&self, f: &Failure) -> String {
        match f {
            Failure::Server { code, message } => {
                format!("{} answered {code}: {message}", self.description)
            }
            Failure::Io(e) => format!("connection to {} failed: {e}", self.description),
            Failure::Protocol(m) => format!("{}: {m}", self.description),
        }
    }

    fn login(&self) -> Login<'_> {
        Login {
            user: &self.user,
            password: &self.password.0,
            routing: self.routing,
        }
    }

    /// A new connection to the writer, consulting the routing table for `neo4j://` URIs.
    fn open(&self) -> Result<Connection, Failure> {
        let known = self.writer.lock().ok().and_then(|w| w.clone());
        if let Some(writer) = known {
            return Connection::open(&writer, &self.login());
        }
        let mut conn = Connection::open(&self.seed, &self.login())?;
        if self.routing {
            let address = conn.route(&self.seed, self.database.as_deref())?;
            let writer = match host_port(&address) {
                Some((host, port))
                    if (host.as_str(), port) != (self.seed.host.as_str(), self.seed.port) =>
                {
                    let writer = Endpoint {
                        host,
                        port,
                        ..self.seed.clone()
                    };
                    conn.close();
                    conn = Connection::open(&writer, &self.login())?;
                    writer
                }
                _ => self.seed.clone(),
            };
            if let Ok(mut w) = self.writer.lock() {
                *w = Some(writer);
            }
        }
        tracing::debug!(uri = %self.description, version = %conn.version(), "connected to Neo4j");
        Ok(conn)
    }

    fn check_out(&self) -> Result<Connection, Failure> {
        let pooled = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        match pooled {
            Some(c) => Ok(c),
            None => self.open(),
        }
    }

    fn check_in(&self, conn: Connection) {
        if conn.broken {
            return;
        }
        if let Ok(mut idle) = self.idle.lock() {
            idle.push(conn);
        }
    }

    /// Run `statements` with retries on transient failures.
    fn execute(
        &self,
        statements: &[Statement],
        explicit: bool,
    ) -> Result<Vec<QueryResult>, CypherError> {
        let mut delay = Duration::from_millis(200);
        let mut attempt = 0;
        loop {
            let outcome = self.check_out().and_then(|mut conn| {
                let r = conn.run(statements, explicit, self.database.as_deref());
                if matches!(&r, Err(Failure::Server { code, .. }) if leader_changed(code)) {
                    // Drop this connection and re-route: the writer moved.
                    if let Ok(mut w) = self.writer.lock() {
                        *w = None;
                    }
                } else {
                    self.check_in(conn);
                }
                r
            });
            match outcome {
                Ok(results) => return Ok(results),
                Err(f) if attempt < self.max_retries && retryable(&f) => {
                    attempt += 1;
                    let jitter = rand::rng().random_range(0..=delay.as_millis() as u64 / 4);
                    tracing::warn!(attempt, error = %self.describe_failure(&f), "transient Neo4j failure; retrying");
                    std::thread::sleep(delay + Duration::from_millis(jitter));
                    delay = (delay * 2).min(Duration::from_secs(10));
                    if matches!(f, Failure::Io(_))
                        && let Ok(mut idle) = self.idle.lock()
                    {
                        // The server may have restarted: pooled connections are stale too.
                        idle.clear();
                    }
                }
                Err(f) => return Err(self.to_cypher(f)),
            }
        }
    }

    fn to_cypher(&self, f: Failure) -> CypherError {
        match f {
            Failure::Server { code, message } => {
                CypherError::new(kind_of(&code), format!("{message} ({code})"))
            }
            other => CypherError::new(ErrorKind::StorageError, self.describe_failure(&other)),
        }
    }
}

fn leader_changed(code: &str) -> bool {
    code == "Neo.ClientError.Cluster.NotALeader"
        || code == "Neo.ClientError.General.ForbiddenOnReadOnlyDatabase"
}

/// Failures worth another attempt: transient errors (deadlocks, leader switches, memory
/// pressure) and broken connections; not terminated transactions, which were stopped on
/// purpose.
fn retryable(f: &Failure) -> bool {
    match f {
        Failure::Io(_) => true,
        Failure::Protocol(_) => false,
        Failure::Server { code, .. } => {
            (code.starts_with("Neo.TransientError.")
                && code != "Neo.TransientError.Transaction.Terminated"
                && code != "Neo.TransientError.Transaction.LockClientStopped")
                || leader_changed(code)
        }
    }
}

/// The error class of a Neo4j status code.
fn kind_of(code: &str) -> ErrorKind {
    let last = code.rsplit('.').next().unwrap_or("");
    match last {
        "SyntaxError" => ErrorKind::SyntaxError,
        "SemanticError" => ErrorKind::SemanticError,
        "TypeError" => ErrorKind::TypeError,
        "ArgumentError" => ErrorKind::ArgumentError,
        "EntityNotFound" => ErrorKind::EntityNotFound,
        "ConstraintValidationFailed" => ErrorKind::ConstraintVerificationFailed,
        "ParameterMissing" => ErrorKind::ParameterMissing,
        "ArithmeticError" => ErrorKind::ArithmeticError,
        _ if code.contains(".Procedure.") => ErrorKind::ProcedureError,
        _ if code.starts_with("Neo.TransientError.") => ErrorKind::ResourceError,
        _ => ErrorKind::StorageError,
    }
}

impl GraphBackend for Neo4jBackend {
    fn run(&self, query: &str, params: &Params) -> Result<QueryResult, CypherError> {
        let mut results = self.execute(&[Statement::new(query, params.clone())], false)?;
        results.pop().ok_or_else(|| {
            CypherError::new(ErrorKind::StorageError, "the server returned no result")
        })
    }

    fn run_batch(&self, statements: &[Statement]) -> Result<Vec<QueryResult>, CypherError> {
        if statements.is_empty() {
            return Ok(vec![]);
        }
        self.execute(statements, true)
    }

    fn describe(&self) -> String {
        self.description.clone()
    }
}

impl Drop for Neo4jBackend {
    fn drop(&mut self) {
        if let Ok(mut idle) = self.idle.lock() {
            for c in idle.drain(..) {
                c.close();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_parse_into_endpoints() {
        assert_eq!(
            host_port("db.example.com"),
            Some(("db.example.com".into(), 7687))
        );
        assert_eq!(
            host_port("127.0.0.1:7688"),
            Some(("127.0.0.1".into(), 7688))
        );
        assert_eq!(host_port("[::1]:9000"), Some(("::1".into(), 9000)));
        assert_eq!(host_port("host:notaport"), None);
        assert_eq!(host_port(""), None);
        assert_eq!(scheme("neo4j+s"), Some((Some(true), true)));
        assert_eq!(scheme("http"), None);
    }

    #[test]
    fn bad_uris_and_embedded_credentials_are_refused_before_connecting() {
        let pw = PasswordSource::EnvVar("CARTOGRAPH_BOLT_TEST_UNSET_VAR".into());
        for uri in ["http://x", "bolt:/x", "bolt://user:pw@host", "neo4j://"] {
            let err = Neo4jBackend::connect(Neo4jConfig::new(uri, pw.clone())).unwrap_err();
            assert!(matches!(err, BoltError::Config(_)), "{uri}: {err}");
        }
    }

    #[test]
    fn status_codes_classify() {
        assert_eq!(
            kind_of("Neo.ClientError.Statement.SyntaxError"),
            ErrorKind::SyntaxError
        );
        assert_eq!(
            kind_of("Neo.TransientError.Transaction.DeadlockDetected"),
            ErrorKind::ResourceError
        );
        let f = |code: &str| Failure::Server {
            code: code.into(),
            message: String::new(),
        };
        assert!(retryable(&f(
            "Neo.TransientError.Transaction.DeadlockDetected"
        )));
        assert!(retryable(&f("Neo.ClientError.Cluster.NotALeader")));
        assert!(!retryable(&f("Neo.TransientError.Transaction.Terminated")));
        assert!(!retryable(&f("Neo.ClientError.Statement.SyntaxError")));
        assert!(retryable(&Failure::Io(std::io::Error::other("reset"))));
    }
}
