//! Cartography's SageMaker nodes, each owned by the account, with their links to IAM roles,
//! S3 buckets (matched by name, the bucket node's id) and to each other.

use cartograph_sync::{Direction, ExtraLabel, Matcher, NodeSchema, Property, RelSchema};

use crate::schemas::{REGION, owned};

use Direction::{Inward, Outward};

const fn f(name: &'static str, field: &'static str) -> Property {
    Property::field(name, field)
}
const fn ix(name: &'static str, field: &'static str) -> Property {
    Property::indexed(name, field)
}

const fn execution_role(matchers: &'static [Matcher]) -> RelSchema {
    RelSchema::new("HAS_EXECUTION_ROLE", Outward, "AWSRole", matchers)
}

const fn bucket(rel_type: &'static str, matchers: &'static [Matcher]) -> RelSchema {
    RelSchema::new(rel_type, Outward, "AWSS3Bucket", matchers)
}

pub const DOMAIN: NodeSchema = owned(
    "AWSSageMakerDomain",
    "DomainArn",
    &[],
    &[
        ix("arn", "DomainArn"),
        f("domain_id", "DomainId"),
        f("domain_name", "DomainName"),
        f("status", "Status"),
        f("creation_time", "CreationTime"),
        f("last_modified_time", "LastModifiedTime"),
        f("url", "Url"),
        f("home_efs_file_system_id", "HomeEfsFileSystemId"),
        f("auth_mode", "AuthMode"),
        REGION,
    ],
    &[],
);

/// A Studio user: `HAS_EXECUTION_ROLE` its role; its domain `CONTAINS` it.
pub const USER_PROFILE: NodeSchema = owned(
    "AWSSageMakerUserProfile",
    "UserProfileArn",
    &[],
    &[
        ix("arn", "UserProfileArn"),
        f("user_profile_name", "UserProfileName"),
        f("domain_id", "DomainId"),
        f("status", "Status"),
        f("creation_time", "CreationTime"),
        f("last_modified_time", "LastModifiedTime"),
        f("execution_role", "ExecutionRole"),
        REGION,
    ],
    &[
        execution_role(&[Matcher::field("arn", "ExecutionRole")]),
        RelSchema::new(
            "CONTAINS",
            Inward,
            "AWSSageMakerDomain",
            &[Matcher::field("domain_id", "DomainId")],
        ),
    ],
);

/// A training job: `READS_FROM` its first input channel's bucket,
/// `PRODUCES_MODEL_ARTIFACT` in its output bucket.
pub const TRAINING_JOB: NodeSchema = owned(
    "AWSSageMakerTrainingJob",
    "TrainingJobArn",
    &[],
    &[
        ix("arn", "TrainingJobArn"),
        f("training_job_name", "TrainingJobName"),
        f("training_job_status", "TrainingJobStatus"),
        f("secondary_status", "SecondaryStatus"),
        f("algorithm_specification_training_image", "TrainingImage"),
        f(
            "algorithm_specification_training_input_mode",
            "TrainingInputMode",
        ),
        f("role_arn", "RoleArn"),
        f("creation_time", "CreationTime"),
        f("training_start_time", "TrainingStartTime"),
        f("training_end_time", "TrainingEndTime"),
        f("last_modified_time", "LastModifiedTime"),
        f("billable_time_in_seconds", "BillableTimeInSeconds"),
        f("training_time_in_seconds", "TrainingTimeInSeconds"),
        f("enable_network_isolation", "EnableNetworkIsolation"),
        f(
            "enable_inter_container_traffic_encryption",
            "EnableInterContainerTrafficEncryption",
        ),
        f("enable_managed_spot_training", "EnableManagedSpotTraining"),
        f("input_data_s3_bucket_id", "InputDataS3BucketId"),
        f("output_data_s3_bucket_id", "OutputDataS3BucketId"),
        REGION,
    ],
    &[
        execution_role(&[Matcher::field("arn", "RoleArn")]),
        bucket("READS_FROM", &[Matcher::field("id", "InputDataS3BucketId")]),
        bucket(
            "PRODUCES_MODEL_ARTIFACT",
            &[Matcher::field("id", "OutputDataS3BucketId")],
        ),
    ],
);

/// A notebook instance: `HAS_EXECUTION_ROLE` its role, and `CAN_INVOKE` every training job
/// that runs with the same role (Cartography's reading of what the notebook can start).
pub const NOTEBOOK_INSTANCE: NodeSchema = owned(
    "AWSSageMakerNotebookInstance",
    "NotebookInstanceArn",
    &[],
    &[
        ix("arn", "NotebookInstanceArn"),
        f("notebook_instance_name", "NotebookInstanceName"),
        f("notebook_instance_status", "NotebookInstanceStatus"),
        f("instance_type", "InstanceType"),
        f("url", "Url"),
        f("creation_time", "CreationTime"),
        f("last_modified_time", "LastModifiedTime"),
        f("subnet_id", "SubnetId"),
        f("security_groups", "SecurityGroups"),
        f("role_arn", "RoleArn"),
        f("kms_key_id", "KmsKeyId"),
        f("network_interface_id", "NetworkInterfaceId"),
        f("direct_internet_access", "DirectInternetAccess"),
        f("volume_size_in_gb", "VolumeSizeInGB"),
        f("root_access", "RootAccess"),
        f("platform_identifier", "PlatformIdentifier"),
        REGION,
    ],
    &[
        execution_role(&[Matcher::field("arn", "RoleArn")]),
        RelSchema::new(
            "CAN_INVOKE",
            Outward,
            "AWSSageMakerTrainingJob",
            &[Matcher::field("role_arn", "RoleArn")],
        ),
    ],
);

/// A model (ontology label `AIModel`): `HAS_EXECUTION_ROLE`, `REFERENCES_ARTIFACTS_IN` the
/// bucket of its artifacts, `DERIVES_FROM` the model package it deploys.
pub const MODEL: NodeSchema = owned(
    "AWSSageMakerModel",
    "ModelArn",
    &[ExtraLabel::always("AIModel")],
    &[
        ix("arn", "ModelArn"),
        f("model_name", "ModelName"),
        f("creation_time", "CreationTime"),
        f("execution_role_arn", "ExecutionRoleArn"),
        f("primary_container_image", "PrimaryContainerImage"),
        f("model_package_name", "ModelPackageName"),
        f("model_artifacts_s3_bucket_id", "ModelArtifactsS3BucketId"),
        f("enable_network_isolation", "EnableNetworkIsolation"),
        f("vpc_config_security_group_ids", "VpcSecurityGroupIds"),
        f("vpc_config_subnets", "VpcSubnets"),
        REGION,
    ],
    &[
        execution_role(&[Matcher::field("arn", "ExecutionRoleArn")]),
        bucket(
            "REFERENCES_ARTIFACTS_IN",
            &[Matcher::field("id", "ModelArtifactsS3BucketId")],
        ),
        RelSchema::new(
            "DERIVES_FROM",
            Outward,
            "AWSSageMakerModelPackage",
            &[Matcher::field("arn", "ModelPackageArn")],
        ),
    ],
);

/// An endpoint configuration: `USES` the model of its first production variant.
pub const ENDPOINT_CONFIG: NodeSchema = owned(
    "AWSSageMakerEndpointConfig",
    "EndpointConfigArn",
    &[],
    &[
        ix("arn", "EndpointConfigArn"),
        f("endpoint_config_name", "EndpointConfigName"),
        f("creation_time", "CreationTime"),
        f("model_name", "ModelName"),
        f("kms_key_id", "KmsKeyId"),
        REGION,
    ],
    &[RelSchema::new(
        "USES",
        Outward,
        "AWSSageMakerModel",
        &[Matcher::field("model_name", "ModelName")],
    )],
);

/// An endpoint: `USES` its configuration.
pub const ENDPOINT: NodeSchema = owned(
    "AWSSageMakerEndpoint",
    "EndpointArn",
    &[],
    &[
        ix("arn", "EndpointArn"),
        f("endpoint_name", "EndpointName"),
        f("endpoint_config_name", "EndpointConfigName"),
        f("endpoint_status", "EndpointStatus"),
        f("creation_time", "CreationTime"),
        f("last_modified_time", "LastModifiedTime"),
        REGION,
    ],
    &[RelSchema::new(
        "USES",
        Outward,
        "AWSSageMakerEndpointConfig",
        &[Matcher::field("endpoint_config_name", "EndpointConfigName")],
    )],
);

/// A batch transform job: `USES` its model, `WRITES_TO` its output bucket.
pub const TRANSFORM_JOB: NodeSchema = owned(
    "AWSSageMakerTransformJob",
    "TransformJobArn",
    &[],
    &[
        ix("arn", "TransformJobArn"),
        f("transform_job_name", "TransformJobName"),
        f("transform_job_status", "TransformJobStatus"),
        f("model_name", "ModelName"),
        f("max_concurrent_transforms", "MaxConcurrentTransforms"),
        f("max_payload_in_mb", "MaxPayloadInMB"),
        f("batch_strategy", "BatchStrategy"),
        f("creation_time", "CreationTime"),
        f("transform_start_time", "TransformStartTime"),
        f("transform_end_time", "TransformEndTime"),
        f("output_data_s3_bucket_id", "OutputDataS3BucketId"),
        REGION,
    ],
    &[
        RelSchema::new(
            "USES",
            Outward,
            "AWSSageMakerModel",
            &[Matcher::field("model_name", "ModelName")],
        ),
        bucket("WRITES_TO", &[Matcher::field("id", "OutputDataS3BucketId")]),
    ],
);

pub const MODEL_PACKAGE_GROUP: NodeSchema = owned(
    "AWSSageMakerModelPackageGroup",
    "ModelPackageGroupArn",
    &[],
    &[
        ix("arn", "ModelPackageGroupArn"),
        f("model_package_group_name", "ModelPackageGroupName"),
        f(
            "model_package_group_description",
            "ModelPackageGroupDescription",
        ),
        f("creation_time", "CreationTime"),
        f("model_package_group_status", "ModelPackageGroupStatus"),
        REGION,
    ],
    &[],
);

/// A registered model version: `MEMBER_OF` its group, `REFERENCES_ARTIFACTS_IN` the bucket of
/// its first container's artifacts.
pub const MODEL_PACKAGE: NodeSchema = owned(
    "AWSSageMakerModelPackage",
    "ModelPackageArn",
    &[],
    &[
        ix("arn", "ModelPackageArn"),
        f("model_package_name", "ModelPackageName"),
        f("model_package_group_name", "ModelPackageGroupName"),
        f("model_package_version", "ModelPackageVersion"),
        f("model_package_description", "ModelPackageDescription"),
        f("model_package_status", "ModelPackageStatus"),
        f("model_approval_status", "ModelApprovalStatus"),
        f("creation_time", "CreationTime"),
        f("last_modified_time", "LastModifiedTime"),
        f("model_artifacts_s3_bucket_id", "ModelArtifactsS3BucketId"),
        REGION,
    ],
    &[
        RelSchema::new(
            "MEMBER_OF",
            Outward,
            "AWSSageMakerModelPackageGroup",
            &[Matcher::field(
                "model_package_group_name",
                "ModelPackageGroupName",
            )],
        ),
        bucket(
            "REFERENCES_ARTIFACTS_IN",
            &[Matcher::field("id", "ModelArtifactsS3BucketId")],
        ),
    ],
);
