//! ECS (`ecs`): per region, the clusters (`ListClusters`, `DescribeClusters`), and in each its
//! container instances, services and tasks (with their containers); then the task
//! definitions those tasks and services use (`DescribeTaskDefinition`), with their container
//! definitions. Links to EC2 instances, network interfaces, IAM roles and ECR images.

#[cfg(feature = "ecs")]
pub mod fetch;
pub mod records;
pub mod schema;

use std::collections::BTreeMap;

use cartograph_graph::Value;
use cartograph_sync::{NodeSchema, Row};

use super::ecr::normalize_architecture;
use super::{Records, Service, decode};
use crate::transform::{opt, row, strings};
pub use records::*;
use schema::{
    CLUSTER, CONTAINER, CONTAINER_DEFINITION, CONTAINER_INSTANCE, SERVICE as ECS_SERVICE,
    TARGET_GROUP_SERVICE, TASK, TASK_DEFINITION,
};

pub const SERVICE: Service = Service {
    key: "ecs",
    feature: "ecs",
    regional: true,
    after: &["ec2", "iam", "ecr", "ec2:load_balancer_v2"],
    schemas: &[
        &CLUSTER,
        &CONTAINER_INSTANCE,
        &TASK_DEFINITION,
        &CONTAINER_DEFINITION,
        &ECS_SERVICE,
        &TARGET_GROUP_SERVICE,
        &TASK,
        &CONTAINER,
    ],
    links: &[],
    decode: decode::<EcsRecords>,
    demo: include_str!("../../../data/demo/services/ecs.json"),
    #[cfg(feature = "ecs")]
    fetch: Some(fetch::fetch),
    #[cfg(all(feature = "fetch", not(feature = "ecs")))]
    fetch: None,
};

impl Records for EcsRecords {
    fn count(&self) -> u64 {
        let per_cluster: usize = self
            .clusters
            .iter()
            .map(|c| 1 + c.container_instances.len() + c.services.len() + c.tasks.len())
            .sum();
        (per_cluster + self.task_definitions.len()) as u64
    }

    fn rows(&self, _account_id: &str) -> Vec<(&'static NodeSchema, Vec<Row>)> {
        let clusters = &self.clusters;
        // Where a task reports no architecture, its task definition may declare one.
        let declared: BTreeMap<&str, &str> = self
            .task_definitions
            .iter()
            .filter_map(|d| {
                let raw = d.runtime_platform.as_ref()?.cpu_architecture.as_deref()?;
                (normalize_architecture(raw) != "unknown")
                    .then_some((d.task_definition_arn.as_str(), raw))
            })
            .collect();
        let instances = clusters
            .iter()
            .flat_map(|c| c.container_instances.iter().map(move |i| instance(i, c)))
            .collect();
        let definitions = self.task_definitions.iter().map(task_definition).collect();
        let container_definitions = self
            .task_definitions
            .iter()
            .flat_map(|d| {
                d.container_definitions
                    .iter()
                    .map(move |c| container_definition(c, d))
            })
            .collect();
        let services = clusters
            .iter()
            .flat_map(|c| c.services.iter().map(move |s| service(s, c)))
            .collect();
        let targets = clusters
            .iter()
            .flat_map(|c| c.services.iter())
            .flat_map(|s| s.load_balancers.iter().filter_map(move |l| target(s, l)))
            .collect();
        let tasks = clusters
            .iter()
            .flat_map(|c| c.tasks.iter().map(move |t| task(t, c)));
        let containers = clusters
            .iter()
            .flat_map(|c| c.tasks.iter())
            .flat_map(|t| t.containers.iter().map(|c| container(c, t, &declared)))
            .collect();
        vec![
            (&CLUSTER, clusters.iter().map(cluster).collect()),
            (&CONTAINER_INSTANCE, instances),
            (&TASK_DEFINITION, definitions),
            (&CONTAINER_DEFINITION, container_definitions),
            (&ECS_SERVICE, services),
            (&TARGET_GROUP_SERVICE, targets),
            (&TASK, tasks.collect()),
            (&CONTAINER, containers),
        ]
    }
}

fn cluster(c: &Cluster) -> Row {
    row([
        ("arn", Value::from(c.cluster_arn.as_str())),
        ("name", opt(&c.cluster_name)),
        ("status", opt(&c.status)),
        ("capacity_providers", strings(&c.capacity_providers)),
        ("attachments_status", opt(&c.attachments_status)),
    ])
}

fn instance(i: &ContainerInstance, c: &Cluster) -> Row {
    let info = i.version_info.clone().unwrap_or_default();
    row([
        ("arn", Value::from(i.container_instance_arn.as_str())),
        ("cluster_arn", Value::from(c.cluster_arn.as_str())),
        ("ec2_instance_id", opt(&i.ec2_instance_id)),
        ("capacity_provider_name", opt(&i.capacity_provider_name)),
        ("version", Value::from(i.version)),
        ("version_info_agent_version", opt(&info.agent_version)),
        ("version_info_agent_hash", opt(&info.agent_hash)),
        (
            "version_info_agent_docker_version",
            opt(&info.docker_version),
        ),
        ("status", opt(&i.status)),
        ("status_reason", opt(&i.status_reason)),
        ("agent_connected", Value::from(i.agent_connected)),
        ("agent_update_status", opt(&i.agent_update_status)),
        ("registered_at", opt(&i.registered_at)),
    ])
}

fn task_definition(d: &TaskDefinition) -> Row {
    let platform = d.runtime_platform.clone().unwrap_or_default();
    let proxy = d.proxy_configuration.clone().unwrap_or_default();
    row([
        ("arn", Value::from(d.task_definition_arn.as_str())),
        ("family", opt(&d.family)),
        ("task_role_arn", opt(&d.task_role_arn)),
        ("execution_role_arn", opt(&d.execution_role_arn)),
        ("network_mode", opt(&d.network_mode)),
        ("revision", Value::from(d.revision)),
        ("status", opt(&d.status)),
        ("compatibilities", strings(&d.compatibilities)),
        (
            "runtime_platform_cpu_architecture",
            opt(&platform.cpu_architecture),
        ),
        (
            "runtime_platform_operating_system_family",
            opt(&platform.operating_system_family),
        ),
        (
            "requires_compatibilities",
            strings(&d.requires_compatibilities),
        ),
        ("cpu", opt(&d.cpu)),
        ("memory", opt(&d.memory)),
        ("pid_mode", opt(&d.pid_mode)),
        ("ipc_mode", opt(&d.ipc_mode)),
        ("proxy_configuration_type", opt(&proxy.r#type)),
        (
            "proxy_configuration_container_name",
            opt(&proxy.container_name),
        ),
        ("registered_at", opt(&d.registered_at)),
        ("deregistered_at", opt(&d.deregistered_at)),
        ("registered_by", opt(&d.registered_by)),
        (
            "ephemeral_storage_size_in_gib",
            Value::from(d.ephemeral_storage.as_ref().and_then(|e| e.size_in_gib)),
        ),
    ])
}

fn container_definition(c: &ContainerDefinition, d: &TaskDefinition) -> Row {
    let arn = d.task_definition_arn.as_str();
    row([
        ("id", Value::from(format!("{arn}-{}", c.name))),
        ("task_definition_arn", Value::from(arn)),
        ("name", Value::from(c.name.as_str())),
        ("image", opt(&c.image)),
        ("cpu", Value::from(c.cpu)),
        ("memory", Value::from(c.memory)),
        ("memory_reservation", Value::from(c.memory_reservation)),
        ("links", strings(&c.links)),
        ("essential", Value::from(c.essential)),
        ("entry_point", strings(&c.entry_point)),
        ("command", strings(&c.command)),
        ("start_timeout", Value::from(c.start_timeout)),
        ("stop_timeout", Value::from(c.stop_timeout)),
        ("hostname", opt(&c.hostname)),
        ("user", opt(&c.user)),
        ("working_directory", opt(&c.working_directory)),
        ("disable_networking", Value::from(c.disable_networking)),
        ("privileged", Value::from(c.privileged)),
        (
            "readonly_root_filesystem",
            Value::from(c.readonly_root_filesystem),
        ),
        ("dns_servers", strings(&c.dns_servers)),
        ("dns_search_domains", strings(&c.dns_search_domains)),
        (
            "docker_security_options",
            strings(&c.docker_security_options),
        ),
        ("interactive", Value::from(c.interactive)),
        ("pseudo_terminal", Value::from(c.pseudo_terminal)),
    ])
}

fn service(s: &EcsService, c: &Cluster) -> Row {
    let deployment = s.deployment_configuration.clone().unwrap_or_default();
    let breaker = deployment.deployment_circuit_breaker.unwrap_or_default();
    row([
        ("arn", Value::from(s.service_arn.as_str())),
        ("name", opt(&s.service_name)),
        (
            "cluster_arn",
            Value::from(s.cluster_arn.as_deref().unwrap_or(&c.cluster_arn)),
        ),
        ("status", opt(&s.status)),
        ("desired_count", Value::from(s.desired_count)),
        ("running_count", Value::from(s.running_count)),
        ("pending_count", Value::from(s.pending_count)),
        ("launch_type", opt(&s.launch_type)),
        ("platform_version", opt(&s.platform_version)),
        ("platform_family", opt(&s.platform_family)),
        ("task_definition", opt(&s.task_definition)),
        (
            "deployment_config_circuit_breaker_enable",
            Value::from(breaker.enable),
        ),
        (
            "deployment_config_circuit_breaker_rollback",
            Value::from(breaker.rollback),
        ),
        (
            "deployment_config_maximum_percent",
            Value::from(deployment.maximum_percent),
        ),
        (
            "deployment_config_minimum_healthy_percent",
            Value::from(deployment.minimum_healthy_percent),
        ),
        ("role_arn", opt(&s.role_arn)),
        ("created_at", opt(&s.created_at)),
        (
            "health_check_grace_period_seconds",
            Value::from(s.health_check_grace_period_seconds),
        ),
        ("created_by", opt(&s.created_by)),
        (
            "enable_ecs_managed_tags",
            Value::from(s.enable_ecs_managed_tags),
        ),
        ("propagate_tags", opt(&s.propagate_tags)),
        (
            "enable_execute_command",
            Value::from(s.enable_execute_command),
        ),
    ])
}

/// A target group registration of a service (classic load balancers have no target group).
fn target(s: &EcsService, l: &LoadBalancer) -> Option<Row> {
    let group = l.target_group_arn.as_deref()?;
    Some(row([
        ("arn", Value::from(s.service_arn.as_str())),
        ("target_group_arn", Value::from(group)),
        ("container_name", opt(&l.container_name)),
        ("container_port", Value::from(l.container_port)),
    ]))
}

/// The service a task runs for, from its group `service:<name>`.
fn service_name(t: &Task) -> Option<&str> {
    t.group.as_deref()?.strip_prefix("service:")
}

fn task(t: &Task, c: &Cluster) -> Row {
    let cluster_arn = t.cluster_arn.as_deref().unwrap_or(&c.cluster_arn);
    let service = service_name(t);
    let interface = t
        .attachments
        .iter()
        .find(|a| a.r#type.as_deref() == Some("ElasticNetworkInterface"))
        .and_then(|a| {
            a.details
                .iter()
                .find(|d| d.name.as_deref() == Some("networkInterfaceId"))
        })
        .and_then(|d| d.value.clone());
    row([
        ("arn", Value::from(t.task_arn.as_str())),
        ("availability_zone", opt(&t.availability_zone)),
        ("capacity_provider_name", opt(&t.capacity_provider_name)),
        ("cluster_arn", Value::from(cluster_arn)),
        ("connectivity", opt(&t.connectivity)),
        ("connectivity_at", opt(&t.connectivity_at)),
        ("container_instance_arn", opt(&t.container_instance_arn)),
        ("cpu", opt(&t.cpu)),
        ("created_at", opt(&t.created_at)),
        ("desired_status", opt(&t.desired_status)),
        (
            "enable_execute_command",
            Value::from(t.enable_execute_command),
        ),
        ("execution_stopped_at", opt(&t.execution_stopped_at)),
        ("group", opt(&t.group)),
        ("service_name", service.map_or(Value::Null, Value::from)),
        (
            "workload_parent_cluster_arn",
            if service.is_some() {
                Value::Null
            } else {
                Value::from(cluster_arn)
            },
        ),
        ("health_status", opt(&t.health_status)),
        ("last_status", opt(&t.last_status)),
        ("launch_type", opt(&t.launch_type)),
        ("memory", opt(&t.memory)),
        ("platform_version", opt(&t.platform_version)),
        ("platform_family", opt(&t.platform_family)),
        ("pull_started_at", opt(&t.pull_started_at)),
        ("pull_stopped_at", opt(&t.pull_stopped_at)),
        ("started_at", opt(&t.started_at)),
        ("started_by", opt(&t.started_by)),
        ("stop_code", opt(&t.stop_code)),
        ("stopped_at", opt(&t.stopped_at)),
        ("stopped_reason", opt(&t.stopped_reason)),
        ("stopping_at", opt(&t.stopping_at)),
        ("task_definition_arn", opt(&t.task_definition_arn)),
        ("version", Value::from(t.version)),
        (
            "ephemeral_storage_size_in_gib",
            Value::from(t.ephemeral_storage.as_ref().and_then(|e| e.size_in_gib)),
        ),
        ("network_interface_id", opt(&interface)),
    ])
}

/// A container, with the architecture the task reports (`ecs.cpu-architecture`) or, failing
/// that, the one its task definition declares, and which of the two it came from.
fn container(c: &Container, t: &Task, declared: &BTreeMap<&str, &str>) -> Row {
    let reported = t
        .attributes
        .iter()
        .find(|a| a.name.as_deref() == Some("ecs.cpu-architecture"))
        .and_then(|a| a.value.as_deref());
    let (architecture, source) = match reported {
        Some(raw) => (Some(raw), Some("runtime_api_exact")),
        None => {
            let hint = t
                .task_definition_arn
                .as_deref()
                .and_then(|arn| declared.get(arn).copied());
            (hint, hint.map(|_| "task_definition_hint"))
        }
    };
    let value = |v: Option<&str>| v.map_or(Value::Null, Value::from);
    row([
        ("arn", Value::from(c.container_arn.as_str())),
        // The task the container came nested in (some emulators misreport its own taskArn).
        ("task_arn", Value::from(t.task_arn.as_str())),
        ("name", opt(&c.name)),
        ("image", opt(&c.image)),
        ("image_digest", opt(&c.image_digest)),
        ("architecture", value(architecture)),
        (
            "architecture_normalized",
            value(architecture.map(normalize_architecture)),
        ),
        ("architecture_source", value(source)),
        ("runtime_id", opt(&c.runtime_id)),
        ("last_status", opt(&c.last_status)),
        ("exit_code", Value::from(c.exit_code)),
        ("reason", opt(&c.reason)),
        ("health_status", opt(&c.health_status)),
        ("cpu", opt(&c.cpu)),
        ("memory", opt(&c.memory)),
        ("memory_reservation", opt(&c.memory_reservation)),
        ("gpu_ids", strings(&c.gpu_ids)),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_sync::querybuild::ingest_query;

    fn show(v: Option<&Value>) -> String {
        format!("{v:?}")
    }

    #[test]
    fn service_tasks_chain_through_the_service_and_standalone_ones_to_the_cluster() {
        let cluster = Cluster {
            cluster_arn: "arn:aws:ecs:us-east-1:1:cluster/web".into(),
            ..Default::default()
        };
        let mut t = Task {
            task_arn: "arn:aws:ecs:us-east-1:1:task/web/1".into(),
            group: Some("service:api".into()),
            attachments: vec![Attachment {
                r#type: Some("ElasticNetworkInterface".into()),
                details: vec![NameValue {
                    name: Some("networkInterfaceId".into()),
                    value: Some("eni-1".into()),
                }],
            }],
            ..Default::default()
        };
        let r = task(&t, &cluster);
        assert_eq!(show(r.get("service_name")), show(Some(&Value::from("api"))));
        assert_eq!(
            show(r.get("workload_parent_cluster_arn")),
            show(Some(&Value::Null))
        );
        assert_eq!(
            show(r.get("network_interface_id")),
            show(Some(&Value::from("eni-1")))
        );
        t.group = Some("family:batch".into());
        let r = task(&t, &cluster);
        assert_eq!(
            show(r.get("workload_parent_cluster_arn")),
            show(Some(&Value::from(cluster.cluster_arn.as_str())))
        );
    }

    #[test]
    fn container_architecture_falls_back_to_the_task_definition() {
        let c = Container {
            container_arn: "arn:aws:ecs:us-east-1:1:container/web/1/a".into(),
            ..Default::default()
        };
        let mut t = Task {
            task_arn: "arn:aws:ecs:us-east-1:1:task/web/1".into(),
            task_definition_arn: Some("td:1".into()),
            ..Default::default()
        };
        let declared = BTreeMap::from([("td:1", "ARM64")]);
        let r = container(&c, &t, &declared);
        assert_eq!(
            show(r.get("architecture_normalized")),
            show(Some(&Value::from("arm64")))
        );
        assert_eq!(
            show(r.get("architecture_source")),
            show(Some(&Value::from("task_definition_hint")))
        );
        t.attributes = vec![NameValue {
            name: Some("ecs.cpu-architecture".into()),
            value: Some("x86_64".into()),
        }];
        let r = container(&c, &t, &declared);
        assert_eq!(
            show(r.get("architecture_normalized")),
            show(Some(&Value::from("amd64")))
        );
    }

    #[test]
    fn statements_are_cartographys_shape() {
        let q = ingest_query(&TASK);
        assert!(q.contains("MERGE (i:AWSECSTask {id: item.arn})"), "{q}");
        assert!(q.contains("i:ECSTask:ComputePod"), "{q}");
        assert!(q.contains("MERGE (i)<-[r2:HAS_TASK]-(n2)"), "{q}");
        assert!(q.contains("MERGE (i)-[r3:WORKLOAD_PARENT]->(n3)"), "{q}");
        let q = ingest_query(&CONTAINER_DEFINITION);
        assert!(
            q.contains("MERGE (i)<-[r0:HAS_CONTAINER_DEFINITION]-(n0)"),
            "{q}"
        );
        let q = ingest_query(&TARGET_GROUP_SERVICE);
        assert!(q.contains("MERGE (i)<-[r0:TARGETS]-(n0)"), "{q}");
        assert!(q.contains("r0.container_port = item.container_port"), "{q}");
        let q = ingest_query(&CONTAINER);
        assert!(q.contains("MERGE (i)-[r2:HAS_IMAGE]->(n2)"), "{q}");
    }
}
