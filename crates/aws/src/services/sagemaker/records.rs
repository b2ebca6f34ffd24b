//! The SageMaker `Describe*` answers cartograph keeps, in the API's PascalCase shapes
//! (timestamps as ISO-8601 text).

use serde::{Deserialize, Serialize};

/// The SageMaker resources of one region.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SageMakerRecords {
    pub domains: Vec<Domain>,
    pub user_profiles: Vec<UserProfile>,
    pub training_jobs: Vec<TrainingJob>,
    pub notebook_instances: Vec<NotebookInstance>,
    pub models: Vec<Model>,
    pub endpoint_configs: Vec<EndpointConfig>,
    pub endpoints: Vec<Endpoint>,
    pub transform_jobs: Vec<TransformJob>,
    pub model_package_groups: Vec<ModelPackageGroup>,
    pub model_packages: Vec<ModelPackage>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Domain {
    pub domain_arn: String,
    pub domain_id: Option<String>,
    pub domain_name: Option<String>,
    pub status: Option<String>,
    pub creation_time: Option<String>,
    pub last_modified_time: Option<String>,
    pub url: Option<String>,
    pub home_efs_file_system_id: Option<String>,
    pub auth_mode: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct UserProfile {
    pub user_profile_arn: String,
    pub domain_id: Option<String>,
    pub user_profile_name: Option<String>,
    pub status: Option<String>,
    pub creation_time: Option<String>,
    pub last_modified_time: Option<String>,
    pub user_settings: Option<UserSettings>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct UserSettings {
    pub execution_role: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TrainingJob {
    pub training_job_arn: String,
    pub training_job_name: Option<String>,
    pub training_job_status: Option<String>,
    pub secondary_status: Option<String>,
    pub algorithm_specification: Option<AlgorithmSpecification>,
    pub role_arn: Option<String>,
    pub creation_time: Option<String>,
    pub training_start_time: Option<String>,
    pub training_end_time: Option<String>,
    pub last_modified_time: Option<String>,
    pub billable_time_in_seconds: Option<i64>,
    pub training_time_in_seconds: Option<i64>,
    pub enable_network_isolation: Option<bool>,
    pub enable_inter_container_traffic_encryption: Option<bool>,
    pub enable_managed_spot_training: Option<bool>,
    pub input_data_config: Vec<Channel>,
    pub output_data_config: Option<OutputDataConfig>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AlgorithmSpecification {
    pub training_image: Option<String>,
    pub training_input_mode: Option<String>,
}

/// An input channel: only its S3 source matters here.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Channel {
    pub data_source: Option<DataSource>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DataSource {
    pub s3_data_source: Option<S3DataSource>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct S3DataSource {
    pub s3_uri: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct OutputDataConfig {
    pub s3_output_path: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct NotebookInstance {
    pub notebook_instance_arn: String,
    pub notebook_instance_name: Option<String>,
    pub notebook_instance_status: Option<String>,
    pub instance_type: Option<String>,
    pub url: Option<String>,
    pub creation_time: Option<String>,
    pub last_modified_time: Option<String>,
    pub subnet_id: Option<String>,
    pub security_groups: Vec<String>,
    pub role_arn: Option<String>,
    pub kms_key_id: Option<String>,
    pub network_interface_id: Option<String>,
    pub direct_internet_access: Option<String>,
    #[serde(rename = "VolumeSizeInGB")]
    pub volume_size_in_gb: Option<i64>,
    pub root_access: Option<String>,
    pub platform_identifier: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Model {
    pub model_arn: String,
    pub model_name: Option<String>,
    pub creation_time: Option<String>,
    pub execution_role_arn: Option<String>,
    pub primary_container: Option<Container>,
    pub containers: Vec<Container>,
    pub enable_network_isolation: Option<bool>,
    pub vpc_config: Option<VpcConfig>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Container {
    pub image: Option<String>,
    pub model_data_url: Option<String>,
    pub model_package_name: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct VpcConfig {
    pub security_group_ids: Vec<String>,
    pub subnets: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct EndpointConfig {
    pub endpoint_config_arn: String,
    pub endpoint_config_name: Option<String>,
    pub creation_time: Option<String>,
    pub production_variants: Vec<ProductionVariant>,
    pub kms_key_id: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ProductionVariant {
    pub model_name: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Endpoint {
    pub endpoint_arn: String,
    pub endpoint_name: Option<String>,
    pub endpoint_config_name: Option<String>,
    pub endpoint_status: Option<String>,
    pub creation_time: Option<String>,
    pub last_modified_time: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TransformJob {
    pub transform_job_arn: String,
    pub transform_job_name: Option<String>,
    pub transform_job_status: Option<String>,
    pub model_name: Option<String>,
    pub max_concurrent_transforms: Option<i64>,
    #[serde(rename = "MaxPayloadInMB")]
    pub max_payload_in_mb: Option<i64>,
    pub batch_strategy: Option<String>,
    pub creation_time: Option<String>,
    pub transform_start_time: Option<String>,
    pub transform_end_time: Option<String>,
    pub transform_output: Option<OutputDataConfig>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ModelPackageGroup {
    pub model_package_group_arn: String,
    pub model_package_group_name: Option<String>,
    pub model_package_group_description: Option<String>,
    pub creation_time: Option<String>,
    pub model_package_group_status: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ModelPackage {
    pub model_package_arn: String,
    pub model_package_name: Option<String>,
    pub model_package_group_name: Option<String>,
    pub model_package_version: Option<i64>,
    pub model_package_description: Option<String>,
    pub model_package_status: Option<String>,
    pub model_approval_status: Option<String>,
    pub creation_time: Option<String>,
    pub last_modified_time: Option<String>,
    pub inference_specification: Option<InferenceSpecification>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct InferenceSpecification {
    pub containers: Vec<Container>,
}
