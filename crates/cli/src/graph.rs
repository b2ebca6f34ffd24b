//! Which graph a command talks to: the embedded database (the default) or Neo4j (or any Bolt
//! server) with `--neo4j-uri`. Passwords are named by their source, never given as values.

use std::path::PathBuf;

use anyhow::{Result, anyhow, bail};
use cartograph_bolt::{Neo4jBackend, Neo4jConfig, PasswordSource};
use cartograph_graph::{Database, GraphBackend, Mode};
use clap::Args;

#[derive(Args, Debug, Default)]
pub(crate) struct DbArgs {
    /// Embedded database directory [default: $CARTOGRAPH_DB or ~/.local/share/cartograph/graph].
    #[arg(long, value_name = "PATH", global = true, conflicts_with = "neo4j_uri")]
    pub db: Option<PathBuf>,
    /// Use Neo4j (or any Bolt server) instead of the embedded database:
    /// bolt://, bolt+s://, neo4j:// or neo4j+s://HOST[:PORT]. TLS is verified for +s.
    #[arg(long, value_name = "URI", global = true, env = "CARTOGRAPH_NEO4J_URI")]
    pub neo4j_uri: Option<String>,
    /// Neo4j user.
    #[arg(
        long,
        value_name = "NAME",
        global = true,
        default_value = "neo4j",
        env = "CARTOGRAPH_NEO4J_USER"
    )]
    pub neo4j_user: String,
    /// Neo4j database [default: the server's default].
    #[arg(
        long,
        value_name = "NAME",
        global = true,
        env = "CARTOGRAPH_NEO4J_DATABASE"
    )]
    pub neo4j_database: Option<String>,
    /// Read the Neo4j password from this environment variable.
    #[arg(long, value_name = "NAME", global = true, group = "neo4j_password")]
    pub neo4j_password_env_var: Option<String>,
    /// Read the Neo4j password from the first line of this file.
    #[arg(long, value_name = "PATH", global = true, group = "neo4j_password")]
    pub neo4j_password_file: Option<PathBuf>,
    /// Prompt for the Neo4j password (no echo).
    #[arg(long, global = true, group = "neo4j_password")]
    pub neo4j_password_prompt: bool,
    /// Extra CA certificates (PEM) to trust for bolt+s:// and neo4j+s://.
    #[arg(long, value_name = "PEM", global = true)]
    pub neo4j_ca_file: Option<PathBuf>,
    /// Accept any TLS certificate from Neo4j. Insecure: for testing only.
    #[arg(long, global = true)]
    pub neo4j_insecure_skip_verify: bool,
}

impl DbArgs {
    /// The embedded database directory.
    pub(crate) fn dir(&self) -> PathBuf {
        self.db.clone().unwrap_or_else(Database::default_dir)
    }
}

/// An open graph.
pub(crate) enum Graph {
    Embedded(Box<Database>),
    Neo4j(Box<Neo4jBackend>),
}

impl Graph {
    pub(crate) fn backend(&self) -> &dyn GraphBackend {
        match self {
            Graph::Embedded(db) => db.as_ref(),
            Graph::Neo4j(n) => n.as_ref(),
        }
    }
}

/// Whether the command will write.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    /// Reads only: a snapshot of the last committed state if another process is writing.
    Read,
    ReadWrite,
}

pub(crate) fn open(args: &DbArgs, access: Access) -> Result<Graph> {
    let Some(uri) = &args.neo4j_uri else {
        let dir = args.dir();
        let db = match access {
            Access::Read => Database::open_or_snapshot(&dir),
            Access::ReadWrite => Database::open(&dir),
        }
        .map_err(|e| anyhow!("{}", e.message))?;
        if db.mode() == Mode::ReadOnlySnapshot {
            eprintln!(
                "note: {} is being written by another process; reading its last committed state (read-only)",
                dir.display()
            );
        }
        return Ok(Graph::Embedded(Box::new(db)));
    };
    let password = match (
        &args.neo4j_password_env_var,
        &args.neo4j_password_file,
        args.neo4j_password_prompt,
    ) {
        (Some(name), _, _) => PasswordSource::EnvVar(name.clone()),
        (_, Some(path), _) => PasswordSource::File(path.clone()),
        (_, _, true) => PasswordSource::Prompt,
        _ => bail!(
            "--neo4j-uri needs a password source: --neo4j-password-env-var NAME, --neo4j-password-file PATH or --neo4j-password-prompt"
        ),
    };
    if args.neo4j_insecure_skip_verify {
        tracing::warn!(
            "--neo4j-insecure-skip-verify: the Neo4j server's TLS certificate is NOT checked; anyone on the path can read and change the data"
        );
        eprintln!(
            "WARNING: not verifying the Neo4j server's TLS certificate (--neo4j-insecure-skip-verify)"
        );
    }
    let mut config = Neo4jConfig::new(uri.clone(), password);
    config.user = args.neo4j_user.clone();
    config.database = args.neo4j_database.clone();
    config.ca_file = args.neo4j_ca_file.clone();
    config.insecure = args.neo4j_insecure_skip_verify;
    let backend =
        Neo4jBackend::connect(config).map_err(|e| anyhow!("cannot connect to {uri}: {e}"))?;
    Ok(Graph::Neo4j(Box::new(backend)))
}
