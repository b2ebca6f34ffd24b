//! The security services against moto: `guardduty`, `config`, `securityhub` and `inspector`,
//! every kind per account and region, the relationships and properties rules read, and
//! removal after a resync. moto lacks GuardDuty `ListFindings`/`GetFindings` and a usable
//! Inspector `ListFindings`: the seed scripts' `stand-in` mode answers those from the moto
//! estate in the APIs' wire formats and forwards everything else to moto.

mod common;

use common::*;

const STAGING: &str = "333333333333";

#[test]
fn guardduty_detectors_and_findings_sync_link_and_clean_up() {
    let (_moto, home) = check_service_via_stand_in(
        "guardduty.py",
        "iam,s3,ec2:instance,guardduty",
        &[
            (
                "detectors",
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(d:AWSGuardDutyDetector:GuardDutyDetector {region: $r}) \
                 RETURN d.id",
            ),
            (
                "findings",
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(f:AWSGuardDutyFinding {region: $r}) \
                 RETURN f.id",
            ),
        ],
    );
    let g = Graph::open(&home.db());
    let count = |q: &str| g.count(q);
    assert_eq!(
        count(
            "MATCH (f:AWSGuardDutyFinding:GuardDutyFinding:Risk:SecurityIssue)-[:DETECTED_BY]->\
             (d:AWSGuardDutyDetector {findingpublishingfrequency: 'FIFTEEN_MINUTES', status: 'ENABLED'}) \
             WHERE f.detectorid = d.id AND f.archived = false RETURN count(f)"
        ),
        3
    );
    assert_eq!(
        count(
            "MATCH (f:AWSGuardDutyFinding {type: 'UnauthorizedAccess:EC2/SSHBruteForce', \
             resource_type: 'Instance'})-[:AFFECTS]->(i:AWSEC2Instance) \
             WHERE f.resource_id = i.id RETURN count(f)"
        ),
        1
    );
    assert_eq!(
        count(
            "MATCH (f:AWSGuardDutyFinding {severity_label: 'high'})-[:AFFECTS]->\
             (:AWSS3Bucket {id: 'prod-data-lake'}) RETURN count(f)"
        ),
        1
    );
    assert_eq!(
        count(
            "MATCH (k:AWSAccountAccessKey)<-[:AFFECTS]-(f:AWSGuardDutyFinding)-[:AFFECTS]->\
             (u:AWSUser {name: 'ci-bot'})-[:AWS_ACCESS_KEY]->(k) \
             WHERE f.api_call_name = 'ListBuckets' RETURN count(f)"
        ),
        1
    );
    assert_eq!(
        g.count(&format!(
            "MATCH (:AWSGuardDutyFinding)-[:REMOTE_ACCOUNT]->(:AWSAccount {{id: '{STAGING}'}}) \
             RETURN count(*)"
        )),
        1
    );
    // The archived finding was not asked for; the terminated instance's went away.
    assert_eq!(
        count(
            "MATCH (f:AWSGuardDutyFinding) WHERE f.type STARTS WITH 'Recon:' \
             OR f.type STARTS WITH 'CryptoCurrency:' RETURN count(f)"
        ),
        0
    );
}

#[test]
fn config_recorders_channels_and_rules_sync_and_clean_up() {
    let (_moto, home) = check_service(
        "config.py",
        "config",
        &[
            (
                "recorders",
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(c:AWSConfigurationRecorder {region: $r}) \
                 RETURN c.id",
            ),
            (
                "channels",
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(c:AWSConfigDeliveryChannel {region: $r}) \
                 RETURN c.id",
            ),
            (
                "rules",
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(c:AWSConfigRule {region: $r}) \
                 RETURN c.id",
            ),
        ],
    );
    let g = Graph::open(&home.db());
    assert_eq!(
        g.count(
            "MATCH (c:AWSConfigurationRecorder {recording_group_all_supported: true, \
             recording_group_include_global_resource_types: true, name: 'default'}) \
             WHERE c.role_arn ENDS WITH 'AWSServiceRoleForConfig' RETURN count(c)"
        ),
        1
    );
    assert_eq!(
        g.count(
            "MATCH (c:AWSConfigurationRecorder {recording_group_all_supported: false}) \
             WHERE 'AWS::EC2::SecurityGroup' IN c.recording_group_resource_types RETURN count(c)"
        ),
        1
    );
    assert_eq!(
        g.count(
            "MATCH (c:AWSConfigDeliveryChannel {s3_bucket_name: 'prod-config-history', \
             s3_key_prefix: 'config', \
             config_snapshot_delivery_properties_delivery_frequency: 'Six_Hours'}) RETURN count(c)"
        ),
        1
    );
    assert_eq!(
        g.count(
            "MATCH (r:AWSConfigRule {source_owner: 'AWS', \
             source_identifier: 'S3_BUCKET_PUBLIC_READ_PROHIBITED', \
             name: 's3-bucket-public-read-prohibited'}) \
             WHERE r.arn = r.id AND r.rule_id STARTS WITH 'config-rule-' \
             AND r.scope_compliance_resource_types = ['AWS::S3::Bucket'] RETURN count(r)"
        ),
        1
    );
}

#[test]
fn securityhub_hubs_sync_and_clean_up() {
    let (_moto, home) = check_service(
        "securityhub.py",
        "securityhub",
        &[(
            "hubs",
            "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(h:AWSSecurityHub:SecurityHub) \
             WHERE $r = 'global' RETURN h.id",
        )],
    );
    let g = Graph::open(&home.db());
    assert_eq!(
        g.count(
            "MATCH (h:AWSSecurityHub {auto_enable_controls: true}) \
             WHERE h.subscribed_at > 1700000000 RETURN count(h)"
        ),
        1
    );
}

#[test]
fn inspector_findings_and_packages_sync_link_and_clean_up() {
    let (_moto, home) = check_service_via_stand_in(
        "inspector.py",
        "ec2:instance,ecr,inspector",
        &[
            (
                "findings",
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(f:AWSInspectorFinding:Risk {region: $r}) \
                 RETURN f.id",
            ),
            (
                "packages",
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(p:AWSInspectorPackage) \
                 WHERE $r IS NOT NULL RETURN p.id",
            ),
        ],
    );
    let g = Graph::open(&home.db());
    let count = |q: &str| g.count(q);
    assert_eq!(
        count(
            "MATCH (f:AWSInspectorFinding:CVE {type: 'PACKAGE_VULNERABILITY', status: 'ACTIVE'}) \
             WHERE f.cve_id = f.vulnerabilityid AND f.cvssscore = 7.5 RETURN count(f)"
        ),
        2
    );
    assert_eq!(
        count(
            "MATCH (f:AWSInspectorFinding:SecurityIssue {type: 'NETWORK_REACHABILITY'})\
             -[:AFFECTS]->(i:AWSEC2Instance) WHERE f.instanceid = i.id \
             RETURN count(f)"
        ),
        2
    );
    assert_eq!(
        count(
            "MATCH (f:AWSInspectorFinding {portrange: '22-22', protocol: 'TCP', portrangebegin: 22}) \
             WHERE NOT f:CVE RETURN count(f)"
        ),
        1
    );
    assert_eq!(
        count(
            "MATCH (f:AWSInspectorFinding {vulnerabilityid: 'CVE-2024-24790'})-[:AFFECTS]->\
             (r:AWSECRRepository {name: 'shop-web'}) RETURN count(f)"
        ),
        1
    );
    assert_eq!(
        count(
            "MATCH (f:AWSInspectorFinding {vulnerabilityid: 'CVE-2023-38545'})\
             -[h:HAS {fixedinversion: 'latest', remediation: 'yum update curl'}]->\
             (p:AWSInspectorPackage {name: 'curl', version: '8.3.0', epoch: 0, manager: 'OS'}) \
             WHERE p.id IN f.vulnerablepackageids RETURN count(h)"
        ),
        1
    );
    assert_eq!(
        g.count(&format!(
            "MATCH (:AWSAccount {{id: '{STAGING}'}})-[:MEMBER]->(f:AWSInspectorFinding) \
             WHERE f.awsaccount = '{STAGING}' RETURN count(f)"
        )),
        1
    );
    // Closed and vanished findings are gone, and so are the packages only they named.
    assert_eq!(
        count(
            "MATCH (n) WHERE n:AWSInspectorFinding AND n.status = 'CLOSED' \
             OR n:AWSInspectorPackage AND n.name = 'openssl-libs' RETURN count(n)"
        ),
        0
    );
}
