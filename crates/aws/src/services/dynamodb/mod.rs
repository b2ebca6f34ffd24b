//! DynamoDB (`dynamodb`): per region, `ListTables` then `DescribeTable` for each; the tables,
//! their global secondary indexes and the parts of their description Cartography maps as
//! nodes (billing mode, latest stream, encryption, archival, restore, the backups named).
//! The permission-relationships analysis draws `CAN_QUERY` / `CAN_WRITE` to the tables.

#[cfg(feature = "dynamodb")]
pub mod fetch;
mod schema;

use std::collections::BTreeSet;

use cartograph_graph::Value;
use cartograph_sync::{NodeSchema, Row};
use serde::{Deserialize, Serialize};

pub use self::schema::{ARCHIVAL, BACKUP, BILLING, GSI, RESTORE, SSE, STREAM, TABLE};
use super::{Records, Service, decode};
use crate::transform::{opt, row};

pub const SERVICE: Service = Service {
    key: "dynamodb",
    feature: "dynamodb",
    regional: true,
    // The encryption nodes link to the KMS keys.
    after: &["kms"],
    schemas: &[
        &TABLE, &GSI, &BILLING, &STREAM, &SSE, &BACKUP, &ARCHIVAL, &RESTORE,
    ],
    links: &[],
    decode: decode::<DynamoDbRecords>,
    demo: include_str!("../../../data/demo/services/dynamodb.json"),
    #[cfg(feature = "dynamodb")]
    fetch: Some(fetch::fetch),
    #[cfg(all(feature = "fetch", not(feature = "dynamodb")))]
    fetch: None,
};

/// `DescribeTable` answers (`Table`) of one region.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DynamoDbRecords {
    pub tables: Vec<Table>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Table {
    pub table_arn: String,
    pub table_name: Option<String>,
    pub table_status: Option<String>,
    pub creation_date_time: Option<String>,
    pub item_count: Option<i64>,
    pub table_size_bytes: Option<i64>,
    pub provisioned_throughput: Throughput,
    pub global_secondary_indexes: Vec<Index>,
    pub billing_mode_summary: Option<BillingModeSummary>,
    pub latest_stream_arn: Option<String>,
    pub latest_stream_label: Option<String>,
    pub stream_specification: Option<StreamSpecification>,
    #[serde(rename = "SSEDescription")]
    pub sse_description: Option<SseDescription>,
    pub archival_summary: Option<ArchivalSummary>,
    pub restore_summary: Option<RestoreSummary>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct BillingModeSummary {
    pub billing_mode: Option<String>,
    pub last_update_to_pay_per_request_date_time: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct StreamSpecification {
    pub stream_enabled: Option<bool>,
    pub stream_view_type: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SseDescription {
    pub status: Option<String>,
    #[serde(rename = "SSEType")]
    pub sse_type: Option<String>,
    #[serde(rename = "KMSMasterKeyArn")]
    pub kms_master_key_arn: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ArchivalSummary {
    pub archival_date_time: Option<String>,
    pub archival_reason: Option<String>,
    pub archival_backup_arn: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RestoreSummary {
    pub source_backup_arn: Option<String>,
    pub source_table_arn: Option<String>,
    pub restore_date_time: Option<String>,
    pub restore_in_progress: Option<bool>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Throughput {
    pub read_capacity_units: Option<i64>,
    pub write_capacity_units: Option<i64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Index {
    pub index_arn: String,
    pub index_name: Option<String>,
    pub provisioned_throughput: Throughput,
}

impl Records for DynamoDbRecords {
    fn count(&self) -> u64 {
        self.tables.len() as u64
    }

    fn rows(&self, _account_id: &str) -> Vec<(&'static NodeSchema, Vec<Row>)> {
        let tables = self.tables.iter().map(table).collect();
        let indexes = self
            .tables
            .iter()
            .flat_map(|t| t.global_secondary_indexes.iter().map(move |i| index(t, i)))
            .collect();
        let parts = |f: fn(&Table) -> Option<Row>| self.tables.iter().filter_map(f).collect();
        // Backups are named by archival and restore summaries; one node per ARN.
        let backups: BTreeSet<&str> = self
            .tables
            .iter()
            .flat_map(|t| {
                let archived = t
                    .archival_summary
                    .as_ref()
                    .and_then(|a| a.archival_backup_arn.as_deref());
                let restored = t
                    .restore_summary
                    .as_ref()
                    .and_then(|r| r.source_backup_arn.as_deref());
                archived.into_iter().chain(restored)
            })
            .collect();
        let backups = backups
            .into_iter()
            .map(|arn| row([("arn", Value::from(arn))]))
            .collect();
        vec![
            (&TABLE, tables),
            (&GSI, indexes),
            (&BILLING, parts(billing)),
            (&STREAM, parts(stream)),
            (&SSE, parts(sse)),
            (&BACKUP, backups),
            (&ARCHIVAL, parts(archival)),
            (&RESTORE, parts(restore)),
        ]
    }
}

/// The id of a table's part: `<table ARN>/<part>`, as Cartography names them.
fn part_id(t: &Table, part: &str) -> Value {
    Value::from(format!("{}/{part}", t.table_arn))
}

/// An empty summary (`{}`, as emulators send) makes no node, as in Cartography.
fn billing(t: &Table) -> Option<Row> {
    let b = t.billing_mode_summary.as_ref().filter(|b| {
        b.billing_mode.is_some() || b.last_update_to_pay_per_request_date_time.is_some()
    })?;
    Some(row([
        ("id", part_id(t, "billing")),
        ("table_arn", Value::from(t.table_arn.as_str())),
        ("billing_mode", opt(&b.billing_mode)),
        (
            "last_update_to_pay_per_request_date_time",
            opt(&b.last_update_to_pay_per_request_date_time),
        ),
    ]))
}

/// Only a table with a stream specification and a latest stream has a stream node.
fn stream(t: &Table) -> Option<Row> {
    let spec = t.stream_specification.as_ref()?;
    Some(row([
        ("arn", Value::from(t.latest_stream_arn.as_deref()?)),
        ("table_arn", Value::from(t.table_arn.as_str())),
        ("stream_label", opt(&t.latest_stream_label)),
        ("stream_enabled", Value::from(spec.stream_enabled)),
        ("stream_view_type", opt(&spec.stream_view_type)),
    ]))
}

fn sse(t: &Table) -> Option<Row> {
    let d = t
        .sse_description
        .as_ref()
        .filter(|d| d.status.is_some() || d.sse_type.is_some() || d.kms_master_key_arn.is_some())?;
    Some(row([
        ("id", part_id(t, "sse")),
        ("table_arn", Value::from(t.table_arn.as_str())),
        ("sse_status", opt(&d.status)),
        ("sse_type", opt(&d.sse_type)),
        ("kms_master_key_arn", opt(&d.kms_master_key_arn)),
    ]))
}

fn archival(t: &Table) -> Option<Row> {
    let a = t.archival_summary.as_ref().filter(|a| {
        a.archival_date_time.is_some()
            || a.archival_reason.is_some()
            || a.archival_backup_arn.is_some()
    })?;
    Some(row([
        ("id", part_id(t, "archival")),
        ("table_arn", Value::from(t.table_arn.as_str())),
        ("archival_date_time", opt(&a.archival_date_time)),
        ("archival_reason", opt(&a.archival_reason)),
        ("archival_backup_arn", opt(&a.archival_backup_arn)),
    ]))
}

fn restore(t: &Table) -> Option<Row> {
    let r = t.restore_summary.as_ref()?;
    Some(row([
        ("id", part_id(t, "restore")),
        ("table_arn", Value::from(t.table_arn.as_str())),
        ("restore_date_time", opt(&r.restore_date_time)),
        ("restore_in_progress", Value::from(r.restore_in_progress)),
        ("source_backup_arn", opt(&r.source_backup_arn)),
        ("source_table_arn", opt(&r.source_table_arn)),
    ]))
}

fn table(t: &Table) -> Row {
    row([
        ("arn", Value::from(t.table_arn.as_str())),
        ("name", opt(&t.table_name)),
        ("rows", Value::from(t.item_count)),
        ("size", Value::from(t.table_size_bytes)),
        ("table_status", opt(&t.table_status)),
        ("creation_date_time", opt(&t.creation_date_time)),
        (
            "provisioned_throughput_read_capacity_units",
            Value::from(t.provisioned_throughput.read_capacity_units),
        ),
        (
            "provisioned_throughput_write_capacity_units",
            Value::from(t.provisioned_throughput.write_capacity_units),
        ),
    ])
}

fn index(t: &Table, i: &Index) -> Row {
    row([
        ("arn", Value::from(i.index_arn.as_str())),
        ("name", opt(&i.index_name)),
        ("table_arn", Value::from(t.table_arn.as_str())),
        (
            "provisioned_throughput_read_capacity_units",
            Value::from(i.provisioned_throughput.read_capacity_units),
        ),
        (
            "provisioned_throughput_write_capacity_units",
            Value::from(i.provisioned_throughput.write_capacity_units),
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_sync::querybuild::ingest_query;

    #[test]
    fn indexes_hang_off_their_table() {
        let records = DynamoDbRecords {
            tables: vec![Table {
                table_arn: "arn:aws:dynamodb:us-east-1:1:table/t".into(),
                item_count: Some(3),
                global_secondary_indexes: vec![Index {
                    index_arn: "arn:aws:dynamodb:us-east-1:1:table/t/index/i".into(),
                    ..Default::default()
                }],
                ..Default::default()
            }],
        };
        let rows = records.rows("1");
        assert_eq!(
            format!("{:?}", rows[0].1[0].get("rows")),
            format!("{:?}", Some(&Value::Int(3)))
        );
        assert_eq!(
            format!("{:?}", rows[1].1[0].get("table_arn")),
            format!(
                "{:?}",
                Some(&Value::from("arn:aws:dynamodb:us-east-1:1:table/t"))
            )
        );
        let q = ingest_query(&GSI);
        assert!(
            q.contains("MERGE (i)<-[r0:GLOBAL_SECONDARY_INDEX]-(n0)"),
            "{q}"
        );
        assert!(ingest_query(&TABLE).contains("i:DynamoDBTable:Database"));
    }

    #[test]
    fn description_parts_become_nodes_and_backups_are_named_once() {
        let json = r#"{"Tables": [
            {"TableArn": "arn:t1",
             "BillingModeSummary": {"BillingMode": "PAY_PER_REQUEST"},
             "LatestStreamArn": "arn:t1/stream/1", "LatestStreamLabel": "1",
             "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "NEW_IMAGE"},
             "SSEDescription": {"Status": "ENABLED", "SSEType": "KMS", "KMSMasterKeyArn": "arn:key"},
             "ArchivalSummary": {"ArchivalReason": "INACCESSIBLE", "ArchivalBackupArn": "arn:b1"}},
            {"TableArn": "arn:t2", "LatestStreamArn": "arn:t2/stream/old", "BillingModeSummary": {},
             "RestoreSummary": {"SourceBackupArn": "arn:b1", "SourceTableArn": "arn:t1", "RestoreInProgress": false}}
        ]}"#;
        let records: DynamoDbRecords = serde_json::from_str(json).unwrap();
        let rows = records.rows("1");
        let ids = |n: usize, key: &str| -> Vec<String> {
            rows[n]
                .1
                .iter()
                .map(|r| format!("{:?}", r.get(key)))
                .collect()
        };
        assert_eq!(rows[2].0.label, "AWSDynamoDBBillingModeSummary");
        assert_eq!(
            ids(2, "id"),
            vec![format!("{:?}", Some(&Value::from("arn:t1/billing")))]
        );
        // A latest stream ARN without a specification (disabled stream) makes no node.
        assert_eq!(
            ids(3, "arn"),
            vec![format!("{:?}", Some(&Value::from("arn:t1/stream/1")))]
        );
        assert_eq!(
            ids(4, "kms_master_key_arn"),
            vec![format!("{:?}", Some(&Value::from("arn:key")))]
        );
        assert_eq!(
            ids(5, "arn"),
            vec![format!("{:?}", Some(&Value::from("arn:b1")))]
        );
        assert_eq!(
            ids(6, "id"),
            vec![format!("{:?}", Some(&Value::from("arn:t1/archival")))]
        );
        assert_eq!(
            ids(7, "id"),
            vec![format!("{:?}", Some(&Value::from("arn:t2/restore")))]
        );
        let q = ingest_query(&RESTORE);
        assert!(
            q.contains("MERGE (i)-[r2:RESTORED_FROM_TABLE]->(n2)"),
            "{q}"
        );
        assert!(ingest_query(&SSE).contains("MERGE (i)-[r1:USES_KMS_KEY]->(n1)"));
    }
}
