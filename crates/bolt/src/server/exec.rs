//! Running statements for Bolt sessions without blocking the async runtime.
//!
//! The database serialises statements under one lock and an explicit transaction holds that
//! lock until it ends. An auto-commit statement runs on the blocking pool; an explicit
//! transaction lives on a thread of its own that owns the [`cartograph_graph::Transaction`]
//! and takes the session's statements over a channel, so the lock is held across network
//! round trips without pinning a runtime thread. A transaction left idle longer than the
//! idle timeout is rolled back, so a stalled client cannot lock everyone out for ever.

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cartograph_graph::{CypherError, Database, ErrorKind, Params, QueryResult};
use tokio::sync::oneshot;

/// Limits applied to every statement.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub query_timeout: Duration,
    pub tx_idle_timeout: Duration,
    pub max_rows: usize,
    pub read_only: bool,
}

/// A statement failure with the Neo4j status code to report.
#[derive(Debug, Clone)]
pub struct Failure {
    pub code: String,
    pub message: String,
}

impl Failure {
    pub fn new(code: &str, message: impl Into<String>) -> Failure {
        Failure {
            code: code.to_string(),
            message: message.into(),
        }
    }

    fn timed_out(limits: &Limits) -> Failure {
        Failure::new(
            "Neo.ClientError.Transaction.TransactionTimedOut",
            format!(
                "the statement ran longer than the server's query timeout of {:?} and was rolled back",
                limits.query_timeout
            ),
        )
    }

    pub fn tx_closed() -> Failure {
        Failure::new(
            "Neo.ClientError.Transaction.TransactionNotFound",
            "the transaction is no longer open (it failed, timed out while idle, or was rolled back)",
        )
    }
}

impl From<CypherError> for Failure {
    fn from(e: CypherError) -> Failure {
        Failure {
            code: e.kind.status_code().to_string(),
            message: e.to_string(),
        }
    }
}

/// Checks a statement's outcome against the limits that apply after it ran.
fn check(result: &QueryResult, limits: &Limits) -> Result<(), Failure> {
    if limits.read_only && result.counters.contains_updates() {
        return Err(Failure::new(
            "Neo.ClientError.Statement.AccessMode",
            "this server is read-only: statements that write are refused (the write was rolled back)",
        ));
    }
    if result.rows.len() > limits.max_rows {
        return Err(Failure::new(
            ErrorKind::ResourceError.status_code(),
            format!(
                "the result has {} rows, more than the server's limit of {} rows per result; add a LIMIT or page with SKIP",
                result.rows.len(),
                limits.max_rows
            ),
        ));
    }
    Ok(())
}

#[derive(PartialEq, Eq)]
enum Outcome {
    Pending,
    Cancelled,
    Committing,
}

/// Run one statement in its own transaction. If the query timeout passes first, the
/// statement is rolled back when it finishes, and the caller is told so, never both a
/// timeout and a commit.
pub async fn autocommit(
    db: Arc<Database>,
    query: String,
    params: Params,
    limits: Limits,
) -> Result<QueryResult, Failure> {
    let outcome = Arc::new(Mutex::new(Outcome::Pending));
    let shared = outcome.clone();
    let work = tokio::task::spawn_blocking(move || -> Result<QueryResult, Failure> {
        let mut tx = db.transaction()?;
        let result = tx.execute(&query, &params)?;
        check(&result, &limits)?;
        let mut state = shared.lock().map_err(|_| {
            Failure::new(
                "Neo.DatabaseError.General.UnknownError",
                "internal error: a statement's state lock was poisoned",
            )
        })?;
        if *state == Outcome::Cancelled {
            return Err(Failure::timed_out(&limits));
        }
        *state = Outcome::Committing;
        tx.commit()?;
        Ok(result)
    });
    tokio::pin!(work);
    let joined = match tokio::time::timeout(limits.query_timeout, &mut work).await {
        Ok(joined) => joined,
        Err(_) => {
            let committing = match outcome.lock() {
                Ok(mut state) if *state == Outcome::Pending => {
                    *state = Outcome::Cancelled;
                    false
                }
                _ => true,
            };
            if !committing {
                return Err(Failure::timed_out(&limits));
            }
            work.await
        }
    };
    joined.unwrap_or_else(|e| {
        Err(Failure::new(
            "Neo.DatabaseError.General.UnknownError",
            format!("statement crashed: {e}"),
        ))
    })
}

enum Command {
    Run {
        query: String,
        params: Params,
        reply: oneshot::Sender<Result<QueryResult, Failure>>,
    },
    Commit {
        reply: oneshot::Sender<Result<(), Failure>>,
    },
    Rollback,
}

/// An open explicit transaction, owned by its worker thread.
pub struct ExplicitTx {
    commands: mpsc::Sender<Command>,
    limits: Limits,
}

impl ExplicitTx {
    /// Start a transaction; waits (up to the query timeout) for the database lock.
    pub async fn begin(db: Arc<Database>, limits: Limits) -> Result<ExplicitTx, Failure> {
        let (commands, inbox) = mpsc::channel();
        let (ready, started) = oneshot::channel();
        std::thread::Builder::new()
            .name("bolt-tx".into())
            .spawn(move || worker(db, inbox, ready, limits))
            .map_err(|e| {
                Failure::new(
                    "Neo.TransientError.General.OutOfMemoryError",
                    format!("cannot start a transaction thread: {e}"),
                )
            })?;
        match tokio::time::timeout(limits.query_timeout, started).await {
            Ok(Ok(Ok(()))) => Ok(ExplicitTx { commands, limits }),
            Ok(Ok(Err(f))) => Err(f),
            Ok(Err(_)) => Err(Failure::tx_closed()),
            // Dropping `commands` makes the worker roll back as soon as it gets the lock.
            Err(_) => Err(Failure::new(
                "Neo.TransientError.Transaction.LockClientStopped",
                "timed out waiting for another transaction to finish; retry",
            )),
        }
    }

    pub async fn run(&self, query: String, params: Params) -> Result<QueryResult, Failure> {
        let (reply, answer) = oneshot::channel();
        self.commands
            .send(Command::Run {
                query,
                params,
                reply,
            })
            .map_err(|_| Failure::tx_closed())?;
        match tokio::time::timeout(self.limits.query_timeout, answer).await {
            Ok(Ok(r)) => r,
            Ok(Err(_)) => Err(Failure::tx_closed()),
            Err(_) => {
                self.rollback();
                Err(Failure::timed_out(&self.limits))
            }
        }
    }

    pub async fn commit(self) -> Result<(), Failure> {
        let (reply, answer) = oneshot::channel();
        self.commands
            .send(Command::Commit { reply })
            .map_err(|_| Failure::tx_closed())?;
        answer.await.unwrap_or_else(|_| Err(Failure::tx_closed()))
    }

    /// Roll back; the worker finishes any statement in progress first.
    pub fn rollback(&self) {
        let _ = self.commands.send(Command::Rollback);
    }
}

impl Drop for ExplicitTx {
    fn drop(&mut self) {
        self.rollback();
    }
}

fn worker(
    db: Arc<Database>,
    inbox: mpsc::Receiver<Command>,
    ready: oneshot::Sender<Result<(), Failure>>,
    limits: Limits,
) {
    let mut tx = match db.transaction() {
        Ok(tx) => tx,
        Err(e) => {
            let _ = ready.send(Err(e.into()));
            return;
        }
    };
    if ready.send(Ok(())).is_err() {
        return;
    }
    loop {
        match inbox.recv_timeout(limits.tx_idle_timeout) {
            Ok(Command::Run {
                query,
                params,
                reply,
            }) => {
                let result = tx.execute(&query, &params).map_err(Failure::from);
                let result = result.and_then(|r| check(&r, &limits).map(|()| r));
                let failed = result.is_err();
                let _ = reply.send(result);
                if failed {
                    // Neo4j ends a transaction at its first failure; so do we.
                    return;
                }
            }
            Ok(Command::Commit { reply }) => {
                let _ = reply.send(tx.commit().map_err(Failure::from));
                return;
            }
            Ok(Command::Rollback) | Err(mpsc::RecvTimeoutError::Disconnected) => return,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                tracing::warn!(timeout = ?limits.tx_idle_timeout, "rolling back a Bolt transaction left idle too long");
                return;
            }
        }
    }
}
