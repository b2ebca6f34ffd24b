//! EFS (`efs`): file systems, their mount targets and access points, per region. Rules
//! look at `encrypted` on the file system.

#[cfg(feature = "efs")]
pub mod fetch;

use cartograph_graph::Value;
use cartograph_sync::{
    CleanupMode, Direction, ExtraLabel, Matcher, NodeSchema, Property, RelSchema, Row, Source,
};
use serde::{Deserialize, Serialize};

use super::{Records, Service, decode};
use crate::schemas::ACCOUNT_RESOURCE;
use crate::transform::{opt, row};

pub const SERVICE: Service = Service {
    key: "efs",
    feature: "efs",
    regional: true,
    after: &["kms"],
    schemas: &[&FILE_SYSTEM, &MOUNT_TARGET, &ACCESS_POINT],
    links: &[],
    decode: decode::<EfsRecords>,
    demo: include_str!("../../../data/demo/services/efs.json"),
    #[cfg(feature = "efs")]
    fetch: Some(fetch::fetch),
    #[cfg(all(feature = "fetch", not(feature = "efs")))]
    fetch: None,
};

/// One region's `DescribeFileSystems`, `DescribeMountTargets` (of every file system) and
/// `DescribeAccessPoints` answers.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct EfsRecords {
    pub file_systems: Vec<FileSystem>,
    pub mount_targets: Vec<MountTarget>,
    pub access_points: Vec<AccessPoint>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct FileSystem {
    pub file_system_id: String,
    pub file_system_arn: Option<String>,
    pub owner_id: Option<String>,
    pub creation_token: Option<String>,
    pub creation_time: Option<String>,
    pub life_cycle_state: Option<String>,
    pub name: Option<String>,
    pub number_of_mount_targets: Option<i64>,
    pub size_in_bytes: Option<FileSystemSize>,
    pub performance_mode: Option<String>,
    pub encrypted: Option<bool>,
    pub kms_key_id: Option<String>,
    pub throughput_mode: Option<String>,
    pub availability_zone_name: Option<String>,
    pub availability_zone_id: Option<String>,
    pub file_system_protection: Option<FileSystemProtection>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct FileSystemSize {
    pub value: Option<i64>,
    pub timestamp: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct FileSystemProtection {
    pub replication_overwrite_protection: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct MountTarget {
    pub mount_target_id: String,
    pub file_system_id: String,
    pub owner_id: Option<String>,
    pub subnet_id: Option<String>,
    pub life_cycle_state: Option<String>,
    pub ip_address: Option<String>,
    pub network_interface_id: Option<String>,
    pub availability_zone_id: Option<String>,
    pub availability_zone_name: Option<String>,
    pub vpc_id: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AccessPoint {
    pub access_point_arn: String,
    pub access_point_id: Option<String>,
    pub file_system_id: String,
    pub name: Option<String>,
    pub life_cycle_state: Option<String>,
    pub owner_id: Option<String>,
    pub posix_user: Option<PosixUser>,
    pub root_directory: Option<RootDirectory>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PosixUser {
    pub uid: Option<i64>,
    pub gid: Option<i64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RootDirectory {
    pub path: Option<String>,
}

pub const FILE_SYSTEM: NodeSchema = NodeSchema {
    label: "AWSEfsFileSystem",
    id: Source::Field("id"),
    extra_labels: &[
        ExtraLabel::always("EfsFileSystem"),
        ExtraLabel::always("FileStorage"),
    ],
    properties: &[
        Property::indexed("arn", "arn"),
        Property::param("region", "Region"),
        Property::field("owner_id", "owner_id"),
        Property::field("creation_token", "creation_token"),
        Property::field("creation_time", "creation_time"),
        Property::field("lifecycle_state", "lifecycle_state"),
        Property::field("name", "name"),
        Property::field("number_of_mount_targets", "number_of_mount_targets"),
        Property::field("size_in_bytes_value", "size_in_bytes_value"),
        Property::field("size_in_bytes_timestamp", "size_in_bytes_timestamp"),
        Property::field("performance_mode", "performance_mode"),
        Property::field("encrypted", "encrypted"),
        Property::field("kms_key_id", "kms_key_id"),
        Property::field("throughput_mode", "throughput_mode"),
        Property::field("availability_zone_name", "availability_zone_name"),
        Property::field("availability_zone_id", "availability_zone_id"),
        Property::field("file_system_protection", "file_system_protection"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[RelSchema::new(
        "ENCRYPTED_BY",
        Direction::Outward,
        "AWSKMSKey",
        &[Matcher::field("arn", "kms_key_id")],
    )],
    cleanup: CleanupMode::Scoped,
};

pub const MOUNT_TARGET: NodeSchema = NodeSchema {
    label: "AWSEfsMountTarget",
    id: Source::Field("id"),
    extra_labels: &[ExtraLabel::always("EfsMountTarget")],
    properties: &[
        // Mount targets have no ARN: Cartography stores the id here.
        Property::indexed("arn", "id"),
        Property::param("region", "Region"),
        Property::field("fileSystem_id", "file_system_id"),
        Property::field("lifecycle_state", "lifecycle_state"),
        Property::field("mount_target_id", "id"),
        Property::field("subnet_id", "subnet_id"),
        Property::field("availability_zone_id", "availability_zone_id"),
        Property::field("availability_zone_name", "availability_zone_name"),
        Property::field("ip_address", "ip_address"),
        Property::field("network_interface_id", "network_interface_id"),
        Property::field("owner_id", "owner_id"),
        Property::field("vpc_id", "vpc_id"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[RelSchema::new(
        "ATTACHED_TO",
        Direction::Outward,
        "AWSEfsFileSystem",
        &[Matcher::field("id", "file_system_id")],
    )],
    cleanup: CleanupMode::Scoped,
};

pub const ACCESS_POINT: NodeSchema = NodeSchema {
    label: "AWSEfsAccessPoint",
    id: Source::Field("arn"),
    extra_labels: &[ExtraLabel::always("EfsAccessPoint")],
    properties: &[
        Property::indexed("arn", "arn"),
        Property::param("region", "Region"),
        Property::field("access_point_id", "access_point_id"),
        Property::field("file_system_id", "file_system_id"),
        Property::field("lifecycle_state", "lifecycle_state"),
        Property::field("name", "name"),
        Property::field("owner_id", "owner_id"),
        Property::field("posix_gid", "posix_gid"),
        Property::field("posix_uid", "posix_uid"),
        Property::field("root_directory_path", "root_directory_path"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[RelSchema::new(
        "ACCESS_POINT_OF",
        Direction::Outward,
        "AWSEfsFileSystem",
        &[Matcher::field("id", "file_system_id")],
    )],
    cleanup: CleanupMode::Scoped,
};

impl Records for EfsRecords {
    fn count(&self) -> u64 {
        (self.file_systems.len() + self.mount_targets.len() + self.access_points.len()) as u64
    }

    fn rows(&self, _account_id: &str) -> Vec<(&'static NodeSchema, Vec<Row>)> {
        vec![
            (
                &FILE_SYSTEM,
                self.file_systems.iter().map(file_system).collect(),
            ),
            (
                &MOUNT_TARGET,
                self.mount_targets.iter().map(mount_target).collect(),
            ),
            (
                &ACCESS_POINT,
                self.access_points.iter().map(access_point).collect(),
            ),
        ]
    }
}

fn file_system(f: &FileSystem) -> Row {
    let size = f.size_in_bytes.as_ref();
    row([
        ("id", Value::from(f.file_system_id.as_str())),
        ("arn", opt(&f.file_system_arn)),
        ("owner_id", opt(&f.owner_id)),
        ("creation_token", opt(&f.creation_token)),
        ("creation_time", opt(&f.creation_time)),
        ("lifecycle_state", opt(&f.life_cycle_state)),
        ("name", opt(&f.name)),
        (
            "number_of_mount_targets",
            Value::from(f.number_of_mount_targets),
        ),
        (
            "size_in_bytes_value",
            Value::from(size.and_then(|s| s.value)),
        ),
        (
            "size_in_bytes_timestamp",
            size.map_or(Value::Null, |s| opt(&s.timestamp)),
        ),
        ("performance_mode", opt(&f.performance_mode)),
        ("encrypted", Value::from(f.encrypted)),
        ("kms_key_id", opt(&f.kms_key_id)),
        ("throughput_mode", opt(&f.throughput_mode)),
        ("availability_zone_name", opt(&f.availability_zone_name)),
        ("availability_zone_id", opt(&f.availability_zone_id)),
        (
            "file_system_protection",
            f.file_system_protection
                .as_ref()
                .map_or(Value::Null, |p| opt(&p.replication_overwrite_protection)),
        ),
    ])
}

fn mount_target(m: &MountTarget) -> Row {
    row([
        ("id", Value::from(m.mount_target_id.as_str())),
        ("file_system_id", Value::from(m.file_system_id.as_str())),
        ("lifecycle_state", opt(&m.life_cycle_state)),
        ("subnet_id", opt(&m.subnet_id)),
        ("availability_zone_id", opt(&m.availability_zone_id)),
        ("availability_zone_name", opt(&m.availability_zone_name)),
        ("ip_address", opt(&m.ip_address)),
        ("network_interface_id", opt(&m.network_interface_id)),
        ("owner_id", opt(&m.owner_id)),
        ("vpc_id", opt(&m.vpc_id)),
    ])
}

fn access_point(a: &AccessPoint) -> Row {
    let user = a.posix_user.as_ref();
    row([
        ("arn", Value::from(a.access_point_arn.as_str())),
        ("access_point_id", opt(&a.access_point_id)),
        ("file_system_id", Value::from(a.file_system_id.as_str())),
        ("lifecycle_state", opt(&a.life_cycle_state)),
        ("name", opt(&a.name)),
        ("owner_id", opt(&a.owner_id)),
        ("posix_gid", Value::from(user.and_then(|u| u.gid))),
        ("posix_uid", Value::from(user.and_then(|u| u.uid))),
        (
            "root_directory_path",
            a.root_directory
                .as_ref()
                .map_or(Value::Null, |r| opt(&r.path)),
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_sync::querybuild::ingest_query;

    #[test]
    fn nested_shapes_flatten_to_cartographys_properties() {
        let records = EfsRecords {
            file_systems: vec![FileSystem {
                file_system_id: "fs-1".into(),
                size_in_bytes: Some(FileSystemSize {
                    value: Some(6144),
                    timestamp: None,
                }),
                file_system_protection: Some(FileSystemProtection {
                    replication_overwrite_protection: Some("ENABLED".into()),
                }),
                ..Default::default()
            }],
            access_points: vec![AccessPoint {
                access_point_arn: "arn:ap".into(),
                file_system_id: "fs-1".into(),
                posix_user: Some(PosixUser {
                    uid: Some(1000),
                    gid: Some(100),
                }),
                ..Default::default()
            }],
            ..Default::default()
        };
        let rows = records.rows("1");
        let fs = &rows[0].1[0];
        assert!(
            fs.get("size_in_bytes_value")
                .is_some_and(|v| v.equivalent(&Value::Int(6144)))
        );
        assert!(
            fs.get("file_system_protection")
                .is_some_and(|v| v.equivalent(&Value::from("ENABLED")))
        );
        assert!(
            rows[2].1[0]
                .get("posix_uid")
                .is_some_and(|v| v.equivalent(&Value::Int(1000)))
        );
    }

    #[test]
    fn statements_are_cartographys_shape() {
        let q = ingest_query(&FILE_SYSTEM);
        assert!(
            q.contains("MERGE (i:AWSEfsFileSystem {id: item.id})"),
            "{q}"
        );
        assert!(q.contains("i:EfsFileSystem:FileStorage"), "{q}");
        assert!(q.contains("MERGE (i)-[r0:ENCRYPTED_BY]->(n0)"), "{q}");
        let q = ingest_query(&MOUNT_TARGET);
        assert!(q.contains("i.fileSystem_id = item.file_system_id"), "{q}");
        assert!(q.contains("MERGE (i)-[r0:ATTACHED_TO]->(n0)"), "{q}");
        let q = ingest_query(&ACCESS_POINT);
        assert!(q.contains("MERGE (i)-[r0:ACCESS_POINT_OF]->(n0)"), "{q}");
    }
}
