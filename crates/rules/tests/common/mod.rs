//! The test estate: the recorded demo organisation plus a small supplement
//! (`fixtures/supplement.cypher`) for resources the demo does not sync yet, so every rule has
//! failing and passing assets.

// Each test binary compiles this module and uses only part of it.
#![allow(dead_code)]

use cartograph_graph::{Database, GraphBackend, Params};
use chrono::{DateTime, TimeZone, Utc};

const SUPPLEMENT: &str = include_str!("../fixtures/supplement.cypher");

/// The instant rules are evaluated at: the demo's access keys were created in 2022.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2023, 1, 15, 0, 0, 0)
        .single()
        .unwrap_or_else(Utc::now)
}

pub fn estate() -> Database {
    let db = Database::in_memory();
    if let Err(e) = cartograph_aws::demo::load_demo(&db, 1_000) {
        panic!("demo estate: {e}");
    }
    for statement in SUPPLEMENT.split("\n;\n") {
        let statement: String = statement
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        if statement.trim().is_empty() {
            continue;
        }
        if let Err(e) = db.run(&statement, &Params::new()) {
            panic!("supplement: {e}\n{statement}");
        }
    }
    db
}
