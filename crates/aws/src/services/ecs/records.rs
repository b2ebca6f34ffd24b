//! ECS API shapes (camelCase, as the JSON API and the recorded estate spell them), reduced to
//! the fields Cartography keeps.

use serde::{Deserialize, Serialize};

/// One region: its clusters (each with what was listed in it) and the task definitions its
/// tasks and services use.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EcsRecords {
    pub clusters: Vec<Cluster>,
    pub task_definitions: Vec<TaskDefinition>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Cluster {
    pub cluster_arn: String,
    pub cluster_name: Option<String>,
    pub status: Option<String>,
    pub capacity_providers: Vec<String>,
    pub attachments_status: Option<String>,
    pub container_instances: Vec<ContainerInstance>,
    pub services: Vec<EcsService>,
    pub tasks: Vec<Task>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ContainerInstance {
    pub container_instance_arn: String,
    pub ec2_instance_id: Option<String>,
    pub capacity_provider_name: Option<String>,
    pub version: Option<i64>,
    pub version_info: Option<VersionInfo>,
    pub status: Option<String>,
    pub status_reason: Option<String>,
    pub agent_connected: Option<bool>,
    pub agent_update_status: Option<String>,
    pub registered_at: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VersionInfo {
    pub agent_version: Option<String>,
    pub agent_hash: Option<String>,
    pub docker_version: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EcsService {
    pub service_arn: String,
    pub service_name: Option<String>,
    pub cluster_arn: Option<String>,
    pub status: Option<String>,
    pub desired_count: Option<i64>,
    pub running_count: Option<i64>,
    pub pending_count: Option<i64>,
    pub launch_type: Option<String>,
    pub platform_version: Option<String>,
    pub platform_family: Option<String>,
    pub task_definition: Option<String>,
    pub deployment_configuration: Option<DeploymentConfiguration>,
    pub role_arn: Option<String>,
    pub created_at: Option<String>,
    pub health_check_grace_period_seconds: Option<i64>,
    pub created_by: Option<String>,
    #[serde(rename = "enableECSManagedTags")]
    pub enable_ecs_managed_tags: Option<bool>,
    pub propagate_tags: Option<String>,
    pub enable_execute_command: Option<bool>,
    pub load_balancers: Vec<LoadBalancer>,
}

/// A target group the service registers its tasks in.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LoadBalancer {
    pub target_group_arn: Option<String>,
    pub container_name: Option<String>,
    pub container_port: Option<i64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DeploymentConfiguration {
    pub deployment_circuit_breaker: Option<CircuitBreaker>,
    pub maximum_percent: Option<i64>,
    pub minimum_healthy_percent: Option<i64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CircuitBreaker {
    pub enable: Option<bool>,
    pub rollback: Option<bool>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Task {
    pub task_arn: String,
    pub availability_zone: Option<String>,
    pub capacity_provider_name: Option<String>,
    pub cluster_arn: Option<String>,
    pub connectivity: Option<String>,
    pub connectivity_at: Option<String>,
    pub container_instance_arn: Option<String>,
    pub cpu: Option<String>,
    pub created_at: Option<String>,
    pub desired_status: Option<String>,
    pub enable_execute_command: Option<bool>,
    pub execution_stopped_at: Option<String>,
    pub group: Option<String>,
    pub health_status: Option<String>,
    pub last_status: Option<String>,
    pub launch_type: Option<String>,
    pub memory: Option<String>,
    pub platform_version: Option<String>,
    pub platform_family: Option<String>,
    pub pull_started_at: Option<String>,
    pub pull_stopped_at: Option<String>,
    pub started_at: Option<String>,
    pub started_by: Option<String>,
    pub stop_code: Option<String>,
    pub stopped_at: Option<String>,
    pub stopped_reason: Option<String>,
    pub stopping_at: Option<String>,
    pub task_definition_arn: Option<String>,
    pub version: Option<i64>,
    pub ephemeral_storage: Option<EphemeralStorage>,
    pub attachments: Vec<Attachment>,
    pub attributes: Vec<NameValue>,
    pub containers: Vec<Container>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EphemeralStorage {
    #[serde(rename = "sizeInGiB")]
    pub size_in_gib: Option<i64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Attachment {
    pub r#type: Option<String>,
    pub details: Vec<NameValue>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct NameValue {
    pub name: Option<String>,
    pub value: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Container {
    pub container_arn: String,
    pub name: Option<String>,
    pub image: Option<String>,
    pub image_digest: Option<String>,
    pub runtime_id: Option<String>,
    pub last_status: Option<String>,
    pub exit_code: Option<i64>,
    pub reason: Option<String>,
    pub health_status: Option<String>,
    pub cpu: Option<String>,
    pub memory: Option<String>,
    pub memory_reservation: Option<String>,
    pub gpu_ids: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TaskDefinition {
    pub task_definition_arn: String,
    pub family: Option<String>,
    pub task_role_arn: Option<String>,
    pub execution_role_arn: Option<String>,
    pub network_mode: Option<String>,
    pub revision: Option<i64>,
    pub status: Option<String>,
    pub compatibilities: Vec<String>,
    pub runtime_platform: Option<RuntimePlatform>,
    pub requires_compatibilities: Vec<String>,
    pub cpu: Option<String>,
    pub memory: Option<String>,
    pub pid_mode: Option<String>,
    pub ipc_mode: Option<String>,
    pub proxy_configuration: Option<ProxyConfiguration>,
    pub registered_at: Option<String>,
    pub deregistered_at: Option<String>,
    pub registered_by: Option<String>,
    pub ephemeral_storage: Option<EphemeralStorage>,
    pub container_definitions: Vec<ContainerDefinition>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RuntimePlatform {
    pub cpu_architecture: Option<String>,
    pub operating_system_family: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ProxyConfiguration {
    pub r#type: Option<String>,
    pub container_name: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ContainerDefinition {
    pub name: String,
    pub image: Option<String>,
    pub cpu: Option<i64>,
    pub memory: Option<i64>,
    pub memory_reservation: Option<i64>,
    pub links: Vec<String>,
    pub essential: Option<bool>,
    pub entry_point: Vec<String>,
    pub command: Vec<String>,
    pub start_timeout: Option<i64>,
    pub stop_timeout: Option<i64>,
    pub hostname: Option<String>,
    pub user: Option<String>,
    pub working_directory: Option<String>,
    pub disable_networking: Option<bool>,
    pub privileged: Option<bool>,
    pub readonly_root_filesystem: Option<bool>,
    pub dns_servers: Vec<String>,
    pub dns_search_domains: Vec<String>,
    pub docker_security_options: Vec<String>,
    pub interactive: Option<bool>,
    pub pseudo_terminal: Option<bool>,
}
