//! Asking the graph questions without writing Cypher: annotated query packs
//! (`cartograph queries`), compliance rules made of Cypher facts and mapped to frameworks
//! (`cartograph rules`), findings in the formats security tooling reads, and a
//! self-contained HTML report (`cartograph report`).

pub mod cli;
pub mod formats;
pub mod model;
pub mod pack;
pub mod queries;
pub mod report;
pub mod ruleset;
pub mod run;
pub mod tabular;
pub mod value;

pub use cli::{
    QueriesArgs, QueriesCommand, ReportArgs, RulesArgs, RulesCommand, run_queries, run_report,
    run_rules,
};
