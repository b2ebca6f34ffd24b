//! The analysis over the demo estate, loaded through the real AWS loader.

mod support;

use cartograph_analysis::{JobStatus, Options, Synced, bucket_policy_id};
use cartograph_aws::demo::load_demo;
use cartograph_graph::Database;
use support::{analyse, count, exec, list, rows, texts};

const MANAGEMENT: &str = "210987654321";

fn demo(tag: i64) -> (Database, Options) {
    let db = Database::in_memory();
    let run = load_demo(&db, tag).unwrap_or_else(|e| panic!("{e}"));
    let opts = Options {
        synced: Synced::from_summary(&run),
        permission_relationships_file: None,
    };
    (db, opts)
}

#[test]
fn every_job_runs_on_the_demo() {
    let (db, opts) = demo(100);
    let summary = analyse(&db, 100, &opts);
    let ran: Vec<&str> = summary
        .jobs
        .iter()
        .filter(|j| j.status == JobStatus::Ran)
        .map(|j| j.name.as_str())
        .collect();
    assert_eq!(
        ran,
        vec![
            "aws_foreign_accounts",
            "aws_ec2_iaminstanceprofile",
            "aws_ec2_keypair_analysis",
            "aws_ec2_asset_exposure",
            "aws_ec2_internet_reachability",
            "aws_ecs_asset_exposure",
            "aws_eks_asset_exposure",
            "aws_lb_nacl_direct",
            "aws_lambda_ecr",
            "aws_permission_relationships"
        ],
        "{summary}"
    );
    assert_eq!(
        summary
            .job("aws_ec2_asset_exposure")
            .map(|j| j.accounts.len()),
        Some(3)
    );

    // Exposure: directly, exactly the instances with a public IP behind a group open to
    // anywhere; without a public IP, exactly those behind the internet-facing load
    // balancers open to anywhere (the shop's ALB, the ingest NLB, the legacy classic ELB).
    let exposed = count(
        &db,
        "MATCH (i:AWSEC2Instance {exposed_internet: true}) WHERE 'direct' IN i.exposed_internet_type RETURN count(i)",
    );
    assert_eq!(exposed, 24);
    assert_eq!(
        count(
            &db,
            "MATCH (i:AWSEC2Instance {exposed_internet: true}) WHERE 'direct' IN i.exposed_internet_type AND i.publicipaddress IS NULL RETURN count(i)"
        ),
        0
    );
    let through_lbs = rows(
        &db,
        "MATCH (lb)-[:EXPOSE]->(i:AWSEC2Instance {exposed_internet: true}) WHERE NOT 'direct' IN i.exposed_internet_type
         RETURN lb.name, i.id, i.exposed_internet_type ORDER BY lb.name, i.id",
    );
    let through_lbs: Vec<String> = through_lbs
        .iter()
        .map(|r| {
            format!(
                "{} {} {:?}",
                r[0].as_str().unwrap_or_default(),
                r[1].as_str().unwrap_or_default(),
                list(r.get(2))
            )
        })
        .collect();
    assert_eq!(
        through_lbs,
        vec![
            r#"legacy-web i-6b3ae2de907bf4c9d ["elb"]"#,
            r#"shop-web i-31cc997dc41eebf33 ["elbv2"]"#,
            r#"shop-web i-3eb4b3a58df6638ce ["elbv2"]"#,
        ]
    );
    assert_eq!(
        texts(
            &db,
            "MATCH (:AWSLoadBalancerV2 {name: 'ingest'})-[:EXPOSE]->(i:AWSEC2Instance) RETURN i.exposed_internet_type"
        ),
        vec!["['direct', 'elbv2']"]
    );
    assert_eq!(
        count(
            &db,
            "MATCH (i:AWSEC2Instance) WHERE i.publicipaddress IS NOT NULL AND i.exposed_internet IS NULL
             AND EXISTS { (r:AWSIpRange {id: '0.0.0.0/0'})-[:MEMBER_OF_IP_RULE]->(:AWSIpPermissionInbound)-[:MEMBER_OF_EC2_SECURITY_GROUP]->()<-[:MEMBER_OF_EC2_SECURITY_GROUP]-(i) }
             RETURN count(i)"
        ),
        0
    );
    // Behind a closed group: a public IP alone is not exposure.
    assert!(
        count(
            &db,
            "MATCH (i:AWSEC2Instance) WHERE i.publicipaddress IS NOT NULL AND i.exposed_internet IS NULL RETURN count(i)"
        ) > 0
    );
    // The stricter view is decided for every exposed instance but the one behind a classic
    // load balancer only (its subnets are unknown), and only for exposed ones. The demo's
    // public subnets route to their gateways, and the default network ACLs let everything
    // in; two of production's subnets have ACLs of their own.
    assert_eq!(
        texts(
            &db,
            "MATCH (i:AWSEC2Instance {exposed_internet: true}) WHERE i.exposed_internet_reachable IS NULL RETURN i.id"
        ),
        vec!["i-6b3ae2de907bf4c9d"]
    );
    let reachability = summary
        .job("aws_ec2_internet_reachability")
        .map(|j| j.message.clone());
    assert_eq!(
        reachability.as_deref(),
        Some(
            "25 of 26 directly or v2 load balancer exposed instances reachable; 16 subnets with ACL rules, 12 route tables with routes"
        ),
        "{summary}"
    );
    // eu-west-1's ACL denies SSH from anywhere: its worker, open on SSH only, is exposed but
    // unreachable; the web instances beside it keep HTTP and HTTPS. us-east-1's denies HTTPS:
    // the web instance in it keeps HTTP only, and the shop-web load balancer, which has it as
    // one of its two subnets, still lets HTTPS in through the other (below).
    let behind_own_acls: Vec<String> = rows(
        &db,
        "MATCH (:AWSEC2NetworkAcl {is_default: false})-[:PART_OF_SUBNET]->(:AWSEC2Subnet)<-[:PART_OF_SUBNET]-(i:AWSEC2Instance {exposed_internet: true})
         RETURN i.id, i.exposed_internet_reachable, i.exposed_internet_reachable_ports ORDER BY i.id",
    )
    .iter()
    .map(|r| {
        format!(
            "{} {} {:?}",
            r[0].as_str().unwrap_or_default(),
            r[1],
            list(r.get(2))
        )
    })
    .collect();
    assert_eq!(
        behind_own_acls,
        vec![
            r#"i-23ef7b05f352e2c23 true ["tcp/443", "tcp/80"]"#,
            r#"i-4fd598778e8775149 true ["tcp/80"]"#,
            r#"i-c1af2f5b61583ddb0 true ["tcp/443", "tcp/80"]"#,
            r#"i-f346a17f5c178cc67 false []"#,
        ]
    );
    assert_eq!(
        texts(
            &db,
            "MATCH (i:AWSEC2Instance {exposed_internet_reachable: false}) RETURN i.id"
        ),
        vec!["i-f346a17f5c178cc67"]
    );
    let through_listeners: Vec<String> = rows(
        &db,
        "MATCH (i:AWSEC2Instance) WHERE any(p IN i.exposed_internet_reachable_ports WHERE p STARTS WITH 'elbv2:')
         RETURN i.id, i.exposed_internet_reachable_ports ORDER BY i.id",
    )
    .iter()
    .map(|r| format!("{} {:?}", r[0].as_str().unwrap_or_default(), list(r.get(1))))
    .collect();
    assert_eq!(
        through_listeners,
        vec![
            r#"i-31cc997dc41eebf33 ["elbv2:tcp/443", "elbv2:tcp/80"]"#,
            r#"i-371b0e8528e2bbd1d ["elbv2:tcp/9000", "tcp/22"]"#,
            r#"i-3eb4b3a58df6638ce ["elbv2:tcp/443", "elbv2:tcp/80"]"#,
        ]
    );
    assert_eq!(
        count(
            &db,
            "MATCH (i:AWSEC2Instance) WHERE i.exposed_internet IS NULL AND i.exposed_internet_reachable IS NOT NULL RETURN count(i)"
        ),
        0
    );

    // Foreign accounts: the vendor account named by trust policies only.
    assert_eq!(
        texts(
            &db,
            "MATCH (a:AWSAccount {foreign: true}) RETURN a.id ORDER BY a.id"
        ),
        vec!["999988887777"]
    );
    assert_eq!(
        count(&db, "MATCH (a:AWSAccount {foreign: false}) RETURN count(a)"),
        3
    );

    // Instance profiles.
    assert_eq!(
        count(
            &db,
            "MATCH (i:AWSEC2Instance)-[:STS_ASSUMEROLE_ALLOW]->(:AWSRole) RETURN count(*)"
        ),
        count(
            &db,
            "MATCH (i:AWSEC2Instance)-[:INSTANCE_PROFILE]->(:AWSInstanceProfile)-[:ASSOCIATED_WITH]->(r:AWSRole) WITH DISTINCT i, r RETURN count(*)"
        )
    );
}

#[test]
fn permission_relationships_on_the_demo() {
    let (db, opts) = demo(100);
    analyse(&db, 100, &opts);

    // The vendor's account reads the backup buckets through their bucket policies; its own
    // policies are unknown, and the Deny on insecure transport makes the grant conditional.
    let vendor = rows(
        &db,
        "MATCH (p:AWSPrincipal {arn: 'arn:aws:iam::999988887777:root'})-[e:CAN_READ]->(b:AWSS3Bucket)
         RETURN b.arn, e.identity_evaluated, e.has_condition, e.condition_keys, e.granted_by ORDER BY b.arn",
    );
    let buckets: Vec<String> = vendor
        .iter()
        .filter_map(|r| r[0].as_str().map(str::to_string))
        .collect();
    assert_eq!(
        buckets,
        vec![
            "arn:aws:s3:::acme-management-backups",
            "arn:aws:s3:::acme-production-backups",
            "arn:aws:s3:::acme-staging-backups"
        ]
    );
    for r in &vendor {
        assert_eq!(r[1].to_string(), "false");
        assert_eq!(r[2].to_string(), "true");
        assert_eq!(list(r.get(3)), vec!["aws:SecureTransport"]);
        assert_eq!(
            list(r.get(4)),
            vec![bucket_policy_id(r[0].as_str().unwrap_or_default())]
        );
    }
    assert_eq!(
        count(
            &db,
            "MATCH (:AWSPrincipal {arn: 'arn:aws:iam::999988887777:root'})-[e:CAN_WRITE]->() RETURN count(e)"
        ),
        0
    );

    // Developers read through their group: an edge from each member and from the group.
    // (A bucket without a policy: the identity policy alone grants.)
    let carol = format!("arn:aws:iam::{MANAGEMENT}:user/carol");
    let group = format!("arn:aws:iam::{MANAGEMENT}:group/developers");
    for arn in [&carol, &group] {
        let r = rows(
            &db,
            &format!(
                "MATCH (:AWSPrincipal {{arn: '{arn}'}})-[e:CAN_READ]->(b:AWSS3Bucket {{name: 'acme-management-logs'}})
                 RETURN e.granted_by, e.has_condition, e.lastupdated"
            ),
        );
        assert_eq!(r.len(), 1, "{arn}");
        assert_eq!(
            list(r[0].first()),
            vec!["arn:aws:iam::aws:policy/ReadOnlyAccess"]
        );
        assert_eq!(r[0][1].to_string(), "false");
        assert_eq!(r[0][2].to_string(), "100");
    }
    // Read-only developers cannot write; administrators can.
    assert_eq!(
        count(
            &db,
            &format!("MATCH (:AWSPrincipal {{arn: '{group}'}})-[e:CAN_WRITE]->() RETURN count(e)")
        ),
        0
    );
    assert!(
        count(
            &db,
            &format!(
                "MATCH (:AWSGroup {{arn: 'arn:aws:iam::{MANAGEMENT}:group/admins'}})-[e:CAN_WRITE]->(:AWSS3Bucket) RETURN count(e)"
            )
        ) > 0
    );
    // Across accounts, a grant needs the bucket policy too (here the public buckets').
    let cross = "MATCH (a1:AWSAccount)-[:RESOURCE]->(p:AWSPrincipal)-[e:CAN_READ]->(b:AWSS3Bucket)<-[:RESOURCE]-(a2:AWSAccount)
             WHERE a1 <> a2 AND e.identity_evaluated = true";
    assert_eq!(
        count(
            &db,
            &format!(
                "{cross} AND NOT any(g IN e.granted_by WHERE g ENDS WITH '#bucket-policy') RETURN count(e)"
            )
        ),
        0
    );
    assert_eq!(
        texts(&db, &format!("{cross} RETURN DISTINCT b.anonymous_access")),
        vec!["true"]
    );
    // A public bucket policy grants too, and is reported beside the identity policy.
    let public = rows(
        &db,
        &format!(
            "MATCH (:AWSPrincipal {{arn: '{carol}'}})-[e:CAN_READ]->(:AWSS3Bucket {{name: 'acme-public-assets'}}) RETURN e.granted_by"
        ),
    );
    assert_eq!(
        list(public.first().and_then(|r| r.first())),
        vec![
            "arn:aws:iam::aws:policy/ReadOnlyAccess".to_string(),
            bucket_policy_id("arn:aws:s3:::acme-public-assets")
        ]
    );
    // Admin roles may pass roles.
    assert!(
        count(
            &db,
            "MATCH ()-[e:CAN_PASS_ROLE]->(:AWSRole) RETURN count(e)"
        ) > 0
    );
}

#[test]
fn rerunning_is_stable_and_removes_stale_results() {
    let (db, opts) = demo(100);
    analyse(&db, 100, &opts);
    let edges = |db: &Database| {
        count(
            db,
            "MATCH ()-[e]->() WHERE type(e) IN ['CAN_READ', 'CAN_WRITE', 'CAN_PASS_ROLE', 'STS_ASSUMEROLE_ALLOW'] RETURN count(e)",
        )
    };
    let before = edges(&db);
    let exposed = count(
        &db,
        "MATCH (i:AWSEC2Instance {exposed_internet: true}) RETURN count(i)",
    );
    // A stale edge and a stale property from an earlier analysis.
    exec(
        &db,
        "MATCH (u:AWSUser {arn: 'arn:aws:iam::210987654321:user/carol'}), (b:AWSS3Bucket {name: 'acme-management-backups'})
         CREATE (u)-[:CAN_WRITE {lastupdated: 1}]->(b)",
    );
    exec(
        &db,
        "MATCH (i:AWSEC2Instance) WHERE i.publicipaddress IS NULL WITH i LIMIT 1
         SET i.exposed_internet = true, i.exposed_internet_type = ['direct']",
    );
    load_demo(&db, 200).unwrap_or_else(|e| panic!("{e}"));
    analyse(&db, 200, &opts);
    assert_eq!(edges(&db), before);
    assert_eq!(
        count(
            &db,
            "MATCH (i:AWSEC2Instance {exposed_internet: true}) RETURN count(i)"
        ),
        exposed
    );
    assert_eq!(
        count(
            &db,
            "MATCH ()-[e:CAN_READ]->() WHERE e.lastupdated <> 200 RETURN count(e)"
        ),
        0
    );
}

#[test]
fn jobs_are_skipped_when_their_inputs_did_not_sync() {
    let (db, _) = demo(100);
    let opts = Options {
        synced: support::synced(&["iam"], &[MANAGEMENT]),
        permission_relationships_file: None,
    };
    let summary = analyse(&db, 100, &opts);
    for name in [
        "aws_ec2_iaminstanceprofile",
        "aws_ec2_keypair_analysis",
        "aws_ec2_asset_exposure",
        "aws_ec2_internet_reachability",
    ] {
        let job = summary.job(name);
        assert!(
            job.is_some_and(|j| j.status == JobStatus::Skipped && !j.message.is_empty()),
            "{name}: {job:?}"
        );
    }
    let permissions = summary.job("aws_permission_relationships");
    assert!(
        permissions.is_some_and(|j| j.status == JobStatus::Ran
            && j.message.contains("AWSS3Bucket:CAN_READ")
            && j.message.contains("skipped")),
        "{permissions:?}"
    );
    assert_eq!(
        count(&db, "MATCH ()-[e:CAN_READ]->() RETURN count(e)"),
        0,
        "S3 did not sync: no bucket edges"
    );
    assert_eq!(
        count(
            &db,
            "MATCH (i:AWSEC2Instance) WHERE i.exposed_internet IS NOT NULL RETURN count(i)"
        ),
        0
    );
    let nothing = Options::default();
    let summary = analyse(&db, 100, &nothing);
    assert!(
        summary.jobs.iter().all(|j| j.status == JobStatus::Skipped),
        "{summary}"
    );
}
