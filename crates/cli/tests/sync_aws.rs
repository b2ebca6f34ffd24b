//! `cartograph sync --aws` end to end: the real binary against a moto server seeded by
//! `tests/moto/seed.py` (three accounts reached by role assumption, two regions, every
//! resource type of the first AWS wave), checked with Cypher on the resulting graph.
//!
//! Needs moto: `./scripts/test` installs it and sets CARTOGRAPH_MOTO_SERVER and
//! CARTOGRAPH_PYTHON; by default the workspace's `.venv` is used.

mod common;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use cartograph_graph::{Database, Params};
use common::*;
use serde_json::Value as Json;

/// Per account and region, each EC2 kind in the manifest against the graph.
const EC2_KINDS: [(&str, &str); 22] = [
    (
        "instances",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(n:EC2Instance {region: $r}) RETURN n.id",
    ),
    (
        "vpcs",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(n:AWSVpc {region: $r}) RETURN n.id",
    ),
    (
        "subnets",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(n:EC2Subnet {region: $r}) RETURN n.subnetid",
    ),
    (
        "security_groups",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(n:EC2SecurityGroup {region: $r}) RETURN n.id",
    ),
    (
        "key_pairs",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(n:EC2KeyPair {region: $r}) RETURN n.keyname",
    ),
    (
        "volumes",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(n:EBSVolume {region: $r}) RETURN n.id",
    ),
    (
        "snapshots",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(n:EBSSnapshot {region: $r}) RETURN n.id",
    ),
    (
        "images",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(n:EC2Image {region: $r}) RETURN n.imageid",
    ),
    (
        "internet_gateways",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(n:AWSInternetGateway {region: $r}) RETURN n.id",
    ),
    (
        "route_tables",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(n:EC2RouteTable {region: $r}) RETURN n.id",
    ),
    (
        "routes",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(n:AWSEC2Route:EC2Route {region: $r}) RETURN n.id",
    ),
    (
        "route_table_associations",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(n:AWSEC2RouteTableAssociation:EC2RouteTableAssociation {region: $r}) RETURN n.id",
    ),
    (
        "network_acls",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(n:AWSEC2NetworkAcl:EC2NetworkAcl {region: $r}) RETURN n.network_acl_id",
    ),
    (
        "network_acl_rules",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(n:AWSEC2NetworkAclRule:EC2NetworkAclRule {region: $r}) RETURN n.id",
    ),
    (
        "vpc_endpoints",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(n:AWSVpcEndpoint {region: $r}) RETURN n.id",
    ),
    (
        "public_snapshots",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(n:EBSSnapshot {region: $r}) WHERE n.ispublic = true RETURN n.id",
    ),
    (
        "peerings",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(n:AWSPeeringConnection {requester_region: $r}) RETURN n.id",
    ),
    (
        "network_interfaces",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(n:NetworkInterface {region: $r}) RETURN n.id",
    ),
    (
        "elastic_ips",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(n:ElasticIPAddress {region: $r}) RETURN n.public_ip",
    ),
    (
        "launch_templates",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(n:LaunchTemplate {region: $r}) RETURN n.id",
    ),
    (
        "launch_template_versions",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(n:AWSLaunchTemplateVersion:LaunchTemplateVersion {region: $r}) RETURN n.id",
    ),
    (
        "auto_scaling_groups",
        "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(n:AWSAutoScalingGroup {region: $r}) RETURN n.id",
    ),
];

/// The graph holds exactly what the APIs report (`manifest`), account by account.
fn assert_matches_manifest(g: &Graph, manifest: &Json) {
    assert_eq!(
        g.set(
            "MATCH (a:AWSAccount:Tenant) WHERE a.inscope = true RETURN a.id",
            &[]
        ),
        ACCOUNTS.iter().map(|a| a.to_string()).collect()
    );
    for a in ACCOUNTS {
        let m = &manifest[a];
        let p = [("a", a)];
        let iam = [
            (
                "users",
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(n:AWSUser:AWSPrincipal) RETURN n.arn",
            ),
            (
                "groups",
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(n:AWSGroup) RETURN n.arn",
            ),
            (
                "roles",
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(n:AWSRole) RETURN n.arn",
            ),
            (
                "access_keys",
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(:AWSUser)-[:AWS_ACCESS_KEY]->(n:AccountAccessKey) RETURN n.accesskeyid",
            ),
            (
                "mfa_devices",
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(:AWSUser)-[:MFA_DEVICE]->(n:AWSMfaDevice) RETURN n.id",
            ),
        ];
        for (kind, q) in iam {
            assert_eq!(g.set(q, &p), strings(&m["iam"][kind]), "{a} iam {kind}");
        }
        for r in REGIONS {
            let p = [("a", a), ("r", r)];
            for (kind, q) in EC2_KINDS {
                assert_eq!(
                    g.set(q, &p),
                    strings(&m["regions"][r][kind]),
                    "{a} {r} {kind}"
                );
            }
        }
        assert_eq!(
            g.set(
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(b:S3Bucket) RETURN b.name",
                &p
            ),
            strings(&m["s3"]),
            "{a} s3"
        );
    }
}

#[test]
fn sync_resync_and_partial_failure_against_moto() {
    let moto = Moto::start();
    let manifest = moto.seed("seed");
    let home = Home::new();

    // 1. A full sync of three accounts through role assumption, two regions.
    let out = home.sync(&moto.endpoint, 100, &CORE, &[]);
    assert_ok(&out, 0);
    let summary = home.summary_json();
    assert_eq!(summary["update_tag"], 100);
    let services = summary["services"].as_array().cloned().unwrap_or_default();
    assert!(
        services
            .iter()
            .all(|s| s["errors"].as_array().is_some_and(Vec::is_empty))
    );
    for a in ACCOUNTS {
        for service in [
            "iam",
            "s3",
            "iam-trusts",
            "cleanup:iam",
            "cleanup:s3",
            "cleanup:ec2",
        ] {
            assert!(
                services
                    .iter()
                    .any(|s| s["scope"] == a && s["service"] == service),
                "{a} {service} missing from the summary"
            );
        }
    }
    {
        let g = Graph::open(&home.db());
        assert_matches_manifest(&g, &manifest);
        assert_extras(&g, &manifest);
        assert_network(&g);
        assert_reachability(&g, &manifest, &[]);
        assert_eq!(
            g.set("MATCH (ou:AWSOrganizationalUnit) RETURN ou.name", &[]),
            strings(&manifest["organization"]["units"])
        );
    }

    // 2. Deleted resources disappear, exactly those.
    let deleted = moto.seed("mutate");
    let after = moto.seed("report");
    let out = home.sync(&moto.endpoint, 200, &CORE, &[]);
    assert_ok(&out, 0);
    {
        let g = Graph::open(&home.db());
        assert_matches_manifest(&g, &after);
        let p = [("arn", deleted["user"].as_str().unwrap_or_default())];
        assert!(
            g.set("MATCH (u:AWSUser {arn: $arn}) RETURN u.arn", &p)
                .is_empty()
        );
        let p = [("id", deleted["access_key"].as_str().unwrap_or_default())];
        assert!(
            g.set("MATCH (k:AccountAccessKey {id: $id}) RETURN k.id", &p)
                .is_empty()
        );
        let p = [("name", deleted["bucket"].as_str().unwrap_or_default())];
        assert!(
            g.set("MATCH (b:S3Bucket {name: $name}) RETURN b.id", &p)
                .is_empty()
        );
        let p = [("id", deleted["network_acl"].as_str().unwrap_or_default())];
        assert!(
            g.set(
                "MATCH (n:AWSEC2NetworkAcl {network_acl_id: $id}) RETURN n.id",
                &p
            )
            .is_empty()
        );
        assert!(
            g.set(
                "MATCH (n:AWSEC2NetworkAclRule {network_acl_id: $id}) RETURN n.id",
                &p
            )
            .is_empty()
        );
        // EC2 keeps listing a deleted endpoint for a while, in state `deleted` (moto too):
        // the graph says so, as Cartography's does.
        let p = [("id", deleted["vpc_endpoint"].as_str().unwrap_or_default())];
        assert_eq!(
            g.set("MATCH (n:AWSVpcEndpoint {id: $id}) RETURN n.state", &p),
            set(["deleted"])
        );
        assert_eq!(
            g.set("MATCH (ou:AWSOrganizationalUnit) RETURN ou.name", &[]),
            strings(&after["organization"]["units"])
        );
        assert!(!strings(&after["organization"]["units"]).contains("prod"));
        // The SSH-denying ACL is gone: the production instance in us-east-1 is reachable.
        assert_reachability(&g, &after, &[(PRODUCTION, "us-east-1")]);
        assert_eq!(
            g.count("MATCH (n) WHERE n.lastupdated = 100 RETURN count(n)"),
            0,
            "every surviving node was rewritten by the second sync"
        );
    }

    // 3. EC2 fails (a local endpoint answers 500s): its data stays, its scope is not cleaned,
    //    the other services sync and clean up as usual, and the exit code says "partial".
    let gone = moto.seed("mutate2");
    let failing = failing_endpoint();
    let out = home.sync(
        &moto.endpoint,
        300,
        &[CORE[0], CORE[1], "--aws-max-attempts", "2"],
        &[("AWS_ENDPOINT_URL_EC2", failing.as_str())],
    );
    assert_ok(&out, 3);
    let summary = home.summary_json();
    let services = summary["services"].as_array().cloned().unwrap_or_default();
    let ec2: Vec<&Json> = services.iter().filter(|s| s["service"] == "ec2").collect();
    assert_eq!(ec2.len(), ACCOUNTS.len() * REGIONS.len());
    assert!(
        ec2.iter()
            .all(|s| !s["errors"].as_array().is_some_and(Vec::is_empty))
    );
    assert!(ec2.iter().all(|s| s["retries"].as_u64() >= Some(1)));
    assert!(!services.iter().any(|s| s["service"] == "cleanup:ec2"));
    assert!(services.iter().any(|s| s["service"] == "cleanup:s3"));
    {
        let g = Graph::open(&home.db());
        // The key pair deleted before the failing run is still there, as of run 2.
        let p = [
            ("a", PRODUCTION),
            ("r", "us-east-1"),
            ("k", gone["key_pair"].as_str().unwrap_or_default()),
        ];
        let kept = g.rows(
            "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(k:EC2KeyPair {region: $r, keyname: $k}) RETURN k.lastupdated",
            &p,
        );
        assert_eq!(kept, vec![vec!["200".to_string()]]);
        assert_eq!(
            g.count("MATCH (i:EC2Instance) WHERE i.lastupdated <> 200 RETURN count(i)"),
            0
        );
        // S3 synced and cleaned: the bucket deleted before run 3 is gone.
        let p = [("name", gone["bucket"].as_str().unwrap_or_default())];
        assert!(
            g.set("MATCH (b:S3Bucket {name: $name}) RETURN b.id", &p)
                .is_empty()
        );
        assert_eq!(
            g.count("MATCH (b:S3Bucket) WHERE b.lastupdated <> 300 RETURN count(b)"),
            0
        );
    }
}

/// Relationships, properties and labels beyond the node sets.
fn assert_extras(g: &Graph, manifest: &Json) {
    // Cross-account trusts, to synced accounts and to an outside vendor.
    let trusts = g.set(
        "MATCH (r:AWSRole {name: 'cross-account'})-[:TRUSTS_AWS_PRINCIPAL]->(p:AWSPrincipal) \
         WHERE r.arn STARTS WITH 'arn:aws:iam::123456789012:' RETURN p.arn",
        &[],
    );
    assert_eq!(
        trusts,
        [
            "arn:aws:iam::222222222222:root",
            "arn:aws:iam::333333333333:root",
            "arn:aws:iam::999988887777:root"
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    );
    assert_eq!(
        g.rows(
            "MATCH (a:AWSAccount {id: '999988887777'}) RETURN a.foreign, a.inscope",
            &[]
        ),
        vec![vec!["true".to_string(), "null".to_string()]]
    );
    // Group membership, policies and statements.
    for a in ACCOUNTS {
        let p = [("a", a)];
        assert_eq!(
            g.set(
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(u:AWSUser)-[:MEMBER_AWS_GROUP]->(gr:AWSGroup) RETURN u.name + '/' + gr.name",
                &p
            ),
            ["alice/admins".to_string()].into_iter().collect()
        );
        assert!(!g
            .set(
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(:AWSGroup)-[:POLICY]->(:AWSPolicy)-[:STATEMENT]->(s:AWSPolicyStatement) RETURN s.id",
                &p
            )
            .is_empty());
        // Public instances behind the open security group, with their public IP.
        for r in REGIONS {
            let p = [("a", a), ("r", r)];
            let open = g.set(
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(i:EC2Instance {region: $r})-[:MEMBER_OF_EC2_SECURITY_GROUP|NETWORK_INTERFACE*..2]->(sg:EC2SecurityGroup)\
                 <-[:MEMBER_OF_EC2_SECURITY_GROUP]-(:IpPermissionInbound)<-[:MEMBER_OF_IP_RULE]-(:IpRange {id: '0.0.0.0/0'}) \
                 WHERE i.publicipaddress IS NOT NULL RETURN DISTINCT i.id",
                &p,
            );
            assert_eq!(
                open,
                strings(&manifest[a]["regions"][r]["open_instances"]),
                "{a} {r} open instances"
            );
        }
        // Buckets: public by policy, public ACL, and a private one with every setting.
        let p = [("b", format!("public-site-{a}"))];
        let p: Vec<(&str, &str)> = p.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(
            g.rows(
                "MATCH (b:S3Bucket {name: $b}) RETURN b.anonymous_access, b.anonymous_actions",
                &p
            ),
            vec![vec![
                "true".to_string(),
                "List([String(\"s3:GetObject\")])".to_string()
            ]]
        );
        let name = format!("private-logs-{a}");
        let target = format!("log-target-{a}");
        assert_eq!(
            g.rows(
                "MATCH (b:S3Bucket {name: $b}) RETURN b.region, b.default_encryption, b.encryption_algorithm, \
                 b.versioning_status, b.block_public_acls, b.ignore_public_acls, b.block_public_policy, \
                 b.restrict_public_buckets, b.object_ownership, b.logging_enabled, b.logging_target_bucket, \
                 b.anonymous_access",
                &[("b", name.as_str())]
            ),
            vec![
                [
                    "eu-west-1",
                    "true",
                    "AES256",
                    "Enabled",
                    "true",
                    "true",
                    "true",
                    "true",
                    "BucketOwnerEnforced",
                    "true",
                    target.as_str(),
                    "false"
                ]
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
            ]
        );
        // A statement made of negations keeps them.
        assert_eq!(
            g.rows(
                "MATCH (:S3Bucket {name: $b})-[:POLICY_STATEMENT]->(s:S3PolicyStatement) \
                 RETURN s.id, s.effect, s.action, s.notaction, s.notresource, s.notprincipal",
                &[("b", name.as_str())]
            ),
            vec![vec![
                format!("{name}/policy_statement/1/OnlyTheAccount"),
                "Deny".to_string(),
                "null".to_string(),
                "List([String(\"s3:GetObject\")])".to_string(),
                format!("arn:aws:s3:::{name}/public/*"),
                format!("{{\"AWS\":\"arn:aws:iam::{a}:root\"}}"),
            ]]
        );
        // IAM: the account summary (root MFA and keys), a role's permissions boundary, and
        // never-used dates and services as null rather than "".
        assert_eq!(
            g.rows(
                "MATCH (a:AWSAccount {id: $a}) RETURN a.account_mfa_enabled, a.account_access_keys_present, a.users",
                &p_account(a)
            ),
            vec![vec![
                "0".to_string(),
                "0".to_string(),
                manifest[a]["iam"]["users"]
                    .as_array()
                    .map_or(0, Vec::len)
                    .to_string()
            ]]
        );
        assert_eq!(
            g.set(
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(r:AWSRole {name: 'ec2-app'}) RETURN r.permissions_boundary_arn",
                &p_account(a)
            ),
            [format!("arn:aws:iam::{a}:policy/read-all")]
                .into_iter()
                .collect()
        );
        assert_eq!(
            g.count(&format!(
                "MATCH (:AWSAccount {{id: '{a}'}})-[:RESOURCE]->(n) \
                 WHERE n.passwordlastused = '' OR n.lastuseddate = '' OR n.lastusedservice = '' \
                 RETURN count(n)"
            )),
            0
        );
    }
    assert_core_properties(g);
    // Extra labels: the older Cartography labels ride along with the AWS-prefixed ones.
    assert_eq!(
        g.count("MATCH (i:AWSEC2Instance) RETURN count(i)"),
        g.count("MATCH (i:AWSEC2Instance:EC2Instance:ComputeInstance) RETURN count(i)")
    );
    // The organization of the management account.
    assert_eq!(
        g.set("MATCH (o:AWSOrganization) RETURN o.id", &[]),
        [manifest["organization"]["id"]
            .as_str()
            .unwrap_or_default()
            .to_string()]
        .into_iter()
        .collect()
    );
    let org = manifest["organization"]["id"].as_str().unwrap_or_default();
    let members = g.set(
        "MATCH (a:AWSAccount {org_id: $o}) RETURN a.id",
        &[("o", org)],
    );
    assert_eq!(members, strings(&manifest["organization"]["accounts"]));
    assert_eq!(
        g.set(
            "MATCH (:AWSOrganization {id: $o})-[:RESOURCE]->(:AWSOrganizationRoot)-[:RESOURCE]->(ou:AWSOrganizationalUnit) \
             RETURN ou.name",
            &[("o", org)]
        ),
        ["prod".to_string(), "workloads".to_string()].into_iter().collect()
    );
    assert_eq!(
        g.count(
            "MATCH (:AWSOrganizationalUnit {name: 'prod'})-[:PARENT]-(:AWSOrganizationalUnit {name: 'workloads'}) \
             RETURN count(*)"
        ),
        1
    );
}

/// Launch template versions and the properties Cartography derives from the API data
/// (timestamps as date-times and epoch seconds, metadata options, boot modes, peering
/// options), in every account's us-east-1.
fn assert_core_properties(g: &Graph) {
    for a in ACCOUNTS {
        let p = [("a", a), ("r", "us-east-1")];
        assert_eq!(
            g.set(
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(t:LaunchTemplate {region: $r})-[:VERSION]->(v:AWSLaunchTemplateVersion) \
                 RETURN toString(v.version_number) + ' ' + toString(v.default_version) + ' ' + v.instance_type + ' ' \
                 + coalesce(v.key_name, '-') + ' ' + toString(size(coalesce(v.security_group_ids, []))) + ' ' \
                 + coalesce(v.version_description, '-') + ' ' + toString(v.id = t.id + '-' + toString(v.version_number)) \
                 + ' ' + toString(toInteger(v.create_time) > 0)",
                &p
            ),
            set([
                "1 true t3.micro - 0 - true true",
                "2 false t3.small ops 1 with key true true"
            ]),
            "{a} launch template versions"
        );
        let dated = |label: &str, property: &str| {
            g.count(&format!(
                "MATCH (:AWSAccount {{id: '{a}'}})-[:RESOURCE]->(n:{label}) \
                 WHERE n.{property} IS NULL OR n.{property} <> datetime(n.{}) RETURN count(n)",
                property.trim_end_matches("_dt")
            ))
        };
        for (label, property) in [
            ("AWSUser", "createdate_dt"),
            ("AWSGroup", "createdate_dt"),
            ("AWSRole", "createdate_dt"),
            ("AccountAccessKey", "createdate_dt"),
            ("AWSMfaDevice", "enabledate_dt"),
        ] {
            assert_eq!(dated(label, property), 0, "{a} {label}.{property}");
        }
        assert_eq!(
            g.set(
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(i:EC2Instance {region: $r}) \
                 RETURN i.metadatahttpprotocolipv6 + ' ' + i.metadatainstancetags + ' ' \
                 + toString(toInteger(toFloat(i.launchtimeunix)) = datetime(i.launchtime).epochSeconds)",
                &p
            ),
            set(["disabled disabled true"]),
            "{a} instance metadata options and launch time"
        );
        assert_eq!(
            g.set(
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(i:EC2Image {region: $r}) RETURN i.bootmode + ' ' + i.rootdevicename",
                &p
            ),
            set(["uefi /dev/sda1"]),
            "{a} image"
        );
        assert_eq!(
            g.set(
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(g:AutoScalingGroup {region: $r}) \
                 RETURN toString(g.capacityrebalance) + ' ' + toString(g.newinstancesprotectedfromscalein)",
                &p
            ),
            set(["true false"]),
            "{a} auto scaling group"
        );
        assert_eq!(
            g.set(
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(p:AWSPeeringConnection {requester_region: $r}) \
                 RETURN toString(p.allow_dns_resolution_from_remote_vpc) + ' ' \
                 + toString(p.allow_egress_from_local_classic_link_to_remote_vpc) + ' ' \
                 + toString(p.allow_egress_from_local_vpc_to_remote_classic_link)",
                &p
            ),
            set(["false false false"]),
            "{a} peering options"
        );
    }
}

fn p_account(a: &str) -> [(&str, &str); 1] {
    [("a", a)]
}

/// Routes, route table associations, network ACLs, VPC endpoints and IPv6 ranges, with the
/// relationships Cartography gives them, in every account's us-east-1.
fn assert_network(g: &Graph) {
    for a in ACCOUNTS {
        let p = [("a", a), ("r", "us-east-1")];
        let one = |q: &str| -> BTreeSet<String> { g.set(q, &p) };
        assert_eq!(
            one(
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(rt:AWSEC2RouteTable {region: $r})-[:ROUTE]->(x:AWSEC2Route)\
                 -[:ROUTES_TO_GATEWAY]->(:AWSInternetGateway) RETURN x.destination_cidr_block"
            ),
            set(["0.0.0.0/0"]),
            "{a} route to the internet gateway"
        );
        assert_eq!(
            one(
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(rt:AWSEC2RouteTable {region: $r})-[:ROUTE]->(x:AWSEC2Route)\
                 -[:ROUTES_TO_VPC_ENDPOINT]->(e:AWSVpcEndpoint)-[:ROUTES_THROUGH]->(t:AWSRouteTable) \
                 WHERE t.id = rt.id RETURN e.vpc_endpoint_type"
            ),
            set(["Gateway"]),
            "{a} gateway endpoint"
        );
        assert_eq!(
            one(
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(e:AWSVpcEndpoint {region: $r})-[:USES_SUBNET]->(s:AWSEC2Subnet), \
                 (e)-[:MEMBER_OF_SECURITY_GROUP]->(:AWSEC2SecurityGroup {name: 'web-open'}), \
                 (e)-[:MEMBER_OF_AWS_VPC]->(v:AWSVpc)<-[:MEMBER_OF_AWS_VPC]-(s) RETURN e.vpc_endpoint_type"
            ),
            set(["Interface"]),
            "{a} interface endpoint"
        );
        assert_eq!(
            one(
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(rt:AWSEC2RouteTable {region: $r, main: false})\
                 -[:ASSOCIATION]->(x:AWSEC2RouteTableAssociation)-[:ASSOCIATED_SUBNET]->(s:AWSEC2Subnet) \
                 RETURN s.cidr_block"
            ),
            set(["10.0.1.0/24"]),
            "{a} subnet association"
        );
        assert_eq!(
            one(
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(rule:AWSEC2NetworkAclRule:IpPermissionInbound {region: $r})\
                 -[:MEMBER_OF_NACL]->(acl:AWSEC2NetworkAcl {is_default: false})-[:PART_OF_SUBNET]->(s:AWSEC2Subnet), \
                 (acl)-[:MEMBER_OF_AWS_VPC]->(:AWSVpc) \
                 RETURN toString(rule.rulenumber) + ' ' + rule.protocol + ' ' + rule.ruleaction + ' ' + coalesce(toString(rule.fromport), '-')"
            ),
            set(["100 6 deny 22", "200 -1 allow -"]),
            "{a} ACL inbound rules"
        );
        assert_eq!(
            one(
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(rule:AWSEC2NetworkAclRule:IpPermissionEgress {region: $r})\
                 -[:MEMBER_OF_NACL]->(:AWSEC2NetworkAcl {is_default: false}) RETURN rule.id"
            )
            .len(),
            1,
            "{a} ACL egress rules"
        );
        assert_eq!(
            one(
                "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(:EC2SecurityGroup {name: 'web-open', region: $r})\
                 <-[:MEMBER_OF_EC2_SECURITY_GROUP]-(rule:IpPermissionInbound)<-[:MEMBER_OF_IP_RULE]-(:AWSIpRange {id: '::/0'}) \
                 RETURN rule.protocol + '/' + toString(rule.fromport)"
            ),
            set(["tcp/443"]),
            "{a} IPv6 range"
        );
    }
}

fn set<const N: usize>(items: [&str; N]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// `exposed_internet_reachable` on live-synced routes and ACLs. The public instances behind
/// the open security group (one per region) are directly exposed; the open SSH rule reaches those of eu-west-1 (default ACL) but not those of us-east-1,
/// whose subnet's ACL denies SSH (except in `open_again`, where that ACL was removed); the
/// IPv6 rule has no route.
fn assert_reachability(g: &Graph, manifest: &Json, open_again: &[(&str, &str)]) {
    for a in ACCOUNTS {
        for r in REGIONS {
            let reachable = r == "eu-west-1" || open_again.contains(&(a, r));
            let expected: BTreeSet<String> = strings(&manifest[a]["regions"][r]["open_instances"])
                .into_iter()
                .map(|i| {
                    let ports = if reachable {
                        "List([String(\"tcp/22\")])"
                    } else {
                        "List([])"
                    };
                    format!("{i} {reachable} {ports}")
                })
                .collect();
            let found: BTreeSet<String> = g
                .rows(
                    "MATCH (:AWSAccount {id: $a})-[:RESOURCE]->(i:EC2Instance {region: $r}) \
                     WHERE i.exposed_internet_reachable IS NOT NULL \
                     RETURN i.id, i.exposed_internet_reachable, i.exposed_internet_reachable_ports",
                    &[("a", a), ("r", r)],
                )
                .into_iter()
                .map(|row| row.join(" "))
                .collect();
            assert_eq!(found, expected, "{a} {r} reachability");
        }
    }
}

/// An HTTP endpoint that answers every request with a 500 (which the standard retry mode
/// retries), for the failure test. The thread ends with the test process.
fn failing_endpoint() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind: {e}"));
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(0);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || answer_500(stream));
        }
    });
    format!("http://127.0.0.1:{port}")
}

fn answer_500(stream: TcpStream) {
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    loop {
        // Read one request: headers, then the body by Content-Length.
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let lower = line.to_ascii_lowercase();
            if let Some(v) = lower.strip_prefix("content-length:") {
                length = v.trim().parse().unwrap_or(0);
            }
            if line == "\r\n" {
                break;
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let payload = "<Response><Errors><Error><Code>InternalError</Code>\
                       <Message>injected by the test</Message></Error></Errors></Response>";
        let response = format!(
            "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/xml\r\nContent-Length: {}\r\n\r\n{payload}",
            payload.len()
        );
        if writer.write_all(response.as_bytes()).is_err() {
            return;
        }
    }
}

#[test]
fn bad_options_get_clear_errors() {
    let run = |args: &[&str]| {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_cartograph"));
        for (k, _) in std::env::vars() {
            if k.starts_with("CARTOGRAPH_") {
                cmd.env_remove(k);
            }
        }
        let out = cmd
            .arg("sync")
            .args(args)
            .arg("--db")
            .arg(dir.path().join("g"))
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let (code, err) = run(&["--aws", "--fail-fast", "--best-effort"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("cannot be used with"), "{err}");
    let (code, err) = run(&["--aws", "--no-such-flag"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("--no-such-flag"), "{err}");
    let (code, err) = run(&["--aws-requested-syncs", "ec2:lambda"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("unknown AWS sync `ec2:lambda`"), "{err}");
    let (code, err) = run(&["--selected-modules", "gcp"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("unknown module `gcp`"), "{err}");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let config = dir.path().join("c.toml");
    std::fs::write(&config, "aws-region = \"us-east-1\"\n").unwrap_or_else(|e| panic!("{e}"));
    let (code, err) = run(&["--config", config.to_str().unwrap_or_default()]);
    assert_eq!(code, Some(1));
    assert!(err.contains("unknown field `aws-region`"), "{err}");
    let rels = dir.path().join("rels.yaml");
    std::fs::write(&rels, "- target_label: [oops\n").unwrap_or_else(|e| panic!("{e}"));
    let (code, err) = run(&[
        "--aws",
        "--permission-relationships-file",
        rels.to_str().unwrap_or_default(),
    ]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("permission-relationships file") && err.contains("line 1"),
        "{err}"
    );
    let help = Command::new(env!("CARGO_BIN_EXE_cartograph"))
        .args(["sync", "--help"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).to_string())
        .unwrap_or_default();
    assert!(
        help.contains("3  partial failure") && help.contains("4  total failure"),
        "{help}"
    );
}

#[test]
fn a_database_in_use_is_refused() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let db = dir.path().join("g");
    let _held = Database::open(&db).unwrap_or_else(|e| panic!("{e}"));
    let out = Command::new(env!("CARGO_BIN_EXE_cartograph"))
        .args(["sync", "--aws", "--db"])
        .arg(&db)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("in use by PID"), "{err}");
}

/// Ctrl-C while EC2 hangs (its endpoint accepts and never answers): exit 130, what IAM and S3
/// wrote stays, and nothing is cleaned up, not even in IAM, which synced completely.
#[test]
fn ctrl_c_keeps_committed_data_and_cleans_nothing() {
    let moto = Moto::start();
    let home = Home::new();
    let args = ["--aws-requested-syncs", "iam,s3,ec2"];
    let out = home.sync(&moto.endpoint, 100, &args, &[]);
    assert_ok(&out, 0);
    {
        // A stale user that IAM's cleanup would delete.
        let db = Database::open(&home.db()).unwrap_or_else(|e| panic!("{e}"));
        db.execute(
            "MATCH (a:AWSAccount {id: '123456789012'}) \
             CREATE (a)-[:RESOURCE {lastupdated: 1}]->(:AWSUser {id: 'stale', arn: 'stale', lastupdated: 1})",
            &Params::new(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    }
    let hang = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
    let hang_url = format!(
        "http://127.0.0.1:{}",
        hang.local_addr().map(|a| a.port()).unwrap_or(0)
    );
    std::thread::spawn(move || {
        let held: Vec<TcpStream> = hang.incoming().flatten().collect();
        drop(held);
    });
    let mut cmd = home.command(
        &moto.endpoint,
        200,
        &args,
        &[("AWS_ENDPOINT_URL_EC2", hang_url.as_str())],
    );
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    // Give IAM and S3 time to finish while EC2 hangs.
    std::thread::sleep(Duration::from_secs(8));
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    assert!(killed.is_ok_and(|s| s.success()));
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Ok(Some(status)) = child.try_wait() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "cartograph did not stop after Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    let mut stdout = String::new();
    if let Some(mut s) = child.stdout.take() {
        let _ = s.read_to_string(&mut stdout);
    }
    assert_eq!(status.code(), Some(130), "{stdout}");
    assert!(stdout.contains("cancelled (interrupted)"), "{stdout}");
    assert!(!stdout.contains("cleanup:"), "{stdout}");
    let g = Graph::open(&home.db());
    assert_eq!(
        g.count("MATCH (u:AWSUser {id: 'stale'}) RETURN count(u)"),
        1
    );
    assert!(g.count("MATCH (p:AWSRootPrincipal) WHERE p.lastupdated = 200 RETURN count(p)") >= 1);
    assert!(g.count("MATCH (v:AWSVpc) WHERE v.lastupdated = 100 RETURN count(v)") >= 1);
}
