//! GuardDuty (`guardduty`): the detectors of each region (`ListDetectors`, `GetDetector`) and
//! their unarchived findings (`ListFindings`, `GetFindings`), linked to the detector, to the
//! remote account of an API call, and to the EC2 instance, S3 bucket, EKS cluster, access
//! key, user or role they affect.

#[cfg(feature = "guardduty")]
pub mod fetch;
pub mod schema;

use cartograph_graph::Value;
use cartograph_sync::{NodeSchema, Row};
use serde::{Deserialize, Serialize};

use super::{Records, Service, decode};
use crate::transform::{opt, row};
use schema::{DETECTOR, FINDING};

pub const SERVICE: Service = Service {
    key: "guardduty",
    feature: "guardduty",
    regional: true,
    after: &["ec2", "s3", "iam", "eks"],
    schemas: &[&DETECTOR, &FINDING],
    links: &[],
    decode: decode::<GuardDutyRecords>,
    demo: include_str!("../../../data/demo/services/guardduty.json"),
    #[cfg(feature = "guardduty")]
    fetch: Some(fetch::fetch),
    #[cfg(all(feature = "fetch", not(feature = "guardduty")))]
    fetch: None,
};

/// One region's detectors and findings, in the API's (camelCase) shapes.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct GuardDutyRecords {
    pub detectors: Vec<Detector>,
    pub findings: Vec<Finding>,
}

/// A `GetDetector` answer with the id it was asked for.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Detector {
    pub detector_id: String,
    pub status: Option<String>,
    pub finding_publishing_frequency: Option<String>,
    pub service_role: Option<String>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Finding {
    pub id: String,
    pub arn: Option<String>,
    pub account_id: Option<String>,
    pub region: Option<String>,
    pub r#type: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub severity: Option<f64>,
    pub confidence: Option<f64>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    pub resource: Resource,
    pub service: FindingService,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Resource {
    pub resource_type: Option<String>,
    pub instance_details: Option<InstanceDetails>,
    pub s3_bucket_details: Vec<S3BucketDetail>,
    pub eks_cluster_details: Option<EksClusterDetails>,
    pub access_key_details: Option<AccessKeyDetails>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct InstanceDetails {
    pub instance_id: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct S3BucketDetail {
    pub name: Option<String>,
    pub arn: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EksClusterDetails {
    pub name: Option<String>,
    pub arn: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AccessKeyDetails {
    pub access_key_id: Option<String>,
    pub principal_id: Option<String>,
    pub user_name: Option<String>,
    pub user_type: Option<String>,
}

/// The finding's `service` part: where, when and how often GuardDuty saw the activity.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FindingService {
    pub detector_id: Option<String>,
    pub archived: Option<bool>,
    pub count: Option<i64>,
    pub event_first_seen: Option<String>,
    pub event_last_seen: Option<String>,
    pub resource_role: Option<String>,
    pub additional_info: Option<AdditionalInfo>,
    pub action: Option<Action>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AdditionalInfo {
    /// JSON text; sample findings carry `"sample": true` in it.
    pub value: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Action {
    pub action_type: Option<String>,
    pub aws_api_call_action: Option<AwsApiCallAction>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AwsApiCallAction {
    pub api: Option<String>,
    pub service_name: Option<String>,
    pub caller_type: Option<String>,
    pub error_code: Option<String>,
    pub remote_ip_details: RemoteIpDetails,
    pub remote_account_details: RemoteAccountDetails,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RemoteIpDetails {
    pub ip_address_v4: Option<String>,
    pub ip_address_v6: Option<String>,
    pub country: Option<Country>,
    pub city: Option<City>,
    pub geo_location: Option<GeoLocation>,
    pub organization: Option<Organization>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Country {
    pub country_name: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct City {
    pub city_name: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct GeoLocation {
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Organization {
    pub asn: Option<String>,
    pub asn_org: Option<String>,
    pub isp: Option<String>,
    pub org: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RemoteAccountDetails {
    pub account_id: Option<String>,
    pub affiliated: Option<bool>,
}

impl Records for GuardDutyRecords {
    fn count(&self) -> u64 {
        (self.detectors.len() + self.findings.len()) as u64
    }

    fn rows(&self, account_id: &str) -> Vec<(&'static NodeSchema, Vec<Row>)> {
        let detectors = self
            .detectors
            .iter()
            .map(|d| detector(d, account_id))
            .collect();
        let findings = self.findings.iter().map(finding).collect();
        vec![(&DETECTOR, detectors), (&FINDING, findings)]
    }
}

fn detector(d: &Detector, account_id: &str) -> Row {
    row([
        ("id", Value::from(d.detector_id.as_str())),
        ("accountid", Value::from(account_id)),
        ("status", opt(&d.status)),
        (
            "findingpublishingfrequency",
            opt(&d.finding_publishing_frequency),
        ),
        ("service_role", opt(&d.service_role)),
        ("createdat", opt(&d.created_at)),
        ("updatedat", opt(&d.updated_at)),
    ])
}

/// GuardDuty's 1-10 severity in Cartography's low/medium/high/critical bands.
fn severity_label(severity: Option<f64>) -> Option<&'static str> {
    match severity? {
        s if s >= 9.0 => Some("critical"),
        s if s >= 7.0 => Some("high"),
        s if s >= 4.0 => Some("medium"),
        s if s >= 1.0 => Some("low"),
        _ => None,
    }
}

/// The `sample` flag inside the JSON text of `additionalInfo.value` (sample findings).
fn sample(service: &FindingService) -> Option<bool> {
    let text = service.additional_info.as_ref()?.value.as_deref()?;
    let parsed: serde_json::Value = serde_json::from_str(text).ok()?;
    parsed.get("sample")?.as_bool()
}

/// What the finding is about, read by resource type as Cartography reads it.
#[derive(Default)]
struct Affected {
    resource_id: Option<String>,
    eks_cluster_arn: Option<String>,
    access_key_id: Option<String>,
    principal_user_id: Option<String>,
    principal_role_id: Option<String>,
}

fn affected(r: &Resource) -> Affected {
    let mut a = Affected::default();
    match r.resource_type.as_deref() {
        Some("Instance") => {
            a.resource_id = r
                .instance_details
                .as_ref()
                .and_then(|d| d.instance_id.clone());
        }
        Some("S3Bucket") => {
            a.resource_id = r.s3_bucket_details.first().and_then(|b| b.name.clone());
        }
        Some("EKSCluster") => {
            a.eks_cluster_arn = r.eks_cluster_details.as_ref().and_then(|d| d.arn.clone());
        }
        Some("AccessKey") => {
            if let Some(d) = &r.access_key_details {
                a.access_key_id = d.access_key_id.clone();
                let principal = d.principal_id.as_deref().filter(|p| !p.is_empty());
                match (d.user_type.as_deref(), principal) {
                    (Some("IAMUser"), Some(p)) => a.principal_user_id = Some(p.to_string()),
                    // `AROA...:session-name`: the role's unique id is the part before `:`.
                    (Some("AssumedRole"), Some(p)) => {
                        a.principal_role_id = p.split(':').next().map(str::to_string);
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
    a
}

fn finding(f: &Finding) -> Row {
    let s = &f.service;
    let action = s.action.as_ref();
    let call = action
        .filter(|a| a.action_type.as_deref() == Some("AWS_API_CALL"))
        .and_then(|a| a.aws_api_call_action.clone())
        .unwrap_or_default();
    let ip = &call.remote_ip_details;
    let org = ip.organization.clone().unwrap_or_default();
    let geo = ip.geo_location.clone().unwrap_or_default();
    let a = affected(&f.resource);
    row([
        ("id", Value::from(f.id.as_str())),
        ("arn", opt(&f.arn)),
        ("type", opt(&f.r#type)),
        ("severity", Value::from(f.severity)),
        ("severity_label", Value::from(severity_label(f.severity))),
        ("title", opt(&f.title)),
        ("description", opt(&f.description)),
        ("confidence", Value::from(f.confidence)),
        ("createdat", opt(&f.created_at)),
        ("updatedat", opt(&f.updated_at)),
        ("eventfirstseen", opt(&s.event_first_seen)),
        ("eventlastseen", opt(&s.event_last_seen)),
        ("accountid", opt(&f.account_id)),
        ("region", opt(&f.region)),
        ("detectorid", opt(&s.detector_id)),
        ("archived", Value::from(s.archived)),
        ("sample", Value::from(sample(s))),
        (
            "service_action_type",
            opt(&action.and_then(|a| a.action_type.clone())),
        ),
        ("service_count", Value::from(s.count)),
        ("service_resource_role", opt(&s.resource_role)),
        ("api_call_name", opt(&call.api)),
        ("api_call_service_name", opt(&call.service_name)),
        ("api_call_caller_type", opt(&call.caller_type)),
        ("api_call_error_code", opt(&call.error_code)),
        (
            "api_call_remote_ip",
            opt(&ip
                .ip_address_v4
                .clone()
                .or_else(|| ip.ip_address_v6.clone())),
        ),
        (
            "api_call_remote_country",
            opt(&ip.country.as_ref().and_then(|c| c.country_name.clone())),
        ),
        (
            "api_call_remote_city",
            opt(&ip.city.as_ref().and_then(|c| c.city_name.clone())),
        ),
        ("api_call_remote_org", opt(&org.org)),
        ("api_call_remote_asn", opt(&org.asn)),
        ("api_call_remote_asn_org", opt(&org.asn_org)),
        ("api_call_remote_isp", opt(&org.isp)),
        ("api_call_remote_lat", Value::from(geo.lat)),
        ("api_call_remote_lon", Value::from(geo.lon)),
        (
            "api_call_remote_account_id",
            opt(&call.remote_account_details.account_id),
        ),
        (
            "api_call_remote_account_affiliated",
            Value::from(call.remote_account_details.affiliated),
        ),
        ("resource_type", opt(&f.resource.resource_type)),
        ("resource_id", opt(&a.resource_id)),
        ("eks_cluster_arn", opt(&a.eks_cluster_arn)),
        ("access_key_id", opt(&a.access_key_id)),
        ("principal_user_id", opt(&a.principal_user_id)),
        ("principal_role_id", opt(&a.principal_role_id)),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_sync::querybuild::ingest_query;

    fn field(r: &Row, k: &str) -> String {
        format!("{:?}", r.get(k))
    }

    #[test]
    fn affected_resources_by_type() {
        let json = serde_json::json!({
            "findings": [
                {"id": "i", "severity": 8.0, "resource": {"resourceType": "Instance",
                    "instanceDetails": {"instanceId": "i-1"}}},
                {"id": "b", "severity": 2.0, "resource": {"resourceType": "S3Bucket",
                    "s3BucketDetails": [{"name": "logs"}]}},
                {"id": "k", "severity": 9.5, "resource": {"resourceType": "AccessKey",
                    "accessKeyDetails": {"accessKeyId": "AKIA1", "principalId": "AROA9:s",
                    "userType": "AssumedRole"}},
                 "service": {"detectorId": "d1", "additionalInfo": {"value": "{\"sample\":true}"},
                    "action": {"actionType": "AWS_API_CALL", "awsApiCallAction": {
                        "api": "GetObject", "remoteAccountDetails": {"accountId": "999"}}}}}
            ]
        });
        let records: GuardDutyRecords = serde_json::from_value(json).unwrap();
        let rows = records.rows("1");
        let f = &rows[1].1;
        assert!(field(&f[0], "resource_id").contains("i-1"));
        assert!(field(&f[0], "severity_label").contains("high"));
        assert!(field(&f[1], "resource_id").contains("logs"));
        assert!(field(&f[1], "severity_label").contains("low"));
        assert!(field(&f[2], "principal_role_id").contains("\"AROA9\""));
        assert!(field(&f[2], "access_key_id").contains("AKIA1"));
        assert!(field(&f[2], "api_call_remote_account_id").contains("999"));
        assert!(field(&f[2], "detectorid").contains("d1"));
        assert!(field(&f[2], "sample").contains("true"));
        assert!(field(&f[2], "severity_label").contains("critical"));
    }

    #[test]
    fn statements_are_cartographys_shape() {
        let q = ingest_query(&FINDING);
        assert!(
            q.contains("MERGE (i:AWSGuardDutyFinding {id: item.id})"),
            "{q}"
        );
        assert!(q.contains("i:GuardDutyFinding:Risk:SecurityIssue"), "{q}");
        assert!(q.contains("MERGE (i)-[r0:DETECTED_BY]->(n0)"), "{q}");
        assert!(q.contains("MERGE (i)-[r2:AFFECTS]->(n2)"), "{q}");
        let q = ingest_query(&DETECTOR);
        assert!(q.contains("i:GuardDutyDetector"), "{q}");
    }
}
