//! Worker processes. The coordinator writes `FEATURE<TAB>INDEX` lines to a `tck --worker`
//! child, which runs that scenario on a fresh database and answers with one line holding
//! the encoded outcome. A child that does not answer in time is killed; one that dies
//! (stack overflow, abort) is replaced. Panics inside a worker are caught there.

use std::collections::HashMap;
use std::ffi::OsString;
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Mutex, mpsc};
use std::thread;
use std::time::Duration;

use anyhow::Result;

use crate::exec::{self, Failure, Graphs};
use crate::gherkin::Scenario;
use crate::load;
use crate::run::{self, Outcome};

/// Prefix of the threads scenarios run on; the panic hook stays quiet only on these.
const SCENARIO_THREAD: &str = "tck-scenario";

/// Scenario threads get a large stack so that deep (but finite) recursion in the engine
/// does not overflow it.
const SCENARIO_STACK: usize = 64 * 1024 * 1024;

/// Where the last scenario panic happened; a worker runs one scenario at a time.
static PANIC_LOCATION: Mutex<Option<String>> = Mutex::new(None);

/// How to start a worker process.
#[derive(Debug, Clone)]
pub struct WorkerCommand {
    pub program: PathBuf,
    pub args: Vec<OsString>,
}

/// A running worker process; dropping it kills the process.
pub struct Worker {
    child: Child,
    stdin: ChildStdin,
    answers: mpsc::Receiver<String>,
}

impl Worker {
    fn spawn(cmd: &WorkerCommand) -> io::Result<Worker> {
        let mut child = Command::new(&cmd.program)
            .args(&cmd.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()?;
        let pipes = child.stdin.take().zip(child.stdout.take());
        let Some((stdin, stdout)) = pipes else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(io::Error::other("worker process has no pipes"));
        };
        let (tx, answers) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Ok(Worker {
            child,
            stdin,
            answers,
        })
    }

    /// Run scenario `index` of feature `path` on the worker in `slot`, starting one if
    /// needed, and give up on it (killing it) after `timeout`.
    pub fn ask(
        slot: &mut Option<Worker>,
        cmd: &WorkerCommand,
        path: &str,
        index: usize,
        timeout: Duration,
    ) -> Outcome {
        let worker = match slot {
            Some(w) => w,
            None => match Worker::spawn(cmd) {
                Ok(w) => slot.insert(w),
                Err(e) => {
                    return Outcome::Failed(Failure::new(
                        "runner: cannot start a worker process",
                        format!("{}: {e}", cmd.program.display()),
                    ));
                }
            },
        };
        let sent = writeln!(worker.stdin, "{path}\t{index}").and_then(|()| worker.stdin.flush());
        let answer = match sent {
            Ok(()) => worker.answers.recv_timeout(timeout),
            Err(_) => Err(mpsc::RecvTimeoutError::Disconnected),
        };
        match answer {
            Ok(line) => decode(&line)
                .unwrap_or_else(|e| Outcome::Failed(Failure::new("runner: bad worker answer", e))),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                *slot = None;
                Outcome::Failed(Failure::new(
                    "timeout",
                    format!(
                        "no result within {} s; the worker process was killed",
                        timeout.as_secs_f64()
                    ),
                ))
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                let _ = worker.child.kill();
                let status = worker
                    .child
                    .wait()
                    .map_or_else(|e| e.to_string(), |s| s.to_string());
                *slot = None;
                Outcome::Failed(Failure::new(
                    "crash: the worker process died (stack overflow or abort?)",
                    format!("worker process ended with {status}"),
                ))
            }
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The worker's main loop: answer requests on stdin until it closes.
pub fn serve(dir: &Path) -> Result<()> {
    install_panic_hook();
    let graphs = load::graphs(dir)?;
    let mut features: HashMap<String, Result<Vec<Scenario>, String>> = HashMap::new();
    let mut out = io::stdout().lock();
    for line in io::stdin().lock().lines() {
        let line = line?;
        let request = line
            .split_once('\t')
            .and_then(|(p, i)| Some((p, i.parse::<usize>().ok()?)));
        let outcome = match request {
            None => Outcome::Failed(Failure::new("runner: bad worker request", line.clone())),
            Some((path, index)) => {
                let scenarios = features
                    .entry(path.to_string())
                    .or_insert_with(|| load::feature_file(dir, path));
                match scenarios.as_ref().map(|s| s.get(index)) {
                    Ok(Some(s)) => execute(s, &graphs),
                    Ok(None) => {
                        Outcome::Failed(Failure::new("runner: no such scenario", line.clone()))
                    }
                    Err(e) => Outcome::Failed(Failure::new("unreadable feature file", e.clone())),
                }
            }
        };
        writeln!(out, "{}", encode(&outcome))?;
        out.flush()?;
    }
    Ok(())
}

fn execute(s: &Scenario, graphs: &Graphs) -> Outcome {
    match run::prepare(s) {
        Err(outcome) => outcome,
        Ok(actions) => guarded(&s.name, || exec::run(&actions, graphs)),
    }
}

/// Keep panics on scenario threads off stderr (they become failures); others print as usual.
fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if thread::current()
            .name()
            .is_some_and(|n| n.starts_with(SCENARIO_THREAD))
        {
            let loc = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()));
            if let Ok(mut slot) = PANIC_LOCATION.lock() {
                *slot = loc;
            }
        } else {
            default(info);
        }
    }));
}

/// Run `work` on a thread with a large stack, turning a panic into a failure.
fn guarded(name: &str, work: impl FnOnce() -> Result<bool, Failure> + Send) -> Outcome {
    thread::scope(|scope| {
        let spawned = thread::Builder::new()
            .name(format!("{SCENARIO_THREAD} {name}"))
            .stack_size(SCENARIO_STACK)
            .spawn_scoped(scope, work);
        let handle = match spawned {
            Ok(h) => h,
            Err(e) => {
                return Outcome::Failed(Failure::new(
                    "runner: cannot start a thread",
                    e.to_string(),
                ));
            }
        };
        match handle.join() {
            Ok(Ok(unchecked_detail)) => Outcome::Passed { unchecked_detail },
            Ok(Err(f)) => Outcome::Failed(f),
            Err(payload) => {
                let msg = payload
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "non-string panic payload".into());
                let at = PANIC_LOCATION
                    .lock()
                    .ok()
                    .and_then(|mut l| l.take())
                    .unwrap_or_else(|| "?".into());
                Outcome::Failed(Failure::new(
                    format!("panic: {}", exec::mask(&msg)),
                    format!("panic at {at}: {msg}"),
                ))
            }
        }
    })
}

/// One outcome as one line: tab-separated fields, each escaped.
fn encode(o: &Outcome) -> String {
    let fields: Vec<String> = match o {
        Outcome::Passed { unchecked_detail } => {
            vec!["P".into(), if *unchecked_detail { "1" } else { "0" }.into()]
        }
        Outcome::Skipped(r) => vec!["S".into(), r.clone()],
        Outcome::Failed(f) => vec![
            "F".into(),
            f.category.clone(),
            f.message.clone(),
            f.query
                .as_ref()
                .map_or_else(|| "-".into(), |q| format!("+{q}")),
            f.listing.clone(),
        ],
    };
    fields
        .iter()
        .map(|f| escape(f))
        .collect::<Vec<_>>()
        .join("\t")
}

fn decode(line: &str) -> Result<Outcome, String> {
    let fields: Vec<String> = line.split('\t').map(unescape).collect();
    match fields
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["P", flag] => Ok(Outcome::Passed {
            unchecked_detail: *flag == "1",
        }),
        ["S", reason] => Ok(Outcome::Skipped(reason.to_string())),
        ["F", category, message, query, listing] => Ok(Outcome::Failed(Failure {
            category: category.to_string(),
            message: message.to_string(),
            query: query.strip_prefix('+').map(String::from),
            listing: listing.to_string(),
        })),
        _ => Err(format!("cannot decode worker answer `{line}`")),
    }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(script: &str) -> WorkerCommand {
        WorkerCommand {
            program: "sh".into(),
            args: vec!["-c".into(), script.into()],
        }
    }

    #[test]
    fn outcomes_survive_the_pipe() {
        let mut f = Failure::new("wrong values", "a\tb\\n\nc");
        f.query = Some("MATCH (n)\nRETURN n".into());
        f.listing = "x\n  1\r\n".into();
        for o in [
            Outcome::Passed {
                unchecked_detail: true,
            },
            Outcome::Passed {
                unchecked_detail: false,
            },
            Outcome::Skipped("tagged @skip".into()),
            Outcome::Failed(f.clone()),
            Outcome::Failed(Failure::new("timeout", "")),
        ] {
            let line = encode(&o);
            assert!(!line.contains('\n'));
            assert_eq!(decode(&line), Ok(o));
        }
        assert!(decode("Q\tx").is_err());
    }

    #[test]
    fn workers_answer_time_out_and_crash() {
        let t = Duration::from_millis(500);
        let mut slot = None;
        let ok = sh(r"while read l; do printf 'P\t1\n'; done");
        assert_eq!(
            Worker::ask(&mut slot, &ok, "f", 0, t),
            Outcome::Passed {
                unchecked_detail: true
            }
        );
        assert!(slot.is_some(), "a healthy worker is kept");
        assert_eq!(
            Worker::ask(&mut slot, &ok, "f", 1, t),
            Outcome::Passed {
                unchecked_detail: true
            }
        );

        let mut slot = None;
        let out = Worker::ask(&mut slot, &sh("sleep 5"), "f", 0, t);
        assert!(
            matches!(&out, Outcome::Failed(f) if f.category == "timeout"),
            "{out:?}"
        );
        assert!(slot.is_none(), "a timed-out worker is dropped");

        let out = Worker::ask(&mut slot, &sh("exit 3"), "f", 0, t);
        assert!(
            matches!(&out, Outcome::Failed(f) if f.category.starts_with("crash") && f.message.contains('3')),
            "{out:?}"
        );
        let missing = WorkerCommand {
            program: "/nonexistent/tck".into(),
            args: vec![],
        };
        let out = Worker::ask(&mut slot, &missing, "f", 0, t);
        assert!(
            matches!(&out, Outcome::Failed(f) if f.category.starts_with("runner: cannot start")),
            "{out:?}"
        );
    }

    #[test]
    fn panics_become_failures() {
        install_panic_hook();
        let out = guarded("p", || panic!("engine bug {}", 42));
        assert!(
            matches!(&out, Outcome::Failed(f) if f.category == "panic: engine bug N" && f.message.contains("worker.rs")),
            "{out:?}"
        );
        assert_eq!(
            guarded("ok", || Ok(false)),
            Outcome::Passed {
                unchecked_detail: false
            }
        );
    }
}
