//! `cartograph shell`: an interactive Cypher prompt with history and multi-line input.
//!
//! A statement ends with `;` (or a blank line after some text). `:help`, `:quit`,
//! `:format NAME` and `:param name=VALUE` are shell commands.

use std::io::Write;

use anyhow::Result;
use cartograph_graph::{GraphBackend, Params};
use rustyline::DefaultEditor;
use rustyline::error::ReadlineError;

use crate::output::{self, Format};
use crate::params;

const HELP: &str = "\
Type Cypher and end it with ';' (or an empty line). Shell commands:
  :help                 this text
  :quit                 leave (or Ctrl-D)
  :format table|json|csv|ndjson
  :param name=VALUE     set a parameter (VALUE is a Cypher literal)
  :params               list parameters";

pub fn run(db: &dyn GraphBackend, mut format: Format) -> Result<()> {
    let mut editor = DefaultEditor::new()?;
    let history = dirs::data_dir().map(|d| d.join("cartograph").join("shell_history"));
    if let Some(h) = &history {
        let _ = editor.load_history(h);
    }
    println!(
        "cartograph shell — {}. :help for help, :quit to leave.",
        db.describe()
    );
    let mut params = Params::new();
    let mut buffer = String::new();
    loop {
        let prompt = if buffer.is_empty() {
            "cypher> "
        } else {
            "   ...> "
        };
        let line = match editor.readline(prompt) {
            Ok(l) => l,
            Err(ReadlineError::Interrupted) => {
                buffer.clear();
                continue;
            }
            Err(ReadlineError::Eof) => break,
            Err(e) => return Err(e.into()),
        };
        let trimmed = line.trim();
        if buffer.is_empty() && trimmed.starts_with(':') {
            let _ = editor.add_history_entry(trimmed);
            match shell_command(trimmed, &mut format, &mut params) {
                Ok(true) => break,
                Ok(false) => {}
                Err(e) => eprintln!("error: {e:#}"),
            }
            continue;
        }
        if trimmed.is_empty() && buffer.trim().is_empty() {
            continue;
        }
        buffer.push_str(&line);
        buffer.push('\n');
        let complete = trimmed.ends_with(';') || (trimmed.is_empty() && !buffer.trim().is_empty());
        if !complete {
            continue;
        }
        let statement = std::mem::take(&mut buffer);
        let statement = statement.trim().trim_end_matches(';').to_string();
        let _ = editor.add_history_entry(statement.as_str());
        let started = std::time::Instant::now();
        match db.run(&statement, &params) {
            Ok(result) => {
                let mut out = std::io::stdout().lock();
                if let Err(e) = output::print(&result, format, &mut out) {
                    eprintln!("error: {e}");
                }
                let _ = out.flush();
                if let Some(c) = output::counters_line(&result) {
                    println!("{c}");
                }
                println!("({} ms)", started.elapsed().as_millis());
            }
            Err(e) => eprintln!("{e}"),
        }
    }
    if let Some(h) = &history {
        if let Some(dir) = h.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = editor.save_history(h);
    }
    Ok(())
}

/// Run a `:command`; true means quit.
fn shell_command(cmd: &str, format: &mut Format, params: &mut Params) -> Result<bool> {
    let (name, arg) = cmd.split_once(char::is_whitespace).unwrap_or((cmd, ""));
    match name {
        ":quit" | ":exit" | ":q" => return Ok(true),
        ":help" | ":h" => println!("{HELP}"),
        ":format" => {
            *format = <Format as clap::ValueEnum>::from_str(arg.trim(), true).map_err(|_| {
                anyhow::anyhow!(
                    "unknown format `{}`; use table, json, csv or ndjson",
                    arg.trim()
                )
            })?;
        }
        ":param" => params::parse_param(arg.trim(), params)?,
        ":params" => {
            for (k, v) in params.iter() {
                println!("{k} = {v}");
            }
        }
        other => anyhow::bail!("unknown shell command `{other}`; :help lists them"),
    }
    Ok(false)
}
