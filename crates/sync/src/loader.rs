//! Runs a schema's statements against a graph: upserts in bounded batches (one transaction
//! each), index creation, and cleanup repeated in bounded rounds until nothing stale is left.

use std::collections::{BTreeMap, HashSet};
use std::sync::Mutex;

use cartograph_graph::{GraphBackend, Params, QueryResult, Value};

use crate::cleanup::{
    LIMIT_PARAM, UPDATE_TAG_PARAM, cleanup_params, cleanup_queries, link_cleanup_query,
};
use crate::error::SyncError;
use crate::querybuild::{
    LASTUPDATED_PARAM, ROWS_PARAM, index_queries, ingest_query, link_index_queries,
    link_params_used, link_query, params_used,
};
use crate::schema::{LinkSchema, NodeSchema, Source};

/// One row for a schema: field name to value.
pub type Row = BTreeMap<String, Value>;

/// Rows per upsert transaction unless configured otherwise.
pub const DEFAULT_BATCH_SIZE: usize = 1000;
/// Entities deleted per cleanup statement unless configured otherwise.
pub const DEFAULT_CLEANUP_LIMIT: i64 = 1000;
/// Cleanup rounds after which a statement that keeps reporting deletions is abandoned.
const MAX_CLEANUP_ROUNDS: u64 = 1_000_000;

/// What an upsert wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoadStats {
    /// Rows given (each one node upserted, or one link attempted).
    pub rows: u64,
    pub nodes_created: u64,
    pub relationships_created: u64,
    pub properties_set: u64,
    pub batches: u64,
}

impl LoadStats {
    pub fn add(&mut self, other: &LoadStats) {
        self.rows += other.rows;
        self.nodes_created += other.nodes_created;
        self.relationships_created += other.relationships_created;
        self.properties_set += other.properties_set;
        self.batches += other.batches;
    }
}

/// What a cleanup deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CleanupStats {
    pub nodes_deleted: u64,
    pub relationships_deleted: u64,
    pub statements_run: u64,
}

impl CleanupStats {
    pub fn add(&mut self, other: &CleanupStats) {
        self.nodes_deleted += other.nodes_deleted;
        self.relationships_deleted += other.relationships_deleted;
        self.statements_run += other.statements_run;
    }
}

/// Loads schemas into one backend. Indexes are created once per label per loader.
pub struct Loader<'a> {
    backend: &'a dyn GraphBackend,
    batch_size: usize,
    cleanup_limit: i64,
    indexed: Mutex<HashSet<String>>,
}

impl<'a> Loader<'a> {
    pub fn new(backend: &'a dyn GraphBackend) -> Loader<'a> {
        Loader {
            backend,
            batch_size: DEFAULT_BATCH_SIZE,
            cleanup_limit: DEFAULT_CLEANUP_LIMIT,
            indexed: Mutex::new(HashSet::new()),
        }
    }

    /// Rows per upsert transaction (at least 1).
    pub fn with_batch_size(mut self, rows: usize) -> Loader<'a> {
        self.batch_size = rows.max(1);
        self
    }

    /// Entities deleted per cleanup statement (at least 1).
    pub fn with_cleanup_limit(mut self, limit: i64) -> Loader<'a> {
        self.cleanup_limit = limit.max(1);
        self
    }

    pub fn backend(&self) -> &'a dyn GraphBackend {
        self.backend
    }

    /// Upsert `rows` as nodes of `schema`. `params` holds the sync-wide parameters the
    /// schema reads: always `lastupdated` (the update tag), plus e.g. `AWS_ID`, `Region`.
    pub fn load(
        &self,
        schema: &NodeSchema,
        rows: &[Row],
        params: &Params,
    ) -> Result<LoadStats, SyncError> {
        check_params(schema.label, &params_used(schema), params)?;
        if let Source::Field(field) = schema.id
            && let Some(row) = rows
                .iter()
                .position(|r| r.get(field).is_none_or(Value::is_null))
        {
            return Err(SyncError::MissingId {
                label: schema.label.into(),
                row,
                field: field.into(),
            });
        }
        if rows.is_empty() {
            return Ok(LoadStats::default());
        }
        self.ensure_indexes(schema.label, index_queries(schema))?;
        self.upsert(schema.label, &ingest_query(schema), rows, params)
    }

    /// Link existing nodes as `link` describes. `params` must hold `lastupdated` and the
    /// scope stamp `_sub_resource_label` / `_sub_resource_id` (e.g. `AWSAccount` and the id).
    pub fn load_links(
        &self,
        link: &LinkSchema,
        rows: &[Row],
        params: &Params,
    ) -> Result<LoadStats, SyncError> {
        check_params(link.rel_type, &link_params_used(link), params)?;
        if rows.is_empty() {
            return Ok(LoadStats::default());
        }
        self.ensure_indexes(&format!("link:{}", link.rel_type), link_index_queries(link))?;
        self.upsert(link.rel_type, &link_query(link), rows, params)
    }

    fn upsert(
        &self,
        label: &str,
        query: &str,
        rows: &[Row],
        params: &Params,
    ) -> Result<LoadStats, SyncError> {
        let mut stats = LoadStats::default();
        for chunk in rows.chunks(self.batch_size) {
            let mut p = params.clone();
            p.insert(
                ROWS_PARAM.into(),
                Value::List(chunk.iter().cloned().map(Value::Map).collect()),
            );
            let result = self
                .backend
                .run(query, &p)
                .map_err(|e| SyncError::graph(label, e))?;
            let c = result.counters;
            stats.rows += chunk.len() as u64;
            stats.nodes_created += c.nodes_created;
            stats.relationships_created += c.relationships_created;
            stats.properties_set += c.properties_set;
            stats.batches += 1;
        }
        tracing::debug!(
            label,
            rows = stats.rows,
            created = stats.nodes_created,
            "loaded"
        );
        Ok(stats)
    }

    fn ensure_indexes(&self, key: &str, queries: Vec<String>) -> Result<(), SyncError> {
        let already = self
            .indexed
            .lock()
            .map(|set| set.contains(key))
            .unwrap_or(false);
        if already {
            return Ok(());
        }
        for q in queries {
            self.backend
                .run(&q, &Params::new())
                .map_err(|e| SyncError::graph(key, e))?;
        }
        if let Ok(mut set) = self.indexed.lock() {
            set.insert(key.to_string());
        }
        Ok(())
    }

    /// Delete what `schema` owns in the scope given by `params` but that the current run
    /// (`UPDATE_TAG`, or `lastupdated` when absent) did not write. Call only after the whole
    /// scope synced successfully.
    pub fn cleanup(&self, schema: &NodeSchema, params: &Params) -> Result<CleanupStats, SyncError> {
        check_params(schema.label, &cleanup_params(schema), params)?;
        let params = self.cleanup_params(schema.label, params)?;
        let mut stats = CleanupStats::default();
        for q in cleanup_queries(schema) {
            stats.add(&self.repeat_until_clean(schema.label, &q, &params)?);
        }
        Ok(stats)
    }

    /// Delete stale relationships of `link` stamped with this scope (`_sub_resource_label`,
    /// `_sub_resource_id` in `params`).
    pub fn cleanup_links(
        &self,
        link: &LinkSchema,
        params: &Params,
    ) -> Result<CleanupStats, SyncError> {
        check_params(
            link.rel_type,
            &["_sub_resource_label", "_sub_resource_id"],
            params,
        )?;
        let params = self.cleanup_params(link.rel_type, params)?;
        self.repeat_until_clean(link.rel_type, &link_cleanup_query(link), &params)
    }

    fn cleanup_params(&self, label: &str, params: &Params) -> Result<Params, SyncError> {
        let mut p = params.clone();
        if !p.contains_key(UPDATE_TAG_PARAM) {
            let tag = p
                .get(LASTUPDATED_PARAM)
                .cloned()
                .ok_or_else(|| SyncError::MissingParam {
                    label: label.into(),
                    param: UPDATE_TAG_PARAM.into(),
                })?;
            p.insert(UPDATE_TAG_PARAM.into(), tag);
        }
        p.insert(LIMIT_PARAM.into(), Value::Int(self.cleanup_limit));
        Ok(p)
    }

    fn repeat_until_clean(
        &self,
        label: &str,
        query: &str,
        params: &Params,
    ) -> Result<CleanupStats, SyncError> {
        let mut stats = CleanupStats::default();
        for _ in 0..MAX_CLEANUP_ROUNDS {
            let result: QueryResult = self
                .backend
                .run(query, params)
                .map_err(|e| SyncError::graph(label, e))?;
            let c = result.counters;
            stats.statements_run += 1;
            stats.nodes_deleted += c.nodes_deleted;
            stats.relationships_deleted += c.relationships_deleted;
            if c.nodes_deleted == 0 && c.relationships_deleted == 0 {
                return Ok(stats);
            }
        }
        Err(SyncError::CleanupRunaway {
            label: label.into(),
            rounds: MAX_CLEANUP_ROUNDS,
            limit: self.cleanup_limit,
        })
    }
}

fn check_params(label: &str, needed: &[&str], params: &Params) -> Result<(), SyncError> {
    match needed.iter().find(|p| !params.contains_key(**p)) {
        Some(missing) => Err(SyncError::MissingParam {
            label: label.into(),
            param: (*missing).into(),
        }),
        None => Ok(()),
    }
}

/// Upsert `rows` with default batching; see [`Loader::load`].
pub fn load(
    backend: &dyn GraphBackend,
    schema: &NodeSchema,
    rows: &[Row],
    params: &Params,
) -> Result<LoadStats, SyncError> {
    Loader::new(backend).load(schema, rows, params)
}

/// Scoped cleanup with default limits; see [`Loader::cleanup`].
pub fn cleanup(
    backend: &dyn GraphBackend,
    schema: &NodeSchema,
    params: &Params,
) -> Result<CleanupStats, SyncError> {
    Loader::new(backend).cleanup(schema, params)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{CleanupMode, Direction, Matcher, Property, RelSchema};
    use cartograph_cypher::CypherError;
    use cartograph_graph::{Counters, Statement};

    /// Records statements; each cleanup statement reports `deletions` deletions until the
    /// queue runs dry.
    #[derive(Default)]
    struct Fake {
        log: Mutex<Vec<(String, Params)>>,
        deletions: Mutex<Vec<u64>>,
    }

    impl GraphBackend for Fake {
        fn run(&self, query: &str, params: &Params) -> Result<QueryResult, CypherError> {
            if let Ok(mut l) = self.log.lock() {
                l.push((query.to_string(), params.clone()));
            }
            let mut result = QueryResult::default();
            if query.contains("DELETE") {
                result.counters = Counters {
                    nodes_deleted: self
                        .deletions
                        .lock()
                        .ok()
                        .and_then(|mut d| d.pop())
                        .unwrap_or(0),
                    ..Counters::default()
                };
            } else if let Some(Value::List(rows)) = params.get(ROWS_PARAM) {
                result.counters = Counters {
                    nodes_created: rows.len() as u64,
                    ..Counters::default()
                };
            }
            Ok(result)
        }

        fn run_batch(&self, statements: &[Statement]) -> Result<Vec<QueryResult>, CypherError> {
            statements
                .iter()
                .map(|s| self.run(&s.query, &s.params))
                .collect()
        }

        fn describe(&self) -> String {
            "fake".into()
        }
    }

    const SCHEMA: NodeSchema = NodeSchema {
        label: "AWSVpc",
        id: Source::Field("VpcId"),
        extra_labels: &[],
        properties: &[Property::param("region", "Region")],
        sub_resource: Some(RelSchema::new(
            "RESOURCE",
            Direction::Inward,
            "AWSAccount",
            &[Matcher::param("id", "AWS_ID")],
        )),
        relationships: &[],
        cleanup: CleanupMode::Scoped,
    };

    fn rows(n: usize) -> Vec<Row> {
        (0..n)
            .map(|i| Row::from([("VpcId".to_string(), Value::from(format!("vpc-{i}")))]))
            .collect()
    }

    fn params() -> Params {
        Params::from([
            ("lastupdated".to_string(), Value::Int(5)),
            ("AWS_ID".to_string(), Value::from("123456789012")),
            ("Region".to_string(), Value::from("us-east-1")),
        ])
    }

    #[test]
    fn loads_in_batches_after_indexes() {
        let fake = Fake::default();
        let loader = Loader::new(&fake).with_batch_size(2);
        let stats = loader
            .load(&SCHEMA, &rows(5), &params())
            .unwrap_or_default();
        assert_eq!((stats.rows, stats.batches, stats.nodes_created), (5, 3, 5));
        let log = fake.log.lock().map(|l| l.clone()).unwrap_or_default();
        let indexes = log
            .iter()
            .filter(|(q, _)| q.starts_with("CREATE INDEX"))
            .count();
        assert_eq!(indexes, 3);
        assert_eq!(log.len(), indexes + 3);
        // A second load does not re-create indexes.
        loader
            .load(&SCHEMA, &rows(1), &params())
            .unwrap_or_default();
        assert_eq!(fake.log.lock().map(|l| l.len()).unwrap_or(0), indexes + 4);
    }

    #[test]
    fn rejects_rows_without_id_and_missing_params() {
        let fake = Fake::default();
        let mut bad = rows(2);
        bad[1].insert("VpcId".into(), Value::Null);
        let err = load(&fake, &SCHEMA, &bad, &params())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("row 1 has no `VpcId`"), "{err}");
        let mut p = params();
        p.remove("Region");
        let err = load(&fake, &SCHEMA, &rows(1), &p)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("parameter `Region`"), "{err}");
        assert!(fake.log.lock().map(|l| l.is_empty()).unwrap_or(false));
    }

    #[test]
    fn cleanup_repeats_until_nothing_is_deleted() {
        let fake = Fake::default();
        if let Ok(mut d) = fake.deletions.lock() {
            *d = vec![0, 3, 1000];
        }
        let stats = Loader::new(&fake)
            .cleanup(&SCHEMA, &params())
            .unwrap_or_default();
        assert_eq!(stats.nodes_deleted, 1003);
        // Node statement 3 rounds, then the sub-resource relationship statement once.
        assert_eq!(stats.statements_run, 4);
        let log = fake.log.lock().map(|l| l.clone()).unwrap_or_default();
        assert!(matches!(log[0].1.get("UPDATE_TAG"), Some(Value::Int(5))));
        assert!(matches!(
            log[0].1.get("LIMIT_SIZE"),
            Some(Value::Int(DEFAULT_CLEANUP_LIMIT))
        ));
    }
}
