//! DynamoDB's node types as Cartography models them: the table, and beside it one node per
//! part of its description (global secondary indexes, billing mode, latest stream,
//! encryption, archival, restore) and the backups those name. Backups load before the
//! summaries that point at them.

use cartograph_sync::{
    CleanupMode, Direction, ExtraLabel, Matcher, NodeSchema, Property, RelSchema, Source,
};

use crate::schemas::{ACCOUNT_RESOURCE, REGION};

const fn p(name: &'static str) -> Property {
    Property::field(name, name)
}

const BY_TABLE: &[Matcher] = &[Matcher::field("id", "table_arn")];

/// `(summary)<-[:<rel>]-(:AWSDynamoDBTable)`, the table found by its ARN.
const fn of_table(rel: &'static str) -> RelSchema {
    RelSchema::new(rel, Direction::Inward, "AWSDynamoDBTable", BY_TABLE)
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
        p("name"),
        p("rows"),
        p("size"),
        p("table_status"),
        p("creation_date_time"),
        p("provisioned_throughput_read_capacity_units"),
        p("provisioned_throughput_write_capacity_units"),
        REGION,
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
        p("arn"),
        p("name"),
        p("provisioned_throughput_read_capacity_units"),
        p("provisioned_throughput_write_capacity_units"),
        REGION,
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

pub const BILLING: NodeSchema = NodeSchema {
    label: "AWSDynamoDBBillingModeSummary",
    id: Source::Field("id"),
    extra_labels: &[ExtraLabel::always("DynamoDBBillingModeSummary")],
    properties: &[
        p("billing_mode"),
        p("last_update_to_pay_per_request_date_time"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[of_table("HAS_BILLING")],
    cleanup: CleanupMode::Scoped,
};

pub const STREAM: NodeSchema = NodeSchema {
    label: "AWSDynamoDBStream",
    id: Source::Field("arn"),
    extra_labels: &[ExtraLabel::always("DynamoDBStream")],
    properties: &[
        p("arn"),
        p("stream_label"),
        p("stream_enabled"),
        p("stream_view_type"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[of_table("LATEST_STREAM")],
    cleanup: CleanupMode::Scoped,
};

pub const SSE: NodeSchema = NodeSchema {
    label: "AWSDynamoDBSSEDescription",
    id: Source::Field("id"),
    extra_labels: &[ExtraLabel::always("DynamoDBSSEDescription")],
    properties: &[p("sse_status"), p("sse_type"), p("kms_master_key_arn")],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[
        of_table("HAS_SSE"),
        RelSchema::new(
            "USES_KMS_KEY",
            Direction::Outward,
            "AWSKMSKey",
            &[Matcher::field("arn", "kms_master_key_arn")],
        ),
    ],
    cleanup: CleanupMode::Scoped,
};

pub const BACKUP: NodeSchema = NodeSchema {
    label: "AWSDynamoDBBackup",
    id: Source::Field("arn"),
    extra_labels: &[ExtraLabel::always("DynamoDBBackup")],
    properties: &[p("arn")],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[],
    cleanup: CleanupMode::Scoped,
};

pub const ARCHIVAL: NodeSchema = NodeSchema {
    label: "AWSDynamoDBArchivalSummary",
    id: Source::Field("id"),
    extra_labels: &[ExtraLabel::always("DynamoDBArchivalSummary")],
    properties: &[
        p("archival_date_time"),
        p("archival_reason"),
        p("archival_backup_arn"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[
        of_table("HAS_ARCHIVAL"),
        RelSchema::new(
            "ARCHIVED_TO_BACKUP",
            Direction::Outward,
            "AWSDynamoDBBackup",
            &[Matcher::field("id", "archival_backup_arn")],
        ),
    ],
    cleanup: CleanupMode::Scoped,
};

pub const RESTORE: NodeSchema = NodeSchema {
    label: "AWSDynamoDBRestoreSummary",
    id: Source::Field("id"),
    extra_labels: &[ExtraLabel::always("DynamoDBRestoreSummary")],
    properties: &[
        p("restore_date_time"),
        p("restore_in_progress"),
        p("source_backup_arn"),
        p("source_table_arn"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[
        of_table("HAS_RESTORE"),
        RelSchema::new(
            "RESTORED_FROM_BACKUP",
            Direction::Outward,
            "AWSDynamoDBBackup",
            &[Matcher::field("id", "source_backup_arn")],
        ),
        RelSchema::new(
            "RESTORED_FROM_TABLE",
            Direction::Outward,
            "AWSDynamoDBTable",
            &[Matcher::field("id", "source_table_arn")],
        ),
    ],
    cleanup: CleanupMode::Scoped,
};
