//! ECR's node types as Cartography models them.

use cartograph_sync::{
    CleanupMode, Direction, ExtraLabel, Matcher, NodeSchema, Property, RelSchema, Source,
};

use crate::schemas::ACCOUNT_RESOURCE;

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

/// `AWSECRImage` of `type` `image` (a platform image). Cartography adds its ontology label
/// by type; here each type is its own schema (a digest never changes type), loaded in the
/// order their relationships need: images, their attestations, the lists holding them.
pub const IMAGE: NodeSchema = NodeSchema {
    label: "AWSECRImage",
    id: Source::Field("digest"),
    extra_labels: &[ExtraLabel::always("ECRImage"), ExtraLabel::always("Image")],
    properties: &[
        Property::indexed("digest", "digest"),
        Property::indexed("type", "type"),
        Property::field("architecture", "architecture"),
        Property::field("os", "os"),
        Property::field("variant", "variant"),
        Property::field("attestation_type", "attestation_type"),
        Property::field("attests_digest", "attests_digest"),
        Property::field("media_type", "media_type"),
        Property::field("artifact_media_type", "artifact_media_type"),
        Property::field("child_image_digests", "child_image_digests"),
        Property::param("region", "Region"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[
        RelSchema::new(
            "CONTAINS_IMAGE",
            Direction::Outward,
            "AWSECRImage",
            &[Matcher::list("digest", "child_image_digests")],
        ),
        RelSchema::new(
            "ATTESTS",
            Direction::Outward,
            "AWSECRImage",
            &[Matcher::field("digest", "attests_digest")],
        ),
    ],
    cleanup: CleanupMode::Scoped,
};

/// `AWSECRImage` of `type` `attestation` (a build attestation inside a manifest list).
pub const ATTESTATION: NodeSchema = NodeSchema {
    extra_labels: &[
        ExtraLabel::always("ECRImage"),
        ExtraLabel::always("ImageAttestation"),
    ],
    ..IMAGE
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
