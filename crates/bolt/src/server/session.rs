//! One Bolt connection's state machine: authentication, auto-commit and explicit
//! transactions, result streaming with `n` batching, and the FAILED state in which every
//! request but RESET and GOODBYE is IGNORED.

use std::collections::VecDeque;
use std::time::Instant;

use cartograph_graph::QueryResult;

use super::Shared;
use super::exec::{self, ExplicitTx, Failure};
use crate::convert::{self, Decoder, Encoder};
use crate::framing::{frame, tag};
use crate::handshake::Version;
use crate::packstream::Pack;

/// What the connection loop does after a message.
#[derive(Debug, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Close,
}

#[derive(Debug, PartialEq, Eq)]
enum State {
    /// Waiting for HELLO.
    Connected,
    /// Bolt 5.1+: HELLO done, waiting for LOGON.
    Authentication,
    Ready,
    Failed,
}

/// A result being streamed to the client.
struct Stream {
    qid: i64,
    result: QueryResult,
    next: usize,
    /// The bookmark to report when the stream ends (auto-commit only).
    bookmark: Option<String>,
    started: Instant,
}

pub struct Session {
    shared: std::sync::Arc<Shared>,
    version: Version,
    utc: bool,
    state: State,
    tx: Option<ExplicitTx>,
    streams: VecDeque<Stream>,
    next_qid: i64,
    connection_id: String,
}

fn success(out: &mut Vec<u8>, meta: Vec<(String, Pack)>) {
    frame(&Pack::Struct(tag::SUCCESS, vec![Pack::Map(meta)]), out);
}

fn failure(out: &mut Vec<u8>, f: &Failure) {
    let meta = Pack::map([
        ("code", Pack::str(f.code.as_str())),
        ("message", Pack::str(f.message.as_str())),
    ]);
    frame(&Pack::Struct(tag::FAILURE, vec![meta]), out);
}

fn invalid(message: impl Into<String>) -> Failure {
    Failure::new("Neo.ClientError.Request.Invalid", message)
}

fn unauthorized() -> Failure {
    Failure::new(
        "Neo.ClientError.Security.Unauthorized",
        "The client is unauthorized due to authentication failure.",
    )
}

/// The `n` and `qid` of a PULL or DISCARD.
fn n_and_qid(fields: &[Pack]) -> (i64, i64) {
    let extra = fields.first();
    let get = |k: &str| {
        extra
            .and_then(|e| e.get(k))
            .and_then(Pack::as_int)
            .unwrap_or(-1)
    };
    (get("n"), get("qid"))
}

impl Session {
    pub fn new(shared: std::sync::Arc<Shared>, version: Version, connection_id: String) -> Session {
        Session {
            shared,
            version,
            utc: version.is_v5(),
            state: State::Connected,
            tx: None,
            streams: VecDeque::new(),
            next_qid: 0,
            connection_id,
        }
    }

    /// Handle one request, appending the responses to `out`.
    pub async fn handle(&mut self, signature: u8, fields: Vec<Pack>, out: &mut Vec<u8>) -> Flow {
        if signature == tag::GOODBYE {
            return Flow::Close;
        }
        if signature == tag::RESET {
            self.reset();
            if self.state == State::Failed {
                self.state = State::Ready;
            }
            success(out, vec![]);
            return Flow::Continue;
        }
        if self.state == State::Failed {
            frame(&Pack::Struct(tag::IGNORED, vec![]), out);
            return Flow::Continue;
        }
        let outcome = match (&self.state, signature) {
            (State::Connected, tag::HELLO) => self.hello(&fields),
            (State::Connected, _) => Err(invalid("the first message must be HELLO")),
            (State::Authentication, tag::LOGON) => self.logon(fields.first()),
            (State::Authentication, _) => Err(invalid("authenticate with LOGON first")),
            (State::Ready, tag::LOGOFF) if self.version.has_logon() => {
                self.reset();
                self.state = State::Authentication;
                Ok(vec![])
            }
            (State::Ready, tag::RUN) => self.run(fields).await,
            (State::Ready, tag::PULL) => self.pull(&fields, true, out),
            (State::Ready, tag::DISCARD) => self.pull(&fields, false, out),
            (State::Ready, tag::BEGIN) => self.begin().await,
            (State::Ready, tag::COMMIT) => self.commit().await,
            (State::Ready, tag::ROLLBACK) => self.rollback(),
            (State::Ready, tag::ROUTE) => Ok(self.route(&fields)),
            (State::Ready, tag::TELEMETRY) => Ok(vec![]),
            (_, other) => Err(invalid(format!(
                "unexpected message 0x{other:02X} in this state"
            ))),
        };
        match outcome {
            Ok(meta) => {
                success(out, meta);
                Flow::Continue
            }
            Err(f) => {
                let auth_failed = f.code == "Neo.ClientError.Security.Unauthorized";
                failure(out, &f);
                self.reset();
                if auth_failed {
                    // Slow down password guessing, then hang up as Neo4j does.
                    tokio::time::sleep(std::time::Duration::from_millis(250)).await;
                }
                if self.state != State::Ready {
                    // Before authentication a failure ends the connection: a RESET must
                    // never lead from here to the READY state.
                    return Flow::Close;
                }
                self.state = State::Failed;
                Flow::Continue
            }
        }
    }

    /// Drop open results and roll back any open transaction.
    fn reset(&mut self) {
        self.streams.clear();
        if let Some(tx) = self.tx.take() {
            tx.rollback();
        }
    }

    fn hello(&mut self, fields: &[Pack]) -> Result<Vec<(String, Pack)>, Failure> {
        let extra = fields
            .first()
            .ok_or_else(|| invalid("HELLO needs a map of metadata"))?;
        let mut meta = vec![
            ("server".to_string(), Pack::str(super::SERVER_AGENT)),
            (
                "connection_id".to_string(),
                Pack::str(self.connection_id.as_str()),
            ),
        ];
        if self.version.has_logon() {
            self.state = State::Authentication;
        } else {
            self.authenticate(extra)?;
            self.state = State::Ready;
            let wants_utc = matches!(extra.get("patch_bolt"), Some(Pack::List(l)) if l.iter().any(|p| p.as_str() == Some("utc")));
            if wants_utc {
                self.utc = true;
                meta.push(("patch_bolt".into(), Pack::List(vec![Pack::str("utc")])));
            }
        }
        meta.push(("hints".into(), Pack::Map(vec![])));
        Ok(meta)
    }

    fn logon(&mut self, auth: Option<&Pack>) -> Result<Vec<(String, Pack)>, Failure> {
        self.authenticate(auth.ok_or_else(|| invalid("LOGON needs a map of credentials"))?)?;
        self.state = State::Ready;
        Ok(vec![])
    }

    fn authenticate(&self, auth: &Pack) -> Result<(), Failure> {
        let Some((user, hash)) = self.shared.auth.as_ref() else {
            return Ok(());
        };
        let scheme = auth.get("scheme").and_then(Pack::as_str);
        let principal = auth.get("principal").and_then(Pack::as_str);
        let credentials = auth.get("credentials").and_then(Pack::as_str);
        match (scheme, principal, credentials) {
            (Some("basic"), Some(p), Some(c)) if p == user && hash.verify(c) => Ok(()),
            _ => {
                tracing::warn!(connection = %self.connection_id, "Bolt authentication failed");
                Err(unauthorized())
            }
        }
    }

    async fn run(&mut self, fields: Vec<Pack>) -> Result<Vec<(String, Pack)>, Failure> {
        let started = Instant::now();
        let mut fields = fields.into_iter();
        let query = match fields.next() {
            Some(Pack::String(q)) => q,
            _ => return Err(invalid("RUN needs the query text as its first field")),
        };
        let params = Decoder::params()
            .map(&fields.next().unwrap_or(Pack::Null))
            .map_err(|e| {
                Failure::new(
                    "Neo.ClientError.Statement.TypeError",
                    format!("bad parameter: {e}"),
                )
            })?;
        let limits = self.shared.limits;
        let (result, bookmark, qid) = match &self.tx {
            Some(tx) => {
                let result = tx.run(query, params).await;
                if result.is_err() {
                    self.tx = None;
                }
                self.next_qid += 1;
                (result?, None, self.next_qid - 1)
            }
            None => {
                // Auto-commit results do not stay open beside a new one.
                self.streams.clear();
                let result =
                    exec::autocommit(self.shared.db.clone(), query, params, limits).await?;
                (result, Some(self.shared.bookmark()), -1)
            }
        };
        let columns = Pack::List(
            result
                .columns
                .iter()
                .map(|c| Pack::str(c.as_str()))
                .collect(),
        );
        let mut meta = vec![
            ("fields".to_string(), columns),
            (
                "t_first".to_string(),
                Pack::Int(started.elapsed().as_millis() as i64),
            ),
        ];
        if self.tx.is_some() {
            meta.push(("qid".into(), Pack::Int(qid)));
        }
        self.streams.push_back(Stream {
            qid,
            result,
            next: 0,
            bookmark,
            started,
        });
        Ok(meta)
    }

    /// PULL (`emit`) or DISCARD up to `n` records of the chosen result.
    fn pull(
        &mut self,
        fields: &[Pack],
        emit: bool,
        out: &mut Vec<u8>,
    ) -> Result<Vec<(String, Pack)>, Failure> {
        let (n, qid) = n_and_qid(fields);
        let index = if qid == -1 {
            self.streams.len().checked_sub(1)
        } else {
            self.streams.iter().position(|s| s.qid == qid)
        };
        let index = index.ok_or_else(|| invalid("there is no open result to PULL or DISCARD"))?;
        let stream = &mut self.streams[index];
        let remaining = stream.result.rows.len() - stream.next;
        let take = if n < 0 {
            remaining
        } else {
            remaining.min(n as usize)
        };
        if emit {
            let enc = Encoder {
                result: Some(&stream.result),
                element_ids: self.version.is_v5(),
                utc: self.utc,
            };
            for row in &stream.result.rows[stream.next..stream.next + take] {
                let record = Pack::List(row.iter().map(|v| enc.value(v)).collect());
                frame(&Pack::Struct(tag::RECORD, vec![record]), out);
            }
        }
        stream.next += take;
        if stream.next < stream.result.rows.len() {
            return Ok(vec![("has_more".into(), Pack::Bool(true))]);
        }
        let Some(stream) = self.streams.remove(index) else {
            return Err(invalid("result vanished"));
        };
        let counters = &stream.result.counters;
        let kind = if counters.indexes_added
            + counters.indexes_removed
            + counters.constraints_added
            + counters.constraints_removed
            > 0
        {
            "s"
        } else if counters.contains_updates() {
            "rw"
        } else {
            "r"
        };
        let mut meta = vec![
            ("type".to_string(), Pack::str(kind)),
            (
                "t_last".to_string(),
                Pack::Int(stream.started.elapsed().as_millis() as i64),
            ),
            ("db".to_string(), Pack::str(super::DATABASE_NAME)),
        ];
        if counters.contains_updates() {
            meta.push(("stats".into(), convert::stats(counters)));
        }
        if let Some(b) = stream.bookmark {
            meta.push(("bookmark".into(), Pack::String(b)));
        }
        Ok(meta)
    }

    async fn begin(&mut self) -> Result<Vec<(String, Pack)>, Failure> {
        if self.tx.is_some() {
            return Err(invalid("a transaction is already open"));
        }
        self.streams.clear();
        self.tx = Some(ExplicitTx::begin(self.shared.db.clone(), self.shared.limits).await?);
        self.next_qid = 0;
        Ok(vec![])
    }

    async fn commit(&mut self) -> Result<Vec<(String, Pack)>, Failure> {
        let tx = self
            .tx
            .take()
            .ok_or_else(|| invalid("COMMIT without an open transaction"))?;
        self.streams.clear();
        tx.commit().await?;
        Ok(vec![(
            "bookmark".into(),
            Pack::String(self.shared.bookmark()),
        )])
    }

    fn rollback(&mut self) -> Result<Vec<(String, Pack)>, Failure> {
        let tx = self
            .tx
            .take()
            .ok_or_else(|| invalid("ROLLBACK without an open transaction"))?;
        self.streams.clear();
        tx.rollback();
        Ok(vec![])
    }

    /// A routing table naming this one server in every role, at the address the client
    /// used to reach it, so `neo4j://` URIs work.
    fn route(&self, fields: &[Pack]) -> Vec<(String, Pack)> {
        let address = fields
            .first()
            .and_then(|ctx| ctx.get("address"))
            .and_then(Pack::as_str)
            .map_or_else(|| self.shared.advertised.clone(), str::to_string);
        let server = |role: &str| {
            Pack::map([
                ("addresses", Pack::List(vec![Pack::str(address.as_str())])),
                ("role", Pack::str(role)),
            ])
        };
        let table = Pack::map([
            ("ttl", Pack::Int(300)),
            ("db", Pack::str(super::DATABASE_NAME)),
            (
                "servers",
                Pack::List(vec![server("WRITE"), server("READ"), server("ROUTE")]),
            ),
        ]);
        vec![("rt".into(), table)]
    }
}
