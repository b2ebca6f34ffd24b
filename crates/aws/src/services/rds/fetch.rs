//! RDS through the SDK: the region's clusters, instances, snapshots, DB subnet groups and
//! event subscriptions, each listed through its paginator; then, for every manual snapshot
//! (concurrently, within the task's bound), its `restore` attribute, which says whether any
//! AWS account may restore it. An attribute the caller may not read leaves `Public` absent.

use aws_sdk_rds as rds;
use aws_sdk_rds::types as t;
use futures_util::future::try_join_all;

use super::records::{
    Cluster, Endpoint, EventSubscription, Instance, ProcessorFeature, RdsRecords,
    ScalingConfiguration, Snapshot, Subnet, SubnetGroup, VpcSecurityGroup,
};
use crate::fetch::convert::{date, int, req, s};
use crate::fetch::{ApiError, Ctx, FetchResult, boxed};

pub fn fetch(ctx: &Ctx) -> FetchResult<'_> {
    boxed(records(ctx))
}

/// Drain a paginator, one page at a time within the task's bound.
macro_rules! collect_pages {
    ($ctx:expr, $request:expr, $operation:literal, $items:ident, $convert:expr) => {{
        let mut out = Vec::new();
        let mut pages = $request.into_paginator().send();
        while let Some(page) = $ctx.limit.run(pages.next()).await {
            let page = page.map_err(|err| ApiError::new($operation, err))?;
            out.extend(page.$items().iter().map($convert));
        }
        out
    }};
}

async fn records(ctx: &Ctx) -> Result<RdsRecords, ApiError> {
    let c = rds::Client::from_conf(
        rds::config::Builder::from(&ctx.config)
            .interceptor(ctx.attempts.clone())
            .build(),
    );
    let clusters = collect_pages!(
        ctx,
        c.describe_db_clusters(),
        "rds:DescribeDBClusters",
        db_clusters,
        cluster
    );
    let instances = collect_pages!(
        ctx,
        c.describe_db_instances(),
        "rds:DescribeDBInstances",
        db_instances,
        instance
    );
    let listed = collect_pages!(
        ctx,
        c.describe_db_snapshots(),
        "rds:DescribeDBSnapshots",
        db_snapshots,
        snapshot
    );
    let subnet_groups = collect_pages!(
        ctx,
        c.describe_db_subnet_groups(),
        "rds:DescribeDBSubnetGroups",
        db_subnet_groups,
        subnet_group
    );
    let event_subscriptions = collect_pages!(
        ctx,
        c.describe_event_subscriptions(),
        "rds:DescribeEventSubscriptions",
        event_subscriptions_list,
        event_subscription
    );
    let c = &c;
    let snapshots = try_join_all(listed.into_iter().map(|mut snap| async move {
        snap.public = Some(false);
        if snap.snapshot_type.as_deref() == Some("manual") {
            snap.public = public(ctx, c, &snap.identifier).await?;
        }
        Ok::<_, ApiError>(snap)
    }))
    .await?;
    Ok(RdsRecords {
        clusters,
        instances,
        snapshots,
        subnet_groups,
        event_subscriptions,
    })
}

/// Whether the snapshot's `restore` attribute names `all`; `None` when not readable.
async fn public(ctx: &Ctx, c: &rds::Client, id: &str) -> Result<Option<bool>, ApiError> {
    let out = ctx
        .limit
        .run(
            c.describe_db_snapshot_attributes()
                .db_snapshot_identifier(id)
                .send(),
        )
        .await
        .map_err(|err| ApiError::new("rds:DescribeDBSnapshotAttributes", err));
    match out {
        Ok(out) => Ok(Some(out.db_snapshot_attributes_result().is_some_and(|r| {
            r.db_snapshot_attributes().iter().any(|a| {
                a.attribute_name() == Some("restore")
                    && a.attribute_values().iter().any(|v| v == "all")
            })
        }))),
        Err(err) if err.is_access_denied() || err.is_not_configured() => {
            tracing::debug!(snapshot = id, error = %err, "snapshot attributes left out");
            Ok(None)
        }
        Err(err) => Err(err),
    }
}

fn cluster(x: &t::DbCluster) -> Cluster {
    Cluster {
        arn: req(x.db_cluster_arn()),
        identifier: req(x.db_cluster_identifier()),
        allocated_storage: int(x.allocated_storage()),
        availability_zones: x.availability_zones().to_vec(),
        backup_retention_period: int(x.backup_retention_period()),
        character_set_name: s(x.character_set_name()),
        database_name: s(x.database_name()),
        parameter_group: s(x.db_cluster_parameter_group()),
        status: s(x.status()),
        earliest_restorable_time: date(x.earliest_restorable_time()),
        endpoint: s(x.endpoint()),
        reader_endpoint: s(x.reader_endpoint()),
        multi_az: x.multi_az(),
        engine: s(x.engine()),
        engine_version: s(x.engine_version()),
        engine_mode: s(x.engine_mode()),
        latest_restorable_time: date(x.latest_restorable_time()),
        port: int(x.port()),
        master_username: s(x.master_username()),
        preferred_backup_window: s(x.preferred_backup_window()),
        preferred_maintenance_window: s(x.preferred_maintenance_window()),
        hosted_zone_id: s(x.hosted_zone_id()),
        storage_encrypted: x.storage_encrypted(),
        kms_key_id: s(x.kms_key_id()),
        db_cluster_resource_id: s(x.db_cluster_resource_id()),
        clone_group_id: s(x.clone_group_id()),
        cluster_create_time: date(x.cluster_create_time()),
        earliest_backtrack_time: date(x.earliest_backtrack_time()),
        backtrack_window: x.backtrack_window(),
        backtrack_consumed_change_records: x.backtrack_consumed_change_records(),
        capacity: int(x.capacity()),
        scaling_configuration_info: x
            .scaling_configuration_info()
            .map(|sc| ScalingConfiguration {
                min_capacity: int(sc.min_capacity()),
                max_capacity: int(sc.max_capacity()),
                auto_pause: sc.auto_pause(),
            }),
        deletion_protection: x.deletion_protection(),
    }
}

fn instance(x: &t::DbInstance) -> Instance {
    Instance {
        arn: req(x.db_instance_arn()),
        identifier: req(x.db_instance_identifier()),
        class: s(x.db_instance_class()),
        engine: s(x.engine()),
        engine_version: s(x.engine_version()),
        master_username: s(x.master_username()),
        db_name: s(x.db_name()),
        instance_create_time: date(x.instance_create_time()),
        availability_zone: s(x.availability_zone()),
        multi_az: x.multi_az(),
        publicly_accessible: x.publicly_accessible(),
        cluster_identifier: s(x.db_cluster_identifier()),
        storage_encrypted: x.storage_encrypted(),
        kms_key_id: s(x.kms_key_id()),
        dbi_resource_id: s(x.dbi_resource_id()),
        ca_certificate_identifier: s(x.ca_certificate_identifier()),
        enhanced_monitoring_resource_arn: s(x.enhanced_monitoring_resource_arn()),
        monitoring_role_arn: s(x.monitoring_role_arn()),
        performance_insights_enabled: x.performance_insights_enabled(),
        performance_insights_kms_key_id: s(x.performance_insights_kms_key_id()),
        deletion_protection: x.deletion_protection(),
        preferred_backup_window: s(x.preferred_backup_window()),
        latest_restorable_time: date(x.latest_restorable_time()),
        preferred_maintenance_window: s(x.preferred_maintenance_window()),
        backup_retention_period: int(x.backup_retention_period()),
        endpoint: x.endpoint().map(|e| Endpoint {
            address: s(e.address()),
            hosted_zone_id: s(e.hosted_zone_id()),
            port: int(e.port()),
        }),
        iam_database_authentication_enabled: x.iam_database_authentication_enabled(),
        auto_minor_version_upgrade: x.auto_minor_version_upgrade(),
        vpc_security_groups: x
            .vpc_security_groups()
            .iter()
            .filter_map(|g| g.vpc_security_group_id())
            .map(|id| VpcSecurityGroup {
                vpc_security_group_id: id.to_string(),
            })
            .collect(),
        read_replica_source: s(x.read_replica_source_db_instance_identifier()),
        subnet_group: x.db_subnet_group().map(subnet_group),
    }
}

fn subnet_group(x: &t::DbSubnetGroup) -> SubnetGroup {
    SubnetGroup {
        arn: s(x.db_subnet_group_arn()),
        name: req(x.db_subnet_group_name()),
        description: s(x.db_subnet_group_description()),
        vpc_id: s(x.vpc_id()),
        subnet_group_status: s(x.subnet_group_status()),
        subnets: x
            .subnets()
            .iter()
            .filter_map(|n| n.subnet_identifier())
            .map(|id| Subnet {
                subnet_identifier: id.to_string(),
            })
            .collect(),
    }
}

fn snapshot(x: &t::DbSnapshot) -> Snapshot {
    Snapshot {
        arn: req(x.db_snapshot_arn()),
        identifier: req(x.db_snapshot_identifier()),
        instance_identifier: s(x.db_instance_identifier()),
        public: None,
        snapshot_create_time: date(x.snapshot_create_time()),
        engine: s(x.engine()),
        engine_version: s(x.engine_version()),
        allocated_storage: int(x.allocated_storage()),
        status: s(x.status()),
        port: int(x.port()),
        availability_zone: s(x.availability_zone()),
        vpc_id: s(x.vpc_id()),
        instance_create_time: date(x.instance_create_time()),
        master_username: s(x.master_username()),
        license_model: s(x.license_model()),
        snapshot_type: s(x.snapshot_type()),
        iops: int(x.iops()),
        option_group_name: s(x.option_group_name()),
        percent_progress: int(x.percent_progress()),
        source_region: s(x.source_region()),
        source_snapshot_identifier: s(x.source_db_snapshot_identifier()),
        storage_type: s(x.storage_type()),
        tde_credential_arn: s(x.tde_credential_arn()),
        encrypted: x.encrypted(),
        kms_key_id: s(x.kms_key_id()),
        timezone: s(x.timezone()),
        iam_database_authentication_enabled: x.iam_database_authentication_enabled(),
        processor_features: x
            .processor_features()
            .iter()
            .map(|f| ProcessorFeature {
                name: s(f.name()),
                value: s(f.value()),
            })
            .collect(),
        dbi_resource_id: s(x.dbi_resource_id()),
        original_snapshot_create_time: date(x.original_snapshot_create_time()),
        snapshot_database_time: date(x.snapshot_database_time()),
        snapshot_target: s(x.snapshot_target()),
        storage_throughput: int(x.storage_throughput()),
    }
}

fn event_subscription(x: &t::EventSubscription) -> EventSubscription {
    EventSubscription {
        event_subscription_arn: req(x.event_subscription_arn()),
        cust_subscription_id: s(x.cust_subscription_id()),
        customer_aws_id: s(x.customer_aws_id()),
        sns_topic_arn: s(x.sns_topic_arn()),
        source_type: s(x.source_type()),
        status: s(x.status()),
        enabled: x.enabled(),
        subscription_creation_time: s(x.subscription_creation_time()),
        event_categories_list: x.event_categories_list().to_vec(),
        source_ids_list: x.source_ids_list().to_vec(),
    }
}
