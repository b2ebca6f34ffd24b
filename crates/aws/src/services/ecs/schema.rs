//! ECS's node types as Cartography models them. Load order matters: every relationship is
//! declared on the node loaded later (tasks after services and task definitions, so both
//! directions of a service's and a task definition's links to its tasks are found).

use cartograph_sync::{
    CleanupMode, Direction, ExtraLabel, Matcher, NodeSchema, Property, RelSchema, Source,
};

use crate::schemas::{ACCOUNT_RESOURCE, REGION};

const fn p(name: &'static str) -> Property {
    Property::field(name, name)
}

const fn indexed(name: &'static str) -> Property {
    Property::indexed(name, name)
}

const BY_CLUSTER: &[Matcher] = &[Matcher::field("id", "cluster_arn")];

pub const CLUSTER: NodeSchema = NodeSchema {
    label: "AWSECSCluster",
    id: Source::Field("arn"),
    extra_labels: &[
        ExtraLabel::always("ECSCluster"),
        ExtraLabel::always("ComputeCluster"),
    ],
    properties: &[
        indexed("arn"),
        p("name"),
        REGION,
        p("status"),
        p("capacity_providers"),
        p("attachments_status"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[],
    cleanup: CleanupMode::Scoped,
};

pub const CONTAINER_INSTANCE: NodeSchema = NodeSchema {
    label: "AWSECSContainerInstance",
    id: Source::Field("arn"),
    extra_labels: &[ExtraLabel::always("ECSContainerInstance")],
    properties: &[
        indexed("arn"),
        p("ec2_instance_id"),
        p("capacity_provider_name"),
        p("version"),
        p("version_info_agent_version"),
        p("version_info_agent_hash"),
        p("version_info_agent_docker_version"),
        p("status"),
        p("status_reason"),
        p("agent_connected"),
        p("agent_update_status"),
        p("registered_at"),
        REGION,
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[
        RelSchema::new(
            "HAS_CONTAINER_INSTANCE",
            Direction::Inward,
            "AWSECSCluster",
            BY_CLUSTER,
        ),
        RelSchema::new(
            "IS_INSTANCE",
            Direction::Outward,
            "AWSEC2Instance",
            &[Matcher::field("id", "ec2_instance_id")],
        ),
    ],
    cleanup: CleanupMode::Scoped,
};

pub const TASK_DEFINITION: NodeSchema = NodeSchema {
    label: "AWSECSTaskDefinition",
    id: Source::Field("arn"),
    extra_labels: &[ExtraLabel::always("ECSTaskDefinition")],
    properties: &[
        indexed("arn"),
        p("family"),
        p("task_role_arn"),
        p("execution_role_arn"),
        p("network_mode"),
        p("revision"),
        p("status"),
        p("compatibilities"),
        p("runtime_platform_cpu_architecture"),
        p("runtime_platform_operating_system_family"),
        p("requires_compatibilities"),
        p("cpu"),
        p("memory"),
        p("pid_mode"),
        p("ipc_mode"),
        p("proxy_configuration_type"),
        p("proxy_configuration_container_name"),
        p("registered_at"),
        p("deregistered_at"),
        p("registered_by"),
        p("ephemeral_storage_size_in_gib"),
        REGION,
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[
        RelSchema::new(
            "HAS_TASK_ROLE",
            Direction::Outward,
            "AWSRole",
            &[Matcher::field("arn", "task_role_arn")],
        ),
        RelSchema::new(
            "HAS_EXECUTION_ROLE",
            Direction::Outward,
            "AWSRole",
            &[Matcher::field("arn", "execution_role_arn")],
        ),
    ],
    cleanup: CleanupMode::Scoped,
};

/// Id `<task definition arn>-<container name>`, as Cartography forms it.
pub const CONTAINER_DEFINITION: NodeSchema = NodeSchema {
    label: "AWSECSContainerDefinition",
    id: Source::Field("id"),
    extra_labels: &[ExtraLabel::always("ECSContainerDefinition")],
    properties: &[
        p("task_definition_arn"),
        p("name"),
        p("image"),
        p("cpu"),
        p("memory"),
        p("memory_reservation"),
        p("links"),
        p("essential"),
        p("entry_point"),
        p("command"),
        p("start_timeout"),
        p("stop_timeout"),
        p("hostname"),
        p("user"),
        p("working_directory"),
        p("disable_networking"),
        p("privileged"),
        p("readonly_root_filesystem"),
        p("dns_servers"),
        p("dns_search_domains"),
        p("docker_security_options"),
        p("interactive"),
        p("pseudo_terminal"),
        REGION,
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[RelSchema::new(
        "HAS_CONTAINER_DEFINITION",
        Direction::Inward,
        "AWSECSTaskDefinition",
        &[Matcher::field("id", "task_definition_arn")],
    )],
    cleanup: CleanupMode::Scoped,
};

pub const SERVICE: NodeSchema = NodeSchema {
    label: "AWSECSService",
    id: Source::Field("arn"),
    extra_labels: &[
        ExtraLabel::always("ECSService"),
        ExtraLabel::always("ComputeService"),
    ],
    properties: &[
        indexed("arn"),
        p("name"),
        p("cluster_arn"),
        p("status"),
        p("desired_count"),
        p("running_count"),
        p("pending_count"),
        p("launch_type"),
        p("platform_version"),
        p("platform_family"),
        p("task_definition"),
        p("deployment_config_circuit_breaker_enable"),
        p("deployment_config_circuit_breaker_rollback"),
        p("deployment_config_maximum_percent"),
        p("deployment_config_minimum_healthy_percent"),
        p("role_arn"),
        p("created_at"),
        p("health_check_grace_period_seconds"),
        p("created_by"),
        p("enable_ecs_managed_tags"),
        p("propagate_tags"),
        p("enable_execute_command"),
        REGION,
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[
        RelSchema::new(
            "HAS_SERVICE",
            Direction::Inward,
            "AWSECSCluster",
            BY_CLUSTER,
        ),
        RelSchema::new(
            "WORKLOAD_PARENT",
            Direction::Outward,
            "AWSECSCluster",
            BY_CLUSTER,
        ),
        RelSchema::new(
            "HAS_TASK_DEFINITION",
            Direction::Outward,
            "AWSECSTaskDefinition",
            &[Matcher::field("id", "task_definition")],
        ),
    ],
    cleanup: CleanupMode::Scoped,
};

/// `(:AWSELBV2TargetGroup)-[:TARGETS]->(:AWSECSService)`, one row per target group of a
/// service, with the container and port it sends traffic to (Cartography's matchlink). Only
/// the relationship is new: the service node is `SERVICE`'s.
pub const TARGET_GROUP_SERVICE: NodeSchema = NodeSchema {
    label: "AWSECSService",
    id: Source::Field("arn"),
    extra_labels: &[],
    properties: &[],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[RelSchema {
        target_label: "AWSELBV2TargetGroup",
        matchers: &[Matcher::field("id", "target_group_arn")],
        direction: Direction::Inward,
        rel_type: "TARGETS",
        properties: &[p("container_name"), p("container_port")],
    }],
    cleanup: CleanupMode::Scoped,
};

/// The service a task runs for: same name, same cluster.
const BY_SERVICE: &[Matcher] = &[
    Matcher::field("name", "service_name"),
    Matcher::field("cluster_arn", "cluster_arn"),
];

pub const TASK: NodeSchema = NodeSchema {
    label: "AWSECSTask",
    id: Source::Field("arn"),
    extra_labels: &[
        ExtraLabel::always("ECSTask"),
        ExtraLabel::always("ComputePod"),
    ],
    properties: &[
        indexed("arn"),
        p("availability_zone"),
        p("capacity_provider_name"),
        p("cluster_arn"),
        p("connectivity"),
        p("connectivity_at"),
        p("container_instance_arn"),
        p("cpu"),
        p("created_at"),
        p("desired_status"),
        indexed("enable_execute_command"),
        p("execution_stopped_at"),
        p("group"),
        p("service_name"),
        p("health_status"),
        p("last_status"),
        p("launch_type"),
        p("memory"),
        p("platform_version"),
        p("platform_family"),
        p("pull_started_at"),
        p("pull_stopped_at"),
        p("started_at"),
        p("started_by"),
        p("stop_code"),
        p("stopped_at"),
        p("stopped_reason"),
        p("stopping_at"),
        p("task_definition_arn"),
        p("version"),
        p("ephemeral_storage_size_in_gib"),
        p("network_interface_id"),
        REGION,
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[
        RelSchema::new(
            "HAS_TASK",
            Direction::Inward,
            "AWSECSContainerInstance",
            &[Matcher::field("id", "container_instance_arn")],
        ),
        RelSchema::new("HAS_TASK", Direction::Inward, "AWSECSCluster", BY_CLUSTER),
        RelSchema::new("HAS_TASK", Direction::Inward, "AWSECSService", BY_SERVICE),
        RelSchema::new(
            "WORKLOAD_PARENT",
            Direction::Outward,
            "AWSECSService",
            BY_SERVICE,
        ),
        // Standalone tasks only: a service's tasks reach the cluster through the service.
        RelSchema::new(
            "WORKLOAD_PARENT",
            Direction::Outward,
            "AWSECSCluster",
            &[Matcher::field("id", "workload_parent_cluster_arn")],
        ),
        RelSchema::new(
            "HAS_TASK_DEFINITION",
            Direction::Outward,
            "AWSECSTaskDefinition",
            &[Matcher::field("id", "task_definition_arn")],
        ),
        RelSchema::new(
            "NETWORK_INTERFACE",
            Direction::Outward,
            "AWSNetworkInterface",
            &[Matcher::field("id", "network_interface_id")],
        ),
    ],
    cleanup: CleanupMode::Scoped,
};

pub const CONTAINER: NodeSchema = NodeSchema {
    label: "AWSECSContainer",
    id: Source::Field("arn"),
    extra_labels: &[
        ExtraLabel::always("ECSContainer"),
        ExtraLabel::always("Container"),
    ],
    properties: &[
        indexed("arn"),
        p("task_arn"),
        p("name"),
        p("image"),
        p("image_digest"),
        p("architecture"),
        p("architecture_normalized"),
        p("architecture_source"),
        p("runtime_id"),
        indexed("last_status"),
        p("exit_code"),
        p("reason"),
        p("health_status"),
        p("cpu"),
        p("memory"),
        p("memory_reservation"),
        p("gpu_ids"),
        REGION,
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[
        RelSchema::new(
            "HAS_CONTAINER",
            Direction::Inward,
            "AWSECSTask",
            &[Matcher::field("id", "task_arn")],
        ),
        RelSchema::new(
            "WORKLOAD_PARENT",
            Direction::Outward,
            "AWSECSTask",
            &[Matcher::field("id", "task_arn")],
        ),
        RelSchema::new(
            "HAS_IMAGE",
            Direction::Outward,
            "AWSECRImage",
            &[Matcher::field("digest", "image_digest")],
        ),
    ],
    cleanup: CleanupMode::Scoped,
};
