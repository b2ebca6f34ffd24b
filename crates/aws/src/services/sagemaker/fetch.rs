//! SageMaker through the SDK: each kind listed, then described one by one within the task's
//! bound. A kind the caller may not read is left empty, as Cartography does.

use aws_sdk_sagemaker as sagemaker;
use futures_util::future::try_join_all;

use super::records::{
    AlgorithmSpecification, Channel, Container, DataSource, Domain, Endpoint, EndpointConfig,
    InferenceSpecification, Model, ModelPackage, ModelPackageGroup, NotebookInstance,
    OutputDataConfig, ProductionVariant, S3DataSource, SageMakerRecords, TrainingJob, TransformJob,
    UserProfile, UserSettings, VpcConfig,
};
use crate::fetch::convert::{date, e, int, s};
use crate::fetch::{ApiError, Ctx, FetchResult, boxed, unless_denied};

pub fn fetch(ctx: &Ctx) -> FetchResult<'_> {
    boxed(records(ctx))
}

/// Collect the pages of a paginator into names, mapping each page with `names`.
macro_rules! list {
    ($ctx:expr, $call:expr, $op:literal, $names:expr) => {{
        let mut out = Vec::new();
        let mut pages = $call.into_paginator().send();
        while let Some(page) = $ctx.limit.run(pages.next()).await {
            let page = page.map_err(|err| ApiError::new($op, err))?;
            out.extend($names(&page));
        }
        out
    }};
}

async fn records(ctx: &Ctx) -> Result<SageMakerRecords, ApiError> {
    let c = sagemaker::Client::from_conf(
        sagemaker::config::Builder::from(&ctx.config)
            .interceptor(ctx.attempts.clone())
            .build(),
    );
    let c = &c;
    Ok(SageMakerRecords {
        domains: unless_denied("domains", domains(ctx, c)).await?,
        user_profiles: unless_denied("user profiles", user_profiles(ctx, c)).await?,
        training_jobs: unless_denied("training jobs", training_jobs(ctx, c)).await?,
        notebook_instances: unless_denied("notebook instances", notebooks(ctx, c)).await?,
        models: unless_denied("models", models(ctx, c)).await?,
        endpoint_configs: unless_denied("endpoint configs", endpoint_configs(ctx, c)).await?,
        endpoints: unless_denied("endpoints", endpoints(ctx, c)).await?,
        transform_jobs: unless_denied("transform jobs", transform_jobs(ctx, c)).await?,
        model_package_groups: unless_denied("model package groups", package_groups(ctx, c)).await?,
        model_packages: unless_denied("model packages", packages(ctx, c)).await?,
    })
}

async fn domains(ctx: &Ctx, c: &sagemaker::Client) -> Result<Vec<Domain>, ApiError> {
    let ids: Vec<String> = list!(
        ctx,
        c.list_domains(),
        "sagemaker:ListDomains",
        |p: &sagemaker::operation::list_domains::ListDomainsOutput| p
            .domains()
            .iter()
            .filter_map(|d| s(d.domain_id()))
            .collect::<Vec<_>>()
    );
    try_join_all(ids.into_iter().map(|id| async move {
        let d = ctx
            .limit
            .run(c.describe_domain().domain_id(id).send())
            .await
            .map_err(|err| ApiError::new("sagemaker:DescribeDomain", err))?;
        Ok(Domain {
            domain_arn: d.domain_arn().unwrap_or_default().to_string(),
            domain_id: s(d.domain_id()),
            domain_name: s(d.domain_name()),
            status: e(d.status()),
            creation_time: date(d.creation_time()),
            last_modified_time: date(d.last_modified_time()),
            url: s(d.url()),
            home_efs_file_system_id: s(d.home_efs_file_system_id()),
            auth_mode: e(d.auth_mode()),
        })
    }))
    .await
}

async fn user_profiles(ctx: &Ctx, c: &sagemaker::Client) -> Result<Vec<UserProfile>, ApiError> {
    let keys: Vec<(String, String)> = list!(
        ctx,
        c.list_user_profiles(),
        "sagemaker:ListUserProfiles",
        |p: &sagemaker::operation::list_user_profiles::ListUserProfilesOutput| p
            .user_profiles()
            .iter()
            .filter_map(|u| Some((s(u.domain_id())?, s(u.user_profile_name())?)))
            .collect::<Vec<_>>()
    );
    try_join_all(keys.into_iter().map(|(domain, name)| async move {
        let u = ctx
            .limit
            .run(
                c.describe_user_profile()
                    .domain_id(domain)
                    .user_profile_name(name)
                    .send(),
            )
            .await
            .map_err(|err| ApiError::new("sagemaker:DescribeUserProfile", err))?;
        Ok(UserProfile {
            user_profile_arn: u.user_profile_arn().unwrap_or_default().to_string(),
            domain_id: s(u.domain_id()),
            user_profile_name: s(u.user_profile_name()),
            status: e(u.status()),
            creation_time: date(u.creation_time()),
            last_modified_time: date(u.last_modified_time()),
            user_settings: u.user_settings().map(|x| UserSettings {
                execution_role: s(x.execution_role()),
            }),
        })
    }))
    .await
}

async fn training_jobs(ctx: &Ctx, c: &sagemaker::Client) -> Result<Vec<TrainingJob>, ApiError> {
    let names: Vec<String> = list!(
        ctx,
        c.list_training_jobs(),
        "sagemaker:ListTrainingJobs",
        |p: &sagemaker::operation::list_training_jobs::ListTrainingJobsOutput| p
            .training_job_summaries()
            .iter()
            .filter_map(|j| s(j.training_job_name()))
            .collect::<Vec<_>>()
    );
    try_join_all(names.into_iter().map(|name| async move {
        let j = ctx
            .limit
            .run(c.describe_training_job().training_job_name(name).send())
            .await
            .map_err(|err| ApiError::new("sagemaker:DescribeTrainingJob", err))?;
        Ok(TrainingJob {
            training_job_arn: j.training_job_arn().unwrap_or_default().to_string(),
            training_job_name: s(j.training_job_name()),
            training_job_status: e(j.training_job_status()),
            secondary_status: e(j.secondary_status()),
            algorithm_specification: j.algorithm_specification().map(|a| AlgorithmSpecification {
                training_image: s(a.training_image()),
                training_input_mode: e(a.training_input_mode()),
            }),
            role_arn: s(j.role_arn()),
            creation_time: date(j.creation_time()),
            training_start_time: date(j.training_start_time()),
            training_end_time: date(j.training_end_time()),
            last_modified_time: date(j.last_modified_time()),
            billable_time_in_seconds: int(j.billable_time_in_seconds()),
            training_time_in_seconds: int(j.training_time_in_seconds()),
            enable_network_isolation: j.enable_network_isolation(),
            enable_inter_container_traffic_encryption: j
                .enable_inter_container_traffic_encryption(),
            enable_managed_spot_training: j.enable_managed_spot_training(),
            input_data_config: j
                .input_data_config()
                .iter()
                .map(|ch| Channel {
                    data_source: ch.data_source().map(|d| DataSource {
                        s3_data_source: d.s3_data_source().map(|x| S3DataSource {
                            s3_uri: s(x.s3_uri()),
                        }),
                    }),
                })
                .collect(),
            output_data_config: j.output_data_config().map(|o| OutputDataConfig {
                s3_output_path: s(o.s3_output_path()),
            }),
        })
    }))
    .await
}

async fn notebooks(ctx: &Ctx, c: &sagemaker::Client) -> Result<Vec<NotebookInstance>, ApiError> {
    let names: Vec<String> = list!(
        ctx,
        c.list_notebook_instances(),
        "sagemaker:ListNotebookInstances",
        |p: &sagemaker::operation::list_notebook_instances::ListNotebookInstancesOutput| p
            .notebook_instances()
            .iter()
            .filter_map(|n| s(n.notebook_instance_name()))
            .collect::<Vec<_>>()
    );
    try_join_all(names.into_iter().map(|name| async move {
        let n = ctx
            .limit
            .run(
                c.describe_notebook_instance()
                    .notebook_instance_name(name)
                    .send(),
            )
            .await
            .map_err(|err| ApiError::new("sagemaker:DescribeNotebookInstance", err))?;
        Ok(NotebookInstance {
            notebook_instance_arn: n.notebook_instance_arn().unwrap_or_default().to_string(),
            notebook_instance_name: s(n.notebook_instance_name()),
            notebook_instance_status: e(n.notebook_instance_status()),
            instance_type: e(n.instance_type()),
            url: s(n.url()),
            creation_time: date(n.creation_time()),
            last_modified_time: date(n.last_modified_time()),
            subnet_id: s(n.subnet_id()),
            security_groups: n.security_groups().to_vec(),
            role_arn: s(n.role_arn()),
            kms_key_id: s(n.kms_key_id()),
            network_interface_id: s(n.network_interface_id()),
            direct_internet_access: e(n.direct_internet_access()),
            volume_size_in_gb: int(n.volume_size_in_gb()),
            root_access: e(n.root_access()),
            platform_identifier: s(n.platform_identifier()),
        })
    }))
    .await
}

fn container(c: &sagemaker::types::ContainerDefinition) -> Container {
    Container {
        image: s(c.image()),
        model_data_url: s(c.model_data_url()),
        model_package_name: s(c.model_package_name()),
    }
}

async fn models(ctx: &Ctx, c: &sagemaker::Client) -> Result<Vec<Model>, ApiError> {
    let names: Vec<String> = list!(
        ctx,
        c.list_models(),
        "sagemaker:ListModels",
        |p: &sagemaker::operation::list_models::ListModelsOutput| p
            .models()
            .iter()
            .filter_map(|m| s(m.model_name()))
            .collect::<Vec<_>>()
    );
    try_join_all(names.into_iter().map(|name| async move {
        let m = ctx
            .limit
            .run(c.describe_model().model_name(name).send())
            .await
            .map_err(|err| ApiError::new("sagemaker:DescribeModel", err))?;
        Ok(Model {
            model_arn: m.model_arn().unwrap_or_default().to_string(),
            model_name: s(m.model_name()),
            creation_time: date(m.creation_time()),
            execution_role_arn: s(m.execution_role_arn()),
            primary_container: m.primary_container().map(container),
            containers: m.containers().iter().map(container).collect(),
            enable_network_isolation: m.enable_network_isolation(),
            vpc_config: m.vpc_config().map(|v| VpcConfig {
                security_group_ids: v.security_group_ids().to_vec(),
                subnets: v.subnets().to_vec(),
            }),
        })
    }))
    .await
}

async fn endpoint_configs(
    ctx: &Ctx,
    c: &sagemaker::Client,
) -> Result<Vec<EndpointConfig>, ApiError> {
    let names: Vec<String> = list!(
        ctx,
        c.list_endpoint_configs(),
        "sagemaker:ListEndpointConfigs",
        |p: &sagemaker::operation::list_endpoint_configs::ListEndpointConfigsOutput| p
            .endpoint_configs()
            .iter()
            .filter_map(|x| s(x.endpoint_config_name()))
            .collect::<Vec<_>>()
    );
    try_join_all(names.into_iter().map(|name| async move {
        let x = ctx
            .limit
            .run(
                c.describe_endpoint_config()
                    .endpoint_config_name(name)
                    .send(),
            )
            .await
            .map_err(|err| ApiError::new("sagemaker:DescribeEndpointConfig", err))?;
        Ok(EndpointConfig {
            endpoint_config_arn: x.endpoint_config_arn().unwrap_or_default().to_string(),
            endpoint_config_name: s(x.endpoint_config_name()),
            creation_time: date(x.creation_time()),
            production_variants: x
                .production_variants()
                .iter()
                .map(|v| ProductionVariant {
                    model_name: s(v.model_name()),
                })
                .collect(),
            kms_key_id: s(x.kms_key_id()),
        })
    }))
    .await
}

async fn endpoints(ctx: &Ctx, c: &sagemaker::Client) -> Result<Vec<Endpoint>, ApiError> {
    let names: Vec<String> = list!(
        ctx,
        c.list_endpoints(),
        "sagemaker:ListEndpoints",
        |p: &sagemaker::operation::list_endpoints::ListEndpointsOutput| p
            .endpoints()
            .iter()
            .filter_map(|x| s(x.endpoint_name()))
            .collect::<Vec<_>>()
    );
    try_join_all(names.into_iter().map(|name| async move {
        let x = ctx
            .limit
            .run(c.describe_endpoint().endpoint_name(name).send())
            .await
            .map_err(|err| ApiError::new("sagemaker:DescribeEndpoint", err))?;
        Ok(Endpoint {
            endpoint_arn: x.endpoint_arn().unwrap_or_default().to_string(),
            endpoint_name: s(x.endpoint_name()),
            endpoint_config_name: s(x.endpoint_config_name()),
            endpoint_status: e(x.endpoint_status()),
            creation_time: date(x.creation_time()),
            last_modified_time: date(x.last_modified_time()),
        })
    }))
    .await
}

async fn transform_jobs(ctx: &Ctx, c: &sagemaker::Client) -> Result<Vec<TransformJob>, ApiError> {
    let names: Vec<String> = list!(
        ctx,
        c.list_transform_jobs(),
        "sagemaker:ListTransformJobs",
        |p: &sagemaker::operation::list_transform_jobs::ListTransformJobsOutput| p
            .transform_job_summaries()
            .iter()
            .filter_map(|x| s(x.transform_job_name()))
            .collect::<Vec<_>>()
    );
    try_join_all(names.into_iter().map(|name| async move {
        let x = ctx
            .limit
            .run(c.describe_transform_job().transform_job_name(name).send())
            .await
            .map_err(|err| ApiError::new("sagemaker:DescribeTransformJob", err))?;
        Ok(TransformJob {
            transform_job_arn: x.transform_job_arn().unwrap_or_default().to_string(),
            transform_job_name: s(x.transform_job_name()),
            transform_job_status: e(x.transform_job_status()),
            model_name: s(x.model_name()),
            max_concurrent_transforms: int(x.max_concurrent_transforms()),
            max_payload_in_mb: int(x.max_payload_in_mb()),
            batch_strategy: e(x.batch_strategy()),
            creation_time: date(x.creation_time()),
            transform_start_time: date(x.transform_start_time()),
            transform_end_time: date(x.transform_end_time()),
            transform_output: x.transform_output().map(|o| OutputDataConfig {
                s3_output_path: s(o.s3_output_path()),
            }),
        })
    }))
    .await
}

async fn package_groups(
    ctx: &Ctx,
    c: &sagemaker::Client,
) -> Result<Vec<ModelPackageGroup>, ApiError> {
    let names: Vec<String> = list!(
        ctx,
        c.list_model_package_groups(),
        "sagemaker:ListModelPackageGroups",
        |p: &sagemaker::operation::list_model_package_groups::ListModelPackageGroupsOutput| p
            .model_package_group_summary_list()
            .iter()
            .filter_map(|x| s(x.model_package_group_name()))
            .collect::<Vec<_>>()
    );
    try_join_all(names.into_iter().map(|name| async move {
        let x = ctx
            .limit
            .run(
                c.describe_model_package_group()
                    .model_package_group_name(name)
                    .send(),
            )
            .await
            .map_err(|err| ApiError::new("sagemaker:DescribeModelPackageGroup", err))?;
        Ok(ModelPackageGroup {
            model_package_group_arn: x.model_package_group_arn().unwrap_or_default().to_string(),
            model_package_group_name: s(x.model_package_group_name()),
            model_package_group_description: s(x.model_package_group_description()),
            creation_time: date(x.creation_time()),
            model_package_group_status: e(x.model_package_group_status()),
        })
    }))
    .await
}

/// Every model package, versioned (in a group) or not.
async fn packages(ctx: &Ctx, c: &sagemaker::Client) -> Result<Vec<ModelPackage>, ApiError> {
    let arns: Vec<String> = list!(
        ctx,
        c.list_model_packages()
            .model_package_type(sagemaker::types::ModelPackageType::Both),
        "sagemaker:ListModelPackages",
        |p: &sagemaker::operation::list_model_packages::ListModelPackagesOutput| p
            .model_package_summary_list()
            .iter()
            .filter_map(|x| s(x.model_package_arn()))
            .collect::<Vec<_>>()
    );
    try_join_all(arns.into_iter().map(|arn| async move {
        let x = ctx
            .limit
            .run(c.describe_model_package().model_package_name(arn).send())
            .await
            .map_err(|err| ApiError::new("sagemaker:DescribeModelPackage", err))?;
        Ok(ModelPackage {
            model_package_arn: x.model_package_arn().unwrap_or_default().to_string(),
            model_package_name: s(x.model_package_name()),
            model_package_group_name: s(x.model_package_group_name()),
            model_package_version: int(x.model_package_version()),
            model_package_description: s(x.model_package_description()),
            model_package_status: e(x.model_package_status()),
            model_approval_status: e(x.model_approval_status()),
            creation_time: date(x.creation_time()),
            last_modified_time: date(x.last_modified_time()),
            inference_specification: x.inference_specification().map(|i| InferenceSpecification {
                containers: i
                    .containers()
                    .iter()
                    .map(|k| Container {
                        image: s(k.image()),
                        model_data_url: s(k.model_data_url()),
                        model_package_name: None,
                    })
                    .collect(),
            }),
        })
    }))
    .await
}
