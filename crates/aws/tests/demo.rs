//! Loads the demo estate into the embedded database and checks the graph with Cypher.

use cartograph_aws::demo::{estate, load_demo, load_estate};
use cartograph_graph::{Database, GraphBackend, Params, Value};

fn count(db: &Database, query: &str) -> i64 {
    match db.run(query, &Params::new()) {
        Ok(r) => match r.rows.first().and_then(|row| row.first()) {
            Some(Value::Int(n)) => *n,
            other => panic!("{query}: unexpected result {other:?}"),
        },
        Err(e) => panic!("{query}: {e}"),
    }
}

fn labels_count(db: &Database) -> Vec<(String, i64)> {
    let labels = [
        "AWSAccount",
        "AWSOrganization",
        "AWSOrganizationRoot",
        "AWSOrganizationalUnit",
        "AWSUser",
        "AWSGroup",
        "AWSRole",
        "AWSPrincipal",
        "AWSPolicy",
        "AWSPolicyStatement",
        "AWSEC2Instance",
        "EC2Instance",
        "AWSEC2SecurityGroup",
        "AWSIpRule",
        "AWSIpRange",
        "AWSVpc",
        "AWSEC2Subnet",
        "AWSNetworkInterface",
        "AWSEBSVolume",
        "AWSS3Bucket",
        "AWSS3Acl",
        "AWSS3PolicyStatement",
        "AWSEC2NetworkAcl",
        "AWSEC2NetworkAclRule",
        "AWSVpcEndpoint",
        "AWSLaunchTemplateVersion",
    ];
    labels
        .iter()
        .map(|l| {
            (
                l.to_string(),
                count(db, &format!("MATCH (n:{l}) RETURN count(n)")),
            )
        })
        .collect()
}

#[test]
fn demo_loads_the_expected_graph() {
    let db = Database::in_memory();
    let summary = load_demo(&db, 1000).unwrap_or_else(|e| panic!("{e}"));
    assert!(summary.services.iter().all(|s| s.errors.is_empty()));

    assert_eq!(
        count(
            &db,
            "MATCH (a:AWSAccount:Tenant {inscope: true}) RETURN count(a)"
        ),
        3
    );
    assert_eq!(
        count(&db, "MATCH (a:AWSAccount {foreign: true}) RETURN count(a)"),
        1
    );
    assert_eq!(
        count(
            &db,
            "MATCH (i:AWSEC2Instance:EC2Instance:ComputeInstance) RETURN count(i)"
        ),
        68
    );
    assert_eq!(
        count(
            &db,
            "MATCH (:AWSAccount)-[:RESOURCE]->(i:AWSEC2Instance) RETURN count(i)"
        ),
        68
    );
    assert_eq!(
        count(
            &db,
            "MATCH (b:AWSS3Bucket {anonymous_access: true}) RETURN count(b)"
        ),
        2
    );
    // Public instances behind security groups open to the internet.
    let open = count(
        &db,
        "MATCH (i:AWSEC2Instance)-[:MEMBER_OF_EC2_SECURITY_GROUP]->(:AWSEC2SecurityGroup)\
         <-[:MEMBER_OF_EC2_SECURITY_GROUP]-(:AWSIpPermissionInbound)<-[:MEMBER_OF_IP_RULE]-(:AWSIpRange {id: '0.0.0.0/0'}) \
         WHERE i.publicipaddress IS NOT NULL RETURN count(DISTINCT i)",
    );
    assert!(open > 0);
    // Cross-account trust: workload roles trust the management account's root principal.
    assert_eq!(
        count(
            &db,
            "MATCH (:AWSRole {name: 'OrganizationAccountAccessRole'})-[:TRUSTS_AWS_PRINCIPAL]->\
             (:AWSRootPrincipal)<-[:RESOURCE]-(:AWSAccount {id: '210987654321'}) RETURN count(*)"
        ),
        2
    );
    assert!(
        count(
            &db,
            "MATCH (:AWSUser)-[:STS_ASSUMEROLE_ALLOW]->(r:AWSRole) RETURN count(r)"
        ) > 0
    );
    assert!(
        count(
            &db,
            "MATCH (:AWSUser)-[:MEMBER_AWS_GROUP]->(:AWSGroup) RETURN count(*)"
        ) > 0
    );
    assert!(
        count(
            &db,
            "MATCH (:AWSEC2KeyPair)-[:SSH_LOGIN_TO]->(:AWSEC2Instance) RETURN count(*)"
        ) > 0
    );
    assert!(
        count(
            &db,
            "MATCH (:AWSEBSVolume)-[:ATTACHED_TO]->(:AWSEC2Instance) RETURN count(*)"
        ) > 0
    );
    assert!(
        count(
            &db,
            "MATCH (:AWSPolicy)-[:STATEMENT]->(:AWSPolicyStatement) RETURN count(*)"
        ) > 0
    );
    assert_eq!(
        count(
            &db,
            "MATCH (:AWSOrganizationalUnit)-[:RESOURCE]->(a:AWSAccount) RETURN count(a)"
        ),
        2
    );

    // Loading again with the same tag changes nothing.
    let before = labels_count(&db);
    let rels = count(&db, "MATCH ()-[r]->() RETURN count(r)");
    load_demo(&db, 1000).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(labels_count(&db), before);
    assert_eq!(count(&db, "MATCH ()-[r]->() RETURN count(r)"), rels);
}

#[test]
fn a_resource_removed_from_the_records_is_cleaned_up() {
    let db = Database::in_memory();
    let mut estate = estate().unwrap_or_else(|e| panic!("{e}"));
    load_estate(&db, &estate, 1).unwrap_or_else(|e| panic!("{e}"));
    let before = labels_count(&db);
    let region = &mut estate.accounts[1].regions[0];
    let removed = region.reservations.remove(0).instances[0]
        .instance_id
        .clone();
    load_estate(&db, &estate, 2).unwrap_or_else(|e| panic!("{e}"));
    let gone = format!("MATCH (i:AWSEC2Instance {{id: '{removed}'}}) RETURN count(i)");
    assert_eq!(count(&db, &gone), 0);
    let after = labels_count(&db);
    for ((label, b), (_, a)) in before.iter().zip(&after) {
        let expected = if label.contains("EC2Instance") {
            b - 1
        } else {
            *b
        };
        assert_eq!(*a, expected, "{label}");
    }
    assert_eq!(
        count(&db, "MATCH (n) WHERE n.lastupdated <> 2 RETURN count(n)"),
        0
    );
}

/// One column of every row, as text.
fn texts(db: &Database, query: &str) -> Vec<String> {
    match db.run(query, &Params::new()) {
        Ok(r) => r
            .rows
            .iter()
            .map(|row| match row.first() {
                Some(Value::String(s)) => s.to_string(),
                other => panic!("{query}: unexpected value {other:?}"),
            })
            .collect(),
        Err(e) => panic!("{query}: {e}"),
    }
}

/// Each misconfiguration the built-in rules look for, next to its compliant twin.
#[test]
fn misconfigurations_come_with_compliant_twins() {
    let db = Database::in_memory();
    load_demo(&db, 1000).unwrap_or_else(|e| panic!("{e}"));
    let owners = |query: &str| texts(&db, query);

    // One default security group per VPC; only management's keep AWS's default rules.
    assert_eq!(
        count(
            &db,
            "MATCH (:AWSAccount)-[:RESOURCE]->(sg:AWSEC2SecurityGroup {name: 'default'}) RETURN count(sg)"
        ),
        6
    );
    assert_eq!(
        owners(
            "MATCH (a:AWSAccount)-[:RESOURCE]->(sg:AWSEC2SecurityGroup {name: 'default'})
             WHERE EXISTS { (sg)<-[:MEMBER_OF_EC2_SECURITY_GROUP]-(:AWSIpRule) }
             RETURN a.name ORDER BY a.name"
        ),
        ["acme-management", "acme-management"]
    );
    // SMB and RDP: open to the internet in one account, to a narrower range in the other.
    for (port, open, narrow) in [
        (445, "acme-staging", "acme-production"),
        (3389, "acme-production", "acme-staging"),
    ] {
        let by_range = |range: &str| {
            owners(&format!(
                "MATCH (a:AWSAccount)-[:RESOURCE]->(:AWSEC2SecurityGroup)<-[:MEMBER_OF_EC2_SECURITY_GROUP]-
                       (r:AWSIpPermissionInbound {{fromport: {port}}})<-[:MEMBER_OF_IP_RULE]-(ip:AWSIpRange)
                 WHERE {range} RETURN DISTINCT a.name"
            ))
        };
        let anywhere = "ip.range IN ['0.0.0.0/0', '::/0']";
        assert_eq!(by_range(anywhere), [open], "{port}");
        assert_eq!(by_range(&format!("NOT {anywhere}")), [narrow], "{port}");
    }
    // One public image among the account-owned ones.
    assert_eq!(
        owners("MATCH (a:AWSAccount)-[:RESOURCE]->(i:AWSEC2Image {ispublic: true}) RETURN a.name"),
        ["acme-staging"]
    );
    assert_eq!(
        count(
            &db,
            "MATCH (i:AWSEC2Image {ispublic: false}) RETURN count(i)"
        ),
        17
    );
    // MFA delete on one versioned bucket; the other versioned ones without.
    assert_eq!(
        owners("MATCH (b:AWSS3Bucket {mfa_delete: 'Enabled'}) RETURN b.name"),
        ["acme-production-terraform-state"]
    );
    assert_eq!(
        count(
            &db,
            "MATCH (b:AWSS3Bucket {versioning_status: 'Enabled', mfa_delete: 'Disabled'}) RETURN count(b)"
        ),
        6
    );
    // A user with two active keys; the others with two keys have one inactive.
    assert_eq!(
        owners(
            "MATCH (u:AWSUser)-[:AWS_ACCESS_KEY]->(k:AccountAccessKey {status: 'Active'})
             WITH u, count(k) AS keys WHERE keys > 1 RETURN u.arn"
        ),
        ["arn:aws:iam::345678901234:user/carol"]
    );
    // A NotAction statement, on a role that is an administrator anyway.
    assert_eq!(
        owners(
            "MATCH (r:AWSRole)-[:POLICY]->(:AWSPolicy)-[:STATEMENT]->(s:AWSPolicyStatement)
             WHERE s.notaction IS NOT NULL RETURN r.arn"
        ),
        ["arn:aws:iam::345678901234:role/okta-sso-admin"]
    );
    // A peering between staging's and production's VPCs in us-east-1.
    assert_eq!(
        owners(
            "MATCH (ra:AWSAccount)-[:RESOURCE]->(:AWSVpc)<-[:REQUESTER_VPC]-(p:AWSPeeringConnection)
                   -[:ACCEPTER_VPC]->(:AWSVpc)<-[:RESOURCE]-(aa:AWSAccount)
             RETURN ra.name + ' -> ' + aa.name"
        ),
        ["acme-staging -> acme-production"]
    );
}

/// A cross-account peering links both VPCs whichever account loads first (here the
/// requester, before the accepter's VPCs exist), and loading again with the same tag
/// writes nothing twice.
#[test]
fn peering_links_do_not_depend_on_account_order_and_are_idempotent() {
    let db = Database::in_memory();
    let mut estate = estate().unwrap_or_else(|e| panic!("{e}"));
    estate.accounts.reverse();
    let links = "MATCH (ra:AWSAccount)-[:RESOURCE]->(rv:AWSVpc)<-[:REQUESTER_VPC]-(p:AWSPeeringConnection)
                   -[:ACCEPTER_VPC]->(av:AWSVpc)<-[:RESOURCE]-(aa:AWSAccount)
             RETURN ra.id + ' ' + rv.id + ' -> ' + aa.id + ' ' + av.id + ' ' + av.primary_cidr_block";
    let expected =
        ["456789012345 vpc-8572d9577f39bd50b -> 345678901234 vpc-ecf3586908635db3f 10.10.0.0/16"];
    load_estate(&db, &estate, 7).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(texts(&db, links), expected);
    let rels = "MATCH ()-[r]->() RETURN count(r)";
    let (before_rels, before_labels) = (count(&db, rels), labels_count(&db));
    load_estate(&db, &estate, 7).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(count(&db, rels), before_rels);
    assert_eq!(labels_count(&db), before_labels);
    assert_eq!(
        count(
            &db,
            "MATCH (a)-[r]->(b) WITH a, b, type(r) AS t, count(r) AS n WHERE n > 1 RETURN count(*)"
        ),
        0
    );
    assert_eq!(
        count(&db, "MATCH (p:AWSPeeringConnection)-[r]-() RETURN count(r)"),
        5,
        "its account, both VPCs and both CIDR blocks"
    );
    // A newer run keeps the peering and both VPCs.
    load_estate(&db, &estate, 8).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(texts(&db, links), expected);
}

/// Network ACLs, VPC endpoints and launch template versions: a default ACL per VPC and
/// production's two that deny ports from anywhere, S3 and SSM endpoints in production's
/// us-east-1 VPC, three versions per launch template.
#[test]
fn acls_endpoints_and_template_versions() {
    let db = Database::in_memory();
    load_demo(&db, 1000).unwrap_or_else(|e| panic!("{e}"));
    let q = |query: &str| texts(&db, query);

    // Every subnet is in exactly one ACL, of its own VPC.
    assert_eq!(
        count(
            &db,
            "MATCH (:AWSAccount)-[:RESOURCE]->(acl:AWSEC2NetworkAcl)-[:MEMBER_OF_AWS_VPC]->(:AWSVpc) RETURN count(acl)"
        ),
        8
    );
    assert_eq!(
        count(
            &db,
            "MATCH (acl:AWSEC2NetworkAcl {is_default: true}) RETURN count(acl)"
        ),
        6
    );
    assert_eq!(
        count(
            &db,
            "MATCH (s:AWSEC2Subnet) WHERE COUNT { (s)<-[:PART_OF_SUBNET]-(:AWSEC2NetworkAcl) } <> 1 RETURN count(s)"
        ),
        0
    );
    assert_eq!(
        count(
            &db,
            "MATCH (acl:AWSEC2NetworkAcl)-[:PART_OF_SUBNET]->(s:AWSEC2Subnet)-[:MEMBER_OF_AWS_VPC]->(v:AWSVpc)
             WHERE acl.vpc_id = v.id RETURN count(s)"
        ),
        36
    );
    assert_eq!(
        q("MATCH (a:AWSAccount)-[:RESOURCE]->(acl:AWSEC2NetworkAcl {is_default: false})-[:PART_OF_SUBNET]->(s:AWSEC2Subnet)
           MATCH (r:AWSEC2NetworkAclRule:IpPermissionInbound {ruleaction: 'deny'})-[:MEMBER_OF_NACL]->(acl)
           WHERE r.fromport IS NOT NULL
           RETURN a.name + ' ' + acl.region + ' ' + s.id + ' ' + r.protocol + '/' + toString(r.fromport) + ' ' + r.cidrblock
           ORDER BY acl.region, r.rulenumber"),
        [
            "acme-production eu-west-1 subnet-f38bbff9e21606dff 6/22 0.0.0.0/0",
            "acme-production us-east-1 subnet-d98a01ee25e2277e5 6/443 0.0.0.0/0",
            "acme-production us-east-1 subnet-d98a01ee25e2277e5 17/443 0.0.0.0/0",
        ]
    );
    // Two entries per direction in the defaults; the custom ones add their denials.
    assert_eq!(
        count(
            &db,
            "MATCH (:AWSEC2NetworkAclRule:IpPermissionInbound)-[:MEMBER_OF_NACL]->(:AWSEC2NetworkAcl) RETURN count(*)"
        ),
        19
    );
    assert_eq!(
        count(
            &db,
            "MATCH (r:AWSEC2NetworkAclRule:IpPermissionEgress {egress: true})-[:MEMBER_OF_NACL]->(:AWSEC2NetworkAcl) RETURN count(r)"
        ),
        16
    );

    // A gateway endpoint for S3 on both route tables, an interface one for SSM.
    assert_eq!(
        q("MATCH (a:AWSAccount)-[:RESOURCE]->(e:AWSVpcEndpoint)-[:MEMBER_OF_AWS_VPC]->(v:AWSVpc)
           RETURN a.name + ' ' + v.id + ' ' + e.vpc_endpoint_type + ' ' + e.service_name ORDER BY e.service_name"),
        [
            "acme-production vpc-ecf3586908635db3f Gateway com.amazonaws.us-east-1.s3",
            "acme-production vpc-ecf3586908635db3f Interface com.amazonaws.us-east-1.ssm",
        ]
    );
    assert_eq!(
        count(
            &db,
            "MATCH (e:AWSVpcEndpoint {vpc_endpoint_type: 'Gateway'})-[:ROUTES_THROUGH]->(:AWSRouteTable) RETURN count(*)"
        ),
        2
    );
    assert_eq!(
        count(
            &db,
            "MATCH (:AWSEC2RouteTable)-[:ROUTE]->(r:AWSEC2Route)-[:ROUTES_TO_VPC_ENDPOINT]->(:AWSVpcEndpoint {vpc_endpoint_type: 'Gateway'})
             WHERE r.destination_prefix_list_id IS NOT NULL RETURN count(r)"
        ),
        2
    );
    assert_eq!(
        q("MATCH (e:AWSVpcEndpoint {vpc_endpoint_type: 'Interface'})-[:USES_SUBNET]->(s:AWSEC2Subnet)
           RETURN s.id ORDER BY s.id"),
        [
            "subnet-24c2a6673f2a08b1f",
            "subnet-251f9e5ec62c48685",
            "subnet-96b60e8bd8ddef8e1",
        ]
    );
    assert_eq!(
        q(
            "MATCH (e:AWSVpcEndpoint)-[:MEMBER_OF_SECURITY_GROUP]->(g:AWSEC2SecurityGroup) RETURN e.service_name + ' ' + g.name"
        ),
        ["com.amazonaws.us-east-1.ssm vpc-endpoints"]
    );

    // Three versions per template, the first the default.
    assert_eq!(
        count(
            &db,
            "MATCH (:AWSAccount)-[:RESOURCE]->(:AWSLaunchTemplate)-[:VERSION]->(v:AWSLaunchTemplateVersion) RETURN count(v)"
        ),
        18
    );
    assert_eq!(
        q("MATCH (t:AWSLaunchTemplate {name: 'production-worker', region: 'us-east-1'})-[:VERSION]->(v:AWSLaunchTemplateVersion)
           RETURN toString(v.version_number) + ' ' + toString(v.default_version) + ' ' + v.instance_type + ' ' + v.image_id
           ORDER BY v.version_number"),
        [
            "1 true t3.medium ami-bacaf0f0a5c0c7025",
            "2 false m5.large ami-bacaf0f0a5c0c7025",
            "3 false m5.large ami-f79a1084382b0f92b",
        ]
    );
}
