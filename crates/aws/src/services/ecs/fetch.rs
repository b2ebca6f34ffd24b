//! ECS through the SDK: clusters, then per cluster its container instances, services and
//! tasks (described in the API's batch sizes), then every task definition they reference.

use std::collections::BTreeSet;

use aws_sdk_ecs as ecs;
use aws_sdk_ecs::types as t;
use futures_util::future::try_join_all;

use super::records::*;
use crate::fetch::convert::{date, e, req, s};
use crate::fetch::{ApiError, Ctx, FetchResult, boxed};

pub fn fetch(ctx: &Ctx) -> FetchResult<'_> {
    boxed(records(ctx))
}

async fn records(ctx: &Ctx) -> Result<EcsRecords, ApiError> {
    let c = ecs::Client::from_conf(
        ecs::config::Builder::from(&ctx.config)
            .interceptor(ctx.attempts.clone())
            .build(),
    );
    let mut arns = Vec::new();
    let mut pages = c.list_clusters().into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("ecs:ListClusters", err))?;
        arns.extend(page.cluster_arns().iter().cloned());
    }
    let mut clusters = Vec::new();
    for chunk in arns.chunks(100) {
        let out = ctx
            .limit
            .run(
                c.describe_clusters()
                    .set_clusters(Some(chunk.to_vec()))
                    .send(),
            )
            .await
            .map_err(|err| ApiError::new("ecs:DescribeClusters", err))?;
        clusters.extend(out.clusters().iter().map(cluster));
    }
    let c = &c;
    let clusters = try_join_all(clusters.into_iter().map(|mut cl| async move {
        cl.container_instances = container_instances(ctx, c, &cl.cluster_arn).await?;
        cl.services = services(ctx, c, &cl.cluster_arn).await?;
        cl.tasks = tasks(ctx, c, &cl.cluster_arn).await?;
        Ok::<_, ApiError>(cl)
    }))
    .await?;
    let used: BTreeSet<&str> = clusters
        .iter()
        .flat_map(|cl| {
            let of_tasks = cl
                .tasks
                .iter()
                .filter_map(|t| t.task_definition_arn.as_deref());
            let of_services = cl
                .services
                .iter()
                .filter_map(|s| s.task_definition.as_deref());
            of_tasks.chain(of_services)
        })
        .collect();
    let task_definitions = try_join_all(used.into_iter().map(|arn| async move {
        let out = ctx
            .limit
            .run(c.describe_task_definition().task_definition(arn).send())
            .await
            .map_err(|err| ApiError::new("ecs:DescribeTaskDefinition", err))?;
        Ok::<_, ApiError>(out.task_definition().map(task_definition))
    }))
    .await?;
    Ok(EcsRecords {
        clusters,
        task_definitions: task_definitions.into_iter().flatten().collect(),
    })
}

fn int(v: i32) -> Option<i64> {
    Some(i64::from(v))
}

fn cluster(c: &t::Cluster) -> Cluster {
    Cluster {
        cluster_arn: req(c.cluster_arn()),
        cluster_name: s(c.cluster_name()),
        status: s(c.status()),
        capacity_providers: c.capacity_providers().to_vec(),
        attachments_status: s(c.attachments_status()),
        ..Default::default()
    }
}

async fn container_instances(
    ctx: &Ctx,
    c: &ecs::Client,
    cluster: &str,
) -> Result<Vec<ContainerInstance>, ApiError> {
    let mut arns = Vec::new();
    let mut pages = c
        .list_container_instances()
        .cluster(cluster)
        .into_paginator()
        .send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("ecs:ListContainerInstances", err))?;
        arns.extend(page.container_instance_arns().iter().cloned());
    }
    let mut out = Vec::new();
    for chunk in arns.chunks(100) {
        let page = ctx
            .limit
            .run(
                c.describe_container_instances()
                    .cluster(cluster)
                    .set_container_instances(Some(chunk.to_vec()))
                    .send(),
            )
            .await
            .map_err(|err| ApiError::new("ecs:DescribeContainerInstances", err))?;
        out.extend(
            page.container_instances()
                .iter()
                .map(|i| ContainerInstance {
                    container_instance_arn: req(i.container_instance_arn()),
                    ec2_instance_id: s(i.ec2_instance_id()),
                    capacity_provider_name: s(i.capacity_provider_name()),
                    version: Some(i.version()),
                    version_info: i.version_info().map(|v| VersionInfo {
                        agent_version: s(v.agent_version()),
                        agent_hash: s(v.agent_hash()),
                        docker_version: s(v.docker_version()),
                    }),
                    status: s(i.status()),
                    status_reason: s(i.status_reason()),
                    agent_connected: Some(i.agent_connected()),
                    agent_update_status: e(i.agent_update_status()),
                    registered_at: date(i.registered_at()),
                }),
        );
    }
    Ok(out)
}

async fn services(ctx: &Ctx, c: &ecs::Client, cluster: &str) -> Result<Vec<EcsService>, ApiError> {
    let mut arns = Vec::new();
    let mut pages = c.list_services().cluster(cluster).into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("ecs:ListServices", err))?;
        arns.extend(page.service_arns().iter().cloned());
    }
    let mut out = Vec::new();
    for chunk in arns.chunks(10) {
        let page = ctx
            .limit
            .run(
                c.describe_services()
                    .cluster(cluster)
                    .set_services(Some(chunk.to_vec()))
                    .send(),
            )
            .await
            .map_err(|err| ApiError::new("ecs:DescribeServices", err))?;
        out.extend(page.services().iter().map(|v| {
            EcsService {
                service_arn: req(v.service_arn()),
                service_name: s(v.service_name()),
                cluster_arn: s(v.cluster_arn()),
                status: s(v.status()),
                desired_count: int(v.desired_count()),
                running_count: int(v.running_count()),
                pending_count: int(v.pending_count()),
                launch_type: e(v.launch_type()),
                platform_version: s(v.platform_version()),
                platform_family: s(v.platform_family()),
                task_definition: s(v.task_definition()),
                deployment_configuration: v.deployment_configuration().map(|d| {
                    DeploymentConfiguration {
                        deployment_circuit_breaker: d.deployment_circuit_breaker().map(|b| {
                            CircuitBreaker {
                                enable: Some(b.enable()),
                                rollback: Some(b.rollback()),
                            }
                        }),
                        maximum_percent: d.maximum_percent().map(i64::from),
                        minimum_healthy_percent: d.minimum_healthy_percent().map(i64::from),
                    }
                }),
                role_arn: s(v.role_arn()),
                created_at: date(v.created_at()),
                health_check_grace_period_seconds: v
                    .health_check_grace_period_seconds()
                    .map(i64::from),
                created_by: s(v.created_by()),
                enable_ecs_managed_tags: Some(v.enable_ecs_managed_tags()),
                propagate_tags: e(v.propagate_tags()),
                enable_execute_command: Some(v.enable_execute_command()),
                load_balancers: v
                    .load_balancers()
                    .iter()
                    .map(|l| LoadBalancer {
                        target_group_arn: s(l.target_group_arn()),
                        container_name: s(l.container_name()),
                        container_port: l.container_port().map(i64::from),
                    })
                    .collect(),
            }
        }));
    }
    Ok(out)
}

async fn tasks(ctx: &Ctx, c: &ecs::Client, cluster: &str) -> Result<Vec<Task>, ApiError> {
    let mut arns = Vec::new();
    let mut pages = c.list_tasks().cluster(cluster).into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page = page.map_err(|err| ApiError::new("ecs:ListTasks", err))?;
        arns.extend(page.task_arns().iter().cloned());
    }
    let mut out = Vec::new();
    for chunk in arns.chunks(100) {
        let page = ctx
            .limit
            .run(
                c.describe_tasks()
                    .cluster(cluster)
                    .set_tasks(Some(chunk.to_vec()))
                    .send(),
            )
            .await
            .map_err(|err| ApiError::new("ecs:DescribeTasks", err))?;
        out.extend(page.tasks().iter().map(task));
    }
    Ok(out)
}

fn name_value(name: Option<&str>, value: Option<&str>) -> NameValue {
    NameValue {
        name: s(name),
        value: s(value),
    }
}

fn task(k: &t::Task) -> Task {
    Task {
        task_arn: req(k.task_arn()),
        availability_zone: s(k.availability_zone()),
        capacity_provider_name: s(k.capacity_provider_name()),
        cluster_arn: s(k.cluster_arn()),
        connectivity: e(k.connectivity()),
        connectivity_at: date(k.connectivity_at()),
        container_instance_arn: s(k.container_instance_arn()),
        cpu: s(k.cpu()),
        created_at: date(k.created_at()),
        desired_status: s(k.desired_status()),
        enable_execute_command: Some(k.enable_execute_command()),
        execution_stopped_at: date(k.execution_stopped_at()),
        group: s(k.group()),
        health_status: e(k.health_status()),
        last_status: s(k.last_status()),
        launch_type: e(k.launch_type()),
        memory: s(k.memory()),
        platform_version: s(k.platform_version()),
        platform_family: s(k.platform_family()),
        pull_started_at: date(k.pull_started_at()),
        pull_stopped_at: date(k.pull_stopped_at()),
        started_at: date(k.started_at()),
        started_by: s(k.started_by()),
        stop_code: e(k.stop_code()),
        stopped_at: date(k.stopped_at()),
        stopped_reason: s(k.stopped_reason()),
        stopping_at: date(k.stopping_at()),
        task_definition_arn: s(k.task_definition_arn()),
        version: Some(k.version()),
        ephemeral_storage: k.ephemeral_storage().map(|e| EphemeralStorage {
            size_in_gib: int(e.size_in_gib()),
        }),
        attachments: k
            .attachments()
            .iter()
            .map(|a| Attachment {
                r#type: s(a.r#type()),
                details: a
                    .details()
                    .iter()
                    .map(|d| name_value(d.name(), d.value()))
                    .collect(),
            })
            .collect(),
        attributes: k
            .attributes()
            .iter()
            .map(|a| name_value(Some(a.name()), a.value()))
            .collect(),
        containers: k
            .containers()
            .iter()
            .map(|c| Container {
                container_arn: req(c.container_arn()),
                name: s(c.name()),
                image: s(c.image()),
                image_digest: s(c.image_digest()),
                runtime_id: s(c.runtime_id()),
                last_status: s(c.last_status()),
                exit_code: c.exit_code().map(i64::from),
                reason: s(c.reason()),
                health_status: e(c.health_status()),
                cpu: s(c.cpu()),
                memory: s(c.memory()),
                memory_reservation: s(c.memory_reservation()),
                gpu_ids: c.gpu_ids().to_vec(),
            })
            .collect(),
    }
}

fn task_definition(d: &t::TaskDefinition) -> TaskDefinition {
    let names = |v: &[t::Compatibility]| v.iter().map(|c| c.as_str().to_string()).collect();
    TaskDefinition {
        task_definition_arn: req(d.task_definition_arn()),
        family: s(d.family()),
        task_role_arn: s(d.task_role_arn()),
        execution_role_arn: s(d.execution_role_arn()),
        network_mode: e(d.network_mode()),
        revision: int(d.revision()),
        status: e(d.status()),
        compatibilities: names(d.compatibilities()),
        runtime_platform: d.runtime_platform().map(|p| RuntimePlatform {
            cpu_architecture: e(p.cpu_architecture()),
            operating_system_family: e(p.operating_system_family()),
        }),
        requires_compatibilities: names(d.requires_compatibilities()),
        cpu: s(d.cpu()),
        memory: s(d.memory()),
        pid_mode: e(d.pid_mode()),
        ipc_mode: e(d.ipc_mode()),
        proxy_configuration: d.proxy_configuration().map(|p| ProxyConfiguration {
            r#type: e(p.r#type()),
            container_name: s(Some(p.container_name())),
        }),
        registered_at: date(d.registered_at()),
        deregistered_at: date(d.deregistered_at()),
        registered_by: s(d.registered_by()),
        ephemeral_storage: d.ephemeral_storage().map(|e| EphemeralStorage {
            size_in_gib: int(e.size_in_gib()),
        }),
        container_definitions: d
            .container_definitions()
            .iter()
            .map(|c| ContainerDefinition {
                name: req(c.name()),
                image: s(c.image()),
                cpu: int(c.cpu()),
                memory: c.memory().map(i64::from),
                memory_reservation: c.memory_reservation().map(i64::from),
                links: c.links().to_vec(),
                essential: c.essential(),
                entry_point: c.entry_point().to_vec(),
                command: c.command().to_vec(),
                start_timeout: c.start_timeout().map(i64::from),
                stop_timeout: c.stop_timeout().map(i64::from),
                hostname: s(c.hostname()),
                user: s(c.user()),
                working_directory: s(c.working_directory()),
                disable_networking: c.disable_networking(),
                privileged: c.privileged(),
                readonly_root_filesystem: c.readonly_root_filesystem(),
                dns_servers: c.dns_servers().to_vec(),
                dns_search_domains: c.dns_search_domains().to_vec(),
                docker_security_options: c.docker_security_options().to_vec(),
                interactive: c.interactive(),
                pseudo_terminal: c.pseudo_terminal(),
            })
            .collect(),
    }
}
