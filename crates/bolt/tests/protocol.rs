//! The server's state machine at the message level: batching with `n`, DISCARD, the
//! IGNORED state after a failure, RESET, ROUTE, and version negotiation failures.

#![allow(clippy::unwrap_used)] // Test helpers outside #[test] functions.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;

use cartograph_bolt::framing::{self, tag};
use cartograph_bolt::handshake::MAGIC;
use cartograph_bolt::packstream::Pack;
use cartograph_graph::Database;

struct Raw(TcpStream);

impl Raw {
    /// Connect proposing exactly `version` (`[0, range, minor, major]`).
    fn connect(server: &common::TestServer, version: [u8; 4]) -> (Raw, [u8; 4]) {
        let mut s = TcpStream::connect(server.addr).unwrap();
        let mut hello = MAGIC.to_vec();
        hello.extend_from_slice(&version);
        hello.extend_from_slice(&[0; 12]);
        s.write_all(&hello).unwrap();
        let mut answer = [0u8; 4];
        s.read_exact(&mut answer).unwrap();
        (Raw(s), answer)
    }

    fn send(&mut self, signature: u8, fields: Vec<Pack>) {
        let mut out = Vec::new();
        framing::frame(&Pack::Struct(signature, fields), &mut out);
        self.0.write_all(&out).unwrap();
    }

    fn recv(&mut self) -> (u8, Vec<Pack>) {
        framing::unframe(&framing::read_sync(&mut self.0).unwrap()).unwrap()
    }

    fn expect(&mut self, signature: u8) -> Pack {
        let (got, mut fields) = self.recv();
        assert_eq!(
            got, signature,
            "expected 0x{signature:02X}, got 0x{got:02X} {fields:?}"
        );
        fields.pop().unwrap_or(Pack::Null)
    }

    fn login(server: &common::TestServer) -> Raw {
        let (mut raw, answer) = Raw::connect(server, [0, 0, 4, 5]);
        assert_eq!(answer, [0, 0, 4, 5]);
        raw.send(
            tag::HELLO,
            vec![Pack::map([("user_agent", Pack::str("test/1"))])],
        );
        raw.expect(tag::SUCCESS);
        let auth = Pack::map([
            ("scheme", Pack::str("basic")),
            ("principal", Pack::str("neo4j")),
            ("credentials", Pack::str(common::PASSWORD)),
        ]);
        raw.send(tag::LOGON, vec![auth]);
        raw.expect(tag::SUCCESS);
        raw
    }
}

fn run(query: &str) -> Vec<Pack> {
    vec![Pack::str(query), Pack::Map(vec![]), Pack::Map(vec![])]
}

fn pull(n: i64) -> Vec<Pack> {
    vec![Pack::map([("n", Pack::Int(n))])]
}

#[test]
fn records_stream_in_batches_of_n_and_discard_skips() {
    let server = common::start(Arc::new(Database::in_memory()), |_| {});
    let mut raw = Raw::login(&server);
    raw.send(tag::RUN, run("UNWIND range(1, 5) AS i RETURN i"));
    let meta = raw.expect(tag::SUCCESS);
    assert_eq!(meta.get("fields"), Some(&Pack::List(vec![Pack::str("i")])));
    raw.send(tag::PULL, pull(2));
    assert_eq!(raw.expect(tag::RECORD), Pack::List(vec![Pack::Int(1)]));
    assert_eq!(raw.expect(tag::RECORD), Pack::List(vec![Pack::Int(2)]));
    assert_eq!(
        raw.expect(tag::SUCCESS).get("has_more"),
        Some(&Pack::Bool(true))
    );
    raw.send(tag::DISCARD, pull(1));
    assert_eq!(
        raw.expect(tag::SUCCESS).get("has_more"),
        Some(&Pack::Bool(true))
    );
    raw.send(tag::PULL, pull(-1));
    assert_eq!(raw.expect(tag::RECORD), Pack::List(vec![Pack::Int(4)]));
    assert_eq!(raw.expect(tag::RECORD), Pack::List(vec![Pack::Int(5)]));
    let done = raw.expect(tag::SUCCESS);
    assert_eq!(done.get("has_more"), None);
    let first = done
        .get("bookmark")
        .and_then(Pack::as_str)
        .unwrap()
        .to_string();

    raw.send(tag::RUN, run("CREATE (:A)"));
    raw.expect(tag::SUCCESS);
    raw.send(tag::DISCARD, pull(-1));
    let done = raw.expect(tag::SUCCESS);
    assert_eq!(
        done.get("stats").and_then(|s| s.get("nodes-created")),
        Some(&Pack::Int(1))
    );
    let second = done
        .get("bookmark")
        .and_then(Pack::as_str)
        .unwrap()
        .to_string();
    assert_ne!(first, second, "each commit gets a new bookmark");
}

#[test]
fn after_a_failure_requests_are_ignored_until_reset() {
    let server = common::start(Arc::new(Database::in_memory()), |_| {});
    let mut raw = Raw::login(&server);
    raw.send(tag::RUN, run("RETRUN 1"));
    raw.send(tag::PULL, pull(-1));
    raw.send(tag::RUN, run("RETURN 1"));
    let failure = raw.expect(tag::FAILURE);
    assert_eq!(
        failure.get("code"),
        Some(&Pack::str("Neo.ClientError.Statement.SyntaxError"))
    );
    raw.expect(tag::IGNORED);
    raw.expect(tag::IGNORED);
    raw.send(tag::RESET, vec![]);
    raw.expect(tag::SUCCESS);
    raw.send(tag::RUN, run("RETURN 1 AS one"));
    raw.expect(tag::SUCCESS);
    raw.send(tag::PULL, pull(-1));
    assert_eq!(raw.expect(tag::RECORD), Pack::List(vec![Pack::Int(1)]));
    raw.expect(tag::SUCCESS);
}

#[test]
fn route_answers_a_single_server_table_and_goodbye_closes() {
    let server = common::start(Arc::new(Database::in_memory()), |_| {});
    let mut raw = Raw::login(&server);
    let context = Pack::map([("address", Pack::str("example.test:7687"))]);
    raw.send(
        tag::ROUTE,
        vec![context, Pack::List(vec![]), Pack::Map(vec![])],
    );
    let rt = raw.expect(tag::SUCCESS).get("rt").cloned().unwrap();
    let Some(Pack::List(servers)) = rt.get("servers") else {
        panic!("{rt:?}")
    };
    let roles: Vec<_> = servers
        .iter()
        .filter_map(|s| s.get("role").and_then(Pack::as_str))
        .collect();
    assert_eq!(roles, ["WRITE", "READ", "ROUTE"]);
    for s in servers {
        assert_eq!(
            s.get("addresses"),
            Some(&Pack::List(vec![Pack::str("example.test:7687")]))
        );
    }
    raw.send(tag::GOODBYE, vec![]);
    let mut rest = Vec::new();
    assert_eq!(
        raw.0.read_to_end(&mut rest).unwrap(),
        0,
        "the server closes after GOODBYE"
    );
}

#[test]
fn unknown_versions_get_zeros_and_requests_before_logon_fail() {
    let server = common::start(Arc::new(Database::in_memory()), |_| {});
    let (_, answer) = Raw::connect(&server, [0, 0, 0, 3]);
    assert_eq!(answer, [0; 4]);

    let (mut raw, _) = Raw::connect(&server, [0, 0, 4, 5]);
    raw.send(
        tag::HELLO,
        vec![Pack::map([("user_agent", Pack::str("test/1"))])],
    );
    raw.expect(tag::SUCCESS);
    raw.send(tag::RUN, run("RETURN 1"));
    let failure = raw.expect(tag::FAILURE);
    assert_eq!(
        failure.get("code"),
        Some(&Pack::str("Neo.ClientError.Request.Invalid"))
    );
    // No RESET leads around authentication: the server hangs up after the failure, so the
    // RESET may not even be writable, and nothing more is ever answered.
    let mut out = Vec::new();
    framing::frame(&Pack::Struct(tag::RESET, vec![]), &mut out);
    let _ = raw.0.write_all(&out);
    let mut rest = Vec::new();
    assert_eq!(raw.0.read_to_end(&mut rest).unwrap_or(0), 0);
}
