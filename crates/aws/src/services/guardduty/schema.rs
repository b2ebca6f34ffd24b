//! Cartography's GuardDuty node types: the detector, and the finding with its links to the
//! detector, the remote account of an API call and the resource it affects.

use cartograph_sync::{
    CleanupMode, Direction, ExtraLabel, Matcher, NodeSchema, Property, RelSchema, Source,
};

use crate::schemas::ACCOUNT_RESOURCE;

pub const DETECTOR: NodeSchema = NodeSchema {
    label: "AWSGuardDutyDetector",
    id: Source::Field("id"),
    extra_labels: &[ExtraLabel::always("GuardDutyDetector")],
    properties: &[
        Property::field("accountid", "accountid"),
        Property::param("region", "Region"),
        Property::field("status", "status"),
        Property::field("findingpublishingfrequency", "findingpublishingfrequency"),
        Property::field("service_role", "service_role"),
        Property::field("createdat", "createdat"),
        Property::field("updatedat", "updatedat"),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[],
    cleanup: CleanupMode::Scoped,
};

/// `(finding)-[:AFFECTS]->(target)`: the resource the finding is about.
const fn affects(target: &'static str, matchers: &'static [Matcher]) -> RelSchema {
    RelSchema::new("AFFECTS", Direction::Outward, target, matchers)
}

pub const FINDING: NodeSchema = NodeSchema {
    label: "AWSGuardDutyFinding",
    id: Source::Field("id"),
    extra_labels: &[
        ExtraLabel::always("GuardDutyFinding"),
        ExtraLabel::always("Risk"),
        ExtraLabel::always("SecurityIssue"),
    ],
    properties: &[
        Property::indexed("arn", "arn"),
        Property::field("title", "title"),
        Property::field("description", "description"),
        Property::field("type", "type"),
        Property::indexed("severity", "severity"),
        Property::field("severity_label", "severity_label"),
        Property::field("confidence", "confidence"),
        Property::field("createdat", "createdat"),
        Property::field("updatedat", "updatedat"),
        Property::field("eventfirstseen", "eventfirstseen"),
        Property::field("eventlastseen", "eventlastseen"),
        Property::field("accountid", "accountid"),
        Property::field("region", "region"),
        Property::field("detectorid", "detectorid"),
        Property::field("resource_type", "resource_type"),
        Property::field("resource_id", "resource_id"),
        Property::indexed("eks_cluster_arn", "eks_cluster_arn"),
        Property::indexed("access_key_id", "access_key_id"),
        Property::indexed("principal_user_id", "principal_user_id"),
        Property::indexed("principal_role_id", "principal_role_id"),
        Property::indexed("archived", "archived"),
        Property::field("sample", "sample"),
        Property::field("service_action_type", "service_action_type"),
        Property::field("service_count", "service_count"),
        Property::field("service_resource_role", "service_resource_role"),
        Property::field("api_call_name", "api_call_name"),
        Property::field("api_call_service_name", "api_call_service_name"),
        Property::field("api_call_caller_type", "api_call_caller_type"),
        Property::field("api_call_error_code", "api_call_error_code"),
        Property::field("api_call_remote_ip", "api_call_remote_ip"),
        Property::field("api_call_remote_country", "api_call_remote_country"),
        Property::field("api_call_remote_city", "api_call_remote_city"),
        Property::field("api_call_remote_org", "api_call_remote_org"),
        Property::field("api_call_remote_asn", "api_call_remote_asn"),
        Property::field("api_call_remote_asn_org", "api_call_remote_asn_org"),
        Property::field("api_call_remote_isp", "api_call_remote_isp"),
        Property::field("api_call_remote_lat", "api_call_remote_lat"),
        Property::field("api_call_remote_lon", "api_call_remote_lon"),
        Property::indexed("api_call_remote_account_id", "api_call_remote_account_id"),
        Property::field(
            "api_call_remote_account_affiliated",
            "api_call_remote_account_affiliated",
        ),
    ],
    sub_resource: Some(ACCOUNT_RESOURCE),
    relationships: &[
        RelSchema::new(
            "DETECTED_BY",
            Direction::Outward,
            "AWSGuardDutyDetector",
            &[Matcher::field("id", "detectorid")],
        ),
        RelSchema::new(
            "REMOTE_ACCOUNT",
            Direction::Outward,
            "AWSAccount",
            &[Matcher::field("id", "api_call_remote_account_id")],
        ),
        affects("AWSEC2Instance", &[Matcher::field("id", "resource_id")]),
        affects("AWSEKSCluster", &[Matcher::field("id", "eks_cluster_arn")]),
        affects("AWSS3Bucket", &[Matcher::field("id", "resource_id")]),
        affects(
            "AWSAccountAccessKey",
            &[Matcher::field("id", "access_key_id")],
        ),
        affects("AWSUser", &[Matcher::field("userid", "principal_user_id")]),
        affects("AWSRole", &[Matcher::field("roleid", "principal_role_id")]),
    ],
    cleanup: CleanupMode::Scoped,
};
