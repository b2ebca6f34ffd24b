//! ECR (`ecr`): repositories (`DescribeRepositories`) and their images (`DescribeImages`),
//! per region. As in Cartography, a tag is an `AWSECRRepositoryImage` (repository URI plus
//! tag) and the content is an `AWSECRImage` keyed by digest, which several tags and
//! repositories may share; container-image Lambda functions and ECS containers link to it.

#[cfg(feature = "ecr")]
pub mod fetch;
pub mod pull_through;
pub mod schema;

use std::collections::BTreeMap;

use cartograph_graph::Value;
use cartograph_sync::{NodeSchema, Row};
use serde::{Deserialize, Serialize};

use super::{Records, Service, decode};
use crate::transform::{opt, row, strings};
use schema::{ATTESTATION, IMAGE, MANIFEST_LIST, REPOSITORY, REPOSITORY_IMAGE};

pub const SERVICE: Service = Service {
    key: "ecr",
    feature: "ecr",
    regional: true,
    after: &[],
    schemas: &[
        &REPOSITORY,
        &IMAGE,
        &ATTESTATION,
        &MANIFEST_LIST,
        &REPOSITORY_IMAGE,
    ],
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
    /// For a manifest list, the manifests it references (from `BatchGetImage`).
    pub manifests: Vec<ManifestRef>,
}

/// One entry of a manifest list, as the manifest JSON spells it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ManifestRef {
    pub digest: String,
    pub media_type: Option<String>,
    pub artifact_type: Option<String>,
    pub platform: Platform,
    pub annotations: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Platform {
    pub architecture: Option<String>,
    pub os: Option<String>,
    pub variant: Option<String>,
}

impl ManifestRef {
    /// Cartography's test: an `unknown/unknown` platform or a BuildKit attestation annotation.
    fn is_attestation(&self) -> bool {
        let unknown = |v: &Option<String>| v.as_deref() == Some("unknown");
        (unknown(&self.platform.architecture) && unknown(&self.platform.os))
            || self.annotation("vnd.docker.reference.type") == Some("attestation-manifest")
    }

    fn annotation(&self, key: &str) -> Option<&str> {
        self.annotations.get(key).map(String::as_str)
    }
}

/// Manifest media types of multi-platform images (Docker manifest list, OCI index).
pub const MANIFEST_LIST_MEDIA_TYPES: [&str; 2] = [
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

impl Records for EcrRecords {
    fn count(&self) -> u64 {
        self.repositories
            .iter()
            .map(|r| 1 + r.images.len())
            .sum::<usize>() as u64
    }

    fn rows(&self, _account_id: &str) -> Vec<(&'static NodeSchema, Vec<Row>)> {
        let repos = &self.repositories;
        // One image row per digest (the first seen), whichever repositories hold it.
        let mut images: BTreeMap<&str, (&'static NodeSchema, Row)> = BTreeMap::new();
        let mut tags = Vec::new();
        for repo in repos {
            // Platform images appear untagged beside their list: described by the list, as
            // Cartography does, not as images or tags of their own.
            let referenced: Vec<&str> = repo
                .images
                .iter()
                .flat_map(|d| d.manifests.iter().map(|m| m.digest.as_str()))
                .collect();
            for detail in &repo.images {
                let Some(digest) = detail.image_digest.as_deref() else {
                    continue;
                };
                if detail.image_tags.is_empty() && referenced.contains(&digest) {
                    continue;
                }
                let list = detail
                    .image_manifest_media_type
                    .as_deref()
                    .is_some_and(|m| MANIFEST_LIST_MEDIA_TYPES.contains(&m));
                for m in &detail.manifests {
                    images
                        .entry(m.digest.as_str())
                        .or_insert_with(|| platform_image(m));
                }
                images
                    .entry(digest)
                    .or_insert_with(|| top_image(digest, list, &detail.manifests));
                tags.extend(repository_images(repo, detail, digest));
            }
        }
        let of = |schema: &NodeSchema| -> Vec<Row> {
            let rows = images.values().filter(|(s, _)| std::ptr::eq(*s, schema));
            rows.map(|(_, r)| r.clone()).collect()
        };
        vec![
            (&REPOSITORY, repos.iter().map(repository).collect()),
            (&IMAGE, of(&IMAGE)),
            (&ATTESTATION, of(&ATTESTATION)),
            (&MANIFEST_LIST, of(&MANIFEST_LIST)),
            (&REPOSITORY_IMAGE, tags),
        ]
    }
}

/// A tagged (or untagged top-level) image: a single-platform image, or a manifest list with
/// the platform images it contains (attestations are not children).
fn top_image(digest: &str, list: bool, manifests: &[ManifestRef]) -> (&'static NodeSchema, Row) {
    let children: Vec<&str> = manifests
        .iter()
        .filter(|m| !m.is_attestation())
        .map(|m| m.digest.as_str())
        .collect();
    let (schema, kind, children) = if list {
        let children = (!children.is_empty()).then(|| strings(children));
        (&MANIFEST_LIST, "manifest_list", children)
    } else {
        (&IMAGE, "image", None)
    };
    let r = row([
        ("digest", Value::from(digest)),
        ("type", Value::from(kind)),
        ("child_image_digests", children.unwrap_or(Value::Null)),
    ]);
    (schema, r)
}

/// A platform image or attestation referenced by a manifest list.
fn platform_image(m: &ManifestRef) -> (&'static NodeSchema, Row) {
    let attestation = m.is_attestation();
    let text = |v: Option<&str>| v.map_or(Value::Null, Value::from);
    let only_attestation = |v: Option<&str>| text(v.filter(|_| attestation));
    let r = row([
        ("digest", Value::from(m.digest.as_str())),
        (
            "type",
            Value::from(if attestation { "attestation" } else { "image" }),
        ),
        (
            "architecture",
            text(
                m.platform
                    .architecture
                    .as_deref()
                    .map(normalize_architecture),
            ),
        ),
        ("os", opt(&m.platform.os)),
        ("variant", opt(&m.platform.variant)),
        (
            "attestation_type",
            only_attestation(m.annotation("vnd.docker.reference.type")),
        ),
        (
            "attests_digest",
            only_attestation(m.annotation("vnd.docker.reference.digest")),
        ),
        ("media_type", opt(&m.media_type)),
        ("artifact_media_type", opt(&m.artifact_type)),
    ]);
    (if attestation { &ATTESTATION } else { &IMAGE }, r)
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
    // A list's tag points at the list and at everything it references, as in Cartography.
    let digests: Vec<&str> = std::iter::once(digest)
        .chain(d.manifests.iter().map(|m| m.digest.as_str()))
        .collect();
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
                ("digests", strings(digests.iter())),
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
        assert_eq!(ids(1, "digest"), ["sha256:a", "sha256:b"], "images");
        assert_eq!(ids(3, "digest"), ["sha256:c"], "manifest lists");
        let tags = ids(4, "id");
        assert_eq!(tags.len(), 4, "{tags:?}");
        assert!(tags.iter().any(|t| t.contains("/app:latest")), "{tags:?}");
        assert!(tags.iter().any(|t| t.ends_with("/app")), "{tags:?}");
    }

    #[test]
    fn manifest_lists_hold_platform_images_and_attestations() {
        let manifest = |digest: &str, arch: &str, annotations: &[(&str, &str)]| ManifestRef {
            digest: digest.into(),
            platform: Platform {
                architecture: Some(arch.into()),
                os: Some(
                    if arch == "unknown" {
                        "unknown"
                    } else {
                        "linux"
                    }
                    .into(),
                ),
                variant: None,
            },
            annotations: annotations
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..Default::default()
        };
        let mut list = detail("sha256:l", &["v2"], MANIFEST_LIST_MEDIA_TYPES[0]);
        list.manifests = vec![
            manifest("sha256:x", "x86_64", &[]),
            manifest(
                "sha256:t",
                "unknown",
                &[("vnd.docker.reference.digest", "sha256:x")],
            ),
        ];
        let platform = detail(
            "sha256:x",
            &[],
            "application/vnd.oci.image.manifest.v1+json",
        );
        let records = EcrRecords {
            repositories: vec![Repository {
                repository_uri: "1.dkr.ecr.us-east-1.amazonaws.com/app".into(),
                images: vec![platform, list],
                ..Default::default()
            }],
        };
        let rows = records.rows("1");
        let show = |i: usize, field: &str| -> Vec<String> {
            rows[i]
                .1
                .iter()
                .map(|r| format!("{:?}", r.get(field)))
                .collect()
        };
        assert_eq!(show(1, "architecture"), [r#"Some(String("amd64"))"#]);
        assert_eq!(show(2, "attests_digest"), [r#"Some(String("sha256:x"))"#]);
        let children = show(3, "child_image_digests");
        assert!(children[0].contains("sha256:x") && !children[0].contains("sha256:t"));
        // The untagged platform image is not a tag of its own; the list's tag holds all three.
        assert_eq!(rows[4].1.len(), 1);
        let digests = format!("{:?}", rows[4].1[0].get("digests"));
        assert!(
            ["sha256:l", "sha256:x", "sha256:t"]
                .iter()
                .all(|d| digests.contains(d))
        );
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
