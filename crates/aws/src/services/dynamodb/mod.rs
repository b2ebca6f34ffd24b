//! DynamoDB (`dynamodb`): per region, `ListTables` then `DescribeTable` for each; the tables
//! and their global secondary indexes. The permission-relationships analysis draws
//! `CAN_QUERY` / `CAN_WRITE` to the tables by their ARN.

#[cfg(feature = "dynamodb")]
pub mod fetch;

use cartograph_graph::Value;
use cartograph_sync::{
    CleanupMode, Direction, ExtraLabel, Matcher, NodeSchema, Property, RelSchema, Row, Source,
};
use serde::{Deserialize, Serialize};

use super::{Records, Service, decode};
use crate::schemas::ACCOUNT_RESOURCE;
use crate::transform::{opt, row};

pub const SERVICE: Service = Service {
    key: "dynamodb",
    feature: "dynamodb",
    regional: true,
    after: &[],
    schemas: &[&TABLE, &GSI],
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

pub const TABLE: NodeSchema = NodeSchema {
    label: "AWSDynamoDBTable",
    id: Source::Field("arn"),
    extra_labels: &[
        ExtraLabel::always("DynamoDBTable"),
        ExtraLabel::always("Database"),
    ],
    properties: &[
        Property::indexed("arn", "arn"),
        Property::field("name", "name"),
        Property::field("rows", "rows"),
        Property::field("size", "size"),
        Property::field("table_status", "table_status"),
        Property::field("creation_date_time", "creation_date_time"),
        Property::field(
            "provisioned_throughput_read_capacity_units",
            "provisioned_throughput_read_capacity_units",
        ),
        Property::field(
            "provisioned_throughput_write_capacity_units",
            "provisioned_throughput_write_capacity_units",
        ),
        Property::param("region", "Region"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[],
    cleanup: CleanupMode::Scoped,
};

pub const GSI: NodeSchema = NodeSchema {
    label: "AWSDynamoDBGlobalSecondaryIndex",
    id: Source::Field("arn"),
    extra_labels: &[ExtraLabel::always("DynamoDBGlobalSecondaryIndex")],
    properties: &[
        Property::field("arn", "arn"),
        Property::field("name", "name"),
        Property::field(
            "provisioned_throughput_read_capacity_units",
            "provisioned_throughput_read_capacity_units",
        ),
        Property::field(
            "provisioned_throughput_write_capacity_units",
            "provisioned_throughput_write_capacity_units",
        ),
        Property::param("region", "Region"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[RelSchema::new(
        "GLOBAL_SECONDARY_INDEX",
        Direction::Inward,
        "AWSDynamoDBTable",
        &[Matcher::field("arn", "table_arn")],
    )],
    cleanup: CleanupMode::Scoped,
};

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
        vec![(&TABLE, tables), (&GSI, indexes)]
    }
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
}
