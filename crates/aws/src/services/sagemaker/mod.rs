//! SageMaker (`sagemaker`), per region: domains, Studio user profiles, training jobs,
//! notebook instances, model package groups and packages, models, endpoint configurations,
//! endpoints and batch transform jobs, each listed then described one by one, as Cartography
//! does (but model packages of every type: Cartography's listing misses versioned ones).

#[cfg(feature = "sagemaker")]
pub mod fetch;
pub mod records;
pub mod schema;

use cartograph_graph::Value;
use cartograph_sync::{NodeSchema, Row};

use super::{Records, Service, decode};
use crate::transform::{opt, row, strings};
use records::{
    Container, Domain, Endpoint, EndpointConfig, Model, ModelPackage, ModelPackageGroup,
    NotebookInstance, SageMakerRecords, TrainingJob, TransformJob, UserProfile,
};
use schema::{
    DOMAIN, ENDPOINT, ENDPOINT_CONFIG, MODEL, MODEL_PACKAGE, MODEL_PACKAGE_GROUP,
    NOTEBOOK_INSTANCE, TRAINING_JOB, TRANSFORM_JOB, USER_PROFILE,
};

pub const SERVICE: Service = Service {
    key: "sagemaker",
    feature: "sagemaker",
    regional: true,
    after: &["iam", "s3"],
    schemas: &[
        &DOMAIN,
        &USER_PROFILE,
        &TRAINING_JOB,
        &NOTEBOOK_INSTANCE,
        &MODEL_PACKAGE_GROUP,
        &MODEL_PACKAGE,
        &MODEL,
        &ENDPOINT_CONFIG,
        &ENDPOINT,
        &TRANSFORM_JOB,
    ],
    links: &[],
    decode: decode::<SageMakerRecords>,
    demo: include_str!("../../../data/demo/services/sagemaker.json"),
    #[cfg(feature = "sagemaker")]
    fetch: Some(fetch::fetch),
    #[cfg(all(feature = "fetch", not(feature = "sagemaker")))]
    fetch: None,
};

impl Records for SageMakerRecords {
    fn count(&self) -> u64 {
        [
            self.domains.len(),
            self.user_profiles.len(),
            self.training_jobs.len(),
            self.notebook_instances.len(),
            self.models.len(),
            self.endpoint_configs.len(),
            self.endpoints.len(),
            self.transform_jobs.len(),
            self.model_package_groups.len(),
            self.model_packages.len(),
        ]
        .iter()
        .sum::<usize>() as u64
    }

    fn rows(&self, _account_id: &str) -> Vec<(&'static NodeSchema, Vec<Row>)> {
        vec![
            (&DOMAIN, self.domains.iter().map(domain).collect()),
            (
                &USER_PROFILE,
                self.user_profiles.iter().map(user_profile).collect(),
            ),
            (
                &TRAINING_JOB,
                self.training_jobs.iter().map(training_job).collect(),
            ),
            (
                &NOTEBOOK_INSTANCE,
                self.notebook_instances.iter().map(notebook).collect(),
            ),
            (
                &MODEL_PACKAGE_GROUP,
                self.model_package_groups
                    .iter()
                    .map(package_group)
                    .collect(),
            ),
            (
                &MODEL_PACKAGE,
                self.model_packages.iter().map(package).collect(),
            ),
            (&MODEL, self.models.iter().map(model).collect()),
            (
                &ENDPOINT_CONFIG,
                self.endpoint_configs.iter().map(endpoint_config).collect(),
            ),
            (&ENDPOINT, self.endpoints.iter().map(endpoint).collect()),
            (
                &TRANSFORM_JOB,
                self.transform_jobs.iter().map(transform_job).collect(),
            ),
        ]
    }
}

fn int(v: Option<i64>) -> Value {
    v.map_or(Value::Null, Value::Int)
}

fn flag(v: Option<bool>) -> Value {
    v.map_or(Value::Null, Value::Bool)
}

/// The bucket of an `s3://bucket/key` URI (the bucket node's id), or null.
fn bucket(uri: Option<&str>) -> Value {
    uri.and_then(|u| u.strip_prefix("s3://"))
        .and_then(|rest| rest.split('/').next())
        .filter(|name| !name.is_empty())
        .map_or(Value::Null, Value::from)
}

fn domain(d: &Domain) -> Row {
    row([
        ("DomainArn", Value::from(d.domain_arn.as_str())),
        ("DomainId", opt(&d.domain_id)),
        ("DomainName", opt(&d.domain_name)),
        ("Status", opt(&d.status)),
        ("CreationTime", opt(&d.creation_time)),
        ("LastModifiedTime", opt(&d.last_modified_time)),
        ("Url", opt(&d.url)),
        ("HomeEfsFileSystemId", opt(&d.home_efs_file_system_id)),
        ("AuthMode", opt(&d.auth_mode)),
    ])
}

fn user_profile(u: &UserProfile) -> Row {
    let role = u
        .user_settings
        .as_ref()
        .and_then(|s| s.execution_role.clone());
    row([
        ("UserProfileArn", Value::from(u.user_profile_arn.as_str())),
        ("UserProfileName", opt(&u.user_profile_name)),
        ("DomainId", opt(&u.domain_id)),
        ("Status", opt(&u.status)),
        ("CreationTime", opt(&u.creation_time)),
        ("LastModifiedTime", opt(&u.last_modified_time)),
        ("ExecutionRole", opt(&role)),
    ])
}

fn training_job(j: &TrainingJob) -> Row {
    let algorithm = j.algorithm_specification.as_ref();
    // Cartography reads the first input channel only.
    let input = j
        .input_data_config
        .first()
        .and_then(|c| c.data_source.as_ref())
        .and_then(|d| d.s3_data_source.as_ref())
        .and_then(|s| s.s3_uri.as_deref());
    let output = j
        .output_data_config
        .as_ref()
        .and_then(|o| o.s3_output_path.as_deref());
    row([
        ("TrainingJobArn", Value::from(j.training_job_arn.as_str())),
        ("TrainingJobName", opt(&j.training_job_name)),
        ("TrainingJobStatus", opt(&j.training_job_status)),
        ("SecondaryStatus", opt(&j.secondary_status)),
        (
            "TrainingImage",
            opt(&algorithm.and_then(|a| a.training_image.clone())),
        ),
        (
            "TrainingInputMode",
            opt(&algorithm.and_then(|a| a.training_input_mode.clone())),
        ),
        ("RoleArn", opt(&j.role_arn)),
        ("CreationTime", opt(&j.creation_time)),
        ("TrainingStartTime", opt(&j.training_start_time)),
        ("TrainingEndTime", opt(&j.training_end_time)),
        ("LastModifiedTime", opt(&j.last_modified_time)),
        ("BillableTimeInSeconds", int(j.billable_time_in_seconds)),
        ("TrainingTimeInSeconds", int(j.training_time_in_seconds)),
        ("EnableNetworkIsolation", flag(j.enable_network_isolation)),
        (
            "EnableInterContainerTrafficEncryption",
            flag(j.enable_inter_container_traffic_encryption),
        ),
        (
            "EnableManagedSpotTraining",
            flag(j.enable_managed_spot_training),
        ),
        ("InputDataS3BucketId", bucket(input)),
        ("OutputDataS3BucketId", bucket(output)),
    ])
}

fn notebook(n: &NotebookInstance) -> Row {
    row([
        (
            "NotebookInstanceArn",
            Value::from(n.notebook_instance_arn.as_str()),
        ),
        ("NotebookInstanceName", opt(&n.notebook_instance_name)),
        ("NotebookInstanceStatus", opt(&n.notebook_instance_status)),
        ("InstanceType", opt(&n.instance_type)),
        ("Url", opt(&n.url)),
        ("CreationTime", opt(&n.creation_time)),
        ("LastModifiedTime", opt(&n.last_modified_time)),
        ("SubnetId", opt(&n.subnet_id)),
        ("SecurityGroups", strings(&n.security_groups)),
        ("RoleArn", opt(&n.role_arn)),
        ("KmsKeyId", opt(&n.kms_key_id)),
        ("NetworkInterfaceId", opt(&n.network_interface_id)),
        ("DirectInternetAccess", opt(&n.direct_internet_access)),
        ("VolumeSizeInGB", int(n.volume_size_in_gb)),
        ("RootAccess", opt(&n.root_access)),
        ("PlatformIdentifier", opt(&n.platform_identifier)),
    ])
}

fn model(m: &Model) -> Row {
    // The first of several containers, else the primary one (Cartography's choice).
    let container: Option<&Container> = m.containers.first().or(m.primary_container.as_ref());
    let field = |f: fn(&Container) -> &Option<String>| opt(&container.and_then(|c| f(c).clone()));
    let vpc = m.vpc_config.as_ref();
    row([
        ("ModelArn", Value::from(m.model_arn.as_str())),
        ("ModelName", opt(&m.model_name)),
        ("CreationTime", opt(&m.creation_time)),
        ("ExecutionRoleArn", opt(&m.execution_role_arn)),
        ("PrimaryContainerImage", field(|c| &c.image)),
        ("ModelPackageName", field(|c| &c.model_package_name)),
        // A package name in a container may be its ARN.
        ("ModelPackageArn", field(|c| &c.model_package_name)),
        (
            "ModelArtifactsS3BucketId",
            bucket(container.and_then(|c| c.model_data_url.as_deref())),
        ),
        ("EnableNetworkIsolation", flag(m.enable_network_isolation)),
        (
            "VpcSecurityGroupIds",
            vpc.map_or(Value::Null, |v| strings(&v.security_group_ids)),
        ),
        (
            "VpcSubnets",
            vpc.map_or(Value::Null, |v| strings(&v.subnets)),
        ),
    ])
}

fn endpoint_config(c: &EndpointConfig) -> Row {
    let model = c
        .production_variants
        .first()
        .and_then(|v| v.model_name.clone());
    row([
        (
            "EndpointConfigArn",
            Value::from(c.endpoint_config_arn.as_str()),
        ),
        ("EndpointConfigName", opt(&c.endpoint_config_name)),
        ("CreationTime", opt(&c.creation_time)),
        ("ModelName", opt(&model)),
        ("KmsKeyId", opt(&c.kms_key_id)),
    ])
}

fn endpoint(e: &Endpoint) -> Row {
    row([
        ("EndpointArn", Value::from(e.endpoint_arn.as_str())),
        ("EndpointName", opt(&e.endpoint_name)),
        ("EndpointConfigName", opt(&e.endpoint_config_name)),
        ("EndpointStatus", opt(&e.endpoint_status)),
        ("CreationTime", opt(&e.creation_time)),
        ("LastModifiedTime", opt(&e.last_modified_time)),
    ])
}

fn transform_job(j: &TransformJob) -> Row {
    let output = j
        .transform_output
        .as_ref()
        .and_then(|o| o.s3_output_path.as_deref());
    row([
        ("TransformJobArn", Value::from(j.transform_job_arn.as_str())),
        ("TransformJobName", opt(&j.transform_job_name)),
        ("TransformJobStatus", opt(&j.transform_job_status)),
        ("ModelName", opt(&j.model_name)),
        ("MaxConcurrentTransforms", int(j.max_concurrent_transforms)),
        ("MaxPayloadInMB", int(j.max_payload_in_mb)),
        ("BatchStrategy", opt(&j.batch_strategy)),
        ("CreationTime", opt(&j.creation_time)),
        ("TransformStartTime", opt(&j.transform_start_time)),
        ("TransformEndTime", opt(&j.transform_end_time)),
        ("OutputDataS3BucketId", bucket(output)),
    ])
}

fn package_group(g: &ModelPackageGroup) -> Row {
    row([
        (
            "ModelPackageGroupArn",
            Value::from(g.model_package_group_arn.as_str()),
        ),
        ("ModelPackageGroupName", opt(&g.model_package_group_name)),
        (
            "ModelPackageGroupDescription",
            opt(&g.model_package_group_description),
        ),
        ("CreationTime", opt(&g.creation_time)),
        (
            "ModelPackageGroupStatus",
            opt(&g.model_package_group_status),
        ),
    ])
}

fn package(p: &ModelPackage) -> Row {
    let artifacts = p
        .inference_specification
        .as_ref()
        .and_then(|s| s.containers.first())
        .and_then(|c| c.model_data_url.as_deref());
    row([
        ("ModelPackageArn", Value::from(p.model_package_arn.as_str())),
        ("ModelPackageName", opt(&p.model_package_name)),
        ("ModelPackageGroupName", opt(&p.model_package_group_name)),
        ("ModelPackageVersion", int(p.model_package_version)),
        ("ModelPackageDescription", opt(&p.model_package_description)),
        ("ModelPackageStatus", opt(&p.model_package_status)),
        ("ModelApprovalStatus", opt(&p.model_approval_status)),
        ("CreationTime", opt(&p.creation_time)),
        ("LastModifiedTime", opt(&p.last_modified_time)),
        ("ModelArtifactsS3BucketId", bucket(artifacts)),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_sync::querybuild::ingest_query;
    use records::{Channel, DataSource, OutputDataConfig, S3DataSource};

    /// `Value` has no equality: compare debug forms.
    fn same(got: Option<&Value>, want: Value) -> bool {
        format!("{got:?}") == format!("{:?}", Some(&want))
    }

    #[test]
    fn buckets_come_from_s3_uris() {
        assert!(same(
            Some(&bucket(Some("s3://data/train/x"))),
            Value::from("data")
        ));
        assert!(same(Some(&bucket(Some("https://data"))), Value::Null));
        let job = TrainingJob {
            training_job_arn: "arn:j".into(),
            input_data_config: vec![Channel {
                data_source: Some(DataSource {
                    s3_data_source: Some(S3DataSource {
                        s3_uri: Some("s3://in/data".into()),
                    }),
                }),
            }],
            output_data_config: Some(OutputDataConfig {
                s3_output_path: Some("s3://out/models".into()),
            }),
            ..Default::default()
        };
        let r = training_job(&job);
        assert!(same(r.get("InputDataS3BucketId"), Value::from("in")));
        assert!(same(r.get("OutputDataS3BucketId"), Value::from("out")));
    }

    #[test]
    fn models_read_their_first_container() {
        let m = Model {
            model_arn: "arn:m".into(),
            primary_container: Some(Container {
                image: Some("primary".into()),
                ..Default::default()
            }),
            containers: vec![Container {
                image: Some("first".into()),
                model_data_url: Some("s3://artifacts/m.tar.gz".into()),
                ..Default::default()
            }],
            ..Default::default()
        };
        let r = model(&m);
        assert!(same(r.get("PrimaryContainerImage"), Value::from("first")));
        assert!(same(
            r.get("ModelArtifactsS3BucketId"),
            Value::from("artifacts")
        ));
    }

    #[test]
    fn statements_are_cartographys_shape() {
        let q = ingest_query(&NOTEBOOK_INSTANCE);
        assert!(
            q.contains("MERGE (i:AWSSageMakerNotebookInstance {id: item.NotebookInstanceArn})"),
            "{q}"
        );
        assert!(q.contains("MERGE (i)-[r1:CAN_INVOKE]->(n1)"), "{q}");
        let q = ingest_query(&USER_PROFILE);
        assert!(q.contains("MERGE (i)<-[r1:CONTAINS]-(n1)"), "{q}");
    }
}
