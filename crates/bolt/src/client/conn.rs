//! One blocking Bolt client connection: connect (TCP, optionally TLS), handshake,
//! authenticate, route, and run statements.

use std::io::{self, BufReader, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::time::Duration;

use cartograph_graph::{QueryResult, Statement, Value};
use rustls::{ClientConfig, ClientConnection, StreamOwned};
use rustls_pki_types::ServerName;

use crate::convert::{self, Decoder, Encoder};
use crate::framing::{self, frame, tag};
use crate::handshake::{self, MAGIC, Version};
use crate::packstream::Pack;

/// Why a request failed.
#[derive(Debug)]
pub enum Failure {
    /// The server answered FAILURE with a Neo4j status code.
    Server { code: String, message: String },
    /// The connection broke or could not be made.
    Io(io::Error),
    /// The server did not follow the protocol, or refused our versions.
    Protocol(String),
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Failure {
        Failure::Io(e)
    }
}

trait Transport: Read + Write + Send {}
impl<T: Read + Write + Send> Transport for T {}

/// Where and how to connect.
#[derive(Clone)]
pub struct Endpoint {
    pub host: String,
    pub port: u16,
    pub tls: Option<Arc<ClientConfig>>,
    pub connect_timeout: Duration,
}

impl Endpoint {
    pub fn address(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

/// Credentials and options sent at HELLO.
pub struct Login<'a> {
    pub user: &'a str,
    pub password: &'a str,
    /// Set for `neo4j://` URIs: the routing context naming the address we dialled.
    pub routing: bool,
}

pub struct Connection {
    io: BufReader<Box<dyn Transport>>,
    version: Version,
    utc: bool,
    /// Set when the connection can no longer be trusted (I/O error, protocol confusion).
    pub broken: bool,
}

fn protocol(msg: impl Into<String>) -> Failure {
    Failure::Protocol(msg.into())
}

impl Connection {
    pub fn open(endpoint: &Endpoint, login: &Login<'_>) -> Result<Connection, Failure> {
        let addrs = (endpoint.host.as_str(), endpoint.port).to_socket_addrs()?;
        let mut last = io::Error::new(
            io::ErrorKind::NotFound,
            format!("{} resolves to no address", endpoint.host),
        );
        let mut tcp = None;
        for addr in addrs {
            match TcpStream::connect_timeout(&addr, endpoint.connect_timeout) {
                Ok(s) => {
                    tcp = Some(s);
                    break;
                }
                Err(e) => last = e,
            }
        }
        let tcp = tcp.ok_or(last)?;
        tcp.set_nodelay(true)?;
        let transport: Box<dyn Transport> = match &endpoint.tls {
            None => Box::new(tcp),
            Some(config) => {
                let name = ServerName::try_from(endpoint.host.clone()).map_err(|e| {
                    protocol(format!(
                        "{} is not a valid TLS server name: {e}",
                        endpoint.host
                    ))
                })?;
                let conn = ClientConnection::new(config.clone(), name)
                    .map_err(|e| protocol(format!("TLS setup failed: {e}")))?;
                Box::new(StreamOwned::new(conn, tcp))
            }
        };
        let mut io = BufReader::new(transport);
        let mut hello = MAGIC.to_vec();
        hello.extend_from_slice(&handshake::client_proposals());
        io.get_mut().write_all(&hello)?;
        io.get_mut().flush()?;
        let mut answer = [0u8; 4];
        io.read_exact(&mut answer)?;
        let version = handshake::parse_answer(answer).ok_or_else(|| {
            protocol(format!(
                "the server speaks none of our Bolt versions (answered {answer:?})"
            ))
        })?;
        let mut conn = Connection {
            io,
            version,
            utc: version.is_v5(),
            broken: false,
        };
        conn.login(endpoint, login)?;
        Ok(conn)
    }

    fn login(&mut self, endpoint: &Endpoint, login: &Login<'_>) -> Result<(), Failure> {
        let agent = concat!("cartograph/", env!("CARGO_PKG_VERSION"));
        let auth = || {
            vec![
                ("scheme", Pack::str("basic")),
                ("principal", Pack::str(login.user)),
                ("credentials", Pack::str(login.password)),
            ]
        };
        let mut extra = vec![("user_agent", Pack::str(agent))];
        if login.routing {
            extra.push((
                "routing",
                Pack::map([("address", Pack::String(endpoint.address()))]),
            ));
        }
        if self.version >= Version::new(5, 3) {
            extra.push(("bolt_agent", Pack::map([("product", Pack::str(agent))])));
        }
        if !self.version.is_v5() {
            extra.push(("patch_bolt", Pack::List(vec![Pack::str("utc")])));
        }
        if !self.version.has_logon() {
            extra.extend(auth());
        }
        self.send(&[Pack::Struct(tag::HELLO, vec![Pack::map(extra)])])?;
        let meta = self.summary()?;
        if !self.version.is_v5() {
            self.utc = matches!(meta.get("patch_bolt"), Some(Pack::List(l)) if l.iter().any(|p| p.as_str() == Some("utc")));
        }
        if self.version.has_logon() {
            self.send(&[Pack::Struct(tag::LOGON, vec![Pack::map(auth())])])?;
            self.summary()?;
        }
        Ok(())
    }

    pub fn version(&self) -> Version {
        self.version
    }

    fn send(&mut self, messages: &[Pack]) -> Result<(), Failure> {
        let mut out = Vec::new();
        for m in messages {
            frame(m, &mut out);
        }
        let written = self
            .io
            .get_mut()
            .write_all(&out)
            .and_then(|()| self.io.get_mut().flush());
        written
            .inspect_err(|_| self.broken = true)
            .map_err(Failure::Io)
    }

    fn receive(&mut self) -> Result<(u8, Vec<Pack>), Failure> {
        let read = framing::read_sync(&mut self.io).and_then(|body| framing::unframe(&body));
        read.inspect_err(|_| self.broken = true)
            .map_err(Failure::Io)
    }

    /// The next summary: SUCCESS's metadata, or the FAILURE as an error.
    fn summary(&mut self) -> Result<Pack, Failure> {
        let (signature, mut fields) = self.receive()?;
        let meta = fields.pop().unwrap_or(Pack::Map(vec![]));
        self.summary_of(signature, meta)
    }

    /// After a FAILURE: clear the server's failed state so the connection can be reused.
    fn recover(&mut self, pending: usize) {
        let ok = self.send(&[Pack::Struct(tag::RESET, vec![])]).is_ok()
            && (0..pending).all(|_| self.receive().is_ok())
            && self.summary().is_ok();
        if !ok {
            self.broken = true;
        }
    }

    /// The writer's address from the routing table of `database`.
    pub fn route(
        &mut self,
        endpoint: &Endpoint,
        database: Option<&str>,
    ) -> Result<String, Failure> {
        let context = Pack::map([("address", Pack::String(endpoint.address()))]);
        let extra = Pack::map(database.map(|d| ("db", Pack::str(d))));
        self.send(&[Pack::Struct(
            tag::ROUTE,
            vec![context, Pack::List(vec![]), extra],
        )])?;
        let meta = self.summary()?;
        let servers = match meta.get("rt").and_then(|rt| rt.get("servers")) {
            Some(Pack::List(s)) => s.clone(),
            _ => return Err(protocol("the routing table has no servers")),
        };
        servers
            .iter()
            .filter(|s| s.get("role").and_then(Pack::as_str) == Some("WRITE"))
            .find_map(|s| match s.get("addresses") {
                Some(Pack::List(a)) => a.first().and_then(Pack::as_str).map(str::to_string),
                _ => None,
            })
            .ok_or_else(|| Failure::Server {
                code: "Neo.TransientError.General.DatabaseUnavailable".into(),
                message: "the routing table names no writer (leader election in progress?)".into(),
            })
    }

    /// Run statements, in one explicit transaction when `explicit`, else the single
    /// statement in auto-commit. Requests are pipelined; results are fully read.
    pub fn run(
        &mut self,
        statements: &[Statement],
        explicit: bool,
        database: Option<&str>,
    ) -> Result<Vec<QueryResult>, Failure> {
        let db_extra = || Pack::map(database.map(|d| ("db", Pack::str(d))));
        let enc = Encoder {
            result: None,
            element_ids: self.version.is_v5(),
            utc: self.utc,
        };
        let mut requests = Vec::with_capacity(statements.len() * 2 + 2);
        if explicit {
            requests.push(Pack::Struct(tag::BEGIN, vec![db_extra()]));
        }
        for s in statements {
            let params = Pack::Map(
                s.params
                    .iter()
                    .map(|(k, v)| (k.clone(), enc.value(v)))
                    .collect(),
            );
            let extra = if explicit {
                Pack::Map(vec![])
            } else {
                db_extra()
            };
            requests.push(Pack::Struct(
                tag::RUN,
                vec![Pack::str(s.query.as_str()), params, extra],
            ));
            requests.push(Pack::Struct(
                tag::PULL,
                vec![Pack::map([("n", Pack::Int(-1))])],
            ));
        }
        if explicit {
            requests.push(Pack::Struct(tag::COMMIT, vec![]));
        }
        self.send(&requests)?;
        let mut answered = 0;
        let outcome = self.read_results(statements.len(), explicit, &mut answered);
        match &outcome {
            Err(Failure::Server { .. }) if !self.broken => self.recover(requests.len() - answered),
            Err(_) => self.broken = true,
            Ok(_) => {}
        }
        outcome
    }

    fn read_results(
        &mut self,
        count: usize,
        explicit: bool,
        answered: &mut usize,
    ) -> Result<Vec<QueryResult>, Failure> {
        if explicit {
            *answered += 1;
            self.summary()?;
        }
        let mut results = Vec::with_capacity(count);
        for _ in 0..count {
            *answered += 1;
            let run = self.summary()?;
            let columns = match run.get("fields") {
                Some(Pack::List(f)) => f
                    .iter()
                    .filter_map(Pack::as_str)
                    .map(str::to_string)
                    .collect(),
                _ => vec![],
            };
            let mut decoder = Decoder::results();
            let mut rows = Vec::new();
            *answered += 1;
            let done = loop {
                let (signature, mut fields) = self.receive()?;
                if signature != tag::RECORD {
                    let meta = fields.pop().unwrap_or(Pack::Map(vec![]));
                    break self.summary_of(signature, meta)?;
                }
                let row = match fields.pop() {
                    Some(Pack::List(values)) => values
                        .iter()
                        .map(|v| decoder.value(v))
                        .collect::<Result<Vec<Value>, _>>()
                        .map_err(|e| protocol(format!("cannot decode a record: {e}")))?,
                    _ => return Err(protocol("a RECORD must hold a list")),
                };
                rows.push(row);
            };
            results.push(QueryResult {
                columns,
                rows,
                counters: convert::counters(done.get("stats")),
                nodes: decoder.nodes,
                relationships: decoder.relationships,
            });
        }
        if explicit {
            *answered += 1;
            self.summary()?;
        }
        Ok(results)
    }

    fn summary_of(&mut self, signature: u8, meta: Pack) -> Result<Pack, Failure> {
        match signature {
            tag::SUCCESS => Ok(meta),
            tag::FAILURE => Err(Failure::Server {
                code: meta
                    .get("code")
                    .and_then(Pack::as_str)
                    .unwrap_or("Neo.DatabaseError.General.UnknownError")
                    .to_string(),
                message: meta
                    .get("message")
                    .and_then(Pack::as_str)
                    .unwrap_or("")
                    .to_string(),
            }),
            other => {
                self.broken = true;
                Err(protocol(format!(
                    "unexpected message 0x{other:02X} in a result stream"
                )))
            }
        }
    }

    /// Say GOODBYE; errors do not matter at this point.
    pub fn close(mut self) {
        let _ = self.send(&[Pack::Struct(tag::GOODBYE, vec![])]);
    }
}
