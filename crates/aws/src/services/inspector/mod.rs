//! Inspector v2 (`inspector`): per region, the findings that are not closed of the account
//! and of every member account it administers (`ListMembers`, then `ListFindings` filtered
//! by account, as Cartography asks for them), the vulnerable packages they name, and the
//! finding-to-package links.

#[cfg(feature = "inspector")]
pub mod fetch;
pub mod schema;

use std::collections::BTreeMap;

use cartograph_graph::Value;
use cartograph_sync::{LinkSchema, NodeSchema, Row};
use serde::{Deserialize, Serialize};

use super::{Records, Service, decode};
use crate::transform::{datetime, opt, row, strings};
use schema::{FINDING, HAS_PACKAGE, PACKAGE};

pub const SERVICE: Service = Service {
    key: "inspector",
    feature: "inspector",
    regional: true,
    after: &["ec2", "ecr"],
    schemas: &[&FINDING, &PACKAGE],
    links: &[&HAS_PACKAGE],
    decode: decode::<InspectorRecords>,
    demo: include_str!("../../../data/demo/services/inspector.json"),
    #[cfg(feature = "inspector")]
    fetch: Some(fetch::fetch),
    #[cfg(all(feature = "fetch", not(feature = "inspector")))]
    fetch: None,
};

/// One region's findings, in the API's (camelCase) shapes, timestamps in ISO-8601.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct InspectorRecords {
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Finding {
    pub finding_arn: String,
    pub aws_account_id: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub severity: Option<String>,
    pub r#type: Option<String>,
    pub status: Option<String>,
    pub first_observed_at: Option<String>,
    pub updated_at: Option<String>,
    pub fix_available: Option<String>,
    pub exploit_available: Option<String>,
    pub exploitability_details: Option<ExploitabilityDetails>,
    pub epss: Option<Score>,
    pub inspector_score_details: Option<ScoreDetails>,
    pub resources: Vec<Resource>,
    pub network_reachability_details: Option<NetworkReachability>,
    pub package_vulnerability_details: Option<PackageVulnerability>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ExploitabilityDetails {
    pub last_known_exploit_at: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Score {
    pub score: Option<f64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ScoreDetails {
    pub adjusted_cvss: Option<Score>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Resource {
    pub r#type: String,
    pub id: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct NetworkReachability {
    pub protocol: Option<String>,
    pub open_port_range: Option<PortRange>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PortRange {
    pub begin: i64,
    pub end: i64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PackageVulnerability {
    pub vulnerability_id: Option<String>,
    pub reference_urls: Vec<String>,
    pub related_vulnerabilities: Vec<String>,
    pub source: Option<String>,
    pub source_url: Option<String>,
    pub vendor_created_at: Option<String>,
    pub vendor_severity: Option<String>,
    pub vendor_updated_at: Option<String>,
    pub vulnerable_packages: Vec<Package>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Package {
    pub name: String,
    pub version: String,
    pub epoch: Option<i64>,
    pub release: Option<String>,
    pub arch: Option<String>,
    pub package_manager: Option<String>,
    pub file_path: Option<String>,
    pub fixed_in_version: Option<String>,
    pub remediation: Option<String>,
    pub source_layer_hash: Option<String>,
    pub source_lambda_layer_arn: Option<String>,
}

impl Package {
    /// Cartography's package id, after RPM naming: `name|epoch:version-release.arch`.
    pub fn id(&self) -> String {
        let epoch = self.epoch.map(|e| format!("{e}:")).unwrap_or_default();
        let release = self.release.as_deref().filter(|r| !r.is_empty());
        let arch = self.arch.as_deref().filter(|a| !a.is_empty());
        format!(
            "{}|{epoch}{}{}{}",
            self.name,
            self.version,
            release.map(|r| format!("-{r}")).unwrap_or_default(),
            arch.map(|a| format!(".{a}")).unwrap_or_default(),
        )
    }
}

impl Records for InspectorRecords {
    fn count(&self) -> u64 {
        self.findings.len() as u64
    }

    fn rows(&self, _account_id: &str) -> Vec<(&'static NodeSchema, Vec<Row>)> {
        let packages: BTreeMap<String, Row> = self
            .findings
            .iter()
            .flat_map(vulnerable_packages)
            .map(|p| (p.id(), package(p)))
            .collect();
        vec![
            (&FINDING, self.findings.iter().map(finding).collect()),
            (&PACKAGE, packages.into_values().collect()),
        ]
    }

    fn links(&self, _account_id: &str) -> Vec<(&'static LinkSchema, Vec<Row>)> {
        let rows = self
            .findings
            .iter()
            .flat_map(|f| {
                vulnerable_packages(f).iter().map(|p| {
                    row([
                        ("findingarn", Value::from(f.finding_arn.as_str())),
                        ("packageid", Value::from(p.id())),
                        ("filePath", opt(&p.file_path)),
                        ("fixedInVersion", opt(&p.fixed_in_version)),
                        ("remediation", opt(&p.remediation)),
                        ("sourceLayerHash", opt(&p.source_layer_hash)),
                        ("sourceLambdaLayerArn", opt(&p.source_lambda_layer_arn)),
                    ])
                })
            })
            .collect();
        vec![(&HAS_PACKAGE, rows)]
    }
}

fn vulnerable_packages(f: &Finding) -> &[Package] {
    f.package_vulnerability_details
        .as_ref()
        .map_or(&[], |d| d.vulnerable_packages.as_slice())
}

fn package(p: &Package) -> Row {
    row([
        ("id", Value::from(p.id())),
        ("name", Value::from(p.name.as_str())),
        ("version", Value::from(p.version.as_str())),
        ("release", opt(&p.release)),
        ("epoch", Value::from(p.epoch)),
        ("manager", opt(&p.package_manager)),
    ])
}

/// The first resource's id when it is of `kind` (Cartography reads only the first).
fn resource_id<'a>(f: &'a Finding, kind: &str) -> Option<&'a str> {
    f.resources
        .first()
        .filter(|r| r.r#type == kind)
        .map(|r| r.id.as_str())
}

fn finding(f: &Finding) -> Row {
    let net = f.network_reachability_details.as_ref();
    let ports = net.and_then(|n| n.open_port_range.as_ref());
    let pkg = f.package_vulnerability_details.clone().unwrap_or_default();
    let has_pkg = f.package_vulnerability_details.is_some();
    let in_pkg = |v: Value| if has_pkg { v } else { Value::Null };
    // An image's resource id is `<repository ARN>/<digest>`: the digest is the image node's id.
    let image = resource_id(f, "AWS_ECR_CONTAINER_IMAGE").and_then(|id| id.split('/').nth(2));
    row([
        ("id", Value::from(f.finding_arn.as_str())),
        ("arn", Value::from(f.finding_arn.as_str())),
        ("awsaccount", Value::from(f.aws_account_id.as_str())),
        ("name", opt(&f.title)),
        ("severity", opt(&f.severity)),
        ("description", opt(&f.description)),
        ("type", opt(&f.r#type)),
        ("status", opt(&f.status)),
        ("firstobservedat", datetime(&f.first_observed_at)),
        ("updatedat", datetime(&f.updated_at)),
        ("fixavailable", opt(&f.fix_available)),
        ("exploitavailable", opt(&f.exploit_available)),
        (
            "lastknownexploitat",
            datetime(
                &f.exploitability_details
                    .as_ref()
                    .and_then(|d| d.last_known_exploit_at.clone()),
            ),
        ),
        (
            "epss_score_inspector",
            Value::from(f.epss.as_ref().and_then(|e| e.score)),
        ),
        (
            "cvssscore",
            Value::from(
                f.inspector_score_details
                    .as_ref()
                    .and_then(|d| d.adjusted_cvss.as_ref())
                    .and_then(|c| c.score),
            ),
        ),
        (
            "instanceid",
            Value::from(resource_id(f, "AWS_EC2_INSTANCE")),
        ),
        ("ecrimageid", Value::from(image)),
        (
            "ecrrepositoryid",
            Value::from(resource_id(f, "AWS_ECR_REPOSITORY")),
        ),
        ("protocol", opt(&net.and_then(|n| n.protocol.clone()))),
        ("portrangebegin", Value::from(ports.map(|p| p.begin))),
        ("portrangeend", Value::from(ports.map(|p| p.end))),
        (
            "portrange",
            Value::from(ports.map(|p| format!("{}-{}", p.begin, p.end))),
        ),
        ("vulnerabilityid", opt(&pkg.vulnerability_id)),
        ("cve_id", opt(&pkg.vulnerability_id)),
        ("referenceurls", in_pkg(strings(&pkg.reference_urls))),
        (
            "relatedvulnerabilities",
            in_pkg(strings(&pkg.related_vulnerabilities)),
        ),
        ("source", opt(&pkg.source)),
        ("sourceurl", opt(&pkg.source_url)),
        ("vendorcreatedat", datetime(&pkg.vendor_created_at)),
        ("vendorseverity", opt(&pkg.vendor_severity)),
        ("vendorupdatedat", datetime(&pkg.vendor_updated_at)),
        (
            "vulnerablepackageids",
            in_pkg(strings(pkg.vulnerable_packages.iter().map(Package::id))),
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use cartograph_sync::querybuild::ingest_query;

    #[test]
    fn package_ids_follow_rpm_naming() {
        let p = |epoch, release: &str, arch: &str| Package {
            name: "openssl".into(),
            version: "3.0.8".into(),
            epoch,
            release: Some(release.into()),
            arch: Some(arch.into()),
            ..Default::default()
        };
        assert_eq!(
            p(Some(1), "1.amzn2023", "x86_64").id(),
            "openssl|1:3.0.8-1.amzn2023.x86_64"
        );
        assert_eq!(p(Some(0), "", "").id(), "openssl|0:3.0.8");
        assert_eq!(p(None, "", "").id(), "openssl|3.0.8");
    }

    #[test]
    fn findings_name_their_resources_and_packages() {
        let records: InspectorRecords = serde_json::from_value(serde_json::json!({
            "findings": [
                {"findingArn": "arn:f1", "awsAccountId": "2", "type": "PACKAGE_VULNERABILITY",
                 "resources": [{"type": "AWS_ECR_CONTAINER_IMAGE",
                    "id": "arn:aws:ecr:us-east-1:2:repository/web/sha256:abc"}],
                 "packageVulnerabilityDetails": {"vulnerabilityId": "CVE-2024-1",
                    "vulnerablePackages": [
                        {"name": "curl", "version": "8.0", "epoch": 0, "fixedInVersion": "8.1"},
                        {"name": "curl", "version": "8.0", "epoch": 0, "filePath": "/b"}]}},
                {"findingArn": "arn:f2", "awsAccountId": "2", "type": "NETWORK_REACHABILITY",
                 "resources": [{"type": "AWS_EC2_INSTANCE", "id": "i-1"}],
                 "networkReachabilityDetails": {"protocol": "TCP",
                    "openPortRange": {"begin": 22, "end": 22}}}
            ]
        }))
        .unwrap();
        let rows = records.rows("1");
        let cve = format!("{:?}", rows[0].1[0]);
        assert!(
            cve.contains("sha256:abc") && cve.contains("CVE-2024-1"),
            "{cve}"
        );
        let net = format!("{:?}", rows[0].1[1]);
        assert!(net.contains("22-22") && net.contains("i-1"), "{net}");
        assert_eq!(rows[1].1.len(), 1, "one package node per id");
        assert_eq!(records.links("1")[0].1.len(), 2);
        let q = ingest_query(&FINDING);
        assert!(
            q.contains("MERGE (i:AWSInspectorFinding {id: item.id})"),
            "{q}"
        );
        assert!(
            q.contains("i.type = 'PACKAGE_VULNERABILITY' THEN [1]"),
            "{q}"
        );
        assert!(q.contains("MERGE (i)<-[r3:MEMBER]-(n3)"), "{q}");
    }
}
