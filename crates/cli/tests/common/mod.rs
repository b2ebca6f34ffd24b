//! The moto harness shared by the integration tests that sync a seeded AWS estate: a
//! moto server on a free loopback port, a scratch home with AWS profiles, the real
//! `cartograph sync` binary, and the resulting graph opened read-only.
//!
//! Needs moto: `./scripts/test` installs it and sets CARTOGRAPH_MOTO_SERVER and
//! CARTOGRAPH_PYTHON; by default the workspace's `.venv` is used.
// Each test binary uses its own part of the harness.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use cartograph_graph::{Database, Params, Value};
use serde_json::Value as Json;

/// The syncs of the AWS core, which `seed.py`'s estate covers (the other services have
/// their own seed scripts and tests, and some of their APIs are missing from moto).
pub const CORE: [&str; 2] = ["--aws-requested-syncs", "iam,s3,organizations,ec2"];

pub const ACCOUNTS: [&str; 3] = ["123456789012", "222222222222", "333333333333"];
pub const PRODUCTION: &str = "222222222222";
pub const REGIONS: [&str; 2] = ["us-east-1", "eu-west-1"];

pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn tool(var: &str, venv: &str) -> PathBuf {
    let path = std::env::var_os(var)
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join(".venv/bin").join(venv));
    assert!(
        path.exists(),
        "{} not found: run ./scripts/test (it installs moto into .venv) or set {var}",
        path.display()
    );
    path
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(0)
}

/// A moto server on a free port of 127.0.0.1, killed when dropped.
pub struct Moto {
    pub child: Child,
    pub endpoint: String,
}

impl Moto {
    pub fn start() -> Moto {
        let port = free_port();
        let child = Command::new(tool("CARTOGRAPH_MOTO_SERVER", "moto_server"))
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            // Without the ~1300 default AMIs (and their snapshots) per region.
            .env("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start moto_server: {e}"));
        let moto = Moto {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "moto_server did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        moto
    }

    /// `tests/moto/<script> MOTO MODE PORT ARGS..` serving on a free loopback port until
    /// dropped (a stand-in for what moto lacks, or a proxy), and its endpoint.
    pub fn serve(&self, script: &str, mode: &str, args: &[&str]) -> (Process, String) {
        let port = free_port();
        let child = Command::new(tool("CARTOGRAPH_PYTHON", "python"))
            .arg(workspace().join("crates/cli/tests/moto").join(script))
            .args([self.endpoint.as_str(), mode, &port.to_string()])
            .args(args)
            .stdout(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {script} {mode}: {e}"));
        let process = listening(Process(child), port, &format!("{script} {mode}"));
        (process, format!("http://127.0.0.1:{port}"))
    }

    /// Run `seed.py` in `mode` and parse the JSON it prints.
    pub fn seed(&self, mode: &str) -> Json {
        self.script("seed.py", mode)
    }

    /// Run the seed script `tests/moto/<name>` in `mode` and parse the JSON it prints.
    pub fn script(&self, name: &str, mode: &str) -> Json {
        script(&self.endpoint, name, mode)
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Run the seed script `tests/moto/<name>` in `mode` against `endpoint` (moto, or a
/// stand-in in front of it) and parse the JSON it prints.
pub fn script(endpoint: &str, name: &str, mode: &str) -> Json {
    let out = Command::new(tool("CARTOGRAPH_PYTHON", "python"))
        .arg(workspace().join("crates/cli/tests/moto").join(name))
        .args([endpoint, mode])
        .output()
        .unwrap_or_else(|e| panic!("cannot run {name}: {e}"));
    assert!(
        out.status.success(),
        "{name} {mode} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{name} {mode}: {e}"))
}

/// A child process killed when dropped.
pub struct Process(pub Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `process` once it accepts connections on loopback `port`.
pub fn listening(process: Process, port: u16, what: &str) -> Process {
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "{what} did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    process
}

/// A scratch home with AWS config and credentials files: `mgmt` uses static credentials,
/// `prod` and `staging` assume a role in their account with `mgmt` as source profile.
pub struct Home {
    pub dir: tempfile::TempDir,
}

impl Home {
    pub fn new() -> Home {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let aws = dir.path().join(".aws");
        let write = |name: &str, text: &str| {
            std::fs::create_dir_all(&aws).and_then(|()| std::fs::write(aws.join(name), text))
        };
        let config = format!(
            "[default]\nregion = us-east-1\n\
             [profile mgmt]\nregion = us-east-1\n\
             [profile prod]\nregion = us-east-1\nsource_profile = mgmt\n\
             role_arn = arn:aws:iam::{}:role/cartograph-audit\n\
             [profile staging]\nregion = us-east-1\nsource_profile = mgmt\n\
             role_arn = arn:aws:iam::{}:role/cartograph-audit\n",
            ACCOUNTS[1], ACCOUNTS[2]
        );
        let credentials = "[default]\naws_access_key_id = testing\naws_secret_access_key = testing\n\
                           [mgmt]\naws_access_key_id = testing\naws_secret_access_key = testing\n";
        write("config", &config).unwrap_or_else(|e| panic!("{e}"));
        write("credentials", credentials).unwrap_or_else(|e| panic!("{e}"));
        Home { dir }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("graph")
    }

    pub fn summary(&self) -> PathBuf {
        self.dir.path().join("summary.json")
    }

    /// `cartograph sync --aws ...` with only this home's AWS configuration in effect.
    pub fn sync(&self, endpoint: &str, tag: i64, extra: &[&str], env: &[(&str, &str)]) -> Output {
        self.command(endpoint, tag, extra, env)
            .output()
            .unwrap_or_else(|e| panic!("cannot run cartograph: {e}"))
    }

    pub fn command(
        &self,
        endpoint: &str,
        tag: i64,
        extra: &[&str],
        env: &[(&str, &str)],
    ) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_cartograph"));
        cmd.args(["sync", "--aws", "--aws-sync-all-profiles", "--aws-regions"])
            .arg(REGIONS.join(","))
            .arg("--update-tag")
            .arg(tag.to_string())
            .arg("--db")
            .arg(self.db())
            .arg("--summary")
            .arg(self.summary())
            .args(extra);
        self.aws_env(&mut cmd, endpoint);
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd
    }

    /// Make `cmd` see only this home's AWS configuration, with every AWS call sent to
    /// `endpoint` (the caller's AWS_* and CARTOGRAPH_* variables are removed).
    pub fn aws_env(&self, cmd: &mut Command, endpoint: &str) {
        for (k, _) in std::env::vars() {
            if k.starts_with("AWS_") || k.starts_with("CARTOGRAPH_") {
                cmd.env_remove(k);
            }
        }
        cmd.env("HOME", self.dir.path())
            .env("AWS_CONFIG_FILE", self.dir.path().join(".aws/config"))
            .env(
                "AWS_SHARED_CREDENTIALS_FILE",
                self.dir.path().join(".aws/credentials"),
            )
            .env("AWS_ENDPOINT_URL", endpoint)
            .env("AWS_EC2_METADATA_DISABLED", "true");
    }

    /// The sync part of the `--summary` file.
    pub fn summary_json(&self) -> Json {
        let text = std::fs::read_to_string(self.summary()).unwrap_or_default();
        let doc: Json = serde_json::from_str(&text).unwrap_or(Json::Null);
        doc["sync"].clone()
    }
}

pub fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".into(),
        other => format!("{other:?}"),
    }
}

/// The graph, opened read-only after the sync exited.
pub struct Graph(pub Database);

impl Graph {
    pub fn open(dir: &Path) -> Graph {
        Graph(Database::open_read_only(dir).unwrap_or_else(|e| panic!("open db: {e}")))
    }

    pub fn rows(&self, query: &str, params: &[(&str, &str)]) -> Vec<Vec<String>> {
        let params: Params = params
            .iter()
            .map(|(k, v)| (k.to_string(), Value::from(*v)))
            .collect();
        let result = self
            .0
            .execute(query, &params)
            .unwrap_or_else(|e| panic!("{query}: {e}"));
        result
            .rows
            .iter()
            .map(|r| r.iter().map(text).collect())
            .collect()
    }

    /// The first column of every row, as a set.
    pub fn set(&self, query: &str, params: &[(&str, &str)]) -> BTreeSet<String> {
        self.rows(query, params)
            .into_iter()
            .filter_map(|r| r.into_iter().next())
            .collect()
    }

    pub fn count(&self, query: &str) -> usize {
        self.rows(query, &[])
            .first()
            .and_then(|r| r.first())
            .and_then(|c| c.parse().ok())
            .unwrap_or(usize::MAX)
    }
}

pub fn strings(v: &Json) -> BTreeSet<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

pub fn assert_ok(out: &Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "exit status\nstdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The standard check of a registered service against moto: seed with the script
/// `tests/moto/<script>`, sync only `syncs` (Cartography keys, comma-separated), and compare,
/// for each `(kind, query)`, the ids `query` returns (parameters `$a` account, `$r` region)
/// with what the script's `report` lists as `{kind: {account: {region: [ids]}}}`; then run
/// its `mutate`, sync again, and compare again: deleted resources are gone, nothing else.
/// Returns the moto server and the home for further checks.
pub fn check_service(script: &str, syncs: &str, kinds: &[(&str, &str)]) -> (Moto, Home) {
    check(script, syncs, kinds, false)
}

/// [`check_service`] with the syncs sent through `<script> stand-in`, which answers in the
/// API's wire format the calls moto lacks and forwards the rest to moto.
pub fn check_service_via_stand_in(
    script: &str,
    syncs: &str,
    kinds: &[(&str, &str)],
) -> (Moto, Home) {
    check(script, syncs, kinds, true)
}

fn check(script: &str, syncs: &str, kinds: &[(&str, &str)], stand_in: bool) -> (Moto, Home) {
    let moto = Moto::start();
    let (_stand_in, endpoint) = if stand_in {
        let (process, endpoint) = moto.serve(script, "stand-in", &[]);
        (Some(process), endpoint)
    } else {
        (None, moto.endpoint.clone())
    };
    // Seed scripts go through the stand-in too: it forwards what it does not answer.
    let seeded = self::script(&endpoint, script, "seed");
    let home = Home::new();
    let args = ["--aws-requested-syncs", syncs];
    assert_ok(&home.sync(&endpoint, 100, &args, &[]), 0);
    assert_graph_lists(&home, &seeded, kinds);
    let deleted = self::script(&endpoint, script, "mutate");
    let after = self::script(&endpoint, script, "report");
    assert_ne!(seeded, after, "{script} mutate deleted nothing: {deleted}");
    assert_ok(&home.sync(&endpoint, 200, &args, &[]), 0);
    assert_graph_lists(&home, &after, kinds);
    (moto, home)
}

/// The graph holds exactly the ids of `report` (see [`check_service`]).
pub fn assert_graph_lists(home: &Home, report: &Json, kinds: &[(&str, &str)]) {
    let g = Graph::open(&home.db());
    for (kind, query) in kinds {
        let by_account = report[kind]
            .as_object()
            .unwrap_or_else(|| panic!("the report has no `{kind}`: {report}"));
        for (account, regions) in by_account {
            for (region, ids) in regions.as_object().into_iter().flatten() {
                let got = g.set(query, &[("a", account), ("r", region)]);
                assert_eq!(got, strings(ids), "{kind} of {account} in {region}");
            }
        }
    }
}
