//! Small hand-built graphs with a positive and a negative case for each job, in
//! Cartography's schema (labels, properties and relationships as the sync writes them).

mod support;

use std::io::Write;

use cartograph_analysis::{JobStatus, Options, RelationshipsError, run_aws_analysis};
use cartograph_graph::Database;
use support::{analyse, count, edges, exec, list, rows, synced, texts};

const A: &str = "111111111111";
const B: &str = "222222222222";

fn opts(services: &[&str], accounts: &[&str]) -> Options {
    Options {
        synced: synced(services, accounts),
        permission_relationships_file: None,
    }
}

// ---------- internet exposure and reachability ----------

/// Account A: one VPC with an internet gateway, a public subnet (default route to the
/// gateway, ACL open), a subnet whose ACL denies SSH, a private subnet (no gateway route),
/// and instances in each; plus an instance behind a closed group, one without a public IP,
/// one whose public IP is on a network interface, and an auto scaling group.
fn network_fixture(db: &Database) {
    exec(
        db,
        "CREATE (a:AWSAccount {id: '111111111111', inscope: true})
         CREATE (vpc:AWSVpc {id: 'vpc-1'})
         CREATE (igw:AWSInternetGateway {id: 'igw-1'})-[:ATTACHED_TO]->(vpc)
         CREATE (pub:AWSEC2Subnet {id: 'subnet-pub', subnetid: 'subnet-pub', vpc_id: 'vpc-1'})-[:MEMBER_OF_AWS_VPC]->(vpc)
         CREATE (acl:AWSEC2Subnet {id: 'subnet-acl', subnetid: 'subnet-acl', vpc_id: 'vpc-1'})-[:MEMBER_OF_AWS_VPC]->(vpc)
         CREATE (prv:AWSEC2Subnet {id: 'subnet-prv', subnetid: 'subnet-prv', vpc_id: 'vpc-1'})-[:MEMBER_OF_AWS_VPC]->(vpc)
         CREATE (main:AWSEC2RouteTable {id: 'rtb-main', main: true})-[:MEMBER_OF_AWS_VPC]->(vpc)
         CREATE (main)-[:ROUTE]->(:AWSEC2Route {id: 'rtb-main|0.0.0.0/0', destination_cidr_block: '0.0.0.0/0', gateway_id: 'igw-1'})-[:ROUTES_TO_GATEWAY]->(igw)
         CREATE (main)-[:ROUTE]->(:AWSEC2Route {id: 'rtb-main|10.0.0.0/16', destination_cidr_block: '10.0.0.0/16', gateway_id: 'local'})
         CREATE (private:AWSEC2RouteTable {id: 'rtb-private', main: false})-[:MEMBER_OF_AWS_VPC]->(vpc)
         CREATE (private)-[:ROUTE]->(:AWSEC2Route {id: 'rtb-private|10.0.0.0/16', destination_cidr_block: '10.0.0.0/16', gateway_id: 'local'})
         CREATE (private)-[:ASSOCIATION]->(:AWSEC2RouteTableAssociation {id: 'rtbassoc-1', subnet_id: 'subnet-prv'})-[:ASSOCIATED_SUBNET]->(prv)
         CREATE (nacl:AWSEC2NetworkAcl {id: 'acl-1'})-[:PART_OF_SUBNET]->(acl)
         CREATE (:AWSEC2NetworkAclRule {id: 'acl-1/inbound/100', egress: false, rulenumber: 100, protocol: '6', fromport: 22, toport: 22, cidrblock: '0.0.0.0/0', ruleaction: 'deny'})-[:MEMBER_OF_NACL]->(nacl)
         CREATE (:AWSEC2NetworkAclRule {id: 'acl-1/inbound/200', egress: false, rulenumber: 200, protocol: '-1', cidrblock: '0.0.0.0/0', ruleaction: 'allow'})-[:MEMBER_OF_NACL]->(nacl)
         CREATE (:AWSEC2NetworkAclRule {id: 'acl-1/inbound/32767', egress: false, rulenumber: 32767, protocol: '-1', cidrblock: '0.0.0.0/0', ruleaction: 'deny'})-[:MEMBER_OF_NACL]->(nacl)
         CREATE (open:AWSEC2SecurityGroup {id: 'sg-open'})
         CREATE (:AWSIpRange {id: '0.0.0.0/0'})-[:MEMBER_OF_IP_RULE]->(:AWSIpPermissionInbound:AWSIpRule {id: 'sg-open/inbound/2222tcp', protocol: 'tcp', fromport: 22, toport: 22})-[:MEMBER_OF_EC2_SECURITY_GROUP]->(open)
         CREATE (closed:AWSEC2SecurityGroup {id: 'sg-closed'})
         CREATE (:AWSIpRange {id: '10.0.0.0/8'})-[:MEMBER_OF_IP_RULE]->(:AWSIpPermissionInbound:AWSIpRule {id: 'sg-closed/inbound/2222tcp', protocol: 'tcp', fromport: 22, toport: 22})-[:MEMBER_OF_EC2_SECURITY_GROUP]->(closed)
         CREATE (:AWSIpRange {id: '0.0.0.0/0'})-[:MEMBER_OF_IP_RULE]->(:AWSIpRule {id: 'sg-closed/egress/NoneNone-1', protocol: '-1'})-[:MEMBER_OF_EC2_SECURITY_GROUP]->(closed)
         CREATE (asg:AWSAutoScalingGroup {id: 'asg-web'})
         WITH a, pub, acl, prv, open, closed, asg
         CREATE (a)-[:RESOURCE]->(asg)
         CREATE (a)-[:RESOURCE]->(web:AWSEC2Instance:EC2Instance {id: 'i-web', publicipaddress: '203.0.113.1'})-[:MEMBER_OF_EC2_SECURITY_GROUP]->(open)
         CREATE (web)-[:PART_OF_SUBNET]->(pub)
         CREATE (web)-[:MEMBER_AUTO_SCALE_GROUP]->(asg)
         CREATE (a)-[:RESOURCE]->(sshacl:AWSEC2Instance {id: 'i-acl', publicipaddress: '203.0.113.2'})-[:MEMBER_OF_EC2_SECURITY_GROUP]->(open)
         CREATE (sshacl)-[:PART_OF_SUBNET]->(acl)
         CREATE (a)-[:RESOURCE]->(noroute:AWSEC2Instance {id: 'i-private-subnet', publicipaddress: '203.0.113.3'})-[:MEMBER_OF_EC2_SECURITY_GROUP]->(open)
         CREATE (noroute)-[:PART_OF_SUBNET]->(prv)
         CREATE (a)-[:RESOURCE]->(shut:AWSEC2Instance {id: 'i-closed', publicipaddress: '203.0.113.4'})-[:MEMBER_OF_EC2_SECURITY_GROUP]->(closed)
         CREATE (shut)-[:PART_OF_SUBNET]->(pub)
         CREATE (a)-[:RESOURCE]->(inner:AWSEC2Instance {id: 'i-no-public-ip'})-[:MEMBER_OF_EC2_SECURITY_GROUP]->(open)
         CREATE (inner)-[:PART_OF_SUBNET]->(pub)
         CREATE (a)-[:RESOURCE]->(viaeni:AWSEC2Instance {id: 'i-eni'})-[:NETWORK_INTERFACE]->(eni:AWSNetworkInterface {id: 'eni-1', public_ip: '203.0.113.5'})-[:MEMBER_OF_EC2_SECURITY_GROUP]->(open)
         CREATE (eni)-[:PART_OF_SUBNET]->(pub)",
    );
}

#[test]
fn exposure_direct_and_reachable() {
    let db = Database::in_memory();
    network_fixture(&db);
    let summary = analyse(&db, 10, &opts(&["ec2"], &[A]));
    let exposed = texts(
        &db,
        "MATCH (i:AWSEC2Instance {exposed_internet: true}) WHERE i.exposed_internet_type = ['direct'] RETURN i.id ORDER BY i.id",
    );
    assert_eq!(exposed, vec!["i-acl", "i-eni", "i-private-subnet", "i-web"]);
    assert_eq!(
        count(
            &db,
            "MATCH (i:AWSEC2Instance) WHERE i.id IN ['i-closed', 'i-no-public-ip'] AND i.exposed_internet IS NOT NULL RETURN count(i)"
        ),
        0
    );
    let reach = rows(
        &db,
        "MATCH (i:AWSEC2Instance) WHERE i.exposed_internet_reachable IS NOT NULL
         RETURN i.id, i.exposed_internet_reachable, i.exposed_internet_reachable_ports ORDER BY i.id",
    );
    let got: Vec<(String, String, Vec<String>)> = reach
        .iter()
        .map(|r| {
            (
                r[0].as_str().unwrap_or_default().to_string(),
                r[1].to_string(),
                list(r.get(2)),
            )
        })
        .collect();
    let tcp22 = vec!["tcp/22".to_string()];
    assert_eq!(
        got,
        vec![
            ("i-acl".into(), "false".into(), vec![]),
            ("i-eni".into(), "true".into(), tcp22.clone()),
            ("i-private-subnet".into(), "false".into(), vec![]),
            ("i-web".into(), "true".into(), tcp22),
        ]
    );
    assert!(
        summary
            .job("aws_ec2_internet_reachability")
            .is_some_and(|j| j.message.starts_with("2 of 4")),
        "{summary}"
    );
    // The auto scaling group inherits its instance's exposure.
    assert_eq!(
        texts(
            &db,
            "MATCH (g:AWSAutoScalingGroup {exposed_internet: true}) RETURN g.exposed_internet_type"
        ),
        vec!["['direct']"]
    );

    // Closing the group removes the exposure on the next run.
    exec(
        &db,
        "MATCH (:AWSEC2Instance {id: 'i-web'})-[m:MEMBER_OF_EC2_SECURITY_GROUP]->() DELETE m",
    );
    analyse(&db, 11, &opts(&["ec2"], &[A]));
    assert_eq!(
        count(
            &db,
            "MATCH (i:AWSEC2Instance {id: 'i-web'}) WHERE i.exposed_internet IS NULL AND i.exposed_internet_reachable IS NULL RETURN count(i)"
        ),
        1
    );
    assert_eq!(
        count(
            &db,
            "MATCH (g:AWSAutoScalingGroup) WHERE g.exposed_internet IS NOT NULL RETURN count(g)"
        ),
        0
    );
}

#[test]
fn without_route_data_an_attached_gateway_stands_in() {
    let db = Database::in_memory();
    network_fixture(&db);
    exec(&db, "MATCH (r:AWSEC2Route) DETACH DELETE r");
    analyse(&db, 10, &opts(&["ec2"], &[A]));
    assert_eq!(
        texts(
            &db,
            "MATCH (i:AWSEC2Instance {exposed_internet_reachable: true}) RETURN i.id ORDER BY i.id"
        ),
        vec!["i-eni", "i-private-subnet", "i-web"]
    );
    exec(&db, "MATCH (g:AWSInternetGateway) DETACH DELETE g");
    analyse(&db, 11, &opts(&["ec2"], &[A]));
    assert_eq!(
        count(
            &db,
            "MATCH (i:AWSEC2Instance {exposed_internet_reachable: true}) RETURN count(i)"
        ),
        0
    );
}

// ---------- permission relationships ----------

/// Statement properties as the IAM sync writes them (lists; conditions as JSON text).
fn iam_fixture(db: &Database) {
    exec(
        db,
        r#"CREATE (a:AWSAccount {id: '111111111111', inscope: true})
         CREATE (b:AWSAccount {id: '222222222222', inscope: true})
         CREATE (f:AWSAccount {id: '999999999999', foreign: true})
         CREATE (a)-[:RESOURCE]->(:AWSS3Bucket {id: 'data', name: 'data', arn: 'arn:aws:s3:::data'})
         CREATE (a)-[:RESOURCE]->(shared:AWSS3Bucket {id: 'shared', name: 'shared', arn: 'arn:aws:s3:::shared'})
         CREATE (shared)-[:POLICY_STATEMENT]->(:AWSS3PolicyStatement {id: 'shared/policy_statement/1/Partner', effect: 'Allow',
             action: 's3:GetObject', resource: 'arn:aws:s3:::shared/*', principal: '{"AWS":"arn:aws:iam::999999999999:role/partner"}'})
         CREATE (shared)-[:POLICY_STATEMENT]->(:AWSS3PolicyStatement {id: 'shared/policy_statement/2/Sister', effect: 'Allow',
             action: ['s3:GetObject'], resource: ['arn:aws:s3:::shared/*'], principal: '{"AWS":"222222222222"}'})
         CREATE (shared)-[:POLICY_STATEMENT]->(:AWSS3PolicyStatement {id: 'shared/policy_statement/3/Direct', effect: 'Allow',
             action: ['s3:PutObject'], resource: ['arn:aws:s3:::shared/*'], principal: '{"AWS":"arn:aws:iam::111111111111:user/nopolicy"}'})
         CREATE (f)-[:RESOURCE]->(:AWSRole:AWSPrincipal {id: 'arn:aws:iam::999999999999:role/partner', arn: 'arn:aws:iam::999999999999:role/partner'})
         CREATE (a)-[:RESOURCE]->(denied:AWSUser:AWSPrincipal {id: 'u-denied', arn: 'arn:aws:iam::111111111111:user/denied'})
         CREATE (denied)-[:POLICY]->(p1:AWSPolicy:AWSInlinePolicy {id: 'denied/inline_policy/all'})
         CREATE (p1)-[:STATEMENT]->(:AWSPolicyStatement {id: 'denied/inline_policy/all/statement/1', effect: 'Allow', action: ['s3:*'], resource: ['*']})
         CREATE (p1)-[:STATEMENT]->(:AWSPolicyStatement {id: 'denied/inline_policy/all/statement/NoRead', sid: 'NoRead', effect: 'Deny', action: ['s3:GetObject'], resource: ['arn:aws:s3:::data/*']})
         CREATE (a)-[:RESOURCE]->(notaction:AWSUser:AWSPrincipal {id: 'u-notaction', arn: 'arn:aws:iam::111111111111:user/notaction'})
         CREATE (notaction)-[:POLICY]->(p2:AWSPolicy {id: 'notaction/inline_policy/p'})
         CREATE (p2)-[:STATEMENT]->(:AWSPolicyStatement {id: 'notaction/inline_policy/p/statement/1', effect: 'Allow', notaction: ['s3:PutObject', 'iam:*'], resource: ['*']})
         CREATE (a)-[:RESOURCE]->(cond:AWSRole:AWSPrincipal {id: 'r-cond', arn: 'arn:aws:iam::111111111111:role/conditional'})
         CREATE (cond)-[:POLICY]->(p3:AWSPolicy {id: 'conditional/inline_policy/p'})
         CREATE (p3)-[:STATEMENT]->(:AWSPolicyStatement {id: 'conditional/inline_policy/p/statement/1', effect: 'Allow', action: ['s3:GetObject'], resource: ['arn:aws:s3:::data', 'arn:aws:s3:::data/*'],
             condition: '[{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}]'})
         CREATE (a)-[:RESOURCE]->(member:AWSUser:AWSPrincipal {id: 'u-member', arn: 'arn:aws:iam::111111111111:user/member'})
         CREATE (a)-[:RESOURCE]->(group:AWSGroup:AWSPrincipal {id: 'g-readers', arn: 'arn:aws:iam::111111111111:group/readers'})
         CREATE (member)-[:MEMBER_AWS_GROUP]->(group)
         CREATE (group)-[:POLICY]->(p4:AWSPolicy:AWSManagedPolicy {id: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'})
         CREATE (p4)-[:STATEMENT]->(:AWSPolicyStatement {id: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess/statement/1', effect: 'Allow', action: ['s3:Get*', 's3:List*'], resource: ['*']})
         CREATE (a)-[:RESOURCE]->(:AWSUser:AWSPrincipal {id: 'u-nopolicy', arn: 'arn:aws:iam::111111111111:user/nopolicy'})
         CREATE (a)-[:RESOURCE]->(passer:AWSUser:AWSPrincipal {id: 'u-passer', arn: 'arn:aws:iam::111111111111:user/passer'})
         CREATE (passer)-[:POLICY]->(p5:AWSPolicy {id: 'passer/inline_policy/p'})
         CREATE (p5)-[:STATEMENT]->(:AWSPolicyStatement {id: 'passer/inline_policy/p/statement/1', effect: 'Allow', action: ['iam:PassRole', 'ssm:StartSession'], resource: ['arn:aws:iam::111111111111:role/*', 'arn:aws:ec2:*']})
         CREATE (a)-[:RESOURCE]->(:AWSEC2Instance {id: 'i-managed', arn: 'arn:aws:ec2:eu-west-1:111111111111:instance/i-managed'})-[:HAS_INFORMATION]->(:AWSSSMInstanceInformation {id: 'i-managed'})
         CREATE (a)-[:RESOURCE]->(:AWSEC2Instance {id: 'i-unmanaged', arn: 'arn:aws:ec2:eu-west-1:111111111111:instance/i-unmanaged'})
         CREATE (b)-[:RESOURCE]->(reader:AWSRole:AWSPrincipal {id: 'r-b-reader', arn: 'arn:aws:iam::222222222222:role/reader'})
         CREATE (reader)-[:POLICY]->(p4)
         CREATE (b)-[:RESOURCE]->(:AWSRole:AWSPrincipal {id: 'r-b-idle', arn: 'arn:aws:iam::222222222222:role/idle'})"#,
    );
}

#[test]
fn permission_relationships_positive_and_negative() {
    let db = Database::in_memory();
    iam_fixture(&db);
    analyse(&db, 10, &opts(&["iam", "s3", "ec2"], &[A, B]));
    assert_eq!(
        edges(&db, "CAN_READ"),
        vec![
            // The group's policy, from the group and from its member.
            "arn:aws:iam::111111111111:group/readers -> arn:aws:s3:::data",
            "arn:aws:iam::111111111111:group/readers -> arn:aws:s3:::shared",
            "arn:aws:iam::111111111111:role/conditional -> arn:aws:s3:::data",
            "arn:aws:iam::111111111111:user/denied -> arn:aws:s3:::shared",
            "arn:aws:iam::111111111111:user/member -> arn:aws:s3:::data",
            "arn:aws:iam::111111111111:user/member -> arn:aws:s3:::shared",
            "arn:aws:iam::111111111111:user/notaction -> arn:aws:s3:::data",
            "arn:aws:iam::111111111111:user/notaction -> arn:aws:s3:::shared",
            // Another synced account: the bucket policy names it and its role's own policy
            // allows; its idle role has no such policy.
            "arn:aws:iam::222222222222:role/reader -> arn:aws:s3:::shared",
            // A foreign role named by the bucket policy.
            "arn:aws:iam::999999999999:role/partner -> arn:aws:s3:::shared",
        ]
    );
    assert_eq!(
        edges(&db, "CAN_WRITE"),
        vec![
            "arn:aws:iam::111111111111:user/denied -> arn:aws:s3:::data",
            "arn:aws:iam::111111111111:user/denied -> arn:aws:s3:::shared",
            // The bucket policy names this user; it has no policy of its own.
            "arn:aws:iam::111111111111:user/nopolicy -> arn:aws:s3:::shared",
        ]
    );
    let detail = |principal: &str, bucket: &str| {
        rows(
            &db,
            &format!(
                "MATCH (:AWSPrincipal {{arn: '{principal}'}})-[e:CAN_READ]->(:AWSS3Bucket {{name: '{bucket}'}})
                 RETURN e.has_condition, e.condition_keys, e.granted_by, e.identity_evaluated, e.granted_by_statements, e.conditions"
            ),
        )
    };
    let cond = detail("arn:aws:iam::111111111111:role/conditional", "data");
    assert_eq!(cond[0][0].to_string(), "true");
    assert_eq!(list(cond[0].get(1)), vec!["aws:SourceIp"]);
    assert_eq!(list(cond[0].get(2)), vec!["conditional/inline_policy/p"]);
    assert_eq!(list(cond[0].get(4)), vec!["conditional/inline_policy/p#1"]);
    assert!(
        cond[0][5]
            .as_str()
            .is_some_and(|c| c.contains("10.0.0.0/8"))
    );
    let partner = detail("arn:aws:iam::999999999999:role/partner", "shared");
    assert_eq!(partner[0][0].to_string(), "false");
    assert_eq!(partner[0][3].to_string(), "false");
    assert_eq!(
        list(partner[0].get(2)),
        vec!["arn:aws:s3:::shared#bucket-policy"]
    );
    let sister = detail("arn:aws:iam::222222222222:role/reader", "shared");
    assert_eq!(
        list(sister[0].get(2)),
        vec![
            "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
            "arn:aws:s3:::shared#bucket-policy"
        ]
    );
    assert_eq!(sister[0][3].to_string(), "true");

    assert_eq!(
        edges(&db, "CAN_PASS_ROLE"),
        // NotAction excludes iam:*; roles of other accounts need a resource policy.
        vec!["arn:aws:iam::111111111111:user/passer -> arn:aws:iam::111111111111:role/conditional"]
    );
    // Only the instance the SSM agent registered takes a session.
    assert_eq!(
        edges(&db, "CAN_START_SESSION"),
        vec![
            "arn:aws:iam::111111111111:user/notaction -> arn:aws:ec2:eu-west-1:111111111111:instance/i-managed",
            "arn:aws:iam::111111111111:user/passer -> arn:aws:ec2:eu-west-1:111111111111:instance/i-managed",
        ]
    );

    // Removing the Deny grants the read on the next run; removing the group's policy
    // removes its edges (stale ones are cleaned up).
    exec(
        &db,
        "MATCH (s:AWSPolicyStatement {sid: 'NoRead'}) DETACH DELETE s",
    );
    exec(&db, "MATCH (:AWSGroup)-[p:POLICY]->() DELETE p");
    analyse(&db, 11, &opts(&["iam", "s3", "ec2"], &[A, B]));
    let read = edges(&db, "CAN_READ");
    assert!(
        read.contains(&"arn:aws:iam::111111111111:user/denied -> arn:aws:s3:::data".to_string())
    );
    assert!(
        !read
            .iter()
            .any(|e| e.contains("readers") || e.contains("member")),
        "{read:?}"
    );
    assert_eq!(
        count(
            &db,
            "MATCH ()-[e:CAN_READ]->() WHERE e.lastupdated <> 11 RETURN count(e)"
        ),
        0
    );
}

#[test]
fn a_permission_relationships_file_replaces_the_defaults() {
    let db = Database::in_memory();
    iam_fixture(&db);
    let dir = std::env::temp_dir().join(format!("cartograph-analysis-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("rpr.yaml");
    let written = std::fs::File::create(&path).and_then(|mut f| {
        f.write_all(
            b"- target_label: AWSS3Bucket\n  permissions: ['s3:ListBucket']\n  relationship_name: CAN_LIST\n",
        )
    });
    assert!(written.is_ok(), "{written:?}");
    let mut options = opts(&["iam", "s3"], &[A, B]);
    options.permission_relationships_file = Some(path.clone());
    analyse(&db, 10, &options);
    assert!(count(&db, "MATCH ()-[e:CAN_LIST]->() RETURN count(e)") > 0);
    assert_eq!(count(&db, "MATCH ()-[e:CAN_READ]->() RETURN count(e)"), 0);

    std::fs::write(
        &path,
        "- target_label: 'X) DETACH DELETE (n'\n  permissions: [a]\n  relationship_name: R\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(
        run_aws_analysis(&db, 11, &options),
        Err(cartograph_analysis::AnalysisError::Relationships(
            RelationshipsError::Invalid { .. }
        ))
    ));
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------- foreign accounts, key pairs, instance profiles ----------

#[test]
fn foreign_accounts() {
    let db = Database::in_memory();
    exec(
        &db,
        "CREATE (:AWSAccount {id: '1', inscope: true, foreign: true})
         CREATE (:AWSAccount {id: '2', org_id: 'o-1'})
         CREATE (:AWSAccount {id: '3', foreign: true})
         CREATE (:AWSAccount {id: '4'})",
    );
    let summary = analyse(&db, 10, &opts(&["iam"], &["1"]));
    assert!(
        summary
            .job("aws_foreign_accounts")
            .is_some_and(|j| j.status == JobStatus::Ran)
    );
    assert_eq!(
        texts(
            &db,
            "MATCH (a:AWSAccount) RETURN a.id + ':' + toString(a.foreign) AS f ORDER BY f"
        ),
        vec!["1:false", "2:false", "3:true", "4:true"]
    );
}

#[test]
fn key_pairs() {
    let db = Database::in_memory();
    let md5 = "aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99";
    let sha1 = "aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd";
    assert_eq!((md5.len(), sha1.len()), (47, 59));
    exec(
        &db,
        &format!(
            "CREATE (:AWSAccount {{id: '1', inscope: true}})-[:RESOURCE]->(:AWSEC2KeyPair {{id: 'k1', keyfingerprint: '{md5}'}})
             CREATE (:AWSAccount {{id: '2', inscope: true}})-[:RESOURCE]->(:AWSEC2KeyPair {{id: 'k2', keyfingerprint: '{md5}'}})
             CREATE (:AWSEC2KeyPair {{id: 'k3', keyfingerprint: '{sha1}', duplicate_keyfingerprint: true}})"
        ),
    );
    analyse(&db, 10, &opts(&["ec2"], &["1", "2"]));
    assert_eq!(
        texts(
            &db,
            "MATCH (k:AWSEC2KeyPair) RETURN k.id + ':' + toString(coalesce(k.user_uploaded, false)) + ':' + toString(coalesce(k.duplicate_keyfingerprint, false)) AS k ORDER BY k"
        ),
        vec!["k1:true:true", "k2:true:true", "k3:false:false"]
    );
    assert_eq!(
        count(
            &db,
            "MATCH (:AWSEC2KeyPair)-[r:MATCHING_FINGERPRINT {lastupdated: 10}]-(:AWSEC2KeyPair) RETURN count(DISTINCT r)"
        ),
        1
    );
    exec(
        &db,
        "MATCH (k:AWSEC2KeyPair {id: 'k2'}) SET k.keyfingerprint = 'other'",
    );
    analyse(&db, 11, &opts(&["ec2"], &["1", "2"]));
    assert_eq!(
        count(&db, "MATCH ()-[r:MATCHING_FINGERPRINT]->() RETURN count(r)"),
        0
    );
    assert_eq!(
        count(
            &db,
            "MATCH (k:AWSEC2KeyPair {duplicate_keyfingerprint: true}) RETURN count(k)"
        ),
        0
    );
}

#[test]
fn instance_profiles() {
    let db = Database::in_memory();
    exec(
        &db,
        "CREATE (a:AWSAccount {id: '1', inscope: true})
         CREATE (a)-[:RESOURCE]->(r:AWSRole:AWSPrincipal {id: 'role', arn: 'arn:aws:iam::1:role/app'})
         CREATE (a)-[:RESOURCE]->(p:AWSInstanceProfile {id: 'profile'})-[:ASSOCIATED_WITH]->(r)
         CREATE (a)-[:RESOURCE]->(:AWSEC2Instance {id: 'i-with'})-[:INSTANCE_PROFILE]->(p)
         CREATE (a)-[:RESOURCE]->(:AWSEC2Instance {id: 'i-without'})",
    );
    let synced_both = opts(&["iam", "ec2"], &["1"]);
    analyse(&db, 10, &synced_both);
    assert_eq!(
        texts(
            &db,
            "MATCH (i:AWSEC2Instance)-[:STS_ASSUMEROLE_ALLOW]->(:AWSRole) RETURN i.id"
        ),
        vec!["i-with"]
    );
    exec(&db, "MATCH ()-[l:INSTANCE_PROFILE]->() DELETE l");
    analyse(&db, 11, &synced_both);
    assert_eq!(
        count(&db, "MATCH ()-[s:STS_ASSUMEROLE_ALLOW]->() RETURN count(s)"),
        0
    );
    // Only EC2 synced: the job needs both.
    let summary = analyse(&db, 12, &opts(&["ec2"], &["1"]));
    assert!(
        summary
            .job("aws_ec2_iaminstanceprofile")
            .is_some_and(|j| j.status == JobStatus::Skipped && j.message.contains("iam + ec2"))
    );
}

/// `<instance id> <exposure types>` of the exposed instances.
fn exposure_types(db: &Database) -> Vec<String> {
    rows(
        db,
        "MATCH (i:AWSEC2Instance {exposed_internet: true}) RETURN i.id, i.exposed_internet_type ORDER BY i.id",
    )
    .iter()
    .map(|r| format!("{} {:?}", r[0].as_str().unwrap_or_default(), list(r.get(1))))
    .collect()
}

#[test]
fn load_balancers_expose_their_targets() {
    let db = Database::in_memory();
    exec(
        &db,
        "CREATE (a:AWSAccount {id: '111111111111', inscope: true})
         CREATE (web:AWSEC2SecurityGroup {id: 'sg-web'})
         CREATE (:AWSIpRange {id: '0.0.0.0/0'})-[:MEMBER_OF_IP_RULE]->(:AWSIpPermissionInbound {id: 'sg-web/inbound/443443tcp', protocol: 'tcp', fromport: 443, toport: 443})-[:MEMBER_OF_EC2_SECURITY_GROUP]->(web)
         CREATE (a)-[:RESOURCE]->(nlb:AWSLoadBalancerV2 {id: 'nlb', scheme: 'internet-facing', type: 'network'})-[:ELBV2_LISTENER]->(:AWSELBV2Listener {id: 'nlb-l', port: 22})
         CREATE (a)-[:RESOURCE]->(internal:AWSLoadBalancerV2 {id: 'internal-nlb', scheme: 'internal', type: 'network'})-[:ELBV2_LISTENER]->(:AWSELBV2Listener {id: 'int-l', port: 22})
         CREATE (a)-[:RESOURCE]->(alb:AWSLoadBalancerV2 {id: 'alb', scheme: 'internet-facing', type: 'application'})-[:ELBV2_LISTENER]->(:AWSELBV2Listener {id: 'alb-l', port: 443})
         CREATE (alb)-[:MEMBER_OF_EC2_SECURITY_GROUP]->(web)
         CREATE (a)-[:RESOURCE]->(odd:AWSLoadBalancerV2 {id: 'alb-8080', scheme: 'internet-facing', type: 'application'})-[:ELBV2_LISTENER]->(:AWSELBV2Listener {id: 'odd-l', port: 8080})
         CREATE (odd)-[:MEMBER_OF_EC2_SECURITY_GROUP]->(web)
         CREATE (a)-[:RESOURCE]->(elb:AWSLoadBalancer {id: 'classic', scheme: 'internet-facing'})-[:ELB_LISTENER]->(:AWSELBListener {id: 'classic-l', port: 443})
         CREATE (elb)-[:SOURCE_SECURITY_GROUP]->(web)
         CREATE (a)-[:RESOURCE]->(i1:AWSEC2Instance {id: 'i-nlb'})
         CREATE (a)-[:RESOURCE]->(i2:AWSEC2Instance {id: 'i-alb', publicipaddress: '203.0.113.9'})-[:MEMBER_OF_EC2_SECURITY_GROUP]->(web)
         CREATE (a)-[:RESOURCE]->(i3:AWSEC2Instance {id: 'i-internal'})
         CREATE (a)-[:RESOURCE]->(i4:AWSEC2Instance {id: 'i-8080'})
         CREATE (a)-[:RESOURCE]->(i5:AWSEC2Instance {id: 'i-classic'})
         CREATE (nlb)-[:EXPOSE]->(i1) CREATE (alb)-[:EXPOSE]->(i2) CREATE (internal)-[:EXPOSE]->(i3)
         CREATE (odd)-[:EXPOSE]->(i4) CREATE (elb)-[:EXPOSE]->(i5)",
    );
    let all = opts(&["ec2", "ec2:load_balancer", "ec2:load_balancer_v2"], &[A]);
    analyse(&db, 10, &all);
    assert_eq!(
        texts(
            &db,
            "MATCH (lb {exposed_internet: true}) WHERE lb:AWSLoadBalancer OR lb:AWSLoadBalancerV2 RETURN lb.id ORDER BY lb.id"
        ),
        vec!["alb", "classic", "nlb"]
    );
    assert_eq!(
        exposure_types(&db),
        vec![
            r#"i-alb ["direct", "elbv2"]"#,
            r#"i-classic ["elb"]"#,
            r#"i-nlb ["elbv2"]"#
        ]
    );
    // Without the load balancer syncs, only direct exposure is derived.
    let summary = analyse(&db, 11, &opts(&["ec2"], &[A]));
    assert!(summary.job("aws_ec2_asset_exposure").is_some_and(|j| {
        j.message
            .contains("not synced: ec2:load_balancer, ec2:load_balancer_v2")
    }));
    assert_eq!(exposure_types(&db), vec![r#"i-alb ["direct"]"#]);
}

/// Instances behind internet-facing v2 load balancers are reachable through the listeners
/// whose traffic the load balancer's subnets route from an internet gateway and let in
/// through their ACLs; classic load balancers are not evaluated.
#[test]
fn load_balancer_reachability_follows_their_subnets() {
    let db = Database::in_memory();
    network_fixture(&db);
    exec(
        &db,
        "MATCH (a:AWSAccount {id: '111111111111'}), (pub:AWSEC2Subnet {id: 'subnet-pub'}),
               (acl:AWSEC2Subnet {id: 'subnet-acl'}), (prv:AWSEC2Subnet {id: 'subnet-prv'})
         CREATE (web:AWSEC2SecurityGroup {id: 'sg-lb'})
         CREATE (:AWSIpRange {id: '0.0.0.0/0'})-[:MEMBER_OF_IP_RULE]->(:AWSIpPermissionInbound {id: 'sg-lb/inbound/443443tcp', protocol: 'tcp', fromport: 443, toport: 443})-[:MEMBER_OF_EC2_SECURITY_GROUP]->(web)
         CREATE (a)-[:RESOURCE]->(nlb:AWSLoadBalancerV2 {id: 'nlb-pub', scheme: 'internet-facing', type: 'network'})-[:SUBNET]->(pub)
         CREATE (nlb)-[:ELBV2_LISTENER]->(:AWSELBV2Listener {id: 'nlb-pub-22', port: 22, protocol: 'TCP'})
         CREATE (nlb)-[:ELBV2_LISTENER]->(:AWSELBV2Listener {id: 'nlb-pub-53', port: 53, protocol: 'UDP'})
         CREATE (a)-[:RESOURCE]->(denied:AWSLoadBalancerV2 {id: 'nlb-acl', scheme: 'internet-facing', type: 'network'})-[:SUBNET]->(acl)
         CREATE (denied)-[:ELBV2_LISTENER]->(:AWSELBV2Listener {id: 'nlb-acl-22', port: 22, protocol: 'TCP'})
         CREATE (a)-[:RESOURCE]->(alb:AWSLoadBalancerV2 {id: 'alb-acl', scheme: 'internet-facing', type: 'application'})-[:SUBNET]->(acl)
         CREATE (alb)-[:MEMBER_OF_EC2_SECURITY_GROUP]->(web)
         CREATE (alb)-[:ELBV2_LISTENER]->(:AWSELBV2Listener {id: 'alb-acl-443', port: 443, protocol: 'HTTPS'})
         CREATE (alb)-[:ELBV2_LISTENER]->(:AWSELBV2Listener {id: 'alb-acl-8080', port: 8080, protocol: 'HTTP'})
         CREATE (a)-[:RESOURCE]->(hidden:AWSLoadBalancerV2 {id: 'alb-private', scheme: 'internet-facing', type: 'application'})-[:SUBNET]->(prv)
         CREATE (hidden)-[:MEMBER_OF_EC2_SECURITY_GROUP]->(web)
         CREATE (hidden)-[:ELBV2_LISTENER]->(:AWSELBV2Listener {id: 'alb-private-443', port: 443, protocol: 'HTTPS'})
         CREATE (a)-[:RESOURCE]->(elb:AWSLoadBalancer {id: 'classic', scheme: 'internet-facing'})-[:ELB_LISTENER]->(:AWSELBListener {id: 'classic-l', port: 443})
         CREATE (elb)-[:SOURCE_SECURITY_GROUP]->(web)
         CREATE (a)-[:RESOURCE]->(i1:AWSEC2Instance {id: 'i-nlb'})
         CREATE (a)-[:RESOURCE]->(i2:AWSEC2Instance {id: 'i-nlb-denied'})
         CREATE (a)-[:RESOURCE]->(i3:AWSEC2Instance {id: 'i-alb'})
         CREATE (a)-[:RESOURCE]->(i4:AWSEC2Instance {id: 'i-alb-no-route'})
         CREATE (a)-[:RESOURCE]->(i5:AWSEC2Instance {id: 'i-classic'})
         CREATE (nlb)-[:EXPOSE]->(i1) CREATE (denied)-[:EXPOSE]->(i2) CREATE (alb)-[:EXPOSE]->(i3)
         CREATE (hidden)-[:EXPOSE]->(i4) CREATE (elb)-[:EXPOSE]->(i5)",
    );
    exec(
        &db,
        "MATCH (alb:AWSLoadBalancerV2 {id: 'alb-acl'}), (i:AWSEC2Instance {id: 'i-acl'}) CREATE (alb)-[:EXPOSE]->(i)",
    );
    let all = opts(&["ec2", "ec2:load_balancer", "ec2:load_balancer_v2"], &[A]);
    let summary = analyse(&db, 10, &all);
    let reach: Vec<String> = rows(
        &db,
        "MATCH (:AWSAccount)-[:RESOURCE]->(i:AWSEC2Instance) WHERE i.exposed_internet = true
         RETURN i.id, i.exposed_internet_reachable, i.exposed_internet_reachable_ports ORDER BY i.id",
    )
    .iter()
    .map(|r| format!("{} {} {:?}", r[0].as_str().unwrap_or_default(), r[1], list(r.get(2))))
    .collect();
    assert_eq!(
        reach,
        vec![
            // Directly its ACL denies SSH; through the ALB in the same subnet, HTTPS passes.
            r#"i-acl true ["elbv2:tcp/443"]"#,
            r#"i-alb true ["elbv2:tcp/443"]"#,
            r#"i-alb-no-route false []"#,
            r#"i-classic null []"#,
            r#"i-eni true ["tcp/22"]"#,
            r#"i-nlb true ["elbv2:tcp/22", "elbv2:udp/53"]"#,
            r#"i-nlb-denied false []"#,
            r#"i-private-subnet false []"#,
            r#"i-web true ["tcp/22"]"#,
        ]
    );
    assert!(
        summary
            .job("aws_ec2_internet_reachability")
            .is_some_and(|j| j.message.starts_with("5 of 8")),
        "{summary}"
    );
}

#[test]
fn lambda_functions_link_to_their_images() {
    let db = Database::in_memory();
    exec(
        &db,
        "CREATE (a:AWSAccount {id: '1', inscope: true})
         CREATE (r:AWSAccount {id: '2', inscope: true})
         CREATE (a)-[:RESOURCE]->(:AWSLambda {id: 'fn-image', codesha256: 'abc'})
         CREATE (a)-[:RESOURCE]->(:AWSLambda {id: 'fn-zip', codesha256: 'zzz'})
         CREATE (r)-[:RESOURCE]->(:AWSECRImage {id: 'img', digest: 'sha256:abc'})",
    );
    let both = opts(&["lambda_function", "ecr"], &["1", "2"]);
    analyse(&db, 10, &both);
    assert_eq!(
        texts(
            &db,
            "MATCH (l:AWSLambda)-[:HAS]->(:AWSECRImage) RETURN l.id"
        ),
        vec!["fn-image"]
    );
    exec(&db, "MATCH (e:AWSECRImage) SET e.digest = 'sha256:def'");
    analyse(&db, 11, &both);
    assert_eq!(count(&db, "MATCH ()-[r:HAS]->() RETURN count(r)"), 0);
    let summary = analyse(&db, 12, &opts(&["lambda_function"], &["1"]));
    assert!(
        summary
            .job("aws_lambda_ecr")
            .is_some_and(|j| j.status == JobStatus::Skipped)
    );
}

/// ECS containers behind an exposed NLB (through their task's interface's private IP) and
/// with a public IP in an open group are exposed; one behind an internal NLB is not. The
/// NLB also `EXPOSE`s the container directly. Public EKS endpoints are exposed. Network
/// ACLs `PROTECTS` the v2 load balancers in their subnets. All of it is undone when the
/// inputs change.
#[test]
fn workloads_behind_load_balancers_and_acls_of_their_subnets() {
    let db = Database::in_memory();
    exec(
        &db,
        "CREATE (a:AWSAccount {id: '111111111111', inscope: true})
         CREATE (open:AWSEC2SecurityGroup {id: 'sg-open'})
         CREATE (:AWSIpRange {id: '::/0'})-[:MEMBER_OF_IP_RULE]->(:AWSIpPermissionInbound {id: 'sg-open/inbound/8080', protocol: 'tcp', fromport: 8080, toport: 8080})-[:MEMBER_OF_EC2_SECURITY_GROUP]->(open)
         CREATE (sub:AWSEC2Subnet {id: 'subnet-1'}) CREATE (bare:AWSEC2Subnet {id: 'subnet-2'})
         CREATE (:AWSEC2NetworkAcl {id: 'acl-1'})-[:PART_OF_SUBNET]->(sub)
         CREATE (a)-[:RESOURCE]->(nlb:AWSLoadBalancerV2 {id: 'nlb', scheme: 'internet-facing', type: 'network'})-[:ELBV2_LISTENER]->(:AWSELBV2Listener {id: 'nlb-l', port: 80})
         CREATE (nlb)-[:SUBNET]->(sub)
         CREATE (a)-[:RESOURCE]->(internal:AWSLoadBalancerV2 {id: 'internal', scheme: 'internal', type: 'network'})-[:ELBV2_LISTENER]->(:AWSELBV2Listener {id: 'int-l', port: 80})
         CREATE (internal)-[:SUBNET]->(bare)
         CREATE (a)-[:RESOURCE]->(t1:AWSECSTask {id: 'task-lb'})-[:NETWORK_INTERFACE]->(n1:AWSNetworkInterface {id: 'eni-lb'})-[:PRIVATE_IP_ADDRESS]->(ip1:AWSEC2PrivateIp {id: 'eni-lb:10.0.0.1'})
         CREATE (a)-[:RESOURCE]->(t1)-[:HAS_CONTAINER]->(:AWSECSContainer {id: 'c-lb'})<-[:RESOURCE]-(a)
         CREATE (nlb)-[:EXPOSE]->(ip1)
         CREATE (a)-[:RESOURCE]->(t2:AWSECSTask {id: 'task-public'})-[:NETWORK_INTERFACE]->(n2:AWSNetworkInterface {id: 'eni-public', public_ip: '198.51.100.7'})-[:MEMBER_OF_EC2_SECURITY_GROUP]->(open)
         CREATE (t2)-[:HAS_CONTAINER]->(:AWSECSContainer {id: 'c-public'})<-[:RESOURCE]-(a)
         CREATE (a)-[:RESOURCE]->(t3:AWSECSTask {id: 'task-internal'})-[:NETWORK_INTERFACE]->(:AWSNetworkInterface {id: 'eni-int'})-[:PRIVATE_IP_ADDRESS]->(ip3:AWSEC2PrivateIp {id: 'eni-int:10.0.0.3'})
         CREATE (t3)-[:HAS_CONTAINER]->(:AWSECSContainer {id: 'c-internal'})<-[:RESOURCE]-(a)
         CREATE (internal)-[:EXPOSE]->(ip3)
         CREATE (a)-[:RESOURCE]->(:AWSEKSCluster {id: 'eks-public', endpoint_public_access: true})
         CREATE (a)-[:RESOURCE]->(:AWSEKSCluster {id: 'eks-private', endpoint_public_access: false})",
    );
    let services = ["ec2", "ec2:load_balancer_v2", "ecs", "eks"];
    let containers = |db: &Database| -> Vec<String> {
        rows(
            db,
            "MATCH (c:AWSECSContainer {exposed_internet: true}) RETURN c.id, c.exposed_internet_type ORDER BY c.id",
        )
        .iter()
        .map(|r| format!("{} {:?}", r[0].as_str().unwrap_or_default(), list(r.get(1))))
        .collect()
    };
    let lb_links = "MATCH (lb:AWSLoadBalancerV2)-[r:EXPOSE]->(c:AWSECSContainer) RETURN lb.id + ' ' + c.id + ' ' + r.exposure_type";
    analyse(&db, 10, &opts(&services, &[A]));
    assert_eq!(
        containers(&db),
        vec![r#"c-lb ["elbv2"]"#, r#"c-public ["direct"]"#]
    );
    assert_eq!(texts(&db, lb_links), vec!["nlb c-lb via_lb_only"]);
    assert_eq!(
        texts(
            &db,
            "MATCH (c:AWSEKSCluster {exposed_internet: true}) RETURN c.id"
        ),
        vec!["eks-public"]
    );
    assert_eq!(
        texts(
            &db,
            "MATCH (acl:AWSEC2NetworkAcl)-[:PROTECTS]->(lb:AWSLoadBalancerV2) RETURN acl.id + ' ' + lb.id"
        ),
        vec!["acl-1 nlb"]
    );

    // The NLB loses its listener (no longer exposed), the open rule goes, the endpoint
    // turns private and the load balancer leaves the subnet.
    exec(
        &db,
        "MATCH (:AWSLoadBalancerV2 {id: 'nlb'})-[r:ELBV2_LISTENER|SUBNET]->() DELETE r",
    );
    exec(&db, "MATCH (p:AWSIpPermissionInbound) DETACH DELETE p");
    exec(
        &db,
        "MATCH (c:AWSEKSCluster {id: 'eks-public'}) SET c.endpoint_public_access = false",
    );
    analyse(&db, 11, &opts(&services, &[A]));
    assert!(containers(&db).is_empty());
    assert!(texts(&db, lb_links).is_empty());
    assert_eq!(
        count(
            &db,
            "MATCH (c:AWSEKSCluster) WHERE c.exposed_internet IS NOT NULL RETURN count(c)"
        ),
        0
    );
    assert_eq!(count(&db, "MATCH ()-[r:PROTECTS]->() RETURN count(r)"), 0);

    // Without the ECS sync the container job is skipped and says why.
    let summary = analyse(&db, 12, &opts(&["ec2"], &[A]));
    assert!(
        summary
            .job("aws_ecs_asset_exposure")
            .is_some_and(|j| j.status == JobStatus::Skipped)
    );
}
