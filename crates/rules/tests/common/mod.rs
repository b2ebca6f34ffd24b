//! The test estate: the recorded demo organisation, loaded through the real AWS loader; every
//! rule has failing and passing assets in it.

// Each test binary compiles this module and uses only part of it.
#![allow(dead_code)]

use cartograph_graph::Database;
use chrono::{DateTime, TimeZone, Utc};

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
    db
}
