//! EFS through the SDK: the region's file systems, the mount targets of each (the API
//! lists them per file system) and the access points.

use aws_sdk_efs as efs;
use futures_util::future::try_join_all;

use super::{
    AccessPoint, EfsRecords, FileSystem, FileSystemProtection, FileSystemSize, MountTarget,
    PosixUser, RootDirectory,
};
use crate::fetch::convert::{date, e, req, s};
use crate::fetch::{ApiError, Ctx, FetchResult, boxed};

pub fn fetch(ctx: &Ctx) -> FetchResult<'_> {
    boxed(records(ctx))
}

async fn records(ctx: &Ctx) -> Result<EfsRecords, ApiError> {
    let c = efs::Client::from_conf(
        efs::config::Builder::from(&ctx.config)
            .interceptor(ctx.attempts.clone())
            .build(),
    );
    let (file_systems, access_points) =
        futures_util::future::try_join(file_systems(ctx, &c), access_points(ctx, &c)).await?;
    let c = &c;
    let mount_targets = try_join_all(
        file_systems
            .iter()
            .map(|f| mount_targets(ctx, c, &f.file_system_id)),
    )
    .await?
    .into_iter()
    .flatten()
    .collect();
    Ok(EfsRecords {
        file_systems,
        mount_targets,
        access_points,
    })
}

async fn file_systems(ctx: &Ctx, c: &efs::Client) -> Result<Vec<FileSystem>, ApiError> {
    let mut out = Vec::new();
    let mut pages = c.describe_file_systems().into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page =
            page.map_err(|err| ApiError::new("elasticfilesystem:DescribeFileSystems", err))?;
        out.extend(page.file_systems().iter().map(|f| FileSystem {
            file_system_id: f.file_system_id().to_string(),
            file_system_arn: s(f.file_system_arn()),
            owner_id: Some(f.owner_id().to_string()),
            creation_token: Some(f.creation_token().to_string()),
            creation_time: date(Some(f.creation_time())),
            life_cycle_state: e(Some(f.life_cycle_state())),
            name: s(f.name()),
            number_of_mount_targets: Some(i64::from(f.number_of_mount_targets())),
            size_in_bytes: f.size_in_bytes().map(|size| FileSystemSize {
                value: Some(size.value()),
                timestamp: date(size.timestamp()),
            }),
            performance_mode: e(Some(f.performance_mode())),
            encrypted: f.encrypted(),
            kms_key_id: s(f.kms_key_id()),
            throughput_mode: e(f.throughput_mode()),
            availability_zone_name: s(f.availability_zone_name()),
            availability_zone_id: s(f.availability_zone_id()),
            file_system_protection: f.file_system_protection().map(|p| FileSystemProtection {
                replication_overwrite_protection: e(p.replication_overwrite_protection()),
            }),
        }));
    }
    Ok(out)
}

async fn mount_targets(
    ctx: &Ctx,
    c: &efs::Client,
    file_system_id: &str,
) -> Result<Vec<MountTarget>, ApiError> {
    let mut out = Vec::new();
    let mut pages = c
        .describe_mount_targets()
        .file_system_id(file_system_id)
        .into_paginator()
        .send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page =
            page.map_err(|err| ApiError::new("elasticfilesystem:DescribeMountTargets", err))?;
        out.extend(page.mount_targets().iter().map(|m| MountTarget {
            mount_target_id: m.mount_target_id().to_string(),
            file_system_id: m.file_system_id().to_string(),
            owner_id: s(m.owner_id()),
            subnet_id: Some(m.subnet_id().to_string()),
            life_cycle_state: e(Some(m.life_cycle_state())),
            ip_address: s(m.ip_address()),
            network_interface_id: s(m.network_interface_id()),
            availability_zone_id: s(m.availability_zone_id()),
            availability_zone_name: s(m.availability_zone_name()),
            vpc_id: s(m.vpc_id()),
        }));
    }
    Ok(out)
}

async fn access_points(ctx: &Ctx, c: &efs::Client) -> Result<Vec<AccessPoint>, ApiError> {
    let mut out = Vec::new();
    let mut pages = c.describe_access_points().into_paginator().send();
    while let Some(page) = ctx.limit.run(pages.next()).await {
        let page =
            page.map_err(|err| ApiError::new("elasticfilesystem:DescribeAccessPoints", err))?;
        out.extend(page.access_points().iter().map(|a| {
            AccessPoint {
                access_point_arn: req(a.access_point_arn()),
                access_point_id: s(a.access_point_id()),
                file_system_id: req(a.file_system_id()),
                name: s(a.name()),
                life_cycle_state: e(a.life_cycle_state()),
                owner_id: s(a.owner_id()),
                posix_user: a.posix_user().map(|u| PosixUser {
                    uid: Some(u.uid()),
                    gid: Some(u.gid()),
                }),
                root_directory: a
                    .root_directory()
                    .map(|r| RootDirectory { path: s(r.path()) }),
            }
        }));
    }
    Ok(out)
}
