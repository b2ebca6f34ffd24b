//! ECR (`ecr`): repositories (`DescribeRepositories`) and their images (`DescribeImages`),
//! per region. As in Cartography, a tag is an `AWSECRRepositoryImage` (repository URI plus
//! tag) and the content is an `AWSECRImage` keyed by digest, which several tags and
//! repositories may share; container-image Lambda functions and ECS containers link to it.

#[cfg(feature = "ecr")]
pub mod fetch;

use std::collections::BTreeMap;

use cartograph_graph::Value;
use cartograph_sync::{
    CleanupMode, Direction, ExtraLabel, Matcher, NodeSchema, Property, RelSchema, Row, Source,
};
use serde::{Deserialize, Serialize};

use super::{Records, Service, decode};
use crate::schemas::ACCOUNT_RESOURCE;
use crate::transform::{opt, row, strings};

pub const SERVICE: Service = Service {
    key: "ecr",
    feature: "ecr",
    regional: true,
    after: &[],
    schemas: &[&REPOSITORY, &IMAGE, &MANIFEST_LIST, &REPOSITORY_IMAGE],
    links: &[],
    decode: decode::<EcrRecords>,
    demo: include_str!("../../../data/demo/services/ecr.json"),
    #[cfg(feature = "ecr")]
    fetch: Some(fetch::fetch),
    #[cfg(all(feature = "fetch", not(feature = "ecr")))]
    fetch: None,
};

/// The repositories of one region, each with its `DescribeImages` details.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EcrRecords {
    pub repositories: Vec<Repository>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Repository {
    pub repository_arn: String,
    pub repository_name: String,
    pub repository_uri: String,
    pub created_at: Option<String>,
    pub images: Vec<ImageDetail>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ImageDetail {
    pub image_digest: Option<String>,
    pub image_tags: Vec<String>,
    pub image_size_in_bytes: Option<i64>,
    pub image_pushed_at: Option<String>,
    pub image_manifest_media_type: Option<String>,
    pub artifact_media_type: Option<String>,
    pub last_recorded_pull_time: Option<String>,
}

/// Manifest media types of multi-platform images (Docker manifest list, OCI index).
const MANIFEST_LIST_MEDIA_TYPES: [&str; 2] = [
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.oci.image.index.v1+json",
];

/// Cartography's canonical CPU architecture of an image or workload (`amd64`, `arm64`,
/// `arm`, `386`, ...), from the spellings APIs use (`x86_64`, `ARM64`, `aarch64`, ...);
/// `unknown` otherwise.
pub fn normalize_architecture(raw: &str) -> &'static str {
    let lowered = raw.trim().to_ascii_lowercase();
    match lowered.as_str() {
        "amd64" | "x86_64" | "x86-64" => "amd64",
        "arm64" | "aarch64" | "arm64/v8" => "arm64",
        "arm" | "arm/v7" | "armv7" | "armv7l" => "arm",
        "386" | "i386" | "x86" => "386",
        "ppc64le" => "ppc64le",
        "s390x" => "s390x",
        "riscv64" => "riscv64",
        other if other.starts_with("armv7") => "arm",
        _ => "unknown",
    }
}

pub const REPOSITORY: NodeSchema = NodeSchema {
    label: "AWSECRRepository",
    id: Source::Field("arn"),
    extra_labels: &[
        ExtraLabel::always("ECRRepository"),
        ExtraLabel::always("ContainerRegistry"),
    ],
    properties: &[
        Property::indexed("arn", "arn"),
        Property::indexed("name", "name"),
        Property::indexed("uri", "uri"),
        Property::field("created_at", "created_at"),
        Property::param("region", "Region"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[],
    cleanup: CleanupMode::Scoped,
};

/// What both `AWSECRImage` schemas write.
const IMAGE_PROPERTIES: &[Property] = &[
    Property::indexed("digest", "digest"),
    Property::indexed("type", "type"),
    Property::param("region", "Region"),
];

/// `AWSECRImage` of `type` `image`. Cartography adds its ontology label by type; here each
/// type is its own schema (a digest never changes type).
pub const IMAGE: NodeSchema = NodeSchema {
    label: "AWSECRImage",
    id: Source::Field("digest"),
    extra_labels: &[ExtraLabel::always("ECRImage"), ExtraLabel::always("Image")],
    properties: IMAGE_PROPERTIES,
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[],
    cleanup: CleanupMode::Scoped,
};

/// `AWSECRImage` of `type` `manifest_list` (a multi-platform index).
pub const MANIFEST_LIST: NodeSchema = NodeSchema {
    extra_labels: &[
        ExtraLabel::always("ECRImage"),
        ExtraLabel::always("ImageManifestList"),
    ],
    ..IMAGE
};

/// `AWSECRRepositoryImage`: one per tag (or one per untagged digest), id `<repo uri>:<tag>`.
pub const REPOSITORY_IMAGE: NodeSchema = NodeSchema {
    label: "AWSECRRepositoryImage",
    id: Source::Field("id"),
    extra_labels: &[
        ExtraLabel::always("ECRRepositoryImage"),
        ExtraLabel::always("ImageTag"),
    ],
    properties: &[
        Property::field("tag", "tag"),
        Property::field("uri", "id"),
        Property::field("repo_uri", "repo_uri"),
        Property::field("image_size_bytes", "image_size_bytes"),
        Property::field("image_pushed_at", "image_pushed_at"),
        Property::field("image_manifest_media_type", "image_manifest_media_type"),
        Property::field("artifact_media_type", "artifact_media_type"),
        Property::field("last_recorded_pull_time", "last_recorded_pull_time"),
        Property::param("region", "Region"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[
        RelSchema::new(
            "REPO_IMAGE",
            Direction::Inward,
            "AWSECRRepository",
            &[Matcher::field("uri", "repo_uri")],
        ),
        RelSchema::new(
            "IMAGE",
            Direction::Outward,
            "AWSECRImage",
            &[Matcher::list("id", "digests")],
        ),
    ],
    cleanup: CleanupMode::Scoped,
};

impl Records for EcrRecords {
    fn count(&self) -> u64 {
        self.repositories
            .iter()
            .map(|r| 1 + r.images.len())
            .sum::<usize>() as u64
    }

    fn rows(&self, _account_id: &str) -> Vec<(&'static NodeSchema, Vec<Row>)> {
        let repos = &self.repositories;
        // One image row per digest, whichever repositories hold it.
        let mut images: BTreeMap<&str, bool> = BTreeMap::new();
        let mut tags = Vec::new();
        for repo in repos {
            for detail in &repo.images {
                let Some(digest) = detail.image_digest.as_deref() else {
                    continue;
                };
                let list = detail
                    .image_manifest_media_type
                    .as_deref()
                    .is_some_and(|m| MANIFEST_LIST_MEDIA_TYPES.contains(&m));
                images.insert(digest, list);
                tags.extend(repository_images(repo, detail, digest));
            }
        }
        let image = |want_list: bool| -> Vec<Row> {
            images
                .iter()
                .filter(|(_, list)| **list == want_list)
                .map(|(digest, list)| {
                    let kind = if *list { "manifest_list" } else { "image" };
                    row([
                        ("digest", Value::from(*digest)),
                        ("type", Value::from(kind)),
                    ])
                })
                .collect()
        };
        vec![
            (&REPOSITORY, repos.iter().map(repository).collect()),
            (&IMAGE, image(false)),
            (&MANIFEST_LIST, image(true)),
            (&REPOSITORY_IMAGE, tags),
        ]
    }
}

fn repository(r: &Repository) -> Row {
    row([
        ("arn", Value::from(r.repository_arn.as_str())),
        ("name", Value::from(r.repository_name.as_str())),
        ("uri", Value::from(r.repository_uri.as_str())),
        ("created_at", opt(&r.created_at)),
    ])
}

/// A row per tag, or one for the untagged digest, with Cartography's id `<repo uri>[:<tag>]`.
fn repository_images(repo: &Repository, d: &ImageDetail, digest: &str) -> Vec<Row> {
    let tags: Vec<Option<&str>> = if d.image_tags.is_empty() {
        vec![None]
    } else {
        d.image_tags.iter().map(|t| Some(t.as_str())).collect()
    };
    tags.into_iter()
        .map(|tag| {
            let uri = repo.repository_uri.as_str();
            let id = tag.map_or_else(|| uri.to_string(), |t| format!("{uri}:{t}"));
            row([
                ("id", Value::from(id)),
                ("tag", tag.map_or(Value::Null, Value::from)),
                ("repo_uri", Value::from(uri)),
                (
                    "image_size_bytes",
                    d.image_size_in_bytes.map_or(Value::Null, Value::from),
                ),
                ("image_pushed_at", opt(&d.image_pushed_at)),
                (
                    "image_manifest_media_type",
                    opt(&d.image_manifest_media_type),
                ),
                ("artifact_media_type", opt(&d.artifact_media_type)),
                ("last_recorded_pull_time", opt(&d.last_recorded_pull_time)),
                ("digests", strings([digest])),
            ])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_sync::querybuild::ingest_query;

    fn detail(digest: &str, tags: &[&str], media: &str) -> ImageDetail {
        ImageDetail {
            image_digest: Some(digest.into()),
            image_tags: tags.iter().map(|t| t.to_string()).collect(),
            image_manifest_media_type: Some(media.into()),
            ..Default::default()
        }
    }

    #[test]
    fn tags_share_one_image_per_digest() {
        let single = "application/vnd.docker.distribution.manifest.v2+json";
        let records = EcrRecords {
            repositories: vec![Repository {
                repository_arn: "arn:aws:ecr:us-east-1:1:repository/app".into(),
                repository_name: "app".into(),
                repository_uri: "1.dkr.ecr.us-east-1.amazonaws.com/app".into(),
                created_at: None,
                images: vec![
                    detail("sha256:a", &["v1", "latest"], single),
                    detail("sha256:b", &[], single),
                    detail("sha256:c", &["multi"], MANIFEST_LIST_MEDIA_TYPES[1]),
                ],
            }],
        };
        let rows = records.rows("1");
        let ids = |i: usize, field: &str| -> Vec<String> {
            let text = |v: Option<&Value>| match v {
                Some(Value::String(s)) => s.to_string(),
                _ => String::new(),
            };
            rows[i].1.iter().map(|r| text(r.get(field))).collect()
        };
        assert_eq!(rows[1].1.len(), 2, "single-platform images: a and b");
        assert_eq!(rows[2].1.len(), 1, "manifest lists: c");
        let tags = ids(3, "id");
        assert_eq!(tags.len(), 4, "{tags:?}");
        assert!(tags.iter().any(|t| t.contains("/app:latest")), "{tags:?}");
        assert!(tags.iter().any(|t| t.ends_with("/app")), "{tags:?}");
    }

    #[test]
    fn architectures_take_their_canonical_names() {
        assert_eq!(normalize_architecture("X86_64"), "amd64");
        assert_eq!(normalize_architecture("aarch64"), "arm64");
        assert_eq!(normalize_architecture("armv7hf"), "arm");
        assert_eq!(normalize_architecture("mips"), "unknown");
    }

    #[test]
    fn statements_are_cartographys_shape() {
        let q = ingest_query(&REPOSITORY_IMAGE);
        assert!(
            q.contains("MERGE (i:AWSECRRepositoryImage {id: item.id})"),
            "{q}"
        );
        assert!(q.contains("MERGE (i)<-[r0:REPO_IMAGE]-(n0)"), "{q}");
        assert!(q.contains("MERGE (i)-[r1:IMAGE]->(n1)"), "{q}");
        let q = ingest_query(&MANIFEST_LIST);
        assert!(q.contains("MERGE (i:AWSECRImage {id: item.digest})"), "{q}");
        assert!(q.contains("i:ECRImage:ImageManifestList"), "{q}");
    }
}
