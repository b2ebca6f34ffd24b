//! The sync benchmark of issue 3: how `cartograph sync --aws` scales with the number of
//! accounts when every AWS API call takes 100 ms. Seeds a moto server with N accounts
//! (role assumption from one set of credentials), puts a proxy that delays each request by
//! 100 ms in front of it, and times the real binary for N = 1 and N = 10, at the default
//! concurrency and at `--concurrency 1`. Prints `name: value unit` lines and T(10)/T(1).
//!
//! `sync-bench [--accounts N]` (default 10). Needs `cartograph` built with the `aws-sync`
//! feature next to this binary (or CARTOGRAPH_BIN), and moto (CARTOGRAPH_MOTO_SERVER,
//! CARTOGRAPH_PYTHON, default: the workspace's `.venv`, as `./scripts/test` installs it).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

/// The delay the proxy adds to every API call.
const LATENCY: Duration = Duration::from_millis(100);
const FIRST_ACCOUNT: u64 = 111_111_111_111;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn tool(var: &str, venv: &str) -> Result<PathBuf> {
    let path = std::env::var_os(var)
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join(".venv/bin").join(venv));
    if !path.exists() {
        bail!(
            "{} not found: install moto (./scripts/test does) or set {var}",
            path.display()
        );
    }
    Ok(path)
}

fn cartograph() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os("CARTOGRAPH_BIN") {
        return Ok(PathBuf::from(p));
    }
    let exe = std::env::current_exe().context("cannot locate this binary")?;
    let path = exe.with_file_name("cartograph");
    if !path.exists() {
        bail!(
            "{} not found: build it with `cargo build -p cartograph --features aws-sync` or set CARTOGRAPH_BIN",
            path.display()
        );
    }
    Ok(path)
}

/// A child process killed when dropped.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn main() -> Result<()> {
    let mut accounts = 10usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--accounts" => {
                accounts = args
                    .next()
                    .context("--accounts needs a number")?
                    .parse()
                    .context("--accounts")?;
                if accounts < 1 {
                    bail!("--accounts must be at least 1");
                }
            }
            other => bail!("unknown argument {other}; usage: sync-bench [--accounts N]"),
        }
    }
    let binary = cartograph()?;
    let port = free_port()?;
    let moto = Guard(
        Command::new(tool("CARTOGRAPH_MOTO_SERVER", "moto_server")?)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .env("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start moto_server")?,
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            bail!("moto_server did not start");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let endpoint = format!("http://127.0.0.1:{port}");
    let seed = Command::new(tool("CARTOGRAPH_PYTHON", "python")?)
        .arg(workspace().join("crates/cli/tests/moto/seed.py"))
        .args([endpoint.as_str(), "bench", &accounts.to_string()])
        .output()
        .context("cannot run seed.py")?;
    if !seed.status.success() {
        bail!("seed.py failed: {}", String::from_utf8_lossy(&seed.stderr));
    }
    let proxy = latency_proxy(port)?;
    let mut times = Vec::new();
    for concurrency in [None, Some(1)] {
        for n in [1, accounts] {
            let t = time_sync(&binary, &proxy, n, concurrency)?;
            let name = concurrency.map_or("default".to_string(), |c| format!("concurrency{c}"));
            println!("sync_wall_{n}_accounts_{name}: {} ms", t.as_millis());
            times.push((concurrency, n, t));
        }
    }
    for concurrency in [None, Some(1)] {
        let t = |n: usize| {
            times
                .iter()
                .find(|(c, k, _)| *c == concurrency && *k == n)
                .map_or(0.0, |(_, _, t)| t.as_secs_f64())
        };
        let name = concurrency.map_or("default".to_string(), |c| format!("concurrency{c}"));
        println!(
            "sync_ratio_{accounts}_to_1_{name}: {:.2} x",
            t(accounts) / t(1).max(1e-9)
        );
    }
    drop(moto);
    Ok(())
}

/// One timed `cartograph sync` of the first `n` bench accounts into a fresh database.
fn time_sync(binary: &Path, proxy: &str, n: usize, concurrency: Option<usize>) -> Result<Duration> {
    let home = tempfile::tempdir()?;
    let aws = home.path().join(".aws");
    std::fs::create_dir_all(&aws)?;
    // The role profiles assume their account from the default credentials, which
    // --aws-sync-all-profiles leaves out, so exactly `n` accounts are synced.
    let mut config = String::from("[default]\nregion = us-east-1\n");
    for i in 0..n {
        let account = FIRST_ACCOUNT + i as u64;
        config.push_str(&format!(
            "[profile a{i}]\nregion = us-east-1\nsource_profile = default\nrole_arn = arn:aws:iam::{account}:role/cartograph-audit\n"
        ));
    }
    std::fs::write(aws.join("config"), config)?;
    std::fs::write(
        aws.join("credentials"),
        "[default]\naws_access_key_id = testing\naws_secret_access_key = testing\n",
    )?;
    let mut cmd = Command::new(binary);
    for (k, _) in std::env::vars() {
        if k.starts_with("AWS_") || k.starts_with("CARTOGRAPH_") {
            cmd.env_remove(k);
        }
    }
    cmd.args(["sync", "--aws", "--aws-regions", "us-east-1"])
        .arg("--db")
        .arg(home.path().join("graph"))
        .env("HOME", home.path())
        .env("AWS_CONFIG_FILE", aws.join("config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", aws.join("credentials"))
        .env("AWS_ENDPOINT_URL", proxy)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("CARTOGRAPH_AWS_SYNC_ALL_PROFILES", "true")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if let Some(c) = concurrency {
        cmd.arg("--concurrency").arg(c.to_string());
    }
    let started = Instant::now();
    let out = cmd.output().context("cannot run cartograph")?;
    let elapsed = started.elapsed();
    if out.status.code() != Some(0) {
        bail!(
            "cartograph sync failed ({:?}): {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(elapsed)
}

/// Start a proxy to 127.0.0.1:`upstream` that delays every request by [`LATENCY`]; returns
/// its endpoint URL. One thread per connection, one request per connection
/// (`Connection: close`), which is all the SDK needs.
fn latency_proxy(upstream: u16) -> Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    std::thread::spawn(move || {
        for client in listener.incoming().flatten() {
            std::thread::spawn(move || {
                if let Err(e) = relay(client, upstream) {
                    eprintln!("proxy: {e}");
                }
            });
        }
    });
    Ok(format!("http://127.0.0.1:{port}"))
}

fn relay(client: TcpStream, upstream: u16) -> Result<()> {
    let mut writer = client.try_clone()?;
    let mut reader = BufReader::new(client);
    let mut head = Vec::new();
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let lower = line.to_ascii_lowercase();
        if let Some(v) = lower.strip_prefix("content-length:") {
            length = v.trim().parse().unwrap_or(0);
        }
        if lower.starts_with("connection:") {
            continue;
        }
        if line == "\r\n" {
            break;
        }
        head.extend_from_slice(line.as_bytes());
    }
    head.extend_from_slice(b"Connection: close\r\n\r\n");
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    std::thread::sleep(LATENCY);
    let mut up = TcpStream::connect(("127.0.0.1", upstream))?;
    up.write_all(&head)?;
    up.write_all(&body)?;
    let mut response = Vec::new();
    up.read_to_end(&mut response)?;
    // Tell the client not to reuse the connection either.
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(response.len(), |p| p + 2);
    let (headers, rest) = response.split_at(split);
    let headers = String::from_utf8_lossy(headers);
    let kept: String = headers
        .split_inclusive("\r\n")
        .filter(|l| !l.to_ascii_lowercase().starts_with("connection:"))
        .collect();
    writer.write_all(kept.as_bytes())?;
    writer.write_all(b"Connection: close\r\n")?;
    writer.write_all(rest)?;
    writer.flush()?;
    Ok(())
}
