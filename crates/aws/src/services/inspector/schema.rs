//! Cartography's Inspector v2 node types: findings (linked to the instance, ECR repository
//! or image they affect, and to the member account they belong to), the vulnerable packages
//! they name, and the finding-to-package link with the package's location and fix.

use cartograph_sync::{
    CleanupMode, Direction, ExtraLabel, LinkSchema, Matcher, NodeSchema, Property, RelSchema,
    Source,
};

use crate::schemas::ACCOUNT_RESOURCE;

/// A finding; as in Cartography, package vulnerabilities are also `CVE`s and network
/// reachability findings `SecurityIssue`s (code vulnerabilities get neither).
pub const FINDING: NodeSchema = NodeSchema {
    label: "AWSInspectorFinding",
    id: Source::Field("id"),
    extra_labels: &[
        ExtraLabel::always("Risk"),
        ExtraLabel::when_equals("CVE", "type", "PACKAGE_VULNERABILITY"),
        ExtraLabel::when_equals("SecurityIssue", "type", "NETWORK_REACHABILITY"),
    ],
    properties: &[
        Property::indexed("arn", "arn"),
        Property::field("awsaccount", "awsaccount"),
        Property::field("name", "name"),
        Property::field("instanceid", "instanceid"),
        Property::field("ecrimageid", "ecrimageid"),
        Property::field("ecrrepositoryid", "ecrrepositoryid"),
        Property::field("severity", "severity"),
        Property::field("firstobservedat", "firstobservedat"),
        Property::field("updatedat", "updatedat"),
        Property::field("description", "description"),
        Property::field("type", "type"),
        Property::indexed("cvssscore", "cvssscore"),
        Property::field("protocol", "protocol"),
        Property::field("portrange", "portrange"),
        Property::field("portrangebegin", "portrangebegin"),
        Property::field("portrangeend", "portrangeend"),
        Property::field("vulnerabilityid", "vulnerabilityid"),
        Property::indexed("cve_id", "cve_id"),
        Property::field("referenceurls", "referenceurls"),
        Property::field("relatedvulnerabilities", "relatedvulnerabilities"),
        Property::field("source", "source"),
        Property::field("sourceurl", "sourceurl"),
        Property::field("status", "status"),
        Property::field("vendorcreatedat", "vendorcreatedat"),
        Property::field("vendorseverity", "vendorseverity"),
        Property::field("vendorupdatedat", "vendorupdatedat"),
        Property::field("vulnerablepackageids", "vulnerablepackageids"),
        Property::field("fixavailable", "fixavailable"),
        Property::field("exploitavailable", "exploitavailable"),
        Property::field("lastknownexploitat", "lastknownexploitat"),
        Property::field("epss_score_inspector", "epss_score_inspector"),
        Property::param("region", "Region"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[
        RelSchema::new(
            "AFFECTS",
            Direction::Outward,
            "AWSEC2Instance",
            &[Matcher::field("id", "instanceid")],
        ),
        RelSchema::new(
            "AFFECTS",
            Direction::Outward,
            "AWSECRRepository",
            &[Matcher::field("id", "ecrrepositoryid")],
        ),
        RelSchema::new(
            "AFFECTS",
            Direction::Outward,
            "AWSECRImage",
            &[Matcher::field("id", "ecrimageid")],
        ),
        RelSchema::new(
            "MEMBER",
            Direction::Inward,
            "AWSAccount",
            &[Matcher::field("id", "awsaccount")],
        ),
    ],
    cleanup: CleanupMode::Scoped,
};

pub const PACKAGE: NodeSchema = NodeSchema {
    label: "AWSInspectorPackage",
    id: Source::Field("id"),
    extra_labels: &[],
    properties: &[
        Property::indexed("name", "name"),
        Property::indexed("version", "version"),
        Property::indexed("release", "release"),
        Property::field("epoch", "epoch"),
        Property::field("manager", "manager"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[],
    cleanup: CleanupMode::Scoped,
};

/// `(:AWSInspectorFinding)-[:HAS]->(:AWSInspectorPackage)`, with where the package sits and
/// what fixes it.
pub const HAS_PACKAGE: LinkSchema = LinkSchema {
    source_label: "AWSInspectorFinding",
    source_matchers: &[Matcher::field("id", "findingarn")],
    target_label: "AWSInspectorPackage",
    target_matchers: &[Matcher::field("id", "packageid")],
    direction: Direction::Outward,
    rel_type: "HAS",
    properties: &[
        Property::field("filepath", "filePath"),
        Property::field("fixedinversion", "fixedInVersion"),
        Property::field("remediation", "remediation"),
        Property::field("sourcelayerhash", "sourceLayerHash"),
        Property::field("sourcelambdalayerarn", "sourceLambdaLayerArn"),
    ],
};
